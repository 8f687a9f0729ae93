"""One guard against spreadsheet formula injection for every CSV or XLSX the tool writes.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, so a buurt or kwestie named ``=HYPERLINK("http://…")`` would become a
link in Excel or LibreOffice (OWASP, "CSV Injection"). Text cells that start so get one
``'`` in front; :func:`restore_cell` is the exact inverse, used on every import, so a
file the tool wrote reads back to the same text. Numbers are never touched (``-3.5``
stays a number); only text cells are guarded.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula."""


def _needs_guard(text: str) -> bool:
    return text.lstrip("'").startswith(DANGEROUS_START)


def neutralise_cell(text: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (``= + - @``, tab, CR).

    Also prefixes text that already starts with apostrophes before such a character,
    so that :func:`restore_cell` can undo it exactly.

    >>> neutralise_cell("=1+1"), neutralise_cell("'=1"), neutralise_cell("Oog in Al")
    ("'=1+1", "''=1", 'Oog in Al')
    """
    return "'" + text if _needs_guard(text) else text


def restore_cell(text: str) -> str:
    """Undo :func:`neutralise_cell` (exact inverse).

    >>> restore_cell("'=1+1"), restore_cell("''=1"), restore_cell("'t Hoogt")
    ('=1+1', "'=1", "'t Hoogt")
    """
    if text.startswith("'") and _needs_guard(text[1:]):
        return text[1:]
    return text


def guard_value(value: Any) -> Any:
    """:func:`neutralise_cell` for text; any other value (numbers, None) unchanged."""
    return neutralise_cell(value) if isinstance(value, str) else value


def restore_value(value: Any) -> Any:
    """:func:`restore_cell` for text; any other value unchanged."""
    return restore_cell(value) if isinstance(value, str) else value


def guard_row(values: Iterable[Any]) -> list[Any]:
    """A row for ``csv.writer`` with every text cell guarded."""
    return [guard_value(v) for v in values]


def guard_mapping(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row for ``csv.DictWriter`` with every text value guarded."""
    return {key: guard_value(value) for key, value in row.items()}


def restore_row(values: Iterable[Any]) -> list[Any]:
    """A row from ``csv.reader`` with every guarded text cell restored."""
    return [restore_value(v) for v in values]


def _text_columns(frame: pd.DataFrame) -> list[Any]:
    return [
        c
        for c in frame.columns
        if pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])
    ]


def guard_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell (and column name) guarded, for CSV or XLSX."""
    out = pd.DataFrame(frame).copy()
    for column in _text_columns(out):
        out[column] = out[column].map(guard_value).astype(object)
    out.columns = [guard_value(c) for c in out.columns]
    return out


def restore_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The inverse of :func:`guard_frame` (for a table read as text)."""
    out = frame.copy()
    for column in _text_columns(out):
        out[column] = out[column].map(restore_value)
    out.columns = [restore_value(c) for c in out.columns]
    return out


def frame_to_csv(frame: pd.DataFrame, handle: Any = None, **kwargs: Any) -> str | None:
    """``frame.to_csv`` with every text cell guarded; without ``handle`` returns the text.

    Defaults: no index, ``\\n`` line ends. Geometry columns are left out.
    """
    options = {"index": False, "lineterminator": "\n", **kwargs}
    plain = pd.DataFrame(frame).drop(columns="geometry", errors="ignore")
    guarded = guard_frame(plain)
    if handle is None:
        buffer = io.StringIO()
        guarded.to_csv(buffer, **options)
        return buffer.getvalue()
    guarded.to_csv(handle, **options)
    return None
