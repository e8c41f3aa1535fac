"""Stable ids: a document's comes from its content, an entity's from its type and key."""

from __future__ import annotations

import hashlib

ID_LENGTH = 16  # hex digits of the sha256: unique in any real case, short enough to type


def doc_id_for(sha256: str) -> str:
    return sha256[:ID_LENGTH]


def entity_id_for(type_: str, key: str) -> str:
    return type_[0] + hashlib.sha256(f"{type_}:{key}".encode()).hexdigest()[:15]
