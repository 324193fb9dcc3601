"""What policybrief can rebuild, kept as JSON in the user's cache folder.

Why: parsing pyphen's dictionary and the bundled fonts' metrics takes over 100 ms of every
fresh process, more than the whole layout of a five-page brief. Their parse is kept once per
machine and loaded in a few milliseconds after that.

Why JSON and never pickle: loading a pickle runs whatever code it names, so anyone who could
put a file in the cache folder would run code in the next build. JSON gives back only lists,
dicts, strings and numbers; the caller checks their shape and rebuilds its objects from them.

Safety rules, each of which, broken, means "no cache" (build as if there were none):
- the folder is $XDG_CACHE_HOME/policybrief (~/.cache/policybrief), made with mode 0o700, and
  used only if it is a directory itself (not a symlink), owned by the effective user and not
  writable by group or others, as checked on the open folder (no race with a rename); its
  files are reached through that open folder;
- a cache file is opened without following a symlink and without blocking (a FIFO), and read
  only if it is a regular file owned by the effective user, under `MAX_BYTES`;
- it is two lines of JSON, a header and the data: the header must name this format, the kind
  and the full stamp it was written for and the SHA-256 of the data line, and the caller's
  `from_data` must accept the data; anything else is rebuilt and written over;
- a file is written as a temporary file (0o600) in the folder and renamed over the old one;
  any OSError writing (a read-only home, a full disk) is ignored.
Files of the old pickle cache (`<kind>-<digest>.pickle`) are never read; they are deleted
when the new file of their kind is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
#: What `_load` gives for a file it does not take (JSON data may be None).
_NOTHING = object()

#: The largest cache file read (the fonts' take about 1.5 MB); a larger one is ignored.
MAX_BYTES = 8 << 20
#: Written into every file's header, with the kind and stamp: a file without it is not ours.
FORMAT = "policybrief-cache-1"


def cache_folder() -> Path:
    """Where policybrief keeps what it can rebuild: $XDG_CACHE_HOME/policybrief."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "policybrief"


def cached(
    kind: str,
    stamp: str,
    build: Callable[[], T],
    to_data: Callable[[T], Any],
    from_data: Callable[[Any], T],
) -> T:
    """The object kept for `kind` and `stamp`, or `build()`'s, which is then kept.

    Args:
        kind: what is kept ("fonts", "hyphenation-en_GB"); one file per kind, so a file with
            another stamp is stale and is deleted when the new one is written.
        stamp: it must change whenever what `build` returns would (the versions, names and
            sizes of the inputs); the file name holds a digest of it, the file all of it.
        to_data: the built object as JSON data (dicts with str keys, lists, str, int, float,
            bool, None); if it raises, nothing is kept.
        from_data: the object again from loaded data; it must raise (TypeError, ValueError,
            KeyError, ...) when the data is not what `to_data` writes: the object is then built
            again and the file replaced. Whatever it raises, a cache file never breaks a build.
    """
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", kind):
        raise ValueError(f"cache kind {kind!r}: letters, digits, '-' and '_' only")
    name = f"{kind}-{_digest(stamp)}.jsonl"
    folder = _open_folder(create=False)
    if folder is not None:
        try:
            loaded = _load(folder, name, kind, stamp)
            if loaded is not _NOTHING:
                return from_data(loaded)
        except Exception:  # any damage to a cache file, whatever it raises, means: build again
            pass
        finally:
            os.close(folder)
    built = build()
    _keep(kind, stamp, name, built, to_data)
    return built


def _open_folder(create: bool) -> int | None:
    """A handle on the cache folder, or None when it is missing or not safe to use."""
    folder = cache_folder()
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except (OSError, ValueError):  # missing, a symlink (ELOOP), a file, a NUL in the path...
        return None
    try:
        info = os.fstat(handle)
        if (
            stat.S_ISDIR(info.st_mode)
            and info.st_uid == os.geteuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        ):
            return handle
    except OSError:
        pass
    os.close(handle)
    return None


def _load(folder: int, name: str, kind: str, stamp: str) -> Any:
    """The data of one cache file if it is ours, for this kind and stamp, and undamaged;
    `_NOTHING` otherwise.

    The file is two lines of JSON: a header naming the format, kind, stamp and the SHA-256 of
    the second line, then the data. The digest catches damage the data's shape would not
    (a changed digit); it is no signature: anyone who can write the file can rewrite it.
    """
    raw = _read(folder, name)
    if raw is None:
        return _NOTHING
    head, newline, body = raw.partition(b"\n")
    header = json.loads(head)
    if (
        newline
        and type(header) is dict
        and list(header) == ["format", "kind", "stamp", "sha256"]
        and [header["format"], header["kind"], header["stamp"]] == [FORMAT, kind, stamp]
        and header["sha256"] == hashlib.sha256(body).hexdigest()
    ):
        return json.loads(body)
    return _NOTHING


def _read(folder: int, name: str) -> bytes | None:
    """A regular file's bytes, if it is ours and small enough; never blocks on a FIFO."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        handle = os.open(name, flags, dir_fd=folder)
    except OSError:  # missing, or a symlink (ELOOP)
        return None
    try:
        info = os.fstat(handle)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != os.geteuid()
            or info.st_size > MAX_BYTES
        ):
            return None
        chunks, size = [], 0
        while chunk := os.read(handle, min(1 << 20, MAX_BYTES + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:  # it grew while being read
                return None
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(handle)


def _keep(kind: str, stamp: str, name: str, built: Any, to_data: Callable[[Any], Any]) -> None:
    """Write `built` as the file `name`, then delete its kind's stale files; never raises."""
    try:
        text = encode(kind, stamp, to_data(built))
    except Exception:  # the object is not what to_data knows: it is simply not kept
        return
    if len(text) > MAX_BYTES:
        return
    folder = _open_folder(create=True)
    if folder is None:
        return
    temporary = f"{kind}-{secrets.token_hex(8)}.tmp"
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        handle = os.open(temporary, flags, 0o600, dir_fd=folder)
        try:
            view = memoryview(text)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        temporary = ""
        _delete_stale(folder, kind, name)
    except OSError:
        pass  # a read-only home or a full disk: every build parses again, as without a cache
    finally:
        if temporary:
            try:
                os.unlink(temporary, dir_fd=folder)
            except OSError:
                pass
        os.close(folder)


def _delete_stale(folder: int, kind: str, kept: str) -> None:
    """Delete this kind's files for other stamps, and its old pickles (never read)."""
    stale = re.compile(rf"{re.escape(kind)}-[0-9a-f]{{16}}\.(jsonl|pickle)")
    for entry in os.listdir(folder):
        if entry != kept and stale.fullmatch(entry):
            try:
                info = os.stat(entry, dir_fd=folder, follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid():
                    os.unlink(entry, dir_fd=folder)
            except OSError:
                pass


def encode(kind: str, stamp: str, data: Any) -> bytes:
    """A cache file's bytes: the header line, then the data, each one line of JSON."""
    body = _json(data)
    header = {"format": FORMAT, "kind": kind, "stamp": stamp}
    return _json({**header, "sha256": hashlib.sha256(body).hexdigest()}) + b"\n" + body


def _json(data: Any) -> bytes:
    """One line of JSON (newlines inside strings are escaped), UTF-8, no NaN or Infinity."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode("utf-8")


def _digest(stamp: str) -> str:
    return hashlib.sha256(stamp.encode()).hexdigest()[:16]
