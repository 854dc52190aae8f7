"""Read YAML into nodes that keep their source position.

PyYAML's composer already tracks marks; we keep its node graph instead of plain values
so that every later check can point at the exact line and column it complains about.
Duplicate mapping keys survive here (plain `yaml.safe_load` would silently keep the last).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.spec.errors import Mark, Problem, SpecError


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
    value = node.value
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
    return type(value).__name__


# libyaml's loader composes the same nodes, with the same marks, about 15 times faster.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _mark(name: str, yaml_mark: yaml.Mark | None) -> Mark:
    if yaml_mark is None:
        return Mark(name, 1, 1)
    return Mark(name, yaml_mark.line + 1, yaml_mark.column + 1)


def _convert(loader: yaml.SafeLoader, node: yaml.Node, name: str) -> YNode:
    mark = _mark(name, node.start_mark)
    if isinstance(node, yaml.MappingNode):
        pairs = []
        for key_node, value_node in node.value:
            key = _convert(loader, key_node, name)
            if not isinstance(key, YScalar):
                raise SpecError([Problem(key.mark, "mapping keys must be scalars")])
            pairs.append((key, _convert(loader, value_node, name)))
        return YMap(tuple(pairs), mark)
    if isinstance(node, yaml.SequenceNode):
        return YSeq(tuple(_convert(loader, item, name) for item in node.value), mark)
    return YScalar(loader.construct_object(node), mark)


def load_yaml(path: Path, name: str) -> YNode:
    """Parse one YAML document; `name` is how messages refer to the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(
            [Problem(Mark(name, 1, 1), f"cannot read file: {exc.strerror}")]
        ) from None
    except UnicodeDecodeError:
        raise SpecError(
            [Problem(Mark(name, 1, 1), "file is not valid UTF-8")]
        ) from None
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YMap((), Mark(name, 1, 1))
        return _convert(loader, node, name)
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "malformed YAML"
        if exc.context and exc.context_mark and exc.problem_mark:
            # The problem is often noticed lines after its cause; say where that began.
            start = _mark(name, exc.context_mark)
            message += f" ({exc.context} at line {start.line}, column {start.col})"
        raise SpecError(
            [Problem(_mark(name, where), f"malformed YAML: {message}")]
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError([Problem(Mark(name, 1, 1), f"malformed YAML: {exc}")]) from None
    finally:
        loader.dispose()
