"""Campaigns of the taakdemocratie (source document 3.2, core task 2; 4.6.5 item 5).

A campaign addresses a top kwestie or cluster, has an assignment, a budget (€), a project
leader, a status, milestones with progress (0–100 %) and a **team with one seat per
geleding**: a vacant seat stays in the team, shown as vacant. The **canvas** holds the
goal, target groups, message, actions, partners per geleding and the indicators that
track the campaign.

>>> [s["label"] for s in seats({"burgers": {"id": 3, "name": "Buurtvereniging"}})][:2]
['Kennis en wetenschap: vacant', 'Burgers: Buurtvereniging']
>>> milestone_progress([{"progress": 100}, {"progress": 0}])
50.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from transitieatlas.geledingen import GELEDINGEN, LABELS
from transitieatlas.text import format_number

STATUSES: dict[str, str] = {
    "voorbereiding": "in voorbereiding",
    "lopend": "lopend",
    "afgerond": "afgerond",
    "gestopt": "gestopt",
}
CANVAS_TEXT_FIELDS: dict[str, str] = {
    "goal": "Doel",
    "target_groups": "Doelgroepen",
    "message": "Boodschap",
    "actions": "Acties",
}
"""Free-text fields of the canvas with their Dutch labels."""
VACANT = "vacant"


def seats(filled: Mapping[str, Mapping[str, Any] | None]) -> list[dict[str, Any]]:
    """The five seats in the fixed order; a geleding without an actor is ``vacant``.

    ``filled``: geleding → actor dict (``id``, ``name``) or None.
    """
    out = []
    for g in GELEDINGEN:
        actor = filled.get(g)
        name = str(actor["name"]) if actor else VACANT
        out.append(
            {
                "geleding": g,
                "actor_id": actor["id"] if actor else None,
                "actor": actor["name"] if actor else None,
                "vacant": actor is None,
                "label": f"{LABELS[g]}: {name}",
            }
        )
    return out


def milestone_progress(milestones: Sequence[Mapping[str, Any]]) -> float | None:
    """Mean progress of the milestones in % (each weighs the same); None without any."""
    if not milestones:
        return None
    return round(sum(float(m["progress"]) for m in milestones) / len(milestones), 1)


def clean_canvas(canvas: Mapping[str, Any], indicator_names: Sequence[str]) -> dict[str, Any]:
    """A canvas with stripped texts, partners per geleding and known indicator names only.

    Raises ValueError (Dutch) for an unknown geleding or indicator.
    """
    problems = []
    out: dict[str, Any] = {k: str(canvas.get(k) or "").strip() for k in CANVAS_TEXT_FIELDS}
    partners = canvas.get("partners") or {}
    unknown = [g for g in partners if g not in GELEDINGEN]
    problems += [f"onbekende geleding '{g}' bij de partners" for g in unknown]
    out["partners"] = {g: str(partners.get(g) or "").strip() for g in GELEDINGEN}
    wanted = [str(i) for i in canvas.get("indicators") or []]
    problems += [f"onbekende indicator '{i}'" for i in wanted if i not in indicator_names]
    out["indicators"] = [i for i in dict.fromkeys(wanted) if i in indicator_names]
    if problems:
        raise ValueError("; ".join(problems))
    return out


def status_problems(status: str) -> list[str]:
    """Dutch problem when ``status`` is not one of :data:`STATUSES`."""
    if status in STATUSES:
        return []
    return [f"onbekende status '{status}' (kies uit: {', '.join(STATUSES)})"]


def budget_text(eur: float | None) -> str:
    """``12500.0`` → ``€ 12.500``; ``—`` without a budget."""
    if eur is None:
        return "—"
    return "€ " + format_number(eur, 0)


def campaign_layer(
    markers: Sequence[Mapping[str, Any]], seats_of: Mapping[int, Sequence[str]]
) -> list[dict[str, Any]]:
    """The transitiekaart's campaign layer: only actors that hold a campaign seat, their
    label followed by the campaign(s). ``seats_of``: actor id → campaign titles."""
    out = []
    for m in markers:
        titles = seats_of.get(int(m["id"]))
        if titles:
            out.append({**m, "label": f"{m['label']} · campagne: {', '.join(titles)}"})
    return out
