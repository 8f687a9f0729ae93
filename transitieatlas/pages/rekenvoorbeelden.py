"""Page "Rekenvoorbeelden": pick a demand group, compare configurations side by side
(collective and individual), move prices and participation, see the sweep, solidarity, and
make the concept-WUP. Thin: every number comes from transitieatlas.finance.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from transitieatlas.accounts import auth
from transitieatlas.db import wup as wup_db
from transitieatlas.errors import TransitieatlasError
from transitieatlas.finance import catalogue, service, solidarity, wup
from transitieatlas.finance.examples import Configuration, eur, settings
from transitieatlas.pages._store import get_store
from transitieatlas.pages._ui import login_box
from transitieatlas.sources import finance_inputs

NAMES = {"GM0080": "Leeuwarden", "GM0221": "Doesburg"}
PRICE_INPUTS = (
    ("price_gas_eur_per_m3", "Gasprijs (€/m³)", 0.01),
    ("gas_fixed_eur_per_year", "Vaste gaskosten (€/jaar)", 10.0),
    ("price_electricity_eur_per_kwh", "Stroomprijs (€/kWh)", 0.01),
    ("price_heat_eur_per_gj", "Warmteprijs (€/GJ)", 0.5),
    ("heat_fixed_eur_per_year", "Vaste warmtekosten (€/jaar)", 10.0),
)


@st.cache_resource(show_spinner="Vraaggroepen samenstellen…", max_entries=16)
def _groups(
    area: str, level: str, source: str, store_key: tuple[str, float]
) -> tuple[service.GroupView, ...]:
    """The groups, cached per store (folder and version): an import shows new groups."""
    return service.area_groups(area, level, source)


@st.cache_data(show_spinner=False, max_entries=64)
def _auto(area: str, store_key: tuple[str, float]) -> tuple[str, str]:
    """``(level, source)`` as the CLI's ``auto`` resolves them, cached per store version."""
    return service.resolve(area)


def _range(low: float, high: float) -> str:
    return f"{eur(low)} – {eur(high)}"


st.title("Rekenvoorbeelden")
st.caption(
    "Wat kost van het gas af gaan per huishouden per maand, samen of alleen? Alle bedragen zijn "
    "bandbreedtes met hun bron; methode: docs/methode-rekenvoorbeelden.md."
)
user = login_box()
codes = finance_inputs.startanalyse_gemeenten()
if not codes:
    st.warning("Geen PBL Startanalyse gevonden in de map met open data (TRANSITIEATLAS_MIRROR).")
    st.stop()
left, mid, right = st.columns(3)
area = left.selectbox(
    "Gebied",
    codes,
    index=codes.index("GM0080") if "GM0080" in codes else 0,
    format_func=lambda c: f"{NAMES.get(c, c)} ({c})",
    key="fin_area",
)
try:
    store = get_store()
    auto_level, auto_source = _auto(area, (str(store.root), store.version()))
except TransitieatlasError as err:
    st.error(str(err))
    st.stop()
# The same `auto` choice as the CLI: pand + segmentation where the store has the area's panden.
levels = ["pand", "buurt"] if auto_level == "pand" or area == "GM0221" else ["buurt"]
level = mid.radio(
    "Niveau", levels, index=levels.index(auto_level), horizontal=True, key=f"fin_level_{area}"
)
sources = list(service.SOURCES)
source = mid.radio(
    "Vraaggroepen uit",
    sources,
    index=sources.index(auto_source if level == auto_level else service.resolve(area, level)[1]),
    format_func={"startanalyse": "PBL Startanalyse", "segmentatie": "segmentatie (opslag)"}.get,
    horizontal=True,
    key=f"fin_source_{area}_{level}",
)
try:
    views = _groups(area, level, str(source), (str(store.root), store.version()))
except TransitieatlasError as err:
    st.error(str(err))
    st.stop()
by_code = {v.group.code: v for v in views}
code = right.selectbox(
    "Vraaggroep", list(by_code), format_func=lambda c: by_code[c].group.label, key="fin_group"
)
view = by_code[code]
hh = view.household
st.markdown(
    f"**{view.group.households:,}** huishoudens · warmtevraag per huishouden "
    f"**{hh.heat_demand_gj:.1f} GJ** per jaar · typisch label **{hh.label}** · "
    f"niveau {view.group.level}".replace(",", ".")
)
st.caption(view.group.note)

with st.expander("Voorselectie van technieken, met redenen", expanded=True):
    for choice in view.choices:
        st.markdown(f"- **{choice.label_nl}**: {choice.reason}")
    st.info(view.pbl_comparison)

with st.sidebar:
    st.subheader("Prijzen en deelname")
    defaults = settings()
    overrides = {
        key: st.number_input(label, value=float(defaults[key]), step=step, key=f"fin_{key}")
        for key, label, step in PRICE_INPUTS
    }
    participation = st.slider("Deelname (%)", 10, 100, 100, step=5, key="fin_participation") / 100
    st.caption("Bron van de standaardprijzen: data/finance_constants.csv (met datum en status).")
    st.subheader("Rente en looptijd")
    for form in catalogue.financing_forms().values():
        with st.expander(form.label_nl):
            rate_key = catalogue.RATE_PREFIX + form.name
            term_key = catalogue.TERM_PREFIX + form.name
            overrides[rate_key] = (
                st.number_input(
                    "Rente (% per jaar)",
                    value=float(defaults[rate_key]) * 100,
                    step=0.1,
                    format="%.2f",
                    key=f"fin_{rate_key}",
                )
                / 100
            )
            overrides[term_key] = float(
                st.number_input(
                    "Looptijd (jaar)",
                    value=int(defaults[term_key]),
                    step=1,
                    key=f"fin_{term_key}",
                )
            )
            st.caption(f"Bron: {form.source} ({form.status})")

confs = service.default_configurations(view)
with st.expander("Eigen configuratie toevoegen"):
    c1, c2, c3 = st.columns(3)
    packages = catalogue.packages()
    coops = catalogue.cooperation_forms()
    forms = catalogue.financing_forms()
    own_package = c1.selectbox(
        "Technieken",
        ["", *packages],
        format_func=lambda k: packages[k].label_nl if k else "—",
        key="fin_own_package",
    )
    own_coop = c2.selectbox(
        "Samenwerking", list(coops), format_func=lambda k: coops[k].label_nl, key="fin_own_coop"
    )
    own_fin = c3.selectbox(
        "Financiering", list(forms), format_func=lambda k: forms[k].label_nl, key="fin_own_fin"
    )
    if own_package:
        confs = [*confs, Configuration(str(own_package), str(own_coop), ((str(own_fin), 1.0),))]
try:
    result = service.recalculate(view, confs, overrides, participation)
except TransitieatlasError as err:
    st.error(str(err))
    st.stop()

st.subheader(f"Configuraties naast elkaar, bij {participation * 100:.0f}% deelname")
columns = st.columns(len(result.examples))
for col, ex in zip(columns, result.examples, strict=True):
    with col:
        st.markdown(f"**{ex.configuration.name}**")
        st.metric("Netto per maand t.o.v. nu", _range(*ex.net_monthly))
        st.caption(
            f"Investering {_range(*ex.investment_eur)}, subsidie {eur(ex.subsidy_eur[0])}; "
            f"financiering: {', '.join(catalogue.financing(n).label_nl for n, _ in ex.configuration.financing)}"
        )
        with st.expander("Alle posten en bronnen"):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "post": x.item,
                            "laag €": round(x.low_eur),
                            "hoog €": round(x.high_eur),
                            "per": x.per,
                            "bron": x.source,
                        }
                        for x in ex.lines
                    ]
                ),
                hide_index=True,
            )

st.subheader("Wat als niet iedereen meedoet?")
sweep = pd.DataFrame(
    [
        {
            "configuratie": r.configuration,
            "deelname (%)": r.participation * 100,
            "netto per maand (midden)": r.net_monthly_mid_eur,
            "laag": r.net_monthly_low_eur,
            "hoog": r.net_monthly_high_eur,
            "extra voor wie op gas blijft": r.gas_stayer_extra_monthly_eur,
        }
        for r in result.sweep
    ]
)
base = alt.Chart(sweep).encode(x=alt.X("deelname (%):Q"), color="configuratie:N")
st.altair_chart(
    base.mark_area(opacity=0.2).encode(y="laag:Q", y2="hoog:Q")
    + base.mark_line(point=True).encode(
        y=alt.Y("netto per maand (midden):Q", title="netto € per maand")
    ),
    width="stretch",
)
stay = sweep.drop_duplicates("deelname (%)")
st.caption(
    "Extra per maand voor wie op gas blijft (bovengrens, als de netkosten in het gebied bleven): "
    + ", ".join(
        f"{p:.0f}%: {'—' if pd.isna(x) else eur(x)}"
        for p, x in zip(stay["deelname (%)"], stay["extra voor wie op gas blijft"], strict=True)
    )
)
if any(c.package == "warmtenet" for c in confs):
    st.markdown(
        "**Break-even-deelname warmtenet:** "
        + (
            "niet bereikt, ook niet bij 100%."
            if result.break_even is None
            else f"{result.break_even * 100:.0f}%."
        )
    )

st.subheader("Solidariteit")
sol = solidarity.solidarity(view.group, result.examples[0], settings(overrides))
st.markdown(
    f"**{sol.households_cannot_invest:,}** huishoudens ({sol.share * 100:.0f}%) kunnen "
    f"'{result.examples[0].configuration.name}' naar verwachting niet dragen ({sol.share_source}). "
    f"Een solidariteitsfonds voor hun investering: **{_range(*sol.investment_fund_eur)}**; "
    f"voor hun maandelijkse tekort over {sol.years} jaar: **{_range(*sol.monthly_gap_fund_eur)}**.".replace(
        ",", "."
    )
)

st.subheader("Concept-WUP")
texts = wup_db.current_sections(area)
if auth.has_role(user, "editor"):
    with st.expander("Teksten van de raad bewerken"):
        keys: list[str] = list(wup_db.SECTIONS)
        section = str(
            st.selectbox(
                "Onderdeel", keys, format_func=lambda k: wup_db.SECTIONS[k], key="fin_section"
            )
        )
        text = st.text_area("Tekst", value=texts.get(section, ""), key=f"fin_text_{section}")
        if st.button("Opslaan (de vorige versie blijft bewaard)", key="fin_save"):
            try:
                wup_db.save_section(area, section, text, user.name if user else "")
                st.success("Opgeslagen.")
            except TransitieatlasError as err:
                st.error(str(err))
        for version in wup_db.history(area, section)[:5]:
            st.caption(
                f"{version['created_at']} · {version['author'] or 'onbekend'}: {version['text'][:120]}"
            )
else:
    st.caption(
        "Log in als redactie om de teksten van de raad (organisatievorm, besluiten…) te schrijven."
    )
if st.button("Concept-WUP maken (HTML en PDF)", key="fin_make_wup"):
    sections = [(k, h, texts.get(k, "")) for k, h in wup_db.SECTIONS.items()]
    with st.spinner("Concept-WUP opstellen…"):
        html = wup.render_html(
            area,
            views,
            sections,
            participation,
            overrides,
            map_frame=service.map_frame(area, level, str(source)),
            context=service.area_context(area, level),
        )
        st.session_state["fin_wup"] = (area, html, wup.render_pdf(html))
made = st.session_state.get("fin_wup")
if made and made[0] == area:
    left, right = st.columns(2)
    left.download_button(
        "Download HTML", made[1], file_name=f"concept-wup-{area}.html", mime="text/html"
    )
    right.download_button(
        "Download PDF", made[2], file_name=f"concept-wup-{area}.pdf", mime="application/pdf"
    )
