"""The extractor's records as JSON-ready values and back, for the cache (`extractor.cache`).

Every function here is explicit about the fields it writes, so a change to `extractor.model`
fails the round-trip test instead of silently dropping a field. Dates and times are ISO 8601
text; a datetime keeps its zone by name (`ZoneInfo` key) or by offset (`datetime.timezone`).
Front-matter values (`Post.meta`) may be anything a YAML, TOML or JSON loader gives, so they
are written with a tag for every type JSON lacks (`{"$date": …}`, `{"$map": [[key, value] …]}`).

A value that cannot be written (a type no loader gives) or read back raises `CodecError`; the
cache then does not keep that post, or treats the stored entry as missing.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import fields
from functools import lru_cache
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from extractor.model import (
    Event,
    EventKind,
    Extraction,
    Post,
    Precision,
    Problem,
    Skipped,
    Source,
)

__all__ = ["CodecError", "extraction_from_dict", "extraction_to_dict"]


class CodecError(ValueError):
    """A record that cannot be written as JSON, or stored JSON that is not a record."""


# --- moments -----------------------------------------------------------------------------


def moment_to_json(moment: dt.date | dt.datetime | dt.time) -> dict[str, Any]:
    """A date, a naive or aware datetime, or a time of day, with its zone when it has one."""
    if isinstance(moment, dt.datetime):
        out: dict[str, Any] = {"datetime": moment.replace(tzinfo=None, fold=0).isoformat()}
        if moment.fold:
            out["fold"] = moment.fold
        if isinstance(moment.tzinfo, ZoneInfo) and moment.tzinfo.key:
            out["zone"] = moment.tzinfo.key
        elif isinstance(moment.tzinfo, dt.timezone):
            offset = moment.tzinfo.utcoffset(None)
            out["offset"] = offset.total_seconds()
            if moment.tzinfo is not dt.UTC and moment.tzinfo.tzname(None) != _offset_name(offset):
                out["offset_name"] = moment.tzinfo.tzname(None)
        elif moment.tzinfo is not None:
            raise CodecError(f"cannot write a datetime in zone {moment.tzinfo!r}")
        return out
    if isinstance(moment, dt.date):
        return {"date": moment.isoformat()}
    if isinstance(moment, dt.time) and moment.tzinfo is None:
        return {"time": moment.isoformat()}
    raise CodecError(f"not a date or time: {moment!r}")


def moment_to_text(moment: dt.date | dt.datetime) -> str:
    """A date or datetime as one string, for the many moments of events and sources (read
    back by `moment_from_text`, which remembers the strings it has read): the ISO text
    (`2025-05-14`, `2025-05-14T09:30:00`), then what `moment_to_json` writes besides, as
    `;key=value` (`;zone=Europe/Paris`, `;offset=3600.0`, `;fold=1`)."""
    if not isinstance(moment, dt.datetime):
        if not isinstance(moment, dt.date):
            raise CodecError(f"not a date: {moment!r}")
        return moment.isoformat()
    written = moment_to_json(moment)
    text = written.pop("datetime")
    for key in sorted(written):
        value = str(written[key])
        if ";" in value or "=" in value:
            raise CodecError(f"cannot write {key} {value!r} as text")
        text += f";{key}={value}"
    return text


_TEXT_FIELDS = {"fold": int, "zone": str, "offset": float, "offset_name": str}


@lru_cache(maxsize=1 << 16)
def moment_from_text(text: str) -> dt.date | dt.datetime:
    """The inverse of `moment_to_text`."""
    if not isinstance(text, str):
        raise CodecError(f"not a moment: {text!r}")
    iso, *rest = text.split(";")
    if "T" not in iso:
        return dt.date.fromisoformat(iso)
    value: dict[str, Any] = {"datetime": iso}
    for part in rest:
        key, _, written = part.partition("=")
        read = _TEXT_FIELDS.get(key)
        if read is None:
            raise CodecError(f"not a moment: {text!r}")
        value[key] = read(written)
    moment = moment_from_json(value)
    assert isinstance(moment, dt.datetime)
    return moment


def _offset_name(offset: dt.timedelta) -> str | None:
    return dt.timezone(offset).tzname(None)


def moment_from_json(value: Any) -> Any:
    """The inverse of `moment_to_json`."""
    if "date" in value:
        return dt.date.fromisoformat(value["date"])
    if "time" in value:
        return dt.time.fromisoformat(value["time"])
    moment = dt.datetime.fromisoformat(value["datetime"]).replace(fold=value.get("fold", 0))
    if "zone" in value:
        return moment.replace(tzinfo=ZoneInfo(value["zone"]))
    if "offset" in value:
        offset = dt.timedelta(seconds=value["offset"])
        if not offset and "offset_name" not in value:
            return moment.replace(tzinfo=dt.UTC)
        name = value.get("offset_name")
        zone = dt.timezone(offset, name) if name is not None else dt.timezone(offset)
        return moment.replace(tzinfo=zone)
    return moment


def _date(value: Any, read: Callable[[Any], Any] = moment_from_json) -> dt.date:
    """A day, as `read` decodes it (JSON by default, or `moment_from_text`)."""
    moment = read(value)
    if type(moment) is not dt.date:
        raise CodecError(f"not a date: {value!r}")
    return moment


def _datetime(value: Any, read: Callable[[Any], Any] = moment_from_json) -> dt.datetime:
    """A moment, as `read` decodes it (JSON by default, or `moment_from_text`)."""
    moment = read(value)
    if not isinstance(moment, dt.datetime):
        raise CodecError(f"not a datetime: {value!r}")
    return moment


# --- front-matter values -------------------------------------------------------------------


def value_to_json(value: Any) -> Any:
    """Any front-matter value: JSON scalars as they are, everything else tagged."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [value_to_json(item) for item in value]
    if isinstance(value, Mapping):
        return {"$map": [[value_to_json(k), value_to_json(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"$tuple": [value_to_json(item) for item in value]}
    if isinstance(value, set | frozenset):
        items = [value_to_json(item) for item in value]
        return {"$set": sorted(items, key=repr), "frozen": isinstance(value, frozenset)}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dt.date | dt.time):
        return {"$moment": moment_to_json(value)}
    raise CodecError(f"cannot write a front-matter value of type {type(value).__name__}")


def value_from_json(value: Any) -> Any:
    """The inverse of `value_to_json`."""
    if isinstance(value, list):
        return [value_from_json(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "$map" in value:
        return {value_from_json(k): value_from_json(v) for k, v in value["$map"]}
    if "$tuple" in value:
        return tuple(value_from_json(item) for item in value["$tuple"])
    if "$set" in value:
        items = (value_from_json(item) for item in value["$set"])
        return frozenset(items) if value["frozen"] else set(items)
    if "$bytes" in value:
        return base64.b64decode(value["$bytes"], validate=True)
    if "$moment" in value:
        return moment_from_json(value["$moment"])
    raise CodecError(f"unknown tag in {sorted(value)}")


# --- records -------------------------------------------------------------------------------


def post_to_dict(post: Post) -> dict[str, Any]:
    return {
        "path": post.path,
        "title": post.title,
        "date": moment_to_json(post.date),
        "published": moment_to_json(post.published),
        "body": post.body,
        "body_line": post.body_line,
        "url": post.url,
        "meta": value_to_json(dict(post.meta)),
    }


def post_from_dict(data: Mapping[str, Any]) -> Post:
    meta = value_from_json(data["meta"])
    if not isinstance(meta, dict):
        raise CodecError("post meta is not a mapping")
    return Post(
        path=data["path"],
        title=data["title"],
        date=_date(data["date"]),
        published=_datetime(data["published"]),
        body=data["body"],
        body_line=data["body_line"],
        url=data["url"],
        meta=MappingProxyType(meta),
    )


def source_to_dict(source: Source) -> dict[str, Any]:
    return {
        "path": source.path,
        "line": source.line,
        "post_title": source.post_title,
        "post_date": moment_to_text(source.post_date),
        "post_published": moment_to_text(source.post_published),
        "post_url": source.post_url,
    }


def source_from_dict(data: Mapping[str, Any]) -> Source:
    """The inverse of `source_to_dict`, built as `event_from_dict` builds an event."""
    source = object.__new__(Source)
    own = source.__dict__
    own["path"] = data["path"]
    own["line"] = data["line"]
    own["post_title"] = data["post_title"]
    own["post_date"] = _date(data["post_date"], moment_from_text)
    own["post_published"] = _datetime(data["post_published"], moment_from_text)
    own["post_url"] = data["post_url"]
    if len(own) != len(_FIELDS[Source]):
        raise CodecError("the codec does not read every field of a source")
    return source


_FIELDS: dict[type, tuple[str, ...]] = {
    record: tuple(field.name for field in fields(record)) for record in (Event, Source)
}


def event_to_dict(event: Event) -> dict[str, Any]:
    return {
        "kind": event.kind.value,
        "title": event.title,
        "start": moment_to_text(event.start),
        "end": moment_to_text(event.end),
        "precision": event.precision.value,
        "tz": event.tz,
        "location": event.location,
        "url": event.url,
        "section": event.section,
        "text": event.text,
        "sources": [source_to_dict(source) for source in event.sources],
        "sequence": event.sequence,
        "uid": event.uid,
        "rule": event.rule,
        "reasoning": event.reasoning,
    }


_KINDS = {kind.value: kind for kind in EventKind}
_PRECISIONS = {precision.value: precision for precision in Precision}


def event_from_dict(data: Mapping[str, Any]) -> Event:
    """The inverse of `event_to_dict`, without `Event.__init__` (a build reads 100,000 events;
    a frozen dataclass's `__init__` sets each field through `object.__setattr__`): the fields
    are set one by one, in the order of `Event`'s (its instances share their attribute names),
    then checked (`__post_init__`)."""
    event = object.__new__(Event)
    own = event.__dict__
    own["kind"] = _KINDS.get(data["kind"]) or EventKind(data["kind"])
    own["title"] = data["title"]
    own["start"] = moment_from_text(data["start"])
    own["end"] = _date(data["end"], moment_from_text)
    own["precision"] = _PRECISIONS.get(data["precision"]) or Precision(data["precision"])
    own["tz"] = data["tz"]
    own["location"] = data["location"]
    own["url"] = data["url"]
    own["section"] = data["section"]
    own["text"] = data["text"]
    own["sources"] = tuple(source_from_dict(source) for source in data["sources"])
    own["sequence"] = data["sequence"]
    own["uid"] = data["uid"]
    own["rule"] = data["rule"]
    own["reasoning"] = data["reasoning"]
    if len(own) != len(_FIELDS[Event]):
        raise CodecError("the codec does not read every field of an event")
    event.__post_init__()
    return event


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    return {
        "path": problem.path,
        "message": problem.message,
        "line": problem.line,
        "severity": problem.severity,
    }


def problem_from_dict(data: Mapping[str, Any]) -> Problem:
    return Problem(
        path=data["path"], message=data["message"], line=data["line"], severity=data["severity"]
    )


def skipped_to_dict(skipped: Skipped) -> dict[str, Any]:
    return {"path": skipped.path, "reason": skipped.reason}


def skipped_from_dict(data: Mapping[str, Any]) -> Skipped:
    return Skipped(path=data["path"], reason=data["reason"])


def extraction_to_dict(found: Extraction) -> dict[str, Any]:
    """What reading some posts gave (for the cache: one file's posts, mentions and problems)."""
    return {
        "posts": [post_to_dict(post) for post in found.posts],
        "events": [event_to_dict(event) for event in found.events],
        "problems": [problem_to_dict(problem) for problem in found.problems],
        "warnings": [problem_to_dict(problem) for problem in found.warnings],
        "skipped": [skipped_to_dict(skipped) for skipped in found.skipped],
    }


def extraction_from_dict(data: Mapping[str, Any]) -> Extraction:
    """The inverse of `extraction_to_dict`; raises `CodecError` for anything else."""
    try:
        return Extraction(
            posts=tuple(post_from_dict(post) for post in data["posts"]),
            events=tuple(event_from_dict(event) for event in data["events"]),
            problems=tuple(problem_from_dict(problem) for problem in data["problems"]),
            warnings=tuple(problem_from_dict(problem) for problem in data["warnings"]),
            skipped=tuple(skipped_from_dict(skipped) for skipped in data["skipped"]),
        )
    except CodecError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise CodecError(f"not a stored extraction: {error!r}") from None
