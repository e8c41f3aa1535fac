"""Offline translation: chrF per engine and language pair, and words per second.

    .venv/bin/python bench/translate.py [--repeat R] [--no-alternatives] [--json] [-v]

Quality: for each pair in bench/gold/translate/ (30 hand-written sentences with one reference
English translation each, written before any engine was run: see its README), the engine
nutgraf chooses for that language (`translator_for`, the same call `nutgraf translate` makes)
translates the sentences, and sacrebleu's chrF (character 6-grams, β = 2, corpus level)
compares them with the references. Each pair also gets an `identity` row — the source copied
unchanged — so the reader sees how much the engine adds over names, numbers and shared words.
With alternatives (the default), an engine nutgraf could use but does not choose for that
pair (a FreeDict gloss where Apertium wins) is scored too, marked as not chosen.

Speed: each engine translates the set repeated R times (default 10, ≈ 4,000 source words),
in batches of nutgraf's BATCH_SEGMENTS segments as `translate_document` sends them, so the rate
includes the per-batch start of an Apertium pipeline the way a real run pays it; the store's
content cache is not in the way (engines are called directly). Start-up — one two-word
sentence alone through a cold engine (an Apertium pipeline's latency, or loading a FreeDict
index) — is printed apart; a further Apertium call in a long run costs less (≈0.2 s for
spa-eng), as its stages overlap with the work. Words are whitespace-separated source words;
CPU seconds are this process's plus its children's (the Apertium stages), so on this 2-core
machine CPU can exceed wall time. Run it under `nice -n 10` beside other work; wall times then
vary with the load, CPU times less.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from nutgraf.translate import BATCH_SEGMENTS, freedict
from nutgraf.translate.engines import (
    ApertiumTranslator,
    GlossTranslator,
    Translator,
    TranslitTranslator,
    translator_for,
)
from nutgraf.translate.translit import is_latin

GOLD = Path(__file__).resolve().parent / "gold" / "translate"
MODES = Path("/usr/share/apertium/modes")
STARTUP_SENTENCE = {"ar": "شكراً جزيلاً.", "ru": "Спасибо большое."}  # else a Latin one below


@dataclass
class Row:
    pair: str
    engine: str  # `identity`, or the engine string nutgraf stores (`apertium:spa-eng`)
    method: str  # `identity`, `apertium`, `apertium-pivot`, `gloss`, `translit`
    chosen: bool  # the engine nutgraf picks for this pair (identity: False)
    sentences: int
    chrf: float
    words: int = 0  # source words timed
    wall_s: float = 0.0
    cpu_s: float = 0.0
    words_per_s: float = 0.0  # source words / wall seconds
    words_per_cpu_s: float = 0.0  # source words / CPU seconds: steadier on a loaded machine
    calls: int = 0  # engine calls (batches): each Apertium call pays its start-up again
    startup_s: float = 0.0
    processes: str = ""


def load_pair(path: Path) -> list[tuple[str, str]]:
    """(source, reference) rows of one `XX-en.tsv` (header `source<TAB>reference`)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or rows[0] != ["source", "reference"]:
        raise ValueError(f"{path}: the first line must be 'source<TAB>reference'")
    return [(row[0], row[1]) for row in rows[1:] if row]


def chrf(hypotheses: list[str], references: list[str]) -> float:
    """Corpus-level chrF (sacrebleu's defaults), 0–100."""
    from sacrebleu.metrics import CHRF  # here, so the gold set loads without the bench extra

    return float(CHRF().corpus_score(hypotheses, [references]).score)


def sentence_chrf(hypothesis: str, reference: str) -> float:
    from sacrebleu.metrics import CHRF

    return float(CHRF().sentence_score(hypothesis, [reference]).score)


def render(translator: Translator, sources: list[str]) -> list[str]:
    """The translations, sent in nutgraf's batches of BATCH_SEGMENTS segments."""
    out: list[str] = []
    for first in range(0, len(sources), BATCH_SEGMENTS):
        out.extend(
            r.translation for r in translator.translate(sources[first : first + BATCH_SEGMENTS])
        )
    return out


def engines_for(language: str, sources: list[str], alternatives: bool) -> list[Translator]:
    """nutgraf's choice first (as `translate_document` picks it), then the not-chosen ones."""
    chosen = translator_for(language, "en", sample=" ".join(sources)[:2000])
    found: list[Translator] = [chosen] if chosen is not None else []
    if not alternatives or chosen is None:
        return found
    if not isinstance(chosen, GlossTranslator) and freedict.path_for(language, "en"):
        found.append(GlossTranslator(language, "en"))
    if not isinstance(chosen, TranslitTranslator) and not is_latin(" ".join(sources)):
        found.append(TranslitTranslator())  # what the gloss adds over Latin letters alone
    return found


def processes(translator: Translator) -> str:
    """How many processes translate: Apertium runs each mode as a pipeline of programs."""
    if isinstance(translator, ApertiumTranslator):
        stages = []
        for mode in translator.modes:
            path = MODES / f"{mode}.mode"
            stages.append(path.read_text().count("|") + 1 if path.exists() else 0)
        chain = ", then ".join(f"{n} piped stages" for n in stages)
        return f"1 python + apertium: {chain} (a pipeline's stages run at once)"
    return "1 python process (in-process)"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _cold(translator: Translator) -> None:
    """Forget what the engine loaded, so start-up is measured cold (Apertium keeps nothing)."""
    if isinstance(translator, GlossTranslator):
        freedict.load.cache_clear()


def time_engine(
    translator: Translator, language: str, sources: list[str], repeat: int
) -> dict[str, Any]:
    _cold(translator)
    started = time.perf_counter()
    translator.translate([STARTUP_SENTENCE.get(language, "Gracias, Haddad.")])
    startup = time.perf_counter() - started
    text = sources * repeat
    words = sum(len(s.split()) for s in text)
    cpu, started = _cpu(), time.perf_counter()
    render(translator, text)
    wall, cpu = time.perf_counter() - started, _cpu() - cpu
    return {
        "words": words,
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "words_per_s": round(words / wall, 1) if wall else 0.0,
        "words_per_cpu_s": round(words / cpu, 1) if cpu else 0.0,
        "calls": -(-len(text) // BATCH_SEGMENTS),
        "startup_s": round(startup, 3),
        "processes": processes(translator),
    }


def score_pair(
    pair: str, rows: list[tuple[str, str]], translator: Translator
) -> tuple[Row, list[str]]:
    """The engine's chrF on rows, and its translations (in order)."""
    sources = [source for source, _ in rows]
    references = [reference for _, reference in rows]
    hypotheses = render(translator, sources)
    row = Row(pair, translator.engine, translator.method, False, len(rows), 0.0)
    row.chrf = round(chrf(hypotheses, references), 1)
    return row, hypotheses


def identity_row(pair: str, rows: list[tuple[str, str]]) -> Row:
    sources = [source for source, _ in rows]
    score = chrf(sources, [reference for _, reference in rows])
    return Row(pair, "identity", "identity", False, len(rows), round(score, 1))


def run(repeat: int, alternatives: bool, verbose: bool, pairs: list[str]) -> list[Row]:
    out: list[Row] = []
    for path in sorted(GOLD.glob("*-en.tsv")):
        pair = path.stem
        language = pair.split("-")[0]
        if pairs and language not in pairs:
            continue
        rows = load_pair(path)
        sources = [source for source, _ in rows]
        out.append(identity_row(pair, rows))
        for number, translator in enumerate(engines_for(language, sources, alternatives)):
            row, hypotheses = score_pair(pair, rows, translator)
            row.chosen = number == 0
            for key, value in time_engine(translator, language, sources, repeat).items():
                setattr(row, key, value)
            out.append(row)
            if verbose:
                _show(row, rows, hypotheses)
    return out


def _show(row: Row, rows: list[tuple[str, str]], hypotheses: list[str]) -> None:
    print(f"\n== {row.pair} {row.engine} ==", file=sys.stderr)
    for (source, reference), hypothesis in zip(rows, hypotheses, strict=True):
        score = sentence_chrf(hypothesis, reference)
        print(
            f"{score:5.1f}  {source}\n       → {hypothesis}\n       = {reference}", file=sys.stderr
        )


def table(rows: list[Row]) -> str:
    head = f"{'pair':<6} {'engine':<26} {'method':<15} {'chosen':<6} {'chrF':>5} {'words/s':>8} "
    head += f"{'w/CPU s':>8} {'words':>6} {'calls':>5} {'wall s':>7} {'CPU s':>6} {'start s':>7}"
    lines = [head, "-" * len(head)]
    for r in rows:
        chosen = "yes" if r.chosen else ""
        line = f"{r.pair:<6} {r.engine:<26} {r.method:<15} {chosen:<6} {r.chrf:>5.1f}"
        if r.method != "identity":
            line += f" {r.words_per_s:>8,.0f} {r.words_per_cpu_s:>8,.0f} {r.words:>6}"
            line += f" {r.calls:>5} {r.wall_s:>7.2f} {r.cpu_s:>6.2f} {r.startup_s:>7.2f}"
        lines.append(line)
    lines.append("")
    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    lines.append(f"machine: {machine}; words/s = source words / wall s; processes per engine:")
    described = {r.engine: r.processes for r in rows if r.processes}
    lines.extend(f"  {engine:<26} {how}" for engine, how in sorted(described.items()))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--repeat", type=int, default=10, help="the set repeated R times for words/s"
    )
    parser.add_argument(
        "--no-alternatives", action="store_true", help="only nutgraf's chosen engines"
    )
    parser.add_argument("--pairs", default="", help="source languages to run (es,fr…), default all")
    parser.add_argument("--json", action="store_true", help="JSON instead of the table")
    parser.add_argument("-v", "--verbose", action="store_true", help="each sentence on stderr")
    args = parser.parse_args()
    pairs = [p.strip() for p in args.pairs.split(",") if p.strip()]
    rows = run(max(1, args.repeat), not args.no_alternatives, args.verbose, pairs)
    if args.json:
        machine = {"cores": os.cpu_count(), "python": platform.python_version()}
        print(json.dumps({"machine": machine, "rows": [asdict(r) for r in rows]}, indent=1))
    else:
        print(table(rows))


if __name__ == "__main__":
    main()
