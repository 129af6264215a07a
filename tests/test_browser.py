"""The agenda page in a real browser: headless Chromium loads it from `eventfeed serve`'s server.

Checks the DOM after the page's script ran (titles, subscribe links, JSON-LD) and saves
screenshots (desktop and phone width) to tests/artifacts/. Without a Chromium binary the test
skips, except under CI (CI=true), where `.ci/run` installs Debian's `chromium` and a missing
browser is a failure. EVENTFEED_CHROMIUM names another binary.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extractor import extract
from extractor.model import Event
from feeds.agenda import render_agenda
from feeds.channels import channels
from feeds.merge import merge
from feeds.publish import build_site
from feeds.server import Site, SiteApp, serving
from feeds.settings import Settings

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
NOW = dt.datetime(2025, 12, 15, tzinfo=dt.UTC)


def chromium() -> str:
    """The browser binary, or skip (fail under CI) when there is none."""
    for name in (os.environ.get("EVENTFEED_CHROMIUM"), "chromium", "chromium-browser"):
        if name and (found := shutil.which(name)):
            return found
    reason = "no chromium binary (Debian: apt-get install chromium; .ci/run installs it)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must run the browser test: {reason}")
    pytest.skip(reason)


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        binary,
        "--headless",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        f"--user-data-dir={profile}",
        *args,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


class Dom(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.ld: list[str] = []
        self.text: list[str] = []
        self._in_ld = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_ld = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False

    def handle_data(self, data: str) -> None:
        (self.ld if self._in_ld else self.text).append(data)

    def attrs(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[Event]]]:
    """The seeds' site (files and agenda page) on a real server; its URL and the entries."""
    entries = merge(extract([str(REPO / "seeds")]).events)
    folder = tmp_path_factory.mktemp("site")
    app = SiteApp(Site(files={}))
    with serving(app) as base:
        settings = Settings(title="OpenInfra events", base_url=base, now=NOW)
        build_site(entries, settings, folder)
        page = render_agenda(entries, settings, channels(entries))
        (folder / "index.html").write_bytes(page)
        app.swap(Site.load(folder))
        yield base, entries


def test_the_page_renders_in_chromium(served: tuple[str, list[Event]], tmp_path: Path) -> None:
    binary = chromium()
    base, entries = served
    result = run_chromium(binary, tmp_path / "profile", "--dump-dom", base)
    assert "Uncaught" not in result.stderr  # no script error in the console
    dom = Dom(result.stdout)

    (html,) = dom.attrs("html")
    assert "js" in (html.get("class") or "").split()  # the page's script ran
    text = " ".join(" ".join(dom.text).split())
    upcoming = [e for e in entries if e.end >= NOW.date()]
    assert upcoming
    for event in upcoming:
        assert " ".join(event.title.split()) in text
    assert "OpenInfra Summit Europe" in text  # a past item, folded below

    hrefs = [a["href"] for a in dom.attrs("a") if a.get("href")]
    host = base.split("://", 1)[1]
    for name in ("calendar.ics", "events.ics", "deadlines.ics"):
        assert f"webcal://{host}{name}" in hrefs
        assert f"https://calendar.google.com/calendar/r?cid=webcal://{host}{name}" in hrefs
        assert base + name in hrefs
    buttons = [b for b in dom.attrs("button") if "copy" in (b.get("class") or "")]
    assert buttons and all("hidden" not in b for b in buttons)  # shown once the script ran

    (ld_text,) = dom.ld
    data = json.loads(ld_text)
    assert len(data) == len(upcoming)
    assert {item["@type"] for item in data} == {"Event"}
    assert all(item["startDate"] and item["eventStatus"] for item in data)


@pytest.mark.parametrize(("name", "size"), [("desktop", "1280,2200"), ("phone", "390,844")])
def test_screenshots_of_the_page(
    served: tuple[str, list[Event]], tmp_path: Path, name: str, size: str
) -> None:
    binary = chromium()
    base, _entries = served
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"agenda-{name}.png"
    shot.unlink(missing_ok=True)
    run_chromium(
        binary, tmp_path / "profile", f"--window-size={size}", f"--screenshot={shot}", base
    )
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
