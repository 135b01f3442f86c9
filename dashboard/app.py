"""Achter de cijfers: the router. Pages grouped by audience, the viewer and the shared filters.

Served by dashboard/server.py (`streamlit run dashboard/server.py`, see scripts/start.sh), which
adds the session cookie; `streamlit run dashboard/app.py` works too, without reloads that keep
the login. An error anywhere shows a Dutch message with a reference (dashboard/errors.py).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # streamlit puts dashboard/ on the path, not the repository root
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from accounts import demo  # noqa: E402
from dashboard import errors  # noqa: E402
from dashboard.filters import load_options, sidebar_filters, top_filters  # noqa: E402
from dashboard.navigation import pages_for  # noqa: E402
from dashboard.session import PageContext, current_viewer, set_context, show_login  # noqa: E402
from kernel import adc_settings  # noqa: E402
from presentation import labels  # noqa: E402
from queries import db  # noqa: E402
from stories.postgres import StoreUnreachable  # noqa: E402
from stories.store import StoreBusy  # noqa: E402
from stories.store import check_reachable as check_store_reachable  # noqa: E402

st.set_page_config(page_title=labels.APP_TITLE, page_icon=":material/insights:", layout="wide")

try:  # a wrong setting or an unreachable story store stops the app here, before anyone reads a figure
    adc_settings.check()
    check_store_reachable()
except (adc_settings.SettingError, StoreUnreachable) as wrong:
    st.error(str(wrong), icon=":material/error:")
    st.stop()

# Captions carry status, dates and norms; Streamlit draws them at 60% opacity (3.8:1 on white),
# under WCAG 2.1 AA. Same hue, full opacity: 6.1:1.
st.html("<style>[data-testid='stCaptionContainer'] {opacity: 1; color: #686255;}</style>")
# Tablet and phone: key numbers that never get cut off, theme and month at the top on a phone.
st.html(Path(__file__).with_name("layout.css"))


@st.cache_data(ttl=300, show_spinner=False)
def _demo_password_accounts() -> list[str]:
    return demo.accounts_with_demo_password()


def _demo_password_banner() -> None:
    """While any account still has the public demo password, every page says so."""
    try:
        names = _demo_password_accounts()
    except StoreBusy:  # a warning, not worth a page: the next run shows it
        return
    if names:
        shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
        st.html(
            '<div role="status" style="background:#fff3cd;color:#533f03;border:1px solid #e0c36c;'
            'border-radius:.5rem;padding:.6rem 1rem">'
            + html.escape(labels.DEMO_PASSWORD_BANNER.format(count=len(names), names=shown))
            + "</div>"
        )


def _run() -> None:
    viewer = current_viewer()
    if viewer is None:
        # Every page, hidden: the address keeps its page and filters, so a shared link opens that
        # view right after the login.
        st.navigation(pages_for(None), position="hidden")
        show_login()
        st.stop()
    page = st.navigation(pages_for(viewer.role))
    _demo_password_banner()
    st.sidebar.caption(labels.SYNTHETIC_NOTE)
    try:
        con = db.figures()
    except db.FiguresMissing:
        if page.url_path == "beheer":  # the beheerder loads the first data from here
            set_context(PageContext(con=None, viewer=viewer, filters=None, options=None))
            page.run()
            st.stop()
        st.title(page.title)
        st.error(labels.FIGURES_MISSING, icon=":material/error:")
        st.stop()
    options = load_options(con)
    if not options.months:
        st.title(page.title)
        st.error(labels.FIGURES_MISSING, icon=":material/error:")
        st.stop()
    filters = sidebar_filters(options, viewer.teams)
    top_filters(options, filters)
    set_context(PageContext(con=con, viewer=viewer, filters=filters, options=options))
    try:
        page.run()
    except StoreBusy:
        st.error(labels.STORES_BUSY, icon=":material/hourglass_top:")


try:
    _run()
except Exception as error:  # noqa: BLE001 - st.stop and st.rerun are no Exception: they pass
    errors.handle(error)
