"""Hyphenation dictionaries: pyphen's, parsed once per machine and kept in a cache file.

Why: ReportLab hyphenates through pyphen, and pyphen parses its dictionary text (13,000
patterns for English) in every new process: about 100 ms, a fifth of a cold build. The
parsed dictionary is pickled to the user's cache folder and loaded in about 6 ms after that.
A cache that cannot be read or written is ignored: the dictionary is then parsed as before.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path


def hyphenation_language(language: str) -> str:
    """The pyphen dictionary for a BCP 47 tag ('en-GB' -> 'en_GB'), or '' when there is none.

    The dictionary is made ready for ReportLab on the way (from the cache when possible).
    """
    import pyphen

    name = pyphen.language_fallback(language.replace("-", "_")) or ""
    if name:
        _prepare(pyphen, name)
    return name


def cache_folder() -> Path:
    """Where policybrief keeps what it can rebuild: $XDG_CACHE_HOME/policybrief."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "policybrief"


def _prepare(pyphen, name: str) -> None:
    path = pyphen.LANGUAGES[name]
    if path in pyphen.hdcache:
        return
    stamp = (
        f"{getattr(pyphen, 'VERSION', getattr(pyphen, '__version__', ''))}-{path.stat().st_size}"
    )
    cached = cache_folder() / f"hyphenation-{name}-{stamp}.pickle"
    try:
        # Our own file in the user's cache, written below from pyphen's parse.
        pyphen.hdcache[path] = pickle.loads(cached.read_bytes())  # noqa: S301
        return
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass  # no cache yet, or one from another version: parse the dictionary
    dictionary = pyphen.hdcache[path] = pyphen.HyphDict(path)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(dictionary, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, cached)
    except OSError:
        pass  # a read-only home: every build parses the dictionary, as pyphen would
