"""Page "Profiel": the wijk- of dorpsprofiel of an area or a saved gebiedsafbakening.

Thin: choosing, showing and downloading; the figures come from transitieatlas.profile.build,
the map classes from transitieatlas.profile.choropleth, the files from transitieatlas.profile.export.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from transitieatlas.areas import catalog
from transitieatlas.errors import TransitieatlasError
from transitieatlas.maps.component import area_map
from transitieatlas.pages._setup import page_setup
from transitieatlas.pages._ui import choose_gemeente, md, show_error
from transitieatlas.profile.build import (
    METHOD_NOTE,
    OTHER_THEME,
    Profile,
    ProfileData,
    area_index,
    available_years,
    build_profile,
    collect,
    theme_of,
)
from transitieatlas.profile.choropleth import scheme_label, scheme_names
from transitieatlas.profile.export import (
    ROLE_LABELS,
    default_map_indicator,
    figure_table,
    map_classes,
    profile_html,
    profile_pdf,
    trend_indicators,
)

store = page_setup("Profiel")


@st.cache_resource(max_entries=2, show_spinner="Gegevens laden…")
def _areas(root: str, version: float) -> ProfileData:
    """All areas, indexed once per store state and shared by every profile."""
    return area_index(store)


@st.cache_resource(max_entries=6, show_spinner="Gegevens laden…")
def _data(root: str, version: float, codes: tuple[str, ...]) -> ProfileData:
    """What the profile of ``codes`` needs, read once per store state (manifest time)."""
    return collect(store, list(codes), _areas(root, version))


@st.cache_resource(max_entries=12, show_spinner="Profiel berekenen…")
def _profile(
    root: str, version: float, codes: tuple[str, ...], year: int | None, name: str | None
) -> Profile:
    """The profile, cached per store state, codes and year."""
    return build_profile(list(codes), _data(root, version, codes), year=year, name=name)


@st.cache_resource(max_entries=4, show_spinner=False)
def _gemeenten(root: str, version: float) -> pd.DataFrame:
    """The gemeenten to choose from, computed once per store state (not on every rerun)."""
    return catalog.gemeenten(store)


@st.cache_resource(max_entries=8, show_spinner=False)
def _buurten(root: str, version: float, gemeente: str) -> pd.DataFrame:
    """The buurten of ``gemeente``, computed once per store state."""
    return catalog.buurten_of(store, gemeente)


def _choose_area() -> tuple[list[str], str | None]:
    """Sidebar: gemeente, then the gemeente itself, a wijk, a buurt or a saved gebied."""
    version = store.version()
    options = _gemeenten(str(store.root), version)
    with st.sidebar:
        kind = st.radio(
            "Profiel van",
            ["Gemeente", "Wijk", "Buurt", "Opgeslagen gebied", "Code"],
            horizontal=True,
            key="profiel_soort",
        )
        if kind == "Code":
            typed = st.text_input("Gebiedscode(s), met komma's", key="profiel_code")
            return [c.strip() for c in typed.split(",") if c.strip()], None
        if kind == "Opgeslagen gebied":
            from transitieatlas.db import gebieden  # SQLAlchemy: only when needed (~0.3 s)

            saved = gebieden.list_afbakeningen()
            if not saved:
                st.info("Er is nog geen gebied opgeslagen (zie de pagina Gebied).")
                return [], None
            chosen = st.selectbox(
                "Gebiedsafbakening",
                [s["name"] for s in saved],
                key="profiel_gebied",
                placeholder="Kies een gebied",
            )
            record = next((s for s in saved if s["name"] == chosen), None)
            return (list(record["codes"]), record["name"]) if record else ([], None)
        gemeente = choose_gemeente(options, key="profiel_gm")
        if gemeente is None:
            st.info("Er zijn nog geen buurten in de opslag.")
            return [], None
        if kind == "Gemeente":
            return [gemeente], None
        buurten = _buurten(str(store.root), version, gemeente)
        frame = catalog.wijken_of(store, buurten) if kind == "Wijk" else buurten
        if frame.empty:
            st.info(f"Geen {kind.lower()}en van deze gemeente in de opslag.")
            return [], None
        names = dict(zip(frame["code"], frame["name"], strict=True))
        picked = st.selectbox(
            kind,
            list(names),
            format_func=lambda c: names[c],
            key=f"profiel_{kind}",
            placeholder=f"Kies een {kind.lower()}",
        )
        return ([picked], None) if picked is not None else ([], None)


# Vega expression: 12,345.6 → 12.345,6 (Dutch notation on the chart axes).
DUTCH_NUMBER = "replace(replace(replace(format(datum.value, ',~f'), ',', '_'), '.', ','), '_', '.')"


def _trend_chart(rows: pd.DataFrame, unit: str) -> alt.Chart:
    """A small line chart: the area, and its gemeente and Nederland where comparable."""
    data = rows.assign(wie=rows["role"].map(ROLE_LABELS), jaar=rows["year"].astype(str))
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("jaar:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=unit or None, axis=alt.Axis(labelExpr=DUTCH_NUMBER)),
            color=alt.Color("wie:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("wie:N", title="Gebied"),
                alt.Tooltip("jaar:O", title="Jaar"),
                alt.Tooltip("value:Q", title="Waarde", format=",.4~g"),
            ],
        )
        .properties(height=190)
    )


def _trend_charts(profile: Profile) -> None:
    names = trend_indicators(profile)
    if not names:
        st.caption("Voor dit gebied staat maar één jaar in de opslag: geen ontwikkeling te tonen.")
        return
    main = [n for n in names if theme_of(n) != OTHER_THEME]
    other = [n for n in names if theme_of(n) == OTHER_THEME]
    _chart_grid(profile, main)
    if other:
        with st.expander(f"Overige indicatoren ({len(other)})"):
            _chart_grid(profile, other)


def _chart_grid(profile: Profile, names: list[str]) -> None:
    columns = st.columns(3)
    for i, indicator in enumerate(names):
        rows = profile.trends[profile.trends["indicator"] == indicator]
        key = profile.figure(indicator)
        if key is not None and key.aggregation == "sum":
            rows = rows[rows["role"] == "gebied"]  # counts of larger areas dwarf the line
        with columns[i % 3]:
            st.caption(f"**{md(key.label if key else indicator)}**")
            st.altair_chart(_trend_chart(rows, key.unit if key else ""), width="stretch")


codes, saved_name = _choose_area()
if not codes:
    st.stop()

try:
    version = store.version()
    years = available_years(codes, _data(str(store.root), version, tuple(codes)))
    if not years:  # unknown code or no figures: build_profile says which, in Dutch
        _profile(str(store.root), version, tuple(codes), None, saved_name)
    year = st.sidebar.selectbox(
        "Peiljaar",
        years[::-1],
        index=0,
        key=f"profiel_jaar_{','.join(codes)}",
        placeholder="Kies een jaar",
    )
    profile = _profile(str(store.root), version, tuple(codes), int(year), saved_name)
except TransitieatlasError as err:
    show_error(err)
    st.stop()

st.subheader(f"{md(profile.name)} · {profile.year}")
details = [md(profile.level), f"code {md(profile.code)}"]
if profile.gemeente_name:
    details.append(f"gemeente {md(profile.gemeente_name)}")
st.caption(" · ".join(details))
if profile.aggregated_from:
    st.info(md(profile.aggregated_from.capitalize() + "."))
if profile.neighbours:
    st.caption("Omgeving: " + ", ".join(md(name) for _, name in profile.neighbours))

st.markdown("#### Kerncijfers")
st.dataframe(figure_table(profile), hide_index=True, width="stretch")
with st.expander("Hoe zijn deze cijfers berekend?"):
    st.markdown(METHOD_NOTE)

st.markdown("#### Kaart")
map_options = [f.indicator for f in profile.figures]
label_of = {f.indicator: f.label for f in profile.figures}
default = default_map_indicator(profile)
col_a, col_b, col_c = st.columns([2, 2, 1])
indicator = col_a.selectbox(
    "Indicator",
    map_options,
    index=map_options.index(default) if default in map_options else 0,
    format_func=lambda c: label_of[c],
    key="profiel_indicator",
    placeholder="Geen cijfers om te tonen" if not map_options else "Kies een indicator",
)
scheme = col_b.selectbox(
    "Klasse-indeling",
    scheme_names(),
    format_func=scheme_label,
    key="profiel_schema",
    placeholder="Kies een klasse-indeling",
)
k = col_c.number_input("Klassen", min_value=2, max_value=9, value=5, key="profiel_k")
if indicator is None:
    st.info("Voor dit gebied zijn er geen cijfers om op de kaart te tonen.")
else:
    classes = map_classes(profile, indicator, scheme, int(k))
    area_map(
        profile.map_areas,
        colours=classes.colours,
        tooltips=classes.tooltips,
        legend=classes.legend,
        selected=profile.units,
        key="profiel_map",
        legend_title=label_of.get(indicator, indicator),
    )

st.markdown("#### Ontwikkeling door de jaren")
_trend_charts(profile)

st.markdown("#### Bronnen")
for line in profile.sources:
    st.caption(line)
st.caption(f"Gegevens opgehaald op {profile.data_date or 'onbekend'}.")

st.markdown("#### Downloaden")
st.caption("Eén HTML-bestand (werkt zonder internet) of een PDF, met kaart, grafieken en bronnen.")
base = f"profiel-{profile.codes[0]}-{profile.year}-{indicator}-{scheme}-{int(k)}"
if st.button("Maak downloadbestanden", key="profiel_export"):
    with st.spinner("Bestanden maken…"):
        st.session_state["profiel_export_files"] = (
            base,
            profile_html(profile, indicator, scheme, int(k)),
            profile_pdf(profile, indicator, scheme, int(k)),
        )
made = st.session_state.get("profiel_export_files")
if made and made[0] == base:
    name = f"profiel-{profile.codes[0]}-{profile.year}"
    col_html, col_pdf = st.columns(2)
    col_html.download_button("Download HTML", made[1], file_name=f"{name}.html", mime="text/html")
    col_pdf.download_button(
        "Download PDF", made[2], file_name=f"{name}.pdf", mime="application/pdf"
    )
