"""Sign-up (intekenen, source document 4.5.11): rows, checks, and the public counts.

Households or building owners sign up per **buurt** and **demand group** (a plain group
name, e.g. from the segmentation). A row is a sign-up (``ingetekend``) or a doubter to
visit (``twijfel``). Personal data (name, contact) are kept only with recorded consent;
one address (or BAG id) signs up once per campaign.

The public side shows only counts per buurt × group: ``households`` (the denominator the
campaign team enters), ``signed_up`` and ``share`` = signed_up / households, with the
threshold lines of ``data/council_constants.csv`` (60 % and 75 %).

>>> address_key("", " Dorpsstraat  12a, Ons Dorp ")
'adres:dorpsstraat 12a ons dorp'
>>> address_key("0193010000123456", "Dorpsstraat 12a")
'bag:0193010000123456'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from transitieatlas.actors.model import Problem
from transitieatlas.council import constants
from transitieatlas.csvsafe import neutralise_cell, restore_cell
from transitieatlas.errors import InputError

STATUSES: dict[str, str] = {"ingetekend": "ingetekend", "twijfel": "twijfelt (bezoeken)"}
PUBLIC_COLUMNS = ["buurt", "group", "households", "signed_up", "share"]
"""The only columns of the public export: no names, contacts or addresses."""
PRIVATE_COLUMNS = [
    "id",
    "address",
    "bag_id",
    "buurt",
    "group",
    "status",
    "name",
    "contact",
    "consent",
    "date",
]
HEADER_ALIASES: dict[str, str] = {
    "address": "address",
    "adres": "address",
    "bag_id": "bag_id",
    "bag": "bag_id",
    "bag-id": "bag_id",
    "buurt": "buurt",
    "buurtcode": "buurt",
    "group": "group",
    "groep": "group",
    "vraaggroep": "group",
    "name": "name",
    "naam": "name",
    "contact": "contact",
    "consent": "consent",
    "toestemming": "consent",
    "date": "date",
    "datum": "date",
    "status": "status",
}
REQUIRED = ("buurt", "group", "consent", "date")
YES = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
NO = {"nee", "n", "no", "false", "onwaar", "0", ""}
BUURT_CODE = re.compile(r"^(BU\d{8}|GM\d{4}-[0-9A-Za-z]+)$")
BAG_ID = re.compile(r"^\d{16}$")
MAX_LENGTHS: dict[str, int] = {"address": 200, "name": 100, "contact": 200, "group": 100}
"""Longest accepted text per field (characters); the database columns are longer."""
FIELD_WORDS = {"address": "het adres", "name": "de naam", "contact": "het contact",
               "group": "de vraaggroep"}  # fmt: skip
SELF_SIGNUP_OPEN = ("voorbereiding", "lopend")
"""Campaign statuses in which households can sign up themselves."""
CONSENT_TEXT = (
    "Ik geef het campagneteam van '{campaign}' toestemming om mijn adres, en mijn naam en "
    "contactgegevens als ik die invul, te bewaren voor deze campagne en mij daarover te "
    "benaderen. Alleen het campagneteam ziet deze gegevens; openbaar zijn alleen aantallen "
    "per buurt en vraaggroep. Ik kan deze toestemming altijd intrekken: dan verwijdert het "
    "campagneteam mijn intekening."
)
"""The consent a household agrees to on the public sign-up page (kept with the sign-up)."""


def thresholds() -> tuple[float, float]:
    """The two threshold lines as shares (``signup_threshold_low``/``_high``)."""
    return (constants.value("signup_threshold_low"), constants.value("signup_threshold_high"))


def address_key(bag_id: str, address: str) -> str:
    """The key that makes one address sign up only once: the BAG id, else the address
    in lower case with punctuation and repeated spaces removed."""
    if bag_id.strip():
        return f"bag:{bag_id.strip()}"
    words = re.sub(r"[^\w]+", " ", address.lower()).split()
    return "adres:" + " ".join(words)


def parse_date(text: str) -> date:
    """``2026-03-01``, ``1-3-2026`` or ``01-03-2026`` → a date (ValueError otherwise)."""
    text = text.strip().split(" ")[0].split("T")[0]
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


# --- reading files ------------------------------------------------------------------------


def read_table(name: str, content: bytes) -> list[tuple[str, dict[str, str]]]:
    """``(row label, values)`` of a CSV (``,`` or ``;``) or XLSX file; labels as in a
    spreadsheet (header = rij 1). Headers may be English or Dutch (:data:`HEADER_ALIASES`)."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        raw = _xlsx_rows(content)
    elif lower.endswith((".csv", ".txt")):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252")
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        raw = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    else:
        raise InputError(f"Onbekend bestandstype '{name}': gebruik .csv of .xlsx.")
    if not raw:
        raise InputError(f"'{name}' is leeg.")
    header = [HEADER_ALIASES.get(str(h or "").strip().lower(), "") for h in raw[0]]
    missing = [c for c in REQUIRED if c not in header]
    if "address" not in header and "bag_id" not in header:
        missing.insert(0, "address of bag_id")
    if missing:
        raise InputError(
            f"De kopregel (rij 1) van '{name}' mist de kolom(men): {', '.join(missing)}.",
            ["verwachte kolommen: address of bag_id, buurt, group, name, contact, consent, date"],
        )
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        cells = ["" if v is None else str(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        record = {h: restore_cell(c).strip() for h, c in zip(header, cells, strict=False) if h}
        rows.append((f"rij {number}", record))
    return rows


def _xlsx_rows(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several types for a broken file
        raise InputError(f"Het Excel-bestand kan niet worden gelezen ({err}).") from err
    rows = []
    for values in book.worksheets[0].iter_rows(values_only=True):
        rows.append([v.date().isoformat() if isinstance(v, datetime) else v for v in values])
    book.close()
    return rows


# --- checking -----------------------------------------------------------------------------


def check_signup(
    values: Mapping[str, str], today: date
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One sign-up's clean values and its problems as ``(field, Dutch reason)``."""
    problems: list[tuple[str, str]] = []
    bag_id = values.get("bag_id", "").strip()
    address = values.get("address", "").strip()
    if not bag_id and not address:
        problems.append(("address", "geen adres en geen BAG-id"))
    if bag_id and not BAG_ID.match(bag_id):
        problems.append(("bag_id", f"'{bag_id}' is geen BAG-id (16 cijfers)"))
    buurt = values.get("buurt", "").strip()
    if not BUURT_CODE.match(buurt):
        problems.append(("buurt", f"'{buurt}' is geen buurtcode (bijvoorbeeld BU01930100)"))
    group = values.get("group", "").strip()
    if not group:
        problems.append(("group", "geen vraaggroep"))
    consent_text = values.get("consent", "").strip().lower()
    consent = consent_text in YES
    if consent_text not in YES | NO:
        problems.append(("consent", f"'{values.get('consent')}' is geen ja of nee"))
    name, contact = values.get("name", "").strip(), values.get("contact", "").strip()
    for field, limit in MAX_LENGTHS.items():
        if len(values.get(field, "").strip()) > limit:
            problems.append((field, f"{FIELD_WORDS[field]} is langer dan {limit} tekens"))
    if (name or contact) and not consent:
        problems.append(
            ("consent", "naam of contact zonder toestemming: laat ze leeg of vraag toestemming")
        )
    status = values.get("status", "").strip().lower() or "ingetekend"
    if status not in STATUSES:
        problems.append(("status", f"'{status}' is onbekend (kies: {', '.join(STATUSES)})"))
    signed_on: date | None = None
    try:
        signed_on = parse_date(values.get("date", ""))
    except ValueError:
        problems.append(("date", f"'{values.get('date', '')}' is geen datum (jjjj-mm-dd)"))
    if signed_on is not None and signed_on > today:
        problems.append(("date", f"{signed_on.isoformat()} ligt in de toekomst"))
    clean = {
        "address": address,
        "bag_id": bag_id,
        "address_key": address_key(bag_id, address),
        "buurt": buurt,
        "group": group,
        "status": status,
        "name": name,
        "contact": contact,
        "consent": consent,
        "signed_on": signed_on,
    }
    return clean, problems


def check_rows(
    rows: Iterable[tuple[str, Mapping[str, str]]],
    existing_keys: Iterable[str],
    today: date,
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Every row checked; clean rows and *all* problems (by row). Addresses already signed
    up (``existing_keys``) or twice in the file are refused."""
    seen = {k: "de database" for k in existing_keys}
    clean_rows, problems = [], []
    for label, values in rows:
        clean, row_problems = check_signup(values, today)
        problems += [Problem(label, f, r) for f, r in row_problems]
        if row_problems:
            continue
        key = clean["address_key"]
        if key in seen:
            shown = clean["bag_id"] or clean["address"]
            problems.append(
                Problem(label, "address", f"'{shown}' heeft al ingetekend (zie {seen[key]})")
            )
            continue
        seen[key] = label
        clean_rows.append(clean)
    return clean_rows, problems


def self_signup_problems(
    values: Mapping[str, str],
    consent: bool,
    open_pairs: Iterable[tuple[str, str]],
    campaign_status: str,
) -> list[str]:
    """Dutch problems with a household's own sign-up beyond :func:`check_signup`: the
    campaign must be open, the buurt × group one the team opened (entered households for),
    consent given, and a doubter must leave a way to reach them."""
    problems = []
    if campaign_status not in SELF_SIGNUP_OPEN:
        problems.append("bij deze campagne kunt u niet (meer) intekenen")
    pair = (values.get("buurt", "").strip(), values.get("group", "").strip())
    if pair not in set(open_pairs):
        problems.append(
            f"de campagne is niet open voor buurt '{pair[0]}' en vraaggroep '{pair[1]}'"
        )
    if not consent:
        problems.append("zonder toestemming kunnen we uw intekening niet bewaren")
    if values.get("status", "").strip() == "twijfel" and not values.get("contact", "").strip():
        problems.append("wilt u bezoek? Laat dan een telefoonnummer of e-mailadres achter")
    return problems


# --- public counts ------------------------------------------------------------------------


def public_counts(
    signups: Iterable[Mapping[str, Any]], households: Mapping[tuple[str, str], int]
) -> list[dict[str, Any]]:
    """Rows ``buurt, group, households, signed_up, share`` (share None without a
    denominator), sorted by buurt and group; only status ``ingetekend`` counts."""
    counts: dict[tuple[str, str], int] = {key: 0 for key in households}
    for s in signups:
        key = (s["buurt"], s["group"])
        counts.setdefault(key, 0)
        if s["status"] == "ingetekend":
            counts[key] += 1
    rows = []
    for (buurt, group), signed in sorted(counts.items()):
        total = households.get((buurt, group))
        share = round(signed / total, 4) if total else None
        rows.append(
            {
                "buurt": buurt,
                "group": group,
                "households": total,
                "signed_up": signed,
                "share": share,
            }
        )
    return rows


def threshold_label(share: float | None) -> str:
    """Dutch word for a share against the two threshold lines."""
    low, high = thresholds()
    if share is None:
        return "onbekend aantal huishoudens"
    if share >= high:
        return f"boven {high:.0%}"
    if share >= low:
        return f"boven {low:.0%}"
    return f"onder {low:.0%}"


def by_buurt(rows: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    """Share per buurt over all groups (sum signed up / sum households; None if unknown)."""
    totals: dict[str, list[int]] = {}
    for r in rows:
        if r["households"]:
            t = totals.setdefault(r["buurt"], [0, 0])
            t[0] += r["signed_up"]
            t[1] += r["households"]
        else:
            totals.setdefault(r["buurt"], [0, 0])
    return {b: (round(s / h, 4) if h else None) for b, (s, h) in totals.items()}


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """CSV text of ``rows`` with exactly ``columns``; text cells guarded against formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                neutralise_cell(v) if isinstance(v, str) else ("" if v is None else v)
                for v in (row.get(c) for c in columns)
            ]
        )
    return buffer.getvalue()


THRESHOLD_COLOURS = {"onder": "#D55E00", "laag": "#E69F00", "hoog": "#009E73"}
"""Okabe-Ito: below the first line vermilion, between the lines orange, above both green."""


def threshold_class(share: float | None) -> str | None:
    """``onder``, ``laag`` (between the lines) or ``hoog``; None without a denominator."""
    if share is None:
        return None
    low, high = thresholds()
    return "hoog" if share >= high else "laag" if share >= low else "onder"


def map_style(
    shares: Mapping[str, float | None], names: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]:
    """Colours, tooltips and legend of the sign-up map: one share per buurt (:func:`by_buurt`)."""
    low, high = thresholds()
    colours, tooltips = {}, {}
    for code, share in shares.items():
        klass = threshold_class(share)
        if klass:
            colours[code] = THRESHOLD_COLOURS[klass]
        shown = "aantal huishoudens onbekend" if share is None else f"{share:.0%} ingetekend"
        tooltips[code] = f"{names.get(code, code)}: {shown}"
    legend = [
        (THRESHOLD_COLOURS["onder"], f"minder dan {low:.0%}"),
        (THRESHOLD_COLOURS["laag"], f"{low:.0%} tot {high:.0%}"),
        (THRESHOLD_COLOURS["hoog"], f"{high:.0%} of meer"),
    ]
    return colours, tooltips, legend


def chart_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows for the public bar chart: one bar per buurt × group with its share in %."""
    return [
        {
            "buurt × groep": f"{r['buurt']} · {r['group']}",
            "ingetekend (%)": round(r["share"] * 100, 1),
        }
        for r in rows
        if r["share"] is not None
    ]
