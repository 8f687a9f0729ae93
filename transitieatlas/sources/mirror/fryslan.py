"""Fryslân warmtekaart (n-guy-en/Warmtekaart): ``buurt_potentie`` (declares CRS84, holds RD
New) and the koopwoningen / wooncorporatie / energiearmoede layers without buurtcode, joined
by name + gemeente, else by polygon overlap; fractions 0–1 → %. Heat networks are skipped."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from transitieatlas.sources import files, tables
from transitieatlas.sources.mirror._common import (
    Context,
    FileImport,
    best_overlap,
    figures_from,
    file_provenance,
    geo_notes,
    make_areas,
    read_cached,
)

# -- Fryslân ------------------------------------------------------------------------------
FRL_SOURCE = "Warmtekaart Fryslân (n-guy-en/Warmtekaart), CBS-buurten"
FRL_LICENCE = "Bron: CBS, CC BY 4.0; bewerking n-guy-en/Warmtekaart (geen licentiebestand)"
FRL_YEAR = 2023
FRL_NOTE = (
    "jaar van de buurtindeling niet vermeld; codes volgen de indeling na 2019, aangenomen 2023"
)


def _potentie(path: Path, ctx: Context) -> gpd.GeoDataFrame:
    """The buurt_potentie layer (codes + polygons) the other Fryslân layers join to."""
    if "potentie" not in ctx.cache:
        source = path.parent / "buurt_potentie_extraqt.geojson.gz"
        if source.is_file():
            ctx.cache["potentie"] = files.read_geodata(source)
        else:
            areas = ctx.known.areas(level="buurt")
            ctx.cache["potentie"] = areas.rename(
                columns={"code": "buurtcode", "name": "buurtnaam"}
            ).assign(gemeentenaam=None)
    return ctx.cache["potentie"]  # type: ignore[return-value]


def import_frl_potentie(path: Path, ctx: Context) -> FileImport:
    """Fryslân buurten with modelled heat demand: areas (CRS override) + figures."""
    result = FileImport()
    frame = _potentie(path, ctx)
    result.warnings.extend(geo_notes(frame))
    names = _fill_frl_names(frame, path, ctx)
    missing = int(names.isna().sum())
    if missing:
        result.warnings.append(f"{missing} buurten zonder naam (code gebruikt als naam)")
    areas = make_areas(frame, frame["buurtcode"], names, "buurt", FRL_YEAR, result.warnings)
    note = FRL_NOTE + "; " + "; ".join(geo_notes(frame))
    result.batch.add(
        "areas", areas, file_provenance(ctx, path, FRL_SOURCE, FRL_YEAR, FRL_LICENCE, note)
    )
    label = "Warmtekaart Fryslân, gemodelleerde warmtevraag (EXTRAQT)"
    table = frame.drop(columns="geometry")
    figures = figures_from(
        table, table["buurtcode"], FRL_YEAR, "friesland_warmtekaart", label, result
    )
    prov = file_provenance(
        ctx, path, label, FRL_YEAR, FRL_LICENCE, "modeluitkomst, geen officiële statistiek"
    )
    result.batch.add("figures", figures, prov)
    return result


FRL_NAME_DONORS = ("koopwoningen_frl", "energiearmoede_frl", "wooncorporatie_frl")


def _fill_frl_names(frame: gpd.GeoDataFrame, path: Path, ctx: Context) -> pd.Series:
    """Buurt names; missing ones taken from the sibling layers by polygon overlap."""
    names = frame["buurtnaam"].copy()
    for donor_name in FRL_NAME_DONORS:
        lacking = names.isna() & ~(frame.geometry.is_empty | frame.geometry.isna())
        donor_path = path.parent / f"{donor_name}.geojson.gz"
        if not lacking.any() or not donor_path.is_file():
            continue
        donor = read_cached(ctx, donor_path)
        found = best_overlap(frame[lacking], donor.assign(_name=donor["buurtnaam"]), "_name")
        names.loc[found.index] = names.loc[found.index].fillna(found)
    return names


def import_frl_layer(path: Path, ctx: Context) -> FileImport:
    """A Fryslân layer without buurtcode: join by name + gemeente, else by polygon overlap."""
    result = FileImport()
    frame = read_cached(ctx, path)
    result.warnings.extend(geo_notes(frame))
    potentie = _potentie(path, ctx)
    key = ["_naam", "_gemeente"]
    lookup = potentie.assign(
        _naam=potentie["buurtnaam"].map(tables.normalise_name),
        _gemeente=potentie["gemeentenaam"].map(tables.normalise_name),
    )
    lookup = lookup[(lookup["_naam"] != "") & (lookup["_gemeente"] != "")]
    lookup = lookup.drop_duplicates(key, keep=False).set_index(key)["buurtcode"]
    wanted = pd.MultiIndex.from_arrays(
        [
            frame["buurtnaam"].map(tables.normalise_name),
            frame["gemeentenaam"].map(tables.normalise_name),
        ]
    )
    codes = pd.Series(lookup.reindex(wanted).values, index=frame.index, dtype=object)
    by_name = int(codes.notna().sum())
    rest = codes.isna()
    spatial = best_overlap(frame[rest], potentie, "buurtcode")
    taken = set(codes.dropna())
    spatial = spatial.where(~spatial.isin(taken) & ~spatial.duplicated(keep=False))
    codes.loc[rest] = spatial
    unmatched = int(codes.isna().sum())
    result.warnings.append(
        f"{by_name} buurten gekoppeld op naam en gemeente, {int(spatial.notna().sum())} op "
        f"ligging; {unmatched} niet gekoppeld (andere buurtindeling)"
    )
    keep = codes.notna()
    table = frame[keep].drop(columns="geometry")
    label = f"Warmtekaart Fryslân, {path.name.split('_frl')[0]} (CBS)"
    figures = figures_from(table, codes[keep], FRL_YEAR, "friesland_warmtekaart", label, result)
    prov = file_provenance(
        ctx, path, label, FRL_YEAR, FRL_LICENCE, FRL_NOTE + "; fracties 0–1 omgerekend naar %"
    )
    result.batch.add("figures", figures, prov)
    return result


def skip_heat_networks(path: Path, ctx: Context) -> FileImport:
    return FileImport(
        skipped="gemodelleerde warmtenetten (punten en leidingen per woonplaats), "
        "geen buurt- of gebouwgegevens; niet geïmporteerd"
    )
