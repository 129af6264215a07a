"""The extractor's entry points: paths → posts → events.

Every post is read within `Limits`, and whatever a limit leaves unread is a `Problem`; a date
that cannot be what its author meant is a warning; an event that would last more than
`max_span_days` or fall outside `first_year`…`last_year` is left out with a warning. No post,
however broken, stops the others: even an unexpected error while extracting one is reported
as a problem of that post.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from extractor.limits import LIMITS, Limits
from extractor.model import Event, Extraction, Post, Problem


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


def extract(
    paths: Iterable[str | Path],
    *,
    drafts: bool = False,
    skip_when: Sequence[tuple[str, str]] = (),
    base_url: str | None = None,
    limits: Limits = LIMITS,
) -> Extraction:
    """Read every post under `paths` and extract its mentions.

    A post that cannot be read becomes a `Problem`, and so does a part of one that a limit
    left unread; everything else is still extracted. Dates that cannot be what the author
    meant are `warnings`.
    """
    from extractor.posts import load_posts

    loaded = load_posts(paths, drafts=drafts, skip_when=skip_when, base_url=base_url, limits=limits)
    events: list[Event] = []
    problems = list(loaded.problems)
    warnings = list(loaded.warnings)
    for post in loaded.posts:
        try:
            reading = read_post(post, limits)
        except Exception as error:  # a bug must not take the calendar down: report, go on
            reason = f"{type(error).__name__}: {error}"
            problems.append(Problem(post.path, f"could not extract events ({reason})"))
            continue
        events.extend(reading.events)
        problems.extend(reading.problems)
        warnings.extend(reading.warnings)
    return Extraction(
        posts=loaded.posts,
        events=tuple(events),
        problems=tuple(problems),
        warnings=tuple(warnings),
        skipped=loaded.skipped,
    )
