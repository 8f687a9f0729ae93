"""The fast page path (units built once, classified per scheme; vectorised map layer and style)
gives every Doesburg pand the same group, colour and tooltip as a row-by-row reference."""

from __future__ import annotations

import math

import numpy as np
import pytest

from transitieatlas import segmentation
from transitieatlas.heat import stock as heat_stock
from transitieatlas.maps import component, payload
from transitieatlas.segmentation import export
from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store


@pytest.fixture(scope="module")
def store(shared_data, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRANSITIEATLAS_HOME", str(tmp_path_factory.mktemp("fast_path_home")))
        importing.import_paths(
            [
                shared_data / "cbs/boundaries/gemeenten_2022/gemeente_gegeneraliseerd_2022.geojson",
                shared_data / "bag/doesburg_panden_2020/doesburg_panden_20200915.gpkg",
            ],
            open_store(),
        )
        yield open_store()


@pytest.fixture(scope="module")
def built(store):
    return segmentation.build_units(store, "GM0221", "pand")


def changed_scheme():
    raw = segmentation.default_scheme().to_dict()
    for rule in raw["rules"]:
        if rule["group"] == "voor_1945":
            rule["when"][0]["value"] = 1930
    return segmentation.parse_scheme(raw)


def holds(value, cond) -> bool:
    """One condition on one unit's value, written out per operator (the reference)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    op, v = cond.op, cond.value
    if op == "==":
        return value == v
    if op == "!=":
        return value != v
    if op == "in":
        return value in v
    if op in ("contains_any", "contains_none"):
        hit = any(str(x) in str(value) for x in v)
        return hit if op == "contains_any" else not hit
    x = float(value)
    if op == "between":
        return v[0] <= x < v[1]
    return {"<": x < v, "<=": x <= v, ">": x > v, ">=": x >= v}[op]


def reference_groups(units, scheme) -> list[str]:
    out = []
    for row in units.to_dict("records"):
        group = scheme.remainder.group
        for rule in scheme.rules:
            if all(c.attribute in row and holds(row[c.attribute], c) for c in rule.when):
                group = rule.group
                break
        out.append(group)
    return out


@pytest.mark.parametrize("which", ["default", "changed"])
def test_every_pand_gets_the_group_of_a_row_by_row_reference(built, which):
    scheme = segmentation.default_scheme() if which == "default" else changed_scheme()
    result = segmentation.apply_scheme(built, scheme)
    expected = reference_groups(built.units, scheme)
    assert len(result.units) == 7_393
    assert result.units["group"].tolist() == expected
    assert len(set(expected)) >= 5  # the reference really separates groups


def test_a_scheme_change_on_cached_units_equals_segmenting_again(store, built):
    changed = changed_scheme()
    fast = segmentation.apply_scheme(built, changed)
    again = segmentation.segment(store, "GM0221", changed, "pand")
    assert fast.units["group"].tolist() == again.units["group"].tolist()
    assert fast.units["rule_nr"].tolist() == again.units["rule_nr"].tolist()
    assert segmentation.to_frame(fast.results).equals(segmentation.to_frame(again.results))
    default = segmentation.apply_scheme(built, segmentation.default_scheme())
    moved = (default.units["group"] != fast.units["group"]).sum()
    assert moved > 50  # 1930-1944 panden left voor_1945
    assert "group" not in built.units  # the cached units are left unchanged
    assert fast.notes == again.notes


def test_panden_per_cell_counts_the_panden_in_each_cbs_cell(built):
    ids = built.units.geometry.centroid
    cells = [heat_stock.cell_id(p.x, p.y) for p in ids]
    counts = {c: cells.count(c) for c in set(cells)}
    assert built.units["woningdichtheid"].tolist() == [float(counts[c]) for c in cells]


def test_map_colour_and_tooltip_per_pand_equal_a_reference(built, tmp_path):
    scheme = changed_scheme()
    result = segmentation.apply_scheme(built, scheme)
    shown = ["voor_1945", "bijgebouwen"]
    shapes, colours, tips, legend = export.map_layer(result.units, None, scheme, "pand", shown)
    ref = component.prepare_geometry(shapes, tmp_path, coverage=False)
    style = payload.style_payload(ref.codes, colours, tips, legend)
    group_colour = export.group_colours(scheme)
    labels = dict(scheme.groups)
    rows = dict(zip(result.units.index.astype(str), result.units.to_dict("records"), strict=True))
    for i, code in enumerate(ref.codes):
        row = rows[code]
        colour = group_colour[row["group"]] if row["group"] in shown else payload.MISSING_COLOUR
        assert style["palette"][style["fill"][i]] == colour
        year = "onbekend" if np.isnan(row["bouwjaar"]) else str(int(row["bouwjaar"]))
        count = "onbekend" if np.isnan(row["dwellings"]) else f"{row['dwellings']:.0f}"
        number = int(row["rule_nr"])
        rule = (
            f"regel {number}: {scheme.rules[number - 1].describe()}"
            if number
            else f"restgroep: {scheme.remainder.describe()}"
        )
        assert payload.tip_text(style["tip"], ref.codes, i) == (
            f"pand {code}: {labels[row['group']]} ({rule}); bouwjaar {year}; {count} woningen"
        )
    assert len(style["palette"]) == 3  # grey + the two shown groups
    assert style["tooltips"] is None  # the texts are not sent: the template and its columns are
    assert len(style["tip"]["columns"]["bouwjaar"]["values"]) < len(ref.codes) / 10
