"""Names across scripts: `كريم حداد` and `Karim Haddad`, `שרה כהן` and `Sarah Cohen`.

Arabic and Hebrew write few vowels, and Latin spellings of one name vary (Mohammed, Mohamed,
Muhammad). Both sides are reduced to a consonant skeleton: the native name is transliterated
(ICU, translate/translit.py), then on both sides vowels and the letters that stand for them
(y, w) are dropped, letters a transliteration writes differently are merged (q/k/c, tz/ts/z,
ph/f, v/b, the h of sh, kh, th, dh, gh), the article (al-, el-, ال) is set aside and doubled
letters are collapsed. Two names match when their consonants are the same word by word (in any
order, or run together), and where the native script writes a long vowel (ا و ي) the Latin
spelling has one of its kind there (محمود is Mahmoud, not Mohamed). bench/watchlist_scripts.py
measures it on a gold set written by reading names.
"""

from __future__ import annotations

import re

from nutgraf.fold import fold
from nutgraf.translate.translit import is_latin, to_latin

MIN_CONSONANTS = 4  # in all: shorter names (one short word) match too much
_ARABIC_ARTICLE = re.compile(r"(?<!\S)ال(?=\S{2,})")
_LATIN_ARTICLE = re.compile(r"(?<![a-z])(?:al|el|ul)[\s\-‐’']+(?=[a-z]{2,})")
_ABD = re.compile(r"(?<![a-z])abd[\s\-]?(?:[aeiou]l)[\s\-]?(?=[a-z])")
_GLOTTAL = re.compile(r"[ʿʾ'’`ʼ]")  # ayin and hamza: written by some, dropped by most
_DIGRAPHS = (("sh", "s"), ("ch", "k"), ("kh", "k"), ("th", "t"), ("dh", "d"), ("gh", "g"),
             ("ph", "f"), ("tz", "z"), ("ts", "z"), ("ck", "k"), ("dj", "j"))  # fmt: skip
_LETTERS = str.maketrans({"q": "k", "c": "k", "v": "b", "p": "b", "x": "ks", "g": "j"})
_VOWELS = "aeiouyw"
_LONG_LATIN = ("ou", "oo", "ee", "aa", "ei", "ai", "ey", "ay")  # a Latin spelling's long vowels
# A native long vowel (ا و ي, transliterated a w y) needs one of these Latin vowels there.
_FITS = {"a": "a", "w": "ouw", "y": "iey"}

Word = tuple[str, tuple[str, ...]]  # consonants, and the vowels after each one


def crosses_scripts(a: str, b: str) -> bool:
    """One name in Latin letters, the other not."""
    return is_latin(a) != is_latin(b)


def _words(name: str) -> tuple[list[Word], bool]:
    """Each word's consonants and the vowels written after each (for a native name, the long
    vowels its script writes), and whether the name was native."""
    native = not is_latin(name)
    if native:
        name = _ARABIC_ARTICLE.sub("", name.replace("ة", "ه").replace("ى", "ا"))
        name = to_latin(name)
    # ayin and hamza: a native name keeps a mark that any Latin vowel (or none) fits
    text = _GLOTTAL.sub("'" if native else "", fold(name.lower()))
    text = _ABD.sub("abd ", text)
    text = _LATIN_ARTICLE.sub("", text)
    return [_split(word) for word in re.findall(r"[a-z']+", text) if word.strip("'")], native


def _split(word: str) -> Word:
    for pair, single in _DIGRAPHS:
        word = word.replace(pair, single)
    word = word.translate(_LETTERS)
    stripped = word.lstrip("a")  # an initial alif (or a): a vowel, not a letter to match
    consonants: list[str] = []
    vowels: list[str] = ["a" * (len(word) - len(stripped))]
    word = stripped
    separated = False  # by an h: Mohammed's two m are two letters, not a doubled one
    for position, letter in enumerate(word):
        consonant = letter not in _VOWELS + "'" or (position == 0 and letter in "wy")
        if letter == "h" and consonants:
            separated = True  # an h after the first consonant is too variable (Mohamed, Mohd)
            vowels[-1] += "|"
            continue
        doubled = consonants and consonants[-1] == letter and not vowels[-1].strip("|")
        if consonant and doubled and not separated:
            continue  # a doubled letter (Haddad) is one
        separated = False
        if consonant:
            consonants.append(letter)
            vowels.append("")
        else:
            vowels[-1] += letter
    return "".join(consonants), tuple(vowels)


def _vowels_fit(native: str, latin: str) -> bool:
    for long_vowel, fits in _FITS.items():
        if long_vowel in native and not any(letter in latin for letter in fits):
            return False  # محمود (a long u before the d) is not Mohamed
    # Mahmoud's "ou" where محمد writes no long vowel: not the same name either (an ayin or a
    # hamza there may be written as one: Saad, Sa'ad)
    return bool(native) or not any(long in latin for long in _LONG_LATIN)


def _fit(native: list[Word], latin: list[Word]) -> bool:
    native = [_initial_yod(n, lat) for n, lat in zip(native, latin, strict=False)]
    if len(native) != len(latin) or [w[0] for w in native] != [w[0] for w in latin]:
        return False
    for (_, native_vowels), (_, latin_vowels) in zip(native, latin, strict=True):
        for index, (n, lat) in enumerate(zip(native_vowels, latin_vowels, strict=True)):
            if index == 0:  # before the first consonant: أحمد starts with a vowel, Hamed not
                if bool(n) != bool(lat):
                    return False
                continue
            if index == len(native_vowels) - 1 and not n and lat.strip("|") not in ("", "e"):
                return False  # a final vowel the native name does not write (מאיר, Meiri)
            if not _vowels_fit(n, lat):
                return False
    return True


def _initial_yod(native: Word, latin: Word) -> Word:
    """An initial y before a consonant may be a vowel (יצחק, Itzhak) when the Latin has none."""
    consonants, vowels = native
    if consonants[:1] == "y" and not vowels[1] and latin[0][:1] != "y" and latin[1][0]:
        return consonants[1:], ("y" + vowels[1], *vowels[2:])
    return native


def _joined(words: list[Word]) -> list[Word]:
    consonants = "".join(w[0] for w in words)
    vowels: list[str] = []
    for word in words:
        if vowels:
            vowels[-1] += word[1][0]
            vowels.extend(word[1][1:])
        else:
            vowels.extend(word[1])
    return [(consonants, tuple(vowels))]


def same_across_scripts(a: str, b: str) -> bool:
    """Whether a name in Arabic or Hebrew script and a Latin one are spellings of one name:
    the same consonants word by word (in any order, or run together: نصر الله, Nasrallah),
    and where the native script writes a long vowel the Latin one has a vowel of its kind."""
    words_a, native_a = _words(a)
    words_b, native_b = _words(b)
    if native_a == native_b:
        return False
    native, latin = (words_a, words_b) if native_a else (words_b, words_a)
    if sum(len(w[0]) for w in native) < MIN_CONSONANTS or not latin:
        return False
    if _fit(sorted(native), sorted(latin)):
        return True
    return _fit(_joined(native), _joined(latin))


def skeleton(name: str) -> tuple[str, ...]:
    """A name's consonants, sorted (whatever the word order or spacing): what candidates are
    looked up by, each pair then checked by `same_across_scripts`; empty when too short."""
    letters = "".join(w[0] for w in _words(name)[0])
    return ("".join(sorted(letters)),) if len(letters) >= MIN_CONSONANTS else ()
