"""Issue 7, as properties: random markdown and random date phrases go through the walker, the
date normalizer, the whole extractor and every exporter, and

- no exception escapes (a post's unexpected error would be a problem of that post: there is
  none either);
- every mention and entry ends on or after its start, within the years and span allowed;
- every output parses with independent parsers and holds nothing unsafe (`output_checks`).

Examples are bounded (`max_examples`, no deadline) so the run stays within seconds; a failure
is shrunk by hypothesis to a small post worth adding to `tests/hostile/`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from output_checks import check_output

from extractor import extract
from extractor.dates import date_problems, find_dates, resolve, year_hints
from extractor.limits import LIMITS
from extractor.model import Event, EventKind, Precision, Source
from extractor.walker import walk_within
from feeds.merge import merge
from feeds.publish import FORMATS, render
from feeds.settings import Settings

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- Date phrases --------------------------------------------------------------------------------

MONTHS = (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Sept. march"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Thu Fri".split()
DASHES = ["-", "–", "—", " to ", " through ", " & ", " and ", ", ", "-"]
ZONES = ["PT", "PDT", "CET", "UTC", "UTC+5:30", "GMT-3", "AoE", "EST", "JST", "Z", ""]

days = st.integers(min_value=0, max_value=40).map(str) | st.sampled_from(["1st", "2nd", "31st"])
years = st.sampled_from(["0", "0000", "1899", "1900", "2025", "2026", "2099", "3000", "99999"])
months = st.sampled_from(MONTHS)
numbers = st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}")
times = st.builds(
    lambda h, m, ampm, zone: f"{h}:{m:02d}{ampm} {zone}".strip(),
    st.integers(min_value=0, max_value=25),
    st.integers(min_value=0, max_value=61),
    st.sampled_from(["", " am", " pm", "pm"]),
    st.sampled_from(ZONES),
) | st.sampled_from(["noon", "midnight", "9am", "23:59 PT", "1800 UTC"])


@st.composite
def date_phrases(draw: st.DrawFn) -> str:
    """A date as people write it, or nearly: day-month, month-day, ISO, ranges, weekdays,
    years (possible or not), months alone, quarters, relative words, times and zones."""
    d1, d2, m1, m2, y = draw(days), draw(days), draw(months), draw(months), draw(years)
    dash = draw(st.sampled_from(DASHES))
    form = draw(
        st.sampled_from(
            [
                f"{d1} {m1}",
                f"{m1} {d1}",
                f"{m1} {d1}, {y}",
                f"{d1} {m1} {y}",
                f"{d1}{dash}{d2} {m1}",
                f"{m1} {d1}{dash}{d2}, {y}",
                f"{d1} {m1}{dash}{d2} {m2} {y}",
                f"{m1} {d1}{dash}{m2} {d2}",
                f"{y}-{draw(numbers)}-{draw(numbers)}",
                f"{y}-{draw(numbers)}-{draw(numbers)}{dash}{y}-{draw(numbers)}-{draw(numbers)}",
                f"{draw(st.sampled_from(WEEKDAYS))}, {m1} {d1}",
                f"{draw(st.sampled_from(WEEKDAYS))}, {d1} {m1} {y}",
                f"{m1}{dash}{m2}",
                f"{m1} {y}",
                f"Q{draw(st.integers(0, 5))} {y}",
                f"H{draw(st.integers(0, 3))} {y}",
                draw(
                    st.sampled_from(
                        ["tomorrow", "yesterday", "next Friday", "in two weeks", "next month"]
                    )
                ),
            ]
        )
    )
    if draw(st.booleans()):
        form += f" at {draw(times)}"
    return form


# --- Markdown ------------------------------------------------------------------------------------

HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<img src=x onerror=alert(1)",
    "{{ 7*7 }}",
    "{% debug %}",
    '=HYPERLINK("http://evil")',
    "+1",
    "@cmd",
    "a;b,c\\d",
    "\u202eevil\u202c",
    "\u200f\u2066x\u2069",
    "\x00\x07\x1b[2J\x7f\x85",
    "\u2028\u2029",
    "\ufeff\ufffe",
    "&lt;script&gt;",
    "&#x3C;b&#x3E;",
    "Zürich—東京 «x»",
    "x" * 400,
]
URLS = [
    "https://example.org/a?b=1&c=<2>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "http://[oops",
    "//evil.example/",
    "/relative",
    "mailto:a@example.org",
    "",
]
words = st.sampled_from(
    "Meetup Summit Conference CFP deadline closes registration Webinar Paris Berlin, DE "
    "Virtual will take place on by the Community Events Upcoming Rust".split()
)
inline_text = st.lists(
    st.one_of(
        words,
        date_phrases(),
        st.sampled_from(HOSTILE_TEXT),
        st.text(max_size=20),
        st.builds(lambda t, u: f"[{t}]({u})", words, st.sampled_from(URLS)),
        st.builds(lambda t: f"**{t}**", words),
        st.builds(lambda t: f"`{t}`", st.text(max_size=10)),
        st.sampled_from(["|", " - ", " · ", ": ", "(", ")", "*", "_", "[", "]", "\\"]),
    ),
    min_size=1,
    max_size=12,
).map(" ".join)


@st.composite
def markdown_blocks(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["para", "heading", "bullets", "nested", "table", "quote", "raw"]))
    if kind == "para":
        return draw(inline_text)
    if kind == "heading":
        return "#" * draw(st.integers(1, 7)) + " " + draw(inline_text)
    if kind == "bullets":
        items = draw(st.lists(inline_text, min_size=1, max_size=6))
        marker = draw(st.sampled_from(["* ", "- ", "+ ", "1. "]))
        return "\n".join(marker + item for item in items)
    if kind == "nested":
        depth = draw(st.integers(1, 40))
        return "\n".join("  " * i + "- " + draw(inline_text) for i in range(depth))
    if kind == "table":
        width = draw(st.integers(1, 4))
        rows = draw(st.lists(st.lists(inline_text, min_size=width, max_size=width), max_size=5))
        head = "| " + " | ".join(f"Col {i}" for i in range(width)) + " |"
        rule = "|" + "---|" * width
        return "\n".join([head, rule, *("| " + " | ".join(r) + " |" for r in rows)])
    if kind == "quote":
        return draw(st.sampled_from([">", "> >", ">>>>>>>>"])) + " " + draw(inline_text)
    return draw(st.text(max_size=200))


markdown = st.lists(markdown_blocks(), max_size=10).map(
    lambda blocks: "\n\n".join(blocks)
) | st.text(max_size=500)
line_ends = st.sampled_from(["\n", "\r\n", "\r"])
post_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31))


# --- The walker and the normalizer --------------------------------------------------------------


@SETTINGS
@given(body=markdown, post_date=post_dates)
def test_walker_and_normalizer_never_raise_and_ranges_never_run_backwards(
    body: str, post_date: dt.date
) -> None:
    walked = walk_within(body, 1)
    spans_by_block = [find_dates(block.text) for block in walked.blocks]
    hints = year_hints(s for spans in spans_by_block for s in spans)
    for block, spans in zip(walked.blocks, spans_by_block, strict=True):
        assert block.line >= 1
        for span in spans:
            assert 0 <= span.start < span.end <= len(block.text)
            resolved = resolve(span, post_date, hints)
            if resolved is not None:
                assert resolved.start <= resolved.end
        for offset, message in date_problems(block.text, spans, post_date, hints):
            assert 0 <= offset <= len(block.text) and message


@SETTINGS
@given(phrase=date_phrases(), post_date=post_dates, context=words)
def test_every_date_phrase_resolves_forwards_or_not_at_all(
    phrase: str, post_date: dt.date, context: str
) -> None:
    text = f"{context} {phrase} {context}"
    spans = find_dates(text)
    for span in spans:
        resolved = resolve(span, post_date, year_hints(spans))
        if resolved is not None:
            assert resolved.start <= resolved.end
            assert resolved.start.year >= 1 and resolved.end.year <= 9999
    date_problems(text, spans, post_date)


# --- The whole extractor, then every exporter ----------------------------------------------------


def _front_matter(kind: str, title: str, day: str) -> str:
    if kind == "yaml":
        return f"---\ntitle: {title!r}\ndate: {day}\n---\n"
    if kind == "toml":
        return f'+++\ntitle = "{title.encode("unicode_escape").decode()}"\ndate = {day}\n+++\n'
    if kind == "header":
        return f"Title: {' '.join(title.split())}\nDate: {day}\n\n"
    return ""


def _check_entries(events: list[Event]) -> None:
    for event in events:
        assert event.start_date <= event.end
        assert LIMITS.first_year <= event.start_date.year and event.end.year <= LIMITS.last_year
        assert (event.end - event.start_date).days < LIMITS.max_span_days


SITE = Settings(title="Props <b>{{x}}</b>", base_url="https://events.example.org/")


@settings(SETTINGS, max_examples=100)
@given(
    bodies=st.lists(markdown, min_size=1, max_size=3),
    kinds=st.lists(st.sampled_from(["yaml", "toml", "header", "none"]), min_size=3, max_size=3),
    titles=st.lists(st.text(max_size=30) | st.sampled_from(HOSTILE_TEXT), min_size=3, max_size=3),
    days=st.lists(post_dates, min_size=3, max_size=3),
    newline=line_ends,
)
def test_random_posts_through_the_extractor_and_every_exporter(
    bodies: list[str], kinds: list[str], titles: list[str], days: list[dt.date], newline: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for number, body in enumerate(bodies):
            text = _front_matter(kinds[number], titles[number], days[number].isoformat()) + body
            name = f"{days[number].isoformat()}-post-{number}.md"
            Path(folder, name).write_bytes(text.replace("\n", newline).encode("utf-8", "replace"))
        found = extract([folder])
    assert not [p for p in found.problems if "could not extract events" in p.message]
    _check_entries(list(found.events))
    entries = merge(found.events)
    _check_entries(entries)
    for fmt in FORMATS:
        check_output(f"out.{fmt}", render(entries, SITE, fmt))


# --- Every exporter on any event -----------------------------------------------------------------

any_text = st.one_of(st.text(max_size=60), st.sampled_from(HOSTILE_TEXT), st.just(""))
ZONE_NAMES = ["UTC", "Europe/Paris", "America/Los_Angeles", "Asia/Kolkata", "Etc/GMT+12"]


@st.composite
def events(draw: st.DrawFn) -> Event:
    start = draw(st.dates(min_value=dt.date(1900, 1, 2), max_value=dt.date(2999, 12, 30)))
    end = start + dt.timedelta(days=draw(st.integers(0, 365)))
    if end.year > 2999:
        end = start
    when: dt.date | dt.datetime = start
    zone = None
    if draw(st.booleans()):
        zone = draw(st.sampled_from([*ZONE_NAMES, None]))
        moment = dt.datetime.combine(
            start, dt.time(draw(st.integers(0, 23)), draw(st.integers(0, 59)))
        )
        when = moment.replace(tzinfo=ZoneInfo(zone)) if zone else moment
    published = dt.datetime.combine(
        draw(post_dates), dt.time(draw(st.integers(0, 23))), tzinfo=dt.UTC
    )
    source = Source(
        path=draw(any_text) or "x.md",
        line=draw(st.integers(1, 10**6)),
        post_title=draw(any_text),
        post_date=published.date(),
        post_published=published,
        post_url=draw(st.sampled_from(URLS) | st.text(max_size=30)),
    )
    return Event(
        kind=draw(st.sampled_from(EventKind)),
        title=draw(any_text),
        start=when,
        end=end,
        precision=draw(st.sampled_from(Precision)),
        tz=zone,
        location=draw(any_text | st.none()),
        url=draw(st.sampled_from(URLS) | st.text(max_size=30) | st.none()),
        section=draw(any_text | st.none()),
        text=draw(any_text),
        sources=(source,),
        sequence=draw(st.integers(0, 5)),
    )


@settings(SETTINGS, max_examples=100)
@given(items=st.lists(events(), max_size=6))
def test_every_exporter_writes_valid_safe_output_for_any_event(items: list[Event]) -> None:
    for fmt in FORMATS:
        check_output(f"out.{fmt}", render(items, SITE, fmt))
