"""`text_and_pages` gives the whole text when no length is asked, and a prefix when one is."""

from __future__ import annotations


def test_text_and_pages_whole_or_prefix(small_case) -> None:
    store = small_case.store
    checked = 0
    for document in store.documents():
        text = store.text(document.id)
        if not text:
            continue
        assert store.text_and_pages(document.id) == (text, store.pages(document.id))
        assert store.text_and_pages(document.id, 10)[0] == text[:10]
        checked += 1
    assert checked > 5
