"""`build` from the seeds: every channel's calendar and feeds, parsed back by independent
parsers; filters; JSON Feed; and the site folder swapped in as a whole."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import feedparser
import icalendar
import pytest
import recurring_ical_events
import vobject
from click.testing import CliRunner

from extractor import extract
from extractor.model import Event, EventKind, Precision
from feeds.channels import channels, slugify
from feeds.cli import main
from feeds.publish import Filters, build_site, calendar_entries, prepare, render_site, select
from feeds.settings import Settings
from feeds.write import MANIFEST, publish_tree

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2025, 12, 15, tzinfo=dt.UTC)
SETTINGS = Settings(title="Community", base_url="https://events.example.org/", now=NOW)


@pytest.fixture(scope="module")
def entries() -> list[Event]:
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        return calendar_entries(extract(["seeds"]).events, SETTINGS)
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def site(entries: list[Event]) -> dict[str, bytes]:
    return render_site(entries, SETTINGS)


def _calendar_uids(data: bytes) -> list[str]:
    """The UIDs of a calendar, read by vobject, checked against icalendar and
    recurring-ical-events (who must see the same events over all time)."""
    parsed = vobject.readOne(data.decode("utf-8"))
    uids = sorted(str(v.uid.value) for v in parsed.contents.get("vevent", []))
    cal = icalendar.Calendar.from_ical(data)
    assert sorted(str(v["UID"]) for v in cal.walk("VEVENT")) == uids
    occurrences = recurring_ical_events.of(cal).between((1990, 1, 1), (2100, 1, 1))
    assert sorted(str(o["UID"]) for o in occurrences) == uids
    return uids


def test_every_calendar_parses_and_holds_exactly_its_channel(
    site: dict[str, bytes], entries: list[Event]
) -> None:
    every = _calendar_uids(site["calendar.ics"])
    assert len(every) == len(entries) == len(set(every))
    events = _calendar_uids(site["events.ics"])
    deadlines = _calendar_uids(site["deadlines.ics"])
    assert sorted(events + deadlines) == every
    assert len(deadlines) == sum(e.kind is EventKind.DEADLINE for e in entries)
    in_categories = []
    for channel in channels(entries):
        if channel.category is not None:
            uids = _calendar_uids(site[channel.ics])
            assert uids, channel.ics
            in_categories += uids
    assert sorted(in_categories) == sorted(u for u in every)  # every seed entry has a section


@pytest.mark.parametrize("suffix", ["rss.xml", "atom.xml"])
def test_every_feed_parses_without_bozo_and_matches_its_calendar(
    site: dict[str, bytes], entries: list[Event], suffix: str
) -> None:
    for channel in channels(entries):
        path = channel.rss if suffix == "rss.xml" else channel.atom
        feed = feedparser.parse(site[path])
        assert feed.bozo == 0, (path, feed.get("bozo_exception"))
        assert len(feed.entries) == len(_calendar_uids(site[channel.ics])), path
        assert feed.feed.title.endswith(channel.label) or channel.slug == "all"


def test_every_json_feed_is_json_feed_1_1(site: dict[str, bytes], entries: list[Event]) -> None:
    for channel in channels(entries):
        feed = json.loads(site[channel.json_feed])
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["feed_url"] == f"https://events.example.org/{channel.json_feed}"
        assert feed["home_page_url"] == "https://events.example.org/"
        ids = [item["id"] for item in feed["items"]]
        assert len(ids) == len(set(ids)) == len(_calendar_uids(site[channel.ics]))
        for item in feed["items"]:
            assert item["id"].startswith("tag:events.example.org,")
            assert item["title"] and item["content_html"]
            assert dt.datetime.fromisoformat(item["date_published"]).tzinfo is not None
            assert item["date_modified"] >= item["date_published"]
            assert item.get("url", "https://").startswith(("https://", "http://"))
        published = [item["date_published"] for item in feed["items"]]
        assert published == sorted(published, reverse=True)


def test_the_summit_is_one_entry_ending_the_20th_exclusive(site: dict[str, bytes]) -> None:
    cal = icalendar.Calendar.from_ical(site["calendar.ics"])
    summits = [v for v in cal.walk("VEVENT") if v["SUMMARY"] == "OpenInfra Summit Europe"]
    assert len(summits) == 1
    assert summits[0].decoded("DTSTART") == dt.date(2025, 10, 17)
    assert summits[0].decoded("DTEND") == dt.date(2025, 10, 20)


def test_category_paths_are_slugs() -> None:
    assert slugify("KubeCon + CloudNativeCon + OpenInfra Summit Asia") == (
        "kubecon-cloudnativecon-openinfra-summit-asia"
    )
    assert slugify("Événements à Paris") == "evenements-a-paris"
    assert slugify("???") == "category"


def test_colliding_category_slugs_get_a_number(entries: list[Event]) -> None:
    from dataclasses import replace

    twins = [replace(entries[0], section="C++"), replace(entries[1], section="C")]
    paths = [c.ics for c in channels(twins) if c.category]
    assert paths == ["categories/c.ics", "categories/c-2.ics"]


# -- filters ------------------------------------------------------------------------------


def test_upcoming_keeps_what_is_not_over_at_now(entries: list[Event]) -> None:
    kept = select(entries, Filters(upcoming=True), SETTINGS)
    assert kept and all(e.end >= NOW.date() for e in kept)
    assert len(kept) == sum(e.end >= NOW.date() for e in entries)
    with pytest.raises(ValueError, match="needs the clock"):
        select(entries, Filters(upcoming=True), Settings())


def test_category_and_kind_filters(entries: list[Event]) -> None:
    kept = select(
        entries, Filters(categories=("openstack",), kinds=(EventKind.DEADLINE,)), SETTINGS
    )
    assert kept and {(e.section, e.kind) for e in kept} == {("OpenStack", EventKind.DEADLINE)}


def test_month_items_can_be_left_out(entries: list[Event]) -> None:
    mentions = extract([ROOT / "seeds"]).events
    assert any(e.precision is Precision.MONTH for e in mentions)
    off = Settings(month_items=False)
    assert not any(e.precision is Precision.MONTH for e in calendar_entries(mentions, off))
    assert len(prepare(mentions, off)) < len(mentions)


def test_build_filters_and_export_mentions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "site"
    now = "2025-12-15T00:00:00+00:00"
    runner = CliRunner()
    result = runner.invoke(main, ["build", "seeds", "--out", str(out), "--now", now, "--upcoming"])
    assert result.exit_code == 0, result.stderr
    items = json.loads((out / "events.json").read_text("utf-8"))
    assert items and all((item["end"] or item["start"][:10]) >= "2025-12-15" for item in items)
    merged = runner.invoke(main, ["export", "seeds", "--format", "jsonl"]).stdout.splitlines()
    raw = runner.invoke(main, ["export", "seeds", "--format", "jsonl", "--mentions"]).stdout
    assert len(raw.splitlines()) > len(merged)
    only = runner.invoke(
        main,
        ["export", "seeds", "--format", "jsonl", "--category", "OpenStack", "--kind", "deadline"],
    ).stdout.splitlines()
    assert only and all(
        json.loads(line)["categories"] == ["Deadline", "OpenStack"] for line in only
    )


# -- the site folder, swapped as a whole --------------------------------------------------


def test_a_rebuild_keeps_foreign_files_and_drops_stale_ones(tmp_path: Path) -> None:
    out = tmp_path / "public"
    publish_tree(out, {"calendar.ics": b"one", "categories/old.ics": b"old"})
    (out / "CNAME").write_text("events.example.org", encoding="utf-8")
    publish_tree(out, {"calendar.ics": b"two"})
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        MANIFEST,
        "CNAME",
        "calendar.ics",
    ]
    assert (out / "calendar.ics").read_bytes() == b"two"
    assert oct((out / "calendar.ics").stat().st_mode & 0o777) == "0o644"
    assert oct(out.stat().st_mode & 0o777) == "0o755"
    assert [p.name for p in tmp_path.iterdir()] == ["public"]  # no staging folder left


def test_a_failed_render_leaves_the_old_site(tmp_path: Path, entries: list[Event]) -> None:
    out = tmp_path / "public"
    build_site(entries, SETTINGS, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(ValueError):
        publish_tree(out, {"../escape.ics": b"x"})
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


KILLED_BUILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import feeds.write as w

    real = w._write_new
    def slow(path, data):
        real(path, data)
        Path(sys.argv[2]).touch()  # tell the test we are mid-write
        time.sleep(60)
    w._write_new = slow
    w.publish_tree(Path(sys.argv[1]), {f"f{i}.ics": b"new" for i in range(5)})
    """
)


def test_a_build_killed_mid_write_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    out = tmp_path / "public"
    publish_tree(out, {"calendar.ics": b"old site"})
    marker = tmp_path / "writing"
    child = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(out), str(marker)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            assert child.poll() is None and time.monotonic() < deadline, "the build never started"
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert (out / "calendar.ics").read_bytes() == b"old site"
    assert not (out / "f0.ics").exists()
    assert len(list(tmp_path.glob(".public.new-*"))) == 1  # the killed build's leftovers …
    publish_tree(out, {"calendar.ics": b"next"})
    assert not list(tmp_path.glob(".public.new-*"))  # … are cleared by the next build
    assert (out / "calendar.ics").read_bytes() == b"next"
