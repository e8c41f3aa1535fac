"""The `nutgraf` command: thin over the library API (shared parts in cli_common.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.text import Text

from nutgraf import (
    cli_access,
    cli_check,
    cli_export,
    cli_ingest,
    cli_reading,
    cli_search,
    cli_story,
    open_case,
)
from nutgraf import search as run_search
from nutgraf.cli_common import (
    case_option,
    console,
    emit_json,
    errors,
    handles_errors,
    shown_value,
)
from nutgraf.cli_init import init
from nutgraf.cli_serve import serve
from nutgraf.cli_translate import translate
from nutgraf.cli_worker import worker
from nutgraf.errors import FileError, NutgrafError, QueryError
from nutgraf.search import document_date, values
from nutgraf.search.query import __doc__ as QUERY_HELP


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nutgraf")
def main() -> None:
    """Read a leak: ingest every file, search it, and see its facts with their quotes."""


main.add_command(init)
main.add_command(cli_ingest.ingest)
main.add_command(worker)
main.add_command(cli_check.check)
main.add_command(translate)
main.add_command(serve)
cli_story.register(main)  # tag, star, note, saved, watchlist, review
cli_export.register(main)  # export ftm|citations|csv|originals
cli_reading.register(main)  # thread, versions
cli_access.register(main)  # users, tokens, audit


@main.command(help="Ranked hits with snippets.\n\n" + (QUERY_HELP or ""))
@click.argument("query", required=False)
@case_option
@click.option("--limit", default=10, show_default=True, help="How many hits.")
@click.option("--offset", default=0, show_default=True, help="Skip this many hits (paging).")
@click.option("--sort", type=click.Choice(["relevance", "date", "-date"]), default="relevance")
@click.option("--facets", is_flag=True, help="Also count matches by type, language, year…")
@click.option("--exact", is_flag=True, help="Bare words match only as typed (no stemming).")
@click.option(
    "--collapse", is_flag=True, help="One hit per group of near-identical documents (+N versions)."
)
@click.option(
    "--batch",
    "batch_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Run one query per line (the first column of a .csv) and report hits for each.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Batch CSV output.")
@click.option(
    "--as-phrases", is_flag=True, help="With --batch: each line is one exact phrase (a name)."
)
@click.option(
    "--filter",
    "filters",
    multiple=True,
    help="Also require this (e.g. type:email), combined as (QUERY) AND filter. Repeatable.",
)
@handles_errors
def search(
    query: str | None,
    case_dir: Path | None,
    as_json: bool,
    limit: int,
    offset: int,
    sort: str,
    facets: bool,
    exact: bool,
    collapse: bool,
    batch_file: Path | None,
    out: Path | None,
    as_phrases: bool,
    filters: tuple[str, ...],
) -> None:
    if (query is None) == (batch_file is None):
        raise NutgrafError("give a QUERY or --batch FILE (one of the two)")
    if as_phrases and batch_file is None:
        raise NutgrafError("--as-phrases goes with --batch FILE (a query has its own quotes)")
    with open_case(case_dir) as case:
        if batch_file is not None:
            cli_search.batch(case, batch_file, out, as_json, console, not exact, as_phrases)
            return
        options: dict[str, Any] = dict(sort=sort, facets=facets, stem=not exact)
        options["filters"] = filters
        versions: dict[str, dict[str, Any]] = {}
        if collapse:  # one hit per version group (nutgraf/search/collapse.py)
            from nutgraf.search.collapse import collapsed_search

            results, versions = collapsed_search(case, query or "", limit, offset, **options)
        else:
            results = run_search(case, query or "", limit=limit, offset=offset, **options)
    for note in results.notes():  # which entity an entity: filter stood for
        (errors if as_json else console).print(f"[dim]{escape(note)}[/dim]")
    if as_json:
        emit_json(hit.to_dict() | versions.get(hit.document.id, {}) for hit in results.hits)
        if results.facets is not None:
            cli_search.emit_facets_json(results.facets, results.total)
        return
    console.print(f"{results.total} documents match; showing {len(results.hits)} from {offset + 1}")
    if results.facets is not None:
        cli_search.print_facets(console, results.facets)
    for rank, hit in enumerate(results.hits, start=offset + 1):
        doc = hit.document
        more = versions.get(doc.id, {}).get("versions")
        shown = f"{doc.title or doc.path.rsplit('/', 1)[-1]}" + (
            f"  (+{more} versions)" * bool(more)
        )
        console.print(Text(f"\n{rank}. {shown}", style="bold"))
        dated = f"{(document_date(doc) or 'undated')[:10]}  "
        console.print(Text(f"   {doc.id}  {dated}{doc.mime}  {doc.path}", style="dim"))
        if hit.via == "translation":
            console.print(Text("   found in its translation (gist); snippets translated", "dim"))
        for snippet in hit.snippets:
            console.print(_highlighted(snippet))


def _highlighted(snippet: Any) -> Text:
    page = f"p.{snippet.page} " if snippet.page else ""
    text = Text("   " + page)
    shown = " ".join(snippet.text.split("\n"))
    line = Text(shown)
    for start, end in snippet.highlights:
        line.stylize("bold reverse", start, end)
    text.append_text(line)
    return text


def _fact_range_options(command: Callable) -> Callable:
    """--from, --to and --entity, shared by `facts` and `money`."""
    for option in reversed(
        (
            click.option("--from", "date_from", help="From this date (YYYY[-MM[-DD]])."),
            click.option("--to", "date_to", help="To this date, included."),
            click.option(
                "--entity",
                help="Only facts in a sentence naming this entity (name, alias or id); "
                "for a mail's sender or recipient, facts anywhere in the mail.",
            ),
            click.option(
                "--entity-scope",
                type=click.Choice(["sentence", "document"]),
                default="sentence",
                show_default=True,
                help="With --entity: the same sentence, or anywhere in the document.",
            ),
        )
    ):
        command = option(command)
    return command


def _checked_fact_options(currency: str | None, ranges: dict[str, Any]) -> str | None:
    """--currency, --from and --to checked as search checks currency: and date: (one grammar)."""
    for name, option in (("date_from", "--from"), ("date_to", "--to")):
        if ranges.get(name) is not None:
            values.check_date(ranges[name], option)
    if ranges.get("entity") is not None and not ranges["entity"].strip():
        raise QueryError("--entity has an empty value")
    return values.check_currency(currency) if currency is not None else None


@main.command()
@click.argument("doc_id")
@case_option
@handles_errors
def text(doc_id: str, case_dir: Path | None, as_json: bool) -> None:
    """The document's extracted text exactly as stored (facts' offsets index into it).

    For a document that could not be read, its error goes to stderr and the exit status is
    1, so an empty output never passes for an empty file; when part of its text was kept,
    that part is printed, the error is still said on stderr, and the status is 0.
    """
    with open_case(case_dir) as case:
        full_id = case.store.resolve_id(doc_id)
        content = case.store.text(full_id)
        error = case.store.document(full_id).error
    if as_json:
        emit_json([{"id": full_id, "text": content, "error": error}])
    else:
        sys.stdout.write(content)
    if error and not content:
        raise FileError(f"{full_id} could not be read: {error}")
    if error:
        sys.stdout.flush()
        errors.print(f"nutgraf: {full_id} was read only in part: {escape(error)}")


@main.command()
@case_option
@click.option("--kind", help="money, percent, quantity, date, email, phone, iban or url.")
@click.option("--doc", "doc_id", help="Only this document's facts.")
@click.option("--min", "minimum", type=float, help="Smallest value (money, percent, quantity).")
@click.option("--max", "maximum", type=float, help="Largest value.")
@click.option("--currency", help="ISO 4217 code, e.g. EUR.")
@_fact_range_options
@click.option("--limit", type=int, default=None, help="At most this many.")
@handles_errors
def facts(
    case_dir: Path | None,
    as_json: bool,
    kind: str | None,
    doc_id: str | None,
    minimum: float | None,
    maximum: float | None,
    currency: str | None,
    limit: int | None,
    **ranges: Any,
) -> None:
    """Facts with their exact quote and position: doc_id, kind, start, end, quote, value.

    Each comes with the sentence around it (`sentence`, and `sentence_start` in the text).
    --from/--to keep date facts whose date overlaps the range, and other facts whose
    document is dated in it (mail date, else created/modified, else its parent's).
    """
    from nutgraf.store.queries_entities import facts_in_context

    kind = values.check_kind(kind) if kind is not None else None
    currency = _checked_fact_options(currency, ranges)
    with open_case(case_dir) as case:
        rows = facts_in_context(
            case.store,
            kind=kind,
            doc_id=doc_id,
            minimum=minimum,
            maximum=maximum,
            currency=currency,
            limit=limit,
            **ranges,
        )
        for fact in rows:
            if as_json:
                emit_json([fact])
                continue
            detail = fact.get("currency") or fact.get("unit") or fact.get("precision") or ""
            if fact.get("calendar"):
                detail += f", from the {fact['calendar'].replace('_', ' ')} calendar"
            if fact.get("ambiguous"):
                detail += f", ambiguous (or {fact.get('alternative')})"
            if fact.get("part_of") is not None:
                detail += f", part of the amount at {fact['part_of']}"
            console.print(
                f"{fact['doc_id']}  {fact['kind']:<8} {escape(shown_value(fact['value']))} "
                f"{escape(detail)}  [dim]{fact['start']}-{fact['end']}[/dim]  "
                f"“{escape(fact['quote'])}”"
            )
            console.print(Text("    " + " ".join(fact["sentence"].split()), style="dim"))


@main.command()
@case_option
@click.option("--by", type=click.Choice(["currency", "entity"]), default="currency")
@click.option("--doc", "doc_id", help="Only this document's amounts.")
@click.option("--currency", help="ISO 4217 code, e.g. EUR.")
@click.option("--plain-sum", is_flag=True, help="Also add up every mention, repeats included.")
@_fact_range_options
@handles_errors
def money(
    case_dir: Path | None,
    as_json: bool,
    by: str,
    doc_id: str | None,
    currency: str | None,
    plain_sum: bool,
    **ranges: Any,
) -> None:
    """Amounts totalled by currency, or by the person or company named in the same sentence.

    Each distinct amount counts once however often it is repeated (quotes, copies, a table
    and its prose); a part ("of which", "dont", "davon") is not added to its whole.
    """
    from nutgraf.store.totals import money_totals

    currency = _checked_fact_options(currency, ranges)
    with open_case(case_dir) as case:
        totals = money_totals(
            case.store, by=by, plain_sum=plain_sum, doc_id=doc_id, currency=currency, **ranges
        )
    for total in totals:
        if as_json:
            emit_json([total])
            continue
        who = f"{escape(total['entity'])}  " if "entity" in total else ""
        amounts, documents = total["distinct_amounts"], total["documents"]
        detail = (
            f"{amounts} distinct amount{'s' * (amounts != 1)} in {documents} "
            f"document{'s' * (documents != 1)}, {total['mentions']} "
            f"mention{'s' * (total['mentions'] != 1)}"
        )
        if total.get("parts"):
            parts = len(total["parts"])
            detail += f"; {parts} part{'s' * (parts != 1)} of other amounts not added"
        if plain_sum:
            detail += f"; plain sum {total['plain_sum']:,.2f}"
        console.print(f"{who}{total['total']:,.2f} {total['currency']}  [dim]{detail}[/dim]")


@main.command()
@case_option
@click.option(
    "--type", "type_", type=click.Choice(["person", "organization", "location"]), default=None
)
@click.option("--limit", type=int, default=None, help="At most this many.")
@handles_errors
def entities(case_dir: Path | None, as_json: bool, type_: str | None, limit: int | None) -> None:
    """People, organisations and places named, with how often and in how many documents.

    With --json each also lists "cooccurring": the 5 entities named in most of its documents,
    and "why": the evidence for each merge of several names into this one entity.
    """
    from nutgraf.store.queries_entities import cooccurring, merge_evidence

    with open_case(case_dir) as case:
        for entity in case.store.entities(type=type_, limit=limit):
            if as_json:
                why = merge_evidence(case.store, entity["id"])
                emit_json(
                    [entity | {"why": why, "cooccurring": cooccurring(case.store, entity["id"])}]
                )
            else:
                aliases = f"  [dim](also: {escape(', '.join(entity['aliases']))})[/dim]"
                console.print(
                    f"{entity['id']}  {entity['type']:<12} {escape(entity['name'])}  "
                    f"{entity['mentions']} mentions in {entity['documents']} documents"
                    + (aliases if entity["aliases"] else "")
                )


if __name__ == "__main__":  # pragma: no cover
    main()
