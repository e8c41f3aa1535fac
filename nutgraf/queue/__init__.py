"""Team mode: a case's reading as jobs in a queue that workers on many machines share.

A case kept on PostgreSQL has a job queue of its own, in its own schema, kept by
procrastinate (the queue OpenAleph uses too): `nutgraf ingest` stores the originals and
enqueues one job per document to read; `nutgraf worker --case CASE` processes, on any
machine that reaches the database and the case folder, take them. A document read brings
its children as new jobs; a document whose OCR was put off gets an OCR job, after every
text layer; one `settle` job at a time (a queue lock) keeps the search index in step with
the database and, once nothing is left to read, resolves entities across documents and
builds the conversations, versions and folders.

Faults: every job is idempotent (a document already read is not read again, only its
children are queued), and a worker that stops sending heartbeats (killed, machine gone)
has its jobs handed to another worker once its lease expires.
"""

from nutgraf.queue.app import QueueCounts, queue_counts
from nutgraf.queue.ingest import team_ingest
from nutgraf.queue.worker import WorkerSettings, work

__all__ = ["QueueCounts", "WorkerSettings", "queue_counts", "team_ingest", "work"]
