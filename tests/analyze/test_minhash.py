"""nutgraf's own MinHash and LSH bands give exactly what datasketch gives (they replace it
in `versions.group_texts` for speed: its import pulls in scipy)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from nutgraf.analyze import _minhash
from nutgraf.analyze.versions import THRESHOLD, bands_for, shingles

datasketch = pytest.importorskip("datasketch", reason="datasketch is the reference")


def _texts(count: int, seed: int = 3) -> list[str]:
    """Texts of a small vocabulary, with near-copies: pairs at every similarity."""
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(300)] + ["Ünïcode", "ß", "Ελλάδα", "القاهرة"]
    texts: list[str] = []
    for _ in range(count):
        if texts and rng.random() < 0.5:
            words = rng.choice(texts).split()
            for _ in range(rng.randrange(0, len(words) // 2)):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
        else:
            words = [rng.choice(vocabulary) for _ in range(rng.randrange(1, 400))]
        texts.append(" ".join(words))
    return texts


def test_signatures_equal_datasketch() -> None:
    perms = _minhash.permutations()
    base = datasketch.MinHash(num_perm=_minhash.NUM_PERM)
    assert all(
        (mine == theirs).all() for mine, theirs in zip(perms, base.permutations, strict=True)
    )
    for text in [*_texts(60), ""]:
        found = list(shingles(text))
        reference = datasketch.MinHash(num_perm=_minhash.NUM_PERM)
        reference.update_batch(found)
        assert np.array_equal(_minhash.signature(found, perms), reference.hashvalues)


def test_bands_equal_datasketch() -> None:
    assert bands_for(THRESHOLD, _minhash.NUM_PERM) == (_minhash.BANDS, _minhash.ROWS)
    reference = datasketch.MinHashLSH(threshold=THRESHOLD, num_perm=_minhash.NUM_PERM)
    assert (reference.b, reference.r) == (_minhash.BANDS, _minhash.ROWS)
    bands = _minhash.Bands()
    perms = _minhash.permutations()
    queried = 0
    for number, text in enumerate(_texts(120, seed=5)):
        found = list(shingles(text))
        minhash = datasketch.MinHash(num_perm=_minhash.NUM_PERM)
        minhash.update_batch(found)
        values = _minhash.signature(found, perms)
        assert bands.query(values) == set(reference.query(minhash))
        queried += len(bands.query(values))
        bands.insert(str(number), values)
        reference.insert(str(number), minhash)
    assert queried > 5  # near-copies were found: the comparison compared something
