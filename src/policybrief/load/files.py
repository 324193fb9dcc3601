"""Which files a brief may read: regular files, inside the brief's folder tree, of a bounded size.

Why: a brief downloaded from elsewhere must not copy a private file (`../../.ssh/id_rsa.png`,
a symlink to `/etc`) into a PDF that is then sent out, and a path that is a FIFO or a link to
`/dev/zero` must fail at once instead of hanging the build or filling the memory. Every
file a brief names (images, logos, theme files) is found through `confined`, and every file
policybrief reads is read through `read_bounded`, which refuses anything but a regular file
before reading a byte.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

#: The longest file name (one path component) and whole path most file systems take.
NAME_MAX = 255
PATH_MAX = 4096


class FileRefused(ValueError):
    """A file a brief names that policybrief will not read; the message says why, as a phrase
    that follows the file's name ("is a FIFO, not a file")."""

    def __init__(self, reason: str, *, missing: bool = False):
        super().__init__(reason)
        #: Nothing is there: the caller says what it expected to find.
        self.missing = missing


def confined(name: str, root: Path) -> Path:
    """The file `name` (relative to `root`) means, when a brief in `root` may read it.

    Symbolic links are followed, and where they lead must still be inside `root`.

    Raises:
        FileRefused: the name is too long, leads outside `root`, names nothing, or names
            something that is not a regular file.
    """
    _check_length(name)
    try:
        top = root.resolve()
        target = (root / name).resolve()
    except (OSError, RuntimeError, ValueError) as err:  # RuntimeError: a symlink loop (3.11)
        raise FileRefused(_reason(err)) from None
    if not target.is_relative_to(top):
        raise FileRefused(
            "is outside the brief's folder: a brief reads only files in its own folder "
            "and the folders below it"
        )
    regular_file(target)
    return target


def regular_file(path: Path) -> os.stat_result:
    """The facts of `path` when it is a regular file (links followed).

    Raises:
        FileRefused: nothing is there, or a folder, FIFO, socket or device is.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileRefused("does not exist", missing=True) from None
    except (OSError, ValueError) as err:
        raise FileRefused(_reason(err)) from None
    _check_kind(info.st_mode)
    return info


def read_bounded(path: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    Why the checks are made on the open descriptor: the file could be swapped for a FIFO
    between a check and the read; opened non-blocking, a FIFO cannot stall the open either.

    Raises:
        FileRefused: not a regular file, larger than `limit`, or unreadable.
    """
    _check_length(str(path))
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise FileRefused("does not exist", missing=True) from None
    except (OSError, ValueError) as err:
        raise FileRefused(_reason(err)) from None
    try:
        info = os.fstat(handle)
        _check_kind(info.st_mode)
        if info.st_size > limit:
            raise FileRefused(f"is {_size(info.st_size)}; a {what} may be at most {_size(limit)}")
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError as err:
        raise FileRefused(_reason(err)) from None
    finally:
        os.close(handle)
    if len(data) > limit:  # the file grew while it was read
        raise FileRefused(f"is over {_size(limit)}; a {what} may be at most {_size(limit)}")
    return data


def _check_length(name: str) -> None:
    encoded = os.fsencode(name)
    if len(encoded) > PATH_MAX or any(len(part) > NAME_MAX for part in encoded.split(b"/")):
        raise FileRefused(
            f"is too long a name: a file's name may be at most {NAME_MAX} bytes, "
            f"its whole path {PATH_MAX}"
        )


def _check_kind(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a FIFO"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
    )
    raise FileRefused(f"is {kind}, not a file")


def _reason(err: Exception) -> str:
    if isinstance(err, RuntimeError) or getattr(err, "errno", None) == errno.ELOOP:
        return "is a loop of symbolic links"
    if getattr(err, "errno", None) == errno.ENAMETOOLONG:
        return f"is too long a name (at most {NAME_MAX} bytes a name, {PATH_MAX} a path)"
    if isinstance(err, ValueError):  # a NUL byte in the name
        return "is not a valid file name"
    return f"cannot be read: {err.strerror}"


def _size(count: int) -> str:
    return f"{count:,} bytes"
