"""What the Python templates need beyond the model: module names, imports, literals."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.model.naming import constant, pascal
from generator.model.types import INT_RANGES, Field, FieldType, Group, Spec, TypeDef

if TYPE_CHECKING:
    from generator.render.job import Job

PACKAGE = "podspec"

PRIMITIVE_PY = {
    "string": "str",
    "boolean": "bool",
    "int32": "int",
    "int64": "int",
    "number": "float",
}
SCALAR_PY = {
    "string": "str",
    "integer": "int",
    "quantity": "str | int | float",
    "int-or-string": "int | str",
    "object": "dict[str, Any]",
}


def module_of(group: Group) -> str:
    return "pod_spec" if group.kind == "root" else group.name


def pystr(value: str) -> str:
    """A string literal exactly as black would write it (double quotes unless that escapes more)."""
    if '"' in value and "'" not in value:
        return (
            "'" + json.dumps(value, ensure_ascii=False)[1:-1].replace('\\"', '"') + "'"
        )
    return json.dumps(value, ensure_ascii=False)


def pylit(value: Any) -> str:
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def docstring(text: str, indent: int, width: int = 88) -> str:
    """Wrap prose into a black-stable docstring body (quotes included)."""
    pad = " " * indent
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\t", "    ")
    lines: list[str] = []
    for para in body.split("\n"):
        if not para.strip():
            lines.append("")
            continue
        lines.extend(
            textwrap.wrap(
                para, width - indent, break_long_words=False, break_on_hyphens=False
            )
            or [""]
        )
    while lines and not lines[-1]:
        lines.pop()
    if lines and lines[-1].endswith('"'):
        lines[-1] += " "
    first = lines[0] if lines else ""
    rest = "".join(f"\n{pad}{line}" if line else "\n" for line in lines[1:])
    if not rest:  # black keeps a one-line docstring on one line, however long
        return f'"""{first}"""'
    return f'"""{first}{rest}\n{pad}"""'


def enum_alias(owner: TypeDef, field: Field) -> str:
    return f"{owner.name}{pascal(field.wire_name)}"


def enum_const(owner: TypeDef, field: Field) -> str:
    return f"_{constant(owner.name)}_{constant(field.wire_name)}"


def element_py(spec: Spec, owner: TypeDef, field: Field, t: FieldType) -> str:
    if field.enum:
        return enum_alias(owner, field)
    if t.kind == "primitive":
        return PRIMITIVE_PY[t.name]
    return t.name


def annotation(spec: Spec, owner: TypeDef, field: Field) -> str:
    return nested(field.type, lambda t: element_py(spec, owner, field, t))


def nested(t: FieldType, element: Callable[[FieldType], str]) -> str:
    """`t`'s annotation: lists and maps spelled out around `element`'s for the item."""
    if t.kind == "list":
        assert t.item is not None
        return f"list[{nested(t.item, element)}]"
    if t.kind == "map":
        assert t.item is not None
        return f"dict[str, {nested(t.item, element)}]"
    return element(t)


def attribute_line(spec: Spec, owner: TypeDef, field: Field) -> str:
    return declaration(field.python_name, annotation(spec, owner, field), field)


def declaration(name: str, ann: str, field: Field) -> str:
    """`name: T` or `name: T | None = None` in a class body, split as black splits it."""
    if field.must_be_set:
        line = f"    {name}: {ann}"
        if len(line) <= 88 or not ann.endswith("]"):
            return line
        # Black splits a long subscript after its bracket, at its top-level commas.
        head, _, inner = ann.partition("[")
        return "    " + wrap(f"{name}: {head}[", top_level_items(inner[:-1]), "]", 4)
    line = f"    {name}: {ann} | None = None"
    if len(line) <= 88:
        return line
    if len(f"    {name}: {ann} | None = (") <= 88:
        return f"    {name}: {ann} | None = (\n        None\n    )"
    return f"    {name}: (\n        {ann} | None\n    ) = None"


def top_level_items(text: str) -> list[str]:
    """`a, b[c, d], e` -> [`a`, `b[c, d]`, `e`]: the commas outside any brackets."""
    items, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += (char in "([{") - (char in ")]}")
        if char == "," and depth == 0:
            items.append(text[start:i].strip())
            start = i + 1
    return [*items, text[start:].strip()]


def wrap(head: str, items: list[str], tail: str, indent: int = 0) -> str:
    """`head` + items + `tail` as black writes it: on one line when it fits, else the
    items on one indented line (a lone item even when too long), else one item per line
    with a trailing comma."""
    pad = " " * indent
    inner = ", ".join(items)
    if len(pad + head + inner + tail) <= 88:
        return head + inner + tail
    if len(pad + "    " + inner) <= 88 or len(items) == 1:
        return f"{head}\n{pad}    {inner}\n{pad}{tail}"
    body = "".join(f"{pad}    {item},\n" for item in items)
    return f"{head}\n{body}{pad}{tail}"


def bounds(spec: Spec, field: Field) -> tuple[str, str] | None:
    """Range check bounds as Python source, or None when there is nothing to check."""
    kind = scalar_kind(spec, field.type.element)
    lo: Any = field.minimum
    hi: Any = field.maximum
    if kind in INT_RANGES:
        names = {
            "int32": ("_rt.INT32_MIN", "_rt.INT32_MAX"),
            "int64": ("_rt.INT64_MIN", "_rt.INT64_MAX"),
        }[kind]
        return (
            names[0] if lo is None else repr(lo),
            names[1] if hi is None else repr(hi),
        )
    if kind == "integer":
        return (
            "_rt.INT64_MIN" if lo is None else repr(lo),
            "_rt.INT64_MAX" if hi is None else repr(hi),
        )
    if lo is None and hi is None:
        return None
    return (
        "-float('inf')" if lo is None else repr(lo),
        "float('inf')" if hi is None else repr(hi),
    )


def scalar_kind(spec: Spec, t: FieldType) -> str:
    """The primitive kind of an element: string, boolean, int32, int64, number, or a
    scalar wrapper's kind (quantity, int-or-string, object, integer); "object-ref" for
    references to object types."""
    if t.kind == "primitive":
        return t.name
    target = spec.type(t.name)
    return target.scalar or "object-ref"


def object_collections(spec: Spec, t: TypeDef) -> set[str]:
    """The collection kinds ("list", "map") among `t`'s fields of objects: its `to_dict`
    declares one loop variable for each."""
    return {
        f.type.kind
        for f in t.fields
        if f.type.kind in ("list", "map")
        and scalar_kind(spec, f.type.element) == "object-ref"
    }


def ref_expr(spec: Spec, group: Group, name: str) -> str:
    """How module `group` names class `name` at run time."""
    target = spec.type(name)
    if target.group == group.name:
        return name
    return f"_{module_of(spec.group(target.group))}.{name}"


def runtime_imports(spec: Spec, group: Group) -> list[str]:
    modules = set()
    for t in group.types:
        for f in t.fields:
            element = f.type.element
            if element.kind == "ref":
                target = spec.type(element.name)
                if target.is_object and target.group != group.name:
                    modules.add(module_of(spec.group(target.group)))
    return sorted(modules)


def typing_imports(spec: Spec, group: Group) -> list[tuple[str, str]]:
    """(module, name) pairs the annotations need from other modules."""
    pairs = set()
    for t in group.types:
        for f in t.fields:
            element = f.type.element
            if element.kind == "ref" and not f.enum:
                target = spec.type(element.name)
                if target.group != group.name:
                    pairs.add((module_of(spec.group(target.group)), element.name))
    return sorted(pairs)


def uses_literal(group: Group) -> bool:
    return any(f.enum for t in group.types for f in t.fields)


def field_doc(field: Field) -> str:
    parts = [field.description]
    facts = [f"Wire name: `{field.wire_name}`."]
    if field.must_be_set:
        facts.append("Required.")
    if field.has_default:
        facts.append(f"Default: `{json.dumps(field.default)}`.")
    if field.enum:
        facts.append(
            "Allowed values: "
            + ", ".join(f"`{v.value}` ({v.meaning.rstrip('.')})" for v in field.enum)
            + "."
        )
    if field.minimum is not None or field.maximum is not None:
        facts.append(f"Range: {_fmt(field.minimum)}..{_fmt(field.maximum)}.")
    if field.pattern:
        facts.append(f"Pattern: `{field.pattern}`.")
    if field.min_items:
        facts.append(f"At least {field.min_items} item(s).")
    if field.immutable:
        facts.append("Immutable: cannot be updated.")
    if field.deprecation:
        facts.append(f"Deprecated: {field.deprecation}")
    parts.append(" ".join(facts))
    return "\n\n".join(parts)


def _fmt(value: object) -> str:
    return "" if value is None else str(value)


def jobs(spec: Spec) -> list[Job]:
    from generator.render.job import Job

    base = f"python/{PACKAGE}"
    out = [
        Job(f"{base}/__init__.py", "python/__init__.py.j2", {}),
        Job(f"{base}/_runtime.py", "python/_runtime.py.j2", {}),
        Job(f"{base}/py.typed", "python/py.typed.j2", {}),
        Job(f"{base}/quantity.py", "python/quantity.py.j2", {}),
        Job(f"{base}/manifests.py", "python/manifests.py.j2", {}),
        Job(f"{base}/names.py", "python/names.py.j2", {}),
        Job("python/pyproject.toml", "python/pyproject.toml.j2", {}),
        Job("python/README.md", "python/README.md.j2", {}),
    ]
    for group in spec.groups:
        out.append(
            Job(
                f"{base}/{module_of(group)}.py", "python/module.py.j2", {"group": group}
            )
        )
    return out


FILTERS: dict[str, Any] = {
    "pystr": pystr,
    "pylit": pylit,
    "docstring": docstring,
    "constant": constant,
}
GLOBALS: dict[str, Any] = {
    "py_package": PACKAGE,
    "py_module_of": module_of,
    "py_annotation": annotation,
    "py_attribute_line": attribute_line,
    "py_enum_alias": enum_alias,
    "py_enum_const": enum_const,
    "py_bounds": bounds,
    "py_scalar_kind": scalar_kind,
    "py_object_collections": object_collections,
    "py_ref": ref_expr,
    "py_runtime_imports": runtime_imports,
    "py_typing_imports": typing_imports,
    "py_uses_literal": uses_literal,
    "py_field_doc": field_doc,
    "py_scalar_alias": SCALAR_PY,
}
