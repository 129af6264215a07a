"""The iCalendar (RFC 5545) export: one subscribable VCALENDAR of every event and deadline.

The output is byte-for-byte reproducible: UIDs come from `identity`, every timestamp from the
source posts (never the clock), and items follow one canonical order. Every client in
`/work/shared/clients` (ical.js, libical, calcurse, khal, …) reads the same times from it.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import re
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import (
    Alarm,
    Calendar,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
    vText,
)
from icalendar import Event as VEvent

from extractor.model import Event, EventKind, Precision
from feeds import identity, sanitize
from feeds.settings import Settings
from feeds.tables import clean_text, display_title, item_link, local_start, public_url

#: No version number: a new release must not change every published calendar.
PRODID = "-//eventfeed//eventfeed//EN"

#: How long a timed item is shown for. A deadline is an instant, but a zero-length VEVENT
#: (DTEND = DTSTART, or no DTEND) is not read alike: calcurse rejects it ("end must be later
#: than start") and khal warns and stretches it to an hour. One minute is the nearest to an
#: instant that every client checked takes as written. A timed event of unknown length gets
#: the hour most calendar apps assume for an event given only a start.
DEADLINE_LENGTH = dt.timedelta(minutes=1)
EVENT_LENGTH = dt.timedelta(hours=1)

_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Zulu", "Zulu", "GMT", "Etc/GMT"})


Times = tuple[dt.date, dt.date] | tuple[dt.datetime, dt.datetime]


def _local_times(event: Event) -> Times:
    """DTSTART and DTEND in the item's own zone.

    All-day items end on the day after their last day (a DATE DTEND is exclusive). A timed
    deadline lasts `DEADLINE_LENGTH`, a timed one-day event `EVENT_LENGTH`, and a timed event
    over several days until the end of its last day.
    """
    start = local_start(event)
    if not isinstance(start, dt.datetime):
        return start, event.end + dt.timedelta(days=1)
    if event.kind is EventKind.DEADLINE:
        return start, start + DEADLINE_LENGTH
    if event.end <= start.date():
        return start, start + EVENT_LENGTH
    next_day = dt.datetime.combine(event.end + dt.timedelta(days=1), dt.time())
    return start, next_day.replace(tzinfo=start.tzinfo)


def _named_zone(times: Times) -> str | None:
    """The IANA zone a timed item can be written in with a TZID, else None.

    None for dates, UTC, bare offsets, and wall times that name no single instant (the
    repeated hour when DST ends, the skipped one when it starts): clients resolve those
    differently (ical.js, libical and khal take the later instant, most the earlier).
    """
    start, end = times
    if not isinstance(start, dt.datetime) or not isinstance(start.tzinfo, ZoneInfo):
        return None
    if start.tzinfo.key in _UTC_NAMES:
        return None
    for moment in (start, end):
        assert isinstance(moment, dt.datetime)
        if moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset():
            return None
    return start.tzinfo.key


def _ics_times(event: Event, zones: Mapping[str, object]) -> Times:
    """DTSTART and DTEND: dates, times with a TZID from `zones`, or else UTC times (the same
    instant in every client)."""
    times = _local_times(event)
    start, end = times
    if (
        isinstance(start, dt.datetime)
        and isinstance(end, dt.datetime)
        and _named_zone(times) not in zones
    ):
        return start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    return times


def _description(event: Event, settings: Settings) -> str:
    """The body text: the source sentence, the link, and where it was announced."""
    text = sanitize.block(event.text)
    lines = [text] if text else []
    if event.precision is Precision.MONTH:
        lines.append("The exact date has not been announced yet.")
    if url := public_url(event.url, settings):
        lines.append(f"More: {url}")
    seen: set[tuple[str, str | None]] = set()
    for source in event.sources:
        post = (sanitize.line(source.post_title), public_url(source.post_url, settings))
        if post not in seen:
            seen.add(post)
            lines.append(" ".join(p for p in ("Announced in:", *post) if p))
    return "\n".join(lines)


def _vevent(event: Event, uid: str, settings: Settings, zones: Mapping[str, object]) -> VEvent:
    """One VEVENT, with a VALARM per `settings.alarms` for a deadline."""
    vevent = VEvent()
    start, end = _ics_times(event, zones)
    vevent.add("UID", uid)
    vevent.add("DTSTAMP", identity.updated(event))
    vevent.add("CREATED", identity.announced(event))
    vevent.add("LAST-MODIFIED", identity.updated(event))
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("SUMMARY", display_title(event))
    vevent.add("DTSTART", start)
    vevent.add("DTEND", end)
    # These are announcements, not the subscriber's own appointments: never "busy".
    vevent.add("TRANSP", "TRANSPARENT")
    if event.precision is Precision.MONTH:
        vevent.add("STATUS", "TENTATIVE")
    kind = "Deadline" if event.kind is EventKind.DEADLINE else "Event"
    section = sanitize.line(event.section, sanitize.SECTION_CHARS)
    vevent.add("CATEGORIES", [kind, section] if section else [kind])
    vevent.add("DESCRIPTION", _description(event, settings))
    if location := sanitize.line(event.location, sanitize.LOCATION_CHARS):
        vevent.add("LOCATION", location)
    if url := item_link(event, settings):
        vevent.add("URL", url)
    if settings.organizer_email:
        organizer = vCalAddress(f"mailto:{settings.organizer_email}")
        # A DQUOTE cannot stand in a parameter value; icalendar would write RFC 6868's ^',
        # which few clients decode.
        name = clean_text(settings.organizer_name or settings.title).replace('"', "'")
        organizer.params["CN"] = " ".join(name.split())
        vevent.add("ORGANIZER", organizer)
    if event.kind is EventKind.DEADLINE:
        for before in sorted(set(settings.alarms), reverse=True):
            alarm = Alarm()
            alarm.add("ACTION", "DISPLAY")
            alarm.add("DESCRIPTION", display_title(event))
            alarm.add("TRIGGER", -before)
            vevent.add_component(alarm)
    return vevent


# --- VTIMEZONE ---------------------------------------------------------------------------
# One STANDARD and one DAYLIGHT observance with a yearly RRULE, as Google, Apple and Outlook
# write them. icalendar's `Timezone.from_tzid` lists every transition instead (several
# observances of one kind, RDATE lists); ical.js (Thunderbird) then reads summer times an hour
# off and the Ruby icalendar gem crashes, so the rule is built here from the zone's POSIX TZ
# string (the footer of its TZif file) and checked against zoneinfo for every time used.

_NAME = r"(?:<[A-Za-z0-9+-]+>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,2}(?::\d{2}){0,2}"
_RULE = r"M(\d{1,2})\.([1-5])\.([0-6])(?:/(\d{1,2}(?::\d{2}){0,2}))?"
_POSIX_TZ = re.compile(
    rf"({_NAME})({_OFFSET})(?:({_NAME})({_OFFSET})?,{_RULE},{_RULE})?",
    re.ASCII,
)
_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


@dataclass(frozen=True)
class _Onset:
    """A POSIX `Mm.w.d/time` rule: the w-th (5 = last) weekday d of month m, at local time."""

    month: int
    week: int
    weekday: int
    """0 = Sunday, as in POSIX."""
    time: dt.timedelta

    def local(self, year: int) -> dt.datetime:
        """The onset in `year`, as the naive wall time of the offset in force before it."""
        weekday = (self.weekday - 1) % 7  # Python counts from Monday
        if self.week == 5:
            day = dt.date(year + self.month // 12, self.month % 12 + 1, 1) - dt.timedelta(days=1)
            day -= dt.timedelta(days=(day.weekday() - weekday) % 7)
        else:
            day = dt.date(year, self.month, 1)
            day += dt.timedelta(days=(weekday - day.weekday()) % 7, weeks=self.week - 1)
        return dt.datetime.combine(day, dt.time()) + self.time

    def rrule(self) -> dict[str, object]:
        return {
            "FREQ": "YEARLY",
            "BYMONTH": self.month,
            "BYDAY": f"{-1 if self.week == 5 else self.week}{_WEEKDAYS[self.weekday]}",
        }


@dataclass(frozen=True)
class _Observance:
    name: str
    offset: dt.timedelta
    """UTC offset in force while this observance holds."""
    onset: _Onset | None
    """When it begins each year (None for a zone without daylight saving time)."""


def _hms(text: str) -> dt.timedelta:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")]
    hours, minutes, seconds = (*parts, 0, 0)[:3]
    return sign * dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def zone_file(key: str) -> bytes | None:
    """The zone's TZif file, where zoneinfo finds it (None: nowhere)."""
    for root in zoneinfo.TZPATH:
        path = Path(root, key)
        if path.is_file():
            return path.read_bytes()
    try:
        return importlib.resources.files("tzdata").joinpath("zoneinfo", key).read_bytes()
    except (ModuleNotFoundError, OSError, ValueError):
        return None


def _posix_tz(key: str) -> str | None:
    """The POSIX TZ string at the end of the zone's TZif file."""
    data = zone_file(key)
    if data is None or not data.startswith(b"TZif") or not data.endswith(b"\n"):
        return None
    return data.rsplit(b"\n", 2)[-2].decode("ascii", "replace")


def _observances(key: str) -> list[_Observance] | None:
    """The zone's current rules as observances, or None when they cannot be written as one
    RRULE each (times outside 0-24 h, Julian-day rules, a missing TZif footer)."""
    posix = _posix_tz(key)
    match = _POSIX_TZ.fullmatch(posix) if posix else None
    if match is None:
        return None
    std_name, std_off, dst_name, dst_off, *rules = match.groups()
    std = -_hms(std_off)  # POSIX offsets count hours west of Greenwich
    if dst_name is None:
        return [_Observance(std_name.strip("<>"), std, None)]
    dst = -_hms(dst_off) if dst_off else std + dt.timedelta(hours=1)
    onsets = []
    for month, week, weekday, time in (rules[:4], rules[4:]):
        at = _hms(time) if time else dt.timedelta(hours=2)
        if not (1 <= int(month) <= 12 and dt.timedelta(0) <= at < dt.timedelta(days=1)):
            return None
        onsets.append(_Onset(int(month), int(week), int(weekday), at))
    return [
        _Observance(dst_name.strip("<>"), dst, onsets[0]),
        _Observance(std_name.strip("<>"), std, onsets[1]),
    ]


def _offset_at(observances: Sequence[_Observance], moment: dt.datetime) -> dt.timedelta:
    """The UTC offset the observances give at the aware instant `moment`."""
    if len(observances) == 1:
        return observances[0].offset
    first, second = observances
    assert first.onset is not None and second.onset is not None
    year = moment.astimezone(dt.UTC).year
    utc = moment.astimezone(dt.UTC).replace(tzinfo=None)
    # Each onset is given in the wall time of the observance it ends.
    begin = first.onset.local(year) - second.offset
    end = second.onset.local(year) - first.offset
    inside = begin <= utc < end if begin < end else not end <= utc < begin
    return first.offset if inside else second.offset


def _vtimezone(key: str, observances: Sequence[_Observance]) -> Timezone:
    """The VTIMEZONE for `observances`; the one with the larger offset is DAYLIGHT."""
    vtimezone = Timezone()
    vtimezone.add("TZID", key)
    for this in observances:
        before = next((o for o in observances if o is not this), this)
        if this.onset is None:
            component: TimezoneStandard | TimezoneDaylight = TimezoneStandard()
            # Observance onsets are naive local wall times by definition (RFC 5545 3.6.5).
            component.add("DTSTART", dt.datetime.combine(dt.date(1970, 1, 1), dt.time()))
        else:
            is_daylight = this.offset > before.offset
            component = TimezoneDaylight() if is_daylight else TimezoneStandard()
            component.add("DTSTART", this.onset.local(1970))
            component.add("RRULE", this.onset.rrule())
        component.add("TZNAME", this.name)
        component.add("TZOFFSETFROM", before.offset)
        component.add("TZOFFSETTO", this.offset)
        vtimezone.add_component(component)
    return vtimezone


def zone_of(event: Event) -> tuple[str, bool] | None:
    """The IANA zone a timed item would be written in with a TZID, and whether that zone's
    VTIMEZONE (see `_observances`) gives the right offset at its start and end; None for an
    item that is never written with a TZID (dates, UTC, offsets, ambiguous wall times)."""
    times = _local_times(event)
    key = _named_zone(times)
    if key is None:
        return None
    observances = _cached_observances(key)
    fits = observances is not None and all(
        _offset_at(observances, t) == t.utcoffset() for t in times if isinstance(t, dt.datetime)
    )
    return key, fits


def calendar_zones(zones: Iterable[tuple[str, bool] | None]) -> list[str]:
    """The zones a calendar holding items in `zones` (`zone_of` each) writes as VTIMEZONEs,
    sorted: those every item in them fits. The items of the others are written in UTC, as a
    VTIMEZONE that disagrees with the tz database puts them at different times in different
    clients."""
    fits: dict[str, bool] = {}
    for zone in zones:
        if zone is not None:
            fits[zone[0]] = fits.get(zone[0], True) and zone[1]
    return sorted(key for key, ok in fits.items() if ok)


@cache
def _cached_observances(key: str) -> list[_Observance] | None:
    return _observances(key)


@cache
def vtimezone_text(key: str) -> bytes:
    """The VTIMEZONE of `key` (a zone `calendar_zones` returned) as iCalendar text."""
    observances = _cached_observances(key)
    if observances is None:
        raise ValueError(f"{key}: no VTIMEZONE can be written for this zone")
    return bytes(_vtimezone(key, observances).to_ical())


#: The last line of every calendar.
CALENDAR_END = b"END:VCALENDAR\r\n"


def calendar_head(settings: Settings, zones: Iterable[str]) -> bytes:
    """A calendar's text before its first VEVENT: its properties and the VTIMEZONE of each
    of `zones` (`calendar_zones`). The calendar is this, each VEVENT (`vevent_text`), and
    `CALENDAR_END`.

    `METHOD:PUBLISH` is only written with an organizer: libical rejects PUBLISH without an
    ORGANIZER in every VEVENT.
    """
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    if settings.organizer_email:
        calendar.add("METHOD", "PUBLISH")
    calendar.add("NAME", vText(clean_text(settings.title)))
    calendar.add("X-WR-CALNAME", vText(clean_text(settings.title)))
    calendar.add("DESCRIPTION", vText(clean_text(settings.description)))
    calendar.add("X-WR-CALDESC", vText(clean_text(settings.description)))
    calendar.add("REFRESH-INTERVAL", vDuration(settings.refresh), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(settings.refresh))
    text = bytes(calendar.to_ical())
    if not text.endswith(CALENDAR_END):
        raise ValueError("icalendar wrote a calendar that does not end with END:VCALENDAR")
    return text[: -len(CALENDAR_END)] + b"".join(vtimezone_text(key) for key in zones)


def vevent_settings(settings: Settings) -> Settings:
    """What of `settings` a VEVENT shows, the rest left at its default: its links' base, the
    reminders and the organizer (named after the calendar when it has no name of its own).

    Every VEVENT is rendered with these, so two calendars whose settings differ only in what
    a VEVENT does not show (their titles, say) share their VEVENTs' text.
    """
    organizer_name = None
    if settings.organizer_email:
        organizer_name = settings.organizer_name or settings.title
    return Settings(
        base_url=settings.base_url,
        alarms=settings.alarms,
        organizer_email=settings.organizer_email,
        organizer_name=organizer_name,
    )


def vevent_text(event: Event, uid: str, settings: Settings, *, zoned: bool) -> bytes:
    """One VEVENT as iCalendar text (CRLF lines, folded at 75 octets).

    `zoned`: the calendar holds the VTIMEZONE of the item's zone (`zone_of`), so its times
    are written with a TZID; else a timed item is written in UTC (the same instant in every
    client). `settings` are best `vevent_settings(...)`: the VEVENT shows nothing else.
    """
    zones: dict[str, None] = {}
    if zoned and (key := _named_zone(_local_times(event))) is not None:
        zones[key] = None
    return bytes(_vevent(event, uid, settings, zones).to_ical())


def to_ics(events: Sequence[Event], settings: Settings) -> bytes:
    """An RFC 5545 calendar of `events` as UTF-8 bytes (CRLF, folded at 75 octets, no BOM):
    `calendar_head`, a `vevent_text` per event in canonical order, `CALENDAR_END`."""
    entries = identity.ordered(events)
    found = [(event, uid, zone_of(event)) for event, uid in entries]
    zones = calendar_zones(zone for _, _, zone in found)
    within = set(zones)
    only = vevent_settings(settings)
    parts = [calendar_head(settings, zones)]
    for event, uid, zone in found:
        parts.append(vevent_text(event, uid, only, zoned=zone is not None and zone[0] in within))
    parts.append(CALENDAR_END)
    return b"".join(parts)
