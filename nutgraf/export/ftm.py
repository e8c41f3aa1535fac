"""FollowTheMoney JSON lines: documents, the people, companies and places they name, each
mention, and the payments a table states (export/payments.py).

Ids are deterministic (the same case exports the same ids): `nutgraf-doc-<sha256>`,
`nutgraf-entity-<entity id>`, `nutgraf-page-<sha256>-<n>`, and for a Mention, which has no
offset property, `nutgraf-mention-<doc id>-<start>-<end>-<entity id>` (`meta-<field>` for a
mail header). The optional sidecar repeats every span with its quote as JSON lines.
Values go through followthemoney's own cleaning; one it refuses is counted in `dropped`,
never written half-clean.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from nutgraf.case import Case
from nutgraf.export.payments import Payment, payments_in
from nutgraf.families import family_of
from nutgraf.model import Document

SCHEMA_BY_FAMILY = {
    "email": "Email",
    "html": "HyperText",
    "text": "PlainText",
    "spreadsheet": "Workbook",
    "archive": "Package",
    "mailbox": "Package",
    "image": "Image",
}
TABLE_TYPES = ("text/csv", "text/tab-separated-values")
ENTITY_SCHEMA = {"person": "Person", "organization": "Organization", "location": "Address"}
MENTION_PROPERTY = {
    "person": "peopleMentioned",
    "organization": "companiesMentioned",
    "location": "locationMentioned",
}
FACT_PROPERTY = {"email": "emailMentioned", "iban": "ibanMentioned", "phone": "phoneMentioned"}
HEADER_ROLES = {"metadata:from": "emitters", "metadata:sender": "emitters"}
_ID_PART = re.compile(r"[^0-9A-Za-z]+")


@dataclass
class Options:
    doc_ids: list[str] | None = None  # None: every document
    body_text: bool = True


@dataclass
class _Run:
    case: Case
    out: IO[str]
    spans: IO[str] | None
    options: Options
    counts: dict[str, int]
    entities: dict[str, dict[str, Any]]  # entity id → what its entity needs


def doc_entity_id(sha256: str) -> str:
    return f"nutgraf-doc-{sha256}"


def entity_entity_id(entity_id: str) -> str:
    return f"nutgraf-entity-{entity_id}"


def document_schema(doc: Document, has_children: bool) -> str:
    """The FollowTheMoney schema for a document: by its type; a container must be a Folder
    (a child's `parent` points at a Folder), so a container of another type becomes one."""
    mime = (doc.mime or "").split(";")[0]
    if mime == "application/pdf":
        schema = "Pages"
    elif mime in TABLE_TYPES:
        schema = "Table"
    elif mime.startswith(("audio/", "video/")):
        schema = "Audio" if mime.startswith("audio/") else "Video"
    else:
        schema = SCHEMA_BY_FAMILY.get(family_of(doc.mime), "Document")
    if has_children and not model.get(schema).is_a("Folder"):  # type: ignore[union-attr]
        schema = "Folder"
    return schema


def export_ftm(
    case: Case, out: IO[str], spans: IO[str] | None = None, options: Options | None = None
) -> dict[str, int]:
    """Write the entities; returns how many of each schema (and `dropped` values)."""
    run = _Run(case, out, spans, options or Options(), {"dropped": 0}, {})
    for doc in _documents(case, run.options.doc_ids):
        _document(run, doc)
    for entity_id, info in run.entities.items():
        _emit(run, _entity(run, entity_id, info))
    return run.counts


def _documents(case: Case, doc_ids: list[str] | None) -> Iterator[Document]:
    """The chosen documents and their containers (so every `parent` link resolves), parents
    first."""
    if doc_ids is None:
        chosen = list(case.store.documents())
    else:
        found = case.store.documents_by_ids(doc_ids)
        pending = [found[i] for i in doc_ids if i in found]
        while pending:
            doc = pending.pop()
            if doc.parent_id and doc.parent_id not in found:
                found[doc.parent_id] = case.store.document(doc.parent_id)
                pending.append(found[doc.parent_id])
        chosen = list(found.values())
    depth: dict[str, int] = {}
    by_id = {doc.id: doc for doc in chosen}

    def level(doc: Document) -> int:
        if doc.id not in depth:
            parent = by_id.get(doc.parent_id or "")
            depth[doc.id] = 0 if parent is None else level(parent) + 1
        return depth[doc.id]

    return iter(sorted(chosen, key=lambda doc: (level(doc), doc.path)))


def _add(run: _Run, proxy: EntityProxy, prop: str, value: Any) -> None:
    """Add values cleaned by followthemoney itself; one it refuses is counted, not written."""
    if value is None or value == "" or value == []:
        return
    prop_type = proxy.schema.properties[prop].type
    for item in value if isinstance(value, list | tuple) else [value]:
        cleaned = prop_type.clean(item if isinstance(item, str) else str(item), proxy=proxy)
        if cleaned is None:
            run.counts["dropped"] += 1
        else:
            proxy.add(prop, cleaned, cleaned=True)


def _emit(run: _Run, proxy: EntityProxy) -> None:
    run.out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    run.counts[proxy.schema.name] = run.counts.get(proxy.schema.name, 0) + 1


def _span(run: _Run, record: dict[str, Any]) -> None:
    if run.spans is not None:
        run.spans.write(json.dumps(record, ensure_ascii=False) + "\n")


def _document(run: _Run, doc: Document) -> None:
    store = run.case.store
    children = store.children(doc.id)
    schema = document_schema(doc, bool(children))
    proxy = model.make_entity(schema)
    proxy.id = doc_entity_id(doc.sha256)
    name = doc.path.rsplit("/", 1)[-1] or doc.id
    _add(run, proxy, "fileName", name)
    _add(run, proxy, "name", name)
    _add(run, proxy, "title", doc.title)
    _add(run, proxy, "mimeType", (doc.mime or "").split(";")[0] or None)
    _add(run, proxy, "fileSize", doc.size)
    if doc.language and doc.language != "und":  # "und" says the language is unknown
        _add(run, proxy, "language", doc.language)
    _add(run, proxy, "date", doc.metadata.get("date"))
    _add(run, proxy, "authoredAt", doc.metadata.get("created"))
    _add(run, proxy, "modifiedAt", doc.metadata.get("modified"))
    _add(run, proxy, "processingError", doc.error)
    if doc.parent_id:
        parent = store.document(doc.parent_id)
        _add(run, proxy, "parent", doc_entity_id(parent.sha256))
    tags, notes = store.document_notes_and_tags(doc.sha256)
    _add(run, proxy, "keywords", tags)
    _add(run, proxy, "notes", notes)
    # text and pages read apart: text_and_pages(most=None) answers '' (substr overflow)
    text, pages = store.text(doc.id), store.pages(doc.id)
    if schema == "Email":
        _email(run, proxy, doc)
    mentions = store.mentions_with_entities(doc.id)
    facts = list(store.facts(doc_id=doc.id))
    for mention in mentions:
        _add(run, proxy, MENTION_PROPERTY[mention["type"]], mention["said"] or mention["name"])
        if schema == "Email" and mention["type"] != "location":
            role = HEADER_ROLES.get(mention["source"])
            if role or mention["source"] in ("metadata:to", "metadata:cc", "metadata:bcc"):
                _add(run, proxy, role or "recipients", entity_entity_id(mention["entity_id"]))
    for fact in facts:
        if fact["kind"] in FACT_PROPERTY:
            _add(run, proxy, FACT_PROPERTY[fact["kind"]], fact["value"])
    if run.options.body_text and text and schema != "Pages":
        _add(run, proxy, "bodyText", text)
    _emit(run, proxy)
    if schema == "Pages" and run.options.body_text:
        _pages(run, doc, text, pages)
    for mention in mentions:
        _mention(run, doc, mention)
    for payment in payments_in(doc.id, text, mentions, facts):
        _payment(run, doc, payment)


def _email(run: _Run, proxy: EntityProxy, doc: Document) -> None:
    metadata = doc.metadata
    _add(run, proxy, "subject", metadata.get("subject") or doc.title)
    for field in ("from", "to", "cc", "bcc"):
        value = metadata.get(field)
        _add(run, proxy, field, value if isinstance(value, list) else value and [value])
    _add(run, proxy, "messageId", metadata.get("message_id") or metadata.get("message-id"))


def _pages(run: _Run, doc: Document, text: str, pages: list[int]) -> None:
    starts = pages or [0]
    for number, start in enumerate(starts, 1):
        end = starts[number] if number < len(starts) else len(text)
        page = model.make_entity("Page")
        page.id = f"nutgraf-page-{doc.sha256}-{number}"
        _add(run, page, "document", doc_entity_id(doc.sha256))
        _add(run, page, "index", number)
        _add(run, page, "bodyText", text[start:end])
        _emit(run, page)
        _span(run, {"id": page.id, "doc_id": doc.id, "start": start, "end": end})


def _mention(run: _Run, doc: Document, mention: dict[str, Any]) -> None:
    entity_id = mention["entity_id"]
    run.entities.setdefault(
        entity_id,
        {"type": mention["type"], "name": mention["name"], "aliases": mention["aliases"]},
    ).setdefault("emails", set()).update([mention["email"]] if mention["email"] else [])
    where = (
        f"{mention['start']}-{mention['end']}"
        if mention["start"] is not None
        else "meta-" + _ID_PART.sub("-", mention["source"].split(":", 1)[-1]).strip("-")
    )
    proxy = model.make_entity("Mention")
    proxy.id = f"nutgraf-mention-{doc.id}-{where}-{entity_id}"
    _add(run, proxy, "document", doc_entity_id(doc.sha256))
    _add(run, proxy, "name", mention["said"] or mention["quote"] or mention["name"])
    _add(run, proxy, "detectedSchema", ENTITY_SCHEMA[mention["type"]])
    if mention["type"] != "location":  # `resolved` is a LegalEntity; a place is not one
        _add(run, proxy, "resolved", entity_entity_id(entity_id))
    _add(run, proxy, "contextEmail", mention["email"])
    _emit(run, proxy)
    _span(
        run,
        {
            "id": proxy.id,
            "doc_id": doc.id,
            "sha256": doc.sha256,
            "entity": entity_entity_id(entity_id),
            "start": mention["start"],
            "end": mention["end"],
            "quote": mention["quote"],
            "source": mention["source"],
        },
    )


def _payment(run: _Run, doc: Document, payment: Payment) -> None:
    proxy = model.make_entity("Payment")
    proxy.id = f"nutgraf-payment-{doc.id}-{payment.row_start}-{payment.row_end}"
    _add(run, proxy, "payer", entity_entity_id(payment.payer["entity_id"]))
    _add(run, proxy, "beneficiary", entity_entity_id(payment.beneficiary["entity_id"]))
    _add(run, proxy, "amount", payment.amount["value"])
    _add(run, proxy, "currency", payment.amount.get("currency"))
    _add(run, proxy, "date", payment.date and payment.date["value"])
    _add(run, proxy, "proof", doc_entity_id(doc.sha256))
    _emit(run, proxy)
    spans = {
        role: {"start": part["start"], "end": part["end"], "quote": part["quote"]}
        for role, part in (
            ("payer", payment.payer),
            ("beneficiary", payment.beneficiary),
            ("amount", payment.amount),
            ("date", payment.date),
        )
        if part is not None
    }
    _span(
        run,
        {"id": proxy.id, "doc_id": doc.id, "start": payment.row_start, "end": payment.row_end}
        | spans,
    )


def _entity(run: _Run, entity_id: str, info: dict[str, Any]) -> EntityProxy:
    proxy = model.make_entity(ENTITY_SCHEMA[info["type"]])
    proxy.id = entity_entity_id(entity_id)
    _add(run, proxy, "name", info["name"])
    if info["type"] == "location":
        _add(run, proxy, "full", info["name"])
        return proxy
    emails = set(info.get("emails") or ())
    for alias in info["aliases"]:
        if "@" in alias and " " not in alias:
            emails.add(alias)
        else:
            _add(run, proxy, "alias", alias)
    _add(run, proxy, "email", sorted(emails))
    return proxy
