"""policybrief: a policy brief written in YAML, rendered as a publication-grade PDF."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build"]


def build(brief_path, output_path=None, **options):
    """Build one brief into a PDF; see `policybrief.build.build_brief` for the options."""
    from policybrief.build import build_brief

    return build_brief(brief_path, output_path, **options)
