"""Entity review: rules over names that hold through re-resolution and re-ingest, can be listed
and undone, and that search follows — on a real case read by the real pipeline."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from nutgraf import ingest, open_case
from nutgraf import search as run_search
from nutgraf.cli import main
from nutgraf.errors import BadInput, NotFound
from nutgraf.ingest.pipeline import IngestSettings
from nutgraf.story import review

MEMO = "Hélène Marchetti met Bob Stone in Geneva.\n"


def _mail(sender: str, to: str, subject: str, body: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = "Tue, 05 Mar 2024 10:15:00 +0100"
    message.set_content(body)
    return message.as_bytes()


def _leak(root: Path) -> Path:
    leak = root / "leak"
    leak.mkdir()
    (leak / "one.eml").write_bytes(
        _mail(
            "Hélène Marchetti <helene@cirrolux.example>",
            "Bob Stone <bob@harbour.example>",
            "Geneva",
            "Bob, see you in Geneva.\n",
        )
    )
    (leak / "two.eml").write_bytes(
        _mail(
            "Robert Stone <rstone@harbour.example>",
            "H. Marchetti <hm@cirrolux.example>",
            "Payment",
            "The payment reached Geneva.\n",
        )
    )
    (leak / "memo.txt").write_text(MEMO, encoding="utf-8")
    return leak


@pytest.fixture()
def case_folder(tmp_path: Path) -> Path:
    with open_case(tmp_path / "case", create=True) as opened:
        ingest(opened, [_leak(tmp_path)], IngestSettings(workers=1))
    return tmp_path / "case"


@pytest.fixture()
def case(case_folder: Path):
    with open_case(case_folder) as opened:
        opened.leak = case_folder.parent / "leak"  # type: ignore[attr-defined]
        yield opened


def _named(case, name: str) -> list[dict]:
    return [e for e in case.store.entities() if e["name"] == name or name in e["aliases"]]


def _hits(case, query: str) -> int:
    return run_search(case, query).total


def test_merge_joins_two_entities_and_undo_parts_them(case):
    assert len(_named(case, "Bob Stone")) == 1 and len(_named(case, "Robert Stone")) == 1
    assert _named(case, "Bob Stone") != _named(case, "Robert Stone")
    before = _hits(case, 'entity:"Bob Stone"')
    result = review.merge(case, ["Bob Stone", "Robert Stone"])
    assert result["rule"]["action"] == "merge" and len(result["entities"]) == 1
    merged = _named(case, "Robert Stone")
    assert merged == _named(case, "Bob Stone") and len(merged) == 1
    assert "merged by a reviewer" in " ".join(review_evidence(case, merged[0]["id"]))
    assert _hits(case, 'entity:"Bob Stone"') > before  # the index followed: two.eml too
    review.undo(case, result["rule"]["id"])
    assert _named(case, "Bob Stone") != _named(case, "Robert Stone")
    assert _hits(case, 'entity:"Bob Stone"') == before
    assert review.rules(case) == []


def review_evidence(case, entity_id: str) -> list[str]:
    from nutgraf.store.queries_entities import merge_evidence

    return merge_evidence(case.store, entity_id)


def test_reject_sets_mentions_aside_and_undo_brings_them_back(case):
    geneva = _named(case, "Geneva")
    assert geneva and geneva[0]["type"] == "location"
    mentions = geneva[0]["mentions"]
    assert _hits(case, "entity:Geneva") >= 2
    result = review.reject(case, "Geneva")
    assert result["entities"] == [] and not _named(case, "Geneva")
    assert _hits(case, "entity:Geneva") == 0
    assert _hits(case, "Geneva") >= 2  # the words are still searched: only the entity is gone
    [rule] = review.rules(case)
    assert rule["rejected_mentions"] == mentions
    review.undo(case, rule["id"])
    assert _named(case, "Geneva")[0]["mentions"] == mentions
    assert _hits(case, "entity:Geneva") >= 2


def test_rules_hold_when_a_document_is_read_again(case):
    review.reject(case, "Geneva")
    review.rename(case, "Bob Stone", "Robert “Bob” Stone")
    memo = case.leak / "memo.txt"
    memo.write_text(MEMO + "Bob Stone flew to Geneva again.\n", encoding="utf-8")
    ingest(case, [case.leak], IngestSettings(workers=1))
    assert not _named(case, "Geneva")
    [bob] = _named(case, "Robert “Bob” Stone")
    assert "Bob Stone" in bob["aliases"] and bob["mentions"] >= 3
    assert _hits(case, 'entity:"Robert “Bob” Stone"') >= 2


def test_split_keeps_names_apart_that_evidence_had_joined(case):
    [helene] = _named(case, "Hélène Marchetti")
    assert "H. Marchetti" in helene["aliases"]  # joined by initials
    result = review.split(case, helene["id"], ["h. marchetti"])
    assert len(_named(case, "H. Marchetti")) == 1
    assert _named(case, "H. Marchetti") != _named(case, "Hélène Marchetti")
    assert "H. Marchetti" not in _named(case, "Hélène Marchetti")[0]["aliases"]
    # a merge after the split is the later decision, and wins
    review.merge(case, ["H. Marchetti", "Hélène Marchetti"])
    assert _named(case, "H. Marchetti") == _named(case, "Hélène Marchetti")
    # splitting again takes those names out of the merge rule
    review.split(case, _named(case, "H. Marchetti")[0]["id"], ["H. Marchetti"])
    assert _named(case, "H. Marchetti") != _named(case, "Hélène Marchetti")
    assert len(review.rules(case)) == 3 and result["rule"]["apart"]


def test_retype_moves_an_entity_to_another_type(case):
    review.retype(case, "Geneva", "organization")
    [geneva] = _named(case, "Geneva")
    assert geneva["type"] == "organization"
    assert _hits(case, "entity:Geneva") >= 2


def test_bad_review_requests_say_why(case):
    with pytest.raises(BadInput, match="different types"):
        review.merge(case, ["Geneva", "Bob Stone"])
    with pytest.raises(BadInput, match="two different"):
        review.merge(case, ["Bob Stone", "Bob Stone"])
    with pytest.raises(BadInput, match="not all of them"):
        review.split(case, "Bob Stone", ["Bob Stone"])
    with pytest.raises(BadInput, match="has no name"):
        review.split(case, "Bob Stone", ["Nobody"])
    with pytest.raises(BadInput, match="not a type"):
        review.retype(case, "Bob Stone", "planet")
    with pytest.raises(NotFound):
        review.undo(case, 99)
    with pytest.raises(NotFound):
        review.reject(case, "No Such Entity")
    assert review.rules(case) == []


def test_cli_review_commands(case_folder):
    runner = CliRunner()
    folder = str(case_folder)
    done = runner.invoke(main, ["review", "reject", "Geneva", "--case", folder])
    assert done.exit_code == 0, done.output
    assert "rejected “Geneva” (location) as not an entity" in done.output
    listed = runner.invoke(main, ["review", "list", "--case", folder, "--json"])
    [rule] = [json.loads(line) for line in listed.output.splitlines()]
    assert rule["action"] == "reject" and rule["rejected_mentions"] >= 2
    renamed = runner.invoke(main, ["review", "rename", "Bob Stone", "B. Stone", "--case", folder])
    assert renamed.exit_code == 0 and "B. Stone" in renamed.output
    bad = runner.invoke(main, ["review", "merge", "Bob", "--case", folder])
    assert bad.exit_code != 0 and bad.output.count("\n") == 1
    undone = runner.invoke(main, ["review", "undo", str(rule["id"]), "--case", folder])
    assert undone.exit_code == 0 and "undone" in undone.output
    shown = runner.invoke(main, ["entities", "--case", folder])
    assert "Geneva" in shown.output


def _client(case):
    from starlette.testclient import TestClient

    from nutgraf.web import create_app

    return TestClient(create_app(case), base_url="http://127.0.0.1")


def test_web_forms_correct_an_entity_and_undo(case):
    import re

    with _client(case) as client:
        [bob] = _named(case, "Bob Stone")
        page = client.get(f"/entities/{bob['id']}")
        assert page.status_code == 200 and "Correct this entity" in page.text
        token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
        refused = client.post(f"/entities/{bob['id']}/review", data={"action": "reject"})
        assert refused.status_code == 403 and _named(case, "Bob Stone")
        merged = client.post(
            f"/entities/{bob['id']}/review",
            data={"token": token, "action": "merge", "with": "Robert Stone"},
            follow_redirects=False,
        )
        assert merged.status_code == 303
        [together] = _named(case, "Robert Stone")
        assert merged.headers["location"] == f"/entities/{together['id']}"
        split = client.post(
            f"/entities/{together['id']}/review",
            data={"token": token, "action": "split", "names": ["Robert Stone"]},
        )
        assert split.status_code == 200
        assert _named(case, "Bob Stone") != _named(case, "Robert Stone")
        rules = client.get("/review")
        assert "merged “Bob Stone” + “Robert Stone”" in rules.text and "undo" in rules.text
        bad = client.post(
            f"/entities/{bob['id']}/review", data={"token": token, "action": "retype", "type": "x"}
        )
        assert bad.status_code == 400
        for rule in review.rules(case)[::-1]:
            client.post(f"/review/{rule['id']}/undo", data={"token": token})
        assert review.rules(case) == []


def test_api_review_and_undo(case):
    with _client(case) as client:
        done = client.post("/api/entities/Geneva/review", json={"action": "rename", "name": "Genf"})
        assert done.status_code == 200, done.text
        assert [e["name"] for e in done.json()["entities"]] == ["Genf"]
        listed = client.get("/api/review").json()["rules"]
        assert [r["action"] for r in listed] == ["rename"]
        form_encoded = client.post("/api/entities/Genf/review", data={"action": "reject"})
        assert form_encoded.status_code == 415
        assert client.delete(f"/api/review/{listed[0]['id']}").status_code == 200
        assert client.delete(f"/api/review/{listed[0]['id']}").status_code == 404
        assert _named(case, "Geneva")
