"""Building many briefs: one process per core, every brief built whatever the others do.

Why: a series of briefs builds in the time of its slowest share, and one broken brief must
not stop the rest. Outcomes carry their problems as data, so the CLI reports them (and a
summary) without any traceback crossing a process boundary; a bug that raises anything
else is that brief's "internal error", and the batch goes on.

The workers only render, in memory; this process alone writes the PDFs, one by one. So
Ctrl-C can stop everything at once: the workers, which hold nothing, are killed, and a
write under way removes its temporary file. Ctrl-C reaches every process of the terminal's
group; the workers ignore it, so none prints a traceback.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from policybrief.errors import BriefError, Problem
from policybrief.options import BuildOptions
from policybrief.pipeline import BuildResult, Made, build, make, write_atomic


@dataclass(frozen=True)
class Outcome:
    """What building one brief gave: the PDF written, or the problems that stopped it."""

    brief: Path
    output: Path | None
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: The traceback of an internal error (a bug in policybrief), shown with --debug.
    trace: str = ""
    #: A worker's rendered PDF, on its way to being written by the parent.
    pdf: bytes | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.output is not None


def build_one(brief: Path, target: Path, options: BuildOptions) -> Outcome:
    """Build one brief and report its outcome instead of raising."""
    return _attempt(brief, lambda: build(brief, target, options))


def internal_error(brief: Path, err: BaseException, seconds: float = 0.0) -> Outcome:
    """The outcome of a brief whose build raised what no brief should make it raise."""
    text = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
    problem = Problem(str(brief), None, None, f"internal error: {text} (please report)")
    trace = "".join(traceback.format_exception(err))
    return Outcome(brief, None, seconds, [problem], trace=trace)


def _make_one(brief: Path, target: Path, options: BuildOptions) -> Outcome:
    """In a worker: render one brief, to be written by the parent."""
    return _attempt(brief, lambda: make(brief, target, options))


def _attempt(brief: Path, work: Callable[[], BuildResult | Made]) -> Outcome:
    """The outcome of building (or only rendering) one brief, whatever `work` raises."""
    start = time.perf_counter()
    try:
        done = work()
    except BriefError as err:
        return Outcome(brief, None, time.perf_counter() - start, err.problems)
    except Exception as err:  # a bug: this brief's error, not the batch's end
        return internal_error(brief, err, time.perf_counter() - start)
    seconds = time.perf_counter() - start
    if isinstance(done, Made):
        return Outcome(brief, None, seconds, warnings=list(done.warnings), pdf=done.pdf)
    return Outcome(brief, done.output, seconds, warnings=list(done.warnings))


def _written(outcome: Outcome, target: Path) -> Outcome:
    """A worker's outcome once its PDF is written here (or could not be)."""
    if outcome.pdf is None:
        return outcome
    start = time.perf_counter()
    try:
        write_atomic(target, outcome.pdf)
    except BriefError as err:
        return replace(outcome, pdf=None, problems=err.problems, warnings=[])
    seconds = outcome.seconds + time.perf_counter() - start
    return replace(outcome, pdf=None, output=target, seconds=seconds)


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

    others = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
    workers_started: set = set()
    finished = False
    try:
        # The workers start on the first submit; born with Ctrl-C held back, none can be
        # interrupted before `_ignore_interrupts` runs in it. The pool's own threads start
        # here too and hold it back for good, so a Ctrl-C always reaches this thread.
        with _interrupts_held():
            futures = {
                pool.submit(_make_one, brief, target, options): (brief, target)
                for brief, target in jobs
            }
        workers_started = set(multiprocessing.active_children()) - others
        for future in as_completed(futures):
            brief, target = futures[future]
            yield _written(_result(future, brief), target)
        finished = True
    finally:
        if not finished:  # Ctrl-C, or the caller stopped asking: nothing more is built
            for worker in workers_started:
                worker.kill()
        with _interrupts_held():
            pool.shutdown(wait=True, cancel_futures=True)


def _result(future: Future, brief: Path) -> Outcome:
    """A worker's outcome; a worker that died (killed, out of memory) is an internal error."""
    try:
        return future.result()
    except Exception as err:
        return internal_error(brief, err)


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
    return max(1, min(count, cores()))


def cores() -> int:
    """The cores this process may run on (a container's or `taskset`'s share, not the
    machine's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1
