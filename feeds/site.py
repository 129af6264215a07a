"""The site's files, written one by one: each entry is rendered once per build (or taken from
the `FragmentStore`) and its text copied into every channel that holds it.

Each file is the text its format's module writes around its entries (`ics.calendar_head`,
`syndication.feed_head`, `jsonfeed.feed_head`) with the entries' texts between
(`ics.vevent_text`, `syndication.entry_texts`, `jsonfeed.item_text`, `tables.record_text`):
the same bytes as rendering each channel's entries as a whole (`feeds.publish.render`). Entries
are taken a chunk at a time, in calendar order for the calendars and `events.json` and in feed
order for the feeds, and their texts appended to the files being written (`Target.open`): memory
holds the entries, not the site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from extractor.model import Event
from feeds import identity
from feeds.channels import Channel, channels, members
from feeds.fragments import FragmentStore, entry_digest, pack, unpack
from feeds.publish import DATA_FILE, PAGE_FILE, with_site_zone
from feeds.settings import Settings

#: Entries rendered (or looked up) together.
CHUNK = 256


class Sink(Protocol):
    """A file being written piece by piece."""

    def write(self, data: bytes, /) -> object: ...

    def close(self) -> object: ...


class Target(Protocol):
    """Where the files go: `feeds.write.Staging`, or memory (`feeds.publish.render_site`)."""

    def write(self, name: str, data: bytes) -> None: ...

    def open(self, name: str) -> Sink: ...


@dataclass(slots=True)
class _Entry:
    """One entry and where it goes: the channels holding it and its UID in each."""

    event: Event
    channels: list[int]
    uids: list[str]
    data_uid: str
    """Its UID in `events.json` and on the page (every entry)."""
    zone: tuple[str, bool] | None
    """`ics.zone_of` the entry."""
    digest: bytes
    """`entry_digest`, where there is a store to look texts up in."""
    announced: dt.datetime
    """`identity.announced`: feeds are in this order, newest first."""


@dataclass
class _Plan:
    """The channels and their entries, in calendar order."""

    channels: list[Channel]
    settings: list[Settings]
    """Each channel's settings: the site's, titled after the channel."""
    entries: list[_Entry]
    zones: list[list[str]]
    """The VTIMEZONEs of each channel's calendar."""
    newest: list[dt.datetime | None]
    """The latest `identity.updated` of each channel's entries (None: it has none)."""


def _plan(entries: Sequence[Event], settings: Settings, keyed: bool) -> _Plan:
    from feeds.ics import calendar_zones, zone_of

    chans = channels(entries)
    placed: list[_Entry] = []
    seen: list[dict[str, int]] = [{} for _ in chans]
    everywhere: dict[str, int] = {}
    newest: list[dt.datetime | None] = [None] * len(chans)
    zones: list[list[tuple[str, bool] | None]] = [[] for _ in chans]
    ordered = identity.canonical(entries)
    where = members((event for _base, event in ordered), chans)
    for (base, event), inside in zip(ordered, where, strict=True):
        zone = zone_of(event)
        entry = _Entry(
            event,
            inside,
            [identity.unique_uid(base, seen[c]) for c in inside],
            identity.unique_uid(base, everywhere),
            zone,
            entry_digest(event) if keyed else b"",
            identity.announced(event),
        )
        placed.append(entry)
        updated = identity.updated(event)
        for c in inside:
            latest = newest[c]
            newest[c] = updated if latest is None else max(latest, updated)
            zones[c].append(zone)
    named = [settings if c.slug == "all" else _named(settings, c) for c in chans]
    return _Plan(chans, named, placed, [calendar_zones(z) for z in zones], newest)


def _named(settings: Settings, channel: Channel) -> Settings:
    return replace(
        settings,
        title=f"{settings.title}: {channel.label}",
        description=f"{channel.label}: {settings.description}",
    )


Request = tuple[int, tuple[object, ...]]
"""A text a chunk needs: the entry's place in the chunk, and what else it is rendered from."""


class _Batch:
    """The texts of one chunk of entries: looked up in the store together, the others rendered
    together (`render` gets the requests, gives each one text per kind) and kept, the texts of
    one request under one key."""

    def __init__(
        self,
        store: FragmentStore,
        kinds: tuple[str, ...],
        render: Callable[[list[tuple[_Entry, tuple[object, ...]]]], list[tuple[bytes, ...]]],
    ) -> None:
        self.store = store
        self.kinds = kinds
        self.kind = "+".join(kinds)
        self.render = render
        self.wanted: dict[Request, _Entry] = {}

    def want(self, number: int, entry: _Entry, *variant: object) -> Request:
        request = (number, variant)
        self.wanted[request] = entry
        return request

    def texts(self) -> dict[Request, tuple[bytes, ...]]:
        store = self.store
        keys: dict[Request, bytes] = {}
        if store.usable:
            keys = {r: store.key(self.kind, e.digest, *r[1]) for r, e in self.wanted.items()}
        stored = store.lookup(list(keys.values())) if keys else {}
        found: dict[Request, tuple[bytes, ...]] = {}
        missing: list[Request] = []
        for request in self.wanted:
            key = keys.get(request)
            texts = unpack(stored[key], len(self.kinds)) if key in stored else None
            if texts is None:
                missing.append(request)
            else:
                found[request] = texts
        if missing:
            rendered = self.render([(self.wanted[r], r[1]) for r in missing])
            kept = []
            for request, texts in zip(missing, rendered, strict=True):
                found[request] = texts
                if request in keys:
                    kept.append((keys[request], pack(texts)))
            store.keep(kept)
        return found


def _shows(settings: Settings) -> str:
    """A short name for what of the settings a text shows, for its key (`repr` compares
    `Settings` completely)."""
    return hashlib.sha256(repr(settings).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _chunks(items: Sequence[_Entry]) -> Iterator[Sequence[_Entry]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def write_site(
    entries: Sequence[Event],
    settings: Settings,
    target: Target,
    *,
    store: FragmentStore | None = None,
    templates: Path | None = None,
) -> None:
    """Write every file of the site into `target` (see `feeds.publish.render_site`), with the
    entry texts of `store` where it has them."""
    from feeds.agenda import agenda_parts

    entries = with_site_zone(entries, settings)
    store = store if store is not None else FragmentStore(None)
    plan = _plan(entries, settings, store.usable)
    _calendars_and_data(plan, target, store)
    _feeds(plan, settings, target, store)
    page = target.open(PAGE_FILE)
    ordered = [(entry.event, entry.data_uid) for entry in plan.entries]
    digests = [entry.digest for entry in plan.entries]
    for part in agenda_parts(
        entries,
        settings,
        plan.channels,
        templates=templates,
        ordered=ordered,
        store=store,
        digests=digests,
    ):
        page.write(part)
    page.close()


def _calendars_and_data(plan: _Plan, target: Target, store: FragmentStore) -> None:
    """Every channel's calendar, and `events.json`: in calendar order."""
    from feeds import ics, tables

    shown = [ics.vevent_settings(s) for s in plan.settings]
    shows = [_shows(s) for s in shown]
    by_show = {show: shown[shows.index(show)] for show in shows}
    within = [set(zones) for zones in plan.zones]

    def render(requests: list[tuple[_Entry, tuple[object, ...]]]) -> list[tuple[bytes, ...]]:
        out: list[tuple[bytes, ...]] = []
        for entry, variant in requests:
            if variant[0] == "record":
                out.append((tables.record_text(entry.event, str(variant[1])),))
            else:
                _kind, uid, zoned, show = variant
                text = ics.vevent_text(entry.event, str(uid), by_show[str(show)], zoned=bool(zoned))
                out.append((text,))
        return out

    sinks = [target.open(channel.ics) for channel in plan.channels]
    for sink, named, zones in zip(sinks, plan.settings, plan.zones, strict=True):
        sink.write(ics.calendar_head(named, zones))
    data = target.open(DATA_FILE)
    data.write(tables.JSON_START if plan.entries else tables.JSON_EMPTY)
    first = True
    for chunk in _chunks(plan.entries):
        batch = _Batch(store, ("text",), render)
        placed = []
        for number, entry in enumerate(chunk):
            events = []
            for c, uid in zip(entry.channels, entry.uids, strict=True):
                zoned = entry.zone is not None and entry.zone[0] in within[c]
                events.append((c, batch.want(number, entry, "vevent", uid, zoned, shows[c])))
            placed.append((events, batch.want(number, entry, "record", entry.data_uid)))
        texts = batch.texts()
        # Each file's texts of the chunk in one write.
        pending: dict[int, list[bytes]] = {}
        records: list[bytes] = []
        for events, record in placed:
            for c, request in events:
                pending.setdefault(c, []).append(texts[request][0])
            records.append(texts[record][0])
        for c, parts in pending.items():
            sinks[c].write(b"".join(parts))
        if not first:
            data.write(tables.JSON_SEPARATOR)
        first = False
        data.write(tables.JSON_SEPARATOR.join(records))
    for sink in sinks:
        sink.write(ics.CALENDAR_END)
        sink.close()
    if plan.entries:
        data.write(tables.JSON_END)
    data.close()


def _feeds(plan: _Plan, settings: Settings, target: Target, store: FragmentStore) -> None:
    """Every channel's RSS, Atom and JSON feeds: in feed order (newest announcement first)."""
    from feeds import jsonfeed, syndication

    shown = syndication.entry_settings(settings)
    show = _shows(shown)

    def render(requests: list[tuple[_Entry, tuple[object, ...]]]) -> list[tuple[bytes, ...]]:
        pairs = [(entry.event, str(variant[0])) for entry, variant in requests]
        feeds = syndication.entry_texts(pairs, shown)
        return [
            (rss, atom, jsonfeed.item_text(event, uid, shown))
            for (event, uid), (rss, atom) in zip(pairs, feeds, strict=True)
        ]

    rss: list[tuple[Sink, bytes]] = []
    atom: list[tuple[Sink, bytes]] = []
    json_feed: list[tuple[Sink, bytes]] = []
    for channel, named, newest in zip(plan.channels, plan.settings, plan.newest, strict=True):
        for sinks, fmt, path in ((rss, "rss", channel.rss), (atom, "atom", channel.atom)):
            url = syndication.own_url(settings.absolute(path), named, f"{fmt}.xml")
            head, tail = syndication.feed_head(named, fmt, url, newest)
            sinks.append((target.open(path), tail))
            sinks[-1][0].write(head)
        feed_url = jsonfeed.feed_url(settings.absolute(channel.json_feed), named)
        sink = target.open(channel.json_feed)
        if newest is None:  # no entries
            sink.write(jsonfeed.empty_feed(named, feed_url))
            json_feed.append((sink, b""))
        else:
            head, tail = jsonfeed.feed_head(named, feed_url)
            sink.write(head)
            json_feed.append((sink, tail))
    started = [False] * len(plan.channels)
    order = sorted(plan.entries, key=lambda e: e.announced, reverse=True)
    for chunk in _chunks(order):
        batch = _Batch(store, ("rss", "atom", "jsonfeed"), render)
        placed = [
            [
                (c, batch.want(number, entry, uid, show))
                for c, uid in zip(entry.channels, entry.uids, strict=True)
            ]
            for number, entry in enumerate(chunk)
        ]
        texts = batch.texts()
        # Each file's texts of the chunk in one write.
        pending: dict[int, tuple[list[bytes], list[bytes], list[bytes]]] = {}
        for requests in placed:
            for c, request in requests:
                rss_text, atom_text, json_text = texts[request]
                parts = pending.get(c)
                if parts is None:
                    parts = pending[c] = ([], [], [])
                parts[0].append(rss_text)
                parts[1].append(atom_text)
                parts[2].append(json_text)
        for c, (rss_texts, atom_texts, json_texts) in pending.items():
            rss[c][0].write(b"".join(rss_texts))
            atom[c][0].write(b"".join(atom_texts))
            if started[c]:
                json_feed[c][0].write(jsonfeed.SEPARATOR)
            started[c] = True
            json_feed[c][0].write(jsonfeed.SEPARATOR.join(json_texts))
    for sink, tail in (*rss, *atom, *json_feed):
        sink.write(tail)
        sink.close()
