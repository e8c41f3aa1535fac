"""Team access kept by both stores alike: users, tokens, sessions, failed logins and the
audit log's chain, which catches an entry edited, removed or cut off straight in the database."""

from __future__ import annotations

import itertools

import pytest

from nutgraf.access import audit, logins, users
from nutgraf.access.credentials import digest
from nutgraf.errors import BadInput, LockedOut, NotFound
from nutgraf.store.access import GENESIS

PASSWORD = "a long enough secret"


def test_users_roles_and_last_admin(store):
    assert not store.has_users()
    users.add_user(store, "rob", "reader", PASSWORD, by="test")
    assert store.has_users() and store.admins() == 0
    users.add_user(store, "ada", "admin", PASSWORD, by="test")
    with pytest.raises(BadInput, match="already"):
        users.add_user(store, "rob", "editor", PASSWORD, by="test")
    with pytest.raises(BadInput, match="too short"):
        users.add_user(store, "eve", "editor", "7 chars", by="test")
    with pytest.raises(BadInput, match="not usable"):
        users.add_user(store, "e ve", "editor", PASSWORD, by="test")
    assert [(u["name"], u["role"]) for u in store.users()] == [("ada", "admin"), ("rob", "reader")]
    assert PASSWORD not in store.user("ada")["password"]  # only its Argon2id hash is kept
    assert store.user("ada")["password"].startswith("$argon2id$")
    with pytest.raises(BadInput, match="last admin"):
        users.change_role(store, "ada", "reader", by="test")
    with pytest.raises(BadInput, match="last admin"):
        users.remove_user(store, "ada", by="test")
    users.change_role(store, "rob", "admin", by="test")
    users.remove_user(store, "ada", by="test")
    assert store.user("ada") is None and store.admins() == 1
    with pytest.raises(NotFound):
        users.change_role(store, "nobody", "reader", by="test")


def test_tokens_are_kept_hashed_and_revocable(store):
    users.add_user(store, "ada", "admin", PASSWORD, by="test")
    token_id, token = users.create_token(store, "ada", "laptop script", by="test")
    assert token.startswith("ngt_")
    listed = store.tokens("ada")
    assert [t["id"] for t in listed] == [token_id] and listed[0]["label"] == "laptop script"
    assert token not in repr(listed)
    login = logins.token_login(store, token)
    assert login is not None and (login.user, login.role, login.csrf) == ("ada", "admin", None)
    assert logins.token_login(store, token + "x") is None
    users.revoke_token(store, token_id, by="test")
    assert logins.token_login(store, token) is None
    users.add_user(store, "rob", "reader", PASSWORD, by="test")
    _id, rob_token = users.create_token(store, "rob", "", by="test")
    users.remove_user(store, "rob", by="test")  # a removed user's tokens die with them
    assert logins.token_login(store, rob_token) is None


def test_sessions_end_on_logout_new_password_and_idleness(store):
    policy = logins.LoginPolicy()
    users.add_user(store, "ada", "admin", PASSWORD, by="test")
    cookie, csrf = logins.open_session(store, "ada")
    login = logins.session_login(store, cookie, policy)
    assert login is not None and login.csrf == csrf and login.user == "ada"
    assert store.login_by_session(digest(cookie), "9999", "0000") is None  # idle past the limit
    assert store.login_by_session(digest(cookie), "0000", "9999") is None  # older than the longest
    logins.end_session(store, cookie, "ada")
    assert logins.session_login(store, cookie, policy) is None
    cookie, _csrf = logins.open_session(store, "ada")
    users.change_password(store, "ada", PASSWORD + "!", by="test")
    assert logins.session_login(store, cookie, policy) is None


def test_failed_logins_slow_then_lock(store):
    policy = logins.LoginPolicy(slow_after=2, delay_seconds=0.5, lock_after=4, lock_minutes=30)
    users.add_user(store, "ada", "admin", PASSWORD, by="test")
    delays = [logins.try_password(store, "ada", "wrong", policy).delay for _ in range(3)]
    assert delays == [0.0, 0.5, 1.0]
    right = logins.try_password(store, "ada", PASSWORD, policy)
    assert right.login is not None and right.login.role == "admin"  # a success clears the count
    for _ in range(4):
        assert logins.try_password(store, "ada", "wrong", policy).login is None
    with pytest.raises(LockedOut, match="locked until"):
        logins.try_password(store, "ada", PASSWORD, policy)  # even the right password
    unknown = logins.try_password(store, "nobody", PASSWORD, policy)
    assert unknown.login is None  # an unknown name fails the same way, after the same work


def _audit_rows(store, count):
    for number in range(count):
        audit.record(store, "rob", "search", "", query={"q": f"payment {number}"})


def test_audit_chain_holds_and_keeps_no_secret(store):
    users.add_user(store, "ada", "admin", PASSWORD, by="cli:test")
    _audit_rows(store, 3)
    audit.record(store, "ada", "login", "", password=PASSWORD, token="t0ken", csrf="c")
    checked = audit.verify(store)
    assert checked.ok and checked.entries == 5 and checked.head != GENESIS
    assert audit.verify(store, known_head=checked.head).ok
    entries = list(store.audit_entries())
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert all(entry.prev == before.hash for before, entry in itertools.pairwise(entries))
    assert not any(secret in repr(entries) for secret in (PASSWORD, "t0ken"))
    assert [e.action for e in store.audit_entries(user="rob")] == ["search"] * 3
    newest = list(store.audit_entries(limit=2, newest_first=True))
    assert [e.seq for e in newest] == [5, 4]


@pytest.mark.parametrize(
    "tampering, problem",
    [
        ("UPDATE audit_log SET detail = '{}' WHERE seq = 2", "entry 2 was edited"),
        ("UPDATE audit_log SET user_name = 'someone' WHERE seq = 3", "entry 3 was edited"),
        ("DELETE FROM audit_log WHERE seq = 2", "entry 2 is missing"),
        ("DELETE FROM audit_log WHERE seq = 4", "cut off"),
    ],
)
def test_audit_tampering_is_found(store, tampering, problem):
    _audit_rows(store, 4)
    with store.db:
        store.db.execute(tampering)
    checked = audit.verify(store)
    assert not checked.ok and problem in checked.problem


def test_audit_rewritten_whole_is_found_by_a_head_kept_elsewhere(store):
    _audit_rows(store, 3)
    kept = audit.verify(store).head
    with store.db:  # someone rewrites the log from scratch, with fresh hashes that chain
        store.db.execute("DELETE FROM audit_log")
        store.db.execute("UPDATE audit_head SET seq = 0, hash = ?", (GENESIS,))
    audit.record(store, "rob", "search", "", query={"q": "nothing to see"})
    assert audit.verify(store).ok  # the chain alone holds…
    checked = audit.verify(store, known_head=kept)
    assert not checked.ok and "rewritten" in checked.problem  # …but the kept head is gone


def _another_connection(store):
    """A second connection to the same database, as a second server or worker would hold."""
    if hasattr(store, "path"):
        from nutgraf.store.sqlite import SqliteStore

        return SqliteStore(store.path)
    from nutgraf.store.postgres import PostgresStore

    return PostgresStore(store.connection._url, store.connection.schema)


def test_audit_chain_holds_with_writers_on_two_connections(store):
    import threading

    others = [_another_connection(store) for _ in range(2)]

    def append(writer, name):
        for number in range(25):
            audit.record(writer, name, "search", "", query={"q": f"{name} {number}"})

    threads = [threading.Thread(target=append, args=(w, f"w{i}")) for i, w in enumerate(others)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for other in others:
        other.close()
    checked = audit.verify(store)
    assert checked.ok, checked.problem
    assert checked.entries == 50
