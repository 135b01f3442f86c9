"""Auditlog: who did what, when, on which object; filtered, and downloadable as CSV (audited).
Only the beheerder reads it (accounts/admin.py checks the viewer). The page first checks the
log's hash chain (stories/audit_chain.py) and says plainly whether it is intact."""

import datetime as dt

import polars as pl
import streamlit as st

from accounts import admin
from dashboard import components
from dashboard.session import page_context
from kernel.format import format_datetime_column, format_number
from kernel.inert import literal, visible_columns
from presentation import labels
from stories import audit

viewer = page_context().viewer
st.title(labels.TITLE_AUDIT, anchor=False)
st.caption(
    "Elke inlog (ook mislukt), elke handeling op een verhaal, elke export, elke lading gegevens "
    "en elke wijziging van normen en gebruikers. Het programma vult het log alleen aan; elk "
    "record draagt een hash over zijn inhoud en het vorige record, zodat verwijderen of "
    "wijzigen buiten het programma om opvalt."
)

total, actors, actions = admin.audit_choices(viewer)  # checks that the viewer is the beheerder
problems = audit.verify_store()
if problems:
    st.error(
        f"**Het auditlog is niet intact.** Eerste breuk: {literal(str(problems[0]))}"
        + (f" ({len(problems)} breuken in totaal.)" if len(problems) > 1 else "")
        + " Controleer met `python -m stories audit verify` en herstel zo nodig een back-up.",
        icon=":material/gpp_bad:",
    )
else:
    st.success(
        f"Het auditlog is intact: de hashketen van alle {format_number(total)} records klopt.",
        icon=":material/verified_user:",
    )
col_actor, col_action, col_since = st.columns(3)
actor = col_actor.selectbox(
    "Wie",
    ["", *actors],
    format_func=lambda v: v or "Iedereen",
    key="audit_actor",
)
action = col_action.selectbox(
    "Handeling",
    ["", *actions],
    format_func=lambda v: v.replace("_", " ") if v else "Alle handelingen",
    key="audit_action",
)
since = col_since.date_input(
    "Vanaf", value=dt.date.today() - dt.timedelta(days=30), format="DD-MM-YYYY", key="audit_since"
)
shown = admin.read_audit(viewer, actor=actor or None, action=action or None, since=since)
if shown.is_empty():
    components.empty_state("Geen regels voor deze keuze.")
else:
    table = shown.select(
        format_datetime_column(pl.col("occurred_at").dt.convert_time_zone("Europe/Amsterdam"), seconds=True).alias(
            "Wanneer"
        ),
        pl.col("actor").alias("Wie"),
        pl.col("action").str.replace_all("_", " ").alias("Handeling"),
        pl.col("object_type").alias("Object"),
        pl.col("object_id").alias("Sleutel"),
        pl.col("detail").alias("Toelichting"),
    )
    st.caption(f"{format_number(shown.height)} regel(s)")
    st.dataframe(visible_columns(table), hide_index=True, width="stretch")  # reasons are user text
    components.download_csv(table, file_name="auditlog", key="audit_csv", viewer=viewer)
