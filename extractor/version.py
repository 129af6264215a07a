"""Which extractor made a result: what the cache (`extractor.cache`) keys every stored post by."""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

EXTRACTOR_VERSION = 1
"""Bump when extraction output changes: a new rule, a fixed date, another title or field.

Every cached result made by another version is then dropped. `fingerprint` also hashes the
extractor's own source files, so a forgotten bump cannot serve stale results from a checkout;
the number is what still tells apart two installs whose files hash the same.
"""

#: The libraries whose behaviour shapes what is extracted (front matter, markdown, dates).
LIBRARIES = ("markdown-it-py", "python-frontmatter", "PyYAML", "dateparser")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of everything extraction output depends on besides the post and the options:
    `EXTRACTOR_VERSION`, the source of every module of the `extractor` package, the versions of
    `LIBRARIES` and the Python version."""
    digest = hashlib.sha256(f"eventfeed-extractor {EXTRACTOR_VERSION}\n".encode())
    digest.update(f"python {sys.version_info.major}.{sys.version_info.minor}\n".encode())
    digest.update(library_versions(LIBRARIES))
    for module in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(f"{module.name} ".encode())
        digest.update(hashlib.sha256(module.read_bytes()).digest())
    return digest.hexdigest()


def library_versions(libraries: tuple[str, ...]) -> bytes:
    """`name version` of each installed library a line (`-` for one not installed), to hash."""
    lines = []
    for library in libraries:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "-"
        lines.append(f"{library} {version}\n")
    return "".join(lines).encode()
