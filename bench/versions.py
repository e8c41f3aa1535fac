"""How well version groups are found, and what they cost per document.

    .venv/bin/python bench/versions.py [--bases 300] [--variants 3] [--singles 600] [--seed 7]

A generated set with known answers (fixed seed): `bases` documents of 150-600 words drawn
from English word frequencies (so unrelated texts share common phrases, as real ones do),
each with `variants` versions made by known edits: 1-20 % of the words replaced, deleted or
inserted, a paragraph moved or appended, case changed. `singles` more documents have no
version. The true groups are each base with its variants; nutgraf's grouping
(nutgraf.analyze.versions.group_texts, the function ingest runs) is scored on pairs of
documents: precision = found pairs that are true, recall = true pairs found, also per edit
rate. Cost: wall and CPU time per document of the grouping (MinHash + LSH), which does
not grow with the case (each document queries the LSH buckets, not every other document),
and the memory of the MinHashes, from which the figures at 100,000 documents are projected.
Prints figures; never passes or fails.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nutgraf.analyze.versions import NUM_PERM, THRESHOLD, group_texts

EDIT_RATES = (0.01, 0.05, 0.10, 0.20)


def vocabulary() -> tuple[list[str], list[float]]:
    from wordfreq import top_n_list, word_frequency

    words = top_n_list("en", 5000)
    return words, [word_frequency(w, "en") for w in words]


def base_text(rng: random.Random, words: list[str], weights: list[float]) -> str:
    count = rng.randint(150, 600)
    chosen = rng.choices(words, weights, k=count)
    sentences, start = [], 0
    while start < count:
        end = min(count, start + rng.randint(8, 20))
        sentence = " ".join(chosen[start:end])
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
        start = end
    return " ".join(sentences)


def variant(rng: random.Random, text: str, rate: float, words: list[str]) -> str:
    tokens = text.split()
    edited: list[str] = []
    for token in tokens:
        roll = rng.random()
        if roll < rate / 3:
            edited.append(rng.choice(words))  # replaced
        elif roll < 2 * rate / 3:
            continue  # deleted
        elif roll < rate:
            edited += [token, rng.choice(words)]  # a word inserted
        else:
            edited.append(token)
    if rng.random() < 0.3:  # a paragraph moved to the end
        cut = len(edited) // 3
        edited = edited[cut:] + edited[:cut]
    if rng.random() < 0.3:
        edited += ["A", "clause", "was", "added", "to", "this", "version."]
    if rng.random() < 0.2:
        return " ".join(edited).upper()
    return " ".join(edited)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bases", type=int, default=300)
    parser.add_argument("--variants", type=int, default=3)
    parser.add_argument("--singles", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    words, weights = vocabulary()
    texts: list[tuple[str, str]] = []
    truth: dict[str, str] = {}
    rate_of: dict[str, float] = {}
    for b in range(args.bases):
        base = base_text(rng, words, weights)
        texts.append((f"b{b}", base))
        truth[f"b{b}"] = f"b{b}"
        for v in range(args.variants):
            rate = EDIT_RATES[(b + v) % len(EDIT_RATES)]
            doc_id = f"b{b}v{v}"
            texts.append((doc_id, variant(rng, base, rate, words)))
            truth[doc_id], rate_of[doc_id] = f"b{b}", rate
    texts += [(f"s{s}", base_text(rng, words, weights)) for s in range(args.singles)]
    rng.shuffle(texts)

    import datasketch  # noqa: F401  (numpy and scipy load here, not in the measured memory)

    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    found = group_texts(texts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before

    def pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
        members: dict[str, list[str]] = {}
        for doc_id, group in groups.items():
            members.setdefault(group, []).append(doc_id)
        return {tuple(sorted(p)) for m in members.values() for p in combinations(m, 2)}  # type: ignore[misc]

    true_pairs, found_pairs = pairs(truth), pairs(found)
    hit = true_pairs & found_pairs
    precision = len(hit) / len(found_pairs) if found_pairs else 1.0
    recall = len(hit) / len(true_pairs) if true_pairs else 1.0
    n = len(texts)
    print(f"documents {n}: {args.bases} groups of {args.variants + 1}, {args.singles} singles")
    print(f"threshold {THRESHOLD}, {NUM_PERM} permutations, word 3-grams")
    print(f"pairs: true {len(true_pairs)}, found {len(found_pairs)}, right {len(hit)}")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    for rate in EDIT_RATES:  # recall of the base–variant pairs at each edit rate
        wanted = {tuple(sorted((truth[d], d))) for d, r in rate_of.items() if r == rate}
        share = len(wanted & found_pairs) / len(wanted)
        print(f"  edit rate {rate:>4.0%}: base-variant recall {share:.3f}")
    print(f"cost: {wall / n * 1000:.2f} ms wall, {cpu / n * 1000:.2f} ms CPU per document")
    print(
        f"memory: {memory / 1024:.0f} MB peak growth for {n} documents (~{memory / n:.1f} KB each)"
    )
    print(
        f"projected at 100,000 documents: {wall / n * 100_000:.0f} s wall, "
        f"~{memory / n * 100_000 / 1024 / 1024:.1f} GB of MinHashes and LSH"
    )


if __name__ == "__main__":
    main()
