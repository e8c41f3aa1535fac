"""The statements of team access, as methods of every store (SqlStore mixes this in): users,
API tokens, sessions, failed logins and the audit log. Hashing, roles and the chain's rule
live in nutgraf/access/; this module only keeps and finds the rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from nutgraf.model import AuditEntry, Login
from nutgraf.store.database import Connection, limit_of

# The chain's rule (access/audit.py): an entry's hash from the one before and its own fields.
EntryHash = Callable[[str, int, str, str, str, str, str], str]
GENESIS = "0" * 64


class AccessStore:
    db: Connection

    # -- users --
    def has_users(self) -> bool:
        return self.db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def add_user(self, name: str, role: str, password_hash: str, at: str) -> bool:
        """False when the name is taken."""
        with self.db:
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO users (name, role, password, created_at) "
                "VALUES (?, ?, ?, ?)",
                (name, role, password_hash, at),
            )
        return cursor.rowcount == 1

    def user(self, name: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT name, role, password, created_at FROM users WHERE name = ?", (name,)
        ).fetchone()
        return dict(row) if row else None

    def users(self) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT users.name, users.role, users.created_at, "
            "(SELECT COUNT(*) FROM api_tokens WHERE api_tokens.user_name = users.name) AS tokens "
            "FROM users ORDER BY users.name"
        ).fetchall()
        return [dict(row) for row in rows]

    def set_password(self, name: str, password_hash: str) -> bool:
        """A new password also ends every session of the user (they log in again)."""
        with self.db:
            cursor = self.db.execute(
                "UPDATE users SET password = ? WHERE name = ?", (password_hash, name)
            )
            self.db.execute("DELETE FROM sessions WHERE user_name = ?", (name,))
        return cursor.rowcount == 1

    def set_role(self, name: str, role: str) -> bool:
        with self.db:
            cursor = self.db.execute("UPDATE users SET role = ? WHERE name = ?", (role, name))
        return cursor.rowcount == 1

    def remove_user(self, name: str) -> bool:
        """The user, their sessions and their tokens; what they did stays in the audit log."""
        with self.db:
            cursor = self.db.execute("DELETE FROM users WHERE name = ?", (name,))
            self.db.execute("DELETE FROM sessions WHERE user_name = ?", (name,))
            self.db.execute("DELETE FROM api_tokens WHERE user_name = ?", (name,))
        return cursor.rowcount == 1

    def admins(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM users WHERE role = 'admin'").fetchone()[0])

    # -- API tokens --
    def add_token(self, token_id: str, user: str, digest: str, label: str, at: str) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO api_tokens (id, user_name, digest, label, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (token_id, user, digest, label, at),
            )

    def tokens(self, user: str | None = None) -> list[dict[str, Any]]:
        where, values = ("WHERE user_name = ?", (user,)) if user is not None else ("", ())
        rows = self.db.execute(
            "SELECT id, user_name AS user, label, created_at FROM api_tokens "
            f"{where} ORDER BY created_at, id",
            values,
        ).fetchall()
        return [dict(row) for row in rows]

    def remove_token(self, token_id: str) -> bool:
        with self.db:
            cursor = self.db.execute("DELETE FROM api_tokens WHERE id = ?", (token_id,))
        return cursor.rowcount == 1

    def login_by_token(self, digest: str) -> Login | None:
        row = self.db.execute(
            "SELECT users.name, users.role, api_tokens.id FROM api_tokens "
            "JOIN users ON users.name = api_tokens.user_name WHERE api_tokens.digest = ?",
            (digest,),
        ).fetchone()
        return Login(row[0], row[1], csrf=None, via=f"token {row[2]}") if row else None

    # -- sessions --
    def add_session(self, digest: str, user: str, csrf: str, at: str) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO sessions (digest, user_name, csrf, created_at, seen_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (digest, user, csrf, at, at),
            )

    def login_by_session(self, digest: str, idle_since: str, born_since: str) -> Login | None:
        """The session's user, unless it has been idle since before `idle_since` or began
        before `born_since` (then it is removed)."""
        row = self.db.execute(
            "SELECT users.name, users.role, sessions.csrf, sessions.seen_at, sessions.created_at "
            "FROM sessions JOIN users ON users.name = sessions.user_name "
            "WHERE sessions.digest = ?",
            (digest,),
        ).fetchone()
        if row is None:
            return None
        if row[3] < idle_since or row[4] < born_since:
            self.remove_session(digest)
            return None
        return Login(row[0], row[1], csrf=row[2], via="session", seen_at=row[3])

    def touch_session(self, digest: str, at: str) -> None:
        with self.db:
            self.db.execute("UPDATE sessions SET seen_at = ? WHERE digest = ?", (at, digest))

    def remove_session(self, digest: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM sessions WHERE digest = ?", (digest,))

    # -- failed logins --
    def login_failures(self, name: str) -> tuple[int, str | None]:
        row = self.db.execute(
            "SELECT failures, locked_until FROM login_failures WHERE name = ?", (name,)
        ).fetchone()
        return (int(row[0]), row[1]) if row else (0, None)

    def record_login_failure(self, name: str, failures: int, locked_until: str | None) -> None:
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO login_failures (name, failures, locked_until) "
                "VALUES (?, ?, ?)",
                (name, failures, locked_until),
            )

    def clear_login_failures(self, name: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM login_failures WHERE name = ?", (name,))

    # -- the audit log --
    def append_audit(
        self, at: str, user: str, action: str, object_: str, detail: str, chain: EntryHash
    ) -> AuditEntry:
        """Append one entry after the head, in one transaction that first takes the head's
        row (UPDATE before SELECT), so that writers on any machine queue up behind it."""
        with self.db:
            self.db.execute(
                "INSERT OR IGNORE INTO audit_head (id, seq, hash) VALUES (1, 0, ?)", (GENESIS,)
            )
            self.db.execute("UPDATE audit_head SET seq = seq WHERE id = 1")
            head = self.db.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
            seq, prev = int(head[0]) + 1, head[1]
            digest = chain(prev, seq, at, user, action, object_, detail)
            self.db.execute(
                "INSERT INTO audit_log (seq, at, user_name, action, object, detail, prev, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (seq, at, user, action, object_, detail, prev, digest),
            )
            self.db.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (seq, digest))
        return AuditEntry(seq, at, user, action, object_, detail, prev, digest)

    def audit_entries(
        self, user: str | None = None, limit: int | None = None, newest_first: bool = False
    ) -> Iterator[AuditEntry]:
        order = "DESC" if newest_first else "ASC"
        where, values = ("WHERE user_name = ?", (user,)) if user is not None else ("", ())
        rows = self.db.execute(
            "SELECT seq, at, user_name, action, object, detail, prev, hash FROM audit_log "
            f"{where} ORDER BY seq {order} LIMIT ?",
            (*values, limit_of(limit)),
        )
        for row in rows:
            yield AuditEntry(*(row[i] for i in range(8)))

    def audit_head(self) -> tuple[int, str]:
        row = self.db.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
        return (int(row[0]), row[1]) if row else (0, GENESIS)
