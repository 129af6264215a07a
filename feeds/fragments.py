"""Rendered entry texts (a VEVENT, an RSS item …) kept across builds, so a build renders only
the entries that changed.

A text is found by a key: a hash of what it is (`kind`), everything it is rendered from (the
entry, its UID in the file, the settings it shows, the data of the zones it is in) and the
publisher (`feeds.rebuild.publisher_fingerprint`: the `feeds` package and the libraries that
render). Texts live in the `fragments` table of the build's cache file (beside the extractor's
tables, which `extractor.cache` owns), each with the SHA-256 of its bytes, checked when it is
read back: a text that does not match, a table of another layout or a file that fails is never
trusted; the text is rendered again. A store that holds more than twice what the last build used
is trimmed to that.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
import warnings
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo

from extractor.cache import transaction
from extractor.errors import CacheWarning
from extractor.model import Event

#: The table's layout: another one is dropped and made again.
_COLUMNS = ["key", "text", "checksum"]
_TABLE = "CREATE TABLE fragments (key BLOB PRIMARY KEY, text BLOB NOT NULL, checksum BLOB NOT NULL)"
#: The files of each output folder's last build (`FragmentStore.site_record`).
_SITES = "CREATE TABLE IF NOT EXISTS sites (target BLOB PRIMARY KEY, record TEXT NOT NULL)"
#: Where the texts are in each file of each output folder's last build (`feeds.splice.Layout`).
_LAYOUTS = """CREATE TABLE IF NOT EXISTS layouts (
    target BLOB NOT NULL, name TEXT NOT NULL, layout BLOB NOT NULL, PRIMARY KEY (target, name)
)"""
#: Texts written in one transaction, in bytes.
_BATCH_BYTES = 8 * 1024 * 1024
#: Keys looked up in one query.
_LOOKUP = 500


class FragmentWarning(CacheWarning):
    """The fragment store could not be used; the build goes on rendering every entry."""


def entry_digest(event: Event) -> bytes:
    """A hash of everything about `event` that an output can show (not `rule` or `reasoning`),
    including the tz database's data for every zone it names."""
    start = event.start
    parts: list[object] = [
        event.kind.value,
        event.title,
        _moment(start),
        event.end.isoformat(),
        event.precision.value,
        event.tz,
        event.location,
        event.url,
        event.section,
        event.text,
        event.sequence,
        event.uid,
    ]
    zones = {event.tz} if event.tz else set()
    if isinstance(start, dt.datetime) and isinstance(start.tzinfo, ZoneInfo):
        zones.add(start.tzinfo.key)
    for source in event.sources:
        published = source.post_published
        parts += (
            source.path,
            source.line,
            source.post_title,
            source.post_date.isoformat(),
            _published(published),
            source.post_url,
        )
        if isinstance(published.tzinfo, ZoneInfo):
            zones.add(published.tzinfo.key)
    digest = hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass"))
    for key in sorted(zones):
        digest.update(_zone_data(key))
    return digest.digest()


def _moment(moment: dt.date) -> str:
    if isinstance(moment, dt.datetime):
        return f"{moment.isoformat()} {moment.fold} {moment.tzinfo!r}"
    return moment.isoformat()


_PUBLISHED: dict[int, tuple[dt.datetime, str]] = {}
"""`_moment` of the posts' publication times, by the object (held, so its id stays its own):
a post's mentions share it."""


def _published(moment: dt.datetime) -> str:
    known = _PUBLISHED.get(id(moment))
    if known is not None and known[0] is moment:
        return known[1]
    text = _moment(moment)
    if len(_PUBLISHED) >= 1 << 16:
        _PUBLISHED.clear()
    _PUBLISHED[id(moment)] = (moment, text)
    return text


@cache
def _zone_data(key: str) -> bytes:
    """A hash of the tz database's file for zone `key` (empty when there is none)."""
    from feeds.ics import zone_file

    return hashlib.sha256(zone_file(key) or b"").digest()


class FragmentStore:
    """Texts by key, in the SQLite file at `path`; use as a context manager.

    `path` None keeps nothing (every lookup misses). A file that cannot be opened or used is
    done without, with one `FragmentWarning`, unless `optional`.
    """

    def __init__(self, path: str | Path | None, *, optional: bool = False) -> None:
        from feeds.rebuild import publisher_fingerprint

        self.path = None if path is None else Path(path)
        self.optional = optional
        self._prefix = publisher_fingerprint().encode("ascii")
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[bytes, bytes, bytes]] = []
        self._pending_bytes = 0
        self._used: set[bytes] = set()
        if self.path is not None:
            try:
                self._db = self._connect(self.path)
            except (sqlite3.Error, OSError) as error:
                self._fail(error)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=10, isolation_level=None)
        try:
            columns = [row[1] for row in db.execute("PRAGMA table_info(fragments)")]
            if columns != _COLUMNS:
                with transaction(db):
                    db.execute("DROP TABLE IF EXISTS fragments")
                    db.execute(_TABLE)
        except BaseException:
            db.close()
            raise
        return db

    def _fail(self, error: BaseException) -> None:
        """Stop using the file; what is pending is dropped. A table that is not readable (not
        a locked or read-only file) is emptied first, so the next build fills it again."""
        if self._db is not None and not isinstance(error, sqlite3.OperationalError):
            with contextlib.suppress(sqlite3.Error), transaction(self._db):
                self._db.execute("DROP TABLE IF EXISTS fragments")
                self._db.execute(_TABLE)
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        self._pending.clear()
        if not self.optional:
            reason = str(error) or type(error).__name__
            warnings.warn(
                f"{self.path}: rendered texts not kept ({reason})", FragmentWarning, stacklevel=3
            )

    @property
    def prefix(self) -> bytes:
        """The publisher's fingerprint, which every key starts from."""
        return self._prefix

    @property
    def usable(self) -> bool:
        """Whether texts are looked up and kept."""
        return self._db is not None

    def key(self, kind: str, digest: bytes, *variant: object) -> bytes:
        """The key of the text `kind` of the entry with `entry_digest` `digest`, rendered with
        `variant` (its UID, the settings it shows …, compared by `repr`)."""
        data = repr(variant).encode("utf-8", "surrogatepass")
        return hashlib.sha256(self._prefix + kind.encode() + b"\0" + digest + data).digest()

    def lookup(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The texts stored under `keys` whose checksum holds (missing keys are left out)."""
        found: dict[bytes, bytes] = {}
        self._used.update(keys)
        if self._db is None or not keys:
            return found
        try:
            for start in range(0, len(keys), _LOOKUP):
                chunk = keys[start : start + _LOOKUP]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, text, checksum FROM fragments WHERE key IN ({marks})", chunk
                )
                for key, text, checksum in rows:
                    if isinstance(text, bytes) and hashlib.sha256(text).digest() == checksum:
                        found[key] = text
        except sqlite3.Error as error:
            self._fail(error)
            return {}
        return found

    def site_record(self, target: str) -> dict[str, Any]:
        """What `save_site` kept for the output folder `target` ({} when nothing usable)."""
        if self._db is None:
            return {}
        try:
            self._db.execute(_SITES)
            row = self._db.execute(
                "SELECT record FROM sites WHERE target = ?",
                (target.encode("utf-8", "surrogateescape"),),
            ).fetchone()
            record = json.loads(row[0]) if row is not None else {}
        except (sqlite3.Error, TypeError, ValueError, RecursionError):
            return {}
        return record if isinstance(record, dict) else {}

    def save_site(
        self, target: str, record: dict[str, Any], layouts: dict[str, bytes] | None = None
    ) -> None:
        """Keep `record` (JSON-ready) for the output folder `target`, and the `layouts` of the
        files this build wrote (name → `Layout.pack`)."""
        if self._db is None:
            return
        text = json.dumps(record, sort_keys=True)
        folder = target.encode("utf-8", "surrogateescape")
        try:
            with transaction(self._db):
                self._db.execute(_SITES)
                self._db.execute("INSERT OR REPLACE INTO sites VALUES (?, ?)", (folder, text))
                self._db.execute(_LAYOUTS)
                self._db.executemany(
                    "INSERT OR REPLACE INTO layouts VALUES (?, ?, ?)",
                    ((folder, name, layout) for name, layout in (layouts or {}).items()),
                )
        except sqlite3.Error as error:
            self._fail(error)

    def layout(self, target: str, name: str) -> bytes | None:
        """The layout `save_site` kept for file `name` of the output folder `target`."""
        if self._db is None:
            return None
        try:
            self._db.execute(_LAYOUTS)
            row = self._db.execute(
                "SELECT layout FROM layouts WHERE target = ? AND name = ?",
                (target.encode("utf-8", "surrogateescape"), name),
            ).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row is not None and isinstance(row[0], bytes) else None

    def touch(self, keys: Iterable[bytes]) -> None:
        """Count `keys` as used by this build (their texts were taken from elsewhere): the
        store is not trimmed of them."""
        self._used.update(keys)

    def keep(self, items: Iterable[tuple[bytes, bytes]]) -> None:
        """Store each (key, text); written in batches, the last on `close`."""
        if self._db is None:
            return
        for key, text in items:
            self._used.add(key)
            self._pending.append((key, text, hashlib.sha256(text).digest()))
            self._pending_bytes += len(text)
        if self._pending_bytes >= _BATCH_BYTES:
            self._write()

    def _write(self) -> None:
        if self._db is None or not self._pending:
            return
        try:
            with transaction(self._db):
                self._db.executemany(
                    "INSERT OR REPLACE INTO fragments VALUES (?, ?, ?)", self._pending
                )
        except sqlite3.Error as error:
            self._fail(error)
        self._pending.clear()
        self._pending_bytes = 0

    def close(self) -> None:
        """Write what is pending, trim the store to what this build used when it holds more
        than twice that, and close the file."""
        self._write()
        if self._db is not None and self._used:
            try:
                (count,) = self._db.execute("SELECT COUNT(*) FROM fragments").fetchone()
                if count > 2 * len(self._used):
                    self._trim()
            except sqlite3.Error as error:
                self._fail(error)
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None

    def _trim(self) -> None:
        assert self._db is not None
        with transaction(self._db):
            self._db.execute("CREATE TEMP TABLE used (key BLOB PRIMARY KEY)")
            self._db.executemany("INSERT INTO used VALUES (?)", ((k,) for k in self._used))
            self._db.execute("DELETE FROM fragments WHERE key NOT IN (SELECT key FROM used)")
            self._db.execute("DROP TABLE used")

    def __enter__(self) -> FragmentStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def pack(texts: tuple[bytes, ...]) -> bytes:
    """Several texts as one: each after its length (one text: as it is)."""
    if len(texts) == 1:
        return texts[0]
    return b"".join(len(text).to_bytes(4, "big") + text for text in texts)


def unpack(data: bytes, count: int) -> tuple[bytes, ...] | None:
    """The `count` texts `pack` made `data` of; None when it is not that."""
    if count == 1:
        return (data,)
    texts = []
    at = 0
    for _ in range(count):
        size = int.from_bytes(data[at : at + 4], "big")
        texts.append(data[at + 4 : at + 4 + size])
        at += 4 + size
    return tuple(texts) if at == len(data) else None
