"""How close nutgraf comes to the libraries under it: each set read raw, then by nutgraf.

    .venv/bin/python bench/ceiling.py [--processes N] [--pdfs 300] [--pages 10] [--scans 16]
                                      [--no-corpus] [--ocr now|later] [--work DIR]
                                      [--against OTHER_TREE [--repeat 3]]

In one invocation, on the same files and the same number of processes, back to back (so a
machine loaded by something else loads both sides alike):
- text PDFs generated with a fixed seed (Latin-script memos and invoices in Helvetica, so
  every page has a text layer): raw pypdfium2 text of every page in N processes, then
  `nutgraf ingest` with N workers (detection, extraction, facts, entities, store, index);
- A4 scans at 300 dpi generated with a fixed seed: the raw `tesseract` program, N at a time,
  `OMP_THREAD_LIMIT=1`, with nutgraf's default languages, then `nutgraf ingest` of them;
- the public corpus's own PDFs and images (detected from their bytes): raw pypdfium2 text
  of the PDFs and raw tesseract of the images, against `nutgraf ingest` of the same files
  (nutgraf also OCRs the PDF pages that lack a text layer, so that ratio is a floor).

Each ratio is nutgraf's rate over the raw rate (100 % = as fast as the library alone), by wall
time and by CPU seconds of the whole process tree (the fair one on a machine others load).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.make_corpus import synthetic_documents
from nutgraf.ingest.detect import detect
from nutgraf.ingest.reader import ReadSettings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "public"
LANGUAGES = ReadSettings().ocr_languages
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES_PER_PAGE = 48
LINE_CHARS = 88
A4_300DPI = (2480, 3508)


# --- generated sets ---------------------------------------------------------------------------


def latin_lines(seed: int) -> list[str]:
    """Lines of synthetic Latin-script text (Helvetica's WinAnsi encoding covers them)."""
    lines: list[str] = []
    for document in synthetic_documents(4000, seed=seed):
        if document.language not in ("en", "fr", "de", "es"):
            continue
        for paragraph in document.text.splitlines():
            words, line = paragraph.split(), ""
            for word in words:
                if len(line) + len(word) + 1 > LINE_CHARS:
                    lines.append(line)
                    line = ""
                line = f"{line} {word}".strip()
            if line:
                lines.append(line)
        if len(lines) > 200_000:
            break
    return lines


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one Helvetica text page per list of lines."""

    def literal(line: str) -> bytes:
        raw = line.encode("cp1252", "replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    count = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(count))
    font_number = 3 + 2 * count
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
    ]
    for index, lines in enumerate(pages):
        body = b"BT /F1 10 Tf 14 TL 56 780 Td " + b"".join(
            b"(" + literal(line) + b") Tj T* " for line in lines
        )
        stream = body + b"ET"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * index} 0 R "
            f"/Resources << /Font << /F1 {font_number} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(HELVETICA)
    return pdf_of(objects)


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def one_page_pdf(stream: bytes) -> bytes:
    """A one-page A4 PDF drawn by a raw content stream, with Helvetica as /F1."""
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            HELVETICA,
        ]
    )


def pdf_of(objects: list[bytes]) -> bytes:
    """The PDF file of these objects (numbered from 1, the first the catalog), with its xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_pdfs(folder: Path, count: int, pages: int, seed: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    lines = latin_lines(seed)
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        chosen = []
        for _ in range(pages):
            start = rng.randrange(len(lines) - LINES_PER_PAGE)
            chosen.append(lines[start : start + LINES_PER_PAGE])
        path = folder / f"memo-{number:04d}.pdf"
        path.write_bytes(text_pdf(chosen))
        paths.append(path)
    return paths


def make_scans(folder: Path, count: int, seed: int) -> list[Path]:
    """A4 pages at 300 dpi, black 11 pt text on white, a little noise, saved as PNG."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = latin_lines(seed + 1)
    rng = random.Random(seed)
    font = ImageFont.truetype(FONT, 46)  # 11 pt at 300 dpi
    paths = []
    for number in range(count):
        image = Image.new("L", A4_300DPI, 255)
        draw = ImageDraw.Draw(image)
        start = rng.randrange(len(lines) - 40)
        for row, line in enumerate(lines[start : start + 40]):
            draw.text((200, 250 + row * 75), line[:70], fill=0, font=font)
        for _ in range(400):
            draw.point((rng.randrange(A4_300DPI[0]), rng.randrange(A4_300DPI[1])), fill=90)
        path = folder / f"scan-{number:03d}.png"
        image.save(path, dpi=(300, 300))
        paths.append(path)
    return paths


# --- CPU time ---------------------------------------------------------------------------------


class CpuSampler(threading.Thread):
    """CPU seconds used by a process tree: each process's utime + stime, read from /proc
    every 0.1 s and kept at its last value (a process's last < 0.1 s may be missed).
    On a machine loaded by others, CPU seconds compare fairly where wall time does not."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.seen: dict[int, float] = {}
        self.running = True

    def run(self) -> None:
        while self.running:
            self.sample()
            time.sleep(0.1)

    def sample(self) -> None:
        parents: dict[int, int] = {}
        cpu: dict[int, float] = {}
        tick = os.sysconf("SC_CLK_TCK")
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            parents[int(entry.name)] = int(fields[1])
            cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
        for pid, seconds in cpu.items():
            ancestor = pid
            while ancestor not in (0, 1, self.root) and ancestor in parents:
                ancestor = parents[ancestor]
            if ancestor == self.root:
                self.seen[pid] = max(self.seen.get(pid, 0.0), seconds)

    def stop(self) -> float:
        self.running = False
        self.join()
        return sum(self.seen.values())


# --- raw sides --------------------------------------------------------------------------------


def _pdfium_pages(path: str) -> int:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return 0
    count = 0
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        textpage.get_text_bounded()
        textpage.close()
        page.close()
        count += 1
    document.close()
    return count


def raw_pdfium(paths: list[Path], processes: int) -> tuple[int, float, float]:
    """(pages, seconds, CPU seconds) for the text of every page, in `processes` processes."""
    with get_context("spawn").Pool(processes) as pool:
        pool.map(_pdfium_pages, [str(paths[0])] * processes)  # processes started, library loaded
        sampler = CpuSampler(os.getpid())
        sampler.sample()
        before = sum(sampler.seen.values())
        sampler.seen.clear()
        sampler.start()
        started = time.monotonic()
        pages = sum(pool.map(_pdfium_pages, [str(p) for p in paths], chunksize=1))
        seconds = time.monotonic() - started
        cpu = sampler.stop()
        return pages, seconds, max(0.0, cpu - before)


def raw_tesseract(paths: list[Path], processes: int) -> tuple[int, float, float]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(path: Path) -> None:
        subprocess.run(
            ["tesseract", str(path), "stdout", "-l", LANGUAGES],
            capture_output=True,
            env=env,
            check=False,
        )

    started = time.monotonic()
    before = os.times()
    with ThreadPoolExecutor(processes) as threads:
        list(threads.map(one, paths))
    after = os.times()  # the tesseract runs are children this process waited for
    cpu = after.children_user + after.children_system
    cpu -= before.children_user + before.children_system
    return len(paths), time.monotonic() - started, cpu


# --- nutgraf side -----------------------------------------------------------------------------


def nutgraf_ingest(
    paths: list[Path], processes: int, work: Path, source: Path
) -> tuple[float, float]:
    """Seconds for `nutgraf ingest` of `paths` (the CLI, as a user runs it, from `source`)."""
    case_dir = Path(tempfile.mkdtemp(prefix="case-", dir=work))
    command = [sys.executable, "-m", "nutgraf.cli", "ingest", *map(str, paths)]
    command += ["--case", str(case_dir), "--json", "--workers", str(processes)]
    env = {**os.environ, "PYTHONPATH": str(source)}
    started = time.monotonic()
    # run from `work`: with `-m`, the current folder comes first on sys.path, before
    # PYTHONPATH, so run from inside a checkout it would be that checkout that runs
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=work
    )
    sampler = CpuSampler(process.pid)
    sampler.start()
    _, err = process.communicate()
    seconds = time.monotonic() - started
    cpu = sampler.stop()
    if process.returncode != 0:
        print(f"nutgraf ingest failed: {err.strip()[-300:]}", flush=True)
    shutil.rmtree(case_dir, ignore_errors=True)
    return seconds, cpu


def compare(
    label: str,
    unit: str,
    raw: Callable[[], tuple[int, float, float]],
    ours: Callable[[], tuple[float, float]],
) -> None:
    """Print both sides and the ratio of rates: by wall time, and by CPU time (fair when
    other programs load the machine: the wall-time ratio then depends on their load)."""
    count, raw_seconds, raw_cpu = raw()
    our_seconds, our_cpu = ours()
    wall = 100 * raw_seconds / our_seconds if our_seconds else 0.0
    cpu = 100 * raw_cpu / our_cpu if our_cpu else 0.0
    print(
        f"{label:<28} {count:>5} {unit}: raw {raw_seconds:6.1f} s ({raw_cpu:6.1f} s CPU) "
        f"{count / max(raw_seconds, 1e-9):7.1f} {unit}/s | nutgraf {our_seconds:6.1f} s "
        f"({our_cpu:6.1f} s CPU) {count / max(our_seconds, 1e-9):7.1f} {unit}/s | "
        f"ratio {wall:5.1f} % wall, {cpu:5.1f} % CPU",
        flush=True,
    )


def against(pdfs: list[Path], work: Path, n: int, new: Path, old: Path, repeat: int) -> None:
    """Raw pypdfium2, then the two trees' ingests of the same set in turn (so load that
    comes and goes falls on both), each ratio printed, then the medians."""
    pages, raw_seconds, raw_cpu = raw_pdfium(pdfs, n)
    print(f"raw pypdfium2: {pages} pages in {raw_seconds:.2f} s ({raw_cpu:.2f} s CPU)", flush=True)
    runs: dict[Path, list[tuple[float, float]]] = {new: [], old: []}
    for _ in range(repeat):
        for tree in (new, old):
            seconds, cpu = nutgraf_ingest([work / "pdfs"], n, work, tree)
            runs[tree].append((seconds, cpu))
            print(f"  {tree}: {seconds:.2f} s, {cpu:.2f} s CPU ({load()})", flush=True)
    for tree, found in runs.items():
        seconds = sorted(s for s, _ in found)[len(found) // 2]
        cpu = sorted(c for _, c in found)[len(found) // 2]
        print(
            f"{tree!s:<40} median {seconds:6.2f} s ({cpu:6.2f} s CPU) "
            f"{pages / seconds:6.1f} pages/s | ratio {100 * raw_seconds / seconds:5.1f} % wall, "
            f"{100 * raw_cpu / cpu:5.1f} % CPU",
            flush=True,
        )


def corpus_files() -> tuple[list[Path], list[Path]]:
    pdfs, images = [], []
    for path in sorted(CORPUS.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        mime = detect(path)
        if mime == "application/pdf":
            pdfs.append(path)
        elif mime.startswith("image/") and mime not in ("image/svg+xml",):
            images.append(path)
    return pdfs, images


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min) {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pdfs", type=int, default=300)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--scans", type=int, default=16)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--only", choices=("pdf", "ocr", "corpus"), default=None)
    parser.add_argument(
        "--against",
        type=Path,
        default=None,
        help="another source tree (e.g. a checkout of main): the text-PDF set is ingested by "
        "both, alternately, --repeat times each, and the medians compared",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="folder for the sets and cases")
    parser.add_argument(
        "--nutgraf",
        type=Path,
        default=Path(__file__).resolve().parents[1],
        help="the nutgraf source tree to run (default: this one), e.g. an older checkout",
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="nutgraf-ceiling-"))
    work.mkdir(parents=True, exist_ok=True)
    n = args.processes
    print(f"processes: {n}; languages: {LANGUAGES}; nutgraf from {args.nutgraf}", flush=True)
    print(f"before: {load()}", flush=True)
    if args.against is not None:
        pdfs = make_pdfs(work / "pdfs", args.pdfs, args.pages, args.seed)
        against(pdfs, work, n, args.nutgraf, args.against, args.repeat)
        args.only = "none"
    if args.only in (None, "pdf"):
        pdfs = make_pdfs(work / "pdfs", args.pdfs, args.pages, args.seed)
        compare(
            f"text PDFs ({args.pdfs}x{args.pages} p)",
            "pages",
            lambda: raw_pdfium(pdfs, n),
            lambda: nutgraf_ingest([work / "pdfs"], n, work, args.nutgraf),
        )
    if args.only in (None, "ocr"):
        scans = make_scans(work / "scans", args.scans, args.seed)
        compare(
            f"A4 scans 300 dpi ({args.scans})",
            "pages",
            lambda: raw_tesseract(scans, n),
            lambda: nutgraf_ingest([work / "scans"], n, work, args.nutgraf),
        )
    if args.only in (None, "corpus") and not args.no_corpus and CORPUS.is_dir():
        pdfs, images = corpus_files()
        compare(
            f"corpus PDFs ({len(pdfs)} files)",
            "pages",
            lambda: raw_pdfium(pdfs, n),
            lambda: nutgraf_ingest(pdfs, n, work, args.nutgraf),
        )
        compare(
            f"corpus images ({len(images)})",
            "files",
            lambda: raw_tesseract(images, n),
            lambda: nutgraf_ingest(images, n, work, args.nutgraf),
        )
    print(f"after: {load()}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
