"""Themes: the built-in ones load, and a broken theme file gets located errors."""

from __future__ import annotations

import pytest

from policybrief.errors import BriefError
from policybrief.load import load_theme
from policybrief.theme import Theme, builtin_theme_names


def test_builtin_themes_load():
    assert "institute" in builtin_theme_names()
    for name in builtin_theme_names():
        theme = load_theme(name)
        assert isinstance(theme, Theme) and theme.name == name and theme.description


def test_theme_file_overrides_defaults(tmp_path):
    (tmp_path / "mine.yaml").write_text("name: mine\ncolours:\n  accent: '#000000'\n")
    theme = load_theme("mine.yaml", tmp_path)
    assert theme.colours.accent == "#000000"
    assert theme.colours.text == Theme(name="x").colours.text


def test_broken_theme_file_gets_located_errors(tmp_path):
    (tmp_path / "bad.yaml").write_text("name: bad\ncolors:\n  accent: blue\nsizes:\n  body: huge\n")
    with pytest.raises(BriefError) as caught:
        load_theme("bad.yaml", tmp_path)
    lines = [str(p) for p in caught.value.problems]
    assert lines[0].endswith("bad.yaml:2:1: unknown key 'colors' "
                             "(did you mean 'colours'?)")
    assert ":5:9: sizes > body:" in lines[1]
