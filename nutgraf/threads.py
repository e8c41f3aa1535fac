"""Mail conversations over a case: compute them after an ingest, read one back.

The grouping itself is nutgraf/analyze/threads.py (pure); the SQL is nutgraf/store/threads.py.
"""

from __future__ import annotations

from typing import Any

from nutgraf.analyze.threads import fold_quotes, headers_from_metadata, instant, thread_ids
from nutgraf.errors import NotFound
from nutgraf.store.sql import SqlStore


def compute_threads(store: SqlStore) -> int:
    """Group every mail of the case into conversations; returns how many hold 2+ mails."""
    mails = [headers_from_metadata(doc_id, meta) for doc_id, meta in store.mail_metadata()]
    found = thread_ids(mails)
    store.replace_threads(found)
    sizes: dict[str, int] = {}
    for thread in found.values():
        sizes[thread] = sizes.get(thread, 0) + 1
    return sum(1 for size in sizes.values() if size > 1)


def ensure_threads(store: SqlStore) -> None:
    """A case ingested before threads existed gets them on first use."""
    if not store.has_threads():
        compute_threads(store)


def conversation(store: SqlStore, doc_id: str, with_text: bool = False) -> dict[str, Any]:
    """The conversation a mail belongs to, oldest mail first.

    With `with_text`, each mail carries `parts`: its body cut into text and quoted parts
    ([{"kind": "text"|"quote", "text": …}]) that join back to the body.
    """
    full_id = store.resolve_id(doc_id)
    ensure_threads(store)
    thread = store.thread_id(full_id)
    if thread is None:
        raise NotFound(f"{full_id} is not a mail: it has no conversation")
    mails = sorted(store.thread_mails(thread), key=lambda m: (instant(m["date"]), m["id"]))
    for position, mail in enumerate(mails, start=1):
        mail["position"] = position
        mail["this"] = mail["id"] == full_id
        if with_text:
            mail["parts"] = [
                {"kind": kind, "text": text} for kind, text in fold_quotes(_body(store, mail["id"]))
            ]
    return {"thread_id": thread, "doc_id": full_id, "mails": mails}


def _body(store: SqlStore, doc_id: str) -> str:
    """The mail's text after its header block (mail_text puts a blank line between them)."""
    text = store.text(doc_id)
    head, sep, body = text.partition("\n\n")
    return body if sep and head.startswith(("From:", "To:", "Date:", "Subject:", "Cc:")) else text
