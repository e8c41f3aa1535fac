"""People, organisations and places named in running text, each with its exact span.

No statistical model yet (see README, "Facts and entities"). These rules favour precision
over recall, and a word common in the document's language is no name by itself
(`_common.py`):

- organisations: capitalised words ending in a legal form (`Cirrolux Systems S.A.`, `Acme
  GmbH`, `Harbour Holdings Ltd`, `אלביט מערכות בע"מ`), or after `شركة` / `مؤسسة` in Arabic;
- people: words after an honorific (`M.`, `Mme`, `Mr`, `Dr`, `Herr`, `Frau`, `Sr.`, `Sra.`,
  `السيد`, `מר`, …), names said to act (`Hugo Marchetti a signé`, `said Nick Burch`) or
  signing a mail (`_plain_names.py`), and names the document's own mail headers give,
  wherever the text repeats them (`Hélène Marchetti`, `MARCHETTI Hélène`); the case's known
  names are found in every text after ingest (`_known_names.py`);
- places: countries and cities of the gazetteer (`_gazetteer.py`).

Every mention satisfies `quote == text[start:end]`; overlapping candidates are settled by kind
(organisation, then person, then place) and then by length.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable, Iterator
from typing import Any

from nutgraf.analyze._common import is_common
from nutgraf.analyze._gazetteer import find_places
from nutgraf.analyze._names import (
    CAPITALS_ONLY,
    HONORIFICS_ARABIC,
    HONORIFICS_HEBREW,
    HONORIFICS_LATIN,
    LEGAL_SUFFIXES,
    NOT_NAMES,
    PARTICLES,
    name_tokens,
    words,
)
from nutgraf.analyze._org_words import is_organisation_word, names_organisation
from nutgraf.analyze._plain_names import find_plain_people
from nutgraf.analyze._prefilter import starting_with
from nutgraf.fold import fold, pattern_for
from nutgraf.model import Mention

MAX_NAME_WORDS = 4
MAX_ORGANISATION_WORDS = 6

_LATIN_WORD = r"(?:[^\W\d_]\.|[^\W\d_]+(?:['’-][^\W\d_]+)*)"
_HONORIFIC = re.compile(
    starting_with(HONORIFICS_LATIN.split("|"))
    + rf"(?<![\w.])(?:{HONORIFICS_LATIN})[ \u00a0]+(?=[^\W\d_])"
)
_HONORIFIC_WORD = re.compile(rf"(?:{HONORIFICS_LATIN})")
_ARABIC_WORDS = r"[\u0621-\u064a\u0660-\u0669\u064b-\u0652]+"
_PERSON_ARABIC = re.compile(
    rf"(?<![\w])(?:{HONORIFICS_ARABIC})\s+(?P<name>{_ARABIC_WORDS}(?: {_ARABIC_WORDS}){{0,3}})"
)
_HEBREW_WORD = r"[\u05d0-\u05ea\u05b0-\u05c7]+(?:['׳][\u05d0-\u05ea]*)?"
_PERSON_HEBREW = re.compile(
    rf"(?<![\w])(?:{HONORIFICS_HEBREW})\s+(?P<name>{_HEBREW_WORD}(?: {_HEBREW_WORD}){{0,2}})"
)
# `(?<=[\w.)])[ \u00a0,]+` written to begin with a character class, which `re` scans for
# fast, and a lookahead of the legal forms' first letters: the same matches, in half the time
_SUFFIX = re.compile(
    r"[ \u00a0,](?<=[\w.)][ \u00a0,])[ \u00a0,]*"
    + starting_with(LEGAL_SUFFIXES, ignore_case=True, literal=True)
    + r"(?P<form>"
    + "|".join(re.escape(s) for s in sorted(LEGAL_SUFFIXES, key=len, reverse=True))
    + r")(?![\w&])",
    re.IGNORECASE,
)
_ORGANISATION_ARABIC = re.compile(
    rf"(?<![\w])(?:شركة|مؤسسة|مصرف|بنك)\s+(?P<name>{_ARABIC_WORDS}(?: {_ARABIC_WORDS})?)"
)
_LATIN_TOKEN = re.compile(r"[^\W_][\w'’&.-]*|&")

ARABIC_STOPWORDS = frozenset(
    words(
        "في من إلى الى على عن أن إن ان و ثم قال قالت وقال وقالت مع هذا هذه الذي التي كان "
        "كانت لقد قد أو لا ما بعد قبل عند حيث بين "
        # words of amounts and deals that follow a company's name, never part of it
        "مبلغ المبلغ بمبلغ قيمة بقيمة مليون مليار ألف دولار يورو عقد العقد"
    )
)
ARABIC_CONNECTORS = frozenset(["عبد", "بن", "ابن", "أبو", "ابو", "أبي", "بنت", "آل"])
HEBREW_STOPWORDS = frozenset(
    words("של את על עם כי גם הוא היא אמר אמרה לא כל אל או אבל זה זו אשר מן עד בין לפני אחרי")
)
NAME_CONNECTORS = frozenset({"&", "and", "et", "und", "y", "e", "of", "de", "du", "des", "der"})
LEADING_WORDS = frozenset(
    fold(word)
    for word in words(
        "The A An La Le Les L' Die Der Das Den Dem El Los Las Il Lo Gli De Het Een Un Une "
        "Ein Eine Paid Pay Payment To From By For With And Or In On At Of Per Via Dear "
        "Cher Chère Société Company Firma Sociedad Società Empresa Entreprise Client "
        "Supplier Fournisseur Lieferant Proveedor Invoice Facture Rechnung Factura "
        "Contract Contrat Vertrag Contrato Attn Re Objet Betreff Asunto Subject"
    )
)


def find_mentions(
    text: str, metadata: dict[str, Any] | None = None, language: str | None = None
) -> list[Mention]:
    """People, organisations and places named in `text`, at most one mention per character.

    `language` is the document's (ISO 639-1): it says which words are common (`_common.py`).
    """
    if not text:
        return []
    people = list(_people_with_honorifics(text, language))
    people += [_plain(text, start, end) for start, end in find_plain_people(text, language)]
    candidates = [
        *_organisations(text, people),
        *people,
        *_known_people(text, _header_names(metadata or {})),
        *(
            Mention("location", p.name, p.start, p.end, text[p.start : p.end])
            for p in find_places(text, language)
        ),
    ]
    return _without_overlaps(text, candidates)


# -------------------------------------------------------------------------- organisations


def _organisations(text: str, people: list[Mention]) -> Iterator[Mention]:
    for match in _SUFFIX.finditer(text):
        form = match.group("form")
        if _needs_capitals(form) and not form.isupper():
            continue
        if form.isalpha() and len(form) > 4 and form.islower():
            continue  # `Greek limited companies`: a spelled-out form is written capitalised
        start = _name_start_before(text, match.start())
        end = match.end()
        for person in people:  # `Mr John Smith of Acme Ltd`: the company starts after him
            if start is not None and start <= (person.start or 0) < end:
                start = _skip_leading_words(text, person.end or 0, match.start())
        if start is None:
            continue
        yield Mention("organization", _clean(text[start:end]), start, end, text[start:end])
    for match in _ORGANISATION_ARABIC.finditer(text):
        start, end = _trim_arabic(text, match.start("name"), match.end("name"))
        if end > start:
            quote = text[match.start() : end]
            yield Mention("organization", quote, match.start(), end, quote)


def _needs_capitals(form: str) -> bool:
    return form.lower().replace(".", "") in CAPITALS_ONLY


def _name_start_before(text: str, end: int) -> int | None:
    """Where the capitalised words before a legal form begin (on the same line), or None."""
    line_start = max(text.rfind("\n", 0, end) + 1, end - 200)
    tokens = list(_LATIN_TOKEN.finditer(text, line_start, end))
    hebrew = _hebrew_words_before(text, line_start, end)
    if hebrew is not None:
        return hebrew
    start = None
    words = 0
    for token in reversed(tokens):
        word = token.group()
        if text[token.end() : (start if start is not None else end)].strip(" \u00a0") not in (
            "",
            "-",
        ):
            break  # punctuation between words ends the name
        if _ends_the_name(word):
            break
        if _capitalised(word):
            start, words = token.start(), words + 1
        elif word.casefold() in NAME_CONNECTORS and start is not None:
            start = token.start()
        else:
            break
        if words >= MAX_ORGANISATION_WORDS:
            break
    if start is None:
        return None
    return _skip_leading_words(text, start, end)


def _ends_the_name(word: str) -> bool:
    """An honorific, another legal form, or a word closing a sentence is not inside a name."""
    if _HONORIFIC_WORD.fullmatch(word) or word.lower() in LEGAL_SUFFIXES:
        return True
    return word.endswith(".") and len(word.rstrip(".")) > 1


def _capitalised(word: str) -> bool:
    first = word[0]
    return first.isdigit() or (first.isupper() and first.lower() != first)


def _skip_leading_words(text: str, start: int, end: int) -> int | None:
    """`Paid Acme Ltd` names `Acme Ltd`: sentence-initial verbs and articles are not the name."""
    for token in _LATIN_TOKEN.finditer(text, start, end):
        word = token.group()
        if fold(word.rstrip(".")) in LEADING_WORDS or word.casefold() in NAME_CONNECTORS:
            continue
        if word.isdigit():
            continue  # `2010 Bombardier Inc.` in a table: the year is not the name
        return token.start()
    return None


def _hebrew_words_before(text: str, line_start: int, end: int) -> int | None:
    words = list(re.finditer(_HEBREW_WORD, text[line_start:end]))
    if not words or line_start + words[-1].end() != end:
        return None
    kept = [w for w in words[-3:] if w.group() not in HEBREW_STOPWORDS]
    picked: list[int] = []
    for word in reversed(kept):
        if picked and line_start + word.end() + 1 != picked[-1]:
            break
        picked.append(line_start + word.start())
    while picked and text[picked[-1] :].split(" ", 1)[0].endswith("חברת"):
        picked.pop()  # `(מ)חברת` is "(from) the company of", not the name
    return picked[-1] if picked else None


def _trim_arabic(text: str, start: int, end: int) -> tuple[int, int]:
    """`شركة الأمل دفعت`: after a definite word only a definite one (an adjective, `الأمل
    العربية`) continues the name; a verb (`دفعت`, "paid") never takes the article."""
    words = list(re.finditer(_ARABIC_WORDS, text[start:end]))
    kept_end = start
    for index, word in enumerate(words):
        if word.group() in ARABIC_STOPWORDS:
            break
        # `للتنمية` ("for the development") is `ل` + `ال`: the name goes on
        definite = word.group().startswith(("ال", "لل"))
        if index and words[0].group().startswith("ال") and not definite:
            break
        kept_end = start + word.end()
    return start, kept_end


# -------------------------------------------------------------------------- people


def _people_with_honorifics(text: str, language: str | None) -> Iterator[Mention]:
    for match in _HONORIFIC.finditer(text):
        line_end = text.find("\n", match.end())
        limit = min(match.end() + 120, len(text) if line_end < 0 else line_end)
        span = _latin_name(text, match.end(), limit)
        if span:
            yield _person(text, *span)
    for pattern, stopwords in (
        (_PERSON_ARABIC, ARABIC_STOPWORDS),
        (_PERSON_HEBREW, HEBREW_STOPWORDS),
    ):
        for match in pattern.finditer(text):
            span = _caseless_name(text, match.start("name"), match.end("name"), stopwords, language)
            if span:
                yield _person(text, *span)


def _latin_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The capitalised words (with particles between them) at the start of `text[start:end]`."""
    kept_end = None
    count = 0
    previous_end = start
    for word in re.finditer(_LATIN_WORD, text[start:end]):
        surface = word.group()
        gap = text[previous_end : start + word.start()]
        if gap not in ("", " ", "\u00a0") or _HONORIFIC_WORD.fullmatch(surface.rstrip(".") + "."):
            break  # punctuation, a line break or another honorific ends the name
        previous_end = start + word.end()
        if _capitalised(surface) and fold(surface.rstrip(".")) not in NOT_NAMES:
            kept_end = previous_end
            count += 1
        elif surface.casefold() in PARTICLES and kept_end is not None:
            if _institution_follows(text, start + word.end(), end):
                break  # `Herr Thomas Becker von der Commerzbank`: his employer, not his name
            continue
        else:
            break
        if count >= MAX_NAME_WORDS:
            break
    if kept_end is None or (count == 1 and (text[kept_end - 1] == "." or kept_end - start < 3)):
        return None  # nothing, a lone initial, or too short to be a surname
    for possessive in ("'s", "’s"):  # `Manafort’s`
        if text.endswith(possessive, start, kept_end) and kept_end - start > len(possessive) + 2:
            kept_end -= len(possessive)
    return start, kept_end


_PARTICLE_WORDS = "|".join(sorted(PARTICLES, key=len, reverse=True))
_NEXT_WORD = re.compile(rf"(?:[ \u00a0]+(?:{_PARTICLE_WORDS}))*[ \u00a0]+({_LATIN_WORD})")


def _institution_follows(text: str, position: int, end: int) -> bool:
    """Is the first capitalised word after the particles at `position` an institution's?"""
    after = _NEXT_WORD.match(text, position, end)
    return after is not None and is_organisation_word(after.group(1))


def _caseless_name(
    text: str, start: int, end: int, stopwords: frozenset[str], language: str | None = None
) -> tuple[int, int] | None:
    """Arabic and Hebrew have no capitals: two words, three when the second is `عبد`, `بن`…

    Titles stacked after the honorific (`الأستاذ الدكتور`) are skipped; a function word ends
    the name (`صالح لم`: "Saleh did not"); one word that is common in the language (`מר
    ביותר`, "most bitter") is no name by itself: case cannot tell, so nothing is said.
    """
    kept: list[re.Match[str]] = []
    for word in re.finditer(r"\S+", text[start:end]):
        surface = word.group()
        if not kept and fold(surface) in NOT_NAMES:
            continue  # another title
        if surface in stopwords or fold(surface) in NOT_NAMES or _is_particle(surface):
            break
        kept.append(word)
        limit = 3 if surface in ARABIC_CONNECTORS else 2
        if len(kept) >= limit and kept[-1].group() not in ARABIC_CONNECTORS:
            break
    while kept and kept[-1].group() in ARABIC_CONNECTORS:
        kept.pop()
    if not kept or (len(kept) == 1 and is_common(kept[0].group(), language)):
        return None
    return start + kept[0].start(), start + kept[-1].end()


def _is_particle(word: str) -> bool:
    """Arabic words of one or two letters (`لم`, `قد`, `من`) are particles, not names."""
    return len(word) <= 2 and "\u0621" <= word[0] <= "\u064a"


def _header_names(metadata: dict[str, Any]) -> list[str]:
    names = []
    for role in ("from", "to", "cc", "bcc"):
        for party in metadata.get(f"{role}_addresses") or []:
            if isinstance(party, dict) and len(name_tokens(str(party.get("name") or ""))) >= 2:
                names.append(" ".join(str(party["name"]).replace('"', " ").split()))
    return sorted(set(names))


def _known_people(text: str, names: Iterable[str]) -> Iterator[Mention]:
    """A name the headers give, where the text repeats it, in either word order."""
    for name in names:
        words = name_tokens(name)
        if not 2 <= len(words) <= MAX_NAME_WORDS:
            continue
        for order in {tuple(words), (words[-1], *words[:-1])}:
            pattern = r"[\s,]+".join(pattern_for(word) for word in order)
            for match in re.finditer(pattern, text, re.IGNORECASE):
                yield Mention("person", name, match.start(), match.end(), match.group())


def _plain(text: str, start: int, end: int) -> Mention:
    """A name said to act is a person, unless its head noun names an institution (`The
    Justice Department said`, `laut Süddeutscher Zeitung`): then it is that organisation."""
    mention = _person(text, start, end)
    if names_organisation(mention.quote):
        return dataclasses.replace(mention, type="organization")
    return mention


def _person(text: str, start: int, end: int) -> Mention:
    quote = text[start:end]
    return Mention("person", _clean(quote), start, end, quote)


def _clean(name: str) -> str:
    return " ".join(name.split())


# -------------------------------------------------------------------------- overlaps

_PRIORITY = {"organization": 0, "person": 1, "location": 2}


def _without_overlaps(text: str, candidates: list[Mention]) -> list[Mention]:
    ranked = sorted(
        candidates,
        key=lambda m: (_PRIORITY[m.type], (m.start or 0) - (m.end or 0), m.start or 0),
    )
    starts: list[int] = []
    kept: list[Mention] = []
    for mention in ranked:
        start, end = mention.start or 0, mention.end or 0
        if start >= end or text[start:end] != mention.quote:
            continue  # the span invariant is checked here, so no rule can break it
        i = bisect.bisect_left(starts, start)
        if (i > 0 and (kept[i - 1].end or 0) > start) or (i < len(kept) and starts[i] < end):
            continue
        starts.insert(i, start)
        kept.insert(i, mention)
    return kept
