"""Hostile cache folders and files, through the real command line: whatever stands in
$XDG_CACHE_HOME/policybrief, a build exits 0, writes the same PDF as with no cache at all,
and never runs code from the cache (a planted pickle's marker file is never created).

Each case runs in a child under 30 s and 1 GB (tests/hostile/harness.py)."""

from __future__ import annotations

import json
import os
import pickle
import stat
from pathlib import Path

import pikepdf
import pypdf
import pytest

from policybrief.cache import encode
from tests.hostile.harness import Run, Sandbox

EPOCH = {"SOURCE_DATE_EPOCH": "0"}


class Planted:
    """Pickle bytes that, if unpickled, create the file `marker`."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[bytes, dict[str, bytes]]:
    """The starter brief's PDF built with an empty cache, and the cache files it wrote."""
    root = tmp_path_factory.mktemp("reference")
    box = Sandbox(root / "brief")
    box.folder.mkdir()
    box.brief()
    run = box.built("brief.yaml", "-o", "out.pdf", env={**EPOCH, "XDG_CACHE_HOME": str(root)})
    assert run.code == 0
    files = {p.name: p.read_bytes() for p in (root / "policybrief").iterdir()}
    assert sorted(name.split("-")[0] for name in files) == ["fonts", "hyphenation"]
    pdf = box.output.read_bytes()
    _assert_a_good_pdf(box.output)
    return pdf, files


def _assert_a_good_pdf(path: Path) -> None:
    """Every font embedded (no base-14 font), and the text extractable."""
    with pikepdf.open(path) as pdf:
        fonts = {}
        for page in pdf.pages:
            for name, font in page.Resources.get("/Font", {}).items():
                fonts[name] = font
        assert fonts
        for font in fonts.values():
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor, font.BaseFont
    text = "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    assert len(text.split()) > 50


@pytest.fixture
def box(tmp_path) -> Sandbox:
    folder = tmp_path / "brief"
    folder.mkdir()
    sandbox = Sandbox(folder)
    sandbox.brief()
    return sandbox


@pytest.fixture
def home(tmp_path) -> Path:
    """$XDG_CACHE_HOME for the case; the cache folder is home / "policybrief"."""
    path = tmp_path / "cache-home"
    path.mkdir()
    return path


def _build(box: Sandbox, home: Path, reference) -> Run:
    """A build that must succeed with the reference PDF, byte for byte."""
    run = box.built("brief.yaml", "-o", "out.pdf", env={**EPOCH, "XDG_CACHE_HOME": str(home)})
    assert run.code == 0 and "Traceback" not in run.output, run.output
    assert box.output.read_bytes() == reference[0], "another PDF than with no cache"
    return run


def _folder(home: Path, mode: int = 0o700) -> Path:
    folder = home / "policybrief"
    folder.mkdir(mode=mode)
    folder.chmod(mode)
    return folder


def _assert_rewritten(folder: Path, reference) -> None:
    """The cache now holds the files a clean build writes, as regular files."""
    for name, content in reference[1].items():
        path = folder / name
        assert stat.S_ISREG(path.lstat().st_mode), name
        assert path.read_bytes() == content, name


# --- planted pickles: never loaded --------------------------------------------------------


def test_planted_pickles_under_the_old_names_never_run_and_are_deleted(box, home, reference):
    marker = home / "marker"
    folder = _folder(home)
    for name in reference[1]:
        (folder / name.replace(".jsonl", ".pickle")).write_bytes(pickle.dumps(Planted(marker)))
    _build(box, home, reference)
    assert not marker.exists(), "the cache unpickled a planted file"
    assert not list(folder.glob("*.pickle"))
    _assert_rewritten(folder, reference)


def test_planted_pickles_under_the_new_names_never_run(box, home, reference):
    marker = home / "marker"
    folder = _folder(home)
    for name in reference[1]:
        (folder / name).write_bytes(pickle.dumps(Planted(marker)))
    _build(box, home, reference)
    assert not marker.exists(), "the cache unpickled a planted file"
    _assert_rewritten(folder, reference)


def test_a_warm_cache_gives_the_same_pdf(box, home, reference):
    folder = _folder(home)
    for name, content in reference[1].items():
        (folder / name).write_bytes(content)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    _build(box, home, reference)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before  # only read


# --- files that are not regular files of ours ---------------------------------------------


def test_cache_files_that_are_fifos_do_not_hang_the_build(box, home, reference):
    folder = _folder(home)
    for name in reference[1]:
        os.mkfifo(folder / name)
    _build(box, home, reference)
    _assert_rewritten(folder, reference)


def test_cache_files_that_link_to_dev_zero_are_not_read(box, home, reference):
    folder = _folder(home)
    for name in reference[1]:
        os.symlink("/dev/zero", folder / name)
    _build(box, home, reference)
    _assert_rewritten(folder, reference)


def test_cache_files_that_link_elsewhere_are_not_followed(box, home, reference, tmp_path):
    folder = _folder(home)
    for name in reference[1]:
        target = tmp_path / f"target-{name}"
        target.write_bytes(b"not to be touched")
        os.symlink(target, folder / name)
    _build(box, home, reference)
    assert all(p.read_bytes() == b"not to be touched" for p in tmp_path.glob("target-*"))
    _assert_rewritten(folder, reference)


def test_cache_files_that_are_folders_are_skipped(box, home, reference):
    folder = _folder(home)
    for name in reference[1]:
        (folder / name).mkdir()
    _build(box, home, reference)
    assert all((folder / name).is_dir() for name in reference[1])


def test_cache_files_beyond_the_size_bound_are_not_read(box, home, reference):
    folder = _folder(home)
    for name, content in reference[1].items():
        with (folder / name).open("wb") as out:  # valid JSON, then a sparse 9 MB of NULs
            out.write(content)
            out.truncate(9 << 20)
    _build(box, home, reference)
    _assert_rewritten(folder, reference)


# --- folders that are not safe: no cache at all --------------------------------------------


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702], ids=oct)
def test_a_cache_folder_others_can_write_to_is_not_used(box, home, reference, mode):
    marker = home / "marker"
    folder = _folder(home, mode)
    planted = {name: pickle.dumps(Planted(marker)) for name in reference[1]}
    for name, content in planted.items():
        (folder / name).write_bytes(content)
    _build(box, home, reference)
    assert not marker.exists()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == planted  # nothing written
    assert stat.S_IMODE(folder.stat().st_mode) == mode


def test_a_cache_folder_that_is_a_symlink_is_not_used(box, home, reference, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    os.symlink(elsewhere, home / "policybrief")
    _build(box, home, reference)
    assert list(elsewhere.iterdir()) == [], "the cache wrote through a symlink"


def test_a_cache_path_that_is_a_file(box, home, reference):
    (home / "policybrief").write_bytes(b"a file where the folder would be")
    _build(box, home, reference)
    assert (home / "policybrief").read_bytes() == b"a file where the folder would be"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a folder away")
def test_a_cache_folder_owned_by_someone_else_is_not_used(box, home, reference):
    folder = _folder(home)
    os.chown(folder, 4242, 4242)
    _build(box, home, reference)
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file away")
def test_cache_files_owned_by_someone_else_are_not_read(box, home, reference):
    folder = _folder(home)
    for name, content in reference[1].items():
        (folder / name).write_bytes(content)
        os.chown(folder / name, 4242, 4242)
    _build(box, home, reference)
    assert all((folder / name).stat().st_uid == os.geteuid() for name in reference[1])
    _assert_rewritten(folder, reference)


def test_a_cache_home_that_does_not_exist_is_made(box, tmp_path, reference):
    home = tmp_path / "not" / "yet"
    _build(box, home, reference)
    assert stat.S_IMODE((home / "policybrief").stat().st_mode) == 0o700
    _assert_rewritten(home / "policybrief", reference)


# --- JSON that is damaged or lies ----------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"\xff\xfe\xfd", b"[" * 500_000, b"null"],
    ids=["empty", "garbage", "not-utf8", "deeply-nested", "null"],
)
def test_garbage_cache_files_are_rebuilt(box, home, reference, content):
    folder = _folder(home)
    for name in reference[1]:
        (folder / name).write_bytes(content)
    _build(box, home, reference)
    _assert_rewritten(folder, reference)


def _kept(reference, kind: str) -> tuple[str, dict, object]:
    """One cache file of the reference: its name, header and data."""
    [(name, content)] = [(n, c) for n, c in reference[1].items() if n.startswith(kind)]
    head, body = content.split(b"\n")
    return name, json.loads(head), json.loads(body)


def _rewrite(path: Path, header: dict, data: object) -> None:
    """Write the data as a cache file with a right digest: the way a buggy or older
    policybrief could have written it, so that only the data's checks can refuse it."""
    path.write_bytes(encode(header["kind"], header["stamp"], data))


def _wrong_widths(data):
    data[0]["face"]["charWidths"]["values"] = ["wide"] * len(data[0]["face"]["charWidths"]["keys"])


def _swapped_faces(data):
    data[0]["face"], data[1]["face"] = data[1]["face"], data[0]["face"]


def _another_digest(data):
    data[3]["sha256"] = "0" * 64


def _bad_array(data):
    data[2]["face"]["glyphPos"] = {"array": "uint16", "base64": "%%%"}


def _too_few(data):
    del data[-1]


def _more_glyphs(data):
    data[0]["face"]["numGlyphs"] = True


@pytest.mark.parametrize(
    "change",
    [_wrong_widths, _swapped_faces, _another_digest, _bad_array, _too_few, _more_glyphs],
    ids=["widths-as-text", "faces-swapped", "another-digest", "bad-array", "too-few", "bool"],
)
def test_font_data_of_the_wrong_shape_is_rebuilt(box, home, reference, change):
    folder = _folder(home)
    name, header, data = _kept(reference, "fonts")
    change(data)
    _rewrite(folder / name, header, data)
    _build(box, home, reference)
    _assert_rewritten(folder, reference)


def _digits(patterns):
    key = next(k for k, v in patterns.items() if isinstance(v, str))
    patterns[key] = "0٣"


def _bool_value(patterns):
    key = next(iter(patterns))
    patterns[key] = [0, True]


def _empty_pattern(patterns):
    patterns[""] = "01"


@pytest.mark.parametrize(
    "change", [_digits, _bool_value, _empty_pattern], ids=["arabic-digit", "bool", "empty"]
)
def test_hyphenation_data_of_the_wrong_shape_is_rebuilt(box, home, reference, change):
    folder = _folder(home)
    name, header, data = _kept(reference, "hyphenation")
    change(data["patterns"])
    _rewrite(folder / name, header, data)
    _build(box, home, reference)
    _assert_rewritten(folder, reference)


def test_a_file_for_another_stamp_is_not_taken(box, home, reference):
    """Right shape, wrong stamp: e.g. a cache from another version copied into place."""
    folder = _folder(home)
    name, header, data = _kept(reference, "hyphenation")
    _rewrite(folder / name, {**header, "stamp": "another version"}, data)
    _build(box, home, reference)
    _assert_rewritten(folder, reference)


def test_a_changed_width_in_the_right_shape_is_caught_by_the_digest(box, home, reference):
    """A digit changed in place (damage on disk): still the right shape, but not the data
    the header's digest is of; the build measures with the real widths."""
    folder = _folder(home)
    name, content = next((n, c) for n, c in reference[1].items() if n.startswith("fonts"))
    head, body = content.split(b"\n")
    data = json.loads(body)
    data[0]["face"]["defaultWidth"] += 1
    (folder / name).write_bytes(head + b"\n" + json.dumps(data).encode())
    _build(box, home, reference)
    _assert_rewritten(folder, reference)
