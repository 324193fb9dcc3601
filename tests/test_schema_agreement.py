"""The JSON Schema (for editors) and the loader agree on what a brief is.

The schema is derived from the model, so both accept and refuse the same structure and values.
Three checks live only in the loader because JSON Schema cannot say them: citations against
references, image files on disk, and lengths across fields (a series per category, cells per
column). The corpus and the generated briefs below stay clear of those.
"""

from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policybrief.errors import BriefError
from policybrief.load import load_brief
from policybrief.load.yaml_reader import read_yaml
from policybrief.model.brief import brief_schema
from tests.conftest import ROOT

ERRORS = ROOT / "tests" / "data" / "errors"
VALID = [
    ROOT / "briefs" / "us-pakistan-relations.yaml",
    ROOT / "briefs" / "showcase.yaml",
    ROOT / "src" / "policybrief" / "starter.yaml",
    ROOT / "tests" / "data" / "everything.yaml",
]
#: Refused by both: faults of structure and value, which the schema can state.
INVALID = [
    "missing_required",
    "misspelt_top_key",
    "misspelt_nested_key",
    "list_for_text",
    "block_without_kind",
    "block_with_two_kinds",
    "impossible_date",
    "unknown_paper",
    "bad_patterns",
    "too_many_summary_items",
    "empty_required_text",
    "nested_misc",
    "figure_without_alt",
    "mapping_for_list",
    "text_for_list",
    "empty_lists",
]
VALIDATOR = jsonschema.Draft202012Validator(
    brief_schema(), format_checker=jsonschema.FormatChecker()
)


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server types it (YAML 1.2 core): numbers are numbers,
    only true/false are booleans, dates stay text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _as_an_editor_reads(path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)


def _schema_accepts(data) -> bool:
    return VALIDATOR.is_valid(data)


def _loader_accepts(tmp_path, data) -> bool:
    path = tmp_path / "brief.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    try:
        load_brief(path)
    except BriefError:
        return False
    return True


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_both_accept_the_example_briefs(path):
    assert _schema_accepts(_as_an_editor_reads(path))
    load_brief(path)


@pytest.mark.parametrize("name", INVALID)
def test_both_refuse_the_broken_briefs(name):
    path = ERRORS / f"{name}.yaml"
    assert not _schema_accepts(_as_an_editor_reads(path))
    with pytest.raises(BriefError):
        load_brief(path)


STARTER = read_yaml(
    (ROOT / "src/policybrief/starter.yaml").read_text(encoding="utf-8"), "starter.yaml"
).data
SAFE_TEXT = st.text(alphabet="abcdefghij KLMNOP.,", min_size=0, max_size=12)


def _paths(node, path=()):
    """Every (path, value) in the data, containers included."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


MUTATIONS = ["drop", "unknown_key", "to_list", "to_mapping", "to_text", "blank"]


@st.composite
def mutated_starter(draw):
    data = copy.deepcopy(STARTER)
    places = [(p, v) for p, v in _paths(data) if p]
    path, value = draw(st.sampled_from(places))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    key, mutation = path[-1], draw(st.sampled_from(MUTATIONS))
    if mutation == "drop" and isinstance(parent, dict):
        del parent[key]
    elif mutation == "unknown_key" and isinstance(value, dict):
        value[draw(st.sampled_from(["colour", "notes", "titel", "extra"]))] = "x"
    elif mutation == "to_list":
        parent[key] = [draw(SAFE_TEXT)]
    elif mutation == "to_mapping":
        parent[key] = {"a": draw(SAFE_TEXT)}
    elif mutation == "to_text":
        parent[key] = draw(SAFE_TEXT)
    elif mutation == "blank" and isinstance(value, str):
        parent[key] = draw(st.sampled_from(["", "   "]))
    return data


@settings(max_examples=150, deadline=None)
@given(data=mutated_starter())
def test_schema_and_loader_agree_on_generated_briefs(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("agree")
    assert _schema_accepts(data) == _loader_accepts(folder, data), json.dumps(data)[:400]
