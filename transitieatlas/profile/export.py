"""The area profile as one self-contained HTML file or as a PDF, for a subsidy application or a handout.

HTML: a single file with inline CSS, charts as inline SVG and the map as a base64 PNG,
so it opens without internet and can be mailed as is. PDF: drawn with matplotlib
(``PdfPages``), which needs no system libraries. Both hold the key figures with their
comparisons, the map of one indicator, the trend charts, the notes on aggregation, the
sources and the data date.

Pure: returns ``str`` / ``bytes``; the caller writes the file.
"""

from __future__ import annotations

import base64
import html
import io
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from transitieatlas.errors import InputError
from transitieatlas.profile.build import METHOD_NOTE, KeyFigure, Profile
from transitieatlas.profile.choropleth import Choropleth, choropleth
from transitieatlas.text import format_number, format_value

if TYPE_CHECKING:  # matplotlib is imported when a file is drawn: the page does not need it
    from matplotlib.figure import Figure

ROLE_LABELS = {"gebied": "Dit gebied", "gemeente": "Gemeente", "nederland": "Nederland"}
ROLE_STYLE = {
    "gebied": ("#225ea8", "-"),
    "gemeente": ("#d55e00", "--"),
    "nederland": ("#555555", ":"),
}
TABLE_ROWS_PER_PAGE = 30
A4 = (8.27, 11.69)


# -- what to show ---------------------------------------------------------------------
def default_map_indicator(profile: Profile) -> str | None:
    """The first average or percentage (else the first key figure) with a value for at least
    two areas on the map."""
    values = profile.map_values.dropna(subset=["value"])
    counts = values.groupby("indicator")["code"].nunique()
    ranked = sorted(profile.figures, key=lambda f: f.aggregation != "weighted_mean")
    for fig in ranked:
        if counts.get(fig.indicator, 0) >= 2:
            return fig.indicator
    return counts.index[0] if len(counts) else None


def check_map_indicator(profile: Profile, indicator: str | None) -> None:
    """:class:`InputError` (Dutch, with the choices) when the map cannot show ``indicator``."""
    if indicator is None:
        return
    known = sorted(profile.map_values.dropna(subset=["value"])["indicator"].unique())
    if indicator not in known:
        raise InputError(
            f"Indicator '{indicator}' heeft geen waarden op de kaart van {profile.name}. "
            f"Kies uit: {', '.join(known) or 'geen'}"
        )


def map_classes(
    profile: Profile, indicator: str, scheme: str = "quantiles", k: int = 5
) -> Choropleth:
    """Choropleth of ``indicator`` over the profile's map areas (area and surroundings)."""
    rows = profile.map_values[profile.map_values["indicator"] == indicator]
    values = rows.set_index("code")["value"].astype(float)
    unit = rows["unit"].dropna().iloc[0] if rows["unit"].notna().any() else None
    names = dict(zip(profile.map_areas["code"], profile.map_areas["name"], strict=True))
    return choropleth(values, names, unit=unit, scheme=scheme, k=k)


def trend_indicators(profile: Profile) -> list[str]:
    """Indicators of the profile with values for the area in at least two years."""
    trend = profile.trends[profile.trends["role"] == "gebied"]
    years = trend.groupby("indicator")["year"].nunique()
    return [f.indicator for f in profile.figures if years.get(f.indicator, 0) >= 2]


# -- matplotlib figures ---------------------------------------------------------------
def _new_figure(figsize: tuple[float, float]) -> Figure:
    """A matplotlib figure of ``figsize`` inches (matplotlib is imported on first use)."""
    from matplotlib.figure import Figure

    return Figure(figsize=figsize)


def map_figure(profile: Profile, indicator: str, scheme: str = "quantiles", k: int = 5) -> Figure:
    """The map: the area's parts coloured by class, surroundings with a thin outline."""
    classes = map_classes(profile, indicator, scheme, k)
    areas = profile.map_areas
    fig = _new_figure((7.5, 6.2))
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    if not areas.empty:
        colours = [classes.colours.get(c, "#ffffff") for c in areas["code"]]
        widths = [1.2 if r == "gebied" else 0.4 for r in areas["role"]]
        areas.plot(ax=ax, color=colours, edgecolor="#333333", linewidth=widths)
        own = areas[areas["role"] == "gebied"]
        if not own.empty:
            own.dissolve().boundary.plot(ax=ax, color="#d55e00", linewidth=2.0)
    label = _label(profile, indicator)
    ax.set_title(f"{label} ({profile.year})", fontsize=11)
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=c, edgecolor="#333333", label=t) for c, t in classes.legend]
    handles.append(Patch(facecolor="none", edgecolor="#d55e00", linewidth=2, label=profile.name))
    ax.legend(
        handles=handles, loc="upper left", fontsize=8, frameon=False, bbox_to_anchor=(1.01, 1)
    )
    fig.tight_layout()
    return fig


def trend_figure(profile: Profile, indicator: str) -> Figure:
    """A small line chart of ``indicator`` over the years: area, gemeente, Nederland."""
    fig = _new_figure((3.6, 2.4))
    draw_trend(profile, indicator, fig.add_subplot())
    fig.tight_layout()
    return fig


def draw_trend(profile: Profile, indicator: str, ax) -> None:
    """Draw the line chart of ``indicator`` (see :func:`trend_figure`) on the axes ``ax``."""
    trend = profile.trends[profile.trends["indicator"] == indicator]
    key = profile.figure(indicator)
    if key is not None and key.aggregation == "sum":
        # counts of the gemeente or the country dwarf the area's own line
        trend = trend[trend["role"] == "gebied"]
    for role, rows in trend.groupby("role", sort=False):
        rows = rows.sort_values("year")
        colour, style = ROLE_STYLE.get(role, ("#000000", "-"))
        ax.plot(
            rows["year"],
            rows["value"],
            style,
            color=colour,
            marker="o",
            markersize=3,
            label=ROLE_LABELS.get(role, role),
        )
    unit = trend["unit"].dropna().iloc[0] if trend["unit"].notna().any() else ""
    ax.set_title(_label(profile, indicator), fontsize=8)
    ax.tick_params(labelsize=7)
    ax.set_ylabel(str(unit), fontsize=7)
    ax.xaxis.get_major_locator().set_params(integer=True)
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _pos: format_number(v, _tick_decimals(ax)))
    )
    ax.legend(fontsize=6)


def _tick_decimals(ax) -> int:
    low, high = ax.get_ylim()
    spread = abs(high - low)
    return 0 if spread >= 10 else 1 if spread >= 1 else 2


def _label(profile: Profile, indicator: str) -> str:
    fig = profile.figure(indicator)
    return fig.label if fig else indicator


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _png_base64(fig: Figure, dpi: int = 110) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


# -- HTML -----------------------------------------------------------------------------
_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:60em;color:#222;padding:0 1em}
h1{margin-bottom:.1em} .sub{color:#555;margin-top:0}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap} th.theme{background:#eef3f8}
.note{color:#666;font-size:.85em} .trends{display:flex;flex-wrap:wrap;gap:.5em}
.trends svg{width:22em;height:auto} .map img{max-width:100%} footer{color:#555;font-size:.85em;margin-top:2em}
"""


def _cell(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return html.escape(format_value(value, unit))


def _figure_rows(figures: list[KeyFigure]) -> str:
    rows = []
    for f in figures:
        note = f'<div class="note">{html.escape(f.note)}</div>' if f.note else ""
        rows.append(
            f"<tr><td>{html.escape(f.label)}{note}</td>"
            f'<td class="num">{_cell(f.value, f.unit)}</td>'
            f'<td class="num">{_cell(f.gemeente, f.unit)}</td>'
            f'<td class="num">{_cell(f.omgeving, f.unit)}</td>'
            f'<td class="num">{_cell(f.nederland, f.unit)}</td></tr>'
        )
    return "\n".join(rows)


def _table_html(profile: Profile) -> str:
    head = (
        "<tr><th>Kenmerk</th><th>Dit gebied</th><th>Gemeente</th>"
        "<th>Omgeving</th><th>Nederland</th></tr>"
    )
    body = []
    for theme, figures in profile.by_theme():
        body.append(f'<tr><th class="theme" colspan="5">{html.escape(theme)}</th></tr>')
        body.append(_figure_rows(figures))
    return f"<table>{head}\n{''.join(body)}</table>"


def _intro_lines(profile: Profile) -> list[str]:
    lines = [f"{profile.level} · code {profile.code} · peiljaar {profile.year}"]
    if profile.gemeente_name:
        lines.append(f"gemeente {profile.gemeente_name} ({profile.gemeente_code})")
    if profile.aggregated_from:
        lines.append(profile.aggregated_from)
    if profile.neighbours:
        names = ", ".join(name for _, name in profile.neighbours[:12])
        more = f" en {len(profile.neighbours) - 12} andere" if len(profile.neighbours) > 12 else ""
        lines.append(f"omgeving: {names}{more}")
    return lines


def _source_lines(profile: Profile) -> list[str]:
    lines = list(profile.sources)
    lines.append(METHOD_NOTE.replace("**", ""))
    return lines


def profile_html(
    profile: Profile,
    map_indicator: str | None = None,
    scheme: str = "quantiles",
    k: int = 5,
    generated: str | None = None,
) -> str:
    """The profile as one self-contained HTML page (no external files or requests)."""
    title = f"Gebiedsprofiel {profile.name}"
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="sub">{"<br>".join(html.escape(x) for x in _intro_lines(profile))}</p>',
        "<h2>Kerncijfers</h2>",
        _table_html(profile),
    ]
    check_map_indicator(profile, map_indicator)
    indicator = map_indicator or default_map_indicator(profile)
    if indicator and not profile.map_areas.empty:
        png = _png_base64(map_figure(profile, indicator, scheme, k))
        alt = html.escape(f"Kaart: {_label(profile, indicator)}")
        parts += [
            "<h2>Kaart</h2>",
            f'<div class="map"><img alt="{alt}" src="data:image/png;base64,{png}"></div>',
        ]
    trend_names = trend_indicators(profile)
    if trend_names:
        charts = "".join(_svg(trend_figure(profile, name)) for name in trend_names)
        parts += ["<h2>Ontwikkeling door de jaren</h2>", f'<div class="trends">{charts}</div>']
    sources = "".join(f"<li>{html.escape(s)}</li>" for s in _source_lines(profile))
    stamp = generated or date.today().isoformat()
    data_date = profile.data_date or "onbekend"
    parts.append(
        f"<footer><h2>Bronnen</h2><ul>{sources}</ul>"
        f"<p>Gegevens opgehaald op {html.escape(data_date)} · profiel gemaakt op {html.escape(stamp)} "
        "met de Transitieatlas.</p></footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(parts)
        + "\n</body></html>\n"
    )


# -- PDF ------------------------------------------------------------------------------
def _table_rows(profile: Profile) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for theme, figures in profile.by_theme():
        rows.append((theme.upper(), "", "", "", ""))
        for f in figures:
            rows.append(
                (
                    f.label[:48],
                    _plain(f.value, f.unit),
                    _plain(f.gemeente, f.unit),
                    _plain(f.omgeving, f.unit),
                    _plain(f.nederland, f.unit),
                )
            )
    return rows


def _plain(value: float | None, unit: str) -> str:
    return "–" if value is None else format_value(value, unit)


def _text_page(title: str, lines: list[str]) -> Figure:
    fig = _new_figure(A4)
    fig.text(0.08, 0.94, title, fontsize=16, weight="bold")
    y = 0.90
    for line in lines:
        for chunk in _wrap(line, 95):
            fig.text(0.08, y, chunk, fontsize=9)
            y -= 0.022
        y -= 0.008
    return fig


def _wrap(text: str, width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines


def _table_pages(profile: Profile, first_title: str) -> list[Figure]:
    rows = _table_rows(profile)
    pages = []
    for start in range(0, max(len(rows), 1), TABLE_ROWS_PER_PAGE):
        chunk = rows[start : start + TABLE_ROWS_PER_PAGE]
        fig = _new_figure(A4)
        if start == 0:
            fig.text(0.06, 0.95, first_title, fontsize=16, weight="bold")
            for i, line in enumerate(_intro_lines(profile)):
                fig.text(0.06, 0.925 - i * 0.018, line, fontsize=9, color="#444444")
        ax = fig.add_axes((0.04, 0.05, 0.92, 0.78 if start == 0 else 0.88))
        ax.set_axis_off()
        if chunk:
            table = ax.table(
                cellText=chunk,
                colLabels=["Kenmerk", "Dit gebied", "Gemeente", "Omgeving", "Nederland"],
                colWidths=[0.44, 0.14, 0.14, 0.14, 0.14],
                loc="upper center",
                cellLoc="right",
            )
            table.auto_set_font_size(False)
            table.set_fontsize(7.5)
            for (row, col), cell in table.get_celld().items():
                cell.set_edgecolor("#dddddd")
                if col == 0:
                    cell.set_text_props(ha="left")
                if row == 0 or (row > 0 and chunk[row - 1][1:] == ("", "", "", "")):
                    cell.set_facecolor("#eef3f8")
        pages.append(fig)
    return pages


def _trend_pages(profile: Profile) -> list[Figure]:
    names = trend_indicators(profile)
    pages = []
    per_page = 6
    for start in range(0, len(names), per_page):
        fig = _new_figure(A4)
        fig.suptitle("Ontwikkeling door de jaren", fontsize=13)
        for i, name in enumerate(names[start : start + per_page]):
            ax = fig.add_subplot(3, 2, i + 1)
            draw_trend(profile, name, ax)
        fig.tight_layout(rect=(0, 0, 1, 0.96))
        pages.append(fig)
    return pages


def profile_pdf(
    profile: Profile,
    map_indicator: str | None = None,
    scheme: str = "quantiles",
    k: int = 5,
    generated: str | None = None,
) -> bytes:
    """The profile as a PDF (A4): key figures, map, trends, notes and sources."""
    title = f"Gebiedsprofiel {profile.name}"
    pages = _table_pages(profile, title)
    check_map_indicator(profile, map_indicator)
    indicator = map_indicator or default_map_indicator(profile)
    if indicator and not profile.map_areas.empty:
        pages.append(map_figure(profile, indicator, scheme, k))
    pages += _trend_pages(profile)
    notes = [f"{f.label}: {f.note}" for f in profile.figures if f.note]
    stamp = generated or date.today().isoformat()
    closing = [
        *_source_lines(profile),
        f"Gegevens opgehaald op {profile.data_date or 'onbekend'}; profiel gemaakt op {stamp} met de Transitieatlas.",
        *(["Toelichting per kenmerk:"] + notes if notes else []),
    ]
    pages.append(_text_page("Bronnen en toelichting", closing))
    buffer = io.BytesIO()
    metadata = {"Title": title, "Creator": "Transitieatlas", "CreationDate": None}
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(buffer, metadata=metadata) as pdf:
        for page in pages:
            pdf.savefig(page)
    return buffer.getvalue()


def figure_table(profile: Profile) -> pd.DataFrame:
    """The key figures as a table with Dutch column names and formatted values (for the page);
    comparison columns without any value are left out."""
    rows = [
        {
            "Thema": f.theme,
            "Kenmerk": f.label,
            "Dit gebied": _plain(f.value, f.unit),
            "Gemeente": _plain(f.gemeente, f.unit),
            "Omgeving": _plain(f.omgeving, f.unit),
            "Nederland": _plain(f.nederland, f.unit),
            "Toelichting": f.note or "",
        }
        for _, figures in profile.by_theme()
        for f in figures
    ]
    table = pd.DataFrame(rows)
    empty = [c for c in ("Gemeente", "Omgeving", "Nederland") if rows and (table[c] == "–").all()]
    return table.drop(columns=empty)
