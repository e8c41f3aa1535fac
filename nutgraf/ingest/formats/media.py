"""Audio and video: no text to read, but the metadata a reporter checks (duration, tags,
recording date, encoder) with mutagen. Speech is not transcribed (no offline model)."""

from __future__ import annotations

from typing import Any

import mutagen

from nutgraf.errors import Corrupt
from nutgraf.ingest.formats.base import Extraction, Source

MIME_TYPES: tuple[str, ...] = (
    "audio/mpeg",
    "audio/x-m4a",
    "audio/mp4",
    "audio/x-wav",
    "audio/wav",
    "audio/ogg",
    "audio/flac",
    "audio/x-flac",
    "audio/x-aiff",
    "video/mp4",
    "video/quicktime",
    "video/x-m4v",
    "video/ogg",
    "video/webm",
    "video/x-msvideo",
    "video/x-matroska",
)
# Tag names across formats (ID3, MP4 atoms, Vorbis comments) → our metadata keys.
TAGS = {
    "title": ("TIT2", "\xa9nam", "title", "TITLE"),
    "author": ("TPE1", "\xa9ART", "artist", "ARTIST", "author"),
    "created": ("TDRC", "\xa9day", "date", "DATE", "creation_time"),
    "comment": ("COMM", "\xa9cmt", "comment", "COMMENT", "description"),
    "encoder": ("TSSE", "\xa9too", "encoder", "ENCODER"),
}


def extract(source: Source) -> Extraction:
    try:
        media = mutagen.File(source.path)
    except mutagen.MutagenError as error:
        raise Corrupt(f"corrupt: media file unreadable ({error})") from None
    metadata: dict[str, Any] = {"media": True}
    if media is None:  # a container mutagen does not know: still a document, with no tags
        return Extraction(metadata=metadata)
    info = getattr(media, "info", None)
    for attribute in ("length", "bitrate", "sample_rate", "channels"):
        value = getattr(info, attribute, None)
        if value:
            metadata["duration_seconds" if attribute == "length" else attribute] = (
                round(value, 2) if isinstance(value, float) else value
            )
    tags = media.tags or {}
    for key, names in TAGS.items():
        for name in names:
            value = _tag(tags, name)
            if value:
                metadata[key] = value
                break
    lines = [
        f"{key}: {metadata[key]}"
        for key in ("title", "author", "created", "comment")
        if key in metadata
    ]
    return Extraction(text="\n".join(lines), metadata=metadata)


def _tag(tags: Any, name: str) -> str | None:
    try:
        value = tags.get(name) if hasattr(tags, "get") else None
    except (KeyError, ValueError, TypeError):
        return None
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0] if value else None
    text = str(getattr(value, "text", [value])[0] if hasattr(value, "text") else value).strip()
    return text[:500] or None
