"""The agenda page (`feeds.agenda.render_agenda`): what it shows, and that posts cannot inject."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from extractor import extract
from extractor.model import Event, EventKind, Precision, Source
from feeds.agenda import (
    google_subscribe_url,
    json_for_script,
    render_agenda,
    time_left,
    webcal_url,
)
from feeds.channels import channels
from feeds.merge import merge
from feeds.settings import Settings

REPO = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2025, 12, 15, tzinfo=dt.UTC)
BASE = "https://example.org/events/"
LA = ZoneInfo("America/Los_Angeles")


def source(title: str = "Community news", url: str | None = "news/2025-11/") -> Source:
    published = dt.datetime(2025, 11, 1, tzinfo=dt.UTC)
    return Source("posts/news.md", 3, title, published.date(), published, url)


def event(
    title: str,
    start: dt.date | dt.datetime,
    end: dt.date | None = None,
    *,
    kind: EventKind = EventKind.EVENT,
    precision: Precision = Precision.DAY,
    location: str | None = None,
    url: str | None = None,
    section: str | None = "Community Events",
    sources: tuple[Source, ...] | None = None,
) -> Event:
    first = start.date() if isinstance(start, dt.datetime) else start
    tz = str(start.tzinfo) if isinstance(start, dt.datetime) and start.tzinfo else None
    return Event(
        kind=kind,
        title=title,
        start=start,
        end=end or first,
        precision=precision,
        tz=tz,
        location=location,
        url=url,
        section=section,
        text=f"{title} text",
        sources=sources if sources is not None else (source(),),
        uid=f"{abs(hash((title, first))):x}@eventfeed",
    )


SUMMIT = event(
    "OpenInfra Summit",
    dt.date(2026, 1, 20),
    dt.date(2026, 1, 22),
    location="Paris, France",
    url="https://summit.example/",
)
MEETUP = event("Berlin Meetup", dt.date(2026, 2, 3), location="Berlin, Germany")
CFP = event(
    "Summit CFP closes",
    dt.date(2025, 12, 18),
    kind=EventKind.DEADLINE,
    url="https://summit.example/cfp",
)
TIMED = event(
    "Travel support",
    dt.datetime(2025, 12, 15, 23, 59, tzinfo=LA),
    kind=EventKind.DEADLINE,
    section="Summit",
)
ASIA = event(
    "Summit Asia",
    dt.date(2026, 5, 1),
    dt.date(2026, 5, 31),
    precision=Precision.MONTH,
    kind=EventKind.DEADLINE,
    section="Summit",
)
OLD = event("Last year's gathering", dt.date(2025, 11, 3), location="Austin, TX")
ONGOING = event("Winter school", dt.date(2025, 12, 10), dt.date(2025, 12, 19))
ENTRIES = [SUMMIT, MEETUP, CFP, TIMED, ASIA, OLD, ONGOING]


def settings(now: dt.datetime | None = NOW) -> Settings:
    return Settings(title="Test events", base_url=BASE, now=now)


def page(entries: list[Event] = ENTRIES, now: dt.datetime | None = NOW, **kwargs: object) -> str:
    data = render_agenda(entries, settings(now), channels(entries), **kwargs)  # type: ignore[arg-type]
    return data.decode("utf-8")


class Dom(HTMLParser):
    """The elements of a page as (tag, attributes, text inside up to the next tag) and the text
    of each element with an id."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts.append((self._script, data))
        else:
            self.text.append(data)

    def hrefs(self) -> list[str]:
        return [a["href"] or "" for tag, a in self.elements if "href" in a]

    def json_ld(self) -> list[dict[str, object]]:
        (body,) = [text for a, text in self.scripts if a.get("type") == "application/ld+json"]
        data = json.loads(body)
        assert isinstance(data, list)
        return data


def section(html: str, element_id: str) -> str:
    """The markup from the element with `element_id` to the end of its <section>."""
    start = html.index(f'id="{element_id}"')
    depth, pos = 0, start
    for match in re.finditer(r"<(/?)section\b", html[start:]):
        if match.group(1):
            if depth == 0:
                return html[start : start + match.start()]
            depth -= 1
        else:
            depth += 1
        pos = match.end()
    return html[start:pos]


def item(html: str, title: str) -> str:
    """The <li> of the item called `title`."""
    at = html.index(f">{title}<")
    start = html.rindex('<li class="item', 0, at)
    return html[start : html.index("</article>", at)]


# -- what the page shows ----------------------------------------------------------------------


def test_upcoming_items_are_grouped_by_month_in_date_order() -> None:
    html = page()
    upcoming = section(html, "upcoming")
    headings = re.findall(r"<h3 id=\"month-[\d-]+-title\">([^<]+)</h3>", upcoming)
    assert headings == ["December 2025", "January 2026", "February 2026", "May 2026"]
    assert upcoming.index("Summit CFP closes") < upcoming.index("OpenInfra Summit")
    assert upcoming.index("OpenInfra Summit") < upcoming.index("Berlin Meetup")
    january = section(html, "month-2026-01")
    assert "OpenInfra Summit" in january and "Berlin Meetup" not in january


def test_past_items_are_folded_below_most_recent_first() -> None:
    html = page()
    assert "Last year&#39;s gathering" not in section(html, "upcoming")
    past = section(html, "past")
    assert "<details>" in past and "Last year&#39;s gathering" in past
    assert "Show 1 past item" in past
    assert html.index('id="upcoming"') < html.index('id="past"')


def test_an_item_that_has_begun_and_not_ended_is_upcoming_and_happening_now() -> None:
    html = page()
    assert "Winter school" in section(html, "upcoming")
    assert "Happening now" in item(html, "Winter school")


def test_each_item_has_its_date_title_place_link_and_announcing_post() -> None:
    summit = item(page(), "OpenInfra Summit")
    assert '<time datetime="2026-01-20">20–22 Jan 2026</time>' in summit
    assert '<a href="https://summit.example/">OpenInfra Summit</a>' in summit
    assert "Paris, France" in summit
    assert '<a href="https://example.org/events/news/2025-11/">Community news</a>' in summit
    assert '<time datetime="2025-11-01">1 Nov 2025</time>' in summit


def test_a_timed_item_shows_its_time_in_its_own_zone_and_names_the_zone() -> None:
    travel = item(page(), "Travel support")
    assert '<time datetime="2025-12-15T23:59-08:00">15 Dec 2025, 23:59 PST</time>' in travel
    assert "(America/Los_Angeles)" in travel


def test_deadlines_stand_out_with_the_time_left_from_the_pinned_clock() -> None:
    html = page()
    cfp = item(html, "Summit CFP closes")
    assert 'class="item deadline upcoming"' in cfp
    assert '<span class="badge deadline">Deadline</span>' in cfp
    assert '<strong class="left">4 days left</strong>' in cfp  # to the end of 18 Dec (UTC)
    travel = item(html, "Travel support")
    assert (
        '<strong class="left">31 hours left</strong>' in travel
    )  # 23:59 PST is 07:59 UTC the next day
    assert "left" not in item(html, "OpenInfra Summit")


def test_month_precision_items_are_marked_as_such() -> None:
    asia = item(page(), "Summit Asia")
    assert "month-only" in asia
    assert '<time datetime="2026-05">May 2026</time>' in asia
    assert "the exact day is not announced yet" in asia
    assert '<strong class="left">up to 5 months left</strong>' in asia


def test_without_a_clock_everything_is_upcoming_and_no_time_left_is_shown() -> None:
    html = page(now=None)
    assert 'id="past"' not in html
    assert "Last year&#39;s gathering" in section(html, "upcoming")
    assert "left</strong>" not in html
    assert "as of" not in html


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (dt.timedelta(minutes=20), "less than an hour left"),
        (dt.timedelta(hours=1, minutes=5), "1 hour left"),
        (dt.timedelta(hours=47), "47 hours left"),
        (dt.timedelta(days=2), "2 days left"),
        (dt.timedelta(days=13, hours=23), "13 days left"),
        (dt.timedelta(days=14), "2 weeks left"),
        (dt.timedelta(days=60), "8 weeks left"),
        (dt.timedelta(days=61), "2 months left"),
        (dt.timedelta(days=400), "13 months left"),
    ],
)
def test_time_left_in_words(delta: dt.timedelta, text: str) -> None:
    assert time_left(delta) == text


def test_the_month_view_marks_the_days_that_hold_items() -> None:
    html = page()
    view = section(html, "month-view")
    captions = re.findall(r"<caption>(?:<a [^>]+>)?([^<]+)", view)
    assert captions == [
        "December 2025",
        "January 2026",
        "February 2026",
        "March 2026",
        "April 2026",
        "May 2026",
    ]
    summit = re.search(
        r'id="(item-[^"]+)">\s*<article[^>]*>\s*<p class="when">\s*<time datetime="2026-01-20"',
        html,
    )
    assert summit
    for day in (20, 21, 22):
        assert re.search(rf'<td class="busy"><a href="#{summit.group(1)}"[^>]*>{day}</a>', view)
    assert re.search(r'<td class="busy has-deadline"><a [^>]*>18</a>', view)
    # Today (15 December) is outlined; it also holds the timed deadline.
    assert re.search(r'<td class="busy has-deadline today"><a [^>]*>15</a>', view)
    # The May item has no day to mark: the month says so and links to its group.
    assert '<a href="#month-2026-05" title="Summit Asia">+1 this month</a>' in view


def test_the_subscribe_panel_has_every_channel_with_exact_links() -> None:
    html = page()
    dom = Dom(html)
    hrefs = dom.hrefs()
    for ics in ("calendar.ics", "events.ics", "deadlines.ics", "categories/summit.ics"):
        https = BASE + ics
        webcal = "webcal://example.org/events/" + ics
        assert https in hrefs
        assert webcal in hrefs
        assert "https://calendar.google.com/calendar/r?cid=" + webcal in hrefs
    for stem in ("", "events.", "deadlines.", "categories/community-events."):
        for feed in ("rss.xml", "atom.xml", "feed.json"):
            assert BASE + stem + feed in hrefs
    inputs = [a for tag, a in dom.elements if tag == "input"]
    assert {a["value"] for a in inputs} >= {BASE + "calendar.ics", BASE + "deadlines.ics"}
    copy = [a for tag, a in dom.elements if tag == "button" and "data-copy" in a]
    assert len(copy) == len(inputs) == len(channels(ENTRIES))


def test_the_head_has_feed_autodiscovery_links() -> None:
    dom = Dom(page())
    alternates = {
        (a["type"], a["href"])
        for tag, a in dom.elements
        if tag == "link" and a["rel"] == "alternate"
    }
    assert ("application/rss+xml", BASE + "rss.xml") in alternates
    assert ("application/atom+xml", BASE + "atom.xml") in alternates
    assert ("application/feed+json", BASE + "feed.json") in alternates
    assert ("application/atom+xml", BASE + "deadlines.atom.xml") in alternates


def test_json_ld_describes_every_upcoming_item() -> None:
    data = Dom(page()).json_ld()
    by_name = {entry["name"]: entry for entry in data}
    assert len(data) == 6  # everything but the past item
    summit = by_name["OpenInfra Summit"]
    assert summit == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "OpenInfra Summit",
        "startDate": "2026-01-20",
        "endDate": "2026-01-22",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": "Paris, France", "address": "Paris, France"},
        "url": "https://summit.example/",
        "description": "OpenInfra Summit text",
    }
    travel = by_name["Deadline: Travel support"]
    assert travel["startDate"] == "2025-12-15T23:59-08:00"
    assert by_name["Deadline: Summit Asia"]["startDate"] == "2026-05"


def test_a_virtual_event_has_a_virtual_location() -> None:
    online = event(
        "Online PTG", dt.date(2026, 1, 5), location="Virtual", url="https://ptg.example/"
    )
    (entry,) = Dom(page([online])).json_ld()
    assert entry["location"] == {"@type": "VirtualLocation", "url": "https://ptg.example/"}
    assert entry["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


def test_the_webcal_and_google_addresses() -> None:
    url = "https://example.org/events/calendar.ics"
    assert webcal_url(url) == "webcal://example.org/events/calendar.ics"
    assert webcal_url("http://localhost:8000/x.ics") == "webcal://localhost:8000/x.ics"
    assert (
        google_subscribe_url(url)
        == "https://calendar.google.com/calendar/r?cid=webcal://example.org/events/calendar.ics"
    )
    assert google_subscribe_url("https://e.org/c.ics?a=1&b=2").endswith("c.ics%3Fa=1%26b=2")


# -- hostile posts ----------------------------------------------------------------------------

HOSTILE = event(
    "<script>alert('title')</script> & </script><b>bold</b>",
    dt.date(2026, 1, 10),
    location='<img src=x onerror="alert(1)">',
    url="javascript:alert(1)",
    section="<i>section</i>",
    sources=(
        source(title="<svg onload=alert(2)>", url="javascript:alert(3)"),
        Source(
            "posts/b.md",
            1,
            "Data post",
            dt.date(2025, 11, 2),
            dt.datetime(2025, 11, 2, tzinfo=dt.UTC),
            "data:text/html,<script>alert(4)</script>",
        ),
    ),
)


def test_every_text_from_a_post_is_escaped() -> None:
    html = page([HOSTILE])
    without_ld = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    for raw in ("<script>alert", "<img src=x", "<svg", "<b>bold", "<i>section", 'onerror="'):
        assert raw not in without_ld
    # Markup in a post's text is dropped (feeds.sanitize), the words kept and escaped.
    assert "<span>alert(&#39;title&#39;) &amp; bold</span>" in html
    assert "onerror" not in html and "onload" not in html
    # The only scripts on the page are the JSON-LD block and the page's own.
    dom = Dom(html)
    assert [a.get("type") for a, _text in dom.scripts] == ["application/ld+json", None]


def test_links_from_posts_are_kept_only_for_http_https_and_mailto() -> None:
    mail = event("Mail us", dt.date(2026, 1, 11), url="mailto:events@example.org")
    hrefs = Dom(page([HOSTILE, mail])).hrefs()
    assert not [
        h for h in hrefs if h.split(":", 1)[0].lower() in ("javascript", "data", "vbscript")
    ]
    assert "mailto:events@example.org" in hrefs
    hostile = item(page([HOSTILE]), "Data post")
    assert "<cite>Data post</cite>" in hostile
    assert "svg" not in hostile and "onload" not in hostile  # markup in a post title is dropped


def test_json_ld_is_safe_inside_a_script_element_and_still_parses() -> None:
    html = page([HOSTILE])
    body = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert body
    text = body.group(1)
    assert "<" not in text and ">" not in text and "&" not in text
    (entry,) = json.loads(text)
    assert entry["name"] == "alert('title') & bold"  # markup dropped, text kept
    assert "url" not in entry  # the javascript: link is dropped here too
    assert json_for_script({"a": "</script><!--\u2028"}) == (
        '{\n "a": "\\u003c/script\\u003e\\u003c!--\\u2028"\n}'
    )


# -- the page as a whole ----------------------------------------------------------------------


def test_the_page_loads_nothing_from_elsewhere() -> None:
    dom = Dom(page())
    for tag, attrs in dom.elements:
        assert "src" not in attrs, f"<{tag}> loads {attrs['src']}"
        if tag == "link":
            assert attrs["rel"] == "alternate"
    assert [a.get("type") for a, _text in dom.scripts] == ["application/ld+json", None]


def test_the_page_has_landmarks_and_one_h1() -> None:
    html = page()
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert html.count(landmark) >= 1
    assert html.count("<h1") == 1
    assert '<html lang="en"' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    for label in re.findall(r'<label for="([^"]+)"', html):
        assert f'id="{label}"' in html


def test_rendering_is_deterministic() -> None:
    assert page() == page()
    assert page(list(reversed(ENTRIES))) == page()


def test_templates_can_be_overridden(tmp_path: Path) -> None:
    (tmp_path / "_macros.html").write_text(
        (REPO / "feeds" / "templates" / "_macros.html").read_text(encoding="utf-8")
    )
    (tmp_path / "agenda.css").write_text("body { color: rebeccapurple; }\n")
    html = page(templates=tmp_path)
    assert "body { color: rebeccapurple; }" in html
    assert "OpenInfra Summit" in html  # index.html still comes from the package


def test_an_empty_site_still_offers_subscriptions() -> None:
    html = page([])
    assert "Nothing announced yet" in html
    assert "webcal://example.org/events/calendar.ics" in html
    assert 'type="application/ld+json"' not in html


def test_the_seeds_page() -> None:
    entries = merge(extract([str(REPO / "seeds")]).events)
    html = render_agenda(entries, Settings(now=NOW, base_url=BASE), channels(entries)).decode(
        "utf-8"
    )
    upcoming = section(html, "upcoming")
    assert "OpenInfra Summit Asia + KubeCon + CloudNativeCon" in upcoming
    assert "OpenInfra Summit Europe" not in upcoming  # October 2025: past
    assert "OpenInfra Summit Europe" in section(html, "past")
    assert len(Dom(html).json_ld()) == upcoming.count('<li class="item ')


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_colours_meet_wcag_aa_contrast(scheme: str) -> None:
    """Every text/background pair the stylesheet uses has a contrast of at least 4.5:1."""
    css = (REPO / "feeds" / "templates" / "agenda.css").read_text(encoding="utf-8")
    light, dark = css.split("@media (prefers-color-scheme: dark)", 1)
    block = light if scheme == "light" else dark[: dark.index("}\n}")]
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", block))
    pairs = [
        ("fg", "bg"), ("fg", "deadline-soft"), ("muted", "bg"), ("muted", "soft"),
        ("muted", "deadline-soft"), ("link", "bg"), ("link", "soft"), ("link", "deadline-soft"),
        ("link", "busy"), ("deadline", "bg"), ("deadline", "deadline-soft"), ("bg", "deadline"),
        ("accent-fg", "accent"), ("accent", "bg"),
    ]  # fmt: skip
    for text, background in pairs:
        high, low = sorted((_luminance(colours[text]), _luminance(colours[background])))[::-1]
        ratio = (high + 0.05) / (low + 0.05)
        assert ratio >= 4.5, f"{scheme}: --{text} on --{background} is {ratio:.2f}:1"


def test_the_page_is_given_in_parts_that_make_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`build` writes the page as it renders (`agenda_parts`), not held whole."""
    import feeds.agenda

    whole = page().encode("utf-8")
    monkeypatch.setattr(feeds.agenda, "PART_CHARS", 1000)
    parts = list(feeds.agenda.agenda_parts(ENTRIES, settings(), channels(ENTRIES)))
    assert len(parts) > 5
    assert b"".join(parts) == whole
