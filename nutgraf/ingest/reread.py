"""`nutgraf ingest --reread-failed`: read again what an older nutgraf could not read well.

Two kinds of documents: those that failed (a newer reader or a fallback may read them; a
document nested too deep stays as it is), and those read as a weakly detected type (plain
text, HTML, XML, `data`) that today's detection types differently — a mail once stored as
plain text is now read as a mail, with its attachments. The summary says how many failures
were recovered and how many documents changed type.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nutgraf.case import Case
from nutgraf.ingest.detect import detect
from nutgraf.ingest.pipeline import IngestSettings, Progress, ProgressCallback, ingest
from nutgraf.store import queries_check


@dataclass
class Reread:
    failed: list[str]  # ids of documents that had failed
    retyped: dict[str, str]  # id → the type detection now gives, for documents read before

    def outcome(self, case: Case) -> dict[str, int]:
        now = queries_check.statuses(case.store, [*self.failed, *self.retyped])
        recovered = sum(1 for doc_id in self.failed if now.get(doc_id, ("",))[0] == "done")
        return {
            "reread": len(self.failed) + len(self.retyped),
            "recovered": recovered,
            "still_failed": len(self.failed) - recovered,
            "retyped": len(self.retyped),
        }


def reread_failed(
    case: Case,
    roots: list[Path],
    settings: IngestSettings | None = None,
    on_progress: ProgressCallback | None = None,
) -> tuple[Progress, dict[str, int]]:
    """Requeue what a newer nutgraf may read better, run the ingest, and count the gains."""
    with case.writing():
        plan = _plan(case)
        queries_check.requeue(case.store, [*plan.failed, *plan.retyped])
        progress = ingest(case, roots, settings, on_progress)
        return progress, plan.outcome(case)


def _plan(case: Case) -> Reread:
    plan = Reread(failed=[], retyped={})
    for doc_id, sha256, mime, status in queries_check.reread_candidates(case.store):
        if status == "failed":
            plan.failed.append(doc_id)
            continue
        path = case.blobs.path(sha256)
        if path.is_file() and (now := detect(path)) != mime:
            plan.retyped[doc_id] = now
    return plan
