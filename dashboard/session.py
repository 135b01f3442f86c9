"""Who is looking and what they chose: the logged-in viewer, the filters, the run's cursor.

`current_viewer()` returns the viewer of this session (None: `show_login()`). Two ways in:
- embedded (default): local accounts with argon2 hashes (accounts/users.py);
- single sign-on, when `ADC_AUTH=oidc` and `.streamlit/secrets.toml` has an `[auth]` section:
  Streamlit's own OpenID Connect (`st.login` / `st.user`); the role and teams come from the user
  table, keyed by the e-mail address the identity provider confirmed.
Either way a login starts a server-side session (accounts/sessions.py). The browser collects an
HttpOnly cookie for it from dashboard/server.py, so a reload (F5) or a shared link opened in the
same browser stays logged in. A session idle for longer than `ADC_SESSION_TIMEOUT_MINUTES`, a
logout, or a disabled or changed account ends it, and empties the whole session state: the next
person at this browser finds no draft of the previous one.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass

import streamlit as st

from accounts import sessions, users
from dashboard.filters import FilterOptions, Filters
from kernel import adc_settings, vocabulary
from kernel.access import ROLES, Viewer
from kernel.inert import literal
from presentation import labels
from stories import audit
from stories.store import StoreBusy

VIEWER_KEY = "_viewer"
CHECKED_KEY = "_session_checked"  # time.monotonic() of the last check against the store
HANDOFF_KEY = "_cookie_handoff"  # (one-time token, monotonic deadline) for the cookie
NOTICE_KEY = "_login_notice"
FORGET_COOKIE_KEY = "_forget_cookie"
# The store is asked at most this often whether the session still holds (about 30 ms a time);
# every action asks it anyway (accounts.sessions.require_current). The store, not this tab,
# decides about idleness: the session's tabs share it, and activity in one keeps it alive.
CHECK_EVERY_SECONDS = 10.0


def current_viewer() -> Viewer | None:
    """The viewer of this session, or None when nobody is (still) logged in."""
    sso = adc_settings.auth_mode() == "oidc"
    viewer = st.session_state.get(VIEWER_KEY)
    if sso and not st.user.is_logged_in:
        if viewer is not None:  # signed out at the identity provider (or by end_session)
            end_session(viewer, "uitgelogd", st.session_state.get(NOTICE_KEY, labels.LOGGED_OUT))
        return None
    if viewer is None:
        viewer = _resume(sso)
        if viewer is None:
            return None
    elif _due_for_check():
        try:
            viewer = sessions.check(viewer.session_id, viewer)
        except sessions.SessionEnded as ended:
            end_session(
                None, ended.reason, labels.SESSION_EXPIRED if ended.reason == "verlopen" else labels.SESSION_ENDED
            )
            return None
        except StoreBusy:  # fail closed, but say why: the check is tried again on the next run
            st.error(labels.STORES_BUSY, icon=":material/hourglass_top:")
            st.stop()
        st.session_state[CHECKED_KEY] = time.monotonic()
    with st.sidebar:
        st.caption(
            labels.LOGGED_IN_AS.format(name=literal(viewer.display_name or viewer.username), role=ROLES[viewer.role])
        )
        st.button(labels.LOGOUT, on_click=logout, icon=":material/logout:", key="logout")
        _hand_over_cookie()
    return viewer


def show_login() -> None:
    """The login: a form for local accounts, or the button to the identity provider."""
    st.title(labels.TITLE_LOGIN, anchor=False)
    if notice := st.session_state.pop(NOTICE_KEY, None):
        st.info(notice, icon=":material/info:")
    if st.session_state.pop(FORGET_COOKIE_KEY, False):  # the server-side session already ended
        _fetch_quietly("_adc/uitloggen")
    if adc_settings.auth_mode() == "oidc":
        if st.user.is_logged_in:  # signed in at the provider, but not known here
            st.error(labels.SSO_UNKNOWN, icon=":material/error:")
            st.button(labels.LOGOUT, on_click=st.logout)
        else:
            st.button(labels.LOGIN_SSO, on_click=st.login, type="primary")
        return
    _login_form()


def client_address() -> str | None:
    """The browser's address, for throttling failed logins. Streamlit gives None for a local
    connection; behind a reverse proxy on the same machine that is the proxy, and the address
    the proxy saw is the last one it appended to X-Forwarded-For (README, reverse proxy)."""
    address = st.context.ip_address
    if address is None:
        forwarded = st.context.headers.get("X-Forwarded-For")
        address = forwarded.rsplit(",", 1)[-1].strip() if isinstance(forwarded, str) else None
    return address[:64] if isinstance(address, str) and address else None


def _login_form() -> None:
    st.caption(labels.SYNTHETIC_NOTE)
    with st.form("login", border=True):
        username = st.text_input(labels.USERNAME, key="login_username", autocomplete="username", max_chars=64)
        password = st.text_input(
            labels.PASSWORD,
            type="password",
            key="login_password",
            autocomplete="current-password",
            max_chars=users.MAX_PASSWORD_LENGTH,
        )
        if st.form_submit_button(labels.LOGIN, type="primary"):
            try:
                viewer = users.login(username, password, client_address())
            except users.AccountError as refused:
                st.error(str(refused), icon=":material/error:")
            else:
                _begin(viewer)
                st.rerun()


def _begin(viewer: Viewer) -> Viewer:
    """Start the server-side session of a viewer who just logged in, in a clean session state."""
    st.session_state.clear()  # nothing of whoever used this tab before
    viewer, handoff = sessions.start(viewer, client_address())
    now = time.monotonic()
    st.session_state.update(
        {VIEWER_KEY: viewer, CHECKED_KEY: now, HANDOFF_KEY: (handoff, now + sessions.HANDOFF_SECONDS - 10)}
    )
    return viewer


def _resume(sso: bool) -> Viewer | None:
    """A new browser session (reload, shared link, new tab): the session its cookie names, or,
    with single sign-on, a new one for the e-mail the provider confirmed."""
    try:
        viewer = sessions.resume(st.context.cookies.get(sessions.COOKIE))
    except sessions.SessionEnded as ended:
        st.session_state[NOTICE_KEY] = labels.SESSION_EXPIRED if ended.reason == "verlopen" else labels.SESSION_ENDED
        if sso:  # idle at the provider's login too: the same time-out as the local login
            st.logout()
        return None
    if sso:
        email = str(st.user.get("email", ""))
        known = users.viewer_for_email(email)
        if known is None:
            audit.record_now(
                email[:254] or "?", vocabulary.LOGIN_FAILED, "gebruiker", None, "onbekend e-mailadres (single sign-on)"
            )
            return None
        if viewer is None or viewer.username != known.username:
            audit.record_now(known.username, vocabulary.LOGIN, "gebruiker", known.username, "single sign-on")
            return _begin(known)
    if viewer is not None:
        now = time.monotonic()
        st.session_state.update({VIEWER_KEY: viewer, CHECKED_KEY: now})
    return viewer


def _due_for_check() -> bool:
    checked = st.session_state.get(CHECKED_KEY)
    every = min(CHECK_EVERY_SECONDS, _timeout_seconds() / 4)
    return checked is None or time.monotonic() - checked > every


def _timeout_seconds() -> float:
    return adc_settings.session_timeout_minutes() * 60


def _hand_over_cookie() -> None:
    """Right after a login the browser collects its session cookie (see dashboard/server.py)."""
    handoff = st.session_state.get(HANDOFF_KEY)
    if handoff and time.monotonic() < handoff[1]:
        _fetch_quietly(f"_adc/sessie?t={handoff[0]}")
    else:
        st.session_state.pop(HANDOFF_KEY, None)


def _fetch_quietly(path: str) -> None:
    """Let the browser request `path` of this server, with nothing to see: an image request
    carries and receives cookies like a page does, and needs no script."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    src = html.escape(f"/{base}/{path}" if base else f"/{path}")
    st.html(f'<img src="{src}" alt="" width="1" height="1" style="position:absolute;opacity:0">')


def logout(notice: str | None = None) -> None:
    """The logout button: end the session here and in the store."""
    end_session(st.session_state.get(VIEWER_KEY), "uitgelogd", notice or labels.LOGGED_OUT)


def end_session(viewer: Viewer | None, reason: str, notice: str) -> None:
    """End the server-side session (audited there) and empty the whole session state, drafts
    included; the login then shows `notice`."""
    if viewer is not None and viewer.session_id:
        sessions.end(viewer.session_id, reason)
    st.session_state.clear()
    st.session_state[NOTICE_KEY] = notice
    st.session_state[FORGET_COOKIE_KEY] = True
    # With single sign-on the provider's login ends too; otherwise the next run would start a
    # new session for it at once, and the time-out would mean nothing.
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
