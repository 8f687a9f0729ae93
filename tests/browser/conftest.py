"""Shared fixtures for browser tests: a real Streamlit server and an offline-checked page.

Usage in a test module::

    def test_something(streamlit_server, page, blocked_requests):
        url = streamlit_server("app.py")                   # started once per module
        page.goto(url)
        ...
        assert blocked_requests == []                      # nothing left 127.0.0.1

- ``streamlit_server(script, env=None, args=())`` starts ``streamlit run <script>`` on a free
  port on 127.0.0.1 with its own temporary ``TRANSITIEATLAS_HOME`` (override through ``env``),
  waits for ``/_stcore/health`` and returns the base URL (``http://127.0.0.1:<port>/``). The
  same (script, env, args) is started once per test module and stopped at its end. ``script``
  is relative to the repository root; the repository is on ``PYTHONPATH`` so scripts can import
  ``benchmarks`` and ``tests`` helpers. Usage statistics are switched off (otherwise Streamlit's
  page asks data.streamlit.io for a metrics config).
- ``browser_type_launch_args``: Debian's /usr/bin/chromium with flags that keep it quiet and
  offline (Playwright's own browser download cannot work here).
- ``blocked_requests``: installs :func:`block_external` on the ``page`` fixture's context and
  returns the list of URLs it refused (requests to anything but 127.0.0.1/localhost or
  ``data:``/``blob:`` URLs).
- :func:`start_streamlit` is the plain context manager behind the fixture, for scripts such as
  the benchmark.
- On a failing browser test, :func:`save_diagnostics` keeps what is needed to find the cause:
  a screenshot, the HTML and the state of every frame (the area map's ``window.__areamap``
  counters) of every open page (also a second context such as a voter's phone),
  the browser console of the ``page`` fixture, the log (stdout and stderr) of every Streamlit
  server that is running, and the load average. The folder is printed with the failure
  (section "browser diagnostics"); it lies under ``browser-failures/`` in the checkout
  (ignored by git), kept across sessions.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
BROWSER_DIR = Path(__file__).resolve().parent
STATE_TIMEOUT_MS = 60_000
"""Budget for one state (an element, a finished rerun, a drawn map) to appear on a busy 2-core
machine; tests wait for states, never for time. Set once here for every ``expect``: the option
is global, so modules that each set their own made the budget depend on import order."""
RUNNING_LOGS: list[Path] = []
"""Logs of the Streamlit servers that run right now (copied when a test fails)."""
CONSOLE_KEY = pytest.StashKey[list[str]]()
"""Where a browser test keeps the console lines of its ``page`` (see :func:`_console_log`)."""
expect.set_options(timeout=STATE_TIMEOUT_MS)
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # browser tests import the demo apps under benchmarks/


def pytest_collection_modifyitems(items) -> None:
    """Mark every test under tests/browser with ``browser`` (``-m "not browser"`` skips them)."""
    for item in items:
        if is_browser_test(item):
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout_s: float = 60.0) -> None:
    """Wait until Streamlit's ``/_stcore/health`` answers ``ok``; fail with its log if it died."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit stopped with exit code {proc.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url + "_stcore/health", timeout=2) as resp,
        ):
            if resp.read().strip() == b"ok":
                return
        time.sleep(0.2)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout_s} s")


@contextlib.contextmanager
def start_streamlit(
    script: str | Path,
    home: Path,
    env: Mapping[str, str] | None = None,
    args: Sequence[str] = (),
    log: Path | None = None,
) -> Iterator[str]:
    """Run ``streamlit run script`` headless on 127.0.0.1; yield its base URL; stop it after."""
    port = free_port()
    full_env = {
        **os.environ,
        "TRANSITIEATLAS_HOME": str(home),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        **(env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        *args,
    ]
    log_path = log or home / "streamlit.log"
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen(
            command, cwd=REPO, env=full_env, stdout=log_file, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}/"
        RUNNING_LOGS.append(log_path)
        try:
            try:
                wait_healthy(url, proc)
            except (RuntimeError, TimeoutError) as err:
                raise RuntimeError(f"{err}\n{log_path.read_text(errors='replace')}") from err
            yield url
        finally:
            RUNNING_LOGS.remove(log_path)
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def is_browser_test(item) -> bool:
    return BROWSER_DIR in Path(str(item.fspath)).resolve().parents


@pytest.fixture(autouse=True)
def _console_log(request) -> Iterator[list[str]]:
    """Record the browser console of the ``page`` fixture (kept for failure diagnostics)."""
    lines: list[str] = []
    if "page" in request.fixturenames and is_browser_test(request.node):
        page = request.getfixturevalue("page")
        page.on("console", lambda msg: lines.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda err: lines.append(f"pageerror: {err}"))
    request.node.stash[CONSOLE_KEY] = lines
    yield lines


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failing browser test, save its diagnostics and print where they are."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when in {"setup", "call"} and is_browser_test(item):
        folder = save_diagnostics(item, str(report.longrepr))
        report.sections.append(("browser diagnostics", f"saved in {folder}"))


def save_diagnostics(item, failure: str) -> Path:
    """Screenshot + HTML of every open page, console, Streamlit logs and load; returns the folder."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", item.nodeid).strip("-")
    # Not under pytest-playwright's --output folder: that one is emptied when a session starts,
    # which lost the evidence of a failure in one run of a loop.
    folder = (item.config.rootpath / "browser-failures" / f"{slug}-{stamp}").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    (folder / "failure.txt").write_text(f"{stamp} UTC, load average {load}\n\n{failure}\n")
    (folder / "console.txt").write_text("\n".join(item.stash.get(CONSOLE_KEY, [])) + "\n")
    for n, log in enumerate(RUNNING_LOGS):
        with contextlib.suppress(OSError):
            shutil.copyfile(log, folder / f"streamlit-{n}.log")
    browser = getattr(item, "funcargs", {}).get("browser")  # also set up for ``page``
    if browser is not None:
        with contextlib.suppress(Exception):
            for c, context in enumerate(browser.contexts):
                for p, open_page in enumerate(context.pages):
                    save_page(open_page, folder / f"context{c}-page{p}")
    return folder


def save_page(page, stem: Path) -> None:
    """Save the URL, HTML and a full-page screenshot of one page (each best effort)."""
    with contextlib.suppress(Exception):
        stem.with_suffix(".url").write_text(page.url + "\n")
    with contextlib.suppress(Exception):
        stem.with_suffix(".html").write_text(page.content())
    with contextlib.suppress(Exception):
        page.screenshot(path=str(stem.with_suffix(".png")), full_page=True, timeout=30_000)
    with contextlib.suppress(Exception):
        stem.with_suffix(".frames.txt").write_text("".join(map(describe_frame, page.frames)))


FRAME_STATE = """() => JSON.stringify({
    areamap: window.__areamap || null,
    text: document.body ? document.body.innerText.slice(0, 2000) : null,
})"""


def describe_frame(frame) -> str:
    """URL and state of one (i)frame: the area map's counters and the visible text."""
    try:
        state = frame.evaluate(FRAME_STATE)
    except Exception as err:  # a detached or crashed frame still gets its URL written
        state = f"(not readable: {err})"
    return f"--- {frame.url}\n{state}\n"


@pytest.fixture(scope="module")
def streamlit_server(tmp_path_factory):
    """Factory: ``streamlit_server(script, env=None, args=())`` → base URL (once per module)."""
    servers: dict[tuple, str] = {}
    with contextlib.ExitStack() as stack:

        def start(
            script: str | Path, env: Mapping[str, str] | None = None, args: Sequence[str] = ()
        ) -> str:
            key = (str(script), tuple(sorted((env or {}).items())), tuple(args))
            if key not in servers:
                home = tmp_path_factory.mktemp("streamlit-home")
                servers[key] = stack.enter_context(start_streamlit(script, home, env, args))
            return servers[key]

        yield start


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's chromium with the offline, quiet flags."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_FLAGS],
    }


def is_local(url: str) -> bool:
    """True for requests that stay on this machine (127.0.0.1, localhost, data:, blob:)."""
    parsed = urlparse(url)
    return parsed.scheme in {"data", "blob", "about"} or parsed.hostname in LOCAL_HOSTS


def block_external(context) -> list[str]:
    """Abort every request of a Playwright browser context that would leave the machine.

    Returns the (live) list of blocked URLs, so a test can assert that none was attempted.
    """
    blocked: list[str] = []

    def handle(route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handle)
    return blocked


@pytest.fixture
def blocked_requests(page) -> list[str]:
    """URLs the ``page`` tried to reach outside 127.0.0.1 (all of them were refused)."""
    return block_external(page.context)


def wait_for_drawn(
    page, n: int, timeout_ms: int = STATE_TIMEOUT_MS, *, at_least: bool = False
) -> None:
    """Wait until an area map on ``page`` has drawn ``n`` polygons (``at_least``: ``n`` or more).

    The map component reports its state in ``window.__areamap`` of its iframe (``drawn`` is
    the number of polygons on the map); any area-map iframe on the page counts. Raises
    Playwright's ``TimeoutError`` after ``timeout_ms`` milliseconds.
    """
    page.wait_for_function(
        """([sel, n, atLeast]) => [...document.querySelectorAll(sel)].some((f) => {
            const a = f.contentWindow && f.contentWindow.__areamap;
            return Boolean(a) && (atLeast ? a.drawn >= n : a.drawn === n);
        })""",
        arg=[AREAMAP_FRAME, n, at_least],
        timeout=timeout_ms,
    )


def settle(page) -> None:
    """Wait until Streamlit has finished the current rerun (states only, never time).

    The app is connected, runs no script, shows no running icon and no stale element
    (Streamlit marks the previous run's elements ``data-stale`` during a rerun).
    """
    app = page.locator("[data-testid='stApp']")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    # Not "initial": right after a page load that is the state before the first run, and a
    # click during that first run was lost once (a login under load never submitted).
    expect(app).to_have_attribute("data-test-script-state", "notRunning")
    expect(page.locator("[data-testid='stStatusWidgetRunningIcon']")).to_have_count(0)
    expect(page.locator("[data-stale='true']")).to_have_count(0)


def login(page, name: str, password: str) -> None:
    """Log in through the sidebar's login form (one login for the whole app) and settle."""
    settle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Inloggen (presidium en redactie)").click()
    sidebar.get_by_label("Naam").fill(name)
    sidebar.get_by_label("Wachtwoord").fill(password)
    sidebar.get_by_role("button", name="Inloggen").click()
    expect(sidebar.get_by_text(f"Ingelogd als {name}")).to_be_visible()
    settle(page)


OPTION_TRY_MS = 5_000


def choose(page, label: str, option: str, budget_ms: int = STATE_TIMEOUT_MS) -> None:
    """Pick ``option`` in the selectbox or multiselect labelled ``label`` by typing, as a user does.

    A widget's options can depend on an earlier choice whose rerun has not started yet when
    :func:`settle` looks (it then sees the old, finished run); that rerun may replace this
    widget while we type, which closes its list. So the user's steps are repeated until the
    option is offered (a state), within ``budget_ms``; a missing option still fails.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator("[data-testid='stSelectbox'], [data-testid='stMultiSelect']").filter(
        has=page.get_by_text(label, exact=True)
    )
    deadline = time.monotonic() + budget_ms / 1000
    while True:
        settle(page)
        field = box.first.locator("input")
        field.click()
        field.fill("")  # an earlier try may have left its text
        field.press_sequentially(option)
        offered = page.get_by_role("option").filter(has_text=option).first
        try:
            offered.wait_for(state="visible", timeout=OPTION_TRY_MS)
            break
        except PlaywrightTimeout:
            field.press("Escape")
            if time.monotonic() > deadline:
                expect(offered).to_be_visible(timeout=1)  # fails with Playwright's own report
    field.press("Enter")
    if box.first.get_attribute("data-testid") == "stMultiSelect":
        field.press("Escape")  # a multiselect keeps its list open over the widgets below
    settle(page)


AREAMAP_FRAME = 'iframe[title="transitieatlas.maps.component.areamap"]'


def map_stats(page) -> dict:
    """The area map's state (``window.__areamap`` of its frame: counters, last draw, …)."""
    frame = next(f for f in page.frames if "areamap/index.html" in f.url)
    return frame.evaluate("() => JSON.parse(JSON.stringify(window.__areamap))")


def map_point(page, lat: float, lon: float) -> tuple[float, float]:
    """Page coordinates of a WGS84 point on the area map, the map scrolled into view first
    (elements above it can push it below the window, where a mouse event reaches nothing)."""
    page.locator(AREAMAP_FRAME).scroll_into_view_if_needed()
    frame = next(f for f in page.frames if "areamap/index.html" in f.url)
    point = frame.evaluate(
        "([lat, lon]) => window.__areamap.map.latLngToContainerPoint([lat, lon])", [lat, lon]
    )
    box = page.locator(AREAMAP_FRAME).bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def canvas_pixel(page, x: float, y: float) -> tuple[int, int, int]:
    """The colour the canvas renderer painted at page point (x, y)."""
    frame = next(f for f in page.frames if "areamap/index.html" in f.url)
    box = page.locator(AREAMAP_FRAME).bounding_box()
    return tuple(
        frame.evaluate(
            """([x, y]) => {
                const c = document.querySelector('canvas.areamap-base');
                const r = c.getBoundingClientRect();
                const k = c.width / r.width;
                const d = c.getContext('2d')
                    .getImageData(Math.round((x - r.left) * k), Math.round((y - r.top) * k), 1, 1).data;
                return [d[0], d[1], d[2]];
            }""",
            [x - box["x"], y - box["y"]],
        )
    )
