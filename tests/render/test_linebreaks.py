"""Line breaking a designer accepts, paragraph by paragraph (the PDFs are checked in
test_typography.py)."""

from __future__ import annotations

import pytest

from policybrief.load import load_theme
from policybrief.render import linebreaks
from policybrief.render.adapter import line_text, paragraph_lines
from policybrief.render.context import make_context
from policybrief.render.fonts import register_fonts
from policybrief.render.tagging import TaggedParagraph


@pytest.fixture(scope="module")
def ctx():
    register_fonts()
    return make_context(load_theme("institute"), "a4")


def _lines(text: str, style, width: float) -> list[str]:
    paragraph = TaggedParagraph(text, style)
    paragraph.wrap(width, 1000)
    return [line_text(line).strip() for line in paragraph_lines(paragraph)]


def test_a_short_last_line_takes_words_from_the_line_above(ctx):
    text = "The relationship should rest on equal standing and reciprocity in the region."
    lines = _lines(text, ctx.style("body").clone("b", leftIndent=0), 300)
    assert len(lines) == 2 and len(lines[-1]) >= linebreaks.RUNT, lines


@pytest.mark.parametrize(
    "title",
    ["Pakistan as a target of militancy", "The \u201csafe-havens\u201d charge in Congress"],
)
def test_a_title_with_a_short_last_line_is_balanced(ctx, title):
    lines = _lines(title, ctx.style("finding_title"), 117)
    assert len(lines) == 2
    assert min(map(len, lines)) >= 0.5 * max(map(len, lines)), lines


def test_a_title_whose_last_line_is_full_enough_keeps_its_breaks(ctx):
    title = "Bridging the U.S.\u2013Pakistan Divide After the Taliban Takeover"
    assert _lines(title, ctx.style("title"), 427) == [
        "Bridging the U.S.\u2013Pakistan Divide",
        "After the Taliban Takeover",
    ]


def test_a_paragraph_measured_again_at_one_width_is_broken_once(ctx, monkeypatch):
    calls = []
    original = linebreaks._break_well

    def counted(*args):
        calls.append(args[1])
        return original(*args)

    monkeypatch.setattr(linebreaks, "_break_well", counted)
    paragraph = TaggedParagraph(
        "Words enough to fill two lines of a narrow column. " * 3, ctx.style("body")
    )
    first = paragraph.wrap(400, 1000)
    assert paragraph.wrap(400, 1000) == first and len(calls) == 1
    paragraph.wrap(380, 1000)  # another width: broken again
    assert len(calls) == 2
    ctx.style("body").hyphenationLang.lines_broken_on[1] += 2  # this page's budget is spent
    paragraph.wrap(380, 1000)
    assert len(calls) == 3
