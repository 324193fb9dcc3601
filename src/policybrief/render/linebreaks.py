"""Where a paragraph's lines end: the rules a book designer holds line breaking to.

ReportLab breaks lines greedily and hyphenates any word that does not fit. On top of that,
a paragraph here:
- hyphenates only when moving the word down whole would leave a hole: the rag may run to
  about 3.5 ems (36 pt at 10.5 pt) before a word is broken;
- never ends two lines in a row in a broken word, nor its second-to-last line;
- never ends a page in a broken word (the page ends a line early instead);
- keeps to a budget of broken words per page: BROKEN_PER_PAGE, or one more where the rag
  would otherwise be a hole (the page is the one the paragraph is being laid out for; counts
  are kept by the render's hyphenator as paragraphs are drawn);
- does not end on a runt: a last line of under RUNT characters takes words from the line
  above.
Display type (titles, headings, rail labels: never hyphenated) whose last line is short is
balanced instead: set in the narrowest measure that keeps its number of lines, so a two-line
title is two even lines, not a full line and a runt ("The safe-havens / charge").
Which words may break, and where, is hyphenation.py's business.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.platypus import Paragraph

from policybrief.render.adapter import (
    WordBreakJudge,
    broken_lines,
    is_wrapped,
    judging_word_breaks,
    line_text,
    line_unused_width,
    paragraph_lines,
    widened,
)

#: The rag a line may have before its last word is broken instead, in ems ...
RAG_BEFORE_BREAKING = 3.5
#: ... or as a share of a narrow column's width, where 3.5 ems would be most of a line.
RAG_SHARE_BEFORE_BREAKING = 0.15
#: Lines a page may end in a broken word ...
BROKEN_PER_PAGE = 2
#: ... and one more where leaving the word whole would leave this many times the rag.
HOLE_FOR_AN_EXTRA_BREAK = 2.0
#: A last line shorter than this many characters is a runt.
RUNT = 10
#: Words a runt may take from the line above it, one at a time.
WORDS_PULLED_DOWN = 3
#: A runt is left alone in a column narrower than this many ems (a table cell): pulling a
#: word down there makes a worse hole than the runt.
RUNT_MEASURE = 15
#: Display type of more lines than this is left as it breaks: balancing is for titles.
BALANCED_LINES = 4
#: Display type is balanced only when its last line fills less than this share of the measure.
BALANCE_BELOW = 0.5
#: How close (in points) balancing gets to the narrowest measure.
BALANCE_PRECISION = 2.0
#: Line breakings one paragraph may try before it keeps the best so far.
ATTEMPTS = 8


class WellBrokenParagraph(Paragraph):
    """A Paragraph whose lines end where a designer would end them (see the module)."""

    #: False for the part of a split paragraph that a page ends: its last line is no
    #: paragraph's end (it is broken again when placed, and must keep its lines)
    ends_paragraph = True

    #: The last breaking: what it was asked (widths, the page's broken lines, whether it
    #: ends the paragraph) and its result. Why: a paragraph is measured again and again at
    #: one width (a box or a float asks, then the frame places it): half the breakings.
    _last: tuple[Any, Any] | None = None

    def breakLines(self, width: Any) -> Any:  # noqa: N802 (ReportLab's name)
        widths = list(width) if isinstance(width, list | tuple) else [width]
        asked = (widths, _broken_on_this_page(self), self.ends_paragraph)
        if self._last is not None and self._last[0] == asked:
            return self._last[1]
        result = _break_well(self, widths, super().breakLines)
        self._last = (asked, result)
        return result

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        hyphenator = self.style.hyphenationLang
        if hasattr(hyphenator, "lines_broken_on"):
            page = hyphenator.page_drawn_last = canv.getPageNumber()
            lines = paragraph_lines(self)
            hyphenator.lines_broken_on[page] += sum(
                line_text(line).rstrip().endswith("-") for line in lines
            )
        super().drawOn(canv, x, y, _sW)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        if not is_wrapped(self):
            self.wrap(availWidth, availHeight)
        lines, leading = paragraph_lines(self), self.style.leading
        fitting = int(availHeight / leading) if leading > 0 else 0
        if 1 < fitting < len(lines) and line_text(lines[fitting - 1]).endswith("-"):
            availHeight = (fitting - 0.5) * leading  # this page ends a line early
        parts = super().split(availWidth, availHeight)
        for part in parts[:-1]:
            part.ends_paragraph = False
        return parts


def _broken_on_this_page(paragraph: Any) -> int | None:
    """Lines broken so far on the page `paragraph` is laid out for (None: nothing is
    hyphenated). The page is its canvas's when a frame places it, else (a table cell
    measured alone) the page drawn on last, which is at worst the page before."""
    hyphenator = paragraph.style.hyphenationLang
    if not hasattr(hyphenator, "lines_broken_on"):
        return None
    canvas = getattr(paragraph, "canv", None)
    page = canvas.getPageNumber() if canvas is not None else hyphenator.page_drawn_last
    return hyphenator.lines_broken_on[page]


def _break_well(paragraph: Any, widths: list[float], break_greedily: Any) -> Any:
    style = paragraph.style
    if not style.hyphenationLang:
        return _balanced(paragraph, widths, break_greedily)
    size = style.fontSize
    enough_rag = min(RAG_BEFORE_BREAKING * size, RAG_SHARE_BEFORE_BREAKING * widths[-1])
    already = _broken_on_this_page(paragraph)
    refused: set[int] = set()
    kept: tuple[Any, int] | None = None  # a breaking with a runt, and its number of lines
    pulled = 0

    def allow(end: int, free: float) -> bool:
        if end in refused or end - 1 in judge.broken or free < enough_rag:
            return False
        if already is None:
            return True
        allowed = BROKEN_PER_PAGE + (free >= HOLE_FOR_AN_EXTRA_BREAK * enough_rag)
        return already + len(judge.broken) < allowed

    for _ in range(ATTEMPTS):
        judge = WordBreakJudge(allow)
        with judging_word_breaks(judge):
            result = break_greedily(widths)
        lines = broken_lines(result)
        count = len(lines)
        # the judge's line ends are the lines' ends unless a <br/> or a split long word
        # ended a line without it: then only its own rules hold
        exact = count == judge.line_ends + 1
        if not paragraph.ends_paragraph:
            return result
        if exact and count >= 2 and count - 2 in judge.broken:
            refused.add(count - 2)  # no broken word on the second-to-last line
            continue
        if kept is not None and count != kept[1]:
            return kept[0]  # pulling a word down made a line more: the runt stays
        if (
            count >= 2
            and len(line_text(lines[-1]).strip()) < RUNT
            and pulled < WORDS_PULLED_DOWN
            and widths[-1] >= RUNT_MEASURE * size
            and len(line_text(lines[-2]).split()) > 2
        ):
            kept, pulled = (result, count), pulled + 1
            widths = _narrowed(widths, count, count - 2, lines[-2], style)
            if exact:
                refused.add(count - 2)
            continue
        return result
    return kept[0] if kept is not None else result


def _narrowed(widths: list[float], count: int, at: int, line: Any, style: Any) -> list[float]:
    """`widths` for `count` lines, the one `at` just too narrow for its last word."""
    each = [widths[min(n, len(widths) - 1)] for n in range(count)]
    # a line may overrun its width by the share of its spaces ReportLab lets it squeeze;
    # half an em bounds any space
    squeeze = style.spaceShrinkage * 0.5 * style.fontSize * len(line_text(line).split())
    each[at] = each[at] - line_unused_width(line) - squeeze - 0.01
    return each


def _balanced(paragraph: Any, widths: list[float], break_greedily: Any) -> Any:
    """Display type broken in the narrowest measure that keeps its number of lines, drawn in
    its own: left-aligned, one measure for every line (else broken as it comes)."""
    result = break_greedily(widths)
    count = len(broken_lines(result))
    if (
        not 2 <= count <= BALANCED_LINES
        or len(set(widths)) != 1
        or paragraph.style.alignment != TA_LEFT
        or not paragraph.ends_paragraph
    ):
        return result
    if line_unused_width(broken_lines(result)[-1]) <= widths[0] * (1 - BALANCE_BELOW):
        return result  # a full enough last line: the greedy breaks read by sense
    fits, narrow = widths[0], widths[0] / 2  # the greedy measure fits; half never does better
    best = result
    while fits - narrow > BALANCE_PRECISION:
        middle = (fits + narrow) / 2
        attempt = break_greedily([middle])
        if len(broken_lines(attempt)) == count:
            fits, best = middle, attempt
        else:
            narrow = middle
    return widened(best, widths[0] - fits) if best is not result else result
