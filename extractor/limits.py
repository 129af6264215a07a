"""How much of a post eventfeed reads: the limits that keep one hostile or broken post from
taking a build's time or memory.

Each limit, when a post hits it, is reported as a `Problem` that names the file (and the line,
where there is one) and the limit's name, so it can be raised on purpose; nothing is cut
silently. The defaults are far above any real post (the seeds are 5–14 kB, 100–300 lines, a
few dozen dates) and keep the worst post within seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIMITS", "Limits"]


@dataclass(frozen=True)
class Limits:
    """The limits one extraction works within (`extract(paths, limits=Limits(...))`)."""

    max_post_bytes: int = 1_048_576
    """A longer file is read up to the last whole line within the limit (1 MiB)."""
    max_lines: int = 20_000
    """Lines of a file read; the rest are not (the markdown parser costs time per line)."""
    max_line_chars: int = 100_000
    """A longer line is not read (a minified blob, an inline base64 image)."""
    max_depth: int = 16
    """Lists and block quotes nested deeper than this are not read (the rest of the post is)."""
    max_block_chars: int = 10_000
    """A paragraph, list item, heading or table row longer than this is not read."""
    max_dates_per_block: int = 50
    """A block with more date expressions than this is not read (finding what each date
    names costs time in proportion to the block's length)."""
    max_dates_per_post: int = 1_000
    """Date expressions read in one post; the blocks after the one that passes it are not."""
    max_front_matter_values: int = 10_000
    """Values in the front matter, counting each YAML alias as the values it stands for
    (a "billion laughs" alias bomb is refused, not expanded)."""
    max_front_matter_depth: int = 50
    """Nesting of lists and mappings in the front matter."""
    max_span_days: int = 366
    """Days an event may last; a longer range ("2020-2030") is reported and left out."""
    first_year: int = 1900
    """The earliest year of a post or an event; an earlier one is taken for a typo."""
    last_year: int = 2999
    """The latest year of a post or an event (a year like 20255 or 99999 is a typo)."""


LIMITS = Limits()
"""The defaults."""
