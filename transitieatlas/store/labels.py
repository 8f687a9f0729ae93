"""EP-Online energy labels into the store, joined to the BAG panden already there.

Only labels of panden in the store are kept: joined on the BAG pand id, or, for a label with
only a verblijfsobject id, through the verblijfsobjecten in the store (VBO → its pand,
:func:`transitieatlas.sources.eponline.with_pand_ids`); the stored label then carries that
pand id. Labels that cannot be joined are counted. A file without any label of a pand in the
store is refused and nothing is written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from transitieatlas.errors import InputError, NotInStore
from transitieatlas.frames import ImportBatch, Provenance
from transitieatlas.sources import eponline
from transitieatlas.store.opendata import DatasetInfo, Store


def matching(labels: pd.DataFrame, store: Store) -> tuple[pd.DataFrame, list[str]]:
    """The labels whose pand is in the store, and Dutch notes on the others."""
    panden = store.buildings()
    if panden.empty:
        raise NotInStore(
            "Er staan nog geen BAG-panden in de lokale opslag; importeer die eerst "
            "(transitieatlas bag import of bag fetch)."
        )
    only_vbo_before = labels["pand_id"].isna() & labels["vbo_id"].notna()
    labels = eponline.with_pand_ids(labels, store.units())
    hit = labels["pand_id"].isin(set(panden["id"].astype(str)))
    notes = []
    via_vbo = int((only_vbo_before & hit).sum())
    if via_vbo:
        notes.append(f"{via_vbo} labels via hun verblijfsobject aan een pand gekoppeld")
    only_vbo = int(labels["pand_id"].isna().sum())
    if only_vbo:
        notes.append(
            f"{only_vbo} labels hebben alleen een verblijfsobject-id dat niet in de opslag "
            "staat: importeer de verblijfsobjecten (transitieatlas bag import of bag fetch)"
        )
    other = int((labels["pand_id"].notna() & ~hit).sum())
    if other:
        notes.append(f"{other} labels horen bij panden die niet in de opslag staan")
    return labels[hit].reset_index(drop=True), notes


def import_labels(path: Path, store: Store) -> tuple[DatasetInfo, eponline.LabelRead, list[str]]:
    """Read an EP-Online export and store the labels of the panden in the store.

    Returns the new dataset, what was read and all Dutch notes; raises :class:`InputError`
    when no label matches a pand in the store (the store is then unchanged).
    """
    path = Path(path)
    read = eponline.read_labels(path)
    found, notes = matching(read.labels, store)
    notes = read.notes + notes
    if found.empty:
        raise InputError(
            f"Geen enkel label in {path.name} hoort bij een BAG-pand in de lokale opslag "
            f"({read.read} regels gelezen); er is niets opgeslagen.",
            notes,
        )
    prov = Provenance(
        source="EP-Online energielabels (RVO)",
        table_id=path.name,
        year=None,
        retrieved=date.today().isoformat(),
        licence=eponline.EP_LICENCE,
        origin=str(path),
        note="; ".join(notes),
    )
    (info,) = store.write(ImportBatch().add("labels", found, prov))
    return info, read, notes
