"""Detection where libmagic's answer is too weak: mail by header grammar, HTML by its first
element, tabular text, netpbm, bare BIFF, UTF-16 without a BOM, PGP, text libmagic mistypes."""

from __future__ import annotations

from pathlib import Path

import pytest

from nutgraf.ingest.detect import detect
from nutgraf.ingest.formats import mbox
from nutgraf.ingest.formats.base import Source
from tests.conftest import corpus_file

BODY = b"\r\n\r\nHello,\r\nthe contract is attached.\r\n"


@pytest.mark.parametrize(
    "headers",
    [
        # a folded first header: the address is on the next line
        b"From:\r\n  Jane Roe <jane@example.org>\r\nTo: bob@example.org\r\nSubject: hi",
        # first headers outside any fixed list, folded, in any case
        b"DKIM-Signature: v=1; a=rsa-sha256; d=example.com;\r\n\tbh=abc=;\r\n"
        b"From: a@example.com\r\nTo: b@example.com\r\nSubject: s",
        b"ARC-Seal: i=1; a=rsa-sha256; t=1; cv=none;\r\n        b=xyz\r\n"
        b"Authentication-Results: mx.example.com; spf=pass\r\nFrom: a@example.com\r\n"
        b"Date: Mon, 1 Jan 2024 10:00:00 +0000",
        b"X-Spam-Score: 0.1\r\nx-store-info:J++/abc\r\nReturn-Path: <a@example.com>\r\n"
        b"Message-ID: <1@example.com>",
        b"Newsgroups: comp.lang.python\r\nPath: news.example.org!not-for-mail\r\n"
        b"Subject: a question",
    ],
)
def test_mail_is_known_by_its_header_block(tmp_path: Path, headers: bytes) -> None:
    path = tmp_path / "message"
    path.write_bytes(headers + BODY)
    assert detect(path) == "message/rfc822"


@pytest.mark.parametrize(
    "text",
    [
        b"User-Agent: goodbot\nDisallow:\n\nUser-Agent: *\nDisallow: /private\n",  # robots.txt
        b"title: Notes\ndate: 2024-01-01\ntags: [a, b]\n\nSome prose here.\n",  # front matter
        b"HTTP/1.1 200 OK\nDate: Mon, 1 Jan 2024\nContent-Type: text/html\n\n<html>",
        b"Subject: the plan\nWe met on Monday and agreed on nothing.\nFrom: me\n",  # prose
    ],
)
def test_text_with_colons_is_not_mail(tmp_path: Path, text: bytes) -> None:
    path = tmp_path / "note"
    path.write_bytes(text)
    assert detect(path) != "message/rfc822"


def test_corpus_mail_with_dkim_and_odd_first_headers() -> None:
    for relative in (
        "tika/mail/testRFC822_dkim.eml",
        "ingest-file/testThunderbirdEml.eml",
        "tika/mail/testRFC822_simple_inline_body.txt",
        "tika/integration-tests/testMessageNews.txt",
    ):
        assert detect(corpus_file(relative)) == "message/rfc822", relative


@pytest.mark.parametrize(
    "start",
    [
        b"<script>var x = 1;</script>\n<p>Quarterly report</p>",
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0'
        b' Strict//EN" "x">\n<html xmlns="http://www.w3.org/1999/xhtml"><body>Hi</body></html>',
        b'<?xml version="1.0"?>\n<html><head><title>t</title></head><body>x</body></html>',
        b"<h1>A heading</h1>\n<hr>\nSome text<br>\n",
    ],
)
def test_html_by_its_first_element(tmp_path: Path, start: bytes) -> None:
    path = tmp_path / "page"
    path.write_bytes(start + b"\n" * 3)
    assert detect(path) == "text/html"


def test_plain_xml_stays_xml(tmp_path: Path) -> None:
    path = tmp_path / "data"
    path.write_bytes(b'<?xml version="1.0"?>\n<records><record id="1">html</record></records>\n')
    assert detect(path) == "application/xml"


def test_utf16_without_bom_is_text(tmp_path: Path) -> None:
    path = tmp_path / "notes"
    text = "Meeting notes: the payment of 4,000 EUR was approved.\r\n" * 40
    path.write_bytes(text.encode("utf-16-le"))
    assert detect(path) == "text/plain"
    path.write_bytes(text.encode("utf-16-be"))
    assert detect(path) == "text/plain"


def test_readme_libmagic_calls_a_plotter_file_is_text(tmp_path: Path) -> None:
    path = tmp_path / "README"
    path.write_bytes(b"BPINPS release notes\nThis release fixes the export of invoices.\n")
    assert detect(path) == "text/plain"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"P5\n3 2\n255\n\x00\x80\xff\xff\x80\x00", "image/x-portable-graymap"),
        (b"P2\n# made by hand\n3 2\n255\n0 128 255\n255 128 0\n", "image/x-portable-graymap"),
        (b"P1\n2 2\n0 1\n1 0\n", "image/x-portable-bitmap"),
        (b"\x09\x00\x04\x00\x02\x00\x10\x00" + bytes(64), "application/vnd.ms-excel"),
    ],
)
def test_netpbm_and_bare_biff(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "file"
    path.write_bytes(data)
    assert detect(path) == expected


def test_pgp_encrypted_binary_and_armored(tmp_path: Path) -> None:
    armored = tmp_path / "letter.asc"
    armored.write_bytes(
        b"-----BEGIN PGP MESSAGE-----\n\nhQEMA1234567890ABAQf/abcdefghijklmnop\n=abcd\n"
        b"-----END PGP MESSAGE-----\n"
    )
    assert detect(armored) == "application/pgp-encrypted"
    binary = tmp_path / "letter.gpg"
    # a symmetric-key encrypted session key packet (tag 3, AES-256, iterated S2K), then data
    binary.write_bytes(
        bytes.fromhex("8c0d04090302674787 0f247f4c23ffd24a01d4452f64e61a49e9175318 85fb23")
        + bytes(range(256))
    )
    assert detect(binary) == "application/pgp-encrypted"


@pytest.mark.parametrize(
    ("text", "tabular"),
    [
        (b"name,amount,date\nAcme,100,2024-01-01\nBeta,200,2024-02-01\nGamma,3,2024-03-01\n", 1),
        (b'id;label\n1;"a; b"\n2;c\n3;d\n4;e\n5;f\n', 1),
        (b"Dear Sir, we write to you.\nYours, truly, the board.\nSee you, soon.\n", 0),
        (b"So it goes,\nand so, it went on\nuntil the end.\nAnd then?\n", 0),
        (
            b"In the morning, the board met, and, after a long debate about the budget, it "
            b"agreed\nthat the plan, as drafted by the treasurer, should be, in most respects, "
            b"accepted\nwithout changes, although some members, notably the chair, had doubts, "
            b"and said so\n",
            0,
        ),
    ],
)
def test_csv_typed_as_text_is_csv_when_clearly_tabular(
    tmp_path: Path, text: bytes, tabular: int
) -> None:
    path = tmp_path / "attachment"
    path.write_bytes(text)
    assert (detect(path) == "text/csv") == bool(tabular)


def test_mbox_from_dash_separators_without_blank_lines(tmp_path: Path) -> None:
    messages = [
        f"From - Tue Feb 21 10:0{n}:06 2017\nFrom: a{n}@example.com\nSubject: m{n}\n\nbody {n}\n"
        for n in range(3)
    ]
    path = tmp_path / "Inbox"
    path.write_text("".join(messages))  # no blank line before the next separator
    assert detect(path) == "application/mbox"
    found = mbox.extract(Source(path=path, mime="application/mbox"))
    assert [child.name for child in found.children] == ["1", "2", "3"]
    assert b"Subject: m1" in found.children[1].data


def test_emlxpart_base64_is_decoded_as_a_child(tmp_path: Path) -> None:
    import base64

    from nutgraf.ingest import formats

    pdf = corpus_file("aleph/aleph/tests/fixtures/demo.pdf").read_bytes()
    path = tmp_path / "12345.2.emlxpart"
    path.write_bytes(base64.encodebytes(pdf))  # 76-character lines, as mail encoders write
    assert detect(path) == "application/x-base64"
    found = formats.extract(Source(path=path, mime=detect(path), name=path.name))
    assert [child.data for child in found.children] == [pdf]
    prose = tmp_path / "note.txt"
    prose.write_bytes(b"Short lines\nof a poem\nthat has\nno spaces\nperhaps\nnone\nat\nall\n")
    assert detect(prose) == "text/plain"
