"""The shared text decoder, on generated files in many encodings and on real corpus files."""

from __future__ import annotations

import codecs
import random
import time

import pytest

from nutgraf.ingest.textcodec import decode
from tests.conftest import corpus_file

FRENCH = (
    "Le président a déclaré que l'été serait décisif : « Nous irons jusqu'au bout ».\n"
    "Les élèves reçoivent 1 250 € à la rentrée ; où est passé l'argent ?\n"
    "Ça dépend des régions — Noël, Pâques et la Toussaint sont fériés.\n"
)
ARABIC = (
    "قال وزير المالية إن الحكومة ستدفع التعويضات للمتضررين قبل نهاية العام.\n"
    "وأكد المتحدث باسم الوزارة أن التحقيق ما زال جارياً في العقود الموقعة مع الشركة.\n"
)
HEBREW = (
    "ראש הממשלה אמר כי הממשלה תעביר את התקציב לפני סוף השנה.\n"
    "החקירה נגד החברה עדיין נמשכת, כך נמסר מהמשטרה.\n"
)
RUSSIAN = (
    "Министр финансов заявил, что правительство выплатит компенсации до конца года.\n"
    "Расследование в отношении компании всё ещё продолжается, сообщили в полиции.\n"
)
CHINESE = (
    "财政部长表示，政府将在年底前向受影响的人支付赔偿金。\n"
    "警方称，针对该公司的调查仍在进行中，涉及多份合同。\n"
)
TRADITIONAL_CHINESE = (
    "財政部長表示，政府將在年底前向受影響的人支付賠償金。\n"
    "警方稱，針對該公司的調查仍在進行中，涉及多份合同。\n"
)
JAPANESE = (
    "財務大臣は、政府が年末までに被害者へ補償金を支払うと述べた。\n"
    "警察によると、同社に対する捜査は現在も続いている。\n"
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (FRENCH, "cp1252"),
        (FRENCH, "utf-8"),
        (ARABIC, "cp1256"),
        (ARABIC, "iso-8859-6"),
        (HEBREW, "iso-8859-8"),
        (HEBREW, "cp1255"),
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8-r"),
        (RUSSIAN, "cp866"),
        (CHINESE, "gbk"),
        (TRADITIONAL_CHINESE, "big5"),
        (JAPANESE, "shift_jis"),
        (JAPANESE, "euc-jp"),
    ],
    ids=lambda value: value if len(value) < 12 else value[:6],
)
def test_legacy_and_utf8_encodings_decode_exactly(text: str, encoding: str) -> None:
    data = (text * 3).encode(encoding)
    decoded, _ = decode(data)
    assert decoded == text * 3


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_byte_order_marks_are_honoured_and_dropped(encoding: str) -> None:
    data = FRENCH.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    decoded, _ = decode(data)
    assert decoded == FRENCH


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [FRENCH, ARABIC, CHINESE], ids=["fr", "ar", "zh"])
def test_utf16_without_bom_is_recognised(text: str, encoding: str) -> None:
    decoded, used = decode(text.encode(encoding))
    assert decoded == text
    assert used == encoding


def test_declared_charset_is_used_when_it_decodes_cleanly() -> None:
    # Four Cyrillic bytes are ambiguous on their own; the declaration settles it.
    data = "Привет".encode("koi8-r")
    assert decode(data, "KOI8-R") == ("Привет", "koi8-r")


def test_a_false_declaration_is_ignored() -> None:
    data = ARABIC.encode("cp1256")
    assert decode(data, "utf-8")[0] == ARABIC
    assert decode(data, "x-user-defined")[0] == ARABIC


def test_latin1_declaration_reads_windows_1252_punctuation() -> None:
    data = "It’s “quoted” – 5 €".encode("cp1252")
    assert decode(data, "iso-8859-1") == ("It’s “quoted” – 5 €", "cp1252")


def test_newlines_are_normalised_and_nul_removed() -> None:
    decoded, _ = decode(b"one\r\ntwo\rthree\nfo\x00ur")
    assert decoded == "one\ntwo\nthree\nfour"


def test_utf8_with_a_stray_legacy_byte_keeps_the_utf8_text() -> None:
    data = ("Zürich, Genève, Málaga, Kraków. " * 5).encode("utf-8") + b"Caf\xe9 cr\xe8me"
    decoded, used = decode(data)
    assert used == "utf-8"
    assert decoded.endswith("Kraków. Café crème")


def test_iso2022_jp_mail_text() -> None:
    decoded, used = decode(JAPANESE.encode("iso2022_jp"))
    assert decoded == JAPANESE
    assert used.startswith("iso2022_jp")


def test_never_raises_on_arbitrary_bytes() -> None:
    rng = random.Random(4)
    for size in (0, 1, 3, 17, 1000, 70_000):
        data = bytes(rng.randrange(256) for _ in range(size))
        text, used = decode(data)
        assert isinstance(text, str) and codecs.lookup(used)
        assert "\x00" not in text


def test_large_input_is_fast_and_exact() -> None:
    # Accented letters only near the end: the sample must still see them.
    data = ("plain ascii line number\n" * 200_000 + FRENCH * 50).encode("cp1252")
    started = time.perf_counter()
    decoded, used = decode(data)
    assert time.perf_counter() - started < 3
    assert used == "cp1252"
    assert decoded.endswith(FRENCH * 50)


def test_corpus_german_latin1_text() -> None:
    text, _ = decode(corpus_file("ingest-file/non_utf.txt").read_bytes())
    assert text.startswith("Der Chef von Großbritanniens größter Partei wohnt")


def test_corpus_windows_1252_smart_quotes() -> None:
    data = corpus_file("tika/encoding-detector-icu4j/testTXT_win-1252.txt").read_bytes()
    text, _ = decode(data)
    assert text.endswith("think this is a “windows” encoding")


def test_corpus_russian_cp866() -> None:
    text, _ = decode(corpus_file("tika/text/russian.cp866.txt").read_bytes())
    assert text.startswith("Однажды, в студеную зимнюю пору,\nЯ из лесу вышел; был сильный мороз.")


def test_corpus_arabic_page_with_false_utf8_meta() -> None:
    data = corpus_file("tika/integration-tests/testArabicMisleadingCharset.html").read_bytes()
    text, used = decode(data, "utf-8")
    assert used == "cp1256"
    assert "في قرية من القرى كان هناك رجل حكيم" in text


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("ar.txt", "cp1256"), ("he.txt", "iso-8859-8"), ("ru.txt", "koi8-r"), ("fr.txt", "cp1252")],
)
def test_corpus_sentences_reencoded(name: str, encoding: str) -> None:
    sentences = corpus_file(f"lingua-sentences/{name}").read_text(encoding="utf-8")
    lines = [line for line in sentences.splitlines()[:200] if _encodable(line, encoding)]
    expected = "\n".join(lines[:40])
    assert decode(expected.encode(encoding))[0] == expected


def _encodable(line: str, encoding: str) -> bool:
    try:
        line.encode(encoding)
    except UnicodeEncodeError:
        return False
    return not any("\x80" <= char <= "\x9f" for char in line)
