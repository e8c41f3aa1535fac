"""What every archive reader shares: the expansion budget, safe member names, the collector.

The readers (zip, tar, 7z, rar, single-stream compressors) never write to disk: each member is
read in chunks into memory while a `Budget` counts the real decompressed bytes, so a bomb is
stopped by what it actually produces, never by what its headers declare.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from nutgraf.errors import Bomb, Corrupt, TooLarge
from nutgraf.ingest.formats.base import Child, Extraction, Limits

CHUNK = 1024 * 1024
# Below this much output the ratio test is not applied: tiny archives of text legitimately
# expand 10-1000x, and a few MB in memory costs nothing.
RATIO_GRACE_BYTES = 4 * 1024 * 1024

_DRIVE = re.compile(r"^[A-Za-z]:")
# Bidirectional overrides and isolates can disguise a name ("txt.exe" shown as "exe.txt").
_BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def human_size(size: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


class Budget:
    """Counts decompressed bytes of one archive and raises `Bomb` past the limits."""

    def __init__(self, limits: Limits, archive_size: int) -> None:
        self.limits = limits
        self.archive_size = max(archive_size, 1)
        self.expanded = 0

    def consume(self, count: int) -> None:
        self.expanded += count
        self._check(self.expanded, "expands")

    def check_declared(self, total: int) -> None:
        """Refuse at once what the headers announce as a bomb; real bytes are counted anyway."""
        self._check(total, "declares it expands")

    def _check(self, total: int, verb: str) -> None:
        if total > self.limits.max_total_expanded:
            limit = human_size(self.limits.max_total_expanded)
            raise Bomb(f"bomb: {verb} to more than {limit} in total")
        if total > RATIO_GRACE_BYTES and total > self.limits.max_ratio * self.archive_size:
            raise Bomb(
                f"bomb: {verb} to more than {self.limits.max_ratio:g}x its size of "
                f"{human_size(self.archive_size)}"
            )


def sanitize_member_name(name: str) -> str:
    """A relative POSIX path safe to show and store: no root, drive, '..', or control chars."""
    name = "".join(
        ch for ch in name if unicodedata.category(ch) != "Cc" and ch not in _BIDI_CONTROLS
    )
    name = _DRIVE.sub("", name.replace("\\", "/"))
    # Components of only dots and spaces go: Windows trims those to "." or "..".
    parts = [part for part in name.split("/") if part.strip(" .")]
    return "/".join(parts)


def raw_name_text(raw: bytes) -> str:
    """The raw name bytes as JSON-safe text: UTF-8 when valid, else non-ASCII bytes as \\xNN."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("ascii", "backslashreplace")


def iso_datetime(value: datetime | tuple[int, ...] | None) -> str | None:
    if value is None:
        return None
    try:
        moment = value if isinstance(value, datetime) else datetime(*value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None  # zip and rar store impossible dates (month 0) often enough
    return moment.isoformat()


@dataclass
class Collector:
    """Gathers the children of one archive with the notes of what was left out."""

    limits: Limits
    archive_path: Path
    budget: Budget
    children: list[Child] = field(default_factory=list)
    listing: list[str] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    skipped_links: list[dict[str, str]] = field(default_factory=list)
    encrypted_members: list[str] = field(default_factory=list)
    _names_seen: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_file(cls, path: Path, limits: Limits) -> Collector:
        return cls(limits=limits, archive_path=path, budget=Budget(limits, path.stat().st_size))

    def check_count(self, count: int) -> None:
        if count > self.limits.max_children:
            raise TooLarge(
                f"too_large: {count} members, more than the limit of {self.limits.max_children}"
            )

    def member_name(self, name: str, index: int) -> str:
        clean = sanitize_member_name(name) or f"member-{index}"
        self.listing.append(clean)
        return clean

    def read(self, read: Callable[[int], bytes]) -> bytes | None:
        """Read one member through `read(n)`; None when it outgrows max_child_bytes."""
        buffer = io.BytesIO()
        while chunk := read(CHUNK):
            self.budget.consume(len(chunk))
            if buffer.tell() + len(chunk) > self.limits.max_child_bytes:
                return None
            buffer.write(chunk)
        return buffer.getvalue()

    def add(self, name: str, data: bytes | None, metadata: dict[str, Any]) -> None:
        """Keep one member (already named by `member_name`), or note why it is left out."""
        if data is None:
            limit = human_size(self.limits.max_child_bytes)
            self.skip(name, "too_large", f"larger than the per-member limit of {limit}")
            return
        if self._is_copy_of_archive(data):
            self.skip(name, "copy_of_archive", "identical to the archive itself (a quine)")
            return
        self.children.append(Child(self._unique(name), data, _compact(metadata)))

    def skip(self, name: str, reason: str, detail: str = "") -> None:
        self.skipped.append({"name": name, "reason": reason, "detail": detail})

    def link(self, name: str, target: str, kind: str = "symlink") -> None:
        self.skipped_links.append({"name": name, "target": target, "type": kind})

    def encrypted(self, name: str) -> None:
        self.encrypted_members.append(name)

    def extraction(self) -> Extraction:
        metadata: dict[str, Any] = {"member_count": len(self.listing)}
        for key in ("skipped", "skipped_links", "encrypted_members"):
            if value := getattr(self, key):
                metadata[key] = value
        return Extraction(text="\n".join(self.listing), metadata=metadata, children=self.children)

    def fail_if_nothing_read(self) -> None:
        """An archive whose every member failed is corrupt, not empty."""
        if self.children or not self.skipped:
            return
        if all(item["reason"] == "corrupt" for item in self.skipped):
            raise Corrupt(f"corrupt: no member could be read ({self.skipped[0]['detail']})")

    def _unique(self, name: str) -> str:
        # Two members may sanitise to one name ("../a" and "a"); keep both apart.
        seen = self._names_seen.get(name, 0)
        self._names_seen[name] = seen + 1
        return name if seen == 0 else f"{name}~{seen + 1}"

    def _is_copy_of_archive(self, data: bytes) -> bool:
        if len(data) != self.budget.archive_size:
            return False
        return data == self.archive_path.read_bytes()


def _compact(metadata: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in metadata.items() if value not in (None, "", [])}


def one_line(error: BaseException) -> str:
    """A library's exception as a short single line (never a traceback or a huge repr)."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:200]
