"""Mail conversations: which messages answer which, from their headers and subjects.

Pure functions, no store: `thread_ids` takes what the mail headers said and returns a
thread id per document. Links come first from Message-ID, In-Reply-To and References
(the JWZ idea without its tree: a union of every message with the ones it names); a
mail whose headers link nothing joins a thread with the same normalised subject when they
share a participant (a forwarded mail or a client that drops References).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

# Reply and forward prefixes in the languages of the leaks seen: "Re:", "RE :", "Fwd:",
# "AW:" (German), "TR:" (French transfert), "SV:" (Nordic), "WG:" (German weitergeleitet),
# "RV:" (Spanish), "Réf.", with a counter "Re[2]:" or "Re(2):", and list tags "[team]".
_PREFIX = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|tr|sv|vs|wg|rv|enc|antw|odp|r)\s*"
    r"(?:\[\d+\]|\(\d+\))?\s*[:：]|\[[^\]]{1,40}\])\s*",
    re.IGNORECASE,
)
_REPLY = re.compile(r"^\s*(?:re|aw|sv|vs|antw|odp|r|rv)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]", re.I)
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
# Subjects too common to say two mails belong together on their own.
_GENERIC = frozenset({"", "hi", "hello", "bonjour", "hallo", "test", "update", "fyi", "question"})


def normalised_subject(subject: str | None) -> str:
    """The subject without reply/forward prefixes and list tags, folded and spaced once."""
    text = " ".join((subject or "").split())
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return " ".join(text.casefold().split())


def instant(date: str | None) -> datetime:
    """A mail date as a UTC instant for ordering (ISO text compares wrong across time zones);
    an unknown date sorts last."""
    try:
        moment = datetime.fromisoformat(str(date or ""))
    except ValueError:
        return datetime.max.replace(tzinfo=UTC)
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_reply(subject: str | None) -> bool:
    return bool(_REPLY.match(subject or ""))


def message_ids(value: str | list[str] | None) -> list[str]:
    """Message-IDs in a header value ('<a@b> <c@d>' or a list), lower-cased, in order."""
    if not value:
        return []
    text = " ".join(value) if isinstance(value, list) else str(value)
    found = _MESSAGE_ID.findall(text)
    if not found and text.strip() and " " not in text.strip():
        found = [f"<{text.strip().strip('<>')}>"]  # written without angle brackets
    return [item.lower() for item in found]


@dataclass(frozen=True)
class MailHeaders:
    """What threading needs of one mail (from the document's metadata)."""

    doc_id: str
    date: str = ""  # ISO 8601, '' when unknown
    subject: str = ""
    message_id: str = ""
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    participants: frozenset[str] = field(default_factory=frozenset)  # lower-cased addresses


def headers_from_metadata(doc_id: str, metadata: dict) -> MailHeaders:
    own = message_ids(metadata.get("message_id"))
    people: set[str] = set()
    for name in ("from", "to", "cc", "bcc"):
        for entry in metadata.get(f"{name}_addresses") or []:
            address = str(entry.get("email") or "").strip().lower()
            if address:
                people.add(address)
    return MailHeaders(
        doc_id=doc_id,
        date=str(metadata.get("date") or ""),
        subject=str(metadata.get("subject") or metadata.get("title") or ""),
        message_id=own[0] if own else "",
        in_reply_to=tuple(message_ids(metadata.get("in_reply_to"))),
        references=tuple(message_ids(metadata.get("references"))),
        participants=frozenset(people),
    )


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:  # path compression keeps later finds short
            self.parent[key], key = root, self.parent[key]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def thread_ids(mails: Iterable[MailHeaders]) -> dict[str, str]:
    """{doc_id: thread_id}; the thread id is the doc id of its earliest mail (date, then id)."""
    mails = list(mails)
    union = _Union()
    linked: set[str] = set()
    for mail in mails:
        node = f"d:{mail.doc_id}"
        union.find(node)
        named = [mail.message_id] if mail.message_id else []
        named += list(mail.in_reply_to) + list(mail.references)
        for message_id in named:
            union.join(node, f"m:{message_id}")
        if mail.in_reply_to or mail.references:
            linked.add(mail.doc_id)
    _join_by_subject(mails, union, linked)
    groups: dict[str, list[MailHeaders]] = {}
    for mail in mails:
        groups.setdefault(union.find(f"d:{mail.doc_id}"), []).append(mail)
    found: dict[str, str] = {}
    for members in groups.values():
        first = min(members, key=lambda m: (instant(m.date), m.doc_id))
        found.update({m.doc_id: first.doc_id for m in members})
    return found


def _join_by_subject(mails: list[MailHeaders], union: _Union, linked: set[str]) -> None:
    """The fallback: a mail whose headers name no other message joins the thread of a mail
    with the same normalised subject that shares a participant with it."""
    by_subject: dict[str, list[MailHeaders]] = {}
    for mail in mails:
        subject = normalised_subject(mail.subject)
        if subject not in _GENERIC and len(subject) >= 4:
            by_subject.setdefault(subject, []).append(mail)
    for members in by_subject.values():
        if len(members) < 2:
            continue
        for i, mail in enumerate(members):
            if mail.doc_id in linked and not is_reply(mail.subject):
                continue
            for other in members[:i]:
                if mail.participants & other.participants:
                    union.join(f"d:{mail.doc_id}", f"d:{other.doc_id}")


# ---------------------------------------------------------------------- quoted parts

_ATTRIBUTION = re.compile(
    r"^\s*(?:On\b.{0,200}\bwrote\s*:|Le\b.{0,200}\ba\s+écrit\s*:|Am\b.{0,200}\bschrieb.{0,60}:"
    r"|El\b.{0,200}\bescribió\s*:|-{2,}\s*(?:Original Message|Message d'origine|"
    r"Ursprüngliche Nachricht|Mensaje original|Forwarded message|Message transféré)\s*-{2,})\s*$",
    re.IGNORECASE,
)


def fold_quotes(body: str) -> list[tuple[str, str]]:
    """The body cut into ('text', …) and ('quote', …) parts, which join back to `body`.

    A quote is a run of `>` lines, or an attribution line ("On … wrote:", "Le … a écrit :",
    "-----Original Message-----") and everything after it: what the mail repeats of earlier
    ones, which a thread view folds away.
    """
    lines = body.splitlines(keepends=True)
    parts: list[tuple[str, str]] = []
    for index, line in enumerate(lines):
        if _ATTRIBUTION.match(line) or _joined_attribution(lines, index):
            _append(parts, "quote", "".join(lines[index:]))
            return parts
        kind = "quote" if line.lstrip().startswith(">") else "text"
        if kind == "text" and not line.strip() and parts and parts[-1][0] == "quote":
            kind = "quote"  # a blank line inside a quoted run stays with it
        _append(parts, kind, line)
    return parts


def _joined_attribution(lines: list[str], index: int) -> bool:
    """'On Mon, 3 Jun 2024, Ana <ana@x>' wrapped onto a second line ending 'wrote:'."""
    if index + 1 >= len(lines) or not re.match(r"^\s*(On|Le)\b", lines[index]):
        return False
    return bool(_ATTRIBUTION.match(lines[index].rstrip("\r\n") + " " + lines[index + 1]))


def _append(parts: list[tuple[str, str]], kind: str, text: str) -> None:
    if parts and parts[-1][0] == kind:
        parts[-1] = (kind, parts[-1][1] + text)
    else:
        parts.append((kind, text))
