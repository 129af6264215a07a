"""The one place that writes output files: atomically, so a subscriber never fetches half a file."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping
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


#: Lists, one per line, the files eventfeed wrote into a site folder; the others are kept.
MANIFEST = ".eventfeed-manifest"
#: Mode of a new site folder: listable by the web server, whatever the umask.
NEW_DIR_MODE = 0o755


#: What `publish_tree` publishes: path → bytes, (path, bytes) pairs as they are made, or a
#: function that fills the `Staging` folder itself.
Files = Mapping[str, bytes] | Iterable[tuple[str, bytes]] | Callable[["Staging"], None]

#: How much of a file being written piece by piece (`Staging.open`) is held before it is
#: appended to the file.
SINK_BUFFER = 64 * 1024


class Sink:
    """A file of the staging folder written piece by piece (`Staging.open`); `close` it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._buffer = bytearray()
        self._closed = False
        with open(path, "wb"):
            pass
        os.chmod(path, NEW_FILE_MODE)

    def write(self, data: bytes) -> None:
        """Add `data` at the end of the file."""
        if self._closed:
            raise ValueError(f"{self.path}: already closed")
        self._buffer += data
        if len(self._buffer) >= SINK_BUFFER:
            self._flush(sync=False)

    def _flush(self, *, sync: bool) -> None:
        if not self._buffer and not sync:
            return
        with open(self.path, "ab") as handle:
            handle.write(self._buffer)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        self._buffer.clear()

    def copy(self, source: Path, offset: int, length: int) -> None:
        """Add `length` bytes of the file `source` from `offset` at the end of the file (in
        the kernel where it can: `os.copy_file_range`)."""
        if self._closed:
            raise ValueError(f"{self.path}: already closed")
        self._flush(sync=False)
        with open(source, "rb") as src, open(self.path, "r+b") as dst:
            at = dst.seek(0, os.SEEK_END)
            left = length
            try:
                while left:
                    done = os.copy_file_range(src.fileno(), dst.fileno(), left, offset, at)
                    if not done:
                        raise OSError(errno.EIO, f"{source}: shorter than expected")
                    offset, at, left = offset + done, at + done, left - done
            except (OSError, AttributeError) as error:
                if isinstance(error, OSError) and error.errno == errno.EIO:
                    raise
                src.seek(offset)
                dst.seek(at)
                while left:
                    data = src.read(min(left, 1 << 20))
                    if not data:
                        raise OSError(errno.EIO, f"{source}: shorter than expected") from None
                    dst.write(data)
                    left -= len(data)

    def close(self) -> None:
        """Write what is held and flush the file to disk."""
        if not self._closed:
            self._flush(sync=True)
            self._closed = True


class Staging:
    """The new folder `publish_tree` fills before swapping it in: each file is written as it
    comes (`write`, or piece by piece with `open`), so no build holds the whole site."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.names: set[PurePosixPath] = set()
        self._sinks: list[Sink] = []

    def _target(self, name: str) -> Path:
        relative = _relative(name)
        if relative == PurePosixPath(MANIFEST):
            raise ValueError(f"{MANIFEST!r} is eventfeed's own file")
        if relative in self.names:
            raise ValueError(f"{name!r} is written twice")
        self.names.add(relative)
        target = self.root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, name: str, data: bytes) -> None:
        """Write the whole file `name` (a relative path)."""
        _write_new(self._target(name), data)

    def link(self, name: str, source: Path) -> bool:
        """Put the file `source` in as `name` (a hard link: its bytes, not copied); False, and
        nothing done, where it cannot be linked (another file system, no such file)."""
        relative = _relative(name)
        if relative == PurePosixPath(MANIFEST) or relative in self.names:
            raise ValueError(f"{name!r} is eventfeed's own file or written twice")
        target = self.root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            return False
        self.names.add(relative)
        return True

    def open(self, name: str) -> Sink:
        """The file `name`, to be written piece by piece; closed by `close` at the latest."""
        sink = Sink(self._target(name))
        self._sinks.append(sink)
        return sink

    def close(self) -> None:
        """Close every file opened with `open`."""
        for sink in self._sinks:
            sink.close()
        self._sinks.clear()


def publish_tree(out_dir: Path, files: Files) -> list[Path]:
    """Make `out_dir` hold exactly `files`, swapped in as a whole.

    `files` is a mapping or an iterable of (relative path, bytes), written one by one as the
    iterable yields them, or a function given the `Staging` folder to write into. The files go
    into a new folder beside `out_dir`, are flushed to disk, and the folder is exchanged with
    `out_dir` in one `renameat2(RENAME_EXCHANGE)` where the system has it (else two renames a
    moment apart). A build that fails or is killed before the swap leaves the old folder
    untouched; its leftovers are removed by the next build. Files in the old folder that
    eventfeed did not write (a `CNAME`, a cache) are carried over; files it wrote before but
    not now are dropped. Returns the published paths, sorted.
    """
    out_dir = Path(out_dir)
    if out_dir.is_symlink():
        out_dir = out_dir.resolve()
    if isinstance(files, Mapping):
        for name in files:  # every name is checked before anything is written
            if _relative(name) == PurePosixPath(MANIFEST):
                raise ValueError(f"{MANIFEST!r} is eventfeed's own file")
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(out_dir))
    parent = out_dir.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a folder should be
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(parent)) from None
    _remove_leftovers(parent, out_dir.name)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=parent))
    try:
        folder = Staging(staging)
        if isinstance(files, Mapping):
            for name in sorted(files):
                folder.write(name, files[name])
        elif callable(files):
            files(folder)
        else:
            for name, data in files:
                folder.write(name, data)
        folder.close()
        names = sorted(str(relative) for relative in folder.names)
        _write_new(staging / MANIFEST, "".join(f"{name}\n" for name in names).encode("utf-8"))
        if out_dir.is_dir():
            _carry_over(out_dir, staging, set(names))
            os.chmod(staging, stat.S_IMODE(out_dir.stat().st_mode))
        else:
            os.chmod(staging, NEW_DIR_MODE)
        for directory in sorted({p.parent for p in staging.rglob("*")}, reverse=True):
            _fsync_dir(directory)
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)  # now the old site, if there was one
    _fsync_dir(parent)
    return sorted(out_dir.joinpath(*relative.parts) for relative in folder.names)


def _write_new(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, NEW_FILE_MODE)


def _carry_over(old: Path, new: Path, written: set[str]) -> None:
    """Link (or copy) into `new` the files of `old` that eventfeed did not write."""
    try:
        ours = set((old / MANIFEST).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        ours = set()
    for path in sorted(old.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        name = path.relative_to(old).as_posix()
        if name == MANIFEST or name in ours or name in written:
            continue
        target = new / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            os.symlink(os.readlink(path), target)
            continue
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)


def _remove_leftovers(parent: Path, name: str) -> None:
    """Remove the staging folders of earlier builds of `name` that were killed mid-way."""
    for leftover in parent.glob(f".{glob_escape(name)}.new-*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def glob_escape(text: str) -> str:
    """`text` with glob wildcards escaped."""
    return re.sub(r"([*?\[])", r"[\1]", text)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _swap(new: Path, out_dir: Path) -> None:
    """Put `new` at `out_dir`; the old `out_dir`, if any, ends up at `new`."""
    if not out_dir.exists():
        os.rename(new, out_dir)
        return
    if _exchange(new, out_dir):
        return
    aside = new.with_name(new.name + ".old")
    os.rename(out_dir, aside)
    try:
        os.rename(new, out_dir)
    except BaseException:
        os.rename(aside, out_dir)
        raise
    os.rename(aside, new)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2; False where that is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # the kernel or the file system cannot exchange
    raise OSError(code, os.strerror(code), str(b))
