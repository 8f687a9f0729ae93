"""``make bench`` (part): the Vraaggroepen page in headless Chromium, what a user waits for.

``benchmarks/segmentation.py`` measures the page's server work; this measures the whole way
from the user's action in the browser to the map showing the new state, in the real app
(``app.py``, ``streamlit run``, headless Debian Chromium, every request that would leave
127.0.0.1 blocked and counted).

Data: the same fresh store as the server bench (its ``seeded_store``: the real Doesburg BAG
GeoPackage, the real Delft Wippolder sample and the **made-up city of 51 765 panden that tiles
Doesburg's real footprints**, gemeente GM9999, labelled as such), at pand level.

Per area set, ``REPEATS`` rounds of four steps, each done as a user does it:

1. gebied: type the area code in the page's area field and press Enter (the map frame fetches
   the new geometry and draws; the first time the frame itself boots);
2. groep: in "Indeling aanpassen", edit the threshold of the rule "Eengezinswoningen vóór
   1945" (bouwjaar < 1945) in the rule table to another year and click "Toepassen";
3. filter: remove one group from "Groepen op de kaart" (the tag's remove button);
4. (not timed) put that group back, and wait until the map shows it again.

Every group change uses a year not used before (1930, 1929, …), chosen so that the map of that
area really changes; so no step is answered from Streamlit's caches of an earlier step. Only the
units of an area (``_units``) are cached after the first visit: "gebied 1e" is the first visit
(units built, geometry written), "gebied" the median of the later visits (units cached,
segmenting with the scheme in force, geometry files on disk, decoded geometry possibly still in
the browser tab).

What counts as "the map shows the new state": an area-map iframe (for an area change: one with
another geometry) whose legend rows are exactly the legend that ``segmentation.export.map_layer``
gives for that state (labels with counts, computed in this process before the browser run), and
which has drawn every style it received (``window.__areamap``: ``seq == styleApplies``), the last
draw after the action. Times (all epoch ms of this machine, taken in the page):

- totaal: the action (capturing ``click``/Enter ``keydown`` listener in the page) → the map's
  canvas frame with the new colours (``__areamap.drawnAt``, stamped in a ``requestAnimationFrame``
  after the draw);
- tot bericht: action → the render message reached the map iframe (``drawnAt − lastDrawMs``):
  the script run up to the map, the websocket and Streamlit's frontend, and after an area change
  the boot of a new map iframe (its start, ``__areamap.bootAt``, is printed when one booted);
  the bytes the page received over Streamlit's websocket per change are printed too;
- tekenen: render message → drawn (``__areamap.lastDrawMs``; after an area change this includes
  the new iframe's geometry fetch and decode);
- script klaar: action → the script run finished (the app's ``data-test-script-state``
  becomes ``notRunning`` for the last time; the table and widgets below the map come later than
  the map).

The frontend was not changed for this: it already stamps ``drawnAt`` and ``lastDrawMs``.
The table shows medians (wall-clock s; the machine is shared: the load average is printed at
the start and end). Goals (issue 10): 0.5 s for Doesburg and Delft, 1.0 s for the city.

Measured 2026-12-01 on 2 cores (totals in s, medians of 5, of 4 for "gebied"; the bench
itself, Chromium and the server keep the load average near 2):

==============  =========  ======  ==============  ======  =================================
set             gebied 1e  gebied  groep wijzigen  filter  main at / load average
==============  =========  ======  ==============  ======  =================================
Doesburg        3.90       1.34    1.34            0.58    668ae25 / 1.1 → 3.6
Delft           1.06       1.37    1.22            0.39
stad (51 765)   3.01       2.16    2.41            1.01
Doesburg        3.19       0.49    0.70            0.61    540c2fa / 3.2 → 4.5
Delft           0.85       0.57    0.35            0.45
stad (51 765)   2.29       1.31    1.51            0.76
Doesburg        0.53       0.36    0.35            0.28    35e31f6 / 1.2 → 2.0
Delft           0.51       0.46    0.34            0.24
stad (51 765)   0.67       0.77    0.87            0.53
==============  =========  ======  ==============  ======  =================================

At 668ae25 (tooltips already sent as a template: 67 kB per Doesburg change, 328 kB for the
city; before that 0.84 MB and 5.7 MB, city filter 2.5-3.6 s) a group change cost two script
runs ("Toepassen", then ``st.rerun``: the bytes received doubled, Delft 47 kB against 25 kB for
a filter) and every area change booted a new map iframe (its key held the area), which started
1.0-1.5 s after the Enter (city 1.4-2.4 s). 540c2fa keeps one map frame and applies the rule
table in a callback (one run). 35e31f6 adds: the app warms the first visit of every gemeente
with panden up in the background after its start (the bench waits for that, about 13 s, and
prints it), the page opens on an area with data (so the map frame boots with the page), and a
rerun no longer reads all panden to choose the default area (0.12 s per rerun for the city).
Single runs still spread: at 35e31f6 the slowest of 5 were Doesburg 0.52 (groep), Delft 0.54
(gebied), city 1.02 (groep).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# The server bench seeds the store (and points TRANSITIEATLAS_HOME at a fresh folder on import).
from benchmarks import segmentation as server_bench  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_FLAGS,
    block_external,
    choose,
    settle,
    start_streamlit,
)
from transitieatlas import config, segmentation  # noqa: E402
from transitieatlas.segmentation import export  # noqa: E402
from transitieatlas.segmentation.scheme import ROW_COLUMNS, scheme_to_rows  # noqa: E402

REPEATS = 5
STEP_TIMEOUT_S = 180
"""Budget for one state to appear (a cold area change of the city under heavy load)."""
CELL_TRY_MS = 5_000
"""How long one try waits for the rule table's cell editor to open (see :func:`open_cell`)."""
FRAME = 'iframe[title="transitieatlas.maps.component.areamap"]'
AREA_LABEL = "Gebied (gemeentecode, buurtcode of naam van een opgeslagen gebied)"
EDITOR_TITLE = "Indeling aanpassen (regels en drempels)"
FILTER_LABEL = "Groepen op de kaart"
GROUP = "voor_1945"
"""The rule whose threshold the group change edits (bouwjaar < 1945, as the server bench)."""
YEARS = [*range(1930, 1899, -1), *range(1931, 1945)]
"""Candidate thresholds for the group changes, in the order tried."""

ACTION_LISTENER = """() => {
    if (window.__vgBench) return;
    const bench = (window.__vgBench = {actionAt: null, runs: []});
    const note = () => { if (bench.actionAt === null) bench.actionAt = Date.now(); };
    document.addEventListener('click', note, true);
    document.addEventListener('keydown', (e) => { if (e.key === 'Enter') note(); }, true);
    const app = document.querySelector("[data-testid='stApp']");
    new MutationObserver(() => {
        bench.runs.push([app.getAttribute('data-test-script-state'), Date.now()]);
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
RESET = "() => { window.__vgBench.actionAt = null; }"
RAN_SINCE = "(t) => window.__vgBench.runs.some(([state, at]) => state === 'notRunning' && at >= t)"
LEGENDS = f"""() => [...document.querySelectorAll('{FRAME}')].map((f) =>
    [...f.contentDocument.querySelectorAll('.areamap-legend-row')].map((e) => e.textContent))"""
SHOWN = """([sel, legend, oldHash]) => {
    const since = window.__vgBench.actionAt;
    if (since === null) return false;
    for (const f of document.querySelectorAll(sel)) {
        const a = f.contentWindow && f.contentWindow.__areamap;
        if (!a || !a.drawnAt || a.drawnAt < since || a.seq !== a.styleApplies) continue;
        if (oldHash !== null && a.geometryHash === oldHash) continue;
        const rows = [...f.contentDocument.querySelectorAll('.areamap-legend-row')]
            .map((e) => e.textContent);
        if (rows.length === legend.length && rows.every((r, i) => r === legend[i])) {
            return {actionAt: since, drawnAt: a.drawnAt, drawMs: a.lastDrawMs, drawn: a.drawn,
                    hash: a.geometryHash, bootAt: a.bootAt};
        }
    }
    return false;
}"""


WIRE = {"received": 0, "at_action": 0}
"""Bytes the page received over Streamlit's websocket: in all, and when the last action began."""


def count_frames(page: Any) -> None:
    """Count the bytes of every websocket frame the page receives (into ``WIRE``)."""

    def on_socket(socket: Any) -> None:
        def on_frame(payload: bytes | str) -> None:
            WIRE["received"] += len(payload)

        socket.on("framereceived", on_frame)

    page.on("websocket", on_socket)


def start_action(page: Any) -> None:
    """Forget the last action: the next click or Enter in the page is the one timed."""
    page.evaluate(RESET)
    WIRE["at_action"] = WIRE["received"]


class BenchError(RuntimeError):
    """The app or the map did not reach a state: the benchmark stops with this message."""


@dataclass
class Step:
    """One user action and the map state it must lead to."""

    area: str
    kind: str  # "gebied", "groep", "filter" or "terug" (filter undone, not timed)
    year: int  # threshold of the voor_1945 rule in force after the step
    hidden: str | None  # group removed from the map after the step
    legend: list[str]  # legend labels (with counts) the map shows after the step
    panden: int


@dataclass
class Timing:
    """Seconds of one measured step (see the module docstring)."""

    total: float
    message: float  # action → the render message reached the map iframe
    draw: float
    script: float | None
    boot: float | None  # action → a new map iframe started (area change only)
    drawn: int
    kilobytes: float  # received over the websocket from the action until the run settled


@dataclass
class Row:
    """Timings of one area set."""

    first: Timing | None = None
    steps: dict[str, list[Timing]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def legend_of(built: Any, year: int, hidden: str | None) -> tuple[list[str], int]:
    """Legend labels (with counts) and pand count of the map for threshold ``year``."""
    scheme = server_bench.changed_scheme(year)
    result = segmentation.apply_scheme(built, scheme)
    shown = [g for g, _ in scheme.groups if g != hidden]
    shapes, _, _, legend = export.map_layer(result.units, None, scheme, "pand", shown)
    return [label for _, label in legend], len(shapes)


def plan(store: Any, repeats: int) -> list[Step]:
    """The steps of all rounds with their expected map states (computed before timing)."""
    built = {area: segmentation.build_units(store, area, "pand") for area in server_bench.SETS}
    labels = dict(segmentation.default_scheme().groups)
    year, used, steps = 1945, {1945}, []
    for _ in range(repeats):
        for area in server_bench.SETS:
            legend, n = legend_of(built[area], year, None)
            steps.append(Step(area, "gebied", year, None, legend, n))
            year = next((y for y in YEARS if y not in used and
                         legend_of(built[area], y, None)[0] != legend), 0)  # fmt: skip
            if not year:
                raise BenchError(f"{area}: geen drempeljaar meer dat de kaart verandert")
            used.add(year)
            legend, n = legend_of(built[area], year, None)
            steps.append(Step(area, "groep", year, None, legend, n))
            hidden = next(g for g in labels if legend[0].startswith(labels[g] + " ("))
            filtered, n = legend_of(built[area], year, hidden)
            steps.append(Step(area, "filter", year, hidden, filtered, n))
            steps.append(Step(area, "terug", year, None, legend, n))
    return steps


def editor_cell() -> int:
    """Row of the rule table that holds the threshold the group change edits."""
    rows = scheme_to_rows(segmentation.default_scheme())
    if ROW_COLUMNS[-1] != "waarde":
        raise BenchError("the rule table's last column is no longer 'waarde'")
    return next(i for i, r in enumerate(rows) if r["groep"] == GROUP and r["kenmerk"] == "bouwjaar")


def wait_shown(page: Any, step: Step, old_hash: str | None) -> dict[str, Any]:
    """Wait until the map shows ``step``'s state; its timestamps (epoch ms)."""
    handle = page.wait_for_function(
        SHOWN, arg=[FRAME, step.legend, old_hash], timeout=STEP_TIMEOUT_S * 1000, polling=20
    )
    return handle.json_value()


def failed(page: Any, step: Step, err: Exception) -> BenchError:
    """A loud, explained failure of ``step``, with a screenshot of the page."""
    shot = Path(tempfile.mkdtemp(prefix="vg-bench-fail-")) / "page.png"
    shown: Any = "?"
    with contextlib.suppress(Exception):
        page.screenshot(path=str(shot))
        shown = page.evaluate(LEGENDS)
    return BenchError(
        f"De kaart kwam niet in de nieuwe stand / the map did not reach the new state "
        f"({step.area}, {step.kind}, drempel {step.year}; verwachte legenda {step.legend}; "
        f"getoond {shown}): {type(err).__name__}: "
        f"{str(err).splitlines()[0] if str(err) else ''}; schermafdruk {shot}"
    )


def timing(page: Any, shown: dict[str, Any]) -> Timing:
    """Turn the page's stamps into seconds; the script end is read after the run settled."""
    settle(page)
    runs = page.evaluate("() => window.__vgBench.runs")
    ends = [t for state, t in runs if state == "notRunning" and t >= shown["actionAt"]]
    action = shown["actionAt"]
    return Timing(
        total=(shown["drawnAt"] - action) / 1000,
        message=(shown["drawnAt"] - shown["drawMs"] - action) / 1000,
        draw=shown["drawMs"] / 1000,
        script=(max(ends) - action) / 1000 if ends else None,
        boot=(shown["bootAt"] - action) / 1000 if shown["bootAt"] >= action else None,
        drawn=int(shown["drawn"]),
        kilobytes=(WIRE["received"] - WIRE["at_action"]) / 1024,
    )


def change_area(page: Any, step: Step, old_hash: str | None) -> dict[str, Any]:
    box = page.get_by_label(AREA_LABEL)
    box.fill(step.area)
    start_action(page)
    box.press("Enter")
    return wait_shown(page, step, old_hash)


def change_threshold(page: Any, step: Step, old_year: int, row: int) -> dict[str, Any]:
    """Edit the threshold in the rule table (keyboard, as a user can), then "Toepassen"."""
    expander = page.locator("[data-testid='stExpander']").filter(has_text=EDITOR_TITLE)
    editor = expander.locator("[data-testid='stDataFrame']")
    if not editor.is_visible():
        expander.get_by_text(EDITOR_TITLE).click()
        settle(page)
    cell = open_cell(page, editor, row, str(old_year))
    cell.fill(str(step.year))
    edited_at = page.evaluate("() => Date.now()")
    cell.press("Enter")
    cell.wait_for(state="hidden")
    # The edit reruns the script (the map does not change yet). Wait for that run to finish:
    # settle alone can look before it starts, and "Toepassen" would then apply the old table.
    page.wait_for_function(RAN_SINCE, arg=edited_at, timeout=STEP_TIMEOUT_S * 1000)
    settle(page)
    button = page.get_by_role("button", name="Toepassen", exact=True)
    start_action(page)
    button.click()
    return wait_shown(page, step, None)


def open_cell(page: Any, editor: Any, row: int, value: str) -> Any:
    """Open the cell editor on the last column of ``row``; its text field (holding ``value``).

    A user clicks a cell, goes to the first cell (Ctrl+Home), right to the last column, down
    to the row and presses Enter. A click can go unheard while the grid is still being laid
    out after a rerun (then the keys scroll the page instead); so the steps are repeated until
    the cell's editor opens on ``value`` (a state), within ``STEP_TIMEOUT_S``.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    field = page.locator("textarea.gdg-input")
    deadline = time.monotonic() + STEP_TIMEOUT_S
    while True:
        box = editor.bounding_box()
        # A cell of column "regel" (Playwright scrolls it into view and waits until it is still).
        editor.click(position={"x": 100, "y": box["height"] / 2})
        page.keyboard.press("Control+Home")
        for _ in ROW_COLUMNS:
            page.keyboard.press("ArrowRight")  # to the last column ("waarde"); stops there
        for _ in range(row):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        try:
            field.wait_for(timeout=CELL_TRY_MS)
            found = field.input_value()
        except PlaywrightTimeout:
            found = None
        if found == value:
            return field
        if found is not None:
            page.keyboard.press("Escape")  # another cell's editor: leave it unchanged
        if time.monotonic() > deadline:
            raise BenchError(
                f"regeltabel: de drempel {value} kwam niet onder de cursor (laatst {found!r}) / "
                "the rule table's threshold cell could not be opened"
            )


def hide_group(page: Any, step: Step, label: str) -> dict[str, Any]:
    remove = page.get_by_role("button", name=f"Remove {label}", exact=True)
    remove.scroll_into_view_if_needed()
    start_action(page)
    remove.click()
    return wait_shown(page, step, None)


def show_group(page: Any, step: Step, label: str) -> None:
    start_action(page)
    choose(page, FILTER_LABEL, label)
    wait_shown(page, step, None)
    settle(page)


WARM_UP_FILE = re.compile(r"^[0-9a-f]{16}\.json$")


def wait_warm_up(home: Path, areas: int, started: float) -> float:
    """Seconds from the server's start until its warm-up wrote the geometry of ``areas``
    gemeenten (``pages/_vg_cache.start_warm_up``: one ``<hash>.json`` per gemeente, in the
    fresh home's map cache); a presenter opens the app before the evening, so the steps start
    after it. Raises :class:`BenchError` when it does not finish within the step budget."""
    folder = home / "cache" / "areamap"
    deadline = time.monotonic() + STEP_TIMEOUT_S
    while time.monotonic() < deadline:
        found = [f for f in folder.glob("*.json") if WARM_UP_FILE.match(f.name)]
        if len(found) >= areas:
            return time.perf_counter() - started
        time.sleep(0.1)
    raise BenchError("De app warmde niet op / the warm-up did not finish")


def run(
    page: Any, url: str, steps: list[Step], rows: dict[str, Row], warm: Callable[[], float]
) -> float:
    """Open the page, wait for the warm-up (``warm``, returns its seconds) and do every step in
    order, filling ``rows``; returns the warm-up's seconds."""
    count_frames(page)
    page.goto(url + "vraaggroepen")
    try:
        page.get_by_role("heading", name="Vraaggroepen", exact=True, level=1).wait_for(
            timeout=STEP_TIMEOUT_S * 1000
        )
    except Exception as err:
        raise BenchError(
            "De pagina Vraaggroepen verscheen niet / the Vraaggroepen page did not open"
        ) from err
    settle(page)
    warmed = warm()
    page.evaluate(ACTION_LISTENER)
    labels = dict(segmentation.default_scheme().groups)
    cell_row = editor_cell()
    year, old_hash, hidden_label = 1945, None, ""
    for step in steps:
        row = rows[step.area]
        print(f"  {step.area} {step.kind} {step.year} …", file=sys.stderr, flush=True)
        try:
            if step.kind == "gebied":
                shown = change_area(page, step, old_hash)
                old_hash = shown["hash"]
            elif step.kind == "groep":
                shown = change_threshold(page, step, year, cell_row)
                year = step.year
            elif step.kind == "filter":
                hidden_label = labels[step.hidden or ""]
                shown = hide_group(page, step, hidden_label)
            else:
                show_group(page, step, hidden_label)
                continue
            measured = timing(page, shown)
        except BenchError:
            raise
        except Exception as err:  # noqa: BLE001 - any failure ends the run with its reason
            raise failed(page, step, err) from err
        if measured.drawn != step.panden:
            row.notes.append(f"{step.kind}: {measured.drawn} van {step.panden} panden getekend")
        if step.kind == "gebied" and row.first is None:
            row.first = measured
        else:
            row.steps.setdefault(step.kind, []).append(measured)
    return warmed


def median_of(times: list[Timing], attr: str) -> float | None:
    values = [getattr(t, attr) for t in times if getattr(t, attr) is not None]
    return statistics.median(values) if values else None


def cell(times: list[Timing], goal: float | None) -> str:
    """``totaal (tot bericht + tekenen) [script klaar]`` as medians, marked against the goal."""
    if not times:
        return "–"
    total, message, draw = (median_of(times, a) for a in ("total", "message", "draw"))
    script = median_of(times, "script")
    mark = "" if goal is None else (" ok" if total < goal else " >doel")
    tail = f" [{script:.2f}]" if script is not None else ""
    return f"{total:.2f}{mark} ({message:.2f}+{draw:.2f}){tail}"


def print_table(rows: dict[str, Row], repeats: int, loads: list[tuple[float, ...]]) -> None:
    print()
    print(
        "Vraaggroepen in de browser: seconden van klik/Enter tot de kaart de nieuwe kleuren "
        f"toont (headless Chromium, offline); mediaan van {repeats - 1} (gebied) of {repeats} "
        "(groep, filter)"
    )
    print("cel: totaal doel-oordeel (tot bericht + tekenen) [script klaar]")
    names = ("gebied 1e", "gebied", "groep wijzigen", "filter")
    print(f"{'set':46} {'doel':>5}  " + "  ".join(f"{n:<30}" for n in names))
    for area, (label, goal) in server_bench.SETS.items():
        r = rows[area]
        first = [r.first] if r.first else []
        cells = [cell(first, None), cell(r.steps.get("gebied", []), goal),
                 cell(r.steps.get("groep", []), goal), cell(r.steps.get("filter", []), goal)]  # fmt: skip
        print(f"{label:46} {goal:>5.1f}  " + "  ".join(f"{c:<30}" for c in cells))
    print()
    print("totaal: actie → kaart getekend met de nieuwe kleuren; tot bericht: actie → het bericht")
    print("bereikt de kaart (scriptrun tot de kaart, websocket, Streamlit, bij een gebiedswissel")
    print("ook het starten van de nieuwe kaart-iframe); tekenen: bericht →")
    print(
        "getekend (na een gebiedswissel met ophalen en uitpakken van de geometrie); script klaar:"
    )
    print("actie → de hele scriptrun klaar (tabel en knoppen onder de kaart komen later).")
    print("gebied 1e: eerste bezoek (panden laden en indelen); gebied: later bezoek (panden in")
    print("cache, indelen met de drempel van dat moment). groep: één drempel van 'vóór 1945' in de")
    print("regeltabel gewijzigd + Toepassen (elke keer een nieuw jaar). filter: één groep uit")
    print("'Groepen op de kaart' gehaald.")
    for area, (label, _) in server_bench.SETS.items():
        r = rows[area]
        detail = "; ".join(
            f"{kind} " + "/".join(f"{t.total:.2f}" for t in times)
            for kind, times in r.steps.items()
        )
        print(f"  {label}: alle metingen (totaal): {detail}")
        wire = "; ".join(
            f"{kind} {statistics.median(t.kilobytes for t in times):.0f} kB"
            for kind, times in r.steps.items()
        )
        print(f"  {label}: over de websocket ontvangen per wijziging (mediaan): {wire}")
        visits = ([r.first] if r.first else []) + r.steps.get("gebied", [])
        boots = [f"{t.boot:.2f}" for t in visits if t.boot is not None]
        if boots:
            print(f"  {label}: gebied: nieuwe kaart-iframe gestart na {'/'.join(boots)} s")
        for note in sorted(set(r.notes)):
            print(f"  {label}: {note}")
    start, end = loads
    print(
        "Belasting (load average 1/5/15 min): begin "
        + "/".join(f"{x:.1f}" for x in start)
        + ", eind "
        + "/".join(f"{x:.1f}" for x in end)
        + f" op {os.cpu_count()} kernen"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--herhalingen", type=int, default=REPEATS, help="rondes per set (≥ 2)")
    args = parser.parse_args(argv)
    repeats = max(2, args.herhalingen)
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    loads = [os.getloadavg()]
    store = server_bench.seeded_store()
    steps = plan(store, repeats)
    rows = {area: Row() for area in server_bench.SETS}
    home = config.home()
    blocked: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            server_start = time.perf_counter()
            with start_streamlit(REPO / "app.py", home) as url:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                blocked = block_external(context)
                count = len(segmentation.gemeenten_with_panden(store))
                warmed = run(
                    context.new_page(), url, steps, rows,
                    lambda: wait_warm_up(home, count, server_start),
                )  # fmt: skip
                context.close()
        except RuntimeError as err:
            if not isinstance(err, BenchError):
                err = BenchError(f"De app startte niet / the app did not start: {err}")
            print(f"FOUT: {err}", file=sys.stderr)
            return 1
        finally:
            browser.close()
    loads.append(os.getloadavg())
    print_table(rows, repeats, loads)
    print(
        f"Opwarmen: {warmed:.1f} s na het starten van de server had de app de kaarten van "
        f"{count} gemeenten met panden klaar (in de achtergrond); de stappen begonnen daarna."
    )
    if blocked:
        print(f"Geblokkeerde verzoeken naar buiten: {sorted(set(blocked))}")
    print(f"\nDuur van de benchmark: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
