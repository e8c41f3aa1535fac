"""Named entities: the people and organisations a document names.

From metadata now: each sender and recipient of a mail is a person (or an organisation, when
the display name says so) with their address. Mentions in the text come from the NER step.
"""

from __future__ import annotations

import re
from typing import Any

from nutgraf.analyze._org_words import names_organisation
from nutgraf.model import Mention

MAIL_ROLES = ("from", "to", "cc", "bcc")
ORGANISATION_WORDS = re.compile(
    r"\b(inc|ltd|llc|gmbh|sarl|sas|sa|ag|bv|nv|plc|corp|corporation|company|co|group|bank|"
    r"ministry|ministère|ministerio|université|university|foundation|fondation|association|"
    r"team|support|service|services|newsletter|noreply|no-reply)\b\.?",
    re.IGNORECASE,
)


def mentions_from_metadata(metadata: dict[str, Any]) -> list[Mention]:
    mentions: list[Mention] = []
    for role in MAIL_ROLES:
        for party in metadata.get(f"{role}_addresses") or []:
            mention = _party(party, role)
            if mention is not None:
                mentions.append(mention)
    return mentions


def _party(party: Any, role: str) -> Mention | None:
    if not isinstance(party, dict):
        return None
    email = (party.get("email") or "").strip().lower() or None
    name = " ".join(str(party.get("name") or "").replace('"', " ").split())
    if not name and not email:
        return None
    if not name and email and _is_role_address(email):
        return None  # `dev@tika.apache.org` alone: a list or a role names nobody
    shown = name or (email or "")
    organisation = ORGANISATION_WORDS.search(shown) or names_organisation(name)
    kind = "organization" if organisation else "person"
    return Mention(
        type=kind,
        name=shown,
        quote=f"{name} <{email}>" if name and email else shown,
        source=f"metadata:{role}",
        email=email,
    )


def _is_role_address(email: str) -> bool:
    from nutgraf.analyze.resolve import is_role_address  # resolve.py keeps the one list

    return is_role_address(email)
