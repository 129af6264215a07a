"""A large, varied corpus of posts for the benchmark, generated from templates.

Each post is built from a few sections picked at random (seeded, so a corpus of a given size is
the same on every run) among the forms the extractor handles: ISO bullet listings by region,
`17-19 October | City, Country` lines, prose deadlines with times and zones, tables, headings
with `When:`/`Where:` blocks, parent items with child items, month-only items, narrative past
and release notes full of version numbers, plus prose that names no date at all. The dates are
shifted with each post's own date, and the front matter varies between YAML, TOML, a
`Key: value` header and a date in the file name.

    python benchmarks/corpus.py 1000 /tmp/posts   # write 1,000 posts into /tmp/posts
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Callable
from pathlib import Path

FIRST_POST = dt.date(2012, 1, 3)
"""The date of post 0; post i is `i` × 2 days later, so a 10,000-post archive spans 55 years."""

CITIES = [
    ("Paris", "France"),
    ("Berlin", "Germany"),
    ("Lisbon", "Portugal"),
    ("Austin, TX", "US"),
    ("Montreal", "Canada"),
    ("Tokyo", "Japan"),
    ("Nairobi", "Kenya"),
    ("São Paulo", "Brazil"),
    ("Oslo", "Norway"),
    ("Bangalore", "India"),
    ("Melbourne", "Australia"),
    ("Kraków", "Poland"),
]
COMMUNITIES = [
    "Rust",
    "Python",
    "Go",
    "OpenStack",
    "Kubernetes",
    "Write the Docs",
    "PostgreSQL",
    "Django",
    "Fedora",
    "Eclipse",
    "OpenInfra",
    "Jakarta EE",
]
KINDS = ["Meetup", "Summit", "Conference", "Days", "Hackathon", "Workshop", "Sprint", "Forum"]
ZONES = ["PT", "ET", "CET", "UTC", "JST", "AoE", "CEST", "GMT"]
FILLER = [
    "Thanks to everyone who sent feedback on the last issue; we read all of it and a few of "
    "your suggestions are already in this one.",
    "The project keeps growing: more contributors, more reviewers and, we hope, fewer flaky "
    "tests. If you want to help, the issue tracker has a label for good first issues.",
    "Our documentation team rewrote the getting-started guide from scratch. It is shorter, it "
    "has more examples, and every command in it is now tested in CI.",
    "We moved the mailing list to a new server. Subscribers do not need to do anything, but "
    "filters that match on the old list address may need a small change.",
    "A big thank-you to the sponsors who keep the infrastructure running and the community "
    "members who answer questions in the chat every day.",
    "The board published its yearly report. It covers finances, membership, the code of "
    "conduct committee and the plans for the next two years.",
]


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B}"


def _month_day(day: dt.date) -> str:
    return f"{day:%B} {day.day}"


def _name(rng: random.Random) -> str:
    return f"{rng.choice(COMMUNITIES)} {rng.choice(KINDS)}"


def _place(rng: random.Random) -> str:
    city, country = rng.choice(CITIES)
    return f"{city}, {country}"


def _ahead(post: dt.date, rng: random.Random, low: int = 5, high: int = 200) -> dt.date:
    return post + dt.timedelta(days=rng.randint(low, high))


def iso_listing(post: dt.date, rng: random.Random) -> str:
    """`## Upcoming Events` with ISO-dated bullets grouped by region (This Week in Rust)."""
    lines = ["## Upcoming Events", ""]
    for region in rng.sample(["Virtual", "Europe", "North America", "Asia"], 2):
        lines += [f"### {region}", ""]
        for _ in range(rng.randint(2, 5)):
            day = _ahead(post, rng, 3, 60)
            where = "Virtual" if region == "Virtual" else _place(rng)
            slug = rng.randint(100, 999)
            lines.append(
                f"* {day:%Y-%m-%d} | {where} | [{_name(rng)}](https://example.org/e/{slug})"
            )
        lines.append("")
    return "\n".join(lines)


def pipe_lines(post: dt.date, rng: random.Random) -> str:
    """A heading, then `17-19 October | City, Country | Venue` and deadline bullets."""
    start = _ahead(post, rng, 40, 200)
    end = start + dt.timedelta(days=rng.randint(1, 2))
    span = (
        f"{start.day}-{end.day} {start:%B}"
        if start.month == end.month
        else f"{_day(start)} - {_day(end)}"
    )
    price = _ahead(post, rng, 5, 30)
    return (
        f"# {_name(rng)}\n\n"
        f"{span} | {_place(rng)} | Convention Centre\n\n"
        f"* [Register Now](https://example.org/register) | Prices double on {_day(price)} "
        f"at 23:59 {rng.choice(ZONES)}\n"
        f"* [Apply for the Showcase](https://example.org/showcase) | The deadline is "
        f"{_day(price + dt.timedelta(days=3))} at 23:59 {rng.choice(ZONES)}\n"
    )


def prose_deadline(post: dt.date, rng: random.Random) -> str:
    """A paragraph with a CFP deadline and a time zone, and one with a future event."""
    closes = _ahead(post, rng, 10, 60)
    event = _ahead(post, rng, 60, 200)
    return (
        "## Call for proposals\n\n"
        f"The CFP closes {_day(closes)} at 23:59 {rng.choice(ZONES)}, so there is still time to "
        "send a talk, a workshop or a lightning talk. First-time speakers are very welcome and "
        "we offer mentoring.\n\n"
        f"The next {_name(rng)} will take place on {_month_day(event)} in "
        f"{rng.choice(CITIES)[0]}. Registration opens soon.\n"
    )


def table(post: dt.date, rng: random.Random) -> str:
    """A table with Date, Event and Location columns."""
    rows = ["# Spring meetups", "", "| Date | Event | Location |", "|------|-------|----------|"]
    for _ in range(rng.randint(3, 6)):
        day = _ahead(post, rng)
        when = rng.choice([_day(day), _month_day(day), f"{day:%Y-%m-%d}"])
        rows.append(f"| {when} | [{_name(rng)}](https://example.org/t) | {_place(rng)} |")
    return "\n".join(rows) + "\n"


def when_where(post: dt.date, rng: random.Random) -> str:
    """A heading with a `**When:**` / `**Where:**` key-value block."""
    day = _ahead(post, rng)
    return (
        f"## {_name(rng)}\n\n"
        f"**When:** {_day(day)} {day.year}, 10:00 {rng.choice(ZONES)}\n"
        f"**Where:** {_place(rng)}\n\n"
        "Bring a laptop; the organizers provide coffee and a stable network.\n"
    )


def parent_children(post: dt.date, rng: random.Random) -> str:
    """Date-only parent items with event children, and an event item with a date child."""
    first = _ahead(post, rng, 5, 90)
    second = _ahead(post, rng, 90, 200)
    return (
        "## Meetups\n\n"
        f"* {_day(first)}\n"
        f"  * [{_name(rng)}](https://example.org/a)\n"
        f"  * {_name(rng)} (virtual)\n"
        f"* [{_name(rng)}](https://example.org/b)\n"
        f"  * {min(second.day, 26)}-{min(second.day, 26) + 2} {second:%B} | {_place(rng)}\n"
    )


def month_only(post: dt.date, rng: random.Random) -> str:
    """Chapters that have picked a month, and a Title – Month Year line."""
    lines = ["## Chapters that have picked a month", ""]
    for _ in range(3):
        month = _ahead(post, rng, 20, 150)
        lines.append(f"* {rng.choice(CITIES)[0]} - {month:%B}")
    later = _ahead(post, rng, 150, 300)
    lines += ["", "**Other events**", "", f"* {_name(rng)} – {later:%B %Y}", ""]
    return "\n".join(lines)


def narrative(post: dt.date, rng: random.Random) -> str:
    """Narrative past: dates that are not events."""
    back = post - dt.timedelta(days=rng.randint(5, 60))
    return (
        "## Looking back\n\n"
        f"On {_day(back)} {back.year} the team released a new site, and last month we "
        f"celebrated our anniversary with {rng.randint(50, 500)} people. Yesterday the "
        "foundation announced new members.\n"
    )


def release_notes(post: dt.date, rng: random.Random) -> str:
    """Version numbers, counts and a code block: nothing to find."""
    major, minor = rng.randint(1, 9), rng.randint(0, 30)
    return (
        f"## Release {major}.{minor}\n\n"
        f"Version {major}.{minor}.1 fixes 12 bugs and merges 80+ pull requests; the "
        f"{post.year}.2 branch is now closed for features.\n\n"
        "```\n"
        f"$ tool --since {post:%Y-%m-%d}\n"
        "```\n"
    )


SECTIONS: list[Callable[[dt.date, random.Random], str]] = [
    iso_listing,
    pipe_lines,
    prose_deadline,
    table,
    when_where,
    parent_children,
    month_only,
    narrative,
    release_notes,
]


def front_matter(index: int, title: str, post: dt.date) -> tuple[str, str]:
    """The file name and front matter of post `index`, in one of four styles."""
    slug = f"post-{index:05d}"
    style = index % 4
    if style == 0:
        return f"{slug}.md", f'---\ntitle: "{title}"\ndate: {post}\ntags: [news]\n---\n\n'
    if style == 1:
        return f"{slug}.md", f'+++\ntitle = "{title}"\ndate = {post}\n+++\n\n'
    if style == 2:
        return f"{slug}.md", f"Title: {title}\nDate: {post}\nAuthor: Ana\n\n"
    return f"{post}-{slug}.md", f"---\ntitle: {title}\nslug: {slug}\n---\n\n"


def post_text(index: int) -> tuple[str, str]:
    """File name and text of post `index` (the same on every run)."""
    rng = random.Random(index)
    post = FIRST_POST + dt.timedelta(days=2 * index)
    title = f"Community news #{index}: {rng.choice(COMMUNITIES)} edition"
    name, head = front_matter(index, title, post)
    parts = [rng.choice(FILLER)]
    for section in rng.sample(SECTIONS, rng.randint(3, 5)):
        parts.append(section(post, rng))
        parts.append(rng.choice(FILLER))
    return name, head + "\n\n".join(parts) + "\n"


def write_corpus(size: int, folder: Path) -> list[Path]:
    """Write posts 0 … size-1 into `folder` (one subfolder per 1,000 posts); return the files."""
    written = []
    for index in range(size):
        name, text = post_text(index)
        path = folder / f"{index // 1000:03d}" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    write_corpus(int(sys.argv[1]), Path(sys.argv[2]))
