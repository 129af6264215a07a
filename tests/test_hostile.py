"""Issue 7: hostile and broken posts. Each case gives one clear message (file, line where known,
what is wrong) while every other post is still published, in bounded time and memory; and
every file the build writes still parses with independent parsers and carries nothing unsafe.

Each case is built with `eventfeed build` next to the two good posts of `tests/hostile/`; the
small cases are files there, the large ones (and folders, FIFOs, links) are made here.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import resource
import shutil
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from output_checks import check_folder, check_output

from extractor import extract
from extractor.limits import LIMITS, Limits
from extractor.model import Event, EventKind, Source
from feeds import sanitize
from feeds.cli import main
from feeds.publish import FORMATS, render
from feeds.settings import Settings

HOSTILE = Path(__file__).parent / "hostile"
NOW = "2026-08-20T00:00:00+00:00"
GOOD = ("good-toml.md", "good-yaml.md")
GOOD_TITLES = {"Good Berlin Meetup", "Good Oslo Meetup", "Good Paris Meetup"}
#: Seconds and megabytes any one case may take; a quadratic path takes minutes and gigabytes.
TIME_BUDGET = 30.0
MEMORY_BUDGET_MB = 512


@dataclass(frozen=True)
class Built:
    """What one `eventfeed build` gave."""

    exit_code: int
    errors: list[str]
    warnings: list[str]
    records: list[dict[str, object]]
    """`events.json`."""
    seconds: float

    @property
    def titles(self) -> set[str]:
        return {str(r["title"]) for r in self.records}

    def record(self, title: str) -> dict[str, object]:
        return next(r for r in self.records if r["title"] == title)


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(*args: str) -> Built:
    """`eventfeed build content --out site ARGS…`, checked: it exits 0 or 1 without a stray
    exception, in the time and memory budget; every file it writes parses and is safe; and the
    good posts are published."""
    rss_before = _max_rss_mb()
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["build", "content", "--out", "site", "--now", NOW, *args])
    seconds = time.perf_counter() - start
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1), result.output
    assert seconds < TIME_BUDGET, f"the build took {seconds:.1f} s"
    assert _max_rss_mb() - rss_before < MEMORY_BUDGET_MB
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("eventfeed: "), result.stderr
    errors = [line.removeprefix("Error: ") for line in lines if line.startswith("Error: ")]
    warnings = [line.removeprefix("Warning: ") for line in lines if line.startswith("Warning: ")]
    assert len(errors) + len(warnings) == len(lines) - 1, result.stderr
    written = check_folder(Path("site"))
    assert {"calendar.ics", "rss.xml", "atom.xml", "events.json"} <= set(written)
    records = json.loads(Path("site/events.json").read_bytes())
    built = Built(result.exit_code, errors, warnings, records, seconds)
    assert built.titles >= GOOD_TITLES, "a good post was not published"
    return built


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `content/` folder holding the good posts, in a fresh current folder."""
    monkeypatch.chdir(tmp_path)
    folder = Path("content")
    folder.mkdir()
    for name in GOOD:
        shutil.copyfile(HOSTILE / name, folder / name)
    return folder


def test_the_good_posts_alone_build_cleanly(content: Path) -> None:
    built = build()
    assert (built.exit_code, built.errors, built.warnings) == (0, [], [])
    assert built.titles == GOOD_TITLES


# --- The fixture files -------------------------------------------------------------------------

#: Each fixture file: the errors and warnings it gives (paths as `content/NAME`), and the title
#: of an event it still publishes, if any.
CASES: dict[str, tuple[list[str], list[str], str | None]] = {
    "no-front-matter.md": (["no-front-matter.md: no date in front matter or file name"], [], None),
    "unclosed-front-matter.md": (
        ['unclosed-front-matter.md:1: front matter is not closed: no closing "---" line'],
        [],
        None,
    ),
    "invalid-yaml.md": (  # read as its plain `key: value` lines, as forgiving generators do
        [],
        [
            "invalid-yaml.md:4: invalid YAML front matter: did not find expected ',' or ']'; "
            "read its `key: value` lines as plain text"
        ],
        None,
    ),
    "invalid-toml.md": (["invalid-toml.md:3: invalid TOML front matter: Invalid value"], [], None),
    "invalid-json.md": (
        ["invalid-json.md:3: invalid JSON front matter: Expecting ',' delimiter"],
        [],
        None,
    ),
    "front-matter-list.md": (
        ["front-matter-list.md:1: front matter is a list, not a mapping"],
        [],
        None,
    ),
    "front-matter-scalar.md": (
        ["front-matter-scalar.md:1: front matter is a string, not a mapping"],
        [],
        None,
    ),
    "date-soon.md": (['date-soon.md:3: date "soon" is not a date'], [], None),
    "date-month-13.md": (['date-month-13.md:3: date "2025-13-45" is not a date'], [], None),
    "yaml-python-tag.md": (
        [
            "yaml-python-tag.md:4: invalid YAML front matter: "
            'tag "!!python/object/apply:os.system" is not allowed'
        ],
        [],
        None,
    ),
    "yaml-alias-bomb.md": (
        [
            "yaml-alias-bomb.md:1: front matter holds more than 10,000 values "
            "(max_front_matter_values); YAML aliases count as everything they repeat"
        ],
        [],
        None,
    ),
    "duplicate-keys.md": (
        ['duplicate-keys.md:4: invalid YAML front matter: duplicate key "title"'],
        [],
        None,
    ),
    "utf8-bom.md": ([], [], "Bom Meetup"),
    "utf16-bom.md": ([], [], "Utf16 Meetup"),
    "latin1.md": (
        [],
        ["latin1.md:2: not UTF-8 text (byte 0xe9 at offset 14); read as Windows-1252 (Latin-1)"],
        "Café Meetup",
    ),
    "nul-bytes.md": (["nul-bytes.md: binary file"], [], None),
    "binary.md": (["binary.md: binary file"], [], None),
    "crlf.md": ([], [], "Crlf Meetup"),
    "lone-cr.md": ([], [], "Cr Meetup"),
    "empty.md": (["empty.md: empty file"], [], None),
    "impossible-dates.md": (
        [],
        [
            'impossible-dates.md:7: "30 February" is not a date: February has at most 29 days',
            'impossible-dates.md:8: "32 October" is not a date: October has 31 days',
            'impossible-dates.md:9: "0000-05-01" is not a date: there is no year 0',
            'impossible-dates.md:10: "May 5, 99999" is not a date: there is no year 99999',
            'impossible-dates.md:11: "2026-09-11 - 2026-09-08" is not a date: '
            "it ends before it starts",
            'impossible-dates.md:12: "Monday, August 29": Saturday 29 August 2026 '
            "(the nearest year to the post) is not a Monday",
            'impossible-dates.md:13: "Friday, August 29, 2026": Saturday 29 August 2026 '
            "is not a Friday",
            'impossible-dates.md:14: "Decade Meetup" would last 3,653 days '
            "(2026-01-01 to 2036-01-01), more than max_span_days (366): left out",
        ],
        "Possible Meetup",
    ),
    "hostile-text.md": ([], [], "Template { { 7*7 } } { % debug % } Meetup"),
}


def test_every_fixture_file_is_a_case() -> None:
    names = {p.name for p in HOSTILE.iterdir()} - {"README.md", *GOOD}
    assert names == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_post_is_one_clear_message_and_the_others_are_published(
    content: Path, name: str
) -> None:
    errors, warnings, published = CASES[name]
    shutil.copyfile(HOSTILE / name, content / name)
    built = build()
    assert built.errors == [f"content/{line}" for line in errors]
    assert built.warnings == [f"content/{line}" for line in warnings]
    assert built.exit_code == (1 if errors else 0)
    if published is not None:
        assert published in built.titles
    else:
        assert built.titles == GOOD_TITLES


def test_the_whole_hostile_folder_at_once(content: Path) -> None:
    for name in CASES:
        shutil.copyfile(HOSTILE / name, content / name)
    built = build()
    assert built.exit_code == 1
    errors = [f"content/{line}" for lines, _, _ in CASES.values() for line in lines]
    warnings = [f"content/{line}" for _, lines, _ in CASES.values() for line in lines]
    assert (sorted(built.errors), built.warnings) == (sorted(errors), warnings)
    assert built.titles >= {title for _, _, title in CASES.values() if title}


def test_line_ends_and_encodings_keep_the_file_lines(content: Path) -> None:
    for name in ("crlf.md", "lone-cr.md", "utf16-bom.md", "utf8-bom.md", "latin1.md"):
        shutil.copyfile(HOSTILE / name, content / name)
    built = build()
    lines = {title: built.record(title)["source"]["line"] for title in built.titles}  # type: ignore[index]
    assert (lines["Crlf Meetup"], lines["Cr Meetup"]) == (9, 9)
    assert (lines["Utf16 Meetup"], lines["Bom Meetup"], lines["Café Meetup"]) == (7, 7, 7)
    assert built.record("Café Meetup")["source"]["title"] == "Café Latin-1"  # type: ignore[index]


def test_yaml_tags_never_run(content: Path) -> None:
    shutil.copyfile(HOSTILE / "yaml-python-tag.md", content / "yaml-python-tag.md")
    build()
    assert not Path("executed-by-yaml").exists()


def test_impossible_dates_publish_only_what_is_possible(content: Path) -> None:
    shutil.copyfile(HOSTILE / "impossible-dates.md", content / "impossible-dates.md")
    built = build()
    from_post = {
        str(r["title"]): (r["start"], r["end"])
        for r in built.records
        if r["source"]["path"] == "content/impossible-dates.md"  # type: ignore[index]
    }
    # A date the post gives as it is (the weekday is the mistake) is published and warned of;
    # no impossible, guessed, backwards or decade-long entry is.
    assert from_post == {
        "No Monday Meetup": ("2026-08-29", "2026-08-29"),
        "Saturday Meetup": ("2026-08-29", "2026-08-29"),
        "Possible Meetup": ("2026-09-25", "2026-09-25"),
    }


def test_strict_turns_warnings_into_errors(content: Path) -> None:
    shutil.copyfile(HOSTILE / "impossible-dates.md", content / "impossible-dates.md")
    relaxed = build()
    strict = build("--strict")
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)
    assert strict.errors == relaxed.warnings and strict.warnings == []
    assert strict.records == relaxed.records  # still published


def test_hostile_text_is_dropped_or_escaped_in_every_format(content: Path) -> None:
    shutil.copyfile(HOSTILE / "hostile-text.md", content / "hostile-text.md")
    built = build()
    titles = built.titles - GOOD_TITLES
    assert {
        "Zürich; Room 1, \\ Floor 2",  # `;`, `,` and `\` survive (each format escapes them)
        "Template { { 7*7 } } { % debug % } Meetup",
        "=HYPERLINK Meetup",  # the address in parentheses is no part of a name
        "Control Bell[2J",
        "Right-to-left marks Meetup",
    } <= titles
    post_title = {r["source"]["title"] for r in built.records} - {  # type: ignore[index]
        "Community calendar",
        "More events",
    }
    assert post_title == {'"Hostile alert(1) text"'}
    for fmt in FORMATS:
        result = CliRunner().invoke(main, ["export", "content", "--format", fmt, "--now", NOW])
        assert result.exit_code == 0, result.output
        check_output(f"export.{fmt}", result.stdout_bytes)
    result = CliRunner().invoke(main, ["export", "content", "--format", "csv", "--now", NOW])
    assert "'=HYPERLINK Meetup" in result.stdout


# --- Files that are not posts -------------------------------------------------------------------


def test_a_folder_named_like_a_post_is_read_as_a_folder(content: Path) -> None:
    (content / "bundle.md").mkdir()
    (content / "empty-folder.md").mkdir()
    shutil.copyfile(HOSTILE / "crlf.md", content / "bundle.md" / "index.md")
    built = build()
    assert (built.exit_code, built.errors, built.warnings) == (0, [], [])
    assert "Crlf Meetup" in built.titles


def test_links_that_lead_nowhere_or_to_no_file(content: Path) -> None:
    os.symlink("nowhere.md", content / "dangling.md")
    os.symlink("loop-b.md", content / "loop-a.md")
    os.symlink("loop-a.md", content / "loop-b.md")
    os.symlink("/dev/zero", content / "zero.md")  # endless: must not be read
    built = build()
    assert built.errors == [
        "content/dangling.md: cannot read: No such file or directory",
        "content/loop-a.md: cannot read: Too many levels of symbolic links",
        "content/loop-b.md: cannot read: Too many levels of symbolic links",
        "content/zero.md: cannot read: not a regular file (a pipe, socket or device)",
    ]


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail (rather than hang) a test that blocks for more than the time budget."""

    def timeout(signum: int, frame: object) -> None:
        raise TimeoutError("blocked")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(int(TIME_BUDGET))
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_fifo_is_not_waited_on(content: Path, alarm: None) -> None:
    os.mkfifo(content / "pipe.md")
    built = build()
    assert built.errors == [
        "content/pipe.md: cannot read: not a regular file (a pipe, socket or device)"
    ]


def test_an_unreadable_file(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copyfile(HOSTILE / "crlf.md", content / "unreadable.md")
    if os.geteuid() == 0:  # root reads anything: refuse it the way the kernel would
        real_open = Path.open

        def refuse(self: Path, *args: object, **kwargs: object) -> object:
            if self.name == "unreadable.md":
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
            return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", refuse)
    else:
        (content / "unreadable.md").chmod(0)
    built = build()
    assert built.errors == ["content/unreadable.md: cannot read: Permission denied"]


def test_a_file_name_that_is_not_utf_8_nor_printable(content: Path) -> None:
    shutil.copyfile(HOSTILE / "crlf.md", os.fsencode(content) + b"/caf\xe9.md")
    (content / "evil\n\u202e<script>.md").write_text("no date\n", encoding="utf-8")
    built = build()
    assert built.errors == [
        "content/evil\\x0a\\u202e<script>.md: no date in front matter or file name"
    ]
    assert built.record("Crlf Meetup")["source"]["path"] == "content/caf\ufffd.md"  # type: ignore[index]


# --- Size and shape ------------------------------------------------------------------------------

HEAD = "---\ntitle: {title}\ndate: 2026-08-12\n---\n## Upcoming Events\n\n"
HEAD_LINES = 6
BEFORE = "* 2026-09-20 | Rome, IT | Alpha Meetup\n\n"
AFTER = "\n\n## Later\n\n* 2026-09-21 | Rome, IT | Omega Meetup\n"


def _post(name: str, body: str, *, before: bool = True, after: bool = True) -> Path:
    path = Path("content", name)
    text = HEAD.format(title=name) + (BEFORE if before else "") + body + (AFTER if after else "")
    path.write_text(text, encoding="utf-8")
    return path


def test_a_20_mb_post_is_read_up_to_max_post_bytes(content: Path) -> None:
    paragraph = "A paragraph about nothing in particular, written to fill the post up.\n\n"
    path = _post("huge.md", paragraph * (20_000_000 // len(paragraph)), after=False)
    size = path.stat().st_size
    assert size > 20_000_000
    built = build()
    read = min(path.read_bytes()[: LIMITS.max_post_bytes].count(b"\n"), LIMITS.max_lines)
    assert built.errors == [
        f"content/huge.md: file is {size:,} bytes, more than max_post_bytes (1,048,576): "
        f"only lines 1–{read:,} were read"
    ]
    assert "Alpha Meetup" in built.titles


def test_a_line_of_1_mb_is_not_read(content: Path) -> None:
    _post("long-line.md", "word " * 200_000)
    built = build()
    line = HEAD_LINES + 3
    assert built.errors == [
        f"content/long-line.md:{line}: line of 1,000,000 characters, "
        "more than max_line_chars (100,000): not read"
    ]
    assert {"Alpha Meetup", "Omega Meetup"} <= built.titles


@pytest.mark.parametrize(
    "nesting",
    ["- " * 10_000 + "deep\n", "> " * 10_000 + "deep\n", "1. " * 10_000 + "deep\n"],
    ids=["bullets", "quotes", "numbered"],
)
def test_lists_nested_10000_deep(content: Path, nesting: str) -> None:
    _post("deep.md", nesting)
    built = build()
    line = HEAD_LINES + 3
    assert built.errors == [
        f"content/deep.md:{line}: lists or quotes nested more than 16 deep (max_depth): "
        f"line {line} not read"
    ]
    assert {"Alpha Meetup", "Omega Meetup"} <= built.titles  # the rest of the post is read


def test_an_indented_list_nested_past_max_depth(content: Path) -> None:
    _post("indented.md", "".join("  " * i + f"- level {i}\n" for i in range(300)))
    built = build()
    first = HEAD_LINES + 3 + LIMITS.max_depth
    assert built.errors == [
        f"content/indented.md:{first}: lists or quotes nested more than 16 deep (max_depth): "
        f"lines {first}–{HEAD_LINES + 2 + 300} not read"
    ]
    assert {"Alpha Meetup", "Omega Meetup"} <= built.titles


def test_100000_bullets(content: Path) -> None:
    _post("bullets.md", "".join(f"- {i}\n" for i in range(100_000)), after=False)
    built = build()
    lines = HEAD_LINES + 2 + 100_000
    assert built.errors == [
        f"content/bullets.md: file has {lines:,} lines, more than max_lines (20,000): "
        "only lines 1–20,000 were read"
    ]
    assert "Alpha Meetup" in built.titles


def test_a_table_of_10000_rows(content: Path) -> None:
    rows = "".join(
        f"| 2026-{9 + i % 3:02d}-{1 + i % 28:02d} | Row {i} Meetup | Rome, IT |\n"
        for i in range(10_000)
    )
    _post("table.md", "| Date | Event | Place |\n|---|---|---|\n" + rows, after=False)
    built = build()
    first = HEAD_LINES + 5 + LIMITS.max_dates_per_post - 1  # the 1,000 dates: Before + 999 rows
    last = HEAD_LINES + 4 + 10_000
    assert built.errors == [
        f"content/table.md:{first}: more than 1,000 dates in the post (max_dates_per_post): "
        f"lines {first:,}–{last:,} not read"
    ]
    assert {"Alpha Meetup", "Row 0 Meetup", "Row 998 Meetup"} <= built.titles
    assert "Row 999 Meetup" not in built.titles


def test_50000_dates_in_one_post(content: Path) -> None:
    paragraph = " ".join(f"{1 + i % 28} June" for i in range(40))
    _post("dates.md", "\n\n".join([paragraph] * 1_250), after=False)
    built = build()
    (error,) = built.errors
    assert re.fullmatch(
        r"content/dates\.md:\d+: more than 1,000 dates in the post \(max_dates_per_post\): "
        r"lines [\d,]+–[\d,]+ not read",
        error,
    )


def test_a_block_with_too_many_dates(content: Path) -> None:
    _post("crowded.md", "Dates: " + ", ".join(f"{1 + i % 28} June" for i in range(60)))
    built = build()
    assert built.errors == [
        f"content/crowded.md:{HEAD_LINES + 3}: paragraph with more than 50 dates "
        "(max_dates_per_block): not read"
    ]
    assert {"Alpha Meetup", "Omega Meetup"} <= built.titles


def test_a_paragraph_over_max_block_chars(content: Path) -> None:
    _post("wall.md", "[" * 50_000 + "\n")  # markdown-it takes seconds on this
    built = build()
    assert built.errors == [
        f"content/wall.md:{HEAD_LINES + 3}: paragraph of 50,000 characters, more than "
        "max_block_chars (10,000): not read"
    ]


def test_10000_character_titles_are_capped(content: Path) -> None:
    long_title = "Very " * 1_800 + "Long Meetup"
    post = HEAD.format(title="T" * 10_000) + f"* 2026-09-20 | Rome, IT | {long_title}\n"
    Path("content/long-title.md").write_text(post, encoding="utf-8")
    built = build()
    assert (built.errors, built.warnings) == ([], [])
    (record,) = [r for r in built.records if str(r["title"]).startswith("Very")]
    assert len(str(record["title"])) <= sanitize.TITLE_CHARS
    post_title = str(record["source"]["title"])  # type: ignore[index]
    assert post_title == "T" * (sanitize.TITLE_CHARS - 1) + "…"


# --- Limits are settings -------------------------------------------------------------------------


def test_limits_can_be_changed(tmp_path: Path) -> None:
    post = tmp_path / "2026-08-12-decade.md"
    post.write_text("* 2026-01-01 - 2036-01-01 | Rome, IT | Decade Meetup\n", encoding="utf-8")
    size = post.stat().st_size
    assert [e.title for e in extract([post]).events] == []
    roomy = Limits(max_span_days=10 * 366)
    assert [e.title for e in extract([post], limits=roomy).events] == ["Decade Meetup"]
    tight = Limits(max_post_bytes=10)
    assert [str(p) for p in extract([post], limits=tight).problems] == [
        f"{post.as_posix()}: file is {size} bytes, more than max_post_bytes (10), "
        "with no line break before the limit: not read"
    ]


def test_an_event_is_never_published_outside_the_years_or_backwards(tmp_path: Path) -> None:
    post = tmp_path / "2026-08-12-years.md"
    post.write_text(
        "* 1899-12-31 | Rome, IT | Old Meetup\n* 3000-01-01 | Rome, IT | Future Meetup\n",
        encoding="utf-8",
    )
    found = extract([post])
    assert found.events == ()
    assert [str(w).split(": ", 1)[1] for w in found.warnings] == [
        '"Old Meetup" on 1899-12-31 is outside the years 1900 to 2999: left out',
        '"Future Meetup" on 3000-01-01 is outside the years 1900 to 2999: left out',
    ]


# --- The sanitizer -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "published"),
    [
        ("<script>alert(1)</script>Talk", "alert(1)Talk"),
        ('"><img src=x onerror=alert(1)>Talk', '">Talk'),
        ("<scr<b>ipt>alert(1)</script>", "alert(1)"),
        ("a < b and c > d", "a < b and c > d"),
        ("unclosed <img src=x onerror=alert(1)", "unclosed < img src=x onerror=alert(1)"),
        ("<<b>script>alert(1)", "alert(1)"),
        ("<!-- hidden -->Talk<?php ?>", "Talk"),
        ("{{ 7*7 }} {% if %} {# c #}", "{ { 7*7 } } { % if % } { # c # }"),
        ("Right\u202etxt.exe\u202c mark\u200f \u2066iso\u2069", "Righttxt.exe mark iso"),
        ("bell\x07 esc\x1b[2J del\x7f c1\x85next", "bell esc[2J del c1\nnext"),
        ("line\u2028sep\u2029para\r\nend\rcr\x0cff", "line\nsep\npara\nend\ncr\nff"),
        ("lone \ud800 surrogate \ufeff bom \ufffe", "lone \ufffd surrogate  bom "),
        ("tab\tkept", "tab\tkept"),
    ],
)
def test_sanitize_text(given: str, published: str) -> None:
    assert sanitize.text(given) == published


@given(
    st.text(
        st.characters(codec=None, min_codepoint=0, max_codepoint=0x2100)
        | st.sampled_from("\u202e\u2066\ufeff\ufffe\uffff\ud800\udfff<>{}%#/!? ")
    )
)
@settings(max_examples=500, deadline=None)
def test_text_that_no_rule_acts_on_is_published_as_it_is(value: str) -> None:
    """`sanitize.text` returns text without a character its rules act on unchanged; with one,
    it applies every rule."""
    cleaned = sanitize._LINE_BREAKS.sub("\n", value)
    cleaned = sanitize._SURROGATE.sub("\ufffd", sanitize._DROPPED.sub("", cleaned))
    while (stripped := sanitize._TAG.sub("", cleaned)) != cleaned:
        cleaned = stripped
    cleaned = sanitize._TAG_OPEN.sub("< ", cleaned)
    cleaned = sanitize._TEMPLATE_OPEN.sub("{ ", cleaned)
    expected = sanitize._TEMPLATE_CLOSE.sub(" }", cleaned) if value else ""
    assert sanitize.text(value) == expected


def test_sanitize_line_caps_at_a_word_with_an_ellipsis() -> None:
    assert sanitize.line("  a\n b  ") == "a b"
    capped = sanitize.line("word " * 1_000, 50)
    assert len(capped) <= 50 and capped.endswith("word…")
    assert sanitize.line("x" * 1_000, 50) == "x" * 49 + "…"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
        ("HTTP://EXAMPLE.ORG/", "HTTP://EXAMPLE.ORG/"),
        ("mailto:a@example.org", "mailto:a@example.org"),
        ("/relative/path", "/relative/path"),
        ("  https://example.org/\n", "https://example.org/"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" java\tscript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("\x01javascript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox(1)", None),
        ("file:///etc/passwd", None),
        ("http://[oops", None),
        ("http://example.org:port/", None),
        ("/\\evil.example", None),
        ("https://example.org/" + "a" * 3_000, None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, safe: str | None) -> None:
    assert sanitize.safe_url(url) == safe


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("  =1+2", "'  =1+2"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\n=1"),
        ("plain", "plain"),
        (None, ""),
        (True, "true"),
        (7, "7"),
    ],
)
def test_csv_cell(value: object, cell: str) -> None:
    assert sanitize.csv_cell(value) == cell


def test_every_exporter_survives_an_unparseable_link() -> None:
    when = dt.datetime(2026, 8, 12, tzinfo=dt.UTC)
    source = Source("a.md", 1, "<b>Post</b>", when.date(), when, "http://[oops")
    event = Event(
        EventKind.EVENT,
        "Meetup",
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 1),
        url="http://[oops",
        sources=(source,),
    )
    for fmt in FORMATS:
        check_output(f"x.{fmt}", render([event], Settings(), fmt))
