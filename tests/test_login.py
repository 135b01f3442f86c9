"""The login in AppTest: demo accounts from the sample set-up, audited, with a time-out."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from accounts.demo import DEMO_PASSWORD
from dashboard.session import CHECKED_KEY, VIEWER_KEY
from kernel import adc_settings
from presentation import labels
from stories import store
from tests.apptest import fresh_tab, open_app, submit_login
from tests.records import last_audit

pytestmark = pytest.mark.usefixtures("app_data")


def log_in(username: str, password: str) -> AppTest:
    return submit_login(fresh_tab().run(), username, password)


def test_without_a_login_only_the_login_form_is_shown():
    at = fresh_tab()
    at.query_params["thema"] = "jeugd"
    at.run()
    assert [t.value for t in at.title] == [labels.TITLE_LOGIN]
    assert not at.metric and not at.selectbox  # no figure and no filter before the login


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_correct_password_opens_the_overview_and_is_audited():
    at = log_in("wethouder", DEMO_PASSWORD)
    assert not at.exception
    assert [t.value for t in at.title] == [labels.TITLE_OVERVIEW]
    assert at.session_state[VIEWER_KEY].role == "raad"
    assert last_audit() == ("wethouder", "inloggen")


def test_a_wrong_password_gets_a_clear_dutch_message_and_is_audited():
    at = log_in("wethouder", "niet-het-wachtwoord")
    assert [e.value for e in at.error] == ["Gebruikersnaam of wachtwoord is onjuist."]
    assert [t.value for t in at.title] == [labels.TITLE_LOGIN]
    assert last_audit() == ("wethouder", "inloggen_mislukt")


def test_an_idle_session_is_logged_out_with_a_notice(monkeypatch):
    monkeypatch.setenv(adc_settings.SESSION_TIMEOUT_MINUTES.env, "30")
    at = open_app()
    with store.connect() as con:  # the session was last active 31 minutes ago
        con.execute(
            "update sessions set last_seen = last_seen - interval 31 minutes where session_id = ?",
            [at.session_state[VIEWER_KEY].session_id],
        )
    at.session_state[CHECKED_KEY] = 0.0  # and this tab has not asked the store for a while
    at.run()
    assert [t.value for t in at.title] == [labels.TITLE_LOGIN]
    assert [i.value for i in at.info] == [labels.SESSION_EXPIRED]
    assert last_audit() == ("wethouder", "sessie_verlopen")


def test_logging_out_returns_to_the_login_and_is_audited():
    at = open_app(role="manager")
    at.button(key="logout").click().run()
    assert [t.value for t in at.title] == [labels.TITLE_LOGIN]
    assert last_audit() == ("manager-participatie", "uitloggen")
