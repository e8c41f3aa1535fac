"""Batch search: each line is one query through the same parser as `search` (or one exact
phrase with --as-phrases); a bad line is reported with its number and the run goes on; a
quote never runs into the next line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nutgraf.cli import main
from nutgraf.search.batch import read_queries
from tests.search.generated import Doc, build_case

DOCS = [
    Doc("echr.txt", "The European Court of Human Rights ruled on Monday.", language="en"),
    Doc("mixed.txt", "Human rights: the court of the European Union disagreed.", language="en"),
    Doc("court.txt", "A court without the other word.", language="en"),
]
LINES = [
    '"European Court of Human Rights"',
    "Court, Human",
    '"unclosed quote',
    "court",
    "(broken",
    "rights",
]


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory):
    case, _ = build_case(tmp_path_factory.mktemp("batch") / "case", DOCS)
    yield case
    case.close()


def run(case, path: Path, *options: str) -> list[dict]:
    done = CliRunner().invoke(
        main, ["search", "--batch", str(path), "--json", "--case", str(case.folder), *options]
    )
    assert done.exit_code == 0, done.output
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.parametrize("suffix", [".txt", ".csv"])
def test_each_line_is_parsed_as_search_parses_it(case, tmp_path: Path, suffix: str) -> None:
    source = tmp_path / f"queries{suffix}"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    rows = run(case, source)
    assert [row["line"] for row in rows] == [1, 2, 3, 4, 5, 6]  # no line swallowed
    by_line = {row["line"]: row for row in rows}
    assert by_line[1]["hits"] == 1  # a phrase, not the words ANDed (2)
    assert by_line[3]["error"] and "unclosed quote" in by_line[3]["error"]
    assert by_line[4]["hits"] == 3  # the line after the unclosed quote runs on its own
    assert "never closed" in by_line[5]["error"]
    assert by_line[6]["hits"] == 2
    if suffix == ".txt":
        assert by_line[2]["hits"] == 2  # `Court, Human`: the whole line, both words
    else:
        assert by_line[2]["query"] == "Court" and by_line[2]["hits"] == 3  # the first column


def test_as_phrases_searches_each_line_as_one_exact_phrase(case, tmp_path: Path) -> None:
    source = tmp_path / "names.txt"
    source.write_text("European Court of Human Rights\nHuman Rights Court\n", encoding="utf-8")
    rows = run(case, source, "--as-phrases")
    assert [row["hits"] for row in rows] == [1, 0]


def test_csv_quotes_are_undone_only_where_csv_needed_them(tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text(
        'query,note\n"Smith, John",uk\n"""offshore trust""",x\n"European Court",y\nplain,z\n'
        '"open\nnext\n',
        encoding="utf-8",
    )
    assert read_queries(source) == [
        (2, "Smith, John"),
        (3, '"offshore trust"'),
        (4, '"European Court"'),
        (5, "plain"),
        (6, '"open'),
        (7, "next"),
    ]
