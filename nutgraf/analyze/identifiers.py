"""E-mail addresses, phone numbers, IBANs and URLs, each validated before it becomes a fact."""

from __future__ import annotations

import re

import phonenumbers
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from nutgraf.model import Fact

# ASCII local parts (internationalised ones are rare; this keeps "ל-" or "à:" prefixes out).
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9_.%+'-]{1,64}\Z")
_EMAIL_DOMAIN = re.compile(r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,24}(?![\w-]|\.[^\W_])")


def find_emails(text: str) -> list[Fact]:
    facts = []
    at = text.find("@")
    while at != -1:
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if local and domain:
            start = local.start()
            while start < at and text[start] in ".'-":
                start += 1  # punctuation before the address is not part of it
            if start < at:
                quote = text[start : domain.end()]
                facts.append(Fact("email", start, domain.end(), quote, quote.lower()))
        at = text.find("@", at + 1)
    return facts


_URL = re.compile(r"(?<![\w@.])(?i:https?://|www\.)[^\s<>\"'«»\[\]{}|\\^`]+")
_URL_TRAILING = ".,;:!?'\"*"


def find_urls(text: str) -> list[Fact]:
    facts = []
    for match in _URL.finditer(text):
        url = _trim_url(match.group())
        if len(url) > (8 if url.lower().startswith("http") else 4) and "." in url:
            end = match.start() + len(url)
            facts.append(Fact("url", match.start(), end, url, url))
    return facts


def _trim_url(url: str) -> str:
    while url:
        last = url[-1]
        if last in _URL_TRAILING or (last == ")" and url.count("(") < url.count(")")):
            url = url[:-1]
        else:
            break
    return url


_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?:[ \u00a0]?[A-Z0-9]{4}){2,7}(?:[ \u00a0]?[A-Z0-9]{1,3})?"
    r"(?![A-Za-z0-9])"
)


def find_ibans(text: str) -> list[Fact]:
    facts = []
    for match in _IBAN.finditer(text):
        candidate = match.group()
        # A following word may have been taken as a last group: drop groups until valid.
        while candidate:
            compact = _valid_iban(candidate)
            if compact is not None:
                end = match.start() + len(candidate)
                facts.append(Fact("iban", match.start(), end, candidate, compact))
                break
            if " " not in candidate.replace("\u00a0", " "):
                break
            candidate = re.split(r"[ \u00a0](?=[A-Z0-9]+$)", candidate)[0]
    return facts


def _valid_iban(candidate: str) -> str | None:
    try:
        return IBAN(candidate).compact
    except (SchwiftyException, ValueError):
        return None


_PHONE = re.compile(
    r"(?<![\w+/.,-])(?:\+|00)?(?:\(\d{1,4}\)[ \u00a0]?)?\d[\d \u00a0().\-/]{5,20}\d(?![\w%])"
)
_PHONE_CUE = re.compile(
    r"(?i:tel|tél|phone|fax|mobile|mob|cell|call|appel|telefon|teléfono|telefono|telefone|"
    r"portable|handy|whatsapp|טל|טלפון|נייד|פקס|هاتف|جوال|تلفون|فاكس|موبايل|☎|📞)"
    r"[^\n\d]{0,20}\Z"
)
_GROUPED_AMOUNT = re.compile(r"\d{1,3}(?:[ .\u00a0]\d{3})+")
_US_SHAPE = re.compile(r"\(?\d{3}\)?[ .-]\d{3}-\d{4}")
_LANGUAGE_REGION = {
    "fr": "FR", "de": "DE", "he": "IL", "it": "IT", "es": "ES", "pt": "PT", "nl": "NL",
    "en": "US", "ru": "RU", "pl": "PL", "tr": "TR", "el": "GR", "sv": "SE", "da": "DK",
}  # fmt: skip


def find_phones(text: str, language: str | None = None, country: str | None = None) -> list[Fact]:
    region = country or _LANGUAGE_REGION.get(language or "")
    facts = []
    for match in _PHONE.finditer(text):
        raw = match.group().rstrip(" \u00a0.-/(")
        digits = sum(c.isdigit() for c in raw)
        if not 8 <= digits <= 15 or "\n" in raw or _GROUPED_AMOUNT.fullmatch(raw):
            continue
        if not _looks_like_phone(text, match.start(), raw):
            continue
        e164 = _e164(raw, region)
        if e164 is not None:
            end = match.start() + len(raw)
            facts.append(Fact("phone", match.start(), end, raw, e164))
    return facts


def _looks_like_phone(text: str, start: int, raw: str) -> bool:
    """International prefix, national trunk '0', US shape, or a 'tel'-like word just before."""
    if raw[0] in "+(" or raw.startswith("0") or _US_SHAPE.fullmatch(raw):
        return True
    return _PHONE_CUE.search(text, max(0, start - 30), start) is not None


def _e164(raw: str, region: str | None) -> str | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
