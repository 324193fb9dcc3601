"""Imports go one way, layer by layer, and light commands stay light.

Each layer is a package (or a leaf module shared by the layers); a test per layer walks every
module in it and checks what it imports, so a new module obeys the rule without being listed.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "policybrief"

#: Modules every layer may use: they import nothing above them.
LEAVES = ("policybrief.errors", "policybrief.options", "policybrief.text")
#: The application: it alone may import every layer.
APPLICATION = ("cli", "pipeline", "batch", "watch", "starter", "__init__", "__main__")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved, however deep inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: use absolute imports"
            names.add(node.module)
    return names


def _layer(name: str) -> list[Path]:
    folder = SRC / name
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [SRC / f"{name}.py"]


def _ours(names: set[str]) -> set[str]:
    return {n for n in names if n == "policybrief" or n.startswith("policybrief.")}


#: layer -> (the package modules it may import, third-party modules it must not import)
RULES = {
    "errors": ((), ("yaml", "reportlab", "pydantic")),
    "options": ((), ("yaml", "reportlab", "pydantic")),
    "text": ((), ("yaml", "reportlab", "pydantic")),
    "cache": ((), ("yaml", "reportlab", "pydantic")),
    "imagefiles": ((), ("yaml", "reportlab", "svglib", "pydantic")),
    # labels, dates and numbers of a language: data and Babel, nothing of ours
    "language": (("policybrief.language",), ("yaml", "reportlab", "svglib", "pydantic")),
    "model": (
        ("policybrief.model", "policybrief.language", *LEAVES),
        ("yaml", "reportlab", "svglib"),
    ),
    "load": (
        ("policybrief.load", "policybrief.model", "policybrief.imagefiles", *LEAVES),
        ("reportlab", "svglib"),
    ),
    "render": (
        (
            "policybrief.render",
            "policybrief.model",
            "policybrief.imagefiles",
            "policybrief.cache",
            "policybrief.language",
            "policybrief",  # the version, for the PDF's creator
            *LEAVES,
        ),
        ("yaml",),
    ),
}


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports_only_what_is_below_it(layer):
    allowed, forbidden = RULES[layer]
    for path in _layer(layer):
        imported = _imports(path)
        ours = _ours(imported)
        wrong = {n for n in ours if not any(n == a or n.startswith(a + ".") for a in allowed)}
        if "policybrief" in allowed:
            wrong -= {"policybrief"}
        assert not wrong, f"{path.relative_to(SRC)} imports {sorted(wrong)}"
        third = {n for n in imported if n.split(".")[0] in forbidden}
        assert not third, f"{path.relative_to(SRC)} imports {sorted(third)}"


def test_every_module_belongs_to_a_layer():
    for path in SRC.rglob("*.py"):
        top = path.relative_to(SRC).parts[0].removesuffix(".py")
        assert top in RULES or top in APPLICATION, f"{path.relative_to(SRC)} is in no layer"


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


def test_validate_of_the_showcase_does_not_load_reportlab():
    """The showcase has an SVG figure, a theme file and charts: validation reads them all
    without ReportLab (or svglib, which brings it)."""
    showcase = SRC.parent.parent / "briefs" / "showcase.yaml"
    code = (
        "import sys; from policybrief.cli import main\n"
        "try:\n    main(['validate', %r])\nexcept SystemExit as stop:\n    code = stop.code\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('reportlab', 'svglib')))\n"
        "sys.stderr.write(f'{code} {loaded}')" % str(showcase)
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip().endswith(": ok")
    assert result.stderr.endswith("0 []"), result.stderr


def test_importing_the_package_imports_none_of_its_modules():
    """The command's start-up runs the package's __init__ before it can catch Ctrl-C: it
    must import nothing (the entry points and names load when used)."""
    code = "import sys, policybrief; print(sorted(m for m in sys.modules if 'policybrief' in m))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "['policybrief']"
