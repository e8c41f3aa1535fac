"""Mutation fuzzing of every format family through the real worker pool.

    .venv/bin/python bench/fuzz.py [--seconds 600] [--families pdf,zip] [--seed 1] [--out DIR]

Seeds are the public corpus's files, grouped by family (extension). Each input is a seed
mutated by bit flips, "interesting" bytes, overwritten length fields, truncation, duplicated
chunks, inserted noise or a splice with another seed of its family. It is read by
`read_document` in a `WorkerPool`, exactly as an ingest reads it, so a parser that hangs,
blows its memory or kills the interpreter is caught the way production catches it.

Findings, each input saved in --out with a JSON note:
  crashed / timeout / memory   the worker had to be killed or died: a real bug to fix
  unhandled                    a library exception no format module turned into a FileError
                               (the reader records it as `corrupt: TypeName: ...`)
Reproducible: the same --seed gives the same inputs. Prints a summary by family.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from nutgraf.blobs import BlobStore
from nutgraf.ingest.formats.base import Limits
from nutgraf.ingest.reader import ReadJob, ReadSettings
from nutgraf.ingest.workers import WorkerLimits, WorkerPool

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "public"
FAMILIES = {
    "pdf": (".pdf",), "word": (".docx", ".doc", ".odt", ".rtf", ".epub"),
    "sheet": (".xlsx", ".xls", ".ods", ".csv", ".xlsb"), "slides": (".pptx", ".ppt", ".odp"),
    "mail": (".eml", ".msg", ".mbox", ".emlx", ".ics", ".vcf", ".p7m", ".dat"),
    "archive": (".zip", ".7z", ".tar", ".gz", ".bz2", ".tgz", ".rar", ".z", ".cpio"),
    "web": (".html", ".htm", ".mhtml", ".xml", ".json", ".txt"),
    "image": (".png", ".jpg", ".gif", ".bmp", ".webp", ".tif"),
}  # fmt: skip
SEED_MAX_BYTES = 300_000
UNHANDLED = re.compile(r"^corrupt: [A-Z]\w*(Error|Exception|Warning)\b|^corrupt: \w+: ")
INTERESTING = (0, 0xFF, 0x7F, 0x80, 0x01, 0xFE)
LENGTHS = (0, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFF, 1)


def seeds(families: list[str]) -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = defaultdict(list)
    for path in sorted(CORPUS.rglob("*")):
        if not path.is_file() or path.stat().st_size > SEED_MAX_BYTES:
            continue
        for family in families:
            if path.suffix.lower() in FAMILIES[family]:
                found[family].append(path.read_bytes())
    return found


def mutate(data: bytes, others: list[bytes], rng: random.Random) -> bytes:
    buffer = bytearray(data or b"\0")
    for _ in range(rng.choice((1, 1, 2, 3, 8))):
        how = rng.randrange(7)
        at = rng.randrange(len(buffer))
        if how == 0:
            buffer[at] ^= 1 << rng.randrange(8)
        elif how == 1:
            buffer[at] = rng.choice(INTERESTING)
        elif how == 2 and len(buffer) > at + 4:
            buffer[at : at + 4] = rng.choice(LENGTHS).to_bytes(4, rng.choice(("little", "big")))
        elif how == 3:
            del buffer[rng.randrange(1, len(buffer) + 1) :]
        elif how == 4:
            end = min(len(buffer), at + rng.randrange(1, 4096))
            buffer[at:at] = buffer[at:end] * rng.randrange(1, 16)
        elif how == 5:
            buffer[at:at] = rng.randbytes(rng.randrange(1, 64))
        else:
            other = rng.choice(others)
            buffer = buffer[:at] + other[rng.randrange(len(other) or 1) :]
        if not buffer:
            buffer = bytearray(b"\0")
    return bytes(buffer)


def classify(error: str | None, reason: str | None) -> str | None:
    if reason in ("crashed", "timeout", "memory"):
        return reason
    if error and UNHANDLED.match(error) and reason == "corrupt":
        return "unhandled"
    return None


def run(args: argparse.Namespace) -> None:
    families = args.families.split(",") if args.families else list(FAMILIES)
    pool_seeds = seeds(families)
    rng = random.Random(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="nutgraf-fuzz-"))
    blobs = BlobStore(work / "blobs")
    settings = ReadSettings(Limits(max_total_expanded=256 * 1024**2), (), "eng")
    limits = WorkerLimits(args.timeout, 0, args.memory * 1024**2)
    stop_at = time.monotonic() + args.seconds
    inputs: dict[str, tuple[str, bytes]] = {}
    executions: Counter[str] = Counter()
    findings: dict[str, Counter[str]] = defaultdict(Counter)
    samples: dict[tuple[str, str, str], int] = {}
    order = [family for family in families if pool_seeds.get(family)]

    def next_job() -> tuple[ReadJob, int] | None:
        if time.monotonic() > stop_at:
            return None
        family = order[sum(executions.values()) % len(order)]
        data = mutate(rng.choice(pool_seeds[family]), pool_seeds[family], rng)
        sha256 = blobs.put_bytes(data)
        doc_id = f"{sum(executions.values()):08d}"
        inputs[doc_id] = (family, data)
        executions[family] += 1
        return ReadJob(doc_id, sha256, f"input-{doc_id}", str(blobs.root), settings), len(data)

    started = time.monotonic()
    with WorkerPool(args.workers, limits, scratch=work / "tmp") as pool:
        for job, result in pool.run(next_job):
            family, data = inputs.pop(job.doc_id)
            kind = classify(result.error, result.error_reason)
            if kind is None:
                continue
            findings[family][kind] += 1
            signature = (family, kind, _signature(result.error or ""))
            samples[signature] = samples.get(signature, 0) + 1
            if samples[signature] <= 3:
                _save(out, family, kind, data, result.mime, result.error)
    _report(executions, findings, samples, time.monotonic() - started)


def _signature(error: str) -> str:
    """The error without its numbers and quoted details: one line per distinct bug."""
    return re.sub(r"\d+|'[^']*'|\"[^\"]*\"", "#", error)[:120]


def _save(out: Path, family: str, kind: str, data: bytes, mime: str, error: str | None) -> None:
    name = f"{family}-{kind}-{hashlib.sha256(data).hexdigest()[:12]}"
    (out / f"{name}.bin").write_bytes(data)
    note = {"family": family, "kind": kind, "mime": mime, "error": error}
    (out / f"{name}.json").write_text(json.dumps(note, indent=1))


def _report(executions, findings, samples, seconds: float) -> None:
    total = sum(executions.values())
    print(f"{total} inputs in {seconds:.0f} s ({total / max(seconds, 1):.1f}/s)")
    for family, count in sorted(executions.items()):
        found = ", ".join(f"{kind} {n}" for kind, n in findings[family].items()) or "nothing"
        print(f"  {family:<8} {count:>6} inputs  {found}")
    for (family, kind, signature), count in sorted(samples.items()):
        print(f"  [{family} {kind} x{count}] {signature}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--families", default="", help=f"some of {','.join(FAMILIES)}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) // 2))
    parser.add_argument("--timeout", type=float, default=30, help="seconds per input")
    parser.add_argument("--memory", type=int, default=2048, help="MB per worker")
    parser.add_argument("--out", default="fuzz-findings")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
