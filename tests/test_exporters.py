"""The exporters, read back with parsers we did not write: vobject, recurring-ical-events and
icalendar for ICS, feedparser (and the XML tree) for RSS/Atom, json and csv for the tables."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import icalendar
import pytest
import recurring_ical_events
import vobject
from exporter_fixtures import (
    APRIL,
    ASIA,
    AUGUST,
    CFP,
    EVENTS,
    HOSTILE,
    LA,
    LATER,
    ORGANIZED,
    SETTINGS,
    SUMMIT,
    WORLD,
    timed,
)

from extractor.model import Event, EventKind, Precision
from feeds import identity
from feeds.ics import to_ics
from feeds.settings import Settings
from feeds.syndication import format_when, item_title, to_atom, to_rss
from feeds.tables import CSV_FIELDS, FIELDS, event_to_dict, to_csv, to_json, to_jsonl

REPO = Path(__file__).resolve().parent.parent
UTC = dt.UTC


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def by_uid(events: tuple[Event, ...] | list[Event]) -> dict[str, Event]:
    return {identity.uid(e): e for e in events}


# --- identity ------------------------------------------------------------------------------


def test_uid_is_content_derived_and_ignores_the_post() -> None:
    elsewhere = dataclasses.replace(SUMMIT, sources=(AUGUST,), text="other words", sequence=3)
    spelled = dataclasses.replace(SUMMIT, title="  openinfra SUMMIT-europe ")
    assert identity.uid(SUMMIT) == identity.uid(elsewhere) == identity.uid(spelled)
    assert re.fullmatch(r"[0-9a-f]{40}@eventfeed", identity.uid(SUMMIT))


@pytest.mark.parametrize(
    "change",
    [
        {"kind": EventKind.DEADLINE},
        {"title": "OpenInfra Summit Asia"},
        {"start": dt.date(2025, 10, 18)},
    ],
    ids=["kind", "title", "start day"],
)
def test_uid_changes_with_kind_title_or_start_day(change: dict[str, object]) -> None:
    assert identity.uid(dataclasses.replace(SUMMIT, **change)) != identity.uid(SUMMIT)  # type: ignore[arg-type]


def test_ordered_gives_colliding_items_distinct_uids() -> None:
    twin = dataclasses.replace(SUMMIT, location="Online", url="https://example.org/stream")
    uids = [u for _, u in identity.ordered([twin, SUMMIT, CFP])]
    assert len(set(uids)) == 3
    base = identity.uid(SUMMIT)
    assert base in uids and base.replace("@", "-2@") in uids
    assert uids == [u for _, u in identity.ordered([CFP, SUMMIT, twin])]


# --- ICS: wire format ----------------------------------------------------------------------

ICS_CASES = {
    "plain": (EVENTS, SETTINGS),
    "organized": (EVENTS, ORGANIZED),
    "world": (WORLD, ORGANIZED),
    "empty": ((), SETTINGS),
}


@pytest.fixture(params=sorted(ICS_CASES))
def ics(request: pytest.FixtureRequest) -> tuple[bytes, tuple[Event, ...], Settings]:
    events, settings = ICS_CASES[request.param]
    return to_ics(events, settings), events, settings


def content_lines(data: bytes) -> list[str]:
    """Unfolded content lines."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def test_ics_lines_are_crlf_folded_at_75_octets_without_splitting_utf8(
    ics: tuple[bytes, tuple[Event, ...], Settings],
) -> None:
    data, _, _ = ics
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    for line in lines:
        assert len(line) <= 75, line
        assert b"\n" not in line and b"\r" not in line
        line.decode("utf-8")  # a fold never cuts a multi-byte character


def test_ics_calendar_properties(ics: tuple[bytes, tuple[Event, ...], Settings]) -> None:
    data, _, settings = ics
    lines = content_lines(data)
    for expected in (
        "VERSION:2.0",
        "PRODID:-//eventfeed//eventfeed//EN",
        "CALSCALE:GREGORIAN",
        f"NAME:{settings.title}",
        f"X-WR-CALNAME:{settings.title}",
        f"X-WR-CALDESC:{settings.description}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
    ):
        assert expected in lines


def test_method_publish_only_with_an_organizer_on_every_vevent(
    ics: tuple[bytes, tuple[Event, ...], Settings],
) -> None:
    data, events, settings = ics
    lines = content_lines(data)
    organizers = [line for line in lines if line.startswith("ORGANIZER")]
    if settings.organizer_email:
        assert "METHOD:PUBLISH" in lines
        assert organizers == [
            f'ORGANIZER;CN="{settings.organizer_name}":mailto:{settings.organizer_email}'
        ] * len(events)
    else:
        assert not [line for line in lines if line.startswith("METHOD")]
        assert organizers == []


def test_ics_is_byte_identical_whatever_the_input_order(
    ics: tuple[bytes, tuple[Event, ...], Settings],
) -> None:
    data, events, settings = ics
    assert to_ics(events, settings) == data
    assert to_ics(tuple(reversed(events)), settings) == data


# --- ICS: read back ------------------------------------------------------------------------


def vobject_events(data: bytes) -> dict[str, vobject.base.Component]:
    calendar = vobject.readOne(data.decode("utf-8"), validate=True)
    return {v.uid.value: v for v in calendar.vevent_list}


def test_all_day_event_ends_the_day_after_its_last_day() -> None:
    data = to_ics(EVENTS, SETTINGS)
    summit = vobject_events(data)[identity.uid(SUMMIT)]
    assert summit.dtstart.value == dt.date(2025, 10, 17)
    assert summit.dtend.value == dt.date(2025, 10, 20)  # exclusive: 17, 18 and 19 October
    calendar = icalendar.Calendar.from_ical(data)
    on = recurring_ical_events.of(calendar).at
    assert identity.uid(SUMMIT) in {str(e["UID"]) for e in on((2025, 10, 19))}
    assert identity.uid(SUMMIT) not in {str(e["UID"]) for e in on((2025, 10, 20))}


def test_deadline_at_2359_pacific_is_0659_utc_next_day() -> None:
    data = to_ics(EVENTS, ORGANIZED)
    assert "DTSTART;TZID=America/Los_Angeles:20250613T235900" in content_lines(data)
    cfp = vobject_events(data)[identity.uid(CFP)]  # vobject uses the file's own VTIMEZONE
    assert cfp.dtstart.value.astimezone(UTC) == utc(2025, 6, 14, 6, 59)
    calendar = icalendar.Calendar.from_ical(data)
    (occurrence,) = [
        e
        for e in recurring_ical_events.of(calendar).between((2025, 6, 1), (2025, 7, 1))
        if str(e["UID"]) == identity.uid(CFP)
    ]
    assert occurrence.start.astimezone(UTC) == utc(2025, 6, 14, 6, 59)
    assert occurrence.end - occurrence.start == dt.timedelta(minutes=1)


@pytest.mark.parametrize("event", WORLD, ids=lambda e: e.title)
def test_timed_items_keep_their_instant_in_every_zone(event: Event) -> None:
    data = to_ics(WORLD, ORGANIZED)
    parsed = vobject_events(data)[identity.uid(event)]
    assert isinstance(event.start, dt.datetime)
    assert parsed.dtstart.value.astimezone(UTC) == event.start.astimezone(UTC)
    ical = next(
        e for e in icalendar.Calendar.from_ical(data).walk("VEVENT") if e["UID"] == parsed.uid.value
    )
    assert ical.decoded("DTSTART").astimezone(UTC) == event.start.astimezone(UTC)


@pytest.mark.parametrize(
    "zone",
    [
        "America/Los_Angeles",
        "America/St_Johns",  # half-hour offset
        "Europe/Dublin",  # "negative" DST: winter is the POSIX daylight period
        "Australia/Sydney",  # southern hemisphere
        "Australia/Lord_Howe",  # 30-minute DST
        "Pacific/Chatham",  # transitions at 2:45 and 3:45
        "Asia/Tokyo",  # no DST
    ],
)
def test_the_vtimezone_in_the_file_agrees_with_the_tz_database(zone: str) -> None:
    """vobject computes times from the file's VTIMEZONE (as ical.js, libical and the Ruby gem
    do); a wrong rule would move these items. Noon on the 1st and 15th of each month, 2027."""
    items = tuple(
        timed(f"{zone} {month}-{day}", zone, (2027, month, day, 12, 0))
        for month in range(1, 13)
        for day in (1, 15)
    )
    data = to_ics(items, SETTINGS)
    assert f"TZID:{zone}" in content_lines(data)
    parsed = vobject_events(data)
    for item in items:
        assert isinstance(item.start, dt.datetime)
        assert parsed[identity.uid(item)].dtstart.value.astimezone(UTC) == item.start.astimezone(
            UTC
        )


def test_every_tzid_has_a_vtimezone_and_unsafe_times_fall_back_to_utc() -> None:
    data = to_ics(WORLD, ORGANIZED)
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.get_missing_tzids() == set()
    zones = {tz.tz_name for tz in calendar.timezones}
    assert zones == {  # New York's only item is in UTC, so it needs no VTIMEZONE
        "Asia/Kolkata",
        "Australia/Sydney",
        "Europe/Dublin",
        "Europe/Paris",
    }
    for vtimezone in calendar.timezones:  # one observance of each kind: ical.js, Ruby gem
        kinds = [c.name for c in vtimezone.subcomponents]
        assert len(kinds) == len(set(kinds)) and "RDATE" not in vtimezone.to_ical().decode()
    lines = content_lines(data)
    for utc_start in (
        "DTSTART:20260420T160000Z",  # Tel Aviv: no single yearly rule gives Israel's DST
        "DTSTART:20261101T053000Z",  # New York 01:30 on 1 Nov 2026 happens twice
        "DTSTART:20260801T061500Z",  # a bare offset has no zone name
        "DTSTART:20260505T150000Z",  # UTC
    ):
        assert utc_start in lines


def test_vevent_properties_come_from_the_posts_not_the_clock() -> None:
    vevents = vobject_events(to_ics(EVENTS, ORGANIZED))
    for event in EVENTS:
        vevent = vevents[identity.uid(event)]
        assert vevent.dtstamp.value == event.updated
        assert vevent.last_modified.value == event.updated
        assert vevent.created.value == event.announced
        assert int(vevent.sequence.value) == event.sequence
    summit = vevents[identity.uid(SUMMIT)]
    assert summit.dtstamp.value == AUGUST.post_published  # the latest post
    assert summit.created.value == APRIL.post_published  # the first post


def test_vevent_text_categories_and_alarms() -> None:
    vevents = vobject_events(to_ics(EVENTS, ORGANIZED))
    summit = vevents[identity.uid(SUMMIT)]
    assert summit.summary.value == "OpenInfra Summit Europe"
    assert summit.location.value == "Paris-Saclay, France"
    assert summit.url.value == "https://summit2025.openinfra.org/"
    assert summit.categories.value == ["Event", "Community Events"]
    assert not hasattr(summit, "valarm")
    description = summit.description.value.splitlines()
    assert description[0] == SUMMIT.text
    assert description[-2:] == [
        "Announced in: Inside Open Infrastructure: April 2025 "
        "https://events.example.org/blog/openinfra-newsletter-april-2025",
        "Announced in: Inside Open Infrastructure: August 2025 "
        "https://events.example.org/blog/openinfra-newsletter-august-2025",
    ]

    cfp = vevents[identity.uid(CFP)]
    assert cfp.summary.value == "Deadline: OpenInfra Summit Europe: Submit a Talk"
    assert cfp.categories.value == ["Deadline", "Community Events"]
    alarms = cfp.contents["valarm"]
    assert [a.trigger.value for a in alarms] == [-dt.timedelta(days=7), -dt.timedelta(days=1)]
    assert {a.action.value for a in alarms} == {"DISPLAY"}
    assert all(a.description.value for a in alarms)

    asia = vevents[identity.uid(ASIA)]
    assert "to be announced" in asia.summary.value
    assert (asia.dtstart.value, asia.dtend.value) == (dt.date(2026, 9, 1), dt.date(2026, 10, 1))


def test_hostile_text_survives_escaping_and_folding() -> None:
    data = to_ics(EVENTS, ORGANIZED)
    hostile = vobject_events(data)[identity.uid(HOSTILE)]
    # Markup is dropped (an iCalendar TEXT cannot escape it, and some clients render HTML);
    # `;`, `,`, `\\` and line breaks survive iCalendar's escaping.
    assert hostile.summary.value == " ".join(HOSTILE.title.split()).replace(
        "<script>alert('x')</script>", "alert('x')"
    )
    assert hostile.location.value == HOSTILE.location
    assert hostile.categories.value == ["Event", HOSTILE.section]
    assert hostile.description.value.startswith(
        'Line one;\nline two, with \\ backslash\nand bold & "quotes"\n\n+SUM(1,2) click'
    )
    assert hostile.url.value == (
        "https://events.example.org/events/%C3%BCn%C3%AFc%C3%B6d%C3%A9?a=1&b=%3C2%3E"
    )
    assert "\x00" not in data.decode() and "\x0c" not in data.decode()


def test_uids_are_stable_when_other_events_are_added() -> None:
    before = vobject_events(to_ics(EVENTS, SETTINGS))
    after = vobject_events(to_ics((LATER, *EVENTS), SETTINGS))
    assert set(before) < set(after)
    for uid, vevent in before.items():
        assert after[uid].summary.value == vevent.summary.value


# --- RSS and Atom --------------------------------------------------------------------------

FEEDS: dict[str, Callable[..., bytes]] = {"rss": to_rss, "atom": to_atom}


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (SUMMIT, "17–19 Oct 2025"),
        (CFP, "13 Jun 2025, 23:59 PDT"),
        (ASIA, "Sep 2026"),
        (LATER, "22 May 2025"),
        (dataclasses.replace(SUMMIT, end=dt.date(2025, 11, 2)), "17 Oct – 2 Nov 2025"),
        (dataclasses.replace(SUMMIT, end=dt.date(2026, 1, 2)), "17 Oct 2025 – 2 Jan 2026"),
        (dataclasses.replace(ASIA, end=dt.date(2026, 11, 30)), "Sep–Nov 2026"),
        (dataclasses.replace(ASIA, end=dt.date(2027, 1, 31)), "Sep 2026 – Jan 2027"),
        (
            dataclasses.replace(
                CFP, start=dt.datetime(2025, 12, 1, 23, 59, tzinfo=LA), end=dt.date(2025, 12, 1)
            ),
            "1 Dec 2025, 23:59 PST",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_format_when(event: Event, expected: str) -> None:
    assert format_when(event) == expected


def test_item_title() -> None:
    assert item_title(SUMMIT) == "17–19 Oct 2025 · OpenInfra Summit Europe (Paris-Saclay, France)"
    assert item_title(CFP) == (
        "13 Jun 2025, 23:59 PDT · Deadline: OpenInfra Summit Europe: Submit a Talk"
    )
    assert item_title(ASIA) == "Sep 2026 · OpenInfra Summit Asia (Montreal)"
    in_title = dataclasses.replace(LATER, title="Birthday: Stockholm, Sweden")
    assert item_title(in_title) == "22 May 2025 · Birthday: Stockholm, Sweden"  # said once


@pytest.fixture(params=sorted(FEEDS))
def feed_format(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_feed_parses_cleanly_with_one_entry_per_event_newest_announcement_first(
    feed_format: str,
) -> None:
    data = FEEDS[feed_format]((*EVENTS, LATER), SETTINGS)
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == {"rss": "rss20", "atom": "atom10"}[feed_format]
    uids = [e.id.rsplit(":", 1)[1] for e in parsed.entries]
    expected = [HOSTILE, ASIA, LATER, CFP, SUMMIT]  # Oct 22 (by date), then Apr 21 (by date)
    assert uids == [identity.uid(e) for e in expected]
    for entry, event in zip(parsed.entries, expected, strict=True):
        assert entry.title == item_title(event)
        assert entry.published_parsed[:6] == event.announced.utctimetuple()[:6]
        if feed_format == "atom":
            assert entry.updated_parsed[:6] == event.updated.utctimetuple()[:6]


def test_feed_ids_are_stable_tag_uris(feed_format: str) -> None:
    parsed = feedparser.parse(FEEDS[feed_format](EVENTS, SETTINGS))
    ids = {e.id for e in parsed.entries}
    assert f"tag:events.example.org,2025-04-21:{identity.uid(SUMMIT)}" in ids
    assert f"tag:events.example.org,2025-04-21:{identity.uid(CFP)}" in ids
    if feed_format == "rss":
        assert all(not e.guidislink for e in parsed.entries)  # isPermaLink="false"
    again = feedparser.parse(FEEDS[feed_format]((LATER, *EVENTS), SETTINGS))
    assert ids < {e.id for e in again.entries}


def test_feed_updated_is_the_newest_entry_not_the_build_time(feed_format: str) -> None:
    parsed = feedparser.parse(FEEDS[feed_format](EVENTS, SETTINGS))
    assert parsed.feed.updated_parsed[:6] == (2025, 10, 22, 9, 30, 0)  # OCTOBER post
    empty = feedparser.parse(FEEDS[feed_format]((), SETTINGS))
    assert empty.feed.updated_parsed[:6] == (1970, 1, 1, 0, 0, 0)
    pinned = dataclasses.replace(SETTINGS, now=utc(2025, 12, 15))
    empty = feedparser.parse(FEEDS[feed_format]((), pinned))
    assert empty.feed.updated_parsed[:6] == (2025, 12, 15, 0, 0, 0)


def test_feed_is_byte_identical_across_calls(feed_format: str) -> None:
    export = FEEDS[feed_format]
    assert export(EVENTS, SETTINGS) == export(tuple(reversed(EVENTS)), SETTINGS)


def test_feed_generator_and_links(feed_format: str) -> None:
    data = FEEDS[feed_format](EVENTS, SETTINGS)
    parsed = feedparser.parse(data)
    assert parsed.feed.generator == "eventfeed"
    assert b"<generator>eventfeed</generator>" in data and b"feedgen" not in data
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == [f"https://events.example.org/calendar/{feed_format}.xml"]
    assert parsed.feed.link == "https://events.example.org/calendar/"
    custom = feedparser.parse(FEEDS[feed_format](EVENTS, SETTINGS, self_url="/feeds/x.xml"))
    assert [link.href for link in custom.feed.links if link.rel == "self"] == [
        "https://events.example.org/feeds/x.xml"
    ]
    by_title = {e.title: e for e in parsed.entries}
    assert by_title[item_title(SUMMIT)].link == "https://summit2025.openinfra.org/"
    urls = re.findall(rb'href="([^"]*)"', data) + re.findall(rb"<link>([^<]*)</link>", data)
    assert urls and all(u.startswith(b"https://") for u in urls)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]


def entry_html(data: bytes, feed_format: str) -> dict[str, str]:
    """Each entry's HTML body (as the XML carries it, before any sanitising), by guid/id."""
    root = ET.fromstring(data)
    if feed_format == "rss":
        return {i.findtext("guid", ""): i.findtext("description", "") for i in root.iter("item")}
    atom = "{http://www.w3.org/2005/Atom}"
    return {
        e.findtext(f"{atom}id", ""): e.findtext(f"{atom}content", "")
        for e in root.iter(f"{atom}entry")
    }


def test_feed_html_is_escaped_and_links_are_safe(feed_format: str) -> None:
    bodies = entry_html(FEEDS[feed_format](EVENTS, SETTINGS), feed_format)
    hostile = next(body for uid, body in bodies.items() if identity.uid(HOSTILE) in uid)
    assert "script" not in hostile  # the title is not repeated in the body
    # Markup in the text is dropped, not merely escaped; its words stay.
    assert "and bold &amp; &quot;quotes&quot;" in hostile and "click" in hostile
    assert "&lt;" not in hostile and "javascript" not in hostile
    for body in bodies.values():
        parser = _Tags()
        parser.feed(body)
        assert parser.tags <= {"p", "br", "strong", "a"}
        assert all(h.startswith(("https://", "http://", "mailto:")) for h in parser.hrefs)


# --- JSON, JSON Lines, CSV -----------------------------------------------------------------


def test_event_to_dict_has_issue_2s_json_shape() -> None:
    assert event_to_dict(SUMMIT) == {
        "uid": identity.uid(SUMMIT),
        "kind": "event",
        "title": "OpenInfra Summit Europe",
        "start": "2025-10-17",
        "end": "2025-10-19",
        "all_day": True,
        "precision": "day",
        "timezone": None,
        "location": "Paris-Saclay, France",
        "url": "https://summit2025.openinfra.org/",
        "categories": ["Event", "Community Events"],
        "source": {
            "path": "seeds/april.md",
            "line": 48,
            "title": "Inside Open Infrastructure: April 2025",
            "url": "/blog/openinfra-newsletter-april-2025",
            "date": "2025-04-21",
        },
        "text": SUMMIT.text,
        "sources": [
            {
                "path": "seeds/april.md",
                "line": 48,
                "title": "Inside Open Infrastructure: April 2025",
                "url": "/blog/openinfra-newsletter-april-2025",
                "date": "2025-04-21",
            },
            {
                "path": "seeds/august.md",
                "line": 37,
                "title": "Inside Open Infrastructure: August 2025",
                "url": "https://events.example.org/blog/openinfra-newsletter-august-2025",
                "date": "2025-08-19",
            },
        ],
    }
    assert list(event_to_dict(SUMMIT)) == list(FIELDS)


def test_a_timed_item_has_an_offset_and_no_end_day() -> None:
    cfp = event_to_dict(CFP)
    assert (cfp["kind"], cfp["start"], cfp["end"], cfp["all_day"], cfp["timezone"]) == (
        "deadline",
        "2025-06-13T23:59-07:00",
        None,
        False,
        "America/Los_Angeles",
    )
    assert event_to_dict(ASIA)["precision"] == "month"


def test_to_json_is_an_array_of_records() -> None:
    data = to_json(EVENTS, SETTINGS)
    assert data.endswith(b"]\n") and "Ünïcödé".encode() in data
    records = json.loads(data)
    assert [e["uid"] for e in records] == [identity.uid(e) for e in (CFP, SUMMIT, HOSTILE, ASIA)]
    assert all(list(e) == list(FIELDS) for e in records)
    assert to_json((), SETTINGS) == b"[]\n"


def test_to_jsonl_matches_to_json() -> None:
    lines = to_jsonl(EVENTS).decode("utf-8").splitlines(keepends=True)
    assert all(line.endswith("}\n") for line in lines)
    assert [json.loads(line) for line in lines] == json.loads(to_json(EVENTS, SETTINGS))
    assert to_jsonl(()) == b""


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_to_csv_is_rfc4180_with_the_scalar_keys() -> None:
    data = to_csv(EVENTS, SETTINGS)
    header, *rows = csv_rows(data)
    assert header == list(CSV_FIELDS)
    assert {"source_path", "source_line", "categories", "all_day"} <= set(header)
    assert len(rows) == len(EVENTS)
    assert re.fullmatch(rb"(?:[^\r\n]|\r\n|\n)*\r\n", data)  # rows end CRLF; LF only in cells
    assert data.count(b"\r\n") >= len(EVENTS) + 1
    summit = dict(zip(header, rows[1], strict=True))
    assert (
        summit["start"],
        summit["end"],
        summit["timezone"],
        summit["source_line"],
        summit["all_day"],
        summit["categories"],
    ) == ("2025-10-17", "2025-10-19", "", "48", "true", "Event; Community Events")
    hostile = dict(zip(header, rows[2], strict=True))
    assert hostile["categories"] == "Event; " + str(HOSTILE.section)
    assert hostile["text"] == (
        'Line one;\nline two, with \\ backslash\nand bold & "quotes"\n\n+SUM(1,2) click'
    )


@pytest.mark.parametrize("first", ["=", "+", "-", "@"], ids=repr)
def test_csv_cells_that_look_like_formulas_are_neutralised(first: str) -> None:
    event = dataclasses.replace(LATER, title=f'{first}HYPERLINK("http://evil")', location=first)
    _, row = csv_rows(to_csv([event], SETTINGS))
    record = dict(zip(CSV_FIELDS, row, strict=True))
    assert record["title"] == f'\'{first}HYPERLINK("http://evil")'
    assert record["location"] == f"'{first}"


@pytest.mark.parametrize("first", ["\t", "\r", "\n", " ", "  \t"], ids=repr)
def test_csv_cells_with_a_formula_after_white_space_are_neutralised(first: str) -> None:
    event = dataclasses.replace(LATER, title=f"{first}=1+2", text=f"{first}=1+2")
    _, row = csv_rows(to_csv([event], SETTINGS))
    record = dict(zip(CSV_FIELDS, row, strict=True))
    assert (record["title"], record["text"]) == ("'=1+2", "'=1+2")


def test_tables_do_not_import_icalendar_or_feedgen() -> None:
    code = "import sys, feeds.tables; print(sorted({'icalendar', 'feedgen'} & set(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_month_precision_is_exported_as_such() -> None:
    assert ASIA.precision is Precision.MONTH
    record = json.loads(to_json([ASIA], SETTINGS))[0]
    assert (record["start"], record["end"], record["precision"]) == (
        "2026-09-01",
        "2026-09-30",
        "month",
    )
