"""Serve a built site from memory, and swap in a rebuilt one without a client noticing.

A `Site` is a snapshot of a built folder: every file's bytes with its content type, a strong
ETag (a hash of the bytes) and a Last-Modified time. `SiteApp` (an ASGI app on Starlette's
request and response types, run by uvicorn) answers from the snapshot it holds; a rebuild loads
a new snapshot and replaces the reference in one assignment, so each request is answered from
one whole site, old or new, never from a half-written file. A failed rebuild leaves the
reference alone: the last good site stays up, and the log says why.

HTTP behaviour: GET and HEAD; `text/calendar; charset=utf-8` for `.ics`, the feed media types
for RSS, Atom and JSON Feed; `If-None-Match` and `If-Modified-Since` answered with 304;
`Cache-Control` with a short max-age; nothing is compressed (Outlook fails on a gzipped
calendar subscription, and the files are small); a path that would leave the site folder is
refused with 400 and an unknown one gets 404.

`Watcher` polls the posts' modification times and sizes from a background thread rather than
using inotify (`watchfiles`): a post folder is small, polling needs no native extension, and it
also sees changes on network and container-mounted folders where inotify events never arrive.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import hashlib
import logging
import mimetypes
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

log = logging.getLogger("eventfeed.serve")

#: Media types by the end of a file's name, checked in order (the first match wins).
CONTENT_TYPES: tuple[tuple[str, str], ...] = (
    (".ics", "text/calendar; charset=utf-8"),
    ("rss.xml", "application/rss+xml; charset=utf-8"),
    ("atom.xml", "application/atom+xml; charset=utf-8"),
    ("feed.json", "application/feed+json; charset=utf-8"),
    (".html", "text/html; charset=utf-8"),
    (".json", "application/json; charset=utf-8"),
    (".jsonl", "application/jsonl; charset=utf-8"),
    (".csv", "text/csv; charset=utf-8"),
    (".css", "text/css; charset=utf-8"),
    (".js", "text/javascript; charset=utf-8"),
    (".txt", "text/plain; charset=utf-8"),
    (".xml", "application/xml; charset=utf-8"),
    (".svg", "image/svg+xml"),
    (".png", "image/png"),
)

#: Seconds a client or proxy may reuse a response before asking again (with its ETag).
MAX_AGE = 300

#: The agenda page inlines its styles and script and loads nothing from elsewhere; this keeps
#: it that way even if a post slipped markup past the escaping.
PAGE_POLICY = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

INDEX = "index.html"


def content_type(name: str) -> str:
    """The Content-Type header for a file called `name`."""
    lowered = name.lower().rsplit("/", 1)[-1]
    for suffix, media_type in CONTENT_TYPES:
        dotted = suffix if suffix.startswith(".") else "." + suffix
        if lowered == suffix or lowered.endswith(dotted):
            return media_type
    guessed, _encoding = mimetypes.guess_type(lowered)
    return guessed or "application/octet-stream"


@dataclass(frozen=True)
class Resource:
    """One file of a site, ready to send."""

    body: bytes
    content_type: str
    etag: str
    """Strong validator: `"<sha256 of the bytes, 32 hex digits>"`."""
    modified: dt.datetime
    """When these bytes were first published (UTC, whole seconds)."""

    @property
    def last_modified(self) -> str:
        """`modified` as an HTTP date (`Mon, 15 Dec 2025 00:00:00 GMT`)."""
        return email.utils.format_datetime(self.modified, usegmt=True)


def etag_of(body: bytes) -> str:
    """A strong ETag for `body`."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


@dataclass(frozen=True)
class Site:
    """A whole built site held in memory: site-relative POSIX path → file."""

    files: Mapping[str, Resource]

    @classmethod
    def load(cls, folder: Path, previous: Site | None = None) -> Site:
        """Read every regular file under `folder` (hidden files and symlinks are left out).

        A file whose bytes are the same as in `previous` keeps its Last-Modified, so clients
        that validate by date are not sent a rebuilt but unchanged file again.
        """
        folder = Path(folder)
        if not folder.is_dir():
            raise NotADirectoryError(f"{folder}: not a folder")
        files: dict[str, Resource] = {}
        for directory, subdirs, names in os.walk(folder):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
            for name in sorted(names):
                path = Path(directory, name)
                if name.startswith(".") or path.is_symlink() or not path.is_file():
                    continue
                key = path.relative_to(folder).as_posix()
                body = path.read_bytes()
                etag = etag_of(body)
                old = previous.files.get(key) if previous is not None else None
                if old is not None and old.etag == etag:
                    modified = old.modified
                else:
                    seconds = int(path.stat().st_mtime)
                    modified = dt.datetime.fromtimestamp(seconds, dt.UTC)
                files[key] = Resource(body, content_type(key), etag, modified)
        return cls(MappingProxyType(files))


def site_path(url_path: str) -> str | None:
    """The site-relative file a (percent-decoded) request path names, or None when the path
    would leave the site folder: `..` or `.` segments, a backslash, a NUL, an absolute path
    (`//etc/passwd`) or a drive (`C:`). A folder (`/`, `/categories/`) names its `index.html`.
    """
    if not url_path.startswith("/") or "\\" in url_path or "\x00" in url_path:
        return None
    key = url_path[1:]
    if key.startswith("/"):
        return None
    parts = key.split("/")
    if any(part in (".", "..") for part in parts) or (parts[0][1:2] == ":"):
        return None
    if key == "" or key.endswith("/"):
        key += INDEX
    return str(PurePosixPath(key))


class SiteApp:
    """The ASGI app: answers GET and HEAD from the `Site` it holds (see `swap`)."""

    def __init__(self, site: Site, *, max_age: int = MAX_AGE) -> None:
        self.site = site
        self.max_age = max_age

    def swap(self, site: Site) -> None:
        """Serve `site` from now on (one reference assignment: requests already answering
        keep the snapshot they started with)."""
        self.site = site

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        response = self.respond(request.method, scope["path"], request.headers)
        await response(scope, receive, send)

    def respond(self, method: str, path: str, headers: Mapping[str, str]) -> Response:
        """The response to `method path` with request `headers` (no I/O: testable directly)."""
        site = self.site  # one read: the whole answer comes from one snapshot
        if method not in ("GET", "HEAD"):
            return _plain(405, "Method Not Allowed", method, {"Allow": "GET, HEAD"})
        if not path.startswith("/") and "://" in path:  # absolute-form request target
            path = urlsplit(path).path or "/"
        key = site_path(path)
        if key is None:
            return _plain(400, "Bad Request: the path leaves the site folder", method)
        resource = site.files.get(key)
        if resource is None and f"{key}/{INDEX}" in site.files:
            return _plain(301, "Moved Permanently", method, {"Location": f"/{key}/"})
        if resource is None:
            return _plain(404, "Not Found", method)
        common = {
            "ETag": resource.etag,
            "Last-Modified": resource.last_modified,
            "Cache-Control": f"public, max-age={self.max_age}",
        }
        if _not_modified(resource, headers):
            return Response(status_code=304, headers=common)
        common.update(
            {
                "Content-Type": resource.content_type,
                "Content-Length": str(len(resource.body)),
                "X-Content-Type-Options": "nosniff",
            }
        )
        if resource.content_type.startswith("text/html"):
            common["Content-Security-Policy"] = PAGE_POLICY
        else:
            common["Access-Control-Allow-Origin"] = "*"
        return Response(b"" if method == "HEAD" else resource.body, headers=common)


def _plain(
    status: int, text: str, method: str, headers: Mapping[str, str] | None = None
) -> Response:
    body = (text + "\n").encode("utf-8")
    all_headers = {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": str(len(body)),
        "Cache-Control": "no-store",
        **(headers or {}),
    }
    return Response(b"" if method == "HEAD" else body, status_code=status, headers=all_headers)


def _not_modified(resource: Resource, headers: Mapping[str, str]) -> bool:
    """RFC 9110 §13.1: If-None-Match (weak comparison) wins over If-Modified-Since."""
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in wanted or resource.etag in wanted
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = email.utils.parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        return resource.modified <= since
    return False


# -- rebuilding -------------------------------------------------------------------------------


class RebuildFailed(Exception):
    """A rebuild that should not replace the site (its message says why, for the log)."""


class Reloader:
    """Rebuilds through `rebuild` (which returns the built folder) and swaps the new site in."""

    def __init__(self, app: SiteApp, rebuild: Callable[[], Path]) -> None:
        self.app = app
        self.rebuild = rebuild
        self._lock = threading.Lock()

    def reload(self) -> bool:
        """Rebuild and swap; on any failure keep the current site, log why and return False."""
        with self._lock:
            started = time.monotonic()
            try:
                site = Site.load(self.rebuild(), previous=self.app.site)
            except RebuildFailed as error:
                log.error("rebuild failed, still serving the last good site: %s", error)
                return False
            except Exception as error:
                log.exception("rebuild failed, still serving the last good site: %s", error)
                return False
            self.app.swap(site)
            log.info(
                "rebuilt: %d files in %.2f s, now serving the new site",
                len(site.files),
                time.monotonic() - started,
            )
            return True


#: A file's state as polling sees it: (mtime in ns, size).
Stamp = tuple[int, int]


def snapshot(paths: Sequence[Path]) -> dict[str, Stamp]:
    """Modification time and size of every file under `paths` (files or folders; hidden files
    and folders, such as editors' swap files and `.git`, are left out)."""
    found: dict[str, Stamp] = {}
    for path in paths:
        candidates: list[Path] = []
        if path.is_dir():
            for directory, subdirs, names in os.walk(path):
                subdirs[:] = [d for d in subdirs if not d.startswith(".")]
                candidates.extend(Path(directory, n) for n in names if not n.startswith("."))
        else:
            candidates.append(path)
        for candidate in candidates:
            with contextlib.suppress(OSError):
                info = candidate.stat()
                found[str(candidate)] = (info.st_mtime_ns, info.st_size)
    return found


class Watcher:
    """Polls `paths` every `interval` seconds from a daemon thread and calls `on_change` once the
    files have changed and then stayed the same for one more poll (an editor saving in several
    steps causes one rebuild, not several)."""

    def __init__(
        self, paths: Sequence[Path], on_change: Callable[[], object], *, interval: float = 0.5
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self.on_change = on_change
        self.interval = interval
        self._seen = snapshot(self.paths)
        self._pending: dict[str, Stamp] | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="eventfeed-watch", daemon=True)

    def poll(self) -> bool:
        """Look once; call `on_change` when a change has settled. True when it was called."""
        current = snapshot(self.paths)
        if current == self._seen:
            self._pending = None
            return False
        if current != self._pending:
            self._pending = current  # changed since the last look: wait for it to settle
            return False
        self._seen, self._pending = current, None
        self.on_change()
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.poll()
            except Exception:  # the watcher must outlive any one failure
                log.exception("watching the posts failed")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)


# -- running ----------------------------------------------------------------------------------


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on `host:port` (port 0: any free port; read it back with
    `sock.getsockname()[1]`)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must say TCP: asyncio only sets TCP_NODELAY on sockets whose proto is IPPROTO_TCP,
    # and without it Nagle's algorithm holds each body back ~40 ms on a keep-alive connection.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _server(app: SiteApp, *, log_level: str, access_log: bool) -> Any:
    import uvicorn

    config = uvicorn.Config(
        app, lifespan="off", log_level=log_level, access_log=access_log, server_header=False
    )
    return uvicorn.Server(config)


def run(
    app: SiteApp, sock: socket.socket, *, log_level: str = "info", access_log: bool = True
) -> None:
    """Serve `app` on the bound `sock` until interrupted (Ctrl-C)."""
    _server(app, log_level=log_level, access_log=access_log).run(sockets=[sock])


@contextlib.contextmanager
def serving(
    app: SiteApp, host: str = "127.0.0.1", port: int = 0, *, log_level: str = "warning"
) -> Iterator[str]:
    """Serve `app` from a background thread for the duration of a `with` block; yields the base
    URL (`http://127.0.0.1:PORT/`). For tests and benchmarks."""
    sock = bind(host, port)
    server = _server(app, log_level=log_level, access_log=False)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.01)
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        yield f"http://{shown}:{bound_port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
