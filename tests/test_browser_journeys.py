"""Three journeys in a real browser (headless chromium against `streamlit run`), because
AppTest does not render: a wethouder reads the story behind the Jeugd overspend, a manager
finds the team over its norm and its workload stories, and a shared link reopens a view.

Screenshots go to tests/screenshots/ (git-ignored) so a person can look at what was seen.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import adc_settings
from accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = adc_settings.ROOT / "tests" / "screenshots"
VIEWPORT = {"width": 1400, "height": 2400}  # tall instead of full-page: full-page shots get cut off
WAIT_MS = 30_000

if not Path(CHROMIUM).exists():
    pytest.skip("chromium is not installed (scripts/test.sh installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(sample_data_dir, tmp_path_factory):
    """The dashboard served by `streamlit run` on a free port, on a copy of the sample data."""
    data = tmp_path_factory.mktemp("browser_data")
    shutil.copytree(sample_data_dir, data, dirs_exist_ok=True)
    port = _free_port()
    log = (tmp_path_factory.mktemp("browser_log") / "streamlit.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", str(port),
         "--server.headless", "true"],
        cwd=adc_settings.ROOT, env=os.environ | {adc_settings.DATA_DIR.env: str(data)},
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"streamlit did not start; see {log.name}")
        time.sleep(0.3)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """A fresh browser session (a new Streamlit session) per call."""
    contexts = []

    def make():
        context = browser.new_context(viewport=VIEWPORT, locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        return page

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.mouse.move(5, 5)  # no tooltip over the content
    page.wait_for_timeout(800)  # let the charts finish drawing; not an assertion
    page.screenshot(path=str(path))
    return path


def wait_for_app(page, title: str) -> None:
    sync_api.expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")


def login(page, url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Open `url` (any page, any filters) and log in there, as a reader with a shared link would."""
    page.goto(url)
    sync_api.expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label`, as a reader does: open it, click."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)  # typing filters a long list, as a reader would
    page.get_by_role("option", name=option, exact=True).click()
    sync_api.expect(page.get_by_role("combobox", name=label, exact=True)).to_have_value(option)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")


def test_a_wethouder_opens_the_jeugd_overview_and_reads_the_story_behind_the_overspend(app_url, new_page):
    page = new_page()
    login(page, app_url, "wethouder")
    wait_for_app(page, "Overzicht per thema")
    choose(page, "Thema", "Jeugdhulp")
    sync_api.expect(page.get_by_text("Jeugdhulp · peilmaand okt 2026")).to_be_visible()

    tile = page.locator(".st-key-tegel_budget_forecast_deviation")
    sync_api.expect(tile).to_contain_text("Verwachte over- of onderbesteding")
    sync_api.expect(tile).to_contain_text("nadelig (overschrijding)")
    tile.get_by_role("button", name="Toon verloop en verhalen").click()

    marker = page.locator('path[aria-label*="Duurder ambulant, maar geen uithuisplaatsing"]')
    sync_api.expect(marker).to_be_visible()
    marker.click()
    story = page.get_by_role("heading", name="Duurder ambulant, maar geen uithuisplaatsing", level=4)
    sync_api.expect(story).to_be_visible()
    sync_api.expect(page.get_by_text("Over Verwachte over- of onderbesteding, K4 2024")).to_be_visible()
    assert "cijfer=budget_forecast_deviation" in page.url and "verhaal=" in page.url
    story.scroll_into_view_if_needed()
    screenshot(page, "wethouder_jeugd_overbesteding")


def test_a_manager_finds_the_team_over_its_norm_and_its_workload_stories(app_url, new_page):
    page = new_page()
    login(page, app_url, "manager-participatie")
    wait_for_app(page, "Overzicht per thema")
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Caseload en normen").click()
    wait_for_app(page, "Caseload en normen")

    first_tile = page.locator('[class*="st-key-team_"]').first
    sync_api.expect(first_tile).to_contain_text("Werk en Inkomen Zuid (WI-ZUID)")
    sync_api.expect(first_tile).to_contain_text("boven de norm sinds jul 2023")
    sync_api.expect(page.locator(".st-key-team_WI-NOORD")).to_contain_text("binnen of onder de norm")

    stories = page.locator('[data-testid="stRadio"]')
    sync_api.expect(stories).to_contain_text("WI-ZUID — Er kwam een halve wijk bij")
    stories.get_by_text("Er kwam een halve wijk bij, er kwam niemand bij", exact=False).click()
    sync_api.expect(page.get_by_role("heading", name="Er kwam een halve wijk bij, er kwam niemand bij",
                                     level=4)).to_be_visible()
    sync_api.expect(page.get_by_text("Werkdruk", exact=True).first).to_be_visible()
    screenshot(page, "manager_caseload_boven_norm")


def test_a_reader_shares_a_link_and_the_same_view_reopens(app_url, new_page):
    sender = new_page()
    login(sender, f"{app_url}/besluiten", "wethouder")
    wait_for_app(sender, "Besluiten")
    choose(sender, "Peilmaand", "feb 2024")
    choose(sender, "Team", "Werk en Inkomen Zuid (WI-ZUID)")
    choose(sender, "Kies een cijfer", "Tijdig beslist")
    stories = sender.locator('[data-testid="stRadio"]')
    stories.get_by_text("Drie keer gebeld, drie keer hetzelfde antwoord", exact=False).click()
    heading = sender.get_by_role("heading", name="Drie keer gebeld, drie keer hetzelfde antwoord", level=4)
    sync_api.expect(heading).to_be_visible()
    link = sender.url
    for part in ("thema=participatie", "periode=2024-02", "team=WI-ZUID", "cijfer=on_time_share",
                 "verhaal="):
        assert part in link
    seen_by_sender = sender.locator('[data-testid="stMetricValue"]').all_inner_texts()
    screenshot(sender, "link_delen_afzender")

    receiver = new_page()  # another browser session opens the copied address and logs in there
    login(receiver, link, "raadslid")
    wait_for_app(receiver, "Besluiten")
    sync_api.expect(receiver.get_by_role("heading", name="Drie keer gebeld, drie keer hetzelfde antwoord",
                                         level=4)).to_be_visible()
    sync_api.expect(receiver.get_by_text("Werk en inkomen · team Werk en Inkomen Zuid", exact=False)).to_be_visible()
    sync_api.expect(receiver.locator('[data-testid="stMetricValue"]')).to_have_text(seen_by_sender)
    assert receiver.url == link
    screenshot(receiver, "link_delen_ontvanger")
