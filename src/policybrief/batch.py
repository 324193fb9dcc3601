"""Building many briefs: one process per core, every brief built whatever the others do.

Why: a series of briefs builds in the time of its slowest share, and one broken brief must
not stop the rest. Outcomes carry their problems as data, so the CLI reports them (and a
summary) without any traceback crossing a process boundary.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from policybrief.errors import BriefError, Problem
from policybrief.options import BuildOptions
from policybrief.pipeline import build


@dataclass(frozen=True)
class Outcome:
    """What building one brief gave: the PDF written, or the problems that stopped it."""

    brief: Path
    output: Path | None
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.output is not None


def build_one(brief: Path, target: Path, options: BuildOptions) -> Outcome:
    """Build one brief and report its outcome instead of raising."""
    start = time.perf_counter()
    try:
        result = build(brief, target, options)
    except BriefError as err:
        return Outcome(brief, None, time.perf_counter() - start, err.problems)
    return Outcome(
        brief, result.output, time.perf_counter() - start, warnings=list(result.warnings)
    )


def build_many(
    jobs: list[tuple[Path, Path]], options: BuildOptions, workers: int
) -> Iterator[Outcome]:
    """Outcomes of building each (brief, output) pair, as they finish.

    Args:
        jobs: the briefs and where each PDF goes.
        options: how to build every brief.
        workers: processes to use; 1 builds in this process.
    """
    if workers <= 1 or len(jobs) == 1:
        for brief, target in jobs:
            yield build_one(brief, target, options)
        return
    # Loaded once here, inherited by the forked workers: modules and parsed fonts.
    from policybrief.render.fonts import register_fonts

    register_fonts()

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(build_one, brief, target, options) for brief, target in jobs]
        for future in as_completed(futures):
            yield future.result()


def default_workers(count: int) -> int:
    """Processes for `count` briefs: one per core, no more than there are briefs."""
    return max(1, min(count, os.cpu_count() or 1))
