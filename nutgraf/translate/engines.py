"""The engines behind `Translator`, chosen per language pair, best first:

- `apertium`: Apertium has the pair (Spanish→English, Catalan→English…): sentence translation;
- `apertium-pivot`: two Apertium pairs chained through Spanish, Catalan or Esperanto
  (French→Spanish→English, Portuguese→Spanish→English, Italian→Spanish→English);
- `gloss`: a FreeDict dictionary gives each word its senses, word by word (German, Arabic,
  Dutch…): a gist for finding and triage, never a translation; a word in another script
  that the dictionary lacks (often a name) is transliterated;
- `translit`: no dictionary, but a non-Latin script (Russian, Hebrew, Greek…): the text in
  Latin letters (ICU), so names and numbers can be read and searched — not a translation;
- nothing: the segment is left untranslated and says so (`method` null).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from nutgraf.translate import apertium, freedict
from nutgraf.translate.translit import is_latin, to_latin

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True)
class Rendering:
    """One segment's translation: its text, and for glosses each word's senses (offsets are
    relative to the segment's source)."""

    translation: str
    glosses: list[dict[str, Any]] = field(default_factory=list)


class Translator(Protocol):
    @property
    def method(self) -> str:
        """The label every segment it renders carries (`apertium`, `gloss`…)."""

    @property
    def engine(self) -> str:
        """What exactly runs, part of the cache key: `apertium:fr-es+spa-eng`."""

    def translate(self, sources: list[str]) -> list[Rendering]: ...


@dataclass(frozen=True)
class ApertiumTranslator:
    modes: tuple[str, ...]

    @property
    def method(self) -> str:
        return "apertium" if len(self.modes) == 1 else "apertium-pivot"

    @property
    def engine(self) -> str:
        return "apertium:" + "+".join(self.modes)

    def translate(self, sources: list[str]) -> list[Rendering]:
        lines = sources
        for mode in self.modes:
            lines = apertium.translate_lines(mode, lines)
        return [Rendering(line) for line in lines]


@dataclass(frozen=True)
class GlossTranslator:
    source: str
    target: str
    method: str = "gloss"

    @property
    def engine(self) -> str:
        return f"freedict:{self.source}-{self.target}"

    def translate(self, sources: list[str]) -> list[Rendering]:
        dictionary = freedict.load(self.source, self.target)
        assert dictionary is not None  # chosen only when installed
        return [self._gloss(dictionary, source) for source in sources]

    def _gloss(self, dictionary: freedict.Dictionary, source: str) -> Rendering:
        parts: list[str] = []
        glosses: list[dict[str, Any]] = []
        position = 0
        for match in _WORD.finditer(source):
            parts.append(source[position : match.start()])
            word = match.group()
            senses = [] if word.isdigit() else dictionary.senses(word)
            if senses:
                parts.append(_first_meaning(senses[0]))
                glosses.append(
                    {"start": match.start(), "end": match.end(), "word": word, "senses": senses}
                )
            else:  # kept as written; a word in another script (a name, mostly) in Latin letters
                parts.append(word if is_latin(word) else to_latin(word))
            position = match.end()
        parts.append(source[position:])
        return Rendering("".join(parts), glosses)


@dataclass(frozen=True)
class TranslitTranslator:
    method: str = "translit"
    engine: str = "icu:any-latin"

    def translate(self, sources: list[str]) -> list[Rendering]:
        return [Rendering(to_latin(source)) for source in sources]


def _first_meaning(sense: str) -> str:
    return sense.split(",")[0].split(";")[0].strip() or sense


def translator_for(source: str, target: str, sample: str = "") -> Translator | None:
    """The best engine from source to target (ISO 639-1), or None when there is none.

    `sample` (some of the text) decides whether transliteration can help: it only can
    when the text is not already in Latin letters.
    """
    if not source or source == "und" or source == target:
        return None
    modes = apertium.route(source, target)
    if modes:
        return ApertiumTranslator(tuple(modes))
    if freedict.path_for(source, target) is not None:
        return GlossTranslator(source, target)
    if target == "en" and sample and not is_latin(sample):
        return TranslitTranslator()
    return None


def pairs_to(target: str, languages: list[str]) -> dict[str, str]:
    """For each source language, the method that would translate it (README, `--list`)."""
    found: dict[str, str] = {}
    for language in languages:
        translator = translator_for(language, target, sample="" if language == "xx" else "Ж")
        if translator is not None:
            found[language] = f"{translator.method} ({translator.engine})"
    return found
