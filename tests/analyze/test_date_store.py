"""Date readings survive the store: `facts --json` shows ambiguous/alternative/calendar, old
cases get the new columns, and sentinel document dates are no date."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from nutgraf.store.sqlite import SqliteStore


def _cli(*args: str) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "nutgraf.cli", *args, "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def test_facts_json_carries_the_reading(tmp_path: Path) -> None:
    leak = tmp_path / "leak"
    leak.mkdir()
    (leak / "note.txt").write_text(
        "The contract was signed on 01/04/2010 in London by both parties.\n"
        "وقع العقد بتاريخ 24/11/1428هـ في الرياض بحضور الطرفين.\n",
        encoding="utf-8",
    )
    (leak / "mail.eml").write_text(
        "From: a@example.org\nTo: b@example.org\nDate: Thu, 01 Jan 1970 00:00:00 +0000\n"
        "Subject: no date\n\nThe board will meet again next week to decide the matter.\n",
        encoding="utf-8",
    )
    case = str(tmp_path / "case")
    _cli("ingest", str(leak), "--case", case)
    dates = {f["quote"]: f for f in _cli("facts", "--case", case, "--kind", "date")}
    signed = dates["01/04/2010"]
    assert signed["ambiguous"] is True and {signed["value"], signed["alternative"]} == {
        "2010-01-04",
        "2010-04-01",
    }
    hijri = dates["24/11/1428هـ"]
    assert (hijri["value"], hijri["calendar"]) == ("2007-12-04", "hijri")
    assert "ambiguous" not in hijri
    store = SqliteStore(Path(case) / "case.db")
    try:
        rows = store.db.execute("SELECT path, date FROM documents").fetchall()
        assert {Path(path).name: date for path, date in rows}["mail.eml"] is None
    finally:
        store.close()


def test_an_old_case_gets_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "case.db"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE documents (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, path TEXT "
        "NOT NULL, parent_id TEXT, depth INTEGER NOT NULL DEFAULT 0, size INTEGER NOT NULL, "
        "mime TEXT, status TEXT NOT NULL DEFAULT 'pending', language TEXT, title TEXT, date "
        "TEXT, text_length INTEGER NOT NULL DEFAULT 0, ocr INTEGER NOT NULL DEFAULT 0, "
        "error_reason TEXT, error TEXT, metadata TEXT NOT NULL DEFAULT '{}', indexed INTEGER "
        "NOT NULL DEFAULT 0, added_at TEXT);"
        "CREATE TABLE facts (id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, kind TEXT NOT NULL, "
        'start INTEGER NOT NULL, "end" INTEGER NOT NULL, quote TEXT NOT NULL, value TEXT, '
        "number REAL, currency TEXT, unit TEXT, precision TEXT);"
        "INSERT INTO documents (id, sha256, path, size, status) "
        "VALUES ('d1d1d1d1', 's', 'p', 1, 'done');"
        'INSERT INTO facts (doc_id, kind, start, "end", quote, value, precision) '
        "VALUES ('d1d1d1d1', 'date', 0, 4, '2010', '2010', 'year');"
    )
    old.commit()
    old.close()
    store = SqliteStore(path)
    try:
        assert list(store.facts()) == [
            {"doc_id": "d1d1d1d1", "kind": "date", "start": 0, "end": 4, "quote": "2010",
             "value": "2010", "precision": "year"}
        ]  # fmt: skip
        assert store.document("d1d1d1d1").languages == []
    finally:
        store.close()
