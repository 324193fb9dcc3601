"""The starter brief: points editors at the schema, takes a title, and builds."""

from __future__ import annotations

from pathlib import Path

from policybrief.load import load_brief
from policybrief.starter import schema_location, starter_brief


def test_first_line_points_at_the_schema(tmp_path):
    brief = tmp_path / "b.yaml"
    first = starter_brief(brief).splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    location = first.split("=", 1)[1]
    target = (
        Path(location.removeprefix("file://"))
        if location.startswith("file:")
        else (tmp_path / location)
    )
    assert target.resolve().name == "brief.schema.json" and target.resolve().is_file()


def test_near_schema_is_named_relatively(tmp_path):
    from importlib import resources

    folder = Path(str(resources.files("policybrief"))).parent / "briefs-x"
    assert not schema_location(folder / "b.yaml").startswith("file:")


def test_title_is_quoted_safely_and_builds(tmp_path):
    brief = tmp_path / "b.yaml"
    brief.write_text(starter_brief(brief, 'Risky: "quotes", #hash and  - dash'), encoding="utf-8")
    assert load_brief(brief).title == 'Risky: "quotes", #hash and  - dash'
