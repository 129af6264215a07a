"""Atomic file writing: a reader sees the old file or the new one, never a part of either."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from feeds import write
from feeds.write import write_atomic, write_files


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*.tmp"))


def test_write_atomic_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "calendar.ics"
    write_atomic(target, b"first")
    assert target.read_bytes() == b"first"
    assert stat.S_IMODE(target.stat().st_mode) == write.NEW_FILE_MODE
    target.chmod(0o600)
    write_atomic(target, b"second\r\n")
    assert target.read_bytes() == b"second\r\n"  # bytes as given: no newline translation
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # an existing file keeps its mode
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "rss.xml"
    target.write_bytes(b"old")

    def boom(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_write_files_creates_folders_and_returns_sorted_paths(tmp_path: Path) -> None:
    files = {"rss.xml": b"r", "feeds/atom.xml": b"a", "calendar.ics": b"c", "a/b/c.json": b"j"}
    written = write_files(tmp_path / "public", files)
    root = tmp_path / "public"
    assert written == sorted(root / name for name in files)
    assert {str(p.relative_to(root)): p.read_bytes() for p in written} == files
    assert write_files(root, {}) == []


@pytest.mark.parametrize("name", ["../escape.ics", "/etc/passwd", "", ".", "a/../../b"])
def test_write_files_refuses_paths_outside_the_folder_before_writing_anything(
    tmp_path: Path, name: str
) -> None:
    with pytest.raises(ValueError, match="not a relative path"):
        write_files(tmp_path / "out", {"good.ics": b"x", name: b"y"})
    assert not (tmp_path / "out").exists()
