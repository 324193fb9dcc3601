"""Imports go one way: the model knows no YAML or ReportLab, and light commands stay light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "policybrief"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "module, forbidden",
    [
        ("model.py", ("yaml", "reportlab", "policybrief.load", "policybrief.render")),
        ("fields.py", ("yaml", "reportlab", "policybrief.load", "policybrief.render")),
        ("citations.py", ("yaml", "reportlab", "policybrief.load", "policybrief.render")),
        ("imprint.py", ("yaml", "reportlab", "policybrief.load", "policybrief.render")),
        ("theme.py", ("yaml", "reportlab", "policybrief.load", "policybrief.render")),
        ("errors.py", ("policybrief", "yaml", "reportlab")),
        ("text.py", ("yaml", "reportlab", "policybrief.render")),
        ("load.py", ("reportlab", "policybrief.render")),
        ("yaml_reader.py", ("reportlab", "policybrief.render", "policybrief.model", "pydantic")),
    ],
)
def test_module_does_not_import(module, forbidden):
    imported = _imports(SRC / module)
    assert not {name for name in imported if name.startswith(forbidden)}


def test_render_never_imports_yaml_or_the_loader():
    for path in (SRC / "render").glob("*.py"):
        imported = _imports(path)
        assert not {n for n in imported if n.startswith(("yaml", "policybrief.load"))}, path


@pytest.mark.parametrize("argv", [["--help"], ["validate", "--help"], ["schema"]])
def test_light_commands_do_not_load_reportlab(argv):
    code = (
        "import sys; from policybrief.cli import main\n"
        "try:\n    main(%r)\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(str('reportlab' in sys.modules))" % argv
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stderr.endswith("False"), result.stderr
