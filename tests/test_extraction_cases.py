"""Extraction cases as data: each `tests/cases/NAME.md` post yields exactly `NAME.jsonl`.

A new form is one small post and its expected events; a fixed bug adds a case named for the
behaviour. Fields left out of an expected line are not checked. `rule` names the detector that
reads the item (`extractor/detectors.py`); every detector has at least one case.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractor.detectors import DETECTORS, rule_name
from extractor.events import events_of
from extractor.model import Event
from extractor.posts import load_post

CASES = Path(__file__).parent / "cases"


def _as_record(event: Event) -> dict[str, object]:
    start = event.start
    return {
        "rule": event.rule,
        "kind": event.kind.value,
        "title": event.title,
        "start": start.strftime("%Y-%m-%dT%H:%M")
        if isinstance(start, dt.datetime)
        else start.isoformat(),
        "end": event.end.isoformat(),
        "tz": event.tz,
        "precision": event.precision.value,
        "location": event.location,
        "url": event.url,
    }


@pytest.mark.parametrize("post", sorted(CASES.glob("*.md")), ids=lambda p: p.stem)
def test_case(post: Path) -> None:
    expected = [
        json.loads(line)
        for line in post.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    found = [_as_record(e) for e in events_of(load_post(post))]
    got = [
        {key: record[key] for key in want} for record, want in zip(found, expected, strict=False)
    ]
    assert got == expected
    assert len(found) == len(expected), f"extra events: {found[len(expected) :]}"


def test_every_detector_has_a_case() -> None:
    named = {
        json.loads(line).get("rule")
        for case in CASES.glob("*.jsonl")
        for line in case.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert [rule_name(d) for d in DETECTORS if rule_name(d) not in named] == []


def test_the_readme_lists_every_detector_in_order() -> None:
    from extractor.detectors import BLOCK_DETECTORS, LISTING_DETECTORS, PROSE_DETECTORS, rule_name

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name, table in (
        ("block", BLOCK_DETECTORS),
        ("listing", LISTING_DETECTORS),
        ("prose", PROSE_DETECTORS),
    ):
        row = f"| {name} | " + ", ".join(f"`{rule_name(d)}`" for d in table) + " |"
        assert row in readme.splitlines(), f"README's {name} row is out of date: {row}"
