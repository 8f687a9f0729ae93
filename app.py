"""Transitieatlas app: navigation only. Every page lives in transitieatlas/pages/."""

import streamlit as st

st.set_page_config(page_title="Transitieatlas", page_icon="🗺️", layout="wide")

PAGES = {
    "Gebied en data": [
        st.Page("transitieatlas/pages/gebied.py", title="Gebied", default=True),
    ],
    "Transitiekaart": [
        st.Page("transitieatlas/pages/transitiekaart.py", title="Transitiekaart"),
        st.Page("transitieatlas/pages/actoren_beheer.py", title="Actoren beheren"),
    ],
}

st.navigation(PAGES).run()
