"""The pydantic flavour checks every rule of the spec as the dataclass SDK does.

Its models run the SDK's own walkers (rendered from the same rule data into
`podspec_pydantic._rules`): for each rule's `invalid:` and `valid:` examples, the host's
pydantic model must report what `podspec.<Host>.from_dict` reports (each broken rule at
the same path with the same message and id, as a `podspec_rule` entry of pydantic's
ValidationError) and warn what it warns, as `PodSpecWarning`.
"""

from __future__ import annotations

import ast
import copy
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import black
import podspec
import pydantic
import pytest
from conftest import GENERATED, PROJECT, SDK, TEMPLATES, model

from podspec_gen.model.naming import python_name
from podspec_gen.model.rules.vocab import Rule
from podspec_gen.model.types import TypeDef
from podspec_gen.render import pydantic as pydantic_flavour
from podspec_gen.render.run import environment
from podspec_gen.spec.rule_records import NAMED_TESTS

sys.path.insert(0, str(GENERATED / "pydantic"))
import podspec_pydantic
from podspec_pydantic.rules import ERROR_TYPE, PodSpecWarning

RULES = model().rules
PACKAGE = GENERATED / pydantic_flavour.FOLDER

Report = tuple[list[tuple[str, str, str | None]], list[str]]


def _path(loc: tuple[str | int, ...]) -> str:
    """A pydantic location written as the SDK writes a path."""
    out = ""
    for key in loc:
        if isinstance(key, int):
            out = f"{out}[{key}]"
        else:
            out = f"{out}.{key}" if out else key
    return out


# The SDK writes a map key a rule names as the API server does (`limits[memory]`); a
# pydantic location holds it as a plain key, as pydantic's own locations do.
_MAP_KEY = re.compile(r"\[([^\]]*[^\]0-9][^\]]*)\]")


def _as_location(path: str) -> str:
    return _MAP_KEY.sub(r".\1", path)


def _sdk(host: str, data: Any) -> Report:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            getattr(podspec, host).from_dict(copy.deepcopy(data))
        except podspec.ValidationError as exc:
            problems = [(_as_location(p.path), p.message, p.rule) for p in exc.problems]
        else:
            problems = []
    warned = [
        str(w.message) for w in caught if issubclass(w.category, podspec.PodSpecWarning)
    ]
    return problems, warned


def _entries(host: str, data: Any) -> tuple[list[Any], list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            getattr(podspec_pydantic, host).model_validate(
                copy.deepcopy(data), by_alias=True, by_name=False
            )
        except pydantic.ValidationError as exc:
            errors: list[Any] = exc.errors()
        else:
            errors = []
    return errors, [w for w in caught if issubclass(w.category, PodSpecWarning)]


def _pydantic(host: str, data: Any) -> Report:
    errors, warned = _entries(host, data)
    problems = [
        (
            _path(e["loc"]),
            e["msg"] if e["type"] == ERROR_TYPE else f"pydantic: {e['type']}",
            e.get("ctx", {}).get("rule") if e["type"] == ERROR_TYPE else None,
        )
        for e in errors
    ]
    return problems, [str(w.message) for w in warned]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_the_invalid_example_is_rejected_naming_the_rule_at_the_sdk_paths(
    rule: Rule,
) -> None:
    problems, warned = _pydantic(rule.host, rule.invalid)
    assert (problems, warned) == _sdk(rule.host, rule.invalid)
    if rule.is_warning:
        assert problems == [] and warned
        assert all(w.endswith(f"[{rule.id}]") for w in warned), warned
    else:
        assert problems, f"{rule.id}: the pydantic model accepts the invalid example"
        assert {p[2] for p in problems} == {rule.id, *rule.invalid_also}, problems


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_the_valid_example_is_accepted_and_dumped_as_the_sdk_dumps_it(
    rule: Rule,
) -> None:
    assert _pydantic(rule.host, rule.valid) == ([], [])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ours = getattr(podspec, rule.host).from_dict(copy.deepcopy(rule.valid))
    theirs = getattr(podspec_pydantic, rule.host).model_validate(
        copy.deepcopy(rule.valid), by_alias=True, by_name=False
    )
    dumped = theirs.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == ours.to_dict()


def test_a_broken_rule_is_an_entry_of_pydantics_validation_error() -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        podspec_pydantic.Probe(
            exec=podspec_pydantic.ExecAction(command=["true"]),
            tcp_socket=podspec_pydantic.TCPSocketAction(port=80),
        )
    (entry,) = info.value.errors()
    assert entry["type"] == "podspec_rule"
    assert entry["loc"] == ("tcpSocket",)
    assert entry["msg"] == "Forbidden: may not specify more than 1 handler type"
    assert entry["ctx"] == {"rule": "probe-one-handler"}


def test_a_users_subclass_is_checked_as_the_model_it_derives_from() -> None:
    class MyProbe(podspec_pydantic.Probe):
        pass

    with pytest.raises(pydantic.ValidationError) as info:
        MyProbe.model_validate(
            {"exec": {"command": ["true"]}, "tcpSocket": {"port": 80}}
        )
    assert [e["ctx"]["rule"] for e in info.value.errors()] == ["probe-one-handler"]


PROBE_TWICE = {
    "containers": [
        {
            "name": "app",
            "image": "nginx",
            "livenessProbe": {"exec": {"command": ["true"]}, "tcpSocket": {"port": 80}},
        }
    ]
}


def test_a_nested_object_is_checked_once_at_its_full_path() -> None:
    errors, _ = _entries("PodSpec", PROBE_TWICE)
    assert [(e["loc"], e["ctx"]["rule"]) for e in errors] == [
        (("containers", 0, "livenessProbe", "tcpSocket"), "probe-one-handler")
    ]


def test_inside_a_pod_the_location_starts_at_the_pod() -> None:
    metadata = {"name": "web"}
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": PROBE_TWICE}
    errors, _ = _entries("Pod", pod)
    assert [e["loc"] for e in errors] == [
        ("spec", "containers", 0, "livenessProbe", "tcpSocket")
    ]


def test_rules_are_checked_once_pydantics_own_checks_pass() -> None:
    # Documented: a field error leaves the rules of the objects around it unchecked.
    data = copy.deepcopy(PROBE_TWICE)
    data["containers"][0]["ports"] = "80"
    errors, _ = _entries("PodSpec", data)
    assert errors and all(e["type"] != ERROR_TYPE for e in errors)


WARNING_RULES = [r for r in RULES if r.is_warning and r.host == "PodSpec"]


@pytest.mark.parametrize("rule", WARNING_RULES[:3], ids=lambda r: r.id)
def test_a_warning_is_issued_at_the_caller_and_only_without_errors(rule: Rule) -> None:
    _, warned = _entries(rule.host, rule.invalid)
    assert warned and all(w.filename == __file__ for w in warned)
    # The same spec with two containers of one name: the error, and no warning.
    broken = copy.deepcopy(rule.invalid)
    first = broken["containers"][0]
    broken["containers"].append({"name": first["name"], "image": "busybox"})
    errors, warned = _entries(rule.host, broken)
    assert [e["ctx"]["rule"] for e in errors] == ["container-names-unique"]
    assert warned == []
    assert _sdk(rule.host, broken)[1] == []


def test_quantities_and_numbers_keep_the_type_they_were_given() -> None:
    data = {"limits": {"cpu": 2, "memory": "1Gi"}, "requests": {"cpu": 0.5}}
    parsed = podspec_pydantic.ResourceRequirements.model_validate(data)
    assert parsed.limits is not None and type(parsed.limits["cpu"]) is int
    assert parsed.model_dump(mode="json", exclude_unset=True) == data


@pytest.mark.parametrize(
    "t", [t for t in model().types if t.is_object], ids=lambda t: t.name
)
def test_the_models_have_the_sdks_attribute_names(t: TypeDef) -> None:
    fields = getattr(podspec_pydantic, t.name).model_fields
    assert {name: f.alias or name for name, f in fields.items()} == {
        f.python_name: f.wire_name for f in t.fields
    }


def _functions(path: Path) -> dict[str, str]:
    """The module's functions by name, with the helpers bound by assignment (a
    cached wrapper: `overcommit = functools.lru_cache(...)(_overcommit)`), each as
    its source followed by the sources of the functions its assignment names."""
    text = path.read_text(encoding="utf-8")
    body = ast.parse(text).body
    defs = {
        node.name: ast.get_source_segment(text, node) or ""
        for node in body
        if isinstance(node, ast.FunctionDef)
    }
    bound = {}
    for node in body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id not in defs:
                named = [n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)]
                parts = [ast.get_source_segment(text, node) or ""]
                parts += [defs[n] for n in named if n in defs]
                bound[target.id] = "\n".join(parts)
    return {**bound, **defs}


def test_the_walkers_helpers_are_the_sdks_to_the_letter() -> None:
    """Every helper the walker code can call, but `fail` and `path_text` (which keep
    a location rather than a path string), is the SDK runtime's own text."""
    code = "".join(
        path.read_text(encoding="utf-8")
        for path in (PROJECT / "podspec_gen/render/python").glob("rules_*.py")
    )
    called = {n for n in re.findall(r"_rt\.(\w+)", code) if not n[0].isupper()}
    assert "test_" in called and "fail" in called
    assert "path_text" in called
    names = (called - {"test_", "fail", "path_text"}) | {"go_value"}
    names |= {f"test_{python_name(n)}" for n in NAMED_TESTS}
    sdk = _functions(SDK / "podspec" / "_runtime.py")
    ours = _functions(PACKAGE / "_runtime.py")
    for name in sorted(names):
        assert name in sdk, f"the SDK runtime has no {name}"
        assert ours.get(name) == sdk[name], f"{name} differs from the SDK's"


def test_the_committed_rule_modules_are_what_the_templates_render() -> None:
    env = environment(TEMPLATES, pydantic_flavour.FILTERS, pydantic_flavour.GLOBALS)
    for job in pydantic_flavour.jobs(model()):
        text = env.get_template(job.template).render(spec=model(), **job.context)
        text = job.post(text) if job.post else text
        committed = (GENERATED / job.path).read_text(encoding="utf-8")
        assert committed == text, f"{job.path} is stale: regenerate"


def test_the_rule_modules_are_black_stable() -> None:
    for job in pydantic_flavour.jobs(model()):
        text = (GENERATED / job.path).read_text(encoding="utf-8")
        assert black.format_str(text, mode=black.Mode()) == text, job.path


USER_PROGRAM = """
import warnings

import pydantic
from podspec_pydantic import PodSpec
from podspec_pydantic.rules import ERROR_TYPE, PodSpecWarning, RulesModel

warnings.simplefilter("error", PodSpecWarning)


def names(data: object) -> list[str]:
    pod: RulesModel = PodSpec.model_validate(data)
    assert isinstance(pod, PodSpec)
    return [c.name for c in pod.containers]


def broken_rules(data: object) -> list[str]:
    try:
        PodSpec.model_validate(data)
    except pydantic.ValidationError as exc:
        return [e["ctx"]["rule"] for e in exc.errors() if e["type"] == ERROR_TYPE]
    return []
"""


def test_mypy_strict_on_the_package_and_a_user_program(tmp_path: Path) -> None:
    program = tmp_path / "user_program.py"
    program.write_text(USER_PROGRAM, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "podspec_pydantic",
            str(program),
        ],
        cwd=GENERATED / "pydantic",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
