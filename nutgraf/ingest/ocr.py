"""Optical character recognition with the tesseract program (run as a subprocess, offline).

`ocr_image(image, languages)` returns the recognised text and tesseract's mean word confidence.

Choices, measured on the tesseract test images (see bench/ocr.py):
- `OMP_THREAD_LIMIT=1`: tesseract's OpenMP threads fight each other when one OCR runs per
  core; single-threaded runs are several times faster overall.
- Orientation and script detection first (`--psm 0`, the `osd` model, ~0.3-0.7 s a page):
  the page is turned upright, and only the requested languages of its script are used.
  Tesseract's confidence does not reveal upside-down pages (garbage scores ~75), and
  all six default models together misread Hebrew as Latin garbage; fewer models also run
  faster, which pays back most of the detection. Without `osd`, pages whose confidence is
  poor are tried at the other right angles.
- When page segmentation finds nothing (a lone word or a stamp on a wide page) one more pass
  treats the image as sparse text (`--psm 11`), kept only if it is confident.
- Preprocessing is kept to what helped: flatten transparency onto white, grayscale, double
  small images (tesseract wants glyphs ~20-30 px high), shrink huge ones.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image

from nutgraf.errors import Corrupt, OcrLater, Timeout, Unsupported
from nutgraf.ingest.ocr_words import BIDI_MARKS, tsv_words, word_boxes, word_confidence

OCR_TIMEOUT_SECONDS = 180
# Without OSD: below this mean word confidence, try other orientations (upside-down text
# still scores ~75, so the bar is high; it only costs time on poor scans).
POOR_CONFIDENCE = 80.0
SPARSE_MIN_CONFIDENCE = 60.0  # a sparse-text pass is kept only above this
MIN_OSD_CONFIDENCE = 2.0  # tesseract's orientation confidence; ~10 on clean text
SMALL_IMAGE_SIDE = 1200  # longer side (px) under which the image is doubled
MAX_OCR_PIXELS = 40_000_000  # bigger images are shrunk (slow, and no gain in accuracy)
# The script tesseract's OSD names for each language model (models not listed are always used).
_SCRIPT_LANGUAGES = (
    ("Latin", "eng fra deu spa ita por nld cat dan nor swe fin est lav lit pol ces slk slv hrv"),
    ("Latin", "hun ron tur sqi isl gle cym eus glg lat mlt vie ind msa tgl afr swa aze uzb"),
    ("Cyrillic", "rus ukr bel bul mkd srp kaz kir mon tgk"),
    ("Arabic", "ara fas urd pus uig snd"),
    ("Hebrew", "heb yid"),
    ("Devanagari", "hin mar nep san"),
    ("Han", "chi_sim chi_tra"),
    ("Greek", "ell"),
    ("Armenian", "hye"),
    ("Georgian", "kat"),
    ("Thai", "tha"),
    ("Bengali", "ben"),
    ("Tamil", "tam"),
    ("Hangul", "kor"),
    ("Japanese", "jpn"),
)
LANGUAGE_SCRIPTS: dict[str, str] = {
    lang: script for script, langs in _SCRIPT_LANGUAGES for lang in langs.split(" ")
}


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: float  # mean word confidence, 0-100 (0 when no word was found)
    words: int = 0
    rotation: int = 0  # degrees the image was turned clockwise before recognition
    # each word found in `text`: (start, end, x0, y0, x1, y1), the box as fractions of the
    # image as given (before any turn made for recognition), as a preview shows it
    boxes: tuple[tuple[int, int, float, float, float, float], ...] = ()


@dataclass
class Deferral:
    """Pages whose OCR was put off while reading one document (see `deferred_ocr`)."""

    pages: int = 0


_deferral: Deferral | None = None


@contextlib.contextmanager
def deferred_ocr(enabled: bool = True) -> Iterator[Deferral]:
    """While enabled, `ocr_image` raises OcrLater instead of running tesseract, and counts.

    The formats need not know: a PDF keeps its text layer for the page (as on any OCR
    failure), an image has no text yet. The pipeline reads the document again with OCR
    once every text layer is read and indexed, and the OCR text replaces what was stored.
    """
    global _deferral
    previous, _deferral = _deferral, (Deferral() if enabled else None)
    try:
        yield _deferral or Deferral()
    finally:
        _deferral = previous


def ocr_is_deferred() -> bool:
    """Would `ocr_image` refuse now (inside `deferred_ocr`)? Lets a caller skip a costly render."""
    return _deferral is not None


def ocr_image(image: Image.Image | bytes, languages: str) -> OcrResult:
    """Recognise the text of one image (one page) in the given tesseract languages ("eng+fra")."""
    if _deferral is not None:
        _deferral.pages += 1
        raise OcrLater("ocr_later: OCR comes after every text layer is read")
    program = tesseract_program()
    langs = usable_languages(languages)
    picture = prepare_image(_as_image(image))
    with tempfile.TemporaryDirectory(prefix="nutgraf-ocr-") as tmp:
        work = _Work(program, Path(tmp))
        orientation = work.detect_orientation(picture) if has_osd() else None
        if orientation is not None:
            rotation, script = orientation
            best = work.recognise(picture, languages_for_script(langs, script), 3, rotation)
        else:
            best = work.recognise(picture, langs, psm=3)
            if best.confidence < POOR_CONFIDENCE and not has_osd():
                best = _try_rotations(work, picture, langs, best)
        if best.words == 0:
            sparse = work.recognise(picture, langs, psm=11, rotation=best.rotation)
            if sparse.confidence >= SPARSE_MIN_CONFIDENCE:
                best = sparse
    return best


@cache
def tesseract_program() -> str:
    program = shutil.which("tesseract")
    if program is None:
        raise Unsupported(
            "unsupported: OCR needs the tesseract program, which is not installed "
            "(Debian: apt-get install tesseract-ocr tesseract-ocr-eng)"
        )
    return program


@cache
def installed_languages() -> frozenset[str]:
    completed = subprocess.run(
        [tesseract_program(), "--list-langs"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    lines = completed.stdout.splitlines()
    # The first line is a header ("List of available languages in ...").
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def usable_languages(languages: str) -> str:
    """The installed subset of a "+"-joined language list; missing ones are skipped."""
    installed = installed_languages()
    wanted = [lang for lang in languages.split("+") if lang]
    usable = [lang for lang in wanted if lang in installed and lang != "osd"]
    if not usable:
        raise Unsupported(
            f"unsupported: none of the OCR languages {languages!r} is installed for tesseract "
            "(Debian packages tesseract-ocr-<lang>)"
        )
    return "+".join(usable)


def has_osd() -> bool:
    return "osd" in installed_languages()


def languages_for_script(languages: str, script: str) -> str:
    """The requested languages written in `script`, or all of them if none is.

    Fewer models make tesseract faster, and a Latin model beside the Hebrew one turns Hebrew
    words into Latin garbage (measured: even English alone does). Languages whose script we
    do not know are always kept.
    """
    requested = languages.split("+")
    chosen = [lang for lang in requested if LANGUAGE_SCRIPTS.get(lang, script) == script]
    return "+".join(chosen) if chosen else languages


def prepare_image(image: Image.Image) -> Image.Image:
    """Grayscale on white, doubled when small, shrunk when huge."""
    image = _flatten_transparency(image).convert("L")
    longer = max(image.size)
    if 0 < longer < SMALL_IMAGE_SIDE:
        image = image.resize((image.width * 2, image.height * 2), Image.Resampling.LANCZOS)
    pixels = image.width * image.height
    if pixels > MAX_OCR_PIXELS:
        factor = (MAX_OCR_PIXELS / pixels) ** 0.5
        size = (max(1, int(image.width * factor)), max(1, int(image.height * factor)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    return image


def _as_image(image: Image.Image | bytes) -> Image.Image:
    if isinstance(image, Image.Image):
        return image
    try:
        opened = Image.open(io.BytesIO(image))
        opened.load()
    except Image.DecompressionBombError as error:
        raise Corrupt(f"corrupt: image too large to OCR ({error})") from None
    except (OSError, ValueError) as error:
        raise Corrupt(f"corrupt: not a readable image ({error})") from None
    return opened


def _flatten_transparency(image: Image.Image) -> Image.Image:
    # Dark text on a transparent background would turn into black on black.
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if not has_alpha:
        return image
    rgba = image.convert("RGBA")
    background = Image.new("RGBA", rgba.size, "white")
    background.alpha_composite(rgba)
    return background


def _try_rotations(
    work: _Work, picture: Image.Image, languages: str, first: OcrResult
) -> OcrResult:
    """Without orientation detection, try the other right angles and keep the most confident."""
    best = first
    for rotation in (90, 180, 270):
        turned = work.recognise(picture, languages, psm=3, rotation=rotation)
        if turned.confidence > best.confidence:
            best = turned
    return best


class _Work:
    """Runs tesseract on images written to one temporary folder."""

    def __init__(self, program: str, folder: Path) -> None:
        self.program = program
        self.folder = folder
        self.env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def recognise(
        self, picture: Image.Image, languages: str, psm: int, rotation: int = 0
    ) -> OcrResult:
        source = self._write(picture, rotation)
        base = self.folder / f"out-{psm}-{rotation}-{languages}"
        self._run(
            [
                str(source),
                str(base),
                "-l",
                languages,
                "--psm",
                str(psm),
                "-c",
                "page_separator=",
                "txt",
                "tsv",
            ]
        )
        text = _clean(base.with_suffix(".txt").read_text(encoding="utf-8", errors="replace"))
        rows = tsv_words(base.with_suffix(".tsv"))
        confidence, words = word_confidence(rows)
        size = picture.size if rotation in (0, 180) else picture.size[::-1]
        boxes = word_boxes(text, rows, size, rotation)
        return OcrResult(text, confidence, words, rotation, boxes)

    def detect_orientation(self, picture: Image.Image) -> tuple[int, str] | None:
        """(clockwise degrees that put the text upright, script name) per tesseract's OSD.

        None when OSD cannot tell (too little text); rotation 0 when it is unsure of it.
        """
        source = self._write(picture, 0)
        output = self._run([str(source), "stdout", "--psm", "0", "-l", "osd"], fail_ok=True)
        rotate = re.search(r"^Rotate: (\d+)", output, re.MULTILINE)
        confidence = re.search(r"^Orientation confidence: ([\d.]+)", output, re.MULTILINE)
        script = re.search(r"^Script: (\S+)", output, re.MULTILINE)
        if not rotate or not confidence or not script:
            return None
        sure = float(confidence.group(1)) >= MIN_OSD_CONFIDENCE
        return (int(rotate.group(1)) % 360 if sure else 0), script.group(1)

    def _write(self, picture: Image.Image, rotation: int) -> Path:
        # Uncompressed (PGM): the same pixels as a PNG, but nothing to compress here or to
        # decompress in each tesseract run (OSD, then recognition) on a 9-megapixel page.
        path = self.folder / f"page-{rotation}.pgm"
        if not path.exists():
            # PIL turns counter-clockwise; tesseract's rotation is clockwise.
            turned = picture.rotate(-rotation, expand=True) if rotation else picture
            turned.save(path, format="PPM")
        return path

    def _run(self, arguments: list[str], fail_ok: bool = False) -> str:
        try:
            completed = subprocess.run(
                [self.program, *arguments],
                capture_output=True,
                text=True,
                errors="replace",
                env=self.env,
                timeout=OCR_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise Timeout(f"timeout: OCR took longer than {OCR_TIMEOUT_SECONDS} s") from None
        if completed.returncode != 0 and not fail_ok:
            reason = _last_line(completed.stderr) or f"exit code {completed.returncode}"
            raise Corrupt(f"corrupt: tesseract could not read the image ({reason})")
        return completed.stdout


def _clean(text: str) -> str:
    text = BIDI_MARKS.sub("", text)
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(lines).strip("\n")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""
