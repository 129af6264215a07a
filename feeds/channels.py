"""The subscribable slices of a site: everything, events, deadlines, and one per category.

Each `Channel` is one calendar with its RSS, Atom and JSON feeds beside it. `build` writes every
channel and the agenda page lists them in its subscribe panel, so both take them from here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from extractor.model import Event, EventKind


@dataclass(frozen=True)
class Channel:
    """One calendar and its feeds, each a path relative to the site folder."""

    slug: str
    """Stable identifier: `all`, `events`, `deadlines`, or `category-<slug>`."""
    label: str
    """What a person reads: "Everything", "Events", "Deadlines" or the category's name."""
    ics: str
    """The calendar, e.g. `calendar.ics` or `categories/openstack.ics`."""
    rss: str
    atom: str
    json_feed: str
    kind: EventKind | None = None
    """Only entries of this kind (None: any)."""
    category: str | None = None
    """Only entries in this category (None: any)."""

    def selects(self, event: Event, categories: Mapping[str, str] | None = None) -> bool:
        """Whether `event` belongs in this channel."""
        if self.kind is not None and event.kind != self.kind:
            return False
        return self.category is None or category_of(event, categories) == self.category

    @property
    def files(self) -> dict[str, str]:
        """Path → format of every file of this channel."""
        return {self.ics: "ics", self.rss: "rss", self.atom: "atom", self.json_feed: "jsonfeed"}


def slugify(name: str) -> str:
    """`name` as a lowercase ASCII slug for a file name ("KubeCon + Summit" → "kubecon-summit")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:60].rstrip("-") or "category"


def category_of(event: Event, names: Mapping[str, str] | None = None) -> str | None:
    """The category an entry is published under: its section, renamed by `names` when listed."""
    if not event.section:
        return None
    section = " ".join(event.section.split())
    if names:
        return names.get(section, section)
    return section


def channels(
    entries: Iterable[Event], categories: Mapping[str, str] | None = None
) -> list[Channel]:
    """Every channel of a site: all, events, deadlines, then one per category (by name).

    Two categories whose slugs collide get `-2`, `-3` … in name order, so paths stay unique
    and stable.
    """
    found = sorted({name for e in entries if (name := category_of(e, categories)) is not None})
    out = [
        Channel("all", "Everything", "calendar.ics", "rss.xml", "atom.xml", "feed.json"),
        _kind_channel(EventKind.EVENT, "Events", "events"),
        _kind_channel(EventKind.DEADLINE, "Deadlines", "deadlines"),
    ]
    taken: set[str] = set()
    for name in found:
        base = slug = slugify(name)
        n = 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        stem = f"categories/{slug}"
        out.append(
            Channel(
                f"category-{slug}",
                name,
                f"{stem}.ics",
                f"{stem}.rss.xml",
                f"{stem}.atom.xml",
                f"{stem}.feed.json",
                category=name,
            )
        )
    return out


def members(
    entries: Iterable[Event],
    chans: Sequence[Channel],
    categories: Mapping[str, str] | None = None,
) -> Iterator[list[int]]:
    """For each of `entries`, the positions in `chans` of the channels that select it
    (`Channel.selects`), ascending; a few lookups an entry, whatever the number of channels."""
    by_slice: dict[tuple[EventKind | None, str | None], list[int]] = {}
    for number, channel in enumerate(chans):
        by_slice.setdefault((channel.kind, channel.category), []).append(number)
    for event in entries:
        category = category_of(event, categories)
        found: list[int] = []
        for kind in (None, event.kind):
            for name in (None, category) if category is not None else (None,):
                found += by_slice.get((kind, name), ())
        yield sorted(found)


def _kind_channel(kind: EventKind, label: str, stem: str) -> Channel:
    return Channel(
        stem,
        label,
        f"{stem}.ics",
        f"{stem}.rss.xml",
        f"{stem}.atom.xml",
        f"{stem}.feed.json",
        kind=kind,
    )
