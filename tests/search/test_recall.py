"""Recall: in a generated multilingual case whose every word is known, every word of every
document is found by a one-word query — as written, folded (no accents, other case), by its
base form when the text inflects it, and bare when Hebrew or Arabic glue a proclitic to it.

"No hit" has to mean "not there": this test fails on the first word any script, language or
form loses, and names it.
"""

from __future__ import annotations

import random

import pytest

from nutgraf import search
from nutgraf.fold import fold
from nutgraf.search import stemming
from tests.search.generated import Doc, build_case

# Words of each language, as a text would write them (accents, capitals, inflections).
WORDS = {
    "en": "transfer payment account director harbour shipment contract offshore ledger board",
    "fr": "société versement défense côtière compte hélène réunion paiement député trésorerie",
    "de": "Überweisung Vorstand Straße Gesellschaft Zahlung Prüfung Bürgschaft Hafen Vertrag",
    "es": "compañía transferencia año pago cuenta director acuerdo señal puerto contraseña",
    "ru": "платёж компания директор счёт договор перевод банк порт поставка",
    "el": "πληρωμή εταιρεία λογαριασμός σύμβαση τράπεζα λιμάνι διευθυντής",
    "ar": "شركة فوسفور تحويل حساب مدير ميناء عقد بنك شحنة مجلس",
    "he": "לוגיסטיקה חשבון חברה העברה מנהל נמל חוזה בנק משלוח דירקטוריון",
    "zh": "北京 公司 银行 转账 合同 董事 港口 货物 上海 账户",
    "ja": "東京 会社 銀行 契約 振込 取締役 港湾 カタカナ ひらがな 口座",
    "th": "บริษัท ธนาคาร สัญญา บัญชี ท่าเรือ กรรมการ",
    "ko": "서울 회사 은행 계약 계좌 항구",
}
# (base form a reporter types, the inflected form the text holds): stemming must join them
INFLECTED = {
    "en": [("transfer", "transferred"), ("payment", "payments"), ("director", "directors")],
    "fr": [("versement", "versements"), ("société", "sociétés"), ("réunion", "réunions")],
    "de": [("Zahlung", "Zahlungen"), ("Vertrag", "Verträge"), ("Prüfung", "Prüfungen")],
    "es": [("pago", "pagos"), ("cuenta", "cuentas"), ("acuerdo", "acuerdos")],
    "ru": [("компания", "компании"), ("договор", "договора"), ("банк", "банка")],
}
PROCLITICS = {
    "he": ["ו", "ה", "ב", "ל", "מ", "ש", "כ", "וה", "שב", "מה", "וב", "כש"],
    "ar": ["و", "ف", "ب", "ك", "ل", "ال", "وال", "بال", "فال", "كال", "لل", "وبال", "ولل"],
}
UNSPACED = ("zh", "ja", "th")  # clauses written without spaces between words
DOCS_PER_LANGUAGE = 20
SEED = 12


def _document(language: str, number: int, rng: random.Random) -> tuple[Doc, list[tuple[str, str]]]:
    """A document and its (query, why) pairs: every word it holds, each as it may be asked."""
    vocabulary = WORDS[language].split()
    chosen = rng.sample(vocabulary, k=min(6, len(vocabulary)))
    written, queries = [], []
    for word in chosen:
        form = word
        if language in PROCLITICS and rng.random() < 0.7:
            form = rng.choice(PROCLITICS[language]) + word
            queries.append((word, f"bare {word} for {form}"))
        elif rng.random() < 0.3:
            form = word.upper() if rng.random() < 0.5 else word.title()
        written.append(form)
        queries.append((form, "as written"))
        if fold(form) != form:
            queries.append((fold(form), f"folded {form}"))
        queries.append((word, "as listed"))
    for base, inflected in rng.sample(
        INFLECTED.get(language, []), k=min(2, len(INFLECTED.get(language, [])))
    ):
        written.append(inflected)
        queries.append((base, f"base {base} for {inflected}"))
        queries.append((inflected, "as written"))
    rng.shuffle(written)
    if language in UNSPACED:  # clauses with no spaces between the words
        text = "".join(written[:3]) + "，" + "".join(written[3:]) + "。"
    else:
        text = " ".join(written) + "."
    return Doc(f"{language}-{number:03d}.txt", text, language=language), queries


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    rng = random.Random(SEED)
    docs, expected = [], {}
    for language in WORDS:
        for number in range(DOCS_PER_LANGUAGE):
            doc, queries = _document(language, number, rng)
            docs.append(doc)
            expected[doc.name] = queries
    case, ids = build_case(tmp_path_factory.mktemp("recall") / "case", docs)
    yield case, ids, expected, {doc.name: doc.text for doc in docs}
    case.close()


def test_the_inflected_pairs_really_share_a_stem() -> None:
    """The vocabulary itself: each base and inflected form stem alike in their language."""
    for language, pairs in INFLECTED.items():
        analyzer = stemming.analyzer(language)
        for base, inflected in pairs:
            assert analyzer.analyze(fold(base)) == analyzer.analyze(fold(inflected)), (
                base,
                inflected,
            )


def test_every_word_of_every_document_is_found(corpus) -> None:
    case, ids, expected, texts = corpus
    missed = []
    asked = 0
    for name, queries in expected.items():
        for query, why in dict.fromkeys(queries):
            asked += 1
            found = search(case, f"{query} id:{ids[name]}", limit=0).total
            if found != 1:
                missed.append(f"{name}: {query!r} ({why}) not found in {texts[name]!r}")
    assert not missed, f"{len(missed)} of {asked} words missed:\n" + "\n".join(missed[:20])
    assert asked > 1000  # the check is not vacuous
    languages = {name.split("-")[0] for name in expected}
    assert languages == set(WORDS)


def test_a_word_is_found_in_exactly_the_documents_that_hold_it(corpus) -> None:
    """Recall without flooding: a whole-word query does not match every document."""
    case, _ids, expected, _texts = corpus
    for word in ("北京", "לוגיסטיקה", "فوسفور", "versement"):
        holders = {name for name, queries in expected.items() if word in {q for q, _ in queries}}
        found = {hit.document.path.rsplit("/", 1)[-1] for hit in search(case, word, limit=500).hits}
        assert holders and found == holders, word
