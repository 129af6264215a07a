"""Why each mention was found: its source line, the detector that read it, how its date was chosen.

This is what `eventfeed extract --explain` prints, for a person checking the extractor's work:

    seeds/x.md:12  event  2025-10-17..2025-10-19  OpenInfra Summit Europe
      source: 17-19 October | Paris-Saclay, France
      form: series-date (a date line under a heading or parent item naming the event …)
      date: year 2025 from the −3/+9 month window around the post date 2025-08-05
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from extractor.model import Event, Precision


def _when(event: Event) -> str:
    """The item's days, month or time in a few characters."""
    if event.precision is Precision.MONTH:
        first, last = event.start_date.strftime("%Y-%m"), event.end.strftime("%Y-%m")
        return first if first == last else f"{first}..{last}"
    if isinstance(event.start, dt.datetime):
        text = event.start.strftime("%Y-%m-%dT%H:%M")
        if event.tz:
            text += f" {event.tz}"
    else:
        text = event.start.isoformat()
    return text if event.end == event.start_date else f"{text}..{event.end.isoformat()}"


def _form(rule: str) -> str:
    """A rule's name with the form it reads ("titled-listing (`DATE | TITLE | PLACE` …)")."""
    from extractor.detectors import DETECTORS, rule_doc, rule_name

    doc = next((rule_doc(d) for d in DETECTORS if rule_name(d) == rule), "")
    return f"{rule} ({doc.rstrip('.')})" if doc else rule or "?"


def explain(events: Sequence[Event]) -> str:
    """One paragraph per mention: `FILE:LINE  kind  date  title`, then its source line, the form
    that matched and how the date and its year were chosen."""
    out: list[str] = []
    for event in events:
        where = f"{event.source.path}:{event.source.line}" if event.sources else "?"
        out.append(f"{where}  {event.kind.value}  {_when(event)}  {event.title}")
        out.append(f"  source: {' '.join(event.text.split())}")
        out.append(f"  form: {_form(event.rule)}")
        out.append(f"  date: {event.reasoning or '?'}")
    return "".join(line + "\n" for line in out)
