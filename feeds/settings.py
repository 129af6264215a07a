"""Site settings: built once (by the CLI or a caller) and passed to every exporter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Settings:
    """What a published calendar and feed say about themselves."""

    title: str = "eventfeed"
    """Calendar and feed name (ICS `NAME`/`X-WR-CALNAME`, feed `<title>`)."""
    description: str = "Events and deadlines found in the posts."
    """Calendar and feed description."""
    base_url: str = "http://localhost:8000/"
    """Absolute URL the site is served from; every published link is made absolute with it."""
    timezone: str = "UTC"
    """IANA zone for times written without a zone (never floating)."""
    organizer_email: str | None = None
    """Mail address of the ORGANIZER; with it the calendar says `METHOD:PUBLISH`."""
    organizer_name: str | None = None
    alarms: tuple[dt.timedelta, ...] = (dt.timedelta(days=7), dt.timedelta(days=1))
    """Reminders before each deadline."""
    refresh: dt.timedelta = dt.timedelta(hours=12)
    """How often subscribers should refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""
    now: dt.datetime | None = None
    """The clock, pinned (`--now`); None where nothing depends on it."""
    categories: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Section heading → the category name it is published under (unlisted ones keep theirs)."""
    month_items: bool = True
    """Publish items known only to the month (shown as "date to be announced")."""
    drafts: bool = False
    """Also read posts marked as drafts."""
    skip_when: tuple[tuple[str, str], ...] = ()
    """Skip posts whose front matter has one of these `(key, value)` pairs."""

    def absolute(self, url: str | None) -> str | None:
        """`url` made absolute against `base_url` (None stays None)."""
        if not url:
            return None
        from urllib.parse import urljoin

        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return urljoin(base, url)
