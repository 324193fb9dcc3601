"""Writing the PDF: atomically, to a created folder, never over the brief."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from policybrief.errors import BriefError
from policybrief.pipeline import default_output, write_atomic
from tests.conftest import SEED
from tests.helpers import build_pdf

PNG = (Path(__file__).parent / "data" / "images" / "block.png").read_bytes()


def test_default_output():
    assert default_output(Path("briefs/x.yaml")) == Path("output/x.pdf")


def test_write_atomic_creates_the_folder(tmp_path):
    target = tmp_path / "new" / "deeper" / "x.pdf"
    write_atomic(target, b"data")
    assert target.read_bytes() == b"data"
    assert os.listdir(target.parent) == ["x.pdf"]


def test_write_atomic_into_an_unwritable_place_is_a_brief_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(BriefError) as caught:
        write_atomic(blocker / "x.pdf", b"data")
    assert str(blocker / "x.pdf") in str(caught.value)


def test_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "x.pdf"
    target.write_bytes(b"earlier")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(BriefError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"earlier"
    assert os.listdir(tmp_path) == ["x.pdf"]


def test_build_refuses_to_overwrite_its_input(tmp_path):
    brief = tmp_path / "b.yaml"
    brief.write_bytes(SEED.read_bytes())
    with pytest.raises(BriefError, match="overwrite the brief"):
        build_pdf(brief, brief)


LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. "


def test_a_table_row_taller_than_a_page_is_an_error_at_its_table(tmp_path):
    """ReportLab's LayoutError is reported at the line and column of the block that caused it."""
    brief = tmp_path / "tall.yaml"
    brief.write_text(
        "title: Tall\n"  # 1
        "date: 2021-09-20\n"  # 2
        "summary: [S]\n"  # 3
        "sections:\n"  # 4
        "  - heading: First\n"  # 5
        "    body:\n"  # 6
        "      - A paragraph.\n"  # 7
        "  - heading: Second\n"  # 8
        "    body:\n"  # 9
        "      - A paragraph before the table.\n"  # 10
        "      - table: Tall\n"  # 11: the block at fault, its key at column 9
        "        columns: [Name, Value]\n"
        "        rows:\n"
        "          - [Short, Short]\n"
        f"          - [Long, '{LOREM * 120}']\n"
        "      - A paragraph after it.\n",
        encoding="utf-8",
    )
    with pytest.raises(BriefError) as caught:
        build_pdf(brief, tmp_path / "tall.pdf")
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.col) == (str(brief), 11, 9)
    assert problem.message == (
        "sections > #2 > body > #2: this block is taller than a page and cannot be split"
    )
    assert problem.source_line.strip() == "- table: Tall"
    assert not (tmp_path / "tall.pdf").exists()


@pytest.fixture(params=[0o022, 0o077, 0o002])
def umask(request):
    """Each umask a user may have: the usual one, a private one, a group-sharing one."""
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_a_new_pdf_gets_the_permissions_the_umask_gives(tmp_path, umask):
    out = build_pdf(SEED, tmp_path / "new.pdf")
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("mode", [0o600, 0o644, 0o664])
def test_a_pdf_written_over_keeps_its_permissions(tmp_path, umask, mode):
    out = tmp_path / "old.pdf"
    out.write_bytes(b"earlier")
    out.chmod(mode)
    build_pdf(SEED, out)
    assert out.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_write_atomic_uses_a_short_temporary_name_beside_a_long_output_name(tmp_path, monkeypatch):
    seen = []
    replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (seen.append(a), replace(a, b)))
    target = tmp_path / ("x" * 250 + ".pdf")
    write_atomic(target, b"data")
    assert target.read_bytes() == b"data"
    assert len(Path(seen[0]).name) <= 40
    assert os.listdir(tmp_path) == [target.name]


@pytest.mark.parametrize("name", ["brief", "theme", "image", "logo", "hard link to the brief"])
def test_build_refuses_an_output_that_is_one_of_its_inputs(tmp_path, name):
    (tmp_path / "mine.yaml").write_text("name: mine\n", encoding="utf-8")
    (tmp_path / "a.png").write_bytes(PNG)
    (tmp_path / "logo.png").write_bytes(PNG)
    brief = tmp_path / "b.yaml"
    brief.write_text(
        "title: T\ndate: 2021-09-20\ntheme: mine.yaml\norganization:\n  name: O\n"
        "  logo: logo.png\nsummary:\n  - One.\nsections:\n  - heading: H\n    body:\n"
        "      - figure: A chart.\n        image: a.png\n        alt: A.\n",
        encoding="utf-8",
    )
    target = {"brief": brief, "theme": tmp_path / "mine.yaml", "image": tmp_path / "a.png"}
    target["logo"] = tmp_path / "logo.png"
    if name == "hard link to the brief":
        os.link(brief, tmp_path / "link.pdf")
        target[name] = tmp_path / "link.pdf"
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(BriefError, match="the output would overwrite"):
        build_pdf(brief, target[name])
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_build_refuses_a_read_only_earlier_pdf(tmp_path):
    out = tmp_path / "old.pdf"
    out.write_bytes(b"earlier")
    out.chmod(0o444)
    with pytest.raises(BriefError, match="is read-only: the earlier PDF is kept"):
        build_pdf(SEED, out)
    assert out.read_bytes() == b"earlier"


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_build_refuses_an_output_that_is_not_a_regular_file(tmp_path, kind):
    out = tmp_path / "out.pdf"
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "folder":
        out.mkdir()
    else:
        out = Path("/dev/null")
    with pytest.raises(BriefError, match="is (a folder|not a regular file)"):
        build_pdf(SEED, out)
    assert Path("/dev/null").is_char_device()
