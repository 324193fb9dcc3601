"""Floats: a figure, chart or table that does not fit the space left on a page waits for the
next page while the text after it fills this one.

Why: moving a 400 pt figure whole to the next page left a hole of 200 pt at the foot of the
page it was meant for (the review's item 2). Books let figures float to the top of the next
page; so do we, within limits a reader can follow: a figure never leaves its section (it
is placed before the next section's heading at the latest), and figures and tables keep
their order (a later one never overtakes one that waits), so their numbers read in order.

How, with ReportLab's public API only: a `Float` holds the waiting figures and the rest of
its section. Its `wrap` never fits, so the frame asks it to `split`, and `split` answers with
what the page can take next: the first figure when it fits, else the next flowable of the
text (or the part of it that fits) followed by the Float again. When nothing more fits it
returns nothing, the page ends, and on the fresh page the figure fits and goes first.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

from policybrief.render.adapter import lent_frame

#: Room a Float never has: its wrap asks for more than it is given, so the frame splits it.
_NEVER_FITS = 1.0


def floating(body: Sequence[Flowable]) -> list[Flowable]:
    """A section's flowables with each one marked `floats` (and everything after it in the
    section) held by a Float."""
    tail: list[Flowable] = []  # reversed: built from the section's end
    for flowable in reversed(body):
        if getattr(flowable, "floats", False):
            held = Float([flowable], tail[::-1])
            held.source = getattr(flowable, "source", None)
            tail = [held]
        else:
            tail.append(flowable)
    return tail[::-1]


class Float(Flowable):
    """Figures waiting for room, in order, and the rest of their section after them.

    Args:
        figures: flowables to place in this order as soon as each fits; one that does not
            fit a page it starts on may `split` (a table, with at least two rows a side).
        following: the section's flowables after the first figure, which move up past the
            waiting figures to fill the page.
    """

    def __init__(self, figures: Sequence[Flowable], following: Sequence[Flowable]):
        super().__init__()
        self.figures, self.following = list(figures), list(following)
        #: Set when this Float ended a page: on the next, its figure goes first, fit or not.
        self._ended_page = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, availHeight + _NEVER_FITS
        return self.width, self.height

    def draw(self) -> None:  # never drawn: the frame always splits it
        raise AssertionError("a Float is split, never drawn")

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        with lent_frame(self, [*self.figures, *self.following[:1]]):
            return self._split(availWidth, availHeight)

    def _split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        first, waiting = self.figures[0], self.figures[1:]
        before = first.getSpaceBefore()
        if before + first.wrap(availWidth, availHeight - before)[1] <= availHeight:
            return [first, *self._after(waiting, self.following)]
        parts = first.split(availWidth, availHeight - before) if availHeight > before else []
        if parts:  # a table split where the page ends: its rest waits at the top of the next
            return [parts[0], *self._after([*parts[1:], *waiting], self.following)]
        if self._ended_page:  # a fresh page, and still no room: place it, as without a float
            return [first, *self._after(waiting, self.following)]
        return self._next_of_the_text(availWidth, availHeight)

    def _next_of_the_text(self, width: float, height: float) -> list[Flowable]:
        """The next flowable of the text, or its part that fits, and this Float after it;
        nothing (the page ends) when none of it fits."""
        if not self.following:
            self._ended_page = True
            return []
        text, rest = self.following[0], self.following[1:]
        if isinstance(text, Float):  # a later figure waits behind this one
            merged = Float([*self.figures, *text.figures], text.following)
            merged.source = getattr(self, "source", None)
            with lent_frame(self, [*merged.figures, *merged.following[:1]]):
                return merged._split(width, height)
        before = text.getSpaceBefore()
        if before + text.wrap(width, max(height - before, 0))[1] <= height:
            return [text, self._again(rest)]
        parts = text.split(width, height - before) if height > before else []
        if parts:
            return [parts[0], self._again([*parts[1:], *rest])]
        self._ended_page = True
        return []

    def _again(self, following: list[Flowable]) -> Float:
        again = Float(self.figures, following)
        again.source = getattr(self, "source", None)
        return again

    def _after(self, waiting: list[Flowable], following: list[Flowable]) -> list[Flowable]:
        """What follows a placed figure: the figures still waiting (as a Float), or the text."""
        if not waiting:
            return list(following)
        return [Float(waiting, following)]
