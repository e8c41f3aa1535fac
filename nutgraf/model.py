"""The value objects that flow between the pipeline, the store and the API."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Fact:
    """A fact stated in a document's text: `quote == text[start:end]` always.

    `value` is normalised per kind: money → float in the currency's unit, percent → float
    (35 for 35 %), quantity → float (with `unit`), date → ISO 'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY'
    (with `precision` 'day' | 'month' | 'year'), email → lower-cased address, phone → E.164,
    iban → compact upper-case, url → the URL as written.

    A date the text does not settle carries `ambiguous=True` and `alternative` (the other
    reading, same format); a date written in another calendar keeps the Gregorian `value`
    and names that calendar in `calendar` ('hijri' | 'solar_hijri' | 'hebrew'). A money
    amount introduced as a part of another ("12 M€, dont 1,2 M€") has `part_of`: the start
    offset of the whole it belongs to, so totals do not add it twice.
    """

    kind: str
    start: int
    end: int
    quote: str
    value: Any
    currency: str | None = None
    unit: str | None = None
    precision: str | None = None
    ambiguous: bool = False
    alternative: str | None = None
    calendar: str | None = None
    part_of: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Mention:
    """A named entity mentioned in a document (span into its text, or a metadata field)."""

    type: str  # person | organization | location
    name: str
    start: int | None = None  # None when the mention comes from metadata (e.g. a mail header)
    end: int | None = None
    quote: str = ""
    source: str = "text"  # text | metadata:<field> | column:<header>
    email: str | None = None


@dataclass
class Document:
    id: str
    sha256: str
    path: str
    parent_id: str | None
    mime: str
    size: int
    language: str | None = None
    title: str | None = None
    text_length: int = 0
    error: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    # [{language, start, end}]: one entry for a text in one language, one per section for a
    # text in several, none when the language is undetermined (`und`) or unknown
    languages: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class WordBox:
    """Where a word of the text sits on its page: text offsets and the page fraction it covers.

    `start`/`end` index the document's text; x0, y0 (top left) and x1, y1 (bottom right) are
    fractions (0-1) of the page's width and height as it is shown, upright. OCR gives these;
    a PDF's text layer is measured when a page is shown, so nothing is stored for it.
    """

    page: int  # 1-based
    start: int
    end: int
    x0: float
    y0: float
    x1: float
    y1: float


# -- entity resolution: what it reads, what it decides, what a reviewer said --


@dataclass(frozen=True)
class MentionRecord:
    """One mention as resolution sees it: its name (or address) and where it comes from."""

    mention_id: int
    doc_id: str
    type: str
    name: str
    email: str | None = None
    source: str = "text"


@dataclass
class Group:
    """The mentions that name one entity, with the evidence for each merge."""

    key: str  # the best key: the entity id is derived from it
    type: str
    name: str
    aliases: list[str]
    mention_ids: list[int]
    why: list[str] = field(default_factory=list)  # the evidence for each merge, in words


@dataclass(frozen=True)
class ReviewRule:
    """A reviewer's correction of resolution: reject, retype, split, merge or rename."""

    id: int
    action: str
    keys: frozenset[str]
    apart: frozenset[str] = frozenset()
    value: str = ""  # rename: the name shown; retype: the new type


@dataclass(frozen=True)
class Login:
    """Who a request comes from: a user of the case, by session cookie or API token."""

    user: str
    role: str  # admin | editor | reader
    csrf: str | None  # the session's form token; None for a token (no cookie to forge)
    via: str  # "session" or "token <id>"
    seen_at: str = ""


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log; `hash` covers the fields and `prev`, the hash before it."""

    seq: int
    at: str
    user: str
    action: str
    object: str
    detail: str  # JSON
    prev: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
