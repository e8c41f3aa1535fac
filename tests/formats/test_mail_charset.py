"""A mail's declared charset is trusted only when the bytes fit it."""

from __future__ import annotations

from pathlib import Path

import pytest

from nutgraf.ingest import formats
from nutgraf.ingest.formats.base import Source

BODY = "会议纪要：付款 4,000 欧元已批准。Café à Zürich."


def _mail(tmp_path: Path, charset: str, body: bytes) -> str:
    path = tmp_path / "mail.eml"
    path.write_bytes(
        b"From: a@example.com\r\nTo: b@example.com\r\nSubject: minutes\r\nMIME-Version: 1.0\r\n"
        + f"Content-Type: text/plain; charset={charset}\r\n".encode()
        + b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        + body
    )
    return formats.extract(Source(path=path, mime="message/rfc822")).text


@pytest.mark.parametrize("declared", ["gb2312", "iso-8859-1", "windows-1252", "no-such-charset"])
def test_wrongly_declared_charset_over_utf8(tmp_path: Path, declared: str) -> None:
    text = _mail(tmp_path, declared, BODY.encode("utf-8"))
    assert BODY in text and "\ufffd" not in text


@pytest.mark.parametrize(
    ("declared", "body"),
    [("gb2312", "会议纪要：付款已批准。"), ("iso-8859-1", "Café à Zürich, reçu.")],
)
def test_rightly_declared_charset_is_kept(tmp_path: Path, declared: str, body: str) -> None:
    assert body in _mail(tmp_path, declared, body.encode(declared))
