"""Where an export writes: the one file the user names, or standard output; nothing else.

The file is written in place (no temporary sibling), and removed again when the export fails
half-way, so a failed export never leaves a truncated file that looks complete.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from nutgraf.case import Case
from nutgraf.errors import BadInput

STDOUT = "-"


def check_target(case: Case, out: Path) -> Path:
    """The output path, refused when it is a folder or would land inside the case's own data."""
    if out.is_dir():
        raise BadInput(f"{out}: is a folder; give the path of the file to write")
    if not out.parent.is_dir():
        raise BadInput(f"{out}: its folder {out.parent} does not exist")
    resolved = out.resolve()
    case_folder = case.folder.resolve()
    protected = [case_folder / "blobs", case_folder / "index"]
    if resolved.name.startswith("case.db") and resolved.parent == case_folder:
        raise BadInput(f"{out}: is the case's database; write the export elsewhere")
    if any(resolved.is_relative_to(folder) for folder in protected):
        raise BadInput(f"{out}: is inside the case's own data; write the export elsewhere")
    return out


@contextmanager
def text_output(case: Case, out: Path | str | None) -> Iterator[IO[str]]:
    """A text stream on `out` (standard output for None or '-')."""
    if out is None or str(out) == STDOUT:
        yield sys.stdout
        sys.stdout.flush()
        return
    target = check_target(case, Path(out))
    with _removed_on_failure(target), open(target, "w", encoding="utf-8", newline="") as stream:
        yield stream


@contextmanager
def binary_output(case: Case, out: Path) -> Iterator[IO[bytes]]:
    target = check_target(case, Path(out))
    with _removed_on_failure(target), open(target, "wb") as stream:
        yield stream


@contextmanager
def _removed_on_failure(target: Path) -> Iterator[None]:
    try:
        yield
    except BaseException:
        target.unlink(missing_ok=True)
        raise
