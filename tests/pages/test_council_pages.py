"""The council's pages without a browser (AppTest): dashboard, campaigns, meeting.

Includes the privacy check: no name, contact or address of a sign-up reaches a page
that the public, or a presidium member outside the campaign team, can see.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.council import campaign_repo, indicator_repo, meeting_repo, signup_repo
from transitieatlas.db import gebieden

PAGES = Path(__file__).resolve().parents[2] / "transitieatlas" / "pages"
CHAIR = UserInfo("voorzitter", "editor")
TEAM = UserInfo("an", "editor")
PERSONAL = ("Ans de Vries", "ans@example.org", "Dorpsstraat 1", "06-9876543", "Cor Twijfel")


@pytest.fixture(autouse=True)
def _fresh_db():
    """Accounts exist in the database: pages re-read the login on every rerun."""
    auth.add_user(CHAIR.name, CHAIR.role, "voorzitter-wachtwoord")
    auth.add_user(TEAM.name, TEAM.role, "campagne-wachtwoord")
    yield
    db.dispose_all()


def page(name: str, user: UserInfo | None = None) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=60)
    if user is not None:
        at.session_state["user"] = user
    at.run()
    assert not at.exception, at.exception
    return at


def all_text(at: AppTest) -> str:
    """Every text an AppTest page shows: markdown, captions, messages, tables, widgets."""
    parts: list[str] = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "success", "error", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [df.value.to_csv() for df in at.dataframe]
    parts += [table.value.to_csv() for table in at.table]
    for kind in ("selectbox", "multiselect", "radio"):
        for widget in getattr(at, kind):
            parts += [str(o) for o in widget.options]
    for kind in ("text_input", "text_area"):
        parts += [str(w.value) for w in getattr(at, kind)]
    return "\n".join(parts).replace("\\", "")  # Markdown escapes removed


def widget(elements, label: str):
    return next(e for e in elements if e.label == label)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_dashboard_page_shows_and_refuses_bad_values():
    gebieden.save_afbakening("Oud-Oost", ["BU00800000"], "GM0080", user=CHAIR)
    ind = indicator_repo.add_indicator(
        "Warmtepompen geplaatst", "handmatig", "aantal", "kennis", "hoger", "WUP", user=CHAIR
    )
    indicator_repo.add_value(ind, "Oud-Oost", date(2025, 1, 1), 12, "telling", user=CHAIR)
    public = page("dashboard")
    assert "12,0 aantal" in all_text(public)
    assert not any(b.label == "Waarde opslaan" for b in public.button)

    at = page("dashboard", CHAIR)
    widget(at.number_input, "Waarde").set_value(-3)
    widget(at.text_input, "Bron van de waarde").input("telling")
    at.button(key="FormSubmitter:dash_value-Waarde opslaan").click().run()
    assert not at.exception, at.exception
    assert "een aantal kan niet negatief zijn (-3)" in all_text(at)
    assert len(indicator_repo.value_history(ind, "Oud-Oost")) == 1  # nothing changed
    widget(at.number_input, "Waarde").set_value(30)
    widget(at.date_input, "Peildatum").set_value(date(2026, 1, 1))
    at.button(key="FormSubmitter:dash_value-Waarde opslaan").click().run()
    assert "De waarde is opgeslagen." in all_text(at)
    assert [h["value"] for h in indicator_repo.value_history(ind, "Oud-Oost")] == [12.0, 30.0]


def test_dashboard_page_says_why_a_computed_indicator_is_empty():
    indicator_repo.add_indicator(
        "Warmtevraag woningen", "warmtevraag", "", "kennis", "lager", "volgen",
        store_indicator="gas:totaal", user=CHAIR,
    )  # fmt: skip
    at = AppTest.from_file(str(PAGES / "dashboard.py"), default_timeout=60)
    at.session_state["dash_area_codes"] = "GM0080"
    at.run()
    assert not at.exception, at.exception
    text = all_text(at)
    assert "Warmtevraag woningen: Geen buurten van GM0080 in de lokale opslag" in text
    assert "—" in at.dataframe[0].value.loc[0, "Laatste waarde"]


def _campaign_with_signups() -> int:
    cid = campaign_repo.create_campaign("WUP Oud-Oost", "Warmtenet", user=CHAIR)
    campaign_repo.update_campaign(cid, team_accounts=["an"], user=CHAIR)
    signup_repo.set_households(cid, "BU00800000", "particuliere woningen", 4, user=CHAIR)
    rows = [
        ("rij 2", {"address": "Dorpsstraat 1", "buurt": "BU00800000", "group": "particuliere woningen",
                   "name": "Ans de Vries", "contact": "ans@example.org", "consent": "ja",
                   "date": "2026-11-01"}),
        ("rij 3", {"address": "Dorpsstraat 3", "buurt": "BU00800000", "group": "particuliere woningen",
                   "name": "Cor Twijfel", "contact": "06-9876543", "consent": "ja",
                   "date": "2026-11-02", "status": "twijfel"}),
        ("rij 4", {"address": "Dorpsstraat 5", "buurt": "BU00800000", "group": "particuliere woningen",
                   "consent": "nee", "date": "2026-11-02"}),
    ]  # fmt: skip
    signup_repo.import_signups(cid, rows, user=TEAM)
    return cid


@pytest.mark.parametrize("viewer", [None, CHAIR], ids=["publiek", "presidium-buiten-team"])
def test_personal_signup_data_never_on_public_pages(viewer):
    _campaign_with_signups()
    for name in ("campagnes", "dashboard", "vergadering", "intekenen"):
        text = all_text(page(name, viewer))
        for personal in PERSONAL:
            assert personal not in text, (name, personal)
    text = all_text(page("campagnes", viewer))
    assert "50%" in text and "onder 60%" in text  # 2 of 4 households, the doubter not counted
    assert "vacant" in text


def test_campaign_team_sees_names_and_doubters():
    _campaign_with_signups()
    text = all_text(page("campagnes", TEAM))
    for personal in PERSONAL:
        assert personal in text
    assert "Voor het campagneteam (niet openbaar)" in text


def test_meeting_page_public_submission_and_chair_agenda():
    meeting = meeting_repo.create_meeting(date(2026, 3, 5), user=CHAIR)
    ((code, _),) = meeting_repo.issue_codes(meeting, {"burgers": 1}, user=CHAIR)
    public = page("vergadering")
    widget(public.text_input, "Inbrengcode (van het briefje van uw geleding)").input(code)
    widget(public.text_input, "Titel van de kwestie").input("Warmte uit de vaart")
    public.button(key="FormSubmitter:meet_submit-Kwestie inbrengen").click().run()
    assert not public.exception, public.exception
    assert "de kwestie is ingebracht" in all_text(public)
    assert not any(b.label == "Vergadering plannen" for b in public.button)
    # the same code again: refused in Dutch
    widget(public.text_input, "Inbrengcode (van het briefje van uw geleding)").input(code)
    widget(public.text_input, "Titel van de kwestie").input("Nog een")
    public.button(key="FormSubmitter:meet_submit-Kwestie inbrengen").click().run()
    assert "Deze inbrengcode is al gebruikt." in all_text(public)

    chair = page("vergadering", CHAIR)
    text = all_text(chair)
    assert "Burgers: Warmte uit de vaart" in text  # in agenda item 4a
    assert "Warmte uit de vaart" in text
    chair.radio(key="meet_part").set_value("Ingebrachte kwesties").run()
    button(chair, "Toelaten").click().run()
    assert not chair.exception, chair.exception
    assert "'Warmte uit de vaart' staat bij de kwesties." in all_text(chair)


def test_household_signs_up_itself_and_only_the_team_sees_it():
    cid = _campaign_with_signups()
    at = page("intekenen")
    assert widget(at.selectbox, "Uw vraaggroep").options == ["particuliere woningen"]
    widget(at.text_input, "Adres (straat, huisnummer, plaats)").input("Kerkstraat 7")
    widget(at.text_input, "Naam (niet verplicht)").input("Piet Zelf")
    widget(at.text_input, "Telefoon of e-mail (niet verplicht; wel nodig voor een bezoek)").input(
        "piet@example.org"
    )
    submit = "FormSubmitter:sign_form-Intekenen"
    at.button(key=submit).click().run()  # no consent ticked: refused, nothing stored
    assert not at.exception, at.exception
    assert "zonder toestemming kunnen we uw intekening niet bewaren" in all_text(at)
    assert len(signup_repo.private_list(cid, user=TEAM)) == 3
    at.checkbox(key="sign_consent").check()
    at.button(key=submit).click().run()
    assert not at.exception, at.exception
    text = all_text(at)
    assert "uw intekening is ontvangen" in text
    assert "Kerkstraat 7" not in text and "Piet Zelf" not in text  # the form is emptied
    mine = signup_repo.private_list(cid, user=TEAM)[-1]
    assert (mine["name"], mine["via"]) == ("Piet Zelf", "zelf")
    assert mine["consent_text"].startswith("Ik geef het campagneteam van 'WUP Oud-Oost'")
    # the same address again (other spelling): refused in Dutch, nothing changes
    widget(at.text_input, "Adres (straat, huisnummer, plaats)").input("kerkstraat 7")
    at.checkbox(key="sign_consent").check()
    at.button(key=submit).click().run()
    assert "voor dit adres is bij deze campagne al ingetekend" in all_text(at)
    assert len(signup_repo.private_list(cid, user=TEAM)) == 4
    # a fresh visitor: counts only (3 of 4 households), nobody's personal data
    public = all_text(page("intekenen"))
    assert "75%" in public
    for personal in (*PERSONAL, "Kerkstraat 7", "Piet Zelf", "piet@example.org"):
        assert personal not in public
    team = all_text(page("campagnes", TEAM))
    assert "Piet Zelf" in team and "piet@example.org" in team and "zelf" in team


def test_speaking_timer_part_shows_live_table():
    meeting_repo.create_meeting(date(2026, 3, 5), user=CHAIR)
    at = page("vergadering", CHAIR)
    at.radio(key="meet_part").set_value("Spreektijd").run()
    assert "Niemand aan het woord: de klok staat stil." in all_text(at)
    button(at, "Kennis en wetenschap").click().run()
    assert not at.exception, at.exception
    text = all_text(at)
    assert "klok staat stil" not in text and "gesproken" in text
    (table,) = at.dataframe
    rows = table.value.set_index("Geleding")
    assert rows.loc["Kennis en wetenschap", "Nu aan het woord"] == "●"
    assert rows.loc["Burgers", "Over"] == "2:00"  # a fifth of 10 minutes, nothing spoken
