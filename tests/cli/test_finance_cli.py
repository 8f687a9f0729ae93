"""``transitieatlas examples`` on the real Leeuwarden Startanalyse: the issue's JSON shape and CSV."""

import csv
import io
import json

import pytest

from transitieatlas.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_examples_json_has_exactly_the_issue_shape(shared_data, capsys):
    code, out, _ = run(
        capsys, "examples", "GM0080", "--group", "meergezins", "--participation", "0.5"
    )
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"area", "group", "participation", "configurations"}
    assert (data["area"], data["group"], data["participation"]) == ("GM0080", "meergezins", 0.5)
    assert len(data["configurations"]) >= 2
    coops = {c["cooperation"] for c in data["configurations"]}
    assert "individueel" in coops and len(coops) >= 2
    for conf in data["configurations"]:
        assert set(conf) == {
            "name",
            "technique",
            "cooperation",
            "financing",
            "lines",
            "net_monthly_cost_low_eur",
            "net_monthly_cost_high_eur",
        }
        for line in conf["lines"]:
            assert set(line) == {"item", "low_eur", "high_eur", "per", "source"}
            assert line["per"] in ("jaar", "maand") and line["source"]
        yearly_low = sum(x["low_eur"] for x in conf["lines"])
        assert conf["net_monthly_cost_low_eur"] == pytest.approx(yearly_low / 12, abs=0.05)
        assert conf["net_monthly_cost_low_eur"] <= conf["net_monthly_cost_high_eur"]


def test_examples_csv_one_row_per_configuration_and_line(shared_data, capsys):
    code, out, _ = run(capsys, "examples", "BU00801001", "--group", "eengezins", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"configuration", "item", "low_eur", "high_eur", "per", "source"} <= set(rows[0])
    assert len({r["configuration"] for r in rows}) >= 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--participation", "1.5"], "Deelname moet tussen 0% en 100%"),
        (["--participation", "0"], "Deelname moet tussen 0% en 100%"),
        (["--set", "price_gas_eur_per_m3=-1"], "een prijs kan niet negatief zijn"),
        (["--set", "heatnet_network_rate=1,5"], "tussen 0% en 100% per jaar liggen (nu 150.0%)"),
        (["--set", "hp_full_load_hours=0"], "hp_full_load_hours: moet groter dan 0 zijn"),
        (["--set", "price_heat_eur_per_gj=nan"], "price_heat_eur_per_gj: geen getal"),
        (["--set", "price_gas_eur_per_m3"], "is geen instelling: schrijf NAAM=WAARDE"),
        (["--set", "rate_hypotheek=4,5"], "rente van Verhoging hypotheek (annuïtair): moet tussen"),
        (["--set", "term_years_esco=0"], "looptijd van ESCo-vergoeding (energiedienstverlener)"),
        (["--configuratie", "kernfusie"], "Configuratie 'kernfusie' bestaat niet"),
        (
            ["--configuratie", "warmtenet", "--financiering", "creditcard"],
            "'creditcard' bestaat niet",
        ),
    ],
)
def test_bad_input_is_one_dutch_line(shared_data, capsys, argv, message):
    code, out, err = run(capsys, "examples", "GM0080", "--group", "eengezins", *argv)
    assert code == 1 and out == ""
    assert message in err and "Traceback" not in err


def test_unknown_area_code_is_refused(shared_data, capsys):
    code, _, err = run(capsys, "examples", "Leeuwarden", "--group", "eengezins")
    assert code == 1 and "geen gemeente- of buurtcode" in err


def test_examples_from_the_segmentation_on_the_store(shared_data, capsys):
    try:
        import transitieatlas.segmentation.service  # noqa: F401
    except (ImportError, AttributeError) as err:  # main is integrating the heat refactor
        pytest.skip(f"segmentatie-pakket laadt nu niet: {err}")
    from transitieatlas.store.importing import import_paths
    from transitieatlas.store.opendata import open_store

    frl = shared_data / "regional/friesland_warmtekaart"
    import_paths(
        [
            shared_data / "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
            frl / "buurt_potentie_extraqt.geojson.gz",
            shared_data / "pbl/startanalyse2020_buurten/GM0080.geojson.gz",
        ],
        open_store(),
    )
    from transitieatlas.finance import service

    views = service.area_groups("GM0080", "buurt", "segmentatie")
    # every dwelling of the Startanalyse lands in one group (checked by hand: 8 groups, 62,407)
    assert sum(v.group.households for v in views) == pytest.approx(62407, abs=len(views))
    code, out, _ = run(
        capsys, "examples", "GM0080", "--bron", "segmentatie", "--group", views[0].group.code
    )
    assert code == 0 and json.loads(out)["group"] == views[0].group.code


def test_settings_and_an_own_configuration_change_the_examples(shared_data, capsys):
    _, base, _ = run(capsys, "examples", "GM0080", "--group", "eengezins")
    code, dear, _ = run(
        capsys, "examples", "GM0080", "--group", "eengezins", "--set", "price_gas_eur_per_m3=2,40",
        "--configuratie", "hybride_isolatie_d", "--samenwerking", "buurt_esco",
    )  # fmt: skip
    assert code == 0
    before = json.loads(base)["configurations"]
    after = json.loads(dear)["configurations"]
    assert len(after) == len(before) + 1 and after[-1]["technique"] == "hybride_isolatie_d"
    assert after[-1]["cooperation"] == "buurt_esco"
    # a gas price €1.00/m³ higher makes today's bill (a negative line: it goes away) larger by
    # exactly €1.00 × the household's gas use, so going off gas gets that much cheaper
    old = next(x for x in before[0]["lines"] if x["item"].startswith("Energierekening nu"))
    new = next(x for x in after[0]["lines"] if x["item"].startswith("Energierekening nu"))
    m3 = float(old["item"].split(" m³")[0].rsplit(" ", 1)[-1].replace(".", ""))
    assert new["low_eur"] - old["low_eur"] == pytest.approx(-1.0 * m3, abs=1.0)


def test_a_financing_rate_set_on_the_command_line_changes_the_capital_cost(shared_data, capsys):
    _, base, _ = run(capsys, "examples", "GM0080", "--group", "eengezins")
    code, free, _ = run(
        capsys, "examples", "GM0080", "--group", "eengezins",
        "--set", "rate_gebouwgebonden=0", "--set", "term_years_gebouwgebonden=20",
    )  # fmt: skip
    assert code == 0
    before = json.loads(base)["configurations"][0]
    after = json.loads(free)["configurations"][0]
    assert before["cooperation"] != "individueel"  # the collective one, financed gebouwgebonden
    line = next(x for x in after["lines"] if x["item"].startswith("Kapitaallasten"))
    assert "gebouwgebonden: rente 0,00%, 20 jaar (eigen invoer)" in line["source"]
    assert after["net_monthly_cost_low_eur"] != before["net_monthly_cost_low_eur"]
