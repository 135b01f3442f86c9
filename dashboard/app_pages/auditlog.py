"""The audit log for the beheerder (being built)."""

import streamlit as st

from dashboard import labels

st.title(labels.TITLE_AUDIT, anchor=False)
st.info("Deze pagina is in aanbouw.", icon=":material/construction:")
