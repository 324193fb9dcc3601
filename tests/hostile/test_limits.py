"""Bounded work through the real command line: every input that can grow has a limit, checked
before the work it bounds, named in a located message; within the limits a build finishes.

Each case runs in a child under 30 s and 1 GB (see harness.py), so a build that would take
minutes or eat memory fails the case instead of stalling the suite.
"""

from __future__ import annotations

import re

import pikepdf
import pytest

from tests.hostile.harness import Sandbox, assert_located

#: The starter's first list, which most cases replace with a block of their own.
LIST = "      - bullets:\n          - A bulleted point.\n          - Another point.\n"


@pytest.fixture
def box(tmp_path) -> Sandbox:
    folder = tmp_path / "brief"
    folder.mkdir()
    return Sandbox(folder)


def _items(count: int, indent: int, text: str = "item {}") -> str:
    return "".join(f"{' ' * indent}- {text.format(i)}\n" for i in range(count))


def _refused_at(box: Sandbox, block: str, words: str, *more: tuple[str, str]) -> re.Match:
    """Put `block` where the starter's list is, build, and find the located line saying
    `words`; it must point into the brief (line > 1 unless the whole brief is at fault)."""
    box.brief((LIST, block), *more)
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    return assert_located(run, lines, "brief.yaml", words)


def _line_of(box: Sandbox, needle: str) -> int:
    text = (box.folder / "brief.yaml").read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


# --- lists, blocks, sections, references: counted before their items are checked ----------


def test_a_list_of_more_than_10000_items(box):
    line = _refused_at(
        box, "      - bullets:\n" + _items(10_001, 10), r"a list may have at most 10,000 items"
    )
    assert int(line["line"]) == _line_of(box, "bullets:") + 1  # where the list starts
    assert "this one has 10,001" in line["message"]


def test_a_numbered_list_of_12000_items(box):
    line = _refused_at(
        box,
        "      - numbered:\n" + _items(12_000, 10),
        r"at most 10,000 items; this one has 12,000",
    )
    assert int(line["line"]) == _line_of(box, "numbered:") + 1


def test_30000_bullets_are_refused_at_once_by_the_brief_wide_count(box):
    _refused_at(box, "      - bullets:\n" + _items(30_000, 10), r"at most 15,000 texts")


def test_a_findings_block_of_more_than_1000_findings(box):
    findings = "".join(
        f"          - title: F{i}\n            text: What it means.\n" for i in range(1_001)
    )
    _refused_at(
        box, "      - findings:\n" + findings, r"a findings block may have at most 1,000 findings"
    )


def test_a_recommendations_block_of_more_than_1000(box):
    cards = "".join(
        f"          - title: R{i}\n            text: Why.\n            actors: [A]\n"
        for i in range(1_001)
    )
    _refused_at(box, "      - recommendations:\n" + cards, r"at most 1,000 recommendations")


def test_more_than_1000_sections(box):
    sections = "".join(f"  - heading: H{i}\n    body:\n      - Text.\n" for i in range(1_001))
    box.brief(("sections:\n", "sections:\n" + sections))
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    assert_located(run, lines, "brief.yaml", r"a brief may have at most 1,000 sections")


def test_more_than_2000_references(box):
    refs = "".join(f"  - id: r{i}\n    text: A source.\n" for i in range(2_001))
    box.brief(("conclusion:", "references:\n" + refs + "conclusion:"))
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    assert_located(run, lines, "brief.yaml", r"a brief may have at most 2,000 references")


def test_a_table_of_more_than_1000_rows(box):
    rows = "".join(f"          - [a{i}, b]\n" for i in range(1_001))
    block = "      - table: T\n        columns: [A, B]\n        rows:\n" + rows
    _refused_at(box, block, r"a table may have at most 1,000 rows")


def test_a_body_of_more_than_10000_blocks_is_refused_by_the_brief_wide_count_first(box):
    """10,001 paragraphs are also 10,001 texts: whichever limit speaks, it speaks at once."""
    _refused_at(box, _items(15_001, 6, "P{}."), r"at most 15,000 texts|at most 10,000 blocks")


# --- one text: words, characters, markup, nesting ------------------------------------------


def test_a_paragraph_of_more_than_10000_words(box):
    words = " ".join(f"w{i % 50}" for i in range(10_001))
    line = _refused_at(box, f"      - {words}\n", r"a text may have at most 10,000 words")
    assert "split it into paragraphs" in line["message"]


def test_a_paragraph_of_150000_words(box):
    words = " ".join("word" for _ in range(150_000))
    _refused_at(box, f"      - {words}\n", r"a text may have at most 1\d\d,000 (words|characters)")


def test_a_text_without_spaces_longer_than_the_character_limit(box):
    _refused_at(box, f"      - {'x' * 125_001}\n", r"at most 125,000 characters")


def test_a_paragraph_with_more_than_5000_markup_characters(box):
    text = " ".join("*a*" for _ in range(2_501))
    _refused_at(box, f'      - "{text}"\n', r"at most 5,000 markup characters")


def test_150000_emphasis_markers_across_a_brief(box):
    """Each paragraph is under its own limit; the brief-wide count still refuses them."""
    paragraph = " ".join("*a*" for _ in range(1_500))
    block = "".join(f'      - "{paragraph}"\n' for _ in range(34))
    _refused_at(box, block, r"a brief may have at most 50,000 markup characters")


def test_markup_nested_more_than_20_deep(box):
    depth = 22
    opening = "".join(("*" if i % 2 else "_") + "w " for i in range(depth))
    closing = "".join(" w" + ("*" if i % 2 else "_") for i in reversed(range(depth)))
    _refused_at(box, f'      - "{opening}x{closing}"\n', r"markup may nest at most 20 deep")


def test_more_than_15000_texts_in_all(box):
    lists = "".join("      - bullets:\n" + _items(2_000, 10) for _ in range(8))
    line = _refused_at(box, lists, r"a brief may have at most 15,000 texts")
    assert "this one has 16,0" in line["message"]


# --- boxes: their words and items together ---------------------------------------------------


def test_a_callout_of_more_than_200_paragraphs_and_items(box):
    block = "      - callout: C\n        body:\n          - bullets:\n" + _items(201, 14)
    _refused_at(box, block, r"a callout may hold at most 200 paragraphs and list items")


def test_a_callout_of_more_than_2000_words(box):
    paragraph = " ".join("word" for _ in range(300))
    block = "      - callout: C\n        body:\n" + _items(7, 10, paragraph)
    _refused_at(box, block, r"a callout may have at most 2,000 words; this one has 2,10")


def test_a_quote_of_more_than_2000_words(box):
    words = " ".join("word" for _ in range(2_001))
    _refused_at(box, f"      - quote: {words}\n", r"a quote may have at most 2,000 words")


def test_a_finding_of_more_than_2000_words(box):
    words = " ".join("word" for _ in range(2_001))
    block = f"      - findings:\n          - title: F\n            text: {words}\n"
    _refused_at(box, block, r"a finding may have at most 2,000 words")


def test_a_recommendation_of_more_than_2000_words(box):
    words = " ".join("word" for _ in range(2_001))
    block = (
        f"      - recommendations:\n          - title: R\n            text: {words}\n"
        "            actors: [A]\n"
    )
    _refused_at(box, block, r"a recommendation may have at most 2,000 words")


# --- numbers and addresses -----------------------------------------------------------------


def _chart(values: str, kind: str = "bar") -> str:
    return (
        f"      - chart: C\n        type: {kind}\n        categories: [a, b]\n"
        f"        series:\n          - name: S\n            values: {values}\n"
    )


@pytest.mark.parametrize("value", ["1e308", "-1e308", "1e16", "1e999"])
def test_a_chart_value_out_of_range(box, value):
    line = _refused_at(box, _chart(f"[1, {value}]"), r"a chart value may be at most")
    assert int(line["line"]) == _line_of(box, "values:")


def test_a_stacked_bar_whose_total_overflows(box):
    block = _chart("[9e14, 1]", "stacked") + "          - name: T\n            values: [9e14, 1]\n"
    _refused_at(box, block, r"a stacked bar may add up to at most")


def test_a_source_address_longer_than_the_qr_code_holds(box):
    url = "https://example.org/" + "a" * 2_300
    source = f"source:\n  title: S\n  publisher: P\n  year: '2021'\n  url: {url}\n"
    box.brief(("summary:", source + "summary:"))
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    assert_located(run, lines, "brief.yaml", r"a web address may have at most 2,000 characters")


def test_an_address_that_outgrows_the_limit_once_percent_encoded(box):
    url = "https://example.org/" + "ü" * 400  # 420 characters, 2,420 once encoded
    source = f"source:\n  title: S\n  publisher: P\n  year: '2021'\n  url: {url}\n"
    box.brief(("summary:", source + "summary:"))
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    assert_located(run, lines, "brief.yaml", r"once its non-ASCII characters are percent-encoded")


def test_an_address_at_the_limit_builds_with_its_qr_code_and_link(box):
    url = "https://example.org/" + "a" * 1_980
    source = f"source:\n  title: S\n  publisher: P\n  year: '2021'\n  url: {url}\n"
    box.brief(("summary:", source + "summary:"))
    box.built("brief.yaml", "-o", "out.pdf")
    assert url in _link_targets(box.output)


def test_a_reference_id_longer_than_100_characters(box):
    ref_id = "r" * 101
    box.brief(
        ("conclusion:", f"references:\n  - id: {ref_id}\n    text: A source.\nconclusion:"),
        ("Another point.", f"Another point.[@{ref_id}]"),
    )
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    assert_located(run, lines, "brief.yaml", r"101 characters long; at most 100")


# --- many problems: all counted, the first shown ---------------------------------------------


def test_a_thousand_problems_print_the_first_fifty_and_count_the_rest(box):
    cards = "".join(f"          - title: R{i}\n            text: Why.\n" for i in range(1_000))
    box.brief((LIST, "      - recommendations:\n" + cards))
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    assert len(lines) == 50
    assert "… and 950 more problems" in run.stderr
    assert run.stderr.rstrip().endswith("1,000 errors found.")


def test_ten_thousand_unknown_citations_are_refused_in_bounded_time(box):
    paragraph = " ".join(f"x[@n{i}]" for i in range(4))
    box.brief((LIST, _items(2_500, 6, f'"{paragraph} {{}}"')))
    run, lines = box.refused("brief.yaml", "-o", "out.pdf")
    assert_located(run, lines, "brief.yaml", r"\[@n0\] cites no reference")
    assert "10,000 errors found." in run.stderr


# --- within the limits: builds ----------------------------------------------------------------


def test_a_list_of_600_items_builds_on_many_pages_in_order(box):
    """Fifteen tables of 40 rows, stacked: every item once, in order, over many pages."""
    box.brief((LIST, "      - bullets:\n" + _items(600, 10, "point number {}")))
    box.built("brief.yaml", "-o", "out.pdf")
    with pikepdf.open(box.output) as pdf:
        pages = len(pdf.pages)
    assert pages > 12
    import pdfplumber

    with pdfplumber.open(box.output) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    numbers = [int(n) for n in re.findall(r"point number (\d+)", text)]
    assert numbers == list(range(600))


def _link_targets(pdf_path) -> list[str]:
    targets = []
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                action = annotation.get("/A")
                if action is not None and "/URI" in action:
                    targets.append(bytes(action.URI).decode("ascii"))
    return targets
