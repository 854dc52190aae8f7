"""The rules as Python: one walker function per type that has rules or reaches one.

A walker checks its object's own rules (rules_code.py), then walks into the fields that
lead to more; `_rules.py.j2` lays the walkers out and registers them by class name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

from podspec_gen import cache
from podspec_gen.model.kinds import ListOf, MapOf, ObjectRef
from podspec_gen.model.naming import constant
from podspec_gen.model.rules.server_paths import server_step
from podspec_gen.model.rules.triggers import PER_OBJECT, own_field, trigger
from podspec_gen.model.rules.vocab import Rule, Step
from podspec_gen.model.types import Field, Spec, TypeDef
from podspec_gen.render.python.literals import py_regex, pylit
from podspec_gen.render.python.rules_code import RuleCode
from podspec_gen.render.python.rules_emit import Body, Emitter, host_field, select
from podspec_gen.render.python.rules_exprs import map_key, segment
from podspec_gen.render.python.rules_keys import once_per_key, runs
from podspec_gen.render.python.rules_memo import fields_read, memoised, once_per_values
from podspec_gen.render.python.rules_names import compact

KIND = "walkers"


@dataclass(frozen=True)
class Walker:
    name: str  # the function's name
    type_name: str
    code: str  # the whole function


@dataclass(frozen=True)
class Walkers:
    """The walkers of a rules module, and the module-level names they share."""

    walkers: list[Walker]
    regexes: dict[str, str]  # pattern -> constant name
    # The sets of values that passed a run of rules (rules_keys, rules_memo), with
    # what each holds.
    memos: list[tuple[str, str]]
    helpers: list[str]  # module-level functions the walkers call (Emitter.counting)

    def context(self) -> dict[str, object]:
        """What `_rules.py.j2` lays out."""
        return {
            "walkers": self.walkers,
            "regexes": regex_constants(self.regexes),
            "memos": self.memos,
            "helpers": self.helpers,
        }


def walkers(spec: Spec, *, raw_slots: bool = False) -> Walkers:
    """The walker of every type that has rules or reaches one, and the constants
    they use. With `raw_slots`, deprecated fields are read through their
    `_<attr>_slot` aliases, which the SDK's classes (both flavours) have and the
    pydantic models do not.

    They are decided by the rules, the types' fields (names, kinds, deprecation) and
    this code, not by any description: kept in the per-user cache under a digest of
    those, so that a spec edit of prose does not write them again (a third of a
    one-edit generate's render)."""
    shape = [
        (
            t.name,
            [(f.wire_name, f.python_name, f.kind, f.must_be_set) for f in t.fields],
        )
        for t in spec.types
    ]
    deprecated = sorted(raw_slot_names(spec)) if raw_slots else []
    digest = cache.key(
        repr(spec.rules), repr(shape), repr(deprecated), cache.code_version()
    )
    slot = f"slots-{raw_slots}"
    return cache.remember(
        KIND, slot, digest, Walkers, lambda: _walkers(spec, raw_slots)
    )


def _walkers(spec: Spec, raw_slots: bool) -> Walkers:
    needs = _needing(spec)
    regexes: dict[str, str] = {}
    memos: list[tuple[str, str]] = []
    helpers: list[str] = []
    raw = raw_slot_names(spec) if raw_slots else frozenset()
    out = []
    for t in spec.types:
        if t.name in needs:
            em = Emitter(regexes, raw=raw, memos=memos, helpers=helpers)
            out.append(_walker(spec, t, needs, em))
    return Walkers(out, regexes, memos, helpers)


def raw_slot_names(spec: Spec) -> frozenset[str]:
    """Attributes deprecated wherever they occur: those the walkers may read through
    `_<attr>_slot` whatever type the object has."""
    deprecated = {f.python_name for t in spec.types for f in t.fields if f.deprecation}
    current = {f.python_name for t in spec.types for f in t.fields if not f.deprecation}
    return frozenset(deprecated - current)


def function_name(type_name: str) -> str:
    return f"_walk_{constant(type_name).lower()}"


def _needing(spec: Spec) -> set[str]:
    """Types with rules, and every type whose fields reach one."""
    needs = {r.host for r in spec.rules}
    changed = True
    while changed:
        changed = False
        for t in spec.types:
            if t.name not in needs and any(
                _object_ref(f.kind) in needs for f in t.fields
            ):
                needs.add(t.name)
                changed = True
    return needs


def _object_ref(kind: object) -> str | None:
    while isinstance(kind, ListOf | MapOf):
        kind = kind.item if isinstance(kind, ListOf) else kind.value
    return kind.name if isinstance(kind, ObjectRef) else None


def _walker(spec: Spec, t: TypeDef, needs: set[str], em: Emitter) -> Walker:
    name = function_name(t.name)
    unions = [r for r in spec.rules_of(t.name) if counted_union(r)]
    for rule in unions:
        em.counted[rule.id] = counter = em.fresh("n")
        for ref in rule.fields:
            em.counters.setdefault(host_field(ref.steps[0]), []).append(counter)
    if unions:
        em.line(" = ".join(em.counted.values()) + " = 0")
    # A field that both gates rules and leads to more is read and tested once: the
    # walk into it goes at the end of its rules' block.
    descents = {
        (f.wire_name, False): (f, function_name(target))
        for f in t.fields
        if (target := _object_ref(f.kind)) in needs and target is not None
    }
    rest = [r for r in spec.rules_of(t.name) if r not in unions]
    by_values = memoised(rest)
    read = fields_read(by_values)
    if any(host_field(step) in em.counters for step in read):
        by_values = []  # a union's count must see every object
    if by_values:
        once_per_values(em, read, partial(_groups, em, by_values, {}))
    _groups(em, [r for r in rest if r not in by_values], descents)
    for f, fn in descents.values():
        step = Step(
            f.wire_name,
            f.python_name,
            required=f.must_be_set,
            server=server_step(f.server_name),
        )
        _descend(em, step, f.kind, fn)
    for rule in unions:
        for ref in rule.fields:
            if host_field(step := ref.steps[0]) not in em.tallied:
                em.block(
                    f"if {em.read(step, 'o')} is not None:", partial(em.tally, step)
                )
    _emit(em, unions)
    if not em.lines:
        em.line("return")
    header = f"def {name}(o: Any, p: _rt.Path, e: list[_rt.Problem], w: list[_rt.Problem]) -> None:"
    body = compact([*em.prelude(), *em.lines])
    return Walker(name, t.name, "\n".join([header, *body]))


def _groups(
    em: Emitter, rules: list[Rule], descents: dict[tuple[str, bool], tuple[Field, str]]
) -> None:
    """The rules, those that need a field of the host in one block per field, with
    the walk into that field (taken from `descents`) at the block's end."""
    groups: dict[Step | None, list[Rule]] = {}
    for rule in rules:
        step = trigger(rule)
        # One block per field, whether a rule goes into its items or reads it whole.
        key = None if step is None else replace(step, each="")
        groups.setdefault(key, []).append(rule)
    for step, group in groups.items():
        if step is None:
            _emit(em, group)
            continue
        into = descents.pop(host_field(step), None)
        em.when_set(step, partial(_emit_then_descend, em, group, into))


def counted_union(rule: Rule) -> bool:
    """An at-most-one rule over the host's own fields, set when not null: the blocks
    that test those fields anyway (to walk into them, or for their rules) count them,
    which costs less than reading every one again into a tuple to count."""
    return (
        rule.kind == "atMostOne"
        and rule.each is None
        and rule.when is None
        and all(
            own_field(ref) is not None and ref.set_family == "none"
            for ref in rule.fields
        )
    )


def _emit(em: Emitter, rules: list[Rule]) -> None:
    """The rules in spec order, except that those checking each object of the same
    selector share one loop over it."""
    shared: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.each is not None and rule.kind in PER_OBJECT:
            shared.setdefault(rule.each.text, []).append(rule)
    done: set[str] = set()
    for rule in rules:
        if rule.each is None or rule.kind not in PER_OBJECT:
            em.line(f"# {rule.id}")
            RuleCode(em, rule).emit()
        elif rule.each.text not in done:
            done.add(rule.each.text)
            group = shared[rule.each.text]
            em.line("# " + ", ".join(r.id for r in group))
            # Asserts on a list's items, all reported on the host, need no item's path.
            listed = rule.each.steps[-1].each == "list"
            paths = not listed or not all(_at_host(r) for r in group)
            select(em, rule.each, "o", "p", _each(em, group), paths=paths)


def _at_host(rule: Rule) -> bool:
    return rule.kind == "assert" and rule.at is not None and rule.at.base == "host"


def _emit_then_descend(
    em: Emitter, rules: list[Rule], into: tuple[Field, str] | None
) -> None:
    """The block's rules, then the walk into its field. Rules about each object of
    that field's list share the walk's loop: one pass over the list, not two."""
    if into is None:
        _emit(em, rules)
        return
    f, fn = into
    local = em.known[(f.wire_name, False)]
    path = f"(p, {segment(f.wire_name, server_step(f.server_name))})"
    per_item = [r for r in rules if _about_each_item(r, f)]
    if not (isinstance(f.kind, ListOf) and isinstance(f.kind.item, ObjectRef)):
        per_item = []
    _emit(em, [r for r in rules if r not in per_item])
    if not per_item:
        _items(em, local, path, f.kind, fn)
        return
    i, y = em.fresh("i"), em.fresh("y")
    check = _each(em, per_item)

    def item() -> None:
        em.line("# " + ", ".join(r.id for r in per_item))
        check(y, f"({path}, {i})")
        em.line(f"{fn}({y}, ({path}, {i}), e, w)")

    em.block(
        f"for {i}, {y} in enumerate({local}):",
        lambda: em.block(f"if {y} is not None:", item),
    )


def _about_each_item(rule: Rule, f: Field) -> bool:
    """A rule that checks each object of the host's list `f` on its own."""
    if rule.each is None or rule.kind not in PER_OBJECT or len(rule.each.steps) != 1:
        return False
    step = rule.each.steps[0]
    return step.wire == f.wire_name and step.each == "list" and not step.key


def _each(em: Emitter, rules: list[Rule]) -> Body:
    def body(x: str, px: str) -> None:
        key = em.keys.get(x)
        for run in runs(rules, key is not None):
            if len(run) == 1:
                RuleCode(em, run[0]).at_item(x, px)
            else:
                assert key is not None
                once_per_key(em, key, partial(_items_of, em, run, x, px))

    return body


def _items_of(em: Emitter, rules: list[Rule], x: str, px: str) -> None:
    for rule in rules:
        RuleCode(em, rule).at_item(x, px)


def _descend(em: Emitter, step: Step, kind: object, fn: str) -> None:
    """Walk into the field's objects, through any lists and maps around them."""
    v = em.fresh("v")
    em.line(f"{v} = {em.read(step, 'o')}")

    def body() -> None:
        em.tally(step)
        _items(em, v, f"(p, {segment(step.wire, step.server)})", kind, fn)

    em.block(f"if {v} is not None:", body)


def _items(em: Emitter, var: str, path: str, kind: object, fn: str) -> None:
    if not isinstance(kind, ListOf | MapOf):
        em.line(f"{fn}({var}, {path}, e, w)")
        return
    i, y = em.fresh("i" if isinstance(kind, ListOf) else "m"), em.fresh("y")
    loop = f"enumerate({var})" if isinstance(kind, ListOf) else f"{var}.items()"
    inner = kind.item if isinstance(kind, ListOf) else kind.value

    step = i if isinstance(kind, ListOf) else map_key(i)

    def item() -> None:
        em.block(
            f"if {y} is not None:",
            lambda: _items(em, y, f"({path}, {step})", inner, fn),
        )

    em.block(f"for {i}, {y} in {loop}:", item)


def regex_constants(regexes: dict[str, str]) -> list[tuple[str, str]]:
    """(name, Python regex literal) of each pattern the walkers search with."""
    return [(name, pylit(py_regex(pattern))) for pattern, name in regexes.items()]
