"""A segmentation scheme is data: ordered rules over unit attributes, first match wins.

A scheme (JSON, see ``data/vraaggroepen_standaard.json``)::

    {"name": "...", "rules": [
        {"group": "maatschappelijk", "label": "Maatschappelijk vastgoed",
         "when": [{"attribute": "gebruiksdoel", "op": "contains_any",
                   "value": ["onderwijsfunctie", "gezondheidszorgfunctie"]}]},
        ...],
     "remainder": {"group": "overig", "label": "Overige gebouwen"}}

A rule's conditions must all hold. A unit goes to the first rule that matches; units no rule
matches go to the remainder group. A condition on an attribute the unit does not know (e.g.
tenure of a single BAG pand) does not hold. :func:`parse_scheme` checks everything at once
and raises :class:`~transitieatlas.errors.InputError` with one Dutch line per problem:
unknown attribute or operator, a value of the wrong kind, thresholds that exclude each other
within a rule, overlapping thresholds between rules that differ only in that attribute (the
first would silently take part of the second), and groups that can never get a unit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from transitieatlas.errors import InputError


@dataclass(frozen=True)
class Attribute:
    """An attribute rules can use: Dutch label, kind (``number``, ``text``, ``choice``,
    ``bool``), unit, allowed values for choices, and where it is known."""

    name: str
    label: str
    kind: str
    unit: str = ""
    choices: tuple[str, ...] = ()
    known_at: str = ""


GEBRUIKSDOELEN = (
    "woonfunctie", "bijeenkomstfunctie", "celfunctie", "gezondheidszorgfunctie",
    "industriefunctie", "kantoorfunctie", "logiesfunctie", "onderwijsfunctie",
    "sportfunctie", "winkelfunctie", "overige gebruiksfunctie",
)  # fmt: skip
ATTRIBUTES: dict[str, Attribute] = {
    a.name: a
    for a in (
        Attribute(
            "gebruiksdoel",
            "Gebruiksdoel (BAG)",
            "text",
            "",
            GEBRUIKSDOELEN,
            "pand (BAG met verblijfsobjecten); cel en buurt: alleen woonfunctie",
        ),
        Attribute(
            "functie",
            "Woning of utiliteit",
            "choice",
            "",
            ("woning", "utiliteit", "onbekend"),
            "pand, cel, buurt",
        ),
        Attribute(
            "bouwjaar",
            "Bouwjaar",
            "number",
            "jaar",
            (),
            "pand; cel en buurt: midden van de bouwperiode",
        ),
        Attribute(
            "woningtype",
            "Woningtype",
            "choice",
            "",
            (
                "eengezins",
                "meergezins",
                "vrijstaand",
                "2 onder 1 kap",
                "rijwoning hoek",
                "rijwoning tussen",
                "meergezins: laag en midden",
                "meergezins: hoog",
            ),
            "cel, buurt (aandelen); pand: eengezins/meergezins uit het aantal woningen",
        ),
        Attribute(
            "oppervlakte_m2",
            "Gebruiksoppervlakte per woning of pand",
            "number",
            "m²",
            (),
            "pand (BAG-verblijfsobjecten); cel en buurt: standaard per type",
        ),
        Attribute(
            "label",
            "Energielabel",
            "choice",
            "",
            tuple("ABCDEFG"),
            "buurt (aandelen Startanalyse); pand met EP-Online-bestand",
        ),
        Attribute(
            "eigendom",
            "Eigendom",
            "choice",
            "",
            ("koop", "corporatie", "particuliere huur"),
            "cel en buurt (aandelen); niet per pand",
        ),
        Attribute(
            "woz",
            "Gemiddelde WOZ-waarde",
            "number",
            "x 1 000 euro",
            (),
            "cel, buurt; pand: van het vierkant of de buurt",
        ),
        Attribute(
            "woningdichtheid",
            "Woningen per hectare",
            "number",
            "per ha",
            (),
            "cel (het vierkant), buurt; pand: panden in zijn vierkant van 100 m",
        ),
        Attribute(
            "grondvlak_m2",
            "Grondvlak van het pand",
            "number",
            "m²",
            (),
            "pand (oppervlakte van de BAG-contour)",
        ),
        Attribute(
            "bedrijventerrein",
            "Op een bedrijventerrein",
            "bool",
            "",
            (),
            "pand (midden van het pand); cel en buurt: naar oppervlakteaandeel verdeeld; "
            "alleen als een terrein is gekozen",
        ),
        Attribute(
            "nieuwbouw",
            "Nieuwbouw (BAG: bouwvergunning verleend of bouw gestart)",
            "bool",
            "",
            (),
            "pand (BAG-status); niet per cel of buurt",
        ),
    )
}
"""The attributes a rule can use (the registry the app's rule editor reads)."""

OPERATORS: dict[str, str] = {
    "==": "is",
    "!=": "is niet",
    "in": "is een van",
    "contains_any": "bevat een van",
    "contains_none": "bevat geen van",
    "<": "kleiner dan",
    "<=": "hoogstens",
    ">": "groter dan",
    ">=": "minstens",
    "between": "van … tot (tot niet meegerekend)",
}
NUMBER_OPS = ("<", "<=", ">", ">=", "between", "==", "!=")
CHOICE_OPS = ("==", "!=", "in")
TEXT_OPS = ("contains_any", "contains_none", "==", "!=")
BOOL_OPS = ("==",)
OPS_FOR_KIND = {"number": NUMBER_OPS, "choice": CHOICE_OPS, "text": TEXT_OPS, "bool": BOOL_OPS}


@dataclass(frozen=True)
class Condition:
    """``attribute op value``; ``between`` takes ``[low, high)``."""

    attribute: str
    op: str
    value: Any

    def describe(self) -> str:
        """Dutch text, e.g. ``bouwjaar kleiner dan 1945``."""
        value = self.value
        if self.op == "between":
            return f"{self.attribute} van {value[0]} tot {value[1]}"
        elif isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        return f"{self.attribute} {OPERATORS[self.op]} {value}"

    def interval(self) -> tuple[float, float] | None:
        """The half-open interval ``[low, high)`` of a numeric threshold (None otherwise)."""
        inf = float("inf")
        v = self.value
        return {
            "<": lambda: (-inf, float(v)),
            "<=": lambda: (-inf, float(v) + 1e-9),
            ">": lambda: (float(v) + 1e-9, inf),
            ">=": lambda: (float(v), inf),
            "between": lambda: (float(v[0]), float(v[1])),
        }.get(self.op, lambda: None)()


@dataclass(frozen=True)
class Rule:
    """One group's rule: all conditions must hold (no conditions: every unit matches)."""

    group: str
    label: str
    when: tuple[Condition, ...] = ()

    def describe(self) -> str:
        """Dutch text of the rule (``alles`` without conditions)."""
        return " en ".join(c.describe() for c in self.when) or "alle overige"


@dataclass(frozen=True)
class Scheme:
    """An ordered list of rules plus the remainder group."""

    name: str
    rules: tuple[Rule, ...]
    remainder: Rule = field(default_factory=lambda: Rule("overig", "Overig"))
    description: str = ""

    @property
    def groups(self) -> list[tuple[str, str]]:
        """``(group, label)`` in order, each group once, the remainder last."""
        seen: dict[str, str] = {}
        for rule in (*self.rules, self.remainder):
            seen.setdefault(rule.group, rule.label)
        return list(seen.items())

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "rules": [_rule_dict(r) for r in self.rules],
            "remainder": {"group": self.remainder.group, "label": self.remainder.label},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def _rule_dict(rule: Rule) -> dict[str, Any]:
    return {"group": rule.group, "label": rule.label, "when": [asdict(c) for c in rule.when]}


# -- parsing and checking --------------------------------------------------------------------
def parse_scheme(data: dict[str, Any] | str) -> Scheme:
    """A checked :class:`Scheme` from a dict or JSON text; every problem reported at once."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as err:
            raise InputError(f"Het indelingsbestand is geen geldige JSON ({err}).") from err
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError("Een indeling heeft een naam en een lijst 'rules' met regels.")
    problems: list[str] = []
    rules = []
    for number, raw in enumerate(data["rules"], start=1):
        rule = _parse_rule(raw, f"regel {number}", problems)
        if rule is not None:
            rules.append(rule)
    rest = data.get("remainder") or {"group": "overig", "label": "Overig"}
    remainder = Rule(str(rest.get("group", "overig")), str(rest.get("label", "Overig")))
    if not remainder.group.strip():
        problems.append("de restgroep heeft geen naam")
    problems += _check_rules(rules, remainder)
    if problems:
        raise InputError("Deze indeling in vraaggroepen kan niet worden gebruikt:", problems)
    return Scheme(
        str(data.get("name") or "eigen indeling"),
        tuple(rules),
        remainder,
        str(data.get("description", "")),
    )


def _parse_rule(raw: Any, where: str, problems: list[str]) -> Rule | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: geen regel (verwacht: group, label, when)")
        return None
    group = str(raw.get("group") or "").strip()
    label = str(raw.get("label") or group).strip()
    if not group:
        problems.append(f"{where}: de groep heeft geen naam")
    conditions = []
    before = len(problems)
    for raw_cond in raw.get("when") or []:
        cond = _parse_condition(raw_cond, f"{where} ({label or '?'})", problems)
        if cond is not None:
            conditions.append(cond)
    if len(problems) > before:  # a broken rule is not checked further (no follow-on errors)
        return None
    return Rule(group, label, tuple(conditions))


def _parse_condition(raw: Any, where: str, problems: list[str]) -> Condition | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: voorwaarde zonder attribute/op/value")
        return None
    name, op, value = raw.get("attribute"), raw.get("op"), raw.get("value")
    attribute = ATTRIBUTES.get(str(name))
    if attribute is None:
        problems.append(
            f"{where}: onbekend kenmerk '{name}'; bruikbaar zijn {', '.join(ATTRIBUTES)}"
        )
        return None
    allowed = OPS_FOR_KIND[attribute.kind]
    if op not in allowed:
        problems.append(f"{where}: '{op}' past niet bij {name}; gebruik {', '.join(allowed)}")
        return None
    problem = _value_problem(attribute, op, value)
    if problem:
        problems.append(f"{where}: {problem}")
        return None
    if isinstance(value, list):
        value = tuple(value)
    return Condition(attribute.name, op, value)


def _value_problem(attribute: Attribute, op: str, value: Any) -> str | None:
    if attribute.kind == "number":
        values = value if op == "between" else [value]
        if op == "between" and (not isinstance(value, list | tuple) or len(value) != 2):
            return f"{attribute.name} 'between' vraagt twee getallen [van, tot]"
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            return f"{attribute.name} vraagt een getal, niet '{value}'"
        if op == "between" and not value[0] < value[1]:
            return f"drempels van {attribute.name} sluiten elkaar uit ({value[0]} tot {value[1]})"
        return None
    if attribute.kind == "bool":
        return None if isinstance(value, bool) else f"{attribute.name} is ja (true) of nee (false)"
    values = list(value) if isinstance(value, list | tuple) else [value]
    if op in ("in", "contains_any", "contains_none") and not values:
        return f"{attribute.name}: een lege lijst kan nooit kloppen"
    unknown = [v for v in values if attribute.choices and v not in attribute.choices]
    if unknown:
        return (
            f"{attribute.name} kent geen waarde {', '.join(map(str, unknown))}; "
            f"kies uit {', '.join(attribute.choices)}"
        )
    return None


def _check_rules(rules: list[Rule], remainder: Rule) -> list[str]:
    problems: list[str] = []
    for number, rule in enumerate(rules, start=1):
        problems += _impossible(rule, number)
    for i, first in enumerate(rules):
        for j in range(i + 1, len(rules)):
            problem = _overlap(first, rules[j], i + 1, j + 1)
            if problem:
                problems.append(problem)
        if not first.when and i < len(rules) - 1:
            problems.append(
                f"regel {i + 1} ({first.label}) heeft geen voorwaarden en pakt alles: de regels "
                "erna blijven leeg"
            )
    labels: dict[str, str] = {}
    for rule in (*rules, remainder):
        if labels.setdefault(rule.group, rule.label) != rule.label:
            problems.append(
                f"groep '{rule.group}' heeft twee namen: {labels[rule.group]} en {rule.label}"
            )
    return problems


def _impossible(rule: Rule, number: int) -> list[str]:
    """Numeric thresholds on one attribute within a rule that leave no value."""
    problems = []
    by_attr: dict[str, list[tuple[float, float]]] = {}
    for cond in rule.when:
        span = cond.interval()
        if span is not None:
            by_attr.setdefault(cond.attribute, []).append(span)
    for name, spans in by_attr.items():
        low = max(s[0] for s in spans)
        high = min(s[1] for s in spans)
        if low >= high:
            problems.append(
                f"regel {number} ({rule.label}): de drempels voor {name} sluiten elkaar uit; "
                "deze groep blijft altijd leeg"
            )
    return problems


def _overlap(first: Rule, second: Rule, i: int, j: int) -> str | None:
    """Two rules that differ only in one numeric threshold whose ranges partly overlap."""

    def split(rule: Rule) -> tuple[set[tuple], dict[str, tuple[float, float]]]:
        rest: set[tuple] = set()
        spans: dict[str, tuple[float, float]] = {}
        for cond in rule.when:
            span = cond.interval()
            if span is None:
                rest.add((cond.attribute, cond.op, repr(cond.value)))
            else:
                low, high = spans.get(cond.attribute, (float("-inf"), float("inf")))
                spans[cond.attribute] = (max(low, span[0]), min(high, span[1]))
        return rest, spans

    rest_a, spans_a = split(first)
    rest_b, spans_b = split(second)
    if rest_a != rest_b or set(spans_a) != set(spans_b) or len(spans_a) != 1:
        return None
    (name,) = spans_a
    a, b = spans_a[name], spans_b[name]
    if a[0] >= a[1] or b[0] >= b[1]:  # an impossible rule is reported on its own
        return None
    overlaps = max(a[0], b[0]) < min(a[1], b[1])
    nested = a[0] <= b[0] and b[1] <= a[1]
    if overlaps and a != b and not (b[0] <= a[0] and a[1] <= b[1]):
        hidden = "helemaal" if nested else "voor een deel"
        return (
            f"regel {i} ({first.label}) en regel {j} ({second.label}) hebben overlappende "
            f"drempels voor {name}; regel {i} gaat voor, dus regel {j} valt {hidden} weg. "
            "Laat de grenzen op elkaar aansluiten."
        )
    if a == b:
        return (
            f"regel {i} ({first.label}) en regel {j} ({second.label}) zijn gelijk: "
            f"regel {j} blijft altijd leeg"
        )
    return None


def load_scheme(path: str | Path) -> Scheme:
    """A scheme from a JSON file (Dutch message when missing or invalid)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: indelingsbestand niet gevonden.")
    return parse_scheme(path.read_text(encoding="utf-8"))


# -- a table of conditions (the app's rule editor) ---------------------------------------------
ROW_COLUMNS = ["regel", "groep", "naam", "kenmerk", "bewerking", "waarde"]
"""One row per condition; rows with the same ``regel`` number form one rule."""


def scheme_to_rows(scheme: Scheme) -> list[dict[str, Any]]:
    """The rules as editable rows (:data:`ROW_COLUMNS`); a rule without conditions gets one
    row with empty kenmerk."""
    rows = []
    for number, rule in enumerate(scheme.rules, start=1):
        for cond in rule.when or (None,):
            rows.append(
                {"regel": number, "groep": rule.group, "naam": rule.label,
                 "kenmerk": cond.attribute if cond else "", "bewerking": cond.op if cond else "",
                 "waarde": _value_text(cond) if cond else ""}
            )  # fmt: skip
    return rows


def _value_text(cond: Condition) -> str:
    value = cond.value
    if cond.op == "between":
        return f"{_number_text(value[0])} tot {_number_text(value[1])}"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return _number_text(value) if isinstance(value, int | float) else str(value)


def _number_text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def apply_row_edits(
    rows: list[dict[str, Any]], edits: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    """``rows`` (:func:`scheme_to_rows`) after the edits of the app's rule table, given as the
    table widget keeps them: ``edited_rows`` (row position → changed cells), ``deleted_rows``
    (positions) and ``added_rows`` (new rows, missing cells empty), applied in that order.

    >>> rows = [{"regel": 1, "waarde": "1945"}, {"regel": 2, "waarde": "1975"}]
    >>> apply_row_edits(rows, {"edited_rows": {"0": {"waarde": "1930"}}, "deleted_rows": [1],
    ...                        "added_rows": [{"regel": 3}]})
    [{'regel': 1, 'waarde': '1930'}, {'regel': 3, 'waarde': None}]
    """
    out = [dict(row) for row in rows]
    if not edits:
        return out
    for position, change in (edits.get("edited_rows") or {}).items():
        if 0 <= int(position) < len(out):
            out[int(position)].update(change)
    deleted = {int(p) for p in edits.get("deleted_rows") or []}
    out = [row for i, row in enumerate(out) if i not in deleted]
    columns = list(rows[0]) if rows else list(ROW_COLUMNS)
    for added in edits.get("added_rows") or []:
        out.append({c: added.get(c) for c in columns})
    return out


def rows_to_scheme(
    rows: list[dict[str, Any]], name: str, remainder: Rule, description: str = ""
) -> Scheme:
    """A checked scheme from edited rows (values typed as text); Dutch errors as in
    :func:`parse_scheme`.

    >>> s = rows_to_scheme([{"regel": 1, "groep": "oud", "naam": "Oud", "kenmerk": "bouwjaar",
    ...                      "bewerking": "between", "waarde": "1900 tot 1945"}], "t", Rule("r", "Rest"))
    >>> s.rules[0].when[0].value
    (1900, 1945)
    """
    rules: dict[Any, dict[str, Any]] = {}
    for row in rows:
        number = row.get("regel")
        if number is None or str(number).strip() in ("", "nan"):
            continue
        rule = rules.setdefault(
            number, {"group": str(row.get("groep") or "").strip(),
                     "label": str(row.get("naam") or "").strip(), "when": []}
        )  # fmt: skip
        attribute = str(row.get("kenmerk") or "").strip()
        if attribute:
            op = str(row.get("bewerking") or "").strip()
            rule["when"].append(
                {
                    "attribute": attribute,
                    "op": op,
                    "value": _typed(attribute, op, row.get("waarde")),
                }
            )
    ordered = [rules[k] for k in sorted(rules, key=_order)]
    return parse_scheme(
        {"name": name, "rules": ordered, "description": description,
         "remainder": {"group": remainder.group, "label": remainder.label}}
    )  # fmt: skip


def _order(key: Any) -> float:
    try:
        return float(key)
    except (TypeError, ValueError):
        return float("inf")


def _typed(attribute: str, op: str, raw: Any) -> Any:
    """A text cell as the value the operator needs (numbers, a list, ja/nee); left as text when
    it does not parse, so :func:`parse_scheme` reports it."""
    text = "" if raw is None else str(raw).strip()
    kind = ATTRIBUTES[attribute].kind if attribute in ATTRIBUTES else ""
    if kind == "bool":
        return {"ja": True, "true": True, "nee": False, "false": False}.get(text.lower(), text)
    if kind == "number":
        parts = [p.strip() for p in text.replace(" tot ", ";").replace("–", ";").split(";")]
        numbers = [_to_number(p) for p in parts]
        if op == "between":
            return numbers if len(numbers) == 2 else text
        return numbers[0] if len(numbers) == 1 else text
    if op in ("in", "contains_any", "contains_none"):
        return [p.strip() for p in text.split(",") if p.strip()]
    return text


def _to_number(text: str) -> Any:
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return text
    return int(number) if number.is_integer() else number
