"""Tesseract's words (its TSV output): their confidence, and where each stands on the image
and in the recognised text, so a span of an OCRed page maps to a place on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

BIDI_MARKS = re.compile("[\u200e\u200f]")  # tesseract wraps right-to-left words in these


@dataclass(frozen=True)
class TsvWord:
    left: int
    top: int
    width: int
    height: int
    confidence: float
    text: str


def tsv_words(tsv: Path) -> list[TsvWord]:
    """The words (level 5 rows) of tesseract's TSV output, in its reading order."""
    words: list[TsvWord] = []
    for line in tsv.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        columns = line.split("\t")
        if len(columns) < 12 or columns[0] != "5" or not columns[11].strip():
            continue
        try:
            numbers = [int(value) for value in columns[6:10]]
            confidence = float(columns[10])
        except ValueError:
            continue
        text = BIDI_MARKS.sub("", columns[11]).strip()
        left, top, width, height = numbers
        words.append(TsvWord(left, top, width, height, confidence, text))
    return words


def word_confidence(words: list[TsvWord]) -> tuple[float, int]:
    """Mean confidence of the recognised words, and their count."""
    confidences = [word.confidence for word in words if word.confidence >= 0]
    if not confidences:
        return 0.0, 0
    return sum(confidences) / len(confidences), len(confidences)


MAX_WORD_GAP = 200  # characters: a word found further on is a different one, not this one


def word_boxes(
    text: str, words: list[TsvWord], size: tuple[int, int], rotation: int
) -> tuple[tuple[int, int, float, float, float, float], ...]:
    """Each TSV word found in order in `text`, with its box as fractions of the upright image.

    `size` is the size of the image tesseract read (turned by `rotation` degrees clockwise).
    A word that is not found close ahead (tesseract wrote the text differently) gets no box:
    a box is only given where the text proves it.
    """
    width, height = size
    if width <= 0 or height <= 0:
        return ()
    found: list[tuple[int, int, float, float, float, float]] = []
    cursor = 0
    for word in words:
        if not word.text:
            continue
        at = text.find(word.text, cursor, cursor + MAX_WORD_GAP + len(word.text))
        if at < 0:
            continue
        cursor = at + len(word.text)
        corners = (
            _upright(word.left / width, word.top / height, rotation),
            _upright((word.left + word.width) / width, (word.top + word.height) / height, rotation),
        )
        xs, ys = sorted(c[0] for c in corners), sorted(c[1] for c in corners)
        found.append((at, cursor, xs[0], ys[0], xs[1], ys[1]))
    return tuple(found)


def _upright(u: float, v: float, rotation: int) -> tuple[float, float]:
    """A point of the image turned `rotation` degrees clockwise, back on the upright image."""
    if rotation == 90:
        return v, 1 - u
    if rotation == 180:
        return 1 - u, 1 - v
    if rotation == 270:
        return 1 - v, u
    return u, v
