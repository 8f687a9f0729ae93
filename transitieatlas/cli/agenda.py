"""``transitieatlas agenda [--meeting DATE] [--area GEBIED] --format html|md|pdf [-o FILE]``.

The agenda of a council meeting from the fixed structure of section 4.6.5, with the
variable parts from the app (or the text the presidium saved). Without ``--meeting``:
the next planned meeting, else today. PDF is rendered from the HTML with WeasyPrint and
written to ``--output`` (default ``agenda-DATE.pdf``).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from transitieatlas.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``agenda`` subcommand."""
    parser = subparsers.add_parser(
        "agenda", help="agenda van een raadsvergadering (HTML, Markdown of PDF)"
    )
    parser.add_argument("--meeting", help="datum van de vergadering (jjjj-mm-dd)")
    parser.add_argument("--area", default="", help="gebied voor de cijfers (naam of code)")
    parser.add_argument("--format", choices=["html", "md", "pdf"], default="md")
    parser.add_argument(
        "--output", "-o", type=Path, help="PDF-bestand (standaard: agenda-DATUM.pdf)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from transitieatlas.council import agenda, meeting_repo
    from transitieatlas.store.opendata import open_store

    held_on = None
    if args.meeting:
        try:
            held_on = date.fromisoformat(args.meeting)
        except ValueError as err:
            raise InputError(f"'{args.meeting}' is geen datum (jjjj-mm-dd).") from err
    store = open_store() if args.area else None
    meeting = meeting_repo.meeting_on(held_on)
    if meeting is not None and meeting.agenda_md:
        text = meeting.agenda_md
        heading = f"Agenda {agenda.dutch_date(meeting.held_on)}"
        out = text if args.format == "md" else agenda.markdown_to_html(text, heading)
        day = meeting.held_on
    else:
        day = meeting.held_on if meeting else (held_on or date.today())
        data = meeting_repo.agenda_input(day, args.area, store)
        out = agenda.to_markdown(data) if args.format == "md" else agenda.to_html(data)
    if args.format == "pdf":
        from transitieatlas.finance.wup import render_pdf

        output = args.output or Path(f"agenda-{day}.pdf")
        output.write_bytes(render_pdf(out))
        print(f"Agenda geschreven naar {output}", file=sys.stderr)
        return 0
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return 0
