"""Golden files: every output built from the seeds with a pinned clock, compared byte for byte.

Regenerate on purpose with `pytest tests/test_golden.py --regen-golden` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from extractor import extract
from extractor.model import Event, EventKind, Source
from feeds.publish import FORMATS, build_site, calendar_entries, render
from feeds.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
SETTINGS = Settings(
    title="OpenInfra community events",
    base_url="https://events.example.org/",
    timezone="Europe/Paris",
    now=dt.datetime(2025, 12, 15, tzinfo=dt.UTC),
)


@pytest.fixture
def entries(monkeypatch: pytest.MonkeyPatch) -> list[Event]:
    monkeypatch.chdir(ROOT)  # paths in the output are as given: "seeds/…", wherever the checkout
    return calendar_entries(extract(["seeds"]).events, SETTINGS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_matches_its_golden_file(
    fmt: str, entries: list[Event], request: pytest.FixtureRequest
) -> None:
    golden = GOLDEN / f"seeds.{fmt}"
    data = render(entries, SETTINGS, fmt, self_url=f"https://events.example.org/seeds.{fmt}")
    if request.config.getoption("--regen-golden"):
        golden.write_bytes(data)
    assert data == golden.read_bytes(), f"{golden} differs: rerun with --regen-golden and review"


def test_the_site_matches_its_golden_folder(
    entries: list[Event], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    golden = GOLDEN / "site"
    if request.config.getoption("--regen-golden"):
        shutil.rmtree(golden, ignore_errors=True)
        build_site(entries, SETTINGS, golden)
    built = tmp_path / "site"
    build_site(entries, SETTINGS, built)
    names = _files(built)
    assert names == _files(golden), "the site's files differ: rerun with --regen-golden"
    for name in names:
        assert (built / name).read_bytes() == (golden / name).read_bytes(), (
            f"{name} differs from tests/golden/site: rerun with --regen-golden and review"
        )


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_a_time_without_a_zone_is_published_in_the_site_zone() -> None:
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    source = Source("a.md", 3, "A", when.date(), when)
    meetup = Event(
        EventKind.EVENT,
        "Meetup",
        dt.datetime(2026, 3, 5, 18, 30),  # noqa: DTZ001 (a time written without a zone)
        dt.date(2026, 3, 5),
        sources=(source,),
    )
    ics = render([meetup], SETTINGS, "ics").decode()
    assert "DTSTART;TZID=Europe/Paris:20260305T183000" in ics
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris" in ics
    assert '"start": "2026-03-05T18:30+01:00"' in render([meetup], SETTINGS, "json").decode()
