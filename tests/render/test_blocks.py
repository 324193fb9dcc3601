"""Each block kind has one render function, and it returns the flowables we expect."""

from __future__ import annotations

import shutil
import typing
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.platypus import Paragraph, Table

from policybrief.model.brief import BLOCK_KINDS, Block
from policybrief.model.evidence import Chart
from policybrief.model.theme import Theme
from policybrief.render.blocks import BLOCK_RENDERERS, render_blocks
from policybrief.render.boxes import RailRow
from policybrief.render.context import make_context
from policybrief.render.fonts import register_fonts
from tests.helpers import build_pdf

IMAGES = Path(__file__).resolve().parent.parent / "data" / "images"


def _ctx():
    register_fonts()
    return make_context(Theme(name="test"), "a4")


def test_every_block_kind_has_a_renderer():
    union = typing.get_args(typing.get_args(Block)[0])
    kinds = {typing.get_args(member)[0] for member in union}
    kinds = {
        typing.get_args(k)[0] if typing.get_origin(k) is typing.Annotated else k for k in kinds
    }
    assert kinds == set(BLOCK_RENDERERS)
    assert set(BLOCK_KINDS.values()) | {str} == set(BLOCK_RENDERERS)


def test_paragraph_escapes_user_markup():
    [flow] = render_blocks(["<b>not bold</b> & *em*"], _ctx())
    assert isinstance(flow, Paragraph)
    assert flow.text == "&lt;b&gt;not bold&lt;/b&gt; &amp; <i>em</i>"
    assert flow.style.name == "body"


def test_lists_are_one_row_per_item_with_a_label():
    ctx = _ctx()
    bullets = BLOCK_KINDS["bullets"](bullets=["a", "b"])
    numbered = BLOCK_KINDS["numbered"](numbered=["a", "b", "c"])
    b = next(f for f in render_blocks([bullets], ctx) if isinstance(f, Table))
    n = next(f for f in render_blocks([numbered], ctx) if isinstance(f, Table))
    assert [row[0].text for row in b._cellvalues] == ["\u2022", "\u2022"]
    assert [row[0].text for row in n._cellvalues] == ["1.", "2.", "3."]
    assert [row[1].text for row in n._cellvalues] == ["a", "b", "c"]


def test_recommendations_are_one_card_each_numbered_in_order():
    rec = BLOCK_KINDS["recommendations"](
        recommendations=[
            {"title": f"Measure {n}", "text": "Why.", "actors": ["A", "B"]} for n in (1, 2, 3)
        ]
    )
    cards = [f.table for f in render_blocks([rec], _ctx()) if isinstance(f, RailRow)]
    assert len(cards) == 3
    for number, card in enumerate(cards, start=1):
        left, right = card._cellvalues[0]
        assert left.text == str(number)
        # who must act opens the card, above its title, in capitals
        assert (
            right[0].getPlainText().startswith("ADDRESSED TO")
            and "A \u00b7 B" in right[0].getPlainText()
        )


def test_quote_is_set_in_curly_quotes_with_speaker():
    quote = BLOCK_KINDS["quote"](quote="Words", by="Someone", role="a role")
    [table] = [f.table for f in render_blocks([quote], _ctx()) if isinstance(f, RailRow)]
    words, speaker = table._cellvalues[0][1]
    assert words.text == "\u201cWords\u201d"
    assert speaker.text.endswith("Someone, a role")


def test_long_numbered_lists_leave_room_for_two_digit_numbers():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    ctx = _ctx()
    numbered = BLOCK_KINDS["numbered"](numbered=[f"Item {n}" for n in range(1, 13)])
    table = next(f for f in render_blocks([numbered], ctx) if isinstance(f, Table))
    # the numbers hang in the rail, right-aligned, and the items keep the column's left edge
    assert table._argW[0] == ctx.rail
    label = table._cellvalues[11][0]
    room = table._argW[0] - label.style.rightIndent
    assert label.style.alignment == TA_RIGHT and 0 < label.style.rightIndent <= 6
    assert room >= stringWidth("12.", "SourceSansPro-Semibold", 10.5) + 4


def test_list_bullets_in_a_box_without_room_to_hang_sit_inside_it():
    from policybrief.render.boxes import list_table

    ctx = _ctx()
    [table, _] = list_table(["One", "Two"], ctx, numbered=False, indent=0, width=200, style="item")
    assert table._argW[0] >= 12 and table._cellvalues[0][0].style.alignment == TA_LEFT


# --- every block kind, in the built PDF's structure tree ------------------------------------

#: One block of each kind (YAML under `body:`) and the structure it must produce: each element
#: as (role, its own text) or (role, [its kids]); a Figure's "text" is its /Alt, a TH's role
#: carries its /Scope. Texts are read from the marked content each element owns.
BLOCK_STRUCTURE = {
    "paragraph": (
        "      - A plain paragraph of running text.\n",
        [("P", "A plain paragraph of running text.")],
    ),
    "bullets": (
        "      - bullets: [First point, Second point]\n",
        [
            (
                "L",
                [
                    ("LI", [("Lbl", "\u2022"), ("LBody", "First point")]),
                    ("LI", [("Lbl", "\u2022"), ("LBody", "Second point")]),
                ],
            )
        ],
    ),
    "numbered": (
        "      - numbered: [First step, Second step]\n",
        [
            (
                "L",
                [
                    ("LI", [("Lbl", "1."), ("LBody", "First step")]),
                    ("LI", [("Lbl", "2."), ("LBody", "Second step")]),
                ],
            )
        ],
    ),
    "quote": (
        "      - quote: Words exactly as spoken\n        by: A. Speaker\n        role: envoy\n",
        [
            (
                "BlockQuote",
                [("P", "\u201cWords exactly as spoken\u201d"), ("P", "\u2014 A. Speaker, envoy")],
            )
        ],
    ),
    "callout": (
        "      - callout: Boxed title\n        body:\n          - Boxed paragraph.\n"
        "          - bullets: [Boxed point]\n          - numbered: [Boxed step]\n",
        [
            (
                "Div",
                [
                    ("H3", "Boxed title"),
                    ("P", "Boxed paragraph."),
                    ("L", [("LI", [("Lbl", "\u2022"), ("LBody", "Boxed point")])]),
                    ("L", [("LI", [("Lbl", "1."), ("LBody", "Boxed step")])]),
                ],
            )
        ],
    ),
    "findings": (
        "      - findings:\n          - {title: First finding, text: What it means.}\n"
        "          - {title: Second finding, text: Why it matters.}\n",
        [
            ("H3", "First finding"),
            ("P", "What it means."),
            ("H3", "Second finding"),
            ("P", "Why it matters."),
        ],
    ),
    "recommendations": (
        "      - recommendations:\n"
        "          - {title: First measure, text: What to do., actors: [Government]}\n"
        "          - {title: Second measure, text: Why., actors: [Parliament, Courts]}\n",
        [
            (
                "L",
                [
                    (
                        "LI",
                        [
                            ("Lbl", "1"),
                            (
                                "LBody",
                                [
                                    ("P", "ADDRESSED TO GOVERNMENT"),
                                    ("H3", "First measure"),
                                    ("P", "What to do."),
                                ],
                            ),
                        ],
                    ),
                    (
                        "LI",
                        [
                            ("Lbl", "2"),
                            (
                                "LBody",
                                [
                                    ("P", "ADDRESSED TO PARLIAMENT \u00b7 COURTS"),
                                    ("H3", "Second measure"),
                                    ("P", "Why."),
                                ],
                            ),
                        ],
                    ),
                ],
            )
        ],
    ),
    "figure": (
        "      - figure: A blue block\n        image: images/block.png\n"
        "        alt: A blue rectangle.\n        source: Made for the tests.\n",
        [
            (
                "Div",
                [
                    ("Caption", "Figure 1. A blue block"),
                    ("Figure", "A blue rectangle."),
                    ("P", "Source: Made for the tests."),
                ],
            )
        ],
    ),
    "chart bar": (
        "      - chart: Bars by year\n        type: bar\n        categories: ['2019', '2020']\n"
        "        series: [{name: Goods, values: [1, 2]}]\n        alt: Goods doubled.\n"
        "        source: Invented numbers.\n",
        [
            (
                "Div",
                [
                    ("Caption", "Figure 1. Bars by year"),
                    ("Figure", "Goods doubled."),
                    ("P", "Source: Invented numbers."),
                ],
            )
        ],
    ),
    "chart line": (
        "      - chart: Lines by year\n        type: line\n        categories: ['2019', '2020']\n"
        "        series: [{name: Goods, values: [1, 2]}, {name: Services, values: [2, 1]}]\n"
        "        alt: Goods rose as services fell.\n",
        [
            (
                "Div",
                [
                    ("Caption", "Figure 1. Lines by year"),
                    ("Figure", "Goods rose as services fell."),
                ],
            )
        ],
    ),
    "chart number": (
        "      - chart: The headline figure\n        type: number\n        value: '66'\n"
        "        label: characters in a line.\n",
        [("Div", [("H3", "The headline figure"), ("P", "66"), ("P", "characters in a line.")])],
    ),
    "table": (
        "      - table: Trade with neighbours\n        columns: [Country, Exports]\n"
        "        rows:\n          - [Country A, '1,234']\n          - [Country B, '']\n"
        "        note: Invented numbers.\n",
        [
            (
                "Table",
                [
                    ("Caption", "Table 1. Trade with neighbours"),
                    ("TR", [("TH Column", "Country"), ("TH Column", "Exports")]),
                    ("TR", [("TD", "Country A"), ("TD", "1,234")]),
                    ("TR", [("TD", "Country B"), ("TD", "")]),
                ],
            ),
            ("P", "Note: Invented numbers."),
        ],
    ),
}

#: The section that holds the block under test; its H2 reads "1" + this.
SECTION = "Blocks under test"


def _brief_with(block_yaml: str, folder: Path) -> Path:
    (folder / "images").mkdir(exist_ok=True)
    shutil.copy(IMAGES / "block.png", folder / "images" / "block.png")
    brief = folder / "brief.yaml"
    brief.write_text(
        "title: Structure\ndate: 2021-09-20\nsummary: [Takeaway]\nsections:\n"
        f"  - heading: {SECTION}\n    body:\n{block_yaml}",
        encoding="utf-8",
    )
    return brief


def _marked_text(path: Path) -> tuple[dict[tuple[int, int], str], str]:
    """The text of each (page index, MCID), and all text drawn outside any MCID."""
    owned: dict[tuple[int, int], str] = defaultdict(str)
    loose = []
    with pdfplumber.open(path) as doc:
        for number, page in enumerate(doc.pages):
            for char in page.chars:
                if char.get("mcid") is None:
                    loose.append(char["text"])
                else:
                    owned[number, char["mcid"]] += char["text"]
    return owned, "".join(loose)


def _outline(element: pikepdf.Dictionary, pages: dict, owned: dict) -> tuple:
    """(role, text) for an element that holds content, (role, [kids]) for a container."""
    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
    role = str(element.S)[1:]
    if role == "TH":
        role += " " + str(element.get("/A", {}).get("/Scope", "/(no scope)"))[1:]
    children, text = [], ""
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            if kid.S != "/Link":
                children.append(_outline(kid, pages, owned))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            text += owned[pages[kid.Pg.objgen], int(kid.MCID)]
        elif not isinstance(kid, pikepdf.Dictionary):
            text += owned[pages[element.Pg.objgen], int(kid)]
    if role == "Figure":
        return (role, str(element.Alt))
    if children:
        assert not text.strip(), f"{role} holds both text and elements"
        return (role, children)
    return (role, " ".join(text.split()))


def _block_structure(path: Path) -> list[tuple]:
    """The outlines of the elements between the test section's H2 and the next H2."""
    owned, _ = _marked_text(path)
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        [document] = pdf.Root.StructTreeRoot.K
        top = [_outline(e, pages, owned) for e in document.K]
    start = top.index(("H2", f"1 {SECTION}")) + 1
    end = next(i for i in range(start, len(top)) if top[i][0] == "H2")
    return top[start:end]


def _texts(outline: list[tuple]) -> list[str]:
    return [
        t
        for role, content in outline
        for t in (_texts(content) if isinstance(content, list) else [content])
        if role != "Figure"
    ]


@pytest.fixture(scope="module")
def block_pdfs(tmp_path_factory) -> dict[str, Path]:
    built = {}
    for kind, (block_yaml, _) in BLOCK_STRUCTURE.items():
        folder = tmp_path_factory.mktemp(kind.replace(" ", "-"))
        built[kind] = build_pdf(_brief_with(block_yaml, folder), folder / "brief.pdf")
    return built


def test_the_structure_table_covers_every_block_kind():
    """The table below has a row for every block kind the format has, and every chart type."""
    kinds = {kind.split()[0] for kind in BLOCK_STRUCTURE} - {"paragraph"}
    assert kinds == set(BLOCK_KINDS)
    charts = {kind.split()[1] for kind in BLOCK_STRUCTURE if kind.startswith("chart ")}
    assert charts | {"stacked"} == set(typing.get_args(Chart.model_fields["type"].annotation))


@pytest.mark.parametrize("kind", list(BLOCK_STRUCTURE))
def test_each_block_kind_produces_its_structure_roles(block_pdfs, kind):
    """Each block kind is tagged with the roles it must have, each holding its own text."""
    assert _block_structure(block_pdfs[kind]) == BLOCK_STRUCTURE[kind][1]


@pytest.mark.parametrize("kind", list(BLOCK_STRUCTURE))
def test_no_text_of_a_block_is_drawn_as_an_artifact(block_pdfs, kind):
    """Every word a block shows is inside tagged content: none is drawn outside an MCID."""
    _, loose = _marked_text(block_pdfs[kind])
    words = {w for t in _texts(BLOCK_STRUCTURE[kind][1]) for w in t.split() if len(w) > 3}
    assert words
    assert not {w for w in words if w in loose}, loose
