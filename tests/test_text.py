"""Tests of `policybrief.text`: the inline Markdown subset and its ReportLab markup.

`to_markup` is tested from input/expected fixtures in `tests/data/inline.txt`, in
markdown-it-py's fixture format (described at the top of that file).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph

from policybrief.text import (
    ENGLISH,
    Typesetting,
    ascii_uri,
    find_text_problems,
    is_web_link,
    parse_inline,
    to_markup,
    to_plain,
)

FIXTURES = Path(__file__).parent / "data" / "inline.txt"
XFAIL = "xfail:"


def read_fixtures(path: Path) -> list:
    """(title, input, expected) cases: a title line, then input and expected between '.' lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    cases, dots = [], [i for i, line in enumerate(lines) if line.rstrip() == "."]
    if len(dots) % 3:
        raise ValueError(f"{path}: the '.' lines do not come in threes")
    for first, second, third in zip(dots[::3], dots[1::3], dots[2::3]):
        title = lines[first - 1].strip()
        given = "\n".join(lines[first + 1 : second])
        expected = "\n".join(lines[second + 1 : third])
        marks = [pytest.mark.xfail(strict=True, reason=title)] if title.startswith(XFAIL) else []
        cases.append(pytest.param(given, expected, id=title, marks=marks))
    return cases


@pytest.mark.parametrize("given, expected", read_fixtures(FIXTURES))
def test_to_markup(given, expected):
    assert to_markup(given) == expected


def test_fixtures_are_read():
    cases = read_fixtures(FIXTURES)
    assert len(cases) >= 30
    assert len({case.id for case in cases}) == len(cases)


def test_to_markup_link_colour_and_underline():
    assert to_markup("[t](https://x.org)", link_color="#123C69") == (
        '<a href="https://x.org" color="#123C69" ucolor="#123C69" underline="1" uwidth="0.5">t</a>'
    )


def test_to_markup_empty():
    assert to_markup("") == ""
    assert parse_inline("") == ()


def test_to_markup_backslash_newline_is_a_line_break():
    assert to_markup("line one\\\nline two") == "line one<br/>line two"


# --- every markup string parses in ReportLab -----------------------------------------------

HOSTILE = [
    "<b>bold</b>",
    "</para>",
    "<para>",
    "<br/>",
    "<seq/>",
    "<onDraw name=x/>",
    "<img src=x>",
    "<font name=x size=99>",
    "<a name='x'/>",
    "<!-- c -->",
    "<?xml?>",
    "<![CDATA[x]]>",
    "]]>",
    "<",
    ">",
    "&",
    "&amp;",
    "&nbsp;",
    "&#0;",
    "&#xD800;",
    "&lt;",
    "x<y>z",
    "'\"'\"",
    "*<b>*",
    "***x***",
    "**[x](https://x.org)**",
    '[t](https://x.org/"><b>)',
    '[t](https://x.org/?a=<b>&c="d")',
    "[<b>](https://x.org)",
    "[t](https://x.org 'a\"b')",
    "[*x*](https://x.org/'')",
    "[](https://x.org)",
    "[x](https://x.org)[y](https://y.org)",
    "*a [b](https://x.org) c*",
    "[x](javascript:alert(1))",
    "![i](https://x.org/a.png)",
    "\\&",
    "\\<",
    "emoji 😀",
    "x\u2028y",
    "right-to-left \u202ecba",
    "a\tb\nc",
    "line one\\\nline two",
]


@pytest.mark.parametrize("link_color", [None, "#123C69"])
@pytest.mark.parametrize("text", HOSTILE)
def test_to_markup_parses_in_reportlab(text, link_color):
    markup = to_markup(text, link_color)
    Paragraph(markup, getSampleStyleSheet()["Normal"]).wrap(300, 1000)


# --- find_text_problems ------------------------------------------------------------------


def _link_problem(href: str) -> str:
    return (
        f"link target {href!r} is not allowed: links must start with http://, https:// or mailto:"
    )


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,x",
        "ftp://x.org/f",
        "vbscript:x",
        "//x.org",
        "x.org",
        "notes.html",
        "http://",
        "mailto:",
        "https:x.org",
    ],
)
def test_find_text_problems_refuses_link(href):
    assert find_text_problems(f"See [this]({href}).") == [_link_problem(href)]


def test_find_text_problems_empty_link_target():
    assert find_text_problems("See [this]().") == [_link_problem("")]


@pytest.mark.parametrize(
    "text",
    [
        "See [this](http://x.org).",
        "See [this](https://x.org/a?b=1&c=2#d).",
        "Write [to us](mailto:a@b.org).",
        "[Loud](HTTPS://X.ORG)",
        "plain text",
        "",
        "<a href=javascript:alert(1)>literal</a>",
        "[not a link]",
        "javascript:alert(1)",
        "tab\there",
        "new\nline",
        "carriage\r\nreturn",
    ],
)
def test_find_text_problems_accepts(text):
    assert find_text_problems(text) == []


def test_find_text_problems_every_bad_link():
    assert find_text_problems("[a](file:///x) and [b](data:x) and [c](https://x.org)") == [
        _link_problem("file:///x"),
        _link_problem("data:x"),
    ]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f"])
def test_find_text_problems_refuses_control_character(char):
    assert find_text_problems(f"ab{char}c") == [
        f"control character U+{ord(char):04X} at character 3 of the text: remove it"
    ]


def test_find_text_problems_reports_first_control_character_and_links():
    assert find_text_problems("\x07\x1b [x](file:///y)") == [
        "control character U+0007 at character 1 of the text: remove it",
        _link_problem("file:///y"),
    ]


# --- is_web_link -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href, ok",
    [
        ("http://x.org", True),
        ("https://x.org/a?b=1#c", True),
        ("HTTPS://X.ORG", True),
        ("mailto:a@b.org", True),
        ("https://x", True),
        ("http://", False),
        ("https:x.org", False),
        ("mailto:", False),
        ("//x.org", False),
        ("x.org", False),
        ("", False),
        ("javascript:alert(1)", False),
        ("javascript://x.org/%0Aalert(1)", False),
        ("java\tscript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,<script>", False),
        ("ftp://x.org", False),
    ],
)
def test_is_web_link(href, ok):
    assert is_web_link(href) is ok


# --- to_plain ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, plain",
    [
        ("plain", "plain"),
        ("*em* and **strong**", "em and strong"),
        ("[the *link*](https://x.org) text", "the link text"),
        ("<b>x</b> & y", "<b>x</b> & y"),
        ('"quoted" -- it\'s', "“quoted” – it’s"),
        ("\\*x\\*", "*x*"),
        ("", ""),
    ],
)
def test_to_plain(text, plain):
    assert to_plain(text) == plain


# --- citations inside a link's text ------------------------------------------------------------


def _cite(ref_id: str) -> str:
    return f'<a href="#note-{ref_id}"><super>1</super></a>'


def test_a_citation_inside_a_link_splits_the_link_around_its_marker():
    markup = to_markup("[see *the* [@a] now](https://x.org)", cite=_cite)
    assert markup == (
        '<a href="https://x.org">see <i>the</i></a>'
        '<a href="#note-a"><super>1</super></a>'
        '<a href="https://x.org"> now</a>'
    )


def test_a_citation_at_the_end_of_a_link_keeps_the_emphasis_around_both():
    assert to_markup("**[x [@a]](https://x.org)**", cite=_cite) == (
        '<b><a href="https://x.org">x</a><a href="#note-a"><super>1</super></a></b>'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every key [@a].", "every key<super>1</super>."),
        ("*every key* [@a]", "<i>every key</i><super>1</super>"),
        ("key[@a] and [@a]", "key<super>1</super> and<super>1</super>"),
        ("[@a] opens", "<super>1</super> opens"),
    ],
)
def test_a_note_marker_sits_against_its_word(text, expected):
    assert to_markup(text, cite=lambda ref_id: "<super>1</super>") == expected


def test_without_a_citer_a_citation_in_a_link_stays_text_of_the_link():
    assert to_markup("[see [@a]](https://x.org)") == '<a href="https://x.org">see [@a]</a>'


def test_a_link_of_only_a_citation_has_no_text_to_click():
    assert find_text_problems("[[@a]](https://x.org)") == [
        "a link needs text between the brackets: [text](address)"
    ]


def test_a_link_inside_a_link_is_still_not_a_link():
    assert to_markup("[a [b](https://y.org)](https://x.org)") == (
        '[a <a href="https://y.org">b</a>](https://x.org)'
    )


@pytest.mark.parametrize(
    "text",
    [
        "[a](https://x.org) [b [c]](https://y.org)",
        "[a [b] c](https://x.org)",
        "[a\\]](https://x.org)",
        "[`a]`](https://x.org)",
        "[*a [b*](https://x.org)",
        "[[a]](https://x.org)",
        "[a](https://x.org \"t\")",
        "[a]  (https://x.org)",
        "[a][b]",
    ],
)
def test_links_without_citations_parse_as_markdown_it_parses_them(text):
    """The link-label rule we replace (to see citations) agrees with markdown-it's own."""
    from markdown_it import MarkdownIt

    stock = MarkdownIt("zero", {"typographer": True}).enable(["emphasis", "link", "escape"])
    stock.validateLink = lambda url: True
    expected = [(t.type, t.content) for t in stock.parseInline(text)[0].children]
    ours = [(t.type, t.content) for t in parse_inline(text)]
    assert [kind for kind, _ in ours] == [kind for kind, _ in expected]


# --- ascii_uri: what a link annotation and a QR code hold -----------------------------------


@pytest.mark.parametrize(
    "address, uri",
    [
        ("https://example.org/a?b=c#d", "https://example.org/a?b=c#d"),
        ("https://bücher.de/ä", "https://xn--bcher-kva.de/%C3%A4"),
        ("https://x.org/?q=ü#é", "https://x.org/?q=%C3%BC#%C3%A9"),
        ("https://x.org/%20ü", "https://x.org/%20%C3%BC"),
        ("https://bücher.de:8080/", "https://xn--bcher-kva.de:8080/"),
        ("https://[::1]:80/ü", "https://[::1]:80/%C3%BC"),
        ("https://u:pä@x.org/", "https://u:p%C3%A4@x.org/"),
        ("mailto:jö@exämple.org", "mailto:j%C3%B6@xn--exmple-cua.org"),
        ("https://x.org/\u0627\u0644", "https://x.org/%D8%A7%D9%84"),
    ],
)
def test_ascii_uri(address, uri):
    assert ascii_uri(address) == uri


def test_ascii_uri_percent_encodes_a_host_idna_refuses():
    host = "ü" * 70  # a label of more than 63 characters once in punycode
    assert ascii_uri(f"https://{host}.org/") == f"https://{'%C3%BC' * 70}.org/"


@given(st.text(min_size=1, max_size=40))
def test_ascii_uri_is_always_ascii_and_keeps_ascii_as_typed(tail):
    address = f"https://example.org/{tail}"
    uri = ascii_uri(address)
    assert uri.isascii()
    if address.isascii():
        assert uri == address


# --- the brief's language: quotation marks and French spaces ---------------------------------

FRENCH = Typesetting(("\u00ab\u202f", "\u202f\u00bb", "\u201c", "\u201d"), french_spaces=True)
GERMAN = Typesetting(("\u201e", "\u201c", "\u201a", "\u2018"))


@pytest.mark.parametrize(
    ("setting", "typed", "set_as"),
    [
        (FRENCH, 'un "mot"', "un \u00ab\u202fmot\u202f\u00bb"),
        (FRENCH, "l'accord", "l\u2019accord"),  # an apostrophe stays one
        (GERMAN, 'ein "Wort"', "ein \u201eWort\u201c"),
        (GERMAN, "ein 'Wort'", "ein \u201aWort\u2018"),
        (ENGLISH, 'a "word"', "a \u201cword\u201d"),
    ],
)
def test_straight_quotes_curl_into_the_languages_marks(setting, typed, set_as):
    assert to_markup(typed, setting=setting) == set_as


@pytest.mark.parametrize(
    ("typed", "set_as"),
    [
        ("Pourquoi ? Parce que !", "Pourquoi\u202f? Parce que\u202f!"),
        ("deux ; trois", "deux\u202f; trois"),
        ("ainsi : la suite", "ainsi\u00a0: la suite"),
        ("« déjà »", "\u00ab\u202fdéjà\u202f\u00bb"),
        ("déjà\u202f? oui", "déjà\u202f? oui"),  # typed narrow space: kept
        ("http://a.org?x", "http://a.org?x"),  # no space typed: nothing added
    ],
)
def test_french_spaces_before_high_marks_are_narrow_and_unbreakable(typed, set_as):
    assert to_markup(typed, setting=FRENCH) == set_as


def test_english_text_gets_no_french_spaces():
    assert to_markup("Why ? Because !") == "Why ? Because !"
