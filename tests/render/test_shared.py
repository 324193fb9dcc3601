"""What the shared render helpers put in the PDF: link labels as typed, anchors of notes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from tests.helpers import build_pdf

#: Addresses the model accepts whose characters are markup to ReportLab.
ORG_URL = "https://example.org/org?b=1&c=<i>x</i>"
SOURCE_URL = "https://example.org/src?b=1&c=<i>y</i>"
REFERENCE_URL = "https://example.org/ref?b=1&c=<b>z</b>"
EMAIL = "a&b@example.org"

LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. "


def _write(folder: Path, text: str) -> Path:
    brief = folder / "brief.yaml"
    brief.write_text(text, encoding="utf-8")
    return brief


def _page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as doc:
        return [page.extract_text() for page in doc.pages]


def _annotations(pdf: pikepdf.Pdf) -> list[tuple[int, pikepdf.Dictionary]]:
    """(page index, annotation) of every annotation, in page order."""
    return [
        (number, annotation)
        for number, page in enumerate(pdf.pages)
        for annotation in page.get("/Annots", [])
    ]


@pytest.fixture(scope="module")
def links_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("links")
    brief = _write(
        folder,
        f"""title: Links
date: 2021-09-20
authors:
  - {{name: Ada Example, affiliation: Example Institute, email: "{EMAIL}"}}
organization:
  name: Example Institute
  url: "{ORG_URL}"
  about: The institute publishes briefs.
source:
  title: The Work
  publisher: Example Press
  year: "2020"
  url: "{SOURCE_URL}"
summary: [Takeaway]
sections:
  - heading: H
    body:
      - A claim.[@one]
references:
  - id: one
    text: A reference.
    url: "{REFERENCE_URL}"
""",
    )
    return build_pdf(brief, folder / "links.pdf")


@pytest.mark.parametrize(
    "label, where",
    [
        (ORG_URL, "organization url, back page"),
        (SOURCE_URL, "source url, page 1 and back page"),
        (REFERENCE_URL, "reference url, notes"),
        (EMAIL, "author email, back page"),
    ],
    ids=["organization-url", "source-url", "reference-url", "author-email"],
)
def test_link_labels_print_the_address_as_typed(links_pdf, label, where):
    """An address shown as a link's label prints literally: '<i>' and '&' are not markup."""
    text = "".join("".join(page.split()) for page in _page_texts(links_pdf))
    expected = 2 if label == SOURCE_URL else 1
    assert text.count(label) == expected, where


def test_link_annotations_point_at_the_exact_address(links_pdf):
    """Each address printed as a link is the URI of a link annotation, character for character."""
    with pikepdf.open(links_pdf) as pdf:
        uris = [str(a.A.URI) for _, a in _annotations(pdf) if "/A" in a and "/URI" in a.A]
    assert sorted(uris) == sorted(
        [ORG_URL, SOURCE_URL, SOURCE_URL, REFERENCE_URL, f"mailto:{EMAIL}"]
    )


@pytest.fixture(scope="module")
def cited_pdf(tmp_path_factory) -> Path:
    """One reference cited three times, on three different pages."""
    folder = tmp_path_factory.mktemp("cited")
    filler = "      - >-\n        " + LOREM * 40 + "\n"
    brief = _write(
        folder,
        "title: Notes\ndate: 2021-09-20\nsummary: [Takeaway]\nsections:\n"
        "  - heading: H\n    body:\n"
        "      - The first claim.[@one]\n"
        + filler * 2
        + "      - The second claim.[@one]\n"
        + filler * 2
        + "      - The third claim.[@one]\n"
        "references:\n  - {id: one, text: The one reference.}\n",
    )
    return build_pdf(brief, folder / "cited.pdf")


def _destination(pdf: pikepdf.Pdf, annotation: pikepdf.Dictionary) -> pikepdf.Array:
    """The explicit destination of an internal link, named or not.

    ReportLab writes `<a name>` anchors as explicit /Dest arrays on the links that use them
    (no /Names /Dests tree), so the anchor is observed where the back-link lands.
    """
    dest = annotation.get("/Dest")
    if dest is None and "/A" in annotation:
        dest = annotation.A.get("/D")
    if isinstance(dest, (pikepdf.String, pikepdf.Name)):
        name = str(dest).lstrip("/")
        if "/Dests" in pdf.Root:
            dest = pdf.Root.Dests[f"/{name}"]
        else:
            dest = pikepdf.NameTree(pdf.Root.Names.Dests)[name]
        dest = dest.D if isinstance(dest, pikepdf.Dictionary) else dest
    assert isinstance(dest, pikepdf.Array), annotation
    return dest


def test_a_note_links_back_to_its_first_citation(cited_pdf):
    """The note's number goes back to the first of three markers, not to a later one."""
    with pikepdf.open(cited_pdf) as pdf:
        page_of = {page.objgen: number for number, page in enumerate(pdf.pages)}
        internal = [(n, a) for n, a in _annotations(pdf) if "/URI" not in a.get("/A", {})]
        notes_page = page_of[_destination(pdf, internal[0][1])[0].objgen]
        markers = [(n, a) for n, a in internal if n != notes_page]
        backs = [(n, a) for n, a in internal if n == notes_page]
        assert len(markers) == 3 and len({n for n, _ in markers}) == 3
        [(_, back)] = backs
        target = _destination(pdf, back)
        first_page, first = markers[0]
        x0, y0, _, y1 = (Decimal(str(v)) for v in first.Rect)
        pages = [n for n, _ in markers]
        assert page_of[target[0].objgen] == first_page, f"markers on {pages}"
        assert str(target[1]) == "/XYZ"
        assert abs(Decimal(str(target[2])) - x0) < 1
        assert y0 <= Decimal(str(target[3])) <= y1 + 12
