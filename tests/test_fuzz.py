"""Property tests: whatever the input, a readable PDF or located errors, never a traceback.

The default run is short. `make fuzz` runs the long one (HYPOTHESIS_PROFILE=fuzz): 10,000
generated inputs in all, split between the cheap loader properties and the build property.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from policybrief.errors import BriefError
from policybrief.load import load_brief
from policybrief.load.yaml_reader import read_yaml
from policybrief.model.brief import BLOCK_KINDS, Brief
from tests.conftest import ROOT
from tests.helpers import build_pdf

settings.register_profile(
    "default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=4000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
#: The build property is the slow one: it gets half the examples of each loader property
#: (the fuzz profile: 4,000 + 4,000 + 2,000 = 10,000 inputs).
BUILD_SHARE = 0.5

STARTER = (ROOT / "src" / "policybrief" / "starter.yaml").read_text(encoding="utf-8")
#: The build property starts from a brief that uses every field, so it reaches all of them.
EVERYTHING = (ROOT / "tests" / "data" / "everything.yaml").read_text(encoding="utf-8")
KEYS = sorted(
    set(Brief.model_fields)
    | set(BLOCK_KINDS)
    | {"heading", "body", "title", "text", "actors", "by", "role", "name", "affiliation"}
)

#: Any text, including what YAML, ReportLab markup and Markdown find special.
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80)
SPICY = st.sampled_from(
    [
        "<b>",
        "</para>",
        "&amp;",
        "&",
        "<",
        "*",
        "**",
        "[x](",
        "](",
        ")",
        "javascript:x",
        "\\",
        "\n",
        "\t",
        ": ",
        "- ",
        "#",
        "&a",
        "!!",
        "%",
        "\u0301",
        "\U0001f600",
        "\u202e",
        "\x00",
        "\x07",
        "''",
        '"',
    ]
)
TEXT = st.one_of(ANY_TEXT, st.lists(st.one_of(SPICY, ANY_TEXT), max_size=6).map("".join))

DATA = st.recursive(
    st.one_of(st.none(), TEXT, st.integers(), st.booleans()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), TEXT), inner, max_size=5),
    ),
    max_leaves=20,
)


def _located(err: BriefError) -> None:
    for problem in err.problems:
        assert problem.line is not None and problem.col is not None, str(problem)
        assert problem.message


def _load_text(tmp: Path, text: str) -> None:
    path = tmp / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_brief(path)
    except BriefError as err:
        _located(err)


@given(data=DATA)
def test_random_yaml_documents_load_or_give_located_errors(tmp_path_factory, data):
    text = yaml.safe_dump(data, allow_unicode=True)
    _load_text(tmp_path_factory.mktemp("doc"), text)


@given(
    position=st.integers(min_value=0, max_value=len(STARTER)),
    insert=TEXT,
    cut=st.integers(min_value=0, max_value=20),
)
def test_edited_starter_loads_or_gives_located_errors(tmp_path_factory, position, insert, cut):
    text = STARTER[:position] + insert + STARTER[position + cut :]
    _load_text(tmp_path_factory.mktemp("edit"), text)


def _everything_with(texts: list[str]) -> dict:
    """The every-field brief's data with its strings replaced, in order, by `texts`."""
    data = read_yaml(EVERYTHING, "everything.yaml").data
    supply = iter(texts)

    def replace(node):
        if isinstance(node, dict):
            return {
                key: (
                    node[key]
                    if key in ("date", "paper", "theme", "language")
                    else replace(node[key])
                )
                for key in node
            }
        if isinstance(node, list):
            return [replace(item) for item in node]
        return next(supply, node)

    return replace(data)


@settings(max_examples=max(10, int(settings().max_examples * BUILD_SHARE)))
@given(texts=st.lists(TEXT, min_size=1, max_size=70))
def test_random_text_in_every_field_builds_or_gives_located_errors(tmp_path_factory, texts):
    folder = tmp_path_factory.mktemp("build")
    brief = folder / "fuzz.yaml"
    brief.write_text(yaml.safe_dump(_everything_with(texts), allow_unicode=True), encoding="utf-8")
    try:
        out = build_pdf(brief, folder / "fuzz.pdf")
    except BriefError as err:
        _located(err)
        assert not (folder / "fuzz.pdf").exists()
    else:
        assert len(PdfReader(io.BytesIO(out.read_bytes())).pages) >= 1
