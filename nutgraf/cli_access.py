"""`nutgraf users`, `nutgraf tokens` and `nutgraf audit`: who may log in, and what they did.

Passwords are read from the terminal (asked twice) or, when stdin is not a terminal, from its
first line: never from the command line, where `ps` and the shell's history would show them.
Whoever runs these commands can open the case's files, so they act as `cli:<login name>`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.markup import escape

from nutgraf import open_case
from nutgraf.access import audit as audit_log
from nutgraf.access import collections as kept
from nutgraf.access import users as user_admin
from nutgraf.access.credentials import ADVISED_PASSWORD, MIN_PASSWORD
from nutgraf.access.roles import ROLES
from nutgraf.cli_common import case_option, console, emit_json, errors, handles_errors, operator
from nutgraf.errors import BadInput
from nutgraf.store.sql import SqlStore


def _read_password(name: str) -> str:
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = str(click.prompt(f"Password for {name}", hide_input=True, err=True))
        if click.prompt("Again", hide_input=True, err=True) != password:
            raise BadInput("the two passwords differ; nothing was changed")
    if MIN_PASSWORD <= len(password) < ADVISED_PASSWORD:
        errors.print(
            f"nutgraf: note: {len(password)} characters; a passphrase of {ADVISED_PASSWORD} or "
            "more (a few words) is much harder to guess"
        )
    return password


@click.group()
def users() -> None:
    """People who may log in to the workbench, each with a role: admin, editor or reader.

    A case with no users needs no login (and the workbench stays on 127.0.0.1)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="reader", show_default=True)
@case_option
@handles_errors
def users_add(name: str, role: str, case_dir: Path | None, as_json: bool) -> None:
    """Add a user; the password is read from the terminal or stdin."""
    with open_case(case_dir) as case:
        user_admin.add_user(case.store, name, role, _read_password(name), operator())
        _said(as_json, {"user": name, "role": role, "added": True}, f"added {name} ({role})")


@users.command("list")
@case_option
@handles_errors
def users_list(case_dir: Path | None, as_json: bool) -> None:
    """Every user with their role and how many API tokens they hold."""
    with open_case(case_dir) as case:
        rows = user_admin.users(case.store)
        if as_json:
            emit_json(rows)
            return
        if not rows:
            console.print("no users: the workbench needs no login (127.0.0.1 only)")
        for row in rows:
            console.print(
                f"{escape(row['name']):<24} {row['role']:<7} since {row['created_at'][:10]}"
                f"  {row['tokens']} token(s)"
                + (
                    f"  sees only: {escape(', '.join(row['collections']))}"
                    if row["collections"]
                    else ""
                )
            )


@users.command("passwd")
@click.argument("name")
@case_option
@handles_errors
def users_passwd(name: str, case_dir: Path | None, as_json: bool) -> None:
    """Set a new password (read from the terminal or stdin); the user's sessions end."""
    with open_case(case_dir) as case:
        user_admin.change_password(case.store, name, _read_password(name), operator())
        _said(as_json, {"user": name, "password_changed": True}, f"new password for {name}")


@users.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@case_option
@handles_errors
def users_role(name: str, role: str, case_dir: Path | None, as_json: bool) -> None:
    """Give a user another role."""
    with open_case(case_dir) as case:
        user_admin.change_role(case.store, name, role, operator())
        _said(as_json, {"user": name, "role": role}, f"{name} is now {role}")


@users.command("remove")
@click.argument("name")
@case_option
@handles_errors
def users_remove(name: str, case_dir: Path | None, as_json: bool) -> None:
    """Remove a user, their sessions and tokens (the audit log keeps what they did)."""
    with open_case(case_dir) as case:
        user_admin.remove_user(case.store, name, operator())
        _said(as_json, {"user": name, "removed": True}, f"removed {name}")


@users.command("grant")
@click.argument("name")
@click.argument("collection_names", nargs=-1, required=True)
@case_option
@handles_errors
def users_grant(
    name: str, collection_names: tuple[str, ...], case_dir: Path | None, as_json: bool
) -> None:
    """Keep a user to these collections: they see only what those hold (admins see all)."""
    with open_case(case_dir) as case:
        for collection in collection_names:
            kept.grant(case.store, name, collection, operator())
        granted = case.store.granted_collections(name)
        _said(
            as_json,
            {"user": name, "collections": granted},
            f"{name} sees only: {', '.join(granted)}",
        )


@users.command("ungrant")
@click.argument("name")
@click.argument("collection")
@case_option
@handles_errors
def users_ungrant(name: str, collection: str, case_dir: Path | None, as_json: bool) -> None:
    """Take a collection back; a user left with none sees the whole case again."""
    with open_case(case_dir) as case:
        kept.ungrant(case.store, name, collection, operator())
        granted = case.store.granted_collections(name)
        shown = ", ".join(granted) if granted else "the whole case"
        _said(as_json, {"user": name, "collections": granted}, f"{name} sees {shown}")


@click.group()
def collections() -> None:
    """Parts of a case that only some users see: named roots of the leak."""


@collections.command("add")
@click.argument("name")
@click.argument("roots", nargs=-1, required=True)
@case_option
@handles_errors
def collections_add(
    name: str, roots: tuple[str, ...], case_dir: Path | None, as_json: bool
) -> None:
    """Put the documents at or under ROOTS (paths as `nutgraf docs` shows them) in NAME."""
    with open_case(case_dir) as case:
        added = kept.add_roots(case.store, name, list(roots), operator())
        _said(as_json, {"collection": name, "added": added}, f"{name}: {len(added)} root(s) added")


@collections.command("list")
@case_option
@handles_errors
def collections_list(case_dir: Path | None, as_json: bool) -> None:
    """Every collection: its roots, how many documents it holds, who is granted it."""
    with open_case(case_dir) as case:
        rows = kept.listing(case.store)
        if as_json:
            emit_json(rows)
            return
        if not rows:
            console.print("no collections: every user sees the whole case")
        for row in rows:
            users_shown = ", ".join(row["users"]) or "no one granted yet"
            console.print(
                f"{escape(row['name'])}: {row['documents']} documents; {escape(users_shown)}"
            )
            for root in row["roots"]:
                console.print(f"  {escape(root)}")


@click.group()
def tokens() -> None:
    """API tokens, for scripts on the HTTP API (header `Authorization: Bearer TOKEN`)."""


@tokens.command("create")
@click.argument("name")
@click.option("--label", default="", help="What the token is for (shown in lists).")
@case_option
@handles_errors
def tokens_create(name: str, label: str, case_dir: Path | None, as_json: bool) -> None:
    """A new token acting as user NAME; printed once, only its hash is kept."""
    with open_case(case_dir) as case:
        token_id, token = user_admin.create_token(case.store, name, label, operator())
        if as_json:
            emit_json([{"id": token_id, "user": name, "label": label, "token": token}])
        else:
            # the token alone on stdout, so that TOKEN=$(nutgraf tokens create NAME) works
            errors.print(f"token {token_id} for {escape(name)} (shown once, keep it safe):")
            click.echo(token)


@tokens.command("list")
@click.option("--user", "user", default=None, help="Only this user's.")
@case_option
@handles_errors
def tokens_list(user: str | None, case_dir: Path | None, as_json: bool) -> None:
    """Every token's id, user and label (never the token)."""
    with open_case(case_dir) as case:
        rows = case.store.tokens(user)
        if as_json:
            emit_json(rows)
        for row in [] if as_json else rows:
            console.print(f"{row['id']}  {escape(row['user']):<24} {escape(row['label'])}")


@tokens.command("revoke")
@click.argument("token_id")
@case_option
@handles_errors
def tokens_revoke(token_id: str, case_dir: Path | None, as_json: bool) -> None:
    """Revoke a token by its id."""
    with open_case(case_dir) as case:
        user_admin.revoke_token(case.store, token_id, operator())
        _said(as_json, {"id": token_id, "revoked": True}, f"revoked token {token_id}")


@click.command()
@click.option("--user", "user", default=None, help="Only what this user did.")
@click.option("--limit", type=int, default=None, help="Only the last N entries.")
@click.option("--verify", is_flag=True, help="Check the chain; exit 1 if anything was changed.")
@click.option("--head", "known_head", default=None, help="With --verify: a head noted earlier.")
@case_option
@handles_errors
def audit(
    user: str | None,
    limit: int | None,
    verify: bool,
    known_head: str | None,
    case_dir: Path | None,
    as_json: bool,
) -> None:
    """The tamper-evident log of who logged in, searched, opened, downloaded, exported or
    changed what. With --verify, walk its hash chain and say whether it holds."""
    with open_case(case_dir) as case:
        if verify:
            _verify(case.store, known_head, as_json)
            return
        entries = list(case.store.audit_entries(user, limit, newest_first=True))[::-1]
        if not entries and not as_json:
            console.print("nothing logged" + (f" for {escape(user)}" if user else ""))
        for entry in entries:
            if as_json:
                emit_json([entry.as_dict() | {"detail": _parsed(entry.detail)}])
            else:
                console.print(
                    f"{entry.seq:>6} {entry.at[:19]}Z {escape(entry.user):<20} "
                    f"{entry.action:<14} {escape(entry.object)} [dim]{escape(entry.detail)}[/dim]"
                )


def _parsed(detail: str) -> object:
    try:
        return json.loads(detail)
    except ValueError:  # an entry edited by hand: shown as it is (--verify says so)
        return detail


def _verify(store: SqlStore, known_head: str | None, as_json: bool) -> None:
    result = audit_log.verify(store, known_head)
    if as_json:
        emit_json([{"ok": result.ok, "entries": result.entries, "head": result.head,
                    "problem": result.problem}])  # fmt: skip
    elif result.ok:
        console.print(f"the audit log holds: {result.entries} entries, head {result.head}")
    else:
        errors.print(f"nutgraf: the audit log was tampered with: {escape(result.problem or '')}")
    if not result.ok:
        sys.exit(1)


def _said(as_json: bool, row: dict[str, object], text: str) -> None:
    if as_json:
        emit_json([row])
    else:
        console.print(escape(text))


def register(main: click.Group) -> None:
    for command in (users, tokens, audit, collections):
        main.add_command(command)
