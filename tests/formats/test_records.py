"""Databases, web archives, PKCS#7, JBIG2 and the libarchive/7-Zip archive readers."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
from pathlib import Path

import libarchive
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7 as pkcs7_builder
from cryptography.x509.oid import NameOID
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from nutgraf.errors import Bomb, Corrupt, Encrypted
from nutgraf.ingest.detect import detect
from nutgraf.ingest.formats import archive, database, jbig2, pkcs7, webarchive
from nutgraf.ingest.formats.base import Limits, Source
from tests.conftest import corpus_file

# -- Access and dBASE ------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("mdb-export") is None, reason="mdbtools not installed")
def test_access_tables_as_sheets() -> None:
    path = corpus_file("tika/microsoft/testAccess2_2000.mdb")
    result = database.extract(Source(path=path, mime="application/x-msaccess"))
    assert result.metadata["sheets"] == ["Table1", "Table2"]
    lines = result.text.splitlines()
    assert lines[0] == "Table1"
    assert lines[1].startswith("ID\tShortTextField\tNumberField\tCurrencyField\tDateField")
    assert lines[2].startswith("1\tthe quick\t3\t6.2300\t2015-06-24T00:00:00")
    assert "普林斯顿大学" in result.text
    assert result.pages[1] == result.text.index("Table2")


def test_dbf_records_with_declared_encoding() -> None:
    path = corpus_file("ingest-file/PAK_adm1.dbf")
    result = database.extract(Source(path=path, mime="application/x-dbf", name="PAK_adm1.dbf"))
    lines = result.text.splitlines()
    assert lines[0] == "PAK_adm1"
    assert lines[1].split("\t")[:3] == ["ID_0", "ISO", "NAME_0"]
    assert "Balochistan|BéloutchistanBeluchistan|Baluchistão" in result.text
    assert result.metadata["record_count"] == 8


def _dbf(fields: list[tuple[str, str, int]], records: list[list[bytes]]) -> bytes:
    """A dBASE III table: header, field descriptors, fixed-width records."""
    record_size = 1 + sum(size for _, _, size in fields)
    header_size = 32 + 32 * len(fields) + 1
    out = struct.pack("<BBBBIHH20x", 3, 124, 1, 2, len(records), header_size, record_size)
    for name, kind, size in fields:
        out += struct.pack("<11sc4xBB14x", name.encode(), kind.encode(), size, 0)
    out += b"\r"
    for record in records:
        out += b" " + b"".join(
            value.ljust(size) for value, (_, _, size) in zip(record, fields, strict=True)
        )
    return out + b"\x1a"


def test_generated_dbf_numbers_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "t.dbf"
    path.write_bytes(
        _dbf(
            [("NAME", "C", 10), ("AMOUNT", "N", 8), ("PAID", "D", 8)],
            [[b"Acme", b"  1500.5", b"20240131"], [b"Zenith", b"      42", b"        "]],
        )
    )
    assert detect(path) == "application/x-dbf"
    result = database.extract(Source(path=path, mime="application/x-dbf", name="t.dbf"))
    assert result.text.splitlines()[1:] == [
        "NAME\tAMOUNT\tPAID",
        "Acme\t1500.5\t2024-01-31",
        "Zenith\t42",
    ]


# -- WARC / ARC ------------------------------------------------------------------------------


def test_warc_responses_become_children() -> None:
    path = corpus_file("tika/webarchive/testWARC_multiple.warc")
    result = webarchive.extract(Source(path=path, mime="application/warc"))
    assert "https://russellvets.org/" in result.text
    page = result.children[0]
    assert page.name == "russellvets.org/index.html"
    assert page.metadata["content_type"] == "text/html"
    assert b"<html" in page.data.lower()
    assert result.metadata["records"] == {"response": 2, "request": 2}


def test_generated_gzipped_warc_decodes_payload(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "http://example.org/a/", "response", payload=io.BytesIO(b"leaked memo"), http_headers=http
    )
    writer.write_record(record)
    path = tmp_path / "crawl.warc"
    path.write_bytes(buffer.getvalue())
    result = webarchive.extract(Source(path=path, mime="application/warc"))
    [child] = result.children
    assert (child.name, child.data) == ("example.org/a/index.html", b"leaked memo")


def test_arc_file_is_read(tmp_path: Path) -> None:
    import gzip

    raw = gzip.decompress(corpus_file("tika/webarchive/example.arc.gz").read_bytes())
    path = tmp_path / "x.arc"
    path.write_bytes(raw)
    assert detect(path) == "application/x-ia-arc"
    result = webarchive.extract(Source(path=path, mime="application/x-ia-arc"))
    assert [child.name for child in result.children] == ["example.com/index.html"]
    assert b"Example Domain" in result.children[0].data


# -- PKCS#7 ----------------------------------------------------------------------------------


def test_signed_xml_is_unwrapped_and_named() -> None:
    path = corpus_file("tika/integration-tests/testPKCS17Sig-v2.xml.p7m")
    result = pkcs7.extract(Source(path=path, mime="application/pkcs7-mime", name=path.name))
    [child] = result.children
    assert child.name == "testPKCS17Sig-v2.xml"
    assert child.data.startswith(b"<?xml")
    assert "DE ANGELIS" in result.metadata["signers"][0]["subject"]


def test_enveloped_is_encrypted_and_detached_is_metadata_only() -> None:
    with pytest.raises(Encrypted):
        pkcs7.extract(
            Source(
                path=corpus_file("tika/crypto/testPKCS7_enveloped_ind.p7m"),
                mime="application/pkcs7-mime",
            )
        )
    path = corpus_file("tika/crypto/testPKCS7_signature_def.p7s")
    result = pkcs7.extract(Source(path=path, mime="application/pkcs7-mime"))
    assert result.children == [] and result.metadata["detached_signature"] is True
    assert "Usuario de pruebas" in result.metadata["signers"][0]["subject"]


def test_generated_pem_signed_data(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Jane Source")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    signed = (
        pkcs7_builder.PKCS7SignatureBuilder()
        .set_data(b"wire 2,000,000 EUR to Lugano")
        .add_signer(cert, key, hashes.SHA256())
        .sign(serialization.Encoding.PEM, [pkcs7_builder.PKCS7Options.Binary])
    )
    path = tmp_path / "order.txt.p7m"
    path.write_bytes(signed)
    assert detect(path) == "application/pkcs7-mime"
    result = pkcs7.extract(Source(path=path, mime="application/pkcs7-mime", name=path.name))
    [child] = result.children
    assert (child.name, child.data) == ("order.txt", b"wire 2,000,000 EUR to Lugano")
    assert result.metadata["signers"][0]["subject"] == "CN=Jane Source"


# -- JBIG2 -----------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("jbig2dec") is None, reason="jbig2dec not installed")
def test_jbig2_is_decoded_and_ocred() -> None:
    path = corpus_file("tika/image/testJBIG2.jb2")
    result = jbig2.extract(Source(path=path, mime="image/x-jbig2", ocr_languages="eng"))
    assert result.text.strip() == "This is a test image."
    assert result.ocr and result.metadata["width"] == 328


@pytest.mark.skipif(shutil.which("jbig2dec") is None, reason="jbig2dec not installed")
def test_truncated_jbig2_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "cut.jb2"
    path.write_bytes(corpus_file("tika/image/testJBIG2.jb2").read_bytes()[:13])
    with pytest.raises(Corrupt):
        jbig2.extract(Source(path=path, mime="image/x-jbig2"))


# -- cpio, ISO (libarchive), CHM (7-Zip) -----------------------------------------------------


def test_cpio_members() -> None:
    path = corpus_file("tika/pkg/test-documents.cpio")
    result = archive.extract(Source(path=path, mime="application/x-cpio"))
    names = [child.name for child in result.children]
    assert "test-documents/testEXCEL.xls" in names and len(names) == 9
    excel = next(child for child in result.children if child.name.endswith("testEXCEL.xls"))
    assert excel.data.startswith(b"\xd0\xcf\x11\xe0")


def _write_archive(path: Path, kind: str, members: dict[str, bytes]) -> None:
    with libarchive.file_writer(str(path), kind) as writer:
        for name, data in members.items():
            writer.add_file_from_memory(name, len(data), data)


def test_generated_iso_and_cpio_bomb(tmp_path: Path) -> None:
    iso = tmp_path / "disk.iso"
    _write_archive(iso, "iso9660", {"docs/memo.txt": b"the memo"})
    assert detect(iso) == "application/x-iso9660-image"
    result = archive.extract(Source(path=iso, mime="application/x-iso9660-image"))
    assert [(child.name, child.data) for child in result.children] == [
        ("docs/memo.txt", b"the memo")
    ]
    bomb = tmp_path / "bomb.cpio"
    _write_archive(bomb, "cpio", {"zeros": bytes(3 * 1024 * 1024)})
    limits = Limits(max_total_expanded=1024 * 1024)
    with pytest.raises(Bomb):
        archive.extract(Source(path=bomb, mime="application/x-cpio", limits=limits))


@pytest.mark.skipif(shutil.which("7zz") is None and shutil.which("7z") is None, reason="no 7-Zip")
def test_chm_pages_without_internal_files() -> None:
    path = corpus_file("tika/microsoft/testChm.chm")
    result = archive.extract(Source(path=path, mime="application/vnd.ms-htmlhelp"))
    names = [child.name for child in result.children]
    assert "ocx_alink.htm" in names
    assert not any(name.startswith(("#", "$")) for name in names)
    page = next(child for child in result.children if child.name == "ocx_alink.htm")
    assert b"<html" in page.data.lower() or b"<HTML" in page.data


@pytest.mark.skipif(shutil.which("7zz") is None and shutil.which("7z") is None, reason="no 7-Zip")
def test_truncated_chm_is_corrupt() -> None:
    path = corpus_file("tika/microsoft/testChm_oom.chm")
    with pytest.raises(Corrupt):
        archive.extract(Source(path=path, mime="application/vnd.ms-htmlhelp"))
