"""`eventfeed extract --explain` and the warnings about dates that cannot be placed: exact texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from extractor.detectors import DETECTORS, rule_doc, rule_name
from feeds.cli import main

POST = """\
---
title: Explained
date: 2025-10-20
---
# OpenInfra Summit Europe

17-19 October | Paris-Saclay, France

* [Register](https://example.org/register) | Prices double this Friday, November 7 at 23:59 PT
* Please take the [community survey](https://example.org/survey) by this Friday!
"""

EXPLAINED = """\
posts/explained.md:7  event  2025-10-17..2025-10-19  OpenInfra Summit Europe
  source: 17-19 October | Paris-Saclay, France
  form: heading-date-line (`### Name` over `Thursday, December 17, 19:00 · Venue · [RSVP](…)`: the heading's event)
  date: year 2025 from the −3/+9 month window around the post date 2025-10-20
posts/explained.md:9  deadline  2025-11-07T23:59 America/Los_Angeles  OpenInfra Summit Europe: Prices double
  source: Register | Prices double this Friday, November 7 at 23:59 PT
  form: untitled-deadline (`Deadline: 20 February`, `Prices double on 9 September`: named by the series or heading)
  date: weekday Friday agrees with 2025 (inside the −3/+9 month window around the post date 2025-10-20); the explicit date wins over “this Friday” beside it
posts/explained.md:10  deadline  2025-10-24  OpenInfra Summit Europe: Community survey deadline
  source: Please take the community survey by this Friday!
  form: prose-deadline ("The call for proposals closes on 13 March", "fill out the survey by Friday")
  date: “this Friday” counted from the post date 2025-10-20
"""  # noqa: E501

CONTRADICTIONS = """\
---
title: Contradictions
date: 2026-03-02
---
## Events

* 30 February | Leap Day Hack | Berlin, Germany
* 32 October | Spooky Meetup | Oslo, NO
* Friday, 29 August 2026 | Summer Social | Lyon, France
* Thursday, 14 March | Pi Party | Paris, France
* Saturday, 14 March | Pi Day Picnic | Paris, France
"""

WARNINGS = """\
Warning: posts/contradictions.md:7: "30 February" is not a date: February has at most 29 days
Warning: posts/contradictions.md:8: "32 October" is not a date: October has 31 days
Warning: posts/contradictions.md:9: "Friday, 29 August 2026": Saturday 29 August 2026 is not a Friday
Warning: posts/contradictions.md:10: "Thursday, 14 March": Saturday 14 March 2026 (the nearest year to the post) is not a Thursday
"""  # noqa: E501


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture
def posts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = Path("posts")
    folder.mkdir()
    (folder / "explained.md").write_text(POST, encoding="utf-8")
    return folder


def test_explain_shows_the_line_the_form_and_the_date_reasoning(posts: Path) -> None:
    result = invoke("extract", "posts/explained.md", "--explain")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == EXPLAINED


def test_contradictory_dates_are_warnings_with_file_and_line(posts: Path) -> None:
    (posts / "contradictions.md").write_text(CONTRADICTIONS, encoding="utf-8")
    result = invoke("extract", "posts/contradictions.md", "--explain")
    assert result.exit_code == 0  # warnings are reported, not failures
    assert result.stderr == WARNINGS
    assert result.stdout.splitlines()[0::4] == [
        "posts/contradictions.md:9  event  2026-08-29  Summer Social",
        "posts/contradictions.md:10  event  2026-03-14  Pi Party",  # the weekday is the typo
        "posts/contradictions.md:11  event  2026-03-14  Pi Day Picnic",
    ]
    assert result.stdout.splitlines()[3] == (
        "  date: year 2026 written with the date; warning: Friday does not match 2026-08-29,"
        " a Saturday; kept the date as written"
    )


def test_explain_leaves_the_json_unchanged(posts: Path) -> None:
    plain = invoke("extract", "posts/explained.md").stdout
    assert "rule" not in plain and "reasoning" not in plain and "form" not in plain


@pytest.mark.parametrize("detector", DETECTORS, ids=rule_name)
def test_every_detector_says_what_it_matches(detector: object) -> None:
    assert rule_doc(detector)  # type: ignore[arg-type]
