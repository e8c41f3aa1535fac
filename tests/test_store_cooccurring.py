"""`cooccurring` (entities --json) counts distinct documents without joining mention to
mention; it must give what the plain definition gives."""

from __future__ import annotations

from nutgraf.store.queries_entities import cooccurring

DEFINITION = (
    "SELECT e.id, e.name, COUNT(DISTINCT other.doc_id) AS count "
    "FROM mentions own JOIN mentions other ON other.doc_id = own.doc_id "
    "AND other.entity_id != own.entity_id JOIN entities e ON e.id = other.entity_id "
    "WHERE own.entity_id = ? GROUP BY e.id ORDER BY count DESC, e.name, e.id LIMIT ?"
)


def test_cooccurring_matches_its_definition(small_case) -> None:
    store = small_case.store
    entity_ids = [row[0] for row in store.db.execute("SELECT id FROM entities")]
    assert len(entity_ids) > 5
    nonempty = 0
    for entity_id in entity_ids:
        expected = [
            {"id": r[0], "name": r[1], "count": r[2]}
            for r in store.db.execute(DEFINITION, (entity_id, 5))
        ]
        assert cooccurring(store, entity_id) == expected
        nonempty += bool(expected)
    assert nonempty > 2
