"""A validator compiled from our generated JSON Schema, with messages for people.

Why not the jsonschema package: it is a development dependency only, it is several times
slower on our schema, and its messages ("None is not of type 'integer'", "is not valid
under any of the given schemas") do not say what to do. This module understands exactly
the keywords generate emits (it refuses a schema with any other, so it can never skip a
rule silently), and tests/test_validate.py holds it to the same verdicts as jsonschema
on the whole corpus.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from typing import Any

from podspec_gen.validate.manifest_load import Path

# Keywords that only inform (editors, docs); they never change a verdict.
ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$defs",
        "title",
        "description",
        "markdownDescription",
        "markdownEnumDescriptions",
        "default",
        "deprecated",
        "deprecationMessage",
        "defaultSnippets",
        "format",  # int32/int64 ranges are spelled out as minimum/maximum
        "patternErrorMessage",
        "errorMessage",
    }
)
# The rules' exact forms (a definition's `allOf`): validate checks the rules through
# the SDK's walkers instead, which report them in the server's words, once.
RULE_FORMS = frozenset({"allOf"})
ASSERTIONS = frozenset(
    {
        "$ref",
        "type",
        "enum",
        "const",
        "minimum",
        "maximum",
        "pattern",
        "items",
        "minItems",
        "properties",
        "additionalProperties",
        "required",
        "dependentSchemas",
        "anyOf",
        "oneOf",
        "not",
    }
)

TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
}


class SchemaError(Exception):
    """The schema uses something this validator does not know: a bug, not bad input."""


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    at_key: bool = False  # point at the key (unknown or conflicting field)
    warning: bool = False  # e.g. a deprecated field: reported, but valid


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def describe(value: Any) -> str:
    kind = json_type(value)
    shown = TYPE_NAMES.get(kind, kind)
    if kind in ("string", "integer", "number", "boolean"):
        return f"{shown} ({json.dumps(value)})"
    return shown


def _one_of_words(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


class Node:
    """One compiled schema object. `check` appends problems; `accepts` says whether a
    value's JSON type could pass (used to choose the anyOf/oneOf branch to report)."""

    def __init__(self, compiler: Compiler, schema: dict[str, Any], where: str) -> None:
        unknown = set(schema) - ANNOTATIONS - ASSERTIONS - RULE_FORMS
        unknown = {k for k in unknown if not k.startswith("x-")}
        if unknown:
            raise SchemaError(f"{where}: unsupported keyword(s) {sorted(unknown)}")
        self.schema = schema
        self.where = where
        self.compiler = compiler
        self.ref: str | None = schema.get("$ref")
        self.types = _named(schema["type"]) if "type" in schema else None
        if "not" in schema:
            left = _complement(schema["not"], where)
            self.types = left if self.types is None else self.types & left
        self.enum: list[Any] | None = schema.get("enum")
        self.has_const = "const" in schema
        self.const = schema.get("const")
        self.minimum = schema.get("minimum")
        self.maximum = schema.get("maximum")
        pattern = schema.get("pattern")
        self.pattern = re.compile(pattern) if pattern is not None else None
        self.pattern_message = schema.get("patternErrorMessage") or (
            f"does not match the pattern {pattern}"
        )
        self.min_items: int | None = schema.get("minItems")
        self.required: list[str] = schema.get("required", [])
        self.deprecations: dict[str, str] = {}
        self.properties: dict[str, Node] = {}
        for name, sub in schema.get("properties", {}).items():
            if sub is False:
                continue  # handled with dependentSchemas
            self.properties[name] = compiler.node(sub, f"{where}/properties/{name}")
            if "deprecationMessage" in sub:
                self.deprecations[name] = sub["deprecationMessage"]
        additional = schema.get("additionalProperties", True)
        self.closed = additional is False
        self.additional: Node | None = (
            compiler.node(additional, f"{where}/additionalProperties")
            if isinstance(additional, dict)
            else None
        )
        self.items: Node | None = (
            compiler.node(schema["items"], f"{where}/items")
            if "items" in schema
            else None
        )
        # dependentSchemas as generate writes them: "if this is set, these may not be".
        self.exclusions: list[tuple[str, frozenset[str], str]] = []
        for name, sub in schema.get("dependentSchemas", {}).items():
            forbidden = frozenset(
                k for k, v in sub.get("properties", {}).items() if v is False
            )
            if set(sub) - {"properties", "errorMessage"} or len(forbidden) != len(
                sub.get("properties", {})
            ):
                raise SchemaError(f"{where}/dependentSchemas/{name}: unsupported form")
            message = sub.get("errorMessage") or f"cannot be set together with {name}"
            self.exclusions.append((name, forbidden, message))
        self.any_of = [
            compiler.node(s, f"{where}/anyOf/{i}")
            for i, s in enumerate(schema.get("anyOf", []))
        ]
        self.one_of = [
            compiler.node(s, f"{where}/oneOf/{i}")
            for i, s in enumerate(schema.get("oneOf", []))
        ]

    # -- what types can pass ----------------------------------------------------------

    def possible_types(self) -> frozenset[str] | None:
        """JSON types that can pass this node (None: any). Integers pass "number"."""
        if not hasattr(self, "_possible"):
            self._possible = self._compute_possible_types()
        return self._possible

    def _compute_possible_types(self) -> frozenset[str] | None:
        found = self.types
        if self.ref is not None:
            target = self.compiler.resolve(self.ref).possible_types()
            found = target if found is None else (found & target if target else found)
        for branches in (self.any_of, self.one_of):
            if branches:
                union: set[str] = set()
                for branch in branches:
                    types = branch.possible_types()
                    if types is None:
                        return found
                    union |= types
                found = frozenset(union) if found is None else found & union
        return found

    def accepts_type(self, value: Any) -> bool:
        types = self.possible_types()
        kind = json_type(value)
        return (
            types is None or kind in types or (kind == "integer" and "number" in types)
        )

    # -- checking ---------------------------------------------------------------------

    def is_valid(self, value: Any) -> bool:
        found: list[Problem] = []
        self.check(value, (), found)
        return not any(not p.warning for p in found)

    def check(self, value: Any, path: Path, out: list[Problem]) -> None:
        if self.ref is not None:
            self.compiler.resolve(self.ref).check(value, path, out)
        if self.types is not None and not self.accepts_own_type(value):
            wanted = [TYPE_NAMES[t] for t in sorted(self.types, key=_type_order)]
            out.append(
                Problem(path, f"must be {_one_of_words(wanted)}, not {describe(value)}")
            )
            return
        if self.has_const and value != self.const:
            out.append(Problem(path, f"must be {json.dumps(self.const)}"))
        if self.enum is not None and not _in_enum(value, self.enum):
            allowed = ", ".join(json.dumps(v) for v in self.enum if v is not None)
            out.append(Problem(path, f"{json.dumps(value)} is not one of {allowed}"))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                out.append(
                    Problem(path, f"{value} is below the minimum {self.minimum}")
                )
            if self.maximum is not None and value > self.maximum:
                out.append(
                    Problem(path, f"{value} is above the maximum {self.maximum}")
                )
        if (
            self.pattern is not None
            and isinstance(value, str)
            and not self.pattern.search(value)
        ):
            out.append(Problem(path, f"{json.dumps(value)} {self.pattern_message}"))
        if isinstance(value, dict):
            self._check_object(value, path, out)
        elif isinstance(value, list):
            self._check_list(value, path, out)
        if self.any_of:
            self._check_branches(self.any_of, value, path, out, exactly_one=False)
        if self.one_of:
            self._check_branches(self.one_of, value, path, out, exactly_one=True)

    def accepts_own_type(self, value: Any) -> bool:
        assert self.types is not None
        kind = json_type(value)
        return kind in self.types or (kind == "integer" and "number" in self.types)

    def _check_object(
        self, value: dict[str, Any], path: Path, out: list[Problem]
    ) -> None:
        for name in self.required:
            if name not in value:
                # At the key that holds the object: its value starts a line later.
                out.append(
                    Problem(path, f'missing required field "{name}"', at_key=True)
                )
        for name, item in value.items():
            child = (*path, name)
            sub = self.properties.get(name)
            if sub is not None:
                sub.check(item, child, out)
                if name in self.deprecations:
                    warning = self.deprecations[name]
                    out.append(Problem(child, warning, at_key=True, warning=True))
            elif self.additional is not None:
                self.additional.check(item, child, out)
            elif self.closed:
                out.append(Problem(child, self._unknown(name), at_key=True))
        for name, forbidden, message in self.exclusions:
            if name in value:
                for other in value:
                    if other in forbidden:
                        out.append(Problem((*path, other), message, at_key=True))

    def _unknown(self, name: str) -> str:
        close = difflib.get_close_matches(name, list(self.properties), n=1, cutoff=0.6)
        if not close:
            lowered = {p.lower(): p for p in self.properties}
            close = [lowered[name.lower()]] if name.lower() in lowered else []
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        return f'unknown field "{name}"{hint}'

    def _check_list(self, value: list[Any], path: Path, out: list[Problem]) -> None:
        if self.min_items is not None and len(value) < self.min_items:
            plural = "s" if self.min_items != 1 else ""
            message = f"must have at least {self.min_items} item{plural}"
            out.append(Problem(path, message))
        if self.items is not None:
            for i, item in enumerate(value):
                self.items.check(item, (*path, i), out)

    def _check_branches(
        self,
        branches: list[Node],
        value: Any,
        path: Path,
        out: list[Problem],
        exactly_one: bool,
    ) -> None:
        valid = [b for b in branches if b.is_valid(value)]
        if len(valid) == 1 or (valid and not exactly_one):
            return
        if len(valid) > 1:
            out.append(Problem(path, "matches more than one of the allowed forms"))
            return
        # None passes: report the branch the value was meant for (its type fits), so a
        # mistake inside an optional object reads as that mistake, not "not null".
        fitting = [b for b in branches if b.accepts_type(value)]
        if len(fitting) == 1:
            fitting[0].check(value, path, out)
            return
        wanted: set[str] = set()
        for b in branches:
            wanted |= b.possible_types() or set()
        if fitting or not wanted:
            out.append(Problem(path, "does not match any of the allowed forms"))
            return
        names = [TYPE_NAMES[t] for t in sorted(wanted, key=_type_order)]
        out.append(
            Problem(path, f"must be {_one_of_words(names)}, not {describe(value)}")
        )


def _type_order(name: str) -> int:
    return list(TYPE_NAMES).index(name) if name in TYPE_NAMES else len(TYPE_NAMES)


def _in_enum(value: Any, enum: list[Any]) -> bool:
    # JSON equality: True is not 1, and 1 is 1.0.
    return any(
        isinstance(value, bool) == isinstance(a, bool) and value == a for a in enum
    )


def _complement(negated: Any, where: str) -> frozenset[str]:
    """`not` some types (an optional field's null, so written that editors do not
    offer it as a value): the types it leaves. A JSON integer is a number."""
    if not isinstance(negated, dict) or set(negated) != {"type"}:
        raise SchemaError(f"{where}/not: unsupported form")
    left = frozenset(TYPE_NAMES) - _named(negated["type"])
    return left if "number" in left else left - {"integer"}


def _named(types: str | list[str]) -> frozenset[str]:
    return frozenset([types] if isinstance(types, str) else types)


class Compiler:
    """Compiles a whole schema document; `$ref`s are resolved lazily and shared."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self._refs: dict[str, Node] = {}
        self.root = self.node(document, "#")

    def node(self, schema: Any, where: str) -> Node:
        if not isinstance(schema, dict):
            raise SchemaError(f"{where}: a schema must be an object here")
        return Node(self, schema, where)

    def resolve(self, ref: str) -> Node:
        found = self._refs.get(ref)
        if found is None:
            if not ref.startswith("#/$defs/"):
                raise SchemaError(f"unsupported $ref {ref}")
            name = ref.removeprefix("#/$defs/")
            definition = self.document.get("$defs", {}).get(name)
            if definition is None:
                raise SchemaError(f"$ref {ref} does not resolve")
            # Registered before compiling so that recursive types terminate.
            placeholder = Node.__new__(Node)
            self._refs[ref] = placeholder
            compiled = self.node(definition, ref)
            placeholder.__dict__.update(compiled.__dict__)
            found = placeholder
        return found

    def definition(self, name: str) -> Node:
        return self.resolve(f"#/$defs/{name}")
