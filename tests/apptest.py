"""Opening the dashboard in AppTest: a fresh tab, a logged-in demo user or any viewer, the login form."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from accounts import sessions
from accounts.demo import viewer_per_role
from dashboard.session import VIEWER_KEY
from kernel import adc_settings
from kernel.access import RAAD, Viewer

APP = str(adc_settings.ROOT / "dashboard" / "app.py")
DEMO_VIEWERS = viewer_per_role()


def fresh_tab() -> AppTest:
    """A new browser session on the app, not run yet. (AppTest sends no cookies: the reload with
    the session cookie is tested in a real browser, tests/test_browser_session.py.)"""
    return AppTest.from_file(APP, default_timeout=30)


def log_in(at: AppTest, viewer: Viewer) -> None:
    """The one place that says how a test is logged in: a real session in the store, as a login
    gives it (accounts/sessions.py), in the session's viewer key."""
    at.session_state[VIEWER_KEY] = sessions.start(viewer)[0]


def submit_login(at: AppTest, username: str, password: str) -> AppTest:
    """Fill in the login form of `at` and press the button, as a reader does."""
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    at.button[0].click().run()
    return at


def assert_fine(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def open_app(page: str | None = None, *, role: str = RAAD, viewer: Viewer | None = None, **params) -> AppTest:
    """The app with `viewer` (or the demo viewer of `role`) logged in, on `page`, with `params`."""
    at = fresh_tab()
    log_in(at, viewer or DEMO_VIEWERS[role])
    at.query_params.update(params)
    at.run()
    if page:
        at.switch_page(page).run()
    assert_fine(at)
    return at


def open_page(viewer: Viewer, page: str, **params) -> AppTest:
    """`viewer` on `page` with `params` set after the first run, so that the default page's own
    widgets cannot claim them (open_app gives them to the first page)."""
    at = fresh_tab()
    log_in(at, viewer)
    at.run()  # the default page; it registers the navigation that switch_page needs
    at.query_params.update(params)
    at.switch_page(page).run()
    assert_fine(at)
    return at
