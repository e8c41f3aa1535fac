"""Detection from bytes: every family on real corpus files, generated files for the edge cases."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

import pytest

from nutgraf.ingest.detect import detect
from tests.conftest import corpus_file

CORPUS_CASES = [
    # text, web, data
    ("aleph/aleph/tests/fixtures/samples/taggable.txt", "text/plain"),
    ("aleph/aleph/tests/fixtures/samples/website.html", "text/html"),
    ("tika/html/testUserDefinedCharset.mhtml", "multipart/related"),
    ("ingest-file/example_2.json", "application/json"),
    ("aleph/aleph/tests/fixtures/experts.csv", "text/csv"),
    ("tika/integration-tests/testOptionalHyphen.rtf", "text/rtf"),
    ("ingest-file/empty.pdf", "application/x-empty"),
    # PDF and images
    ("aleph/aleph/tests/fixtures/demo.pdf", "application/pdf"),
    ("ingest-file/regression_jpg.jpg", "image/jpeg"),
    ("py-pdf-sample-files/007-imagemagick-images/smile.png", "image/png"),
    ("ingest-file/hello_world_tiff.tif", "image/tiff"),
    ("tika/image/testJBIG2.jb2", "image/x-jbig2"),
    # office, current and legacy
    (
        "ingest-file/hello world word.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("ingest-file/file.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ingest-file/doc.doc", "application/msword"),
    ("ingest-file/slides.ppt", "application/vnd.ms-powerpoint"),
    ("ingest-file/Plan.odt", "application/vnd.oasis.opendocument.text"),
    ("ingest-file/password_protected.xlsx", "application/x-encrypted-office"),
    ("tika/miscoffice/testWordPerfect.wpd", "application/vnd.wordperfect"),
    ("tika/miscoffice/testWordPerfect_5_1.wp", "application/vnd.wordperfect"),
    ("tika/integration-tests/testWORKS.wps", "application/vnd.ms-works"),
    ("tika/integration-tests/testWORKSWordProcessor3.0.wps", "application/vnd.ms-works"),
    ("tika/microsoft/testPUBLISHER.pub", "application/x-mspublisher"),
    ("tika/microsoft/testVISIO.vsd", "application/vnd.visio"),
    ("tika/microsoft/testVISIO.vsdx", "application/vnd.ms-visio.drawing.main+xml"),
    ("tika/integration-tests/testStarOffice-5.2-writer.sdw", "application/vnd.stardivision.writer"),
    ("tika/miscoffice/testHWP_5.0.hwp", "application/x-hwp"),
    ("tika/miscoffice/testHWP-v5-dist.hwp", "application/x-hwp"),
    ("tika/miscoffice/testHWP_3.0.hwp", "application/x-hwp"),
    ("tika/microsoft/testPPT.xps", "application/vnd.ms-xpsdocument"),
    ("tika/microsoft/testXPSWithDataDescriptor.xps", "application/vnd.ms-xpsdocument"),
    ("tika/apple/testPages.pages", "application/vnd.apple.iwork"),
    ("tika/apple/testKeynote2013.key", "application/vnd.apple.iwork"),
    ("tika/microsoft/testOneNote.one", "application/onenote"),
    ("tika/microsoft/testOneNote2016.one", "application/onenote"),
    # databases
    ("ingest-file/Books_be.mdb", "application/x-msaccess"),
    ("ingest-file/PAK_adm1.dbf", "application/x-dbf"),
    # mail
    ("aleph/contrib/testdata/Fwd_Re_Your_Campaign.eml", "message/rfc822"),
    ("ingest-file/plan.mbox", "application/mbox"),
    ("ingest-file/piste.msg", "application/vnd.ms-outlook"),
    ("ingest-file/testPST.pst", "application/vnd.ms-outlook-pst"),
    ("ingest-file/john-doe.vcf", "text/vcard"),
    ("ingest-file/event.ical", "text/calendar"),
    ("tika/crypto/test.xml.p7m", "application/pkcs7-mime"),
    ("tika/crypto/testDetached.p7s", "application/pkcs7-mime"),
    ("tika/crypto/testPKCS7_enveloped_def.p7m", "application/pkcs7-mime"),
    # archives
    ("ingest-file/500_pages.7z", "application/x-7z-compressed"),
    ("tika/pkg/test-documents.cpio", "application/x-cpio"),
    ("tika/pkg/test-documents-spanned.zip", "application/zip"),
    ("tika/microsoft/testChm.chm", "application/vnd.ms-htmlhelp"),
    ("tika/webarchive/testWARC_multiple.warc", "application/warc"),
]


@pytest.mark.parametrize(("relative", "expected"), CORPUS_CASES)
def test_corpus_file_is_detected(relative: str, expected: str) -> None:
    assert detect(corpus_file(relative)) == expected


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("word/embeddings/oleObject1.bin", "application/x-ole-object"),  # Ole10Native package
        ("word/embeddings/oleObject5.bin", "application/x-ole-object"),  # `package` stream
        ("word/embeddings/oleObject4.bin", "application/msword"),  # a whole legacy document
    ],
)
def test_embedded_ole_objects_are_told_from_works(
    tmp_path: Path, member: str, expected: str
) -> None:
    with zipfile.ZipFile(corpus_file("tika/microsoft/testWPSAttachment.docx")) as docx:
        path = tmp_path / "object.bin"
        path.write_bytes(docx.read(member))
    assert detect(path) == expected


def test_acrobat_embedded_pdf_object_is_an_ole_object(tmp_path: Path) -> None:
    with zipfile.ZipFile(corpus_file("tika/microsoft/EmbeddedPDF.docx")) as docx:
        path = tmp_path / "object.bin"
        path.write_bytes(docx.read("word/embeddings/oleObject1.bin"))
    assert detect(path) == "application/x-ole-object"


def test_xps_with_any_sequence_name(tmp_path: Path) -> None:
    path = tmp_path / "doc"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("MySequence.fdseq", "<FixedDocumentSequence/>")
    assert detect(path) == "application/vnd.ms-xpsdocument"


def test_pem_pkcs7(tmp_path: Path) -> None:
    der = corpus_file("tika/crypto/testPKCS7_signed_data_def.p7m").read_bytes()
    body = base64.encodebytes(der).decode()
    path = tmp_path / "signed"
    path.write_text(f"-----BEGIN PKCS7-----\n{body}-----END PKCS7-----\n")
    assert detect(path) == "application/pkcs7-mime"


def test_random_der_sequence_is_not_pkcs7(tmp_path: Path) -> None:
    path = tmp_path / "cert"
    # a SEQUENCE holding an OID that is not PKCS#7 content (rsaEncryption)
    path.write_bytes(bytes.fromhex("300d06092a864886f70d0101010500") + bytes(range(256)) * 4)
    assert detect(path) != "application/pkcs7-mime"


def test_last_volume_of_a_split_zip(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", bytes(range(256)) * 400)
    path = tmp_path / "x.zip"
    path.write_bytes(b"\x07\x93" + bytes(range(256)) * 300 + buffer.getvalue()[-200:])
    assert detect(path) == "application/zip"


def test_hwp3_and_jbig2_and_onenote_signatures(tmp_path: Path) -> None:
    cases = {
        b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + bytes(200): "application/x-hwp",
        b"\x97JB2\r\n\x1a\n\x01" + bytes(200): "image/x-jbig2",
        bytes.fromhex("e4525c7b8cd8a74daeb15378d02996d3") + bytes(200): "application/onenote",
        b"bplist00\xd1\x01\x02" + bytes(200): "application/x-bplist",
        b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + bytes(200): "multipart/appledouble",
    }
    for index, (data, expected) in enumerate(cases.items()):
        path = tmp_path / f"f{index}"
        path.write_bytes(data)
        assert detect(path) == expected
