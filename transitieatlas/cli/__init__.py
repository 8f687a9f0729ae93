"""The ``transitieatlas`` command line: one subcommand module per task.

Each module in this package defines ``register(subparsers)`` which adds its
subcommand(s) and sets ``func`` on the parser; ``func(args) -> int`` is the exit code.
Errors the user can act on (:class:`~transitieatlas.errors.TransitieatlasError`)
end as one line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from transitieatlas.errors import TransitieatlasError


def build_parser() -> argparse.ArgumentParser:
    """Collect the subcommands of every module in this package."""
    parser = argparse.ArgumentParser(
        prog="transitieatlas",
        description="Transitieatlas: open data, warmtevraag, transitiekaart en stemmen voor een wijk- of dorpsraad.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 on success)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except TransitieatlasError as err:
        first, *rest = str(err).splitlines() or ["fout"]
        print(f"transitieatlas: {first}", file=sys.stderr)
        for line in rest:
            print(f"  {line}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head`: not an error
        # As the Python docs advise: point stdout at devnull so the exit flush stays quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("transitieatlas: onderbroken", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
