"""The concept-WUP (section 4.5.9): one Dutch document with the demand groups, techniques with
reasons, cooperation and financing options, worked examples (collective vs individual), the
participation sweep, solidarity, the market size, the council's own sections and every
figure's source. HTML from a jinja2 template; PDF from that HTML with WeasyPrint.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from jinja2 import Environment, PackageLoader, select_autoescape

from transitieatlas.finance import catalogue, market, solidarity, sweep
from transitieatlas.finance.examples import Configuration, Example, eur, settings, worked_example
from transitieatlas.finance.service import AreaContext, GroupView, default_configurations
from transitieatlas.text import format_number


@dataclass(frozen=True)
class GroupChapter:
    """Everything the document says about one demand group."""

    view: GroupView
    examples: tuple[Example, ...]
    sweep: tuple[sweep.SweepRow, ...]
    break_even: float | None
    break_even_against: str
    solidarity: solidarity.Solidarity
    chart_svg: str


def _chart(rows: Sequence[sweep.SweepRow]) -> str:
    """A small SVG line chart: net monthly cost (mid of the range) per participation level."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.5, 3.0))
    ax = fig.add_subplot()
    names = list(dict.fromkeys(r.configuration for r in rows))
    for name in names:
        part = [r for r in rows if r.configuration == name]
        xs = [r.participation * 100 for r in part]
        ax.fill_between(
            xs,
            [r.net_monthly_low_eur for r in part],
            [r.net_monthly_high_eur for r in part],
            alpha=0.2,
        )
        ax.plot(
            xs,
            [(r.net_monthly_low_eur + r.net_monthly_high_eur) / 2 for r in part],
            marker="o",
            label=name,
        )
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xlabel("deelname (%)")
    ax.set_ylabel("netto € per maand t.o.v. nu")
    ax.legend(fontsize=7, loc="best")
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    text = buffer.getvalue()
    return text[text.find("<svg") :]


def chapter(view: GroupView, participation: float, c: Mapping[str, float]) -> GroupChapter:
    """Worked examples, sweep, break-even and solidarity for one group."""
    confs = default_configurations(view)
    hh, n = view.household, view.group.households
    exs = tuple(worked_example(hh, n, conf, c, participation) for conf in confs)
    rows = tuple(sweep.sweep(hh, n, confs, c))
    network = next((x for x in confs if x.package == "warmtenet"), None)
    alternative = next(
        (x for x in confs if x.package != "warmtenet" and x.cooperation == "individueel"), None
    )
    be = None
    against = ""
    if network and alternative:
        be = sweep.break_even_participation(hh, n, network, alternative, c)
        against = alternative.name
    first = exs[0]
    chart = _unique_svg_ids(_chart(rows), "g-" + re.sub(r"\W", "_", view.group.code) + "-")
    return GroupChapter(
        view, exs, rows, be, against, solidarity.solidarity(view.group, first, c), chart
    )


def group_map_png(frame, labels: Mapping[str, str]) -> str:  # type: ignore[no-untyped-def]
    """The demand groups on a map as a base64 PNG (matplotlib; legend with counts)."""
    import base64

    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    colours = [  # ColorBrewer Dark2 + Set1: up to 14 groups without repeating a colour
        "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
        "#666666", "#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628",
    ]  # fmt: skip
    fig = Figure(figsize=(7.5, 5.0))
    ax = fig.add_subplot()
    handles = []
    for i, (code, label) in enumerate(labels.items()):
        part = frame[frame["group"] == code]
        if part.empty:
            continue
        colour = colours[i % len(colours)]
        part.plot(ax=ax, color=colour, linewidth=0)
        handles.append(Patch(color=colour, label=f"{label} ({len(part)})"))
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _value(x: float | None) -> str:
    """A profile value in Dutch notation (one decimal below 100, none above; — if missing)."""
    if x is None or x != x:
        return "—"
    return format_number(x, 1 if abs(x) < 100 else 0)


def brief_source(source: str) -> str:
    """A line's source as the worked-example tables show it: a catalogue row by its name and
    status (its full citation is in the document's appendix), other sources in full.

    >>> brief_source("catalogus hr_ketel: PBL Vesta MAIS, lange bron")
    'catalogus: HR-ketel (de huidige situatie) — afgeleid (per-kW-deel uit de utiliteitskolom); geverifieerd (levensduur ETM); volledige bron in de bijlage'
    """
    if source.startswith("catalogus ") and ":" in source:
        name = source[len("catalogus ") : source.index(":")]
        known = catalogue.techniques().get(name)
        if known is not None:
            return f"catalogus: {known.label_nl} — {known.status}; volledige bron in de bijlage"
    return source


def _unique_svg_ids(svg: str, prefix: str) -> str:
    """Prefix the ids matplotlib writes (and the references to them), so several charts in
    one document do not define the same anchor twice."""
    return (
        svg.replace('id="', f'id="{prefix}')
        .replace('href="#', f'href="#{prefix}')
        .replace("url(#", f"url(#{prefix}")
    )


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("transitieatlas.finance", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    env.filters["eur"] = eur
    env.filters["pct"] = lambda x: f"{x * 100:.0f}%"
    env.filters["num"] = lambda x: format_number(x, 0)
    env.filters["num2"] = lambda x: format_number(x, 2)
    env.filters["val"] = _value
    env.filters["brief"] = brief_source
    return env


def render_html(
    area: str,
    views: Sequence[GroupView],
    sections: Sequence[tuple[str, str, str]],
    participation: float = 1.0,
    overrides: Mapping[str, float] | None = None,
    today: date | None = None,
    map_frame=None,  # type: ignore[no-untyped-def]
    context: AreaContext | None = None,
) -> str:
    """The concept-WUP as one self-contained HTML page (Dutch). ``sections``: the council's
    own texts as (key, heading, text), in document order (empty text = still to write);
    ``map_frame``: geometries with a ``group`` column for the map of demand groups;
    ``context``: the area's profile and heat demand per method (:func:`service.area_context`)."""
    c = settings(overrides)
    chapters = [chapter(v, participation, c) for v in views]
    items = [(ch.view.group, ch.view.household, ch.examples[0].configuration) for ch in chapters]
    market_table = market.market_size(items, participation, c)
    return (
        _environment()
        .get_template("wup.html.j2")
        .render(
            area=area,
            context=context,
            groups_households=sum(v.group.households for v in views),
            groups_heat_gj=sum(v.household.heat_demand_gj * v.group.households for v in views),
            today=(today or date.today()).isoformat(),
            participation=participation,
            chapters=chapters,
            sections=list(sections),
            cooperation=list(catalogue.cooperation_forms().values()),
            financing=_financing_used(c),
            market=market_table.to_dict("records"),
            market_total=(
                market_table["investment_low_eur"].sum(),
                market_table["investment_high_eur"].sum(),
            ),
            invitation=market.invitation_text(area, market_table),
            techniques=list(catalogue.techniques().values()),
            constants=catalogue.constants_table().to_dict("records"),
            values=c,
            map_png=(
                group_map_png(map_frame, {v.group.code: v.group.label for v in views})
                if map_frame is not None and len(map_frame)
                else ""
            ),
            map_level=views[0].group.level if views else "",
        )
    )


def _financing_used(c: dict[str, float]) -> list[catalogue.Financing]:
    """The financing forms with the rates and terms in use; a changed one says so."""
    out = []
    for form in catalogue.financing_forms().values():
        used = catalogue.financing_with(form.name, c)
        if catalogue.financing_changed(form.name, c):
            used = replace(
                used,
                status=f"eigen invoer; catalogus: {format_number(form.rate * 100, 2)}%, "
                f"{form.term_years} jaar, {form.status}",
            )
        out.append(used)
    return out


def render_pdf(html: str) -> bytes:
    """The HTML rendered to PDF (A4) with WeasyPrint, a maintained HTML/CSS-to-PDF engine."""
    import logging

    from weasyprint import HTML

    # WeasyPrint logs every SVG style property it does not apply (matplotlib writes many);
    # they do not change the drawing, and a user should see one line, not hundreds.
    log = logging.getLogger("weasyprint")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        return HTML(string=html).write_pdf()
    finally:
        log.setLevel(level)


__all__ = ["Configuration", "chapter", "render_html", "render_pdf"]
