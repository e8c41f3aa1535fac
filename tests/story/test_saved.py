"""Saved searches: named queries, checked when saved, run like `search`."""

from __future__ import annotations

import pytest

from nutgraf import search
from nutgraf.errors import BadInput, NotFound, QueryError
from nutgraf.story import saved
from tests.story.conftest import doc_by_path


def test_save_list_replace_run_and_remove(story_case):
    created = saved.save(story_case, "  big   money ", "money:>100000")
    assert created["name"] == "big money" and created["created"] is True
    replaced = saved.save(story_case, "big money", "money:>1000000")
    assert replaced["created"] is False and replaced["query"] == "money:>1000000"
    assert [row["name"] for row in saved.listed(story_case)] == ["big money"]
    hits = search(story_case, saved.get(story_case, "big money")["query"]).hits
    assert [hit.document.id for hit in hits] == [doc_by_path(story_case, "memo.txt").id]
    saved.remove(story_case, "big money")
    with pytest.raises(NotFound):
        saved.get(story_case, "big money")
    with pytest.raises(NotFound):
        saved.remove(story_case, "big money")


def test_malformed_query_or_name_is_refused_and_nothing_kept(story_case):
    with pytest.raises(QueryError, match="unclosed quote"):
        saved.save(story_case, "broken", '"no end')
    with pytest.raises(BadInput):
        saved.save(story_case, "   ", "money")
    assert saved.listed(story_case) == []
