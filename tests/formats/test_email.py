"""The mail reader on real files: EML/EMLX, MSG, TNEF, PST, vCard, iCalendar, S/MIME."""

from __future__ import annotations

import base64
import shutil
import subprocess
from email.message import EmailMessage
from pathlib import Path

import pytest

from nutgraf.errors import Corrupt, Encrypted
from nutgraf.ingest.formats import email as mail
from nutgraf.ingest.formats.base import Extraction, Source
from tests.conftest import corpus_file


def read(path: Path, mime: str = mail.RFC822) -> Extraction:
    return mail.extract(Source(path=path, mime=mime))


def child_names(extraction: Extraction) -> list[str]:
    return [child.name for child in extraction.children]


# --- EML -----------------------------------------------------------------------------------


def test_eml_header_block_then_body_with_iso_date_and_thread_ids() -> None:
    result = read(corpus_file("tika/mail/testRFC822-mixed-with-pdf-inline"))
    meta = result.metadata
    assert meta["from"] == ["John Smith <john.smith@domain.com>"]
    assert meta["from_addresses"] == [{"name": "John Smith", "email": "john.smith@domain.com"}]
    assert meta["to"] == ["johndoe@gmail.com"]
    assert meta["date"] == "2017-05-29T16:55:27-07:00"
    assert meta["title"] == meta["subject"]
    assert meta["in_reply_to"] == "<EA5DA741-A746-482C-A912-070E9D2FEA18@domain.com>"
    assert len(meta["references"]) == 3
    assert result.text.startswith(
        "From: John Smith <john.smith@domain.com>\nTo: johndoe@gmail.com\n"
    )
    assert "Subject: Re: Jane Doe Has Invited You" in result.text
    assert "I cannot access that page" in result.text
    assert child_names(result) == ["tzora-titan-4-hummer-xl-manual.pdf"]


def test_eml_cc_and_bcc_lists() -> None:
    meta = read(corpus_file("tika/mail/testRFC822-CC-BCC")).metadata
    assert meta["from"] == ["beth.apollo@enron.com"]
    assert len(meta["to"]) == 10 and "shona.wilson@enron.com" in meta["to"]
    assert "sally.beck@enron.com" in meta["cc"] and "sally.beck@enron.com" in meta["bcc"]
    assert meta["cc_addresses"][0] == {"name": "", "email": "sally.beck@enron.com"}


def test_eml_rfc2047_headers_and_quoted_printable_body() -> None:
    meta = read(corpus_file("tika/mail/testRFC822_i18nheaders")).metadata
    assert meta["from"] == ["Keld Jørn Simonsen <keld@dkuug.dk>"]
    text = read(corpus_file("tika/mail/testRFC822_quoted")).text
    assert "Düsseldorf has non-ascii. Lines can be split like this." in text


def test_eml_base64_body_is_decoded() -> None:
    text = read(corpus_file("tika/mail/testRFC822_base64")).text
    assert "Here is some text, with international characters, voilà!" in text


def test_eml_plain_alternative_preferred_over_html() -> None:
    text = read(corpus_file("ingest-file/email_multipart_alternative.eml")).text
    assert text.endswith("This is a **multipart/alternative** message.")
    assert "<" not in text.split("\n\n", 1)[1]


def test_eml_html_only_body_reduced_to_visible_text() -> None:
    result = read(corpus_file("ingest-file/email_strip_markup.eml"))
    body = result.text.split("\n\n", 1)[1]
    assert "This is the body of an HTML message." in body
    assert "<" not in body


def test_eml_mixed_parts_all_kept_in_order() -> None:
    text = read(corpus_file("ingest-file/email_multipart_mixed.eml")).text
    order = ["first part (plaintext)", "second part (HTML)", "third part", "fourth part (HTML)"]
    positions = [text.index(snippet) for snippet in order]
    assert positions == sorted(positions)


def test_eml_attached_message_becomes_child_eml(tmp_path: Path) -> None:
    result = read(corpus_file("ingest-file/email_attached_plaintext.eml"))
    assert child_names(result) == ["message-1.eml"]
    assert result.text.endswith("This is the body of the email that contains the attachment.")
    path = tmp_path / "nested.eml"
    path.write_bytes(result.children[0].data)
    nested = read(path)
    assert nested.metadata["subject"] == "Plaintext only"
    assert nested.text.endswith("This is the body of a plaintext message.")


def test_eml_attachments_named_by_file_name() -> None:
    result = read(corpus_file("tika/mail/testRFC822_multipart_attachments.eml"))
    assert child_names(result) == ["Test TxtA.txt", "Test TxtB.txt"]
    png = read(corpus_file("tika/mail/testEmailWithPNGAtt.eml"))
    assert child_names(png) == ["testPNG.png"]
    assert png.children[0].data.startswith(b"\x89PNG")


def test_eml_nested_message_in_groupwise_mail() -> None:
    result = read(corpus_file("tika/mail/testGroupWiseEml.eml"))
    assert child_names(result) == ["test.eml", "Neues Textdokument.txt"]


def test_eml_aleph_forward_in_german() -> None:
    result = read(corpus_file("aleph/contrib/testdata/Fwd_Re_Your_Campaign.eml"))
    assert result.metadata["from"] == ["Kevin Kühnert <kevin.kuehnert@jusos.de>"]
    assert result.metadata["subject"] == "Fwd: Re: Your Campaign"
    assert "Weitergeleitete Nachricht" in result.text


def test_rfc822_without_extension_named_msg() -> None:
    result = read(corpus_file("ingest-file/fnf.msg"))
    assert result.metadata["to"] == ["info@okfn.de"]
    assert result.metadata["date"] == "2017-06-06T17:24:50+02:00"
    assert "Sehr geehrter Herr Gehrke" in result.text
    assert [name.endswith(".png") for name in child_names(result)] == [True]


def test_emlx_count_line_and_plist_are_dropped() -> None:
    result = read(corpus_file("ingest-file/plaintext.emlx"))
    assert result.metadata["container"] == "emlx"
    assert result.metadata["from"] == ["Michael <michael@example.com>"]
    assert result.text.endswith("> Thank you!")
    assert "plist" not in result.text
    tika = read(corpus_file("tika/microsoft/testEMLX.emlx"))
    assert tika.metadata["subject"] == "[jira] Commented: (TIKA-461) RFC822 messages not parsed"


def test_bad_charset_and_bad_base64_do_not_crash(tmp_path: Path) -> None:
    raw = (
        b"From: =?x-unknown-charset?q?Jos=E9?= <jose@example.org>\r\n"
        b"Subject: =?utf-8?b?Q2Fmw6k=?= \xe9t\xe9\r\n"
        b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
        b"--XX\r\nContent-Type: text/plain; charset=no-such-charset\r\n\r\nCaf\xc3\xa9 ok\r\n"
        b"--XX\r\nContent-Type: application/pdf; name=broken.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n%%%not base64 at all!!\r\n--XX--\r\n"
    )
    path = tmp_path / "broken.eml"
    path.write_bytes(raw)
    result = read(path)
    assert "Café ok" in result.text
    assert result.metadata["subject"].startswith("Café")
    assert result.metadata["from_addresses"][0]["email"] == "jose@example.org"
    assert child_names(result) == ["broken.pdf"]


def test_empty_file_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "empty.eml"
    path.write_bytes(b"  \n")
    with pytest.raises(Corrupt):
        read(path)


# --- S/MIME and PGP ------------------------------------------------------------------------


def _smime_mail(tmp_path: Path, p7m: Path, smime_type: str) -> Path:
    message = EmailMessage()
    message["From"] = "Signer <signer@example.org>"
    message["Subject"] = "S/MIME test"
    message.set_content(
        p7m.read_bytes(),
        maintype="application",
        subtype="pkcs7-mime",
        params={"smime-type": smime_type},
        filename=p7m.name,
    )
    path = tmp_path / "smime.eml"
    path.write_bytes(message.as_bytes())
    return path


def test_smime_signed_document_is_unwrapped_as_child(tmp_path: Path) -> None:
    # The content signed in this PKCS#7 is an XML document, not a MIME entity: it becomes a
    # child named after the .p7m without its extension.
    p7m = corpus_file("tika/crypto/test.xml.p7m")
    result = read(_smime_mail(tmp_path, p7m, "signed-data"))
    assert result.metadata["signed"] == "smime"
    assert child_names(result) == ["test.xml"]
    assert result.children[0].data.startswith(b'<?xml version="1.0"')
    assert b'<SourceCode version="1.0.0">TEST_APP</SourceCode>' in result.children[0].data


def test_smime_enveloped_data_is_encrypted(tmp_path: Path) -> None:
    p7m = corpus_file("tika/crypto/testPKCS7_enveloped_def.p7m")
    with pytest.raises(Encrypted):
        read(_smime_mail(tmp_path, p7m, "enveloped-data"))


def test_pgp_encrypted_and_signed_are_recorded(tmp_path: Path) -> None:
    armored = "-----BEGIN PGP MESSAGE-----\n\nhQEMA5x\n-----END PGP MESSAGE-----\n"
    encrypted = (
        "From: a@example.org\nSubject: secret\nMIME-Version: 1.0\n"
        'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary=B\n\n'
        "--B\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"
        f"--B\nContent-Type: application/octet-stream\n\n{armored}--B--\n"
    )
    path = tmp_path / "pgp.eml"
    path.write_text(encrypted)
    with pytest.raises(Encrypted):
        read(path)
    signed = (
        "From: a@example.org\nSubject: signed\nMIME-Version: 1.0\n"
        'Content-Type: multipart/signed; protocol="application/pgp-signature"; boundary=S\n\n'
        "--S\nContent-Type: text/plain\n\nMeet at noon.\n"
        "--S\nContent-Type: application/pgp-signature\n\n-----BEGIN PGP SIGNATURE-----\n--S--\n"
    )
    path.write_text(signed)
    result = read(path)
    assert result.metadata["signed"] == "pgp"
    assert result.text.endswith("Meet at noon.")
    assert result.children == []


# --- MSG, TNEF, PST ------------------------------------------------------------------------


def test_msg_headers_body_and_attachments() -> None:
    result = read(corpus_file("msg-extractor/unicode.msg"), mail.MSG)
    meta = result.metadata
    assert meta["from"] == ["Brian Zhou <brizhou@gmail.com>"]
    assert meta["to"] == ["brianzhou@me.com"]
    assert meta["cc"] == ["Brian Zhou <brizhou@gmail.com>"]
    assert meta["subject"] == "Test for TIF files"
    assert meta["date"] == "2013-11-18T08:26:24+00:00"
    assert "experiment with the MS Outlook MSG Extractor" in result.text
    assert child_names(result) == ["import OleFileIO.tif", "raised value error.tif"]


def test_msg_without_sender_or_date() -> None:
    result = read(corpus_file("msg-extractor/strangeDate.msg"), mail.MSG)
    assert result.metadata["subject"] == "MSG Test File"
    assert "from" not in result.metadata
    assert "Provide example of this file type" in result.text


def test_msg_embedded_message_is_child_msg() -> None:
    result = read(corpus_file("tika/microsoft/testMSG_att_msg.msg"), mail.MSG)
    assert child_names(result) == ["Test Attachment.msg", "smbprn.00009008.KdcPjl.pdf"]
    assert result.children[0].data.startswith(bytes.fromhex("d0cf11e0a1b11ae1"))
    assert result.children[1].data.startswith(b"%PDF")


def test_msg_sender_with_comma_stays_one_person() -> None:
    meta = read(corpus_file("tika/microsoft/testMSG_Appointment.msg"), mail.MSG).metadata
    assert meta["from"] == ["Allison, Timothy B."]
    assert meta["item_type"] == "AppointmentMeeting"


def test_tnef_body_and_attachments() -> None:
    result = read(corpus_file("tika/microsoft/testWINMAIL.dat"), mail.TNEF)
    assert result.metadata["subject"] == "This is a test message"
    assert "Five files from Hell!" in result.text
    names = child_names(result)
    assert names == ["quick.doc", "quick.html", "quick.pdf", "quick.txt", "quick.xml"]
    assert result.children[2].data.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("relative", "expected"),
    [("tika/microsoft/testPST.pst", 7), ("ingest-file/testPST.pst", 6)],
)
def test_pst_every_message_becomes_a_child(relative: str, expected: int) -> None:
    result = read(corpus_file(relative), mail.PST)
    assert result.metadata["expected_count"] == expected
    assert result.metadata["extracted_count"] == expected == len(result.children)
    assert result.metadata["failed_count"] == 0
    first = result.children[0]
    assert first.name == "Début du fichier de données Outlook/1.eml"


def test_pst_child_is_a_readable_mail(tmp_path: Path) -> None:
    result = read(corpus_file("tika/microsoft/testPST.pst"), mail.PST)
    subjects = []
    for child in result.children:
        path = tmp_path / "child.eml"
        path.write_bytes(child.data)
        subjects.append(read(path).metadata.get("subject"))
    assert "[jira] [Resolved] (TIKA-1249) Vcard files detection" in subjects
    assert "FW: First email" in subjects
    path.write_bytes(result.children[0].data)
    first = read(path)
    assert first.metadata["from"] == ["Jörn Kottmann <kottmann@gmail.com>"]
    assert first.metadata["date"] == "2014-02-26T08:50:04+01:00"


def test_pst_garbage_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "bad.pst"
    path.write_bytes(b"!BDN" + base64.b64decode("AAAA") * 100)
    with pytest.raises(Corrupt):
        read(path, mail.PST)


# --- vCard and iCalendar -------------------------------------------------------------------


def test_vcard_readable_lines() -> None:
    result = read(corpus_file("ingest-file/john-doe.vcf"), mail.VCARD)
    assert result.metadata["title"] == "John Doe"
    assert "Email (WORK, pref): johnDoe@example.org" in result.text
    assert "Phone (CELL): +1 781 555 1212" in result.text
    assert "Address (WORK): 2 Enterprise Avenue, Worktown, NY 01111, USA" in result.text
    assert "URL (pref): http://www.example/com/doe" in result.text


def test_vcard_21_quoted_printable_continuation() -> None:
    result = read(corpus_file("ingest-file/multiline_quoted_printable.vcf"), mail.VCARD)
    assert result.text == "Name: Max Müüüüüller\nEmail: max.mueller@example.org"


def test_calendar_events() -> None:
    event = read(corpus_file("ingest-file/event.ical"), mail.CALENDAR)
    assert event.metadata == {"event_count": 1, "title": "Abraham Lincoln"}
    assert "Start: 2008-02-12\n" in event.text
    assert "Location: Hodgenville, Kentucky" in event.text
    meetup = read(corpus_file("ingest-file/meetup.ics"), mail.CALENDAR)
    assert "Start: 2020-11-23T19:00:00+01:00" in meetup.text
    assert meetup.metadata["title"].startswith("PyBerlin 22")


def test_smime_signed_mime_entity_becomes_the_body(tmp_path: Path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl command not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=Signer",
         "-days", "2", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    entity = tmp_path / "entity.txt"
    entity.write_bytes(b"Content-Type: text/plain; charset=utf-8\r\n\r\nPay 5 000 EUR to Zoe.\r\n")
    signed = tmp_path / "signed.der"
    subprocess.run(
        [openssl, "cms", "-sign", "-nodetach", "-binary", "-in", str(entity), "-signer",
         str(cert), "-inkey", str(key), "-outform", "DER", "-out", str(signed)],
        check=True, capture_output=True,
    )  # fmt: skip
    result = read(_smime_mail(tmp_path, signed, "signed-data"))
    assert result.metadata["signed"] == "smime"
    assert result.text.endswith("Pay 5 000 EUR to Zoe.")
    assert result.children == []
