"""The council's cycle (source document sections 3.2, 4.5.11, 4.6.5, 4.6.6).

Pure modules (no database, no streamlit):

- :mod:`~transitieatlas.council.constants`: the constants table ``data/council_constants.csv``;
- :mod:`~transitieatlas.council.dashboard`: indicator series, validation of manual values,
  latest value, trend, progress toward a target;
- :mod:`~transitieatlas.council.campaigns`: the five seats, the canvas, milestones;
- :mod:`~transitieatlas.council.signups`: sign-up rows (parse, validate), public counts with
  threshold lines;
- :mod:`~transitieatlas.council.agenda`: the fixed agenda of 4.6.5 with its variable parts;
- :mod:`~transitieatlas.council.speaking`: speaking time per geleding for the chair.

Repository modules (database, role checks): ``indicator_repo``, ``campaign_repo``,
``signup_repo``, ``meeting_repo``. The Dutch method note is ``docs/raad.md``.
"""
