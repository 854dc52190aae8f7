"""A small writer of indented Python, and the loops that visit a rule's selector.

Nested control flow is built in Python rather than in Jinja, where the indentation of
generated Python is hard to keep right; the formatter lays the result out afterwards.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Callable
from dataclasses import dataclass, field

from podspec_gen.model.rules.vocab import Selector, Step
from podspec_gen.render.python.rules_exprs import map_key, segment, walrus

Body = Callable[[str, str], None]  # (variable, path expression) -> emits code


@dataclass
class Emitter:
    regexes: dict[str, str]  # pattern -> constant name
    lines: list[str] = field(default_factory=list)
    depth: int = 1
    counter: int = 0
    keys: dict[str, str] = field(default_factory=dict)  # map value var -> key var
    # item var -> the var of the object holding its list or map (what `@owner.` reads)
    owners: dict[str, str] = field(default_factory=dict)
    # Deprecated fields, read through their raw slots (`_<attr>_slot`): the public
    # name is a property that warns on set, and a property read costs the interpreter
    # several times a slot read (it cannot specialise it before Python 3.12).
    raw: frozenset[str] = frozenset()
    # "Some item of the host's list has this field": one flag per (list, field) pair
    # the loops go through, set by one pass over each list before the rules run.
    guards: dict[tuple[Step, Step], str] = field(default_factory=dict)
    # "Some item of the host's list has this whole path set", through an inner list
    # (`containers[*].env[*].valueFrom.fileKeyRef`) or objects only
    # (`securityContext.windowsOptions.hostProcess`): rules about a rare field below a
    # common one (a container's env, its security context) then wait for the rare one.
    deep: dict[tuple[Step, tuple[Step, ...]], str] = field(default_factory=dict)
    # The walker's own required fields, read once at its start: `Step.read` reads them
    # with `getattr` (an object with problems may lack one), a builtin call each time,
    # and the pod spec's walker read `containers` so some twenty times. The walkers
    # never change what they walk, so one read serves them all.
    own: dict[str, str] = field(default_factory=dict)  # attribute -> local
    # Host fields bound to a local by the block being written, which runs only when
    # they are set (`if (h1 := o.resources) is not None:`): its rules read the local.
    known: dict[tuple[str, bool], str] = field(default_factory=dict)  # by `host_field`
    # The sets of values that passed a run of rules (`_K<n>`): a map's keys for the
    # rules about the key alone (rules_keys.py), an object's own values for the rules
    # about them alone (rules_memo.py); (name, what the set holds), shared by every
    # walker of the module like `regexes`.
    memos: list[tuple[str, str]] = field(default_factory=list)
    # Unions of the host's own fields counted by the blocks that test those fields
    # anyway (rules_walkers.counted_union): host field -> the counters it adds to,
    # the rule -> its counter, and the fields already counted.
    counters: dict[tuple[str, bool], list[str]] = field(default_factory=dict)
    counted: dict[str, str] = field(default_factory=dict)
    tallied: set[tuple[str, bool]] = field(default_factory=set)
    # Module-level functions counting a list's items that meet a test with walrus
    # temporaries (`counting`), shared by every walker of the module like `regexes`.
    helpers: list[str] = field(default_factory=list)

    def read(self, step: Step, var: str) -> str:
        if step.attr in self.raw and not step.key and not step.required:
            return f"{var}._{step.attr}_slot"
        if var == "o" and step.required and not step.key:
            return self.own.setdefault(step.attr, f"o_{step.attr}")
        return step.read(var)

    def matches(self, pattern: str, text: str) -> str:
        """Whether the regex is found in the string `text` names. Verdicts on short
        texts are kept per pattern (`_M<n>`, filled by `_rt.learn`): manifests repeat
        the same names and keys (`cpu`, `app.kubernetes.io/name`), and a qualified
        name's regex costs several dict lookups' time."""
        name = self.regex(pattern)
        memo = name.replace("_RE", "_M", 1)
        return f"({memo}[{text}] if {text} in {memo} else _rt.learn({memo}, {name}, {text}))"

    def regex(self, pattern: str) -> str:
        """The module's compiled constant (`_RE<n>`) for the regex."""
        return self.regexes.setdefault(pattern, f"_RE{len(self.regexes)}")

    def memo(self, holds: str = "str") -> str:
        name = f"_K{len(self.memos)}"
        self.memos.append((name, holds))
        return name

    def counting(self, y: str, held: str, items: str) -> str:
        """How many items of the list `items` are set and meet `held`, a test of `y`.

        A walrus in a generator expression binds in the enclosing function (PEP 572),
        so each of its temporaries becomes a cell that the walker makes on every call,
        whether or not the count runs: the pod spec's walker made 34 of them, a pod
        template's 120, a third of its time on a typical spec. Such a count is a call
        of a module-level function instead, whose temporaries are plain locals."""
        if ":=" not in held:
            return f"sum(1 for {y} in {items} if {y} is not None and {held})"
        name = f"_count{len(self.helpers)}"
        free = free_names(held) - {y}
        params = "".join(f", {local}: Any" for local in sorted(free))
        args = "".join(f", {local}" for local in sorted(free))
        self.helpers.append(
            f"def {name}(items: Any{params}) -> int:\n"
            f"    n = 0\n"
            f"    for {y} in items:\n"
            f"        if {y} is not None and {held}:\n"
            f"            n += 1\n"
            f"    return n"
        )
        return f"{name}({items}{args})"

    def line(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    def when_set(self, step: Step, body: Callable[[], None]) -> None:
        """`body` in a block that runs when the host's field `step` is set, with the
        field bound to a local for the block's reads."""
        read = self.read(step, "o")
        local = read if read.isidentifier() else self.fresh("h")
        bound = read if local == read else f"({walrus(local, read)})"
        self.line(f"if {bound} is not None:")
        self.depth += 1
        self.known[host_field(step)] = local
        self.tally(step)
        body()
        del self.known[host_field(step)]
        self.depth -= 1

    def tally(self, step: Step) -> None:
        """Inside a block that runs when the host's field `step` is set: count it
        towards the unions it is a member of."""
        field_ = host_field(step)
        if field_ in self.counters and field_ not in self.tallied:
            self.tallied.add(field_)
            for counter in self.counters[field_]:
                self.line(f"{counter} += 1")

    def block(self, header: str, body: Callable[[], None]) -> None:
        self.line(header)
        self.depth += 1
        body()
        self.depth -= 1

    def guard(self, items: Step, inner: Step) -> str:
        """The flag saying whether any item of the host's list `items` has `inner`
        set (a list or map: non-empty). For a list or map `inner` it counts their
        entries, over all the items (see `count`)."""
        key = (items, inner)
        if key not in self.guards:
            self.guards[key] = self.fresh("g")
        return self.guards[key]

    def deep_guard(self, items: Step, path: tuple[Step, ...]) -> str:
        """The flag saying whether any item of the host's list `items` has `path` set
        (through an item of its list `path[0]`, where that is a list)."""
        key = (items, path)
        if key not in self.deep:
            self.deep[key] = self.fresh("g")
        return self.deep[key]

    def prelude(self) -> list[str]:
        """The pass that sets the guards' flags: one loop per list, where each loop
        over its items would otherwise run once per rule and mostly find nothing."""
        by_list: dict[Step, list[tuple[Step, str]]] = {}
        for (items, inner), flag in self.guards.items():
            by_list.setdefault(items, []).append((inner, flag))
        deep_by_list: dict[Step, list[tuple[tuple[Step, ...], str]]] = {}
        for (items, path), flag in self.deep.items():
            deep_by_list.setdefault(items, []).append((path, flag))
            by_list.setdefault(items, [])
        out = Emitter(
            self.regexes,
            raw=self.raw,
            counter=self.counter,
            own=self.own,
            helpers=self.helpers,
        )
        for items, inners in by_list.items():
            deep = deep_by_list.get(items, [])
            flags = [flag for _, flag in inners] + [flag for _, flag in deep]
            out.line(" = ".join(flags) + " = 0")
            v, y = out.fresh("v"), out.fresh("y")
            out.line(f"{v} = {out.read(items, 'o')}")
            out.line(f"if {v} is not None:")
            out.line(f"    for {y} in {v}:")
            out.line(f"        if {y} is not None:")
            for inner, flag in inners:
                read = out.read(inner, y)
                if inner.each:
                    t = out.fresh("v")
                    out.line(f"            if {walrus(t, read)}:")
                    out.line(f"                {flag} += len({t})")
                else:
                    out.line(f"            if {read} is not None:")
                    out.line(f"                {flag} = 1")
            for path, flag in deep:
                out.depth += 3
                out.deep_test(path, y, flag)
                out.depth -= 3
        self.counter = out.counter
        reads = [
            f"    {local} = getattr(o, {attr!r}, None)"
            for attr, local in self.own.items()
        ]
        return reads + out.lines

    def deep_test(self, path: tuple[Step, ...], y: str, flag: str) -> None:
        """Set `flag` if `y` has `path` set, where `path` may start with a list of
        `y`'s (then: if an item of it has the rest set), looking no further once it
        is (or once another item has set it)."""
        depth = self.depth
        tests = [f"not {flag}", *self.set_along(path, y)]
        if path[0].each:
            t, z = self.fresh("v"), self.fresh("y")
            self.line(f"if not {flag} and ({walrus(t, self.read(path[0], y))}):")
            self.line(f"    for {z} in {t}:")
            self.depth += 2
            tests = [f"{z} is not None", *self.set_along(path[1:], z)]
        self.line(f"if {' and '.join(tests)}:")
        self.line(f"    {flag} = 1")
        if path[0].each:
            self.line("    break")
        self.depth = depth

    def set_along(self, steps: tuple[Step, ...], var: str) -> list[str]:
        """Tests, to be joined by `and`, that every step of the path from `var` is
        set, each object read once into a local."""
        tests, current = [], var
        for step in steps[:-1]:
            local = self.fresh("v")
            tests.append(f"({walrus(local, self.read(step, current))}) is not None")
            current = local
        return [*tests, f"{self.read(steps[-1], current)} is not None"]


def free_names(expr: str) -> set[str]:
    """The walker's locals `expr` reads: not its own temporaries, not the module's
    names (`_rt`, `_M3`: all start with `_`), not builtins."""
    tree = ast.parse(expr, mode="eval")
    names = [n for n in ast.walk(tree) if isinstance(n, ast.Name)]
    bound = {n.id for n in names if isinstance(n.ctx, ast.Store)}
    read = {n.id for n in names if isinstance(n.ctx, ast.Load)}
    return {n for n in read - bound if not n.startswith("_") and n not in _BUILTINS}


_BUILTINS = frozenset(dir(builtins))


def host_field(step: Step) -> tuple[str, bool]:
    """The host field a step reads, whether or not the path goes on into its items."""
    return step.wire, step.key


def guard(em: Emitter, selector: Selector, var: str) -> str | None:
    """The flag that is False when the selector, read from the host, picks nothing:
    no item of the host's list has the field the selector goes through next, or,
    where it goes on through the items of that field's list to optional fields only,
    no such item has them (an env var's `valueFrom.fileKeyRef`)."""
    steps = selector.steps
    if var == "o" and len(steps) > 1 and steps[0].each == "list" and not steps[1].key:
        rest = steps[2:]
        if (
            steps[1].each == "list"
            and rest
            and not any(s.each or s.key for s in rest)
            and not rest[0].required
        ):
            return em.deep_guard(steps[0], steps[1:])
        return em.guard(steps[0], steps[1])
    return None


def count(em: Emitter, selector: Selector, var: str) -> str | None:
    """An expression no smaller than the number of values `selector` picks from
    `var`, when one costs no loop: the length of a list of the host, or the entries
    of a list in its items (`containers[*].ports[*]`), which the guards count."""
    steps = selector.steps
    if len(steps) == 1 and steps[0].each == "list" and not steps[0].key:
        bound = em.known.get(host_field(steps[0])) if var == "o" else None
        return f"len({bound or em.read(steps[0], var)} or ())"
    if (
        len(steps) == 2
        and var == "o"
        and steps[0].each == "list"
        and steps[1].each
        and not steps[1].key
    ):
        return em.guard(steps[0], steps[1])
    return None


def picks(em: Emitter, selector: Selector, var: str) -> str | None:
    """A test, costing no loop, that fails when `selector` (read from `var`, or from
    the host for a reference's `$.` names) picks nothing."""
    start = "o" if selector.base == "host" else var
    return guard(em, selector, start) or count(em, selector, start)


def select(
    em: Emitter,
    selector: Selector,
    var: str,
    path: str,
    body: Body,
    *,
    paths: bool = True,
) -> None:
    """Loops over the values `selector` picks from `var`, then `body` for each; with
    `paths=False` the body is given no path (and the loops keep no index)."""
    steps = selector.steps
    flag = guard(em, selector, var)
    if flag is not None:
        # Most pods set few of an item's fields: skip the loop unless one does.
        em.line(f"if {flag}:")
        em.depth += 1
        _select(em, steps, var, path, body, paths)
        em.depth -= 1
        return
    _select(em, steps, var, path, body, paths)


def _select(
    em: Emitter,
    steps: tuple[Step, ...],
    var: str,
    path: str,
    body: Body,
    paths: bool,
) -> None:
    def go(index: int, current: str, where: str) -> None:
        if index == len(steps):
            body(current, where)
            return
        step = steps[index]
        below = step.server if index < len(steps) - 1 or step.each else ""
        here = f"({where}, {segment(step.wire, below)})"
        bound = em.known.get(host_field(step)) if current == "o" else None
        v = bound or em.fresh("v")
        if bound is None:
            em.line(f"{v} = {em.read(step, current)}")
        if not step.each:
            if bound is not None:
                go(index + 1, v, here)
            else:
                em.block(f"if {v} is not None:", lambda: go(index + 1, v, here))
            return
        # Indexes and map keys take different stems: a compiled walker (mypyc) types
        # each local by its first value, and a reused name must keep that type.
        i, y = em.fresh("i" if step.each == "list" else "m"), em.fresh("y")
        loop = f"enumerate({v})" if step.each == "list" else f"{v}.items()"
        if not paths:
            loop = v if step.each == "list" else f"{v}.values()"

        if step.each == "map":
            em.keys[y] = i
        em.owners[y] = current

        step_path = map_key(i) if step.each == "map" else i

        def item() -> None:
            em.block(
                f"if {y} is not None:",
                lambda: go(index + 1, y, f"({here}, {step_path})"),
            )

        header = f"for {f'{i}, ' if paths else ''}{y} in {loop}:"
        if bound is not None:
            em.block(header, item)
        else:
            em.block(f"if {v} is not None:", lambda: em.block(header, item))

    go(0, var, path)
