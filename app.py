"""Transitieatlas app: navigation only. Every page lives in transitieatlas/pages/."""

import streamlit as st

st.set_page_config(page_title="Transitieatlas", page_icon="🗺️", layout="wide")

PAGES = {
    "Gebied en data": [
        st.Page("transitieatlas/pages/gebied.py", title="Gebied", default=True),
    ],
}

st.navigation(PAGES).run()
