"""A synthetic multilingual leak for benchmarks: mails with attachments, memos, invoices.

    .venv/bin/python bench/make_corpus.py N OUT [--seed 7]

Writes N top-level files under OUT (in folders of 1000): about 45 % mails (.eml, a third of
them with a memo or invoice attached), 35 % memos (.txt) and 20 % invoices (.txt with amounts
in the language's number format), in English, French, German, Spanish, Arabic and Hebrew.
Words follow a Zipf law over each language's common words followed by a long tail of made-up
words, so there are common words, rare words and words seen once, as in a real leak. The same
seed gives the same corpus byte for byte. `synthetic_documents()` yields the same documents
in memory (text, metadata, money facts with their spans) for benchmarks that skip the files.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

LANGUAGES = ("en", "fr", "de", "es", "ar", "he")
LANGUAGE_WEIGHTS = (40, 20, 12, 12, 9, 7)
TAIL_WORDS = 20_000  # made-up words per language after the common ones

COMMON = {
    "en": "the of and to in a is that for it as was with be by on not he this are or his from "
    "at which but have an they you were her she there been one all we their has would when "
    "if so no will more about also can other into than its some could them these our only "
    "payment transfer account bank company contract invoice board meeting director fund "
    "offshore minister tender report budget project million shares draft confidential agreement "
    "client offer loan transaction audit tax office lawyer subsidiary trust holding approve "
    "deadline week month quarter wire deposit",
    "fr": "le de la et les des en un une du est que pour qui dans par sur pas au plus ne se "
    "avec il elle ce sont nous vous ils mais ou comme tout fait été aussi bien leur cette "
    "paiement virement compte banque société contrat facture conseil réunion directeur fonds "
    "ministre appel offres rapport budget projet million actions brouillon confidentiel accord "
    "client prêt transaction audit impôt bureau avocat filiale fiducie approuver délai semaine "
    "mois trimestre dépôt défense côtière",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als "
    "auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über "
    "zahlung überweisung konto bank gesellschaft vertrag rechnung vorstand sitzung direktor "
    "fonds minister ausschreibung bericht haushalt projekt millionen aktien entwurf vertraulich "
    "vereinbarung kunde darlehen prüfung steuer büro anwalt tochtergesellschaft treuhand",
    "es": "el la de que y en los se del las un por con no una su para es al lo como más pero "
    "sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde "
    "pago transferencia cuenta banco empresa contrato factura junta reunión director fondo "
    "ministro licitación informe presupuesto proyecto millones acciones borrador confidencial "
    "acuerdo cliente préstamo transacción auditoría impuesto oficina abogado filial",
    "ar": "في من على إلى أن عن مع هذا التي الذي كان قد لا ما هو هي بين كل بعد ذلك وقد أو "
    "الدفع تحويل حساب البنك الشركة العقد فاتورة المجلس اجتماع المدير صندوق الوزير مناقصة "
    "تقرير الميزانية المشروع مليون أسهم مسودة سري اتفاق العميل قرض صفقة تدقيق ضريبة مكتب محامي",
    "he": "של את על לא זה הוא היא עם גם כי אם או כל מה אני יש היה הם אבל רק עוד אחרי "
    "תשלום העברה חשבון בנק חברה חוזה חשבונית דירקטוריון פגישה מנהל קרן שר מכרז דוח תקציב "
    "פרויקט מיליון מניות טיוטה סודי הסכם לקוח הלוואה עסקה ביקורת מס משרד עורך דין חברה בת",
}
ALPHABETS = {
    "en": ("bcdfghklmnprstvz", "aeiou"),
    "fr": ("bcdfglmnprstv", "aeiouéè"),
    "de": ("bdfghklmnprstwz", "aeiouäöü"),
    "es": ("bcdfglmnprstv", "aeiouáé"),
    "ar": ("بتثجحخدرزسشصطعفقكلمنهو", "اوي"),
    "he": ("בגדהזחטכלמנסעפצקרשת", "אוי"),
}
FIRST_NAMES = [
    "Hélène",
    "Marc",
    "Sofia",
    "Yusuf",
    "Miriam",
    "David",
    "Ana",
    "Lukas",
    "Fatima",
    "Omar",
    "Claire",
    "Jonas",
    "Lucía",
    "Noam",
    "Ingrid",
    "Pierre",
    "Carmen",
    "Samir",
    "Leah",
    "Tobias",
    "Amira",
    "Javier",
    "Chloé",
    "Daniel",
    "Nour",
    "Elena",
]
LAST_NAMES = [
    "Marchetti",
    "Stone",
    "Haddad",
    "Cohen",
    "Müller",
    "García",
    "Dubois",
    "Levi",
    "Rahman",
    "Schmidt",
    "Fernández",
    "Moreau",
    "Navarro",
    "Weiss",
    "Khalil",
    "Bernard",
    "Ortega",
    "Katz",
    "Fischer",
    "Benali",
    "Rossi",
    "Lambert",
    "Mizrahi",
    "Vogel",
]
COMPANIES = [
    "Cirrolux Systems",
    "Harbour Holdings Ltd",
    "Banco Meridiano",
    "Nordwerk AG",
    "Société Atlantique SA",
    "Al Amal Trading",
    "Galil Ventures",
    "Quintara Partners",
    "Lugano Fiduciaria",
    "Keystone Maritime",
]
DOMAINS = ("cirrolux.example", "harbour.example", "meridiano.example", "nordwerk.example")
CURRENCIES = {"en": "USD", "fr": "EUR", "de": "EUR", "es": "EUR", "ar": "AED", "he": "ILS"}
LABELS = {
    "en": ("Memo", "Invoice", "Total"),
    "fr": ("Note", "Facture", "Total"),
    "de": ("Notiz", "Rechnung", "Summe"),
    "es": ("Nota", "Factura", "Total"),
    "ar": ("مذكرة", "فاتورة", "المجموع"),
    "he": ("תזכיר", "חשבונית", "סך הכל"),
}
START = datetime(2015, 1, 1, tzinfo=UTC)


@dataclass
class Money:
    start: int
    end: int
    quote: str
    value: float
    currency: str


@dataclass
class SyntheticDocument:
    """One document as a reader would return it; `name` is its file name."""

    name: str
    kind: str  # mail | memo | invoice
    language: str
    title: str
    text: str
    date: datetime
    metadata: dict = field(default_factory=dict)
    money: list[Money] = field(default_factory=list)
    attachment: SyntheticDocument | None = None


class Vocabulary:
    """Each language's words, drawn with Zipf weights (common words first, then the tail)."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.words: dict[str, list[str]] = {}
        self.cumulative: dict[str, list[float]] = {}
        for language in LANGUAGES:
            words = list(dict.fromkeys(COMMON[language].split()))
            seen = set(words)
            consonants, vowels = ALPHABETS[language]
            target = len(words) + TAIL_WORDS
            while len(words) < target:
                word = "".join(
                    rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4))
                )
                if word not in seen:
                    seen.add(word)
                    words.append(word)
            self.words[language] = words
            weights = [1 / (rank + 1) ** 1.05 for rank in range(len(words))]
            self.cumulative[language] = list(itertools.accumulate(weights))

    def sentence(self, rng: random.Random, language: str, length: int) -> str:
        words = rng.choices(self.words[language], cum_weights=self.cumulative[language], k=length)
        sentence = " ".join(words)
        return sentence[0].upper() + sentence[1:] + "."

    def paragraph(self, rng: random.Random, language: str, sentences: int) -> str:
        return " ".join(self.sentence(rng, language, rng.randint(6, 18)) for _ in range(sentences))


def format_amount(value: float, language: str) -> str:
    whole, cents = f"{value:,.2f}".split(".")
    if language in ("fr", "es"):
        return whole.replace(",", "\u202f" if language == "fr" else ".") + "," + cents
    if language == "de":
        return whole.replace(",", ".") + "," + cents
    return f"{whole}.{cents}"


def _amount_line(rng: random.Random, language: str, label: str) -> tuple[str, Money]:
    value = round(rng.choice((rng.uniform(10, 5000), rng.uniform(5000, 2_000_000))), 2)
    currency = CURRENCIES[language] if rng.random() < 0.8 else rng.choice(("EUR", "USD", "CHF"))
    quote = f"{format_amount(value, language)} {currency}"
    prefix = f"{label}: "
    return prefix + quote, Money(len(prefix), len(prefix) + len(quote), quote, value, currency)


def _person(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    address = f"{first.lower()}.{last.lower()}@{rng.choice(DOMAINS)}"
    return f"{first} {last}", address.encode("ascii", "ignore").decode()


def _memo(rng: random.Random, vocab: Vocabulary, language: str, number: int) -> SyntheticDocument:
    title = f"{LABELS[language][0]} {number}: {vocab.sentence(rng, language, 4)[:-1]}"
    company = rng.choice(COMPANIES)
    body = "\n\n".join(
        vocab.paragraph(rng, language, rng.randint(3, 8)) for _ in range(rng.randint(2, 6))
    )
    text = f"{title}\n\n{company}. {body}\n"
    date = START + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))
    return SyntheticDocument(f"memo-{number}.txt", "memo", language, title, text, date)


def _invoice(
    rng: random.Random, vocab: Vocabulary, language: str, number: int
) -> SyntheticDocument:
    label, total_label = LABELS[language][1], LABELS[language][2]
    lines = [f"{label} {number}", rng.choice(COMPANIES), ""]
    money = []
    offset = sum(len(line) + 1 for line in lines)
    for item in range(rng.randint(1, 6)):
        line, amount = _amount_line(
            rng, language, f"{item + 1}. {vocab.sentence(rng, language, 3)}"
        )
        money.append(Money(offset + amount.start, offset + amount.end, amount.quote, amount.value,
                           amount.currency))  # fmt: skip
        lines.append(line)
        offset += len(line) + 1
    line, amount = _amount_line(rng, language, total_label)
    money.append(Money(offset + amount.start, offset + amount.end, amount.quote, amount.value,
                       amount.currency))  # fmt: skip
    lines.append(line)
    text = "\n".join(lines) + "\n"
    date = START + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))
    doc = SyntheticDocument(f"invoice-{number}.txt", "invoice", language, lines[0], text, date)
    doc.money = money
    return doc


def _mail(rng: random.Random, vocab: Vocabulary, language: str, number: int) -> SyntheticDocument:
    (sender, sender_address), (recipient, recipient_address) = _person(rng), _person(rng)
    subject = vocab.sentence(rng, language, rng.randint(3, 7))[:-1]
    body = "\n\n".join(
        vocab.paragraph(rng, language, rng.randint(2, 5)) for _ in range(rng.randint(1, 4))
    )
    date = START + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))
    metadata = {
        "from": [f"{sender} <{sender_address}>"],
        "to": [f"{recipient} <{recipient_address}>"],
        "from_addresses": [{"name": sender, "email": sender_address}],
        "to_addresses": [{"name": recipient, "email": recipient_address}],
        "subject": subject,
        "title": subject,
        "date": date.isoformat(),
    }
    head = f"From: {sender} <{sender_address}>\nTo: {recipient} <{recipient_address}>\n"
    text = f"{head}Subject: {subject}\n\n{body}\n"
    mail = SyntheticDocument(f"mail-{number}.eml", "mail", language, subject, text, date, metadata)
    if rng.random() < 1 / 3:
        maker = _invoice if rng.random() < 0.5 else _memo
        mail.attachment = maker(rng, vocab, language, number)
    return mail


def synthetic_documents(count: int, seed: int = 7, start: int = 0) -> Iterator[SyntheticDocument]:
    """Top-level documents number `start` to `count - 1`, the same ones for the same seed.

    Each document has its own random stream, so any range can be made on its own (in
    parallel) and still be the same as in the whole corpus.
    """
    vocab = _vocabulary(seed)
    for number in range(start, count):
        rng = random.Random(seed * 1_000_003 + number)
        language = rng.choices(LANGUAGES, weights=LANGUAGE_WEIGHTS)[0]
        roll = rng.random()
        maker = _mail if roll < 0.45 else _memo if roll < 0.8 else _invoice
        yield maker(rng, vocab, language, number)


@functools.cache
def _vocabulary(seed: int) -> Vocabulary:
    return Vocabulary(seed)


def to_bytes(doc: SyntheticDocument) -> bytes:
    """The file as it sits in the leak: an .eml (with its attachment) or UTF-8 text."""
    if doc.kind != "mail":
        return doc.text.encode("utf-8")
    message = EmailMessage()
    message["From"] = doc.metadata["from"][0]
    message["To"] = doc.metadata["to"][0]
    message["Subject"] = doc.metadata["subject"]
    message["Date"] = format_datetime(doc.date)
    message["Message-ID"] = f"<{doc.name}@bench.example>"
    message.set_content(doc.text.split("\n\n", 1)[1])
    if doc.attachment is not None:
        data = doc.attachment.text.encode("utf-8")
        message.add_attachment(data, maintype="text", subtype="plain", filename=doc.attachment.name)
    return message.as_bytes()


def write_corpus(count: int, out: Path, seed: int = 7) -> int:
    total = 0
    for number, doc in enumerate(synthetic_documents(count, seed)):
        folder = out / f"{number // 1000:05d}"
        if number % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        data = to_bytes(doc)
        (folder / doc.name).write_bytes(data)
        total += len(data)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    size = write_corpus(args.count, args.out, args.seed)
    print(f"{args.count} files, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
