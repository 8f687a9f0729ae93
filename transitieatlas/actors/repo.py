"""The actors of the transitiekaart in the database: workflow, history, import, backup.

Workflow: anyone submits (*zelfmelding*, status ``pending``); an editor approves,
edits or rejects; only ``approved`` actors that are not deleted reach the public map.
Every change is written to ``actor_history`` (who, when, field, old, new); deleting
only marks the actor and can be undone. Edits carry the ``version`` the editor started
from: when someone else saved in between, :class:`ActorConflict` shows both versions.

``user`` arguments are :class:`transitieatlas.accounts.auth.UserInfo` (None = public viewer).
``buurten`` is an optional GeoDataFrame of buurt polygons (the store's, EPSG:28992); when
given, the buurt of an actor is derived from its location.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from transitieatlas.accounts.auth import UserInfo, has_role, require_role
from transitieatlas.actors import model as domain
from transitieatlas.actors.records import (
    EDITABLE_FIELDS,
    ActorHistoryEntry,
    ActorRecord,
    FieldDifference,
    RelationRecord,
)
from transitieatlas.db import backup as db_backup
from transitieatlas.db import maybe_session
from transitieatlas.db.models import Actor, ActorHistory, ActorRelation, utcnow
from transitieatlas.errors import InputError, NotInStore, TransitieatlasError

FIELDS = EDITABLE_FIELDS

PRIVATE_FIELDS = ("private_contact", "submitted_by")
"""Never shown to a public viewer."""


class ActorConflict(TransitieatlasError):
    """Someone else saved the actor after the editor opened it; nothing was saved.

    ``mine``: the actor as the editor tried to save it; ``theirs``: the version in the
    database; ``differences``: a :class:`FieldDifference` for every editable field that differs.
    """

    def __init__(self, mine: ActorRecord, theirs: ActorRecord, expected_version: int) -> None:
        self.mine, self.theirs = mine, theirs
        mine_values, their_values = mine.form_values(), theirs.form_values()
        self.differences = [
            FieldDifference(f, mine_values[f], their_values[f])
            for f in FIELDS
            if mine_values[f] != their_values[f]
        ]
        super().__init__(
            f"'{theirs.name}' is intussen door iemand anders gewijzigd "
            f"(u begon bij versie {expected_version}, nu is het versie {theirs.version}). "
            "Er is niets opgeslagen: vergelijk beide versies en sla opnieuw op."
        )


# --- helpers ------------------------------------------------------------------------------


def _history_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ";".join(map(str, value))
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _record(actor: Actor, user: UserInfo | None = None) -> ActorRecord:
    """The actor as ``user`` may see it (private fields None for the public)."""
    private = has_role(user, "editor")
    return ActorRecord(
        id=actor.id,
        name=actor.name,
        geleding=actor.geleding,
        kind=actor.kind,
        description=actor.description,
        website=actor.website,
        contact=actor.contact,
        address=actor.address,
        lon=actor.lon,
        lat=actor.lat,
        buurt_code=actor.buurt_code,
        tags=tuple(actor.tags or ()),
        status=actor.status,
        deleted=actor.deleted,
        version=actor.version,
        created_at=actor.created_at.isoformat(),
        updated_at=actor.updated_at.isoformat(),
        private_contact=actor.private_contact if private else None,
        submitted_by=actor.submitted_by if private else None,
    )


def _with_values(actor: ActorRecord, values: Mapping[str, Any]) -> ActorRecord:
    """``actor`` with the editable ``values`` (a cleaned mapping) put in."""
    changes = {f: values[f] for f in FIELDS if f in values}
    if "tags" in changes:
        changes["tags"] = tuple(changes["tags"])
    return replace(actor, **changes)


def _log(
    s: Session, actor_id: int, user_name: str, action: str, field: str = "", old=None, new=None
) -> None:  # type: ignore[no-untyped-def]
    s.add(
        ActorHistory(
            actor_id=actor_id,
            at=utcnow(),
            user_name=user_name,
            action=action,
            field=field,
            old=_history_text(old),
            new=_history_text(new),
        )
    )


def _derive_buurt(clean: dict[str, Any], buurten: Any) -> None:
    if buurten is None:
        return
    if clean.get("lon") is None or clean.get("lat") is None:
        clean["buurt_code"] = ""
        return
    clean["buurt_code"] = domain.buurt_codes_for_points([(clean["lon"], clean["lat"])], buurten)[0]


def _clean_or_raise(data: dict[str, Any], what: str) -> dict[str, Any]:
    clean, problems = domain.validate_actor(data)
    if problems:
        raise InputError(f"{what} kan niet worden opgeslagen:", [f"{f}: {r}" for f, r in problems])
    return clean


def _existing_keys(s: Session, exclude_id: int | None = None) -> dict[tuple, str]:
    rows = s.execute(
        select(Actor.id, Actor.name, Actor.lon, Actor.lat).where(Actor.deleted.is_(False))
    ).all()
    return {
        domain.duplicate_key({"name": r.name, "lon": r.lon, "lat": r.lat}): r.name
        for r in rows
        if r.id != exclude_id
    }


def _check_duplicate(s: Session, clean: dict[str, Any], exclude_id: int | None = None) -> None:
    if domain.duplicate_key(clean) in _existing_keys(s, exclude_id):
        raise InputError(
            f"'{clean['name']}' staat op deze plek al op de kaart (of is al ingediend)."
        )


def _load(s: Session, actor_id: int) -> Actor:
    actor = s.get(Actor, actor_id)
    if actor is None:
        raise NotInStore(f"Er is geen actor met nummer {actor_id}.")
    return actor


def _insert_many(
    s: Session, items: list[tuple[dict[str, Any], str]], user_name: str, action: str
) -> list[int]:
    """Insert actors ``(clean, status)`` in one batch plus their history; returns the ids."""
    now = utcnow()
    actors = [
        Actor(
            **{f: clean.get(f) for f in FIELDS},
            status=status,
            submitted_by=clean.get("submitted_by", ""),
            deleted=False,
            created_at=now,
            updated_at=now,
        )
        for clean, status in items
    ]
    s.add_all(actors)
    s.flush()
    history = []
    for actor, (clean, status) in zip(actors, items, strict=True):
        history.append((actor.id, "status", status))
        history += [(actor.id, f, clean[f]) for f in FIELDS if clean.get(f) not in (None, "", [])]
    if history:
        s.execute(
            insert(ActorHistory),
            [
                {
                    "actor_id": actor_id,
                    "at": now,
                    "user_name": user_name,
                    "action": action,
                    "field": field,
                    "old": None,
                    "new": _history_text(value),
                }
                for actor_id, field, value in history
            ],
        )
    return [a.id for a in actors]


def _insert(s: Session, clean: dict[str, Any], status: str, user_name: str, action: str) -> int:
    return _insert_many(s, [(clean, status)], user_name, action)[0]


def _flush_or_conflict(
    s: Session, actor: Actor, mine: ActorRecord, expected: int, user: UserInfo
) -> None:
    try:
        s.flush()
    except StaleDataError:
        s.rollback()
        raise ActorConflict(mine, _record(_load(s, actor.id), user), expected) from None


# --- workflow -----------------------------------------------------------------------------


def submit_actor(
    data: dict[str, Any],
    submitter: str = "",
    buurten: Any = None,
    session: Session | None = None,
    client: str = "",
) -> int:
    """A *zelfmelding* by anyone: stored as ``pending`` until an editor approves; returns id.

    Rate-limited per ``client`` (the browser's address) and in total
    (:data:`transitieatlas.accounts.throttle.LIMITS`), so a script cannot flood the desk.
    """
    from transitieatlas.accounts import throttle

    clean = _clean_or_raise(data, "De aanmelding")
    clean["submitted_by"] = (submitter or "").strip()
    if len(clean["submitted_by"]) > domain.MAX_SUBMITTER_LENGTH:
        raise InputError(
            f"De aanmelding kan niet worden opgeslagen: uw naam is langer dan "
            f"{domain.MAX_SUBMITTER_LENGTH} tekens."
        )
    keys = [("submit-all", "*")] + ([("submit-client", client[:200])] if client else [])
    wait = max(throttle.wait_seconds(kind, who) for kind, who in keys)
    if wait:
        raise InputError(
            "Er zijn de laatste tijd te veel aanmeldingen binnengekomen. "
            f"Probeer het over {throttle.minutes_text(wait)} opnieuw."
        )
    _derive_buurt(clean, buurten)
    who = f"zelfmelding ({clean['submitted_by']})" if clean["submitted_by"] else "zelfmelding"
    with maybe_session(session) as s:
        _check_duplicate(s, clean)
        actor_id = _insert(s, clean, "pending", who, "submit")
    for kind, who_key in keys:
        throttle.hit(kind, who_key)
    return actor_id


def create_actor(
    data: dict[str, Any],
    user: UserInfo | None,
    buurten: Any = None,
    status: str = "approved",
    session: Session | None = None,
) -> int:
    """An editor adds an actor directly (approved by default); returns its id."""
    editor = require_role(user, "editor", "actoren toevoegen")
    if status not in domain.STATUSES:
        raise InputError(f"Onbekende status '{status}'.")
    clean = _clean_or_raise(data, "De actor")
    _derive_buurt(clean, buurten)
    with maybe_session(session) as s:
        _check_duplicate(s, clean)
        return _insert(s, clean, status, editor.name, "create")


def edit_actor(
    actor_id: int,
    changes: dict[str, Any],
    user: UserInfo | None,
    expected_version: int,
    buurten: Any = None,
    session: Session | None = None,
) -> int:
    """Save an editor's changes made on version ``expected_version``; returns the new version.

    Raises ActorConflict (both versions) when the actor changed since, InputError for bad values.
    """
    editor = require_role(user, "editor", "actoren bewerken")
    with maybe_session(session) as s:
        actor = _load(s, actor_id)
        record = _record(actor, editor)
        current = record.form_values()
        clean = _clean_or_raise({**current, **changes}, "De actor")
        moved = (clean["lon"], clean["lat"]) != (current["lon"], current["lat"])
        if moved and "buurt_code" not in changes and "buurt" not in changes:
            clean["buurt_code"] = ""  # the old buurt no longer holds; derive it when we can
            _derive_buurt(clean, buurten)
        mine = _with_values(record, clean)
        if actor.version != expected_version:
            raise ActorConflict(mine, record, expected_version)
        if domain.duplicate_key(clean) != domain.duplicate_key(current):
            _check_duplicate(s, clean, exclude_id=actor_id)
        changed = [f for f in FIELDS if clean[f] != current[f]]
        if not changed:
            return actor.version
        for name in changed:
            _log(s, actor_id, editor.name, "edit", name, current[name], clean[name])
            setattr(actor, name, clean[name])
        actor.updated_at = utcnow()
        _flush_or_conflict(s, actor, mine, expected_version, editor)
        return actor.version


def _set_flag(
    actor_id: int,
    user: UserInfo | None,
    expected_version: int | None,
    field: str,
    value: Any,
    action: str,
    session: Session | None,
) -> int:
    editor = require_role(user, "editor", "de status van actoren wijzigen")
    with maybe_session(session) as s:
        actor = _load(s, actor_id)
        current = _record(actor, editor)
        mine = replace(current, **{field: value})
        if expected_version is not None and actor.version != expected_version:
            raise ActorConflict(mine, current, expected_version)
        old = getattr(actor, field)
        if old == value:
            return actor.version
        setattr(actor, field, value)
        actor.updated_at = utcnow()
        _log(s, actor_id, editor.name, action, field, old, value)
        _flush_or_conflict(s, actor, mine, current.version, editor)
        return actor.version


def approve_actor(
    actor_id: int,
    user: UserInfo | None,
    expected_version: int | None = None,
    session: Session | None = None,
) -> int:
    """Put a submitted (or rejected) actor on the public map; returns the new version."""
    return _set_flag(actor_id, user, expected_version, "status", "approved", "approve", session)


def reject_actor(
    actor_id: int,
    user: UserInfo | None,
    expected_version: int | None = None,
    session: Session | None = None,
) -> int:
    """Reject a submission (kept, not shown); returns the new version."""
    return _set_flag(actor_id, user, expected_version, "status", "rejected", "reject", session)


def delete_actor(
    actor_id: int,
    user: UserInfo | None,
    expected_version: int | None = None,
    session: Session | None = None,
) -> int:
    """Remove an actor from every list; reversible with :func:`restore_actor`."""
    return _set_flag(actor_id, user, expected_version, "deleted", True, "delete", session)


def restore_actor(actor_id: int, user: UserInfo | None, session: Session | None = None) -> int:
    """Undo :func:`delete_actor`."""
    return _set_flag(actor_id, user, None, "deleted", False, "restore", session)


# --- reading ------------------------------------------------------------------------------


def _visible(user: UserInfo | None):  # type: ignore[no-untyped-def]
    if has_role(user, "editor"):
        return Actor.deleted.is_(False)
    return (Actor.deleted.is_(False)) & (Actor.status == "approved")


def list_actors(
    user: UserInfo | None = None,
    statuses: Iterable[str] | None = None,
    include_deleted: bool = False,
    session: Session | None = None,
) -> list[ActorRecord]:
    """Actors this user may see, by name. Public: approved only, no private fields.

    Editors see every status; ``include_deleted`` (editors only) adds deleted actors.
    """
    with maybe_session(session) as s:
        query = select(Actor).order_by(Actor.name, Actor.id)
        if include_deleted and has_role(user, "editor"):
            query = query.where(Actor.deleted.is_(True) | Actor.deleted.is_(False))
        else:
            query = query.where(_visible(user))
        if statuses is not None:
            query = query.where(Actor.status.in_(list(statuses)))
        return [_record(a, user) for a in s.scalars(query)]


def get_actor(
    actor_id: int, user: UserInfo | None = None, session: Session | None = None
) -> ActorRecord:
    """One actor as the user may see it; NotInStore when it does not exist for them."""
    with maybe_session(session) as s:
        actor = s.scalars(select(Actor).where((Actor.id == actor_id) & _visible(user))).first()
        if actor is None and has_role(user, "editor"):
            actor = s.get(Actor, actor_id)
        if actor is None:
            raise NotInStore(f"Er is geen actor met nummer {actor_id}.")
        return _record(actor, user)


def actor_history(
    actor_id: int, user: UserInfo | None, session: Session | None = None
) -> list[ActorHistoryEntry]:
    """The changes of one actor, oldest first."""
    require_role(user, "editor", "de geschiedenis bekijken")
    with maybe_session(session) as s:
        rows = s.scalars(
            select(ActorHistory).where(ActorHistory.actor_id == actor_id).order_by(ActorHistory.id)
        )
        return [
            ActorHistoryEntry(r.at.isoformat(), r.user_name, r.action, r.field, r.old, r.new)
            for r in rows
        ]


# --- relations ----------------------------------------------------------------------------


def add_relation(
    source_id: int, target_id: int, kind: str, user: UserInfo | None, session: Session | None = None
) -> int:
    """Relate two actors ("lid van", "werkt samen met", ...); returns the relation id."""
    editor = require_role(user, "editor", "relaties leggen")
    kind = (kind or "").strip()
    problems = []
    if not kind:
        problems.append("het soort relatie is leeg")
    if source_id == target_id:
        problems.append("een actor kan geen relatie met zichzelf hebben")
    if problems:
        raise InputError("De relatie kan niet worden opgeslagen:", problems)
    with maybe_session(session) as s:
        source, target = _load(s, source_id), _load(s, target_id)
        exists = s.scalars(
            select(ActorRelation).where(
                (ActorRelation.source_id == source_id)
                & (ActorRelation.target_id == target_id)
                & (ActorRelation.kind == kind)
            )
        ).first()
        if exists is not None:
            return exists.id
        relation = ActorRelation(
            source_id=source_id, target_id=target_id, kind=kind, created_at=utcnow()
        )
        s.add(relation)
        s.flush()
        _log(s, source.id, editor.name, "relation", "relatie", None, f"{kind} → {target.name}")
        return relation.id


def remove_relation(
    relation_id: int, user: UserInfo | None, session: Session | None = None
) -> None:
    """Delete a relation (logged in the history of its source actor)."""
    editor = require_role(user, "editor", "relaties verwijderen")
    with maybe_session(session) as s:
        relation = s.get(ActorRelation, relation_id)
        if relation is None:
            raise NotInStore(f"Er is geen relatie met nummer {relation_id}.")
        target = _load(s, relation.target_id)
        _log(
            s,
            relation.source_id,
            editor.name,
            "relation",
            "relatie",
            f"{relation.kind} → {target.name}",
            None,
        )
        s.delete(relation)


def list_relations(
    user: UserInfo | None = None, session: Session | None = None
) -> list[RelationRecord]:
    """Relations whose two actors the user may both see, in the order they were made."""
    with maybe_session(session) as s:
        visible = set(s.scalars(select(Actor.id).where(_visible(user))))
        return [
            RelationRecord(r.id, r.source_id, r.target_id, r.kind)
            for r in s.scalars(select(ActorRelation).order_by(ActorRelation.id))
            if r.source_id in visible and r.target_id in visible
        ]


# --- import and export --------------------------------------------------------------------


def import_actors(
    rows: list[domain.RawRow],
    user: UserInfo | None,
    pending: bool = False,
    buurten: Any = None,
    session: Session | None = None,
) -> int:
    """Validate every row, then write all or nothing; returns the number of actors added.

    Imported actors are approved, or keep the file's ``status`` column; ``pending`` makes
    them all submissions. Raises InputError listing every problem (row; field; reason).
    """
    editor = require_role(user, "admin", "actoren importeren")
    with maybe_session(session) as s:
        existing = [
            {"name": r.name, "lon": r.lon, "lat": r.lat}
            for r in s.execute(
                select(Actor.name, Actor.lon, Actor.lat).where(Actor.deleted.is_(False))
            )
        ]
        clean_rows, problems = domain.validate_rows(rows, existing)
        domain.raise_problems(problems, len(rows))
        if buurten is not None:
            located = [c for c in clean_rows if c["lon"] is not None]
            codes = domain.buurt_codes_for_points([(c["lon"], c["lat"]) for c in located], buurten)
            for clean, code in zip(located, codes, strict=True):
                clean["buurt_code"] = code
        items = [(c, "pending" if pending else c.get("status") or "approved") for c in clean_rows]
        return len(_insert_many(s, items, editor.name, "import"))


def export_actors(user: UserInfo | None, fmt: str = "csv", session: Session | None = None) -> str:
    """The actors the user may see as CSV or GeoJSON text, in the order they were added
    (so that importing an export and exporting again gives the same text)."""
    actors = sorted(list_actors(user, session=session), key=lambda a: a.id)
    if fmt == "csv":
        return domain.to_csv(actors)
    if fmt == "geojson":
        return domain.to_geojson(actors)
    raise InputError(f"Onbekend exportformaat '{fmt}': kies csv of geojson.")


# --- backup and restore -------------------------------------------------------------------


def _allowed() -> dict[tuple[str, str], tuple[str, ...]]:
    """Values a restored backup may hold in columns with a closed set of choices."""
    from transitieatlas.accounts.auth import ROLES
    from transitieatlas.geledingen import GELEDINGEN

    allowed: dict[tuple[str, str], tuple[str, ...]] = {("users", "role"): ROLES}
    for table in ("actors", "kwesties", "vote_codes", "vote_ballots", "vote_receipts"):
        allowed[(table, "geleding")] = tuple(GELEDINGEN)
    allowed[("actors", "status")] = tuple(domain.STATUSES)
    return allowed


def backup(user: UserInfo | None, session: Session | None = None) -> dict[str, Any]:
    """Everything users made (see :mod:`transitieatlas.db.backup`: actors incl. deleted,
    relations, history, gebieden, kwesties, clusters, rounds, codes, ballots, receipts and
    accounts *without* password hashes) as one JSON-ready dict."""
    require_role(user, "admin", "een back-up maken")
    with maybe_session(session) as s:
        return db_backup.dump(s)


def restore(
    data: Any,
    user: UserInfo | None,
    replace: bool = False,
    session: Session | None = None,
) -> dict[str, int]:
    """Load a :func:`backup` into the database; returns the number of rows per table.

    Checks the whole file first and writes nothing when anything is wrong (one Dutch
    message listing the problems). Refuses a non-empty database unless ``replace``.
    Accounts come back without password: give each a new one
    (``transitieatlas users passwd NAME``).
    """
    require_role(user, "admin", "een back-up terugzetten")
    rows = db_backup.check(data, _allowed())
    with maybe_session(session) as s:
        filled = db_backup.filled_tables(s)
        if filled and not replace:
            raise InputError(
                "De database is niet leeg (" + ", ".join(filled) + "); "
                "kies 'vervangen' (--replace) om alles te overschrijven."
            )
        return db_backup.load(s, rows)


def backup_json(user: UserInfo | None) -> str:
    """:func:`backup` as indented JSON text."""
    return json.dumps(backup(user), ensure_ascii=False, indent=1) + "\n"


def store_buurten() -> Any:
    """The store's buurt polygons (``code, name, geometry``, EPSG:28992), or None when empty."""
    from transitieatlas.store.opendata import open_store

    try:
        frame = open_store().areas(level="buurt")
    except NotInStore:
        return None
    if frame.empty:
        return None
    return frame[["code", "name", "geometry"]].reset_index(drop=True)
