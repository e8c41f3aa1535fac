"""The CLI contract for marks and exports: `nutgraf tag|star|note|saved` and `nutgraf export`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from nutgraf.cli import main
from tests.story.conftest import doc_by_path


def _run(case, *args: str) -> list[dict]:
    result = CliRunner().invoke(main, [*args, "--case", str(case.folder), "--json"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _fails(case, *args: str) -> int:
    result = CliRunner().invoke(main, [*args, "--case", str(case.folder)])
    assert result.exit_code != 0
    # one message (cli_common's error console wraps a long one at the terminal width)
    assert result.stderr.startswith("nutgraf: ") and "Traceback" not in result.stderr
    return result.exit_code


def test_tag_star_list_and_remove(story_case):
    memo = doc_by_path(story_case, "memo.txt")
    (found,) = _run(story_case, "tag", memo.id[:6], "cli-one", "Cli Two", "--star")
    assert found["doc_id"] == memo.id and found["tags"] == ["Cli Two", "cli-one"]  # by folded key
    assert found["starred"] is True
    listed = {row["tag"]: row["documents"] for row in _run(story_case, "tag")}
    assert listed["cli-one"] == 1
    assert [row["doc_id"] for row in _run(story_case, "star")] == [memo.id]
    hits = _run(story_case, "search", 'tag:"cli two" starred:true')
    assert [hit["id"] for hit in hits] == [memo.id]
    (found,) = _run(story_case, "tag", memo.id, "cli-one", "cli two", "--remove", "--unstar")
    assert found["tags"] == [] and found["starred"] is False
    assert _fails(story_case, "tag", memo.id, "--remove") == 4
    assert _fails(story_case, "tag", "ffffffffffff", "x") == 3


def test_note_add_list_stale_and_remove(story_case):
    memo = doc_by_path(story_case, "memo.txt")
    (added,) = _run(story_case, "note", memo.id, "ask", "--quote", "Ask the bank")
    text = story_case.store.text(memo.id)
    assert text[added["start"] : added["end"]] == "Ask the bank" and added["stale"] is False
    (plain,) = _run(story_case, "note", memo.id, "whole document")
    assert plain["start"] is None
    assert [n["id"] for n in _run(story_case, "note", memo.id)] == [added["id"], plain["id"]]
    assert _run(story_case, "note", "--stale") == []
    assert [n["id"] for n in _run(story_case, "search", "note:ask")] == [memo.id]
    _run(story_case, "note", "--remove", str(added["id"]))
    _run(story_case, "note", "--remove", str(plain["id"]))
    assert _run(story_case, "note") == []
    assert _fails(story_case, "note", memo.id, "x", "--start", "0", "--end", "99999") == 4


def test_saved_searches(story_case):
    (saved,) = _run(story_case, "saved", "add", "cli money", "money:>1000000")
    assert saved["created"] is True
    assert [row["name"] for row in _run(story_case, "saved", "list")] == ["cli money"]
    hits = _run(story_case, "saved", "run", "cli money")
    assert [hit["id"] for hit in hits] == [doc_by_path(story_case, "memo.txt").id]
    _run(story_case, "saved", "remove", "cli money")
    assert _fails(story_case, "saved", "run", "cli money") == 3
    assert _fails(story_case, "saved", "add", "bad", '"open') == 4


def test_export_commands_write_only_the_named_file(story_case, tmp_path):
    out = tmp_path / "c.csv"
    runner = CliRunner()
    folder = str(story_case.folder)
    for args in (
        ["export", "citations", "--out", str(out)],
        ["export", "csv", "transfer", "--out", str(tmp_path / "r.csv")],
        ["export", "ftm", "--out", str(tmp_path / "f.jsonl"), "--spans", str(tmp_path / "s.jsonl")],
        ["export", "originals", "--query", "transfer", "--out", str(tmp_path / "o.zip")],
    ):
        result = runner.invoke(main, [*args, "--case", folder])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "c.csv", "f.jsonl", "o.zip", "r.csv", "s.jsonl",
    ]  # fmt: skip
    lines = _run(story_case, "export", "citations")
    assert lines and all(row["quote"] for row in lines)
    ftm = CliRunner().invoke(main, ["export", "ftm", "--case", folder])
    assert all(json.loads(line)["schema"] for line in ftm.stdout.splitlines())
    inside = story_case.folder / "blobs" / "x.zip"
    assert (
        _fails(story_case, "export", "originals", "--query", "transfer", "--out", str(inside)) == 4
    )
    assert not inside.exists()


def test_list_spelled_as_a_word(story_case):
    memo = doc_by_path(story_case, "memo.txt")
    _run(story_case, "tag", memo.id, "listed-word")
    try:
        assert "listed-word" in {row["tag"] for row in _run(story_case, "tag", "list")}
        (found,) = _run(story_case, "tag", "list", memo.id)
        assert found["tags"] == ["listed-word"]
        assert _run(story_case, "note", "list") == _run(story_case, "note")
        assert _run(story_case, "star", "list") == _run(story_case, "star")
        by_option = _run(story_case, "export", "csv", "--query", "tag:listed-word")
        assert [row["id"] for row in by_option] == [memo.id]
    finally:
        _run(story_case, "tag", memo.id, "listed-word", "--remove")
