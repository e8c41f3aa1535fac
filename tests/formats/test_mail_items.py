"""Mail containers: an attached OLE object in TNEF is unwrapped to the OLE file it holds."""

from __future__ import annotations

import uuid
from pathlib import Path

from nutgraf.ingest.detect import detect
from nutgraf.ingest.formats._mail_tnef import _object_data
from tests.conftest import corpus_file


def test_tnef_ole_object_attachment_is_the_ole_file(tmp_path: Path) -> None:
    ole = corpus_file("tika/microsoft/testWORD6.doc").read_bytes()
    wrapped = uuid.UUID("00020906-0000-0000-c000-000000000046").bytes_le + ole  # Word's IID
    for value in (wrapped, [wrapped]):  # tnefparse gives PT_OBJECT values as a list
        data = _object_data(value)
        assert data == ole
        path = tmp_path / "object"
        path.write_bytes(data)
        assert detect(path) == "application/msword"
    assert _object_data(b"plain attachment bytes") == b"plain attachment bytes"
    assert _object_data(None) == b""
