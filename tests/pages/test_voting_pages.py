"""The pages Kwesties, Stemmen and Uitslag without a browser (streamlit.testing AppTest)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.voting import rounds

PAGES = Path(__file__).resolve().parents[2] / "transitieatlas" / "pages"
CHAIR = UserInfo("voorzitter", "editor")


@pytest.fixture(autouse=True)
def _fresh_db():
    auth.add_user(CHAIR.name, CHAIR.role, "voorzitter-wachtwoord")
    yield
    db.dispose_all()


def page(name: str, user: UserInfo | None = None) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=60)
    if user is not None:
        at.session_state["user"] = user
    at.run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def widget(elements, label: str):
    return next(e for e in elements if e.label == label)


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption]
    parts += (
        [e.value for e in at.success] + [e.value for e in at.info] + [e.value for e in at.error]
    )
    return "\n".join(str(p) for p in parts)


def test_kwesties_page_public_and_chair():
    public = page("kwesties")
    assert "Er zijn nog geen kwesties ingebracht." in texts(public)
    assert not any(b.label == "Kwestie opslaan" for b in public.button)

    at = page("kwesties", CHAIR)
    widget(at.text_input, "Titel").input("Warmtenet")
    widget(at.selectbox, "Ingebracht door geleding").select("overheid")
    widget(at.text_area, "Verwijzingen (buurtcodes, actoren of webadressen; één per regel)").input(
        "BU00800101\n\nhttps://example.org"
    )
    button(at, "Kwestie opslaan").click().run()
    assert not at.exception, at.exception
    assert "Kwestie 'Warmtenet' is opgeslagen." in texts(at)
    (kwestie,) = rounds.list_kwesties()
    assert (kwestie.geleding, kwestie.links) == (
        "overheid",
        ("BU00800101", "https://example.org"),
    )

    widget(at.text_input, "Naam van het cluster (bestaand cluster: zelfde naam)").input("Warmte")
    widget(at.text_area, "Uitleg: waarom horen deze kwesties bij elkaar?").input("collectief")
    widget(at.multiselect, "Kwesties in dit cluster").select(kwestie.id)
    button(at, "Cluster opslaan").click().run()
    assert not at.exception, at.exception
    assert rounds.list_clusters()[0].kwesties == ("Warmtenet",)
    assert "Cluster: Warmte" in [s.value for s in at.subheader]

    # a refused action shows every problem in Dutch, no traceback
    widget(at.text_input, "Titel").input("Warmtenet")
    button(at, "Kwestie opslaan").click().run()
    assert "er is al een kwestie met de titel 'Warmtenet'" in texts(at)


def test_stemmen_page_open_round_codes_vote_and_uitslag():
    at = page("stemmen", CHAIR)
    widget(at.radio, "Waarover wordt gestemd?").set_value("vrij").run()
    widget(at.text_area, "Onderwerpen (één per regel)").input("Isolatie\nWarmtenet\n").run()
    widget(at.text_input, "Titel van de ronde").input("Najaar")
    widget(at.radio, "Methode").set_value("borda")
    button(at, "Ronde openen").click().run()
    assert not at.exception, at.exception
    (opened,) = rounds.list_rounds()
    assert (opened.title, opened.items, opened.method) == (
        "Najaar",
        ("Isolatie", "Warmtenet"),
        "borda",
    )
    widget(at.number_input, "Burgers").set_value(2)
    button(at, "Codes maken").click().run()
    assert "2 stemcodes gemaakt." in texts(at)
    codes = [c["code"] for c in rounds.code_list(opened.id, user=CHAIR)]
    assert len(codes) == 2

    # a voter without an account; the code may come from the link (?code=...)
    voter = AppTest.from_file(str(PAGES / "stemmen.py"), default_timeout=60)
    voter.query_params["code"] = codes[0]
    voter.run()
    assert widget(voter.text_input, "Uw stemcode").value == codes[0]
    button(voter, "Verder").click().run()
    assert "u stemt voor de geleding **Burgers**" in texts(voter)
    widget(voter.multiselect, "Uw rangorde").select("Warmtenet").select("Isolatie")
    button(voter, "Stem uitbrengen").click().run()
    assert not voter.exception, voter.exception
    receipt = re.search(r"Bewijsnummer: ([A-Z0-9]{5}-[A-Z0-9]{5})", texts(voter)).group(1)
    assert not any(b.label == "Ronde openen" for b in voter.button)

    uitslag = page("uitslag")
    assert "De uitslag blijft verborgen" in texts(uitslag)
    rounds.close_round(opened.id, user=CHAIR, seed=1)
    uitslag = page("uitslag")
    top = uitslag.table[0].value
    assert list(top["Onderwerp"]) == ["Warmtenet", "Isolatie"]
    assert list(top["Totaal (max. 5)"]) == ["1,000", "0,000"]
    assert list(top["Overheid"]) == ["afwezig", "afwezig"]
    assert uitslag.code[0].value.startswith("transitieatlas tally stemronde-1.csv --method borda")
    # the receipt is listed apart from the ballots, which carry none (ballot secrecy)
    assert receipt not in rounds.export_csv(opened.id)
    assert f"{receipt},burgers" in rounds.receipts_csv(opened.id)
    widget(uitslag.text_input, "Uw bewijsnummer").input(receipt.lower())
    button(uitslag, "Controleren").click().run()
    assert "uw stem is meegeteld" in texts(uitslag)
    widget(uitslag.text_input, "Uw bewijsnummer").input("AAAAA-AAAAA")
    button(uitslag, "Controleren").click().run()
    assert "staat niet in de lijst" in "\n".join(w.value for w in uitslag.warning)
    assert not any(b.label == "Datum opslaan" for b in uitslag.button)  # public: no form

    chair = page("uitslag", CHAIR)
    widget(chair.date_input, "Datum van de volgende stemming").set_value(date(2027, 2, 1))
    button(chair, "Datum opslaan").click().run()
    assert not chair.exception, chair.exception
    assert rounds.get_round(opened.id).next_vote_on == date(2027, 2, 1)
    assert "Volgende stemming gepland op 01-02-2027." in texts(chair)


def test_user_text_is_shown_literally_never_as_link_or_html():
    rounds.add_kwestie("[klik](https://example.org) <img src=x $x$", "kennis", user=CHAIR)
    at = page("kwesties")
    shown = [m.value for m in at.markdown if "klik" in m.value]
    joiner = "\u2060"  # no bare-URL autolink either
    assert shown == [rf"**\[klik\]\(https\:{joiner}//example\.org\) \<img src=x \$x\$**"]
