"""Watching an ingest from outside: peak memory of worker processes, and files that appear."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[1])
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        found += children
        frontier += children
    return found


def _peak_rss(pid: int) -> int:
    """VmHWM: the highest resident memory the process ever had (kernel-kept, not sampled)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class PeakMemory(threading.Thread):
    """The largest peak RSS of any process descended from this one, polled every 20 ms.
    VmHWM is the kernel's own high-water mark, so a short spike between polls still counts;
    only a worker that rises and dies within one poll could be missed."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.processes = 0
        self._stop_event = threading.Event()
        self._seen: set[int] = set()

    def run(self) -> None:
        while not self._stop_event.is_set():
            for pid in _descendants(os.getpid()):
                self._seen.add(pid)
                self.peak = max(self.peak, _peak_rss(pid))
            time.sleep(0.02)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        self.processes = len(self._seen)
        return self.peak


def snapshot(folder: Path, skip: Path | None = None) -> set[str]:
    """Every path under `folder` (not following links), except under `skip`."""
    found = set()
    for current, dirs, names in os.walk(folder):
        if skip is not None and Path(current) == skip:
            dirs[:] = []
            continue
        found.update(os.path.join(current, name) for name in dirs + names)
    return found


def top_level(folder: Path) -> set[str]:
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()
