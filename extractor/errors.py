"""Errors of the extractor: one base class, the location in every message."""

from __future__ import annotations


class EventfeedError(Exception):
    """Base class of every error eventfeed raises on purpose."""


class PostError(EventfeedError):
    """A post that cannot be read: `path[:line]: message`."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.message = message
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class CacheWarning(UserWarning):
    """The cache file could not be used (garbage, another schema, unwritable) and was ignored."""
