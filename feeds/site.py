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
from feeds.splice import Layout, Spliced

#: Entries rendered (or looked up) together.
CHUNK = 256


class Sink(Protocol):
    """A file being written piece by piece."""

    def write(self, data: bytes, /) -> object: ...

    def copy(self, source: Path, offset: int, length: int) -> None: ...

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
    hash and is still as that build left it (size, modification and change times, mode), links
    it into the new folder (`Staging.link`) instead of writing it again; a file written again
    copies from the old one the texts it still holds (`old_file`, `feeds.splice`). `record` is
    what the next build compares with (`FragmentStore.save_site`).
    """

    def __init__(
        self,
        folder: Path,
        record: dict[str, object],
        prefix: bytes,
        layouts: Callable[[str], bytes | None] | None = None,
    ) -> None:
        self.folder = folder
        self.previous = record
        self.prefix = prefix
        self.keys: dict[str, str] = {}
        """Every keyed file of this build: name → key (hex)."""
        self.stored = layouts
        """The layout the last build kept of a file (`FragmentStore.layout`)."""
        self.layouts: dict[str, bytes] = {}
        """The layouts of the files this build wrote (`Layout.pack`), to keep."""

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
        if link is None or not isinstance(kept, list) or kept[:1] != [key]:
            return False
        source = self._unchanged(name)
        return source is not None and bool(link(name, source))

    def _unchanged(self, name: str) -> Path | None:
        """The last build's `name`, if it is as that build left it (`_state`)."""
        kept = self.previous.get(name)
        source = self.folder / name
        try:
            state = _state(source)
        except OSError:
            return None
        if not isinstance(kept, list) or state is None or state != kept[1:]:
            return None
        return source

    def old_file(self, name: str, separator: bytes) -> tuple[Path, Layout] | None:
        """The last build's `name` and its layout, when the file is as that build left it."""
        self.keys.setdefault(name, "")  # recorded for the next build, never linked
        if self.stored is None:
            return None
        source = self._unchanged(name)
        if source is None:
            return None
        layout = Layout.unpack(self.stored(name))
        if layout is None or layout.size(separator) != source.stat().st_size:
            return None
        return source, layout

    def record(self) -> dict[str, object]:
        """Each keyed file as it now is in the folder: [key, size, mtime, ctime, mode]."""
        out: dict[str, object] = {}
        for name, key in self.keys.items():
            try:
                state = _state(self.folder / name)
            except OSError:
                continue
            if state is not None:
                out[name] = [key, *state]
        return out


def _state(path: Path) -> list[int] | None:
    """What tells a published file from any later version of it: size, modification and
    change times (a change time no program sets back) and mode; None for what is not a file."""
    stat = path.lstat()
    if not os_stat.S_ISREG(stat.st_mode):
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, os_stat.S_IMODE(stat.st_mode)]


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
        self.keys: dict[Request, bytes] = {}

    def want(self, number: int, entry: _Entry, key: bytes, *variant: object) -> Request:
        """Ask for the texts of `entry` (the chunk's `number`th) rendered with `variant`,
        kept under `key` (`_Keys`)."""
        request = (number, variant)
        self.wanted[request] = entry
        if key:
            self.keys[request] = key
        return request

    def texts(self) -> dict[Request, tuple[bytes, ...]]:
        store = self.store
        keys: dict[Request, bytes] = self.keys if store.usable else {}
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


class _Keys:
    """The keys of the texts of a build (`FragmentStore.key`; empty without a store)."""

    def __init__(self, store: FragmentStore) -> None:
        self.store = store if store.usable else None

    def __call__(self, kind: str, entry: _Entry, *variant: object) -> bytes:
        return b"" if self.store is None else self.store.key(kind, entry.digest, *variant)


def _spliced(
    target: Target,
    reuse: Reuse | None,
    name: str,
    separator: bytes,
    head: bytes,
    keys: list[bytes],
) -> Spliced:
    """File `name` opened, its head written, the last build's copy of it found (with `reuse`)."""
    old = reuse.old_file(name, separator) if reuse is not None else None
    return Spliced(target.open(name), separator, head, keys, old)


def _close(
    spliced: Spliced, name: str, tail: bytes, store: FragmentStore, reuse: Reuse | None
) -> None:
    """Write the tail of `spliced` and close it; keep its layout for the next build."""
    layout = spliced.close(tail)
    spliced.sink.close()
    store.touch(spliced.copied())
    if reuse is not None:
        reuse.layouts[name] = layout.pack()


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

    def zoned(entry: _Entry, c: int) -> bool:
        return entry.zone is not None and entry.zone[0] in within[c]

    heads = [
        ics.calendar_head(named, zones)
        for named, zones in zip(plan.settings, plan.zones, strict=True)
    ]
    reused = [False] * len(plan.channels)
    if reuse is not None:
        hashes = [hashlib.sha256() for _ in plan.channels]
        for entry in plan.entries:
            for c, uid in zip(entry.channels, entry.uids, strict=True):
                flag = b"\0\1" if zoned(entry, c) else b"\0\0"
                hashes[c].update(entry.digest + uid.encode() + flag)
        for c, channel in enumerate(plan.channels):
            whole = reuse.key(b"ics", shows[c].encode(), heads[c], hashes[c].digest())
            reused[c] = reuse.take(target, channel.ics, whole)
    text_key = _Keys(store)
    keys: list[list[bytes]] = [[] for _ in plan.channels]
    records: list[bytes] = []
    for entry in plan.entries:
        for c, uid in zip(entry.channels, entry.uids, strict=True):
            if not reused[c]:
                variant = ("vevent", uid, zoned(entry, c), shows[c])
                keys[c].append(text_key("text", entry, *variant))
        records.append(text_key("text", entry, "record", entry.data_uid))
    files: list[Spliced | None] = [
        None if reused[c] else _spliced(target, reuse, channel.ics, b"", heads[c], keys[c])
        for c, channel in enumerate(plan.channels)
    ]
    head = tables.JSON_START if plan.entries else tables.JSON_EMPTY
    data = _spliced(target, reuse, DATA_FILE, tables.JSON_SEPARATOR, head, records)
    written = [0] * len(plan.channels)
    records_written = 0
    for chunk in _chunks(plan.entries):
        batch = _Batch(store, ("text",), render)
        placed: list[tuple[Spliced, int, Request]] = []  # the texts not in the old files
        for number, entry in enumerate(chunk):
            for c, uid in zip(entry.channels, entry.uids, strict=True):
                file = files[c]
                if file is None:
                    continue
                at = written[c]
                written[c] += 1
                if file.found[at] < 0:
                    variant = ("vevent", uid, zoned(entry, c), shows[c])
                    placed.append((file, at, batch.want(number, entry, file.keys[at], *variant)))
            if data.found[records_written] < 0:
                request = batch.want(
                    number, entry, data.keys[records_written], "record", entry.data_uid
                )
                placed.append((data, records_written, request))
            records_written += 1
        texts = batch.texts()
        for file, at, request in placed:
            file.add(at, texts[request][0])
    for file, channel in zip(files, plan.channels, strict=True):
        if file is not None:
            _close(file, channel.ics, ics.CALENDAR_END, store, reuse)
    _close(data, DATA_FILE, tables.JSON_END if plan.entries else b"", store, reuse)


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
                whole = reuse.key(fmt.encode(), show.encode(), head, tail, hashes[c])
                taken[c][f] = reuse.take(target, path, whole)
    reused = [all(flags) for flags in taken]
    text_key = _Keys(store)
    keys: list[list[bytes]] = [[] for _ in plan.channels]
    for entry in order:
        for c, uid in zip(entry.channels, entry.uids, strict=True):
            if not reused[c]:
                keys[c].append(text_key("rss+atom+jsonfeed", entry, uid, show))
    separators = (b"", b"", jsonfeed.SEPARATOR)
    writing: list[list[tuple[Spliced, str, bytes] | None]] = [
        [
            None
            if taken[c][f]
            else (_spliced(target, reuse, path, separator, head, keys[c]), path, tail)
            for f, ((path, _fmt, head, tail), separator) in enumerate(
                zip(channel_files, separators, strict=True)
            )
        ]
        for c, channel_files in enumerate(files)
    ]
    # Each channel's files being written, with the place of each text (0 RSS, 1 Atom, 2 JSON).
    open_files = [
        [(spot[0], kind) for kind, spot in enumerate(spots) if spot is not None]
        for spots in writing
    ]
    written = [0] * len(plan.channels)
    for chunk in _chunks(order):
        batch = _Batch(store, ("rss", "atom", "jsonfeed"), render)
        placed: list[tuple[int, int, Request]] = []  # the texts not in the old files
        for number, entry in enumerate(chunk):
            for c, uid in zip(entry.channels, entry.uids, strict=True):
                if reused[c]:
                    continue
                at = written[c]
                written[c] += 1
                if any(file.found[at] < 0 for file, _kind in open_files[c]):
                    placed.append((c, at, batch.want(number, entry, keys[c][at], uid, show)))
        texts = batch.texts()
        for c, at, request in placed:
            for file, kind in open_files[c]:
                if file.found[at] < 0:
                    file.add(at, texts[request][kind])
    for spots in writing:
        for spot in spots:
            if spot is not None:
                _close(spot[0], spot[1], spot[2], store, reuse)
