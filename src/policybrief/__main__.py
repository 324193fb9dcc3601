"""The process entry point of `policybrief` and `python -m policybrief`.

Why: Ctrl-C must give one line and exit 130 at any moment, also while Python is still
importing click, pydantic or ReportLab. So the entry point lives in a module that imports
nothing but `sys` (and, before it, the package's light `__init__`), and catches
KeyboardInterrupt around importing the command line as well as running it. Once the command
line runs, `cli` turns an interrupt into the same line itself (click would print "Aborted!").
"""

from __future__ import annotations

import sys

#: The exit code of an interrupted run: 128 + SIGINT, as shells report it. The same number
#: as `cli.INTERRUPTED_EXIT`, written here again because `cli` may be what is being imported.
INTERRUPTED_EXIT = 130


def run() -> None:
    """Run the command line; an interrupt anywhere becomes "interrupted" and exit 130."""
    try:
        from policybrief.cli import main

        main(prog_name="policybrief")
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(INTERRUPTED_EXIT)


if __name__ == "__main__":
    run()
