"""Sign-ups in the database: entered or imported by the campaign team, counted in public.

Access (AVG/GDPR): names, contacts, addresses and the list of doubters are read, entered,
imported and deleted only by the campaign's team (its ``team_accounts``) or an
administrator (:func:`transitieatlas.council.campaign_repo.may_see_personal`). Everyone
else gets :func:`public_counts` only. Deleting on request removes the row completely and
records only that a sign-up was erased, by whom and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from transitieatlas.accounts.auth import PermissionDenied, UserInfo, require_role
from transitieatlas.actors.model import raise_problems
from transitieatlas.areas.codes import gemeente_of, wijk_of
from transitieatlas.council import campaign_repo
from transitieatlas.council import signups as domain
from transitieatlas.db import maybe_session
from transitieatlas.db.models import Signup, SignupErasure, SignupTarget, utcnow
from transitieatlas.errors import InputError, NotInStore


def _require_team(user: UserInfo | None, campaign_id: int, action: str, s: Session) -> UserInfo:
    campaign = campaign_repo.get_campaign(campaign_id, session=s)
    if not campaign_repo.may_see_personal(user, campaign):
        raise PermissionDenied(
            f"U mag {action} niet: dat mag alleen het campagneteam van '{campaign['title']}'."
        )
    return user  # type: ignore[return-value]


def set_households(
    campaign_id: int,
    buurt: str,
    group: str,
    households: int,
    *,
    user: UserInfo | None,
    session: Session | None = None,
) -> None:
    """Record how many households (or buildings) of ``group`` the buurt has."""
    require_role(user, "editor", "aantallen huishoudens invoeren")
    problems = []
    if not domain.BUURT_CODE.match(buurt.strip()):
        problems.append(f"'{buurt}' is geen buurtcode")
    if not group.strip():
        problems.append("geen vraaggroep")
    if households < 0:
        problems.append(f"een aantal huishoudens kan niet negatief zijn ({households})")
    if problems:
        raise InputError("Het aantal huishoudens is niet opgeslagen:", problems)
    with maybe_session(session) as s:
        campaign_repo.get_campaign(campaign_id, session=s)
        row = s.scalar(
            select(SignupTarget).where(
                SignupTarget.campaign_id == campaign_id,
                SignupTarget.buurt == buurt.strip(),
                SignupTarget.group_name == group.strip(),
            )
        )
        if row is None:
            row = SignupTarget(
                campaign_id=campaign_id, buurt=buurt.strip(), group_name=group.strip()
            )
            s.add(row)
        row.households = int(households)


def add_signup(
    campaign_id: int,
    values: Mapping[str, str],
    *,
    user: UserInfo | None,
    today: date | None = None,
    session: Session | None = None,
) -> int:
    """Enter one sign-up (or doubter) by the campaign team; returns its id."""
    return import_signups(
        campaign_id, [("invoer", values)], user=user, today=today, session=session, one=True
    )[0]


def import_signups(
    campaign_id: int,
    rows: Sequence[tuple[str, Mapping[str, str]]],
    *,
    user: UserInfo | None,
    today: date | None = None,
    session: Session | None = None,
    one: bool = False,
) -> list[int]:
    """Store every row or none: all problems are listed by row. Returns the new ids."""
    with maybe_session(session) as s:
        who = _require_team(user, campaign_id, "intekeningen invoeren", s)
        existing = s.scalars(select(Signup.address_key).where(Signup.campaign_id == campaign_id))
        clean, problems = domain.check_rows(rows, existing, today or date.today())
        if problems:
            if one:
                raise InputError(
                    "De intekening is niet opgeslagen:",
                    [f"{p.field}: {p.reason}" for p in problems],
                )
            raise_problems(problems, len(rows))
        if not clean:
            raise InputError("Het bestand bevat geen intekeningen.")
        ids = []
        for c in clean:
            row = _new_signup(
                campaign_id, c, who.name, consent=c["consent"], signed_on=c["signed_on"]
            )
            s.add(row)
            s.flush()
            ids.append(row.id)
        return ids


SELF_SIGNUP_BY = "zelf (intekenpagina)"
"""``entered_by`` of a sign-up a household made itself."""


def open_pairs(campaign_id: int, session: Session | None = None) -> list[tuple[str, str]]:
    """The ``(buurt, group)`` pairs a household can sign up for: those the team entered
    households for (public: no personal data)."""
    with maybe_session(session) as s:
        rows = s.execute(
            select(SignupTarget.buurt, SignupTarget.group_name)
            .where(SignupTarget.campaign_id == campaign_id)
            .order_by(SignupTarget.buurt, SignupTarget.group_name)
        ).all()
        return [(b, g) for b, g in rows]


def self_signup(
    campaign_id: int,
    values: Mapping[str, str],
    *,
    consent: bool,
    client: str = "",
    today: date | None = None,
    session: Session | None = None,
) -> int:
    """A household signs up itself on the public page (no account); returns the id.

    Checked like the team's entries (:func:`transitieatlas.council.signups.check_signup`)
    plus :func:`~transitieatlas.council.signups.self_signup_problems`; the consent text and
    moment are kept. Rate-limited per client and in total like zelfmelding
    (:data:`transitieatlas.accounts.throttle.LIMITS`). A second sign-up for an address is
    refused. Nothing is stored on any problem.
    """
    from transitieatlas.accounts import throttle

    keys = [("signup-all", "*")] + ([("signup-client", client[:200])] if client else [])
    wait = max(throttle.wait_seconds(kind, who) for kind, who in keys)
    if wait:
        raise InputError(
            "Er zijn de laatste tijd te veel intekeningen binnengekomen. "
            f"Probeer het over {throttle.minutes_text(wait)} opnieuw."
        )
    day = today or date.today()
    entry = {**{k: str(v) for k, v in values.items()}, "consent": "ja" if consent else "nee"}
    entry["date"] = day.isoformat()
    entry["status"] = entry.get("status", "").strip() or "ingetekend"
    signup_id = None
    with maybe_session(session) as s:
        campaign = campaign_repo.get_campaign(campaign_id, session=s)
        clean, problems = domain.check_signup(entry, day)
        # without consent the household gets the one clear line of self_signup_problems
        messages = [reason for field, reason in problems if field != "consent" or consent]
        messages += domain.self_signup_problems(
            entry, consent, open_pairs(campaign_id, session=s), campaign["status"]
        )
        if not messages and s.scalar(
            select(Signup.id).where(
                Signup.campaign_id == campaign_id, Signup.address_key == clean["address_key"]
            )
        ):
            messages.append(DUPLICATE)
        if not messages:
            signup_id = _store_self_signup(s, campaign_id, clean, campaign["title"], day)
    # every attempt counts (also refused ones: probing which addresses signed up is limited)
    for kind, who in keys:
        throttle.hit(kind, who)
    if signup_id is None:
        raise InputError("Uw intekening is niet opgeslagen:", list(dict.fromkeys(messages)))
    return signup_id


def _new_signup(
    campaign_id: int, clean: Mapping[str, Any], entered_by: str, **extra: Any
) -> Signup:
    """A Signup row from a validated record (imported, entered or self-made)."""
    return Signup(
        campaign_id=campaign_id,
        address_key=clean["address_key"],
        address=clean["address"],
        bag_id=clean["bag_id"],
        buurt=clean["buurt"],
        group_name=clean["group"],
        status=clean["status"],
        name=clean["name"],
        contact=clean["contact"],
        entered_by=entered_by,
        entered_at=utcnow(),
        **extra,
    )


DUPLICATE = "voor dit adres is bij deze campagne al ingetekend"


def _store_self_signup(
    s: Session, campaign_id: int, clean: Mapping[str, Any], title: str, day: date
) -> int:
    row = _new_signup(
        campaign_id,
        clean,
        SELF_SIGNUP_BY,
        consent=True,
        signed_on=day,
        consent_text=domain.CONSENT_TEXT.format(campaign=title),
        consent_at=utcnow(),
    )
    s.add(row)
    try:
        s.flush()
    except IntegrityError:  # the same address at the same moment from another session
        s.rollback()
        raise InputError("Uw intekening is niet opgeslagen:", [DUPLICATE]) from None
    return row.id


def delete_on_request(
    campaign_id: int, signup_id: int, *, user: UserInfo | None, session: Session | None = None
) -> None:
    """Erase a sign-up completely (AVG request); only the fact of erasure is kept."""
    with maybe_session(session) as s:
        who = _require_team(user, campaign_id, "intekeningen verwijderen", s)
        row = s.get(Signup, signup_id)
        if row is None or row.campaign_id != campaign_id:
            raise NotInStore(f"Intekening {signup_id} bestaat niet (meer).")
        s.delete(row)
        s.add(SignupErasure(campaign_id=campaign_id, erased_by=who.name, erased_at=utcnow()))


def set_status(
    campaign_id: int,
    signup_id: int,
    status: str,
    *,
    user: UserInfo | None,
    session: Session | None = None,
) -> None:
    """A doubter who signs up after a visit (or the other way round)."""
    if status not in domain.STATUSES:
        raise InputError(f"Onbekende status '{status}' (kies: {', '.join(domain.STATUSES)}).")
    with maybe_session(session) as s:
        _require_team(user, campaign_id, "intekeningen wijzigen", s)
        row = s.get(Signup, signup_id)
        if row is None or row.campaign_id != campaign_id:
            raise NotInStore(f"Intekening {signup_id} bestaat niet (meer).")
        row.status = status


def private_list(
    campaign_id: int, *, user: UserInfo | None, session: Session | None = None
) -> list[dict[str, Any]]:
    """Every sign-up with personal data (team only), doubters first."""
    with maybe_session(session) as s:
        _require_team(user, campaign_id, "namen en contactgegevens inzien", s)
        rows = s.scalars(
            select(Signup).where(Signup.campaign_id == campaign_id).order_by(Signup.id)
        ).all()
        out = [
            {
                "id": r.id,
                "address": r.address,
                "bag_id": r.bag_id,
                "buurt": r.buurt,
                "group": r.group_name,
                "status": r.status,
                "name": r.name,
                "contact": r.contact,
                "consent": r.consent,
                "date": r.signed_on.isoformat(),
                "via": "zelf" if r.entered_by == SELF_SIGNUP_BY else r.entered_by,
                "consent_text": r.consent_text,
                "consent_at": r.consent_at,
            }
            for r in rows
        ]
        return sorted(out, key=lambda r: (r["status"] != "twijfel", r["id"]))


def public_counts(
    campaign_id: int, codes: Iterable[str] | None = None, session: Session | None = None
) -> list[dict[str, Any]]:
    """``buurt, group, households, signed_up, share`` per buurt × group (no personal data).

    ``codes``: only buurten in these areas (buurt codes, or their wijk or gemeente).
    """
    with maybe_session(session) as s:
        campaign_repo.get_campaign(campaign_id, session=s)
        counted = s.execute(
            select(Signup.buurt, Signup.group_name, Signup.status, func.count())
            .where(Signup.campaign_id == campaign_id)
            .group_by(Signup.buurt, Signup.group_name, Signup.status)
        ).all()
        targets = s.scalars(select(SignupTarget).where(SignupTarget.campaign_id == campaign_id))
        households = {(t.buurt, t.group_name): t.households for t in targets}
    signups = [{"buurt": b, "group": g, "status": st} for b, g, st, n in counted for _ in range(n)]
    rows = domain.public_counts(signups, households)
    if codes is not None:
        wanted = set(codes)
        rows = [
            r
            for r in rows
            if r["buurt"] in wanted or {gemeente_of(r["buurt"]), wijk_of(r["buurt"])} & wanted
        ]
    return rows


def erasures(campaign_id: int, session: Session | None = None) -> int:
    """How many sign-ups were erased on request (a number, nothing personal)."""
    with maybe_session(session) as s:
        return int(
            s.scalar(select(func.count()).where(SignupErasure.campaign_id == campaign_id)) or 0
        )


def share_series(
    campaign_id: int, codes: Iterable[str] | None = None, session: Session | None = None
) -> list[tuple[date, float]]:
    """The share of households signed up (%) after each day with sign-ups, over the buurten
    in ``codes`` (all when None): cumulative sign-ups / households entered for them.

    Empty when no households are known. Public: counts only, no personal data.
    """
    wanted = set(codes) if codes is not None else None

    def inside(buurt: str) -> bool:
        return (
            wanted is None or buurt in wanted or bool({gemeente_of(buurt), wijk_of(buurt)} & wanted)
        )

    with maybe_session(session) as s:
        targets = s.scalars(select(SignupTarget).where(SignupTarget.campaign_id == campaign_id))
        households = sum(t.households for t in targets if inside(t.buurt))
        rows = s.execute(
            select(Signup.signed_on, Signup.buurt)
            .where(Signup.campaign_id == campaign_id, Signup.status == "ingetekend")
            .order_by(Signup.signed_on)
        ).all()
    if not households:
        return []
    series: dict[date, int] = {}
    total = 0
    for day, buurt in rows:
        if inside(buurt):
            total += 1
            series[day] = total
    return [(day, round(100 * n / households, 2)) for day, n in series.items()]
