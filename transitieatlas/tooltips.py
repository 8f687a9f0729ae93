"""Tooltips as one template over a few text columns (pure: shared by the domain modules that
build map layers and by the map component that sends them, see maps.payload.tip_payload)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

COLUMN_NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
FIELD = re.compile(r"\{([a-z][a-z0-9_]*)\}")


@dataclass(frozen=True)
class TipTable:
    """Tooltips as one template over a few columns, instead of one finished text per area.

    ``template`` names columns in braces (``{code}`` is the area's code), e.g.
    ``"pand {code}: {groep}; bouwjaar {bouwjaar}"``; ``columns`` maps a name (lower case
    letters, digits, ``_``) to texts aligned with ``codes``. The map sends each column
    factorised (its distinct texts plus an index per area), so a column with a few hundred
    distinct texts over 51 765 panden costs one integer per pand, not 51 765 texts; columns
    named in ``static`` change only when the geometry does (they are a function of the map's
    ``geometry_key``) and are sent once per area, as a file, not with every change. The
    browser fills the template when the pointer is on an area; :meth:`texts` does the same
    here (for the GeoJSON and HTML exports).
    """

    codes: Sequence[str]
    template: str
    columns: Mapping[str, Sequence[str]]
    static: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for name in self.columns:
            if not COLUMN_NAME.match(name) or name == "code":
                raise ValueError(f"bad tooltip column name {name!r}")
            if len(self.columns[name]) != len(self.codes):
                raise ValueError(f"tooltip column {name!r} is not aligned with the codes")
        unknown = set(FIELD.findall(self.template)) - set(self.columns) - {"code"}
        if unknown or not self.static <= set(self.columns):
            raise ValueError(f"tooltip template names unknown columns: {sorted(unknown)}")

    @classmethod
    def from_texts(cls, texts: Mapping[str, str]) -> TipTable:
        """One finished text per code (areas with a few hundred codes)."""
        return cls(list(texts), "{tekst}", {"tekst": [str(t) for t in texts.values()]})

    def texts(self) -> dict[str, str]:
        """code → the filled-in tooltip text."""
        fields = [m.group(1) for m in FIELD.finditer(self.template)]
        pieces = FIELD.split(self.template)  # text, field, text, field, ..., text
        out = {}
        for i, code in enumerate(self.codes):
            values = {
                "code": str(code),
                **{f: str(self.columns[f][i]) for f in fields if f != "code"},
            }
            out[str(code)] = "".join(
                piece if k % 2 == 0 else values[piece] for k, piece in enumerate(pieces)
            )
        return out
