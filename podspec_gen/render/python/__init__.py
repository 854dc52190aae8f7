"""The dataclass SDK (generated/python/): its files, and what its templates need beyond
the model and the kinds' own macros (templates/python/kinds/<macro>.j2).

Every module goes through the formatter (`render.format`), so the templates say what
the code is and the formatter decides how it is laid out.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from podspec_gen.model.cron_names import DAYS, MONTHS, RANGE
from podspec_gen.model.naming import constant
from podspec_gen.model.types import Spec
from podspec_gen.render.format import format_python
from podspec_gen.render.python.literals import (
    allowed_values,
    docstring,
    field_doc,
    py_regex,
    pylit,
    pystr,
    quantity_literals,
)
from podspec_gen.render.python.modules import (
    PACKAGE,
    Here,
    enum_alias,
    enum_const,
    listed_enums,
    module_of,
)
from podspec_gen.render.python.rules_walkers import walkers

if TYPE_CHECKING:
    from podspec_gen.render.job import Job

__all__ = [
    "FILTERS",
    "GLOBALS",
    "PACKAGE",
    "enum_alias",
    "enum_const",
    "jobs",
    "module_of",
]

# The package's files: (file, template), besides one module per group.
FIXED = (
    ("__init__.py", "__init__.py.j2"),
    ("_runtime.py", "_runtime.py.j2"),
    ("py.typed", "py.typed.j2"),
    ("quantity.py", "quantity.py.j2"),
    ("manifests.py", "manifests.py.j2"),
    ("names.py", "names.py.j2"),
    ("findings.py", "findings.py.j2"),
    ("report.py", "report.py.j2"),
    ("yaml_reader.py", "yaml_reader.py.j2"),
    ("validator.py", "validator.py.j2"),
    ("kustomize.py", "kustomize.py.j2"),
    ("walk.py", "walk.py.j2"),
    ("cli.py", "cli.py.j2"),
    ("__main__.py", "__main__.py.j2"),
    ("patch.py", "patch.py.j2"),
    ("preset.py", "preset.py.j2"),
    ("inject.py", "inject.py.j2"),
)


def jobs(spec: Spec) -> list[Job]:
    from podspec_gen.render.job import Job

    def job(path: str, template: str, context: dict[str, Any]) -> Job:
        post = functools.partial(format_python, name=path)
        return Job(path, template, context, post if path.endswith(".py") else None)

    base = f"python/{PACKAGE}"
    fixed = {"quantity": quantity_literals(), "formats": spec.formats}
    out = [job(f"{base}/{name}", f"python/{t}", fixed) for name, t in FIXED]
    out.append(job("python/pyproject.toml", "python/pyproject.toml.j2", {}))
    out.append(job("python/README.md", "python/README.md.j2", {}))
    rules = walkers(spec, raw_slots=True).context()
    out.append(job(f"{base}/_rules.py", "python/_rules.py.j2", rules))
    listed = listed_enums(spec)
    for group in spec.groups:
        here = Here(spec, group, listed)
        path = f"{base}/{module_of(group)}.py"
        out.append(job(path, "python/module.py.j2", {"group": group, "here": here}))
    return out


FILTERS: dict[str, Any] = {
    "pystr": pystr,
    "py_regex": py_regex,
    "pylit": pylit,
    "docstring": docstring,
    "constant": constant,
}
GLOBALS: dict[str, Any] = {
    "py_package": PACKAGE,
    "py_module_of": module_of,
    "py_enum_alias": enum_alias,
    "py_enum_const": enum_const,
    "py_field_doc": field_doc,
    "py_allowed_values": allowed_values,
    "cron_months": MONTHS,
    "cron_days": DAYS,
    "cron_range": RANGE,
}
