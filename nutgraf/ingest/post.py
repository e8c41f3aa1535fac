"""What is computed over the whole case once an ingest has read and indexed everything:
mail conversations, groups of near-identical documents (versions), the folder tree and
names written in two scripts. Each step reads case.db only and replaces its own table, so
running it again gives the same answer."""

from __future__ import annotations

from nutgraf.case import Case


def after_ingest(case: Case) -> None:
    from nutgraf.folders import compute_folders
    from nutgraf.names_across import compute_script_links
    from nutgraf.threads import compute_threads
    from nutgraf.versions import compute_versions

    compute_threads(case.store)
    compute_versions(case.store)
    compute_folders(case.store)
    compute_script_links(case.store)
