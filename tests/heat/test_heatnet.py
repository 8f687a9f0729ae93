"""Heat-network screen: thresholds, candidates and the Dutch reasons."""

from __future__ import annotations

import numpy as np
import pandas as pd

from transitieatlas.heat import network as heatnet


def _areas() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["DICHT_FLAT", "DICHT_LAAG", "IJL", "ONBEKEND", "NIEUW"],
            "name": ["a", "b", "c", "d", "e"],
            "heat_density_gj_per_ha": [820.0, 450.0, 120.0, np.nan, 700.0],
            "share_meergezins": [0.8, 0.2, 0.9, 0.9, 0.9],
            "share_corporatie": [0.5, 0.1, np.nan, 0.5, 0.6],
            "share_before_2000": [0.9, 0.95, 0.9, 0.9, 0.1],
        }
    )


def test_defaults_come_from_the_constants_file():
    t = heatnet.default_thresholds()
    assert (
        t.min_density_gj_per_ha,
        t.min_share_meergezins,
        t.min_share_corporatie,
        t.min_share_before_2000,
    ) == (360.0, 0.5, 0.3, 0.5)


def test_candidates_and_reasons():
    out = heatnet.screen(_areas()).set_index("code")
    assert out["candidate"].to_dict() == {
        "DICHT_FLAT": True,
        "DICHT_LAAG": False,
        "IJL": False,
        "ONBEKEND": False,
        "NIEUW": False,
    }
    assert out.loc["DICHT_FLAT", "reason"] == (
        "Kandidaat: warmtedichtheid 820 GJ/ha ≥ 360; 80% meergezinswoningen ≥ 50% of "
        "50% corporatiewoningen ≥ 30%; 90% gebouwd vóór 2000 ≥ 50%."
    )
    assert out.loc["DICHT_LAAG", "reason"].startswith(
        "Geen kandidaat: warmtedichtheid 450 GJ/ha ≥ 360; "
        "20% meergezinswoningen < 50% of 10% corporatiewoningen < 30%"
    )
    assert "warmtedichtheid 120 GJ/ha < 360" in out.loc["IJL", "reason"]
    assert "warmtedichtheid onbekend" in out.loc["ONBEKEND", "reason"]
    assert "10% gebouwd vóór 2000 < 50%" in out.loc["NIEUW", "reason"]


def test_thresholds_are_adjustable_and_zero_switches_off():
    lenient = heatnet.Thresholds(400, 0, 0, 0)
    out = heatnet.screen(_areas(), lenient).set_index("code")
    assert out["candidate"].to_dict() == {
        "DICHT_FLAT": True,
        "DICHT_LAAG": True,
        "IJL": False,
        "ONBEKEND": False,
        "NIEUW": True,
    }
    assert out.loc["DICHT_LAAG", "reason"] == "Kandidaat: warmtedichtheid 450 GJ/ha ≥ 400."


def test_missing_data_is_not_tested_and_said_so():
    areas = pd.DataFrame({"code": ["X"], "heat_density_gj_per_ha": [500.0]})
    out = heatnet.screen(areas).iloc[0]
    assert bool(out["candidate"]) is True
    assert out["reason"] == (
        "Kandidaat: warmtedichtheid 500 GJ/ha ≥ 360; woningtype en eigendom onbekend "
        "(niet getoetst); bouwperiode onbekend (niet getoetst)."
    )


def test_shares_from_cbs_percentages():
    wide = pd.DataFrame({"pct_meergezinswoning": [62.0], "pct_corporatie": [40.0]}, index=["BU1"])
    shares = heatnet.shares_from_figures(wide)
    assert shares.loc["BU1", "share_meergezins"] == 0.62
    assert shares.loc["BU1", "share_corporatie"] == 0.40
    assert np.isnan(shares.loc["BU1", "share_before_2000"])
