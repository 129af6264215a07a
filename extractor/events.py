"""From a post to its events and deadlines: walk the blocks, find the dates, run the detectors.

For every date expression in every block, the detectors of `extractor.detectors` are tried in
order; the first that reads an item there names it, and the date is placed in the calendar by
`extractor.dates`. What is not an event is left out before the detectors run: a header over a
listing ("Events between A and B"), a bare month beside a full date, a nested item restating its
parent's date, today's date.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from extractor import vocabulary as v
from extractor.context import PostContext, is_range_header, parent_details, section
from extractor.dates import WEEKDAYS, DateSpan, Resolved, replace, unresolvable, with_time
from extractor.detectors import Draft, Site, detectors_for, rule_name
from extractor.model import Event, EventKind, Post, Precision, Problem, Source
from extractor.text import (
    Segment,
    calendar_title,
    cell_segments,
    clean_title,
    is_condition,
    names_event,
    segments_of,
)
from extractor.walker import Block, walk


def _to_when(resolved: Resolved) -> tuple[dt.date | dt.datetime, str | None]:
    if resolved.time is None:
        return resolved.start, None
    moment = dt.datetime.combine(resolved.start, resolved.time)
    if resolved.zone:
        try:
            return moment.replace(tzinfo=ZoneInfo(resolved.zone)), resolved.zone
        except (KeyError, ValueError):
            return moment, None
    return moment, None


def _is_listing_header(block: Block) -> bool:
    """A heading over a listing ("Events between 13 and 20 August"), not an event."""
    return block.kind == "heading" and bool(
        re.search(r"\b(?:between|from|since|week of|month of)\b", block.text, re.I)
    )


def _dates_of(block: Block, spans: list[DateSpan]) -> list[DateSpan]:
    """The block's date expressions, less a bare month beside a full date of that month
    ("Jan 21: BerlinJS January": the month is part of a name)."""
    days = {s.m1 for s in spans if s.precision is Precision.DAY and not s.relative}
    return [s for s in spans if not (s.form == "month" and s.m1 in days)]


class _PostReader:
    """Runs the detectors over one post."""

    def __init__(self, post: Post, blocks: list[Block] | None = None) -> None:
        self.post = post
        if blocks is None:
            blocks = walk(post.body, post.body_line)
        self.context = PostContext.of(post, blocks)
        self.warnings: list[Problem] = []

    def events(self) -> list[Event]:
        out: list[Event] = []
        context = self.context
        # "**Thursday, October 15**" over "- 11:00 am: [Talk](…)": a day label gives its
        # sessions their day; said alone, it is no event of its own
        labels = {
            block.heading.line
            for block, spans in zip(context.blocks, context.spans, strict=True)
            if block.heading is not None and any(s.form == "timed" for s in spans)
        }
        for index, (block, spans) in enumerate(zip(context.blocks, context.spans, strict=True)):
            if not spans or _is_listing_header(block):
                continue
            if block.line in labels and block.strong and block.kind == "paragraph":
                continue
            out.extend(self.block_events(index, block, spans))
        return out

    def block_events(self, index: int, block: Block, spans: list[DateSpan]) -> list[Event]:
        spans = _dates_of(block, spans)
        if self.context.restates_parent(block, spans):
            return []
        segments = cell_segments(block.cells) if block.cells else segments_of(block.text, spans)
        out: list[Event] = []
        for span in spans:
            segment = next(
                (s for s in segments if s.start <= span.start < s.end),
                Segment(span.start, span.end, block.text[span.start : span.end]),
            )
            if is_range_header(block, spans, span):
                continue
            site = Site(self.context, index, block, spans, span, segment, segments)
            shared_time, shared_place = parent_details(block)
            if shared_time is not None and span.hour is None and span.precision is Precision.DAY:
                resolved = self.context.resolve(with_time(span, shared_time))
            else:
                resolved = self.context.resolve(span)
            if resolved is None:
                self._warn_unresolvable(site)
                continue
            if resolved.start == self.post.date and span.relative in ("today", "tonight"):
                continue
            if is_condition(block.text, span):
                continue
            if any(
                a <= span.start < b
                and block.text[a:b].strip()
                not in (block.text[span.start : span.end], block.text[span.start : span.time_end])
                for a, b in block.code
            ):
                continue  # a date in `inline code` is a value; but "will be on `2020-04-07`"
            if _SIGNED.search(block.text, 0, span.start):
                continue  # "— Name (@handle) July 1, 2015": an embedded post's date
            if _MAIL_DATE.search(block.text, 0, span.start) and _MAIL_HEADER.search(block.text):
                continue  # "From: … Date: Sep 7, 2011 7:21 PM Subject: …": when it was sent
            stamp = abs((resolved.start - self.post.date).days) <= 2
            if stamp and _STAMP.search(block.text[span.end : span.end + 60]):
                continue  # "September 08, 2011 00:08 | Tags:": when the post was written
            if _news_date(block, span, resolved, self.post.date):
                continue  # "## News" / "- May 7, 2014: Sent the last CFP": when it was said
            if _byline_date(block, span, resolved, self.post.date):
                continue  # "[An article](…), Its author, 5 Dec 2019": when it was published
            slotted = resolved  # an event on a weekly slot's day takes its time
            if resolved.time is None and resolved.start == resolved.end and span.d1 is not None:
                slot = self.context.weekly_time(index, resolved.start)
                slot = slot or self.context.series_time(index)  # "All talks start at 16:00"
                if slot is not None:
                    slotted = self.context.resolve(with_time(span, slot)) or resolved
            rule, drafts = _read(site)
            for draft in drafts:
                if _NONE_HELD.match(draft.title.split(": ")[-1]):
                    continue  # "| January 22 | No colloquium |": a date nothing happens on
                placed = draft.resolved or (slotted if draft.kind is EventKind.EVENT else resolved)
                said = self.context.deadline_time  # "The deadline is at 23:59 AoE", said once
                untimed = placed.time is None and placed.precision is Precision.DAY
                if draft.kind is EventKind.DEADLINE and said and untimed and span.d1 is not None:
                    timed = self.context.resolve(with_time(span, said[0]))
                    placed = replace(timed, zone=timed.zone or said[1]) if timed else placed
                # "no later than midnight AEST Wednesday 17 March", "August 6th - Midnight PDT":
                # a cut-off at midnight is the end of that day, as its readers take it
                around = block.text[max(0, span.start - 30) : (span.time_end or span.end) + 5]
                midnight = placed.time == dt.time(0, 0) and _MIDNIGHT.search(around)
                if draft.kind is EventKind.DEADLINE and midnight:
                    placed = replace(placed, time=dt.time(23, 59))  # "no later than midnight …"
                zone = self.context.zone_of(index)
                if placed.time is not None and placed.zone is None and zone is not None:
                    placed = replace(placed, zone=zone)  # "| When (UTC) |", "All times are UTC"
                standing = self.context.standing_place if draft.kind is EventKind.EVENT else None
                draft = replace(draft, location=draft.location or shared_place or standing)
                out.append(self._event(draft, placed, block, rule))
                if resolved.warning:
                    phrase = " ".join(block.text[span.start : span.end].split())
                    self._warn(block.line, f"“{phrase}”: {resolved.warning}")
        return out

    def _warn_unresolvable(self, site: Site) -> None:
        """A date that cannot be placed ("30 February", a weekday no nearby year has) where a
        detector reads an item: the item is left out, and the post gets a warning."""
        span = site.span
        why = unresolvable(span, self.post.date, self.context.hints)
        if not why:
            return
        _, drafts = _read(site)
        if drafts:
            phrase = " ".join(site.block.text[span.start : span.end].split())
            title = drafts[0].title
            self._warn(site.block.line, f"cannot resolve “{phrase}”: {why}; “{title}” left out")

    def _warn(self, line: int, message: str) -> None:
        problem = Problem(self.post.path, message, line, severity="warning")
        if problem not in self.warnings:
            self.warnings.append(problem)

    def _event(self, draft: Draft, resolved: Resolved, block: Block, rule: str) -> Event:
        start, zone = _to_when(resolved)
        line = (draft.line or block).line
        title = calendar_title(draft.title)
        if _JUNK_TITLE.fullmatch(title):  # "Am", "Uhr", "Date", "Event": a word beside the date
            name = self.context.context_name(block, title)[0] or clean_title(self.post.title)
            generic_noun = re.fullmatch(r"(?i)(?:the\s+)?(?:event|meeting)", title)
            if name and generic_noun and not names_event(name):
                name = f"{name} {title.split()[-1].lower()}"  # "Matrix event"
            title = calendar_title(name) if name else title
        return Event(
            kind=draft.kind,
            title=title[:300],
            start=start,
            end=resolved.end,
            precision=resolved.precision,
            tz=zone,
            location=draft.location if draft.kind is EventKind.EVENT else None,  # a cut-off
            # happens nowhere: the place beside a CFP is the conference's
            url=draft.url,
            section=section(block),
            text=draft.text[:500],
            sources=(Source.of(self.post, line),),
            rule=rule,
            reasoning=resolved.reason
            + (f"; warning: {resolved.warning}" if resolved.warning else ""),
        )


#: A title that is only a word written beside a date: a preposition, a key, a bare noun.
_JUNK_TITLE = re.compile(
    r"(?i)(?:the\s+)?(?:am|an|in|on|at|um|ab|le|la|el|de|du|em|no|date|dates|time|uhr|when|where|"
    r"event|datum|zeit|fecha|data|dia|wann|quand|tba|tbd|tbc|to be (?:announced|confirmed|"
    r"determined)|[a-z]+ly|"
    + "|".join(sorted((w for w in WEEKDAYS if len(w) > 3), key=len, reverse=True))
    + ")"  # "Samstag 02.03.2019:", a day's label over its sessions
)

#: A cut-off at midnight is the end of its day (23:59), not its first minute.
_MIDNIGHT = re.compile(r"(?i)\bmidnight\b")

#: Headings over a log of news, each entry opening with the day it was posted.
_NEWS_HEADING = re.compile(
    r"(?i)^(?:latest\s+)?(?:news|updates?|changelog|change\s+log|history|announcements|"
    r"what'?s\s+new)\s*:?$"
)


def _news_date(block: Block, span: DateSpan, resolved: Resolved, post_date: dt.date) -> bool:
    """True for the date an entry of a news log opens with, on or before the post's date."""
    heading = block.heading
    return (
        block.kind == "item"
        and heading is not None
        and bool(_NEWS_HEADING.match(heading.text.strip()))
        and not block.text[: span.start].strip(" *_[")
        and resolved.end <= post_date
    )


#: A title that says nothing happens: "No colloquium", "No meeting (CW24)", "Kein Treffen".
_NONE_HELD = re.compile(
    r"(?i)(?:no|kein(?:e|en)?|pas\s+de|geen|sin|nessun[oa]?)\s+"  # not "No Code Meetup"
    r"(?:meetings?|meetups?|colloquium|seminars?|class(?:es)?|sessions?|lectures?|talks?|"
    r"call|office\s+hours|treffen|stammtisch|vortrag|réunion|rencontre|bijeenkomst|reunión|charla)"
    r"(?:\s+(?:today|this\s+week|heute))?\s*(?:\([^()]*\))?\W*$"  # not "No talk, but …"
)

#: The signature of an embedded social media post, right before its date.
_SIGNED = re.compile(r"\(@\w{1,40}\)\s*$")


def _byline_date(block: Block, span: DateSpan, resolved: Resolved, post_date: dt.date) -> bool:
    """True for the date a reading list gives an article it links, after its author, on or
    before the post's date: "+ TUTORIAL: [Online Publication using IPFS](…), SimpleAsWater,
    13 Oct 2019"."""
    if block.kind != "item" or resolved.end > post_date or block.text[span.end :].strip(" .)"):
        return False
    first = next((x for x in block.links if x.text), None)
    lead = block.text[: first.start].strip(" *_") if first is not None else ""
    if first is None or (lead and not re.fullmatch(r"[A-Z]{2,12}:", lead)):
        return False  # the item opens with its link, or a label ("TUTORIAL:") and its link
    between = block.text[first.end : span.start]
    return bool(re.fullmatch(r",\s*[^,]{2,60},\s*", between))


#: A post's own stamp: "September 08, 2011 00:08 | Tags:", "Posted on 3 May by Ana".
_STAMP = re.compile(
    r"(?i)(?:^|[|·•]\s*)(?:tags|categories|filed\s+under|posted\s+(?:in|by)|comments?|permalink)"
    r"\s*:?\s*(?:$|[|·•])"
)

#: An e-mail's header quoted in a post: "From: … Date: Sep 7, 2011 7:21 PM Subject: …".
_MAIL_DATE = re.compile(r"(?i)\bDate:\s*$")
_MAIL_HEADER = re.compile(r"(?is)\bFrom:.{1,200}\bDate:.{1,80}\b(?:Subject|To):")

#: Version numbers, which name no item on their own ("v2.3.0", "1.8.x").
_VERSIONS = re.compile(r"(?<![\w.])v?\d+(?:\.(?:\d+|x))+(?:[-+][\w.]+)?")


def _read(site: Site) -> tuple[str, list[Draft]]:
    """The first detector that reads something at `site`, and what it read (titles with no
    word, like "41.2" in a table of timings or "v2.3.0" in a changelog, are no items; nor are
    cancelled slots, "No stream this week")."""
    for detector in detectors_for(site):
        drafts = detector(site)
        if drafts:
            kept = [
                d
                for d in drafts
                if re.search(r"[^\W\d_]", _VERSIONS.sub(" ", d.title))
                and not v.CANCELLED.search(d.title.rsplit(": ", 1)[-1])
            ]
            return rule_name(detector), kept
    return "", []


def scan(post: Post, blocks: list[Block] | None = None) -> tuple[list[Event], list[Problem]]:
    """Every event and deadline mentioned in `post`, in file order, and warnings about dates
    that could not be placed or contradict themselves (in `blocks`, the post's blocks as
    `walker.walk_within` read them, when given)."""
    reader = _PostReader(post, blocks)
    events = reader.events()
    return events, reader.warnings


def events_of(post: Post, blocks: list[Block] | None = None) -> list[Event]:
    """Every event and deadline mentioned in `post`, in file order."""
    return scan(post, blocks)[0]
