"""Merging through its index gives exactly what comparing every mention with every group gives."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.model import Event, EventKind, Precision, Source
from feeds import merge as merging

WORDS = ["Rust", "Meetup", "Summit", "Berlin", "Paris", "2025", "the", "Days", ""]
FIRST = dt.date(2025, 1, 1)


def merge_by_scanning(mentions: list[Event]) -> list[Event]:
    """The merge as first written: each mention joins the first group (of all) accepting it."""
    groups: list[merging._Group] = []
    for event in merging._chronological(mentions):
        key = merging.title_key(event.title)
        group = next((g for g in groups if g.accepts(event, key, event.start_date)), None)
        if group is None:
            group = merging._Group(key=key)
            groups.append(group)
        group.add(event, event.start_date)
    return sorted((merging._entry(g.mentions) for g in groups), key=Event.sort_key)


@st.composite
def mentions(draw: st.DrawFn) -> list[Event]:
    count = draw(st.integers(0, 40))
    out = []
    for line in range(1, count + 1):
        title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=3)))
        start = FIRST + dt.timedelta(days=draw(st.integers(0, 400)))
        precision = draw(st.sampled_from(Precision))
        if precision is Precision.MONTH:
            start = start.replace(day=1)
            end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        else:
            end = start + dt.timedelta(days=draw(st.integers(0, 3)))
        post = draw(st.integers(0, 5))
        published = dt.datetime.combine(FIRST, dt.time(), tzinfo=dt.UTC) + dt.timedelta(
            days=post * draw(st.integers(1, 90))
        )
        source = Source(f"p{post}.md", line, f"Post {post}", published.date(), published)
        kind = draw(st.sampled_from(EventKind))
        out.append(Event(kind, title, start, end, precision, sources=(source,)))
    return out


@settings(max_examples=200, deadline=None)
@given(mentions())
def test_the_index_finds_the_group_a_scan_of_every_group_finds(found: list[Event]) -> None:
    assert merging.merge(found) == merge_by_scanning(found)


def test_a_reschedule_three_weeks_later_still_finds_its_group() -> None:
    """The index looks `RESCHEDULE_DAYS` beyond a mention's days, across bucket edges."""
    published = itertools.count()
    entries = []
    for moved in (merging.RESCHEDULE_DAYS, merging.RESCHEDULE_DAYS + 1):
        mentions = []
        for post, start in enumerate(
            (dt.date(2025, 3, 1), dt.date(2025, 3, 1) + dt.timedelta(moved))
        ):
            when = dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=next(published))
            source = Source(f"p{post}.md", 1, "Post", when.date(), when)
            mentions.append(Event(EventKind.EVENT, "Rust Summit", start, start, sources=(source,)))
        entries.append(len(merging.merge(mentions)))
    assert entries == [1, 2]
