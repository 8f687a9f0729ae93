"""`make bench`: seconds to import the whole offline mirror into an empty store.

Prints the time per file and in total (goal: under 60 s on an idle 2-core machine).
"""

from __future__ import annotations

import os
import tempfile
import time

from benchmarks.data import mirror
from transitieatlas.store import importing
from transitieatlas.store.opendata import open_store


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["TRANSITIEATLAS_HOME"] = home
        start = time.perf_counter()
        summaries = importing.import_mirror(mirror(), open_store())
        total = time.perf_counter() - start
    for summary in sorted(summaries, key=lambda s: -s.seconds)[:10]:
        print(f"  {summary.seconds:6.2f} s  {summary.file}")
    errors = sum(1 for s in summaries if s.error)
    print(f"mirror import: {len(summaries)} files, {errors} errors, {total:.1f} s in total")


if __name__ == "__main__":
    main()
