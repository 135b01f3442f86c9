"""The bare app's second page: a title and a line of text."""

import streamlit as st

st.title("Tweede pagina", anchor=False)
st.write("Nog een kale pagina.")
