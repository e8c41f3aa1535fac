"""Is an OCR reading text, or the junk Tesseract makes of a page it cannot read?

A Chinese scan read with Latin, Arabic and Hebrew models, or a page of shapes, comes back as
a mix of short fragments in several scripts at low confidence. Indexed, such output matches
searches for nothing real and feeds the entity and fact extractors noise. This judges one
OCR result from its own evidence: the scripts of its letters against the scripts of the
languages tried, how fragmented it is, and Tesseract's mean word confidence.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import replace

from nutgraf.ingest.formats.base import Extraction

# Tesseract language code → the script its letters are written in
LANGUAGE_SCRIPTS = {
    "eng": "LATIN", "fra": "LATIN", "deu": "LATIN", "spa": "LATIN", "ita": "LATIN",
    "por": "LATIN", "nld": "LATIN", "pol": "LATIN", "tur": "LATIN", "vie": "LATIN",
    "ara": "ARABIC", "fas": "ARABIC", "urd": "ARABIC", "heb": "HEBREW", "rus": "CYRILLIC",
    "ukr": "CYRILLIC", "bul": "CYRILLIC", "srp": "CYRILLIC", "ell": "GREEK",
    "chi_sim": "CJK", "chi_tra": "CJK", "jpn": "CJK", "kor": "HANGUL", "hin": "DEVANAGARI",
}  # fmt: skip
MIN_CONFIDENCE = 35.0  # below this mean word confidence, nothing Tesseract says is trusted
MIXED_CONFIDENCE = 65.0  # a mix of scripts is junk unless Tesseract is this sure
REJECTED_TEXT_CHARS = 2000  # kept in metadata, so a reader can see what was set aside
FRAGMENT_SHARE = 0.6  # share of words of one or two letters that marks a fragmented reading


def script_of(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA")):
        return "CJK"
    return name.split(" ", 1)[0] if name else ""


def judge(text: str, languages: str, confidence: float | None) -> str | None:
    """None when the reading may be kept, else the reason it is junk (one line)."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return None
    if confidence is not None and confidence < MIN_CONFIDENCE:
        return f"OCR confidence {confidence:.0f} is too low to trust"
    scripts = Counter(script_of(char) for char in letters)
    expected = {LANGUAGE_SCRIPTS.get(code, "") for code in languages.split("+")} - {""}
    foreign = sum(count for script, count in scripts.items() if script not in expected)
    if expected and foreign / len(letters) > 0.5:
        return "OCR output is mostly in a script none of the languages tried uses"
    sure = confidence is not None and confidence >= MIXED_CONFIDENCE
    major = [script for script, count in scripts.items() if count / len(letters) >= 0.15]
    if len(major) >= 3 and not sure:
        return f"OCR output mixes {len(major)} scripts ({', '.join(sorted(major))}): junk"
    words = [word for word in text.split() if any(char.isalpha() for char in word)]
    short = sum(1 for word in words if sum(char.isalpha() for char in word) <= 2)
    # prose has a third of its words this short; a reading of specks and strokes, most
    if len(words) >= 5 and short / len(words) > FRAGMENT_SHARE:
        return "OCR output is mostly one- and two-letter fragments"
    return None


def keep_out_junk(mime: str, extraction: Extraction, languages: str) -> Extraction:
    """The extraction with a junk OCR reading moved out of its text (so it is neither
    indexed nor analysed) into `metadata["ocr_rejected"]` (why) and `ocr_rejected_text`.

    Only a document whose text is all OCR is judged: an image, or a PDF every page of which
    was OCRed; a text layer beside OCR pages is never thrown away with them.
    """
    if not extraction.ocr or not extraction.text.strip():
        return extraction
    metadata = extraction.metadata
    page_count = metadata.get("page_count")
    all_ocr = mime.startswith("image/") or (
        page_count and len(metadata.get("ocr_pages") or []) >= page_count
    )
    if not all_ocr:
        return extraction
    reason = judge(extraction.text, languages, metadata.get("ocr_confidence"))
    if reason is None:
        return extraction
    metadata["ocr_rejected"] = reason
    metadata["ocr_rejected_text"] = extraction.text[:REJECTED_TEXT_CHARS]
    return replace(extraction, text="", pages=[], ocr=False, boxes=[])
