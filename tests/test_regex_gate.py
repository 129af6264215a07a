"""A vocabulary pattern gated by its first characters finds what the pattern alone finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import vocabulary as v
from extractor.regex_gate import first_char_gate, gated_compile
from extractor.walker import walk

ROOT = Path(__file__).resolve().parent.parent


def _pairs() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """(gated, ungated) for every gated pattern of the vocabulary."""
    out = []
    for value in vars(v).values():
        if isinstance(value, re.Pattern) and value.pattern.startswith("(?=["):
            inner = value.pattern[value.pattern.index("])(?:") + 5 : -1]
            out.append((value, re.compile(inner, value.flags)))
    return out


PAIRS = _pairs()


def _same(text: str) -> None:
    for gated, plain in PAIRS:
        found = [(m.span(), m.groups()) for m in gated.finditer(text)]
        assert found == [(m.span(), m.groups()) for m in plain.finditer(text)], plain.pattern
        assert gated.sub("#", text) == plain.sub("#", text)
        for start in (0, 1, 5):
            a, b = gated.match(text, start), plain.match(text, start)
            assert (a and a.span()) == (b and b.span())


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"\b(?:meetup|summit)s?\b", re.IGNORECASE),
        (r"^(?:x|y)", 0),
        (r"(?i)closes?", 0),  # global flags must open a pattern: it stays as it is
        (r"\w+day", 0),  # most places pass: no gate
        (r"(?=[ab])(?:ab|ba)", 0),  # gated already
    ],
)
def test_gated_compile_is_the_gate_of_the_compiled_pattern(pattern: str, flags: int) -> None:
    expected = first_char_gate(re.compile(pattern, flags))
    assert (gated_compile(pattern, flags).pattern, gated_compile(pattern, flags).flags) == (
        expected.pattern,
        expected.flags,
    )


def test_the_gate_is_used() -> None:
    assert len(PAIRS) > 20
    assert first_char_gate(re.compile(r"^(?:x|y)")).pattern == r"^(?:x|y)"  # anchored: as is


def test_every_block_of_every_post_gives_the_same_matches() -> None:
    posts = [p for p in ROOT.glob("**/*.md") if ".venv" not in p.parts]
    texts = [
        b.text for p in posts for b in walk(p.read_bytes()[:100_000].decode("utf-8", "replace"))
    ]
    assert len(texts) > 1000
    for text in texts:
        _same(text)
        _same(text.upper())


WORDS = [
    "Deadline",
    "due",
    "CFP",
    "closes",
    "call for papers",
    "at",
    "in",
    "the",
    "Hall",
    "venue",
    "online",
    "-",
    "–",
    "|",
    ":",
    " / ",
    "\n",
    "Berlin",
    "was",
    "will",
    "join us",
    "register",
    "released",
    "hosted by",
    "📍",
    "(",
    ")",
    "FOSDEM",
    "summit",
    "2026",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join))
def test_generated_text_gives_the_same_matches(text: str) -> None:
    _same(text)
