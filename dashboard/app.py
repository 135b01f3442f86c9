"""Achter de cijfers: the router. Pages grouped by audience, the viewer and the shared filters.

Run from the repository root: `streamlit run dashboard/app.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # streamlit puts dashboard/ on the path, not the repository root
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import db, labels  # noqa: E402
from dashboard.filters import load_options, sidebar_filters  # noqa: E402
from dashboard.session import PageContext, current_viewer, set_context  # noqa: E402
from stories.store import StoreBusy  # noqa: E402

st.set_page_config(page_title=labels.APP_TITLE, page_icon=":material/insights:", layout="wide")

PAGES = {
    labels.SECTION_RAAD: [
        st.Page("app_pages/raad_overzicht.py", title=labels.TITLE_OVERVIEW, url_path="overzicht",
                icon=":material/dashboard:", default=True),
        st.Page("app_pages/budget.py", title=labels.TITLE_BUDGET, url_path="budget",
                icon=":material/euro:"),
        st.Page("app_pages/besluiten.py", title=labels.TITLE_DECISIONS, url_path="besluiten",
                icon=":material/gavel:"),
        st.Page("app_pages/briefing.py", title=labels.TITLE_BRIEFING, url_path="briefing",
                icon=":material/picture_as_pdf:"),
    ],
    labels.SECTION_MANAGEMENT: [
        st.Page("app_pages/caseload.py", title=labels.TITLE_CASELOAD, url_path="caseload",
                icon=":material/groups:"),
        st.Page("app_pages/dekking.py", title=labels.TITLE_COVERAGE, url_path="verhaaldekking",
                icon=":material/fact_check:"),
    ],
    labels.SECTION_PROFESSIONAL: [
        st.Page("app_pages/verhalen.py", title=labels.TITLE_STORIES, url_path="verhalen",
                icon=":material/forum:"),
        st.Page("app_pages/verhaal_toevoegen.py", title=labels.TITLE_ADD_STORY,
                url_path="verhaal-toevoegen", icon=":material/edit_note:"),
        st.Page("app_pages/beoordelen.py", title=labels.TITLE_REVIEW, url_path="beoordelen",
                icon=":material/rate_review:"),
    ],
    labels.SECTION_DATA: [
        st.Page("app_pages/over_de_data.py", title=labels.TITLE_DATA, url_path="over-de-data",
                icon=":material/dataset:"),
    ],
    labels.SECTION_ADMIN: [
        st.Page("app_pages/beheer.py", title=labels.TITLE_ADMIN, url_path="beheer",
                icon=":material/settings:"),
        st.Page("app_pages/auditlog.py", title=labels.TITLE_AUDIT, url_path="auditlog",
                icon=":material/history:"),
    ],
}

# Captions carry status, dates and norms; Streamlit draws them at 60% opacity (3.8:1 on white),
# under WCAG 2.1 AA. Same hue, full opacity: 6.1:1.
st.html("<style>[data-testid='stCaptionContainer'] {opacity: 1; color: #686255;}</style>")

page = st.navigation(PAGES)
st.sidebar.caption(labels.SYNTHETIC_NOTE)
viewer = current_viewer()
try:
    con = db.figures()
except db.FiguresMissing:
    st.title(page.title)
    st.error(labels.FIGURES_MISSING, icon=":material/error:")
    st.stop()
options = load_options(con)
if not options.months:
    st.title(page.title)
    st.error(labels.FIGURES_MISSING, icon=":material/error:")
    st.stop()
filters = sidebar_filters(options, viewer.teams)
set_context(PageContext(con=con, viewer=viewer, filters=filters, options=options))
try:
    page.run()
except StoreBusy:
    st.error(labels.STORES_BUSY, icon=":material/hourglass_top:")
