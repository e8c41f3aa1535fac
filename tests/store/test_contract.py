"""The Store contract, run against every implementation (conftest.py: SQLite and PostgreSQL).

Each test writes through the store's methods and reads back exact values, so the two
databases are held to the same answers, orders and counts.
"""

from __future__ import annotations

import hashlib

import pytest

from nutgraf.errors import NotFound
from nutgraf.model import Fact, Mention
from nutgraf.store import queries_web, story, threads
from nutgraf.store.records import ChildRecord, ReadResult
from nutgraf.store.sql import SqlStore

TEXT = "Alice Martin paid EUR 1,200.50 to Bob Stone on 3 March 2024.\x00 Tail."


def sha(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def read_result(children: list[ChildRecord] | None = None) -> ReadResult:
    alice, bob = TEXT.index("Alice Martin"), TEXT.index("Bob Stone")
    amount = TEXT.index("EUR 1,200.50")
    return ReadResult(
        mime="text/plain",
        text=TEXT,
        pages=[0],
        metadata={"subject": "Payment", "ocr_pending": 0},
        language="en",
        children=children or [],
        facts=[
            Fact("money", amount, amount + 12, "EUR 1,200.50", 1200.5, currency="EUR"),
            Fact(
                "date",
                TEXT.index("3 March"),
                TEXT.index("3 March") + 12,
                "3 March 2024",
                "2024-03-03",
                precision="day",
            ),
        ],
        mentions=[
            Mention("person", "Alice Martin", alice, alice + 12, "Alice Martin"),
            Mention("person", "Bob Stone", bob, bob + 9, "Bob Stone"),
        ],
    )


def add(store: SqlStore, name: str) -> str:
    return store.register_file(f"/leak/{name}", name.encode(), sha(name), 100, 1_700_000_000)


def test_register_read_and_save(store: SqlStore) -> None:
    doc_id = add(store, "a.txt")
    assert store.has_document(sha("a.txt"))
    assert store.path_unchanged("/leak/a.txt", 100, 1_700_000_000)
    assert not store.path_unchanged("/leak/a.txt", 101, 1_700_000_000)
    assert [p.id for p in store.pending()] == [doc_id]
    child = ChildRecord("attachment.csv", sha("child"), 10, {"modified": "2024-01-01"})
    saved = store.save_result(doc_id, read_result([child]), max_depth=5)
    assert saved.children == [child.sha256[:16]]
    assert [p.id for p in store.pending()] == saved.children

    document = store.document(doc_id[:6])
    assert (document.mime, document.language, document.text_length) == ("text/plain", "en", 67)
    stored = store.text(doc_id)
    assert len(stored) == len(TEXT)  # a NUL may be stored as U+FFFD, never dropped
    assert store.text_and_pages(doc_id, 5) == (TEXT[:5], [0])
    assert store.pages(doc_id) == [0]
    assert store.paths(doc_id) == ["/leak/a.txt"]
    assert [c.path for c in store.children(doc_id)] == ["/leak/a.txt/attachment.csv"]

    facts = list(store.facts(doc_id=doc_id))
    assert [(f["kind"], f["quote"]) for f in facts] == [
        ("money", "EUR 1,200.50"),
        ("date", "3 March 2024"),
    ]
    for fact in facts:
        assert stored[fact["start"] : fact["end"]] == fact["quote"]
    assert [f["value"] for f in store.facts(kind="money", minimum=1000, currency="eur")] == [1200.5]
    assert list(store.facts(kind="money", minimum=5000)) == []


def test_entities_counts_and_index_terms(store: SqlStore) -> None:
    first, second = add(store, "a.txt"), add(store, "b.txt")
    store.save_result(first, read_result(), max_depth=5)
    store.save_result(second, read_result(), max_depth=5)
    entities = list(store.entities(type="person"))
    assert [(e["name"], e["mentions"], e["documents"]) for e in entities] == [
        ("Alice Martin", 2, 2),
        ("Bob Stone", 2, 2),
    ]
    labels = store.entity_labels([e["id"] for e in entities] + ["missing"])
    assert sorted(label["name"] for label in labels.values()) == ["Alice Martin", "Bob Stone"]
    counts = store.counts()
    assert (counts["documents"], counts["pending"], counts["failed"], counts["paths"]) == (
        2, 0, 0, 2
    )  # fmt: skip
    terms = store.index_terms(first)
    assert sorted(terms["has"]) == ["date", "money"] and terms["currency"] == ["EUR"]
    assert "alice martin" in terms["entity"]

    assert sorted(store.unindexed(10)) == sorted([first, second])
    store.mark_indexed([first])
    assert store.unindexed(10) == [second]
    store.mark_all_unindexed()
    assert len(store.unindexed(10)) == 2


def test_failures_retry_and_runs(store: SqlStore) -> None:
    doc_id = add(store, "bad.pdf")
    store.save_result(
        doc_id, ReadResult(mime="application/pdf", error_reason="corrupt", error="bad xref"), 5
    )
    assert [d.id for d in store.documents(errors_only=True)] == [doc_id]
    assert store.counts()["errors_by_reason"] == {"corrupt": 1}
    assert store.retry_failed() == 1
    assert [p.id for p in store.pending_by_ids([doc_id, "0000000000000000"])] == [doc_id]
    run = store.start_run(["/leak"])
    assert run == store.start_run(["/other"]) - 1
    store.finish_run(run, {"files": 1})
    assert [r["id"] for r in queries_web.runs(store.db)][:2] == [run + 1, run]


def test_ids_resolve_like_git(store: SqlStore) -> None:
    doc_id = add(store, "a.txt")
    assert store.resolve_id(doc_id[:4]) == doc_id
    with pytest.raises(NotFound):
        store.resolve_id("ffff" if not doc_id.startswith("ffff") else "eeee")
    with pytest.raises(NotFound):
        store.resolve_id("ab")
    assert [d.id for d in store.documents(limit=1, offset=0)] == [doc_id]
    assert list(store.documents(limit=1, offset=1)) == []


def test_marks_and_queries(store: SqlStore) -> None:
    doc_id = add(store, "a.txt")
    store.save_result(doc_id, read_result(), max_depth=5)
    digest = sha("a.txt")
    assert story.add_tags(store.db, digest, [("payments", "Payments")]) == 1
    assert story.add_tags(store.db, digest, [("payments", "payments")]) == 0  # no duplicate
    assert story.tags_of(store.db, digest) == ["Payments"]
    assert story.set_star(store.db, digest, True)
    assert story.starred_doc_ids(store.db) == [doc_id]
    note_id = story.add_note(store.db, digest, "check the amount", (18, 30, "EUR 1,200.50"))
    assert note_id > 0 and story.note(store.db, note_id)["text"] == "check the amount"
    assert story.save_search(store.db, "money", "has:money")
    story.save_search(store.db, "money", "has:money currency:EUR")  # replaced, not doubled
    assert [s["query"] for s in story.saved_searches(store.db)] == ["has:money currency:EUR"]
    months = queries_web.timeline(store.db)
    assert [m["month"] for m in months] == ["2024-03"]
    assert queries_web.fact_kinds(store.db) == [("date", 1), ("money", 1)]
    alice = next(e["id"] for e in store.entities() if e["name"] == "Alice Martin")
    neighbours = queries_web.co_occurring(store.db, alice)
    assert [(n["name"], n["documents"]) for n in neighbours] == [("Bob Stone", 1)]


def test_one_transaction_is_all_or_nothing(store: SqlStore) -> None:
    doc_id = add(store, "a.txt")
    with pytest.raises(RuntimeError), store.db:
        store.db.execute("UPDATE documents SET title = ? WHERE id = ?", ("changed", doc_id))
        raise RuntimeError("killed mid-write")
    assert store.document(doc_id).title is None


def test_metadata_with_nul_is_stored_and_queried(store: SqlStore) -> None:
    # Real files carry NUL in their properties (an author "dsx\x00..."); PostgreSQL's json
    # cannot hold it, and one such document broke every query over mails' metadata.
    doc_id = add(store, "nul.eml")
    result = read_result()
    result.metadata = {"from": "dsx\x00 <a@b.org>", "subject": "s\\u0000"}
    store.save_result(doc_id, result, max_depth=5)
    [(mail_id, metadata)] = threads.mail_metadata(store.db)
    assert mail_id == doc_id
    assert metadata == {"from": "dsx\ufffd <a@b.org>", "subject": "s\\u0000"}
