"""CBS Kerncijfers Wijken en Buurten (KWB) through the CBS OData v3 API and ``cbsodata``.

Download and parsing are separate: ``fetch_*`` functions talk to CBS (and raise
:class:`SourceUnavailable` with a Dutch message when that fails); ``map_columns`` and
``parse_rows`` are pure and turn CBS rows into the canonical long figures frame.

How the request is built (cbsodata 1.3.5): ``cbsodata.get_meta(table, part, filters=...)``
GETs ``{scheme}://{options.catalog_url}/ODataFeed/odata/{table}/{part}?$format=json``
and follows ``odata.nextLink`` paging. The live API refuses queries of more than 10,000
rows, so rows are filtered on the server per gemeente. CBS OData v3 supports
``eq``/``or``/``and`` and the string function ``substringof('x', Field)`` in ``$filter``
(this is what cbsodataR's ``has_substring`` sends, and what KWB users filter
``WijkenEnBuurten`` with); ``startswith`` is not documented for this API. Region keys
are fixed-width codes (``GM0080    ``, ``WK008000  ``, ``BU00800000``) in which the
two-letter prefix only occurs at the start, so

    substringof('GM0080',WijkenEnBuurten) or substringof('WK0080',WijkenEnBuurten)
    or substringof('BU0080',WijkenEnBuurten)

selects exactly the gemeente, its wijken and its buurten. Rows are checked again on our
side by prefix. Keys carry trailing spaces: they are stripped.

Column keys carry year-dependent suffixes (``GemiddeldAardgasverbruikTotaal_61`` in 2024,
``_55`` earlier), so keys are mapped to the stable indicator names of
``data/indicators.csv`` through the table's DataProperties (parent title and title),
never by key.

CBS marks unknown or secret values with ``.`` (null in the typed data set); such values
and the negative missing-value codes of CBS products (-99995 … -99999999) become NaN,
never 0.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import cbsodata
import pandas as pd
import requests

from transitieatlas import config
from transitieatlas.errors import InputError, SourceUnavailable
from transitieatlas.frames import FIGURE_COLUMNS, ImportBatch, Provenance
from transitieatlas.indicators import Indicator, load_indicators
from transitieatlas.sources._http import TIMEOUT_S, Progress, report, unavailable

LICENCE = "Bron: CBS, CC BY 4.0"
SOURCE_NAME = "CBS Kerncijfers wijken en buurten"
REGION_KEY = "WijkenEnBuurten"
NAME_COLUMNS = ["code", "name", "level", "gemeente_code", "wijk_code"]
MISSING_CODE_LIMIT = -99990
"""Values at or below this are CBS missing/secret codes (-99995, -99997, -99999999 …)."""
TRUNCATED_TITLE_MIN = 30
"""CBS truncates long titles (to 40 characters); prefix matches count from this length."""

_GEMEENTE_CODE = re.compile(r"^GM\d{4}$")
_LEVELS = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}


# -- registry of yearly tables ---------------------------------------------------------
@dataclass(frozen=True)
class KwbTable:
    """One yearly KWB table: reporting year, CBS table id, title."""

    year: int
    table_id: str
    title: str


@functools.lru_cache(maxsize=1)
def kwb_tables() -> dict[int, KwbTable]:
    """The known KWB tables by year, from ``data/kwb_tables.csv``."""
    path = config.REFERENCE_DIR / "kwb_tables.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            int(row["year"]): KwbTable(int(row["year"]), row["table_id"].strip(), row["title"])
            for row in csv.DictReader(handle)
        }


def kwb_table(year: int) -> KwbTable:
    """The KWB table of ``year``; :class:`InputError` listing the known years otherwise."""
    tables = kwb_tables()
    if year not in tables:
        known = ", ".join(str(y) for y in sorted(tables))
        raise InputError(
            f"Geen CBS-tabel Kerncijfers wijken en buurten bekend voor {year}. "
            f"Bekende jaren: {known}. Voeg een regel toe aan data/kwb_tables.csv voor een nieuw jaar."
        )
    return tables[year]


def table_title(table_id: str, year: int | None = None) -> str:
    """Title of a KWB table id (from the registry), else a generic one."""
    for table in kwb_tables().values():
        if table.table_id == table_id:
            return table.title
    return f"Kerncijfers wijken en buurten {year}" if year else "Kerncijfers wijken en buurten"


# -- codes -----------------------------------------------------------------------------
def gemeente_code(code: str) -> str:
    """``code`` as a CBS gemeente code (``GM`` + 4 digits, upper case) or :class:`InputError`."""
    cleaned = (code or "").strip().upper()
    if not _GEMEENTE_CODE.match(cleaned):
        raise InputError(
            f"Ongeldige gemeentecode '{code}': verwacht 'GM' en vier cijfers, "
            f"bijvoorbeeld GM0080 (Leeuwarden)."
        )
    return cleaned


def area_level(code: str) -> str | None:
    """``gemeente``, ``wijk`` or ``buurt`` from a CBS area code's prefix; None otherwise."""
    return _LEVELS.get(code[:2]) if len(code) >= 6 else None


def parent_codes(code: str) -> tuple[str, str | None]:
    """``(gemeente_code, wijk_code)`` of a CBS area code; wijk_code only for buurten."""
    digits = code[2:]
    wijk = f"WK{digits[:6]}" if code.startswith("BU") else None
    return f"GM{digits[:4]}", wijk


def gemeente_filter(code: str, field_name: str = REGION_KEY) -> str:
    """OData v3 ``$filter`` selecting a gemeente, its wijken and buurten (see module doc)."""
    digits = gemeente_code(code)[2:]
    return " or ".join(
        f"substringof('{prefix}{digits}',{field_name})" for prefix in ("GM", "WK", "BU")
    )


def _in_gemeente(code: str, gm: str) -> bool:
    digits = gm[2:]
    return any(code.startswith(f"{p}{digits}") for p in ("GM", "WK", "BU"))


# -- download --------------------------------------------------------------------------
@contextlib.contextmanager
def _catalog() -> Iterator[None]:
    """Point cbsodata at ``TRANSITIEATLAS_CBS_URL`` (e.g. ``http://127.0.0.1:8000``) when set."""
    url = config.cbs_url()
    if not url:
        yield
        return
    parts = urlsplit(url if "://" in url else f"https://{url}")
    old_url, old_https = cbsodata.options.catalog_url, cbsodata.options.use_https
    cbsodata.options.catalog_url = parts.netloc + parts.path.rstrip("/")
    cbsodata.options.use_https = parts.scheme == "https"
    try:
        yield
    finally:
        cbsodata.options.catalog_url, cbsodata.options.use_https = old_url, old_https


def _base_url(table_id: str) -> str:
    scheme = "https" if cbsodata.options.use_https else "http"
    return f"{scheme}://{cbsodata.options.catalog_url}/ODataFeed/odata/{table_id}/"


def _get(table_id: str, part: str, **kwargs: Any) -> list[dict]:
    """One OData part of a table through cbsodata, all pages; Dutch errors."""
    with _catalog():
        url = _base_url(table_id) + part
        try:
            return list(cbsodata.get_meta(table_id, part, timeout=TIMEOUT_S, **kwargs))
        except (requests.exceptions.RequestException, ValueError, KeyError, TypeError) as err:
            raise unavailable(f"CBS (tabel {table_id})", url, err) from err


def fetch_data_properties(table_id: str) -> list[dict]:
    """The DataProperties of a CBS table (topics with Key, Title, ParentID, Unit)."""
    return _get(table_id, "DataProperties")


def fetch_table_info(table_id: str) -> dict:
    """The TableInfos record of a CBS table (Title, Modified, …); empty when absent."""
    infos = _get(table_id, "TableInfos")
    return infos[0] if infos else {}


def fetch_rows(table_id: str, gemeente: str) -> list[dict]:
    """The typed data rows of one gemeente, its wijken and buurten (codes stripped).

    Filtered on the server with :func:`gemeente_filter`; checked again here by prefix.
    """
    gm = gemeente_code(gemeente)
    rows = _get(table_id, "TypedDataSet", filters=gemeente_filter(gm))
    out = []
    for row in rows:
        code = str(row.get(REGION_KEY) or "").strip()
        if _in_gemeente(code, gm):
            out.append({**row, REGION_KEY: code})
    return out


def fetch_regions(table_id: str, gemeente: str) -> list[dict]:
    """The region dimension (Key, Title = area name) for one gemeente, keys stripped.

    Filtered on ``Key`` on the server; if the server refuses that filter, the whole
    dimension is read and filtered here.
    """
    gm = gemeente_code(gemeente)
    try:
        regions = _get(table_id, REGION_KEY, filters=gemeente_filter(gm, "Key"))
    except SourceUnavailable as err:
        if not isinstance(err.__cause__, requests.exceptions.HTTPError):
            raise
        regions = _get(table_id, REGION_KEY)
    out = []
    for region in regions:
        key = str(region.get("Key") or "").strip()
        if _in_gemeente(key, gm):
            out.append({**region, "Key": key, "Title": str(region.get("Title") or "").strip()})
    return out


# -- column mapping (pure) -------------------------------------------------------------
def normalise_title(text: str | None) -> str:
    """Casefolded title with unified whitespace (CBS titles carry odd spaces)."""
    text = unicodedata.normalize("NFKC", text or "")
    return " ".join(text.split()).casefold()


def _titles_match(cbs_title: str, wanted: str) -> bool:
    if cbs_title == wanted:
        return True
    shorter, longer = sorted((cbs_title, wanted), key=len)
    return len(shorter) >= TRUNCATED_TITLE_MIN and longer.startswith(shorter)


def _topics(
    data_properties: Iterable[Mapping[str, Any]],
) -> list[tuple[str, tuple[str, ...], Mapping[str, Any]]]:
    """``(key, normalised titles from the topic up through its groups, entry)`` per topic."""
    props = list(data_properties)
    by_id = {p.get("ID"): p for p in props}
    out: list[tuple[str, tuple[str, ...], Mapping[str, Any]]] = []
    for prop in props:
        if prop.get("Type") != "Topic" or not prop.get("Key"):
            continue
        chain = [normalise_title(prop.get("Title"))]
        parent = by_id.get(prop.get("ParentID"))
        while parent is not None and len(chain) < 10:
            chain.append(normalise_title(parent.get("Title")))
            parent = by_id.get(parent.get("ParentID"))
        out.append((str(prop["Key"]), tuple(chain), prop))
    return out


def _path_matches(chain: tuple[str, ...], path: tuple[str, ...]) -> bool:
    """Topic title matches the path's last part, its groups the parts before it."""
    wanted = tuple(normalise_title(p) for p in reversed(path))
    if len(chain) < len(wanted) or not _titles_match(chain[0], wanted[0]):
        return False
    return chain[1 : len(wanted)] == wanted[1:]


def _cbs_indicators(indicators: Mapping[str, Indicator] | None) -> list[Indicator]:
    registry = load_indicators() if indicators is None else indicators
    return [i for i in registry.values() if i.cbs_match]


def map_columns(
    data_properties: Iterable[Mapping[str, Any]],
    indicators: Mapping[str, Indicator] | None = None,
) -> dict[str, str]:
    """Map a table's column keys to stable indicator names: ``{key: indicator name}``.

    An indicator matches a topic when one of its ``cbs_match`` paths equals the topic's
    title and the titles of its groups above it (``Parent/Title``, or longer paths such
    as ``Gemiddeld aardgasverbruik/Naar woningtype/Appartement``); case and whitespace
    are ignored and a CBS title cut off at 40 characters matches the full title it
    starts. A topic without a parent group never matches a ``Parent/Title`` path.
    Alternatives are tried in order; the first that matches wins, and each key serves
    one indicator at most.
    """
    topics = _topics(data_properties)
    mapping: dict[str, str] = {}
    for indicator in _cbs_indicators(indicators):
        key = _find_key(topics, indicator, taken=set(mapping))
        if key:
            mapping[key] = indicator.name
    return mapping


def _find_key(
    topics: list[tuple[str, tuple[str, ...], Mapping[str, Any]]], indicator: Indicator, taken: set
) -> str | None:
    for path in indicator.cbs_paths:
        for key, chain, _ in topics:
            if key not in taken and _path_matches(chain, path):
                return key
    return None


def unmapped_indicators(
    mapping: Mapping[str, str], indicators: Mapping[str, Indicator] | None = None
) -> list[str]:
    """Registry indicators with a ``cbs_match`` that found no column in this table."""
    found = set(mapping.values())
    return sorted(i.name for i in _cbs_indicators(indicators) if i.name not in found)


# -- parsing (pure) --------------------------------------------------------------------
def to_number(value: Any) -> float:
    """A CBS cell as float; missing, secret (``.``, empty, null) and missing codes → NaN."""
    if value is None or isinstance(value, bool):
        return math.nan
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if text in {"", ".", "-", "x", "?"}:
            return math.nan
        try:
            number = float(text)
        except ValueError:
            return math.nan
    else:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return math.nan
    if math.isnan(number) or number <= MISSING_CODE_LIMIT:
        return math.nan
    return number


@dataclass
class KwbParse:
    """Result of :func:`parse_rows`: the figures, the area names and what stayed unmapped."""

    figures: pd.DataFrame
    names: pd.DataFrame
    mapping: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)


def _name_column(data_properties: Iterable[Mapping[str, Any]]) -> str | None:
    """Key of the 'Gemeentenaam' topic (the gemeente's name in every row)."""
    for key, chain, _ in _topics(data_properties):
        if chain[0] == "gemeentenaam":
            return key
    return None


def parse_rows(
    rows: Iterable[Mapping[str, Any]],
    data_properties: Iterable[Mapping[str, Any]],
    table_id: str,
    year: int,
    regions: Iterable[Mapping[str, Any]] | None = None,
    indicators: Mapping[str, Indicator] | None = None,
) -> KwbParse:
    """Turn KWB rows into the canonical long figures frame plus a names table.

    ``figures``: ``code, year, indicator, value, unit, source`` for every mapped column
    (units from the indicator registry; NaN for missing or secret values).
    ``names``: ``code, name, level, gemeente_code, wijk_code`` (names from the region
    dimension ``regions`` when given, else the gemeente name column, else the code).
    """
    registry = load_indicators() if indicators is None else dict(indicators)
    props = list(data_properties)
    mapping = map_columns(props, registry)
    source = f"CBS {table_id} {table_title(table_id, year)}"
    region_names = {
        str(r.get("Key", "")).strip(): str(r.get("Title") or "").strip() for r in regions or []
    }
    gm_name_key = _name_column(props)
    records: list[tuple] = []
    names: dict[str, tuple] = {}
    for row in rows:
        code = str(row.get(REGION_KEY) or "").strip()
        level = area_level(code)
        if level is None:
            continue
        gm, wk = parent_codes(code)
        name = region_names.get(code) or (
            str(row.get(gm_name_key) or "").strip() if level == "gemeente" and gm_name_key else ""
        )
        names[code] = (code, name or code, level, gm, wk)
        for key, indicator in mapping.items():
            unit = registry[indicator].unit
            records.append((code, int(year), indicator, to_number(row.get(key)), unit, source))
    figures = pd.DataFrame.from_records(records, columns=FIGURE_COLUMNS)
    figures = figures.astype({"code": str, "year": "int64", "value": "float64"})
    figures = figures.sort_values(["code", "indicator"]).reset_index(drop=True)
    names_frame = pd.DataFrame(list(names.values()), columns=NAME_COLUMNS)
    return KwbParse(
        figures=figures,
        names=names_frame.sort_values("code").reset_index(drop=True),
        mapping=mapping,
        unmapped=unmapped_indicators(mapping, registry),
    )


# -- the importer ----------------------------------------------------------------------
def fetch_kwb_parsed(gemeente: str, year: int, progress: Progress | None = None) -> KwbParse:
    """Download and parse the KWB figures of one gemeente for one year."""
    gm = gemeente_code(gemeente)
    table = kwb_table(year)
    report(progress, f"CBS {table.table_id}: beschrijving van de kolommen ophalen")
    props = fetch_data_properties(table.table_id)
    report(progress, f"CBS {table.table_id}: cijfers voor {gm}, wijken en buurten ophalen")
    rows = fetch_rows(table.table_id, gm)
    if not rows:
        raise InputError(
            f"CBS-tabel {table.table_id} ({year}) heeft geen gegevens voor gemeentecode {gm}. "
            f"Controleer de code (bijvoorbeeld GM0080 voor Leeuwarden) en het jaar."
        )
    report(progress, f"CBS {table.table_id}: namen van wijken en buurten ophalen")
    regions = fetch_regions(table.table_id, gm)
    parsed = parse_rows(rows, props, table.table_id, year, regions=regions)
    report(
        progress,
        f"CBS {table.table_id}: {len(parsed.names)} gebieden, {len(parsed.mapping)} indicatoren",
    )
    return parsed


def provenance(gemeente: str, year: int, parsed: KwbParse | None = None) -> Provenance:
    """Provenance of a KWB fetch; the gemeente is part of the source so fetches of
    several gemeenten are kept side by side in the store."""
    table = kwb_table(year)
    note = ""
    if parsed is not None and parsed.unmapped:
        note = "Niet in deze tabel: " + ", ".join(parsed.unmapped)
    with _catalog():
        origin = _base_url(table.table_id) + "TypedDataSet"
    return Provenance(
        source=f"{SOURCE_NAME} {year}, gemeente {gemeente}",
        table_id=table.table_id,
        year=year,
        retrieved=date.today().isoformat(),
        licence=LICENCE,
        origin=f"{origin}?$filter={gemeente_filter(gemeente)}",
        note=note,
    )


def fetch_kwb(gemeente: str, year: int, progress: Progress | None = None) -> ImportBatch:
    """KWB figures of one gemeente (gemeente, wijken, buurten) for ``year`` as an ImportBatch.

    Raises :class:`InputError` for an invalid gemeente code, an unknown year or a
    gemeente the table does not hold, and :class:`SourceUnavailable` when CBS cannot be
    reached.
    """
    gm = gemeente_code(gemeente)
    parsed = fetch_kwb_parsed(gm, year, progress)
    return ImportBatch().add("figures", parsed.figures, provenance(gm, year, parsed))
