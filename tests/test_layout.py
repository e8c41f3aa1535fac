"""The package's layout holds: SQL lives only in nutgraf/store/, nothing outside it holds the
store's connection, and the store imports neither the web, search nor the analyzers.

Outside nutgraf/store/ no file may call `.execute(` / `.executemany(` / `.executescript(`, touch
a cursor (`.cursor(`, `sqlite3.Cursor`, `.fetchone(` …), or hold a string literal that reads as
an SQL statement. Each check is also run on a planted bad file, so it is shown able to fail.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nutgraf"
STORE = PACKAGE / "store"

_CALLS = re.compile(r"\.\s*(execute|executemany|executescript)\s*\(")
_CURSORS = re.compile(r"\.\s*(cursor|fetchone|fetchall|fetchmany)\s*\(|\bsqlite3\.Cursor\b")
# Upper-case keywords in the shapes statements take; prose ("SELECT a document") and HTTP verbs
# ("DELETE") do not match.
_SQL = re.compile(
    r"\bSELECT\s[\s\S]*?\bFROM\b"
    r"|\bINSERT\s+(OR\s+[A-Z]+\s+)?INTO\b"
    r"|\bREPLACE\s+INTO\b"
    r"|\bUPDATE\s+\w+\s+SET\b"
    r"|\bDELETE\s+FROM\b"
    r"|\b(CREATE|DROP|ALTER)\s+(TEMP\s+|TEMPORARY\s+|UNIQUE\s+|VIRTUAL\s+)?"
    r"(TABLE|INDEX|VIEW|TRIGGER)\b"
    r"|\bPRAGMA\s+\w"
    r"|\bWITH\s+(RECURSIVE\s+)?\w+\s+AS\s*\("
)


def _outside_store() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if STORE not in path.parents)


def _literals(source: str) -> list[tuple[int, str]]:
    """(first line, text) of each string literal, adjacent literals joined as Python joins them
    (a statement is often split over lines: "SELECT id " "FROM entities")."""
    literals: list[tuple[int, str]] = []
    joining = False
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING:
            if joining:
                literals[-1] = (literals[-1][0], literals[-1][1] + token.string)
            else:
                literals.append((token.start[0], token.string))
            joining = True
        elif token.type not in (tokenize.NL, tokenize.COMMENT):
            joining = False
    return literals


def violations(path: Path) -> list[str]:
    """Each place in this file where SQL or a cursor is handled, as 'path:line: what'."""
    source = path.read_text(encoding="utf-8")
    found: list[str] = []
    for number, line in enumerate(source.splitlines(), 1):
        for pattern, what in ((_CALLS, "SQL call"), (_CURSORS, "cursor use")):
            match = pattern.search(line)
            if match:
                found.append(f"{path}:{number}: {what} {match.group(0)!r}")
    for line, literal in _literals(source):
        match = _SQL.search(literal)
        if match:
            found.append(f"{path}:{line}: SQL string {match.group(0)!r}")
    return found


# what the store may not import: data flows into it from the analyzers, and out of it to search
# and the web
_DOWNSTREAM = ("nutgraf.web", "nutgraf.search", "nutgraf.analyze")


def store_back_imports(path: Path) -> list[str]:
    """Each import of the web, search or the analyzers in this (store) file."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            if name.startswith(_DOWNSTREAM):
                found.append(f"{path}:{node.lineno}: imports {name}")
    return found


def test_sql_only_in_store() -> None:
    files = _outside_store()
    assert len(files) > 50, "the scan found too few modules to be looking at nutgraf/"
    found = [problem for path in files for problem in violations(path)]
    assert not found, "SQL outside nutgraf/store/ (move it into a store module):\n" + "\n".join(
        found
    )


def test_store_imports_neither_web_search_nor_analyzers() -> None:
    found = [
        problem for path in sorted(STORE.rglob("*.py")) for problem in store_back_imports(path)
    ]
    assert not found, "\n".join(found)


def test_the_checks_catch_a_planted_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import sqlite3\n"
        "from nutgraf.web import queries\n"
        "import nutgraf.analyze.dates\n"
        "def f(db: sqlite3.Connection) -> None:\n"
        "    rows = db.execute(QUERY)\n"
        "    db.executemany(QUERY, [])\n"
        "    db.cursor().fetchall()\n"
        'QUERY = ("SELECT id "\n'
        '    "FROM entities")\n'
        "OTHER = f\"DELETE FROM {'tags'} WHERE 1\"\n"
        "TABLE = 'CREATE TEMP TABLE IF NOT EXISTS x (a TEXT)'\n"
        "FINE = 'Press DELETE to remove; SELECT a document below'\n",
        encoding="utf-8",
    )
    found = violations(bad)
    lines = sorted(int(problem.split(":")[1]) for problem in found)
    assert lines == [5, 6, 7, 8, 10, 11], found
    assert store_back_imports(bad) == [
        f"{bad}:2: imports nutgraf.web",
        f"{bad}:2: imports nutgraf.web.queries",
        f"{bad}:3: imports nutgraf.analyze.dates",
    ]


_CONNECTION = re.compile(r"\.db\b(?![\"'/])")


def connection_uses(path: Path) -> list[str]:
    """Lines that reach past the store to its database connection (`store.db`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        f"{path}:{number}: reaches into the store's connection"
        for number, line in enumerate(lines, 1)
        if _CONNECTION.search(line.split("#")[0]) and "case.db" not in line
    ]


def test_only_the_store_holds_its_connection(tmp_path: Path) -> None:
    found = [problem for path in _outside_store() for problem in connection_uses(path)]
    assert not found, "speak to the store's methods instead:\n" + "\n".join(found)
    planted = tmp_path / "planted.py"
    planted.write_text("rows = queries.runs(case.store.db)\npath = 'case.db'\n", encoding="utf-8")
    assert connection_uses(planted) == [f"{planted}:1: reaches into the store's connection"]
