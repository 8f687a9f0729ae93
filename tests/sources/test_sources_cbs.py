"""The CBS KWB source, end to end against a local HTTP server that serves the real
85984NED metadata and hand-made data rows (see tests/fixtures/fake_opendata.py)."""

from __future__ import annotations

import json
import math
import socket

import cbsodata
import pytest
from fixtures.fake_opendata import FakeOpenData  # tests/ is on sys.path (rootdir conftest)

from transitieatlas.cli import main
from transitieatlas.errors import InputError, SourceUnavailable
from transitieatlas.indicators import Indicator, load_indicators
from transitieatlas.sources import cbs
from transitieatlas.store.opendata import open_store


def _metadata(shared_data):
    return shared_data / "cbs" / "odata" / "85984NED_kwb2024_metadata"


@pytest.fixture
def fake(shared_data):
    server = FakeOpenData(_metadata(shared_data)).start()
    yield server
    server.stop()


@pytest.fixture
def cbs_at_fake(fake, monkeypatch):
    """cbsodata pointed at the local server the documented way (options)."""
    monkeypatch.setattr(cbsodata.options, "catalog_url", fake.host)
    monkeypatch.setattr(cbsodata.options, "use_https", False)
    monkeypatch.delenv("TRANSITIEATLAS_CBS_URL", raising=False)
    return fake


@pytest.fixture
def data_properties(shared_data):
    return json.loads((_metadata(shared_data) / "DataProperties.json").read_text(encoding="utf-8"))


def closed_port_url() -> str:
    """http://127.0.0.1:PORT where nothing listens (connection refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _value(figures, code, indicator):
    rows = figures[(figures["code"] == code) & (figures["indicator"] == indicator)]
    assert len(rows) == 1, (code, indicator)
    return rows.iloc[0]


# -- registry of tables and codes ------------------------------------------------------
def test_kwb_table_registry():
    assert cbs.kwb_table(2024).table_id == "85984NED"
    assert cbs.kwb_table(2019).table_id == "84583NED"
    assert cbs.kwb_table(2022).table_id == "85318NED"
    with pytest.raises(InputError) as err:
        cbs.kwb_table(2018)
    assert "2018" in str(err.value)
    assert "2019, 2020, 2021, 2022, 2023, 2024" in str(err.value)


def test_gemeente_code_and_filter():
    assert cbs.gemeente_code(" gm0080 ") == "GM0080"
    with pytest.raises(InputError, match="Ongeldige gemeentecode 'Leeuwarden'"):
        cbs.gemeente_code("Leeuwarden")
    assert cbs.gemeente_filter("GM0080") == (
        "substringof('GM0080',WijkenEnBuurten) or substringof('WK0080',WijkenEnBuurten) "
        "or substringof('BU0080',WijkenEnBuurten)"
    )
    assert cbs.parent_codes("BU00801001") == ("GM0080", "WK008010")
    assert cbs.parent_codes("WK008010") == ("GM0080", None)
    assert cbs.area_level("NL00") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, math.nan),
        (".", math.nan),
        ("       .", math.nan),
        ("", math.nan),
        (-99997, math.nan),
        (-99999999, math.nan),
        (0, 0.0),
        ("0", 0.0),
        ("12,5", 12.5),
        (" 1030 ", 1030.0),
        (-3.5, -3.5),
    ],
)
def test_to_number_turns_missing_into_nan_never_zero(raw, expected):
    got = cbs.to_number(raw)
    assert (math.isnan(got) and math.isnan(expected)) or got == expected


# -- column mapping through DataProperties ---------------------------------------------
def test_map_columns_on_real_2024_metadata(data_properties):
    mapping = cbs.map_columns(data_properties)
    assert mapping["GemiddeldAardgasverbruikTotaal_61"] == "gem_aardgas_woning"
    assert mapping["GemiddeldeElektriciteitsleveringTotaal_53"] == "gem_elektriciteit_woning"
    assert mapping["PercentageWoningenMetStadsverwarming_69"] == "pct_stadsverwarming"
    assert mapping["GemiddeldeWOZWaardeVanWoningen_39"] == "gem_woz_woning"
    assert mapping["HuishoudensTotaal_29"] == "huishoudens"
    # truncated CBS title ("Gem. gestandaardiseerd inkomen van huish")
    assert mapping["GemGestandaardiseerdInkomenVanHuish_86"] == (
        "gem_gestandaardiseerd_inkomen_huishouden"
    )
    # "Naar woningtype/Appartement" occurs under electricity and gas: the path decides
    assert mapping["Appartement_62"] == "gem_aardgas_appartement"
    assert mapping["Huurwoning_67"] == "gem_aardgas_huurwoning"
    assert "Appartement_54" not in mapping and "Huurwoning_59" not in mapping
    assert len(set(mapping.values())) == len(mapping)
    # 2024 replaced the "bouwjaar voor/vanaf 2000" split by "tien jaar"
    assert cbs.unmapped_indicators(mapping) == ["pct_bouwjaar_vanaf_2000", "pct_bouwjaar_voor_2000"]


def test_map_columns_full_title_matches_cbs_truncated_title(data_properties):
    wanted = Indicator(
        "pct_2o1k",
        "Twee-onder-een-kapwoningen",
        "%",
        "none",
        None,
        ("Woningen naar type/Percentage twee-onder-één-kap-woning (eengezins)",),
        "CBS",
    )
    assert cbs.map_columns(data_properties, {"pct_2o1k": wanted}) == {
        "PercentageTweeOnderEenKapWoningEe_43": "pct_2o1k"
    }


def _prop(id_, key, title, parent=None, type_="Topic", unit="aantal"):
    return {"ID": id_, "ParentID": parent, "Type": type_, "Key": key, "Title": title, "Unit": unit}


def test_map_columns_follows_titles_not_key_suffixes():
    """An older table: other suffixes, the 'Wonen' theme and the old WOZ title."""
    props = [
        _prop(1, "", "Wonen", type_="TopicGroup"),
        _prop(2, "Woningvoorraad_34", "Woningvoorraad", 1),
        _prop(3, "GemiddeldeWoningwaarde_35", "Gemiddelde woningwaarde ", 1, unit="x 1 000 euro"),
        _prop(4, "", "Bouwjaarklasse", 1, type_="TopicGroup"),
        _prop(5, "BouwjaarVoor2000_45", "Bouwjaar voor 2000", 4, unit="%"),
        _prop(6, "", "Energie", type_="TopicGroup"),
        _prop(7, "GemiddeldAardgasverbruikTotaal_55", "  gemiddeld  AARDGASVERBRUIK totaal", 6),
        _prop(8, "Woningvoorraad_99", "Woningvoorraad", None),  # no parent: no match
        _prop(9, "", "Gemiddeld elektriciteitsverbruik", 6, type_="TopicGroup"),
        _prop(10, "Appartement_48", "Appartement", 9, unit="kWh"),
        _prop(11, "", "Gemiddeld aardgasverbruik", 6, type_="TopicGroup"),
        _prop(12, "Appartement_56", "Appartement", 11, unit="m³"),
    ]
    mapping = cbs.map_columns(props, load_indicators())
    assert mapping == {
        "Woningvoorraad_34": "woningvoorraad",
        "GemiddeldeWoningwaarde_35": "gem_woz_woning",
        "BouwjaarVoor2000_45": "pct_bouwjaar_voor_2000",
        "GemiddeldAardgasverbruikTotaal_55": "gem_aardgas_woning",
        "Appartement_56": "gem_aardgas_appartement",
    }


# -- parsing ---------------------------------------------------------------------------
def test_parse_rows_long_format(data_properties):
    rows = [
        {
            "WijkenEnBuurten": "BU00801001",
            "Gemeentenaam_1": "Leeuwarden ",
            "AantalInwoners_5": 415,
            "GemiddeldAardgasverbruikTotaal_61": None,
            "Woningvoorraad_35": "       .",
        },
        {"WijkenEnBuurten": "NL00      ", "AantalInwoners_5": 17942942},
    ]
    parsed = cbs.parse_rows(rows, data_properties, "85984NED", 2024)
    figures = parsed.figures
    assert list(figures.columns) == ["code", "year", "indicator", "value", "unit", "source"]
    assert set(figures["code"]) == {"BU00801001"}  # NL00 is not an area of ours
    assert len(figures) == len(parsed.mapping) == 44
    assert _value(figures, "BU00801001", "inwoners")["value"] == 415
    assert math.isnan(_value(figures, "BU00801001", "gem_aardgas_woning")["value"])
    assert math.isnan(_value(figures, "BU00801001", "woningvoorraad")["value"])
    assert figures["year"].dtype == "int64" and (figures["year"] == 2024).all()
    assert (figures["source"] == "CBS 85984NED Kerncijfers wijken en buurten 2024").all()
    # without the region dimension a buurt is named by its code
    assert parsed.names.iloc[0].to_dict() == {
        "code": "BU00801001",
        "name": "BU00801001",
        "level": "buurt",
        "gemeente_code": "GM0080",
        "wijk_code": "WK008010",
    }


# -- end to end against the local server -----------------------------------------------
def test_fetch_kwb_end_to_end(cbs_at_fake):
    batch = cbs.fetch_kwb("GM0080", 2024)
    assert len(batch) == 1
    kind, figures, prov = batch.items[0]
    assert kind == "figures"
    assert set(figures["code"]) == {"GM0080", "WK008010", "BU00801001", "BU00801002"}
    assert _value(figures, "GM0080", "inwoners")["value"] == 128810
    assert _value(figures, "WK008010", "woningvoorraad")["value"] == 4816
    assert _value(figures, "WK008010", "oppervlakte_land_ha")["value"] == 88
    assert _value(figures, "GM0080", "gem_huishoudensgrootte")["value"] == pytest.approx(1.9)
    gas = _value(figures, "BU00801002", "gem_aardgas_woning")
    assert (gas["value"], gas["unit"]) == (980, "m³")
    assert _value(figures, "GM0080", "gem_woz_woning")["unit"] == "x 1 000 euro"
    assert _value(figures, "GM0080", "oppervlakte_totaal_ha")["unit"] == "ha"
    # secret (null) and missing code (-99997) are NaN; a real zero stays zero
    assert math.isnan(_value(figures, "BU00801001", "gem_aardgas_woning")["value"])
    assert math.isnan(_value(figures, "WK008010", "gem_woz_woning")["value"])
    assert math.isnan(_value(figures, "BU00801002", "woningvoorraad")["value"])
    assert _value(figures, "BU00801001", "pct_stadsverwarming")["value"] == 0.0
    assert (prov.table_id, prov.year, prov.licence) == ("85984NED", 2024, "Bron: CBS, CC BY 4.0")
    assert "GM0080" in prov.source
    assert "pct_bouwjaar_voor_2000" in prov.note


def test_fetch_sends_gemeente_filter_and_follows_paging(cbs_at_fake):
    rows = cbs.fetch_rows("85984NED", "GM0080")
    assert [r["WijkenEnBuurten"] for r in rows] == [
        "GM0080",
        "WK008010",
        "BU00801001",
        "BU00801002",
    ]
    sent = cbs_at_fake.params_of("/TypedDataSet")
    assert len(sent) == 2  # two rows per page: the nextLink was followed
    assert "$skip" in sent[1]
    assert "substringof('GM0080',WijkenEnBuurten)" in sent[0]["$filter"]
    assert "substringof('BU0080',WijkenEnBuurten)" in sent[0]["$filter"]
    assert "0014" not in sent[0]["$filter"]


def test_fetch_regions_gives_stripped_names(cbs_at_fake):
    regions = cbs.fetch_regions("85984NED", "GM0080")
    assert {r["Key"]: r["Title"] for r in regions} == {
        "GM0080": "Leeuwarden",
        "WK008010": "Binnenstad",
        "BU00801001": "De Waag",
        "BU00801002": "Nieuwestad",
    }
    parsed = cbs.fetch_kwb_parsed("GM0080", 2024)
    names = parsed.names.set_index("code")
    assert names.loc["BU00801001", "name"] == "De Waag"
    assert names.loc["WK008010", "level"] == "wijk"


def test_fetch_regions_reads_whole_dimension_when_filter_refused(cbs_at_fake):
    cbs_at_fake.refuse_key_filter = True
    regions = cbs.fetch_regions("85984NED", "GM0080")
    assert sorted(r["Key"] for r in regions) == ["BU00801001", "BU00801002", "GM0080", "WK008010"]
    sent = cbs_at_fake.params_of("/WijkenEnBuurten")
    assert "$filter" in sent[0] and "$filter" not in sent[1]


def test_unknown_gemeente_is_an_input_error(cbs_at_fake):
    with pytest.raises(InputError, match="geen gegevens voor gemeentecode GM9999"):
        cbs.fetch_kwb("GM9999", 2024)


def test_unreachable_server_is_source_unavailable(monkeypatch):
    monkeypatch.setenv("TRANSITIEATLAS_CBS_URL", closed_port_url())
    with pytest.raises(SourceUnavailable) as err:
        cbs.fetch_kwb("GM0080", 2024)
    message = str(err.value)
    assert message.startswith("CBS (tabel 85984NED) is niet bereikbaar: geen verbinding")
    assert "DataProperties" in message


def test_http_error_is_source_unavailable(cbs_at_fake):
    with pytest.raises(SourceUnavailable, match="HTTP 404"):
        cbs.fetch_data_properties("00000NED")


# -- the fetch command -----------------------------------------------------------------
@pytest.fixture
def fetch_env(fake, monkeypatch):
    """CBS and PDOK both pointed at the local server through the environment."""
    monkeypatch.setenv("TRANSITIEATLAS_CBS_URL", fake.url)
    monkeypatch.setenv("TRANSITIEATLAS_PDOK_URL", fake.url + "/cbs/wijkenbuurten/{year}/wfs/v1_0")
    return fake


def test_cli_fetch_writes_figures_and_areas(fetch_env, capsys):
    assert main(["fetch", "--gemeente", "GM0080", "--year", "2024"]) == 0
    captured = capsys.readouterr()
    assert "Opgeslagen in de lokale opslag: GM0080 2024" in captured.out
    assert "PDOK 2024: wijkenbuurten:buurten voor GM0080 ophalen" in captured.err
    store = open_store()
    buurten = store.areas(level="buurt", gemeente="GM0080")
    assert list(buurten["code"]) == ["BU00801001", "BU00801002", "BU00801003", "BU00801101"]
    # PDOK had no name for BU00801002: the CBS name fills it in
    assert buurten.set_index("code").loc["BU00801002", "name"] == "Nieuwestad"
    assert len(store.areas(level="wijk", gemeente="GM0080")) == 2
    assert len(store.areas(level="gemeente", gemeente="GM0080")) == 1
    inwoners = store.figures(codes=["GM0080"], indicators=["inwoners"])
    assert inwoners["value"].tolist() == [128810]
    kinds = sorted(info.kind for info in store.datasets())
    assert kinds == ["areas", "areas", "areas", "figures"]


def test_cli_fetch_one_level(fetch_env):
    assert main(["fetch", "--gemeente", "GM0080", "--level", "wijk"]) == 0
    store = open_store()
    assert store.areas(level="buurt").empty
    assert len(store.areas(level="wijk")) == 2


def test_cli_fetch_failure_leaves_store_unchanged(fetch_env, monkeypatch, capsys):
    assert main(["fetch", "--gemeente", "GM0080", "--year", "2024"]) == 0
    manifest = open_store().manifest_path.read_bytes()
    capsys.readouterr()

    monkeypatch.setenv("TRANSITIEATLAS_CBS_URL", closed_port_url())
    assert main(["fetch", "--gemeente", "GM0080", "--year", "2024"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("transitieatlas: CBS (tabel 85984NED) is niet bereikbaar")
    assert open_store().manifest_path.read_bytes() == manifest

    # CBS fine, PDOK unreachable: nothing of the CBS part is written either
    monkeypatch.setenv("TRANSITIEATLAS_CBS_URL", fetch_env.url)
    monkeypatch.setenv("TRANSITIEATLAS_PDOK_URL", closed_port_url() + "/{year}")
    assert main(["fetch", "--gemeente", "GM0014", "--year", "2024"]) == 1
    assert "PDOK (wijk- en buurtkaart 2024) is niet bereikbaar" in capsys.readouterr().err
    assert open_store().manifest_path.read_bytes() == manifest


def test_cli_fetch_bad_input(capsys):
    assert main(["fetch", "--gemeente", "Leeuwarden"]) == 1
    assert "Ongeldige gemeentecode 'Leeuwarden'" in capsys.readouterr().err
    assert main(["fetch", "--gemeente", "GM0080", "--year", "2015"]) == 1
    assert (
        "Geen CBS-tabel Kerncijfers wijken en buurten bekend voor 2015" in capsys.readouterr().err
    )
    assert open_store().is_empty()
