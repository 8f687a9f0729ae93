"""The council's agenda: the fixed structure of section 4.6.5 with variable parts filled in.

The nine items and their sub-items are fixed (:data:`STRUCTURE`, the source document's
own words, shortened). The variable parts come from the app (:class:`AgendaInput`):
minutes to adopt, kwesties brought in per geleding, changes to the dashboard since the
last meeting, the latest figures, open and closed voting rounds, campaign progress with
vacant seats. :func:`to_markdown` and :func:`to_html` render the same agenda; every
text from the app is escaped in HTML.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from transitieatlas.geledingen import GELEDINGEN, LABELS
from transitieatlas.text import format_number
from transitieatlas.voting.published import PublishedItem

if TYPE_CHECKING:
    from transitieatlas.voting.rounds import ClusterInfo

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


@dataclass(frozen=True)
class Item:
    """One agenda item of the fixed structure; ``key`` names its variable part."""

    number: str
    title: str
    text: str
    key: str = ""
    subitems: tuple[Item, ...] = ()


STRUCTURE: tuple[Item, ...] = (
    Item("1", "Opening en welkom", "Opening door de voorzitter. Voorstelrondje. Korte uitleg "
         "van de spelregels door de onafhankelijke voorzitter."),
    Item("2", "Huishoudelijk", "Verslagen vaststellen, mededelingen, mutaties in de raad, "
         "ingekomen stukken, vergaderrooster, agenda vaststellen.", key="minutes"),
    Item("3", "Feiten en cijfers", "", subitems=(
        Item("3a", "Nieuwste gegevens en trends", "Presentatie vanuit de kennisgeleding, ook in "
             "vergelijking met de gemeente en het land. Rondgang: hoe interpreteren de "
             "geledingen dit?", key="figures"),
        Item("3b", "Onderhoud van het dashboard", "Welke indicatoren missen we nog? Welke "
             "gebruiken we niet en kunnen eruit? Bij een nieuwe indicator hoort een opdracht "
             "aan de kennisgeleding.", key="dashboard_changes"),
    )),
    Item("4", "Prioriteren van kwesties", "", subitems=(
        Item("4a", "Inventariseren", "Rondgang langs de geledingen: welke kwesties komen erbij?",
             key="kwesties_in"),
        Item("4b", "Clusteren", "Het presidium licht de clustering toe.", key="clusters"),
        Item("4c", "Stemmen", "In een of twee stemrondes de prioriteitsvolgorde vaststellen.",
             key="rounds"),
        Item("4d", "Planning", "Bepalen wanneer opnieuw over de prioriteitsvolgorde gestemd "
             "wordt.", key="next_vote"),
    )),
    Item("5", "Realiseren van campagnes", "", subitems=(
        Item("5a", "Lopende campagnes", "Stand van zaken door de projectleider; vraag- en "
             "beslispunten.", key="campaigns"),
        Item("5b", "Nieuwe campagnes", "Volgens de prioritering een volgende kwestie aanwijzen; "
             "opdracht en startbudget vaststellen; projectleider en campagneteam uit vijf "
             "geledingen.", key="new_campaign"),
        Item("5c", "Planning", "Vaststellen wanneer een volgende kwestie wordt gekozen."),
    )),
    Item("6", "Interne organisatie", "Reflectie op de spelregels en werkwijze: plussen en "
         "minnen, aanpassingsvoorstellen, advies of opdracht aan het presidium."),
    Item("7", "Andere vaste agendapunten", ""),
    Item("8", "Rondvraag en sluiting", ""),
    Item("9", "Nabespreking", "Publiek en pers kunnen in gesprek gaan met de leden van de raad."),
)  # fmt: skip
"""Section 4.6.5 of the source document: nine fixed items."""


@dataclass
class AgendaInput:
    """The variable parts, gathered from the app (see ``meeting_repo.agenda_input``)."""

    held_on: date
    area: str = ""
    minutes_to_adopt: list[str] = field(default_factory=list)
    figures: Sequence[Mapping[str, Any]] = field(default_factory=list)
    dashboard_changes: list[str] = field(default_factory=list)
    kwesties_in: Sequence[Mapping[str, Any]] = field(default_factory=list)
    clusters: Sequence[ClusterInfo] = field(default_factory=list)
    open_rounds: list[str] = field(default_factory=list)
    closed_rounds: Sequence[tuple[str, Sequence[PublishedItem]]] = field(default_factory=list)
    """Per closed round: its title and its published ranking."""
    next_vote: date | None = None
    campaigns: Sequence[Mapping[str, Any]] = field(default_factory=list)
    top_without_campaign: list[str] = field(default_factory=list)


def dutch_date(day: date) -> str:
    """``date(2026, 3, 5)`` → ``5 maart 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _number(value: Any) -> str:
    return "—" if value is None else format_number(float(value))


def variable_lines(key: str, data: AgendaInput) -> list[str]:
    """The filled-in lines (plain text) of the variable part ``key``."""
    fill = _FILLERS.get(key)
    return fill(data) if fill else []


def _minutes(d: AgendaInput) -> list[str]:
    return [f"Verslag vaststellen: {m}" for m in d.minutes_to_adopt] or [
        "Geen verslagen vast te stellen."
    ]


def _figures(d: AgendaInput) -> list[str]:
    lines = []
    for r in d.figures:
        if r.get("latest_value") is None:
            continue
        text = f"{r['name']}: {_number(r['latest_value'])} {r['unit']} ({r['latest_date']})"
        if r.get("trend_word"):
            text += f", trend {r['trend_word']}"
        if r.get("gemeente") is not None:
            text += f"; gemeente {_number(r['gemeente'])}"
        lines.append(text)
    return lines or ["Nog geen cijfers op het dashboard."]


def _changes(d: AgendaInput) -> list[str]:
    return d.dashboard_changes or ["Geen wijzigingen sinds de vorige vergadering."]


def _kwesties(d: AgendaInput) -> list[str]:
    lines = []
    for g in GELEDINGEN:
        titles = [k["title"] for k in d.kwesties_in if k["geleding"] == g]
        lines.append(f"{LABELS[g]}: {'; '.join(titles) if titles else 'geen nieuwe kwesties'}")
    return lines


def _clusters(d: AgendaInput) -> list[str]:
    return [f"{c.name}: {', '.join(c.kwesties)}" for c in d.clusters] or ["Nog geen clusters."]


def _rounds(d: AgendaInput) -> list[str]:
    lines = [f"Open stemronde: {t}" for t in d.open_rounds]
    for title, ranking in d.closed_rounds:
        top = ", ".join(f"{x.rank}. {x.item}" for x in ranking[:3])
        lines.append(f"Uitslag '{title}': {top}")
    return lines or ["Geen stemronde open of gesloten sinds de vorige vergadering."]


def _next_vote(d: AgendaInput) -> list[str]:
    if d.next_vote is None:
        return ["Nog geen datum voor de volgende stemming."]
    return [f"Volgende stemming gepland op {dutch_date(d.next_vote)}."]


def _campaigns(d: AgendaInput) -> list[str]:
    lines = []
    for c in d.campaigns:
        vacant = [LABELS[s["geleding"]] for s in c["seats"] if s["vacant"]]
        text = f"{c['title']} ({c['status']}"
        text += f", voortgang {_number(c['progress'])}%)" if c.get("progress") is not None else ")"
        text += f"; vacant: {', '.join(vacant)}" if vacant else "; team compleet"
        lines.append(text)
    return lines or ["Nog geen campagnes."]


def _new_campaign(d: AgendaInput) -> list[str]:
    if not d.top_without_campaign:
        return []
    return ["Hoogste kwesties zonder campagne: " + ", ".join(d.top_without_campaign)]


_FILLERS = {
    "minutes": _minutes,
    "figures": _figures,
    "dashboard_changes": _changes,
    "kwesties_in": _kwesties,
    "clusters": _clusters,
    "rounds": _rounds,
    "next_vote": _next_vote,
    "campaigns": _campaigns,
    "new_campaign": _new_campaign,
}


def title(data: AgendaInput) -> str:
    """The agenda's heading."""
    where = f" {data.area}" if data.area else ""
    return f"Agenda vergadering wijk/dorpsraad{where}, {dutch_date(data.held_on)}"


def to_markdown(data: AgendaInput) -> str:
    """The agenda as Markdown (the editable text; user text escaped for Markdown)."""
    lines = [f"# {_md(title(data))}", ""]
    for item in STRUCTURE:
        lines += _md_item(item, data, level=2)
    return "\n".join(lines).rstrip() + "\n"


def _md_item(item: Item, data: AgendaInput, level: int) -> list[str]:
    lines = [f"{'#' * level} {item.number}. {item.title}", ""]
    if item.text:
        lines += [item.text, ""]
    filled = variable_lines(item.key, data)
    if filled:
        lines += [f"- {_md(line)}" for line in filled] + [""]
    for sub in item.subitems:
        lines += _md_item(sub, data, level + 1)
    return lines


def _md(text: str) -> str:
    """Escape characters that Markdown would turn into links, emphasis or HTML."""
    out = []
    for ch in str(text):
        out.append("\\" + ch if ch in "\\`*_{}[]<>#|!" else ch)
    return "".join(out)


def to_html(data: AgendaInput) -> str:
    """The agenda as a standalone, printable HTML page (every app text escaped)."""
    body = "".join(_html_item(item, data, 2) for item in STRUCTURE)
    heading = html.escape(title(data))
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>{heading}</title><style>body{{font-family:sans-serif;max-width:48em;"
        "margin:2em auto}h2,h3{margin-bottom:.2em}li{margin:.1em 0}</style></head>"
        f"<body><h1>{heading}</h1>{body}</body></html>"
    )


def _html_item(item: Item, data: AgendaInput, level: int) -> str:
    tag = f"h{min(level, 4)}"
    parts = [f"<{tag}>{html.escape(item.number)}. {html.escape(item.title)}</{tag}>"]
    if item.text:
        parts.append(f"<p>{html.escape(item.text)}</p>")
    filled = variable_lines(item.key, data)
    if filled:
        parts.append("<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in filled) + "</ul>")
    parts += [_html_item(sub, data, level + 1) for sub in item.subitems]
    return "".join(parts)


def markdown_to_html(text: str, heading: str) -> str:
    """An edited Markdown agenda as a printable HTML page: the text is escaped and shown
    line by line (headings ``#`` and bullets ``-`` kept), never interpreted as HTML."""
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            level = min(len(stripped) - len(stripped.lstrip("#")), 4)
            out.append(
                f"<h{level}>{html.escape(_unescape(stripped.lstrip('#').strip()))}</h{level}>"
            )
        elif stripped.startswith("- "):
            out.append(f"<li>{html.escape(_unescape(stripped[2:]))}</li>")
        elif stripped:
            out.append(f"<p>{html.escape(_unescape(stripped))}</p>")
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>{html.escape(heading)}</title></head><body>{''.join(out)}</body></html>"
    )


def _unescape(text: str) -> str:
    out, skip = [], False
    for ch in text:
        if ch == "\\" and not skip:
            skip = True
            continue
        out.append(ch)
        skip = False
    return "".join(out)


def item_numbers(items: Sequence[Item] = STRUCTURE) -> list[str]:
    """Every item and sub-item number in order (``1``, ``2``, ``3``, ``3a``, …)."""
    out = []
    for item in items:
        out.append(item.number)
        out += item_numbers(item.subitems)
    return out
