"""Tests of `policybrief.errors`: how a problem and an error read."""

from __future__ import annotations

import pytest

from policybrief.errors import BriefError, Problem


class TestProblem:
    @pytest.mark.parametrize(
        "problem, expected",
        [
            (Problem("b.yaml", 3, 7, "bad"), "b.yaml:3:7: bad"),
            (Problem("b.yaml", 3, 7, "bad", "fix it"), "b.yaml:3:7: bad (fix it)"),
            (Problem("b.yaml", 3, None, "bad"), "b.yaml:3: bad"),
            (Problem("b.yaml", None, None, "no such file"), "b.yaml: no such file"),
            (Problem("b.yaml", None, 7, "bad"), "b.yaml: bad"),
            (Problem("dir/b.yaml", None, None, "bad", "hint"), "dir/b.yaml: bad (hint)"),
        ],
    )
    def test_str(self, problem, expected):
        assert str(problem) == expected

    def test_source_line_is_not_compared(self):
        assert Problem("b.yaml", 1, 1, "bad", source_line="x") == Problem("b.yaml", 1, 1, "bad")

    @pytest.mark.parametrize(
        "col, caret",
        [
            (1, "    ^"),
            (7, "          ^"),
            (10, "             ^"),
            (99, "              ^"),  # past the end: just after the last character
        ],
    )
    def test_format_caret(self, col, caret):
        problem = Problem("b.yaml", 2, col, "bad", source_line="date: 2021")
        assert problem.format() == f"b.yaml:2:{col}: bad\n    date: 2021\n{caret}"

    def test_format_counts_a_tab_as_one_column(self):
        problem = Problem("b.yaml", 1, 3, "bad", source_line="\t- x\n")
        assert problem.format() == "b.yaml:1:3: bad\n     - x\n      ^"

    @pytest.mark.parametrize(
        "problem",
        [
            Problem("b.yaml", 2, 1, "bad"),
            Problem("b.yaml", 2, None, "bad", source_line="date: 2021"),
            Problem("b.yaml", None, None, "bad", "hint"),
        ],
    )
    def test_format_without_source_or_column_is_str(self, problem):
        assert problem.format() == str(problem)


class TestBriefError:
    def test_needs_a_problem(self):
        with pytest.raises(ValueError):
            BriefError([])

    def test_str_lists_problems(self):
        error = BriefError([Problem("b.yaml", 1, 1, "one"), Problem("b.yaml", 2, 3, "two")])
        assert str(error) == "b.yaml:1:1: one\nb.yaml:2:3: two"

    def test_format_one(self):
        error = BriefError([Problem("b.yaml", 1, 8, "bad", source_line="title: x")])
        assert error.format() == ("b.yaml:1:8: bad\n    title: x\n           ^\n1 error found.")

    def test_format_many(self):
        error = BriefError([Problem("b.yaml", 1, 1, "one"), Problem("b.yaml", 2, 3, "two")])
        assert error.format() == "b.yaml:1:1: one\nb.yaml:2:3: two\n2 errors found."

    def test_single(self):
        error = BriefError.single("b.yaml", "bad", "hint", line=4, col=2)
        assert error.problems == [Problem("b.yaml", 4, 2, "bad", "hint")]
        assert str(error) == "b.yaml:4:2: bad (hint)"

    def test_exit_code(self):
        assert BriefError.exit_code == 1


def test_format_quotes_a_window_of_a_long_line():
    line = "x" * 5000 + "^here" + "y" * 5000
    problem = Problem("b.yaml", 1, 5001, "bad", source_line=line)
    summary, quoted, caret = problem.format().split("\n")
    assert len(quoted) < 120
    assert quoted.strip()[caret.index("^") - 4] == "^"
