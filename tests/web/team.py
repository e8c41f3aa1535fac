"""A small case with users, for the tests of the workbench's logins (the shared web case has
none): one memo, an admin, an editor and a reader."""

from __future__ import annotations

from pathlib import Path

from nutgraf import Case, ingest, open_case
from nutgraf.access import users
from nutgraf.ingest.pipeline import IngestSettings

PASSWORDS = {"ada": "ada's long passphrase", "eve": "eve edits the story", "rob": "rob only reads"}
ROLE_OF = {"ada": "admin", "eve": "editor", "rob": "reader"}
MEMO = "Wire transfer of EUR 48,000 to Marchetti Holdings on 3 May 2024 for consulting.\n"


def team_case(files: Path, case_folder: Path) -> Case:
    (files / "transfer.txt").write_text(MEMO, encoding="utf-8")
    case = open_case(case_folder, create=True)
    ingest(case, [files], IngestSettings(workers=1))
    for name in ("ada", "eve", "rob"):
        users.add_user(case.store, name, ROLE_OF[name], PASSWORDS[name], by="cli:test")
    return case
