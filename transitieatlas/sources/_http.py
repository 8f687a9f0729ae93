"""Shared HTTP plumbing for the network sources: JSON GETs, Dutch errors, a response cache.

Every network failure (no connection, timeout, HTTP error status, a body that is not
JSON) becomes :class:`~transitieatlas.errors.SourceUnavailable` with a plain Dutch
message naming the source, so the CLI and the app can show it as one line.

Raw JSON responses can be kept on disk under ``config.home()/http-cache``, keyed by
a hash of the full request URL (method GET, sorted parameters). A second fetch of
the same request then needs no network. Only successful responses are stored.
Set ``TRANSITIEATLAS_HTTP_CACHE=0`` to switch the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from typing import Any

import requests

from transitieatlas import config
from transitieatlas.errors import SourceUnavailable

USER_AGENT = "transitieatlas/0.1 (+https://github.com/transitieatlas)"
TIMEOUT_S = 60.0
"""Seconds to wait for a server before giving up (connect and read)."""

Progress = Callable[[str], None]


def report(progress: Progress | None, message: str) -> None:
    """Pass a Dutch progress message to ``progress`` when one was given."""
    if progress is not None:
        progress(message)


def describe_error(err: BaseException) -> str:
    """A short Dutch description of a network error, for messages."""
    if isinstance(err, requests.exceptions.Timeout):
        return "de server antwoordde niet op tijd"
    if isinstance(err, requests.exceptions.ConnectionError):
        return "geen verbinding (geen internet, of de server is onbereikbaar)"
    if isinstance(err, requests.exceptions.HTTPError):
        response = (
            err.response if err.response is not None else getattr(err.__cause__, "response", None)
        )
        status = getattr(response, "status_code", None)
        return f"de server weigerde het verzoek (HTTP {status})" if status else "HTTP-fout"
    if isinstance(err, ValueError | KeyError):
        return "het antwoord van de server is onleesbaar"
    return f"{type(err).__name__}"


def unavailable(source: str, url: str, err: BaseException) -> SourceUnavailable:
    """The :class:`SourceUnavailable` for a failed request to ``source`` at ``url``."""
    return SourceUnavailable(
        f"{source} is niet bereikbaar: {describe_error(err)}. "
        f"Adres: {url}. Probeer het later opnieuw, of importeer een eerder gedownload "
        f"bestand met 'transitieatlas import'."
    )


def request_key(url: str, params: Mapping[str, Any] | None = None) -> str:
    """Stable hash of a GET request (URL plus sorted parameters)."""
    prepared = requests.Request("GET", url, params=sorted((params or {}).items())).prepare()
    return hashlib.sha256(str(prepared.url).encode("utf-8")).hexdigest()


def _cache_read(key: str) -> Any | None:
    path = config.http_cache_dir() / f"{key}.json"
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _cache_write(key: str, payload: Any) -> None:
    folder = config.http_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle)
    os.replace(tmp, folder / f"{key}.json")


def get_json(
    url: str,
    params: Mapping[str, Any] | None = None,
    *,
    source: str,
    timeout: float = TIMEOUT_S,
    use_cache: bool = True,
    session: requests.Session | None = None,
) -> Any:
    """GET ``url`` with ``params`` and return the decoded JSON body.

    Raises :class:`SourceUnavailable` (Dutch message naming ``source``) on any network,
    HTTP or decoding error. Successful answers are cached when the cache is enabled.
    """
    caching = use_cache and config.http_cache_enabled()
    key = request_key(url, params)
    if caching:
        cached = _cache_read(key)
        if cached is not None:
            return cached
    http = session or requests.Session()
    try:
        response = http.get(url, params=params, timeout=timeout, headers={"User-Agent": USER_AGENT})
        response.raise_for_status()
        payload = response.json()
    except (requests.exceptions.RequestException, ValueError) as err:
        raise unavailable(source, url, err) from err
    finally:
        if session is None:
            http.close()
    if caching:
        _cache_write(key, payload)
    return payload
