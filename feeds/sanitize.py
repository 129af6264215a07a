"""What a post may put in front of a subscriber: the text and links every exporter publishes.

Posts are written by many hands and editors; nothing in one may reach a calendar, a feed reader
or a spreadsheet as markup, script, a template directive or a spoofed display. Each exporter
still escapes for its own format (XML, iCalendar TEXT, JSON, CSV); these functions decide what
is published at all, so that every format shows the same, harmless text:

- line ends are LF, and the characters that XML 1.0 or an iCalendar TEXT value cannot hold
  (C0/C1 controls, lone surrogates, U+FFFE/U+FFFF) are dropped; a lone surrogate (a file name
  that is not UTF-8, a JSON `\\ud800`) becomes U+FFFD;
- Unicode `Bidi_Control` characters are dropped: an override can make a title or link read as
  something else ("Trojan Source", CVE-2021-42574); the letters keep their own direction;
- anything shaped like an HTML tag (`<script>`, `<img onerror=…>`, `<!-- -->`) is dropped,
  and a `<` that could still open one (an unclosed `<img src=x onerror=…`) is followed by a
  space; a lone `<` ("a < b") stays and is escaped by the format;
- template delimiters (`{{`, `}}`, `{%`, `%}`, `{#`, `#}`) are broken apart with a space, so a
  site generator or client-side framework that renders the text never runs it;
- one-line fields are capped (`TITLE_CHARS` …) with an ellipsis, never cut silently;
- a link is published only when it is http(s), mailto or relative: `javascript:`, `data:`,
  `vbscript:` and every other scheme are dropped, however they are spelled or spaced.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import quote, urlsplit

__all__ = [
    "LINK_SCHEMES",
    "LOCATION_CHARS",
    "SECTION_CHARS",
    "TEXT_CHARS",
    "TITLE_CHARS",
    "URL_CHARS",
    "csv_cell",
    "line",
    "safe_url",
    "text",
]

TITLE_CHARS: Final = 300
"""Longest title published (an event's or a post's); a longer one ends in `…`."""
LOCATION_CHARS: Final = 200
SECTION_CHARS: Final = 120
TEXT_CHARS: Final = 2000
"""Longest body text (an event's source sentence) published."""
URL_CHARS: Final = 2000
"""Longest link published; a longer one is dropped (a cut link leads somewhere else)."""
LINK_SCHEMES: Final = frozenset({"http", "https", "mailto"})
"""The only schemes a published link may have (a link without one is relative)."""

_LINE_BREAKS: Final = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_DROPPED: Final = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f"  # C0 (but tab and LF) and C1 controls, DEL
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # Bidi_Control
    "\ufeff\ufff9-\ufffb\ufdd0-\ufdef\ufffe\uffff]"  # BOM, annotations, noncharacters
)
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
#: Any character one of the rules of `text` acts on: text without one is published as it is.
_ACTED_ON: Final = re.compile(
    "[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"  # _LINE_BREAKS
    + _DROPPED.pattern[1:-1]
    + "\ud800-\udfff<{}]"  # _SURROGATE, tags, template delimiters
)
_TAG: Final = re.compile(r"<[A-Za-z/!?][^<>]*>")
_TAG_OPEN: Final = re.compile(r"<(?=[A-Za-z/!?])")
_TEMPLATE_OPEN: Final = re.compile(r"\{(?=[{%#])")
_TEMPLATE_CLOSE: Final = re.compile(r"(?<=[}%#])\}")
#: What `safe_url` leaves unencoded: RFC 3986 reserved characters, `%` (already encoded), `~`.
_URI_SAFE: Final = ":/?#[]@!$&'()*+,;=%~"
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "\n")
#: What browsers remove from a URL before reading its scheme (WHATWG URL: C0 controls and
#: space at either end, tab and line breaks anywhere); removed here too, so "java\tscript:" is
#: seen for what it is.
_URL_NOISE: Final = re.compile("[\x00-\x20\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def text(value: str | None) -> str:
    """`value` as publishable plain text (see the module docstring); line ends are LF."""
    if not value:
        return ""
    if not _ACTED_ON.search(value):
        return value
    cleaned = _LINE_BREAKS.sub("\n", value)
    cleaned = _SURROGATE.sub("\ufffd", _DROPPED.sub("", cleaned))
    cleaned = _TAG.sub("", cleaned)
    # A tag can be split by a dropped character or hide another: `<scr<b>ipt>`.
    while (stripped := _TAG.sub("", cleaned)) != cleaned:
        cleaned = stripped
    cleaned = _TAG_OPEN.sub("< ", cleaned)
    cleaned = _TEMPLATE_OPEN.sub("{ ", cleaned)
    return _TEMPLATE_CLOSE.sub(" }", cleaned)


def line(value: str | None, limit: int = TITLE_CHARS) -> str:
    """`value` as publishable text on one line (runs of white space become one space), at most
    `limit` characters: a longer one is cut at a word where it can be and ends in `…`."""
    flat = " ".join(text(value).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def block(value: str | None, limit: int = TEXT_CHARS) -> str:
    """`value` as publishable multi-line text, trimmed, at most `limit` characters."""
    cleaned = text(value).strip()
    if len(cleaned) <= limit:
        return cleaned
    return cleaned[: limit - 1].rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """`url` without the characters browsers ignore and with the rest made URI-safe (spaces,
    non-ASCII, `<>"` percent-encoded; `%XX` kept), when it is an http(s), mailto or relative
    link that a browser can parse; None for any other scheme, an unparseable or too long link."""
    if not url:
        return None
    cleaned = _SURROGATE.sub("", _URL_NOISE.sub("", url))
    if not cleaned or len(cleaned) > URL_CHARS or "\\" in cleaned:
        return None
    try:
        parts = urlsplit(cleaned)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        return None
    if parts.scheme and parts.scheme.lower() not in LINK_SCHEMES:
        return None
    if not parts.scheme and ":" in cleaned.split("/", 1)[0]:
        return None  # "javascript&colon;…" is harmless, but "x:y" with an odd scheme is not a link
    return quote(cleaned, safe=_URI_SAFE)


def csv_cell(value: object) -> str:
    """`value` as a CSV cell: publishable text, with a leading `'` where a spreadsheet would
    read a formula (a cell starting with `=`, `+`, `-`, `@`, a tab or a line break, also after
    leading spaces)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    cell = text(str(value))
    return "'" + cell if cell.lstrip(" ").startswith(_FORMULA_START) else cell
