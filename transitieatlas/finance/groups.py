"""Demand groups as the finance package needs them, and the per-household physics of a group.

Until the ``segmentation`` package (vraaggroepen) lands, a group is this small typed input:
its households and a dwelling stock (Vesta type × construction period × label), from which
the heat module gives the heat demand per dwelling (Vesta kengetallen) and the insulation
table gives the cost of a label step. Everything is averaged per household, weighted by
dwellings, so a worked example can be recomputed in microseconds when a price moves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from transitieatlas.errors import InputError
from transitieatlas.finance import catalogue
from transitieatlas.heat import common as heat_base
from transitieatlas.heat import stock as heat_stock

LABEL_ORDER = "GFEDCBA"
"""Energy labels from worst to best (Vesta's ``N``, no label, is treated as the default)."""


@dataclass(frozen=True)
class DemandGroup:
    """A demand group (vraaggroep): who they are and their dwelling stock.

    ``stock`` has ``woningtype`` (a Vesta type), ``bouwjaarklasse`` (a Vesta class),
    ``dwellings`` and optionally ``label`` (A–G) and ``floor_area_m2``.
    """

    code: str
    label: str
    area: str
    level: str
    households: int
    stock: pd.DataFrame = field(repr=False)
    heat_density_gj_per_ha: float = float("nan")
    heatnet_candidate: bool | None = None
    heatnet_reason: str = ""
    pbl_strategy: str = ""
    share_cannot_invest: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Household:
    """Per-household averages of a group (GJ per year, m², € ranges as (low, high))."""

    space_heat_gj: float
    hot_water_gj: float
    floor_area_m2: float
    share_meergezins: float
    label: str
    space_heat_after_gj: dict[str, float]
    insulation_eur: dict[str, tuple[float, float]]

    @property
    def heat_demand_gj(self) -> float:
        """Space heating + hot water per household (GJ/yr)."""
        return self.space_heat_gj + self.hot_water_gj


def _better_or_equal(label: str, target: str) -> bool:
    return label in LABEL_ORDER and LABEL_ORDER.index(label) >= LABEL_ORDER.index(target)


def _insulation_rows(frame: pd.DataFrame, target: str) -> tuple[np.ndarray, np.ndarray]:
    """Cost (low, high) per dwelling of stepping each row from ``label_used`` to ``target``."""
    table = catalogue.insulation_costs()
    table = table[table["to_label"] == target]
    merged = frame[["woningtype", "bouwjaarklasse", "label_used", "floor_area_used_m2"]].merge(
        table,
        left_on=["woningtype", "bouwjaarklasse", "label_used"],
        right_on=["woningtype", "bouwjaarklasse", "from_label"],
        how="left",
    )
    area = merged["floor_area_used_m2"].to_numpy(float)
    a = (merged["low_fixed_eur"] + merged["low_per_m2_eur"] * area).to_numpy(float)
    b = (merged["high_fixed_eur"] + merged["high_per_m2_eur"] * area).to_numpy(float)
    low, high = np.fmin(a, b), np.fmax(a, b)
    done = np.array([_better_or_equal(lab, target) for lab in frame["label_used"]])
    low = np.where(done, 0.0, np.clip(low, 0.0, None))
    high = np.where(done, 0.0, np.clip(high, 0.0, None))
    missing = ~done & ~np.isfinite(low)
    if missing.any():
        rows = frame.loc[missing, ["woningtype", "bouwjaarklasse", "label_used"]]
        raise InputError(
            f"Geen isolatiekosten in de catalogus voor de stap naar label {target} van: "
            + "; ".join(" ".join(map(str, r)) for r in rows.drop_duplicates().to_numpy())
        )
    return low, high


def household(group: DemandGroup) -> Household:
    """Average heat demand and insulation cost per household of ``group``.

    Heat demand: :func:`transitieatlas.heat.stock.per_dwelling_gj` (Vesta kengetallen) at the
    dwelling's label, and at labels D and B for the insulated variants (a dwelling already at
    or above the target keeps its demand and pays nothing).
    """
    stock = group.stock
    if stock.empty or stock["dwellings"].sum() <= 0:
        raise InputError(f"Vraaggroep '{group.label}' heeft geen woningen.")
    constants = heat_base.merged_constants()
    kengetallen = heat_base.load_kengetallen()
    now = heat_stock.per_dwelling_gj(stock, constants, kengetallen)
    weights = now["dwellings"].to_numpy(float)
    total = weights.sum()

    def avg(values: np.ndarray) -> float:
        return float(np.nansum(values * weights) / total)

    after: dict[str, float] = {}
    costs: dict[str, tuple[float, float]] = {}
    for target in ("D", "B"):
        better = [lab if _better_or_equal(lab, target) else target for lab in now["label_used"]]
        stepped = heat_stock.per_dwelling_gj(stock.assign(label=better), constants, kengetallen)
        after[target] = avg(stepped["space_heating_gj"].to_numpy(float))
        low, high = _insulation_rows(now, target)
        costs[target] = (avg(low), avg(high))
    labels = now.groupby("label_used")["dwellings"].sum()
    meergezins = now.loc[now["woningtype"].isin(heat_stock.MEERGEZINS), "dwellings"].sum()
    return Household(
        space_heat_gj=avg(now["space_heating_gj"].to_numpy(float)),
        hot_water_gj=avg(now["hot_water_gj"].to_numpy(float)),
        floor_area_m2=avg(now["floor_area_used_m2"].to_numpy(float)),
        share_meergezins=float(meergezins / total),
        label=str(labels.idxmax()),
        space_heat_after_gj=after,
        insulation_eur=costs,
    )


STARTANALYSE_TYPES = heat_stock.PBL_TYPES
"""Startanalyse dwelling types → Vesta types: the heat module's one table."""
STARTANALYSE_PERIODS = heat_stock.PBL_PERIODS
"""Startanalyse construction periods (bounds as the data README gives them: probable, not
confirmed by PBL) → years: the heat module's one table."""

DEFAULT_GROUPS = {
    "eengezins": ("Eengezinswoningen", heat_stock.EENGEZINS),
    "meergezins": ("Meergezinswoningen (gestapeld)", heat_stock.MEERGEZINS),
}
"""The groups the finance package forms itself while vraaggroepen has not landed."""


def _n(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return number if np.isfinite(number) and number > 0 else 0.0


def _weighted_strategy(frame: pd.DataFrame) -> str:
    counts = frame.groupby(frame["pbl_strategie"].fillna(""))["woningvoorraad"].sum()
    counts = counts[counts.index != ""]
    return str(counts.idxmax()) if not counts.empty else ""


def stock_from_startanalyse(rows: pd.DataFrame, oldest: int = 1900) -> pd.DataFrame:
    """Dwelling stock (type × Vesta period × label) from Startanalyse buurt rows.

    Types and periods are crossed independently, and label shares (EP-Online, afgemeld) are
    applied independently of both: the file gives no cross-tables (an assumption)."""
    out = []
    for _, row in rows.iterrows():
        periods = {k: _n(row.get(k)) for k in STARTANALYSE_PERIODS}
        p_total = sum(periods.values())
        labels = {lab: _n(row.get(f"pct_label_{lab.lower()}_definitief")) for lab in LABEL_ORDER}
        l_total = sum(labels.values())
        label_shares = {k: v / l_total for k, v in labels.items() if v} if l_total else {None: 1.0}
        for col, vtype in STARTANALYSE_TYPES.items():
            count = _n(row.get(col))
            if not count or not p_total:
                continue
            for pcol, (start, end) in STARTANALYSE_PERIODS.items():
                if not periods[pcol]:
                    continue
                for vclass, w in heat_stock.period_weights(start, end, oldest).items():
                    for lab, ls in label_shares.items():
                        out.append(
                            {
                                "code": row["code"],
                                "woningtype": vtype,
                                "bouwjaarklasse": vclass,
                                "label": lab,
                                "dwellings": count * periods[pcol] / p_total * w * ls,
                            }
                        )
    return pd.DataFrame(out, columns=["code", "woningtype", "bouwjaarklasse", "label", "dwellings"])


def groups_from_startanalyse(rows: pd.DataFrame, area: str) -> list[DemandGroup]:
    """Two demand groups (eengezins, meergezins) over the buurten in ``rows`` (level buurt)."""
    rows = rows.copy()
    rows["woningvoorraad"] = rows["woningvoorraad"].map(_n)
    stock = stock_from_startanalyse(rows)
    density = pd.to_numeric(rows.get("pbl_ref2019_warmtedichtheid_gj_per_ha"), errors="coerce")
    weq = pd.to_numeric(rows.get("woningequivalenten"), errors="coerce")
    mean_density = float(np.nansum(density * weq) / np.nansum(weq)) if weq.notna().any() else np.nan
    groups = []
    for code, (label, types) in DEFAULT_GROUPS.items():
        part = stock[stock["woningtype"].isin(types)]
        households = int(round(part["dwellings"].sum()))
        if households == 0:
            continue
        groups.append(
            DemandGroup(
                code=code,
                label=label,
                area=area,
                level="buurt",
                households=households,
                stock=part.reset_index(drop=True),
                heat_density_gj_per_ha=mean_density,
                pbl_strategy=_weighted_strategy(rows),
                note="PBL Startanalyse 2020 per buurt: woningtypen × bouwperioden × labelaandelen (onafhankelijk verdeeld)",
            )
        )
    return groups


PAND_PERIODS = {
    "voor1945": ("Panden van vóór 1945", 0, 1944),
    "1945-1974": ("Panden 1945–1974", 1945, 1974),
    "1975-1991": ("Panden 1975–1991", 1975, 1991),
    "vanaf1992": ("Panden vanaf 1992", 1992, 9998),
}


def groups_from_panden(
    panden: pd.DataFrame, area: str, share_meergezins: float
) -> list[DemandGroup]:
    """Demand groups by construction period from BAG panden (level pand).

    Only panden in use count (``heat_stock.IN_USE_STATUSES``); placeholder year 9999 is
    unknown and left out. Without verblijfsobjecten every pand counts as one household
    and the Vesta type mix follows ``share_meergezins`` (assumptions, stated in the note)."""
    status = panden["status"].astype(str)
    in_use = panden[status.str.startswith(heat_stock.IN_USE_STATUSES)]
    years = pd.to_numeric(in_use["bouwjaar"], errors="coerce")
    constants = heat_base.merged_constants()
    mix = heat_stock.type_mix(share_meergezins, constants)
    groups = []
    for code, (label, start, end) in PAND_PERIODS.items():
        chosen = years[(years >= start) & (years <= end)]
        if chosen.empty:
            continue
        classes = chosen.map(heat_stock.vesta_class).value_counts()
        rows = [
            {"woningtype": t, "bouwjaarklasse": cls, "label": None, "dwellings": n * share}
            for cls, n in classes.items()
            for t, share in mix.items()
            if share > 0
        ]
        groups.append(
            DemandGroup(
                code=code,
                label=label,
                area=area,
                level="pand",
                households=int(len(chosen)),
                stock=pd.DataFrame(rows),
                note=(
                    f"BAG-panden in gebruik met bouwjaar {start}–{end if end < 9998 else 'nu'}; "
                    "zonder verblijfsobjecten telt elk pand als één huishouden (aanname); "
                    "woningtype volgens de standaardmix"
                ),
            )
        )
    return groups


def map_frame_buurten(polygons: pd.DataFrame) -> pd.DataFrame:
    """Buurt polygons with ``group``: the demand group that holds most of its dwellings."""
    frame = polygons.copy()
    counts = {
        code: sum(frame[col].map(_n) for col, t in STARTANALYSE_TYPES.items() if t in types)
        for code, (_, types) in DEFAULT_GROUPS.items()
    }
    table = pd.DataFrame(counts)
    frame["group"] = table.idxmax(axis=1).where(table.sum(axis=1) > 0)
    return frame[frame["group"].notna()]


def map_frame_panden(panden: pd.DataFrame) -> pd.DataFrame:
    """Pand footprints in use with ``group`` by construction period (as :func:`groups_from_panden`)."""
    status = panden["status"].astype(str)
    frame = panden[status.str.startswith(heat_stock.IN_USE_STATUSES)].copy()
    years = pd.to_numeric(frame["bouwjaar"], errors="coerce")
    frame["group"] = None
    for code, (_, start, end) in PAND_PERIODS.items():
        frame.loc[(years >= start) & (years <= end), "group"] = code
    return frame[frame["group"].notna()]


NON_DWELLING_ATTRIBUTES = ("functie", "gebruiksdoel", "bedrijventerrein")
"""A scheme rule that tests one of these picks buildings by their use, not dwellings."""

UNKNOWN_USE_NOTE = (
    "{n} panden zonder verblijfsobjecten in de bron tellen als één woning van onbekend type "
    "(standaardmix eengezins/meergezins, oppervlakte volgens Vesta per type; aanname)"
)


def dwelling_groups(scheme) -> set[str]:  # type: ignore[no-untyped-def]
    """Groups of a segmentation scheme that hold dwellings: no rule of the group tests the
    building's use (:data:`NON_DWELLING_ATTRIBUTES`); the remainder group never does.

    Panden whose use the source does not give (no verblijfsobjecten, e.g. Doesburg 2020)
    count as one dwelling each only in these groups (see :func:`groups_from_segmentation`)."""
    uses: dict[str, bool] = {}
    for rule in scheme.rules:
        tests_use = any(c.attribute in NON_DWELLING_ATTRIBUTES for c in rule.when)
        uses[rule.group] = uses.get(rule.group, False) or tests_use
    return {group for group, tests_use in uses.items() if not tests_use} - {scheme.remainder.group}


TYPE_GROUPS = ("eengezins", "meergezins", "onbekend")
"""Dwelling types the heat module splits over the Vesta types by its stated mix."""


def _unknown_use(part: pd.DataFrame) -> pd.Series:
    """Panden whose use the source does not give (no verblijfsobjecten): dwellings unknown."""
    functie = part["functie"] if "functie" in part else pd.Series("", index=part.index)
    return pd.to_numeric(part["dwellings"], errors="coerce").isna() & functie.eq("onbekend")


def _segment_stock(part: pd.DataFrame, level: str, unknown_as_dwelling: bool) -> pd.DataFrame:
    """Stock rows (Vesta type × class) of a group's units; see :func:`groups_from_segmentation`."""
    dwellings = pd.to_numeric(part["dwellings"], errors="coerce")
    types = part["woningtype"].astype(object)
    unknown = _unknown_use(part)
    if unknown_as_dwelling:
        dwellings = dwellings.where(~unknown, 1.0)
        types = types.where(~unknown, "onbekend")
    keep = (dwellings > 0) & types.isin((*heat_stock.VESTA_TYPES, *TYPE_GROUPS))
    part, dwellings, types = part[keep], dwellings[keep], types[keep]
    area_m2 = pd.to_numeric(part.get("oppervlakte_m2"), errors="coerce").to_numpy(float)
    count = dwellings.to_numpy(float)
    stock = pd.DataFrame(
        {
            "code": "groep",
            "woningtype": types.to_numpy(),
            "bouwjaarklasse": [heat_stock.vesta_class(float(y)) for y in part["bouwjaar"]],
            "dwellings": count,
            "label": part["label"].to_numpy() if "label" in part else None,
            "floor_area_m2": area_m2 / count if level == "pand" else area_m2,
        }
    )
    stock = stock[stock["bouwjaarklasse"].notna()]
    stock = heat_stock.expand_types(stock, heat_base.merged_constants())
    return stock.drop(columns=["code"]).reset_index(drop=True)


def groups_from_segmentation(
    results,  # type: ignore[no-untyped-def]
    units: pd.DataFrame,
    area: str,
    level: str,
    dwelling_group_codes: set[str] | None = None,
) -> list[DemandGroup]:
    """Demand groups from the segmentation package (vraaggroepen): one per group with dwellings.

    ``results``: its ``GroupResult`` list (``group``, ``label``, ``rule``, ``dwellings``,
    ``households_cannot_invest``, ``method``); ``units``: its classified units (``group``,
    ``woningtype`` (a Vesta type or ``eengezins``/``meergezins``, split by the heat module's
    mix), ``bouwjaar`` (a year; mapped to the Vesta class), ``dwellings``, ``label``,
    ``oppervlakte_m2``, ``functie``). Units without dwellings (non-residential) are left out.
    At pand level a pand whose use the source does not give (``functie`` ``onbekend``) counts
    as one dwelling of unknown type when its group is in ``dwelling_group_codes`` (see
    :func:`dwelling_groups`; an assumption stated in the group's note); otherwise such groups
    are skipped. Units without a construction year are left out (no Vesta class)."""
    out = []
    for r in results:
        assume = level == "pand" and r.group in (dwelling_group_codes or set())
        part = units[units["group"] == r.group]
        stock = _segment_stock(part, level, assume) if not part.empty else pd.DataFrame()
        if stock.empty or stock["dwellings"].sum() <= 0:
            continue
        counted = float(r.dwellings) if np.isfinite(r.dwellings) and r.dwellings > 0 else np.nan
        households = counted if np.isfinite(counted) else float(stock["dwellings"].sum())
        cannot = float(r.households_cannot_invest)
        share = cannot / counted if np.isfinite(cannot) and np.isfinite(counted) else None
        note = f"vraaggroep uit de segmentatie (regel: {r.rule}); {r.method}"
        years = pd.to_numeric(part["bouwjaar"], errors="coerce")
        unknown = int((_unknown_use(part) & years.map(heat_stock.vesta_class).notna()).sum())
        if assume and unknown:
            note += "; " + UNKNOWN_USE_NOTE.format(n=unknown)
        out.append(
            DemandGroup(
                code=str(r.group),
                label=str(r.label),
                area=area,
                level=level,
                households=int(round(households)),
                stock=stock,
                share_cannot_invest=share,
                note=note,
            )
        )
    return out
