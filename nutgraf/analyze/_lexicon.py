"""Word lists for amounts: scale words and currencies in many languages.

Each table maps a normalised surface form (see `normalise`) to its meaning; the regexes are
built from the table keys, longest first, so "mil millones" wins over "mil".
"""

from __future__ import annotations

import re

from nutgraf.analyze.numbers import words

_QUOTES = str.maketrans({"״": '"', "“": '"', "”": '"', "’": "'", "‘": "'", "`": "'"})


def normalise(surface: str) -> str:
    """Lower-case, unify quotes/gershayim and collapse spaces, for table look-ups."""
    s = surface.translate(_QUOTES).replace("''", '"')
    return " ".join(s.split()).casefold()


def alternation(forms: list[str] | set[str]) -> str:
    """A regex alternation of literal forms, longest first, spaces matching any whitespace."""
    ordered = sorted(set(forms), key=len, reverse=True)
    parts = [re.escape(f).replace(r"\ ", r"\s+").replace('"', "[\"״”']{1,2}") for f in ordered]
    return "(?:" + "|".join(parts) + ")"


_THOUSAND = 1e3
_MILLION = 1e6
_BILLION = 1e9
_TRILLION = 1e12

# Case-insensitive scale words (full words and dotted abbreviations).
SCALE_WORDS: dict[str, float] = {
    **dict.fromkeys(
        words(
            "thousand thousands mille mila mil tausend tsd. tsd duizend ألف آلاف الف ألفا "
            "الفا אלף אלפים тыс. тыс тысяч тысячи هزار"
        ),
        _THOUSAND,
    ),
    **dict.fromkeys(
        words(
            "million millions mn mln mio. mio millionen millón millones milione milioni "
            "milhão milhões milhao milhoes miljoen miljoenen مليون ملايين ملیون میلیون "
            "מיליון מליון מיליוני млн. млн миллион миллиона миллионов"
        ),
        _MILLION,
    ),
    **dict.fromkeys(
        words(
            "bn milliard milliards milliarde milliarden mrd. mrd md mds miliardo miliardi "
            "bilhão bilhões bilhao bilhoes miljard miljarden مليار مليارات بليون میلیارد "
            "מיליארד מיליארדים млрд. млрд миллиард миллиарда миллиардов"
        ),
        _BILLION,
    ),
    "mil millones": _BILLION,
    "mil milhões": _BILLION,
    **dict.fromkeys(
        words(
            "trillion trillions billón billones billionen trilhão trilhões biljoen تريليون "
            "טריליון триллион триллиона триллионов"
        ),
        _TRILLION,
    ),
}
# "billion" is 10^9 in English but 10^12 in the long-scale languages.
_LONG_SCALE_LANGUAGES = frozenset(["fr", "de", "nl"])
SCALE_WORDS["billion"] = _BILLION
SCALE_WORDS["billions"] = _BILLION
# Single letters are only scales in their usual case ("$3.2m", "1,8 M€", "50k").
SCALE_LETTERS: dict[str, float] = {"k": _THOUSAND, "K": _THOUSAND, "m": _MILLION, "M": _MILLION}


def scale_value(surface: str, language: str | None) -> float:
    if surface in SCALE_LETTERS:
        return SCALE_LETTERS[surface]
    key = normalise(surface)
    if key in ("billion", "billions") and language in _LONG_SCALE_LANGUAGES:
        return _TRILLION
    return SCALE_WORDS[key]


SCALE_WORD_PATTERN = "(?i:" + alternation(list(SCALE_WORDS)) + ")"
SCALE_PATTERN = "(?:" + SCALE_WORD_PATTERN + "|" + "|".join(SCALE_LETTERS) + ")"

# Currency symbols that can stand before or after the number.
SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "usd$": "USD", "c$": "CAD", "ca$": "CAD",
    "can$": "CAD", "a$": "AUD", "au$": "AUD", "hk$": "HKD", "nz$": "NZD", "s$": "SGD",
    "r$": "BRL", "mx$": "MXN", "nt$": "TWD", "€": "EUR", "£": "GBP", "₪": "ILS", "¥": "JPY",
    "cn¥": "CNY", "₹": "INR", "₽": "RUB", "₩": "KRW", "₺": "TRY", "₴": "UAH", "₦": "NGN",
    "฿": "THB", "sfr.": "CHF", "fr.": "CHF", "zł": "PLN", "ج.م": "EGP", "ر.س": "SAR",
    "د.إ": "AED", "د.ك": "KWD", "د.م.": "MAD",
}  # fmt: skip
# ISO 4217 codes we accept when written in capitals as a separate word.
CODES = frozenset(
    words(
        "USD EUR GBP ILS NIS JPY CNY RMB CHF CAD AUD NZD HKD SGD INR RUB BRL MXN ARS "
        "CLP COP SEK NOK DKK PLN CZK HUF RON BGN TRY ZAR AED SAR QAR KWD BHD OMR JOD "
        "LBP SYP IQD EGP MAD TND DZD LYD IRR KRW TWD THB UAH NGN KES FRF DEM ITL ESP "
        "XOF XAF"
    )
)
_CODE_ALIASES = {"NIS": "ILS", "RMB": "CNY"}

# Currency words written after the number; None = meaning depends on country/language.
WORDS: dict[str, str | None] = {}
_USD = (
    "dollar|dollars|us dollars|u.s. dollars|american dollars|dollari|dollaro|dólar|dólares|dolar"
    "|dolares|us-dollar|dollars américains|dollar américain|dólares estadounidenses|dollaro usa"
    "|dollari usa|amerikaanse dollar|دولار|دولارات|دولاراً|دولارا|دولار أمريكي|دولار امريكي"
    "|دولار أميركي|דולר|דולרים|доллар|доллара|долларов|دلار"
)
_WORD_GROUPS: dict[str, str | None] = {
    _USD: "USD",
    "canadian dollars|canadian dollar|dollars canadiens|dollar canadien|kanadische dollar": "CAD",
    "australian dollars|australian dollar|dollars australiens": "AUD",
    "hong kong dollars|hong kong dollar": "HKD",
    "euro|euros|eur|يورو|اليورو|יורו|אירו|евро|یورو": "EUR",
    "pounds sterling|pound sterling|livres sterling|livre sterling|british pounds|pfund sterling"
    "|libras esterlinas|libra esterlina|sterline|sterlina|sterling|جنيه إسترليني|جنيه استرليني"
    '|جنيهات إسترلينية|ליש"ט|לירות שטרלינג|фунтов стерлингов|britse pond': "GBP",
    'shekel|shekels|sheqel|sheqels|new shekels|new israeli shekels|shekalim|שקל|שקלים|ש"ח'
    "|שקלים חדשים|شيكل|شيقل|شواقل|шекелей|шекеля": "ILS",
    "yen|yens|yenes|ין|иен|йен": "JPY",
    "yuan|yuans|renminbi|يوان|юаней": "CNY",
    "rupees|rupee|roupies|rupias|рупий": "INR",
    "francs suisses|franc suisse|swiss francs|swiss franc|franken|schweizer franken"
    "|franchi svizzeri|francos suizos|zwitserse frank|فرنك سويسري": "CHF",
    "reais|réis": "BRL",
    "roubles|rubles|rouble|ruble|rublos|rubel|рублей|рубля|рубль|руб.|روبل": "RUB",
    "pesos mexicanos|mexican pesos": "MXN",
    "francs cfa|franc cfa|fcfa": "XOF",
    "درهم إماراتي|دراهم إماراتية|uae dirhams": "AED",
    "درهم مغربي|dirhams marocains|moroccan dirhams": "MAD",
    "ريال سعودي|ريالات سعودية|saudi riyals|riyals saoudiens": "SAR",
    "ريال قطري|qatari riyals": "QAR",
    "ريال عماني|omani rials": "OMR",
    "ريال إيراني|ریال|تومان": "IRR",
    "جنيه مصري|جنيهات مصرية|جنيه|جنيها|جنيهاً|جنيهات|egyptian pounds|livres égyptiennes": "EGP",
    "دينار كويتي|kuwaiti dinars": "KWD",
    "دينار أردني|دينار اردني|jordanian dinars": "JOD",
    "دينار عراقي|iraqi dinars": "IQD",
    "دينار بحريني": "BHD",
    "دينار تونسي|dinars tunisiens": "TND",
    "دينار جزائري|dinars algériens": "DZD",
    "دينار ليبي": "LYD",
    "ليرة لبنانية|livres libanaises|lebanese pounds": "LBP",
    "ليرة سورية|syrian pounds": "SYP",
    "ليرة تركية|turkish lira|turkish liras|livres turques|türkische lira": "TRY",
    "francs|franc": "FRANC",
    "dirham|dirhams|درهم|دراهم": "DIRHAM",
    "riyal|riyals|rial|rials|ريال|ريالا|ريالاً|ريالات": "RIYAL",
    "dinar|dinars|دينار|دنانير|دينارا": "DINAR",
    "pesos|peso": "PESO",
    "pounds|pound|livres|pfund|libras|pond|фунтов": "POUND",
}
for _group, _code in _WORD_GROUPS.items():
    WORDS.update(dict.fromkeys((normalise(w) for w in _group.split("|")), _code))

_BY_COUNTRY: dict[str, dict[str, str]] = {
    "DIRHAM": {"AE": "AED", "MA": "MAD"},
    "RIYAL": {"SA": "SAR", "QA": "QAR", "OM": "OMR", "YE": "YER", "IR": "IRR"},
    "DINAR": {"KW": "KWD", "JO": "JOD", "IQ": "IQD", "BH": "BHD", "TN": "TND", "DZ": "DZD",
              "LY": "LYD", "RS": "RSD"},
    "PESO": {"MX": "MXN", "AR": "ARS", "CO": "COP", "CL": "CLP", "PH": "PHP", "UY": "UYU"},
    "FRANC": {"FR": "FRF", "CH": "CHF", "BE": "BEF"},
    "POUND": {"GB": "GBP", "EG": "EGP", "LB": "LBP"},
}  # fmt: skip
# Without a country hint: what the word most likely means in a document of that language.
_BY_LANGUAGE: dict[str, dict[str | None, str]] = {
    "DIRHAM": {"fr": "MAD", None: "AED"},
    "RIYAL": {None: "SAR"},
    "FRANC": {"fr": "FRF", "de": "CHF", "it": "CHF"},
    "POUND": {None: "GBP"},
}
# Words that are also ordinary nouns (weight, books): only money next to a scale word or symbol.
NEEDS_SCALE = frozenset(("POUND",))


def currency_code(surface: str, language: str | None, country: str | None) -> str | None:
    """ISO 4217 code for a symbol, code or word as written, or None if it cannot be decided."""
    if surface.isupper() and surface.isascii() and surface.isalpha() and surface in CODES:
        return _CODE_ALIASES.get(surface, surface)
    key = normalise(surface)
    code = SYMBOLS.get(key) or WORDS.get(key)
    if code in _BY_COUNTRY:
        by_language = _BY_LANGUAGE.get(code, {})
        return (_BY_COUNTRY[code].get(country or "") or by_language.get(language)
                or by_language.get(None))  # fmt: skip
    return code


def is_ambiguous_noun(surface: str) -> bool:
    return WORDS.get(normalise(surface)) in NEEDS_SCALE


_SYMBOL_PATTERN = alternation([s for s in SYMBOLS if not s[0].isalpha()])
_LETTER_SYMBOLS = alternation([s for s in SYMBOLS if s[0].isalpha()])
_CODE_PATTERN = r"\b(?:" + "|".join(sorted(CODES)) + r")\b"
# Before the number: symbols ("$", "US$", "€") and capital codes ("USD 12.5 million").
PREFIX_CURRENCY = rf"(?:(?<![A-Za-z])(?i:{_LETTER_SYMBOLS})|{_SYMBOL_PATTERN}|{_CODE_PATTERN})"
# After the number: symbols, codes and words (the word must end at a word boundary).
SUFFIX_CURRENCY = rf"(?:{_SYMBOL_PATTERN}|{_CODE_PATTERN}|(?i:{alternation(list(WORDS))})(?!\w))"
