"""RSS 2.0 and Atom 1.0 feeds: one item per event or deadline, newest announcement first.

feedgen would fill in the build time, prepend entries and advertise its version; every one of
those is set here instead, so the same events always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from feedgen.feed import FeedGenerator

from extractor.model import Event, EventKind, Precision
from feeds import identity, sanitize
from feeds.settings import Settings
from feeds.tables import clean_text, display_title, item_link, local_start, public_url

GENERATOR = "eventfeed"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(day: dt.date, *, month: bool = True, year: bool = True) -> str:
    text = str(day.day)
    if month:
        text += f" {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def _span(first: dt.date, last: dt.date) -> str:
    """A compact day range: `17 Oct 2025`, `17–19 Oct 2025`, `30 Sep – 2 Oct 2025`."""
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{_day(first, month=False, year=False)}–{_day(last)}"
    if first.year == last.year:
        return f"{_day(first, year=False)} – {_day(last)}"
    return f"{_day(first)} – {_day(last)}"


def _month_span(first: dt.date, last: dt.date) -> str:
    """A compact month range: `Oct 2025`, `Jul–Sep 2026`, `Dec 2025 – Jan 2026`."""
    start, end = _MONTHS[first.month - 1], _MONTHS[last.month - 1]
    if (first.year, first.month) == (last.year, last.month):
        return f"{start} {first.year}"
    if first.year == last.year:
        return f"{start}–{end} {last.year}"
    return f"{start} {first.year} – {end} {last.year}"


def format_when(event: Event) -> str:
    """When the item happens, compactly, in English and independent of the locale.

    `17–19 Oct 2025` (all-day), `13 Jun 2025, 23:59 PDT` (timed, in its own zone),
    `Oct 2025` (month precision).
    """
    if event.precision is Precision.MONTH:
        return _month_span(event.start_date, event.end)
    start = local_start(event)
    if not isinstance(start, dt.datetime):
        return _span(start, event.end)
    zone = start.tzname() or event.tz or "UTC"
    return f"{_span(start.date(), max(event.end, start.date()))}, {start:%H:%M} {zone}"


def item_title(event: Event) -> str:
    """The feed item's title: `17–19 Oct 2025 · OpenInfra Summit Europe (Paris-Saclay, France)`."""
    title = f"{format_when(event)} · {display_title(event, month_note=False)}"
    location = sanitize.line(event.location, sanitize.LOCATION_CHARS)
    if location and location.casefold() not in title.casefold():
        title += f" ({location})"
    return " ".join(title.split())


def _link(url: str, text: str) -> str:
    return f'<a href="{html.escape(url)}">{html.escape(text)}</a>'


def item_html(event: Event, settings: Settings) -> str:
    """The item's body as an HTML fragment; every piece of text escaped, only http(s)/mailto
    links."""
    parts = []
    if text := sanitize.block(event.text):
        parts.append("<p>" + html.escape(text).replace("\n", "<br>") + "</p>")
    facts = [f"<strong>When:</strong> {html.escape(format_when(event))}"]
    if event.precision is Precision.MONTH:
        facts.append("The exact date has not been announced yet.")
    if location := sanitize.line(event.location, sanitize.LOCATION_CHARS):
        facts.append(f"<strong>Where:</strong> {html.escape(location)}")
    if url := public_url(event.url, settings):
        facts.append(f"<strong>Link:</strong> {_link(url, url)}")
    parts.append("<p>" + "<br>".join(facts) + "</p>")
    posts: list[str] = []
    for source in event.sources:
        title = sanitize.line(source.post_title)
        url = public_url(source.post_url, settings)
        post = _link(url, title) if url else html.escape(title)
        if post not in posts:
            posts.append(post)
    if posts:
        parts.append("<p>Announced in: " + ", ".join(posts) + "</p>")
    return "\n".join(parts)


def _feed(
    events: Sequence[Event], settings: Settings, self_url: str, media_type: str
) -> FeedGenerator:
    """The feed for both formats; entries newest announcement first, ties in calendar order."""
    base = settings.base_url if settings.base_url.endswith("/") else settings.base_url + "/"
    entries = sorted(
        identity.ordered(events), key=lambda pair: identity.announced(pair[0]), reverse=True
    )
    newest = max((identity.updated(e) for e, _ in entries), default=None)
    fg = FeedGenerator()
    fg.id(base)
    fg.title(clean_text(settings.title))
    fg.subtitle(clean_text(settings.description) or clean_text(settings.title))
    author = {"name": clean_text(settings.organizer_name or settings.title)}
    if settings.organizer_email:
        author["email"] = settings.organizer_email
    fg.author(author)
    fg.link(href=self_url, rel="self", type=media_type)
    fg.link(href=base, rel="alternate")  # the last link is RSS's <link>
    fg.generator(GENERATOR)
    fg.ttl(max(1, int(settings.refresh.total_seconds() // 60)))
    fg.updated(newest or settings.now or identity.EPOCH)
    for event, uid in entries:
        fe = fg.add_entry(order="append")
        fe.guid(identity.tag_uri(event, base, uid), permalink=False)
        fe.title(item_title(event))
        if link := item_link(event, settings):
            fe.link(href=link, rel="alternate")
        fe.content(item_html(event, settings), type="html")
        fe.published(identity.announced(event))
        fe.updated(identity.updated(event))
        kind = "Deadline" if event.kind is EventKind.DEADLINE else "Event"
        section = sanitize.line(event.section, sanitize.SECTION_CHARS)
        fe.category([{"term": kind}, *([{"term": section}] if section else [])])
    return fg


def _self_url(self_url: str | None, settings: Settings, default: str) -> str:
    """The feed's own absolute address: `self_url` (made absolute) else `<base_url><default>`."""
    return public_url(self_url, settings) or settings.absolute(default) or default


def to_rss(events: Sequence[Event], settings: Settings, *, self_url: str | None = None) -> bytes:
    """An RSS 2.0 feed of `events` (UTF-8); `self_url` defaults to `<base_url>rss.xml`."""
    url = _self_url(self_url, settings, "rss.xml")
    return bytes(_feed(events, settings, url, "application/rss+xml").rss_str(pretty=True))


def to_atom(events: Sequence[Event], settings: Settings, *, self_url: str | None = None) -> bytes:
    """An Atom 1.0 feed of `events` (UTF-8); `self_url` defaults to `<base_url>atom.xml`."""
    url = _self_url(self_url, settings, "atom.xml")
    return bytes(_feed(events, settings, url, "application/atom+xml").atom_str(pretty=True))
