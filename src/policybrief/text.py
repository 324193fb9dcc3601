"""Inline text: the small Markdown subset of the format, turned into ReportLab paragraph markup.

Why: briefs are shared between people, so user text is data, never markup. Only `*em*`,
`**strong**`, `[text](url)` and backslash escapes are recognised; everything else, `<b>` and
`&amp;` included, is escaped at the leaf that emits it and prints literally. Quotes and dashes
are set typographically ("--" becomes an en dash, straight quotes curl).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token


def escape(text: str) -> str:
    """Text made safe for ReportLab's paragraph markup: &, < and > as entities.

    Why not xml.sax.saxutils: it imports urllib.request, a fifth of a cold build's start-up.
    """
    return html.escape(text, quote=False)


def quoteattr(value: str) -> str:
    """A markup attribute value, quoted and escaped."""
    return f'"{html.escape(value, quote=True)}"'


#: Link schemes a brief may point at; anything else (javascript:, file:, data:) is refused.
LINK_SCHEMES = ("http", "https", "mailto")

#: Unicode's control characters (category Cc), less the tab and the line breaks.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


#: Dashes and the ellipsis as markdown-it's `replacements` sets them (its others, such as
#: (c) -> ©, would change what the author wrote), and non-breaking spaces where a line break
#: would strand a unit or an initial.
_TYPOGRAPHY = [
    (re.compile(r"(^|[^-])---(?=[^-]|$)", re.MULTILINE), "\\1\u2014"),
    (re.compile(r"(^|\s)--(?=\s|$)", re.MULTILINE), "\\1\u2013"),
    (re.compile(r"(^|[^-\s])--(?=[^-\s]|$)", re.MULTILINE), "\\1\u2013"),
    (re.compile(r"(?<!\.)\.\.\.(?!\.)"), "\u2026"),
    # No line break between a number and its unit, after an initial, or after "No.", "Dr."...
    (
        re.compile(
            r"(?<=\d)[ \t]+(?=(?:%|per cent|percent|km|kg|mm|cm|m|mi|ft|t|kW|kWh|MW|GW|"
            r"bn|billion|million|trillion|°C|°F)(?![\w]))"
        ),
        "\u00a0",
    ),
    (re.compile(r"(?<![\w.])([A-Z]\.)[ \t]+(?=[A-Z])"), "\\1\u00a0"),
    (
        re.compile(r"(?<![\w.])(Mr|Mrs|Ms|Dr|Prof|No|Nos|p|pp|Fig|Vol|vol)\.[ \t]+(?=\w)"),
        "\\1.\u00a0",
    ),
]


def _typography(state: StateCore) -> None:
    for block in state.tokens:
        for token in block.children or []:
            if token.type == "text":
                for pattern, replacement in _TYPOGRAPHY:
                    token.content = pattern.sub(replacement, token.content)


#: A citation of a reference in the brief's `references`: [@id].
_CITATION = re.compile(r"\[@([A-Za-z0-9][A-Za-z0-9_.-]*)\]")


def _citation(state: StateInline, silent: bool) -> bool:
    match = _CITATION.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"id": match.group(1)}
    state.pos = match.end()
    return True


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"typographer": True})
    md.enable(["emphasis", "link", "escape", "smartquotes"])
    md.core.ruler.before("smartquotes", "typography", _typography)
    md.inline.ruler.before("link", "citation", _citation)
    # markdown-it silently drops links it distrusts; we want to see them and report them.
    md.validateLink = lambda url: True
    return md


@lru_cache(maxsize=8192)
def parse_inline(text: str) -> tuple[Token, ...]:
    """The inline tokens of one piece of user text (read-only: they are cached).

    Why cached: a build reads each text four times (checked, cited, marked up, made plain),
    and `watch` rebuilds texts that mostly did not change.
    """
    blocks = _parser().parseInline(text)
    if not blocks:
        return ()
    return tuple(blocks[0].children or ())


def find_text_problems(text: str) -> list[str]:
    """What is wrong with a piece of inline text: bad link targets, control characters.

    Returns:
        One message per problem; an empty list when the text is fine.
    """
    problems = []
    control = _CONTROL.search(text)
    if control:
        problems.append(
            f"control character U+{ord(control.group()):04X} at character "
            f"{control.start() + 1} of the text: remove it"
        )
    tokens = parse_inline(text)
    for index, token in enumerate(tokens):
        if token.type == "link_open" and tokens[index + 1].type == "link_close":
            problems.append("a link needs text between the brackets: [text](address)")
        if token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            if not is_web_link(href):
                problems.append(
                    f"link target {href!r} is not allowed: links must start with "
                    "http://, https:// or mailto:"
                )
    return problems


def is_web_link(href: str) -> bool:
    """Whether a link target uses one of LINK_SCHEMES and names somewhere."""
    parts = urlsplit(href)
    if parts.scheme not in LINK_SCHEMES:
        return False
    return bool(parts.path) if parts.scheme == "mailto" else bool(parts.netloc)


Rule = Callable[[Token], str]


def link_open(href: str, link_color: str | None) -> str:
    """The opening tag of a live link; coloured links are underlined too, so that colour is
    not their only sign."""
    if not link_color:
        return f"<a href={quoteattr(href)}>"
    colour = quoteattr(link_color)
    return f'<a href={quoteattr(href)} color={colour} ucolor={colour} underline="1" uwidth="0.4">'


def _link_open(token: Token, link_color: str | None) -> str:
    return link_open(str(token.attrs.get("href", "")), link_color)


#: Turns a cited reference id into its marker's markup (number, links); see render.
Cite = Callable[[str], str]


def _rules(link_color: str | None, cite: Cite | None) -> dict[str, Rule]:
    return {
        "citation": lambda t: cite(t.meta["id"]) if cite else escape(f"[@{t.meta['id']}]"),
        "text": lambda t: escape(t.content),
        "hardbreak": lambda t: "<br/>",  # a backslash at a line's end
        "em_open": lambda t: "<i>",
        "em_close": lambda t: "</i>",
        "strong_open": lambda t: "<b>",
        "strong_close": lambda t: "</b>",
        "link_open": lambda t: _link_open(t, link_color),
        "link_close": lambda t: "</a>",
    }


def render_tokens(
    tokens: Sequence[Token], link_color: str | None = None, cite: Cite | None = None
) -> str:
    """ReportLab paragraph markup for inline tokens, one rule per token type.

    Raises:
        KeyError: a token type with no rule; that is a bug in the parser set-up.
    """
    rules = _rules(link_color, cite)
    return "".join(rules[token.type](token) for token in tokens)


def to_markup(text: str, link_color: str | None = None, cite: Cite | None = None) -> str:
    """ReportLab paragraph markup for one piece of user text, every user character escaped.

    Args:
        text: the user's inline text.
        link_color: colour of links (underlined too); plain links when None.
        cite: markup for a citation marker, given the reference id; when None, a citation
            prints as written.
    """
    return render_tokens(parse_inline(text), link_color, cite)


def cited_ids(text: str) -> list[str]:
    """The reference ids a text cites, in order, repeats included."""
    if "[@" not in text:
        return []
    return [t.meta["id"] for t in parse_inline(text) if t.type == "citation"]


def to_plain(text: str) -> str:
    """The text a reader sees, on one line, without markup: for the outline, metadata and
    running heads."""
    words = "".join(
        t.content if t.type == "text" else " " if t.type == "hardbreak" else ""
        for t in parse_inline(text)
    )
    return " ".join(words.split())
