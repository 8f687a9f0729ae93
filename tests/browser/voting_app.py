"""A minimal app with only the voting pages, for tests/browser/test_voting_flow.py."""

import streamlit as st

st.set_page_config(
    page_title="Transitieatlas stemmen", layout="wide", initial_sidebar_state="expanded"
)
st.navigation(
    [
        st.Page("../../transitieatlas/pages/kwesties.py", title="Kwesties", url_path="kwesties"),
        st.Page("../../transitieatlas/pages/stemmen.py", title="Stemmen", url_path="stemmen"),
        st.Page("../../transitieatlas/pages/uitslag.py", title="Uitslag", url_path="uitslag"),
    ]
).run()
