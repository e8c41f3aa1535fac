"""Second readers: what a family falls back to when its own reader refuses a file.

Each reader here takes a `Source` and returns an `Extraction` or raises a `FileError`, like a
format module. `formats/__init__.py` holds the chains (which MIME type tries which readers,
in order); these are the readers: python-calamine for workbooks openpyxl or xlrd reject,
LibreOffice for legacy Word, PowerPoint and Excel files, the `7zz` tool (Debian `7zip`) for
7z archives py7zr refuses (BCJ2, ARM64 filters), pdftotext (poppler) for PDFs pdfium cannot
read or finds no text in.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from nutgraf.errors import Corrupt, Encrypted, Unsupported
from nutgraf.ingest.formats import _office_soffice
from nutgraf.ingest.formats._archive_common import Collector, sanitize_member_name
from nutgraf.ingest.formats._sheet_common import SheetWriter
from nutgraf.ingest.formats._sheet_xlsx import extract_xlsx, read_with_calamine
from nutgraf.ingest.formats.base import Extraction, Limits, Source
from nutgraf.ingest.tools import run_tool

TOOL_TIMEOUT = 300.0
_EXTENSIONS = {  # LibreOffice picks its import filter from the extension
    "application/msword": "doc",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel.sheet.binary.macroenabled.12": "xlsb",
}


def calamine(source: Source) -> Extraction:
    """Any workbook calamine knows (XLS BIFF 2-8, XLSX, XLSB, ODS), every sheet."""
    writer = SheetWriter(source.limits)
    with open(source.path, "rb") as handle:
        read_with_calamine(handle, writer, "workbook")
    return writer.extraction({})


def libreoffice(source: Source) -> Extraction:
    """LibreOffice's reading: text for Word files, PPTX or XLSX re-read for slides and sheets."""
    extension = _EXTENSIONS.get(source.mime)
    if extension is None or _office_soffice.soffice_binary() is None:
        raise Unsupported(f"unsupported: no LibreOffice route for {source.mime}")
    if extension in ("ppt", "xls", "xlsx", "xlsb"):
        target = "pptx" if extension == "ppt" else "xlsx"
        result = _office_soffice.convert_and_read(
            source, extension, target, lambda path: _reread(path, source, target)
        )
    else:
        text = _office_soffice.convert_to_text(source, extension)
        result = None if text is None else Extraction(text=text)
    if result is None:
        raise Corrupt(f"corrupt: LibreOffice could not read this {extension} file either")
    return result


def _reread(path: Path, source: Source, target: str) -> Extraction:
    from nutgraf.ingest.formats._office_ooxml import extract_pptx

    converted = Source(path=path, mime=source.mime, limits=source.limits)
    return extract_pptx(converted) if target == "pptx" else extract_xlsx(converted)


def seven_zip_tool(source: Source) -> Extraction:
    """The members as 7-Zip itself extracts them (see `read_with_7zz`)."""
    return read_with_7zz(source.path, source.limits, source.passwords)


def read_with_7zz(
    path: Path, limits: Limits, passwords: tuple[str, ...], scratch: Path | None = None
) -> Extraction:
    """Extract with 7-Zip into a scratch folder that is then read back under the archive
    limits (`scratch`, else the worker's TMPDIR: inside the case either way). The first
    volume of a set whose other volumes sit beside it reads the whole set."""
    binary = shutil.which("7zz") or shutil.which("7z")
    if binary is None:
        raise Unsupported("unsupported: the 7zz tool (Debian package 7zip) is not installed")
    collector = Collector.for_file(path, limits)
    _check_declared(binary, path, collector)
    for password in (*passwords, ""):
        with tempfile.TemporaryDirectory(prefix="nutgraf-7zz-", dir=scratch) as folder:
            # -snl off: links are written as small files naming their target, never followed
            run = run_tool(
                [binary, "x", "-y", "-bd", f"-p{password}", f"-o{folder}", str(path)],
                TOOL_TIMEOUT,
            )
            if run.returncode == 0:
                _collect(Path(folder), collector)
                return collector.extraction()
            if "password" not in run.message.lower():
                raise Corrupt(f"corrupt: 7-Zip cannot read it either ({run.message})")
    raise Encrypted("encrypted: the 7z archive needs a password")


def _check_declared(binary: str, path: Path, collector: Collector) -> None:
    listing = run_tool([binary, "l", "-slt", "-ba", "-p", str(path)], TOOL_TIMEOUT)
    sizes = [
        int(line.split("=", 1)[1])
        for line in listing.text.splitlines()
        if line.startswith("Size = ") and line.split("=", 1)[1].strip().isdigit()
    ]
    collector.check_count(len(sizes))
    collector.budget.check_declared(sum(sizes))


def _collect(folder: Path, collector: Collector) -> None:
    files = sorted(path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    collector.check_count(len(files))
    for index, path in enumerate(files):
        name = collector.member_name(sanitize_member_name(str(path.relative_to(folder))), index)
        with path.open("rb") as handle:
            collector.add(name, collector.read(handle.read), {})


def pdftotext(source: Source) -> Extraction:
    """poppler's text of every page (form feed between pages), one page per page."""
    if shutil.which("pdftotext") is None:
        raise Unsupported("unsupported: pdftotext (Debian package poppler-utils) is not installed")
    run = run_tool(["pdftotext", "-q", "-enc", "UTF-8", str(source.path), "-"], TOOL_TIMEOUT)
    if run.returncode != 0:
        raise Corrupt(f"corrupt: pdftotext cannot read it either ({run.message or run.returncode})")
    if not run.text.strip():
        return Extraction()
    pages = run.text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]  # poppler ends the last page with a form feed too
    text, starts = "", []
    for page in pages:
        starts.append(len(text))
        text += page.rstrip() + "\n\n"
    return Extraction(text=text.rstrip() + "\n", pages=starts)


READERS: dict[str, Callable[[Source], Extraction]] = {
    "calamine": calamine,
    "libreoffice": libreoffice,
    "7zz": seven_zip_tool,
    "pdftotext": pdftotext,
}
