"""The registry of stable indicator names (``transitieatlas/data/indicators.csv``): the shared
vocabulary of sources, store and domain.

Every figure in the store carries an indicator name. For CBS and other sources the
name comes from this registry, so that the same quantity keeps one name across years
even when CBS renames the topic or changes its column key. Each row states the unit
(e.g. ``aantal``, ``%``, ``m³``, ``x 1 000 euro``, ``ha``), how the value aggregates
over several areas and where it comes from.

``cbs_match`` holds ``Parent title/Title`` pairs (alternatives separated by ``|``) as
found in a CBS table's DataProperties; :mod:`transitieatlas.sources.cbs` maps column
keys through them. A longer path ``Grandparent/Parent/Title`` pins a title that occurs
under several groups (``Gemiddeld aardgasverbruik/Naar woningtype/Appartement``).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from transitieatlas import config
from transitieatlas.errors import InputError

AGGREGATIONS = ("sum", "weighted_mean", "none")
"""``sum`` for counts and areas, ``weighted_mean`` for averages and percentages
(weighted by the indicator named in ``weight``), ``none`` for classes."""

COLUMNS = ("name", "label_nl", "unit", "aggregation", "weight", "cbs_match", "source")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Indicator:
    """One stable indicator: its name, Dutch label, unit, aggregation rule and source."""

    name: str
    label_nl: str
    unit: str
    aggregation: str
    weight: str | None
    cbs_match: tuple[str, ...]
    source: str

    @property
    def cbs_pairs(self) -> tuple[tuple[str, str], ...]:
        """``cbs_match`` split into ``(parent title, title)`` pairs (split at the first ``/``)."""
        return tuple(_split_pair(m) for m in self.cbs_match)

    @property
    def cbs_paths(self) -> tuple[tuple[str, ...], ...]:
        """``cbs_match`` split into title paths, outermost group first, topic title last."""
        return tuple(tuple(part.strip() for part in m.split("/")) for m in self.cbs_match)


def _split_pair(match: str) -> tuple[str, str]:
    parent, _, title = match.partition("/")
    return parent.strip(), title.strip()


def registry_path() -> Path:
    """Path of the indicator registry file."""
    return config.REFERENCE_DIR / "indicators.csv"


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> dict[str, Indicator]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(
                f"{path.name}: kolommen ontbreken: {', '.join(missing)}",
            )
        rows = list(reader)
    indicators: dict[str, Indicator] = {}
    problems: list[str] = []
    for number, row in enumerate(rows, start=2):
        indicator = _row_to_indicator(row)
        if indicator.name in indicators:
            problems.append(f"regel {number}: naam '{indicator.name}' komt twee keer voor")
        indicators[indicator.name] = indicator
        problems.extend(f"regel {number}: {p}" for p in _row_problems(indicator))
    for indicator in indicators.values():
        if indicator.weight and indicator.weight not in indicators:
            problems.append(
                f"'{indicator.name}': gewicht '{indicator.weight}' is geen bekende indicator"
            )
    if problems:
        raise InputError(f"{path.name} bevat fouten", problems)
    return indicators


def _row_to_indicator(row: dict[str, str]) -> Indicator:
    matches = tuple(m.strip() for m in (row.get("cbs_match") or "").split("|") if m.strip())
    return Indicator(
        name=(row.get("name") or "").strip(),
        label_nl=(row.get("label_nl") or "").strip(),
        unit=(row.get("unit") or "").strip(),
        aggregation=(row.get("aggregation") or "").strip(),
        weight=(row.get("weight") or "").strip() or None,
        cbs_match=matches,
        source=(row.get("source") or "").strip(),
    )


def _row_problems(indicator: Indicator) -> list[str]:
    problems = []
    if not _NAME.match(indicator.name):
        problems.append(
            f"naam '{indicator.name}' is geen geldige naam (kleine letters, cijfers, _)"
        )
    if not indicator.label_nl:
        problems.append(f"'{indicator.name}': label_nl is leeg")
    if indicator.aggregation not in AGGREGATIONS:
        problems.append(
            f"'{indicator.name}': aggregatie '{indicator.aggregation}' is niet een van "
            f"{', '.join(AGGREGATIONS)}"
        )
    if indicator.aggregation == "weighted_mean" and not indicator.weight:
        problems.append(f"'{indicator.name}': weighted_mean zonder gewicht")
    if indicator.aggregation != "weighted_mean" and indicator.weight:
        problems.append(f"'{indicator.name}': gewicht alleen bij weighted_mean")
    for match in indicator.cbs_match:
        parent, title = _split_pair(match)
        if not parent or not title:
            problems.append(
                f"'{indicator.name}': cbs_match '{match}' heeft niet de vorm 'Ouder/Titel'"
            )
    return problems


def load_indicators(path: Path | None = None) -> dict[str, Indicator]:
    """All indicators of the registry by name (cached per file; a fresh dict each call).

    Raises :class:`InputError` listing every problem when the file is invalid: an unknown
    aggregation, a weight that names no indicator, a duplicate or malformed name.
    """
    return dict(_load(Path(path) if path else registry_path()))


def get(name: str) -> Indicator:
    """The indicator called ``name``; :class:`InputError` naming the valid names otherwise."""
    indicators = load_indicators()
    try:
        return indicators[name]
    except KeyError:
        raise InputError(
            f"Onbekende indicator '{name}'. Bekende indicatoren: {', '.join(sorted(indicators))}"
        ) from None


def labels_path() -> Path:
    """Dutch labels of source-specific indicators that are not in the registry."""
    return config.REFERENCE_DIR / "indicator_labels.csv"


@functools.cache
def _extra_labels(path: Path) -> tuple[tuple[str, str], ...]:
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple((row["name"], row["label_nl"]) for row in csv.DictReader(handle))


_UNIT_SUFFIXES = {"km": "km", "ha": "ha", "m3": "m³", "kwh": "kWh", "gj": "GJ", "mw": "MW"}


def fallback_label(name: str) -> str:
    """A readable Dutch label made from a name no list knows: ``afstand_bos_km`` →
    ``Afstand bos (km)``, ``pct_x`` → ``X (%)``.

    >>> fallback_label("afstand_bos_km"), fallback_label("pct_groen")
    ('Afstand bos (km)', 'Groen (%)')
    """
    words = name.split("_")
    unit = ""
    if words and words[0] == "pct":
        words, unit = words[1:], "%"
    elif len(words) > 1 and words[-1] in _UNIT_SUFFIXES:
        unit = _UNIT_SUFFIXES[words[-1]]
        words = words[:-1]
    text = " ".join(words).strip() or name
    text = text[0].upper() + text[1:]
    return f"{text} ({unit})" if unit else text


def load_labels() -> dict[str, str]:
    """Dutch label per indicator: the registry, then ``data/indicator_labels.csv``."""
    labels = dict(_extra_labels(labels_path()))
    labels.update({name: ind.label_nl for name, ind in load_indicators().items()})
    return labels


def label_for(name: str, labels: dict[str, str] | None = None) -> str:
    """The Dutch label of an indicator; never the raw name (see :func:`fallback_label`)."""
    known = labels if labels is not None else load_labels()
    return known.get(name) or fallback_label(name)
