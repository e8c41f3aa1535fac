"""What is computed over the whole case once an ingest has read and indexed everything:
mail conversations, groups of near-identical documents (versions) and the folder tree. Each
step reads case.db only and replaces its own table, so running it again gives the same answer."""

from __future__ import annotations

from nutgraf.case import Case


def after_ingest(case: Case) -> None:
    from nutgraf.folders import compute_folders
    from nutgraf.threads import compute_threads
    from nutgraf.versions import compute_versions

    compute_threads(case.store)
    compute_versions(case.store)
    compute_folders(case.store)
