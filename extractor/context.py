"""What a block's surroundings say: the series or heading it sits under, its links, its neighbours.

`PostContext` holds one post's blocks with their date expressions and answers the questions
that look beyond one block (the parent item, the first child, the `Where:` line nearby); the
functions look only at one block and the headings and parents it carries.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from extractor import vocabulary as v
from extractor.dates import (
    CITY_ZONES,
    MONTHS,
    WEEKDAYS,
    DateSpan,
    Resolved,
    bare_days,
    column_zone,
    common_time,
    deadline_time,
    find_dates,
    find_times,
    resolve,
    stated_zone,
    timed_day,
    weekly_times,
    with_time,
    zone_of_time,
)
from extractor.model import Post, Precision
from extractor.text import (
    Segment,
    clean_title,
    clean_value,
    line_structured,
    looks_like_name,
    looks_like_place,
    names_event,
    safe_url,
    segments_of,
    singular,
    strip_determiners,
    undated_name,
    words,
)
from extractor.walker import Block, Heading

YearHints = dict[tuple[int, int | None, int | None, int | None], int]

# --------------------------------------------------------------------------- one block


def link_at(block: Block, start: int, end: int) -> str | None:
    """The first web link overlapping [start, end), or an empty-text link right at start."""
    for link in block.links:
        if not safe_url(link.href):
            continue
        if link.start < end and link.end > start:
            return link.href
        if link.start == link.end and start - 2 <= link.start <= start + 1:
            return link.href
    return None


def only_link(block: Block) -> str | None:
    """The first link of a block that says nothing but its links ("[Register here](…)"), if
    that link is safe to publish."""
    rest = block.text
    for link in block.links:
        rest = rest.replace(link.text, " ")
    if block.links and not re.search(r"[^\W_]", rest) and safe_url(block.links[0].href):
        return block.links[0].href
    return None


def any_link(block: Block) -> str | None:
    """The block's first web link (an empty-text link counts: `[](url)17-19 October`)."""
    for link in block.links:
        if safe_url(link.href):
            return link.href
    return None


@lru_cache(maxsize=8192)  # perf: pure str → bool, asked again of the same headings
def only_when(text: str) -> bool:
    """True for words that only say when: "Tuesdays 7pm-8pm (Optional Lab Time: 8pm-9pm)"."""
    text = re.sub(r"\([^()]*\)?", " ", text)
    for start, end, _ in reversed(find_times(text)):
        text = text[:start] + " " + text[end:]
    left = [w for w in words(text) if w.lower().rstrip("s") not in WEEKDAYS]
    return bool(find_times(text) or len(left) < len(words(text))) and not left


def series(block: Block) -> tuple[str | None, str | None]:
    """The event or series the block sits under (parent item, else heading) and its link."""
    for parent in reversed(block.parents):
        if not find_dates(parent.text):
            text = clean_title(parent_name(parent.text))
            if v.GENERIC_HEADING.search(parent.text.strip()) or (text and _generic_heading(text)):
                continue  # "* **Upcoming meetups**": a list's label, not a series
            if text and len(words(text)) <= 12:
                link = next((x.href for x in parent.links if safe_url(x.href) and x.text), None)
                return text, link
    for heading in reversed(block.headings):
        text = undated_name(heading.text)  # "### 2 April: Lightning talks" over its details
        if text.rstrip().endswith("?") or only_when(text):
            continue  # "### Ready to meet other tech folks?": a question, not a name
        habit = _HABIT.match(text)  # "### Club meetings take place every second Saturday …"
        if habit and len(words(habit["s"])) <= 5 and names_event(habit["s"]):
            *head, last = habit["s"].split()
            return clean_title(" ".join([*head, singular(last) if last.isascii() else last])), None
        titled = re.match(r"^[^:.!?]{2,60}:\s", text) and not re.search(
            r"\b(?:will|is|are|was|were|has|have)\b", text
        )  # "#### Dublin Julia Users Group: What's on Julia 1.0 and the road to 2.0 …"
        if len(words(text)) > 10 and not (titled and len(words(text)) <= 20):
            said = v.HAPPENING.match(v.ANNOUNCE_LEAD.sub("", text))
            if said is None or len(words(said["subject"])) > 6:
                continue  # "We're happy to announce that X will be held in …": X
            text = said["subject"]
        if (
            names_event(text)
            and (looks_like_name(text) or not _generic_heading(text))
            and not v.LIST_HEADING.search(text)
            and not v.IMPERATIVE.match(text)
        ):  # not "Meetups around town", "Join the party", "The tournament", "Workshop days"
            return clean_title(text), heading.url
    return None, None


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def _generic_heading(text: str) -> bool:
    """A heading that names a kind of thing, not one thing: "The tournament", "Workshop days",
    "Calls for participation", "Workshops" (an article, or a plural event noun heading the
    phrase: only "Elections" alone names one season of them)."""
    if re.match(r"(?i)(?:the|a|an|our)\s", text):
        return True
    head = re.split(r"(?i)\s+(?:for|of|in|at|on|to|with|and)\s+", text.strip())[0].split()
    last = head[-1].lower() if head else ""
    if len(words(text)) == 1 and last == "elections":
        return False
    return last.endswith("s") and bool(v.EVENT_NOUN.fullmatch(last))


def name_above(block: Block) -> tuple[str | None, str | None]:
    """The name the block sits under, and its link: the series (`series`), else the nearest
    heading that reads as a name ("Flock to Fedora 2026", not "Practical information")."""
    name, url = series(block)
    if name:
        return name, url
    return named_heading(block)


def lead_label(block: Block) -> str | None:
    """ "Board of Directors elections: nominations close …": the name an item opens with."""
    match = re.match(r"^([^:\n]{2,60}):\s+\S", block.text)
    if not match or find_dates(match[1]) or len(words(match[1])) > 6:
        return None
    label = match[1].strip()
    if v.KEY_LABEL.match(label) or v.DEADLINE_OBJECT.search(label):
        return None  # "Where:", "Call for proposals:": what the line is, not whose
    if not (looks_like_name(label) or names_event(label)):
        return None
    return clean_title(label)


def named_heading(block: Block) -> tuple[str | None, str | None]:
    """The nearest heading that reads as a name (its part before a colon), with its link."""
    for heading in reversed(block.headings):
        text = undated_name(heading.text.strip())
        if v.GENERIC_HEADING.search(text) or v.LISTING_HEADING.search(text) or only_when(text):
            continue
        if words(text) and words(text)[0].lower() in v.TITLE_OPENERS:
            continue  # "What this means for KEP authors"
        name = text.split(": ")[0]
        if looks_like_name(name) and len(words(name)) <= 6:
            return clean_title(name), heading.url
        head = re.split(r"\s+[–—-]\s+", name)[0]
        if head != name and looks_like_name(head) and len(words(name)) <= 12:
            return clean_title(name), heading.url  # "Arduino Basics – Start Making Your Own …"
    return None, None


def series_of_parent(block: Block) -> str | None:
    """The name an undated parent item gives its dated children, when it is a short name."""
    parent = block.parents[-1] if block.parents else None
    if parent is None or find_dates(parent.text):
        return None
    name = clean_title(parent_name(parent.text))
    if not name or len(words(name)) > 6 or not name[:1].isupper():
        return None
    return name


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def parent_name(text: str) -> str:
    """A parent item's name without what describes it: "Commons Days 2025 — one-day regional
    gatherings …" and "Maintainer Office Hours (online, 16:00 UTC)" name a series."""
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text)
    lead = re.match(r"^(?P<name>.+?)(?:\s+[–—-]\s+|:\s+)(?=[a-z])", text)
    return lead["name"] if lead else text


def parent_details(block: Block) -> tuple[re.Match[str] | None, str | None]:
    """A time and a place said once for all child items, by an undated parent
    ("Maintainer Office Hours (online, 16:00 UTC)")."""
    parent = block.parents[-1] if block.parents else None
    if parent is None or find_dates(parent.text):
        return None, None
    times = find_times(parent.text)
    time = times[0][2] if len(times) == 1 else None
    place: str | None = None
    inside = re.search(r"\(([^()]*)\)\s*$", parent.text)
    if inside:
        for piece in inside.group(1).split(","):
            if v.VIRTUAL.match(piece.strip()) or looks_like_place(piece.strip()):
                place = clean_value(piece)
                break
    return time, place


def section(block: Block) -> str | None:
    """The top heading the block sits under, as a category ("Community Events")."""
    top: Heading | None = next((h for h in block.headings if not h.pseudo), None)
    if top is None and block.headings:
        top = block.headings[0]
    if top is None:
        return None
    return clean_title(top.text.split(":")[0]) or None


def nearest_heading(block: Block) -> str | None:
    """The closest heading above that is not a generic one ("Upcoming events") nor a range
    ("Community events between Jan 5 and Feb 2")."""
    for heading in reversed(block.headings):
        text = heading.text.strip()
        if v.GENERIC_HEADING.search(text) or re.search(r"\bbetween\b.+\band\b", text):
            continue
        return clean_title(undated_name(text)) or clean_title(text)
    return None


#: "The seminar", "our reading group meeting": an event a paragraph is about.
_LEAD_NAME = re.compile(
    rf"\b(?:the|our|an?)\s+(?P<n>(?:[A-Za-z][\w-]*\s+){{0,2}}?(?:{v.EVENT_NOUN.pattern}|seminars?"
    r"|reading group|colloquium|lectures?)(?:\s+in\s+(?-i:[A-Z])[\w-]+)?)\b"
    r"(?!\s+(?:of|for|on|with|in)\b)",
    re.IGNORECASE,
)


#: A line under a dated heading that gives its time, then where: "9h00 to 17h00, Atelier des
#: tanneurs, Brussels", "6:30pm – 8:30pm @ Room 12".
_TIME_PLACE_LINE = re.compile(
    r"(?i)\s*(?:from\s+)?(?P<time>\d{1,2}(?:[:.h]\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*(?:-|–|—|to|until)\s*"
    r"\d{1,2}(?:[:.h]\d\d)?\s*(?:[ap]\.?m\.?)?)?(?:\s*[A-Z]{2,5}\b)?)\s*(?:\([^()]*\))?\s*"
    r"(?:(?:,|@|\bat\b|·|\|)\s*(?P<place>[^\n]{2,100}))?$"
)

#: A venue as written after a time: "Atelier des tanneurs, Brussels", "Room 12".
_VENUE = re.compile(r"(?-i:[A-Z0-9])[^!?;:]{0,80}[^\s.!?;:]$")

#: "… at Pholosophy", "in Room 12" after a series' time.
_PLACE_AFTER_TIME = re.compile(
    r"\s*,?\s*(?:at|in|@)\s+(?:the\s+)?"
    r"(?P<p>(?-i:[A-Z])[\w.'’&-]*(?:\s+(?-i:[A-Z0-9])[\w.'’&-]*){0,4})"
)

#: A sentence that places every event of a post: "All classes will be held at X".
_STANDING_PLACE = re.compile(
    r"(?i)\b(?:(?:all\s+(?:the\s+|our\s+)?)?(?:classes|meetings|meetups|talks|sessions|events|"
    r"workshops|seminars|lectures)(?:,\s*unless[^,.]{0,30},)?\s+(?:will\s+(?:all\s+)?(?:be\s+)?"
    r"(?:held\s+)?|are\s+(?:all\s+)?(?:held\s+)?|take\s+place\s+|will\s+take\s+place\s+)"
    r"|we(?:'ll|’ll|\s+will)?\s+(?:always\s+|usually\s+|normally\s+)?meet\b"
    r"(?:[^.;:!?\n]|(?<=\d):(?=\d)){0,60}?\s)(?:at|in)\s+(?:the\s+)?"
    r"(?P<p>(?-i:[A-Z])[\w'’&-]*(?:\.[\w'’&-]+)*"  # "Seminar\nRoom.": words, not the period
    r"(?:(?=\s)[ \t]*\n?[ \t]*(?:(?-i:[A-Z0-9])[\w'’&-]*(?:\.[\w'’&-]+)*|of|de|du|des|in|at)){0,6})"
)

#: A heading that says when a series meets: "Club meetings take place every second Saturday",
#: "Spotkania klubowe odbywają się co drugi tydzień".
_HABIT = re.compile(
    r"(?i)^(?P<s>[^\W\d][^,:;.!?]{1,60}?)\s+(?:take\s+place|are\s+held|happen|meet|"
    r"odbywaj[ąa]\s+si[ęe]|odbywa\s+si[ęe]|finden\s+statt|ont\s+lieu|tienen\s+lugar|"
    r"se\s+celebran|si\s+tengono|vinden\s+plaats)\s+(?:every|each|on|co|jeden|chaque|cada|ogni|elke|"
    r"iedere|weekly|monthly|fortnightly)\b"
)

#: A name after these is what the event is not: "In addition to our regular meetups, …".
_CONTRAST = re.compile(
    r"(?i)\b(?:in\s+addition\s+to|besides|apart\s+from|aside\s+from|unlike|instead\s+of|"
    r"other\s+than|as\s+well\s+as)\s+\S*\s*\S*\s*$"
)


def _real(headings: tuple[Heading, ...]) -> tuple[Heading, ...]:
    """The headings of a trail that are headings, not bold lines acting as one."""
    return tuple(h for h in headings if not h.pseudo)


def sibling_key(block: Block) -> tuple[object, ...]:
    """Blocks with the same key are siblings: same kind, same headings, same parent item."""
    parent = id(block.parents[-1]) if block.parents else None
    return (block.kind, tuple(id(h) for h in block.headings), parent)


def dated_place_item(block: Block, spans: list[DateSpan]) -> bool:
    """True for a short item that gives a date and a place and nothing that closes."""
    if len(words(block.text)) > 20 or v.DEADLINE_STRONG.search(block.text):
        return False
    return any(looks_like_place(s.text.strip()) for s in segments_of(block.text, spans))


def is_range_header(block: Block, spans: list[DateSpan], span: DateSpan) -> bool:
    """ "Events between 2026-08-13 and 2026-09-10": a header over a listing, not an event."""
    before = block.text[: span.start]
    if not re.search(r"\b(?:between|from|for the (?:week|month) of|since)\s*$", before, re.I):
        return False
    rest = block.text
    for other in spans:
        rest = rest.replace(block.text[other.start : other.time_end or other.end], " ")
    # "Rusty Events between …", not "The hackathon runs from July 1 to July 31"
    return len(words(rest)) <= 10 and bool(
        re.search(r"(?i)\bevents?\b", rest) or v.LIST_HEADING.search(rest)
    )


def month_heading(heading: Heading | None) -> tuple[int, int | None] | None:
    """(month, year) of a heading that is only a month: "### March 2022", "June"."""
    if heading is None or len(words(heading.text)) > 3:
        return None
    found = find_dates(heading.text)
    if len(found) != 1 or found[0].form != "month" or found[0].relative:
        return None
    if heading.text[: found[0].start].strip() or heading.text[found[0].end :].strip(" :"):
        return None
    return found[0].m1, found[0].y1


#: Month names as a table's month column writes them, besides those of `dates.MONTHS`: the
#: Polish nominative ("Styczeń | 13, 27").
_CELL_MONTHS = {
    "styczeń": 1, "luty": 2, "marzec": 3, "kwiecień": 4, "maj": 5, "czerwiec": 6,
    "lipiec": 7, "sierpień": 8, "wrzesień": 9, "październik": 10, "listopad": 11,
    "grudzień": 12,
}  # fmt: skip

#: A cell that lists days of the month in its row: "13, 27", "1, 15 & 29", "14".
_DAY_LIST = re.compile(
    r"^\s*\d{1,2}(?:\.|st|nd|rd|th)?(?:\s*(?:,|;|&|/|and|und|et|y|e|i|en)\s*"
    r"\d{1,2}(?:\.|st|nd|rd|th)?)*\s*$"
)


def is_month_name(text: str) -> bool:
    """True for a month's name alone: "January", "Styczeń", "März"."""
    return text.lower() in MONTHS or text.lower() in _CELL_MONTHS


def month_row_days(block: Block, year: int | None) -> list[DateSpan]:
    """The days a table row gives a month in two cells: "| **January** | *13, 27* |"."""
    month = None
    days_cell = None
    for cell in block.cells:
        bare = cell.strip(" *_").lower()
        if month is None and (bare in MONTHS or bare in _CELL_MONTHS):
            month = MONTHS.get(bare) or _CELL_MONTHS[bare]
        elif days_cell is None and _DAY_LIST.match(cell.strip(" *_")):
            days_cell = cell
    if month is None or days_cell is None:
        return []
    base = block.text.find(days_cell)
    found = []
    for number in re.finditer(r"\d{1,2}", days_cell):
        day = int(number.group())
        if 1 <= day <= 31:
            start = base + number.start()
            found.append(
                DateSpan(start, start + len(number.group()), "dmy", m1=month, d1=day, y1=year)
            )
    return found


def _heading_year(block: Block) -> int | None:
    """The year a heading above names alone: "#### Harmonogram na rok 2024", "## 2025"."""
    for heading in reversed(block.headings):
        years = re.findall(r"(?<![\d.-])((?:19|20)\d\d)(?![\d.-])", heading.text)
        if len(years) == 1 and not any(
            x.d1 or x.m1 for x in find_dates(heading.text) if x.form != "year"
        ):
            return int(years[0])
    return None


#: How many lines away a date may give its month to a weekday and day number ("Thursday 19").
BARE_DAY_REACH = 60


#: A paragraph that puts the list after it in another year: "Last year … Here goes:".
_INTRO_YEAR = re.compile(r"(?i)\b(?P<which>last|next)\s+year\b")


def _intro_years(
    post: Post, blocks: list[Block], spans: list[list[DateSpan]]
) -> list[list[DateSpan]]:
    """`spans`, with the year an introducing paragraph gives ("Last year … I decided to look
    back at our year of meetings. Here goes:") as the named year of the dates listed under it
    that write none, until the next heading or undated paragraph."""
    out = list(spans)
    year: int | None = None
    for index, block in enumerate(blocks):
        previous = blocks[index - 1] if index else None
        listed = block.kind in ("item", "row") or (
            previous is not None and block.line - previous.line <= 1 and bool(spans[index - 1])
        )
        if year is not None and previous is not None and spans[index - 1] and not listed:
            year = None  # the list has ended: "Our next meeting is on January 15" is not in it
        if block.kind == "heading" or (block.kind == "paragraph" and not spans[index]):
            said = _INTRO_YEAR.search(block.text) if block.kind == "paragraph" else None
            if said and block.text.rstrip().endswith(":"):
                year = post.date.year + (-1 if said["which"].lower() == "last" else 1)
            else:
                year = None
            continue
        if year is not None and spans[index]:
            out[index] = [
                replace(x, named_year=year)
                if not x.explicit_year and not x.relative and x.named_year is None
                else x
                for x in spans[index]
            ]
    return out


#: A weekday and a day number in any language: "Thursday 19", "miércoles 28", "jeudi 3".
_WEEKDAY_DAY = re.compile(
    r"(?i)\b(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+\d"
)


#: The two numbers of a slashed date as written: "9/5/2024" → ("9", "5").
_SLASH_PAIR = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?!\d)")


def day_first_everywhere(blocks: list[Block], spans: list[list[DateSpan]]) -> list[list[DateSpan]]:
    """`spans`, with the slashed dates that read either way ("9/5/2024") put day first when
    another slashed date of the post can only be read so ("25/4/2024") and none only month
    first: a writer keeps one order through a post."""
    day_first = month_first = False
    for block, found in zip(blocks, spans, strict=True):
        for span in found:
            if span.form != "slashed":
                continue
            for a, b in _SLASH_PAIR.findall(block.text[span.start : span.end]):
                day_first |= int(a) > 12 >= int(b)
                month_first |= int(b) > 12 >= int(a)
    if not day_first or month_first:
        return spans
    out = []
    for block, found in zip(blocks, spans, strict=True):
        fixed = []
        for span in found:
            pairs = _SLASH_PAIR.findall(block.text[span.start : span.end])
            either = span.form == "slashed" and all(int(a) <= 12 and int(b) <= 12 for a, b in pairs)
            if either and pairs and span.d1 == int(pairs[0][1]) and span.d1 != span.m1:
                swapped = replace(span, m1=span.d1 or span.m1, d1=span.m1)
                if span.d2 is not None and span.m2 is not None:
                    swapped = replace(swapped, m2=span.d2, d2=span.m2)
                fixed.append(swapped)  # "9/5/2024" among "25/4/2024", "16/5/2024": 9 May
            else:
                fixed.append(span)
        out.append(fixed)
    return out


#: Words before a day that make it the first of a week: "week of September 28".
_WEEK_OF = re.compile(r"(?i)\b(?:(?:the\s+)?week\s+of|semaine\s+du|Woche\s+vom|semana\s+del)\s+$")


def _week_of(block: Block, spans: list[DateSpan]) -> list[DateSpan]:
    """ "week of September 28": the seven days from that day, not the day alone."""
    out = []
    for span in spans:
        if (
            span.d1 is not None
            and span.d2 is None
            and span.hour is None
            and not span.relative
            and _WEEK_OF.search(block.text, 0, span.start)
        ):
            length = calendar.monthrange(span.y1 or 2001, span.m1)[1]
            day, month = span.d1 + 6, span.m1
            if day > length:
                day, month = day - length, span.m1 % 12 + 1
            year = None if span.y1 is None else span.y1 + (1 if month < span.m1 else 0)
            span = replace(span, d2=day, m2=month, y2=year, weekday=None)
        out.append(span)
    return out


def _row_time(block: Block, spans: list[DateSpan]) -> list[DateSpan]:
    """A table row's one date with the time another cell gives: "| September 27 | Election
    closes by 2359 UTC (5pm PDT) |"."""
    if block.kind != "row" or len(spans) != 1 or spans[0].hour is not None:
        return spans
    (span,) = spans
    cell = block.text.find("|", span.time_end or span.end)
    if span.precision is not Precision.DAY or cell < 0:
        return spans
    for _, _, match in find_times(block.text[cell:]):
        timed = with_time(span, match)
        if timed.hour is not None:
            return [replace(timed, time_end=None)]
    return spans


def with_bare_days(
    post: Post, blocks: list[Block], spans: list[list[DateSpan]]
) -> list[list[DateSpan]]:
    """`spans`, with day numbers whose month the post gives elsewhere (`dates.bare_days`) in
    blocks that have no date of their own: "Jam: 20th-26th" under "### March 2022", and
    "Thursday 19" near "September 19th to 22nd" (the nearest month in which that day is that
    weekday)."""
    out = list(spans)
    months: list[tuple[int, tuple[int, int | None], int]] = [
        (index, (span.m1, span.y1), span.d1)
        for index, found in enumerate(spans)
        for span in found
        if span.d1 is not None and not span.relative
    ]
    year_above: tuple[int, int] | None = None  # the last month heading with a year
    heading_days: dict[int, DateSpan] = {}  # line of a heading → the one day it names
    heading_index: dict[int, int] = {}  # … and its block's index
    label_day: DateSpan | None = None  # "Samstag 02.03.2019:", a paragraph over timed lines
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or spans[index]:
            label_day = None
        if (
            block.kind == "paragraph"
            and len(spans[index]) == 1
            and block.text.rstrip().endswith(":")
        ):
            only = spans[index][0]
            rest = block.text[: only.start] + block.text[only.time_end or only.end :]
            rest = " ".join(w for w in re.findall(r"\w+", rest) if w.lower() not in WEEKDAYS)
            if (
                only.precision is Precision.DAY
                and only.d2 is None
                and not re.search(r"\w{3}", rest)
            ):
                label_day = only
        elif (
            label_day is not None
            and block.kind == "paragraph"
            and not spans[index]
            and (timed := timed_day(label_day, block.text)) is not None
        ):
            out[index] = [timed]  # "OK Lab Berlin, ab 10 Uhr, …" under "Samstag 02.03.2019:"
            continue
        dated_title = block.kind == "heading" or (block.kind == "paragraph" and block.strong)
        if dated_title and len(spans[index]) == 1:  # "### Tuesday 17 May", "**Wed, Oct 13**"
            only = spans[index][0]
            if only.precision is Precision.DAY and only.d2 is None and not only.relative:
                heading_days[block.line] = only
                heading_index[block.line] = index
        if (
            not spans[index]
            and block.kind in ("item", "row")
            and block.heading is not None
            and (day := heading_days.get(block.heading.line)) is not None
            and (timed := timed_day(day, block.text)) is not None
        ):
            out[index] = [timed]  # "- [Talk](…) (11:05 - 11:15)" under "### Tuesday 17 May"
            continue
        if (
            not spans[index]
            and block.kind == "item"
            and not block.parents
            and block.heading is not None
            and (day := heading_days.get(block.heading.line)) is not None
            and (block.links or block.lead or block.text.startswith("["))
            and not day.explicit_year  # an agenda's "#### Segunda-feira, 29 de Outubro"
        ):  # "* **[Hacktoberfest @ Porto](…)** @ Talkdesk" under it: that day's event
            landed = resolve(day, post.date)
            if landed is not None and landed.start >= post.date - dt.timedelta(days=3):
                under = replace(day, start=0, end=0, time_end=None, time_start=None)
                out[index] = [replace(under, form="under_heading")]
                out[heading_index[block.heading.line]] = []  # the day names its items, not one
                continue
        alone = block.text.strip(" *_:.").lower() if block.kind == "heading" else ""
        weekday = WEEKDAYS.get(alone) if alone else None
        if weekday is not None and not spans[index] and block.text.strip()[:1].isupper():
            # "#### Sábado" in an agenda: the next such day from the post's date
            named = post.date + dt.timedelta(days=(weekday - post.date.weekday()) % 7)
            heading_days[block.line] = DateSpan(0, 0, "dmy", m1=named.month, d1=named.day)
            heading_index[block.line] = index
        elif block.kind == "heading" and not spans[index] and _WEEKDAY_DAY.search(block.text):
            for later in (0, 1):  # "#### Segunda-feira, 29 de Outugro": the weekday finds the month
                which = (post.date.month - 1 + later) % 12 + 1
                when = post.date.year + (post.date.month - 1 + later) // 12
                found = bare_days(block.text, which, when, with_weekday=True)
                if len(found) == 1 and _on_its_weekday(found[0], post.date):
                    heading_days[block.line] = replace(found[0], y1=None)
                    heading_index[block.line] = index
                    break
        if block.kind == "heading":
            said = month_heading(Heading(block.text, 1, block.line))
            if said is not None and said[1] is not None:
                year_above = (said[0], said[1])
            continue
        monthly = all(x.form == "month" and x.d1 is None for x in spans[index])
        if (
            block.kind == "row"
            and monthly
            and (days := month_row_days(block, _heading_year(block)))
        ):
            out[index] = days  # "| **Styczeń** | *13, 27* |" under "#### Harmonogram na rok 2024"
            continue
        if spans[index] or not re.search(r"\d", block.text):
            continue
        heading = month_heading(block.heading)
        if heading is not None:
            month, year = heading
            if year is None and year_above is not None:  # "### April 2027" … "### October"
                year = year_above[1] + (1 if month < year_above[0] else 0)
            out[index] = bare_days(block.text, month, year)
            continue
        if not _WEEKDAY_DAY.search(block.text):
            continue
        near = [m for m in months if abs(blocks[m[0]].line - block.line) <= BARE_DAY_REACH]
        nearest = sorted(near, key=lambda found: (abs(found[0] - index), found[0] > index))
        tried: list[tuple[int, int | None]] = []
        for _, (month, year), anchor in nearest:
            days = bare_days(block.text, month, year, with_weekday=True)
            if days and all(d.d1 is not None and d.d1 < anchor for d in days):
                # "Sunday 1" near "Friday, 30 January": the days after the month's end
                days = bare_days(block.text, month % 12 + 1, None, with_weekday=True)
            if not days or (days[0].m1, days[0].y1) in tried:
                continue
            tried.append((days[0].m1, days[0].y1))
            if all(_on_its_weekday(d, post.date) for d in days):
                out[index] = days
                break
            if len(tried) >= 3:
                break
        if not out[index]:  # "el día miércoles 28 a las 19 hs", no month anywhere near: the
            for ahead in (0, 1):  # post's month or the next, where that day is that weekday
                month = (post.date.month - 1 + ahead) % 12 + 1
                year = post.date.year + (post.date.month - 1 + ahead) // 12
                days = bare_days(block.text, month, year, with_weekday=True)
                soon = post.date - dt.timedelta(days=3)
                placed = [resolve(d, post.date) for d in days]
                if days and all(
                    p is not None and p.start.weekday() == d.weekday and p.start >= soon
                    for d, p in zip(days, placed, strict=True)
                ):
                    out[index] = days
                    break
    return out


def _on_its_weekday(span: DateSpan, post_date: dt.date) -> bool:
    placed = resolve(span, post_date)
    return placed is not None and placed.start.weekday() == span.weekday


def column_role(block: Block, segment: Segment) -> str | None:
    """`title`, `location`, `speaker` or `other` when a table's header says what a cell holds."""
    if block.kind != "row" or not block.columns:
        return None
    try:
        position = block.cells.index(segment.text.strip())
    except ValueError:
        return None
    if position >= len(block.columns):
        return None
    header = block.columns[position].lower()
    if re.search(r"where|location|place|city|venue|country", header):
        return "location"
    if re.search(r"organi[sz]|chair|moderat|facilitat|coordinat|contact|scribe", header):
        return "other"  # who runs it, not what it is
    if re.search(r"guest|speaker|presenter|host|who", header):
        return "speaker"
    if re.search(
        r"event|name|title|what|session|talk|meetup|conference|milestone|topic|episode|paper"
        r"|subject|theme",
        header,
    ):
        return "title"
    if re.search(r"note|description|detail|comment|remark|info|status|cost|price", header):
        return "other"
    if re.search(r"format|mode|setting|attendance", header):
        return "format"  # "virtual", "hybrid (Prague + Meetecho)", "in person"
    return None


def month_listing(block: Block, spans: list[DateSpan], inner: str, dated_siblings: int = 0) -> bool:
    """A month alone is a date only as its own item in an event listing ("Austin - October").

    It must stand alone in its segment, and the listing must be about events: a place
    beside it, a date column, a heading that names events or dates, or other items of its
    list that are dated (`dated_siblings`: "Throughout December - [Rails Training](…)").
    """
    if re.sub(
        r"(?i)\b(?:early|mid|late|end of|beginning of|in|throughout|during|all)\b", "", inner
    ).strip(" ,.-"):
        return False
    if block.kind not in ("item", "row", "paragraph"):
        return False
    if block.kind == "row" and any(re.search(r"date|when|month", c, re.I) for c in block.columns):
        return True
    if any(looks_like_place(s.text.strip()) for s in segments_of(block.text, spans)):
        return True
    if block.kind == "item" and dated_siblings >= 2:
        return True
    return any(names_event(h.text) or v.LISTING_HEADING.search(h.text) for h in block.headings)


def bare_place(
    segments: list[Segment], date_segment: Segment, title_seg: Segment, spans: list[DateSpan]
) -> str | None:
    """`TITLE | DATE | Potsdam`: a short capitalised segment after title and date."""
    last = max(date_segment.end, title_seg.end)
    for other in segments:
        body = other.text.strip()
        if other.start < last or v.GENERIC_LINK.match(body) or v.RELATION.match(body):
            continue
        if any(other.start <= x.start < other.end for x in spans):
            continue
        if re.fullmatch(r"[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,3}", body) and not (
            v.EVENT_NOUN.search(body) or re.search(r"\.(?:org|com|io|dev|net)\b", body)
        ):
            return body
    return None


def closing_verb(source: str) -> str:
    """How the text says it closes: "closes", "close", "ends", "due" as written (with what
    closes when the text names it right before: "applications close"); for a call "open
    until", "until" (`_ending` makes it "close" or "closes"); for anything else "until"
    (available, on sale, accepted), "until-end" ("end" or "ends"); else "deadline"."""
    found = re.search(
        r"(?:\b([\w-]+)\s+)?\b(clos(?:es|e|ing|ed)|ends?|ending|due|expires?)\b", source, re.I
    )
    if found:
        word = found[2].lower()
        word = {"closing": "closes", "closed": "closes", "ending": "ends"}.get(word, word)
        if word == "close" and (found[1] or "").lower() in ("will", "shall", "to", "would"):
            return "until"  # "The vote will close on …": "closes" or "close" as what closes is
        before = found[1] or ""
        if v.DEADLINE_OBJECT.fullmatch(before) and before[:1].islower():
            return f"{before} {word}"
        return word
    if re.search(
        r"\b(?:open|welcome|accepted)\b[^.]{0,40}\b(?:until|till|through)\b", source, re.I
    ):
        return "until"  # "close" or "closes", as what closes is one thing or several
    if re.search(r"(?<!\bhave\s)(?<!\bhas\s)\b(?:until|till)\b", source, re.I):
        return "until-end"  # "Tickets are available until …"; not "have until Friday to …"
    return "deadline"


def _ending(what: str, verb: str) -> str:
    """`what` and the words saying it closes: "Mentorship cohort #3: applications close"."""
    if " " in verb and verb.split()[0].lower() in what.lower():
        verb = verb.split()[-1]  # "Sign-ups" + "sign-ups close": the object is named already
    if verb in ("until", "until-end"):  # "Tickets close", "Early-bird tickets end"
        head = re.split(r"\s+(?:for|of|to|at|in|on)\s+", what)[0]
        plural = bool(re.search(r"[^s]s$", head))
        closes, ends = ("close", "end") if plural else ("closes", "ends")
        verb = closes if verb == "until" else ends
    return f"{what}: {verb}" if " " in verb else f"{what} {verb}"


def deadline_title(
    block: Block, title: str, rest: str, context: str | None = None, source: str = ""
) -> str:
    """`<series>: <what closes>`: "OpenInfra Summit Europe: Prices increase".

    `title` is what the line names, `rest` the words beside the date; `context` names the event
    when no series does (a heading that reads as a name, the post's subject); `source` is the
    line or sentence, whose own closing word ("closes", "due" …) ends the title.
    """
    verb = closing_verb(source or f"{title} {rest}")
    acting = re.match(
        r"^\s*(?P<verb>apply|register|enrol|enroll|sign\s+up)\s+(?:for|to)\s+(?:the|our|a|an)\s+"
        r"(?P<what>[\w'’ -]{2,40}?)\s*(?:by|before|until|no later than)?[\s,.;:]*$",
        rest,
        re.IGNORECASE,
    )
    if acting:  # "apply for a travel grant by" → "travel grant applications"
        noun = "applications" if acting["verb"].lower() == "apply" else "registration"
        rest = f"{acting['what']} {noun}"
    head = re.match(r"^\s*(?P<head>\S+(?:\s+\S+){0,2}?)\s+(?:for|to|of)\s+(?:the|our|a|an)\b", rest)
    if head and v.DEADLINE_OBJECT.fullmatch(head["head"].split()[-1]):
        rest = head["head"]  # "nominations for the two community seats" → "nominations"
    rest = re.split(r"\s+must\b", rest)[0]  # "Candidates must declare by" → "Candidates"
    rest = re.sub(  # "the submission deadline has been extended to"
        r"\s+(?:has|have)\s+been\s+(extended|moved|postponed|pushed\s+back)\b.*$", r" \1", rest
    )
    # "RustConf 2026 | CFP closes 2026-02-16": the row's name, not the heading, says whose CFP
    own = v.DEADLINE_OBJECT.sub(" ", v.DEADLINE_STRONG.sub(" ", v.CLOSING_WORD.sub(" ", title)))
    named = looks_like_name(own) and not v.IMPERATIVE.match(title)  # not "Sponsor Deadline"
    clauses = re.split(r"[,;]\s+", rest)
    closing = [c for c in clauses if v.CLOSING_WORD.search(c)]
    if len(clauses) > 1 and closing:
        rest = closing[0]  # "submit a session, closes Monday": what closes is named elsewhere
    what = re.sub(r"\b(?:is\s+|are\s+)?(?:open|now open|live)\b", " ", rest, flags=re.I)
    what = clean_title(v.FILLER.sub(" ", what)) if what.strip() else ""
    what = re.sub(r"\s+", " ", what).strip()
    if not words(what) or what.lower() == "deadline":
        what = title
        if what and not v.CLOSING_WORD.search(what):
            what = _ending(what, verb)
        elif not what:
            what = "Deadline"
    elif title and len(words(what)) <= 2 and not v.CLOSING_WORD.search(what):
        # "All Things Open" + "CFP open until …": "All Things Open: CFP closes"
        what = f"{title}: {_ending(what, verb)}" if verb != "deadline" else f"{title} {what}"
    elif title and re.fullmatch(r"(?i)clos\w*|ends?|due", what):
        what = f"{title} {what.lower()}"  # "Call for proposals" + "closes"
    elif title and (rest.strip()[:1].islower() or named) and len(words(what)) <= 3:
        if rest.strip()[:1].islower():
            what = what[:1].lower() + what[1:]
        what = f"{title}: {what}"  # "Mentoring circle": "applications due"
    elif not v.CLOSING_WORD.search(what):
        what = _ending(what, verb)
    name = None if named else (series(block)[0] or lead_name(block))
    if name and re.sub(r"\W+", " ", name.lower()) == re.sub(r"\W+", " ", what.lower()).strip():
        name = None  # "**CFP closes:** March 1": the bold lead is the whole title, not its owner
    if name is None and context and not named:
        name = context  # "Call for proposals closes", not "GUADEC 2026 call for BoFs closes"
    if what == "Deadline" and name is None:
        near = next(
            (
                h.text
                for h in reversed(block.headings)
                if not v.GENERIC_HEADING.search(h.text.strip())
            ),
            None,
        )
        if near:
            what = f"{clean_title(near)} deadline"
    if not re.match(r"[a-z]+[A-Z]", what):  # "dotGo" stays as written
        what = what[:1].upper() + what[1:]
    if name and name.lower() not in what.lower():
        return f"{name}: {what}"
    return what


def lead_name(block: Block) -> str | None:
    """The bold name a block opens with ("**Board elections:** nominations …"), when the
    block is more than that name."""
    lead = block.lead
    if not lead or block.strong or find_dates(lead) or v.KEY_LABEL.match(lead.strip()):
        return None
    name = clean_title(lead)
    if not name or len(words(name)) > 8 or not name[:1].isupper():
        return None
    return name


def deadline_subject(block: Block, sentence: str, offset: int = 0, before: str = "") -> str:
    """What closes: a named cut-off right before the date ("before Enhancements Freeze on
    February 11th"), the links of the sentence that name it ("[Maintainer Survey] or
    [Contributor Survey]"), the sentence's subject ("Sign-ups close …"), what there is until the
    date to do ("have until Friday to announce their candidacy"), else a link of the block that
    names it. `offset` is the sentence's offset in the block's text, `before` its text before
    the date."""
    cutoff = re.search(
        r"(?P<name>(?:[A-Z][\w.-]*\s+){0,4}[A-Z][\w.-]*)\s+(?:is\s+)?(?:on|,)?\s*$", before
    )
    moved = re.search(
        r"(?:^|\b(?:the|our|a)\s+)(?P<s>[\w'’ -]{2,40}?)\s+(?:has|have)\s+been\s+"
        r"(?:extended|moved|postponed|pushed\s+back|changed)\s+(?:to|until|till)\s*$",
        before,
        re.IGNORECASE,
    )
    if moved:
        return f"{moved['s']} (extended)"  # "the submission deadline has been extended to …"
    named_cutoff = strip_determiners(cutoff["name"]) if cutoff else ""
    if v.CLOSING_WORD.search(named_cutoff) and not re.fullmatch(r"(?i)deadlines?", named_cutoff):
        return named_cutoff  # not "The Deadline is 9 July"
    confirmed = re.match(  # "Registrations will need to be confirmed before July 1st"
        r"^(?P<s>[A-Z][\w'’ -]{1,40}?)\s+(?:will\s+)?(?:need|needs|have|has)\s+to\s+be\s+"
        r"(?P<v>confirmed|submitted|received|sent|paid|completed)\b",
        sentence,
    )
    if confirmed:
        return f"{strip_determiners(confirmed['s'])} {confirmed['v']}"
    dutch = re.search(  # "Het is nog tot 11 september mogelijk om een voorstel in te dienen"
        r"\bom\s+(?:een\s+|je\s+|uw\s+)?(?P<what>[\w-]+)\s+(?:in\s+te\s+dienen|in\s+te\s+sturen)",
        sentence,
    )
    if dutch:
        return f"{dutch['what']} indienen"
    to_do = re.search(
        r"\buntil\b.{0,40}?\bto\s+(?P<verb>[a-z]+)\s+(?:(?:their|your|a|an|the|our)\s+)?"
        r"(?P<what>[\w-]+)",
        sentence,
    )
    end = offset + len(sentence)
    named = [
        link
        for link in block.links
        if link.text and v.DEADLINE_OBJECT.search(link.text) and not v.GENERIC_LINK.match(link.text)
    ]
    closes = re.match(
        r"^(?P<s>[A-Z][^,]*?)\s+(?:close|closes|ends?|end|due|expires?|are due|is due)\b",
        re.sub(r"\s*\([^()]*\)", "", sentence),  # "The CFP for X (22-24 October/Berlin) closes"
    )
    if (
        closes
        and len(words(closes["s"])) <= 8
        and not re.match(r"(?i)(?:please|if)\b", closes["s"])
        and not re.search(r"(?i)\b(?:are|is|was|were|will|and|now|have|has)\b", closes["s"])
    ):
        return strip_determiners(closes["s"])  # "Early bird pricing ends on …"
    inside = [
        link
        for link in named
        if offset <= link.start < end and not _NO_OBJECT.fullmatch(_object_words(link.text))
    ]
    if inside:
        text = block.text
        joined = inside[0].text
        for previous, link in itertools.pairwise(inside):
            between = text[previous.end : link.start].strip()
            if between.lower() not in ("or", "and", "&", ","):
                break
            joined += f" {between} {link.text}"
        return _object_words(joined)
    subject = re.match(
        r"^(?:(?:and|but|so|while)\s+)?(?P<s>[A-Za-z][^,]*?)\s+"
        r"(?P<verb>are|is|will|close|closes|must|need|ends?|due|lasts?|runs?)\b",
        sentence,
    )  # "… and the call for papers is open until June 30"
    if (
        subject
        and len(words(subject["s"])) <= 8
        and (
            subject["verb"].lower() in ("close", "closes", "end", "ends", "due", "must")
            or (subject["verb"].lower() in ("last", "lasts", "run", "runs") and "until" in sentence)
            or v.DEADLINE_OBJECT.search(subject["s"])
            or re.match(r"\s+(?:welcome|accepted|taken)\b", sentence[subject.end() :])
        )
        and not re.match(r"(?i)(?:please|the deadline|if)\b", subject["s"])
    ):
        return strip_determiners(subject["s"])
    if to_do and to_do["what"].lower() not in ("them", "it", "this", "that", "those", "these"):
        return to_do["what"]  # "Candidates have until this Friday to announce their candidacy"
    objects = [o for o in (_object_words(x.text) for x in named) if not _NO_OBJECT.fullmatch(o)]
    if objects:  # not "[submit it here](…)"
        return objects[0]
    phrase = re.search(
        r"\b(?:the|our|a|an|this|their|your)\s+(?P<np>(?:[\w-]+\s+){0,3}?"
        + v.DEADLINE_OBJECT.pattern
        + ")",
        sentence,
        re.IGNORECASE,
    )
    if phrase:
        return phrase["np"]  # "fill in the compatibility survey before January 30"
    goal = re.match(
        r"^(?:if|when)\s+you\s+(?:want|would\s+like|wish|plan|need)(?:\s+to\s+[a-z]+)?\s+"
        r"(?:(?:the|a|an|our|their)\s+)?(?P<what>[\w'’ -]{2,40}?)\s*,",
        sentence,
        re.IGNORECASE,
    )
    wanted = v.INSTRUCTION_OBJECT.search(sentence)
    if wanted:  # "send us your questions for the Q&A by …"
        thing = re.split(
            r"\s+(?:about|and|or|using|via|with|to|on|through|from|in|at)\b|,", wanted["thing"]
        )[0]
        if 0 < len(words(thing)) <= 6 and not _NO_OBJECT.fullmatch(thing):
            if goal and goal["what"].lower() not in thing.lower():
                return f"{goal['what']} {thing}"  # "if you need a visa, request a letter"
            return thing
    if goal:  # "If you want to join the group booking, tell Priya by …"
        return goal["what"]
    found = v.DEADLINE_OBJECT.search(sentence)
    return found.group(0) if found else ""


#: What a link's words leave when they name nothing: "submit it here", "do it now".
_NO_OBJECT = re.compile(r"(?i)(?:\s*\b(?:it|this|that|them|here|there|now|online)\b)*\s*")


def _object_words(text: str) -> str:
    """What a link says closes: "take the survey" → "survey", "The 2025 State of Rust Survey is
    open until January 21" → "2025 State of Rust Survey", "Tickets on sale until April 24" →
    "Tickets"."""
    for span in sorted(find_dates(text), key=lambda x: x.start, reverse=True):
        text = text[: span.start] + text[span.time_end or span.end :]
    text = re.sub(
        r"(?:\s+(?:is|are|now|still|open|on sale|available|live|until|till|through|by|before|"
        r"here|today|online))+"
        r"[\s.,!]*$",
        "",
        text.strip(),
        flags=re.I,
    )
    text = re.sub(
        r"^(?:please\s+)?(?:take|fill\s+(?:out|in)|complete|answer|submit|join|do|grab|get|buy|"
        r"book|reserve)\s+(?:your\s+|a\s+)?",
        "",
        text,
        flags=re.I,
    )
    return strip_determiners(text)


def line_blocks(block: Block) -> list[Block]:
    """A paragraph (or childless item) whose lines are a listing, one block per line.

    "**Date:** June 3 – 5" / "**Where:** Prague" / "**Register:** [link](…)" are items of their
    own, each with its own file line and links. A first line that is short, undated and no
    `Key:` line is the title of the lines under it ("**NodeConf Nordic 2027**" / "**Dates:** …"):
    it becomes a heading over them.
    """
    text = block.text
    if "\n" not in text or block.kind not in ("paragraph", "item") or block.children:
        return [block]
    if not line_structured(text):
        return [block]
    if any("\n" in text[link.start : link.end] for link in block.links):
        return [block]  # a link's text runs across the break: one wrapped line
    if any("\n" in text[span.start : span.time_end or span.end] for span in find_dates(text)):
        return [block]  # "Thursday November" / "14, 2024 11:00am": a date wrapped in two
    if block.kind == "item" and re.search(r"\n\s*\(", text):
        return [block]  # "[Talk - Speaker](…)" / "(11:05 - 11:15)": the item's own remark
    first = text.split("\n", 1)[0]
    if block.lead and first.strip() == block.lead.strip() and find_dates(first):
        return [block]  # "__20 August ab 18.00 Uhr__" / "Werwölfe …": a dated title line
    out: list[Block] = []
    headings = block.headings
    position = 0
    for number, line in enumerate(text.split("\n")):
        end = position + len(line)
        links = tuple(
            replace(link, start=link.start - position, end=link.end - position)
            for link in block.links
            if position <= link.start and link.end <= end
        )
        piece = replace(block, text=line, line=block.line + number, links=links, headings=headings)
        if line.strip():
            out.append(piece)
        bold = bool(block.lead) and line.strip(" *_") == (block.lead or "").strip(" *_")
        if number == 0 and (_title_line(line) or (bold and not find_dates(line))):
            level = (block.headings[-1].level if block.headings else 0) + 1
            url = next((x.href for x in links if len(x.text) >= 0.5 * len(line.strip())), None)
            title = Heading(line.strip(), level, block.line, url, pseudo=True)
            headings = (*block.headings, title)
        position = end + 1
    return out


def _title_line(line: str) -> bool:
    """A short undated line that is no `Key: value` pair: the title of the lines below."""
    return (
        0 < len(words(line)) <= 10
        and not find_dates(line)
        and not v.KEY_LINE.match(line.strip())
        and not v.KEY_LABEL.match(line.strip())
        and not line.rstrip().endswith(":")
        and not re.match(r"\s*[A-Z][\w ]{0,25}:\s+\S", line)  # "Speaker: Dr. Amara Okafor"
    )


#: "at the Tern project", "for the Larch community": a name right after a preposition that is
#: still the post's subject.
_SUBJECT_NOUNS = frozenset(
    """project projects community foundation team roadmap release conference summit meetup
    maintainers contributors ecosystem""".split()
)


#: Small words inside a name: "Flock to Fedora", "Build in Public", "KCD Hangzhou + OpenInfra".
_CONNECTORS = frozenset(("of", "to", "for", "de", "and", "&", "+", "x", "in", "on"))


def post_subject(title: str, body: str) -> str | None:
    """The project or event a post is about, from its title: "Kubernetes v1.39" in "Kubernetes
    v1.39 release cycle: schedule …", "PuPPy" in "PuPPy's spring 2026 season", "Larch" in
    "Looking back at 2025, and the Larch roadmap". It must be named in the body too; a title
    that opens with a common word ("This Week in …", "Inside …", "Spring meetups") names none.
    """
    tail = re.search(r":\s*(?P<l>[A-Z][\w-]*(?:\s*,\s*(?:and\s+)?[A-Z][\w-]*){2,})\s*$", title)
    listed = set(re.findall(r"[A-Z][\w-]*", tail["l"])) if tail else set()  # "…: A, B, and C"
    tokens = re.findall(r"[\w][\w.+#'’-]*[\w+#]|[\w]|[^\w\s]", title)
    runs: list[list[str]] = []
    current: list[str] = []
    previous = ""
    placing = False
    for position, token in enumerate([*tokens, "."]):
        after = tokens[position + 1 : position + 4]
        owned = any(w.lower() in _SUBJECT_NOUNS for w in after)
        if (
            not current
            and re.fullmatch(r"(?i)in|at|on|from|to|near|into|with|by|via", previous)
            and not owned
        ):
            if token.lower() not in ("the", "a", "an", "our"):
                previous = token
                placing = True
            continue  # "… in Lisbon", "news from the Lyon office": a place, not a subject
        if placing and re.match(r"[A-Z]", token):
            previous = token
            continue  # "… at Red Hat HQ": the place goes on
        placing = False
        previous = token
        bare = re.sub(r"['’]s$", "", token)
        namey = bool(re.match(r"[A-Z]", bare) or re.match(r"v?\d[\w.]*$", bare)) and bool(
            re.match(r"[\w]", bare)
        )
        connector = current and token.lower() in _CONNECTORS  # "Build in Public"
        if namey or connector:
            current.append(bare)
            if bare != token:  # "PuPPy's": the name ends here
                runs.append(current)
                current = []
            continue
        if current:
            runs.append(current)
        current = []
    names: list[str] = []
    for run in runs:
        while run and run[-1].lower() in _CONNECTORS:
            run.pop()
        while run and run[0].lower() in v.TITLE_LEADS | {"of", "to", "for", "de", "and"}:
            run.pop(0)  # "Registration for OpenGeoConf 2026 is open"
        if (
            len(run) > 2
            and run[0].lower() in ("the", "a", "an")
            and re.fullmatch(r"(?:19|20)\d\d", run[1])
        ):
            run.pop(0)  # "The 2017 SeaGL CFP is open"
        year = ""
        if len(run) > 1 and re.fullmatch(r"(?:19|20)\d\d", run[0]) and not run[1][0].isdigit():
            year = run.pop(0)  # "the 2024 OpenTelemetry Election": "… Election 2024"
        if not run or run[0].lower() in v.TITLE_OPENERS or re.match(r"\d", run[0]):
            continue
        name = v.TITLE_TRAILERS.sub("", " ".join(run)).strip()
        name = f"{name} {year}" if name and year else name
        if not name or (re.fullmatch(r"[A-Z]{1,3}", name)):
            continue
        if name in CITY_ZONES or name.lower() in v.COUNTRIES or name in listed:
            continue  # "Upcoming workshops: London, Paris, …": where, not whose
        named_again = [
            w
            for w in words(name)
            if not w.isdigit() and re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", body)
        ]
        if named_again:
            names.append(name)
    # "Call for Proposals for the Matrix Conference": the name of an event before any other
    return next((name for name in names if names_event(name)), names[0] if names else None)


# --------------------------------------------------------------------------- the whole post


def _common_zone(text: str) -> str | None:
    """The zone of a time said for every session ("All talks start at 16:00 (UK time)")."""
    found = common_time(text)
    return zone_of_time(found) if found else None


def stated_zones(blocks: list[Block]) -> list[str | None]:
    """The zone each block's bare times are in, when the post says so once: a table column's
    header ("Time (UTC)"), a heading above ("Schedule (all times CET)", "Calls (UTC)"), else a
    sentence before it ("All times below are UTC"), else one anywhere in the post (a note at
    its end)."""
    said = [
        (stated_zone(block.text) or _common_zone(block.text)) if block.kind != "row" else None
        for block in blocks
    ]
    anywhere = next((zone for zone in said if zone), None)
    out: list[str | None] = []
    running: str | None = None
    for block, own in zip(blocks, said, strict=True):
        running = own or running
        columns = [zone for header in block.columns if (zone := column_zone(header))]
        headings = [
            zone for h in reversed(block.headings) if (zone := stated_zone(h.text, heading=True))
        ]
        out.append(next(iter(columns + headings), None) or running or anywhere)
    return out


#: Keys of a `Key: value` line that say where: "Where:", "Venue:", "Room:" …
_WHERE_KEYS = frozenset(
    ("where", "location", "venue", "place", "room", "hall", "address", *v.FOREIGN_WHERE)
)


@dataclass
class PostContext:
    """One post's blocks with their date expressions, and the questions that span blocks."""

    post: Post
    blocks: list[Block]
    spans: list[list[DateSpan]]
    """The date expressions of each block, in block order."""
    hints: YearHints = field(default_factory=dict)
    """Explicit years written in the post, by month and days: "8-9 September 2026" → 2026."""
    place_items: Counter[tuple[object, ...]] = field(default_factory=Counter)
    """How many `date + place` items share each sibling key (a series of stops)."""
    subject: str | None = None
    """The project or event the post is about, from its title (`post_subject`)."""
    zones: list[str | None] = field(default_factory=list)
    """For each block, the zone the post says its times are in when a time is written without
    one (`stated_zones`)."""

    @classmethod
    def of(cls, post: Post, blocks: list[Block]) -> PostContext:
        """The context of `post` walked into `blocks` (a listing paragraph, one per line)."""
        blocks = [line for block in blocks for line in line_blocks(block)]
        spans = [find_dates(block.text) for block in blocks]
        spans = day_first_everywhere(blocks, spans)
        spans = [_row_time(block, found) for block, found in zip(blocks, spans, strict=True)]
        spans = [_week_of(block, found) for block, found in zip(blocks, spans, strict=True)]
        spans = with_bare_days(post, blocks, spans)
        hints: YearHints = {}
        for found in spans:
            for span in found:
                if span.y1 is not None and span.d1 is not None and span.relative is None:
                    hints.setdefault(span.key, span.y1)
                    hints.setdefault((span.m1, span.d1, None, None), span.y1)
                elif span.named_year is not None and span.d1 is not None:
                    placed = resolve(span, post.date)  # "FooConf 2027 … July 19 - July 23"
                    if placed is not None and placed.start.year == span.named_year:
                        hints.setdefault((span.m1, span.d1, None, None), span.named_year)
                        hints.setdefault((span.m1, None, None, None), span.named_year)
        spans = _intro_years(post, blocks, spans)  # after the hints: a guess, not a written year
        # Items that are only "date + place" under one heading form a series
        # ("Celebrate X's Birthday": "22 May: Stockholm", "8 May: Athens").
        place_items: Counter[tuple[object, ...]] = Counter(
            sibling_key(block)
            for block, found in zip(blocks, spans, strict=True)
            if found and dated_place_item(block, found)
        )
        subject = post_subject(post.title, post.body)
        title = clean_title(post.title)
        if subject is None and names_event(title) and looks_like_name(title):
            opener = words(title)[0].lower() in v.TITLE_OPENERS  # not "This Week in Marmot"
            if len(words(title)) <= 6 and not v.LIST_HEADING.search(title) and not opener:
                subject = title  # a post titled "Marlin Summit 2026" is that event's page
        return cls(post, blocks, spans, hints, place_items, subject, stated_zones(blocks))

    def zone_of(self, index: int) -> str | None:
        """The zone stated for the times of block `index` that name none (`stated_zones`)."""
        return self.zones[index] if index < len(self.zones) else None

    def context_name(self, block: Block, besides: str = "") -> tuple[str | None, str | None]:
        """What names the event a generic line ("Office hours", "CFP closes") belongs to, and
        its link: the item's own lead label, the series, a heading that reads as a name, or
        the post's subject; never one that `besides` (the title at hand) already holds."""
        candidates = (
            (lead_label(block), None),
            series(block),
            (self.list_intro(block), None),
            named_heading(block),
            (self.subject, None),
        )
        for name, url in candidates:
            if name and name.lower() not in besides.lower():
                return name, url
        return None, None

    def _above_list(self, block: Block) -> tuple[int, Block] | None:
        """The paragraph right above the list `block` (an item) is in, with its index, when it
        is under the same headings."""
        if block.kind != "item":
            return None
        index = next((i for i, b in enumerate(self.blocks) if b is block), None)
        while index is not None and index > 0 and self.blocks[index - 1].kind == "item":
            index -= 1
        if not index:
            return None
        above = self.blocks[index - 1]
        if above.kind != "paragraph" or above.headings != block.headings:
            return None
        return index - 1, above

    def list_intro(self, block: Block) -> str | None:
        """The event a list item's introducing paragraph names: "Key dates for ITTF 58:", "The
        Fernwood board election is coming up. Here is the timeline:"."""
        found = self._above_list(block)
        if found is None:
            return None
        index, intro = found
        if not intro.text.rstrip().endswith(":") or self.spans[index]:
            return None
        owner = re.search(
            rf"\b(?:for|of)\s+(?:the\s+)?(?P<n>{v.WORD}(?:\s+(?:{v.WORD}|\d[\w.]*))*)\s*:?\s*$",
            intro.text.rstrip(),
        )
        if owner:
            return clean_title(owner["n"])
        named = re.search(
            rf"(?P<n>{v.WORD}(?:\s+{v.WORD})*(?:\s+[a-z]+){{0,2}}?\s+{v.EVENT_NOUN.pattern})",
            intro.text,
        )
        if named is None or not looks_like_name(named["n"]):
            return None
        return clean_title(strip_determiners(named["n"]))

    def list_lead(self, block: Block) -> str | None:
        """The event the paragraph right above a list of bare dates names: "The seminar will
        meet every other week at 2pm. Here is a list of dates and rooms." / "* 9 Sept, 413"."""
        found = None if block.parents else self._above_list(block)
        if found is None:
            return None
        named = next(
            (
                m
                for m in _LEAD_NAME.finditer(found[1].text)
                if not _CONTRAST.search(m.string, 0, m.start())
            ),
            None,
        )  # not "In addition to our regular meetups, we are trying …"
        return clean_title(named["n"]) if named else None

    def resolve(self, span: DateSpan) -> Resolved | None:
        """`span` placed in the calendar against the post's date and its explicit years."""
        return resolve(span, self.post.date, self.hints)

    def spans_of(self, block: Block) -> list[DateSpan]:
        """The date expressions of `block` (one of this post's blocks)."""
        return next((sp for b, sp in zip(self.blocks, self.spans, strict=True) if b is block), [])

    def restates_parent(self, block: Block, spans: list[DateSpan]) -> bool:
        """A nested item whose only date is its parent's ("Back Bay Rust Lunch, Jan 27")."""
        if not block.parents or len(spans) != 1:
            return False
        mine = self.resolve(spans[0])
        return mine is not None and any(
            (r := self.resolve(p)) is not None and (r.start, r.end) == (mine.start, mine.end)
            for p in self.spans_of(block.parents[-1])
        )

    def first_child(self, index: int, block: Block) -> Block | None:
        """The first item nested right under `block`, if any."""
        if index + 1 < len(self.blocks):
            child = self.blocks[index + 1]
            if child.parents and child.parents[-1] is block:
                return child
        return None

    def children(self, index: int, block: Block) -> list[tuple[int, Block]]:
        """The items nested right under `block`, with their indexes."""
        return [
            (i, b)
            for i, b in enumerate(self.blocks[index + 1 :], index + 1)
            if b.parents and b.parents[-1] is block
        ]

    def dated_siblings(self, block: Block) -> int:
        """How many other items of the block's list give a day."""
        key = sibling_key(block)
        return sum(
            1
            for other, found in zip(self.blocks, self.spans, strict=True)
            if other is not block
            and sibling_key(other) == key
            and any(s.precision is Precision.DAY for s in found)
        )

    def is_series_item(self, block: Block) -> bool:
        """True when the block is one of several `date + place` items with the same parent."""
        return self.place_items[sibling_key(block)] >= 2

    def nearby_keys(self, index: int, block: Block) -> dict[str, str]:
        """`Where:`/`What:`/`Time:`/`Register:` values of the key-value lines around a `When:`
        line.

        `what` falls back to the name above (`name_above`), `url` to that name's link: the
        link of a `Register:`/`Website:` line, else of the heading that names the event.
        """
        found: dict[str, str] = {}
        around = [
            other
            for other in self.blocks[max(0, index - 4) : index + 5]
            if other is not block and other.parents == block.parents
        ]
        candidates = (
            [block]
            + [other for other in around if other.headings == block.headings]
            + [  # then those under another bold label ("**Local:**" / "FURB Campus 1")
                other
                for other in around
                if other.headings != block.headings
                and _real(other.headings) == _real(block.headings)
            ]
        )
        for other in candidates:
            for line in other.text.split("\n"):
                kv = v.KEY_LINE.match(line.strip())
                if not kv:
                    continue
                k = kv["key"].lower()
                if k in _WHERE_KEYS:
                    found.setdefault("where", clean_value(kv["value"]))
                    link = any_link(other)
                    if link and "\n" not in other.text:  # "Room: online only ([stream](…))"
                        found.setdefault("where_url", link)
                elif k in ("what", "event", "title", "name"):
                    found.setdefault("what", kv["value"])
                elif k == "time" and not find_dates(kv["value"]):
                    found.setdefault("time", kv["value"])
                elif k in ("url", "link", "website", "register", "registration", "rsvp"):
                    link = any_link(other)
                    if link and "\n" not in other.text:
                        found.setdefault("url", link)
        name, url = name_above(block)
        heading = nearest_heading(block)
        if name is None and heading and not v.LISTING_HEADING.search(heading):
            # "### Verified storage engines" over "Speaker: …" / "Date: …" / "Room: …"
            own = clean_title(strip_determiners(heading))  # "## The tournament": "Tournament"
            name = f"{self.subject}: {own}" if self.subject else heading
            above = next(
                (h for h in reversed(block.headings) if clean_title(h.text) == heading), None
            )
            url = url or (above.url if above else None)  # "### [Data hygiene](…)" / "Date: …"
        rest = re.match(rf"{re.escape(self.subject or '')}\s+[—–:-]\s+(.+)", self.post.title)
        if name is None and not block.headings and rest and v.EVENT_NOUN.search(rest[1]):
            name = clean_title(self.post.title)  # one event's post: "Rust Lisboa — March meetup"
        name = name or self.subject or clean_title(self.post.title) or None  # at worst the post
        if "what" not in found and name:
            found["what"] = name
        if "url" not in found and url and name and found.get("what") == name:
            found["url"] = url
        where_url = found.pop("where_url", None)
        if "url" not in found and where_url:
            found["url"] = where_url
        return found

    def details_below(self, index: int) -> dict[str, str]:
        """`Where:`/`Venue:`, `Time:` and `RSVP:` values (or a line that is only a link) in the
        blocks right under heading `index`, before anything else dated: the details of the
        event a dated heading names ("## March 12: Intro to WebGPU" / "Venue: …")."""
        heading = self.blocks[index]
        found: dict[str, str] = {}
        for i in range(index + 1, min(index + 6, len(self.blocks))):
            other = self.blocks[i]
            if other.kind == "heading" or self.spans[i] or not other.headings:
                break
            if other.headings[-1].line != heading.line:
                break
            for line in other.text.split("\n"):
                kv = v.KEY_LINE.match(line.strip())
                if not kv or v.UNDECIDED.search(kv["value"]):
                    continue
                k = kv["key"].lower()
                if k in _WHERE_KEYS:
                    found.setdefault("where", clean_value(kv["value"]))
                elif k == "time" and find_times(kv["value"]):
                    found.setdefault("time", kv["value"])
                elif k in ("url", "link", "website", "register", "registration", "rsvp"):
                    link = any_link(other)
                    if link:
                        found.setdefault("url", link)
            if (alone := only_link(other)) is not None:
                found.setdefault("url", alone)  # "[RSVP on Meetup](…)" alone
            if i == index + 1 and (said := _TIME_PLACE_LINE.match(other.text)):
                times = find_times(said["time"])
                if (
                    times and times[0][0] == 0
                ):  # "9h00 to 17h00, [Brussels hackerspace](…), Brussels"
                    found.setdefault("time", said["time"])
                    place = clean_value(re.sub(r"\([^()]*\)", "", said["place"] or ""))
                    if place and not find_dates(place) and _VENUE.match(place):
                        found.setdefault("where", place)
        return found

    def heading_above(self, index: int, block: Block) -> str | None:
        """The heading right above `block` when the block opens its section and the heading is
        a name, not a generic one ("### Soldering 101" / "Sat., Jan. 10th, 1 pm.")."""
        above = block.heading
        if above is None or above.pseudo or block.parents or index == 0:
            return None
        previous = self.blocks[index - 1]
        if previous.kind != "heading" or previous.line != above.line:
            return None
        if v.GENERIC_HEADING.search(above.text.strip()):
            return None
        return clean_title(above.text) or None

    def link_line(self, index: int, block: Block) -> str | None:
        """The link of a line that is only a link ("[Register here](…)", "👉 [Apply here](…)")
        standing under `block` in the same section, before anything else dated."""
        for i in range(index + 1, min(index + 4, len(self.blocks))):
            other = self.blocks[i]
            under = (  # a dated heading's own section: "### Meetup (Oct 8)" / "http://…"
                block.kind == "heading"
                and other.heading is not None
                and other.heading.line == block.line
            )
            if other.kind == "heading" or self.spans[i]:
                return None
            if other.headings != block.headings and not under:
                return None
            bare = re.fullmatch(r"https?://\S+", other.text.strip())
            if bare and not other.links and other.kind == "paragraph" and safe_url(bare[0]):
                return bare[0]  # "### Meetup (Oct 8)" / "… at KTH." / "http://www.meetup.com/…"
            bare_url = (  # "* Wed Sep 19 @ MongoDB Dublin" / "* [https://meetup.com/…](…)"
                other.kind == block.kind == "item"
                and len(other.links) == 1
                and re.match(r"https?://", other.links[0].text.strip())
            )
            if other.parents != block.parents or not other.links:
                continue
            if under and other.kind != "paragraph":
                continue
            if other.kind != "paragraph" and not bare_url:
                continue  # a list of links is a list of other things
            if (alone := only_link(other)) is not None:
                return alone
        return None

    def link_above(self, index: int, block: Block) -> str | None:
        """The link of a paragraph that is only a link, right above `block` under the same
        headings ("##[eurucamp](http://…)" / "eurucamp | … | 17 - 19 august 2012")."""
        if index == 0 or block.kind != "paragraph":
            return None
        above = self.blocks[index - 1]
        if above.kind != "paragraph" or above.headings != block.headings or self.spans[index - 1]:
            return None
        return only_link(above)

    def project(self) -> str | None:
        """The project whose versions the post names ("Marmot 0.19.0" → "Marmot"): the name
        written before a version number, preferring one the title or a heading holds."""
        names: Counter[str] = Counter()
        for text in [self.post.title, *(block.text for block in self.blocks)]:
            names.update(re.findall(r"\b([A-Z][\w-]+)\s+v?\d+\.\d+", text))
        if not names:
            return None
        shown = " ".join([self.post.title, *(b.text for b in self.blocks if b.kind == "heading")])
        named = [n for n, _ in names.most_common() if re.search(rf"\b{re.escape(n)}\b", shown)]
        return named[0] if named else names.most_common(1)[0][0]

    def weekly_time(self, index: int, day: dt.date) -> re.Match[str] | None:
        """The time of a recurring slot on `day`'s weekday said in the same section, close
        to block `index` ("… returns on Thursday, February 5!" / "we're live Thursdays at
        17:00 UTC")."""
        block = self.blocks[index]
        back = 12 if block.kind in ("row", "item") else 3  # the sentence over a table or list
        for other in self.blocks[max(0, index - back) : index + 4]:
            if other.headings != block.headings:
                continue
            for weekday, time in weekly_times(other.text):
                if weekday == day.weekday():
                    return time
        return None

    @cached_property
    def standing_place(self) -> str | None:
        """Where every event of the post is held, said once: "All classes will be held at the
        LaunchPad Makerspace", "Meetings, unless otherwise stated, will be in MSCS 203W"."""
        for block, spans in zip(self.blocks, self.spans, strict=True):
            if spans or block.kind not in ("paragraph", "item", "heading"):
                continue
            found = _STANDING_PLACE.search(block.text)
            if found and re.search(r"[^\W\d_]{2}", found["p"]):
                return clean_value(re.sub(r"(?:\s+(?:of|de|du|des|in|at))+$", "", found["p"]))
        return None

    @cached_property
    def deadline_time(self) -> tuple[re.Match[str], str | None] | None:
        """The time (and zone) the post gives every deadline, once ("The submission deadline
        is at 11:59 p.m. … Anywhere on Earth"), or None."""
        for block in self.blocks:
            said = deadline_time(block.text)
            if said is not None:
                return said
        return None

    def series_time(self, index: int) -> re.Match[str] | None:
        """The time said once for every session, in block `index` or before it in its section
        or a section it is in ("All talks start at 16:00 (UK time)" / "Thursday 19 February —
        Verified file systems")."""
        block = self.blocks[index]
        for other in reversed(self.blocks[: index + 1]):
            if other.headings != block.headings[: len(other.headings)]:
                continue
            above = other.kind == "heading" and any(h.line == other.line for h in block.headings)
            found = common_time(other.text, days=above)  # a heading's rhythm: only its section
            if found:
                return found
        said = self.after_list(index)
        return said[0] if said else None

    def after_list(self, index: int) -> tuple[re.Match[str], str | None] | None:
        """The time, and the place, the paragraph right after the list of item `index` gives
        all its dates: "* August 14, 2024" … / "We always meet 12:15 CET at Pholosophy"."""
        block = self.blocks[index]
        if block.kind != "item":
            return None
        after = index + 1
        while after < len(self.blocks) and self.blocks[after].kind == "item":
            after += 1
        if after >= len(self.blocks) or self.spans[after]:
            return None
        below = self.blocks[after]
        if below.kind != "paragraph" or below.headings != block.headings or below.parents:
            return None
        found = common_time(below.text)
        if found is None:
            return None
        place = _PLACE_AFTER_TIME.match(below.text, found.end())
        return found, clean_value(place["p"]) if place else None

    def previous_where(self, index: int) -> str | None:
        """The last `Where:` value written before block `index` ("at the same venue")."""
        for block in reversed(self.blocks[:index]):
            for line in reversed(block.text.split("\n")):
                kv = v.KEY_LINE.match(line.strip())
                if kv and kv["key"].lower() in _WHERE_KEYS:
                    return clean_value(kv["value"])
        return None

    def sibling_place(self, index: int, block: Block) -> str | None:
        """A place named in an item just above under the same heading ("… in Pasadena, CA")."""
        for other in self.blocks[max(0, index - 3) : index]:
            if other.headings != block.headings:
                continue
            match = v.PLACE_IN.search(other.text)
            if match and looks_like_place(match["place"]):
                return clean_value(match["place"])
        return None
