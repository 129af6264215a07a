"""Mentions → calendar entries: the same happening announced in many posts becomes one entry.

Two mentions are the same happening when they are of the same kind, their titles name the same
thing (allowing for wording: "OpenInfra Summit Europe" / "OpenInfra Summit Europe 2025") and
their dates agree: the same days, a month that holds the other's days, or a reschedule by a
later post of at most `RESCHEDULE_DAYS`. Distinct events on the same day stay distinct, and so
do the dates of a series that one post lists together.

The entry keeps the best title, the most precise date (the latest post's when it moved), the
latest location and url, every source, and a SEQUENCE that counts the changes later posts made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain

from extractor.model import Event, EventKind, Precision

RESCHEDULE_DAYS = 21
"""How far a later post may move an event and still be taken for the same one."""

_STOP = frozenset(
    "the a an of and for in on at to with by from celebration celebrate annual edition".split()
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@lru_cache(maxsize=1 << 16)
def title_key(title: str) -> frozenset[str]:
    """The words that identify what a title names: no case, years, articles or punctuation."""
    words = re.findall(r"\w+", title.casefold())
    return frozenset(w for w in words if w not in _STOP and not _YEAR.match(w))


def same_title(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when two title keys name the same thing."""
    if not a or not b:
        return a == b
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if small <= large and len(small) >= 2:
        return True
    return len(a & b) / len(a | b) >= 0.75


def _rank(event: Event) -> tuple[int, int]:
    """How precise a mention's date is: day beats month, a time beats a whole day."""
    return (event.precision is Precision.DAY, event.timed)


def _days_compatible(a: Event, b: Event) -> bool:
    if (a.start_date, a.end) == (b.start_date, b.end):
        return True
    for coarse, fine in ((a, b), (b, a)):
        if (
            coarse.precision is Precision.MONTH
            and fine.precision is Precision.DAY
            and coarse.start_date <= fine.start_date <= coarse.end
        ):
            return True
    return False


class _Group:
    """The mentions of one entry so far, with what `accepts` asks of them kept as they come."""

    __slots__ = ("key", "kind", "latest_published", "latest_start", "mentions", "paths", "spans")

    def __init__(self, key: frozenset[str] = frozenset()) -> None:
        self.mentions: list[Event] = []
        self.key = key
        self.kind: EventKind | None = None
        """The first mention's kind."""
        self.spans: dict[tuple[dt.date, dt.date, Precision], None] = {}
        """The days and precision of every mention (each once)."""
        self.paths: set[str] = set()
        """The posts of the mentions."""
        self.latest_published: dt.datetime | None = None
        self.latest_start: dt.date | None = None
        """When the latest post was published (the first of its mentions to come), and that
        mention's first day."""

    def add(self, event: Event, start: dt.date) -> None:
        """Take `event`, which starts on `start`."""
        source = event.sources[0]
        if not self.mentions:
            self.kind = event.kind
        self.mentions.append(event)
        self.paths.add(source.path)
        self.spans[(start, event.end, event.precision)] = None
        if self.latest_published is None or source.post_published > self.latest_published:
            self.latest_published = source.post_published
            self.latest_start = start

    def accepts(self, event: Event, key: frozenset[str], start: dt.date) -> bool:
        """Whether `event` (title key `key`, starting on `start`) is one of these mentions."""
        if event.kind is not self.kind or not same_title(self.key, key):
            return False
        end, precision = event.end, event.precision
        # `_days_compatible` with any mention.
        for first, last, other in self.spans:
            if first == start and last == end:
                return True
            if other is Precision.MONTH and precision is Precision.DAY and first <= start <= last:
                return True
            if precision is Precision.MONTH and other is Precision.DAY and start <= first <= end:
                return True
        # A later post moving the date: not when one post lists both dates (a series).
        source = event.sources[0]
        if source.path in self.paths:
            return False
        assert self.latest_published is not None and self.latest_start is not None
        if source.post_published < self.latest_published:
            return False
        moved = abs((start - self.latest_start).days)
        return precision is Precision.DAY and moved <= RESCHEDULE_DAYS


def _chronological(mentions: Iterable[Event]) -> list[Event]:
    return sorted(mentions, key=_posted)


def _posted(mention: Event) -> tuple[dt.datetime, str, int]:
    source = mention.sources[0]
    return (source.post_published, source.path, source.line)


def _copy(event: Event, **changes: object) -> Event:
    """`dataclasses.replace(event, **changes)` for fields that need no check: a copy of its
    fields, without running `__init__` again (a build copies every entry)."""
    copied = object.__new__(Event)
    fields = copied.__dict__
    fields.update(event.__dict__)
    fields.update(changes)
    return copied


def _state(event: Event) -> tuple[object, ...]:
    return (event.start, event.end, event.precision, event.tz, event.location)


def _entry(ordered: list[Event]) -> Event:
    """The entry of a group's mentions, given in chronological order (as `merge` adds them)."""
    if len(ordered) == 1:
        (only,) = ordered
        sources = only.sources
        return _copy(
            only,
            location=only.location or None,
            url=only.url or None,
            section=only.section or None,
            text=only.text or "",
            sources=sources if len(sources) == 1 else tuple(dict.fromkeys(sources)),
            sequence=0,
            uid=_uid(only),
        )
    latest_post = ordered[-1].source.path
    # Dates: the most precise among the latest post's mentions, unless an earlier post was
    # more precise about the same days (a month refined to a day is never coarsened again).
    latest = [m for m in ordered if m.source.path == latest_post]
    dated = max(latest, key=_rank)
    finer = [m for m in ordered if _rank(m) > _rank(dated) and _days_compatible(m, dated)]
    if finer:
        dated = max(finer, key=lambda m: (_rank(m), m.source.post_published))
    titles = Counter(m.title for m in ordered)
    title = max(titles, key=lambda t: (titles[t], len(t), t))
    location = next((m.location for m in reversed(ordered) if m.location), None)
    url = next((m.url for m in reversed(ordered) if m.url), None)
    section = next((m.section for m in reversed(ordered) if m.section), None)
    text = next((m.text for m in reversed(ordered) if m.text), "")
    # SEQUENCE: how many later posts changed the date, time, title or place.
    sequence = 0
    previous: tuple[object, ...] | None = None
    by_post: dict[str, list[Event]] = {}
    for m in ordered:
        by_post.setdefault(m.source.path, []).append(m)
    for in_post in by_post.values():
        best = max(in_post, key=_rank)
        state = (*_state(best), title_key(best.title))
        if previous is not None and state != previous and not _refines(previous, state):
            sequence += 1
        previous = state
    sources = tuple(dict.fromkeys(s for m in ordered for s in m.sources))
    return _copy(
        dated,
        title=title,
        location=location,
        url=url,
        section=section,
        text=text,
        sources=sources,
        sequence=sequence,
        uid=_uid(ordered[0]),
    )


def _uid(first: Event) -> str:
    """An entry's UID, from its first mention: kind, title words, first day."""
    identity = "|".join(
        (first.kind.value, " ".join(sorted(title_key(first.title))), first.start_date.isoformat())
    )
    return hashlib.sha1(identity.encode("utf-8")).hexdigest() + "@eventfeed"


def _refines(before: tuple[object, ...], after: tuple[object, ...]) -> bool:
    """A post that only repeats the entry less precisely changes nothing."""
    return after[2] is Precision.MONTH and before[2] is Precision.DAY


_BUCKET_DAYS = 32
"""The width of the date buckets `_Index` files groups under."""


class _Index:
    """Where to look for the group a mention joins, so merging stays linear in the archive.

    A group can accept a mention only when their title keys share two words (one when the
    mention's key has one word; both are empty, or neither: see `same_title`) and one of its
    mentions lies within `RESCHEDULE_DAYS` of the mention's days
    (the same days, a month holding them, or a reschedule). Each group is filed under its kind,
    every word of its key and every `_BUCKET_DAYS`-day bucket its mentions cover; `candidates`
    returns, in creation order, every group that could accept, so the first that does is the
    one a scan of all groups would find.
    """

    def __init__(self) -> None:
        self._slots: dict[tuple[EventKind, str], dict[int, list[int]]] = {}

    def add(self, number: int, key: frozenset[str], kind: EventKind, first: int, last: int) -> None:
        """File group `number` (title key `key`) under a mention of `kind` from day ordinal
        `first` to `last`."""
        low, high = first // _BUCKET_DAYS, last // _BUCKET_DAYS
        slots = self._slots
        for word in key or ("",):
            buckets = slots.get((kind, word))
            if buckets is None:
                buckets = slots[(kind, word)] = {}
            for bucket in range(low, high + 1):
                slot = buckets.get(bucket)
                if slot is None:
                    buckets[bucket] = [number]
                elif slot[-1] != number:
                    slot.append(number)

    def candidates(self, key: frozenset[str], kind: EventKind, first: int, last: int) -> list[int]:
        """The groups, in creation order, that could accept a mention of `kind` with title key
        `key` from day ordinal `first` to `last`."""
        low = (first - RESCHEDULE_DAYS) // _BUCKET_DAYS
        high = (last + RESCHEDULE_DAYS) // _BUCKET_DAYS
        if len(key) < 2:
            buckets = self._slots.get((kind, next(iter(key), "")))
            if buckets is None:
                return []
            found: set[int] = set()
            for bucket in range(low, high + 1):
                if (slot := buckets.get(bucket)) is not None:
                    found.update(slot)
            return sorted(found)
        # Titles of two words or more are the same only when they share two (`same_title`).
        per_word = []
        for word in key:
            buckets = self._slots.get((kind, word))
            if buckets is not None:
                found = set()
                for bucket in range(low, high + 1):
                    if (slot := buckets.get(bucket)) is not None:
                        found.update(slot)
                if found:
                    per_word.append(found)
        if len(per_word) < 2:
            return []
        if len(per_word) == 2:
            return sorted(per_word[0] & per_word[1])
        shared = Counter(chain.from_iterable(per_word))
        return sorted(number for number, count in shared.items() if count >= 2)


def merge(mentions: Sequence[Event]) -> list[Event]:
    """Calendar entries from mentions, sorted by date (then kind and title)."""
    groups: list[_Group] = []
    index = _Index()
    for event in _chronological(mentions):
        key = title_key(event.title)
        kind = event.kind
        start = event.start_date
        first, last = start.toordinal(), event.end.toordinal()
        number = -1
        for candidate in index.candidates(key, kind, first, last):
            if groups[candidate].accepts(event, key, start):
                number = candidate
                break
        if number < 0:
            number = len(groups)
            groups.append(_Group(key=key))
        groups[number].add(event, start)
        index.add(number, groups[number].key, kind, first, last)
    entries = [_entry(group.mentions) for group in groups]
    return sorted(entries, key=Event.sort_key)
