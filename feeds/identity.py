"""Stable identities and the one canonical order shared by every exporter.

A subscriber's calendar app and feed reader recognise an item again by its UID or guid, so
these are derived from the item's content, never from a counter, a clock or a random source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

from extractor.model import Event

#: The timestamp used where an item has no source post (and for an empty feed).
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

UID_DOMAIN = "eventfeed"

_NON_WORD = re.compile(r"[\W_]+")


def normalise_title(title: str) -> str:
    """`title` folded for comparison: NFKC, case-folded, punctuation and spacing collapsed."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def uid(event: Event) -> str:
    """The item's stable UID: the one merging gave it, else a hash of kind, title and start day.

    The same event gets the same UID whatever post (or how many posts) mention it, so a
    re-published calendar updates entries instead of duplicating them.
    """
    if event.uid:
        return event.uid
    key = "|".join((event.kind.value, normalise_title(event.title), event.start_date.isoformat()))
    return f"{hashlib.sha1(key.encode('utf-8')).hexdigest()}@{UID_DOMAIN}"


def announced(event: Event) -> dt.datetime:
    """When the item was first announced, in UTC (`EPOCH` for an item without sources)."""
    return event.announced.astimezone(dt.UTC) if event.sources else EPOCH


def updated(event: Event) -> dt.datetime:
    """When the item last changed, in UTC (`EPOCH` for an item without sources)."""
    return event.updated.astimezone(dt.UTC) if event.sources else EPOCH


def _tie_break(event: Event) -> tuple[str, ...]:
    """Everything else about an item, so that equal sort keys still order the same way."""
    return (
        event.end.isoformat(),
        event.location or "",
        event.url or "",
        event.section or "",
        event.text,
        *(f"{s.path}:{s.line:09d}" for s in event.sources),
    )


def ordered(events: Iterable[Event]) -> list[tuple[Event, str]]:
    """`events` in canonical order (start, kind, title, then UID), each with a unique UID.

    Two items that share a UID (same kind, title and start day that the merger did not fold
    together) keep it for the first and get `-2`, `-3` … for the others, so no calendar ever
    holds two VEVENTs with one UID (clients would silently drop one).
    """
    return numbered(canonical(events))


def canonical(events: Iterable[Event]) -> list[tuple[str, Event]]:
    """`events` in canonical order, each with its base UID (`uid`), not yet made unique.

    Any subsequence of the result is in canonical order too: a site sorts its entries once and
    gives each channel the ones it holds, numbered by `numbered`.
    """
    keyed = sorted(((e.sort_key(), uid(e), e) for e in events), key=lambda k: k[:2])
    out: list[tuple[str, Event]] = []
    start = 0
    while start < len(keyed):  # runs of one start, kind, title and UID: by everything else
        stop = start + 1
        while stop < len(keyed) and keyed[stop][:2] == keyed[start][:2]:
            stop += 1
        run = keyed[start:stop]
        if len(run) > 1:
            run.sort(key=lambda k: _tie_break(k[2]))
        out.extend((base, event) for _key, base, event in run)
        start = stop
    return out


def numbered(keyed: Iterable[tuple[str, Event]]) -> list[tuple[Event, str]]:
    """`keyed` (base UID, event) pairs with each UID made unique: the first keeps it, the
    others get `-2`, `-3` … (see `ordered`)."""
    seen: dict[str, int] = {}
    result: list[tuple[Event, str]] = []
    for base, event in keyed:
        result.append((event, unique_uid(base, seen)))
    return result


def unique_uid(base: str, seen: dict[str, int]) -> str:
    """`base`, or `base` numbered `-2`, `-3` … when `seen` (base → count so far, updated)
    already holds it."""
    count = seen[base] = seen.get(base, 0) + 1
    if count == 1:
        return base
    digest, _, domain = base.partition("@")
    return f"{digest}-{count}@{domain}"


def by_announcement(pairs: Iterable[tuple[Event, str]]) -> list[tuple[Event, str]]:
    """`pairs` in feed order: newest first announcement first, ties kept in the given order."""
    return sorted(pairs, key=lambda pair: announced(pair[0]), reverse=True)


def tag_uri(event: Event, base_url: str, event_uid: str | None = None) -> str:
    """The item's feed id, an RFC 4151 tag URI: `tag:<host>,<announced day>:<uid>`."""
    host = urlsplit(base_url).hostname or "localhost"
    day = announced(event).date().isoformat()
    return f"tag:{host},{day}:{event_uid or uid(event)}"
