"""Demand groups: schemes as data, first match wins, levels pand/cel/buurt on real data."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from transitieatlas.errors import InputError
from transitieatlas.heat import service as heat_service
from transitieatlas.segmentation import (
    classify,
    default_scheme,
    parse_scheme,
    segment,
    summarise,
    to_frame,
)
from transitieatlas.segmentation.capacity import capacity, load_constants
from transitieatlas.segmentation.groups import TABLE_COLUMNS
from transitieatlas.store import importing as mirror
from transitieatlas.store.opendata import open_store


def _rule(group, *conditions):
    return {"group": group, "label": group.title(), "when": [
        {"attribute": a, "op": o, "value": v} for a, o, v in conditions]}  # fmt: skip


# -- schemes ---------------------------------------------------------------------------------
def test_default_scheme_follows_4_5_3_and_round_trips():
    scheme = default_scheme()
    groups = [g for g, _ in scheme.groups]
    for expected in ("maatschappelijk", "bedrijventerrein", "corporatie", "verspreid", "winkels"):
        assert expected in groups
    assert groups[-1] == scheme.remainder.group == "overig"
    assert parse_scheme(scheme.to_json()) == scheme


def test_bad_schemes_get_every_problem_in_dutch():
    data = {"name": "fout", "rules": [
        _rule("a", ("kleur", "==", "rood")),  # unknown attribute
        _rule("b", ("bouwjaar", "between", [1945, 1975])),
        _rule("c", ("bouwjaar", "between", [1970, 1990])),  # overlaps b
        _rule("d", ("bouwjaar", "<", 1900), ("bouwjaar", ">=", 1950)),  # can never match
        _rule("e", ("gebruiksdoel", "contains_any", [])),  # empty list
        _rule("f", ("label", "==", "Z")),  # unknown value
    ]}  # fmt: skip
    with pytest.raises(InputError) as err:
        parse_scheme(data)
    text = str(err.value)
    assert "onbekend kenmerk 'kleur'" in text
    assert "overlappende drempels voor bouwjaar" in text and "regel 2" in text
    assert "sluiten elkaar uit" in text and "altijd leeg" in text
    assert "lege lijst" in text
    assert "kent geen waarde Z" in text
    assert len(err.value.problems) == 5


def test_first_match_wins_and_unknown_attributes_do_not_match():
    scheme = parse_scheme({"name": "t", "rules": [
        _rule("oud", ("bouwjaar", "<", 1945)),
        _rule("koop", ("eigendom", "==", "koop")),
        _rule("nieuw", ("bouwjaar", ">=", 1945)),
    ], "remainder": {"group": "rest", "label": "Rest"}})  # fmt: skip
    units = pd.DataFrame(
        {
            "bouwjaar": [1900.0, 1990.0, 1990.0, np.nan],
            "eigendom": ["koop", "koop", None, None],
        }  # fmt: skip
    )
    got = classify(units, scheme)
    assert got["group"].tolist() == ["oud", "koop", "nieuw", "rest"]
    assert got["rule_nr"].tolist() == [1, 2, 3, 0]


def test_capacity_by_hand():
    c = load_constants()
    low, high, cannot = capacity(100.0, 150.0, c)
    assert low == pytest.approx(100 * 0.79 * 15_000)
    assert high == pytest.approx(100 * 0.85 * 20_000)
    assert cannot == pytest.approx(21.0)
    assert all(np.isnan(v) for v in capacity(0.0, 0.0, c))  # only non-residential: unknown


def test_summarise_sums_exactly_and_keeps_empty_groups():
    scheme = parse_scheme({"name": "t", "rules": [_rule("klein", ("oppervlakte_m2", "<", 100)),
                                                   _rule("leeg", ("bouwjaar", "<", 1000))]})  # fmt: skip
    units = pd.DataFrame({
        "oppervlakte_m2": [80.0, 120.0, 90.0], "bouwjaar": [1990.0] * 3,
        "buildings": [1.0] * 3, "dwellings": [1.0, 2.0, 1.0],
        "floor_area_m2": [80.0, 240.0, 90.0], "heat_demand_gj": [30.0, 50.0, 25.0],
        "owner_dwellings": [1.0, 0.0, 0.5],
    })  # fmt: skip
    frame = to_frame(summarise(units, scheme, "pand")).set_index("group")
    assert frame.loc["klein", "dwellings"] == 2 and frame.loc["klein", "heat_demand_gj"] == 55
    assert frame.loc["overig", "floor_area_m2"] == 240
    assert frame.loc["leeg", "dwellings"] == 0 and np.isnan(frame.loc["leeg", "investment_low_eur"])
    assert frame.loc["klein", "investment_low_eur"] == pytest.approx(1.5 * 0.79 * 15_000)
    assert frame["heat_demand_gj"].sum() == 105


# -- real data -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("segment_home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSITIEATLAS_HOME", str(home))
        s = open_store()
        frl = shared_data / "regional/friesland_warmtekaart"
        grid = shared_data / "cbs/vierkant100m_ermelo_harderwijk_zeewolde"
        mirror.import_paths(
            [
                shared_data / "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
                grid / "CBS_buurten_ermelo.gpkg",
                grid / "CBS_Statistiek.gpkg",
                frl / "buurt_potentie_extraqt.geojson.gz",
                shared_data / "bag/delft_wippolder_sample/wippolder.gpkg",
                shared_data / "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg",
                shared_data / "pbl/startanalyse2020_buurten/GM0080.geojson.gz",
                shared_data / "pbl/warmtebronnen_mt_2020/20200213_MT_bronnen.geojson",
            ],
            s,
        )
        mirror.import_paths([frl / "koopwoningen_frl.geojson.gz"], s)
        mirror.import_paths([shared_data / "cbs/boundaries/wijken_2024/Wijken2024.geojson"], s)
        yield open_store()


def test_delft_panden_groups_sum_to_the_heat_module_totals(store):
    result = segment(store, "GM0503", default_scheme(), "pand")
    frame = to_frame(result.results, TABLE_COLUMNS).set_index("group")
    assert result.level == "pand" and (frame["level"] == "pand").all()
    assert frame["buildings"].sum() == 60 == result.totals["buildings"]
    assert (
        frame["dwellings"].sum() == pytest.approx(result.totals["dwellings"])
        and result.totals["dwellings"] > 48
    )
    assert frame["heat_demand_gj"].sum() == pytest.approx(result.totals["heat_demand_gj"], rel=1e-9)
    # surplus: the three Delft heat sources lie more than 100 m from the 60 panden
    assert frame["surplus_sources"].sum() == 0 == result.totals["surplus_sources"]
    assert frame["surplus_mw"].sum() == 0 == result.totals["surplus_mw"]
    assert result.totals["surplus_sources_unassigned"] == 3
    assert frame.loc["maatschappelijk", "buildings"] >= 1  # onderwijs/gezondheidszorg panden
    units = result.units
    multi = units[units["dwellings"] > 1]
    assert (multi["group"].isin(["appartementen", "maatschappelijk", "verspreid"])).all()
    assert frame.loc["winkels", "dwellings"] == 0 and np.isnan(
        frame.loc["winkels", "investment_low_eur"]
    )
    assert (
        "woonfunctie" in frame.loc["appartementen", "method"]
        or "Vesta" in frame.loc["appartementen", "method"]
    )


def test_delft_utility_heat_is_in_the_groups_and_in_the_heat_module(store):
    result = segment(store, "GM0503", default_scheme(), "pand")
    frame = to_frame(result.results).set_index("group")
    # winkels: only 503100000004258 (winkelfunctie, 1969, one object of 152 m²), Vesta
    # winkel 1920 - 1974, default label E: 13.05340654 + 0.315080187 × 152 + 0.003776774 × 152
    assert frame.loc["winkels", "heat_demand_gj"] == pytest.approx(61.51966461, rel=1e-8)
    assert result.totals["utility_heat_demand_gj"] > 10_000
    # the heat module per Delft wijk (CBS 2024) from the same panden: the same total
    heat, _ = heat_service.compute(store, "GM0503", "wijk", "buildings")
    with_panden = heat[heat["utility_objects"].fillna(0) > 0]
    assert heat["utility_objects"].sum() == 13
    assert heat["heat_demand_gj"].sum() == pytest.approx(result.totals["heat_demand_gj"], rel=1e-9)
    assert heat["heat_demand_gj"].sum() == pytest.approx(frame["heat_demand_gj"].sum(), rel=1e-9)
    assert with_panden["note"].str.contains("incl. utiliteit").all()


def test_leeuwarden_utility_buildings_are_counted_without_a_heat_figure(store):
    result = segment(store, "GM0080", default_scheme(), "buurt")
    assert result.totals["utility_buildings"] > 1_000
    assert any("zonder oppervlakte in de bron" in n for n in result.notes)


def test_doesburg_panden_without_use_are_grouped_by_year_and_footprint(store):
    result = segment(store, "GM0221", default_scheme(), "pand")
    frame = to_frame(result.results, TABLE_COLUMNS).set_index("group")
    # 7 395 current panden in the extract; two on the border belong to Zevenaar (0299) and
    # Bronckhorst (1876) and lie outside Doesburg: they are left out
    assert frame["buildings"].sum() == 7_393
    assert frame.loc["bijgebouwen", "buildings"] > 1_000  # sheds and garages under 40 m²
    assert frame.loc["voor_1945", "buildings"] > 500
    assert np.isnan(frame.loc["voor_1945", "dwellings"])  # no verblijfsobjecten in the source
    assert any("zonder gebruiksdoel" in n for n in result.notes)
    # surplus: one source (Gieterij Doesburg, capacity unknown) lies in a pand
    assert frame["surplus_sources"].sum() == 1 == result.totals["surplus_sources"]
    assert np.nansum(frame["surplus_mw"]) == 0 == result.totals["surplus_mw"]


def test_leeuwarden_buurten_from_the_startanalyse_counts(store):
    result = segment(store, "GM0080", default_scheme(), "buurt")
    frame = to_frame(result.results, TABLE_COLUMNS).set_index("group")
    assert frame["dwellings"].sum() == pytest.approx(62_407)
    heat, _ = heat_service.compute(store, "GM0080", "buurt", "buildings")
    assert frame["heat_demand_gj"].sum() == pytest.approx(heat["heat_demand_gj"].sum(), rel=1e-9)
    assert heat["dwellings"].sum() == pytest.approx(62_407)
    owners = result.units["owner_dwellings"].sum()
    assert frame["households_cannot_invest"].sum() == pytest.approx(0.21 * owners)
    assert frame.loc["corporatie", "dwellings"] > 10_000  # Leeuwarden's corporations
    assert np.isnan(frame["buildings"]).all()  # panden are not counted at buurt level
    # surplus: buurt rows are dwellings only, so the sources in Leeuwarden go to the notes
    assert frame["surplus_sources"].sum() == 0 == result.totals["surplus_sources"]
    assert result.totals["surplus_sources_unassigned"] == 2


def test_ermelo_buurt_groups_equal_the_sum_of_its_cells(store):
    scheme = default_scheme()
    buurten = segment(store, "GM0233", scheme, "buurt")
    cells = segment(store, "GM0233", scheme, "cel")
    by_buurt = buurten.units.groupby(["code", "group"])["dwellings"].sum()
    parent = store.areas(level="cel", gemeente="GM0233").set_index("code")["buurt_code"]
    from_cells = (
        cells.units.assign(code=cells.units["code"].map(parent))
        .groupby(["code", "group"])["dwellings"]
        .sum()
    )
    assert len(by_buurt) > 50
    assert by_buurt.to_numpy() == pytest.approx(from_cells.reindex(by_buurt.index).to_numpy())
    one = by_buurt.index.get_level_values(0)[0]
    direct = to_frame(segment(store, one, scheme, "buurt").results).set_index("group")
    from_its_cells = to_frame(segment(store, one, scheme, "cel").results).set_index("group")
    assert direct["heat_demand_gj"].to_numpy() == pytest.approx(
        from_its_cells["heat_demand_gj"].to_numpy()
    )
    heat, _ = heat_service.compute(store, "GM0233", "buurt", "buildings")
    assert to_frame(buurten.results)["heat_demand_gj"].sum() == pytest.approx(
        heat["heat_demand_gj"].sum(), rel=1e-9
    )


def test_bad_area_codes_are_a_dutch_message(store):
    with pytest.raises(InputError, match="geen geldige code"):
        segment(store, "GM12", default_scheme())
    with pytest.raises(InputError, match="Onbekend niveau"):
        segment(store, "GM0503", default_scheme(), "wijk")


def test_cli_segment_writes_the_columns_of_the_issue(store, monkeypatch, capsys):
    import io

    from transitieatlas.cli import main
    from transitieatlas.segmentation import COLUMNS

    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(store.root.parent))
    assert main(["segment", "GM0503", "--level", "pand", "--format", "csv"]) == 0
    out = capsys.readouterr()
    table = pd.read_csv(io.StringIO(out.out))
    assert table.columns.tolist() == COLUMNS
    assert table["buildings"].sum() == 60 and (table["level"] == "pand").all()
    assert "zonder gebruiksdoel" in out.err  # notes go to stderr, not into the table
    assert main(["segment", "GM0080", "--level", "buurt", "--format", "json"]) == 0
    out = capsys.readouterr()
    records = json.loads(out.out)
    corporatie = next(r for r in records if r["group"] == "corporatie")
    assert corporatie["investment_low_eur"] is None and corporatie["households_cannot_invest"] == 0
    assert sum(r["dwellings"] for r in records) == pytest.approx(62_407)
    # JSON also gives the surplus per group (the CSV keeps the issue's 12 columns)
    assert list(records[0])[-3:] == ["surplus_sources", "surplus_mw", "surplus_gj"]
    assert sum(r["surplus_sources"] for r in records) == 0  # Leeuwarden's 2 sources: notes
    assert "FrieslandCampina Leeuwarden (BioWKK, 16,83 MW) ligt in buurt" in out.err


def test_cli_segment_refuses_a_bad_scheme_file(store, monkeypatch, tmp_path, capsys):
    from transitieatlas.cli import main

    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(store.root.parent))
    bad = tmp_path / "schema.json"
    bad.write_text(json.dumps({"name": "x", "rules": [_rule("a", ("kleur", "==", 1))]}))
    assert main(["segment", "GM0503", "--scheme", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "kan niet worden gebruikt" in err and "onbekend kenmerk 'kleur'" in err


def test_exports_map_and_table(store):
    import io

    import geopandas as gpd

    from transitieatlas.segmentation import export
    from transitieatlas.segmentation.scheme import rows_to_scheme, scheme_to_rows

    scheme = default_scheme()
    result = segment(store, "GM0503", scheme, "pand")
    shapes, colours, tips, legend = export.map_layer(result.units, None, scheme, "pand")
    assert len(shapes) == 60 and set(colours) == set(shapes["code"])
    assert sum(int(label.rsplit("(", 1)[1].split()[0]) for _, label in legend) == 60
    back = gpd.read_file(io.BytesIO(export.geojson_bytes(shapes, colours, tips)))
    assert len(back) == 60 and back.crs.to_epsg() == 4326 and back["kleur"].notna().all()
    html = export.folium_html(shapes, colours, tips, legend, "Vraaggroep").decode("utf-8")
    assert "Appartementen" in html and html.count('"kleur"') >= 60
    table = pd.read_excel(io.BytesIO(export.table_xlsx(result.results)))
    assert table["buildings"].sum() == 60
    assert table[["surplus_sources", "surplus_mw", "surplus_gj"]].sum().tolist() == [0, 0, 0]
    csv_table = pd.read_csv(io.BytesIO(export.table_csv(result.results)))
    assert csv_table.columns.tolist()[-3:] == ["surplus_sources", "surplus_mw", "surplus_gj"]
    buurt = segment(store, "GM0233", scheme, "buurt")
    areas = store.areas(level="buurt", gemeente="GM0233")
    shapes, colours, tips, legend = export.map_layer(buurt.units, areas, scheme, "buurt")
    assert 10 <= len(shapes) <= 17 and all("woningen" in t for t in tips.texts().values())
    # the rule editor's rows give the same scheme back; an edit changes the groups
    rows = scheme_to_rows(scheme)
    assert rows_to_scheme(rows, scheme.name, scheme.remainder, scheme.description) == scheme
    for row in rows:
        if row["groep"] == "voor_1945":
            row["waarde"] = "1930"
    edited = rows_to_scheme(rows, scheme.name, scheme.remainder)
    assert next(r for r in edited.rules if r.group == "voor_1945").when[0].value == 1930
    with pytest.raises(InputError, match="kenmerk"):
        rows_to_scheme([{**rows[0], "kenmerk": "kleur"}], "x", scheme.remainder)


def test_leeuwarden_methods_side_by_side_with_pbl(store):
    table = heat_service.methods_side_by_side(store, "GM0080", "buurt").set_index("code")
    total = table.loc["totaal"]
    assert total["pbl_ref_all_gj"] == 3_747_698  # Σ (H02 + H03) × I11 over the 130 buurten
    assert total["ratio_buildings_pbl"] == pytest.approx(1.0, abs=0.03)  # our stock ≈ PBL
    assert total["heat_model_gj"] / total["pbl_ref_all_gj"] == pytest.approx(1.57, abs=0.02)
    waag = table.loc["BU00801001"]
    assert waag["pbl_ref_all_gj"] == 54 * 1394
    assert waag["pbl_ref_dwellings_gj"] == pytest.approx(54 * 1394 * 655 / 1394)
