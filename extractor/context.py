"""What a block's surroundings say: the series or heading it sits under, its links, its neighbours.

`PostContext` holds one post's blocks with their date expressions and answers the questions
that look beyond one block (the parent item, the first child, the `Where:` line nearby); the
functions look only at one block and the headings and parents it carries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from extractor import vocabulary as v
from extractor.dates import DateSpan, Resolved, find_dates, find_times, resolve, weekly_times
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
            text = clean_title(parent_name(parent.text))
            if text and len(words(text)) <= 12:
                link = next((x.href for x in parent.links if safe_url(x.href) and x.text), None)
                return text, link
    for heading in reversed(block.headings):
        if names_event(heading.text):
            return clean_title(heading.text), heading.url
    return None, None


def series_of_parent(block: Block) -> str | None:
    """The name an undated parent item gives its dated children, when it is a short name."""
    parent = block.parents[-1] if block.parents else None
    if parent is None or find_dates(parent.text):
        return None
    name = clean_title(parent_name(parent.text))
    if not name or len(words(name)) > 6 or not name[:1].isupper():
        return None
    return name


def parent_name(text: str) -> str:
    """A parent item's name without what describes it: "Commons Days 2025 — one-day regional
    gatherings …" and "Maintainer Office Hours (online, 16:00 UTC)" name a series."""
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text)
    lead = re.match(r"^(?P<name>.+?)(?:\s+[–—-]\s+|:\s+)(?=[a-z])", text)
    return lead["name"] if lead else text


def parent_details(block: Block) -> tuple[re.Match[str] | None, str | None]:
    """A time and a place said once for all child items, by an undated parent
    ("Maintainer Office Hours (online, 16:00 UTC)")."""
    parent = block.parents[-1] if block.parents else None
    if parent is None or find_dates(parent.text):
        return None, None
    times = find_times(parent.text)
    time = times[0][2] if len(times) == 1 else None
    place: str | None = None
    inside = re.search(r"\(([^()]*)\)\s*$", parent.text)
    if inside:
        for piece in inside.group(1).split(","):
            if v.VIRTUAL.match(piece.strip()) or looks_like_place(piece.strip()):
                place = clean_value(piece)
                break
    return time, place


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
    if re.search(
        r"\b(?:runs?|is|are|will\s+\w+|opens?|takes?\s+place|lasts?)\s+(?:from|between)\s*$",
        before,
        re.I,
    ):
        return False  # "The board election runs from March 9 to March 16": an item
    rest = block.text
    for other in spans:
        rest = rest.replace(block.text[other.start : other.time_end or other.end], " ")
    return len(words(rest)) <= 10


def column_role(block: Block, segment: Segment) -> str | None:
    """`title`, `location`, `speaker` or `other` when a table's header says what a cell holds."""
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
    if re.search(r"guest|speaker|presenter|host|who", header):
        return "speaker"
    if re.search(
        r"event|name|title|what|session|talk|meetup|conference|milestone|topic|episode", header
    ):
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


def deadline_title(
    block: Block, title: str, rest: str, source: str = "", owner: str | None = None
) -> str:
    """`<series>: <what closes>`: "OpenInfra Summit Europe: Prices increase".

    `source` is the text that says how it closes ("is open until" → "closes", "available
    until" → "ends", "due"); without one, "deadline". `owner` is the name the post is about,
    for a deadline nothing nearer names.
    """
    source = source or rest
    head = re.match(r"^\s*(?P<head>\S+(?:\s+\S+){0,2}?)\s+(?:for|to|of)\s+(?:the|our|a|an)\b", rest)
    if head and v.DEADLINE_OBJECT.fullmatch(head["head"].split()[-1]):
        rest = head["head"]  # "nominations for the two community seats" → "nominations"
    rest = re.split(r"\s+must\b", rest)[0]  # "Candidates must declare by" → "Candidates"
    what = re.sub(r"\b(?:is\s+|are\s+)?(?:open|now open|live)\b", " ", rest, flags=re.I)
    what = clean_title(v.FILLER.sub(" ", what)) if what.strip() else ""
    what = re.sub(r"\s+", " ", what).strip()
    if not words(what) or what.lower() == "deadline":
        what = title
        if what and not v.CLOSING_WORD.search(what):
            what = f"{what} {closing_word(what, source)}"
        elif not what:
            what = "Deadline"
    elif title and len(words(what)) <= 2 and not v.CLOSING_WORD.search(what):
        if title[:1].isupper() and v.DEADLINE_OBJECT.fullmatch(what):
            # "**Board elections:** nominations … open until 19 September"
            return f"{title}: {what} {closing_word(what, source)}"
        what = f"{title} {what}"
    elif not v.CLOSING_WORD.search(what):
        what = f"{what} {closing_word(what, source)}"
    elif title[:1].isupper() and len(words(what)) == 1 and title.lower() not in what.lower():
        return f"{title} {what.lower()}"  # "Student grants: applications | close 1 April"
    elif title[:1].isupper() and len(words(what)) <= 4 and title.lower() not in what.lower():
        # "RustConf 2026 | CFP closes 2026-02-16": the name on the line, not the heading's
        return f"{title}: {what}"
    name = series(block)[0] or lead_name(block) or owner
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


def closing_word(what: str, source: str) -> str:
    """How a deadline's title says it closes, as the post does: "closes" for a call "open
    until" or "closing", "ends" for an offer "until", "due", else "deadline"."""
    noun = re.split(r"\s+(?:for|of|to)\s+", what)[0].split()
    plural = bool(noun) and bool(re.search(r"[^s]s$", noun[-1]))
    if re.search(r"\bclos(?:e|es|ing)\b|\bopen\s+(?:until|till|through)\b", source, re.I):
        return "close" if plural else "closes"
    if re.search(r"\b(?:ends?|ending|until|till)\b", source, re.I):
        return "end" if plural else "ends"
    if re.search(r"\bdue\b", source, re.I):
        return "due"
    return "deadline"


def post_name(title: str, body: str) -> str | None:
    """The name a post's title is about (see `PostContext.name`)."""
    run = rf"{v.WORD}(?:\s+(?:(?:in|of|on|for|de|la|the)\s+)?(?:{v.WORD}|v?\d+(?:\.\d+)*\b))*"
    for number, found in enumerate(re.finditer(run, title)):
        if re.search(r"\b(?:in|at|near)\s+(?:the\s+)?$", title[: found.start()]):
            continue  # "… a new chapter in Lisbon": a place
        parts = found.group().strip(" .'’-").split()
        while parts and parts[0].rstrip(".").lower() in _NOT_NAMES:
            parts = parts[1:]
        name = re.sub(r"['’]s$", "", " ".join(parts))
        if not re.search(r"[^\W\d_]{2}", name) or v.NEWSLETTER.search(name):
            continue
        if re.search(
            rf"\b{re.escape(name)}\W*,?\s+(?:the|our|a)\s+(?:\w+\s+){{0,2}}{v.NEWSLETTER.pattern}",
            body,
            re.I,
        ):
            continue  # "The Garden Gazette, the monthly newsletter of …"
        plain = re.search(r"[a-z][A-Z]|\bv?\d+\.\d+|\b\d{4}\b", name)
        seen = len(re.findall(rf"\b{re.escape(name)}\b", body))
        if (plain and seen) or seen >= (1 if number == 0 else 2) or re.search(r"[a-z][A-Z]", name):
            return name
    return None


_NOT_NAMES = frozenset(
    "upcoming looking how what where why when our the a an this next notes news welcome "
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday spring summer autumn fall "
    "winter".split()
)


def lead_name(block: Block) -> str | None:
    """The bold name a block opens with ("**Board elections:** nominations …"), when the
    block is more than that name."""
    lead = block.lead
    if not lead or block.strong or find_dates(lead) or v.KEY_LABEL.match(lead.strip()):
        return None
    name = clean_title(lead)
    if not name or len(words(name)) > 8 or not name[:1].isupper():
        return None
    return name


def deadline_subject(block: Block, sentence: str) -> str:
    """What closes: the link text in the sentence that names it, else the sentence's subject,
    else a link of the block that names it, else the object of an instruction ("send us your
    questions … by")."""
    flat = block.text.replace("\n", " ")
    start = flat.find(sentence)
    naming = [
        link
        for link in block.links
        if link.text and v.DEADLINE_OBJECT.search(link.text) and not v.GENERIC_LINK.match(link.text)
    ]
    inside = [x for x in naming if start < 0 or start <= x.start < start + len(sentence)]
    for link in inside:
        text = re.split(r"\s+(?:is|are|will|closes?|ends?)\b", link.text)[0]
        return strip_determiners(text)
    subject = re.match(
        r"^(?:(?:and|but|so|while)\s+)?(?P<s>[A-Za-z][^,]*?)\s+"
        r"(?:are|is|will|close|closes|must|need|ends?)\b",
        sentence,
        re.I,
    )
    if (
        subject
        and len(words(subject["s"])) <= 8
        and not v.PRONOUN.match(subject["s"])
        and not re.match(r"(?i)(?:the\s+)?deadline\b", subject["s"])
    ):
        return strip_determiners(subject["s"])
    if naming:
        return strip_determiners(naming[0].text)
    wanted = v.IMPERATIVE_OBJECT.search(sentence)
    if wanted:
        thing = re.split(r"\s+(?:about|and|or|using|via|with|to|on)\b|,", wanted["thing"])[0]
        if 0 < len(words(thing)) <= 6:
            return thing
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
    _name: str | None = None

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
            name = series(block)[0] or self.heading_above(index, block)
            if name is None and not block.headings and not block.parents:
                # "Date: … / Time: … / Location: …" opening a post about one event
                name = clean_title(self.post.title) or None
            if name:
                found["what"] = name
        return found

    def heading_above(self, index: int, block: Block) -> str | None:
        """The heading right above `block` when the block opens its section and the heading is
        a name, not a generic one ("### Soldering 101" / "Sat., Jan. 10th, 1 pm.")."""
        above = block.heading
        if above is None or above.pseudo or block.parents or index == 0:
            return None
        previous = self.blocks[index - 1]
        if previous.kind != "heading" or previous.line != above.line:
            return None
        if v.GENERIC_HEADING.search(above.text.strip()):
            return None
        return clean_title(above.text) or None

    def link_line(self, index: int, block: Block) -> str | None:
        """The link of a line that is only a link ("[Register here](…)", "👉 [Apply here](…)")
        standing under `block` in the same section, before anything else dated."""
        for i in range(index + 1, min(index + 4, len(self.blocks))):
            other = self.blocks[i]
            if other.kind == "heading" or other.headings != block.headings or self.spans[i]:
                return None
            if other.kind != "paragraph" or other.parents != block.parents or not other.links:
                continue  # a list of links is a list of other things
            rest = other.text
            for link in other.links:
                rest = rest.replace(link.text, " ")
            if not re.search(r"[^\W_]", rest) and safe_url(other.links[0].href):
                return other.links[0].href
        return None

    def project(self) -> str | None:
        """The project whose versions the post names ("Marmot 0.19.0" → "Marmot"): the name
        written before a version number, preferring one the title or a heading holds."""
        names: Counter[str] = Counter()
        for block in self.blocks:
            names.update(re.findall(r"\b([A-Z][\w-]+)\s+v?\d+\.\d+", block.text))
        if not names:
            return None
        shown = " ".join([self.post.title, *(b.text for b in self.blocks if b.kind == "heading")])
        named = [n for n, _ in names.most_common() if re.search(rf"\b{re.escape(n)}\b", shown)]
        return named[0] if named else names.most_common(1)[0][0]

    @property
    def name(self) -> str | None:
        """The project, group or event the post is about, from its title ("PyLeeds digest:
        March 2026" → "PyLeeds", "15 years of Quill" → "Quill"): the first run of capitalised
        words that the body names too or that is plainly a name (a CamelCase word, a version),
        never a newsletter's own name ("This Week in Rust", "The Commons Dispatch")."""
        if self._name is None:
            self._name = post_name(self.post.title, " ".join(b.text for b in self.blocks)) or ""
        return self._name or None

    def weekly_time(self, index: int, day: dt.date) -> re.Match[str] | None:
        """The time of a recurring slot on `day`'s weekday said in the same section, close
        to block `index` ("… returns on Thursday, February 5!" / "we're live Thursdays at
        17:00 UTC")."""
        block = self.blocks[index]
        for other in self.blocks[max(0, index - 3) : index + 4]:
            if other.headings != block.headings:
                continue
            for weekday, time in weekly_times(other.text):
                if weekday == day.weekday():
                    return time
        return None

    def previous_where(self, index: int) -> str | None:
        """The last `Where:` value written before block `index` ("at the same venue")."""
        for block in reversed(self.blocks[:index]):
            for line in reversed(block.text.split("\n")):
                kv = v.KEY_LINE.match(line.strip())
                if kv and kv["key"].lower() in ("where", "location", "venue", "place"):
                    return clean_value(kv["value"])
        return None

    def sibling_place(self, index: int, block: Block) -> str | None:
        """A place named in an item just above under the same heading ("… in Pasadena, CA")."""
        for other in self.blocks[max(0, index - 3) : index]:
            if other.headings != block.headings:
                continue
            match = v.PLACE_IN.search(other.text)
            if match and looks_like_place(match["place"]):
                return clean_value(match["place"])
        return None
