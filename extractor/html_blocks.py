"""Raw HTML inside markdown: the tables, lists, headings and paragraphs a post writes in HTML.

Markdown passes an HTML block through untouched, and many sites write their schedules that way
(a Jekyll page's `<table>` of seminar dates). `read_html` turns one block into the same pieces
the walker makes of markdown: headings, paragraphs, list items and table rows with their header
cells, each with its plain text, its links and its line. The standard library's `html.parser`
reads it; it never fails on broken HTML, it reads what it can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements whose text is one piece of its own.
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TEXT_BLOCKS = {"p", "li", "dt", "dd", "caption", "figcaption", "summary"}
#: Elements that hold blocks, not text: starting or ending one ends the paragraph before it.
_CONTAINERS = {
    "div",
    "section",
    "article",
    "blockquote",
    "ul",
    "ol",
    "dl",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "figure",
    "table",
    "details",
    "body",
    "html",
    "center",
}
#: Elements whose content is never text a reader sees.
_HIDDEN = {"script", "style", "template", "noscript", "head", "title", "svg"}
_SPACES = re.compile(r"\s+")


@dataclass
class HtmlLink:
    text: str
    href: str
    start: int
    end: int


@dataclass
class HtmlPiece:
    """A heading, paragraph, list item or table row read from HTML."""

    kind: str
    """`heading`, `paragraph`, `item` or `row`."""
    text: str
    line: int
    """The line of the piece inside the HTML block, 0 for its first."""
    links: list[HtmlLink] = field(default_factory=list)
    level: int = 0
    """For a heading: 1–6."""
    cells: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    order: int = 0
    strong: bool = False
    """True when the whole text is bold (`<strong>`, `<b>`): it may act as a heading."""


class _Text:
    """Text being gathered, with its links, spaces collapsed as a browser would."""

    def __init__(self, line: int, order: int = 0) -> None:
        self.line = line
        self.order = order
        """Where the element starts among the fragment's elements (a parent before its child)."""
        self.parts: list[str] = []
        self.links: list[HtmlLink] = []
        self.open_link: tuple[str, int] | None = None
        self.bold = 0
        """Visible characters written inside `<strong>` or `<b>`."""

    @property
    def size(self) -> int:
        return sum(len(part) for part in self.parts)

    def add(self, data: str, *, bold: bool = False) -> None:
        if bold:
            self.bold += len(data.replace(" ", "").replace("\n", ""))
        data = _SPACES.sub(" ", data)
        if not data:
            return
        if (not self.parts or self.parts[-1].endswith((" ", "\n"))) and data.startswith(" "):
            data = data[1:]
        if data:
            self.parts.append(data)

    def line_break(self) -> None:
        """A `<br>`: the text goes on on a new line, as in a markdown hard break."""
        if self.parts:
            self.parts[-1] = self.parts[-1].rstrip(" ")
            self.parts.append("\n")

    def start_link(self, href: str) -> None:
        self.open_link = (href, self.size)

    def end_link(self) -> None:
        if self.open_link is None:
            return
        href, start = self.open_link
        self.open_link = None
        text = "".join(self.parts)
        end = len(text.rstrip())
        if end > start:
            self.links.append(HtmlLink(text[start:end].strip(), href, start, end))

    def result(self) -> tuple[str, list[HtmlLink]]:
        self.end_link()
        text = "".join(self.parts)
        stripped = text.strip()
        lead = len(text) - len(text.lstrip())
        links = [
            HtmlLink(x.text, x.href, max(0, x.start - lead), max(0, x.end - lead))
            for x in self.links
        ]
        return stripped, [x for x in links if x.end <= len(stripped)]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[HtmlPiece] = []
        self.stack: list[tuple[str, _Text, int]] = []  # open text elements
        self.hidden = 0
        self.columns: tuple[str, ...] = ()
        self.row: list[tuple[str, list[HtmlLink]]] | None = None
        self.row_line = 0
        self.row_order = 0
        self.row_is_head = False
        self.cell: _Text | None = None
        self.in_head = False
        self.opened = 0
        self.strong = 0

    def _text(self, line: int) -> _Text:
        self.opened += 1
        return _Text(line, self.opened)

    # -- the text element being written to
    def _current(self) -> _Text | None:
        if self.cell is not None:
            return self.cell
        return self.stack[-1][1] if self.stack else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0] - 1
        if tag in _HIDDEN:
            self.hidden += 1
            return
        if tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self._flush_row()
            self.row, self.row_line, self.row_is_head = [], line, self.in_head
            self.opened += 1
            self.row_order = self.opened
        elif tag in ("td", "th") and self.row is not None:
            self._close_cell()
            self.cell = self._text(line)
            if tag == "th":
                self.row_is_head = self.row_is_head or (not self.row and not self.columns)
        elif tag in _HEADINGS or tag in _TEXT_BLOCKS:
            if self.cell is not None:
                return
            if tag == "p" and self.stack and self.stack[-1][0] in ("li", "dt", "dd"):
                return  # a paragraph inside a list item is that item's text
            self._end_paragraphs()
            self.stack.append((tag, self._text(line), line))
        elif tag in _CONTAINERS and self.cell is None:
            self._end_paragraphs()
            if self.stack:
                self.stack[-1][1].add(" ")  # a nested list after its item's own words
        elif tag in ("strong", "b"):
            self.strong += 1
        elif tag == "br":
            current = self._current()
            if current is not None and self.cell is not None:
                current.add(" ")  # a table cell stays one line of its row
            elif current is not None:
                current.line_break()
        elif tag == "a":
            current = self._current()
            href = dict(attrs).get("href") or ""
            if current is not None and href:
                current.start_link(href)
        elif tag in ("img", "hr"):
            return

    def _end_paragraphs(self) -> None:
        """End the open text elements down to the nearest list item (which a nested list or
        paragraph does not end)."""
        while self.stack and self.stack[-1][0] != "li":
            self._emit(*self.stack.pop())

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
            return
        if tag == "thead":
            self.in_head = False
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._flush_row()
        elif tag == "table":
            self._flush_row()
            self.columns = ()
        elif tag == "a":
            current = self._current()
            if current is not None:
                current.end_link()
        elif tag in ("strong", "b"):
            self.strong = max(0, self.strong - 1)
        elif tag in _CONTAINERS and self.cell is None:
            self._end_paragraphs()
        elif tag in _HEADINGS or tag in _TEXT_BLOCKS:
            for index in range(len(self.stack) - 1, -1, -1):
                if self.stack[index][0] == tag:
                    while len(self.stack) > index:
                        self._emit(*self.stack.pop())
                    break

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        current = self._current()
        if current is None:
            if data.strip():  # text straight inside a block-level container: a paragraph
                line = self.getpos()[0] - 1
                self.stack.append(("p", self._text(line), line))
                self.stack[-1][1].add(data, bold=self.strong > 0)
            return
        current.add(data, bold=self.strong > 0)

    def _close_cell(self) -> None:
        if self.cell is None or self.row is None:
            self.cell = None
            return
        self.row.append(self.cell.result())
        self.cell = None

    def _flush_row(self) -> None:
        self._close_cell()
        if self.row is None:
            return
        cells = self.row
        self.row = None
        if not any(text for text, _ in cells):
            return
        if self.row_is_head:
            self.columns = tuple(text for text, _ in cells)
            return
        texts: list[str] = []
        links: list[HtmlLink] = []
        for text, cell_links in cells:
            base = len(" | ".join(texts)) + (3 if texts else 0)
            links.extend(HtmlLink(x.text, x.href, x.start + base, x.end + base) for x in cell_links)
            texts.append(text)
        piece = HtmlPiece(
            "row",
            " | ".join(texts),
            self.row_line,
            links,
            cells=tuple(texts),
            columns=self.columns,
            order=self.row_order,
        )
        self.pieces.append(piece)

    def _emit(self, tag: str, text: _Text, line: int) -> None:
        plain, links = text.result()
        if not plain:
            return
        if tag in _HEADINGS:
            piece = HtmlPiece("heading", plain, line, links, level=int(tag[1]))
        else:
            piece = HtmlPiece("item" if tag == "li" else "paragraph", plain, line, links)
        piece.order = text.order
        visible = len(plain.replace(" ", ""))
        piece.strong = visible > 0 and text.bold >= visible * 0.9
        self.pieces.append(piece)

    def finish(self) -> list[HtmlPiece]:
        self.close()
        self._flush_row()
        while self.stack:
            self._emit(*self.stack.pop())
        return sorted(self.pieces, key=lambda piece: piece.order)


def read_html(html: str) -> list[HtmlPiece]:
    """The headings, paragraphs, list items and table rows of an HTML fragment, in order."""
    reader = _Reader()
    try:
        reader.feed(html)
        return _labelled(reader.finish())
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        return []


def _labelled(pieces: list[HtmlPiece]) -> list[HtmlPiece]:
    """A label and its value in two boxes (`<div>Paper submission:</div><div>29 July</div>`)
    read as the one line they are on the page: "Paper submission: 29 July"."""
    out: list[HtmlPiece] = []
    for piece in pieces:
        label = out[-1] if out else None
        if (
            label is not None
            and label.kind == piece.kind == "paragraph"
            and label.text.endswith(":")
            and len(label.text.split()) <= 10
            and len(piece.text.split()) <= 6
        ):
            base = len(label.text) + 1
            links = label.links + [
                HtmlLink(x.text, x.href, x.start + base, x.end + base) for x in piece.links
            ]
            out[-1] = HtmlPiece(
                "paragraph", f"{label.text} {piece.text}", label.line, links, order=label.order
            )
            continue
        out.append(piece)
    return out
