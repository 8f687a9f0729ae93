"""Concurrent first use of a database from several threads of one process.

Streamlit runs each session (and each fragment rerun) in its own thread, so on a fresh
database two threads can reach the first migration at the same moment. Alembic keeps its
migration context in module globals, so two upgrades at once used to end in
``KeyError: 'script'`` (seen in the live speaking-timer browser test under load).
"""

from __future__ import annotations

import threading

from sqlalchemy import text

from transitieatlas import db


def test_threads_migrating_one_fresh_database_at_once_all_succeed(tmp_path):
    errors: list[BaseException] = []
    rounds = 5
    threads_per_round = 8
    for r in range(rounds):
        url = f"sqlite:///{tmp_path / f'race{r}.sqlite'}"
        start = threading.Barrier(threads_per_round)

        def first_use(url: str = url, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                with db.session_scope(url) as s:
                    s.execute(text("select 1"))
            except BaseException as err:  # noqa: BLE001 - collected and asserted below
                errors.append(err)

        workers = [threading.Thread(target=first_use) for _ in range(threads_per_round)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert db.current_revision(url) == db.alembic_heads()[0]
        db.dispose_all()
    assert errors == []
