"""Read YAML into nodes that keep their source position.

PyYAML's composer already tracks marks; we keep its node graph instead of plain values
so that every later check can point at the exact line and column it complains about.
Duplicate mapping keys survive here (plain `yaml.safe_load` would silently keep the last).

Every way a file can fail to read is a located problem, never a traceback: bytes that
are not UTF-8, characters YAML forbids, unclosed quotes and brackets (reported where
they open), aliases that contain themselves, alias bombs and absurd nesting.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from podspec_gen import cache
from podspec_gen.spec import errors
from podspec_gen.spec.errors import Mark, Problem, SpecError
from podspec_gen.spec.yaml_aliases import locate_alias
from podspec_gen.spec.yaml_errors import malformed

# Deeper than any real spec needs (ours: 8), far below where recursion could hurt.
MAX_DEPTH = 100
# Values that aliases may add to a document: enough for any honest reuse, and a hard
# stop for the "billion laughs" that would otherwise expand exponentially downstream.
MAX_ALIASED = 10_000


@dataclass(frozen=True)
class YScalar:
    value: object
    mark: Mark


@dataclass(frozen=True)
class YSeq:
    items: tuple[YNode, ...]
    mark: Mark


@dataclass(frozen=True)
class YMap:
    items: tuple[tuple[YScalar, YNode], ...]
    mark: Mark


YNode = YScalar | YSeq | YMap


def describe(node: YNode) -> str:
    """Name a node's kind the way a spec author thinks of it."""
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    return describe_value(node.value)


def describe_value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    # YAML reads these from unquoted text that merely looks like them.
    if isinstance(value, datetime.datetime):
        return "a timestamp (quote it to make it a string)"
    if isinstance(value, datetime.date):
        return "a date (quote it to make it a string)"
    if isinstance(value, bytes):
        return "binary data"
    return type(value).__name__


# libyaml's loader composes the same nodes, with the same marks, about 15 times faster.
LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_MERGE_TAG = "tag:yaml.org,2002:merge"

# What YAML 1.1 forbids in a stream (c-printable's complement); PyYAML's reader rejects
# them too, but reports a bare offset.
_FORBIDDEN = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _mark(name: str, yaml_mark: yaml.Mark | None) -> Mark:
    if yaml_mark is None:
        return Mark(name, 1, 1)
    return Mark(name, yaml_mark.line + 1, yaml_mark.column + 1)


def _position(name: str, text: str, index: int) -> Mark:
    """The line and column of character `index` of `text`."""
    line = text.count("\n", 0, index) + 1
    return Mark(name, line, index - (text.rfind("\n", 0, index) + 1) + 1)


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Recursive(Exception):
    pass


class _TooManyAliased(Exception):
    pass


@dataclass
class _Converter:
    """Turns PyYAML's node graph into YNodes, refusing the graphs no spec should be."""

    loader: yaml.SafeLoader
    name: str
    open: set[int] = field(default_factory=set)  # ids of collections being converted
    done: dict[int, tuple[YNode, int]] = field(default_factory=dict)  # id: (node, size)
    aliased: int = 0

    def convert(self, node: yaml.Node, depth: int = 0) -> tuple[YNode, int]:
        """The YNode and how many values it stands for with aliases expanded."""
        key = id(node)
        if key in self.open:
            raise _Recursive
        if key in self.done:
            converted, size = self.done[key]
            # Seen before: this occurrence is an alias, and adds a copy downstream.
            self.aliased += size
            if self.aliased > MAX_ALIASED:
                raise _TooManyAliased
            return converted, size
        mark = _mark(self.name, node.start_mark)
        if depth > MAX_DEPTH:
            raise SpecError(
                [Problem(mark, f"YAML nested deeper than {MAX_DEPTH} levels")]
            )
        if isinstance(node, yaml.ScalarNode):
            result: tuple[YNode, int] = (self._scalar(node, mark), 1)
        else:
            self._check_tag(node, mark)
            self.open.add(key)
            result = self._collection(node, mark, depth)
            self.open.discard(key)
        self.done[key] = result
        return result

    def _scalar(self, node: yaml.ScalarNode, mark: Mark) -> YScalar:
        if node.tag == _MERGE_TAG:
            raise SpecError(
                [
                    Problem(
                        mark,
                        "YAML merge keys ('<<') are not supported: write the keys out",
                    )
                ]
            )
        return YScalar(self.loader.construct_object(node), mark)

    def _check_tag(self, node: yaml.Node, mark: Mark) -> None:
        if node.tag not in _PLAIN_TAGS:
            raise SpecError(
                [
                    Problem(
                        mark,
                        f"YAML tag '{_short(node.tag)}' is not supported: the spec is "
                        "plain "
                        "mappings, lists and scalars",
                    )
                ]
            )

    def _collection(self, node: yaml.Node, mark: Mark, depth: int) -> tuple[YNode, int]:
        size = 1
        if isinstance(node, yaml.SequenceNode):
            items = []
            for item in node.value:
                converted, item_size = self.convert(item, depth + 1)
                items.append(converted)
                size += item_size
            return YSeq(tuple(items), mark), size
        pairs = []
        for key_node, value_node in node.value:
            key, key_size = self.convert(key_node, depth + 1)
            if not isinstance(key, YScalar):
                raise SpecError([Problem(key.mark, "mapping keys must be scalars")])
            value, value_size = self.convert(value_node, depth + 1)
            pairs.append((key, value))
            size += key_size + value_size
        return YMap(tuple(pairs), mark), size


def load_yaml(path: Path, name: str) -> YNode:
    """Parse one YAML document; `name` is how messages refer to the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpecError(
            [Problem(Mark(name, 1, 1), f"cannot read file: {exc.strerror}")]
        ) from None
    # Reading the spec's YAML into located nodes was a fifth of every generate, and its
    # result depends only on the bytes, the name and the code that reads them: a file
    # read before comes back from the per-user cache (one entry per file name, replaced
    # when the file changes). Only a file that reads without a problem is kept, so
    # every problem is found afresh.
    slot = cache.key(_reader_version(), name)
    digest = hashlib.sha256(data).hexdigest()
    return cache.remember(
        YAML_KIND,
        slot,
        digest,
        (YMap, YSeq, YScalar),
        lambda: parse_yaml(_decode(data, name), name),
    )


YAML_KIND = "yaml"


@functools.cache
def _reader_version() -> str:
    """Everything besides the file that decides what it reads as."""
    sources = [
        Path(__file__).read_text("utf-8"),
        Path(errors.__file__).read_text("utf-8"),
    ]
    return cache.key(sys.version, yaml.__version__, LOADER.__name__, *sources)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Everything before the bad byte decodes, so its column counts characters.
        good = data[: exc.start].decode("utf-8")
        raise SpecError(
            [
                Problem(
                    _position(name, good, len(good)),
                    f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                )
            ]
        ) from None


def parse_yaml(text: str, name: str) -> YNode:
    """Parse YAML text of one document; `name` is how messages refer to it."""
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        raise SpecError(
            [
                Problem(
                    _position(name, text, bad.start()),
                    f"character U+{ord(bad.group()):04X} is not allowed in YAML",
                )
            ]
        )
    loader = LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YMap((), Mark(name, 1, 1))
        return _Converter(loader, name).convert(node)[0]
    except _Recursive:
        raise SpecError(
            [
                Problem(
                    _alias_mark(name, text, None),
                    "recursive alias: it refers to a node that contains it",
                )
            ]
        ) from None
    except _TooManyAliased:
        raise SpecError(
            [
                Problem(
                    _alias_mark(name, text, MAX_ALIASED),
                    f"aliases expand to more than {MAX_ALIASED} values "
                    "(is this an alias bomb?)",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise SpecError([malformed(exc, name, text, LOADER)]) from None
    except yaml.YAMLError as exc:
        raise SpecError([Problem(Mark(name, 1, 1), f"malformed YAML: {exc}")]) from None
    finally:
        loader.dispose()


def _alias_mark(name: str, text: str, limit: int | None) -> Mark:
    where = locate_alias(text, LOADER, limit)
    return Mark(name, *where) if where is not None else Mark(name, 1, 1)
