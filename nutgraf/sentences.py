"""The sentence around a span of text: what a journalist reads to judge a fact in context."""

from __future__ import annotations

import re

MAX_SIDE = 300  # characters kept on each side of the span when no boundary is near

# A sentence ends at . ! ? … (Arabic ؟, CJK 。) followed by a space, or at a blank line.
_END = re.compile(r"(?<=[.!?…؟。])[\"'”’»)\]]*\s+|\n[ \t]*\n")
# Not an end: an initial (`H. Marchetti`) or an abbreviation (`M. Dupont`, `Dr.`, `Ltd.`).
_NOT_AN_END = re.compile(
    r"(?:\b[A-ZÀ-Ý]|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Mme|Mlle|Sr|Sra|Jr|No|Nr|vs|etc|e\.g|i\.e|"
    r"Inc|Ltd|Corp|Co|S\.A|Art|p|pp|cf|ca|approx))[.]$"
)


def sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence holding `text[start:end]` and its start offset (`text[s:s+len] == it`).

    In a spreadsheet row, any line with tab-separated fields, or a record of delimited text
    (a line with as many `;` or `|` as the line next to it, at least two), the line is the
    sentence.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if "\t" in text[line_start:line_end] or _is_record(text, line_start, line_end):
        return text[line_start:line_end], line_start
    lower = max(0, start - MAX_SIDE)
    upper = min(len(text), end + MAX_SIDE)
    begin = lower
    for match in _END.finditer(text, lower, start):
        if _ends_sentence(text, match):
            begin = match.end()
    finish = upper
    for match in _END.finditer(text, end, upper):
        if _ends_sentence(text, match):
            finish = match.start()
            break
    while begin < start and text[begin].isspace():
        begin += 1
    while finish > end and text[finish - 1].isspace():
        finish -= 1
    return text[begin:finish], begin


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    if match.group().count("\n") >= 2:
        return True  # a blank line always ends a sentence
    following = text[match.end() : match.end() + 1]
    if following and (following.islower() or following.isdigit()):
        return False  # `7 oct. 2023`, `etc. and`: the sentence goes on
    return not _NOT_AN_END.search(text[max(0, match.start() - 8) : match.start()])


def _is_record(text: str, line_start: int, line_end: int) -> bool:
    line = text[line_start:line_end]
    for delimiter in (";", "|"):
        count = line.count(delimiter)
        if count < 2:
            continue
        before = text[text.rfind("\n", 0, max(0, line_start - 1)) + 1 : max(0, line_start - 1)]
        after_end = text.find("\n", line_end + 1)
        after = text[line_end + 1 : len(text) if after_end < 0 else after_end]
        if count in (before.count(delimiter), after.count(delimiter)):
            return True
    return False
