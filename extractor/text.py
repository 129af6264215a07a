"""Text helpers of the extraction rules: segments of a line, titles and places as people write them.

Everything here is a pure function of strings (and the date expressions found in them); what a
block's headings, parents and neighbours say is `extractor.context`.
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from extractor import vocabulary as v
from extractor.dates import DateSpan, find_dates, without_zone_note
from extractor.model import EventKind
from extractor.walker import iter_sentences

# --------------------------------------------------------------------------- words and values


def words(text: str) -> list[str]:
    """The words of `text` (apostrophes kept: "don't", "Rust’s")."""
    return list(_words(text))  # perf: a fresh list of a memo


_WORD = re.compile(r"[\w'’]+")


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


@lru_cache(maxsize=4096)  # perf: a pure str → str, asked ~50×/post of few distinct texts
def clean_title(text: str) -> str:
    """A title as a person reads it: no stray punctuation, no call-to-action verbs."""
    text = v.DECORATION.sub(" ", text)  # "🎤 Lightning talks"
    text = without_zone_note(" ".join(text.split()).replace(" | ", " + "))  # "Calls (UTC)"
    # Link syntax markdown left as text (it refuses `javascript:` and other schemes): the words.
    text = re.sub(r"\[([^\[\]]*)\]\s?\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)", r"\1", text)
    text = re.sub(r"^\[([^\[\]]+)\]$", r"\1", text)
    text = re.sub(r"^(.+?),\s*[\"“](.+?)[\"”]\s*$", r"\1: \2", text)  # X, "Talk" → X: Talk
    text = re.sub(r"^[\"“](.+?)[\"”]$", r"\1", text)
    text = re.sub(r"^['‘]([^'‘’]+)['’]$", r"\1", text)  # "'Cozy Map evening'"
    text = re.sub(r"\"([^\"]{1,120})\"|“([^”]{1,120})”", lambda m: m[1] or m[2], text)
    text = re.sub(
        r"\s*\(([^()]{0,40})\)",
        lambda m: " " if not m[1].strip() or v.GENERIC_LINK.match(m[1].strip()) else m[0],
        text,
    ).strip()  # "(learn more)", "(register)", "(RSVP)"
    text = re.sub(r"\s*,\s*$", "", text)
    text = re.sub(r"\s+\([^()]*[!?]\)$", "", text)  # "Coding dojo (beginners welcome!)"
    text = re.sub(r"\s+\([^()]*\b\d{1,2}[:.]\d\d\b[^()]*\)$", "", text)  # "… (18:30 at the hall)"
    text = text.strip(" \t|:;,.-–—!?*_>#")
    celebrate = v.CELEBRATE.match(text)
    if celebrate:
        what = strip_determiners(celebrate["what"])
        what = re.sub(r"^(\S+?)['’]s\b", r"\1", what)  # "OpenStack's 15th Birthday"
        text = f"{what} celebration"
    text = v.CALL_TO_ACTION.sub("", text)
    # "Airflow Summit 2021 is here!", "PyCon Lithuania is back": the name
    text = re.sub(r"(?i)\s+(?:is|are)\s+(?:here|back|coming(?:\s+soon)?|happening)\W*$", "", text)
    if text[:1].islower() and not re.match(r"^[a-z]+[A-Z]|v\d", text):  # "dotGo", "v1.36.0"
        text = text[:1].upper() + text[1:]
    return text.strip()


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def undated_name(text: str) -> str:
    """A heading's name without the date it opens or ends with: "2 April 2026: Lightning talks"
    and "Lightning talks — 2 April" name "Lightning talks"; "About MesosCon" names MesosCon."""
    text = re.sub(r"^About\s+(?:the\s+)?(?=[A-Z0-9])", "", text.strip())
    spans = find_dates(text)
    last = spans[-1] if spans else None
    if last and re.fullmatch(r"\s*\)\s*", text[last.time_end or last.end :]):
        opening = text.rfind("(", 0, last.start)  # "1st Flink Meetup, Berlin (Oct 15)"
        if opening > 0 and not text[opening + 1 : last.start].strip():
            return text[:opening].strip()
    if spans and re.search(r"\w,\s*$", text[: spans[0].start]) and words(text[: spans[0].start]):
        return text[: spans[0].start].rstrip(" ,")  # "Otter Summit, 3 June 2026, Ghent, …"
    if spans and re.search(r"\w\s+[-–—]\s*$", text[: spans[0].start]):
        return re.sub(r"\s+[-–—]\s*$", "", text[: spans[0].start])  # "JDD - 3-4 października"
    if spans and not text[: spans[0].start].strip(" *_"):
        rest = text[spans[0].time_end or spans[0].end :]
        if re.match(r"\s*(?:[:|·•–—-]|,\s)", rest):
            text = re.sub(r"^\s*[:|·•–—,-]\s*", "", rest)
    spans = find_dates(text)
    if spans and not text[spans[-1].time_end or spans[-1].end :].strip(" *_.!)"):
        head = text[: spans[-1].start]
        if re.search(r"(?:[:|·•–—,-]|\s-)\s*(?:on\s+)?$", head):
            text = re.sub(r"\s*[:|·•–—,-]\s*(?:on\s+)?$", "", head)
    return text.strip()


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def calendar_title(title: str) -> str:
    """A title as a calendar shows it, without the words that only place it in time from the
    post's point of view: "Next board meeting" → "Board meeting"."""
    bare = re.sub(r"^(?:the\s+)?(?:next|upcoming)\s+(?=\w)", "", title, flags=re.I)
    return bare[:1].upper() + bare[1:] if bare and not re.match(r"[a-z]+[A-Z]|v\d", bare) else bare


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def clean_value(text: str) -> str:
    """A location or other short value as written, without markdown leftovers, up to an icon
    ("Virtual ➡️ [Join](…)": "Virtual")."""
    text = _AT_ICON.split(_LEAD_ICONS.sub("", text), 1)[0]
    return " ".join(v.DECORATION.sub(" ", text).split()).strip(" |,;:.!-–—")


_LEAD_ICONS = re.compile(rf"^\s*(?:{v.ICON}+\s*)+")
_AT_ICON = re.compile(rf"\s*{v.ICON}")


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def strip_determiners(text: str) -> str:
    """`the next PyCon` → `PyCon`."""
    text = text.strip()
    text = re.sub(
        r"^(?:the|a|an|our|their|its|his|her|your|this year'?s|this|next|upcoming|the next|"
        r"the upcoming|(?:les|la|le|nos|notre)(?:\s+prochaine?s?)?"
        r"|(?:de|het|een|onze)(?:\s+(?:eerstvolgende|volgende|komende))?(?=\s+(?-i:[a-z]))"
        r"|(?:il|lo|la|i|gli|le|un|una|uno|nostr[oaie])(?:\s+prossim[oaie])?(?=\s+(?-i:[a-z]))"
        r"|(?:der|die|das|den|ein|eine[nr]?|unser(?:e|en|er)?|euer|eure[nr]?)"
        r"(?:\s+(?:nächste|erste|zweite|dritte|letzte)[nrs]?)?)\s+",
        "",
        text,
        flags=re.I,
    )
    return re.sub(r"^(?:next|upcoming)\s+", "", text, flags=re.I)


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def looks_like_place(text: str) -> bool:
    """True for "Paris-Saclay, France", "Athens, GR", "Virtual", "New Zealand"."""
    text = text.strip(" .!")
    if not text or len(text) > 60:
        return False
    if v.VIRTUAL.match(text):
        return True
    if text.lower() in v.COUNTRIES:
        return True
    return bool(v.PLACE.match(text) and len(text.split()) <= 7 and not v.EVENT_NOUN.search(text))


_CALENDAR_WORDS = frozenset(
    [m.lower() for m in calendar.month_name[1:]] + [d.lower() for d in calendar.day_name]
)


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def looks_like_name(text: str) -> bool:
    """True for a proper name ("Flock to Fedora 2026", "PyLadies pop-ups", "FOSDEM"), not a
    phrase in sentence case ("Practical information", "Before the year ends")."""
    tokens = [w for w in words(text) if w.lower() not in _CALENDAR_WORDS]
    if not tokens:
        return False
    for token in tokens:
        rest = token[1:]
        if token[:1].isupper() and (rest != rest.lower() or any(c.isdigit() for c in token)):
            return True  # CamelCase, ALLCAPS, F45
        if re.fullmatch(r"[a-z]+[A-Z]\w*", token):
            return True  # dotGo, iOS
    return any(token[:1].isupper() for token in tokens[1:])


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def names_event(heading: str) -> bool:
    """True when a heading names an event or series ("OpenInfra Summit Europe")."""
    if v.GENERIC_HEADING.search(heading.strip()):
        return False
    return bool(v.EVENT_NOUN.search(heading))


def needs_context(title: str) -> bool:
    """True for a title that names a kind of thing, not a thing ("Voting", "Monthly meetup")."""
    parts = title.split()
    step = v.STEP.match(title)
    if not parts or len(parts) > 6 or not step or len(words(title[step.end() :])) > 2:
        return False  # "Release engineering for small teams" is a topic, not a step
    return not any(w[:1].isupper() for w in parts[1:] if w.lower() not in ("cfp", "q&a", "ama"))


def same_event(a: str, b: str) -> bool:
    """True when two names share most of their words ("PyCon LT" and "PyCon LT 2026")."""
    wa, wb = {w.lower() for w in words(a)}, {w.lower() for w in words(b)}
    return bool(wa and wb) and len(wa & wb) >= min(len(wa), len(wb)) * 0.6


#: A time (and zone) written between a cut-off word and its date: "before 23:59 UTC on".
_TIME_BEFORE_DATE = re.compile(
    r"\s+(?:at\s+)?\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,5}|AoE))?"
    r"\s*,?\s*(?:on\s*)?$"
)


#: The last part of a programme, not a cut-off: "Closing talk", "closing ceremony".
_CLOSING_PART = re.compile(
    r"(?i)\bclosing\s+(?:talk|keynote|session|ceremony|remarks|party|panel|plenary|night|"
    r"event|concert|day|circle|social|dinner)s?\b"
)


def kind_of(text: str, before: str) -> EventKind:
    """Deadline when something closes or rises; an opening or anything else is an event.

    `before` is the text right before the date ("register by"; a time between them is left
    out: "request it before 23:59 UTC on").
    """
    before = _TIME_BEFORE_DATE.sub("", before)
    if v.RELEASE_DUE.search(text):
        return EventKind.EVENT  # a planned release is an event
    if v.SUPPORT_END.search(text) and re.search(r"\b(?:until|till|on|in)\s*$", before):
        return EventKind.DEADLINE  # "receives security fixes until July 16": upgrade before
    # a closure ("the office is closed on 24 December"), not a cut-off ("are closed at 23:59")
    text = re.sub(r"\b(?:be|is|are|being)\s+closed\b(?!\s+(?:at|by)\s+\d)", " ", text, flags=re.I)
    text = re.sub(r"\b(?:we|I)(?:'re|’re| are| am|'m)?\s+ending\b", " ", text, flags=re.I)
    text = re.sub(r"\b(?:week|month|year|quarter|period)\s+ending\b", " ", text, flags=re.I)
    text = _CLOSING_PART.sub(" ", text)  # "Closing keynote": a part of the programme
    if v.DEADLINE_STRONG.search(text):
        if re.search(r"(?i)\b(?:full[- ]price|regular (?:price|pricing|rate)s?)\b", text):
            return (
                EventKind.DEADLINE
            )  # "full-price ticket sales start on March 15": the early price ends
        if (
            v.OPENS.search(text)
            and not re.search(r"deadline|due|clos|\bends?\b|go(?:es)?\s+up", text, re.I)
            and not re.search(r"\b(?:until|till)\s*$", before, re.I)
        ):
            return EventKind.EVENT  # "CFP opens 5 May"; not "tickets available until 30 April"
        return EventKind.DEADLINE
    if v.BEFORE_WORD.search(before) and v.INSTRUCTION.search(text):
        return EventKind.DEADLINE  # "send us your questions by 8 March"
    moved = re.search(
        r"\b(?:extended|postponed|moved|pushed\s+back)\s+(?:to|until|till)\s*$", before
    )
    if moved and (v.DEADLINE_OBJECT.search(text) or re.search(r"(?i)deadline", text)):
        return EventKind.DEADLINE  # "the theme vote has been extended to March 18"
    if re.search(r"\b(?:welcome|accepted|taken|considered)\s+(?:until|till|by|before)\s*$", before):
        return EventKind.DEADLINE  # "Comments on the proposal are welcome until 30 April"
    if v.DEADLINE_OBJECT.search(text) and (
        v.BEFORE_WORD.search(before)
        or (re.search(r"\bby\b(?!\s+[a-z])", text, re.I) and not v.OPENS.search(text))
    ):
        return EventKind.DEADLINE
    return EventKind.EVENT


def is_condition(text: str, span: DateSpan) -> bool:
    """True for a date that only says who may take part ("members who joined before 1 May"),
    or that a past verb right before it makes news ("versions before 3.2.1 (released 2 May)")."""
    before = text[: span.start]
    return bool(v.CONDITION.search(before) or v.PAST_BEFORE.search(before[-40:]))


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def safe_url(href: str) -> bool:
    """True for a web link (absolute or relative), never `javascript:` or `data:`."""
    return bool(re.match(r"^(?:https?://|/|\.\.?/|[\w-]+(?:/|\.html?$))", href, re.I)) and not (
        href.lower().startswith(("javascript:", "data:", "vbscript:"))
    )


# --------------------------------------------------------------------------- segments


@dataclass(frozen=True)
class Segment:
    """A piece of a block's text between separators."""

    start: int
    end: int
    text: str


def segments_of(text: str, spans: list[DateSpan]) -> list[Segment]:
    """Cut `text` at listing separators, never inside a date expression or its time."""
    # perf: memo on the text and the spans' extents (all it reads of them); a fresh list each time
    return list(_segments_of(text, tuple((s.start, s.time_end or s.end) for s in spans)))


@lru_cache(maxsize=4096)
def _segments_of(text: str, extents: tuple[tuple[int, int], ...]) -> tuple[Segment, ...]:
    masked = list(text)
    for start, end in extents:
        for i in range(start, end):
            if masked[i] not in "\n":
                masked[i] = "#"
    # Parentheses are kept whole too: "Texas Linux Fest (3-4 October)"; so are quotations
    # ("Bun, Deno and Node: the 2026 runtime shoot-out").
    depth = 0
    for i, ch in enumerate(text if "(" in text else ""):  # perf: no "(", nothing to mask
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth and ch not in "\n":
            masked[i] = "#"
    for quoted in re.finditer(r"\"[^\"\n]{1,120}\"|“[^”\n]{1,120}”", text):
        for i in range(quoted.start() + 1, quoted.end() - 1):
            masked[i] = "#"
    flat = "".join(masked)
    if "\n" in flat and not line_structured(text):
        flat = flat.replace("\n", " ")  # wrapped prose: a line break is only a space
    out: list[Segment] = []
    position = 0
    for match in v.SEPARATOR.finditer(flat):
        if match.start() > position:
            out.append(Segment(position, match.start(), text[position : match.start()]))
        position = match.end()
    if position < len(text):
        out.append(Segment(position, len(text), text[position:]))
    return tuple(s for s in out if s.text.strip())


def cell_segments(cells: tuple[str, ...]) -> list[Segment]:
    """A table row's cells as its segments (a cell is one value: "JS Norte Porto #48: Testing
    with Vitest" is one title), at their offsets in the row's text ("a | b | c")."""
    out: list[Segment] = []
    position = 0
    for cell in cells:
        if cell.strip():
            out.append(Segment(position, position + len(cell), cell))
        position += len(cell) + 3
    return out


def line_structured(text: str) -> bool:
    """True when a block's lines are a listing ("When: …" / "Where: …"), not wrapped prose."""
    lines = [line for line in text.split("\n") if line.strip()]
    for line, after in itertools.pairwise(lines):
        if re.search(r"[a-z,]$", line.rstrip()) and re.match(r"\s*[a-z]", after):
            return False  # a sentence runs on across the break: wrapped prose
    short = sum(1 for line in lines if len(words(line)) <= 8 or v.KEY_LINE.match(line.strip()))
    return short * 2 > len(lines)


def clip_to_sentence(segment: Segment, position: int) -> Segment:
    """The sentence of `segment` holding `position`: a listing's date line ends where its
    sentence ends ("23–27 June, online. Pick an issue …" is "23–27 June, online.")."""
    local = position - segment.start
    for offset, piece in iter_sentences(segment.text):
        if offset <= local < offset + len(piece) + 1:
            start = segment.start + offset
            return Segment(start, start + len(piece), piece)
    return segment


def remainder(segment: Segment, spans: list[DateSpan], text: str) -> str:
    """A segment's text without its dates and times."""
    pieces: list[str] = []
    position = segment.start
    for span in spans:
        start = span.start if span.time_start is None else min(span.start, span.time_start)
        end = span.time_end or span.end
        if start >= segment.end or end <= segment.start:
            continue
        pieces.append(text[position : max(position, start)])
        position = max(position, end)
    pieces.append(text[position : segment.end])
    return " ".join("".join(pieces).split())


def without_dates(text: str, spans: list[DateSpan]) -> str:
    """`text` with its date expressions cut out ("Back Bay Rust Lunch, Jan 27" → "… Lunch")."""
    for span in sorted(spans, key=lambda x: x.start, reverse=True):
        text = text[: span.start] + text[span.time_end or span.end :]
    return text


# --------------------------------------------------------------------------- sentences


def sentence_at(text: str, position: int) -> tuple[int, str]:
    """The sentence of `text` holding `position`, with its offset."""
    for offset, piece in iter_sentences(text):
        if offset <= position < offset + len(piece) + 1:
            return offset, piece
    return 0, text


def strip_leading_date(sentence: str, spans: list[DateSpan], offset: int) -> str:
    """`On September 8-9, X will …` → `X will …`."""
    for span in spans:
        local = span.start - offset
        if 0 <= local <= 5 and re.match(r"^\s*(?:on|from|starting)?\s*$", sentence[:local], re.I):
            end = (span.time_end or span.end) - offset
            return re.sub(r"^[\s,]+", "", sentence[end:])
    return sentence


def happening_name(sentence: str) -> str:
    """The name after "we will be at …": "Config" in "Some of us will also be at Config in …"."""
    found = re.search(r"\bbe\s+(?:also\s+)?at\s+(?P<name>[A-Z0-9][\w.+-]*)", sentence)
    return found["name"] if found else ""


def in_parentheses(text: str, span: DateSpan) -> str | None:
    """The name before "(DATE)" when the date is parenthesised after a name."""
    before = text[: span.start]
    after = text[span.time_end or span.end :]
    opening = re.search(r"\(\s*(?:(?P<place>[^(),]{2,40}),\s*)?$", before)
    if not opening or not re.match(r"\s*(?:(?:,|@|/|\bat\b)[^()]{1,40})?\)", after):
        return None
    if (
        opening["place"]
        and not looks_like_place(opening["place"])
        and not re.fullmatch(rf"{v.WORD}(?:\s+{v.WORD}){{0,2}}", opening["place"].strip())
    ):
        return None  # "(Tallinn, 4–6 June)" names a place; "(see below, 4 June)" does not
    head = before[: opening.start()]
    name = re.split(r"\s*\|\s*|\s+[–—-]\s+|[.;:]\s+|\n", head)[-1]
    name = v.RELATION.sub("", name.strip()).strip()
    name = v.RELATION.sub("", name).strip()
    name = re.sub(r"^(?:the\s+)?[a-z]+\s+(?:for|of)\s+(?=[A-Z])", "", name, flags=re.I)
    name = re.sub(
        r"^(?:starting|beginning|kicking\s+off|ending)\s+with\s+(?:an?\s+|the\s+)?",
        "",
        name,
        flags=re.I,
    )
    # "tels que l'initiative Museomix (sam 19/11)", "such as PyCon (…)": the named thing
    name = re.split(
        r"(?i)\b(?:tel(?:le)?s?\s+que|comme|such\s+as|like|including|après\s+une?|after\s+an?)\s+",
        name,
    )[-1]
    name = re.sub(r"(?i)^(?:and|et|y|e|und|en)\s+", "", name)  # "…, et Liberapay (dim 20/11)"
    name = re.sub(r"(?i)^(?:l['’]initiative|l['’]association|the\s+initiative)\s+", "", name)
    return name if words(name) else None  # "The programme for Northwind Summit 2026" → name


def parenthesised_place(text: str, span: DateSpan) -> str | None:
    """The place of "Name (Tallinn, 4–6 June)", if the parenthesis opens with one."""
    opening = re.search(r"\(\s*(?P<place>[^(),]{2,40}),\s*$", text[: span.start])
    return clean_value(opening["place"]) if opening else None


def prose_place(sentence: str, *, happening: bool = False, skip: str = "") -> str | None:
    """Where an announcing sentence says it happens ("… will take place in Vilnius"); `skip`
    is the event's own name ("we will be at Config in San Francisco")."""
    match = v.PLACE_AFTER.search(sentence)
    if match and (not skip or match["place"] != skip):
        return clean_value(re.sub(r"^the\s+", "", match["place"]))
    if happening:
        for found in v.PLACE_AT.finditer(sentence):
            place = clean_value(found["place"])
            if place == skip:
                continue
            if not find_dates(place) and not re.match(r"(?i)the\b", place):
                return place
        venue = re.search(
            r"\b(?:in|at)\s+the\s+(?P<v>[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[A-ZÀ-Ý][\w.'’-]*|\s+(?:des|de|du|of|la|le))*"
            r"|(?:[\w-]+\s+){0,2}?(?:auditorium|hall|room|library|building|campus|centre|center|"
            r"office|theatre|theater|venue))\b",
            sentence,
        )
        if venue and not find_dates(venue["v"]):
            return clean_value(venue["v"])  # "at the Palais des Congrès, Montréal"
    match = v.PLACE_IN.search(sentence)
    if match and looks_like_place(match["place"]):
        return clean_value(match["place"])
    online = _ONLINE.search(sentence)
    if online:  # "The summit will be held online", "a short online briefing", "2-day online event"
        return (online["how"] or online["how2"]).lower().replace("virtually", "virtual")
    return None


#: An event said to happen online: "held online", "a 2-day online event", "virtual meetup".
_ONLINE = re.compile(
    r"\b(?:(?:held|take\s+place|takes\s+place|taking\s+place|run|runs|happen|happens)\s+"
    r"(?:entirely\s+|fully\s+|only\s+)?(?P<how>online|virtually)\b"
    r"|(?P<how2>online|virtual)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:event|meetup|meeting|workshop|summit|conference|briefing|session|call|hackathon|"
    r"sprint|webinar|social|party|gathering|edition)s?\b)",
    re.IGNORECASE,
)


def singular(word: str) -> str:
    """ "meetings" → "meeting", "classes" → "class", "parties" → "party"."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(?:ss|ch|sh|x)es$", word):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word
