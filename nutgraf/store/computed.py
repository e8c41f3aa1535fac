"""Which whole-case steps have run (the `computed` table): threads, versions."""

from __future__ import annotations

from datetime import UTC, datetime

from nutgraf.store.database import Connection


def mark(db: Connection, step: str) -> None:
    """Record that `step` ran (call inside the transaction that wrote its table)."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    db.execute(
        "INSERT INTO computed (step, at) VALUES (?, ?) ON CONFLICT(step) DO UPDATE SET at = ?",
        (step, now, now),
    )


def has_run(db: Connection, step: str) -> bool:
    return db.execute("SELECT 1 FROM computed WHERE step = ?", (step,)).fetchone() is not None
