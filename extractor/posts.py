"""Reading posts: markdown files with front matter in, `Post` records out.

`load_post` reads one file and raises `PostError`; `load_posts` reads files and folders and turns
each failure into a `Problem`, so one bad post never stops the others. Front matter is detected,
split and parsed by python-frontmatter handlers (YAML, TOML, JSON, Pelican/MultiMarkdown headers);
every key the loader interprets goes through one named converter in `CONVERTERS`.

The handlers are driven directly (`detect_format`, `split`, `load`) rather than through
`frontmatter.parse`, which silently treats unclosed or non-mapping front matter as none at all.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from types import MappingProxyType
from typing import Any, Final
from urllib.parse import quote, urljoin, urlsplit

import frontmatter
import yaml
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

from extractor.errors import PostError
from extractor.frontmatter_handlers import HeaderHandler, TomlHandler
from extractor.model import Extraction, Post, Problem, Skipped

__all__ = ["CONVERTERS", "FORMATS", "load_post", "load_posts", "percent_encode"]

MARKDOWN_SUFFIXES: Final = (".md", ".markdown")
"""What a file found in a folder must end with (case-insensitive) to be read as a post."""


@dataclass(frozen=True)
class Format:
    """A front-matter format: its name in messages, its handler, and its closing line."""

    name: str
    handler: BaseHandler
    closing: str


FORMATS: Final = (
    Format("YAML", YAMLHandler(), "---"),
    Format("TOML", TomlHandler(), "+++"),
    Format("JSON", JSONHandler(), "}"),
    Format("header", HeaderHandler(), ""),
)
"""The front-matter formats, in the order they are tried on a post's first line."""


# --- Converters: one per front-matter key the loader interprets --------------------------------

Moment = tuple[dt.date, dt.datetime]
"""A post's date as written and its aware publication time."""

_TRUE: Final = frozenset({"true", "yes"})
_FALSE: Final = frozenset({"false", "no"})
_MONTH_NAMES: Final = (
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
)
_MONTHS: Final = {
    name: number
    for number, month in enumerate(_MONTH_NAMES, start=1)
    for name in (month, month[:3], "sept" if number == 9 else month)
}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}[T ]", re.IGNORECASE)
_UTC_SUFFIX = re.compile(r"\s*(?:UTC|GMT)$", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(
    r"(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.I
)
_DAY_MONTH_YEAR = re.compile(
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[A-Za-z]+)\.?,?\s+(?P<year>\d{4})", re.I
)


def _iso(text: str) -> dt.date | dt.datetime | None:
    """ISO 8601 from a day on: `2025-04-21`, `2025-04-21 17:11`, `…T17:11:25.697Z`, `… -05:00`."""
    try:
        if _ISO_DAY.fullmatch(text):
            return dt.date.fromisoformat(text)
        if _ISO_START.match(text):
            return dt.datetime.fromisoformat(_UTC_SUFFIX.sub("+00:00", text))
    except ValueError:
        return None
    return None


def _named_month(text: str) -> dt.date | None:
    """A day with an English month name: `August 5, 2025`, `Aug. 5th 2025`, `5 August 2025`."""
    found = _MONTH_DAY_YEAR.fullmatch(text) or _DAY_MONTH_YEAR.fullmatch(text)
    if found is None or found["month"].lower() not in _MONTHS:
        return None
    try:
        return dt.date(int(found["year"]), _MONTHS[found["month"].lower()], int(found["day"]))
    except ValueError:
        return None


DATE_FORMATS: Final[tuple[Callable[[str], dt.date | dt.datetime | None], ...]] = (
    _iso,
    _named_month,
)
"""The ways a date may be written in a front-matter string, tried in order.

Deliberately not dateparser: it resolves "tomorrow" or "2 days ago" against the clock even with
`STRICT_PARSING`, and `extractor.dates` is the one module that imports it.
"""


def to_moment(value: Any) -> Moment:
    """A date, a datetime (naive means UTC) or a string in one of `DATE_FORMATS`."""
    if isinstance(value, str):
        text = " ".join(value.split())
        for parse in DATE_FORMATS:
            parsed = parse(text)
            if parsed is not None:
                value = parsed
                break
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
        return value.date(), aware
    if isinstance(value, dt.date):
        return value, dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    raise ValueError("is not a date")


def to_flag(value: Any) -> bool:
    """A boolean, or one of the strings true/yes/false/no (any case)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError("is not true or false")


def to_published(value: Any) -> bool | Moment:
    """`published` is either a flag (`published: false` marks a draft) or the post's date."""
    try:
        return to_flag(value)
    except ValueError:
        pass
    try:
        return to_moment(value)
    except ValueError:
        raise ValueError("is neither a date nor true or false") from None


def to_text(value: Any) -> str:
    """A string, number or date as one line of text (runs of whitespace become one space)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | dt.date):
        raise ValueError("is not text")
    return " ".join(str(value).split())


def to_url(value: Any) -> str:
    """A URL (absolute or relative), percent-encoded where it has unsafe characters."""
    if not isinstance(value, str):
        raise ValueError("is not a URL")
    return percent_encode(value.strip())


CONVERTERS: Final[Mapping[str, Callable[[Any], Any]]] = MappingProxyType(
    {
        "title": to_text,
        "date": to_moment,
        "published": to_published,
        "pubdate": to_moment,
        "publishdate": to_moment,
        "created": to_moment,
        "draft": to_flag,
        "url": to_url,
        "permalink": to_url,
        "link": to_url,
        "seo.url": to_url,
        "seo.canonical": to_url,
        "slug": to_text,
    }
)
"""How each front-matter key the loader interprets becomes a value (keys are case-insensitive;
`a.b` is key `b` of the mapping under `a`). A converter raises `ValueError("is not …")`."""

DATE_KEYS: Final = ("date", "published", "pubdate", "publishdate", "created")
"""Where the post's date comes from, first present wins; then a `YYYY-MM-DD-` file-name prefix."""
URL_KEYS: Final = ("url", "permalink", "link", "seo.url", "seo.canonical")
"""Where the post's URL comes from, first present wins; then `slug` under the base URL."""

#: Characters `percent_encode` leaves alone: RFC 3986 reserved characters and `%`.
_URL_SAFE: Final = ":/?#[]@!$&'()*+,;=%"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def percent_encode(url: str) -> str:
    """`url` with spaces and other unsafe characters percent-encoded; `%XX` is kept as is."""
    return quote(_LONE_PERCENT.sub("%25", url), safe=_URL_SAFE)


# --- Reading files ---------------------------------------------------------------------------

_BLANK_LINES = re.compile(r"(?:[ \t]*\n)*")
_LINE_BREAK = re.compile(rb"\r\n?|\n")
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:-|$)")
_YAML_TAG = re.compile(r"constructor for the tag '([^']*)'")
_TOML_WHERE = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")


@dataclass(frozen=True)
class _Source:
    """A post file split into front matter and body, before any key is interpreted."""

    path: str
    meta: Mapping[Any, Any]
    body: str
    body_line: int
    front_matter: str = ""
    """The raw front-matter text, for finding the line of a key."""
    front_matter_line: int = 1
    """The file line on which `front_matter` starts."""


def _line_at(text: str, offset: int) -> int:
    """The 1-based line of `text` holding `offset`."""
    return text.count("\n", 0, offset) + 1


def _decode(path: str, data: bytes) -> str:
    """The file's text, with a UTF-8 BOM dropped and CRLF / CR turned into LF."""
    if b"\0" in data:
        raise PostError(path, "binary file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
        line = len(_LINE_BREAK.findall(data, 0, offset)) + 1
        message = f"not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})"
        raise PostError(path, message, line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _load_error(fmt: Format, error: Exception, first_line: int) -> tuple[str, int | None]:
    """A parser's error as a message and a file line (None when the parser gives none)."""
    prefix = f"invalid {fmt.name} front matter"
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else first_line + mark.line
        problem = error.problem or str(error)
        tag = _YAML_TAG.search(problem)
        if tag:
            shown = tag[1].replace("tag:yaml.org,2002:", "!!")
            return f'{prefix}: tag "{shown}" is not allowed', line
        return f"{prefix}: {problem}", line
    if isinstance(error, json.JSONDecodeError):
        return f"{prefix}: {error.msg}", first_line + error.lineno - 1
    if isinstance(error, RecursionError):
        return f"{prefix}: nested too deeply", None
    message = str(error)
    where = _TOML_WHERE.search(message) if fmt.name == "TOML" else None
    if where:
        line = first_line + int(where[1]) - 1 if where[1] else None
        return f"{prefix}: {message[: where.start()]}", line
    return f"{prefix}: {message}", None


def _kind(value: Any) -> str:
    """How a front-matter value that is not a mapping is named in a message."""
    names = {list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def _split(path: str, text: str) -> _Source:
    """Detect, split and parse the front matter of `text`; find where the body starts."""
    lead = _BLANK_LINES.match(text)
    head = text[lead.end() if lead else 0 :]
    handler = frontmatter.detect_format(head, [fmt.handler for fmt in FORMATS])
    fm, content, meta, first_line = "", head, {}, 1
    if handler is not None:
        fmt = next(fmt for fmt in FORMATS if fmt.handler is handler)
        opening = _line_at(text, len(text) - len(head))
        try:
            fm, content = handler.split(head)
        except ValueError:
            message = f'front matter is not closed: no closing "{fmt.closing}" line'
            raise PostError(path, message, opening) from None
        # `fm` starts right after the opening delimiter (JSON and headers: at the first line).
        first_line = opening + head.count("\n", 0, max(head.find(fm), 0))
        try:
            loaded = handler.load(fm)
        except (yaml.YAMLError, ValueError, RecursionError) as error:
            message, line = _load_error(fmt, error, first_line)
            raise PostError(path, message, line) from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, Mapping):
            raise PostError(path, f"front matter is {_kind(loaded)}, not a mapping", opening)
        meta = loaded
    # The body comes from the raw text, not stripped (as `frontmatter.parse` would), so that its
    # first line is a whole line of the file and `body_line` is exact.
    start = len(text) - len(content)
    blank = _BLANK_LINES.match(text, start)
    start = blank.end() if blank else start
    return _Source(
        path=path,
        meta=meta,
        body=text[start:],
        body_line=_line_at(text, start),
        front_matter=fm,
        front_matter_line=first_line,
    )


def _read(path: str, file: Path) -> _Source:
    """Read and split one post file."""
    try:
        data = file.read_bytes()
    except OSError as error:
        raise PostError(path, f"cannot read: {error.strerror or error}") from None
    return _split(path, _decode(path, data))


# --- Interpreting front matter ---------------------------------------------------------------


def _lookup(meta: Mapping[Any, Any], key: str) -> tuple[str, Any] | None:
    """The key as written and its value, for `key` matched case-insensitively (`a.b`: nested)."""
    wanted = key.lower()
    for written, value in meta.items():
        if str(written).lower() == wanted:
            return str(written), value
    head, dot, rest = key.partition(".")
    if dot:
        found = _lookup(meta, head)
        if found is not None and isinstance(found[1], Mapping):
            inner = _lookup(found[1], rest)
            if inner is not None:
                return f"{found[0]}.{inner[0]}", inner[1]
    return None


def _show(value: Any) -> str:
    """A front-matter value as quoted in a message: `"soon"`, `2025`, `true`, `[1, 2]`."""
    try:
        shown = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        shown = repr(value)
    return shown if len(shown) <= 80 else f"{shown[:79]}…"


def _key_line(source: _Source, written: str) -> int | None:
    """The file line of top-level key `written`, when exactly one front-matter line defines it."""
    pattern = re.compile(rf"^[ \t]*[\"']?{re.escape(written)}[\"']?[ \t]*[:=]", re.M | re.I)
    hits = [found.start() for found in pattern.finditer(source.front_matter)]
    if len(hits) != 1:
        return None
    return source.front_matter_line + source.front_matter.count("\n", 0, hits[0])


def _value(source: _Source, key: str) -> Any:
    """Front-matter `key` through its converter, or None when absent, null or empty."""
    found = _lookup(source.meta, key)
    if found is None or found[1] is None or found[1] == "":
        return None
    written, value = found
    try:
        return CONVERTERS[key](value)
    except ValueError as error:
        message = f"{written} {_show(value)} {error}"
        raise PostError(source.path, message, _key_line(source, written)) from None


def _date(source: _Source) -> Moment:
    """The post's date: from `DATE_KEYS`, else from a `YYYY-MM-DD-` file-name prefix."""
    for key in DATE_KEYS:
        value = _value(source, key)
        if isinstance(value, tuple):
            return value
    named = _FILE_DATE.match(PurePath(source.path).stem)
    if named is None:
        raise PostError(source.path, "no date in front matter or file name")
    try:
        return to_moment(dt.date.fromisoformat(named[1]))
    except ValueError:
        raise PostError(source.path, f'file name date "{named[1]}" is not a date') from None


def _url(source: _Source, base_url: str | None) -> str | None:
    """The post's URL from `URL_KEYS`, else `slug/` under `base_url`; relative ones joined."""
    url: str | None = None
    for key in URL_KEYS:
        url = _value(source, key)
        if url:
            break
    if not url:
        slug = _value(source, "slug")
        if not slug:
            return None
        url = percent_encode(slug.strip("/") + "/")
        if base_url is None:
            return "/" + url
    if base_url is None or urlsplit(url).scheme or url.startswith("//"):
        return url
    return percent_encode(urljoin(base_url if base_url.endswith("/") else base_url + "/", url))


def _skip_reason(source: _Source, drafts: bool, skip_when: Sequence[tuple[str, str]]) -> str | None:
    """Why the post is left out ("draft", "hidePost=true"), or None to keep it."""
    if not drafts and _is_draft(source):
        return "draft"
    for key, wanted in skip_when:
        found = _lookup(source.meta, key)
        if found is not None and _as_compared(found[1]) == wanted.strip().lower():
            return f"{key}={wanted}"
    return None


def _is_draft(source: _Source) -> bool:
    """True for `draft: true` or `published: false`; raises `PostError` for other non-flags."""
    draft, published = _value(source, "draft"), _value(source, "published")
    return draft is True or published is False


def _as_compared(value: Any) -> str:
    """A value as `skip_when` compares it: lowercase text, booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value).strip().lower()


def _post(source: _Source, base_url: str | None) -> Post:
    """The `Post` for a split file (its draft flags are checked even when drafts are read)."""
    _is_draft(source)
    day, published = _date(source)
    return Post(
        path=source.path,
        title=_value(source, "title") or PurePath(source.path).stem,
        date=day,
        published=published,
        body=source.body,
        body_line=source.body_line,
        url=_url(source, base_url),
        meta=MappingProxyType(dict(source.meta)),
    )


# --- Finding files ---------------------------------------------------------------------------


def _walk(folder: Path) -> Iterator[Path | Problem]:
    """Every markdown file under `folder`, sorted; hidden names and linked folders are skipped."""
    problems: list[Problem] = []

    def unreadable(error: OSError) -> None:
        where = PurePath(error.filename or folder).as_posix()
        problems.append(Problem(where, f"cannot read: {error.strerror or error}"))

    found: list[Path] = []
    for top, folders, files in os.walk(folder, onerror=unreadable):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(
            Path(top, name)
            for name in files
            if not name.startswith(".") and name.lower().endswith(MARKDOWN_SUFFIXES)
        )
    yield from problems
    yield from sorted(found, key=lambda path: path.parts)


def _find(paths: Iterable[str | Path]) -> Iterator[Path | Problem]:
    """Each post file named in `paths` (a file as given, a folder walked), once each."""
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        for found in _walk(path) if path.is_dir() else [path]:
            if isinstance(found, Path):
                key = os.path.normpath(found)
                if key in seen:
                    continue
                seen.add(key)
            yield found


# --- Entry points ----------------------------------------------------------------------------


def load_post(path: str | Path, *, base_url: str | None = None) -> Post:
    """Read one post file; raises `PostError` (path, message and line when known) if it can't."""
    file = Path(path)
    return _post(_read(file.as_posix(), file), base_url)


def load_posts(
    paths: Iterable[str | Path],
    *,
    drafts: bool = False,
    skip_when: Sequence[tuple[str, str]] = (),
    base_url: str | None = None,
) -> Extraction:
    """Read every post in `paths`: files as given (any suffix), folders recursively.

    Drafts (`draft: true`, `published: false`) are skipped unless `drafts`; so is a post whose key
    equals the value of a `skip_when` pair (case-insensitive). A post that cannot be read becomes a
    `Problem` and the rest are still read. The result has no events.
    """
    posts: list[Post] = []
    problems: list[Problem] = []
    skipped: list[Skipped] = []
    for found in _find(paths):
        if isinstance(found, Problem):
            problems.append(found)
            continue
        path = found.as_posix()
        try:
            source = _read(path, found)
            reason = _skip_reason(source, drafts, skip_when)
            if reason is not None:
                skipped.append(Skipped(path, reason))
            else:
                posts.append(_post(source, base_url))
        except PostError as error:
            problems.append(Problem(error.path, error.message, error.line))
    return Extraction(posts=tuple(posts), problems=tuple(problems), skipped=tuple(skipped))
