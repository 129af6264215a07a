"""Flat exports (JSON, JSON Lines, CSV): one record per event, the same keys in each.

Also the few helpers every exporter shares (local start, public links, display titles); this
module imports neither icalendar nor feedgen, so the light formats load fast.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import quote, urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from extractor.model import Event, EventKind, Precision, Source
from feeds import identity, sanitize
from feeds.settings import Settings

#: The keys of `event_to_dict`, in order (issue 2's JSON shape; other tools read these names).
FIELDS = (
    "uid",
    "kind",
    "title",
    "start",
    "end",
    "all_day",
    "precision",
    "timezone",
    "location",
    "url",
    "categories",
    "source",
    "text",
    "sources",
)
#: CSV columns: the scalar keys, `categories` joined, `source` spread over `source_*` columns.
CSV_FIELDS = (
    *FIELDS[: FIELDS.index("source")],
    *(f"source_{key}" for key in ("path", "line", "title", "url", "date")),
    "text",
)

#: RFC 3986 reserved characters, `%` (already encoded) and `~`: kept as they are.
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~"


def zone(event: Event) -> dt.tzinfo | None:
    """The zone a timed item's wall time is given in: its `tz`, else the start's own zone."""
    if not isinstance(event.start, dt.datetime):
        return None
    if event.tz:
        try:
            return ZoneInfo(event.tz)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return event.start.tzinfo


def local_start(event: Event) -> dt.date | dt.datetime:
    """The start as a date (all-day), an aware datetime in the item's own zone, or, for a time
    written without a zone, the naive wall time (publishing gives it the site's zone first)."""
    if isinstance(event.start, dt.datetime) and event.start.tzinfo is not None:
        return event.start.astimezone(zone(event))
    return event.start  # a date, or a time written without a zone (kept floating)


def public_url(url: str | None, settings: Settings) -> str | None:
    """`url` made absolute and URI-safe, or None unless it is an http(s) or mailto link.

    Non-ASCII characters, spaces and `<>"` are percent-encoded (an ICS URL and a feed link must
    be a URI); `javascript:`, `data:` and other schemes, and links no browser can parse, are
    dropped rather than published (`sanitize.safe_url`).
    """
    return _public_url(url, settings.base_url) if url else None


@lru_cache(maxsize=1 << 16)
def _public_url(url: str, base_url: str) -> str | None:
    """`public_url` against `base_url`; remembered, as the posts' links repeat in every entry
    they announce."""
    safe = sanitize.safe_url(url)
    if safe is None:
        return None
    base = base_url if base_url.endswith("/") else base_url + "/"
    try:
        joined = urljoin(base, safe)  # as `Settings.absolute`
    except ValueError:  # urljoin refuses what it cannot split ("http://[oops")
        return None
    absolute = sanitize.safe_url(joined)
    if not absolute or urlsplit(absolute).scheme.lower() not in sanitize.LINK_SCHEMES:
        return None
    return quote(absolute, safe=_URI_SAFE)


def item_link(event: Event, settings: Settings) -> str | None:
    """Where a reader goes for the item: its own link, else the first post that has one."""
    candidates = (event.url, *(s.post_url for s in event.sources))
    return next((u for c in candidates if (u := public_url(c, settings))), None)


def clean_text(text: str | None) -> str:
    """`text` as it may be published (`sanitize.text`): line ends made LF; controls, bidi
    overrides, markup and template delimiters dropped or broken apart."""
    return sanitize.text(text)


def display_title(event: Event, *, month_note: bool = True) -> str:
    """The title a person sees in a calendar or feed reader: honest about kind and precision.

    A deadline says so (unless its title already does); with `month_note`, a month-precision
    item says its day is not known yet. The JSON/CSV `title` is the title without these notes.
    """
    title = sanitize.line(event.title)
    if event.kind is EventKind.DEADLINE and "deadline" not in title.casefold():
        title = f"Deadline: {title}"
    if month_note and event.precision is Precision.MONTH:
        title = f"{title} (exact date to be announced)"
    return title


def categories(event: Event) -> list[str]:
    """The item's categories: its kind ("Event"/"Deadline"), then its section if any."""
    found = [event.kind.value.capitalize()]
    section = sanitize.line(event.section, sanitize.SECTION_CHARS)
    if section and section not in found:
        found.append(section)
    return found


def _iso(moment: dt.date | dt.datetime) -> str:
    if isinstance(moment, dt.datetime):
        return moment.isoformat(timespec="minutes" if not moment.second else "seconds")
    return moment.isoformat()


def event_to_dict(event: Event, *, uid: str | None = None) -> dict[str, object]:
    """A JSON-ready record of one event, in issue 2's shape.

    `start` is `YYYY-MM-DD` for an all-day item and an ISO 8601 datetime for a timed one (with
    its UTC offset when the zone is known; a time written without a zone stays without one
    until a site zone is applied); `end` is the last day, inclusive, for an all-day item, and
    for a timed one null (single day) or the last day at the start's time. `uid` overrides
    `identity.uid(event)`. Every text is publishable text (`sanitize`) and every link http(s),
    mailto or relative, or null.
    """
    start = local_start(event)
    end: str | None = event.end.isoformat()
    if isinstance(start, dt.datetime):
        end = None
        if event.end > start.date():
            end = _iso(start.replace(year=event.end.year, month=event.end.month, day=event.end.day))
    first = event.sources[0] if event.sources else None
    return {
        "uid": uid or identity.uid(event),
        "kind": event.kind.value,
        "title": sanitize.line(event.title),
        "start": _iso(start),
        "end": end,
        "all_day": not isinstance(start, dt.datetime),
        "precision": event.precision.value,
        "timezone": event.tz,
        "location": sanitize.line(event.location, sanitize.LOCATION_CHARS) or None,
        "url": sanitize.safe_url(event.url),
        "categories": categories(event),
        "source": _source(first) if first else None,
        "text": sanitize.block(event.text),
        "sources": [_source(s) for s in event.sources],
    }


def _source(source: Source) -> dict[str, object]:
    return {
        "path": sanitize.text(source.path),
        "line": source.line,
        "title": sanitize.line(source.post_title),
        "url": sanitize.safe_url(source.post_url),
        "date": source.post_date.isoformat(),
    }


def _records(events: Sequence[Event]) -> list[dict[str, object]]:
    return [event_to_dict(e, uid=u) for e, u in identity.ordered(events)]


def _dumps(value: object, indent: int | None = None) -> str:
    """JSON that is also safe inside an HTML `<script>` element: `<` and `>` (which JSON syntax
    never uses outside strings) are written as `\\u003c` and `\\u003e`."""
    dumped = json.dumps(value, ensure_ascii=False, indent=indent)
    return dumped.replace("<", "\\u003c").replace(">", "\\u003e")


#: Around and between the records of `to_json` (`record_text`).
JSON_START, JSON_SEPARATOR, JSON_END, JSON_EMPTY = b"[\n", b",\n", b"\n]\n", b"[]\n"


def record_text(event: Event, uid: str) -> bytes:
    """One `event_to_dict` record as `to_json` writes it inside its array (indented, no
    separator)."""
    # JSON strings hold no line break: indenting every line nests the record one level down.
    return ("  " + _dumps(event_to_dict(event, uid=uid), indent=2).replace("\n", "\n  ")).encode(
        "utf-8"
    )


def to_json(events: Sequence[Event], settings: Settings) -> bytes:
    """A JSON array of `event_to_dict` records, indented UTF-8 (`settings` is unused)."""
    records = [record_text(e, u) for e, u in identity.ordered(events)]
    if not records:
        return JSON_EMPTY
    return JSON_START + JSON_SEPARATOR.join(records) + JSON_END


def to_jsonl(events: Sequence[Event]) -> bytes:
    """One `event_to_dict` record per line (JSON Lines), UTF-8."""
    return "".join(_dumps(r) + "\n" for r in _records(events)).encode("utf-8")


def categories_of(record: dict[str, object]) -> list[str]:
    """The `categories` list of a record."""
    value = record.get("categories")
    return [str(c) for c in value] if isinstance(value, list) else []


def to_csv(events: Sequence[Event], settings: Settings) -> bytes:
    """RFC 4180 CSV (CRLF rows, header first) of every scalar key of `event_to_dict`.

    `settings` is unused; it keeps the signature of the other file exporters.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for record in _records(events):
        source = record["source"] if isinstance(record["source"], dict) else {}
        row = dict(record, categories="; ".join(categories_of(record)))
        row.update({f"source_{key}": value for key, value in source.items()})
        writer.writerow([sanitize.csv_cell(row.get(f)) for f in CSV_FIELDS])
    return buffer.getvalue().encode("utf-8")
