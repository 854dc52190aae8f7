"""The code of one rule: each kind of rule as straight-line Python.

The rules are data in the model; an interpreter of the same data would cost every parse
several times as much as these loops, attribute reads and comparisons. The code reads
objects by attribute, so the dataclass SDK and `podspec.fast` share it.
"""

from __future__ import annotations

import re
from functools import partial

from podspec_gen.model.rules.pred_reads import primary
from podspec_gen.model.rules.triggers import trigger
from podspec_gen.model.rules.vocab import Join, Matches, Predicate
from podspec_gen.render.python import rules_exprs as ex
from podspec_gen.render.python.literals import pylit
from podspec_gen.render.python.rules_emit import Body, count, picks, select
from podspec_gen.render.python.rules_exprs import bare, map_key, walrus, zero
from podspec_gen.render.python.rules_needs import failure_gate
from podspec_gen.render.python.rules_pairs import pairs
from podspec_gen.render.python.rules_report import RuleReport


class RuleCode(RuleReport):
    """The code of one rule, inside its host's walker (the host is `o` at path `p`)."""

    def emit(self) -> None:
        rule = self.rule
        if rule.each is None:
            gate = failure_gate(self, rule) if trigger(rule) is None else None
            if gate is None:
                self._guarded("o", "p")
            else:
                self.em.block(f"if {gate}:", lambda: self._guarded("o", "p"))
        else:
            select(self.em, rule.each, "o", "p", self._guarded)

    def at_item(self, x: str, px: str) -> None:
        """The rule's checks of one object its `each` selected (`x`, at `px`)."""
        self._guarded(x, px)

    def _guarded(self, x: str, px: str) -> None:
        self.item = x  # what the detail's `{field}` placeholders read
        if self.rule.when is None:
            self._body(x, px)
            return
        cond = self.pred(self.rule.when, x)
        self.em.block(f"if {cond}:", lambda: self._body(x, px))

    # --- kinds ----------------------------------------------------------------

    def _body(self, x: str, px: str) -> None:
        getattr(self, f"_kind_{self.rule.kind}")(x, px)

    def _kind_require(self, x: str, px: str) -> None:
        for ref in self.rule.fields:
            test = self.is_set(ref, x, unset=True)
            if ref.steps and ref.steps[-1].required:
                # An absent required field is the field check's to report.
                test = f"{self.value(ref, x, default=False)} is not None and {test}"
            self.em.block(f"if {test}:", partial(self.fail, self.path(ref, px), None))

    def _kind_forbid(self, x: str, px: str) -> None:
        for ref in self.rule.fields:
            test = f"if {self.is_set(ref, x)}:"  # read first: it names the locals
            shown = self.value(ref, x, default=False)
            self.em.block(test, partial(self.fail, self.path(ref, px), shown))

    def _kind_atLeastOne(self, x: str, px: str) -> None:
        none = " and ".join(self.is_set(r, x, unset=True) for r in self.rule.fields)
        self.em.block(f"if {none}:", lambda: self.fail(px, "''"))

    def _kind_atMostOne(self, x: str, px: str) -> None:
        s, fields = self.em.fresh("s"), self.rule.fields
        sets = [self.is_set(r, x) for r in fields]
        # Each field's path step, with the server's name for it where it has its own.
        renamed = dict(self.rule.server_names)
        pairs = ", ".join(
            f"({ex.segment(r.wire_path, renamed.get(r.wire_path, ''))}, {test},"
            f" {self.value(r, x, default=False)})"
            for r, test in zip(fields, sets, strict=True)
        )
        later = self.rule.report == "later"
        k, v = self.em.fresh("k"), self.em.fresh("v")
        where, value = (f"({px}, {k})", v) if later else (px, "''")

        def report() -> None:
            self.em.line(f"{s} = [(k, v) for k, set_, v in ({pairs}) if set_]")
            if not later:
                self.em.block(f"if len({s}) > 1:", lambda: self.fail(where, value))
                return
            # Each one set after the first, as the server's `numVolumes > 0` tests.
            shown = v if self.rule.shows_value or self.rule.is_warning else "_"
            loop = f"for {k}, {shown} in {s}[1:]:"
            self.em.block(loop, lambda: self.fail(where, value))

        counter = self.em.counted.get(self.rule.id)
        if counter is not None and x == "o":
            self.em.block(f"if {counter} > 1:", report)
        elif all(test.endswith(" is not None)") for test in sets):
            # Usually all unset: one tuple, counted in C, decides before any report.
            values = "".join(f"{self.value(r, x, default=False)}, " for r in fields)
            self.em.block(f"if ({values}).count(None) < {len(fields) - 1}:", report)
        else:  # no list is built unless two are set (bools add up as 0s and 1s)
            two = " and ".join(sets) if len(sets) == 2 else f"{' + '.join(sets)} > 1"
            self.em.block(f"if {two}:", report)

    def _kind_assert(self, x: str, px: str) -> None:
        rule = self.rule
        assert rule.check is not None
        at = rule.at or primary(rule.check)
        assert at is not None
        subject = primary(rule.check)
        # A value not of the type a pattern or string field wants: its type's problem.
        family = subject.set_family if subject is not None else ""
        text = isinstance(rule.check, Matches) or family == "string"
        first = local = v = bound = ""  # the subject's read, ahead of the test
        if subject is not None:
            # The guard reads the subject first, always: the test and the report
            # read the local it binds.
            v = bare(self.value(subject, x))
            local = v if v.isidentifier() else self.em.fresh("t")
            bound = v if local == v else walrus(local, v)
            held = f"type({bound}) is str" if text else f"({bound}) is not None"
            first = f"{held} and "
            self.remember(subject, x, local)
        is_object = at.steps or rule.each is None or rule.each.type_name is not None
        shown = self.value(at, x) if at.steps or at.base == "key" else x
        shown = shown if at.steps or at.base == "key" or not is_object else "''"
        if rule.shows is not None:  # the value the server's message shows
            shown = self.value(rule.shows, x)
        shown = ex.as_server_shows(rule, at, shown)
        start = len(self.em.lines)
        report = partial(self.fail, self.path(at, px), shown)
        if rule.worded_by is not None:
            report = partial(self.fail_in_words, self.path(at, px), shown, local)
        self.em.block(f"if {first}{self.pred(Join('not', (rule.check,)), x)}:", report)
        self.memo.clear()  # the locals are bound in this rule's test alone
        if (
            local != v
            and len(re.findall(rf"\b{local}\b", "".join(self.em.lines[start:]))) == 1
        ):
            # Nothing read the local (the test read the value without its default).
            self.em.lines[start] = self.em.lines[start].replace(bound, v, 1)

    def _kind_unique(self, x: str, px: str) -> None:
        rule = self.rule
        seen = self.em.fresh("seen")

        def loops() -> None:
            self.em.line(f"{seen}: dict[Any, Any] = {{}}")
            for selector in rule.lists:
                select(
                    self.em,
                    selector,
                    x,
                    px,
                    lambda y, py: self._unique_item(seen, y, py),
                    paths=rule.server_path != "host",  # reported at the host: no index
                )

        counts = [count(self.em, selector, x) for selector in rule.lists]
        if None in counts:
            loops()
        else:  # a pod of one container with one port has nothing to compare
            self.em.block(f"if {' + '.join(map(str, counts))} > 1:", loops)

    def _unique_item(self, seen: str, y: str, py: str) -> None:
        rule = self.rule
        keys = [self.value(ref, y) for ref in rule.key] or [y]
        # A tuple key is never reused (rules_names): tuples of two shapes would clash.
        k = self.em.fresh("k" if len(keys) == 1 else "key")
        if len(keys) == 1:
            self.em.line(f"{k} = {keys[0]}")
            keyed = rule.key and not rule.at_item
            where = f"({py}, {rule.key[0].wire_path!r})" if keyed else py
            shown = k
        else:
            # Go compares the zero value of an unset field ("" or 0).
            zeros = [zero(ref, v) for ref, v in zip(rule.key, keys, strict=True)]
            self.em.line(f"{k} = ({', '.join(zeros)})")
            label = "{" + ", ".join(r.wire_path for r in rule.key) + "}"
            field = rule.at_key.wire_path if rule.at_key is not None else label
            where = py if rule.at_item else f"({py}, {field!r})"
            names = [r.wire_path for r in rule.key]
            labels = "".join(f"{pylit(n)}, " for n in names)
            shown = f"_rt.show_key({pylit(rule.show)}, ({labels}), {k})"

        def check() -> None:
            later = rule.later
            if rule.pairwise and later is not None:
                report = partial(self.fail, where, shown)
                pairs(self, rule, seen, k, (y, py), lambda e: report(earlier=e))
                return
            if later is not None:
                # Only a later item that holds `later` makes the duplicate count.
                dup = f"{k} in {seen} and {self.pred(later, y)}"
                self.em.block(f"if {dup}:", lambda: self.fail(where, shown))
                self.em.block(
                    f"elif {k} not in {seen}:",
                    lambda: self.em.line(f"{seen}[{k}] = True"),
                )
                return
            if rule.report == "first":
                # At the nearest earlier item: Go reports each item that has a later
                # duplicate (item i against items[i+1:]), once.
                self.em.block(
                    f"if {k} in {seen}:", lambda: self.fail(f"{seen}[{k}]", shown)
                )
                self.em.line(f"{seen}[{k}] = {where}")
            else:  # `{earlier}` names the first item of the key: its path is kept
                kept = py if "{earlier}" in rule.detail else ""
                first = f"{seen}[{k}]" if kept else ""
                self.em.block(
                    f"if {k} in {seen}:", lambda: self.fail(where, shown, earlier=first)
                )
                self.em.block(
                    "else:", lambda: self.em.line(f"{seen}[{k}] = {kept or True}")
                )

        conds = [f"{k} is not None"] if len(keys) == 1 else []
        if rule.where is not None:
            conds.append(self.pred(rule.where, y))
        if conds:
            self.em.block(f"if {' and '.join(conds)}:", check)
        else:
            check()

    def _kind_reference(self, x: str, px: str) -> None:
        # No names are collected when no value refers to one, or none can clash.
        both = (self.rule.lists, self.rule.names if self.rule.absent else ())
        tests = [[picks(self.em, s, x) for s in group] for group in both if group]
        if not tests or any(None in t for t in tests):
            self._reference(x, px)
        else:
            cond = ") and (".join(
                " or ".join(dict.fromkeys(map(str, t))) for t in tests
            )
            self.em.block(f"if ({cond}):", lambda: self._reference(x, px))

    def _reference(self, x: str, px: str) -> None:
        rule = self.rule
        names, every = self.em.fresh("names"), self.em.fresh("every")
        self.em.line(f"{names}: set[Any] = set()")
        if rule.where is not None:
            self.em.line(f"{every}: set[Any] = set()")

        def collect(y: str, py: str) -> None:
            v = self.value(rule.name_key, y) if rule.name_key else y
            if rule.name_parts:  # `nameAs`: the name made of the item's fields
                v = self.text_of(rule.name_parts, y)
            if rule.where is not None:
                self.em.line(f"{every}.add({v})")
                self.em.block(
                    f"if {self.pred(rule.where, y)}:",
                    lambda: self.em.line(f"{names}.add({v})"),
                )
            else:
                self.em.line(f"{names}.add({v})")

        for source in rule.names:
            start = "o" if source.base == "host" else x
            select(self.em, source, start, px, collect, paths=False)

        def check(v: str, pv: str) -> None:
            cond = f"{v} {'in' if rule.absent else 'not in'} {names}"
            if rule.where is not None:
                cond += f" and {v} in {every}"
            # `at: item`: the path of the item holding the value (pv is `(item, key)`).
            where = pv[1 : pv.rindex(", ")] if rule.at_item else pv
            self.em.block(f"if {cond}:", lambda: self.fail(where, v))

        for selector in rule.lists:
            select(self.em, selector, x, px, check, paths=rule.server_path != "host")

    def _kind_compareMaps(self, x: str, px: str) -> None:
        rule = self.rule
        maps = rule.maps
        assert maps is not None
        if maps.total:
            self._totals(x, px)
            return
        left, right = self.em.fresh("left"), self.em.fresh("right")
        self.em.line(f"{left} = {self.value(maps.left, x)}")
        self.em.line(f"{right} = {self.value(maps.right, x)} or {{}}")
        k, q = self.em.fresh("k"), self.em.fresh("q")
        keep = ex.kept_test(maps.keys, k) or "True"
        if maps.op == "present":
            cond = f"{keep} and {k} not in {right}"

            def report() -> None:
                self.fail(self.path(maps.right, px), None)

        else:
            op = ">" if maps.op == "<=" else "!="
            cond = (
                f"{keep} and {k} in {right} and "
                f"_rt.compare({q}, {op!r}, {right}[{k}], listed=True)"
            )

            def report() -> None:
                pairs = f"('resource', {k}), ('limit', _rt.listed_text({right}[{k}]))"
                detail = f"_rt.fill({pylit(rule.detail)}, ({pairs}))"
                where = ex.server_expr(rule, self.path(maps.left, px), k)
                self.em.line(
                    f"_rt.fail({self.out}, {where}, {rule.id!r}, "
                    f"{self.heading!r}, _rt.listed_text({q}), {detail})"
                )

        def items() -> None:
            self.em.block(
                (
                    f"for {k} in {left}:"
                    if maps.op == "present"
                    else f"for {k}, {q} in {left}.items():"
                ),
                lambda: self.em.block(f"if {cond}:", report),
            )

        self.em.block(f"if {left}:", items)

    def _aggregate(self, k: str) -> str:
        """An expression for the text of the server's aggregate of key `k` (the
        message's `{total}`): the maps of the containers and of the init containers,
        each with whether it is a sidecar, read from the host when the rule fails."""
        maps = self.rule.maps
        assert maps is not None
        aggregate = maps.aggregate
        if aggregate is None:
            return "''"
        regular, inits = self.em.fresh("regular"), self.em.fresh("inits")
        self.em.line(f"{regular}: list[Any] = []")
        self.em.line(f"{inits}: list[Any] = []")

        def add_regular(v: str, pv: str) -> None:
            self.em.line(f"{regular}.append({bare(self.value(maps.left, v))})")

        def add_init(v: str, pv: str) -> None:
            sidecar = self.pred(aggregate.sidecar, v)
            self.em.line(f"{inits}.append(({self.value(maps.left, v)}, {sidecar}))")

        select(self.em, aggregate.containers, "o", "p", add_regular, paths=False)
        select(self.em, aggregate.init, "o", "p", add_init, paths=False)
        return f"_rt.aggregate_text({k}, {regular}, {inits})"

    def _totals(self, x: str, px: str) -> None:
        """`left` added up, key by key, over the objects `total` selects; each sum
        above `right`'s quantity is reported at `right`'s key, as the server reports
        its aggregate of the containers' requests."""
        maps = self.rule.maps
        assert maps is not None
        right, sums = self.em.fresh("right"), self.em.fresh("sums")
        k, n = self.em.fresh("k"), self.em.fresh("n")
        kept = ex.kept_test(maps.keys, k)
        keep = f"{kept} and " if kept else ""

        def adder(where: Predicate | None, before: bool) -> Body:
            def add(v: str, pv: str) -> None:
                if before:  # the items up to the one checked, by identity
                    self.em.block(f"if {v} is {x}:", lambda: self.em.line("break"))
                line = f"_rt.add_up({sums}, {self.value(maps.left, v)})"
                if where is None:
                    self.em.line(line)
                else:
                    self.em.block(
                        f"if {self.pred(where, v)}:", lambda: self.em.line(line)
                    )

            return add

        def report() -> None:
            self.fail(
                f"({self.path(maps.right, px)}, {map_key(k)})",
                f"_rt.listed_text({right}[{k}])",
                compared=k,
                text=self.filled(("total", self._aggregate(k))),
            )

        def compare() -> None:
            self.em.line(f"{sums}: dict[str, Any] = {{}}")
            for summed in maps.total:
                start = "o" if summed.selector.base == "host" else x
                add = adder(summed.where, summed.before)
                select(self.em, summed.selector, start, px, add, paths=False)
            self.em.block(
                f"for {k}, {n} in {sums}.items():",
                lambda: self.em.block(
                    f"if {keep}{k} in {right} and _rt.above({n}, {right}[{k}]):",
                    report,
                ),
            )

        self.em.line(f"{right} = {self.value(maps.right, x)}")
        self.em.block(f"if {right}:", compare)
