"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the same items as the RSS and Atom feeds."""

from __future__ import annotations

import json
from collections.abc import Sequence

from extractor.model import Event, EventKind
from feeds import identity
from feeds.settings import Settings
from feeds.syndication import item_html, item_title
from feeds.tables import clean_text, item_link, public_url

VERSION = "https://jsonfeed.org/version/1.1"

#: Stands for the items while the rest of the document is written (`feed_head`).
_ITEMS = "\0items\0"
#: Between two items' texts.
SEPARATOR = b",\n"


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _base(settings: Settings) -> str:
    return settings.base_url if settings.base_url.endswith("/") else settings.base_url + "/"


def _document(settings: Settings, feed_url: str | None, items: list[object]) -> dict[str, object]:
    author: dict[str, str] = {"name": clean_text(settings.organizer_name or settings.title)}
    if settings.organizer_email:
        author["url"] = f"mailto:{settings.organizer_email}"
    return {
        "version": VERSION,
        "title": clean_text(settings.title),
        "home_page_url": _base(settings),
        "feed_url": feed_url,
        "description": clean_text(settings.description),
        "authors": [author],
        "items": items,
    }


def feed_url(self_url: str | None, settings: Settings) -> str | None:
    """The feed's own address: `self_url` made absolute, else `<base_url>feed.json`."""
    return public_url(self_url, settings) or settings.absolute("feed.json")


def feed_head(settings: Settings, url: str | None) -> tuple[bytes, bytes]:
    """The document's text before and after its items, for a feed with at least one item: the
    feed is the head, the items' texts (`item_text`) joined by `SEPARATOR`, and the tail."""
    text = _dumps(_document(settings, url, [_ITEMS]))
    marker = f"    {_dumps(_ITEMS)}"
    at = text.rindex(marker)  # the items are the document's last value
    return text[:at].encode("utf-8"), (text[at + len(marker) :] + "\n").encode("utf-8")


def empty_feed(settings: Settings, url: str | None) -> bytes:
    """The document of a feed without items."""
    return (_dumps(_document(settings, url, [])) + "\n").encode("utf-8")


def item_text(event: Event, uid: str, settings: Settings) -> bytes:
    """One item as it is written inside the feed's `items` list (indented, no separator).
    Only `settings.base_url` shows in it."""
    base = _base(settings)
    item: dict[str, object] = {
        "id": identity.tag_uri(event, base, uid),
        "title": item_title(event),
        "content_html": item_html(event, settings),
        "date_published": identity.announced(event).isoformat(),
        "date_modified": identity.updated(event).isoformat(),
    }
    if link := item_link(event, settings):
        item["url"] = link
    section = " ".join(clean_text(event.section).split())
    kind = "Deadline" if event.kind is EventKind.DEADLINE else "Event"
    item["tags"] = [kind, *([section] if section else [])]
    # JSON strings hold no line break: indenting every line nests the item two levels down.
    return ("    " + _dumps(item).replace("\n", "\n    ")).encode("utf-8")


def to_json_feed(
    events: Sequence[Event], settings: Settings, *, self_url: str | None = None
) -> bytes:
    """A JSON Feed 1.1 document of `events`, newest announcement first; `self_url` defaults to
    `<base_url>feed.json`."""
    url = feed_url(self_url, settings)
    entries = identity.by_announcement(identity.ordered(events))
    if not entries:
        return empty_feed(settings, url)
    head, tail = feed_head(settings, url)
    return head + SEPARATOR.join(item_text(e, uid, settings) for e, uid in entries) + tail
