"""The extraction cache: the same output with or without it, and never a stale or broken entry.

`extract(paths, cache=FILE)` keeps what each post gave, keyed by its path, its bytes, the read
options and the extractor; these tests say when a stored result is used, when it is not, and
what happens to a cache file that is not one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import inspect
import json
import os
import shutil
import sqlite3
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import extractor.pipeline
from extractor import codec, extract, version
from extractor.codec import (
    CodecError,
    extraction_from_dict,
    extraction_to_dict,
    moment_from_json,
    moment_to_json,
    value_from_json,
    value_to_json,
)
from extractor.errors import CacheWarning
from extractor.model import Event, EventKind, Extraction, Post, Precision, Problem, Skipped, Source
from extractor.posts import load_posts, post_files
from feeds.publish import calendar_entries, render_site
from feeds.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [ROOT / "seeds", ROOT / "tests" / "devset", ROOT / "tests" / "posts"]
SETTINGS = Settings(base_url="https://events.example.org/", timezone="Europe/Paris")


def site(found: Extraction) -> dict[str, bytes]:
    """Every file `build` would publish from `found`."""
    return render_site(calendar_entries(found.events, SETTINGS), SETTINGS)


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    """A copy of the seeds and both development sets, which the tests may change."""
    folder = tmp_path / "posts"
    for source in CORPUS:
        shutil.copytree(source, folder / source.name)
    return folder


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the posts actually parsed (not taken from the cache), in order."""
    parsed: list[str] = []
    real = extractor.pipeline.extract_bytes

    def counting(path: str, data: bytes, size: int | None, options: Any) -> Any:
        parsed.append(path)
        return real(path, data, size, options)

    monkeypatch.setattr(extractor.pipeline, "extract_bytes", counting)
    return parsed


@pytest.fixture
def no_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        yield


# --- the records survive the trip through JSON ---------------------------------------------

PARIS = ZoneInfo("Europe/Paris")
MOMENTS = {
    "a day": dt.date(2026, 3, 1),
    "a time written without a zone": dt.datetime(2026, 3, 1, 9, 30),  # noqa: DTZ001
    "a time in a named zone": dt.datetime(2026, 3, 1, 9, 30, tzinfo=PARIS),
    "the repeated hour when DST ends": dt.datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=PARIS),
    "a time in UTC": dt.datetime(2025, 4, 21, 17, 11, 25, 697000, tzinfo=dt.UTC),
    "a time at a bare offset": dt.datetime(
        2025, 6, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))
    ),
    "an offset with its own name": dt.datetime(
        2025, 6, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(0), "GMT")
    ),
    "a time of day (TOML)": dt.time(7, 32),
}


@pytest.mark.parametrize("moment", MOMENTS.values(), ids=MOMENTS.keys())
def test_a_moment_keeps_its_type_value_zone_and_fold(moment: dt.date | dt.time) -> None:
    back = moment_from_json(json.loads(json.dumps(moment_to_json(moment))))
    assert (type(back), repr(back)) == (type(moment), repr(moment))


@pytest.mark.parametrize(
    "moment",
    [m for m in MOMENTS.values() if type(m) is not dt.time],
    ids=[name for name, m in MOMENTS.items() if type(m) is not dt.time],
)
def test_a_moment_written_as_text_keeps_its_type_value_zone_and_fold(
    moment: dt.date | dt.datetime,
) -> None:
    back = codec.moment_from_text(json.loads(json.dumps(codec.moment_to_text(moment))))
    assert (type(back), repr(back)) == (type(moment), repr(moment))


@pytest.mark.parametrize(
    "text", ["2025-06-02T09:30:00;colour=red", "not a date", "2025-06-02T09:30:00;offset=x"]
)
def test_a_moment_text_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        codec.moment_from_text(text)


FRONT_MATTER = {
    "strings, numbers, booleans and null": {"a": "x", "b": 1, "c": 2.5, "d": True, "e": None},
    "nested mappings and lists": {"seo": {"url": "/x/", "tags": ["a", {"b": [1, 2]}]}},
    "keys that are not strings": {1: "one", dt.date(2025, 1, 1): "day", None: "null", False: "f"},
    "dates, times and datetimes": {
        "d": dt.date(2025, 1, 1),
        "t": dt.time(7, 32),
        "x": MOMENTS["a time at a bare offset"],
    },
    "YAML sets and binary": {"s": {1, 2}, "b": b"\x00\xff"},
    "text that looks like a tag": {"$map": "not a tag", "x": {"$date": "2025-01-01"}},
}


@pytest.mark.parametrize("meta", FRONT_MATTER.values(), ids=FRONT_MATTER.keys())
def test_any_front_matter_value_a_loader_gives_comes_back_equal(meta: dict[Any, Any]) -> None:
    back = value_from_json(json.loads(json.dumps(value_to_json(meta))))
    assert back == meta
    assert repr(back) == repr(meta)


def test_a_value_no_loader_gives_cannot_be_written() -> None:
    with pytest.raises(CodecError):
        value_to_json({"x": object()})


def test_every_field_of_every_record_comes_back() -> None:
    published = dt.datetime(2025, 6, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    post = Post(
        path="posts/a.md",
        title="A",
        date=dt.date(2025, 6, 2),
        published=published,
        body="# A\n",
        body_line=5,
        url="https://example.org/a/",
        meta=MappingProxyType({"title": "A", "tags": ["x"]}),
    )
    source = Source.of(post, 7)
    events = tuple(
        Event(
            EventKind.DEADLINE,
            f"CFP {name}",
            moment,
            (moment if type(moment) is dt.date else moment.date()),  # type: ignore[arg-type, union-attr]
            Precision.DAY,
            tz="Europe/Paris" if getattr(moment, "tzinfo", None) is PARIS else None,
            location="Paris, France",
            url="https://example.org/cfp",
            section="Calls",
            text="The CFP closes …",
            sources=(source, Source.of(post, 9)),
            sequence=2,
            uid="abc@eventfeed",
            rule="prose-deadline",
            reasoning="year 2025 written with the date",
        )
        for name, moment in MOMENTS.items()
        if name != "a time of day (TOML)"
    )
    found = Extraction(
        posts=(post,),
        events=events,
        problems=(Problem("posts/b.md", "no date", 3), Problem("posts/c.md", "binary file")),
        warnings=(Problem("posts/a.md", '"30 February" is not a date', 4, "warning"),),
        skipped=(Skipped("posts/d.md", "draft"),),
    )
    back = extraction_from_dict(json.loads(json.dumps(extraction_to_dict(found))))
    assert back == found
    assert repr(back) == repr(found)


CODECS = {
    Post: codec.post_to_dict,
    Source: codec.source_to_dict,
    Event: codec.event_to_dict,
    Problem: codec.problem_to_dict,
    Skipped: codec.skipped_to_dict,
    Extraction: codec.extraction_to_dict,
}


@pytest.mark.parametrize("record", CODECS, ids=lambda record: record.__name__)
def test_the_codec_writes_every_field_of_every_record(record: type) -> None:
    """A field added to `extractor.model` must be added to `extractor.codec` (and
    `EXTRACTOR_VERSION` bumped), or the cache would silently drop it."""
    written = CODECS[record]
    source = inspect.getsource(written)
    for field in dataclasses.fields(record):
        assert f'"{field.name}":' in source, f"{written.__name__} does not write {field.name}"


def test_every_post_of_the_corpus_comes_back_equal() -> None:
    found = load_posts(CORPUS)
    events = extract(CORPUS).events
    full = Extraction(posts=found.posts, events=events, problems=found.problems)
    back = extraction_from_dict(json.loads(json.dumps(extraction_to_dict(full))))
    assert repr(back) == repr(full)


@pytest.mark.parametrize(
    "stored",
    [{}, {"posts": [{}], "events": [], "problems": [], "skipped": []}, [], {"posts": 3}],
    ids=["no keys", "a post without fields", "a list", "a number for a list"],
)
def test_stored_json_that_is_not_an_extraction_is_refused(stored: Any) -> None:
    with pytest.raises(CodecError):
        extraction_from_dict(stored)


# --- the cache gives the same output --------------------------------------------------------

WAYS = {
    "no cache": {},
    "a new cache": {"cache": "new"},
    "a filled cache": {"cache": "filled"},
    "two processes": {"jobs": 2},
    "two processes and a new cache": {"jobs": 2, "cache": "new"},
    "two processes and a filled cache": {"jobs": 2, "cache": "filled"},
}


@pytest.mark.parametrize("way", WAYS.values(), ids=WAYS.keys())
def test_the_output_is_the_same_with_and_without_the_cache_and_with_any_jobs(
    way: dict[str, Any], posts: Path, tmp_path: Path, no_warnings: None
) -> None:
    expected = extract([posts])
    cache = tmp_path / "cache.sqlite"
    if way.get("cache") == "filled":
        extract([posts], cache=cache)
    found = extract([posts], cache=cache if "cache" in way else None, jobs=way.get("jobs", 1))
    assert repr(found) == repr(expected)
    assert site(found) == site(expected)


def test_a_filled_cache_parses_nothing(posts: Path, tmp_path: Path, extracted: list[str]) -> None:
    extract([posts], cache=tmp_path / "cache.sqlite")
    assert len(extracted) == len(list(post_files([posts])))
    extracted.clear()
    extract([posts], cache=tmp_path / "cache.sqlite")
    assert extracted == []


def test_the_posts_found_carry_no_text(posts: Path, tmp_path: Path) -> None:
    """Memory does not grow with the archive's text: only what was found in it is kept."""
    for cache in (None, tmp_path / "cache.sqlite", tmp_path / "cache.sqlite"):
        found = extract([posts], cache=cache)
        assert found.posts and all(post.body == "" for post in found.posts)


# --- when a stored result is not used -------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    """Change a post's text, keeping its size and modification time."""
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old) == len(new)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_post_whose_bytes_changed_is_parsed_again_even_with_the_same_size_and_time(
    posts: Path, tmp_path: Path, extracted: list[str]
) -> None:
    cache = tmp_path / "cache.sqlite"
    post = (posts / "devset" / "2026-03-02-spring-meetups.md").resolve()
    extract([posts], cache=cache)
    _edit(post, "Saturday, 21 March", "Saturday, 28 March")
    extracted.clear()
    found = extract([posts], cache=cache)
    assert [Path(p).name for p in extracted] == [post.name]
    assert repr(found) == repr(extract([posts]))
    assert any(e.start_date == dt.date(2026, 3, 28) for e in found.events)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda m: m.setattr(version, "EXTRACTOR_VERSION", 10**6), id="a new version"),
        pytest.param(lambda m: m.setattr(version, "LIBRARIES", ("pytest",)), id="a library"),
    ],
)
def test_another_extractor_parses_every_post_again(
    change: Callable[[pytest.MonkeyPatch], None],
    posts: Path,
    tmp_path: Path,
    extracted: list[str],
    monkeypatch: pytest.MonkeyPatch,
    no_warnings: None,
) -> None:
    cache = tmp_path / "cache.sqlite"
    extract([posts], cache=cache)
    extracted.clear()
    change(monkeypatch)
    version.fingerprint.cache_clear()
    try:
        found = extract([posts], cache=cache)
    finally:
        monkeypatch.undo()
        version.fingerprint.cache_clear()
    assert len(extracted) == len(list(post_files([posts]))) > len(found.posts)


def test_an_edit_to_the_extractor_source_is_another_extractor(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A forgotten `EXTRACTOR_VERSION` bump cannot serve stale results from a checkout."""
    package = tmp_path / "extractor"
    shutil.copytree(Path(version.__file__).parent, package)
    monkeypatch.setattr(version, "__file__", str(package / "version.py"))
    version.fingerprint.cache_clear()
    before = version.fingerprint()
    with (package / "events.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# a new rule\n")
    version.fingerprint.cache_clear()
    try:
        assert version.fingerprint() != before
    finally:
        monkeypatch.undo()
        version.fingerprint.cache_clear()


def test_each_set_of_read_options_has_its_own_results(posts: Path, tmp_path: Path) -> None:
    draft = posts / "draft.md"
    draft.write_text("---\ntitle: D\ndate: 2026-01-05\ndraft: true\n---\n* 3 March | Oslo\n")
    cache = tmp_path / "cache.sqlite"
    for drafts in (False, True, False, True):
        found = extract([posts], cache=cache, drafts=drafts)
        assert repr(found) == repr(extract([posts], drafts=drafts))
        assert any(s.path.endswith("draft.md") for s in found.skipped) is not drafts


def test_a_post_that_cannot_be_read_is_reported_every_time(posts: Path, tmp_path: Path) -> None:
    broken = posts / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\n")
    cache = tmp_path / "cache.sqlite"
    for _ in range(2):
        found = extract([posts], cache=cache)
        assert broken.as_posix() in [p.path for p in found.problems]
        assert found.problems == extract([posts]).problems


# --- a cache file that is not one -----------------------------------------------------------


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database\n" * 100)


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _other_schema(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE posts (name TEXT)")
        db.execute("PRAGMA user_version = 99")
    db.close()


def _tampered_result(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE posts SET result = replace(result, '2026', '2027')")
    db.close()


def _undecodable_result(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE posts SET result = '{\"posts\": 1}'")
    db.close()


BREAKAGES = {
    "garbage bytes": (_garbage, 1),
    "a truncated file": (_truncated, 1),
    "another schema": (_other_schema, 1),
    "an empty file": (lambda path: path.write_bytes(b""), 0),
    "results changed behind its back": (_tampered_result, 0),
    "results that do not decode": (_undecodable_result, 0),
}


@pytest.mark.parametrize(("breakage", "warned"), BREAKAGES.values(), ids=BREAKAGES.keys())
def test_a_broken_cache_is_ignored_and_made_again(
    breakage: Callable[[Path], None], warned: int, posts: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache.sqlite"
    expected = extract([posts])
    extract([posts], cache=cache)
    breakage(cache)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = extract([posts], cache=cache)
    assert repr(found) == repr(expected)
    assert [w.category for w in caught] == [CacheWarning] * warned
    assert all("cache ignored and made again" in str(w.message) for w in caught)
    # Made again: the next run takes every post from it, without a word.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = extract([posts], cache=cache)
    assert repr(again) == repr(expected)


def test_a_cache_that_cannot_be_made_is_done_without(posts: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where a folder should be")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = extract([posts], cache=blocked / "cache.sqlite")
    assert [w.category for w in caught] == [CacheWarning]
    assert "going on without one" in str(caught[0].message)
    assert repr(found) == repr(extract([posts]))


def test_a_file_name_that_is_not_utf_8_is_kept_and_found(tmp_path: Path) -> None:
    folder = tmp_path / "posts"
    folder.mkdir()
    name = os.fsdecode(b"2026-01-05-caf\xe9.md")
    (folder / name).write_text("* 3 March | Oslo | Rust Oslo\n", encoding="utf-8")
    cache = tmp_path / "cache.sqlite"
    expected = extract([folder])
    assert expected.events
    for _ in range(2):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert repr(extract([folder], cache=cache)) == repr(expected)


# --- reading many posts at once ---------------------------------------------------------------


def _stored(cache_file: Path, posts: Path) -> tuple[list[tuple[str, bytes]], str]:
    archive = extractor.pipeline.scan([posts])
    wanted = [
        (entry.path, entry.digest)
        for entry in archive.entries
        if isinstance(entry, extractor.pipeline.PostFile) and entry.digest is not None
    ]
    return wanted, archive.options.key


def test_reading_many_posts_at_once_gives_what_reading_each_gives(
    posts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractor.cache import Cache

    cache_file = tmp_path / "cache.sqlite"
    extract([posts], cache=cache_file)
    wanted, options = _stored(cache_file, posts)
    monkeypatch.setattr("extractor.cache.LOOKUP", 7)  # several queries
    with Cache(cache_file) as cache:
        one_by_one = {path: cache.lookup(path, options, digest) for path, digest in wanted}
        at_once = cache.lookup_many(wanted, options)
        other_digest = cache.lookup_many([(path, b"x" * 32) for path, _ in wanted], options)
        other_options = cache.lookup_many(wanted, options + " ")
    assert len(at_once) == len(wanted) > 7
    assert at_once == one_by_one
    assert other_digest == other_options == {}


def test_a_corrupt_row_read_with_others_is_parsed_again_alone(
    posts: Path, tmp_path: Path, extracted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_file = tmp_path / "cache.sqlite"
    expected = extract([posts])
    extract([posts], cache=cache_file)
    wanted, _options = _stored(cache_file, posts)
    broken, undecodable = wanted[3][0], wanted[9][0]
    with sqlite3.connect(cache_file) as db:
        # A result that does not match its checksum, and one that does but is not a reading.
        db.execute("UPDATE posts SET result = result || ' ' WHERE path = ?", (broken.encode(),))
        text = '{"read": 1}'
        checksum = hashlib.sha256(text.encode()).digest()
        db.execute(
            "UPDATE posts SET result = ?, checksum = ? WHERE path = ?",
            (text, checksum, undecodable.encode()),
        )
    db.close()
    monkeypatch.setattr(extractor.pipeline, "LOOKUP", 4)
    extracted.clear()
    found = extract([posts], cache=cache_file)
    assert repr(found) == repr(expected)
    assert extracted == [broken, undecodable]


# --- files not read again to hash them --------------------------------------------------------


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the post files read (to hash or to parse them), in order."""
    import extractor.posts

    done: list[str] = []
    real = extractor.posts.read_file

    def counting(path: str, file: Path, limits: Any = extractor.posts.LIMITS) -> Any:
        done.append(path)
        return real(path, file, limits)

    monkeypatch.setattr(extractor.posts, "read_file", counting)
    return done


def test_a_file_unchanged_since_it_was_hashed_is_not_read_again(
    posts: Path, tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("extractor.cache.SETTLED_NS", 0)  # the copies count as settled
    cache = tmp_path / "cache.sqlite"
    expected = extract([posts])
    extract([posts], cache=cache)
    reads.clear()
    assert repr(extract([posts], cache=cache)) == repr(expected)
    assert reads == []


def test_a_file_changed_with_its_size_and_time_kept_is_read_again(
    posts: Path, tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("extractor.cache.SETTLED_NS", 0)
    cache = tmp_path / "cache.sqlite"
    post = (posts / "devset" / "2026-03-02-spring-meetups.md").resolve()
    extract([posts], cache=cache)
    _edit(post, "Saturday, 21 March", "Saturday, 28 March")  # its change time moves
    reads.clear()
    found = extract([posts], cache=cache)
    assert {Path(p).name for p in reads} == {post.name}
    assert repr(found) == repr(extract([posts]))


def test_a_file_changed_just_before_it_was_hashed_is_read_every_time(
    posts: Path, tmp_path: Path, reads: list[str]
) -> None:
    cache = tmp_path / "cache.sqlite"
    extract([posts], cache=cache)  # the copies were made a moment ago: not settled yet
    reads.clear()
    extract([posts], cache=cache)
    assert len(reads) == len([p for p in post_files([posts]) if isinstance(p, Path)])


@pytest.mark.parametrize(
    "update",
    [
        "UPDATE files SET digest = x'00'",
        "UPDATE files SET checked = 'soon'",
        "UPDATE files SET status = 'not a status'",
        "UPDATE files SET digest = zeroblob(32)",  # a wrong digest: the post's own is found
    ],
)
def test_stored_file_statuses_that_do_not_hold_give_the_same_output(
    posts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update: str
) -> None:
    monkeypatch.setattr("extractor.cache.SETTLED_NS", 0)
    cache = tmp_path / "cache.sqlite"
    expected = extract([posts])
    extract([posts], cache=cache)
    with sqlite3.connect(cache) as db:
        db.execute(update)
    db.close()
    assert repr(extract([posts], cache=cache)) == repr(expected)
