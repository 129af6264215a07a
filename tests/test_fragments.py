"""Each entry rendered once per build, and its text kept across builds.

The site's files are assembled from each entry's text (`feeds.site`); these tests hold them to
what rendering each channel as a whole gives (`render`), and say when a kept text
(`feeds.fragments`) is used, when it is not, and what happens to a store that is not one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

import feeds.ics
import feeds.rebuild
import feeds.syndication
from extractor import extract
from extractor.errors import CacheWarning
from extractor.model import Event, EventKind, Source
from feeds.channels import channels, members
from feeds.cli import main
from feeds.fragments import FragmentStore, entry_digest
from feeds.publish import build_site, calendar_entries, render, render_site
from feeds.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2025, 12, 15, tzinfo=dt.UTC)
SETTINGS = Settings(
    title="Community", base_url="https://events.example.org/", timezone="Europe/Paris", now=NOW
)


@pytest.fixture(scope="module")
def seeds() -> list[Event]:
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        return calendar_entries(extract(["seeds", "tests/devset"]).events, SETTINGS)
    finally:
        os.chdir(cwd)


def _event(title: str, start: dt.date, section: str, **fields: object) -> Event:
    published = dt.datetime(2017, 1, 2, 9, tzinfo=dt.UTC)
    source = Source(f"{section}.md", 3, section, published.date(), published)
    end = start.date() if isinstance(start, dt.datetime) else start
    return Event(EventKind.EVENT, title, start, end, section=section, sources=(source,), **fields)  # type: ignore[arg-type]


SAO_PAULO = ZoneInfo("America/Sao_Paulo")
#: Two entries with one UID (same kind, title and day, not merged) in different categories,
#: and two times in a zone whose current rules (no DST since 2019) do not fit the earlier one:
#: the calendar holding both writes that zone in UTC, the one holding only the later one has
#: its VTIMEZONE.
AWKWARD = [
    _event("Meetup", dt.date(2026, 3, 5), "Alpha", location="Oslo"),
    _event("Meetup", dt.date(2026, 3, 5), "Beta", location="Bergen"),
    _event(
        "Summer night",
        dt.datetime(2018, 12, 1, 20, tzinfo=SAO_PAULO),
        "Alpha",
        tz="America/Sao_Paulo",
    ),
    _event(
        "Winter night",
        dt.datetime(2026, 7, 1, 20, tzinfo=SAO_PAULO),
        "Beta",
        tz="America/Sao_Paulo",
    ),
]

SETTINGS_CASES = {
    "plain": SETTINGS,
    "organizer named after each calendar": dataclasses.replace(
        SETTINGS, organizer_email="events@example.org"
    ),
    "organizer with a name": dataclasses.replace(
        SETTINGS, organizer_email="events@example.org", organizer_name="Org", alarms=()
    ),
}


def _whole(entries: list[Event], settings: Settings) -> dict[str, bytes]:
    """Every channel file rendered from the channel's entries as a whole."""
    from feeds.publish import with_site_zone

    entries = with_site_zone(entries, settings)
    files = {}
    for channel in channels(entries):
        chosen = [e for e in entries if channel.selects(e)]
        named = settings
        if channel.slug != "all":
            named = dataclasses.replace(
                settings,
                title=f"{settings.title}: {channel.label}",
                description=f"{channel.label}: {settings.description}",
            )
        for path, fmt in channel.files.items():
            files[path] = render(chosen, named, fmt, self_url=settings.absolute(path))
    files["events.json"] = render(entries, settings, "json")
    return files


@pytest.mark.parametrize("settings", SETTINGS_CASES.values(), ids=SETTINGS_CASES.keys())
@pytest.mark.parametrize("which", ["seeds", "awkward"])
def test_each_file_is_its_channel_rendered_as_a_whole(
    which: str, settings: Settings, seeds: list[Event]
) -> None:
    entries = seeds if which == "seeds" else AWKWARD
    whole = _whole(entries, settings)
    site = render_site(entries, settings)
    assert set(site) == {*whole, "index.html"}
    for path, data in whole.items():
        assert site[path] == data, path


@pytest.mark.parametrize("renamed", [None, {"Community Events": "Meetups"}])
def test_members_are_the_channels_that_select_each_entry(
    renamed: dict[str, str] | None, seeds: list[Event]
) -> None:
    chans = channels(seeds, renamed)
    found = list(members(seeds, chans, renamed))
    assert found == [
        [n for n, channel in enumerate(chans) if channel.selects(entry, renamed)] for entry in seeds
    ]


def test_the_awkward_entries_are_awkward() -> None:
    site = render_site(AWKWARD, SETTINGS)
    everything = site["calendar.ics"].decode()
    assert "-2@eventfeed" in everything  # the second Meetup, in the calendar holding both
    assert "-2@eventfeed" not in site["categories/beta.ics"].decode()
    assert "TZID:America/Sao_Paulo" not in everything
    assert "TZID:America/Sao_Paulo" in site["categories/beta.ics"].decode()


def test_an_empty_site_is_the_same_too() -> None:
    whole = _whole([], SETTINGS)
    site = render_site([], SETTINGS)
    for path, data in whole.items():
        assert site[path] == data, path


# --- the store ------------------------------------------------------------------------------


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the entries rendered (not taken from the store): a VEVENT or a batch of
    feed entries each."""
    titles: list[str] = []
    real_vevent = feeds.ics.vevent_text
    real_entries = feeds.syndication.entry_texts

    def vevent(event: Event, *args: object, **kw: object) -> bytes:
        titles.append(event.title)
        return real_vevent(event, *args, **kw)  # type: ignore[arg-type]

    def entries(pairs: list[tuple[Event, str]], *args: object) -> list[tuple[bytes, bytes]]:
        titles.extend(event.title for event, _ in pairs)
        return real_entries(pairs, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(feeds.ics, "vevent_text", vevent)
    monkeypatch.setattr(feeds.syndication, "entry_texts", entries)
    return titles


@pytest.fixture
def no_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        yield


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build(
    entries: list[Event], tmp_path: Path, cache: Path | None, settings: Settings = SETTINGS
) -> dict[str, bytes]:
    out = tmp_path / "site"
    build_site(entries, settings, out, cache=cache)
    return _files(out)


def test_a_filled_store_gives_the_same_bytes_and_renders_nothing(
    seeds: list[Event], tmp_path: Path, rendered: list[str], no_warnings: None
) -> None:
    expected = _build(seeds, tmp_path, None)
    everything = sorted(rendered)  # a VEVENT and a feed entry each, one more for another UID
    assert set(everything) == {e.title for e in seeds}
    rendered.clear()
    cache = tmp_path / "cache.sqlite"
    assert _build(seeds, tmp_path, cache) == expected
    assert sorted(rendered) == everything
    rendered.clear()
    assert _build(seeds, tmp_path, cache) == expected
    assert rendered == []


def test_a_changed_entry_is_the_only_one_rendered_again(
    seeds: list[Event], tmp_path: Path, rendered: list[str], no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    _build(seeds, tmp_path, cache)
    changed = list(seeds)
    changed[3] = dataclasses.replace(changed[3], location="Somewhere else")
    rendered.clear()
    files = _build(changed, tmp_path, cache)
    assert set(rendered) == {changed[3].title}
    assert files == _build(changed, tmp_path / "fresh", None)


def _inodes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_ino
        for path in folder.rglob("*")
        if path.is_file()
    }


def _channel_files(entries: list[Event]) -> set[str]:
    return {name for channel in channels(entries) for name in channel.files}


def test_an_unchanged_channel_file_is_the_last_builds_file(
    seeds: list[Event], tmp_path: Path, rendered: list[str], no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    _build(seeds, tmp_path, cache)
    before = _inodes(tmp_path / "site")
    rendered.clear()
    files = _build(seeds, tmp_path, cache)
    after = _inodes(tmp_path / "site")
    assert rendered == []
    assert files == _build(seeds, tmp_path / "fresh", None)
    linked = {name for name, inode in after.items() if before.get(name) == inode}
    assert linked == _channel_files(seeds)


def test_the_channels_of_a_changed_entry_are_written_again_the_others_linked(
    seeds: list[Event], tmp_path: Path, no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    _build(seeds, tmp_path, cache)
    before = _inodes(tmp_path / "site")
    changed = list(seeds)
    changed[3] = dataclasses.replace(changed[3], location="Somewhere else")
    files = _build(changed, tmp_path, cache)
    assert files == _build(changed, tmp_path / "fresh", None)
    after = _inodes(tmp_path / "site")
    holding = {
        name
        for channel in channels(changed)
        if channel.selects(changed[3])
        for name in channel.files
    }
    linked = {name for name, inode in after.items() if before.get(name) == inode}
    assert holding and not holding & linked
    assert linked == _channel_files(changed) - holding


def test_a_published_file_changed_since_is_written_again(
    seeds: list[Event], tmp_path: Path, no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    expected = _build(seeds, tmp_path, cache)
    site = tmp_path / "site"
    (site / "calendar.ics").write_bytes(b"edited by hand")
    (site / "rss.xml").unlink()
    os.chmod(site / "atom.xml", 0o600)
    assert _build(seeds, tmp_path, cache) == expected
    assert (site / "atom.xml").stat().st_mode & 0o777 == 0o644


def test_a_site_record_that_is_not_one_is_ignored(
    seeds: list[Event], tmp_path: Path, no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    expected = _build(seeds, tmp_path, cache)
    _rows(cache, "UPDATE sites SET record = 'not json'")
    assert _build(seeds, tmp_path, cache) == expected
    _rows(cache, "UPDATE sites SET record = '{\"calendar.ics\": [1, 2]}'")
    assert _build(seeds, tmp_path, cache) == expected
    _rows(cache, "DROP TABLE sites")
    assert _build(seeds, tmp_path, cache) == expected


@pytest.mark.parametrize(
    "setting",
    [
        {"base_url": "https://other.example.org/"},
        {"alarms": (dt.timedelta(hours=2),)},
        {"organizer_email": "events@example.org"},
    ],
    ids=["base URL", "reminders", "organizer"],
)
def test_a_setting_entries_show_renders_them_again(
    setting: dict[str, object],
    seeds: list[Event],
    tmp_path: Path,
    rendered: list[str],
    no_warnings: None,
) -> None:
    cache = tmp_path / "cache.sqlite"
    _build(seeds, tmp_path, cache)
    other = dataclasses.replace(SETTINGS, **setting)  # type: ignore[arg-type]
    rendered.clear()
    files = _build(seeds, tmp_path, cache, other)
    assert rendered
    assert files == _build(seeds, tmp_path / "fresh", None, other)


def test_a_setting_entries_do_not_show_renders_nothing_again(
    seeds: list[Event], tmp_path: Path, rendered: list[str], no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    _build(seeds, tmp_path, cache)
    other = dataclasses.replace(SETTINGS, title="Another name", now=NOW + dt.timedelta(days=9))
    rendered.clear()
    files = _build(seeds, tmp_path, cache, other)
    assert rendered == []
    assert files == _build(seeds, tmp_path / "fresh", None, other)


def test_another_publisher_renders_everything_again(
    seeds: list[Event],
    tmp_path: Path,
    rendered: list[str],
    monkeypatch: pytest.MonkeyPatch,
    no_warnings: None,
) -> None:
    cache = tmp_path / "cache.sqlite"
    expected = _build(seeds, tmp_path, cache)
    everything = sorted(rendered)
    monkeypatch.setattr(feeds.rebuild, "publisher_fingerprint", lambda: "another version")
    rendered.clear()
    assert _build(seeds, tmp_path, cache) == expected
    assert sorted(rendered) == everything


def test_the_digest_sees_every_field_an_output_shows() -> None:
    base = AWKWARD[2]
    source = base.sources[0]
    changes = {
        "title": "Other",
        "start": dt.datetime(2018, 12, 1, 21, tzinfo=SAO_PAULO),
        "end": dt.date(2018, 12, 2),
        "location": "Rio",
        "url": "https://example.org/",
        "section": "Gamma",
        "text": "More.",
        "sequence": 1,
        "uid": "x@eventfeed",
        "sources": (dataclasses.replace(source, post_url="https://example.org/p"),),
    }
    digests = {entry_digest(base)}
    for name, value in changes.items():
        digests.add(entry_digest(dataclasses.replace(base, **{name: value})))  # type: ignore[arg-type]
    assert len(digests) == len(changes) + 1
    assert entry_digest(dataclasses.replace(base, rule="other", reasoning="other")) in digests


def _rows(cache: Path, statement: str) -> None:
    db = sqlite3.connect(cache)
    with db:
        db.execute(statement)
    db.close()


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE fragments SET text = CAST('garbage' AS BLOB)",
        "UPDATE fragments SET checksum = CAST('x' AS BLOB)",
        "UPDATE fragments SET text = 42",
    ],
    ids=["changed texts", "changed checksums", "a number for a text"],
)
def test_a_damaged_text_is_rendered_again(
    damage: str, seeds: list[Event], tmp_path: Path, rendered: list[str], no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    expected = _build(seeds, tmp_path, cache)
    everything = sorted(rendered)
    _rows(cache, damage)
    rendered.clear()
    shutil.rmtree(tmp_path / "site")  # no file of the last build to take as it is
    assert _build(seeds, tmp_path, cache) == expected
    assert sorted(rendered) == everything
    rendered.clear()
    shutil.rmtree(tmp_path / "site")
    assert _build(seeds, tmp_path, cache) == expected  # and kept again
    assert rendered == []


def test_a_table_of_another_layout_is_made_again(
    seeds: list[Event], tmp_path: Path, rendered: list[str], no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    expected = _build(seeds, tmp_path, None)
    _rows(cache, "CREATE TABLE fragments (key TEXT, value TEXT)")
    assert _build(seeds, tmp_path, cache) == expected
    rendered.clear()
    assert _build(seeds, tmp_path, cache) == expected
    assert rendered == []


def test_a_file_that_is_not_a_database_is_done_without(
    seeds: list[Event], tmp_path: Path, rendered: list[str]
) -> None:
    cache = tmp_path / "cache.sqlite"
    expected = _build(seeds, tmp_path, None)
    cache.write_bytes(b"\0garbage" * 64)
    with pytest.warns(CacheWarning, match="rendered texts not kept"):
        assert _build(seeds, tmp_path, cache) == expected


def test_the_store_keeps_about_what_the_last_build_used(
    seeds: list[Event], tmp_path: Path, no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    counts = []
    for n in range(4):
        other = dataclasses.replace(SETTINGS, base_url=f"https://{n}.example.org/")
        _build(seeds, tmp_path, cache, other)
        db = sqlite3.connect(cache)
        counts.append(db.execute("SELECT COUNT(*) FROM fragments").fetchone()[0])
        db.close()
    assert counts[1] > counts[0]  # the old texts are kept …
    assert max(counts) <= 2 * counts[0]  # … up to twice what a build uses


def test_an_unusable_store_looks_nothing_up() -> None:
    store = FragmentStore(None)
    assert not store.usable
    key = store.key("vevent", b"digest", "uid")
    store.keep([(key, b"text")])
    assert store.lookup([key]) == {}
    store.close()


# --- on the command line --------------------------------------------------------------------


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_build_keeps_the_texts_in_its_cache_and_a_rebuild_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rendered: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "seeds", "posts")
    now = ["--now", "2025-12-15T00:00:00+00:00"]
    invoke("build", "posts", "--out", "fresh", "--no-cache", *now)
    invoke("build", "posts", "--out", "site", *now)
    rendered.clear()
    # Another clock: the page changes, no entry's text does.
    result = invoke("build", "posts", "--out", "site", "--now", "2025-12-16T00:00:00+00:00")
    assert " written to site" in result.stderr
    assert rendered == []
    invoke("build", "posts", "--out", "fresh", "--no-cache", "--now", "2025-12-16T00:00:00+00:00")
    assert _files(Path("site")) == _files(Path("fresh"))


# --- the agenda page ------------------------------------------------------------------------


@pytest.fixture
def items_rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The anchors of the page items whose HTML was rendered (not taken from the store)."""
    import feeds.agenda

    anchors: list[str] = []
    real = feeds.agenda._Pieces.render

    def render(self: feeds.agenda._Pieces, item: feeds.agenda.Item) -> object:
        anchors.append(item.anchor)
        return real(self, item)

    monkeypatch.setattr(feeds.agenda._Pieces, "render", render)
    return anchors


def _page_states(entries: list[Event], settings: Settings) -> dict[str, tuple[str, str | None]]:
    """Each page item's anchor → (state, time left) under `settings`."""
    from feeds.agenda import Item
    from feeds.identity import ordered
    from feeds.publish import with_site_zone

    zone = ZoneInfo(settings.timezone)
    pairs = ordered(with_site_zone(entries, settings))
    items = [Item(event, uid, settings, zone) for event, uid in pairs]
    return {item.anchor: (item.state, item.time_left) for item in items}


def test_page_items_come_from_the_store_with_the_same_bytes(
    seeds: list[Event], tmp_path: Path, items_rendered: list[str], no_warnings: None
) -> None:
    expected = _build(seeds, tmp_path, None)
    cache = tmp_path / "cache.sqlite"
    assert _build(seeds, tmp_path, cache) == expected
    assert len(items_rendered) == len(seeds)
    items_rendered.clear()
    assert _build(seeds, tmp_path, cache) == expected
    assert items_rendered == []


def test_a_changed_entry_is_the_only_page_item_rendered_again(
    seeds: list[Event], tmp_path: Path, items_rendered: list[str], no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    _build(seeds, tmp_path, cache)
    changed = list(seeds)
    changed[3] = dataclasses.replace(changed[3], title="Renamed gathering")
    items_rendered.clear()
    files = _build(changed, tmp_path, cache)
    assert len(items_rendered) == 1
    assert "Renamed gathering" in files["index.html"].decode()
    assert files == _build(changed, tmp_path / "fresh", None)


@pytest.mark.parametrize("days", [1, 9, 40, 400])
def test_another_clock_renders_again_the_items_whose_time_reads_otherwise(
    days: int, seeds: list[Event], tmp_path: Path, items_rendered: list[str], no_warnings: None
) -> None:
    """What the clock changes on an item ("5 hours left", "Happening now", past or upcoming) is
    never taken from the store; the other items are."""
    cache = tmp_path / "cache.sqlite"
    _build(seeds, tmp_path, cache)
    later = dataclasses.replace(SETTINGS, now=NOW + dt.timedelta(days=days, hours=5))
    before, after = _page_states(seeds, SETTINGS), _page_states(seeds, later)
    changed = {anchor for anchor in after if after[anchor] != before[anchor]}
    assert changed or days == 1
    items_rendered.clear()
    files = _build(seeds, tmp_path, cache, later)
    assert set(items_rendered) == changed
    assert files == _build(seeds, tmp_path / "fresh", None, later)


def test_a_setting_the_page_shows_renders_its_items_again(
    seeds: list[Event], tmp_path: Path, items_rendered: list[str], no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    _build(seeds, tmp_path, cache)
    other = dataclasses.replace(SETTINGS, base_url="https://other.example.org/")
    items_rendered.clear()
    files = _build(seeds, tmp_path, cache, other)
    assert len(items_rendered) == len(seeds)
    assert files == _build(seeds, tmp_path / "fresh", None, other)


def test_templates_of_the_site_are_part_of_a_page_item(
    seeds: list[Event], tmp_path: Path, items_rendered: list[str], no_warnings: None
) -> None:
    from feeds.agenda import TEMPLATES

    templates = tmp_path / "templates"
    templates.mkdir()
    macros = (TEMPLATES / "_macros.html").read_text(encoding="utf-8")
    (templates / "_macros.html").write_text(macros, encoding="utf-8")
    cache = tmp_path / "cache.sqlite"

    def build(into: str, kept: Path | None) -> bytes:
        build_site(seeds, SETTINGS, tmp_path / into, cache=kept, templates=templates)
        return (tmp_path / into / "index.html").read_bytes()

    assert build("site", cache) == build("fresh", None)
    items_rendered.clear()
    marked = macros.replace("<article aria-labelledby", "<article data-mine aria-labelledby")
    (templates / "_macros.html").write_text(marked, encoding="utf-8")
    page = build("site", cache)
    assert len(items_rendered) == len(seeds)
    assert page.count(b"data-mine") == len(seeds)
    assert page == build("fresh", None)
