"""``transitieatlas heat GMxxxx --level buurt --method gas|buildings|model --format csv``: heat demand.

The methods, their labels and inputs come from :mod:`transitieatlas.heat.methods`.

Also ``--kalibratie`` (both methods side by side with the difference) and ``--warmtenet``
(the heat-network screen with its reasons). See ``docs/methode-warmtevraag.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import pandas as pd

from transitieatlas.areas.codes import validate_code
from transitieatlas.csvsafe import frame_to_csv
from transitieatlas.heat import methods as heat_methods
from transitieatlas.heat import network as heatnet
from transitieatlas.heat import service as heat_store
from transitieatlas.store.opendata import open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "heat",
        help="warmtevraag per buurt (of 100 m-vierkant) uit gasverbruik of uit de woningvoorraad",
        description="Warmtevraag van woningen per gebied, in GJ per jaar en GJ per hectare land. "
        "Methode en bronnen: docs/methode-warmtevraag.md.",
    )
    parser.add_argument("gemeente", help="gemeentecode, bijvoorbeeld GM0193")
    parser.add_argument(
        "--level",
        choices=["buurt", "wijk", "cel"],
        default="buurt",
        help="buurt, wijk of cel (100 m-vierkant); standaard buurt",
    )
    parser.add_argument(
        "--method",
        choices=heat_methods.method_names(),
        default="gas",
        help="; ".join(f"{m.name}: {m.label}" for m in heat_methods.METHODS.values()),
    )
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument(
        "--year",
        type=int,
        default=None,
        help="jaar van de cijfers (standaard: nieuwste jaar met gegevens)",
    )
    parser.add_argument(
        "--kalibratie",
        action="store_true",
        help="beide methoden naast elkaar met het verschil (absoluut en %%)",
    )
    parser.add_argument(
        "--warmtenet",
        action="store_true",
        help="warmtenet-scan: per gebied kandidaat of niet, met de reden",
    )
    parser.add_argument(
        "--min-dichtheid",
        type=float,
        default=None,
        help="warmtenet-scan: minimale warmtedichtheid in GJ/ha per jaar",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="schrijf naar dit bestand in plaats van het scherm",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    gemeente = validate_code(args.gemeente, "gemeente")
    store = open_store()
    if args.kalibratie:
        table = heat_store.calibration(store, gemeente, args.level, args.year)
    else:
        table, _ = heat_store.compute(store, gemeente, args.level, args.method, args.year)
        if args.warmtenet:
            table = _screen(store, table, args)
    _write(table, args.format, args.output)
    return 0


def _screen(store, table: pd.DataFrame, args: argparse.Namespace) -> pd.DataFrame:
    shares = heat_store.screen_inputs(store, table["code"], args.year)
    merged = table.merge(shares, left_on="code", right_index=True, how="left")
    thresholds = heatnet.default_thresholds()
    if args.min_dichtheid is not None:
        thresholds = heatnet.Thresholds(
            args.min_dichtheid,
            thresholds.min_share_meergezins,
            thresholds.min_share_corporatie,
            thresholds.min_share_before_2000,
        )
    screened = heatnet.screen(merged, thresholds)
    return screened[
        [
            "code",
            "name",
            "year",
            "method",
            "heat_density_gj_per_ha",
            "share_meergezins",
            "share_corporatie",
            "share_before_2000",
            "candidate",
            "reason",
        ]
    ]


def _write(table: pd.DataFrame, fmt: str, output: Path | None) -> None:
    handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "csv":
            frame_to_csv(table, handle, float_format="%.3f")
        else:
            records = json.loads(table.to_json(orient="records", force_ascii=False))
            json.dump(records, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    finally:
        if output:
            handle.close()
