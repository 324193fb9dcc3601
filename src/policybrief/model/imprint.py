"""The brief's imprint as printed: its date, its masthead label, its suggested citation.

Why: page 1, the running head, the cover and the back page print these; one place makes them.
"""

from __future__ import annotations

import datetime

from policybrief.model.brief import Brief


def masthead_label(brief: Brief) -> str:
    """Series and number as the masthead prints them, plain text, in capitals."""
    from policybrief.text import to_plain

    parts = (
        brief.series and to_plain(brief.series),
        brief.number and f"No. {to_plain(brief.number)}",
    )
    return " \u00b7 ".join(p for p in parts if p).upper()


def format_date(day: datetime.date) -> str:
    """A date as printed in a brief: '27 November 2026', the same in every English locale,
    its words tied by no-break spaces so that no line ends inside it."""
    return f"{day.day}\u00a0{day.strftime('%B')}\u00a0{day.year}"


def suggested_citation(brief: Brief) -> str:
    """The brief's citation as given, or one made from its masthead (inline Markdown)."""
    if brief.citation:
        return brief.citation
    if brief.authors:
        names = [a.name for a in brief.authors]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    elif brief.organization:
        who = brief.organization.name
    else:
        who = ""
    title = brief.title + (f": {brief.subtitle}" if brief.subtitle else "")
    parts = [f"{who} ({brief.date.year})." if who else f"({brief.date.year}).", f"*{title}*."]
    series = " ".join(p for p in (brief.series, f"No. {brief.number}" if brief.number else "") if p)
    if series:
        parts.append(f"{series}.")
    if brief.organization and brief.organization.name != who:
        parts.append(f"{brief.organization.name}.")
    parts.append(f"{format_date(brief.date)}.")
    return " ".join(parts)
