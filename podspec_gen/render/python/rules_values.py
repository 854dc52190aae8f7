"""How a rule's generated code reads values and tests predicates.

Each read is an expression over the walker's locals. Two things keep the walkers from
reading one field again and again: a host field a group of rules is guarded by is
bound to a local once (`Emitter.known`), and a value a rule has already tested is
held in a local the rest of the rule uses (`Reader.memo`). The walkers never change
what they walk, so a value read once is the value everywhere after.
"""

from __future__ import annotations

from dataclasses import replace

from podspec_gen.model.kinds import IntOrString, MapOf, Quantity, String
from podspec_gen.model.naming import python_name as snake
from podspec_gen.model.rules.triggers import when_ref
from podspec_gen.model.rules.vocab import (
    Among,
    Compare,
    Indexes,
    IsSet,
    Join,
    Length,
    Matches,
    Predicate,
    Ref,
    Selector,
    Selects,
    Step,
    Test,
)
from podspec_gen.render.python.literals import pylit
from podspec_gen.render.python.rules_emit import Emitter, host_field
from podspec_gen.render.python.rules_exprs import (
    argument,
    bare,
    negated,
    plain_number,
    says_its_opposite,
    segment,
    walrus,
)

MemoKey = tuple[str, tuple[Step, ...], bool]  # (variable, steps, with default)


class Reader:
    """Reads values of the object `x` a rule checks, within its host `o` at `p`."""

    def __init__(self, em: Emitter) -> None:
        self.em = em
        self.item = "o"
        # The earlier item of a pair a unique rule's `later` compares.
        self.earlier = ""
        # Values bound by a walrus that is surely evaluated before every later use:
        # only a test that runs first in the rule's condition records one.
        self.memo: dict[MemoKey, str] = {}

    def _base(self, ref: Ref, x: str) -> str:
        """The local a reference starts from: the host `o`, the object checked `x`,
        or (in a pairwise unique rule's `later`) the earlier item."""
        if ref.base == "earlier":
            assert self.earlier, f"'{ref.text}' read outside a pair of items"
            return self.earlier
        if ref.base == "value":  # the map value the rule checks, wherever it is read
            return self.item
        if ref.base == "owner":
            return self.em.owners.get(x) or self.em.owners[self.item]
        return "o" if ref.base == "host" else x

    def remember(self, ref: Ref, x: str, local: str, *, default: bool = True) -> None:
        self.memo[self._key(ref, x, default)] = local

    def _key(self, ref: Ref, x: str, default: bool) -> MemoKey:
        base = self._base(ref, x)
        if ref.base == "key":  # not the map value `@`, which starts from the same item
            base = f"{base}[key]"
        return (base, ref.steps, default and ref.has_default)

    def joined(self, items: Selector, key: Ref | None) -> str:
        """The set-values of a list, sorted and joined (a one-[*] selector)."""
        # A comprehension's iterable may not assign, so the list is read by a helper.
        attrs = "".join(f"{pylit(step.attr)}, " for step in items.steps)
        y = self.em.fresh("y")
        value = self.value(key, y, default=False) if key else y
        source = f"_rt.dig(o, ({attrs})) or ()"
        return (
            f"', '.join(sorted({{str(v) for {y} in ({source}) "
            f"if {y} is not None for v in ({value},) if v}}))"
        )

    def value(self, ref: Ref, x: str, *, default: bool = True) -> str:
        if ref.base == "key":
            # The key of the map value the rule checks, also inside a count's `where`
            # (whose items are not map values).
            return self.em.keys.get(x) or self.em.keys[self.item]
        held = self.memo.get(self._key(ref, x, default))
        if held is not None:
            return held
        base = self._base(ref, x)
        if not ref.steps:
            return base
        expr, known = base, False
        for n, step in enumerate(ref.steps):
            if n == 0:
                bound = self.em.known.get(host_field(step)) if base == "o" else None
                expr, known = bound or self.em.read(step, base), bound is not None
            elif known:  # a bound field is set: no test for None before reading on
                expr, known = self.em.read(step, expr), False
            else:
                t = self.em.fresh("t")
                expr = f"(None if ({walrus(t, expr)}) is None else {self.em.read(step, t)})"
        if default and ref.has_default and ref.default is not None:
            text = isinstance(ref.value_kind, String)
            if (text and isinstance(ref.default, str)) or ref.zero_means_unset:
                return f"({expr} or {pylit(ref.default)})"
            t = self.em.fresh("t")
            # An int-or-string (a pointer in Go) is defaulted only when absent: "" and
            # 0 are values (SetDefaults_Deployment fills a nil maxSurge alone).
            return f"({pylit(ref.default)} if ({walrus(t, expr)}) is None else {t})"
        return expr

    def _shown(self, ref: Ref, x: str) -> str:
        """A field a regex shows, or a list a count walks: a path of several fields is
        read by `_rt.dig`, so that a deep read stays flat (the two formatters part on
        deep nesting, as in a count inside a walk down a pod's affinity terms)."""
        if len(ref.steps) < 2 or any(s.key for s in ref.steps):
            return self.value(ref, x, default=False)
        attrs = "".join(f"{pylit(s.attr)}, " for s in ref.steps)
        return f"_rt.dig({self._base(ref, x)}, ({attrs}))"

    def _some_item_can_count(self, pred: Compare, x: str) -> str | None:
        """The guard flag that is False when no item of the host's list can meet the
        count's `where`: a count that must reach one (`> 0`) is then false without
        walking the list (a pod's containers rarely set what such rules count)."""
        ref, where = pred.ref, pred.where
        if where is None or pred.number is None or len(ref.steps) != 1:
            return None
        if (ref.base != "host" and x != "o") or ref.steps[0].key:
            return None
        if pred.op not in (">", ">="):
            return None
        if (pred.number + 1 if pred.op == ">" else pred.number) < 1:
            return None
        found = when_ref(where, "item")
        if found is None or found.steps[0].key:
            return None
        items, steps = replace(ref.steps[0], each="list"), found.steps
        if len(steps) > 1 and not any(s.key or s.each for s in steps):
            # The whole path: its first field (a security context) is often set.
            return self.em.deep_guard(items, steps)
        return self.em.guard(items, steps[0])

    def path(self, ref: Ref, px: str) -> str:
        # A map entry is reported where its value is, in the server's form of a key
        # (`limits[memory]`, field.Path's Key), which the runtime's `render` writes as it is.
        where = "p" if ref.base == "host" else px
        for i, step in enumerate(ref.steps):
            below = (
                i < len(ref.steps) - 1
            )  # what is reported at the field keeps its name
            wire = f"[{step.wire}]" if step.key else step.wire
            where = f"({where}, {segment(wire, step.server if below else '')})"
        return where

    def is_set(self, ref: Ref, x: str, *, unset: bool = False, family: str = "") -> str:
        """Whether the field is set (with `unset`, whether it is not); `family`
        overrides what set means for it (`none`: not null)."""
        raw = self.value(ref, x, default=False)
        if (family or ref.set_family) == "none":
            return f"({raw} is None)" if unset else f"({raw} is not None)"
        return f"(not {raw})" if unset else f"bool({bare(raw)})"

    def pieces(self, parts: tuple[str | Ref, ...], x: str) -> str:
        """Literal text and fields' values, as the arguments of a call."""
        return ", ".join(
            pylit(p) if isinstance(p, str) else argument(self.value(p, x))
            for p in parts
        )

    def text_of(self, parts: tuple[str | Ref, ...], x: str) -> str:
        """The text literal pieces and fields' values make (unset ones read "")."""
        return f"_rt.joined({self.pieces(parts, x)})"

    # --- predicates -----------------------------------------------------------

    def pred(self, pred: Predicate, x: str) -> str:
        if isinstance(pred, Join):
            if pred.op == "not" and says_its_opposite(pred.parts[0]):
                opposite = pred.parts[0]
                assert isinstance(opposite, Among | IsSet | Compare)
                return self.pred(negated(opposite), x)
            inner = pred.parts[0]
            if pred.op == "not" and isinstance(inner, Join) and inner.op == "not":
                return self.pred(inner.parts[0], x)  # an assert of a negation
            parts = [self.pred(p, x) for p in pred.parts]
            if pred.op == "not":
                return f"(not {parts[0]})"
            return "(" + f" {'and' if pred.op == 'all' else 'or'} ".join(parts) + ")"
        if isinstance(pred, Among):
            op = "not in" if pred.negated else "in"
            values = "".join(f"{pylit(v)}, " for v in pred.values)
            if isinstance(pred.ref.value_kind, Quantity):
                # Quantities are equal by value: 1, "1" and "1000m" are one quantity.
                held = (
                    f"_rt.quantity_in({argument(self.value(pred.ref, x))}, ({values}))"
                )
                return f"(not {held})" if pred.negated else held
            return f"({self.value(pred.ref, x)} {op} ({values}))"
        if isinstance(pred, IsSet):
            return self.is_set(pred.ref, x, unset=not pred.flag, family=pred.family)
        if isinstance(pred, Matches):
            v = self.value(pred.ref, x)
            t = self.em.fresh("t")
            if (literal := pred.literal) is not None:
                # Literal text and other fields' values: compared as strings.
                pieces, anchor = literal
                made = " + ".join(
                    (
                        pylit(p)
                        if isinstance(p, str)
                        else f"str({self._shown(p, x)} or '')"
                    )
                    for p in pieces
                )
                test = {
                    "whole": f"{t} == {made}",
                    "start": f"{t}.startswith({made})",
                    "end": f"{t}.endswith({made})",
                    "anywhere": f"({made}) in {t}",
                }[anchor]
                return f"(type({walrus(t, v)}) is str and {test})"
            return f"(type({walrus(t, v)}) is str and {self.em.matches(pred.regex, t)})"
        if isinstance(pred, Test):
            tested = bare(self.value(pred.ref, x))
            if pred.key is not None:
                tested = f"{tested}, {bare(self.value(pred.key, x))}"
            return f"_rt.test_{snake(pred.name)}({tested})"
        if isinstance(pred, Length):
            measured = self.pieces(pred.measured, x)
            if pred.part:
                cut = f"{self.em.regex(pred.part)}, {measured}"
                return f"(_rt.part_bytes({cut}) {pred.op} {pred.number})"
            return f"(_rt.text_bytes({measured}) {pred.op} {pred.number})"
        if isinstance(pred, Indexes):
            text = argument(self.value(pred.ref, x))
            bound = self.value(pred.other, x) if pred.other else pylit(pred.number)
            if pred.count:
                b = self.em.fresh("t")
                counted = f"_rt.index_count({text}) {pred.op} {b}"
                return f"(({walrus(b, bound)}) is not None and {counted})"
            inclusive = pred.op == "<="
            return f"_rt.indexes_below({text}, {argument(bound)}, {inclusive})"
        if isinstance(pred, Selects):
            selector = argument(self.value(pred.ref, x))
            return f"_rt.selects({selector}, {argument(self.value(pred.labels, x))})"
        assert isinstance(pred, Compare)
        other = self.value(pred.other, x) if pred.other else pylit(pred.number)
        if pred.count:
            t = self.em.fresh("t")
            # Read inside a walk (not from the host): flat, as deep walks nest deep.
            nested = self._base(pred.ref, x) != "o"
            v = self._shown(pred.ref, x) if nested else self.value(pred.ref, x)
            items = f"len({t})"
            if pred.where is not None:
                y = self.em.fresh("y")
                if isinstance(pred.ref.value_kind, MapOf):
                    self.em.keys[y] = y  # a dict is walked by its keys: '@key'
                # What the test binds stays in the count: it may run in a function
                # of its own (`Emitter.counting`), or not at all on an empty list.
                memo = dict(self.memo)
                held = self.pred(pred.where, y)
                self.memo = memo
                items = self.em.counting(y, held, t)
            counted = (
                f"((0 if ({walrus(t, v)}) is None else {items}) {pred.op} {other})"
            )
            flag = self._some_item_can_count(pred, x)
            return f"({flag} and {counted})" if flag else counted
        if isinstance(pred.ref.value_kind, IntOrString):
            # Only its number compares: a name or a percent never holds.
            t = self.em.fresh("t")
            return f"(type({walrus(t, self.value(pred.ref, x))}) is int and {t} {pred.op} {other})"
        if plain_number(pred.ref) and (pred.other is None or plain_number(pred.other)):
            # Integers compare in place; quantities need parsing (_rt.compare).
            a, b = self.em.fresh("t"), self.em.fresh("t")
            v = self.value(pred.ref, x)
            left = f"({walrus(a, v)}) is not None"
            if v.isidentifier():  # a local already (a bound or remembered value)
                a, left = v, f"{v} is not None"
            if pred.other is None:
                return f"({left} and {a} {pred.op} {other})"
            return (
                f"({left} and ({walrus(b, other)}) is not None and {a} {pred.op} {b})"
            )
        subject = argument(self.value(pred.ref, x))
        # A map of quantities is a resource list, rounded to milli scale first.
        listed = any(r and r.steps and r.steps[-1].key for r in (pred.ref, pred.other))
        flag = ", listed=True" if listed else ""
        return f"_rt.compare({subject}, {pred.op!r}, {argument(other)}{flag})"
