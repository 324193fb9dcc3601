"""Inline text: the small Markdown subset of the format, turned into ReportLab paragraph markup.

Why: briefs are shared between people, so user text is data, never markup. Only `*em*`,
`**strong**`, `[text](url)` and backslash escapes are recognised; everything else, `<b>` and
`&amp;` included, is escaped at the leaf that emits it and prints literally. Quotes and dashes
are set typographically ("--" and a spaced " - " become an en dash, straight quotes curl).
"""

from __future__ import annotations

import html
import re
import string
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple
from urllib.parse import quote, urlsplit, urlunsplit

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
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
    # A hyphen with a space on each side is a dash typed on a typewriter: an en dash.
    (re.compile(r"(?<=\s)-(?=\s)"), "\u2013"),
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


#: French typography: the space an author typed before ; ! ? is a narrow no-break space, the
#: one before : a no-break space (Imprimerie nationale), so the mark never starts a line.
_FRENCH_SPACES = [
    (re.compile(r"[ \t\u00a0]+(?=[;!?\u00bb])"), "\u202f"),
    (re.compile(r"(?<=\u00ab)[ \t\u00a0]+"), "\u202f"),
    (re.compile(r"[ \t]+(?=:(?:\s|$))"), "\u00a0"),
]


def _french_spaces(state: StateCore) -> None:
    for block in state.tokens:
        for token in block.children or []:
            if token.type == "text":
                for pattern, replacement in _FRENCH_SPACES:
                    token.content = pattern.sub(replacement, token.content)


class Typesetting(NamedTuple):
    """How the inline parser sets a language's text: the quotation marks straight quotes
    curl into (opening, closing, and the inner pair), and whether French spaces apply."""

    quotes: tuple[str, str, str, str] = ("\u201c", "\u201d", "\u2018", "\u2019")
    french_spaces: bool = False


#: English, and every language until the renderer says otherwise.
ENGLISH = Typesetting()


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


def _parse_link_label(state: StateInline, start: int, disableNested: bool = False) -> int:  # noqa: N803
    """markdown-it's parseLinkLabel, with a citation in a link's text taken as part of it.

    Why: markdown-it takes any token that starts with '[' inside a link's text for a nested
    link and then refuses the link, so "[see [@a]](https://...)" printed as written.
    """
    old_pos, level = state.pos, 1
    state.pos = start + 1
    found = False
    while state.pos < state.posMax:
        marker = state.src[state.pos]
        if marker == "]":
            level -= 1
            if level == 0:
                found = True
                break
        citation = _CITATION.match(state.src, state.pos) if marker == "[" else None
        if citation:
            state.pos = citation.end()
            continue
        before = state.pos
        state.md.inline.skipToken(state)
        if marker == "[":
            if before == state.pos - 1:
                level += 1  # a '[' that is text, not the start of a token
            elif disableNested:
                state.pos = old_pos
                return -1
    label_end = state.pos if found else -1
    state.pos = old_pos
    return label_end


@cache
def _parser(setting: Typesetting = ENGLISH) -> MarkdownIt:
    md = MarkdownIt("zero", {"typographer": True, "quotes": list(setting.quotes)})
    md.enable(["emphasis", "link", "escape", "smartquotes"])
    md.core.ruler.before("smartquotes", "typography", _typography)
    if setting.french_spaces:  # after the quotes curl: « and » are there to space
        md.core.ruler.after("smartquotes", "french_spaces", _french_spaces)
    md.inline.ruler.before("link", "citation", _citation)
    # markdown-it silently drops links it distrusts; we want to see them and report them.
    md.validateLink = lambda url: True
    md.helpers = types.SimpleNamespace(
        parseLinkLabel=_parse_link_label,
        parseLinkDestination=parseLinkDestination,
        parseLinkTitle=parseLinkTitle,
    )
    return md


@lru_cache(maxsize=8192)
def parse_inline(text: str, setting: Typesetting = ENGLISH) -> tuple[Token, ...]:
    """The inline tokens of one piece of user text (read-only: they are cached), set in the
    typography of `setting`.

    Why cached: a build reads each text four times (checked, cited, marked up, made plain),
    and `watch` rebuilds texts that mostly did not change.
    """
    blocks = _parser(setting).parseInline(text)
    if not blocks:
        return ()
    return tuple(blocks[0].children or ())


#: Characters that may start or end markup: what the parser's work grows with.
MARKERS = "*_[]"


def count_markers(text: str) -> int:
    """How many characters of a text may be markup: a few passes of C code, no parsing."""
    return sum(text.count(marker) for marker in MARKERS)


def markup_depth(text: str) -> int:
    """How deep *emphasis*, **strong** and [links] sit inside one another in a text."""
    depth = deepest = 0
    for token in parse_inline(text):
        depth += token.nesting
        deepest = max(deepest, depth)
    return deepest


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
        if token.type == "link_open" and not _has_words(tokens, index + 1):
            problems.append("a link needs text between the brackets: [text](address)")
        if token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            if not is_web_link(href):
                problems.append(
                    f"link target {href!r} is not allowed: links must start with "
                    "http://, https:// or mailto:"
                )
    return problems


def _has_words(tokens: Sequence[Token], start: int) -> bool:
    """Whether the link whose text starts at `start` has text to click, not only a marker."""
    for token in tokens[start:]:
        if token.type == "link_close":
            return False
        if token.type == "text" and token.content.strip():
            return True
    return False


def is_web_link(href: str) -> bool:
    """Whether a link target uses one of LINK_SCHEMES and names somewhere."""
    parts = urlsplit(href)
    if parts.scheme not in LINK_SCHEMES:
        return False
    return bool(parts.path) if parts.scheme == "mailto" else bool(parts.netloc)


#: ASCII characters a URI keeps as they are: PDF needs only 7-bit ASCII, and rewriting what
#: the author wrote (quotes, brackets) would change where the link goes.
_URI_KEEPS = string.ascii_letters + string.digits + string.punctuation


def ascii_uri(address: str) -> str:
    """A web address as a URI of 7-bit ASCII, which a PDF's link annotation requires.

    IRI to URI (RFC 3987, 3.1): a host outside ASCII in IDNA punycode, every other character
    outside ASCII percent-encoded as UTF-8, and existing %XX escapes kept. ASCII is returned
    unchanged. A host the IDNA codec refuses is percent-encoded too (RFC 3986 allows it).
    """
    if address.isascii():
        return address
    parts = urlsplit(address)
    if not parts.scheme:
        return _percent(address)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    host, colon, port = hostport, "", ""
    if not hostport.endswith("]") and ":" in hostport:  # not an IPv6 literal
        host, colon, port = hostport.rpartition(":")
    netloc = _percent(userinfo) + at + _idna(host) + colon + _percent(port)
    if parts.scheme == "mailto":  # mailto:local@domain: the domain is a host
        local, at, domain = parts.path.rpartition("@")
        path = _percent(local) + at + _idna(domain) if at else _percent(parts.path)
    else:
        path = _percent(parts.path)
    return urlunsplit((parts.scheme, netloc, path, _percent(parts.query), _percent(parts.fragment)))


def _percent(text: str) -> str:
    return quote(text, safe=_URI_KEEPS)


def _idna(host: str) -> str:
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:  # a label too long, or a character IDNA 2003 prohibits
        return _percent(host)


def link_open(href: str, link_color: str | None) -> str:
    """The opening tag of a live link to `href` (written as an ASCII URI); coloured links
    are underlined too, so that colour is not their only sign."""
    target = quoteattr(ascii_uri(href))
    if not link_color:
        return f"<a href={target}>"
    colour = quoteattr(link_color)
    return f'<a href={target} color={colour} ucolor={colour} underline="1" uwidth="0.5">'


#: Turns a cited reference id into its marker's markup (number, links); see render.
Cite = Callable[[str], str]


@dataclass(frozen=True, eq=False)
class _Open:
    """A tag the tokens have opened: its markup, and whether it is a link."""

    start: str
    end: str
    is_link: bool = False


class _MarkupWriter:
    """ReportLab markup from tokens, each tag opened only when content is written inside it.

    Why: a citation's marker is a link of its own, and ReportLab's links do not nest, so a
    marker inside a link's text is written between the link's parts: the link is closed
    before it and opened again after it, and the emphasis around it is kept.
    """

    def __init__(self, link_color: str | None, cite: Cite | None):
        self.link_color, self.cite = link_color, cite
        #: The tags the tokens say are open, and the tags written and not yet closed.
        self.wanted: list[_Open] = []
        self.written: list[_Open] = []
        self.parts: list[str] = []

    def write(self, token: Token) -> None:
        kind = token.type
        if kind in _TAGS:
            self.wanted.append(_Open(*_TAGS[kind]))
        elif kind == "link_open":
            start = link_open(str(token.attrs.get("href", "")), self.link_color)
            self.wanted.append(_Open(start, "</a>", is_link=True))
        elif kind in _CLOSERS:
            self.wanted.pop()
            self._reach(self.wanted[: self._kept(self.wanted)])  # opens nothing
        elif kind == "text":
            self._reach(self.wanted)
            self.parts.append(escape(token.content))
        elif kind == "hardbreak":  # a backslash at a line's end
            self._reach(self.wanted)
            self.parts.append("<br/>")
        elif kind == "citation":
            ref_id = token.meta["id"]
            if self.cite is None:
                self._reach(self.wanted)
                self.parts.append(escape(f"[@{ref_id}]"))
            else:
                self._reach([tag for tag in self.wanted if not tag.is_link])
                self._hug_the_last_word()
                self.parts.append(self.cite(ref_id))
        else:
            raise KeyError(kind)

    def _hug_the_last_word(self) -> None:
        """Drop the spaces after the last word written, closing tags aside: a note marker
        sits against its word ("key [@a]" prints "key¹", not "key ¹")."""
        for at in range(len(self.parts) - 1, -1, -1):
            if not self.parts[at].startswith("</"):
                self.parts[at] = self.parts[at].rstrip(" ")
                if self.parts[at] or at == 0:
                    return
                del self.parts[at]

    def _kept(self, target: list[_Open]) -> int:
        """How many of the written tags (from the outermost) `target` keeps open."""
        kept = 0
        while kept < min(len(self.written), len(target)) and self.written[kept] is target[kept]:
            kept += 1
        return kept

    def _reach(self, target: list[_Open]) -> None:
        """Close and open tags until the written ones are `target`."""
        kept = self._kept(target)
        self.parts += [tag.end for tag in reversed(self.written[kept:])]
        self.parts += [tag.start for tag in target[kept:]]
        self.written = list(target)

    def markup(self) -> str:
        self._reach([])
        return "".join(self.parts)


_TAGS = {"em_open": ("<i>", "</i>"), "strong_open": ("<b>", "</b>")}
_CLOSERS = {"em_close", "strong_close", "link_close"}


def render_tokens(
    tokens: Sequence[Token], link_color: str | None = None, cite: Cite | None = None
) -> str:
    """ReportLab paragraph markup for inline tokens.

    Raises:
        KeyError: a token type with no rule; that is a bug in the parser set-up.
    """
    writer = _MarkupWriter(link_color, cite)
    for token in tokens:
        writer.write(token)
    return writer.markup()


def to_markup(
    text: str,
    link_color: str | None = None,
    cite: Cite | None = None,
    setting: Typesetting = ENGLISH,
) -> str:
    """ReportLab paragraph markup for one piece of user text, every user character escaped.

    Args:
        text: the user's inline text.
        link_color: colour of links (underlined too); plain links when None.
        cite: markup for a citation marker, given the reference id; when None, a citation
            prints as written.
        setting: the typography of the brief's language (quotation marks, French spaces).
    """
    return render_tokens(parse_inline(text, setting), link_color, cite)


def cited_ids(text: str) -> list[str]:
    """The reference ids a text cites, in order, repeats included."""
    if "[@" not in text:
        return []
    return [t.meta["id"] for t in parse_inline(text) if t.type == "citation"]


def to_plain(text: str, setting: Typesetting = ENGLISH) -> str:
    """The text a reader sees, on one line, without markup: for the outline, metadata and
    running heads."""
    words = "".join(
        t.content if t.type == "text" else " " if t.type == "hardbreak" else ""
        for t in parse_inline(text, setting)
    )
    return " ".join(words.split())
