"""The council's constants (``data/council_constants.csv``): value, unit, source and status.

Every number the dashboard, the sign-up thresholds and the speaking-time view use that is
not entered by a user comes from this table, so the method note and the code agree.
"""

from __future__ import annotations

import csv
from functools import cache

from transitieatlas import config

CONSTANTS_FILE = config.REFERENCE_DIR / "council_constants.csv"
START_INDICATORS_FILE = config.REFERENCE_DIR / "council_start_indicators.csv"
STATUSES = ("geverifieerd", "afgeleid", "aanname")


@cache
def constants() -> dict[str, dict[str, str]]:
    """Every row of the constants table by name (``value`` still text)."""
    with CONSTANTS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["name"]: row for row in csv.DictReader(handle)}


def value(name: str) -> float:
    """The numeric value of constant ``name`` (KeyError when the table lacks it)."""
    return float(constants()[name]["value"])


def start_indicators() -> list[dict[str, str]]:
    """The suggested first dashboard indicators (``data/council_start_indicators.csv``)."""
    with START_INDICATORS_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
