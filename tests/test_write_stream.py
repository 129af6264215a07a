"""`publish_tree` writes the files as they come, and still swaps the folder in as a whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from feeds import write
from feeds.write import MANIFEST, Staging, publish_tree

ROOT = Path(__file__).resolve().parent.parent


def _staged(parent: Path) -> list[Path]:
    return list(parent.glob(".public.new-*"))


def test_an_iterable_is_written_one_file_at_a_time(tmp_path: Path) -> None:
    out = tmp_path / "public"

    def files() -> Iterator[tuple[str, bytes]]:
        for n in range(3):
            if n:  # the file before is on disk before the next is made
                (staging,) = _staged(tmp_path)
                assert (staging / f"f{n - 1}.ics").read_bytes() == f"file {n - 1}".encode()
            yield f"f{n}.ics", f"file {n}".encode()

    written = publish_tree(out, files())
    assert written == [out / f"f{n}.ics" for n in range(3)]
    assert (out / MANIFEST).read_text() == "f0.ics\nf1.ics\nf2.ics\n"


def test_files_written_piece_by_piece_hold_every_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "SINK_BUFFER", 10)
    out = tmp_path / "public"
    pieces = [f"piece {n};".encode() for n in range(50)]

    def fill(staging: Staging) -> None:
        a, b = staging.open("a.ics"), staging.open("sub/b.ics")
        for piece in pieces:
            a.write(piece)
            b.write(piece.upper())
        a.close()  # b is closed by publish_tree
        staging.write("c.json", b"{}")

    publish_tree(out, fill)
    assert (out / "a.ics").read_bytes() == b"".join(pieces)
    assert (out / "sub" / "b.ics").read_bytes() == b"".join(pieces).upper()
    assert (out / MANIFEST).read_text() == "a.ics\nc.json\nsub/b.ics\n"
    assert oct((out / "a.ics").stat().st_mode & 0o777) == oct(write.NEW_FILE_MODE)


@pytest.mark.parametrize(
    "bad",
    [("../escape.ics", b"x"), (MANIFEST, b"x"), ("f0.ics", b"again")],
    ids=["outside the folder", "the manifest", "a name written twice"],
)
def test_a_stream_that_fails_midway_leaves_the_old_site(
    bad: tuple[str, bytes], tmp_path: Path
) -> None:
    out = tmp_path / "public"
    publish_tree(out, {"calendar.ics": b"old site", "CNAME": b"x"})

    def files() -> Iterator[tuple[str, bytes]]:
        yield "f0.ics", b"new"
        yield bad

    with pytest.raises(ValueError):
        publish_tree(out, files())
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "CNAME", "calendar.ics"]
    assert (out / "calendar.ics").read_bytes() == b"old site"
    assert _staged(tmp_path) == []


def test_a_render_that_fails_midway_leaves_the_old_site(tmp_path: Path) -> None:
    out = tmp_path / "public"
    publish_tree(out, {"calendar.ics": b"old site"})

    def fill(staging: Staging) -> None:
        staging.open("calendar.ics").write(b"half a calen")
        raise RuntimeError("the renderer broke")

    with pytest.raises(RuntimeError):
        publish_tree(out, fill)
    assert (out / "calendar.ics").read_bytes() == b"old site"
    assert _staged(tmp_path) == []


def test_a_closed_file_takes_no_more(tmp_path: Path) -> None:
    def fill(staging: Staging) -> None:
        sink = staging.open("a.ics")
        sink.close()
        sink.write(b"late")

    with pytest.raises(ValueError, match="already closed"):
        publish_tree(tmp_path / "public", fill)


KILLED_STREAM = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import feeds.write as w

    def fill(staging):
        sink = staging.open("calendar.ics")
        for n in range(1000):
            sink.write(b"x" * 1024)
            if n == 500:
                Path(sys.argv[2]).touch()  # tell the test we are mid-write
                time.sleep(60)

    w.publish_tree(Path(sys.argv[1]), fill)
    """
)


def test_a_build_killed_while_streaming_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    out = tmp_path / "public"
    publish_tree(out, {"calendar.ics": b"old site"})
    marker = tmp_path / "writing"
    child = subprocess.Popen([sys.executable, "-c", KILLED_STREAM, str(out), str(marker)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            assert child.poll() is None and time.monotonic() < deadline, "the build never started"
            time.sleep(0.02)
        (staging,) = _staged(tmp_path)
        assert (staging / "calendar.ics").stat().st_size > 0  # part of it is on disk
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert (out / "calendar.ics").read_bytes() == b"old site"
    publish_tree(out, {"calendar.ics": b"next"})
    assert _staged(tmp_path) == []
    assert (out / "calendar.ics").read_bytes() == b"next"


def test_build_site_writes_each_file_before_rendering_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The calendars and feeds are on disk before the page (rendered last) is made."""
    import datetime as dt

    import feeds.agenda
    from extractor.model import Event, EventKind, Source
    from feeds.publish import build_site
    from feeds.settings import Settings

    real = feeds.agenda.agenda_parts
    seen: dict[str, int] = {}

    def page(*args: object, **kw: object) -> Iterator[bytes]:
        (staging,) = _staged(tmp_path)
        for name in ("calendar.ics", "rss.xml", "atom.xml", "feed.json", "events.json"):
            seen[name] = (staging / name).stat().st_size
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(feeds.agenda, "agenda_parts", page)
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    source = Source("a.md", 3, "A", when.date(), when)
    event = Event(
        EventKind.EVENT, "Meetup", dt.date(2026, 3, 5), dt.date(2026, 3, 5), sources=(source,)
    )
    build_site([event], Settings(), tmp_path / "public")
    assert seen and all(size > 0 for size in seen.values())
