"""Dutch numbers and safe user text (transitieatlas.text)."""

from __future__ import annotations

import math

from transitieatlas.text import MISSING_LABEL, escape_markdown, format_number, format_value


def test_dutch_numbers():
    assert format_number(1234.5, 1) == "1.234,5"
    assert format_number(1234567) == "1.234.567"
    assert format_number(92.0) == "92"
    assert format_number(48.0952) == "48,1"
    assert format_number(0.256) == "0,26"
    assert format_number(-1234.567, 2) == "-1.234,57"
    assert format_number(2.5, 3) == "2,500"  # voting scores
    assert format_number(math.nan) == MISSING_LABEL
    assert format_number(None) == MISSING_LABEL


def test_values_with_units():
    assert format_value(48.0952, "%") == "48,1%"
    assert format_value(288.9, "x 1 000 euro") == "289 × € 1.000"
    assert format_value(1050, "aantal") == "1.050"
    assert format_value(1402.4, "m³") == "1.402 m³"
    assert format_value(25506.4, "ha", 0) == "25.506 ha"
    assert format_value(math.nan, "GJ") == MISSING_LABEL


def test_escape_markdown_keeps_user_text_literal():
    assert escape_markdown("![x](http://evil/t.png)") == r"\!\[x\]\(http\://evil/t\.png\)"
    assert escape_markdown("$x$ *vet* _schuin_") == r"\$x\$ \*vet\* \_schuin\_"
    assert escape_markdown("Dorpshuis De Wâlde") == "Dorpshuis De Wâlde"
    assert escape_markdown(None) == ""
