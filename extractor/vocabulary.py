"""The words and patterns of the extraction rules: what names an event, a place, a deadline.

Data only: every name here is a compiled pattern or a word list that `extractor.text`,
`extractor.context` and `extractor.detectors` use. A new word for a form people write is one
edit here; a new form is a new detector.
"""

from __future__ import annotations

import re

from extractor.regex_gate import gated_compile

#: Nouns that name a happening: a heading or segment holding one names an event.
EVENT_NOUN = gated_compile(
    r"\b(?:meetings|calls|parties|sprints|hackathons|summits|conferences|gatherings|socials|"
    r"summit|conference|con|days?|meetups?|ptg|fest|festival|hackathon|workshops?|"
    r"birthday|celebrations?|gathering|forum|expo|week|camp|symposium|webinars?|party|sprint|"
    r"roadshow|meeting|\w+con|devroom|bootcamp|tour|launch|"
    r"release party|ama|livestream|live|talks?|session|keynote|training|class|course|"
    r"summer school|hack\s?week|user group|conf|show|congress|convention|fair|award|"
    r"elections?|vote|ceremony|retreat|jam|assembly|sync|office hours|call|social|"
    r"meet-and-greet|hack week|retrospective|watch party|q&a|dojo|unconference|"
    r"finale|premiere|game jam|jam|\w+fest|\w+conf|tournament|competition|contest|tutorials?|"
    r"championship|seminars?|colloqui(?:um|a)|lectures?|open day|open house|"
    # the same in French, Spanish, Italian, Dutch and German
    r"rencontres?|conférence|journées?|atelier|encuentro|jornadas?|taller|reunión|evento|"
    r"appuntamento|incontro|conferenza|convegno|riunione|bijeenkomst|conferentie|"
    r"\w+conferentie|evenement|treffen|\w+treffen|tagung|konferenz|konferencj[aię]|spotkani[ea]|"
    r"warsztaty?|wydarzeni[ea])(?!\w)",
    re.IGNORECASE,
)

#: A table cell that stands where a title would and names nothing: "See the list for papers".
NO_TITLE = gated_compile(
    r"(?i)(?:see|check|visit|more|details|tba|tbd|tbc|to be (?:announced|confirmed|decided)"
    r"|n/?a|none|[-–—?]+)(?:\b|$)"
)

#: Headings over a listing that name no event ("Upcoming events", "Key dates:").
GENERIC_HEADING = gated_compile(
    r"^(?:upcoming|more|other|future|past|important|key|save the|featured|"
    r"news|events?|dates?|calendar|schedule|highlights|announcements?|updates?|agenda|"
    r"what'?s|in brief|reminders?|programme|program|day by day|line-?up|overview|timetable|"
    r"practical|at a glance|logistics|details|information|info|faq|when and where|venue|"
    r"location|registration|tickets?|getting there|contact|(?:date|time)\s+(?:and|&)\s+"
    r"(?:time|place|location|venue))\b|"
    r"\bevents?\s*[:!]?$|\b(?:dates|news)\s*[:!]?$|:$"
    r"|^(?:when|where|what|who|how)\s*[:?]?$|^(?:when|where)\s+(?:is|are|will)\b.*\?$",
    re.IGNORECASE,
)

#: Words that make a dated line a deadline on their own ("closes", "prices increase", a freeze).
DEADLINE_STRONG = gated_compile(
    r"\b(?:deadlines?|due|clos(?:e|es|ed|ing)|cut-?off|last (?:day|chance)|"
    r"prices? (?:increase|increases|double|doubles|rise|rises|go up|goes up|change)|"
    r"early[- ]?bird|full[- ]price|regular (?:price|pricing|rate)s?|ends?(?!-)|ending|expires?|"
    r"no later than|freeze|aoe|anywhere on earth|截止|締切|〆切|마감|に終了します|に終了する|"
    r"date limite|clôture|Anmeldeschluss|Einsendeschluss|Einreichungsschluss|"
    # a service going away is a cut-off to act by: "we will turn off our OCSP responders"
    r"turn(?:s|ed|ing)?\s+off|shut(?:s|ting)?\s+down|shutdown|sunset(?:s|ting)?|"
    r"decommission\w*|end[- ]of[- ]life|EOL|action is required|will (?:start to )?fail|"
    r"no longer (?:be )?(?:available|supported|accepted)|stops? working|will stop|"
    r"camera[- ]ready|(?:have|has)\s+(?:still\s+)?until)\b",  # not "end-of-term"
    re.IGNORECASE,
)

#: Things that can close (CFP, registration, survey …): a deadline with "by"/"before".
DEADLINE_OBJECT = gated_compile(
    r"\b(?:cfps?|call for (?:papers|proposals|speakers|talks|participation|presentations|"
    r"submissions)|submit|submissions?|proposals?|registration|register|survey|surveys|"
    r"nominations?|nominate|applications?|apply|sponsor(?:s|ship|ships)?|travel (?:support|"
    r"grants?|funding)|scholarships?|grants?|tickets?|rsvp|vote|voting|ballots?|feedback|"
    r"sign[- ]?ups?|enrol(?:l|lment|ment)?|candidac(?:y|ies)|candidates|abstracts?|send\s+in"
    r"|propositions|inscriptions?|candidatures?|appel à \w+|Einreichungen|Anmeldung|Beiträge)\b",
    re.IGNORECASE,
)

#: A link or line that tells the reader to act ("Apply for the Showcase", "Become a Sponsor"):
#: it names what closes, not whose it is.
IMPERATIVE = gated_compile(
    r"^(?:please\s+)?(?:apply|register|submit|become|join|take|fill|book|buy|get|sign|nominate|"
    r"vote|send|propose|enter|grab|reserve|complete|answer|check|read|learn|see|visit|"
    r"save\s+the\s+date|click|tap|follow)\b",
    re.IGNORECASE,
)

#: An instruction to act ("send us your questions", "grab a slot", "please sign up", "if you need
#: a visa, request a letter"): with "by DATE" it sets a deadline, whatever the thing is
#: (`IMPERATIVE` is a line that opens with one).
INSTRUCTION = gated_compile(
    r"(?:^|[.!?:;—–]\s+|\bplease\s+|\b(?:if|when|once)\b[^.!?;:,]{1,100},\s+)"  # "If …, tell us"
    r"(?:you\s+(?:can|may|should|must|need\s+to|will\s+need\s+to)\s+)?"
    r"(?:send|submit|sign\s+up|register|apply|grab|book|request|ask\s+for|confirm|"
    r"fill\s+(?:out|in)|complete|take|vote|nominate|reserve|claim|get|buy|share|tell|let\s+us\s+know|"
    r"email|e-mail|write|propose|add|enrol|enroll|rsvp|respond|reply|upload|open|"
    r"schick\w*|send\w*|reich\w*|meld\w*|bewerb\w*|registrier\w*|"  # "Schicken Sie uns …"
    r"bestel\w*|stuur\w*|registreer\w*|reserveer\w*|koop\w*)\b"  # nl: "Bestel je chip wel voor"
    r"|\b(?:bitten|bittet)\s+um\b"  # "Die Organisatoren bitten um Beiträge bis zum …"
    r"|\b(?:in\s+te\s+dienen|aan\s+te\s+melden|in\s+te\s+schrijven|in\s+te\s+sturen)\b"  # nl
    r"|\b(?:submeter|submeta|enviar|envie|envíe|envía|inscrev\w+|inscrib\w+|presentar|"
    r"inviare|inviate|iscriver\w+|iscrivet\w+)\b"  # pt, es, it
    r"|\b(?:need|needs|have|has)\s+to\s+be\s+(?:confirmed|submitted|received|sent|paid|completed)\b"
    r"|\bmust\s+(?:reach\s+us|be\s+(?:submitted|received|sent|in)|\w+(?:\s+\w+)?\s+(?:by|before))\b",
    re.IGNORECASE,
)

#: What an instruction asks for, up to "by": "send us your questions for the Q&A by".
INSTRUCTION_OBJECT = gated_compile(
    r"\b(?:send|submit|share|grab|book|reserve|claim|propose|upload|add|request|return|ask\s+for|"
    r"fill\s+(?:in|out)|complete)\s+(?:us\s+)?"
    r"(?:(?:your|a|an|the|our|some)\s+)?(?P<thing>[^.!?]{1,80}?)\s+(?:by|before|no later than)\b",
    re.IGNORECASE,
)

#: What organisers deliver by a date, not a reader's cut-off: "Decisions: by 8 May".
OUTCOME = gated_compile(
    r"\b(?:decisions?|results?|notifications?|notified|notify|acceptances?|accepted|"
    r"announce\w*|publish\w*|publication|selection|selected|schedule|programme|program|"
    r"agenda|reviews?|responses?|replies|answers?|letters?\s+sent)\b",
    re.IGNORECASE,
)

#: A planned release: an event, though "due" ("0.20 is due on 7 August", "v3.2 is scheduled for").
RELEASE_DUE = gated_compile(
    r"(?:^|\s)(?P<version>v?\d+\.\d+(?:\.\d+)?),?\s+"
    r"(?:(?:is|are)\s+(?:now\s+)?(?:due|scheduled|planned|expected|slated)|"
    r"will\s+(?:be\s+released|ship|land|come\s+out)|ships|lands)\b"
    r"|(?<=[A-Za-z] )(?P<major>(?!(?:19|20)\d\d\b)\d{2,4})\s+"  # "Firefox 150 ships"
    r"(?:will\s+(?:be\s+released|ship|land|come\s+out)|ships|lands)\b",
    re.IGNORECASE,
)

#: The end of a release's support: a deadline to upgrade ("receives security fixes until …").
SUPPORT_END = gated_compile(
    r"\b(?:(?:is|are)\s+(?:supported|maintained)|receives?\s+(?:security\s+)?(?:fixes|updates|"
    r"patches)|end[- ]of[- ](?:life|support)|reaches\s+(?:its\s+)?end)\b",
    re.IGNORECASE,
)

#: A date that only qualifies who may take part ("members who joined before August 1").
CONDITION = gated_compile(
    r"(?:\b(?:joined|registered|signed\s+up|became\s+\w+|contributed|committed|created|"
    r"were\s+\w+|been\s+\w+)|\b(?:who|that)\s+(?:have\s+|had\s+)?\w+)"
    r"\s+(?:\w+\s+){0,2}(?:before|after|since|prior\s+to)(?:\s+(?:the|on))?\s*$",
    re.IGNORECASE,
)

#: A past verb right before a date: the date of news, not of an item ("(released 2 May)",
#: "was held on 3 June", "gave a talk … on").
PAST_BEFORE = gated_compile(
    r"(?<!\bbe\s)(?<!\bis\s)(?<!\bare\s)(?<!\bget\s)\b(?:released|published|shipped|announced|held|launched|landed|merged|tagged|"
    r"happened|took\s+place|was|were|came\s+out|went\s+live|opened|closed|ended|started|began)"
    r"\s+(?:on\s+|in\s+|at\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)

#: A cut-off word right before a date ("by", "before", "until this").
BEFORE_WORD = gated_compile(
    r"\b(?:by|before|until|till|through|no later than|jusqu['’]au|avant le|bis zum|bis|"
    r"by\s+(?:the\s+)?latest|at\s+the\s+latest\s+(?:by|on)|spätestens(?:\s+(?:am|bis))?|"
    r"tot(?:\s+en\s+met)?|uiterlijk|voor|até(?:\s+o\s+dia)?|hasta(?:\s+el(?:\s+día)?)?|"
    r"fino\s+al|entro\s+il)"
    r"(?:\s+(?:this|next|the|on))?\s*$",
    re.IGNORECASE,
)

#: Something opening or starting: an event, not a deadline ("CFP opens").
OPENS = gated_compile(
    r"\b(?:opens?|opening|is live|are live|goes live|go live|launch(?:es)?|starts?|begins?|"
    r"kicks? off|available)\b",
    re.IGNORECASE,
)

#: Narrative past: the sentence reports news, not a coming event.
PAST = gated_compile(
    r"\b(?:yesterday|last (?:week|month|year)|ago|was|were|celebrated|announced|released|"
    r"held|took place|happened|joined|concluded|hosted|published|launched|wrapped up|"
    r"met(?!\s+(?:de|het|een|je|ons|onze|jullie|elkaar|[a-z]+en)\b)|"  # nl "met" is "with"
    r"kicked off|recap|had|attended|gathered|presented|showcased|delivered|did|moved|"
    r"upgraded|shipped|merged|fixed|went|came|saw|got|brought|reached|tripled|doubled|"
    r"disclosed|switched|migrated|finished|completed|ended|followed|landed|gave|spoke|won|"
    r"made|ran|wrote|took|told|built|began|became|showed|welcomed|hit|passed|turned|"
    r"organi[sz]ed|ran|visited|recorded|streamed|opened)\b",
    re.IGNORECASE,
)

#: Announcing words: a sentence with one of these looks ahead.
FUTURE = gated_compile(
    r"\b(?:will|upcoming|join us|register|deadline|due|closes?|opens?|until|save the date|"
    r"taking place|takes place|scheduled|coming|next|is on|are on|happening|don'?t miss|"
    r"please|submit|apply|by|before|starts?|begins?|runs?|hosts?|plan(?:s|ned)? to|"
    r"looking forward|(?:is|are|be)\s+expected|join|come|running|hosting|holding|see you|"
    r"would\s+(?:be\s+held|take\s+place)|to\s+be\s+held)\b|(?<=\w)['’]ll\b",  # "I'll be on …"
    re.IGNORECASE,
)

#: After the date of "Am Donnerstag, 26. März, startet unser erster Hacking Day": the verb,
#: then what happens, and where ("… gibt es einen Workshop im Fablab").
GERMAN_VERB_SECOND = gated_compile(
    r"\s*,?\s*(?:(?:um|ab|von)\s+\d{1,2}(?:[:.]\d\d)?(?:\s*(?:-|–|bis)\s*\d{1,2}(?:[:.]\d\d)?)?"
    r"\s*Uhr\s*,?\s*)?(?:(?:aanstaande\s+)?(?:om\s+[\d:.]+\s+)?'s\s+(?:avonds|middags|ochtends)\s+)?"
    r"(?:startet|starten|beginnt|beginnen|steigt|steigen|gibt\s+es|"
    r"veranstalten\s+wir|feiern\s+wir|zu[mr](?=\s+(?:\w+\s+){0,2}(?-i:[A-ZÄÖÜ]))|"
    r"vindt?(?:\s+er)?(?=\s+[^.;!?]{3,80}?\s+plaats\b)|organiseren\s+we|houden\s+we|"  # nl
    r"geef\s+ik|geven\s+(?:we|wij))"
    r"\s+(?P<what>[^.;!?]{3,80}?)(?:\s+plaats\b)?"
    r"(?:\s+(?:in|im|am|an|bei|auf)\s+(?P<where>(?-i:[A-ZÄÖÜ])[^.;!?]{2,60}?))?\s*(?:[.!,:]|$)",
    re.IGNORECASE,
)


#: Before the date of such a sentence: "Am …", "shackspace lädt ein: am …".
GERMAN_DATE_FIRST = gated_compile(
    r"(?i)(?:^|[:;]|\bein\b)\W*(?:am|ab|op|vanaf|tussen)\s+(?:den\s+|de\s+)?$"  # de, nl
)


#: "X will take place …", "X runs …": the subject of an announcing sentence.
HAPPENING = gated_compile(
    r"^(?P<subject>.+?)\s+(?:would\s+(?:be\s+held|take\s+place)(?:\s+tentatively)?|"
    r"(?<=,\s)(?:to\s+be\s+held|happening)|"  # "… Software Freedom Day, to be held on …"
    r"will\s+(?:be\s+)?(?:take\s+place|be\s+held|held|happen|run|"
    r"return|kick\s+off|start|begin|be\s+hosted|hosted|come\s+to|gather|resume|restart|occur|"
    r"(?:take|meet)(?=\s+(?:place\s+)?(?:every|each|weekly|fortnightly|monthly)\b))|"
    r"aura\s+lieu|auront\s+lieu|se\s+tiendr(?:a|ont)|se\s+déroulera|se\s+dérouleront|"
    r"findet|finden|"  # "Les rencontres auront lieu les …", "Der Workshop findet am … statt"
    r"se\s+celebrar[áa]n?|tendr[áa]n?\s+lugar|se\s+llevar[áa]n?\s+a\s+cabo|"  # es
    r"ser[áa]\s+realizad[oa]|acontecer[áa]|ter[áa]\s+lugar|"  # pt
    r"odb[ęe]dzie\s+si[ęe]|odb[ęe]d[ąa]\s+si[ęe]|"  # pl
    r"si\s+terr[àa]nno|si\s+terr[àa]|si\s+svolger[àa]|avr[àa]\s+luogo|"  # it
    r"(?:zal|zullen)\s+(?:\w+\s+)?(?:plaatsvinden|gehouden\s+worden|worden\s+gehouden)|"  # nl
    r"vindt\s+plaats|wordt\s+gehouden|(?:is|zijn)\s+gepland(?=\s+op\b)|"
    # "v12.x remains slated to enter Maintenance on", "is still planned to enter LTS on"
    r"(?:is|are|remains?)\s+(?:still\s+)?(?:slated|planned|scheduled|set|due)\s+to\s+"
    r"(?P<to>(?:[\w-]+\s+){1,3}?)(?=on\b)|"
    r"will\s+(?:also\s+|now\s+|still\s+)?be(?!\s+(?:announced|notified|sent|published|made|informed|contacted|"
    r"emailed|told|reviewed|selected|decided|posted|shared|uploaded|available|ready|online|"
    r"released)\b)|"
    r"(?:takes|is\s+taking)\s+place|is\s+(?:being\s+held|happening|scheduled)|"
    r"(?:is|are|will\s+be)\s+co-?located\s+with|"
    r"meets(?:\s+next|\s+again)?|"  # "The steering committee meets next on …"
    r"runs|(?:is|are)\s+(?:only\s+|also\s+|now\s+)?on(?!\s+(?:the|a|an|our|their|its|my|your)\s+"
    r"(?!\d|(?:first|second|third|fourth|last|next)\b))|"
    r"returns?|happens|airs|premieres|streams|goes\s+live|"
    r"(?:is|are)\s+back|starts?|begins?|kicks?\s+off|"
    r"(?:is|are)\s+(?:the|a)\s+(?:day|evening|morning|night|week|weekend)\s+(?:before|after)"
    r"(?=\s*,?\s*on\b)|"  # "The Contributor Summit is the day before, on Sunday, March 22"
    r"(?:is|are)(?=\s+(?:on\s+)?(?:(?-i:[A-Z][a-z]{2,5}day|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
    r"Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)|\d{1,2}(?:st|nd|rd|th)?\s+(?-i:[A-Z])))|"
    # "The next one is in Brisbane, Australia, July 10-13": a place, then the date
    r"(?:is|are)(?=\s+in\s+(?-i:[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){0,3}),?\s+(?:on\s+)?"
    r"(?-i:[A-Z][a-z]{2,5}day|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z])))\b",
    re.IGNORECASE,
)

#: Link texts that name no event ("Learn more", "Register now", "RSVP on Meetup").
GENERIC_LINK = gated_compile(
    r"^(?:learn more|read more|more info(?:rmation)?|details|website|tickets?|rsvp|sign up|"
    r"info|here|link|more|register(?: now| here)?|apply(?: now| here)?|join(?: us| now)?|"
    r"click here|see more|find out more|event page|event details|registration|agenda|"
    r"schedule|book now|buy tickets|watch|stream|recording|slides|video|cfp|"
    r"save the date|add to calendar|calendar"
    r"|(?:join|rsvp|register|sign up|watch|stream|meet)(?:\s+\w+)?\s+(?:on|at|via|in)\s+"
    r".{1,30}"
    r"|(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)*\.(?-i:[a-z]{2,})(?:/\S*)?)[.!]?$",  # an address,
    # not a name written like one ("DevConf.CZ", "PGConf.EU")
    re.IGNORECASE,
)

#: A segment that relates the item to another ("co-located with …", "hosted by …").
RELATION = gated_compile(
    r"^(?:co-?located with|part of|alongside|in conjunction with|hosted by|organi[sz]ed by|"
    r"with|at|in|during|before|after|following|ahead of|sponsored by)\b",
    re.IGNORECASE,
)

#: A pin that marks what follows as the place: "📍 Lecture Theatre 2", "🏠 Impact Hub".
PLACE_MARK = gated_compile(r"^(?:📍|📌|🏠|🏢|🏫|🗺️?|🌍|🌐)\s*")

#: Pictographs that only decorate a line: "📅 16 April", "🕕 18:00", "🎤 Talks".
DECORATION = gated_compile(
    r"[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u231A\u231B\u23E9-\u23FA\uFE0F\u200D]+"
)

#: Places that are not places: "Virtual", "Online", "Hybrid".
VIRTUAL = gated_compile(
    r"^(?:virtual(?:ly)?|online|remote|hybrid|zoom|livestream|virtual event|online event|"
    r"worldwide|global|virtual \(.*\)|online \(.*\))$",
    re.IGNORECASE,
)

#: A slot said not to happen: "no stream, we're travelling", "meetup cancelled".
CANCELLED = gated_compile(
    r"^(?:no\s+(?:session|stream|meetup|meeting|call|episode|show|class|event|talk)s?\b)"
    r"|\b(?:cancel+ed|called off)\b",
    re.IGNORECASE,
)

#: An online platform where a thing happens: "on Jitsi", "Discord office hours".
PLATFORM = gated_compile(
    r"\b(?P<platform>Discord|Zoom|Jitsi(?:\s+Meet)?|Matrix|Twitch|YouTube|Google\s+Meet|"
    r"Microsoft\s+Teams|BigBlueButton|Slack|Mumble|Gather(?:\.town)?)\b"
)

#: Words of a venue (a building, not a city): "Campus", "Hall", "Hotel".
VENUE = gated_compile(
    r"\b(?:campus|center|centre|hall|hotel|university|building|room|theat(?:er|re)|arena|"
    r"park|convention|venue|auditorium|floor|street|avenue|road|plaza|pavilion|stadium|"
    r"institute|school|college|library|museum|office|hq|headquarters)\b",
    re.IGNORECASE,
)

#: A capitalised word of a place name.
WORD = r"[A-ZÀ-Ý][\w.'’&-]*"

#: "City, Country" and "City, ST, Country": capitalised words with commas.
PLACE = gated_compile(
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
PLACE_AFTER = gated_compile(
    r"\b(?:take place|takes place|taking place|held|hosted|happening|be|located|gather)\s+"
    r"(?:in|at)\s+(?P<place>(?:the\s+)?[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[A-ZÀ-Ý][\w.'’-]*){0,4})"
)

#: ", Berlin" or "in Berlin" ending a date segment.
TRAILING_PLACE = gated_compile(
    r"^\s*(?:,|\bin\b)\s*(?P<place>[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[A-ZÀ-Ý][\w.'’-]*){0,4}"
    r"|online|virtual(?:ly)?|remote)\s*(?:\([^()]*\))?\s*[.!]?\s*$"
)

#: "at Talkdesk", "in Vilnius": a capitalised place after a preposition.
PLACE_AT = gated_compile(
    r"\b(?:in|at)\s+(?P<place>[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[A-ZÀ-Ý][\w.'’-]*){0,3})"
)

#: "in Pasadena, CA": a place with a comma after "in".
PLACE_IN = gated_compile(
    r"\bin\s+(?P<place>[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,3},\s*"
    r"[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,2})"
)

#: The key of a dates line: "Dates", "Conference Dates".
_DATES_KEY = (
    r"(?:(?:conference|event|meetup|workshop|summit|festival)\s+)?dates?"
    r"(?:\s*(?:and|&|/)\s*(?:times?|venue|place|location))?"
)

#: A key–value line: `When: …`, `Where: …`, `Deadline: …`.
#: The same keys in French, German, Spanish and Portuguese: when …
FOREIGN_WHEN = (
    r"dia\s+e\s+hor[áa]rio|fecha\s+y\s+hora|date\s+et\s+heure|datum\s+und\s+uhrzeit|"
    r"fecha|hora|horario|hor[áa]rio|d[íi]a|data|datum|zeit|uhrzeit|wann|termin|heure|quand|quando"
)
#: … and where.
FOREIGN_WHERE = frozenset(
    "lugar local ort wo lieu où onde sede veranstaltungsort endereço dirección".split()
)
_FOREIGN_WHERE = "|".join(sorted(FOREIGN_WHERE, key=len, reverse=True))

#: An icon a key may wear: "📅 Date:", "📍 Where:", "⏰ Time:".
ICON = (
    r"[\U0001F000-\U0001FAFF\u2190-\u21FF\u2300-\u23FF\u2460-\u27BF\u2B00-\u2BFF"
    r"\uFE0F\u200D]"
)
_ICONS = rf"(?:{ICON}+\s*)*"

KEY_LINE = gated_compile(
    rf"^{_ICONS}(?P<key>when|{_DATES_KEY}|time|{FOREIGN_WHEN}|{_FOREIGN_WHERE}|"
    r"deadline|where|location|venue|place|what|event|title|"
    r"name|url|link|website|register|registration|rsvp|cfp|room|hall|address)\s*:\s*"
    r"(?P<value>.*)$",
    re.IGNORECASE,
)

#: A key alone (its value follows in the next segment): `When:`, `Where`.
KEY_LABEL = gated_compile(
    rf"^{_ICONS}(?:when|{_DATES_KEY}|time|times|{FOREIGN_WHEN}|{_FOREIGN_WHERE}|"
    r"deadline|where|location|venue|place|what|event|title|name|"
    r"url|link|website|register|registration|rsvp|tickets?|cost|price|fee|host|hosts|"
    r"speakers?|contact|details|info|more|cfp|stream|livestream|format|language|"
    r"tl;?\s?dr|in short|summary|note|nb|ps|p\.s\.|update|reminder|heads[- ]up|bonus|also|"
    r"plus|psst|fyi)\s*:?$",
    re.IGNORECASE,
)

#: Leading verbs a calendar title does without ("Join us at", "Register for").
CALL_TO_ACTION = gated_compile(
    r"^(?:join us (?:at|for)|join|attend|register for|save the date(?: for)?|"
    r"don'?t miss|come to|visit|check out|see you at)\s+",
    re.IGNORECASE,
)

#: "Celebrate X": written as "X celebration" in a title.
CELEBRATE = gated_compile(r"^celebrate\s+(?P<what>.+)$", re.IGNORECASE)

#: Small words and punctuation left over when a deadline's object is cut out of a line.
FILLER = gated_compile(
    r"\b(?:the|is|are|on|at|by|from|until|till|through|before|will|be|now|and|of|in|their|its|too|also|"
    r"happens|takes place|take place|starting|starts|this|next)\b|[|:–—\-,!.?()]",
    re.IGNORECASE,
)

#: Where a listing line is cut into segments: `|`, `·`, ` – `, `: `, ` / `, line breaks.
SEPARATOR = gated_compile(
    r"(?=[\s|·•–—:])(?:"  # perf: what every form starts with, so other places fail at once (3×)
    r"\s*[|·•]\s*|\s+/\s+|\s+[–—-]\s+|\s+[–—]\s*(?=\S)|(?<=[^\d\s])[–—]\s*(?=\S)"
    r"|(?<=\d)[–—](?=[^\d\s])|(?<=[\w)\]#])\s*:\s+|\n"
    r"|(?<=\S)\s+(?=📍|📌|🏠|🏢|🏫|🗺)"  # "🕐 Sunday 1, 09:00 CET 🏢 Room aw1126"
    r")"
)

#: A title that already says it closes ("… deadline", "… closes").
CLOSING_WORD = gated_compile(
    r"\b(?:deadline|due|clos\w*|ends?(?!-)|increases?|doubles?|rises?|expires?|go(?:es)? up|"
    r"freeze|cut-?off)\b",
    re.IGNORECASE,
)


#: Headings over a listing of dated items ("Events", "Roadmap", "Where to find us").
LISTING_HEADING = gated_compile(
    r"\b(?:events?|dates?|calendar|schedule|roadmap|timeline|meetups?|conferences?|upcoming|"
    r"agenda|season|program(?:me)?|where to find us|milestones?)\b",
    re.IGNORECASE,
)

#: "FOSDEM, Brussels": an acronym or CamelCase name followed by a place.
NAME_THEN_PLACE = gated_compile(
    r"^(?P<name>[A-Z][A-Z0-9]{2,}|[A-Z][a-z]+[A-Z][\w]*)(?:\s+\d{4})?,\s*(?P<place>[A-ZÀ-Ý].{1,40})$"
)

#: "We are hosting a sprint on …": the thing hosted or joined, before the date.
OBJECT_BEFORE = gated_compile(
    r"\b(?:running|hosting|holding|organi[sz]ing|hosts?|holds?|runs|organi[sz]es|throwing|"
    r"putting\s+on|(?<=is\s)having|(?<=are\s)having|announce|announcing|"
    r"join(?:\s+us)?(?:\s+(?:for|at))?|attend|come\s+to|see\s+you\s+at|celebrating|have|"
    r"(?:are|is)\s+invited\s+to|welcome\s+to)"
    r"\s+(?:(?:a|an|the|our|its|their|his|her)\s+)?(?:own\s+)?"
    r"(?!(?:on|from|this|next|us)\b)"  # "Join us on 20 February for …": no name before the date
    r"(?P<np>[\w'’&+-]+(?:\s+[\w'’&+-]+){0,7}?)\s*(?:\s(?:at|in)\s+(?P<held>[^,]{1,40}?)(?:,(?=\s*on\b))?\s*)?"
    r"(?:\s(?:as\s+well|too|also),?\s*)?"
    r"(?:(?:\w+\s+){1,2}(?:from\s+now|later|away),\s+)?"  # "… two Fridays from now, on"
    r"(?:(?:on|from)\s+the|on|from|this|next)?\s*$"
    # "Join the docs sprint week, Monday 9 – Friday 13 March": the date after a comma
    r"|\bjoin(?:\s+us)?(?:\s+(?:for|at))?\s+(?:(?:a|an|the|our|its|their)\s+)?"
    r"(?P<np2>(?:(?!(?:at|in|on|with)\b)[\w'’&+-]+\s+){0,6}[\w'’&+-]+),\s*$",
    re.IGNORECASE,
)

#: "… we'll hold an install party at …": the thing held, after the date.
OBJECT_AFTER = gated_compile(
    # "Join us on 20 February for the docs hackathon": the invitation names it after the date
    r"^(?P<join>)\s*(?:,\s*)?(?:(?:at|from)\s+\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s+)?"
    r"for\s+(?:a|an|the|our|their)\s+"
    r"(?P<np2>[\w'’&+-]+(?:\s+[\w'’&+-]+){0,5}?)(?=\s+(?:at|in|on|with|where)\b|[.,;!]|$)"
    r"|^[^.!?]{0,40}?\b(?:(?:we|they|I)(?:'ll|’ll|\s+will|\s+are\s+going\s+to)\s+"
    r"(?:hold|host|run|have|organi[sz]e|throw)"
    # "This Thursday we also have a planning meeting", "Tomorrow there is a quick sync"
    r"|(?:we|they)\s+(?:also\s+)?(?:have|are\s+(?:holding|hosting|running|having))"
    r"|(?:I|we)(?:['’]m|['’]re|\s+am|\s+are)\s+(?:hosting|holding|running|giving|presenting)"
    r"|there(?:'s|\s+is|\s+will\s+be)(?:\s+also)?)\s+(?:a|an|the|our|their)\s+"
    r"(?P<np>[\w'’&+-]+(?:\s+[\w'’&+-]+){0,5}?)(?=\s+(?:at|in|on|for|so|to|with|where|that)\b|[.,;!]|$)"
    # "Jeudi, l'équipe de HOT organise son sommet annuel où …", "… veranstaltet ein Sommerfest"
    r"|^[^.!?]{0,200}?\b(?:organise|organisent|organisera|accueille|veranstaltet|veranstalten|"
    r"organiza|organizan|organizza|organizzano|llevando\s+a\s+cabo|llevaremos\s+a\s+cabo|"
    r"realizaremos|tendremos|haremos|celebraremos|tenemos|abbiamo|avremo|faremo|"
    r"nous\s+avons|aurons|haben\s+wir|temos|teremos)\s+(?:son|sa|ses|leur|un|une|le|la|les|ein|"
    r"eine|einen|unser\w*|su|sus|una|el|il|lo|gli|nuestr[oa]s?|(?:il|la)\s+nostr[oa]|notre|"
    r"nos|o\s+nosso|a\s+nossa|nosso|nossa)\s+"
    r"\[?(?P<np3>[\w'’&+-]+(?:\s+[\w'’&+-]+){0,9}?)(?=\s+(?:où|qui|que|à|au|en|in|im|am|"
    r"mit|con|para|per|en|porque)\b|\s+[-–—]\s|\]|[.,;!]|$)",
    re.IGNORECASE,
)

#: Words that open a time phrase, not a name: "On the Friday evening before (5 Sept)".
TIME_PHRASE = gated_compile(
    r"^(?:on|in|at|from|during|by|until|(?:(?:the|this|next|last)\s+)?(?:day|evening|morning|"
    r"night|week|weekend|afternoon|month|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)\b",
    re.IGNORECASE,
)

#: "at the same venue": the place named before in the post.
SAME_PLACE = gated_compile(
    r"\b(?:at|in)\s+the\s+same\s+(?:venue|place|location|address|spot)\b", re.I
)

#: Where an item happens, said right after its date: "on 28 March at the Federation Building".
PLACE_AFTER_DATE = gated_compile(
    r"^\s*,?\s*(?:(?P<online>online|virtually|remotely)\b|(?:at|in|à|en)\s+(?:the\s+)?(?P<place>[A-ZÀ-Ý][\w'’-]*(?:\s+(?:[A-ZÀ-Ý][\w'’-]*|de|"
    r"of|du|la))*(?:,\s*[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*)?))"
)

#: "We are happy to announce that …": the lead-in before an announced subject.
ANNOUNCE = gated_compile(
    r"^.*?\b(?:(?:are|is|am)\s+(?:thrilled|happy|excited|pleased|proud|delighted)\s+to\s+"
    r"(?:announce|share|confirm)|announced?|confirm(?:ed)?)(?:\s+that)?\s+",
    re.IGNORECASE,
)

#: "The first one", "the next one", "the next two": the event named just before.
ONE = gated_compile(
    r"^(?:the\s+)?(?:(?:first|next|last|second|third|final)\s+)?(?:ones?|two|three|four|few)$", re.I
)

#: Subjects that name nobody's event ("we", "it", "many of us").
PRONOUN = gated_compile(
    r"^(?:we|i|you|they|it|this|these|those|many of us|some of us|our team|the team|everyone|"
    r"all of us|several members.*|members.*)$",
    re.IGNORECASE,
)

#: A kind of thing, not a thing ("Voting", "Monthly meetup", "CFP"): needs a series name.
STEP = gated_compile(
    r"^(?:(?:the|our|a|monthly|weekly|annual|regular|first|next|beginner'?s?|community|"
    r"full|public|open|online|virtual|in-person|lightning)\s+)*(?:cfp|call for \w+|speakers?|"
    r"programme|program|schedule|agenda|voting|vote|nominations?|results?|registration|"
    r"decisions?|notifications?|"
    r"tickets?|applications?|submissions?|webinar|meetup|meeting|office hours|workshop|"
    r"talks?|sessions?|deadline|keynotes?|party|social|launch|release|elections?|"
    r"hack(?:athon| night)?|sprint|call|q&a|ama|lightning talks?(?: night)?|drinks|dinner|"
    r"tutorials?|"
    r"lunch|breakfast|mixer|panel)s?\b",
    re.IGNORECASE,
)

#: Words left dangling after the date is cut out of a label ("Office hours return on").
#: An event moved to the date that follows: "we've moved ChapelCon '25 from the summer to the
#: fall between", "The sprint has been postponed to".
MOVED_TO = gated_compile(
    r"\b(?:(?:re)?scheduled|moved|moving|postponed|pushed\s+back|brought\s+forward)\s+"
    r"(?P<np>(?:(?:a|an|the|our|its|their)\s+)?[A-Z][\w'’&+.-]*(?:\s+[\w'’&+.-]+){0,5}?)\s+"
    r"(?:(?:from|to)\s+[^.;]{1,30}?\s+)*(?:to|until|on|for|between)\s*$"
    r"|^(?P<np2>(?:the\s+)?[A-Z][\w'’&+.-]*(?:\s+[\w'’&+.-]+){0,5}?)\s+(?:has\s+been|is|was)\s+"
    r"(?:re)?(?:scheduled|moved|postponed)\s+(?:to|until|for)\s*$",
)

#: What a date opening a sentence is: "Thursday 19 will be a BarCamp", "Sunday 22 will be
#: dedicated to sprints", "Saturday is the official meetup" (the words before the name).
COPULA = gated_compile(
    r"^\s*(?:will\s+be|is|are|'?s)\s+(?:(?:dedicated|devoted|reserved|set\s+aside)\s+(?:to|for)\s+)?"
    r"(?:(?:a|an|the|our|its)\s+)?(?:(?:two|three|four|five|official)\s+)?",
    re.IGNORECASE,
)

DANGLING = gated_compile(
    r"(?:\s+(?:on|at|from|by|in|to|until|till|is|are|will|be|returns?|starts?|begins?|"
    r"kicks? off|takes? place|happens?|runs?|pour(?:\s+l[ea])?|le|la|les|au|du|am|vom|ab|"
    r"bis(?:\s+zum)?|jusqu['’]au|avant le))+"
    r"[\s.,;:!?]*$",
    re.IGNORECASE,
)

#: Words that open a post title without naming anyone ("This Week in …", "Spring meetups").
TITLE_OPENERS = frozenset(
    """
    a an the this that these our my your its inside how why what where when who notes looking
    spring summer autumn fall winter new weekly monthly daily annual quarterly release releases
    community update updates news newsletter meetups birthdays digest chapter chapters hello
    happy welcome thanks thank recap roundup week month year today tomorrow yesterday
    january february march april may june july august september october november december
    """.split()
)

#: Trailing words of a post title's name that describe the post, not the project.
TITLE_TRAILERS = gated_compile(
    r"(?:\s+(?:community|newsletter|digest|update|updates|news|blog|roundup|recap|weekly|"
    r"monthly|edition|report|bulletin|team|schedule|revised|announced|announcement|wrap-?up|"
    r"(?:have|has)\s+begun|(?:is\s+|now\s+)?open|opens|line-?up|dates|tickets?|sales|"
    r"registration|(?:keynote\s+)?speakers?|program(?:me)?|agenda|timeline|cfps?|"
    r"call\s+for\s+(?:papers|proposals|participation|speakers|talks)))+$",
    re.IGNORECASE,
)

#: "We're happy to announce that": words before the subject of an announcement.
ANNOUNCE_LEAD = gated_compile(
    r"^(?:we\s*(?:'re|’re|\s+are)\s+)?(?:(?:very|so)\s+)?(?:happy|pleased|excited|proud|thrilled|glad)"
    r"\s+to\s+(?:announce|share|confirm|say)\s+(?:that\s+)?",
    re.IGNORECASE,
)

#: "Big news:", "Also on the radar for our friends:", "Next up,": words before the subject of an
#: announcing sentence that are not part of its name.
LEAD_IN = gated_compile(
    r"^(?:.{0,60}:\s+|(?:next up|also|finally|meanwhile|plus|and|so|oh)\s*,?\s+"
    r"|(?:the\s+|our\s+)?(?:current\s+|tentative\s+)?plans?\s+for\s+"
    r"|(?:at\s+this\s+point(?:\s+in\s+time)?|currently|for\s+now|as\s+of\s+now),\s+)",
    re.I,
)

#: A name at the end of a clause: "heading south for PyCon US 2026" → "PyCon US 2026".
TRAILING_NAME = gated_compile(
    r"(?:[A-Z0-9][\w.+&'’-]*)(?:\s+(?:[A-Z0-9][\w.+&'’-]*|of|de|the|and|&|\+|x))*$"
)

#: A remark that a detail is not known yet: "(city to be announced)", "(TBA)".
UNDECIDED = gated_compile(
    r"\b(?:tba|tbd|tbc|to be (?:announced|confirmed|decided|determined)|coming soon|"
    r"details soon)\b",
    re.IGNORECASE,
)

#: A heading over several items ("Upcoming meetups", "Key dates", "Spring calendar"), as
#: opposed to one event's name ("Lisbon: our first meetup").
LIST_HEADING = gated_compile(
    r"\b(?:events|dates|calendar|schedule|roadmap|timeline|meetups|conferences|upcoming|agenda|"
    r"season|program(?:me)?|where to find us|milestones)\b",
    re.IGNORECASE,
)

#: Where a sentence holding two dates splits into clauses, each with its own date: "nominations
#: close Friday, June 6, and voting runs June 10 through June 20".
CLAUSE_BREAK = gated_compile(
    r",\s+and\s+|;\s+|,\s+(?:while|but|with|whereas)\s+|"
    r"\s+and\s+(?=(?:closes?|ends?|opens?|runs?|starts?|begins?)\b)",
    re.IGNORECASE,
)

#: "… at the monthly community call", "… on the birthday stream on": right before a date, the
#: event it names.
EVENT_BEFORE = gated_compile(
    r"\b(?:at|on|in|for|to|during|join)\s+(?:the|our|a|an|this\s+year'?s|this|next)\s+"
    r"(?P<np>(?:[\w'’&+-]+\s+){0,4}?[\w'’&+-]+)(?:\s+(?:next|this|on|coming))?\s*$",
    re.IGNORECASE,
)

#: "… at PGConf.EU in Athens, " (or "at the GeoOpen Konferenz in Göttingen, ") right before a
#: date: the event and its place.
AT_NAME_BEFORE = gated_compile(
    r"\b(?:at|to)\s+(?:the\s+)?(?P<name>[A-Z0-9][\w.+&'’-]*(?:\s+[A-Z0-9][\w.+&'’-]*){0,4}"
    r"(?:\s+(?:conference|summit|meetup|workshop|festival|hackathon|sprint|unconference))?)"
    r"(?:\s+in\s+(?P<place>[A-ZÀ-Ý][\w.'’-]*(?:\s+[A-ZÀ-Ý][\w.'’-]*){0,2}))?\s*,?\s*"
    r"(?:(?:on|from|between)\s+)?(?:the\s+)?$"
)

#: "PyData Leeds on " right before a date in the same segment: the event's name.
NAME_ON = gated_compile(
    r"(?:^|:\s+)(?P<name>[A-Z0-9][\w.+&'’-]*(?:\s+[A-Z0-9][\w.+&'’-]*){0,5})\s+"
    r"(?:is\s+on|takes\s+place\s+on|returns\s+on|on)\s*$"
)

#: " at the Bruntwood building", " at Impact Hub" right after a date: the venue.
AT_VENUE = gated_compile(
    r"\s*,?\s*(?:at|@)\s+(?:the\s+)?(?P<venue>[A-ZÀ-Ý][\w.'’-]*(?:,?\s+[\w.'’-]+){0,5}?)"
    r"\s*[.!]?\s*$"
)

#: "we're at KubeCon NA, booth S23", "find us at FOSDEM": the event someone will be at.
PRESENT_AT = gated_compile(
    r"^(?:we(?:'re|’re| are| will be|'ll be|’ll be)|find us|meet us|see you|join us|catch us)"
    r"\s+(?:also\s+)?at\s+(?P<name>[A-Z0-9][\w.+&'’-]*(?:\s+[A-Z0-9][\w.+&'’-]*){0,5})",
    re.IGNORECASE,
)

#: Words that may open a post title before its subject: "Registration for OpenGeoConf 2026",
#: "Announcing PyCon X".
TITLE_LEADS = frozenset(
    """registration call cfp tickets save announcing introducing join celebrating planning
    welcome welcoming upcoming les la le des du der die das""".split()
)


# perf: every public pattern above is compiled gated by its first characters (the same
# matches, found sooner); a gated pattern's `.pattern` is `(?=[…])(?:…)`, one group, wherever it
# is written into another
