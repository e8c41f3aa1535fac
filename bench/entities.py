"""Entity recognition speed: characters per second of the gazetteer and of the whole NER step.

    .venv/bin/python bench/entities.py [--case DIR] [--max-chars N] [--repeat R]

Without --case: the public corpus's lingua-sentences (one file of sentences per language,
1.2 MB in nine languages, ar and he among them), each file one text. With --case: the stored
texts of an ingested case in document-id order. Up to --max-chars in all, so two runs time
the same texts. Times `find_places` (the gazetteer) and `find_mentions` (every rule). The
gazetteer is built before timing starts: a worker pays that once, so it is printed apart.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path

from nutgraf.analyze import _gazetteer
from nutgraf.analyze.ner import find_mentions

SENTENCES = Path(__file__).resolve().parents[2] / "shared/corpus/public/lingua-sentences"


def _texts(case: Path | None, folder: Path, max_chars: int) -> list[tuple[str, str | None]]:
    if case is None:
        rows = [(p.read_text(encoding="utf-8"), p.stem) for p in sorted(folder.glob("*.txt"))]
    else:
        db = sqlite3.connect(f"file:{case / 'case.db'}?mode=ro", uri=True)
        rows = db.execute(
            "SELECT t.text, d.language FROM texts t JOIN documents d ON d.id = t.doc_id "
            "WHERE t.text != '' ORDER BY t.doc_id"
        ).fetchall()
    texts: list[tuple[str, str | None]] = []
    total = 0
    for text, language in rows:
        if total >= max_chars:
            break
        texts.append((text[: max_chars - total], language))
        total += len(texts[-1][0])
    return texts


def _rate(label: str, texts: list[tuple[str, str | None]], run, repeat: int) -> None:
    chars = sum(len(text) for text, _ in texts)
    best = float("inf")
    found = 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = sum(run(text, language) for text, language in texts)
        best = min(best, time.perf_counter() - started)
    rate = f"{chars / best:>12,.0f} chars/s"
    print(f"{label:<14} {rate}  ({chars:,} chars in {best:.2f} s, {found} found)")


def _places(text: str, language: str | None) -> int:
    try:
        return len(list(_gazetteer.find_places(text, language)))  # type: ignore[call-arg]
    except TypeError:  # before the language argument existed
        return len(list(_gazetteer.find_places(text)))


def _mentions(text: str, language: str | None) -> int:
    try:
        return len(find_mentions(text, None, language))  # type: ignore[call-arg]
    except TypeError:
        return len(find_mentions(text, None))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", type=Path, default=None)
    parser.add_argument("--folder", type=Path, default=SENTENCES, help="*.txt named by language")
    parser.add_argument("--max-chars", type=int, default=3_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    texts = _texts(args.case, args.folder, args.max_chars)
    started = time.perf_counter()
    _places("Paris", "en")  # builds the gazetteer (and its automaton) once
    print(f"{'build':<14} {time.perf_counter() - started:>12.2f} s (once per worker)")
    _rate("find_places", texts, _places, args.repeat)
    _rate("find_mentions", texts, _mentions, args.repeat)


if __name__ == "__main__":
    main()
