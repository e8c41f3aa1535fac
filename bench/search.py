"""Search benchmark: index build rate, case size, and query latency p50/p95/p99 by query kind.

    .venv/bin/python bench/search.py N [--direct] [--case DIR] [--rounds R] [--queries-only]

Builds a case from `bench/make_corpus.py`'s synthetic leak of N top-level documents (mails
with attachments, memos, invoices in en/fr/de/es/ar/he), then runs a fixed query mix through
`nutgraf.search.search()` exactly as the CLI does (snippets included, facets where the kind
says so) and prints the figures as JSON.

Two ways to build:
  default    the files are written to disk and `nutgraf.ingest` reads them: the whole pipeline
             (walk, hash, blob store, type detection, worker processes, mail parsing, language
             detection, facts and entities, SQLite, index).
  --direct   for large N: the documents go straight from the generator into SqliteStore
             (`register_file` + `save_result`: documents, texts, money facts, mail entities) and
             the index through the pipeline's own Indexer (`index_terms` + `SearchIndex.add`,
             commits every 2000 documents). Skipped: writing and walking files, hashing and
             storing originals in blobs/, type detection, worker processes, format extraction,
             language detection (the generator's language is used) and fact extraction (the
             generator's money facts, with exact spans, are stored instead).
With --case DIR and --queries-only, the queries run on an existing case (no build).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import (
    SyntheticDocument,
    Vocabulary,
    synthetic_documents,
    write_corpus,
)

from nutgraf import ingest, open_case, search
from nutgraf.analyze.entities import mentions_from_metadata
from nutgraf.ingest.pipeline import IngestSettings
from nutgraf.model import Fact
from nutgraf.search.compile import Compiler
from nutgraf.search.indexing import Indexer
from nutgraf.search.query import parse
from nutgraf.store.ids import doc_id_for
from nutgraf.store.records import ChildRecord, ReadResult

SEED = 7


def query_mix(seed: int = SEED) -> dict[str, list[tuple[str, bool]]]:
    """Query kind → [(query, with facets)]; rare words are taken from the vocabulary's tail."""
    vocab = Vocabulary(seed)
    rare = [vocab.words["en"][-rank] for rank in (100, 2000, 5000)] + [
        vocab.words["fr"][-3000],
        vocab.words["ar"][-4000],
    ]
    return {
        "rare word": [(word, False) for word in rare],
        "common word": [(w, False) for w in ("payment", "virement", "zahlung", "bank", "الشركة")],
        "phrase": [
            ('"payment transfer"', False),
            ('"de la"', False),
            ('"confidential agreement"~2', False),
            ('"der vorstand"', False),
        ],
        "boolean": [
            ("(payment OR virement) -draft", False),
            ("contract AND (bank OR banque) NOT audit", False),
            ("offshore OR fiduciaria OR treuhand", False),
        ],
        "filtered": [
            ("type:email lang:fr virement", False),
            ("currency:EUR money:>1000000", False),
            ("date:2020..2021 bank", False),
            ("from:marchetti has:money", False),
        ],
        "faceted": [("payment", True), ("lang:de", True), ("invoice OR facture", True)],
        "prefix": [("transf*", False), ("virem*", False), ("confid*", False)],
        "near": [("payment NEAR/5 bank", False), ('"board meeting" NEAR/10 director', False)],
    }


# ------------------------------------------------------------------ building


def build_with_pipeline(count: int, case_dir: Path, work: Path) -> dict:
    leak = work / "leak"
    started = time.perf_counter()
    size = write_corpus(count, leak, SEED)
    written = time.perf_counter() - started
    with open_case(case_dir, create=True) as case:
        started = time.perf_counter()
        progress = ingest(case, [leak], IngestSettings(workers=2))
        seconds = time.perf_counter() - started
        documents = case.store.counts()["documents"]
    return {
        "mode": "full ingest pipeline",
        "files": count,
        "leak_mb": round(size / 1e6, 1),
        "corpus_write_seconds": round(written, 1),
        "documents": documents,
        "failures": dict(progress.failures),
        "build_seconds": round(seconds, 1),
        "docs_per_second": round(documents / seconds, 1),
    }


def build_direct(count: int, case_dir: Path) -> dict:
    documents = 0
    text_bytes = 0
    with open_case(case_dir, create=True) as case:
        indexer = Indexer(case.store, case.index)
        started = time.perf_counter()
        # one process makes the documents while this one stores and indexes them
        chunks = [(low, min(count, low + 1000)) for low in range(0, count, 1000)]
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            for chunk in pool.imap(_make_chunk, chunks, chunksize=1):
                for number, doc in chunk:
                    path = f"/leak/{number // 1000:05d}/{doc.name}"
                    documents += _store_direct(case, indexer, doc, path)
                    text_bytes += len(doc.text.encode())
                    if number % 50_000 == 0 and number:
                        rate = documents / (time.perf_counter() - started)
                        print(f"  {number} files, {documents} docs, {rate:.0f} docs/s", flush=True)
        indexer.flush()
        case.index.close()
        seconds = time.perf_counter() - started
    return {
        "mode": "direct: SqliteStore + Indexer, no files, no extraction",
        "files": count,
        "documents": documents,
        "text_mb": round(text_bytes / 1e6, 1),
        "build_seconds": round(seconds, 1),
        "docs_per_second": round(documents / seconds, 1),
    }


def _make_chunk(bounds: tuple[int, int]) -> list[tuple[int, SyntheticDocument]]:
    low, high = bounds
    return list(enumerate(synthetic_documents(high, SEED, start=low), start=low))


def _store_direct(case, indexer: Indexer, doc: SyntheticDocument, path: str) -> int:
    sha = hashlib.sha256(f"{doc.name}\n{doc.text}".encode()).hexdigest()
    doc_id = case.store.register_file(path, None, sha, len(doc.text), 0)
    children = []
    child_sha = None
    if doc.attachment is not None:
        attachment = doc.attachment
        child_sha = hashlib.sha256(f"{path}\n{attachment.text}".encode()).hexdigest()
        children.append(ChildRecord(attachment.name, child_sha, len(attachment.text)))
    case.store.save_result(doc_id, _read_result(doc, children), 12)
    indexer.add(doc_id)
    if child_sha is not None:
        child_id = doc_id_for(child_sha)
        case.store.save_result(child_id, _read_result(doc.attachment, []), 12)
        indexer.add(child_id)
        return 2
    return 1


def _read_result(doc: SyntheticDocument, children: list[ChildRecord]) -> ReadResult:
    metadata = dict(doc.metadata) or {"title": doc.title, "created": doc.date.isoformat()}
    facts = [
        Fact("money", m.start, m.end, m.quote, m.value, currency=m.currency) for m in doc.money
    ]
    return ReadResult(
        mime="message/rfc822" if doc.kind == "mail" else "text/plain",
        text=doc.text,
        metadata=metadata,
        language=doc.language,
        children=children,
        facts=facts,
        mentions=mentions_from_metadata(metadata),
    )


# ------------------------------------------------------------------ querying


def run_queries(case_dir: Path, rounds: int) -> dict:
    mix = query_mix()
    report: dict = {}
    everything: list[float] = []
    with open_case(case_dir) as case:
        search(case, "warm up", limit=10)
        for kind, queries in mix.items():
            total, index_only, hits = [], [], {}
            for query, facets in queries:
                for _ in range(rounds):
                    started = time.perf_counter()
                    results = search(case, query, limit=10, facets=facets)
                    total.append((time.perf_counter() - started) * 1000)
                    index_only.append(_index_only_ms(case, query))
                hits[query] = results.total
            everything += total
            report[kind] = _percentiles(total) | {
                "index_p50_ms": round(statistics.median(index_only), 2),
                "hits": hits,
            }
    report["all"] = _percentiles(everything)
    return report


def _index_only_ms(case, query: str) -> float:
    """The tantivy part alone: parse, compile, top 10 with count, ids (no store, no snippets)."""
    started = time.perf_counter()
    compiled = Compiler(case.index).compile(parse(query))
    searcher = case.index.searcher()
    found = searcher.search(compiled, limit=10, count=True)
    [searcher.doc(address)["id"][0] for _, address in found.hits]
    return (time.perf_counter() - started) * 1000


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)

    return {"n": len(ordered), "p50_ms": at(0.5), "p95_ms": at(0.95), "p99_ms": at(0.99)}


def disk_usage(case_dir: Path) -> dict:
    def du(path: Path) -> float:
        if not path.exists():
            return 0.0
        out = subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True).stdout
        return round(int(out.split()[0]) / 1e6, 1)

    db = sum(du(p) for p in case_dir.glob("case.db*"))
    return {
        "case_mb": du(case_dir),
        "case_db_mb": round(db, 1),
        "index_mb": du(case_dir / "index"),
        "blobs_mb": du(case_dir / "blobs"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    parser.add_argument("--direct", action="store_true", help="skip files and extraction")
    parser.add_argument("--case", type=Path, help="keep the case here (default: temporary)")
    parser.add_argument("--rounds", type=int, default=20, help="runs of each query")
    parser.add_argument("--queries-only", action="store_true", help="use an existing --case")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nutgraf-bench-"))
    case_dir = args.case or work / "case"
    figures: dict = {"count": args.count}
    try:
        if not args.queries_only:
            if args.direct:
                figures["build"] = build_direct(args.count, case_dir)
            else:
                figures["build"] = build_with_pipeline(args.count, case_dir, work)
            shutil.rmtree(work / "leak", ignore_errors=True)
            print(json.dumps(figures["build"]), flush=True)
        figures["disk"] = disk_usage(case_dir)
        figures["queries"] = run_queries(case_dir, args.rounds)
        print(json.dumps(figures, indent=1, ensure_ascii=False))
    finally:
        if args.case is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
