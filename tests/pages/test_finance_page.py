"""The Rekenvoorbeelden page through Streamlit's AppTest on the real Doesburg and Leeuwarden data."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from transitieatlas import db
from transitieatlas.finance import catalogue, service

PAGE = str(Path(__file__).resolve().parents[2] / "transitieatlas" / "pages" / "rekenvoorbeelden.py")


@pytest.fixture(autouse=True)
def _close_db():
    yield
    db.dispose_all()


def _metric_values(at):
    return [m.value for m in at.metric]


def test_page_compares_configurations_and_reacts_to_price_and_participation(shared_data):
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception
    view = service.group_view("GM0080", "eengezins")
    confs = service.default_configurations(view)
    expected = service.recalculate(view, confs, None, 1.0)
    assert len(at.metric) == len(confs)
    low, high = expected.examples[0].net_monthly
    assert at.metric[0].value == f"€{low:,.0f} – €{high:,.0f}".replace(",", ".")
    before = _metric_values(at)

    at.sidebar.number_input(key="fin_price_gas_eur_per_m3").set_value(2.0).run()
    assert not at.exception and _metric_values(at) != before
    dearer_gas = service.recalculate(view, confs, {"price_gas_eur_per_m3": 2.0}, 1.0)
    low, high = dearer_gas.examples[0].net_monthly
    assert at.metric[0].value == f"€{low:,.0f} – €{high:,.0f}".replace(",", ".")

    at.sidebar.slider(key="fin_participation").set_value(30).run()
    assert not at.exception
    assert any("30% deelname" in s.value for s in at.subheader)


def test_negative_price_gives_a_dutch_message_not_a_traceback(shared_data):
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    at.sidebar.number_input(key="fin_price_electricity_eur_per_kwh").set_value(-0.3).run()
    assert not at.exception
    assert any("negatief" in e.value for e in at.error)


def test_an_editor_saves_a_wup_section_and_the_public_cannot(shared_data):
    from transitieatlas.accounts import auth
    from transitieatlas.db import wup as wup_db
    from transitieatlas.pages._ui import USER_KEY

    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not any(t.key == "fin_text_organisatievorm" for t in at.text_area)
    at.session_state[USER_KEY] = auth.add_user("Anna", "editor", "een-lang-wachtwoord-123")
    at.run()
    at.text_area(key="fin_text_organisatievorm").set_value("Een energiecoöperatie.").run()
    at.button(key="fin_save").click().run()
    assert not at.exception
    assert wup_db.current_sections("GM0080") == {"organisatievorm": "Een energiecoöperatie."}
    assert wup_db.history("GM0080", "organisatievorm")[0]["author"] == "Anna"


def test_an_own_configuration_is_added_beside_the_defaults(shared_data):
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    n = len(at.metric)
    at.selectbox(key="fin_own_package").set_value("hybride_isolatie_d")
    at.selectbox(key="fin_own_coop").set_value("buurt_esco")
    at.selectbox(key="fin_own_fin").set_value("esco").run()
    assert not at.exception
    assert len(at.metric) == n + 1
    assert any("Hybride" in m.value or "Buurt-ESCo" in m.value for m in at.markdown)


def test_segmentation_source_on_an_empty_store_is_a_dutch_message(shared_data):
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    at.radio(key="fin_source_GM0080_buurt").set_value("segmentatie").run()
    assert not at.exception
    assert at.error and "lokale opslag" in at.error[0].value


def test_doesburg_panden_get_examples_from_the_default_scheme(shared_data, monkeypatch):
    from transitieatlas.store.importing import import_paths
    from transitieatlas.store.opendata import open_store

    import_paths(
        [
            shared_data / "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
            shared_data / "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg",
        ],
        open_store(),
    )
    at = AppTest.from_file(PAGE, default_timeout=240).run()
    at.selectbox(key="fin_area").set_value("GM0221").run()
    # no choice needed: the page resolves `auto` as the CLI does (pand + segmentation)
    assert service.resolve("GM0221") == ("pand", "segmentatie")
    assert at.radio(key="fin_level_GM0221").value == "pand"
    assert at.radio(key="fin_source_GM0221_pand").value == "segmentatie"
    assert not at.exception and not at.error
    view = service.group_view("GM0221", "voor_1945", "pand", "segmentatie")
    at.selectbox(key="fin_group").set_value("voor_1945").run()
    confs = service.default_configurations(view)
    low, high = service.recalculate(view, confs, None, 1.0).examples[0].net_monthly
    assert at.metric[0].value == f"€{low:,.0f} – €{high:,.0f}".replace(",", ".")
    # the last step from the page: the concept-WUP of the pand groups, HTML and PDF
    at.button(key="fin_make_wup").click().run()
    assert not at.exception
    area, html, pdf = at.session_state["fin_wup"]
    assert area == "GM0221" and pdf.startswith(b"%PDF-")
    assert all(v.group.label in html for v in service.area_groups("GM0221", "pand", "segmentatie"))


def test_financing_rate_and_term_are_editable_with_their_source(shared_data):
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    rate = at.sidebar.number_input(key="fin_rate_gebouwgebonden")
    assert rate.value == pytest.approx(3.5)  # % per year, from data/finance_financing.csv
    form = catalogue.financing("gebouwgebonden")
    assert f"Bron: {form.source} ({form.status})" in [c.value for c in at.sidebar.caption]
    view = service.group_view("GM0080", "eengezins")
    confs = service.default_configurations(view)
    assert confs[0].financing == (("gebouwgebonden", 1.0),)
    rate.set_value(0.0).run()
    at.sidebar.number_input(key="fin_term_years_gebouwgebonden").set_value(20).run()
    assert not at.exception and not at.error
    expected = service.recalculate(
        view, confs, {"rate_gebouwgebonden": 0.0, "term_years_gebouwgebonden": 20.0}, 1.0
    )
    low, high = expected.examples[0].net_monthly
    assert at.metric[0].value == f"€{low:,.0f} – €{high:,.0f}".replace(",", ".")


def test_a_rate_over_100_percent_is_a_dutch_message(shared_data):
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    at.sidebar.number_input(key="fin_rate_hypotheek").set_value(150.0).run()
    assert not at.exception
    assert any("tussen 0% en 100%" in e.value for e in at.error)
