"""`nutgraf export ftm|citations|csv|originals`: thin over nutgraf.export.

Text exports go to `--out FILE` or, without it, to standard output; nothing else is written
(the FollowTheMoney spans sidecar only where `--spans FILE` says).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape

from nutgraf import open_case
from nutgraf.cli_common import audited, case_option, emit_json, errors, handles_errors
from nutgraf.errors import BadInput
from nutgraf.export import citations as citing
from nutgraf.export.output import text_output
from nutgraf.export.results import result_rows, write_results_csv
from nutgraf.export.selection import selected_ids

OUT = click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (default: standard output).",
)


@click.group("export")
def export() -> None:
    """Export: ftm (FollowTheMoney JSON lines), citations, csv (search results), originals."""


def register(main: click.Group) -> None:
    main.add_command(export)


def _say(as_json: bool, message: str, **counts: object) -> None:
    """A closing line on standard error (standard output may be the export itself)."""
    if as_json:
        return
    errors.print(escape(message))


@export.command("citations")
@case_option
@OUT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "jsonl"]),
    default=None,
    help="csv, json (one array) or jsonl; default from --out's suffix, else csv.",
)
@click.option("--what", type=click.Choice(citing.WHAT), default="all", show_default=True)
@click.option("--kind", help="Only facts of this kind (money, date, iban, …).")
@click.option("--doc", "doc_ids", multiple=True, help="Only this document (repeatable).")
@click.option("--query", help="Only documents matching this query (e.g. tag:story starred:true).")
@handles_errors
def citations(
    case_dir: Path | None,
    as_json: bool,
    out: Path | None,
    fmt: str | None,
    what: str,
    kind: str | None,
    doc_ids: tuple[str, ...],
    query: str | None,
) -> None:
    """Facts and span notes with file sha256, every path, page, range, quote and sentence.

    With --json: one JSON object per line on standard output (as --format jsonl).
    """
    fmt = "jsonl" if as_json and fmt is None else fmt or _format_of(out)
    with open_case(case_dir) as case:
        chosen = selected_ids(case, list(doc_ids), query) if doc_ids or query else None
        rows = citing.citations(case, what=what, doc_ids=chosen, kind=kind)
        writer = {
            "csv": citing.write_csv,
            "json": citing.write_json,
            "jsonl": citing.write_json_lines,
        }[fmt]
        with text_output(case, out) as stream:
            count = writer(rows, stream)
        audited(case, "export", "citations", query=query, doc_ids=list(doc_ids), count=count)
    if out is not None:
        _say(as_json, f"{count} citations written to {out}")


def _format_of(out: Path | None) -> str:
    suffix = out.suffix.lower() if out is not None else ""
    return {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}.get(suffix, "csv")


@export.command("csv")
@click.argument("query", required=False, default="")
@case_option
@OUT
@click.option("--query", "query_option", help="The query (instead of the QUERY argument).")
@click.option("--limit", type=int, default=None, help="At most this many hits (default all).")
@handles_errors
def results_csv(
    query: str,
    case_dir: Path | None,
    as_json: bool,
    out: Path | None,
    query_option: str | None,
    limit: int | None,
) -> None:
    """Search results as CSV: rank, id, sha256, path(s), title, type, score, snippet, tags.

    QUERY is in the query language of `nutgraf search` (empty: every document).
    With --json: one JSON object per hit instead.
    """
    if limit is not None and limit < 0:
        raise BadInput("--limit must not be negative")
    if query_option is not None:
        if query:
            raise BadInput("give the query once: as QUERY or as --query")
        query = query_option
    with open_case(case_dir) as case:
        rows = result_rows(case, query, limit)
        audited(case, "export", "csv", query=query, limit=limit)
        with text_output(case, out) as stream:
            if as_json and out is None:
                emit_json(rows)
                return
            count = write_results_csv(rows, stream)
    if out is not None:
        _say(as_json, f"{count} hits written to {out}")


@export.command("originals")
@click.argument("doc_ids", nargs=-1)
@case_option
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The zip file to write.",
)
@click.option("--query", help="Also every document matching this query.")
@handles_errors
def originals(
    doc_ids: tuple[str, ...], case_dir: Path | None, as_json: bool, out: Path, query: str | None
) -> None:
    """A zip of the originals of DOC_IDS and/or --query's matches, with manifest.json and
    manifest.csv (doc id, sha256 and whether the bytes still match it, every path)."""
    from nutgraf.export.originals import write_originals

    with open_case(case_dir) as case:
        chosen = selected_ids(case, list(doc_ids), query)
        summary = write_originals(case, chosen, out)
        audited(case, "download", "originals", query=query, doc_ids=chosen, **summary)
    if as_json:
        emit_json([summary])
    else:
        missing = ""
        if summary["missing"]:
            missing = f" ({summary['missing']} missing from the blob store)"
        print(f"{summary['written']} originals written to {out}{missing}", file=sys.stderr)


@export.command("ftm")
@case_option
@OUT
@click.option(
    "--spans",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the character spans of mentions and payments here (JSON lines).",
)
@click.option("--query", help="Only documents matching this query (and what they mention).")
@click.option("--no-text", is_flag=True, help="Leave out bodyText (smaller files).")
@handles_errors
def ftm(
    case_dir: Path | None,
    as_json: bool,
    out: Path | None,
    spans: Path | None,
    query: str | None,
    no_text: bool,
) -> None:
    """FollowTheMoney entities as JSON lines (`ftm`/Aleph can load them).

    Documents (Pages/Page, Email, PlainText, HyperText, Workbook, Table, Package, Image,
    Document…) with parent links, Person, Organization, Address, Mention, and Payment only where
    the text names payer, beneficiary and amount in one row. Ids are deterministic; a Mention's
    id holds its character span, and --spans writes every span with its quote.
    """
    from nutgraf.export.ftm import Options, export_ftm

    with open_case(case_dir) as case:
        chosen = selected_ids(case, [], query) if query else None
        options = Options(doc_ids=chosen, body_text=not no_text)
        with text_output(case, out) as stream:
            if spans is not None:
                with text_output(case, spans) as sidecar:
                    counts = export_ftm(case, stream, sidecar, options)
            else:
                counts = export_ftm(case, stream, None, options)
        audited(case, "export", "ftm", query=query, **counts)
    if out is not None:
        dropped = counts.pop("dropped", 0)
        refused = f" ({dropped} values followthemoney refused, e.g. a language it lacks)"
        _say(
            as_json, f"{sum(counts.values())} entities written to {out}" + (refused * bool(dropped))
        )
