"""Import key figures from CSV/XLSX tables keyed by CBS area code or by area name.

Column names vary per source, so each source has a column mapping kept as data in
``data/column_mappings/<source>.csv`` with the columns
``source_column,indicator,unit,factor,note``: a source column becomes figures of
``indicator`` (a stable name from ``data/indicators.csv`` or a source-specific one) in
``unit``, after multiplying by ``factor`` (e.g. 100 for a fraction 0–1 that should be %,
0.001 for euro → x 1 000 euro). A row with an empty ``indicator`` marks a column that is
skipped on purpose (a key, a name, an id). Every other column is reported as unmapped,
never dropped silently. Headers are compared after normalising case, accents and
punctuation, so ``CO₂-uitstoot Woningen (elektriciteit) [kton]`` and
``co2-uitstoot_woningen_(elektriciteit)_[kton]`` are the same column.

Keys: a column of CBS codes (``GM0080``, ``WK008000``, ``BU00800000`` or the codes of a
municipal division already in the store), or a column of area names, matched against the
areas in the store within one gemeente (case, accents and punctuation ignored).
CBS missing-value codes (-99995 … -99999999), ``?``, ``.``, ``x`` and empty cells become NaN.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from transitieatlas import config
from transitieatlas.csvsafe import restore_frame, restore_value
from transitieatlas.errors import InputError
from transitieatlas.frames import FIGURE_COLUMNS, AreaReader, ImportBatch, Provenance

MAPPING_COLUMNS = ("source_column", "indicator", "unit", "factor", "note")
MISSING_CODE_LIMIT = -99990.0
"""CBS products mark missing or secret values with large negative codes (-99995 … -99999999)."""
CBS_CODE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8})$")
CODE_HEADERS = {
    "code", "gwb_code", "gwb_code_10", "gwb_code_8", "buurtcode", "buurt_code", "wijkcode",
    "wijk_code", "gemeentecode", "gemeente_code", "regiocode", "statcode", "gebiedscode",
    "codering", "codering_3", "wijkenenbuurten", "wijken_en_buurten",
}  # fmt: skip
NAME_HEADERS = {
    "naam", "name", "buurt", "buurtnaam", "buurt_naam", "wijk", "wijknaam", "wijk_naam",
    "gebied", "gebiedsnaam", "regio", "regionaam", "regio_s", "omschrijving", "statnaam",
    "buurten", "wijken",
}  # fmt: skip
YEAR_HEADERS = {"jaar", "year", "perioden", "periode"}
MAX_TABLE_BYTES = 64_000_000
"""Largest CSV or XLSX read (bytes on disk, 64 MB); see docs/grenzen.md."""
MAX_XLSX_UNPACKED_BYTES = 256_000_000
"""Largest XLSX content once unpacked (an XLSX is a zip file; 256 MB)."""


@dataclass(frozen=True)
class ColumnRule:
    """One row of a column mapping: how a source column becomes an indicator."""

    source_column: str
    indicator: str
    unit: str
    factor: float
    note: str = ""


@dataclass
class TableResult:
    """What :func:`import_table` found: the batch to write and what it could not use."""

    batch: ImportBatch
    figures: pd.DataFrame
    mapped: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    unmatched_keys: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# -- normalising ------------------------------------------------------------------------
def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def header_key(text: object) -> str:
    """Header normalised for matching: lower case, no accents, punctuation → ``_``."""
    return re.sub(r"[^a-z0-9]+", "_", _ascii("" if text is None else str(text))).strip("_")


def normalise_name(text: object) -> str:
    """Area name normalised for matching: lower case, no accents, no punctuation."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", _ascii(str(text))).split())


def numeric(values: pd.Series) -> pd.Series:
    """Cells as float: decimal commas read, missing markers and CBS missing codes → NaN."""
    if pd.api.types.is_bool_dtype(values):
        return values.astype(float)
    if not pd.api.types.is_numeric_dtype(values):
        converted = pd.to_numeric(values, errors="coerce")
        failed = converted.isna() & values.notna()
        if failed.any():
            text = values[failed].astype(str).str.strip()
            text = text[text.str.contains(",", regex=False)]
            if not text.empty:
                fixed = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
                converted = converted.astype(float)
                converted.loc[text.index] = pd.to_numeric(fixed, errors="coerce")
        values = converted
    out = pd.to_numeric(values, errors="coerce").astype(float)
    return out.mask(out <= MISSING_CODE_LIMIT)


# -- mappings ---------------------------------------------------------------------------
def mappings_dir() -> Path:
    return config.REFERENCE_DIR / "column_mappings"


def available_sources() -> list[str]:
    """Names of the sources that have a column mapping."""
    return sorted(p.stem for p in mappings_dir().glob("*.csv"))


def load_mapping(source: str) -> dict[str, ColumnRule]:
    """The column mapping of ``source``, keyed by :func:`header_key` of the source column."""
    path = mappings_dir() / f"{source}.csv"
    if not path.is_file():
        raise InputError(
            f"Geen kolomindeling voor bron '{source}'. Bekend: {', '.join(available_sources())}."
        )
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in MAPPING_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path.name}: kolommen ontbreken: {', '.join(missing)}")
        rules = {}
        for row in reader:
            factor = float(row["factor"]) if (row.get("factor") or "").strip() else 1.0
            rule = ColumnRule(
                row["source_column"], (row["indicator"] or "").strip(), row["unit"] or "",
                factor, row.get("note") or "",
            )  # fmt: skip
            rules[header_key(rule.source_column)] = rule
    return rules


def wide_to_figures(
    frame: pd.DataFrame,
    codes: pd.Series,
    years: int | pd.Series,
    rules: dict[str, ColumnRule],
    source: str,
    skip: Iterable[str] = (),
) -> tuple[pd.DataFrame, list[str]]:
    """Turn a wide table (one row per area) into long figures through ``rules``.

    Returns the figures (canonical columns, NaN for missing values) and the names of
    the columns that no rule covers (``skip`` lists key columns that are not reported).
    """
    skipped = {header_key(s) for s in skip}
    if not isinstance(years, pd.Series):
        years = pd.Series(years, index=frame.index)
    parts, unmapped = [], []
    for column in frame.columns:
        key = header_key(column)
        if key in skipped or column == "geometry":
            continue
        rule = rules.get(key)
        if rule is None:
            unmapped.append(str(column))
            continue
        if not rule.indicator:
            continue
        parts.append(
            pd.DataFrame(
                {
                    "code": codes.astype(str).values,
                    "year": years.astype("int64").values,
                    "indicator": rule.indicator,
                    "value": (numeric(frame[column]) * rule.factor).values,
                    "unit": rule.unit,
                    "source": source,
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=FIGURE_COLUMNS), unmapped
    figures = pd.concat(parts, ignore_index=True)
    figures = figures.drop_duplicates(["code", "year", "indicator"], keep="last")
    return figures.reset_index(drop=True), unmapped


ALL_ZERO_NOTE = "overal 0, in de bron ontbrekend, als leeg opgeslagen"
"""Warning for :func:`zero_everywhere_to_missing` (the same words for every source)."""


def zero_everywhere_to_missing(figures: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """One rule for every source: an indicator that is 0 in every area of a file (for one
    year, at least two areas) was missing in the source, not measured as 0.

    Such exports write missing values as 0 (the Utrecht 2020 rows give every buurt of the
    province a distance of 0 km to the nearest forest and railway station). The values
    become NaN; returns the figures and the indicators changed (sorted).
    """
    if figures.empty:
        return figures, []
    values = pd.to_numeric(figures["value"], errors="coerce")
    grouped = values.groupby([figures["indicator"], figures["year"]])
    codes = figures.groupby(["indicator", "year"])["code"].nunique()
    zero = grouped.apply(lambda v: bool(v.notna().any() and (v.fillna(0) == 0).all()))
    hit = zero[zero & (codes.reindex(zero.index) >= 2)].index
    if not len(hit):
        return figures, []
    keys = pd.MultiIndex.from_arrays([figures["indicator"], figures["year"]])
    mask = keys.isin(hit)
    out = figures.copy()
    out.loc[mask, "value"] = np.nan
    return out, sorted({indicator for indicator, _ in hit})


# -- reading tables ---------------------------------------------------------------------
def read_table(path: Path) -> tuple[pd.DataFrame, str]:
    """A CSV or XLSX file as a DataFrame of text/number cells plus its title text.

    XLSX: the first sheet; rows above the header (a title such as
    ``Thema's - 2015 - Buurten (2023) van Gemeente Zwolle``) become the title text, and
    the data stop at the first empty row (below it are legends and sources).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: bestand niet gevonden.")
    kind = path.suffix.lower()
    _check_table_size(path)
    try:
        if kind in (".csv", ".txt", ".tsv"):
            return _read_csv(path), ""
        if kind in (".xlsx", ".xlsm"):
            return _read_xlsx(path)
    except InputError:
        raise
    except Exception as err:  # pandas/openpyxl raise many types; all mean "unreadable"
        raise InputError(f"{path.name}: deze tabel kan niet worden gelezen ({err}).") from err
    raise InputError(f"{path.name}: onbekend tabeltype '{kind}'. Bruikbaar zijn: .csv, .xlsx.")


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:g}".replace(".", ",")


def _check_table_size(path: Path) -> None:
    """Refuse a table above :data:`MAX_TABLE_BYTES` (or an XLSX that unpacks above
    :data:`MAX_XLSX_UNPACKED_BYTES`) before reading it, in Dutch."""
    size = path.stat().st_size
    hint = "; knip de tabel op (bijvoorbeeld per gemeente), zie docs/grenzen.md."
    if size > MAX_TABLE_BYTES:
        raise InputError(
            f"{path.name}: de tabel is groter dan {_megabytes(MAX_TABLE_BYTES)} MB "
            f"({_megabytes(size)} MB){hint}"
        )
    if path.suffix.lower() in (".xlsx", ".xlsm") and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise InputError(
                f"{path.name}: de tabel is uitgepakt groter dan "
                f"{_megabytes(MAX_XLSX_UNPACKED_BYTES)} MB{hint}"
            )


def _check_field_counts(text: str, sep: str, name: str) -> None:
    """:class:`InputError` naming the rows with more fields than the header (one line)."""
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header = next(reader, [])
    wide = []
    for row in reader:
        if len(row) > len(header):
            wide.append(f"rij {reader.line_num} heeft {len(row)} velden, de kop {len(header)}")
    if wide:
        more = f" (en nog {len(wide) - 3} rijen)" if len(wide) > 3 else ""
        raise InputError(
            f"{name}: {'; '.join(wide[:3])}{more}. Staat er een scheidingsteken "
            f"('{sep}') in een waarde zonder aanhalingstekens?"
        )


def _read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # Excel on Windows writes cp1252
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        sep = dialect.delimiter
    except csv.Error:
        sep = ","
    _check_field_counts(text, sep, path.name)
    frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    if frame.shape[1] < 2:
        raise InputError(f"{path.name}: dit is geen tabel met kolommen (scheidingsteken , of ;).")
    frame = restore_frame(frame)  # undo the formula guard of files this tool wrote
    if sep == ";":  # Dutch spreadsheet export: 1.250,5 means 1250.5
        frame = frame.apply(_dutch_numbers)
    return _drop_index_column(frame)


_DUTCH_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+,\d+$")


def _dutch_numbers(column: pd.Series) -> pd.Series:
    """Cells written as Dutch numbers (thousands dots, decimal comma) in Python notation."""
    text = column.astype(str).str.strip()
    dutch = text.str.match(_DUTCH_NUMBER)
    fixed = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return column.mask(dutch, fixed)


def _drop_index_column(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop a leading unnamed 0, 1, 2 … column (a pandas index written to the file)."""
    first = frame.columns[0]
    if str(first) == "" or str(first).startswith("Unnamed"):
        values = pd.to_numeric(frame[first], errors="coerce")
        if values.notna().all() and (values.diff().dropna() == 1).all():
            return frame.drop(columns=first)
    return frame


def _cell_value(cell: Any) -> Any:
    """A cell's value as shown in Excel: a percent-formatted 0.08 is shown as 8 %, so return 8.

    Klimaatmonitor exports store "Percentage woningen met zonnepanelen [%]" as fractions with
    the format ``#0%``; the same figure in other exports is 8, not 0.08.
    """
    value = restore_value(cell.value)
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in fmt:
        return value * 100
    return value


def _read_xlsx(path: Path) -> tuple[pd.DataFrame, str]:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Workbook contains no default style"
        book = openpyxl.load_workbook(path, data_only=True)
    try:
        rows = [[_cell_value(c) for c in r] for r in book.worksheets[0].iter_rows()]
    finally:
        book.close()
    _check_formulas(path, rows)
    filled = [sum(1 for c in r if c not in (None, "")) for r in rows]
    header_at = next((i for i, n in enumerate(filled) if n >= 2), None)
    if header_at is None:
        raise InputError(f"{path.name}: geen tabel gevonden (geen rij met kolomnamen).")
    title = " ".join(str(c) for r in rows[:header_at] for c in r if c not in (None, ""))
    header = ["" if c is None else str(c).strip() for c in rows[header_at]]
    body = []
    for row, count in zip(rows[header_at + 1 :], filled[header_at + 1 :], strict=True):
        if count == 0:
            break
        body.append([("" if c is None else c) for c in row[: len(header)]])
    header = [h or f"kolom_{i + 1}" if i else h for i, h in enumerate(header)]
    return pd.DataFrame(body, columns=header, dtype=object), title


def _check_formulas(path: Path, values: list[list[Any]]) -> None:
    """:class:`InputError` when formula cells have no stored result.

    A file written by a program that does not calculate (a script, openpyxl) keeps the
    formula only; read as values those cells would be empty and overwrite earlier figures.
    """
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(path, data_only=False, read_only=True)
    try:
        lost = [
            cell.coordinate
            for r, row in enumerate(book.worksheets[0].iter_rows())
            for c, cell in enumerate(row)
            if cell.data_type == "f" and _value_at(values, r, c) in (None, "")
        ]
    finally:
        book.close()
    if lost:
        raise InputError(
            f"{path.name}: {len(lost)} cel(len) met een formule zonder berekende waarde "
            f"(bijvoorbeeld {', '.join(lost[:3])}); open het bestand in Excel of LibreOffice, "
            "sla het opnieuw op en importeer het dan, of exporteer het als CSV."
        )


def _value_at(values: list[list[Any]], r: int, c: int) -> Any:
    return values[r][c] if r < len(values) and c < len(values[r]) else None


# -- keys -------------------------------------------------------------------------------
def find_code_column(frame: pd.DataFrame) -> str | None:
    """A column of area codes: by header, or by values that look like CBS codes."""
    for column in frame.columns:
        if header_key(column) in CODE_HEADERS:
            return column
    for column in frame.columns:
        values = frame[column].astype(str).str.strip()
        if len(values) and values.str.match(CBS_CODE).mean() >= 0.8:
            return column
    return None


def find_name_column(frame: pd.DataFrame) -> str | None:
    """A column of area names: by header, or an unnamed first column holding text."""
    for column in frame.columns:
        if header_key(column) in NAME_HEADERS:
            return column
    first = frame.columns[0]
    if header_key(first) == "":
        values = frame[first]
        is_text = values.map(lambda v: isinstance(v, str) and not _is_number(v))
        if len(values) and is_text.mean() >= 0.8:
            return first
    return None


def find_year_column(frame: pd.DataFrame) -> str | None:
    return next((c for c in frame.columns if header_key(c) in YEAR_HEADERS), None)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def year_from_text(text: str) -> int | None:
    """The first plausible year (1990–2099) in a title or file name."""
    match = re.search(r"(?<!\d)(199\d|20\d\d)(?!\d)", text or "")
    return int(match.group(1)) if match else None


def match_names(
    names: pd.Series, areas: pd.DataFrame, gemeente: str | None = None
) -> tuple[pd.Series, str | None]:
    """Area codes for ``names`` within one gemeente (NaN where no area has that name).

    Without ``gemeente`` the gemeente whose areas match most names is used. Buurten win
    over wijken with the same name; for the same name in several years the latest wins.
    Returns the codes and the gemeente code used.
    """
    wanted = names.map(normalise_name)
    pool = areas[areas["level"].isin(["buurt", "wijk"])].copy()
    if pool.empty:
        return pd.Series(np.nan, index=names.index, dtype=object), gemeente
    pool["key"] = pool["name"].map(normalise_name)
    if gemeente is None:
        hits = pool[pool["key"].isin(set(wanted))]
        if hits.empty:
            return pd.Series(np.nan, index=names.index, dtype=object), None
        gemeente = str(hits.groupby("gemeente_code")["key"].nunique().idxmax())
    pool = pool[pool["gemeente_code"] == gemeente]
    pool = pool.assign(
        _buurt=(pool["level"] == "buurt").astype(int),
        _year=pd.to_numeric(pool["year"], errors="coerce").fillna(0),
    ).sort_values(["_buurt", "_year"])
    lookup = pool.drop_duplicates("key", keep="last").set_index("key")["code"]
    return wanted.map(lookup), gemeente


# -- the importer -----------------------------------------------------------------------
def import_table(
    path: str | Path,
    known_areas: AreaReader,
    source: str | None = None,
    gemeente: str | None = None,
    year: int | None = None,
    require_known: bool = True,
    provenance: Provenance | None = None,
    areas: pd.DataFrame | None = None,
) -> TableResult:
    """Read a CSV/XLSX of key figures into an :class:`ImportBatch` of figures.

    ``source``: name of a column mapping in ``data/column_mappings`` (default: the one
    whose source columns cover most headers). ``gemeente``: limit name matching to this
    gemeente (default: the best-matching one). ``year``: year of the figures (default: a
    ``jaar``/``year`` column, else the first year in the title or the file name).
    ``known_areas``: the areas imported so far (the store, seen through
    :class:`~transitieatlas.frames.AreaReader`). ``require_known``: codes must match those
    areas. ``areas``: the areas of ``gemeente`` when the caller has them already.

    Raises :class:`InputError` (Dutch, naming the file) when the table has no code or name
    column, when no key matches an area, or when no year can be found. Nothing is written.
    """
    path = Path(path)
    gemeente = gemeente.strip().upper() if gemeente else None
    frame, title = read_table(path)
    if frame.empty:
        raise InputError(f"{path.name}: de tabel bevat geen rijen.")
    source, rules = (source, load_mapping(source)) if source else best_mapping(frame)
    codes, key_column, warns = _resolve_keys(
        path, frame, known_areas, gemeente, require_known, areas
    )
    year_column = find_year_column(frame)
    years = _resolve_years(path, frame, title, year, year_column)
    keep = codes.notna()
    label = f"{path.name} (kolomindeling {source})" if source else path.name
    figures, unmapped = wide_to_figures(
        frame[keep], codes[keep], years[keep], rules, label, skip=[key_column, year_column or ""]
    )
    if figures.empty:
        raise InputError(
            f"{path.name}: geen enkele kolom hoort bij een bekende indicator. "
            f"Niet herkende kolommen: {', '.join(unmapped[:12])}."
        )
    unmatched = sorted({str(v) for v in frame.loc[~keep, key_column]})
    if unmatched:
        warns.append(f"{len(unmatched)} rijen zonder bijpassend gebied overgeslagen")
    prov = provenance or Provenance(
        source=label,
        table_id=path.name,
        year=int(years.max()),
        retrieved=date.today().isoformat(),
        licence="",
        origin=str(path),
    )
    batch = ImportBatch().add("figures", figures, prov)
    mapped = {
        c: r.indicator for c in frame.columns if (r := rules.get(header_key(c))) and r.indicator
    }
    return TableResult(batch, figures, mapped, unmapped, unmatched, warns)


def best_mapping(frame: pd.DataFrame) -> tuple[str | None, dict[str, ColumnRule]]:
    """The column mapping that maps most of the table's headers to indicators (ties: the
    one that knows most headers at all); ``(None, {})`` when none maps any."""
    keys = {header_key(c) for c in frame.columns}
    best: tuple[str | None, dict[str, ColumnRule]] = (None, {})
    best_score = (0, 0)
    for source in available_sources():
        rules = load_mapping(source)
        score = (len(keys & {k for k, r in rules.items() if r.indicator}), len(keys & set(rules)))
        if score[0] > 0 and score > best_score:
            best, best_score = (source, rules), score
    return best


def _resolve_keys(
    path: Path,
    frame: pd.DataFrame,
    known_areas: AreaReader,
    gemeente: str | None,
    require_known: bool,
    areas: pd.DataFrame | None = None,
) -> tuple[pd.Series, str, list[str]]:
    """The area code of every row (NaN where none matches), the key column, warnings."""
    code_column = find_code_column(frame)
    if code_column is not None:
        codes = frame[code_column].astype(str).str.strip()
        if not require_known:
            return codes.where(codes.str.match(CBS_CODE)), code_column, []
        known = set(known_areas.areas(codes=set(codes))["code"])
        matched = codes.where(codes.isin(known))
        if matched.notna().any():
            return matched, code_column, []
        raise InputError(
            f"{path.name}: geen enkele code in kolom '{code_column}' komt overeen met een "
            f"gebied in de opslag (bijvoorbeeld {codes.iloc[0]}). Importeer eerst de gebieden "
            f"(transitieatlas fetch of import van een kaartbestand)."
        )
    name_column = find_name_column(frame)
    if name_column is None:
        raise InputError(
            f"{path.name}: geen kolom met gebiedscodes (zoals BU00800000) of gebiedsnamen "
            f"gevonden. Kolommen: {', '.join(str(c) for c in frame.columns[:12])}."
        )
    if areas is None:
        areas = known_areas.areas(gemeente=gemeente)
    codes, gm = match_names(frame[name_column], areas, gemeente)
    if codes.notna().sum() == 0:
        raise InputError(
            f"{path.name}: geen enkele naam in kolom '{name_column or '(eerste kolom)'}' komt "
            f"overeen met een buurt of wijk in de opslag"
            + (f" binnen {gemeente}" if gemeente else "")
            + ". Importeer eerst de gebieden van deze gemeente."
        )
    return codes, name_column, [f"namen gekoppeld aan gebieden van {gm}"]


def _resolve_years(
    path: Path, frame: pd.DataFrame, title: str, year: int | None, year_column: str | None
) -> pd.Series:
    if year is not None:
        return pd.Series(int(year), index=frame.index)
    if year_column is not None:
        years = numeric(frame[year_column])
        if years.notna().all():
            return years.astype("int64")
    found = year_from_text(title) or year_from_text(path.stem)
    if found is None:
        raise InputError(
            f"{path.name}: geen jaar gevonden (geen kolom 'jaar' en geen jaartal in de titel "
            f"of bestandsnaam). Geef het jaar op met --year."
        )
    return pd.Series(found, index=frame.index)
