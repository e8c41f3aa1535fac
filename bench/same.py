"""Do two nutgraf source trees read the same files alike? A check for speed work.

    .venv/bin/python bench/same.py --old /tmp/base-checkout [--new .] [PATH ...]

Ingests the same files (default: the sample leak, a few public-corpus documents and a few
generated text PDFs) once with each tree, 1 worker, OCR never, each in its own case under
/tmp, then compares what a reader sees: every document's row, stored text and languages,
every fact, every mention (span, quote, source, entity), every entity with its counts and
co-occurrences, the index terms of every document and the version groups. Prints the first
differences and exits 1 if there are any, else prints what was compared and exits 0.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "public"
CORPUS_FILES = [
    "ingest-file/106972554.pdf",
    "ingest-file/example.pdf",
    "ingest-file/email_multipart_mixed.eml",
    "ingest-file/file.xlsx",
    "ingest-file/countries.csv",
    "ingest-file/doc.html",
]

DUMP = r"""
import json, sys
from nutgraf.case import open_case
from nutgraf.store.queries_web import document_mentions
from nutgraf.versions import versions_of
case = open_case(sys.argv[1])
store, db = case.store, case.store.db
out = {"documents": {}, "terms": {}, "mentions": {}, "text": {}, "versions": {}}
for (doc_id,) in db.execute("SELECT id FROM documents ORDER BY id"):
    document = store.document(doc_id)
    out["documents"][doc_id] = document.to_dict()
    out["text"][doc_id] = store.text(doc_id)
    out["terms"][doc_id] = store.index_terms(doc_id)
    out["mentions"][doc_id] = document_mentions(db, doc_id)
    out["versions"][doc_id] = versions_of(store, doc_id)
json.dump(out, sys.stdout, default=repr, sort_keys=True)
"""


def run(tree: Path, args: list[str]) -> str:
    command = [sys.executable, "-m", "nutgraf.cli", *args]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tree)},
        cwd=tempfile.gettempdir(),  # not a checkout: `-m` puts the current folder first
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{tree}: {' '.join(args[:2])} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def snapshot(tree: Path, paths: list[Path], case: Path) -> dict[str, object]:
    run(tree, ["ingest", *map(str, paths), "--case", str(case), "--workers", "1", "--ocr", "never"])
    lines = {
        name: sorted(run(tree, [name, "--case", str(case), "--json"]).splitlines())
        for name in ("docs", "facts", "entities")
    }
    done = subprocess.run(
        [sys.executable, "-c", DUMP, str(case)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tree)},
        cwd=tempfile.gettempdir(),
        check=True,
    )
    return {**lines, **json.loads(done.stdout)}


def differences(old: object, new: object, where: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in sorted(set(old) | set(new), key=str):
            if key not in old or key not in new:
                found.append(f"{where}/{key}: only in {'new' if key in new else 'old'}")
            else:
                found += differences(old[key], new[key], f"{where}/{key}")
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            d
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for d in differences(a, b, f"{where}[{i}]")
        ]
    if old != new:
        return [f"{where}: old {str(old)[:200]!r} new {str(new)[:200]!r}"]
    return []


def default_paths(work: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from bench.ceiling import make_pdfs

    paths = [ROOT / "sample" / "leak"]
    paths += [CORPUS / name for name in CORPUS_FILES if (CORPUS / name).exists()]
    return paths + make_pdfs(work / "pdfs", 6, 4, seed=11)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="the reference source tree")
    parser.add_argument("--new", type=Path, default=ROOT)
    parser.add_argument("paths", type=Path, nargs="*")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nutgraf-same-"))
    try:
        paths = args.paths or default_paths(work)
        old = snapshot(args.old.resolve(), paths, work / "old")
        new = snapshot(args.new.resolve(), paths, work / "new")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    found = differences(old, new)
    for line in found[:40]:
        print(line)
    counts = {name: len(value) for name, value in new.items() if isinstance(value, (list, dict))}
    if found:
        raise SystemExit(f"{len(found)} differences ({counts})")
    print(f"identical: {counts}")


if __name__ == "__main__":
    main()
