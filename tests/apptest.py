"""Opening the dashboard in AppTest as a logged-in demo user (the login itself is tested apart)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from accounts import sessions
from accounts.demo import viewer_per_role
from dashboard.session import VIEWER_KEY
from kernel import adc_settings
from kernel.access import RAAD, Viewer

APP = str(adc_settings.ROOT / "dashboard" / "app.py")
DEMO_VIEWERS = viewer_per_role()


def open_app(page: str | None = None, *, role: str = RAAD, viewer: Viewer | None = None,
             **params) -> AppTest:
    """The app with `viewer` (or the demo viewer of `role`) logged in, on `page`, with `params`.
    The viewer gets a real session in the store, as a login gives it (accounts/sessions.py)."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[VIEWER_KEY] = sessions.start(viewer or DEMO_VIEWERS[role])[0]
    at.query_params.update(params)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
