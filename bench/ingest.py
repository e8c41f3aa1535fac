"""Ingest benchmark: files/s, MB/s, OCR pages/s and peak memory, plus a table by type.

    .venv/bin/python bench/ingest.py [FOLDER] [--workers N] [--case DIR]

FOLDER defaults to ../shared/corpus/public. OCR runs after every text layer is indexed
(`--ocr later`): the time to that index is printed beside the time to done. The case goes
to a temporary folder unless --case is given. Peak memory is sampled from /proc every 0.2 s
over the ingest process and all its workers (and their OCR subprocesses), so it is the
whole job's resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

from nutgraf import ingest, open_case
from nutgraf.families import family_of
from nutgraf.ingest.pipeline import IngestSettings

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "public"


class MemorySampler(threading.Thread):
    """The largest total resident memory of this process and all its descendants."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            time.sleep(0.2)


def _tree_rss(root: int) -> int:
    children: dict[int, list[int]] = defaultdict(list)
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children[int(fields[1])].append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--case", type=Path, default=None)
    args = parser.parse_args()
    case_dir = args.case or Path(tempfile.mkdtemp(prefix="nutgraf-bench-")) / "case"
    size = sum(p.stat().st_size for p in args.folder.rglob("*") if p.is_file())
    sampler = MemorySampler()
    sampler.start()
    started = time.monotonic()
    with open_case(case_dir, create=True) as case:
        progress = ingest(case, [args.folder], IngestSettings(workers=args.workers))
    seconds = time.monotonic() - started
    sampler.running = False
    sampler.join()
    report(case_dir / "case.db", progress.files_total, size, seconds, sampler.peak, args.workers)
    searchable = progress.text_layer_seconds
    if searchable is not None:
        print(
            f"time to full-text index of every text layer: {searchable:.1f} s  "
            f"(time to done, OCR included: {seconds:.1f} s; "
            f"{progress.ocr_pages_done} pages OCRed after)"
        )


def report(database: Path, files: int, size: int, seconds: float, peak: int, workers: int) -> None:
    db = sqlite3.connect(database)
    rows = db.execute("SELECT mime, error_reason, metadata, parent_id FROM documents").fetchall()
    ocr_pages = 0
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    for mime, reason, metadata, parent in rows:
        meta = json.loads(metadata)
        if meta.get("ocr"):
            ocr_pages += len(meta.get("ocr_pages") or []) or 1
        family = family_of(mime) if family_of(mime) != "other" else (mime or "unknown")
        by_type[family]["top-level" if parent is None else "children"] += 1
        by_type[family][reason or "ok"] += 1
    print(f"machine: {os.cpu_count()} cores; workers: {workers}")
    print(f"files: {files}  documents: {len(rows)}  input: {size / 1e6:.1f} MB")
    print(
        f"time: {seconds:.1f} s  files/s: {files / seconds:.1f}  MB/s: {size / 1e6 / seconds:.2f}"
    )
    print(f"documents/s: {len(rows) / seconds:.1f}  OCR pages: {ocr_pages}  ", end="")
    print(f"OCR pages/s (whole run): {ocr_pages / seconds:.2f}")
    print(f"peak memory (all processes): {peak / 1e6:.0f} MB")
    print()
    reasons = sorted(
        {key for counts in by_type.values() for key in counts} - {"top-level", "children"}
    )
    header = ["type", "top-level", "children", *reasons]
    print("\t".join(header))
    for family, counts in sorted(by_type.items(), key=lambda item: -sum(item[1].values())):
        print("\t".join([family, *(str(counts.get(column, 0)) for column in header[1:])]))
    total = len(rows)
    ok = sum(1 for row in rows if row[1] is None)
    print(f"\nread fine: {ok}/{total} ({100 * ok / max(total, 1):.1f} %)")


if __name__ == "__main__":
    main()
