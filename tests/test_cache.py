"""The cache gives back what it kept, as JSON only; anything wrong with a cache file or its
folder means a rebuild, never an error, and nothing in the cache can run code."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import pickle
import signal
import stat
from pathlib import Path

import pytest

from policybrief import cache
from policybrief.cache import FORMAT, _digest, cache_folder, cached, encode

SRC = Path(cache.__file__).parent


@pytest.fixture(autouse=True)
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture(autouse=True)
def no_hang():
    """A cache read that blocks (a FIFO) fails its test instead of stalling the suite."""

    def stop(*_):
        raise AssertionError("the cache blocked")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


class Builds:
    """A build that counts its calls, and the to_data/from_data pair of a {"a": int} dict."""

    def __init__(self, value=None):
        self.value = {"a": 1} if value is None else value
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return dict(self.value)

    @staticmethod
    def to_data(built):
        return {"a": built["a"]}

    @staticmethod
    def from_data(data):
        if type(data) is not dict or list(data) != ["a"] or type(data["a"]) is not int:
            raise TypeError("not a kept thing")
        return dict(data)

    def get(self, kind="thing", stamp="v1"):
        return cached(kind, stamp, self, self.to_data, self.from_data)


def _file(kind="thing", stamp="v1", suffix="jsonl"):
    return cache_folder() / f"{kind}-{_digest(stamp)}.{suffix}"


def _envelope(data, kind="thing", stamp="v1"):
    """A cache file as `cached` writes it: a header line, then the data line."""
    return encode(kind, stamp, data)


def _written():
    """The file holds the header and {"a": 1}, as two lines of JSON."""
    head, body = _file().read_bytes().split(b"\n")
    assert json.loads(head) == {
        "format": FORMAT,
        "kind": "thing",
        "stamp": "v1",
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    assert json.loads(body) == {"a": 1}


class Planted:
    """Pickle bytes that, if unpickled, create the file `marker`."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _malicious(tmp_path) -> tuple[bytes, Path]:
    marker = tmp_path / "unpickled-marker"
    return pickle.dumps(Planted(marker)), marker


# --- what is kept comes back -------------------------------------------------------------------


def test_a_kept_object_is_loaded_without_building():
    build = Builds()
    assert build.get() == {"a": 1}
    assert build.get() == {"a": 1}
    assert build.calls == 1
    _written()


def test_the_folder_is_private_and_the_file_is_the_users_only():
    Builds().get()
    assert stat.S_IMODE(cache_folder().stat().st_mode) == 0o700
    assert stat.S_IMODE(_file().stat().st_mode) == 0o600
    assert [p.name for p in cache_folder().iterdir()] == [_file().name]  # no temporary left


def test_kinds_and_stamps_are_kept_apart():
    one, other = Builds({"a": 1}), Builds({"a": 2})
    assert one.get("thing", "v1") == {"a": 1}
    assert other.get("thing-else", "v1") == {"a": 2}
    assert one.get("thing", "v1") == {"a": 1} and other.get("thing-else", "v1") == {"a": 2}
    assert (one.calls, other.calls) == (1, 1)


def test_a_file_holding_another_stamp_or_kind_is_not_taken_for_this_one():
    """The file names a digest of the stamp; the file itself holds all of it, and the kind."""
    cache_folder().mkdir(mode=0o700)
    _file().write_bytes(_envelope({"a": 7}, stamp="v0"))
    build = Builds()
    assert build.get() == {"a": 1} and build.calls == 1
    _file().write_bytes(_envelope({"a": 7}, kind="other"))
    assert build.get() == {"a": 1} and build.calls == 2
    _written()


def test_a_kind_that_could_name_another_path_is_refused():
    with pytest.raises(ValueError):
        cached("../thing", "v1", Builds(), Builds.to_data, Builds.from_data)


# --- a damaged, foreign or wrong-shaped file is rebuilt and replaced ------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00garbage",
        b"[1, 2]",
        b"null",
        b'{"format": "policybrief-cache-1"}',
        _envelope({"a": "1"}),
        _envelope({"a": True}),
        _envelope(None),
        _envelope({"a": 1, "b": 2}),
        _envelope([1]),
        b"[" * 200_000 + b"]" * 200_000,
        b'{"format": NaN}',
        _envelope({"a": 1})[:-5],
        _envelope({"a": 1}).replace(b'{"a":1}', b'{"a":2}'),
        _envelope({"a": 1}).replace(b"\n", b" "),
        _envelope({"a": 1}).split(b"\n")[1],
        b'{"format":"policybrief-cache-1","kind":"thing","stamp":"v1"}\n{"a":1}',
        _envelope({"a": 1}) + b"\n",
        b"[" * 200_000 + b"\n" + b"[" * 200_000,
    ],
    ids=[
        "empty",
        "garbage",
        "not-utf8",
        "a-list",
        "null",
        "no-kind",
        "str-for-int",
        "bool-for-int",
        "null-data",
        "extra-key",
        "wrong-data",
        "deeply-nested",
        "nan",
        "cut-short",
        "a-value-changed",
        "one-line",
        "no-header",
        "no-digest",
        "a-line-more",
        "deeply-nested-header",
    ],
)
def test_a_damaged_or_foreign_file_is_rebuilt_and_replaced(content):
    """Wrong shapes are refused by from_data; a changed value in the right shape by the
    header's digest of the data line."""
    cache_folder().mkdir(mode=0o700)
    _file().write_bytes(content)
    build = Builds()
    assert build.get() == {"a": 1}
    assert build.calls == 1
    _written()
    assert build.get() == {"a": 1} and build.calls == 1


def test_whatever_from_data_raises_means_a_rebuild():
    Builds().get()
    build = Builds()

    def broken(data):
        raise ZeroDivisionError("a bug in the caller's check")

    assert cached("thing", "v1", build, build.to_data, broken) == {"a": 1}
    assert build.calls == 1


def test_an_object_to_data_cannot_describe_is_returned_and_leaves_no_file():
    def refuse(built):
        raise TypeError("not plain data")

    build = Builds()
    assert cached("thing", "v1", build, refuse, build.from_data) == {"a": 1}
    assert cached("thing", "v1", build, lambda b: {"f": lambda: 0}, build.from_data)
    assert not cache_folder().exists() or list(cache_folder().iterdir()) == []


def test_a_new_stamp_replaces_the_stale_file_of_its_kind_only():
    Builds({"a": 3}).get("thing-else", "v1")
    Builds().get("thing", "v1")
    first = _file("thing", "v1")
    Builds({"a": 2}).get("thing", "v2")
    assert not first.exists()
    assert sorted(p.name for p in cache_folder().iterdir()) == sorted(
        [_file("thing", "v2").name, _file("thing-else", "v1").name]
    )
    build = Builds()
    assert build.get("thing-else", "v1") == {"a": 3} and build.get("thing", "v2") == {"a": 2}
    assert build.calls == 0


def test_stale_cleaning_deletes_only_our_regular_files(tmp_path):
    """A symlink or a folder with a stale file's name is left alone, and so is its target."""
    cache_folder().mkdir(mode=0o700)
    target = tmp_path / "precious"
    target.write_text("keep me")
    os.symlink(target, _file("thing", "v0"))
    _file("thing", "v00").mkdir()
    Builds().get()
    assert target.read_text() == "keep me"
    assert _file("thing", "v0").is_symlink() and _file("thing", "v00").is_dir()


# --- a folder or file that is not safe to use: no cache at all --------------------------------


def _assert_not_used(build: Builds, kept: dict[Path, bytes] | None = None):
    """Two builds, neither reading nor writing the cache."""
    assert build.get() == {"a": 1} and build.get() == {"a": 1}
    assert build.calls == 2
    for path, content in (kept or {}).items():
        assert path.read_bytes() == content


def _kept_file() -> dict[Path, bytes]:
    """A valid cache file for ("thing", "v1") holding {"a": 5}, as a stranger could plant it."""
    cache_folder().mkdir(mode=0o700)
    _file().write_bytes(_envelope({"a": 5}))
    return {_file(): _envelope({"a": 5})}


def test_a_cache_path_that_is_a_file_means_building_every_time(fresh_cache):
    (fresh_cache / "policybrief").write_text("a file where the folder would be")
    _assert_not_used(Builds())
    assert (fresh_cache / "policybrief").read_text() == "a file where the folder would be"


def test_a_read_only_cache_means_building_every_time(monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    _assert_not_used(Builds())
    assert list(cache_folder().iterdir()) == []  # the temporary file is gone too


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder")
def test_an_unwritable_folder_means_building_every_time():
    cache_folder().mkdir(mode=0o500)
    _assert_not_used(Builds())


def test_a_full_disk_while_writing_leaves_no_temporary_file(monkeypatch):
    real_write = os.write

    def full(handle, data):
        real_write(handle, bytes(data[:3]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    _assert_not_used(Builds())
    assert list(cache_folder().iterdir()) == []


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o722, 0o777], ids=oct)
def test_a_folder_others_can_write_to_is_not_used(mode):
    kept = _kept_file()
    cache_folder().chmod(mode)
    _assert_not_used(Builds(), kept)
    assert list(cache_folder().iterdir()) == [_file()]  # nothing written either


def test_a_folder_that_is_a_symlink_is_not_used(fresh_cache):
    elsewhere = fresh_cache / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (elsewhere / _file().name).write_bytes(_envelope({"a": 5}))
    os.symlink(elsewhere, cache_folder())
    _assert_not_used(Builds(), {elsewhere / _file().name: _envelope({"a": 5})})
    assert list(elsewhere.iterdir()) == [elsewhere / _file().name]


def test_a_folder_owned_by_someone_else_is_not_used(monkeypatch):
    kept = _kept_file()
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 4242)
    _assert_not_used(Builds(), kept)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file away")
def test_a_file_owned_by_someone_else_is_not_read():
    _kept_file()
    os.chown(_file(), 4242, 4242)
    build = Builds()
    assert build.get() == {"a": 1} and build.calls == 1
    assert _file().stat().st_uid == os.geteuid()  # replaced by ours
    _written()


def test_a_fifo_in_place_of_the_file_is_ignored_without_hanging():
    cache_folder().mkdir(mode=0o700)
    os.mkfifo(_file())
    build = Builds()
    assert build.get() == {"a": 1} and build.calls == 1
    _written()  # the FIFO was replaced by the file


def test_a_symlink_to_dev_zero_is_ignored_without_reading_it():
    cache_folder().mkdir(mode=0o700)
    os.symlink("/dev/zero", _file())
    build = Builds()
    assert build.get() == {"a": 1} and build.calls == 1
    assert not _file().is_symlink()
    _written()


def test_a_symlink_to_a_valid_file_is_not_followed(fresh_cache):
    planted = fresh_cache / "planted.json"
    planted.write_bytes(_envelope({"a": 5}))
    cache_folder().mkdir(mode=0o700)
    os.symlink(planted, _file())
    build = Builds()
    assert build.get() == {"a": 1} and build.calls == 1
    assert planted.read_bytes() == _envelope({"a": 5})


def test_a_folder_in_place_of_the_file_is_ignored():
    cache_folder().mkdir(mode=0o700)
    _file().mkdir()
    _assert_not_used(Builds())
    assert _file().is_dir()


def test_a_file_over_the_size_bound_is_not_read(monkeypatch):
    cache_folder().mkdir(mode=0o700)
    with _file().open("wb") as out:  # sparse: 9 MB of nothing after valid JSON
        out.write(_envelope({"a": 5}))
        out.truncate(cache.MAX_BYTES + 1)
    build = Builds()
    assert build.get() == {"a": 1} and build.calls == 1
    _written()
    monkeypatch.setattr(cache, "MAX_BYTES", 10)
    _file().write_bytes(_envelope({"a": 5}))
    assert build.get() == {"a": 1} and build.calls == 2  # and what it built is not kept


# --- nothing in the cache is ever unpickled ---------------------------------------------------


def test_a_planted_pickle_under_the_old_name_is_never_loaded_and_is_deleted(tmp_path):
    payload, marker = _malicious(tmp_path)
    cache_folder().mkdir(mode=0o700)
    _file(suffix="pickle").write_bytes(payload)
    build = Builds()
    assert build.get() == {"a": 1} and build.calls == 1
    assert not marker.exists()
    assert not _file(suffix="pickle").exists()
    _written()


def test_pickle_bytes_under_the_json_name_are_never_loaded(tmp_path):
    payload, marker = _malicious(tmp_path)
    cache_folder().mkdir(mode=0o700)
    _file().write_bytes(payload)
    build = Builds()
    assert build.get() == {"a": 1} and build.calls == 1
    assert not marker.exists()
    _written()


def test_the_payload_really_would_have_run(tmp_path):
    """The two tests above prove something: unpickling their bytes does create the marker."""
    payload, marker = _malicious(tmp_path)
    pickle.loads(payload)  # noqa: S301 (the point of the test)
    assert marker.exists()


@pytest.mark.parametrize(
    "module", ["cache.py", "render/fonts.py", "render/hyphenation.py", "render/adapter.py"]
)
def test_the_cache_and_its_callers_never_import_a_code_loading_format(module):
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"pickle", "marshal", "shelve", "dill", "cloudpickle", "copyreg"}
