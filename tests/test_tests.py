"""tests/ mirrors src/: each test file is named after the module it tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "policybrief"

#: Suites about the package as a whole, not one module.
CROSS_CUTTING = {
    "tests/test_imports.py",
    "tests/test_readme.py",
    "tests/test_tests.py",
    "tests/render/test_pdf.py",
    "tests/render/test_pagination.py",  # page fill: floats, boxes, back matter, document
    "tests/test_hostile_input.py",
    "tests/test_schema_agreement.py",
    "tests/test_fuzz.py",
    "tests/test_fuzz_images.py",
    "tests/render/test_layout.py",
    "tests/render/test_conformance.py",  # whole builds under outside validators
    "tests/render/test_typography.py",  # whole builds measured as a designer would
    "tests/render/test_details.py",  # furniture, byline, dates, quote and cover, on builds
}
#: The hostile-input corpus: whole builds through the command line, by kind of attack.
CORPUS = "tests/hostile/"


def test_every_test_file_names_a_module():
    for test in (ROOT / "tests").rglob("test_*.py"):
        relative = test.relative_to(ROOT).as_posix()
        if relative in CROSS_CUTTING or relative.startswith(CORPUS):
            continue
        module = SRC / test.parent.relative_to(ROOT / "tests") / (test.name[5:])
        assert module.is_file(), f"{relative} names no module under src/policybrief"
