"""Test-only job functions for WorkerPool(read=...): module-level, so workers can import them."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from nutgraf.ingest.reader import ReadJob
from nutgraf.store.records import ReadResult


def hang_with_a_child(job: ReadJob) -> ReadResult:
    """Start a long-lived program (as a parser's tesseract would), note its pid, never return."""
    child = subprocess.Popen(["sleep", "600"])
    Path(job.blobs_root, f"child-{job.doc_id}.pid").write_text(str(child.pid))
    while True:
        time.sleep(1)


def allocate(job: ReadJob) -> ReadResult:
    """Ask for far more memory than the worker's limit allows."""
    hoard = bytearray(int(job.name))
    return ReadResult("text/plain", text=str(len(hoard)))


def abort(job: ReadJob) -> ReadResult:
    os.abort()


def quick(job: ReadJob) -> ReadResult:
    return ReadResult("text/plain", text=f"read {job.doc_id} in {os.environ.get('TMPDIR')}")


def noisy(job: ReadJob) -> ReadResult:
    """Print on standard error as C libraries (fd 2) and Python warnings do, then succeed."""
    import sys
    import warnings

    os.write(2, f"libfoo: warning: odd table in {job.doc_id}\n".encode())
    warnings.warn(f"python says {job.doc_id}", UserWarning, stacklevel=1)
    sys.stderr.write("and a third line\n")
    return ReadResult("text/plain", text="fine")


def panic(job: ReadJob) -> ReadResult:
    """Die as a Rust extension does on a panic: a message on fd 2, then abort."""
    os.write(2, b"thread '<unnamed>' panicked at src/xlsx.rs:42:5:\nindex out of bounds\n")
    os.abort()
