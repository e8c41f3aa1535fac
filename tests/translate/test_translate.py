"""Offline translation: real Apertium, FreeDict and ICU; real cases (skip if not installed)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nutgraf import ingest, open_case
from nutgraf.analyze.segments import sentence_spans
from nutgraf.cli import main
from nutgraf.ingest.pipeline import IngestSettings
from nutgraf.store import translations as stored
from nutgraf.translate import engines, freedict, stored_segments, translate_document

needs_apertium = pytest.mark.skipif(
    not engines.apertium.route("es", "en"), reason="apertium with apertium-eng-spa not installed"
)
needs_pivot = pytest.mark.skipif(
    not engines.apertium.route("fr", "en"), reason="apertium-fr-es with apertium-eng-spa missing"
)
needs_german = pytest.mark.skipif(
    freedict.path_for("de", "en") is None, reason="dict-freedict-deu-eng not installed"
)

TEXTS = {
    "es.txt": "El director transfirió dos millones de euros a una cuenta en Lugano. "
    "La empresa negó todo.\n\nSegún el contrato, el pago se hizo el 3 de marzo en efectivo "
    "y el banco no informó a las autoridades.\n",
    "fr.txt": "Le directeur a viré deux millions d'euros sur un compte à Lugano. La société "
    "dément tout et refuse de commenter les documents publiés par la presse.\n",
    "de.txt": "Die Firma zahlte am 2. Mai 2024 das Geld an die Bank. Ein Sprecher der Firma "
    "wollte sich zu den Vorwürfen der Zeitung nicht äußern.\n",
    "ru.txt": "Дмитрий Иванов перевёл деньги в банк. Компания отказалась от комментариев "
    "по поводу этих документов.\n",
    "fi.txt": "Yhtiö maksoi rahat pankille toukokuussa. Tiedottaja kieltäytyi kommentoimasta "
    "asiaa lehdelle.\n",
}


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("translate")
    leak = root / "leak"
    leak.mkdir()
    for name, text in TEXTS.items():
        (leak / name).write_text(text, encoding="utf-8")
    opened = open_case(root / "case", create=True)
    ingest(opened, [leak], IngestSettings(workers=1))
    yield opened
    opened.close()


def _doc(case, name: str) -> str:
    for document in case.store.documents():
        if document.path.endswith("/" + name):
            return document.id
    raise AssertionError(f"{name} not ingested")


def test_sentence_spans_are_trimmed_ordered_and_keep_dates_whole() -> None:
    text = "  El Sr. García pagó 3.000 euros.  La empresa negó todo.\n\nAm 2. Mai 2024 zahlte er."
    spans = sentence_spans(text)
    pieces = [text[start:end] for start, end in spans]
    assert pieces == [
        "El Sr. García pagó 3.000 euros.",
        "La empresa negó todo.",
        "Am 2. Mai 2024 zahlte er.",
    ]
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


def test_a_long_run_on_text_is_cut_into_bounded_segments() -> None:
    text = "palabra " * 400
    spans = sentence_spans(text)
    assert len(spans) > 1
    assert all(end - start <= 600 for start, end in spans)
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")


@needs_apertium
def test_engines_are_chosen_per_pair() -> None:
    spanish = engines.translator_for("es", "en", "una cuenta")
    assert spanish is not None and spanish.method == "apertium"
    assert engines.translator_for("fi", "en", "Yhtiö maksoi") is None
    assert engines.translator_for("en", "en", "same") is None
    russian = engines.translator_for("ru", "en", "Дмитрий Иванов")
    assert russian is not None and russian.method == "translit"
    (rendering,) = russian.translate(["Дмитрий Иванов"])
    assert rendering.translation == "Dmitrij Ivanov"


@needs_apertium
@needs_pivot
def test_every_segment_is_its_span_and_says_its_method(case) -> None:
    expected = {"es.txt": "apertium", "fr.txt": "apertium-pivot", "ru.txt": "translit"}
    for name, method in expected.items():
        doc_id = _doc(case, name)
        text = case.store.text(doc_id)
        segments = translate_document(case, doc_id, "en")
        assert segments, name
        for segment in segments:
            assert segment.source == text[segment.source_start : segment.source_end]
            assert segment.method == method, (name, segment)
            assert segment.translation
    spanish = translate_document(case, _doc(case, "es.txt"))
    assert "account" in spanish[0].translation and "Lugano" in spanish[0].translation
    french = translate_document(case, _doc(case, "fr.txt"))
    assert "account" in french[0].translation


def test_no_engine_is_said_plainly(case) -> None:
    segments = translate_document(case, _doc(case, "fi.txt"))
    assert segments
    assert all(s.method is None and s.translation is None for s in segments)


@needs_german
def test_german_is_glossed_with_the_dictionary_senses(case) -> None:
    segments = translate_document(case, _doc(case, "de.txt"))
    first = segments[0]
    assert first.method == "gloss"
    assert first.source.startswith("Die Firma zahlte am 2. Mai 2024")
    words = {gloss["word"]: gloss["senses"] for gloss in first.glosses}
    assert "money" in words["Geld"]
    for gloss in first.glosses:  # offsets are the segment's: the word is at its place
        assert first.source[gloss["start"] : gloss["end"]] == gloss["word"]


@needs_apertium
def test_a_second_run_reads_the_store_without_any_engine(case, monkeypatch) -> None:
    doc_id = _doc(case, "es.txt")
    first = translate_document(case, doc_id)
    monkeypatch.setenv("PATH", "/nonexistent")  # apertium cannot run now
    again = translate_document(case, doc_id)
    assert again == first


@needs_apertium
def test_a_killed_run_resumes_from_the_content_cache(case, monkeypatch, tmp_path) -> None:
    import nutgraf.translate as translate

    doc_id = _doc(case, "es.txt")
    whole = translate_document(case, doc_id)
    assert len(whole) == 3
    # the same content in another case: the cache is per case, so start from nothing
    other = open_case(tmp_path / "other", create=True)
    leak = tmp_path / "leak"
    leak.mkdir()
    (leak / "es.txt").write_text(TEXTS["es.txt"], encoding="utf-8")
    ingest(other, [leak], IngestSettings(workers=1))
    other_id = _doc(other, "es.txt")
    monkeypatch.setattr(translate, "BATCH_SEGMENTS", 1)

    def killed(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        translate_document(other, other_id, progress=killed)
    assert len(stored_segments(other, other_id)) == 1  # one batch saved, not the rest
    resumed = translate_document(other, other_id)
    assert [s.to_dict() for s in resumed] == [s.to_dict() for s in whole]
    other.close()


@needs_apertium
def test_cli_prints_segments_as_json(case) -> None:
    doc_id = _doc(case, "es.txt")
    result = CliRunner().invoke(
        main, ["translate", doc_id[:10], "--case", str(case.folder), "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    text = case.store.text(doc_id)
    assert rows and all(r["source"] == text[r["source_start"] : r["source_end"]] for r in rows)
    assert {r["method"] for r in rows} == {"apertium"}
    bad = CliRunner().invoke(main, ["translate", doc_id, "--case", str(case.folder), "--to", "x"])
    assert bad.exit_code != 0 and "two-letter" in bad.output


def test_a_case_made_before_translations_gets_the_tables(tmp_path: Path) -> None:
    old = open_case(tmp_path / "old", create=True)
    with old.store.db:
        for table in ("translation_cache", "translations", "translated"):
            old.store.db.execute(f"DROP TABLE {table}")
    old.close()
    reopened = open_case(tmp_path / "old")
    tables = {row[0] for row in reopened.store.db.execute("SELECT name FROM sqlite_master")}
    assert {"translation_cache", "translations", "translated"} <= tables
    reopened.close()


@needs_apertium
def test_ingest_translate_translates_only_the_languages_asked(tmp_path: Path) -> None:
    leak = tmp_path / "leak"
    leak.mkdir()
    for name in ("es.txt", "fi.txt", "ru.txt"):
        (leak / name).write_text(TEXTS[name], encoding="utf-8")
    case_dir = str(tmp_path / "case")
    result = CliRunner().invoke(
        main, ["ingest", str(leak), "--case", case_dir, "--json", "--translate", "es,fi"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    # es has an engine; fi is asked for but has none (its segments stay untranslated); ru
    # was not asked for at all
    assert summary["translated_documents"] == 2
    assert summary["translation_failed"] == 0
    with open_case(Path(case_dir)) as opened:
        spanish, finnish, russian = (_doc(opened, n) for n in ("es.txt", "fi.txt", "ru.txt"))
        assert {s.method for s in stored_segments(opened, spanish)} == {"apertium"}
        assert summary["translated_segments"] == len(stored_segments(opened, spanish))
        assert {s.method for s in stored_segments(opened, finnish)} == {None}
        assert stored_segments(opened, russian) == []


def test_ingest_translate_refuses_a_bad_language_list(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["ingest", str(tmp_path), "--case", str(tmp_path / "c"), "--translate", "spanish"]
    )
    assert result.exit_code != 0
    assert "two-letter language codes" in result.output


@needs_apertium
def test_an_english_word_finds_a_spanish_document_through_its_translation(tmp_path: Path) -> None:
    leak = tmp_path / "leak"
    leak.mkdir()
    (leak / "es.txt").write_text(TEXTS["es.txt"], encoding="utf-8")
    case_dir = str(tmp_path / "case")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(leak), "--case", case_dir]).exit_code == 0

    def hits(query: str) -> list[dict]:
        result = runner.invoke(main, ["search", query, "--case", case_dir, "--json"])
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.output.splitlines()]

    assert hits("account") == []  # not in the Spanish text
    with open_case(Path(case_dir)) as opened:
        doc_id = _doc(opened, "es.txt")
    result = runner.invoke(main, ["translate", doc_id, "--case", case_dir, "--json"])
    assert result.exit_code == 0, result.output
    segments = [json.loads(line) for line in result.output.splitlines()]
    found = hits("account")
    assert [hit["id"] for hit in found] == [doc_id]
    assert found[0]["via"] == "translation"
    snippet = found[0]["snippets"][0]
    # the snippet is a translated segment, placed at its source segment in the text
    assert any(
        s["source_start"] == snippet["start"] and s["translation"] == snippet["text"]
        for s in segments
    )
    start, end = snippet["highlights"][0]
    assert snippet["text"][start:end].lower() == "account"
    # the source's own words still match as themselves, and exact: stays with the source
    assert hits("cuenta")[0]["via"] is None
    assert hits("exact:account") == []


@needs_apertium
def test_the_translation_page_shows_each_segment_beside_its_source(case) -> None:
    from starlette.testclient import TestClient

    from nutgraf.web import create_app

    spanish = _doc(case, "es.txt")
    segments = translate_document(case, spanish)
    client = TestClient(create_app(case), base_url="http://127.0.0.1")
    page = client.get(f"/documents/{spanish}/translation")
    assert page.status_code == 200
    for segment in segments:
        assert f'id="s{segment.source_start}"' in page.text
        assert segment.translation.split()[0] in page.text
    assert 'dir="auto" lang="es"' in page.text
    api = client.get(f"/api/documents/{spanish[:8]}/translation").json()
    assert [s["source"] for s in api["segments"]] == [s.source for s in segments]
    assert "Beside its English translation" in client.get(f"/documents/{spanish}").text
    # nothing stored: the page says how to make one, and never starts an engine itself
    finnish = _doc(case, "fi.txt")
    translate_document(case, finnish)  # no engine for Finnish: said on each segment
    assert "no engine for fi" in client.get(f"/documents/{finnish}/translation").text
    stored.forget(case.store.db, finnish, "en")
    assert "nutgraf translate" in client.get(f"/documents/{finnish}/translation").text
    assert client.get("/documents/ffff0000/translation").status_code == 404
