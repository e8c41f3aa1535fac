"""Names across scripts: precision and recall on a gold set of Arabic and Hebrew names paired
with Latin spellings, true pairs and decoys (bench/gold/names_across_scripts.tsv, written by
reading names, before and without the matcher's code; see its .md).

For each row, nutgraf's rule (analyze/across_scripts.py: equal consonant skeletons) says "same"
or not; so does a plain baseline (ICU transliteration, then rapidfuzz's ratio on the folded,
sorted words at the watchlist's threshold). Prints JSON: per language and kind, and over all,
true/false positives, false negatives, precision and recall, and the time per pair.

    python bench/watchlist_scripts.py [--gold bench/gold/names_across_scripts.tsv] [--errors]
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz

from nutgraf.analyze.across_scripts import same_across_scripts
from nutgraf.story.watchlist import DEFAULT_THRESHOLD, comparable
from nutgraf.translate.translit import to_latin

HERE = Path(__file__).resolve().parent


def baseline(native: str, latin: str) -> bool:
    return fuzz.ratio(comparable(to_latin(native)), comparable(latin)) >= DEFAULT_THRESHOLD


def _figures(rows: list[dict[str, str]], judge: Callable[[str, str], bool]) -> dict:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
    wrong = []
    started = time.perf_counter()
    for row in rows:
        said, truth = judge(row["native"], row["latin"]), row["same"] == "1"
        cell = {(True, True): "tp", (True, False): "fp", (False, True): "fn"}.get(
            (said, truth), "tn"
        )
        for group in ("all", row["lang"], f"{row['lang']} {row['kind']}"):
            counts[group][cell] += 1
        if cell in ("fp", "fn"):
            wrong.append(f"{cell}: {row['native']} / {row['latin']}")
    per_pair_us = (time.perf_counter() - started) / max(len(rows), 1) * 1e6
    result = {}
    for group, c in sorted(counts.items()):
        said = c["tp"] + c["fp"]
        truth = c["tp"] + c["fn"]
        result[group] = c | {
            "precision": round(c["tp"] / said, 3) if said else None,
            "recall": round(c["tp"] / truth, 3) if truth else None,
        }
    return {"groups": result, "microseconds_per_pair": round(per_pair_us, 1), "wrong": wrong}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=HERE / "gold/names_across_scripts.tsv")
    parser.add_argument("--errors", action="store_true", help="List each wrong answer.")
    args = parser.parse_args()
    with args.gold.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    report = {"pairs": len(rows)}
    for name, judge in (("nutgraf", same_across_scripts), ("baseline", baseline)):
        figures = _figures(rows, judge)
        if not args.errors:
            figures.pop("wrong")
        report[name] = figures
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
