"""The committee briefing: choose figures and stories, export PDF and Markdown (being built)."""

import streamlit as st

from dashboard import labels

st.title(labels.TITLE_BRIEFING, anchor=False)
st.info("Deze pagina is in aanbouw.", icon=":material/construction:")
