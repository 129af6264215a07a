"""Site settings from `eventfeed.toml` (or `[tool.eventfeed]` in a `pyproject.toml`).

The file sits beside the posts: in the first PATHS folder or one of its parents, up to the
repository root. Every key is checked; an unknown key or a wrong type is a `ConfigError` that
names the file and the key, so a typo never silently falls back to a default::

    title = "OpenInfra events"
    base_url = "https://example.org/events/"
    timezone = "Europe/Paris"
    alarms = ["7d", "1d"]
    refresh = "12h"
    month_items = true
    skip_when = { hidePost = "true" }

    [organizer]
    name = "OpenInfra Foundation"
    email = "events@example.org"

    [categories]
    "Upcoming OpenInfra and Community Events" = "Community events"

    [limits]                  # any field of extractor.limits.Limits
    max_post_bytes = 4194304
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from extractor.errors import EventfeedError
from extractor.limits import LIMITS, Limits
from feeds.settings import Settings

CONFIG_NAME = "eventfeed.toml"


class ConfigError(EventfeedError):
    """A settings file or value that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Loaded:
    """The settings in force and where each value came from (a file, a flag, or the default)."""

    settings: Settings
    origins: Mapping[str, str]
    path: Path | None = None
    limits: Limits = LIMITS
    """How much of each post is read (the `[limits]` table)."""


# -- values -----------------------------------------------------------------------------------

_DURATION = re.compile(r"^\s*(\d+)\s*(w|d|h|m)\s*$", re.IGNORECASE)
_UNIT = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


def parse_duration(value: object) -> dt.timedelta:
    """`"7d"`, `"12h"`, `"30m"`, `"2w"` (or a whole number of minutes) as a timedelta."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return dt.timedelta(minutes=value)
    if isinstance(value, str) and (match := _DURATION.match(value)):
        return dt.timedelta(**{_UNIT[match[2].lower()]: int(match[1])})
    raise ValueError(f"{value!r} is not a duration like 7d, 12h or 30m")


def format_duration(value: dt.timedelta) -> str:
    """The inverse of `parse_duration` for whole minutes: 7 days → `"7d"`."""
    minutes = int(value.total_seconds() // 60)
    for unit, size in (("d", 24 * 60), ("h", 60)):
        if minutes and minutes % size == 0:
            return f"{minutes // size}{unit}"
    return f"{minutes}m"


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def _url(value: object) -> str:
    text = _text(value)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{text!r} is not an absolute http(s) URL")
    return text


def _zone(value: object) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    text = _text(value)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{text!r} is not an IANA time zone (e.g. Europe/Paris)") from None
    return text


def _email(value: object) -> str:
    text = _text(value)
    if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", text):
        raise ValueError(f"{text!r} is not an e-mail address")
    return text


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _alarms(value: object) -> tuple[dt.timedelta, ...]:
    if not isinstance(value, list):
        raise ValueError(f'expected a list like ["7d", "1d"], got {value!r}')
    return tuple(parse_duration(item) for item in value)


def _pairs(value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise ValueError(f'expected a table like {{ hidePost = "true" }}, got {value!r}')
    return tuple((str(key), _scalar_text(item)) for key, item in value.items())


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise ValueError(f"expected a string, number or boolean, got {value!r}")


def _names(value: object) -> Mapping[str, str]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a table of section = name, got {value!r}")
    return MappingProxyType({str(key): _text(item) for key, item in value.items()})


#: Top-level key → (Settings field, converter). `organizer` is a table of its own.
_KEYS: Mapping[str, tuple[str, Callable[[object], Any]]] = {
    "title": ("title", _text),
    "description": ("description", _text),
    "base_url": ("base_url", _url),
    "timezone": ("timezone", _zone),
    "alarms": ("alarms", _alarms),
    "refresh": ("refresh", parse_duration),
    "month_items": ("month_items", _flag),
    "drafts": ("drafts", _flag),
    "skip_when": ("skip_when", _pairs),
    "categories": ("categories", _names),
}
_ORGANIZER_KEYS: Mapping[str, tuple[str, Callable[[object], Any]]] = {
    "name": ("organizer_name", _text),
    "email": ("organizer_email", _email),
}


# -- finding and reading ----------------------------------------------------------------------


def find_config(paths: Iterable[str | Path]) -> tuple[Path, bool] | None:
    """The settings file for posts under `paths`: `(path, is_pyproject)`, or None.

    Looks in the first path's folder (a file's parent) and upwards, stopping after a folder
    that holds `.git`. `eventfeed.toml` wins over a `pyproject.toml` in the same folder, which
    only counts when it has a `[tool.eventfeed]` table.
    """
    first = next(iter(paths), None)
    if first is None:
        return None
    folder = Path(first).resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own, False
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject, True
        if (candidate / ".git").exists():
            break
    return None


def _has_tool_table(pyproject: Path) -> bool:
    import tomllib  # only where there is a settings file: a command starts faster without

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and "eventfeed" in tool


def read_config(path: Path, *, pyproject: bool = False) -> dict[str, Any]:
    """The checked settings of one file, as `Settings` field → value."""
    import tomllib

    try:
        data: Any = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text: {error.reason}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from error
    prefix = ""
    if pyproject:
        data = data.get("tool", {}).get("eventfeed", {})
        prefix = "tool.eventfeed."
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.eventfeed] must be a table")
    values: dict[str, Any] = {}
    for key, raw in data.items():
        if key == "limits":
            values["limits"] = _limits(path, raw, prefix)
            continue
        if key == "organizer":
            if not isinstance(raw, dict):
                raise ConfigError(f"{path}: {prefix}organizer: expected a table with name, email")
            values.update(_convert(path, raw, _ORGANIZER_KEYS, f"{prefix}organizer."))
            continue
        values.update(_convert(path, {key: raw}, _KEYS, prefix))
    return values


def _convert(
    path: Path,
    table: Mapping[str, object],
    known: Mapping[str, tuple[str, Callable[[object], Any]]],
    prefix: str,
) -> dict[str, Any]:
    out = {}
    for key, raw in table.items():
        if key not in known:
            tables = ["limits", "organizer"] if known is _KEYS else []
            choices = ", ".join(sorted([*known, *tables]))
            raise ConfigError(f"{path}: unknown key '{prefix}{key}' (known keys: {choices})")
        name, convert = known[key]
        try:
            out[name] = convert(raw)
        except ValueError as error:
            raise ConfigError(f"{path}: {prefix}{key}: {error}") from None
    return out


def _limits(path: Path, table: object, prefix: str) -> Limits:
    """The `[limits]` table: whole numbers ≥ 1 for fields of `Limits`."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {prefix}limits: expected a table of limits")
    known = {f.name for f in fields(Limits)}
    for key, value in table.items():
        if key not in known:
            choices = ", ".join(sorted(known))
            raise ConfigError(f"{path}: unknown key '{prefix}limits.{key}' (known keys: {choices})")
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"{path}: {prefix}limits.{key}: expected a whole number ≥ 1")
    return replace(LIMITS, **table)


def load_settings(
    paths: Iterable[str | Path],
    overrides: Mapping[str, Any] | None = None,
    *,
    config: Path | None = None,
) -> Loaded:
    """The settings in force: defaults, then the settings file, then `overrides` (flags).

    `config` names the file explicitly (an `eventfeed.toml`, or a `pyproject.toml` read for its
    `[tool.eventfeed]` table); otherwise it is found beside the posts. `overrides` holds
    `Settings` field → value, None meaning "not given".
    """
    origins = {f.name: "default" for f in fields(Settings)}
    settings = Settings()
    found: tuple[Path, bool] | None
    if config is not None:
        found = (Path(config), Path(config).name == "pyproject.toml")
    else:
        found = find_config(paths)
    limits = LIMITS
    if found is not None:
        values = read_config(found[0], pyproject=found[1])
        limits = values.pop("limits", LIMITS)
        settings = replace(settings, **values)
        origins.update(dict.fromkeys(values, str(found[0])))
        if limits != LIMITS:
            origins["limits"] = str(found[0])
    given = {key: value for key, value in (overrides or {}).items() if value is not None}
    unknown = set(given) - set(origins)
    if unknown:
        raise ValueError(f"not a setting: {', '.join(sorted(unknown))}")
    settings = replace(settings, **given)
    origins.update(dict.fromkeys(given, "flag"))
    origins.setdefault("limits", "default")
    return Loaded(settings, MappingProxyType(origins), found[0] if found else None, limits)


def describe(loaded: Loaded) -> str:
    """The settings in force as TOML, each value followed by where it came from."""
    s = loaded.settings
    lines = ["# eventfeed settings in force (value  # origin)"]

    def show(key: str, field_name: str, value: str) -> None:
        lines.append(f"{key} = {value}  # {loaded.origins[field_name]}")

    show("title", "title", _toml(s.title))
    show("description", "description", _toml(s.description))
    show("base_url", "base_url", _toml(s.base_url))
    show("timezone", "timezone", _toml(s.timezone))
    show("alarms", "alarms", "[" + ", ".join(_toml(format_duration(a)) for a in s.alarms) + "]")
    show("refresh", "refresh", _toml(format_duration(s.refresh)))
    show("month_items", "month_items", "true" if s.month_items else "false")
    show("drafts", "drafts", "true" if s.drafts else "false")
    pairs = ", ".join(f"{_toml(k)} = {_toml(v)}" for k, v in s.skip_when)
    show("skip_when", "skip_when", "{ " + pairs + " }" if pairs else "{}")
    lines.append("")
    lines.append("[organizer]")
    show("name", "organizer_name", _toml(s.organizer_name or ""))
    show("email", "organizer_email", _toml(s.organizer_email or ""))
    lines.append("")
    lines.append(f"[categories]  # {loaded.origins['categories']}")
    lines.extend(f"{_toml(k)} = {_toml(v)}" for k, v in sorted(s.categories.items()))
    lines.append("")
    lines.append(f"[limits]  # {loaded.origins['limits']}")
    lines.extend(f"{f.name} = {getattr(loaded.limits, f.name)}" for f in fields(Limits))
    return "\n".join(lines) + "\n"


def _toml(text: str) -> str:
    """`text` as a TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m[0]):04x}", escaped)
    return f'"{escaped}"'
