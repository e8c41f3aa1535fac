"""message/partial (RFC 2046 §5.2.2): fragments joined within one container, or named missing."""

from __future__ import annotations

import zipfile
from email.message import EmailMessage
from pathlib import Path

from nutgraf.ingest.detect import detect
from nutgraf.ingest.formats import archive, email, mbox
from nutgraf.ingest.formats.base import Extraction, Limits, Source

CSV = b"vendor;amount\nAcme Holdings;4500.00\nBlue Fjord Ltd;12000.00\n" * 40
IDENTITY = "split-7741@mail.example.org"


def _original() -> bytes:
    message = EmailMessage()
    message["From"] = "Alice Martin <alice@example.org>"
    message["To"] = "bob@example.org"
    message["Subject"] = "Quarterly figures"
    message["Message-ID"] = "<original-1@example.org>"
    lines = ["The payments to Acme Holdings are in the attached sheet."]
    lines += [f"Line {n} of the covering note." for n in range(30)]
    lines += ["Note: this line opens the second fragment and looks like a header."]
    lines += [f"Closing line {n}." for n in range(30)]
    message.set_content("\n".join(lines) + "\n")
    message.add_attachment(CSV, maintype="text", subtype="csv", filename="figures.csv")
    return message.as_bytes()


def _fragments(total_on_all: bool = True) -> list[bytes]:
    """The original cut in three at line boundaries, the second cut just before 'Note: '."""
    original = _original()
    second = original.index(b"Note: this line")
    third = original.index(b"Content-Disposition: attachment")
    pieces = [original[:second], original[second:third], original[third:]]
    fragments = []
    for number, piece in enumerate(pieces, start=1):
        total = "; total=3" if total_on_all or number == 3 else ""
        head = (
            "From: Alice Martin <alice@example.org>\n"
            "To: bob@example.org\n"
            f"Subject: Quarterly figures (part {number} of 3)\n"
            f"Message-ID: <fragment-{number}@example.org>\n"
            "MIME-Version: 1.0\n"
            f'Content-Type: message/partial; id="{IDENTITY}"; number={number}{total}\n\n'
        )
        fragments.append(head.encode() + piece)
    return fragments


def _mbox(tmp_path: Path, messages: list[bytes]) -> Path:
    path = tmp_path / "mail.mbox"
    with path.open("wb") as out:
        for message in messages:
            out.write(b"From alice@example.org Tue Feb 21 10:04:06 2017\n" + message + b"\n")
    return path


def _read(path: Path) -> Extraction:
    mime = detect(path)
    reader = {"application/mbox": mbox.extract, "application/zip": archive.extract}
    return reader.get(mime, email.extract)(Source(path=path, mime=mime))


def _read_bytes(tmp_path: Path, name: str, data: bytes) -> Extraction:
    path = tmp_path / name
    path.write_bytes(data)
    return _read(path)


def _assert_is_the_original(tmp_path: Path, joined: bytes) -> None:
    result = _read_bytes(tmp_path, "joined.eml", joined)
    assert result.metadata["subject"] == "Quarterly figures"  # the enclosed message's own
    assert result.metadata["message_id"] == "<original-1@example.org>"
    assert result.metadata["from"] == ["Alice Martin <alice@example.org>"]
    assert "Note: this line opens the second fragment" in result.text
    assert "Closing line 29." in result.text
    [attachment] = result.children
    assert attachment.name == "figures.csv" and attachment.data == CSV


def test_fragments_in_an_mbox_are_joined_in_number_order(tmp_path):
    first, second, third = _fragments()
    unrelated = b"From: carol@example.org\nSubject: lunch\n\nSee you at noon.\n"
    # not last: the mbox reader keeps a last message's trailing blank line, which here would
    # land inside the attachment's MIME headers
    result = _read(_mbox(tmp_path, [third, first, unrelated, second, unrelated]))
    assert result.metadata["message_count"] == 5
    assert result.metadata["partial"] == [
        f'partial: 3 of 3 fragments present, joined (id "{IDENTITY}")'
    ]
    *messages, joined = result.children
    assert [child.name for child in messages] == ["1", "2", "3", "4", "5"]
    assert joined.name == "joined-1.eml"
    assert joined.metadata["joined_from"] == ["1", "2", "4"]
    assert "partial" not in messages[2].metadata
    assert messages[0].metadata["partial"] == "partial: 3 of 3 fragments present, joined"
    _assert_is_the_original(tmp_path, joined.data)


def test_missing_fragments_are_named_and_nothing_is_joined(tmp_path):
    first, _second, third = _fragments()
    result = _read(_mbox(tmp_path, [first, third]))
    assert [child.name for child in result.children] == ["1", "2"]
    assert result.metadata["partial"] == [f'partial: 2 of 3 fragments present (id "{IDENTITY}")']
    assert result.children[0].metadata["partial"] == "partial: 2 of 3 fragments present"

    # total= is only required on the last fragment: without it the count is unknown
    first, second, _third = _fragments(total_on_all=False)
    result = _read(_mbox(tmp_path, [first, second]))
    assert result.metadata["partial"] == [
        f'partial: 2 fragments present, the last (which gives the total) missing (id "{IDENTITY}")'
    ]


def test_a_fragment_alone_keeps_its_headers_not_its_slice(tmp_path):
    _first, _second, third = _fragments()
    result = _read_bytes(tmp_path, "part3.eml", third)
    assert result.metadata["fragment"] == "3 of 3"
    assert result.metadata["partial_id"] == IDENTITY
    assert result.children == []  # the slice of a base64 attachment is no file
    assert "Acme" not in result.text and "YWNtZ" not in result.text
    assert "Quarterly figures (part 3 of 3)" in result.text


def _carrier(parts: list[bytes]) -> bytes:
    body = b"".join(b"--CUT\n" + part + b"\n" for part in parts)
    return (
        b"From: relay@example.org\nSubject: forwarded pieces\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="CUT"\n\n'
        b"--CUT\nContent-Type: text/plain\n\nThe pieces follow.\n" + body + b"--CUT--\n"
    )


def test_fragments_carried_as_parts_of_one_message_are_joined(tmp_path):
    fragments = _fragments()
    result = _read_bytes(tmp_path, "carrier.eml", _carrier(fragments[::-1]))
    assert "The pieces follow." in result.text
    [joined] = result.children
    assert joined.name == "joined-1.eml"
    _assert_is_the_original(tmp_path, joined.data)

    result = _read_bytes(tmp_path, "carrier.eml", _carrier(fragments[:2]))
    assert result.children == []
    assert result.metadata["partial"] == [f'partial: 2 of 3 fragments present (id "{IDENTITY}")']


def test_fragments_in_a_zipped_maildir_are_joined(tmp_path):
    path = tmp_path / "maildir.zip"
    with zipfile.ZipFile(path, "w") as out:
        for number, fragment in enumerate(_fragments(), start=1):
            out.writestr(f"Maildir/cur/{number}.eml", fragment)
    result = _read(path)
    joined = result.children[-1]
    assert joined.metadata["joined_from"] == [f"Maildir/cur/{n}.eml" for n in (1, 2, 3)]
    _assert_is_the_original(tmp_path, joined.data)


def test_a_joined_message_past_the_size_limit_is_not_made(tmp_path):
    path = _mbox(tmp_path, _fragments())
    limits = Limits(max_child_bytes=len(CSV))
    result = mbox.extract(Source(path=path, mime="application/mbox", limits=limits))
    assert [child.name for child in result.children] == ["1", "2", "3"]
    assert "not joined" in result.metadata["partial"][0]


def test_a_stray_number_past_the_total_is_left_out_and_names_do_not_clash(tmp_path):
    *fragments, last = _fragments()
    stray = last.replace(b"number=3; total=3", b"number=4; total=3")
    path = tmp_path / "maildir.zip"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("joined-1.eml", b"From: x@example.org\nSubject: a name taken\n\nhello\n")
        for number, fragment in enumerate([*fragments, last, stray], start=1):
            out.writestr(f"cur/{number}.eml", fragment)
    result = _read(path)
    joined = result.children[-1]
    assert joined.name == "joined-1~2.eml"
    assert joined.metadata["joined_from"] == ["cur/1.eml", "cur/2.eml", "cur/3.eml"]
    _assert_is_the_original(tmp_path, joined.data)
