"""The screens of a presentation: a named registry of kinds, each rendered from the store.

A screen is a dict ``{"kind": KIND, **params}``. Kinds (see :data:`KINDS`):

- ``tekst``: a text screen, ``{"text": "taakdemocratie"}`` (see :mod:`texts`) or
  ``{"title": ..., "lines": [...]}``;
- ``kerncijfers``: key figures of the area profile (:mod:`transitieatlas.profile.build`);
- ``kaart``: a choropleth of one indicator, ``{"indicator": NAME}``;
- ``warmtevraag``: heat density per buurt (GJ/ha, :mod:`transitieatlas.heat.service`);
- ``warmtenet``: the heat-network screen with the default thresholds;
- ``transitiekaart``: the approved actors by geleding inside the area, on its map;
- ``vraaggroepen``: buildings (or 100 m cells, or buurten) coloured by demand group with the
  counts in the legend (:mod:`transitieatlas.segmentation`, default scheme), ``{"niveau":
  "pand"|"cel"|"buurt"}``, default buurten when the store has them;
- ``uitslag``: the toplijst of a closed vote (``{"round": ID}``, default the newest closed);
- ``dashboard``: the council's dashboard of sustainability indicators for the area
  (:mod:`transitieatlas.council.indicator_repo`);
- ``enquete``: the QR code of the evening's survey (``{"survey": NAME, "url": BASE}``, the
  base address default this laptop's address on the local network, port 8502).

:func:`render` turns one screen into a :class:`Slide` (title, text lines, table, map drawing,
and the area, data date and sources shown on every screen); it raises a
:class:`~transitieatlas.errors.TransitieatlasError` with a Dutch message when the store lacks
what the screen needs. Reads the store and the database; draws nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from transitieatlas.areas.codes import gemeente_of
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.evening import mapdata, mapexport, texts
from transitieatlas.geledingen import COLOURS, GELEDINGEN, LABELS
from transitieatlas.profile.choropleth import choropleth, format_number, format_value
from transitieatlas.store.opendata import Store

if TYPE_CHECKING:
    from matplotlib.figure import Figure

KINDS: dict[str, str] = {
    "tekst": "Tekstscherm",
    "kerncijfers": "Kerncijfers van het gebiedsprofiel",
    "kaart": "Kaart van een indicator",
    "warmtevraag": "Warmtevraag (warmtedichtheid per buurt)",
    "warmtenet": "Warmtenet-scan",
    "transitiekaart": "Transitiekaart: actoren per geleding",
    "vraaggroepen": "Vraaggroepen (panden of buurten per groep)",
    "uitslag": "Uitslag van een gesloten stemming (toplijst)",
    "enquete": "Enquête: QR-code om mee te doen",
    "dashboard": "Dashboard van duurzaamheidsindicatoren",
}
"""Kind → Dutch label (what the presenter chooses from)."""

MAX_FIGURES = 10
"""Key figures on one screen: more is unreadable from the back of the hall."""
HEAT_METHODS = ("gas", "buildings", "model")
MAP_RECT = (0.0, 0.0, 0.62, 1.0)
"""Where a screen's map goes on its figure (fractions): the legend takes the right part."""
LEGEND_PT = 20
"""Legend type size on a screen (pt on a 13,3 inch wide figure): readable at the back."""
CANDIDATE, NOT_CANDIDATE = "#d55e00", "#9ecae1"
GROUP_LEVELS = {"buurt": "buurten", "cel": "vierkanten van 100 m", "pand": "panden"}
"""Levels of the demand-groups screen, in the order tried when none is asked (coarse first:
buurten draw fastest and read best from the back of a hall)."""


@dataclass
class Slide:
    """One rendered screen. ``draw(fig)`` draws its map on a matplotlib figure (or None)."""

    kind: str
    title: str
    area: str
    data_date: str
    sources: list[str]
    lines: list[str] = field(default_factory=list)
    table: list[tuple[str, ...]] | None = None
    draw: Callable[[Figure], None] | None = None


def check_spec(screen: Mapping[str, Any]) -> None:
    """:class:`InputError` (Dutch) for an unknown kind or a missing parameter."""
    kind = screen.get("kind")
    if kind not in KINDS:
        raise InputError(f"Onbekend soort scherm '{kind}'. Kies uit: {', '.join(KINDS)}")
    if kind == "kaart" and not screen.get("indicator"):
        raise InputError("Een kaartscherm heeft een indicator nodig (bijv. pct_koopwoningen).")
    if kind == "vraaggroepen" and screen.get("niveau") not in (None, "", *GROUP_LEVELS):
        raise InputError(
            f"Onbekend niveau '{screen['niveau']}' voor vraaggroepen. Kies uit: "
            + ", ".join(GROUP_LEVELS)
        )
    if kind == "tekst" and "text" in screen and screen["text"] not in texts.TEXTS:
        raise InputError(f"Onbekende tekst '{screen['text']}'. Kies uit: {', '.join(texts.TEXTS)}")


def describe(screen: Mapping[str, Any]) -> str:
    """A short Dutch description of a screen for lists and the checklist."""
    label = KINDS.get(str(screen.get("kind")), str(screen.get("kind")))
    detail = (screen.get("indicator") or screen.get("text") or screen.get("title")
              or screen.get("survey") or screen.get("round") or screen.get("niveau"))  # fmt: skip
    return f"{label}: {detail}" if detail else label


def render(store: Store, area: str, screen: Mapping[str, Any]) -> Slide:
    """Render one screen for ``area`` (a gemeente, wijk or buurt code)."""
    check_spec(screen)
    return _RENDERERS[str(screen["kind"])](store, area, screen)


def _area_label(store: Store, area: str) -> str:
    own = store.areas(codes=[area])
    return f"{own['name'].iloc[0]} ({area})" if not own.empty else area


def _text(store: Store, area: str, screen: Mapping[str, Any]) -> Slide:
    if "text" in screen:
        title, lines, source = texts.TEXTS[str(screen["text"])]
    else:
        title, lines, source = str(screen.get("title", "")), list(screen.get("lines", [])), ""
    return Slide("tekst", title, _area_label(store, area), "", [source] if source else [], lines)


def _kerncijfers(store: Store, area: str, screen: Mapping[str, Any]) -> Slide:
    from transitieatlas.profile.build import build_profile, collect

    profile = build_profile([area], collect(store, [area]))
    rows: list[tuple[str, ...]] = [("Kenmerk", profile.name, "Gemeente", "Nederland")]
    for f in profile.figures[:MAX_FIGURES]:
        rows.append(
            (
                f.label,
                format_value(f.value, f.unit),
                "–" if f.gemeente is None else format_value(f.gemeente, f.unit),
                "–" if f.nederland is None else format_value(f.nederland, f.unit),
            )
        )
    lines = [profile.aggregated_from] if profile.aggregated_from else []
    title = f"{profile.name} in cijfers ({profile.year})"
    used = store.figures(codes=[*profile.units, *profile.codes], year=profile.year)
    sources, _ = short_sources(store, list(used["dataset"]))
    return Slide("kerncijfers", title, _area_label(store, area), profile.data_date or "onbekend",
                 sources or list(profile.sources), lines, rows)  # fmt: skip


def _kaart(store: Store, area: str, screen: Mapping[str, Any]) -> Slide:
    data = mapdata.load_map_data(store, area, str(screen["indicator"]))
    chart = mapexport.classes(data)

    def draw(fig: Figure) -> None:
        mapexport.draw_map(
            fig, data.areas, chart.colours, chart.legend, data.label, None, MAP_RECT, LEGEND_PT
        )

    sources, _ = short_sources(store, [*data.areas["dataset"], *data.datasets])
    return Slide("kaart", data.title, _area_label(store, area), data.data_date, sources, draw=draw)


def _heat(store: Store, area: str) -> tuple[pd.DataFrame, Any, str, list[str], str]:
    """Heat demand per buurt of the area's gemeente by the first method the store allows."""
    from transitieatlas.heat import service

    gemeente = gemeente_of(area) or area
    areas = service.load_areas(store, gemeente, "buurt", None)
    methods = [m for m in HEAT_METHODS if m in service.available_methods(store, areas)]
    if not methods:
        raise NotInStore(
            f"Geen gegevens om de warmtevraag van {gemeente} te berekenen "
            "(gasverbruik, woningvoorraad of een modeluitkomst). Importeer die eerst."
        )
    result, areas = service.compute(store, gemeente, "buurt", methods[0])
    _, own = mapdata.map_areas(store, area)
    result = result[result["code"].isin(own["code"])]
    areas = areas[areas["code"].isin(own["code"])]
    used = store.figures(codes=areas["code"], indicators=HEAT_INPUTS[methods[0]])
    sources, date = short_sources(store, [*areas["dataset"], *used["dataset"]])
    return result, areas, methods[0], sources, date


HEAT_INPUTS: dict[str, list[str]] = {
    "gas": ["woningvoorraad", "aardgas_woningen_tj", "aardgas_woningen_mln_m3",
            "gem_aardgas_woning", "pct_stadsverwarming"],
    "buildings": ["woningvoorraad", "pct_bouwjaar_vanaf_2000", "woningen_bouwjaar_voor_1945"],
    "model": ["warmtevraag_model_kwh"],
}  # fmt: skip
"""Indicators whose datasets are cited under a heat screen, per method."""


def short_sources(store: Store, datasets: list[str]) -> tuple[list[str], str]:
    """One short line per source (``source (year)``), the licences once, and the newest
    retrieval date of the ``datasets``."""
    provenances = [p for p in (store.provenance(d) for d in dict.fromkeys(datasets)) if p]
    lines = list(
        dict.fromkeys(f"{p.source} ({p.year})" if p.year else p.source for p in provenances)
    )
    lines += list(dict.fromkeys(p.licence for p in provenances if p.licence))
    return lines, max((p.retrieved for p in provenances), default="onbekend")


METHOD_LABELS = {
    "gas": "berekend uit het gasverbruik",
    "buildings": "berekend uit de woningvoorraad (Vesta-kengetallen)",
    "model": "modeluitkomst van derden",
}


def _warmtevraag(store: Store, area: str, screen: Mapping[str, Any]) -> Slide:
    result, areas, method, sources, date = _heat(store, area)
    names = dict(zip(result["code"], result["name"], strict=True))
    chart = choropleth(result.set_index("code")["heat_density_gj_per_ha"], names, "GJ/ha")
    total = result["heat_demand_gj"].sum(min_count=1)
    lines = [
        f"Warmtevraag van de woningen: {format_number(total, 0)} GJ per jaar "
        f"({METHOD_LABELS[method]}).",
        "Donker = veel warmtevraag per hectare: daar kan een warmtenet lonen.",
    ]

    def draw(fig: Figure) -> None:
        mapexport.draw_map(fig, areas, chart.colours, chart.legend, "Warmtedichtheid (GJ/ha)",
                           None, MAP_RECT, LEGEND_PT)  # fmt: skip

    title = f"Warmtevraag per hectare · {_area_label(store, area)}"
    return Slide("warmtevraag", title, _area_label(store, area), date, sources, lines, draw=draw)


def _warmtenet(store: Store, area: str, screen: Mapping[str, Any]) -> Slide:
    from transitieatlas.heat import network as heatnet
    from transitieatlas.heat import service

    result, areas, method, sources, date = _heat(store, area)
    shares = service.screen_inputs(store, result["code"])
    merged = result.merge(shares, left_on="code", right_index=True, how="left")
    screened = heatnet.screen(merged, heatnet.default_thresholds())
    colours = {
        c: CANDIDATE if ok else NOT_CANDIDATE
        for c, ok in zip(screened["code"], screened["candidate"], strict=True)
    }
    n = int(screened["candidate"].sum())
    lines = [
        f"{n} van de {len(screened)} buurten zijn kandidaat voor een warmtenet "
        "(eerste scan, geen haalbaarheidsstudie).",
        "Drempels en bronnen: data/heat_constants.csv.",
    ]
    legend = [(CANDIDATE, "kandidaat"), (NOT_CANDIDATE, "geen kandidaat")]

    def draw(fig: Figure) -> None:
        mapexport.draw_map(fig, areas, colours, legend, "Warmtenet-scan", None, MAP_RECT, LEGEND_PT)

    title = f"Warmtenet-scan · {_area_label(store, area)}"
    return Slide("warmtenet", title, _area_label(store, area), date, sources, lines, draw=draw)


def _transitiekaart(store: Store, area: str, screen: Mapping[str, Any]) -> Slide:
    from pyproj import Transformer

    from transitieatlas.actors import repo

    name, areas = mapdata.map_areas(store, area)
    placed = [a for a in repo.list_actors(None) if a.located]
    if not placed:
        raise NotInStore(
            "Er staan nog geen goedgekeurde actoren op de transitiekaart. "
            "Voeg ze toe op de pagina Actoren beheren (of: transitieatlas actors import)."
        )
    to_rd = Transformer.from_crs(4326, 28992, always_xy=True)
    xs, ys = to_rd.transform([a.lon or 0.0 for a in placed], [a.lat or 0.0 for a in placed])
    inside = actors_inside(areas, xs, ys)
    actors = [a for a, ok in zip(placed, inside, strict=True) if ok]
    if not actors:
        raise NotInStore(
            f"Er staan geen goedgekeurde actoren binnen {name} op de transitiekaart "
            f"({len(placed)} liggen erbuiten). Voeg ze toe op de pagina Actoren beheren."
        )
    markers = [
        {"x": x, "y": y, "colour": COLOURS.get(a.geleding, "#000000")}
        for a, x, y, ok in zip(placed, xs, ys, inside, strict=True)
        if ok
    ]
    counts = {g: sum(1 for a in actors if a.geleding == g) for g in GELEDINGEN}
    legend = [(COLOURS[g], f"{LABELS[g]} ({counts[g]})") for g in GELEDINGEN]
    lines = [f"{len(actors)} actoren die bijdragen of kunnen bijdragen aan de energietransitie."]

    def draw(fig: Figure) -> None:
        mapexport.draw_map(fig, areas, {}, legend, "Geleding", markers, MAP_RECT, LEGEND_PT)

    updated = max(a.updated_at[:10] for a in actors)
    map_sources, _ = short_sources(store, list(areas["dataset"]))
    sources = ["Transitiekaart van het presidium (Transitieatlas)", *map_sources]
    title = f"Transitiekaart · {_area_label(store, area)}"
    return Slide("transitiekaart", title, _area_label(store, area), updated, sources, lines,
                 draw=draw)  # fmt: skip


def actors_inside(areas: Any, xs: Sequence[float], ys: Sequence[float]) -> list[bool]:
    """Per point (RD New metres) whether it lies in (or on the edge of) one of ``areas``."""
    import geopandas as gpd

    if not len(xs):
        return []
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xs, ys), crs=areas.crs)
    hits = gpd.sjoin(points, areas[["geometry"]], how="left", predicate="intersects")
    return list(hits.groupby(level=0)["index_right"].count().reindex(range(len(xs))) > 0)


def _vraaggroepen(store: Store, area: str, screen: Mapping[str, Any]) -> Slide:
    from transitieatlas import segmentation
    from transitieatlas.segmentation import export

    where = segmentation.resolve_area(area)
    levels = segmentation.available_levels(store, where)
    wanted = screen.get("niveau") or next((lv for lv in GROUP_LEVELS if lv in levels), levels[0])
    if wanted not in levels:
        raise NotInStore(
            f"De opslag heeft geen {GROUP_LEVELS[wanted]} van {where.name} voor de vraaggroepen "
            f"(wel: {', '.join(GROUP_LEVELS[lv] for lv in levels)})."
        )
    scheme = segmentation.default_scheme()
    result = segmentation.segment(store, area, scheme, wanted)
    polygons = None if wanted == "pand" else store.areas(level=wanted, gemeente=where.gemeente)
    shapes, fill, _, legend = export.map_layer(result.units, polygons, scheme, wanted)
    colours = {code: colour for code, colour in fill.items() if colour}
    total = result.totals.get("dwellings") or sum(r.dwellings or 0 for r in result.results)
    what = "elk pand" if wanted == "pand" else f"elk van de {len(shapes)} {GROUP_LEVELS[wanted]}"
    lines = [
        f"{format_number(total, 0)} woningen in {sum(1 for _ in legend)} vraaggroepen; kleur: "
        f"de groep van {what}" + ("" if wanted == "pand" else " (de grootste groep daar)") + ".",
        "Methode en bronnen: docs/methode-vraaggroepen.md.",
    ]

    def draw(fig: Figure) -> None:
        mapexport.draw_map(fig, shapes, colours, legend, "Vraaggroep", None, MAP_RECT, LEGEND_PT)

    sources, date = short_sources(store, _group_datasets(store, result.units, polygons))
    title = f"Vraaggroepen · {_area_label(store, area)}"
    return Slide("vraaggroepen", title, _area_label(store, area), date, sources, lines, draw=draw)


def _group_datasets(store: Store, units: pd.DataFrame, polygons: Any) -> list[str]:
    """The datasets behind a segmentation: the units' own (panden) or the figures of their
    areas (cells, buurten), and the polygons drawn."""
    if "dataset" in units:
        datasets = [str(d) for d in units["dataset"].dropna().unique()]
    else:
        codes = [str(c) for c in units["code"].dropna().unique()] if "code" in units else []
        datasets = list(store.figures(codes=codes)["dataset"].dropna().unique()) if codes else []
    if polygons is not None:
        datasets += [str(d) for d in polygons["dataset"].dropna().unique()]
    return datasets


def _uitslag(store: Store, area: str, screen: Mapping[str, Any]) -> Slide:
    from transitieatlas.voting import rounds

    closed = rounds.archive()
    wanted = screen.get("round")
    chosen = next((r for r in closed if wanted is None or r.id == int(wanted)), None)
    if chosen is None or not chosen.result:
        raise NotInStore(
            "Er is nog geen gesloten stemming om te tonen"
            + (f" (ronde {wanted})." if wanted is not None else ".")
            + " Sluit eerst een stemronde op de pagina Stemmen."
        )
    result = chosen.result
    present = result.present
    rows: list[tuple[str, ...]] = [("", "Onderwerp", "Totaal", *(LABELS[g] for g in present))]
    for r in result.ranking[:MAX_FIGURES]:
        per = r.per_geleding
        rows.append((f"{r.rank}.", r.item, format_number(r.total, 2),
                     *(format_number(per.get(g, 0.0), 2) for g in present)))  # fmt: skip
    date = str(chosen.closed_at or "")[:10]
    lines = [f"Elke geleding weegt even zwaar (hoogstens 1 punt per onderwerp); "
             f"{chosen.ballots} stemmen."]  # fmt: skip
    title = f"Toplijst: {chosen.title}"
    return Slide("uitslag", title, _area_label(store, area), date or "onbekend",
                 ["Stemming van de wijk- of dorpsraad (Transitieatlas)"], lines, rows)  # fmt: skip


DASHBOARD_COLUMNS = ("Indicator", "Laatste waarde", "Trend per jaar", "Doel", "Voortgang")
"""Columns of the dashboard screen: fewer than the page shows, to stay readable."""


def _dashboard(store: Store, area: str, screen: Mapping[str, Any]) -> Slide:
    from transitieatlas.council import dashboard as dash
    from transitieatlas.council import indicator_repo

    rows = indicator_repo.dashboard(indicator_repo.resolve_area(area), store)
    if not rows:
        raise NotInStore(
            "Er staan nog geen indicatoren op het dashboard. Zet ze erop op de pagina Dashboard."
        )
    shown = dash.table_rows(rows)[:MAX_FIGURES]
    table = [DASHBOARD_COLUMNS, *(tuple(r[c] for c in DASHBOARD_COLUMNS) for r in shown)]
    dates = [str(r["latest_date"]) for r in rows if r.get("latest_date")]
    sources = list(dict.fromkeys(str(r["source"]) for r in rows if r.get("source")))
    return Slide("dashboard", f"Dashboard · {_area_label(store, area)}", _area_label(store, area),
                 max(dates, default="onbekend"), sources or ["Dashboard van de kennisgeleding"],
                 table=table)  # fmt: skip


def survey_url(screen: Mapping[str, Any]) -> str:
    """The address phones open for the survey of an ``enquete`` screen."""
    from transitieatlas.evening.survey_server import lan_address

    base = str(screen.get("url") or f"http://{lan_address()}:8502").rstrip("/")
    return f"{base}/enquete/{screen.get('survey', 'avond')}"


def _enquete(store: Store, area: str, screen: Mapping[str, Any]) -> Slide:
    import segno

    from transitieatlas.evening import survey_repo

    survey = survey_repo.get_survey(str(screen.get("survey", "avond")))
    url = survey_url(screen)
    matrix = [list(row) for row in segno.make(url, error="m").matrix]

    def draw(fig: Figure) -> None:
        ax = fig.add_axes((0.30, 0.02, 0.40, 0.96))
        ax.set_axis_off()
        ax.imshow([[0 if v else 1 for v in row] for row in matrix], cmap="gray",
                  interpolation="nearest")  # fmt: skip

    lines = [f"Scan de code met uw telefoon, of ga naar {url}",
             "Eén antwoord per telefoon. Noem uw geleding; uw antwoord blijft anoniem."]  # fmt: skip
    return Slide("enquete", f"Doe mee: {survey['title']}", _area_label(store, area), "",
                 ["Enquête van de informatieavond (Transitieatlas)"], lines, draw=draw)  # fmt: skip


_RENDERERS: dict[str, Callable[[Store, str, Mapping[str, Any]], Slide]] = {
    "tekst": _text,
    "kerncijfers": _kerncijfers,
    "kaart": _kaart,
    "warmtevraag": _warmtevraag,
    "warmtenet": _warmtenet,
    "transitiekaart": _transitiekaart,
    "vraaggroepen": _vraaggroepen,
    "uitslag": _uitslag,
    "enquete": _enquete,
    "dashboard": _dashboard,
}
