"""A bare two-page Streamlit app: the floor that bench/browser_speed.py measures the dashboard against."""

import streamlit as st

st.navigation(
    [st.Page("eerste.py", title="Eerste pagina", default=True), st.Page("tweede.py", title="Tweede pagina")]
).run()
