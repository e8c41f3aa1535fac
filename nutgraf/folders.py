"""The tree of the original folders and containers, and `folder:` for search.

A folder is a directory of the leak or a document with members (an archive, a mail with
attachments, a mailbox): `…/board-pack.zip/minutes` is a folder inside an archive. Each folder
counts the files beneath it at any depth: how many, how many failed, how many of each type.
The tree is recomputed after each ingest (ingest/post.py) from the paths alone.

`folder:NAME` finds every document beneath a folder named NAME, or ending with NAME's
components (`folder:leak/finance`), or at exactly that path (`folder:/cases/leak/finance`):
each document is indexed with those forms of every folder above each of its paths.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from nutgraf.families import family_of
from nutgraf.fold import fold
from nutgraf.store.sql import SqlStore

SEP = "/"
FILES_SHOWN = 500


@dataclass
class _Folder:
    files: int = 0
    errors: int = 0
    types: Counter[str] = field(default_factory=Counter)


def ancestors(path: str) -> list[str]:
    """The folders above a path, outermost first: `/a/b/c.txt` → [`/a`, `/a/b`]."""
    parts = path.split(SEP)
    return [SEP.join(parts[:end]) for end in range(1, len(parts)) if SEP.join(parts[:end])]


def folder_terms(paths: list[str]) -> list[str]:
    """What `folder:` matches for a document at these paths: each folder above them, folded,
    as its full path and as each run of its last components."""
    terms: list[str] = []
    for path in paths:
        for folder in ancestors(path):
            folded = fold(folder).rstrip(SEP)
            terms.append(folded)
            parts = [part for part in folded.split(SEP) if part]
            terms.extend(SEP.join(parts[start:]) for start in range(len(parts)))
    return list(dict.fromkeys(term for term in terms if term))


def query_term(value: str) -> str:
    """The index term `folder:value` looks up (`Finance/` → `finance`, `/A/b` → `/a/b`)."""
    folded = fold(value.strip())
    head = SEP if folded.startswith(SEP) else ""
    return head + SEP.join(part for part in folded.split(SEP) if part)


def compute_folders(store: SqlStore) -> int:
    """Rebuild the folder tree of the case; how many folders it has."""
    tree: dict[str, _Folder] = {}
    doc_at: dict[str, str] = {}
    files: list[tuple[str, str, str]] = []
    for path, doc_id, mime, error in store.path_rows():
        doc_at[path] = doc_id
        above = ancestors(path)
        if above:
            files.append((path, above[-1], doc_id))
        for folder in above:
            counts = tree.setdefault(folder, _Folder())
            counts.files += 1
            counts.errors += error is not None
            counts.types[family_of(mime)] += 1
    rows = [
        (path, _parent(path), c.files, c.errors, dict(c.types), doc_at.get(path))
        for path, c in sorted(tree.items())
    ]
    store.replace_folders(rows, files)
    return len(rows)


def _parent(path: str) -> str | None:
    above = ancestors(path)
    return above[-1] if above else None


def listing(store: SqlStore, path: str | None = None) -> dict[str, Any]:
    """A folder (the top of the tree when None) with its subfolders and its own files.

    The top skips the chain of folders that hold nothing but one folder (`/home/me/leaks`),
    so the tree opens where the leak does."""
    if not store.has_folders():
        compute_folders(store)  # a case made before folders existed
    if path is None:
        here: dict[str, Any] | None = None
        below = store.subfolders(None)
        while len(below) == 1:
            here = below[0]
            below = store.subfolders(here["path"])
            if store.files_in(here["path"], 1)[1]:
                break
    else:
        path = path.rstrip(SEP) or SEP
        here = store.folder(path)
        if here is None:
            from nutgraf.errors import NotFound

            raise NotFound(f"no folder {path!r} in this case (see `nutgraf folders`)")
        below = store.subfolders(path)
    shown, total = store.files_in(here["path"], FILES_SHOWN) if here else ([], 0)
    return {
        "folder": here,
        "trail": ancestors(here["path"]) if here else [],
        "folders": below,
        "files": shown,
        "files_total": total,
        "query": search_query(here["path"]) if here else "",
    }


def search_query(path: str) -> str:
    """The query that narrows a search to everything beneath this folder."""
    return 'folder:"' + path.replace('"', " ") + '"'
