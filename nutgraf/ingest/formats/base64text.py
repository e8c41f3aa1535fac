"""A file that is nothing but base64 (an Apple Mail `.emlxpart`, a MIME part saved alone):
the decoded bytes are its one child, read as whatever they turn out to be."""

from __future__ import annotations

import base64
import binascii

from nutgraf.errors import Corrupt, TooLarge
from nutgraf.ingest.formats.base import Child, Extraction, Source
from nutgraf.ingest.sniff import BASE64_TEXT

MIME_TYPES: tuple[str, ...] = (BASE64_TEXT,)


def extract(source: Source) -> Extraction:
    if source.path.stat().st_size * 3 // 4 > source.limits.max_child_bytes:
        raise TooLarge("too_large: the decoded content exceeds the per-member limit")
    try:
        data = base64.b64decode(b"".join(source.path.read_bytes().split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise Corrupt(f"corrupt: not valid base64 ({error})") from None
    child = Child(name="decoded", data=data)
    return Extraction(text="", metadata={"encoding": "base64"}, children=[child])
