"""The starter brief that `policybrief new` writes: it builds as it is and teaches the format.

Why: the first line points editors (through yaml-language-server) at the JSON Schema that
ships in the package, so the new file autocompletes and is checked as it is typed.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

#: Beyond this many '..' the schema is named by its absolute path instead.
_MAX_CLIMB = 3


def schema_location(brief: Path) -> str:
    """Where the brief's editor finds the JSON Schema: a relative path when near, else absolute."""
    with resources.as_file(resources.files("policybrief") / "brief.schema.json") as schema:
        absolute = schema.resolve()
    try:
        relative = os.path.relpath(absolute, brief.resolve().parent)
    except ValueError:  # another drive, on Windows
        return absolute.as_uri()
    if relative.split(os.sep).count("..") > _MAX_CLIMB:
        return absolute.as_uri()
    return Path(relative).as_posix()


def starter_brief(path: Path, title: str | None = None) -> str:
    """The text of a new brief for `path`, with an optional title."""
    text = (resources.files("policybrief") / "starter.yaml").read_text(encoding="utf-8")
    if title:
        # A JSON string is a valid YAML double-quoted scalar: any title is quoted safely.
        text = text.replace(
            "title: A Title That States the Argument",
            f"title: {json.dumps(title, ensure_ascii=False)}",
            1,
        )
    return f"# yaml-language-server: $schema={schema_location(path)}\n{text}"
