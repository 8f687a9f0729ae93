"""``make bench`` (finance): recalculation time of the Rekenvoorbeelden page after a price or
participation change, on real groups (Leeuwarden buurten, Doesburg panden). Goal < 0.1 s.

Times :func:`transitieatlas.finance.service.recalculate` (examples, sweep at four levels,
break-even search) with a new gas price, loan rate and loan term each run, after the groups are built once (the page
caches them). Prints one small table with the median and the slowest of 30 runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from transitieatlas.finance import service  # noqa: E402

CASES = (("GM0080", "buurt"), ("GM0221", "pand"))
RUNS = 30
GOAL_S = 0.1


def time_group(view: service.GroupView) -> list[float]:
    confs = service.default_configurations(view)
    times = []
    for i in range(RUNS):
        overrides = {
            "price_gas_eur_per_m3": 1.0 + i * 0.02,
            "rate_gebouwgebonden": 0.02 + (i % 5) * 0.005,  # a rate moved on the page
            "term_years_energiebespaarlening": float(10 + i % 3 * 5),
        }
        start = time.perf_counter()
        service.recalculate(view, confs, overrides, 0.3 + (i % 8) * 0.1)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    print(
        f"{'gebied':<8} {'niveau':<6} {'bron':<12} {'groep':<12} {'configuraties':>13} {'mediaan':>9} {'traagst':>9}  doel < {GOAL_S} s"
    )
    ok = True
    cases = [(area, level, "startanalyse") for area, level in CASES]
    # what the page shows by default (`auto`): the segmentation's groups where the store has panden
    cases += [
        (area, *auto) for area, _ in CASES if (auto := service.resolve(area))[1] == "segmentatie"
    ]
    for area, level, source in cases:
        for view in service.area_groups(area, level, source):
            times = time_group(view)
            n = len(service.default_configurations(view))
            med, worst = statistics.median(times), max(times)
            ok = ok and med < GOAL_S
            print(
                f"{area:<8} {level:<6} {source:<12} {view.group.code:<12} {n:>13} {med:>8.4f}s {worst:>8.4f}s  {'ok' if med < GOAL_S else 'TE TRAAG'}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
