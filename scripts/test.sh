#!/usr/bin/env bash
# Sets everything up (including headless chromium for the browser tests) and runs the whole
# test suite, after the static checks (scripts/check.sh). Extra arguments go to pytest (to both
# of its calls: first everything without a browser, then the browser tests).
#   --quick   the developer's loop: no browser, no city-scale data, no subprocess storm, nothing
#             slow (the markers in pyproject.toml), on two workers; under two minutes. Extra
#             arguments may follow it.
set -euo pipefail
cd "$(dirname "$0")/.."
# Some machines set PYTHONDONTWRITEBYTECODE: every Python process (each pytest worker, each
# server and command line a test starts) would then compile the project's modules again, and
# pytest would rewrite every test module's asserts again (7 s of collection per worker instead
# of 3). The compiled files go to the __pycache__ folders git ignores.
unset PYTHONDONTWRITEBYTECODE
bash scripts/setup.sh
if [ "${1:-}" = "--quick" ]; then
    shift
    exec .venv/bin/python -m pytest -m "not browser and not cityscale and not subprocess and not slow" \
        -n 2 "$@"
fi
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null; then
    echo "== Chromium en poppler installeren voor de browser- en PDF-tests =="
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver poppler-utils >/dev/null
fi
# Chromium's headless shell runs the browser tests with less work (tests/browser.py); where the
# package cannot be had, they run in chromium itself.
if [ ! -x /usr/bin/chromium-headless-shell ]; then
    echo "== Chromium headless shell installeren voor de browsertests =="
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium-headless-shell >/dev/null \
        || echo "chromium-headless-shell niet te installeren; de browsertests gebruiken chromium"
fi
bash scripts/check.sh  # import contracts, ruff and mypy first: seconds, and a failure stops the run
# The tests without a browser on two workers, each taking whole files (`loadfile`): a file's
# module fixtures (the benchmark run, a built store, a dashboard server) then run once, not once
# per worker, and the longest files start first (HEAVIEST_FIRST in tests/schedule.py; xdist's
# own reordering, by number of tests, is switched off for it). Then the browser tests, the same
# way on three workers, except those marked `serial`: their timings matter (twenty sessions timed,
# a health check within 1 s, a session time-out of three seconds), and two browsers beside two
# servers on two cores made them fail now and then, so they run last, alone, on one worker.
# Every call runs, and the script fails if any failed ("no tests collected", 5, is no failure
# when the arguments pick tests of only some kinds).
status=0
ran=0
for part in "not browser" "browser and not serial" "browser and serial"; do
    case "$part" in
        "not browser") echo "== Tests zonder browser ==" ;;
        "browser and not serial") echo "== Tests met browser ==" ;;
        *) echo "== Tests met browser waarvan de tijden tellen (na elkaar) ==" ;;
    esac
    case "$part" in
        "browser and serial") workers=(-p no:xdist) ;;
        # A browser test mostly waits (for the server, for the page): on three workers the two
        # cores are used better (148 s against 171 s on two).
        "browser and not serial") workers=(-n 3 --dist loadfile --no-loadscope-reorder) ;;
        *) workers=(-n 2 --dist loadfile --no-loadscope-reorder) ;;
    esac
    code=0
    .venv/bin/python -m pytest -m "$part" "${workers[@]}" "$@" || code=$?
    if [ "$code" = 5 ]; then continue; fi
    ran=1
    if [ "$code" != 0 ]; then status=$code; fi
done
if [ "$ran" = 0 ]; then exit 5; fi  # neither call found a test: say so, as pytest does
exit "$status"
