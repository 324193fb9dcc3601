"""What policybrief can rebuild, kept pickled in the user's cache folder.

Why: parsing pyphen's dictionary and the bundled fonts' metrics takes about 130 ms of every
fresh process, more than the whole layout of a five-page brief. Their parse is pickled once
per machine and loaded in a few milliseconds after that. A cache file that cannot be read or
written is ignored: the thing is then built as before, so a cache never breaks a build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_folder() -> Path:
    """Where policybrief keeps what it can rebuild: $XDG_CACHE_HOME/policybrief."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "policybrief"


def cached(
    kind: str,
    stamp: str,
    build: Callable[[], T],
    valid: Callable[[object], bool],
    to_pickle: Callable[[T], object] | None = None,
) -> T:
    """The object kept for `kind` and `stamp`, or `build()`'s, which is then kept.

    Args:
        kind: what is kept ("fonts", "hyphenation-en"); one file per kind, so a file with
            another stamp is stale and is deleted when the new one is written.
        stamp: it must change whenever what `build` returns would (the versions, names and
            sizes of the inputs); the file name holds a digest of it.
        valid: whether a loaded object is what `build` makes; anything else is rebuilt.
        to_pickle: what to write for the built object, when the object itself cannot be
            pickled as it is; the caller restores what it left out after loading.
    """
    file = cache_folder() / f"{kind}-{_digest(stamp)}.pickle"
    try:
        # Our own file in the user's cache, written below.
        loaded = pickle.loads(file.read_bytes())
        if valid(loaded):
            return loaded
    except Exception:  # any damage to a cache file, whatever it raises, means: build again
        pass
    built = build()
    temporary = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        kept = to_pickle(built) if to_pickle else built
        with os.fdopen(handle, "wb") as out:
            pickle.dump(kept, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, file)
        temporary = None
        for stale in file.parent.glob(f"{kind}-*.pickle"):
            if stale != file and re.fullmatch(
                rf"{re.escape(kind)}-[0-9a-f]{{16}}\.pickle", stale.name
            ):
                stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # a read-only home or a full disk: every build parses again, as without a cache
    finally:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
    return built


def _digest(stamp: str) -> str:
    return hashlib.sha256(stamp.encode()).hexdigest()[:16]
