"""The cache gives back what it kept, and anything wrong with a cache file means a rebuild."""

from __future__ import annotations

import pickle

import pytest

from policybrief.cache import cache_folder, cached


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
    assert cached("thing.pickle", build, _is_dict) == {"a": 1}
    assert cached("thing.pickle", build, _is_dict) == {"a": 1}
    assert len(calls) == 1


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", b"N)R.", pickle.dumps([1]), pickle.dumps(None)],
    ids=["empty", "garbage", "calls-None", "wrong-type", "None"],
)
def test_a_damaged_or_foreign_file_is_rebuilt_and_replaced(content):
    (cache_folder()).mkdir(parents=True)
    (cache_folder() / "thing.pickle").write_bytes(content)
    build, calls = _counting_build({"a": 1})
    assert cached("thing.pickle", build, _is_dict) == {"a": 1}
    assert len(calls) == 1
    assert pickle.loads((cache_folder() / "thing.pickle").read_bytes()) == {"a": 1}


def test_what_is_written_can_differ_from_what_is_returned():
    build, _ = _counting_build({"a": 1, "unpicklable": lambda: 0})
    built = cached("thing.pickle", build, _is_dict, lambda d: {"a": d["a"]})
    assert "unpicklable" in built
    assert cached("thing.pickle", build, _is_dict) == {"a": 1}


def test_an_unpicklable_object_is_returned_and_leaves_no_file():
    build, _ = _counting_build({"f": lambda: 0})
    assert "f" in cached("thing.pickle", build, _is_dict)
    assert list(cache_folder().iterdir()) == []
