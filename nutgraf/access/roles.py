"""The three roles, each allowed what the one before is and more: a reader searches and reads;
an editor also tags, notes and reviews entities; an admin also ingests, retries, manages
users and reads the audit log."""

from __future__ import annotations

from nutgraf.errors import BadInput

ROLES = ("reader", "editor", "admin")


def checked_role(role: str) -> str:
    if role not in ROLES:
        raise BadInput(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return role


def allows(role: str, needed: str) -> bool:
    """Whether a user of `role` may do what asks for `needed`."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)
