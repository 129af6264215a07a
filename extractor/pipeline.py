"""The extractor's entry points: paths → posts → events.

Every post is read within `Limits`, and whatever a limit leaves unread is a `Problem`; a date
that cannot be what its author meant is a warning; an event that would last more than
`max_span_days` or fall outside `first_year`…`last_year` is left out with a warning. No post,
however broken, stops the others: even an unexpected error while extracting one is reported
as a problem of that post.

Posts are read and extracted one at a time and only what was found in them is kept (a post's
text is dropped once its mentions are found), so memory does not grow with the archive's text.
With a cache (`extractor.cache`), a post whose path, bytes and read options match a stored result
is not parsed again; with `jobs` > 1 the posts are spread over that many processes. Either way
the result is the same, in the same order.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.limits import LIMITS, Limits
from extractor.model import Event, Extraction, Post, Problem, Skipped

if TYPE_CHECKING:
    from concurrent.futures import Future

    from extractor.cache import Cache

#: Posts handed to a worker process at a time, and how many such batches may wait per process.
BATCH = 16
QUEUED_PER_JOB = 4
LOOKUP = 500
"""Posts whose stored results are read from the cache in one go."""


def extract_post(post: Post) -> list[Event]:
    """Every event and deadline mentioned in one post, in file order."""
    return read_post(post).events


@dataclass(frozen=True)
class PostReading:
    """What extracting one post gave."""

    events: list[Event]
    problems: list[Problem]
    """Parts of the post that were not read (a limit was hit)."""
    warnings: list[Problem]
    """Dates that cannot be what the author meant; events left out as impossible."""


def read_post(post: Post, limits: Limits = LIMITS) -> PostReading:
    """The events of `post`, read within `limits`, with what was left unread and why."""
    from extractor.dates import date_problems, find_dates, misread, resolve, year_hints
    from extractor.events import scan
    from extractor.walker import BLOCK_NAMES, Block, walk_within

    walked = walk_within(post.body, post.body_line, limits)
    problems = [Problem(post.path, gap.message, gap.line) for gap in walked.gaps]
    blocks: list[Block] = []
    spans = []
    total = 0
    for block in walked.blocks:
        found = find_dates(block.text, max_spans=limits.max_dates_per_block + 1)
        if len(found) > limits.max_dates_per_block:
            kind = BLOCK_NAMES.get(block.kind, block.kind)
            message = (
                f"{kind} with more than {limits.max_dates_per_block:,} dates "
                "(max_dates_per_block): not read"
            )
            problems.append(Problem(post.path, message, block.line))
            continue
        total += len(found)
        if total > limits.max_dates_per_post:
            last = walked.blocks[-1].line
            lines = (
                f"line {block.line:,}" if last == block.line else f"lines {block.line:,}–{last:,}"
            )
            message = (
                f"more than {limits.max_dates_per_post:,} dates in the post "
                f"(max_dates_per_post): {lines} not read"
            )
            problems.append(Problem(post.path, message, block.line))
            break
        blocks.append(block)
        spans.append(found)

    warnings = []
    guesses: set[tuple[int, dt.date]] = set()  # (line, start) of dates read from a misread one
    hints = year_hints(span for found in spans for span in found)
    for block, found in zip(blocks, spans, strict=True):
        for offset, message in date_problems(block.text, found, post.date, hints):
            line = block.line + block.text.count("\n", 0, offset)
            warnings.append(Problem(post.path, message, line))
        for span in misread(block.text, found):
            if (resolved := resolve(span, post.date, hints)) is not None:
                guesses.add((block.line, resolved.start))

    mentions, unplaced = scan(post, blocks)
    warned = {problem.line for problem in warnings}
    # The detectors' warnings (a date they would have read but could not place), less those
    # `date_problems` already gave for the same line.
    warnings.extend(w for w in unplaced if w.line not in warned)
    events = []
    for event in mentions:
        if (event.source.line, event.start_date) in guesses:
            continue  # already reported: "May 5, 99999" is not a date
        left_out = _impossible(event, limits)
        if left_out is None:
            events.append(event)
        else:
            warnings.append(Problem(post.path, left_out, event.source.line))
    return PostReading(events, sorted(problems, key=_line), sorted(warnings, key=_line))


def _line(problem: Problem) -> int:
    return problem.line or 0


def _impossible(event: Event, limits: Limits) -> str | None:
    """Why `event` cannot be published (it would mislead a subscriber), or None."""
    title = event.title if len(event.title) <= 60 else event.title[:59] + "…"
    first, last = event.start_date, event.end
    days = (last - first).days + 1
    if first.year < limits.first_year or last.year > limits.last_year:
        years = f"{limits.first_year} to {limits.last_year}"
        return f'"{title}" on {first} is outside the years {years}: left out'
    if days > limits.max_span_days:
        return (
            f'"{title}" would last {days:,} days ({first} to {last}), more than '
            f"max_span_days ({limits.max_span_days}): left out"
        )
    return None


@dataclass(frozen=True)
class ReadOptions:
    """How posts are read: what `load_posts` takes besides the paths."""

    drafts: bool = False
    skip_when: tuple[tuple[str, str], ...] = ()
    base_url: str | None = None
    limits: Limits = LIMITS

    @property
    def key(self) -> str:
        """The options as one string: part of a cached post's key."""
        pairs = [list(pair) for pair in self.skip_when]
        return json.dumps([self.drafts, pairs, self.base_url, repr(self.limits)])


@dataclass
class PostFile:
    """One post file to read."""

    path: str
    """The path as given or found (POSIX separators), as events and problems name it."""
    file: Path
    digest: bytes | None = None
    """SHA-256 of what is read of the file, once read; None before, or when it cannot be read."""


@dataclass(frozen=True)
class FileReading:
    """What one post file gave, in the two parts `extract` reports apart: reading the file
    (its post, without text, or why it is skipped, and what could not be read) and extracting
    its post (mentions, problems, warnings)."""

    read: Extraction
    extracted: Extraction = field(default_factory=Extraction)


class Archive:
    """The post files under some paths: what is extracted, and what a build is made from.

    Made by `scan`; `extract` gives the same `Extraction` as the function of that name.
    """

    def __init__(self, entries: Sequence[PostFile | Problem], options: ReadOptions) -> None:
        self.entries = list(entries)
        self.options = options

    @property
    def digest(self) -> str | None:
        """A hash of every file's path and bytes, the read options and the extractor
        (`version.fingerprint`): equal digests give equal extractions. None when a file was not
        hashed or a file or folder could not be read (its problem must be found again)."""
        import hashlib

        from extractor.version import fingerprint

        digest = hashlib.sha256(f"{fingerprint()}\n{self.options.key}\n".encode())
        for entry in self.entries:
            if isinstance(entry, Problem) or entry.digest is None:
                return None
            digest.update(entry.path.encode("utf-8", "surrogateescape") + b"\0" + entry.digest)
        return digest.hexdigest()

    def extract(
        self,
        cache: Cache | None = None,
        *,
        jobs: int = 1,
        progress: Callable[[int, int], None] | None = None,
    ) -> Extraction:
        """Every post's mentions, problems and skip reasons; from `cache` where it has them.

        As `load_posts` then each post's extraction would order them: the problems and warnings
        of reading every file first, then those of extracting every post. `progress`, if given,
        is called with (files done, files in all) after each file.
        """
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        posts: list[Post] = []
        skipped: list[Skipped] = []
        events: list[Event] = []
        problems: list[Problem] = []
        warnings: list[Problem] = []
        later_problems: list[Problem] = []
        later_warnings: list[Problem] = []
        for done, found in enumerate(_extract_all(self.entries, self.options, cache, jobs), 1):
            if progress is not None:
                progress(done, len(self.entries))
            posts.extend(found.read.posts)
            skipped.extend(found.read.skipped)
            problems.extend(found.read.problems)
            warnings.extend(found.read.warnings)
            events.extend(found.extracted.events)
            later_problems.extend(found.extracted.problems)
            later_warnings.extend(found.extracted.warnings)
        return Extraction(
            posts=tuple(posts),
            events=tuple(events),
            problems=(*problems, *later_problems),
            warnings=(*warnings, *later_warnings),
            skipped=tuple(skipped),
        )


def scan(
    paths: Iterable[str | Path],
    *,
    drafts: bool = False,
    skip_when: Sequence[tuple[str, str]] = (),
    base_url: str | None = None,
    limits: Limits = LIMITS,
    hashed: bool = True,
    cache: Cache | None = None,
) -> Archive:
    """The post files under `paths` (as `load_posts` finds them), each hashed unless `hashed`
    is false. Nothing is parsed; a file that cannot be read is left for `extract` to report.

    With `cache`, a file whose status (size, times, inode) is the one it had when the cache
    last hashed it, and which had not been changed for a while by then, is not read again
    (`Cache.file_stats`)."""
    from extractor.errors import PostError
    from extractor.posts import post_files, read_file

    stats = cache.file_stats(repr(limits)) if cache is not None and hashed else None
    entries: list[PostFile | Problem] = []
    for found in post_files(paths):
        if isinstance(found, Problem):
            entries.append(found)
            continue
        entry = PostFile(found.as_posix(), found)
        if hashed:
            status = stats.status(found) if stats is not None else None
            if stats is not None and status is not None:
                entry.digest = stats.digest(entry.path, status)
            if entry.digest is None:
                with contextlib.suppress(PostError):  # `extract` reports it
                    entry.digest = _digest(*read_file(entry.path, found, limits))
                if stats is not None and status is not None and entry.digest is not None:
                    stats.hashed(entry.path, status, entry.digest)
        entries.append(entry)
    return Archive(entries, ReadOptions(drafts, tuple(skip_when), base_url, limits))


def extract(
    paths: Iterable[str | Path],
    *,
    drafts: bool = False,
    skip_when: Sequence[tuple[str, str]] = (),
    base_url: str | None = None,
    limits: Limits = LIMITS,
    cache: str | Path | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Extraction:
    """Read every post under `paths` and extract its mentions.

    A post that cannot be read becomes a `Problem`, and so does a part of one that a limit
    left unread; everything else is still extracted. Dates that cannot be what the author
    meant are `warnings`.

    The posts returned carry no text (`body` is empty): it is not kept, so memory stays flat
    however large the archive (`load_posts` gives the text). With `cache`, a SQLite file (made
    if missing), unchanged posts are taken from it and the others stored in it; `jobs` > 1
    extracts in that many processes. Neither changes the result. `progress(done, total)` is
    called after each file.
    """
    if cache is None:
        archive = scan(
            paths,
            drafts=drafts,
            skip_when=skip_when,
            base_url=base_url,
            limits=limits,
            hashed=False,
        )
        return archive.extract(jobs=jobs, progress=progress)
    from extractor.cache import Cache

    with Cache(cache) as store:
        archive = scan(
            paths,
            drafts=drafts,
            skip_when=skip_when,
            base_url=base_url,
            limits=limits,
            cache=store,
        )
        return archive.extract(store, jobs=jobs, progress=progress)


# --- one post ------------------------------------------------------------------------------


def _digest(data: bytes, size: int | None) -> bytes:
    import hashlib  # only with a cache: OpenSSL takes a few ms to load

    return hashlib.sha256(data + f"\0{size}".encode()).digest()


def extract_bytes(
    path: str, data: bytes, size: int | None, options: ReadOptions
) -> tuple[FileReading, bool]:
    """What post file `path` gives, from the bytes `posts.read_file` read of it (and the size
    it gave), and whether that may be kept: not after an unexpected error."""
    from extractor.posts import load_bytes

    read = load_bytes(
        path,
        data,
        size,
        drafts=options.drafts,
        skip_when=options.skip_when,
        base_url=options.base_url,
        limits=options.limits,
    )
    if not read.posts:
        return FileReading(read), True
    (post,) = read.posts
    read = replace(read, posts=(replace(post, body=""),))
    try:
        reading = read_post(post, options.limits)
    except Exception as error:  # a bug must not take the calendar down: report, go on
        reason = f"{type(error).__name__}: {error}"
        failed = Problem(post.path, f"could not extract events ({reason})")
        return FileReading(read, Extraction(problems=(failed,))), False
    extracted = Extraction(
        events=tuple(reading.events),
        problems=tuple(reading.problems),
        warnings=tuple(reading.warnings),
    )
    return FileReading(read, extracted), True


def _encoded(found: FileReading) -> str | None:
    """`found` as the JSON the cache keeps (and workers send back), or None if it has a value
    the codec cannot write."""
    from extractor.codec import CodecError, extraction_to_dict

    try:
        data = {
            "read": extraction_to_dict(found.read),
            "extracted": extraction_to_dict(found.extracted),
        }
        return json.dumps(data)  # ASCII: a file name that is not UTF-8 stays \udcxx
    except (CodecError, ValueError):
        return None


def decode_reading(text: str) -> FileReading:
    """The inverse of `_encoded`; raises `codec.CodecError` (or `ValueError`) for other text."""
    from extractor.codec import CodecError, extraction_from_dict

    data = json.loads(text)
    if not isinstance(data, dict):
        raise CodecError("not a stored file reading")
    return FileReading(extraction_from_dict(data["read"]), extraction_from_dict(data["extracted"]))


def _extract_batch(
    batch: list[tuple[str, bytes, int | None]], options: ReadOptions
) -> list[tuple[str | None, bool]]:
    """In a worker process: each post's reading as JSON (records with read-only mappings
    cannot be pickled); None for one the codec cannot write, which the caller reads itself."""
    out = []
    for path, data, size in batch:
        found, keep = extract_bytes(path, data, size, options)
        out.append((_encoded(found), keep))
    return out


# --- many posts ----------------------------------------------------------------------------


@dataclass
class _Work:
    """One entry on its way through `_extract_all`: done, or waiting for its bytes' extraction."""

    entry: PostFile | Problem
    done: FileReading | None = None
    data: tuple[bytes, int | None] | None = None


def _extract_all(
    entries: Sequence[PostFile | Problem], options: ReadOptions, cache: Cache | None, jobs: int
) -> Iterator[FileReading]:
    """Each entry's reading, in order: from the cache, in this process, or in workers."""
    work = _prepared(entries, options, cache)
    if jobs == 1 or len(entries) <= BATCH:
        for item in work:
            yield _finish(item, options, cache)
        return
    yield from _in_processes(work, options, cache, jobs)


def _prepared(
    entries: Sequence[PostFile | Problem], options: ReadOptions, cache: Cache | None
) -> Iterator[_Work]:
    """`_prepare` for each entry, in order, the cache asked for `LOOKUP` entries at a time."""
    if cache is None:
        for entry in entries:
            yield _prepare(entry, options, None)
        return
    key = options.key
    for start in range(0, len(entries), LOOKUP):
        block = entries[start : start + LOOKUP]
        wanted = [
            (entry.path, entry.digest)
            for entry in block
            if isinstance(entry, PostFile) and entry.digest is not None
        ]
        stored = cache.lookup_many(wanted, key)
        for entry in block:
            path = entry.path if isinstance(entry, PostFile) else None
            found = stored.get(path) if path is not None else None
            yield _prepare(entry, options, cache, found, looked_up=True)


def _prepare(
    entry: PostFile | Problem,
    options: ReadOptions,
    cache: Cache | None,
    stored: str | None = None,
    *,
    looked_up: bool = False,
) -> _Work:
    """The entry done (a walk problem, an unreadable file, a cache hit) or with its bytes.
    With `looked_up`, `stored` is what the cache holds for it (None: nothing usable)."""
    from extractor.errors import PostError
    from extractor.posts import read_file

    if isinstance(entry, Problem):
        return _Work(entry, done=FileReading(Extraction(problems=(entry,))))
    if cache is not None and entry.digest is not None:
        if not looked_up:
            stored = cache.lookup(entry.path, options.key, entry.digest)
        if stored is not None:
            with contextlib.suppress(ValueError, TypeError, KeyError, RecursionError):
                return _Work(entry, done=decode_reading(stored))  # else: parse it again
    try:
        data = read_file(entry.path, entry.file, options.limits)
    except PostError as error:
        entry.digest = None
        problem = Problem(error.path, error.message, error.line)
        return _Work(entry, done=FileReading(Extraction(problems=(problem,))))
    if cache is not None:
        # The bytes extracted are the bytes the result is stored (and the build recorded) under.
        entry.digest = _digest(*data)
    return _Work(entry, data=data)


def _finish(
    item: _Work,
    options: ReadOptions,
    cache: Cache | None,
    sent: tuple[str | None, bool] | None = None,
) -> FileReading:
    """The reading of `item`: done already, decoded from what a worker `sent`, or made here;
    stored in `cache` when it was made and may be kept."""
    if item.done is not None:
        return item.done
    assert isinstance(item.entry, PostFile) and item.data is not None
    text, keep = sent if sent is not None else (None, True)
    if text is not None:
        found = decode_reading(text)
    else:
        found, keep = extract_bytes(item.entry.path, *item.data, options)
    if cache is not None and keep and item.entry.digest is not None:
        text = text if text is not None else _encoded(found)
        if text is not None:
            cache.store(item.entry.path, options.key, item.entry.digest, text)
    return found


def _in_processes(
    work: Iterator[_Work], options: ReadOptions, cache: Cache | None, jobs: int
) -> Iterator[FileReading]:
    """`_finish` for every item, the parsing done by `jobs` worker processes, in order.

    Items go out in batches of `BATCH`, at most `QUEUED_PER_JOB` batches per process ahead of
    the one being collected, so only that many posts' bytes are held at once.
    """
    from concurrent.futures import ProcessPoolExecutor

    Sent = list[tuple[str | None, bool]]
    pending: deque[tuple[list[_Work], Future[Sent] | None]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        for batch in _batches(work):
            misses = [(item.entry.path, *item.data) for item in batch if item.data is not None]
            future = pool.submit(_extract_batch, misses, options) if misses else None
            pending.append((batch, future))
            while len(pending) > jobs * QUEUED_PER_JOB:
                yield from _collect(*pending.popleft(), options, cache)
        while pending:
            yield from _collect(*pending.popleft(), options, cache)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _batches(work: Iterator[_Work]) -> Iterator[list[_Work]]:
    batch: list[_Work] = []
    for item in work:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _collect(
    batch: list[_Work],
    future: Future[list[tuple[str | None, bool]]] | None,
    options: ReadOptions,
    cache: Cache | None,
) -> Iterator[FileReading]:
    sent = iter(future.result() if future is not None else ())
    for item in batch:
        yield _finish(item, options, cache, next(sent) if item.data is not None else None)
