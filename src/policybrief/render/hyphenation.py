"""Hyphenation dictionaries: pyphen's, parsed once per machine and kept in the cache.

Why: ReportLab hyphenates through pyphen, and pyphen parses its dictionary text (13,000
patterns for English) in every new process: about 100 ms, a fifth of a cold build. The
parsed dictionary is kept in the cache as JSON (see cache.py and
`adapter.hyphenation_to_data`) and loaded from it in a few milliseconds instead.
"""

from __future__ import annotations

from policybrief.cache import cached
from policybrief.render.adapter import hyphenation_from_data, hyphenation_to_data


def hyphenation_language(language: str) -> str:
    """The pyphen dictionary for a BCP 47 tag ('en-GB' -> 'en_GB'), or '' when there is none.

    The dictionary is made ready for ReportLab on the way (from the cache when possible).
    """
    import pyphen

    name = pyphen.language_fallback(language.replace("-", "_")) or ""
    if name:
        _prepare(pyphen, name)
    return name


def _prepare(pyphen, name: str) -> None:
    path = pyphen.LANGUAGES[name]
    if path in pyphen.hdcache:
        return
    version = getattr(pyphen, "VERSION", getattr(pyphen, "__version__", ""))
    stamp = f"{version}-{path.stat().st_size}"
    pyphen.hdcache[path] = cached(
        f"hyphenation-{name}",
        stamp,
        lambda: pyphen.HyphDict(path),
        hyphenation_to_data,
        hyphenation_from_data,
    )
