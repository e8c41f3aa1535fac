"""The gazetteer's "written in lower case elsewhere" test searches for one word at a time;
it says what the set of every lower-case word (`_WORD`) said, on tricky and real texts."""

from __future__ import annotations

import re
from pathlib import Path

from nutgraf.analyze._gazetteer import _WORD, _Context

TRICKY = (
    "Paris paris. Lyon lyon1 lyon_x lyon.fr www.lyon x@lyon /lyon lyon/ Nice nice’s "
    "İzmir i̇zmir İZMİR Straße strasse Ǆemal ǆemal Émile émile e\u0301mile Orange orange\n"
    "Moscow moscow- MOSCOW moscow@ Sale sale.com sale sale.. Mar mar, Para para)"
)
SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "leak"


def _old(text: str, surface: str) -> bool:
    lower = {w for w in set(_WORD.findall(text)) if w.islower()}
    return surface.lower() in lower and surface.lower() != surface


def _texts() -> list[str]:
    found = [TRICKY]
    for path in sorted(SAMPLE.rglob("*")):
        if path.is_file() and path.suffix in (".txt", ".eml", ".md", ".csv", ".html"):
            found.append(path.read_text(errors="replace"))
    return found


def test_same_answer_as_the_set_of_words() -> None:
    texts = _texts()
    assert len(texts) > 3
    compared = true = 0
    for text in texts:
        context = _Context(text, None)
        candidates = set(re.findall(r"\S+", text)) | set(re.findall(r"[^\W\d_]+", text))
        for word in sorted(candidates):
            for surface in {word, word.capitalize(), word.upper(), word.title()}:
                expected = _old(text, surface)
                assert context._written_in_lower_case(surface) == expected, (surface, text[:40])
                compared += 1
                true += expected
    assert compared > 500 and true > 20  # both answers were met
