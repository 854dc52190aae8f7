"""The rules in the JSON Schema (issue 14, item 4).

Every rule is on its host's definition: in `x-podspec-rules` (id, level, error type,
message, source, CEL and, where JSON Schema can say the rule exactly, its `schema`
form) and, for the server's errors, in `x-kubernetes-validations` as a CRD writes it.

The forms are held to the SDK's verdicts with jsonschema Draft 2020-12, on every rule's
examples and on the corpus; applied to the whole schema they must refuse no valid
corpus spec: a valid spec refused is the worst mistake a validator can make. The CEL
is evaluated in test_schema_cel.py.
"""

from __future__ import annotations

import copy
import re
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import podspec
import podspec._runtime as _rt
import pytest
from conftest import GENERATED, corpus_files, load_json, model, nulled

from podspec_gen.model.kinds import Kind, String
from podspec_gen.model.rules.vocab import Among, IsSet, Ref, Rule, Step
from podspec_gen.model.rules.vocab import Test as NamedTest
from podspec_gen.model.rules.words import rule_message
from podspec_gen.render.schema.forms import rule_form

SPEC = model()
RULES = SPEC.rules
SCHEMA: dict[str, Any] = load_json(GENERATED / "jsonschema" / "podspec.schema.json")
DEFS: dict[str, Any] = SCHEMA["$defs"]
HOSTS = sorted({r.host for r in RULES})
# The object types whose lists take a null item: the forms read it as the zero value.
NULL_ITEMS = SPEC.null_items
FORMED = [r for r in RULES if rule_form(r, NULL_ITEMS) is not None]
# The CRD reason of each error type; the others are invalid values.
REASONS = {
    "Required": "FieldValueRequired",
    "Forbidden": "FieldValueForbidden",
    "Duplicate": "FieldValueDuplicate",
}


# --- the annotations --------------------------------------------------------------


def test_every_rule_is_on_its_host_with_its_cel() -> None:
    described = {
        name: [e["id"] for e in d.get("x-podspec-rules", [])]
        for name, d in DEFS.items()
    }
    assert sum(len(ids) for ids in described.values()) == len(RULES)
    for name, ids in described.items():
        assert ids == [r.id for r in SPEC.rules_of(name)], name
    for rule in RULES:
        (entry,) = [e for e in DEFS[rule.host]["x-podspec-rules"] if e["id"] == rule.id]
        assert entry["rule"].strip()
        assert entry["level"] == rule.level
        assert entry["error"] == rule.error
        assert entry["kind"] == rule.kind
        assert entry["source"] == rule.source
        assert entry["message"] == rule_message(rule)
        assert entry["description"].endswith(".")


def test_the_server_errors_are_crd_validation_rules_and_warnings_are_not() -> None:
    for name in HOSTS:
        definition = DEFS[name]
        errors = [r for r in SPEC.rules_of(name) if not r.is_warning]
        entries = definition.get("x-kubernetes-validations", [])
        assert len(entries) == len(errors), name
        described = {e["id"]: e for e in definition["x-podspec-rules"]}
        for rule, entry in zip(errors, entries, strict=True):
            assert entry["rule"] == described[rule.id]["rule"]
            assert entry["reason"] == REASONS.get(rule.error, "FieldValueInvalid")
            assert set(entry) <= {"rule", "message", "fieldPath", "reason"}
            assert entry["message"].startswith(rule.heading)
            assert "<value>" not in entry["message"]
            path = entry.get("fieldPath")
            # Fields as `.name`, map entries as `['example.com/key']` (CRD fieldPath).
            step = r"\.[A-Za-z_][A-Za-z0-9_]*|\['[^'\\]*'\]"
            assert path is None or re.fullmatch(f"({step})+", path)
    validations = sum(len(d.get("x-kubernetes-validations", [])) for d in DEFS.values())
    assert validations == len([r for r in RULES if not r.is_warning])


def test_the_forms_in_the_schema_are_the_rules_forms() -> None:
    for rule in RULES:
        (entry,) = [e for e in DEFS[rule.host]["x-podspec-rules"] if e["id"] == rule.id]
        assert entry.get("schema") == rule_form(rule, NULL_ITEMS)
    assert not any(rule_form(r, NULL_ITEMS) for r in RULES if r.is_warning)


def _sdk_rules(cls: Any, data: Any) -> set[str] | None:
    """The rule ids the SDK's walkers report on the document as written (its warnings
    only when there is no error), or None when the data also has a problem of its own
    fields. As written, as the schema states the rules: `from_dict` checks a Pod, and a
    bare pod spec, as SetDefaults_Pod leaves it, which no schema can."""
    errors: list[Any] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        obj = cls._parse(copy.deepcopy(data), "", errors, False)
    found: list[Any] = []
    _rt.walk(cls.__name__, obj, "", errors, found, broken=bool(errors))
    # A field's own problem that a rule says in the same words is the rule's.
    kept = _rt.one_each(errors)
    if any(p.rule is None for p in kept):
        return None
    return {p.rule for p in kept} if kept else {p.rule for p in found}


def _corpus(*folders: str) -> list[Path]:
    return [p for folder in folders for p in corpus_files(folder)]


# --- the JSON Schema forms --------------------------------------------------------


def _validator(host: str, *forms: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        {
            "$schema": SCHEMA["$schema"],
            "$defs": DEFS,
            "allOf": [{"$ref": f"#/$defs/{host}"}, *forms],
        }
    )


def _enforced() -> dict[str, Any]:
    """The schema with every rule's form applied to its host definition."""
    schema = copy.deepcopy(SCHEMA)
    for definition in schema["$defs"].values():
        forms = [
            e["schema"] for e in definition.get("x-podspec-rules", []) if "schema" in e
        ]
        if forms:
            definition["allOf"] = forms
    return schema


def test_many_rules_have_an_exact_form() -> None:
    assert len(FORMED) >= len(RULES) // 3
    assert {r.kind for r in FORMED} >= {"require", "forbid", "assert", "atLeastOne"}


@pytest.mark.parametrize("rule", FORMED, ids=lambda r: r.id)
def test_a_form_refuses_the_invalid_example_and_accepts_the_valid(rule: Rule) -> None:
    form = rule_form(rule, NULL_ITEMS)
    assert form is not None
    validator = _validator(rule.host, form)
    assert validator.is_valid(rule.valid)
    assert not validator.is_valid(rule.invalid)


@pytest.mark.parametrize("rule", FORMED, ids=lambda r: r.id)
def test_a_form_accepts_every_example_of_its_host_the_rule_accepts(rule: Rule) -> None:
    form = rule_form(rule, NULL_ITEMS)
    assert form is not None
    validator = _validator(rule.host, form)
    base = _validator(rule.host)
    for other in SPEC.rules_of(rule.host):
        for example in (other.valid, other.invalid):
            if example is rule.invalid or not base.is_valid(example):
                continue
            assert validator.is_valid(example), other.id


def _problems(validator: jsonschema.Draft202012Validator, data: Any) -> set[str]:
    found: set[str] = set()
    stack = list(validator.iter_errors(data))
    while stack:
        error = stack.pop()
        found.add(f"{error.json_path}: {error.message}")
        stack.extend(error.context)
    return found


def test_the_forms_refuse_no_valid_corpus_spec(corpus: Path) -> None:
    plain = jsonschema.Draft202012Validator(SCHEMA)
    enforced = jsonschema.Draft202012Validator(_enforced())
    files = _corpus("valid", "edge_valid")
    assert len(files) > 340
    for path in files:
        data = load_json(path)
        assert _problems(enforced, data) == _problems(plain, data), path.name
    for rule in RULES:
        if rule.host == "PodSpec":
            assert enforced.is_valid(rule.valid), rule.id


def test_the_forms_agree_with_the_sdk_on_the_rejected_corpus(corpus: Path) -> None:
    plain = jsonschema.Draft202012Validator(SCHEMA)
    enforced = jsonschema.Draft202012Validator(_enforced())
    formed = {r.id for r in FORMED}
    for path in _corpus("semantic", "invalid", "upstream_rejects"):
        data = load_json(path)
        broken = _sdk_rules(podspec.PodSpec, data)
        if broken is None or not plain.is_valid(data):
            continue
        assert enforced.is_valid(data) == (not broken & formed), path.name


# --- the forms' semantics, case by case -------------------------------------------


def _ref(field: str, kind: Kind, **facts: Any) -> Ref:
    return Ref(field, "item", (Step(field, field),), kind, **facts)


def _rule(kind: str, **parts: Any) -> Rule:
    base: dict[str, Any] = {
        "id": "t",
        "kind": kind,
        "host": "T",
        "error": "Invalid",
        "detail": "",
        "source": "",
        "level": "error",
        "each": None,
        "when": None,
        "at": None,
    }
    return Rule(**(base | parts))


NONE: frozenset[str] = frozenset()  # made-up rules reach no list of objects


def _accepts(form: dict[str, Any] | None, value: Any) -> bool:
    assert form is not None
    return jsonschema.Draft202012Validator(form).is_valid(value)


def test_set_means_not_null_and_not_empty_not_just_present() -> None:
    form = rule_form(_rule("require", fields=(_ref("s", String()),)), NONE)
    assert _accepts(form, {"s": "x"})
    assert not _accepts(form, {"s": ""})
    assert not _accepts(form, {"s": None})
    assert not _accepts(form, {})
    forbid = rule_form(_rule("forbid", fields=(_ref("s", String()),)), NONE)
    assert _accepts(forbid, {"s": ""}) and _accepts(forbid, {"s": None})
    assert not _accepts(forbid, {"s": "x"})


def test_a_defaulted_field_reads_as_its_default_when_unset_or_empty() -> None:
    protocol = _ref("protocol", String(), has_default=True, default="TCP")
    when = Among(protocol, ("TCP",))
    form = rule_form(
        _rule("require", when=when, fields=(_ref("name", String()),)), NONE
    )
    for unset in ({}, {"protocol": ""}, {"protocol": None}, {"protocol": "TCP"}):
        assert not _accepts(form, unset)
        assert _accepts(form, {**unset, "name": "x"})
    assert _accepts(form, {"protocol": "UDP"})


def test_unset_is_in_no_set_and_an_unset_subject_passes_an_assert() -> None:
    policy = _ref("policy", String())
    form = rule_form(_rule("assert", check=Among(policy, ("A", "B"))), NONE)
    assert _accepts(form, {}) and _accepts(form, {"policy": None})
    assert _accepts(form, {"policy": "A"})
    assert not _accepts(form, {"policy": ""})
    not_in = rule_form(
        _rule(
            "forbid",
            when=Among(policy, ("A",), True, "notIn"),
            fields=(_ref("x", String()),),
        ),
        NONE,
    )
    assert not _accepts(not_in, {"x": "y"})  # unset policy is not A: x is forbidden


def test_what_json_schema_cannot_say_has_no_form() -> None:
    address = _ref("ip", String())
    assert rule_form(_rule("assert", check=NamedTest(address, "ip")), NONE) is None
    assert rule_form(_rule("reference", lists=(), names=()), NONE) is None
    warning = _rule("require", level="warning", fields=(address,))
    assert rule_form(warning, NONE) is None
    assert rule_form(_rule("require", when=IsSet(address), fields=(address,)), NONE)


def test_the_schema_enforces_the_exact_forms_on_each_host() -> None:
    """The forms are not only data: the generated schema applies them (`allOf`), so an
    editor flags a rule JSON Schema can say, and passes the closest valid case."""
    from podspec_gen.render.schema.forms import rule_form

    whole = load_json(GENERATED / "jsonschema" / "podspec.schema.json")
    checked = 0
    for rule in model().rules:
        if rule.is_warning or rule_form(rule, NULL_ITEMS) is None:
            continue
        host = {**whole, "$ref": f"#/$defs/{rule.host}"}
        validator = jsonschema.Draft202012Validator(host)
        assert list(validator.iter_errors(rule.invalid)), rule.id
        assert not list(validator.iter_errors(rule.valid)), rule.id
        checked += 1
    assert checked >= 100


def test_a_selector_match_is_described_with_cel_and_has_no_form() -> None:
    # JSON Schema cannot relate a label selector to a map of labels: the rule is
    # listed, with its CEL, and nothing in allOf claims to say it.
    (rule,) = [
        r for r in RULES if r.id == "deployment-selector-matches-template-labels"
    ]
    assert rule_form(rule, NULL_ITEMS) is None
    (entry,) = [
        e for e in DEFS["DeploymentSpec"]["x-podspec-rules"] if e["id"] == rule.id
    ]
    assert "schema" not in entry
    assert "matchExpressions" in entry["rule"] and "matchLabels" in entry["rule"]


# --- null items and map values -----------------------------------------------------

# Every definition without its rules' forms: what a form is added to, alone.
_PLAIN_DEFS = {
    name: {k: v for k, v in d.items() if k != "allOf"} for name, d in DEFS.items()
}


_BY_ID = {r.id: r for r in RULES}


def _host_class(name: str) -> Any:
    return getattr(podspec, name, None) or getattr(podspec.workloads, name)


@pytest.mark.parametrize("rule", FORMED, ids=lambda r: r.id)
def test_a_form_reads_a_null_as_the_sdk_does(rule: Rule) -> None:
    """Go's decoder leaves a null list item or map value as its type's zero value
    (`values: [null]` is `[0]`, an annotation set to null is ""), and a null field
    unset. For every null put in the rule's examples, the form refuses what the SDK
    refuses by the rule, and nothing the SDK accepts. (It may refuse a null quantity
    the SDK refuses by another rule: a quantity's zero, "0", fails `> 0` rules, which
    have no form, so its null is left refused as unset.)"""
    form = rule_form(rule, NULL_ITEMS)
    assert form is not None
    schema = {"$schema": SCHEMA["$schema"], "$defs": _PLAIN_DEFS}
    plain = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{rule.host}"})
    formed = jsonschema.Draft202012Validator(
        {**schema, "allOf": [{"$ref": f"#/$defs/{rule.host}"}, form]}
    )
    cls = _host_class(rule.host)
    for example in (rule.valid, rule.invalid):
        for data in nulled(example):
            found = _sdk_rules(cls, data)
            if found is None or not plain.is_valid(data):
                continue
            valid = formed.is_valid(data)
            assert not (rule.id in found and valid), data
            assert valid or any(_BY_ID[r].level == "error" for r in found), data


def test_a_null_item_or_map_value_is_read_as_its_zero_value() -> None:
    """The cases the schema passed before: the SDK refuses each by the rule named."""
    job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}}
    pod = {"containers": [{"name": "app", "image": "nginx"}], "restartPolicy": "Never"}

    def job_with(values: list[Any], operator: str) -> dict[str, Any]:
        codes = {"operator": operator, "values": values}
        policy = {"rules": [{"action": "FailJob", "onExitCodes": codes}]}
        spec = {"template": {"spec": pod}, "podFailurePolicy": policy}
        return {**job, "spec": spec}

    def pod_with(annotations: dict[str, Any]) -> dict[str, Any]:
        meta = {"name": "web", "annotations": annotations}
        return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": pod}

    cases = [
        ("job", job_with([None], "In"), "pod-failure-policy-exit-code-in-not-zero"),
        ("job", job_with([None, 0], "NotIn"), "pod-failure-policy-exit-codes-unique"),
        (
            "pod",
            pod_with({"seccomp.security.alpha.kubernetes.io/pod": None}),
            "pod-seccomp-annotation-profile",
        ),
        (
            "pod",
            pod_with({"kubernetes.io/config.mirror": None}),
            "pod-mirror-annotation-needs-node-name",
        ),
        (
            "pod",
            pod_with({"controller.kubernetes.io/pod-deletion-cost": None}),
            "pod-deletion-cost-int32",
        ),
    ]
    for file, data, rule_id in cases:
        validator = jsonschema.Draft202012Validator(
            load_json(GENERATED / "jsonschema" / f"{file}.schema.json")
        )
        assert not validator.is_valid(data), rule_id
        with pytest.raises(podspec.ValidationError) as raised:
            podspec.load_manifests(data)
        assert rule_id in {p.rule for p in raised.value.problems}
    # ...and a null the server reads as a valid zero value still passes.
    fine = jsonschema.Draft202012Validator(
        load_json(GENERATED / "jsonschema" / "job.schema.json")
    )
    assert fine.is_valid(job_with([None, 1], "NotIn"))
