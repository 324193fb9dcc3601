"""The tagged PDF: a structure tree for screen readers, built while the story is laid out.

Why: a tagged PDF lets assistive technology read a brief in order, with headings, lists,
tables and figures for what they are. ReportLab has no tagging of its own; following
`shared/notes/tagged-pdf.md`, content is wrapped in marked content (`BDC`/`EMC` with an MCID),
page furniture and decorations are artifacts, and at save time the tree is written with
ReportLab's own PDF objects.

Render functions stay pure: a flowable carries a `Tag` (its role, and the tag of the element
that contains it), made with the story; nothing is added to a tree then, so a flowable can be
built just to be measured. The tree is assembled as flowables draw: the first content drawn
for a tag makes its element, and its containers' elements, in the order they appear on the
pages. A paragraph split across pages keeps one tag, so one element holds marked content on
both pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFString,
    PDFtrue,
)

from policybrief.language import language_of
from policybrief.render.adapter import (
    CompactArray,
    CompactDictionary,
    RunRecordingText,
    TextRun,
    annotation_entry,
    decoration_callback,
    dictionary_entry,
    link_destination,
    paragraph_lines,
    pdfdoc_bytes,
    set_annotation_entries,
    set_link_contents,
    text_as_typed,
    whole_paragraph_link,
)
from policybrief.render.linebreaks import WellBrokenParagraph

#: The marked-content tags of decorations and of page furniture.
LAYOUT_ARTIFACT = "/Artifact <</Type /Layout>> BDC"
PAGINATION_ARTIFACT = "/Artifact <</Type /Pagination>> BDC"


@dataclass(frozen=True, eq=False)
class Tag:
    """The structure element a flowable's content belongs to, as the story is made.

    Tags compare by identity: two paragraphs with one tag (a heading's number and its text)
    are one element. `parent` is the tag of the containing element; None is the document.
    """

    role: str
    parent: Tag | None = None
    alt: str | None = None
    attributes: dict[str, str] | None = None
    #: A table header repeated on a later page is drawn again as an artifact.
    artifact_when_repeated: bool = False


@dataclass(eq=False)
class Node:
    """One structure element in the tree: its role, its kids in reading order, its page."""

    role: str
    parent: Node | None = None
    kids: list[Any] = field(default_factory=list)  # Node, Mark or LinkTarget
    alt: str | None = None
    attributes: dict[str, str] | None = None
    bbox: tuple[float, float, float, float] | None = None
    artifact_when_repeated: bool = False
    home_page: int | None = None


@dataclass(frozen=True)
class Mark:
    """Marked content on a page, by its MCID."""

    page: int
    mcid: int


@dataclass
class LinkTarget:
    """A link annotation that belongs to a Link element."""

    page: int
    annotation: Any
    reference: PDFObjectReference
    key: int = -1


@dataclass
class _WordLink:
    """The Link element of a paragraph's linked words, while the paragraph draws."""

    node: Node
    #: where its annotations go: a destination's name or a URL
    goes_to: str
    #: how many of its lines have no annotation yet
    lines_without: int


class StructureTree:
    """The elements of one PDF in reading order, the MCIDs claimed on each page, the links.

    Made by the canvas of a tagged build (see `structure_of`) and filled as content is drawn.
    """

    def __init__(
        self,
        link_descriptions: dict[str, str] | None = None,
        label: Callable[..., str] | None = None,
    ) -> None:
        self.root = Node("Document")
        #: What links inside the brief do, by destination (see RenderContext).
        self.link_descriptions = link_descriptions if link_descriptions is not None else {}
        #: The brief's labels (`Language.label`), for what links to notes say they do.
        self.label = label or language_of("en").label
        self.pages: dict[int, list[Node]] = {}
        self.links: list[tuple[Node, LinkTarget]] = []
        self._nodes: dict[Tag, Node] = {}
        self._drawing: list[Node | None] = []
        #: While a paragraph draws: its link annotations, and its words' Link elements with
        #: where each goes and how many of its lines still lack an annotation.
        self._paragraph_links: list[LinkTarget] | None = None
        self._word_links: list[_WordLink] = []

    def node_for(self, tag: Tag) -> Node:
        """The element of `tag`, made (with its containers) at the end of its parent's kids
        the first time content of it is drawn."""
        node = self._nodes.get(tag)
        if node is None:
            parent = self.node_for(tag.parent) if tag.parent is not None else self.root
            node = Node(
                tag.role,
                parent,
                alt=tag.alt,
                attributes=tag.attributes,
                artifact_when_repeated=tag.artifact_when_repeated,
            )
            parent.kids.append(node)
            self._nodes[tag] = node
        return node

    def begin(
        self,
        canv: Any,
        tag: Tag,
        actual_text: str | None = None,
        bbox: tuple[float, float, float, float] | None = None,
    ) -> None:
        """Open marked content for `tag` on the canvas's current page.

        Args:
            actual_text: what the content says, when its glyphs say it differently (a word
                broken by hyphenation at a line's end).
            bbox: the content's box on the page, for a figure.
        """
        page = canv.getPageNumber()
        node = self.node_for(tag)
        if node.artifact_when_repeated and node.home_page not in (None, page):
            canv.addLiteral(PAGINATION_ARTIFACT)
            self._drawing.append(None)
            return
        if bbox is not None:
            node.bbox = bbox
        canv.addLiteral(self._claim(page, node, actual_text))
        self._drawing.append(node)

    def end(self, canv: Any) -> None:
        canv.addLiteral("EMC")
        self._drawing.pop()

    def link_added(self, page: int, annotation: Any, reference: PDFObjectReference) -> None:
        """Give a link annotation made while drawing a node a Link element in that node;
        one made while a paragraph draws waits for the Link elements of its words."""
        if self._paragraph_links is not None:
            self._paragraph_links.append(LinkTarget(page, annotation, reference))
            return
        owner = next((n for n in reversed(self._drawing) if n is not None), None)
        if owner is not None:
            self._add_link(owner, LinkTarget(page, annotation, reference))

    def _add_link(self, owner: Node, target: LinkTarget) -> None:
        link = Node("Link", owner)
        owner.kids.append(link)
        link.kids.append(target)
        self.links.append((link, target))

    @contextmanager
    def drawing_paragraph(self) -> Iterator[None]:
        """While a paragraph draws: its link annotations wait, and then join the Link elements
        `marked_runs` made for its linked words (ReportLab makes them line by line, before
        the words are written)."""
        self._paragraph_links, self._word_links = [], []
        try:
            yield
            for target in self._paragraph_links:
                self._attach(target)
        finally:
            self._paragraph_links, self._word_links = None, []

    def _attach(self, target: LinkTarget) -> None:
        """Each link's annotations (one a line) to the Link element of its words: the first
        that goes where the annotation does and still has a line without one."""
        goes_to = _target_of(target.annotation)
        fitting = [entry for entry in self._word_links if entry.goes_to == goes_to]
        if not fitting:
            owner = self._word_links[0].node.parent if self._word_links else None
            if owner is not None:
                self._add_link(owner, target)
            return
        entry = next((e for e in fitting if e.lines_without > 0), fitting[-1])
        entry.lines_without -= 1
        entry.node.kids.append(target)
        self.links.append((entry.node, target))

    def marked_runs(
        self,
        canv: Any,
        tag: Tag | None,
        runs: list[TextRun],
        inserted_hyphen: Any,
        continues: bool,
    ) -> list[str]:
        """A paragraph's text operators with its marked content: a run of linked words is
        the marked content of a Link element in the paragraph's element (see RunRecordingText).

        Args:
            inserted_hyphen: `inserted_hyphen(word, following)`, see `_healed`.
            continues: the paragraph goes on on the next page.
        """
        page = canv.getPageNumber()
        node = self.node_for(tag) if tag is not None else None
        if node is None:
            return [LAYOUT_ARTIFACT, *(line for run in runs for line in run.code), "EMC"]
        if node.artifact_when_repeated and node.home_page not in (None, page):
            return [PAGINATION_ARTIFACT, *(line for run in runs for line in run.code), "EMC"]
        code: list[str] = []
        links: dict[tuple[int, str], Node] = {}
        for run, actual in zip(runs, _healed(runs, inserted_hyphen, continues), strict=True):
            if not any(text for text, _ in run.texts):
                code += run.code
                continue
            owner = node
            if run.link is not None:
                owner = links.get(run.link) or self._word_link(node, run.link, runs)
                links[run.link] = owner
            code += [self._claim(page, owner, actual), *run.code, "EMC"]
        return code

    def _word_link(self, node: Node, key: tuple[int, str], runs: list[TextRun]) -> Node:
        link = Node("Link", node)
        node.kids.append(link)
        lines = sum(1 for run in runs if run.link == key)
        href = key[1]
        self._word_links.append(_WordLink(link, href[1:] if href.startswith("#") else href, lines))
        return link

    def _claim(self, page: int, node: Node, actual_text: str | None) -> str:
        claimed = self.pages.setdefault(page, [])
        node.kids.append(Mark(page, len(claimed)))
        node.home_page = node.home_page or page
        extra = f" /ActualText {_pdf_text(actual_text)}" if actual_text else ""
        claimed.append(node)
        return f"/{node.role} <</MCID {len(claimed) - 1}{extra}>> BDC"

    # --- writing --------------------------------------------------------------------------

    def write(self, doc: Any, page_count: int) -> None:
        """Write the tree into the document: StructTreeRoot, ParentTree, MarkInfo.

        Args:
            doc: ReportLab's PDFDocument, after every page has been added.
            page_count: the number of pages (page n has /StructParents n-1).
        """
        elements: dict[int, PDFDictionary] = {}
        references: dict[int, PDFObjectReference] = {}
        for node in _walk(self.root):
            # /Type /StructElem is optional: left out, as every byte here is overhead
            elements[id(node)] = CompactDictionary({"S": PDFName(node.role)})
            references[id(node)] = doc.Reference(elements[id(node)])
        for number, (link, target) in enumerate(self.links):
            target.key = page_count + number
            _mark_annotation(target.annotation, target.key, self.link_descriptions, self.label)
        notes = 0
        for node in _walk(self.root):
            _fill(elements[id(node)], node, references)
            if node.role == "Note":  # PDF/UA-1 7.9: every note has an ID of its own
                notes += 1
                elements[id(node)]["ID"] = PDFString(f"note-{notes}")
        root = PDFDictionary(
            {
                "Type": PDFName("StructTreeRoot"),
                "K": PDFArray([references[id(self.root)]]),
                "ParentTree": PDFDictionary(
                    {"Nums": CompactArray(self._parent_tree(references, page_count))}
                ),
                "ParentTreeNextKey": page_count + len(self.links),
            }
        )
        elements[id(self.root)]["P"] = doc.Reference(root)
        doc.Catalog.StructTreeRoot = elements[id(self.root)]["P"]
        doc.Catalog.MarkInfo = PDFDictionary({"Marked": PDFtrue})

    def _parent_tree(self, references: dict[int, PDFObjectReference], page_count: int) -> list[Any]:
        nums: list[Any] = []
        for page in range(1, page_count + 1):
            nums += [page - 1, CompactArray([references[id(n)] for n in self.pages.get(page, [])])]
        for link, target in self.links:
            nums += [target.key, references[id(link)]]
        return nums


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for kid in node.kids:
        if isinstance(kid, Node):
            yield from _walk(kid)


def _page_ref(page: int) -> PDFObjectReference:
    return PDFObjectReference(f"Page{page}")


def _fill(element: PDFDictionary, node: Node, refs: dict[int, PDFObjectReference]) -> None:
    if node.parent is not None:
        element["P"] = refs[id(node.parent)]
    home = node.home_page or next((k.page for k in node.kids if isinstance(k, LinkTarget)), None)
    if home:  # only elements that hold content need their page
        element["Pg"] = _page_ref(home)
    kids: list[Any] = []
    for kid in node.kids:
        if isinstance(kid, Node):
            kids.append(refs[id(kid)])
        elif isinstance(kid, Mark):
            kids.append(
                kid.mcid
                if kid.page == home
                else CompactDictionary(
                    {"Type": PDFName("MCR"), "Pg": _page_ref(kid.page), "MCID": kid.mcid}
                )
            )
        else:
            kids.append(CompactDictionary({"Type": PDFName("OBJR"), "Obj": kid.reference}))
    element["K"] = kids[0] if len(kids) == 1 else CompactArray(kids)
    if node.alt is not None:
        element["Alt"] = PDFString(node.alt)
    attributes = dict(node.attributes or {})
    if node.bbox is not None:
        attributes = {"O": "Layout", **attributes}
    if attributes:
        entries: dict[str, Any] = {k: PDFName(v) for k, v in attributes.items()}
        if node.bbox is not None:
            entries["BBox"] = PDFArray([round(v, 2) for v in node.bbox])
        element["A"] = PDFDictionary(entries)


def _mark_annotation(
    annotation: Any, key: int, descriptions: dict[str, str], label: Callable[..., str]
) -> None:
    """Print flag, a description and the back-pointer a tagged link annotation needs."""
    if isinstance(annotation, PDFDictionary):  # a URL link: it may say where it goes
        entries = {"StructParent": key, "F": 4}
        if annotation_entry(annotation, "Contents") is None:
            entries["Contents"] = PDFString(_describe(annotation, label))
        set_annotation_entries(annotation, **entries)
    else:  # a link inside the brief: PDF/UA-1 7.18.5 wants it described too
        set_annotation_entries(annotation, StructParent=key, F=4)
        destination = link_destination(annotation)
        set_link_contents(annotation, _describe_inside(destination, descriptions, label))


def _describe_inside(
    destination: str | None, descriptions: dict[str, str], label: Callable[..., str]
) -> str:
    """'Go to note 2', 'Back to where note 2 is cited', or what the renderer registered."""
    name = destination or ""
    if name in descriptions:
        return descriptions[name]
    kind, _, number = name.partition("-")
    if kind == "note" and number.isdigit():
        return label("go_to_note", number=number)
    if kind == "cite" and number.isdigit():
        return label("back_to_note", number=number)
    return label("go_elsewhere")


def _target_of(annotation: Any) -> str | None:
    """Where a link annotation goes: a destination's name, or its URL."""
    if isinstance(annotation, PDFDictionary):
        uri = dictionary_entry(annotation_entry(annotation, "A"), "URI")
        return getattr(uri, "s", uri)
    return link_destination(annotation)


def _describe(annotation: Any, label: Callable[..., str]) -> str:
    """'Go to https://…', in the brief's language, for a link to the web."""
    uri = dictionary_entry(annotation_entry(annotation, "A"), "URI")
    return (
        label("go_to", target=getattr(uri, "s", uri)) if uri is not None else label("go_elsewhere")
    )


def structure_of(canv: Any) -> StructureTree | None:
    """The structure tree a canvas fills, or None when the PDF is not tagged."""
    return getattr(canv, "structure", None)


class TaggedParagraph(WellBrokenParagraph):
    """A paragraph drawn as marked content of its tag (or as an artifact when it has none).

    Its marked content sits inside the paragraph's text object, cut where a link's words begin
    and end: the linked words are marked content of a Link element in the paragraph's, with
    the link's annotation, so a screen reader announces the link with its words (PDF/UA-1
    7.18.5; Typst does the same). What the paragraph paints outside its text (link
    underlines) is a layout artifact.

    Lines end with a real space, so text extracted from the tagged PDF has spaces between
    words across line breaks (tagged-pdf note, pitfall 1).
    """

    tag: Tag | None = None
    #: Its element goes on after it (the first part of a paragraph split across pages, a
    #: heading's number before its text): its last line ends in a space too.
    continues: bool = False

    #: The whole paragraph's text as typed (see `typed_text`), once asked for.
    _typed: str | None = None

    def __init__(self, text: str, style: Any, *args: Any, **kwargs: Any):
        super().__init__(text, style, *args, **kwargs)
        self._as_typed = text_as_typed(self)

    @property
    def typed_text(self) -> str:
        """The text as typed, before layout breaks it: tells inserted hyphens from typed ones.

        Read only when a line ends in a hyphen, and when the paragraph splits (its parts
        keep the whole paragraph's): most paragraphs never pay for it.
        """
        if self._typed is None:
            self._typed = " ".join(self._as_typed().split())
        return self._typed

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        parts = super().split(availWidth, availHeight)
        for number, part in enumerate(parts, start=1):
            part.tag, part._typed = self.tag, self.typed_text
            part.continues = self.continues if number == len(parts) else True
        return parts

    def beginText(self, x: float, y: float) -> Any:  # noqa: N802 (ReportLab's hook)
        tree = structure_of(self.canv)
        if tree is None:
            return super().beginText(x, y)
        return RunRecordingText(
            self.canv,
            x,
            y,
            lambda runs: tree.marked_runs(
                self.canv, self.tag, runs, self._hyphen_check, self.continues
            ),
            (LAYOUT_ARTIFACT, "EMC"),
            whole_paragraph_link(self),
            # the last line ends in a space too when the element goes on after it
            spaced_lines=len(paragraph_lines(self)) - (0 if self.continues else 1),
        )

    def draw(self) -> None:
        tree = structure_of(self.canv)
        if tree is None:
            super().draw()
            return
        if not paragraph_lines(self):  # nothing to write; an empty table cell keeps its element
            if self.tag is not None:
                tree.begin(self.canv, self.tag)
                tree.end(self.canv)
            return
        with tree.drawing_paragraph():
            super().draw()

    def _hyphen_check(self, word: str, following: str | None) -> bool:
        return _inserted_hyphen(word, following, self.typed_text)


def _healed(runs: list[TextRun], inserted: Any, continues: bool) -> list[str | None]:
    """Each run's text with the hyphens line breaking added taken out, or None for a run
    that has none.

    Why: read aloud or copied, "consider-" + "able" should be "considerable"; ActualText on
    the run's marked content gives the text as written. A hyphen the author wrote
    ("all-" + "weather") stays.

    Args:
        inserted: `inserted(word, following)`, whether `word`'s final hyphen was inserted;
            `following` is the first word of the next line, None when that is on another page.
    """
    if not any(text.endswith("-") for run in runs for text, _ in run.texts):
        return [None] * len(runs)  # the common case: no line ends in a hyphen
    pieces: list[tuple[int, str, bool]] = []
    for number, run in enumerate(runs):
        for text, line_end in run.texts:
            if not text and line_end and pieces:  # a line's end, after its last words
                pieces[-1] = (*pieces[-1][:2], True)
            elif text:
                pieces.append((number, text, line_end))
    healed: list[list[str]] = [[] for _ in runs]
    changed = [False] * len(runs)
    for index, (number, text, line_end) in enumerate(pieces):
        if line_end and text.endswith("-"):
            after = next((t for _, t, _ in pieces[index + 1 :] if t.strip()), None)
            if after is None and not continues:
                healed[number].append(text)
                continue
            word = ("".join(healed[number]) + text).rsplit(" ", 1)[-1]
            following = after.split(" ", 1)[0] if after is not None else None
            if inserted(word, following):
                text, changed[number] = text[:-1], True
        healed[number].append(text)
    return [
        "".join(parts) if change else None for parts, change in zip(healed, changed, strict=True)
    ]


def _inserted_hyphen(word: str, following: str | None, typed: str) -> bool:
    """Whether `word`'s final hyphen was put there by line breaking, not by the author.

    Args:
        following: the first word of the next line, or None when it is on another page.
    """
    stem = word[:-1]
    if not word.endswith("-") or not stem:
        return False
    if following is not None:
        return stem + following in typed and word + following not in typed
    return any(
        typed_word.startswith(stem) and not typed_word.startswith(word)
        for typed_word in typed.split()
        if len(typed_word) > len(stem)
    )


#: How a content stream's literal string writes each byte: printable ASCII as itself (with
#: a backslash before a parenthesis or a backslash), any other byte in octal.
_LITERAL_BYTES = [
    ("\\" + chr(byte) if chr(byte) in "()\\" else chr(byte))
    if 32 <= byte < 127
    else f"\\{byte:03o}"
    for byte in range(256)
]


def _pdf_text(text: str) -> str:
    """A PDF text string for a content stream: PDFDocEncoding (a byte a character) when it
    can say the text, else UTF-16 with a byte-order mark."""
    data = pdfdoc_bytes(text) or b"\xfe\xff" + text.encode("utf-16-be")
    return f"({''.join(map(_LITERAL_BYTES.__getitem__, data))})"


def _begin_decoration(table: Any) -> None:
    if structure_of(table.canv) is not None:
        table.canv.addLiteral(LAYOUT_ARTIFACT)


def _end_decoration(table: Any) -> None:
    if structure_of(table.canv) is not None:
        table.canv.addLiteral("EMC")


#: A Table render callback: backgrounds and rules are drawn as layout artifacts.
decorations_as_artifacts = decoration_callback(_begin_decoration, _end_decoration)
