"""Contact sheets of every page of the example briefs, in every theme and paper size.

Usage: python scripts/proofs.py [OUT_DIR]   (default output/proofs; `make proofs` runs it)

Why: a reader sees the page, not the test. One PNG per brief x theme x paper, pages side by
side at a scale that shows the layout, for a reviewer to look at before layout work is done.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image

import policybrief
from policybrief.model.theme import builtin_theme_names

ROOT = Path(__file__).resolve().parent.parent
BRIEFS = sorted((ROOT / "briefs").glob("*.yaml"))
SCALE = 0.6  # 43 dpi: the whole layout, body text not quite legible
COLUMNS = 4
GAP = 12


def contact_sheet(pdf: Path) -> Image.Image:
    """The pages of a PDF side by side, COLUMNS to a row, on a grey ground."""
    document = pypdfium2.PdfDocument(pdf)
    pages = [document[i].render(scale=SCALE).to_pil() for i in range(len(document))]
    width = max(p.width for p in pages)
    height = max(p.height for p in pages)
    rows = (len(pages) + COLUMNS - 1) // COLUMNS
    columns = min(COLUMNS, len(pages))
    sheet = Image.new(
        "RGB", (columns * (width + GAP) + GAP, rows * (height + GAP) + GAP), "#9a9a9a"
    )
    for index, page in enumerate(pages):
        row, column = divmod(index, COLUMNS)
        sheet.paste(page, (GAP + column * (width + GAP), GAP + row * (height + GAP)))
    return sheet


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    themes = [None, *builtin_theme_names()]  # None: the theme the brief names
    with tempfile.TemporaryDirectory() as tmp:
        for brief, theme, paper in itertools.product(BRIEFS, themes, ("a4", "letter")):
            name = f"{brief.stem}-{theme or 'own-theme'}-{paper}"
            pdf = policybrief.build(
                brief, Path(tmp) / f"{name}.pdf", paper=paper, theme=theme
            ).output
            contact_sheet(pdf).save(out_dir / f"{name}.png")
            print(f"wrote {out_dir / name}.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output" / "proofs")
