"""Actors of the transitiekaart: validation, file rows, export text, escaping, overviews.

Pure domain code: no database, no streamlit, no files. Parsers take the file's content
(text or bytes) and return rows; exporters return text. Coordinates are WGS84 lon/lat in
degrees; buurt polygons come in as a GeoDataFrame (EPSG:28992, from the store).

Source of the fields and the workflow: issue 4 and section 4.3.1 of the source document
(the presidium's transitiekaart), modelled on the Noorden Duurzaam transitieatlas.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from transitieatlas.actors.records import ActorHistoryEntry, ActorRecord, RelationRecord
from transitieatlas.csvsafe import neutralise_cell, restore_cell
from transitieatlas.errors import InputError
from transitieatlas.geledingen import COLOURS, GELEDINGEN, LABELS

STATUSES: tuple[str, ...] = ("pending", "approved", "rejected")
"""Workflow states: submitted (zelfmelding), approved (on the public map), rejected."""

STATUS_LABELS: dict[str, str] = {
    "pending": "ingediend",
    "approved": "goedgekeurd",
    "rejected": "afgewezen",
}

KIND_SUGGESTIONS: tuple[str, ...] = (
    "bewonersvereniging",
    "huurdersvereniging",
    "energiecoöperatie",
    "school",
    "sportclub",
    "kerk of moskee",
    "zorginstelling",
    "winkel",
    "installateur",
    "woningcorporatie",
    "gemeente",
    "netbeheerder",
    "kennisinstelling",
    "adviesbureau",
)
"""Suggestions for the free field ``kind`` (the form offers them; others are allowed)."""

RELATION_SUGGESTIONS: tuple[str, ...] = (
    "lid van",
    "werkt samen met",
    "onderdeel van",
    "financiert",
    "adviseert",
)

NL_BBOX = (3.2, 50.7, 7.3, 53.7)
"""Rough WGS84 box around the Netherlands: (min lon, min lat, max lon, max lat), degrees."""

CSV_COLUMNS: tuple[str, ...] = (
    "name",
    "geleding",
    "kind",
    "description",
    "website",
    "contact",
    "address",
    "lon",
    "lat",
    "tags",
    "buurt",
    "status",
)
"""Columns of the CSV export; import needs ``name`` and ``geleding``, the rest is optional."""

TEXT_FIELDS: tuple[str, ...] = ("name", "kind", "description", "website", "contact", "address")
MAX_LENGTHS = {
    "name": 300,
    "kind": 100,
    "website": 500,
    "contact": 500,
    "address": 500,
    "description": 5000,
    "private_contact": 500,
}
"""Longest text per field (characters); also the widgets' ``max_chars``."""
MAX_TAGS = 30
MAX_TAG_LENGTH = 50
MAX_SUBMITTER_LENGTH = 200
CSV_FIELD_LIMIT = 16 * 1024 * 1024
"""Largest CSV cell read (bytes): far above every accepted field, so exports re-import."""
RELATION_LINE_COLOUR = "#555555"

# --- escaping -----------------------------------------------------------------------------


def escape_html(text: Any) -> str:
    """Escape user text for HTML (tooltips, popups): ``<``, ``>``, ``&`` and quotes."""
    return html.escape("" if text is None else str(text), quote=True)


def safe_url(url: str) -> str:
    """``url`` when it is an http(s) address, else ``""`` (no ``javascript:`` links)."""
    text = (url or "").strip()
    return text if re.match(r"^https?://[^\s<>\"']+$", text, re.IGNORECASE) else ""


# --- rows and problems --------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One problem in an imported file: where (row label), which field, why (Dutch)."""

    row: str
    field: str
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.row}, {self.field}: {self.reason}"
            if self.field
            else f"{self.row}: {self.reason}"
        )


@dataclass
class RawRow:
    """A row as read from a file: its label as the user sees it and its text values."""

    label: str
    values: dict[str, str] = field(default_factory=dict)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)
    return str(value)


def _normalise_header(name: Any) -> str:
    return str(name or "").strip().lower().lstrip("\ufeff")


def parse_csv(text: str) -> list[RawRow]:
    """Rows of a CSV text (separator ``,`` or ``;``, UTF-8 with or without BOM).

    Row labels follow the spreadsheet: the header is row 1, the first actor row 2.
    Cells guarded by :func:`neutralise_cell` are restored.
    """
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[RawRow] = []
    header: list[str] | None = None
    try:
        numbered = list(enumerate(reader, start=1))
    except csv.Error as err:
        raise InputError(
            f"Het CSV-bestand is niet te lezen bij rij {reader.line_num}: een cel is groter "
            f"dan {CSV_FIELD_LIMIT // (1024 * 1024)} MB of een aanhalingsteken sluit niet."
        ) from err
    for number, values in numbered:
        if header is None:
            header = [_normalise_header(h) for h in values]
            continue
        if not any(v.strip() for v in values):
            continue
        record = {h: restore_cell(v) for h, v in zip(header, values, strict=False) if h}
        rows.append(RawRow(f"rij {number}", record))
    if header is None:
        raise InputError("Het CSV-bestand is leeg.")
    _check_header(header)
    return rows


def parse_xlsx(content: bytes) -> list[RawRow]:
    """Rows of the first sheet of an Excel file (header in row 1, as in the spreadsheet)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several types for a broken file
        raise InputError(f"Het Excel-bestand kan niet worden gelezen ({err}).") from err
    sheet = workbook.worksheets[0]
    rows: list[RawRow] = []
    header: list[str] | None = None
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if header is None:
            header = [_normalise_header(h) for h in values]
            continue
        cells = [_cell(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        record = {h: restore_cell(c) for h, c in zip(header, cells, strict=False) if h}
        rows.append(RawRow(f"rij {number}", record))
    workbook.close()
    if header is None:
        raise InputError("Het Excel-bestand is leeg.")
    _check_header(header)
    return rows


def parse_geojson(text: str) -> list[RawRow]:
    """Rows of a GeoJSON FeatureCollection of points (WGS84); labels ``object N`` (1-based)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            f"Het GeoJSON-bestand is geen geldige JSON ({err.msg}, regel {err.lineno})."
        ) from err
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InputError("Het GeoJSON-bestand moet een FeatureCollection zijn.")
    rows = []
    for number, feature in enumerate(data.get("features") or [], start=1):
        props = dict((feature or {}).get("properties") or {})
        record = {_normalise_header(k): _geojson_value(v) for k, v in props.items()}
        geometry = (feature or {}).get("geometry")
        if geometry:
            if geometry.get("type") != "Point":
                record["_geometry_error"] = f"geometrie is een {geometry.get('type')}, geen punt"
            else:
                lon, lat = (list(geometry.get("coordinates") or []) + [None, None])[:2]
                record["lon"], record["lat"] = _cell(lon), _cell(lat)
        rows.append(RawRow(f"object {number}", record))
    return rows


def _geojson_value(value: Any) -> str:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return _cell(value)


def _check_header(header: Sequence[str]) -> None:
    missing = [c for c in ("name", "geleding") if c not in header]
    if missing:
        raise InputError(
            "De kopregel (rij 1) mist de kolom(men): " + ", ".join(missing) + ".",
            [f"verwachte kolommen: {', '.join(CSV_COLUMNS)}"],
        )


def parse_file(name: str, content: bytes) -> list[RawRow]:
    """Choose the parser by file extension: ``.csv``, ``.geojson``/``.json``, ``.xlsx``."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return parse_xlsx(content)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    if lower.endswith((".geojson", ".json")):
        return parse_geojson(text)
    if lower.endswith((".csv", ".txt")):
        return parse_csv(text)
    raise InputError(f"Onbekend bestandstype '{name}': gebruik .csv, .geojson of .xlsx.")


# --- validation ---------------------------------------------------------------------------


def split_tags(value: Any) -> list[str]:
    """Tags from a list or a ``;``-separated text: stripped, empty and repeated ones dropped."""
    items = value if isinstance(value, list | tuple) else str(value or "").split(";")
    return list(dict.fromkeys(t.strip() for t in map(str, items) if str(t).strip()))


def _parse_coordinate(text: Any) -> float | None:
    if text is None:
        return None
    if isinstance(text, int | float):
        return float(text)
    value = str(text).strip().replace(",", ".")
    if not value:
        return None
    return float(value)


def _validate_location(data: dict[str, Any], out: dict[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    coords: dict[str, float | None] = {}
    for axis in ("lon", "lat"):
        try:
            coords[axis] = _parse_coordinate(data.get(axis))
        except ValueError:
            problems.append((axis, f"'{data.get(axis)}' is geen getal"))
            coords[axis] = None
    if problems:
        return problems
    lon, lat = coords["lon"], coords["lat"]
    if (lon is None) != (lat is None):
        return [("lon/lat", "vul lengte- én breedtegraad in, of geen van beide")]
    if lon is not None and lat is not None:
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return [("lon/lat", "coördinaten zijn geen eindige getallen")]
        min_lon, min_lat, max_lon, max_lat = NL_BBOX
        if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            return [
                (
                    "lon/lat",
                    f"punt ({lon}, {lat}) ligt buiten Nederland "
                    f"(lengtegraad {min_lon}–{max_lon}, breedtegraad {min_lat}–{max_lat}; "
                    "let op: eerst lon, dan lat, in WGS84-graden)",
                )
            ]
    out["lon"], out["lat"] = lon, lat
    return []


def validate_actor(data: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Clean one actor's fields; returns ``(clean, problems)`` with problems ``(field, reason)``.

    ``clean`` has: name, geleding, kind, description, website, contact, private_contact,
    address, lon, lat (degrees WGS84 or None), tags (list), buurt_code, and status when given.
    """
    problems: list[tuple[str, str]] = []
    out: dict[str, Any] = {f: str(data.get(f) or "").strip() for f in TEXT_FIELDS}
    out["private_contact"] = str(data.get("private_contact") or "").strip()
    out["description"] = str(data.get("description") or "").strip()
    if not out["name"]:
        problems.append(("name", "de naam is leeg"))
    for name, limit in MAX_LENGTHS.items():
        if len(out[name]) > limit:
            problems.append((name, f"langer dan {limit} tekens"))
    geleding = str(data.get("geleding") or "").strip().lower()
    if geleding not in GELEDINGEN:
        shown = f"'{data.get('geleding')}'" if geleding else "(leeg)"
        problems.append(
            ("geleding", f"onbekende geleding {shown}; kies uit {', '.join(GELEDINGEN)}")
        )
    out["geleding"] = geleding
    if out["website"] and not safe_url(out["website"]):
        problems.append(("website", "moet beginnen met http:// of https:// (zonder spaties)"))
    problems += _validate_location(data, out)
    out["tags"] = split_tags(data.get("tags"))
    if len(out["tags"]) > MAX_TAGS:
        problems.append(("tags", f"meer dan {MAX_TAGS} labels ({len(out['tags'])})"))
    if any(len(t) > MAX_TAG_LENGTH for t in out["tags"]):
        problems.append(("tags", f"een label is langer dan {MAX_TAG_LENGTH} tekens"))
    out["buurt_code"] = str(data.get("buurt_code") or data.get("buurt") or "").strip()
    if len(out["buurt_code"]) > 30:
        problems.append(("buurt_code", "langer dan 30 tekens"))
    status = str(data.get("status") or "").strip().lower()
    if status:
        if status not in STATUSES:
            problems.append(
                ("status", f"onbekende status '{status}'; kies uit {', '.join(STATUSES)}")
            )
        out["status"] = status
    return out, problems


def duplicate_key(actor: dict[str, Any]) -> tuple[str, float | None, float | None]:
    """Two actors are the same when name (case and spaces ignored) and place (≈10 m) match."""
    name = " ".join(str(actor.get("name") or "").casefold().split())
    lon, lat = actor.get("lon"), actor.get("lat")
    return (
        name,
        None if lon is None else round(float(lon), 4),
        None if lat is None else round(float(lat), 4),
    )


def validate_rows(
    rows: Iterable[RawRow], existing: Iterable[dict[str, Any]] = ()
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Validate every row; returns clean actors and *all* problems (empty when all is well).

    ``existing`` are the actors already in the database (duplicates of them are reported).
    """
    seen = {duplicate_key(a): "de database" for a in existing}
    clean_rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for row in rows:
        clean, row_problems = validate_actor(row.values)
        if "_geometry_error" in row.values:
            row_problems.append(("geometry", row.values["_geometry_error"]))
        problems += [Problem(row.label, f, r) for f, r in row_problems]
        if row_problems:
            continue
        key = duplicate_key(clean)
        if key in seen:
            problems.append(
                Problem(
                    row.label,
                    "name",
                    f"dubbel: '{clean['name']}' op deze plek staat al in {seen[key]}",
                )
            )
            continue
        seen[key] = row.label
        clean_rows.append(clean)
    return clean_rows, problems


def raise_problems(problems: Sequence[Problem], total: int) -> None:
    """Raise one InputError listing every problem (nothing has been written)."""
    if problems:
        raise InputError(
            f"{len(problems)} {'probleem' if len(problems) == 1 else 'problemen'} in het bestand "
            f"({total} {'rij' if total == 1 else 'rijen'}); er is niets opgeslagen:",
            [str(p) for p in problems],
        )


# --- export -------------------------------------------------------------------------------


def _format_coordinate(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def to_csv(actors: Iterable[ActorRecord]) -> str:
    """CSV text with :data:`CSV_COLUMNS` (tags ``;``-separated, formula cells guarded)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for actor in actors:
        row = []
        for column in CSV_COLUMNS:
            if column in ("lon", "lat"):
                row.append(_format_coordinate(getattr(actor, column)))
                continue
            if column == "tags":
                value = ";".join(actor.tags)
            elif column == "buurt":
                value = actor.buurt_code or ""
            else:
                value = str(getattr(actor, column) or "")
            row.append(neutralise_cell(value))
        writer.writerow(row)
    return buffer.getvalue()


def to_geojson(actors: Iterable[ActorRecord]) -> str:
    """GeoJSON FeatureCollection (WGS84); actors without a location get ``geometry: null``."""
    features = []
    for actor in actors:
        props: dict[str, Any] = {
            c: getattr(actor, c) or ""
            for c in CSV_COLUMNS
            if c not in ("lon", "lat", "tags", "buurt")
        }
        props["tags"] = list(actor.tags)
        props["buurt"] = actor.buurt_code or ""
        lon, lat = actor.lon, actor.lat
        geometry = (
            None if lon is None or lat is None else {"type": "Point", "coordinates": [lon, lat]}
        )
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return (
        json.dumps(
            {"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1
        )
        + "\n"
    )


# --- buurt from location ------------------------------------------------------------------


def buurt_codes_for_points(points: Sequence[tuple[float, float]], buurten: Any) -> list[str]:
    """The buurt code under each (lon, lat) point (WGS84), ``""`` where none.

    ``buurten`` is a GeoDataFrame with ``code`` and polygons (normally EPSG:28992 from the
    store); points are projected to its CRS before the point-in-polygon test.
    """
    if not points:
        return []
    if buurten is None or len(buurten) == 0:
        return [""] * len(points)
    import geopandas as gpd

    frame = gpd.GeoDataFrame(
        {"_i": range(len(points))},
        geometry=gpd.points_from_xy([p[0] for p in points], [p[1] for p in points]),
        crs="EPSG:4326",
    ).to_crs(buurten.crs)
    joined = gpd.sjoin(frame, buurten[["code", "geometry"]], how="left", predicate="within")
    joined = joined.sort_values(["_i", "code"]).drop_duplicates("_i")
    return [str(c) if isinstance(c, str) else "" for c in joined.sort_values("_i")["code"]]


# --- map payload and overviews ------------------------------------------------------------


def popup_html(actor: ActorRecord) -> str:
    """Escaped HTML for a marker popup: name, geleding, kind, description, website link."""
    parts = [f"<b>{escape_html(actor.name)}</b>"]
    label = LABELS.get(actor.geleding, actor.geleding or "")
    sub = " · ".join(escape_html(x) for x in (label, actor.kind) if x)
    if sub:
        parts.append(f"<i>{sub}</i>")
    if actor.description:
        parts.append(escape_html(actor.description))
    url = safe_url(actor.website or "")
    if url:
        parts.append(
            f'<a href="{escape_html(url)}" target="_blank" rel="noopener">{escape_html(url)}</a>'
        )
    if actor.contact:
        parts.append("Contact: " + escape_html(actor.contact))
    return "<br>".join(parts)


def popup_text(actor: ActorRecord) -> str:
    """Plain-text popup (for components that render text, not HTML)."""
    label = LABELS.get(actor.geleding, actor.geleding or "")
    lines = [actor.name or "", " · ".join(x for x in (label, actor.kind) if x)]
    for text in (actor.description, actor.website, actor.contact):
        if text:
            lines.append(text)
    return "\n".join(line for line in lines if line)


def filter_actors(
    actors: Iterable[ActorRecord],
    geledingen: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    tags: Iterable[str] | None = None,
) -> list[ActorRecord]:
    """Actors matching all given filters (an empty/None filter lets everything through).

    ``tags``: an actor matches when it has at least one of them.
    """
    g, k, t = (set(x) if x else None for x in (geledingen, kinds, tags))
    return [
        a
        for a in actors
        if (g is None or a.geleding in g)
        and (k is None or a.kind in k)
        and (t is None or bool(t & set(a.tags)))
    ]


def map_markers(actors: Iterable[ActorRecord], show_status: bool = False) -> list[dict[str, Any]]:
    """Marker dicts for the map component: ``id, lat, lon, colour, label, popup`` (text).

    Actors without a location are left out; the colour is the geleding's (Okabe-Ito).
    ``show_status`` prefixes the label of actors that are not approved, e.g. "(ingediend)".
    """

    def label(a: ActorRecord) -> str:
        status = a.status
        prefix = (
            f"({STATUS_LABELS.get(status, status)}) "
            if show_status and status != "approved"
            else ""
        )
        return prefix + (a.name or "")

    return [
        {
            "id": str(a.id),
            "lat": float(a.lat),
            "lon": float(a.lon),
            "colour": COLOURS.get(a.geleding, "#777777"),
            "label": label(a),
            "popup": popup_text(a),
            "group": a.geleding,
        }
        for a in actors
        if a.lat is not None and a.lon is not None
    ]


def relation_lines(
    actors: Iterable[ActorRecord], relations: Iterable[RelationRecord]
) -> list[dict[str, Any]]:
    """Lines between related actors that both have a location: ``id, coords [[lat, lon]…],
    colour, label`` (label like "Buurtvereniging – lid van → Energiecoöperatie")."""
    by_id = {a.id: a for a in actors if a.located}
    lines = []
    for rel in relations:
        source, target = by_id.get(rel.source_id), by_id.get(rel.target_id)
        if source is None or target is None:
            continue
        lines.append(
            {
                "id": f"rel-{rel.id}",
                "coords": [[source.lat, source.lon], [target.lat, target.lon]],
                "colour": RELATION_LINE_COLOUR,
                "label": f"{source.name} – {rel.kind} → {target.name}",
            }
        )
    return lines


def legend() -> list[dict[str, str]]:
    """Legend entries in the fixed geleding order: ``label, colour``."""
    return [{"label": LABELS[g], "colour": COLOURS[g]} for g in GELEDINGEN]


def geleding_overview(actors: Iterable[ActorRecord]) -> pd.DataFrame:
    """One row per geleding, always all five: ``geleding, label, colour, count, vacant``.

    A geleding without actors keeps its row with count 0 and ``vacant`` True (an empty seat).
    """
    counts = pd.Series([a.geleding for a in actors], dtype="object").value_counts()
    rows = [
        {
            "geleding": g,
            "label": LABELS[g],
            "colour": COLOURS[g],
            "count": int(counts.get(g, 0)),
        }
        for g in GELEDINGEN
    ]
    frame = pd.DataFrame(rows)
    frame["vacant"] = frame["count"] == 0
    return frame


def overview_by_buurt(
    actors: Iterable[ActorRecord], buurt_names: dict[str, str] | None = None
) -> pd.DataFrame:
    """Counts per buurt (rows) and geleding (columns, all five, zeros kept).

    Index: buurt name (or code, or "zonder buurt"); columns the five geledingen and ``totaal``.
    """
    names = buurt_names or {}
    records = [
        {
            "buurt": names.get(a.buurt_code or "", a.buurt_code or "zonder buurt"),
            "geleding": a.geleding,
        }
        for a in actors
    ]
    if not records:
        frame = pd.DataFrame(columns=list(GELEDINGEN), dtype="int64")
        frame.index.name = "buurt"
    else:
        frame = pd.crosstab(pd.DataFrame(records)["buurt"], pd.DataFrame(records)["geleding"])
        frame = frame.reindex(columns=list(GELEDINGEN), fill_value=0)
        frame.columns.name = None
    frame["totaal"] = frame.sum(axis=1).astype("int64")
    return frame.sort_index()


# --- tables for the pages -----------------------------------------------------------------

FIELD_LABELS: dict[str, str] = {
    "name": "Naam",
    "geleding": "Geleding",
    "kind": "Soort",
    "description": "Rol in de transitie",
    "website": "Website",
    "contact": "Contact (openbaar)",
    "private_contact": "Contact (alleen redactie)",
    "address": "Adres",
    "lon": "Lengtegraad",
    "lat": "Breedtegraad",
    "buurt_code": "Buurt",
    "tags": "Labels",
    "status": "Status",
    "deleted": "Verwijderd",
    "relatie": "Relatie",
}

ACTION_LABELS: dict[str, str] = {
    "submit": "aangemeld",
    "create": "toegevoegd",
    "import": "geïmporteerd",
    "edit": "gewijzigd",
    "approve": "goedgekeurd",
    "reject": "afgewezen",
    "delete": "verwijderd",
    "restore": "teruggezet",
    "relation": "relatie",
}


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def overview_table(actors: Iterable[ActorRecord]) -> pd.DataFrame:
    """The five-geledingen overview in Dutch: ``Geleding, Actoren, Zetel`` (vacant seats kept)."""
    frame = geleding_overview(actors)
    return pd.DataFrame(
        {
            "Geleding": frame["label"],
            "Actoren": frame["count"],
            "Zetel": ["vacant (lege zetel)" if v else "bezet" for v in frame["vacant"]],
        }
    )


def conflict_table(differences: Iterable[tuple[str, Any, Any]]) -> pd.DataFrame:
    """Both versions side by side: ``Veld, Uw versie, Opgeslagen versie`` (as text)."""
    rows = [
        {
            "Veld": FIELD_LABELS.get(f, f),
            "Uw versie": _shown(mine),
            "Opgeslagen versie": _shown(theirs),
        }
        for f, mine, theirs in differences
    ]
    return pd.DataFrame(rows, columns=["Veld", "Uw versie", "Opgeslagen versie"])


def history_table(history: Iterable[ActorHistoryEntry]) -> pd.DataFrame:
    """History rows in Dutch: ``Wanneer (UTC), Wie, Wat, Veld, Oud, Nieuw``."""
    rows = [
        {
            "Wanneer (UTC)": h.at.replace("T", " "),
            "Wie": h.user,
            "Wat": ACTION_LABELS.get(h.action, h.action),
            "Veld": FIELD_LABELS.get(h.field, h.field),
            "Oud": _shown(h.old),
            "Nieuw": _shown(h.new),
        }
        for h in history
    ]
    return pd.DataFrame(rows, columns=["Wanneer (UTC)", "Wie", "Wat", "Veld", "Oud", "Nieuw"])


def actor_table(actors: Iterable[ActorRecord]) -> pd.DataFrame:
    """A list of actors for a page table: ``Nr, Naam, Geleding, Soort, Buurt, Status, Labels``."""
    rows = [
        {
            "Nr": a.id,
            "Naam": a.name,
            "Geleding": LABELS.get(a.geleding, a.geleding),
            "Soort": a.kind,
            "Buurt": a.buurt_code,
            "Status": STATUS_LABELS.get(a.status, a.status),
            "Labels": "; ".join(a.tags),
        }
        for a in actors
    ]
    return pd.DataFrame(
        rows, columns=["Nr", "Naam", "Geleding", "Soort", "Buurt", "Status", "Labels"]
    )


def all_kinds(actors: Iterable[ActorRecord]) -> list[str]:
    """Suggested kinds plus those in use, sorted, without empties."""
    return sorted({*KIND_SUGGESTIONS, *(a.kind for a in actors if a.kind)})


def all_tags(actors: Iterable[ActorRecord]) -> list[str]:
    """Every tag in use, sorted."""
    return sorted({t for a in actors for t in a.tags})
