"""The one place that writes output files: atomically, so a subscriber never fetches half a file."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

#: Mode of a newly published file: readable by the web server, whatever the umask.
NEW_FILE_MODE = 0o644


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step.

    The bytes go to a temporary file in the same directory, are flushed to disk, and the file
    is renamed over `path` (`os.replace`). A reader sees the old file or the new one, never a
    mix; if anything fails, the old file is untouched and the temporary file removed. An
    existing file keeps its permission bits.
    """
    path = Path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable (POSIX; a no-op where directories cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _relative(name: str) -> PurePosixPath:
    """`name` as a path inside the output folder; absolute paths and `..` are refused."""
    relative = PurePosixPath(name.replace("\\", "/"))
    if not name or relative.is_absolute() or ".." in relative.parts or relative == PurePosixPath():
        raise ValueError(f"{name!r}: not a relative path inside the output folder")
    return relative


def write_files(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write each `relative path → bytes` under `out_dir` atomically, creating folders.

    Every name is checked before anything is written. Returns the paths written, sorted.
    """
    out_dir = Path(out_dir)
    targets = {out_dir.joinpath(*_relative(name).parts): data for name, data in files.items()}
    for target, data in sorted(targets.items()):
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    return sorted(targets)
