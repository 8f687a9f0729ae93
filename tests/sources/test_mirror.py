"""The offline mirror: every real file of ../shared/data imported once, then checked."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from transitieatlas.cli import main
from transitieatlas.sources import mirror
from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store

MIRROR = Path(__file__).resolve().parents[2].parent / "shared" / "data"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "files"
pytestmark = pytest.mark.skipif(not MIRROR.is_dir(), reason="../shared/data not present")

SKIPPED = {
    "DataProperties.json",
    "TableInfos.json",
    "CategoryGroups.json",
    "warmtenet_full.geojson.gz",
    "0221PND15092020.zip",  # the GeoPackage beside it holds the same panden
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The whole mirror imported into a fresh store (once for this module)."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSITIEATLAS_HOME", str(home))
        store = open_store()
        start = time.perf_counter()
        summaries = importing.import_mirror(MIRROR, store)
        seconds = time.perf_counter() - start
    return store, summaries, seconds, home


@pytest.fixture
def home(imported, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(imported[3]))
    return imported[3]


def _summary(summaries, name):
    return next(s for s in summaries if s.file.endswith(name))


def test_every_file_is_imported_or_skipped_with_a_reason(imported):
    store, summaries, seconds, _ = imported
    files = {p.name for p in mirror.mirror_files(MIRROR)}
    assert {Path(s.file).name for s in summaries} == files
    assert [s.error for s in summaries if s.error] == []
    skipped = {Path(s.file).name for s in summaries if s.skipped}
    assert skipped == SKIPPED
    for summary in summaries:
        if not summary.skipped:
            assert summary.datasets and summary.rows > 0, summary.file
    assert [s.unmapped for s in summaries if s.unmapped] == []
    # the import time is a speed goal: `make bench` prints it (benchmarks/mirror_import.py)
    ids = [d.id for d in store.datasets()]
    assert len(ids) == len(set(ids)) == sum(len(s.datasets) for s in summaries)


def test_leeuwarden_buurten_from_the_fryslan_file(imported):
    store, summaries, _, _ = imported
    summary = _summary(summaries, "buurt_potentie_extraqt.geojson.gz")
    assert any("RD New" in w for w in summary.warnings)
    assert any("42 objecten zonder geometrie" in w for w in summary.warnings)
    areas = store.areas(level="buurt", gemeente="GM0080")
    frl = areas[areas["dataset"].str.contains("warmtekaart")]
    assert len(frl) == 134 and frl["code"].str.startswith("BU0080").all()
    assert (frl["name"] != frl["code"]).sum() == 133  # BU00807403 has no name anywhere
    assert 25_000 < frl.area.sum() / 10_000 < 26_000
    assert set(frl["wijk_code"].str[:6]) == {"WK0080"}
    prov = store.provenance(frl["dataset"].iloc[0])
    assert "RD New" in prov.note and prov.origin.endswith("buurt_potentie_extraqt.geojson.gz")
    figures = store.figures(
        codes=frl["code"], indicators=["pct_koopwoningen", "warmtevraag_model_kwh"]
    )
    heat = figures[figures["indicator"] == "warmtevraag_model_kwh"]
    assert len(heat) == 134 and heat["unit"].eq("kWh").all()
    owners = figures[figures["indicator"] == "pct_koopwoningen"]["value"].dropna()
    assert len(owners) > 100 and owners.between(0, 100).all() and owners.max() > 1  # fractions → %


def test_fryslan_layers_without_code_are_joined(imported):
    _, summaries, _, _ = imported
    poverty = _summary(summaries, "energiearmoede_frl.geojson.gz")
    assert poverty.rows == 890  # every buurt found by name+gemeente or by overlap
    owners = _summary(summaries, "koopwoningen_frl.geojson.gz")
    assert any("niet gekoppeld" in w for w in owners.warnings)


def test_zwolle_78_buurten_times_9_years(imported):
    store, _, _, _ = imported
    areas = store.areas(gemeente="GM0193", level="buurt")
    areas = areas[areas["code"].str.startswith("GM0193-")]  # the municipal division
    assert len(areas) == 78 and areas["code"].str.match(r"^GM0193-\d{4}$").all()
    assert set(areas["year"]) == {2024}  # the demographics 2024 polygons win
    gas = store.figures(codes=areas["code"], indicators=["aardgas_woningen_tj"])
    assert sorted(gas["year"].unique()) == list(range(2015, 2024))
    assert gas.groupby("year")["code"].nunique().eq(78).all()
    assert gas["unit"].eq("TJ").all()
    buildings = store.figures(codes=areas["code"], indicators=["gebouwen_bouwjaar_1961_1980"])
    assert len(buildings) == 78
    value = buildings.set_index("code")["value"]
    assert value[areas.set_index("name").loc["Aa-landen-Midden", "code"]] == 1351


def test_utrecht_rows(imported):
    store, _, _, _ = imported
    gas = store.figures(indicators=["gem_aardgas_woning"], year=2020)
    utrecht = gas[gas["dataset"].str.contains("utrecht")]
    assert len(utrecht) == 969 and int(utrecht["value"].isna().sum()) == 19


def test_ermelo_buurten_and_grid(imported):
    store, _, _, _ = imported
    ermelo = store.areas(level="buurt", gemeente="GM0233")
    assert len(ermelo) == 17 and set(ermelo["year"]) == {2021}
    men = store.figures(codes=["BU02339997", "BU02330000"], indicators=["mannen"])
    men = men.set_index("code")["value"]
    assert np.isnan(men["BU02339997"]) and men["BU02330000"] == 5215  # -99999999 → NaN
    cells = store.areas(level="cel")
    assert len(cells) == 2443 and cells["buurt_code"].str.startswith("BU").all()
    assert (cells.area.round() == 10_000).mean() > 0.95
    dwellings = store.figures(codes=cells["code"], indicators=["woningvoorraad"])
    assert len(dwellings) == 2443
    assert int(dwellings["value"].isna().sum()) == 800  # the -99997 cells
    assert dwellings["value"].min() >= 0
    periods = store.figures(indicators=["woningen_bouwjaar_voor_1945"], codes=cells["code"])
    assert len(periods) == 2443


def test_national_and_kwb_files(imported):
    store, _, _, _ = imported
    assert len(store.areas(level="gemeente", year=2022)) >= 345
    wijken = store.areas(level="wijk", year=2024)
    assert (wijken["year"] == 2024).sum() == 3393
    kwb = store.figures(codes=["GM0014"], indicators=["inwoners"], year=2024)
    assert kwb["value"].tolist() == [243768] and kwb["unit"].tolist() == ["aantal"]
    detail = store.figures(codes=["GM0003", "GM9999"], indicators=["inwoners"], year=2015)
    assert detail.set_index("code")["value"].to_dict() == {"GM0003": 12011}


def test_bag_sample(imported):
    store, _, _, _ = imported
    panden = store.buildings()
    panden = panden[panden["dataset"].str.contains("delft")]
    assert len(panden) == 60
    assert {"id", "bouwjaar", "gebruiksdoel", "status", "oppervlakte_m2"} <= set(panden.columns)
    assert panden["bouwjaar"].min() == 1913 and panden["bouwjaar"].max() == 2013
    assert (panden["gebruiksdoel"].str.contains("woonfunctie")).sum() >= 48


def test_pbl_heat_sources_are_imported_as_points(imported):
    store, summaries, _, _ = imported
    summary = _summary(summaries, "20200213_MT_bronnen.geojson")
    assert summary.rows == 648 and not summary.skipped
    assert "375 van 648 bronnen zonder vermogen (MW), 320 zonder type" in summary.warnings
    sources = store.heat_sources()
    assert len(sources) == 648 and sources.crs.to_epsg() == 28992
    assert sources["id"].is_unique and (sources.geom_type == "Point").all()
    campina = sources[sources["naam"] == "FrieslandCampina Leeuwarden"].iloc[0]
    assert (campina.geometry.x, campina.geometry.y) == (183850.0, 579150.0)  # the file's own X/Y
    assert campina["type_bron"] == "BioWKK" and campina["vermogen_mw"] == 16.83
    assert np.isnan(campina["capfactor"]) and campina["status"] == "Optie B"
    assert sources["vermogen_mw"].notna().sum() == 273 and (sources["vermogen_mw"] == 0).sum() == 29
    assert sources["capfactor"].notna().sum() == 10
    prov = store.provenance(sources["dataset"].iloc[0])
    assert prov is not None and "warmteweegschaal" in prov.licence


def test_mirror_if_empty_does_nothing_on_a_filled_store(imported, home, capsys):
    store = open_store()
    before = [(d.id, d.path) for d in store.datasets()]
    assert main(["mirror", "--if-empty"]) == 0
    assert "niets gedaan" in capsys.readouterr().out
    assert [(d.id, d.path) for d in open_store().datasets()] == before


def test_cli_import_of_a_bad_file_leaves_the_store_unchanged(imported, home, tmp_path, capsys):
    before = [(d.id, d.path) for d in open_store().datasets()]
    bad = tmp_path / "truncated.geojson"
    shutil.copy(FIXTURES / "truncated.geojson", bad)
    good = MIRROR / "bag" / "delft_wippolder_sample" / "wippolder.gpkg"
    assert main(["import", str(good), str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "truncated.geojson" in err[0] and "afgebroken" in err[0]
    assert [(d.id, d.path) for d in open_store().datasets()] == before


def test_no_mirror_explains_how_to_get_data(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TRANSITIEATLAS_MIRROR", str(tmp_path / "geen_spiegel"))
    assert main(["mirror", "--if-empty"]) == 0
    out = capsys.readouterr().out
    assert "transitieatlas fetch --gemeente" in out and "TRANSITIEATLAS_MIRROR" in out
    assert open_store().is_empty()


def test_one_bad_file_does_not_stop_the_others(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home"))
    folder = tmp_path / "spiegel" / "bag"
    folder.mkdir(parents=True)
    shutil.copy(MIRROR / "bag" / "delft_wippolder_sample" / "wippolder.gpkg", folder)
    shutil.copy(FIXTURES / "truncated.geojson", folder)
    shutil.copy(FIXTURES / "notes.xyz", folder)
    summaries = importing.import_mirror(tmp_path / "spiegel", open_store())
    by_name = {Path(s.file).name: s for s in summaries}
    assert by_name["wippolder.gpkg"].rows == 60 and by_name["wippolder.gpkg"].ok
    assert "afgebroken" in by_name["truncated.geojson"].error
    assert by_name["notes.xyz"].skipped
    assert len(open_store().buildings()) == 60


def test_an_lvbag_vbo_zip_in_the_mirror_gives_units(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home"))
    folder = tmp_path / "spiegel" / "bag" / "doesburg_vbo_2020"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES.parent / "bag" / "9999VBO15092020.zip", folder)
    (summary,) = importing.import_mirror(tmp_path / "spiegel", open_store())
    assert summary.ok and summary.rows == 2
    store = open_store()
    assert store.buildings().empty
    assert sorted(store.units()["pand_id"]) == ["0221100000311191", "0221100000312938"]
    (info,) = store.datasets("units")
    assert info.provenance.source == "BAG verblijfsobjecten (Kadaster) GM0221"
    assert info.provenance.year == 2020


def test_cbs_kaart_geopackage_layers_give_areas_and_figures(tmp_path, monkeypatch):
    """A file shaped like the CBS wijkenbuurten GeoPackage, imported as a user's own file."""
    import geopandas as gpd
    import shapely

    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home"))
    path = tmp_path / "wijkenbuurten_2023.gpkg"
    gemeenten = gpd.GeoDataFrame(
        {"gemeentecode": ["GM0080", "GM0080"], "gemeentenaam": ["Leeuwarden"] * 2,
         "water": ["NEE", "JA"], "aantal_inwoners": [125_000, -99_999_999],
         "jaarstatcode": ["2023GM0080"] * 2},
        geometry=[shapely.box(170_000, 570_000, 190_000, 590_000),
                  shapely.box(190_000, 570_000, 191_000, 571_000)],
        crs=28992,
    )  # fmt: skip
    buurten = gpd.GeoDataFrame(
        {"buurtcode": ["BU00800000", "BU00800001"], "buurtnaam": ["Binnenstad", "Vosseparkwijk"],
         "wijkcode": ["WK008000"] * 2, "gemeentecode": ["GM0080"] * 2,
         "aantal_inwoners": [1_200, -99_997], "eigen_kolom": [1, 2],
         "jaarstatcode": ["2023BU00800000", "2023BU00800001"]},
        geometry=[shapely.box(180_000, 580_000, 181_000, 581_000),
                  shapely.box(181_000, 580_000, 182_000, 581_000)],
        crs=28992,
    )  # fmt: skip
    gemeenten.to_file(path, layer="gemeenten")
    buurten.to_file(path, layer="buurten")
    (summary,) = importing.import_paths([path], open_store())
    store = open_store()
    areas = store.areas(gemeente="GM0080").set_index("code")
    assert (
        areas.loc["GM0080", "level"] == "gemeente" and areas.loc["GM0080", "name"] == "Leeuwarden"
    )
    assert areas.loc["BU00800001", "wijk_code"] == "WK008000"
    assert areas.loc["BU00800000", "year"] == 2023
    assert areas.loc["BU00800000"].geometry.area == 1_000_000
    figures = store.figures(indicators=["inwoners"], year=2023).set_index("code")["value"]
    assert figures["GM0080"] == 125_000 and figures["BU00800000"] == 1_200
    assert np.isnan(figures["BU00800001"])
    assert summary.unmapped == ["eigen_kolom"]


def test_generic_reader_handles_the_real_ermelo_geopackage(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(tmp_path / "home"))
    ctx = mirror.Context(known=open_store(), root=MIRROR)
    path = MIRROR / "cbs" / "vierkant100m_ermelo_harderwijk_zeewolde" / "CBS_buurten_ermelo.gpkg"
    result = mirror.generic.import_generic_geodata(path, ctx)
    (_, areas, prov), (_, figures, _) = result.batch.items
    assert len(areas) == 17 and prov.year == 2021  # the water buurt BU02339997 stays
    men = figures[figures["indicator"] == "mannen"].set_index("code")["value"]
    assert men["BU02330000"] == 5215 and np.isnan(men["BU02339997"])
    assert result.unmapped == []


def test_doesburg_lvbag_extract_gives_the_current_panden(imported):
    store, summaries, _, _ = imported
    summary = _summary(summaries, "doesburg_panden_20200915.gpkg")
    assert summary.rows == 7_395  # of 7 797: not demolished, not realised, wrongly registered
    assert "GeoPackage" in _summary(summaries, "0221PND15092020.zip").skipped
    panden = store.buildings()
    doesburg = panden[panden["dataset"].str.contains("gm0221")]
    assert len(doesburg) == 7_395 and doesburg["id"].is_unique
    assert doesburg["id"].str.fullmatch(r"\d{16}").all()  # NL.IMBAG.Pand. prefix stripped
    # two border panden in the extract were registered by Zevenaar (0299) and Bronckhorst (1876)
    assert (doesburg["id"].str[:4] == "0221").sum() == 7_393
    status = doesburg["status"].value_counts()
    assert status["Pand in gebruik"] == 7_204 and status["Bouwvergunning verleend"] == 168
    assert "Pand gesloopt" not in status and "Niet gerealiseerd pand" not in status
    assert int(doesburg["bouwjaar"].isna().sum()) == 0  # the 20 × 9999 are all demolished
    assert doesburg["bouwjaar"].min() == 1286 and doesburg["bouwjaar"].max() == 2020
    assert doesburg["gebruiksdoel"].isna().all()  # panden only, no verblijfsobjecten
    assert doesburg.geometry.has_z.sum() == 0
    prov = store.provenance(doesburg["dataset"].iloc[0])
    assert prov.year == 2020 and "Kadaster" in prov.licence


def test_startanalyse_leeuwarden_buurten_and_counts(imported):
    store, summaries, _, _ = imported
    assert all(_summary(summaries, f"{gm}.geojson.gz").ok for gm in ("GM0080", "GM0221", "GM0014"))
    areas = store.areas(gemeente="GM0080", level="buurt", year=2019)
    assert len(areas) == 130 and set(areas["year"]) == {2019}
    assert areas.set_index("code").loc["BU00801001", "name"] == "De Waag"
    assert areas.set_index("code").loc["BU00801001", "pbl_strategie"] == "s2e"
    minx, miny, maxx, maxy = areas.total_bounds  # RD New, not lon/lat
    assert 160_000 < minx < maxx < 200_000 and 560_000 < miny < maxy < 600_000
    counts = store.figures(codes=areas["code"], indicators=["woningvoorraad"], year=2019)
    assert len(counts) == 130 and counts["value"].sum() == 62_407
    waag = store.figures(codes=["BU00801001"], year=2019).set_index("indicator")["value"]
    assert waag["woningen_bouwjaar_voor_1930"] == 506 and waag["woningen_meergezins_laag"] == 288
    assert waag["utiliteitsgebouwen"] == 307 and waag["woningequivalenten"] == 1394
    assert waag["pct_label_g_voorlopig"] == 32
    assert waag["pbl_ref2019_warmtevraag_gj"] == (50 + 4) * 1394  # (H02 + H03) × I11
    periods = [c for c in waag.index if c.startswith("woningen_bouwjaar_")]
    assert len(periods) == 7 and sum(waag[p] for p in periods) == 655
    # the newest buurt division (warmtekaart, 2023) stays the default for Leeuwarden
    assert set(store.areas(gemeente="GM0080", level="buurt")["year"]) == {2023}
