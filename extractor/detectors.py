"""The detectors: one small function per form people write an event or a deadline in.

Every detector has one signature: it takes a `Site` (one date expression in one block, with the
block's segments and the post around it) and returns the `Draft`s it reads there, or an empty
list when its form does not match. `detectors_for` lists them in the order they are tried; the
first that returns something wins, and its name is recorded on the event (`Event.rule`).

A block's text is cut into segments at the separators people use in listings (`|`, ` – `,
` - `, `: `, line breaks). A date whose segment is short is a *listing* (`17-19 October |
Paris-Saclay, France`); its title, place and link come from the other segments, the parent
item or the heading above. A date inside a longer sentence is *prose*; it counts only when the
sentence announces something (`will take place on March 6 & 7`, `The deadline is 13 June`),
never for narrative past (`Yesterday … released`).

A new form is one function here, one row in its table, and one case in `tests/cases/`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from extractor import vocabulary as v
from extractor.context import (
    PostContext,
    any_link,
    bare_place,
    column_role,
    deadline_subject,
    deadline_title,
    link_at,
    month_listing,
    nearest_heading,
    series,
)
from extractor.dates import DateSpan, Resolved, find_dates, find_times, with_time
from extractor.model import EventKind, Precision
from extractor.text import (
    Segment,
    clean_title,
    clean_value,
    in_parentheses,
    kind_of,
    looks_like_place,
    names_event,
    needs_context,
    prose_place,
    remainder,
    same_event,
    sentence_at,
    strip_determiners,
    strip_leading_date,
    without_dates,
    words,
)
from extractor.walker import Block


@dataclass
class Draft:
    """What a detector reads at a date: the item before its date is placed in the calendar."""

    kind: EventKind
    title: str
    location: str | None
    url: str | None
    text: str
    """The source line or sentence."""
    line: Block | None = None
    """The block whose line is the item's source, when not the date's own block (a child)."""
    resolved: Resolved | None = None
    """The item's own placement, when it differs from the date's (a child with its own time)."""


@dataclass
class Site:
    """One date expression in one block: what every detector looks at."""

    post: PostContext
    index: int
    """The block's position in `post.blocks`."""
    block: Block
    spans: list[DateSpan]
    """Every date expression of the block."""
    span: DateSpan
    """The date expression the detectors read."""
    segment: Segment
    """The segment of the block's text holding `span`."""
    segments: list[Segment]

    @cached_property
    def flat(self) -> str:
        """The block's text with line breaks as spaces (prose reads across them)."""
        return self.block.text.replace("\n", " ")

    @cached_property
    def sentence(self) -> tuple[int, str]:
        """The sentence holding the date, with its offset in the block's text."""
        return sentence_at(self.flat, self.span.start)

    @cached_property
    def announces(self) -> bool:
        """True when the date's sentence reads "X will take place on DATE" (prose first)."""
        offset, sentence = self.sentence
        return bool(v.HAPPENING.match(strip_leading_date(sentence, self.spans, offset)))

    @cached_property
    def listing(self) -> Listing | None:
        """The date's line read as a listing, or None when it is not one."""
        return _read_listing(self)

    @cached_property
    def prose(self) -> Prose | None:
        """The date's sentence read as prose, or None when it announces nothing."""
        return _read_prose(self)


Detector = Callable[[Site], list[Draft]]

# --------------------------------------------------------------------------- block forms


def dated_parent(site: Site) -> list[Draft]:
    """`* Tuesday, April 7` alone, with two or more undated child items: one item per child."""
    block, spans, segments = site.block, site.spans, site.segments
    if len(spans) != 1 or len(segments) != 1 or block.kind != "item":
        return []
    if words(remainder(segments[0], spans, block.text)):
        return []
    children = site.post.children(site.index, block)
    if len(children) < 2 or any(site.post.spans[i] for i, _ in children):
        return []
    out: list[Draft] = []
    for _, child in children:
        text = child.text
        place = re.search(r"\(\s*([^()]{2,40})\s*\)\s*$|,\s*([^,]{2,40}(?:,[^,]{2,20})?)$", text)
        location = None
        name = text
        if place:
            candidate = (place.group(1) or place.group(2) or "").strip()
            if looks_like_place(candidate):
                location = clean_value(candidate)
                name = text[: place.start()]
        name = re.split(r"\s+at\s+\d", name)[0]
        title = clean_title(re.split(r"(?<=\w)[.!]\s+(?=[A-Z])", name)[0])
        if not title:
            continue
        own: Resolved | None = None
        times = find_times(text)
        if len(times) == 1 and site.span.hour is None:
            own = site.post.resolve(with_time(site.span, times[0][2]))
        draft = Draft(kind_of(text, ""), title, location, any_link(child), text, child, own)
        out.append(draft)
    return out


# --------------------------------------------------------------------------- listings


@dataclass
class Listing:
    """A date's line read as a listing: its segments sorted into title, place and the rest."""

    inner: str
    """The date's segment without the date, its time and anything in parentheses."""
    title: Segment | None
    """The segment that names the item, if one does."""
    location: str | None
    kind: EventKind
    what: str | None = None
    """For a `When:` line without a title: the `What:` line (or series) nearby."""
    key: str | None = None
    """The key of a key-value date line (`When`, `Deadline` …)."""


def _read_listing(site: Site) -> Listing | None:
    """Sort the date's segments into title, place and the rest; None when it is no listing."""
    block, spans, span, segment, segments = (
        site.block,
        site.spans,
        site.span,
        site.segment,
        site.segments,
    )
    text = block.text
    rest = remainder(segment, spans, text)
    key = v.KEY_LINE.match(segment.text.strip())
    inner = re.sub(r"\([^)]*\)", "", rest).strip()
    if in_parentheses(text, span) is not None:
        return None  # the `parenthesised` form
    limit = 5 if len(segments) == 1 else 10
    if len(words(inner)) > limit and not key:
        return None
    if span.relative and not v.DEADLINE_STRONG.search(segment.text):
        return None
    if v.PAST.search(segment.text) and not v.FUTURE.search(segment.text):
        return None  # "We moved back on March 18."
    if (
        span.precision is Precision.MONTH
        and not span.relative
        and not month_listing(block, spans, inner)
    ):
        return None
    if block.kind == "heading" and len(words(block.text)) > 14:
        return None
    trailing = v.TRAILING_PLACE.match(text[span.time_end or span.end : segment.end])
    if trailing and not find_dates(trailing["place"]):
        inner = remainder(
            Segment(segment.start, segment.end - len(trailing.group(0)), ""), spans, text
        )
    position = segments.index(segment) if segment in segments else -1
    if key is None and position > 0:
        key = v.KEY_LINE.match(segments[position - 1].text.strip() + ": ")
    location: str | None = None
    title_seg: Segment | None = None
    after_place = False
    label: str | None = None
    for other in (s for s in segments if s is not segment):
        body = other.text.strip()
        if v.KEY_LABEL.match(body):
            label = body.rstrip(":").lower()
            continue
        if label is not None:
            role, label = label, None
            if role in ("where", "location", "venue", "place"):
                location = location or clean_value(body)
                continue
            if role in ("what", "event", "title", "name"):
                title_seg = title_seg or other
            continue
        if any(other.start <= x.start < other.end for x in spans):
            continue
        kv = v.KEY_LINE.match(body)
        if kv:
            k = kv["key"].lower()
            if k in ("where", "location", "venue", "place") and location is None:
                location = clean_value(kv["value"])
            elif k in ("what", "event", "title", "name") and title_seg is None:
                title_seg = Segment(other.start + kv.start("value"), other.end, kv["value"])
            continue
        if v.RELATION.match(body) or v.GENERIC_LINK.match(body):
            continue
        column = column_role(block, other)
        named = v.NAME_THEN_PLACE.match(body)
        if column is None and named and title_seg is None:
            title_seg = Segment(other.start, other.start + len(named["name"]), named["name"])
            location = location or clean_value(named["place"])
            continue
        if column == "location" or (column is None and looks_like_place(body)):
            if location is None:
                location = clean_value(body)
                after_place = True
            continue
        if column == "title" or (title_seg is None and column is None):
            if after_place and v.VENUE.search(body):
                continue
            if any(b - a >= len(body) - 4 for a, b, _ in find_times(body)):
                continue  # "10:00–17:00 CET"
            if column is None and re.match(r"^[a-z]", body):
                continue  # "find us at the stand": a remark, not a name
            if title_seg is None:
                title_seg = other
    if location is None and trailing and not find_dates(trailing["place"]):
        location = clean_value(trailing["place"])
    if location is None and title_seg is not None:
        location = bare_place(segments, segment, title_seg, spans)
    what: str | None = None
    keyword = key["key"] if key else None
    if keyword and keyword.lower() in ("when", "date", "dates", "time", "deadline"):
        near = site.post.nearby_keys(site.index, block)
        location = location or near.get("where")
        if title_seg is None:
            what = near.get("what")
    kind_text = " ".join(x for x in (segment.text, title_seg.text if title_seg else "") if x)
    kind = kind_of(kind_text, text[segment.start : span.start])
    above = block.heading
    if (
        title_seg is not None
        and location is None
        and above is not None
        and block.kind == "paragraph"
        and not above.pseudo
        and names_event(above.text)
        and title_seg.start > segment.start
        and re.fullmatch(r"[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,3}", title_seg.text.strip())
        and not v.EVENT_NOUN.search(title_seg.text)
    ):
        # "### Docs sprint in Prague" / "Saturday, 21 March · 10:00 CET · Impact Hub Praha"
        location, title_seg = clean_value(title_seg.text), None
    return Listing(inner, title_seg, location, kind, what, keyword)


def parenthesised(site: Site) -> list[Draft]:
    """`Co-located with Texas Linux Fest (3-4 October)`: a name with its own date in parentheses."""
    block, span = site.block, site.span
    text = block.text
    name = in_parentheses(text, span)
    if name is None:
        return []
    _, sentence = sentence_at(site.flat, span.start)
    if v.PAST.search(sentence) and not v.FUTURE.search(sentence):
        return []
    position = text.rfind(name, 0, span.start)
    url = link_at(block, position, position + len(name)) if position >= 0 else None
    inside = re.match(r"\s*,\s*([^()]{1,40})\)", text[span.time_end or span.end :])
    location = next(
        (clean_value(s.text) for s in site.segments if looks_like_place(s.text.strip())), None
    )
    if inside and looks_like_place(inside.group(1)):
        location = clean_value(inside.group(1))
    return [Draft(kind_of(name, ""), clean_title(name), location, url, text)]


def key_value(site: Site) -> list[Draft]:
    """`When: 14 March` / `Date:` / `Deadline:` with a `What:` line or the series nearby."""
    found = site.listing
    if found is None or found.what is None or found.key is None:
        return []
    key = found.key.lower()
    kind = EventKind.DEADLINE if key == "deadline" else kind_of(found.what, "")
    title = clean_title(found.what)
    return [Draft(kind, title, found.location, any_link(site.block), site.block.text)]


def titled_listing(site: Site) -> list[Draft]:
    """`DATE | TITLE | PLACE`, `TITLE – DATE`, `DATE: TITLE`, a table row: a segment names it."""
    found = site.listing
    if found is None or found.title is None:
        return []
    block, segment, title_seg = site.block, site.segment, found.title
    location, kind = found.location, found.kind
    title = clean_title(re.split(r"(?<=\w)[.!]\s+(?=[A-Z])", title_seg.text)[0])
    named_place = re.match(r"^(?P<name>[^,]+?),\s*(?P<place>.+)$", title)
    if named_place and looks_like_place(named_place["place"]):
        title = named_place["name"]
        location = location or clean_value(named_place["place"])
    url = link_at(block, title_seg.start, title_seg.end) or link_at(
        block, segment.start, segment.end
    )
    if url is None:
        url = any_link(block)
    if kind is EventKind.DEADLINE:
        title = deadline_title(block, title, found.inner)
    elif needs_context(title) or (v.OPENS.search(title) and len(words(title)) <= 4):
        # "March 2026: CFP Opens", "Voting", "Monthly meetup": a step of the event
        # above or a generic name; the series or heading gives it its name.
        context = series(block)[0] or nearest_heading(block)
        if context and context.lower() not in title.lower():
            title = f"{context}: {title}"
    elif looks_like_place(title):
        name, _ = series(block)
        if name:
            location = location or title
            title = f"{name}: {title}"
    title = _with_child_topic(site, title, kind)
    return [Draft(kind, title, location, url, block.text)]


def _with_child_topic(site: Site, title: str, kind: EventKind) -> str:
    """`BerlinJS January` with a child item `"What's new in Node.js 26"`: the talk is the topic."""
    child = site.post.first_child(site.index, site.block)
    if child is None or kind is not EventKind.EVENT:
        return title
    child_spans = site.post.spans[site.index + 1]
    if child_spans and not site.post.restates_parent(child, child_spans):
        return title
    topic = clean_title(without_dates(child.text, child_spans))
    if topic and topic.lower() not in title.lower() and len(words(topic)) <= 12:
        return f"{title}: {topic}"
    return title


def title_in_child(site: Site) -> list[Draft]:
    """`* 4 February` with an undated child item `* Rust Paris` that names it."""
    found = site.listing
    if found is None or found.title is not None:
        return []
    child = site.post.first_child(site.index, site.block)
    if child is None or site.post.spans[site.index + 1]:
        return []
    url = any_link(child) or any_link(site.block)
    draft = Draft(found.kind, clean_title(child.text), found.location, url, site.block.text)
    return [draft]


def untitled_deadline(site: Site) -> list[Draft]:
    """`Deadline: 20 February`, `Prices double on 9 September`: named by the series or heading."""
    found = site.listing
    if found is None or found.title is not None or found.kind is not EventKind.DEADLINE:
        return []
    what = found.inner if words(found.inner) else "deadline"
    title = deadline_title(site.block, "", what)
    block = site.block
    return [Draft(found.kind, title, found.location, any_link(block), block.text)]


def place_under_heading(site: Site) -> list[Draft]:
    """`Montreal, CA - September` under a heading that names no event: `<heading>: <place>`."""
    found = site.listing
    if found is None or found.title is not None or series(site.block)[0] is not None:
        return []
    heading = nearest_heading(site.block)
    if not (found.location and found.inner == "" and heading):
        return []
    title = f"{heading}: {found.location}"
    block = site.block
    return [Draft(found.kind, title, found.location, any_link(block), block.text)]


def bare_label(site: Site) -> list[Draft]:
    """`12 May – spring social`: the words beside the date are the only name there is."""
    found = site.listing
    if found is None or found.title is not None or series(site.block)[0] is not None:
        return []
    if found.location and found.inner == "":
        return []  # a place alone, with no heading to name it
    label = clean_title(found.inner)
    if not words(label):
        return []
    block = site.block
    return [Draft(found.kind, label, found.location, any_link(block), block.text)]


def place_in_series(site: Site) -> list[Draft]:
    """`22 May: Stockholm` among several `date + place` items of a series: `<series>: <place>`."""
    found = site.listing
    if found is None or found.title is not None or not found.location:
        return []
    name, _ = series(site.block)
    if name is None or not site.post.is_series_item(site.block):
        return []
    title = f"{name}: {found.location}"
    block = site.block
    return [Draft(found.kind, title, found.location, any_link(block), block.text)]


def series_step(site: Site) -> list[Draft]:
    """`* 3 March – kickoff` under a series: `<series>: <the words beside the date>`."""
    found = site.listing
    if found is None or found.title is not None:
        return []
    name, name_url = series(site.block)
    inner = found.inner
    if name is None or not inner or found.location or len(words(inner)) > 6:
        return []
    if v.GENERIC_LINK.match(inner):
        return []
    block = site.block
    url = any_link(block) or name_url
    title = f"{name}: {clean_title(inner)}"
    return [Draft(found.kind, title, found.location, url, block.text)]


def series_date(site: Site) -> list[Draft]:
    """A date line under a heading or parent item naming the event (`# Summit` / `17-19 Oct`)."""
    found = site.listing
    if found is None or found.title is not None:
        return []
    name, name_url = series(site.block)
    if name is None:
        return []
    block = site.block
    url = any_link(block) or name_url
    return [Draft(found.kind, name, found.location, url, block.text)]


# --------------------------------------------------------------------------- prose


@dataclass
class Prose:
    """A date's sentence read as prose: it announces something, and what kind of thing."""

    sentence: str
    offset: int
    """The sentence's offset in the block's text."""
    before: str
    """The sentence's text before the date."""
    kind: EventKind
    future: bool
    location: str | None
    happening: re.Match[str] | None
    """`X will take place …`: the subject of an announcing sentence."""


def _read_prose(site: Site) -> Prose | None:
    """The date's sentence, or None when it does not announce something coming."""
    span = site.span
    offset, sentence = site.sentence
    before = sentence[: span.start - offset]
    if span.precision is Precision.MONTH and not span.relative:
        return None
    kind = kind_of(sentence, before)
    future = bool(v.FUTURE.search(sentence))
    if span.relative:
        if span.relative.startswith(("yesterday", "last")):
            return None
        if kind is not EventKind.DEADLINE and not re.search(r"\bwill\b", sentence, re.I):
            return None
    if v.PAST.search(sentence) and not future:
        return None
    if re.search(r"\b(?:until|till|through)\s*$", before, re.I) and kind is not EventKind.DEADLINE:
        return None  # "SCaLE will continue until March 9": the end of something else
    location = prose_place(sentence, happening=site.announces)
    location = location or site.post.sibling_place(site.index, site.block)
    happening = v.HAPPENING.match(strip_leading_date(sentence, site.spans, offset))
    return Prose(sentence, offset, before, kind, future, location, happening)


def prose_deadline(site: Site) -> list[Draft]:
    """ "The call for proposals closes on 13 March", "fill out the survey by Friday"."""
    found = site.prose
    if found is None or found.kind is not EventKind.DEADLINE:
        return []
    subject = deadline_subject(site.block, found.sentence)
    title = deadline_title(site.block, subject, "")
    return [Draft(found.kind, title, found.location, any_link(site.block), found.sentence)]


def prose_happening(site: Site) -> list[Draft]:
    """ "The next PyCon Lithuania will take place on 22-24 April": the subject names it."""
    found = site.prose
    if found is None or found.kind is EventKind.DEADLINE or found.happening is None:
        return []
    block, location, happening = site.block, found.location, found.happening
    subject = v.ANNOUNCE.sub("", happening["subject"])
    title = clean_title(strip_determiners(subject))
    if v.PRONOUN.match(title):
        at = re.search(
            r"\bbe\s+(?:also\s+)?at\s+(?P<name>[A-Z0-9][\w.+-]*(?:\s+(?:[A-Z0-9][\w.+-]*|\+|&))*)",
            found.sentence,
        )
        title = at["name"] if at else ""
    if re.search(r"\b(?:virtual|online)\b", title, re.I) and location is None:
        location = "Online" if re.search(r"\bonline\b", title, re.I) else "Virtual"
    name, name_url = series(block)
    if name and (not title or title.lower() in ("it", "this", "the event", "we")):
        title = name
    position = site.flat.find(happening["subject"])
    url = link_at(block, position, position + len(happening["subject"])) if position >= 0 else None
    if url is None and name and same_event(name, title):
        url = name_url
    if not title:
        return []
    return [Draft(found.kind, title, location, url, found.sentence)]


def prose_object(site: Site) -> list[Draft]:
    """ "We are hosting a docs sprint on 3 May", "join us for the social on Friday"."""
    found = site.prose
    if found is None or found.kind is EventKind.DEADLINE or found.happening is not None:
        return []
    obj = v.OBJECT_BEFORE.search(found.before)
    if obj is None:
        return []
    title = clean_title(strip_determiners(obj["np"]))
    position = site.flat.find(obj["np"], found.offset)
    url = link_at(site.block, position, position + len(obj["np"])) if position >= 0 else None
    url = url or any_link(site.block)
    if not title:
        return []
    return [Draft(found.kind, title, found.location, url, found.sentence)]


def prose_in_series(site: Site) -> list[Draft]:
    """A forward-looking sentence under a heading or item that names the event."""
    found = site.prose
    if found is None or found.kind is EventKind.DEADLINE or found.happening is not None:
        return []
    if not found.future:
        return []
    if v.OBJECT_BEFORE.search(found.before):
        return []
    name, name_url = series(site.block)
    if not name:
        return []
    return [Draft(found.kind, name, found.location, name_url, found.sentence)]


# --------------------------------------------------------------------------- the tables

#: Forms read from the block and its child items before anything else.
BLOCK_DETECTORS: tuple[Detector, ...] = (dated_parent,)

#: Forms of a short, separated line: a listing entry, a table row, a key-value line.
LISTING_DETECTORS: tuple[Detector, ...] = (
    parenthesised,
    key_value,
    titled_listing,
    title_in_child,
    untitled_deadline,
    place_under_heading,
    bare_label,
    place_in_series,
    series_step,
    series_date,
)

#: Forms of a sentence that announces something.
PROSE_DETECTORS: tuple[Detector, ...] = (
    prose_deadline,
    prose_happening,
    prose_object,
    prose_in_series,
)

#: Every detector, each in one table.
DETECTORS: tuple[Detector, ...] = (*BLOCK_DETECTORS, *LISTING_DETECTORS, *PROSE_DETECTORS)


def detectors_for(site: Site) -> tuple[Detector, ...]:
    """The order to try: a sentence that announces ("X will take place on …") is read as prose
    before it is read as a listing; anything else as a listing first."""
    if site.announces:
        return (*BLOCK_DETECTORS, *PROSE_DETECTORS, *LISTING_DETECTORS)
    return DETECTORS


def rule_name(detector: Detector) -> str:
    """The name an event records for the detector that read it (`titled-listing`)."""
    return detector.__name__.replace("_", "-")


def rule_doc(detector: Detector) -> str:
    """The form a detector reads, in one line (the first line of its docstring)."""
    return (detector.__doc__ or "").strip().split("\n")[0]
