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
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from types import MappingProxyType
from typing import Any, Final
from urllib.parse import quote, urljoin, urlsplit

import frontmatter
import yaml
from frontmatter.default_handlers import BaseHandler

from extractor.errors import PostError
from extractor.frontmatter_handlers import (
    DuplicateKeyError,
    HeaderHandler,
    JsonHandler,
    TomlHandler,
    YamlHandler,
)
from extractor.limits import LIMITS, Limits
from extractor.model import Extraction, Post, Problem, Skipped

__all__ = [
    "CONVERTERS",
    "FORMATS",
    "load_bytes",
    "load_post",
    "load_posts",
    "percent_encode",
    "post_files",
    "read_file",
]

MARKDOWN_SUFFIXES: Final = (".md", ".markdown")
"""What a file found in a folder must end with (case-insensitive) to be read as a post."""


@dataclass(frozen=True)
class Format:
    """A front-matter format: its name in messages, its handler, and its closing line."""

    name: str
    handler: BaseHandler
    closing: str


FORMATS: Final = (
    Format("YAML", YamlHandler(), "---"),
    Format("TOML", TomlHandler(), "+++"),
    Format("JSON", JsonHandler(), "}"),
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


_LOOSE_ISO = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"  # 2016-08-5, 2012/06/25
    r"(?:[T ](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?"
)


def _day_at(year: int, month: int, day: int, found: re.Match[str]) -> dt.date | dt.datetime | None:
    """The day, at the clock time of groups `h`, `mi`, `s` when `found` has one; None when
    either cannot be."""
    try:
        date = dt.date(year, month, day)
        if found["h"] is None:
            return date
        return dt.datetime.combine(
            date, dt.time(int(found["h"]), int(found["mi"]), int(found["s"] or 0))
        )
    except ValueError:
        return None


def _with_colon(offset: str) -> str:
    """A UTC offset as ISO 8601 writes it: `+0100` → `+01:00` (`Z` and `+01:00` as they are)."""
    return offset if offset == "Z" or ":" in offset else f"{offset[:3]}:{offset[3:]}"


def _loose_iso(text: str) -> dt.date | dt.datetime | None:
    """`2016-08-5 11:50:20`: ISO with a one-digit month or day, as Jekyll accepts it; also
    `2012/06/25` (nanoc, Middleman)."""
    found = _LOOSE_ISO.fullmatch(text)
    if found is None:
        return None
    return _day_at(int(found["y"]), int(found["m"]), int(found["d"]), found)


_GO_TIME = re.compile(
    r"(?P<moment>\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*"
    r"(?P<offset>[+-]\d\d:?\d\d|Z)?(?:\s+[A-Z]{1,5})?"
)


def _go_time(text: str) -> dt.datetime | None:
    """`2018-02-28 00:00:00 +0000 UTC`: a moment as Go (and so Hugo) prints one, and
    `2018-02-28 10:00 +0100`: an offset without its colon."""
    found = _GO_TIME.fullmatch(text)
    if found is None:
        return None
    offset = _with_colon(found["offset"] or "Z")
    try:
        return dt.datetime.fromisoformat(found["moment"] + ("+00:00" if offset == "Z" else offset))
    except ValueError:
        return None


def _rfc_2822(text: str) -> dt.datetime | None:
    """`Wed, 28 Feb 2018 10:00:00 +0000`: a moment as email and RSS write it."""
    if not re.match(r"[A-Za-z]{3},\s", text):
        return None
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None


_SHORT_YEAR = re.compile(
    r"(?P<a>\d\d?)[-/.](?P<b>\d\d?)[-/.](?P<y>\d\d)"
    r"(?:[ T](?P<h>\d\d?):(?P<mi>\d\d)(?::(?P<s>\d\d))?)?"
)


def _short_year(text: str) -> dt.date | dt.datetime | None:
    """`08-02-21 15:00`: a two-digit year last, month first as Pelican's dateutil reads it
    unless the first number cannot be a month (`21-08-21`)."""
    found = _SHORT_YEAR.fullmatch(text)
    if found is None:
        return None
    first, second, year = int(found["a"]), int(found["b"]), int(found["y"])
    month, day = (first, second) if first <= 12 else (second, first)
    return _day_at(2000 + year if year < 70 else 1900 + year, month, day, found)


_JS_DATE = re.compile(
    r"[A-Z][a-z]{2} (?P<month>[A-Z][a-z]{2}) (?P<day>\d\d?) (?P<year>\d{4}) "
    r"(?P<time>\d\d:\d\d:\d\d) GMT(?P<offset>[+-]\d{4})(?: \([^()]*\))?"
)


def _js_date(text: str) -> dt.datetime | None:
    """`Tue Jul 11 2023 07:23:12 GMT+0000 (Coordinated Universal Time)`: a moment as
    JavaScript's `Date.toString()` writes it (Hashnode's and other exporters' front matter)."""
    found = _JS_DATE.fullmatch(text)
    if found is None or found["month"].lower() not in _MONTHS:
        return None
    try:
        day = dt.date(int(found["year"]), _MONTHS[found["month"].lower()], int(found["day"]))
        return dt.datetime.fromisoformat(
            f"{day.isoformat()}T{found['time']}{_with_colon(found['offset'])}"
        )
    except ValueError:
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
    _loose_iso,
    _go_time,
    _rfc_2822,
    _js_date,
    _named_month,
    _short_year,
)
"""The ways a date may be written in a front-matter string, tried in order.

Deliberately not dateparser: it resolves "tomorrow" or "2 days ago" against the clock even with
`STRICT_PARSING`, and `extractor.dates` is the one module that imports it.
"""


#: The key of a post's creation among a mapping of dates.
_CREATED_KEYS = frozenset(("created", "published", "date", "pubdate"))


def to_moment(value: Any) -> Moment:
    """A date, a datetime (naive means UTC) or a string in one of `DATE_FORMATS`; a mapping
    gives its `created` one (MkDocs Material's blog: `date: {created: 2024-09-03}`)."""
    if isinstance(value, Mapping):
        value = next((v for k, v in value.items() if str(k).lower() in _CREATED_KEYS), value)
    if isinstance(value, str):
        text = " ".join(value.split())
        text = re.sub(r"\s*\((?:[A-Za-z]{2,3}|[^\W\d_]{2,12})\)$", "", text)  # "2013-11-23 (Sat)"
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
    """A string, number or date as one line of text (runs of whitespace become one space); of a
    title per language (`{de: …, en: …}`), the first."""
    if isinstance(value, dict) and value and all(isinstance(x, str) for x in value.values()):
        value = next(iter(value.values()))
    if isinstance(value, bool) or not isinstance(value, str | int | float | dt.date):
        raise ValueError("is not text")
    return " ".join(str(value).split())


def to_url(value: Any) -> str:
    """A URL (absolute or relative), percent-encoded where it has unsafe characters."""
    if not isinstance(value, str):
        raise ValueError("is not a URL")
    return percent_encode(value.strip())


DATE_KEYS: Final = (
    "date",
    "published",
    "pubdate",
    "publishdate",
    "created",
    "datetime",  # Zola's and some JSON front matter
    "pubdatetime",  # Astro's blog template
    "published_at",
    "publish_date",
    "date_published",
    "posted",
    "created_at",
    "datepublished",  # Hashnode's export, schema.org's name
    "publishedat",
    "createdat",
    "datecreated",
    "date_created",
)
"""Where the post's date comes from, first present wins; then a `YYYY-MM-DD-` file-name prefix,
else a `YYYY/MM/DD/` or `YYYY-MM-DD` folder holding the file."""
CONVERTERS: Final[Mapping[str, Callable[[Any], Any]]] = MappingProxyType(
    {
        "title": to_text,
        **{key: to_moment for key in DATE_KEYS},
        "published": to_published,
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
_FOLDER_DATE = re.compile(r"(?<![\w-])((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?![\w-])")
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
    problems: tuple[Problem, ...] = ()
    """Parts of the file that could not be read (a limit was hit); the rest is a post."""
    warnings: tuple[Problem, ...] = ()
    """What was read, but not as written (a file that is not UTF-8)."""


def _line_at(text: str, offset: int) -> int:
    """The 1-based line of `text` holding `offset`."""
    return text.count("\n", 0, offset) + 1


#: Byte order marks, longest first (a UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
#: Bytes no text file holds (C0 controls but tab, line ends, form feed and escape).
_BINARY_BYTES: Final = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _decode(path: str, data: bytes) -> tuple[str, Problem | None]:
    """The file's text with CRLF / CR made LF, and a warning when it was not read as UTF-8.

    A byte order mark says the encoding (UTF-8, UTF-16, UTF-32) and is dropped. Without one,
    text is UTF-8; a file that is not, but has no control bytes, is read as Windows-1252 (the
    Latin-1 of old editors) with a warning; NUL or other control bytes mean a binary file.
    """
    bom = next((b for b in _BOMS if data.startswith(b[0])), None)
    warning = None
    if bom is not None and bom[2] != "UTF-8":
        mark, encoding, name = bom
        try:
            text = data[len(mark) :].decode(encoding)
        except UnicodeDecodeError as error:
            message = f"not {name} text (bad bytes at offset {error.start + len(mark)})"
            raise PostError(path, message) from None
        if "\0" in text:
            raise PostError(path, "binary file")
    else:
        if b"\0" in data:
            raise PostError(path, "binary file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            if _BINARY_BYTES.search(data):
                raise PostError(path, "binary file") from None
            skip = len(codecs.BOM_UTF8) if bom else 0
            offset = error.start + skip
            line = len(_LINE_BREAK.findall(data, 0, offset)) + 1
            try:
                text = data[skip:].decode("cp1252")
            except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: not in Windows-1252
                text = data[skip:].decode("latin-1")
            message = (
                f"not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset}); "
                "read as Windows-1252 (Latin-1)"
            )
            warning = Problem(path, message, line)
    return text.replace("\r\n", "\n").replace("\r", "\n"), warning


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
    if isinstance(error, DuplicateKeyError):
        return f"{prefix}: {error}", None if error.line is None else first_line + error.line
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


def _check_shape(meta: Mapping[Any, Any], limits: Limits) -> None:
    """Raise `ValueError` when front matter holds more values than `max_front_matter_values`
    (each YAML alias counted as everything it stands for, without expanding it), nests deeper
    than `max_front_matter_depth`, or refers to itself."""
    sizes: dict[int, tuple[int, int]] = {}  # id → (values, height) of a list or mapping
    active: set[int] = set()
    most, deepest = limits.max_front_matter_values, limits.max_front_matter_depth

    def measure(value: Any, depth: int) -> tuple[int, int]:
        if isinstance(value, Mapping):
            children: Iterable[Any] = (*value.keys(), *value.values())
        elif isinstance(value, list | tuple):
            children = value
        else:
            return 1, 0
        key = id(value)
        if key in active:
            raise ValueError("refers to itself (a recursive YAML alias)")
        known = sizes.get(key)
        if known is None:
            if depth >= deepest:
                raise ValueError(f"nested more than {deepest} deep (max_front_matter_depth)")
            active.add(key)
            total, height = 1, 0
            for child in children:
                count, below = measure(child, depth + 1)
                total, height = total + count, max(height, below + 1)
                if total > most:
                    raise ValueError(
                        f"holds more than {most:,} values (max_front_matter_values); "
                        "YAML aliases count as everything they repeat"
                    )
            active.discard(key)
            known = sizes[key] = (total, height)
        if depth + known[1] > deepest:
            raise ValueError(f"nested more than {deepest} deep (max_front_matter_depth)")
        return known

    measure(meta, 0)


def _second_block(
    handler: BaseHandler, content: str, meta: Mapping[str, Any], limits: Limits
) -> tuple[str, Mapping[str, Any]]:
    """`content` and `meta` with a second front-matter block read too, when the body opens with
    one (a `date:` block put on top of a post's own): its keys join, the first block's win. A
    second block that does not read as a mapping stays in the body."""
    lead = _BLANK_LINES.match(content)
    rest = content[lead.end() if lead else 0 :]
    if not rest.startswith("---") or not handler.detect(rest):
        return content, meta
    try:
        fm, after = handler.split(rest)
        loaded = handler.load(fm)
        if not isinstance(loaded, Mapping):
            return content, meta
        _check_shape(loaded, limits)
    except (yaml.YAMLError, ValueError, RecursionError):
        return content, meta
    return after, {**loaded, **meta}


def _split(path: str, text: str, limits: Limits = LIMITS) -> _Source:
    """Detect, split and parse the front matter of `text`; find where the body starts."""
    lead = _BLANK_LINES.match(text)
    head = text[lead.end() if lead else 0 :]
    handler = frontmatter.detect_format(head, [fmt.handler for fmt in FORMATS])
    fm, content, first_line = "", head, 1
    meta: Mapping[str, Any] = {}
    lenient: Problem | None = None
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
            syntax = isinstance(error, (yaml.scanner.ScannerError, yaml.parser.ParserError))
            plain = _plain_lines(fm) if fmt.name == "YAML" and syntax else {}
            if not any(key.lower() in _DATE_KEYS for key in plain):
                raise PostError(path, message, line) from None
            loaded = plain
            # `title: Klima: "Wandel, Werte"`: what a site generator forgiving the same text
            # reads, rather than losing the post
            lenient = Problem(path, f"{message}; read its `key: value` lines as plain text", line)
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, Mapping):
            raise PostError(path, f"front matter is {_kind(loaded)}, not a mapping", opening)
        try:
            _check_shape(loaded, limits)
        except ValueError as error:
            raise PostError(path, f"front matter {error}", opening) from None
        meta = loaded
        content, meta = _second_block(handler, content, meta, limits)
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
        warnings=(lenient,) if lenient is not None else (),
    )


#: Keys whose plain line makes front matter YAML could not read worth reading as lines.
_DATE_KEYS = frozenset(("date", "published", "pubdate", "created", "datepublished"))

#: A top-level `key: value` line of front matter that YAML could not read.
_PLAIN_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w.-]*)\s*:\s*(?P<value>.*?)\s*$")


def _plain_lines(fm: str) -> dict[str, str]:
    """The top-level `key: value` lines of YAML front matter that does not parse, as strings
    (quotes around a whole value removed); nested and list lines are left out."""
    found: dict[str, str] = {}
    for line in fm.split("\n"):
        match = _PLAIN_LINE.match(line)
        if match is None or match["key"] in found:
            continue
        value = match["value"]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        found[match["key"]] = value
    return found


def _read_bytes(path: str, file: Path, limits: Limits) -> tuple[bytes, int | None]:
    """At most `max_post_bytes` of a regular file, cut after its last whole line, and the
    file's size when it is longer."""
    try:
        info = file.stat()
        if stat.S_ISDIR(info.st_mode):
            raise PostError(path, "cannot read: Is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise PostError(path, "cannot read: not a regular file (a pipe, socket or device)")
        with file.open("rb") as handle:
            data = handle.read(limits.max_post_bytes + 1)
    except OSError as error:
        raise PostError(path, f"cannot read: {error.strerror or error}") from None
    if len(data) <= limits.max_post_bytes:
        return data, None
    size = max(info.st_size, limits.max_post_bytes + 1)
    data = _whole_lines(data, limits.max_post_bytes)
    if not data:
        message = (
            f"file is {size:,} bytes, more than max_post_bytes ({limits.max_post_bytes:,}), "
            "with no line break before the limit: not read"
        )
        raise PostError(path, message)
    return data, size


def _whole_lines(data: bytes, limit: int) -> bytes:
    """The longest start of `data`, at most `limit` bytes, that ends with a line break in the
    file's encoding (as its byte order mark says; UTF-8 without one)."""
    encoding = next((b[1] for b in _BOMS if data.startswith(b[0])), "utf-8")
    newline = "\n".encode(encoding)
    start = 0 if encoding == "utf-8" else len(next(b[0] for b in _BOMS if b[1] == encoding))
    end = data.rfind(newline, start, limit)
    while end >= 0 and (end - start) % len(newline):  # a match across two characters
        end = data.rfind(newline, start, end + len(newline) - 1)
    return data[: end + len(newline)] if end >= 0 else b""


def _bounded(path: str, text: str, size: int | None, limits: Limits) -> tuple[str, Problem | None]:
    """`text` up to its `max_lines`-th line, and the problem saying what was left unread when
    the file has more lines, or more bytes (`size`) than `max_post_bytes`."""
    count = text.count("\n") + (not text.endswith("\n"))
    if count > limits.max_lines:
        cut = -1
        for _ in range(limits.max_lines):
            cut = text.index("\n", cut + 1)
        text = text[: cut + 1]
    read = min(count, limits.max_lines)
    if size is not None:
        over = f"file is {size:,} bytes, more than max_post_bytes ({limits.max_post_bytes:,})"
    elif count > limits.max_lines:
        over = f"file has {count:,} lines, more than max_lines ({limits.max_lines:,})"
    else:
        return text, None
    return text, Problem(path, f"{over}: only lines 1–{read:,} were read")


def _without_long_lines(source: _Source, limits: Limits) -> tuple[str, Problem | None]:
    """The body with every line longer than `max_line_chars` made empty (so that every other
    line keeps its number), and one problem naming the first and counting the others."""
    longest = limits.max_line_chars
    if len(source.body) <= longest or all(len(x) <= longest for x in source.body.split("\n")):
        return source.body, None
    lines = source.body.split("\n")
    long = [number for number, line in enumerate(lines) if len(line) > longest]
    first = long[0]
    message = (
        f"line of {len(lines[first]):,} characters, more than max_line_chars ({longest:,}): "
        "not read"
    )
    if len(long) > 1:
        message += f" (nor {len(long) - 1:,} more such lines)"
    for number in long:
        lines[number] = ""
    return "\n".join(lines), Problem(source.path, message, source.body_line + first)


def read_file(path: str, file: Path, limits: Limits = LIMITS) -> tuple[bytes, int | None]:
    """The bytes of post file `file` (named `path` in messages) that are read within `limits`,
    and its size when it is longer than that; raises `PostError`."""
    return _read_bytes(path, file, limits)


def _read(path: str, file: Path, limits: Limits = LIMITS) -> _Source:
    """Read and split one post file, within `limits`."""
    return _source(path, *_read_bytes(path, file, limits), limits)


def _source(path: str, data: bytes, size: int | None, limits: Limits) -> _Source:
    """Split the bytes read of a post file (`size`: the file's, when longer than they are)."""
    text, warning = _decode(path, data)
    if not text.strip():
        raise PostError(path, "empty file")
    text, short = _bounded(path, text, size, limits)
    source = _split(path, text, limits)
    body, blanked = _without_long_lines(source, limits)
    problems = tuple(p for p in (short, blanked) if p is not None)
    return replace(
        source,
        body=body,
        problems=problems,
        warnings=((warning,) if warning is not None else ()) + source.warnings,
    )


# --- Interpreting front matter ---------------------------------------------------------------


def _lookup(meta: Mapping[Any, Any], key: str) -> tuple[str, Any] | None:
    """The key as written and its value, for `key` matched case-insensitively (`a.b`: nested)."""
    wanted = key.lower()
    for written, value in meta.items():
        if str(written).lower().lstrip(":") == wanted:  # ":date:", Ruby's symbol keys
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


def _date(source: _Source, limits: Limits = LIMITS) -> Moment:
    """The post's date: from `DATE_KEYS`, else from a `YYYY-MM-DD-` file-name prefix; its year
    must be within `limits.first_year`…`last_year` (0025 or 20255 is a typo)."""
    for key in DATE_KEYS:
        value = _value(source, key)
        if isinstance(value, tuple):
            written, raw = _lookup(source.meta, key) or (key, value[0])
            _check_year(
                source, value[0], f"{written} {_show(raw)}", _key_line(source, written), limits
            )
            return value
    named = _FILE_DATE.match(PurePath(source.path).stem)
    folders = _FOLDER_DATE.findall(PurePath(source.path).parent.as_posix())
    if named:
        written, where = named[1], "file name"
    elif folders:  # "2024/02/13/index.md", "news/2019-03-05/index.md"
        written, where = "-".join(folders[-1]), "folder"
    else:
        raise PostError(source.path, "no date in front matter or file name")
    try:
        moment = to_moment(dt.date.fromisoformat(written))
    except ValueError:
        raise PostError(source.path, f'{where} date "{written}" is not a date') from None
    _check_year(source, moment[0], f'{where} date "{written}"', None, limits)
    return moment


def _check_year(
    source: _Source, day: dt.date, shown: str, line: int | None, limits: Limits
) -> None:
    if not limits.first_year <= day.year <= limits.last_year:
        years = f"{limits.first_year} to {limits.last_year}"
        raise PostError(source.path, f"{shown} is out of range (years {years})", line)


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


def _post(source: _Source, base_url: str | None, limits: Limits = LIMITS) -> Post:
    """The `Post` for a split file (its draft flags are checked even when drafts are read)."""
    _is_draft(source)
    day, published = _date(source, limits)
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


def post_files(paths: Iterable[str | Path]) -> Iterator[Path | Problem]:
    """Each post file named in `paths` (a file as given, a folder walked), once each, in the
    order posts are read; a `Problem` for each folder that cannot be walked."""
    return _find(paths)


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


def load_post(path: str | Path, *, base_url: str | None = None, limits: Limits = LIMITS) -> Post:
    """Read one post file; raises `PostError` (path, message and line when known) if it can't,
    or can only in part (a limit was hit). Warnings (a file read as Latin-1) are not raised."""
    file = Path(path)
    source = _read(file.as_posix(), file, limits)
    if source.problems:
        first = source.problems[0]
        raise PostError(first.path, first.message, first.line)
    return _post(source, base_url, limits)


def load_posts(
    paths: Iterable[str | Path],
    *,
    drafts: bool = False,
    skip_when: Sequence[tuple[str, str]] = (),
    base_url: str | None = None,
    limits: Limits = LIMITS,
) -> Extraction:
    """Read every post in `paths`: files as given (any suffix), folders recursively.

    Drafts (`draft: true`, `published: false`) are skipped unless `drafts`; so is a post whose key
    equals the value of a `skip_when` pair (case-insensitive). A post that cannot be read becomes a
    `Problem` and the rest are still read; so does the part of a post past a limit (the rest of it
    is a post). What was read but not as written is a warning. The result has no events.
    """
    posts: list[Post] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    skipped: list[Skipped] = []
    for found in _find(paths):
        if isinstance(found, Problem):
            problems.append(found)
            continue
        path = found.as_posix()
        try:
            data, size = _read_bytes(path, found, limits)
        except PostError as error:
            problems.append(Problem(error.path, error.message, error.line))
            continue
        one = load_bytes(
            path, data, size, drafts=drafts, skip_when=skip_when, base_url=base_url, limits=limits
        )
        posts.extend(one.posts)
        problems.extend(one.problems)
        warnings.extend(one.warnings)
        skipped.extend(one.skipped)
    return Extraction(
        posts=tuple(posts),
        problems=tuple(problems),
        warnings=tuple(warnings),
        skipped=tuple(skipped),
    )


def load_bytes(
    path: str,
    data: bytes,
    size: int | None = None,
    *,
    drafts: bool = False,
    skip_when: Sequence[tuple[str, str]] = (),
    base_url: str | None = None,
    limits: Limits = LIMITS,
) -> Extraction:
    """What `load_posts` makes of file `path`, given the bytes `read_file` read of it (and the
    size it gave): its post with the parts not read as problems, why it is skipped, or the
    problem that stops it being read. Never raises `PostError`."""
    try:
        source = _source(path, data, size, limits)
        reason = _skip_reason(source, drafts, skip_when)
        if reason is not None:
            return Extraction(skipped=(Skipped(path, reason),))
        post = _post(source, base_url, limits)
    except PostError as error:
        return Extraction(problems=(Problem(error.path, error.message, error.line),))
    return Extraction(posts=(post,), problems=source.problems, warnings=source.warnings)
