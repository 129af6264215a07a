"""A site: one date expression in one block, what every detector looks at, and the `Draft` a
detector reads there; with the few helpers that listing and prose detectors share.

`Site.listing` reads the date's line as a listing (`extractor.detectors`), `Site.prose` its
sentence as prose (`extractor.prose`); each is read once, when a detector first asks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from extractor import vocabulary as v
from extractor.context import (
    PostContext,
    nearest_heading,
)
from extractor.dates import (
    WEEKDAYS,
    DateSpan,
    Resolved,
)
from extractor.model import EventKind
from extractor.text import (
    Segment,
    looks_like_name,
    names_event,
    needs_context,
    safe_url,
    sentence_at,
    strip_leading_date,
    words,
)
from extractor.walker import Block, iter_sentences

if TYPE_CHECKING:
    from extractor.detectors import Listing
    from extractor.prose import Prose


@dataclass
class Draft:
    """What a detector reads at a date: the item before its date is placed in the calendar."""

    kind: EventKind
    title: str
    location: str | None
    url: str | None
    text: str
    """The source line or sentence."""
    line: Block | None = None
    """The block whose line is the item's source, when not the date's own block (a child)."""
    resolved: Resolved | None = None
    """The item's own placement, when it differs from the date's (a child with its own time)."""


@dataclass
class Site:
    """One date expression in one block: what every detector looks at."""

    post: PostContext
    index: int
    """The block's position in `post.blocks`."""
    block: Block
    spans: list[DateSpan]
    """Every date expression of the block."""
    span: DateSpan
    """The date expression the detectors read."""
    segment: Segment
    """The segment of the block's text holding `span`."""
    segments: list[Segment]

    @cached_property
    def flat(self) -> str:
        """The block's text with line breaks as spaces (prose reads across them)."""
        return self.block.text.replace("\n", " ")

    @cached_property
    def sentence(self) -> tuple[int, str]:
        """The sentence holding the date, with its offset in the block's text; only the clause
        holding it when another clause has a date of its own ("nominations close Friday, June
        6, and voting runs June 10 through June 20")."""
        offset, sentence = sentence_at(self.flat, self.span.start)
        breaks = list(v.CLAUSE_BREAK.finditer(sentence))
        if not breaks:
            return offset, sentence
        bounds = [0, *(m.start() for m in breaks)]
        starts = [0, *(m.end() for m in breaks)]
        ends = [*(m.start() for m in breaks), len(sentence)]

        def clause(position: int) -> int:
            return max(i for i, start in enumerate(bounds) if start <= position)

        mine = clause(self.span.start - offset)
        others = {
            clause(x.start - offset)
            for x in self.spans
            if x is not self.span and offset <= x.start < offset + len(sentence)
        }
        if not others - {mine}:
            return offset, sentence
        return offset + starts[mine], sentence[starts[mine] : ends[mine]]

    @cached_property
    def own_link(self) -> str | None:
        """The link of the date's sentence, else the last link before it ("fill in [this
        form](…). The raffle closes on …"), else the block's first; never a link that another
        dated sentence holds ("… open until 19 Sept. Voting runs … on [Helios](…)")."""
        offset, sentence = self.sentence
        end = offset + len(sentence)
        dated = [
            (start, start + len(piece))
            for start, piece in iter_sentences(self.flat)
            if not start <= offset < start + len(piece) + 1
            and any(start <= s.start < start + len(piece) for s in self.spans)
        ]
        links = [
            x
            for x in self.block.links
            if safe_url(x.href) and not any(a <= x.start < b for a, b in dated)
        ]
        inside = [x for x in links if offset <= x.start < end]
        before = [x for x in links if x.end <= offset]
        found = inside[:1] or before[-1:] or links[:1]
        return found[0].href if found else None

    @cached_property
    def announces(self) -> bool:
        """True when the date's sentence reads "X will take place on DATE" (prose first)."""
        if self.block.kind == "row":
            return False  # "| September 14 | Election begins via email ballots |": cells, a title
        offset, sentence = self.sentence
        if v.HAPPENING.match(strip_leading_date(sentence, self.spans, offset)):
            return True
        if appoints(sentence[: self.span.start - offset]):
            return True  # "L'appuntamento è per il 18 Giugno": prose before any listing
        start, end = self.span.start - offset, (self.span.time_end or self.span.end) - offset
        return bool(  # "Am Donnerstag, 26. März, startet unser erster Hacking Day."
            v.GERMAN_DATE_FIRST.search(sentence, 0, max(start, 0))
            and v.GERMAN_VERB_SECOND.match(sentence, end)
        )

    @cached_property
    def listing(self) -> Listing | None:
        """The date's line read as a listing, or None when it is not one."""
        from extractor.detectors import read_listing

        return read_listing(self)

    @cached_property
    def prose(self) -> Prose | None:
        """The date's sentence read as prose, or None when it announces nothing."""
        from extractor.prose import read_prose

        return read_prose(self)


Detector = Callable[[Site], list[Draft]]


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def generic(title: str) -> bool:
    """True for a title that names a kind of thing, not a thing: "Voting", "Office hours",
    "Unconference", "Monthly meetup: Typing in anger", "Spring sprint weekend" (no name before
    a colon)."""
    head = title.split(": ")[0]
    if needs_context(head) or v.EVENT_NOUN.fullmatch(head):
        return True
    return len(words(head)) >= 2 and not looks_like_name(head)


def with_context(site: Site, title: str) -> str:
    """`<what it belongs to>: <title>` for a generic title: "Larch: Office hours"."""
    name = site.post.context_name(site.block, besides=title)[0]
    if name is None and needs_context(title.split(": ")[0]):
        heading = nearest_heading(site.block)
        if heading and (looks_like_name(heading) or names_event(heading)):
            name = heading  # not "Around the web"
    if not name or name.lower() in title.lower():
        return title
    if re.search(rf"(?i)\b{re.escape(title)}\b", name):
        return name  # "Workshop: April 27" in a post about the Workshop on Reproducible Builds
    return f"{name}: {title}"


def column_header(block: Block, segment: Segment) -> str | None:
    """The header of the table column a cell is in."""
    if block.kind != "row" or segment.text.strip() not in block.cells:
        return None
    position = block.cells.index(segment.text.strip())
    return block.columns[position] if position < len(block.columns) else None


#: A sentence that gives the one date a post's event meets on: "L'appuntamento è per Giovedi
#: 18 Giugno", "Le rendez-vous est fixé au", "Der Termin ist am", "nos vemos el", "See you on".
_APPOINTMENT = re.compile(
    r"(?i)(?:\b(?:l['’]\s*appuntamento|il\s+ritrovo|la\s+cita|le\s+rendez-vous|der\s+termin|"
    r"o\s+encontro|the\s+(?:next\s+)?(?:meetup|meeting|gathering)\s+date)\s+"
    r"(?:è|e|es|será|sera|est|ist|is|sarà|será)\s+(?:(?:fissato|previsto|fixé|prévu|"
    r"set|scheduled)\s+)?(?:per|para|pour|for|au|am|le|el|il|no\s+dia|on)?"
    r"|\b(?:ci\s+vediamo|nos\s+vemos|te\s+esperamos|los\s+esperamos|vi\s+aspettiamo|"
    r"on\s+se\s+retrouve|rendez-vous|wir\s+treffen\s+uns|see\s+you\s+(?:all\s+)?)"
    r"(?:\s+(?:il|el|le|am|on|no\s+dia|o\s+dia))?)"
    r"\s*(?:il\s+|el\s+|le\s+)?$"
)

_TRAILING_WEEKDAY = re.compile(
    rf"(?i)\b(?:{'|'.join(sorted(WEEKDAYS, key=len, reverse=True))}|giovedi|venerdi|lunedi|martedi|"
    r"mercoledi)\.?,?\s*$"
)


def appoints(before: str) -> bool:
    """True when the words before a date say it is the post's appointment: "L'appuntamento è
    per Giovedi", "nos vemos el", "See you on"."""
    return bool(_APPOINTMENT.search(_TRAILING_WEEKDAY.sub("", before)))
