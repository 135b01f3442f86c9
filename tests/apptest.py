"""Opening the dashboard in AppTest: a fresh tab, a logged-in demo user or any viewer, the login form."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

from streamlit.components.v2 import manifest_scanner
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest, app_test, local_script_runner

from accounts import sessions
from accounts.demo import viewer_per_role
from dashboard.session import VIEWER_KEY
from kernel import adc_settings
from kernel.access import RAAD, Viewer

APP = str(adc_settings.ROOT / "dashboard" / "app.py")


@contextmanager
def server_script_cache() -> Iterator[ScriptCache]:
    """While inside, every AppTest run shares one ScriptCache, as every session of a running
    server shares its Runtime's (streamlit/runtime/runtime.py): a server compiles app.py and
    each page once per process. AppTest makes a new cache on every run, so without this each
    run parsed and compiled both scripts again (some 8 ms each), which no user waits for after
    a page's first opening. The benchmark times pages inside it; the suite runs inside it too
    (tests/conftest.py): 6-13 of some 100 processor-seconds of three page-test files in two A/B
    runs, as much as this machine's noise. What was there before is put back after, so it
    nests."""
    shared = ScriptCache()
    modules = (app_test, local_script_runner)
    before = [module.ScriptCache for module in modules]  # type: ignore[attr-defined]
    for module in modules:
        module.ScriptCache = lambda: shared  # type: ignore[attr-defined]
    try:
        yield shared
    finally:
        for module, previous in zip(modules, before):
            module.ScriptCache = previous  # type: ignore[attr-defined]


@contextmanager
def components_found_once() -> Iterator[None]:
    """While inside, AppTest looks for installed Streamlit components once, as a server does
    when its Runtime starts (streamlit/runtime/runtime.py). AppTest looks again on the first run
    of every new session: it reads the metadata of every installed package, 82 ms of processor
    time each time on the 2-core machine. The suite's tests without a browser open about 170
    sessions, the quick benchmark about 40: some 15 processor-seconds. The packages do not
    change while the tests run. The benchmark never timed the look (a page is timed on a
    session's second run). What was there before is put back after, so it nests."""
    before = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.cache(before)
    try:
        yield
    finally:
        manifest_scanner.scan_component_manifests = before


@contextmanager
def as_in_one_server() -> Iterator[None]:
    """AppTest sessions that share what the sessions of one server process share: its compiled
    scripts and the components it found at its start."""
    with server_script_cache(), components_found_once():
        yield


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
