"""policybrief: a policy brief written in YAML, rendered as a publication-grade PDF.

The library's entry points are `build()` and `validate()`; they take a `BuildOptions` (or its
fields as keywords) and may be called any number of times in one process:

    import policybrief
    result = policybrief.build("briefs/x.yaml", "output/x.pdf", paper="letter")
    result.output, result.warnings
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` itself costs 13 ms of start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from policybrief.errors import BriefError, Problem
    from policybrief.options import BuildOptions
    from policybrief.pipeline import BuildResult, ValidationResult

__version__ = "0.1.0"

__all__ = ["BriefError", "BuildOptions", "Problem", "__version__", "build", "validate"]


def build(
    brief: str | Path,
    output: str | Path | None = None,
    options: BuildOptions | None = None,
    **settings: Any,
) -> BuildResult:
    """Build one brief into a PDF (`output/<brief name>.pdf` by default).

    Args:
        brief: the brief's YAML file.
        output: the PDF to write.
        options: how to build; `settings` (paper=, theme=, print_marks=, pdfa=) override it.

    Returns:
        The brief, the PDF written, and the warnings found (located problems).

    Raises:
        BriefError: the brief has problems, or the PDF cannot be written.
    """
    from policybrief.pipeline import build as build_pdf

    return build_pdf(brief, output, _options(options, settings))


def validate(
    brief: str | Path, options: BuildOptions | None = None, **settings: Any
) -> ValidationResult:
    """Check one brief and its theme, as `build` would, without writing anything.

    Raises:
        BriefError: every problem found, each with its file, line and column.
    """
    from policybrief.pipeline import validate as validate_brief

    return validate_brief(brief, _options(options, settings))


def _options(options: BuildOptions | None, settings: dict[str, Any]) -> BuildOptions:
    from dataclasses import replace

    from policybrief.options import BuildOptions

    options = options or BuildOptions()
    return replace(options, **settings) if settings else options


#: Names imported when first used: `import policybrief` (and so the command's start-up,
#: before it can catch Ctrl-C) imports nothing at all.
_LAZY = {
    "BriefError": "policybrief.errors",
    "Problem": "policybrief.errors",
    "BuildOptions": "policybrief.options",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'policybrief' has no attribute {name!r}")
