"""Merging mentions into calendar entries: one entry per happening, stable UIDs, SEQUENCE."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extractor import extract
from extractor.model import Event, EventKind, Precision, Source
from feeds.merge import merge, same_title, title_key

ROOT = Path(__file__).resolve().parent.parent
D = dt.date
APRIL = D(2025, 4, 1)


def mention(
    title: str,
    start: dt.date,
    end: dt.date | None = None,
    *,
    post: str = "a.md",
    published: dt.date = APRIL,
    precision: Precision = Precision.DAY,
    location: str | None = None,
    kind: EventKind = EventKind.EVENT,
    line: int = 1,
) -> Event:
    when = dt.datetime.combine(published, dt.time(), tzinfo=dt.UTC)
    source = Source(post, line, post, published, when)
    return Event(kind, title, start, end or start, precision, location=location, sources=(source,))


def test_the_summit_from_three_seed_posts_is_one_entry() -> None:
    entries = merge(extract([ROOT / "seeds"]).events)
    summits = [e for e in entries if e.title == "OpenInfra Summit Europe"]
    assert len(summits) == 1
    (summit,) = summits
    assert (summit.start, summit.end) == (D(2025, 10, 17), D(2025, 10, 19))
    assert len({s.path for s in summit.sources}) == 3
    assert summit.announced.date() == D(2025, 4, 21)


def test_wording_differences_merge_distinct_events_on_one_day_do_not() -> None:
    entries = merge(
        [
            mention("OpenInfra Summit Europe", D(2025, 10, 17), D(2025, 10, 19), post="a.md"),
            mention("OpenInfra Summit Europe 2025", D(2025, 10, 17), D(2025, 10, 19), post="b.md"),
            mention("Rust Berlin", D(2025, 10, 17), post="b.md", line=5),
        ]
    )
    # One summit (a tie between wordings goes to the fuller title) and the meetup.
    assert sorted(e.title for e in entries) == ["OpenInfra Summit Europe 2025", "Rust Berlin"]


def test_a_month_refined_to_a_day_is_one_entry_with_the_day() -> None:
    entries = merge(
        [
            mention(
                "Birthday: Austin, TX",
                D(2025, 10, 1),
                D(2025, 10, 31),
                precision=Precision.MONTH,
                post="aug.md",
                published=D(2025, 8, 5),
            ),
            mention(
                "Birthday: Austin, TX", D(2025, 10, 3), post="oct.md", published=D(2025, 10, 20)
            ),
        ]
    )
    assert len(entries) == 1
    assert (entries[0].start, entries[0].precision) == (D(2025, 10, 3), Precision.DAY)
    assert entries[0].sequence == 1  # the date changed from "October" to 3 October


def test_a_later_post_moving_the_date_raises_sequence_and_keeps_the_uid() -> None:
    first = mention("Community Day", D(2026, 5, 5), post="a.md", published=D(2026, 3, 1))
    before = merge([first])
    moved = mention("Community Day", D(2026, 5, 12), post="b.md", published=D(2026, 4, 1))
    after = merge([first, moved])
    assert len(after) == 1
    assert after[0].start == D(2026, 5, 12)
    assert after[0].sequence == before[0].sequence + 1
    assert after[0].uid == before[0].uid


def test_dates_of_a_series_listed_in_one_post_stay_apart() -> None:
    entries = merge(
        [
            mention("Rust Berlin", D(2026, 8, 19), line=1),
            mention("Rust Berlin", D(2026, 8, 26), line=2),
        ]
    )
    assert [e.start for e in entries] == [D(2026, 8, 19), D(2026, 8, 26)]
    assert entries[0].uid != entries[1].uid


def test_adding_a_post_leaves_existing_uids_unchanged() -> None:
    seeds = extract([ROOT / "seeds"]).events
    april = [e for e in seeds if "april" in e.source.path]
    before = {e.title: e.uid for e in merge(april)}
    after = {e.uid for e in merge(seeds)}
    assert set(before.values()) <= after


def test_uids_are_unique_and_entries_keep_latest_place() -> None:
    entries = merge(extract([ROOT / "seeds"]).events)
    uids = [e.uid for e in entries]
    assert len(uids) == len(set(uids))
    summit = next(e for e in entries if e.title == "OpenInfra Summit Europe")
    assert summit.location == "Paris-Saclay, France"  # the latest post's wording


def test_title_keys_ignore_years_case_and_articles() -> None:
    assert title_key("The OpenInfra Summit Europe 2025") == title_key("openinfra summit europe")
    assert same_title(title_key("KubeCon NA"), title_key("KubeCon NA 2025"))
    assert not same_title(title_key("Rust Berlin"), title_key("Rust Oslo"))
