"""Names across scripts: `كريم حداد` and `Karim Haddad`, `שרה כהן` and `Sarah Cohen`.

Arabic and Hebrew write few vowels, and Latin spellings of one name vary (Mohammed, Mohamed,
Muhammad). Both sides are reduced to a consonant skeleton: the native name is transliterated
(ICU, translate/translit.py), then on both sides vowels and the letters that stand for them
(y, w) are dropped, letters a transliteration writes differently are merged (q/k/c, tz/ts/z,
ph/f, v/b, the h of sh, kh, th, dh, gh), the article (al-, el-, ال) is set aside and doubled
letters are collapsed. Two names match when their skeletons, word by word in any order, are
the same. bench/watchlist_scripts.py measures it on a gold set written by reading names.
"""

from __future__ import annotations

import re

from nutgraf.fold import fold
from nutgraf.translate.translit import is_latin, to_latin

MIN_SKELETON = 4  # letters in all: shorter skeletons (one short word) match too much
_ARABIC_ARTICLE = re.compile(r"(?<!\S)ال(?=\S{2,})")
_LATIN_ARTICLE = re.compile(r"(?<![a-z])(?:al|el|ul)[\s'\-‐’]+(?=[a-z]{2,})")
_ABD = re.compile(r"(?<![a-z])abd[\s\-]?(?:[aeiou]l)[\s\-]?(?=[a-z])")
_DIGRAPHS = (("sh", "s"), ("ch", "k"), ("kh", "k"), ("th", "t"), ("dh", "d"), ("gh", "g"),
             ("ph", "f"), ("tz", "z"), ("ts", "z"), ("ck", "k"), ("dj", "j"))  # fmt: skip
_LETTERS = str.maketrans({"q": "k", "c": "k", "v": "b", "p": "b", "x": "ks", "g": "j"})
_VOWELS = re.compile(r"[aeiouyw]")


def crosses_scripts(a: str, b: str) -> bool:
    """One name in Latin letters, the other not."""
    return is_latin(a) != is_latin(b)


def skeleton(name: str) -> tuple[str, ...]:
    """The consonant skeleton of a name, word by word, sorted (empty: too little to compare)."""
    if not is_latin(name):
        name = _ARABIC_ARTICLE.sub("", name.replace("ة", "ه"))
        name = to_latin(name)
    text = fold(name.lower())
    text = _ABD.sub("abd ", text)
    text = _LATIN_ARTICLE.sub("", text)
    words = []
    for word in re.findall(r"[a-z]+", text):
        for pair, single in _DIGRAPHS:
            word = word.replace(pair, single)
        word = word[:1] + word[1:].replace("h", "")  # an h inside a word is too variable
        word = word.translate(_LETTERS)
        head, rest = word[:1], _VOWELS.sub("", word[1:])
        if head in "aeiouyw":
            head = ""
        squeezed = re.sub(r"(.)\1+", r"\1", head + rest)
        if squeezed:
            words.append(squeezed)
    if sum(len(word) for word in words) < MIN_SKELETON:
        return ()
    return tuple(sorted(words))


def same_across_scripts(native: str, latin: str) -> bool:
    """Whether a name in Arabic or Hebrew script and a Latin one are spellings of one name."""
    a, b = skeleton(native), skeleton(latin)
    return bool(a) and a == b
