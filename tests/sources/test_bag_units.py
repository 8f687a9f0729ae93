"""Verblijfsobjecten: canonical frame and sums per pand, on small hand-computed cases."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from transitieatlas.sources import bag_units

P1, P2, P3 = "0221100000000001", "0221100000000002", "0221100000000003"


def _panden(**columns):
    return gpd.GeoDataFrame(
        {"id": [P1, P2, P3], "status": ["Pand in gebruik"] * 3, **columns},
        geometry=[shapely.box(i * 20, 0, i * 20 + 10, 10) for i in range(3)], crs="EPSG:28992",
    )  # fmt: skip


def _units():
    # P1: two dwellings (70, 85 m²) and a shop+office (120 m²) shared with P2
    return pd.DataFrame({
        "id": ["V1", "V2", "V3"],
        "pand_id": [P1, P1, f"{P1},{P2}"],
        "gebruiksdoel": ["woonfunctie", "woonfunctie", "kantoorfunctie,winkelfunctie"],
        "oppervlakte": [70.0, 85.0, 120.0],
    })  # fmt: skip


def test_units_are_summed_per_pand_a_shared_unit_in_each():
    summary = bag_units.unit_summary(_units())
    first, second = summary.loc[P1], summary.loc[P2]
    assert first["gebruiksdoel"] == "kantoorfunctie,winkelfunctie,woonfunctie"
    assert (first["aantal_verblijfsobjecten"], first["woningen"]) == (3, 2)
    assert first["oppervlakte_m2"] == 70 + 85 + 120
    assert (first["oppervlakte_min"], first["oppervlakte_max"]) == (70, 120)
    assert second["gebruiksdoel"] == "kantoorfunctie,winkelfunctie"
    assert (second["aantal_verblijfsobjecten"], second["woningen"], second["oppervlakte_m2"]) == (
        1, 0, 120)  # fmt: skip
    assert P3 not in summary.index


def test_panden_without_use_get_everything_from_their_units():
    out = bag_units.fill_from_units(_panden(), _units()).set_index("id")
    assert out.loc[P1, "gebruiksdoel"] == "kantoorfunctie,winkelfunctie,woonfunctie"
    assert out.loc[P1, "aantal_verblijfsobjecten"] == 3 and out.loc[P1, "woningen"] == 2
    assert out.loc[P1, "oppervlakte_m2"] == 275
    # a pand without units keeps "unknown": no use, no count (not zero)
    assert out.loc[P3, "gebruiksdoel"] is None
    assert np.isnan(out.loc[P3, "aantal_verblijfsobjecten"])


def test_a_pdok_pand_keeps_its_own_use_and_count_and_gets_only_the_floor_area():
    # PDOK's v2 pand has gebruiksdoel and aantal_verblijfsobjecten but no floor area
    panden = _panden(
        gebruiksdoel=["woonfunctie", None, None], aantal_verblijfsobjecten=[5.0, np.nan, np.nan]
    )
    out = bag_units.fill_from_units(panden, _units()).set_index("id")
    assert out.loc[P1, "gebruiksdoel"] == "woonfunctie"  # the pand's own, not the units'
    assert out.loc[P1, "aantal_verblijfsobjecten"] == 5
    assert (out.loc[P1, "oppervlakte_min"], out.loc[P1, "oppervlakte_max"]) == (70, 120)
    assert out.loc[P2, "gebruiksdoel"] == "kantoorfunctie,winkelfunctie"  # from its unit
    assert out.loc[P2, "aantal_verblijfsobjecten"] == 1


def test_pand_links_are_ids_or_pdok_links_resolved_through_the_pand_features():
    refs = {"4c396a25-0e16-586f-a298-3252f8795942": P1}
    link = "https://api.pdok.nl/kadaster/bag/ogc/v2/collections/pand/items/"
    assert bag_units.pand_ids([link + "4c396a25-0e16-586f-a298-3252f8795942"], refs) == P1
    assert bag_units.pand_ids([link + "unknown-uuid"], refs) is None
    assert bag_units.pand_ids(np.array(["NL.IMBAG.Pand." + P2, P3])) == f"{P2},{P3}"
    assert bag_units.pand_ids("221100000000001") == P1  # a number without its leading zero


def test_only_current_units_are_kept():
    frame = gpd.GeoDataFrame(
        {
            "identificatie": ["NL.IMBAG.Verblijfsobject.0221010000000001"] * 2
            + ["0221010000000002", "0221010000000003", "0221010000000004"],
            "status": ["Verblijfsobject in gebruik", "Verblijfsobject in gebruik",
                       "Verblijfsobject ingetrokken", "Niet gerealiseerd verblijfsobject",
                       "Verblijfsobject gevormd"],
            "eindGeldigheid": [pd.Timestamp("2019-01-15"), None, None, None, None],
            "gebruiksdoel": [["woonfunctie"], ["woonfunctie", "winkelfunctie"], ["woonfunctie"],
                             ["woonfunctie"], ["kantoorfunctie"]],
            "oppervlakte": [306, 315, 80, 90, 1],
            "pandRef": [[f"NL.IMBAG.Pand.{P1}"]] * 5,
        },
        geometry=[shapely.Point(0, 0, 0)] * 5, crs="EPSG:28992",
    )  # fmt: skip
    units = bag_units.canonical_units(frame)
    assert units["id"].tolist() == ["0221010000000001", "0221010000000004"]
    assert units["gebruiksdoel"].tolist() == ["winkelfunctie,woonfunctie", "kantoorfunctie"]
    assert units["oppervlakte"].tolist() == [315.0, 1.0]
    assert units["pand_id"].tolist() == [P1, P1]
    assert not units.geometry.has_z.any()


def test_a_frame_without_a_pand_link_is_refused_in_dutch():
    frame = pd.DataFrame({"identificatie": ["1"], "status": ["Verblijfsobject in gebruik"]})
    with pytest.raises(ValueError, match="verwijzing naar het pand ontbreken"):
        bag_units.canonical_units(frame)
