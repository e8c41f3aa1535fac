"""`is_usable_text` counts per distinct character; it must agree with the per-character rule."""

from __future__ import annotations

import random
import unicodedata

from nutgraf.ingest.formats import pdf


def reference(text: str) -> bool:
    """The definition, one character at a time (what the fast version replaced)."""
    visible = [char for char in text if not char.isspace()]
    if not visible:
        return False
    letters = sum(char.isalnum() for char in visible)
    bad = sum(
        char == "\ufffd" or unicodedata.category(char) in ("Cc", "Co", "Cn", "Cs")
        for char in visible
    )
    return (
        letters >= pdf.MIN_LETTERS
        and letters / len(visible) >= pdf.MIN_LETTER_SHARE
        and bad / len(visible) <= pdf.MAX_BAD_SHARE
    )


# letters, digits, spaces of several kinds, punctuation, controls, private use, unassigned,
# replacement characters, surrogates (as PDFium may hand them over)
ALPHABET = "aZé9٣ \t\n\u00a0\u2003.,;-\x01\x02\x1f\x85\ue000\U000f0000\u0378\ufffd\ud800"


def test_agrees_with_the_per_character_rule() -> None:
    rng = random.Random(3)
    agreed = {True: 0, False: 0}
    for _ in range(3000):
        # weight the alphabet differently each time so both answers are common
        weights = [rng.random() ** 3 for _ in ALPHABET]
        text = "".join(rng.choices(ALPHABET, weights, k=rng.randrange(0, 60)))
        expected = reference(text)
        assert pdf.is_usable_text(text) is expected, repr(text)
        agreed[expected] += 1
    assert agreed[True] > 20 and agreed[False] > 20


def test_plain_cases() -> None:
    assert pdf.is_usable_text("The board met on 3 May.")
    assert not pdf.is_usable_text("   \n\t ")
    assert not pdf.is_usable_text("\x01\x02\x03 \x04\x05ab")
    assert not pdf.is_usable_text("ab")


def test_count_letters_is_isalnum() -> None:
    rng = random.Random(5)
    for _ in range(500):
        text = "".join(rng.choices(ALPHABET + "_", k=rng.randrange(0, 80)))
        assert pdf.count_letters(text) == sum(char.isalnum() for char in text)
