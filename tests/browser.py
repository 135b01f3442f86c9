"""Shared browser-test machinery: the dashboard served by `streamlit run` on a free port, headless
chromium driven by playwright, logging in, moving between pages, screenshots. Imported by the
tests/test_browser_*.py files.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from pathlib import Path

import pytest

from accounts.demo import DEMO_PASSWORD
from dashboard import serve as serve_dashboard
from kernel import adc_settings
from presentation import labels

# The tests' browser: Debian's chromium-headless-shell where it is installed (scripts/test.sh
# installs it), else chromium itself. The shell is chromium's own headless build (the same Blink
# and V8, without the desktop browser's window layer; what playwright launches for headless runs
# of its own chromium). On the 2-core machine the twenty concurrent sessions took 64 s with it
# and 88 s with chromium, the other browser tests 171 s and 190 s. The benchmark keeps chromium
# (bench/browser_speed.py), so that its figures stay comparable with earlier runs.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM = HEADLESS_SHELL if Path(HEADLESS_SHELL).exists() else "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = adc_settings.ROOT / "tests" / "screenshots"
VIEWPORT = {"width": 1400, "height": 2400}  # tall instead of full-page: full-page shots get cut off
WAIT_MS = 30_000
BODY = '[data-testid="stMainBlockContainer"]'
SIDEBAR_NAV = '[data-testid="stSidebarNav"]'
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Before a screenshot: every visible chart is drawn (Vega's own element, `svg.marks` as these
# charts are drawn, or a canvas; it arrives after the run, with the chart library), then a
# moment for the last frame. A fixed 800 ms rest did the same for pages with charts and only
# cost time on the others (some fifty screenshots).
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .filter((chart) => chart.offsetParent !== null)
    .every((chart) => chart.querySelector('svg.marks, canvas'))"""
CHARTS_WAIT_MS = 5_000  # a screenshot is no assertion: past this, it is taken as the page is
SETTLE_MS = 250
DASHBOARD = serve_dashboard.SCRIPT

if not Path(CHROMIUM).exists():  # neither of the two
    pytest.skip("chromium is not installed (scripts/test.sh installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
# How long `expect` waits for the page to show what it checks: never what a test here claims
# (the tests that claim a time measure it themselves and run alone, marker `serial`).
# Playwright's 5 s failed now and then with two workers, each a browser beside a server, on
# two cores; a check that fails still fails, after WAIT_MS.
sync_api.expect.set_options(timeout=WAIT_MS)


_free_port = serve_dashboard.free_port  # bench/hostile_uploads_browser.py uses it


@pytest.fixture(scope="module")
def app_url(sample_data_dir, tmp_path_factory):
    """The dashboard served by `streamlit run` on a free port, on a copy of the sample data."""
    data = tmp_path_factory.mktemp("browser_data")
    shutil.copytree(sample_data_dir, data, dirs_exist_ok=True)
    yield from serve(data, tmp_path_factory.mktemp("browser_log"))


def serve(data: Path, log_dir: Path, env: dict[str, str] | None = None, *, script: str = DASHBOARD):
    """Serve the dashboard (or another app `script`, e.g. the benchmark's bare app) on `data` (an
    ADC_DATA_DIR) on a free port; yields its address, and stops the server after. For a module
    fixture with data of its own (`yield from serve(…)`)."""
    port = serve_dashboard.free_port()
    log = (log_dir / "streamlit.log").open("w")
    process = serve_dashboard.start(port, data, env=env, output=log, script=script)
    if not serve_dashboard.wait_until_healthy(process, port):
        process.kill()
        pytest.fail(f"streamlit did not start; see {log.name}")
    url = serve_dashboard.url(port)
    try:
        yield url
    finally:  # also when the generator is closed rather than resumed (`serve(…).close()`)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
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
    with contextlib.suppress(sync_api.TimeoutError):
        page.wait_for_function(CHARTS_DRAWN, timeout=CHARTS_WAIT_MS)
    page.wait_for_timeout(SETTLE_MS)
    page.screenshot(path=str(path))
    return path


def settled(page) -> None:
    """Wait until Streamlit has finished the run that the last action started.

    The app's own script state too, not only the status widget: Streamlit shows that widget only
    after a run has taken 500 ms, so on a busy machine (two workers) a page read just after the
    pause could still be half drawn."""
    page.wait_for_timeout(300)
    page.wait_for_selector(SCRIPT_DONE)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")


def wait_for_app(page, title: str) -> None:
    """The page titled `title` is shown and its run has finished."""
    # The first page after a login can take longer than expect's 5 s on a busy machine.
    sync_api.expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=WAIT_MS)
    settled(page)


def main(page):
    """The page body (the sidebar has widgets with the same labels, such as Team)."""
    return page.locator(BODY)


def go_to(page, title: str, wait=None) -> None:
    """Open a page from the sidebar, as a reader does (a new address would be a new session),
    and wait for it with `wait` (default `wait_for_app`)."""
    page.locator(SIDEBAR_NAV).get_by_role("link", name=title).click()
    (wait or wait_for_app)(page, title)


def login(page, url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Open `url` (any page, any filters) and log in there, as a reader with a shared link would."""
    page.goto(url)
    sync_api.expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()


def log_in(
    page, url: str, username: str, title: str = labels.TITLE_OVERVIEW, *, password: str = DEMO_PASSWORD, wait=None
) -> None:
    """`login` at `url`, then wait with `wait` (default `wait_for_app`) for the page titled
    `title` that the address leads to."""
    login(page, url, username, password)
    (wait or wait_for_app)(page, title)


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label`, as a reader does: open it, click."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)  # typing filters a long list, as a reader would
    page.get_by_role("option", name=option, exact=True).click()
    sync_api.expect(page.get_by_role("combobox", name=label, exact=True)).to_have_value(option)
    # The whole run the choice started, not only the status widget: that widget shows after
    # 500 ms, so on a busy machine the next box could be opened with the options of the run
    # before (CI: "Kies een cijfer" still listed the previous theme's figures).
    settled(page)


# --- the same for playwright's async API: many sessions at once from one thread -------------
# (the sync API drives one browser per thread; twenty concurrent sessions would need twenty)

async_api = pytest.importorskip("playwright.async_api")
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


async def login_async(
    page, url: str, username: str, password: str = DEMO_PASSWORD, *, timeout_ms: float = WAIT_MS
) -> None:
    """`login` for an async page: open `url`, log in there; returns right after the click."""
    await page.goto(url, timeout=timeout_ms)
    await async_api.expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible(timeout=timeout_ms)
    await page.get_by_label("Gebruikersnaam").fill(username, timeout=timeout_ms)
    await page.get_by_label("Wachtwoord", exact=True).fill(password, timeout=timeout_ms)
    await page.get_by_role("button", name="Inloggen").click(timeout=timeout_ms)


async def wait_for_app_async(page, title: str, *, timeout_ms: float = WAIT_MS) -> None:
    """`wait_for_app` for an async page: the page's title is shown and the run has finished.

    Stricter than `wait_for_app`: Streamlit shows its status widget only after a run has taken
    500 ms, so a title drawn early in a run, with the widget not yet there, looked finished
    while the rest of the page was still coming. The app's own script state says it."""
    await async_api.expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=timeout_ms)
    await page.wait_for_selector(SCRIPT_DONE, timeout=timeout_ms)
    await page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout_ms)


async def screenshot_async(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.mouse.move(5, 5)  # no tooltip over the content
    with contextlib.suppress(async_api.TimeoutError):
        await page.wait_for_function(CHARTS_DRAWN, timeout=CHARTS_WAIT_MS)
    await page.wait_for_timeout(SETTLE_MS)
    await page.screenshot(path=str(path))
    return path
