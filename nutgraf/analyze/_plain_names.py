"""People named plainly, without an honorific: by what the sentence says they did.

`Hugo Marchetti a signé`, `said Nick Burch`, `según Ana Ruiz`, `Hans Müller erklärte`, and
the name under a closing (`Best regards,\\nBob Stone`). English, French, Spanish and German.

Precision first, since nothing but the verb says it is a person: two capitalised words
(three with an initial or a particle between: `John F. Kennedy`, `Ana de Souza`), none a
title, an article or a word the document also writes in lower case; not a place; and not two
everyday words (`Board Members said`, `Gestern Abend sagte`): a name whose every word is
in the core vocabulary of the language (see EVERYDAY_ZIPF) is left unsaid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nutgraf.analyze._common import zipf
from nutgraf.analyze._gazetteer import AMBIGUOUS, find_places
from nutgraf.analyze._names import LEGAL_SUFFIXES, NOT_NAMES, PARTICLES, words
from nutgraf.analyze._prefilter import starting_with
from nutgraf.fold import fold

# 100 uses per million words: the core vocabulary ("board" 5.2, "members" 5.4, German
# "gestern" 5.2, "Abend" 5.3). First names and surnames are frequent too ("John" 5.4,
# "Hans" 5.0, "Müller" 4.8), so only a name made of such words *only* is left unsaid.
EVERYDAY_ZIPF = 5.0
# A capitalised word this rare just before two more is likely the first word of a longer
# name (`Acme Holdings said`, `signed by Voltaren Logistics GmbH`), not a sentence's opening.
RARE_ZIPF = 4.0
_UPPER = r"[A-ZÀ-ÖØ-ÞĀ-Ž]"
_NAME_WORD = rf"{_UPPER}[a-zß-öø-ÿā-ž'’-]+|{_UPPER}{{2,}}(?![a-z])"
_INITIAL = rf"{_UPPER}\."
_PARTICLE = "|".join(sorted(PARTICLES, key=len, reverse=True))
_NAME = (
    rf"(?P<name>(?:{_NAME_WORD})(?:[ \u00a0](?:{_INITIAL}|{_PARTICLE}))?[ \u00a0](?:{_NAME_WORD}))"
)
_ACTS = (
    "signed|said|says|told|wrote|stated|confirmed|denied|added|explained|approved|agreed|"
    "resigned|admitted|testified|"
    "a signé|a dit|a déclaré|a confirmé|a écrit|a indiqué|a expliqué|a approuvé|a reconnu|"
    "signe|déclare|affirme|précise|"
    "firmó|dijo|declaró|afirmó|confirmó|explicó|escribió|señaló|aprobó|"
    "unterschrieb|unterzeichnete|sagte|erklärte|bestätigte|schrieb|betonte"
)
_CUES = (
    "said|according to|signed by|written by|approved by|told|"
    "selon|d'après|d’après|signé par|écrit par|a déclaré|"
    "según|dijo|firmado por|afirmó|"
    "laut|sagte|unterzeichnet von|erklärte"
)
# (the lookaheads let the patterns fail fast where they cannot start: `_prefilter.py`)
_BEFORE_ACT = re.compile(rf"(?={_UPPER})(?<![\w.]){_NAME},?[ \u00a0]+(?:{_ACTS})\b")
_AFTER_CUE = re.compile(
    starting_with(_CUES.split("|"), ignore_case=True) + rf"\b(?i:{_CUES})[ \u00a0]+{_NAME}(?![\w])"
)
_SIGNATURE = re.compile(
    r"(?im)^[ \t]*(?:best regards|kind regards|regards|best|thanks|thank you|cheers|"
    r"cordialement|bien à vous|bien cordialement|salutations|saludos|atentamente|un saludo|"
    r"mit freundlichen grüßen|viele grüße|beste grüße|grüße)[ \t]*[,.!]?[ \t]*\r?\n"
    rf"[ \t]*{_NAME}[ \t]*$"
)
NOT_IN_NAMES = (
    frozenset(
        fold(word)
        for word in words(
            "The A An This That These Those Our Your His Her Their Its We They He She It I "
            "Le La Les Un Une Ce Cette Ces Notre Votre Il Elle Ils Nous Vous On "
            "El Los Las Una Este Esta Nuestro Der Die Das Ein Eine Dieser Unser Sie Er Wir "
            "Mr Mrs Ms Dr Sir Madam Monsieur Madame Señor Señora Herr Frau "
            "Board Committee Council Company Government Ministry Court Police Bank Group Team "
            "Minister President Director Manager Chairman Officer Spokesman Spokeswoman "
            "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March "
            "April May June July August September October November December Yesterday Today"
        )
    )
    | NOT_NAMES
    | frozenset(form.rstrip(".") for form in LEGAL_SUFFIXES)
)
_LOWER_WORD = re.compile(r"(?<![\w@/.])[^\W\d_]+(?![\w@/])")


def find_plain_people(text: str, language: str | None) -> Iterator[tuple[int, int]]:
    """Spans of people named by what they did (signed, said…) or by signing a mail."""
    lower: set[str] | None = None
    for pattern, strict in ((_BEFORE_ACT, True), (_AFTER_CUE, True), (_SIGNATURE, False)):
        for match in pattern.finditer(text):
            start, end = match.span("name")
            if _part_of_longer_name(text, start, end, language):
                continue
            if lower is None:
                lower = {w for w in set(_LOWER_WORD.findall(text)) if w.islower()}
            if _plausible(text[start:end], language, lower, strict):
                yield start, end


_CUE_BEFORE = re.compile(rf"\b(?i:{_CUES})[ \u00a0]+$")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.&'’-]*|&)[ \u00a0]+$")
_WORD_AFTER = re.compile(r"^[ \u00a0]+([^\W\d_&][\w.&'’-]*|&)")


def _part_of_longer_name(text: str, start: int, end: int, language: str | None) -> bool:
    """Two capitalised words inside a longer run of them (`Voltaren Logistics` of `…signed by
    Voltaren Logistics GmbH`, `Acme Trading said`) are not shown to be a person's whole name."""
    # after a cue (`said`, `selon`) the word before is the cue itself
    cued = _CUE_BEFORE.search(text, max(0, start - 40), start) is not None
    before = None if cued else _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text[end : end + 40])
    word = before.group(1) if before is not None else ""
    if word == "&" or (
        word[:1].isupper()
        and fold(word.rstrip(".")) not in NOT_IN_NAMES
        and zipf(word.lower(), language) < RARE_ZIPF
    ):
        return True  # but `Yesterday Ana Ruiz said`, German `Der Vorstand Hans Müller` are people
    return after is not None and (after.group(1)[0].isupper() or after.group(1) == "&")


def _plausible(name: str, language: str | None, lower: set[str], strict: bool) -> bool:
    parts = name.split()
    full = [w for w in parts if not w.endswith(".") and w not in PARTICLES]
    if len(full) < 2:
        return False
    for word in full:
        if fold(word) in NOT_IN_NAMES or fold(word) in AMBIGUOUS or word.lower() in lower:
            return False
    if strict and all(zipf(word.lower(), language) >= EVERYDAY_ZIPF for word in full):
        return False  # `Board Members`, `Gestern Abend`: everyday words, not a name
    return not any(p.end - p.start == len(name) for p in find_places(name, language))
