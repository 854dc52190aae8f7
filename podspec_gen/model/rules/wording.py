"""How a rule's sentence names things: fields, selectors and values (`Names`), the
two forms of a predicate's clause (`Clause`), lists (`join`) and requirements (`must`).

The words themselves, one function per predicate and per rule kind, are in `words`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from podspec_gen.model.kinds import MapOf
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
    Test,
    compared,
)

Code = Callable[[str], str]


def plain(text: str) -> str:
    return text


def join(parts: Iterable[str], last: str = "and") -> str:
    """`a`, `a and b`, `a, b and c`."""
    items = list(parts)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


@dataclass
class Names:
    """How one sentence names fields, selectors and values.

    `host` qualifies a reference that starts from the host (`$.restartPolicy`) with the
    host's name, for sentences about items that may have a field of the same name;
    empty, such a reference reads as its path. A server default is explained the first
    time its field is named, once per sentence.
    """

    code: Code = plain
    host: str = ""
    explained: set[str] = field(default_factory=set)

    def ref(self, ref: Ref) -> str:
        if ref.base == "key":
            return "the key"
        if ref.base == "earlier" and not ref.steps:  # `^.@`
            return "the earlier value"
        if ref.base == "value":  # read inside a count's `where` too: not its items
            return "the value checked"
        if not ref.steps:  # the object or value itself
            return "the value"
        if ref.base == "host" and self.host:
            return self.code(f"{self.host}.{ref.wire_path}")
        if ref.base == "earlier":
            return f"the earlier item's {self.code(ref.wire_path)}"
        if ref.base == "owner":
            return f"the {self.code(ref.wire_path)} of the object holding the item"
        return self.code(ref.wire_path)

    def subject(self, ref: Ref, default_matters: bool = True) -> str:
        """The field, with the value the server reads for it when it is unset."""
        name = self.ref(ref)
        key = f"{ref.base}:{ref.wire_path}"
        if not (default_matters and has_default(ref)) or key in self.explained:
            return name
        if ref.default == "" or (ref.zero_means_unset and ref.default == 0):
            return name  # unset reads as the empty value it already is
        self.explained.add(key)
        empty = ""
        if isinstance(ref.default, str):
            empty = f" or {self.value('')}"
        elif ref.zero_means_unset:
            empty = f" or {self.value(0)}"
        return f"{name} (unset{empty} reads as {self.value(ref.default)})"

    def pieces(self, parts: Iterable[str | Ref]) -> str:
        """Literal text and fields' values in order: `name` followed by `:` followed by
        `iscsi.targetPortal` (a map of strings reads as its keys and values)."""
        return " followed by ".join(
            (
                self.value(p)
                if isinstance(p, str)
                else (
                    f"{self.ref(p)}'s keys and values"
                    if isinstance(p.value_kind, MapOf)
                    else self.ref(p)
                )
            )
            for p in parts
        )

    def value(self, value: object) -> str:
        if isinstance(value, str):
            return self.code(value if value else '""')
        return self.code(json.dumps(value))

    def selector(self, selector: Selector) -> str:
        """A selector without its last `[*]` or `{*}` (the words say `each item of`)."""
        return self.code(selector.text.removesuffix("[*]").removesuffix("{*}"))

    def visit(self, selector: Selector) -> str:
        """The values a selector visits: `each item of containers`."""
        last = selector.steps[-1].each if selector.steps else ""
        if last == "list":
            return f"each item of {self.selector(selector)}"
        if last == "map":
            return f"each value of {self.selector(selector)}"
        many = "each " if any(s.each for s in selector.steps) else ""
        return f"{many}{self.selector(selector)} (when set)"


def has_default(ref: Ref) -> bool:
    """Whether the server fills the field in before validating when it is unset."""
    return ref.has_default and ref.default is not None


# --- predicates ------------------------------------------------------------------


def must(phrase: str) -> str:
    """What a value must do for a condition to hold: `is 1` -> `must be 1`."""
    verb, _, rest = phrase.partition(" ")
    if verb == "does" and rest.startswith("not "):
        return f"must {rest}"
    if verb == "is" and rest.startswith("not "):
        return f"must not be {rest[4:]}"
    verb = {"is": "be", "has": "have", "matches": "match"}.get(verb, verb)
    return f"must {verb.removesuffix('s')} {rest}"


@dataclass(frozen=True)
class Clause:
    """One predicate about one field: when it holds and when it fails, as conditions
    (`is set`); as requirements they read `must be set`, `must not be set`."""

    subject: str
    holds: str
    fails: str

    def condition(self, negated: bool = False) -> str:
        return f"{self.subject} {self.fails if negated else self.holds}"

    def requirement(self, negated: bool = False) -> str:
        return f"{self.subject} {must(self.fails if negated else self.holds)}"


def set_together(fields: list[str], every: bool, flag: bool) -> str:
    """Fields asked together whether they are set: `a and b are set`, `neither a nor
    b is set`, `a or b is set`."""
    if every and flag:
        return f"{join(fields)} are set"
    if every and len(fields) == 2:
        return f"neither {fields[0]} nor {fields[1]} is set"
    if every:
        return f"none of {join(fields)} is set"
    return f"{join(fields, 'or')} is {'' if flag else 'not '}set"


# --- what an unset value means for a sentence --------------------------------


def fails_unset(pred: Predicate) -> bool:
    """Whether an unset value would break the predicate (the runtime's verdicts)."""
    if isinstance(pred, Among):
        return not pred.negated
    if isinstance(pred, IsSet):
        return pred.flag
    if isinstance(pred, Test):
        return pred.name == "ip"
    if isinstance(pred, Length):  # an unset string reads as ""
        return not compared(0, pred.op, pred.number)
    if isinstance(pred, Indexes):  # an unset list of indexes lists none
        return (
            pred.count
            and pred.number is not None
            and not compared(0, pred.op, pred.number)
        )
    return True


def needs_set(when: Predicate | None, ref: Ref) -> bool:
    """Whether `when` holds only if the field is set."""
    if isinstance(when, Join):
        return when.op == "all" and any(needs_set(p, ref) for p in when.parts)
    if isinstance(when, IsSet):
        return when.flag and when.ref == ref
    if isinstance(when, Compare):
        if when.count:  # an unset list counts as none
            return when.ref == ref and not when.holds_for(0)
        return ref in (when.ref, when.other)
    if isinstance(when, Among | Matches | Selects):
        return when.ref == ref and not (isinstance(when, Among) and when.negated)
    return False
