"""The PDOK wijk- en buurtkaart source against a local WFS stand-in serving small GeoJSON."""

from __future__ import annotations

import socket

import pytest
from fixtures.fake_opendata import FakeOpenData

from transitieatlas.errors import InputError, SourceUnavailable
from transitieatlas.sources import pdok


@pytest.fixture
def fake(shared_data, monkeypatch):
    metadata = shared_data / "cbs" / "odata" / "85984NED_kwb2024_metadata"
    server = FakeOpenData(metadata).start()
    monkeypatch.setenv("TRANSITIEATLAS_PDOK_URL", server.url + "/cbs/wijkenbuurten/{year}/wfs/v1_0")
    yield server
    server.stop()


def _frame(batch):
    assert len(batch) == 1
    kind, frame, prov = batch.items[0]
    assert kind == "areas"
    return frame, prov


def test_wfs_url_template(monkeypatch):
    monkeypatch.delenv("TRANSITIEATLAS_PDOK_URL", raising=False)
    assert pdok.wfs_url(2023) == "https://service.pdok.nl/cbs/wijkenbuurten/2023/wfs/v1_0"
    assert pdok.wfs_url(2024, "http://x/{year}/wfs") == "http://x/2024/wfs"


def test_fetch_buurten(fake):
    frame, prov = _frame(pdok.fetch_areas("GM0080", 2024, "buurt"))
    assert frame.crs.to_epsg() == 28992
    assert list(frame.columns) == [
        "code", "name", "level", "gemeente_code", "wijk_code", "year", "geometry",
    ]  # fmt: skip
    # Groningen's buurt is filtered out by the server; the trailing space is stripped
    assert list(frame["code"]) == ["BU00801001", "BU00801002", "BU00801003", "BU00801101"]
    rows = frame.set_index("code")
    assert rows.loc["BU00801001", "name"] == "De Waag"
    assert rows.loc["BU00801002", "name"] == "BU00801002"  # no name at PDOK: the code
    assert rows.loc["BU00801101", "wijk_code"] == "WK008011"
    assert set(frame["level"]) == {"buurt"} and set(frame["year"]) == {2024}
    assert rows.loc["BU00801001", "geometry"].area == pytest.approx(250_000.0)  # 500 m × 500 m
    # the self-intersecting "bow tie" is repaired into its two triangles
    oldehove = rows.loc["BU00801003", "geometry"]
    assert oldehove.is_valid and oldehove.area == pytest.approx(125_000.0)
    assert prov.licence == "Bron: CBS, Kadaster, CC BY 4.0"
    assert (prov.table_id, prov.year) == ("wijkenbuurten:buurten", 2024)
    assert "GM0080" in prov.source


def test_request_parameters(fake):
    pdok.fetch_areas("GM0080", 2024, "wijk")
    (params,) = fake.params_of("/wfs/v1_0")
    assert params["typeNames"] == "wijkenbuurten:wijken"
    assert params["srsName"] == "EPSG:28992"
    assert params["outputFormat"] == "json"
    assert params["request"] == "GetFeature" and params["version"] == "2.0.0"
    assert "<Literal>GM0080</Literal>" in params["filter"]


def test_gemeente_keeps_land_part_only(fake):
    frame, _ = _frame(pdok.fetch_areas("GM0080", 2024, "gemeente"))
    assert list(frame["code"]) == ["GM0080"]
    assert frame.iloc[0]["name"] == "Leeuwarden"
    assert frame.iloc[0]["wijk_code"] is None
    assert frame.geometry.iloc[0].area == pytest.approx(100_000_000.0)  # 10 km × 10 km land


def test_paging_with_count_and_start_index(fake):
    features = pdok.fetch_features("GM0080", 2024, "buurt", page_size=2)
    assert len(features) == 4
    assert [p["startIndex"] for p in fake.params_of("/wfs/v1_0")] == ["0", "2", "4"]
    assert {p["count"] for p in fake.params_of("/wfs/v1_0")} == {"2"}


def test_second_fetch_comes_from_the_http_cache(fake):
    pdok.fetch_areas("GM0080", 2024, "wijk")
    pdok.fetch_areas("GM0080", 2024, "wijk")
    assert len(fake.params_of("/wfs/v1_0")) == 1


def test_cache_can_be_switched_off(fake, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HTTP_CACHE", "0")
    pdok.fetch_areas("GM0080", 2024, "wijk")
    pdok.fetch_areas("GM0080", 2024, "wijk")
    assert len(fake.params_of("/wfs/v1_0")) == 2


def test_parse_features_drops_other_gemeenten_and_repairs_degrees():
    square = {
        "type": "Polygon",
        "coordinates": [
            [[5.79, 53.20], [5.80, 53.20], [5.80, 53.21], [5.79, 53.21], [5.79, 53.20]]
        ],
    }
    features = [
        {"type": "Feature", "geometry": square,
         "properties": {"wijkcode": "WK008010", "wijknaam": "Binnenstad", "gemeentecode": "GM0080"}},
        {"type": "Feature", "geometry": square,
         "properties": {"wijkcode": "WK001400", "wijknaam": "Centrum", "gemeentecode": "GM0014"}},
    ]  # fmt: skip
    frame = pdok.parse_features(features, "GM0080", 2024, "wijk")
    assert list(frame["code"]) == ["WK008010"]
    minx, miny, maxx, maxy = frame.total_bounds
    # WGS84 degrees were transformed to RD New: Leeuwarden lies near x 182 km, y 579 km
    assert 180_000 < minx < maxx < 185_000
    assert 575_000 < miny < maxy < 582_000
    assert frame.geometry.iloc[0].area == pytest.approx(740_000, rel=0.05)


def test_unknown_gemeente_is_an_input_error(fake):
    with pytest.raises(InputError, match="PDOK kent geen buurt-vlakken voor gemeentecode GM9999"):
        pdok.fetch_areas("GM9999", 2024, "buurt")
    with pytest.raises(InputError, match="Ongeldige gemeentecode '80'"):
        pdok.fetch_areas("80", 2024, "buurt")
    with pytest.raises(InputError, match="Onbekend niveau 'straat'"):
        pdok.fetch_areas("GM0080", 2024, "straat")
    # only GM9999 reached the server; bad input is refused before any request
    assert [p["filter"] for p in fake.params_of("/wfs/v1_0")] == [
        pdok.gemeente_filter_xml("GM9999")
    ]


def test_unreachable_server_is_source_unavailable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(SourceUnavailable) as err:
        pdok.fetch_areas("GM0080", 2024, "buurt", base_url=f"http://127.0.0.1:{port}/{{year}}")
    assert str(err.value).startswith(
        "PDOK (wijk- en buurtkaart 2024) is niet bereikbaar: geen verbinding"
    )
