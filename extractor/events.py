"""From blocks and their date expressions to events and deadlines.

A block's text is cut into segments at the separators people use in listings (`|`, ` – `,
` - `, `: `, line breaks). A date whose segment is short is a *listing* (`17-19 October |
Paris-Saclay, France`); its title, place and link come from the other segments, the parent
item or the heading above. A date inside a longer sentence is *prose*; it counts only when the
sentence announces something (`will take place on March 6 & 7`, `The deadline is 13 June`),
never for narrative past (`Yesterday … released`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from extractor.dates import DateSpan, Resolved, find_dates, find_times, resolve, with_time
from extractor.model import Event, EventKind, Post, Precision, Source
from extractor.walker import Block, Heading, iter_sentences, walk

# --------------------------------------------------------------------------- vocabulary

_EVENT_NOUN = re.compile(
    r"\b(?:meetings|calls|parties|sprints|hackathons|summits|conferences|gatherings|socials|"
    r"summit|conference|con|days?|meetups?|ptg|fest|festival|hackathon|workshops?|"
    r"birthday|celebrations?|gathering|forum|expo|week|camp|symposium|webinars?|party|sprint|"
    r"roadshow|meeting|kubecon|cloudnativecon|\w+con|devroom|bootcamp|tour|launch|"
    r"release party|ama|livestream|live|talks?|session|keynote|training|class|course|"
    r"summer school|hack\s?week|user group|conf|show|congress|convention|fair|award|"
    r"elections?|vote|ceremony|retreat|jam|assembly|sync|office hours|call|social|"
    r"meet-and-greet|hack week|freeze|retrospective|watch party)\b",
    re.IGNORECASE,
)
_GENERIC_HEADING = re.compile(
    r"^(?:upcoming|more|other|future|past|important|key|save the|featured|"
    r"news|events?|dates?|calendar|schedule|highlights|announcements?|updates?|agenda|"
    r"what'?s|in brief|reminders?)\b|\bevents?\s*[:!]?$|\b(?:dates|news)\s*[:!]?$|:$",
    re.IGNORECASE,
)
_DEADLINE_STRONG = re.compile(
    r"\b(?:deadlines?|due|clos(?:e|es|ed|ing)|cut-?off|last (?:day|chance)|"
    r"prices? (?:increase|increases|double|doubles|rise|rises|go up|goes up|change)|"
    r"early[- ]?bird|ends?|ending|expires?|no later than)\b",
    re.IGNORECASE,
)
_DEADLINE_OBJECT = re.compile(
    r"\b(?:cfps?|call for (?:papers|proposals|speakers|talks|participation|presentations|"
    r"submissions)|submit|submissions?|proposals?|registration|register|survey|surveys|"
    r"nominations?|nominate|applications?|apply|sponsor(?:s|ship|ships)?|travel (?:support|"
    r"grants?|funding)|scholarships?|grants?|tickets?|rsvp|vote|voting|ballots?|feedback|"
    r"sign[- ]?up|enrol(?:l|lment|ment)?)\b",
    re.IGNORECASE,
)
_BEFORE_WORD = re.compile(
    r"\b(?:by|before|until|till|through|no later than)(?:\s+(?:this|next|the|on))?\s*$",
    re.IGNORECASE,
)
_OPENS = re.compile(
    r"\b(?:opens?|opening|is live|are live|goes live|go live|launch(?:es)?|starts?|begins?|"
    r"kicks? off|available)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:yesterday|last (?:week|month|year)|ago|was|were|celebrated|announced|released|"
    r"held|took place|happened|joined|concluded|hosted|met|published|launched|wrapped up|"
    r"kicked off|recap|had|attended|gathered|presented|showcased|delivered|did|moved|"
    r"upgraded|shipped|merged|fixed|went|came|saw|got|brought|reached|tripled|doubled|"
    r"disclosed|switched|migrated|finished|completed|ended|followed|landed)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|upcoming|join us|register|deadline|due|closes?|opens?|until|save the date|"
    r"taking place|takes place|scheduled|coming|next|is on|are on|happening|don'?t miss|"
    r"please|submit|apply|by|before|starts?|begins?|runs?|hosts?|plan(?:s|ned)? to|"
    r"looking forward|expected|join|come|running|hosting|holding|see you)\b",
    re.IGNORECASE,
)
_HAPPENING = re.compile(
    r"^(?P<subject>.+?)\s+(?:will\s+(?:be\s+)?(?:take\s+place|be\s+held|held|happen|run|"
    r"return|kick\s+off|start|begin|be\s+hosted|hosted|come\s+to|gather)|will\s+be|"
    r"(?:takes|is\s+taking)\s+place|is\s+(?:being\s+held|happening|scheduled)|"
    r"runs|is\s+on|are\s+on|returns|happens)\b",
    re.IGNORECASE,
)
_GENERIC_LINK = re.compile(
    r"^(?:learn more|read more|more info(?:rmation)?|details|website|tickets?|rsvp|sign up|"
    r"info|here|link|more|register(?: now| here)?|apply(?: now| here)?|join(?: us| now)?|"
    r"click here|see more|find out more|event page|event details|registration|agenda|"
    r"schedule|book now|buy tickets|watch|stream|recording|slides|video|cfp|"
    r"save the date|add to calendar|calendar"
    r"|(?:join|rsvp|register|sign up|watch|stream|meet)(?:\s+\w+)?\s+(?:on|at|via|in)\s+"
    r".{1,30})[.!]?$",
    re.IGNORECASE,
)
_RELATION = re.compile(
    r"^(?:co-?located with|part of|alongside|in conjunction with|hosted by|organi[sz]ed by|"
    r"with|at|in|during|before|after|following|ahead of|sponsored by)\b",
    re.IGNORECASE,
)
_VIRTUAL = re.compile(
    r"^(?:virtual(?:ly)?|online|remote|hybrid|zoom|livestream|virtual event|online event|"
    r"worldwide|global|virtual \(.*\)|online \(.*\))$",
    re.IGNORECASE,
)
_VENUE = re.compile(
    r"\b(?:campus|center|centre|hall|hotel|university|building|room|theat(?:er|re)|arena|"
    r"park|convention|venue|auditorium|floor|street|avenue|road|plaza|pavilion|stadium|"
    r"institute|school|college|library|museum|office|hq|headquarters)\b",
    re.IGNORECASE,
)
_WORD = r"[A-ZÀ-Ý][\w.'’&-]*"
_PLACE = re.compile(
    rf"^(?:{_WORD})(?:\s+(?:{_WORD}|de|del|la|le|am|an|upon|on|sur))*"
    rf"(?:,\s*(?:{_WORD})(?:\s+{_WORD}){{0,3}}){{1,3}}$"
)
_COUNTRIES = frozenset(
    """
    afghanistan albania algeria argentina armenia australia austria azerbaijan bangladesh
    belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chile china
    colombia croatia cuba cyprus czechia denmark ecuador egypt estonia ethiopia finland
    france georgia germany ghana greece guatemala hungary iceland india indonesia iran iraq
    ireland israel italy japan jordan kazakhstan kenya korea kosovo latvia lebanon lithuania
    luxembourg malaysia malta mexico moldova mongolia montenegro morocco nepal netherlands
    nigeria norway pakistan panama paraguay peru philippines poland portugal qatar romania
    russia rwanda serbia singapore slovakia slovenia spain sweden switzerland taiwan
    tanzania thailand tunisia turkey uganda ukraine uruguay uzbekistan venezuela vietnam
    zambia zimbabwe
    """.split()
) | frozenset(
    [
        "new zealand",
        "south africa",
        "south korea",
        "united kingdom",
        "united states",
        "uk",
        "usa",
        "us",
        "uae",
        "united arab emirates",
        "saudi arabia",
        "sri lanka",
        "costa rica",
        "hong kong",
        "czech republic",
        "north macedonia",
        "dominican republic",
        "el salvador",
        "puerto rico",
        "the netherlands",
        *("europe asia africa americas apac emea latam oceania".split()),
        *("north america", "south america", "asia pacific", "middle east"),
    ]
)
_PLACE_AFTER = re.compile(
    r"\b(?:take place|takes place|taking place|held|hosted|happening|be|located|gather)\s+"
    r"(?:in|at)\s+(?P<place>(?:the\s+)?[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[A-ZÀ-Ý][\w.'’-]*){0,4})"
)
_TRAILING_PLACE = re.compile(
    r"^\s*(?:,|\bin\b)\s*(?P<place>[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[A-ZÀ-Ý][\w.'’-]*){0,4})\s*$"
)
_PLACE_AT = re.compile(r"\b(?:in|at)\s+(?P<place>[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[A-ZÀ-Ý][\w.'’-]*){0,3})")
_PLACE_IN = re.compile(
    r"\bin\s+(?P<place>[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,3},\s*"
    r"[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,2})"
)
_KEY_LINE = re.compile(
    r"^(?P<key>when|date|dates|time|deadline|where|location|venue|place|what|event|title|"
    r"name|url|link|website|register|registration|cfp)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_KEY_LABEL = re.compile(
    r"^(?:when|date|dates|time|times|deadline|where|location|venue|place|what|event|title|name|"
    r"url|link|website|register|registration|rsvp|tickets?|cost|price|fee|host|hosts|"
    r"speakers?|contact|details|info|more|cfp|stream|livestream|format|language)\s*:?$",
    re.IGNORECASE,
)
_CALL_TO_ACTION = re.compile(
    r"^(?:join us (?:at|for)|join|attend|register for|save the date(?: for)?|"
    r"don'?t miss|come to|visit|check out|see you at)\s+",
    re.IGNORECASE,
)
_CELEBRATE = re.compile(r"^celebrate\s+(?P<what>.+)$", re.IGNORECASE)
_FILLER = re.compile(
    r"\b(?:the|is|are|on|at|by|from|until|till|through|before|will|be|now|and|of|in|"
    r"happens|takes place|take place|starting|starts|this|next)\b|[|:–—\-,!.?()]",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s*[|·•]\s*|\s+/\s+|\s+[–—-]\s+|\s*[–—]\s*(?=\S)|(?<=[\w)\]#])\s*:\s+|\n")
_CLOSING_WORD = re.compile(
    r"\b(?:deadline|due|clos\w*|ends?|increases?|doubles?|rises?|expires?|go(?:es)? up)\b",
    re.IGNORECASE,
)


def clean_title(text: str) -> str:
    """A title as a person reads it: no stray punctuation, no call-to-action verbs."""
    text = " ".join(text.split()).replace(" | ", " + ")
    text = re.sub(r"^(.+?),\s*[\"“](.+?)[\"”]\s*$", r"\1: \2", text)  # X, "Talk" → X: Talk
    text = re.sub(r"^[\"“](.+?)[\"”]$", r"\1", text)
    text = re.sub(r"\s*\((?:\s*|learn more|details|link)\)\s*", " ", text, flags=re.I).strip()
    text = text.strip(" \t|:;,.-–—!?*_>#")
    celebrate = _CELEBRATE.match(text)
    if celebrate:
        what = _strip_determiners(celebrate["what"])
        what = re.sub(r"^(\S+?)['’]s\b", r"\1", what)  # "OpenStack's 15th Birthday"
        text = f"{what} celebration"
    text = _CALL_TO_ACTION.sub("", text)
    if text[:1].islower() and not re.match(r"^[a-z]+[A-Z]", text):
        text = text[:1].upper() + text[1:]
    return text.strip()


def looks_like_place(text: str) -> bool:
    """True for "Paris-Saclay, France", "Athens, GR", "Virtual", "New Zealand"."""
    text = text.strip(" .!")
    if not text or len(text) > 60:
        return False
    if _VIRTUAL.match(text):
        return True
    if text.lower() in _COUNTRIES:
        return True
    return bool(_PLACE.match(text) and len(text.split()) <= 7 and not _EVENT_NOUN.search(text))


def names_event(heading: str) -> bool:
    """True when a heading names an event or series ("OpenInfra Summit Europe")."""
    if _GENERIC_HEADING.search(heading.strip()):
        return False
    return bool(_EVENT_NOUN.search(heading))


# --------------------------------------------------------------------------- segments


@dataclass(frozen=True)
class Segment:
    """A piece of a block's text between separators."""

    start: int
    end: int
    text: str


def segments_of(text: str, spans: list[DateSpan]) -> list[Segment]:
    """Cut `text` at listing separators, never inside a date expression or its time."""
    masked = list(text)
    for span in spans:
        for i in range(span.start, span.time_end or span.end):
            if masked[i] not in "\n":
                masked[i] = "#"
    # Parentheses are kept whole too: "Texas Linux Fest (3-4 October)".
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth and ch not in "\n":
            masked[i] = "#"
    flat = "".join(masked)
    if "\n" in flat and not _line_structured(text):
        flat = flat.replace("\n", " ")  # wrapped prose: a line break is only a space
    out: list[Segment] = []
    position = 0
    for match in _SEPARATOR.finditer(flat):
        if match.start() > position:
            out.append(Segment(position, match.start(), text[position : match.start()]))
        position = match.end()
    if position < len(text):
        out.append(Segment(position, len(text), text[position:]))
    return [s for s in out if s.text.strip()]


def _line_structured(text: str) -> bool:
    """True when a block's lines are a listing ("When: …" / "Where: …"), not wrapped prose."""
    lines = [line for line in text.split("\n") if line.strip()]
    short = sum(1 for line in lines if len(_words(line)) <= 8 or _KEY_LINE.match(line.strip()))
    return short * 2 > len(lines)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’]+", text)


def _remainder(segment: Segment, spans: list[DateSpan], text: str) -> str:
    """A segment's text without its dates and times."""
    pieces: list[str] = []
    position = segment.start
    for span in spans:
        end = span.time_end or span.end
        if span.start >= segment.end or end <= segment.start:
            continue
        pieces.append(text[position : max(position, span.start)])
        position = max(position, end)
    pieces.append(text[position : segment.end])
    return " ".join("".join(pieces).split())


def _link_at(block: Block, start: int, end: int) -> str | None:
    """The first web link overlapping [start, end), or an empty-text link right at start."""
    for link in block.links:
        if not _safe_url(link.href):
            continue
        if link.start < end and link.end > start:
            return link.href
        if link.start == link.end and start - 2 <= link.start <= start + 1:
            return link.href
    return None


def _safe_url(href: str) -> bool:
    return bool(re.match(r"^(?:https?://|/|\.\.?/|[\w-]+(?:/|\.html?$))", href, re.I)) and not (
        href.lower().startswith(("javascript:", "data:", "vbscript:"))
    )


# --------------------------------------------------------------------------- context


def _series(block: Block) -> tuple[str | None, str | None]:
    """The event or series the block sits under (parent item, else heading) and its link."""
    for parent in reversed(block.parents):
        if not find_dates(parent.text):
            text = clean_title(parent.text)
            if text and len(_words(text)) <= 12:
                link = next((x.href for x in parent.links if _safe_url(x.href) and x.text), None)
                return text, link
    for heading in reversed(block.headings):
        if names_event(heading.text):
            return clean_title(heading.text), heading.url
    return None, None


def _section(block: Block) -> str | None:
    top: Heading | None = next((h for h in block.headings if not h.pseudo), None)
    if top is None and block.headings:
        top = block.headings[0]
    if top is None:
        return None
    return clean_title(top.text.split(":")[0]) or None


def _kind(text: str, before: str) -> EventKind:
    """Deadline when something closes or rises; an opening or anything else is an event."""
    if _DEADLINE_STRONG.search(text):
        if _OPENS.search(text) and not re.search(r"deadline|due|clos", text, re.I):
            return EventKind.EVENT
        return EventKind.DEADLINE
    if _DEADLINE_OBJECT.search(text) and (
        _BEFORE_WORD.search(before)
        or (re.search(r"\bby\b", text, re.I) and not _OPENS.search(text))
    ):
        return EventKind.DEADLINE
    return EventKind.EVENT


def _to_when(resolved: Resolved) -> tuple[dt.date | dt.datetime, str | None]:
    if resolved.time is None:
        return resolved.start, None
    moment = dt.datetime.combine(resolved.start, resolved.time)
    if resolved.zone:
        try:
            return moment.replace(tzinfo=ZoneInfo(resolved.zone)), resolved.zone
        except (KeyError, ValueError):
            return moment, None
    return moment, None


# --------------------------------------------------------------------------- the rules


@dataclass
class _Draft:
    kind: EventKind
    title: str
    location: str | None
    url: str | None
    text: str


class _PostReader:
    def __init__(self, post: Post, blocks: list[Block] | None = None) -> None:
        self.post = post
        self.blocks = walk(post.body, post.body_line) if blocks is None else blocks
        self.spans = [find_dates(block.text) for block in self.blocks]
        self.hints: dict[tuple[int, int | None, int | None, int | None], int] = {}
        for spans in self.spans:
            for span in spans:
                if span.y1 is not None and span.d1 is not None and span.relative is None:
                    self.hints.setdefault(span.key, span.y1)
                    self.hints.setdefault((span.m1, span.d1, None, None), span.y1)

        # Items that are only "date + place" under one heading form a series
        # ("Celebrate X's Birthday": "22 May: Stockholm", "8 May: Athens").
        self.place_items: Counter[tuple[object, ...]] = Counter(
            _sibling_key(block)
            for block, spans in zip(self.blocks, self.spans, strict=True)
            if spans and _dated_place_item(block, spans)
        )

    def events(self) -> list[Event]:
        out: list[Event] = []
        for index, (block, spans) in enumerate(zip(self.blocks, self.spans, strict=True)):
            if not spans:
                continue
            if block.kind == "heading" and re.search(
                r"\b(?:between|from|since|week of|month of)\b", block.text, re.I
            ):
                continue
            out.extend(self.block_events(index, block, spans))
        return out

    def block_events(self, index: int, block: Block, spans: list[DateSpan]) -> list[Event]:
        days = {s.m1 for s in spans if s.precision is Precision.DAY and not s.relative}
        # "Jan 21: BerlinJS January": a bare month beside a full date of that month is a name.
        spans = [s for s in spans if not (s.form == "month" and s.m1 in days)]
        if self._restates_parent(index, block, spans):
            return []
        segments = segments_of(block.text, spans)
        out: list[Event] = []
        for span in spans:
            segment = next(
                (s for s in segments if s.start <= span.start < s.end),
                Segment(span.start, span.end, block.text[span.start : span.end]),
            )
            if _is_range_header(block, spans, span):
                continue
            resolved = resolve(span, self.post.date, self.hints)
            if resolved is None:
                continue
            if resolved.start == self.post.date and span.relative in ("today", "tonight"):
                continue
            children = self._dated_children(index, block, spans, span, segments)
            if children:
                for child, child_draft in children:
                    own = resolved
                    times = find_times(child.text)
                    if len(times) == 1 and span.hour is None:
                        timed = resolve(with_time(span, times[0][2]), self.post.date, self.hints)
                        own = timed or resolved
                    out.append(self._event(child_draft, own, block, child))
                continue
            draft: _Draft | None = None
            if self._announces(block, spans, span):
                draft = self.prose(index, block, spans, span)
            if draft is None:
                draft = self.listing(index, block, spans, span, segment, segments)
            if draft is None:
                draft = self.prose(index, block, spans, span)
            if draft is None or not re.search(r"[^\W\d_]{2}", draft.title):
                continue  # no title, or one without a word ("41.2" in a table of timings)
            out.append(self._event(draft, resolved, block, block))
        return out

    def _restates_parent(self, index: int, block: Block, spans: list[DateSpan]) -> bool:
        """A nested item whose only date is its parent's ("Back Bay Rust Lunch, Jan 27")."""
        if not block.parents or len(spans) != 1:
            return False
        parent = block.parents[-1]
        parent_spans = next(
            (sp for b, sp in zip(self.blocks, self.spans, strict=True) if b is parent), []
        )
        mine = resolve(spans[0], self.post.date, self.hints)
        return mine is not None and any(
            (r := resolve(p, self.post.date, self.hints)) is not None
            and (r.start, r.end) == (mine.start, mine.end)
            for p in parent_spans
        )

    def _event(self, draft: _Draft, resolved: Resolved, block: Block, line_of: Block) -> Event:
        start, zone = _to_when(resolved)
        return Event(
            kind=draft.kind,
            title=draft.title[:300],
            start=start,
            end=resolved.end,
            precision=resolved.precision,
            tz=zone,
            location=draft.location,
            url=draft.url,
            section=_section(block),
            text=draft.text[:500],
            sources=(Source.of(self.post, line_of.line),),
        )

    def _dated_children(
        self,
        index: int,
        block: Block,
        spans: list[DateSpan],
        span: DateSpan,
        segments: list[Segment],
    ) -> list[tuple[Block, _Draft]]:
        """`* Tuesday, July 8` with undated child items: one event per child, on that date."""
        if len(spans) != 1 or len(segments) != 1 or block.kind != "item":
            return []
        if _words(_remainder(segments[0], spans, block.text)):
            return []
        children = [
            (i, b)
            for i, b in enumerate(self.blocks[index + 1 :], index + 1)
            if b.parents and b.parents[-1] is block
        ]
        if len(children) < 2 or any(self.spans[i] for i, _ in children):
            return []
        out: list[tuple[Block, _Draft]] = []
        for _, child in children:
            text = child.text
            place = re.search(
                r"\(\s*([^()]{2,40})\s*\)\s*$|,\s*([^,]{2,40}(?:,[^,]{2,20})?)$", text
            )
            location = None
            name = text
            if place:
                candidate = (place.group(1) or place.group(2) or "").strip()
                if looks_like_place(candidate):
                    location = clean_value(candidate)
                    name = text[: place.start()]
            name = re.split(r"\s+at\s+\d", name)[0]
            title = clean_title(re.split(r"(?<=\w)[.!]\s+(?=[A-Z])", name)[0])
            if not title:
                continue
            url = self._any_link(child)
            out.append((child, _Draft(_kind(text, ""), title, location, url, text)))
        return out

    def _announces(self, block: Block, spans: list[DateSpan], span: DateSpan) -> bool:
        """True when the date's sentence reads "X will take place on DATE" (prose first)."""
        offset, sentence = _sentence_at(block.text.replace("\n", " "), span.start)
        return bool(_HAPPENING.match(_strip_leading_date(sentence, spans, offset, block.text)))

    # ------------------------------------------------------------------ listings

    def listing(
        self,
        index: int,
        block: Block,
        spans: list[DateSpan],
        span: DateSpan,
        segment: Segment,
        segments: list[Segment],
    ) -> _Draft | None:
        """A date in a short segment of a listing: `DATE | TITLE | PLACE` and its relatives."""
        text = block.text
        rest = _remainder(segment, spans, text)
        key = _KEY_LINE.match(segment.text.strip())
        inner = re.sub(r"\([^)]*\)", "", rest).strip()
        inside_parens = self._in_parentheses(text, span)
        if inside_parens is not None:
            _, sentence = _sentence_at(text.replace("\n", " "), span.start)
            if _PAST.search(sentence) and not _FUTURE.search(sentence):
                return None
            return self.parenthesised(block, spans, span, inside_parens, segments)
        limit = 5 if len(segments) == 1 else 10
        if len(_words(inner)) > limit and not key:
            return None
        if span.relative and not _DEADLINE_STRONG.search(segment.text):
            return None
        if _PAST.search(segment.text) and not _FUTURE.search(segment.text):
            return None  # "We moved back on March 18."
        if (
            span.precision is Precision.MONTH
            and not span.relative
            and not self._month_listing(block, spans, inner)
        ):
            return None
        if block.kind == "heading" and len(_words(block.text)) > 14:
            return None
        trailing = _TRAILING_PLACE.match(text[span.time_end or span.end : segment.end])
        if trailing and not find_dates(trailing["place"]):
            inner = _remainder(
                Segment(segment.start, segment.end - len(trailing.group(0)), ""), spans, text
            )
        position = segments.index(segment) if segment in segments else -1
        if key is None and position > 0:
            key = _KEY_LINE.match(segments[position - 1].text.strip() + ": ")
        others = [s for s in segments if s is not segment]
        location: str | None = None
        title_seg: Segment | None = None
        after_place = False
        label: str | None = None
        for other in others:
            body = other.text.strip()
            if _KEY_LABEL.match(body):
                label = body.rstrip(":").lower()
                continue
            if label is not None:
                role, label = label, None
                if role in ("where", "location", "venue", "place"):
                    location = location or clean_value(body)
                    continue
                if role in ("what", "event", "title", "name"):
                    title_seg = title_seg or other
                continue
            other_spans = [x for x in spans if other.start <= x.start < other.end]
            if other_spans:
                continue
            kv = _KEY_LINE.match(body)
            if kv:
                k = kv["key"].lower()
                if k in ("where", "location", "venue", "place") and location is None:
                    location = clean_value(kv["value"])
                elif k in ("what", "event", "title", "name") and title_seg is None:
                    title_seg = Segment(other.start + kv.start("value"), other.end, kv["value"])
                continue
            if _RELATION.match(body) or _GENERIC_LINK.match(body):
                continue
            column = self._column(block, other)
            named = _NAME_THEN_PLACE.match(body)
            if column is None and named and title_seg is None:
                title_seg = Segment(other.start, other.start + len(named["name"]), named["name"])
                location = location or clean_value(named["place"])
                continue
            if column == "location" or (column is None and looks_like_place(body)):
                if location is None:
                    location = clean_value(body)
                    after_place = True
                continue
            if column == "title" or (title_seg is None and column is None):
                if after_place and _VENUE.search(body):
                    continue
                if any(b - a >= len(body) - 4 for a, b, _ in find_times(body)):
                    continue  # "10:00–17:00 CET"
                if column is None and re.match(r"^[a-z]", body):
                    continue  # "find us at the stand": a remark, not a name
                if title_seg is None:
                    title_seg = other
        if location is None and trailing and not find_dates(trailing["place"]):
            location = clean_value(trailing["place"])
        if location is None and title_seg is not None:
            location = self._bare_place(segments, segment, title_seg, spans)
        # A key line: "When: 5 May" with "Where:"/"What:" lines nearby.
        if key and key["key"].lower() in ("when", "date", "dates", "time", "deadline"):
            near = self._nearby_keys(index, block)
            location = location or near.get("where")
            if title_seg is None and near.get("what"):
                return self._finish(block, near["what"], location, key["key"])
        kind_text = " ".join(x for x in (segment.text, title_seg.text if title_seg else "") if x)
        kind = _kind(kind_text, text[segment.start : span.start])
        above = block.heading
        if (
            title_seg is not None
            and location is None
            and above is not None
            and block.kind == "paragraph"
            and not above.pseudo
            and names_event(above.text)
            and title_seg.start > segment.start
            and re.fullmatch(
                r"[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,3}", title_seg.text.strip()
            )
            and not _EVENT_NOUN.search(title_seg.text)
        ):
            # "### Docs sprint in Prague" / "Saturday, 21 March · 10:00 CET · Impact Hub Praha"
            location, title_seg = clean_value(title_seg.text), None
        if title_seg is not None:
            title = clean_title(re.split(r"(?<=\w)[.!]\s+(?=[A-Z])", title_seg.text)[0])
            named_place = re.match(r"^(?P<name>[^,]+?),\s*(?P<place>.+)$", title)
            if named_place and looks_like_place(named_place["place"]):
                title = named_place["name"]
                location = location or clean_value(named_place["place"])
            url = _link_at(block, title_seg.start, title_seg.end) or _link_at(
                block, segment.start, segment.end
            )
            if url is None:
                url = self._any_link(block)
            if kind is EventKind.DEADLINE:
                title = self._deadline_title(block, title, inner)
            elif _needs_context(title) or (_OPENS.search(title) and len(_words(title)) <= 4):
                # "March 2026: CFP Opens", "Voting", "Monthly meetup": a step of the event
                # above or a generic name; the series or heading gives it its name.
                context = _series(block)[0] or _nearest_heading(block)
                if context and context.lower() not in title.lower():
                    title = f"{context}: {title}"
            elif looks_like_place(title):
                series, _ = _series(block)
                if series:
                    location = location or title
                    title = f"{series}: {title}"
            child = self._first_child(index, block)
            if (
                child is not None
                and kind is EventKind.EVENT
                and (
                    not self.spans[index + 1]
                    or self._restates_parent(index + 1, child, self.spans[index + 1])
                )
            ):
                topic = clean_title(_without_dates(child.text, self.spans[index + 1]))
                if topic and topic.lower() not in title.lower() and len(_words(topic)) <= 12:
                    title = f"{title}: {topic}"
            return _Draft(kind, title, location, url, text)
        # No title in the line: the children, the parent or the heading name it.
        child = self._first_child(index, block)
        if child is not None and not self.spans[index + 1]:
            title = clean_title(child.text)
            url = self._any_link(child) or self._any_link(block)
            return _Draft(kind, title, location, url, text)
        series, series_url = _series(block)
        if kind is EventKind.DEADLINE:
            what = inner if _words(inner) else "deadline"
            title = self._deadline_title(block, "", what)
            url = self._any_link(block)
            return _Draft(kind, title, location, url, text)
        if series is None:
            heading = _nearest_heading(block)
            if location and inner == "" and heading:
                title = f"{heading}: {location}"
                return _Draft(kind, title, location, self._any_link(block), text)
            if location and inner == "":
                return None
            label = clean_title(inner)
            if not label or len(_words(label)) < 1:
                return None
            return _Draft(kind, label, location, self._any_link(block), text)
        url = self._any_link(block)
        if location and self._is_series_item(index, block):
            return _Draft(kind, f"{series}: {location}", location, url, text)
        if url is None:
            url = series_url
        if inner and not location and len(_words(inner)) <= 6 and not _GENERIC_LINK.match(inner):
            return _Draft(kind, f"{series}: {clean_title(inner)}", location, url, text)
        return _Draft(kind, series, location, url, text)

    def _month_listing(self, block: Block, spans: list[DateSpan], inner: str) -> bool:
        """A month alone is a date only as its own item in an event listing ("Austin - October").

        It must stand alone in its segment, and the listing must be about events: a place
        beside it, a date column, or a heading that names events or dates.
        """
        if re.sub(r"(?i)\b(?:early|mid|late|end of|beginning of|in)\b", "", inner).strip(" ,.-"):
            return False
        if block.kind not in ("item", "row", "paragraph"):
            return False
        if block.kind == "row" and any(
            re.search(r"date|when|month", c, re.I) for c in block.columns
        ):
            return True
        if any(looks_like_place(s.text.strip()) for s in segments_of(block.text, spans)):
            return True
        return any(names_event(h.text) or _LISTING_HEADING.search(h.text) for h in block.headings)

    def _bare_place(
        self,
        segments: list[Segment],
        date_segment: Segment,
        title_seg: Segment,
        spans: list[DateSpan],
    ) -> str | None:
        """`TITLE | DATE | Potsdam`: a short capitalised segment after title and date."""
        last = max(date_segment.end, title_seg.end)
        for other in segments:
            body = other.text.strip()
            if other.start < last or _GENERIC_LINK.match(body) or _RELATION.match(body):
                continue
            if any(other.start <= x.start < other.end for x in spans):
                continue
            if re.fullmatch(r"[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,3}", body) and not (
                _EVENT_NOUN.search(body) or re.search(r"\.(?:org|com|io|dev|net)\b", body)
            ):
                return body
        return None

    def _finish(self, block: Block, title: str, location: str | None, key: str) -> _Draft:
        """A draft for a key-value date line ("When: 5 May") named by a `What:` line or heading."""
        kind = EventKind.DEADLINE if key.lower() == "deadline" else _kind(title, "")
        return _Draft(kind, clean_title(title), location, self._any_link(block), block.text)

    def _nearby_keys(self, index: int, block: Block) -> dict[str, str]:
        """`Where:`/`What:` values in the same block or the sibling blocks right around it."""
        found: dict[str, str] = {}
        candidates = [block] + [
            other
            for other in self.blocks[max(0, index - 4) : index + 5]
            if other is not block
            and other.headings == block.headings
            and other.parents == block.parents
        ]
        for other in candidates:
            for line in other.text.split("\n"):
                kv = _KEY_LINE.match(line.strip())
                if not kv:
                    continue
                k = kv["key"].lower()
                if k in ("where", "location", "venue", "place"):
                    found.setdefault("where", clean_value(kv["value"]))
                elif k in ("what", "event", "title", "name"):
                    found.setdefault("what", kv["value"])
        if "what" not in found:
            series, _ = _series(block)
            if series:
                found["what"] = series
        return found

    def _column(self, block: Block, segment: Segment) -> str | None:
        """`title` or `location` when the table header says what a cell holds."""
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
        if re.search(r"event|name|title|what|session|talk|meetup|conference|milestone", header):
            return "title"
        if re.search(r"note|description|detail|comment|remark|info|status|cost|price", header):
            return "other"
        return None

    def _in_parentheses(self, text: str, span: DateSpan) -> str | None:
        """The name before "(DATE)" when the date is parenthesised after a name."""
        before = text[: span.start]
        after = text[span.time_end or span.end :]
        if not re.search(r"\(\s*$", before) or not re.match(r"\s*(?:,[^()]{1,40})?\)", after):
            return None
        head = before.rstrip()[:-1]
        name = re.split(r"\s*\|\s*|\s+[–—-]\s+|[.;:]\s+|\n", head)[-1]
        name = _RELATION.sub("", name.strip()).strip()
        name = _RELATION.sub("", name).strip()
        return name if _words(name) else None

    def parenthesised(
        self,
        block: Block,
        spans: list[DateSpan],
        span: DateSpan,
        name: str,
        segments: list[Segment],
    ) -> _Draft:
        """`Co-located with Texas Linux Fest (3-4 October)`: an item of its own."""
        text = block.text
        position = text.rfind(name, 0, span.start)
        url = _link_at(block, position, position + len(name)) if position >= 0 else None
        inside = re.match(r"\s*,\s*([^()]{1,40})\)", text[span.time_end or span.end :])
        location = next(
            (clean_value(s.text) for s in segments if looks_like_place(s.text.strip())), None
        )
        if inside and looks_like_place(inside.group(1)):
            location = clean_value(inside.group(1))
        kind = _kind(name, "")
        return _Draft(kind, clean_title(name), location, url, text)

    def _first_child(self, index: int, block: Block) -> Block | None:
        """The first item nested right under `block`, if any."""
        if index + 1 < len(self.blocks):
            child = self.blocks[index + 1]
            if child.parents and child.parents[-1] is block:
                return child
        return None

    def _is_series_item(self, index: int, block: Block) -> bool:
        """True when the block is one of several dated items under the same heading or parent."""
        return self.place_items[_sibling_key(block)] >= 2

    def _any_link(self, block: Block) -> str | None:
        """The block's first web link (an empty-text link counts: `[](url)17-19 October`)."""
        for link in block.links:
            if _safe_url(link.href):
                return link.href
        return None

    def _deadline_title(self, block: Block, title: str, rest: str) -> str:
        """`<series>: <what closes>`: "OpenInfra Summit Europe: Prices increase"."""
        what = re.sub(r"\b(?:is\s+|are\s+)?(?:open|now open|live)\b", " ", rest, flags=re.I)
        what = clean_title(_FILLER.sub(" ", what)) if what.strip() else ""
        what = re.sub(r"\s+", " ", what).strip()
        if not _words(what) or what.lower() == "deadline":
            what = title
            if what and not _CLOSING_WORD.search(what):
                what = f"{what} deadline"
            elif not what:
                what = "Deadline"
        elif title and len(_words(what)) <= 2 and not _CLOSING_WORD.search(what):
            what = f"{title} {what}"
        elif not _CLOSING_WORD.search(what):
            what = f"{what} deadline"
        series, _ = _series(block)
        if what == "Deadline" and series is None:
            near = next(
                (
                    h.text
                    for h in reversed(block.headings)
                    if not _GENERIC_HEADING.search(h.text.strip())
                ),
                None,
            )
            if near:
                what = f"{clean_title(near)} deadline"
        what = what[:1].upper() + what[1:]
        if series and series.lower() not in what.lower():
            return f"{series}: {what}"
        return what

    # ------------------------------------------------------------------ prose

    def prose(
        self, index: int, block: Block, spans: list[DateSpan], span: DateSpan
    ) -> _Draft | None:
        """A date inside a sentence: kept when the sentence announces something."""
        text = block.text.replace("\n", " ")
        sentence_start, sentence = _sentence_at(text, span.start)
        local = span.start - sentence_start
        before = sentence[:local]
        if span.precision is Precision.MONTH and not span.relative:
            return None
        kind = _kind(sentence, before)
        future = _FUTURE.search(sentence)
        if span.relative:
            if span.relative.startswith(("yesterday", "last")):
                return None
            if kind is not EventKind.DEADLINE and not re.search(r"\bwill\b", sentence, re.I):
                return None
        if _PAST.search(sentence) and not future:
            return None
        if re.search(r"\b(?:until|till|through)\s*$", before, re.I) and (
            kind is not EventKind.DEADLINE
        ):
            return None  # "SCaLE will continue until March 9": the end of something else
        location = self._prose_place(sentence, happening=self._announces(block, spans, span))
        location = location or self._sibling_place(index, block)
        url = None
        title = ""
        happening = _HAPPENING.match(_strip_leading_date(sentence, spans, sentence_start, text))
        if kind is EventKind.DEADLINE:
            subject = self._deadline_subject(block, sentence, sentence_start)
            title = self._deadline_title(block, subject, "")
            url = self._any_link(block)
        elif happening:
            subject = _ANNOUNCE.sub("", happening["subject"])
            title = clean_title(_strip_determiners(subject))
            if _PRONOUN.match(title):
                at = re.search(
                    r"\bbe\s+(?:also\s+)?at\s+(?P<name>[A-Z0-9][\w.+-]*(?:\s+(?:[A-Z0-9][\w.+-]*|\+|&))*)",
                    sentence,
                )
                title = at["name"] if at else ""
            if re.search(r"\b(?:virtual|online)\b", title, re.I) and location is None:
                location = "Online" if re.search(r"\bonline\b", title, re.I) else "Virtual"
            series, series_url = _series(block)
            if series and (not title or title.lower() in ("it", "this", "the event", "we")):
                title = series
            position = text.find(happening["subject"])
            url = (
                _link_at(block, position, position + len(happening["subject"]))
                if position >= 0
                else None
            )
            if url is None and series and _same_event(series, title):
                url = series_url
        elif (obj := _OBJECT_BEFORE.search(before)) is not None:
            title = clean_title(_strip_determiners(obj["np"]))
            position = text.find(obj["np"], sentence_start)
            url = _link_at(block, position, position + len(obj["np"])) if position >= 0 else None
            url = url or self._any_link(block)
        else:
            series, series_url = _series(block)
            if not series or not future:
                return None
            title = series
            url = series_url
        if not title:
            return None
        return _Draft(kind, title, location, url, sentence)

    def _deadline_subject(self, block: Block, sentence: str, sentence_start: int) -> str:
        """What closes: the link text that names it, else the sentence's subject."""
        for link in block.links:
            if (
                link.text
                and _DEADLINE_OBJECT.search(link.text)
                and not _GENERIC_LINK.match(link.text)
            ):
                return _strip_determiners(link.text)
        subject = re.match(
            r"^(?P<s>[A-Z][^,]*?)\s+(?:are|is|will|close|closes|must|need|ends?)\b", sentence
        )
        if subject and len(_words(subject["s"])) <= 8:
            return _strip_determiners(subject["s"])
        found = _DEADLINE_OBJECT.search(sentence)
        return found.group(0) if found else ""

    def _prose_place(self, sentence: str, *, happening: bool = False) -> str | None:
        match = _PLACE_AFTER.search(sentence)
        if match:
            return clean_value(re.sub(r"^the\s+", "", match["place"]))
        if happening:
            for found in _PLACE_AT.finditer(sentence):
                place = clean_value(found["place"])
                if not find_dates(place) and not re.match(r"(?i)the\b", place):
                    return place
        match = _PLACE_IN.search(sentence)
        if match and looks_like_place(match["place"]):
            return clean_value(match["place"])
        return None

    def _sibling_place(self, index: int, block: Block) -> str | None:
        """A place named in an item just above under the same heading ("… in Pasadena, CA")."""
        for other in self.blocks[max(0, index - 3) : index]:
            if other.headings != block.headings:
                continue
            match = _PLACE_IN.search(other.text)
            if match and looks_like_place(match["place"]):
                return clean_value(match["place"])
        return None


_LISTING_HEADING = re.compile(
    r"\b(?:events?|dates?|calendar|schedule|roadmap|timeline|meetups?|conferences?|upcoming|"
    r"agenda|season|program(?:me)?|where to find us|milestones?)\b",
    re.IGNORECASE,
)
_NAME_THEN_PLACE = re.compile(
    r"^(?P<name>[A-Z][A-Z0-9]{2,}|[A-Z][a-z]+[A-Z][\w]*)(?:\s+\d{4})?,\s*(?P<place>[A-ZÀ-Ý].{1,40})$"
)
_OBJECT_BEFORE = re.compile(
    r"\b(?:running|hosting|holding|organi[sz]ing|host|hold|join(?:\s+us)?(?:\s+(?:for|at))?|"
    r"attend|come\s+to|see\s+you\s+at|celebrating|have)\s+(?:a|an|the|our|its|their)?\s*"
    r"(?P<np>[\w'’&+-]+(?:\s+[\w'’&+-]+){0,7}?)\s+(?:(?:at|in)\s+[^,]{1,40}?\s+)?"
    r"(?:on|from|this|next)\s*$",
    re.IGNORECASE,
)
_ANNOUNCE = re.compile(
    r"^.*?\b(?:(?:are|is|am)\s+(?:thrilled|happy|excited|pleased|proud|delighted)\s+to\s+"
    r"(?:announce|share|confirm)|announced?|confirm(?:ed)?)(?:\s+that)?\s+",
    re.IGNORECASE,
)
_PRONOUN = re.compile(
    r"^(?:we|i|you|they|it|this|many of us|some of us|our team|the team|everyone|all of us|"
    r"several members.*|members.*)$",
    re.IGNORECASE,
)
_STEP = re.compile(
    r"^(?:(?:the|our|a|monthly|weekly|annual|regular|first|next|beginner'?s?|community|"
    r"full|public|open|online|virtual|in-person|lightning)\s+)*(?:cfp|call for \w+|speakers?|"
    r"programme|program|schedule|agenda|voting|vote|nominations?|results?|registration|"
    r"tickets?|applications?|submissions?|webinar|meetup|meeting|office hours|workshop|"
    r"talks?|sessions?|deadline|keynotes?|party|social|launch|release|elections?|"
    r"hack(?:athon| night)?|sprint|call|q&a|ama|lightning talks?(?: night)?|drinks|dinner|"
    r"lunch|breakfast|mixer|panel)\b",
    re.IGNORECASE,
)


def _needs_context(title: str) -> bool:
    """True for a title that names a kind of thing, not a thing ("Voting", "Monthly meetup")."""
    words = title.split()
    if not words or len(words) > 6 or not _STEP.match(title):
        return False
    return not any(w[:1].isupper() for w in words[1:] if w.lower() not in ("cfp", "q&a", "ama"))


def _nearest_heading(block: Block) -> str | None:
    """The closest heading above that is not a generic one ("Upcoming events")."""
    for heading in reversed(block.headings):
        if not _GENERIC_HEADING.search(heading.text.strip()):
            return clean_title(heading.text)
    return None


def _sibling_key(block: Block) -> tuple[object, ...]:
    """Blocks with the same key are siblings: same kind, same headings, same parent item."""
    parent = id(block.parents[-1]) if block.parents else None
    return (block.kind, tuple(id(h) for h in block.headings), parent)


def _dated_place_item(block: Block, spans: list[DateSpan]) -> bool:
    """True for a short item that gives a date and a place and nothing that closes."""
    if len(_words(block.text)) > 20 or _DEADLINE_STRONG.search(block.text):
        return False
    return any(looks_like_place(s.text.strip()) for s in segments_of(block.text, spans))


def _is_range_header(block: Block, spans: list[DateSpan], span: DateSpan) -> bool:
    """ "Events between 2026-08-13 and 2026-09-10": a header over a listing, not an event."""
    before = block.text[: span.start]
    if not re.search(r"\b(?:between|from|for the (?:week|month) of|since)\s*$", before, re.I):
        return False
    rest = block.text
    for other in spans:
        rest = rest.replace(block.text[other.start : other.time_end or other.end], " ")
    return len(_words(rest)) <= 10


def _without_dates(text: str, spans: list[DateSpan]) -> str:
    """`text` with its date expressions cut out ("Back Bay Rust Lunch, Jan 27" → "… Lunch")."""
    for span in sorted(spans, key=lambda x: x.start, reverse=True):
        text = text[: span.start] + text[span.time_end or span.end :]
    return text


def _sentence_at(text: str, position: int) -> tuple[int, str]:
    """The sentence of `text` holding `position`, with its offset."""
    for offset, piece in iter_sentences(text):
        if offset <= position < offset + len(piece) + 1:
            return offset, piece
    return 0, text


def _strip_leading_date(sentence: str, spans: list[DateSpan], offset: int, text: str) -> str:
    """`On September 8-9, X will …` → `X will …`."""
    for span in spans:
        local = span.start - offset
        if 0 <= local <= 5 and re.match(r"^\s*(?:on|from|starting)?\s*$", sentence[:local], re.I):
            end = (span.time_end or span.end) - offset
            return re.sub(r"^[\s,]+", "", sentence[end:])
    return sentence


def _strip_determiners(text: str) -> str:
    text = text.strip()
    text = re.sub(
        r"^(?:the|a|an|our|this year'?s|this|next|upcoming|the next|the upcoming)\s+",
        "",
        text,
        flags=re.I,
    )
    return re.sub(r"^(?:next|upcoming)\s+", "", text, flags=re.I)


def _same_event(a: str, b: str) -> bool:
    wa, wb = {w.lower() for w in _words(a)}, {w.lower() for w in _words(b)}
    return bool(wa and wb) and len(wa & wb) >= min(len(wa), len(wb)) * 0.6


def clean_value(text: str) -> str:
    """A location or other short value as written, without markdown leftovers."""
    return " ".join(text.split()).strip(" |,;:.!-–—")


def events_of(post: Post, blocks: list[Block] | None = None) -> list[Event]:
    """Every event and deadline mentioned in `post`, in file order (in `blocks`, the post's
    blocks as `walker.walk_within` read them, when given)."""
    return _PostReader(post, blocks).events()
