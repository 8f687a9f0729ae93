"""A presentation as one self-contained HTML file (projector mode) or as a PDF.

HTML: every screen is a ``<section>``, all laid out at load and stacked; one is visible at a
time (switching toggles ``visibility`` only: no layout work after a key press), large type (font sizes in
``vmin`` so the same file reads from the back of a hall at 1280×720 and 1920×1080), dark
text on white (contrast > 12:1), maps as inline PNG (``data:`` URIs). Keys: → ↓ Page Down,
space and Enter go forward; ← ↑ Page Up and Backspace go back; Home/End jump (a presenter's
clicker sends Page Up/Down). No editing controls. Every screen shows the area, the data date
and the sources. When embedded (the app's presentation page) the keys also work while the
surrounding page has the focus. All map images are decoded once at load (``__deck.ready``),
so a switch never waits for decoding. ``window.__deck`` (index, switches, last switch time in
ms, ready) serves tests and ``make bench``.

PDF: one 16:9 page per screen, drawn with matplotlib (no system libraries needed).

Pure apart from drawing: returns ``str`` / ``bytes``.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from transitieatlas.evening.mapexport import wrap
from transitieatlas.evening.screens import Slide

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PAGE_INCHES = (13.333, 7.5)
"""16:9 page / image size in inches."""
MAP_DPI = 110
"""Map images: 13,3 × 7,5 inch × 110 dpi ≈ 1467 × 825 pixels, sharp on a 1080p projector."""

_CSS = """
html,body{margin:0;height:100%;background:#fff;color:#111;
 font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
section{display:flex;visibility:hidden;position:absolute;inset:0;box-sizing:border-box;
 height:100vh;padding:3vmin 4vmin 0;flex-direction:column;overflow:hidden}
section.active{visibility:visible}
h1{font-size:5.2vmin;margin:0 0 1.5vmin;line-height:1.15}
.body{flex:1;min-height:0;display:flex;flex-direction:column;gap:1.5vmin}
.body p{font-size:3.6vmin;line-height:1.35;margin:0}
.body img{flex:1;min-height:0;object-fit:contain;width:100%}
table{border-collapse:collapse;font-size:3.1vmin}
th,td{text-align:left;padding:.5vmin 1.5vmin;border-bottom:.2vmin solid #999}
td.num{text-align:right;white-space:nowrap}
footer{font-size:2.2vmin;color:#333;border-top:.2vmin solid #666;padding:1vmin 0 1.2vmin;
 display:flex;justify-content:space-between;gap:2vmin}
footer .src{flex:1}
.count{white-space:nowrap;font-weight:600}
"""

_JS = """
(function(){
  var s=[].slice.call(document.querySelectorAll('section'));
  var deck=window.__deck={index:0,count:s.length,switches:0,lastSwitchMs:null,ready:false};
  Promise.all([].map.call(document.images,function(i){return i.decode?i.decode().catch(
    function(){}):null;})).then(function(){deck.ready=true;});  // maps decoded before use
  function show(i){
    var t0=performance.now();
    i=Math.max(0,Math.min(s.length-1,i));
    s[deck.index].classList.remove('active');s[i].classList.add('active');
    deck.index=i;deck.switches++;document.body.setAttribute('data-index',i);
    requestAnimationFrame(function(){deck.lastSwitchMs=performance.now()-t0;});
    try{history.replaceState(null,'','#'+(i+1));}catch(e){}
  }
  var next={ArrowRight:1,ArrowDown:1,PageDown:1,' ':1,Enter:1};
  var prev={ArrowLeft:1,ArrowUp:1,PageUp:1,Backspace:1};
  function key(e){
    if(next[e.key]){show(deck.index+1);e.preventDefault();}
    else if(prev[e.key]){show(deck.index-1);e.preventDefault();}
    else if(e.key==='Home'){show(0);e.preventDefault();}
    else if(e.key==='End'){show(s.length-1);e.preventDefault();}
  }
  document.addEventListener('keydown',key);
  try{if(window.parent!==window){window.parent.document.addEventListener('keydown',key);}}
  catch(e){}
  document.addEventListener('click',function(e){show(deck.index+(e.clientX<innerWidth/3?-1:1));});
  var start=parseInt((location.hash||'#1').slice(1),10)||1;
  s[0].classList.add('active');if(start>1){show(start-1);}
  document.body.setAttribute('data-index',deck.index);
})();
"""


def _figure(slide: Slide) -> Figure | None:
    if slide.draw is None:
        return None
    from matplotlib.figure import Figure

    fig = Figure(figsize=PAGE_INCHES)
    slide.draw(fig)
    return fig


def map_png_base64(slide: Slide) -> str | None:
    """The slide's map as base64 PNG (``None`` when it has no map)."""
    fig = _figure(slide)
    if fig is None:
        return None
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=MAP_DPI)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _table(rows: Sequence[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
    body = "".join(
        "<tr>"
        + f"<td>{html.escape(r[0])}</td>"
        + "".join(f'<td class="num">{html.escape(c)}</td>' for c in r[1:])
        + "</tr>"
        for r in rows[1:]
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def footer_text(slide: Slide, fallback_date: str) -> tuple[str, str]:
    """(area and data date, sources) as shown at the bottom of every screen."""
    date = slide.data_date or fallback_date
    return f"{slide.area} · gegevens van {date}", "Bronnen: " + " · ".join(slide.sources or ["–"])


def section_html(slide: Slide, number: int, count: int, fallback_date: str) -> str:
    """One screen as a ``<section>`` (maps drawn now, as inline PNG)."""
    parts = [f"<p>{html.escape(line)}</p>" for line in slide.lines]
    if slide.table:
        parts.append(_table(slide.table))
    png = map_png_base64(slide)
    if png:
        alt = html.escape(f"Kaart: {slide.title}")
        parts.append(f'<img alt="{alt}" src="data:image/png;base64,{png}">')
    where, sources = footer_text(slide, fallback_date)
    return (
        f'<section data-kind="{html.escape(slide.kind)}"><h1>{html.escape(slide.title)}</h1>'
        f'<div class="body">{"".join(parts)}</div>'
        f'<footer><span>{html.escape(where)}</span><span class="src">{html.escape(sources)}</span>'
        f'<span class="count">{number} / {count}</span></footer></section>'
    )


def deck_date(slides: Sequence[Slide]) -> str:
    """The newest data date of the slides (shown on text screens too)."""
    dates = [s.data_date for s in slides if s.data_date and s.data_date != "onbekend"]
    return max(dates, default="onbekend")


def deck_html(title: str, slides: Sequence[Slide]) -> str:
    """The whole presentation as one self-contained HTML document."""
    date = deck_date(slides)
    sections = "\n".join(
        section_html(s, i, len(slides), date) for i, s in enumerate(slides, start=1)
    )
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
        f'<body data-index="0">\n{sections}\n<script>{_JS}</script></body></html>\n'
    )


def _pdf_page(slide: Slide, number: int, count: int, fallback_date: str) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=PAGE_INCHES)
    if slide.draw is not None:
        slide.draw(fig)
    fig.text(0.03, 0.95, slide.title, fontsize=24, weight="bold", va="top")
    y = 0.86 if slide.draw is None else 0.40  # beside a map: below its legend
    for line in slide.lines:
        text = wrap(line, 95 if slide.draw is None else 60)
        fig.text(0.03 if slide.draw is None else 0.74, y, text, fontsize=16 if slide.draw is None else 11, va="top")  # fmt: skip
        y -= 0.07 * (text.count("\n") + 1)
    if slide.table:
        _pdf_table(fig, slide.table, y)
    where, sources = footer_text(slide, fallback_date)
    fig.text(0.03, 0.015, wrap(f"{where} · {sources}", 190), fontsize=8, color="#333333")
    fig.text(0.97, 0.015, f"{number} / {count}", fontsize=10, ha="right")
    return fig


def _pdf_table(fig: Figure, rows: Sequence[tuple[str, ...]], top: float) -> None:
    ax = fig.add_axes((0.03, 0.1, 0.94, top - 0.12))
    ax.set_axis_off()
    table = ax.table(cellText=[list(r) for r in rows[1:]], colLabels=list(rows[0]),
                     loc="upper left", cellLoc="left")  # fmt: skip
    table.auto_set_font_size(False)
    table.set_fontsize(13)
    table.scale(1, 1.8)


def deck_pdf(title: str, slides: Sequence[Slide]) -> bytes:
    """The presentation as PDF: one 16:9 page per screen."""
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = io.BytesIO()
    date = deck_date(slides)
    with PdfPages(buffer, metadata={"Title": title, "Creator": "Transitieatlas"}) as pdf:
        for i, slide in enumerate(slides, start=1):
            pdf.savefig(_pdf_page(slide, i, len(slides), date))
    return buffer.getvalue()
