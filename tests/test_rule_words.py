"""The rules in plain English (podspec_gen/model/rules/words.py): one test per predicate
and per rule kind on small hand-built model objects, then the sentence, the message
and every rule of the real spec."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import model

from podspec_gen.model.kinds import ObjectRef
from podspec_gen.model.rules.vocab import (
    Among,
    Compare,
    IsSet,
    Join,
    MapComparison,
    Matches,
    Predicate,
    Ref,
    Rule,
    Selector,
    Selects,
    Step,
    Summed,
)
from podspec_gen.model.rules.vocab import (
    Test as NamedTest,
)
from podspec_gen.model.rules.wording import Names, join, must
from podspec_gen.model.rules.words import (
    KIND_WORDS,
    condition,
    requirement,
    rule_message,
    rule_sentence,
)
from podspec_gen.spec.rule_records import NAMED_TESTS, RULE_KINDS


def ref(
    path: str,
    base: str = "item",
    default: object = None,
    *,
    zero: bool = False,
    required: bool = False,
) -> Ref:
    steps = (
        () if path == "@" else tuple(Step(w, w, "", required) for w in path.split("."))
    )
    return Ref(path, base, steps, None, default is not None, default, zero)


def sel(text: str, type_name: str | None = None) -> Selector:
    steps = []
    for part in text.split("."):
        each = "list" if part.endswith("[*]") else "map" if part.endswith("{*}") else ""
        wire = part.removesuffix("[*]").removesuffix("{*}")
        steps.append(Step(wire, wire, each))
    return Selector(text, tuple(steps), None, type_name)  # type: ignore[arg-type]


def rule(kind: str, **fields: Any) -> Rule:
    base: dict[str, Any] = {
        "id": "r",
        "kind": kind,
        "host": "PodSpec",
        "error": "Invalid",
        "detail": "",
        "source": "pkg/x.go f",
        "level": "error",
        "each": None,
        "when": None,
        "at": None,
    }
    return Rule(**{**base, **fields})


def cond(pred: Predicate, negated: bool = False) -> str:
    return condition(pred, Names(), negated)


def req(pred: Predicate, negated: bool = False) -> str:
    return requirement(pred, Names(), negated)


def words(r: Rule) -> str:
    return KIND_WORDS[r.kind](r, Names())


# --- the pieces ---------------------------------------------------------------------


def test_join_and_must() -> None:
    assert [join([]), join(["a"]), join(["a", "b"]), join("abc", "or")] == [
        "",
        "a",
        "a and b",
        "a, b or c",
    ]
    assert [
        must(p)
        for p in ("is 1", "is not 1", "has no x", "matches r", "does not equal y")
    ] == [
        "must be 1",
        "must not be 1",
        "must have no x",
        "must match r",
        "must not equal y",
    ]


def test_names_say_a_default_once_and_qualify_the_host() -> None:
    names = Names(lambda s: f"`{s}`", host="PodSpec")
    protocol = ref("protocol", default="TCP")
    assert names.subject(protocol) == '`protocol` (unset or `""` reads as `TCP`)'
    assert names.subject(protocol) == "`protocol`"
    assert names.subject(ref("successThreshold", default=1, zero=True)) == (
        "`successThreshold` (unset or `0` reads as `1`)"
    )
    # A default that is the empty value itself is not worth a word.
    assert names.subject(ref("subPath", default="")) == "`subPath`"
    assert names.subject(ref("n", default=0, zero=True)) == "`n`"
    assert names.ref(ref("hostNetwork", "host")) == "`PodSpec.hostNetwork`"
    assert Names().ref(ref("hostNetwork", "host")) == "hostNetwork"
    assert names.ref(ref("@")) == "the value"
    assert (
        names.visit(sel("containers[*].ports[*]"))
        == "each item of `containers[*].ports`"
    )
    assert names.visit(sel("resources.limits{*}")) == "each value of `resources.limits`"
    assert names.visit(sel("containers[*].lifecycle")) == (
        "each `containers[*].lifecycle` (when set)"
    )
    assert names.visit(sel("valueFrom")) == "`valueFrom` (when set)"


# --- one test per predicate -----------------------------------------------------------


def test_among() -> None:
    policy = ref("restartPolicy")
    assert cond(Among(policy, ("Always",), op="equals")) == "restartPolicy is Always"
    assert cond(Among(policy, ("Always",), negated=True, op="notIn")) == (
        "restartPolicy is not Always"
    )
    assert cond(Among(policy, ("A", "B", "C"))) == "restartPolicy is one of A, B or C"
    assert req(Among(policy, ("A", "B"))) == "restartPolicy must be one of A or B"
    assert req(Among(policy, ("A",), negated=True)) == "restartPolicy must not be A"
    assert cond(Among(ref("flag"), (True,))) == "flag is true"
    assert cond(Among(ref("mode"), ("",))) == 'mode is ""'
    # The default is said only where it decides: when it is in the set.
    version = ref("apiVersion", default="v1")
    assert cond(Among(version, ("v1",))) == 'apiVersion (unset or "" reads as v1) is v1'
    assert cond(Among(version, ("v2",))) == "apiVersion is v2"


def test_is_set() -> None:
    assert cond(IsSet(ref("a"))) == "a is set"
    assert cond(IsSet(ref("a"), flag=False)) == "a is not set"
    assert cond(IsSet(ref("a")), negated=True) == "a is not set"
    assert req(IsSet(ref("a"))) == "a must be set"
    assert req(IsSet(ref("a"), flag=False)) == "a must not be set"


def test_matches() -> None:
    pred = Matches(ref("iqn"), "^iqn")
    assert cond(pred) == "iqn matches ^iqn"
    assert cond(pred, negated=True) == "iqn does not match ^iqn"
    assert req(pred) == "iqn must match ^iqn"
    assert req(pred, negated=True) == "iqn must not match ^iqn"


def test_a_pattern_of_one_other_field_reads_as_a_prefix_or_an_equality() -> None:
    earlier = ref("path", "earlier")
    prefix = Matches(ref("path"), "^{^.path}", (("^.path", earlier),))
    assert cond(prefix) == "path starts with the earlier item's path"
    assert (
        cond(prefix, negated=True) == "path does not start with the earlier item's path"
    )
    whole = Matches(
        ref("hostIP"), "^{^.hostIP}$", (("^.hostIP", ref("hostIP", "earlier")),)
    )
    assert req(whole) == "hostIP must equal the earlier item's hostIP"
    assert cond(whole, negated=True) == "hostIP differs from the earlier item's hostIP"
    # The earlier value itself, in a rule over plain values (`^.@`).
    plain = Matches(ref("@", "earlier"), "^{@}", (("@", ref("@")),))
    assert cond(plain) == "the earlier value starts with the value"
    # Literal text around the values, anchored at either end or neither.
    name = (("name", ref("name")),)
    annotation = Matches(ref("@", "key"), r"^container\.apparmor\.io/{name}$", name)
    assert cond(annotation) == "the key equals container.apparmor.io/ followed by name"
    assert cond(Matches(ref("v"), r"\$\({name}\)", name)) == (
        "v contains $( followed by name followed by )"
    )
    assert cond(Matches(ref("v"), "/{name}$", name)) == "v ends with / followed by name"
    # A pattern with any operator stays a pattern.
    more = Matches(ref("path"), "^{^.path}.", (("^.path", earlier),))
    assert cond(more) == "path matches ^{^.path}."
    assert cond(Matches(ref("v"), r"^\d{name}", name)) == r"v matches ^\d{name}"


def test_selects() -> None:
    pred = Selects(ref("selector"), ref("template.metadata.labels"))
    labels = "the labels in template.metadata.labels"
    assert cond(pred) == f"selector selects {labels}"
    assert cond(pred, negated=True) == f"selector does not select {labels}"
    assert req(pred) == f"selector must select {labels}"
    assert req(pred, negated=True) == f"selector must not select {labels}"


@pytest.mark.parametrize("name", NAMED_TESTS)
def test_every_named_test_has_words(name: str) -> None:
    pred = NamedTest(ref("p"), name)
    holds, fails = cond(pred), cond(pred, negated=True)
    assert holds.startswith("p ") and fails.startswith("p ") and holds != fails
    assert req(pred).startswith("p must ")


def test_named_tests() -> None:
    assert req(NamedTest(ref("path"), "relativePath")) == (
        "path must be a relative path (no leading /)"
    )
    assert (
        cond(NamedTest(ref("path"), "relativePath"), negated=True)
        == "path starts with /"
    )
    assert (
        req(NamedTest(ref("path"), "noBacksteps"))
        == "path must have no .. path element"
    )
    assert req(NamedTest(ref("q"), "integral")) == "q must be a whole quantity"
    assert req(NamedTest(ref("q"), "nonNegative")) == "q must not be negative"
    assert req(NamedTest(ref("ip"), "ip")) == "ip must be an IPv4 or IPv6 address"


def test_compare() -> None:
    host, port = ref("hostPort"), ref("containerPort")
    assert req(Compare(host, "==", other=port)) == "hostPort must equal containerPort"
    assert cond(Compare(host, "!=", number=0)) == "hostPort is not 0"
    assert cond(Compare(host, "==", number=0)) == "hostPort is 0"
    assert cond(Compare(host, ">", number=0)) == "hostPort is more than 0"
    assert cond(Compare(host, ">", number=0), negated=True) == "hostPort is at most 0"
    assert req(Compare(host, "<", number=5)) == "hostPort must be less than 5"
    assert req(Compare(host, ">=", number=0)) == "hostPort must be at least 0"
    grace = ref("terminationGracePeriodSeconds", "host", 30)
    assert requirement(Compare(ref("seconds"), "<=", other=grace), Names(host="P")) == (
        "seconds must be at most P.terminationGracePeriodSeconds (unset reads as 30)"
    )


def test_a_count_against_none_or_one_asks_whether_an_item_is_there() -> None:
    containers, flag = ref("containers"), ref("securityContext.privileged")
    privileged = Among(flag, (True,))
    some = Compare(containers, ">", number=0, count=True, where=privileged)
    assert (
        cond(some) == "containers has an item where securityContext.privileged is true"
    )
    assert req(some, negated=True) == (
        "containers must have no item where securityContext.privileged is true"
    )
    assert req(Compare(containers, "==", number=0, count=True)) == (
        "containers must have no item"
    )
    assert cond(Compare(containers, ">=", number=1, count=True)) == (
        "containers has an item"
    )
    # Any other number is a count.
    assert req(Compare(containers, "<=", number=1, count=True)) == (
        "the number of items of containers must be at most 1"
    )


def test_join() -> None:
    a, b = ref("a"), ref("b")
    one, two = Among(a, (1,)), Among(b, (2,))
    assert cond(Join("all", (one, two))) == "a is 1 and b is 2"
    assert cond(Join("any", (one, two))) == "a is 1 or b is 2"
    assert cond(Join("not", (one,))) == "a is not 1"
    # De Morgan: not all is any not.
    assert cond(Join("not", (Join("all", (one, two)),))) == "a is not 1 or b is not 2"
    # A combination inside another that combines the other way is bracketed.
    mixed = Join("all", (IsSet(ref("c")), Join("any", (one, two))))
    assert cond(mixed) == "c is set and (a is 1 or b is 2)"
    # Fields asked together whether they are set are named together.
    sets = (IsSet(a), IsSet(b), IsSet(ref("c")))
    assert cond(Join("any", sets)) == "a, b or c is set"
    assert cond(Join("all", sets)) == "a, b and c are set"
    assert cond(Join("all", sets), negated=True) == "a, b or c is not set"
    assert cond(Join("all", tuple(IsSet(r, False) for r in (a, b)))) == (
        "neither a nor b is set"
    )
    # A part about the field named just before leaves the name out.
    ip = ref("ip")
    assert req(Join("all", (IsSet(ip), NamedTest(ip, "ip")))) == (
        "ip must be set and must be an IPv4 or IPv6 address"
    )
    assert cond(Join("all", (IsSet(ip), Join("not", (Matches(ip, "x"),))))) == (
        "ip is set and does not match x"
    )


def test_one_of_several_reads_as_the_last_when_the_others_fail() -> None:
    check = Join("any", (IsSet(ref("apiGroup")), Among(ref("kind"), ("PVC",))))
    assert req(check) == "kind must be PVC when apiGroup is not set"
    process = Join(
        "any", (Join("not", (Among(ref("hp"), (True,)),)), Among(ref("hn"), (True,)))
    )
    assert req(process) == "hn must be true when hp is true"


# --- one test per rule kind --------------------------------------------------------------


def test_every_rule_kind_has_words() -> None:
    assert set(KIND_WORDS) == set(RULE_KINDS)


def test_unique() -> None:
    lists = (sel("containers[*]", "Container"), sel("initContainers[*]", "Container"))
    r = rule("unique", lists=lists, key=(ref("name"),))
    assert words(r) == "Container names are unique across containers and initContainers"
    r = rule("unique", lists=lists[:1], key=(ref("mountPath"),))
    assert words(r) == "Container mountPath values are unique within containers"
    key = (ref("hostPort"), ref("protocol", default="TCP"))
    r = rule("unique", lists=(sel("ports[*]", "ContainerPort"),), key=key)
    assert words(r) == (
        'ContainerPort hostPort and protocol (unset or "" reads as TCP) combinations '
        "are unique within ports"
    )
    r = rule("unique", lists=(sel("add[*]"),), where=IsSet(ref("@")))
    assert (
        words(r)
        == "values are unique within add, among the items where the value is set"
    )


def test_reference() -> None:
    values = (sel("containers[*].volumeMounts[*].name"),)
    r = rule(
        "reference", lists=values, names=(sel("volumes[*]"),), name_key=ref("name")
    )
    assert words(r) == (
        "containers[*].volumeMounts[*].name must each be one of the volumes[*].name values"
    )
    r = rule(
        "reference",
        lists=values,
        names=(sel("volumes[*]"), sel("claims[*]")),
        name_key=ref("name"),
        where=IsSet(ref("emptyDir")),
    )
    assert words(r) == (
        "each of containers[*].volumeMounts[*].name that is one of the volumes[*].name "
        "or claims[*].name values must be the name of an item of volumes or claims "
        "where emptyDir is set"
    )


def test_at_most_one_and_at_least_one() -> None:
    fields = tuple(ref(f) for f in ("exec", "httpGet", "grpc"))
    assert words(rule("atMostOne", fields=fields)) == (
        "at most one of exec, httpGet and grpc may be set"
    )
    assert words(rule("atLeastOne", fields=fields)) == (
        "at least one of exec, httpGet and grpc must be set"
    )


def test_require_and_forbid() -> None:
    fields = (ref("diskName"), ref("diskURI"))
    assert words(rule("require", fields=fields)) == "diskName and diskURI must be set"
    assert words(rule("forbid", fields=fields[:1])) == "diskName must not be set"


def test_assert() -> None:
    check = Matches(ref("profile"), "^x")
    assert words(rule("assert", check=check)) == (
        "profile must match ^x, unless profile is unset"
    )
    # Not said where it cannot matter: `when` asks for the field, the field is
    # required or defaulted, or an unset value passes the check anyway.
    asked = rule("assert", check=check, when=Compare(ref("profile"), ">", number=0))
    assert words(asked) == "profile must match ^x"
    required = Matches(ref("profile", required=True), "^x")
    assert words(rule("assert", check=required)) == "profile must match ^x"
    defaulted = Among(ref("apiVersion", default="v1"), ("v1",))
    assert words(rule("assert", check=defaulted)) == (
        'apiVersion (unset or "" reads as v1) must be v1'
    )
    negative = Among(ref("privileged"), (True,), negated=True)
    assert words(rule("assert", check=negative)) == "privileged must not be true"


@pytest.mark.parametrize(
    ("keys", "op", "expected"),
    [
        (
            "all",
            "<=",
            "each resource in requests must be at most its value in limits, when limits has it",
        ),
        (
            "overcommit",
            "<=",
            "each native resource other than hugepages in requests must be at most its value in limits, when limits has it",
        ),
        (
            "exact",
            "==",
            "each extended or hugepages resource in requests must equal its value in limits, when limits has it",
        ),
        (
            "exact",
            "present",
            "each extended or hugepages resource in requests must also be in limits",
        ),
    ],
)
def test_compare_maps(keys: str, op: str, expected: str) -> None:
    maps = MapComparison(ref("requests"), ref("limits"), keys, op)
    assert words(rule("compareMaps", maps=maps)) == expected


def test_compare_maps_total() -> None:
    containers = Selector("containers[*]", (), ObjectRef("Container", "c"), "Container")
    sidecars = Selector(
        "initContainers[*]", (), ObjectRef("Container", "c"), "Container"
    )
    always = Among(ref("restartPolicy"), ("Always",))
    requests = ref("resources.requests")
    totals = (Summed(containers), Summed(sidecars, always))
    maps = MapComparison(requests, requests, "all", "<=", totals)
    assert words(rule("compareMaps", maps=maps)) == (
        "for each resource in resources.requests, the total of its values in"
        " containers[*].resources.requests and initContainers[*].resources.requests"
        " (where restartPolicy is Always) must be at most its value there"
    )


def test_compare_maps_total_of_the_item_and_the_items_before_it() -> None:
    own = Selector("@", (), ObjectRef("Container", "c"), "Container")
    earlier = Selector(
        "initContainers[*]", (), ObjectRef("Container", "c"), "Container", "host"
    )
    always = Among(ref("restartPolicy"), ("Always",))
    requests = ref("resources.requests")
    totals = (Summed(own), Summed(earlier, always, before=True))
    maps = MapComparison(
        requests, ref("resources.requests", "host"), "all", "<=", totals
    )
    assert words(rule("compareMaps", maps=maps)) == (
        "for each resource in resources.requests, the total of its values in"
        " this item's resources.requests and initContainers[*].resources.requests"
        " of the items before it (where restartPolicy is Always) must be at most its"
        " value there"
    )


def test_compare_maps_total_of_the_item_alone_reads_as_the_plain_comparison() -> None:
    own = Selector("@", (), ObjectRef("Container", "c"), "Container")
    plain = MapComparison(ref("requests"), ref("limits"), "all", "<=")
    alone = MapComparison(ref("requests"), ref("limits"), "all", "<=", (Summed(own),))
    assert words(rule("compareMaps", maps=alone)) == words(
        rule("compareMaps", maps=plain)
    )


# --- the sentence and the message ----------------------------------------------------


def test_a_condition_on_the_host_comes_first_and_names_are_marked_up() -> None:
    when = Join(
        "all",
        (
            Among(ref("hostNetwork", "host"), (True,)),
            Compare(ref("hostPort"), ">", number=0),
        ),
    )
    r = rule(
        "assert",
        each=sel("containers[*].ports[*]"),
        when=when,
        check=Compare(ref("hostPort"), "==", other=ref("containerPort")),
    )
    assert rule_sentence(r) == (
        "When PodSpec.hostNetwork is true, for each item of containers[*].ports where "
        "hostPort is more than 0: hostPort must equal containerPort."
    )
    assert rule_sentence(r, lambda s: f"`{s}`").startswith(
        "When `PodSpec.hostNetwork` is `true`, for each item of `containers[*].ports`"
    )


def test_a_sentence_starts_with_a_capital_unless_it_starts_with_a_name() -> None:
    fields = (ref("lifecycle"), ref("livenessProbe"))
    each = sel("initContainers[*]")
    when = Among(ref("restartPolicy"), ("Always",), negated=True, op="notIn")
    assert rule_sentence(rule("forbid", fields=fields, each=each, when=when)) == (
        "For each item of initContainers where restartPolicy is not Always: lifecycle "
        "and livenessProbe must not be set."
    )
    assert rule_sentence(rule("forbid", fields=fields)) == (
        "lifecycle and livenessProbe must not be set."
    )
    assert rule_sentence(rule("atLeastOne", fields=fields)).startswith("At least one")
    assert rule_sentence(rule("forbid", fields=fields, when=IsSet(ref("x")))) == (
        "When x is set, lifecycle and livenessProbe must not be set."
    )


def test_a_warning_says_should() -> None:
    fields = (ref("must"),)  # a name keeps its words
    r = rule("require", fields=fields, level="warning")
    assert rule_sentence(r) == "must should be set."
    lists = (sel("hostAliases[*]", "HostAlias"),)
    r = rule("unique", lists=lists, key=(ref("ip"),), level="warning")
    assert (
        rule_sentence(r) == "HostAlias ip values should be unique within hostAliases."
    )
    r = rule("atMostOne", fields=(ref("a"), ref("b")), level="warning")
    assert rule_sentence(r) == "At most one of a and b should be set."


def test_the_message_is_the_servers_with_placeholders() -> None:
    r = rule("forbid", error="Forbidden", detail="may not be set")
    assert rule_message(r) == "Forbidden: may not be set"
    grace = ref("terminationGracePeriodSeconds", "host")
    r = rule(
        "assert",
        detail="must be at most {$.terminationGracePeriodSeconds}",
        fills=(("$.terminationGracePeriodSeconds", grace),),
    )
    assert rule_message(r) == (
        "Invalid value: <value>: must be at most <terminationGracePeriodSeconds>"
    )
    r = rule("compareMaps", detail="must be less than {resource} limit of {limit}")
    assert rule_message(r).endswith("less than <resource> limit of <limit>")
    # A warning is its text alone, as warnings.go writes it.
    r = rule("unique", level="warning", detail="{@} is bad: {value} in {x-y}")
    r = rule("unique", level="warning", detail=r.detail, fills=(("@", ref("@")),))
    # Braces that are no placeholder are the server's text, as in a URL pattern.
    assert rule_message(r) == "<value> is bad: <value> in {x-y}"


# --- the real spec ---------------------------------------------------------------------

RULES = model().rules


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.id)
def test_every_rule_of_the_spec_reads_as_one_sentence(r: Rule) -> None:
    text = rule_sentence(r, lambda s: f"`{s}`")
    assert text.endswith(".") and "\x01" not in text and "\x02" not in text
    assert text[0].isupper() or text.startswith("`"), text
    fills = [name for name, _ in r.fills]
    assert not any("{" + name + "}" in rule_message(r) for name in fills)


def test_the_issues_examples() -> None:
    by_id = {r.id: r for r in RULES}
    assert rule_sentence(by_id["container-names-unique"]) == (
        "Container names are unique across containers, initContainers and "
        "ephemeralContainers."
    )
    assert rule_sentence(by_id["init-container-probes-need-sidecar"]) == (
        "For each item of initContainers where restartPolicy is not Always: "
        "livenessProbe, readinessProbe and startupProbe must not be set."
    )
    assert rule_sentence(by_id["host-network-host-port-matches-container-port"]) == (
        "When PodSpec.hostNetwork is true, for each item of containers[*].ports where "
        "hostPort is more than 0: hostPort must equal containerPort."
    )


def test_a_rule_about_map_keys_says_key() -> None:
    rule = next(r for r in model().rules if r.id == "resources-limits-standard-names")
    sentence = rule_sentence(rule)
    assert "where the key matches" in sentence and "the key must match" in sentence
