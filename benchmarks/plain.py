"""A reference point, not a peer: plain generated per-field Python with no validation.

#4 gives its targets beside one figure: "46 µs for plain generated per-field Python
without any validation". This module builds that baseline from the SDK's own classes,
so that it has exactly the same fields and nesting: one slots dataclass per type, a
`from_dict` that passes every field to the constructor as `d.get(wire)` (recursing into
nested objects) and a `to_dict` that writes every field that is not None. Nothing is
checked. `sdk.py` times it beside the peers, so that each target can be read against
what the straightforward generated code costs on the same machine in the same run.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

_LIST = re.compile(r"list\[(\w+)\]")
_MAP = re.compile(r"dict\[str, (\w+)\]")


def _value(annotation: str, wire: str, classes: set[str]) -> str:
    """The constructor argument for one field, read from `d`."""
    kind = annotation.removesuffix(" | None")
    got = f'(v := d.get("{wire}"))'
    if (m := _LIST.fullmatch(kind)) and m.group(1) in classes:
        return f"None if {got} is None else [{m.group(1)}.from_dict(i) for i in v]"
    if (m := _MAP.fullmatch(kind)) and m.group(1) in classes:
        item = f"{m.group(1)}.from_dict(i)"
        return f"None if {got} is None else {{n: {item} for n, i in v.items()}}"
    if kind in classes:
        return f"None if {got} is None else {kind}.from_dict(v)"
    return f'd.get("{wire}")'


def _dumped(annotation: str, classes: set[str]) -> str:
    """How `to_dict` writes the local `v` of one field."""
    kind = annotation.removesuffix(" | None")
    if (m := _LIST.fullmatch(kind)) and m.group(1) in classes:
        return "[i.to_dict() for i in v]"
    if (m := _MAP.fullmatch(kind)) and m.group(1) in classes:
        return "{n: i.to_dict() for n, i in v.items()}"
    if kind in classes:
        return "v.to_dict()"
    return "v"


def source() -> str:
    """Python source of the plain classes, one per SDK type."""
    import podspec
    from podspec.names import WIRE_TO_PYTHON

    models = {
        name: cls
        for name in sorted(WIRE_TO_PYTHON)
        if isinstance(cls := getattr(podspec, name, None), type)
    }
    classes = set(models)
    out = ["from dataclasses import dataclass", "from typing import Any", ""]
    for name, model in models.items():
        wire_of = {py: wire for wire, py in WIRE_TO_PYTHON[name].items()}
        fields = [
            (f.name, wire_of[f.name], str(f.type))
            for f in dataclasses.fields(model)
            if f.name in wire_of
        ]
        out += ["@dataclass(slots=True, kw_only=True)", f"class {name}:"]
        out += [f"    {py}: Any = None" for py, _, _ in fields]
        out += ["    @classmethod", "    def from_dict(cls, d):", "        return cls("]
        out += [
            f"            {py}={_value(t, wire, classes)}," for py, wire, t in fields
        ]
        out += ["        )", "    def to_dict(self):", "        d = {}"]
        for py, wire, t in fields:
            out += [
                f"        v = self.{py}",
                "        if v is not None:",
                f'            d["{wire}"] = {_dumped(t, classes)}',
            ]
        out += ["        return d", ""]
    return "\n".join(out)


def classes() -> dict[str, Any]:
    """The plain classes by type name."""
    namespace: dict[str, Any] = {}
    exec(compile(source(), "<plain per-field classes>", "exec"), namespace)
    return namespace
