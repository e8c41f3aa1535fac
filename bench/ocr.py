"""OCR benchmark: character error rate (CER) per language, and pages per second.

Run outside pytest:  .venv/bin/python bench/ocr.py [--languages eng+fra+ara+heb+deu+spa]

Ground truth: the tesseract test images that ship with a transcript (public corpus,
tesseract-test/testing), plus pages rendered here from known sentences (Article 1 of the
Universal Declaration of Human Rights) with a Debian font, for the languages the corpus has no
transcript for (Hebrew, Arabic) and for the other default languages; one rendered page is
also turned upside down to exercise orientation detection.

CER = Levenshtein distance / length of the truth, after collapsing runs of whitespace (line
breaks and column layout are not what we measure).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nutgraf.ingest.ocr import ocr_image

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "public"
TESSERACT_TESTS = CORPUS / "tesseract-test" / "testing"
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
)

# (language, image file, transcript file) from tesseract's own test data.
CORPUS_SAMPLES = (
    ("eng", "phototest.tif", "phototest.gold.txt"),
    ("eng+deu+fra+spa", "eurotext.tif", "eurotext.txt"),
    ("eng", "8071_093.3B.tif", "8071_093.3B.txt"),
    ("eng", "8087_054.3B.tif", "8087_054.3B.txt"),
)

# Article 1 of the Universal Declaration of Human Rights.
UDHR_ARTICLE_1 = {
    "eng": "All human beings are born free and equal in dignity and rights. They are endowed "
    "with reason and conscience and should act towards one another in a spirit of brotherhood.",
    "fra": "Tous les êtres humains naissent libres et égaux en dignité et en droits. Ils sont "
    "doués de raison et de conscience et doivent agir les uns envers les autres dans un esprit "
    "de fraternité.",
    "deu": "Alle Menschen sind frei und gleich an Würde und Rechten geboren. Sie sind mit "
    "Vernunft und Gewissen begabt und sollen einander im Geist der Brüderlichkeit begegnen.",
    "spa": "Todos los seres humanos nacen libres e iguales en dignidad y derechos y, dotados "
    "como están de razón y conciencia, deben comportarse fraternalmente los unos con los otros.",
    "heb": "כל בני האדם נולדו בני חורין ושווים בערכם ובזכויותיהם. כולם חוננו בתבונה ובמצפון, "
    "לפיכך חובה עליהם לנהוג איש ברעהו ברוח של אחווה.",
    "ara": "يولد جميع الناس أحرارا متساوين في الكرامة والحقوق. وقد وهبوا عقلا وضميرا وعليهم "
    "أن يعامل بعضهم بعضا بروح الإخاء.",
}
RIGHT_TO_LEFT = {"heb", "ara"}


@dataclass
class Sample:
    language: str
    name: str
    image: Image.Image
    truth: str


def levenshtein(a: str, b: str) -> int:
    """Edit distance by Hyyrö's bit-parallel algorithm (fast on page-long strings)."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    full = (1 << len(a)) - 1
    last = 1 << (len(a) - 1)
    masks: dict[str, int] = {}
    for index, char in enumerate(a):
        masks[char] = masks.get(char, 0) | (1 << index)
    positive, negative, score = full, 0, len(a)
    for char in b:
        equal = masks.get(char, 0)
        vertical = equal | negative
        horizontal = (((equal & positive) + positive) ^ positive) | equal
        plus = negative | ~(horizontal | positive)
        minus = positive & horizontal
        if plus & last:
            score += 1
        elif minus & last:
            score -= 1
        plus = (plus << 1) | 1
        minus <<= 1
        positive = (minus | ~(vertical | plus)) & full
        negative = plus & vertical & full
    return score


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def character_error_rate(found: str, truth: str) -> float:
    truth, found = normalise(truth), normalise(found)
    return levenshtein(truth, found) / max(1, len(truth))


def font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONT_FILES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    raise SystemExit("no font found: apt-get install fonts-dejavu-core")


def render_page(text: str, right_to_left: bool, width: int = 2000, size: int = 50) -> Image.Image:
    """Text wrapped on a white page; at 300 dpi 12 pt is 50 px."""
    typeface = font(size)
    lines = wrap(text, typeface, width - 200)
    spacing = size * 8 // 5
    page = Image.new("L", (width, 150 + spacing * len(lines)), 255)
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(lines):
        top = 75 + spacing * number
        if right_to_left:
            draw.text((width - 100, top), line, font=typeface, fill=0, anchor="ra")
        else:
            draw.text((100, top), line, font=typeface, fill=0)
    return page


def wrap(text: str, typeface: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and typeface.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def samples() -> list[Sample]:
    found: list[Sample] = []
    for language, image_name, truth_name in CORPUS_SAMPLES:
        image_path, truth_path = TESSERACT_TESTS / image_name, TESSERACT_TESTS / truth_name
        if image_path.is_file() and truth_path.is_file():
            truth = truth_path.read_text(encoding="utf-8", errors="replace")
            found.append(Sample(language, image_name, Image.open(image_path), truth))
    for language, text in UDHR_ARTICLE_1.items():
        page = render_page(text, language in RIGHT_TO_LEFT)
        found.append(Sample(language, f"rendered {language}", page, text))
        if language in RIGHT_TO_LEFT:  # tesseract is erratic on these: other text sizes
            for width, size in ((1500, 36), (1000, 25)):
                smaller = render_page(text, True, width=width, size=size)
                found.append(Sample(language, f"rendered {language}, {size} px", smaller, text))
    upside_down = render_page(UDHR_ARTICLE_1["eng"], False).rotate(180)
    found.append(Sample("eng", "rendered eng, upside down", upside_down, UDHR_ARTICLE_1["eng"]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="eng+fra+ara+heb+deu+spa")
    arguments = parser.parse_args()
    if not TESSERACT_TESTS.is_dir():
        print(f"note: {TESSERACT_TESTS} is missing; only rendered pages are measured")
    by_language: dict[str, list[tuple[int, int]]] = {}
    started = time.perf_counter()
    pages = 0
    print(f"OCR languages: {arguments.languages}")
    print(f"{'sample':32} {'lang':16} {'CER':>7} {'conf':>6} {'rot':>4} {'seconds':>8}")
    for sample in samples():
        before = time.perf_counter()
        result = ocr_image(sample.image, arguments.languages)
        seconds = time.perf_counter() - before
        pages += 1
        truth = normalise(sample.truth)
        errors = levenshtein(truth, normalise(result.text))
        by_language.setdefault(sample.language, []).append((errors, len(truth)))
        cer = errors / max(1, len(truth))
        print(
            f"{sample.name:32} {sample.language:16} {cer:7.2%} {result.confidence:6.1f}"
            f" {result.rotation:4d} {seconds:8.2f}"
        )
    elapsed = time.perf_counter() - started
    print("\nCER per language (characters in error / characters of truth):")
    for language, counts in by_language.items():
        errors = sum(count[0] for count in counts)
        length = sum(count[1] for count in counts)
        print(f"  {language:16} {errors / max(1, length):7.2%}  ({length} characters)")
    print(f"\n{pages} pages in {elapsed:.1f} s: {pages / elapsed:.2f} pages/s (one process)")


if __name__ == "__main__":
    main()
