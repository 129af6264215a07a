"""Hand-built events and settings for the exporter tests (and for sample files for the clients)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from extractor.model import Event, EventKind, Precision, Source
from feeds.settings import Settings

LA = ZoneInfo("America/Los_Angeles")

SETTINGS = Settings(
    title="OpenInfra Events",
    description="Events and deadlines from the OpenInfra newsletter.",
    base_url="https://events.example.org/calendar/",
)
ORGANIZED = Settings(
    title=SETTINGS.title,
    description=SETTINGS.description,
    base_url=SETTINGS.base_url,
    organizer_email="events@example.org",
    organizer_name="OpenInfra Events Team",
)

APRIL = Source(
    path="seeds/april.md",
    line=48,
    post_title="Inside Open Infrastructure: April 2025",
    post_date=dt.date(2025, 4, 21),
    post_published=dt.datetime(2025, 4, 21, 17, 11, 25, tzinfo=dt.UTC),
    post_url="/blog/openinfra-newsletter-april-2025",
)
AUGUST = Source(
    path="seeds/august.md",
    line=37,
    post_title="Inside Open Infrastructure: August 2025",
    post_date=dt.date(2025, 8, 19),
    post_published=dt.datetime(2025, 8, 19, 15, 0, tzinfo=dt.UTC),
    post_url="https://events.example.org/blog/openinfra-newsletter-august-2025",
)
OCTOBER = Source(
    path="seeds/october.md",
    line=59,
    post_title="Inside Open Infrastructure: October 2025",
    post_date=dt.date(2025, 10, 22),
    post_published=dt.datetime(2025, 10, 22, 9, 30, tzinfo=dt.UTC),
    post_url=None,
)

SUMMIT = Event(
    kind=EventKind.EVENT,
    title="OpenInfra Summit Europe",
    start=dt.date(2025, 10, 17),
    end=dt.date(2025, 10, 19),
    location="Paris-Saclay, France",
    url="https://summit2025.openinfra.org/",
    section="Community Events",
    text="17-19 October 2025 | Paris-Saclay, FR | École Polytechnique Campus",
    sources=(APRIL, AUGUST),
    sequence=1,
)
CFP = Event(
    kind=EventKind.DEADLINE,
    title="OpenInfra Summit Europe: Submit a Talk",
    start=dt.datetime(2025, 6, 13, 23, 59, tzinfo=LA),
    end=dt.date(2025, 6, 13),
    tz="America/Los_Angeles",
    url="https://summit2025.openinfra.org/cfp/",
    section="Community Events",
    text="Submit a Talk | The deadline is 13 June at 23:59 PT",
    sources=(APRIL,),
)
ASIA = Event(
    kind=EventKind.EVENT,
    title="OpenInfra Summit Asia",
    start=dt.date(2026, 9, 1),
    end=dt.date(2026, 9, 30),
    precision=Precision.MONTH,
    location="Montreal",
    section="Community Events",
    text="OpenInfra Summit Asia - September 2026",
    sources=(OCTOBER,),
)
HOSTILE = Event(
    kind=EventKind.EVENT,
    title=(
        "Ünïcödé «Gipfeltreffen» für Ökosysteme; Cloud, Edge & KI \\ Zürich—東京 "
        "<script>alert('x')</script> " + "très long titre " * 8
    ),
    start=dt.date(2025, 11, 3),
    end=dt.date(2025, 11, 3),
    location="Zürich; Room 1, \\ Floor 2",
    url="/events/ünïcödé?a=1&b=<2>",
    section="=cmd|' /C calc'!A0",
    text=(
        'Line one;\nline two, with \\ backslash\r\nand <b>bold</b> & "quotes"\x0c\x00\n'
        '+SUM(1,2) <a href="javascript:alert(1)">click</a>'
    ),
    sources=(OCTOBER,),
)

EVENTS = (SUMMIT, CFP, ASIA, HOSTILE)

LATER = Event(
    kind=EventKind.EVENT,
    title="OpenStack Birthday Meetup",
    start=dt.date(2025, 5, 22),
    end=dt.date(2025, 5, 22),
    location="Stockholm, Sweden",
    section="Community Events",
    text="22 May: Stockholm, Sweden",
    sources=(APRIL,),
)
"""An extra event, to check that adding one changes no other item's identity."""


def timed(
    title: str, zone: str, wall: tuple[int, int, int, int, int], kind: EventKind = EventKind.EVENT
) -> Event:
    """A timed one-day item at wall time `wall` (year, month, day, hour, minute) in `zone`."""
    year, month, day, hour, minute = wall
    start = dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))
    return Event(
        kind=kind,
        title=title,
        start=start,
        end=start.date(),
        tz=zone,
        text=f"{title} at {start:%H:%M} {zone}",
        sources=(OCTOBER,),
    )


WORLD = (
    timed("Paris winter meetup", "Europe/Paris", (2026, 1, 15, 18, 30)),
    timed("Paris summer meetup", "Europe/Paris", (2026, 7, 2, 18, 30)),
    timed("Sydney user group", "Australia/Sydney", (2026, 2, 10, 17, 0)),
    timed("Dublin summer call", "Europe/Dublin", (2026, 6, 1, 9, 0)),
    timed("Dublin winter call", "Europe/Dublin", (2026, 12, 1, 9, 0)),
    timed("Bangalore workshop", "Asia/Kolkata", (2026, 3, 5, 10, 0)),
    timed("Tel Aviv meetup", "Asia/Jerusalem", (2026, 4, 20, 19, 0)),
    timed("UTC office hours", "UTC", (2026, 5, 5, 15, 0)),
    timed("Ballot closes", "America/New_York", (2026, 11, 1, 1, 30), kind=EventKind.DEADLINE),
    Event(
        kind=EventKind.EVENT,
        title="Bare offset webinar",
        start=dt.datetime(2026, 8, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=45))),
        end=dt.date(2026, 8, 1),
        sources=(OCTOBER,),
    ),
)
"""Timed items around the world: DST north and south, negative DST (Dublin), a zone whose
rules one VTIMEZONE cannot give (Jerusalem), UTC, an ambiguous DST-end time, a bare offset."""
