"""perf: a compiled pattern gated by the characters its matches start with.

`first_char_gate(rx)` is `rx` with a look-ahead for those characters in front: it finds the same
matches (the look-ahead only states what a match must start with), but the engine rejects every
other place at once instead of trying each alternative there.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

#: The regular expression engine's parser and its op codes (not typed in the stubs).
_SRE_PARSER: Any = importlib.import_module("re._parser")
_SRE: Any = importlib.import_module("re._constants")
_CATEGORIES = {
    _SRE.CATEGORY_DIGIT: r"\d",
    _SRE.CATEGORY_SPACE: r"\s",
    _SRE.CATEGORY_WORD: r"\w",
}


def _first_class(items: list[tuple[Any, Any]]) -> list[str] | None:
    """The characters a match of the parsed pattern `items` can start with, as parts of a
    character class (zero-width assertions skipped), or None when they are not plain to see."""
    c = _SRE
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width: the next element consumes the first character
        if op is c.LITERAL:
            return [f"\\U{av:08x}"]
        if op is c.IN:
            out: list[str] = []
            for kind, value in av:
                if kind is c.LITERAL:
                    out.append(f"\\U{value:08x}")
                elif kind is c.RANGE:
                    out.append(f"\\U{value[0]:08x}-\\U{value[1]:08x}")
                elif kind is c.CATEGORY and value in _CATEGORIES:
                    out.append(_CATEGORIES[value])
                else:
                    return None  # a negated class, another category
            return out
        if op is c.SUBPATTERN:
            _, add_flags, del_flags, inner = av
            return None if add_flags or del_flags else _first_class(inner.data)
        if op is c.BRANCH:
            union: list[str] = []
            for branch in av[1]:
                found = _first_class(branch.data)
                if found is None:
                    return None
                union.extend(found)
            return union
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, _, inner = av
            return _first_class(inner.data) if low else None
        return None
    return None  # it may match without consuming a character


def _gated(pattern: str, flags: int) -> str | None:
    """`pattern` with a look-ahead for the characters its matches start with, or None when it
    gets none (anchored, its first characters not plain to see, or most places pass)."""
    if pattern.startswith("(?=["):
        return None  # gated already
    items = _SRE_PARSER.parse(pattern, flags).data
    if items and items[0] == (_SRE.AT, _SRE.AT_BEGINNING):
        return None  # "^…": the engine tries the start alone already
    first = _first_class(items)
    if not first or {r"\w", r"\s", r"\d"} & set(first):
        return None  # no gate, or one most places pass
    return f"(?=[{''.join(dict.fromkeys(first))}])(?:{pattern})"


def _compiled_gate(pattern: str, flags: int) -> re.Pattern[str] | None:
    """`pattern` gated (`_gated`) and compiled, or None when it gets no gate."""
    gated = _gated(pattern, flags)
    try:
        return None if gated is None else re.compile(gated, flags)
    except re.error:  # global flags written in the pattern ("(?i)…") must open it
        return None


def first_char_gate(rx: re.Pattern[str]) -> re.Pattern[str]:
    """`rx` with a look-ahead for the characters its matches start with: the same matches, but
    the engine rejects every other place at once instead of trying each alternative there (a
    case-insensitive list of words costs two to three times less to search)."""
    return _compiled_gate(rx.pattern, rx.flags) or rx


def gated_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`first_char_gate(re.compile(pattern, flags))`, compiled once: at start-up the vocabulary's
    patterns cost one compile each, not two."""
    return _compiled_gate(pattern, flags) or re.compile(pattern, flags)
