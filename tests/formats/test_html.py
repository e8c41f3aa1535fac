"""HTML, XHTML and MHTML: visible text, metadata, charsets and embedded files."""

from __future__ import annotations

import base64
from pathlib import Path

from nutgraf.ingest.formats.base import Source
from nutgraf.ingest.formats.html import extract, html_to_text
from tests.conftest import corpus_file

PAGE = """<!DOCTYPE html>
<html lang="fr"><head>
<title>  Rapport
 annuel </title>
<meta name="author" content="Marie Curie">
<meta name="description" content="Comptes 2023">
<meta name="keywords" content="finance, audit">
<style>body { color: red }</style>
<script>var secret = "do not index";</script>
</head><body>
<!-- a comment nobody sees -->
<h1>Résultats</h1><p>Le   chiffre
d'affaires a <b>augmenté</b> de 12&nbsp;%.</p>
<noscript>Enable JavaScript</noscript><template><p>hidden template</p></template>
<ul><li>Paris</li><li>Lyon</li></ul>
<table><tr><th>Ville</th><th>Montant</th></tr><tr><td>Paris</td><td>1 200 €</td></tr></table>
<div>ligne<br>suivante</div>
<pre>  col1   col2
  a      b</pre>
</body></html>"""


def test_html_to_text_keeps_only_visible_text() -> None:
    text, metadata = html_to_text(PAGE)
    assert text == (
        "Résultats\n\nLe chiffre d'affaires a augmenté de 12 %.\n\nParis\nLyon\n\n"
        "Ville\tMontant\nParis\t1 200 €\n\nligne\nsuivante\n\n  col1   col2\n  a      b"
    )
    assert metadata == {
        "title": "Rapport annuel",
        "author": "Marie Curie",
        "description": "Comptes 2023",
        "keywords": "finance, audit",
        "language": "fr",
    }


def test_html_to_text_of_empty_or_broken_markup() -> None:
    assert html_to_text("") == ("", {})
    assert html_to_text("<p>unclosed <b>bold")[0] == "unclosed bold"


def test_meta_charset_decides_legacy_encoding(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Привет мир</p></body></html>'
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    assert extract(Source(path, "text/html")).text == "Привет мир"


def test_http_equiv_charset_koi8(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
        "</head><body>Да</body></html>"
    )
    path = tmp_path / "koi.html"
    path.write_bytes(page.encode("koi8-r"))
    assert extract(Source(path, "text/html")).text == "Да"


def test_data_uri_image_becomes_a_child_and_nothing_is_fetched(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    page = (
        '<html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body>'
        f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        '<img src="http://127.0.0.1:9/remote.png"><p>caption</p></body></html>'
    )
    path = tmp_path / "img.html"
    path.write_text(page, encoding="utf-8")
    result = extract(Source(path, "text/html"))
    assert result.text == "caption"
    assert [(child.name, child.data) for child in result.children] == [("embedded-1.png", png)]


def test_corpus_tika_page_metadata() -> None:
    result = extract(Source(corpus_file("tika/html/testHTML.html"), "text/html"))
    assert result.metadata["title"] == "Title : Test Indexation Html"
    assert result.metadata["author"] == "Tika Developers"
    assert result.text.startswith("Test Indexation Html\n\nIndexation du fichier")


def test_corpus_ingest_page() -> None:
    result = extract(Source(corpus_file("ingest-file/doc.html"), "text/html"))
    assert result.metadata["title"] == "Ingestors Title"
    assert result.metadata["language"] == "en"
    assert result.metadata["keywords"] == "ingestors, key, words"
    assert "Test web page." in result.text


def test_corpus_utf16le_page() -> None:
    result = extract(Source(corpus_file("tika/html/testHTML_charset_utf16le.html"), "text/html"))
    assert result.text == "This is a sample text"
    assert result.metadata["title"] == "Title"


def test_corpus_arabic_page_with_false_utf8_meta() -> None:
    path = corpus_file("tika/integration-tests/testArabicMisleadingCharset.html")
    result = extract(Source(path, "text/html"))
    assert result.text.startswith("في قرية من القرى كان هناك رجل حكيم يعرف كل شيء عن الحياة")
    assert result.text.count("\n\n") == 2


def test_corpus_word_html_in_iso_8859_6() -> None:
    path = corpus_file("tika/html/testHTMLNoisyMetaEncoding_1.html")
    result = extract(Source(path, "text/html"))
    assert result.text.startswith('وأعرب الاتحاد الجزائري وقتها عن "أسفه لهذا الموقف')
    assert "font-family" not in result.text


def test_corpus_news_pages_in_several_languages() -> None:
    lemonde = extract(Source(corpus_file("readability/lemonde-1/source.html"), "text/html"))
    assert lemonde.metadata["language"] == "fr"
    assert lemonde.metadata["title"].startswith("Le projet de loi sur le renseignement")
    assert "function(" not in lemonde.text
    japanese = extract(Source(corpus_file("readability/hukumusume/source.html"), "text/html"))
    assert "肉をくわえたイヌが、橋を渡っていました。" in japanese.text
    chinese = extract(Source(corpus_file("readability/qq/source.html"), "text/html"))
    assert chinese.metadata["title"].startswith("DeepMind新电脑已可利用记忆自学")


def test_corpus_mhtml_text_metadata_and_children() -> None:
    path = corpus_file("tika/integration-tests/testMHTMLFirefox.mhtml")
    result = extract(Source(path, "multipart/related"))
    assert result.text.startswith("Aperture\n\na Java framework for getting data and metadata")
    assert "Main Entry: ap·er·ture" in result.text
    assert result.metadata["title"] == "Aperture Framework"
    assert result.metadata["author"] == "Leo Sauermann, Christiaan Fluit"
    assert [child.name for child in result.children] == ["sflogo.png"]
    assert result.children[0].data.startswith(b"\x89PNG")


def test_generated_mhtml_with_quoted_printable_cp1252(tmp_path: Path) -> None:
    mhtml = (
        "From: <Saved by Blink>\r\nSubject: =?utf-8?q?Compte_rendu?=\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/html; charset=windows-1252\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\nContent-Location: http://x/\r\n\r\n"
        "<html><body><p>R=E9union =E0 Gen=E8ve =96 =80 300</p></body></html>\r\n"
        "--B\r\nContent-Type: text/css\r\nContent-Location: http://x/a.css\r\n\r\np{}\r\n"
        "--B\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Location: http://x/files/rapport%202023.pdf\r\n\r\n"
        f"{base64.b64encode(b'%PDF-1.4 test').decode()}\r\n--B--\r\n"
    )
    path = tmp_path / "page.mht"
    path.write_bytes(mhtml.encode("ascii"))
    result = extract(Source(path, "multipart/related"))
    assert result.text == "Réunion à Genève – € 300"
    assert result.metadata["title"] == "Compte rendu"
    assert [(c.name, c.data) for c in result.children] == [("rapport 2023.pdf", b"%PDF-1.4 test")]
