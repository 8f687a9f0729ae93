"""Sign-ups: checks, team-only personal data, all-or-nothing import, public counts, CLI."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook

from transitieatlas import db
from transitieatlas.accounts import auth
from transitieatlas.accounts.auth import PermissionDenied, UserInfo
from transitieatlas.cli import main
from transitieatlas.council import campaign_repo, signup_repo
from transitieatlas.council import signups as domain
from transitieatlas.errors import InputError

CHAIR = UserInfo("voorzitter", "editor")
TEAM = UserInfo("an", "editor")
OTHER = UserInfo("bob", "editor")
TODAY = date(2026, 12, 1)
HEADER = "address,bag_id,buurt,group,name,contact,consent,date,status\n"
GOOD = (
    HEADER + "Dorpsstraat 1,,BU01930100,particuliere woningen,Ans,ans@example.org,ja,2026-11-01,\n"
    ",0193010000000002,BU01930100,particuliere woningen,,,nee,01-11-2026,\n"
    "Dorpsstraat 3,,BU01930100,corporatiewoningen,Cor,06-1234,ja,2026-11-02,twijfel\n"
    "Kerkweg 9,,BU01930101,particuliere woningen,,,nee,2026-11-03,\n"
)


@pytest.fixture(autouse=True)
def _fresh_db():
    yield
    db.dispose_all()


@pytest.fixture
def campaign() -> int:
    cid = campaign_repo.create_campaign("WUP", "Warmtenet", user=CHAIR)
    campaign_repo.update_campaign(cid, team_accounts=["an"], user=CHAIR)
    signup_repo.set_households(cid, "BU01930100", "particuliere woningen", 4, user=CHAIR)
    signup_repo.set_households(cid, "BU01930100", "corporatiewoningen", 10, user=CHAIR)
    return cid


def test_check_rows_lists_every_problem_by_row():
    rows = domain.read_table(
        "x.csv",
        (
            HEADER + "Dorpsstraat 1,,BU01930100,particuliere woningen,,,nee,2026-11-01,\n"
            "dorpsstraat  1,,BU01930100,particuliere woningen,,,nee,2026-11-01,\n"
            ",123,XX,,Piet,,nee,2027-01-01,misschien\n"
            "Laan 2,,BU01930100,groep,,,jazeker,gisteren,\n"
        ).encode(),
    )
    clean, problems = domain.check_rows(rows, ["adres:kerkweg 9"], TODAY)
    assert [c["address_key"] for c in clean] == ["adres:dorpsstraat 1"]
    assert [str(p) for p in problems] == [
        "rij 3, address: 'dorpsstraat  1' heeft al ingetekend (zie rij 2)",
        "rij 4, bag_id: '123' is geen BAG-id (16 cijfers)",
        "rij 4, buurt: 'XX' is geen buurtcode (bijvoorbeeld BU01930100)",
        "rij 4, group: geen vraaggroep",
        "rij 4, consent: naam of contact zonder toestemming: laat ze leeg of vraag toestemming",
        "rij 4, status: 'misschien' is onbekend (kies: ingetekend, twijfel)",
        "rij 4, date: 2027-01-01 ligt in de toekomst",
        "rij 5, consent: 'jazeker' is geen ja of nee",
        "rij 5, date: 'gisteren' is geen datum (jjjj-mm-dd)",
    ]
    with pytest.raises(InputError, match="mist de kolom\\(men\\): address of bag_id, consent"):
        domain.read_table("x.csv", b"buurt,group,date\n")


def test_public_counts_and_thresholds_by_hand():
    signups = [
        {"buurt": "BU01", "group": "a", "status": "ingetekend"},
        {"buurt": "BU01", "group": "a", "status": "ingetekend"},
        {"buurt": "BU01", "group": "a", "status": "ingetekend"},
        {"buurt": "BU01", "group": "a", "status": "twijfel"},
        {"buurt": "BU02", "group": "b", "status": "ingetekend"},
    ]
    rows = domain.public_counts(signups, {("BU01", "a"): 4, ("BU01", "c"): 5})
    assert rows == [
        {"buurt": "BU01", "group": "a", "households": 4, "signed_up": 3, "share": 0.75},
        {"buurt": "BU01", "group": "c", "households": 5, "signed_up": 0, "share": 0.0},
        {"buurt": "BU02", "group": "b", "households": None, "signed_up": 1, "share": None},
    ]
    assert domain.threshold_label(0.75) == "boven 75%"
    assert domain.threshold_label(0.6) == "boven 60%"
    assert domain.threshold_label(0.59) == "onder 60%"
    assert domain.by_buurt(rows) == {"BU01": round(3 / 9, 4), "BU02": None}
    assert domain.thresholds() == (0.6, 0.75)


def test_team_only_personal_data_duplicate_refused_delete_on_request(campaign):
    rows = domain.read_table("x.csv", GOOD.encode())
    with pytest.raises(PermissionDenied, match="alleen het campagneteam van 'WUP'"):
        signup_repo.import_signups(campaign, rows, user=OTHER, today=TODAY)
    ids = signup_repo.import_signups(campaign, rows, user=TEAM, today=TODAY)
    assert len(ids) == 4
    with pytest.raises(PermissionDenied):
        signup_repo.private_list(campaign, user=OTHER)
    with pytest.raises(PermissionDenied):
        signup_repo.private_list(campaign, user=None)
    listed = signup_repo.private_list(campaign, user=TEAM)
    assert listed[0]["name"] == "Cor" and listed[0]["status"] == "twijfel"  # doubters first
    # a second sign-up for one address is refused, nothing changes
    with pytest.raises(InputError) as info:
        signup_repo.add_signup(
            campaign,
            {"address": "DORPSSTRAAT 1", "buurt": "BU01930100", "group": "particuliere woningen",
             "consent": "nee", "date": "2026-11-05"},
            user=TEAM,
            today=TODAY,
        )  # fmt: skip
    assert "'DORPSSTRAAT 1' heeft al ingetekend (zie de database)" in str(info.value)
    assert len(signup_repo.private_list(campaign, user=TEAM)) == 4
    public = signup_repo.public_counts(campaign)
    assert public == [
        {"buurt": "BU01930100", "group": "corporatiewoningen", "households": 10, "signed_up": 0,
         "share": 0.0},
        {"buurt": "BU01930100", "group": "particuliere woningen", "households": 4, "signed_up": 2,
         "share": 0.5},
        {"buurt": "BU01930101", "group": "particuliere woningen", "households": None,
         "signed_up": 1, "share": None},
    ]  # fmt: skip
    assert signup_repo.public_counts(campaign, ["BU01930101"])[0]["signed_up"] == 1
    # the doubter signs up after a visit; then Ans asks to be deleted
    cor = next(r for r in listed if r["name"] == "Cor")
    signup_repo.set_status(campaign, cor["id"], "ingetekend", user=TEAM)
    ans = next(r for r in listed if r["name"] == "Ans")
    with pytest.raises(PermissionDenied):
        signup_repo.delete_on_request(campaign, ans["id"], user=OTHER)
    signup_repo.delete_on_request(campaign, ans["id"], user=TEAM)
    left = signup_repo.private_list(campaign, user=TEAM)
    assert "Ans" not in {r["name"] for r in left} and len(left) == 3
    assert signup_repo.erasures(campaign) == 1
    shares = {(r["buurt"], r["group"]): r["share"] for r in signup_repo.public_counts(campaign)}
    assert shares[("BU01930100", "particuliere woningen")] == 0.25
    assert shares[("BU01930100", "corporatiewoningen")] == 0.1
    with pytest.raises(InputError, match="niet negatief"):
        signup_repo.set_households(campaign, "BU01930100", "x", -3, user=CHAIR)


def test_import_is_all_or_nothing(campaign):
    bad = GOOD + "Kerkweg 10,,BU01930101,particuliere woningen,,,nee,2099-01-01,\n"
    with pytest.raises(InputError) as info:
        signup_repo.import_signups(
            campaign, domain.read_table("x.csv", bad.encode()), user=TEAM, today=TODAY
        )
    assert "er is niets opgeslagen" in str(info.value)
    assert [str(p) for p in info.value.problems] == ["rij 6, date: 2099-01-01 ligt in de toekomst"]
    assert signup_repo.private_list(campaign, user=TEAM) == []


def _xlsx(path) -> None:
    book = Workbook()
    sheet = book.active
    for line in csv.reader(io.StringIO(GOOD)):
        sheet.append(line)
    book.save(path)


def test_cli_import_xlsx_and_exports(campaign, tmp_path, monkeypatch, capsys):
    auth.add_user("an", "editor", "geheim-wachtwoord")
    auth.add_user("bob", "editor", "ander-wachtwoord")
    monkeypatch.setenv("TRANSITIEATLAS_PASSWORD", "geheim-wachtwoord")
    path = tmp_path / "intekeningen.xlsx"
    _xlsx(path)
    assert main(["signups", "--user", "an", "import", str(path)]) == 0
    assert "4 intekening(en) opgeslagen voor 'WUP'" in capsys.readouterr().out
    assert main(["signups", "--user", "an", "import", str(path)]) == 1  # all duplicates
    err = capsys.readouterr().err
    assert "4 problemen in het bestand (4 rijen); er is niets opgeslagen" in err
    assert "rij 2, address: 'Dorpsstraat 1' heeft al ingetekend (zie de database)" in err

    assert main(["signups", "export", "GM0193", "--public", "--format", "csv"]) == 0
    public = capsys.readouterr().out
    assert public.splitlines()[0] == "buurt,group,households,signed_up,share"
    for personal in ("Ans", "ans@example.org", "Dorpsstraat", "0193010000000002", "Cor"):
        assert personal not in public
    assert "BU01930100,particuliere woningen,4,2,0.5" in public.splitlines()

    assert main(["signups", "export", "GM0193"]) == 1
    assert "alleen voor het campagneteam" in capsys.readouterr().err
    monkeypatch.setenv("TRANSITIEATLAS_PASSWORD", "ander-wachtwoord")
    assert main(["signups", "--user", "bob", "export", "GM0193"]) == 1
    assert "alleen het campagneteam van 'WUP'" in capsys.readouterr().err
    monkeypatch.setenv("TRANSITIEATLAS_PASSWORD", "geheim-wachtwoord")
    assert main(["signups", "--user", "an", "export", "BU01930101"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [(r["address"], r["buurt"]) for r in rows] == [("Kerkweg 9", "BU01930101")]


def test_signup_share_as_dashboard_indicator(campaign):
    from transitieatlas.council import indicator_repo

    signup_repo.import_signups(
        campaign, domain.read_table("x.csv", GOOD.encode()), user=TEAM, today=TODAY
    )
    with pytest.raises(InputError) as info:
        indicator_repo.add_indicator(
            "Ingetekend", "intekenen", "aantal", "kennis", "hoger", "WUP",
            store_indicator="Bestaat niet", user=CHAIR,
        )  # fmt: skip
    assert info.value.problems == [
        "het aandeel ingetekende huishoudens heeft als eenheid '%'",
        "er is geen campagne 'Bestaat niet'",
    ]
    indicator_repo.add_indicator(
        "Ingetekend", "intekenen", "%", "burgers", "hoger", "WUP-campagne",
        store_indicator="WUP", target=75.0, target_date=date(2027, 6, 1), user=CHAIR,
    )  # fmt: skip
    area = indicator_repo.Area("BU01930100", ("BU01930100",), "BU01930100")
    (row,) = indicator_repo.dashboard(area, store=None)
    # 14 households (4 + 10); Ans and the BAG id on 1 November, the doubter does not count
    assert row["series"] == [{"date": "2026-11-01", "value": round(100 * 2 / 14, 2)}]
    cor = next(r for r in signup_repo.private_list(campaign, user=TEAM) if r["name"] == "Cor")
    signup_repo.set_status(campaign, cor["id"], "ingetekend", user=TEAM)
    (row,) = indicator_repo.dashboard(area, store=None)
    assert [p["value"] for p in row["series"]] == [14.29, 21.43]
    assert row["progress"] == pytest.approx((21.43 - 14.29) / (75 - 14.29), abs=1e-4)


# --- self sign-up by households (public page, no account) -------------------------------------

SELF = {"address": "Kerkstraat 7", "buurt": "BU01930100", "group": "particuliere woningen",
        "name": "Piet Zelf", "contact": "piet@example.org"}  # fmt: skip


def _count(campaign_id: int) -> int:
    return sum(r["signed_up"] for r in signup_repo.public_counts(campaign_id))


def test_self_signup_records_consent_text_and_moment(campaign):
    sid = signup_repo.self_signup(campaign, SELF, consent=True, client="1.2.3.4", today=TODAY)
    (row,) = signup_repo.private_list(campaign, user=TEAM)
    assert (row["id"], row["address"], row["name"], row["via"]) == (
        sid,
        "Kerkstraat 7",
        "Piet Zelf",
        "zelf",
    )
    assert row["consent"] is True and row["date"] == "2026-12-01"
    assert row["consent_text"] == domain.CONSENT_TEXT.format(campaign="WUP")
    assert row["consent_text"].startswith("Ik geef het campagneteam van 'WUP' toestemming")
    assert row["consent_at"] is not None
    assert _count(campaign) == 1  # counted in public, without anything personal
    assert set(signup_repo.public_counts(campaign)[0]) == set(domain.PUBLIC_COLUMNS)


def test_self_signup_refuses_bad_input_in_dutch_and_stores_nothing(campaign):
    signup_repo.self_signup(campaign, SELF, consent=True, today=TODAY)
    cases = [
        # the same address, written differently: refused
        ({**SELF, "address": " kerkstraat  7 ", "name": ""}, True,
         ["voor dit adres is bij deze campagne al ingetekend"]),
        ({**SELF, "address": "Laan 1"}, False,
         ["zonder toestemming kunnen we uw intekening niet bewaren"]),
        ({**SELF, "address": "Laan 2", "group": "bedrijven"}, True,
         ["de campagne is niet open voor buurt 'BU01930100' en vraaggroep 'bedrijven'"]),
        ({**SELF, "address": "Laan 3", "name": "x" * 101, "contact": ""}, True,
         ["de naam is langer dan 100 tekens"]),
        ({**SELF, "address": "L" * 201}, True, ["het adres is langer dan 200 tekens"]),
        ({**SELF, "address": "Laan 4", "status": "twijfel", "contact": ""}, True,
         ["wilt u bezoek? Laat dan een telefoonnummer of e-mailadres achter"]),
        ({**SELF, "address": "", "bag_id": ""}, True, ["geen adres en geen BAG-id"]),
    ]  # fmt: skip
    for values, consent, expected in cases:
        with pytest.raises(InputError) as info:
            signup_repo.self_signup(campaign, values, consent=consent, today=TODAY)
        assert str(info.value).startswith("Uw intekening is niet opgeslagen")
        assert info.value.problems == expected, values
    assert len(signup_repo.private_list(campaign, user=TEAM)) == 1
    assert _count(campaign) == 1


def test_self_signup_only_while_the_campaign_is_open(campaign):
    campaign_repo.update_campaign(campaign, status="afgerond", user=CHAIR)
    with pytest.raises(InputError) as info:
        signup_repo.self_signup(campaign, SELF, consent=True, today=TODAY)
    assert info.value.problems == ["bij deze campagne kunt u niet (meer) intekenen"]
    assert _count(campaign) == 0


def test_self_signup_is_rate_limited_per_client_like_zelfmelding(campaign):
    from transitieatlas.accounts import throttle

    assert throttle.LIMITS["signup-client"] == throttle.LIMITS["submit-client"]
    # refused attempts count too: probing which addresses signed up is limited
    with pytest.raises(InputError):
        signup_repo.self_signup(campaign, SELF, consent=False, client="9.9.9.9", today=TODAY)
    for n in range(4):
        signup_repo.self_signup(
            campaign, {**SELF, "address": f"Laan {n}"}, consent=True, client="9.9.9.9", today=TODAY
        )
    with pytest.raises(InputError, match="te veel intekeningen.*over 60 minuten"):
        signup_repo.self_signup(
            campaign, {**SELF, "address": "Laan 99"}, consent=True, client="9.9.9.9", today=TODAY
        )
    assert _count(campaign) == 4
    # another client still can
    signup_repo.self_signup(
        campaign, {**SELF, "address": "Laan 99"}, consent=True, client="8.8.8.8", today=TODAY
    )
    assert _count(campaign) == 5
