"""`nutgraf users`, `tokens`, `audit` and `serve --host`, run as a user runs them: passwords on
stdin never echoed, one-line errors with their exit codes, a tampered log found by --verify."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from nutgraf import open_case
from tests.test_cli import lines, nutgraf
from tests.web.live import free_port

PASSWORD = "a long enough secret"


@pytest.fixture
def case(tmp_path: Path) -> str:
    folder = str(tmp_path / "case")
    nutgraf("init", folder)
    return folder


def test_users_and_tokens_from_the_terminal(case):
    added = nutgraf("users", "add", "ada", "--role", "admin", "--case", case, stdin=PASSWORD + "\n")
    assert (
        added.stdout.strip() == "added ada (admin)" and PASSWORD not in added.stdout + added.stderr
    )
    short = nutgraf(
        "users", "add", "eve", "--role", "editor", "--case", case, stdin="short\n", check=False
    )
    assert short.returncode == 4 and short.stderr.count("\n") == 1
    assert short.stderr.startswith("nutgraf: the password is too short")
    nine = nutgraf("users", "add", "eve", "--role", "editor", "--case", case, stdin="9 letters\n")
    assert "passphrase of 15" in nine.stderr  # taken, with advice
    nutgraf("users", "passwd", "eve", "--case", case, stdin=PASSWORD + "\n")
    listed = lines(nutgraf("users", "list", "--case", case, "--json").stdout)
    assert [(row["name"], row["role"], row["tokens"]) for row in listed] == [
        ("ada", "admin", 0),
        ("eve", "editor", 0),
    ]
    made = lines(
        nutgraf("tokens", "create", "eve", "--label", "script", "--case", case, "--json").stdout
    )
    assert made[0]["token"].startswith("ngt_")
    plain = nutgraf("tokens", "create", "ada", "--case", case)
    assert plain.stdout.startswith("ngt_") and plain.stdout.count("\n") == 1  # TOKEN=$(…)
    nutgraf("tokens", "revoke", plain.stderr.split()[1], "--case", case)
    tokens = nutgraf("tokens", "list", "--case", case).stdout
    assert made[0]["id"] in tokens and made[0]["token"] not in tokens
    nutgraf("tokens", "revoke", made[0]["id"], "--case", case)
    assert lines(nutgraf("tokens", "list", "--case", case, "--json").stdout) == []
    last = nutgraf("users", "role", "ada", "reader", "--case", case, check=False)
    assert last.returncode == 4 and "last admin" in last.stderr
    gone = nutgraf("users", "remove", "nobody", "--case", case, check=False)
    assert gone.returncode == 3 and gone.stderr.strip() == "nutgraf: no user 'nobody'"
    log = lines(nutgraf("audit", "--case", case, "--json").stdout)
    assert [entry["action"] for entry in log] == [
        "user.add", "user.add", "user.passwd", "token.create", "token.create", "token.revoke",
        "token.revoke",
    ]  # fmt: skip
    assert log[0]["user"].startswith("cli:") and log[3]["detail"]["label"] == "script"
    assert PASSWORD not in json.dumps(log)


def test_audit_verify_finds_an_edited_entry(case):
    nutgraf("users", "add", "ada", "--role", "admin", "--case", case, stdin=PASSWORD + "\n")
    nutgraf("users", "add", "rob", "--role", "reader", "--case", case, stdin=PASSWORD + "\n")
    held = nutgraf("audit", "--verify", "--case", case)
    assert held.stdout.startswith("the audit log holds: 2 entries, head ")
    head = held.stdout.split()[-1]
    assert nutgraf("audit", "--verify", "--head", head, "--case", case).returncode == 0
    with open_case(Path(case)) as opened, opened.store.db:  # someone edits the database by hand
        opened.store.db.execute("UPDATE audit_log SET object = 'eve' WHERE seq = 2")
    broken = nutgraf("audit", "--verify", "--case", case, check=False)
    assert broken.returncode == 1
    assert broken.stderr.strip() == (
        "nutgraf: the audit log was tampered with: entry 2 was edited after it was written"
    )


def test_serve_beyond_this_machine_only_with_users_and_a_login(case):
    refused = nutgraf("serve", "--host", "0.0.0.0", "--case", case, check=False)
    assert refused.returncode == 4 and "this case has no users" in refused.stderr
    nutgraf("users", "add", "ada", "--role", "admin", "--case", case, stdin=PASSWORD + "\n")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "nutgraf.cli", "serve", "--host", "0.0.0.0", "--port", str(port),
         "--case", case],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        status = None
        deadline = time.monotonic() + 30
        while status is None and time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search", timeout=5)
                status = 200
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                time.sleep(0.2)
        assert status == 401  # reachable, and nothing without a login
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=20)
    assert "no --certfile" in err  # warned that passwords would cross the network in clear


def test_a_team_cases_command_line_ingests_and_exports_are_logged(case, tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "memo.txt").write_text("EUR 5,000 paid to Marchetti on 3 May 2024.\n")
    nutgraf("ingest", str(tmp_path / "files"), "--case", case)  # no users yet: the laptop mode
    assert lines(nutgraf("audit", "--case", case, "--json").stdout) == []
    nutgraf("users", "add", "ada", "--role", "admin", "--case", case, stdin=PASSWORD + "\n")
    nutgraf("ingest", str(tmp_path / "files"), "--case", case)
    nutgraf("export", "csv", "Marchetti", "--out", str(tmp_path / "hits.csv"), "--case", case)
    nutgraf(
        "export",
        "originals",
        "--query",
        "Marchetti",
        "--out",
        str(tmp_path / "o.zip"),
        "--case",
        case,
    )
    log = lines(nutgraf("audit", "--case", case, "--json").stdout)
    assert [(e["action"], e["object"]) for e in log] == [
        ("user.add", "ada"), ("ingest", ""), ("export", "csv"), ("download", "originals"),
    ]  # fmt: skip
    assert log[1]["detail"]["roots"] == [str(tmp_path / "files")]
    assert log[2]["detail"]["query"] == "Marchetti" and len(log[3]["detail"]["doc_ids"]) == 1


def test_collections_from_the_command_line(case, tmp_path):
    for name in ("alpha", "bravo"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "memo.txt").write_text(f"{name} memo: EUR 5,000 on 3 May 2024.\n")
        nutgraf("ingest", str(tmp_path / name), "--collection", name, "--case", case)
    nutgraf("users", "add", "ada", "--role", "admin", "--case", case, stdin=PASSWORD + "\n")
    nutgraf("users", "add", "rob", "--case", case, stdin=PASSWORD + "\n")
    said = nutgraf("users", "grant", "rob", "alpha", "--case", case).stdout
    assert said.strip() == "rob sees only: alpha"
    listed = lines(nutgraf("collections", "list", "--case", case, "--json").stdout)
    assert [(c["name"], c["documents"], c["users"]) for c in listed] == [
        ("alpha", 1, ["rob"]),
        ("bravo", 1, []),
    ]
    assert listed[0]["roots"] == [str(tmp_path / "alpha")]
    users_shown = lines(nutgraf("users", "list", "--case", case, "--json").stdout)
    assert {u["name"]: u["collections"] for u in users_shown} == {"ada": [], "rob": ["alpha"]}
    unknown = nutgraf("users", "grant", "rob", "charlie", "--case", case, check=False)
    assert unknown.returncode == 3 and "no collection 'charlie'" in unknown.stderr
    nutgraf(
        "collections",
        "add",
        "both",
        str(tmp_path / "alpha"),
        str(tmp_path / "bravo"),
        "--case",
        case,
    )
    assert (
        lines(nutgraf("collections", "list", "--case", case, "--json").stdout)[1]["documents"] == 2
    )
    back = nutgraf("users", "ungrant", "rob", "alpha", "--case", case).stdout
    assert back.strip() == "rob sees the whole case"
    actions = [e["action"] for e in lines(nutgraf("audit", "--case", case, "--json").stdout)]
    assert actions.count("collection.add") == 3 and "collection.grant" in actions
