"""What every `nutgraf` command shares: the case and JSON options, one-line errors, output."""

from __future__ import annotations

import functools
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape

from nutgraf.errors import NutgrafError

if TYPE_CHECKING:
    from nutgraf.case import Case

console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)  # one error, one line


def case_option(command: Callable) -> Callable:
    command = click.option(
        "--case",
        "case_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The case folder (default: $NUTGRAF_CASE, else ./nutgraf-case).",
    )(command)
    return click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")(
        command
    )


def handles_errors(command: Callable) -> Callable:
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except NutgrafError as error:
            errors.print(f"nutgraf: {escape(str(error))}")
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            errors.print("nutgraf: interrupted; run the same command again to finish the job")
            sys.exit(130)
        except BrokenPipeError:
            sys.stderr.close()  # the reader (e.g. `head`) has gone: stop quietly
            sys.exit(0)
        except Exception as error:  # a bug: say so in one line, details on demand
            if os.environ.get("NUTGRAF_DEBUG"):
                raise
            errors.print(
                f"nutgraf: internal error ({type(error).__name__}: {escape(str(error))}); "
                "run again with NUTGRAF_DEBUG=1 for the details"
            )
            sys.exit(70)

    return wrapper


def printable(text: str) -> str:
    """Control characters (a newline in a file name) as \\xNN: one document, one line."""
    return "".join(
        f"\\x{ord(ch):02x}" if ord(ch) < 32 or 127 <= ord(ch) < 160 else ch for ch in text
    )


def shown_value(value: Any) -> str:
    """Amounts as people read them: 3,500,000 and 0.35, not 3500000.0 and 0.35000000001."""
    if isinstance(value, float):
        return f"{value:,.2f}".removesuffix(".00")
    return str(value)


def emit_json(rows: Iterable[dict[str, Any]]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def operator() -> str:
    """Who the command line acts as in the audit log: whoever can open the case's files."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no name for this uid (a container)
        return "cli:unknown"


def audited(case: Case, action: str, object_: str = "", **detail: Any) -> None:
    """Log what a command did to the audit log of a team's case (one with users)."""
    from nutgraf.access import audit

    if case.store.has_users():
        audit.record(case.store, operator(), action, object_, **detail)
