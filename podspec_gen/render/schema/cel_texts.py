"""CEL for the predicates that read a text: its length in bytes (`length`), the
indexes it lists (`indexes`, `indexCount`), a cron schedule's ranges (`cronRanges`)."""

from __future__ import annotations

from podspec_gen.model.cron_names import DAYS, MONTHS, RANGE, RANGE_START
from podspec_gen.model.kinds import MapOf
from podspec_gen.model.rules.vocab import Indexes, Length, Ref
from podspec_gen.render.schema.cel_text import conj, implies, literal, regex
from podspec_gen.render.schema.cel_values import Scope, Value, value

# validateIndexesFormat's syntax: indexes and ranges, each a decimal integer with an
# optional '+' (strconv.Atoi; a '-' splits a range, so no index is negative).
_INDEX_LIST = r"^\+?[0-9]+(-\+?[0-9]+)?(,\+?[0-9]+(-\+?[0-9]+)?)*$"


def text_of(scope: Scope, parts: tuple[str | Ref, ...]) -> str:
    """The text literal pieces and fields' values make, an unset string read as ""
    and a map of strings as its keys and values."""
    pieces = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(literal(part))
            continue
        v = value(scope, part)
        expr = v.expr
        if isinstance(part.value_kind, MapOf):  # its keys and values, as Go sums them
            k, _ = scope.fresh("k")
            expr = f"{expr}.map({k}, {k} + {expr}[{k}]).join('')"
        plain = v.guard in ("", "true")
        pieces.append(expr if plain else f"({v.guard} ? {expr} : '')")
    return " + ".join(pieces)


def length(scope: Scope, pred: Length) -> str:
    """Go's len: the UTF-8 bytes of the text, or of its first match of `part` (the
    Kubernetes regex library's find: "" when there is none)."""
    text = text_of(scope, pred.measured)
    if pred.part:
        text = f"({text}).find({regex(pred.part)})"
    return f"bytes({text}).size() {pred.op} {pred.number}"


def indexes(scope: Scope, pred: Indexes) -> str:
    """The index list parses, each index above the one before it (sorted, none
    twice), and every one below the bound; or how many it lists (the Kubernetes lists
    library's `isSorted` and `sum`)."""
    v = value(scope, pred.ref)
    bound = (
        value(scope, pred.other)
        if pred.other is not None
        else Value("true", literal(pred.number))
    )
    e = v.expr
    n, inner = scope.fresh("index")
    m, inner = inner.fresh("index")
    numbers = f"{e}.replace('-', ',').split(',').map({n}, int({n}))"
    listed = conj(
        [
            f"{e}.matches({regex(_INDEX_LIST)})",
            f"{numbers}.isSorted()",
            f"{numbers}.all({n}, {numbers}.filter({m}, {m} == {n}).size() == 1)",
        ]
    )
    if pred.count:
        part, _ = inner.fresh("interval")
        ends = f"{part}.split('-')"
        size = f"({part}.contains('-') ? int({ends}[1]) - int({ends}[0]) + 1 : 1)"
        total = f"{e}.split(',').map({part}, {size}).sum()"
        some = conj([v.guard, f"{e} != ''", listed])
        counted = f"({some} ? {total} : 0)"
        return conj([bound.guard, f"{counted} {pred.op} {bound.expr}"])
    below = f"{numbers}.all({n}, {n} {pred.op} {bound.expr})"
    return conj(
        [bound.guard, implies(conj([v.guard, f"{e} != ''"]), conj([listed, below]))]
    )


def cron_ranges(scope: Scope, e: str) -> str:
    """Every range of the schedule runs from low to high (robfig/cron's "beginning of
    range beyond end of range"): each end a number, or a month (1-12) or weekday (0-6)
    by name, in any case. A descriptor (`@daily`, `@every`) has no ranges, and a
    time zone in the schedule is refused on its own."""
    r, _ = scope.fresh("range")

    # The range itself, without the separator its match may begin with.
    bare = f"({r}.matches({regex(RANGE_START)}) ? {r} : {r}.substring(1))"

    def end(i: int) -> str:
        text = f"{bare}.split('-')[{i}]"
        name = f"{text}.lowerAscii()"
        month = f"{literal(list(MONTHS))}.indexOf({name})"
        named = f"({month} >= 0 ? {month} + 1 : {literal(list(DAYS))}.indexOf({name}))"
        return f"({text}.matches('^[+]?[0-9]+$') ? int({text}) : {named})"

    ranges = f"{e}.findAll({regex(RANGE)})"
    ordered = f"{ranges}.all({r}, {end(0)} <= {end(1)})"
    return f"{e}.startsWith('@') || {e}.contains('TZ') || {ordered}"
