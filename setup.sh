#!/usr/bin/env bash
# Set nutgraf up on a fresh Debian/Ubuntu machine, then run it on the bundled sample leak.
#
#   ./setup.sh              install, then ingest sample/leak, search it and list its facts
#   ./setup.sh --no-demo    install only
#   ./setup.sh --test-tools install also what the tests need beyond the tool (a browser,
#                           PostgreSQL for the team-mode tests)
set -euo pipefail
cd "$(dirname "$0")"

DEMO=1
TEST_TOOLS=0
for arg in "$@"; do
  case "$arg" in
    --no-demo) DEMO=0 ;;
    --test-tools) TEST_TOOLS=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

# What nutgraf runs besides Python: OCR with its language packs, libmagic for type
# detection, unar for RAR, LibreOffice as the fallback for old Word/PowerPoint files.
DEBIAN_PACKAGES=(
  tesseract-ocr tesseract-ocr-osd tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-ara
  tesseract-ocr-heb tesseract-ocr-deu tesseract-ocr-spa
  libmagic1 unar openssl fonts-dejavu-core
  libreoffice-writer-nogui libreoffice-impress-nogui libreoffice-draw-nogui
  7zip mdbtools jbig2dec libarchive13 djvulibre-bin poppler-utils
  # followthemoney's PyICU is built from source: ICU's headers, pkg-config and a C++ compiler
  libicu-dev pkg-config g++
  # offline translation (nutgraf translate): Apertium pairs, FreeDict dictionaries for glosses
  apertium apertium-eng-spa apertium-fr-es apertium-es-pt apertium-spa-ita apertium-eng-cat
  dict-freedict-ara-eng dict-freedict-deu-eng dict-freedict-fra-eng dict-freedict-spa-eng
  dict-freedict-ita-eng dict-freedict-nld-eng dict-freedict-por-eng
)
TEST_PACKAGES=(chromium postgresql)  # a browser for page tests; a throwaway PostgreSQL server
[ "$TEST_TOOLS" = 1 ] && DEBIAN_PACKAGES+=("${TEST_PACKAGES[@]}")

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "nutgraf needs these Debian packages; install them, then run ./setup.sh again:" >&2
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "nutgraf needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version 2>&1))" >&2
  exit 1
}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
echo "nutgraf is installed: .venv/bin/nutgraf"

[ "$DEMO" = 1 ] || exit 0
export NUTGRAF_CASE=sample-case
echo
echo "== nutgraf ingest sample/leak"
.venv/bin/nutgraf ingest sample/leak
echo
echo "== nutgraf search '\"lugano account\" OR \"défense côtière\"'"
.venv/bin/nutgraf search '"lugano account" OR "défense côtière"'
echo
echo "== nutgraf facts --kind money"
.venv/bin/nutgraf facts --kind money
echo
echo "The case is in ./sample-case. Try: .venv/bin/nutgraf --help"
