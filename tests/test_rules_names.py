"""Shortcuts the walkers' emitter takes, each held to what it stands for.

`rules_names` renames temporaries (`v12` -> `v1`) with a regex rather than the
tokenizer, for speed: a name it missed would be left undeclared, and a word it took
from inside a string or an attribute would change a message or a read. `model.rules.triggers`
skips rules on unset fields where the runtime's tests would pass them anyway.
"""

from __future__ import annotations

import io
import tokenize

import pytest

from podspec_gen.model.naming import python_name
from podspec_gen.model.rules.vocab import Step
from podspec_gen.model.types import Spec
from podspec_gen.render.python import rules_names, rules_walkers


def _tokenized(text: str) -> list[tuple[int, int, str]]:
    found = []
    previous = ""
    for tok in tokenize.generate_tokens(io.StringIO(text + "\n").readline):
        if (
            tok.type == tokenize.NAME
            and previous != "."
            and rules_names.FRESH.fullmatch(tok.string)
        ):
            found.append((tok.start[1], tok.end[1], tok.string))
        previous = tok.string
    return found


def test_the_scanner_agrees_with_the_tokenizer_on_every_emitted_line(
    spec_model: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    emitted: list[str] = []

    def record(lines: list[str]) -> list[str]:
        emitted.extend(lines)
        return rules_names.compact(lines)

    monkeypatch.setattr(rules_walkers, "compact", record)
    rules_walkers._walkers(spec_model, True)  # made afresh, not read from the cache
    assert len(emitted) > 3000
    for line in emitted:
        body = line.lstrip(" ")
        assert rules_names._fresh(body) == _tokenized(body), line


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("v1 = o.v2", ["v1"]),
        ('fail(e, "seen1 v2", k1)  # y3', ["k1"]),
        ('x = f\'{v1}\' + r"\\"g1" + y2', ["y2"]),
        ("every12 = notv1 + v1x + names3", ["every12", "names3"]),
    ],
)
def test_strings_comments_attributes_and_longer_words_are_not_fresh_names(
    line: str, names: list[str]
) -> None:
    assert [n for _, _, n in rules_names._fresh(line)] == names
    assert rules_names._fresh(line) == _tokenized(line)


def test_the_tests_said_to_hold_for_an_empty_string_do() -> None:
    """A rule testing a field whose default is "" runs only when the field is set,
    for the tests listed in HOLD_FOR_EMPTY: each must hold for "" as the server's
    check does for an empty field, and the others are not listed."""
    from podspec import _runtime

    from podspec_gen.model.rules.triggers import HOLD_FOR_EMPTY
    from podspec_gen.spec.rule_records import NAMED_TESTS

    # pageMultiple also reads the map entry's key: one that names a page size.
    keys = {"pageMultiple": ("hugepages-2Mi",)}
    for name in NAMED_TESTS:
        test = getattr(_runtime, "test_" + python_name(name))
        assert test("", *keys.get(name, ())) is (name in HOLD_FOR_EMPTY), name


def test_regex_verdicts_are_kept_only_for_short_texts_and_up_to_a_bound() -> None:
    """The walkers keep each pattern's verdicts on the names they meet (`_rt.learn`),
    so a manifest of many containers tests `cpu` once; the memo must answer as the
    regex does and stay small whatever a document holds."""
    from podspec import _runtime

    regex = _runtime.Regex(r"^[a-z]+\Z")
    assert regex.compiled is None  # compiled when first searched, not on import
    memo: dict[str, bool] = {}
    assert _runtime.learn(memo, regex, "cpu") is True
    assert regex.compiled is not None
    assert _runtime.learn(memo, regex, "CPU") is False
    assert memo == {"cpu": True, "CPU": False}
    assert _runtime.learn(memo, regex, "a" * 65) is True
    assert "a" * 65 not in memo
    for n in range(1000):
        _runtime.learn(memo, regex, f"x{n}")
    assert len(memo) == 512
    assert _runtime.learn(memo, regex, "x999") is False  # not kept, still right


def test_a_rule_over_the_containers_about_a_rare_pod_field_is_gated_on_that_field() -> (
    None
):
    """A rule checking every container under a condition on the pod (`$.os.name`,
    `$.hostUsers`) or against a pod map (`$.resources.limits`) runs only when that pod
    field is set; one whose condition holds while the pod field is unset (`not
    hostUsers == false`) or reads a required field (`containers`) stays on its list."""
    from conftest import model

    from podspec_gen.model.rules.triggers import trigger

    rules = {r.id: r for r in model().rules}
    expected = {
        "linux-pod-forbids-container-windows-options": "os",
        "host-users-false-forbids-volume-devices": "hostUsers",
        "container-limits-within-pod-limits": "resources",
        "container-unmasked-proc-mount-needs-user-namespace": "containers",
        "pod-resources-hugepages-need-cpu-or-memory": "resources",
    }
    got = {}
    for rule_id in expected:
        step = trigger(rules[rule_id])
        assert step is not None, rule_id
        got[rule_id] = step.wire
    assert got == expected


@pytest.mark.parametrize(
    ("default", "values", "negated", "holds"),
    [
        (None, ("None",), False, False),  # unset is None: never in the values
        (None, ("None",), True, True),  # ... always outside them
        ("ClusterFirst", ("None",), False, False),
        ("ClusterFirst", ("ClusterFirst",), False, True),
        ("ClusterFirst", ("ClusterFirst",), True, False),
        ("ClusterFirst", ("None",), True, True),
    ],
)
def test_an_equality_test_on_an_unset_field_reads_its_default(
    default: object, values: tuple[object, ...], negated: bool, holds: bool
) -> None:
    """A field the server defaults reads as its default when unset: `dnsPolicy in
    [None]` cannot hold then, so its rules may wait for the field; `dnsPolicy notIn
    [None]` can, so they may not."""
    from podspec_gen.model.rules.triggers import from_when
    from podspec_gen.model.rules.vocab import Among, Ref

    step = Step("dnsPolicy", "dns_policy")
    ref = Ref("dnsPolicy", "item", (step,), None, default is not None, default)
    found = from_when(Among(ref, values, negated))
    assert (found is None) is holds


def test_an_equality_test_on_a_defaulted_quantity_never_gates_its_rule() -> None:
    """Quantities are equal by value (`1` is `1000m`), which comparing the default's
    text with the listed values cannot tell: such a rule stays ungated."""
    from podspec_gen.model.kinds import Quantity
    from podspec_gen.model.rules.triggers import from_when
    from podspec_gen.model.rules.vocab import Among, Ref

    step = Step("divisor", "divisor")
    kind = Quantity("Quantity", "shared")
    ref = Ref("divisor", "item", (step,), kind, True, "1")
    assert from_when(Among(ref, ("1000m",))) is None
    assert from_when(Among(ref, ("2",))) is None


def test_an_assert_waits_for_its_field_only_when_the_default_passes() -> None:
    """A probe's successThreshold reads as 1 when the probe or the field is unset, and
    `== 1` holds then: the rule waits for the probe. A grace period reads as 30 and
    `>= 0` holds: the rule waits for it. A check its default fails runs always."""
    from conftest import model

    from podspec_gen.model.rules.triggers import trigger

    rules = {r.id: r for r in model().rules}
    waits = {
        rule_id: (step.wire if (step := trigger(rules[rule_id])) else None)
        for rule_id in (
            "liveness-probe-success-threshold-one",
            "warn-negative-termination-grace-period",
            "field-selector-api-version-v1",
        )
    }
    assert waits == {
        "liveness-probe-success-threshold-one": "livenessProbe",
        "warn-negative-termination-grace-period": "terminationGracePeriodSeconds",
        "field-selector-api-version-v1": "apiVersion",
    }


def test_an_assert_no_one_field_gates_waits_for_one_of_those_its_failure_needs() -> (
    None
):
    """`rules_needs.failure_gate`: "hostNetwork must be true if pod contains any
    hostProcess containers" can fail only where the pod's security context sets
    `windowsOptions.hostProcess` or some container of the three lists does (the guard
    pass's flags, which follow the whole path: a security context alone, which most
    pods set, opens no gate); a rule whose failure an unset field allows (`hostNetwork`
    not true) gets no gate."""
    from conftest import model

    from podspec_gen.render.python.rules_emit import Emitter
    from podspec_gen.render.python.rules_needs import failure_gate
    from podspec_gen.render.python.rules_values import Reader

    rules = {r.id: r for r in model().rules}
    path = "securityContext.windowsOptions.hostProcess"

    def gate(rule_id: str) -> tuple[str | None, list[str]]:
        em = Emitter({})
        found = failure_gate(Reader(em), rules[rule_id])
        flags = [f"{items.wire}.{inner.wire}" for items, inner in em.guards]
        flags += [
            ".".join([items.wire, *(s.wire for s in steps)]) for items, steps in em.deep
        ]
        return found, flags

    found, flags = gate("pod-host-process-requires-host-network")
    assert found is not None
    own, _, rest = found.partition(") or ")
    assert "o.security_context" in own and "windows_options" in own, found
    assert own.endswith("host_process is not None") and rest, found
    assert flags == [f"{c}.{path}" for c in CONTAINER_LISTS]
    found, flags = gate("pod-host-process-all-containers-or-none")
    assert found is not None and "security_context" not in found
    assert flags == [f"{c}.{path}" for c in CONTAINER_LISTS]
    assert gate("toleration-exists-forbids-value")[0] == "o.operator is not None"
    assert gate("container-image-not-empty")[0] is None


CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")
