"""Fact extraction benchmark: precision/recall on the gold set, and throughput in chars/s.

Run from the repository root: `python bench/facts.py` (add -v to list misses and false alarms).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nutgraf.analyze.facts import extract_facts
from tests.analyze.scoring import load_gold, score

LINGUA = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "public" / "lingua-sentences"


def _line(name: str, c) -> str:
    return f"  {name:<10} P={c.precision:6.3f}  R={c.recall:6.3f}  (tp={c.tp} fp={c.fp} fn={c.fn})"


def report_quality(verbose: bool) -> None:
    by_kind, by_language = score(load_gold())
    print("per kind:")
    for kind, counts in sorted(by_kind.items()):
        print(_line(kind, counts))
        if verbose:
            for miss in counts.misses:
                print(f"      MISS  {miss}")
            for alarm in counts.false_alarms:
                print(f"      FALSE {alarm}")
    print("per language (all kinds):")
    for language, kinds in sorted(by_language.items()):
        total = type(next(iter(kinds.values())))()
        for c in kinds.values():
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        print(_line(language, total))


def report_speed() -> None:
    """Throughput on real multilingual text (the lingua sentences, or the gold set if absent)."""
    samples = []
    if LINGUA.is_dir():
        for path in sorted(LINGUA.glob("*.txt")):
            samples.append((path.stem, path.read_text(encoding="utf-8")))
    else:
        samples = [(r["lang"], r["text"]) for r in load_gold()]
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


if __name__ == "__main__":
    report_quality("-v" in sys.argv)
    report_speed()
