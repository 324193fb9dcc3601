"""What many test modules share: building a PDF through the library's entry point."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import policybrief


def build_pdf(brief: str | Path, output: str | Path, **settings: Any) -> Path:
    """Build a brief with `policybrief.build` and return the PDF's path."""
    return policybrief.build(brief, output, **settings).output
