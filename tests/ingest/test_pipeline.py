"""The ingest job on a real case: hierarchy, duplicates, failures, idempotence, resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from nutgraf import ingest, open_case
from nutgraf.ingest.pipeline import IngestSettings
from tests.leak_factory import end_state, write_leak


def by_name(case) -> dict[str, object]:
    return {doc.path.rsplit("/", 1)[-1]: doc for doc in case.store.documents()}


def test_every_file_becomes_a_document_or_an_error(small_case) -> None:
    docs = by_name(small_case)
    on_disk = {p.name for p in small_case.leak.rglob("*") if p.is_file()}
    assert on_disk - {"same-note.txt"} <= set(docs)  # the copy is a path of note-fr.txt
    assert docs["broken.pdf"].error.startswith("corrupt")
    assert docs["empty.dat"].error.startswith("empty")
    assert docs["note-fr.txt"].error is None


def test_hierarchy_is_kept_for_archives_and_their_members(small_case) -> None:
    docs = by_name(small_case)
    bundle, nested, minutes = docs["bundle.zip"], docs["nested.zip"], docs["minutes.txt"]
    assert nested.parent_id == bundle.id and minutes.parent_id == nested.id
    assert minutes.path == f"{bundle.path}/nested.zip/deep/minutes.txt"
    assert [c.id for c in small_case.store.children(nested.id)] == [minutes.id]


def test_identical_content_is_one_document_with_every_path(small_case) -> None:
    note = by_name(small_case)["note-fr.txt"]
    paths = small_case.store.paths(note.id)
    assert len(paths) == 2
    assert {Path(p).name for p in paths} == {"note-fr.txt", "same-note.txt"}
    assert small_case.ingest_progress.duplicates == 1


def test_originals_are_kept_byte_for_byte(small_case) -> None:
    for doc in small_case.store.documents():
        stored = small_case.blobs.path(doc.sha256).read_bytes()
        assert len(stored) == doc.size
        if doc.parent_id is None:
            assert Path(doc.path).read_bytes() == stored


def test_failures_are_listed(small_case) -> None:
    failed = {d.path.rsplit("/", 1)[-1] for d in small_case.store.documents(errors_only=True)}
    assert failed == {"broken.pdf", "empty.dat"}


def test_rerun_adds_nothing_and_skips_unchanged_files(tmp_path: Path) -> None:
    leak = write_leak(tmp_path)
    with open_case(tmp_path / "case", create=True) as case:
        first = ingest(case, [leak], IngestSettings(workers=2))
        count = case.store.counts()["documents"]
        second = ingest(case, [leak], IngestSettings(workers=2))
        assert second.files_stored == 0 and second.documents_read == 0
        assert second.unchanged == first.files_total
        assert case.store.counts()["documents"] == count
        assert case.index.searcher().num_docs == count


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    leak = write_leak(tmp_path)
    with open_case(tmp_path / "case", create=True) as case:
        ingest(case, [leak], IngestSettings(workers=1))
        (leak / "note-fr.txt").write_text("Une autre version, avec un mot rare: quetzalcoatl.\n")
        again = ingest(case, [leak], IngestSettings(workers=1))
        assert again.files_stored == 1 and again.documents_read == 1


def _ingest_command(leak: Path, case_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "nutgraf.cli",
        "ingest",
        str(leak),
        "--case",
        str(case_dir),
        "--json",
    ]


def test_killed_runs_resume_to_the_same_endend_state(tmp_path: Path) -> None:
    leak = write_leak(tmp_path)
    reference = tmp_path / "reference"
    subprocess.run(_ingest_command(leak, reference), check=True, capture_output=True)
    expected = end_state(reference)
    killed = tmp_path / "killed"
    for delay in (0.3, 0.8, 1.5, 2.5):
        process = subprocess.Popen(
            _ingest_command(leak, killed),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    subprocess.run(_ingest_command(leak, killed), check=True, capture_output=True)
    assert end_state(killed) == expected
    with open_case(killed) as case:
        assert case.index.searcher().num_docs == len(expected["documents"])


def test_a_case_inside_the_leak_is_not_ingested(tmp_path: Path) -> None:
    leak = write_leak(tmp_path)
    with open_case(leak / "nutgraf-case", create=True) as case:
        ingest(case, [leak], IngestSettings(workers=1))
        paths = [doc.path for doc in case.store.documents()]
    assert paths and not any("nutgraf-case" in path for path in paths)


def test_links_inside_a_folder_are_not_followed(tmp_path: Path) -> None:
    leak = write_leak(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text("private notes of the reporter, never part of the leak\n")
    (leak / "link.txt").symlink_to(outside)
    with open_case(tmp_path / "case", create=True) as case:
        ingest(case, [leak], IngestSettings(workers=1))
        assert not any(doc.path.endswith("link.txt") for doc in case.store.documents())


def test_one_ingest_at_a_time(tmp_path: Path) -> None:
    from nutgraf.errors import CaseError

    with (
        open_case(tmp_path / "case", create=True) as case,
        case.writing(),
        open_case(tmp_path / "case") as other,
    ):
        try:
            ingest(other, [write_leak(tmp_path)], IngestSettings(workers=1))
        except CaseError as error:
            assert "another ingest is running" in str(error)
        else:
            raise AssertionError("a second ingest ran while the first held the case")


def test_what_an_archive_says_of_a_member_is_kept(small_case) -> None:
    memo = by_name(small_case)["memo.txt"]
    container = memo.metadata["container"]
    assert container["modified"][:4].isdigit()
    row = small_case.store.db.execute("SELECT date FROM documents WHERE id = ?", (memo.id,))
    assert row.fetchone()[0] == container["modified"]


def test_too_deep_nesting_is_counted_in_the_summary(tmp_path: Path) -> None:
    import io
    import zipfile

    data = b"the innermost memo\n"
    for level in range(5):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(f"level-{level}", data)
        data = buffer.getvalue()
    leak = tmp_path / "leak"
    leak.mkdir()
    (leak / "nested.zip").write_bytes(data)
    with open_case(tmp_path / "case", create=True) as case:
        progress = ingest(case, [leak], IngestSettings(workers=1, max_depth=2))
        assert progress.failures["too_deep"] == 1
        failed = [doc for doc in case.store.documents(errors_only=True)]
        assert [doc.error.split(":")[0] for doc in failed] == ["too_deep"]
