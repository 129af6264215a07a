"""What every file eventfeed writes must be, whatever the posts held (issue 7): it parses with
parsers we did not write (icalendar and vobject, feedparser and the XML tree, json, csv), every
entry ends after it starts, and nothing in it reaches a subscriber as markup, script, a
template directive, a control or bidi character, a spreadsheet formula or a link to another
scheme than http(s)/mailto.

`check_output(name, data)` checks one rendered file by its suffix; `check_folder` every file
of a built site (whatever files the site holds, so new pages are checked as they appear).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import icalendar
import vobject

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
#: Characters no published text may hold (XML/ICS-illegal controls, C1, bidi controls, BOM,
#: lone surrogates); tab and line breaks are allowed where a format allows them.
UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ufeff\ud800-\udfff]"
)
MARKUP = re.compile(r"<[A-Za-z/!?]")
TEMPLATE = re.compile(r"\{\{|\{%|\{#|%\}|\}\}|#\}")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
#: The HTML a feed entry body may hold (see `feeds.syndication.item_html`).
ENTRY_TAGS = frozenset({"p", "br", "strong", "a"})


def check_text(value: object, where: str) -> None:
    """A text a subscriber reads: no unsafe character, no markup, no template directive."""
    text = "" if value is None else str(value)
    assert not UNSAFE_CHARS.search(text), f"{where}: unsafe character in {text!r}"
    assert not MARKUP.search(text), f"{where}: markup in {text!r}"
    assert not TEMPLATE.search(text), f"{where}: template syntax in {text!r}"


def check_link(url: object, where: str, *, relative: bool = False) -> None:
    """A published link: http(s) or mailto (or relative, where `relative`), nothing else."""
    if url is None:
        return
    text = str(url)
    assert not UNSAFE_CHARS.search(text) and not re.search(r"\s", text), f"{where}: {text!r}"
    scheme = urlsplit(text).scheme.lower()
    if relative and not scheme:
        return
    assert scheme in SAFE_SCHEMES, f"{where}: link {text!r}"


def _moment(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    assert isinstance(value, dt.date), value
    return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)


def check_ics(data: bytes, where: str = "ics") -> list[icalendar.Event]:
    """Parses with icalendar and vobject; each VEVENT ends after it starts, in years 1–9999,
    with safe texts and links. Returns the VEVENTs."""
    text = data.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75 and b"\n" not in line and b"\r" not in line, (where, line)
    calendar = icalendar.Calendar.from_ical(data)
    parsed = vobject.readOne(text, validate=True)
    vevents = list(calendar.walk("VEVENT"))
    assert len(vevents) == len(getattr(parsed, "vevent_list", [])), where
    uids = [str(v["UID"]) for v in vevents]
    assert len(uids) == len(set(uids)), f"{where}: repeated UID"
    for vevent in vevents:
        start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
        assert type(start) is type(end), (where, start, end)
        assert _moment(end) > _moment(start), f"{where}: {vevent['SUMMARY']} ends before it starts"
        assert start.year >= 1 and end.year <= 9999
        for name in ("SUMMARY", "LOCATION", "DESCRIPTION"):
            check_text(vevent.get(name), f"{where} {name}")
        categories = vevent.get("CATEGORIES")
        for category in getattr(categories, "cats", []):
            check_text(category, f"{where} CATEGORIES")
        check_link(vevent.get("URL"), f"{where} URL")
        for alarm in vevent.walk("VALARM"):
            check_text(alarm.get("DESCRIPTION"), f"{where} VALARM")
    return vevents


class _Html(HTMLParser):
    """Tags, attributes and text of an HTML fragment or page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.script = 0
        self.script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self.script += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.script -= tag in ("script", "style") and self.script > 0

    def handle_data(self, data: str) -> None:
        (self.script_text if self.script else self.text).append(data)


def check_entry_html(body: str, where: str) -> None:
    """A feed entry's HTML: only `ENTRY_TAGS`, only `href` attributes with safe links, and
    text without markup (markup in a post is dropped, not merely escaped)."""
    html = _Html()
    html.feed(body)
    html.close()
    for tag, attrs in html.tags:
        assert tag in ENTRY_TAGS, f"{where}: <{tag}> in {body!r}"
        for name, value in attrs:
            assert name == "href", f"{where}: attribute {name} in {body!r}"
            check_link(value, f"{where} href")
    for text in html.text:  # each text node on its own: "Where: <" then "Link:" is no tag
        check_text(text, where)


def check_feed(data: bytes, where: str = "feed") -> list[dict[str, object]]:
    """Parses with feedparser without a complaint (bozo 0) and with the XML tree; every entry's
    title, links and body are safe. Returns feedparser's entries. (XML that is no feed, such as
    a sitemap, need only parse.)"""
    root = ET.fromstring(data)
    atom = "{http://www.w3.org/2005/Atom}"
    if root.tag not in ("rss", f"{atom}feed"):
        return []
    parsed = feedparser.parse(data, sanitize_html=False)
    assert parsed.bozo == 0, f"{where}: {parsed.get('bozo_exception')}"
    if root.tag == "rss":
        bodies = [i.findtext("description", "") for i in root.iter("item")]
        titles = [i.findtext("title", "") for i in root.iter("item")]
        links = [i.findtext("link") for i in root.iter("item")]
    else:
        bodies = [e.findtext(f"{atom}content", "") for e in root.iter(f"{atom}entry")]
        titles = [e.findtext(f"{atom}title", "") for e in root.iter(f"{atom}entry")]
        links = [x.get("href") for e in root.iter(f"{atom}entry") for x in e.iter(f"{atom}link")]
    assert len(parsed.entries) == len(bodies), where
    for title in titles:
        check_text(title, f"{where} title")
    for body in bodies:
        check_entry_html(body, f"{where} body")
    for link in links:
        check_link(link, f"{where} link")
    return list(parsed.entries)


def check_record(record: dict[str, object], where: str) -> None:
    """One JSON record: texts safe, links http(s)/mailto/relative, end not before start."""
    for key in ("title", "location", "text"):
        check_text(record.get(key), f"{where} {key}")
    for category in record.get("categories") or []:  # type: ignore[attr-defined]
        check_text(category, f"{where} categories")
    check_link(record.get("url"), f"{where} url", relative=True)
    for source in record.get("sources") or []:  # type: ignore[attr-defined]
        check_text(source.get("title"), f"{where} source title")
        check_link(source.get("url"), f"{where} source url", relative=True)
    start, end = str(record["start"]), record.get("end")
    if end is not None:
        assert str(end)[:10] >= start[:10], f"{where}: {record['title']} ends before it starts"


def check_json(data: bytes, where: str = "json") -> list[dict[str, object]]:
    """A JSON array of safe event records, with no `<` or `>` (escaped) so it can sit in a
    page. (JSON that holds no event records, such as an index of files, need only parse.)"""
    records = json.loads(data)
    if not (isinstance(records, list) and all(isinstance(r, dict) for r in records)):
        return []
    if records and not all({"title", "start", "kind"} <= set(r) for r in records):
        return []
    assert b"<" not in data and b">" not in data, where
    for record in records:
        check_record(record, where)
    return records


def check_json_feed(data: bytes, where: str = "jsonfeed") -> list[dict[str, object]]:
    """A JSON Feed 1.1 document: its items' titles, links and HTML bodies are safe."""
    feed = json.loads(data)
    assert feed["version"] == "https://jsonfeed.org/version/1.1", where
    check_text(feed["title"], f"{where} title")
    for key in ("home_page_url", "feed_url"):
        check_link(feed[key], f"{where} {key}")
    items = feed["items"]
    assert len({item["id"] for item in items}) == len(items), f"{where}: duplicate ids"
    for item in items:
        check_text(item["title"], f"{where} item title")
        check_entry_html(item["content_html"], f"{where} item body")
        check_link(item.get("url"), f"{where} item url")
        for tag in item.get("tags", []):
            check_text(tag, f"{where} tag")
    return list(items)


def check_jsonl(data: bytes, where: str = "jsonl") -> list[dict[str, object]]:
    records = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    for record in records:
        check_record(record, where)
    return records


def check_csv(data: bytes, where: str = "csv") -> list[dict[str, str]]:
    """RFC 4180 rows of one width; no cell a spreadsheet would read as a formula."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    header, *body = rows
    for row in body:
        assert len(row) == len(header), where
        for cell in row:
            assert not cell.lstrip(" ").startswith(FORMULA_START), f"{where}: formula {cell!r}"
            assert not UNSAFE_CHARS.search(cell), f"{where}: {cell!r}"
    return [dict(zip(header, row, strict=True)) for row in body]


#: Where a page's link leads a reader or loads code: these must be http(s), mailto or relative.
_FOLLOWED = {"a": "href", "area": "href", "form": "action", "iframe": "src", "script": "src"}


def check_page(data: bytes, where: str = "html") -> None:
    """An HTML page eventfeed wrote: it may have its own markup, but no event handler, no
    script or data link to follow, and no markup or template syntax in its text."""
    html = _Html()
    html.feed(data.decode("utf-8"))
    html.close()
    for tag, attrs in html.tags:
        for name, value in attrs:
            assert not name.startswith("on"), f"{where}: <{tag} {name}=…>"
            if _FOLLOWED.get(tag) == name or name == "formaction":
                if value and value.startswith("webcal://"):  # the site's own subscribe links
                    value = "https://" + value.removeprefix("webcal://")
                check_link(value, f"{where} {tag} {name}", relative=True)
    for text in html.text:  # each text node on its own: "Where: <" then "Link:" is no tag
        check_text(text, where)


CHECKS = {
    ".ics": check_ics,
    ".xml": check_feed,
    ".rss": check_feed,
    ".atom": check_feed,
    ".json": check_json,
    ".jsonfeed": check_json_feed,
    ".jsonl": check_jsonl,
    ".csv": check_csv,
    ".html": check_page,
}


def check_output(name: str, data: bytes) -> object:
    """Check one output by the suffix of its file name."""
    if name.endswith("feed.json"):
        return check_json_feed(data, name)
    return CHECKS[Path(name).suffix](data, name)


def check_folder(folder: Path) -> list[str]:
    """Check every output file under `folder`; returns their relative names."""
    names = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in CHECKS:
            check_output(str(path), path.read_bytes())
            names.append(path.relative_to(folder).as_posix())
    return names
