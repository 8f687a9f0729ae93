"""The local open-data store: what was fetched or imported, on disk with its provenance.

- :mod:`.opendata`: :class:`~.opendata.Store` (GeoParquet + manifest, atomic writes);
- :mod:`.importing`: writes files and mirror folders into the store, using the recognisers of
  :mod:`transitieatlas.sources.mirror` (``transitieatlas import`` / ``mirror``).

The frames it keeps are defined in :mod:`transitieatlas.frames`.
"""
