"""The date normalizer: (phrase, post date) → (start, end, precision, time, zone)."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.dates import find_dates, resolve, stated_zone

D = dt.date

# phrase, post date, expected: (start, end, precision[, "HH:MM", zone]) of the first date found.
CASES = [
    # day-first, month-first, ordinals, abbreviations
    ("6 September", D(2025, 8, 5), (D(2025, 9, 6), D(2025, 9, 6), "day")),
    ("September 6th", D(2025, 8, 5), (D(2025, 9, 6), D(2025, 9, 6), "day")),
    ("Sept. 6", D(2025, 8, 5), (D(2025, 9, 6), D(2025, 9, 6), "day")),
    ("6th of September", D(2025, 8, 5), (D(2025, 9, 6), D(2025, 9, 6), "day")),
    ("Thu, Oct 2", D(2025, 8, 5), (D(2025, 10, 2), D(2025, 10, 2), "day")),
    ("2026-08-19 | Virtual", D(2025, 1, 1), (D(2026, 8, 19), D(2026, 8, 19), "day")),
    # ranges
    ("17-19 October 2025", D(2025, 4, 21), (D(2025, 10, 17), D(2025, 10, 19), "day")),
    ("29 & 30 April", D(2025, 4, 21), (D(2025, 4, 29), D(2025, 4, 30), "day")),
    ("March 6 & 7", D(2025, 2, 20), (D(2025, 3, 6), D(2025, 3, 7), "day")),
    ("November 10–13", D(2025, 10, 20), (D(2025, 11, 10), D(2025, 11, 13), "day")),
    ("May 4 through 6", D(2026, 1, 1), (D(2026, 5, 4), D(2026, 5, 6), "day")),
    ("30 September - 2 October 2026", D(2026, 1, 1), (D(2026, 9, 30), D(2026, 10, 2), "day")),
    ("December 30 - January 2", D(2025, 11, 1), (D(2025, 12, 30), D(2026, 1, 2), "day")),
    ("2026-09-08 - 2026-09-11", D(2026, 1, 1), (D(2026, 9, 8), D(2026, 9, 11), "day")),
    ("2026-06-12/2026-06-14", D(2026, 1, 1), (D(2026, 6, 12), D(2026, 6, 14), "day")),
    # day-first dotted dates, and ISO date-times
    ("am 07.05.2026 im Café", D(2026, 1, 1), (D(2026, 5, 7), D(2026, 5, 7), "day")),
    (
        "Treffen 7.5.2026 um 19:30",
        D(2026, 1, 1),
        (D(2026, 5, 7), D(2026, 5, 7), "day", "19:30", None),
    ),
    ("2026-05-07T18:30Z", D(2026, 1, 1), (D(2026, 5, 7), D(2026, 5, 7), "day", "18:30", "UTC")),
    # two days joined into one stay: "starting … and ending at midnight on", a remark between
    (
        "open starting May 12th at 6:30pm and ending at midnight on May 30th",
        D(2026, 5, 1),
        (D(2026, 5, 12), D(2026, 5, 30), "day", "18:30", None),
    ),
    (
        "edits between May 12th at 6:30pm (meetup time!) and midnight on May 30th",
        D(2026, 5, 1),
        (D(2026, 5, 12), D(2026, 5, 30), "day", "18:30", None),
    ),
    # a year in the name of the event beside the date places it
    (
        "JamConf 2027 will be held in Oslo, July 21 - July 26!",
        D(2026, 9, 18),
        (D(2027, 7, 21), D(2027, 7, 26), "day"),
    ),
    (
        "FooCon '27 runs between Tuesday, October 5th and Friday, October 8th",
        D(2027, 3, 31),
        (D(2027, 10, 5), D(2027, 10, 8), "day"),
    ),
    # "N days of X starting DATE": a stay of N days
    ("two days of tutorials on March 13", D(2026, 9, 21), (D(2027, 3, 13), D(2027, 3, 14), "day")),
    (
        "four days of sprints starting March 30",
        D(2026, 9, 21),
        (D(2027, 3, 30), D(2027, 4, 2), "day"),
    ),
    # one moment in two zones: the place's zone is the one a reader recognises
    (
        "submit before Wednesday 26 June 2024 09:59 AM AOE, 23:59 CEST (Berlin time)",
        D(2024, 6, 12),
        (D(2024, 6, 26), D(2024, 6, 26), "day", "23:59", "Europe/Berlin"),
    ),
    (
        "closes 26 June 2024 23:59 AoE",
        D(2024, 6, 12),
        (D(2024, 6, 26), D(2024, 6, 26), "day", "23:59", "Etc/GMT+12"),
    ),
    (
        "Deadline: April 8, 2024, 23:59:59 (AoE)",
        D(2024, 2, 28),
        (D(2024, 4, 8), D(2024, 4, 8), "day", "23:59", "Etc/GMT+12"),
    ),
    # Chinese and Japanese dates
    (
        "大會日期： 2024 年 9 月 21 日 - 9 月 22 日",
        D(2024, 2, 28),
        (D(2024, 9, 21), D(2024, 9, 22), "day"),
    ),
    ("締切：4月8日 23:59", D(2024, 2, 28), (D(2024, 4, 8), D(2024, 4, 8), "day", "23:59", None)),
    # German day lists
    (
        "21.02. 13:00 Basteln",
        D(2016, 2, 20),
        (D(2016, 2, 21), D(2016, 2, 21), "day", "13:00", None),
    ),
    ("05.05 bis 08.05. Camp", D(2016, 2, 20), (D(2016, 5, 5), D(2016, 5, 8), "day")),
    # numeric dates with slashes: month first as in the US, unless a day above 12 says not
    ("10/14/2026 - Python meetup", D(2026, 1, 1), (D(2026, 10, 14), D(2026, 10, 14), "day")),
    ("14/10/2026 - Python meetup", D(2026, 1, 1), (D(2026, 10, 14), D(2026, 10, 14), "day")),
    ("on 3/4/2026 and 25/12/2026", D(2026, 1, 1), (D(2026, 4, 3), D(2026, 4, 3), "day")),
    ("11/12/26 — Hackathon", D(2026, 1, 1), (D(2026, 11, 12), D(2026, 11, 12), "day")),
    ("10/14 - 10/16: DevFest", D(2026, 9, 1), (D(2026, 10, 14), D(2026, 10, 16), "day")),
    (
        "Wed 10/14 at 6pm ET",
        D(2026, 9, 1),
        (D(2026, 10, 14), D(2026, 10, 14), "day", "18:00", "America/New_York"),
    ),
    ("Date : 01/02/25 - 02/02/25", D(2024, 12, 16), (D(2025, 2, 1), D(2025, 2, 2), "day")),
    ("Date : 06/04/25 - 06/07/25", D(2024, 12, 16), (D(2025, 6, 4), D(2025, 6, 7), "day")),
    # a range across a month's end written with the first month only; "the weekend of"
    ("Sept 30-01: Rust Fest", D(2017, 7, 18), (D(2017, 9, 30), D(2017, 10, 1), "day")),
    ("29–2 October 2026", D(2026, 1, 1), (D(2026, 9, 29), D(2026, 10, 2), "day")),
    (
        "Over the weekend of the 30th of September we gather",
        D(2017, 7, 18),
        (D(2017, 9, 30), D(2017, 10, 1), "day"),
    ),
    ("12/30/2026 - 1/2/2027", D(2026, 9, 1), (D(2026, 12, 30), D(2027, 1, 2), "day")),
    ("Friday 12 and Saturday 13 June", D(2026, 1, 1), (D(2026, 6, 12), D(2026, 6, 13), "day")),
    ("Sat 30 May & Sun 31 May", D(2026, 1, 1), (D(2026, 5, 30), D(2026, 5, 31), "day")),
    ("30 April and 1 May", D(2026, 1, 1), (D(2026, 4, 30), D(2026, 5, 1), "day")),
    ("June 30 & July 1, 2027", D(2026, 1, 1), (D(2027, 6, 30), D(2027, 7, 1), "day")),
    # a version number before a date is no day of it
    (
        "Tern 2.4 / 2.3.9 — Thursday 12 March",
        D(2026, 1, 1),
        (D(2026, 3, 12), D(2026, 3, 12), "day"),
    ),
    ("v1.2 - 14 May", D(2026, 1, 1), (D(2026, 5, 14), D(2026, 5, 14), "day")),
    # two days that do not follow each other are two dates: the first is read alone
    ("3 May and 8 June", D(2026, 1, 1), (D(2026, 5, 3), D(2026, 5, 3), "day")),
    # month precision
    ("Montreal, CA - September", D(2025, 8, 5), (D(2025, 9, 1), D(2025, 9, 30), "month")),
    ("July - September", D(2025, 9, 30), (D(2025, 7, 1), D(2025, 9, 30), "month")),
    ("May 2026: CFP Closes", D(2025, 10, 20), (D(2026, 5, 1), D(2026, 5, 31), "month")),
    ("planned for Q3 2026", D(2026, 1, 1), (D(2026, 7, 1), D(2026, 9, 30), "month")),
    ("H2 2026", D(2026, 1, 1), (D(2026, 7, 1), D(2026, 12, 31), "month")),
    ("later this month", D(2025, 10, 20), (D(2025, 10, 1), D(2025, 10, 31), "month")),
    # year choice: window, weekday agreement, explicit year
    ("8 May", D(2025, 4, 21), (D(2025, 5, 8), D(2025, 5, 8), "day")),
    ("15 January", D(2025, 12, 2), (D(2026, 1, 15), D(2026, 1, 15), "day")),
    ("6 September", D(2025, 10, 20), (D(2025, 9, 6), D(2025, 9, 6), "day")),
    ("Friday, August 29", D(2025, 9, 30), (D(2025, 8, 29), D(2025, 8, 29), "day")),
    ("Saturday, August 29", D(2025, 9, 30), (D(2026, 8, 29), D(2026, 8, 29), "day")),
    # relative dates count from the post date; an explicit date beside one wins
    ("this Friday, November 7", D(2025, 12, 2), (D(2025, 11, 7), D(2025, 11, 7), "day")),
    ("this Friday", D(2025, 10, 20), (D(2025, 10, 24), D(2025, 10, 24), "day")),
    ("next Tuesday", D(2025, 10, 20), (D(2025, 10, 28), D(2025, 10, 28), "day")),
    ("tomorrow", D(2025, 10, 20), (D(2025, 10, 21), D(2025, 10, 21), "day")),
    # "Friday the 17th": the next 17th that is a Friday, even months ahead
    ("Friday the 17th", D(2025, 10, 1), (D(2025, 10, 17), D(2025, 10, 17), "day")),
    ("Friday the 13th", D(2026, 1, 5), (D(2026, 2, 13), D(2026, 2, 13), "day")),
    ("6pm Friday the 16th", D(2026, 1, 16), (D(2026, 1, 16), D(2026, 1, 16), "day", "18:00", None)),
    # Italian and Dutch months and weekdays, with their words for "at"
    (
        "il 14 luglio alle ore 15.30",
        D(2021, 7, 2),
        (D(2021, 7, 14), D(2021, 7, 14), "day", "15:30", None),
    ),
    (
        "donderdag 11 september om 19.30 uur",
        D(2025, 8, 5),
        (D(2025, 9, 11), D(2025, 9, 11), "day", "19:30", None),
    ),
    ("mei 2026", D(2025, 8, 5), (D(2026, 5, 1), D(2026, 5, 31), "month")),
    # military times with "hours" or "hrs", alone or as a range
    (
        "28 April Ubuntu Hour 1800-1900 hours",
        D(2016, 4, 20),
        (D(2016, 4, 28), D(2016, 4, 28), "day", "18:00", None),
    ),
    (
        "Meeting 14 May, 1400 hrs",
        D(2016, 4, 20),
        (D(2016, 5, 14), D(2016, 5, 14), "day", "14:00", None),
    ),
    # a programme's short French weekday, day/month and hour
    ("(sam 19/11 – 15h)", D(2016, 11, 5), (D(2016, 11, 19), D(2016, 11, 19), "day", "15:00", None)),
    ("13 mai 2022 à 11h", D(2022, 4, 20), (D(2022, 5, 13), D(2022, 5, 13), "day", "11:00", None)),
    # "until the 15th": the next 15th from the post date; "until Friday" the next Friday
    ("continues until the 15th", D(2018, 11, 8), (D(2018, 11, 15), D(2018, 11, 15), "day")),
    ("you have until Friday night", D(2011, 11, 16), (D(2011, 11, 18), D(2011, 11, 18), "day")),
    # a German range of hours starts at its first hour
    (
        "27.08.2022 von 14-19 Uhr",
        D(2022, 8, 1),
        (D(2022, 8, 27), D(2022, 8, 27), "day", "14:00", None),
    ),
    (
        "tomorrow, Tuesday 21 October, at 17:00 UTC",
        D(2025, 10, 20),
        (D(2025, 10, 21), D(2025, 10, 21), "day", "17:00", "UTC"),
    ),
    # a version number is no time of day
    ("v1.39 ships on 21 April 2027", D(2026, 12, 1), (D(2027, 4, 21), D(2027, 4, 21), "day")),
    # times and zones
    (
        "13 June at 23:59 PT",
        D(2025, 4, 21),
        (D(2025, 6, 13), D(2025, 6, 13), "day", "23:59", "America/Los_Angeles"),
    ),
    (
        "June 13, 11:59 pm Pacific Time",
        D(2025, 4, 21),
        (D(2025, 6, 13), D(2025, 6, 13), "day", "23:59", "America/Los_Angeles"),
    ),
    (
        "9:00 AM EST on March 3",
        D(2026, 1, 1),
        (D(2026, 3, 3), D(2026, 3, 3), "day", "09:00", "America/New_York"),
    ),
    ("1900 UTC on 5 May", D(2026, 1, 1), (D(2026, 5, 5), D(2026, 5, 5), "day", "19:00", "UTC")),
    (
        "Oct 3, 14:00 CEST",
        D(2025, 8, 1),
        (D(2025, 10, 3), D(2025, 10, 3), "day", "14:00", "Europe/Berlin"),
    ),
    (
        "5 May 10:00 China Standard Time",
        D(2026, 1, 1),
        (D(2026, 5, 5), D(2026, 5, 5), "day", "10:00", "Asia/Shanghai"),
    ),
    ("5 May at 18:30", D(2026, 1, 1), (D(2026, 5, 5), D(2026, 5, 5), "day", "18:30", None)),
    (
        "5 May at 14:00 UTC+2",
        D(2026, 1, 1),
        (D(2026, 5, 5), D(2026, 5, 5), "day", "14:00", "Etc/GMT-2"),
    ),
    # US style: abbreviated weekday and month, a time range with its am/pm at the end; a
    # number after the day that carries am/pm is an hour, not a second day
    (
        "Tue., Dec. 30, 6–10 pm",
        D(2025, 12, 20),
        (D(2025, 12, 30), D(2025, 12, 30), "day", "18:00", None),
    ),
    ("Sat Jan 10th, 1pm", D(2025, 12, 20), (D(2026, 1, 10), D(2026, 1, 10), "day", "13:00", None)),
    ("Jan. 23–25", D(2025, 12, 20), (D(2026, 1, 23), D(2026, 1, 25), "day")),
    ("3 May, 11–1 pm", D(2026, 1, 1), (D(2026, 5, 3), D(2026, 5, 3), "day", "11:00", None)),
    (
        "May 3, 6:30–8:30 p.m. ET",
        D(2026, 1, 1),
        (D(2026, 5, 3), D(2026, 5, 3), "day", "18:30", "America/New_York"),
    ),
    # a zone named by its city
    (
        "12 May at 23:59 (Rome time)",
        D(2026, 1, 1),
        (D(2026, 5, 12), D(2026, 5, 12), "day", "23:59", "Europe/Rome"),
    ),
    (
        "12 May, 10:00 local time in Lima",
        D(2026, 1, 1),
        (D(2026, 5, 12), D(2026, 5, 12), "day", "10:00", "America/Lima"),
    ),
    (
        "12 May, 9:00 Sao Paulo time",
        D(2026, 1, 1),
        (D(2026, 5, 12), D(2026, 5, 12), "day", "09:00", "America/Sao_Paulo"),
    ),
    (
        "12 May, 18h30–20h CET",
        D(2026, 1, 1),
        (D(2026, 5, 12), D(2026, 5, 12), "day", "18:30", "Europe/Berlin"),
    ),
    (
        "12 May, 14:00 (Europe/Vienna)",
        D(2026, 1, 1),
        (D(2026, 5, 12), D(2026, 5, 12), "day", "14:00", "Europe/Vienna"),
    ),
    (
        "12 May, 9:00 WEST",
        D(2026, 1, 1),
        (D(2026, 5, 12), D(2026, 5, 12), "day", "09:00", "Europe/Lisbon"),
    ),
]


def _first(phrase: str, post_date: dt.date) -> tuple[object, ...]:
    spans = find_dates(phrase)
    assert spans, f"no date found in {phrase!r}"
    resolved = resolve(spans[0], post_date)
    assert resolved is not None
    out: tuple[object, ...] = (resolved.start, resolved.end, resolved.precision.value)
    if resolved.time is not None:
        out += (resolved.time.strftime("%H:%M"), resolved.zone)
    return out


@pytest.mark.parametrize(("phrase", "post_date", "expected"), CASES, ids=[c[0] for c in CASES])
def test_phrase_resolves(phrase: str, post_date: dt.date, expected: tuple[object, ...]) -> None:
    assert _first(phrase, post_date) == expected


def test_explicit_year_elsewhere_in_the_post_wins() -> None:
    span = find_dates("On September 8-9, the summit takes place")[0]
    assert resolve(span, D(2025, 10, 20)).start == D(2025, 9, 8)  # type: ignore[union-attr]
    hinted = resolve(span, D(2025, 10, 20), {span.key: 2026})
    assert hinted is not None
    assert (hinted.start, hinted.end) == (D(2026, 9, 8), D(2026, 9, 9))


NOT_DATES = [
    "| 1.9.x | current stable |",
    "moves to 5.3. The next one",
    "24/7 support",
    "see 3/4 of us",
    "ratio 10/14 in the middle of a sentence",
    "1/2 of the budget",
    "http://example.org/2026/10/14/post",
    "the 2025.2 release",
    "Kata 3.19.1 is out",
    "15 years of OpenStack",
    "80+ sessions",
    "over 1,200 attendees from 65+ countries",
    "users may need to find an alternative",
    "Zuul 13.0.0 has been released",
    "Marching bands",
    "a 2024 annual report",
    "call 555-1234",
    "Mei Chen and Maggio Rossi",  # Dutch and Italian months stand alone only with a year
    "we meet on the 3rd floor",
    "send it before the 20th of each month",
]


def test_a_cut_off_weekday_is_read_beside_other_dates() -> None:
    text = "The CFP for DataFest (9-12 September/Berlin) closes Monday?"
    assert [s.relative for s in find_dates(text)] == [None, "monday"]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize("phrase", ["30 February", "32 October", "2025-13-45", "31 April"])
def test_impossible_dates_resolve_to_nothing(phrase: str) -> None:
    spans = find_dates(phrase)
    assert all(resolve(span, D(2025, 1, 1)) is None for span in spans)


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("May 2nd, 6:30 – 8:00", 18),  # an evening meetup written without pm
        ("May 2, 1:00-3:00", 13),
        ("May 2nd 9:00 - 10:30", 9),  # a morning needs no pm
        ("May 2, 06:30 - 08:00", 6),  # a 24-hour clock says what it means
        ("May 2 at 6:30", 6),  # a single time is not guessed
    ],
)
def test_a_range_of_one_digit_hours_without_am_pm_is_an_evening(text: str, hour: int) -> None:
    (span,) = find_dates(text)
    assert span.hour == hour


def test_a_weekday_only_far_from_the_window_is_a_typo_of_the_weekday() -> None:
    # "Wed., June 7th" in a post of 20 April 2007: 7 June 2007 is a Thursday, 7 June 2006 a
    # Wednesday but ten months back. A typo, not last year's meeting: the date as written in
    # the window, with a warning that names the weekday it is.
    (span,) = find_dates("Wed., June 7th")
    resolved = resolve(span, D(2007, 4, 20))
    assert resolved is not None and resolved.start == D(2007, 6, 7)
    assert resolved.warning is not None and "Thursday" in resolved.warning
    # "Friday, 2 January" in a post of 20 October 2025: 2 January 2026 is a Friday, inside.
    (span,) = find_dates("Friday, 2 January")
    assert resolve(span, D(2025, 10, 20)).start == D(2026, 1, 2)  # type: ignore[union-attr]


def test_a_range_is_placed_as_a_whole() -> None:
    # In a post of 30 September, "July - September" overlaps the window: this year's.
    span = find_dates("July - September")[0]
    resolved = resolve(span, D(2025, 9, 30))
    assert resolved is not None
    assert (resolved.start, resolved.end) == (D(2025, 7, 1), D(2025, 9, 30))


def test_a_zone_word_is_a_zone_only_after_a_time() -> None:
    spans = find_dates("PT 13 June")
    assert spans[0].zone is None
    assert spans[0].hour is None


def test_a_relative_day_beside_its_date_is_one_date() -> None:
    for phrase in ("closes tomorrow, Friday 9 January", "closes Friday 9 January (tomorrow)"):
        spans = find_dates(phrase)
        assert [(s.d1, s.m1, s.beside) for s in spans] == [(9, 1, "tomorrow")]


def test_a_monthly_slot_gives_its_time() -> None:
    from extractor.dates import weekly_times

    slots = weekly_times("We meet on the first Thursday of the month, 18:30 CET, upstairs.")
    assert [(day, time[0]) for day, time in slots] == [(3, "18:30 CET")]
    assert weekly_times("releases ship on the second Tuesday of every month, around 15:00") == []


@pytest.mark.parametrize(
    ("heading", "zone"),
    [
        ("Sprint schedule (UTC)", "UTC"),
        ("Upcoming Streams (Times in PST)", "America/Los_Angeles"),
        ("Office hours (all times CET)", "Europe/Berlin"),
        ("Office hours (Berlin)", None),  # a place in parentheses is no note of the zone
        ("Upcoming streams", None),
    ],
)
def test_a_heading_states_the_zone_of_its_times(heading: str, zone: str | None) -> None:
    assert stated_zone(heading, heading=True) == zone
