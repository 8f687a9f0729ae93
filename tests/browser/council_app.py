"""A minimal app with only the council's pages, for tests/browser/test_council_cycle.py."""

import streamlit as st

st.set_page_config(
    page_title="Transitieatlas raad", layout="wide", initial_sidebar_state="expanded"
)
st.navigation(
    [
        st.Page(
            "../../transitieatlas/pages/vergadering.py", title="Vergadering", url_path="vergadering"
        ),
        st.Page("../../transitieatlas/pages/campagnes.py", title="Campagnes", url_path="campagnes"),
        st.Page("../../transitieatlas/pages/dashboard.py", title="Dashboard", url_path="dashboard"),
    ]
).run()
