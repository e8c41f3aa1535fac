"""Logging in: passwords checked with a slowdown and then a lock after failures in a row,
sessions kept server-side by the hash of their cookie, and API tokens looked up by theirs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from nutgraf.access import audit
from nutgraf.access.credentials import digest, new_secret, password_matches
from nutgraf.errors import LockedOut
from nutgraf.model import Login
from nutgraf.store.sql import SqlStore


@dataclass(frozen=True)
class LoginPolicy:
    slow_after: int = 3  # failures in a row before each answer is slowed
    delay_seconds: float = 1.0  # the first slowed answer's wait; it doubles, up to 8 s
    lock_after: int = 10  # failures in a row that lock the name
    lock_minutes: float = 15.0
    idle_hours: float = 8.0  # a session unused this long ends
    longest_days: float = 7.0  # and none lasts longer

    def delay(self, failures: int) -> float:
        if failures < self.slow_after:
            return 0.0
        return min(self.delay_seconds * 2 ** (failures - self.slow_after), 8.0)


@dataclass(frozen=True)
class Attempt:
    login: Login | None  # None: refused
    delay: float  # how long to wait before answering a refusal


def _at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Pending:
    """A login under way: the user row (None for an unknown name) and the failures so far."""

    name: str
    user: dict[str, Any] | None
    failures: int

    @property
    def stored_hash(self) -> str | None:
        return self.user["password"] if self.user else None


def begin_attempt(store: SqlStore, name: str) -> Pending:
    """The first step of a login; raises LockedOut while the name is locked."""
    moment = datetime.now(UTC)
    failures, locked_until = store.login_failures(name)
    if locked_until and locked_until > _at(moment):
        audit.record(store, name, "login.locked")
        raise LockedOut(
            f"too many failed logins for {name!r}: locked until {locked_until[11:16]} UTC"
        )
    if locked_until:  # the lock has run out: start counting again
        failures = 0
    return Pending(name, store.user(name), failures)


def end_attempt(store: SqlStore, pending: Pending, matched: bool, policy: LoginPolicy) -> Attempt:
    """The last step, once the password was checked against `pending.stored_hash`."""
    if matched and pending.user:
        store.clear_login_failures(pending.name)
        login = Login(pending.user["name"], pending.user["role"], csrf=None, via="password")
        return Attempt(login, 0.0)
    failures = pending.failures + 1
    lock = None
    if failures >= policy.lock_after:
        lock = _at(datetime.now(UTC) + timedelta(minutes=policy.lock_minutes))
    store.record_login_failure(pending.name, failures, lock)
    audit.record(store, pending.name, "login.failed", failures=failures, locked=lock is not None)
    return Attempt(None, policy.delay(failures))


def try_password(store: SqlStore, name: str, password: str, policy: LoginPolicy) -> Attempt:
    """A whole login in one call; the web does the three steps apart, so that the slow hash
    (~0.1 s, on purpose) runs off its event loop."""
    pending = begin_attempt(store, name)
    return end_attempt(store, pending, password_matches(pending.stored_hash, password), policy)


def open_session(store: SqlStore, name: str) -> tuple[str, str]:
    """A new session for `name`: (the cookie's value, the session's form token)."""
    cookie, csrf = new_secret(), new_secret()
    store.add_session(digest(cookie), name, csrf, audit.now())
    audit.record(store, name, "login")
    return cookie, csrf


def session_login(store: SqlStore, cookie: str, policy: LoginPolicy) -> Login | None:
    moment = datetime.now(UTC)
    key = digest(cookie)
    idle_since = _at(moment - timedelta(hours=policy.idle_hours))
    born_since = _at(moment - timedelta(days=policy.longest_days))
    login = store.login_by_session(key, idle_since, born_since)
    if login and login.seen_at < _at(moment - timedelta(minutes=1)):
        store.touch_session(key, _at(moment))  # at most once a minute: a write per page is waste
    return login


def token_login(store: SqlStore, token: str) -> Login | None:
    return store.login_by_token(digest(token))


def end_session(store: SqlStore, cookie: str, name: str) -> None:
    store.remove_session(digest(cookie))
    audit.record(store, name, "logout")
