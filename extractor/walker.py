"""One pass over a post's markdown tree: the blocks that can hold an event, with their context.

Each `Block` is a heading, a paragraph, a list item or a table row, as plain text (no markdown),
with the links it holds, the trail of headings above it, the list items it is nested in, and
the real line of the raw file it starts on.

`walk_within` reads a body within `Limits` and says what it left unread (`Gap`): lists and
quotes nested deeper than `max_depth` (markdown-it, past its own `maxNesting`, silently drops
the whole rest of the document; here only the too-deep part is skipped), and blocks longer than
`max_block_chars` (whose inline parse alone can take seconds).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from extractor.limits import LIMITS, Limits

if TYPE_CHECKING:
    from collections.abc import Sequence

    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token


@dataclass(frozen=True)
class Link:
    """A link inside a block's text."""

    text: str
    """The link text as plain text (may be empty: `[](url)`)."""
    href: str
    start: int
    """Offset of the link text in the block's text."""
    end: int


@dataclass(frozen=True)
class Heading:
    """A heading above a block: a real `#` heading or a paragraph that acts as one."""

    text: str
    level: int
    """1–6 for `#` headings; one more than the heading above for a bold/link-only paragraph."""
    line: int
    url: str | None = None
    """The heading's own link, when its text is (mostly) a link."""
    pseudo: bool = False
    """True for a bold or link-only paragraph acting as a heading."""


@dataclass(frozen=True)
class Block:
    """A unit of text that may state an event."""

    kind: str
    """`heading`, `paragraph`, `item` (a list item's own text) or `row` (a table body row)."""
    text: str
    """Plain text: inline markdown resolved, soft breaks as spaces."""
    line: int
    """1-based line in the raw file."""
    links: tuple[Link, ...] = ()
    headings: tuple[Heading, ...] = ()
    """The heading trail above the block, outermost first."""
    parents: tuple[Block, ...] = ()
    """The list items (outermost first) this item is nested in."""
    children: tuple[str, ...] = field(default=(), compare=False)
    """For an item: the plain texts of its direct child items."""
    columns: tuple[str, ...] = ()
    """For a table row: the header cells."""
    cells: tuple[str, ...] = ()
    """For a table row: its cells."""
    strong: bool = False
    """True when the whole text is bold (or a link): a paragraph acting as a heading."""
    code: tuple[tuple[int, int], ...] = ()
    """Offsets of inline code spans in `text` (`2026-01-06` in backticks is no date)."""
    lead: str | None = None
    """The bold words the text opens with ("**Board elections:** nominations …"), if any."""
    bold: tuple[tuple[int, int], ...] = ()
    """Offsets of the bold runs in `text` of a paragraph ("… **Am Sonntag, 28. Oktober** …")."""

    @property
    def heading(self) -> Heading | None:
        """The nearest heading above, if any."""
        return self.headings[-1] if self.headings else None


@dataclass(frozen=True)
class Gap:
    """A part of a body that was not read because a limit was hit."""

    line: int
    """The raw-file line it starts on."""
    message: str
    """What was not read and which limit it passed, e.g. `paragraph of 12,345 characters, more
    than max_block_chars (10,000): not read`."""


@dataclass(frozen=True)
class Walked:
    """What `walk_within` read: the blocks, and the gaps it left."""

    blocks: list[Block]
    gaps: list[Gap]


#: Keys of the markdown-it `env` where the limits record what they skipped.
_TOO_DEEP = "eventfeed_too_deep"
_TOO_LONG = "eventfeed_too_long"
_CONTAINER_NAMES = {"paragraph_open": "paragraph", "heading_open": "heading"}


@lru_cache(maxsize=4)
def _parser(
    max_depth: int = LIMITS.max_depth, max_chars: int = LIMITS.max_block_chars
) -> MarkdownIt:
    """CommonMark with tables and strikethrough, that skips (and records in `env`) what is
    nested more than `max_depth` lists or quotes deep, and leaves unparsed (and records) the
    inline text of a block longer than `max_chars`."""
    from markdown_it import MarkdownIt

    # A list level is two markdown-it levels (list, item), a quote one.
    max_level = 2 * max_depth
    md = MarkdownIt("commonmark", {"maxNesting": max(40, max_level + 4)})
    md.enable(["table", "strikethrough"])
    # perf: a link's normalised URL (a pure function of it) is worked out once per URL
    md.normalizeLink = lru_cache(maxsize=4096)(md.normalizeLink)  # type: ignore[method-assign]
    tokenize = md.block.tokenize

    def bounded_tokenize(state: StateBlock, start: int, end: int) -> None:
        if state.level <= max_level:
            tokenize(state, start, end)
            return
        # Skip the lines of this container (indented at least as deep as its content), where
        # markdown-it would skip to the end of the document.
        line = start + 1
        while line < end and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
            line += 1
        last = line
        while last > start + 1 and state.isEmpty(last - 1):
            last -= 1
        state.env.setdefault(_TOO_DEEP, []).append((start, last))
        state.line = line

    md.block.tokenize = bounded_tokenize  # type: ignore[method-assign,assignment]

    def bounded_inline(state: StateCore) -> None:
        line = 0
        for index, token in enumerate(state.tokens):
            line = token.map[0] if token.map else line
            if token.type != "inline":
                continue
            if token.children is None:
                token.children = []
            if len(token.content) > max_chars:
                opening = state.tokens[index - 1].type if index else ""
                kind = _CONTAINER_NAMES.get(opening, "table cell")
                state.env.setdefault(_TOO_LONG, []).append((line, kind, len(token.content)))
                continue
            state.md.inline.parse(token.content, state.md, state.env, token.children)

    md.core.ruler.at("inline", bounded_inline)
    return md


class SyntaxTreeNode:
    """perf: the parts of markdown-it's `SyntaxTreeNode` the walker reads (type, children and
    the token's content, attrs, tag and map), built in one pass over the tokens (~4× faster)."""

    __slots__ = ("children", "token", "type")

    def __init__(self, kind: str, token: Token | None, children: list[SyntaxTreeNode]) -> None:
        self.type = kind
        self.token = token
        self.children = children

    @property
    def content(self) -> str:
        assert self.token is not None
        return self.token.content

    @property
    def attrs(self) -> dict[str, str | int | float]:
        assert self.token is not None
        return self.token.attrs

    @property
    def tag(self) -> str:
        assert self.token is not None
        return self.token.tag

    @property
    def map(self) -> tuple[int, int] | None:
        assert self.token is not None
        found = self.token.map
        return (found[0], found[1]) if found else None


def _nodes(tokens: Sequence[Token]) -> list[SyntaxTreeNode]:
    """The nodes of a token stream, as markdown-it's `SyntaxTreeNode` nests them: a token of its
    own (with the nodes of its children), or an opening and closing pair around its nodes."""
    top: list[SyntaxTreeNode] = []
    children = top
    stack: list[list[SyntaxTreeNode]] = []
    for token in tokens:
        nesting = token.nesting
        if nesting == 0:
            inner = _nodes(token.children) if token.children else []
            children.append(SyntaxTreeNode(token.type, token, inner))
        elif nesting == 1:
            node = SyntaxTreeNode(token.type.removesuffix("_open"), token, [])
            children.append(node)
            stack.append(children)
            children = node.children
        elif stack:
            children = stack.pop()
        else:
            raise ValueError("Invalid token nesting")
    if stack:
        raise ValueError("unclosed tokens")
    return top


_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
#: An inline `<a href="…">` tag.
_HTML_LINK = re.compile(r"""(?i)<a\s[^>]*?\bhref\s*=\s*["']?(?P<href>[^"'\s>]+)""")
#: What `_Inline.result` would change: a space or newline at the start, a run of spaces, a
#: space beside a newline, an empty line, or a space that is not a plain one.
_UNTIDY = re.compile(r"^[ \n]|  | \n|\n[ \n]|[\t\u00a0\u2009\u202f]")


class _Inline:
    """Plain text and links of an inline node."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.links: list[Link] = []
        self.strong_chars = 0
        self.link_chars = 0
        self.lead: str | None = None
        self.code: list[tuple[int, int]] = []
        self.bold: list[tuple[int, int]] = []
        self.html_link: tuple[int, str] | None = None

    def add(self, text: str, *, strong: bool, linked: bool) -> None:
        self.parts.append(text)
        self.size += len(text)
        visible = len(text.strip())
        if strong:
            self.strong_chars += visible
        if linked:
            self.link_chars += visible

    def walk(self, node: SyntaxTreeNode, strong: bool = False, linked: bool = False) -> None:
        for child in node.children:
            kind = child.type
            if kind == "text":
                self.add(child.content, strong=strong, linked=linked)
            elif kind in ("softbreak", "hardbreak"):
                self.add("\n", strong=strong, linked=linked)
            elif kind == "code_inline":
                begin = self.size
                self.add(child.content, strong=strong, linked=linked)
                self.code.append((begin, self.size))
            elif kind == "link":
                begin = self.size
                self.walk(child, strong, True)
                text = "".join(self.parts)[begin:]
                href = str(child.attrs.get("href", ""))
                self.links.append(Link(text=text.strip(), href=href, start=begin, end=self.size))
            elif kind == "strong":
                begin = self.size
                opens = self.lead is None and not "".join(self.parts).strip()
                self.walk(child, True, linked)
                self.bold.append((begin, self.size))
                if opens:
                    self.lead = "".join(self.parts)[begin:].strip() or None
            elif kind == "html_inline":
                self.html_tag(child.content, linked=linked)
            elif kind in ("image", "s"):
                continue  # no text, or struck out: "before ~~December 5~~ December 8"
            else:  # em, s, anything else with children
                self.walk(child, strong, linked)

    def html_tag(self, tag: str, *, linked: bool) -> None:
        """An inline HTML tag: `<a href="…">` opens a link that the next `</a>` closes, `<br>`
        breaks the line; any other tag is left out, its text kept."""
        opening = _HTML_LINK.match(tag)
        if opening and not linked:
            self.html_link = (self.size, html.unescape(opening["href"]))
        elif re.fullmatch(r"(?i)</a\s*>", tag) and self.html_link is not None:
            begin, href = self.html_link
            self.html_link = None
            text = "".join(self.parts)[begin:]
            self.links.append(Link(text=text.strip(), href=href, start=begin, end=self.size))
        elif re.fullmatch(r"(?i)</?br\s*/?>", tag):
            self.add("\n", strong=False, linked=False)

    def result(self) -> tuple[str, tuple[Link, ...]]:
        raw = "".join(self.parts)
        if not _UNTIDY.search(raw):  # nothing to collapse: offsets stay as they are
            stripped = raw.rstrip()
            size = len(stripped)
            links = tuple(
                Link(link.text, link.href, min(link.start, size), min(link.end, size))
                for link in self.links
            )
            self.code = [(min(a, size), min(b, size)) for a, b in self.code]
            self.bold = [(min(a, size), min(b, size)) for a, b in self.bold]
            return stripped, links
        # Collapse runs of spaces while keeping link offsets right.
        out: list[str] = []
        mapping: list[int] = []
        previous_space = True
        for ch in raw:
            if ch == "\n":
                while out and out[-1] == " ":
                    out.pop()
                mapping.append(len(out))
                if out and out[-1] != "\n":
                    out.append("\n")
                previous_space = True
                continue
            is_space = bool(_SPACES.fullmatch(ch))
            if is_space and previous_space:
                mapping.append(len(out))
                continue
            mapping.append(len(out))
            out.append(" " if is_space else ch)
            previous_space = is_space
        mapping.append(len(out))
        text = "".join(out)
        stripped = text.rstrip()
        links = tuple(
            Link(
                link.text,
                link.href,
                min(mapping[link.start], len(stripped)),
                min(mapping[link.end], len(stripped)),
            )
            for link in self.links
        )
        self.code = [
            (min(mapping[a], len(stripped)), min(mapping[b], len(stripped))) for a, b in self.code
        ]
        self.bold = [
            (min(mapping[a], len(stripped)), min(mapping[b], len(stripped))) for a, b in self.bold
        ]
        return stripped, links


def inline_text(node: SyntaxTreeNode) -> tuple[str, tuple[Link, ...], bool]:
    """Plain text, links, and whether the text is all bold or all link, of an `inline` node."""
    text, links, emphatic, _ = inline_parts(node)
    return text, links, emphatic


def inline_parts(node: SyntaxTreeNode) -> tuple[str, tuple[Link, ...], bool, str | None]:
    """`inline_text`, and the bold words the text opens with."""
    text, links, emphatic, lead, _, _ = inline_all(node)
    return text, links, emphatic, lead


_Ranges = tuple[tuple[int, int], ...]


def inline_all(
    node: SyntaxTreeNode,
) -> tuple[str, tuple[Link, ...], bool, str | None, _Ranges, _Ranges]:
    """`inline_parts`, and the offsets of inline code spans and of bold runs."""
    acc = _Inline()
    acc.walk(node)
    text, links = acc.result()
    visible = len(text.replace(" ", "").replace("\n", ""))
    emphatic = visible > 0 and (
        acc.strong_chars >= visible * 0.9 or acc.link_chars >= visible * 0.9
    )
    return text, links, emphatic, acc.lead, tuple(acc.code), tuple(acc.bold)


#: A field of an "Add to Calendar" button (AddEvent's `<span class="start">…</span>`).
_WIDGET_FIELD = re.compile(
    r"<span\s+class=[\"'](?P<k>start|timezone|title|location)[\"']\s*>(?P<v>[^<]*)</span>", re.I
)


def calendar_widget(content: str) -> str | None:
    """The event an "Add to Calendar" button holds (`<div class="addeventatc">` with its
    `start`, `timezone`, `title` and `location` spans), as key lines: "When: 2020-08-26 20:00
    Europe/Amsterdam" / "What: Webinar …" / "Where: …"; None for any other HTML."""
    if "addeventatc" not in content:
        return None
    fields = {
        m["k"].lower(): html.unescape(m["v"]).strip() for m in _WIDGET_FIELD.finditer(content)
    }
    if not fields.get("start") or not fields.get("title"):
        return None
    when = f"{fields['start']} {fields.get('timezone', '')}".strip()
    lines = [f"When: {when}", f"What: {fields['title']}"]
    if fields.get("location") and not re.match(r"(?i)https?://", fields["location"]):
        lines.append(f"Where: {fields['location']}")  # not a meeting's link
    return "\n".join(lines)


def _line(node: SyntaxTreeNode, offset: int) -> int:
    start = node.map[0] if node.map else 0
    return start + offset


def _heading_url(text: str, links: tuple[Link, ...]) -> str | None:
    """The link of a heading whose text is mostly that link."""
    for link in links:
        if link.text and len(link.text) >= 0.5 * len(text):
            return link.href
    return None


class _Walker:
    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.headings: list[Heading] = []
        self.blocks: list[Block] = []

    def push_heading(self, heading: Heading) -> None:
        while self.headings and self.headings[-1].level >= heading.level:
            self.headings.pop()
        self.headings.append(heading)

    def real_level(self) -> int:
        for heading in reversed(self.headings):
            if not heading.pseudo:
                return heading.level
        return 0

    def walk(self, node: SyntaxTreeNode, parents: tuple[Block, ...]) -> None:
        for child in node.children:
            kind = child.type
            if kind == "heading":
                self.heading(child)
            elif kind == "paragraph":
                self.paragraph(child, parents)
            elif kind in ("bullet_list", "ordered_list"):
                for item in child.children:
                    self.item(item, parents)
            elif kind == "table":
                self.table(child, parents)
            elif kind == "blockquote":
                self.walk(child, parents)
            elif kind == "html_block":
                self.html(child, parents)

    def heading(self, node: SyntaxTreeNode) -> None:
        text, links, _ = inline_text(node.children[0]) if node.children else ("", (), False)
        level = int(node.tag[1:]) if node.tag.startswith("h") else 1
        line = _line(node, self.offset)
        self.push_heading(Heading(text, level, line, _heading_url(text, links)))
        if text:
            self.blocks.append(
                Block("heading", text, line, links, tuple(self.headings[:-1]), strong=True)
            )

    def paragraph(self, node: SyntaxTreeNode, parents: tuple[Block, ...]) -> None:
        if not node.children:
            return
        text, links, emphatic, lead, code, bold = inline_all(node.children[0])
        if not text:
            return
        line = _line(node, self.offset)
        block = Block(
            "paragraph",
            text,
            line,
            links,
            tuple(self.headings),
            parents,
            strong=emphatic,
            lead=lead,
            code=code,
            bold=bold,
        )
        self.blocks.append(block)
        if emphatic and not parents and len(text) <= 120:
            # A bold or link-only line acts as a heading for what follows.
            level = self.real_level() + 1
            self.push_heading(Heading(text, level, line, _heading_url(text, links), pseudo=True))

    def item(self, node: SyntaxTreeNode, parents: tuple[Block, ...]) -> None:
        texts: list[str] = []
        links: list[Link] = []
        strong = True
        lead: str | None = None
        code: list[tuple[int, int]] = []
        for child in node.children:
            if child.type == "paragraph" and child.children:
                text, child_links, emphatic, child_lead, child_code, _ = inline_all(
                    child.children[0]
                )
                if not text:
                    continue
                if not texts:
                    lead = child_lead
                base = len(" ".join(texts)) + (1 if texts else 0)
                links.extend(
                    Link(x.text, x.href, x.start + base, x.end + base) for x in child_links
                )
                code.extend((a + base, b + base) for a, b in child_code)
                texts.append(text)
                strong = strong and emphatic
        nested = [c for c in node.children if c.type in ("bullet_list", "ordered_list")]
        child_texts = tuple(
            inline_text(grand.children[0].children[0])[0]
            for lst in nested
            for grand in lst.children
            if grand.children
            and grand.children[0].type == "paragraph"
            and grand.children[0].children
        )
        text = " ".join(texts)
        block = Block(
            "item",
            text,
            _line(node, self.offset),
            tuple(links),
            tuple(self.headings),
            parents,
            children=child_texts,
            strong=strong and bool(text),
            lead=lead,
            code=tuple(code),
        )
        self.blocks.append(block)
        for lst in nested:
            for grand in lst.children:
                self.item(grand, (*parents, block))
        for child in node.children:
            if child.type in ("table", "blockquote"):
                self.walk(child, (*parents, block))

    def html(self, node: SyntaxTreeNode, parents: tuple[Block, ...]) -> None:
        """An HTML block: its headings, paragraphs, list items and table rows (`html_blocks`)."""
        if "<" not in node.content:
            return
        from extractor.html_blocks import read_html

        first = _line(node, self.offset)
        widget = calendar_widget(node.content)
        if widget is not None:  # an "Add to Calendar" button's own fields
            self.blocks.append(Block("paragraph", widget, first, (), tuple(self.headings), parents))
            return
        for piece in read_html(node.content):
            line = first + piece.line
            links = tuple(Link(x.text, x.href, x.start, x.end) for x in piece.links)
            if piece.kind == "heading":
                self.push_heading(
                    Heading(piece.text, piece.level, line, _heading_url(piece.text, links))
                )
                heading_trail = tuple(self.headings[:-1])
                self.blocks.append(
                    Block("heading", piece.text, line, links, heading_trail, strong=True)
                )
                continue
            block = Block(
                piece.kind,
                piece.text,
                line,
                links,
                tuple(self.headings),
                parents,
                columns=piece.columns,
                cells=piece.cells,
                strong=piece.strong,
            )
            self.blocks.append(block)
            if (
                piece.strong
                and piece.kind == "paragraph"
                and not parents
                and len(piece.text) <= 120
            ):
                level = self.real_level() + 1  # "<div><strong>Paper submission:</strong></div>"
                heading = Heading(
                    piece.text, level, line, _heading_url(piece.text, links), pseudo=True
                )
                self.push_heading(heading)

    def table(self, node: SyntaxTreeNode, parents: tuple[Block, ...]) -> None:
        columns: tuple[str, ...] = ()
        for section in node.children:
            for row in section.children:
                cells: list[str] = []
                links: list[Link] = []
                for cell in row.children:
                    text, cell_links, _ = (
                        inline_text(cell.children[0]) if cell.children else ("", (), False)
                    )
                    if not text and cell.children:  # "| ![SpaceX](logo.svg) |": the logo's name
                        text = _image_alt(cell.children[0])
                    base = len(" | ".join(cells)) + (3 if cells else 0)
                    links.extend(
                        Link(x.text, x.href, x.start + base, x.end + base) for x in cell_links
                    )
                    cells.append(text)
                if section.type == "thead":
                    columns = tuple(cells)
                    continue
                self.blocks.append(
                    Block(
                        "row",
                        " | ".join(cells),
                        _line(row, self.offset),
                        tuple(links),
                        tuple(self.headings),
                        parents,
                        columns=columns,
                        cells=tuple(cells),
                    )
                )


def _image_alt(node: SyntaxTreeNode) -> str:
    """The alt text of the images of a cell that holds nothing else (a sponsor's logo)."""
    alts = [
        " ".join(child.content.split())
        for child in node.children
        if child.type == "image" and child.content.strip()
    ]
    return " ".join(alts) if len(alts) == 1 and len(alts[0]) <= 40 else ""


def walk(body: str, line_offset: int = 1) -> list[Block]:
    """The blocks of a markdown body, in document order (within the default `Limits`; see
    `walk_within` for what is left unread).

    `line_offset` is the raw-file line on which `body` starts, so `Block.line` is a file line.
    """
    return walk_within(body, line_offset).blocks


def _labelled(blocks: list[Block]) -> list[Block]:
    """A label paragraph and the short paragraph after it (`**When:**` / `25/01/2023 at 18:30`,
    as pages converted from HTML write them) read as the one line they mean: `When: 25/01/…`."""
    out: list[Block] = []
    merged: set[int] = set()  # the lines of labels read with their values
    for block in blocks:
        if merged and any(h.pseudo and h.line in merged for h in block.headings):
            # a bold label heads what follows it; read with its value, it heads nothing
            kept = tuple(h for h in block.headings if not (h.pseudo and h.line in merged))
            block = replace(block, headings=kept)
        label = out[-1] if out else None
        if (
            label is not None
            and label.kind == block.kind == "paragraph"
            and (
                block.headings == label.headings
                or (block.headings[-1:] and block.headings[-1].line == label.line)
            )
            and label.text.endswith(":")
            and len(label.text.split()) <= 4
            and len(block.text.split()) <= 12
            and block.line - label.line <= 3
        ):
            base = len(label.text) + 1
            out[-1] = replace(
                label,
                text=f"{label.text} {block.text}",
                links=label.links
                + tuple(replace(x, start=x.start + base, end=x.end + base) for x in block.links),
                code=label.code + tuple((a + base, b + base) for a, b in block.code),
                strong=False,
                lead=label.lead,
            )
            merged.add(label.line)
            continue
        out.append(block)
    return out


#: How a kind of block is named in a message.
BLOCK_NAMES = {"item": "list item", "row": "table row"}


#: Hugo's link shortcode: `{{< link title="Vets Who Code" url="https://vetswhocode.io" >}}`.
_HUGO_LINK = re.compile(
    r"\{\{[<%]\s*link\s+(?:title|text)=\"(?P<t>[^\"\n]*)\"\s+(?:url|href)=\"(?P<u>[^\"\n]*)\"\s*[>%]\}\}"
)
#: Jekyll's `{% post_link slug Title %}`: the title.
_JEKYLL_POST_LINK = re.compile(r"\{%\s*post_link\s+\S+\s+(?P<t>[^%\n]+?)\s*%\}")
#: Other template tags of one line, which render no words of the post: Hugo's shortcodes
#: (`{{< tweet 123 >}}`) and Jekyll's layout tags (`{% include figure.html %}`); a
#: `{% post_url … %}` or `{{< ref … >}}` link target is kept, and so is any other `{% … %}`.
_TEMPLATE_TAG = re.compile(
    r"\{\{[<%](?!\s*(?:ref|relref)\b)[^\n]*?[>%]\}\}"
    r"|\{%-?\s*(?:include|include_relative|raw|endraw|highlight|endhighlight|comment|endcomment|"
    r"assign|capture|endcapture|youtube|img|image|figure|gist|seo|feed_meta|toc)\b[^\n%]*-?%\}"
)


#: Kramdown's and Python-Markdown's attribute lists: "{: #id}", "{: .class}", "{#id}".
_ATTRIBUTE_LIST = re.compile(
    r"[ \t]*\{(?::[ \t]*[^{}\n]*|#[\w-]+(?:[ \t]+[^{}\n]*)?)\}[ \t]*$", re.M
)


#: VuePress's and VitePress's custom containers: "::: info Title" … ":::".
_CONTAINER = re.compile(
    r"^[ \t]*:::+[ \t]*(?:\{[^}\n]*\}|[\w-]+)?[ \t]*(?P<t>(?:[^\W\d_][^\n:]*?)?)[ \t]*$", re.M
)
#: A Vue expression in a page ("{{ $frontmatter.authors[0].name }}"): no words of the post.
_VUE_EXPRESSION = re.compile(r"\{\{\s*\$[^{}\n]*\}\}")
#: The key an icon stands for at the start of a line, when no key word follows it.
_ICON_KEYS = {
    **dict.fromkeys(("📅", "📆", "🗓"), "When"),
    **dict.fromkeys(("⏰", "⌚", "⏱", "🕒", *map(chr, range(0x1F550, 0x1F568))), "Time"),
    **dict.fromkeys(("📍", "🏠", "🏢"), "Where"),
}
_ICON_LINE = re.compile(
    r"^(?P<lead>[ \t]*(?:[-*+][ \t]+)?)(?P<icon>"
    + "|".join(sorted(_ICON_KEYS, key=len, reverse=True))
    + r")\ufe0f?[ \t]*(?![^\n:]{0,20}:[*_\s])(?=\S)(?![^\n]*(?:"  # one field on its line, not
    + "|".join(sorted(_ICON_KEYS, key=len, reverse=True))  # "🗓️ 13 May · 📍 Bristol · …"
    + "))",
    re.M,
)


def _icon_keys(part: str) -> str:
    """A paragraph's icon lines as key lines, when its day (or time) line reads as one: all
    of them or none, so that "🕐️ Sunday 1, 09:00 - 17:00" / "🏢 Room aw1126" stays a listing."""
    lines = [m for m in _ICON_LINE.finditer(part)]
    keyed = [m for m in lines if _icon_key(m) != m.group()]
    if not any(_ICON_KEYS[m["icon"]] != "Where" for m in keyed):
        return part
    if len(keyed) != len(lines):
        return part
    return _ICON_LINE.sub(_icon_key, part)


def _icon_key(match: re.Match[str]) -> str:
    """The key an icon line's icon stands for, or the icon as it is when the line is a label
    ("🗓 **Important Information:**") or, for a day or a time, holds no digit."""
    key = _ICON_KEYS[match["icon"]]
    line = match.string[
        match.end() : match.string.find("\n", match.end()) % (len(match.string) + 1)
    ]
    label = re.search(r":[*_]*\s*$", line)
    titled = re.search(r"\s[–—|-]\s|(?<!\d):(?!\d)", line)  # "📅 **Nov 12** – Board meeting"
    if label or (key != "Where" and (titled or not re.search(r"\d", line))):
        return match.group()
    return f"{match['lead']}{key}: "


def site_markup(body: str) -> str:
    """`body` with the template tags of Hugo and Jekyll posts read as a reader sees them: a
    link shortcode as its link, `{% post_link … Title %}` as its title, other one-line tags
    left out. Lines stay where they were."""
    if "{:" in body or "{#" in body:  # "## Title {: #anchor}", "{: .note}": attribute lists
        body = _ATTRIBUTE_LIST.sub("", body)
    if ":::" in body:  # "::: info Assemblée Générale" … ":::": a container and its title
        body = _CONTAINER.sub(lambda m: f"**{m['t']}**" if m["t"] else "", body)
    if _ICON_LINE.search(body):  # "📅 **Jeudi 6 novembre 2025**" / "📍 Salle Le Genêt": keys
        body = "".join(_icon_keys(part) for part in re.split(r"(\n[ \t]*\n)", body))
    if "{{" in body:
        body = _VUE_EXPRESSION.sub("", body)  # VuePress's "{{ $frontmatter.id }}"
    if "{{" not in body and "{%" not in body:
        return body
    body = _HUGO_LINK.sub(lambda m: f"[{m['t']}]({m['u']})", body)
    body = _JEKYLL_POST_LINK.sub(lambda m: m["t"], body)
    return _TEMPLATE_TAG.sub("", body)


_TABLE_TAG = re.compile(r"(?i)<(/?)table\b")
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")


def whole_html_tables(body: str) -> str:
    """`body` with the blank lines inside an HTML `<table>` filled with an empty comment: a
    blank line ends an HTML block in CommonMark, which would cut the table into loose cells
    (`<TR><TD>` / blank / `<B>September 4</B></td>`). Lines stay where they were."""
    if "<table" not in body.lower():
        return body
    lines = body.split("\n")
    depth = 0
    fenced = False
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        if depth > 0 and not line.strip():
            lines[number] = "<!-- -->"
        for tag in _TABLE_TAG.finditer(line):
            depth = max(0, depth + (-1 if tag[1] else 1))
    return "\n".join(lines)


def walk_within(body: str, line_offset: int = 1, limits: Limits = LIMITS) -> Walked:
    """The blocks of a markdown body in document order, and the gaps `limits` left in it."""
    env: dict[str, Any] = {}
    body = whole_html_tables(site_markup(body))
    tokens = _parser(limits.max_depth, limits.max_block_chars).parse(body, env)
    tree = SyntaxTreeNode("root", None, _nodes(tokens))
    walker = _Walker(line_offset)
    walker.walk(tree, ())
    gaps: list[Gap] = []
    for start, end in env.get(_TOO_DEEP, []):
        first, last = start + line_offset, end - 1 + line_offset
        lines = f"line {first:,}" if first >= last else f"lines {first:,}–{last:,}"
        message = (
            f"lists or quotes nested more than {limits.max_depth} deep (max_depth): "
            f"{lines} not read"
        )
        gaps.append(Gap(first, message))
    too_long = [(line + line_offset, kind, size) for line, kind, size in env.get(_TOO_LONG, [])]
    blocks = []
    for block in _labelled(walker.blocks):
        if len(block.text) > limits.max_block_chars:
            too_long.append((block.line, BLOCK_NAMES.get(block.kind, block.kind), len(block.text)))
        else:
            blocks.append(block)
    for line, kind, size in too_long:
        message = (
            f"{kind} of {size:,} characters, more than max_block_chars "
            f"({limits.max_block_chars:,}): not read"
        )
        gaps.append(Gap(line, message))
    return Walked(blocks, sorted(gaps, key=lambda gap: gap.line))


#: Abbreviations a sentence does not end at ("Sept. 6", "Sat., Jan. 10th", "Dr. Lee"); a short
#: capitalised word that is no abbreviation ("… on Zoom. Agenda …") ends one.
_ABBREVIATION = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mon|Tue|Tues|Wed|Weds|Thu|Thur|"
    r"Thurs|Fri|Sat|Sun|Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|No|Nos|Vol|Inc|Ltd|Co|Corp|Ave|Rd|Mt|Ft|"
    r"[A-Z]|etc|vs|approx|e\.g|i\.e|[ap]\.m)\.$"
    r"|(?<![\d.])\d{1,2}\.\d\d\.$"  # "bis 08.05. LUG-Camp": a day and month, not an end
)


#: A day, then an abbreviated month that ends the sentence: "Tickets go on sale on 1 Nov. Early
#: bird ends …" (not "Nov. 30", where the day follows).
_DAY_MONTH_END = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$"
)


#: "26. März", "3. Oktober 2024": a German day number, whose dot ends no sentence.
_GERMAN_DAY = re.compile(r"(?<![\d.])\d{1,2}\.$")
_MONTH_NEXT = re.compile(
    r"(?:Jan(?:uar)?|Feb(?:ruar)?|März|Maerz|Mär|Apr(?:il)?|Mai|Jun[ei]?|Jul[iy]?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Okt(?:ober)?|Nov(?:ember)?|Dez(?:ember)?)\b"
)


def iter_sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pieces of a block's text, split after `.`, `!` or `?` and a space."""
    start = 0
    for match in re.finditer(r"(?<=[.!?])\s+(?=[A-Z*\[(\"'“])", text):
        # Do not split after abbreviations such as "Sept." or initials.
        before = text[max(start, match.start() - 6) : match.start()]
        if _ABBREVIATION.search(before) and not _DAY_MONTH_END.search(
            text, max(start, match.start() - 12), match.start()
        ):
            continue
        if _GERMAN_DAY.search(before) and _MONTH_NEXT.match(text, match.end()):
            continue
        yield start, text[start : match.start()]
        start = match.end()
    yield start, text[start:]
