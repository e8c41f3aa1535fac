"""No network, ever: an ingest of the public corpus, guarded three ways, opens no socket.

1. an audit hook in every Python process (sitecustomize on PYTHONPATH; forked workers inherit
   it) refuses and logs any non-local socket, name lookup or URL;
2. strace logs every socket and connect system call of every process, the programs the
   parsers start (tesseract, soffice, unar, openssl) included;
3. the run happens in a new network namespace with no interface but a downed loopback, so
   even an unseen attempt could not reach anything.
The guarded run must also give exactly the result of an ordinary run.

By default a slice of the corpus is used: the first file (by sorted path) of each extension
that tempts a reader to fetch something or makes it start a program (web pages, office files
with links, S/MIME, RAR, .Z, scans for OCR, StarOffice for LibreOffice). NUTGRAF_CORPUS_SLICE=
extensions takes one file of every extension, =all the whole corpus (minutes).
The two runs go side by side, so they run one code.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

NETGUARD = Path(__file__).parent / "netguard"
TEMPTING = (
    ".html", ".mhtml", ".webarchive", ".svg", ".xml", ".docx", ".xlsx", ".pptx", ".odt", ".rtf",
    ".epub", ".pdf", ".eml", ".msg", ".p7m", ".rar", ".z", ".7z", ".png", ".sxw", ".wps",
)  # fmt: skip
INET = re.compile(r"socket\((AF_INET6?|AF_PACKET|AF_NETLINK)|connect\(\d+, \{sa_family=AF_INET")


def corpus_slice(corpus: Path, target: Path) -> Path:
    """The slice described above, copied (the ingest never sees the shared tree)."""
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "MANIFEST.tsv")
    by_extension: dict[str, list[Path]] = defaultdict(list)
    for path in files:
        by_extension[path.suffix.lower() or path.name].append(path)
    how = os.environ.get("NUTGRAF_CORPUS_SLICE", "tempting")
    chosen = [group[0] for extension, group in by_extension.items() if extension in TEMPTING]
    if how == "extensions":
        chosen = [group[0] for group in by_extension.values()]
    elif how == "all":
        chosen = files
    for path in chosen:
        copy = target / path.relative_to(corpus)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    return target


def state(case: Path) -> list[tuple]:
    db = sqlite3.connect(case / "case.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = sorted(
        db.execute("SELECT sha256, status, error_reason, text_length, mime FROM documents")
    )
    db.close()
    return rows


def ingest_command(leak: Path, case: Path) -> list[str]:
    return [sys.executable, "-m", "nutgraf.cli", "ingest", str(leak), "--case", str(case),
            "--json", "--timeout", "600"]  # fmt: skip


@pytest.mark.skipif(not shutil.which("unshare") or not shutil.which("strace"), reason="tools")
def test_an_ingest_opens_no_socket_and_gives_the_same_result(corpus, tmp_path: Path) -> None:
    if subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode != 0:
        pytest.skip("network namespaces are not available here")
    leak = corpus_slice(corpus, tmp_path / "leak")
    net_log, trace = tmp_path / "net.jsonl", tmp_path / "strace.log"
    environment = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(NETGUARD), os.environ.get("PYTHONPATH", "")]),
        "NUTGRAF_NET_LOG": str(net_log),
    }
    guarded = ["strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=socket,connect",
               "-o", str(trace), "unshare", "-rn",
               *ingest_command(leak, tmp_path / "guarded")]  # fmt: skip
    runs = [
        subprocess.Popen(guarded, env=environment, stdout=subprocess.DEVNULL),
        subprocess.Popen(ingest_command(leak, tmp_path / "open"), stdout=subprocess.DEVNULL),
    ]
    assert [run.wait(timeout=900) for run in runs] == [0, 0]
    assert not net_log.exists(), net_log.read_text()[:2000]
    calls = trace.read_text()
    assert not INET.findall(calls), [line for line in calls.splitlines() if INET.search(line)]
    assert "AF_UNIX" in calls  # the trace did see the forkserver's own local sockets
    assert state(tmp_path / "guarded") == state(tmp_path / "open")


def test_the_guard_itself_catches_a_connection(tmp_path: Path) -> None:
    """The audit hook is not a no-op: a lookup and an internet socket are refused and logged."""
    net_log = tmp_path / "net.jsonl"
    environment = os.environ | {"PYTHONPATH": str(NETGUARD), "NUTGRAF_NET_LOG": str(net_log)}
    code = (
        "import socket\n"
        "for attempt in (lambda: socket.getaddrinfo('example.org', 80),\n"
        "                lambda: socket.socket(socket.AF_INET).connect(('192.0.2.1', 80))):\n"
        "    try: attempt()\n"
        "    except PermissionError: pass\n"
        "socket.socketpair()\n"  # local sockets stay allowed
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=environment, timeout=60)
    events = net_log.read_text()
    assert "socket.getaddrinfo" in events and "socket.__new__" in events
