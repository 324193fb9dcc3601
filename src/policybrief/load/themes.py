"""Themes: which theme a name means, and the theme itself, validated like a brief.

Why: a theme is named in a brief (`theme:`, inside the brief's folder), on the command
line (`--theme`, relative to where it runs) or in library options. One resolver,
`find_theme`, says what every one of those names means, so the loader, the CLI and `watch`
agree.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from policybrief.errors import BriefError, Problem, did_you_mean
from policybrief.load.files import FileRefused, confined, regular_file
from policybrief.load.reader import read_model
from policybrief.load.yaml_reader import Located, make_problem, read_yaml
from policybrief.model.theme import DEFAULT_THEME, Theme, builtin_theme_names

THEME_SUFFIXES = (".yaml", ".yml")


def find_theme(name: str, base: Path, *, inside: bool = False) -> str | Path | None:
    """What a theme name means: a built-in theme's name, a theme file, or None for neither.

    Args:
        name: a built-in theme's name, or a theme file's path.
        base: the folder a relative theme file's path starts from.
        inside: the file must be inside `base`'s tree, as a brief's own theme must be (a
            theme given on the command line is the user's own choice, and may be anywhere).

    Raises:
        FileRefused: the name means a file policybrief will not read (outside the brief's
            folder, a FIFO, a folder, a name too long).
    """
    if name in builtin_theme_names():
        return name
    if not name.endswith(THEME_SUFFIXES):
        return None
    try:
        if inside:
            return confined(name, base)
        regular_file(base / name)
        return base / name
    except FileRefused as err:
        if err.missing:
            return None
        raise


def unknown_theme_hint(name: str) -> str:
    """What to say of a theme name that is neither built in nor a file."""
    names = builtin_theme_names()
    return did_you_mean(name, names) or "themes: " + ", ".join(names)


def load_theme(name: str, base: Path = Path("."), *, inside: bool = False) -> Theme:
    """A built-in theme by name, or a theme file relative to `base` (inside it, if `inside`).

    Raises:
        BriefError: a theme that does not exist, that may not be read, or whose file has
            problems.
    """
    try:
        found = find_theme(name, base, inside=inside)
    except FileRefused as err:
        raise BriefError.single(f"theme '{name}'", str(err)) from None
    if isinstance(found, str):
        with resources.as_file(_builtin_file(found)) as p:
            return read_model(p, Theme, display=f"theme '{found}'")[0]
    if found is None and not name.endswith(THEME_SUFFIXES):
        raise BriefError.single(f"theme '{name}'", "no such theme", unknown_theme_hint(name))

    def start_from_builtin(located: Located, lines: list[str]) -> list[Problem]:
        parent = located.data.pop("extends", DEFAULT_THEME)
        if parent not in builtin_theme_names():
            return [
                make_problem(
                    str(base / name),
                    lines,
                    located.values.get(("extends",)),
                    f"extends: '{parent}' is not a built-in theme",
                    unknown_theme_hint(str(parent)),
                )
            ]
        located.data = _merged(_builtin_theme_data(parent), located.data)
        return []

    return read_model(base / name, Theme, check=start_from_builtin)[0]


def _builtin_file(name: str):
    return resources.files("policybrief") / "themes" / f"{name}.yaml"


def _builtin_theme_data(name: str) -> dict:
    return read_yaml(_builtin_file(name).read_text("utf-8"), name).data


def _merged(base: dict, override: dict) -> dict:
    """`base` with `override` laid over it, mapping by mapping."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged
