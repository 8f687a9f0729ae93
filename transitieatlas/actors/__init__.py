"""The transition map of actors (transitiekaart): who takes part, in which geleding, where.

- :mod:`.model`: pure rules (validation, CSV import/export, map popups; no database);
- :mod:`.repo`: reads and writes actors in the database (the store-facing part).
"""
