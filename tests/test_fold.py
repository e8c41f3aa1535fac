"""Folding for matching: a capital folds like its small letter, whatever the letter."""

from __future__ import annotations

import pytest

from nutgraf.fold import fold


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Défense côtière", "defense cotiere"),
        ("ŁUKASZ", "lukasz"),  # Ł has no decomposition: the letter map must see ł
        ("Łukasz", "lukasz"),
        ("ØRSTED", "orsted"),
        ("ÆBLE", "aeble"),
        ("Straße", "strasse"),
        ("ĐORĐE", "dorde"),
    ],
)
def test_capitals_fold_like_small_letters(written: str, folded: str) -> None:
    assert fold(written) == folded
    assert fold(written.lower()) == fold(written.upper()) == folded
