"""Building many briefs: one process per core, every brief built whatever the others do.

Why: a series of briefs builds in the time of its slowest share, and one broken brief must
not stop the rest. Outcomes carry their problems as data, so the CLI reports them (and a
summary) without any traceback crossing a process boundary.

Ctrl-C reaches every process of the terminal's group at once. The workers ignore it, so none
prints a traceback; the parent alone stops the pool: briefs not yet started are cancelled, and
a build already running finishes, which is safe because its PDF is written atomically.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
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

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
    try:
        # The workers start on the first submit; born with Ctrl-C held back, none can be
        # interrupted before `_ignore_interrupts` runs in it. The pool's own threads start
        # here too and hold it back for good, so a Ctrl-C always reaches this thread, where
        # it interrupts the wait for results.
        with _interrupts_held():
            futures = [pool.submit(build_one, brief, target, options) for brief, target in jobs]
        for future in as_completed(futures):
            yield future.result()
    finally:
        _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the briefs not started and wait for the builds running to finish.

    Why: on Ctrl-C a running build is let finish rather than killed, so no worker dies
    holding a temporary file. A second Ctrl-C while waiting is held back until the pool has
    stopped, and then interrupts as the first did, instead of leaving workers behind.
    """
    with _interrupts_held():
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold SIGINT back from this thread (and from processes and threads it starts) for a
    while; one that arrives meanwhile is delivered as the block ends.

    Why: a blocked signal is inherited by a forked or spawned child and by new threads, and
    it is kept pending rather than lost, unlike one ignored.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _ignore_interrupts() -> None:
    """In a worker: ignore Ctrl-C (the parent stops the pool), then let signals in again.

    Ignoring SIGINT also discards one that arrived while it was held back.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def default_workers(count: int) -> int:
    """Processes for `count` briefs: one per core, no more than there are briefs."""
    return max(1, min(count, os.cpu_count() or 1))
