"""Archives: real parsers on archives built here and on the public corpus."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import stat
import struct
import tarfile
import time
import zipfile
import zlib
from pathlib import Path

import py7zr
import pytest

from nutgraf.errors import Bomb, Corrupt, Encrypted, TooLarge
from nutgraf.ingest.formats import archive
from nutgraf.ingest.formats._archive_common import sanitize_member_name
from nutgraf.ingest.formats.base import Extraction, Limits, Source
from tests.conftest import corpus_file

ZIP = "application/zip"
TAR = "application/x-tar"
SEVEN = "application/x-7z-compressed"
RAR = "application/vnd.rar"
GZ = "application/gzip"


def run(path: Path, mime: str, **options) -> Extraction:
    return archive.extract(Source(path=path, mime=mime, name=path.name, **options))


def by_name(extraction: Extraction) -> dict[str, bytes]:
    return {child.name: child.data for child in extraction.children}


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "etc/passwd"),
        ("/abs/file.txt", "abs/file.txt"),
        ("C:\\Users\\x\\doc.txt", "Users/x/doc.txt"),
        ("a/./b/../c", "a/b/c"),
        ("bad\x00na\x1bme\n.txt", "badname.txt"),
        ("report\u202etxt.exe", "reporttxt.exe"),
        ("//server/share/f", "server/share/f"),
    ],
)
def test_member_names_are_sanitised(raw: str, clean: str) -> None:
    assert sanitize_member_name(raw) == clean


def test_zip_traversal_and_absolute_names_are_made_relative(tmp_path: Path) -> None:
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../outside.txt", b"escape attempt")
        zf.writestr("/etc/cron.d/job", b"absolute")
        zf.writestr("ok/inside.txt", b"fine")
        zf.writestr("folder/", b"")
    result = run(path, ZIP)
    assert by_name(result) == {
        "outside.txt": b"escape attempt",
        "etc/cron.d/job": b"absolute",
        "ok/inside.txt": b"fine",
    }
    raw_names = {child.name: child.metadata.get("raw_name") for child in result.children}
    assert raw_names["outside.txt"] == "../../outside.txt"
    assert raw_names["ok/inside.txt"] is None
    assert result.text.splitlines() == ["outside.txt", "etc/cron.d/job", "ok/inside.txt"]
    assert result.children[0].metadata["modified"][:4].isdigit()


def test_zip_legacy_cp437_and_utf8_flag_names(tmp_path: Path) -> None:
    path = tmp_path / "names.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Größe.txt", b"utf8 flagged")  # zipfile sets bit 11 for non-ASCII
    assert [c.name for c in run(path, ZIP).children] == ["Größe.txt"]


def test_zip_names_in_shift_jis_and_gbk_are_detected() -> None:
    sjis = run(corpus_file("tika/integration-tests/testZipEntryNameCharsetShiftSJIS.zip"), ZIP)
    assert [c.name for c in sjis.children] == ["文章1.txt", "文章2.txt"]
    assert sjis.children[0].metadata["raw_name"] == "\\x95\\xb6\\x8f\\xcd1.txt"
    gbk = run(corpus_file("tika/pkg/gbk.zip"), ZIP)
    assert "审计压缩包文件检索测试/集团邮件审计系统2021年自动巡检需求文档_V4.0.doc" in gbk.text


# --- links -------------------------------------------------------------------------------


def test_zip_symlink_member_is_not_followed(tmp_path: Path) -> None:
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as zf:
        link = zipfile.ZipInfo("passwd")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr("real.txt", b"real content")
    result = run(path, ZIP)
    assert by_name(result) == {"real.txt": b"real content"}
    assert result.metadata["skipped_links"] == [
        {"name": "passwd", "target": "/etc/passwd", "type": "symlink"}
    ]


def test_tar_links_devices_and_traversal(tmp_path: Path) -> None:
    path = tmp_path / "t.tar"
    with tarfile.open(path, "w") as tf:
        _add_tar_file(tf, "docs/a.txt", b"alpha")
        _add_tar_file(tf, "../../evil.txt", b"evil")
        for name, kind, target in [
            ("sym", tarfile.SYMTYPE, "/etc/shadow"),
            ("hard", tarfile.LNKTYPE, "docs/a.txt"),
            ("fifo", tarfile.FIFOTYPE, ""),
        ]:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            tf.addfile(info)
    result = run(path, TAR)
    assert by_name(result) == {"docs/a.txt": b"alpha", "evil.txt": b"evil"}
    assert [(link["name"], link["type"]) for link in result.metadata["skipped_links"]] == [
        ("sym", "symlink"),
        ("hard", "hardlink"),
    ]
    assert result.metadata["skipped"][0]["name"] == "fifo"
    assert result.children[0].metadata["modified"].startswith("2024-")


def test_corpus_traversal_links_in_zip_tar_rar_7z() -> None:
    for relative, mime in [
        ("ingest-file/badzip.zip", ZIP),
        ("ingest-file/badtar.tar", TAR),
        ("ingest-file/badrar.rar", RAR),
        ("ingest-file/bad7zip.7z", SEVEN),
    ]:
        result = run(corpus_file(relative), mime)
        assert result.children == [], relative
        assert result.metadata["skipped_links"][0]["name"] == "secret.txt", relative
        assert result.text == "secret.txt"


# --- contents ----------------------------------------------------------------------------


def test_nested_zip_is_one_child_holding_the_inner_zip(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.txt", b"deep")
    path = tmp_path / "outer.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("inner.zip", inner.getvalue())
    assert by_name(run(path, ZIP)) == {"inner.zip": inner.getvalue()}


def test_corpus_zip_7z_rar_tar_have_the_same_documents() -> None:
    expected_pdf = corpus_file("ingest-file/test-documents.tar")
    with tarfile.open(expected_pdf) as tf:
        member = tf.extractfile("test-documents/testPDF.pdf")
        assert member is not None
        pdf = member.read()
    for relative, mime in [
        ("ingest-file/test-documents.rar", RAR),
        ("tika/pkg/test-documents.7z", SEVEN),
        ("ingest-file/test-documents.tar", TAR),
    ]:
        children = by_name(run(corpus_file(relative), mime))
        assert len(children) == 9, relative
        assert children["test-documents/testPDF.pdf"] == pdf, relative
    flat = by_name(run(corpus_file("ingest-file/test-documents.zip"), ZIP))
    assert flat["testPDF.pdf"] == pdf


def test_corpus_zip_with_macosx_member_and_eml() -> None:
    result = run(corpus_file("aleph/aleph/tests/fixtures/samples/testThunderbirdEml.eml.zip"), ZIP)
    children = by_name(result)
    assert set(children) == {"testThunderbirdEml.eml", "__MACOSX/._testThunderbirdEml.eml"}
    assert b"Subject:" in children["testThunderbirdEml.eml"]


def test_droste_zip_does_not_keep_its_copy_of_itself() -> None:
    result = run(corpus_file("tika/pkg/droste.zip"), ZIP)
    assert [c.name for c in result.children] == ["droste.jpg"]
    assert result.children[0].data[:2] == b"\xff\xd8"
    assert result.metadata["skipped"][0]["reason"] == "copy_of_archive"


def test_corrupt_archives_raise_corrupt(tmp_path: Path) -> None:
    with pytest.raises(Corrupt, match="corrupt: not a readable zip"):
        run(corpus_file("tika/microsoft/testZIP_corrupted_oom.zip"), ZIP)
    with pytest.raises(Corrupt, match="split volume"):
        run(corpus_file("ingest-file/500_pages.7z.001"), SEVEN)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(Corrupt):
        run(broken, ZIP)
    garbage = tmp_path / "garbage.tar"
    garbage.write_bytes(b"\x01" * 1024)
    with pytest.raises(Corrupt):
        run(garbage, TAR)


def test_deflate64_member_windows_explorer_writes(tmp_path: Path) -> None:
    import inflate64

    text = b"Deflate64 is what Windows Explorer uses for big files. " * 2000
    deflater = inflate64.Deflater()
    stream = deflater.deflate(text) + deflater.flush()
    path = tmp_path / "d64.zip"
    _write_deflated_zip(path, "d64.txt", stream, len(text), zlib.crc32(text), method=9)
    assert by_name(run(path, ZIP)) == {"d64.txt": text}


def test_crc_damaged_member_is_skipped_others_kept(tmp_path: Path) -> None:
    path = tmp_path / "crc.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("good.txt", b"good data")
        zf.writestr("bad.txt", b"original data")
    blob = path.read_bytes().replace(b"original data", b"tampered data")
    path.write_bytes(blob)
    result = run(path, ZIP)
    assert by_name(result) == {"good.txt": b"good data"}
    assert result.metadata["skipped"][0]["name"] == "bad.txt"
    assert result.metadata["skipped"][0]["reason"] == "corrupt"


# --- encryption --------------------------------------------------------------------------


def test_zip_with_one_encrypted_member_keeps_the_others() -> None:
    result = run(corpus_file("tika/pkg/testZipEncrypted.zip"), ZIP)
    assert list(by_name(result)) == ["unencrypted.txt"]
    assert result.metadata["encrypted_members"] == ["encrypted.txt"]


def test_fully_encrypted_zip_raises_or_opens_with_password(tmp_path: Path) -> None:
    import pyzipper

    path = tmp_path / "aes.zip"
    with pyzipper.AESZipFile(path, "w", encryption=pyzipper.WZ_AES) as zf:
        zf.setpassword(b"s3cret")
        zf.writestr("secret.txt", b"the plan")
    with pytest.raises(Encrypted):
        run(path, ZIP)
    with pytest.raises(Encrypted, match="none of the given passwords"):
        run(path, ZIP, passwords=("wrong",))
    assert by_name(run(path, ZIP, passwords=("wrong", "s3cret"))) == {"secret.txt": b"the plan"}


def test_encrypted_7z_and_rar() -> None:
    for relative in ["ingest-file/7z_password.7z", "tika/pkg/full_encrypted.7z"]:
        with pytest.raises(Encrypted):
            run(corpus_file(relative), SEVEN)
    opened = run(corpus_file("ingest-file/7z_password.7z"), SEVEN, passwords=("x", "password"))
    assert by_name(opened) == {"secret.txt": b"This is a secret!"}
    tika = run(corpus_file("tika/pkg/test7Z_protected_passTika.7z"), SEVEN, passwords=("Tika",))
    assert tika.children[0].data.startswith(b"TEST DATA FOR TIKA.")
    with pytest.raises(Encrypted):
        run(corpus_file("tika/pkg/test-documents-enc.rar"), RAR)


# --- bombs and limits --------------------------------------------------------------------


def _zeros_deflate(mebibytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of `mebibytes` MiB of zeros, built from one repeated block."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(1024 * 1024)) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    if mebibytes <= 64:  # a huge bomb is refused before its CRC is ever checked
        for _ in range(mebibytes):
            crc = zlib.crc32(bytes(1024 * 1024), crc)
    return block * mebibytes + b"\x03\x00", crc


def _write_deflated_zip(
    path: Path, name: str, stream: bytes, size: int, crc: int, method: int = 8
) -> None:
    """A zip of one member whose data is an already deflated stream (no recompression)."""
    encoded = name.encode()
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(stream), size, len(encoded), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        method,
        0,
        0x21,
        crc,
        len(stream),
        size,
        len(encoded),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    offset = len(local) + len(encoded) + len(stream)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central) + len(encoded), offset, 0)
    path.write_bytes(local + encoded + stream + central + encoded + end)


def test_realistic_zip_bomb_of_3_gib_is_refused_fast(tmp_path: Path) -> None:
    stream, crc = _zeros_deflate(3 * 1024)
    path = tmp_path / "bomb.zip"
    _write_deflated_zip(path, "zeros.bin", stream, 3 * 1024**3, crc)
    assert path.stat().st_size < 4 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(Bomb, match="bomb: declares"):
        run(path, ZIP)  # default limits
    assert time.monotonic() - started < 5


def test_zip_total_expansion_limit(tmp_path: Path) -> None:
    stream, crc = _zeros_deflate(24)
    path = tmp_path / "counted.zip"
    _write_deflated_zip(path, "zeros.bin", stream, 24 * 1024**2, crc)
    unlimited = run(path, ZIP, limits=Limits(max_ratio=1e9))
    assert by_name(unlimited)["zeros.bin"] == bytes(24 * 1024**2)
    with pytest.raises(Bomb, match="in total"):
        run(path, ZIP, limits=Limits(max_total_expanded=8 * 1024**2, max_ratio=1e9))


def test_ratio_limit_raises_bomb_past_a_few_mb(tmp_path: Path) -> None:
    stream, crc = _zeros_deflate(24)
    path = tmp_path / "ratio.zip"
    _write_deflated_zip(path, "zeros.bin", stream, 24 * 1024**2, crc)
    with pytest.raises(Bomb, match="more than 50x"):
        run(path, ZIP, limits=Limits(max_ratio=50))


def test_oversized_member_is_skipped_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("big.bin", bytes(range(256)) * 8192)  # 2 MiB, incompressible as stored
        zf.writestr("small.txt", b"small")
    result = run(path, ZIP, limits=Limits(max_child_bytes=1024 * 1024))
    assert by_name(result) == {"small.txt": b"small"}
    assert result.metadata["skipped"][0] == {
        "name": "big.bin",
        "reason": "too_large",
        "detail": "larger than the per-member limit of 1.0 MiB",
    }
    assert result.text.splitlines() == ["big.bin", "small.txt"]


def test_too_many_members_raises_too_large(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for number in range(30):
            zf.writestr(f"f{number}.txt", b"x")
    with pytest.raises(TooLarge, match="30 members"):
        run(path, ZIP, limits=Limits(max_children=20))
    tar_path = tmp_path / "many.tar"
    with tarfile.open(tar_path, "w") as tf:
        for number in range(30):
            _add_tar_file(tf, f"f{number}.txt", b"x")
    with pytest.raises(TooLarge):
        run(tar_path, TAR, limits=Limits(max_children=20))


def test_endless_gzip_stream_stops_at_the_limit(tmp_path: Path) -> None:
    member = gzip.compress(bytes(4 * 1024 * 1024), compresslevel=9)
    path = tmp_path / "endless.gz"
    path.write_bytes(member * 64)  # 256 MiB of zeros in ~260 KB of concatenated members
    started = time.monotonic()
    with pytest.raises(Bomb):
        run(path, GZ)
    with pytest.raises(Bomb, match="in total"):
        run(path, GZ, limits=Limits(max_total_expanded=16 * 1024**2, max_ratio=1e9))
    with pytest.raises(TooLarge, match="too_large"):
        run(path, GZ, limits=Limits(max_child_bytes=1024**2, max_ratio=1e9))
    assert time.monotonic() - started < 5


def test_7z_bomb_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "bomb.7z"
    with py7zr.SevenZipFile(path, "w") as sz:
        sz.writestr(bytes(12 * 1024 * 1024), "zeros.bin")
    with pytest.raises(Bomb):
        run(path, SEVEN)
    limits = Limits(max_child_bytes=1024**2, max_ratio=1e9)
    result = run(path, SEVEN, limits=limits)
    assert result.children == [] and result.metadata["skipped"][0]["reason"] == "too_large"


def test_quine_gz_is_not_its_own_child() -> None:
    result = run(corpus_file("tika/pkg/quine.gz"), GZ)
    assert result.children == []
    assert result.metadata["skipped"][0]["reason"] == "copy_of_archive"


# --- single-stream compressors -----------------------------------------------------------


def test_gzip_child_named_from_header_else_file_name(tmp_path: Path) -> None:
    named = tmp_path / "upload.bin"
    with open(named, "wb") as raw, gzip.GzipFile("Budget 2024.xlsx", "wb", fileobj=raw) as gz:
        gz.write(b"sheet bytes")
    result = run(named, GZ)
    assert by_name(result) == {"Budget 2024.xlsx": b"sheet bytes"}
    bare = tmp_path / "notes.txt.gz"
    bare.write_bytes(gzip.compress(b"notes", mtime=0))  # gzip.compress writes no name
    assert by_name(run(bare, GZ)) == {"notes.txt": b"notes"}
    unnamed = tmp_path / "blob"
    unnamed.write_bytes(gzip.compress(b"?", mtime=0))
    assert by_name(run(unnamed, GZ)) == {"content": b"?"}


def test_bzip2_xz_and_compressed_tar(tmp_path: Path) -> None:
    bz = tmp_path / "a.csv.bz2"
    bz.write_bytes(bz2.compress(b"a,b\n1,2\n") * 2)  # two streams, both read
    assert by_name(run(bz, "application/x-bzip2")) == {"a.csv": b"a,b\n1,2\n" * 2}
    xz = tmp_path / "b.txt.xz"
    xz.write_bytes(lzma.compress(b"xz text"))
    assert by_name(run(xz, "application/x-xz")) == {"b.txt": b"xz text"}
    tgz = run(corpus_file("tika/pkg/test-documents.tgz"), GZ)
    (name, data), *_ = by_name(tgz).items()
    assert name == "test-documents.tar"
    with tarfile.open(fileobj=io.BytesIO(data)) as tf:
        assert "test-documents/testTXT.txt" in tf.getnames()


def test_truncated_gzip_keeps_what_came_out(tmp_path: Path) -> None:
    whole = gzip.compress(b"line of text\n" * 5000, mtime=0)
    path = tmp_path / "cut.log.gz"
    path.write_bytes(whole[: len(whole) // 2])
    result = run(path, GZ)
    child = result.children[0]
    assert child.data and b"line of text\n".startswith(child.data[:13])
    assert "ends before" in child.metadata["truncated"]
    empty = tmp_path / "nothing.gz"
    empty.write_bytes(whole[:12])
    with pytest.raises(Corrupt):
        run(empty, GZ)


def test_unix_compress_z() -> None:
    result = run(corpus_file("tika/pkg/test-documents.tar.Z"), "application/x-compress")
    assert [c.name for c in result.children] == ["test-documents.tar"]
    assert result.children[0].data[257:262] == b"ustar"
    with pytest.raises(Corrupt, match="16 bits"):
        run(corpus_file("tika/pkg/testZ_oom.Z"), "application/x-compress")


def _add_tar_file(tf: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), 1_717_000_000
    tf.addfile(info, io.BytesIO(data))
