"""Browser-perceived time: the council overview in headless Chromium (login to first content, a
sidebar click until Streamlit is idle) against a bare two-page Streamlit app in the same run."""

from __future__ import annotations

import tempfile
from contextlib import closing
from pathlib import Path

from accounts.demo import DEMO_PASSWORD, ROLE_EXAMPLES
from bench.report import Measure, median
from kernel.access import RAAD
from presentation import labels

CHROMIUM = "/usr/bin/chromium"  # chromium itself, as in every earlier run (the tests may use its headless shell)
BARE_APP = "bench/bare_app/app.py"
BARE_FIRST, BARE_SECOND = "Eerste pagina", "Tweede pagina"  # the bare app's page titles
QUIET_MS = 300  # the page counts as idle once nothing in it changed for this long

# Runs in every page before Streamlit's own scripts: notes, on the page's clock, when any element
# last changed, when each top heading first appeared and when the mouse last went down (so a
# measured click starts when it lands, not when it was asked for).
_WATCH_JS = """
window.__watch = {lastChange: 0, clicked: 0, headings: {}};
document.addEventListener("mousedown", () => { window.__watch.clicked = performance.now(); }, true);
new MutationObserver(() => {
    const now = performance.now(), seen = window.__watch;
    seen.lastChange = now;
    for (const h of document.querySelectorAll("h1")) {
        const text = h.textContent.trim();
        if (!(text in seen.headings)) seen.headings[text] = now;
    }
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""
# Idle: the page titled `title` is shown, something changed after `since` (the click), the script
# is not running, there is no running indicator, and no element changed for `quiet` ms. (A fast
# run can leave Streamlit's script-state attribute unchanged: React draws its states at once.)
# Returns the moment the elements last changed (page clock).
_IDLE_JS = """
([since, quiet, title]) => {
    const seen = window.__watch, app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    if (![...document.querySelectorAll("h1")].some((h) => h.textContent.trim() === title)) return false;
    if (!(seen.lastChange > since) || performance.now() - seen.lastChange < quiet) return false;
    return seen.lastChange;
}
"""
_HEADING_JS = "(title) => window.__watch.headings[title] || false"


def measure(data_dir: Path, repeat: int, log=print) -> list[Measure]:
    """Both apps served in turn with the same flags; medians of `repeat` fresh sessions each,
    after one unmeasured session that warms the server."""
    from tests import browser  # noqa: PLC0415 - skips itself (pytest) where chromium is missing

    with browser.sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=browser.CHROMIUM_ARGS)
        try:
            bare = _sessions(browser, chromium, data_dir, BARE_APP, _bare_session, repeat)
            ours = _sessions(browser, chromium, data_dir, browser.DASHBOARD, _council_session, repeat)
        finally:
            chromium.close()
    first, click = median([s[0] for s in ours]), median([s[1] for s in ours])
    bare_first, bare_click = median([s[0] for s in bare]), median([s[1] for s in bare])
    log(
        f"  browser, raadsoverzicht: eerste inhoud {first:.2f} s (kale app {bare_first:.2f} s), "
        f"klik in de zijbalk {click:.2f} s (kale app {bare_click:.2f} s)"
    )
    detail = (
        f"headless Chromium, median of {repeat} fresh sessions after one warm-up; baseline: a bare "
        "two-page Streamlit app (bench/bare_app) served with the same flags in the same run"
    )
    return [
        Measure(
            "Browser: council overview, login to first content",
            first,
            "s",
            baseline=bare_first,
            detail="opening the address until the login form shows, plus 'Inloggen' until the overview's "
            f"title shows (the bare app: opening until its first title shows); {detail}",
        ),
        Measure(
            "Browser: council overview, sidebar click until idle",
            click,
            "s",
            baseline=bare_click,
            detail=f"click on the overview in the sidebar (from {labels.TITLE_DATA}) until the script has run, "
            f"the running indicator is gone and no element changed for {QUIET_MS} ms; {detail}",
        ),
    ]


def _sessions(browser, chromium, data_dir: Path, script: str, session, repeat: int) -> list[tuple[float, float]]:
    """`session(browser, page)` in one warm-up and `repeat` measured fresh browser sessions, on
    a server of `script` started for them and stopped after."""
    with (
        tempfile.TemporaryDirectory(prefix="adc-browser-") as log_dir,
        closing(browser.serve(data_dir, Path(log_dir), script=script)) as server,
    ):
        url = next(server)
        results = []
        for _ in range(repeat + 1):
            context = chromium.new_context(viewport=browser.VIEWPORT, locale="nl-NL")
            try:
                context.add_init_script(_WATCH_JS)
                page = context.new_page()
                page.set_default_timeout(120_000)
                page.goto(url)
                results.append(session(browser, page))
            finally:
                context.close()
    return results[1:]


def _bare_session(browser, page) -> tuple[float, float]:
    """The bare app: opening until its first title (seconds), and a sidebar click back to it."""
    first = _heading_at(page, BARE_FIRST)
    _idle_after_click(browser, page, BARE_FIRST)  # the run that drew it
    _click_until_idle(browser, page, BARE_SECOND)
    return first / 1000, _click_until_idle(browser, page, BARE_FIRST) / 1000


def _council_session(browser, page) -> tuple[float, float]:
    """The dashboard as the council's demo user: opening until the login form plus 'Inloggen'
    until the overview's title (seconds), and a sidebar click back to the overview."""
    form = _heading_at(page, "Inloggen")
    page.get_by_label("Gebruikersnaam").fill(ROLE_EXAMPLES[RAAD])
    page.get_by_label("Wachtwoord", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    clicked = _clicked(page)
    shown = _heading_at(page, labels.TITLE_OVERVIEW)
    _idle_after_click(browser, page, labels.TITLE_OVERVIEW)
    _click_until_idle(browser, page, labels.TITLE_DATA)
    return (form + shown - clicked) / 1000, _click_until_idle(browser, page, labels.TITLE_OVERVIEW) / 1000


def _clicked(page) -> float:
    """When the mouse last went down in the page (ms on the page's clock)."""
    return page.evaluate("window.__watch.clicked")


def _heading_at(page, title: str) -> float:
    """When the top heading `title` first appeared (ms on the page's clock, 0 = opening it)."""
    return page.wait_for_function(_HEADING_JS, arg=title, polling=50).json_value()


def _idle_after_click(browser, page, title: str, since: float = 0.0) -> float:
    """Wait until the page titled `title` is idle; returns when its elements last changed."""
    return page.wait_for_function(_IDLE_JS, arg=[since, QUIET_MS, title], polling=50).json_value()


def _click_until_idle(browser, page, title: str) -> float:
    """Click `title` in the sidebar; ms from the click until the page is idle."""
    page.locator(browser.SIDEBAR_NAV).get_by_role("link", name=title).click()
    clicked = _clicked(page)
    return _idle_after_click(browser, page, title, since=clicked) - clicked
