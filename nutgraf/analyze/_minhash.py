"""MinHash signatures and LSH banding for `versions.group_texts`, in numpy alone.

The same values as datasketch 2's `MinHash(num_perm=128)` (scheme `affine32`, seed 1,
SHA-1 of each shingle) and the same candidates as its `MinHashLSH(threshold=0.5,
num_perm=128)` (25 bands of 5 rows): tests/analyze/test_minhash.py checks both against
datasketch. Why not datasketch itself: importing it imports scipy (0.7 s of CPU per ingest,
for an integral that only picks the band count), and it hashes shingles one call at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

NUM_PERM = 128
SEED = 1
BANDS, ROWS = 25, 5  # what datasketch's optimisation gives for threshold 0.5, 128 permutations
_MAX = np.uint32(0xFFFFFFFF)
# MurmurHash3's 32-bit finalizer: (shift, multiplier, shift, multiplier, shift)
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def permutations(num_perm: int = NUM_PERM, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations h → a·h + b (mod 2³², `a` odd), drawn as datasketch does."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def signature(shingles: Iterable[bytes], perms: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The minimum of each permutation over the shingles' hashes (all 2³²-1 when none)."""
    a, b = perms
    sha1 = hashlib.sha1
    digests = b"".join([sha1(shingle).digest()[:4] for shingle in shingles])
    if not digests:
        return np.full(len(a), _MAX, dtype=np.uint32)
    hv = np.frombuffer(digests, dtype="<u4").astype(np.uint32).reshape(-1, 1)
    s1, m1, s2, m2, s3 = _FMIX
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    with np.errstate(over="ignore"):  # wrapping is the modulo 2³²
        return np.minimum(np.full(len(a), _MAX, dtype=np.uint32), (hv * a + b).min(axis=0))


class Bands:
    """Keys whose signatures agree on every row of at least one band are candidates."""

    def __init__(self, bands: int = BANDS, rows: int = ROWS) -> None:
        self.ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self.tables: list[dict[bytes, list[str]]] = [{} for _ in range(bands)]

    def _keys(self, values: np.ndarray) -> list[bytes]:
        return [values[start:end].tobytes() for start, end in self.ranges]

    def query(self, values: np.ndarray) -> set[str]:
        found: set[str] = set()
        for key, table in zip(self._keys(values), self.tables, strict=True):
            found.update(table.get(key, ()))
        return found

    def insert(self, name: str, values: np.ndarray) -> None:
        for key, table in zip(self._keys(values), self.tables, strict=True):
            table.setdefault(key, []).append(name)
