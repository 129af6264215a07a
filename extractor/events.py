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

from extractor.context import PostContext, is_range_header, section
from extractor.dates import DateSpan, Resolved
from extractor.detectors import Draft, Site, detectors_for, rule_name
from extractor.model import Event, Post, Precision, Source
from extractor.text import Segment, segments_of
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

    def events(self) -> list[Event]:
        out: list[Event] = []
        context = self.context
        for index, (block, spans) in enumerate(zip(context.blocks, context.spans, strict=True)):
            if not spans or _is_listing_header(block):
                continue
            out.extend(self.block_events(index, block, spans))
        return out

    def block_events(self, index: int, block: Block, spans: list[DateSpan]) -> list[Event]:
        spans = _dates_of(block, spans)
        if self.context.restates_parent(block, spans):
            return []
        segments = segments_of(block.text, spans)
        out: list[Event] = []
        for span in spans:
            segment = next(
                (s for s in segments if s.start <= span.start < s.end),
                Segment(span.start, span.end, block.text[span.start : span.end]),
            )
            if is_range_header(block, spans, span):
                continue
            resolved = self.context.resolve(span)
            if resolved is None:
                continue
            if resolved.start == self.post.date and span.relative in ("today", "tonight"):
                continue
            site = Site(self.context, index, block, spans, span, segment, segments)
            for detector in detectors_for(site):
                drafts = detector(site)
                if drafts:
                    rule = rule_name(detector)
                    out.extend(
                        self._event(draft, draft.resolved or resolved, block, rule)
                        for draft in drafts
                        if re.search(r"[^\W\d_]{2}", draft.title)
                    )  # a title without a word ("41.2" in a table of timings) is no item
                    break
        return out

    def _event(self, draft: Draft, resolved: Resolved, block: Block, rule: str) -> Event:
        start, zone = _to_when(resolved)
        line = (draft.line or block).line
        return Event(
            kind=draft.kind,
            title=draft.title[:300],
            start=start,
            end=resolved.end,
            precision=resolved.precision,
            tz=zone,
            location=draft.location,
            url=draft.url,
            section=section(block),
            text=draft.text[:500],
            sources=(Source.of(self.post, line),),
        )


def events_of(post: Post, blocks: list[Block] | None = None) -> list[Event]:
    """Every event and deadline mentioned in `post`, in file order (in `blocks`, the post's
    blocks as `walker.walk_within` read them, when given)."""
    return _PostReader(post, blocks).events()
