"""A build that would publish what is already published is skipped.

The cache (`extractor.cache`) keeps, for each output folder, a record of its last build: a key
made of everything the site is built from (every post's path and bytes, the read options and the
extractor: `Archive.digest`; the settings and filters; the publisher itself: the files of the
`feeds` package and the versions of the libraries that render), the size and modification time
of every file it wrote, and what it reported (problems, warnings, summary; exit status). A build of
that folder with the same key, finding those files as they were left, reports the same and
writes nothing. Anything else (a post changed, added or removed, another setting, an output
touched or deleted, a post that could not be read) builds as usual.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.version import library_versions

if TYPE_CHECKING:
    from extractor.cache import Cache
    from extractor.pipeline import Archive

CACHE_NAME = ".eventfeed-cache.sqlite"
"""The cache file `build` uses by default, beside its output folder."""

#: The libraries whose versions shape the published files.
LIBRARIES = ("icalendar", "feedgen", "lxml", "jinja2", "eventfeed")


def default_cache(out: Path) -> Path:
    """`CACHE_NAME` in the folder holding `out`: beside the site, never inside the folder that is
    published (and swapped as a whole on every build)."""
    return Path(out).absolute().parent / CACHE_NAME


def folder_digest(folder: Path) -> bytes:
    """A hash of every file's path and bytes under `folder`."""
    digest = hashlib.sha256()
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            digest.update(file.relative_to(folder).as_posix().encode("utf-8", "surrogateescape"))
            digest.update(b"\0" + hashlib.sha256(file.read_bytes()).digest())
    return digest.digest()


@lru_cache(maxsize=1)
def publisher_fingerprint() -> str:
    """A hash of the `feeds` package's files and of `LIBRARIES`' versions."""
    digest = hashlib.sha256(f"python {sys.version_info[:2]}\n".encode())
    digest.update(library_versions(LIBRARIES))
    package = Path(__file__).resolve().parent
    for file in sorted(package.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.relative_to(package).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Report:
    """What a build said on stderr (problems, warnings, summary), and its exit status."""

    lines: tuple[str, ...]
    status: int


class Rebuild:
    """One build of `out` from `archive`, with `cache` (None: nothing is skipped or kept).

    `context` is everything else the files depend on (settings, with the clock; filters),
    compared by `repr`; `templates`, a folder of templates, by the bytes of its files.
    """

    def __init__(
        self,
        cache: Cache | None,
        archive: Archive,
        out: Path,
        *context: Any,
        templates: Path | None = None,
    ) -> None:
        self.cache = cache
        self.target = str(Path(out).absolute())
        digest = archive.digest
        self.key: str | None = None
        if cache is not None and digest is not None:
            parts = (digest, publisher_fingerprint(), self.target, *map(repr, context))
            key = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass"))
            if templates is not None:
                key.update(folder_digest(Path(templates)))
            self.key = key.hexdigest()

    def unchanged(self) -> Report | None:
        """The last build's report when it was made from the same key and its files are still
        as it wrote them; else None (build)."""
        if self.cache is None or self.key is None:
            return None
        record = self.cache.build_record(self.target)
        if not record or record.get("key") != self.key:
            return None
        try:
            files = record["files"]
            for path, (size, mtime) in files.items():
                stat = Path(path).stat()
                if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
                    return None
            return Report(tuple(map(str, record["lines"])), int(record["status"]))
        except (OSError, KeyError, TypeError, ValueError, AttributeError):
            return None

    def remember(self, written: Sequence[Path], lines: Sequence[str], status: int) -> None:
        """Keep what this build wrote, and what a build that finds nothing changed says
        (`lines`) and exits with (`status`)."""
        if self.cache is None or self.key is None:
            return
        files = {}
        for path in written:
            stat = Path(path).stat()
            files[str(Path(path).absolute())] = (stat.st_size, stat.st_mtime_ns)
        record = {"key": self.key, "files": files, "lines": list(lines), "status": status}
        self.cache.save_build(self.target, record)
