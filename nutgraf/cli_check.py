"""`nutgraf check PATH...`: every file under PATH accounted for, exit 1 if any is not."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click
from rich.markup import escape

from nutgraf import open_case
from nutgraf.check import FileCheck
from nutgraf.check import check as run_check
from nutgraf.cli_common import case_option, console, emit_json, handles_errors, printable

_STYLE = {"document": "green", "duplicate": "cyan", "volume": "cyan", "skipped": "yellow"}


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@case_option
@click.option("--all", "show_all", is_flag=True, help="List every file, not only the others.")
@handles_errors
def check(paths: tuple[Path, ...], case_dir: Path | None, as_json: bool, show_all: bool) -> None:
    """Account for every file under PATH: document, duplicate of, volume of, error, or
    skipped, with the reason; exit 1 if any file is unaccounted for (never ingested,
    changed since, not read yet, or unreadable)."""
    counts: Counter[str] = Counter()
    unaccounted = 0
    with open_case(case_dir) as case:
        for found in run_check(case, list(paths)):
            counts[found.status] += 1
            unaccounted += not found.accounted
            if as_json:
                emit_json([found.to_dict()])
            elif show_all or found.status not in ("document", "duplicate", "volume"):
                _print(found)
    if not as_json:
        shown = ", ".join(f"{status}: {count}" for status, count in counts.most_common())
        verdict = f"{unaccounted} unaccounted for" if unaccounted else "every file accounted for"
        console.print(f"{sum(counts.values())} files ({shown or 'none'}); {verdict}")
    sys.exit(1 if unaccounted else 0)


def _print(found: FileCheck) -> None:
    style = _STYLE.get(found.status, "red")
    detail = f"of {found.of}" if found.of else (found.reason or "")
    if found.of and found.reason:
        detail += f" ({found.reason})"
    doc = f" {found.doc_id}" if found.doc_id else ""
    console.print(
        f"[{style}]{found.status:<10}[/{style}]{doc} {escape(printable(found.path))}"
        f"  {escape(printable(detail))}".rstrip()
    )
