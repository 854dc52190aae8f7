"""Stage 1a: read the spec folder into raw records, checking only their shape.

Meaning (references, groups, defaults) is checked by `spec_check`; here we make sure
every file, type and field has the keys it may have, of the kinds it must have.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.spec.errors import Mark, Problem, SpecError
from generator.spec.shape import (
    Entry,
    Key,
    boolean,
    integer,
    json_value,
    located_string_list,
    mapping,
    nonempty_string,
    number,
    one_of,
    read_mapping,
    string_list,
)
from generator.spec.yaml_source import YMap, YNode, YScalar, describe, load_yaml

ROOT_FILE = "podspec.yaml"

SCALAR_KINDS = ("string", "integer", "quantity", "int-or-string", "object")

FIELD_KEYS = {
    "type": Key(nonempty_string, required=True),
    "description": Key(nonempty_string, required=True),
    "required": Key(boolean),
    "serverRequired": Key(boolean),
    "default": Key(json_value),
    "enum": Key(mapping),
    "deprecated": Key(nonempty_string),
    "immutable": Key(boolean),
    "minimum": Key(number),
    "maximum": Key(number),
    "pattern": Key(nonempty_string),
    "minItems": Key(integer),
    "listType": Key(one_of("atomic", "set", "map")),
    "listMapKeys": Key(string_list),
    "patchStrategy": Key(nonempty_string),
    "patchMergeKey": Key(nonempty_string),
    "mapType": Key(one_of("atomic", "granular")),
}

TYPE_KEYS = {
    "description": Key(nonempty_string, required=True),
    "upstream": Key(nonempty_string),
    "fields": Key(mapping),
    "scalar": Key(one_of(*SCALAR_KINDS)),
    "format": Key(nonempty_string),
    "mapType": Key(one_of("atomic", "granular")),
    "atMostOneOf": Key(string_list),
}

_GROUP_KEYS = {
    "title": Key(nonempty_string, required=True),
    "summary": Key(nonempty_string, required=True),
    "description": Key(nonempty_string, required=True),
    "example": Key(nonempty_string),
    "types": Key(mapping),
}
GROUP_KEYS = {**_GROUP_KEYS, "podSpecFields": Key(located_string_list, required=True)}
SHARED_KEYS = dict(_GROUP_KEYS)
ROOT_KEYS = {
    **_GROUP_KEYS,
    "kubernetes": Key(nonempty_string, required=True),
    "root": Key(nonempty_string, required=True),
    "groups": Key(located_string_list, required=True),
    "shared": Key(nonempty_string, required=True),
}


@dataclass(frozen=True)
class RawEnumValue:
    value: str | int
    meaning: str
    mark: Mark


@dataclass(frozen=True)
class RawField:
    name: str
    mark: Mark
    entries: dict[str, Entry]
    enum: tuple[RawEnumValue, ...]

    def get(self, key: str, default: object = None) -> object:
        entry = self.entries.get(key)
        return default if entry is None else entry.value

    def mark_of(self, key: str) -> Mark:
        entry = self.entries.get(key)
        return self.mark if entry is None else entry.mark


@dataclass(frozen=True)
class RawType:
    name: str
    mark: Mark
    file: str
    entries: dict[str, Entry]
    fields: tuple[RawField, ...]

    def get(self, key: str, default: object = None) -> object:
        entry = self.entries.get(key)
        return default if entry is None else entry.value

    def mark_of(self, key: str) -> Mark:
        entry = self.entries.get(key)
        return self.mark if entry is None else entry.mark


@dataclass(frozen=True)
class RawFile:
    """One spec file: the root, a field group, or the shared types."""

    name: str
    kind: str  # "root" | "group" | "shared"
    display: str
    mark: Mark
    entries: dict[str, Entry]
    types: tuple[RawType, ...]

    def text(self, key: str) -> str:
        value = self.entries[key].value if key in self.entries else ""
        assert isinstance(value, str)
        return value

    def located_list(self, key: str) -> tuple[tuple[str, Mark], ...]:
        entry = self.entries.get(key)
        return () if entry is None else entry.value  # type: ignore[return-value]


@dataclass(frozen=True)
class RawSpec:
    root: RawFile
    files: tuple[RawFile, ...]  # root first, then groups in declared order, then shared


def _read_enum(
    node: YMap, what: str, problems: list[Problem]
) -> tuple[RawEnumValue, ...]:
    values: list[RawEnumValue] = []
    seen: dict[object, Mark] = {}
    for key, meaning in node.items:
        value = key.value
        if not isinstance(value, str | int) or isinstance(value, bool):
            problems.append(
                Problem(
                    key.mark,
                    f"{what}: enum value {value!r} must be a string or integer",
                )
            )
            continue
        if value in seen:
            first = seen[value]
            problems.append(
                Problem(
                    key.mark,
                    f"{what}: duplicate enum value {value!r} (first at line {first.line})",
                )
            )
            continue
        seen[value] = key.mark
        if not (
            isinstance(meaning, YScalar)
            and isinstance(meaning.value, str)
            and meaning.value.strip()
        ):
            problems.append(
                Problem(
                    meaning.mark,
                    f"{what}: enum value {value!r} needs a one-line meaning, got {describe(meaning)}",
                )
            )
            continue
        values.append(RawEnumValue(value, meaning.value, key.mark))
    return tuple(values)


def _read_field(
    key: YScalar, node: YNode, owner: str, problems: list[Problem]
) -> RawField | None:
    name = str(key.value)
    what = f"field '{owner}.{name}'"
    entries = read_mapping(node, FIELD_KEYS, what, problems)
    if entries is None:
        return None
    enum: tuple[RawEnumValue, ...] = ()
    if "enum" in entries:
        enum_node = entries["enum"].value
        assert isinstance(enum_node, YMap)
        enum = _read_enum(enum_node, what, problems)
        if not enum_node.items:
            problems.append(
                Problem(
                    entries["enum"].mark, f"{what}: 'enum' must list at least one value"
                )
            )
    return RawField(name, key.mark, entries, enum)


def _read_type(
    key: YScalar, node: YNode, file: str, problems: list[Problem]
) -> RawType | None:
    name = key.value
    if not isinstance(name, str):
        problems.append(Problem(key.mark, f"type name {name!r} must be a string"))
        return None
    entries = read_mapping(node, TYPE_KEYS, f"type '{name}'", problems)
    if entries is None:
        return None
    fields: list[RawField] = []
    fields_entry = entries.get("fields")
    if fields_entry is not None:
        assert isinstance(fields_entry.value, YMap)
        seen: dict[str, Mark] = {}
        for field_key, field_node in fields_entry.value.items:
            fname = field_key.value
            if not isinstance(fname, str):
                problems.append(
                    Problem(
                        field_key.mark,
                        f"type '{name}': field name {fname!r} must be a string",
                    )
                )
                continue
            if fname in seen:
                problems.append(
                    Problem(
                        field_key.mark,
                        f"type '{name}': duplicate field '{fname}' (first at line {seen[fname].line})",
                    )
                )
                continue
            seen[fname] = field_key.mark
            field = _read_field(field_key, field_node, name, problems)
            if field is not None:
                fields.append(field)
    return RawType(name, key.mark, file, entries, tuple(fields))


def _read_file(
    path: Path, name: str, kind: str, display: str, problems: list[Problem]
) -> RawFile | None:
    try:
        node = load_yaml(path, display)
    except SpecError as exc:
        problems.extend(exc.problems)
        return None
    keys = {"root": ROOT_KEYS, "group": GROUP_KEYS, "shared": SHARED_KEYS}[kind]
    entries = read_mapping(node, keys, display, problems)
    if entries is None:
        return None
    if "example" in entries:
        _check_example(entries["example"], display, problems)
    types: list[RawType] = []
    types_entry = entries.get("types")
    if types_entry is not None:
        assert isinstance(types_entry.value, YMap)
        for type_key, type_node in types_entry.value.items:
            raw = _read_type(type_key, type_node, name, problems)
            if raw is not None:
                types.append(raw)
    return RawFile(name, kind, display, node.mark, entries, tuple(types))


def _check_example(entry: Entry, display: str, problems: list[Problem]) -> None:
    """A group's `example` is YAML text of a pod spec: it must parse to a mapping."""
    text = entry.value
    assert isinstance(text, str)
    try:
        loaded = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        # The text starts on the line after `example: |`; YAML marks are 0-based.
        line = entry.mark.line + 1 + (where.line if where is not None else 0)
        message = exc.problem or exc.context or "malformed YAML"
        problems.append(
            Problem(Mark(display, line, 1), f"'example' is not valid YAML: {message}")
        )
        return
    if not isinstance(loaded, dict):
        problems.append(
            Problem(
                entry.mark,
                "'example' must be the YAML text of a pod spec (a mapping such as "
                "'containers: [...]')",
            )
        )


def load_spec(spec_dir: Path) -> RawSpec:
    """Read every spec file named by the root; raise SpecError listing all shape problems."""
    problems: list[Problem] = []
    display_root = _display(spec_dir)
    root_path = spec_dir / ROOT_FILE
    if not root_path.is_file():
        raise SpecError(
            [
                Problem(
                    Mark(f"{display_root}/{ROOT_FILE}", 1, 1),
                    "root spec file not found",
                )
            ]
        )
    root = _read_file(
        root_path, "podspec", "root", f"{display_root}/{ROOT_FILE}", problems
    )
    if root is None:
        raise SpecError(problems)
    files = [root]
    listed = [(name, mark, "group") for name, mark in root.located_list("groups")]
    if "shared" in root.entries:
        entry = root.entries["shared"]
        listed.append((str(entry.value), entry.mark, "shared"))
    seen: dict[str, Mark] = {}
    for name, mark, kind in listed:
        if name in seen:
            problems.append(
                Problem(
                    mark,
                    f"group '{name}' is listed twice (first at line {seen[name].line})",
                )
            )
            continue
        seen[name] = mark
        if name == "podspec" or not name.isidentifier() or not name.islower():
            problems.append(
                Problem(
                    mark,
                    f"group name '{name}' must be a lowercase identifier other than 'podspec'",
                )
            )
            continue
        path = spec_dir / f"{name}.yaml"
        if not path.is_file():
            problems.append(
                Problem(
                    mark, f"group '{name}': file {display_root}/{name}.yaml not found"
                )
            )
            continue
        raw = _read_file(path, name, kind, f"{display_root}/{name}.yaml", problems)
        if raw is not None:
            files.append(raw)
    if problems:
        raise SpecError(problems)
    return RawSpec(root, tuple(files))


def _display(path: Path) -> str:
    """Paths in messages are relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
