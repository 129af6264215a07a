"""The `eventfeed` command line and the publishing API under it: exit codes, exact texts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shlex
import shutil
import tomllib
from importlib import metadata
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

import feeds.publish
import feeds.syndication
from extractor.model import Event, EventKind, Source
from feeds.cli import main
from feeds.publish import FORMATS, build_site, filter_events, render
from feeds.settings import Settings

REPO = Path(__file__).resolve().parent.parent
NOW = "2025-12-15T00:00:00+00:00"

GOOD_POST = """\
---
title: "Community news: September 2025"
date: 2025-09-01
---
# Upcoming Events

* [OpenInfra Days Europe](https://example.org/days-europe) - October 14-15, 2025 - Paris, France

# Call for Papers

The call for papers for the OpenInfra Summit closes on September 30, 2025.
"""

NO_DATE_POST = """\
---
title: A post nobody dated
---
# Upcoming Events

* Forgotten Meetup - November 3, 2025 - Berlin, Germany
"""


#: The files every build writes, whatever the posts (categories/ depends on their headings).
CORE_FILES = [
    ".eventfeed-manifest",
    "atom.xml",
    "calendar.ics",
    "deadlines.atom.xml",
    "deadlines.feed.json",
    "deadlines.ics",
    "deadlines.rss.xml",
    "events.atom.xml",
    "events.feed.json",
    "events.ics",
    "events.json",
    "events.rss.xml",
    "feed.json",
    "index.html",
    "rss.xml",
]


def site_files(root: Path) -> list[str]:
    """Every file under `root`, as sorted relative paths."""
    return sorted(p.relative_to(root).as_posix() for p in Path(root).rglob("*") if p.is_file())


def core_files(root: Path) -> list[str]:
    return [name for name in site_files(root) if not name.startswith("categories/")]


def source_path(item: dict[str, object]) -> object:
    """The post an exported item came from."""
    source = item.get("source")
    return source["path"] if isinstance(source, dict) else item.get("post")


def invoke(*args: str) -> Result:
    """Run `eventfeed ARGS…` and fail on anything but a clean exit (no stray exception)."""
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture
def posts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `posts/` folder with one good post, as a relative path in a fresh current directory."""
    monkeypatch.chdir(tmp_path)
    folder = Path("posts")
    folder.mkdir()
    (folder / "good.md").write_text(GOOD_POST, encoding="utf-8")
    return folder


@pytest.fixture
def broken_posts(posts: Path) -> Path:
    """`posts` plus one post with no date anywhere."""
    (posts / "nodate.md").write_text(NO_DATE_POST, encoding="utf-8")
    return posts


# -- help, version, console script -------------------------------------------------------------


def test_help_lists_the_exit_codes() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    assert "Exit codes:" in result.stdout
    for line in ("0  every post was read", "1  a post (or part of one)", "2  usage error"):
        assert line in result.stdout


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    command = main.commands[name]
    assert command.help and command.get_short_help_str(), f"{name} has no help text"
    for flag in ("-h", "--help"):
        result = invoke(name, flag)
        assert result.exit_code == 0
        assert "Example" in result.stdout
        # `\b` kept the example lines unwrapped: each starts with the command itself.
        assert re.search(rf"^\s+eventfeed {name} \S", result.stdout, re.MULTILINE)


def test_the_commands_are_the_documented_ones() -> None:
    assert sorted(main.commands) == ["build", "export", "extract", "serve"]


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"eventfeed, version {metadata.version('eventfeed')}\n"


def test_console_script_is_declared() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["eventfeed"] == "feeds.cli:main"
    (entry,) = metadata.entry_points(group="console_scripts", name="eventfeed")
    assert entry.load() is main


# -- README ------------------------------------------------------------------------------------


def readme_commands() -> list[str]:
    """The command lines of the fenced block the README opens with."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.match(r"```[a-z]*\n(.*?)\n```", text, re.DOTALL)
    assert match, "README.md must open with a fenced block of commands"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_readme_opens_with_two_commands() -> None:
    install_and_build, install_and_test = readme_commands()
    assert install_and_build.startswith("python3 -m venv .venv && .venv/bin/pip install -e . && ")
    assert ".venv/bin/eventfeed build seeds" in install_and_build
    assert install_and_test.startswith(
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]'"
    )


def test_readme_build_command_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    eventfeed = shlex.split(readme_commands()[0].split("&&")[-1])
    assert eventfeed[0] == ".venv/bin/eventfeed"
    args = eventfeed[1:]
    args[args.index("--out") + 1] = str(tmp_path / "public")
    monkeypatch.chdir(REPO)
    result = invoke(*args, "--now", NOW)
    assert result.exit_code == 0, result.stderr
    assert core_files(tmp_path / "public") == CORE_FILES


def test_readme_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Library API$.*?^```python\n(.*?)^```$", text, re.DOTALL | re.MULTILINE)
    assert match, "README.md has a Python example under ## Library API"
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "seeds", "seeds")
    exec(compile(match.group(1), "README.md", "exec"), {})
    assert core_files(Path("public")) == CORE_FILES


def test_ci_runs_the_readme_test_command() -> None:
    test_command = readme_commands()[1].split("&&")[-1].strip()
    assert test_command == ".venv/bin/pytest"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^\s*{re.escape(test_command)}\s*$", ci, re.MULTILINE)


# -- exit codes and the exact error text -------------------------------------------------------


def test_extract_prints_a_json_array(posts: Path) -> None:
    result = invoke("extract", str(posts))
    assert result.exit_code == 0
    assert result.stderr == ""
    items = json.loads(result.stdout)
    assert isinstance(items, list) and items
    assert {source_path(item) for item in items} == {"posts/good.md"}
    assert {item["kind"] for item in items} <= {"event", "deadline"}


def test_extract_jsonl_and_table(posts: Path) -> None:
    as_json = json.loads(invoke("extract", str(posts)).stdout)
    jsonl = invoke("extract", str(posts), "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in jsonl] == as_json

    table = invoke("extract", str(posts), "--format", "table").stdout.splitlines()
    assert table[0].split() == ["DATE", "KIND", "TITLE", "LOCATION", "SOURCE"]
    assert len(table) == 1 + len(as_json)
    source_column = table[0].index("SOURCE")
    assert all(line[source_column:].startswith("posts/good.md:") for line in table[1:])


def test_a_post_without_a_date_is_one_error_line_and_exit_1(broken_posts: Path) -> None:
    result = invoke("extract", str(broken_posts))
    assert result.exit_code == 1
    assert result.stderr == "Error: posts/nodate.md: no date in front matter or file name\n"
    # The good post is still extracted.
    items = json.loads(result.stdout)
    assert items and {source_path(item) for item in items} == {"posts/good.md"}


def test_build_still_publishes_the_other_posts(broken_posts: Path) -> None:
    result = invoke("build", str(broken_posts), "--out", "site", "--now", NOW)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert errors == ["Error: posts/nodate.md: no date in front matter or file name"]
    assert "OpenInfra Days Europe" in Path("site/events.json").read_text(encoding="utf-8")
    assert "Forgotten Meetup" not in Path("site/events.json").read_text(encoding="utf-8")
    assert b"BEGIN:VEVENT" in Path("site/calendar.ics").read_bytes()


def test_build_writes_every_channel_and_a_summary(posts: Path) -> None:
    result = invoke("build", str(posts), "--out", "site", "--now", NOW)
    assert result.exit_code == 0, result.stderr
    assert core_files(Path("site")) == CORE_FILES
    categories = [n for n in site_files(Path("site")) if n.startswith("categories/")]
    assert len(categories) % 4 == 0 and categories
    written = len(CORE_FILES) - 1 + len(categories)
    assert re.fullmatch(
        r"eventfeed: 1 post read, 0 skipped, 0 problems, \d+ mentions?, \d+ events?, "
        rf"{written} files written to site\n",
        result.stderr,
    )
    assert result.stdout == ""


def test_build_defaults_to_seeds_and_public(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("seeds").mkdir()
    Path("seeds/good.md").write_text(GOOD_POST, encoding="utf-8")
    result = invoke("build", "--now", NOW)
    assert result.exit_code == 0, result.stderr
    assert core_files(Path("public")) == CORE_FILES


def test_no_paths_and_no_seeds_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("extract")
    assert result.exit_code == 2
    assert "Error: no PATHS given and there is no ./seeds folder here" in result.stderr


def test_build_twice_gives_identical_bytes(posts: Path) -> None:
    for out in ("one", "two"):
        assert invoke("build", str(posts), "--out", out, "--now", NOW).exit_code == 0
    assert site_files(Path("one")) == site_files(Path("two"))
    for name in site_files(Path("one")):
        assert Path("one", name).read_bytes() == Path("two", name).read_bytes(), name


def test_build_twice_on_the_seeds_gives_identical_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    for out in ("one", "two"):
        invoke("build", "seeds", "--out", str(tmp_path / out), "--now", NOW)
    names = site_files(tmp_path / "one")
    assert "categories/openstack.ics" in names
    assert names == site_files(tmp_path / "two")
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_export_csv_to_stdout(posts: Path) -> None:
    result = invoke("export", str(posts), "--format", "csv", "-o", "-")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) >= 2
    assert any("OpenInfra Days Europe" in cell for row in rows[1:] for cell in row)


def test_export_writes_a_file_and_nothing_to_stdout(posts: Path) -> None:
    result = invoke("export", str(posts), "--format", "ics", "-o", "out/calendar.ics")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert Path("out/calendar.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_every_format(posts: Path, fmt: str) -> None:
    result = invoke("export", str(posts), "--format", fmt, "--now", NOW)
    assert result.exit_code == 0
    assert result.stdout_bytes


def test_export_filters(posts: Path) -> None:
    every = [
        json.loads(line)
        for line in invoke("export", str(posts), "--format", "jsonl").stdout.splitlines()
    ]
    for kind in ("event", "deadline"):
        out = invoke("export", str(posts), "--format", "jsonl", "--kind", kind).stdout
        assert [json.loads(line) for line in out.splitlines()] == [
            i for i in every if i["kind"] == kind
        ]
    out = invoke("export", str(posts), "--format", "jsonl", "--search", "days EUROPE").stdout
    assert [json.loads(line)["title"] for line in out.splitlines()] == [
        i["title"] for i in every if "days europe" in i["title"].lower()
    ]
    assert invoke("export", str(posts), "--format", "jsonl", "--from", "2030-01-01").stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--now", "2025-12-15T00:00:00"], "has no UTC offset"),
        (["--now", "tomorrow"], "is not an ISO 8601 datetime"),
        (["--skip-when", "hidePost"], "expected KEY=VALUE, got 'hidePost'"),
        (["--skip-when", "=true"], "expected KEY=VALUE"),
        (["--timezone", "Mars/Olympus"], "is not an IANA time zone"),
        (["--base-url", "example.org"], "is not an absolute http(s) URL"),
        (["--from", "15/12/2025"], "is not a date like 2025-12-31"),
        (["--format", "pdf"], "Invalid value for '--format'"),
        (["no/such/folder"], "does not exist"),
    ],
)
def test_usage_errors_exit_2(posts: Path, args: list[str], message: str) -> None:
    fmt = [] if "--format" in args else ["--format", "json"]
    result = invoke("export", str(posts), *fmt, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_now_without_offset_is_a_usage_error_for_build(posts: Path) -> None:
    result = invoke("build", str(posts), "--now", "2025-12-15T00:00:00")
    assert result.exit_code == 2
    assert "Invalid value for '--now'" in result.stderr
    assert not Path("public").exists()


def test_skip_when_skips_matching_posts(posts: Path) -> None:
    Path("posts/hidden.md").write_text(
        GOOD_POST.replace("date: 2025-09-01", "date: 2025-09-01\nhidePost: true"), encoding="utf-8"
    )
    both = invoke("build", str(posts), "--out", "site")
    assert both.stderr.startswith("eventfeed: 2 posts read, 0 skipped")
    one = invoke("build", str(posts), "--out", "site", "--skip-when", "hidePost=true")
    assert one.stderr.startswith("eventfeed: 1 post read, 1 skipped")
    assert one.stderr.splitlines()[1] == "  skipped posts/hidden.md: hidePost=true"


def test_a_write_failure_is_one_error_line(posts: Path) -> None:
    Path("taken").write_text("a file, not a folder", encoding="utf-8")
    result = invoke("build", str(posts), "--out", "taken/site")
    assert result.exit_code == 1
    assert result.stderr == "Error: cannot write taken/site: Not a directory\n"


def test_export_to_an_unwritable_place_is_one_error_line(posts: Path) -> None:
    Path("taken").write_text("a file, not a folder", encoding="utf-8")
    result = invoke("export", str(posts), "--format", "csv", "-o", "taken/events.csv")
    assert result.exit_code == 1
    assert result.stderr == "Error: cannot write taken/events.csv: File exists\n"
    assert result.stdout == ""


# -- the library API ---------------------------------------------------------------------------


def make_event(
    title: str,
    start: dt.date,
    end: dt.date | None = None,
    kind: EventKind = EventKind.EVENT,
    location: str | None = None,
) -> Event:
    published = dt.datetime(2025, 9, 1, tzinfo=dt.UTC)
    source = Source("posts/a.md", 3, "A post", published.date(), published)
    return Event(kind, title, start, end or start, location=location, sources=(source,))


EVENTS = [
    make_event(
        "OpenInfra Days Europe", dt.date(2025, 10, 14), dt.date(2025, 10, 15), location="Paris"
    ),
    make_event("CFP closes", dt.date(2025, 9, 30), kind=EventKind.DEADLINE),
    make_event("Summit", dt.date(2026, 9, 8), dt.date(2026, 9, 9), location="Shanghai"),
]


@pytest.mark.parametrize(
    ("criteria", "titles"),
    [
        ({}, ["OpenInfra Days Europe", "CFP closes", "Summit"]),
        ({"kind": "deadline"}, ["CFP closes"]),
        ({"kind": EventKind.EVENT}, ["OpenInfra Days Europe", "Summit"]),
        ({"start": dt.date(2025, 10, 15)}, ["OpenInfra Days Europe", "Summit"]),
        ({"end": dt.date(2025, 10, 14)}, ["OpenInfra Days Europe", "CFP closes"]),
        ({"start": dt.date(2025, 10, 1), "end": dt.date(2025, 12, 31)}, ["OpenInfra Days Europe"]),
        ({"search": "shanghai"}, ["Summit"]),
        ({"search": "cfp", "kind": "event"}, []),
    ],
)
def test_filter_events(criteria: dict[str, object], titles: list[str]) -> None:
    assert [e.title for e in filter_events(EVENTS, **criteria)] == titles  # type: ignore[arg-type]


def test_render_rejects_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render(EVENTS, Settings(), "pdf")


def test_build_site_writes_nothing_when_one_file_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_head = feeds.syndication.feed_head

    def failing_head(settings: Settings, fmt: str, *args: object) -> tuple[bytes, bytes]:
        if fmt == "atom":
            raise RuntimeError("atom exporter broke")
        return real_head(settings, fmt, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(feeds.syndication, "feed_head", failing_head)
    with pytest.raises(RuntimeError):
        build_site(EVENTS, Settings(), tmp_path / "public")
    assert not (tmp_path / "public").exists()


def test_build_site_returns_the_paths_written(tmp_path: Path) -> None:
    now = dt.datetime(2025, 12, 15, tzinfo=dt.UTC)
    written = build_site(EVENTS, Settings(now=now), tmp_path / "site")
    names = [p.relative_to(tmp_path / "site").as_posix() for p in written]
    assert [n for n in names if "/" not in n] == [n for n in CORE_FILES if not n.startswith(".")]
    assert all(p.is_file() for p in written)


def test_library_errors_become_click_exceptions() -> None:
    from extractor.errors import PostError
    from feeds.cli import library_errors

    with pytest.raises(click.ClickException, match=r"^seeds/x\.md:3: broken$"), library_errors():
        raise PostError("seeds/x.md", "broken", line=3)
    with (
        pytest.raises(click.ClickException, match=r"^out/a\.ics: Permission denied$"),
        library_errors(),
    ):
        raise PermissionError(13, "Permission denied", "out/a.ics")


def test_extract_reports_progress_after_each_file(posts: Path) -> None:
    from extractor.pipeline import extract

    Path("posts/second.md").write_text(GOOD_POST, encoding="utf-8")
    calls: list[tuple[int, int]] = []
    extract([posts], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


@pytest.mark.parametrize(
    ("tty", "ci", "posts_count", "drawn"),
    [
        (True, None, 300, True),
        (True, None, 10, False),
        (False, None, 300, False),
        (True, "true", 300, False),
    ],
)
def test_the_progress_bar_shows_only_on_a_terminal_outside_ci_for_long_builds(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tty: bool,
    ci: str | None,
    posts_count: int,
    drawn: bool,
) -> None:
    import sys

    from feeds.cli import progress_bar

    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with progress_bar() as update:
        assert (update is not None) == (tty and ci is None)
        for done in range(1, posts_count + 1):
            if update is not None:
                update(done, posts_count)
    assert ("Reading posts" in capsys.readouterr().err) == drawn
