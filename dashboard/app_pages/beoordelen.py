"""Review queue, history and withdrawal of stories (being built)."""

import streamlit as st

from dashboard import labels

st.title(labels.TITLE_REVIEW, anchor=False)
st.info("Deze pagina is in aanbouw.", icon=":material/construction:")
