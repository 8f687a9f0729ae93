"""Demand groups (vraaggroepen): buildings and dwellings by group, with heat demand and
investment capacity per group (issue 10; source document section 4.5.3).

Public API::

    from transitieatlas.segmentation import default_scheme, segment
    result = segment(store, "GM0080", default_scheme(), level="buurt")
    for group in result.results:          # GroupResult, one per group
        group.label, group.dwellings, group.heat_demand_gj, group.investment_low_eur

A scheme is data (:mod:`.scheme`); units per level (:mod:`.units`); business parks split
cell and buurt units by area share (:mod:`.parkshare`); classification and sums
(:mod:`.groups`); investment capacity (:mod:`.capacity`); the store bridge (:mod:`.service`).
Method note: ``docs/methode-vraaggroepen.md``; constants: ``data/vraaggroepen_constants.csv``.
"""

from __future__ import annotations

from pathlib import Path

from transitieatlas import config
from transitieatlas.segmentation.capacity import load_constants
from transitieatlas.segmentation.groups import COLUMNS, GroupResult, classify, summarise, to_frame
from transitieatlas.segmentation.scheme import (
    ATTRIBUTES,
    OPERATORS,
    Condition,
    Rule,
    Scheme,
    load_scheme,
    parse_scheme,
)
from transitieatlas.segmentation.service import (
    LEVELS,
    AreaUnits,
    Segmentation,
    apply_scheme,
    available_levels,
    build_units,
    gemeenten_with_panden,
    resolve_area,
    segment,
)


def default_scheme_path() -> Path:
    """``data/vraaggroepen_standaard.json``: the default scheme following section 4.5.3."""
    return config.REFERENCE_DIR / "vraaggroepen_standaard.json"


def default_scheme() -> Scheme:
    """The default scheme (copy it to change thresholds and groups)."""
    return load_scheme(default_scheme_path())


__all__ = [
    "ATTRIBUTES",
    "COLUMNS",
    "AreaUnits",
    "LEVELS",
    "OPERATORS",
    "Condition",
    "GroupResult",
    "Rule",
    "Scheme",
    "Segmentation",
    "apply_scheme",
    "available_levels",
    "gemeenten_with_panden",
    "build_units",
    "classify",
    "default_scheme",
    "default_scheme_path",
    "load_constants",
    "load_scheme",
    "parse_scheme",
    "resolve_area",
    "segment",
    "summarise",
    "to_frame",
]
