#!/usr/bin/env bash
# Creates .venv with the pinned dependencies. Idempotent: a second run with an unchanged
# requirements.lock only checks a stamp. Shared by scripts/start.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
export UV_COMPILE_BYTECODE=1 UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1

stamp=".venv/.installed-$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    echo "== Python-omgeving klaarzetten in .venv (eenmalig, ongeveer een minuut) =="
    [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
    .venv/bin/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
    .venv/bin/uv pip sync --quiet --python .venv/bin/python requirements.lock
    .venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps -e .
    rm -f .venv/.installed-*
    touch "$stamp"
fi

# The story store's second backend (ADC_STORE_URL, scripts/postgres.sh) and its tests need
# PostgreSQL's server and client tools from Debian's packages.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v pg_dump >/dev/null; then
    echo "== PostgreSQL installeren (Debian-pakket postgresql) =="
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi

# The privacy check's de-identifier builds an ~80 MB lookup cache the first time (a minute or
# more); doing it here means the first story save does not wait for it.
if [ ! -f "${ADC_DEDUCE_CACHE_DIR:-.cache/deduce}/cache/lookup_structs.pickle" ]; then
    .venv/bin/python scripts/warm_deduce.py
fi

# scripts/cluster.sh serves several dashboard processes behind nginx from Debian's packages. CI
# is a clean machine without stdin: install it when missing, as root or with a sudo that asks
# nothing; otherwise say how (the single-process start needs no nginx).
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="none"; fi
    if [ "$SUDO" = none ]; then
        echo "== nginx ontbreekt (nodig voor scripts/cluster.sh); installeer het met: sudo apt-get install nginx ==" >&2
    else
        echo "== nginx installeren voor scripts/cluster.sh =="
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null
    fi
fi
