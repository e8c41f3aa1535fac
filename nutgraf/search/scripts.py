"""Scripts whose words the plain tokenizer cannot find: unspaced CJK/Thai, and Semitic proclitics.

Unspaced scripts. Chinese, Japanese, Thai, Lao, Khmer and Burmese write a clause without
spaces, so the tokenizer saw one "word" per clause (and dropped clauses over 40 characters):
北京 was unfindable inside 我们在北京开会. Here every character of these scripts (every
syllable, for Hangul) becomes its own token, in the index and in queries alike; a query word
of several characters is then searched as a phrase of its characters, which is exactly
"this string of characters, in this order". Recall is total (no segmenter can disagree
with the query's segmentation), exact phrases stay exact, and nothing is downloaded.

Proclitics. Hebrew (ו ה ב ל מ ש כ) and Arabic (و ف ب ل ك, the article ال, and their
combinations: وال، بال، لل، وبال…) write little words glued to the next one: לוגאנו stands
as בלוגאנו, فوسفور as الفوسفور. Like a stem, each such word's forms without its possible
proclitics go into a separate field (`bare`); a bare query word also looks there, while
`exact:`, phrases and --exact look at the text as written only.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

# One token each: CJK ideographs (with extensions and compatibility forms), kana, bopomofo,
# Thai, Lao, Khmer, Myanmar; Hangul as one syllable (decomposed jamo: lead, vowel, tail).
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u312f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
    "|[\u1100-\u115f]+[\u1160-\u11a7]*[\u11a8-\u11ff]*"
)
# any character of those scripts, as one class: the quick test that most texts fail
_UNSPACED_ANY = re.compile(
    "[\u0e00-\u0eff\u1000-\u11ff\u1780-\u17ff\u3040-\u30ff\u3100-\u312f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
)
_HEBREW_WORD = re.compile(r"[\u05d0-\u05ea]{3,}")
_HEBREW_PROCLITICS = frozenset("ובלמשהכ")
_ARABIC_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]{3,}")
_SEMITIC_ANY = re.compile(r"[\u05d0-\u05ea\u0621-\u06d3]")
# both scripts in one character class: one pass over the text finds the words of either
_SEMITIC_WORD = re.compile(r"[\u05d0-\u05ea\u0621-\u063a\u0641-\u064a\u0671-\u06d3]{3,}")
_ARABIC_PROCLITICS = sorted(
    {
        conjunction + ("لل" if preposition == "ل" and article else preposition + article)
        for conjunction, preposition, article in itertools.product(
            ("", "و", "ف"), ("", "ب", "ك", "ل"), ("", "ال")
        )
    }
    - {""},
    key=len,
    reverse=True,
)
MIN_BARE = 2  # letters left once the proclitics are off


def segment(folded: str) -> str:
    """Folded text with a space around each character (or syllable) of an unspaced script."""
    if not _UNSPACED_ANY.search(folded):
        return folded
    return _UNSPACED.sub(lambda match: f" {match.group()} ", folded)


def has_unspaced(text: str) -> bool:
    return _UNSPACED_ANY.search(text) is not None


@lru_cache(maxsize=200_000)  # a leak's vocabulary repeats from one document to the next
def bare_forms(word: str) -> tuple[str, ...]:
    """A Hebrew or Arabic word without each of its possible proclitic prefixes."""
    forms = []
    if _HEBREW_WORD.fullmatch(word):
        for count in range(1, 4):
            if word[count - 1] not in _HEBREW_PROCLITICS or len(word) - count < MIN_BARE:
                break
            forms.append(word[count:])
    elif _ARABIC_WORD.fullmatch(word):
        forms = [
            word[len(prefix) :]
            for prefix in _ARABIC_PROCLITICS
            if word.startswith(prefix) and len(word) - len(prefix) >= MIN_BARE
        ]
    return tuple(dict.fromkeys(forms))


def bare_text(folded: str) -> str:
    """Every Hebrew and Arabic word of `folded` without its proclitics, for the `bare` field."""
    first = _SEMITIC_ANY.search(folded)  # one quick scan; most texts end it here
    if first is None:
        return ""
    words = dict.fromkeys(_SEMITIC_WORD.findall(folded, first.start()))
    return " ".join(form for word in words for form in bare_forms(word))


def takes_proclitics(folded_word: str) -> bool:
    """A query word in Hebrew or Arabic script, which may stand with a proclitic in the text."""
    return bool(
        re.fullmatch(
            r"[\u05d0-\u05ea]{2,}|[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]{2,}", folded_word
        )
    )


def proclitic_pattern(folded_word: str) -> str:
    """A regex (for highlights) of the proclitics that may stand before this word."""
    if re.fullmatch(r"[\u05d0-\u05ea]+", folded_word):
        return "[ובלמשהכ]{1,3}"
    return "(?:" + "|".join(_ARABIC_PROCLITICS) + ")"
