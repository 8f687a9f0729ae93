"""The demand-groups screen and the transitiekaart screen filtered to the presentation's area,
on real Leeuwarden data (Fryslân buurten, PBL Startanalyse, three actors); in the HTML export
and in ``transitieatlas check --offline``."""

from __future__ import annotations

import shutil

import pytest
from _evening import FRYSLAN, seed_actors, write_tiny

from transitieatlas.accounts.auth import UserInfo
from transitieatlas.cli import main as cli
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.evening import deck, offline, presentations, screens
from transitieatlas.store.opendata import open_store

EDITOR = UserInfo("redacteur", "editor")
STARTANALYSE = "pbl/startanalyse2020_buurten/GM0080.geojson.gz"


@pytest.fixture(scope="module")
def base_home(shared_data, tmp_path_factory):
    home = tmp_path_factory.mktemp("evening-groups")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSITIEATLAS_HOME", str(home))
        paths = [str(shared_data / p) for p in [*FRYSLAN, STARTANALYSE]]
        assert cli(["import", *paths]) == 0
    seed_actors(home)
    return home


@pytest.fixture
def home(base_home, tmp_path, monkeypatch):
    copy = tmp_path / "home"
    shutil.copytree(base_home, copy)
    monkeypatch.setenv("TRANSITIEATLAS_HOME", str(copy))
    return copy


def _legend_total(legend) -> int:
    """Sum of the dwellings in legend labels like ``Corporatie (12.345 woningen)``."""
    return sum(int(label.rsplit("(", 1)[1].split()[0].replace(".", "")) for _, label in legend)


def test_demand_groups_screen_colours_leeuwarden_buurten_by_group(home):
    from matplotlib.figure import Figure

    slide = screens.render(open_store(), "GM0080", {"kind": "vraaggroepen"})
    assert slide.kind == "vraaggroepen" and slide.title == "Vraaggroepen · Leeuwarden (GM0080)"
    # 62 407 dwellings in Leeuwarden's buurten (PBL Startanalyse), as tests/segmentation
    assert slide.lines[0].startswith("62.407 woningen in ")
    assert "(de grootste groep daar)" in slide.lines[0]
    assert any(s.startswith("PBL Startanalyse aardgasvrije buurten 2020") for s in slide.sources)
    assert slide.data_date not in ("", "onbekend")
    fig = Figure()
    slide.draw(fig)
    legend = fig.legends[0]
    labels = [t.get_text() for t in legend.get_texts()]
    assert legend.get_title().get_text() == "Vraaggroep"
    assert any(label.startswith("Woningcorporaties (") for label in labels)
    # every group's dwellings, rounded to whole dwellings, add up to the total
    total = _legend_total([(None, label) for label in labels])
    assert abs(total - 62_407) <= len(labels)
    patches = fig.axes[0].collections[0].get_facecolors()
    assert len({tuple(c) for c in patches}) == len(labels)  # one colour per group shown


def test_demand_groups_screen_refuses_a_level_the_store_lacks(home):
    with pytest.raises(NotInStore, match="geen vierkanten van 100 m van GM0080"):
        screens.render(open_store(), "GM0080", {"kind": "vraaggroepen", "niveau": "cel"})
    with pytest.raises(InputError, match="Onbekend niveau 'wijk' voor vraaggroepen"):
        screens.check_spec({"kind": "vraaggroepen", "niveau": "wijk"})


def test_transitiekaart_shows_only_the_actors_inside_the_area(home):
    store = open_store()
    whole = screens.render(store, "GM0080", {"kind": "transitiekaart"})
    assert whole.lines[0].startswith("3 actoren")
    # Molenpad (BU00802008) holds the bewonersvereniging at 5,81 E 53,20 N only
    buurt = screens.render(store, "BU00802008", {"kind": "transitiekaart"})
    assert buurt.lines[0].startswith("1 actoren")
    from matplotlib.figure import Figure

    fig = Figure()
    buurt.draw(fig)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Burgers (1)" in labels and "Maatschappelijke voorzieningen (0)" in labels
    write_tiny()  # Proefdorp lies far from Leeuwarden
    with pytest.raises(
        NotInStore, match=r"actoren binnen Proefdorp op de transitiekaart \(3 liggen"
    ):
        screens.render(open_store(), "GM0997", {"kind": "transitiekaart"})


def test_actors_inside_counts_points_on_the_edge():
    import geopandas as gpd
    from shapely.geometry import box

    areas = gpd.GeoDataFrame(geometry=[box(0, 0, 10, 10), box(10, 0, 20, 10)], crs=28992)
    assert screens.actors_inside(areas, [5, 10, 25], [5, 0, 5]) == [True, True, False]
    assert screens.actors_inside(areas, [], []) == []


def test_demand_groups_in_export_and_offline_check(home, capsys):
    presentations.save_presentation(
        "Groepen", "Vraaggroepen", "GM0080",
        [{"kind": "vraaggroepen"}, {"kind": "transitiekaart"}], user=EDITOR, store=open_store(),
    )  # fmt: skip
    pres = presentations.get_presentation("Groepen")
    text = deck.deck_html(pres.title, presentations.render_all(open_store(), pres))
    assert 'data-kind="vraaggroepen"' in text and text.count('<img alt="Kaart:') == 2
    assert offline.non_inline_references(text) == []
    capsys.readouterr()
    assert cli(["check", "--offline", "Groepen"]) == 0
    out = capsys.readouterr().out
    assert "[ok]       scherm 1: Vraaggroepen (panden of buurten per groep)" in out
    assert "PROBLEEM" not in out
    # a level the store lacks is a line in the checklist with a fix, exit code 1
    presentations.save_presentation(
        "Panden", "", "GM0080", [{"kind": "vraaggroepen", "niveau": "pand"}], user=EDITOR
    )
    assert cli(["check", "--offline", "Panden"]) == 1
    out = capsys.readouterr().out
    assert "[PROBLEEM] scherm 1: Vraaggroepen (panden of buurten per groep): pand" in out
    assert "transitieatlas bag import" in out


def test_editing_helpers_examples():
    import doctest

    result = doctest.testmod(presentations)
    assert result.attempted >= 5 and result.failed == 0


def test_segment_export_carries_the_survey_interest(home, capsys):
    import json

    from transitieatlas.evening import survey, survey_repo

    survey_repo.create_survey("avond", "Avond", survey.default_questions(), min_count=1)
    raw = {"van_gas_af": "later", "kwesties": ["Samen inkopen", "Woningen isoleren",
           "Een warmtenet in de wijk"], "groepen": ["Woningcorporaties"]}  # fmt: skip
    survey_repo.answer("avond", "t1", "burgers", raw)
    capsys.readouterr()
    assert (
        cli(["segment", "GM0080", "--level", "buurt", "--format", "json", "--enquete", "avond"])
        == 0
    )
    records = {r["label"]: r for r in json.loads(capsys.readouterr().out)}
    assert records["Woningcorporaties"]["survey_interest"] == 1
    assert records["Kantoren"]["survey_interest"] == 0
    assert sum(r["dwellings"] for r in records.values()) == pytest.approx(62_407)
