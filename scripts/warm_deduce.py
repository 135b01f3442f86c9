"""Build the privacy check's deduce cache once, so the first story save is not slow.

Run from the repository root: ``.venv/bin/python scripts/warm_deduce.py``. The cache goes
to ADC_DEDUCE_CACHE_DIR (default .cache/deduce). The first run in a fresh environment
builds about 80 MB of lookup structures (1.5-3 minutes); later runs load them in seconds.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

# Run as a script, sys.path holds scripts/, not the repository root with adc_settings.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from stories import privacy  # noqa: E402

SAMPLE = "Mevrouw Jansen (geboren 12-05-1950) belde op 06-12345678 over haar aanvraag."


def main() -> int:
    started = time.monotonic()
    if privacy.cache_is_trusted(privacy.deduce_cache_file()):
        print("Privacycontrole laden (enkele seconden)…", flush=True)
    else:
        print("Privacycontrole voorbereiden (eenmalig, een à twee minuten)…", flush=True)
        print(f"  Opslag: {privacy.deduce_cache_dir()}", flush=True)
    checker = privacy.DeduceChecker()
    checker.warm()
    findings = checker.check(SAMPLE)
    print(
        f"Privacycontrole klaar in {time.monotonic() - started:.0f} s ({len(findings)} bevindingen in de proefzin).",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    code = main()
    # Tearing down deduce's lookup structures (millions of small objects) takes about
    # 10 s at interpreter exit; nothing is left to clean up, so skip it.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
