"""A brief's YAML file -> the validated brief, with its theme, citations and images checked.

Why: `validate` must report everything a build would trip over (a theme that does not exist,
an uncited reference, a missing image) at its line, before any PDF is made.
"""

from __future__ import annotations

from pathlib import Path

from policybrief.errors import Problem
from policybrief.load.files import FileRefused
from policybrief.load.images import image_problems, iter_figures
from policybrief.load.reader import read_model
from policybrief.load.themes import find_theme, unknown_theme_hint
from policybrief.load.yaml_reader import Located, make_problem
from policybrief.model.brief import Brief
from policybrief.model.citations import reference_problems
from policybrief.model.fields import FieldError


def load_brief(path: str | Path) -> Brief:
    """The brief in a YAML file, validated, with its theme checked to exist.

    Raises:
        BriefError: every problem in the file, each with file, line and column.
    """
    return read_brief(path)[0]


def read_brief(path: str | Path) -> tuple[Brief, Located]:
    """The brief in a YAML file and where its values are, to locate later problems."""
    path = Path(path)

    def check_theme(located: Located, lines: list[str]) -> list[Problem]:
        theme = located.data.get("theme")
        if not isinstance(theme, str):
            return []
        try:
            if find_theme(theme, path.parent, inside=True) is not None:
                return []
            message, hint = f"theme: unknown theme '{theme}'", unknown_theme_hint(theme)
        except FileRefused as err:
            message, hint = f"theme: '{theme}' {err}", None
        return [make_problem(str(path), lines, located.values.get(("theme",)), message, hint)]

    def check_brief(brief: Brief) -> list[FieldError]:
        return reference_problems(brief) + image_problems(brief, path.parent)

    return read_model(path, Brief, check=check_theme, check_model=check_brief)


def named_files(brief: Brief, path: Path) -> list[Path]:
    """The image files a brief names (its figures', its publisher's logo), as paths from the
    brief's folder, whether or not they exist."""
    names = [figure.image for _, figure in iter_figures(brief)]
    if brief.organization and brief.organization.logo:
        names.append(brief.organization.logo)
    return [path.parent / name for name in names]
