"""The folder tree and folder: — on a real case: folders on disk, an archive's members, a file
copied to two places, a file that fails to read."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from nutgraf import ingest, open_case
from nutgraf import search as run_search
from nutgraf.cli import main
from nutgraf.errors import NotFound
from nutgraf.folders import ancestors, folder_terms, listing, query_term
from nutgraf.ingest.pipeline import IngestSettings

MEMO = "Transfer approved by the board of Cirrolux.\n"


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("inner/contract.txt", "Contract for the Lugano account.\n")
        archive.writestr("readme.txt", "Read me first.\n")
    return out.getvalue()


@pytest.fixture(scope="module")
def case_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("folders")
    leak = root / "Leak"
    for folder in ("Finance/2024", "Finance/Archive", "Réunions"):
        (leak / folder).mkdir(parents=True)
    (leak / "Finance/2024/memo.txt").write_text(MEMO, encoding="utf-8")
    (leak / "Réunions/memo-copy.txt").write_text(MEMO, encoding="utf-8")  # same content
    (leak / "Finance/Archive/pack.zip").write_bytes(_zip())
    (leak / "Finance/Archive/broken.pdf").write_bytes(b"%PDF-1.7\n not really a pdf")
    (leak / "top.txt").write_text("A note at the top.\n", encoding="utf-8")
    with open_case(root / "case", create=True) as case:
        ingest(case, [leak], IngestSettings(workers=1))
    return root / "case"


@pytest.fixture()
def case(case_folder: Path):
    with open_case(case_folder) as opened:
        yield opened


def _names(case, query: str) -> set[str]:
    return {hit.document.path.rsplit("/", 1)[-1] for hit in run_search(case, query, 100).hits}


def test_ancestors_and_terms_are_pure():
    assert ancestors("/a/b/c.txt") == ["/a", "/a/b"]
    assert ancestors("c.txt") == []
    terms = folder_terms(["/Leak/Finance/x.txt"])
    assert {"/leak/finance", "finance", "leak/finance", "/leak", "leak"} == set(terms)
    assert query_term(" Finance/ ") == "finance" and query_term("/Leak//Finance") == "/leak/finance"


def test_tree_counts_files_beneath_each_folder(case):
    top = listing(case.store)
    assert top["folder"]["path"].endswith("/Leak")
    assert top["folder"]["files"] == 7  # 5 files on disk and the 2 members of the zip
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in top["folders"]}
    assert set(by_name) == {"Finance", "Réunions"}
    finance = by_name["Finance"]
    assert finance["files"] == 5 and finance["errors"] == 1 and finance["types"]["pdf"] == 1
    assert [f["path"].rsplit("/", 1)[-1] for f in top["files"]] == ["top.txt"]
    archive = listing(case.store, finance["path"] + "/Archive")
    [pack] = [f for f in archive["folders"] if f["doc_id"]]
    assert pack["path"].endswith("pack.zip") and pack["files"] == 2
    inside = listing(case.store, pack["path"])
    assert [f["path"].rsplit("/", 1)[-1] for f in inside["folders"]] == ["inner"]
    assert inside["trail"][-1].endswith("/Archive")
    with pytest.raises(NotFound):
        listing(case.store, "/no/such/folder")


def test_folder_narrows_a_search(case):
    assert _names(case, "folder:finance") == {"memo.txt", "pack.zip", "broken.pdf",
                                               "contract.txt", "readme.txt"}  # fmt: skip
    assert _names(case, "folder:2024 transfer") == {"memo.txt"}
    assert _names(case, "folder:reunions") == _names(case, "folder:Réunions")
    assert _names(case, "folder:Réunions") in ({"memo-copy.txt"}, {"memo.txt"})  # one document
    assert _names(case, "folder:pack.zip") == {"contract.txt", "readme.txt"}
    assert _names(case, "folder:pack.zip/inner") == {"contract.txt"}
    full = listing(case.store)["folder"]["path"] + "/Finance/Archive"
    assert _names(case, f'folder:"{full}" lugano') == {"contract.txt"}
    assert _names(case, "folder:nowhere") == set()
    assert _names(case, "folder:finance error:any") == {"broken.pdf"}


def test_a_copy_is_found_in_both_folders(case):
    """One document (same content) at two paths: narrowing to either folder finds it."""
    assert run_search(case, "folder:2024 board").total == 1
    assert run_search(case, "folder:reunions board").total == 1


def test_cli_folders(case_folder):
    runner = CliRunner()
    shown = runner.invoke(main, ["folders", "--case", str(case_folder)])
    assert shown.exit_code == 0, shown.output
    assert "Finance/  5 files, 1 failed" in shown.output and "top.txt" in shown.output
    as_json = runner.invoke(main, ["folders", "--case", str(case_folder), "--json"])
    found = json.loads(as_json.output)
    assert found["query"].startswith('folder:"') and found["folder"]["files"] == 7
    missing = runner.invoke(main, ["folders", "/nope", "--case", str(case_folder)])
    assert missing.exit_code != 0 and "no folder" in missing.output


def test_web_folders_page_and_api(case):
    from starlette.testclient import TestClient

    from nutgraf.web import create_app

    with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
        page = client.get("/folders")
        assert (
            page.status_code == 200
            and "Finance/" in page.text
            and "Search in this folder" in page.text
        )
        top = client.get("/api/folders").json()
        finance = next(f for f in top["folders"] if f["path"].endswith("/Finance"))
        inner = client.get("/folders", params={"path": finance["path"]})
        assert inner.status_code == 200 and "Archive/" in inner.text and "1 failed" in inner.text
        assert client.get("/folders", params={"path": "/nope"}).status_code == 404
        [memo] = [d for d in case.store.documents() if d.path.endswith("/2024/memo.txt")]
        document = client.get(f"/documents/{memo.id}")
        folder = memo.path.rsplit("/", 1)[0]
        assert f'href="/folders?{urlencode({"path": folder})}"' in document.text
