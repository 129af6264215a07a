"""A channel file written again from the one it replaces: the runs of entry texts it shares
with the last build's file are copied from there, only the others are looked up or rendered.

A channel's file is a head, its entries' texts joined by a separator (nothing, or `,\\n` in
JSON) and a tail. `Layout` is what a build keeps of each file it wrote: the lengths of head and
tail, and each text's key (`FragmentStore.key`: what the text is rendered from) and length, so
the offset of every text is known. The next build finds the keys of the new file among the
old ones (`Spliced`): a text found there is not needed, and texts that follow each other in both
files are copied in one piece, separators included (`Sink.copy`). The old file is used only when
it is as the last build left it (size, modification and change times, mode:
`feeds.site.Reuse.old_file`) and as long as its layout says.
"""

from __future__ import annotations

import hashlib
import struct
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

_MAGIC = b"layout1\0"
_HEADER = struct.Struct(">QQI")
_KEY = 32


class CopySink(Protocol):
    """A file being written that can also take a stretch of another file."""

    def write(self, data: bytes, /) -> object: ...

    def copy(self, source: Path, offset: int, length: int) -> None: ...

    def close(self) -> object: ...


class Layout:
    """Where the texts are in one written file."""

    def __init__(self, head: int, tail: int, keys: bytes, lengths: Sequence[int]) -> None:
        self.head = head
        self.tail = tail
        self.keys = keys
        """Every text's key, `_KEY` bytes each, in file order."""
        self.lengths = lengths

    def size(self, separator: bytes) -> int:
        """The size of the file it describes."""
        gaps = max(len(self.lengths) - 1, 0) * len(separator)
        return self.head + sum(self.lengths) + gaps + self.tail

    def key(self, number: int) -> bytes:
        return self.keys[number * _KEY : (number + 1) * _KEY]

    def pack(self) -> bytes:
        """The layout as stored, with a checksum (`unpack`)."""
        body = (
            _HEADER.pack(self.head, self.tail, len(self.lengths))
            + self.keys
            + struct.pack(f">{len(self.lengths)}I", *self.lengths)
        )
        return _MAGIC + hashlib.sha256(body).digest() + body

    @classmethod
    def unpack(cls, data: object) -> Layout | None:
        """The layout `pack` made `data` of; None for anything else."""
        if not isinstance(data, bytes) or not data.startswith(_MAGIC):
            return None
        start = len(_MAGIC) + 32
        body = data[start:]
        if hashlib.sha256(body).digest() != data[len(_MAGIC) : start]:
            return None
        try:
            head, tail, count = _HEADER.unpack_from(body)
            at = _HEADER.size + count * _KEY
            lengths = list(struct.unpack_from(f">{count}I", body, at))
        except struct.error:
            return None
        if len(body) != at + 4 * count:
            return None
        return cls(head, tail, body[_HEADER.size : at], lengths)


class Spliced:
    """One file being written: its head, then its texts in order, then its tail (`close`).

    `keys` are the texts' keys, in order. With `old` (the file it replaces and its layout),
    `found` gives each text's place in the old file (-1: not there); the caller gives only the
    texts not found (`add`), the others are copied.
    """

    def __init__(
        self,
        sink: CopySink,
        separator: bytes,
        head: bytes,
        keys: list[bytes],
        old: tuple[Path, Layout] | None = None,
    ) -> None:
        self.sink = sink
        self.separator = separator
        self.keys = keys
        self.head = len(head)
        self.source: Path | None = None
        self.found = array("q", [-1]) * len(keys)
        """Each text's place in the old file, or -1."""
        self.starts = array("Q")
        """Where each old text starts in the old file."""
        self.old_lengths: Sequence[int] = ()
        if old is not None:
            self.source, layout = old
            self.found = _line_up(keys, layout)
            self.old_lengths = layout.lengths
            step = len(separator)
            at = layout.head
            for length in layout.lengths:
                self.starts.append(at)
                at += length + step
        self.lengths = array("Q", [0]) * len(keys)
        for number, place in enumerate(self.found):
            if place >= 0:
                self.lengths[number] = self.old_lengths[place]
        self.run: tuple[int, int] | None = None
        """The old texts first…last to copy next."""
        self.count = 0
        """The texts written (or to be copied) so far."""
        sink.write(head)

    def add(self, number: int, text: bytes) -> None:
        """Text `number`, one not found in the old file (the texts before it that were are
        copied first)."""
        self._copy_to(number)
        self._flush()
        if number:
            self.sink.write(self.separator)
        self.sink.write(text)
        self.lengths[number] = len(text)
        self.count = number + 1

    def _copy_to(self, stop: int) -> None:
        """Take texts `count` … `stop` - 1, all found in the old file, into the run to copy."""
        found = self.found
        run = self.run
        for number in range(self.count, stop):
            old = found[number]
            if run is not None and old == run[1] + 1:
                run = (run[0], old)
                continue
            self.run = run
            self._flush()
            if number:
                self.sink.write(self.separator)
            run = (old, old)
        self.run = run
        self.count = max(self.count, stop)

    def _flush(self) -> None:
        """Copy the run of old texts waiting."""
        if self.run is None:
            return
        first, last = self.run
        assert self.source is not None
        start = self.starts[first]
        self.sink.copy(self.source, start, self.starts[last] + self.old_lengths[last] - start)
        self.run = None

    def copied(self) -> list[bytes]:
        """The keys of the texts copied from the old file."""
        return [key for key, old in zip(self.keys, self.found, strict=True) if old >= 0]

    def close(self, tail: bytes) -> Layout:
        """Copy what is left, write the tail; the file's layout."""
        self._copy_to(len(self.keys))
        self._flush()
        self.sink.write(tail)
        return Layout(self.head, len(tail), b"".join(self.keys), self.lengths)


def _line_up(keys: list[bytes], old: Layout) -> array[int]:
    """For each of `keys`, its place among the old layout's keys, or -1."""
    places = {old.key(number): number for number in range(len(old.lengths))}
    return array("q", [places.get(key, -1) for key in keys])
