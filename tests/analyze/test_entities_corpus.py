"""Entities on files of the public corpus: the traps of issue 10, read through the real code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from nutgraf import ingest, open_case
from nutgraf.analyze._common import is_common
from nutgraf.analyze.ner import find_mentions
from nutgraf.cli import main
from nutgraf.ingest.pipeline import IngestSettings
from tests.conftest import corpus_file


@pytest.mark.parametrize(
    ("language", "not_places", "not_people"),
    [
        ("es", {"Belém"}, set()),
        ("ar", {"Dhule", "Liberdade", "Madinah"}, {"الاستاذ الدكتور", "صالح لم"}),
        ("he", set(), {"ביותר"}),
    ],
)
def test_sentences_give_no_common_word(
    language: str, not_places: set[str], not_people: set[str]
) -> None:
    text = corpus_file(f"lingua-sentences/{language}.txt").read_text(encoding="utf-8")
    mentions = find_mentions(text, None, language)
    assert all(text[m.start : m.end] == m.quote for m in mentions)
    places = {m.name for m in mentions if m.type == "location"}
    people = {m.quote for m in mentions if m.type == "person"}
    assert not places & not_places and not people & not_people
    for mention in mentions:  # one common caseless word alone is never a person
        if language in ("ar", "he") and mention.type == "person":
            assert len(mention.quote.split()) > 1 or not is_common(mention.quote, language)


@pytest.fixture(scope="module")
def corpus_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = [
        corpus_file("tika/mail/testRFC822"),
        corpus_file("tika/mail/testRFC822_i18nheaders"),
        corpus_file("tika/mail/testRFC822_quoted"),
        corpus_file("py-pdf-sample-files/026-latex-multicolumn/multicolumn.pdf"),
    ]
    root = tmp_path_factory.mktemp("corpus-entities")
    leak = root / "leak"
    leak.mkdir()
    for path in files:
        shutil.copy(path, leak / path.name)  # into the test's own folder, not the repo
    with open_case(root / "case", create=True) as case:
        ingest(case, [leak], IngestSettings(workers=1))
    return root / "case"


def _entities(case_dir: Path) -> list[dict]:
    result = CliRunner().invoke(main, ["entities", "--case", str(case_dir), "--json"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_lorem_ipsum_names_no_place(corpus_case: Path) -> None:
    places = {e["name"] for e in _entities(corpus_case) if e["type"] == "location"}
    assert "Morvi" not in places


def test_a_shared_address_merges_no_one_and_merges_say_why(corpus_case: Path) -> None:
    entities = _entities(corpus_case)
    by_name = {e["name"]: e for e in entities}
    nobody = by_name["Nobody in Particular"]
    assert not {"Another Person", "A. Person"} & set(nobody["aliases"])
    assert "A. Person" in by_name["Another Person"]["aliases"]
    assert any("initials" in why for why in by_name["Another Person"]["why"])
    for entity in entities:
        names = [a for a in entity["aliases"] if "@" not in a]
        if names:
            assert entity["why"], entity  # every merge of names has its evidence
