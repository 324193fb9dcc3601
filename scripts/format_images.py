"""The pictures in docs/format.md: each block of the format, built and cropped from the PDF.

Usage: python scripts/format_images.py   (`make docs-images` runs it)

Why: the reference shows what each snippet gives, and a script (not a hand) makes the
pictures, so they follow the renderer when it changes.
"""

from __future__ import annotations

import shutil
import tempfile
import textwrap
from pathlib import Path

import pdfplumber
import pypdfium2

import policybrief
from policybrief.model.theme import Theme

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
SCALE = 1.5  # 108 dpi: legible, small

HEAD = """\
title: Example
date: 2026-01-15
summary: [A takeaway.]
sections:
  - heading: Example
    body:
"""

REFERENCES = """\
references:
  - {id: source, text: "A source, Publisher, 2026."}
"""

#: name -> the blocks of a section body, as YAML, in the form docs/format.md shows.
SNIPPETS = {
    "paragraph": """\
- A paragraph with *emphasis*, **strong** text, a [link](https://example.org) and a
  note.[@source] "Quotes" curl, and two hyphens -- make a dash.
""",
    "lists": """\
- bullets: [A point without an order., Another point.]
- numbered: [A first step., A second step.]
""",
    "quote": """\
- quote: Words exactly as the source printed them
  by: A. Speaker
  role: their role
""",
    "callout": """\
- callout: What a callout is for
  body:
    - A definition, a case or a sidebar, set apart.
    - bullets: [It holds paragraphs and lists.]
""",
    "findings": """\
- findings:
    - title: A finding
      text: What it means, in a sentence or two.
    - title: Another finding
      text: Titles hang in the margin beside the text.
""",
    "recommendations": """\
- recommendations:
    - title: A measure
      text: What should be done, and why.
      actors: [Government, Parliament]
""",
    "figure": """\
- figure: How a brief becomes a PDF
  image: pipeline.svg
  alt: Three boxes joined by arrows - brief.yaml, the model, brief.pdf.
  source: policybrief documentation.
""",
    "chart": """\
- chart: "Illustrative data: exports by year"
  type: bar
  categories: ["2019", "2020", "2021"]
  series:
    - {name: Goods, values: [1.5, 2, 2.4]}
    - {name: Services, values: [0.5, 0.7, 0.9]}
  y_title: Exports
  unit: US$ bn
  alt: Illustrative exports of goods and services rising each year.
  source: Invented numbers.
""",
    "number": """\
- chart: The headline figure
  type: number
  value: "66"
  label: characters in a line of body text.
""",
    "table": """\
- table: "Illustrative data: trade with neighbours"
  columns: [Country, Exports, Share]
  rows:
    - [Country A, "1,234", "12%"]
    - [Country B, "2,345", "23%"]
  note: Invented numbers.
""",
}


def crop(pdf: Path, target: Path) -> None:
    """Page 1 from the section's heading to the last mark before the back matter's heading."""
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        heading = Theme(name="institute").sizes.heading  # the default theme's heading size
        headings = sorted(  # the section's, then the notes' or the back matter's
            round(w["top"])
            for w in page.extract_words(extra_attrs=["size"])
            if abs(w["size"] - heading) < 0.1 and w["text"] in {"Example", "Notes", "About"}
        )
        # up to the next heading (notes, back matter) or the foot of the text frame
        top = headings[0] - 14
        end = headings[1] - 20 if len(headings) > 1 else page.height - 60
        marks = [*page.chars, *page.rects, *page.lines, *page.images, *page.curves]
        bottom = max(m["bottom"] for m in marks if top < m["top"] < end) + 10
        left, right = 60, page.width - 60
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=SCALE).to_pil()
    image.crop([round(v * SCALE) for v in (left, top, right, bottom)]).save(target)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(ROOT / "briefs" / "images" / "pipeline.svg", tmp)
        for name, blocks in SNIPPETS.items():
            brief = Path(tmp) / f"{name}.yaml"
            body = textwrap.indent(blocks, " " * 6)
            notes = REFERENCES if "[@source]" in blocks else ""
            brief.write_text(HEAD + body + notes, encoding="utf-8")
            pdf = policybrief.build(brief, Path(tmp) / f"{name}.pdf").output
            crop(pdf, OUT / f"format-{name}.png")
            print(f"wrote {OUT / f'format-{name}.png'}")
    shutil.rmtree(OUT / "__pycache__", ignore_errors=True)


if __name__ == "__main__":
    main()
