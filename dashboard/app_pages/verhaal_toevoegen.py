"""Professional — Verhaal toevoegen (placeholder): shows the figure a story will be linked to,
as the tiles pass it (`?metric=…&period=…&team=…&regeling=…&taakveld=…`). The form itself is a
separate issue; this page does not pretend to save anything."""

import streamlit as st

from dashboard import labels, queries
from dashboard.format import format_period
from dashboard.session import page_context

ctx = page_context()
con, viewer = ctx.con, ctx.viewer
catalog = queries.catalog_by_key(con)
names = queries.scope_names(con)

st.title(labels.TITLE_ADD_STORY, anchor=False)

params = st.query_params
metric = params.get("metric")
if metric is not None and metric not in catalog:
    st.info(labels.INVALID_VALUE.format(value=metric, what="cijfer", fallback="nog geen cijfer"))
    metric = None

if metric:
    parts = [f"**{catalog[metric]['name']}**"]
    if params.get("period"):
        parts.append(format_period(params["period"]))
    for key, prefix in (("team", "team"), ("regeling", "regeling"), ("taakveld", "taakveld")):
        if params.get(key):
            parts.append(f"{prefix} {names.get(params[key], params[key])}")
    st.markdown("U voegt een verhaal toe bij: " + " · ".join(parts))
    st.caption(catalog[metric]["definition"])
else:
    st.markdown("Kies eerst een cijfer: gebruik de knop *Voeg een verhaal toe aan dit cijfer* bij een "
                "tegel of grafiek, dan staat het cijfer hier al klaar.")

if viewer.is_council:
    st.info("Verhalen worden geschreven door professionals en managers; de raad leest ze als ze zijn "
            "gepubliceerd.", icon=":material/info:")
else:
    st.info("Het formulier om het verhaal te schrijven, te labelen en op persoonsgegevens te controleren "
            "volgt in een volgende versie. Er wordt op deze pagina nog niets opgeslagen.",
            icon=":material/construction:")
