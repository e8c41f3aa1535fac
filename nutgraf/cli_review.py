"""`nutgraf review`: correct the machine's entities, thin over nutgraf.story.review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from nutgraf import open_case
from nutgraf.analyze.review import TYPES
from nutgraf.cli_common import case_option, console, emit_json, handles_errors
from nutgraf.story import review as reviewing

ENTITY_HELP = "ENTITY is an id (or its first 4+ characters) or a name, as `nutgraf entities` shows."


@click.group()
def review() -> None:
    """Correct entities: reject, retype, rename, merge, split; list and undo the rules.

    Each decision is a rule over names: it holds when documents are read again, and
    `nutgraf review undo RULE` takes it back. Search, facets and exports follow at once.
    """


def _print(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        emit_json([result])
        return
    rule = result.get("rule") or result["undone"]
    verb = "undone" if "undone" in result else "rule"
    console.print(f"{verb} {rule['id']}: {escape(rule['label'])}")
    for entity in result["entities"]:
        console.print(f"  {entity['id']}  {entity['type']:<12} {escape(entity['name'])}")
    if not result["entities"]:
        console.print("  [dim]no entity holds these names now[/dim]")


@review.command()
@click.argument("entity")
@case_option
@handles_errors
def reject(entity: str, case_dir: Path | None, as_json: bool) -> None:
    """ENTITY is not an entity: its names (of its type) are set aside everywhere."""
    with open_case(case_dir) as case:
        _print(reviewing.reject(case, entity), as_json)


@review.command()
@click.argument("entity")
@click.argument("new_type", metavar="TYPE", type=click.Choice(TYPES))
@case_option
@handles_errors
def retype(entity: str, new_type: str, case_dir: Path | None, as_json: bool) -> None:
    """ENTITY is of another TYPE (a person named like a place…)."""
    with open_case(case_dir) as case:
        _print(reviewing.retype(case, entity, new_type), as_json)


@review.command()
@click.argument("entity")
@click.argument("name")
@case_option
@handles_errors
def rename(entity: str, name: str, case_dir: Path | None, as_json: bool) -> None:
    """Show ENTITY under NAME (the names the documents give stay among its aliases)."""
    with open_case(case_dir) as case:
        _print(reviewing.rename(case, entity, name), as_json)


@review.command()
@click.argument("entities", nargs=-1, required=True)
@case_option
@handles_errors
def merge(entities: tuple[str, ...], case_dir: Path | None, as_json: bool) -> None:
    """These ENTITIES (two or more, of one type) are one."""
    with open_case(case_dir) as case:
        _print(reviewing.merge(case, list(entities)), as_json)


@review.command()
@click.argument("entity")
@click.option("--name", "names", multiple=True, required=True, help="A name to split off.")
@case_option
@handles_errors
def split(entity: str, names: tuple[str, ...], case_dir: Path | None, as_json: bool) -> None:
    """Split the mentions with these names off ENTITY into an entity of their own."""
    with open_case(case_dir) as case:
        _print(reviewing.split(case, entity, list(names)), as_json)


@review.command(name="list")
@case_option
@handles_errors
def list_rules(case_dir: Path | None, as_json: bool) -> None:
    """Every review rule, oldest first."""
    with open_case(case_dir) as case:
        found = reviewing.rules(case)
    if as_json:
        emit_json(found)
        return
    if not found:
        console.print("[dim]no review rules yet[/dim]")
    for rule in found:
        aside = rule["rejected_mentions"]
        extra = f"  [dim]({aside} mentions set aside)[/dim]" if rule["action"] == "reject" else ""
        console.print(
            f"{rule['id']:>4}  {rule['added_at']}  {rule['action']:<7} "
            f"{escape(rule['label'])}{extra}"
        )


@review.command()
@click.argument("rule_id", metavar="RULE", type=int)
@case_option
@handles_errors
def undo(rule_id: int, case_dir: Path | None, as_json: bool) -> None:
    """Delete review rule RULE: the case is resolved as if it had never been made."""
    with open_case(case_dir) as case:
        _print(reviewing.undo(case, rule_id), as_json)


for _command in review.commands.values():
    if _command.name not in ("list", "undo"):
        _command.help = f"{_command.help}\n\n{ENTITY_HELP}"
