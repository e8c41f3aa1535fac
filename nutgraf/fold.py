"""Folding text for matching: case, accents, and script variants set aside.

`fold("Défense côtière")` is `"defense cotiere"`. Arabic loses tashkeel and tatweel, its alef
forms become bare alef, taa marbuta becomes haa and alef maqsura yaa; Hebrew loses niqqud
and cantillation; Latin, Greek and Cyrillic lose diacritics; everything is case-folded and
compatibility forms (ligatures, full-width, Arabic presentation forms) are unified.
The index stores folded text and queries are folded the same way, so matching is forgiving
while the stored text (what facts and snippets quote) stays exactly as the source wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

# Combining marks (Latin/Greek/Cyrillic diacritics, Hebrew points, Arabic harakat) and tatweel.
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_LETTERS = str.maketrans(
    {
        "\u0629": "\u0647",  # taa marbuta → haa
        "\u0649": "\u064a",  # alef maqsura → yaa
        "\u0671": "\u0627",  # alef wasla → alef
        "\u06cc": "\u064a",  # Farsi yeh → yaa
        "\u06a9": "\u0643",  # keheh → kaf
        "\u0131": "i",  # dotless i
        "\u0142": "l",  # ł has no decomposition
        "\u00f8": "o",  # ø likewise
        "\u0111": "d",  # đ
        "\u0127": "h",  # ħ
        "\u00e6": "ae",
        "\u0153": "oe",
        "\u00df": "ss",
        "\u2019": "'",
    }
)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    # case first, so that capitals without a decomposition (Ł, Ø, Đ, Æ) meet the letter map
    return _MARKS.sub("", decomposed).casefold().translate(_LETTERS)


# Where other spellings of a letter come from in real documents: Latin, Greek, Cyrillic,
# Hebrew and Arabic letters with their marks, presentation forms and full-width forms.
# (Mathematical and enclosed letters fold too, but would make every pattern huge and slow
# to compile for nothing a leak is likely to hold.)
SPELLING_BLOCKS = (
    (0x0020, 0x024F),
    (0x0370, 0x052F),
    (0x0590, 0x06FF),
    (0x1E00, 0x1FFF),
    (0xFB00, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0xFF00, 0xFFEF),
)


@cache
def variants_of() -> dict[str, str]:
    """For each single folded character, a regex class of the characters that fold to it.

    Used to find a folded query term in the original text (for snippets and highlights)
    without folding the whole document.
    """
    groups: dict[str, list[str]] = {}
    for code in (code for low, high in SPELLING_BLOCKS for code in range(low, high + 1)):
        char = chr(code)
        if unicodedata.category(char) in ("Cs", "Co", "Cn"):
            continue
        folded = fold(char)
        if len(folded) == 1 and folded != char:
            groups.setdefault(folded, []).append(char)
    return {
        base: "[" + re.escape(base) + "".join(re.escape(c) for c in chars) + "]"
        for base, chars in groups.items()
    }


@lru_cache(maxsize=4096)
def pattern_for(folded_term: str, prefix: bool = False) -> str:
    """A regex matching, in original text, any spelling that folds to `folded_term`."""
    variants = variants_of()
    marks = _MARKS.pattern + "*"
    body = "".join(variants.get(char, re.escape(char)) + marks for char in folded_term)
    end = "" if prefix else r"(?![^\W_])"
    return r"(?<![^\W_])" + body + end
