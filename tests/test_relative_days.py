"""Relative phrases resolved without dateparser give the days dateparser gives."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.dates import _dateparser_relative, relative_days

COUNTS = ["1", "2", "10", "365", "a", "one", "two", "three", "four", "five", "six"]
PHRASES = [
    "yesterday",
    "today",
    "tonight",
    "tomorrow",
    *(f"in {n} {unit}" for n in COUNTS for unit in ("day", "days", "week", "weeks")),
]


@pytest.mark.parametrize("post_date", [dt.date(2025, 3, 1), dt.date(2024, 12, 31)])
@pytest.mark.parametrize("phrase", PHRASES)
def test_a_relative_phrase_is_as_many_days_from_the_post_as_dateparser_says(
    phrase: str, post_date: dt.date
) -> None:
    days = relative_days(phrase)
    assert days is not None
    assert post_date + dt.timedelta(days=days) == _dateparser_relative(phrase, post_date)


@pytest.mark.parametrize("phrase", ["next month", "this friday", "in 1000 days", "in seven days"])
def test_other_phrases_are_left_to_the_other_rules(phrase: str) -> None:
    assert relative_days(phrase) is None
