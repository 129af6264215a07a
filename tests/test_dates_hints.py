"""The quick hints that spare prose the date grammar never change what the grammar finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import dates
from extractor.dates import DateSpan, find_dates
from extractor.walker import walk

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    *("3", "17-19", "2026", "2026-08-19", "Q3", "H2", "23:59", "10:00", "6th", "1,200", "4.2.1"),
    *("October", "Sept.", "may", "March", "Mar", "dec", "Tuesday", "Thurs", "fri"),
    *("yesterday", "tonight", "tomorrow", "next", "this", "coming", "in", "two", "weeks", "days"),
    *("month", "end", "of", "the", "to", "-", "–", "&", "and", ",", "|", "PT", "CET", "at", "on"),
    *("Summit", "closes", "Berlin", "x", "Monday", "Sun", "Sunday", "later", "earlier"),
    *("32", "35th", "28.03.2026", "5. 6. 2026", "21.02.", "05.05", "+", "AND", "And", "31st"),
    *("enero", "de", "października", "luglio", "maart", "Jänner", "15th", "until", "by"),
]


def ungated(text: str, monkeypatch: pytest.MonkeyPatch) -> list[DateSpan]:
    with monkeypatch.context() as patch:
        patch.setattr(dates, "NEEDS", {})
        patch.setattr(dates, "_FOUND", type(dates._FOUND)())
        return find_dates(text)


def gated(text: str, monkeypatch: pytest.MonkeyPatch) -> list[DateSpan]:
    with monkeypatch.context() as patch:
        patch.setattr(dates, "_FOUND", type(dates._FOUND)())
        return find_dates(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))
def test_generated_text_gives_the_same_dates_with_and_without_hints(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert gated(text, monkeypatch) == ungated(text, monkeypatch)


def _text(post: Path) -> str:
    return post.read_bytes()[:100_000].decode("utf-8", "replace")


def test_every_block_of_every_post_gives_the_same_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    posts = [p for p in ROOT.glob("**/*.md") if ".venv" not in p.parts]
    texts = [block.text for post in posts for block in walk(_text(post))]
    assert len(texts) > 1000
    for text in texts:
        assert gated(text, monkeypatch) == ungated(text, monkeypatch)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    st.lists(st.sampled_from([0, 1, 2, 3, 5, 51, 10_000]), min_size=1, max_size=4),
)
def test_a_text_searched_again_gives_what_a_first_search_gives(
    text: str, limits: list[int]
) -> None:
    """`find_dates` remembers recent texts; whatever `max_spans` each search asks for, and in
    whatever order, the answer is the one a first search gives."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        for limit in limits:
            remembered = find_dates(text, max_spans=limit)
            monkeypatch.setattr(dates, "_FOUND", type(dates._FOUND)())
            first = find_dates(text, max_spans=limit)
            assert remembered == first
