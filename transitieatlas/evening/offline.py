"""Does an HTML document load anything from outside the machine? (pure: text in, list out)

Used by the map and presentation exports' tests and by ``transitieatlas check --offline``.
A *reference* is anything a browser would fetch on its own: ``src`` / ``href`` of
``script``, ``link``, ``img``, ``iframe``, ``source``, ``video``, ``audio``, ``embed``,
``object`` (``data``), CSS ``url(...)`` and ``@import``. Plain links (``<a href>``) are not
fetched and are not references.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
_FETCHING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
_ANY_URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s"'<>)\\]*""")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = _FETCHING.get(tag, ())
        for key, value in attrs:
            if value is None:
                continue
            if key in names and key.endswith("srcset"):
                self.refs += [part.split()[0] for part in value.split(",") if part.strip()]
            elif key in names:
                self.refs.append(value.strip())
            elif key == "style":
                self.refs += _css_refs(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.refs += _css_refs(data)


def _css_refs(css: str) -> list[str]:
    return [a or b for a, b in _CSS_URL.findall(css)]


def references(html: str) -> list[str]:
    """Every URL the document would fetch by itself (see the module docstring)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.refs


def is_external(url: str) -> bool:
    """True for a URL that leaves the machine (another host, or protocol-relative ``//host``)."""
    parsed = urlparse(url.strip())
    if parsed.scheme in {"data", "blob", "about", "javascript"}:
        return False
    if parsed.scheme in {"http", "https", "ws", "wss", "ftp"} or url.strip().startswith("//"):
        return parsed.hostname not in LOCAL_HOSTS
    return False


def external_references(html: str) -> list[str]:
    """The references of ``html`` that would leave the machine (empty = works offline)."""
    return [url for url in references(html) if is_external(url)]


def non_inline_references(html: str) -> list[str]:
    """References to anything not inside the document itself: files beside it or a local
    server (they break when the file is mailed alone); empty = self-contained."""
    return [
        url for url in references(html) if not re.match(r"^(data|blob|about|javascript):|^#", url)
    ]


def outside_urls_in_text(html: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Every ``http(s)://host…`` string anywhere in the text (scripts included), except those
    starting with one of ``allowed`` (e.g. XML namespaces, which are names, not requests)."""
    found = [m.group(0) for m in _ANY_URL.finditer(html)]
    return [u for u in found if is_external(u) and not any(u.startswith(a) for a in allowed)]
