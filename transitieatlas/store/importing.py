"""Import files and mirror folders into the store (``transitieatlas import`` / ``mirror``).

The recognisers in :mod:`transitieatlas.sources.mirror` build each file's frames; this module
writes them. In a mirror folder every file is its own write (all or nothing per file) and one
bad file does not stop the others: it is reported in its :class:`FileSummary`. Single files
given together are all read first and written in one batch, or not at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from transitieatlas.errors import InputError, TransitieatlasError
from transitieatlas.frames import ImportBatch
from transitieatlas.sources.mirror import Context, import_file, mirror_files
from transitieatlas.store.opendata import Store

Progress = Callable[[str], None]


@dataclass
class FileSummary:
    """What happened to one file of the mirror."""

    file: str
    datasets: list[str] = field(default_factory=list)
    rows: int = 0
    warnings: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    error: str | None = None
    skipped: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def import_mirror(
    folder: str | Path, store: Store, progress: Progress | None = None
) -> list[FileSummary]:
    """Import every file of the mirror ``folder``; one summary per file.

    Each file is written as its own dataset(s), all or nothing per file; a file that
    fails is reported (``error``) and the others go on. Raises :class:`InputError` when
    the folder does not exist.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: map niet gevonden.")
    ctx = Context(known=store, root=folder)
    summaries = []
    for path in mirror_files(folder):
        summary = _import_one(path, ctx, store)
        summaries.append(summary)
        if progress:
            progress(describe(summary))
    return summaries


def _import_one(path: Path, ctx: Context, store: Store) -> FileSummary:
    start = time.perf_counter()
    summary = FileSummary(file=ctx.origin(path))
    try:
        result = import_file(path, ctx)
        summary.warnings, summary.unmapped, summary.skipped = (
            result.warnings, result.unmapped, result.skipped,
        )  # fmt: skip
        if len(result.batch):
            infos = store.write(result.batch)
            if any(kind == "areas" for kind, _, _ in result.batch.items):
                ctx.forget_areas()
            summary.datasets = [i.id for i in infos]
            summary.rows = sum(i.rows for i in infos)
    except TransitieatlasError as err:
        summary.error = str(err)
    except Exception as err:  # one unexpected failure must not stop the other files
        summary.error = f"{path.name}: onverwachte fout ({type(err).__name__}: {err})"
    summary.seconds = round(time.perf_counter() - start, 2)
    return summary


def import_paths(
    paths: list[str | Path],
    store: Store,
    progress: Progress | None = None,
    options: dict[str, object] | None = None,
) -> list[FileSummary]:
    """Import files and mirror folders (``transitieatlas import``).

    Folders are imported as a mirror (file by file). Single files are all read first;
    if any of them fails, :class:`InputError` names the file and nothing is written.
    ``options`` (``source``, ``gemeente``, ``year``) apply to tables no recogniser knows.
    """
    summaries: list[FileSummary] = []
    single = [Path(p) for p in paths if not Path(p).is_dir()]
    for folder in (Path(p) for p in paths if Path(p).is_dir()):
        summaries.extend(import_mirror(folder, store, progress))
    if not single:
        return summaries
    ctx = Context(known=store, root=Path.cwd(), options=dict(options or {}))
    prepared = []
    for path in single:
        if not path.is_file():
            raise InputError(f"{path}: bestand niet gevonden.")
        try:
            result = import_file(path, ctx)
        except TransitieatlasError:
            raise
        except Exception as err:  # name the file for any unexpected failure
            raise InputError(f"{path.name}: kan niet worden geïmporteerd ({err}).") from err
        if result.skipped:
            raise InputError(f"{path.name}: {result.skipped}.")
        prepared.append((path, result))
    batch = ImportBatch()
    for _, result in prepared:
        batch.items.extend(result.batch.items)
    infos = store.write(batch) if len(batch) else []
    ids = iter(infos)
    for path, result in prepared:
        written = [next(ids) for _ in result.batch.items]
        summary = FileSummary(
            file=str(path), datasets=[i.id for i in written], rows=sum(i.rows for i in written),
            warnings=result.warnings, unmapped=result.unmapped, skipped=result.skipped,
        )  # fmt: skip
        summaries.append(summary)
        if progress:
            progress(describe(summary))
    return summaries


def describe(summary: FileSummary) -> str:
    """One Dutch line for a file's summary (for the CLI and the app)."""
    if summary.error:
        return f"FOUT  {summary.file}: {summary.error.splitlines()[0]}"
    if summary.skipped:
        return f"overgeslagen  {summary.file}: {summary.skipped}"
    text = f"ok  {summary.file}: {summary.rows} rijen in {len(summary.datasets)} dataset(s)"
    if summary.warnings:
        text += " — " + "; ".join(summary.warnings)
    return text


__all__ = ["FileSummary", "describe", "import_mirror", "import_paths"]
