"""The command line: parse arguments, call the library, print problems. No layout here.

Why: the library raises `BriefError`; this module alone prints it and picks the exit code
(0 built, 1 a brief has errors, 2 usage, 130 interrupted). ReportLab is imported only inside
the commands that render, so `--help`, `validate` and `schema` start fast.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from policybrief import __version__
from policybrief.errors import BriefError
from policybrief.options import BuildOptions

#: The exit code of an interrupted run: 128 + SIGINT, as shells report it.
INTERRUPTED_EXIT = 130


def _echo(text: str, err: bool = False, timed: bool = False) -> None:
    """Print `text`; timed, each of its lines starts with the local time, `[HH:MM:SS]`.

    Why: `watch` prints for hours; the time tells which save a line is about.
    """
    if timed:
        stamp = time.strftime("[%H:%M:%S] ")
        text = "\n".join(stamp + line for line in text.split("\n"))
    click.echo(text, err=err)


def _report(err: BriefError, timed: bool = False) -> None:
    _echo(err.format(), err=True, timed=timed)


def _fail(err: BriefError, timed: bool = False) -> None:
    _report(err, timed)
    sys.exit(err.exit_code)


def _interrupted(timed: bool = False) -> NoReturn:
    """Say "interrupted" and exit 130.

    Why: `Exit` is the one exception click's own handler lets through as the exit code.
    """
    _echo("interrupted", err=True, timed=timed)
    raise click.exceptions.Exit(INTERRUPTED_EXIT)


@contextmanager
def _interrupt_is_one_line() -> Iterator[None]:
    """Turn Ctrl-C into the line "interrupted" and exit 130."""
    try:
        yield
    except KeyboardInterrupt:
        _interrupted()


class _Interruptible(click.Group):
    """click's group, with Ctrl-C while parsing or running a command made one line.

    Why: click itself turns KeyboardInterrupt into an empty line, "Aborted!" and exit 1.
    Parsing is covered too: `--theme`'s check imports the loader, which takes a while.
    """

    def make_context(self, *args, **kwargs) -> click.Context:
        with _interrupt_is_one_line():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        with _interrupt_is_one_line():
            return super().invoke(ctx)


@click.group(cls=_Interruptible, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policybrief")
def main() -> None:
    """Turn a policy brief written in YAML into a publication-grade PDF."""


def _check_theme(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A built-in theme's name as it is, or a theme file as an absolute path."""
    from policybrief.load import find_theme
    from policybrief.load.files import FileRefused
    from policybrief.load.themes import unknown_theme_hint

    if value is None:
        return value
    try:
        found = find_theme(value, Path.cwd())
    except FileRefused as err:
        raise click.BadParameter(f"'{value}' {err}") from None
    if found is None:
        raise click.BadParameter(
            f"'{value}' is neither a built-in theme nor a theme file ({unknown_theme_hint(value)})"
        )
    return str(found.resolve()) if isinstance(found, Path) else found


#: Options `build` and `watch` share.
_print_option = click.option(
    "--print",
    "print_marks",
    is_flag=True,
    help="Add crop marks and 3 mm bleed (TrimBox/BleedBox) for a print shop.",
)
_pdfa_option = click.option(
    "--pdfa",
    is_flag=True,
    help="Make a PDF/A-2b file for archives (every build is PDF/UA-1; both are checked by "
    "page-validation 0.11.0 and outloud 0.2.1, not by veraPDF).",
)
_debug_option = click.option(
    "--debug", is_flag=True, help="On an internal error, show its traceback (for a bug report)."
)


@main.command()
@click.argument("briefs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PDF to write (one brief only).",
)
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the PDFs.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    help="Paper size; overrides the brief's `paper`.",
)
@click.option(
    "--theme",
    callback=_check_theme,
    help="Theme name or theme file; overrides the brief's `theme`.",
)
@_print_option
@_pdfa_option
@click.option(
    "-j",
    "--jobs",
    "jobs_count",
    type=click.IntRange(min=1),
    help="Briefs built at once (default: one per core).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@_debug_option
def build(
    briefs: tuple[Path, ...],
    output: Path | None,
    out_dir: Path,
    paper: str | None,
    theme: str | None,
    print_marks: bool,
    pdfa: bool,
    jobs_count: int | None,
    quiet: bool,
    debug: bool,
) -> None:
    """Build each BRIEF into a PDF (default: output/<brief name>.pdf)."""
    from policybrief.batch import build_many
    from policybrief.pipeline import default_output

    if output and len(briefs) > 1:
        raise click.UsageError("-o/--output takes one brief; use --out-dir for several")
    jobs = [(brief, output or default_output(brief, out_dir)) for brief in briefs]
    targets = [target.resolve() for _, target in jobs]
    clashing = sorted({str(t) for t in targets if targets.count(t) > 1})
    if clashing:
        raise click.UsageError(
            f"several briefs would write {', '.join(clashing)}; "
            "give them different names or build them apart"
        )
    options = BuildOptions(paper=paper, theme=theme, print_marks=print_marks, pdfa=pdfa)
    start = time.perf_counter()
    outcomes = build_many(jobs, options, _workers(jobs_count, len(jobs), quiet))
    done = _collect(outcomes, len(jobs), quiet, debug)
    seconds = time.perf_counter() - start
    if len(jobs) > 1:
        _summarise(done, briefs, seconds, quiet)
    if any(not o.ok for o in done):
        sys.exit(BriefError.exit_code)


def _workers(asked: int | None, briefs: int, quiet: bool) -> int:
    """The processes to build with: as many as asked, but no more than the cores (saying so)
    or the briefs; one per core by default."""
    from policybrief.batch import cores, default_workers

    if asked is None:
        return default_workers(briefs)
    if asked > cores() and not quiet:
        using = min(cores(), briefs)
        note = f"note: -j {asked} is more than the {cores()} cores here; using {using}"
        click.echo(note, err=True)
    return max(1, min(asked, cores(), briefs))


def _collect(outcomes, count: int, quiet: bool, debug: bool = False) -> list:
    """Every outcome, each shown as it comes, or after a progress bar on a terminal.

    Why: a bar on stderr and lines on stdout would tangle on one screen, so with the bar the
    lines wait until it is full.
    """
    if count > 1 and not quiet and sys.stderr.isatty():
        with click.progressbar(outcomes, length=count, label="Building", file=sys.stderr) as bar:
            done = list(bar)
        for outcome in done:
            _show(outcome, quiet, debug=debug)
        return done
    done = []
    for outcome in outcomes:
        _show(outcome, quiet, debug=debug)
        done.append(outcome)
    return done


def _summarise(done: list, briefs: tuple[Path, ...], seconds: float, quiet: bool) -> None:
    """The batch's last lines: how many briefs were built, and how long the batch took; with
    failures, each failed brief's first problem, in the order the briefs were given."""
    failed = [o for o in done if not o.ok]
    built = len(done) - len(failed)
    if not failed:
        if not quiet:
            click.echo(f"built {built} briefs in {seconds:.1f} s")
        return
    click.echo(
        f"built {built} of {len(done)} briefs in {seconds:.1f} s; {len(failed)} failed:", err=True
    )
    order = {brief: index for index, brief in enumerate(briefs)}
    for outcome in sorted(failed, key=lambda o: order[o.brief]):
        click.echo(f"  {outcome.problems[0]}", err=True)


def _show(outcome, quiet: bool, timed: bool = False, debug: bool = False) -> None:
    """Print one brief's warnings, errors (with an internal error's traceback when
    debugging), or the file it wrote."""
    for warning in outcome.warnings:
        _echo(warning.format("warning"), err=True, timed=timed)
    if debug and outcome.trace:
        _echo(outcome.trace.rstrip("\n"), err=True, timed=timed)
    if not outcome.ok:
        _report(BriefError(outcome.problems), timed=timed)
    elif not quiet:
        _echo(f"wrote {outcome.output} ({outcome.seconds:.2f} s)", timed=timed)


@main.command()
@click.argument("briefs", nargs=-1, required=True, type=click.Path(path_type=Path))
@_debug_option
def validate(briefs: tuple[Path, ...], debug: bool) -> None:
    """Check each BRIEF (and its theme) and print every error; write nothing."""
    from policybrief.batch import internal_error
    from policybrief.pipeline import validate as validate_brief

    failed = False
    for brief in briefs:
        try:
            validate_brief(brief)
        except BriefError as err:
            _report(err)
            failed = True
        except Exception as err:  # a bug: said in one line, the other briefs still checked
            _show(internal_error(brief, err), quiet=True, debug=debug)
            failed = True
        else:
            click.echo(f"{brief}: ok")
    if failed:
        sys.exit(BriefError.exit_code)


@main.command()
@click.argument("brief", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PDF to write (default: output/<brief name>.pdf).",
)
@click.option("--paper", type=click.Choice(["a4", "letter"]), help="Paper size.")
@click.option("--theme", callback=_check_theme, help="Theme name or theme file.")
@_print_option
@_pdfa_option
@_debug_option
def watch(
    brief: Path,
    output: Path | None,
    paper: str | None,
    theme: str | None,
    print_marks: bool,
    pdfa: bool,
    debug: bool,
) -> None:
    """Rebuild BRIEF on every save of it, its images or its theme; Ctrl-C stops."""
    from policybrief.watch import Watching, watch_brief

    options = BuildOptions(paper=paper, theme=theme, print_marks=print_marks, pdfa=pdfa)
    try:
        for event in watch_brief(brief, output, options):
            if isinstance(event, Watching):
                _echo(f"watching {brief} (Ctrl-C stops)", timed=True)
            else:
                _show(event, quiet=False, timed=True, debug=debug)
    except BriefError as err:
        _fail(err, timed=True)
    except KeyboardInterrupt:
        _interrupted(timed=True)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", help="The new brief's title.")
def new(path: Path, title: str | None) -> None:
    """Write a starter brief to PATH that builds as it is."""
    from policybrief.starter import starter_brief

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as stream:
            stream.write(starter_brief(path, title))
    except FileExistsError:
        _fail(
            BriefError.single(str(path), "already exists; not overwritten", "choose another name")
        )
    except OSError as err:
        _fail(BriefError.single(str(path), f"cannot write: {err.strerror}"))
    click.echo(f"wrote {path}; build it with: policybrief build {path}")


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of standard output.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the brief format."""
    from policybrief.model.brief import brief_schema

    text = json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n"
    if output:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as err:
            _fail(BriefError.single(str(output), f"cannot write: {err.strerror}"))
    else:
        click.echo(text, nl=False)


@main.command()
def themes() -> None:
    """List the built-in themes."""
    from policybrief.load import load_theme
    from policybrief.model.theme import builtin_theme_names

    for name in builtin_theme_names():
        click.echo(f"{name:<12} {load_theme(name).description}")
