"""`eventfeed serve` over real HTTP on 127.0.0.1: types, validators, refusals, live rebuilds."""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from feeds.cli import Inputs
from feeds.cli_serve import Builds
from feeds.server import (
    Reloader,
    Site,
    SiteApp,
    Watcher,
    bind,
    content_type,
    etag_of,
    serving,
    site_path,
)
from feeds.settings import Settings

REPO = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2025, 12, 15, tzinfo=dt.UTC)

FILES = {
    "index.html": b"<!doctype html><title>agenda</title>",
    "calendar.ics": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
    "rss.xml": b'<?xml version="1.0"?><rss version="2.0"/>',
    "atom.xml": b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>',
    "feed.json": b'{"version": "https://jsonfeed.org/version/1.1", "items": []}',
    "events.json": b"[]",
    "deadlines.rss.xml": b"<rss/>",
    "categories/openstack.ics": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    "categories/openstack.atom.xml": b"<feed/>",
    "categories/openstack.feed.json": b"{}",
}

TYPES = {
    "/": "text/html; charset=utf-8",
    "/index.html": "text/html; charset=utf-8",
    "/calendar.ics": "text/calendar; charset=utf-8",
    "/rss.xml": "application/rss+xml; charset=utf-8",
    "/atom.xml": "application/atom+xml; charset=utf-8",
    "/feed.json": "application/feed+json; charset=utf-8",
    "/events.json": "application/json; charset=utf-8",
    "/deadlines.rss.xml": "application/rss+xml; charset=utf-8",
    "/categories/openstack.ics": "text/calendar; charset=utf-8",
    "/categories/openstack.atom.xml": "application/atom+xml; charset=utf-8",
    "/categories/openstack.feed.json": "application/feed+json; charset=utf-8",
}


class Reply:
    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status = response.status
        self.headers = {k.lower(): v for k, v in response.getheaders()}
        self.body = response.read()


def fetch(
    base: str, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> Reply:
    """One request with `path` sent exactly as written (no client-side normalisation)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        return Reply(connection.getresponse())
    finally:
        connection.close()


def write_site(folder: Path, files: dict[str, bytes] = FILES) -> Path:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def make_site(folder: Path) -> Path:
    (folder / "secret.txt").write_text("root:x:0:0\n")  # beside the site, never served
    return write_site(folder / "site")


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    return make_site(tmp_path)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SiteApp]]:
    """One server for the tests that only read (starting and stopping one takes a moment)."""
    app = SiteApp(Site.load(make_site(tmp_path_factory.mktemp("served"))))
    with serving(app) as base:
        yield base, app


# -- content types and bodies -----------------------------------------------------------------


@pytest.mark.parametrize(("path", "media_type"), sorted(TYPES.items()))
def test_each_file_has_its_content_type(
    server: tuple[str, SiteApp], path: str, media_type: str
) -> None:
    base, _app = server
    reply = fetch(base, path)
    assert reply.status == 200
    assert reply.headers["content-type"] == media_type
    name = "index.html" if path == "/" else path[1:]
    assert reply.body == FILES[name]
    assert reply.headers["content-length"] == str(len(FILES[name]))
    assert reply.headers["x-content-type-options"] == "nosniff"


def test_content_types_by_name() -> None:
    assert content_type("categories/x.rss.xml") == "application/rss+xml; charset=utf-8"
    assert content_type("sub/atom.xml") == "application/atom+xml; charset=utf-8"
    assert content_type("other.xml") == "application/xml; charset=utf-8"
    assert content_type("notafeed.json") == "application/json; charset=utf-8"
    assert content_type("agenda.png") == "image/png"
    assert content_type("blob") == "application/octet-stream"


def test_responses_may_be_cached_briefly_and_are_never_compressed(
    server: tuple[str, SiteApp],
) -> None:
    base, _app = server
    for path in ("/calendar.ics", "/", "/rss.xml"):
        reply = fetch(base, path, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert "content-encoding" not in reply.headers  # Outlook fails on a gzipped .ics
        max_age = re.fullmatch(r"public, max-age=(\d+)", reply.headers["cache-control"])
        assert max_age and 0 < int(max_age.group(1)) <= 3600
    assert fetch(base, "/calendar.ics").body == FILES["calendar.ics"]


def test_the_page_may_load_nothing_from_elsewhere(server: tuple[str, SiteApp]) -> None:
    base, _app = server
    policy = fetch(base, "/").headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert fetch(base, "/feed.json").headers["access-control-allow-origin"] == "*"


# -- validators -------------------------------------------------------------------------------


def test_a_strong_etag_from_the_bytes_answers_304(server: tuple[str, SiteApp]) -> None:
    base, _app = server
    first = fetch(base, "/calendar.ics")
    etag = first.headers["etag"]
    assert etag == etag_of(FILES["calendar.ics"]) and not etag.startswith("W/")
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = fetch(base, "/calendar.ics", headers={"If-None-Match": header})
        assert again.status == 304, header
        assert again.body == b""
        assert again.headers["etag"] == etag
        assert "cache-control" in again.headers
    assert fetch(base, "/calendar.ics", headers={"If-None-Match": '"stale"'}).status == 200
    assert fetch(base, "/rss.xml").headers["etag"] != etag


def test_last_modified_answers_304(server: tuple[str, SiteApp]) -> None:
    base, _app = server
    first = fetch(base, "/rss.xml")
    modified = first.headers["last-modified"]
    assert modified.endswith(" GMT")
    when = email.utils.parsedate_to_datetime(modified)
    assert fetch(base, "/rss.xml", headers={"If-Modified-Since": modified}).status == 304
    later = email.utils.format_datetime(when + dt.timedelta(hours=1), usegmt=True)
    assert fetch(base, "/rss.xml", headers={"If-Modified-Since": later}).status == 304
    earlier = email.utils.format_datetime(when - dt.timedelta(seconds=1), usegmt=True)
    assert fetch(base, "/rss.xml", headers={"If-Modified-Since": earlier}).status == 200
    assert fetch(base, "/rss.xml", headers={"If-Modified-Since": "yesterday"}).status == 200
    # If-None-Match wins: a stale ETag is a 200 even with a current date.
    both = {"If-None-Match": '"stale"', "If-Modified-Since": modified}
    assert fetch(base, "/rss.xml", headers=both).status == 200


def test_an_unchanged_file_keeps_its_last_modified_across_rebuilds(site_dir: Path) -> None:
    old = Site.load(site_dir)
    past = time.time() + 3600
    os.utime(site_dir / "rss.xml", (past, past))
    (site_dir / "atom.xml").write_bytes(b"<feed>changed</feed>")
    os.utime(site_dir / "atom.xml", (past, past))
    new = Site.load(site_dir, previous=old)
    assert new.files["rss.xml"].modified == old.files["rss.xml"].modified
    assert new.files["atom.xml"].modified > old.files["atom.xml"].modified


def test_head_sends_the_headers_of_get_without_the_body(server: tuple[str, SiteApp]) -> None:
    base, _app = server
    get = fetch(base, "/calendar.ics")
    head = fetch(base, "/calendar.ics", method="HEAD")
    assert head.status == 200
    assert head.body == b""
    for name in ("content-type", "content-length", "etag", "last-modified", "cache-control"):
        assert head.headers[name] == get.headers[name]
    assert fetch(base, "/missing", method="HEAD").status == 404


def test_other_methods_are_not_allowed(server: tuple[str, SiteApp]) -> None:
    base, _app = server
    reply = fetch(base, "/calendar.ics", method="POST")
    assert reply.status == 405
    assert reply.headers["allow"] == "GET, HEAD"


# -- unknown and forbidden paths --------------------------------------------------------------


def test_unknown_paths_get_404(server: tuple[str, SiteApp]) -> None:
    base, _app = server
    for path in ("/nope.ics", "/categories/nope.ics", "/calendar.ics/x", "/CALENDAR.ICS"):
        reply = fetch(base, path)
        assert reply.status == 404, path
        assert reply.body == b"Not Found\n"


TRAVERSALS = [
    "/../secret.txt",
    "/../../../../etc/passwd",
    "/categories/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/..%2f..%2fetc%2fpasswd",
    "/./calendar.ics",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/..\\secret.txt",
    "/%5c..%5csecret.txt",
    "/C:/Windows/win.ini",
    "/calendar.ics%00.html",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_outside_the_site_are_refused(server: tuple[str, SiteApp], path: str) -> None:
    base, _app = server
    reply = fetch(base, path)
    assert reply.status == 400
    assert b"root:" not in reply.body


def test_an_absolute_form_request_target_stays_inside_the_site(
    server: tuple[str, SiteApp],
) -> None:
    base, _app = server
    reply = fetch(base, "http://127.0.0.1/../secret.txt")
    assert reply.status in (400, 404) and b"root:" not in reply.body
    assert fetch(base, base + "calendar.ics").body == FILES["calendar.ics"]


def test_site_path() -> None:
    assert site_path("/") == "index.html"
    assert site_path("/categories/") == "categories/index.html"
    assert site_path("/categories/openstack.ics") == "categories/openstack.ics"
    assert site_path("/a//b.ics") == "a/b.ics"
    for path in ("", "x", "/..", "/a/../b", "/.", "//x", "/a\\b", "/a\x00", "/c:/x"):
        assert site_path(path) is None, path


def test_symlinks_and_hidden_files_are_not_served(site_dir: Path) -> None:
    (site_dir / "leak.txt").symlink_to(site_dir.parent / "secret.txt")
    (site_dir / ".calendar.ics.tmp").write_bytes(b"half")
    assert set(Site.load(site_dir).files) == set(FILES)


# -- swapping sites ---------------------------------------------------------------------------


def test_a_client_never_sees_half_a_site(site_dir: Path, tmp_path: Path) -> None:
    """Swap two sites as fast as possible while clients fetch: every body is one whole file,
    and its ETag is the ETag of exactly those bytes."""
    app = SiteApp(Site.load(site_dir))
    other = Site.load(write_site(tmp_path / "other", {n: d * 50 for n, d in FILES.items()}))
    sites = (app.site, other)
    wanted = {FILES["calendar.ics"], FILES["calendar.ics"] * 50}
    stop = threading.Event()

    def swap() -> None:
        n = 0
        while not stop.is_set():
            app.swap(sites[n % 2])
            n += 1

    swapper = threading.Thread(target=swap)
    with serving(app) as base:
        swapper.start()
        try:
            bodies = set()
            for _ in range(200):
                reply = fetch(base, "/calendar.ics")
                assert reply.body in wanted
                assert reply.headers["etag"] == etag_of(reply.body)
                assert reply.headers["content-length"] == str(len(reply.body))
                bodies.add(reply.body)
        finally:
            stop.set()
            swapper.join()
    assert bodies == wanted  # both sites were served


def write_post(folder: Path, title: str, date: str = "2025-12-01") -> None:
    body = f"---\ntitle: News\ndate: {date}\n---\n# Upcoming Events\n\n"
    body += f"* {title} - January 20, 2026 - Paris, France\n"
    (folder / "news.md").write_text(body, encoding="utf-8")


def wait_for(check: Callable[[], bool], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, Path, list[bool]]]:
    """`eventfeed serve --watch` in-process: the posts folder, the base URL, and the result of
    every rebuild the watcher started."""
    posts = tmp_path / "posts"
    posts.mkdir()
    write_post(posts, "Alpha Meetup")
    settings = Settings(title="Live", now=NOW, base_url="http://127.0.0.1/")
    inputs = Inputs((str(posts),), None, settings)
    (tmp_path / "builds").mkdir()
    builds = Builds(inputs, tmp_path / "builds")
    app = SiteApp(Site.load(builds()))
    reloader = Reloader(app, builds)
    results: list[bool] = []
    watcher = Watcher([posts], lambda: results.append(reloader.reload()), interval=0.05)
    watcher.start()
    try:
        with serving(app) as base:
            yield base, posts, results
    finally:
        watcher.stop()


def test_a_rebuild_after_a_post_changes_is_served(live: tuple[str, Path, list[bool]]) -> None:
    base, posts, results = live
    page = fetch(base, "/")
    assert b"Alpha Meetup" in page.body and b"Beta" not in page.body
    write_post(posts, "Beta Conference")
    assert wait_for(lambda: b"Beta Conference" in fetch(base, "/").body)
    assert results == [True]
    assert b"SUMMARY:Beta Conference" in fetch(base, "/calendar.ics").body
    assert fetch(base, "/", headers={"If-None-Match": page.headers["etag"]}).status == 200


def test_a_broken_post_during_watch_keeps_the_old_site(
    live: tuple[str, Path, list[bool]], caplog: pytest.LogCaptureFixture
) -> None:
    base, posts, results = live
    before = fetch(base, "/calendar.ics")
    with caplog.at_level(logging.INFO, logger="eventfeed.serve"):
        (posts / "news.md").write_text("---\ntitle: [unclosed\n---\n* Gamma Meetup\n")
        assert wait_for(lambda: len(results) == 1)
        assert results == [False]
        after = fetch(base, "/calendar.ics")
        assert after.body == before.body and after.headers["etag"] == before.headers["etag"]
        assert b"Alpha Meetup" in fetch(base, "/").body
        (message,) = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert message.startswith("rebuild failed, still serving the last good site: ")
        assert "news.md" in message
        # Fixing the post brings the updates back.
        write_post(posts, "Gamma Meetup")
        assert wait_for(lambda: b"Gamma Meetup" in fetch(base, "/").body)
    assert results == [False, True]


def test_the_watcher_waits_for_a_change_to_settle(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("one")
    calls: list[int] = []
    watcher = Watcher([tmp_path], lambda: calls.append(1), interval=60)
    assert not watcher.poll()
    (tmp_path / "a.md").write_text("two!")
    assert not watcher.poll()  # changed: wait one more look
    (tmp_path / ".a.md.swp").write_text("editor noise")
    assert watcher.poll() and calls == [1]
    assert not watcher.poll()
    (tmp_path / "b.md").write_text("new post")
    assert not watcher.poll()
    (tmp_path / "b.md").write_text("new post, still typing")
    assert not watcher.poll()  # still changing
    assert watcher.poll() and calls == [1, 1]


# -- the command ------------------------------------------------------------------------------


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_eventfeed_serve_serves_the_built_site(tmp_path: Path, stop: signal.Signals) -> None:
    """The real command in its own process: builds the seeds, prints its address, answers,
    and on Ctrl-C or SIGTERM stops cleanly, removing its temporary folder."""
    command = [
        sys.executable, "-c", "from feeds.cli import main; main()", "serve", "seeds", "--port", "0",
        "--now", "2025-12-15T00:00:00+00:00",
    ]  # fmt: skip
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env={**os.environ, "TMPDIR": str(temp)},
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        match = re.search(r"serving \d+ files at (http://127\.0\.0\.1:\d+/)", line)
        assert match, line
        base = match.group(1)
        assert wait_for(lambda: _answers(base))
        page = fetch(base, "/")
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert b"OpenInfra Summit Asia + KubeCon + CloudNativeCon" in page.body
        assert f'href="{base}calendar.ics"'.encode() in page.body
        ics = fetch(base, "/calendar.ics")
        assert ics.headers["content-type"] == "text/calendar; charset=utf-8"
        assert ics.body.startswith(b"BEGIN:VCALENDAR")
        assert list(temp.iterdir())  # the build folder
    finally:
        process.send_signal(stop)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert list(temp.iterdir()) == []


def _answers(base: str) -> bool:
    try:
        return fetch(base, "/").status == 200
    except OSError:
        return False


def test_a_post_broken_from_the_start_does_not_block_rebuilds(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    write_post(posts, "Alpha Meetup")
    (posts / "undated.md").write_text("---\ntitle: No date\n---\n* Lost Meetup - May 1, 2026\n")
    settings = Settings(now=NOW, base_url="http://127.0.0.1/")
    builds = Builds(Inputs((str(posts),), None, settings), tmp_path)
    first = builds()
    assert b"Alpha Meetup" in (first / "index.html").read_bytes()
    write_post(posts, "Beta Meetup")
    second = builds()  # the undated post is still broken, as it was: not a reason to refuse
    assert b"Beta Meetup" in (second / "calendar.ics").read_bytes()
    assert not first.exists()  # the previous build's folder is removed


def test_keep_alive_answers_are_not_held_back_by_nagle(server: tuple[str, SiteApp]) -> None:
    """asyncio sets TCP_NODELAY only on sockets created with proto IPPROTO_TCP; without it each
    answer on a reused connection waited ~40 ms for the client's delayed ACK."""
    sock = bind("127.0.0.1", 0)
    assert sock.proto == socket.IPPROTO_TCP
    sock.close()
    base, _app = server
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    began = time.monotonic()
    for _ in range(30):
        connection.request("GET", "/calendar.ics")
        response = connection.getresponse()
        assert response.read() == FILES["calendar.ics"]
    connection.close()
    assert time.monotonic() - began < 0.6  # 30 × 40 ms would be 1.2 s
