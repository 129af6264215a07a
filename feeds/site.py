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
import stat as os_stat
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


class Reuse:
    """The files of the site being replaced that this build may take as they are.

    A channel's file is made of its head and tail and its entries' texts, each rendered from
    the entry (`entry_digest`), its UID in the file and the settings it shows: `write_site`
    hashes these (`key`) and, when a file of the last build of the same folder had the same
    hash and is still as that build left it (size, modification time, mode), links it into
    the new folder (`Staging.link`) instead of writing it again. `record` is what the next
    build compares with (`FragmentStore.save_site`).
    """

    def __init__(self, folder: Path, record: dict[str, object], prefix: bytes) -> None:
        self.folder = folder
        self.previous = record
        self.prefix = prefix
        self.keys: dict[str, str] = {}
        """Every keyed file of this build: name → key (hex)."""

    def key(self, *parts: bytes) -> str:
        digest = hashlib.sha256(self.prefix)
        for part in parts:
            digest.update(len(part).to_bytes(8, "big") + part)
        return digest.hexdigest()

    def take(self, target: Target, name: str, key: str) -> bool:
        """Link the last build's `name` into `target` if its key was `key` and it is unchanged
        since (True), else False: write it."""
        self.keys[name] = key
        link = getattr(target, "link", None)
        kept = self.previous.get(name)
        if link is None or not isinstance(kept, list) or len(kept) != 4 or kept[0] != key:
            return False
        source = self.folder / name
        try:
            stat = source.lstat()
        except OSError:
            return False
        if not os_stat.S_ISREG(stat.st_mode):
            return False
        if [stat.st_size, stat.st_mtime_ns, os_stat.S_IMODE(stat.st_mode)] != kept[1:]:
            return False
        return bool(link(name, source))

    def record(self) -> dict[str, object]:
        """Each keyed file as it now is in the folder: [key, size, mtime, mode]."""
        out: dict[str, object] = {}
        for name, key in self.keys.items():
            try:
                stat = (self.folder / name).lstat()
            except OSError:
                continue
            out[name] = [key, stat.st_size, stat.st_mtime_ns, os_stat.S_IMODE(stat.st_mode)]
        return out


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
    reuse: Reuse | None = None,
) -> None:
    """Write every file of the site into `target` (see `feeds.publish.render_site`), with the
    entry texts of `store` where it has them, and the last build's channel files that `reuse`
    finds unchanged (only with a usable `store`)."""
    from feeds.agenda import agenda_parts

    entries = with_site_zone(entries, settings)
    store = store if store is not None else FragmentStore(None)
    plan = _plan(entries, settings, store.usable)
    reuse = reuse if store.usable else None
    _calendars_and_data(plan, target, store, reuse)
    _feeds(plan, settings, target, store, reuse)
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


def _calendars_and_data(
    plan: _Plan, target: Target, store: FragmentStore, reuse: Reuse | None
) -> None:
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

    heads = [
        ics.calendar_head(named, zones)
        for named, zones in zip(plan.settings, plan.zones, strict=True)
    ]
    reused = [False] * len(plan.channels)
    if reuse is not None:
        hashes = [hashlib.sha256() for _ in plan.channels]
        for entry in plan.entries:
            for c, uid in zip(entry.channels, entry.uids, strict=True):
                zoned = entry.zone is not None and entry.zone[0] in within[c]
                hashes[c].update(entry.digest + uid.encode() + (b"\0\1" if zoned else b"\0\0"))
        for c, channel in enumerate(plan.channels):
            key = reuse.key(b"ics", shows[c].encode(), heads[c], hashes[c].digest())
            reused[c] = reuse.take(target, channel.ics, key)
    sinks: list[Sink | None] = [
        None if reused[c] else target.open(channel.ics) for c, channel in enumerate(plan.channels)
    ]
    for sink, head in zip(sinks, heads, strict=True):
        if sink is not None:
            sink.write(head)
    data = target.open(DATA_FILE)
    data.write(tables.JSON_START if plan.entries else tables.JSON_EMPTY)
    first = True
    for chunk in _chunks(plan.entries):
        batch = _Batch(store, ("text",), render)
        placed = []
        for number, entry in enumerate(chunk):
            events = []
            for c, uid in zip(entry.channels, entry.uids, strict=True):
                if reused[c]:
                    continue
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
            sink = sinks[c]
            assert sink is not None
            sink.write(b"".join(parts))
        if not first:
            data.write(tables.JSON_SEPARATOR)
        first = False
        data.write(tables.JSON_SEPARATOR.join(records))
    for sink in sinks:
        if sink is not None:
            sink.write(ics.CALENDAR_END)
            sink.close()
    if plan.entries:
        data.write(tables.JSON_END)
    data.close()


def _feeds(
    plan: _Plan, settings: Settings, target: Target, store: FragmentStore, reuse: Reuse | None
) -> None:
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

    order = sorted(plan.entries, key=lambda e: e.announced, reverse=True)
    hashes: list[bytes] = []
    if reuse is not None:
        running = [hashlib.sha256() for _ in plan.channels]
        for entry in order:
            for c, uid in zip(entry.channels, entry.uids, strict=True):
                running[c].update(entry.digest + uid.encode() + b"\0")
        hashes = [digest.digest() for digest in running]
    # Each channel's files: (path, format, head, tail), and whether the last build's is taken.
    files: list[list[tuple[str, str, bytes, bytes]]] = []
    for channel, named, newest in zip(plan.channels, plan.settings, plan.newest, strict=True):
        own = []
        for fmt, path in (("rss", channel.rss), ("atom", channel.atom)):
            url = syndication.own_url(settings.absolute(path), named, f"{fmt}.xml")
            own.append((path, fmt, *syndication.feed_head(named, fmt, url, newest)))
        feed_url = jsonfeed.feed_url(settings.absolute(channel.json_feed), named)
        if newest is None:  # no entries
            own.append((channel.json_feed, "jsonfeed", jsonfeed.empty_feed(named, feed_url), b""))
        else:
            own.append((channel.json_feed, "jsonfeed", *jsonfeed.feed_head(named, feed_url)))
        files.append(own)
    taken = [[False] * len(own) for own in files]
    if reuse is not None:
        for c, own in enumerate(files):
            for f, (path, fmt, head, tail) in enumerate(own):
                key = reuse.key(fmt.encode(), show.encode(), head, tail, hashes[c])
                taken[c][f] = reuse.take(target, path, key)
    reused = [all(flags) for flags in taken]
    rss: list[tuple[Sink, bytes] | None] = []
    atom: list[tuple[Sink, bytes] | None] = []
    json_feed: list[tuple[Sink, bytes] | None] = []
    for c, own in enumerate(files):
        for f, (sinks, (path, _fmt, head, tail)) in enumerate(
            zip((rss, atom, json_feed), own, strict=True)
        ):
            if taken[c][f]:
                sinks.append(None)
                continue
            sink = target.open(path)
            sink.write(head)
            sinks.append((sink, tail))
    started = [False] * len(plan.channels)
    for chunk in _chunks(order):
        batch = _Batch(store, ("rss", "atom", "jsonfeed"), render)
        placed = [
            [
                (c, batch.want(number, entry, uid, show))
                for c, uid in zip(entry.channels, entry.uids, strict=True)
                if not reused[c]
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
            rss_sink, atom_sink, json_sink = rss[c], atom[c], json_feed[c]
            if rss_sink is not None:
                rss_sink[0].write(b"".join(rss_texts))
            if atom_sink is not None:
                atom_sink[0].write(b"".join(atom_texts))
            if json_sink is not None:
                if started[c]:
                    json_sink[0].write(jsonfeed.SEPARATOR)
                json_sink[0].write(jsonfeed.SEPARATOR.join(json_texts))
            started[c] = True
    for pair in (*rss, *atom, *json_feed):
        if pair is not None:
            pair[0].write(pair[1])
            pair[0].close()
