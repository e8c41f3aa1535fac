"""`nutgraf init`: make a case folder, its database SQLite inside it or PostgreSQL on a server."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from nutgraf.case import case_database, init_case
from nutgraf.cli_common import console, handles_errors


@click.command()
@click.argument("case_dir", metavar="CASE", type=click.Path(path_type=Path))
@click.option(
    "--database",
    metavar="URL",
    default=lambda: os.environ.get("NUTGRAF_DATABASE_URL") or None,
    help="A PostgreSQL URL (postgresql://user@host/dbname; default $NUTGRAF_DATABASE_URL): "
    "the case's tables go into a schema of their own there. Without it, SQLite in CASE.",
)
@click.option("--json", "as_json", is_flag=True, help="Say where the case is as JSON.")
@handles_errors
def init(case_dir: Path, database: str | None, as_json: bool) -> None:
    """Make an empty case folder (ingest also makes one when the folder has none)."""
    init_case(case_dir, database)
    where = case_database(case_dir)
    if as_json:
        print(json.dumps({"case": str(case_dir), "database": where}))
    else:
        console.print(f"case {case_dir}: database {where}")
