#!/usr/bin/env bash
# Sets everything up, builds the figures from sample_data/, imports the sample stories and
# starts the dashboard on http://127.0.0.1:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m etl build --source sample_data
.venv/bin/python -m etl import-stories sample_data/verhalen.csv
.venv/bin/python -m accounts demo
echo "== Dashboard starten: http://127.0.0.1:8501 (stoppen met Ctrl+C) =="
exec .venv/bin/streamlit run dashboard/app.py
