"""The date normalizer: finds date expressions in text and resolves them against a post's date.

This module owns date resolution; it is the only importer of dateparser (used lazily, for
relative phrases on short spans only). Everything else is a small grammar of the forms people
write: `6 September`, `September 6th`, `Sept. 6`, `6th of September`, `2026-08-19`, ranges with
`-`, `–`, `to`, `through`, `&`, `and`, month-only items and ranges, quarters and halves, relative
words, and times with zones.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import zoneinfo
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TypeVar

from extractor.model import Precision

# --------------------------------------------------------------------------- vocabulary

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name[1:], 1):
    MONTHS[_name.lower()] = _number
    MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9
#: German month names (written capitalised, like every German noun).
GERMAN_MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7,
    "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
}  # fmt: skip
MONTHS.update(GERMAN_MONTHS)
#: French month names (written in lower case: a capitalised "Mars" alone is the planet).
FRENCH_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "decembre": 12,
}  # fmt: skip
MONTHS.update(FRENCH_MONTHS)
#: Spanish and Portuguese month names ("25 de enero de 2023", "25 de Janeiro").
IBERIAN_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "janeiro": 1, "fevereiro": 2, "março": 3, "abril": 4, "maio": 5, "junho": 6,
    "julho": 7, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
}  # fmt: skip
MONTHS.update(IBERIAN_MONTHS)
#: Italian and Dutch month names, in lower case ("il 14 luglio", "op 13 april 2027").
ITALIAN_DUTCH_MONTHS = {
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12,
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
}  # fmt: skip
MONTHS.update(ITALIAN_DUTCH_MONTHS)
#: Polish month names as a date writes them (genitive, lower case: "3-4 października").
POLISH_MONTHS = {
    "stycznia": 1, "lutego": 2, "marca": 3, "kwietnia": 4, "maja": 5, "czerwca": 6,
    "lipca": 7, "sierpnia": 8, "września": 9, "wrzesnia": 9, "października": 10,
    "pazdziernika": 10, "listopada": 11, "grudnia": 12,
}  # fmt: skip
MONTHS.update(POLISH_MONTHS)

WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(calendar.day_name):
    WEEKDAYS[_name.lower()] = _number
    WEEKDAYS[_name[:3].lower()] = _number
WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
#: French and German weekdays ("mardi 10 juin", "Samstag, 24. Februar").
WEEKDAYS.update(
    {
        "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
        "dimanche": 6, "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3,
        "freitag": 4, "samstag": 5, "sonnabend": 5, "sonntag": 6,
        "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4,
        "sábado": 5, "sabado": 5, "domingo": 6, "segunda-feira": 0, "terça-feira": 1,
        "terca-feira": 1, "quarta-feira": 2, "quinta-feira": 3, "sexta-feira": 4,
        "lunedì": 0, "martedì": 1, "mercoledì": 2, "giovedì": 3, "venerdì": 4, "sabato": 5,
        "domenica": 6, "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3,
        "vrijdag": 4, "zaterdag": 5, "zondag": 6,
    }
)  # fmt: skip
#: French weekdays as programmes shorten them ("sam 19/11 – 15h"); not "mar" and "mer", which
#: are March and a word. Never a weekday alone (`_WEEKDAY_ALONE`): "Sam, can you …".
FRENCH_SHORT_WEEKDAYS = {"lun": 0, "jeu": 3, "ven": 4, "sam": 5, "dim": 6}
WEEKDAYS.update(FRENCH_SHORT_WEEKDAYS)

#: Zone words, written right after a time, and the IANA zone they stand for. US generic zones
#: are the DST-aware city zones, never fixed offsets.
ZONES: dict[str, str] = {
    "PT": "America/Los_Angeles",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "Pacific": "America/Los_Angeles",
    "Pacific Time": "America/Los_Angeles",
    "Pacific Standard Time": "America/Los_Angeles",
    "Pacific Daylight Time": "America/Los_Angeles",
    "MT": "America/Denver",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "Mountain Time": "America/Denver",
    "CT": "America/Chicago",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "Central Time": "America/Chicago",
    "ET": "America/New_York",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "Eastern": "America/New_York",
    "Eastern Time": "America/New_York",
    "Eastern Standard Time": "America/New_York",
    "Eastern Daylight Time": "America/New_York",
    "AKST": "America/Anchorage",
    "AKDT": "America/Anchorage",
    "HST": "Pacific/Honolulu",
    "Hawaii time": "Pacific/Honolulu",
    "Hawaii Time": "Pacific/Honolulu",
    "Hawaii Standard Time": "Pacific/Honolulu",
    "Alaska time": "America/Anchorage",
    "Alaska Time": "America/Anchorage",
    "Pacific time": "America/Los_Angeles",
    "Mountain time": "America/Denver",
    "Central time": "America/Chicago",
    "Eastern time": "America/New_York",
    "UTC": "UTC",
    "GMT": "UTC",
    "Z": "UTC",
    "Coordinated Universal Time": "UTC",
    "BST": "Europe/London",
    "UK time": "Europe/London",
    "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon",
    "CET": "Europe/Berlin",
    "CEST": "Europe/Berlin",
    "Central European Time": "Europe/Berlin",
    "Central European Summer Time": "Europe/Berlin",
    "EET": "Europe/Athens",
    "EEST": "Europe/Athens",
    "MSK": "Europe/Moscow",
    "IST": "Asia/Kolkata",
    "India Standard Time": "Asia/Kolkata",
    "China Standard Time": "Asia/Shanghai",
    "Beijing Time": "Asia/Shanghai",
    "SGT": "Asia/Singapore",
    "HKT": "Asia/Hong_Kong",
    "JST": "Asia/Tokyo",
    "Japan Standard Time": "Asia/Tokyo",
    "KST": "Asia/Seoul",
    "Korea Standard Time": "Asia/Seoul",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "AWST": "Australia/Perth",
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
    "BRT": "America/Sao_Paulo",
    "ADT": "America/Halifax",
    "NST": "America/St_Johns",
    "NDT": "America/St_Johns",
    "ART": "America/Argentina/Buenos_Aires",
    "CLT": "America/Santiago",
    "COT": "America/Bogota",
    "PET": "America/Lima",
    "WAT": "Africa/Lagos",
    "CAT": "Africa/Maputo",
    "EAT": "Africa/Nairobi",
    "SAST": "Africa/Johannesburg",
    "TRT": "Europe/Istanbul",
    "IDT": "Asia/Jerusalem",
    "IRST": "Asia/Tehran",
    "GST": "Asia/Dubai",
    "PKT": "Asia/Karachi",
    "ICT": "Asia/Bangkok",
    "WIB": "Asia/Jakarta",
    "PHT": "Asia/Manila",
    "PHST": "Asia/Manila",
    "ACST": "Australia/Adelaide",
    "ACDT": "Australia/Adelaide",
    "MEZ": "Europe/Berlin",
    "MESZ": "Europe/Berlin",
    "WEZ": "Europe/Lisbon",
    "OEZ": "Europe/Athens",
    "AoE": "Etc/GMT+12",
    "AOE": "Etc/GMT+12",
    "Anywhere on Earth": "Etc/GMT+12",
}

# --------------------------------------------------------------------------- grammar


def _words(words: str | Iterable[str]) -> str:
    """An alternation of the `|`-separated `words` as a trie ("j(?:an(?:uary)?|u(?:ly|ne))"): the
    engine rejects a place at its first letter instead of trying every word in turn (5–8× faster
    on text with no date). It matches exactly what `(?:w1|w2|…)` followed by a word's end does."""
    trie: dict[str, dict] = {}
    for word in words.split("|") if isinstance(words, str) else words:
        node = trie
        for letter in word.lower():
            node = node.setdefault(letter, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(rest) for ch, rest in sorted(node.items()) if ch]
        if not branches:
            return ""
        if "" not in node:
            return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + "|".join(branches) + ")?"

    return emit(trie)


_MONTH = "(?:" + _words(MONTHS) + r")\.?(?![^\W\d_])"
_WEEKDAY = "(?:" + _words(WEEKDAYS) + r")\.?(?![^\W\d_])"
#: A weekday that may stand alone as a day ("on Saturday", "Jeudi, …"): not a short French one.
_WEEKDAY_ALONE = (
    "(?:" + _words(w for w in WEEKDAYS if w not in FRENCH_SHORT_WEEKDAYS) + r")\.?(?![^\W\d_])"
)
#: The letters a month's and a weekday's name can start with.
_M0 = "".join(sorted({word[0] for word in MONTHS}))
_W0 = "".join(sorted({word[0] for word in WEEKDAYS}))
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th|er)?(?![\d:.]\d|[\d%])"
#: After a listed day: what makes the number an hour, not a day ("Dec 30, 6–10 pm", "Jan 10, 1pm",
#: "Dec 3rd, 12 noon").
_NOT_HOUR = (
    r"(?!\s*(?:[ap]\.?m\b|[ap](?![\w.])|(?:-|–|—|to)\s*\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?m\b|o'?clock"
    r"|noon\b|midnight\b))"  # "Dec 3rd, 12 noon PST"
)
_YEAR = r"(?:19|20)\d\d(?![\d.]\d|\d)"
_DASH = r"\s*(?:-|–|—|‒|→|->|to|through|thru|till|until|bis|au|al|a)\s*"
_AND = r"\s*(?:&|and|und|et|y|e|\+|,)\s*"
#: "31 January & 1 February": two days across a month's end joined as a list, not a range.
_AND_CROSS = r"\s*(?:&|\+|(?:and|e|y|et|und|en|i)\b)\s*"  # "31 gennaio e 1 febbraio"
_WD = rf"(?:(?P<wd>{_WEEKDAY}),?\s+(?:the\s+)?)?"

_PATTERNS: list[tuple[str, str]] = [
    # 2026-09-08 - 2026-09-11
    (
        "iso_range",
        r"\b(?P<y1>\d{4})-(?P<m1>\d\d)-(?P<d1>\d\d)"
        + rf"(?:{_DASH}|\s*/\s*)"  # an ISO 8601 interval: "2026-05-02/2026-05-03"
        + r"(?P<y2>\d{4})-(?P<m2>\d\d)-(?P<d2>\d\d)\b",
    ),
    # 2026-11-03-05, 2026-12-07 - 10: an ISO day and the last day of its range in that month
    (
        "iso_days",
        r"(?<![\d/.-])(?P<y1>\d{4})-(?P<m1>\d\d)-(?P<d1>\d\d)(?:-|\s+[-–]\s+)(?P<d2>[0-3]?\d)"
        r"(?![\d:/.-]|\s*(?:Uhr|h\b|[ap]\.?m))",
    ),
    ("iso", r"(?<![\d/.-])(?P<y1>\d{4})[-/](?P<m1>\d\d)[-/](?P<d1>\d\d)(?![\d/-]|\.\d)"),
    # 28.03.2026, 5.6.2026: day first, as written across Europe (the year makes it a date)
    (
        "dotted",
        r"(?<![\w.])(?P<d1>3[01]|[12]\d|0?[1-9])\. ?(?P<m1>1[0-2]|0?[1-9])\. ?(?P<y1>(?:19|20)\d\d)"
        r"(?![\d]|\.\d)",
    ),
    # 10/14/2026, 14/10/26, Tue 10/14, 10/14 - 10/16: month first unless a number says
    # otherwise (`_slashed`); without a year only after a weekday or opening the text
    (
        "slashed",
        rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?<![\w/.:-])"
        r"(?P<a1>[12]\d|3[01]|0?[1-9])/(?P<b1>[12]\d|3[01]|0?[1-9])(?:/(?P<y1>(?:19|20)?\d\d))?"
        rf"(?:{_DASH}(?P<a2>[12]\d|3[01]|0?[1-9])/(?P<b2>[12]\d|3[01]|0?[1-9])"
        r"(?:/(?P<y2>(?:19|20)?\d\d))?)?"
        r"(?![\w/%]|[.,:]\d|\s*of\b)",
    ),
    # 21.02. 13:00, 05.05 bis 08.05.: day and month with dots and no year, as German lists
    # write them (a date only opening its text or after "am", "vom", "ab", "bis")
    (
        "dotted_short",
        r"(?<![\w.])(?P<d1>3[01]|[12]\d|0?[1-9])\.(?P<m1>1[0-2]|0?[1-9])"
        r"(?:\.(?![\w.])|(?=\s*(?:-|–|—|bis)\s*\d))"
        r"(?:\s*(?:-|–|—|bis)\s*(?P<d2>3[01]|[12]\d|0?[1-9])\.(?P<m2>1[0-2]|0?[1-9])\.?(?!\d))?",
    ),
    # 2024 年 9 月 21 日 - 9 月 22 日, 4月8日: Chinese and Japanese dates
    (
        "cjk",
        r"(?:(?P<y1>\d{4})\s*年\s*)?(?P<m1>1[0-2]|0?[1-9])\s*月\s*(?P<d1>3[01]|[12]\d|0?[1-9])\s*日"
        r"(?:\s*(?:-|–|—|~|〜|～|至|到)\s*(?:(?P<m2>1[0-2]|0?[1-9])\s*月\s*)?"
        r"(?P<d2>3[01]|[12]\d|0?[1-9])\s*日)?",
    ),
    # 30 September - 2 October 2025
    (
        "dmy_cross",
        _WD
        + rf"\b(?P<d1>{_DAY})(?:\s+of)?\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?"
        + _DASH
        + rf"(?:{_WEEKDAY},?\s+)?(?P<d2>{_DAY})(?:\s+of)?\s+(?P<m2>{_MONTH})"
        rf"(?:,?\s+(?P<y2>{_YEAR}))?",
    ),
    # September 30 - October 2, 2025
    (
        "mdy_cross",
        _WD
        + rf"\b(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})(?:,?\s+(?P<y1>{_YEAR}))?"
        + _DASH
        + rf"(?:{_WEEKDAY},?\s+)?(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})"
        rf"(?:,?\s+(?P<y2>{_YEAR}))?",
    ),
    # 31 January & 1 February, January 31 and February 1: two days in a row, across a month
    (
        "dmy_pair",
        _WD
        + rf"\b(?P<d1>{_DAY})(?:\s+of)?\s+(?P<m1>{_MONTH})"
        + _AND_CROSS
        + rf"(?:{_WEEKDAY},?\s+)?(?P<d2>{_DAY})(?:\s+of)?\s+(?P<m2>{_MONTH})"
        rf"(?:,?\s+(?P<y2>{_YEAR}))?",
    ),
    (
        "mdy_pair",
        _WD
        + rf"\b(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})"
        + _AND_CROSS
        + rf"(?:{_WEEKDAY},?\s+)?(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})"
        rf"(?:,?\s+(?P<y2>{_YEAR}))?",
    ),
    # 17-19 October 2025, 29 & 30 April, 6th of September, Saturday 18 and Sunday 19 July (a
    # weekday before a later day only when the first has one: not "1.8.12 — Tuesday 10 May")
    (
        "dmy",
        _WD
        + rf"\b(?<!\.)(?P<d1>{_DAY})\.?"
        + rf"(?:(?:{_DASH}|{_AND})(?(wd)(?:{_WEEKDAY},?\s+)?)(?P<d2>{_DAY})\.?)*"
        + rf"(?:\s+(?:of|de))?\s+(?P<m1>{_MONTH})(?:,?\s+(?:de\s+)?(?P<y1>{_YEAR}))?",
    ),
    # March 6 & 7, September 8-9, 2026, November 10–13
    (
        "mdy",
        _WD
        + rf"\b(?P<m1>{_MONTH})\s+(?:the\s+)?(?P<d1>{_DAY})"
        + rf"(?:(?:{_DASH}|{_AND})(?P<d2>{_DAY}){_NOT_HOUR})*(?:\s?,?\s+(?P<y1>{_YEAR}))?",
    ),
    # July - September, July to September 2026
    (
        "month_range",
        rf"\b(?P<m1>{_MONTH})(?:\s+(?P<y1>{_YEAR}))?{_DASH}(?P<m2>{_MONTH})"
        rf"(?:,?\s+(?P<y2>{_YEAR}))?",
    ),
    # 32 October, October 35th: no such day; found so that it is reported, never placed
    (
        "no_such_day",
        _WD + rf"\b(?P<d1>3[2-9])(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m1>{_MONTH})"
        rf"(?:,?\s+(?P<y1>{_YEAR}))?",
    ),
    (
        "no_such_day",
        _WD + rf"\b(?P<m1>{_MONTH})\s+(?P<d1>3[2-9])(?:st|nd|rd|th)?(?![\d%]|[:.,]\d)"
        rf"(?:,?\s+(?P<y1>{_YEAR}))?",
    ),
    ("quarter", rf"\b(?P<q>Q[1-4]|H[12])\s*(?P<y1>{_YEAR})"),
    ("month", rf"(?<!\d\s)(?<!\d)\b(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?(?!\s*\d)"),
    (
        "relative",
        r"\b(?P<rel>yesterday|today|tonight|tomorrow"
        rf"|(?:this|next|last|coming|this\s+coming)\s+{_WEEKDAY_ALONE}"
        rf"|(?:(?<=\bon\s)|(?<=\bby\s)|(?<=\bcloses\s)|(?<=\bends\s)|(?<=\bdue\s)"
        rf"|(?<=\buntil\s)){_WEEKDAY_ALONE}(?!,?\s*(?:the\s+)?\d)"
        # "Thursday, the team …", "Jeudi soir, …" opening a sentence; "12:45-2:00 Tuesday"
        rf"|(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=\d\s)){_WEEKDAY_ALONE}(?=\s*,|\s+(?:evening|morning|night|"
        r"afternoon|soir|matin|après-midi|abend|nachmittag|vormittag)\b)(?!,?\s*(?:the\s+)?\d)"
        # "continues until the 15th": a day of the month the post is in, or the next
        r"|(?:(?<=\buntil\s)|(?<=\bby\s)|(?<=\bbefore\s)|(?<=\bon\s))the\s+(?:3[01]|[12]\d|0?[1-9])"
        rf"(?:st|nd|rd|th)(?!\s+of\b|\s+{_MONTH}|\s+(?:floor|edition|time|place|row|round|"
        r"anniversary|day|week|year|annual|birthday|street|avenue)\b|\w)"
        rf"|{_WEEKDAY},?\s+the\s+(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)(?!\s+(?:of\s+)?{_MONTH})"
        r"|(?:later|earlier)\s+this\s+month|end\s+of\s+(?:the|this)\s+month|next\s+month"
        r"|in\s+(?:\d+|one|two|three|four|five|six|a)\s+(?:days?|weeks?))\b",
    ),
]

#: The letters a rule's match can start with, looked ahead before it is tried at a place: the
#: engine skips every other place at once (rules led by a weekday also need a word's start).
_STARTS = {
    "iso_range": r"(?=\d)",
    "iso_days": r"(?=\d)",
    "iso": r"(?=\d)",
    "dotted": r"(?=\d)",
    "slashed": rf"(?=[\d{_W0}])",
    "dotted_short": r"(?=\d)",
    "cjk": r"(?=\d)",
    "dmy_cross": rf"(?=[\d{_W0}])\b",
    "mdy_cross": rf"(?=[{_W0}{_M0}])\b",
    "dmy_pair": rf"(?=[\d{_W0}])\b",
    "mdy_pair": rf"(?=[{_W0}{_M0}])\b",
    "dmy": rf"(?=[\d{_W0}])\b",
    "mdy": rf"(?=[{_W0}{_M0}])\b",
    "month_range": rf"(?=[{_M0}])",
    "no_such_day": rf"(?=[\d{_W0}{_M0}])\b",
    "quarter": r"(?=[qh])",
    "month": rf"(?=[{_M0}])",
    "relative": rf"(?=[ytnlcei{_W0}])",
}
_COMPILED = [
    (name, re.compile(_STARTS.get(name, "") + rx, re.IGNORECASE)) for name, rx in _PATTERNS
]


def _city_zones() -> dict[str, str]:
    """IANA zones by their city, as people write them ("Paris", "New York", "Sao Paulo")."""
    cities: dict[str, str] = {}
    for name in _zone_names():
        area, _, city = name.rpartition("/")
        if area.split("/")[0] not in _CITY_AREAS or not city[:1].isupper():
            continue
        cities.setdefault(city.replace("_", " "), name)
    return cities


def _zone_names() -> list[str]:
    """The IANA zone names, from the `tzdata` package's list (a few milliseconds, and the same
    on every machine), else from the system's zone files (tens of milliseconds to walk)."""
    try:
        from importlib.resources import files

        return sorted(files("tzdata").joinpath("zones").read_text(encoding="utf-8").split())
    except (ModuleNotFoundError, OSError):
        return sorted(zoneinfo.available_timezones())


_CITY_AREAS = frozenset(
    ("Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")
)

#: Cities of the IANA database: "18:00 (Paris time)", "local time in Lisbon" name a zone.
CITY_ZONES = _city_zones()

#: A city's name as the grammar reads it (`CITY_ZONES` says whether it is one): capitalised
#: words, not the 467 names themselves, which would cost milliseconds to compile in each pattern.
_CITY_NAMES = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}"
_CITY_RX = (
    rf"(?-i:local\s+time\s+in\s+(?P<city1>{_CITY_NAMES})"
    rf"|(?P<city2>{_CITY_NAMES})(?:\s+local)?\s+time)\b"
)
_DIGIT = re.compile(r"\d")
_SLASH = re.compile(r"\d/\d")
_CJK = re.compile(r"\d\s*月")
_MONTH_HINT = re.compile(
    "(?=[jfmasondéglekcpwz])"
    + _words(
        "jan|feb|fév|fev|mar|mär|apr|avr|may|mai|jun|jui|jul|aug|aoû|aou|sep|oct|okt|nov|dec"
        "|dez|déc|ene|abr|ago|set|out|dic|gen|mag|giu|lug|ott|maa|mei|jän"
        "|sty|lut|kwi|cze|lip|sie|wrz|paź|paz|lis|gru"
    ),
    re.IGNORECASE,
)
_RELATIVE_HINT = re.compile(
    "(?:"
    + _words(["day", "week", "month", "tomorrow", "tonight", *{w[:3] for w in WEEKDAYS}])
    + r"|the\s+\d)",  # "until the 15th"; every weekday's first letters ("Jeudi, …")
    re.IGNORECASE,
)
#: perf: a day and a month with dots ("28.03.2026", "21.02."); a day past 31 ("32 October"); the
#: "and" of two days across a month's end ("31 January & 1 February").
_DOTTED_HINT = re.compile(r"\d\. ?\d")
_NO_SUCH_DAY_HINT = re.compile(r"3[2-9]")
_AND_CROSS_HINT = re.compile(r"[&+]|and|\b(?:e|y|et|und|en|i)\b", re.IGNORECASE)
#: What a text must hold for a rule of `_PATTERNS` to match at all (a rule not listed is always
#: tried): three quick searches spare most prose, which names no date, the whole grammar.
#: Searched lazily, in the order listed, and only once per text.
NEEDS: dict[str, tuple[re.Pattern[str], ...]] = {
    "slashed": (_SLASH,),
    "dotted": (_DOTTED_HINT,),  # perf
    "dotted_short": (_DOTTED_HINT,),  # perf: was _DIGIT
    "dmy_pair": (_DIGIT, _MONTH_HINT, _AND_CROSS_HINT),  # perf
    "mdy_pair": (_DIGIT, _MONTH_HINT, _AND_CROSS_HINT),  # perf
    "no_such_day": (_NO_SUCH_DAY_HINT, _MONTH_HINT),  # perf
    "cjk": (_CJK,),
    "iso_range": (_DIGIT,),
    "iso_days": (_DIGIT,),
    "iso": (_DIGIT,),
    "dmy_cross": (_DIGIT, _MONTH_HINT),
    "mdy_cross": (_DIGIT, _MONTH_HINT),
    "dmy": (_DIGIT, _MONTH_HINT),
    "mdy": (_DIGIT, _MONTH_HINT),
    "month_range": (_MONTH_HINT,),
    "quarter": (_DIGIT,),
    "month": (_MONTH_HINT,),
    "relative": (_RELATIVE_HINT,),
}

_ZONE_NAMES = sorted(ZONES, key=len, reverse=True)
_ZONE_RX = "|".join(re.escape(z) for z in _ZONE_NAMES)
_OFFSET_RX = r"(?:UTC|GMT)\s?[+-−]\s?\d{1,2}(?::?\d\d)?"
#: A zone written by its IANA name: "(Europe/Berlin)", "America/Sao_Paulo".
_IANA_RX = (
    r"(?-i:(?:Europe|America|Asia|Africa|Australia|Pacific|Atlantic|Indian)"
    r"/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?)"
)
_TIME = re.compile(
    r"(?=[\dnm午])(?<![\d:.])(?:"
    r"(?P<jp>午前|午後)?(?P<h8>[01]?\d|2[0-3])時(?:(?P<m8>[0-5]?\d)分)?"  # 午後7時, 19時30分
    r"|"
    r"(?<![\w:.])(?<!room )(?<!raum )(?<!hall )(?<!level )(?<!floor )(?<!salle )(?<!sala )"
    r"(?P<h>[01]?\d|2[0-3])(?:[:.]|h(?=[0-5]\d))(?P<m>[0-5]\d)(?::[0-5]\d|mn\b|min\b)?"  # "13h30mn"
    r"(?:\s*(?P<ap>[ap]\.?m\.?))?"
    r"|(?P<h2>1[0-2]|0?[1-9])\s*(?P<ap2>[ap]\.?m\.?)"
    r"|(?P<h3>[01]\d|2[0-3])(?P<m3>[0-5]\d)"
    # "1900 UTC", "1800-1900 hours"
    r"(?=(?:\s*[-–]\s*(?:[01]\d|2[0-3])[0-5]\d)?\s*(?:UTC|GMT|Z\b|hrs|hours|h\b))"
    r"|(?P<h4>1[0-2]|0?[1-9])(?=\s*(?:-|–|—|to)\s*(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s*[ap]\.?m)"
    r"|(?P<h5>[01]?\d|2[0-3])(?=\s*(?:(?:-|–|—|bis)\s*(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*)?"
    r"(?:Uhr|uur|hs|horas)\b)"  # "ab 19 Uhr", "von 14-19 Uhr", "a las 19 hs"
    r"|(?:(?<=à\s)|(?<=às\s)|(?<=dès\s)|(?<=vers\s)|(?<=–\s)|(?<=,\s))"
    r"(?P<h6>[01]?\d|2[0-3])h(?![\w])"  # "à 11h", "(sam 19/11 – 15h)"
    r"|(?<=,\s)(?P<h7>1[0-2]|0?[1-9])(?P<ap7>[ap])(?![\w.])"  # "Saturday, March 13th, 3p"
    r"|(?<![\w-])(?P<noon>noon|midnight)"
    r")(?!\d|:\d|\.\d)(?:\s*(?:Uhr|uur|hs|horas)\b)?"  # "ab 18.00 Uhr", "om 19.30 uur"
    r"(?:\s*(?:-|–|—|to|bis|à)\s*(?P<h_end>[01]?\d|2[0-3])(?:[:.h][0-5]\d|h\b)?(?:\s*Uhr\b)?"
    r"(?:\s*(?P<ap_end>[ap]\.?m\.?))?(?!\d|:\d))?"
    rf"(?:\s*(?:,\s*)?(?:\(\s*)?(?:(?P<zone>{_OFFSET_RX}|(?-i:{_ZONE_RX})|{_IANA_RX})\b"
    rf"|(?P<city>{_CITY_RX})\)?)\)?)?",
    re.IGNORECASE,
)

_CAPITALISED = re.compile(r"[A-Z]")


class _Deferred:
    """A pattern compiled on its first use. The zone notes below embed every IANA city name,
    so each costs milliseconds to compile, and most posts never reach them."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    @cached_property
    def rx(self) -> re.Pattern[str]:
        return re.compile(self.pattern, self.flags)


#: A zone as written on its own: "UTC", "CET", "UTC+2", "Berlin time".
_A_ZONE = (
    rf"(?:(?P<zone>{_OFFSET_RX}|(?-i:{_ZONE_RX}))\b|(?P<city>{_CITY_RX})"
    r"|(?P<place>(?-i:[A-Z][a-z]+))\s+time\b)"
)

#: A zone said once for the times of a post or section: "All times below are UTC", "All times
#: in CET", "Times are Pacific Time", "Time zone: UTC", "(all times UTC)".
_STATED_ZONE = _Deferred(
    r"\b(?:all\s+(?:the\s+)?times?|times?\s+(?:below|above|here|listed|shown|given|on\s+this\s+page)"
    r"|(?:the\s+)?times(?=\s+are\b)|time\s*zone\s*:)"
    r"(?:\s+(?:below|above|here|listed|shown|given|on\s+this\s+page|in\s+this\s+post))?"
    r"(?:\s+(?:are|is))?(?:\s+(?:all|given|shown|listed))?(?:\s+in)?\s+" + _A_ZONE,
    re.IGNORECASE,
)

#: A table column whose header gives the zone of its times: "Time (UTC)", "When (CET)",
#: "Start, UTC", "UTC time", "Time [PT]".
_COLUMN_ZONE = _Deferred(
    r"^\s*(?:(?:time|times|when|start|starts|start\s+time|date|date\s*(?:and|&|/)\s*time|hours?|slot|"
    r"deadline|due|closes|ends?|opens|until)"
    r"\s*(?:[(\[,]\s*(?:in\s+)?" + _A_ZONE + r"\s*[)\]]?)"
    r"|" + _A_ZONE.replace("?P<", "?P<x") + r"\s+(?:time|times|start))\s*$",
    re.IGNORECASE,
)


def _named_zone(match: re.Match[str]) -> str | None:
    g = match.groupdict()
    city = g.get("city1") or g.get("city2") or g.get("xcity1") or g.get("xcity2")
    if city:
        return CITY_ZONES.get(city)
    place = g.get("place") or g.get("xplace")
    if place:
        return CITY_ZONES.get(place)  # "Berlin time"; "Pacific time" is a zone word
    return _zone(g.get("zone") or g.get("xzone"))


#: A heading that ends with the zone of the times under it: "Sprint schedule (UTC)".
_HEADING_ZONE = _Deferred(  # "Sprint schedule (UTC)", "Upcoming Streams (Times in PST)"
    r"\(\s*(?:(?:all\s+)?times?\s+(?:are\s+)?)?(?:in\s+)?" + _A_ZONE + r"\s*\)\s*$", re.IGNORECASE
)


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def stated_zone(text: str, *, heading: bool = False) -> str | None:
    """The zone a sentence or heading gives every time of the post or section ("All times
    below are UTC"; for a heading also "Sprint schedule (UTC)"), or None."""
    found = None
    if "time" in text.lower():  # every form of the note says "time(s)"
        found = _STATED_ZONE.rx.search(text)
    if found is None and heading and text.rstrip().endswith(")"):
        found = _HEADING_ZONE.rx.search(text)
    return _named_zone(found) if found else None


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def without_zone_note(heading: str) -> str:
    """A heading without the zone note it ends with: "Office hours (UTC)" → "Office hours"."""
    if not heading.rstrip().endswith(")"):
        return heading.rstrip()
    return _HEADING_ZONE.rx.sub("", heading).rstrip()


@lru_cache(maxsize=8192)  # perf: pure str → immutable, asked again of the same texts
def column_zone(header: str) -> str | None:
    """The zone a table column's header gives its times ("Time (UTC)", "When (CET)"), or None."""
    found = _COLUMN_ZONE.rx.match(header)
    return _named_zone(found) if found else None


_Record = TypeVar("_Record")


def replace(record: _Record, /, **changes: object) -> _Record:
    """perf: `dataclasses.replace` for the records that have no `__post_init__` and no
    `init=False` field (`DateSpan`, `Resolved`, `Draft`): a copy of the instance's fields, with
    `changes` (several times faster than going through `__init__`)."""
    new = object.__new__(type(record))
    new.__dict__.update(record.__dict__)
    new.__dict__.update(changes)
    return new


@dataclass(frozen=True)
class DateSpan:
    """A date expression found in a text, before its year is chosen."""

    start: int
    """Offset of the expression in the text."""
    end: int
    form: str
    """Which grammar rule matched (`dmy`, `iso`, `month`, `relative` …)."""
    m1: int = 0
    d1: int | None = None
    y1: int | None = None
    m2: int | None = None
    d2: int | None = None
    y2: int | None = None
    weekday: int | None = None
    relative: str | None = None
    hour: int | None = None
    minute: int = 0
    zone: str | None = None
    """IANA zone of the time, when a zone was written."""
    time_end: int | None = None
    """Offset just after the time (and zone), when one was attached after the date."""
    time_start: int | None = None
    """Offset of the time, when one was attached before the date ("23:59 UTC on 15 May")."""
    beside: str | None = None
    """A relative word this explicit date overlapped and won over ("this Friday")."""
    named_year: int | None = None
    """For a date without a year: the year of an event named with it ("JuliaCon 2025")."""

    @property
    def precision(self) -> Precision:
        """`day` for dated days, `month` for month-only items, quarters and halves."""
        if self.form in ("month", "month_range", "quarter"):
            return Precision.MONTH
        if self.relative and "month" in self.relative:
            return Precision.MONTH
        return Precision.DAY

    @property
    def explicit_year(self) -> bool:
        """True when the text gives the year."""
        return self.y1 is not None or self.y2 is not None

    @property
    def key(self) -> tuple[int, int | None, int | None, int | None]:
        """Month and days, year left out: how the same date is recognised elsewhere in a post."""
        return (self.m1, self.d1, self.m2, self.d2)


@dataclass(frozen=True)
class Resolved:
    """A date expression placed in the calendar."""

    start: dt.date
    end: dt.date
    """Inclusive last day."""
    precision: Precision
    time: dt.time | None = None
    zone: str | None = None
    reason: str = ""
    """How the date and its year were chosen ("weekday Friday agrees with 2026 …")."""
    warning: str | None = None
    """What in the text contradicts the date it was kept at (a weekday that does not match)."""


def _month(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _day(word: str) -> int:
    return int(re.match(r"\d+", word).group())  # type: ignore[union-attr]


#: Weekdays written in lower case: French, Spanish, Portuguese, Italian, Dutch.
# fmt: off
_LOWER_CASE_WEEKDAYS = frozenset({
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes",
    "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo",
    "segunda-feira", "terça-feira", "terca-feira", "quarta-feira", "quinta-feira",
    "sexta-feira", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "domenica",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
})
# fmt: on
_LOWER_CASE_NAMES = (
    frozenset(FRENCH_MONTHS)
    | frozenset(IBERIAN_MONTHS)
    | frozenset(ITALIAN_DUTCH_MONTHS)
    | frozenset(POLISH_MONTHS)
    | _LOWER_CASE_WEEKDAYS
    | frozenset(FRENCH_SHORT_WEEKDAYS)
)


def _capitalised(match: re.Match[str], *groups: str) -> bool:
    """Month and weekday words must be capitalised ("may" is a verb, "March" a month), as
    English and German write them; French writes them in lower case ("mardi 10 juin"), and its
    "Mars" alone is the planet."""
    for group in groups:
        word = match.groupdict().get(group)
        if not word:
            continue
        french = word.rstrip(".").lower() in _LOWER_CASE_NAMES
        planet = word.lower() == "mars" and word[:1].isupper()
        if planet and not match.groupdict().get("d1"):
            return False
        if not french and not _CAPITALISED.match(word) and not _lower_case_allowed(match, group):
            return False
    return True


#: Month words a day number before them does not make a date in lower case ("17 may" may be).
_AMBIGUOUS_LOWER = frozenset(("may", "mar", "march", "jan", "sat", "sun", "wed"))


def _lower_case_allowed(match: re.Match[str], group: str) -> bool:
    """A month in lower case after its day ("17 - 19 august 2012", as a stylised line writes
    it): a date when the word is no verb or the year follows."""
    g = match.groupdict()
    if group not in ("m1", "m2") or not g.get("d1") or match.start("d1") > match.start(group):
        return False
    word = (g.get(group) or "").rstrip(".").lower()
    return word not in _AMBIGUOUS_LOWER or bool(g.get("y1") or g.get("y2"))


def _span_of(name: str, match: re.Match[str]) -> DateSpan | None:
    g = match.groupdict()
    weekday = WEEKDAYS[g["wd"].rstrip(".").lower()] if g.get("wd") else None
    base = DateSpan(match.start(), match.end(), name, weekday=weekday)
    if name == "dotted":
        return replace(base, y1=int(g["y1"]), m1=int(g["m1"]), d1=int(g["d1"]))
    if name == "slashed":
        return _slashed(match, base)
    if name == "cjk":
        year = int(g["y1"]) if g["y1"] else None
        first, day = int(g["m1"]), int(g["d1"])
        if g["d2"] is None:
            return replace(base, y1=year, m1=first, d1=day)
        last = int(g["m2"]) if g["m2"] else first
        return replace(base, y1=year, m1=first, d1=day, m2=last, d2=int(g["d2"]), y2=year)
    if name == "dotted_short":
        before = match.string[: match.start()]
        if before.strip(" *_#>|-•·\t") and not re.search(
            r"(?i)\b(?:am|vom|ab|bis|den)\s*$", before
        ):
            return None  # "version 2.1." in a sentence
        if g["d2"] is None:
            return replace(base, m1=int(g["m1"]), d1=int(g["d1"]))
        return replace(base, m1=int(g["m1"]), d1=int(g["d1"]), m2=int(g["m2"]), d2=int(g["d2"]))
    if name == "iso_days":
        first, last = int(g["d1"]), int(g["d2"])
        if not first < last <= 31:
            return None  # "2026-11-02 - 1": no range
        year, month = int(g["y1"]), int(g["m1"])
        return replace(base, y1=year, m1=month, d1=first, y2=year, m2=month, d2=last)
    if name in ("iso", "iso_range"):
        return replace(
            base,
            y1=int(g["y1"]),
            m1=int(g["m1"]),
            d1=int(g["d1"]),
            y2=int(g["y2"]) if g.get("y2") else None,
            m2=int(g["m2"]) if g.get("m2") else None,
            d2=int(g["d2"]) if g.get("d2") else None,
        )
    if not _capitalised(match, "m1", "m2", "wd"):
        return None
    if name == "relative":
        rel = " ".join(g["rel"].lower().split())
        parts = rel.split()
        if parts[-1].rstrip(".") in WEEKDAYS and not _CAPITALISED.match(g["rel"].split()[-1]):
            return None
        return replace(base, relative=rel)
    if name == "quarter":
        q = g["q"].upper()
        first, last = (
            ((int(q[1]) - 1) * 3 + 1, int(q[1]) * 3)
            if q[0] == "Q"
            else ((1, 6) if q == "H1" else (7, 12))
        )
        year = int(g["y1"])
        return replace(base, m1=first, y1=year, m2=last, y2=year)
    y1 = int(g["y1"]) if g.get("y1") else None
    y2 = int(g["y2"]) if g.get("y2") else None
    if name == "month" and y1 is None and g["m1"].lower() in ITALIAN_DUTCH_MONTHS | POLISH_MONTHS:
        return None  # "Mei Chen", "maggio" alone: a month only with its year
    m1 = _month(g["m1"])
    m2 = _month(g["m2"]) if g.get("m2") else None
    d1 = _day(g["d1"]) if g.get("d1") else None
    if name in ("dmy", "mdy"):
        # `d2` holds the last of the listed days ("3, 4 and 5 May" → 3–5).
        d2 = _day(g["d2"]) if g.get("d2") else None
        if d2 is not None and d1 is not None and d2 <= d1 and d1 >= 25 and d2 <= 7:
            # "Sept 30-01", "29–2 October": a range across the month's end
            if name == "mdy":
                return replace(base, m1=m1, d1=d1, m2=m1 % 12 + 1, d2=d2, y1=y1)
            return replace(base, m1=(m1 - 2) % 12 + 1, d1=d1, m2=m1, d2=d2, y2=y1)
        if (
            d2 is not None
            and d1 is not None
            and d2 <= d1
            and name == "mdy"
            and y1 is None
            and re.match(r"\s+[^\W\d_]", match.string[match.end() :])
        ):
            # "January 11 - 10 things you can use in PostgreSQL": the day, then a title
            return replace(base, end=match.end("d1"), m1=m1, d1=d1)
        if d2 is not None and d1 is not None and d2 <= d1:
            return None  # "5-3 May", or a list that is not a range
        return replace(base, m1=m1, d1=d1, d2=d2, m2=m1 if d2 else None, y1=y1)
    d2 = _day(g["d2"]) if g.get("d2") else None
    if name == "month_range" and m2 == m1 and y1 == y2:
        return None
    if name in ("dmy_pair", "mdy_pair"):
        # two days joined by "and" are one item only when they follow each other ("31 January
        # & 1 February", "Sat 30 May & Sun 31 May"); "5 May and 8 June" are two dates
        ends: tuple[int, ...] = (28, 29) if m1 == 2 else (calendar.monthrange(2001, m1)[1],)
        next_month = m2 == m1 % 12 + 1 and d2 == 1 and d1 in ends
        if not (next_month or (m2 == m1 and d1 is not None and d2 == d1 + 1)):
            return None
    return replace(base, m1=m1, d1=d1, y1=y1, m2=m2, d2=d2, y2=y2)


#: A slashed date that can only be read one way: day first ("14/10") or month first ("10/14").
_DAY_FIRST = re.compile(r"(?<![\w/.])(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])(?![\d])")
_MONTH_FIRST = re.compile(r"(?<![\w/.])(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])(?![\d])")


def _slashed(match: re.Match[str], base: DateSpan) -> DateSpan | None:
    """A numeric date with slashes, month first as in the US unless a day above 12 (in it or
    in another slashed date of the text) says the writer puts the day first. Without a year it
    is a date only after a weekday ("Tue 10/14") or opening the text (a listing's date column)."""
    g = match.groupdict()
    text = match.string
    yearless = g["y1"] is None and g["y2"] is None and base.weekday is None
    if yearless and (text[: match.start()].strip(" *_#>|-•·\t") or g["a1"] + g["b1"] == "247"):
        return None  # not opening the text, or "24/7"
    firsts = [int(g["a1"])] + ([int(g["a2"])] if g["a2"] else [])
    seconds = [int(g["b1"])] + ([int(g["b2"])] if g["b2"] else [])
    if any(n > 12 for n in firsts):
        day_first = True
    elif any(n > 12 for n in seconds):
        day_first = False
    elif len(firsts) == 2 and seconds[0] == seconds[1] and firsts[0] != firsts[1]:
        day_first = True  # "01/02/25 - 02/02/25": the days change, the month stays
    elif len(firsts) == 2 and firsts[0] == firsts[1] and seconds[0] != seconds[1]:
        day_first = False
    else:
        day_first = bool(_DAY_FIRST.search(text)) and not _MONTH_FIRST.search(text)
    days, months = (firsts, seconds) if day_first else (seconds, firsts)
    if any(n > 12 for n in months):
        return None  # "13/14": neither way round

    def year(raw: str | None) -> int | None:
        return None if raw is None else int(raw) + (2000 if len(raw) == 2 else 0)

    y1, y2 = year(g["y1"]), year(g["y2"])
    if len(days) == 1:
        return replace(base, y1=y1, m1=months[0], d1=days[0])
    if y1 is None and y2 is not None and (months[0], days[0]) <= (months[1], days[1]):
        y1 = y2
    return replace(base, y1=y1, m1=months[0], d1=days[0], y2=y2, m2=months[1], d2=days[1])


def _attach_time(text: str, span: DateSpan, limit: int) -> DateSpan:
    """The first time written shortly after the date (before `limit`), e.g. "at 23:59 PT"."""
    window = text[span.end : min(limit, span.end + 40)]
    lead = re.match(
        r"\s*(?:,\s*(?=at\b|@|from\b|by\b|starting\b|beginning\b))?"  # "January 9, at 23:59 PT"
        r"(?:,|at|@|from|von|(?:starting|beginning)(?:\s+at)?|by|um|ab|às|as|à|a\s+las|"
        r"alle(?:\s+ore)?|dalle(?:\s+ore)?|ore|om|vanaf|a\s+partir\s+"
        r"(?:de\s+|das\s+)?|\(|-|–|—|·|•|\||T(?=\d\d:\d\d))?"
        r"\s*(?:~|ca\.\s*|around\s+|approx\.?\s*)?",  # "March 11th, ~8pm"
        window,
    )
    # Matched in the window, not a slice of it: a time's look-behinds see what precedes it
    # ("à 11h", "March 13th, 3p").
    start = lead.end() if lead else 0
    if window[:start].endswith("T"):  # "2026-05-07T18:30Z": the time after ISO's "T"
        window, offset, start = window[start:], span.end + start, 0
    else:
        offset = span.end
    match = _TIME.match(window, start)
    if not match:
        return span
    return _with_time(span, match, offset)


#: A sentence after a date that says when it starts: "… Starts at 8:30pm.", "Doors open at 6pm."
_STARTS_AT = re.compile(
    r"(?:^|[.!?]\s+)(?:it\s+|we\s+|the\s+\w+\s+)?(?:starts?|begins?|kicks?\s+off|doors\s+open)"
    r"(?:\s+also)?\s+at\s+",
    re.IGNORECASE,
)


def _attach_start_sentence(text: str, span: DateSpan, limit: int) -> DateSpan:
    """The time a later sentence before the next date gives ("On November 2 we'll have the
    Cozy Map evening … Starts at 8:30pm."), within a few sentences."""
    window = text[span.end : min(limit, span.end + 300)]
    said = _STARTS_AT.search(window)
    if said is None:
        return span
    match = _TIME.match(window, said.end())
    if match is None:
        return span
    timed = _with_time(span, match, span.end)
    return replace(timed, time_end=None) if timed.hour is not None else span


def _with_time(span: DateSpan, match: re.Match[str], offset: int) -> DateSpan:
    g = match.groupdict()
    if g.get("noon"):
        hour, minute = (12, 0) if g["noon"].lower() == "noon" else (0, 0)
        ampm = None
    elif g.get("h") is not None:
        hour, minute, ampm = int(g["h"]), int(g["m"]), g.get("ap")
    elif g.get("h2") is not None:
        hour, minute, ampm = int(g["h2"]), 0, g.get("ap2")
    elif g.get("h4") is not None:
        hour, minute, ampm = int(g["h4"]), 0, None
    elif g.get("h5") is not None:
        hour, minute, ampm = int(g["h5"]), 0, None
    elif g.get("h6") is not None:
        hour, minute, ampm = int(g["h6"]), 0, None
    elif g.get("h7") is not None:
        hour, minute, ampm = int(g["h7"]), 0, g["ap7"]
    elif g.get("h8") is not None:
        hour, minute = int(g["h8"]), int(g["m8"] or 0)
        ampm = {"午前": "am", "午後": "pm"}.get(g["jp"] or "")
    else:
        hour, minute, ampm = int(g["h3"]), int(g["m3"]), None
    if ampm is None and g.get("ap_end") and hour <= 12:
        # "6–10 pm", "6:30–8:30 pm": the range's am/pm holds for its start, unless the range
        # runs across noon ("11–1 pm" starts at 11 am).
        end = int(g["h_end"])
        pm_end = g["ap_end"].lower().startswith("p")
        ampm = "pm" if pm_end and (hour % 12) <= (end % 12) else "am"
    if ampm:
        pm = ampm.lower().startswith("p")
        if hour > 12:
            return span
        hour = (hour % 12) + (12 if pm else 0)
    elif (
        g.get("h") is not None
        and len(g["h"]) == 1
        and 1 <= hour <= 7
        and g.get("h_end")
        and hour < int(g["h_end"]) <= 11
    ):  # "Time: 6:30 – 8:00": a range of one-digit hours with no am/pm is an evening (a
        # morning is written "06:30" or "6:30 am"; 24-hour clocks write 18:30)
        hour += 12
    city = g.get("city1") or g.get("city2")
    zone = CITY_ZONES.get(city) if city else _zone(g.get("zone"))
    military = re.match(r"(?:\s*[-–]\s*\d{4})?\s*(?:hrs|hours|h)\b", match.string[match.end() :])
    if g.get("h3") is not None and zone is None and not military:
        return span  # "1900" alone is no time; "1900 UTC" and "1800-1900 hours" are
    timed = replace(span, hour=hour, minute=minute, zone=zone, time_end=offset + match.end())
    if zone is not None and zone.startswith("Etc/"):
        return _local_twin(match.string, timed, match.end(), offset) or timed
    return timed


def _local_twin(text: str, span: DateSpan, end: int, offset: int) -> DateSpan | None:
    """ "09:59 AM AoE, 23:59 CEST (Berlin time)": the same moment said again in a place's zone,
    which a reader of that place's calendar would recognise; None when there is none."""
    said = re.match(r"\s*(?:,|/|\(|or|\|)\s*", text[end:])
    if said is None or span.hour is None or span.zone is None:
        return None
    twin = _TIME.match(text, end + said.end())
    if twin is None:
        return None
    other = _with_time(replace(span, zone=None, hour=None), twin, 0)
    if other.hour is None or other.zone is None or other.zone.startswith("Etc/"):
        return None
    day = dt.date(2001, span.m1 or 1, min(span.d1 or 1, 28))
    first = dt.datetime.combine(day, dt.time(span.hour, span.minute), zoneinfo.ZoneInfo(span.zone))
    second = first.astimezone(zoneinfo.ZoneInfo(other.zone))
    if (second.hour, second.minute) != (other.hour, other.minute):
        return None
    return replace(other, time_end=offset + twin.end())


def _zone(word: str | None) -> str | None:
    if not word:
        return None
    if word in ZONES:
        return ZONES[word]
    if "/" in word:
        return word if word in zoneinfo.available_timezones() else None  # "Europe/Berlin"
    m = re.fullmatch(r"(?:UTC|GMT)\s?([+-−])\s?(\d{1,2})(?::?(\d\d))?", word, re.IGNORECASE)
    if not m:
        return None
    sign = -1 if m.group(1) in "-−" else 1
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if minutes:
        half_hour = {
            (1, 5, 30): "Asia/Kolkata",
            (1, 9, 30): "Australia/Darwin",
            (-1, 3, 30): "America/St_Johns",
            (1, 5, 45): "Asia/Kathmandu",
        }
        return half_hour.get((sign, hours, minutes))
    if hours == 0:
        return "UTC"
    if hours > 14:
        return None
    # POSIX-style Etc zones have the sign reversed: UTC+2 is Etc/GMT-2.
    return f"Etc/GMT{'-' if sign > 0 else '+'}{hours}"


#: Recent texts with every date expression in them and how many candidates the grammar found
#: (a post's blocks are searched several times: by the limits, the context, the detectors).
_FOUND: OrderedDict[str, tuple[tuple[DateSpan, ...], int]] = OrderedDict()
_FOUND_SIZE = 1024


def find_dates(text: str, *, max_spans: int = 10_000) -> list[DateSpan]:
    """Every date expression in `text`, left to right, without overlaps (longest wins).

    The rules stop once they have found more than `max_spans` candidates, and at most
    `max_spans` expressions are returned.
    """
    known = _FOUND.get(text)
    if known is not None and known[1] <= max_spans:  # the search would not stop early
        _FOUND.move_to_end(text)
        return list(known[0])
    found: list[DateSpan] = []
    holds: dict[re.Pattern[str], bool] = {}  # perf: each hint searched once, only when asked
    for name, rx in _COMPILED:
        missing = False
        for hint in NEEDS.get(name, ()):
            held = holds.get(hint)
            if held is None:
                held = holds[hint] = hint.search(text) is not None
            if not held:
                missing = True
                break
        if missing:
            continue
        for match in rx.finditer(text):
            span = _span_of(name, match)
            if span is not None:
                found.append(span)
        if len(found) > max_spans:
            return _spans(text, found)[:max_spans]
    out = _spans(text, found)
    _FOUND[text] = (tuple(out), len(found))
    if len(_FOUND) > _FOUND_SIZE:
        _FOUND.popitem(last=False)
    return out


_CLOSES_ON_WEEKDAY = re.compile(r"\b(?:closes|ends|due|until)\s$", re.IGNORECASE)


def _spans(text: str, found: list[DateSpan]) -> list[DateSpan]:
    """The candidates `found` without overlaps, in order, with their times."""
    # Explicit dates first, longest first at each place; a relative word only where no explicit
    # date overlaps it ("this Friday, November 7" is 7 November).
    found.sort(key=lambda s: (s.relative is not None, s.start, -(s.end - s.start)))
    kept: list[DateSpan] = []
    for span in found:
        overlap = [i for i, o in enumerate(kept) if span.start < o.end and o.start < span.end]
        if overlap and span.relative:
            kept[overlap[0]] = replace(kept[overlap[0]], beside=span.relative)
        if overlap:
            continue
        kept.append(span)
    kept.sort(key=lambda s: s.start)
    if any(s.relative is None and s.d1 is not None for s in kept):
        # "on Saturday" names a day only where no date does ("Come find him on Saturday at
        # 14:40"): beside "12 May", it is that date said again
        kept = [
            s
            for s in kept
            if (s.relative or "").rstrip(".") not in WEEKDAYS
            or _CLOSES_ON_WEEKDAY.search(text, 0, s.start)  # "(9-12 Sept) closes Monday"
        ]
    kept = _restated_relatives(text, kept)
    out: list[DateSpan] = []
    for i, span in enumerate(kept):
        if span.precision is Precision.DAY:
            limit = kept[i + 1].start if i + 1 < len(kept) else len(text)
            floor = kept[i - 1].end if i else 0
            span = _attach_time(text, span, limit)
            if span.hour is None:
                span = _attach_time_before(text, span, floor)
            if span.hour is None:
                span = _attach_start_sentence(text, span, limit)
        out.append(span)
    out = _joined_days(text, out)
    if _YEARISH.search(text):  # a name with its year needs a year somewhere in the text
        out = [_named_year(text, span, out) for span in out]
    if re.search(r"(?i)days|weekend", text):  # "two days of tutorials on", "the weekend of"
        out = [_days_of(text, span) for span in out]
    if len(out) == 1 and out[0].hour is None and out[0].precision is Precision.DAY:
        times = list(_TIME.finditer(text))
        times = [  # "1800-1900 hours": one time, the end of its range is no other
            t
            for k, t in enumerate(times)
            if not k or not re.fullmatch(r"\s*[-–]\s*", text[times[k - 1].end() : t.start()])
        ]
        if len(times) == 1 and (times[0].start() >= out[0].end or times[0].end() <= out[0].start):
            out[0] = _with_time(out[0], times[0], 0)
            out[0] = replace(out[0], time_end=None)
    return out


#: A day number without its month: "13th-15th", "Thursday 19", "Friday 20 and Saturday 21".
_BARE_DAY = re.compile(
    rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?<![\w.:/$€£#+-])(?:the\s+)?"
    r"(?:(?P<dia>d[ií]as?|day|le|les|am|den|op|il|giorno)\s+)?"  # "dia 2", "dias 15 e 16"
    r"(?P<d1>3[01]|[12]\d|0?[1-9])(?P<o1>st|nd|rd|th|er|e)?"
    rf"(?:\s*(?P<join>-|–|—|to|through|until|till|and|&|e|y|et|und)\s*(?:(?P<wd2>{_WEEKDAY}),?\s+)?"
    r"(?:the\s+)?(?P<d2>3[01]|[12]\d|0?[1-9])(?P<o2>st|nd|rd|th)?)?"
    r"(?![\w/%]|[.,:]\d|\s*(?:%|days?\b|weeks?\b|hours?\b|minutes?\b|mins?\b|[ap]\.?m\b"
    rf"|people|members|times|of\s+(?!{_MONTH})))",
    re.IGNORECASE,
)


def bare_days(
    text: str, month: int, year: int | None, *, with_weekday: bool = False
) -> list[DateSpan]:
    """Day numbers of `text` read as days of `month` (of `year` when given): "Jam: 20th-26th"
    under "### March 2022". A bare number must carry an ordinal ("13th"), a weekday or a range
    dash; with `with_weekday`, only those with a weekday ("Thursday 19") count."""
    found: list[DateSpan] = []
    for match in _BARE_DAY.finditer(text):
        g = match.groupdict()
        if (
            g["wd"] is not None
            and not _CAPITALISED.match(g["wd"])
            and g["wd"].rstrip(".").lower() not in _LOWER_CASE_NAMES
        ):
            continue  # "miércoles 28" is written in lower case; "monday 3" is no date
        if with_weekday and g["wd"] is None:
            continue
        ranged = g["d2"] is not None and g["join"] not in ("and", "&", "e", "y", "et", "und")
        if g["wd"] is None and not (g["o1"] or g["o2"] or ranged or g["dia"]):
            continue
        d1, d2 = int(g["d1"]), int(g["d2"]) if g["d2"] else None
        end = match.end()
        if d2 is not None and (d2 <= d1 or (not ranged and d2 != d1 + 1)):
            d2, end = None, match.start("join") if g["join"] else match.end()
        weekday = WEEKDAYS[g["wd"].rstrip(".").lower()] if g["wd"] else None
        span = DateSpan(
            match.start(),
            end,
            "dmy",
            m1=month,
            d1=d1,
            y1=year,
            weekday=weekday,
            d2=d2,
            m2=month if d2 else None,
            y2=year if d2 else None,
        )
        found.append(span)
    out = []
    for i, span in enumerate(found):
        limit = found[i + 1].start if i + 1 < len(found) else len(text)
        out.append(_attach_time(text, span, limit))
    times = list(_TIME.finditer(text))
    alone = len(out) == 1 and out[0].hour is None and len(times) == 1
    if alone and times[0].start() >= out[0].end:  # "Wed 18: [Talk] (11:55 - 12:30)"
        out[0] = replace(_with_time(out[0], times[0], 0), time_end=None)
    return out


def timed_day(day: DateSpan, text: str) -> DateSpan | None:
    """The day of `day` at the first time of day in `text` ("(11:05 - 11:15)" under "### Tuesday
    17 May"), as a span over that time; None when `text` has no time."""
    match = _TIME.search(text)
    if match is None or day.d1 is None or day.d2 is not None or day.relative:
        return None
    base = replace(day, start=match.start(), end=match.end(), form="timed", time_end=None)
    timed = _with_time(base, match, 0)
    return timed if timed.hour is not None else None


#: A name with its year: "JuliaCon Global 2025", "ChapelCon '25", "Fall 2024" (not "In 2025").
NAME_YEAR = re.compile(
    r"(?<![\w'’])(?!(?:In|Since|For|By|From|Until|Till|Before|After|Of|And|Or|The|To|On|At)\b)"
    r"[A-Z][\w'’.-]*\s+(?:(?P<y>(?:19|20)\d\d)|['’](?P<yy>\d\d))(?![\w'’-]|\.\d)"
)
_YEARISH = re.compile(r"(?:19|20)\d\d|['’]\d\d")
_SENTENCE_END = re.compile(r"[!?\n]|\.(?:\s|$)")


def _named_year(text: str, span: DateSpan, spans: list[DateSpan]) -> DateSpan:
    """A date without a year in a sentence naming an event with its year ("JuliaCon Global
    2025 will be held … July 21 - July 26") takes that year as a hint (`DateSpan.named_year`)."""
    if span.explicit_year or span.relative:
        return span
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, span.start)]
    first = ends[-1] if ends else 0
    after = _SENTENCE_END.search(text, span.end)
    last = after.start() if after else len(text)
    found = [
        m
        for m in NAME_YEAR.finditer(text, first, last)
        if not any(o.start < m.end() and m.start() < o.end for o in spans)
    ]
    if not found:
        return span
    nearest = min(found, key=lambda m: min(abs(m.start() - span.start), abs(m.end() - span.end)))
    year = int(nearest["y"]) if nearest["y"] else 2000 + int(nearest["yy"])
    return replace(span, named_year=year)


#: "two days of tutorials on March 13", "four days of sprints starting March 18": a day that
#: opens a stay of so many days.
DAYS_OF = re.compile(
    r"\b(?P<n>[2-9]|1[0-4]|two|three|four|five|six|seven|eight|nine|ten)\s+(?:full\s+)?days"
    r"\s+of\s+(?P<what>[\w\s&'’-]{1,60}?)\s+"
    r"(?:on|from|starting(?:\s+on)?|beginning(?:\s+on)?)\s+$",
    re.IGNORECASE,
)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_NUMBERS |= {"nine": 9, "ten": 10}


#: "over the weekend of the 30th of September": that day and the next.
_WEEKEND_OF = re.compile(r"\bweekend\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _days_of(text: str, span: DateSpan) -> DateSpan:
    """A single day after "N days of X starting" is the first of N days; after "the weekend
    of", the first of two."""
    if span.d1 is None or span.d2 is not None or span.m2 is not None or span.relative:
        return span
    said = DAYS_OF.search(text, max(0, span.start - 90), span.start)
    if said is not None:
        count = int(said["n"]) if said["n"].isdigit() else _NUMBERS[said["n"].lower()]
    elif _WEEKEND_OF.search(text, max(0, span.start - 30), span.start):
        count = 2
    else:
        return span
    return _stay(span, count)


def _stay(span: DateSpan, count: int) -> DateSpan:
    """`span` (one day) made the first of `count` days."""
    assert span.d1 is not None
    length = calendar.monthrange(span.y1 or 2001, span.m1)[1]
    last = span.d1 + count - 1
    if last <= length:
        return replace(span, d2=last, m2=span.m1, y2=span.y1)
    month = span.m1 % 12 + 1
    year = None if span.y1 is None else span.y1 + (1 if month == 1 else 0)
    return replace(span, d2=last - length, m2=month, y2=year)


_CLOCK = r"\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?"
#: "from 10:00 on Saturday 28 March to 16:00 on Sunday 29 March": two days that are one range.
_FROM = re.compile(
    rf"\b(?:from|between|starting(?:\s+on)?|beginning(?:\s+on)?|(?:start|begin)s?\s+on)\s+"
    rf"(?:{_CLOCK}\s+(?:on\s+)?)?$",
    re.IGNORECASE,
)
#: "… to 16:00 on", "… (meetup time!) and midnight on", "… and ending at midnight on", "… and
#: end on" (after "Submissions start on").
_TO = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:to|until|till|through|(?<=\s)and(?:\s+(?:ending|ends?)"
    r"(?:\s+on)?)?|–|—|-)\s*"
    rf"(?:(?:at\s+)?(?:{_CLOCK}|midnight|noon)\s*(?:on\s+)?)?",
    re.IGNORECASE,
)


def _joined_days(text: str, spans: list[DateSpan]) -> list[DateSpan]:
    """Two single days written "from [time on] A to [time on] B" are one range from A (at A's
    time), not two items."""
    out: list[DateSpan] = []
    for span in spans:
        previous = out[-1] if out else None
        single = span.d2 is None and span.m2 is None and not span.relative and span.d1 is not None
        if (
            previous is not None
            and single
            and previous.d2 is None
            and previous.m2 is None
            and previous.d1 is not None
            and not previous.relative
            and (span.y1 is None or previous.y1 is None or span.y1 >= previous.y1)
            and _joins(text, previous, span)
        ):
            out[-1] = replace(
                previous,
                end=max(span.end, span.time_end or 0),
                form="joined",
                m2=span.m1,
                d2=span.d1,
                y2=span.y1,
                time_end=None,
            )
            continue
        out.append(span)
    return out


def _joins(text: str, first: DateSpan, second: DateSpan) -> bool:
    """ "from [time on] A to [time on] B", "between A and B", "starting A and ending B", or
    "Wednesday 18 May - Friday May 20" (two days a dash apart, at most a month)."""
    between = text[max(first.end, first.time_end or 0) : second.start]
    if re.fullmatch(r"\s*[-–—]\s*", between) and first.time_end is None:
        days = (second.m1 - first.m1) % 12 * 31 + (second.d1 or 0) - (first.d1 or 0)
        return 0 < days <= 31
    lead = _FROM.search(text[max(0, first.start - 30) : first.start])
    joint = _TO.fullmatch(between)
    if lead is None or joint is None:
        return False
    said = joint.group().lower()
    return "and" not in said or "between" in lead.group().lower() or "end" in said


#: Only punctuation between a relative day and the explicit date that says which day it is.
_RESTATING = re.compile(r"\s*(?:,|\(|–|—|-|:)?\s*(?:on\s+|that\s+is\s+|i\.e\.\s+)?")


def _restated_relatives(text: str, spans: list[DateSpan]) -> list[DateSpan]:
    """A relative day written beside the explicit date it stands for ("tomorrow, Friday
    January 9", "9 January (tomorrow)") is one date: the explicit one, which notes the word."""
    out: list[DateSpan] = []
    skip: set[int] = set()
    for i, span in enumerate(spans):
        if i in skip:
            continue
        following = spans[i + 1] if i + 1 < len(spans) else None
        if following is not None and not span.relative and following.relative:
            between = text[span.time_end or span.end : following.start]
            if re.fullmatch(r"\s*(?:,|\()\s*", between) and text[following.end :][:1] in (")", ""):
                out.append(replace(span, beside=following.relative))
                skip.add(i + 1)
                continue
        if (
            following is not None
            and span.relative
            and not following.relative
            and span.precision is Precision.DAY
            and following.precision is Precision.DAY
            and _RESTATING.fullmatch(text[span.end : following.start])
        ):
            skip.add(i)
            out.append(replace(following, beside=span.relative))
            skip.add(i + 1)
            continue
        out.append(span)
    return out


_TIME_BEFORE = re.compile(r"\s*(?:on|,|-|–)?\s*$")


def _attach_time_before(text: str, span: DateSpan, floor: int) -> DateSpan:
    """A time written just before the date: "9:00 AM EST on March 3"."""
    window_start = max(floor, span.start - 40)
    window = text[window_start : span.start]
    for match in reversed(list(_TIME.finditer(window))):
        if _TIME_BEFORE.fullmatch(window[match.end() :]):
            timed = _with_time(span, match, window_start)
            if timed.hour is None:
                return span
            return replace(timed, time_end=None, time_start=window_start + match.start())
        break
    return span


def find_times(text: str) -> list[tuple[int, int, re.Match[str]]]:
    """Times of day in `text` as (start, end, match)."""
    return [(m.start(), m.end(), m) for m in _TIME.finditer(text)]


_DAYNAME = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKLY = re.compile(
    r"(?=[eMTWFSfstl])"
    rf"\b(?:every\s+(?P<day>{_DAYNAME}(?:\s*(?:,|and|&)\s*{_DAYNAME})*)"
    rf"|(?P<days>{_DAYNAME}s(?:\s*(?:,|and|&)\s*{_DAYNAME}s)*)"
    r"|(?:first|second|third|fourth|last)\s+"
    rf"(?P<nth>{_DAYNAME})"
    r"\s+of\s+(?:the|each|every)\s+month)"
    r"(?:\s+(?:at|from)|,)?\s+(?=\d)"
)


def weekly_times(text: str) -> list[tuple[int, re.Match[str]]]:
    """A recurring slot and its time: "live Thursdays at 17:00 UTC", "every Monday at 9:00",
    "every Tuesday and Thursday at 19:00 CET", "on the first Wednesday of the month, 19:00" →
    (weekday, time match) for each day."""
    out: list[tuple[int, re.Match[str]]] = []
    for slot in _WEEKLY.finditer(text):
        time = _TIME.match(text, slot.end())
        if time:
            days = re.findall(_DAYNAME, slot["day"] or slot["days"] or slot["nth"])
            out.extend((WEEKDAYS[day.lower()], time) for day in days)
    return out


#: A time said once for every session of a series: "All talks start at 16:00 (UK time)", "Each
#: session runs 18:00–20:00 CET", "Sessions are 10:00–12:00".
_COMMON_TIME = re.compile(
    r"(?=[aestmwcl])\b(?:all\s+(?:the\s+)?|each\s+|every\s+)?(?:talks?|sessions?|meetings?|meetups?|workshops?|"
    r"seminars?|classes|class|calls?|lectures?|events?|evenings?)\s+(?:will\s+)?"
    r"(?:start|starts|begin|begins|run|runs|are|is|take\s+place|takes\s+place)\s+"
    r"(?:at\s+|from\s+)?(?=\d|noon)"
    r"|\b(?:we|they)\s+(?:always|usually|normally|generally|typically|regularly)\s+"
    r"(?:meet|gather|start|begin)\s+(?:at\s+|from\s+)?(?=\d|noon)",  # "We always meet 12:15 CET"
    re.IGNORECASE,
)


#: A series' rhythm and its time: "The seminar will take place every other week at 2pm".
_RHYTHM_TIME = re.compile(
    r"(?=[ewfbm])\b(?:every\s+(?:other\s+|second\s+|two\s+)?(?:weeks?|fortnight|months?)"
    r"|weekly|fortnightly|bi-?weekly|monthly)\b[^.;:\n]{0,30}?\s(?:at|from)\s+(?=\d|noon)",
    re.IGNORECASE,
)

#: A heading's rhythm of days and its time: "Club meetings take place every second Saturday,
#: from 15:00", "Spotkania klubowe odbywają się co drugi tydzień w sobotę, od godziny 15:00".
_DAY_RHYTHM_TIME = re.compile(
    r"(?=[ecj])\b(?:every\s+(?:other\s+|second\s+|2nd\s+)?"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|co\s+(?:drugi\s+|dwa\s+)?(?:tydzień|tygodnie|miesiąc)"
    r"|jeden\s+(?:zweiten\s+|ersten\s+)?\w+(?:tag|woch))\b[^.;:\n]{0,20}?\s"
    r"(?:at|from|od\s+godziny|od|o\s+godzinie|ab|um)\s+(?=\d|noon)",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)  # perf: pure str → immutable match, asked again per block
def common_time(text: str, *, days: bool = False) -> re.Match[str] | None:
    """The time a sentence gives every session of a series ("All talks start at 16:00", "The
    seminar meets every other week at 2pm"), as a match of the time grammar, or None; with
    `days`, also a rhythm of weekdays (a heading's "… every second Saturday, from 15:00")."""
    rhythm = _RHYTHM_TIME.search(text) or (_DAY_RHYTHM_TIME.search(text) if days else None)
    if rhythm is not None:
        return _TIME.match(text, rhythm.end())
    found = _COMMON_TIME.search(text)
    if found is None or not re.search(
        r"(?i)\b(?:all|each|every|always|usually|normally|generally|typically|regularly)\b"
        r"|s\s+(?:start|begin|run|are)\b",
        found[0],
    ):
        return None  # "the talk starts at 16:00" is one talk's time
    return _TIME.match(text, found.end())


_DEADLINE_TIME = re.compile(
    r"(?i)(?=[tsd])\b(?:the\s+)?(?:submission\s+)?deadlines?\b[^.:;]{0,40}?\b(?:is|are|close|closes)\s+"
    r"(?:at|by)\s+"
)


@lru_cache(maxsize=8192)  # perf: pure str → immutable match, asked again per block
def deadline_time(text: str) -> tuple[re.Match[str], str | None] | None:
    """The time said once for every deadline ("The submission deadline is at 11:59 p.m. of the
    stated deadline date, Anywhere on Earth") and its zone, or None."""
    found = _DEADLINE_TIME.search(text)
    if found is None:
        return None
    time = _TIME.match(text, found.end())
    if time is None:
        return None
    zone = zone_of_time(time)
    if zone is None:
        rest = text[time.end() : time.end() + 80].split(".")[0]
        named = re.search(rf"(?-i:{_ZONE_RX})", rest)
        zone = ZONES.get(named[0]) if named else None
    return time, zone


def zone_of_time(match: re.Match[str]) -> str | None:
    """The IANA zone written with a time (a match of the time grammar), or None."""
    city = match.group("city1") or match.group("city2")
    return CITY_ZONES.get(city) if city else _zone(match.group("zone"))


def with_time(span: DateSpan, match: re.Match[str], offset: int = 0) -> DateSpan:
    """`span` with the time of `match` (a match of the time grammar) attached."""
    return _with_time(span, match, offset)


# --------------------------------------------------------------------------- resolution

#: How far around the post date a year-less date may land: about 3 months back, 9 ahead.
WINDOW_BACK = dt.timedelta(days=92)
WINDOW_AHEAD = dt.timedelta(days=275)
#: How far the year of a name beside a date ("JuliaCon 2025") may place it from the post.
NAMED_BACK = dt.timedelta(days=366)
NAMED_AHEAD = dt.timedelta(days=550)
#: The longest range of days that may run into the next year without its years written
#: ("28 December - 3 January"); a longer one is a range written backwards.
MAX_YEAR_CROSSING = 183


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _place(span: DateSpan, start_year: int) -> tuple[dt.date, dt.date] | None:
    """Start and inclusive end of a year-less span if it starts in `start_year`."""
    if not 1 <= start_year <= 9998:
        return None
    m2 = span.m2 if span.m2 is not None else span.m1
    last_day = span.d2 if span.d2 is not None else span.d1
    end_year = start_year + 1 if (m2, last_day or 0) < (span.m1, span.d1 or 0) else start_year
    if not (1 <= span.m1 <= 12 and 1 <= m2 <= 12):
        return None
    if span.d1 is None:
        start: dt.date | None = dt.date(start_year, span.m1, 1)
        end: dt.date | None = _month_end(end_year, m2)
    else:
        start = _safe_date(start_year, span.m1, span.d1)
        end = _safe_date(end_year, m2, span.d2 if span.d2 is not None else span.d1)
    if start is None or end is None or end < start:
        return None
    if span.d1 is not None and end_year > start_year and (end - start).days > MAX_YEAR_CROSSING:
        return None  # "19 October - 17 October": a range written backwards, not one of 363 days
    return start, end


def _distance(days: tuple[dt.date, dt.date], reference: dt.date) -> int:
    start, end = days
    if start <= reference <= end:
        return 0
    return min(abs((start - reference).days), abs((end - reference).days))


Days = tuple[dt.date, dt.date]
YearHints = Mapping[tuple[int, int | None, int | None, int | None], int]


@dataclass(frozen=True)
class _Placement:
    """Where a date lands, how its year was chosen, and what in the text contradicts it."""

    days: Days | None
    reason: str
    """How the year was chosen; when `days` is None, why the date cannot be placed."""
    warning: str | None = None


def resolve(
    span: DateSpan, post_date: dt.date, year_hints: YearHints | None = None
) -> Resolved | None:
    """Place `span` in the calendar relative to the post's date, or None if it is impossible.

    The year, when not written: an explicit year given for the same date elsewhere in the post
    (`year_hints`), else the candidate year whose weekday agrees with a weekday written beside
    it, else the year that places it within about three months before and nine after the post.
    A weekday that agrees with no year near the post date is taken for the typo: the date stays
    where the window puts it, with a warning (`Resolved.warning`), as it does when a weekday
    contradicts a written year.
    """
    if span.relative:
        relative = _resolve_relative(span, post_date)
        if relative is not None and span.hour is not None and relative.precision is Precision.DAY:
            relative = replace(relative, time=dt.time(span.hour, span.minute), zone=span.zone)
        if relative is not None:
            reason = f"“{_as_written(span.relative)}” counted from the post date {post_date}"
            relative = replace(relative, reason=reason)
        return relative
    placed = _resolve_days(span, post_date, year_hints or {})
    if placed.days is None:
        return None
    start, end = placed.days
    time: dt.time | None = None
    if span.hour is not None:
        time = dt.time(span.hour, span.minute)
    reason = placed.reason
    if span.beside:
        reason += f"; the explicit date wins over “{_as_written(span.beside)}” beside it"
    return Resolved(
        start, end, span.precision, time, span.zone if time else None, reason, placed.warning
    )


def _as_written(relative: str) -> str:
    """A relative phrase with its weekday capitalised again ("this Friday")."""
    return " ".join(w.title() if w in WEEKDAYS else w for w in relative.split())


def unresolvable(span: DateSpan, post_date: dt.date, year_hints: YearHints | None = None) -> str:
    """Why `resolve` cannot place `span` ("February has no day 30"), or "" when it can."""
    if span.relative:
        return "" if _resolve_relative(span, post_date) else f"cannot count “{span.relative}”"
    placed = _resolve_days(span, post_date, year_hints or {})
    return "" if placed.days is not None else placed.reason


def _month_name(month: int) -> str:
    return calendar.month_name[month] if 1 <= month <= 12 else str(month)


def _impossible(span: DateSpan, year: int | None) -> str:
    """Why a span has no place in `year` (or in any year): a day its month lacks, or a range
    that ends before it starts."""
    checks = [(span.m1, span.d1, span.y1 or year)]
    if span.d2 is not None:
        checks.append((span.m2 or span.m1, span.d2, span.y2 or span.y1 or year))
    for month, day, in_year in checks:
        if day is None or not 1 <= month <= 12:
            continue
        last = calendar.monthrange(in_year or 2001, month)[1]  # 2001: no leap day
        if day > last:
            where = f"{_month_name(month)} {in_year}" if in_year else _month_name(month)
            return f"{where} has no day {day}"
    return "the range ends before it starts"


def _weekday_warning(span: DateSpan, days: Days) -> str | None:
    """A weekday written beside a date with a written year that falls on another day."""
    if span.weekday is None or span.d1 is None or days[0].weekday() == span.weekday:
        return None
    return (
        f"{calendar.day_name[span.weekday]} does not match {days[0].isoformat()}, "
        f"a {calendar.day_name[days[0].weekday()]}; kept the date as written"
    )


def _resolve_days(span: DateSpan, post_date: dt.date, hints: YearHints) -> _Placement:
    if span.y1 is not None or span.y2 is not None:
        if span.y1 is not None and span.y2 is not None:
            start_year = span.y1
        elif span.y2 is not None:
            m2 = span.m2 if span.m2 is not None else span.m1
            last_day = span.d2 if span.d2 is not None else span.d1
            crosses = (m2, last_day or 0) < (span.m1, span.d1 or 0)
            start_year = span.y2 - 1 if crosses else span.y2
        else:
            start_year = span.y1  # type: ignore[assignment]
        days = _place_explicit(span, start_year)
        if days is None:
            return _Placement(None, _impossible(span, start_year))
        written = " and ".join(str(y) for y in sorted({y for y in (span.y1, span.y2) if y}))
        return _Placement(
            days, f"year {written} written with the date", _weekday_warning(span, days)
        )
    hinted = hints.get(span.key)
    if hinted is None and span.d1 is not None:
        hinted = hints.get((span.m1, span.d1, None, None))
    if hinted is None and span.d1 is not None:  # a named event's year for its month (`context`)
        hinted = hints.get((span.m1, None, None, None))
    if hinted is not None:
        placed = _place(span, hinted)
        if placed is not None:
            reason = f"explicit year {hinted} elsewhere in the post for the same date"
            return _Placement(placed, reason, _weekday_warning(span, placed))
    if span.named_year is not None:
        named = _place(span, span.named_year)
        if (
            named is not None
            and post_date - NAMED_BACK <= named[1]
            and named[0] <= post_date + NAMED_AHEAD
            and (span.weekday is None or span.d1 is None or named[0].weekday() == span.weekday)
        ):
            reason = f"year {span.named_year} of the event named with the date"
            return _Placement(named, reason)
    near = range(post_date.year - 1, post_date.year + 2)
    candidates = [placed for year in near if (placed := _place(span, year)) is not None]
    if not candidates:
        return _Placement(None, _impossible(span, None))
    low, high = post_date - WINDOW_BACK, post_date + WINDOW_AHEAD
    inside = [days for days in candidates if days[0] <= high and days[1] >= low]
    window = f"the −3/+9 month window around the post date {post_date.isoformat()}"
    if span.weekday is not None and span.d1 is not None:
        weekday = calendar.day_name[span.weekday]
        agreeing = [days for days in candidates if days[0].weekday() == span.weekday]
        margin = dt.timedelta(days=92)  # "just outside": a weekday may stretch the window
        agreeing = [d for d in agreeing if d[0] <= high + margin and d[1] >= low - margin]
        if not agreeing and inside:  # "Wed., June 7th" in April 2007: a Wednesday in 2006, a
            days = min(inside, key=lambda d: _distance(d, post_date))  # typo of the weekday
            actual = calendar.day_name[days[0].weekday()]
            warning = f"{weekday} does not match {days[0].isoformat()}, a {actual}; kept the date"
            return _Placement(days, f"year {days[0].year} from {window}", warning)
        if not agreeing:
            tried = ", ".join(str(y) for y in near)
            day = f"{span.d1} {_month_name(span.m1)}"
            return _Placement(None, f"{day} is a {weekday} in none of {tried} near {window}")
        days = min(agreeing, key=lambda d: (d not in inside, _distance(d, post_date)))
        where = "inside" if days in inside else "just outside"
        return _Placement(days, f"weekday {weekday} agrees with {days[0].year} ({where} {window})")
    days = min(inside or candidates, key=lambda d: _distance(d, post_date))
    reason = f"year {days[0].year} from {window}"
    if not inside:
        reason = f"year {days[0].year}, the nearest to the post date (none in {window})"
    if days[1].year != days[0].year:
        reason += f"; the range is placed as a whole, crossing into {days[1].year}"
    return _Placement(days, reason)


def _place_explicit(span: DateSpan, start_year: int) -> tuple[dt.date, dt.date] | None:
    if span.form == "iso_range":
        start = _safe_date(span.y1 or start_year, span.m1, span.d1 or 1)
        end = _safe_date(span.y2 or start_year, span.m2 or span.m1, span.d2 or 1)
        if start is None or end is None or end < start:
            return None
        return start, end
    if span.y1 is not None and span.y2 is not None and span.m2 is not None:
        if span.d1 is None:
            start_d: dt.date | None = _safe_date(span.y1, span.m1, 1)
            end_d: dt.date | None = _month_end(span.y2, span.m2) if 1 <= span.y2 <= 9999 else None
        else:
            start_d = _safe_date(span.y1, span.m1, span.d1)
            end_d = _safe_date(span.y2, span.m2, span.d2 or span.d1)
        if start_d is None or end_d is None or end_d < start_d:
            return None
        return start_d, end_d
    return _place(span, start_year)


#: "friday the 17th", "the 15th", as a relative phrase is kept (lower case).
_WEEKDAY_THE = re.compile(r"(?:(\w+\.?),? )?the (\d+)(?:st|nd|rd|th)")


def _resolve_relative(span: DateSpan, post_date: dt.date) -> Resolved | None:
    rel = span.relative or ""
    words = rel.split()
    if "month" in rel:
        if rel == "next month":
            first = (post_date.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        else:
            first = post_date.replace(day=1)
        return Resolved(first, _month_end(first.year, first.month), Precision.MONTH)
    dated = _WEEKDAY_THE.fullmatch(rel)
    if dated:  # "Friday the 17th": the next 17th that is a Friday; "the 15th": the next 15th
        target = WEEKDAYS[dated[1].rstrip(".")] if dated[1] else None
        number = int(dated[2])
        first = post_date - dt.timedelta(days=3)
        for ahead in range(13):
            month = (first.month - 1 + ahead) % 12 + 1
            year = first.year + (first.month - 1 + ahead) // 12
            day = _safe_date(year, month, number)
            if day is not None and day >= first and target in (None, day.weekday()):
                return Resolved(day, day, Precision.DAY)
        return None
    if words[-1].rstrip(".") in WEEKDAYS:
        target = WEEKDAYS[words[-1].rstrip(".")]
        ahead = (target - post_date.weekday()) % 7
        if words[0] == "last":
            back = (post_date.weekday() - target) % 7 or 7
            day = post_date - dt.timedelta(days=back)
        elif words[0] == "next":
            day = post_date + dt.timedelta(days=ahead or 7)
            if day.isocalendar()[1] == post_date.isocalendar()[1]:
                day += dt.timedelta(days=7)
        else:
            day = post_date + dt.timedelta(days=ahead)
        return Resolved(day, day, Precision.DAY)
    days = relative_days(rel)
    parsed = post_date + dt.timedelta(days=days) if days is not None else None
    if parsed is None:
        parsed = _dateparser_relative(rel, post_date)
    if parsed is None:
        return None
    return Resolved(parsed, parsed, Precision.DAY)


_DAYS_FROM_POST = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_IN_DAYS = re.compile(r"in (\d{1,3}|a|one|two|three|four|five|six) (day|week)s?")


def relative_days(phrase: str) -> int | None:
    """Days from the post date for "yesterday", "tomorrow", "in two weeks" … (lowercase, single
    spaces), as dateparser resolves them; None for other phrases. Importing and running
    dateparser for these costs a third of a second, more than extracting a post."""
    if phrase in _DAYS_FROM_POST:
        return _DAYS_FROM_POST[phrase]
    found = _IN_DAYS.fullmatch(phrase)
    if found is None:
        return None
    count = _COUNTS.get(found[1]) or int(found[1])
    return count * (7 if found[2] == "week" else 1)


def _dateparser_relative(phrase: str, post_date: dt.date) -> dt.date | None:
    """A short relative phrase ("yesterday", "in two weeks") resolved from the post date."""
    import dateparser

    base = dt.datetime.combine(post_date, dt.time(12, 0))
    parsed = dateparser.parse(
        phrase,
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"},
    )
    return parsed.date() if parsed else None


# --------------------------------------------------------------------------- impossible dates

Hints = Mapping[tuple[int, int | None, int | None, int | None], int]


def year_hints(
    spans: Iterable[DateSpan],
) -> dict[tuple[int, int | None, int | None, int | None], int]:
    """The explicit year written for each month-and-days in a post (first one wins), which
    `resolve` uses for the same date written without a year elsewhere in the post."""
    hints: dict[tuple[int, int | None, int | None, int | None], int] = {}
    for span in spans:
        if span.y1 is not None and span.d1 is not None and span.relative is None:
            hints.setdefault(span.key, span.y1)
            hints.setdefault((span.m1, span.d1, None, None), span.y1)
    return hints


_MONTH_NAMES = calendar.month_name
_ORDINAL = r"(?:st|nd|rd|th)?"
#: Dates the grammar does not read because they cannot exist, so that they are reported
#: rather than dropped or read as something else: a 32nd day, a 5-digit or zero year, a range
#: of days written backwards.
_OUT_OF_GRAMMAR = [
    (
        "day",
        re.compile(
            rf"(?=[\d{_M0}])\b(?:(?P<d>3[2-9]|0?0){_ORDINAL}(?:\s+of)?\s+(?P<m>{_MONTH})"
            rf"|(?P<m2>{_MONTH})\s+(?P<d2>3[2-9]|0?0){_ORDINAL}(?![\d:.]?\d))",
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(
            rf"(?=[\d{_M0}])(?:"
            rf"\b(?:(?P<m>{_MONTH})\s+(?:{_DAY},?\s+)?|{_DAY}\s+(?:of\s+)?(?P<m2>{_MONTH}),?\s+)"
            r"(?P<y>\d{5,}|0{1,4})\b"
            r"|(?<![\d./-])(?P<y2>\d{5,})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "backwards",
        re.compile(
            rf"(?=[\d{_M0}])\b(?:(?P<d>{_DAY})\s*(?:-|–|—|to)\s*(?P<d2>{_DAY})(?:\s+of)?\s+"
            rf"(?P<m>{_MONTH})|(?P<m2>{_MONTH})\s+(?P<d3>{_DAY})\s*(?:-|–|—)\s*(?P<d4>{_DAY})"
            rf"(?!\s*[ap]\.?m\b|\s*(?:of\s+)?{_MONTH}|[:.]\d))",
            re.IGNORECASE,
        ),
    ),
]


def _why_not(span: DateSpan) -> str:
    """Why a span `resolve` could not place is not a date (or range)."""
    months = [m for m in (span.m1, span.m2) if m is not None]
    for month in months:
        if not 1 <= month <= 12:
            return f"there is no month {month}"
    for year in (span.y1, span.y2):
        if year is not None and not 1 <= year <= 9999:
            return f"there is no year {year}"
    ends = ((span.m1, span.d1, span.y1), (span.m2 or span.m1, span.d2, span.y2 or span.y1))
    for month, day, year in ends:
        if day is None:
            continue
        if day > (29 if month == 2 else calendar.monthrange(2001, month)[1]):
            return _month_length(month)
        if (month, day) == (2, 29):
            if year is not None and not calendar.isleap(year):
                return f"{year} is not a leap year"
            if year is None:
                return "no year around the post's date has a 29 February"
    if span.weekday is not None and span.d1 is not None and span.y1 is None and span.d2 is None:
        weekday = calendar.day_name[span.weekday]
        return f"no year around the post's date has {span.d1} {_month_name(span.m1)} on a {weekday}"
    return "it ends before it starts"


def _month_length(month: int) -> str:
    """`April has 30 days`, `February has at most 29 days`."""
    if month == 2:
        return "February has at most 29 days"
    return f"{_MONTH_NAMES[month]} has {calendar.monthrange(2001, month)[1]} days"


def _weekday_name(number: int) -> str:
    return calendar.day_name[number]


def _day_text(day: dt.date) -> str:
    return f"{_weekday_name(day.weekday())} {day.day} {_MONTH_NAMES[day.month]} {day.year}"


def misread(text: str, spans: Sequence[DateSpan]) -> list[DateSpan]:
    """The spans of `spans` that are only the start of a date with an impossible year
    ("May 5" of "May 5, 99999"): read as a date of the post's year, they would be a guess."""
    years = [m.span() for m in _OUT_OF_GRAMMAR[1][1].finditer(text) if _capitalised(m, "m", "m2")]
    return [s for s in spans if any(s.start < end and start < s.end for start, end in years)]


def date_problems(
    text: str, spans: Sequence[DateSpan], post_date: dt.date, hints: Hints | None = None
) -> list[tuple[int, str]]:
    """(offset, message) for each date in `text` that is not what its author can have meant:
    a day that does not exist ("30 February", "32 October", "2025-13-45"), a year that does not
    (0, 99999), a range that ends before it starts, or a weekday that does not match the day
    ("Friday, August 28" when the 28th is a Thursday). `spans` are `find_dates(text)`."""
    found: list[tuple[int, str]] = []
    for span in spans:
        if span.relative:
            continue
        phrase = " ".join(text[span.start : span.end].split())
        resolved = resolve(span, post_date, hints)
        if resolved is None:
            found.append((span.start, f'"{phrase}" is not a date: {_why_not(span)}'))
        elif span.weekday is not None and resolved.start.weekday() != span.weekday:
            # Without a year, a weekday that one of the years around the post agrees with
            # chooses that year (`resolve`); one that none agrees with is a mistake.
            day = _day_text(resolved.start)
            nearest = "" if span.explicit_year else " (the nearest year to the post)"
            said = _weekday_name(span.weekday)
            found.append((span.start, f'"{phrase}": {day}{nearest} is not a {said}'))
    reported = {start for start, _ in found}
    for form, pattern in _OUT_OF_GRAMMAR:
        for match in pattern.finditer(text):
            if not _capitalised(match, "m", "m2"):
                continue
            if match.start() in reported:
                continue
            phrase = " ".join(match[0].split())
            g = match.groupdict()
            if form == "day":
                number, month = int(g["d"] or g["d2"]), _month(g["m"] or g["m2"])
                why = _month_length(month) if number else "there is no day 0"
            elif form == "year":
                why = f"there is no year {g['y'] or g['y2']}"
            else:
                first, last = (g["d"], g["d2"]) if g["d"] else (g["d3"], g["d4"])
                if _day(last) >= _day(first):
                    continue
                if any(x.start == match.start() and x.d2 is None for x in spans):
                    continue  # "January 11 - 10 things you can use …": read as the day alone
                why = "it ends before it starts"
            found.append((match.start(), f'"{phrase}" is not a date: {why}'))
            reported.add(match.start())
    return sorted(found)
