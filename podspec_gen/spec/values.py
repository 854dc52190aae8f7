"""Checkers for spec values drawn from a fixed vocabulary or syntax.

Each returns the value, or an `Invalid` saying what is allowed: the outputs copy these
values verbatim (a schema `format`, a patch strategy, a regex), so a typo here would
otherwise ship silently.
"""

from __future__ import annotations

import difflib
import re

from podspec_gen.spec.patterns import pattern_problem
from podspec_gen.spec.shape import Invalid, nonempty_string, one_line
from podspec_gen.spec.yaml_source import YNode, YScalar

_RELEASE = re.compile(r"v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")

# The `format` vocabulary of JSON Schema draft 2020-12, the one output that gives it a
# meaning (the docs print it, the SDKs do not check it).
FORMATS = (
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
)

# Kubernetes' x-kubernetes-patch-strategy values; a field may combine them.
PATCH_STRATEGIES = ("merge", "replace", "retainKeys")


def release(node: YNode) -> object:
    """A Kubernetes release such as v1.37.0: the outputs are versioned after it."""
    value = nonempty_string(node)
    if isinstance(value, str) and not _RELEASE.fullmatch(value):
        return Invalid(f"{value!r} is not a release such as v1.37.0")
    return value


_FIELD_PATH = re.compile(r"[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*")


def field_name(node: YNode) -> object:
    """Field names as a path writes them (`persistentDisk`, `overhead.limits`): letters
    and digits, dot-separated; or '', a step the server's path leaves out."""
    if isinstance(node, YScalar) and node.value == "":
        return ""
    value = one_line(node)
    if isinstance(value, str) and not _FIELD_PATH.fullmatch(value):
        return Invalid(
            f"{value!r} is not a field name (letters and digits, or a dotted path of them)"
        )
    return value


def schema_format(node: YNode) -> object:
    value = one_line(node)
    if isinstance(value, str) and value not in FORMATS:
        return Invalid(f"unknown format {value!r}{_suggest(value, FORMATS)}")
    return value


def patch_strategy(node: YNode) -> object:
    value = one_line(node)
    if not isinstance(value, str):
        return value
    parts = value.split(",")
    for part in parts:
        if part not in PATCH_STRATEGIES:
            return Invalid(
                f"unknown patch strategy {part!r}{_suggest(part, PATCH_STRATEGIES)}: "
                "use merge, replace or retainKeys, or a comma list such as "
                "merge,retainKeys"
            )
    if len(set(parts)) != len(parts):
        return Invalid(f"{value!r} names a strategy twice")
    return value


def pattern(node: YNode) -> object:
    value = nonempty_string(node)
    if not isinstance(value, str):
        return value
    problem = pattern_problem(value)
    if problem is None:
        return value
    if problem.position is None:
        return Invalid(problem.message)
    return Invalid(f"{problem.message} (at position {problem.position})")
    return value


def _suggest(value: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (expected one of: {', '.join(allowed)})"
