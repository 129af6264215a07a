"""What was extracted from each post, kept in one SQLite file so unchanged posts are not read again.

A stored result is found by the post's path, the options it was read with and the SHA-256 of
its bytes; the whole store belongs to one extractor (`version.fingerprint`), and a store made by
another is emptied when opened. A result is checked against its own hash when read back (and
`extractor.pipeline` parses again a post whose result does not decode). A file that is not such
a store (garbage, truncated, another schema) is never trusted: it is deleted and made again,
with one `CacheWarning`; one that cannot be opened or made (locked, read-only, no folder) is
done without, with one `CacheWarning`.

It also keeps the status of each post file when it was hashed (`file_stats`), so a file
that has not changed since is not read again to find its hash. The store also keeps, for each
output folder, a record of the last build (`build_record`,
`save_build`), so a build whose inputs and settings have not changed can skip its work.

Writes are buffered and made in one transaction when the store is closed (also after an error:
every stored result stands on its own).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat
import time
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from extractor.errors import CacheWarning
from extractor.version import fingerprint

__all__ = ["SCHEMA", "Cache"]

SCHEMA = 1
"""The layout of the tables below (`PRAGMA user_version`); another value means another layout."""

LOOKUP = 500
"""Posts looked up in one query (`Cache.lookup_many`); SQLite takes at most 32,766 values."""

_TABLES = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE posts (
        path BLOB NOT NULL,
        options TEXT NOT NULL,
        digest BLOB NOT NULL,
        result TEXT NOT NULL,
        checksum BLOB NOT NULL,
        PRIMARY KEY (path, options)
    )""",
    "CREATE TABLE builds (target BLOB PRIMARY KEY, record TEXT NOT NULL)",
)
_FILES = """CREATE TABLE IF NOT EXISTS files (
    path BLOB NOT NULL,
    limits TEXT NOT NULL,
    status TEXT NOT NULL,
    digest BLOB NOT NULL,
    checked INTEGER NOT NULL,
    PRIMARY KEY (path, limits)
)"""
"""Each post file's status (`FileStats.status`) and digest when it was hashed (at `checked`,
nanoseconds since the epoch); added to schema 1 when missing."""

SETTLED_NS = 3_000_000_000
"""How long before it was hashed a file must have last changed for its status to be trusted:
more than the coarsest file-system clock (FAT's 2 s), so that a later write cannot leave the
same times."""


class Cache:
    """An open cache file; use as a context manager (`with Cache(path) as cache: …`).

    With `optional`, a file that cannot be opened or made at all (no folder for it, read-only)
    is done without silently: for a default location nobody asked for.
    """

    def __init__(self, path: str | Path, *, optional: bool = False) -> None:
        self.path = Path(path)
        self.optional = optional
        self._db: sqlite3.Connection | None = None
        self._posts: list[tuple[bytes, str, bytes, str, bytes]] = []
        self._builds: dict[bytes, str] = {}
        self._files: list[tuple[bytes, str, str, bytes, int]] = []
        self._disabled = False
        self._open()

    # --- opening ---------------------------------------------------------------------------

    def _open(self) -> None:
        """Open the file; one that is not this cache is removed and made again."""
        try:
            self._db = self._connect()
            return
        except (sqlite3.OperationalError, OSError) as error:
            # Locked, read-only, or no folder for it: nothing says the file is bad; keep it.
            self._give_up(error)
            return
        except (sqlite3.DatabaseError, ValueError) as error:
            self._close_db()
            self._warn(f"unusable cache ignored and made again ({_reason(error)})")
            self._remove()
        try:
            self._db = self._connect()
        except (sqlite3.Error, OSError, ValueError) as error:
            self._give_up(error)

    def _give_up(self, error: Exception) -> None:
        self._close_db()
        self._disabled = True
        if not self.optional:
            self._warn(f"cannot use the cache; going on without one ({_reason(error)})")

    def _connect(self) -> sqlite3.Connection:
        """Open the file, checking (under a write lock) that it is this schema, this extractor's."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        self._db = db
        with transaction(db):
            (schema,) = db.execute("PRAGMA user_version").fetchone()
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if schema == 0 and not tables:
                for statement in _TABLES:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA}")
                tables = {"meta", "posts", "builds"}
            elif schema != SCHEMA or not {"meta", "posts", "builds"} <= tables:
                raise ValueError(f"schema {schema}, tables {sorted(tables)}, not schema {SCHEMA}")
            db.execute(_FILES)
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if row is None or row[0] != fingerprint():
                # Made by another extractor: everything in it is stale, nothing is wrong.
                db.execute("DELETE FROM posts")
                db.execute("DELETE FROM builds")
                db.execute("DELETE FROM files")
                db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fingerprint(),)
                )
        return db

    def _remove(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _warn(self, message: str) -> None:
        warnings.warn(f"{self.path}: {message}", CacheWarning, stacklevel=4)

    def _broken(self, error: sqlite3.Error) -> None:
        """The file failed while in use: stop reading it; `close` makes it again."""
        if isinstance(error, sqlite3.OperationalError):
            self._give_up(error)
            return
        self._close_db()
        self._warn(f"unusable cache ignored and made again ({_reason(error)})")
        self._remove()

    def _close_db(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None

    @property
    def usable(self) -> bool:
        """False once the file has failed (and until `close` has made it again)."""
        return self._db is not None

    # --- posts -----------------------------------------------------------------------------

    def lookup(self, path: str, options: str, digest: bytes) -> str | None:
        """The result stored for post `path` read with `options`, if its bytes hash to `digest`
        and the result to the hash stored with it."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT digest, result, checksum FROM posts WHERE path = ? AND options = ?",
                (_bytes(path), options),
            ).fetchone()
        except sqlite3.Error as error:
            self._broken(error)
            return None
        if row is None or row[0] != digest:
            return None
        result, checksum = row[1], row[2]
        if not isinstance(result, str) or _checksum(result) != checksum:
            return None
        return result

    def lookup_many(self, wanted: Sequence[tuple[str, bytes]], options: str) -> dict[str, str]:
        """`lookup` for every (path, digest) of `wanted` (read with `options`), in a few
        queries: path → result, for those stored under that digest whose result is intact."""
        found: dict[str, str] = {}
        if self._db is None or not wanted:
            return found
        digests = {_bytes(path): (path, digest) for path, digest in wanted}
        keys = list(digests)
        try:
            for start in range(0, len(keys), LOOKUP):
                chunk = keys[start : start + LOOKUP]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    "SELECT path, digest, result, checksum FROM posts "
                    f"WHERE options = ? AND path IN ({marks})",
                    (options, *chunk),
                ).fetchall()
                for stored_path, digest, result, checksum in rows:
                    hit = digests.get(stored_path)
                    if hit is None or digest != hit[1] or not isinstance(result, str):
                        continue
                    if _checksum(result) == checksum:
                        found[hit[0]] = result
        except sqlite3.Error as error:
            self._broken(error)
            return {}
        return found

    def store(self, path: str, options: str, digest: bytes, result: str) -> None:
        """Keep `result` (text; the pipeline's JSON) for post `path`; written on close."""
        self._posts.append((_bytes(path), options, digest, result, _checksum(result)))

    # --- post files ------------------------------------------------------------------------

    def file_stats(self, limits: str) -> FileStats:
        """What is known of the post files read with `limits` (`repr(Limits)`)."""
        rows: dict[bytes, tuple[object, object, object]] = {}
        if self._db is not None:
            try:
                for path, status, digest, checked in self._db.execute(
                    "SELECT path, status, digest, checked FROM files WHERE limits = ?", (limits,)
                ):
                    rows[path] = (status, digest, checked)
            except sqlite3.Error as error:
                self._broken(error)
                rows = {}
        return FileStats(self, limits, rows)

    def _file_hashed(self, path: str, limits: str, status: str, digest: bytes, when: int) -> None:
        self._files.append((_bytes(path), limits, status, digest, when))

    # --- builds ----------------------------------------------------------------------------

    def build_record(self, target: str) -> dict[str, Any] | None:
        """What `save_build` last kept for `target` (an output), or None."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT record FROM builds WHERE target = ?", (_bytes(target),)
            ).fetchone()
        except sqlite3.Error as error:
            self._broken(error)
            return None
        try:
            record = json.loads(row[0]) if row is not None else None
        except (TypeError, ValueError, RecursionError):
            return None
        return record if isinstance(record, dict) else None

    def save_build(self, target: str, record: dict[str, Any]) -> None:
        """Keep `record` (JSON-ready) for `target`; written on close."""
        self._builds[_bytes(target)] = json.dumps(record, sort_keys=True)

    # --- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Write what was stored in one transaction and close the file."""
        if self._db is None and not self._disabled and (self._posts or self._builds):
            self._open()  # it broke while in use
        if self._db is not None and (self._posts or self._builds or self._files):
            try:
                with transaction(self._db):
                    self._db.executemany(
                        "INSERT OR REPLACE INTO posts VALUES (?, ?, ?, ?, ?)", self._posts
                    )
                    self._db.executemany(
                        "INSERT OR REPLACE INTO builds VALUES (?, ?)", self._builds.items()
                    )
                    self._db.executemany(
                        "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", self._files
                    )
            except sqlite3.Error as error:
                self._warn(f"cannot write the cache ({_reason(error)})")
        self._posts.clear()
        self._builds.clear()
        self._files.clear()
        self._close_db()

    def __enter__(self) -> Cache:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Even after an error: every stored result stands on its own.
        self.close()


class FileStats:
    """The post files' status when the cache last hashed them (`Cache.file_stats`).

    A file's status is its size, modification and change times, inode and device. Its stored
    digest is given back only when the file still has that status and had it for `SETTLED_NS`
    before it was hashed: a write since then would have changed its change time (which no
    program sets back), even on a file system with a coarse clock.
    """

    def __init__(
        self, cache: Cache, limits: str, rows: dict[bytes, tuple[object, object, object]]
    ) -> None:
        self.cache = cache
        self.limits = limits
        self.rows = rows
        self.now = time.time_ns()
        """Before any file is looked at: when the files hashed now count as checked."""

    @staticmethod
    def status(file: Path) -> str | None:
        """`file`'s status as stored; None for what is not a regular file (or cannot be read)."""
        try:
            info = os.stat(file)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        return f"{info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino} {info.st_dev}"

    def digest(self, path: str, status: str) -> bytes | None:
        """The digest stored for `path`, if the file had `status` then and had settled."""
        row = self.rows.get(_bytes(path))
        if row is None or row[0] != status:
            return None
        digest, checked = row[1], row[2]
        if not isinstance(digest, bytes) or len(digest) != 32 or not isinstance(checked, int):
            return None
        _size, modified, changed, *_ = map(int, status.split())
        if max(modified, changed) > checked - SETTLED_NS:
            return None
        return digest

    def hashed(self, path: str, status: str, digest: bytes) -> None:
        """Keep `digest`, found for `path` by reading it with `status` (written on close)."""
        self.cache._file_hashed(path, self.limits, status, digest, self.now)


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction on `db`, rolled back if anything fails (or is interrupted)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _bytes(path: str) -> bytes:
    """A path as stored: its bytes (a file name that is not UTF-8 is kept as it is)."""
    return path.encode("utf-8", "surrogateescape")


def _checksum(result: str) -> bytes:
    return hashlib.sha256(result.encode("utf-8", "surrogatepass")).digest()


def _reason(error: BaseException) -> str:
    return str(error) or type(error).__name__
