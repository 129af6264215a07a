"""Site settings from eventfeed.toml or [tool.eventfeed]: found beside the posts, every key
checked, each overridable by a flag, shown by --print-settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from feeds.cli import main
from feeds.config import ConfigError, find_config, load_settings, parse_duration

POST = """\
---
title: News
date: 2025-09-01
---
# Upcoming Events

* OpenInfra Days Europe - October 14-15, 2025 - Paris, France
"""

FULL = """\
title = "Community calendar"
description = "What is coming up"
base_url = "https://example.org/events/"
timezone = "Europe/Paris"
alarms = ["2d", "3h"]
refresh = "6h"
month_items = false
drafts = true
skip_when = { hidePost = true }

[organizer]
name = "Events Team"
email = "events@example.org"

[categories]
"Upcoming Events" = "Community"
"""


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # the search for a settings file stops here
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "news.md").write_text(POST, encoding="utf-8")
    return posts


def test_every_key_of_a_full_file_is_read(site: Path) -> None:
    (site / "eventfeed.toml").write_text(FULL, encoding="utf-8")
    loaded = load_settings([site])
    s = loaded.settings
    assert (s.title, s.description, s.base_url, s.timezone) == (
        "Community calendar",
        "What is coming up",
        "https://example.org/events/",
        "Europe/Paris",
    )
    assert s.alarms == (dt.timedelta(days=2), dt.timedelta(hours=3))
    assert s.refresh == dt.timedelta(hours=6)
    assert (s.month_items, s.drafts) == (False, True)
    assert s.skip_when == (("hidePost", "true"),)
    assert (s.organizer_name, s.organizer_email) == ("Events Team", "events@example.org")
    assert dict(s.categories) == {"Upcoming Events": "Community"}
    assert loaded.origins["title"] == str(site / "eventfeed.toml")
    assert loaded.origins["now"] == "default"


def test_the_file_is_found_in_a_parent_folder_and_pyproject_counts(site: Path) -> None:
    (site.parent / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.eventfeed]\ntitle = "From pyproject"\n', encoding="utf-8"
    )
    assert find_config([site / "news.md"]) == (site.parent / "pyproject.toml", True)
    assert load_settings([site]).settings.title == "From pyproject"
    (site / "eventfeed.toml").write_text('title = "Own file"\n', encoding="utf-8")
    assert load_settings([site]).settings.title == "Own file"


def test_a_pyproject_without_the_table_is_not_a_settings_file(site: Path) -> None:
    (site.parent / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config([site]) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('titel = "x"\n', "unknown key 'titel' (known keys: alarms, base_url,"),
        (
            '[organizer]\nmail = "a@b.org"\n',
            "unknown key 'organizer.mail' (known keys: email, name)",
        ),
        ("title = 3\n", "title: expected a string, got 3"),
        ('timezone = "Mars/Olympus"\n', "timezone: 'Mars/Olympus' is not an IANA time zone"),
        ('base_url = "example.org"\n', "base_url: 'example.org' is not an absolute http(s) URL"),
        ('alarms = ["soon"]\n', "alarms: 'soon' is not a duration like 7d, 12h or 30m"),
        ('month_items = "no"\n', "month_items: expected true or false, got 'no'"),
        ('[organizer]\nemail = "nobody"\n', "organizer.email: 'nobody' is not an e-mail address"),
        ("title = \n", "invalid TOML: "),
    ],
)
def test_a_bad_settings_file_is_a_usage_error_naming_file_and_key(
    site: Path, text: str, message: str
) -> None:
    (site / "eventfeed.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="^" + str(site / "eventfeed.toml")):
        load_settings([site])
    result = invoke("build", str(site), "--out", "public")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {site / 'eventfeed.toml'}: ")
    assert message in result.stderr
    assert not Path("public").exists()


def test_unknown_keys_in_tool_eventfeed_name_the_table(site: Path) -> None:
    (site / "pyproject.toml").write_text('[tool.eventfeed]\ncolour = "red"\n', encoding="utf-8")
    result = invoke("build", str(site))
    assert result.exit_code == 2
    assert "unknown key 'tool.eventfeed.colour'" in result.stderr


def test_flags_override_the_file_and_print_settings_says_where_each_came_from(
    site: Path,
) -> None:
    (site / "eventfeed.toml").write_text(FULL, encoding="utf-8")
    result = invoke(
        "build", str(site), "--title", "Flag title", "--alarm", "1d", "--print-settings"
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert 'title = "Flag title"  # flag' in lines
    assert 'alarms = ["1d"]  # flag' in lines
    assert f'timezone = "Europe/Paris"  # {site / "eventfeed.toml"}' in lines
    assert 'skip_when = { "hidePost" = "true" }  # ' + str(site / "eventfeed.toml") in lines
    assert '"Upcoming Events" = "Community"' in lines
    assert not Path("public").exists()  # --print-settings builds nothing


def test_print_settings_without_a_file_shows_the_defaults(site: Path) -> None:
    result = invoke("export", str(site), "--format", "ics", "--print-settings")
    assert result.exit_code == 0
    assert 'title = "eventfeed"  # default' in result.stdout.splitlines()
    assert 'alarms = ["7d", "1d"]  # default' in result.stdout.splitlines()


def test_the_settings_reach_the_calendar(site: Path) -> None:
    (site / "eventfeed.toml").write_text(FULL, encoding="utf-8")
    result = invoke("build", str(site), "--out", "public", "--now", "2025-12-15T00:00:00+00:00")
    assert result.exit_code == 0, result.stderr
    ics = Path("public/calendar.ics").read_text(encoding="utf-8")
    assert "X-WR-CALNAME:Community calendar" in ics
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in ics
    assert 'ORGANIZER;CN="Events Team":mailto:events@example.org' in ics
    assert "CATEGORIES:Event,Community" in ics
    assert Path("public/categories/community.ics").is_file()
    assert "https://example.org/events/rss.xml" in Path("public/rss.xml").read_text("utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", dt.timedelta(days=7)),
        ("12h", dt.timedelta(hours=12)),
        ("2w", dt.timedelta(14)),
        ("30m", dt.timedelta(minutes=30)),
        (90, dt.timedelta(minutes=90)),
    ],
)
def test_parse_duration(text: str | int, expected: dt.timedelta) -> None:
    assert parse_duration(text) == expected


def test_limits_come_from_the_limits_table_and_reach_the_extractor(site: Path) -> None:
    (site / "eventfeed.toml").write_text("[limits]\nmax_lines = 6\n", encoding="utf-8")
    loaded = load_settings([site])
    assert loaded.limits.max_lines == 6
    assert loaded.origins["limits"] == str(site / "eventfeed.toml")
    result = invoke("build", str(site), "--print-settings")
    assert "max_lines = 6" in result.stdout.splitlines()
    result = invoke("extract", str(site))
    assert result.exit_code == 1
    assert "max_lines" in result.stderr and "news.md" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[limits]\nmax_bytes = 3\n", "unknown key 'limits.max_bytes' (known keys: first_year,"),
        ("[limits]\nmax_lines = 0\n", "limits.max_lines: expected a whole number ≥ 1"),
        ('limits = "big"\n', "limits: expected a table of limits"),
    ],
)
def test_a_bad_limit_is_a_usage_error(site: Path, text: str, message: str) -> None:
    (site / "eventfeed.toml").write_text(text, encoding="utf-8")
    result = invoke("extract", str(site))
    assert result.exit_code == 2
    assert message in result.stderr
