"""Transitieatlas app: navigation only. Every page lives in transitieatlas/pages/."""

import streamlit as st

st.set_page_config(page_title="Transitieatlas", page_icon="🗺️", layout="wide")

PAGES = {
    "Gebied en data": [
        st.Page("transitieatlas/pages/gebied.py", title="Gebied", default=True),
        st.Page("transitieatlas/pages/profiel.py", title="Profiel"),
        st.Page("transitieatlas/pages/warmtevraag.py", title="Warmtevraag"),
        st.Page("transitieatlas/pages/vraaggroepen.py", title="Vraaggroepen"),
    ],
    "Wijkuitvoeringsplan": [
        st.Page("transitieatlas/pages/rekenvoorbeelden.py", title="Rekenvoorbeelden"),
    ],
    "Transitiekaart": [
        st.Page("transitieatlas/pages/transitiekaart.py", title="Transitiekaart"),
        st.Page("transitieatlas/pages/actoren_beheer.py", title="Actoren beheren"),
    ],
    "Prioriteren": [
        st.Page("transitieatlas/pages/kwesties.py", title="Kwesties"),
        st.Page("transitieatlas/pages/stemmen.py", title="Stemmen"),
        st.Page("transitieatlas/pages/uitslag.py", title="Uitslag"),
    ],
    "Raad": [
        st.Page("transitieatlas/pages/vergadering.py", title="Vergadering"),
        st.Page("transitieatlas/pages/dashboard.py", title="Dashboard"),
        st.Page("transitieatlas/pages/campagnes.py", title="Campagnes"),
        st.Page("transitieatlas/pages/intekenen.py", title="Intekenen"),
    ],
    "Informatieavond": [
        st.Page("transitieatlas/pages/presentatie.py", title="Presentatie"),
    ],
}

st.navigation(PAGES).run()
