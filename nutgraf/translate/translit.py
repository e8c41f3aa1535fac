"""Latin letters for any script (ICU's transforms, via PyICU): names and gists, not meaning."""

from __future__ import annotations

import unicodedata
from functools import cache

import icu


@cache
def _transliterator() -> icu.Transliterator:
    # Any-Latin picks the script's own transform (Arabic-Latin, Cyrillic-Latin…); Latin-ASCII
    # then drops the diacritics those add (ḥ, š), as reporters write the names.
    return icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")


def to_latin(text: str) -> str:
    return str(_transliterator().transliterate(text))


def is_latin(text: str) -> bool:
    """True when every letter of text is a Latin one (or there is no letter)."""
    for ch in text:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True
