"""Every SQL statement about OCR word boxes: written with a document's text, read per page.

A page's words are one row (a flat JSON list of integers): a page is always shown whole, and
one row per word would cost a million rows for a few thousand scanned pages.
"""

from __future__ import annotations

import json
from itertools import groupby

from nutgraf.model import WordBox
from nutgraf.store.database import Connection

SCALE = 10_000  # coordinates are kept in 1/10000 of the page's width and height


def write_boxes(db: Connection, doc_id: str, boxes: list[WordBox]) -> None:
    """Replace the document's word boxes (a re-read with OCR brings new ones)."""
    db.execute("DELETE FROM word_boxes WHERE doc_id = ?", (doc_id,))
    rows = []
    for page, words in groupby(sorted(boxes, key=lambda b: (b.page, b.start)), lambda b: b.page):
        flat: list[int] = []
        for box in words:
            flat += [box.start, box.end]
            flat += [round(value * SCALE) for value in (box.x0, box.y0, box.x1, box.y1)]
        rows.append((doc_id, page, json.dumps(flat, separators=(",", ":"))))
    db.executemany("INSERT INTO word_boxes (doc_id, page, words) VALUES (?, ?, ?)", rows)


def page_boxes(db: Connection, doc_id: str, page: int) -> list[WordBox]:
    """The OCR words of one page (1-based) in text order; empty when OCR found none there."""
    row = db.execute(
        "SELECT words FROM word_boxes WHERE doc_id = ? AND page = ?", (doc_id, page)
    ).fetchone()
    if row is None:
        return []
    flat = json.loads(row[0])
    return [
        WordBox(page, *flat[i : i + 2], *(value / SCALE for value in flat[i + 2 : i + 6]))
        for i in range(0, len(flat), 6)
    ]


def pages_with_boxes(db: Connection, doc_id: str) -> list[int]:
    rows = db.execute("SELECT page FROM word_boxes WHERE doc_id = ? ORDER BY page", (doc_id,))
    return [row[0] for row in rows]
