"""The agenda page (`index.html`): what is coming, a month view, and how to subscribe.

`render_agenda` turns calendar entries into one self-contained HTML page (styles and the small
script are inlined; nothing is fetched from elsewhere). It is pure: the clock is `settings.now`
(None: every item counts as upcoming and no time left is shown), so the same entries give the
same bytes. The markup comes from Jinja2 templates in `feeds/templates/`, with autoescaping on;
a folder given as `templates` is searched first, so a site can override any of them.

Every text from a post reaches the page through the template's escaping; links from posts are
kept only when they are http, https or mailto (`feeds.tables.public_url`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from extractor.model import Event, EventKind, Precision
from feeds import identity
from feeds.channels import Channel, members
from feeds.fragments import FragmentStore
from feeds.publish import with_site_zone
from feeds.settings import Settings
from feeds.syndication import format_when
from feeds.tables import clean_text, local_start, public_url

#: The templates shipped with eventfeed; a `templates` folder given to `render_agenda` wins.
TEMPLATES = Path(__file__).with_name("templates")

#: How many months the month view shows at most.
MONTH_VIEW_LIMIT = 12

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/r?cid="

_MONTH_NAMES = tuple(
    "January February March April May June July August September October November December".split()
)
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_VIRTUAL = frozenset({"virtual", "online", "remote", "livestream", "webinar"})
#: Characters a JSON string may hold that would end or confuse an HTML <script> element.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028"}
_UNSAFE = re.compile("[<>&\u2028]")


@dataclass(frozen=True, slots=True)
class Announcement:
    """A post that names an item."""

    title: str
    url: str | None
    date: dt.date


@dataclass(frozen=True, slots=True)
class _Shown:
    """What an item shows beyond its place on the page (see `Item`)."""

    title: str
    url: str | None
    when: str
    zone: str | None
    datetime: str
    location: str | None
    section: str | None
    posts: tuple[Announcement, ...]
    ld: Mapping[str, object]


class Item:
    """One entry as the page shows it; every string is plain text (the template escapes it).

    Where it goes on the page (state, month, days) is worked out when it is made; what it shows
    (title, links, dates in words, posts, JSON-LD) when first asked for: a page whose items'
    HTML comes from the store (`_Pieces`) does not need it for most items.
    """

    __slots__ = (
        "_days",
        "_event",
        "_last_day",
        "_settings",
        "_shown",
        "_start",
        "anchor",
        "kind",
        "month",
        "month_only",
        "state",
        "time_left",
    )

    anchor: str
    """The element id, from the entry's UID (`#item-…` links stay valid across builds)."""
    kind: str
    """`event` or `deadline`."""
    month_only: bool
    """Only the month is known."""
    state: str
    """`upcoming`, `ongoing` or `past` (relative to `settings.now`)."""
    time_left: str | None
    """For an upcoming deadline with a pinned clock: `3 days left`, `up to 5 months left` …"""
    month: tuple[int, int]
    """(year, month) of its start, in its own zone."""

    def __init__(self, event: Event, uid: str, settings: Settings, site_zone: dt.tzinfo) -> None:
        """The page's view of `event` (in the site's zone already, see `with_site_zone`)."""
        start = local_start(event)
        month_only = event.precision is Precision.MONTH
        first_day = start.date() if isinstance(start, dt.datetime) else start
        last_day = max(event.end, first_day)
        begins, ends = _span(event, start, last_day, site_zone)
        state, left = "upcoming", None
        now = settings.now
        if now is not None:
            if ends <= now:
                state = "past"
            elif begins <= now and event.kind is EventKind.EVENT:
                state = "ongoing"
            if state != "past" and event.kind is EventKind.DEADLINE:
                left = time_left(ends - now)
                if month_only:
                    left = f"up to {left}"
        self._event = event
        self._settings = settings
        self._start = start
        self._last_day = last_day
        self._shown: _Shown | None = None
        self.anchor = "item-" + _NOT_ANCHOR.sub("-", uid.partition("@")[0])
        self.kind = event.kind.value
        self.month_only = month_only
        self.state = state
        self.time_left = left
        self._days: tuple[dt.date, ...] | None = None
        self.month = (first_day.year, first_day.month)

    def __repr__(self) -> str:
        return f"Item({self.anchor!r}, {self.state!r})"

    @property
    def days(self) -> tuple[dt.date, ...]:
        """The days the item covers (empty for a month-precision item)."""
        if self._days is None:
            days: tuple[dt.date, ...] = ()
            if not self.month_only:
                start = self._start
                first_day = start.date() if isinstance(start, dt.datetime) else start
                count = (self._last_day - first_day).days + 1
                days = tuple(first_day + dt.timedelta(days=n) for n in range(count))
            self._days = days
        return self._days

    @property
    def title(self) -> str:
        return self.shown.title

    @property
    def url(self) -> str | None:
        """The entry's own http(s)/mailto link, or None."""
        return self.shown.url

    @property
    def when(self) -> str:
        """`17–19 Oct 2025`, `13 Jun 2025, 23:59 PDT`, `May 2026` (see `format_when`)."""
        return self.shown.when

    @property
    def zone(self) -> str | None:
        """IANA zone of a timed item ("America/Los_Angeles"), named beside its time."""
        return self.shown.zone

    @property
    def datetime(self) -> str:
        """The start for `<time datetime>`: `2025-10-17`, `2025-06-13T23:59-07:00`, `2026-05`."""
        return self.shown.datetime

    @property
    def location(self) -> str | None:
        return self.shown.location

    @property
    def section(self) -> str | None:
        return self.shown.section

    @property
    def posts(self) -> tuple[Announcement, ...]:
        return self.shown.posts

    @property
    def ld(self) -> Mapping[str, object]:
        """Its schema.org `Event` (JSON-LD)."""
        return self.shown.ld

    @property
    def shown(self) -> _Shown:
        """What the item shows, worked out once (until `forget`)."""
        if self._shown is None:
            self._shown = self.work_out()
        return self._shown

    def work_out(self) -> _Shown:
        """What the item shows, worked out again and not kept."""
        return _shown(self._event, self._settings, self._start, self._last_day)

    def forget(self) -> None:
        """Drop what `shown` kept (it is worked out again if asked for): a page holds its
        items, not their texts."""
        self._shown = None


_NOT_ANCHOR = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True, slots=True)
class MonthGroup:
    """The items starting in one month."""

    anchor: str
    label: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Day:
    """One cell of the month view."""

    day: int
    label: str
    """`Friday 17 July 2026`."""
    items: tuple[Item, ...]
    today: bool


@dataclass(frozen=True, slots=True)
class CalendarMonth:
    """One month of the month view: weeks of days (None outside the month), Monday first."""

    label: str
    anchor: str
    """The id of this month's group in the list; empty when nothing starts in it."""
    weeks: tuple[tuple[Day | None, ...], ...]
    month_only: tuple[Item, ...]
    """Items known only by this month (no day to mark)."""


@dataclass(frozen=True, slots=True)
class Subscription:
    """One channel with every address a person may use to subscribe to it."""

    slug: str
    label: str
    description: str
    upcoming: int
    """How many upcoming items it holds."""
    https: str
    webcal: str
    google: str
    rss: str
    atom: str
    json_feed: str


def render_agenda(
    entries: Sequence[Event],
    settings: Settings,
    channels: Sequence[Channel],
    *,
    templates: Path | None = None,
    categories: Mapping[str, str] | None = None,
) -> bytes:
    """The agenda page for `entries` (merged calendar entries) as UTF-8 HTML.

    `channels` are the calendars the site publishes (`feeds.channels.channels`), listed in the
    subscribe panel; `categories` is the category renaming the channels were made with.
    `templates` is a folder whose templates replace the shipped ones of the same name.
    """
    parts = agenda_parts(entries, settings, channels, templates=templates, categories=categories)
    return b"".join(parts)


#: How much of the page `agenda_parts` gathers before it gives it.
PART_CHARS = 64 * 1024


def agenda_parts(
    entries: Sequence[Event],
    settings: Settings,
    channels: Sequence[Channel],
    *,
    templates: Path | None = None,
    categories: Mapping[str, str] | None = None,
    ordered: Sequence[tuple[Event, str]] | None = None,
    store: FragmentStore | None = None,
    digests: Sequence[bytes] | None = None,
) -> Iterator[bytes]:
    """`render_agenda`'s bytes a part at a time, as the template renders them: a large page is
    written without being held whole. `ordered` is `identity.ordered(entries)` in the site's
    zone (`with_site_zone`), when the caller has it.

    With a `store` and the `entry_digest` of each of `ordered` (`digests`), each item's HTML
    and JSON-LD are taken from the store when an earlier build made them (`_Pieces`)."""
    environment = _environment(templates)
    pieces = None
    if store is not None and store.usable and ordered is not None and digests is not None:
        pieces = _Pieces(environment, settings, store, templates)
    context = _context(entries, settings, channels, categories, ordered, digests, pieces)
    if pieces is None:
        macro = environment.get_template("_macros.html").module.item  # type: ignore[attr-defined]

        def item_html(item: Item) -> Markup:
            html = Markup(macro(item))
            item.forget()
            return html

        context["item_html"] = item_html
    else:
        context["item_html"] = pieces.html
    template = environment.get_template("index.html")
    pending: list[str] = []
    size = 0
    for text in template.generate(context):
        if len(text) >= PART_CHARS:  # the JSON-LD: given in parts, never copied whole
            if pending:
                yield "".join(pending).encode("utf-8")
                pending.clear()
                size = 0
            for start in range(0, len(text), PART_CHARS):
                yield text[start : start + PART_CHARS].encode("utf-8")
            continue
        pending.append(text)
        size += len(text)
        if size >= PART_CHARS:
            yield "".join(pending).encode("utf-8")
            pending.clear()
            size = 0
    yield "".join(pending).encode("utf-8")


def _context(
    entries: Sequence[Event],
    settings: Settings,
    channels: Sequence[Channel],
    categories: Mapping[str, str] | None,
    ordered: Sequence[tuple[Event, str]] | None = None,
    digests: Sequence[bytes] | None = None,
    pieces: _Pieces | None = None,
) -> dict[str, object]:
    """What the templates are given (see `templates/index.html`); `item_html` is added by
    `agenda_parts`."""
    if ordered is None:
        entries = with_site_zone(entries, settings)
        ordered = identity.ordered(entries)
    site_zone = ZoneInfo(settings.timezone)
    pairs = [(event, _item(event, uid, settings, site_zone)) for event, uid in ordered]
    items = [item for _event, item in pairs]
    upcoming = [item for item in items if item.state != "past"]
    past = [item for item in reversed(items) if item.state == "past"]
    if pieces is not None and digests is not None:
        placed = zip((uid for _event, uid in ordered), items, digests, strict=True)
        pieces.place([(item, uid, digest) for uid, item, digest in placed], upcoming, past)
        json_ld = pieces.json_ld(upcoming)
    else:
        json_ld = _json_ld_list(upcoming)
    coming = [event for event, item in pairs if item.state != "past"]
    counts = [0] * len(channels)
    for inside in members(coming, channels, categories):
        for number in inside:
            counts[number] += 1
    return {
        "title": clean_text(settings.title),
        "description": clean_text(settings.description),
        "now": settings.now,
        "as_of": _day_label(settings.now.date()) if settings.now else None,
        "upcoming": upcoming,
        "upcoming_months": _by_month(upcoming),
        "past": past,
        "past_months": _by_month(past),
        "month_view": _month_view(upcoming, settings),
        "subscriptions": [
            _subscription(channel, count, settings)
            for channel, count in zip(channels, counts, strict=True)
        ],
        "json_ld": json_ld,
        "posts": len({s.path for e in entries for s in e.sources}),
        "day_names": _DAY_NAMES,
    }


class _Pieces:
    """Each item's HTML (the `item` macro of `_macros.html`) and its JSON-LD (a piece of
    `json_for_script`), kept in a `FragmentStore` across builds.

    An item's HTML is found by its entry's `entry_digest`, its UID, the settings but the clock,
    the templates and what the clock makes of it (its `state` and `time_left`): a build at
    another time takes every item whose state and time left read the same. Its JSON-LD does not
    depend on the clock. The HTML is fetched a chunk at a time, in the order the page shows the
    items (upcoming, then past), as the template asks for it: the page is never held whole.
    """

    def __init__(
        self,
        environment: jinja2.Environment,
        settings: Settings,
        store: FragmentStore,
        templates: Path | None,
    ) -> None:
        from dataclasses import replace

        from feeds.rebuild import folder_digest

        self.store = store
        self.macro = environment.get_template("_macros.html").module.item  # type: ignore[attr-defined]
        shown = repr(replace(settings, now=None)).encode("utf-8", "surrogatepass")
        digest = hashlib.sha256(shown)
        if templates is not None:
            digest.update(folder_digest(Path(templates)))
        self.shows = digest.hexdigest()
        self.keys: dict[int, tuple[bytes, str, bytes]] = {}
        """id(item) → (entry digest, UID, key of its HTML)"""
        self.order: list[Item] = []
        self.place_of: dict[int, int] = {}
        self.fetched: dict[int, Markup] = {}

    def place(
        self,
        items: Sequence[tuple[Item, str, bytes]],
        upcoming: Sequence[Item],
        past: Sequence[Item],
    ) -> None:
        """The page's `items`, each with its UID and entry digest; `upcoming` and `past` in the
        order the page shows them."""
        key = self.store.key
        for item, uid, digest in items:
            html = key("page-item", digest, uid, self.shows, item.state, item.time_left)
            self.keys[id(item)] = (digest, uid, html)
        self.order = [*upcoming, *past]
        self.place_of = {id(item): number for number, item in enumerate(self.order)}

    def html(self, item: Item) -> Markup:
        """The `item` macro's HTML for `item`, from the store when it has it."""
        found = self.fetched.get(id(item))
        if found is not None:
            return found
        number = self.place_of.get(id(item))
        if number is None:  # not one of the page's items
            return self.render(item)
        chunk = self.order[number : number + _PAGE_CHUNK]
        keys = [self.keys[id(each)][2] for each in chunk]
        stored = self.store.lookup(keys)
        fetched: dict[int, Markup] = {}
        kept = []
        for each, key in zip(chunk, keys, strict=True):
            text = stored.get(key)
            if text is None:
                html = self.render(each)
                kept.append((key, str(html).encode("utf-8", "surrogatepass")))
            else:
                html = Markup(text.decode("utf-8", "surrogatepass"))
            fetched[id(each)] = html
        self.store.keep(kept)
        self.fetched = fetched
        return fetched[id(item)]

    def render(self, item: Item) -> Markup:
        """`item`'s HTML, rendered."""
        html = Markup(self.macro(item))
        item.forget()
        return html

    def json_ld(self, upcoming: Sequence[Item]) -> str:
        """`json_for_script([item.ld for item in upcoming])`, a kept piece per item."""
        if not upcoming:
            return json_for_script([])
        keys = [
            self.store.key("page-ld", digest, uid, self.shows)
            for digest, uid, _html in (self.keys[id(item)] for item in upcoming)
        ]
        pieces: list[str] = []
        for start in range(0, len(upcoming), _PAGE_CHUNK * 4):
            chunk = keys[start : start + _PAGE_CHUNK * 4]
            stored = self.store.lookup(chunk)
            kept = []
            for item, key in zip(upcoming[start : start + len(chunk)], chunk, strict=True):
                text = stored.get(key)
                if text is None:
                    piece = _ld_piece(item.work_out().ld)
                    kept.append((key, piece.encode("utf-8", "surrogatepass")))
                else:
                    piece = text.decode("utf-8", "surrogatepass")
                pieces.append(piece)
            self.store.keep(kept)
        return "[\n" + ",\n".join(pieces) + "\n]"


#: Items whose HTML is looked up together.
_PAGE_CHUNK = 512


def json_for_script(value: object) -> str:
    """`value` as JSON that is safe inside an HTML `<script>` element.

    `<`, `>` and `&` are written as `\\u003c`, `\\u003e` and `\\u0026` (a title holding
    `</script>` cannot end the element); the result still parses with any JSON parser.
    """
    if isinstance(value, list) and value:
        # Item by item, as json.dumps would nest them (JSON strings hold no line break):
        # a long list is never held as millions of pieces at once.
        items = (_ld_piece(item) for item in value)
        return "[\n" + ",\n".join(items) + "\n]"
    return _json(value)


def _json_ld_list(items: Sequence[Item]) -> str:
    """`json_for_script([item.ld for item in items])`, each item's JSON-LD worked out in
    turn and not kept."""
    if not items:
        return json_for_script([])
    return "[\n" + ",\n".join(_ld_piece(item.work_out().ld) for item in items) + "\n]"


def _ld_piece(value: object) -> str:
    """One item of a list as `json_for_script` writes it."""
    return " " + _json(value).replace("\n", "\n ")


def _json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False)
    return _UNSAFE.sub(lambda m: _SCRIPT_UNSAFE[m.group()], text)


def webcal_url(url: str) -> str:
    """`url` with its http(s) scheme replaced by `webcal`, which calendar apps subscribe to."""
    _scheme, sep, rest = url.partition("://")
    return f"webcal://{rest}" if sep else url


def google_subscribe_url(url: str) -> str:
    """Google Calendar's "add by URL" link for the calendar at `url`."""
    return GOOGLE_SUBSCRIBE + quote(webcal_url(url), safe=":/@!$'()*,;=~")


def time_left(delta: dt.timedelta) -> str:
    """How long until a deadline, roughly, in words: `5 hours left`, `3 weeks left` …"""
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return "less than an hour left"
    if hours < 48:
        return _plural(int(hours), "hour") + " left"
    days = delta.days
    if days < 14:
        return _plural(days, "day") + " left"
    if days < 61:
        return _plural(days // 7, "week") + " left"
    return _plural(days // 30, "month") + " left"


# -- the view model ---------------------------------------------------------------------------


def _environment(templates: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(TEMPLATES)]
    if templates is not None:
        loaders.insert(0, jinja2.FileSystemLoader(templates))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _item(event: Event, uid: str, settings: Settings, site_zone: dt.tzinfo) -> Item:
    """The page's view of `event` (in the site's zone already, see `with_site_zone`)."""
    return Item(event, uid, settings, site_zone)


def _shown(
    event: Event, settings: Settings, start: dt.date | dt.datetime, last_day: dt.date
) -> _Shown:
    """What the item of `event` shows (`Item.shown`)."""
    month_only = event.precision is Precision.MONTH
    first_day = start.date() if isinstance(start, dt.datetime) else start
    title = " ".join(clean_text(event.title).split()) or "(untitled)"
    url = public_url(event.url, settings)
    location = " ".join(clean_text(event.location).split()) or None
    section = " ".join(clean_text(event.section).split()) or None
    zone = event.tz if isinstance(start, dt.datetime) else None
    when = format_when(event)
    if month_only:
        machine = f"{first_day:%Y-%m}"
    elif isinstance(start, dt.datetime):
        machine = start.isoformat(timespec="minutes")
    else:
        machine = first_day.isoformat()
    item_data = {
        "kind": event.kind.value,
        "title": title,
        "url": url,
        "location": location,
        "text": " ".join(clean_text(event.text).split()),
        "start": machine,
        "end": None if month_only else _ld_end(start, last_day),
        "end_month": f"{last_day:%Y-%m}" if month_only else None,
    }
    return _Shown(
        title=title,
        url=url,
        when=when,
        zone=zone,
        datetime=machine,
        location=location,
        section=section,
        posts=_announcements(event, settings),
        ld=_json_ld(item_data),
    )


def _span(
    event: Event, start: dt.date | dt.datetime, last_day: dt.date, site_zone: dt.tzinfo
) -> tuple[dt.datetime, dt.datetime]:
    """When the item begins and stops being current.

    A timed deadline is over at its time; anything else at the end of its last day (in its own
    zone when it has one, else the site's).
    """
    if isinstance(start, dt.datetime) and start.tzinfo is not None:
        zone = start.tzinfo
        begins = start
    else:
        zone = site_zone
        first = start.date() if isinstance(start, dt.datetime) else start
        begins = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    if event.kind is EventKind.DEADLINE and isinstance(start, dt.datetime):
        return begins, begins
    return begins, dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tzinfo=zone)


def _ld_end(start: dt.date | dt.datetime, last_day: dt.date) -> str:
    if isinstance(start, dt.datetime):
        return start.replace(year=last_day.year, month=last_day.month, day=last_day.day).isoformat(
            timespec="minutes"
        )
    return last_day.isoformat()


def _json_ld(data: Mapping[str, str | None]) -> dict[str, object]:
    """A schema.org `Event` for one item (a deadline is the moment something closes)."""
    name = data["title"] or ""
    if data["kind"] == "deadline" and "deadline" not in name.casefold():
        name = f"Deadline: {name}"
    ld: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": name,
        "startDate": data["start"],
        "endDate": data["end"] or data["end_month"],
        "eventStatus": "https://schema.org/EventScheduled",
    }
    location = data["location"]
    if location and location.casefold() in _VIRTUAL:
        ld["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        ld["location"] = {"@type": "VirtualLocation", "url": data["url"]} if data["url"] else None
    elif location:
        ld["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        ld["location"] = {"@type": "Place", "name": location, "address": location}
    if data["url"]:
        ld["url"] = data["url"]
    if data["text"]:
        ld["description"] = data["text"]
    return {key: value for key, value in ld.items() if value is not None}


def _announcements(event: Event, settings: Settings) -> tuple[Announcement, ...]:
    seen: dict[str, Announcement] = {}
    for source in sorted(event.sources, key=lambda s: (s.post_published, s.path)):
        if source.path not in seen:
            seen[source.path] = _announcement(
                source.post_title, source.path, source.post_url, source.post_date, settings.base_url
            )
    return tuple(seen.values())


@lru_cache(maxsize=1 << 14)
def _announcement(
    title: str, path: str, url: str | None, date: dt.date, base_url: str
) -> Announcement:
    """How the page names a post (remembered: a post announces many entries)."""
    return Announcement(
        title=" ".join(clean_text(title).split()) or path,
        url=public_url(url, Settings(base_url=base_url)),
        date=date,
    )


def _by_month(items: Iterable[Item]) -> list[MonthGroup]:
    groups: dict[tuple[int, int], list[Item]] = {}
    for item in items:
        groups.setdefault(item.month, []).append(item)
    return [
        MonthGroup(_month_anchor(item_list[0].state, key), _month_label(key), tuple(item_list))
        for key, item_list in groups.items()
    ]


def _month_anchor(state: str, month: tuple[int, int]) -> str:
    return f"{'past' if state == 'past' else 'month'}-{month[0]:04d}-{month[1]:02d}"


def _month_label(month: tuple[int, int]) -> str:
    return f"{_MONTH_NAMES[month[1] - 1]} {month[0]}"


def _day_label(day: dt.date) -> str:
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _month_view(upcoming: Sequence[Item], settings: Settings) -> list[CalendarMonth]:
    """The coming months, from the clock's month (or the first item's) to the last item's."""
    if not upcoming:
        return []
    today = None
    if settings.now is not None:
        today = settings.now.astimezone(ZoneInfo(settings.timezone)).date()
        first = (today.year, today.month)
    else:
        first = min(item.month for item in upcoming)
    last = max(max(item.month for item in upcoming), first)
    months: list[tuple[int, int]] = []
    year, month = first
    while (year, month) <= last and len(months) < MONTH_VIEW_LIMIT:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    by_day: dict[dt.date, list[Item]] = {}
    for item in upcoming:
        if item.month > months[-1]:
            continue  # it starts after the view
        for day in item.days:
            by_day.setdefault(day, []).append(item)
    grid = calendar.Calendar(firstweekday=0)
    out = []
    for key in months:
        weeks = []
        for week in grid.monthdatescalendar(*key):
            weeks.append(
                tuple(
                    Day(day.day, _day_label(day), tuple(by_day.get(day, ())), day == today)
                    if (day.year, day.month) == key
                    else None
                    for day in week
                )
            )
        month_only = tuple(i for i in upcoming if i.month_only and i.month == key)
        has_items = any(i.month == key for i in upcoming)
        out.append(
            CalendarMonth(
                label=_month_label(key),
                anchor=_month_anchor("upcoming", key) if has_items else "",
                weeks=tuple(weeks),
                month_only=month_only,
            )
        )
    return out


def _subscription(channel: Channel, upcoming: int, settings: Settings) -> Subscription:
    """`channel`'s addresses, and how many `upcoming` entries it holds."""
    https = _absolute(channel.ics, settings)
    if channel.category is not None:
        description = f"Everything filed under “{channel.label}”."
    elif channel.kind is EventKind.EVENT:
        description = "Conferences, meetups and other happenings."
    elif channel.kind is EventKind.DEADLINE:
        description = "Calls for papers, price rises and other cut-offs."
    else:
        description = "Every event and deadline."
    return Subscription(
        slug=channel.slug,
        label=channel.label,
        description=description,
        upcoming=upcoming,
        https=https,
        webcal=webcal_url(https),
        google=google_subscribe_url(https),
        rss=_absolute(channel.rss, settings),
        atom=_absolute(channel.atom, settings),
        json_feed=_absolute(channel.json_feed, settings),
    )


def _absolute(path: str, settings: Settings) -> str:
    return settings.absolute(path) or path


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
