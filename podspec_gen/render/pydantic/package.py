"""The pydantic package's own modules, beside the models codegen writes: the rules,
and the manifest kinds' bases (`kinds.py`).

The walkers are the dataclass SDK's (`podspec_gen.render.python.rules_walkers`), the same
code over the same rule data; they read objects by attribute, and the models have the
SDK's attribute names. `rules.py` runs them from a validator every model inherits,
`_runtime.py` holds what they call, and `quantity.py` is the SDK's own template: the
walkers compare quantities with it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from podspec_gen.model.cron_names import DAYS, MONTHS, RANGE
from podspec_gen.model.kinds import ListOf, MapOf, ObjectRef
from podspec_gen.render.format import format_python
from podspec_gen.render.python.literals import (
    docstring,
    py_regex,
    pylit,
    pystr,
    quantity_literals,
)
from podspec_gen.render.python.modules import kind_access
from podspec_gen.render.python.rules_walkers import walkers

if TYPE_CHECKING:
    from podspec_gen.model.types import Spec
    from podspec_gen.render.job import Job

PACKAGE = "podspec_pydantic"
FOLDER = f"pydantic/{PACKAGE}"
# The class every model derives from (datamodel-codegen's --base-class).
BASE_CLASS = f"{PACKAGE}.rules.RulesModel"


# The base of a free-form object's model (a status, FieldsV1), in `rules.py`: it keeps
# and checks what the object holds, where codegen's empty model would drop it.
OBJECT_BASE = f"{PACKAGE}.rules.ObjectModel"


def kind_base(kind: str) -> str:
    """The base class of a manifest kind's model (--base-class-map), in `kinds.py`."""
    return f"{PACKAGE}.kinds.{kind}Kind"


def jobs(spec: Spec) -> list[Job]:
    from podspec_gen.render.job import Job

    def job(name: str, template: str, context: dict[str, Any]) -> Job:
        path = f"{FOLDER}/{name}"
        return Job(path, template, context, functools.partial(format_python, name=path))

    rules = walkers(spec).context()
    return [
        job("rules.py", "pydantic/rules.py.j2", {}),
        job("_rules.py", "pydantic/_rules.py.j2", rules),
        # The rule helpers read the formats' server checks (`format_words`).
        job("_runtime.py", "pydantic/_runtime.py.j2", {"formats": spec.formats}),
        job("quantity.py", "python/quantity.py.j2", {"quantity": quantity_literals()}),
        job("kinds.py", "pydantic/kinds.py.j2", {}),
    ]


def null_zeros(spec: Spec) -> list[tuple[str, list[tuple[str, object]]]]:
    """Per model, its lists and maps of plain values: (its wire and Python names, the
    zero value a null item reads as). Lists and maps of models read one as `{}`."""
    out = []
    for t in sorted(spec.types, key=lambda t: t.name):
        names: list[tuple[str, object]] = []
        for f in t.fields:
            if not isinstance(f.kind, ListOf | MapOf):
                continue
            item = f.kind.item if isinstance(f.kind, ListOf) else f.kind.value
            if isinstance(item, ObjectRef) or item.zero is None:
                continue
            names.extend(
                (name, item.zero)
                for name in dict.fromkeys((f.wire_name, f.python_name))
            )
        if t.is_object and names:
            out.append((t.name, names))
    return out


FILTERS: dict[str, Any] = {
    "pystr": pystr,
    "pylit": pylit,
    "docstring": docstring,
    "py_regex": py_regex,
}
GLOBALS: dict[str, Any] = {
    "py_kind_access": kind_access,
    "pydantic_null_zeros": null_zeros,
    # The rule helpers the runtime shares with the dataclass SDK's
    "cron_months": MONTHS,
    "cron_days": DAYS,
    "cron_range": RANGE,
}
