"""The problems a brief can have, and the one exception that carries them.

Why: the library raises and the CLI prints. Every mistake in a file is collected into one
`BriefError` so that a user sees all of them in one run, each pointing at a line and column.
Anything that is not a `BriefError` is a bug in policybrief and keeps its traceback.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

#: The most characters of a source line quoted under a problem.
QUOTE_WIDTH = 100
#: The most problems an error prints; the rest are counted.
SHOWN_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    """One mistake in one file.

    Attributes:
        path: the file, as the user named it.
        line: 1-based line, or None when the problem has no place (a missing file).
        col: 1-based column, or None.
        message: what is wrong, in the user's terms.
        hint: what to do about it ("did you mean 'summary'?"), or "".
        source_line: the text of the offending line, quoted under the message, or "".
    """

    path: str
    line: int | None
    col: int | None
    message: str
    hint: str = ""
    source_line: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.summary()

    def summary(self, kind: str = "") -> str:
        """The one-line form, `file:line:col: [kind: ]message (hint)`."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        text = f"{where}: {kind + ': ' if kind else ''}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def format(self, kind: str = "") -> str:
        """The problem as printed: the summary line, then the source line with a caret.

        Args:
            kind: a word before the message, such as "warning".
        """
        text = self.summary(kind)
        if self.source_line and self.col is not None:
            shown = self.source_line.expandtabs(1).rstrip("\n")
            caret = min(self.col, len(shown) + 1) - 1
            if len(shown) > QUOTE_WIDTH:  # a minified or generated line: show around the caret
                start = max(0, caret - QUOTE_WIDTH // 2)
                shown = ("…" if start else "") + shown[start : start + QUOTE_WIDTH] + "…"
                caret = caret - start + (1 if start else 0)
            text += f"\n    {shown}\n    {' ' * caret}^"
        return text


class BriefError(Exception):
    """A brief (or a theme file) that cannot be built, with every problem found in it."""

    #: The process exit code the CLI uses for this error.
    exit_code = 1

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("BriefError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def single(
        cls,
        path: str,
        message: str,
        hint: str = "",
        line: int | None = None,
        col: int | None = None,
    ) -> BriefError:
        """A BriefError with one problem, for faults found outside the loader."""
        return cls([Problem(path, line, col, message, hint)])

    def format(self) -> str:
        """The first SHOWN_PROBLEMS problems, each with its quoted line, then a count.

        Why a cap: a hostile brief can have 10,000 problems, and a user fixes the first few
        and builds again; the rest would only bury them.
        """
        shown = self.problems[:SHOWN_PROBLEMS]
        lines = [p.format() for p in shown]
        count = len(self.problems)
        if count > len(shown):
            more = count - len(shown)
            lines.append(f"\u2026 and {more:,} more problem{'s' if more != 1 else ''}")
        return "\n".join(lines) + f"\n{count:,} error{'s' if count != 1 else ''} found."


class SourceError(Exception):
    """A fault found after loading (while rendering), at a path into the brief's data.

    Why: the renderer knows nothing of YAML; it names the block by its path, such as
    ('sections', 1, 'body', 3), and the build step turns that into a line and column.
    """

    def __init__(self, source: tuple[str | int, ...], message: str, hint: str = ""):
        super().__init__(message)
        self.source, self.message, self.hint = source, message, hint


def did_you_mean(word: str, choices: list[str], form: str = "'{}'") -> str:
    """A hint naming the choice closest to a misspelt word, or "" when none is close.

    Args:
        form: how the choice is written in the hint: "'{}'" for a key, "[@{}]" for a citation.
    """
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean {form.format(close[0])}?" if close else ""
