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


def to_json_feed(
    events: Sequence[Event], settings: Settings, *, self_url: str | None = None
) -> bytes:
    """A JSON Feed 1.1 document of `events`, newest announcement first; `self_url` defaults to
    `<base_url>feed.json`."""
    base = settings.base_url if settings.base_url.endswith("/") else settings.base_url + "/"
    feed_url = public_url(self_url, settings) or settings.absolute("feed.json")
    entries = sorted(
        identity.ordered(events), key=lambda pair: identity.announced(pair[0]), reverse=True
    )
    author: dict[str, str] = {"name": clean_text(settings.organizer_name or settings.title)}
    if settings.organizer_email:
        author["url"] = f"mailto:{settings.organizer_email}"
    items = []
    for event, uid in entries:
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
        items.append(item)
    document = {
        "version": VERSION,
        "title": clean_text(settings.title),
        "home_page_url": base,
        "feed_url": feed_url,
        "description": clean_text(settings.description),
        "authors": [author],
        "items": items,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
