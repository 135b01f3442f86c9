"""Hostile uploads through the Beheer page of a real server: time from the click to the answer,
the server's peak memory and its slowest health check, per file (bench/hostile_uploads.py).

`python -m bench.hostile_uploads_browser [--code DIR] [FILE_KIND ...]` serves the dashboard of
the code in DIR (default: this repository; an older checkout measures "before", e.g.
`git archive c06ed18 | tar -x -C /tmp/old`) on a fresh copy of the sample data, logs in as the
beheerder in headless chromium and uploads each file. One JSON line per file.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from accounts import demo
from bench import hostile_uploads
from etl import build, stories_import
from kernel import adc_settings
from tests import browser
from tests.test_browser_hostile_uploads import Watch

ANSWER = re.compile(r"^(Niet geladen|Geladen):")


def serve(code: Path, data: Path) -> tuple[subprocess.Popen, str]:
    port = browser._free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],
        cwd=code,
        env=os.environ | {"PYTHONPATH": str(code), adc_settings.DATA_DIR.env: str(data)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            return server, url
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("streamlit did not start")


def attempt(chromium, url: str, path: Path, timeout_s: float) -> dict:
    expect = browser.sync_api.expect
    context = chromium.new_context(viewport=browser.VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(60_000)
    browser.login(page, f"{url}/beheer", "beheerder")
    expect(page.get_by_role("heading", name="Beheer", level=1)).to_be_visible()
    with Watch(url) as watch:
        page.locator('.st-key-beheer_uploads input[type="file"]').set_input_files(str(path))
        expect(page.get_by_role("region", name="Bronbestanden")).to_contain_text(
            re.compile(re.escape(path.name) + r"\s*[\d.]+\s*[KMG]?B"), timeout=120_000
        )
        started = time.perf_counter()
        page.get_by_role("button", name="Controleren en laden").click()
        answer = page.get_by_text(ANSWER).first
        try:
            expect(answer).to_be_visible(timeout=timeout_s * 1000)
            said = answer.inner_text()[:70]
        except AssertionError:
            said = f"geen antwoord binnen {timeout_s:g} s"
        seconds = time.perf_counter() - started
    context.close()
    return {
        "seconds": round(seconds, 1),
        "said": said,
        "server_peak_mb": round(watch.peak_mb),
        "slowest_health_s": round(watch.slowest, 2),
        "health_failures": len(watch.failures),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile_uploads_browser")
    parser.add_argument("--code", type=Path, default=adc_settings.ROOT)
    parser.add_argument("--timeout", type=float, default=150)
    parser.add_argument("--scale", type=float, default=1.0, help="as in bench.hostile_uploads")
    parser.add_argument("kinds", nargs="*", default=sorted(hostile_uploads.HOSTILE))
    args = parser.parse_args(argv)
    data = Path(tempfile.mkdtemp(prefix="hostile-browser-"))
    os.environ[adc_settings.DATA_DIR.env] = str(data)
    build.build_file(adc_settings.figures_db_path(), adc_settings.ROOT / "sample_data")
    stories_import.import_file(adc_settings.ROOT / "sample_data" / "verhalen.csv")
    demo.create_demo_users()
    server, url = serve(args.code.resolve(), data)
    try:
        with browser.sync_api.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=browser.CHROMIUM, args=browser.CHROMIUM_ARGS)
            for kind in args.kinds:
                with tempfile.TemporaryDirectory() as folder:
                    path = hostile_uploads.HOSTILE[kind](Path(folder), args.scale)
                    print(
                        json.dumps({"file": kind, **attempt(chromium, url, path, args.timeout)}, ensure_ascii=False),
                        flush=True,
                    )
            chromium.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
