"""The publishing API: events in, rendered formats and a written site out.

The CLI is thin over these three functions; a Python caller uses them the same way::

    from pathlib import Path
    from extractor import extract
    from feeds.publish import build_site, render
    from feeds.settings import Settings

    found = extract(["seeds"])
    settings = Settings(title="OpenInfra events", base_url="https://example.org/events/")
    ics = render(found.events, settings, "ics")
    build_site(found.events, settings, Path("public"))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

from extractor.model import Event, EventKind
from feeds.settings import Settings

#: Every format `render` knows, in the order the CLI lists them.
FORMATS: tuple[str, ...] = ("ics", "rss", "atom", "json", "jsonl", "csv")

#: The files `build_site` writes, each with the format rendered into it.
SITE_FILES: Mapping[str, str] = {
    "calendar.ics": "ics",
    "rss.xml": "rss",
    "atom.xml": "atom",
    "events.json": "json",
}


def render(
    events: Iterable[Event], settings: Settings, fmt: str, *, self_url: str | None = None
) -> bytes:
    """`events` rendered as `fmt` (one of `FORMATS`).

    `self_url` is where an RSS or Atom feed will be served (its `rel="self"` link); it is ignored
    by the other formats. Raises `ValueError` for an unknown format.
    """
    events = with_site_zone(events, settings)
    # Exporters are imported here, not at the top: `eventfeed --help` stays fast.
    if fmt == "ics":
        from feeds.ics import to_ics

        return to_ics(events, settings)
    if fmt in ("rss", "atom"):
        from feeds.syndication import to_atom, to_rss

        to_feed = to_rss if fmt == "rss" else to_atom
        return to_feed(events, settings, self_url=self_url)
    if fmt == "json":
        from feeds.tables import to_json

        return to_json(events, settings)
    if fmt == "jsonl":
        from feeds.tables import to_jsonl

        return to_jsonl(events)
    if fmt == "csv":
        from feeds.tables import to_csv

        return to_csv(events, settings)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def with_site_zone(events: Iterable[Event], settings: Settings) -> list[Event]:
    """`events` with every time written without a zone put in the site's zone (never floating)."""
    from dataclasses import replace
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(settings.timezone)
    out = []
    for event in events:
        if isinstance(event.start, dt.datetime) and event.start.tzinfo is None:
            event = replace(event, start=event.start.replace(tzinfo=zone), tz=settings.timezone)
        out.append(event)
    return out


def render_site(events: Iterable[Event], settings: Settings) -> dict[str, bytes]:
    """Every file of the site (`SITE_FILES`), rendered to bytes; nothing is written."""
    events = list(events)
    return {
        name: render(events, settings, fmt, self_url=settings.absolute(name))
        for name, fmt in SITE_FILES.items()
    }


def build_site(events: Iterable[Event], settings: Settings, out_dir: Path) -> list[Path]:
    """Write `calendar.ics`, `rss.xml`, `atom.xml` and `events.json` into `out_dir`.

    Every file is rendered before any is written, so a rendering error writes nothing; each file
    is then replaced atomically. Returns the paths written.
    """
    from feeds.write import write_files

    return write_files(Path(out_dir), render_site(events, settings))


def filter_events(
    events: Iterable[Event],
    *,
    kind: EventKind | str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    search: str | None = None,
) -> list[Event]:
    """The events of `kind` that overlap the days `start`…`end` (inclusive) and mention `search`.

    Each criterion left as None matches everything. An event overlaps when any of its days lies
    in the range; `search` is a case-insensitive substring of the title, location, section or
    source text.
    """
    wanted_kind = EventKind(kind) if kind is not None else None
    # A datetime is a date too, but comparing one with a date raises: keep the day only.
    if isinstance(start, dt.datetime):
        start = start.date()
    if isinstance(end, dt.datetime):
        end = end.date()
    needle = search.casefold() if search else None
    kept = []
    for event in events:
        if wanted_kind is not None and event.kind != wanted_kind:
            continue
        if start is not None and event.end < start:
            continue
        if end is not None and event.start_date > end:
            continue
        if needle is not None:
            haystack = (event.title, event.location or "", event.section or "", event.text)
            if not any(needle in field.casefold() for field in haystack):
                continue
        kept.append(event)
    return kept
