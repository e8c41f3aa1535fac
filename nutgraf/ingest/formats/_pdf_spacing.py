"""Letter-spaced words in a PDF's text layer, rejoined ("L I G H T B I T E S" → "LIGHT BITES").

When each glyph is its own text object (a designer's tracking, some converters), PDFium puts a
generated space between every two letters, and search finds neither word. The glyphs' boxes
tell letters from words: on such a line, the gaps between letters cluster small and the gaps
between words stand apart. A generated space is dropped only when the line shows both clusters
clearly, or when every gap is tighter than any word space could be; otherwise the text stays as
PDFium gave it (a uniformly spaced "M A I N S" cannot be told from five one-letter words).
Only spaces PDFium generated are dropped, never a space the PDF holds.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

# four or more tokens of one or two letters in a row: how letter-spacing reads in text
_SPACED_RUN = re.compile(r"(?<!\S)(?:[^\W\d_]{1,2} ){3,}[^\W\d_]{1,2}(?!\S)")
TIGHT = 0.15  # em: a gap this small is inside a word whatever the line does
WORD_GAP = 0.25  # em: the smallest gap read as a word space when the line has two clusters
CLUSTER_RATIO = 1.6  # the word gaps must be at least this many times the letter gaps
FAR = 0.6  # em: a gap this wide is always a space


def respaced_text(textpage: pdfium.PdfTextPage) -> str | None:
    """The page's characters with the spaces inside letter-spaced words dropped, or None when
    the page has no letter-spaced run (the usual case, decided from the text alone)."""
    count = textpage.count_chars()
    chars = textpage.get_text_range(0, count) if count > 0 else ""
    if len(chars) != count or not _SPACED_RUN.search(chars):
        return None
    dropped: set[int] = set()
    position = 0
    for line in chars.splitlines(keepends=True):
        # the spaces inside each run and the one on either side ("swe e t" → "sweet")
        inside = [
            index
            for run in _SPACED_RUN.finditer(line)
            for index in range(position + run.start() - 1, position + run.end() + 1)
            if 0 < index < len(chars) - 1 and chars[index] == " "
        ]
        if inside:
            dropped |= _spaces_inside_words(textpage, chars, inside)
        position += len(line)
    if not dropped:
        return None
    return "".join(char for index, char in enumerate(chars) if index not in dropped)


def _spaces_inside_words(textpage: pdfium.PdfTextPage, chars: str, spaces: list[int]) -> set[int]:
    """Of these spaces, those PDFium generated between two letters of one word."""
    gaps: dict[int, float] = {}
    for index in spaces:
        if not pdfium_raw.FPDFText_IsGenerated(textpage.raw, index):
            continue
        if not (chars[index - 1].isalpha() and chars[index + 1].isalpha()):
            continue
        size = pdfium_raw.FPDFText_GetFontSize(textpage.raw, index - 1)
        if size <= 0:
            continue
        left = textpage.get_charbox(index - 1)[2]
        right = textpage.get_charbox(index + 1)[0]
        gaps[index] = (right - left) / size
    threshold = _word_gap(sorted(gaps.values()))
    return {index for index, gap in gaps.items() if gap < threshold}


def _word_gap(gaps: list[float]) -> float:
    """The smallest gap (in em) that is a word space on this line; 0 when none can be told."""
    if not gaps:
        return 0.0
    if gaps[-1] < TIGHT:
        return TIGHT  # every gap is inside a word
    best_ratio, split = 0.0, 0.0
    for low, high in pairwise(gaps):
        ratio = high / max(low, 0.01)
        if high >= WORD_GAP and ratio > best_ratio:  # two clusters: letters, then words
            best_ratio, split = ratio, high
    if best_ratio >= CLUSTER_RATIO:
        return min(split, FAR)
    return 0.0
