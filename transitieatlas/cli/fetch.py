"""``transitieatlas fetch --gemeente GMxxxx --year YYYY``: CBS figures and PDOK polygons into the store.

Fetches the Kerncijfers wijken en buurten of the gemeente, its wijken and buurten
from CBS and the matching polygons from PDOK, and writes them to the local store in
one go: if anything fails, nothing is written. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from transitieatlas.frames import ImportBatch
from transitieatlas.sources import cbs, pdok
from transitieatlas.store.opendata import open_store

ALL_LEVELS = "alle"


def register(subparsers: argparse._SubParsersAction) -> None:
    years = sorted(cbs.kwb_tables())
    parser = subparsers.add_parser(
        "fetch",
        help="cijfers (CBS) en kaarten (PDOK) van een gemeente ophalen en lokaal bewaren",
    )
    parser.add_argument("--gemeente", required=True, help="gemeentecode, bijvoorbeeld GM0080")
    parser.add_argument(
        "--year",
        type=int,
        default=years[-1],
        help=f"jaar van de Kerncijfers wijken en buurten ({years[0]}–{years[-1]}; standaard {years[-1]})",
    )
    parser.add_argument(
        "--level",
        choices=[*pdok.LEVELS, ALL_LEVELS],
        default=ALL_LEVELS,
        help="welke kaartlagen ophalen (standaard: alle)",
    )
    parser.add_argument(
        "--pdok-url", default=None, help="ander adres voor de PDOK-WFS ({year} wordt ingevuld)"
    )
    parser.set_defaults(func=run)


def progress(message: str) -> None:
    """Print one progress line to stderr."""
    print(f"  {message}", file=sys.stderr, flush=True)


def _fill_names(frame: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    """Use CBS area names where PDOK gave none (PDOK then falls back to the code)."""
    lookup = dict(zip(names["code"], names["name"], strict=False))
    missing = frame["name"] == frame["code"]
    if missing.any():
        frame = frame.copy()
        frame.loc[missing, "name"] = frame.loc[missing, "code"].map(lookup).fillna(frame["code"])
    return frame


def build_batch(gemeente: str, year: int, levels: list[str], pdok_url: str | None) -> ImportBatch:
    """Everything to write for one gemeente and year (network; nothing is stored yet)."""
    parsed = cbs.fetch_kwb_parsed(gemeente, year, progress)
    batch = ImportBatch().add("figures", parsed.figures, cbs.provenance(gemeente, year, parsed))
    for level in levels:
        areas = pdok.fetch_areas(gemeente, year, level, progress=progress, base_url=pdok_url)
        for kind, frame, prov in areas.items:
            batch.add(kind, _fill_names(frame, parsed.names), prov)
    return batch


def run(args: argparse.Namespace) -> int:
    gemeente = cbs.gemeente_code(args.gemeente)
    cbs.kwb_table(args.year)  # unknown year: stop before any network traffic
    levels = list(pdok.LEVELS) if args.level == ALL_LEVELS else [args.level]
    print(f"Ophalen: {gemeente}, {args.year}", file=sys.stderr, flush=True)
    batch = build_batch(gemeente, args.year, levels, args.pdok_url)
    written = open_store().write(batch)
    rows = ", ".join(f"{info.kind} {info.rows}" for info in written)
    print(f"Opgeslagen in de lokale opslag: {gemeente} {args.year} ({rows})")
    return 0
