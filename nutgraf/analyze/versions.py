"""Near-duplicates and versions: which texts are nearly the same, and what changed between two.

Pure functions over texts. `group_texts` estimates the Jaccard similarity of word 5-gram
sets with MinHash and finds candidate pairs with LSH (`_minhash.py`), so the cost per document
does not grow with the case; a candidate pair is kept only when its estimated similarity
reaches the threshold. `sentence_diff` says, sentence by sentence, what was added, removed
or changed from one text to another.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from nutgraf.analyze._minhash import BANDS, NUM_PERM, ROWS, Bands, permutations, signature
from nutgraf.fold import fold

SHINGLE = 3  # words per shingle: enough that unrelated texts share few, few enough that an edit
# spoils only three of them
THRESHOLD = 0.5  # estimated Jaccard of shingle sets at or above which texts are versions
MIN_WORDS = 20  # shorter texts ("7 messages", a signature) say too little to be compared
MAX_CHARS = 200_000  # a version is told by its start: a huge text is shingled that far
_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n\s*\n|\n(?=\s*[-*•\d]+[.)]?\s)")


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text[:MAX_CHARS]))


def shingles(text: str | list[str]) -> set[bytes]:
    """The text's word 3-grams (folded: case and accents aside), as bytes for hashing."""
    found = words(text) if isinstance(text, str) else text
    if len(found) < SHINGLE:
        return {" ".join(found).encode()} if found else set()
    # shifted views of the words, zipped: faster than slicing out each n-gram
    return {
        " ".join(gram).encode() for gram in zip(*(found[i:] for i in range(SHINGLE)), strict=False)
    }


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def bands_for(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) of the LSH: datasketch's optimum for the default threshold and size
    (tests/analyze/test_minhash.py checks it), else datasketch's own optimisation."""
    if (threshold, num_perm) == (THRESHOLD, NUM_PERM):
        return BANDS, ROWS
    from datasketch.lsh import _optimal_param

    found: tuple[int, int] = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return found


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = self.parent.setdefault(key, key)
        while root != self.parent[root]:
            root = self.parent[root]
        self.parent[key] = root
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def group_texts(
    texts: Iterable[tuple[str, str]], threshold: float = THRESHOLD, num_perm: int = NUM_PERM
) -> dict[str, str]:
    """{doc_id: group_id} for documents with at least one near-identical other.

    `texts` are (doc_id, text) in a stable order (ingest order): a group's id is the id of
    its first member. Texts under MIN_WORDS words are left out.
    """
    perms = permutations(num_perm)  # one set of permutations for all: made once
    lsh = Bands(*bands_for(threshold, num_perm))
    hashes: dict[str, Any] = {}
    order: dict[str, int] = {}
    union = _Union()
    for doc_id, text in texts:
        tokens = words(text)
        if len(tokens) < MIN_WORDS:
            continue
        values = signature(shingles(tokens), perms)
        for other in lsh.query(values):
            # the estimated Jaccard: the share of equal minima (what MinHash.jaccard computes)
            if float((values == hashes[other]).mean()) >= threshold:
                union.join(other, doc_id)
        lsh.insert(doc_id, values)
        hashes[doc_id] = values  # the 128 minima only: the MinHash object is not kept
        order[doc_id] = len(order)
    groups: dict[str, list[str]] = {}
    for doc_id in hashes:
        groups.setdefault(union.find(doc_id), []).append(doc_id)
    found_groups: dict[str, str] = {}
    for members in groups.values():
        if len(members) > 1:
            first = min(members, key=order.__getitem__)
            found_groups.update({member: first for member in members})
    return found_groups


# ---------------------------------------------------------------------- what changed


def sentences(text: str) -> list[str]:
    """The text cut into sentences (and paragraphs and list items), spaces made single."""
    parts = (" ".join(part.split()) for part in _SENTENCE_END.split(text))
    return [part for part in parts if part]


@dataclass(frozen=True)
class Change:
    """One step from text A to text B: `same`, `added` (only in B), `removed` (only in A)
    or `changed` (a sentence of A rewritten as one of B)."""

    kind: str
    old: str = ""
    new: str = ""

    def to_dict(self) -> dict[str, str]:
        found = {"kind": self.kind}
        if self.old:
            found["old"] = self.old
        if self.new:
            found["new"] = self.new
        return found


def sentence_diff(old_text: str, new_text: str) -> list[Change]:
    """What changed from `old_text` to `new_text`, sentence by sentence, in order."""
    old, new = sentences(old_text), sentences(new_text)
    folded_old, folded_new = [fold(s) for s in old], [fold(s) for s in new]
    matcher = difflib.SequenceMatcher(a=folded_old, b=folded_new, autojunk=False)
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes += [Change("same", old=s, new=new[j1 + k]) for k, s in enumerate(old[i1:i2])]
        elif tag == "delete":
            changes += [Change("removed", old=s) for s in old[i1:i2]]
        elif tag == "insert":
            changes += [Change("added", new=s) for s in new[j1:j2]]
        else:
            changes += list(_paired(old[i1:i2], new[j1:j2]))
    return changes


def _paired(old: list[str], new: list[str]) -> Iterator[Change]:
    """A replaced block: a sentence that is mostly the same is `changed`, the rest removed
    or added (a rewrite of one sentence is not a deletion and an unrelated insertion)."""
    if len(old) * len(new) > 2_500:  # a wholesale rewrite: pairing would cost too much
        yield from (Change("removed", old=s) for s in old)
        yield from (Change("added", new=s) for s in new)
        return
    j = 0
    for sentence in old:
        best = None
        for k in range(j, len(new)):
            if difflib.SequenceMatcher(a=sentence, b=new[k], autojunk=False).ratio() >= 0.5:
                best = k
                break
        if best is None:
            yield Change("removed", old=sentence)
            continue
        for added in new[j:best]:
            yield Change("added", new=added)
        yield Change("changed", old=sentence, new=new[best])
        j = best + 1
    for added in new[j:]:
        yield Change("added", new=added)


def word_changes(old: str, new: str) -> list[tuple[str, str]]:
    """A changed sentence as (kind, words) runs: `same`, `removed`, `added` (for marking)."""
    a, b = old.split(" "), new.split(" ")
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("added", " ".join(b[j1:j2])))
    return runs
