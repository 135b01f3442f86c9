"""In a real browser: a login survives a reload and a shared link; logging out or sitting idle
ends it, empties the tab (a draft with a BSN included) and kills the cookie."""

from __future__ import annotations

import shutil

import pytest

from accounts import sessions
from kernel import adc_settings
from presentation import labels
from stories import store
from tests.browser import app_url, browser, go_to, login, main, new_page, screenshot, serve, sync_api, wait_for_app  # noqa: F401  (fixtures)

# Only the time-out tests are `serial` (run alone, after the other browser tests): there a login
# must beat a time-out of three seconds. (The time-out is checked when a run starts: the runs of
# one login follow each other at once, so only a wait of the test's own outlasts it.)
pytestmark = [pytest.mark.browser]
expect = sync_api.expect
IDLE_MS = 5_000  # two seconds past the time-out of `quick_timeout`
DRAFT_BODY = "Mevrouw met BSN 111222333 belde drie keer over haar aanvraag."


def session_cookie(page) -> dict:
    return next(c for c in page.context.cookies() if c["name"] == "adc_sessie")


def logged_in_as(page, username: str, title: str = "Overzicht per thema") -> None:
    wait_for_app(page, title)
    expect(page.get_by_text("Ingelogd als")).to_be_visible()
    expect(page.get_by_role("button", name=labels.LOGOUT)).to_be_visible()
    # The cookie arrives right after the login, from the invisible image (dashboard/session.py).
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('/_adc/sessie'))")


def test_a_login_survives_a_reload_and_a_shared_link_in_the_same_browser(app_url, new_page):
    page = new_page()
    login(page, app_url, "wethouder")
    logged_in_as(page, "wethouder")
    cookie = session_cookie(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["expires"] == -1
    assert "adc_sessie" not in page.evaluate("document.cookie")  # no script on the page reads it
    page.reload()  # F5
    wait_for_app(page, "Overzicht per thema")
    shared = page.context.new_page()  # a link from a colleague, opened in the same browser
    shared.goto(f"{app_url}/budget?thema=jeugd")
    wait_for_app(shared, "Budget")
    expect(shared.get_by_text("Ingelogd als")).to_be_visible()
    screenshot(shared, "sessie_gedeelde_link")


def test_logging_out_empties_the_tab_and_the_copied_cookie_opens_nothing(app_url, new_page, browser):
    page = new_page()
    login(page, app_url, "wi-zuid-1")
    logged_in_as(page, "wi-zuid-1")
    copied = session_cookie(page)
    go_to(page, labels.TITLE_ADD_STORY)
    body = main(page).get_by_label(labels.FIELD_BODY, exact=True)
    body.fill(DRAFT_BODY)
    body.press("Tab")
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")
    page.get_by_role("button", name=labels.LOGOUT).click()
    expect(page.get_by_text(labels.LOGGED_OUT)).to_be_visible()
    expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible()
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').some(e => e.name.includes('/_adc/uitloggen'))"
    )
    assert not [c for c in page.context.cookies() if c["name"] == "adc_sessie"]  # removed
    # The next person at this tab finds an empty form.
    page.get_by_label("Gebruikersnaam").fill("wi-zuid-2")
    page.get_by_label("Wachtwoord", exact=True).fill(login.__defaults__[0])
    page.get_by_role("button", name="Inloggen").click()
    logged_in_as(page, "wi-zuid-2", labels.TITLE_ADD_STORY)  # the address kept the page
    expect(main(page).get_by_label(labels.FIELD_BODY, exact=True)).to_have_value("")
    assert "111222333" not in page.content()
    # Whoever copied the first cookie gets the login, not the session.
    thief = browser.new_context()
    thief.add_cookies([{k: copied[k] for k in ("name", "value", "domain", "path")}])
    stolen = thief.new_page()
    stolen.goto(f"{app_url}/verhaal-toevoegen")
    expect(stolen.get_by_role("heading", name="Inloggen", level=1)).to_be_visible(timeout=30_000)
    thief.close()


@pytest.fixture(scope="module")
def quick_timeout(sample_data_dir, tmp_path_factory):
    """The dashboard with a session time-out of three seconds: its address and data folder."""
    data = tmp_path_factory.mktemp("timeout_data")
    shutil.copytree(sample_data_dir, data, dirs_exist_ok=True)
    for url in serve(
        data, tmp_path_factory.mktemp("timeout_log"), env={adc_settings.SESSION_TIMEOUT_MINUTES.env: "0.05"}
    ):
        yield url, data


@pytest.fixture
def quick_timeout_url(quick_timeout):
    return quick_timeout[0]


@pytest.mark.serial
def test_an_idle_session_is_logged_out_with_a_dutch_notice_also_after_a_reload(quick_timeout_url, new_page):
    page = new_page()
    login(page, quick_timeout_url, "manager-zorg")
    logged_in_as(page, "manager-zorg")
    page.wait_for_timeout(IDLE_MS)  # idle past the time-out
    page.reload()  # the cookie is still there, its session is not
    expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible()
    expect(page.get_by_text(labels.SESSION_EXPIRED)).to_be_visible()
    login(page, quick_timeout_url, "manager-zorg")
    logged_in_as(page, "manager-zorg")
    page.wait_for_timeout(IDLE_MS)
    go_to_login = page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Budget")
    go_to_login.click()  # a click after the time-out: the same tab, no reload
    expect(page.get_by_text(labels.SESSION_EXPIRED)).to_be_visible()
    screenshot(page, "sessie_verlopen")


@pytest.mark.serial
def test_a_button_pressed_after_the_time_out_does_nothing_and_says_so(quick_timeout, new_page, monkeypatch):
    url, data = quick_timeout
    page = new_page()
    login(page, f"{url}/beoordelen", "manager-zorg")
    logged_in_as(page, "manager-zorg", labels.TITLE_REVIEW)
    publish = main(page).get_by_role("button", name=labels.REVIEW_PUBLISH).first
    expect(publish).to_be_visible()
    page.wait_for_timeout(IDLE_MS)  # idle past the time-out; the page has not run since
    publish.click()  # its callback runs before the page could notice
    expect(page.get_by_text(sessions.EXPIRED)).to_be_visible()
    screenshot(page, "sessie_verlopen_knop")
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(data))
    with store.connect() as con:
        assert (
            con.execute(
                "select count(*) from story_current where status = 'gepubliceerd' "
                "and status_at > now() - interval 1 minute"
            ).fetchone()[0]
            == 0
        )
        assert (
            con.execute(
                "select count(*) from audit_log where action = 'verhaal_gepubliceerd' "
                "and occurred_at > now() - interval 1 minute"
            ).fetchone()[0]
            == 0
        )
