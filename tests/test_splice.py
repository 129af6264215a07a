"""Channel files written again from the ones they replace (`feeds.splice`): the texts the last
build's file still holds are copied from it, and the bytes are those of a build without it."""

from __future__ import annotations

import dataclasses
import os
import random
import sqlite3
from pathlib import Path

import pytest
from test_fragments import SETTINGS, _build, _files, no_warnings, rendered, seeds

from extractor.model import Event
from feeds.publish import build_site
from feeds.splice import Layout, Spliced

__all__ = ["no_warnings", "rendered", "seeds"]  # fixtures


class _File:
    """A sink in memory that copies stretches of other files."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, data: bytes) -> None:
        self.data += data

    def copy(self, source: Path, offset: int, length: int) -> None:
        self.data += source.read_bytes()[offset : offset + length]

    def close(self) -> None:
        pass


def _write(
    texts: list[tuple[bytes, bytes]], separator: bytes, old: tuple[Path, Layout] | None
) -> tuple[bytes, Layout, list[bool]]:
    """(key, text) pairs written as a file: its bytes, layout and which texts were needed."""
    sink = _File()
    spliced = Spliced(sink, separator, b"HEAD", [key for key, _ in texts], old)
    needed = [place < 0 for place in spliced.found]
    for number, (_key, text) in enumerate(texts):
        if needed[number]:
            spliced.add(number, text)
    layout = spliced.close(b"TAIL")
    return bytes(sink.data), layout, needed


@pytest.mark.parametrize("separator", [b"", b",\n"])
@pytest.mark.parametrize("seed", range(20))
def test_a_file_written_from_the_old_one_is_the_file_written_from_scratch(
    tmp_path: Path, separator: bytes, seed: int
) -> None:
    rng = random.Random(seed)
    pool = [(bytes([n]) * 32, f"<text {n} {'x' * rng.randint(0, 9)}>".encode()) for n in range(60)]
    before = rng.sample(pool, rng.randint(0, 40))
    after = rng.sample(pool, rng.randint(0, 40))
    if rng.random() < 0.5:  # mostly the same order, as after a small change
        after = sorted(after, key=lambda pair: before.index(pair) if pair in before else -1)
    data, layout, _ = _write(before, separator, None)
    old = tmp_path / "old"
    old.write_bytes(data)
    assert layout.size(separator) == len(data)
    expected = b"HEAD" + separator.join(text for _, text in after) + b"TAIL"
    spliced, new_layout, needed = _write(after, separator, (old, layout))
    assert spliced == expected
    assert needed == [pair not in before for pair in after]
    assert new_layout.size(separator) == len(expected)


def test_a_layout_comes_back_and_anything_else_is_refused() -> None:
    layout = Layout(5, 7, bytes(range(32)) * 2, [3, 4])
    packed = layout.pack()
    back = Layout.unpack(packed)
    assert back is not None
    assert (back.head, back.tail, back.keys, back.lengths) == (5, 7, layout.keys, [3, 4])
    for other in (None, "text", b"", packed[:-1], packed + b"\0", packed[:-1] + b"\1"):
        assert Layout.unpack(other) is None


def _edited(entries: list[Event]) -> list[Event]:
    changed = list(entries)
    changed[3] = dataclasses.replace(changed[3], location="Somewhere else")
    return changed


def test_texts_the_old_files_hold_are_copied_not_looked_up_or_rendered(
    seeds: list[Event], tmp_path: Path, rendered: list[str], no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    _build(seeds, tmp_path, cache)
    with sqlite3.connect(cache) as db:  # no text kept: only the old files hold them
        db.execute("DELETE FROM fragments")
    db.close()
    changed = _edited(seeds)
    expected = _build(changed, tmp_path / "fresh", None)
    rendered.clear()
    assert _build(changed, tmp_path, cache) == expected
    assert set(rendered) == {changed[3].title}


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param("UPDATE layouts SET layout = x'00'", id="a layout that is not one"),
        pytest.param("DELETE FROM layouts", id="no layout"),
        pytest.param("DROP TABLE layouts", id="no table"),
    ],
)
def test_a_broken_layout_gives_the_same_bytes(
    seeds: list[Event], tmp_path: Path, spoil: str, no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    _build(seeds, tmp_path, cache)
    with sqlite3.connect(cache) as db:
        db.execute(spoil)
    db.close()
    changed = _edited(seeds)
    assert _build(changed, tmp_path, cache) == _build(changed, tmp_path / "fresh", None)


def test_an_old_file_edited_in_place_is_not_copied_from(
    seeds: list[Event], tmp_path: Path, no_warnings: None
) -> None:
    cache = tmp_path / "cache.sqlite"
    _build(seeds, tmp_path, cache)
    for name in ("calendar.ics", "events.json", "rss.xml", "feed.json"):
        path = tmp_path / "site" / name
        stat = path.stat()
        data = path.read_bytes()
        path.write_bytes(data.replace(b"e", b"E"))  # same size, and the same times after
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    changed = _edited(seeds)
    assert _build(changed, tmp_path, cache) == _build(changed, tmp_path / "fresh", None)


def test_a_build_without_a_store_writes_every_text(
    seeds: list[Event], tmp_path: Path, no_warnings: None
) -> None:
    out = tmp_path / "site"
    build_site(seeds, SETTINGS, out, cache=tmp_path / "cache.sqlite")
    changed = _edited(seeds)
    build_site(changed, SETTINGS, out, cache=None)
    assert _files(out) == _build(changed, tmp_path / "fresh", None)
