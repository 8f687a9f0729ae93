"""One cycle of the council in Chromium: meeting, kwestie per geleding, campaign, sign-ups,
dashboard, minutes; then the public view holds no personal data.

Runs tests/browser/council_app.py (Vergadering, Campagnes, Dashboard) against its own
database and a store with the real Zwolle buurten of 2023, entirely offline. The vote
itself is cast through the voting module between the browser steps (its pages have their
own browser test, test_voting_flow.py).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import STATE_TIMEOUT_MS, choose, login, settle, wait_for_drawn
from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import UserInfo
from transitieatlas.actors import repo as actor_repo
from transitieatlas.geledingen import GELEDINGEN
from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store
from transitieatlas.voting import rounds

pytestmark = pytest.mark.browser

CHAIR, PASSWORD = "voorzitter", "raad-wachtwoord-1"
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}\b")
ZWOLLE_2023 = (
    Path(__file__).resolve().parents[3]
    / "shared/data/regional/zwolle_energy_transition/energy_buurt_mapped"
    / "energy_buurt_2023_mapped.geojson"
)
TIMEOUT = STATE_TIMEOUT_MS


@pytest.fixture(scope="module")
def council_home(tmp_path_factory):
    """A chair account, one approved actor and the Zwolle buurten (real data) in the store."""
    if not ZWOLLE_2023.is_file():
        pytest.skip("../shared/data ontbreekt")
    home = tmp_path_factory.mktemp("council-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSITIEATLAS_HOME", str(home))
        importing.import_paths([ZWOLLE_2023], open_store())
        auth.add_user(CHAIR, "editor", PASSWORD)
        admin = UserInfo("beheer", "admin")
        actor_repo.create_actor(
            {"name": "Bewonersvereniging Binnenstad", "geleding": "burgers"}, admin
        )
        db.dispose_all()
    return home


@pytest.fixture(scope="module")
def base_url_council(streamlit_server, council_home):
    return streamlit_server(
        "tests/browser/council_app.py", env={"TRANSITIEATLAS_HOME": str(council_home)}
    )


def nav(page: Page, title: str) -> None:
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title, level=1, exact=True)).to_be_visible()
    settle(page)


def form(page: Page, button: str):
    return page.locator("[data-testid='stForm']").filter(
        has=page.get_by_role("button", name=button)
    )


def submit(page: Page, button: str, expected: str) -> None:
    form(page, button).get_by_role("button", name=button).click()
    expect(page.get_by_text(expected).first).to_be_visible()
    settle(page)


def part(page: Page, name: str) -> None:
    """Open a part of the Vergadering page (a radio that survives reruns)."""
    page.locator("[data-testid='stRadio']").get_by_text(name, exact=True).click()
    settle(page)


def cast_vote(home: Path) -> None:
    """The council votes (Borda, every geleding the same ranking) and plans the next vote."""
    url = f"sqlite:///{home / 'transitieatlas.sqlite'}"
    chair = UserInfo(CHAIR, "editor")
    with db.session_scope(url) as s:
        rounds.add_kwestie("Isolatie eerst", "kennis", user=chair, session=s)
        items = [k.title for k in rounds.list_kwesties(session=s)]
        assert items == ["Warmte uit de vaart", "Isolatie eerst"]
        rid = rounds.open_round("Ronde maart", "borda", items, user=chair, session=s)
        for g in GELEDINGEN:
            rounds.enter_paper_ballot(rid, g, items, user=chair, session=s)
        rounds.close_round(rid, user=chair, seed=7, next_vote_on=date(2027, 3, 1), session=s)
    db.dispose_all()


def test_one_council_cycle(page: Page, base_url_council, council_home, blocked_requests):
    page.set_default_timeout(TIMEOUT)
    page.goto(base_url_council)  # Vergadering is the first page
    login(page, CHAIR, PASSWORD)
    sidebar = page.locator("[data-testid='stSidebar']")

    # 1. a meeting, a code for the burgers, their kwestie, admitted by the presidium
    submit(page, "Vergadering plannen", "gepland.")
    part(page, "Ingebrachte kwesties")
    form(page, "Codes maken").get_by_label("Burgers").fill("1")
    form(page, "Codes maken").get_by_role("button", name="Codes maken").click()
    table = page.locator("[data-testid='stTable']").filter(has_text="Burgers")
    expect(table).to_be_visible()
    settle(page)
    code = CODE.search(table.inner_text()).group(0)
    page.get_by_text("Een kwestie inbrengen met uw inbrengcode").click()
    inbreng = form(page, "Kwestie inbrengen")
    inbreng.get_by_label("Inbrengcode (van het briefje van uw geleding)").fill(code)
    inbreng.get_by_label("Titel van de kwestie").fill("Warmte uit de vaart")
    submit(page, "Kwestie inbrengen", "de kwestie is ingebracht")
    part(page, "Ingebrachte kwesties")
    page.get_by_role("button", name="Toelaten").click()
    expect(page.get_by_text("'Warmte uit de vaart' staat bij de kwesties.")).to_be_visible()
    settle(page)

    # 2. the vote; the agenda then shows its result and the planned next vote
    cast_vote(council_home)
    nav(page, "Campagnes")
    nav(page, "Vergadering")
    agenda = page.locator("[data-testid='stMain']")
    expect(agenda.get_by_text("Burgers: Warmte uit de vaart").first).to_be_visible()
    expect(agenda.get_by_text("1. Warmte uit de vaart, 2. Isolatie eerst").first).to_be_visible()
    expect(agenda.get_by_text("Volgende stemming gepland op 1 maart 2027.").first).to_be_visible()

    # 3. a campaign from the toplijst: five seats, vacant until filled
    nav(page, "Campagnes")
    starter = form(page, "Campagne starten")
    starter.get_by_label("Startbudget (€)").fill("2500")
    submit(page, "Campagne starten", "De campagne is gestart, met vijf vacante zetels.")
    team = page.locator("[data-testid='stTable']").filter(has_text="Kennis en wetenschap")
    expect(team).to_contain_text("vacant")
    assert team.inner_text().count("vacant") == 5
    choose(page, "Zetel van geleding", "Burgers")
    choose(page, "Actor van de transitiekaart", "Bewonersvereniging Binnenstad")
    submit(page, "Zetel opslaan", "De zetel is bijgewerkt.")
    team = page.locator("[data-testid='stTable']").filter(has_text="Kennis en wetenschap")
    expect(team).to_contain_text("Bewonersvereniging Binnenstad")
    assert team.inner_text().count("vacant") == 4

    # 4. the chair joins the campaign team; households and two sign-ups against 60 %
    form(page, "Campagne opslaan").get_by_label("Accounts van het campagneteam (met komma's)").fill(
        CHAIR
    )
    submit(page, "Campagne opslaan", "De campagne is opgeslagen.")
    households = form(page, "Aantal opslaan")
    households.get_by_label("Buurtcode").fill("GM0193-0100")
    households.get_by_label("Vraaggroep").fill("particuliere woningen")
    households.get_by_label("Huishoudens").fill("4")
    submit(page, "Aantal opslaan", "Het aantal huishoudens is opgeslagen.")
    for address, name in (("Dorpsstraat 1", "Ans de Vries"), ("Dorpsstraat 1", "Dubbel")):
        entry = form(page, "Intekening opslaan")
        entry.get_by_label("Adres", exact=True).fill(address)
        entry.get_by_label("Buurtcode", exact=True).fill("GM0193-0100")
        entry.get_by_label("Vraaggroep", exact=True).fill("particuliere woningen")
        entry.get_by_label("Naam", exact=True).fill(name)
        entry.get_by_label("Telefoon of e-mail", exact=True).fill("ans@example.org")
        if not entry.get_by_role("checkbox").is_checked():
            entry.get_by_text("Toestemming om naam en contact te bewaren").click()
        expected = "De intekening is opgeslagen." if name != "Dubbel" else "heeft al ingetekend"
        submit(page, "Intekening opslaan", expected)
    counts = page.locator("[data-testid='stTable']").filter(has_text="Drempel")
    expect(counts).to_contain_text("25%")
    expect(counts).to_contain_text("onder 60%")
    wait_for_drawn(page, 1)  # the buurt on the map, coloured against the threshold

    # 5. the dashboard: a manual indicator with a value; a negative count is refused
    nav(page, "Dashboard")
    page.get_by_label("Gebiedscode(s), met komma's").fill("GM0193-0100")
    page.get_by_label("Gebiedscode(s), met komma's").press("Enter")
    settle(page)
    adder = form(page, "Indicator toevoegen")
    adder.get_by_label("Naam van de indicator").fill("Huishoudens ingetekend")
    adder.get_by_label("Eenheid (bijv. aantal, TJ, %)").fill("aantal")
    adder.get_by_label("Bron", exact=True).fill("campagneteam")
    adder.get_by_label("Waarom komt deze indicator erbij?").fill("voortgang van de WUP")
    submit(
        page, "Indicator toevoegen", "Indicator 'Huishoudens ingetekend' staat op het dashboard."
    )
    value = form(page, "Waarde opslaan")
    value.get_by_label("Waarde", exact=True).fill("-1")
    value.get_by_label("Bron van de waarde").fill("telling")
    submit(page, "Waarde opslaan", "een aantal kan niet negatief zijn")
    form(page, "Waarde opslaan").get_by_label("Waarde", exact=True).fill("1")
    submit(page, "Waarde opslaan", "De waarde is opgeslagen.")

    # 6. minutes written, adopted and published
    nav(page, "Vergadering")
    part(page, "Verslag")
    form(page, "Verslag opslaan").get_by_label("Verslag", exact=True).fill(
        "De raad start de campagne Warmte."
    )
    submit(page, "Verslag opslaan", "Het verslag is opgeslagen.")
    part(page, "Verslag")
    submit(page, "Verslag vaststellen", "Het verslag is vastgesteld en gepubliceerd.")
    expect(page.get_by_text(re.compile(r"Verslag .* \(vastgesteld\)"))).to_be_visible()

    # 7. the public: counts and the published minutes, never a name or contact
    sidebar.get_by_role("button", name="Uitloggen").click()
    # wait until the logout has run (the login expander is back) before navigating, so the
    # navigation's rerun cannot cut the logout's run short
    expect(sidebar.get_by_text("Inloggen (presidium en redactie)")).to_be_visible(timeout=60_000)
    settle(page)
    expect(page.get_by_text(re.compile(r"Verslag .* \(vastgesteld\)"))).to_be_visible()
    nav(page, "Campagnes")
    expect(page.locator("[data-testid='stTable']").filter(has_text="Drempel")).to_contain_text(
        "25%"
    )
    content = page.content()
    for personal in ("Ans de Vries", "ans@example.org", "Dorpsstraat"):
        assert personal not in content
    assert blocked_requests == []
