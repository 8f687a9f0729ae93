"""Typed records the actors domain hands out: an actor, a line of its history, a relation.

Pure (no database): :mod:`.repo` builds them from its rows, pages, CLI, council and evening
read their attributes. Coordinates are WGS84 degrees; times are ISO 8601 text in UTC.
Input (a form, a file row) stays a mapping and is cleaned by :func:`.model.validate_actor`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

EDITABLE_FIELDS: tuple[str, ...] = (
    "name",
    "geleding",
    "kind",
    "description",
    "website",
    "contact",
    "private_contact",
    "address",
    "lon",
    "lat",
    "buurt_code",
    "tags",
)
"""Fields an editor can change (each change is one history row)."""


@dataclass(frozen=True)
class ActorRecord:
    """One actor as a given user may see it.

    ``private_contact`` and ``submitted_by`` are None when the user may not see them
    (public viewers); ``tags`` keep their order; ``buurt_code`` is ``""`` when unknown.

    >>> a = ActorRecord(id=3, name="Dorpsbelang", geleding="burgers", tags=("wup",))
    >>> a.located, a.form_values()["tags"]
    (False, ['wup'])
    """

    id: int
    name: str
    geleding: str
    kind: str = ""
    description: str = ""
    website: str = ""
    contact: str = ""
    address: str = ""
    lon: float | None = None
    lat: float | None = None
    buurt_code: str = ""
    tags: tuple[str, ...] = ()
    status: str = "approved"
    deleted: bool = False
    version: int = 1
    created_at: str = ""
    updated_at: str = ""
    private_contact: str | None = None
    submitted_by: str | None = None

    @property
    def located(self) -> bool:
        """True when the actor has a place on the map (both lon and lat)."""
        return self.lon is not None and self.lat is not None

    def form_values(self) -> dict[str, Any]:
        """The editable fields as the mapping a form or :func:`.model.validate_actor` takes
        (tags as a list; a hidden private contact as ``""``)."""
        values = {f: getattr(self, f) for f in EDITABLE_FIELDS}
        values["tags"] = list(self.tags)
        values["private_contact"] = self.private_contact or ""
        return values


@dataclass(frozen=True)
class ActorHistoryEntry:
    """One change of an actor: when (ISO, UTC), who, what (``action``), field, old, new text."""

    at: str
    user: str
    action: str
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class RelationRecord:
    """A directed relation between two actors, e.g. "lid van" or "werkt samen met"."""

    id: int
    source_id: int
    target_id: int
    kind: str


class FieldDifference(NamedTuple):
    """A field that differs between the editor's version (``mine``) and the saved one."""

    field: str
    mine: Any
    theirs: Any
