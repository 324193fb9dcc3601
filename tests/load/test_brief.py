"""Tests of `policybrief.load.reader`: YAML text -> validated `Brief`, or located problems.

Error tests are data. Each `tests/data/errors/<name>.yaml` is a bad brief, and the
`<name>.expected` next to it holds the exact `str(Problem)` lines the loader must report, in
order, one per line. Paths in the expected files are the brief's basename: the test loads each
brief from inside the data folder, so the loader names it exactly that way.

Cases whose expected file states the intended output but that the loader does not yet
produce are listed in KNOWN_DEFECTS and run as strict xfails; remove an entry once src is fixed.
Inputs that cannot live in a text file (bad bytes, generated limits) are written with tmp_path.
"""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

import pytest

from policybrief.errors import BriefError, Problem
from policybrief.load import load_brief
from policybrief.load.yaml_reader import MAX_BYTES, MAX_DEPTH, MAX_NODES, MAX_TEXT

ERRORS = Path(__file__).parent.parent / "data" / "errors"

#: Error cases whose .expected file states what should be reported, not what is (yet).
KNOWN_DEFECTS: dict[str, str] = {}

MINIMAL = """\
title: A brief
date: 2021-09-20
summary:
  - One point.
sections:
  - heading: Background
    body:
      - A paragraph.
"""


def _cases() -> list:
    cases = []
    for yaml_file in sorted(ERRORS.glob("*.yaml")):
        marks = []
        if yaml_file.stem in KNOWN_DEFECTS:
            marks.append(pytest.mark.xfail(reason=KNOWN_DEFECTS[yaml_file.stem], strict=True))
        cases.append(pytest.param(yaml_file.name, id=yaml_file.stem, marks=marks))
    return cases


def _problems(path: str | Path) -> list[Problem]:
    with pytest.raises(BriefError) as caught:
        load_brief(path)
    return caught.value.problems


def _write(tmp_path: Path, content: str | bytes, name: str = "brief.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_every_error_case_has_an_expected_file():
    for yaml_file in ERRORS.glob("*.yaml"):
        assert yaml_file.with_suffix(".expected").is_file(), yaml_file.name
    for expected in ERRORS.glob("*.expected"):
        assert expected.with_suffix(".yaml").is_file(), expected.name
    assert set(KNOWN_DEFECTS) <= {p.stem for p in ERRORS.glob("*.yaml")}


@pytest.mark.parametrize("name", _cases())
def test_load_brief_errors(name, monkeypatch):
    monkeypatch.chdir(ERRORS)
    expected = (ERRORS / name).with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in _problems(name)] == expected


# --- errors from bytes and limits, written by the tests -----------------------------------


def test_load_brief_invalid_utf8(tmp_path):
    path = _write(tmp_path, b"title: A brief\nsubtitle: caf\xe9 au lait\n")
    (problem,) = _problems(path)
    assert str(problem) == (f"{path}:2:14: byte 0xE9 is not UTF-8 text (save the file as UTF-8)")


def test_load_brief_invalid_utf8_column_counts_characters(tmp_path):
    path = _write(tmp_path, "title: é€ ".encode() + b"\xff\n")
    (problem,) = _problems(path)
    assert (problem.line, problem.col) == (1, 11)


def test_load_brief_binary_file(tmp_path):
    path = _write(tmp_path, b"title: A brief\n\x00\x00\x00\x01binary")
    (problem,) = _problems(path)
    assert str(problem) == (
        f"{path}:2:1: this is a binary file, not YAML text (give the brief's .yaml file)"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_load_brief_utf16_file_is_named_utf16(tmp_path, encoding):
    path = _write(tmp_path, MINIMAL.encode(encoding))
    (problem,) = _problems(path)
    assert problem.message == "the file is saved as UTF-16; policybrief reads UTF-8"


def test_load_brief_file_too_large(tmp_path):
    path = _write(tmp_path, MINIMAL + "#" * (MAX_BYTES - len(MINIMAL) + 1))
    (problem,) = _problems(path)
    assert str(problem) == (
        f"{path}: is {MAX_BYTES + 1:,} bytes; a YAML file may be at most {MAX_BYTES:,} bytes"
    )


def test_load_brief_file_at_size_limit_is_read(tmp_path):
    path = _write(tmp_path, MINIMAL + "#" * (MAX_BYTES - len(MINIMAL)))
    assert load_brief(path).title == "A brief"


@pytest.mark.parametrize("style", ["flow", "block"])
def test_load_brief_nesting_too_deep(tmp_path, style):
    levels = MAX_DEPTH + 8
    if style == "flow":
        extra = "x: " + "[" * levels + "]" * levels + "\n"
    else:
        extra = (
            "x:\n"
            + "".join("  " * i + f"k{i}:\n" for i in range(1, levels))
            + "  " * levels
            + "v\n"
        )
    path = _write(tmp_path, MINIMAL + extra)
    (problem,) = _problems(path)
    assert problem.message == f"nesting deeper than {MAX_DEPTH} levels; no brief needs that much"
    # flow: the line of 'x:'; block: the key that opens the mapping one level too deep.
    assert problem.line == len(MINIMAL.splitlines()) + (1 if style == "flow" else 1 + MAX_DEPTH)


def test_load_brief_nesting_at_depth_limit_is_read(tmp_path):
    # The top-level mapping is level 1, so MAX_DEPTH - 1 more containers are allowed.
    inner = MAX_DEPTH - 1
    path = _write(tmp_path, MINIMAL + "x: " + "[" * inner + "]" * inner + "\n")
    (problem,) = _problems(path)  # read fine; only the unknown key is reported
    assert problem.message.endswith("unknown key 'x'")


def test_load_brief_alias_bomb_fails_fast():
    started = time.perf_counter()
    (problem,) = _problems(ERRORS / "alias_bomb.yaml")
    assert time.perf_counter() - started < 1.0
    assert problem.message.startswith(f"more than {MAX_NODES:,} values")


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x80", "\ufffe"])
def test_load_brief_raw_control_character_in_file(tmp_path, char):
    path = _write(tmp_path, MINIMAL.replace("One point.", f"One {char}point."))
    (problem,) = _problems(path)
    assert (problem.line, problem.col) == (4, 9)
    assert f"U+{ord(char):04X}" in problem.message


def test_load_brief_python_tag_constructs_nothing(tmp_path):
    marker = tmp_path / "constructed"
    path = _write(
        tmp_path,
        MINIMAL.replace(
            "title: A brief", f'title: !!python/object/apply:os.system ["touch {marker}"]'
        ),
    )
    problems = _problems(path)
    assert "YAML tags such as" in problems[0].message
    assert (problems[0].line, problems[0].col) == (1, 8)
    assert not marker.exists()


@pytest.mark.parametrize("value", ["0", "1632096000"])
def test_load_brief_date_must_be_iso(tmp_path, value):
    path = _write(tmp_path, MINIMAL.replace("2021-09-20", value))
    (problem,) = _problems(path)
    assert (problem.line, problem.col) == (2, 7)


def test_load_brief_three_problems_each_located():
    problems = _problems(ERRORS / "three_problems.yaml")
    assert len(problems) == 3
    assert [p.message.split(": ", 1)[-1] for p in problems] == [
        "unknown key 'sumary'",
        "expected text, found a list",
        "duplicate key 'date' (first set on line 2)",
    ]
    assert all(p.line is not None and p.col is not None for p in problems)
    assert [(p.line, p.col) for p in problems] == sorted((p.line, p.col) for p in problems)


def test_load_brief_missing_file(tmp_path):
    (problem,) = _problems(tmp_path / "absent.yaml")
    assert str(problem) == f"{tmp_path / 'absent.yaml'}: no such file"


def test_load_brief_folder(tmp_path):
    (problem,) = _problems(tmp_path)
    assert str(problem) == f"{tmp_path}: is a folder, not a YAML file"


# --- what loads ---------------------------------------------------------------------------


def test_load_brief_minimal(tmp_path):
    brief = load_brief(_write(tmp_path, MINIMAL))
    assert brief.title == "A brief"
    assert str(brief.date) == "2021-09-20"
    assert brief.summary == ["One point."]
    assert brief.sections[0].heading == "Background"
    assert brief.sections[0].body == ["A paragraph."]
    assert (brief.language, brief.paper, brief.theme) == ("en", "a4", "institute")


def test_load_brief_starter():
    with resources.as_file(resources.files("policybrief") / "starter.yaml") as starter:
        assert load_brief(starter).title


def test_load_brief_yaml11_values_stay_text(tmp_path):
    brief = load_brief(
        _write(
            tmp_path,
            MINIMAL.replace(
                "title: A brief",
                """\
title: Yes
subtitle: off
series: on
number: 1.10
language: NO""",
            ).replace(
                "  - One point.",
                """\
  - NO
  - 0x1F
  - 2021-09-20
  - .inf
  - 1_000""",
            ),
        )
    )
    assert (brief.title, brief.subtitle, brief.series) == ("Yes", "off", "on")
    assert brief.number == "1.10"
    assert brief.language == "NO"
    assert brief.summary == ["NO", "0x1F", "2021-09-20", ".inf", "1_000"]


def test_load_brief_quoted_date(tmp_path):
    brief = load_brief(_write(tmp_path, MINIMAL.replace("2021-09-20", '"2021-09-20"')))
    assert str(brief.date) == "2021-09-20"


def test_load_brief_null_values_are_absent(tmp_path):
    brief = load_brief(_write(tmp_path, MINIMAL + "subtitle: ~\nseries: null\nnumber: NULL\n"))
    assert (brief.subtitle, brief.series, brief.number) == (None, None, None)


def test_load_brief_quoted_null_words_are_text(tmp_path):
    brief = load_brief(_write(tmp_path, MINIMAL + "subtitle: '~'\nseries: \"null\"\n"))
    assert (brief.subtitle, brief.series) == ("~", "null")


def test_load_brief_bom(tmp_path):
    brief = load_brief(_write(tmp_path, b"\xef\xbb\xbf" + MINIMAL.encode()))
    assert brief.title == "A brief"


def test_load_brief_crlf(tmp_path):
    brief = load_brief(_write(tmp_path, MINIMAL.replace("\n", "\r\n").encode()))
    assert brief.summary == ["One point."]


@pytest.mark.parametrize(
    "prefix, newline", [(b"", b"\r\n"), (b"\xef\xbb\xbf", b"\n"), (b"\xef\xbb\xbf", b"\r\n")]
)
def test_load_brief_bom_and_crlf_keep_positions(tmp_path, prefix, newline):
    text = (ERRORS / "misspelt_nested_key.yaml").read_bytes()
    path = _write(tmp_path, prefix + text.replace(b"\n", newline))
    (problem,) = _problems(path)
    assert (problem.line, problem.col) == (10, 9)
    assert problem.source_line == "        rol: Minister"


def test_load_brief_small_anchors_and_aliases(tmp_path):
    brief = load_brief(
        _write(
            tmp_path,
            """\
title: &t A brief
date: 2021-09-20
summary:
  - *t
sections:
  - heading: &h Background
    body: &b
      - &p A paragraph.
      - *p
  - heading: *h
    body: *b
conclusion: *b
""",
        )
    )
    assert brief.summary == ["A brief"]
    assert brief.sections[0].body == ["A paragraph.", "A paragraph."]
    assert brief.sections[1] == brief.sections[0]
    assert brief.conclusion == ["A paragraph.", "A paragraph."]


# --- how a problem reads ------------------------------------------------------------------


def test_problem_format_quotes_line_with_caret(monkeypatch):
    monkeypatch.chdir(ERRORS)
    (problem,) = _problems("misspelt_nested_key.yaml")
    assert problem.format() == (
        "misspelt_nested_key.yaml:10:9: sections > #1 > body > #1: unknown key 'rol' "
        "(did you mean 'role'?)\n"
        "            rol: Minister\n"
        "            ^"
    )


def test_problem_format_caret_under_value(monkeypatch):
    monkeypatch.chdir(ERRORS)
    (problem,) = _problems("impossible_date.yaml")
    summary, quoted, caret = problem.format().split("\n")
    assert summary == str(problem)
    assert quoted == "    date: 2021-02-30"
    assert caret == "          ^"
    assert quoted[caret.index("^") :].startswith("2021-02-30")


def test_problem_format_tab_line(monkeypatch):
    monkeypatch.chdir(ERRORS)
    (problem,) = _problems("tab_indent.yaml")
    _, quoted, caret = problem.format().split("\n")
    assert quoted == "     - One point."
    assert caret == "    ^"


def test_brief_error_format_counts(monkeypatch):
    monkeypatch.chdir(ERRORS)
    with pytest.raises(BriefError) as caught:
        load_brief("three_problems.yaml")
    assert caught.value.format().endswith("\n3 errors found.")
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)


def test_load_brief_aliases_of_long_text_are_bounded(tmp_path):
    long = "x" * (MAX_TEXT // 10)
    aliases = "\n".join("  - *t" for _ in range(12))
    path = _write(tmp_path, f"title: &t {long}\nsummary:\n{aliases}\n")
    (problem,) = _problems(path)
    assert f"more than {MAX_TEXT:,} characters of text" in problem.message
    assert 3 <= problem.line <= 14  # at the alias that passed the limit
