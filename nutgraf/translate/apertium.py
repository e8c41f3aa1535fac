"""Apertium (Debian's `apertium` and its language pairs): rule-based, offline, gist quality.

Each call runs the `apertium` command once for a whole batch of segments, one per line (a
segment's own line breaks become spaces), because starting a pair costs ≈0.3 s while it
then translates thousands of words a second. `-u` drops the `*` it puts before an unknown
word: the word is kept as written either way.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

from nutgraf.errors import NutgrafError

TIMEOUT_PER_WORD = 0.05  # seconds: far above the measured ≈0.0003, so only a hang times out
TIMEOUT_MIN = 30.0
# Apertium names pairs with 2- or 3-letter codes (`spa-eng`, `fr-es`): ISO 639-1 here.
_THREE_TO_TWO = {
    "spa": "es", "eng": "en", "cat": "ca", "ita": "it", "fra": "fr", "por": "pt", "deu": "de",
    "glg": "gl", "ron": "ro", "rus": "ru", "ukr": "uk", "arg": "an", "ast": "ast", "srd": "sc",
    "frp": "frp", "epo": "eo", "oci": "oc", "eus": "eu", "nld": "nl", "afr": "af",
}  # fmt: skip
_PLAIN_MODE = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})$")
PIVOTS = ("es", "ca", "eo")  # tried in this order: Spanish pairs are the most worked on


class TranslationError(NutgrafError):
    """A translation engine failed (missing program, crash, timeout)."""

    exit_code = 5


def code(apertium_code: str) -> str:
    return _THREE_TO_TWO.get(apertium_code, apertium_code)


@cache
def installed_modes() -> dict[tuple[str, str], str]:
    """(source, target) ISO codes → the apertium mode translating them, from `apertium -l`."""
    if shutil.which("apertium") is None:
        return {}
    try:
        listed = subprocess.run(
            ["apertium", "-l"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return {}
    modes: dict[tuple[str, str], str] = {}
    for line in listed.split():
        match = _PLAIN_MODE.match(line.strip())
        if match:  # variants (`spa-eng_US`, `eo-en-j`) and debugging modes are left out
            modes.setdefault((code(match[1]), code(match[2])), line.strip())
    return modes


def route(source: str, target: str) -> list[str] | None:
    """The modes to chain from source to target: one (direct), two (a pivot), or None."""
    modes = installed_modes()
    if (source, target) in modes:
        return [modes[(source, target)]]
    for pivot in PIVOTS:
        if (source, pivot) in modes and (pivot, target) in modes:
            return [modes[(source, pivot)], modes[(pivot, target)]]
    return None


def translate_lines(mode: str, lines: list[str]) -> list[str]:
    """Each line translated by one `apertium MODE` run; the count of lines is kept."""
    if not lines:
        return []
    flat = [" ".join(line.split()) for line in lines]
    output = _run(mode, "\n".join(flat) + "\n")
    translated = output.split("\n")
    if translated and translated[-1] == "":
        translated.pop()
    if len(translated) == len(flat):
        return [line.strip() for line in translated]
    # Apertium kept the lines apart in every test; should a pair ever merge two, translate
    # one by one rather than misalign the rest of the document.
    return [_run(mode, line + "\n").strip() for line in flat]


def _run(mode: str, text: str) -> str:
    timeout = max(TIMEOUT_MIN, TIMEOUT_PER_WORD * len(text.split()))
    try:
        done = subprocess.run(
            ["apertium", "-u", mode],
            input=text,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError as error:
        raise TranslationError("apertium is not installed (Debian package apertium)") from error
    except subprocess.TimeoutExpired as error:
        raise TranslationError(f"apertium {mode} took longer than {timeout:.0f} s") from error
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise TranslationError(f"apertium {mode} failed: {last}")
    return done.stdout
