"""The language a text is written in, as an ISO 639-1 code (lingua, offline, all languages).

Only prose tells a language: table cells of one or two words, file names, addresses, URLs
and numbers are left out of what is detected. A text with too little prose (fewer than
`MINIMUM_LETTERS` letters or `MINIMUM_WORDS` distinct words: "Hello, World!" repeated over 500
pages), or a short text (under `SHORT_LETTERS`) whose reading lingua is not sure of
(confidence below `SHORT_CONFIDENCE`), is `und` (undetermined), never a guess; so is a
reading as one of the languages lingua readily finds in short fragments (Latin, Esperanto,
Yoruba, Tagalog, Welsh, Tswana…: `EASILY_MISREAD`) on less than 1,000 letters of prose.

A longer text is also read in sections (paragraphs gathered to `SECTION_CHARS`; at most
`MAX_SECTIONS` of them, spread over the text, so that it costs about one detection of the
whole): when two or more languages each hold a tenth of what was read, `sections` gives
them as `{language, start, end}` with character offsets into the text (adjacent sections of
one language merged), and the main language is the one covering most of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from lingua import LanguageDetector, LanguageDetectorBuilder

UNDETERMINED = "und"
SAMPLE_CHARS = 3000  # a few paragraphs tell the language; whole books only cost time
MINIMUM_LETTERS = 25
MINIMUM_WORDS = 5
SHORT_LETTERS = 150  # below this many letters a reading must be surer still
SHORT_CONFIDENCE = 0.8
# Languages lingua readily finds in short Latin-script fragments (names, codes, OCR noise):
# their reading counts only on a long stretch of prose.
EASILY_MISREAD = frozenset(
    ["la", "eo", "yo", "tl", "cy", "tn", "st", "ts", "xh", "zu", "sn", "so", "mi", "lg", "ig", "ha"]
)
EASILY_MISREAD_LETTERS = 1000
SECTION_CHARS = 80
MAX_CHUNK = 1200  # without a blank line, a section is cut at a line end
MAX_SECTIONS = 4  # a long text is read in at most this many sections, spread over it
SECTION_SAMPLE = 400  # characters of each section read
MINIMUM_SHARE = 0.1  # a language of less than this share of the sections is noise

_NOISE = re.compile(r"\S+@\S+|\w+://\S+|www\.\S+|[^\s]*[/\\][^\s]*|\S*\d\S*|<[^>]*>")
_WORD = re.compile(r"[^\W\d_]{2,}")
_BREAK = re.compile(r"\n(?:[ \t]*\n)*")


@dataclass
class Languages:
    main: str
    sections: list[dict] = field(default_factory=list)


@cache
def _detector() -> LanguageDetector:
    # Low-accuracy mode: fast and light, and accurate on anything longer than a sentence.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str) -> str:
    """The main language of `text`, or `und` when the text does not tell."""
    return _detect(_prose(_sample(text)))


def detect_languages(text: str) -> Languages:
    """The main language and, for a text in several languages, its sections.

    A text of one section costs one detection; a longer one is read in at most
    `MAX_SECTIONS` sampled sections of at most `SECTION_SAMPLE` characters each, about what
    one detection of the whole text costs, and its main language comes from them.
    """
    chunks = _chunks(text) if len(text) >= 2 * SECTION_CHARS else []
    if len(chunks) < 2:
        return Languages(detect_language(text))
    sections = _sections(text, chunks)
    covered: dict[str, int] = {}
    for section in sections:
        length = section["end"] - section["start"]
        covered[section["language"]] = covered.get(section["language"], 0) + length
    whole = sum(covered.values())
    kept = {code for code, length in covered.items() if length >= MINIMUM_SHARE * whole}
    if not kept:
        return Languages(detect_language(text))
    main = max(kept, key=lambda code: covered[code])
    if len(kept) < 2:
        return Languages(main)
    return Languages(
        main, _merged([section for section in sections if section["language"] in kept])
    )


def _merged(sections: list[dict]) -> list[dict]:
    """Adjacent sections of one language as one; each runs to where the next one starts."""
    merged: list[dict] = []
    for section in sections:
        if merged and merged[-1]["language"] == section["language"]:
            merged[-1]["end"] = section["end"]
        else:
            if merged:
                merged[-1]["end"] = section["start"]
            merged.append(dict(section))
    return merged


def _detect(prose: str) -> str:
    letters = sum(char.isalpha() for char in prose)
    if letters < MINIMUM_LETTERS or len(set(_WORD.findall(prose.lower()))) < MINIMUM_WORDS:
        return UNDETERMINED
    language = _detector().detect_language_of(prose)
    if language is None:
        return UNDETERMINED
    # A short text must be read clearly; on longer ones lingua's confidence is near 1 and
    # would cost as much again as the detection.
    if (
        letters < SHORT_LETTERS
        and _detector().compute_language_confidence(prose, language) < SHORT_CONFIDENCE
    ):
        return UNDETERMINED
    code = language.iso_code_639_1.name.lower()
    if code in EASILY_MISREAD and letters < EASILY_MISREAD_LETTERS:
        return UNDETERMINED
    return code


def _prose(text: str) -> str:
    """The text less what tells no language: short table cells, addresses, paths, numbers."""
    kept = []
    for line in dict.fromkeys(text.split("\n")):  # a line repeated tells nothing more
        fields = line.split("\t") if "\t" in line else [line]
        for cell in fields:
            cleaned = _NOISE.sub(" ", cell)
            if "\t" in line and len(_WORD.findall(cleaned)) < 3:
                continue  # a one- or two-word cell: a name or a code, not prose
            kept.append(cleaned)
    return "\n".join(kept)


def _sections(text: str, chunks: list[tuple[int, int]]) -> list[dict]:
    if len(chunks) > MAX_SECTIONS:
        step = len(chunks) / MAX_SECTIONS
        chunks = [chunks[int(i * step)] for i in range(MAX_SECTIONS)]
    sections: list[dict] = []
    for start, end in chunks:
        language = _detect(_prose(text[start : min(end, start + SECTION_SAMPLE)]))
        if language != UNDETERMINED:
            sections.append({"language": language, "start": start, "end": end})
    return sections


def _chunks(text: str) -> list[tuple[int, int]]:
    """Paragraphs gathered into spans of at least SECTION_CHARS, cut at a blank line (or at
    a line end past MAX_CHUNK); the last span takes the rest."""
    spans, start = [], 0
    for match in _BREAK.finditer(text):
        length = match.start() - start
        if length >= MAX_CHUNK or (length >= SECTION_CHARS and "\n" in match.group()[1:]):
            spans.append((start, match.start()))
            start = match.end()
    if text[start:].strip():
        if spans and len(text) - start < SECTION_CHARS // 2:
            spans[-1] = (spans[-1][0], len(text))
        else:
            spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _sample(text: str) -> str:
    """Take text from the start and the middle: headers and boilerplate often open a file."""
    if len(text) <= SAMPLE_CHARS:
        return text
    half = SAMPLE_CHARS // 2
    middle = len(text) // 2
    return text[:half] + "\n" + text[middle : middle + half]
