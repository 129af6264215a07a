"""RSS 2.0 and Atom 1.0 feeds: one item per event or deadline, newest announcement first.

feedgen would fill in the build time, prepend entries and advertise its version; every one of
those is set here instead, so the same events always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from feedgen.entry import FeedEntry
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


def _head(
    settings: Settings, self_url: str, media_type: str, newest: dt.datetime | None
) -> FeedGenerator:
    """A feed without entries: its title, links, author and `updated` (`newest`, else the
    clock, else `identity.EPOCH`)."""
    base = _base(settings)
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
    return fg


def _base(settings: Settings) -> str:
    return settings.base_url if settings.base_url.endswith("/") else settings.base_url + "/"


def _entry(event: Event, uid: str, settings: Settings) -> FeedEntry:
    """The feed entry of one item (the same for RSS and Atom)."""
    fe = FeedEntry()
    fe.guid(identity.tag_uri(event, _base(settings), uid), permalink=False)
    fe.title(item_title(event))
    if link := item_link(event, settings):
        fe.link(href=link, rel="alternate")
    fe.content(item_html(event, settings), type="html")
    fe.published(identity.announced(event))
    fe.updated(identity.updated(event))
    kind = "Deadline" if event.kind is EventKind.DEADLINE else "Event"
    section = sanitize.line(event.section, sanitize.SECTION_CHARS)
    fe.category([{"term": kind}, *([{"term": section}] if section else [])])
    return fe


#: Where the entries of each format go: before the closing tags that end the document.
_CLOSING = {"rss": b"  </channel>\n</rss>\n", "atom": b"</feed>\n"}
_ITEM_END = {"rss": b"</item>\n", "atom": b"</entry>\n"}


def _text(fg: FeedGenerator, fmt: str) -> bytes:
    text = fg.rss_str(pretty=True) if fmt == "rss" else fg.atom_str(pretty=True)
    return bytes(text)


def feed_head(
    settings: Settings, fmt: str, self_url: str, newest: dt.datetime | None
) -> tuple[bytes, bytes]:
    """An RSS (`fmt` "rss") or Atom ("atom") feed's text before and after its entries.

    The feed is the head, each entry's text (`entry_texts`, newest announcement first) and the
    tail. `newest` is the latest `identity.updated` of its entries (None: it has none).
    """
    media_type = "application/rss+xml" if fmt == "rss" else "application/atom+xml"
    text = _text(_head(settings, self_url, media_type, newest), fmt)
    closing = _CLOSING[fmt]
    if not text.endswith(closing):
        raise ValueError(f"feedgen wrote a {fmt} feed that does not end with {closing!r}")
    return text[: -len(closing)], closing


def entry_settings(settings: Settings) -> Settings:
    """What of `settings` a feed entry shows (the links' base), the rest left at its default:
    feeds whose settings differ in anything else share their entries' text."""
    return Settings(base_url=settings.base_url)


def entry_texts(
    pairs: Sequence[tuple[Event, str]], settings: Settings
) -> list[tuple[bytes, bytes]]:
    """The RSS item and the Atom entry of each (event, uid) of `pairs`, as feedgen writes them
    inside a feed (indented, each ending with a line break). `settings` are best
    `entry_settings(...)`: an entry shows nothing else."""
    if not pairs:
        return []
    fg = _head(settings, _base(settings), "application/atom+xml", None)
    empty = {fmt: _text(fg, fmt) for fmt in _CLOSING}
    for event, uid in pairs:
        fg.add_entry(_entry(event, uid, settings), order="append")
    found = []
    for fmt, closing in _CLOSING.items():
        head = empty[fmt][: -len(closing)]
        text = _text(fg, fmt)
        if not (text.startswith(head) and text.endswith(closing)):
            raise ValueError(f"feedgen wrote the {fmt} entries out of place")
        items = text[len(head) : -len(closing)].split(_ITEM_END[fmt])
        if len(items) != len(pairs) + 1 or items[-1]:
            raise ValueError(f"feedgen wrote {len(items) - 1} {fmt} entries for {len(pairs)}")
        found.append([item + _ITEM_END[fmt] for item in items[:-1]])
    return list(zip(found[0], found[1], strict=True))


def _feed(events: Sequence[Event], settings: Settings, self_url: str, fmt: str) -> bytes:
    """The feed for both formats; entries newest announcement first, ties in calendar order."""
    entries = identity.by_announcement(identity.ordered(events))
    newest = max((identity.updated(e) for e, _ in entries), default=None)
    head, tail = feed_head(settings, fmt, self_url, newest)
    index = 0 if fmt == "rss" else 1
    texts = entry_texts(entries, entry_settings(settings))
    return head + b"".join(pair[index] for pair in texts) + tail


def own_url(self_url: str | None, settings: Settings, default: str) -> str:
    """The feed's own absolute address: `self_url` (made absolute) else `<base_url><default>`."""
    return public_url(self_url, settings) or settings.absolute(default) or default


def to_rss(events: Sequence[Event], settings: Settings, *, self_url: str | None = None) -> bytes:
    """An RSS 2.0 feed of `events` (UTF-8); `self_url` defaults to `<base_url>rss.xml`."""
    return _feed(events, settings, own_url(self_url, settings, "rss.xml"), "rss")


def to_atom(events: Sequence[Event], settings: Settings, *, self_url: str | None = None) -> bytes:
    """An Atom 1.0 feed of `events` (UTF-8); `self_url` defaults to `<base_url>atom.xml`."""
    return _feed(events, settings, own_url(self_url, settings, "atom.xml"), "atom")
