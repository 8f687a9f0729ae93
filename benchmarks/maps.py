"""``make bench``: how fast area maps draw in headless Chromium, offline, on real areas.

Measured in the demo app (benchmarks/map_app.py) with the area sets of ../shared/data:
Leeuwarden (134 buurten), Zwolle (78), Fryslân (907 drawable), the Netherlands (all drawable
buurten of the CBS 2014 TopoJSON). Every time runs from the click (recorded in the page by a
capturing click listener) to the moment the map has drawn all polygons (the component stamps
``Date.now()`` after the canvas frame in which the polygons were drawn); both clocks are the
same machine's.

1. App cold start: a fresh server, first load of the empty page.
2. In the open app (one browser page), for each set: area change the first time (the server
   computes the geometry payload), area change again (payload cached), indicator switch (colours
   only: the benchmark checks that no geometry was fetched or rebuilt), page switch away and back;
   this round is repeated (``REPEATS``) and the table shows medians.
3. Cold page load of each set in a new browser context (geometry files cached on the server).
4. The naive route for comparison, in the same run: folium GeoJson of the raw polygons through
   ``st_folium`` (Leaflet served locally by Streamlit's static serving, because folium's CDN
   assets cannot load offline), cold page load until every ``path.leaflet-interactive`` exists.

Every request that would leave 127.0.0.1 is blocked and counted. Prints one table.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import data  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_FLAGS,
    block_external,
    start_streamlit,
)

SETS = ["leeuwarden", "zwolle", "fryslan", "nederland"]
LABELS = {k: data.AREA_SETS[k] for k in SETS}
GOALS_S = {"leeuwarden": 0.5, "zwolle": 0.5, "fryslan": 1.0, "nederland": 1.5}
FRAME = 'iframe[title="transitieatlas.maps.component.areamap"]'
FOLIUM_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
NAIVE_TIMEOUT_S = 150
REPEATS = 3
"""Rounds of (area change, indicator switch, page switch) per set; the table shows medians."""

CLICK_LISTENER = """() => {
    if (window.__benchListener) return;
    window.__benchListener = true;
    document.addEventListener('click', () => {
        if (window.__clickAt == null) window.__clickAt = Date.now();
    }, true);
}"""
DRAWN_AFTER = """([sel, seq, drawn]) => {
    const f = document.querySelector(sel);
    const a = f && f.contentWindow && f.contentWindow.__areamap;
    return a && a.seq > seq && a.drawn === drawn && a.drawnAt ? a.drawnAt : false;
}"""


@dataclass
class Row:
    """Timings (s) for one area set."""

    polygons: int = 0
    vertices: int = 0
    kilobytes: float = 0.0
    first: float | None = None
    again: list[float | None] = field(default_factory=list)
    indicator: list[float | None] = field(default_factory=list)
    page_switch: list[float | None] = field(default_factory=list)
    cold_page: float | None = None
    naive: float | None = None
    notes: list[str] = field(default_factory=list)


def map_stats(page) -> dict:
    return page.evaluate(
        """(sel) => {
            const f = document.querySelector(sel);
            const a = f && f.contentWindow && f.contentWindow.__areamap;
            return a ? JSON.parse(JSON.stringify(a)) : {seq: 0};
        }""",
        FRAME,
    )


def timed_click(
    page, locator, expected: int, row: Row, what: str, timeout_s: float = 60
) -> float | None:
    """Click ``locator``; seconds from the click until the map drew ``expected`` polygons.

    ``None`` (with a note on ``row``) when that did not happen within ``timeout_s``.
    """
    print(f"  {what} …", file=sys.stderr, flush=True)
    try:
        return _timed_click(page, locator, expected, timeout_s)
    except Exception as err:  # noqa: BLE001 - a failure is a result of the benchmark
        row.notes.append(f"{what}: niet getekend ({type(err).__name__})")
        return None


def _timed_click(page, locator, expected: int, timeout_s: float) -> float:
    page.evaluate(CLICK_LISTENER)
    seq = map_stats(page).get("seq", 0) if page.locator(FRAME).count() else 0
    page.evaluate("() => { window.__clickAt = null; }")
    locator.click()
    handle = page.wait_for_function(
        DRAWN_AFTER, arg=[FRAME, seq, expected], timeout=timeout_s * 1000, polling=20
    )
    drawn_at = handle.json_value()
    return (drawn_at - page.evaluate("() => window.__clickAt")) / 1000


def nav(page, title: str):
    return page.locator('[data-testid="stSidebarNav"] a', has_text=title)


def radio(page, label: str):
    return page.get_by_text(label, exact=True)


def switch_to_empty(page) -> float:
    """Seconds from the click on "Leeg" until that page shows: Streamlit's own page switch."""
    page.evaluate(CLICK_LISTENER)
    page.evaluate("() => { window.__clickAt = null; }")
    nav(page, "Leeg").click()
    page.get_by_text("Lege pagina.").wait_for()
    return (page.evaluate("() => Date.now()") - page.evaluate("() => window.__clickAt")) / 1000


def cold_start(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url + "leeg")
    page.get_by_text("Lege pagina.").wait_for(timeout=60_000)
    return time.perf_counter() - start


def run_component(
    browser, url: str, sizes: dict[str, int], rows: dict[str, Row]
) -> tuple[float, float]:
    """Phases 1–3 on the component server; returns the app's cold start and the median switch
    to the empty page (s), Streamlit's own share of a page switch."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked = block_external(context)
    page = context.new_page()
    app_cold = cold_start(page, url)
    rows["leeuwarden"].first = timed_click(
        page, nav(page, "Kaart"), sizes["leeuwarden"], rows["leeuwarden"], "leeuwarden 1e"
    )
    rows["leeuwarden"].notes.append("1e keer via paginawissel")
    for key in SETS[1:]:
        rows[key].first = timed_click(
            page, radio(page, LABELS[key]), sizes[key], rows[key], f"{key} 1e"
        )
    indicator = ["Afstand tot het midden (km)", "Oppervlakte (ha)"]
    empty_switches: list[float] = []
    shown = 0  # index of the indicator on screen
    for round_ in range(REPEATS):
        for key in SETS:
            row = rows[key]
            again = timed_click(page, radio(page, LABELS[key]), sizes[key], row, f"{key} opnieuw")
            row.again.append(again)
            before = map_stats(page)
            shown = 1 - shown
            row.indicator.append(
                timed_click(
                    page, radio(page, indicator[1 - shown]), sizes[key], row, f"{key} indicator"
                )
            )
            after = map_stats(page)
            if after["geometryFetches"] != before["geometryFetches"]:
                row.notes.append("FOUT: geometrie opnieuw gehaald bij indicatorwissel")
            if after["geometryBuilds"] != before["geometryBuilds"] or any(after["geometryInArgs"]):
                row.notes.append("FOUT: geometrie opnieuw verstuurd of opgebouwd")
            empty_switches.append(switch_to_empty(page))
            row.page_switch.append(
                timed_click(page, nav(page, "Kaart"), sizes[key], row, f"{key} paginawissel")
            )
            if round_ == 0 and map_stats(page).get("geometryFetches", 1) != 0:
                row.notes.append("paginawissel haalde de geometrie opnieuw op")
    context.close()
    for key in SETS:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        blocked_here = block_external(context)
        page = context.new_page()
        start = time.time()
        page.goto(f"{url}?set={key}")
        drawn_at = page.wait_for_function(
            DRAWN_AFTER, arg=[FRAME, 0, sizes[key]], timeout=60_000, polling=20
        ).json_value()
        rows[key].cold_page = drawn_at / 1000 - start
        blocked.extend(blocked_here)
        context.close()
    if blocked:
        print(f"Geblokkeerde verzoeken naar buiten (component): {sorted(set(blocked))}")
    return app_cold, statistics.median(empty_switches)


def run_naive(browser, url: str, sizes: dict[str, int], rows: dict[str, Row]) -> float:
    """Phase 4: cold page loads through folium + st_folium; returns that app's cold start."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked = block_external(context)
    page = context.new_page()
    app_cold = cold_start(page, url)
    context.close()
    for key in SETS:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        blocked_here = block_external(context)
        page = context.new_page()
        start = time.perf_counter()
        page.goto(f"{url}?set={key}")
        try:
            page.wait_for_function(
                """([sel, n]) => {
                    const f = document.querySelector(sel);
                    const d = f && f.contentDocument;
                    return d && d.querySelectorAll('path.leaflet-interactive').length >= n;
                }""",
                arg=[FOLIUM_FRAME, sizes[key]],
                timeout=NAIVE_TIMEOUT_S * 1000,
                polling=50,
            )
            rows[key].naive = time.perf_counter() - start
        except Exception:  # noqa: BLE001 - a timeout is a result here
            rows[key].notes.append(f"naïef: niet getekend binnen {NAIVE_TIMEOUT_S} s")
        blocked.extend(blocked_here)
        context.close()
    if blocked:
        print(f"Geblokkeerde verzoeken naar buiten (folium): {sorted(set(blocked))}")
    return app_cold


def median(values: list[float | None]) -> float | None:
    """Median of the measured values; ``None`` when any measurement failed."""
    if not values or any(v is None for v in values):
        return None
    return statistics.median(v for v in values if v is not None)


def fmt(value: float | None, goal: float | None = None) -> str:
    if value is None:
        return "–"
    mark = "" if goal is None else (" ok" if value < goal else " >doel")
    return f"{value:6.2f}{mark}"


def print_table(rows: dict[str, Row], colds: dict[str, float]) -> None:
    print()
    print("Kaarten: seconden van klik tot alle polygonen getekend (headless Chromium, offline)")
    print(
        f"App koude start (lege pagina, eerste keer): component-app {colds['component']:.2f} s, "
        f"folium-app {colds['folium']:.2f} s; wissel naar de lege pagina (Streamlit zelf, "
        f"mediaan): {colds['leeg']:.2f} s"
    )
    header = (
        f"{'gebied':<32}{'vlakken':>8}{'punten':>8}{'kB':>7}  {'doel':>5}  "
        f"{'gebied 1e':>10}{'gebied':>13}{'indicator':>13}{'pagina':>13}{'koud':>9}"
        f"{'naïef folium':>14}"
    )
    print(header)
    print("-" * len(header))
    for key in SETS:
        r, goal = rows[key], GOALS_S[key]
        print(
            f"{LABELS[key]:<32}{r.polygons:>8}{r.vertices:>8}{r.kilobytes:>7.0f}  {goal:>5.1f}  "
            f"{fmt(r.first):>10}{fmt(median(r.again), goal):>13}"
            f"{fmt(median(r.indicator), goal):>13}{fmt(median(r.page_switch), goal):>13}"
            f"{fmt(r.cold_page):>9}{fmt(r.naive):>14}"
        )
    print()
    print("gebied 1e: eerste keer dit gebied (server rekent de geometrie uit); gebied: opnieuw")
    print("(geometrie in cache); indicator: alleen kleuren, geen geometrie; pagina: naar 'Leeg'")
    print(f"en terug. Die drie: mediaan van {REPEATS} keer. koud: nieuwe browsercontext, pagina")
    print("laden (met de koude start van de app). naïef folium: folium GeoJson van de ruwe")
    print("polygonen via st_folium, pagina laden. punten/kB: grofste niveau (eerste bestand).")
    for key in SETS:
        r = rows[key]
        print(
            f"  {LABELS[key]}: alle metingen: gebied {_list(r.again)}, indicator "
            f"{_list(r.indicator)}, pagina {_list(r.page_switch)}"
        )
    for key in SETS:
        for note in rows[key].notes:
            print(f"  {LABELS[key]}: {note}")


def _list(values: list[float | None]) -> str:
    return "/".join("–" if v is None else f"{v:.2f}" for v in values)


def geometry_sizes(home: Path) -> dict[str, tuple[int, float]]:
    """Vertices and kB of the first geometry file per hash (for the table)."""
    import json

    out = {}
    for path in (home / "cache" / "areamap").glob("*.json"):
        if path.name.count(".") == 1:
            frame = json.loads(path.read_text())
            out[frame["codes"][0]] = (frame["levels"][0]["n_vertices"], path.stat().st_size / 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-naive", action="store_true", help="sla de folium-route over")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    frames = {key: data.load(key) for key in SETS}
    sizes = {key: len(gdf) for key, gdf in frames.items()}
    rows = {key: Row(polygons=sizes[key]) for key in SETS}
    with tempfile.TemporaryDirectory(prefix="areamap-bench-") as tmp:
        root = Path(tmp)
        app = root / "app" / "map_app.py"
        static = root / "app" / "static" / "leaflet"
        static.mkdir(parents=True)
        shutil.copy(REPO / "benchmarks" / "map_app.py", app)
        vendor = REPO / "transitieatlas" / "maps" / "frontend" / "vendor" / "leaflet"
        for name in ("leaflet.js", "leaflet.css"):
            shutil.copy(vendor / name, static / name)
        env = {"AREAMAP_SETS": ",".join(SETS), "AREAMAP_PRELOAD": "1"}
        colds = {"component": float("nan"), "folium": float("nan"), "leeg": float("nan")}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            home = root / "home-component"
            home.mkdir()
            with start_streamlit(app, home, env) as url:
                colds["component"], colds["leeg"] = run_component(browser, url, sizes, rows)
            by_first_code = geometry_sizes(home)
            for key, gdf in frames.items():
                vertices, kb = by_first_code.get(gdf["code"].iloc[0], (0, 0.0))
                rows[key].vertices, rows[key].kilobytes = vertices, kb
            if not args.skip_naive:
                home = root / "home-folium"
                home.mkdir()
                naive_env = {**env, "AREAMAP_MODE": "folium"}
                with start_streamlit(
                    app, home, naive_env, ["--server.enableStaticServing=true"]
                ) as url:
                    colds["folium"] = run_naive(browser, url, sizes, rows)
            browser.close()
    print_table(rows, colds)
    print(f"\nDuur van de benchmark: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
