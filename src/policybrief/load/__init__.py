"""YAML text -> the model, every mistake a problem at its file, line and column."""

from policybrief.load.brief import load_brief, read_brief
from policybrief.load.themes import find_theme, load_theme

__all__ = ["find_theme", "load_brief", "load_theme", "read_brief"]
