"""The cache gives back what it kept, and anything wrong with a cache file means a rebuild."""

from __future__ import annotations

import pickle

import pytest

from policybrief.cache import _digest, cache_folder, cached


@pytest.fixture(autouse=True)
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))


def _counting_build(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def _is_dict(loaded):
    return isinstance(loaded, dict)


def test_a_kept_object_is_loaded_without_building():
    build, calls = _counting_build({"a": 1})
    assert cached("thing", "v1", build, _is_dict) == {"a": 1}
    assert cached("thing", "v1", build, _is_dict) == {"a": 1}
    assert len(calls) == 1


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", b"N)R.", pickle.dumps([1]), pickle.dumps(None)],
    ids=["empty", "garbage", "calls-None", "wrong-type", "None"],
)
def test_a_damaged_or_foreign_file_is_rebuilt_and_replaced(content):
    (cache_folder()).mkdir(parents=True)
    (cache_folder() / _file("thing", "v1")).write_bytes(content)
    build, calls = _counting_build({"a": 1})
    assert cached("thing", "v1", build, _is_dict) == {"a": 1}
    assert len(calls) == 1
    assert pickle.loads((cache_folder() / _file("thing", "v1")).read_bytes()) == {"a": 1}


def test_what_is_written_can_differ_from_what_is_returned():
    build, _ = _counting_build({"a": 1, "unpicklable": lambda: 0})
    built = cached("thing", "v1", build, _is_dict, lambda d: {"a": d["a"]})
    assert "unpicklable" in built
    assert cached("thing", "v1", build, _is_dict) == {"a": 1}


def test_an_unpicklable_object_is_returned_and_leaves_no_file():
    build, _ = _counting_build({"f": lambda: 0})
    assert "f" in cached("thing", "v1", build, _is_dict)
    assert list(cache_folder().iterdir()) == []


def test_a_new_stamp_replaces_the_stale_file_of_its_kind_only():
    cached("thing-else", "v1", lambda: {"v": 3}, _is_dict)
    cached("thing", "v1", lambda: {"v": 1}, _is_dict)
    [first] = cache_folder().glob("thing-????????????????.pickle")
    cached("thing", "v2", lambda: {"v": 2}, _is_dict)
    kept = list(cache_folder().iterdir())
    assert len(kept) == 2 and not first.exists()
    assert cached("thing-else", "v1", dict, _is_dict) == {"v": 3}
    assert cached("thing", "v2", dict, _is_dict) == {"v": 2}


def _file(kind, stamp):
    return f"{kind}-{_digest(stamp)}.pickle"
