"""The records that cross from `extractor` into `feeds`: posts and the events found in them.

Everything here is a frozen dataclass or an enum; nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

#: A calendar day (all-day item) or an aware datetime (timed item).
When = dt.date | dt.datetime


class EventKind(StrEnum):
    """What a dated mention is."""

    EVENT = "event"
    """A happening a reader could attend or watch: conference, meetup, webinar …"""
    DEADLINE = "deadline"
    """A cut-off a reader must act before: CFP, registration price rise, survey …"""


class Precision(StrEnum):
    """How precisely the post gives the date."""

    DAY = "day"
    """Exact days ("17-19 October")."""
    MONTH = "month"
    """Only months ("Montreal - September", "Q3 2026"): start is the 1st, end the last day."""


@dataclass(frozen=True)
class Post:
    """One markdown post with its front matter resolved."""

    path: str
    """The file as given on the command line or found in a folder (POSIX separators)."""
    title: str
    """Front-matter title, else the file's stem."""
    date: dt.date
    """The post's own date: the reference every relative or year-less date resolves against."""
    published: dt.datetime
    """When the post was published, timezone-aware (midnight UTC when only a date is known)."""
    body: str
    """The markdown after the front matter."""
    body_line: int = 1
    """The 1-based line of the raw file on which `body` starts."""
    url: str | None = None
    """The post's absolute or site-relative URL, percent-encoded, or None."""
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """Every front-matter key, as read (read-only)."""

    @property
    def name(self) -> str:
        """The file's base name."""
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Source:
    """Where a mention was found: one post and one line of it."""

    path: str
    """The post's path (`Post.path`)."""
    line: int
    """The 1-based line of the raw file holding the block the mention came from."""
    post_title: str
    post_date: dt.date
    post_published: dt.datetime
    """Aware datetime of the post's publication; the announcement time of the mention."""
    post_url: str | None = None

    @classmethod
    def of(cls, post: Post, line: int) -> Source:
        """The source for line `line` of `post`."""
        return cls(
            path=post.path,
            line=line,
            post_title=post.title,
            post_date=post.date,
            post_published=post.published,
            post_url=post.url,
        )


@dataclass(frozen=True)
class Event:
    """A dated event or deadline: one mention, or (after merging) one calendar entry."""

    kind: EventKind
    title: str
    """What a person reads in a calendar: plain text, no markdown."""
    start: When
    """A date for all-day items; a datetime when a time of day is given: aware (in `tz`) when
    the post names a zone, naive when it does not (the publisher applies the site's zone)."""
    end: dt.date
    """The last day, inclusive (equal to the start's day for a one-day item)."""
    precision: Precision = Precision.DAY
    tz: str | None = None
    """IANA zone name of a timed item ("America/Los_Angeles"), else None."""
    location: str | None = None
    """Where it happens, as written ("Paris-Saclay, France", "Virtual")."""
    url: str | None = None
    """The link a reader would follow for this item."""
    section: str | None = None
    """The top heading the mention sits under, used as its category ("Community Events")."""
    text: str = ""
    """The source sentence, as plain text."""
    sources: tuple[Source, ...] = ()
    """Every post (and line) that mentions it; a mention has exactly one."""
    sequence: int = 0
    """RFC 5545 SEQUENCE: how many times a later post changed the entry."""
    uid: str | None = None
    """Stable identity of a calendar entry, set when mentions are merged (from its first
    announcement, so it survives new posts and later changes); None for a raw mention."""
    rule: str = field(default="", compare=False)
    """The detector that read the mention (`titled-listing`, `prose-deadline` …), for
    `extract --explain`; in no output format."""
    reasoning: str = field(default="", compare=False)
    """How its date and year were chosen ("weekday Friday agrees with 2026 …"), for
    `extract --explain`; in no output format."""

    def __post_init__(self) -> None:
        if self.end < self.start_date:
            raise ValueError(f"event ends ({self.end}) before it starts ({self.start_date})")
        if self.tz is not None and (
            not isinstance(self.start, dt.datetime) or self.start.tzinfo is None
        ):
            raise ValueError("an event with a zone needs an aware start")

    @property
    def start_date(self) -> dt.date:
        """The first day of the item."""
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def timed(self) -> bool:
        """True when the item has a time of day."""
        return isinstance(self.start, dt.datetime)

    @property
    def source(self) -> Source:
        """The first source (for a mention, its only one)."""
        return self.sources[0]

    @property
    def announced(self) -> dt.datetime:
        """When the item was first announced: the earliest source post's publication."""
        return min(s.post_published for s in self.sources)

    @property
    def updated(self) -> dt.datetime:
        """When the item last changed: the latest source post's publication."""
        return max(s.post_published for s in self.sources)

    def sort_key(self) -> tuple[dt.datetime, str, str]:
        """One comparable value for all-day and timed items (all-day sorts as midnight UTC)."""
        if isinstance(self.start, dt.datetime) and self.start.tzinfo is not None:
            moment = self.start.astimezone(dt.UTC)
        elif isinstance(self.start, dt.datetime):
            moment = self.start.replace(tzinfo=dt.UTC)
        else:
            moment = dt.datetime.combine(self.start, dt.time(), tzinfo=dt.UTC)
        return (moment, self.kind.value, self.title)


@dataclass(frozen=True)
class Problem:
    """A post that could not be read, or a part of one that could not be used."""

    path: str
    message: str
    line: int | None = None
    severity: str = "error"
    """`error`: a post (or part of one) could not be used; `warning`: a date in the text
    contradicts itself or cannot be placed ("30 February"), reported but not a failure."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return printable(f"{where}: {self.message}")


_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` for one line of a terminal or log: control characters, line breaks, bidi
    controls and undecodable file-name bytes written as `\\xNN` / `\\uNNNN` escapes, so a file
    name or a quoted value can neither start a new line nor move the cursor."""
    return _UNPRINTABLE.sub(lambda found: _escape(found[0]), text)


@dataclass(frozen=True)
class Skipped:
    """A post left out on purpose (a draft, a `--skip-when` match)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Extraction:
    """What reading a set of posts gave: the good posts, their mentions, and what went wrong."""

    posts: tuple[Post, ...] = ()
    events: tuple[Event, ...] = ()
    """Every mention, in post order then line order."""
    problems: tuple[Problem, ...] = ()
    """What could not be used: a post, or a part of one (the rest of it is still published)."""
    warnings: tuple[Problem, ...] = ()
    """What was used but may not be what the author meant: a date that cannot exist, a file
    read as Latin-1. Published as read; `--strict` counts them as problems."""
    skipped: tuple[Skipped, ...] = ()
