"""The names the outputs generate must not collide: with each other, with Python's
builtins and keywords, or with the names the generated modules use themselves.

Checked on the names the model will give (class names, enum aliases, attributes), so a
spec that would make the SDK fail at import is refused with the spec line to fix.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Iterable, Mapping

from podspec_gen.model.check_fields import Resolved
from podspec_gen.model.kinds import Enum, Kind
from podspec_gen.model.naming import python_name
from podspec_gen.spec.errors import Mark, Problem
from podspec_gen.spec.records import RawType

# Module-level names every generated module defines or imports for itself.
MODULE_NAMES = frozenset(
    {"re", "dataclass", "Any", "Literal", "TypeAlias", "TYPE_CHECKING", "get_args"}
)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_names(
    types: Mapping[str, RawType], resolved: Resolved, problems: list[Problem]
) -> None:
    top: dict[str, tuple[str, Mark]] = {}  # generated top-level name -> what, where

    def claim(name: str, what: str, mark: Mark) -> None:
        if keyword.iskeyword(name) or name in MODULE_NAMES or hasattr(builtins, name):
            problems.append(
                Problem(
                    mark,
                    f"{what} would generate the Python name '{name}', which the "
                    "generated modules need for Python itself: rename it",
                )
            )
        elif name in top:
            other, first = top[name]
            problems.append(
                Problem(
                    mark,
                    f"{what} would generate the Python name '{name}', already taken "
                    f"by {other} ({first})",
                )
            )
        else:
            top[name] = (what, mark)

    for t in types.values():
        for f in t.fields:
            kind = resolved.get((t.name, f.name))
            if kind is None:
                continue
            element = kind.element
            if isinstance(element, Enum) and not element.shared:
                claim(
                    element.name,
                    f"the enum of field '{t.name}.{f.name}'",
                    f.mark_of("enum"),
                )
    # Types last: a type named like an enum's alias is the edit to point at.
    for t in types.values():
        claim(t.name, f"type '{t.name}'", t.mark)
    annotation_names = _annotation_names(resolved.values())
    for t in types.values():
        for f in t.fields:
            try:
                attribute = python_name(f.name)
            except ValueError:
                continue  # not camelCase: reported by the field checks
            if attribute in annotation_names:
                problems.append(
                    Problem(
                        f.mark,
                        f"field '{t.name}.{f.name}' would generate the attribute "
                        f"'{attribute}', which hides the type '{attribute}' that "
                        "annotations in the same class use: rename it",
                    )
                )


def _annotation_names(kinds: Iterable[Kind]) -> frozenset[str]:
    """Every identifier a generated annotation can contain."""
    names: set[str] = {"Any", "None"}
    for kind in kinds:
        names.update(_IDENTIFIER.findall(kind.py_annotation))
    return frozenset(names)
