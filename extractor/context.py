"""What a block's surroundings say: the series or heading it sits under, its links, its neighbours.

`PostContext` holds one post's blocks with their date expressions and answers the questions
that look beyond one block (the parent item, the first child, the `Where:` line nearby); the
functions look only at one block and the headings and parents it carries.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extractor import vocabulary as v
from extractor.dates import DateSpan, Resolved, find_dates, resolve
from extractor.model import Post
from extractor.text import (
    Segment,
    clean_title,
    clean_value,
    looks_like_place,
    names_event,
    safe_url,
    segments_of,
    strip_determiners,
    words,
)
from extractor.walker import Block, Heading

YearHints = dict[tuple[int, int | None, int | None, int | None], int]

# --------------------------------------------------------------------------- one block


def link_at(block: Block, start: int, end: int) -> str | None:
    """The first web link overlapping [start, end), or an empty-text link right at start."""
    for link in block.links:
        if not safe_url(link.href):
            continue
        if link.start < end and link.end > start:
            return link.href
        if link.start == link.end and start - 2 <= link.start <= start + 1:
            return link.href
    return None


def any_link(block: Block) -> str | None:
    """The block's first web link (an empty-text link counts: `[](url)17-19 October`)."""
    for link in block.links:
        if safe_url(link.href):
            return link.href
    return None


def series(block: Block) -> tuple[str | None, str | None]:
    """The event or series the block sits under (parent item, else heading) and its link."""
    for parent in reversed(block.parents):
        if not find_dates(parent.text):
            text = clean_title(parent.text)
            if text and len(words(text)) <= 12:
                link = next((x.href for x in parent.links if safe_url(x.href) and x.text), None)
                return text, link
    for heading in reversed(block.headings):
        if names_event(heading.text):
            return clean_title(heading.text), heading.url
    return None, None


def section(block: Block) -> str | None:
    """The top heading the block sits under, as a category ("Community Events")."""
    top: Heading | None = next((h for h in block.headings if not h.pseudo), None)
    if top is None and block.headings:
        top = block.headings[0]
    if top is None:
        return None
    return clean_title(top.text.split(":")[0]) or None


def nearest_heading(block: Block) -> str | None:
    """The closest heading above that is not a generic one ("Upcoming events")."""
    for heading in reversed(block.headings):
        if not v.GENERIC_HEADING.search(heading.text.strip()):
            return clean_title(heading.text)
    return None


def sibling_key(block: Block) -> tuple[object, ...]:
    """Blocks with the same key are siblings: same kind, same headings, same parent item."""
    parent = id(block.parents[-1]) if block.parents else None
    return (block.kind, tuple(id(h) for h in block.headings), parent)


def dated_place_item(block: Block, spans: list[DateSpan]) -> bool:
    """True for a short item that gives a date and a place and nothing that closes."""
    if len(words(block.text)) > 20 or v.DEADLINE_STRONG.search(block.text):
        return False
    return any(looks_like_place(s.text.strip()) for s in segments_of(block.text, spans))


def is_range_header(block: Block, spans: list[DateSpan], span: DateSpan) -> bool:
    """ "Events between 2026-08-13 and 2026-09-10": a header over a listing, not an event."""
    before = block.text[: span.start]
    if not re.search(r"\b(?:between|from|for the (?:week|month) of|since)\s*$", before, re.I):
        return False
    rest = block.text
    for other in spans:
        rest = rest.replace(block.text[other.start : other.time_end or other.end], " ")
    return len(words(rest)) <= 10


def column_role(block: Block, segment: Segment) -> str | None:
    """`title`, `location` or `other` when a table's header says what a cell holds."""
    if block.kind != "row" or not block.columns:
        return None
    try:
        position = block.cells.index(segment.text.strip())
    except ValueError:
        return None
    if position >= len(block.columns):
        return None
    header = block.columns[position].lower()
    if re.search(r"where|location|place|city|venue|country", header):
        return "location"
    if re.search(r"event|name|title|what|session|talk|meetup|conference|milestone", header):
        return "title"
    if re.search(r"note|description|detail|comment|remark|info|status|cost|price", header):
        return "other"
    return None


def month_listing(block: Block, spans: list[DateSpan], inner: str) -> bool:
    """A month alone is a date only as its own item in an event listing ("Austin - October").

    It must stand alone in its segment, and the listing must be about events: a place
    beside it, a date column, or a heading that names events or dates.
    """
    if re.sub(r"(?i)\b(?:early|mid|late|end of|beginning of|in)\b", "", inner).strip(" ,.-"):
        return False
    if block.kind not in ("item", "row", "paragraph"):
        return False
    if block.kind == "row" and any(re.search(r"date|when|month", c, re.I) for c in block.columns):
        return True
    if any(looks_like_place(s.text.strip()) for s in segments_of(block.text, spans)):
        return True
    return any(names_event(h.text) or v.LISTING_HEADING.search(h.text) for h in block.headings)


def bare_place(
    segments: list[Segment], date_segment: Segment, title_seg: Segment, spans: list[DateSpan]
) -> str | None:
    """`TITLE | DATE | Potsdam`: a short capitalised segment after title and date."""
    last = max(date_segment.end, title_seg.end)
    for other in segments:
        body = other.text.strip()
        if other.start < last or v.GENERIC_LINK.match(body) or v.RELATION.match(body):
            continue
        if any(other.start <= x.start < other.end for x in spans):
            continue
        if re.fullmatch(r"[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,3}", body) and not (
            v.EVENT_NOUN.search(body) or re.search(r"\.(?:org|com|io|dev|net)\b", body)
        ):
            return body
    return None


def deadline_title(block: Block, title: str, rest: str) -> str:
    """`<series>: <what closes>`: "OpenInfra Summit Europe: Prices increase"."""
    what = re.sub(r"\b(?:is\s+|are\s+)?(?:open|now open|live)\b", " ", rest, flags=re.I)
    what = clean_title(v.FILLER.sub(" ", what)) if what.strip() else ""
    what = re.sub(r"\s+", " ", what).strip()
    if not words(what) or what.lower() == "deadline":
        what = title
        if what and not v.CLOSING_WORD.search(what):
            what = f"{what} deadline"
        elif not what:
            what = "Deadline"
    elif title and len(words(what)) <= 2 and not v.CLOSING_WORD.search(what):
        what = f"{title} {what}"
    elif not v.CLOSING_WORD.search(what):
        what = f"{what} deadline"
    name, _ = series(block)
    if what == "Deadline" and name is None:
        near = next(
            (
                h.text
                for h in reversed(block.headings)
                if not v.GENERIC_HEADING.search(h.text.strip())
            ),
            None,
        )
        if near:
            what = f"{clean_title(near)} deadline"
    what = what[:1].upper() + what[1:]
    if name and name.lower() not in what.lower():
        return f"{name}: {what}"
    return what


def deadline_subject(block: Block, sentence: str) -> str:
    """What closes: the link text that names it, else the sentence's subject."""
    for link in block.links:
        if (
            link.text
            and v.DEADLINE_OBJECT.search(link.text)
            and not v.GENERIC_LINK.match(link.text)
        ):
            return strip_determiners(link.text)
    subject = re.match(
        r"^(?P<s>[A-Z][^,]*?)\s+(?:are|is|will|close|closes|must|need|ends?)\b", sentence
    )
    if subject and len(words(subject["s"])) <= 8:
        return strip_determiners(subject["s"])
    found = v.DEADLINE_OBJECT.search(sentence)
    return found.group(0) if found else ""


# --------------------------------------------------------------------------- the whole post


@dataclass
class PostContext:
    """One post's blocks with their date expressions, and the questions that span blocks."""

    post: Post
    blocks: list[Block]
    spans: list[list[DateSpan]]
    """The date expressions of each block, in block order."""
    hints: YearHints = field(default_factory=dict)
    """Explicit years written in the post, by month and days: "8-9 September 2026" → 2026."""
    place_items: Counter[tuple[object, ...]] = field(default_factory=Counter)
    """How many `date + place` items share each sibling key (a series of stops)."""

    @classmethod
    def of(cls, post: Post, blocks: list[Block]) -> PostContext:
        """The context of `post` walked into `blocks`."""
        spans = [find_dates(block.text) for block in blocks]
        hints: YearHints = {}
        for found in spans:
            for span in found:
                if span.y1 is not None and span.d1 is not None and span.relative is None:
                    hints.setdefault(span.key, span.y1)
                    hints.setdefault((span.m1, span.d1, None, None), span.y1)
        # Items that are only "date + place" under one heading form a series
        # ("Celebrate X's Birthday": "22 May: Stockholm", "8 May: Athens").
        place_items: Counter[tuple[object, ...]] = Counter(
            sibling_key(block)
            for block, found in zip(blocks, spans, strict=True)
            if found and dated_place_item(block, found)
        )
        return cls(post, blocks, spans, hints, place_items)

    def resolve(self, span: DateSpan) -> Resolved | None:
        """`span` placed in the calendar against the post's date and its explicit years."""
        return resolve(span, self.post.date, self.hints)

    def spans_of(self, block: Block) -> list[DateSpan]:
        """The date expressions of `block` (one of this post's blocks)."""
        return next((sp for b, sp in zip(self.blocks, self.spans, strict=True) if b is block), [])

    def restates_parent(self, block: Block, spans: list[DateSpan]) -> bool:
        """A nested item whose only date is its parent's ("Back Bay Rust Lunch, Jan 27")."""
        if not block.parents or len(spans) != 1:
            return False
        mine = self.resolve(spans[0])
        return mine is not None and any(
            (r := self.resolve(p)) is not None and (r.start, r.end) == (mine.start, mine.end)
            for p in self.spans_of(block.parents[-1])
        )

    def first_child(self, index: int, block: Block) -> Block | None:
        """The first item nested right under `block`, if any."""
        if index + 1 < len(self.blocks):
            child = self.blocks[index + 1]
            if child.parents and child.parents[-1] is block:
                return child
        return None

    def children(self, index: int, block: Block) -> list[tuple[int, Block]]:
        """The items nested right under `block`, with their indexes."""
        return [
            (i, b)
            for i, b in enumerate(self.blocks[index + 1 :], index + 1)
            if b.parents and b.parents[-1] is block
        ]

    def is_series_item(self, block: Block) -> bool:
        """True when the block is one of several `date + place` items with the same parent."""
        return self.place_items[sibling_key(block)] >= 2

    def nearby_keys(self, index: int, block: Block) -> dict[str, str]:
        """`Where:`/`What:` values in the same block or the sibling blocks right around it."""
        found: dict[str, str] = {}
        candidates = [block] + [
            other
            for other in self.blocks[max(0, index - 4) : index + 5]
            if other is not block
            and other.headings == block.headings
            and other.parents == block.parents
        ]
        for other in candidates:
            for line in other.text.split("\n"):
                kv = v.KEY_LINE.match(line.strip())
                if not kv:
                    continue
                k = kv["key"].lower()
                if k in ("where", "location", "venue", "place"):
                    found.setdefault("where", clean_value(kv["value"]))
                elif k in ("what", "event", "title", "name"):
                    found.setdefault("what", kv["value"])
        if "what" not in found:
            name, _ = series(block)
            if name:
                found["what"] = name
        return found

    def sibling_place(self, index: int, block: Block) -> str | None:
        """A place named in an item just above under the same heading ("… in Pasadena, CA")."""
        for other in self.blocks[max(0, index - 3) : index]:
            if other.headings != block.headings:
                continue
            match = v.PLACE_IN.search(other.text)
            if match and looks_like_place(match["place"]):
                return clean_value(match["place"])
        return None
