"""Imported by the forkserver before it forks any worker (see `workers.py`).

Much is loaded lazily: every format module and its libraries (about two seconds), the
analyzers' tables (language models, the gazetteer: two more). Loaded once here, every worker
inherits them copy-on-write: a replaced worker starts warm, the tables are shared in memory,
and no file's time limit pays for loading them.
"""

from __future__ import annotations

import contextlib

from nutgraf.analyze import analyze
from nutgraf.ingest import formats

SAMPLE = (
    "The board met in Geneva on 3 May 2024 and paid EUR 1,200 to Acme Ltd. "
    "Le conseil s'est réuni à Paris. Der Vorstand tagte in Berlin. "
    "اجتمع المجلس في القاهرة. הדירקטוריון נפגש בתל אביב."
)


def warm() -> None:
    # a failure here only means a slower first file, never a broken worker
    with contextlib.suppress(Exception):
        formats.table()
    with contextlib.suppress(Exception):
        analyze(SAMPLE, {})


warm()
