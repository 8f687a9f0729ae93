"""Where the tool keeps its files: the store, the database and the offline mirror.

Settings come from environment variables so that the app, the CLI and the tests agree:

- ``TRANSITIEATLAS_HOME``: folder for the local store and the database
  (default: ``.transitieatlas`` in the checkout, git-ignored; for an installed package
  ``~/.transitieatlas``).
- ``TRANSITIEATLAS_MIRROR``: folder of previously downloaded open-data files
  (default: ``../shared/data`` beside the checkout, when it exists).
- ``TRANSITIEATLAS_DB_URL``: SQLAlchemy URL of the database
  (default: SQLite file ``transitieatlas.sqlite`` under the home folder).

For tests and special set-ups, the sources read (through the functions below):

- ``TRANSITIEATLAS_CBS_URL``: another CBS OData host, e.g. a local recording server;
- ``TRANSITIEATLAS_PDOK_URL``: a WFS URL template with ``{year}``;
- ``TRANSITIEATLAS_HTTP_CACHE``: ``0``/``false``/``no``/``nee`` switches off the on-disk cache
  of raw responses under ``<home>/http-cache``;
- ``TRANSITIEATLAS_PASSWORD``: the password CLI commands that need a login use instead of
  asking.

Streamlit's own ``STREAMLIT_*`` variables are read here too (:func:`streamlit_env`), for the
offline check of the app's settings.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
"""The checkout (for an installed package: the site-packages folder, see :func:`in_checkout`)."""
REFERENCE_DIR = Path(str(resources.files("transitieatlas") / "data"))
"""The project's own reference tables (each row with its source), shipped inside the package
(``transitieatlas/data``, in the wheel as package data). The one place that names it."""


def in_checkout() -> bool:
    """True when running from a source checkout (``pyproject.toml`` beside the package)."""
    return (REPO_DIR / "pyproject.toml").is_file()


def home() -> Path:
    """Folder that holds the local store and the database; created when missing."""
    default = REPO_DIR / ".transitieatlas" if in_checkout() else Path.home() / ".transitieatlas"
    path = Path(os.environ.get("TRANSITIEATLAS_HOME") or default)
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_dir() -> Path:
    """Folder of the local open-data store."""
    return home() / "store"


def db_url() -> str:
    """SQLAlchemy URL of the database for what users create."""
    return (
        os.environ.get("TRANSITIEATLAS_DB_URL") or f"sqlite:///{home() / 'transitieatlas.sqlite'}"
    )


def mirror_dir() -> Path | None:
    """The offline mirror folder, or ``None`` when there is none."""
    configured = os.environ.get("TRANSITIEATLAS_MIRROR")
    path = Path(configured) if configured else REPO_DIR.parent / "shared" / "data"
    return path if path.is_dir() else None


def cbs_url() -> str | None:
    """Another CBS OData host (``TRANSITIEATLAS_CBS_URL``), or ``None`` for the real one."""
    return os.environ.get("TRANSITIEATLAS_CBS_URL", "").strip() or None


def pdok_url() -> str | None:
    """A PDOK WFS URL template with ``{year}`` (``TRANSITIEATLAS_PDOK_URL``), or ``None``."""
    return os.environ.get("TRANSITIEATLAS_PDOK_URL", "").strip() or None


def http_cache_enabled() -> bool:
    """Whether raw HTTP responses are cached on disk (``TRANSITIEATLAS_HTTP_CACHE`` not 0/false)."""
    value = os.environ.get("TRANSITIEATLAS_HTTP_CACHE", "1").strip().lower()
    return value not in {"0", "false", "no", "nee"}


def warm_up_enabled() -> bool:
    """Whether the app builds the Vraaggroepen maps of its gemeenten in the background after it
    starts (``TRANSITIEATLAS_WARM_UP`` not 0/false; the tests switch it off where they do not
    test it, so that a page test does not pay for it)."""
    value = os.environ.get("TRANSITIEATLAS_WARM_UP", "1").strip().lower()
    return value not in {"0", "false", "no", "nee"}


def http_cache_dir() -> Path:
    """Folder of cached raw HTTP responses."""
    return home() / "http-cache"


def cli_password() -> str | None:
    """A password for CLI commands that need a login (``TRANSITIEATLAS_PASSWORD``), for
    scripts and tests; ``None`` means: ask for it on the terminal."""
    return os.environ.get("TRANSITIEATLAS_PASSWORD") or None


def app_dir() -> Path | None:
    """The folder of the app's main script (``app.py``), or ``None`` when there is none
    (an installed package runs the CLI only)."""
    return REPO_DIR if (REPO_DIR / "app.py").is_file() else None


def streamlit_env(option: str) -> str | None:
    """The value of Streamlit's environment variable for a config option, or ``None``:
    ``browser.gatherUsageStats`` → ``STREAMLIT_BROWSER_GATHER_USAGE_STATS`` (Streamlit's
    own naming, ``streamlit/config_option.py`` ``env_var``)."""
    return os.environ.get(streamlit_env_name(option))


def streamlit_env_name(option: str) -> str:
    """Streamlit's environment variable for a config option (see :func:`streamlit_env`).

    >>> streamlit_env_name("browser.gatherUsageStats")
    'STREAMLIT_BROWSER_GATHER_USAGE_STATS'
    """
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", option.replace(".", "_"))
    return f"STREAMLIT_{snake.upper()}"
