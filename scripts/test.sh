#!/usr/bin/env bash
# Sets everything up (including headless chromium for the browser tests) and runs the whole
# test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null; then
    echo "== Chromium en poppler installeren voor de browser- en PDF-tests =="
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver poppler-utils >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
