"""`nutgraf docs`, `thread`, `versions` and `folders`: commands for listing documents and reading
them together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from nutgraf import open_case
from nutgraf.cli_common import case_option, console, emit_json, handles_errors, printable
from nutgraf.store import queries_check

DOC_FIELDS = (
    "id", "path", "parent_id", "sha256", "mime", "language", "title", "size", "text_length",
    "error", "languages",
)  # fmt: skip


def register(main: click.Group) -> None:
    for command in (docs, thread, versions, folders):
        main.add_command(command)


@click.command()
@click.argument("doc_id")
@case_option
@click.option("--text", "with_text", is_flag=True, help="Also each mail's body, quotes marked.")
@handles_errors
def thread(doc_id: str, case_dir: Path | None, as_json: bool, with_text: bool) -> None:
    """The conversation a mail belongs to, oldest first: date, sender, subject, id.

    Mails are linked by Message-ID, In-Reply-To and References; a mail whose headers link
    nothing joins mails with the same subject (Re:, Fwd:, AW:, TR: … aside) that share a
    sender or recipient with it.
    """
    from nutgraf.threads import conversation

    with open_case(case_dir) as case:
        found = conversation(case.store, doc_id, with_text=with_text)
    if as_json:
        emit_json(mail | {"thread_id": found["thread_id"]} for mail in found["mails"])
        return
    count = len(found["mails"])
    console.print(f"thread {found['thread_id']}: {count} mail{'s' * (count != 1)}")
    for mail in found["mails"]:
        marker = "▶" if mail["this"] else " "
        sender = ", ".join(mail["from"]) or "(no sender)"
        date = _shown_date(mail["date"])
        console.print(
            f"{marker} {mail['position']:>3}. {mail['id']}  {date:<23}  "
            f"{escape(sender)}  [bold]{escape(mail['subject'] or mail['title'] or '')}[/bold]"
        )
        for part in mail.get("parts", []):  # quoted parts dimmed, as the web view folds them
            style = "dim" if part["kind"] == "quote" else ""
            for line in part["text"].rstrip("\n").splitlines():
                console.print(f"        {escape(line)}", style=style, highlight=False)


@click.command()
@click.argument("doc_id")
@case_option
@click.option("--diff", "other", help="Say what changed from DOC_ID to this document.")
@handles_errors
def versions(doc_id: str, case_dir: Path | None, as_json: bool, other: str | None) -> None:
    """Near-identical documents (versions, copies in other formats) of DOC_ID.

    Each with its similarity to DOC_ID (0..1: shared word 3-grams). With --diff OTHER: what
    changed from DOC_ID to OTHER, sentence by sentence: = same, + added, - removed, ~ changed.
    """
    from nutgraf.versions import compare, versions_of

    with open_case(case_dir) as case:
        if other is not None:
            _print_diff(compare(case.store, doc_id, other), as_json)
            return
        found = versions_of(case.store, doc_id)
    if as_json:
        emit_json(member | {"group_id": found["group_id"]} for member in found["members"])
        return
    count = len(found["members"])
    console.print(f"{count} version{'s' * (count != 1)} of {found['doc_id']}")
    for member in found["members"]:
        marker = "▶" if member["this"] else " "
        console.print(
            f"{marker} {member['id']}  {member['similarity']:.0%}  {member['mime']:<24} "
            f"{escape(member['path'])}",
            highlight=False,
        )


_SIGNS = {"same": "=", "added": "+", "removed": "-", "changed": "~"}
_STYLES = {"same": "dim", "added": "green", "removed": "red", "changed": "yellow"}


def _print_diff(found: dict, as_json: bool) -> None:
    if as_json:
        emit_json(
            change | {"old_id": found["old"], "new_id": found["new"]} for change in found["changes"]
        )
        return
    counts = found["counts"]
    console.print(
        f"{found['old']} → {found['new']}: {counts['added']} added, {counts['removed']} removed, "
        f"{counts['changed']} changed, {counts['same']} the same"
    )
    for change in found["changes"]:
        kind, style = change["kind"], _STYLES[change["kind"]]
        if kind == "changed":
            console.print(f"~ - {escape(change['old'])}", style="red", highlight=False)
            console.print(f"  + {escape(change['new'])}", style="green", highlight=False)
        else:
            text = change.get("new") or change.get("old") or ""
            console.print(f"{_SIGNS[kind]} {escape(text)}", style=style, highlight=False)


def _shown_date(date: str | None) -> str:
    """'2024-06-03 08:30 -04:00': the time as the sender's clock said it, with its offset."""
    if not date:
        return "undated"
    shown = date[:16].replace("T", " ")
    offset = date[19:] if len(date) > 19 else ""
    return f"{shown} {offset.replace('+00:00', 'UTC')}".strip()


@click.command()
@click.argument("folder", required=False)
@case_option
@handles_errors
def folders(folder: str | None, case_dir: Path | None, as_json: bool) -> None:
    """The folders and containers in FOLDER (the top of the leak when none), with how many
    files each holds at any depth, how many failed, and of which types; then its own files.

    Narrow a search to a folder with folder:NAME (every folder of that name), folder:a/b, or
    its full path in quotes, as each line shows.
    """
    from nutgraf.folders import listing, search_query

    with open_case(case_dir) as case:
        found = listing(case.store, folder)
    if as_json:
        emit_json([found])
        return
    here = found["folder"]
    if here is None:
        console.print("[dim]no files in this case yet[/dim]")
        return
    console.print(f"{escape(here['path'])}  {_counts(here)}  [dim]{escape(found['query'])}[/dim]")
    for sub in found["folders"]:
        kind = " (container)" if sub["doc_id"] else ""
        name = sub["path"].rsplit("/", 1)[-1]
        console.print(f"  {escape(name)}/{kind}  {_counts(sub)}")
    for item in found["files"]:
        error = f"  [red]{escape(item['error'])}[/red]" if item["error"] else ""
        name = item["path"].rsplit("/", 1)[-1]
        console.print(f"  {escape(name)}  [dim]{item['doc_id']}  {item['mime']}[/dim]{error}")
    if found["files_total"] > len(found["files"]):
        rest = found["files_total"] - len(found["files"])
        console.print(
            f"  [dim]… and {rest} more: search {escape(search_query(here['path']))}[/dim]"
        )


def _counts(folder: dict) -> str:
    types = ", ".join(f"{n} {t}" for t, n in sorted(folder["types"].items(), key=lambda i: -i[1]))
    errors = f", [red]{folder['errors']} failed[/red]" if folder["errors"] else ""
    files = f"{folder['files']} file{'s' * (folder['files'] != 1)}"
    return f"{files}{errors} [dim]({escape(types)})[/dim]"


@click.command()
@case_option
@click.option("--errors", "errors_only", is_flag=True, help="Only documents that failed.")
@click.option("--limit", type=int, default=None, help="At most this many.")
@handles_errors
def docs(case_dir: Path | None, as_json: bool, errors_only: bool, limit: int | None) -> None:
    """Documents: id, path, parent, type, language, title, size and error."""
    with open_case(case_dir) as case:
        documents = case.store.documents(errors_only=errors_only, limit=limit)
        for doc in documents:
            row = {name: getattr(doc, name) for name in DOC_FIELDS}
            if as_json:
                emit_json([row | _doc_extras(case.store, doc)])
            else:
                status = f"  [red]{escape(doc.error)}[/red]" if doc.error else ""
                shown = escape(printable(doc.path))
                console.print(f"{doc.id}  {escape(doc.mime):<24} {shown}{status}")


def _doc_extras(store: Any, doc: Any) -> dict[str, Any]:
    """Every path of the content, and which reader produced its text (when one did)."""
    extras: dict[str, Any] = {"paths": queries_check.paths_by_document(store, [doc.id])[doc.id]}
    for key in ("reader", "volumes", "volume_of"):
        if key in doc.metadata:
            extras[key] = doc.metadata[key]
    return extras
