"""The publishing API: events in, rendered formats and a written site out.

The CLI is thin over these functions; a Python caller uses them the same way::

    from pathlib import Path
    from extractor import extract
    from feeds.publish import Filters, build_site, calendar_entries, render, select
    from feeds.settings import Settings

    found = extract(["seeds"])
    settings = Settings(title="OpenInfra events", base_url="https://example.org/events/")
    entries = calendar_entries(found.events, settings)      # one entry per happening
    ics = render(select(entries, Filters(search="summit"), settings), settings, "ics")
    build_site(entries, settings, Path("public"))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extractor.model import Event, EventKind, Precision
from feeds.settings import Settings

#: Every format `render` knows, in the order the CLI lists them.
FORMATS: tuple[str, ...] = ("ics", "rss", "atom", "jsonfeed", "json", "jsonl", "csv")

#: The data export written beside the channels: every entry in the JSON shape of `export`.
DATA_FILE = "events.json"
#: The agenda page: what is coming, and how to subscribe.
PAGE_FILE = "index.html"


@dataclass(frozen=True)
class Filters:
    """Which entries to publish; every criterion left empty matches everything."""

    kinds: tuple[EventKind, ...] = ()
    """Only these kinds."""
    start: dt.date | None = None
    """Only items ending on or after this day."""
    end: dt.date | None = None
    """Only items starting on or before this day."""
    upcoming: bool = False
    """Only items not over yet at `Settings.now`."""
    categories: tuple[str, ...] = ()
    """Only items in one of these categories (case-insensitive)."""
    search: str | None = None
    """Only items whose title, place, category or source text holds this (case-insensitive)."""


def calendar_entries(mentions: Iterable[Event], settings: Settings) -> list[Event]:
    """The mentions merged into calendar entries, one per happening whichever posts name it,
    with the site's category names and without month-precision items when those are off."""
    from feeds.merge import merge

    return merge(prepare(mentions, settings))


def prepare(mentions: Iterable[Event], settings: Settings) -> list[Event]:
    """`mentions` as the site publishes them, unmerged: sections renamed to the site's category
    names, month-precision items left out unless `settings.month_items`."""
    from dataclasses import replace

    from feeds.channels import category_of

    out = []
    for event in mentions:
        if event.precision is Precision.MONTH and not settings.month_items:
            continue
        name = category_of(event, settings.categories)
        if name != event.section:
            event = replace(event, section=name)
        out.append(event)
    return out


def select(entries: Iterable[Event], filters: Filters, settings: Settings) -> list[Event]:
    """The entries that pass `filters`; `upcoming` needs `settings.now`."""
    start = filters.start
    if filters.upcoming:
        if settings.now is None:
            raise ValueError("upcoming needs the clock: set Settings.now")
        today = settings.now.date()
        start = today if start is None else max(start, today)
    kept = filter_events(entries, start=start, end=filters.end, search=filters.search)
    if filters.kinds:
        kept = [e for e in kept if e.kind in filters.kinds]
    if filters.categories:
        wanted = {name.casefold() for name in filters.categories}
        kept = [e for e in kept if (e.section or "").casefold() in wanted]
    return kept


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
    if fmt == "jsonfeed":
        from feeds.jsonfeed import to_json_feed

        return to_json_feed(events, settings, self_url=self_url)
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


def render_site(
    entries: Iterable[Event], settings: Settings, *, templates: Path | None = None
) -> dict[str, bytes]:
    """Every file of the site, path → bytes; nothing is written.

    For each channel (`feeds.channels`: everything, events, deadlines, each category) its
    calendar and its RSS, Atom and JSON feeds, each the bytes `render` gives for the channel's
    entries; `events.json` with every entry; and the agenda page `index.html` (`feeds.agenda`,
    from the templates in `templates` where given). `build_site` writes the same files without
    holding them all.
    """
    from feeds.site import write_site

    files = _Memory()
    write_site(list(entries), settings, files, templates=templates)
    return dict(sorted(files.files.items()))


class _Memory:
    """A `feeds.site.Target` that keeps the files."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def write(self, name: str, data: bytes) -> None:
        self.files[name] = data

    def open(self, name: str) -> _MemoryFile:
        return _MemoryFile(self.files, name)


class _MemoryFile:
    def __init__(self, files: dict[str, bytes], name: str) -> None:
        self.files, self.name, self.parts = files, name, list[bytes]()

    def write(self, data: bytes) -> None:
        self.parts.append(data)

    def copy(self, source: Path, offset: int, length: int) -> None:
        with open(source, "rb") as handle:
            handle.seek(offset)
            self.parts.append(handle.read(length))

    def close(self) -> None:
        self.files[self.name] = b"".join(self.parts)


def build_site(
    entries: Iterable[Event],
    settings: Settings,
    out_dir: Path,
    *,
    templates: Path | None = None,
    cache: Path | None = None,
) -> list[Path]:
    """Publish the site (`render_site`) into `out_dir`, swapped in as a whole.

    The files are written one by one into a new folder beside `out_dir` that replaces it in one
    step: a reader (or a build that fails or is killed) sees the old site or the new one, never
    a mix. Files in `out_dir` that eventfeed did not write are kept. With `cache` (an SQLite
    file, see `feeds.fragments`), the text of each entry is taken from there when an earlier
    build rendered it, and kept for the next. Returns the paths written.
    """
    from feeds.fragments import FragmentStore
    from feeds.site import Reuse, write_site
    from feeds.write import Staging, publish_tree

    listed = list(entries)
    out_dir = Path(out_dir)
    if out_dir.is_symlink():
        out_dir = out_dir.resolve()
    with FragmentStore(cache) as store:
        target = str(out_dir.absolute())
        record = store.site_record(target)
        reuse = Reuse(out_dir, record, store.prefix, lambda name: store.layout(target, name))

        def fill(staging: Staging) -> None:
            write_site(listed, settings, staging, store=store, templates=templates, reuse=reuse)

        written = publish_tree(out_dir, fill)
        store.save_site(target, reuse.record(), reuse.layouts)
        return written


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
