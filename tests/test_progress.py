"""The progress line: separate counts, an ETA, the current file, and a bar that never moves back."""

from __future__ import annotations

import io

from rich.console import Console

from nutgraf.ingest.pipeline import Progress
from nutgraf.progress import STEPS, ProgressView


def shown(view: ProgressView) -> float:
    assert view.task is not None
    return view.bar.tasks[0].completed / STEPS


def test_the_bar_never_moves_back_when_archives_add_documents() -> None:
    console = Console(file=io.StringIO(), width=200, force_terminal=False)
    progress = Progress(phase="reading", files_total=10, documents_queued=10)
    history = []
    with ProgressView(console) as view:
        for step in range(1, 40):
            progress.documents_read = step
            progress.current = f"/leak/file-{step}.zip"
            if step % 5 == 0:
                progress.documents_queued += 8  # an archive brought members
            view.last = 0.0  # no throttling in the test
            view.update(progress)
            history.append(shown(view))
        fields = view.bar.tasks[0].fields
        assert "39/" in fields["counts"] and "10 files" in fields["counts"]
        assert fields["current"].endswith("file-39.zip")
    assert history == sorted(history) and history[-1] < 1.0


def test_ocr_phase_counts_pages_and_announces_the_text_layer() -> None:
    out = io.StringIO()
    console = Console(file=out, width=200, force_terminal=False)
    progress = Progress(phase="reading", documents_read=5, documents_queued=5)
    with ProgressView(console) as view:
        view.update(progress)
        progress.phase = "ocr"
        progress.ocr_pages_total = 12
        progress.ocr_pages_done = 3
        progress.failures["corrupt"] += 1
        view.update(progress)
        fields = view.bar.tasks[0].fields
        assert fields["counts"] == "3/12 pages OCRed"
        assert fields["errors"] == "1 error"
    assert "text layer done" in out.getvalue() and "9 pages left to OCR" in out.getvalue()
