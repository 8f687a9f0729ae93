"""Dutch text for users, in one place: numbers the Dutch way and user text made safe.

- :func:`format_number` / :func:`format_value`: ``1234.5`` → ``1.234,5`` (point for
  thousands, comma for decimals), with the unit as users read it;
- :func:`escape_markdown`: user-typed text shown literally in Streamlit markdown.

Pure: no I/O.
"""

from __future__ import annotations

import math
import re
from typing import Any

MISSING_LABEL = "geen gegevens"
"""Shown instead of a number that is missing (NaN, None)."""

_UNIT_DISPLAY = {"aantal": "", "x 1 000 euro": "× € 1.000", "klasse": ""}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def auto_decimals(value: float) -> int:
    """Decimals for one number: none from 100 up, one from 1, two below.

    >>> auto_decimals(1234.5), auto_decimals(48.09), auto_decimals(0.256)
    (0, 1, 2)
    """
    size = abs(value)
    return 0 if size >= 100 else 1 if size >= 1 else 2


def format_number(value: float | None, decimals: int | None = None) -> str:
    """Dutch notation: ``1234.5`` → ``1.234,5``; whole numbers without decimals unless
    ``decimals`` is given; missing → ``geen gegevens``.

    >>> format_number(1234.5, 1), format_number(1234567), format_number(48.0952)
    ('1.234,5', '1.234.567', '48,1')
    >>> format_number(2.5, 3), format_number(float("nan"))
    ('2,500', 'geen gegevens')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING_LABEL
    if decimals is None:
        decimals = 0 if float(value).is_integer() else auto_decimals(value)
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def display_unit(unit: str | None) -> str:
    """The unit as shown after a number (``aantal`` shows nothing, ``x 1 000 euro`` → ``× € 1.000``)."""
    unit = (unit or "").strip()
    return _UNIT_DISPLAY.get(unit, unit)


def format_value(value: float | None, unit: str | None = None, decimals: int | None = None) -> str:
    """Number with its unit, e.g. ``48,1%`` or ``289 × € 1.000``.

    >>> format_value(48.0952, "%"), format_value(288.9, "x 1 000 euro"), format_value(25506.2, "ha", 0)
    ('48,1%', '289 × € 1.000', '25.506 ha')
    """
    text = format_number(value, decimals)
    shown = display_unit(unit)
    if text == MISSING_LABEL or not shown:
        return text
    return f"{text}{shown}" if shown == "%" else f"{text} {shown}"


def escape_markdown(text: Any) -> str:
    """Backslash-escape markdown (and Streamlit's ``$`` maths) so user text shows literally.

    For Streamlit messages (``st.error``, ``st.caption``) that render markdown: a name like
    ``![x](http://…)`` must not become an image that loads from elsewhere.

    >>> print(escape_markdown("![x](http://a.b) kost $5"))
    \\!\\[x\\]\\(http\\://a\\.b\\) kost \\$5
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


__all__ = [
    "MISSING_LABEL",
    "auto_decimals",
    "display_unit",
    "escape_markdown",
    "format_number",
    "format_value",
]
