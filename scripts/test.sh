#!/usr/bin/env bash
# Sets everything up (including headless chromium for the browser tests) and runs the whole
# test suite, after the static checks (scripts/check.sh). Extra arguments go to pytest.
#   --quick   the developer's loop: no browser, no city-scale data, no subprocess storm, nothing
#             slow (the markers in pyproject.toml), on two workers; under two minutes. Extra
#             arguments may follow it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ "${1:-}" = "--quick" ]; then
    shift
    exec .venv/bin/python -m pytest -m "not browser and not cityscale and not subprocess and not slow" \
        -n 2 "$@"
fi
if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null; then
    echo "== Chromium en poppler installeren voor de browser- en PDF-tests =="
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver poppler-utils >/dev/null
fi
bash scripts/check.sh  # import contracts, ruff and mypy first: seconds, and a failure stops the run
exec .venv/bin/python -m pytest "$@"
