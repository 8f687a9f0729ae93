"""The ``>>>`` examples in the docstrings of the pure modules run as tests (``make test``)."""

from __future__ import annotations

import doctest
import importlib

import pytest

PURE_MODULES = (
    "transitieatlas.frames",
    "transitieatlas.text",
    "transitieatlas.indicators",
    "transitieatlas.geledingen",
    "transitieatlas.areas.codes",
    "transitieatlas.areas.aggregate",
    "transitieatlas.profile.choropleth",
    "transitieatlas.sources.bag_units",
    "transitieatlas.heat.common",
    "transitieatlas.heat.gas",
    "transitieatlas.heat.stock",
    "transitieatlas.heat.utility",
    "transitieatlas.heat.model",
    "transitieatlas.heat.methods",
    "transitieatlas.heat.network",
    "transitieatlas.actors.model",
    "transitieatlas.actors.records",
    "transitieatlas.voting.count",
    "transitieatlas.voting.ballots",
    "transitieatlas.finance.annuity",
    "transitieatlas.finance.catalogue",
    "transitieatlas.finance.examples",
    "transitieatlas.finance.wup",
    "transitieatlas.cli.examples",
    "transitieatlas.evening.survey",
    "transitieatlas.segmentation.export",
    "transitieatlas.segmentation.scheme",
    "transitieatlas.segmentation.units",
    "transitieatlas.segmentation.capacity",
    "transitieatlas.segmentation.surplus",
    "transitieatlas.segmentation.parks",
    "transitieatlas.segmentation.parkshare",
)
WITH_EXAMPLES = {
    "transitieatlas.frames",
    "transitieatlas.text",
    "transitieatlas.areas.codes",
    "transitieatlas.profile.choropleth",
    "transitieatlas.sources.bag_units",
    "transitieatlas.heat.common",
    "transitieatlas.heat.gas",
    "transitieatlas.heat.stock",
    "transitieatlas.heat.utility",
    "transitieatlas.heat.model",
    "transitieatlas.heat.methods",
    "transitieatlas.heat.network",
}
"""Modules whose formulas carry worked examples: they must keep at least one."""


@pytest.mark.parametrize("name", PURE_MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert failed == 0, f"{failed} of {tried} examples in {name} failed"
    if name in WITH_EXAMPLES:
        assert tried > 0, f"{name} lost its examples"
