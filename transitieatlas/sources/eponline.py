"""EP-Online energy labels (RVO's public export, ``v<date>_v2_csv.csv``): read, check, keep the latest.

RVO publishes every registered energy label as one semicolon-separated CSV (EP-Online,
"Open data"). Its columns start ``Pand_opnamedatum;Pand_opnametype;Pand_status;
Pand_berekeningstype;Pand_energieindex;Pand_energieklasse;…;Pand_registratiedatum;
Pand_postcode;Pand_huisnummer;Pand_huisletter;Pand_huisnummertoevoeging;
Pand_detailaanduiding;Pand_bagverblijfsobjectid;Pand_bagligplaatsid;Pand_bagstandplaatsid;
Pand_bagpandid;Pand_gebouwtype;…`` (order as read by 3DGI/wijklabels ``src/wijklabels/load.py``,
commit 00da62f45b5409f45b659c37259d5a6faf94f6ae, for ``v20231101_v2_csv.csv``); dates are
``YYYYMMDD``; classes ``A+++++`` … ``G``. Older exports say ``Pand_huisnummer_toev``.

Used here: ``Pand_energieklasse`` and ``Pand_registratiedatum`` (required), the BAG ids
``Pand_bagverblijfsobjectid`` / ``Pand_bagpandid`` (at least one column), and when present
``Pand_opnamedatum``, ``Pand_postcode``, ``Pand_huisnummer``, ``Pand_gebouwklasse``. Column
names are matched without regard to case; lines before the header (a publication date) are
skipped. Per BAG object (verblijfsobject, else pand) only the label with the latest
registration date is kept (ties: latest opnamedatum). ``label`` is the class as A–G
(A+ … A+++++ count as A, the scale of the Vesta kengetallen); ``energieklasse`` keeps it as given.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from transitieatlas.errors import InputError
from transitieatlas.sources.bag_units import PAND_PREFIX, UNIT_PREFIX, first_pand, strip_prefix

EP_LICENCE = "RVO EP-Online, open data (voorwaarden: zie ep-online.nl)"

REQUIRED = ("Pand_energieklasse", "Pand_registratiedatum")
ID_COLUMNS = ("Pand_bagverblijfsobjectid", "Pand_bagpandid")
OPTIONAL = ("Pand_opnamedatum", "Pand_postcode", "Pand_huisnummer", "Pand_gebouwklasse")
CLASSES = ("A+++++", "A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")

COLUMNS = [
    "vbo_id",
    "pand_id",
    "energieklasse",
    "label",
    "registratiedatum",
    "opnamedatum",
    "postcode",
    "huisnummer",
    "gebouwklasse",
]
"""The stored frame: one row per BAG object, its latest label."""


@dataclass
class LabelRead:
    """What :func:`read_labels` found: the labels, the number of records read, Dutch notes."""

    labels: pd.DataFrame
    read: int
    notes: list[str] = field(default_factory=list)


def _text(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"Bestand niet gevonden: {path}")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def _header_line(lines: list[str]) -> int:
    """The index of the header line: the first of the first 10 lines naming the label column."""
    for i, line in enumerate(lines[:10]):
        if "pand_energieklasse" in line.lower():
            return i
    return 0


def _parse_date(values: pd.Series) -> pd.Series:
    """EP-Online dates ``YYYYMMDD`` (also ``YYYY-MM-DD`` and ``DD-MM-YYYY``); else NaT."""
    text = values.fillna("").astype(str).str.strip().str.slice(0, 10)
    out = pd.to_datetime(text, format="%Y%m%d", errors="coerce")
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        out = out.fillna(pd.to_datetime(text, format=fmt, errors="coerce"))
    return out


def read_labels(path: Path) -> LabelRead:
    """The latest label per BAG object from an EP-Online CSV export (Dutch errors)."""
    lines = _text(Path(path)).splitlines()
    start = _header_line(lines)
    body = "\n".join(lines[start:])
    if not body.strip():
        raise InputError(f"{Path(path).name} is leeg.")
    try:
        frame = pd.read_csv(
            io.StringIO(body), sep=";", dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL
        )
    except (pd.errors.ParserError, ValueError) as err:
        raise InputError(
            f"{Path(path).name} is geen EP-Online-bestand (CSV met ';'): {err}"
        ) from err
    by_lower = {str(c).strip().lower(): c for c in frame.columns}
    missing = [c for c in REQUIRED if c.lower() not in by_lower]
    if not any(c.lower() in by_lower for c in ID_COLUMNS):
        missing.append(" of ".join(ID_COLUMNS))
    if missing:
        raise InputError(
            f"{Path(path).name} mist kolommen van de EP-Online-export: {', '.join(missing)}. "
            f"Gevonden: {', '.join(map(str, frame.columns[:8]))}"
            f"{' …' if len(frame.columns) > 8 else ''}"
        )

    def column(name: str) -> pd.Series:
        key = by_lower.get(name.lower())
        if key is None:
            return pd.Series("", index=frame.index, dtype=object)
        return frame[key].astype(str).str.strip()

    klasse = column("Pand_energieklasse").str.upper()
    vbo = column("Pand_bagverblijfsobjectid")
    pand = column("Pand_bagpandid")
    records = pd.DataFrame(
        {
            "vbo_id": strip_prefix(vbo, UNIT_PREFIX).where(vbo != "", None),
            "pand_id": strip_prefix(pand, PAND_PREFIX).where(pand != "", None),
            "energieklasse": klasse,
            "label": klasse.str.slice(0, 1),
            "registratiedatum": _parse_date(column("Pand_registratiedatum")),
            "opnamedatum": _parse_date(column("Pand_opnamedatum")),
            "postcode": column("Pand_postcode").str.replace(" ", "").str.upper(),
            "huisnummer": column("Pand_huisnummer"),
            "gebouwklasse": column("Pand_gebouwklasse"),
        }
    )
    notes: list[str] = []
    read = len(records)
    keep = records["energieklasse"].isin(CLASSES)
    _count(notes, ~keep, "zonder geldige energieklasse (A+++++ t/m G) overgeslagen")
    no_date = keep & records["registratiedatum"].isna()
    _count(notes, no_date, "zonder leesbare registratiedatum overgeslagen")
    keep &= ~no_date
    no_id = keep & records["vbo_id"].isna() & records["pand_id"].isna()
    _count(notes, no_id, "zonder BAG-id (alleen adres) overgeslagen: koppelen op adres kan niet")
    records = records[keep & ~no_id]
    latest = _latest(records)
    older = len(records) - len(latest)
    if older:
        notes.append(f"{older} oudere labels van hetzelfde object vervangen door het nieuwste")
    return LabelRead(latest.reset_index(drop=True)[COLUMNS], read, notes)


def _count(notes: list[str], mask: pd.Series, text: str) -> None:
    if int(mask.sum()):
        notes.append(f"{int(mask.sum())} regels {text}")


def _latest(records: pd.DataFrame) -> pd.DataFrame:
    """The newest record per object (verblijfsobject id, else pand id) by registration date,
    then opnamedatum."""
    key = records["vbo_id"].fillna("pand:" + records["pand_id"].fillna(""))
    ordered = records.assign(_key=key).sort_values(
        ["_key", "registratiedatum", "opnamedatum"], na_position="first", kind="stable"
    )
    return ordered.drop_duplicates("_key", keep="last").drop(columns="_key")


def with_pand_ids(labels: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Labels whose ``pand_id`` is empty get the pand of their verblijfsobject (``vbo_id``)
    from ``units`` (canonical units frame: ``id``, ``pand_id``); a VBO in several panden goes
    to the first. Labels with a pand id, or whose VBO is not in ``units``, are unchanged.

    >>> labels = pd.DataFrame({"vbo_id": ["0221010000330226", None], "pand_id": [None, "P2"]})
    >>> units = pd.DataFrame({"id": ["0221010000330226"], "pand_id": ["0221100000312938"]})
    >>> with_pand_ids(labels, units)["pand_id"].tolist()
    ['0221100000312938', 'P2']
    """
    if labels.empty or units.empty or "vbo_id" not in labels:
        return labels
    via_vbo = labels["vbo_id"].astype(str).map(first_pand(units))
    out = labels.copy()
    missing = out["pand_id"].isna()
    out.loc[missing, "pand_id"] = via_vbo[missing]
    out["pand_id"] = out["pand_id"].where(out["pand_id"].notna(), None)
    return out
