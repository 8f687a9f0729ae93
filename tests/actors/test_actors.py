"""Tests of the pure actor domain: parsing, validation, escaping, export text, overviews."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pytest
from openpyxl import Workbook
from shapely.geometry import box

from transitieatlas.actors import model as d
from transitieatlas.actors.records import ActorHistoryEntry, ActorRecord, RelationRecord
from transitieatlas.errors import InputError

XSS = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    ("raw", "guarded"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+31 58 123", "'+31 58 123"),
        ("-5 graden", "'-5 graden"),
        ("@home", "'@home"),
        ("\tx", "'\tx"),
        ("'=al beschermd", "''=al beschermd"),
        ("'gewoon", "'gewoon"),
        ("gewoon = tekst", "gewoon = tekst"),
        ("", ""),
    ],
)
def test_neutralise_and_restore_are_exact_inverses(raw, guarded):
    assert d.neutralise_cell(raw) == guarded
    assert d.restore_cell(guarded) == raw


def test_escape_and_popup_html_show_tags_as_text():
    actor = ActorRecord(
        id=1,
        name=XSS,
        geleding="burgers",
        kind="<b>",
        description="a & b",
        website="javascript:alert(1)",
    )
    html = d.popup_html(actor)
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "a &amp; b" in html
    assert "javascript" not in html
    assert d.escape_html('"x"') == "&quot;x&quot;"
    assert d.safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert d.safe_url("javascript:alert(1)") == ""
    assert d.safe_url('https://x.nl/"onmouseover=') == ""


def test_validate_actor_cleans_and_reports_all_problems():
    clean, problems = d.validate_actor(
        {
            "name": "  Dorpsbelang  ",
            "geleding": " Burgers ",
            "lon": "5,79",
            "lat": "53.2",
            "tags": "wup; ;wup;zon",
            "website": "https://db.nl",
        }
    )
    assert problems == []
    assert clean["name"] == "Dorpsbelang" and clean["geleding"] == "burgers"
    assert (clean["lon"], clean["lat"]) == (5.79, 53.2)
    assert clean["tags"] == ["wup", "zon"]
    _, problems = d.validate_actor(
        {"name": "", "geleding": "boeren", "lon": "4.9", "lat": "", "website": "www.x.nl"}
    )
    fields = [f for f, _ in problems]
    assert fields == ["name", "geleding", "website", "lon/lat"]


def _csv(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def test_bad_rows_are_all_reported_with_spreadsheet_row_numbers():
    text = _csv(
        [
            "name,geleding,kind,description,website,lon,lat,tags",
            "Dorpshuis,voorzieningen,dorpshuis,,,5.80,53.20,",  # row 2 ok
            "Boerderij,boeren,,,,5.81,53.21,",  # row 3 unknown geleding
            "Parijs,overheid,,,,2.35,48.85,",  # row 4 outside NL
            ",burgers,,,,5.82,53.22,",  # row 5 empty name
            "dorpshuis,voorzieningen,,,,5.80001,53.20001,",  # row 6 duplicate of row 2
        ]
    )
    rows = d.parse_csv(text)
    clean, problems = d.validate_rows(rows)
    assert [c["name"] for c in clean] == ["Dorpshuis"]
    assert [(p.row, p.field) for p in problems] == [
        ("rij 3", "geleding"),
        ("rij 4", "lon/lat"),
        ("rij 5", "name"),
        ("rij 6", "name"),
    ]
    assert "boeren" in problems[0].reason
    assert "buiten Nederland" in problems[1].reason
    assert "dubbel" in problems[3].reason and "rij 2" in problems[3].reason
    with pytest.raises(InputError) as err:
        d.raise_problems(problems, len(rows))
    assert len(err.value.problems) == 4
    assert "niets opgeslagen" in str(err.value)


def test_duplicate_of_existing_database_actor_is_reported():
    rows = d.parse_csv(_csv(["name,geleding,lon,lat", "Kerk,voorzieningen,5.8,53.2"]))
    _, problems = d.validate_rows(rows, existing=[{"name": "KERK ", "lon": 5.8, "lat": 53.2}])
    assert [(p.row, p.field) for p in problems] == [("rij 2", "name")]
    assert "database" in problems[0].reason


def test_parse_csv_semicolon_bom_multiline_and_missing_header():
    text = '\ufeffname;geleding;description\nA;kennis;"twee\nregels"\n\nB;overheid;x\n'
    rows = d.parse_csv(text)
    assert [(r.label, r.values["name"]) for r in rows] == [("rij 2", "A"), ("rij 4", "B")]
    assert rows[0].values["description"] == "twee\nregels"
    with pytest.raises(InputError, match="geleding"):
        d.parse_csv("name,kind\nA,school\n")


SAMPLE = [
    ActorRecord(
        id=1,
        name=XSS,
        geleding="burgers",
        kind="vereniging",
        description='=HYPERLINK("http://evil")\nen meer, met "quotes"',
        website="https://a.nl",
        contact="+31 58 1234567",
        address="Kerkstraat 1",
        lon=5.7999999999999,
        lat=53.2,
        tags=("wup", "-min"),
        buurt_code="BU00800000",
        status="approved",
    ),
    ActorRecord(id=2, name="Gemeente", geleding="overheid", status="pending"),
]


def _record(clean: dict, actor_id: int = 0) -> ActorRecord:
    """A cleaned row (from validate_rows) as the record the repository would return."""
    values = {k: v for k, v in clean.items() if k != "private_contact"}
    return ActorRecord(id=actor_id, **{**values, "tags": tuple(values["tags"])})


def _comparable(actor: ActorRecord):
    keys = [
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
        "buurt_code",
        "status",
    ]
    return {k: getattr(actor, k) for k in keys}


def test_csv_export_guards_formulas_and_round_trips_exactly():
    text = d.to_csv(SAMPLE)
    assert text.splitlines()[0] == ",".join(d.CSV_COLUMNS)
    assert "'=HYPERLINK" in text and "'+31 58" in text and "wup;-min" in text
    clean, problems = d.validate_rows(d.parse_csv(text))
    assert problems == []
    assert [_comparable(_record(c)) for c in clean] == [_comparable(a) for a in SAMPLE]
    assert d.to_csv([_record(c) for c in clean]) == text


def test_geojson_round_trip_and_point_check():
    text = d.to_geojson(SAMPLE)
    data = json.loads(text)
    assert data["features"][0]["geometry"] == {
        "type": "Point",
        "coordinates": [5.7999999999999, 53.2],
    }
    assert data["features"][1]["geometry"] is None
    clean, problems = d.validate_rows(d.parse_geojson(text))
    assert problems == []
    assert [_comparable(_record(c)) for c in clean] == [_comparable(a) for a in SAMPLE]
    bad = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [[5, 53], [6, 53]]},
                "properties": {"name": "Lijn", "geleding": "kennis"},
            }
        ],
    }
    _, problems = d.validate_rows(d.parse_geojson(json.dumps(bad)))
    assert [(p.row, p.field) for p in problems] == [("object 1", "geometry")]


def test_parse_xlsx_reads_first_sheet_with_row_numbers():
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "Geleding", "lon", "lat", "tags"])
    ws.append(["Basisschool De Wilg", "voorzieningen", 5.79, 53.2, "school;wup"])
    ws.append([None, None, None, None, None])
    ws.append(["Installateur", "fabriek", 5.8, 53.21, None])
    buffer = io.BytesIO()
    wb.save(buffer)
    rows = d.parse_file("actoren.xlsx", buffer.getvalue())
    assert [r.label for r in rows] == ["rij 2", "rij 4"]
    clean, problems = d.validate_rows(rows)
    assert clean[0]["lon"] == 5.79 and clean[0]["tags"] == ["school", "wup"]
    assert [(p.row, p.field) for p in problems] == [("rij 4", "geleding")]
    with pytest.raises(InputError, match="Onbekend bestandstype"):
        d.parse_file("actoren.pdf", b"")


def test_geleding_overview_keeps_vacant_seats():
    frame = d.geleding_overview(
        [ActorRecord(i, "x", g) for i, g in enumerate(["burgers", "burgers", "kennis"])]
    )
    assert list(frame["geleding"]) == [
        "kennis",
        "burgers",
        "bedrijven",
        "voorzieningen",
        "overheid",
    ]
    assert list(frame["count"]) == [1, 2, 0, 0, 0]
    assert list(frame["vacant"]) == [False, False, True, True, True]
    assert d.geleding_overview([])["vacant"].all()


def test_overview_by_buurt_counts_all_five_columns():
    actors = [
        ActorRecord(1, "a", "burgers", buurt_code="BU1"),
        ActorRecord(2, "b", "burgers", buurt_code="BU1"),
        ActorRecord(3, "c", "overheid"),
    ]
    frame = d.overview_by_buurt(actors, {"BU1": "Oud-Oost"})
    assert list(frame.columns) == [*d.GELEDINGEN, "totaal"]
    assert frame.loc["Oud-Oost", "burgers"] == 2 and frame.loc["Oud-Oost", "kennis"] == 0
    assert frame.loc["zonder buurt", "overheid"] == 1
    assert list(frame["totaal"]) == [2, 1]
    assert d.overview_by_buurt([]).empty


def test_markers_coloured_by_geleding_and_filters():
    actors = [
        ActorRecord(1, "A", "kennis", kind="school", lon=5.8, lat=53.2, tags=("x",)),
        ActorRecord(2, "B", "overheid", kind="gemeente", lon=5.9, lat=53.1),
        ActorRecord(3, "C", "burgers", tags=("x",), status="pending"),
    ]
    markers = d.map_markers(actors)
    assert [(m["id"], m["colour"]) for m in markers] == [
        ("1", "#0072B2"),
        ("2", d.COLOURS["overheid"]),
    ]
    assert [a.id for a in d.filter_actors(actors, tags=["x"])] == [1, 3]
    assert [a.id for a in d.filter_actors(actors, geledingen=["overheid"], kinds=["gemeente"])] == [
        2
    ]
    lines = d.relation_lines(
        actors,
        [RelationRecord(7, 1, 2, "lid van"), RelationRecord(8, 1, 3, "lid van")],
    )
    assert lines == [
        {
            "id": "rel-7",
            "coords": [[53.2, 5.8], [53.1, 5.9]],
            "colour": d.RELATION_LINE_COLOUR,
            "label": "A – lid van → B",
        }
    ]
    assert len({e["colour"] for e in d.legend()}) == 5


def test_tables_for_the_pages_read_the_records():
    actors = [
        ActorRecord(4, "Kerk", "voorzieningen", kind="kerk", buurt_code="BU1", tags=("a", "b")),
        ActorRecord(5, "Club", "burgers", kind="sportclub", status="pending"),
    ]
    table = d.actor_table(actors)
    assert table.values.tolist() == [
        [4, "Kerk", "Maatschappelijke voorzieningen", "kerk", "BU1", "goedgekeurd", "a; b"],
        [5, "Club", "Burgers", "sportclub", "", "ingediend", ""],
    ]
    assert d.all_tags(actors) == ["a", "b"]
    assert "kerk" in d.all_kinds(actors) and "" not in d.all_kinds(actors)
    assert d.overview_table(actors)["Actoren"].tolist() == [0, 1, 0, 1, 0]
    assert [m["label"] for m in d.map_markers(
        [ActorRecord(6, "Nieuw", "kennis", lon=5.8, lat=53.2, status="pending")], show_status=True
    )] == ["(ingediend) Nieuw"]  # fmt: skip
    history = d.history_table(
        [ActorHistoryEntry("2026-12-01T10:00:00", "anna", "edit", "tags", "a", "a;b")]
    )
    assert history.values.tolist() == [
        ["2026-12-01 10:00:00", "anna", "gewijzigd", "Labels", "a", "a;b"]
    ]


def test_buurt_codes_for_points_hand_made_squares():
    # two 1 km squares in RD New around Leeuwarden's centre (x≈182 000, y≈579 000)
    buurten = gpd.GeoDataFrame(
        {"code": ["BU_WEST", "BU_OOST"]},
        geometry=[box(181_000, 578_500, 182_000, 579_500), box(182_000, 578_500, 183_000, 579_500)],
        crs="EPSG:28992",
    )
    points_rd = gpd.GeoSeries.from_xy(
        [181_500, 182_500, 190_000], [579_000, 579_000, 579_000], crs="EPSG:28992"
    )
    wgs = points_rd.to_crs("EPSG:4326")
    codes = d.buurt_codes_for_points(list(zip(wgs.x, wgs.y, strict=True)), buurten)
    assert codes == ["BU_WEST", "BU_OOST", ""]
    assert d.buurt_codes_for_points([(5.8, 53.2)], None) == [""]


def test_buurt_codes_for_points_real_leeuwarden_buurten(shared_data):
    path = shared_data / "regional/friesland_warmtekaart/buurt_potentie_extraqt.geojson.gz"
    frame = gpd.read_file(f"/vsigzip/{path}")
    frame = frame.set_crs("EPSG:28992", allow_override=True)  # README: RD New despite CRS84 label
    frame = frame[frame["buurtcode"].str.startswith("BU0080", na=False) & ~frame.geometry.is_empty]
    buurten = frame.rename(columns={"buurtcode": "code"})[["code", "geometry"]]
    sample = buurten.iloc[:20]
    inner = sample.geometry.representative_point().to_crs("EPSG:4326")
    codes = d.buurt_codes_for_points(list(zip(inner.x, inner.y, strict=True)), buurten)
    assert codes == list(sample["code"])
    # the Oldehove tower (5.7889 E, 53.2036 N) lies in a Leeuwarden buurt
    assert d.buurt_codes_for_points([(5.7889, 53.2036)], buurten)[0].startswith("BU0080")
