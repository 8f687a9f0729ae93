"""``transitieatlas check --offline``: can the evening run with the network cable pulled?

Checks, each giving one Dutch checklist line (and a fix when it fails):

1. the map assets the app serves itself are present (vendored Leaflet and its images);
2. Streamlit will not phone home: the settings in the package's
   ``data/streamlit_offline.toml`` (``gatherUsageStats = false``) are what Streamlit will use,
   read the way Streamlit reads them (:func:`streamlit_setting`), so the check works from an
   installed package as well as from the checkout;
3. every screen of the presentation renders from the local store and database while every
   connection to another machine is refused (:func:`no_network`), i.e. its data are present;
4. the exported presentation references nothing outside the file (fonts, scripts, styles,
   images, tiles).
"""

from __future__ import annotations

import contextlib
import socket
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transitieatlas import config
from transitieatlas.errors import TransitieatlasError
from transitieatlas.evening import deck, offline, screens
from transitieatlas.evening.mapexport import LEAFLET_DIR
from transitieatlas.evening.presentations import PresentationInfo
from transitieatlas.store.opendata import Store

LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/marker-icon.png")
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@dataclass(frozen=True)
class Check:
    """One line of the checklist: what was checked, ok or not, and how to fix it."""

    what: str
    ok: bool
    fix: str = ""

    def line(self) -> str:
        """``[ok] …`` or ``[PROBLEEM] … → oplossing: …`` (Dutch)."""
        if self.ok:
            return f"[ok]       {self.what}"
        return f"[PROBLEEM] {self.what}\n           → oplossing: {self.fix}"


class NetworkBlocked(OSError):
    """Raised when code tries to reach another machine during the offline check."""


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Refuse every socket connection except to this machine (loopback) inside the block."""
    real = socket.socket.connect

    def guarded(sock: socket.socket, address) -> None:  # type: ignore[no-untyped-def]
        host = address[0] if isinstance(address, tuple) else None
        if sock.family in (socket.AF_INET, socket.AF_INET6) and host not in LOOPBACK:
            raise NetworkBlocked(f"geen netwerk tijdens de controle: verbinding met {host}")
        return real(sock, address)

    socket.socket.connect = guarded  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        socket.socket.connect = real  # type: ignore[method-assign]


def check_assets() -> list[Check]:
    """The vendored Leaflet files the maps need."""
    missing = [f for f in LEAFLET_FILES if not (LEAFLET_DIR / f).is_file()]
    return [
        Check(
            "kaartbestanden (Leaflet) staan in de app zelf",
            not missing,
            f"ontbrekend: {', '.join(missing)}; installeer de Transitieatlas opnieuw "
            "(pip install -e .) of zie transitieatlas/maps/frontend/vendor/README.md",
        )
    ]


OFFLINE_SETTINGS = "streamlit_offline.toml"
"""The Streamlit settings the app needs offline, in the package's reference folder."""
FALSE_TEXTS = {"false", "0", "no", "n", "f", "off"}
TRUE_TEXTS = {"true", "1", "yes", "y", "t", "on"}


def required_settings() -> dict[str, Any]:
    """``section.option`` → required value, from ``data/streamlit_offline.toml``.

    >>> required_settings()["browser.gatherUsageStats"]
    False
    """
    text = (config.REFERENCE_DIR / OFFLINE_SETTINGS).read_text(encoding="utf-8")
    return _flatten(tomllib.loads(text))


def _flatten(table: dict[str, Any]) -> dict[str, Any]:
    return {
        f"{section}.{key}": value
        for section, options in table.items()
        if isinstance(options, dict)
        for key, value in options.items()
    }


def streamlit_config_files(cwd: Path | None = None, home: Path | None = None) -> list[Path]:
    """The files Streamlit reads its settings from, later ones winning (Streamlit 1.67,
    ``streamlit/config.py`` ``get_config_files``): ``~/.streamlit/config.toml``, the one in
    the folder the app is started from (``cwd``), and the one beside the app's main script."""
    files = [
        (home or Path.home()) / ".streamlit" / "config.toml",
        (cwd or Path.cwd()) / ".streamlit" / "config.toml",
    ]
    app = config.app_dir()
    if app is not None and app / ".streamlit" / "config.toml" not in files:
        files.append(app / ".streamlit" / "config.toml")
    return files


def _env_value(text: str) -> Any:
    lowered = text.strip().lower()
    if lowered in FALSE_TEXTS:
        return False
    if lowered in TRUE_TEXTS:
        return True
    return text


def streamlit_setting(option: str, files: list[Path]) -> tuple[Any, str]:
    """The value Streamlit will use for ``option`` and where it comes from (a file, the
    environment variable, or ``""`` for Streamlit's default); a file that cannot be read
    counts as absent."""
    value: Any = None
    where = ""
    for path in files:
        if not path.is_file():
            continue
        with contextlib.suppress(tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
            found = _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
            if option in found:
                value, where = found[option], str(path)
    from_env = config.streamlit_env(option)
    if from_env is not None:
        value, where = _env_value(from_env), config.streamlit_env_name(option)
    return value, where


def _settings_fix(option: str, wanted: Any, where: str, files: list[Path]) -> str:
    section, key = option.split(".", 1)
    shown = str(wanted).lower() if isinstance(wanted, bool) else repr(wanted)
    env = config.streamlit_env_name(option)
    if where == env:
        return f"de omgevingsvariabele {env} staat anders: zet hem op {shown} of haal hem weg"
    target = where or str(files[-1] if config.app_dir() is not None else files[0])
    return f"zet in {target} onder [{section}]: {key} = {shown} (of: export {env}={shown})"


def check_streamlit_config(cwd: Path | None = None, home: Path | None = None) -> list[Check]:
    """Streamlit will use the offline settings of ``data/streamlit_offline.toml`` (usage
    statistics off: the page would otherwise contact the internet)."""
    files = streamlit_config_files(cwd, home)
    checks = []
    for option, wanted in required_settings().items():
        value, where = streamlit_setting(option, files)
        what = (
            "de app belt niet naar buiten (gebruiksstatistiek uit)"
            if option == "browser.gatherUsageStats"
            else f"Streamlit-instelling {option} = {wanted}"
        )
        checks.append(Check(what, value == wanted, _settings_fix(option, wanted, where, files)))
    return checks


def check_presentation(store: Store, presentation: PresentationInfo) -> tuple[list[Check], str]:
    """One line per screen (rendered with the network blocked) plus one for the export;
    also returns the exported HTML (empty when a screen failed)."""
    checks: list[Check] = []
    slides = []
    with no_network():
        for i, spec in enumerate(presentation.screens, start=1):
            what = f"scherm {i}: {screens.describe(spec)}"
            try:
                slides.append(screens.render(store, presentation.area_code, spec))
                checks.append(Check(what, True))
            except (TransitieatlasError, OSError) as err:
                checks.append(Check(f"{what}: {err}", False, fix_for(spec, err)))
        if len(slides) != len(presentation.screens):
            return checks, ""
        text = deck.deck_html(presentation.title, slides)
    outside = offline.non_inline_references(text)
    checks.append(
        Check(
            "de geëxporteerde presentatie is één los bestand (geen lettertypen, scripts, "
            "kaarttegels of plaatjes van buiten)",
            not outside,
            f"verwijzingen naar buiten: {', '.join(outside[:5])}",
        )
    )
    return checks, text


def fix_for(spec: dict, err: Exception) -> str:
    """What the presenter can do about a screen that does not render (Dutch)."""
    kind = spec.get("kind")
    if isinstance(err, OSError):
        return "dit scherm probeert internet te gebruiken; haal de gegevens vooraf op"
    if kind == "transitiekaart":
        return "zet actoren op de transitiekaart (pagina Actoren beheren of transitieatlas actors import)"
    if kind == "vraaggroepen":
        return "importeer de panden (transitieatlas bag import) of de woningvoorraad per buurt (transitieatlas mirror), of kies een ander niveau"
    if kind == "kaart":
        return "kies een indicator die de opslag heeft, of importeer de gegevens (transitieatlas mirror / import)"
    return "importeer de gegevens van het gebied: transitieatlas mirror (of fetch/import) en controleer opnieuw"


def run_checks(store: Store, presentation: PresentationInfo) -> list[Check]:
    """The whole checklist, in order."""
    pres_checks, _ = check_presentation(store, presentation)
    return [*check_assets(), *check_streamlit_config(), *pres_checks]
