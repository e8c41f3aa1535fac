"""Fact and entity benchmark on the independent gold sets (bench/gold/), and throughput.

Builds throw-away cases by ingesting the gold documents with the real pipeline, reads facts,
entities and money totals back through the CLI's JSON, and prints precision and recall per
kind, language and entity type, plus the checks issue 10 asks for (non-Gregorian dates,
ambiguous flags, traps, wrong merges, totals, null-date sentinels). Then chars/s.

    python bench/facts.py [-v] [--gold DIR] [--corpus DIR] [--keep DIR] [--no-speed]
                          [--speed-only]

-v lists every miss and false alarm. --gold scores another gold folder laid out like
bench/gold (e.g. bench/gold/heldout); its merges.jsonl and totals.jsonl are optional. The public
corpus is read from ../shared/corpus/public (documents whose file is absent are skipped and
counted).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH / "gold")]

import casebuild  # noqa: E402  (bench/gold is put on the path just above)
import checks  # noqa: E402
from scoring import Counts, DocScore, load_jsonl, score_document  # noqa: E402

TYPES = ("person", "organization", "location")
LINGUA = BENCH.parents[1] / "shared" / "corpus" / "public" / "lingua-sentences"


def _line(name: str, c: Counts) -> str:
    return f"  {name:<22} P={c.precision:6.3f}  R={c.recall:6.3f}  (tp={c.tp} fp={c.fp} fn={c.fn})"


def _sum(scores: list[DocScore], pick) -> Counts:
    total = Counts()
    for score in scores:
        total.add(pick(score))
    return total


def _entities(score: DocScore, kind: str | None = None) -> Counts:
    total = Counts()
    for name, counts in score.entity_types.items():
        if kind is None or name == kind:
            total.add(counts)
    return total


def build_cases(rows, totals, corpus: Path, folder: Path):
    cases = []
    for group in casebuild.make_groups(rows, totals, corpus):
        started = time.perf_counter()
        data = casebuild.build_case(group, folder / group.name)
        took = time.perf_counter() - started
        print(
            f"case {group.name}: {len(group.paths)} paths, "
            f"{len(data.by_path)} documents, {took:.1f} s"
        )
        cases.append((group, data))
    return cases


def score_rows(rows, cases, corpus: Path):
    scored, skipped = [], []
    for row in rows:
        path = casebuild.doc_path(row, corpus)
        if not casebuild.gold_file(row, corpus).exists():
            skipped.append(f"{row['id']}: file absent ({row['path']})")
            continue
        info = next((c.by_path[path] for _, c in cases if path in c.by_path), None)
        if info is None:
            skipped.append(f"{row['id']}: no document at {path}")
            continue
        scored.append((row, info, score_document(row, info.text, info.facts, info.mentions)))
    return scored, skipped


def _labelled(row: dict) -> bool:
    """Whole documents whose text the gold annotates have a language to check."""
    return row.get("scope") == "whole" and bool(row.get("kinds"))


def _languages(row: dict) -> list[str]:
    return row.get("lang_ok") or [row["lang"]]


def report_scores(scored, verbose: bool) -> None:
    scores = [s for _, _, s in scored]
    print("\nper kind:")
    dates, entities = _sum(scores, lambda s: s.dates), _sum(scores, _entities)
    print(_line("dates", dates))
    print(_line("entities", entities))
    for kind in TYPES:
        print(_line(f"  {kind}", _sum(scores, lambda s, k=kind: _entities(s, k))))
    print("per language:")
    for lang in sorted({row["lang"] for row, _, _ in scored}):
        mine = [s for row, _, s in scored if row["lang"] == lang]
        print(_line(f"{lang} dates", _sum(mine, lambda s: s.dates)))
        print(_line(f"{lang} entities", _sum(mine, _entities)))
        for kind in TYPES:
            counts = _sum(mine, lambda s, k=kind: _entities(s, k))
            if counts.tp + counts.fp + counts.fn:
                print(_line(f"{lang}   {kind}", counts))
    print("checks:")
    names = sorted({name for s in scores for name in s.checks})
    for name in names:
        notes = [note for s in scores for note in s.checks.get(name, [])]
        good = sum(note.startswith("ok ") for note in notes)
        print(f"  {name:<34} {good}/{len(notes)} right")
        if verbose:
            for note in notes:
                if not note.startswith("ok "):
                    print(f"      {note}")
    wrong_type = sum(
        "wrong type" in a for s in scores for c in s.entity_types.values() for a in c.false_alarms
    )
    print(f"  {'entities of the wrong type':<34} {wrong_type}")
    labelled = [(row, info) for row, info, _ in scored if _labelled(row)]
    right = sum(1 for row, info in labelled if info.language in _languages(row))
    print(f"  {'language label (whole documents)':<34} {right}/{len(labelled)} as the gold says")
    if verbose:
        for name, pick in (("dates", lambda s: s.dates), ("entities", _entities)):
            counts = _sum(scores, pick)
            for miss in counts.misses:
                print(f"      MISS  {name}  {miss}")
            for alarm in counts.false_alarms:
                print(f"      FALSE {name}  {alarm}")
        for row, info in labelled:
            if info.language not in _languages(row):
                print(f"      LANG  {row['id']}: {info.language} (gold {row['lang']})")
    problems = [f"{row['id']}: {p}" for row, _, s in scored for p in s.problems]
    if problems:
        print(f"gold not applicable ({len(problems)}): " + "; ".join(problems[:10]))


def _optional_jsonl(name: str, folder: Path) -> list[dict]:
    """A gold folder may hold only docs.jsonl (the held-out set has no totals or merges)."""
    return load_jsonl(name, folder) if (folder / name).exists() else []


def report_case_checks(cases, merges, rows, verbose: bool) -> None:
    if not any(group.totals for group, _ in cases):
        print("totals: none in this gold set")
    else:
        print("totals:")
    for group, data in cases:
        if group.totals:
            for ok, line in checks.check_totals(group.totals, data.money):
                print(f"  {'ok ' if ok else 'BAD'} {line}")
    print("wrong merges:" if merges else "wrong merges: none in this gold set")
    for merge in merges:
        index, entities = {}, []
        for _, data in cases:
            mentions = [
                m
                for info in {id(i): i for i in data.by_path.values()}.values()
                for m in info.mentions
            ]
            for name, ids in checks.names_to_entities(data.entities, mentions).items():
                index.setdefault(name, set()).update(ids)
            entities += data.entities
        for line in checks.check_merges(merge, index, entities):
            print(f"  {merge['id']}: {line}")
    print("null-date sentinels:")
    facts = [
        f
        for _, d in cases
        for info in {id(i): i for i in d.by_path.values()}.values()
        for f in info.facts
    ]
    found = checks.sentinel_facts(facts)
    months = [m for _, d in cases for m in checks.sentinel_months(d.timeline)]
    print(f"  date facts with a sentinel value: {len(found)}")
    print(f"  timeline months that are sentinels or before 1700: {', '.join(months) or 'none'}")
    undated = [row["id"] for row in rows if row.get("not_doc_date")]
    print(f"  gold documents dated by a sentinel (must stay off the timeline): {len(undated)}")
    if verbose:
        for line in found:
            print(f"      {line}")
    for _, data in cases:
        for error in data.errors:
            print(f"  (could not read: {error})")


def report_speed() -> None:
    """Throughput of the fact extractor on real multilingual text (the lingua sentences)."""
    try:
        from nutgraf.analyze.facts import extract_facts
    except ImportError as error:
        print(f"speed: not measured ({error})")
        return
    samples = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(LINGUA.glob("*.txt"))]
    if not samples:
        samples = [
            (p.stem.split("-")[0], p.read_text(encoding="utf-8"))
            for p in (BENCH / "gold" / "texts").glob("*")
        ]
    size = sum(len(text) for _, text in samples)
    repeat = max(1, 2_000_000 // max(size, 1))
    started = time.perf_counter()
    found = 0
    for _ in range(repeat):
        for language, text in samples:
            found += len(extract_facts(text, language))
    elapsed = time.perf_counter() - started
    chars = size * repeat
    print(
        f"speed: {chars / elapsed:,.0f} chars/s ({chars:,} chars, {found:,} facts, {elapsed:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and false alarms")
    parser.add_argument(
        "--gold", type=Path, default=casebuild.GOLD_DIR, help="gold folder (default bench/gold)"
    )
    parser.add_argument("--corpus", type=Path, default=casebuild.DEFAULT_CORPUS)
    parser.add_argument("--keep", type=Path, help="build the cases in this folder and keep them")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--speed-only", action="store_true")
    args = parser.parse_args()
    if not args.speed_only:
        gold = args.gold.resolve()
        casebuild.use_gold_dir(gold)  # rows with source "texts" name files under this folder
        rows = load_jsonl("docs.jsonl", gold)
        merges, totals = (_optional_jsonl(n, gold) for n in ("merges.jsonl", "totals.jsonl"))
        print(f"gold folder: {gold}")
        with tempfile.TemporaryDirectory(prefix="nutgraf-gold-") as scratch:
            folder = args.keep or Path(scratch)
            cases = build_cases(rows, totals, args.corpus, folder)
            scored, skipped = score_rows(rows, cases, args.corpus)
            print(f"gold: {len(rows)} rows, {len(scored)} scored, {len(skipped)} skipped")
            for line in skipped:
                print(f"  skipped {line}")
            report_scores(scored, args.verbose)
            report_case_checks(cases, merges, rows, args.verbose)
    if not args.no_speed:
        report_speed()


if __name__ == "__main__":
    main()
