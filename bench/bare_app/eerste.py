"""The bare app's first page: a title and a line of text."""

import streamlit as st

st.title("Eerste pagina", anchor=False)
st.write("Een kale pagina.")
