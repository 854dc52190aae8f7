"""The CEL of every rule in the JSON Schema, evaluated (issue 14, item 4).

cel-python runs each rule's `x-podspec-rules` CEL (the same text as its
`x-kubernetes-validations` entry) with the Kubernetes libraries the rules use written
over the SDK's quantity parser. It must hold on every example the SDK accepts, fail on
every one the SDK rejects for the rule, and agree with the SDK on the whole corpus.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import itertools
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import podspec
import pytest
from conftest import load_json, tool_required
from podspec.quantity import parse_quantity
from test_schema_rules import DEFS, HOSTS, RULES, SPEC, _corpus, _sdk_rules

from podspec_gen.model.kinds import Kind, ListOf, MapOf, ObjectRef
from podspec_gen.model.rules.vocab import Rule
from podspec_gen.render.schema.cel_text import field

HAS_CEL = importlib.util.find_spec("celpy") is not None
_LOWER_ASCII = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
needs_cel = tool_required(
    "cel-python", HAS_CEL, "pip install cel-python (evaluates the CEL rules)"
)


class _Quantity:
    def __init__(self, text: Any) -> None:
        self.value = parse_quantity(str(text))


def _parses(text: Any) -> bool:
    try:
        parse_quantity(str(text))
    except ValueError:
        return False
    return True


class Cel:
    """cel-python with the Kubernetes libraries the rules use. Errors inside a macro
    are values, as the CEL spec (and cel-go) has them, so `!has(x) || x.all(...)`
    absorbs them; cel-python 0.5 raises them instead, which its macro hook undoes."""

    def __init__(self) -> None:
        import celpy
        from celpy import celtypes, evaluation

        original = evaluation.Evaluator.build_macro_eval

        def build(self: Any, child: Any) -> Any:
            sub = original(self, child)

            def safe(value: Any) -> Any:
                try:
                    return sub(value)
                except evaluation.CELEvalError as error:
                    return error

            return safe

        evaluation.Evaluator.build_macro_eval = build  # type: ignore[method-assign]

        def is_ip(text: Any) -> Any:
            try:
                ipaddress.ip_address(str(text))
            except ValueError:
                return celtypes.BoolType(False)
            return celtypes.BoolType(True)

        def sign(q: _Quantity) -> Any:
            return celtypes.IntType((q.value > 0) - (q.value < 0))

        def compare_to(a: _Quantity, b: _Quantity) -> Any:
            return celtypes.IntType((a.value > b.value) - (a.value < b.value))

        def total(items: Any) -> Any:
            # The Kubernetes lists library sums ints, or doubles (the sum's type).
            if any(isinstance(i, celtypes.DoubleType) for i in items):
                return celtypes.DoubleType(sum(float(i) for i in items))
            return celtypes.IntType(sum(int(i) for i in items))

        self.celpy = celpy
        self.env = celpy.Environment()
        self.functions = {
            "quantity": _Quantity,
            "compareTo": compare_to,
            "sign": sign,
            "isInteger": lambda q: celtypes.BoolType(q.value.denominator == 1),
            "isIP": is_ip,
            # The Kubernetes IP library's ip(), read back by string(): canonical text.
            "ip": lambda text: celtypes.StringType(
                str(ipaddress.ip_address(str(text)))
            ),
            "isSorted": lambda items: celtypes.BoolType(
                all(a <= b for a, b in itertools.pairwise(items))
            ),
            "asApproximateFloat": lambda q: celtypes.DoubleType(float(q.value)),
            "isQuantity": lambda text: celtypes.BoolType(_parses(text)),
            "asInteger": lambda q: celtypes.IntType(int(q.value)),
            # The strings extension's substring(start).
            "substring": lambda text, start: celtypes.StringType(
                str(text)[int(start) :]
            ),
            "sum": total,
            # The Kubernetes lists library's indexOf: the first equal item, or -1.
            "indexOf": lambda items, item: celtypes.IntType(
                next((n for n, i in enumerate(items) if i == item), -1)
            ),
            "join": lambda items, sep: celtypes.StringType(
                str(sep).join(str(i) for i in items)
            ),
            "split": lambda text, sep: celtypes.ListType(
                [celtypes.StringType(s) for s in str(text).split(str(sep))]
            ),
            # The Kubernetes regex library's find: the first match, or "" when none.
            "find": lambda text, pattern: celtypes.StringType(
                m.group() if (m := re.search(str(pattern), str(text))) else ""
            ),
            # The Kubernetes regex library's findAll: every match, leftmost first.
            "findAll": lambda text, pattern: celtypes.ListType(
                [celtypes.StringType(m) for m in re.findall(str(pattern), str(text))]
            ),
            # The strings extension's lowerAscii: only A-Z lowered.
            "lowerAscii": lambda text: celtypes.StringType(
                str(text).translate(_LOWER_ASCII)
            ),
            # The strings extension's replace(old, new): every occurrence.
            "replace": lambda text, old, new: celtypes.StringType(
                str(text).replace(str(old), str(new))
            ),
        }
        self.programs: dict[str, Any] = {}

    def holds(self, expr: str, obj: Any) -> bool:
        program = self.programs.get(expr)
        if program is None:
            ast = self.env.compile(expr)
            program = self.programs[expr] = self.env.program(
                ast, functions=self.functions
            )
        # The API server decodes into Go structs first: a null is an unset field.
        data = _escaped(_no_nulls(obj))
        result = program.evaluate({"self": self.celpy.json_to_cel(data)})
        if isinstance(result, Exception):
            raise result
        return bool(result)


def _escaped(value: Any) -> Any:
    """Fields named by a CEL keyword as the API server presents them to a rule
    (`__namespace__`). The rules read no map entry whose key is a keyword, so every
    such key is taken for a field."""
    if isinstance(value, dict):
        return {field(k): _escaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    return value


def _no_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _no_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_no_nulls(v) for v in value]
    return value


@pytest.fixture(scope="module")
def cel() -> Cel:
    if not HAS_CEL:
        pytest.skip("cel-python is not installed")
    return Cel()


def _cel_of(rule: Rule) -> str:
    (entry,) = [e for e in DEFS[rule.host]["x-podspec-rules"] if e["id"] == rule.id]
    text: str = entry["rule"]
    return text


def _instances(kind: Kind, value: Any) -> Iterator[tuple[str, Any]]:
    """Every object of a spec type inside `value`, with its type's name."""
    if value is None:
        return
    if isinstance(kind, ObjectRef) and isinstance(value, dict):
        yield kind.name, value
        for f in SPEC.type(kind.name).fields:
            if f.wire_name in value:
                yield from _instances(f.kind, value[f.wire_name])
    elif isinstance(kind, ListOf) and isinstance(value, list):
        for item in value:
            yield from _instances(kind.item, item)
    elif isinstance(kind, MapOf) and isinstance(value, dict):
        for item in value.values():
            yield from _instances(kind.value, item)


def _cel_broken(cel: Cel, host: str, data: Any, errors_only: bool) -> set[str]:
    broken = set()
    for name, obj in _instances(SPEC.type(host).kind, data):
        for rule in SPEC.rules_of(name):
            if errors_only and rule.is_warning:
                continue
            if not cel.holds(_cel_of(rule), obj):
                broken.add(rule.id)
    return broken


@needs_cel
def test_cel_absorbs_errors_as_cel_go_does(cel: Cel) -> None:
    assert cel.holds("!has(self.x) || [1].filter(z, self.x.y == z).size() == 1", {})
    assert not cel.holds("has(self.x) && [1].filter(z, self.x.y == z).size() == 1", {})


@needs_cel
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_the_cel_holds_on_the_valid_example_and_fails_on_the_invalid(
    rule: Rule, cel: Cel
) -> None:
    assert cel.holds(_cel_of(rule), rule.valid)
    assert not cel.holds(_cel_of(rule), rule.invalid)


@needs_cel
@pytest.mark.parametrize("host", HOSTS)
def test_the_cel_agrees_with_the_sdk_on_every_example_of_the_host(
    host: str, cel: Cel
) -> None:
    cls = getattr(podspec, host)
    for rule in SPEC.rules_of(host):
        for example in (rule.valid, rule.invalid):
            expected = _sdk_rules(cls, example)
            assert expected is not None, rule.id
            errors = bool(expected - {r.id for r in RULES if r.is_warning})
            assert _cel_broken(cel, host, example, errors) == expected, rule.id


@needs_cel
def test_the_cel_agrees_with_the_sdk_on_the_corpus(cel: Cel, corpus: Path) -> None:
    checked = 0
    for path in _corpus("valid", "edge_valid", "semantic", "invalid"):
        data = load_json(path)
        expected = _sdk_rules(podspec.PodSpec, data)
        if expected is None:
            continue
        errors = bool(expected - {r.id for r in RULES if r.is_warning})
        assert _cel_broken(cel, "PodSpec", data, errors) == expected, path.name
        checked += 1
    assert checked > 350


@needs_cel
@pytest.mark.parametrize(
    ("paths", "overlap"),
    [(["a.b", "axb/c"], False), (["a.b", "a.b/c"], True), (["a+", "aa"], False)],
)
def test_the_cel_reads_another_fields_value_literally_not_as_a_regex(
    cel: Cel, paths: list[str], overlap: bool
) -> None:
    # CEL cannot escape a value inside a regex: a path with a `.` or `+` would match
    # paths the server (strings.HasPrefix) does not call overlapping.
    (rule,) = [r for r in RULES if r.id == "warn-secret-items-overlapping-paths"]
    source = {"secretName": "s", "items": [{"key": "k", "path": p} for p in paths]}
    assert cel.holds(_cel_of(rule), source) is not overlap


@needs_cel
@pytest.mark.parametrize(
    ("schedule", "ascending"),
    [
        ("*-9-1 * * * *", True),  # getRange reads `*-...` as `*`
        ("0 0 * * ?-sat-sun", True),
        ("0 9-17 * * MON-FRI", True),
        ("0 1-2,5-3 * * *", False),
        ("0 0 * * fri-mon", False),
        ("0 17-9 * * *", False),
    ],
)
def test_the_cel_compares_the_ranges_robfig_cron_reads(
    cel: Cel, schedule: str, ascending: bool
) -> None:
    (rule,) = [r for r in RULES if r.id == "cronjob-schedule-ranges-ascending"]
    assert cel.holds(_cel_of(rule), {"schedule": schedule}) is ascending
