"""The pure side of entity review: rules over name keys applied to mention records."""

from __future__ import annotations

from nutgraf.analyze.entity_keys import MentionRecord
from nutgraf.analyze.resolve import group_mentions
from nutgraf.analyze.review import ReviewRule, record_key, screen

RECORDS = [
    MentionRecord(1, "d1", "person", "Hélène Marchetti"),
    MentionRecord(2, "d2", "person", "H. Marchetti"),
    MentionRecord(3, "d1", "location", "Monday"),
    MentionRecord(4, "d2", "location", "monday"),
    MentionRecord(5, "d3", "person", "Smith"),
    MentionRecord(6, "d3", "location", "Paris Hilton"),
]


def _rule(rule_id: int, action: str, *names: MentionRecord, **extra) -> ReviewRule:
    return ReviewRule(rule_id, action, frozenset(record_key(r) for r in names), **extra)


def _names(groups) -> list[set[str]]:
    return [{g.name, *g.aliases} for g in groups]


def test_without_rules_initials_join():
    assert {"Hélène Marchetti", "H. Marchetti"} in _names(group_mentions(RECORDS[:2]))


def test_reject_matches_the_name_case_wide_and_keeps_others():
    kept, rejected = screen(RECORDS, [_rule(7, "reject", RECORDS[3])])
    assert rejected == [(3, 7), (4, 7)]
    assert [r.mention_id for r in kept] == [1, 2, 5, 6]


def test_a_lone_word_rule_is_not_tied_to_its_document():
    other = MentionRecord(9, "d9", "person", "SMITH")
    _, rejected = screen([RECORDS[4], other], [_rule(1, "reject", RECORDS[4])])
    assert rejected == [(5, 1), (9, 1)]


def test_retype_then_groups_under_the_new_type():
    kept, _ = screen(RECORDS, [_rule(1, "retype", RECORDS[5], value="person")])
    [hilton] = [g for g in group_mentions(kept) if g.name == "Paris Hilton"]
    assert hilton.type == "person"


def test_split_blocks_evidence_and_merge_forces():
    split = _rule(1, "split", RECORDS[1], apart=frozenset({record_key(RECORDS[0])}))
    assert {"H. Marchetti"} in _names(group_mentions(RECORDS[:2], [split]))
    merge = _rule(2, "merge", RECORDS[0], RECORDS[4])
    groups = group_mentions([RECORDS[0], RECORDS[4]], [merge])
    assert len(groups) == 1 and "merged by a reviewer (rule 2)" in groups[0].why


def test_rename_keeps_the_documents_names_as_aliases():
    rename = _rule(1, "rename", RECORDS[0], value="Hélène M.")
    [group] = group_mentions(RECORDS[:2], [rename])
    assert group.name == "Hélène M." and {"Hélène Marchetti", "H. Marchetti"} <= set(group.aliases)


def test_rules_on_names_not_in_the_case_do_nothing():
    ghost = MentionRecord(99, "dx", "person", "Nobody Here")
    rules = [_rule(1, "merge", ghost, RECORDS[0]), _rule(2, "reject", ghost)]
    kept, rejected = screen(RECORDS[:2], rules)
    assert rejected == [] and len(group_mentions(kept, rules)) == 1
