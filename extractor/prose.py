"""The prose detectors: a date inside a longer sentence counts only when the sentence announces
something ("will take place on March 6 & 7", "The deadline is 13 June"), never for narrative past
("Yesterday … released"). `read_prose` reads the sentence once; each detector below reads one form
of it, and `extractor.detectors` holds them in its prose table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor import vocabulary as v
from extractor.context import (
    any_link,
    deadline_subject,
    deadline_title,
    lead_name,
    link_at,
    nearest_heading,
    series,
)
from extractor.dates import (
    DAYS_OF,
    NAME_YEAR,
    WEEKDAYS,
    find_dates,
)
from extractor.model import EventKind, Precision
from extractor.sites import Draft, Site, appoints, column_header, generic, with_context
from extractor.text import (
    clean_title,
    clean_value,
    happening_name,
    kind_of,
    looks_like_name,
    names_event,
    prose_place,
    safe_url,
    same_event,
    sentence_at,
    singular,
    strip_determiners,
    strip_leading_date,
    without_dates,
    words,
)
from extractor.walker import iter_sentences


@dataclass
class Prose:
    """A date's sentence read as prose: it announces something, and what kind of thing."""

    sentence: str
    offset: int
    """The sentence's offset in the block's text."""
    before: str
    """The sentence's text before the date."""
    kind: EventKind
    future: bool
    location: str | None
    happening: re.Match[str] | None
    """`X will take place …`: the subject of an announcing sentence."""


#: Events said to come in a month: "upcoming conferences in September 2017", "a July 2017
#: meeting" (after "upcoming"/"next"/"planned" in the same sentence).
_UPCOMING_IN_MONTH = re.compile(
    r"\b(?:upcoming|next|planned|future|coming)\b[^.;]{0,60}?\b"
    r"(?:conferences?|meetings?|meetups?|summits?|workshops?|events?|editions?)\s+in\s+$"
    r"|\b(?:upcoming|next|planned)\s+(?:[\w-]+\s+){0,3}?(?:conferences?|meetings?|meetups?|"
    r"summits?|workshops?|events?)\s+(?:\w+\s+){0,3}?in\s+$",
    re.IGNORECASE,
)

#: A month that a sentence looks ahead to: "This October, join …", "Next March we will …".
_MONTH_AHEAD = re.compile(r"(?:^|[.!?]\s+)(?:this|next|coming|later\s+this)\s+$", re.IGNORECASE)


def read_prose(site: Site) -> Prose | None:
    """The date's sentence, or None when it does not announce something coming."""
    span = site.span
    offset, sentence = site.sentence
    before = sentence[: span.start - offset]
    if (
        span.precision is Precision.MONTH
        and not span.relative
        and not _MONTH_AHEAD.search(before)
        and not _UPCOMING_IN_MONTH.search(before)
    ):
        return None  # "in March we shipped …"; but "This October, join …" announces
    said = sentence
    if span.form == "joined":  # "start on September 8 and end on November 3": a window's own
        said = sentence.replace(site.block.text[span.start : span.end], " ")  # words
    kind = kind_of(said, before)
    future = bool(v.FUTURE.search(sentence))
    if span.relative:
        if span.relative.startswith(("yesterday", "last")):
            return None
        # "tomorrow" looks ahead by itself, and "The committee holds office hours tomorrow at
        # 16:00" announces as "will" does; "later this month" needs a "will"
        ahead = re.match(r"tomorrow|tonight|this|next|coming|in\s", span.relative) or (
            span.relative.rstrip(".") in WEEKDAYS  # "on Saturday at 14:40", "RSVP by Friday"
        )
        present = re.search(r"\b(?:holds|hosts|runs|opens|starts|begins|is|are)\b", before, re.I)
        will = re.search(r"\bwill\b", sentence, re.I)
        if kind is not EventKind.DEADLINE and not (ahead or present or will):
            return None
    clause = (
        re.split(v.CLAUSE_BREAK, sentence[: len(before)])[-1]
        + re.split(v.CLAUSE_BREAK, sentence[len(before) :])[0]
    )
    if v.PAST.search(sentence) and not future:
        return None
    if v.PAST.search(clause) and not v.FUTURE.search(clause):
        return None  # "The v1.38.1 patch release followed on 2027-01-06; the schedule is on …"
    if re.search(r"\b(?:until|till|through)\s*$", before, re.I) and kind is not EventKind.DEADLINE:
        return None  # "SCaLE will continue until March 9": the end of something else
    after = site.flat[span.time_end or span.end :]
    happening = v.HAPPENING.match(strip_leading_date(sentence, site.spans, offset))
    location = prose_place(sentence, happening=site.announces, skip=happening_name(sentence))
    if location and (inside := find_dates(location)):  # "in Porto, Portugal, July 19 - 23"
        location = clean_value(location[: inside[0].start].rstrip(" ,;–-")) or None
    if location and re.search(
        rf"(?<![\d:])(?:\d{{1,2}}(?::\d\d)?\s*[ap]\.?m\.?|\d{{1,2}}:\d\d)\s+in\s+(?:the\s+)?"
        rf"{re.escape(location)}",
        sentence,
        re.I,
    ):
        location = None  # "8:00am Pacific, 5:00pm in Central Europe": whose clock, not where
    if v.SAME_PLACE.search(sentence) and (location is None or "same" in location.lower()):
        location = site.post.previous_where(site.index)  # not "same venue" itself
    location = location or site.post.sibling_place(site.index, site.block)
    online = re.search(
        r",\s*(?:fully\s+|entirely\s+|all\s+)?(online|remote|virtual|hybrid)\b", sentence
    )
    location = location or (online[1] if online else None)
    if location and happening and re.search(rf"\b{re.escape(location)}\b", happening["subject"]):
        location = None  # "Build in Public … returns": part of the name, not a place
    right_after = v.PLACE_AFTER_DATE.match(after)  # "on 14–15 May in Zürich": said as its place
    if right_after:
        location = clean_value(right_after["place"] or right_after["online"])
    ending = re.match(  # "… August 11, 6:30 - 8:30 PM, Robeson Pavilion Room B, Champaign …"
        r"\s*,\s*(?P<p>[A-Z][\w'’.-]*(?:,?\s+(?:[A-Z\d][\w'’.-]*|of|de|the))*)\s*[.!]?\s*$",
        sentence[(span.time_end or span.end) - offset :],
    )
    if location is None and ending and not find_dates(ending["p"]):
        location = clean_value(ending["p"])
    platform = v.PLATFORM.search(after) or v.PLATFORM.search(sentence)
    if location is None and platform:
        location = platform["platform"]  # "… at 1900 UTC on Jitsi", "Discord office hours"
    return Prose(sentence, offset, before, kind, future, location, happening)


def prose_deadline(site: Site) -> list[Draft]:
    """ "The call for proposals closes on 13 March", "fill out the survey by Friday"."""
    found = site.prose
    if found is None or found.kind is not EventKind.DEADLINE:
        return []
    subject = deadline_subject(site.block, found.sentence, found.offset, found.before)
    whole_offset, whole = sentence_at(site.flat, site.span.start)
    shared = re.match(
        r"^(?:the\s+|our\s+)?(?P<s>(?i:[a-z])[\w'’ -]{1,40}?)\s+(?:opens?|starts?|begins?)\b"
        r"[^.;]*?\s+and\s+(?:closes?|ends?)\b",
        whole,
    )
    if not subject and shared and shared.end() <= site.span.start - whole_offset:
        subject = shared["s"]  # "Registration opens March 1 and closes March 20"
    context = site.post.context_name(site.block)[0]
    title = deadline_title(site.block, subject, "", context, found.sentence)
    url = site.own_link or site.post.context_name(site.block)[1]
    return [Draft(found.kind, title, found.location, url, found.sentence)]


def support_end(site: Site) -> list[Draft]:
    """ "v11.0 is the LTS release. It receives security fixes until July 16": the version's end
    of support, a deadline to upgrade by."""
    offset, sentence = site.sentence
    before = sentence[: site.span.start - offset]
    if not v.SUPPORT_END.search(before) or not re.search(r"\b(?:until|till|on)\s*$", before):
        return []
    versions = re.findall(r"\bv?\d+\.(?:\d+(?:\.\d+)?\b|x\b)", site.flat[: site.span.start])
    if not versions:
        return []
    project = site.post.project()
    title = f"{project + ' ' if project else ''}{versions[-1]} end of support"
    return [Draft(EventKind.DEADLINE, title, None, site.own_link, sentence)]


#: A version or a branch as a table's first cell or a listing's title: "1.8.x", "v1.36.0-rc.0".
VERSION = r"v?\d+(?:\.(?:\d+|x))+(?:[-+][\w.]+)?"

#: A table column whose dates end something: "Security fixes until", "EOL", "Supported until".
_SUPPORT_COLUMN = re.compile(
    r"(?i)\buntil\b|\beol\b|end[- ]of[- ](?:life|support)|\bsupport(?:ed)?\s+ends?\b"
)


def support_table(site: Site) -> list[Draft]:
    """`| 1.8.x | maintained | 2026-09-30 |` in a column "Security fixes until" (or "EOL"): the
    end of the row's version's support, a deadline to upgrade by."""
    block = site.block
    header = column_header(block, site.segment)
    if header is None or not _SUPPORT_COLUMN.search(header):
        return []
    cell = site.segment.text
    if v.PAST.search(cell) or site.span.precision is not Precision.DAY:
        return []  # "ended 2025-10-31": news
    branch = rf"\s*{VERSION}(?:\s+[A-Z]{{2,4}})?\s*"  # "1.8.x", "v11.0 LTS"
    version = next((c.strip() for c in block.cells if re.fullmatch(branch, c)), None)
    if version is None:
        return []
    project = site.post.project()
    title = f"{project + ' ' if project else ''}{version} end of support"
    return [Draft(EventKind.DEADLINE, title, None, any_link(block), block.text)]


def prose_release(site: Site) -> list[Draft]:
    """ "0.20 is due on 2025-08-07", "v3.2 is scheduled for 4 May", "… with the v1.4.0 release on
    2 June": a planned release."""
    offset, sentence = site.sentence
    before = sentence[: site.span.start - offset]
    named = re.search(
        rf"\b(?:(?P<project>[A-Z][\w-]*)\s+)?(?P<version>{VERSION})\s+release\s+(?:is\s+)?(?:on|for)\s+$",
        before,
    )  # "… ends with the v1.36.0 release on April 22"
    if named and not named["version"].endswith(".x") and site.span.precision is Precision.DAY:
        project = named["project"] or site.post.project()
        title = f"{project + ' ' if project else ''}{named['version']} release"
        return [Draft(EventKind.EVENT, title, None, any_link(site.block), sentence)]
    found = v.RELEASE_DUE.search(sentence)
    if found is None or found.end() > site.span.start - offset:
        return []
    if site.span.precision is not Precision.DAY:
        return []  # "5.4 is expected in June": a month-only plan is no calendar item
    version = found["version"] or found["major"]
    before = sentence[: found.start("version" if found["version"] else "major")]
    name = re.search(r"([A-Z][\w-]+)\s*$", before)
    if name is None and found["major"]:
        return []  # "… 150 ships": a bare number is a version only after a product's name
    project = name.group(1) if name else site.post.project()
    title = f"{project} {version} release" if project else f"{version} release"
    return [Draft(EventKind.EVENT, title, None, any_link(site.block), sentence)]


#: Something that opens on a day: "Tickets go on sale on 1 Nov.", "Registration opens on 5 May".
_OPENS_ON = re.compile(
    r"^(?P<what>(?:[\w'’&+-]+\s+){0,4}?(?:tickets?|registration|sign-?ups?|the\s+cfp|cfp|"
    r"call\s+for\s+\w+|applications?|submissions?|voting|nominations?|sales?))\s+"
    r"(?P<verb>go(?:es)?\s+on\s+sale|opens?|will\s+open|(?:is|are)\s+(?:opening|open)|starts?|begins?)"
    r"\s+(?:on\s+)?$",
    re.IGNORECASE,
)


def prose_opens(site: Site) -> list[Draft]:
    """ "Tickets go on sale on 1 Nov. Early bird ends Nov 30.": what opens, in a sentence of a
    paragraph that says more."""
    found = site.prose
    if found is None or found.kind is EventKind.DEADLINE:
        return []
    said = _OPENS_ON.match(found.before.strip() + " ")
    if said is None:
        return []
    title = clean_title(f"{strip_determiners(said['what'])} {said['verb']}")
    context = site.post.context_name(site.block, title)[0]
    if context and generic(title):
        title = f"{context}: {title}"
    return [Draft(EventKind.EVENT, title, found.location, site.own_link, found.sentence)]


#: A person who will speak: "Bianca Luedeker will speak Tuesday March 28th about …".
_WILL_SPEAK = re.compile(
    r"^(?:(?:Dr|Prof|Professor)\.?\s+)?(?P<who>[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|van|von|da)){1,3})"
    r"\s+(?:will\s+(?:speak|talk|present|lecture|give\s+(?:a|the|our)\s+(?:talk|lecture|"
    r"keynote|presentation|seminar|colloquium))|is\s+(?:speaking|presenting|giving\s+a\s+talk))\b"
)
_TOPIC = re.compile(r"^[^.;]*?\b(?:about|on)\s+(?P<topic>[^.;,(]{3,80})")


def prose_talk(site: Site) -> list[Draft]:
    """ "Bianca Luedeker will speak Tuesday March 28th about Women in Mathematics": a talk,
    named for its speaker and topic."""
    found = site.prose
    if found is None or found.kind is EventKind.DEADLINE:
        return []
    said = _WILL_SPEAK.match(found.sentence)
    if said is None or said.end() > site.span.start - found.offset + 1:
        return []
    topic = _TOPIC.match(found.sentence[site.span.end - found.offset :])
    who = said["who"]
    title = f"{who} on {clean_title(topic['topic'])}" if topic else f"Talk by {who}"
    return [Draft(EventKind.EVENT, title, found.location, site.own_link, found.sentence)]


#: A sentence that opens with when its subject happens: "Taking place 12 - 14 November 2024,
#: this event will …", "Held on 3 May, the sprint …".
_OPENS_WITH_WHEN = re.compile(
    r"^(?:taking\s+place|held|happening|hosted|running)\s+(?:(?:at|in)\s+[^,.;]{2,80},\s*)?"
    r"(?:on\s+|from\s+|between\s+)?$",  # "Held at the Tacoma Convention Center, July 8-14"
    re.IGNORECASE,
)


#: "… the PromCon Europe 2023 conference happening in Berlin, Germany from": a name, then a
#: participle that places it, right before the date.
_NAME_HAPPENING = re.compile(
    r"(?P<name>(?:[A-Z0-9][\w.+'’-]*\s+){1,6}?(?:(?:conference|summit|meetup|workshop|"
    r"hackathon|festival|event|sprint|convention|symposium|forum)\s+)?)"
    r"(?:\([^()]{1,30}\)\s*)?,?\s*"  # "PyTorch Developer Day (#PTD2), taking place …"
    r"(?:happening|taking\s+place|held|scheduled|running)\s+"
    r"(?:(?P<online>virtually|online)\s+)?"
    r"(?:(?:in|at)\s+(?P<place>[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[A-ZÀ-Ý][\w.'’-]*){0,3})\s+)?"
    r"(?:on|from|between)\s+$"
)


#: A paragraph that opens with the name of what it presents: "RISC-V Summit Europe brings …".
_OPENING_NAME = re.compile(
    r"(?:the\s+)?(?P<name>(?-i:[A-Z])[\w.+-]*(?:\s+(?-i:[A-Z0-9])[\w.+-]*){0,4})\s+"
    r"(?:brings|is|will|returns|gathers|takes|offers|features|welcomes|invites)\b",
    re.IGNORECASE,
)

_HELD_AT = re.compile(r"(?i)^\w+(?:\s+place)?\s+(?:at|in)\s+(?:the\s+)?(?P<p>[^,.;]{2,80}),")


def taking_place(site: Site) -> list[Draft]:
    """ "The [X Summit](…) is the key event for … Taking place 12 - 14 November 2024, this event
    will …": a sentence that opens with its date is about the event the sentence before names
    (its link, else its subject); "… for the PromCon Europe 2023 conference happening in
    Berlin from September 28 to 29": the name right before the participle."""
    found = site.prose
    if found is None:
        return []
    named = _NAME_HAPPENING.search(found.before)
    if named is not None and not _OPENS_WITH_WHEN.match(found.before):
        title = clean_title(re.sub(r"\s+(?:conference|event)\s*$", "", named["name"].strip()))
        if not words(title) or not looks_like_name(title):
            return []
        location = clean_value(named["place"]) if named["place"] else found.location
        if named["online"] and not named["place"]:
            location = "online" if named["online"] == "online" else "virtual"
        return [Draft(EventKind.EVENT, title, location, site.own_link, found.sentence)]
    if not _OPENS_WITH_WHEN.match(found.before):
        return []
    block = site.block
    earlier = [(o, p) for o, p in iter_sentences(site.flat) if o < found.offset]
    if not earlier:  # the block opens with it: the link after the date, else the section's name
        end = found.offset + len(found.sentence)
        after = next(
            (x for x in block.links if site.span.end <= x.start < end and len(words(x.text)) >= 2),
            None,
        )
        above = site.post.blocks[site.index - 1] if site.index else None
        opening = _OPENING_NAME.match(above.text) if above and above.kind == "paragraph" else None
        url: str | None = None
        if after:
            name, url = after.text, after.href
        elif opening:  # "RISC-V Summit Europe brings together …" / "Taking place from June 24-28"
            name = opening["name"]
        else:
            heading_name, url = series(block)
            name = heading_name or ""
        if not name:
            return []
        held = _HELD_AT.match(found.before)
        location = clean_value(held["p"]) if held else found.location
        url = url if url and safe_url(url) else site.own_link
        return [Draft(EventKind.EVENT, clean_title(name), location, url, found.sentence)]
    offset, previous = earlier[-1]
    link = next(
        (x for x in block.links if offset <= x.start < found.offset and len(words(x.text)) >= 2),
        None,
    )
    said = v.HAPPENING.match(previous)
    if link is not None and link.start - offset <= 10:  # the sentence opens with the link
        name, url = clean_title(link.text), link.href if safe_url(link.href) else None
    elif said is not None:
        name, url = clean_title(strip_determiners(said["subject"])), None
    else:
        named_by, url = series(block)  # "### SciPy" / "… Held at the Tacoma Convention Center, …"
        name = clean_title(named_by or "")
    if not name or v.PRONOUN.match(name):
        return []
    rest = found.sentence[site.span.end - found.offset :]
    held = _HELD_AT.match(found.before)
    location = (
        clean_value(held["p"]) if held else found.location or prose_place(rest, happening=True)
    )
    return [Draft(EventKind.EVENT, name, location, url or site.own_link, found.sentence)]


def prose_followed_by(site: Site) -> list[Draft]:
    """ "The summit takes place on 8–10 September, followed by a sprint day on Friday 11
    September": a second happening tied to the first, with a date of its own."""
    offset, sentence = site.sentence
    start = max(
        [x.time_end or x.end for x in site.spans if offset <= x.start < site.span.start] or [offset]
    )
    before = site.flat[start : site.span.start]
    tied = re.fullmatch(
        r"(?P<lead>[^.;]*?)\b(?:followed|preceded)\s+by\s+(?:a|an|the|our|its|their)\s+"
        r"(?P<np>[\w'’&+-]+(?:\s+[\w'’&+-]+){0,5}?)\s+(?:on|from)?\s*",
        before,
    )
    if tied is None or v.PAST.search(tied["lead"]):
        return []
    title = clean_title(tied["np"])
    first = v.HAPPENING.match(strip_leading_date(sentence, site.spans, offset))
    owner = clean_title(strip_determiners(bare_subject(first["subject"]))) if first else ""
    if owner and not v.PRONOUN.match(owner) and owner.lower() not in title.lower():
        title = f"{owner}: {title}"  # the happening it follows names it
    elif generic(title) or not looks_like_name(title):
        title = with_context(site, title)
    location = prose_place(sentence[site.span.start - offset :])
    return [Draft(EventKind.EVENT, title, location, any_link(site.block), sentence)]


#: An event a sentence names with its article: "the UserR conferences", "our reading group".
_NAMED_BEFORE = re.compile(
    rf"\b(?:the|our|these|its|their)\s+(?P<np>(?:[\w-]+\s+){{0,3}}?{v.EVENT_NOUN.pattern})",
    re.IGNORECASE,
)


_IS_AN_EVENT = re.compile(
    rf"\s*(?P<np>(?-i:[A-Z])[^,.;:]{{1,60}}?)\s+(?:is|will\s+be)\s+(?:a|an|the|our)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?{v.EVENT_NOUN.pattern}\b",
    re.IGNORECASE,
)


def prose_german(site: Site) -> list[Draft]:
    """ "Am Donnerstag, 26. März, startet unser erster Hacking Day.": a German (or Dutch: "Tussen
    19-26 Augustus vindt de hackercamping Bornhack plaats") sentence that opens with its date,
    then the verb, then what happens."""
    found = site.prose
    if found is None or not v.GERMAN_DATE_FIRST.search(found.before):
        return []
    end = (site.span.time_end or site.span.end) - found.offset
    said = v.GERMAN_VERB_SECOND.match(found.sentence, end)
    if said is None:
        return []
    what = re.split(r",\s+(?:kurz|d\.\s?h\.|also)\b", said["what"])[0]  # ", kurz: tdot#02"
    what = re.sub(r"(?i)^(?:erste|zweite|dritte|vierte|fünfte|nächste)[nmrs]?\s+", "", what)
    title = clean_title(strip_determiners(what))
    if not title or len(words(title)) > 8:
        return []
    location = clean_value(said["where"]) if said["where"] else found.location
    url = site.own_link or any_link(site.block)
    return [Draft(kind_of(said["what"], ""), title, location, url, found.sentence)]


#: Happening verbs of Spanish, French, Italian and Portuguese, whose subject may follow them.
_ROMANCE_VERB = re.compile(
    r"(?i)se\s+celebrar|tendr[áa]n?\s+lugar|aura\s+lieu|auront\s+lieu|se\s+tiendr|"
    r"si\s+terr|si\s+svolger|avr[àa]\s+luogo|acontecer|ter[áa]\s+lugar"
)
#: The subject after such a verb: "el [encuentro mensual de Ruby] en Capital Federal".
_AFTER_ROMANCE_VERB = re.compile(
    r"\s+(?:(?:el|la|los|las|le|les|il|lo|o|a|un|una|une|uno)\s+|l['’])\[?"
    r"(?P<np>[^\W\d_][\w'’-]*(?:\s+[\w'’-]+){0,7}?)\]?(?=\s+(?:en|à|a|in|em|no|na|el|le)\b|[.,;:!(\[]|$)",
    re.IGNORECASE,
)


def prose_happening(site: Site) -> list[Draft]:
    """ "The next PyCon Lithuania will take place on 22-24 April": the subject names it."""
    found = site.prose
    if found is None or found.kind is EventKind.DEADLINE or found.happening is None:
        return []
    block, location, happening = site.block, found.location, found.happening
    if re.search(r"\bthere$", happening["subject"].strip(), re.I):
        return []  # "In the US, there will be two talks: …": what there is comes after
    german = re.search(
        r"\bfinde[nt]\s+(?P<what>(?:die|der|das|unser\w*|eine?[nrs]?)\s+[^;]{3,120}?)"
        r"(?:\s+(?P<where>(?:in|im|am|an)\s+[^;]{3,80}?))?\s+statt\b",
        found.sentence,
    )
    if german is not None:  # "Am 14. 1. 2014 um 20:00 Uhr findet die Mitgliederversammlung … statt"
        title = clean_title(strip_determiners(german["what"]))
        return [Draft(found.kind, title, found.location, site.own_link, found.sentence)]
    verb = happening.group(0)[len(happening["subject"]) :]  # " will take place", " happening"
    after = happening.string[happening.end() :]  # what the sentence says after its verb
    placed = re.match(  # "… se celebrará en la URJC, los días 5 y 6 de junio"
        r"\s*,?\s*(?:en|à|au|in|a|na|no)\s+(?:la\s+|el\s+|le\s+|l['’]|the\s+)?"
        r"(?P<p>(?-i:[A-Z])[\w.'’-]*(?:\s+(?:de\s+|del\s+)?(?-i:[A-Z])[\w.'’-]*){0,3})",
        after,
    )
    if location is None and placed and not find_dates(placed["p"]):
        location = clean_value(placed["p"])
    subject = v.ANNOUNCE.sub("", happening["subject"])
    after_verb = _AFTER_ROMANCE_VERB.match(after)
    if (
        after_verb
        and _ROMANCE_VERB.search(verb)
        and re.search(r"(?<![\d.])\d{1,2}(?![\d.])", subject)
    ):  # a day or an hour opened the sentence ("jueves 29 a las 19:30"): the subject follows
        subject = after_verb["np"]  # "… se celebrará el encuentro mensual de Ruby en …"
    if re.match(r"\s*(?:to\s+be\s+held|happening)", verb):
        quoted = re.search(
            r"[\"“](?P<q>[^\"”]{3,100})[\"”]\W*$", subject
        )  # "…, ["Title"](…), happening"
        trailing = v.TRAILING_NAME.search(subject.rstrip(" ,"))  # "… at X, to be held on"
        subject = quoted["q"] if quoted else trailing.group(0) if trailing else ""
    if re.match(r"(?i)(?:.{0,60}:\s+)?(?:if|when|while|because|once|unless)\b", subject):
        return []  # "So: if you'd like to start hacking, please join us …": a clause
    subject = v.LEAD_IN.sub("", subject) or subject  # "Big news: NodeConf Nordic returns …"
    subject = bare_subject(subject)
    # "The event is co-organized by X and Y and will be held on …": the subject ends at its verb
    subject = re.split(r"\s+(?:is|are|was|were|has\s+been|have\s+been)\s+", subject)[0]
    title = clean_title(strip_determiners(subject))
    at = re.search(
        r"\bbe\s+(?:also\s+)?at\s+(?:the\s+)?"
        r"(?P<name>[A-Z0-9][\w.+-]*(?:\s+(?:[A-Z0-9][\w.+-]*|\+|&))*)",
        found.sentence,
    )
    if v.PRONOUN.match(title):
        title = at["name"] if at else ""
        if not title and title.lower() in ("", "it", "this"):
            # "Please join us for our next lunchtime seminar. It will take place on …"
            earlier = [p for o, p in iter_sentences(site.flat) if o < found.offset]
            said = _IS_AN_EVENT.match(earlier[-1]) if earlier else None
            nouns = list(_NAMED_BEFORE.finditer(earlier[-1])) if earlier else []
            if said:  # "ConanDays is a technical event, …. It will take place in Madrid on …"
                title = clean_title(strip_determiners(said["np"]))
            elif nouns:
                title = clean_title(strip_determiners(nouns[-1]["np"]))
            else:  # nothing named before it: the event the post is about
                title = site.post.context_name(block)[0] or ""
    elif at and not names_event(title):  # "Our scientist Mark Padgham will be at the RSECon, …"
        url = link_at(block, *at.span("name")) or site.own_link
        named_at = clean_title(at["name"])
        place = re.search(
            r"\bin\s+(?P<p>[A-Z][\w.'’-]+(?:,?\s+[A-Z][\w.'’-]+){0,2})", found.sentence[at.end() :]
        )
        if location is None or location == named_at:
            location = place["p"] if place else None  # "… the RSECon, … in Newcastle, UK from …"
        return [Draft(found.kind, named_at, location, url, found.sentence)]
    if re.search(r"\b(?:virtual|online)\b", title, re.I) and location is None:
        location = "Online" if re.search(r"\bonline\b", title, re.I) else "Virtual"
    name, name_url = series(block)
    name = name or lead_name(block)
    if v.ONE.match(title):
        # "Matrix office hours are back! The first one is on …": the sentence before names it
        earlier = [p for o, p in iter_sentences(site.flat) if o < found.offset]
        said = v.HAPPENING.match(earlier[-1]) if earlier else None
        named = clean_title(strip_determiners(said["subject"])) if said else ""
        if named and (v.EVENT_NOUN.search(named) or len(words(named)) <= 3):
            name = named  # "Our Stammtisch is on the first Wednesday …"
        lead = re.search(  # "our monthly meetups continue: the next one is on …"
            rf"\b(?:our|the|these|its|their)\s+(?P<np>(?:[\w-]+\s+){{0,3}}?{v.EVENT_NOUN.pattern}"
            r"|(?:[\w-]+\s+){0,2}[\w-]+(?=\s+(?:continue|resume|return|are\s+back)\b))"
            r"[^.:;]*:\s*(?:the\s+)?(?:(?:next|first)\s+)?\w+\s*$",
            site.flat[: site.flat.find(happening["subject"]) + len(happening["subject"])],
            re.IGNORECASE,
        )
        if lead:  # said in the sentence itself, it wins over the heading
            *head, last = lead["np"].split()
            name = clean_title(" ".join([*head, singular(last)]))
        if not name and earlier:  # "… are the UserR conferences. The next one is in …"
            nouns = list(_NAMED_BEFORE.finditer(earlier[-1]))
            if nouns:
                *head, last = nouns[-1]["np"].split()
                name = clean_title(" ".join([*head, singular(last)]))
        heading = nearest_heading(block)
        if heading and (names_event(heading) or looks_like_name(heading)):
            name = name or heading  # "## Study hall" / "The first one is on …"
        if not name:
            return []  # "The next two are on …" with nothing named before: no title to give
        if location is None and earlier:  # "… at Café Frieda. The next two are on …"
            location = prose_place(earlier[-1], happening=True)
    title = re.sub(r"\s+(?:itself|themselves)$", "", title)  # "The workshop itself takes place"
    bare = bool(title) and all(v.EVENT_NOUN.fullmatch(w) for w in words(title))
    if bare and not name:
        name = site.post.context_name(block)[0]  # "The conference takes place …": whose?
    pronoun = title.lower() in ("it", "this", "the event", "we")
    if name and (not title or bare or pronoun or v.ONE.match(title)):  # "the next two are on"
        title = name
    elif name and title and generic(title) and name.lower() not in title.lower():
        # "Our big one-day conference is back on Sep 27" under "## NorteConf 2025"; "Voting
        # then runs …" in "**Board elections:** …": a step of the named event
        title = name if v.EVENT_NOUN.search(title) or v.ONE.match(title) else f"{name}: {title}"
    elif title and generic(title):
        title = with_context(site, title)
    whole = clean_title(site.post.post.title)
    if (
        len(words(title)) == 1
        and re.search(rf"(?i)\w{re.escape(title)}\b", whole)
        and len(words(whole)) <= 12
    ):
        title = whole  # "Die Vorlesung findet … statt" in "Ringvorlesung Klima: …": a compound
    position = site.flat.find(happening["subject"])
    url = link_at(block, position, position + len(happening["subject"])) if position >= 0 else None
    if url is None and name and same_event(name, title):
        url = name_url
    url = url or site.own_link or any_link(block)
    if not title:
        return []
    on = re.match(
        rf"{v.PLATFORM.pattern}\s+(?:office hours|calls?|chats?|streams?|hangouts?)", title
    )
    if location is None and on:
        location = on["platform"]  # "Matrix office hours are back!": named in the title
    if re.search(r"\b(?:before|after)$", verb):  # "The Contributor Summit is the day before"
        earlier = [p for o, p in iter_sentences(site.flat) if o < found.offset]
        main = re.search(
            r"\bat\s+(?:the\s+)?(?P<name>[A-Z][\w.+-]*(?:\s+[A-Z0-9][\w.+-]*)*)"
            r"(?:\s+in\s+[A-Z][\w-]*)?\s*[(,]",  # "at KestrelCon (…)", "at X in Leeds, 14 May"
            earlier[-1] if earlier else "",
        ) or (v.HAPPENING.match(earlier[-1]) if earlier else None)
        owner = (
            clean_title(strip_determiners(main.groupdict().get("name") or main.group(1)))
            if main
            else ""
        )
        if owner and owner.lower() not in title.lower() and not v.PRONOUN.match(owner):
            own = title.split(": ", 1)[-1]  # the dated event names it, not the post's subject
            title = f"{owner} {own}"  # … of the event the sentence before dates
    if location and location.lower() == title.lower():
        location = None  # "We will be at the Apache Roadshow": the event, not its place
    own_place = re.match(  # "… (13-14 May, Chicago)"
        r"\s*(?:,|/)\s*(?P<p>(?-i:[A-Z])[^()]{1,40})\)",
        site.flat[site.span.time_end or site.span.end :],
    )
    if location is None and own_place and not find_dates(own_place["p"]):
        location = clean_value(own_place["p"])
    if happening.groupdict().get("to"):  # "v12.x remains slated to enter Maintenance on"
        title = f"{title} {happening['to'].strip()}"
    if re.match(r"\s+meets\b", verb) and not v.EVENT_NOUN.search(title):
        title = f"{title} meeting"  # "The PMC meets next on …": the PMC meeting
    if re.match(r"\s*closed\b", found.sentence[happening.end() :]):
        title = f"{title} closed"  # "The library will be closed on 25 May": a closure
    return [Draft(found.kind, title, location, url, found.sentence)]


#: "the 2020 edition of PyCon", "la edición de 2020 del congreso esLibre", "l'édition 2026 de
#: Capitole du Libre": an edition of a named series, written as its name and year.
_EDITION = re.compile(
    r"(?i)\b(?:(?P<y1>(?:19|20)\d\d)\s+edition\s+of|edici[oó]n\s+(?:de\s+)?(?P<y2>(?:19|20)\d\d)\s+"
    r"del?|[ée]dition\s+(?:de\s+)?(?P<y3>(?:19|20)\d\d)\s+d(?:e|u|es)|edizione\s+(?:del\s+)?"
    r"(?P<y4>(?:19|20)\d\d)\s+d(?:i|el|ella))\s+(?:the\s+|la\s+|el\s+|le\s+|l['’])?"
    r"(?:(?:congreso|conferencia|encuentro|jornadas|congr[eè]s|conf[eé]rence|rencontres|"
    r"conferenza|convegno|conference|festival|summit|meetup)\s+)?"
    r"(?P<name>(?-i:[A-Z]|[a-z]+[A-Z])[\w.+-]*(?:\s+(?-i:[A-Z])[\w.+-]*){0,3})"
)


def bare_subject(subject: str) -> str:
    """The subject's name (after `LEAD_IN`): without a date, an apposition (", the live show
    about …") or an adverb ("then")."""
    named = re.compile(rf"\s+(?:[\w-]+\s+)?{v.EVENT_NOUN.pattern}", re.I)
    spans = [  # "the October meeting": the month is part of its name
        x
        for x in find_dates(subject)
        if not (x.form == "month" and x.y1 is None and named.match(subject, x.end))
    ]
    subject = without_dates(subject, spans)
    subject = re.sub(r"\s+(?:on|from|this|next)\s*$", "", subject.strip(" ,"))
    subject = re.split(r",\s+(?:and|but|while|so)\s+", subject)[-1]  # "…, and the call is on …"
    which = re.search(
        r"(?P<np>[A-Z][\w.+'’-]*(?:\s+(?:[A-Z0-9][\w.+'’-]*|on|in|of|for|and|the|de|to|with))*)"
        r",\s+(?:which|that|who)$",
        subject,
    )
    if which:  # "…, the Tokio project is hosting the inaugural TokioConf, which will take place"
        return which["np"].strip()
    subject = re.split(r",\s+(?:the|a|an|our|its|their)\s", subject)[0]
    # "The meetup, organised by X and Y, will …", "Les rencontres, organisées par …, auront lieu"
    subject = re.split(
        r",\s+(?:(?:co-?)?organi[sz]ed|hosted|run|sponsored|supported|organisée?s?|"
        r"co-?organisée?s?|soutenue?s?|which|who|qui|que|che|któr[aey]|którzy)\b",
        subject,
        flags=re.I,
    )[0]
    subject = re.split(r"\s+[-–—]\s+(?=[a-z])", subject)[-1]  # "Geekcamp 2011 - this year's …"
    edition = _EDITION.search(subject)
    if edition:  # "La edición de 2020 del congreso esLibre" → "esLibre 2020"
        year = next(y for y in edition.group("y1", "y2", "y3", "y4") if y)
        return f"{edition['name']} {year}"
    subject = re.sub(r"^then\s+", "", subject, flags=re.I)
    return re.sub(r"\s+(?:then|also|now|again|too|finally|once more)$", "", subject, flags=re.I)


def days_of(site: Site) -> list[Draft]:
    """ "two days of tutorials on March 13, followed by three days of talks starting March 15":
    each stay is a part of the event the post is about, named by what fills its days."""
    span, text = site.span, site.flat
    said = DAYS_OF.search(text, max(0, span.start - 90), span.start)
    if said is None or span.d2 is None:
        return []
    what = " ".join(said["what"].split())
    if not words(what) or len(words(what)) > 5:
        return []
    named = list(NAME_YEAR.finditer(site.block.text, 0, span.start))
    name = named[-1][0] if named else site.post.context_name(site.block, besides=what)[0]
    title = f"{name} {what}" if name else what.capitalize()
    return [Draft(EventKind.EVENT, title, None, site.own_link, site.sentence[1])]


def date_is(site: Site) -> list[Draft]:
    """ "Saturday, August 27th is the official [August mini-conference](…)", "Sunday 22 will be
    dedicated to sprints": a sentence that opens with its date says what the day is."""
    span = site.span
    offset, sentence = site.sentence
    before = sentence[: span.start - offset]
    opens = not before.strip(" -*•·") or re.search(r"[.!?]\s+[-*•]\s*$", before)
    if not opens or span.precision is not Precision.DAY:  # "… you want! - Saturday, 27th is"
        return []
    after = sentence[(span.time_end or span.end) - offset :]
    said = v.COPULA.match(after)
    if said is None or not said.group().strip() or v.PAST.search(sentence):
        return []
    start = (span.time_end or span.end) + said.end()
    link = next((x for x in site.block.links if x.start == start and x.text), None)
    if link is not None:
        name = link.text
    else:
        name = re.split(r"[.:;!?(—–]|,\s", after[said.end() :])[0]
        if len(words(name)) > 8 or not re.match(r"[A-Z0-9]", name):
            return []  # "Saturday is going to be busy": no name
    title = clean_title(name)
    if not words(title) or v.DEADLINE_STRONG.search(title):
        return []
    url = link.href if link is not None else site.own_link
    return [Draft(EventKind.EVENT, title, None, url, sentence)]


def appointment(site: Site) -> list[Draft]:
    """ "L'appuntamento è per Giovedi 18 Giugno alle ore 18:20", "nos vemos el miércoles 2",
    "See you on March 5!": the date the post's event meets on, named by the post."""
    offset, sentence = site.sentence
    before = sentence[: site.span.start - offset]
    if not appoints(before) or site.span.precision is not Precision.DAY:
        return []
    whole = clean_title(site.post.post.title)
    name = site.post.context_name(site.block)[0] or whole
    if name == site.post.subject and whole.startswith(name) and len(words(whole)) <= 12:
        name = whole  # "Meetup Giugno: Gestire i deploy con Ansible", the post's own event
    if not name:
        return []
    return [Draft(EventKind.EVENT, name, None, site.own_link or any_link(site.block), sentence)]


#: "nuestro próximo meetup "Noders: Infinity var" el", "our next meetup “Rust & Tell” on": the
#: next event of a series, named in quotes right before its date.
_NEXT_NAMED = re.compile(
    r"(?i)\b(?:our|nuestr[oa]|(?:il|la)\s+nostr[oa]|notre|unser(?:e|en|er)?|o\s+nosso|a\s+nossa|"
    r"the|el|la|le|il|das|der|die)\s+(?:next|upcoming|próxim[oa]|prossim[oa]|prochaine?|"
    r"nächste[nrs]?)\s+(?P<noun>[\w-]+)\s*[\"“«„]\s*(?P<name>[^\"”»“]{2,80}?)\s*[\"”»“]\s*,?\s*"
    r"(?:(?:el|il|le|am|on|no\s+dia|em|this|next)\s+)?$"
)


#: After a date: "… come prossimo meetup del RomaJS", "… as our next meetup".
_AS_NEXT = re.compile(
    r"(?i)\s*,?\s*(?:come|como|comme|als|as)\s+(?:il\s+|el\s+|le\s+|our\s+|the\s+|unser\w*\s+|"
    r"nuestro\s+|notre\s+|o\s+nosso\s+|o\s+)?(?:next|prossimo|próximo|proximo|prochain|"
    r"nächste[sn]?)\s+(?P<noun>[\w-]+)(?:\s+(?:del|de|di|do|du|des|of|von|der)\s+"
    r"(?:la\s+|el\s+|the\s+)?(?P<owner>(?-i:[A-Z])[\w.#+-]*(?:\s+(?-i:[A-Z])[\w.#+-]*){0,3}))?"
)


def prose_next_named(site: Site) -> list[Draft]:
    """ "Se acerca nuestro próximo meetup "[Noders: Infinity var](…)" el Jueves 10 de Mayo",
    "… Mercoledì 15 Aprile come prossimo meetup del RomaJS": the next event of a series."""
    found = site.prose
    if found is None or found.kind is EventKind.DEADLINE:
        return []
    after = site.flat[site.span.time_end or site.span.end :]
    as_next = _AS_NEXT.match(after)
    if as_next and v.EVENT_NOUN.search(as_next["noun"]):  # "… Mercoledì 15 Aprile come
        noun, owner = as_next["noun"], as_next["owner"]  # prossimo meetup del RomaJS"
        title = f"{clean_title(owner)} {noun}" if owner else with_context(site, noun.capitalize())
        return [Draft(EventKind.EVENT, title, found.location, site.own_link, found.sentence)]
    named = _NEXT_NAMED.search(found.before)
    if named is None or not v.EVENT_NOUN.search(named["noun"]):
        return []
    title = clean_title(named["name"])
    if not words(title):
        return []
    position = site.flat.find(named["name"], found.offset)
    url = link_at(site.block, position, position + len(named["name"])) if position >= 0 else None
    return [Draft(EventKind.EVENT, title, found.location, url or site.own_link, found.sentence)]


def moved_to(site: Site) -> list[Draft]:
    """ "we've moved ChapelCon '25 from the summer to the fall between Tuesday, October 7th and
    …", "the sprint is postponed to 3 May": an event given its new date."""
    offset, sentence = site.sentence
    moved = v.MOVED_TO.search(sentence[: site.span.start - offset])
    if moved is None:
        return []
    title = clean_title(strip_determiners(moved["np"] or moved["np2"]))
    if not words(title) or len(words(title)) > 6:
        return []
    return [Draft(EventKind.EVENT, title, None, site.own_link, sentence)]


#: People one joins, not a thing that happens: "your peers", "fellow developers", "us".
_PEOPLE = re.compile(
    r"(?i)(?:your\s+|our\s+|fellow\s+|other\s+)?(?:peers|friends|colleagues|community|us|others|"
    r"people|members|developers|users|fellow\s+\w+)(?:\s+in\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*))?$"
)


def prose_object(site: Site) -> list[Draft]:
    """ "We are hosting a docs sprint on 3 May", "join us for the social on Friday"."""
    found = site.prose
    if found is None or found.kind is EventKind.DEADLINE or found.happening is not None:
        return []
    obj = v.OBJECT_BEFORE.search(found.before)
    after = found.sentence[site.span.start - found.offset :]
    after = after[(site.span.time_end or site.span.end) - site.span.start :]
    if obj is None:
        obj = v.OBJECT_AFTER.match(re.sub(r"^\s*\([^)]*\)", "", after))
        joined = re.search(r"(?i)\bjoin\s+us\s+(?:on\s+|this\s+|next\s+)?$", found.before)
        if obj is not None and obj["join"] is not None and not joined:
            obj = None  # "… for the" after a date names the thing only after "join us"
    np = (
        (
            obj.groupdict().get("np")
            or obj.groupdict().get("np2")
            or obj.groupdict().get("np3")
            or ""
        )
        if obj
        else ""
    )
    if obj is None and re.fullmatch(r"(?i)\s*(?:and|also|then)\s+on\s*", found.before):
        # "And on November 16 the #ling:hack 'Hacking Linguistic Diversity' - In Berlin …"
        bare = re.match(
            r"\s*,?\s*(?:the|a|an|our)\s+(?P<np>[^.;!]{3,80}?)(?=\s+[-–—]\s|[.;!]|$)", after
        )
        np = bare["np"] if bare else ""
    np = re.split(r"\s+[-–—]\s+", np)[0]  # "the 'Cozy Map evening' - a meeting for …"
    if not np:
        return []
    title = clean_title(strip_determiners(np))
    people = _PEOPLE.match(np)  # "… and join your peers in the Netherlands this July 11th"
    if people:  # whom one joins, not what: the section's event
        title = site.post.context_name(site.block)[0] or ""
        if not title:
            return []
    subject = found.sentence[: found.sentence.find(np)]
    # "Our friends at Manchester Python are running a …", "Our friends in Nantes are …"
    who = re.search(rf"\bat\s+(?P<org>{v.WORD}(?:\s+{v.WORD}){{0,3}})\s+(?:are|is|will)\b", subject)
    where = re.search(
        rf"\bin\s+(?P<place>{v.WORD}(?:\s+{v.WORD}){{0,3}})\s+(?:are|is|will)\b", subject
    )
    if re.search(r"\bhaving\s+(?:a|an|the|our)?\s*" + re.escape(np), found.before) and not (
        v.EVENT_NOUN.search(np)
    ):
        return []  # "we are having trouble on Monday": no event
    host = re.match(
        r"(?:the|our)\s+(?P<who>[A-Z][\w.-]*(?:\s+[\w.-]+){0,3}?)\s+(?:holds|hosts|runs|organi[sz]es)\b",
        found.before,
        re.IGNORECASE,
    ) or re.search(  # "A few days later, TNG Technology Consulting is generously hosting a …"
        r"(?:^|,\s*)(?:(?i:the|our)\s+)?(?!(?i:the|our|we|they|it|this|he|she)\b)"
        r"(?P<who>[A-Z][\w.-]*(?:\s+[\w.-]+){0,4}?)\s+(?:is|are)\s+"
        r"(?:[a-z]+ly\s+)?(?:having|hosting|holding|running|organi[sz]ing|throwing)\b",
        found.before,
    )
    if people:
        pass
    elif who and who["org"].lower() not in title.lower():
        title = f"{who['org']} {strip_determiners(np)}"
    elif host and host["who"][:1].isupper() and generic(title):
        title = f"{host['who']} {title[:1].lower()}{title[1:]}"  # "Circle committee office hours"
    elif generic(title):
        title = with_context(site, title)
    location = found.location
    if where and location is None:
        location = clean_value(where["place"])
    if people and people["place"] and location is None:
        location = clean_value(people["place"])
    held = obj.groupdict().get("held") if obj else None
    if location is None and held and re.match(r"(?-i:[A-Z])", held) and not find_dates(held):
        location = clean_value(held)  # "hosting a meetup in Munich, on Wednesday, June 30th"
    if location is None and (online := re.search(r"\b(online|virtual)\b", np, re.I)):
        location = online[1]  # "Join the online contributor workshop on …"
    position = site.flat.find(np, found.offset)
    url = link_at(site.block, position, position + len(np)) if position >= 0 else None
    url = url or any_link(site.block)
    if not title:
        return []
    return [Draft(found.kind, title, location, url, found.sentence)]


def prose_event_noun(site: Site) -> list[Draft]:
    """ "… at the monthly community call next Thursday, January 22 at 1900 UTC on Jitsi": the
    event named right before its date."""
    found = site.prose
    if found is None or found.kind is EventKind.DEADLINE or found.happening is not None:
        return []
    if not found.future:
        return []
    named = v.EVENT_BEFORE.search(found.before)
    upcoming = _UPCOMING_IN_MONTH.search(found.before)
    if (named is None or not v.EVENT_NOUN.search(named["np"])) and upcoming is None:
        return []
    if named is not None and v.EVENT_NOUN.search(named["np"]):
        title = clean_title(named["np"])
    else:  # "upcoming conferences in September 2017 in London": one of them, there
        noun = re.search(r"(\w+?)s?\s+in\s+$", found.before)
        title = clean_title(noun[1]) if noun else "Event"
        if found.location:
            title = f"{title}: {found.location}"
    if named is not None and generic(title):
        title = with_context(site, title)
    url = link_at(site.block, found.offset, found.offset + len(found.sentence))
    return [Draft(found.kind, title, found.location, url, found.sentence)]


#: "… open for ApacheCon Europe 22-24 October": an event's name right before its date.
_FOR_NAME_BEFORE = re.compile(
    r"\bfor\s+(?:the\s+)?(?P<name>[A-Z][\w.+&'’-]*(?:\s+[A-Z0-9][\w.+&'’-]*){0,4})"
    r"(?:\s+in\s+(?P<place>[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,2}))?\s*,?\s*$"
)


def prose_at_name(site: Site) -> list[Draft]:
    """ "I am giving a talk at [PGConf.EU](…) in Athens, October 22–25": the name after "at"."""
    found = site.prose
    if found is None or found.kind is EventKind.DEADLINE or found.happening is not None:
        return []
    at = v.AT_NAME_BEFORE.search(found.before)
    if at is None:  # "CFP and Registration open for ApacheCon Europe 22-24 October 2019"
        at = _FOR_NAME_BEFORE.search(found.before)
        if at is not None and not names_event(at["name"]):
            return []
    if at is None or not looks_like_name(at["name"]):
        return []
    position = site.flat.rfind(at["name"], 0, site.span.start)
    url = link_at(site.block, position, position + len(at["name"])) if position >= 0 else None
    location = clean_value(at["place"]) if at["place"] else found.location
    return [Draft(found.kind, clean_title(at["name"]), location, url, found.sentence)]


def prose_in_series(site: Site) -> list[Draft]:
    """A forward-looking sentence under a heading or item that names the event."""
    found = site.prose
    if found is None or found.kind is EventKind.DEADLINE or found.happening is not None:
        return []
    if not found.future:
        return []
    if v.OBJECT_BEFORE.search(found.before):
        return []
    name, name_url = series(site.block)
    if not name:
        return []
    return [Draft(found.kind, name, found.location, name_url, found.sentence)]
