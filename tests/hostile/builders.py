"""Hostile files, built at test time: bombs, traversal, links, bad names, XML entities, liars.

Each builder writes one file (or folder) and returns its path. The bombs are cheap to build:
a deflate stream of zeros is made of one compressed segment repeated, each ending in a full
flush so it stands alone, so gigabytes of output cost a few megabytes of disk and no time.
"""

from __future__ import annotations

import io
import os
import random
import struct
import tarfile
import zipfile
import zlib
from pathlib import Path

MIB = 1024**2
GIB = 1024**3
# A harmless stand-in for "the secret file outside the leak" (the test checks it never leaks).
PASSWD = Path("/etc/passwd")


def zero_segment(size: int = MIB) -> bytes:
    """Raw deflate of `size` zero bytes ending in a full flush: it can be repeated at will."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(bytes(size)) + compressor.flush(zlib.Z_FULL_FLUSH)


FINAL_EMPTY_BLOCK = b"\x03\x00"  # BFINAL=1, fixed Huffman, end-of-block


def zeros_deflate(total: int, final: bool = True) -> bytes:
    """A raw deflate stream of `total` zero bytes (a multiple of 1 MiB)."""
    stream = zero_segment() * (total // MIB)
    return stream + FINAL_EMPTY_BLOCK if final else stream


def _zip_entry(name: bytes, data: bytes, size: int, crc: int, offset: int, flags: int = 0):
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, 0, 0x21, crc, len(data), size, len(name), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50, 20, 20, flags, 8, 0, 0x21, crc, len(data), size, len(name), 0, 0, 0, 0, 0,
        offset,
    )  # fmt: skip
    return local + name + data, central + name


def _raw_zip(members: list[tuple[bytes, bytes, int]], shared_data: bool = False) -> bytes:
    """A zip of (name, deflated data, declared size) written by hand (no CRC: never reached).
    With `shared_data` every central entry points at the first member's bytes (overlap)."""
    body, directory = b"", b""
    for name, data, size in members:
        offset = 0 if shared_data else len(body)
        local, central = _zip_entry(name, data, size, 0, offset)
        if not (shared_data and body):
            body += local
        directory += central
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0
    )
    return body + directory + end


def zip_bomb_one_member(path: Path, size: int = 4 * GIB - MIB) -> Path:
    """One member that inflates to ~4 GiB of zeros from ~4 MB."""
    path.write_bytes(_raw_zip([(b"zeros.bin", zeros_deflate(size), size)]))
    return path


def zip_bomb_many_members(path: Path, count: int = 1024, each: int = 4 * MIB) -> Path:
    """Many small members that together inflate to `count * each` bytes (4 GiB)."""
    data = zeros_deflate(each)
    members = [(f"part-{n:05d}.bin".encode(), data, each) for n in range(count)]
    path.write_bytes(_raw_zip(members))
    return path


def zip_bomb_overlapping(path: Path, count: int = 4096, each: int = 16 * MIB) -> Path:
    """Fifield's overlap: every central-directory entry points at one member's bytes."""
    data = zeros_deflate(each)
    members = [(f"same-{n:05d}.bin".encode(), data, each) for n in range(count)]
    path.write_bytes(_raw_zip(members, shared_data=True))
    return path


def endless_gzip(path: Path, size: int = 4 * GIB) -> Path:
    """A gzip stream that inflates for gigabytes and never ends (no final block, no trailer)."""
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    path.write_bytes(header + zeros_deflate(size, final=False))
    return path


def nested_zips(path: Path, levels: int = 40) -> Path:
    """A zip in a zip ... `levels` deep, each level with a note naming its depth."""
    inner = b""
    for level in range(levels, 0, -1):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(f"level-{level}.txt", f"This is nesting level {level}.\n")
            if inner:
                archive.writestr(f"level-{level + 1}.zip", inner)
        inner = buffer.getvalue()
    path.write_bytes(inner)
    return path


TRAVERSAL_NAMES = [
    "../../evil-zip.txt",
    "/etc/x-nutgraf",
    "C:\\x-nutgraf",
    "a\\..\\..\\evil-bs.txt",
]


def traversal_zip(path: Path) -> Path:
    """Members that climb out (../, absolute, drive, backslashes) and a symlink to /etc/passwd."""
    with zipfile.ZipFile(path, "w") as archive:
        for name in TRAVERSAL_NAMES:
            archive.writestr(name, f"escaped payload {name}\n")
        link = zipfile.ZipInfo("passwd-link")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        archive.writestr(link, str(PASSWD))
        archive.writestr("inside/good.txt", "A good member: the zephyrine ledger.\n")
    return path


def traversal_tar(path: Path) -> Path:
    """A tar with ../ and absolute names, a symlink and hard links to /etc/passwd."""
    with tarfile.open(path, "w") as archive:
        for name in ["../../evil-tar.txt", "/etc/x-nutgraf-tar"]:
            _tar_file(archive, name, f"escaped payload {name}\n".encode())
        for kind, name, target in [
            (tarfile.SYMTYPE, "passwd-symlink", str(PASSWD)),
            (tarfile.LNKTYPE, "passwd-hardlink", str(PASSWD)),
            (tarfile.LNKTYPE, "climb-hardlink", "../../../../../../etc/passwd"),
            (tarfile.SYMTYPE, "dir-link", "/etc"),
        ]:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            archive.addfile(info)
        _tar_file(archive, "dir-link/x-through-link", b"written through a link\n")
        _tar_file(archive, "good.txt", b"A good tar member: the quillfeather memo.\n")
    return path


def _tar_file(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def odd_names_zip(path: Path) -> Path:
    """Member names in raw Latin-1 bytes (no UTF-8 flag), with newlines and escapes."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("new\nline\x1b[31m.txt", "A member whose name has a newline.\n")
        archive.writestr("x" * 3000 + ".txt", "A member with a 3000-character name.\n")
    # Python writes ASCII names without the UTF-8 flag: swap one in place for raw Latin-1.
    latin = b"caf\xe9-latin1.txt"
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("cafX-latin1.txt", "Un membre au nom en Latin-1.\n")
    raw = path.read_bytes().replace(b"cafX-latin1.txt", latin)
    path.write_bytes(raw)
    return path


def odd_names_tar(path: Path) -> Path:
    with tarfile.open(path, "w", format=tarfile.GNU_FORMAT, encoding="latin-1") as archive:
        _tar_file(archive, "r\xe9sum\xe9-latin1.txt", "Un résumé, nom en Latin-1.\n".encode())
    return path


# --- PDF -------------------------------------------------------------------------------------


def pdf_bytes(text: str, count: int | None = None, encrypt: bool = False) -> bytes:
    """A one-page PDF showing `text` (Helvetica). `count` makes /Pages lie about its size;
    `encrypt` adds a Standard security handler whose user password is not empty."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [3 0 R] /Count {count or 1} >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    trailer_extra = b""
    if encrypt:
        rng = random.Random(11)
        owner, user = rng.randbytes(32).hex(), rng.randbytes(32).hex()
        objects.append(f"<< /Filter /Standard /V 1 /R 2 /O <{owner}> /U <{user}> /P -4 >>".encode())
        trailer_extra = b" /Encrypt 6 0 R /ID [<%s> <%s>]" % (b"ab" * 16, b"ab" * 16)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra,
        xref,
    )
    return bytes(out)


# --- XML and DOCX ----------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz><title>Laughing matter</title><p>&lol9;</p></lolz>
"""

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def docx_with_doctype(path: Path, doctype: str, body: str) -> Path:
    """A DOCX whose document.xml carries `doctype` and `body` inside one paragraph."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<w:document xmlns:w="{_W}">'
        f"<w:body><w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return path


XXE_DOCTYPE = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
XXE_BODY = "Secret follows: &xxe; and the good word is kestrelwing."


def docx_plain(path: Path, body: str) -> Path:
    return docx_with_doctype(path, "", body)


# --- names on disk -----------------------------------------------------------------------------


def write_bytes_name(folder: Path, raw_name: bytes, data: bytes) -> Path:
    """A file whose name is raw bytes (not necessarily UTF-8)."""
    raw = os.path.join(os.fsencode(folder), raw_name)
    with open(raw, "wb") as handle:
        handle.write(data)
    return Path(os.fsdecode(raw))


def long_path(folder: Path, depth: int = 14, width: int = 240) -> Path:
    """A file ~3,400 characters deep in folders with 240-character names."""
    current = folder
    for level in range(depth):
        current = current / (f"{level:02d}" + "L" * (width - 2))
    current.mkdir(parents=True)
    target = current / "deep-note.txt"
    target.write_text("Found at the bottom of a very long path: the marrowbone file.\n")
    return target


def random_bytes(path: Path, size: int = 64 * 1024, seed: int = 5) -> Path:
    path.write_bytes(random.Random(seed).randbytes(size))
    return path
