"""The transition map of actors (transitiekaart): who takes part, in which geleding, where.

- :mod:`.records`: the typed records handed out (actor, history entry, relation);
- :mod:`.model`: pure rules (validation, CSV import/export, map popups; no database);
- :mod:`.repo`: reads and writes actors in the database (the store-facing part).
"""

from transitieatlas.actors.records import (
    ActorHistoryEntry,
    ActorRecord,
    FieldDifference,
    RelationRecord,
)

__all__ = ["ActorHistoryEntry", "ActorRecord", "FieldDifference", "RelationRecord"]
