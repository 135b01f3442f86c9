"""Server-side sessions: the cookie hand-off, resume after a reload, the end of a session, and the
check every action makes (accounts/sessions.py), on a real store."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts import admin, sessions, users
from accounts.demo import demo_viewer
from kernel import adc_settings
from queries import db
from stories import service, store
from stories.privacy import RuleChecker
from stories.service import StoryDraft
from tests.records import last_audit

pytestmark = pytest.mark.usefixtures("data_dir", "store_backend")  # on both backends


def started(username: str = "wi-zuid-1"):
    """A logged-in viewer with its session, and the cookie value its browser collected."""
    viewer, handoff = sessions.start(demo_viewer(username), "10.0.0.7")
    return viewer, sessions.claim_cookie(handoff)


def age_session(viewer, minutes: float) -> None:
    with store.connect() as con:
        (last_seen,) = con.execute(
            "select last_seen from sessions where session_id = ?", [viewer.session_id]
        ).fetchone()
        con.execute(
            "update sessions set last_seen = ? where session_id = ?",
            [last_seen - dt.timedelta(minutes=minutes), viewer.session_id],
        )


def test_a_cookie_from_the_handoff_resumes_the_session_after_a_reload():
    viewer, cookie = started()
    assert cookie and viewer.session_id not in cookie  # the cookie names no session row
    resumed = sessions.resume(cookie)
    assert resumed == viewer and resumed.session_id == viewer.session_id
    with store.connect() as con:
        row = con.execute(
            "select cookie_hash, handoff_hash from sessions where session_id = ?", [viewer.session_id]
        ).fetchone()
    assert row[0] and cookie.split(".")[0] not in row[0] and row[1] is None  # only hashes kept


def test_a_handoff_token_works_once_and_a_forged_cookie_opens_nothing():
    viewer, handoff = sessions.start(demo_viewer("wethouder"))
    assert sessions.claim_cookie(handoff)
    assert sessions.claim_cookie(handoff) is None
    _, cookie = started()
    token, _, signature = cookie.partition(".")
    assert sessions.resume(f"{token}.{'0' * len(signature)}") is None  # wrong signature
    assert sessions.resume(token) is None  # unsigned
    assert sessions.resume("a" * 5000) is None


def test_logging_out_ends_the_session_so_a_copied_cookie_no_longer_works():
    viewer, cookie = started()
    sessions.end(viewer.session_id, "uitgelogd")
    assert sessions.resume(cookie) is None
    assert last_audit("actor, action, detail")[:2] == ("wi-zuid-1", "uitloggen")
    with pytest.raises(sessions.SessionEnded):
        sessions.require_current(viewer)


def test_an_idle_session_times_out_for_a_reload_and_for_an_action(monkeypatch):
    monkeypatch.setenv(adc_settings.SESSION_TIMEOUT_MINUTES.env, "30")
    viewer, cookie = started()
    age_session(viewer, 29)
    assert sessions.resume(cookie) == viewer  # and that counted as activity
    age_session(viewer, 31)
    with pytest.raises(sessions.SessionEnded):  # the login says why, once
        sessions.resume(cookie)
    assert last_audit("actor, action, detail")[:2] == ("wi-zuid-1", "sessie_verlopen")
    assert sessions.resume(cookie) is None
    with pytest.raises(sessions.SessionEnded):  # ended for good, not only idle
        sessions.require_current(viewer)


@pytest.mark.slow
def test_a_disabled_account_ends_its_open_sessions():
    viewer, cookie = started()
    beheerder, _ = started("beheerder")
    admin.set_active(beheerder, "wi-zuid-1", False)
    with pytest.raises(sessions.SessionEnded):
        sessions.require_current(viewer)
    assert sessions.resume(cookie) is None  # a reload gets the login


@pytest.mark.slow
def test_a_changed_role_or_team_ends_the_session():
    viewer, _ = started()
    with store.connect() as con:
        con.execute("update users set teams = array['WMO'] where username = 'wi-zuid-1'")
    with pytest.raises(sessions.SessionEnded):
        sessions.require_current(viewer)
    assert last_audit("actor, action, detail") == ("wi-zuid-1", "sessie_beeindigd", "rol of teams gewijzigd")


def test_a_viewer_is_not_another_users_session():
    viewer, _ = started()
    other = demo_viewer("wi-zuid-2")
    with pytest.raises(sessions.SessionEnded):
        sessions.require_current(type(other)(other.username, other.role, other.teams, session_id=viewer.session_id))


@pytest.mark.slow
def test_every_story_action_refuses_an_ended_session_and_changes_nothing():
    author, _ = started()
    reviewer, _ = started("wi-zuid-2")
    story = StoryDraft(
        title="Een wijk erbij, niemand erbij",
        metric_key="active_dossiers",
        body="Sinds de herindeling doen we een halve wijk erbij zonder extra mensen.",
        period="2026-10",
        note_kind="werkdruk",
        visibility="organisatie",
        team_code="WI-ZUID",
        dilemma_tags=["zorgen_activeren"],
        value_tags=["menselijkheid"],
    )
    story_id = service.save(author, story, db.figures(), checker=RuleChecker()).story_id
    service.submit(author, story_id)
    with store.connect() as con:
        events = con.execute("select count(*) from story_events").fetchone()[0]
    sessions.end(reviewer.session_id, "verlopen")
    with pytest.raises(sessions.SessionEnded):
        service.approve(reviewer, story_id, ("klantmanager",), ("klantmanager",))
    with pytest.raises(sessions.SessionEnded):
        service.return_to_author(reviewer, story_id, "reden", (), ())
    with pytest.raises(sessions.SessionEnded):
        service.withdraw(reviewer, story_id, "reden")
    sessions.end(author.session_id, "verlopen")
    with pytest.raises(sessions.SessionEnded):
        service.save(author, story, db.figures(), story_id=story_id, checker=RuleChecker())
    with pytest.raises(sessions.SessionEnded):
        service.submit(author, story_id)
    with store.connect() as con:
        assert con.execute("select count(*) from story_events").fetchone()[0] == events


def test_user_management_refuses_an_ended_session():
    beheerder, _ = started("beheerder")
    sessions.end(beheerder.session_id, "uitgelogd")
    with pytest.raises(sessions.SessionEnded):
        admin.create_user(beheerder, "nieuw-1", "raad", (), password="paars-fietsrek-onder-de-linde")
    assert "nieuw-1" not in users.list_users()["username"].to_list()


def test_a_viewer_outside_a_browser_needs_no_session():
    sessions.require_current(demo_viewer("wi-zuid-1"))  # command line, import, tests


def test_the_signing_secret_is_private_to_the_owner(data_dir):
    started()
    assert (data_dir / "session_secret").stat().st_mode & 0o077 == 0
