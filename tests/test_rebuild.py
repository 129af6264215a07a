"""`--cache`, `--no-cache` and `--jobs` on the command line, and a build with nothing new to do.

`build` keeps its cache in `.eventfeed-cache.sqlite` beside `--out`: a second build from the
same posts and settings says what the first said and writes nothing; any change builds again.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from feeds.cli import main
from feeds.rebuild import CACHE_NAME

ROOT = Path(__file__).resolve().parent.parent
NOW = "2025-12-15T00:00:00+00:00"


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`: its bytes and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def posts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeds, as `posts/` in a fresh current directory."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "seeds", "posts")
    return Path("posts")


def build(*extra: str) -> Result:
    return invoke("build", "posts", "--out", "site", "--now", NOW, *extra)


# --- the same output whichever way ----------------------------------------------------------

WAYS = {
    "the default cache": [],
    "the default cache, filled": [],
    "--no-cache": ["--no-cache"],
    "--cache FILE": ["--cache", "elsewhere/cache.sqlite"],
    "--jobs 2": ["--jobs", "2"],
    "--jobs 2 --no-cache": ["-j", "2", "--no-cache"],
}


@pytest.mark.parametrize("options", WAYS.values(), ids=WAYS.keys())
@pytest.mark.parametrize("command", ["build", "extract", "export"])
def test_every_command_gives_the_same_bytes_with_or_without_the_cache_and_any_jobs(
    command: str, options: list[str], posts: Path, tmp_path: Path
) -> None:
    builds = itertools.count()

    def run(*extra: str) -> tuple[object, ...]:
        if command == "build":
            out = tmp_path / "out" / str(next(builds))
            result = invoke("build", "posts", "--out", str(out), "--now", NOW, *extra)
            files = {k: v[0] for k, v in snapshot(out).items()}
            return result.exit_code, files, result.stderr.replace(str(out), "OUT")
        if command == "extract":
            result = invoke("extract", "posts", *extra)
        else:
            result = invoke("export", "posts", "--format", "ics", "--now", NOW, *extra)
        return result.exit_code, result.stdout_bytes, result.stderr

    expected = run("--no-cache")
    if "filled" in next(k for k, v in WAYS.items() if v is options):
        run(*options)
    assert run(*options) == expected


def test_extract_and_export_keep_no_cache_unless_asked(posts: Path) -> None:
    invoke("extract", "posts")
    invoke("export", "posts", "--format", "json")
    assert not list(Path().rglob(CACHE_NAME))
    assert invoke("extract", "posts", "--cache", "c.sqlite").exit_code == 0
    assert Path("c.sqlite").is_file()


def test_build_keeps_its_cache_beside_the_site_not_in_it(posts: Path) -> None:
    assert build().exit_code == 0
    assert Path(CACHE_NAME).is_file()
    assert not list(Path("site").rglob("*.sqlite*"))


def test_no_cache_reads_and_writes_none(posts: Path) -> None:
    assert build("--no-cache").exit_code == 0
    assert not Path(CACHE_NAME).exists()


def test_cache_and_no_cache_together_are_a_usage_error(posts: Path) -> None:
    result = build("--cache", "c.sqlite", "--no-cache")
    assert result.exit_code == 2
    assert "Error: --cache and --no-cache cannot be used together" in result.stderr


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_whole_number_from_1(jobs: str, posts: Path) -> None:
    result = build("--jobs", jobs)
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


# --- a build with nothing new ---------------------------------------------------------------


def test_a_second_build_with_nothing_changed_writes_nothing_and_says_so(posts: Path) -> None:
    first = build()
    before = snapshot(Path("site"))
    second = build()
    assert second.exit_code == first.exit_code == 0
    assert snapshot(Path("site")) == before  # not even rewritten
    assert second.stderr == first.stderr.replace(" written to site", " up to date in site")


def test_problems_are_reported_again_with_the_same_exit_status(posts: Path) -> None:
    Path("posts/nodate.md").write_text("---\ntitle: No date\n---\n* 3 March | Oslo\n")
    first, second = build(), build()
    assert first.exit_code == second.exit_code == 1
    assert "Error: posts/nodate.md: no date in front matter or file name\n" in second.stderr
    assert second.stderr == first.stderr.replace(" written to site", " up to date in site")


@pytest.mark.parametrize("strict", [[], ["--strict"]], ids=["warnings", "--strict"])
def test_warnings_are_reported_again_and_strict_is_a_change(strict: list[str], posts: Path) -> None:
    Path("posts/w.md").write_text(
        "---\ntitle: W\ndate: 2026-01-05\n---\n* 30 February 2026 | Oslo | Rust Oslo\n"
    )
    other = ["--strict"] if not strict else []
    first, second, third = build(*strict), build(*strict), build(*other)
    assert 'posts/w.md:5: "30 February 2026" is not a date' in first.stderr
    assert second.stderr == first.stderr.replace(" written to site", " up to date in site")
    assert second.exit_code == first.exit_code == (1 if strict else 0)
    assert " written to site" in third.stderr
    assert third.exit_code == (0 if strict else 1)


def _edit_post(_: Path) -> None:
    post = Path("posts/inside-open-infrastructure-october-2025.md")
    text = post.read_text(encoding="utf-8")
    assert "(3-4 October)" in text
    post.write_text(text.replace("(3-4 October)", "(3-5 October)"), encoding="utf-8")


def _add_post(_: Path) -> None:
    Path("posts/2025-12-01-new.md").write_text("* 3 March 2026 | Oslo | Rust Oslo\n")


def _remove_post(_: Path) -> None:
    Path("posts/inside-open-infrastructure-april-2025.md").unlink()


def _touch_output(site: Path) -> None:
    (site / "calendar.ics").write_bytes(b"edited by hand")


def _delete_output(site: Path) -> None:
    (site / "rss.xml").unlink()


def _delete_site(site: Path) -> None:
    shutil.rmtree(site)


CHANGES = {
    "a post edited": (_edit_post, []),
    "a post added": (_add_post, []),
    "a post removed": (_remove_post, []),
    "another setting": (lambda _: None, ["--title", "Another"]),
    "a filter": (lambda _: None, ["--kind", "deadline"]),
    "another clock": (lambda _: None, ["--now", "2026-01-01T00:00:00+00:00"]),
    "an output edited": (_touch_output, []),
    "an output deleted": (_delete_output, []),
    "the site deleted": (_delete_site, []),
}


@pytest.mark.parametrize(("change", "options"), CHANGES.values(), ids=CHANGES.keys())
def test_any_change_builds_again_as_a_build_without_cache_would(
    change: object, options: list[str], posts: Path
) -> None:
    build()
    change(Path("site"))  # type: ignore[operator]
    result = build(*options)
    assert " written to site" in result.stderr
    cached = snapshot(Path("site"))
    assert invoke("build", "posts", "--out", "fresh", "--now", NOW, "--no-cache", *options)
    fresh = snapshot(Path("fresh"))
    assert {k: v[0] for k, v in cached.items()} == {k: v[0] for k, v in fresh.items()}


def test_a_broken_cache_file_is_one_warning_and_the_build_goes_on(posts: Path) -> None:
    expected = build("--no-cache")
    Path(CACHE_NAME).write_bytes(b"\0garbage" * 64)
    result = build()
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: {Path(CACHE_NAME).absolute()}: unusable cache ignored and made again "
        "(file is not a database)\n" + expected.stderr
    )
    assert build().stderr == expected.stderr.replace(" written to site", " up to date in site")


# --- starting fast --------------------------------------------------------------------------


def test_the_command_line_loads_no_parser_or_exporter_library() -> None:
    """`eventfeed --help` starts fast: dateparser, icalendar, feedgen (and the markdown and
    front-matter parsers) are imported only by the commands that use them."""
    code = (
        "import sys, feeds.cli\n"
        "heavy = ('dateparser', 'icalendar', 'feedgen', 'lxml', 'markdown_it', 'frontmatter',"
        " 'yaml', 'sqlite3', 'jinja2')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout == "[]\n"


def test_extracting_imports_neither_exporter_nor_dateparser(tmp_path: Path) -> None:
    """`eventfeed extract` of posts loads what reading them needs, not the exporters."""
    code = (
        "import sys\n"
        "from feeds.cli import main\n"
        "try:\n"
        "    main(['extract', 'seeds', '--format', 'table'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('dateparser', 'icalendar', 'feedgen', 'lxml', 'jinja2')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stderr.splitlines()[-1] == "[]"


def test_build_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    """`build` runs the collector less often (`fewer_collections`), and only while it runs."""
    import gc

    from feeds.cli import BUILD_GC_THRESHOLDS

    before = gc.get_threshold()
    posts = tmp_path / "posts"
    posts.mkdir()
    post = "---\ntitle: A\ndate: 2025-01-02\n---\n\n* 2025-03-04 | Oslo | Meetup\n"
    (posts / "a.md").write_text(post, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(posts), "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert gc.get_threshold() == before != BUILD_GC_THRESHOLDS
