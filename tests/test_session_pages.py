"""In AppTest: logging out and timing out empty the whole session state; an action after the
session ended is refused; hostile addresses get a Dutch notice; an error a Dutch reference."""

from __future__ import annotations

import logging

import pytest
from streamlit.testing.v1 import AppTest

from accounts import sessions
from dashboard import errors
from dashboard.session import CHECKED_KEY, NOTICE_KEY, VIEWER_KEY
from kernel import adc_settings
from presentation import labels
from stories import store
from tests.apptest import fresh_tab, open_app, submit_login

pytestmark = pytest.mark.usefixtures("app_data")

DRAFT = {"vt_title": "Concept met BSN 111222333", "filter_unsaved": "iets"}


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_logging_out_empties_the_whole_session_state_and_ends_the_session():
    at = open_app(role="professional")
    session_id = at.session_state[VIEWER_KEY].session_id
    for key, value in DRAFT.items():
        at.session_state[key] = value
    at.button(key="logout").click().run()
    assert [t.value for t in at.title] == [labels.TITLE_LOGIN]
    assert [i.value for i in at.info] == [labels.LOGGED_OUT]
    assert not any(key in at.session_state for key in [*DRAFT, VIEWER_KEY])
    with pytest.raises(sessions.SessionEnded):
        sessions.check(session_id)


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_time_out_empties_the_session_state_too(monkeypatch):
    monkeypatch.setenv(adc_settings.SESSION_TIMEOUT_MINUTES.env, "30")
    at = open_app(role="professional")
    at.session_state["vt_title"] = DRAFT["vt_title"]
    with store.connect() as con:
        con.execute(
            "update sessions set last_seen = last_seen - interval 31 minutes where session_id = ?",
            [at.session_state[VIEWER_KEY].session_id],
        )
    at.session_state[CHECKED_KEY] = 0.0
    at.run()
    assert [i.value for i in at.info] == [labels.SESSION_EXPIRED]
    assert "vt_title" not in at.session_state


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_session_ended_elsewhere_logs_this_tab_out():
    at = open_app(role="manager")
    sessions.end(at.session_state[VIEWER_KEY].session_id, "uitgelogd")  # logged out in another tab
    at.session_state[CHECKED_KEY] = 0.0  # due for its check against the store
    at.run()
    assert [t.value for t in at.title] == [labels.TITLE_LOGIN]
    assert [i.value for i in at.info] == [labels.SESSION_ENDED]


@pytest.mark.slow  # over a second: the full suite, not the quick tier
@pytest.mark.parametrize(
    "params, what",
    [
        ({"thema": "xyz"}, "thema"),
        ({"periode": "garbage"}, "peilmaand"),
        ({"thema": "<script>" + "x" * 5000}, "thema"),
    ],
)
def test_unknown_filter_values_in_the_address_get_a_dutch_notice(params, what):
    at = open_app(**params)
    notices = [i.value for i in at.info if "geen geldige keuze" in i.value]
    assert len(notices) == 1 and f"geen geldige keuze voor {what}" in notices[0]
    assert len(notices[0]) < 200 and not at.exception


@pytest.mark.slow  # over a second: the full suite, not the quick tier
@pytest.mark.parametrize("pagina", ["../../etc/passwd", "²", "9" * 100, "-1", "0"])
def test_an_unknown_page_number_is_ignored_with_a_dutch_notice(pagina):
    at = open_app("app_pages/verhalen.py", role="beheerder")
    at.query_params["pagina"] = pagina
    at.run()
    assert not at.exception
    assert any("geen geldige keuze voor het paginanummer" in i.value for i in at.info)


APP_THAT_FAILS = """
import streamlit as st
from dashboard import errors
try:
    raise RuntimeError("/geheim/pad/op/de/server.py")
except RuntimeError as error:
    errors.handle(error)
"""


def test_an_error_shows_a_dutch_reference_and_logs_the_traceback_with_it(caplog):
    with caplog.at_level(logging.ERROR, logger=errors.log.name):
        at = AppTest.from_string(APP_THAT_FAILS).run()
    [shown] = [e.value for e in at.error]
    reference = shown.split("referentie ")[1][:6]
    assert shown == labels.SOMETHING_WENT_WRONG.format(reference=reference)
    assert "/geheim/" not in shown
    assert reference in caplog.text and "/geheim/pad/op/de/server.py" in caplog.text


@pytest.mark.slow
def test_the_login_form_refuses_a_locked_account_in_dutch():
    at = fresh_tab().run()
    for _ in range(6):
        submit_login(at, "wethouder", "fout-wachtwoord-1")
    assert [e.value for e in at.error][-1].startswith("Te veel mislukte pogingen")
    assert NOTICE_KEY not in at.session_state and VIEWER_KEY not in at.session_state


@pytest.mark.slow
def test_the_beheerder_lifts_a_login_lock_on_the_beheer_page():
    from accounts import users

    for _ in range(5):
        with pytest.raises(users.AccountError):
            users.login("wmo-1", "fout-wachtwoord-1")
    at = open_app("app_pages/beheer.py", role="beheerder")
    at.selectbox(key="beheer_who").select("wmo-1").run()
    at.button(key="beheer_unlock").click().run()
    assert [s.value for s in at.success] == [labels.ADMIN_UNLOCKED.format(name="wmo-1")]
    assert users.login("wmo-1", "koggenwaard-demo").username == "wmo-1"


@pytest.mark.slow
def test_single_sign_on_has_the_same_idle_time_out(monkeypatch):
    monkeypatch.setenv(adc_settings.AUTH.env, "oidc")
    from accounts import users

    users.create_user("setup", "raad-sso", "raad", email="raad.sso@example.org")
    at = fresh_tab()
    at.user = {"is_logged_in": True, "email": "raad.sso@example.org"}
    at.run()
    assert [t.value for t in at.title] == [labels.TITLE_OVERVIEW]
    with store.connect() as con:
        con.execute(
            "update sessions set last_seen = last_seen - interval 31 minutes where session_id = ?",
            [at.session_state[VIEWER_KEY].session_id],
        )
    at.session_state[CHECKED_KEY] = 0.0
    at.run()
    assert [t.value for t in at.title] == [labels.TITLE_LOGIN]
    assert [i.value for i in at.info] == [labels.SESSION_EXPIRED]
    assert at.user == {"is_logged_in": False}  # signed out at the provider's side too
    at.run()
    assert [t.value for t in at.title] == [labels.TITLE_LOGIN]


@pytest.mark.slow  # a second process holds the store's file lock
def test_a_busy_store_during_the_session_check_says_so_and_shows_nothing(monkeypatch):
    """Several processes on one DuckDB store (docs/deployment.md): when the periodic session
    check cannot reach the store, the reader gets the Dutch 'busy' notice, not the error page,
    and no page content (fail closed); the next run checks again."""
    import subprocess
    import sys

    at = open_app(role="raad")
    monkeypatch.setattr(store, "LOCK_WAIT_SECONDS", 0.3)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); time.sleep(60)",
            str(adc_settings.stories_db_path()),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        del at.session_state[CHECKED_KEY]  # the check is due
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert [e.value for e in at.error] == [labels.STORES_BUSY]
        assert not at.title  # the page did not render
    finally:
        holder.kill()
        holder.wait()
    at.run()  # the store is free again: checked, and the page is back
    assert not at.error and at.title
