"""The brief's imprint as printed: its date, its masthead label, its suggested citation.

Why: page 1, the running head, the cover and the back page print these; one place makes them.
"""

from __future__ import annotations

from policybrief.language import Language
from policybrief.model.brief import Brief


def masthead_label(brief: Brief, language: Language) -> str:
    """Series and number as the masthead prints them, plain text, in capitals."""
    from policybrief.text import to_plain

    parts = (
        brief.series and to_plain(brief.series),
        brief.number and language.label("issue_number", number=to_plain(brief.number)),
    )
    return " \u00b7 ".join(p for p in parts if p).upper()


def suggested_citation(brief: Brief, language: Language) -> str:
    """The brief's citation as given, or one made from its masthead (inline Markdown)."""
    if brief.citation:
        return brief.citation
    if brief.authors:
        who = language.join([a.name for a in brief.authors])
    elif brief.organization:
        who = brief.organization.name
    else:
        who = ""
    title = brief.title + (f": {brief.subtitle}" if brief.subtitle else "")
    parts = [f"{who} ({brief.date.year})." if who else f"({brief.date.year}).", f"*{title}*."]
    number = brief.number and language.label("issue_number", number=brief.number)
    series = " ".join(p for p in (brief.series, number) if p)
    if series:
        parts.append(f"{series}.")
    if brief.organization and brief.organization.name != who:
        parts.append(f"{brief.organization.name}.")
    parts.append(f"{language.date(brief.date)}.")
    return " ".join(parts)
