"""The evening's survey (enquête, source document 4.3.3): questions, answers, results.

Pure: definitions and answers in, checked answers and results out; no database, no web.

Question kinds (each a dict with ``id``, ``kind``, ``text``, ``options``):

- ``keuze``: pick one option;
- ``rangorde``: put the options (kwesties) in order, most important first (a Borda count);
- ``groep``: tick the groups (vraaggroepen) one would join (any number, also none).

Results are counted with :func:`transitieatlas.voting.count.tally`, so the five geledingen
weigh equally: per geleding a score in [0, 1] per option (share choosing it, or the
normalised Borda points), the total is the sum over the geledingen shown. A geleding is only
shown, and only counted in the total, when it has at least ``min_count`` answers, so no
single answer can be read from the screen (:data:`DEFAULT_MIN_COUNT`). As in a vote, an
answer that ticks no group is an abstention for that question: it is not in the share.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from transitieatlas import config
from transitieatlas.errors import InputError
from transitieatlas.geledingen import GELEDINGEN, LABELS
from transitieatlas.text import format_number
from transitieatlas.voting import count

KINDS = {"keuze": "kies één", "rangorde": "zet in volgorde", "groep": "kruis aan (meer mag)"}


def _constant(name: str) -> float:
    """A value of ``data/evening_constants.csv`` (name,value,unit,description,source,status)."""
    import csv

    with open(config.REFERENCE_DIR / "evening_constants.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["name"] == name:
                return float(row["value"])
    raise KeyError(name)


DEFAULT_MIN_COUNT = int(_constant("min_antwoorden_per_geleding"))
"""Answers a geleding needs before its result is shown (``data/evening_constants.csv``, an
assumption explained in docs/informatieavond.md)."""
CONSENT_TEXT = (
    "Ik geef het campagneteam toestemming om mij over de energietransitie in de wijk te "
    "benaderen. Mijn naam en contactgegevens worden apart van mijn antwoorden bewaard, alleen "
    "door het campagneteam gebruikt en op verzoek verwijderd."
)


@dataclass(frozen=True)
class Answer:
    """One phone's checked answers: question id → option (keuze) or list of options."""

    geleding: str
    answers: dict[str, Any]


def demand_groups() -> list[str]:
    """The labels of the default vraaggroepen (``data/vraaggroepen_standaard.json``)."""
    raw = json.loads((config.REFERENCE_DIR / "vraaggroepen_standaard.json").read_text("utf-8"))
    labels = [r["label"] for r in raw.get("rules", [])]
    remainder = raw.get("remainder", {})
    return labels + (
        [remainder["label"]] if isinstance(remainder, dict) and "label" in remainder else []
    )


def default_questions(kwesties: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The short survey of the evening; ``kwesties`` to rank (default: three examples)."""
    items = list(kwesties or ["Woningen isoleren", "Een warmtenet in de wijk", "Samen inkopen"])
    return [
        {"id": "van_gas_af", "kind": "keuze", "text": "Wanneer wilt u van het aardgas af?",
         "options": ["binnen 5 jaar", "binnen 10 jaar", "later", "weet ik nog niet"]},
        {"id": "kwesties", "kind": "rangorde", "text": "Wat vindt u het belangrijkst?",
         "options": items},
        {"id": "groepen", "kind": "groep", "text": "Bij welke groep wilt u aansluiten?",
         "options": demand_groups()},
    ]  # fmt: skip


def question_problems(questions: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every problem (Dutch) with a list of questions; empty when it can be used."""
    problems = [] if questions else ["de enquête heeft minstens één vraag nodig"]
    ids = [q.get("id") for q in questions]
    for i, q in enumerate(questions, start=1):
        if q.get("kind") not in KINDS:
            problems.append(f"vraag {i}: soort '{q.get('kind')}' onbekend ({', '.join(KINDS)})")
        options = list(q.get("options") or [])
        if len(options) < 2 or len(set(options)) != len(options):
            problems.append(f"vraag {i}: minstens twee verschillende antwoorden nodig")
        if not q.get("id") or ids.count(q.get("id")) > 1:
            problems.append(f"vraag {i}: elke vraag heeft een eigen id nodig")
    return problems


def check_answer(
    questions: Sequence[Mapping[str, Any]], geleding: str, raw: Mapping[str, Any]
) -> Answer:
    """The answer, checked; :class:`InputError` listing every problem (Dutch) otherwise.

    ``raw``: question id → an option (keuze), a list of options in order (rangorde; all
    options once) or a list of ticked options (groep). A missing keuze/rangorde is a problem,
    an empty groep is allowed ("geen").
    """
    problems = []
    if geleding not in GELEDINGEN:
        problems.append("kies uw geleding: " + ", ".join(LABELS[g] for g in GELEDINGEN))
    clean: dict[str, Any] = {}
    for q in questions:
        value, options = raw.get(q["id"]), list(q["options"])
        if q["kind"] == "keuze":
            if value not in options:
                problems.append(f"'{q['text']}': kies één van de antwoorden")
            clean[q["id"]] = value
        elif q["kind"] == "rangorde":
            order = [v for v in (value or []) if v]
            if sorted(order) != sorted(options):
                problems.append(f"'{q['text']}': geef elk onderwerp precies één plaats")
            clean[q["id"]] = order
        else:
            ticked = list(dict.fromkeys(value or []))
            if any(v not in options for v in ticked):
                problems.append(f"'{q['text']}': onbekende groep")
            clean[q["id"]] = ticked
    if problems:
        raise InputError("Uw antwoord is nog niet compleet:", problems)
    return Answer(geleding, clean)


@dataclass(frozen=True)
class QuestionResult:
    """Result of one question: per shown geleding and in total (equal weight per geleding)."""

    question: dict[str, Any]
    ranking: list[tuple[str, float, dict[str, float]]]
    """(option, total over the shown geledingen, score per shown geleding), best first."""
    shown: list[str]
    hidden: dict[str, int]
    """Geledingen with answers but fewer than the minimum: name → count (not counted)."""


def _ballots(question: Mapping[str, Any], answers: Sequence[Answer], shown: Sequence[str]):
    ballots = []
    for i, a in enumerate(answers):
        if a.geleding not in shown:
            continue
        value = a.answers.get(question["id"])
        choices = (value,) if question["kind"] == "keuze" and value else tuple(value or ())
        ballots.append(count.Ballot(a.geleding, choices, voter=f"antwoord-{i}"))
    return ballots


def results(
    questions: Sequence[Mapping[str, Any]],
    answers: Sequence[Answer],
    min_count: int = DEFAULT_MIN_COUNT,
) -> list[QuestionResult]:
    """Per question the options ranked by total (see the module docstring); equal totals keep
    the order of the options."""
    per_geleding = {g: sum(1 for a in answers if a.geleding == g) for g in GELEDINGEN}
    shown = [g for g in GELEDINGEN if per_geleding[g] >= max(1, min_count)]
    hidden = {g: n for g, n in per_geleding.items() if 0 < n < max(1, min_count)}
    out = []
    for q in questions:
        options = list(q["options"])
        ballots = _ballots(q, answers, shown)
        ranking: list[tuple[str, float, dict[str, float]]]
        if not any(b.choices for b in ballots):
            ranking = [(o, 0.0, {}) for o in options]
        else:
            method = "borda" if q["kind"] == "rangorde" else "approval"
            tally = count.tally(ballots, method, items=options, seed=0)
            scored = {r.item: r for r in tally.ranking}
            ranking = sorted(
                ((o, float(scored[o].total), {g: float(s) for g, s in scored[o].per_geleding.items()})
                 for o in options),
                key=lambda row: -row[1],
            )  # fmt: skip
        out.append(QuestionResult(dict(q), ranking, shown, hidden))
    return out


# --- what a closed survey gives the council ------------------------------------------------


@dataclass(frozen=True)
class KwestieProposal:
    """One option of the ranking question as a kwestie: brought in on behalf of the geleding
    that scored it highest (ties: the first geleding in :data:`GELEDINGEN` order)."""

    title: str
    geleding: str
    description: str


def first_of_kind(results: Sequence[QuestionResult], kind: str) -> QuestionResult | None:
    """The result of the first question of ``kind`` (``rangorde``, ``groep`` …), if any."""
    return next((r for r in results if r.question.get("kind") == kind), None)


def kwestie_proposals(
    survey_title: str, result: QuestionResult, top: int | None = None
) -> list[KwestieProposal]:
    """The ranking's options, best first (at most ``top``), as kwesties of the geleding that
    ranked each highest. Empty when no geleding has enough answers to be shown.

    >>> q = {"id": "k", "kind": "rangorde", "text": "?", "options": ["A", "B"]}
    >>> r = QuestionResult(q, [("B", 1.5, {"burgers": 1.0, "kennis": 0.5}),
    ...                        ("A", 0.5, {"burgers": 0.0, "kennis": 0.5})], ["kennis", "burgers"], {})
    >>> [(p.title, p.geleding) for p in kwestie_proposals("Avond", r)]
    [('B', 'burgers'), ('A', 'kennis')]
    """
    if not result.shown or not any(per for _, _, per in result.ranking):
        return []
    rows = result.ranking[: top if top else None]
    out = []
    for place, (option, total, per) in enumerate(rows, start=1):
        order = [g for g in GELEDINGEN if g in per]
        best = max(order, key=lambda g: per[g])  # max keeps the first of equal scores
        description = (
            f"Uit de enquête '{survey_title}': plaats {place} van {len(result.ranking)} "
            f"(totaal {format_number(total, 2)} van {len(result.shown)}, elke geleding weegt "
            f"even zwaar). Ingebracht namens {LABELS[best]}, die het onderwerp het hoogst "
            f"plaatsten ({format_number(per[best], 2)})."
        )
        out.append(KwestieProposal(option, best, description))
    return out


def group_interest(result: QuestionResult, answers: Sequence[Answer]) -> dict[str, int]:
    """Per group (option of the ``groep`` question): how many answers of the shown geledingen
    ticked it. Geledingen below the minimum are left out, as on the projector, so no single
    answer can be read from the count.

    >>> q = {"id": "g", "kind": "groep", "text": "?", "options": ["Huur", "Koop"]}
    >>> a = [Answer("burgers", {"g": ["Koop"]}), Answer("burgers", {"g": ["Koop", "Huur"]}),
    ...      Answer("kennis", {"g": ["Huur"]})]
    >>> group_interest(QuestionResult(q, [], ["burgers"], {"kennis": 1}), a)
    {'Huur': 1, 'Koop': 2}
    """
    qid, options = result.question["id"], list(result.question["options"])
    counts = dict.fromkeys(options, 0)
    for a in answers:
        if a.geleding in result.shown:
            for option in a.answers.get(qid) or []:
                if option in counts:
                    counts[option] += 1
    return counts
