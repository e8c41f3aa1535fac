"""Stemming: `transfer` also finds `transfers` and `transferred`, per language, on request.

Each stemmable language has its own index field (`stem_en`, `stem_fr`…) holding the folded
text run through that language's Snowball stemmer (tantivy's `Filter.stemmer`); a document
goes into the field of its detected language only. A bare query word is looked up both as
itself in `content` (exact, always) and as its stem in every stem field, so recall grows
without losing exact hits, which also score higher. Phrases, prefixes, fuzzy words, `exact:`
words and field filters never use stems: a phrase in quotes stays exact.

Languages without a Snowball stemmer in tantivy (Hebrew, Chinese…) and documents whose
language is unknown are searched exactly only.
"""

from __future__ import annotations

from functools import cache

import tantivy

# ISO 639-1 → tantivy's stemmer name
STEMMERS: dict[str, str] = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}
MAX_TOKEN = 40  # longer tokens are dropped, as in the exact field


def stem_field(language: str) -> str:
    return f"stem_{language}"


def tokenizer_name(language: str) -> str:
    return f"nutgraf_stem_{language}"


@cache
def analyzer(language: str) -> tantivy.TextAnalyzer:
    """Simple tokenizer, long tokens dropped, lower case, then the language's stemmer."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer(STEMMERS[language]))
        .build()
    )


def stems(folded_word: str) -> dict[str, str]:
    """The word's stem in each stemmable language (one token words only)."""
    found = {}
    for language in STEMMERS:
        tokens = analyzer(language).analyze(folded_word)
        if len(tokens) == 1:
            found[language] = tokens[0]
    return found


def register(index: tantivy.Index) -> None:
    """Tokenizers are not stored in the index: register them every time it is opened."""
    for language in STEMMERS:
        index.register_tokenizer(tokenizer_name(language), analyzer(language))
