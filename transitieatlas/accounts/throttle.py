"""Rate limits kept in the database, so they hold across app processes and the CLI.

A fixed window per key: at most ``limit`` events per ``window`` (seconds); the window
starts at the first event and the key is free again when it has passed. Used for failed
logins (per name and per client) and for anonymous submissions (zelfmelding).
The numbers are in :data:`LIMITS` and in ``docs/beveiliging.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from transitieatlas.db import maybe_session, session_scope
from transitieatlas.db.models import RateLimit, utcnow


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` events per ``window_s`` seconds."""

    limit: int
    window_s: int


LIMITS: dict[str, Limit] = {
    "login-name": Limit(5, 15 * 60),
    "login-client": Limit(20, 15 * 60),
    "submit-client": Limit(5, 60 * 60),
    "submit-all": Limit(200, 24 * 60 * 60),
    "signup-client": Limit(5, 60 * 60),
    "signup-all": Limit(500, 24 * 60 * 60),
}
"""Failed logins per account name / per client; zelfmeldingen per client / in total;
self sign-ups (intekenen) per client / in total."""


def _row(s: Session, key: str, now: datetime, window: timedelta) -> RateLimit | None:
    row = s.get(RateLimit, key, with_for_update=True)
    if row is not None and now - row.window_start >= window:
        row.hits, row.window_start = 0, now
    return row


def wait_seconds(kind: str, who: str, now: datetime | None = None, session=None) -> int:  # type: ignore[no-untyped-def]
    """Seconds until ``who`` may try again (0 = allowed now)."""
    rule = LIMITS[kind]
    now = now or utcnow()
    with maybe_session(session) as s:
        row = s.scalar(select(RateLimit).where(RateLimit.key == f"{kind}:{who}"))
        if row is None or row.hits < rule.limit:
            return 0
        left = row.window_start + timedelta(seconds=rule.window_s) - now
        return max(0, int(left.total_seconds() + 0.999))


def hit(kind: str, who: str, now: datetime | None = None) -> None:
    """Count one event for ``who`` (in its own transaction; safe across processes)."""
    rule = LIMITS[kind]
    now = now or utcnow()
    key = f"{kind}:{who}"
    for attempt in range(3):
        try:
            with session_scope() as s:
                row = _row(s, key, now, timedelta(seconds=rule.window_s))
                if row is None:
                    s.add(RateLimit(key=key, hits=1, window_start=now))
                else:
                    row.hits += 1
            return
        except IntegrityError:  # another process made the row first: count again on it
            if attempt == 2:
                raise


def clear(kind: str, who: str, session=None) -> None:  # type: ignore[no-untyped-def]
    """Forget the events of ``who`` (after a successful login)."""
    with maybe_session(session) as s:
        row = s.get(RateLimit, f"{kind}:{who}")
        if row is not None:
            s.delete(row)


def minutes_text(seconds: int) -> str:
    """``seconds`` as Dutch minutes, rounded up (``1 minuut``, ``15 minuten``)."""
    minutes = max(1, -(-seconds // 60))
    return "1 minuut" if minutes == 1 else f"{minutes} minuten"
