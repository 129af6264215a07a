"""The extractor's entry points: paths → posts → events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from extractor.model import Event, Extraction, Post, Problem


def extract_post(post: Post) -> list[Event]:
    """Every event and deadline mentioned in one post, in file order."""
    from extractor.events import events_of

    return events_of(post)


def extract(
    paths: Iterable[str | Path],
    *,
    drafts: bool = False,
    skip_when: Sequence[tuple[str, str]] = (),
    base_url: str | None = None,
) -> Extraction:
    """Read every post under `paths` and extract its mentions.

    A post that cannot be read becomes a `Problem`; the others are still extracted. A date
    that cannot be placed or contradicts itself is a `Problem` with severity `warning`.
    """
    from extractor.events import scan
    from extractor.posts import load_posts

    loaded = load_posts(paths, drafts=drafts, skip_when=skip_when, base_url=base_url)
    events: list[Event] = []
    problems: list[Problem] = list(loaded.problems)
    for post in loaded.posts:
        found, warnings = scan(post)
        events.extend(found)
        problems.extend(warnings)
    return Extraction(
        posts=loaded.posts, events=tuple(events), problems=tuple(problems), skipped=loaded.skipped
    )
