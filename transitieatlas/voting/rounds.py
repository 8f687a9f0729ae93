"""The prioritisation workflow over the database: kwesties, clusters, rounds, codes, ballots.

The count itself is :mod:`transitieatlas.voting.count`; this module keeps the rules of the
process (source document sections 3.2, 4.4.2 and 4.6.5; issue 5):

- kwesties are proposed per geleding; the presidium groups them into clusters (a kwestie
  is in at most one cluster; :func:`vote_items` refuses to vote on clusters while a
  kwestie is left out);
- the chair (role ``editor`` or higher) opens a round over a set of items with a method
  and an optional shortlist size for a second round, issues one-time voting codes per
  geleding, enters paper ballots, and closes the round;
- a voter casts one ballot per code (:func:`cast_ballot`, no account needed). The code is
  marked spent in the same transaction that stores the ballot, but the ballot row holds no
  code, no voter and no time: only a random ``ballot_id`` (never shown), the geleding and
  the choices. After every ballot the round's ballots are rewritten in random order, so
  neither the row order nor the row ids tell who voted when, even while the round is open;
- the voter gets a *receipt* (bewijsnummer) stored apart from the ballot, with no link to
  it: the archive lists every receipt, so a voter can check that their vote was counted,
  but nothing ties a receipt to a choice, so it cannot prove to anyone how they voted;
- results are hidden until the round is closed; a closed round cannot change;
- closed rounds form a public archive; :func:`export_csv` gives the anonymised ballots in
  the ``transitieatlas tally`` format (numbered after sorting by geleding and choice),
  :func:`receipts_csv` the receipts, and :func:`recount_command` the command that
  recounts the ballots to exactly the published result.
"""

from __future__ import annotations

import html
import random
import secrets
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from transitieatlas.accounts.auth import UserInfo, require_role
from transitieatlas.db import maybe_session
from transitieatlas.db.models import (
    Cluster,
    Kwestie,
    VoteBallot,
    VoteCode,
    VoteReceipt,
    VoteRound,
    utcnow,
)
from transitieatlas.errors import InputError, NotInStore
from transitieatlas.geledingen import GELEDINGEN, LABELS, normalise
from transitieatlas.text import format_number
from transitieatlas.voting import ballots as ballot_csv
from transitieatlas.voting import count as voting
from transitieatlas.voting.published import PublishedResult

CHAIR_ROLE = "editor"
"""Role needed for the presidium's and the chair's actions (accounts from auth.py)."""

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be confused on paper (no 0/O, 1/I/L)."""
CODE_LENGTH = 8
MAX_CODES_PER_BATCH = 2000
LIMITS = {
    "title": 200,
    "description": 5000,
    "links": 20,
    "link": 500,
    "proposed_by": 200,
    "explanation": 2000,
    "items": 50,
}
"""Longest texts (characters) and most links/items; see docs/beveiliging.md."""
RECEIPT_LENGTH = 10
MAX_SEED = 2**63 - 1
"""Largest seed the database stores (BIGINT); drawn seeds are below 2**32."""
ITEM_KINDS = ("cluster", "kwestie", "vrij")
OPEN, CLOSED = "open", "gesloten"


# --- kwesties and clusters --------------------------------------------------------------


@dataclass(frozen=True)
class KwestieInfo:
    """A kwestie as pages and other domains see it."""

    id: int
    title: str
    description: str
    geleding: str
    links: tuple[str, ...]
    proposed_by: str
    cluster: str
    """Name of its cluster, '' when none."""


@dataclass(frozen=True)
class ClusterInfo:
    """A cluster with the titles of its kwesties (oldest kwestie first)."""

    id: int
    name: str
    explanation: str
    kwesties: tuple[str, ...]


@dataclass(frozen=True)
class CodeInfo:
    """What a valid, unspent voting code is for (:func:`check_code`)."""

    code: str
    """The code in printed form (``ABCD-2345``)."""
    round_id: int
    title: str
    method: str
    items: tuple[str, ...]
    geleding: str


def add_kwestie(
    title: str,
    geleding: str,
    description: str = "",
    links: Iterable[str] = (),
    proposed_by: str = "",
    *,
    user: UserInfo | None,
    session: Session | None = None,
) -> int:
    """Record a kwestie proposed by ``geleding``; returns its id."""
    require_role(user, CHAIR_ROLE, "een kwestie toevoegen")
    clean = title.strip()
    geleding = normalise(geleding)
    problems = _name_problems(clean, "de titel")
    if geleding not in GELEDINGEN:
        problems.append(f"onbekende geleding '{geleding[:40]}' (kies uit: {', '.join(GELEDINGEN)})")
    links = [link.strip() for link in links if link.strip()]
    problems += _length_problems(description=description.strip(), proposed_by=proposed_by.strip())
    if len(links) > LIMITS["links"]:
        problems.append(f"meer dan {LIMITS['links']} verwijzingen")
    if any(len(link) > LIMITS["link"] for link in links):
        problems.append(f"een verwijzing is langer dan {LIMITS['link']} tekens")
    with maybe_session(session) as s:
        if (
            clean
            and len(clean) <= LIMITS["title"]
            and s.scalar(select(Kwestie.id).where(Kwestie.title == clean)) is not None
        ):
            problems.append(f"er is al een kwestie met de titel '{clean}'")
        if problems:
            raise InputError("De kwestie kan niet worden opgeslagen:", problems)
        row = Kwestie(
            title=clean,
            geleding=geleding,
            description=description.strip(),
            links=links,
            proposed_by=proposed_by.strip() or (user.name if user else ""),
        )
        s.add(row)
        s.flush()
        return row.id


def _length_problems(**texts: str) -> list[str]:
    """Dutch problems for texts longer than their limit in :data:`LIMITS`."""
    labels = {
        "description": "de toelichting",
        "proposed_by": "de naam van wie de kwestie inbracht",
        "explanation": "de uitleg",
        "title": "de titel",
    }
    return [
        f"{labels[k]} is langer dan {LIMITS[k]} tekens"
        for k, v in texts.items()
        if len(v) > LIMITS[k]
    ]


def _name_problems(name: str, what: str) -> list[str]:
    """A kwestie title or cluster name must be usable as an item in a ballot CSV."""
    if not name:
        return [f"{what} is leeg"]
    if len(name) > LIMITS["title"]:
        return [f"{what} is langer dan {LIMITS['title']} tekens"]
    if any(ch in name for ch in ">;,"):
        return [
            f"{what} '{name}' bevat een van de tekens > ; , (die zijn nodig in het stembestand)"
        ]
    return []


def list_kwesties(session: Session | None = None) -> list[KwestieInfo]:
    """All kwesties, oldest first, with the name of their cluster ('' when none)."""
    with maybe_session(session) as s:
        names = dict(s.execute(select(Cluster.id, Cluster.name)).tuples().all())
        return [
            KwestieInfo(
                id=k.id,
                title=k.title,
                description=k.description,
                geleding=k.geleding,
                links=tuple(k.links),
                proposed_by=k.proposed_by,
                cluster=names.get(k.cluster_id, "") if k.cluster_id else "",
            )
            for k in s.scalars(select(Kwestie).order_by(Kwestie.id))
        ]


def delete_kwestie(
    kwestie_id: int, *, user: UserInfo | None, session: Session | None = None
) -> None:
    """Remove a kwestie (e.g. withdrawn by its geleding)."""
    require_role(user, CHAIR_ROLE, "een kwestie verwijderen")
    with maybe_session(session) as s:
        s.delete(_kwestie(s, kwestie_id))


def _kwestie(s: Session, kwestie_id: int) -> Kwestie:
    row = s.get(Kwestie, kwestie_id)
    if row is None:
        raise NotInStore(f"Kwestie {kwestie_id} bestaat niet.")
    return row


def save_cluster(
    name: str,
    explanation: str,
    kwestie_ids: Iterable[int],
    *,
    user: UserInfo | None,
    session: Session | None = None,
) -> int:
    """Create or update the cluster ``name`` holding exactly ``kwestie_ids``.

    A kwestie moves out of any cluster it was in (a kwestie is in one cluster only);
    kwesties that were in this cluster and are not listed leave it. Returns the cluster id.
    """
    require_role(user, CHAIR_ROLE, "kwesties clusteren")
    clean = name.strip()
    ids = list(dict.fromkeys(kwestie_ids))
    problems = _name_problems(clean, "de naam van het cluster")
    if not ids:
        problems.append("kies minstens één kwestie voor het cluster")
    if not explanation.strip():
        problems.append("leg uit waarom deze kwesties bij elkaar horen")
    problems += _length_problems(explanation=explanation.strip())
    with maybe_session(session) as s:
        missing = [i for i in ids if s.get(Kwestie, i) is None]
        problems += [f"kwestie {i} bestaat niet" for i in missing]
        if problems:
            raise InputError("Het cluster kan niet worden opgeslagen:", problems)
        cluster = s.scalar(select(Cluster).where(Cluster.name == clean))
        if cluster is None:
            cluster = Cluster(name=clean, explanation=explanation.strip())
            s.add(cluster)
            s.flush()
        cluster.explanation = explanation.strip()
        s.execute(
            update(Kwestie)
            .where(Kwestie.cluster_id == cluster.id, Kwestie.id.not_in(ids))
            .values(cluster_id=None)
        )
        s.execute(update(Kwestie).where(Kwestie.id.in_(ids)).values(cluster_id=cluster.id))
        return cluster.id


def delete_cluster(
    cluster_id: int, *, user: UserInfo | None, session: Session | None = None
) -> None:
    """Dissolve a cluster; its kwesties become unclustered."""
    require_role(user, CHAIR_ROLE, "een cluster opheffen")
    with maybe_session(session) as s:
        cluster = s.get(Cluster, cluster_id)
        if cluster is None:
            raise NotInStore(f"Cluster {cluster_id} bestaat niet.")
        s.execute(update(Kwestie).where(Kwestie.cluster_id == cluster_id).values(cluster_id=None))
        s.delete(cluster)


def list_clusters(session: Session | None = None) -> list[ClusterInfo]:
    """Clusters by name, each with the titles of its kwesties."""
    with maybe_session(session) as s:
        out = []
        for c in s.scalars(select(Cluster).order_by(Cluster.name)):
            titles = s.scalars(
                select(Kwestie.title).where(Kwestie.cluster_id == c.id).order_by(Kwestie.id)
            ).all()
            out.append(ClusterInfo(c.id, c.name, c.explanation, tuple(titles)))
        return out


def vote_items(kind: str, session: Session | None = None) -> list[str]:
    """The items to vote on: cluster names (``cluster``) or kwestie titles (``kwestie``).

    Voting on clusters is refused while a kwestie is in no cluster, so nothing proposed
    silently drops out of the vote.
    """
    with maybe_session(session) as s:
        if kind == "kwestie":
            return list(s.scalars(select(Kwestie.title).order_by(Kwestie.id)))
        if kind != "cluster":
            raise InputError(f"onbekende soort onderwerpen '{kind}'")
        loose = s.scalars(select(Kwestie.title).where(Kwestie.cluster_id.is_(None))).all()
        if loose:
            raise InputError("Niet alle kwesties zitten in een cluster:", [f"'{t}'" for t in loose])
        used = select(Kwestie.cluster_id).where(Kwestie.cluster_id.is_not(None))
        return list(
            s.scalars(select(Cluster.name).where(Cluster.id.in_(used)).order_by(Cluster.name))
        )


# --- rounds -----------------------------------------------------------------------------


def open_round(
    title: str,
    method: str,
    items: Sequence[str],
    *,
    item_kind: str = "vrij",
    shortlist_size: int | None = None,
    user: UserInfo | None,
    session: Session | None = None,
    parent_id: int | None = None,
) -> int:
    """Open a voting round over ``items`` with ``method`` (``borda``/``approval``).

    ``shortlist_size`` k (2 <= k < number of items) means the best k go to a second
    round ranked by Borda (:func:`open_second_round`). Returns the round id.
    """
    chair = require_role(user, CHAIR_ROLE, "een stemronde openen")
    names = [str(i).strip() for i in items]
    problems = [] if title.strip() else ["de ronde heeft geen titel"]
    problems += _length_problems(title=title.strip())
    if len(names) > LIMITS["items"]:
        problems.append(f"meer dan {LIMITS['items']} onderwerpen")
    if method not in voting.METHODS:
        problems.append(f"onbekende methode '{method}' (kies uit: {', '.join(voting.METHODS)})")
    if item_kind not in ITEM_KINDS:
        problems.append(f"onbekende soort onderwerpen '{item_kind}'")
    problems += [p for n in names for p in _name_problems(n, "onderwerp")]
    problems += voting.ballot_problems([], names, method if method in voting.METHODS else "borda")
    if shortlist_size is not None and not 2 <= shortlist_size < len(set(names)):
        problems.append(
            f"de tweede ronde moet tussen 2 en {len(set(names)) - 1} onderwerpen hebben; "
            f"gekozen: {shortlist_size}"
        )
    if problems:
        raise InputError("De stemronde kan niet worden geopend:", problems)
    with maybe_session(session) as s:
        row = VoteRound(
            title=title.strip(),
            method=method,
            items=names,
            item_kind=item_kind,
            shortlist_size=shortlist_size,
            parent_id=parent_id,
            status=OPEN,
            opened_by=chair.name,
        )
        s.add(row)
        s.flush()
        return row.id


def open_second_round(
    first_id: int, *, user: UserInfo | None, title: str = "", session: Session | None = None
) -> int:
    """Open round two (Borda) over the shortlist of the closed round ``first_id``."""
    require_role(user, CHAIR_ROLE, "een tweede ronde openen")
    with maybe_session(session) as s:
        first = _round(s, first_id)
        if first.status != CLOSED or first.result is None:
            raise InputError("De tweede ronde kan pas open als de eerste ronde gesloten is.")
        if not first.shortlist_size:
            raise InputError(f"Ronde '{first.title}' heeft geen tweede ronde gepland.")
        if s.scalar(select(VoteRound.id).where(VoteRound.parent_id == first_id)) is not None:
            raise InputError(f"Ronde '{first.title}' heeft al een tweede ronde.")
        order = PublishedResult.from_json(first.result).order()
        return open_round(
            title.strip() or f"{first.title}: tweede ronde",
            "borda",
            order[: first.shortlist_size],
            item_kind=first.item_kind,
            user=user,
            session=s,
            parent_id=first_id,
        )


def _round(s: Session, round_id: int) -> VoteRound:
    row = s.get(VoteRound, round_id)
    if row is None:
        raise NotInStore(f"Stemronde {round_id} bestaat niet.")
    return row


def _open_round_row(s: Session, round_id: int) -> VoteRound:
    row = _round(s, round_id)
    if row.status != OPEN:
        raise InputError(f"Stemronde '{row.title}' is gesloten en kan niet meer veranderen.")
    return row


def get_round(round_id: int, session: Session | None = None) -> RoundInfo:
    """A round's public facts; the result only once it is closed (else ``None``)."""
    with maybe_session(session) as s:
        return _round_info(s, _round(s, round_id))


def list_rounds(status: str | None = None, session: Session | None = None) -> list[RoundInfo]:
    """Rounds, newest first; ``status`` ``open`` or ``gesloten`` filters."""
    with maybe_session(session) as s:
        query = select(VoteRound).order_by(VoteRound.id.desc())
        if status:
            query = query.where(VoteRound.status == status)
        return [_round_info(s, r) for r in s.scalars(query)]


@dataclass(frozen=True)
class RoundInfo:
    """A round's public facts; ``result`` (the :class:`PublishedResult` of :func:`result`) only once
    the round is closed, else ``None``."""

    id: int
    title: str
    method: str
    items: tuple[str, ...]
    item_kind: str
    shortlist_size: int | None
    parent_id: int | None
    second_round_id: int | None
    status: str
    opened_by: str
    opened_at: datetime
    closed_at: datetime | None
    ballots: int
    codes_issued: int
    codes_spent: int
    result: PublishedResult | None
    next_vote_on: date | None

    @property
    def is_open(self) -> bool:
        """True while ballots can still be cast."""
        return self.status == OPEN

    def order(self) -> list[str]:
        """The items from first to last place ([] while the round is open)."""
        return self.result.order() if self.result else []

    def shortlist(self) -> list[str]:
        """The items that go to the second round ([] when none is planned or still open)."""
        return self.order()[: self.shortlist_size] if self.shortlist_size else []

    def awaits_second_round(self) -> bool:
        """True when the round is closed with a shortlist and round two is not opened yet."""
        return bool(self.result and self.shortlist_size and self.second_round_id is None)


def _round_info(s: Session, r: VoteRound) -> RoundInfo:
    n_ballots = s.scalar(select(func.count()).where(VoteBallot.round_id == r.id)) or 0
    codes = s.execute(
        select(VoteCode.spent, func.count())
        .where(VoteCode.round_id == r.id)
        .group_by(VoteCode.spent)
    ).tuples()
    by_spent = dict(codes.all())
    second = s.scalar(select(VoteRound.id).where(VoteRound.parent_id == r.id))
    return RoundInfo(
        id=r.id,
        title=r.title,
        method=r.method,
        items=tuple(r.items),
        item_kind=r.item_kind,
        shortlist_size=r.shortlist_size,
        parent_id=r.parent_id,
        second_round_id=second,
        status=r.status,
        opened_by=r.opened_by,
        opened_at=r.opened_at,
        closed_at=r.closed_at,
        ballots=n_ballots,
        codes_issued=sum(by_spent.values()),
        codes_spent=by_spent.get(True, 0),
        result=PublishedResult.from_json(r.result)
        if r.status == CLOSED and r.result is not None
        else None,
        next_vote_on=r.next_vote_on,
    )


# --- voting codes -----------------------------------------------------------------------


def format_code(code: str) -> str:
    """``ABCD2345`` → ``ABCD-2345`` (how codes are printed)."""
    return f"{code[:4]}-{code[4:]}"


def normalise_code(text: str) -> str:
    """What a voter typed → the stored form (case, spaces and dashes ignored)."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def code_count_problems(counts: Mapping[str, int], limit: int) -> list[str]:
    """Every problem (Dutch) with ``counts[geleding]`` one-time codes to make, at most ``limit``.

    >>> code_count_problems({"kennis": 2, "buren": 1, "overheid": -1}, 10)
    ["onbekende geleding 'buren'", 'aantal voor overheid is negatief']
    """
    problems = [f"onbekende geleding '{g}'" for g in counts if g not in GELEDINGEN]
    problems += [f"aantal voor {g} is negatief" for g, n in counts.items() if n < 0]
    if sum(max(n, 0) for n in counts.values()) > limit:
        problems.append(f"maak hoogstens {limit} codes tegelijk")
    return problems


def issue_codes(
    round_id: int,
    counts: Mapping[str, int],
    *,
    user: UserInfo | None,
    session: Session | None = None,
) -> list[tuple[str, str]]:
    """Make ``counts[geleding]`` new one-time codes; returns ``(printed code, geleding)``."""
    require_role(user, CHAIR_ROLE, "stemcodes maken")
    problems = code_count_problems(counts, MAX_CODES_PER_BATCH)
    if problems:
        raise InputError("De stemcodes kunnen niet worden gemaakt:", problems)
    made: list[tuple[str, str]] = []
    with maybe_session(session) as s:
        _open_round_row(s, round_id)
        for g in GELEDINGEN:
            for _ in range(counts.get(g, 0)):
                code = _new_code(s)
                s.add(VoteCode(code=code, round_id=round_id, geleding=g, spent=False))
                s.flush()
                made.append((format_code(code), g))
    return made


def _new_code(s: Session) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if s.get(VoteCode, code) is None:
            return code


def code_list(
    round_id: int, *, user: UserInfo | None, session: Session | None = None
) -> list[dict[str, Any]]:
    """The printable list of a round's codes: ``code`` (printed form), ``geleding``, ``spent``."""
    require_role(user, CHAIR_ROLE, "de stemcodes inzien")
    with maybe_session(session) as s:
        rows = s.scalars(select(VoteCode).where(VoteCode.round_id == round_id)).all()
        order = {g: i for i, g in enumerate(GELEDINGEN)}
        rows = sorted(rows, key=lambda c: (order[c.geleding], c.code))
        return [
            {"code": format_code(c.code), "geleding": c.geleding, "spent": c.spent} for c in rows
        ]


def check_code(code: str, session: Session | None = None) -> CodeInfo:
    """The open round and geleding a code is for; InputError when it cannot be used."""
    with maybe_session(session) as s:
        row = s.get(VoteCode, normalise_code(code))
        if row is None:
            raise InputError("Deze stemcode bestaat niet. Controleer de code op uw briefje.")
        if row.spent:
            raise InputError("Met deze stemcode is al gestemd.")
        vote_round = _open_round_row(s, row.round_id)
        return CodeInfo(
            code=format_code(row.code),
            round_id=vote_round.id,
            title=vote_round.title,
            method=vote_round.method,
            items=tuple(vote_round.items),
            geleding=row.geleding,
        )


# --- ballots ----------------------------------------------------------------------------


def cast_ballot(code: str, choices: Sequence[str], session: Session | None = None) -> str:
    """Cast one ballot with a one-time ``code``; returns the voter's receipt (bewijsnummer).

    ``choices``: the ranking (first = best) for borda or the approved items for
    approval; empty = blank. The code is spent in the same transaction; neither the ballot
    nor the receipt keeps a link to the code or to each other.
    """
    with maybe_session(session) as s:
        info = check_code(code, session=s)
        vote_round = _locked_round(s, info.round_id)
        clean = _checked_choices(vote_round, choices)
        spent: CursorResult[Any] = s.execute(  # type: ignore[assignment]
            update(VoteCode)
            .where(VoteCode.code == normalise_code(code), VoteCode.spent.is_(False))
            .values(spent=True)
        )
        if spent.rowcount != 1:
            raise InputError("Met deze stemcode is al gestemd.")
        _store_ballot(s, vote_round, info.geleding, clean, "code")
        return _new_receipt(s, vote_round.id, info.geleding)


def _locked_round(s: Session, round_id: int) -> VoteRound:
    """The open round, locked until commit (PostgreSQL), so ballots are stored one by one."""
    row = s.get(VoteRound, round_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise NotInStore(f"Stemronde {round_id} bestaat niet.")
    if row.status != OPEN:
        raise InputError(f"Stemronde '{row.title}' is gesloten en kan niet meer veranderen.")
    return row


def _new_receipt(s: Session, round_id: int, geleding: str) -> str:
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(RECEIPT_LENGTH))
        receipt = f"{raw[:5]}-{raw[5:]}"
        if s.get(VoteReceipt, receipt) is None:
            s.add(VoteReceipt(receipt=receipt, round_id=round_id, geleding=geleding))
            s.flush()
            return receipt


def normalise_receipt(text: str) -> str:
    """What a voter typed → the stored form ``ABCDE-FGHJK`` (case, spaces, dashes ignored)."""
    raw = normalise_code(text)
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == RECEIPT_LENGTH else raw


def enter_paper_ballot(
    round_id: int,
    geleding: str,
    choices: Sequence[str],
    *,
    user: UserInfo | None,
    session: Session | None = None,
) -> None:
    """The chair enters a paper ballot of ``geleding`` (paper voters get no receipt)."""
    require_role(user, CHAIR_ROLE, "papieren stemmen invoeren")
    geleding = normalise(geleding)
    if geleding not in GELEDINGEN:
        raise InputError(f"Onbekende geleding '{geleding}' (kies uit: {', '.join(GELEDINGEN)}).")
    with maybe_session(session) as s:
        vote_round = _locked_round(s, round_id)
        _store_ballot(s, vote_round, geleding, _checked_choices(vote_round, choices), "papier")


def _checked_choices(vote_round: VoteRound, choices: Sequence[str]) -> list[str]:
    clean = [c.strip() for c in choices if c.strip()]
    problems = voting.choice_problems(clean, vote_round.items)
    if problems:
        raise InputError("Dit stembiljet is ongeldig:", problems)
    if vote_round.method == "approval":  # the order of ticking says nothing: do not keep it
        clean = [i for i in vote_round.items if i in clean]
    return clean


def _store_ballot(
    s: Session, vote_round: VoteRound, geleding: str, choices: list[str], source: str
) -> None:
    """Add the ballot, then rewrite the round's ballots in random order (no casting order)."""
    s.add(
        VoteBallot(
            ballot_id=secrets.token_hex(8),
            round_id=vote_round.id,
            geleding=geleding,
            choices=choices,
            source=source,
        )
    )
    s.flush()
    _shuffle_rows(s, vote_round.id)


def _ballots(s: Session, round_id: int) -> list[voting.Ballot]:
    rows = s.scalars(
        select(VoteBallot).where(VoteBallot.round_id == round_id).order_by(VoteBallot.ballot_id)
    )
    return [voting.Ballot(b.geleding, tuple(b.choices), b.ballot_id) for b in rows]


# --- closing, result, archive -----------------------------------------------------------


def parse_seed(text: str) -> int | None:
    """The chair's seed typed as text, or None when empty (the count then draws one).

    Only the digits 0-9 (no ``²`` or other Unicode digits), at most :data:`MAX_SEED`.
    """
    clean = (text or "").strip()
    if not clean:
        return None
    if not (clean.isascii() and clean.isdigit()):
        raise InputError(
            f"Het startgetal '{clean[:40]}' is geen geheel getal; gebruik alleen de cijfers 0-9."
        )
    if len(clean) > 19 or int(clean) > MAX_SEED:
        raise InputError(f"Het startgetal is te groot: hoogstens {MAX_SEED}.")
    return int(clean)


def close_round(
    round_id: int,
    *,
    user: UserInfo | None,
    seed: int | None = None,
    next_vote_on: date | None = None,
    session: Session | None = None,
) -> PublishedResult:
    """Close the round, count it and publish the result; returns that result.

    Refused when no geleding cast a counted (non-blank) ballot. The seed of the lot is
    drawn here when not given and stored with the result.
    """
    require_role(user, CHAIR_ROLE, "een stemronde sluiten")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise InputError(f"Het startgetal moet tussen 0 en {MAX_SEED} liggen.")
    with maybe_session(session) as s:
        vote_round = _open_round_row(s, round_id)
        cast = _ballots(s, round_id)
        if not any(not b.blank for b in cast):
            raise InputError("De ronde kan niet sluiten: er is nog geen enkele geldige stem.")
        result = voting.tally(cast, vote_round.method, vote_round.items, seed=seed)
        vote_round.status = CLOSED
        vote_round.closed_at = utcnow()
        vote_round.seed = result.seed
        vote_round.result = result.to_dict()
        vote_round.next_vote_on = next_vote_on
        return PublishedResult.from_json(vote_round.result)


def _shuffle_rows(s: Session, round_id: int) -> None:
    """Rewrite the round's ballots in random order with new random ids.

    Done after every ballot: the row order (SQLite rowid, PostgreSQL heap order), the row
    ids and the rows' transaction stamps then say nothing about the order of casting.
    """
    table = cast(Table, VoteBallot.__table__)
    rows = s.execute(
        select(table.c.geleding, table.c.choices, table.c.source).where(
            table.c.round_id == round_id
        )
    ).all()
    copies = [
        {
            "ballot_id": secrets.token_hex(8),
            "round_id": round_id,
            "geleding": r.geleding,
            "choices": list(r.choices),
            "source": r.source,
        }
        for r in rows
    ]
    random.SystemRandom().shuffle(copies)
    s.execute(delete(table).where(table.c.round_id == round_id))
    if copies:
        s.execute(insert(table), copies)
    s.expire_all()


def result(round_id: int, session: Session | None = None) -> PublishedResult:
    """The published result of a closed round; refused while the round is open."""
    with maybe_session(session) as s:
        vote_round = _round(s, round_id)
        if vote_round.status != CLOSED or vote_round.result is None:
            raise InputError(
                f"De uitslag van '{vote_round.title}' is pas zichtbaar als de ronde gesloten is."
            )
        return PublishedResult.from_json(vote_round.result)


def set_next_vote(
    round_id: int, when: date | None, *, user: UserInfo | None, session: Session | None = None
) -> None:
    """Record (or clear) the planned date of the next vote on a round's result page."""
    require_role(user, CHAIR_ROLE, "de volgende stemming plannen")
    with maybe_session(session) as s:
        _round(s, round_id).next_vote_on = when


def archive(session: Session | None = None) -> list[RoundInfo]:
    """The public archive: every closed round, newest first, with its result."""
    return list_rounds(CLOSED, session=session)


def export_csv(round_id: int, session: Session | None = None) -> str:
    """The anonymised ballots of a closed round as a ``transitieatlas tally`` CSV.

    Rows are sorted by geleding and choice and numbered 1, 2, …: the file says nothing
    about the order of casting and carries no receipt, so no one can link a row to a voter.
    """
    with maybe_session(session) as s:
        vote_round = _round(s, round_id)
        if vote_round.status != CLOSED:
            raise InputError("De stemmen zijn pas openbaar als de ronde gesloten is.")
        order = {g: i for i, g in enumerate(GELEDINGEN)}
        cast = sorted(_ballots(s, round_id), key=lambda b: (order[b.geleding], b.choices))
        numbered = [
            voting.Ballot(b.geleding, b.choices, str(i)) for i, b in enumerate(cast, start=1)
        ]
        return ballot_csv.to_csv(numbered, vote_round.method)


def receipts(round_id: int, session: Session | None = None) -> list[tuple[str, str]]:
    """The receipts of a closed round, sorted: ``(receipt, geleding)``; not linked to ballots."""
    with maybe_session(session) as s:
        vote_round = _round(s, round_id)
        if vote_round.status != CLOSED:
            raise InputError("De bewijsnummers zijn pas openbaar als de ronde gesloten is.")
        rows = s.execute(
            select(VoteReceipt.receipt, VoteReceipt.geleding)
            .where(VoteReceipt.round_id == round_id)
            .order_by(VoteReceipt.receipt)
        ).tuples()
        return list(rows.all())


def receipts_csv(round_id: int, session: Session | None = None) -> str:
    """:func:`receipts` as CSV ``bewijsnummer,geleding`` (one row per ballot cast with a code)."""
    lines = ["bewijsnummer,geleding"] + [f"{r},{g}" for r, g in receipts(round_id, session)]
    return "\n".join(lines) + "\n"


def receipt_counted(round_id: int, receipt: str, session: Session | None = None) -> bool:
    """True when ``receipt`` belongs to a ballot counted in the closed round ``round_id``."""
    wanted = normalise_receipt(receipt)
    return any(r == wanted for r, _ in receipts(round_id, session))


def recount_command(round_id: int, filename: str = "", session: Session | None = None) -> str:
    """The shell command that recounts a closed round from its exported CSV."""
    with maybe_session(session) as s:
        vote_round = _round(s, round_id)
        if vote_round.status != CLOSED:
            raise InputError("Deze ronde is nog niet gesloten.")
        name = shlex.quote(filename or f"stemronde-{round_id}.csv")
        items = shlex.quote(",".join(vote_round.items))
        return (
            f"transitieatlas tally {name} --method {vote_round.method} --items {items} "
            f"--seed {vote_round.seed} --format json"
        )


# --- presentation helpers (pure, on a published result) -----------------------------------


def nl_number(value: float, decimals: int = 3) -> str:
    """A score as Dutch text: decimal comma, fixed decimals (``2.5`` → ``2,500``)."""
    return format_number(value, decimals)


def toplijst_rows(result: PublishedResult) -> list[dict[str, Any]]:
    """Rows of the toplijst table with Dutch column names and scores as Dutch text."""
    rows = []
    for r in result.ranking:
        weakest = r.weakest
        row: dict[str, Any] = {
            "Plaats": r.rank,
            "Onderwerp": r.item,
            "Totaal (max. 5)": nl_number(r.total),
            "Zwakste steun": (
                "—"
                if weakest is None
                else f"{', '.join(LABELS[g] for g in weakest.geledingen)}: {nl_number(weakest.score)}"
            ),
        }
        for g in GELEDINGEN:
            score = r.per_geleding.get(g)
            row[LABELS[g]] = "afwezig" if score is None else nl_number(score)
        rows.append(row)
    return rows


def contribution_rows(result: PublishedResult) -> list[dict[str, Any]]:
    """Long rows ``item, rank, geleding (label), score`` for a stacked bar per item."""
    return [
        {"onderwerp": r.item, "plaats": r.rank, "geleding": LABELS[g], "score": score}
        for r in result.ranking
        for g, score in r.per_geleding.items()
    ]


def describe_ties(result: PublishedResult) -> list[str]:
    """One Dutch sentence per tie-break in the result."""
    lines = []
    for tie in result.ties:
        items = " en ".join(f"'{i}'" for i in tie.items)
        pairs = "; ".join(
            f"'{p.a}' hoger bij {p.geledingen_a_higher}, '{p.b}' hoger bij "
            f"{p.geledingen_b_higher} geleding(en)"
            for p in tie.pairwise
        )
        text = (
            f"{items} hadden precies hetzelfde totaal ({nl_number(tie.total)}). Per paar: {pairs}."
        )
        if tie.lots:
            drawn = "; ".join(" vóór ".join(f"'{i}'" for i in lot) for lot in tie.lots)
            text += f" Wat daarna nog gelijk stond is geloot (startgetal {result.seed}): {drawn}."
        else:
            text += " De geledingen gaven de doorslag; er is niet geloot."
        lines.append(text)
    return lines


def codes_printable_html(
    title: str, codes: Sequence[Mapping[str, Any]], vote_url: str | None = None
) -> str:
    """A printable HTML page with one cut-out slip per unspent code.

    With ``vote_url`` (the address of the page Stemmen) every slip also carries that
    address with the code filled in, as text and as a QR code for a phone camera.
    """
    slips = "\n".join(_slip(title, c, vote_url) for c in codes if not c.get("spent"))
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>Stemcodes {html.escape(title)}</title><style>"
        "body{font-family:sans-serif}.slip{display:inline-block;width:45%;margin:1%;"
        "padding:8px;border:1px dashed #000;page-break-inside:avoid;vertical-align:top}"
        ".code{font:bold 24px monospace;letter-spacing:2px;margin:6px 0}"
        ".round,.url{font-size:12px}.geleding{font-weight:bold}.qr{float:right}"
        f"</style></head><body>{slips}</body></html>"
    )


def _slip(title: str, code: Mapping[str, Any], vote_url: str | None) -> str:
    link = ""
    if vote_url:
        import segno  # pure Python QR codes; only needed for printing

        url = f"{vote_url}?code={code['code']}"
        qr = segno.make(url, error="m").svg_inline(scale=2)
        link = f'<div class="qr">{qr}</div><div class="url">{html.escape(url)}</div>'
    return (
        f'<div class="slip">{link}<div class="round">{html.escape(title)}</div>'
        f'<div class="geleding">{html.escape(LABELS[code["geleding"]])}</div>'
        f'<div class="code">{html.escape(code["code"])}</div>'
        f"<div>{'Scan de QR-code met uw telefoon of vul' if vote_url else 'Vul'} de code in op "
        "de pagina Stemmen. De code werkt één keer; uw stem blijft geheim.</div></div>"
    )
