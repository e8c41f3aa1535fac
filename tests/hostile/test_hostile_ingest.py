"""A real ingest of a leak full of hostile files, built at test time, next to good files.

It must finish, give each bad file its reason, read the good ones fully, write nothing
outside the case folder, keep the workers' memory bounded while gigabyte bombs go off, and
keep file names that are not UTF-8 byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import pyzipper

from nutgraf import ingest, open_case
from nutgraf.ingest.formats.base import Limits
from nutgraf.ingest.pipeline import IngestSettings
from nutgraf.ingest.reader import ReadSettings
from nutgraf.ingest.workers import WorkerLimits
from tests.hostile import builders as b
from tests.hostile._watch import PeakMemory, snapshot, top_level

EXPANSION_LIMIT = 64 * b.MIB
MEMORY_BOUND = 1024 * b.MIB  # a worker's peak RSS while 4 GiB bombs go off
LAUGHS_DOCTYPE = b.BILLION_LAUGHS.split("\n", 1)[1].split("<lolz>")[0].replace("lolz", "w:document")
EVIL_NAMES = ("evil-zip.txt", "evil-tar.txt", "evil-bs.txt", "x-nutgraf", "x-nutgraf-tar")


def build_leak(leak: Path) -> None:
    leak.mkdir(parents=True)
    b.zip_bomb_one_member(leak / "bomb-one.zip")
    b.zip_bomb_many_members(leak / "bomb-many.zip")
    b.zip_bomb_overlapping(leak / "bomb-overlap.zip")
    b.endless_gzip(leak / "endless.gz")
    b.nested_zips(leak / "nested40.zip")
    b.traversal_zip(leak / "traversal.zip")
    b.traversal_tar(leak / "traversal.tar")
    b.odd_names_zip(leak / "oddnames.zip")
    b.odd_names_tar(leak / "oddnames.tar")
    whole = b.pdf_bytes("Truncated report on the ossifrage")
    (leak / "truncated.pdf").write_bytes(whole[: len(whole) * 2 // 5])
    (leak / "encrypted.pdf").write_bytes(b.pdf_bytes("Hidden text", encrypt=True))
    (leak / "huge-count.pdf").write_bytes(b.pdf_bytes("A billion pages: lammergeier", 10**9))
    (leak / "empty.txt").write_bytes(b"")
    b.random_bytes(leak / "random.bin")
    (leak / "laughs.xml").write_text(b.BILLION_LAUGHS)
    b.docx_with_doctype(leak / "xxe.docx", b.XXE_DOCTYPE, b.XXE_BODY)
    b.docx_with_doctype(leak / "laughs.docx", LAUGHS_DOCTYPE, "laugh &lol9; outlasted")
    with pyzipper.AESZipFile(leak / "encrypted.zip", "w", encryption=pyzipper.WZ_AES) as z:
        z.setpassword(b"s3cret")
        z.writestr("secret.txt", "hidden")
    # good files beside them
    (leak / "good.pdf").write_bytes(b.pdf_bytes("A good PDF about the gallowglass fund"))
    b.docx_plain(leak / "good.docx", "A good Word file about the pennywhistle contract.")
    (leak / "good.txt").write_text("A good plain note: the corncrake payment.\n")
    b.write_bytes_name(leak, b"caf\xe9.txt", b"Latin-1 name, the oriole account.\n")
    b.write_bytes_name(leak, b"line\nbreak\x07\x1b[31m.txt", b"Control chars: the bittern.\n")
    b.long_path(leak)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile")
    leak = root / "a" / "b" / "leak"
    build_leak(leak)
    case_dir = root / "case"
    watched = [Path.cwd(), Path("/tmp"), Path("/etc"), Path("/"), root.parent]
    before_tops = {folder: top_level(folder) for folder in watched}
    before_root = snapshot(root)
    settings = IngestSettings(
        workers=2,
        read=ReadSettings(Limits(max_total_expanded=EXPANSION_LIMIT)),
        worker_limits=WorkerLimits(timeout_base=60, memory_bytes=3 * b.GIB),
    )
    memory = PeakMemory()
    memory.start()
    with open_case(case_dir, create=True) as case:
        progress = ingest(case, [leak], settings)
        peak = memory.stop()
        documents = list(case.store.documents())
        texts = {doc.id: case.store.text(doc.id) for doc in documents}
    yield {
        "root": root,
        "leak": leak,
        "case": case_dir,
        "progress": progress,
        "peak": peak,
        "workers_seen": memory.processes,
        "docs": {doc.path.removeprefix(str(leak) + "/"): doc for doc in documents},
        "texts": texts,
        "new_tops": {f: top_level(f) - before for f, before in before_tops.items()},
        "new_in_root": snapshot(root, skip=case_dir) - before_root - {str(case_dir)},
    }


def _reason_of(error: str | None) -> str | None:
    return None if error is None else error.split(":", 1)[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bomb-one.zip", "bomb"),
        ("bomb-many.zip", "bomb"),
        ("bomb-overlap.zip", "bomb"),
        ("endless.gz", "bomb"),
        ("truncated.pdf", "corrupt"),
        ("encrypted.pdf", "encrypted"),
        ("encrypted.zip", "encrypted"),
        ("empty.txt", "empty"),
        ("random.bin", "unsupported"),
    ],
)
def test_each_bad_file_gets_its_reason(hostile, name: str, expected: str) -> None:
    assert _reason_of(hostile["docs"][name].error) == expected


def test_the_run_finishes_with_every_file_a_document(hostile) -> None:
    progress = hostile["progress"]
    on_disk = [p for p in hostile["leak"].rglob("*") if p.is_file()]
    assert progress.files_total == len(on_disk) and not progress.unreadable
    assert all(doc.error is None or doc.error.strip() for doc in hostile["docs"].values())
    # every failure is in the summary, too_deep ones (decided by the store) included
    failed = [doc for doc in hostile["docs"].values() if doc.error]
    too_deep = [doc for doc in failed if doc.error.startswith("too_deep")]
    assert sum(progress.failures.values()) == len(failed)
    assert progress.failures["too_deep"] == len(too_deep) > 0


def test_good_files_beside_them_are_read_fully(hostile) -> None:
    docs, texts = hostile["docs"], hostile["texts"]
    expected = {
        "good.pdf": "gallowglass fund",
        "good.docx": "pennywhistle contract",
        "good.txt": "corncrake payment",
        "traversal.zip/inside/good.txt": "zephyrine ledger",
        "traversal.tar/good.txt": "quillfeather memo",
        "huge-count.pdf": "lammergeier",
    }
    for name, words in expected.items():
        assert docs[name].error is None, name
        assert words in texts[docs[name].id], name
    deep = next(doc for path, doc in docs.items() if path.endswith("deep-note.txt"))
    assert len(deep.path) > 3000 and "marrowbone" in texts[deep.id]


def test_nesting_stops_at_the_depth_limit(hostile) -> None:
    docs = hostile["docs"]
    levels = {path.count("/"): doc for path, doc in docs.items() if path.startswith("nested40.zip")}
    deepest_read = max(depth for depth, doc in levels.items() if doc.error is None)
    assert deepest_read == IngestSettings().max_depth
    too_deep = [doc for doc in docs.values() if doc.error and doc.error.startswith("too_deep")]
    assert too_deep and all(doc.path.count(".zip/") == 13 for doc in too_deep)
    assert (
        "nesting level 12."
        in hostile["texts"][next(d.id for p, d in docs.items() if p.endswith("/level-12.txt"))]
    )


def test_xml_entities_are_never_expanded(hostile) -> None:
    docs, texts = hostile["docs"], hostile["texts"]
    secret = Path("/etc/passwd").read_text().splitlines()[0]
    xxe = texts[docs["xxe.docx"].id]
    assert secret not in xxe and "root:" not in xxe
    assert "Secret follows:" in xxe and "kestrelwing" in xxe  # the text around it survives
    laughs = texts[docs["laughs.docx"].id]
    # libxml2 stops at the amplification (even unexpanded); what came before is kept
    assert laughs.startswith("laugh") and "lollol" not in laughs and len(laughs) < 1000
    assert len(texts[docs["laughs.xml"].id]) < 10_000


def test_traversal_and_links_stay_inside(hostile) -> None:
    docs, texts = hostile["docs"], hostile["texts"]
    passwd = Path("/etc/passwd").read_bytes()
    for path, doc in docs.items():
        assert passwd[:40].decode() not in texts[doc.id]
        member = path.partition(".zip/")[2] or path.partition(".tar/")[2]
        assert "/../" not in f"/{member}/" and "\\" not in member
    for archive in ("traversal.zip", "traversal.tar"):
        members = {p.removeprefix(archive + "/") for p in docs if p.startswith(archive + "/")}
        assert {"evil-zip.txt", "evil-tar.txt"} & members
        links = {"passwd-link", "passwd-symlink", "passwd-hardlink", "climb-hardlink", "dir-link"}
        assert not members & links  # a link is noted, never read through
        noted = json.loads(_metadata(hostile, archive))["skipped_links"]
        assert {link["target"] for link in noted} >= {"/etc/passwd"}


def _metadata(hostile, name: str) -> str:
    import sqlite3

    db = sqlite3.connect(hostile["case"] / "case.db")
    row = db.execute("SELECT metadata FROM documents WHERE id = ?", (hostile["docs"][name].id,))
    value = row.fetchone()[0]
    db.close()
    return value


def test_nothing_is_written_outside_the_case_folder(hostile) -> None:
    assert hostile["new_in_root"] == set()
    for folder, new in hostile["new_tops"].items():
        assert not [name for name in new if any(evil in name for evil in EVIL_NAMES)], folder
    assert hostile["new_tops"][hostile["root"].parent] == set()
    assert not any(Path("/etc", name).exists() for name in ("x-nutgraf", "x-nutgraf-tar"))
    # workers kept their temporary files in the case folder and removed them
    assert not (hostile["case"] / "tmp").exists() or not any((hostile["case"] / "tmp").iterdir())


def test_worker_memory_stays_bounded(hostile) -> None:
    assert hostile["workers_seen"] >= 2  # the forkserver and its workers were watched
    print(f"peak worker RSS with 4 GiB bombs: {hostile['peak'] / b.MIB:.0f} MiB")
    assert 0 < hostile["peak"] < MEMORY_BOUND, f"peak RSS {hostile['peak'] / b.MIB:.0f} MiB"


def test_names_that_are_not_utf8_are_kept_byte_for_byte(hostile) -> None:
    import sqlite3

    leak = hostile["leak"]
    db = sqlite3.connect(hostile["case"] / "case.db")
    raw = {row[0] for row in db.execute("SELECT raw_path FROM paths WHERE raw_path IS NOT NULL")}
    db.close()
    assert os.fsencode(leak) + b"/caf\xe9.txt" in raw
    doc = hostile["docs"]["caf\\xe9.txt"]
    assert "oriole" in hostile["texts"][doc.id]


def test_docs_shows_odd_names_escaped_one_per_line(hostile) -> None:
    command = [sys.executable, "-m", "nutgraf.cli", "docs", "--case", str(hostile["case"])]
    listing = subprocess.run(command, capture_output=True, check=True).stdout
    text = listing.decode("utf-8")  # valid UTF-8 whatever the names were
    lines = text.splitlines()
    assert len(lines) == len(hostile["docs"])
    assert any(line.endswith("caf\\xe9.txt") for line in lines)
    assert any("line\\x0abreak\\x07\\x1b[31m.txt" in line for line in lines)
    assert "\x1b" not in text and "\x07" not in text
    as_json = subprocess.run([*command, "--json"], capture_output=True, check=True).stdout
    paths = {json.loads(line)["path"] for line in as_json.decode().splitlines()}
    assert str(hostile["leak"] / "line\nbreak\x07\x1b[31m.txt") in paths
