"""Speaking time per geleding for the independent chair (source document 3.2).

The chair guards equal speaking time: for an agenda item of ``minutes`` minutes each
geleding gets ``equal_speaking_share`` (1/5, ``data/council_constants.csv``) of it. The
timer is a list of events ``(seconds, geleding or None)``: from that moment on the
geleding speaks (None = nobody). Times are seconds on any monotonic clock.

>>> used_seconds([(0.0, "kennis"), (30.0, "burgers"), (45.0, None)], now=100.0)["burgers"]
15.0
>>> allotted_seconds(10)
120.0

The Vergadering page shows :func:`state_rows` of :func:`timer_state` and refreshes it every
second while somebody speaks (a Streamlit fragment), so the page holds no arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from transitieatlas.council import constants
from transitieatlas.geledingen import GELEDINGEN, LABELS

Event = tuple[float, str | None]


def used_seconds(events: Sequence[Event], now: float) -> dict[str, float]:
    """Seconds spoken per geleding up to ``now`` (events in time order)."""
    used = dict.fromkeys(GELEDINGEN, 0.0)
    if not events:
        return used
    for (start, speaker), end in zip(events, [t for t, _ in events[1:]] + [now], strict=True):
        if speaker is not None:
            used[speaker] += max(0.0, end - start)
    return used


def allotted_seconds(item_minutes: float) -> float:
    """Each geleding's equal share of an item of ``item_minutes`` minutes, in seconds."""
    return item_minutes * 60 * constants.value("equal_speaking_share")


def clock(seconds: float) -> str:
    """``75`` → ``1:15``; negative → ``-0:05`` (over time)."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds))
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def current_speaker(events: Sequence[Event]) -> str | None:
    """Who speaks now (the last event's geleding)."""
    return events[-1][1] if events else None


@dataclass(frozen=True)
class Share:
    """One geleding's speaking time at a moment (seconds; ``left`` < 0 = over time)."""

    geleding: str
    used: float
    left: float
    speaking: bool

    @property
    def used_fraction(self) -> float:
        """Share of its equal time used, 0–1 (capped at 1, for a progress bar)."""
        allotted = self.used + self.left
        return 1.0 if allotted <= 0 else min(1.0, max(0.0, self.used / allotted))

    @property
    def over(self) -> bool:
        """True when the geleding has spoken longer than its equal share."""
        return self.left < 0


@dataclass(frozen=True)
class TimerState:
    """The timer at ``now``: per geleding, the item's time spoken and left, who speaks."""

    shares: tuple[Share, ...]
    elapsed: float
    item_left: float
    speaker: str | None

    @property
    def ticking(self) -> bool:
        """True while somebody speaks (the view then refreshes every second)."""
        return self.speaker is not None


def timer_state(events: Sequence[Event], now: float, item_minutes: float) -> TimerState:
    """Elapsed and remaining time per geleding (equal shares) and for the whole item.

    >>> state = timer_state([(0.0, "kennis"), (90.0, "burgers")], now=100.0, item_minutes=10)
    >>> state.shares[0].used, state.shares[0].left, state.shares[1].left, state.item_left
    (90.0, 30.0, 110.0, 500.0)
    """
    used = used_seconds(events, now)
    share = allotted_seconds(item_minutes)
    speaker = current_speaker(events)
    elapsed = sum(used.values())
    shares = tuple(Share(g, used[g], share - used[g], g == speaker) for g in GELEDINGEN)
    return TimerState(shares, elapsed, item_minutes * 60 - elapsed, speaker)


def state_rows(state: TimerState) -> list[dict[str, str]]:
    """Rows for the live timer table (Dutch): geleding, spoken, left, now speaking."""
    return [
        {
            "Geleding": LABELS[s.geleding],
            "Gesproken": clock(s.used),
            "Over": clock(s.left) + (" (te lang)" if s.over else ""),
            "Nu aan het woord": "●" if s.speaking else "",
        }
        for s in state.shares
    ]
