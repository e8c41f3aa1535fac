"""Multi-volume archives are read once, from the first volume; every volume is accounted for."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from nutgraf.ingest.volumes import volume_sets
from tests.test_cli import lines, nutgraf


def test_volume_sets_by_name() -> None:
    folder = Path("/leak")
    names = [
        "a.7z.001", "a.7z.002", "a.7z.003", "b.part1.rar", "b.part2.rar", "c.rar", "c.r00",
        "c.r01", "d.z01", "d.z02", "d.zip", "lone.7z.001", "e.zip", "notes.txt", "f.7z.002",
        "f.7z.003",
    ]  # fmt: skip
    found = {
        tuple(path.name for path in group) for group in volume_sets([folder / n for n in names])
    }
    assert found == {
        ("a.7z.001", "a.7z.002", "a.7z.003"),
        ("b.part1.rar", "b.part2.rar"),
        ("c.rar", "c.r00", "c.r01"),
        ("d.zip", "d.z01", "d.z02"),  # 7-Zip opens the .zip, which holds the directory
    }  # a lone first volume, a set without its first volume, single files: no set


@pytest.mark.skipif(shutil.which("7zz") is None, reason="7zz (Debian 7zip) not installed")
def test_split_archives_read_once_and_every_volume_accounted(tmp_path: Path) -> None:
    source, leak = tmp_path / "source", tmp_path / "leak"
    source.mkdir()
    leak.mkdir()
    random.seed(1)
    filler = "".join(random.choice("abcdefghij klmnop") for _ in range(30000))
    (source / "report.txt").write_text(f"Payment of 75,000 EUR to Marchetti Holdings.\n{filler}\n")
    for name, kind in (("set.7z", "-t7z"), ("other.zip", "-tzip")):
        subprocess.run(
            ["7zz", "a", kind, "-v8k", str(leak / name), "report.txt"],
            cwd=source, check=True, capture_output=True,
        )  # fmt: skip
    case = str(tmp_path / "case")
    summary = lines(nutgraf("ingest", str(leak), "--case", case, "--json").stdout)[0]
    assert summary["failures_by_reason"] == {}
    rows = lines(nutgraf("docs", "--case", case, "--json").stdout)
    docs = {path: row for row in rows for path in row["paths"]}  # the member is in both sets
    for first in ("set.7z.001", "other.zip.001"):
        head = docs[str(leak / first)]
        assert head["reader"] == "7zz" and len(head["volumes"]) == 3
        member = docs[str(leak / first / "report.txt")]
        assert member["error"] is None and member["text_length"] > 30000
    checked = nutgraf("check", str(leak), "--case", case, "--json")
    verdicts = {Path(row["path"]).name: row for row in lines(checked.stdout)}
    assert verdicts["set.7z.002"]["status"] == "volume"
    assert verdicts["set.7z.003"]["of"] == str(leak / "set.7z.001")
    assert verdicts["other.zip.001"]["status"] == "document"
    assert not list((tmp_path / "case" / "tmp").glob("volumes-*"))  # scratch cleaned up
