"""Unspaced scripts (Chinese, Japanese, Thai) and Hebrew/Arabic proclitics: words inside a
clause or behind a prefix are found and highlighted as written; phrases and exact: stay exact."""

from __future__ import annotations

import pytest

from nutgraf import search
from nutgraf.search.scripts import bare_forms, segment
from tests.search.generated import Doc, build_case

DOCS = [
    Doc("zh-meeting.txt", "我们在北京开会，银行的合同已经签署。", language="zh"),
    Doc("zh-bank.txt", "北京银行的转账在上海完成。", language="zh"),
    Doc("ja.txt", "東京の会社は銀行と契約しました。", language="ja"),
    Doc("th.txt", "บริษัทได้ทำสัญญากับธนาคารแล้ว", language="th"),
    Doc("he.txt", "החברה העבירה 4 מיליון לחשבון בלוגאנו. הלוגיסטיקה נדחתה.", language="he"),
    Doc("ar.txt", "وصل الفوسفور إلى الميناء وبالشركة حساب جديد.", language="ar"),
    Doc("ar-bare.txt", "فوسفور خام في ميناء آخر.", language="ar"),
]


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory):
    case, _ = build_case(tmp_path_factory.mktemp("scripts") / "case", DOCS)
    yield case
    case.close()


def names(case, query: str, **options) -> set[str]:
    return {h.document.path.rsplit("/", 1)[-1] for h in search(case, query, 100, **options).hits}


def highlighted(case, query: str) -> list[str]:
    return [
        s.text[a:b] for h in search(case, query).hits for s in h.snippets for a, b in s.highlights
    ]


def test_chinese_words_inside_a_clause_are_found(case) -> None:
    assert names(case, "北京") == {"zh-meeting.txt", "zh-bank.txt"}
    assert names(case, "银行") == {"zh-meeting.txt", "zh-bank.txt"}
    assert names(case, "合同") == {"zh-meeting.txt"}
    assert names(case, "上海") == {"zh-bank.txt"}
    assert names(case, "广州") == set()


def test_chinese_phrases_stay_exact(case) -> None:
    assert names(case, '"北京银行"') == {"zh-bank.txt"}  # adjacent only there
    assert names(case, "北京银行") == {"zh-bank.txt"}  # one run of characters is a phrase too
    assert names(case, "北京 银行") == {"zh-meeting.txt", "zh-bank.txt"}  # two words: AND
    assert names(case, '"银行北京"') == set()


def test_japanese_and_thai_words_inside_a_clause_are_found(case) -> None:
    assert names(case, "会社") == {"ja.txt"}
    assert names(case, "契約") == {"ja.txt"}
    assert names(case, "ธนาคาร") == {"th.txt"}
    assert names(case, "สัญญา") == {"th.txt"}


def test_cjk_hits_are_highlighted_as_written(case) -> None:
    assert set(highlighted(case, "北京")) == {"北京"}


def test_hebrew_bare_word_finds_its_prefixed_forms(case) -> None:
    assert names(case, "לוגאנו") == {"he.txt"}  # בלוגאנו
    assert names(case, "לוגיסטיקה") == {"he.txt"}  # הלוגיסטיקה
    assert names(case, "חשבון") == {"he.txt"}  # לחשבון
    assert "בלוגאנו" in highlighted(case, "לוגאנו")


def test_arabic_bare_word_finds_its_prefixed_forms(case) -> None:
    assert names(case, "فوسفور") == {"ar.txt", "ar-bare.txt"}  # الفوسفور
    assert names(case, "شركه") == {"ar.txt"}  # وبالشركة (taa marbuta folded)
    assert names(case, "ميناء") == {"ar.txt", "ar-bare.txt"}  # الميناء
    assert "الفوسفور" in highlighted(case, "فوسفور")


def test_exact_phrases_and_exact_mode_do_not_strip_proclitics(case) -> None:
    assert names(case, "exact:לוגאנו") == set()
    assert names(case, '"לוגאנו"') == set()
    assert names(case, "לוגאנו", stem=False) == set()
    assert names(case, "exact:فوسفور") == {"ar-bare.txt"}
    assert names(case, "exact:בלוגאנו") == {"he.txt"}


def test_the_segmenter_and_the_proclitic_forms() -> None:
    assert segment("在北京").split() == ["在", "北", "京"]
    assert segment("plain latin text") == "plain latin text"
    assert "לוגאנו" in bare_forms("בלוגאנו")
    assert "فوسفور" not in bare_forms("فوسفور")
    assert "شركه" in bare_forms("وبالشركه")
    assert "شركه" in bare_forms("للشركه")
    assert bare_forms("בן") == ()  # too short to hold a proclitic and a word
