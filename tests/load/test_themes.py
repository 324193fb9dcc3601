"""Themes: the built-in ones load, and a broken theme file gets located errors."""

from __future__ import annotations

import pytest

from policybrief.errors import BriefError
from policybrief.load import load_theme
from policybrief.model.theme import Theme, builtin_theme_names


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
    assert lines[0].endswith("bad.yaml:2:1: unknown key 'colors' (did you mean 'colours'?)")
    assert ":5:9: sizes > body:" in lines[1]


@pytest.mark.parametrize(
    "value, says",
    [("30", "must be at most 14; this one is 30"), ("3", "must be at least 7; this one is 3")],
)
def test_a_size_out_of_its_range_names_the_range_not_a_chart(tmp_path, value, says):
    (tmp_path / "big.yaml").write_text(f"name: big\nsizes:\n  body: {value}\n")
    with pytest.raises(BriefError) as caught:
        load_theme("big.yaml", tmp_path)
    (problem,) = caught.value.problems
    assert str(problem).endswith(f"big.yaml:3:9: sizes > body: {says}")


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio; it compares luminance, so it holds in grayscale print too."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


#: Every pair of text colour and the ground it is set on.
TEXT_ON_GROUND = [
    ("text", "white"),
    ("muted", "white"),
    ("accent", "white"),
    ("link", "white"),
    ("text", "tint"),
    ("muted", "tint"),
    ("accent", "tint"),
    ("link", "tint"),
    ("accent_text", "accent"),
]


@pytest.mark.parametrize("name", builtin_theme_names())
@pytest.mark.parametrize("foreground, ground", TEXT_ON_GROUND)
def test_text_contrast_is_at_least_4_5(name, foreground, ground):
    colours = load_theme(name).colours
    background = "#FFFFFF" if ground == "white" else getattr(colours, ground)
    assert contrast(getattr(colours, foreground), background) >= 4.5


def test_contrast_helper_matches_wcag():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_theme_file_extends_a_named_builtin(tmp_path):
    (tmp_path / "t.yaml").write_text("extends: monochrome\nname: mine\ncover: true\n")
    theme = load_theme("t.yaml", tmp_path)
    assert theme.cover and theme.colours == load_theme("monochrome").colours


def test_theme_file_extending_an_unknown_theme_is_located(tmp_path):
    (tmp_path / "t.yaml").write_text("name: mine\nextends: modrn\n")
    with pytest.raises(BriefError) as caught:
        load_theme("t.yaml", tmp_path)
    assert str(caught.value.problems[0]).endswith(
        "t.yaml:2:10: extends: 'modrn' is not a built-in theme (did you mean 'modern'?)"
    )
