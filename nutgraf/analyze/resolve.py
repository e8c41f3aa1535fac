"""Resolution across documents: one entity for every way a case writes one person or company.

`group_mentions` is a pure function from mention records to groups, each with the evidence
for every merge (`why`); `nutgraf.entities.resolve_entities` runs it over a case after each
ingest. Evidence, in order:

- the same words whatever their case, accents or order: `Hélène Marchetti`, `MARCHETTI Hélène`
  and `helene marchetti` are one key;
- a mail header pairing a display name with an address joins the two, unless the address is
  shared: a role, list or bot address (`jira@`, `noreply@`, `dev@lists…`), or one that the
  case pairs with names that cannot be one person (`Julien Nioche (JIRA)` and `Gary Murphy
  (JIRA)` both <jira@apache.org>): such an address joins nobody;
- an address alone joins a name whose words are exactly its local part
  (`helene.marchetti@…` → `Hélène Marchetti`);
- initials: `H. Marchetti` (or `h.marchetti@…`) joins `Hélène Marchetti` only when that is the
  one person of the case with surname Marchetti and a first name starting with H;
- companies: the legal form is normalised (`S.A.` = `SA`, `Limited` = `Ltd`); a name without a
  legal form joins the one company of that name that has one, never two.

A bare surname never joins anyone. Entity ids are derived from each group's best key, so the
same case content always gives the same ids; every name seen is kept among the aliases.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from nutgraf.analyze import review
from nutgraf.analyze._names import name_tokens
from nutgraf.analyze._names import words as _words
from nutgraf.analyze.entity_keys import name_keys
from nutgraf.model import Group, MentionRecord, ReviewRule

_LOCAL_PART_SPLIT = re.compile(r"[._\-+]+")
# Local parts of addresses that stand for a role, a list or a program, never one person.
ROLE_LOCAL_PARTS = frozenset(
    _words(
        "noreply no-reply no_reply donotreply do-not-reply do_not_reply mailer-daemon postmaster "
        "bounce bounces notification notifications notify jira bugzilla github gitlab jenkins "
        "build builds buildbot ci git svn cvs commits commit issues issue dev devel developers "
        "users user announce list lists listserv majordomo mailman owner root news newsletter "
        "info contact contacts admin administrator webmaster support help helpdesk sales team "
        "hello office press media marketing billing accounts invoices service services "
        "security abuse alerts alert reports report digest updates robot bot daemon"
    )
)
_ROLE_TAILS = ("-owner", "-request", "-bounces", "-help", "-subscribe", "-unsubscribe")


class _Groups:
    """Union-find over keys; the smaller key is the root, so results do not depend on order.

    A reviewer's split tags keys with sides; evidence never joins two sides of one split."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.reasons: list[tuple[str, str, str]] = []
        self.sides: dict[str, set[tuple[int, int]]] = {}  # root → its keys' split sides

    def add(self, key: str, sides: set[tuple[int, int]] | None = None) -> None:
        self.parent.setdefault(key, key)
        if sides:
            self.sides.setdefault(self.find(key), set()).update(sides)

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str, why: str, force: bool = False) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        sides_a, sides_b = self.sides.get(root_a, set()), self.sides.get(root_b, set())
        if not force and any((rule, 1 - side) in sides_b for rule, side in sides_a):
            return  # a reviewer split these apart
        low, high = sorted((root_a, root_b))
        self.parent[high] = low
        self.sides[low] = sides_a | sides_b
        self.sides.pop(high, None)
        self.reasons.append((a, b, why))


def group_mentions(
    records: list[MentionRecord], rules: list[ReviewRule] | None = None
) -> list[Group]:
    """Mentions → entities: who is who, with the evidence for each merge. A reviewer's
    split, merge and rename rules are applied (reject and retype: `review.screen`)."""
    rules = rules or []
    groups = _Groups()
    keys_of: dict[int, list[str]] = {}
    for record in records:
        keys_of[record.mention_id] = name_keys(record)
        for key in keys_of[record.mention_id]:
            groups.add(key, review.split_sides(rules, key))
    shared = shared_addresses(records)
    for record in records:
        keys = keys_of[record.mention_id]
        if record.email and (not keys or record.email not in shared):
            address_key = f"email:{record.type}:{record.email}"
            groups.add(address_key)
            keys.append(address_key)
            if len(keys) > 1:
                groups.union(
                    keys[0],
                    address_key,
                    f"a mail header gives “{record.name}” the address {record.email}",
                )
    _join_addresses_to_names(groups)
    _join_initials(groups)
    _join_bare_companies(groups)
    _join_as_reviewed(groups, rules, records)
    members: dict[str, list[MentionRecord]] = defaultdict(list)
    for record in records:
        members[groups.find(keys_of[record.mention_id][0])].append(record)
    keys_by_root: dict[str, list[str]] = defaultdict(list)
    for key in groups.parent:
        keys_by_root[groups.find(key)].append(key)
    reasons: dict[str, list[str]] = defaultdict(list)
    for a, _, reason in groups.reasons:
        reasons[groups.find(a)].append(reason)
    return [
        _group(
            rows, keys_by_root[root], reasons[root], review.renamed(rules, set(keys_by_root[root]))
        )
        for root, rows in sorted(members.items())
    ]


def _join_as_reviewed(
    groups: _Groups, rules: list[ReviewRule], records: list[MentionRecord]
) -> None:
    """A reviewer's merges: every mention with one of the rule's names, into one entity."""
    seen = {review.record_key(record) for record in records} & set(groups.parent)
    for rule in review.merges(rules):
        present = sorted(seen & rule.keys)
        for key in present[1:]:
            groups.union(present[0], key, f"merged by a reviewer (rule {rule.id})", force=True)


def is_role_address(email: str) -> bool:
    """`jira@apache.org`, `noreply@…`, `dev-owner@…`: a role, list or program, not a person."""
    local = email.rsplit("@", 1)[0].lower()
    if local in ROLE_LOCAL_PARTS or local.endswith(_ROLE_TAILS):
        return True
    return any(part in ROLE_LOCAL_PARTS for part in re.split(r"[.+]", local) if part)


def shared_addresses(records: list[MentionRecord]) -> set[str]:
    """Addresses that join no names: role addresses, and those given to different people."""
    names: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for record in records:
        if record.email:
            words = tuple(sorted(w for w in name_tokens(record.name) if "@" not in record.name))
            if words:
                names[record.email].add(words)
    shared = {email for email in names if is_role_address(email)}
    for email, variants in names.items():
        if any(not _compatible(a, b) for a in variants for b in variants if a < b):
            shared.add(email)
    return shared


def _compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Could two names be one person's? Same words, or one's initials fit the other's words."""
    if a == b:
        return True
    for short, full in ((a, b), (b, a)):
        initials = [w for w in short if len(w) == 1]
        surnames = [w for w in short if len(w) > 1]
        if initials and surnames and _fits(initials, surnames, list(full)):
            return True
    return False


def _person_names(groups: _Groups) -> dict[str, list[str]]:
    """Words of each person name key → that key (full words only, no initials)."""
    return {
        key: key.split(":", 1)[1].split()
        for key in groups.parent
        if key.startswith("person:")
        and " @" not in key
        and all(len(w) > 1 for w in key.split(":", 1)[1].split())
    }


def _local_words(key: str) -> list[str]:
    local = key.rsplit("@", 1)[0].split(":")[-1]
    return [w for w in _LOCAL_PART_SPLIT.split(local) if w]


def _join_addresses_to_names(groups: _Groups) -> None:
    by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key, words in _person_names(groups).items():
        if len(words) >= 2:
            by_words[tuple(sorted(words))].append(key)
    for key in list(groups.parent):
        if not key.startswith("email:person:") or is_role_address(key.split(":")[-1]):
            continue
        spelled = tuple(sorted(_local_words(key)))
        if len(spelled) >= 2 and len(by_words.get(spelled, [])) == 1:
            address = key.split(":", 2)[-1]
            groups.union(key, by_words[spelled][0], f"the address {address} spells the name")


def _join_initials(groups: _Groups) -> None:
    """`H. Marchetti` joins the one Marchetti whose first name starts with H, if one only."""
    full = _person_names(groups)
    for key in list(groups.parent):
        short = _initials_and_surnames(key)
        if short is None:
            continue
        initials, surnames = short
        matches = {
            groups.find(candidate)
            for candidate, words in full.items()
            if _fits(initials, surnames, words)
        }
        if len(matches) == 1:
            shown = " ".join(f"{i.upper()}." for i in initials) + " " + " ".join(surnames)
            groups.union(
                key, matches.pop(), f"initials: “{shown}” fits one person of the case only"
            )


def _initials_and_surnames(key: str) -> tuple[list[str], list[str]] | None:
    if key.startswith("person:"):
        words = key.split(":", 1)[1].split()
    elif key.startswith("email:person:") and not is_role_address(key.split(":")[-1]):
        words = _local_words(key)
    else:
        return None
    initials = [w for w in words if len(w) == 1]
    surnames = [w for w in words if len(w) > 1]
    if not initials or not surnames:
        return None
    return initials, surnames


def _fits(initials: list[str], surnames: list[str], words: list[str]) -> bool:
    rest = list(words)
    for surname in surnames:
        if surname not in rest:
            return False
        rest.remove(surname)
    return len(rest) >= len(initials) and all(
        any(word.startswith(initial) for word in rest) for initial in initials
    )


def _join_bare_companies(groups: _Groups) -> None:
    formed: dict[str, set[str]] = defaultdict(set)
    for key in groups.parent:
        if key.startswith("organization:") and not key.endswith("|"):
            formed[key.split(":", 1)[1].rsplit("|", 1)[0]].add(groups.find(key))
    for key in list(groups.parent):
        if key.startswith("organization:") and key.endswith("|"):
            roots = formed.get(key.split(":", 1)[1][:-1], set())
            if len(roots) == 1:
                groups.union(
                    key,
                    next(iter(roots)),
                    "the one company of that name with a legal form",
                )


# -------------------------------------------------------------------------- groups


def _group(
    rows: list[MentionRecord], keys: list[str], reasons: list[str], renamed: str | None
) -> Group:
    name, aliases = _names(rows)
    if renamed and renamed != name:
        aliases = sorted({*aliases, name} - {renamed})
        name = renamed
        reasons = [*reasons, "named by a reviewer"]
    why = list(reasons)
    for surfaces in _variants_by_key(rows):
        why.append("same words (case, accents or order): " + " = ".join(surfaces))
    return Group(
        key=_best_key(keys),
        type=rows[0].type,
        name=name,
        aliases=aliases,
        mention_ids=[row.mention_id for row in rows],
        why=sorted(set(why)),
    )


def _variants_by_key(rows: list[MentionRecord]) -> list[list[str]]:
    """Names written differently that have the same words (`MARCHETTI Hélène`)."""
    by_key: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        keys = name_keys(row)
        if keys and row.name and "@" not in row.name:
            by_key[keys[0]].add(" ".join(row.name.split()))
    return [sorted(names) for names in by_key.values() if len(names) > 1]


def _best_key(keys: list[str]) -> str:
    """The most complete name's key; an address only when no name is known."""

    def rank(key: str) -> tuple[int, int, str]:
        words = key.split(":", 1)[1].split()
        return (key.startswith("email:"), -sum(len(w) > 1 for w in words), key)

    return min(keys, key=rank)


def _names(rows: list[MentionRecord]) -> tuple[str, list[str]]:
    counts = Counter(row.name for row in rows if row.name)
    emails = sorted({row.email for row in rows if row.email})

    def rank(name: str) -> tuple[int, int, int, int, str]:
        return (
            "@" in name,
            name.isupper(),
            -len([w for w in name_tokens(name) if len(w) > 1]),
            -counts[name],
            name,
        )

    ordered = sorted(counts, key=rank)
    name = ordered[0] if ordered else (emails[0] if emails else "")
    aliases = [alias for alias in sorted({*ordered, *emails}) if alias != name]
    return name, aliases
