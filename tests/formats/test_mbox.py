"""The mbox reader on real mail folders and on generated ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from nutgraf.errors import TooLarge
from nutgraf.ingest.formats import mbox
from nutgraf.ingest.formats.base import Extraction, Limits, Source
from tests.conftest import corpus_file


def read(path: Path, limits: Limits | None = None) -> Extraction:
    return mbox.extract(Source(path=path, mime="application/mbox", limits=limits or Limits()))


def test_each_message_is_a_numbered_child() -> None:
    result = read(corpus_file("tika/mail/complex.mbox"))
    assert result.metadata == {"message_count": 3}
    assert [child.name for child in result.children] == ["1", "2", "3"]
    assert all(
        child.data.startswith(b"Return-Path: <core-user-return-") for child in result.children
    )
    assert result.children[1].metadata["envelope"].endswith("Mon Jun 01 05:31:14 2009")
    assert result.text == ""


def test_blank_line_before_separator_is_not_message_content() -> None:
    result = read(corpus_file("tika/mail/simple.mbox"))
    assert [child.data for child in result.children] == [b"\nTest content 1\n", b"\nTest content 2"]


def test_single_message_mbox_keeps_whole_message() -> None:
    result = read(corpus_file("ingest-file/plan.mbox"))
    assert result.metadata["message_count"] == 1
    data = result.children[0].data
    assert data.startswith(b"Received: from mxfront6m.mail.yandex.net")
    assert len(data) == corpus_file("ingest-file/plan.mbox").stat().st_size - len(
        b"From - Tue Feb 21 10:04:06 2017\n"
    )


def test_escaped_and_unescaped_from_lines(tmp_path: Path) -> None:
    path = tmp_path / "box.mbox"
    path.write_bytes(
        b"From alice@example.org Mon Jan  1 00:00:00 2024\n"
        b"Subject: one\n\nHello\nFrom here on, an unescaped body line.\n>From escaped\n\n"
        b"From bob@example.org Tue Jan  2 00:00:00 2024\n"
        b"Subject: two\n\n>>From twice\n"
    )
    result = read(path)
    assert [child.name for child in result.children] == ["1", "2"]
    first, second = (child.data for child in result.children)
    assert b"From here on, an unescaped body line.\nFrom escaped\n" in first
    assert second == b"Subject: two\n\n>From twice\n"


def test_message_limit_is_enforced(tmp_path: Path) -> None:
    path = tmp_path / "many.mbox"
    path.write_bytes(
        b"".join(b"From x Mon Jan  1 00:00:00 2024\nSubject: m\n\nbody\n\n" for _ in range(5))
    )
    assert read(path).metadata["message_count"] == 5
    with pytest.raises(TooLarge):
        read(path, Limits(max_children=3))
