#!/usr/bin/env bash
# Sets everything up and starts the dashboard on http://127.0.0.1:8501, from any folder.
#   bash scripts/start.sh --demo   first run on the sample data: builds the figures from
#                                  sample_data/, imports the sample stories and creates the demo
#                                  accounts (their password is in the README, so only there)
#   bash scripts/start.sh          the same without demo accounts
# Figures of your own (loaded on the Beheer page) are never rebuilt from the samples, and never
# get demo accounts: `python -m accounts demo` refuses on anything but the sample data.
set -euo pipefail
cd "$(dirname "$0")/.."
unset PYTHONDONTWRITEBYTECODE  # compile the project's modules once, not in every process (test.sh)
demo=0
for arg in "$@"; do
    case "$arg" in
        --demo) demo=1 ;;
        *) echo "Onbekende optie '$arg'; bekend is alleen --demo (demo-accounts op de voorbeelddata)." >&2
           exit 2 ;;
    esac
done
bash scripts/setup.sh
state="$(.venv/bin/python -c 'from kernel import adc_settings
from accounts.demo import built_from_sample_data
print("samples" if built_from_sample_data() else "own" if adc_settings.figures_db_path().exists() else "none")')"
if [ "$state" = own ]; then
    echo "== Eigen cijfers gevonden: niet opnieuw uit sample_data/ gebouwd, geen demo-accounts =="
else
    .venv/bin/python -m etl build --source sample_data
    .venv/bin/python -m etl import-stories sample_data/verhalen.csv
    if [ "$demo" = 1 ]; then
        .venv/bin/python -m accounts demo
    else
        echo "== Geen demo-accounts (start met --demo voor de voorbeelddata). Een eigen account:"
        echo "   ADC_NEW_PASSWORD='…' .venv/bin/python -m accounts create NAAM --rol beheerder =="
    fi
fi
echo "== Dashboard starten: http://127.0.0.1:8501 (stoppen met Ctrl+C) =="
# dashboard/serve.py holds the command line (address, port, headless, no tracebacks for readers).
exec .venv/bin/python -m dashboard.serve 8501
