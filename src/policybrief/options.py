"""How to build: the settings a build takes beyond the brief itself, made once and passed down.

Why: the CLI, batch builds, `watch` and library users all build with the same settings; one
frozen object carries them from where they are chosen to the renderer, instead of positional
booleans and `**options` at every layer.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The paper sizes a brief can be set on.
PAPER_SIZES = ("a4", "letter")


@dataclass(frozen=True)
class BuildOptions:
    """Settings of a build; each one left at its default keeps what the brief says.

    Attributes:
        paper: 'a4' or 'letter', overriding the brief's `paper`; None keeps the brief's.
        theme: a built-in theme's name or a theme file (relative to the current folder),
            overriding the brief's `theme`; None keeps the brief's.
        print_marks: crop marks in a slug, TrimBox and a 3 mm BleedBox, for a print shop.
        pdfa: PDF/A-2b (XMP metadata, an sRGB output intent, PDF 1.7), for archives.
    """

    paper: str | None = None
    theme: str | None = None
    print_marks: bool = False
    pdfa: bool = False

    def __post_init__(self) -> None:
        if self.paper is not None and self.paper not in PAPER_SIZES:
            raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {self.paper!r}")
