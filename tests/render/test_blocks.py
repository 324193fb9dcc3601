"""Each block kind has one render function, and it returns the flowables we expect."""

from __future__ import annotations

import typing

from reportlab.platypus import Paragraph, Table

from policybrief.model.brief import BLOCK_KINDS, Block
from policybrief.model.theme import Theme
from policybrief.render.blocks import BLOCK_RENDERERS, render_blocks
from policybrief.render.boxes import RailRow
from policybrief.render.context import make_context
from policybrief.render.fonts import register_fonts


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
        assert "Addressed to:" in right[2].text and "A \u00b7 B" in right[2].text


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
    label_width = table._argW[0] - ctx.rail
    assert label_width >= stringWidth("12.", "SourceSansPro-Semibold", 10.5) + 4
