import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from transitieatlas.areas.catalog import toggle
from transitieatlas.areas.codes import (
    area_ha,
    areas_table,
    buurten_in,
    gemeente_of,
    level_of,
    validate_code,
    wijk_of,
)
from transitieatlas.errors import InputError


def test_codes():
    assert level_of("BU00800105") == "buurt"
    assert level_of("wk008001") == "wijk"
    assert level_of("GM0080") == "gemeente"
    assert level_of("GM0193-0101") == "buurt"
    assert level_of("X123") is None
    assert gemeente_of("BU00800105") == "GM0080"
    assert gemeente_of("GM0193-0101") == "GM0193"
    assert wijk_of("BU00800105") == "WK008001"
    assert wijk_of("GM0080") is None


def test_validate_code_messages():
    assert validate_code(" gm0080 ", "gemeente") == "GM0080"
    with pytest.raises(InputError, match="geen geldige gemeentecode"):
        validate_code("GM80", "gemeente")
    with pytest.raises(InputError, match="GM0080"):
        validate_code("BU00800105", "gemeente")


def _areas():
    rows = [
        ("GM0080", "Leeuwarden", "gemeente", None, None, box(0, 0, 400, 100)),
        ("WK008000", "Wijk 0", "wijk", "GM0080", None, box(0, 0, 200, 100)),
        ("BU00800000", "A", "buurt", "GM0080", "WK008000", box(0, 0, 100, 100)),
        ("BU00800001", "B", "buurt", "GM0080", None, box(100, 0, 200, 100)),
        ("BU00800100", "C", "buurt", None, None, box(200, 0, 400, 100)),
    ]
    cols = ["code", "name", "level", "gemeente_code", "wijk_code", "geometry"]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=cols), crs="EPSG:28992").assign(year=2024)


def test_area_ha_in_rd():
    # 100 m x 100 m = 10 000 m² = 1 ha
    assert area_ha(_areas().geometry).tolist() == [4.0, 2.0, 1.0, 1.0, 2.0]
    wgs = _areas().to_crs(4326)
    assert area_ha(wgs.geometry).iloc[2] == pytest.approx(1.0, rel=1e-6)


def test_buurten_in_expands_wijken_and_gemeenten():
    areas = _areas()
    assert buurten_in(["WK008000"], areas) == ["BU00800000", "BU00800001"]
    assert buurten_in(["GM0080"], areas) == ["BU00800000", "BU00800001", "BU00800100"]
    assert buurten_in(["BU00800100", "WK008000"], areas) == [
        "BU00800100",
        "BU00800000",
        "BU00800001",
    ]
    with pytest.raises(InputError, match="BU99999999, WK000000"):
        buurten_in(["BU99999999", "WK000000"], areas)


def test_areas_table_prefers_cbs_area_statistic():
    areas = _areas()
    figures = pd.DataFrame(
        {
            "code": ["BU00800000", "BU00800000"],
            "year": [2023, 2024],
            "indicator": ["oppervlakte_totaal_ha", "oppervlakte_totaal_ha"],
            "value": [3.0, 5.0],
            "unit": ["ha", "ha"],
            "source": ["CBS", "CBS"],
        }
    )
    table = areas_table(areas, figures).set_index("code")
    assert table.loc["BU00800000", "area_ha"] == 5.0
    assert table.loc["BU00800000", "area_source"] == "CBS oppervlakte totaal"
    assert table.loc["BU00800100", "area_ha"] == 2.0
    assert table.loc["BU00800100", "gemeente_code"] == "GM0080"


def test_toggle():
    assert toggle(["A"], "B") == ["A", "B"]
    assert toggle(["A", "B"], "A") == ["B"]


def test_selection_summary():
    from transitieatlas.areas.catalog import selection_summary

    buurten = _areas()[_areas()["level"] == "buurt"]
    assert selection_summary(buurten, []) == "Nog geen buurten gekozen."
    assert selection_summary(buurten, ["BU00800000"]) == "Gekozen: 1 buurt, samen 1 ha."
    # 1 ha + 1 ha + 2 ha
    assert selection_summary(buurten, list(buurten["code"])) == "Gekozen: 3 buurten, samen 4 ha."
