"""Killed at random moments, a larger ingest (archives, mails, a PST) ends exactly as an
uninterrupted one; `--retry-failed` reads again only what failed."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tarfile
import time
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pyzipper

from tests.conftest import PUBLIC_CORPUS
from tests.hostile import builders as b
from tests.leak_factory import write_leak

SEED = 20240501
CORPUS_EXTRAS = (
    "ingest-file/testPST.pst",
    "tika/pkg/test-documents.tgz",
    "tika/mail/testMBOX_complex.mbox",
)


def _mail(number: int) -> bytes:
    mail = EmailMessage()
    mail["From"] = f"Sender {number} <sender{number}@harbour.example>"
    mail["To"] = "desk@harbour.example"
    mail["Subject"] = f"Transfer {number}"
    mail["Message-ID"] = f"<m{number}@harbour.example>"
    mail.set_content(f"Wire EUR {number},500 to account {number} before Friday.\n")
    attachment = io.BytesIO()
    with zipfile.ZipFile(attachment, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"ledger-{number}.txt", f"Ledger {number}: paid USD {number * 7}.\n")
    mail.add_attachment(attachment.getvalue(), "application", "zip", filename=f"l{number}.zip")
    return mail.as_bytes()


def larger_leak(root: Path) -> Path:
    leak = write_leak(root)
    for number in range(12):
        (leak / "mail" / f"m{number}.eml").write_bytes(_mail(number))
    with tarfile.open(leak / "bundle.tar", "w") as archive:
        for number in range(20):
            data = f"Minute {number}: the board approved {number}% of the budget.\n".encode()
            info = tarfile.TarInfo(f"minutes/{number:02d}.txt")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    b.nested_zips(leak / "nested.zip", levels=15)
    with pyzipper.AESZipFile(leak / "locked.zip", "w", encryption=pyzipper.WZ_AES) as locked:
        locked.setpassword(b"s3cret")
        locked.writestr("secret.txt", "The hidden account is at the Lugano branch.\n")
    for relative in CORPUS_EXTRAS:
        if (PUBLIC_CORPUS / relative).is_file():
            shutil.copyfile(PUBLIC_CORPUS / relative, leak / Path(relative).name)
    return leak


def ingest(leak: Path, case: Path, *options: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "nutgraf.cli", "ingest", str(leak), "--case", str(case),
               "--json", "--workers", "2", *options]  # fmt: skip
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True
    )


def finished(process: subprocess.Popen) -> dict:
    out, _ = process.communicate(timeout=600)
    assert process.returncode == 0
    return json.loads(out.decode().splitlines()[-1])


def state(case: Path) -> dict[str, object]:
    db = sqlite3.connect(case / "case.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    queries = {
        "documents": "SELECT id, path, parent_id, status, error_reason, text_length, mime, "
        "language, title FROM documents",
        "paths": "SELECT path, doc_id, parent_id FROM paths",
        "texts": "SELECT doc_id, text, pages FROM texts",
        "facts": 'SELECT doc_id, kind, start, "end", quote, value FROM facts',
        "mentions": 'SELECT entity_id, doc_id, start, "end", quote FROM mentions',
        "entities": "SELECT id, type, name FROM entities",
        "pending": "SELECT id FROM documents WHERE status = 'pending' OR indexed = 0",
    }
    found = {name: sorted(db.execute(sql), key=repr) for name, sql in queries.items()}
    db.close()
    return found


def blobs_are_whole(case: Path) -> None:
    """Every document's blob exists with its size; no half-written file is left."""
    db = sqlite3.connect(case / "case.db")
    for sha256, size in db.execute("SELECT sha256, size FROM documents"):
        assert (case / "blobs" / sha256[:2] / sha256[2:4] / sha256).stat().st_size == size
    db.close()
    assert not list((case / "blobs").rglob(".incoming-*"))


def test_random_kills_end_in_the_uninterrupted_state(tmp_path: Path) -> None:
    leak = larger_leak(tmp_path)
    started = time.monotonic()
    finished(ingest(leak, tmp_path / "reference"))
    duration = time.monotonic() - started
    expected = state(tmp_path / "reference")
    assert not expected["pending"] and len(expected["documents"]) > 80
    rng = random.Random(SEED)
    killed = tmp_path / "killed"
    kills = 0
    for _ in range(6):
        process = ingest(leak, killed)
        time.sleep(rng.uniform(0.2, duration * 0.9))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
    assert kills >= 3
    finished(ingest(leak, killed))
    assert state(killed) == expected
    blobs_are_whole(killed)
    again = finished(ingest(leak, killed))  # and a further run changes nothing
    assert again["documents_read"] == 0 and state(killed) == expected


def test_retry_failed_reads_only_the_failures(tmp_path: Path) -> None:
    leak = larger_leak(tmp_path)
    case = tmp_path / "case"
    first = finished(ingest(leak, case))
    before = state(case)
    failed = [row for row in before["documents"] if row[3] == "failed"]
    retried = [row for row in failed if row[4] != "too_deep"]
    assert any(row[1].endswith("locked.zip") for row in failed)
    again = finished(ingest(leak, case, "--retry-failed", "--password", "s3cret"))
    after = state(case)
    new = {row[0] for row in after["documents"]} - {row[0] for row in before["documents"]}
    assert again["files_stored"] == 0 and again["unchanged"] == first["files_seen"]
    assert again["documents_read"] == len(retried) + len(new)
    secret = next(row for row in after["documents"] if row[1].endswith("locked.zip/secret.txt"))
    assert secret[3] == "done" and secret[0] in new
    done_before = {row for row in before["texts"] if row[0] not in {r[0] for r in failed}}
    assert done_before <= set(after["texts"])  # what was read is untouched


def _scans(leak: Path, count: int) -> None:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 44)
    for number in range(count):
        image = Image.new("L", (1500, 420), 255)
        draw = ImageDraw.Draw(image)
        draw.text((40, 80), f"Receipt {number}: Harbour Trust paid", fill=0, font=font)
        draw.text((40, 220), f"EUR {number + 1},250 on 3 May 2021", fill=0, font=font)
        image.save(leak / f"scan-{number}.png")


def _ocr_left(case: Path, text_layer_done: bool = True) -> int | None:
    """Documents waiting for OCR once every text layer is read and indexed, else None."""
    try:
        db = sqlite3.connect(f"file:{case / 'case.db'}?mode=ro", uri=True, timeout=5)
        unread = db.execute(
            "SELECT COUNT(*) FROM documents WHERE status = 'pending' OR indexed = 0"
        ).fetchone()[0]
        waiting = db.execute(
            "SELECT COUNT(*) FROM documents WHERE metadata LIKE '%\"ocr_pending\"%'"
        ).fetchone()[0]
        db.close()
    except sqlite3.Error:
        return None
    return waiting if unread == 0 or not text_layer_done else None


def test_killed_during_ocr_resumes_ocr_only(tmp_path: Path) -> None:
    leak = write_leak(tmp_path)
    _scans(leak, 6)
    finished(ingest(leak, tmp_path / "reference", "--ocr", "later"))
    expected = state(tmp_path / "reference")
    killed = tmp_path / "killed"
    process = ingest(leak, killed, "--ocr", "later")
    deadline = time.monotonic() + 600
    text_layer_done = False
    while time.monotonic() < deadline and process.poll() is None:
        # first every text layer read and indexed, then some scans OCRed (the OCRed ones
        # wait for the index's next commit, so only the OCR queue is watched from there)
        text_layer_done = text_layer_done or _ocr_left(killed) == 6
        left = _ocr_left(killed, text_layer_done=False) if text_layer_done else None
        if left is not None and 0 < left < 6:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be killed during OCR"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    left = _ocr_left(killed, text_layer_done=False)
    assert left is not None and 0 < left < 6
    resumed = finished(ingest(leak, killed, "--ocr", "later"))
    assert resumed["documents_read"] == 0  # nothing read again but the scans' OCR
    assert resumed["ocr_pages"] == left and resumed["ocr_pages_left"] == 0
    assert state(killed) == expected
    blobs_are_whole(killed)
