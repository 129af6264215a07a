"""The `eventfeed` command line: a thin click layer over `extractor.extract` and `feeds.publish`.

Each command reads the posts, reports every problem as one `Error: …` line on stderr, publishes
what could be read, and exits 1 when any problem was reported (2 for usage errors).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import click

from extractor.errors import EventfeedError
from extractor.limits import LIMITS, Limits
from extractor.model import Event, EventKind, Extraction, Precision, printable

if TYPE_CHECKING:
    from extractor.cache import Cache
    from extractor.pipeline import Archive
from feeds.config import Loaded
from feeds.publish import FORMATS, Filters, build_site, calendar_entries, prepare, render, select
from feeds.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
DEFAULT_PATHS = ("seeds",)
"""Read when no PATHS are given: the `seeds` folder of the current directory."""


@dataclass(frozen=True)
class Inputs:
    """What the shared options say: which posts to read, and the settings to publish them with."""

    paths: tuple[str, ...]
    base_url: str | None
    settings: Settings
    loaded: Loaded | None = None
    """Where each setting came from (None when the settings were built directly)."""
    strict: bool = False
    """`--strict`: warnings count as problems (exit 1)."""
    cache: Path | None = None
    """`--cache`; None: the command's default (`build`: beside its output; others: none)."""
    no_cache: bool = False
    jobs: int = 1

    def extract(self, archive: Archive | None = None, cache: Cache | None = None) -> Extraction:
        """Read the posts, print each problem as `Error: …` and each warning as `Warning: …` on
        stderr, and return what was found (with `strict`, the warnings among the problems).

        From `archive` (`scan`) and `cache` when given, else with `--cache`, if any.
        """
        from dataclasses import replace

        from extractor.pipeline import extract

        with library_errors(), _cache_warnings(), progress_bar() as progress:
            if archive is not None:
                found = archive.extract(cache, jobs=self.jobs, progress=progress)
            else:
                found = extract(
                    self.paths,
                    drafts=self.settings.drafts,
                    skip_when=self.settings.skip_when,
                    base_url=self.base_url,
                    limits=self.limits,
                    cache=None if self.no_cache else self.cache,
                    jobs=self.jobs,
                    progress=progress,
                )
        if self.strict:
            found = replace(found, problems=found.problems + found.warnings, warnings=())
        for line in report(found):
            click.echo(line, err=True)
        return found

    @property
    def limits(self) -> Limits:
        return self.loaded.limits if self.loaded else LIMITS

    def scan(self, cache: Cache | None) -> Archive:
        """The post files, hashed when there is a `cache` to look them up in."""
        from extractor.pipeline import scan

        return scan(
            self.paths,
            drafts=self.settings.drafts,
            skip_when=self.settings.skip_when,
            base_url=self.base_url,
            limits=self.limits,
            hashed=cache is not None,
            cache=cache,
        )

    @contextmanager
    def open_cache(self, default: Path | None) -> Iterator[Cache | None]:
        """The cache file of `--cache` (else `default`), open; None with `--no-cache`."""
        path = None if self.no_cache else self.cache or default
        if path is None:
            yield None
            return
        from extractor.cache import Cache

        with _cache_warnings():
            cache = Cache(path, optional=self.cache is None)
        try:
            yield cache
        finally:
            with _cache_warnings():
                cache.close()


def report(found: Extraction) -> list[str]:
    """What `Inputs.extract` prints: an `Error: …` line per problem, a `Warning: …` per warning."""
    return [
        *(f"Error: {problem}" for problem in found.problems),
        *(f"Warning: {warning}" for warning in found.warnings),
    ]


@contextmanager
def _cache_warnings() -> Iterator[None]:
    """Print a cache that could not be used as one `Warning: …` line (it changes nothing else)."""
    import warnings

    from extractor.errors import CacheWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CacheWarning)
        yield
    for warning in caught:
        if issubclass(warning.category, CacheWarning):
            click.echo(f"Warning: {warning.message}", err=True)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


class ConfigProblem(click.ClickException):
    """A settings file that cannot be used: a usage error (exit 2)."""

    exit_code = 2


#: Builds with fewer posts than this finish before a bar would be worth drawing.
PROGRESS_MIN_POSTS = 200


@contextmanager
def progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawing a bar on stderr, or None when stderr is not a terminal or
    `CI` is set (pipes and CI logs stay quiet). The bar appears only for long builds."""
    import os
    import sys

    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield None
        return
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            if total < PROGRESS_MIN_POSTS:
                return
            bar = click.progressbar(length=total, label="Reading posts", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


#: The garbage collector's thresholds while `build` runs (see `fewer_collections`).
BUILD_GC_THRESHOLDS = (100_000, 100, 1_000)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often, for a build.

    A build makes millions of objects that live until it ends (the mentions, the entries, the
    page's items) and few reference cycles; with the default thresholds the collector walks
    the growing heap again and again, a third of a large build's time. Freed objects are still
    freed at once (reference counting); only cycles wait longer.
    """
    import gc

    before = gc.get_threshold()
    gc.set_threshold(*BUILD_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def library_errors(writing: str | Path | None = None) -> Iterator[None]:
    """Turn eventfeed's own errors and I/O errors into one clear `Error: …` line (exit 1).

    With `writing`, an I/O error names that output (not a temporary file under it).
    """
    try:
        yield
    except EventfeedError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        reason = error.strerror or str(error)
        if writing is not None:
            message = f"cannot write {writing}: {reason}"
        else:
            message = f"{error.filename}: {reason}" if error.filename is not None else reason
        raise click.ClickException(message) from error


def finish(found: Extraction) -> None:
    """Exit 1 when any post (or part of one) could not be used (warnings count only with
    --strict, which moves them among the problems)."""
    if found.problems:
        click.get_current_context().exit(1)


# -- option parsing ---------------------------------------------------------------------------


def _parse_skip_when(
    ctx: click.Context, param: click.Parameter, values: Sequence[str]
) -> tuple[tuple[str, str], ...]:
    pairs = []
    for value in values:
        key, sep, wanted = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, got {value!r}", ctx, param)
        pairs.append((key.strip(), wanted.strip()))
    return tuple(pairs)


def _parse_now(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        now = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 datetime", ctx, param) from None
    if now.tzinfo is None or now.utcoffset() is None:
        raise click.BadParameter(
            f"{value!r} has no UTC offset; write it like 2025-12-15T00:00:00+00:00", ctx, param
        )
    return now


def _parse_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.BadParameter(
            f"{value!r} is not an absolute http(s) URL; write it like https://example.org/events/",
            ctx,
            param,
        )
    return value


def _parse_timezone(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(
            f"{value!r} is not an IANA time zone (e.g. Europe/Paris)", ctx, param
        ) from None
    return value


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2025-12-31", ctx, param) from None


def _parse_duration(
    ctx: click.Context, param: click.Parameter, values: Sequence[str] | str | None
) -> Any:
    from feeds.config import parse_duration

    if values is None:
        return None
    try:
        if isinstance(values, str):
            return parse_duration(values)
        return tuple(parse_duration(value) for value in values) or None
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


def _parse_names(
    ctx: click.Context, param: click.Parameter, values: Sequence[str]
) -> dict[str, str] | None:
    names = {}
    for value in values:
        section, sep, name = value.partition("=")
        if not sep or not section.strip() or not name.strip():
            raise click.BadParameter(f"expected SECTION=NAME, got {value!r}", ctx, param)
        names[section.strip()] = name.strip()
    return names or None


_INPUT_OPTIONS = (
    click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=str)),
    click.option(
        "--config",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Settings file (eventfeed.toml, or a pyproject.toml with [tool.eventfeed]) "
        "[default: the one beside the posts, if any].",
    ),
    click.option(
        "--drafts/--no-drafts",
        default=None,
        help="Also read posts marked `draft: true` or `published: false` [default: no].",
    ),
    click.option(
        "--skip-when",
        multiple=True,
        metavar="KEY=VALUE",
        callback=_parse_skip_when,
        help="Skip posts whose front matter has KEY: VALUE (e.g. hidePost=true). Repeatable.",
    ),
    click.option(
        "--base-url",
        metavar="URL",
        callback=_parse_base_url,
        help=f"Absolute URL the site is served from [default: {Settings.base_url}].",
    ),
    click.option(
        "--now",
        metavar="ISO8601",
        callback=_parse_now,
        help="Pin the clock to this aware datetime (e.g. 2025-12-15T00:00:00+00:00) "
        "so output is reproducible.",
    ),
    click.option("--title", help=f"Calendar and feed name [default: {Settings.title}]."),
    click.option(
        "--timezone",
        metavar="ZONE",
        callback=_parse_timezone,
        help=f"IANA zone for times written without one [default: {Settings.timezone}].",
    ),
    click.option(
        "--strict",
        is_flag=True,
        help="Treat warnings (a date that cannot exist, a file read as Latin-1) as errors: "
        "exit 1. For CI.",
    ),
    click.option(
        "--cache",
        type=click.Path(dir_okay=False, path_type=Path),
        help="SQLite file keeping what each post gave, so unchanged posts are not parsed again "
        "[default: build: .eventfeed-cache.sqlite beside --out; extract, export: none].",
    ),
    click.option("--no-cache", is_flag=True, help="Parse every post; read and write no cache."),
    click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="Parse posts in this many processes.",
    ),
)

_PUBLISH_OPTIONS = (
    click.option("--description", help="Calendar and feed description."),
    click.option("--organizer-name", metavar="NAME", help="ORGANIZER name of every event."),
    click.option(
        "--organizer-email",
        metavar="EMAIL",
        help="ORGANIZER address; with it calendars say METHOD:PUBLISH.",
    ),
    click.option(
        "--alarm",
        "alarms",
        multiple=True,
        metavar="DURATION",
        callback=_parse_duration,
        help="Remind this long before each deadline (7d, 12h, 30m). Repeatable [default: 7d, 1d].",
    ),
    click.option(
        "--refresh",
        metavar="DURATION",
        callback=_parse_duration,
        help="How often subscribers should refresh [default: 12h].",
    ),
    click.option(
        "--category-name",
        "categories",
        multiple=True,
        metavar="SECTION=NAME",
        callback=_parse_names,
        help="Publish the items under heading SECTION in category NAME. Repeatable.",
    ),
    click.option(
        "--month-items/--no-month-items",
        default=None,
        help="Publish items known only to the month, marked 'date to be announced' [default: yes].",
    ),
    click.option(
        "--print-settings",
        is_flag=True,
        help="Print the settings in force (and where each comes from), then exit.",
    ),
)

_FILTER_OPTIONS = (
    click.option(
        "--kind",
        "kinds",
        multiple=True,
        type=click.Choice([kind.value for kind in EventKind]),
        help="Only this kind. Repeatable.",
    ),
    click.option(
        "--from",
        "start",
        metavar="DATE",
        callback=_parse_date,
        help="Only items ending on or after.",
    ),
    click.option(
        "--to",
        "end",
        metavar="DATE",
        callback=_parse_date,
        help="Only items starting on or before.",
    ),
    click.option(
        "--upcoming", is_flag=True, help="Only items not over yet (at --now, else the clock)."
    ),
    click.option(
        "--category",
        "categories_wanted",
        multiple=True,
        metavar="NAME",
        help="Only items in this category (a section heading, or its --category-name). Repeatable.",
    ),
    click.option(
        "--search", metavar="TEXT", help="Only items whose title, place or text has TEXT."
    ),
)


def _apply(options: Sequence[Callable[[F], F]], command: F) -> F:
    for option in reversed(options):
        command = option(command)
    return command


def input_options(command: F) -> F:
    """Add PATHS and the options every command shares; the command receives them as `inputs`."""

    @functools.wraps(command)
    def wrapper(
        *args: Any,
        paths: tuple[str, ...],
        config: Path | None,
        drafts: bool | None,
        skip_when: tuple[tuple[str, str], ...],
        base_url: str | None,
        now: dt.datetime | None,
        title: str | None,
        timezone: str | None,
        strict: bool,
        cache: Path | None,
        no_cache: bool,
        jobs: int,
        **kwargs: Any,
    ) -> Any:
        if not paths and not Path(DEFAULT_PATHS[0]).exists():
            raise click.UsageError("no PATHS given and there is no ./seeds folder here")
        if cache is not None and no_cache:
            raise click.UsageError("--cache and --no-cache cannot be used together")
        paths = paths or DEFAULT_PATHS
        overrides = {
            "title": title,
            "base_url": base_url,
            "timezone": timezone,
            "now": now,
            "drafts": drafts,
            "skip_when": skip_when or None,
        }
        for key in _PUBLISH_KEYS:
            if key in kwargs:
                overrides[key] = kwargs.pop(key)
        print_settings = kwargs.pop("print_settings", False)
        loaded = _load_settings(paths, overrides, config)
        if print_settings:
            from feeds.config import describe

            click.echo(describe(loaded), nl=False)
            click.get_current_context().exit(0)
        given_base = loaded.settings.base_url if loaded.origins["base_url"] != "default" else None
        inputs = Inputs(paths, given_base, loaded.settings, loaded, strict, cache, no_cache, jobs)
        if "kinds" in kwargs:
            kwargs["filters"] = _filters(kwargs, loaded.settings)
        return command(inputs, *args, **kwargs)

    return _apply(_INPUT_OPTIONS, wrapper)  # type: ignore[return-value]


#: The `_PUBLISH_OPTIONS` parameters that are `Settings` fields.
_PUBLISH_KEYS = (
    "description",
    "organizer_name",
    "organizer_email",
    "alarms",
    "refresh",
    "categories",
    "month_items",
)


templates_option = click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of templates that replace the shipped ones of the same name (index.html …).",
)
"""`--templates DIR`, for the commands that render the agenda page."""


def publish_options(command: F) -> F:
    """Add the options that say how the site publishes (names, organizer, reminders …)."""
    return _apply(_PUBLISH_OPTIONS, command)


def filter_options(command: F) -> F:
    """Add the filters; the command receives them as one `filters` (a `Filters`)."""
    return _apply(_FILTER_OPTIONS, command)


def _load_settings(paths: Sequence[str], overrides: dict[str, Any], config: Path | None) -> Loaded:
    from feeds.config import ConfigError, load_settings

    try:
        return load_settings(paths, overrides, config=config)
    except ConfigError as error:
        raise ConfigProblem(str(error)) from error


def _filters(kwargs: dict[str, Any], settings: Settings) -> Filters:
    """Pop the filter options out of `kwargs` into one `Filters`."""
    return Filters(
        kinds=tuple(EventKind(kind) for kind in kwargs.pop("kinds")),
        start=kwargs.pop("start"),
        end=kwargs.pop("end"),
        upcoming=kwargs.pop("upcoming"),
        categories=tuple(kwargs.pop("categories_wanted")),
        search=kwargs.pop("search"),
    )


def clock(settings: Settings) -> Settings:
    """`settings` with the clock set: `--now` when given, else the current time."""
    if settings.now is not None:
        return settings
    from dataclasses import replace

    return replace(settings, now=dt.datetime.now(dt.UTC).replace(microsecond=0))


# -- commands ---------------------------------------------------------------------------------


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="eventfeed", prog_name="eventfeed")
def main() -> None:
    """Turn a folder of markdown blog posts into an ICS calendar, RSS/Atom feeds and exports.

    PATHS are markdown files or folders (read recursively); without any, ./seeds is read.

    \b
    Examples:
      eventfeed build seeds --out public
      eventfeed extract seeds --format table
      eventfeed export seeds --format csv -o events.csv

    Run `eventfeed COMMAND -h` for a command's options and examples.

    \b
    Exit codes:
      0  every post was read and everything was written (warnings, such as
         "Warning: FILE:LINE: "30 February" is not a date", may be printed)
      1  a post (or part of one) could not be used, each reported as one line
         "Error: FILE[:LINE]: reason" while the rest is still published;
         or an output could not be written; with --strict, also any warning
      2  usage error: unknown option, bad --now, --skip-when without "=", …
    """


@main.command("extract")
@input_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "table"]),
    default="json",
    show_default=True,
    help="json: one JSON array; jsonl: one object a line; table: columns for people.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Instead, show for each item its source line, the form that matched and how its date "
    "and year were chosen.",
)
def extract_command(inputs: Inputs, fmt: str, explain: bool) -> None:
    """Print every dated mention (event or deadline) found in the posts.

    \b
    Examples:
      eventfeed extract seeds --format table
      eventfeed extract seeds/inside-open-infrastructure-october-2025.md > mentions.json
      eventfeed extract seeds --explain
    """
    found = inputs.extract()
    if explain:
        from extractor.explain import explain as explain_mentions

        click.echo(explain_mentions(found.events), nl=False)
    else:
        click.echo(format_mentions(found.events, fmt), nl=False)
    finish(found)


@main.command()
@input_options
@publish_options
@filter_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("public"),
    show_default=True,
    help="Folder to publish the site into (replaced as a whole when the build succeeds).",
)
@templates_option
def build(inputs: Inputs, filters: Filters, out: Path, templates: Path | None) -> None:
    """Publish the site: the agenda page, calendars, feeds and events.json.

    \b
    Writes into --out:
      index.html    the agenda: what is coming, a month view, subscribe links
      calendar.ics  rss.xml  atom.xml  feed.json          everything
      events.ics    events.rss.xml    … events.feed.json  events only
      deadlines.ics deadlines.rss.xml … deadlines.feed.json
      categories/<slug>.ics (.rss.xml .atom.xml .feed.json) one set per category
      events.json                                         every entry as JSON data
    Settings come from an eventfeed.toml beside the posts (or [tool.eventfeed] in a
    pyproject.toml there); each flag overrides its key. See them with --print-settings.

    \b
    Examples:
      eventfeed build seeds --out public --base-url https://example.org/events/
      eventfeed build seeds --now 2025-12-15T00:00:00+00:00   # reproducible bytes
      eventfeed build seeds --upcoming --no-month-items
      eventfeed build seeds --print-settings
    """
    from feeds.rebuild import Rebuild, default_cache

    settings = clock(inputs.settings)  # the page shows what is upcoming when it is built
    with fewer_collections(), inputs.open_cache(default=default_cache(out)) as cache:
        archive = inputs.scan(cache)
        context = (settings, filters, inputs.strict)
        rebuild = Rebuild(cache, archive, out, *context, templates=templates)
        if (last := rebuild.unchanged()) is not None:
            # Nothing it is made from changed: say what the last build said, write nothing.
            for line in last.lines:
                click.echo(line, err=True)
            click.get_current_context().exit(last.status)
        found = inputs.extract(archive, cache)
        entries = select(calendar_entries(found.events, settings), filters, settings)
        mentions = len(found.events)
        found = replace(found, events=())  # merged: the mentions need not be held any longer
        kept = cache.path if cache is not None and cache.usable else None
        with library_errors(writing=out), _cache_warnings():
            written = build_site(entries, settings, out, templates=templates, cache=kept)
        lines = [
            f"eventfeed: {_count(len(found.posts), 'post')} read, {len(found.skipped)} skipped, "
            f"{_count(len(found.problems), 'problem')}, {_count(mentions, 'mention')}, "
            f"{_count(len(entries), 'event')}, {_count(len(written), 'file')} written to {out}",
            *(f"  skipped {skipped.path}: {skipped.reason}" for skipped in found.skipped),
        ]
        for line in lines:
            click.echo(line, err=True)
        # Told again by a build that finds nothing changed, which writes nothing.
        again = [*report(found), lines[0].replace(" written to ", " up to date in ", 1), *lines[1:]]
        rebuild.remember(written, again, status=1 if found.problems else 0)
    finish(found)


@main.command()
@input_options
@publish_options
@filter_options
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), required=True, help="The format to write."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
    default="-",
    show_default=True,
    help="File to write (replaced atomically); - is standard output.",
)
@click.option(
    "--mentions",
    is_flag=True,
    help="Every mention as found, one per post and line, instead of merged calendar entries.",
)
def export(inputs: Inputs, filters: Filters, fmt: str, output: str, mentions: bool) -> None:
    """Write the calendar entries in one format to standard output or a file.

    FORMAT is ics, rss, atom, jsonfeed (JSON Feed 1.1), json, jsonl or csv.

    \b
    Examples:
      eventfeed export seeds --format csv -o events.csv
      eventfeed export seeds --format ics --kind deadline --from 2026-01-01 -o deadlines.ics
      eventfeed export seeds --format ics --upcoming --category OpenStack
      eventfeed export seeds --format jsonl --search summit | jq .title
      eventfeed export seeds --format csv --mentions   # unmerged, one row per mention
    """
    found = inputs.extract()
    settings = clock(inputs.settings) if filters.upcoming else inputs.settings
    items = (
        prepare(found.events, settings) if mentions else calendar_entries(found.events, settings)
    )
    events = select(items, filters, settings)
    to_stdout = output == "-"
    self_url = None if to_stdout else inputs.settings.absolute(Path(output).name)
    with library_errors():
        data = render(events, inputs.settings, fmt, self_url=self_url)
    if to_stdout:
        click.echo(data, nl=False)
    else:
        from feeds.write import write_atomic

        with library_errors(writing=output):
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            write_atomic(Path(output), data)
    finish(found)


# -- human output -----------------------------------------------------------------------------


def format_mentions(events: Sequence[Event], fmt: str) -> bytes:
    """The mentions as `extract --format` prints them, in post then line order."""
    if fmt == "table":
        return format_table(events).encode("utf-8")
    from feeds.tables import event_to_dict

    items = [event_to_dict(event) for event in events]
    if fmt == "jsonl":
        text = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    else:
        text = json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8")


def format_table(events: Sequence[Event]) -> str:
    """Aligned columns for a terminal: date, kind, title, location, file:line."""
    from feeds import sanitize

    rows = [("DATE", "KIND", "TITLE", "LOCATION", "SOURCE")]
    for event in events:
        rows.append(
            (
                _when(event),
                event.kind.value,
                _clip(sanitize.line(event.title), 60),  # no escape sequence reaches a terminal
                _clip(sanitize.line(event.location), 30),
                printable(f"{event.source.path}:{event.source.line}") if event.sources else "",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines) + "\n"


def _when(event: Event) -> str:
    """The item's days (or month, or time) in a few characters."""
    if event.precision is Precision.MONTH:
        first, last = event.start_date.strftime("%Y-%m"), event.end.strftime("%Y-%m")
        return first if first == last else f"{first}..{last}"
    if isinstance(event.start, dt.datetime):
        text = event.start.strftime("%Y-%m-%d %H:%M %Z").rstrip()
    else:
        text = event.start.isoformat()
    return text if event.end == event.start_date else f"{text}..{event.end.isoformat()}"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# `serve` lives in its own module, which registers it on `main`; imported last, as it imports this.
import feeds.cli_serve  # noqa: E402, F401
