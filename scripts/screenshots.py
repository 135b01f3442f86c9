"""Retakes the README's screenshots in docs/ from a real browser on the sample data.

    .venv/bin/python scripts/screenshots.py

Builds the sample figures, stories and demo accounts in a temporary folder (with the fixed
rounding key the tests use, so the council's rounded cells are the same every time), serves the
dashboard on a free port, and takes: docs/raad_overzicht_jeugd.png (a wethouder reads the story
behind the Jeugd overspend), docs/manager_caseload.png (a manager's team over its norm with its
workload stories) and docs/briefing_page1.png and briefing_page5.png (pages of the Jeugd
briefing PDF, drawn with pdftoppm). Needs chromium at /usr/bin/chromium and pdftoppm.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from accounts.demo import DEMO_PASSWORD  # noqa: E402
from dashboard import serve as serve_dashboard  # noqa: E402
from etl import disclosure  # noqa: E402
from kernel import adc_settings  # noqa: E402
from presentation import labels  # noqa: E402

DOCS = ROOT / "docs"
VIEWPORT = {"width": 1400, "height": 2400}
PYTHON = sys.executable


def build(data: Path) -> None:
    env = os.environ | {adc_settings.DATA_DIR.env: str(data)}
    (data / disclosure.KEY_FILE).write_text("5a" * 32)
    for command in (
        ["-m", "etl", "build", "--source", "sample_data"],
        ["-m", "etl", "import-stories", "sample_data/verhalen.csv"],
        ["-m", "accounts", "demo"],
    ):
        subprocess.run([PYTHON, *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def serve(data: Path) -> tuple[subprocess.Popen, str]:
    port = serve_dashboard.free_port()
    server = serve_dashboard.start(port, data)
    if not serve_dashboard.wait_until_healthy(server, port):
        server.kill()
        raise SystemExit("Het dashboard startte niet.")
    return server, serve_dashboard.url(port)


def login(page, url: str, user: str) -> None:
    page.goto(url)
    page.get_by_label("Gebruikersnaam").fill(user)
    page.get_by_label("Wachtwoord", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def settle(page, title: str) -> None:
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=60_000)
    page.wait_for_timeout(1200)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")


def shoot(page, name: str) -> None:
    page.mouse.move(5, 5)  # no tooltip over the content
    page.wait_for_timeout(1000)  # the charts finish drawing
    page.screenshot(path=str(DOCS / name))
    print(f"docs/{name}")


def council_overview(browser, url: str) -> None:
    page = browser.new_page(viewport=VIEWPORT, locale="nl-NL")
    login(page, f"{url}/?thema=jeugd&cijfer=budget_forecast_deviation", "wethouder")
    settle(page, labels.TITLE_OVERVIEW)
    page.locator('[data-testid="stRadio"]').get_by_text(
        "Duurder ambulant, maar geen uithuisplaatsing", exact=False
    ).click()
    expect(page.get_by_role("heading", name="Duurder ambulant, maar geen uithuisplaatsing", level=4)).to_be_visible()
    settle(page, labels.TITLE_OVERVIEW)
    shoot(page, "raad_overzicht_jeugd.png")
    page.close()


def manager_caseload(browser, url: str) -> None:
    page = browser.new_page(viewport=VIEWPORT, locale="nl-NL")
    login(page, f"{url}/caseload?thema=participatie", "manager-participatie")
    settle(page, labels.TITLE_CASELOAD)
    page.locator('[data-testid="stRadio"]').get_by_text(
        "Er kwam een halve wijk bij, er kwam niemand bij", exact=False
    ).click()
    expect(page.get_by_role("heading", name="Er kwam een halve wijk bij, er kwam niemand bij", level=4)).to_be_visible()
    settle(page, labels.TITLE_CASELOAD)
    shoot(page, "manager_caseload.png")
    page.close()


def briefing_pages(browser, url: str) -> None:
    page = browser.new_page(viewport=VIEWPORT, locale="nl-NL")
    login(page, f"{url}/briefing?thema=jeugd", "wethouder")
    settle(page, labels.TITLE_BRIEFING)
    page.get_by_role("button", name=labels.BRIEFING_BUILD).click()
    button = page.get_by_role("button", name=labels.BRIEFING_DOWNLOAD_PDF)
    expect(button).to_be_visible(timeout=120_000)
    with page.expect_download() as download:
        button.click()
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "briefing.pdf"
        download.value.save_as(pdf)
        for number in (1, 5):
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "100",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    "-singlefile",
                    str(pdf),
                    str(DOCS / f"briefing_page{number}"),
                ],
                check=True,
            )
            print(f"docs/briefing_page{number}.png")
    page.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="adc-screenshots-") as folder:
        build(Path(folder))
        server, url = serve(Path(folder))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
                )
                council_overview(browser, url)
                manager_caseload(browser, url)
                briefing_pages(browser, url)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
