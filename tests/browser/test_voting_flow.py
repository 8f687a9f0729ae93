"""The voting pages in Chromium: kwesties, a two-round vote with codes and paper, the result.

Runs tests/browser/voting_app.py (only the pages Kwesties, Stemmen, Uitslag) against its
own temporary database with one chair account, entirely offline.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import STATE_TIMEOUT_MS, choose, login, settle
from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.voting import rounds

pytestmark = pytest.mark.browser

CHAIR, PASSWORD = "voorzitter", "stemmen-2026"
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}\b")
TIMEOUT = STATE_TIMEOUT_MS


@pytest.fixture(scope="module")
def voting_home(tmp_path_factory):
    """A home folder whose database holds one chair (editor) account."""
    home = tmp_path_factory.mktemp("voting-home")
    url = f"sqlite:///{home / 'transitieatlas.sqlite'}"
    with db.session_scope(url) as session:
        auth.add_user(CHAIR, "editor", PASSWORD, session=session)
    db.dispose_all()
    return home


@pytest.fixture(scope="module")
def base_url_voting(streamlit_server, voting_home):
    return streamlit_server(
        "tests/browser/voting_app.py", env={"TRANSITIEATLAS_HOME": str(voting_home)}
    )


def main_area(page: Page):
    return page.locator("section.stMain, [data-testid='stMain']").first


def login_chair(page: Page) -> None:
    login(page, CHAIR, PASSWORD)


def add_kwestie(page: Page, title: str, geleding: str) -> None:
    settle(page)  # the previous save's rerun may still show a stale copy of this form
    form = page.locator("[data-testid='stForm']").filter(has_text="Kwestie opslaan")
    form.get_by_label("Titel").fill(title)
    choose(page, "Ingebracht door geleding", geleding)
    form.get_by_role("button", name="Kwestie opslaan").click()
    expect(page.get_by_text(f"Kwestie '{title}' is opgeslagen.")).to_be_visible(timeout=TIMEOUT)


def nav(page: Page, title: str) -> None:
    """Go to another page through the sidebar (keeps the Streamlit session and login)."""
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    settle(page)


def voter_page(page: Page, blocked: list[str]) -> Page:
    """A separate browser context, like a voter's own phone, also kept offline."""
    context = page.context.browser.new_context()

    def handle(route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in {"data", "blob", "about"} or url.hostname in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    return context.new_page()


def vote_with_code(page: Page, code: str, approve: list[str]) -> str:
    """Vote as on a shared tablet: code, ticks, submit; returns the receipt number."""
    settle(page)
    page.get_by_label("Uw stemcode").fill(code.lower())
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("button", name="Stem uitbrengen")).to_be_visible(timeout=TIMEOUT)
    for item in approve:
        page.get_by_text(item, exact=True).click()
    page.get_by_role("button", name="Stem uitbrengen").click()
    message = page.get_by_text("Uw stem is opgeslagen")
    expect(message).to_be_visible(timeout=TIMEOUT)
    return re.search(r"Bewijsnummer: ([A-Z0-9]{5}-[A-Z0-9]{5})", message.inner_text()).group(1)


def test_two_round_vote_from_opening_to_published_result(
    page: Page, base_url_voting, voting_home, blocked_requests
):
    base = base_url_voting
    page.set_default_timeout(TIMEOUT)

    # 1. inventory: the chair logs in and enters three kwesties
    page.goto(base)  # Kwesties is the first page of voting_app.py
    expect(page.get_by_text("Er zijn nog geen kwesties ingebracht.")).to_be_visible()
    login_chair(page)
    add_kwestie(page, "Isolatie", "Burgers")
    add_kwestie(page, "Warmtenet", "Overheid")
    add_kwestie(page, "Zonnedaken", "Bedrijven")

    # 2. the chair opens round one (approval, best two to round two) and makes codes
    nav(page, "Stemmen")
    page.get_by_text("de kwesties", exact=True).click()
    settle(page)
    form = page.locator("[data-testid='stForm']").filter(has_text="Ronde openen")
    expect(form.get_by_text("Zonnedaken")).to_be_visible()
    form.get_by_label("Titel van de ronde").fill("Prioriteiten")
    form.get_by_text("goedkeuring", exact=True).click()
    form.get_by_text("Met een tweede ronde").click()
    form.get_by_label("Aantal onderwerpen in de tweede ronde").fill("2")
    form.get_by_role("button", name="Ronde openen").click()
    expect(page.get_by_text("Stemronde 'Prioriteiten' is geopend.")).to_be_visible()
    settle(page)
    codes_form = page.locator("[data-testid='stForm']").filter(has_text="Codes maken")
    codes_form.get_by_label("Burgers").fill("2")
    codes_form.get_by_label("Kennis en wetenschap").fill("1")
    codes_form.get_by_role("button", name="Codes maken").click()
    expect(page.get_by_text("3 stemcodes gemaakt.")).to_be_visible()
    page.get_by_text("Lijst met stemcodes (om te printen)").click()
    table = page.locator("[data-testid='stTable']").first
    expect(table).to_contain_text("Burgers")
    rows = table.locator("tbody tr").all_inner_texts()
    codes = {CODE.search(row).group(0): row.split("\t")[1].strip() for row in rows}
    assert sorted(codes.values()) == ["Burgers", "Burgers", "Kennis en wetenschap"]

    # 3. voters use their codes (the results stay hidden meanwhile)
    burgers = [c for c, g in codes.items() if g == "Burgers"]
    kennis = [c for c, g in codes.items() if g != "Burgers"]
    phone = voter_page(page, blocked_requests)
    phone.goto(base + "stemmen")
    receipts = [
        vote_with_code(phone, burgers[0], ["Isolatie", "Warmtenet"]),
        vote_with_code(phone, burgers[1], ["Isolatie"]),
        vote_with_code(phone, kennis[0], ["Zonnedaken"]),
    ]
    # totals: Isolatie 2/2 = 1, Warmtenet 1/2, Zonnedaken 1 (kennis); tie Isolatie-Zonnedaken
    settle(phone)
    phone.get_by_label("Uw stemcode").fill(burgers[0])
    phone.get_by_role("button", name="Verder").click()
    expect(phone.get_by_text("Met deze stemcode is al gestemd.")).to_be_visible()
    nav(phone, "Uitslag")
    expect(phone.get_by_text("De uitslag blijft verborgen")).to_be_visible()
    expect(phone.get_by_text("3 stemmen binnen")).to_be_visible()

    # 4. the chair closes round one with a seed and opens round two
    nav(page, "Uitslag")
    nav(page, "Stemmen")
    close = page.locator("[data-testid='stForm']").filter(has_text="Ronde sluiten")
    close.get_by_label("Startgetal voor een eventuele loting (leeg = willekeurig)").fill("7")
    close.get_by_role("button", name="Ronde sluiten").click()
    expect(page.get_by_text("Ronde 'Prioriteiten' is gesloten")).to_be_visible()
    expect(page.get_by_text("Naar de tweede ronde gaan: ")).to_be_visible()
    page.get_by_role("button", name="Tweede ronde openen").click()
    expect(page.get_by_text("De tweede ronde is geopend.")).to_be_visible()
    expect(page.get_by_text("Prioriteiten: tweede ronde")).to_be_visible()

    # 5. round two on paper: the chair enters two rankings (Borda)
    first_result = rounds_result(voting_home, 1)
    shortlist = [r["item"] for r in first_result["ranking"][:2]]
    assert set(shortlist) == {"Isolatie", "Zonnedaken"}
    top, other = shortlist
    page.get_by_text("Papieren stembiljetten invoeren").click()
    for geleding, ranking in (("Overheid", [other, top]), ("Burgers", [other])):
        choose(page, "Geleding van de kiezer", geleding)
        for item in ranking:
            choose(page, "Uw rangorde", item)
        page.get_by_role("button", name="Stembiljet invoeren").click()
        expect(page.get_by_text("Het papieren stembiljet is ingevoerd.")).to_be_visible()
    close = page.locator("[data-testid='stForm']").filter(has_text="Ronde sluiten")
    close.get_by_role("button", name="Ronde sluiten").click()
    expect(page.get_by_text("Ronde 'Prioriteiten: tweede ronde' is gesloten")).to_be_visible()

    # 6. the published result: toplijst, absent geledingen, recount command, archive
    page = phone
    nav(page, "Stemmen")
    nav(page, "Uitslag")
    toplijst = page.locator("[data-testid='stTable']").first
    # m = 2: overheid and burgers both rank `other` first -> other 2, top 0
    expect(toplijst.locator("tbody tr").first).to_contain_text(other)
    expect(toplijst.locator("tbody tr").first).to_contain_text("2")
    expect(page.get_by_text("Afwezig (geen geldige stem")).to_contain_text("Bedrijven")
    settle(page)
    chart = page.locator("[data-testid='stVegaLiteChart'], [data-testid='stArrowVegaLiteChart']")
    expect(chart.first).to_be_attached()
    chart.first.scroll_into_view_if_needed()
    expect(chart.first.locator("canvas, svg").first).to_be_visible()
    expect(page.get_by_text("transitieatlas tally stemronde-2.csv --method borda")).to_be_visible()
    choose(page, "Stemronde", "Prioriteiten (gesloten")
    expect(page.get_by_text("geloot (startgetal 7)")).to_be_visible()
    expect(page.get_by_text("Naar de tweede ronde: ")).to_be_visible()
    assert blocked_requests == []
    # each voter's receipt is in the public list of round one, apart from the ballots
    published = export(voting_home, 1)
    listed = receipt_list(voting_home, 1)
    assert sorted(receipts) == sorted(r for r, _ in listed)
    assert not any(receipt in published for receipt in receipts)
    assert not any(code in published for code in codes)
    assert published.splitlines()[1:] == [
        "1,kennis,Zonnedaken",
        "2,burgers,Isolatie",
        "3,burgers,Isolatie;Warmtenet",
    ]


def export(home, round_id: int) -> str:
    """The archive CSV of a round, straight from the app's database."""
    url = f"sqlite:///{home / 'transitieatlas.sqlite'}"
    with db.session_scope(url) as session:
        text = rounds.export_csv(round_id, session=session)
    db.dispose_all()
    return text


def receipt_list(home, round_id: int) -> list[tuple[str, str]]:
    """The published receipts of a round, straight from the app's database."""
    url = f"sqlite:///{home / 'transitieatlas.sqlite'}"
    with db.session_scope(url) as session:
        listed = rounds.receipts(round_id, session=session)
    db.dispose_all()
    return listed


def rounds_result(home, round_id: int) -> dict:
    """Read a published result straight from the app's database."""
    url = f"sqlite:///{home / 'transitieatlas.sqlite'}"
    with db.session_scope(url) as session:
        data = rounds.result(round_id, session=session)
    db.dispose_all()
    return json.loads(json.dumps(data.to_json()))
