"""Speaking time per geleding for the independent chair (source document 3.2).

The chair guards equal speaking time: for an agenda item of ``minutes`` minutes each
geleding gets ``equal_speaking_share`` (1/5, ``data/council_constants.csv``) of it. The
timer is a list of events ``(seconds, geleding or None)``: from that moment on the
geleding speaks (None = nobody). Times are seconds on any monotonic clock.

>>> used_seconds([(0.0, "kennis"), (30.0, "burgers"), (45.0, None)], now=100.0)["burgers"]
15.0
>>> allotted_seconds(10)
120.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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


def speaking_table(
    used: Mapping[str, float], item_minutes: float, speaker: str | None
) -> list[dict[str, str]]:
    """Rows for the timer view: geleding, spoken, left (negative = over time), now."""
    share = allotted_seconds(item_minutes)
    return [
        {
            "Geleding": LABELS[g],
            "Gesproken": clock(used[g]),
            "Over": clock(share - used[g]),
            "Nu aan het woord": "●" if g == speaker else "",
        }
        for g in GELEDINGEN
    ]


def clock(seconds: float) -> str:
    """``75`` → ``1:15``; negative → ``-0:05`` (over time)."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds))
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def current_speaker(events: Sequence[Event]) -> str | None:
    """Who speaks now (the last event's geleding)."""
    return events[-1][1] if events else None
