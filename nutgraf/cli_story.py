"""`nutgraf tag`, `star`, `note` and `saved`: a reporter's marks, thin over nutgraf.story."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from nutgraf import open_case
from nutgraf import search as run_search
from nutgraf.cli_common import case_option, console, emit_json, handles_errors
from nutgraf.errors import BadInput
from nutgraf.story import marks, notes, saved

LIST = "list"


def register(main: click.Group) -> None:
    from nutgraf.cli_review import review

    for command in (tag, star, note, saved_group, watchlist, review):
        main.add_command(command)


def _print_marks(found: dict[str, Any]) -> None:
    star_text = "★ " if found["starred"] else ""
    tags = ", ".join(escape(t) for t in found["tags"]) or "[dim]no tags[/dim]"
    console.print(f"{found['doc_id']}  {star_text}{tags}")


@click.command()
@click.argument("doc_id", required=False)
@click.argument("tags", nargs=-1)
@case_option
@click.option("--remove", is_flag=True, help="Remove these tags instead of adding them.")
@click.option("--star/--unstar", "star_flag", default=None, help="Also star or unstar it.")
@handles_errors
def tag(
    doc_id: str | None,
    tags: tuple[str, ...],
    case_dir: Path | None,
    as_json: bool,
    remove: bool,
    star_flag: bool | None,
) -> None:
    """Tag a document: `nutgraf tag DOC TAG...` (`--remove` takes them off).

    `nutgraf tag DOC` (or `tag list DOC`) shows its tags and star; `nutgraf tag` (or `tag list`)
    lists every tag with how many documents carry it. Tags match folded (case and accents
    aside); search with tag:NAME.
    """
    if doc_id == LIST:  # no document id is "list" (ids are hexadecimal)
        doc_id, tags = (tags[0] if tags else None), tags[1:]
    with open_case(case_dir) as case:
        if doc_id is None:
            for row in marks.all_tags(case):
                if as_json:
                    emit_json([row])
                else:
                    console.print(f"{row['documents']:>6}  {escape(row['tag'])}")
            return
        if tags:
            change = marks.remove_tags if remove else marks.add_tags
            change(case, doc_id, list(tags))
        elif remove:
            raise BadInput("--remove needs the tags to remove")
        if star_flag is not None:
            marks.set_star(case, doc_id, star_flag)
        found = marks.marks_of(case, doc_id)
    if as_json:
        emit_json([found])
    else:
        _print_marks(found)


@click.command()
@click.argument("doc_ids", nargs=-1)
@case_option
@click.option("--remove", is_flag=True, help="Unstar them.")
@handles_errors
def star(doc_ids: tuple[str, ...], case_dir: Path | None, as_json: bool, remove: bool) -> None:
    """Star documents (`--remove` unstars); with no DOC, list the starred ones.

    Search them with starred:true. `nutgraf tag DOC --star` does the same.
    """
    if doc_ids[:1] == (LIST,):
        doc_ids = doc_ids[1:]
    with open_case(case_dir) as case:
        if not doc_ids:
            rows = [case.store.document(i) for i in marks.starred(case)]
            for doc in rows:
                if as_json:
                    emit_json([{"doc_id": doc.id, "sha256": doc.sha256, "path": doc.path}])
                else:
                    console.print(f"{doc.id}  ★ {escape(doc.path)}")
            return
        changed = [marks.set_star(case, doc_id, not remove) for doc_id in doc_ids]
    for found in changed:
        if as_json:
            emit_json([found])
        else:
            _print_marks(found)


def _print_note(found: dict[str, Any]) -> None:
    where = ""
    if found["start"] is not None:
        where = f" [dim]{found['start']}-{found['end']}[/dim] “{escape(found['quote'])}”"
        if found["stale"]:
            where += " [red](stale: the text there has changed)[/red]"
    console.print(f"#{found['id']}  {found['doc_id']}{where}")
    console.print(f"    {escape(found['text'])}")


@click.command()
@click.argument("doc_id", required=False)
@click.argument("text", required=False)
@case_option
@click.option("--start", type=int, help="The note is on the text from this offset…")
@click.option("--end", type=int, help="…to this one (offsets as in `nutgraf text`).")
@click.option("--quote", help="…or on this exact quote of the text (--start picks among several).")
@click.option("--remove", "remove_id", type=int, help="Delete the note with this id.")
@click.option("--stale", "stale_only", is_flag=True, help="List only stale span notes.")
@handles_errors
def note(
    doc_id: str | None,
    text: str | None,
    case_dir: Path | None,
    as_json: bool,
    start: int | None,
    end: int | None,
    quote: str | None,
    remove_id: int | None,
    stale_only: bool,
) -> None:
    """Note on a document: `nutgraf note DOC "text" [--start S --end E | --quote Q]`.

    `nutgraf note DOC` (or `note list DOC`) lists its notes, `nutgraf note` (`note list`) all.
    A span note whose quote is no longer at its span after a re-read is listed `stale: true`
    (never moved). Search: note:WORDS.
    """
    if doc_id == LIST and text is None:
        doc_id = None
    elif doc_id == LIST:
        doc_id, text = text, None
    with open_case(case_dir) as case:
        if remove_id is not None:
            notes.remove_note(case, remove_id)
            if as_json:
                emit_json([{"id": remove_id, "removed": True}])
            else:
                console.print(f"note #{remove_id} removed")
            return
        if doc_id is not None and text is not None:
            rows = [notes.add_note(case, doc_id, text, start=start, end=end, quote=quote)]
        elif doc_id is not None:
            rows = notes.notes_of(case, doc_id)
        else:
            rows = notes.all_notes(case)
    for row in rows:
        if stale_only and not row["stale"]:
            continue
        if as_json:
            emit_json([row])
        else:
            _print_note(row)


@click.group("saved")
def saved_group() -> None:
    """Saved searches: `add NAME QUERY`, `list`, `run NAME`, `remove NAME`."""


@saved_group.command("add")
@click.argument("name")
@click.argument("query")
@case_option
@handles_errors
def saved_add(name: str, query: str, case_dir: Path | None, as_json: bool) -> None:
    """Save QUERY under NAME (an existing NAME is replaced)."""
    with open_case(case_dir) as case:
        found = saved.save(case, name, query)
    if as_json:
        emit_json([found])
    else:
        console.print(f"{'saved' if found['created'] else 'replaced'} {escape(found['name'])}")


@saved_group.command("list")
@case_option
@handles_errors
def saved_list(case_dir: Path | None, as_json: bool) -> None:
    with open_case(case_dir) as case:
        rows = saved.listed(case)
    for row in rows:
        if as_json:
            emit_json([row])
        else:
            console.print(f"{escape(row['name'])}: {escape(row['query'])}")


@saved_group.command("run")
@click.argument("name")
@case_option
@click.option("--limit", default=10, show_default=True, help="How many hits.")
@click.option("--offset", default=0, show_default=True, help="Skip this many hits (paging).")
@handles_errors
def saved_run(name: str, case_dir: Path | None, as_json: bool, limit: int, offset: int) -> None:
    """Run a saved search: the same output as `nutgraf search`."""
    with open_case(case_dir) as case:
        query = saved.get(case, name)["query"]
        results = run_search(case, query, limit=limit, offset=offset)
    if as_json:
        emit_json(hit.to_dict() | {"saved": name} for hit in results.hits)
        return
    console.print(f"{escape(query)}: {results.total} documents match")
    for rank, hit in enumerate(results.hits, start=offset + 1):
        doc = hit.document
        console.print(f"{rank}. {doc.id}  {escape(doc.title or doc.path)}")


@saved_group.command("remove")
@click.argument("name")
@case_option
@handles_errors
def saved_remove(name: str, case_dir: Path | None, as_json: bool) -> None:
    with open_case(case_dir) as case:
        saved.remove(case, name)
    if as_json:
        emit_json([{"name": name, "removed": True}])
    else:
        console.print(f"removed {escape(name)}")


@click.command()
@click.argument("list_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@case_option
@click.option(
    "--threshold",
    type=float,
    default=90.0,
    show_default=True,
    help="Lowest score (0-100) that counts as a match.",
)
@click.option(
    "--entities-only", is_flag=True, help="Only extracted entities, not names found in texts."
)
@handles_errors
def watchlist(
    list_file: Path, case_dir: Path | None, as_json: bool, threshold: float, entities_only: bool
) -> None:
    """Which names of LIST_FILE the case mentions, where, with the quote.

    LIST_FILE: a CSV with a `name` column (and optional `alias`, `;`-separated), or
    FollowTheMoney JSON lines (e.g. an OpenSanctions export: Person, Organization, Company…).
    Matching sets aside case, accents and word order and tolerates small spelling differences;
    each match has its score (100: the same name) and its mentions as evidence. A name of two
    or more words is also looked for as written in the texts (`method: text`), where entity
    extraction may have missed it.
    """
    from nutgraf.story.watchlist import watch

    with open_case(case_dir) as case:
        matches = watch(case, list_file, threshold, in_text=not entities_only)
    for found in matches:
        row = found.to_dict()
        if as_json:
            emit_json([row])
            continue
        documents = len({evidence["doc_id"] for evidence in row["evidence"]})
        console.print(
            f"[bold]{escape(row['list_name'])}[/bold] ~ {escape(row['matched_name'])} "
            f"({row['type']}, score {row['score']}) in {documents} documents"
        )
        for evidence in row["evidence"][:5]:
            where = (
                f"{evidence['start']}-{evidence['end']}" if evidence["start"] is not None else ""
            )
            console.print(
                f"    {evidence['doc_id']} {where} “{escape(evidence['quote'])}”  "
                f"[dim]{escape(evidence['path'])}[/dim]"
            )
