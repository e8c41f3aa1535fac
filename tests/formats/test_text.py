"""Plain text, JSON and XML extraction, including hostile XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from nutgraf.errors import TooLarge
from nutgraf.ingest.formats.base import Limits, Source
from nutgraf.ingest.formats.text import extract
from tests.conftest import corpus_file


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_plain_text_in_windows_1256(tmp_path: Path) -> None:
    text = "تم تحويل مبلغ 250000 دولار إلى حساب الشركة في دبي.\nوقال المحامي إن العقد باطل.\n"
    path = _write(tmp_path, "note.txt", text.replace("\n", "\r\n").encode("cp1256"))
    result = extract(Source(path, "text/plain"))
    assert result.text == text
    assert result.metadata["encoding"] == "cp1256"


def test_plain_text_from_corpus() -> None:
    result = extract(Source(corpus_file("ingest-file/utf.txt"), "text/plain"))
    assert result.text == "Îș unî©ođ€.\n"


def test_json_is_kept_as_written() -> None:
    path = corpus_file("ingest-file/example_2.json")
    result = extract(Source(path, "application/json"))
    assert result.text == path.read_text(encoding="utf-8").replace("\r\n", "\n")


def test_xml_keeps_element_text_in_document_order(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        "<!-- exported -->\n"
        "<payments><payment><payee>Société Générale</payee><amount>1200.50</amount>"
        "</payment><note>Paid <b>late</b>, see memo.</note></payments>"
    )
    path = _write(tmp_path, "p.xml", xml.encode("latin-1"))
    result = extract(Source(path, "application/xml"))
    assert result.text == "Société Générale\n1200.50\nPaid late, see memo."


def test_billion_laughs_is_never_expanded(tmp_path: Path) -> None:
    levels = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        refs = f"&lol{level - 1};" * 10
        levels.append(f'<!ENTITY lol{level} "{refs}">')
    xml = (
        f"<?xml version='1.0'?><!DOCTYPE r [{''.join(levels)}]><r><a>start</a>&lol9;<b>end</b></r>"
    )
    result = extract(Source(_write(tmp_path, "bomb.xml", xml.encode()), "application/xml"))
    # libxml2 rejects the declarations (raw text fallback): either way nothing is expanded.
    assert "lollol" not in result.text
    assert len(result.text) <= len(xml)
    assert "start" in result.text and "end" in result.text


def test_external_entity_is_never_fetched(tmp_path: Path) -> None:
    secret = _write(tmp_path, "secret.txt", b"TOP-SECRET-CONTENT")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{secret}">'
        '<!ENTITY pw SYSTEM "file:///etc/passwd">]><r><t>visible</t>&xxe;&pw;</r>'
    )
    result = extract(Source(_write(tmp_path, "xxe.xml", xml.encode()), "application/xml"))
    assert result.text == "visible"


def test_external_dtd_is_not_loaded(tmp_path: Path) -> None:
    dtd = _write(tmp_path, "evil.dtd", b'<!ENTITY leak "LEAKED-FROM-DTD">')
    xml = f'<?xml version="1.0"?><!DOCTYPE r SYSTEM "file://{dtd}"><r>ok &leak;</r>'
    result = extract(Source(_write(tmp_path, "dtd.xml", xml.encode()), "application/xml"))
    assert "LEAKED" not in result.text
    assert result.text.startswith("ok")


def test_malformed_xml_falls_back_to_raw_text(tmp_path: Path) -> None:
    xml = "<root><name>Zoë</name><unclosed>text</root>"
    result = extract(Source(_write(tmp_path, "bad.xml", xml.encode("utf-8")), "application/xml"))
    assert result.text == xml


def test_too_large_for_the_text_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"a" * 1000)
    with pytest.raises(TooLarge, match="character limit"):
        extract(Source(path, "text/plain", limits=Limits(max_text_chars=100)))
