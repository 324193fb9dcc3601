"""The command line through click's runner: exit codes, messages, files written or not."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
from pypdf import PdfReader

from policybrief.cli import main
from policybrief.load.yaml_reader import read_yaml
from tests.conftest import ROOT, SEED

THREE_FAULTS = """\
title: A brief
date: 2021-09-01
summry: [one]
summary: [one]
sections:
  - heading: [not, text]
    body: [A paragraph.]
paper: a4
paper: letter
"""


def test_build_writes_the_pdf_and_reports_it(runner, tmp_path):
    out = tmp_path / "x.pdf"
    result = runner.invoke(main, ["build", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stdout
    assert len(PdfReader(out).pages) >= 4


def test_build_default_output_is_output_folder(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build", str(SEED), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (tmp_path / "output" / "us-pakistan-relations.pdf").is_file()


def test_validate_reports_three_located_errors(runner, tmp_path):
    brief = tmp_path / "bad.yaml"
    brief.write_text(THREE_FAULTS, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(brief)])
    assert result.exit_code == 1
    located = [line for line in result.stderr.splitlines() if line.startswith(f"{brief}:")]
    assert located == [
        f"{brief}:3:1: unknown key 'summry' (did you mean 'summary'?)",
        f"{brief}:6:14: sections > #1 > heading: expected text, found a list",
        f"{brief}:9:1: duplicate key 'paper' (first set on line 8) (keep one of them)",
    ]
    assert "Traceback" not in result.stderr
    assert "3 errors found." in result.stderr


def test_validate_accepts_the_seed_brief(runner):
    result = runner.invoke(main, ["validate", str(SEED)])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"{SEED}: ok"


def test_failed_build_leaves_earlier_pdf_intact(runner, tmp_path):
    out = tmp_path / "x.pdf"
    out.write_bytes(b"%PDF-earlier")
    brief = tmp_path / "bad.yaml"
    brief.write_text(THREE_FAULTS, encoding="utf-8")
    result = runner.invoke(main, ["build", str(brief), "-o", str(out)])
    assert result.exit_code == 1
    assert out.read_bytes() == b"%PDF-earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "x.pdf"]  # no temp file


def test_build_of_missing_brief_exits_1(runner, tmp_path):
    result = runner.invoke(
        main, ["build", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.yaml'}: no such file" in result.stderr


def test_output_equal_to_input_is_refused(runner, tmp_path):
    brief = tmp_path / "b.yaml"
    brief.write_bytes(SEED.read_bytes())
    result = runner.invoke(main, ["build", str(brief), "-o", str(brief)])
    assert result.exit_code == 1
    assert "would overwrite the brief itself" in result.stderr
    assert brief.read_bytes() == SEED.read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ["build"],
        ["build", "a.yaml", "b.yaml", "-o", "x.pdf"],
        ["build", "a.yaml", "--paper", "a3"],
        ["build", "a.yaml", "--theme", "no-such-theme"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(runner, args):
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_new_writes_a_starter_that_builds(runner, tmp_path):
    brief = tmp_path / "x.yaml"
    assert runner.invoke(main, ["new", str(brief)]).exit_code == 0
    result = runner.invoke(main, ["build", str(brief), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 0, result.output
    assert PdfReader(tmp_path / "x.pdf").pages


def test_new_refuses_to_overwrite(runner, tmp_path):
    brief = tmp_path / "x.yaml"
    brief.write_text("mine", encoding="utf-8")
    result = runner.invoke(main, ["new", str(brief)])
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert brief.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("brief", [SEED, ROOT / "src/policybrief/starter.yaml"])
def test_schema_accepts_the_seed_and_starter_briefs(runner, brief):
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    data = read_yaml(brief.read_text(encoding="utf-8"), str(brief)).data
    jsonschema.validate(data, schema)


def test_schema_refuses_an_unknown_key(runner):
    schema = json.loads(runner.invoke(main, ["schema"]).stdout)
    data = read_yaml(SEED.read_text(encoding="utf-8"), str(SEED)).data
    data["summry"] = ["x"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_committed_schema_is_current(runner):
    result = runner.invoke(main, ["schema"])
    committed = (ROOT / "schema" / "brief.schema.json").read_text(encoding="utf-8")
    assert committed == result.stdout, "run `make schema` and commit schema/brief.schema.json"


def test_themes_lists_the_default(runner):
    result = runner.invoke(main, ["themes"])
    assert result.exit_code == 0
    assert result.stdout.startswith("institute")


def test_python_dash_m_works(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "policybrief", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "policybrief" in result.stdout


def test_schema_to_a_missing_folder_is_an_error(runner, tmp_path):
    result = runner.invoke(main, ["schema", "-o", str(tmp_path / "missing" / "s.json")])
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.output


def test_theme_file_is_named_from_the_current_folder(runner, tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    brief = tmp_path / "sub" / "b.yaml"
    brief.write_bytes(SEED.read_bytes())
    (tmp_path / "mine.yaml").write_text("name: mine\ncolours:\n  accent: '#000000'\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build", "sub/b.yaml", "--theme", "mine.yaml", "-o", "x.pdf"])
    assert result.exit_code == 0, result.output


def test_validate_checks_the_theme_file(runner, tmp_path):
    (tmp_path / "bad-theme.yaml").write_text("name: bad\nsizes:\n  body: 12\n  leading: 9\n")
    brief = tmp_path / "b.yaml"
    brief.write_text(SEED.read_text(encoding="utf-8") + "theme: bad-theme.yaml\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(brief)])
    assert result.exit_code == 1
    assert "bad-theme.yaml:3:3: sizes: leading 9.0 is less than 1.1 times" in result.stderr


def test_build_prints_warnings_and_still_succeeds(runner, tmp_path):
    from PIL import Image

    Image.new("RGB", (100, 50)).save(tmp_path / "small.png")
    brief = tmp_path / "b.yaml"
    brief.write_text(
        "title: T\ndate: 2021-09-20\nsummary: [S]\nsections:\n  - heading: H\n"
        "    body:\n      - figure: F\n        image: small.png\n        alt: A.\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["build", str(brief), "-o", str(tmp_path / "b.pdf")])
    assert result.exit_code == 0
    assert (
        f"{brief}:8:16: warning: sections > #1 > body > #1 > image: 'small.png' prints at "
        "72 dpi" in result.stderr
    )
    assert (tmp_path / "b.pdf").is_file()


def test_shell_completion_script_is_available():
    import os

    result = subprocess.run(
        [sys.executable, "-m", "policybrief"],
        capture_output=True,
        text=True,
        env={**os.environ, "_POLICYBRIEF_COMPLETE": "bash_source"},
        check=False,
    )
    assert "complete" in result.stdout and "policybrief" in result.stdout


def test_version(runner):
    from policybrief import __version__

    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout
