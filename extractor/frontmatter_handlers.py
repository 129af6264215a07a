"""python-frontmatter handlers for the formats its own handlers miss, or read too leniently.

- `YamlHandler`: `---` YAML with PyYAML's safe loader (no tag ever runs code), where a repeated
  key is an error and an impossible timestamp (`2025-13-45`) stays a string.
- `JsonHandler`: JSON front matter where a repeated key is an error (`json` keeps the last).
- `TomlHandler`: `+++` TOML front matter (Hugo, Zola), read with the standard library's `tomllib`.
  python-frontmatter's `TOMLHandler` needs the third-party `toml` package and is None without it.
- `HeaderHandler`: the `Key: value` header block that Pelican and MultiMarkdown put at the top of a
  post, ended by a blank line.

A repeated key is refused rather than resolved: two `date:` lines in one post are a mistake, and
which one wins differs between tools.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Hashable, Iterator
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

__all__ = ["DuplicateKeyError", "HeaderHandler", "JsonHandler", "TomlHandler", "YamlHandler"]

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class DuplicateKeyError(ValueError):
    """A key written twice in one mapping of the front matter."""

    def __init__(self, key: object, line: int | None = None) -> None:
        self.key = key
        self.line = line
        """0-based line of the repeat within the front matter, when known."""
        super().__init__(f'duplicate key "{key}"')


class _YamlLoader(_SafeLoader):
    """PyYAML's safe loader, stricter: a repeated key is an error, and an impossible timestamp
    stays the string it was written as, so the date converter can say what is wrong with it."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Hashable, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: set[object] = set()
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                    continue
                key = self.construct_object(key_node)
                if isinstance(key, Hashable) and key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f'duplicate key "{key_node.value}"', key_node.start_mark
                    )
                seen.add(key)
        return super().construct_mapping(node, deep)  # type: ignore[arg-type]

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[arg-type]
        except ValueError:  # 2025-13-45, 2025-02-30, 0000-01-01
            return self.construct_scalar(node)  # type: ignore[arg-type]


_YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _YamlLoader.construct_yaml_timestamp)


def _local_tag(loader: _YamlLoader, suffix: str, node: yaml.Node) -> Any:
    """A local tag another program's exporter wrote (`!ruby/string:Sequel::SQL::Blob "…"`):
    the plain value it tags. Nothing is constructed; `!!python/…` tags stay refused."""
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_YamlLoader.add_multi_constructor("!", _local_tag)


class YamlHandler(YAMLHandler):
    """YAML front matter between `---` lines, read with `_YamlLoader` (safe, strict)."""

    def load(self, fm: str, **kwargs: object) -> Any:
        """Parse YAML; raises `yaml.YAMLError` (with the line of the problem)."""
        return yaml.load(fm, Loader=_YamlLoader)  # a SafeLoader: no tag runs code


class JsonHandler(JSONHandler):
    """JSON front matter (an object at the very top), with repeated keys refused."""

    def load(self, fm: str, **kwargs: object) -> Any:
        """Parse JSON; raises `json.JSONDecodeError` or `DuplicateKeyError` (a `ValueError`)."""
        repeats: dict[str, int] = {}

        def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            found: dict[str, Any] = {}
            for key, value in pairs:
                if key in found:
                    # json gives no position here: the repeat is the key's next occurrence.
                    spelled = re.compile(rf"{re.escape(json.dumps(key))}\s*:")
                    hits = [m.start() for m in spelled.finditer(fm)]
                    index = repeats[key] = repeats.get(key, 0) + 1
                    line = fm.count("\n", 0, hits[index]) if index < len(hits) else None
                    raise DuplicateKeyError(key, line)
                found[key] = value
            return found

        return json.loads(fm, object_pairs_hook=unique)


class TomlHandler(BaseHandler):
    """TOML front matter between `+++` lines, parsed by `tomllib`."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: Any) -> dict[str, Any]:
        """Parse TOML; raises `tomllib.TOMLDecodeError` (a `ValueError`)."""
        return tomllib.loads(fm, **kwargs)

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        """Not supported: `tomllib` only reads TOML."""
        raise NotImplementedError("writing TOML front matter needs a TOML writer")


#: One header line: `Key: value` (or `Key:` with no value). Keys start with a letter.
_HEADER = re.compile(r"(?P<key>[A-Za-z][A-Za-z0-9 _-]*):(?:[ \t]+(?P<value>.*))?")
#: A continuation line: indented, not blank.
_CONTINUATION = re.compile(r"[ \t]+(?P<value>\S.*)")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` (split on LF only), lazily."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


class HeaderHandler(BaseHandler):
    """Pelican / MultiMarkdown metadata: `Key: value` lines at the very top, then a blank line.

    Keys are case-insensitive and come out lowercased; an indented line continues the value above
    (joined with a newline). The block ends at a blank line or at the first line that is neither
    (`[TOC]` right under two or more headers). So that prose such as "Note: this is prose" is
    not taken for metadata, the block counts only when it opens the file and one of its keys is
    in `MARKER_KEYS`.
    """

    FM_BOUNDARY = re.compile(r"^(?=[A-Za-z][A-Za-z0-9 _-]*:\s)")
    START_DELIMITER = END_DELIMITER = ""
    MARKER_KEYS = frozenset({"title", "date"})
    """At least one of these keys must be present for a block to count as headers."""

    def _block_end(self, text: str) -> int | None:
        """The offset where the header block ends (its last line's newline), or None if none."""
        keys: set[str] = set()
        offset = 0
        for number, line in enumerate(_lines(text)):
            if not line.strip(" \t"):
                break
            header = _HEADER.fullmatch(line)
            if header:
                keys.add(header["key"].strip().lower())
            elif number == 0:
                return None
            elif not _CONTINUATION.fullmatch(line):
                if number < 2:
                    return None  # "Title: a header then" / "plain prose": one line is no block
                break  # as in Python-Markdown's meta: a line that is no header starts the body
            offset += len(line) + 1
        if not keys & self.MARKER_KEYS:
            return None
        return offset - 1

    def detect(self, text: str) -> bool:
        """True when `text` opens with a header block."""
        return self._block_end(text) is not None

    def split(self, text: str) -> tuple[str, str]:
        """The header block and the rest (which starts with the block's last newline)."""
        end = self._block_end(text)
        if end is None:
            raise ValueError("no header block")
        return text[:end], text[end:]

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        """Headers as `{lowercased key: value}`; raises `DuplicateKeyError` for a repeated key."""
        metadata: dict[str, Any] = {}
        key: str | None = None
        for number, line in enumerate(_lines(fm)):
            header = _HEADER.fullmatch(line)
            continuation = _CONTINUATION.fullmatch(line)
            if header:
                key = header["key"].strip().lower()
                if key in metadata:
                    raise DuplicateKeyError(header["key"].strip(), number)
                metadata[key] = (header["value"] or "").strip()
            elif continuation and key is not None:
                metadata[key] = f"{metadata[key]}\n{continuation['value'].strip()}".lstrip("\n")
        return metadata

    def format(self, post: frontmatter.Post, **kwargs: object) -> str:
        """The post as a header block, one blank line, and its content."""
        return f"{self.export(post.metadata, **kwargs)}\n\n{post.content}".strip()

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        """Metadata as `Key: value` lines; a multi-line value continues on indented lines."""
        lines = []
        for key, value in metadata.items():
            first, *rest = str(value).split("\n")
            lines.append(f"{str(key).title()}: {first}".rstrip())
            lines.extend(f"    {more}" for more in rest)
        return "\n".join(lines)
