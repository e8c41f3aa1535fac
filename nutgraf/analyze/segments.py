"""A text cut into the sentence spans a translation is aligned to (pure: text → spans).

The boundaries are those of `sentences.py` (the sentence a fact's context shows), so a
translated segment and a fact's sentence agree; lines of a table (tab-separated fields) are
segments of their own, and a run-on stretch without an end is cut at a space near
`MAX_SEGMENT` characters, so one segment never costs an engine a whole page.
"""

from __future__ import annotations

import re

from nutgraf.sentences import _END, _ends_sentence

MAX_SEGMENT = 600
# A day with its ordinal dot (`2. Mai 2024`, `7. Oktober`): German and Nordic dates, no end.
_ORDINAL_DAY = re.compile(r"(?:^|\s)\d{1,2}\.$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each segment with a letter in it, trimmed of surrounding blanks."""
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _blocks(text):
        begin = line_start
        for match in _END.finditer(text, line_start, line_end):
            if _ends_sentence(text, match) and not _ORDINAL_DAY.search(
                text[max(0, match.start() - 4) : match.start()]
            ):
                spans.extend(_cut(text, begin, match.start()))
                begin = match.end()
        spans.extend(_cut(text, begin, line_end))
    return [(start, end) for start, end in spans if any(ch.isalpha() for ch in text[start:end])]


def _blocks(text: str) -> list[tuple[int, int]]:
    """Stretches split by sentence ends; a tabular line stands alone (its cells aren't prose)."""
    blocks: list[tuple[int, int]] = []
    start = 0
    position = 0
    for line in text.splitlines(keepends=True):
        end = position + len(line)
        if "\t" in line:
            if start < position:
                blocks.append((start, position))
            blocks.append((position, end))
            start = end
        position = end
    if start < len(text):
        blocks.append((start, len(text)))
    return blocks


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SEGMENT:
        cut = text.rfind(" ", start + MAX_SEGMENT // 2, start + MAX_SEGMENT)
        cut = start + MAX_SEGMENT if cut < 0 else cut
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces
