"""Who is looking and what they chose: the logged-in viewer, the filters, the run's cursor.

`current_viewer()` returns the viewer of this session (None: `show_login()`). Two ways in:
- embedded (default): local accounts with argon2 hashes (accounts/users.py);
- single sign-on, when `ADC_AUTH=oidc` and `.streamlit/secrets.toml` has an `[auth]` section:
  Streamlit's own OpenID Connect (`st.login` / `st.user`); the role and teams come from the user
  table, keyed by the e-mail address the identity provider confirmed.
A session that is idle for longer than `ADC_SESSION_TIMEOUT_MINUTES` is logged out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st

import adc_settings
from accounts import users
from dashboard import labels
from dashboard.access import ROLES, Viewer
from dashboard.filters import FilterOptions, Filters
from dashboard.inert import literal
from stories import audit

VIEWER_KEY = "_viewer"
LAST_SEEN_KEY = "_last_seen"
NOTICE_KEY = "_login_notice"


def current_viewer() -> Viewer | None:
    """The viewer of this session, or None when nobody is (still) logged in."""
    if adc_settings.auth_mode() == "oidc":
        viewer = _sso_viewer()
    else:
        viewer = st.session_state.get(VIEWER_KEY)
        if viewer is not None and _expired():
            audit.record_now(viewer.username, "sessie_verlopen", "gebruiker", viewer.username)
            logout(labels.SESSION_EXPIRED)
            viewer = None
    if viewer is not None:
        st.session_state[LAST_SEEN_KEY] = time.monotonic()
        with st.sidebar:
            st.caption(labels.LOGGED_IN_AS.format(name=literal(viewer.display_name or viewer.username),
                                                  role=ROLES[viewer.role]))
            st.button(labels.LOGOUT, on_click=logout, icon=":material/logout:", key="logout")
    return viewer


def show_login() -> None:
    """The login: a form for local accounts, or the button to the identity provider."""
    st.title(labels.TITLE_LOGIN, anchor=False)
    if notice := st.session_state.pop(NOTICE_KEY, None):
        st.info(notice, icon=":material/info:")
    if adc_settings.auth_mode() == "oidc":
        if st.user.is_logged_in:  # signed in at the provider, but not known here
            st.error(labels.SSO_UNKNOWN, icon=":material/error:")
            st.button(labels.LOGOUT, on_click=st.logout)
        else:
            st.button(labels.LOGIN_SSO, on_click=st.login, type="primary")
        return
    _login_form()


def _expired() -> bool:
    last_seen = st.session_state.get(LAST_SEEN_KEY)
    return last_seen is not None and (
        time.monotonic() - last_seen > adc_settings.session_timeout_minutes() * 60)


def _login_form() -> None:
    st.caption(labels.SYNTHETIC_NOTE)
    with st.form("login", border=True):
        username = st.text_input(labels.USERNAME, key="login_username", autocomplete="username")
        password = st.text_input(labels.PASSWORD, type="password", key="login_password",
                                 autocomplete="current-password")
        if st.form_submit_button(labels.LOGIN, type="primary"):
            try:
                st.session_state[VIEWER_KEY] = users.login(username, password)
            except users.AccountError as refused:
                st.error(str(refused), icon=":material/error:")
            else:
                st.session_state[LAST_SEEN_KEY] = time.monotonic()
                st.rerun()


def _sso_viewer() -> Viewer | None:
    """With single sign-on the provider vouches for the e-mail; our user table gives the role."""
    if not st.user.is_logged_in:
        return None
    viewer = st.session_state.get(VIEWER_KEY)
    if viewer is None:
        email = str(st.user.get("email", ""))
        viewer = users.viewer_for_email(email)
        if viewer is None:
            audit.record_now(email or "?", "inloggen_mislukt", "gebruiker", None,
                             "onbekend e-mailadres (single sign-on)")
            return None
        audit.record_now(viewer.username, "inloggen", "gebruiker", viewer.username, "single sign-on")
        st.session_state[VIEWER_KEY] = viewer
    return viewer


def logout(notice: str | None = None) -> None:
    viewer = st.session_state.pop(VIEWER_KEY, None)
    st.session_state.pop(LAST_SEEN_KEY, None)
    if notice:
        st.session_state[NOTICE_KEY] = notice
    elif viewer is not None:
        audit.record_now(viewer.username, "uitloggen", "gebruiker", viewer.username)
    if adc_settings.auth_mode() == "oidc" and st.user.is_logged_in:
        st.logout()


@dataclass(frozen=True)
class PageContext:
    """What every page gets from the router: a cursor for this run, who looks, what they chose."""

    con: object
    viewer: Viewer
    filters: Filters
    options: FilterOptions

    @property
    def theme_name(self) -> str:
        return self.options.themes.get(self.filters.theme, self.filters.theme)


_CONTEXT = "_page_context"


def set_context(context: PageContext) -> None:
    st.session_state[_CONTEXT] = context


def page_context() -> PageContext:
    return st.session_state[_CONTEXT]
