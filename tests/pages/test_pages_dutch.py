"""No English widget text: every choice widget on these pages has a Dutch placeholder (issue 9.15).

Streamlit shows "No options to select" / "Choose an option" unless a placeholder is given.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parents[2] / "transitieatlas" / "pages"
CHECKED = ["gebied.py", "profiel.py", "warmtevraag.py", "transitiekaart.py", "intekenen.py"]


def _choice_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("selectbox", "multiselect")
        ):
            yield node


@pytest.mark.parametrize("page", CHECKED)
def test_every_choice_widget_has_a_placeholder(page):
    tree = ast.parse((PAGES / page).read_text(encoding="utf-8"))
    calls = list(_choice_calls(tree))
    assert calls, f"{page}: no selectbox or multiselect found"
    lacking = [c.lineno for c in calls if "placeholder" not in {k.arg for k in c.keywords}]
    assert lacking == [], f"{page}: selectbox/multiselect without a Dutch placeholder at {lacking}"


def test_the_shared_gemeente_chooser_has_a_placeholder():
    tree = ast.parse((PAGES / "_ui.py").read_text(encoding="utf-8"))
    chooser = next(
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "choose_gemeente"
    )
    calls = list(_choice_calls(chooser))
    assert len(calls) == 1
    assert "placeholder" in {k.arg for k in calls[0].keywords}
