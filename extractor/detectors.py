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
never for narrative past (`Yesterday … released`). The prose detectors live in
`extractor.prose`, the `Site` and `Draft` they share in `extractor.sites`.

A new form is one function (here for a listing, in `extractor.prose` for a sentence), one row
in its table below, and one case in `tests/cases/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from extractor import vocabulary as v
from extractor.context import (
    any_link,
    bare_place,
    column_role,
    deadline_subject,
    deadline_title,
    is_month_name,
    lead_name,
    link_at,
    month_listing,
    named_heading,
    nearest_heading,
    only_when,
    series,
    series_of_parent,
)
from extractor.dates import (
    CITY_ZONES,
    WEEKDAYS,
    DateSpan,
    Resolved,
    find_dates,
    find_times,
    with_time,
)
from extractor.model import EventKind, Precision
from extractor.prose import (
    VERSION,
    appointment,
    bare_subject,
    date_is,
    days_of,
    moved_to,
    prose_at_name,
    prose_deadline,
    prose_event_noun,
    prose_followed_by,
    prose_german,
    prose_happening,
    prose_in_series,
    prose_next_named,
    prose_object,
    prose_opens,
    prose_release,
    prose_talk,
    support_end,
    support_table,
    taking_place,
)
from extractor.sites import Detector, Draft, Site, column_header, generic, with_context
from extractor.text import (
    Segment,
    clean_title,
    clean_value,
    clip_to_sentence,
    in_parentheses,
    kind_of,
    looks_like_name,
    looks_like_place,
    names_event,
    needs_context,
    parenthesised_place,
    prose_place,
    remainder,
    safe_url,
    same_event,
    sentence_at,
    singular,
    strip_determiners,
    strip_leading_date,
    undated_name,
    without_dates,
    words,
)
from extractor.walker import Block, iter_sentences

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
        title, location = _place_then_name(child) or name_and_place(text)
        if not title:
            continue
        own: Resolved | None = None
        times = find_times(text)
        if len(times) == 1 and site.span.hour is None:
            own = site.post.resolve(with_time(site.span, times[0][2]))
        draft = Draft(kind_of(text, ""), title, location, any_link(child), text, child, own)
        out.append(draft)
    return out


def _place_then_name(item: Block) -> tuple[str, str | None] | None:
    """ "**San Francisco, CA, USA** [JS Study Group](…)": a bold place, then the name."""
    lead, text = item.lead, item.text
    if not lead or not text.startswith(lead) or not looks_like_place(lead):
        return None
    rest = text[len(lead) :].strip(" -–—:|·")
    return (clean_title(rest), clean_value(lead)) if words(rest) else None


def name_and_place(text: str) -> tuple[str, str | None]:
    """An item that names an event: "Open Source Summit North America, Denver, CO. Visit us at
    booth #12!" → ("Open Source Summit North America", "Denver, CO"); "Eclipse SDV Community Day
    (virtual)" → (…, "virtual"); "Jakarta EE live Q&A at 16:00 CEST" → ("Jakarta EE live Q&A",
    None)."""
    text = re.sub(r"(?i)^(?:on|as of|from)\s+this\s+(?:date|day),?\s+(?:we\s+will\s+)?", "", text)
    name = re.split(r"(?<=\w)[.!]\s+(?=[A-Z])", text)[0]
    location = None
    place = re.search(
        r"\(\s*([^()]{2,40})\s*\)\s*[.!]?$|,\s*([^,]{2,40}(?:,[^,]{2,20})?)[.!]?$", name
    )
    if place:
        candidate = (place.group(1) or place.group(2) or "").strip()
        if looks_like_place(candidate):
            location = clean_value(candidate)
            name = name[: place.start()]
    name = re.split(r"\s+at\s+\d", name)[0]
    return clean_title(name), location


def closing_window(site: Site) -> list[Draft]:
    """ "The last call runs from 2 to 20 February, 23:59 UTC", "Voting: 3–9 June, 23:59 AoE": a
    window that closes a minute before midnight is a cut-off on its last day, at that time."""
    span = site.span
    if (span.hour, span.minute) != (23, 59) or (span.d2 is None and span.m2 is None):
        return []
    resolved = site.post.resolve(span)
    if (
        resolved is None
        or resolved.precision is not Precision.DAY
        or resolved.start == resolved.end
    ):
        return []
    offset, sentence = site.sentence
    if v.PAST.search(sentence) and not v.FUTURE.search(sentence):
        return []  # "The survey ran from 3 to 20 February, 23:59 UTC": news
    happening = v.HAPPENING.match(strip_leading_date(sentence, site.spans, offset))
    listed = site.listing.title if site.listing else None
    if happening:
        name = clean_title(strip_determiners(bare_subject(happening["subject"])))
    elif listed is not None:
        name = clean_title(listed.text)
    else:
        name = deadline_subject(site.block, sentence, offset, sentence[: span.start - offset])
    context = site.post.context_name(site.block, besides=name)[0]
    title = deadline_title(site.block, name, "", context, "ends")
    closing = replace(resolved, start=resolved.end)
    url = site.own_link or site.post.context_name(site.block)[1]
    return [Draft(EventKind.DEADLINE, title, None, url, sentence, resolved=closing)]


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
    speaker: str | None = None
    """A table's speaker or guest cell ("Docs as a product" with "Abena Owusu")."""
    url: str | None = None
    """For a `When:` line: the link of a `Register:`/`Website:` line nearby, or of the name."""


@dataclass
class _Frame:
    """Where a listing's date sits: its own segment of the line, and what surrounds the date."""

    whole: Segment
    """The date's segment as the line was cut."""
    segment: Segment
    """The date's own part of it (to its sentence's end, before a remark, its half of two)."""
    inner: str
    key: re.Match[str] | None
    header: str | None
    trailing: re.Match[str] | None
    """A place after the date ("17 May, Lyon")."""
    aside: re.Match[str] | None
    """A parenthesis closing the segment ("(online)")."""
    position: int
    """The index of `whole` among the line's segments, or -1."""


def _without_asides(text: str) -> str:
    """`text` without its parenthesised asides, nested ones too: "GOGBOT (ben je een
    hackerspace (member) en wil je meedoen …)" → "GOGBOT"."""
    while True:
        shorter = re.sub(r"\([^()]*\)", "", text)
        if shorter == text:
            return re.sub(r"\([^()]*$", "", text)  # an aside left open at the end
        text = shorter


def _empty_slot(site: Site) -> bool:
    """A table row that gives only its date where the rows around it name a talk or an event
    (`| September 4 | |` among `| September 9 | Louis Rowen: Supertropical algebra |`): a date
    nothing is planned for yet."""
    block = site.block
    if block.kind != "row" or re.search(r"[^\W\d_]{2}", without_dates(block.text, site.spans)):
        return False
    rows = site.post.blocks
    near = [
        other
        for other in rows[max(0, site.index - 3) : site.index + 4]
        if other.kind == "row" and other is not block and other.headings == block.headings
    ]
    return any(
        sum(1 for cell in other.cells if re.search(r"[^\W\d_]{3}", cell)) >= 1
        and len(other.cells) > 1
        for other in near
    )


def read_listing(site: Site) -> Listing | None:
    """Sort the date's segments into title, place and the rest; None when it is no listing."""
    if _empty_slot(site):
        return None
    frame = _frame(site)
    if frame is None:
        return None
    title_seg, location, speaker = _sort_segments(site, frame)
    block, segments = site.block, site.segments
    if title_seg is not None and is_month_name(title_seg.text.strip(" *_")):
        title_seg = None  # "| **January** | *13, 27* |": the month of the days beside it
    trailing, aside = frame.trailing, frame.aside
    if location is None and trailing and not find_dates(trailing["place"]):
        location = clean_value(trailing["place"])
    if location is None and aside and (v.VIRTUAL.match(aside[1]) or looks_like_place(aside[1])):
        location = clean_value(aside[1])  # "Write the Docs Atlantic – April 18 (online)"
    if location is None and title_seg is not None:
        plain = [s for s in segments if column_role(block, s) not in ("speaker", "title", "other")]
        location = bare_place(plain, frame.segment, title_seg, site.spans)  # not a "Guest" cell
    what: str | None = None
    url: str | None = None
    keyword = frame.key["key"] if frame.key else None
    if keyword and re.fullmatch(
        rf"(?i)(?:[\w-]+\s+){{0,2}}(?:when|dates?|time|deadline|{v.FOREIGN_WHEN})", keyword
    ):
        near = site.post.nearby_keys(site.index, block)
        location = location or near.get("where")
        if title_seg is None:
            what = near.get("what")
            url = near.get("url")
    if location is None and title_seg is not None and title_seg is not frame.segment:
        own = block.text[site.span.time_end or site.span.end : frame.segment.end]
        said = _PLACE_IN_DATE.match(own)  # "### Le 26 avril à Paris : Journée Wikimédia …"
        if said and not find_dates(said["p"]) and not re.match(r"(?i)noon|midnight", said["p"]):
            location = clean_value(said["p"])
    if location and title_seg is not None and _same_link(block, title_seg, location):
        location = None  # "[Mesh security deep dive - Ana Lima (Acme)](…)": the speaker
    kind = _listing_kind(site, frame, title_seg, keyword)
    if location is None and _venue_line(site, frame, title_seg):
        # "### Docs sprint in Prague" / "Saturday, 21 March · 10:00 CET · Impact Hub Praha"
        assert title_seg is not None
        location, title_seg = clean_value(title_seg.text), None
    return Listing(frame.inner, title_seg, location, kind, what, keyword, speaker, url)


#: A place said in the date's own segment, after the date: "26 avril à Paris", "June 5 in Oslo".
_PLACE_IN_DATE = re.compile(
    r"\s*,?\s*(?:à|au|in|en|em|im|a)\s+(?P<p>[A-ZÀ-Ý][\w'’.-]+(?:[\s-][A-ZÀ-Ý][\w'’.-]+){0,3})"
    r"\s*[:,–—-]?\s*$"
)


def _same_link(block: Block, title: Segment, place: str) -> bool:
    """True when `place` is written inside the link that holds the title."""
    for link in block.links:
        if link.start <= title.start < link.end:
            outside = block.text[: link.start] + " " + block.text[link.end :]
            return place in block.text[link.start : link.end] and place not in outside
    return False


def _frame(site: Site) -> _Frame | None:
    """The date's own segment and its surroundings; None when the line is no listing (too many
    words beside the date, news in the past, a row of measurements …)."""
    block, spans, span, segment, segments = (
        site.block,
        site.spans,
        site.span,
        site.segment,
        site.segments,
    )
    text = block.text
    whole = segment
    if block.kind == "item" or not text[segment.start : span.start].strip(" *_"):
        # a list item or a date line ends with its sentence ("23–27 June, online. Pick an
        # issue …") and before a remark ("Friday, 4 July at 18:00 CEST, with some of …")
        segment = clip_to_sentence(segment, span.start)
        after = span.time_end or span.end
        remark = re.match(
            r"\s*,\s+(?!(?:online|virtual|remote|in|at)\b)[a-z]", text[after : segment.end]
        )
        if remark:
            segment = Segment(segment.start, after + remark.start(), text[segment.start : after])
    elif len(segments) > 1:  # "… March 15. Update" (cut at "Update: …"): the date's sentence
        segment = clip_to_sentence(segment, span.start)
    if block.kind == "item" and "\n" in segment.text:  # "RStudio conf 2018 **Jan 31**<br />…"
        line_start = max(segment.start, text.rfind("\n", 0, span.start) + 1)
        line_end = text.find("\n", span.time_end or span.end)
        line_end = segment.end if line_end < 0 else min(segment.end, line_end)
        wrapped = (
            re.search(r"[a-z,(]$", text[:line_start].rstrip())
            and re.match(r"\s*[a-z(]", text[line_start:])
        ) or (
            re.search(r"[a-z,(]$", text[:line_end].rstrip())
            and re.match(r"\s*[a-z(]", text[line_end + 1 :])
        )  # "…(depending upon number of\n participants) for the evening of …": one line
        if text[line_start : span.start].strip(" *_") and not wrapped:
            segment = Segment(line_start, line_end, text[line_start:line_end])
    segment, borrowed = _own_part(text, segment, spans, span)
    rest = remainder(segment, spans, text)
    if borrowed:
        rest = f"{borrowed} {rest}"
    key = v.KEY_LINE.match(segment.text.strip())
    inner = _without_asides(rest).strip()
    if in_parentheses(text, span) is not None:
        return None  # the `parenthesised` form
    header = column_header(block, whole)
    if header and v.PAST.search(header) and not v.FUTURE.search(header):
        return None  # a "Released" column: the dates of news
    if header and v.DEADLINE_OBJECT.search(header) and header.lower() not in inner.lower():
        inner = f"{header} {inner}".strip()  # "| CFP |" column: "closes March 15" → "CFP closes"
    opens = block.kind == "item" and not text[: span.start].strip(" *_")
    limit = 5 if len(segments) == 1 and not opens else 10  # "* 21.02. 13:00 <a>Name …</a>"
    said_words = re.findall(r"[\w'’]+(?:-[\w'’]+)*", v.COPULA.sub("", strip_determiners(inner)))
    if len(said_words) > limit and not key:  # ("DMV-RSE in-person meetup on": five words)
        return None
    if span.relative and not v.DEADLINE_STRONG.search(segment.text):
        return None
    said = re.sub(r"\([^()]*\)", "", segment.text)  # not "(thanks to all who came!)"
    if v.PAST.search(said) and not v.FUTURE.search(said):
        return None  # "We moved back on March 18."
    if (
        span.precision is Precision.MONTH
        and not span.relative
        and not month_listing(block, spans, inner, site.post.dated_siblings(block))
    ):
        return None
    if block.kind == "heading" and len(words(block.text)) > (24 if len(segments) > 1 else 14):
        return None  # (a heading cut in parts may say more: "Round 3 - Friday 2 April - AKA …")
    if block.cells and not any(
        re.search(r"[^\W\d_]{2}", s.text) for s in segments if s is not whole
    ):
        return None  # "| 2024-02-26 | 41.2 | 66 |": a row of measurements
    tail = text[span.time_end or span.end : segment.end]
    aside = re.search(r"\s*\(([^()]{1,80})\)\s*$", tail)  # "(online)", "(thank you …!)"
    if aside:
        tail = tail[: aside.start()]
    trailing = v.TRAILING_PLACE.match(tail)
    if trailing and not find_dates(trailing["place"]):
        inner = remainder(
            Segment(segment.start, segment.end - len(trailing.group(0)), ""), spans, text
        )
    elif (venue := re.match(r"\s*@\s*\S.*$", tail)) and not find_dates(venue[0]):
        # "Wed Sep 19, 18:30 @ MongoDB Dublin": the venue, not a name
        inner = remainder(Segment(segment.start, segment.end - len(venue[0]), ""), spans, text)
    position = segments.index(whole) if whole in segments else -1
    if key is None and position > 0:
        key = v.KEY_LINE.match(segments[position - 1].text.strip() + ": ")
    return _Frame(whole, segment, inner, key, header, trailing, aside, position)


def _led_by_name(site: Site, frame: _Frame) -> bool:
    """The date's segment opens with a name or a place: "Berlin, September 6-8"."""
    head = site.block.text[frame.segment.start : site.span.start].strip(" ,*_-–—:")
    return bool(head) and head[0].isupper() and len(words(head)) <= 5


def _sort_segments(site: Site, frame: _Frame) -> tuple[Segment | None, str | None, str | None]:
    """The title segment, the place and the speaker among the line's other segments (by their
    table column, their key, or how they read)."""
    block, spans, span, segments = site.block, site.spans, site.span, site.segments
    text, segment, whole = block.text, frame.segment, frame.whole
    title_seg: Segment | None = None
    speaker: str | None = None
    speaker_seg: Segment | None = None
    # "PyData Leeds on 19 November at the Bruntwood building": a name and a venue around the
    # date in its own segment.
    own = v.NAME_ON.search(text[segment.start : span.start])
    if own:
        start = segment.start + own.start("name")
        title_seg = Segment(start, start + len(own["name"]), own["name"])
    venue = v.AT_VENUE.match(text[span.time_end or span.end : segment.end])
    location: str | None = clean_value(venue["venue"]) if venue else None
    after_place = False
    label: str | None = None
    for other in (s for s in segments if s is not whole):
        body = other.text.strip()
        pin = v.PLACE_MARK.match(body)
        if pin and body[pin.end() :].strip():
            location = location or clean_value(body[pin.end() :])  # "📍 Lecture Theatre 2"
            continue
        if v.KEY_LABEL.match(body):
            label = body.rstrip(":").lower()
            opened = re.fullmatch(r"registration|register|cfp|rsvp|tickets?", label)
            keyed = text[other.end : other.end + 2].lstrip().startswith(":") or body.endswith(":")
            if opened and keyed and title_seg is None:
                title_seg, label = other, None  # "Registration: 1–30 November": what is open
            continue
        if label is not None:
            role, label = label, None
            if role in ("where", "location", "venue", "place", *v.FOREIGN_WHERE):
                location = location or clean_value(body)
                continue
            if role in ("what", "event", "title", "name"):
                title_seg = title_seg or other
            continue
        if any(other.start <= x.start < other.end for x in spans):
            # "The release is planned for May 3rd. Feature freeze: April 26.": the label is the
            # last sentence before the colon, though the segment holds another date
            joint = text[other.end : whole.start]
            last_offset, last = list(iter_sentences(other.text))[-1]
            label_start = other.start + last_offset
            if (
                title_seg is None
                and last_offset > 0
                and re.fullmatch(r"\s*:\s*", joint)
                and 0 < len(words(last)) <= 6
                and not v.KEY_LABEL.match(last.strip(" *_"))  # not "**Update:** the vote …"
                and not any(label_start <= x.start < other.end for x in spans)
            ):
                title_seg = Segment(label_start, label_start + len(last), last)
            continue
        kv = v.KEY_LINE.match(body)
        if kv:
            k = kv["key"].lower()
            if k in ("where", "location", "venue", "place", *v.FOREIGN_WHERE) and location is None:
                location = clean_value(kv["value"])
            elif k in ("what", "event", "title", "name") and title_seg is None:
                title_seg = Segment(other.start + kv.start("value"), other.end, kv["value"])
            continue
        if v.RELATION.match(body) or v.GENERIC_LINK.match(body):
            continue
        if other.start > span.start and v.IMPERATIVE.match(body) and _led_by_name(site, frame):
            continue  # "**Berlin, September 6-8**: Grab a ticket": what to do, not a name
        column = column_role(block, other)
        if column == "format":
            location = location or format_place(body)
            continue
        if column == "speaker":
            if re.fullmatch(
                rf"{v.WORD}(?:\s+{v.WORD})*(?:\s*(?:,|&|and)\s*{v.WORD}(?:\s+{v.WORD})*)*", body
            ):
                speaker = body
            speaker_seg = other
            continue
        if column in ("title", None) and v.NO_TITLE.match(body):
            continue  # "See the reading list for papers", "TBA"
        linked = next(
            (x for x in block.links if x.text and other.start <= x.start <= other.start + 2),
            None,
        )
        after = text[linked.end : other.end].strip(" ,-–—") if linked else ""
        placed = re.fullmatch(r"[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[A-ZÀ-Ý][\w.'’-]*){0,3}", after)
        if column is None and title_seg is None and linked and (placed or looks_like_place(after)):
            # "[Northern Lights](…), Aberdeen": the link names it, the rest is where
            title_seg = Segment(linked.start, linked.end, linked.text)
            location = location or clean_value(after)
            continue
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
            present = v.PRESENT_AT.match(body)
            if column is None and present and title_seg is None:
                start = other.start + other.text.index(present["name"])
                title_seg = Segment(start, start + len(present["name"]), present["name"])
                continue  # "we're at KubeCon NA, booth S23"
            if re.match(r"(?i)(?:we|we'?re|we’re|i|i'?m|you|they|there|it|this)\b", body):
                continue  # "We're also running a mentoring programme: applications …": a sentence
            led = _after_dated_lead(site, other)
            if led is not None and title_seg is None:
                title_seg = led  # "**Wednesday, July 26th**: Kickoff, voting for topics, …"
                continue
            lower = re.match(r"^[a-z]", body) and not re.match(VERSION, body)  # not "v4.3.0"
            if not block.cells and other.end <= span.start and not any(c.isupper() for c in text):
                lower = False  # "eurucamp | european ruby camp | … 17 - 19 august 2012": a name
            if column is None and lower and not _timeline_step(site, other):
                continue  # "find us at the stand": a remark, not a name
            sentences = list(iter_sentences(other.text))
            if column is None and len(sentences) > 1:
                joint = text[other.end : whole.start]
                last_offset, last = sentences[-1]
                if title_seg is None and re.fullmatch(r"\s*:\s*", joint) and len(words(last)) <= 6:
                    # "Minutes are online. Next board meeting: 26 March": the last sentence
                    start = other.start + last_offset
                    title_seg = Segment(start, start + len(last), last)
                continue  # "We're partnering with … this year. Members get 15% off": prose
            if title_seg is None:
                title_seg = other
    if title_seg is None and speaker_seg is not None:  # a seminar row with its speaker only
        return speaker_seg, location, None
    return title_seg, location, speaker


def _listing_kind(
    site: Site, frame: _Frame, title_seg: Segment | None, keyword: str | None
) -> EventKind:
    """Deadline or event, from the line's words, its key, the segment or column before it."""
    text, span, segments, segment = site.block.text, site.span, site.segments, frame.segment
    kind_text = " ".join(x for x in (segment.text, title_seg.text if title_seg else "") if x)
    if span.d2 is not None:  # a stay is an event, whatever an aside says of something else:
        # "the Ruby track at OSCON, July 24-28 (call for papers closing soon!)"
        kind_text = re.sub(r"\([^()]*\)", lambda m: m[0] if find_dates(m[0]) else " ", kind_text)
    kind = kind_of(kind_text, text[segment.start : span.start])
    before = segments[frame.position - 1].text if frame.position > 0 else ""
    if (keyword and keyword.lower() == "deadline") or re.search(r"\bdeadline\s*$", before, re.I):
        return EventKind.DEADLINE  # "Nominations: open now on the wiki. Deadline: May 5"
    header = frame.header
    if header and re.match(r"(?i)\s*(?:deadlines?|due|closes|cut-?off)\b", header):
        return EventKind.DEADLINE  # a "Deadline (UTC)" column
    named = re.sub(r"\([^()]*\)", "", title_seg.text).strip() if title_seg else ""
    if re.search(r"(?i)\bsubmissions?$", named):
        return EventKind.DEADLINE  # "Regular Paper Submission (Full Track): 29 July, 2021"
    if re.match(
        r"(?i)\s*to\s+(?:request|apply|register|submit|sign\s+up|book|reserve|enrol)\b", text
    ):
        return EventKind.DEADLINE  # "To request financial support: May 1, 2024"
    heading = site.block.heading
    if heading is not None and re.search(r"(?i)\bdeadlines\b", heading.text):
        return EventKind.DEADLINE  # "- General registration: July 1" under "… deadlines"
    cutoff = re.search(r"\b(?:by|before|no later than)\s*$", text[segment.start : span.start], re.I)
    if cutoff and not (v.OUTCOME.search(kind_text) or v.OPENS.search(kind_text)):
        return EventKind.DEADLINE  # "Grantees confirm attendance: by 22 May"
    return kind


def _venue_line(site: Site, frame: _Frame, title_seg: Segment | None) -> bool:
    """True when the "title" of a date line under an event's heading is its venue: "### Docs
    sprint in Prague" over "Saturday, 21 March · 10:00 CET · Impact Hub Praha"."""
    block, span, text, above = site.block, site.span, site.block.text, site.block.heading
    return bool(
        title_seg is not None
        and above is not None
        and block.kind == "paragraph"
        and not above.pseudo
        and (names_event(above.text) or site.post.heading_above(site.index, block))
        and title_seg.start > frame.segment.start
        and not text[: span.start].strip(" *_")
        and re.fullmatch(r"[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[\w.'’–-]+){0,6}", title_seg.text.strip())
        and not v.EVENT_NOUN.search(title_seg.text)
    )


def _own_part(
    text: str, segment: Segment, spans: list[DateSpan], span: DateSpan
) -> tuple[Segment, str]:
    """ "CFP opens December 1 and closes January 31": each date's own part of a segment that
    holds two, with the subject the second part leaves out ("CFP")."""
    inside = [s for s in spans if segment.start <= s.start < segment.end]
    if len(inside) != 2:
        return segment, ""
    first, second = inside
    joint = re.search(r"\s+and\s+", text[first.time_end or first.end : second.start])
    if joint is None:
        return segment, ""
    cut = (first.time_end or first.end) + joint.start()
    if span is first:
        return Segment(segment.start, cut, text[segment.start : cut]), ""
    head = text[segment.start : first.start].split()
    start = cut + len(joint.group())
    part = Segment(start, segment.end, text[start : segment.end])
    if re.match(r"[a-z]+s?\b", part.text) and len(head) >= 2:
        return part, " ".join(head[:-1])  # "closes January 31" closes what "CFP opens" named
    return part, ""


def _after_dated_lead(site: Site, other: Segment) -> Segment | None:
    """The name of a long item after its bold date ("**Wednesday, July 26th**: Kickoff, voting
    for topics to work on, teams formed, …"): its first clause, when that is short."""
    block = site.block
    if block.kind != "item" or not (block.lead and find_dates(block.lead)):
        return None
    position = site.segments.index(other) if other in site.segments else -1
    if position < 1 or site.segments[position - 1] is not site.segment:
        return None
    if len(words(other.text)) <= 14 and not re.search(r"\w[.!?]\s+[A-Z]", other.text):
        return None  # short enough to be read as it is ("Talks night, 18:30, The Tetley")
    first = re.split(r"(?<=\w)[.!?](?:\s|$)|,\s|;\s|\s\(", other.text.strip())[0]
    if not (1 <= len(words(first)) <= 8):
        return None
    start = other.start + other.text.index(first)
    return Segment(start, start + len(first), first)


def _timeline_step(site: Site, other: Segment) -> bool:
    """`- 30 April: end of early-bird pricing` under "Key dates": a step named in lower case."""
    block, segments = site.block, site.segments
    dated_lead = bool(block.lead and find_dates(block.lead))  # "**Friday 5 June** — keynotes"
    listing = any(v.LISTING_HEADING.search(h.text) for h in block.headings)
    if block.kind != "item" or not (listing or dated_lead):
        return False
    position = segments.index(other)
    short = len(words(re.sub(r"\([^()]*\)", "", other.text))) <= 8
    return position > 0 and segments[position - 1] is site.segment and short


def parenthesised(site: Site) -> list[Draft]:
    """`Co-located with Texas Linux Fest (3-4 October)`: a name with its own date in parentheses."""
    block, span = site.block, site.span
    text = block.text
    name = in_parentheses(text, span)
    if name is None or v.TIME_PHRASE.match(name):
        return []  # "On the Friday evening before (5 Sept, from 18:30) we'll hold …": prose
    if block.kind == "heading" and v.GENERIC_HEADING.search(name.strip()):
        return []  # "### Upcoming (September 2013)": a listing's heading, no event
    _, sentence = sentence_at(site.flat, span.start)
    if v.PAST.search(sentence) and not v.FUTURE.search(sentence):
        return []
    position = text.rfind(name, 0, span.start)
    url = link_at(block, position, position + len(name)) if position >= 0 else None
    inside = re.match(r"\s*(?:,|@|/|\bat\b)\s*([^()]{1,40})\)", text[span.time_end or span.end :])
    location = next(
        (clean_value(s.text) for s in site.segments if looks_like_place(s.text.strip())), None
    )
    where = re.search(r"\s+in\s+([A-ZÀ-Ý][\w.'’-]*(?:,?\s+[A-ZÀ-Ý][\w.'’-]*){0,3})$", name)
    if where:  # "… at 40C3 in Hamburg (December 27–30)"
        name, location = name[: where.start()], location or clean_value(where[1])
    pieces = re.split(r"\)\s*(?:,|and|&)\s*(?:(?:et|y|und|e)\s+)?", name)  # "Berlin (12 June), …"
    name = strip_determiners(pieces[-1]) if len(pieces) > 1 else name
    listed = re.split(r",\s+(?:and\s+)?|\s+and\s+", name)
    if len(words(name)) > 6 and len(listed) > 1 and len(words(listed[-1])) <= 6:
        name = strip_determiners(listed[-1])  # "…, with talks, a Wikipedia edit-a-thon (22 April)"
    trailing = v.TRAILING_NAME.search(name)
    if trailing and len(words(name)) >= 5 and re.search(r"\b[a-z]{3,}\b", name[: trailing.start()]):
        travel = re.search(
            rf"\b(?:to|in)\s+(?P<place>{v.WORD}(?:\s+{v.WORD}){{0,2}})\s+for\s+$",
            name[: trailing.start()],
        )  # "getting the train to Brussels for FOSDEM (31 January & 1 February)"
        if travel and location is None and not v.EVENT_NOUN.search(travel["place"]):
            location = clean_value(travel["place"])
        name = trailing.group(0)  # "A good number of us are heading south for PyCon US 2026"
    at = inside and re.match(r"\s*(?:@|at\b)", text[span.time_end or span.end :])
    if inside and (at or looks_like_place(inside.group(1)) or _capitalised(inside.group(1))):
        location = clean_value(inside.group(1))  # "(March 9–11, Bangkok)", "(…, 8:30pm @ Spire 73)"
    location = parenthesised_place(text, span) or location  # "(Tallinn, 4–6 June)"
    label = re.match(r"^([^:\n]{2,60}):\s", text)
    if label and (looks_like_place(name) or _capitalised(name)) and len(words(label[1])) <= 6:
        # "Watch parties: Berlin (12 June), Nairobi (13 June)": a series' stops
        location = location or clean_value(name)
        name = f"{clean_title(label[1])}: {clean_value(name)}"
    head = re.match(  # the heading's name before a dash
        rf"(?P<a>[^–—|:]{{2,40}}?)\s+[–—]\s+{re.escape(name)}\s*\($",
        text[: position + len(name) + 2],
    )
    if block.kind == "heading" and head and position >= 0 and len(words(head["a"])) <= 3:
        if looks_like_place(name):  # "## 3X3A — Rouma Island, Guinea (April 11–25)"
            location = location or clean_value(name)
        name = f"{head['a'].strip()} — {name}"  # "## PyCon US — Tutorials (May 14)"
    if url is None and block.kind == "heading":  # "### 1st Flink Meetup, Berlin (Oct 15)" / URL
        url = site.post.link_line(site.index, block)
    return [Draft(kind_of(name, ""), clean_title(name), location, url, text)]


#: After the date of a digest's event line: "in Raleigh, NC, USA by Raleigh Haskell Meetup: …".
_IN_PLACE_BY = re.compile(
    r"\s*,?\s*in\s+(?P<place>[^:]{2,60}?)\s+by\s+(?P<group>[^\n]{2,100}?)\s*:\s+(?P<title>[^\n]+)$"
)


#: After an agenda item's name: where it is ("@ Talkdesk", "@ [Centro …](…) / Guimarães").
_AT_PLACE = re.compile(
    r"\s*[*_]*\s*(?:@|at\b|em\b|à\b|in\b)\s*(?P<p>[^\n(<]{2,80}?)\s*(?:\(|<|\n|$)"
)


def day_heading_item(site: Site) -> list[Draft]:
    """`#### Segunda-feira, 29 de Outubro` / `* **[Hacktoberfest @ Porto](…)** @ Talkdesk`: an
    agenda's item under the heading of its day, named by its bold or linked words."""
    block, span = site.block, site.span
    if span.form != "under_heading":
        return []
    first = next((x for x in block.links if x.text and x.start <= 3), None)
    name = block.lead.strip(" *_") if block.lead else first.text if first else ""
    if not name:  # "[iOS Peer Lab Porto]\n(https://…) @ Mercado": a link markdown did not read
        name = re.split(r"\s+@|\n|<|\s\(", block.text.strip(), maxsplit=1)[0]
        if name.startswith("[") and "]" in name:
            name = name[1 : name.index("]")]
    title = clean_title(name)
    if not words(title):
        return []
    rest = block.text[block.text.find(name) + len(name) :]
    rest = re.sub(r"^\]?\s*\([^()\s]*\)", "", rest)
    place = _AT_PLACE.match(rest.lstrip(" *_"))
    location = clean_value(place["p"]) if place else None
    before = min((x.start for x in block.links), default=len(block.text))
    raw = re.search(r"\]\s*\((?P<u>https?://[^()\s]+)\)", block.text[:before])
    url = first.href if first is not None else raw["u"] if raw else any_link(block)
    url = url if url and safe_url(url) else None  # raw: "[Title]\n(https://…)", a link left as text
    return [Draft(kind_of(block.text, ""), title, location, url, block.text)]


def in_place_by(site: Site) -> list[Draft]:
    """`- 2018-11-08 in Raleigh, NC, USA by Raleigh Haskell Meetup: [(hack . yack)](…)`: a
    digest's event line, the date, where, the group that hosts it, then what it is."""
    block, span = site.block, site.span
    if span is not site.spans[0] or block.text[: span.start].strip(" *_"):
        return []
    line = block.text[span.time_end or span.end :].split("\n")[0]
    found = _IN_PLACE_BY.match(line)
    if found is None or find_dates(found["place"]):
        return []
    group = clean_title(found["group"])
    title = clean_title(found["title"]) or clean_title(found["title"].strip(" ()[]"))
    name = group if not title or title.lower() == group.lower() else f"{group}: {title}"
    if not words(name):
        return []
    location = clean_value(found["place"])
    return [Draft(kind_of(found["title"], ""), name, location, any_link(block), block.text)]


def key_value(site: Site) -> list[Draft]:
    """`When: 14 March` / `Date:` / `Deadline:` with a `What:` line or the series nearby."""
    found = site.listing
    if found is None or found.what is None or found.key is None:
        return []
    key = found.key.lower()
    kind = EventKind.DEADLINE if key == "deadline" else kind_of(found.what, "")
    title = clean_title(found.what)
    if kind is EventKind.DEADLINE:  # "## Proposals" / "Deadline: 20 February"
        title = deadline_title(site.block, title, "", None, site.segment.text)
    elif generic(title):
        title = with_context(site, title)  # "What: Coding dojo" in a post about PyLeeds
    url = any_link(site.block) or found.url or site.post.link_line(site.index, site.block)
    own: Resolved | None = None
    times = find_times(site.post.nearby_keys(site.index, site.block).get("time", ""))
    if times and site.span.hour is None and site.span.precision is Precision.DAY:
        own = site.post.resolve(with_time(site.span, times[0][2]))  # "Time: 18:30 – 21:00"
    return [Draft(kind, title, found.location, url, site.block.text, resolved=own)]


def timed_item(site: Site) -> list[Draft]:
    """`- [Hiding in Plain Sight - Somtochi Onyekwere (Weaveworks)](…) (11:05 - 11:15)` under
    `### Tuesday 17 May - GitOpsCon`: a session of the heading's day, at its time."""
    span, block = site.span, site.block
    if span.form != "timed":
        return []
    text = block.text
    named = [x for x in block.links if x.text and x.end <= span.start]
    if not named and not text[: span.start].strip(" *_-–—"):  # "11:00 am: [Talk](…) - Speakers"
        named = [x for x in block.links if x.text and x.start >= span.end]
    url: str | None
    if named:
        name, url = named[0].text, named[0].href
    else:
        name = text[: span.start].strip(" ([–—-:·|")
        name = re.sub(r"(?i)[\s,]+(?:ab|um|von|at|from|starting|à|dès|vers|a\s+las)$", "", name)
        url = any_link(block)
    name = " ".join(name.split())
    name = _without_speakers(re.sub(r"^\s*(?:\d{1,2}[:.]\d\d\s*)", "", name))
    title = clean_title(name)
    if not words(title):
        return []
    location = None
    tail = text[span.end :]
    last = block.links[-1] if block.links else None
    if last is not None and not text[last.end :].strip():
        tail = text[span.end : last.start]  # "…, 10963 Berlin [Link](…)": not the link's words
    after = re.match(r"\s*,\s*(?P<p>[^\[\n]{3,100}?)\s*(?:\[[^\]]*\]|$)", tail)
    if after and not named and (_address(after["p"]) or looks_like_place(after["p"])):
        location = clean_value(after["p"])  # "OK Lab Berlin, ab 10 Uhr, Wikimedia e.V, …, Berlin"
    heading = block.heading.text if block.heading else ""
    series_name = clean_title(undated_name(heading)) if heading else ""
    if series_name and names_event(series_name) and series_name.lower() not in title.lower():
        title = f"{series_name}: {title}"
    return [Draft(kind_of(text, ""), title, location, url, text)]


def _without_speakers(name: str) -> str:
    """A talk's title without who gives it: "Hiding in Plain Sight - How Flux Decrypts Secrets -
    Somtochi Onyekwere (Weaveworks)" → "Hiding in Plain Sight - How Flux Decrypts Secrets"."""
    head, sep, tail = name.rpartition(" - ")
    if sep and (
        re.search(r"\([^()]+\)\s*$", tail)
        or re.fullmatch(r"(?:[A-Z][\w.'’-]+\s+){1,3}[A-Z][\w.'’-]+", tail.strip())
    ):
        return head
    return name


#: A line that says who speaks or hosts: "Speakers: Ana Diaz, Tom Wu", "Hosted by: …".
_WHO = re.compile(
    r"(?i)(?:speakers?|hosts?|hosted\s+by|presenters?|panell?ists?|moderators?|facilitators?|"
    r"with|by)\s*:"
)


_WHO_BEFORE = re.compile(_WHO.pattern + r"\s*$")


def heading_date_line(site: Site) -> list[Draft]:
    """`### Name` over `Thursday, December 17, 19:00 · Venue · [RSVP](…)`: the heading's event.

    The line must open with its date; beside it only a time, a place, a venue, a link, or a
    description: a sentence of its own after the date's (`Sat., Jan. 10th, 1 pm. Learn to
    solder …`) or words in lower case (`**Wed., Jan. 7th** — a relaxed class for beginners`).
    """
    block, segments = site.block, site.segments
    heading = block.heading
    if block.kind != "paragraph" or heading is None or site.index == 0:
        return []
    above = site.post.blocks[site.index - 1]
    if heading.pseudo:  # "**[Talk title](…)** - Speaker, Company" / "Wednesday, November 11 • …"
        if above.kind != "paragraph" or above.line != heading.line or not above.lead:
            return []
        if heading.text not in (above.text, above.lead):
            return []
    elif above.kind != "heading" or above.text != heading.text:
        return []
    if any(x.precision is Precision.DAY for x in site.post.spans[site.index - 1]):
        return []  # a dated heading is an item itself ("BerlinJS December" is a name)
    text = heading.text.strip()
    if heading.pseudo and above.lead and text.startswith(above.lead):
        text = above.lead.strip()  # the bold title, not the speakers after it
    if re.fullmatch(r"(?i)(?:when|dates?)\s*[:?]?", text):  # "## When" / "July 26-30, 2023"
        text = site.post.subject or clean_title(site.post.post.title)  # the post's own event
    if not text or v.GENERIC_HEADING.search(text) or v.LIST_HEADING.search(text):
        return []
    if len(words(text)) > 12:
        return []
    first = segments[0] if segments else None
    if first is None or not any(first.start <= x.start <= first.start + 3 for x in site.spans):
        return []  # the line must open with its date
    if v.PAST.search(block.text) and not v.FUTURE.search(block.text):
        return []
    location = None
    own = clip_to_sentence(first, site.span.start)  # "Mon, Dec. 29, 7–11 pm. Bring a game."
    line_end = block.text.find("\n", site.span.start, own.end)
    if line_end >= 0:  # "Friday, November 13 4:00pm\nSpeakers: …": the date's line
        own = Segment(own.start, line_end, block.text[own.start : line_end])
    lead = remainder(own, site.spans, block.text).strip(" ·•|,;–—-")
    if lead:
        opens = not block.text[own.start : site.span.start].strip(" *_")
        said = r"at|@|in|In(?=\s+[A-Z])" if opens else r"at|@|in"  # "September 19-20 In Grapevine"
        at = re.fullmatch(rf"(?:{said})\s+(.+)", lead)
        if not at:
            return []
        location = clean_value(at[1])
    read = site.listing.location if site.listing else None  # "· Main shop": the line's place
    for other in segments[1:]:
        body = other.text.strip()
        if any(other.start <= x.start < other.end for x in site.spans):
            continue
        if v.GENERIC_LINK.match(body) or any(
            b - a >= len(body) - 4 for a, b, _ in find_times(body)
        ):
            continue
        if _WHO.match(body) or _WHO_BEFORE.search(block.text, 0, other.start):
            continue  # "Speakers: Ana Diaz, Tom Wu": who, not where
        if looks_like_place(body) or v.VENUE.search(body) or _address(body) or _capitalised(body):
            location = location or clean_value(re.sub(r"^(?:at|@)\s+", "", body))
            continue
        if read and clean_value(body) == read:
            location = location or read
            continue
        if re.match(r"[a-z]", body):
            continue  # "— a relaxed class for beginners": what it is, not its name
        return []  # a segment that is neither a place nor a link: the line names itself
    if location is None and site.index + 2 < len(site.post.blocks):
        # "### When" / "July 7, 2014, 6:30 PM" / "### Where" / "Champaign Public Library, …"
        label, value = site.post.blocks[site.index + 1], site.post.blocks[site.index + 2]
        if (
            label.kind == "heading"
            and re.fullmatch(r"(?i)(?:where|location|venue|place)\s*:?", label.text.strip())
            and value.kind == "paragraph"
            and not site.post.spans[site.index + 2]
        ):
            location = clean_value(re.split(r"\s*\(", value.text.split("\n")[0])[0]) or None
    kind = kind_of(block.text, "")
    url = any_link(block) or heading.url or site.post.link_line(site.index, block)
    return [Draft(kind, clean_title(text), location, url, block.text)]


def comma_heading(site: Site) -> list[Draft]:
    """`### Scala Days Berlin, 18th May 2018, all day, hosted by Zalando`: a heading that names
    the event, then its date, then remarks, all between commas."""
    block, span = site.block, site.span
    if block.kind != "heading" or len(site.spans) != 1 or span.precision is not Precision.DAY:
        return []
    head = block.text[: span.start]
    if not re.search(r"\w,\s*(?:on\s+)?$", head):
        return []
    name = re.sub(r",\s*(?:on\s+)?$", "", head).strip(" *_#")
    if not words(name) or len(words(name)) > 8 or not looks_like_name(name):
        return []
    if v.GENERIC_HEADING.search(name) or v.LIST_HEADING.search(name):
        return []
    rest = block.text[span.time_end or span.end :].lstrip(" ,")
    first = re.split(r",\s*", rest, maxsplit=1)[0].strip(" .")
    location = clean_value(first) if first and looks_like_place(first) else None
    title = clean_title(name)
    return [Draft(kind_of(block.text, ""), title, location, site.own_link, block.text)]


def format_place(cell: str) -> str | None:
    """Where a `Format` cell says an item happens: "virtual" → "virtual"; "hybrid (Prague +
    Meetecho)" → "Prague"; "in person" or "talk" → None."""
    inside = re.search(r"\(([^()]+)\)", cell)
    for piece in re.split(r"\s*[+,/&]\s*|\s+and\s+", inside[1] if inside else ""):
        if (looks_like_place(piece) or _capitalised(piece)) and not v.PLATFORM.fullmatch(piece):
            return clean_value(piece)
    bare = re.sub(r"\([^()]*\)", "", cell).strip()
    return clean_value(bare) if v.VIRTUAL.match(bare) else None


def _address(text: str) -> bool:
    """ "Wikimedia Deutschland, Tempelhofer Ufer 23–24": a venue with a street number."""
    return bool(re.fullmatch(r"[A-ZÀ-Ý][^,]{1,40}(?:,\s*[^,]{2,40}){1,3}", text)) and bool(
        re.search(r"\d", text)
    )


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def _held_in(title: str) -> tuple[str, str | None]:
    """ "UNFUCK 2016 in Furtwangen" → ("UNFUCK 2016", "Furtwangen"): a name with its year, then
    where it is held."""
    held = re.match(
        r"^(?P<name>.+?\b(?:19|20)\d\d)\s+in\s+"
        r"(?P<place>[A-ZÀ-Ý][\w.'’-]+(?:,?\s+[A-ZÀ-Ý][\w.'’-]+){0,2})$",
        title,
    )
    return (held["name"], held["place"]) if held else (title, None)


def lead_title(site: Site) -> list[Draft]:
    """`- **[Talk title](…)**<br> by Speakers<br> Tuesday November 12, 2024 9:59am MST`: an item
    whose first line is its bold name, the date on a line of its own below."""
    block, span = site.block, site.span
    lead = block.lead
    if block.kind not in ("item", "paragraph") or not lead or not block.text.startswith(lead):
        return []
    first_line_end = block.text.find("\n")
    if first_line_end < 0 or first_line_end != len(lead.rstrip()) or span.start < first_line_end:
        return []
    if find_dates(lead) or len(site.spans) != 1:
        return []
    line_start = block.text.rfind("\n", 0, span.start) + 1
    line_end = block.text.find("\n", span.time_end or span.end)
    before = block.text[line_start : span.start].strip(" ,·•|–—-")
    if before and not _WHO.match(before) and not re.match(r"(?i)by\b", before):
        return []  # the date's line says more than who speaks
    title = clean_title(lead)
    if not words(title):
        return []
    url = next((x.href for x in block.links if x.start == 0 and safe_url(x.href)), None)
    after = block.text[span.time_end or span.end : line_end if line_end >= 0 else None]
    place = after.strip(" ,·•|–—-")
    location = clean_value(place) if place and looks_like_place(place) else None
    kind = kind_of(lead, "")
    return [Draft(kind, title, location, url or site.own_link, block.text)]


def titled_listing(site: Site) -> list[Draft]:
    """`DATE | TITLE | PLACE`, `TITLE – DATE`, `DATE: TITLE`, a table row: a segment names it."""
    found = site.listing
    if found is None or found.title is None:
        return []
    block, segment, title_seg = site.block, site.segment, found.title
    location, kind = found.location, found.kind
    title = clean_title(re.split(r"(?<=\w)[.!]\s+(?=[A-Z])", title_seg.text)[0])
    if re.fullmatch(r"(?i)(?:and|but|also|plus|then|so|or)(?:\s+(?:also|then|on))*", title):
        return []  # "And on November 16 the #ling:hack …": a connective, no name
    lead = lead_name(block)
    if lead and title.startswith(lead) and re.match(r"\s+[a-z]", title[len(lead) :]):
        title = lead  # "**KestrelConf 2026** dates are out: …" names KestrelConf 2026
    linked = next((x.text for x in block.links if x.text and title.startswith(x.text)), None)
    if linked and re.match(r"\s+(?:is|are|was)\s+(?:a|an|the|our)\s+\w+", title[len(linked) :]):
        title = linked  # "[Lyon P2P](…) is a meetup to discuss …": the link names it
    title = _with_subtitle(site, title_seg, title)
    title = clean_title(_without_times(title))
    title = re.sub(r"\s+(?:at|on|by|from|until)$", "", title)  # "Votes are closed at 23:59 UTC"
    present = re.match(r"^(?P<who>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)\s+at\s+(?P<name>\S.*)$", title)
    if present and not v.EVENT_NOUN.search(present["who"]):
        start = title_seg.start + title_seg.text.find(present["name"][:10])
        if link_at(block, start, start + len(present["name"])):
            title = present["name"]  # "Quokka at [FOSSASIA Summit](…)": the event is the link
    named_place = re.match(r"^(?P<name>[^,(]+(?:\([^()]*\)[^,(]*)*?),\s*(?P<place>[^()]+)$", title)
    if named_place and (
        looks_like_place(named_place["place"])
        or _capitalised(named_place["place"])
        or re.fullmatch(
            r"(?:Room|Raum|Hall|Building|Salle|Sala|Level|Floor)\s+[\w.-]+", named_place["place"]
        )
    ):  # "Maintainer summit, Amsterdam", "Lightning talks night, The Tetley", "…, Room 2.14"
        title = named_place["name"]
        location = location or clean_value(named_place["place"])
    title, remark_place = without_remarks(title)
    location = location or remark_place
    title, held = _held_in(title)
    location = location or held
    venue_at = re.match(r"^(?P<name>.+?)\s+(?:@|at)\s+(?P<venue>[^()]+?)\s*$", title)
    if venue_at and location is None and not v.EVENT_NOUN.search(venue_at["venue"]):
        said_at = "@" in title or re.match(r"[A-ZÀ-Ý]", venue_at["venue"])
        if said_at and not link_at(block, title_seg.start, title_seg.end):
            title, location = venue_at["name"], clean_value(venue_at["venue"])  # "X @ c-base"
    if location is None and (said := re.match(r"(?i)(online|virtual)\b", title)):
        location = said[1].capitalize()  # "Online info session about grants"
    url = link_at(block, title_seg.start, title_seg.end) or link_at(
        block, segment.start, segment.end
    )
    if kind is EventKind.DEADLINE:  # "All Things Open — … · [CFP open until 31 July](cfp)"
        url = link_at(block, segment.start, segment.end) or url
    if url is None:
        url = any_link(block) or site.post.context_name(block)[1]
    url = url or site.post.link_line(site.index, block) or site.post.link_above(site.index, block)
    step = clean_title(found.inner)
    if kind is EventKind.DEADLINE:
        context = site.post.context_name(block)[0]
        rest = found.inner
        said = v.DEADLINE_OBJECT.search(rest) or v.DEADLINE_STRONG.search(rest)
        if len(words(rest)) > 3 and not said:
            rest = ""  # "Claims: within 30 days after the conference, that is by …": a remark
        title = deadline_title(block, title, rest, context, segment.text)
    elif step and len(words(step)) <= 4 and (needs_context(step) or v.OPENS.search(step)):
        title = f"{title}: {step}"  # "**KestrelConf 2026** … CFP opens December 1"
    elif (release := _release_title(site, title_seg)) is not None:
        title = release  # "Larkspur 1.9.5 / 1.8.12 — Tuesday 10 February", "| v1.36.0-rc.0 |"
    elif re.fullmatch(rf"\s*{VERSION}(?:\s*/\s*{VERSION})*\s*", title):
        return []  # "## 2.3.1 — 2026-02-02" in a changelog: a release that happened
    elif generic(title) or (v.OPENS.search(title) and len(words(title)) <= 4):
        # "March 2026: CFP Opens", "Voting", "Monthly meetup": a step of the event
        # above or a generic name; the series, a heading or the post's subject names it.
        title = with_context(site, title)
    elif looks_like_place(title):
        name, _ = series(block)
        if name:
            location = location or title
            title = f"{name}: {title}"
    elif block.parents and (parent := series_of_parent(block)) and not same_event(parent, title):
        title = f"{parent}: {title}"  # "Maintainer Office Hours" / "11 Sept: Triage workflows"
    topic, topic_url = _child_topic(site, title, kind)
    if topic:  # the child links the event itself
        title = topic if title.lower() in topic.lower() else f"{title}: {topic}"
        url = topic_url or url  # "MarmotConf" / "MarmotConf 2025 workshop days": the topic
    elif topic_url and not link_at(block, title_seg.start, title_seg.end):
        url = topic_url
    if found.speaker and found.speaker not in title:
        title = f"{title} ({found.speaker})"
    own: Resolved | None = None
    if block.kind == "heading":  # "## March 12: Intro to WebGPU" / "Venue: …" / "Time: 6–8pm"
        below = site.post.details_below(site.index)
        location = below.get("where") or location  # what the details say, not "… at HSBXL"
        url = link_at(block, title_seg.start, title_seg.end) or below.get("url") or url
        times = find_times(below.get("time", ""))
        if times and site.span.hour is None and site.span.precision is Precision.DAY:
            own = site.post.resolve(with_time(site.span, times[0][2]))
    return [Draft(kind, title, location, url, block.text, resolved=own)]


def _release_title(site: Site, title_seg: Segment) -> str | None:
    """A listing named only by versions is their release: "Larkspur 1.9.5 / 1.8.12" →
    "Larkspur 1.9.5 / 1.8.12 release"; "v1.36.0-rc.0" → "Kestrel v1.36.0-rc.0 release" (the
    project the post's versions belong to); not a branch ("1.8.x")."""
    text = site.block.text
    more = re.match(rf"(?:\s*/\s*{VERSION}(?![\w.]))+", text[title_seg.end :])
    name = title_seg.text.strip() + (more.group() if more else "")
    found = re.fullmatch(
        rf"(?:(?P<project>[A-Z][\w-]*)\s+)?(?P<versions>{VERSION}(?:\s*(?:/|,|&|and)\s*{VERSION})*)"
        r"(?P<tail>(?:\s+[a-z][\w-]*(?:\s+\d{1,2}\b)?){0,2})",  # "3.15.0 beta 1"
        name,
    )
    if found is None or ".x" in found["versions"]:
        return None
    placed = site.post.resolve(site.span)
    if placed is None or placed.start <= site.post.post.date:
        return None  # a changelog's "## 2.3.1 — 2026-02-02": a release that already happened
    project = found["project"] or site.post.project()
    staged = re.search(r"release|alpha|beta|rc|candidate|final|preview", found["tail"])
    tail = found["tail"] if staged else f"{found['tail']} release"
    return f"{project + ' ' if project else ''}{found['versions']}{tail}"


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def _without_times(title: str) -> str:
    """ "Office hours, 9:00 AM EST" → "Office hours"."""
    for start, end, _ in reversed(find_times(title)):
        title = title[:start] + title[end:]
    title = re.sub(r"\s*\(\s*\)?\s*$|\s*\(\s*\)", "", title)  # "(5pm PDT)" gone: its brackets too
    title = re.sub(r"(?i)\s+(?:by|at|until|till|from|before)\s*$", "", title)  # "due by 23:59"
    return re.sub(r"\s*,\s*(?=,|$)", "", title).strip()


def _with_subtitle(site: Site, title_seg: Segment, title: str) -> str:
    """ "Webinar: migrating from InfluxDB": a lowercase segment right after the title and a
    colon is its subtitle, not a separate remark."""
    text = site.block.text
    following = next((s for s in site.segments if s.start > title_seg.end), None)
    if (
        following is not None
        and re.fullmatch(r"[A-Z][A-Z0-9&]{1,9}(?:[- ]\d{1,4})?", title)
        and re.fullmatch(r"\s+[-–—]\s+", text[title_seg.end : following.start])
        and re.match(r"[A-Z]", following.text.strip())
        and not any(following.start <= x.start < following.end for x in site.spans)
        and 2 <= len(words(following.text)) <= 14
    ):  # "[CHARMS](…) - Categorical and geometric methods …": an acronym and what it stands for
        return f"{title} - {clean_title(following.text)}"
    if following is None or not re.fullmatch(r"\s*:\s*", text[title_seg.end : following.start]):
        return title
    body = following.text.strip()
    dated = any(following.start <= x.start < following.end for x in site.spans)
    upper = re.match(r"[A-Z]", body) and site.block.kind == "heading"  # "## 14 May - Panel: Open …"
    if not (re.match(r"[a-z]", body) or upper) or dated or re.search(r"[.!?]\s", body):
        return title  # "Nominations: open now on the wiki. Deadline: …" is no subtitle
    return f"{title}: {body}"


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def without_remarks(title: str) -> tuple[str, str | None]:
    """A listed name without the remarks after it, and a place a remark gives: "BerlinJS March,
    hosted by Zalando" → "BerlinJS March"; "Larch Contributor Summit (Europe, city to be
    announced)" → ("Larch Contributor Summit", "Europe")."""
    place = None
    paren = re.search(r"\s*\(([^()]{2,60})\)$", title)
    if paren:
        first = paren[1].split(",")[0].strip()
        platform = re.search(r"\b(?:on|via)\s+([A-Z][\w.]+)", paren[1])
        if looks_like_place(first) or (v.UNDECIDED.search(paren[1]) and _capitalised(first)):
            title, place = title[: paren.start()], clean_value(first)
        elif v.UNDECIDED.search(paren[1]) or paren[1][:1].islower():
            title = title[: paren.start()]  # "(bring a laptop)", "(public, on Jitsi)"
            if platform:
                place = clean_value(platform[1])
    remark = re.search(r",\s+([a-z][^,()]*)$", title)
    if remark and not looks_like_place(remark[1]):
        title = title[: remark.start()]  # ", topic to be announced", ", hosted by Zalando"
    return clean_title(title), place


def _capitalised(text: str) -> bool:
    """ "Bangkok", "Long Beach": a short capitalised phrase that names no event."""
    return bool(
        re.fullmatch(r"[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,3}", text.strip())
    ) and not v.EVENT_NOUN.search(text)


def _child_topic(site: Site, title: str, kind: EventKind) -> tuple[str | None, str | None]:
    """`BerlinJS January` with a child item `"What's new in Node.js 26"`: the talk is the topic;
    `[Rust Berlin](group)` with a child `[Rust Hack and Learn](event)`: so is the event, and its
    link is the event's. Returns the topic and the child's link."""
    child = site.post.first_child(site.index, site.block)
    if child is None or kind is not EventKind.EVENT:
        return None, None
    child_spans = site.post.spans[site.index + 1]
    named_month = all(  # "August 2025 Rustacean meetup" under "2025-08-23": part of the name
        span.precision is Precision.MONTH and span.m1 == site.span.m1 for span in child_spans
    )
    if child_spans and not named_month and not site.post.restates_parent(child, child_spans):
        return None, None
    topic = clean_title(child.text if named_month else without_dates(child.text, child_spans))
    if topic and topic.lower() not in title.lower() and len(words(topic)) <= 12:
        return topic, any_link(child)
    if topic and topic.lower() == title.lower():
        return None, any_link(child)  # the child names it again, with its link
    return None, None


def title_in_child(site: Site) -> list[Draft]:
    """`* 4 February` with an undated child item `* Rust Paris` that names it."""
    found = site.listing
    if found is None or found.title is not None:
        return []
    child = site.post.first_child(site.index, site.block)
    if child is None or site.post.spans[site.index + 1]:
        return []
    url = any_link(child) or any_link(site.block)
    title, location = _place_then_name(child) or name_and_place(child.text)
    kind = EventKind.DEADLINE if kind_of(child.text, "") is EventKind.DEADLINE else found.kind
    draft = Draft(kind, title, found.location or location, url, site.block.text)
    return [draft]


def untitled_deadline(site: Site) -> list[Draft]:
    """`Deadline: 20 February`, `Prices double on 9 September`: named by the series or heading."""
    found = site.listing
    if found is None or found.title is not None or found.kind is not EventKind.DEADLINE:
        return []
    inner = re.split(r"\s+bis(?:\s+zu[mr])?\s+", found.inner)[0]  # "… um Beiträge bis zum, um …"
    what = v.DANGLING.sub("", inner) if words(inner) else "deadline"
    context = site.post.context_name(site.block)[0]
    title = deadline_title(site.block, "", what, context, site.segment.text)
    block = site.block
    url = site.own_link or site.post.context_name(block)[1]
    return [Draft(found.kind, title, found.location, url, block.text)]


#: Words that only ask the reader to note a date: "Save the date:", "Mark your calendars —".
_NOTE_THE_DATE = re.compile(
    r"(?i)^\W*(?:save\s+the\s+date|mark\s+your\s+calendars?|put\s+it\s+in\s+your\s+calendar|"
    r"coming\s+(?:up|soon)|announcing)\W*$"
)


def save_the_date(site: Site) -> list[Draft]:
    """ "**Save the date: 12–14 June 2026, Lisbon.**": the date of what the post (or the section)
    is about, named by the series, a heading or the post's subject."""
    found = site.listing
    if found is None or found.title is not None or words(found.inner):
        return []
    before = [s for s in site.segments if s.end <= site.segment.start]
    if not before or not _NOTE_THE_DATE.match(before[-1].text):
        return []
    name, url = site.post.context_name(site.block)
    title = clean_title(site.post.post.title)
    name = name or (title if names_event(title) else None)  # the post is the event's page
    if not name:
        return []
    block = site.block
    return [Draft(found.kind, name, found.location, any_link(block) or url, block.text)]


#: Words a date line may hold besides its date and time: "Am Samstag, den …, von 14-19 Uhr".
_DATE_FILLER = re.compile(
    r"(?i)\b(?:on|at|from|the|am|den|dem|von|ab|um|bis|uhr|le|el|de|des|du|à|às|a|starting|"
    r"doors?(?:\s+open)?|"
    + "|".join(sorted(WEEKDAYS, key=len, reverse=True))
    + r")\b|[\s*_|·•,:;.()–—-]+"
)


def own_date(site: Site) -> list[Draft]:
    """`### Tuesday, April 16, 2019 | 6:30pm - 8:30pm` or `**Am Samstag, den 27.08.2022 von 14-19
    Uhr** sind wir da`: a heading or bold lead that holds nothing but the date of the one event
    a post is about; the post's title names it, an address heading below places it."""
    block, span = site.block, site.span
    if span is not site.spans[0] or span.relative or span.precision is not Precision.DAY:
        return []
    if block.kind == "heading":
        line = block.text
    elif (
        block.kind == "paragraph"
        and block.lead
        and block.text.lstrip(" *_").startswith(block.lead.lstrip(" *_")[:8])
    ):
        line = block.text[: block.text.find(block.lead) + len(block.lead)]
    elif block.kind == "paragraph" and (
        run := next((r for r in block.bold if r[0] <= span.start < r[1]), None)
    ):  # "Wikipedia findet nur online statt? **Am Sonntag dem 28. Oktober** hast du …"
        line = " " * run[0] + block.text[run[0] : run[1]]
    else:
        return []
    ends = [x.time_end or x.end for x in site.spans if x.start < len(line)]
    rest = line[: span.start] + line[max(ends) :] if ends else line
    if _DATE_FILLER.sub("", rest):
        return []  # the line says more than when
    mine = site.post.resolve(span)
    for index, spans in enumerate(site.post.spans):
        for other in spans if index != site.index else ():
            placed = site.post.resolve(other)
            if (
                placed
                and placed.precision is Precision.DAY
                and placed.start >= site.post.post.date
                and placed.start != (mine and mine.start)
            ):
                return []  # a post with other dates to come is not one event's page
    name = site.post.subject or ""
    title = clean_title(site.post.post.title)
    if len(words(name)) <= 1 and name in title and len(words(title)) <= 6:
        name = title  # "Tag des offenen Hackerspace", not "Tag"
    name = re.sub(r"\s+(?:am|on|le|el)\s+\d{1,2}[./]\d{1,2}\.?$", "", name)  # "Löt-Abend am 12.3."
    name = clean_title(v.DANGLING.sub("", without_dates(name, find_dates(name))))
    if not name or (generic(name) and not v.EVENT_NOUN.search(name)):
        return []
    location = None
    own = _time_below(site) if span.hour is None else None
    if site.index + 1 < len(site.post.blocks):
        below = site.post.blocks[site.index + 1]
        text = below.text.strip()
        if below.kind == "heading" and (re.match(r"\d+\s+[A-Z]", text) or looks_like_place(text)):
            location = clean_value(text)  # "#### 900 Howe St #100, Vancouver, BC"
    return [
        Draft(kind_of(block.text, ""), name, location, any_link(block), block.text, resolved=own)
    ]


def _time_below(site: Site) -> Resolved | None:
    """The date of one event's page at the time a heading or short line below gives alone
    ("### Programm 15:00 – 18:00 Uhr", "Time: 7pm")."""
    for index in range(site.index + 1, min(site.index + 8, len(site.post.blocks))):
        if site.post.spans[index]:
            return None  # another date: its time is its own
        text = site.post.blocks[index].text
        times = find_times(text)
        if times and len(words(text)) <= 6:
            return site.post.resolve(with_time(site.span, times[0][2]))
    return None


#: Plural event nouns ending a heading that lists several of one kind ("Interim meetings",
#: "Workshops"); conferences or summits under one heading are as many different events.
_ONE_KIND = re.compile(
    r"(?i)\b(?:meetings|calls|workshops|sessions|meetups|classes|webinars|sprints|socials|"
    r"trainings|clinics|hangouts|dojos|jams|hack nights|study groups|drop-ins|tutorials)$"
)


def kind_under_heading(site: Site) -> list[Draft]:
    """`| 2026-02-05 | 14:00 | virtual |` under "## Interim meetings": a row or item that only
    dates one of the kind of event its heading names, `<what it belongs to>: Interim meeting`."""
    found = site.listing
    if found is None or found.title is not None or words(found.inner):
        return []
    heading = site.block.heading
    text = clean_title(heading.text) if heading else ""
    name = series(site.block)[0]
    if (name is not None and name != text) or found.kind is not EventKind.EVENT:
        return []  # a series names it; but "## Workshops" alone names a kind, not one event
    plural = _ONE_KIND.search(text)
    if plural is None or len(words(text)) > 4:
        return []
    kind = text[: plural.start()] + singular(plural.group())
    kind = kind[:1].upper() + kind[1:]
    owner = site.post.context_name(site.block, besides=f"{text} {kind}")[0]
    title = f"{owner}: {kind}" if owner else kind
    block = site.block
    return [Draft(found.kind, title, found.location, any_link(block), block.text)]


def place_under_heading(site: Site) -> list[Draft]:
    """`Montreal, CA - September` under a heading that names no event: `<heading>: <place>`
    when the heading reads as a name, else `<post subject>: <place>`, else the place."""
    found = site.listing
    if found is None or found.title is not None or series(site.block)[0] is not None:
        return []
    heading = nearest_heading(site.block)
    if not (found.location and found.inner == "" and heading):
        return []
    name = heading if looks_like_name(heading) else site.post.subject
    title = f"{name}: {found.location}" if name else found.location
    block = site.block
    if name and re.search(rf"@\s*{re.escape(found.location)}", block.text):
        title = clean_title(heading)  # "#### Talk night" / "Tue Sep 18 @ WeWork": its venue
    url = any_link(block) or site.post.link_line(site.index, block)
    return [Draft(found.kind, title, found.location, url, block.text)]


def date_lead(site: Site) -> list[Draft]:
    """`**Saturday 11 October** – Repair café. Bring your broken toaster …`: a paragraph or
    item that opens with its date (bold, italic or plain) and a dash or colon; the first
    sentence after it is the name, the sentences after that describe it."""
    block, span = site.block, site.span
    if block.kind not in ("paragraph", "item") or span is not site.spans[0]:
        return []
    if block.text[: span.start].strip(" *_"):
        return []  # something comes before the date
    rest = block.text[span.time_end or span.end :]
    line_end = rest.find("\n")
    alone = block.lead is not None and line_end >= 0 and not rest[:line_end].strip(" *_")
    if alone:  # "__20 August ab 18.00 Uhr__" / "Werwölfe von Düsterwald Spielerunde im Kultcaff"
        body = rest[line_end + 1 :].split("\n")[0]
    else:
        rest = rest.replace("\n", " ")
        opener = re.match(r"[\s*_]*(?:[–—:|]|-\s)\s*", rest)
        if opener is None:
            return []
        body = rest[opener.end() :]
    first = re.split(r"(?<=[\w)])[.!?](?:\s+|$)", body, maxsplit=1)[0]
    first = re.split(r"\s+[–—|]\s+|\s+-\s+", first, maxsplit=1)[0]
    first = re.sub(
        r",?\s*(?:from\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[–—-].*)?$", "", first
    )
    title = clean_title(first)
    if not 1 <= len(words(title)) <= 10 or v.PAST.search(first):
        return []  # a whole sentence, or narrative ("– we moved to the new hall")
    if re.match(r"(?i)(?:if|when|while|because|we|you|they|i|it|this|there)\b", title):
        return []  # a clause, not a name
    if looks_like_place(title):
        return []  # "June 15–18 – Berlin, Germany": a place, read by the series detectors
    location = prose_place(body, happening=True)
    url = link_at(block, span.end, len(block.text)) or any_link(block)
    kind = kind_of(first, "")
    return [Draft(kind, title, location, url, " ".join(block.text.split()[:60]))]


#: A status before the name of the event whose dates follow: "CFP and Registration open for".
_OPEN_FOR = re.compile(
    r"(?i)^(?:cfps?|registration|tickets?|call\s+for\s+\w+)(?:\s+(?:and|&|\+)\s+\w+)?\s+"
    r"(?:is\s+|are\s+)?(?:now\s+)?open\s+for\s+(?:the\s+)?(?=[A-Z0-9])"
)


def bare_label(site: Site) -> list[Draft]:
    """`Board meeting on 12 May`: the words beside the date are the only name there is."""
    found = site.listing
    if found is None or found.title is not None or series(site.block)[0] is not None:
        return []
    if found.location and found.inner == "":
        return []  # a place alone, with no heading to name it
    label = clean_title(strip_determiners(v.DANGLING.sub("", v.COPULA.sub("", found.inner))))
    if not re.search(r"[^\W\d_]", label) or len(words(label)) > 6 or only_when(found.inner):
        return []  # "Our maintainer gave a talk at X on": a sentence, not a label; "413"
    if v.PAST.search(label) or re.match(r"(?i)(?:by|before|until|since|on|in)\b", label):
        return []  # "By January 9 the fix was out": narrative
    if re.match(r"(?i)(?:if|when|while|because|once|unless|we|you|they|i)\b", label):
        return []  # "If you're at FOSDEM on 31 January, come say hi": a clause, not a name
    label = _OPEN_FOR.sub("", label)  # "Registration open for DataFest Europe 22-24 October"
    label = with_context(site, label) if generic(label) else label
    label, held = _held_in(label)
    named = next(
        (
            (link.text, place)
            for link in site.block.links
            if link.text
            and label.endswith(link.text)
            and looks_like_place(place := label[: -len(link.text)].strip(" ,-–—:"))
        ),
        None,
    )
    if named:  # "*Oct 4th* **Lisbon, Portugal** [Nodecopter LX](…)": a place, then the name
        label, held = named
    elif held is None and (label in CITY_ZONES or label.lower() in v.COUNTRIES):
        held = label  # "**Berlin, September 6-8**: Grab a ticket": the series' stop there
        name = site.post.context_name(site.block, label)[0]
        label = f"{name}: {label}" if name else label
    block = site.block
    return [Draft(found.kind, label, found.location or held, any_link(block), block.text)]


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
    inner = v.COPULA.sub("", found.inner)
    if name is None or not inner or found.location or len(words(inner)) > 6:
        return []
    if v.GENERIC_LINK.match(inner):
        return []
    block = site.block
    url = any_link(block) or name_url
    step = clean_title(strip_determiners(v.DANGLING.sub("", inner)))
    if not words(step):
        return []  # "🕐️ Friday 30, 09:00 CET (local time)": a date line, `series_date`
    return [Draft(found.kind, f"{name}: {step}", found.location, url, block.text)]


def series_date(site: Site) -> list[Draft]:
    """A date line under a heading or parent item naming the event (`# Summit` / `17-19 Oct`), or
    a bare date in a list under a paragraph about one (`The seminar will …` / `* 9 Sept, 413`)."""
    found = site.listing
    if found is None or found.title is not None:
        return []
    name, name_url = series(site.block)
    block = site.block
    head, sep, rest = block.text.partition("\n")
    when = head if sep and "\n" not in rest and only_when(head) else None  # "Mondays 7pm-8pm"
    only_dates = _only_dates(" " * len(head) + sep + rest if when else block.text, site.spans)
    if name is None and len(words(found.inner)) <= 3:  # "* 9 Sept, 413" under "The seminar …"
        name = site.post.list_lead(block)
        if name is None and (
            (block.kind == "item" and not block.parents)
            or (block.kind == "paragraph" and only_dates and len(site.spans) > 1)
        ):  # "## Go Tech Lunch" / "* August 14"; "### Fusion 360 basics" / "Nov. 4th, Nov. 11th"
            name, name_url = named_heading(block)
        if (
            name is None
            and block.kind == "item"
            and site.span.hour is not None
            and site.post.dated_siblings(block) >= 2
            and not re.search(r"[^\W\d_]{3}", _without_times(without_dates(block.text, site.spans)))
        ):  # "- Friday, December 6th, 2024, [2:30 pm to 4:30 pm](…)" in "Office Hours for …"
            subject = site.post.context_name(block)[0] or ""
            subject = without_dates(subject, find_dates(subject)).strip()
            subject = re.sub(r"(?i)(?:\s+(?:for|and|in|of|from|to|&|–|-))+\s*$", "", subject)
            name = clean_title(subject) or None  # "Office Hours for November and December 2024"
    if name is None:
        return []
    url = any_link(block) or name_url or site.post.link_line(site.index, block)
    location = found.location
    if location is None and (said := site.post.after_list(site.index)):
        location = said[1]  # "* August 14, 2024" … / "We always meet 12:15 CET at Pholosophy"
    if location is None and block.heading is not None and block.heading.pseudo:
        location = site.post.nearby_keys(site.index, block).get("where")  # "Lieu : Villa ACT"
    own: Resolved | None = None
    above = site.post.blocks[site.index - 1] if site.index else None
    if (
        when is None
        and only_dates
        and above is not None
        and above.line == block.line - 1
        and not site.post.spans[site.index - 1]
        and only_when(above.text)
    ):
        when = above.text
    if when and only_dates and site.span.hour is None and (times := find_times(when)):
        # "Mondays 7pm-8pm" / "Nov. 4th, Nov. 11th, Nov. 18th": the line above times them
        own = site.post.resolve(with_time(site.span, times[0][2]))
    return [Draft(found.kind, name, location, url, block.text, resolved=own)]


def _only_dates(text: str, spans: list[DateSpan]) -> bool:
    """True for a line that is nothing but dates: "Nov. 4th, Nov. 11th & Nov. 18th"."""
    for span in sorted(spans, key=lambda x: x.start, reverse=True):
        text = text[: span.start] + " " + text[span.time_end or span.end :]
    return not re.sub(r"(?i)[\s,;&/|·•*_–—-]+|\b(?:and|und|et|y|e|en)\b", "", text)


# --------------------------------------------------------------------------- the tables

#: Forms read from the block and its child items before anything else, and a window that
#: closes at 23:59 (a cut-off however its sentence reads).
BLOCK_DETECTORS: tuple[Detector, ...] = (dated_parent, closing_window)

#: Forms of a short, separated line: a listing entry, a table row, a key-value line.
LISTING_DETECTORS: tuple[Detector, ...] = (
    day_heading_item,
    timed_item,
    in_place_by,
    lead_title,
    support_end,
    support_table,
    prose_release,
    parenthesised,
    key_value,
    heading_date_line,
    comma_heading,
    titled_listing,
    title_in_child,
    untitled_deadline,
    save_the_date,
    own_date,
    kind_under_heading,
    place_under_heading,
    bare_label,
    place_in_series,
    series_step,
    series_date,
    date_lead,
)

#: Forms of a sentence that announces something.
PROSE_DETECTORS: tuple[Detector, ...] = (
    support_end,
    days_of,
    prose_release,
    prose_deadline,
    prose_followed_by,
    prose_happening,
    prose_german,
    taking_place,
    prose_talk,
    prose_opens,
    date_is,
    appointment,
    prose_next_named,
    moved_to,
    prose_object,
    prose_event_noun,
    prose_at_name,
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
    """The form a detector reads, in one line (the first paragraph of its docstring)."""
    first = (detector.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(first.split())
