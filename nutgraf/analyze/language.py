"""The language a text is written in, as an ISO 639-1 code (lingua, offline, all languages)."""

from __future__ import annotations

from functools import cache

from lingua import LanguageDetector, LanguageDetectorBuilder

SAMPLE_CHARS = 3000  # a few paragraphs tell the language; whole books only cost time
MINIMUM_LETTERS = 20


@cache
def _detector() -> LanguageDetector:
    # Low-accuracy mode: fast and light, and accurate on anything longer than a sentence.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """The main language of `text`, or None when there is too little text to tell."""
    sample = _sample(text)
    if sum(char.isalpha() for char in sample) < MINIMUM_LETTERS:
        return None
    language = _detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else None


def _sample(text: str) -> str:
    """Take text from the start and the middle: headers and boilerplate often open a file."""
    if len(text) <= SAMPLE_CHARS:
        return text
    half = SAMPLE_CHARS // 2
    middle = len(text) // 2
    return text[:half] + "\n" + text[middle : middle + half]
