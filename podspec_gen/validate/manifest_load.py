"""Read manifest YAML (multi-document) into plain JSON-like values plus node positions.

Values follow what the Kubernetes API sees after its YAML-to-JSON conversion, not what a
Python YAML library would build: timestamps stay strings, mapping keys are strings, merge
keys (`<<`) are applied, and a duplicate key is an error (the API's decoder rejects it).
Positions are kept per path so that every problem can be reported as line:column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]

# libyaml when present: the same documents, parsed several times faster.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STRING_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:str"}


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Document:
    """One YAML document: its value and where each of its nodes starts."""

    index: int  # 0-based position in the file
    value: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    duplicates: list[Path] = field(default_factory=list)

    def position(self, path: Path, at_key: bool = False) -> Position:
        """Where to point for a problem at `path`: its key, its value, or the nearest parent."""
        if at_key and path in self.keys:
            return self.keys[path]
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Position(1, 1))


class LoadError(Exception):
    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class _Builder:
    def __init__(self, loader: Any, document: Document) -> None:
        self.loader = loader
        self.document = document
        self.active: set[int] = set()  # node ids being built: an alias cycle guard

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.document.values[path] = _position(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            if node.tag in _STRING_TAGS:
                return node.value
            return self.loader.construct_object(node)
        if id(node) in self.active:
            raise LoadError(_position(node.start_mark), "recursive alias")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [
                    self.build(item, (*path, i)) for i, item in enumerate(node.value)
                ]
            assert isinstance(node, yaml.MappingNode)  # the only other kind
            return self._mapping(node, path)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        self.loader.flatten_mapping(node)  # applies `<<` merge keys in place
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise LoadError(
                    _position(key_node.start_mark), "mapping keys must be scalars"
                )
            key = str(key_node.value)
            child = (*path, key)
            if key in result:
                self.document.duplicates.append(child)
                self.document.keys[child] = _position(key_node.start_mark)
                continue
            self.document.keys[child] = _position(key_node.start_mark)
            result[key] = self.build(value_node, child)
        return result


def load_documents(text: str) -> list[Document]:
    """Every document of a YAML stream; raises LoadError on malformed YAML."""
    loader = _Loader(text)
    documents: list[Document] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            document = Document(len(documents), None)
            if node is not None:
                document.value = _Builder(loader, document).build(node, ())
            documents.append(document)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _position(mark) if mark is not None else Position(1, 1)
        raise LoadError(
            where, f"malformed YAML: {exc.problem or exc.context or 'syntax error'}"
        ) from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise LoadError(Position(1, 1), f"malformed YAML: {exc}") from None
    finally:
        loader.dispose()
    return documents
