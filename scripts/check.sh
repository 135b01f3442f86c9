#!/usr/bin/env bash
# The static checks, in seconds: import contracts (import-linter), lint (ruff) and types (mypy),
# all configured in pyproject.toml. scripts/test.sh runs them before the tests; a failure stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== Importregels (import-linter) =="
if ! contracts="$(.venv/bin/lint-imports --no-cache 2>&1)"; then
    echo "$contracts"
    exit 1
fi
echo "$contracts" | grep -E "KEPT|Contracts:"
echo "== Lint (ruff) =="
.venv/bin/ruff check --quiet .
.venv/bin/ruff format --check --quiet .
echo "== Typen (mypy) =="
.venv/bin/mypy
