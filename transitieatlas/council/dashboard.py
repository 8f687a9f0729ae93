"""The dashboard of sustainability indicators (source document 3.2 and 4.6.5 item 3).

An indicator is either a **manual series** (values entered with date and source, e.g.
heat pumps installed) or a figure **from the store** (CBS, Klimaatmonitor; per year). For the
council's area the dashboard shows the latest value, the trend, the gemeente and the
Netherlands where known, and the progress toward the target. The method, with its
constants from ``data/council_constants.csv``, is explained in ``docs/raad.md``:

- **trend**: slope of the least-squares line through the series, in the indicator's unit
  per year (time as decimal years); ``gelijk`` when ``|slope|`` is below
  ``trend_flat_share_per_year`` × ``|mean|``;
- **progress**: ``(latest − baseline) / (target − baseline)`` with the baseline the first
  value of the series; 0 = still at the start, 1 = target reached (may exceed 1 or be
  negative when the area moves away from the target).

>>> s = [Point("2020", 2020.0, 100.0), Point("2022", 2022.0, 80.0)]
>>> trend_per_year(s)
-10.0
>>> progress(s, target=50.0)
0.4
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from transitieatlas.council import constants
from transitieatlas.geledingen import GELEDINGEN
from transitieatlas.text import format_number

KINDS: dict[str, str] = {
    "handmatig": "handmatige reeks (waarden met datum en bron)",
    "opslag": "uit de open-data-opslag (CBS, Klimaatmonitor)",
    "intekenen": "aandeel ingetekende huishoudens van een campagne (%)",
    "warmtevraag": "warmtevraag van de woningen (berekend met een gekozen methode)",
    "vraaggroep": "cijfer van een vraaggroep (berekend uit de vraaggroepen)",
}
COMPUTED_KINDS = ("warmtevraag", "vraaggroep")
"""Kinds computed from the store on every view (nothing stored but the definition)."""
HEAT_MEASURES: dict[str, tuple[str, str]] = {
    "totaal": ("GJ", "warmtevraag van alle woningen samen, GJ per jaar"),
    "per_woning": ("GJ per woning", "gemiddelde warmtevraag per woning, GJ per jaar"),
}
"""Measure → (fixed unit, Dutch description) of a ``warmtevraag`` indicator."""
GROUP_MEASURES: dict[str, tuple[str, str, str]] = {
    "woningen": ("dwellings", "woningen", "woningen in de groep"),
    "gebouwen": ("buildings", "gebouwen", "gebouwen (panden) in de groep"),
    "warmtevraag": ("heat_demand_gj", "GJ", "warmtevraag van de groep, GJ per jaar"),
    "kan_niet_investeren": (
        "households_cannot_invest",
        "huishoudens",
        "huishoudens in de groep die niet kunnen investeren",
    ),
}
"""Measure → (column of the segmentation, fixed unit, Dutch description) of a ``vraaggroep``
indicator."""
ALL_GROUPS = "alle"
"""The group name that sums every demand group."""
DIRECTIONS: dict[str, str] = {"hoger": "hoger is beter", "lager": "lager is beter"}
COUNT_UNITS = frozenset({"aantal", "huishoudens", "woningen", "gebouwen", "installaties", "%"})
"""Units of counts and shares: a value can never be negative (a share also not above 100 %)."""

CSV_COLUMNS = [
    "name",
    "unit",
    "source",
    "owner",
    "direction",
    "latest_value",
    "latest_date",
    "target",
    "target_date",
    "progress",
    "trend",
    "gemeente",
    "nederland",
]
"""Columns of ``transitieatlas dashboard --format csv`` (the issue's list plus comparisons)."""


@dataclass(frozen=True)
class Point:
    """One value of a series: ``label`` (ISO date or year), ``t`` (decimal year), ``value``."""

    label: str
    t: float
    value: float


def decimal_year(day: date) -> float:
    """``date`` as a decimal year (1 January = ``year.0``), for the trend's time axis."""
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def manual_points(values: Iterable[tuple[date, float]]) -> list[Point]:
    """Points of a manual series; for a date entered twice the later entry counts."""
    latest: dict[date, float] = {}
    for day, value in values:  # callers pass values in order of entry
        latest[day] = float(value)
    return [Point(d.isoformat(), decimal_year(d), v) for d, v in sorted(latest.items())]


def year_points(values: Mapping[int, float]) -> list[Point]:
    """Points of a yearly store series (mid-year on the time axis; NaN left out)."""
    return [
        Point(str(y), y + 0.5, float(v))
        for y, v in sorted(values.items())
        if v is not None and not math.isnan(float(v))
    ]


def trend_per_year(points: Sequence[Point]) -> float | None:
    """Least-squares slope in unit per year; None with fewer than two distinct times."""
    if len({p.t for p in points}) < 2:
        return None
    n = len(points)
    mean_t = sum(p.t for p in points) / n
    mean_v = sum(p.value for p in points) / n
    num = sum((p.t - mean_t) * (p.value - mean_v) for p in points)
    den = sum((p.t - mean_t) ** 2 for p in points)
    return round(num / den, 6)


def trend_word(points: Sequence[Point]) -> str | None:
    """``stijgend``, ``dalend`` or ``gelijk`` (threshold from the constants table)."""
    slope = trend_per_year(points)
    if slope is None:
        return None
    mean = abs(sum(p.value for p in points) / len(points))
    if abs(slope) <= constants.value("trend_flat_share_per_year") * mean:
        return "gelijk"
    return "stijgend" if slope > 0 else "dalend"


def progress(points: Sequence[Point], target: float | None) -> float | None:
    """Share of the way from the first value to ``target`` (None without target or values)."""
    if target is None or not points:
        return None
    baseline, latest = points[0].value, points[-1].value
    if target == baseline:
        return 1.0 if latest == target else None
    return round((latest - baseline) / (target - baseline), 4)


def favourable(points: Sequence[Point], direction: str) -> bool | None:
    """True when the trend goes the right way for ``direction`` (hoger/lager is beter)."""
    word = trend_word(points)
    if word is None or word == "gelijk":
        return None
    return (word == "stijgend") == (direction == "hoger")


# --- computed indicators (heat demand, demand groups) ---------------------------------------


def parse_computed(kind: str, spec: str) -> tuple[str, str]:
    """``warmtevraag``: ``method:measure``; ``vraaggroep``: ``group:measure``.

    >>> parse_computed("warmtevraag", " gas : per_woning ")
    ('gas', 'per_woning')
    """
    subject, _, measure = spec.partition(":")
    return subject.strip(), measure.strip()


def computed_unit(kind: str, spec: str) -> str | None:
    """The unit fixed by the measure of a computed indicator (None for an unknown one).

    >>> computed_unit("vraaggroep", "corporatie:kan_niet_investeren")
    'huishoudens'
    """
    _, measure = parse_computed(kind, spec)
    if kind == "warmtevraag" and measure in HEAT_MEASURES:
        return HEAT_MEASURES[measure][0]
    if kind == "vraaggroep" and measure in GROUP_MEASURES:
        return GROUP_MEASURES[measure][1]
    return None


def computed_problems(
    kind: str, spec: str, unit: str, methods: Sequence[str], groups: Sequence[str]
) -> list[str]:
    """Dutch problems with the definition of a computed indicator (``methods``: the heat
    methods; ``groups``: the demand groups of the scheme)."""
    subject, measure = parse_computed(kind, spec)
    problems = []
    if kind == "warmtevraag":
        if subject not in methods:
            problems.append(f"onbekende methode '{subject}' (kies uit: {', '.join(methods)})")
        if measure not in HEAT_MEASURES:
            problems.append(
                f"onbekende maat '{measure}' voor de warmtevraag "
                f"(kies uit: {', '.join(HEAT_MEASURES)}; schrijf methode:maat, bijv. gas:totaal)"
            )
    else:
        if subject not in (ALL_GROUPS, *groups):
            problems.append(
                f"onbekende vraaggroep '{subject}' (kies uit: {', '.join((ALL_GROUPS, *groups))})"
            )
        if measure not in GROUP_MEASURES:
            problems.append(
                f"onbekende maat '{measure}' voor een vraaggroep (kies uit: "
                f"{', '.join(GROUP_MEASURES)}; schrijf groep:maat, bijv. corporatie:woningen)"
            )
    fixed = computed_unit(kind, spec)
    if fixed is not None and unit.strip() and unit.strip() != fixed:
        problems.append(f"de eenheid van deze maat is '{fixed}', niet '{unit.strip()}'")
    return problems


def heat_value(measure: str, heat_demand_gj: float, dwellings: float) -> float | None:
    """The heat measure from the area's totals (GJ/yr and dwellings); None when unknown.

    >>> heat_value("per_woning", 1200.0, 40.0)
    30.0
    """
    if math.isnan(heat_demand_gj):
        return None
    if measure == "totaal":
        return heat_demand_gj
    return heat_demand_gj / dwellings if dwellings > 0 else None


def group_value(rows: Iterable[Mapping[str, Any]], group: str, measure: str) -> float | None:
    """The sum of the measure's column over the groups' rows (``group`` or every group for
    :data:`ALL_GROUPS`); None when no row has a value (e.g. no dwellings known at all).

    >>> rows = [{"group": "a", "dwellings": 3.0}, {"group": "b", "dwellings": float("nan")}]
    >>> group_value(rows, "alle", "woningen"), group_value(rows, "b", "woningen")
    (3.0, None)
    """
    column = GROUP_MEASURES[measure][0]
    values = [
        float(r[column])
        for r in rows
        if group in (ALL_GROUPS, r["group"])
        and r.get(column) is not None
        and not math.isnan(float(r[column]))
    ]
    return float(sum(values)) if values else None


def computed_method(kind: str, spec: str, method_label: str = "") -> str:
    """Dutch source/method text of a computed indicator (for the dashboard's source column)."""
    subject, measure = parse_computed(kind, spec)
    if kind == "warmtevraag":
        what = HEAT_MEASURES.get(measure, ("", measure))[1]
        return (
            f"berekend: {what}, methode '{subject}' ({method_label}), per jaar met cijfers in "
            "de opslag; zie docs/methode-warmtevraag.md"
        )
    what = GROUP_MEASURES.get(measure, ("", "", measure))[2]
    group = "alle vraaggroepen" if subject == ALL_GROUPS else f"vraaggroep '{subject}'"
    return (
        f"berekend: {what} ({group}, standaardindeling, fijnste niveau in de opslag), "
        "peildatum = dag van berekening; zie docs/methode-vraaggroepen.md"
    )


# --- validation ---------------------------------------------------------------------------


def definition_problems(
    name: str,
    kind: str,
    unit: str,
    owner: str,
    direction: str,
    why: str,
    store_indicator: str = "",
    target_date: date | None = None,
    target: float | None = None,
) -> list[str]:
    """Dutch problems with a new indicator's definition (empty list = fine)."""
    problems = [] if name.strip() else ["de naam is leeg"]
    if kind not in KINDS:
        problems.append(f"onbekende soort '{kind}' (kies uit: {', '.join(KINDS)})")
    if not unit.strip():
        problems.append("de eenheid is leeg (bijvoorbeeld 'aantal', 'TJ' of '%')")
    if owner not in GELEDINGEN:
        problems.append(f"onbekende geleding '{owner}' (kies uit: {', '.join(GELEDINGEN)})")
    if direction not in DIRECTIONS:
        problems.append(f"kies of hoger of lager beter is ('{direction}' is onbekend)")
    if not why.strip():
        problems.append("leg uit waarom deze indicator erbij komt (dat komt in het verslag)")
    if kind == "opslag" and not store_indicator.strip():
        problems.append("kies welk cijfer uit de opslag deze indicator volgt")
    if kind == "intekenen" and not store_indicator.strip():
        problems.append("kies de campagne waarvan deze indicator de intekeningen volgt")
    if kind in COMPUTED_KINDS and not store_indicator.strip():
        problems.append(
            "beschrijf wat berekend wordt: methode:maat (bijv. gas:totaal) of groep:maat "
            "(bijv. corporatie:woningen)"
        )
    if kind == "intekenen" and unit.strip() != "%":
        problems.append("het aandeel ingetekende huishoudens heeft als eenheid '%'")
    if (target is None) != (target_date is None):
        problems.append("een doel heeft een waarde én een datum (of geen van beide)")
    return problems


def value_problems(
    value: float,
    measured_on: date,
    unit: str,
    indicator_unit: str,
    source: str,
    today: date,
) -> list[str]:
    """Dutch problems with one manual value (empty list = fine)."""
    problems = []
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        problems.append("de waarde is geen getal")
    elif indicator_unit in COUNT_UNITS and value < 0:
        problems.append(
            f"een {indicator_unit_word(indicator_unit)} kan niet negatief zijn ({value:g})"
        )
    elif indicator_unit == "%" and value > 100:
        problems.append(f"een percentage kan niet boven 100 liggen ({value:g})")
    if measured_on > today:
        problems.append(
            f"de datum {measured_on.isoformat()} ligt in de toekomst (vandaag is {today.isoformat()})"
        )
    if unit.strip() and unit.strip() != indicator_unit:
        problems.append(
            f"de eenheid van deze indicator is '{indicator_unit}', niet '{unit.strip()}'"
        )
    if not source.strip():
        problems.append("vermeld de bron van de waarde (wie telde het, waar staat het)")
    return problems


def indicator_unit_word(unit: str) -> str:
    """``aantal`` → ``aantal``; ``%`` → ``percentage`` (for messages)."""
    return "percentage" if unit == "%" else "aantal"


# --- the dashboard rows ---------------------------------------------------------------------


def dashboard_row(
    indicator: Mapping[str, Any],
    points: Sequence[Point],
    comparisons: Mapping[str, float | None] | None = None,
    note: str = "",
) -> dict[str, Any]:
    """One dashboard row (the CLI's columns) for ``indicator`` with its series ``points``;
    ``note``: why a computed row has no value (Dutch, empty when it has one)."""
    comparisons = comparisons or {}
    latest = points[-1] if points else None
    target_date = indicator.get("target_date")
    return {
        "name": indicator["name"],
        "unit": indicator["unit"],
        "source": indicator["source"],
        "owner": indicator["owner"],
        "direction": indicator["direction"],
        "latest_value": latest.value if latest else None,
        "latest_date": latest.label if latest else None,
        "target": indicator.get("target"),
        "target_date": target_date.isoformat() if isinstance(target_date, date) else target_date,
        "progress": progress(points, indicator.get("target")),
        "trend": trend_per_year(points),
        "gemeente": _clean(comparisons.get("gemeente")),
        "nederland": _clean(comparisons.get("nederland")),
        "trend_word": trend_word(points),
        "kind": indicator.get("kind"),
        "series": [{"date": p.label, "value": p.value} for p in points],
        "note": note,
    }


def _clean(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def nl(value: float | None, decimals: int = 1) -> str:
    """A number as Dutch text (``1234.5`` → ``1.234,5``, :mod:`transitieatlas.text`); ``—`` for none."""
    return "—" if value is None else format_number(value, decimals)


def table_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Rows with Dutch column names and Dutch numbers for the dashboard page."""
    out = []
    for r in rows:
        prog = r["progress"]
        out.append(
            {
                "Indicator": r["name"],
                "Laatste waarde": f"{nl(r['latest_value'])} {r['unit']}".strip(),
                "Peildatum": r["latest_date"] or "—",
                "Trend per jaar": (
                    "—" if r["trend"] is None else f"{nl(r['trend'])} ({r['trend_word']})"
                ),
                "Gemeente": nl(r["gemeente"]),
                "Nederland": nl(r["nederland"]),
                "Doel": (
                    "—" if r["target"] is None else f"{nl(r['target'])} in {r['target_date']}"
                ),
                "Voortgang": "—" if prog is None else f"{nl(prog * 100, 0)}%",
                "Beter is": r["direction"],
                "Eigenaar": r["owner"],
                "Bron": r["source"],
            }
        )
    return out
