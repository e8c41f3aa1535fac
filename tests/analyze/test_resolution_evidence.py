"""Resolution as a pure function: shared addresses join nobody, and each merge says why."""

from __future__ import annotations

from nutgraf.analyze._known_names import known_name_mentions
from nutgraf.analyze.resolve import MentionRecord, group_mentions, is_role_address


def _header(mention_id: int, doc: str, name: str, email: str | None) -> MentionRecord:
    return MentionRecord(mention_id, doc, "person", name, email, "metadata:from")


def _names(groups) -> list[list[str]]:
    return sorted(sorted([g.name, *(a for a in g.aliases if "@" not in a)]) for g in groups)


def test_people_sharing_a_bot_address_stay_apart() -> None:
    records = [
        _header(1, "d1", "Julien Nioche (JIRA)", "jira@apache.org"),
        _header(2, "d2", "Gary Murphy (JIRA)", "jira@apache.org"),
        _header(3, "d3", "Nick Burch (JIRA)", "jira@apache.org"),
        _header(4, "d4", "Nick Burch (JIRA)", "jira@apache.org"),
    ]
    groups = group_mentions(records)
    assert _names(groups) == [
        ["Gary Murphy (JIRA)"],
        ["Julien Nioche (JIRA)"],
        ["Nick Burch (JIRA)"],
    ]
    assert all(not any("jira@apache.org" in why for why in g.why) for g in groups)


def test_an_address_given_to_different_people_joins_nobody() -> None:
    records = [
        _header(1, "d1", "Nobody in Particular", "nobody@example.com"),
        _header(2, "d2", "Another Person", "nobody@example.com"),
        _header(3, "d3", "A. Person", "nobody@example.com"),
    ]
    groups = group_mentions(records)
    names = _names(groups)
    assert ["Nobody in Particular"] in names
    assert not any("Nobody in Particular" in n and len(n) > 1 for n in names)
    merged = next(g for g in groups if g.name == "Another Person")
    assert [a for a in merged.aliases if "@" not in a] == ["A. Person"]
    assert merged.why == ["initials: “A. person” fits one person of the case only"]


def test_one_person_with_one_address_and_spellings_says_why() -> None:
    records = [
        _header(1, "d1", "Hélène Marchetti", "helene.marchetti@cirrolux.example"),
        MentionRecord(2, "d2", "person", "MARCHETTI Hélène"),
        MentionRecord(3, "d3", "person", "", "helene.marchetti@cirrolux.example"),
        MentionRecord(4, "d3", "person", "H. Marchetti"),
    ]
    (group,) = group_mentions(records)
    assert group.name == "Hélène Marchetti" and sorted(group.mention_ids) == [1, 2, 3, 4]
    why = " | ".join(group.why)
    assert "a mail header gives “Hélène Marchetti” the address" in why
    assert "same words (case, accents or order): Hélène Marchetti = MARCHETTI Hélène" in why
    assert "initials" in why


def test_grouping_is_a_pure_function_of_the_records() -> None:
    records = [
        _header(1, "d1", "Bob Stone", "bob.stone@harbour.example"),
        MentionRecord(2, "d2", "person", "Stone Bob"),
        MentionRecord(3, "d2", "organization", "Harbour Holdings Ltd"),
        MentionRecord(4, "d3", "organization", "Harbour Holdings"),
    ]
    first = group_mentions(records)
    again = group_mentions(list(reversed(records)))
    assert [(g.key, sorted(g.mention_ids), g.why) for g in first] == [
        (g.key, sorted(g.mention_ids), g.why) for g in again
    ]
    company = next(g for g in first if g.type == "organization")
    assert company.why == ["the one company of that name with a legal form"]


def test_role_addresses() -> None:
    for address in (
        "jira@apache.org",
        "noreply@github.com",
        "dev@tika.apache.org",
        "users-owner@lists.example",
        "no-reply@accounts.example",
    ):
        assert is_role_address(address), address
    for address in ("helene.marchetti@cirrolux.example", "bob@harbour.example"):
        assert not is_role_address(address), address


def test_known_names_are_found_in_any_order_but_only_written_as_names() -> None:
    text = (
        "Selon MARCHETTI, Hélène, le virement est fait. H. Marchetti a signé. "
        "Another person said it; Another Person said it too."
    )
    found = list(known_name_mentions(["Hélène Marchetti", "Another Person"], [("d1", text, [])]))
    quotes = [quote for _, _, _, quote in found]
    assert quotes == ["MARCHETTI, Hélène", "H. Marchetti", "Another Person"]
    assert all(text[start:end] == quote for _, start, end, quote in found)
