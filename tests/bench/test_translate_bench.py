"""bench/translate.py scores Spanish→English with nutgraf's real engine: on two sentences
of the hand-written set, Apertium's chrF beats copying the source unchanged."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from nutgraf.translate import engines

BENCH = Path(__file__).resolve().parents[2] / "bench" / "translate.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_translate", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    not engines.apertium.route("es", "en"),
    reason="apertium with apertium-eng-spa not installed (setup.sh installs them)",
)
def test_apertium_beats_identity_on_spanish() -> None:
    pytest.importorskip("sacrebleu", reason="sacrebleu not installed (pip install '.[bench]')")
    bench = _bench()
    rows = bench.load_pair(BENCH.parent / "gold" / "translate" / "es-en.tsv")[:2]
    assert len(rows) == 2
    translator = bench.engines_for("es", [source for source, _ in rows], alternatives=False)[0]
    assert translator.method == "apertium"
    scored, hypotheses = bench.score_pair("es-en", rows, translator)
    identity = bench.identity_row("es-en", rows)
    assert len(hypotheses) == 2 and hypotheses != [source for source, _ in rows]
    assert scored.chrf > identity.chrf
    # the scorer itself: a reference scores 100 against itself, the engine's output less
    references = [reference for _, reference in rows]
    assert bench.chrf(references, references) == pytest.approx(100.0)
    assert scored.chrf < 100.0


def test_every_pair_is_well_formed() -> None:
    bench = _bench()
    files = sorted((BENCH.parent / "gold" / "translate").glob("*-en.tsv"))
    assert {path.stem for path in files} >= {"es-en", "ca-en", "fr-en", "pt-en", "it-en",
                                              "de-en", "nl-en", "ar-en", "ru-en"}  # fmt: skip
    for path in files:
        rows = bench.load_pair(path)
        assert 25 <= len(rows) <= 40, path
        assert all(source.strip() and reference.strip() for source, reference in rows), path
        assert len({source for source, _ in rows}) == len(rows), f"{path}: a repeated source"
