"""A minimal app for tests/browser/test_council_live.py: the meeting and the sign-up page."""

import streamlit as st

st.set_page_config(
    page_title="Transitieatlas raad", layout="wide", initial_sidebar_state="expanded"
)
st.navigation(
    [
        st.Page(
            "../../transitieatlas/pages/vergadering.py", title="Vergadering", url_path="vergadering"
        ),
        st.Page("../../transitieatlas/pages/intekenen.py", title="Intekenen", url_path="intekenen"),
    ]
).run()
