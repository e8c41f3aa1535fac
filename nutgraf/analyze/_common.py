"""Is a word common in a language? Word frequencies from `wordfreq` (offline, it ships its data).

A gazetteer or a rule that sees one capitalised word cannot tell "Drug" (in "Food, Drug, and
Cosmetic Act") from Durg, or Arabic دولة ("state") from Dhule: the spelling is the same. How
often the word is written in the document's language tells: a word used every day is far
more often the word than the name. The scale is Zipf (log10 of uses per billion words):

- COMMON_ZIPF = 4.5 is 30 uses per million words, the everyday vocabulary of a language
  ("drug" 4.9, "reading" 5.1, Spanish "para" 6.9, Arabic دولة 5.4, Hebrew ביותר 6.0), while
  all but the best-known places sit below it (Durg 1.5, Lyon in French 4.9 is the rare
  exception; a place above it is still found after a preposition, see _gazetteer.py);
- VERY_COMMON_ZIPF = 5.5 is 300 per million: function words and the most frequent nouns
  (Arabic مدينة "city" 5.8), never a place or a person's name alone whatever the context.

Languages wordfreq does not cover (or an unknown language) use the highest frequency among
our main languages of the word's script (en fr es de; ar; he): unsure, assume it is common.
"""

from __future__ import annotations

import re
from functools import lru_cache

COMMON_ZIPF = 4.5
VERY_COMMON_ZIPF = 5.5
_LATIN_LANGUAGES = ("en", "fr", "es", "de", "it", "pt", "nl")
_SCRIPT_LANGUAGES = {"arabic": ("ar", "fa"), "hebrew": ("he",), "latin": _LATIN_LANGUAGES}
_UNSURE = {"arabic": ("ar",), "hebrew": ("he",), "latin": ("en", "fr", "es", "de")}
# wordfreq's "small" lists hold every word of Zipf 3 and more: all our thresholds need, at a
# fraction of the load time and memory of the large ones (each worker loads them once).
_WORDLIST = "small"
_ARABIC = re.compile("[\u0600-\u06ff]")
_HEBREW = re.compile("[\u0590-\u05ff]")


@lru_cache(maxsize=1)
def _available() -> frozenset[str]:
    import wordfreq

    return frozenset(wordfreq.available_languages())


def script_of(word: str) -> str:
    if _ARABIC.search(word):
        return "arabic"
    if _HEBREW.search(word):
        return "hebrew"
    return "latin"


def is_caseless(word: str) -> bool:
    """Arabic and Hebrew have no capitals: case cannot say a word is a name."""
    return script_of(word) != "latin"


@lru_cache(maxsize=65536)
def zipf(word: str, language: str | None) -> float:
    """How common `word` is in `language` (Zipf scale, 0 = never seen)."""
    from wordfreq import zipf_frequency

    script = script_of(word)
    if language in _available() and language in _SCRIPT_LANGUAGES[script]:
        return zipf_frequency(word, language, wordlist=_WORDLIST)
    return max(zipf_frequency(word, other, wordlist=_WORDLIST) for other in _UNSURE[script])


def is_common(word: str, language: str | None) -> bool:
    return zipf(word, language) >= COMMON_ZIPF


def is_very_common(word: str, language: str | None) -> bool:
    return zipf(word, language) >= VERY_COMMON_ZIPF
