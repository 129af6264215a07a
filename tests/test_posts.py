"""Reading posts: front matter formats, dates, URLs, drafts, body lines and every error message."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from types import MappingProxyType

import frontmatter
import pytest

from extractor.errors import PostError
from extractor.frontmatter_handlers import HeaderHandler
from extractor.model import Problem, Skipped
from extractor.posts import load_post, load_posts, percent_encode

HERE = Path(__file__).parent
POSTS = HERE / "posts"
SEEDS = HERE.parent / "seeds"
UTC = dt.UTC


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> dt.datetime:
    """An aware UTC datetime."""
    return dt.datetime(year, month, day, hour, minute, second, us, tzinfo=UTC)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder, so a post written as `x.md` has the path `x.md`."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(name: str, content: str | bytes) -> Path:
    """Write a post in the current folder (text is written as UTF-8, newlines untouched)."""
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def only_problem(*paths: str | Path, **options: object) -> Problem:
    found = load_posts(paths, **options)  # type: ignore[arg-type]
    assert found.posts == ()
    (problem,) = found.problems
    return problem


# --- Front matter formats -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "day", "published", "url", "body_line", "some_meta"),
    [
        pytest.param(
            "yaml.md",
            "Summit recap: Paris",
            dt.date(2025, 4, 21),
            utc(2025, 4, 21, 17, 11, 25, 697000),
            "https://example.org/blog/summit%20recap",
            9,
            {"tags": ["summit", "paris"]},
            id="yaml",
        ),
        pytest.param(
            "toml.md",
            "TOML post",
            dt.date(2025, 6, 2),
            dt.datetime(2025, 6, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            "https://example.org/toml-post/",
            8,
            {"tags": ["hugo"], "slug": "toml-post"},
            id="toml",
        ),
        pytest.param(
            "json.md",
            "JSON post",
            dt.date(2025, 7, 3),
            utc(2025, 7, 3),
            "https://example.org/blog/json-post/",
            9,
            {"seo": {"canonical": "https://example.org/ignored/"}},
            id="json",
        ),
        pytest.param(
            "headers.md",
            "Pelican post",
            dt.date(2025, 8, 19),
            utc(2025, 8, 19, 10, 20),
            "https://example.org/pelican-post/",
            7,
            {"summary": "A summary that goes on\nover a second line.", "slug": "pelican-post"},
            id="pelican-headers",
        ),
        pytest.param(
            "2025-03-04-named-by-date.md",
            "Dated by its file name",
            dt.date(2025, 3, 4),
            utc(2025, 3, 4),
            None,
            4,
            {"title": "Dated by its file name"},
            id="yaml-date-from-file-name",
        ),
        pytest.param(
            "2025-05-06-prose-first.md",
            "2025-05-06-prose-first",
            dt.date(2025, 5, 6),
            utc(2025, 5, 6),
            None,
            1,
            {},
            id="prose-first-line-is-not-headers",
        ),
    ],
)
def test_each_front_matter_format_gives_a_post(
    name: str,
    title: str,
    day: dt.date,
    published: dt.datetime,
    url: str | None,
    body_line: int,
    some_meta: dict[str, object],
) -> None:
    post = load_post(POSTS / name, base_url="https://example.org/")
    assert post.path == (POSTS / name).as_posix()
    assert (post.title, post.date, post.published, post.url) == (title, day, published, url)
    assert post.published.tzinfo is not None
    assert post.body_line == body_line
    raw_lines = (POSTS / name).read_text(encoding="utf-8").split("\n")
    assert post.body.split("\n")[0] == raw_lines[body_line - 1] != ""
    assert isinstance(post.meta, MappingProxyType)
    assert some_meta.items() <= dict(post.meta).items()


def test_meta_holds_every_key_as_read() -> None:
    post = load_post(POSTS / "yaml.md")
    assert set(post.meta) == {"title", "date", "tags", "seo"}
    assert post.meta["date"] == utc(2025, 4, 21, 17, 11, 25, 697000)
    with pytest.raises(TypeError):
        post.meta["title"] = "changed"  # type: ignore[index]


def test_header_keys_are_lowercased() -> None:
    assert set(load_post(POSTS / "headers.md").meta) == {"title", "date", "summary", "slug"}


@pytest.mark.parametrize(
    ("text", "is_headers"),
    [
        ("Title: My post\nDate: 2026-08-19\n\nBody", True),
        ("date: 2026-08-19\n\nBody", True),
        ("Title: Only a title\n", True),
        ("Base Header Level: 2\nTitle: MultiMarkdown keys may hold spaces\n\nBody", True),
        ("Title: A long\n    title\n\nBody", True),
        ("Note: this is prose\n\nBody", False),
        ("Note: this is prose\nTitle: but the first line is prose\n\nBody", True),
        ("Title: a header then\nplain prose without a blank line\n", False),
        # Pelican and Python-Markdown: the headers end at the first line that is none
        ("title: CFP is open\nDate: 2024-02-28 21:32\nSlug: cfp\n[TOC]\n\nBody", True),
        ("    Title: indented\n\nBody", False),
        ("Title:no space after the colon\n\nBody", False),
        ("https://example.org: a link\n\nBody", False),
        ("# Title: a heading\n\nBody", False),
    ],
)
def test_header_block_is_detected_only_when_it_looks_like_headers(
    text: str, is_headers: bool
) -> None:
    assert HeaderHandler().detect(text) is is_headers


def test_header_handler_round_trips_through_python_frontmatter() -> None:
    handler = HeaderHandler()
    post = frontmatter.loads("Title: Round trip\nDate: 2025-01-02\n\nBody text.", handler=handler)
    assert post.metadata == {"title": "Round trip", "date": "2025-01-02"}
    assert post.content == "Body text."
    text = frontmatter.dumps(post, handler=handler)
    assert text == "Title: Round trip\nDate: 2025-01-02\n\nBody text."
    assert frontmatter.loads(text, handler=handler).metadata == post.metadata


# --- Body line -----------------------------------------------------------------------------------

BODY_LINE_CASES = {
    "yaml": ("---\ntitle: t\ndate: 2025-01-01\n---\nBody\n", 5),
    "yaml, blank lines after": ("---\ndate: 2025-01-01\n---\n\n\n\nBody\n", 7),
    "yaml, blank lines before": ("\n\n---\ndate: 2025-01-01\n---\nBody\n", 6),
    "yaml, spaces after closing": ("---\ndate: 2025-01-01\n---   \n  \t\nBody\n", 5),
    "yaml, indented first line": ("---\ndate: 2025-01-01\n---\n\n    code block\nmore\n", 5),
    "yaml, --- later in body": ("---\ndate: 2025-01-01\n---\nBody\n\n---\n\nafter rule\n", 4),
    "yaml, longer delimiters": ("-----\ndate: 2025-01-01\n-----\nBody\n", 4),
    "yaml, CRLF": ("---\r\ndate: 2025-01-01\r\n---\r\n\r\nBody\r\n", 5),
    "yaml, lone CR": ("---\rdate: 2025-01-01\r---\r\rBody\r", 5),
    "yaml, BOM": ("\ufeff---\ndate: 2025-01-01\n---\n\nBody\n", 5),
    "toml": ("+++\ndate = 2025-01-01\n+++\n\nBody\n", 5),
    "json": ('{\n"date": "2025-01-01"\n}\nBody\n', 4),
    "headers": ("Date: 2025-01-01\nTitle: t\n\n\nBody\n", 5),
    "no front matter": ("\n\n# Heading\n", 3),
}


@pytest.mark.parametrize(("text", "body_line"), BODY_LINE_CASES.values(), ids=list(BODY_LINE_CASES))
def test_body_line_is_the_raw_file_line_the_body_starts_on(
    here: Path, text: str, body_line: int
) -> None:
    post = load_post(write("2025-01-01-x.md", text))
    assert post.body_line == body_line
    raw = text.encode().replace(b"\r\n", b"\n").replace(b"\r", b"\n").decode("utf-8-sig")
    raw_lines = raw.split("\n")
    assert post.body.split("\n")[0] == raw_lines[body_line - 1]
    assert post.body == "\n".join(raw_lines[body_line - 1 :])


def test_later_body_lines_keep_their_file_line_numbers(here: Path) -> None:
    text = "---\ndate: 2025-01-01\n---\n\n\n# One\n\ntext\n\n# Two\n"
    post = load_post(write("x.md", text))
    body_lines = post.body.split("\n")
    two = body_lines.index("# Two") + post.body_line
    assert text.split("\n")[two - 1] == "# Two"
    assert two == 10


# --- Dates ---------------------------------------------------------------------------------------

MINUS_5 = dt.timezone(dt.timedelta(hours=-5))
PLUS_2 = dt.timezone(dt.timedelta(hours=2))


@pytest.mark.parametrize(
    ("name", "front_matter", "day", "published"),
    [
        pytest.param(
            "x.md",
            "date: 2025-04-21T17:11:25.697Z",
            dt.date(2025, 4, 21),
            utc(2025, 4, 21, 17, 11, 25, 697000),
            id="yaml-timestamp-with-Z",
        ),
        pytest.param(
            "x.md", "date: 2025-04-21", dt.date(2025, 4, 21), utc(2025, 4, 21), id="yaml-date"
        ),
        pytest.param(
            "x.md",
            'datetime: "2025-04-10T00:36:54Z"',
            dt.date(2025, 4, 10),
            utc(2025, 4, 10, 0, 36, 54),
            id="zola-datetime",
        ),
        pytest.param(
            "x.md",
            "pubDatetime: 2025-04-10",
            dt.date(2025, 4, 10),
            utc(2025, 4, 10),
            id="astro-pubDatetime",
        ),
        pytest.param(
            "x.md",
            'date: "2025-04-21T17:11:25.697Z"',
            dt.date(2025, 4, 21),
            utc(2025, 4, 21, 17, 11, 25, 697000),
            id="string-iso-with-Z",
        ),
        pytest.param(
            "x.md",
            'date: "2025-04-21 17:11"',
            dt.date(2025, 4, 21),
            utc(2025, 4, 21, 17, 11),
            id="naive-string-means-UTC",
        ),
        pytest.param(
            "x.md",
            'date: "2025-04-21"',
            dt.date(2025, 4, 21),
            utc(2025, 4, 21),
            id="string-day-means-midnight-UTC",
        ),
        pytest.param(
            "x.md",
            "date: 2025-04-21T23:30:00-05:00",
            dt.date(2025, 4, 21),
            dt.datetime(2025, 4, 21, 23, 30, tzinfo=MINUS_5),
            id="day-as-written-not-in-UTC",
        ),
        pytest.param(
            "x.md",
            "date: 2016-01-01 12:00:00 -0500",
            dt.date(2016, 1, 1),
            dt.datetime(2016, 1, 1, 12, tzinfo=MINUS_5),
            id="jekyll-style-offset",
        ),
        pytest.param(
            "x.md",
            "date: 2025-04-21 10:00 UTC",
            dt.date(2025, 4, 21),
            utc(2025, 4, 21, 10),
            id="UTC-suffix",
        ),
        pytest.param(
            "x.md", "date: August 5, 2025", dt.date(2025, 8, 5), utc(2025, 8, 5), id="month-name"
        ),
        pytest.param(
            "x.md",
            "date: 2016-08-5 11:50:20",
            dt.date(2016, 8, 5),
            utc(2016, 8, 5, 11, 50, 20),
            id="one-digit-day",
        ),
        pytest.param(
            "x.md", "date: Sept. 5th 2025", dt.date(2025, 9, 5), utc(2025, 9, 5), id="abbreviated"
        ),
        pytest.param(
            "x.md",
            'date: "2018-02-28 09:30:00 -0500 EST"',
            dt.date(2018, 2, 28),
            dt.datetime(2018, 2, 28, 9, 30, tzinfo=MINUS_5),
            id="go-time-string",
        ),
        pytest.param(
            "x.md",
            'date: "Wed, 28 Feb 2018 10:00:00 +0000"',
            dt.date(2018, 2, 28),
            utc(2018, 2, 28, 10),
            id="rfc-2822",
        ),
        pytest.param(
            "x.md", "date: 5 Aug 2025", dt.date(2025, 8, 5), utc(2025, 8, 5), id="day-month-year"
        ),
        pytest.param(
            "x.md",
            "datePublished: Tue Jul 11 2023 07:23:12 GMT+0000 (Coordinated Universal Time)",
            dt.date(2023, 7, 11),
            utc(2023, 7, 11, 7, 23, 12),
            id="javascript-date-string",
        ),
        pytest.param(
            "x.md",
            'date: "2013-11-23 (Sat)"',
            dt.date(2013, 11, 23),
            utc(2013, 11, 23),
            id="weekday-in-parentheses",
        ),
        pytest.param(
            "x.md",
            "date: 08-02-21 15:00",
            dt.date(2021, 8, 2),
            utc(2021, 8, 2, 15),
            id="two-digit-year-month-first",
        ),
        pytest.param(
            "x.md", "Date: 2025-02-03", dt.date(2025, 2, 3), utc(2025, 2, 3), id="key-any-case"
        ),
        pytest.param(
            "x.md",
            "published: 2025-02-03",
            dt.date(2025, 2, 3),
            utc(2025, 2, 3),
            id="published-as-a-date",
        ),
        pytest.param(
            "x.md",
            "date: 2025-02-03\npublished: 2024-01-01",
            dt.date(2025, 2, 3),
            utc(2025, 2, 3),
            id="date-before-published",
        ),
        pytest.param(
            "2024-12-31-x.md",
            "date: 2025-02-03",
            dt.date(2025, 2, 3),
            utc(2025, 2, 3),
            id="front-matter-before-file-name",
        ),
        pytest.param(
            "2024-12-31-x.md",
            "title: t",
            dt.date(2024, 12, 31),
            utc(2024, 12, 31),
            id="file-name-prefix",
        ),
        pytest.param(
            "2024-12-31.md", "title: t", dt.date(2024, 12, 31), utc(2024, 12, 31), id="file-name"
        ),
        pytest.param(
            "2024/02/13/index.md",
            "title: t",
            dt.date(2024, 2, 13),
            utc(2024, 2, 13),
            id="year-month-day-folders",
        ),
        pytest.param(
            "news/2019-03-05/index.md",
            "title: t",
            dt.date(2019, 3, 5),
            utc(2019, 3, 5),
            id="dated-folder",
        ),
        pytest.param(
            "x.md",
            "published_at: 2025-02-03T10:00:00Z",
            dt.date(2025, 2, 3),
            utc(2025, 2, 3, 10),
            id="published-at",
        ),
        pytest.param(
            "2024-12-31-x.md",
            "date:\npublished: true",
            dt.date(2024, 12, 31),
            utc(2024, 12, 31),
            id="empty-date-and-published-flag-fall-through",
        ),
    ],
)
def test_post_date(
    here: Path, name: str, front_matter: str, day: dt.date, published: dt.datetime
) -> None:
    post = load_post(write(name, f"---\n{front_matter}\n---\nBody\n"))
    assert (post.date, post.published) == (day, published)
    assert post.published.utcoffset() == published.utcoffset()


@pytest.mark.parametrize(
    ("text", "day", "published"),
    [
        ("+++\ndate = 2025-06-02T09:30:00+02:00\n+++\n", dt.date(2025, 6, 2), (9, 30, PLUS_2)),
        ("+++\ndate = 2025-06-02T09:30:00\n+++\n", dt.date(2025, 6, 2), (9, 30, UTC)),
        ("+++\ndate = 2025-06-02\n+++\n", dt.date(2025, 6, 2), (0, 0, UTC)),
        ('{\n"date": "2025-06-02T09:30:00Z"\n}\n', dt.date(2025, 6, 2), (9, 30, UTC)),
        ("Date: 2025-06-02 09:30\n\n", dt.date(2025, 6, 2), (9, 30, UTC)),
    ],
    ids=["toml-offset", "toml-local", "toml-date", "json-string", "header-string"],
)
def test_post_date_in_other_formats(
    here: Path, text: str, day: dt.date, published: tuple[int, int, dt.tzinfo]
) -> None:
    post = load_post(write("x.md", text + "Body\n"))
    hour, minute, zone = published
    assert post.date == day
    assert post.published == dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


# --- Titles and URLs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front_matter", "title"),
    [
        ("title: A title", "A title"),
        ("Title: Any case", "Any case"),
        ("title: >\n  Folded over\n  two lines", "Folded over two lines"),
        ("title: 2025", "2025"),
        ("title:", "no-title"),
        ("tags: []", "no-title"),
    ],
)
def test_title_from_front_matter_else_file_stem(here: Path, front_matter: str, title: str) -> None:
    post = load_post(write("no-title.md", f"---\ndate: 2025-01-01\n{front_matter}\n---\nBody\n"))
    assert post.title == title


@pytest.mark.parametrize(
    ("front_matter", "base_url", "url"),
    [
        ("url: https://a.example/x", None, "https://a.example/x"),
        ("permalink: https://a.example/p", None, "https://a.example/p"),
        ("link: https://a.example/l", None, "https://a.example/l"),
        ("seo:\n  url: https://a.example/s", None, "https://a.example/s"),
        ("seo:\n  canonical: https://a.example/c", None, "https://a.example/c"),
        ("SEO:\n  URL: https://a.example/s", None, "https://a.example/s"),
        ("url: https://a.example/u\nseo:\n  url: https://a.example/s", None, "https://a.example/u"),
        ("url: ''\npermalink: https://a.example/p", None, "https://a.example/p"),
        ("slug: my-post", "https://site.example", "https://site.example/my-post/"),
        ("slug: /my-post/", "https://site.example/blog/", "https://site.example/blog/my-post/"),
        ("slug: my-post", None, "/my-post/"),
        ("url: blog/post/", "https://site.example/en", "https://site.example/en/blog/post/"),
        ("url: /blog/post/", "https://site.example/", "https://site.example/blog/post/"),
        ("url: /blog/post/", None, "/blog/post/"),
        ("url: //cdn.example/x", "https://site.example/", "//cdn.example/x"),
        ("url: https://a.example/september -2025", None, "https://a.example/september%20-2025"),
        ("url: https://a.example/a%20b", None, "https://a.example/a%20b"),
        ("url: https://a.example/100% sure", None, "https://a.example/100%25%20sure"),
        (
            "url: https://a.example/café?q=a b#frag",
            None,
            "https://a.example/caf%C3%A9?q=a%20b#frag",
        ),
        ("slug: my post", "https://site.example", "https://site.example/my%20post/"),
        ("url: mailto:someone@example.org", "https://site.example", "mailto:someone@example.org"),
        ("title: no URL", "https://site.example", None),
    ],
)
def test_post_url(here: Path, front_matter: str, base_url: str | None, url: str | None) -> None:
    text = f"---\ndate: 2025-01-01\n{front_matter}\n---\nBody\n"
    assert load_post(write("x.md", text), base_url=base_url).url == url


@pytest.mark.parametrize(
    ("url", "encoded"),
    [
        ("https://a.example/a b", "https://a.example/a%20b"),
        ("https://a.example/a%20b", "https://a.example/a%20b"),
        ("https://a.example/p?x=1&y=[2]#top", "https://a.example/p?x=1&y=[2]#top"),
        ('https://a.example/<tag>"', "https://a.example/%3Ctag%3E%22"),
        ("https://user@a.example:8080/~me/(x)", "https://user@a.example:8080/~me/(x)"),
    ],
)
def test_percent_encode_keeps_reserved_characters_and_existing_escapes(
    url: str, encoded: str
) -> None:
    assert percent_encode(url) == encoded
    assert percent_encode(encoded) == encoded


# --- Drafts and skip_when ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front_matter", "drafts", "skip_when", "reason"),
    [
        ("draft: true", False, (), "draft"),
        ("draft: yes", False, (), "draft"),
        ("draft: 'True'", False, (), "draft"),
        ("draft: 'yes'", False, (), "draft"),
        ("Draft: true", False, (), "draft"),
        ("draft: false", False, (), None),
        ("draft: 'no'", False, (), None),
        ("published: false", False, (), "draft"),
        ("published: 'no'", False, (), "draft"),
        ("published: true", False, (), None),
        ("published: 2025-01-01", False, (), None),
        ("draft: true", True, (), None),
        ("published: false", True, (), None),
        ("hidePost: true", False, (("hidePost", "true"),), "hidePost=true"),
        ("hidepost: True", False, (("HIDEPOST", "TRUE"),), "HIDEPOST=TRUE"),
        ("hidePost: 'yes'", False, (("hidePost", "yes"),), "hidePost=yes"),
        ("hidePost: false", False, (("hidePost", "true"),), None),
        ("author: Ann Example", False, (("author", "ann example"),), "author=ann example"),
        (
            "status: archived",
            False,
            (("hidePost", "true"), ("status", "archived")),
            "status=archived",
        ),
        ("seo:\n  hide: true", False, (("seo.hide", "true"),), "seo.hide=true"),
        ("title: t", False, (("hidePost", "true"),), None),
        ("draft: true\nhidePost: true", False, (("hidePost", "true"),), "draft"),
        ("draft: true\nhidePost: true", True, (("hidePost", "true"),), "hidePost=true"),
    ],
)
def test_drafts_and_skip_when(
    here: Path,
    front_matter: str,
    drafts: bool,
    skip_when: tuple[tuple[str, str], ...],
    reason: str | None,
) -> None:
    write("x.md", f"---\ndate: 2025-01-01\n{front_matter}\n---\nBody\n")
    found = load_posts(["x.md"], drafts=drafts, skip_when=skip_when)
    assert found.problems == ()
    assert found.events == ()
    if reason is None:
        assert [post.path for post in found.posts] == ["x.md"]
        assert found.skipped == ()
    else:
        assert found.posts == ()
        assert found.skipped == (Skipped("x.md", reason),)


def test_a_draft_is_skipped_before_its_date_is_needed(here: Path) -> None:
    write("x.md", "---\ndraft: true\n---\nNo date yet.\n")
    found = load_posts(["x.md"])
    assert (found.posts, found.problems) == ((), ())
    assert found.skipped == (Skipped("x.md", "draft"),)
    assert [str(p) for p in load_posts(["x.md"], drafts=True).problems] == [
        "x.md: no date in front matter or file name"
    ]


# --- Errors --------------------------------------------------------------------------------------

ERRORS = {
    "no date": (
        "---\ntitle: t\n---\nBody\n",
        "x.md: no date in front matter or file name",
    ),
    "no front matter, no date": ("Just text.\n", "x.md: no date in front matter or file name"),
    "unparseable date": ('---\ntitle: t\ndate: "soon"\n---\n', 'x.md:3: date "soon" is not a date'),
    "date that is a number": ("---\ndate: 2025\n---\n", "x.md:2: date 2025 is not a date"),
    "date that is a list": ("---\ndate: [1]\n---\n", "x.md:2: date [1] is not a date"),
    "impossible day": ('---\ndate: "2025-02-30"\n---\n', 'x.md:2: date "2025-02-30" is not a date'),
    "date key in other case": ("---\nDATE: soon\n---\n", 'x.md:2: DATE "soon" is not a date'),
    "header date": (
        "Title: t\nDate: next week\n\nBody\n",
        'x.md:2: date "next week" is not a date',
    ),
    "json date": ('{\n  "date": "soon"\n}\n', 'x.md:2: date "soon" is not a date'),
    "toml date": ('+++\ndate = "soon"\n+++\n', 'x.md:2: date "soon" is not a date'),
    "published neither": (
        "---\npublished: maybe\n---\n",
        'x.md:2: published "maybe" is neither a date nor true or false',
    ),
    "draft not a flag": ("---\ndraft: maybe\n---\n", 'x.md:2: draft "maybe" is not true or false'),
    "title not text": (
        "---\ntitle: [a, b]\ndate: 2025-01-01\n---\n",
        'x.md:2: title ["a", "b"] is not text',
    ),
    "url not text": (
        "---\ndate: 2025-01-01\nseo:\n  url: 5\n---\n",
        "x.md: seo.url 5 is not a URL",
    ),
    "yaml not closed": (
        "---\ntitle: t\ndate: 2025-01-01\nBody\n",
        'x.md:1: front matter is not closed: no closing "---" line',
    ),
    "yaml not closed, after blank lines": (
        "\n\n---\ntitle: t\n",
        'x.md:3: front matter is not closed: no closing "---" line',
    ),
    "toml not closed": (
        "+++\ndate = 2025-01-01\n",
        'x.md:1: front matter is not closed: no closing "+++" line',
    ),
    "json not closed": (
        '{\n"date": "2025-01-01"\n',
        'x.md:1: front matter is not closed: no closing "}" line',
    ),
    "invalid yaml indentation": (  # its plain lines hold no date
        "---\ntitle: t\n  date: 2025-01-01\n---\n",
        "x.md:3: invalid YAML front matter: mapping values are not allowed in this context",
    ),
    "yaml timestamp out of range": (
        "---\ndate: 2025-02-30\n---\n",
        'x.md:2: date "2025-02-30" is not a date',
    ),
    "yaml timestamp with month 13": (
        "---\ntitle: t\ndate: 2025-13-45\n---\n",
        'x.md:3: date "2025-13-45" is not a date',
    ),
    "year 0": ("---\ndate: 0000-01-01\n---\n", 'x.md:2: date "0000-01-01" is not a date'),
    "year 1": (
        "---\ndate: 0001-01-01\n---\n",
        'x.md:2: date "0001-01-01" is out of range (years 1900 to 2999)',
    ),
    "year 99999": ("---\ndate: 99999-01-01\n---\n", 'x.md:2: date "99999-01-01" is not a date'),
    "duplicate yaml key": (
        "---\ndate: 2025-01-01\ntitle: a\ndate: 2025-02-02\n---\n",
        'x.md:4: invalid YAML front matter: duplicate key "date"',
    ),
    "duplicate json key": (
        '{\n"date": "2025-01-01",\n"title": "a",\n"date": "2025-02-02"\n}\n',
        'x.md:4: invalid JSON front matter: duplicate key "date"',
    ),
    "duplicate toml key": (
        "+++\ndate = 2025-01-01\ndate = 2025-02-02\n+++\n",
        "x.md:3: invalid TOML front matter: Cannot overwrite a value",
    ),
    "duplicate header key": (
        "Title: a\nDate: 2025-01-01\nTitle: b\n\nBody\n",
        'x.md:3: invalid header front matter: duplicate key "Title"',
    ),
    "unsafe yaml tag": (
        "---\ntitle: t\nx: !!python/object/apply:os.system ['true']\n---\n",
        'x.md:3: invalid YAML front matter: tag "!!python/object/apply:os.system" is not allowed',
    ),
    "invalid toml": (
        "+++\ntitle = 't'\ndate = \n+++\n",
        "x.md:3: invalid TOML front matter: Invalid value",
    ),
    "invalid json": (
        '{\n"title": "t"\n"date": "2025-01-01"\n}\n',
        "x.md:3: invalid JSON front matter: Expecting ',' delimiter",
    ),
    "yaml list": ("---\n- a\n- b\n---\n", "x.md:1: front matter is a list, not a mapping"),
    "yaml string": ("---\njust words\n---\n", "x.md:1: front matter is a string, not a mapping"),
    "binary": (b"---\ndate: 2025-01-01\n---\n\x00\x01", "x.md: binary file"),
    "utf-16 without a byte order mark": (
        "---\ndate: 2025-01-01\n---\n".encode("utf-16-le"),
        "x.md: binary file",
    ),
    "control bytes and not UTF-8": (b"---\ndate: 2025-01-01\n---\n\x01\xff", "x.md: binary file"),
    "utf-16 with bad bytes": (
        b"\xff\xfe-\x00-\x00-\x00\n\x00\x00\xd8",
        "x.md: not UTF-16 text (bad bytes at offset 10)",
    ),
    "empty": ("", "x.md: empty file"),
    "only blank lines": ("\ufeff\r\n \n\t\n", "x.md: empty file"),
}


@pytest.mark.parametrize(("content", "message"), ERRORS.values(), ids=list(ERRORS))
def test_error_messages(here: Path, content: str | bytes, message: str) -> None:
    write("x.md", content)
    assert str(only_problem("x.md")) == message
    with pytest.raises(PostError) as raised:
        load_post("x.md")
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("content", "warning"),
    [
        pytest.param(
            "---\ndate: 2025-01-01\ntitle: café\n---\nBody\n".encode("latin-1"),
            "x.md:3: not UTF-8 text (byte 0xe9 at offset 31); read as Windows-1252 (Latin-1)",
            id="latin-1",
        ),
        pytest.param(
            b"\xef\xbb\xbf---\r\ndate: 2025-01-01\r\ntitle: caf\xe9\r\n---\r\nBody\r\n",
            "x.md:3: not UTF-8 text (byte 0xe9 at offset 36); read as Windows-1252 (Latin-1)",
            id="latin-1-after-a-utf-8-bom",
        ),
        pytest.param(
            "---\ndate: 2025-01-01\ntitle: café “quoted”\n---\nBody\n".encode("cp1252"),
            "x.md:3: not UTF-8 text (byte 0xe9 at offset 31); read as Windows-1252 (Latin-1)",
            id="windows-1252",
        ),
    ],
)
def test_latin_1_is_read_with_a_warning(here: Path, content: bytes, warning: str) -> None:
    write("x.md", content)
    found = load_posts(["x.md"])
    assert found.problems == ()
    assert [str(w) for w in found.warnings] == [warning]
    (post,) = found.posts
    assert post.title.startswith("café") and post.body == "Body\n"


@pytest.mark.parametrize(
    ("front", "title", "warning"),
    [
        pytest.param(
            'date: 2020-10-13\ntitle: Ringvorlesung Klima: "Wandel, Werte, Wissenschaft"\n',
            'Ringvorlesung Klima: "Wandel, Werte, Wissenschaft"',
            "x.md:3: invalid YAML front matter: mapping values are not allowed in this context",
            id="a colon in a value",
        ),
        pytest.param(
            "title: 'Tools'\ntags: [a, b\ndate: 2025-01-01\n",
            "Tools",
            "x.md:4: invalid YAML front matter: did not find expected ',' or ']'",
            id="an unclosed list",
        ),
    ],
)
def test_yaml_that_does_not_parse_is_read_as_plain_lines_with_a_warning(
    here: Path, front: str, title: str, warning: str
) -> None:
    write("x.md", f"---\n{front}---\nBody\n")
    found = load_posts(["x.md"])
    assert found.problems == ()
    assert [str(w) for w in found.warnings] == [
        f"{warning}; read its `key: value` lines as plain text"
    ]
    (post,) = found.posts
    assert (post.title, post.body) == (title, "Body\n")


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"], ids=str
)
def test_a_byte_order_mark_says_the_encoding(here: Path, encoding: str) -> None:
    text = "---\r\ndate: 2025-01-01\r\ntitle: Ünïcödé 東京\r\n---\r\n\r\nBody\r\n"
    data = text.encode(encoding)
    if encoding.endswith("-be"):
        data = ("\ufeff" + text).encode(encoding)
    found = load_posts([write("x.md", data)])
    assert (found.problems, found.warnings) == ((), ())
    (post,) = found.posts
    assert (post.title, post.body, post.body_line) == ("Ünïcödé 東京", "Body\n", 6)


def test_unsafe_yaml_is_never_executed(here: Path) -> None:
    marker = here / "executed"
    write("x.md", f"---\nx: !!python/object/apply:os.system ['touch {marker}']\n---\n")
    assert "is not allowed" in str(only_problem("x.md"))
    assert not marker.exists()


def test_a_missing_file_cannot_be_read(here: Path) -> None:
    assert str(only_problem("gone.md")) == "gone.md: cannot read: No such file or directory"


def test_a_dangling_symlink_cannot_be_read(here: Path) -> None:
    os.symlink("nowhere.md", "dangling.md")
    expected = "dangling.md: cannot read: No such file or directory"
    assert str(only_problem("dangling.md")) == expected
    os.mkdir("folder")
    os.symlink("../nowhere.md", "folder/dangling.md")
    assert (
        str(only_problem("folder")) == "folder/dangling.md: cannot read: No such file or directory"
    )


def test_load_post_on_a_folder_cannot_read_it(here: Path) -> None:
    os.mkdir("folder.md")
    with pytest.raises(PostError, match=r"^folder.md: cannot read: Is a directory$"):
        load_post("folder.md")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file_cannot_be_read(here: Path) -> None:
    write("x.md", "---\ndate: 2025-01-01\n---\n").chmod(0)
    assert str(only_problem("x.md")) == "x.md: cannot read: Permission denied"


def test_a_bom_is_not_part_of_the_text(here: Path) -> None:
    post = load_post(write("x.md", "\ufeff---\ntitle: t\ndate: 2025-01-01\n---\nBody\n"))
    assert (post.title, post.body) == ("t", "Body\n")


def test_one_bad_post_does_not_stop_the_others(here: Path) -> None:
    write("posts/a.md", "---\ndate: 2025-01-01\n---\nA\n")
    write("posts/b.md", "---\ndate: soon\n---\nB\n")
    write("posts/c.md", b"\x00binary")
    write("posts/d.md", "---\ndate: 2025-01-04\n---\nD\n")
    found = load_posts(["posts"])
    assert [post.path for post in found.posts] == ["posts/a.md", "posts/d.md"]
    assert [str(problem) for problem in found.problems] == [
        'posts/b.md:2: date "soon" is not a date',
        "posts/c.md: binary file",
    ]
    assert found.problems[0] == Problem("posts/b.md", 'date "soon" is not a date', 2)


# --- Finding files -------------------------------------------------------------------------------


def test_folders_are_read_recursively_in_path_order(here: Path) -> None:
    post = "---\ndate: 2025-01-01\n---\nBody\n"
    for name in [
        "site/b.md",
        "site/a.markdown",
        "site/a/z.md",
        "site/a-b.md",
        "site/UPPER.MD",
        "site/notes.txt",
        "site/.hidden.md",
        "site/.git/x.md",
        "site/dir.md/inner.md",
    ]:
        write(name, post)
    found = load_posts(["site"])
    assert found.problems == ()
    assert [p.path for p in found.posts] == [
        "site/UPPER.MD",
        "site/a/z.md",
        "site/a-b.md",
        "site/a.markdown",
        "site/b.md",
        "site/dir.md/inner.md",
    ]


def test_a_file_given_by_name_is_read_whatever_its_suffix(here: Path) -> None:
    write("notes.txt", "---\ndate: 2025-01-01\n---\nBody\n")
    assert [p.path for p in load_posts(["notes.txt"]).posts] == ["notes.txt"]


def test_paths_keep_the_given_order_and_each_file_is_read_once(here: Path) -> None:
    write("site/a.md", "---\ndate: 2025-01-01\n---\n")
    write("z.md", "---\ndate: 2025-01-01\n---\n")
    found = load_posts(["z.md", Path("site"), "./site/a.md", "z.md"])
    assert [p.path for p in found.posts] == ["z.md", "site/a.md"]


@pytest.mark.parametrize("given", ["tests/posts/yaml.md", Path("tests", "posts", "yaml.md")])
def test_post_path_is_the_path_as_given_in_posix_form(
    given: str | Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(HERE.parent)
    assert load_post(given).path == "tests/posts/yaml.md"
    assert [p.path for p in load_posts(["tests/posts/"]).posts][-1] == "tests/posts/yaml.md"


# --- The seed posts ------------------------------------------------------------------------------

SEED_DATES = {
    "inside-open-infrastructure-april-2025.md": (
        utc(2025, 4, 21, 17, 11, 25, 697000),
        "https://openinfra.dev/blog/openinfra-newsletter-april-2025",
    ),
    "inside-open-infrastructure-august-2025.md": (
        utc(2025, 8, 5, 16, 6, 29, 918000),
        "https://openinfra.dev/blog/openinfra-newsletter-august-2025",
    ),
    "inside-open-infrastructure-december-2025.md": (
        utc(2025, 12, 2, 19, 51, 43, 230000),
        "https://openinfra.org/blog/openinfra-newsletter-december-2025",
    ),
    "inside-open-infrastructure-october-2025.md": (
        utc(2025, 11, 5, 16, 31, 57, 306000),
        "https://openinfra.org/blog/openinfra-newsletter-october-2025",
    ),
    "inside-open-infrastructure-september-2025.md": (
        utc(2025, 9, 30, 21, 36, 39, 20000),
        "https://openinfra.dev/blog/openinfra-newsletter-september%20-2025",
    ),
}


def test_the_seeds_load_with_their_dates_and_seo_urls() -> None:
    found = load_posts([SEEDS])
    assert (found.problems, found.skipped) == ((), ())
    assert [post.name for post in found.posts] == sorted(SEED_DATES)
    for post in found.posts:
        published, url = SEED_DATES[post.name]
        assert (post.date, post.published, post.url) == (published.date(), published, url)
        assert post.title.startswith("Inside Open Infrastructure: ")
        assert post.body_line == (17 if "april" in post.name else 16)
        assert post.body.startswith("![](/img/")


def test_seeds_marked_hide_post_are_skipped_on_request() -> None:
    found = load_posts([SEEDS], skip_when=[("hidePost", "true")])
    assert [post.name for post in found.posts] == [
        "inside-open-infrastructure-august-2025.md",
        "inside-open-infrastructure-september-2025.md",
    ]
    assert [(Path(s.path).name, s.reason) for s in found.skipped] == [
        ("inside-open-infrastructure-april-2025.md", "hidePost=true"),
        ("inside-open-infrastructure-december-2025.md", "hidePost=true"),
        ("inside-open-infrastructure-october-2025.md", "hidePost=true"),
    ]


def test_a_second_front_matter_block_joins_the_first(here: Path) -> None:
    """A `date:` block put on top of a post's own front matter: both are read, the first wins."""
    write(
        "x.md",
        "---\ndate: 2019-02-26\n---\n---\ntitle: Open Data Day\ndate: 2001-01-01\n---\n\nBody\n",
    )
    (post,) = load_posts(["x.md"]).posts
    assert (post.title, post.date, post.body, post.body_line) == (
        "Open Data Day",
        dt.date(2019, 2, 26),
        "Body\n",
        9,
    )


def test_a_second_block_that_is_no_mapping_stays_in_the_body(here: Path) -> None:
    write("x.md", "---\ndate: 2019-02-26\n---\n---\njust words\n---\nBody\n")
    (post,) = load_posts(["x.md"]).posts
    assert post.body.startswith("---\njust words")
