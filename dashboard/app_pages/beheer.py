"""Beheer: upload sources and build, norms and definitions, users (being built)."""

import streamlit as st

from dashboard import labels

st.title(labels.TITLE_ADMIN, anchor=False)
st.info("Deze pagina is in aanbouw.", icon=":material/construction:")
