"""Hostile input through the real command line: the files a brief may read, the paths a
build may write, the environment, and batches. Each case runs in a child under 30 s and
1 GB, and checks its exit code, its message, and that every file is as it was."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.hostile.harness import EARLIER, Sandbox, assert_located, assert_says, snapshot

PNG = (Path(__file__).parent.parent / "data" / "images" / "block.png").read_bytes()
SECRET = b"SECRET-OUTSIDE-THE-BRIEF-7f3a"


@pytest.fixture
def box(tmp_path) -> Sandbox:
    folder = tmp_path / "brief"
    folder.mkdir()
    (tmp_path / "outside.yaml").write_bytes(b"name: stolen\ndescription: " + SECRET + b"\n")
    return Sandbox(folder)


# --- the brief file itself: only a regular file, of a bounded size ---------------------------


def test_a_brief_that_is_a_fifo_fails_at_once(box):
    os.mkfifo(box.folder / "brief.yaml")
    run, _ = box.refused("brief.yaml", "-o", "out.pdf")
    assert_says(run, "brief.yaml", "is a FIFO, not a file")


def test_a_brief_that_links_to_dev_zero_fails_at_once(box):
    os.symlink("/dev/zero", box.folder / "brief.yaml")
    run, _ = box.refused("brief.yaml", "-o", "out.pdf")
    assert_says(run, "brief.yaml", "is a device, not a file")


def test_a_brief_that_is_a_folder(box):
    (box.folder / "brief.yaml").mkdir()
    run, _ = box.refused("brief.yaml", "-o", "out.pdf")
    assert_says(run, "brief.yaml", "is a folder")


def test_a_brief_with_a_name_too_long(box):
    run, _ = box.refused("b" * 300 + ".yaml", "-o", "out.pdf")
    assert_says(run, "b" * 300 + ".yaml", "too long a name")


def test_a_brief_larger_than_the_limit(box):
    box.brief(("title:", "# " + "x" * 2_100_000 + "\ntitle:"))
    run, _ = box.refused("brief.yaml", "-o", "out.pdf")
    assert_says(run, "brief.yaml", r"a YAML file may be at most 2,000,000 bytes")


def test_a_brief_saved_as_utf16(box):
    box.write("brief.yaml", (box.brief().read_text(encoding="utf-8")).encode("utf-16"))
    run, _ = box.refused("brief.yaml", "-o", "out.pdf")
    assert_says(run, "brief.yaml", "saved as UTF-16; policybrief reads UTF-8")


def test_a_windows_path_in_double_quotes(box):
    box.brief(("title: A Title", 'title: "C:\\Users\\me\\A Title"'))
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    line = assert_located(run, lines, "brief.yaml", "backslash inside double quotes")
    assert line["col"] == "11"  # at the backslash


def test_a_lone_surrogate_escape(box):
    box.brief(("title: A Title", 'title: "A \\ud83d Title"'))
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    assert_located(run, lines, "brief.yaml", "half of a surrogate pair")


# --- a brief's theme file: inside the brief's folder, a regular file ------------------------


def _theme(box: Sandbox, name: str) -> None:
    box.brief(("title:", f"theme: {name}\ntitle:"))


def test_a_theme_outside_the_brief_folder_is_refused(box):
    _theme(box, "../outside.yaml")
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    assert_located(run, lines, "brief.yaml", "outside the brief's folder")


def test_a_theme_linked_from_inside_to_outside_is_refused(box):
    os.symlink(box.folder.parent / "outside.yaml", box.folder / "mine.yaml")
    _theme(box, "mine.yaml")
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    assert_located(run, lines, "brief.yaml", "outside the brief's folder")


def test_a_theme_by_absolute_path_outside_is_refused(box):
    _theme(box, str(box.folder.parent / "outside.yaml"))
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    assert_located(run, lines, "brief.yaml", "outside the brief's folder")


def test_a_theme_that_is_a_fifo(box):
    os.mkfifo(box.folder / "mine.yaml")
    _theme(box, "mine.yaml")
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    assert_located(run, lines, "brief.yaml", "is a FIFO, not a file")


def test_a_theme_name_too_long(box):
    _theme(box, "t" * 300 + ".yaml")
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    assert_located(run, lines, "brief.yaml", "too long a name")


def test_a_theme_in_a_subfolder_is_read(box):
    box.write("themes/mine.yaml", "name: mine\nextends: modern\n")
    _theme(box, "themes/mine.yaml")
    box.built("brief.yaml", "-o", "out.pdf")


def test_dash_dash_theme_name_too_long_is_a_usage_error(box):
    box.brief()
    run, _ = box.refused("brief.yaml", "-o", "out.pdf", "--theme", "t" * 300 + ".yaml", code=2)
    assert "too long a name" in run.stderr


def test_dash_dash_theme_that_is_a_fifo_is_a_usage_error(box):
    box.brief()
    os.mkfifo(box.folder / "mine.yaml")
    run, _ = box.refused("brief.yaml", "-o", "out.pdf", "--theme", "mine.yaml", code=2)
    assert "is a FIFO, not a file" in run.stderr


def test_dash_dash_theme_may_be_outside_the_brief_folder(box):
    """The user names it on their own command line: it is their choice, not the brief's."""
    (box.folder.parent / "mine.yaml").write_text("name: mine\n", encoding="utf-8")
    box.brief()
    box.built("brief.yaml", "-o", "out.pdf", "--theme", "../mine.yaml")


# --- the output: never an input, never anything but a new name or a writable PDF ----------


def _with_inputs(box: Sandbox) -> None:
    box.write("mine.yaml", "name: mine\n")
    box.write("figure.png", PNG)
    box.write("logo.png", PNG)
    box.brief(
        ("title:", "theme: mine.yaml\ntitle:"),
        ("  name: ", "  logo: logo.png\n  name: "),
        (
            "      - bullets:",
            "      - figure: A chart.\n        image: figure.png\n        alt: A chart.\n"
            "      - bullets:",
        ),
    )


@pytest.mark.parametrize(
    "target, what",
    [
        ("brief.yaml", "the brief itself"),
        ("mine.yaml", "the brief's theme file"),
        ("figure.png", "an image the brief uses"),
        ("logo.png", "an image the brief uses"),
        ("./sub/../brief.yaml", "the brief itself"),
    ],
)
def test_the_output_may_not_be_an_input(box, target, what):
    _with_inputs(box)
    (box.folder / "sub").mkdir()
    run, _ = box.refused("brief.yaml", "-o", target)
    assert_says(run, os.path.basename(target), f"the output would overwrite {what}")


def test_the_output_may_not_be_a_hard_link_to_the_brief(box):
    _with_inputs(box)
    os.link(box.folder / "brief.yaml", box.folder / "link.pdf")
    run, _ = box.refused("brief.yaml", "-o", "link.pdf")
    assert_says(run, "link.pdf", "the output would overwrite the brief itself")


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_the_output_may_not_be_a_device(box, device):
    box.brief()
    before = os.stat(device)
    run, _ = box.refused("brief.yaml", "-o", device)
    assert_says(run, device, "not a regular file")
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_the_output_may_not_be_a_fifo(box):
    box.brief()
    os.mkfifo(box.folder / "pipe.pdf")
    run, _ = box.refused("brief.yaml", "-o", "pipe.pdf")
    assert_says(run, "pipe.pdf", "not a regular file")


def test_the_output_may_not_be_a_folder(box):
    box.brief()
    (box.folder / "folder.pdf").mkdir()
    run, _ = box.refused("brief.yaml", "-o", "folder.pdf", code=2)
    assert "'folder.pdf' is a directory" in run.stderr


def test_a_read_only_earlier_pdf_is_kept(box):
    box.brief()
    box.output.write_bytes(EARLIER)
    box.output.chmod(0o444)
    run, _ = box.refused("brief.yaml", "-o", "out.pdf", earlier=False)
    assert_says(run, "out.pdf", "is read-only: the earlier PDF is kept")


def test_an_output_inside_a_file_is_refused(box):
    box.brief()
    box.write("file", "not a folder")
    run, _ = box.refused("brief.yaml", "-o", "file/out.pdf")
    assert_says(run, "file/out.pdf", "cannot write here")


@pytest.mark.parametrize("umask", [0o077, 0o022, 0o002])
def test_a_new_pdf_follows_the_umask(box, umask):
    box.brief()
    old = os.umask(umask)
    try:
        box.built("brief.yaml", "-o", "out.pdf")
    finally:
        os.umask(old)
    assert stat.S_IMODE(box.output.stat().st_mode) == 0o666 & ~umask


def test_a_250_character_output_name_builds(box):
    box.brief()
    name = "o" * 246 + ".pdf"
    box.built("brief.yaml", "-o", name, output=name)
    assert (box.folder / name).read_bytes().startswith(b"%PDF")


# --- the environment and the process ---------------------------------------------------------


@pytest.mark.parametrize(
    "epoch, words",
    [
        ("1" + "0" * 24, "after the year 9999"),
        ("253402300800", "after the year 9999"),
        ("-1", "not a number of seconds"),
        ("1e9", "not a number of seconds"),
        ("١٦٣٠٤٥٤٤٠٠", "not a number of seconds"),
    ],
)
def test_a_source_date_epoch_out_of_range(box, epoch, words):
    box.brief()
    run, _ = box.refused("brief.yaml", "-o", "out.pdf", env={"SOURCE_DATE_EPOCH": epoch})
    assert_says(run, "SOURCE_DATE_EPOCH", words)


def test_the_last_epoch_a_pdf_can_date_builds(box):
    box.brief()
    box.built("brief.yaml", "-o", "out.pdf", env={"SOURCE_DATE_EPOCH": "253402300799"})
    assert b"D:99991231235959" in box.output.read_bytes()


def test_a_thousand_jobs_for_three_briefs_are_capped(box):
    for name in ("a", "b", "c"):
        box.brief(name=f"{name}.yaml")
    run = box.build("a.yaml", "b.yaml", "c.yaml", "--out-dir", "pdfs", "-j", "1000")
    assert run.code == 0, run.output
    assert "note: -j 1000 is more than the" in run.stderr
    assert sorted(p.name for p in (box.folder / "pdfs").iterdir()) == ["a.pdf", "b.pdf", "c.pdf"]


def test_a_fifo_in_a_batch_is_that_briefs_error_and_the_rest_build(box):
    box.brief(name="a.yaml")
    box.brief(name="c.yaml")
    os.mkfifo(box.folder / "b.yaml")
    before = snapshot(box.folder)
    run = box.build("a.yaml", "b.yaml", "c.yaml", "--out-dir", "pdfs", "-j", "2")
    assert run.code == 1 and "Traceback" not in run.output
    assert_says(run, "b.yaml", "is a FIFO, not a file")
    assert "built 2 of 3 briefs" in run.stderr
    assert sorted(p.name for p in (box.folder / "pdfs").iterdir()) == ["a.pdf", "c.pdf"]
    shutil.rmtree(box.folder / "pdfs")
    assert snapshot(box.folder) == before
