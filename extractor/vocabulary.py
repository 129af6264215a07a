"""The words and patterns of the extraction rules: what names an event, a place, a deadline.

Data only: every name here is a compiled pattern or a word list that `extractor.text`,
`extractor.context` and `extractor.detectors` use. A new word for a form people write is one
edit here; a new form is a new detector.
"""

from __future__ import annotations

import re

#: Nouns that name a happening: a heading or segment holding one names an event.
EVENT_NOUN = re.compile(
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

#: Headings over a listing that name no event ("Upcoming events", "Key dates:").
GENERIC_HEADING = re.compile(
    r"^(?:upcoming|more|other|future|past|important|key|save the|featured|"
    r"news|events?|dates?|calendar|schedule|highlights|announcements?|updates?|agenda|"
    r"what'?s|in brief|reminders?)\b|\bevents?\s*[:!]?$|\b(?:dates|news)\s*[:!]?$|:$",
    re.IGNORECASE,
)

#: Words that make a dated line a deadline on their own ("closes", "prices increase").
DEADLINE_STRONG = re.compile(
    r"\b(?:deadlines?|due|clos(?:e|es|ed|ing)|cut-?off|last (?:day|chance)|"
    r"prices? (?:increase|increases|double|doubles|rise|rises|go up|goes up|change)|"
    r"early[- ]?bird|ends?|ending|expires?|no later than)\b",
    re.IGNORECASE,
)

#: Things that can close (CFP, registration, survey …): a deadline with "by"/"before".
DEADLINE_OBJECT = re.compile(
    r"\b(?:cfps?|call for (?:papers|proposals|speakers|talks|participation|presentations|"
    r"submissions)|submit|submissions?|proposals?|registration|register|survey|surveys|"
    r"nominations?|nominate|applications?|apply|sponsor(?:s|ship|ships)?|travel (?:support|"
    r"grants?|funding)|scholarships?|grants?|tickets?|rsvp|vote|voting|ballots?|feedback|"
    r"sign[- ]?up|enrol(?:l|lment|ment)?)\b",
    re.IGNORECASE,
)

#: A cut-off word right before a date ("by", "before", "until this").
BEFORE_WORD = re.compile(
    r"\b(?:by|before|until|till|through|no later than)(?:\s+(?:this|next|the|on))?\s*$",
    re.IGNORECASE,
)

#: Something opening or starting: an event, not a deadline ("CFP opens").
OPENS = re.compile(
    r"\b(?:opens?|opening|is live|are live|goes live|go live|launch(?:es)?|starts?|begins?|"
    r"kicks? off|available)\b",
    re.IGNORECASE,
)

#: Narrative past: the sentence reports news, not a coming event.
PAST = re.compile(
    r"\b(?:yesterday|last (?:week|month|year)|ago|was|were|celebrated|announced|released|"
    r"held|took place|happened|joined|concluded|hosted|met|published|launched|wrapped up|"
    r"kicked off|recap|had|attended|gathered|presented|showcased|delivered|did|moved|"
    r"upgraded|shipped|merged|fixed|went|came|saw|got|brought|reached|tripled|doubled|"
    r"disclosed|switched|migrated|finished|completed|ended|followed|landed)\b",
    re.IGNORECASE,
)

#: Announcing words: a sentence with one of these looks ahead.
FUTURE = re.compile(
    r"\b(?:will|upcoming|join us|register|deadline|due|closes?|opens?|until|save the date|"
    r"taking place|takes place|scheduled|coming|next|is on|are on|happening|don'?t miss|"
    r"please|submit|apply|by|before|starts?|begins?|runs?|hosts?|plan(?:s|ned)? to|"
    r"looking forward|expected|join|come|running|hosting|holding|see you)\b",
    re.IGNORECASE,
)

#: "X will take place …", "X runs …": the subject of an announcing sentence.
HAPPENING = re.compile(
    r"^(?P<subject>.+?)\s+(?:will\s+(?:be\s+)?(?:take\s+place|be\s+held|held|happen|run|"
    r"return|kick\s+off|start|begin|be\s+hosted|hosted|come\s+to|gather)|will\s+be|"
    r"(?:takes|is\s+taking)\s+place|is\s+(?:being\s+held|happening|scheduled)|"
    r"runs|is\s+on|are\s+on|returns|happens)\b",
    re.IGNORECASE,
)

#: Link texts that name no event ("Learn more", "Register now", "RSVP on Meetup").
GENERIC_LINK = re.compile(
    r"^(?:learn more|read more|more info(?:rmation)?|details|website|tickets?|rsvp|sign up|"
    r"info|here|link|more|register(?: now| here)?|apply(?: now| here)?|join(?: us| now)?|"
    r"click here|see more|find out more|event page|event details|registration|agenda|"
    r"schedule|book now|buy tickets|watch|stream|recording|slides|video|cfp|"
    r"save the date|add to calendar|calendar"
    r"|(?:join|rsvp|register|sign up|watch|stream|meet)(?:\s+\w+)?\s+(?:on|at|via|in)\s+"
    r".{1,30})[.!]?$",
    re.IGNORECASE,
)

#: A segment that relates the item to another ("co-located with …", "hosted by …").
RELATION = re.compile(
    r"^(?:co-?located with|part of|alongside|in conjunction with|hosted by|organi[sz]ed by|"
    r"with|at|in|during|before|after|following|ahead of|sponsored by)\b",
    re.IGNORECASE,
)

#: Places that are not places: "Virtual", "Online", "Hybrid".
VIRTUAL = re.compile(
    r"^(?:virtual(?:ly)?|online|remote|hybrid|zoom|livestream|virtual event|online event|"
    r"worldwide|global|virtual \(.*\)|online \(.*\))$",
    re.IGNORECASE,
)

#: Words of a venue (a building, not a city): "Campus", "Hall", "Hotel".
VENUE = re.compile(
    r"\b(?:campus|center|centre|hall|hotel|university|building|room|theat(?:er|re)|arena|"
    r"park|convention|venue|auditorium|floor|street|avenue|road|plaza|pavilion|stadium|"
    r"institute|school|college|library|museum|office|hq|headquarters)\b",
    re.IGNORECASE,
)

#: A capitalised word of a place name.
WORD = r"[A-ZÀ-Ý][\w.'’&-]*"

#: "City, Country" and "City, ST, Country": capitalised words with commas.
PLACE = re.compile(
    rf"^(?:{WORD})(?:\s+(?:{WORD}|de|del|la|le|am|an|upon|on|sur))*"
    rf"(?:,\s*(?:{WORD})(?:\s+{WORD}){{0,3}}){{1,3}}$"
)

#: Country and region names that are a place on their own (lower case).
COUNTRIES = frozenset(
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

#: "… will take place in Vilnius": the place after a happening verb.
PLACE_AFTER = re.compile(
    r"\b(?:take place|takes place|taking place|held|hosted|happening|be|located|gather)\s+"
    r"(?:in|at)\s+(?P<place>(?:the\s+)?[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[A-ZÀ-Ý][\w.'’-]*){0,4})"
)

#: ", Berlin" or "in Berlin" ending a date segment.
TRAILING_PLACE = re.compile(
    r"^\s*(?:,|\bin\b)\s*(?P<place>[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[A-ZÀ-Ý][\w.'’-]*){0,4})\s*$"
)

#: "at Talkdesk", "in Vilnius": a capitalised place after a preposition.
PLACE_AT = re.compile(r"\b(?:in|at)\s+(?P<place>[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[A-ZÀ-Ý][\w.'’-]*){0,3})")

#: "in Pasadena, CA": a place with a comma after "in".
PLACE_IN = re.compile(
    r"\bin\s+(?P<place>[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,3},\s*"
    r"[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,2})"
)

#: A key–value line: `When: …`, `Where: …`, `Deadline: …`.
KEY_LINE = re.compile(
    r"^(?P<key>when|date|dates|time|deadline|where|location|venue|place|what|event|title|"
    r"name|url|link|website|register|registration|cfp)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)

#: A key alone (its value follows in the next segment): `When:`, `Where`.
KEY_LABEL = re.compile(
    r"^(?:when|date|dates|time|times|deadline|where|location|venue|place|what|event|title|name|"
    r"url|link|website|register|registration|rsvp|tickets?|cost|price|fee|host|hosts|"
    r"speakers?|contact|details|info|more|cfp|stream|livestream|format|language)\s*:?$",
    re.IGNORECASE,
)

#: Leading verbs a calendar title does without ("Join us at", "Register for").
CALL_TO_ACTION = re.compile(
    r"^(?:join us (?:at|for)|join|attend|register for|save the date(?: for)?|"
    r"don'?t miss|come to|visit|check out|see you at)\s+",
    re.IGNORECASE,
)

#: "Celebrate X": written as "X celebration" in a title.
CELEBRATE = re.compile(r"^celebrate\s+(?P<what>.+)$", re.IGNORECASE)

#: Small words and punctuation left over when a deadline's object is cut out of a line.
FILLER = re.compile(
    r"\b(?:the|is|are|on|at|by|from|until|till|through|before|will|be|now|and|of|in|"
    r"happens|takes place|take place|starting|starts|this|next)\b|[|:–—\-,!.?()]",
    re.IGNORECASE,
)

#: Where a listing line is cut into segments: `|`, `·`, ` – `, `: `, ` / `, line breaks.
SEPARATOR = re.compile(r"\s*[|·•]\s*|\s+/\s+|\s+[–—-]\s+|\s*[–—]\s*(?=\S)|(?<=[\w)\]#])\s*:\s+|\n")

#: A title that already says it closes ("… deadline", "… closes").
CLOSING_WORD = re.compile(
    r"\b(?:deadline|due|clos\w*|ends?|increases?|doubles?|rises?|expires?|go(?:es)? up)\b",
    re.IGNORECASE,
)


#: Headings over a listing of dated items ("Events", "Roadmap", "Where to find us").
LISTING_HEADING = re.compile(
    r"\b(?:events?|dates?|calendar|schedule|roadmap|timeline|meetups?|conferences?|upcoming|"
    r"agenda|season|program(?:me)?|where to find us|milestones?)\b",
    re.IGNORECASE,
)

#: "FOSDEM, Brussels": an acronym or CamelCase name followed by a place.
NAME_THEN_PLACE = re.compile(
    r"^(?P<name>[A-Z][A-Z0-9]{2,}|[A-Z][a-z]+[A-Z][\w]*)(?:\s+\d{4})?,\s*(?P<place>[A-ZÀ-Ý].{1,40})$"
)

#: "We are hosting a sprint on …": the thing hosted or joined, before the date.
OBJECT_BEFORE = re.compile(
    r"\b(?:running|hosting|holding|organi[sz]ing|host|hold|join(?:\s+us)?(?:\s+(?:for|at))?|"
    r"attend|come\s+to|see\s+you\s+at|celebrating|have)\s+(?:a|an|the|our|its|their)?\s*"
    r"(?P<np>[\w'’&+-]+(?:\s+[\w'’&+-]+){0,7}?)\s+(?:(?:at|in)\s+[^,]{1,40}?\s+)?"
    r"(?:on|from|this|next)\s*$",
    re.IGNORECASE,
)

#: "We are happy to announce that …": the lead-in before an announced subject.
ANNOUNCE = re.compile(
    r"^.*?\b(?:(?:are|is|am)\s+(?:thrilled|happy|excited|pleased|proud|delighted)\s+to\s+"
    r"(?:announce|share|confirm)|announced?|confirm(?:ed)?)(?:\s+that)?\s+",
    re.IGNORECASE,
)

#: Subjects that name nobody's event ("we", "it", "many of us").
PRONOUN = re.compile(
    r"^(?:we|i|you|they|it|this|many of us|some of us|our team|the team|everyone|all of us|"
    r"several members.*|members.*)$",
    re.IGNORECASE,
)

#: A kind of thing, not a thing ("Voting", "Monthly meetup", "CFP"): needs a series name.
STEP = re.compile(
    r"^(?:(?:the|our|a|monthly|weekly|annual|regular|first|next|beginner'?s?|community|"
    r"full|public|open|online|virtual|in-person|lightning)\s+)*(?:cfp|call for \w+|speakers?|"
    r"programme|program|schedule|agenda|voting|vote|nominations?|results?|registration|"
    r"tickets?|applications?|submissions?|webinar|meetup|meeting|office hours|workshop|"
    r"talks?|sessions?|deadline|keynotes?|party|social|launch|release|elections?|"
    r"hack(?:athon| night)?|sprint|call|q&a|ama|lightning talks?(?: night)?|drinks|dinner|"
    r"lunch|breakfast|mixer|panel)\b",
    re.IGNORECASE,
)
