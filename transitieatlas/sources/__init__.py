"""I/O with the outside world: CBS, PDOK, files and the offline mirror.

- :mod:`.cbs` (CBS OData), :mod:`.pdok` (WFS), :mod:`._http` (requests with an on-disk cache);
- :mod:`.files`, :mod:`.topojson`, :mod:`.tables`: reading geodata and tables, column mappings;
- :mod:`.mirror`: one recogniser per provider of the offline mirror.

Each builds the canonical frames of :mod:`transitieatlas.frames`; none imports the store
(``transitieatlas.store.importing`` writes what they build).
"""
