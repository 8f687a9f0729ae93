"""The layout rules that a reader of the tree relies on, checked on the source text."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from transitieatlas import config

PACKAGE = Path(__file__).resolve().parents[1] / "transitieatlas"
DOMAIN_PACKAGES = (
    "areas",
    "profile",
    "heat",
    "actors",
    "voting",
    "segmentation",
    "finance",
    "council",
    "evening",
)
"""Pure domain packages: they speak stable indicator names (data/indicators.csv) only."""
NOT_COLUMNS = {"woningen"}
"""Raw column names that are also plain words the domain uses otherwise (a unit in the
council dashboard); the Zwolle column ``woningen`` is still mapped in its adapter."""
STRING = re.compile(r"""(?P<q>["'])(?P<text>[A-Za-z0-9_]+)(?P=q)""")


def _raw_source_names() -> set[str]:
    """Column names as the sources spell them, that differ from every indicator name."""
    with (config.REFERENCE_DIR / "indicators.csv").open(encoding="utf-8") as handle:
        indicators = {row["name"] for row in csv.DictReader(handle)}
    raw = set()
    for path in sorted((config.REFERENCE_DIR / "column_mappings").glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                name = (row.get("source_column") or "").strip()
                if row.get("indicator") and name and name not in indicators | NOT_COLUMNS:
                    raw.add(name)
    return raw


def test_the_mappings_name_raw_columns_to_check():
    raw = _raw_source_names()
    # the names the review found in the domain, and a few more of each provider
    assert {"aantal_woningen_bouwjaar_45_tot_65", "aantal_woningen", "pre_1945"} <= raw
    assert {"high_effic", "aantal_meergezins_woningen"} <= raw
    assert "woningvoorraad" not in raw


@pytest.mark.parametrize("package", DOMAIN_PACKAGES)
def test_no_raw_source_column_names_in_the_domain(package):
    raw = _raw_source_names()
    found = []
    for path in sorted((PACKAGE / package).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in STRING.finditer(text):
            if match.group("text") in raw:
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {match.group('text')}")
    assert not found, "raw source names in the domain (map them in the source adapter):\n" + (
        "\n".join(found)
    )


def test_the_grep_finds_a_raw_name(tmp_path):
    """The check above can fail: a module with a raw CBS grid name is caught."""
    raw = _raw_source_names()
    sample = 'GRID = {"aantal_woningen_bouwjaar_45_tot_65": (1945, 1964)}\n'
    assert [m.group("text") for m in STRING.finditer(sample) if m.group("text") in raw] == [
        "aantal_woningen_bouwjaar_45_tot_65"
    ]
