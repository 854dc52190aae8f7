"""The rules in plain English, made from the rule data: one sentence per rule.

Every output that explains a rule (the docs' Rules blocks; schema descriptions and
hovers may follow) takes its sentence from here, so the words follow the data and say
the same everywhere. Field names and literal values go through `code`, which an output
sets to its own markup (the docs: a code span); by default they stay as written.

A sentence is one phrase per rule kind, made of one clause per predicate:
`For each item of initContainers where restartPolicy is not Always: lifecycle and
livenessProbe must not be set.`
"""

from __future__ import annotations

import re
from collections.abc import Callable

from podspec_gen.model.kinds import MapOf
from podspec_gen.model.rules.pred_reads import primary
from podspec_gen.model.rules.vocab import (
    Among,
    Compare,
    Indexes,
    IsSet,
    Join,
    Length,
    Matches,
    Predicate,
    Rule,
    Selects,
    Test,
    refs,
)
from podspec_gen.model.rules.wording import (
    Clause,
    Code,
    Names,
    fails_unset,
    has_default,
    join,
    needs_set,
    plain,
    set_together,
)
from podspec_gen.model.rules.words_leaves import (
    among_clause,
    is_set_clause,
    matches_clause,
    selects_clause,
    test_clause,
)
from podspec_gen.model.rules.words_maps import map_words

# Each comparison: when it holds, when it fails; the value compared with follows.
COMPARE_WORDS = {
    "<": ("is less than", "is not less than"),
    "<=": ("is at most", "is more than"),
    "==": ("equals", "does not equal"),
    "!=": ("does not equal", "equals"),
    ">=": ("is at least", "is less than"),
    ">": ("is more than", "is at most"),
}
# With a literal, equality reads `is 0` rather than `equals 0`.
_LITERAL_WORDS = {"==": ("is", "is not"), "!=": ("is not", "is")}


# A count against a literal that asks whether any item is there: (op, number) -> True
# when the count holds with one item or more, False when it holds with none.
_SOME: dict[tuple[str, float | None], bool] = {
    (">", 0): True,
    (">=", 1): True,
    ("!=", 0): True,
    ("==", 0): False,
    ("<=", 0): False,
    ("<", 1): False,
}


def compare_clause(pred: Compare, names: Names) -> Clause:
    """`hostPort must equal containerPort`, `hostPort is not 0`; a count against 0 or 1
    reads as whether the list has an item (`containers has an item where ...`)."""
    subject = names.subject(pred.ref)
    some = _SOME.get((pred.op, pred.number)) if pred.count else None
    if some is not None and pred.other is None:
        item = "entry" if isinstance(pred.ref.value_kind, MapOf) else "item"
        where = "" if pred.where is None else f" where {condition(pred.where, names)}"
        has, lacks = f"has an {item}{where}", f"has no {item}{where}"
        return Clause(subject, has if some else lacks, lacks if some else has)
    if pred.count:
        subject = f"the number of items of {subject}"
        if pred.where is not None:
            subject += f" where {condition(pred.where, names)}"
    if pred.other is not None:
        other, forms = names.subject(pred.other), COMPARE_WORDS[pred.op]
    else:
        other = names.value(pred.number)
        forms = _LITERAL_WORDS.get(pred.op, COMPARE_WORDS[pred.op])
    return Clause(subject, f"{forms[0]} {other}", f"{forms[1]} {other}")


def length_clause(pred: Length, names: Names) -> Clause:
    """`the length of name followed by ":" followed by iscsi.targetPortal is at most
    64 bytes`: Go's len, in UTF-8 bytes."""
    shown = names.pieces(pred.measured)
    if pred.part:
        shown = f"the first part of {shown} that matches {names.code(pred.part)}"
    holds, fails = COMPARE_WORDS[pred.op]
    size = f"{pred.number} bytes"
    return Clause(f"the length of {shown}", f"{holds} {size}", f"{fails} {size}")


def indexes_clause(pred: Indexes, names: Names) -> Clause:
    """`succeededIndexes lists increasing indexes ("1,3-5") below completions`; `the
    number of indexes succeededIndexes lists is at least succeededCount`."""
    subject = names.subject(pred.ref)
    bound = (
        names.value(pred.number) if pred.other is None else names.subject(pred.other)
    )
    if pred.count:
        holds, fails = COMPARE_WORDS[pred.op]
        listed = f"the number of indexes {subject} lists"
        return Clause(listed, f"{holds} {bound}", f"{fails} {bound}")
    listed = (
        f'increasing indexes ("1,3-5") {"below" if pred.op == "<" else "up to"} {bound}'
    )
    return Clause(subject, f"lists {listed}", f"does not list {listed}")


Leaf = Among | IsSet | Matches | Test | Compare | Length | Indexes | Selects


def clause(pred: Leaf, names: Names) -> Clause:
    """The clause of a predicate about one field."""
    if isinstance(pred, Among):
        return among_clause(pred, names)
    if isinstance(pred, IsSet):
        return is_set_clause(pred, names)
    if isinstance(pred, Matches):
        return matches_clause(pred, names)
    if isinstance(pred, Test):
        return test_clause(pred, names)
    if isinstance(pred, Selects):
        return selects_clause(pred, names)
    if isinstance(pred, Length):
        return length_clause(pred, names)
    if isinstance(pred, Indexes):
        return indexes_clause(pred, names)
    return compare_clause(pred, names)


def condition(pred: Predicate, names: Names, negated: bool = False) -> str:
    """The predicate as a condition: `hostPort is set and hostPort is not 0`."""
    if isinstance(pred, Join):
        return join_condition(pred, names, negated)
    return clause(pred, names).condition(negated)


def join_condition(pred: Join, names: Names, negated: bool = False) -> str:
    """all / any / not; a negated one reads by De Morgan (`not all` is `any not`).
    Fields that are all asked whether they are set are named together."""
    if pred.op == "not":
        return condition(pred.parts[0], names, not negated)
    every = (pred.op == "all") != negated
    sets = [p for p in pred.parts if isinstance(p, IsSet)]
    flags = {p.flag != negated for p in sets}
    if len(sets) == len(pred.parts) > 1 and len(flags) == 1:
        return set_together([names.ref(p.ref) for p in sets], every, flags.pop())
    return join(_parts(pred.parts, names, negated, every), "and" if every else "or")


def _parts(
    parts: tuple[Predicate, ...], names: Names, negated: bool, every: bool | None
) -> list[str]:
    """The words of each part, as conditions combined `every` way, or as requirements
    (`every` None). A part about the same field as the one before it leaves out the
    field's name: `ip must be set and must be an IPv4 or IPv6 address`."""
    out: list[str] = []
    last: tuple[str, str] | None = None
    for part in parts:
        leaf, flip = part, negated
        while isinstance(leaf, Join) and leaf.op == "not":
            leaf, flip = leaf.parts[0], not flip
        if isinstance(leaf, Join):
            nested = _nested(leaf, names, flip, every) if every is not None else None
            out.append(nested or requirement(leaf, names, flip))
            last = None
            continue
        words = clause(leaf, names)
        text = words.requirement(flip) if every is None else words.condition(flip)
        key = (leaf.ref.base, leaf.ref.wire_path)
        out.append(text[len(words.subject) + 1 :] if key == last else text)
        last = key
    return out


def _nested(pred: Join, names: Names, negated: bool, every: bool) -> str:
    """A combination inside another, in brackets when it combines the other way."""
    text = join_condition(pred, names, negated)
    other_way = ((pred.op == "all") != negated) != every
    return f"({text})" if other_way and len(pred.parts) > 1 else text


def requirement(pred: Predicate, names: Names, negated: bool = False) -> str:
    """The predicate as what must hold: `hostPort must equal containerPort`. Where
    one of several must hold, the last must when the others do not: `kind must be
    PersistentVolumeClaim when apiGroup is not set`."""
    if not isinstance(pred, Join):
        return clause(pred, names).requirement(negated)
    if pred.op == "not":
        return requirement(pred.parts[0], names, not negated)
    if (pred.op == "all") != negated:
        return join(_parts(pred.parts, names, negated, None))
    *others, last = pred.parts
    rest = requirement(last, names, negated)
    unless = join_condition(Join(pred.op, tuple(others)), names, not negated)
    return f"{rest} when {unless}"


# --- rule kinds ------------------------------------------------------------------


def unique_words(rule: Rule, names: Names) -> str:
    """`Container names are unique across containers, initContainers and ...`."""
    lists = [names.selector(s) for s in rule.lists]
    scope = f"across {join(lists)}" if len(lists) > 1 else f"within {lists[0]}"
    # A pairwise rule compares items of one key; the others keep keys apart.
    verb = "are compared" if rule.pairwise else "are unique"
    if not rule.key:
        text = f"values {verb} {scope}"
    else:
        noun = rule.lists[0].type_name or "item"
        if [k.wire_path for k in rule.key] == ["name"]:
            what = "names"
        elif len(rule.key) == 1:
            what = f"{names.subject(rule.key[0])} values"
        else:
            what = f"{join(names.subject(k) for k in rule.key)} combinations"
        text = f"{noun} {what} {verb} {scope}"
    if rule.where is not None:
        text += f", among the items where {condition(rule.where, names)}"
    if rule.pairwise:
        assert rule.later is not None
        shares = "share them with " if rule.key else "follow "
        text += (
            f"; an item may not {shares}an earlier item where "
            f"{condition(rule.later, names)}"
        )
    elif rule.later is not None:
        text += f"; a repeat counts only where {condition(rule.later, names)}"
    return text


def reference_words(rule: Rule, names: Names) -> str:
    """`containers[*].volumeMounts[*].name must each be one of the volumes[*].name
    values`; with `where`, a value that is none of them is another rule's business."""
    values = join(names.code(s.text) for s in rule.lists)
    key = rule.name_key
    suffix = f".{key.wire_path}" if key else ""
    target = join((names.code(s.text + suffix) for s in rule.names), "or")
    if rule.name_parts:  # `nameAs`: each name made of its item's fields
        made = names.pieces(rule.name_parts)
        items = join((names.selector(s) for s in rule.names), "or")
        where = "" if rule.where is None else f" where {condition(rule.where, names)}"
        other = "differ from" if rule.absent else "equal"
        every = "every" if rule.absent else "some"
        return f"{values} must each {other} {made} of {every} item of {items}{where}"
    where = "" if rule.where is None else condition(rule.where, names)
    if rule.absent:
        kept = f" of the items where {where}" if rule.where else ""
        return f"{values} must each be none of the {target} values{kept}"
    if rule.where is None:
        return f"{values} must each be one of the {target} values"
    owner = "one of those"
    if key is not None:
        items = join((names.selector(s) for s in rule.names), "or")
        owner = f"the {names.ref(key)} of an item of {items}"
    return f"each of {values} that is one of the {target} values must be {owner} where {where}"


def at_most_one_words(rule: Rule, names: Names) -> str:
    return f"at most one of {join(names.ref(f) for f in rule.fields)} may be set"


def at_least_one_words(rule: Rule, names: Names) -> str:
    return f"at least one of {join(names.ref(f) for f in rule.fields)} must be set"


def require_words(rule: Rule, names: Names) -> str:
    return f"{join(names.ref(f) for f in rule.fields)} must be set"


def forbid_words(rule: Rule, names: Names) -> str:
    return f"{join(names.ref(f) for f in rule.fields)} must not be set"


def assert_words(rule: Rule, names: Names) -> str:
    """The check as a requirement. The server skips it when its field is unset (after
    its default); that is said when an unset value would otherwise seem to fail and
    neither `when` nor the field's being required already rules it out."""
    assert rule.check is not None
    text = requirement(rule.check, names)
    subject = primary(rule.check)
    if (
        subject is not None
        and subject.steps
        and not subject.steps[-1].required
        and not has_default(subject)
        and fails_unset(rule.check)
        and not needs_set(rule.when, subject)
    ):
        text += f", unless {names.ref(subject)} is unset"
    return text


def compare_maps_words(rule: Rule, names: Names) -> str:
    assert rule.maps is not None
    totals = rule.maps.total
    wheres = [None if s.where is None else condition(s.where, names) for s in totals]
    return map_words(rule, names, wheres)


KIND_WORDS: dict[str, Callable[[Rule, Names], str]] = {
    "unique": unique_words,
    "reference": reference_words,
    "atMostOne": at_most_one_words,
    "atLeastOne": at_least_one_words,
    "require": require_words,
    "forbid": forbid_words,
    "assert": assert_words,
    "compareMaps": compare_maps_words,
}


# --- the sentence ----------------------------------------------------------------

# Names and values are marked while the sentence is built, so that its first word is
# capitalised only when it is not a name, then handed to the output's `code`.
_MARKED = re.compile("\x01(.*?)\x02", re.S)


def rule_sentence(rule: Rule, code: Code = plain) -> str:
    """The whole rule in one sentence: its objects (`each`), its condition (`when`)
    and what its kind asks. A condition on the host alone comes first: `When
    PodSpec.hostNetwork is true, for each item of containers[*].ports where ...`."""
    names = Names(lambda text: f"\x01{text}\x02", rule.host if rule.each else "")
    host_when, item_when = _split(rule.when) if rule.each else (None, rule.when)
    text = f"when {condition(host_when, names)}, " if host_when else ""
    if rule.each is not None:
        text += f"for {names.visit(rule.each)}"
        if item_when is not None:
            text += f" where {condition(item_when, names)}"
        text += ": "
    elif item_when is not None:
        text += f"when {condition(item_when, names)}, "
    text += KIND_WORDS[rule.kind](rule, names) + "."
    if rule.is_warning:
        text = _advice(text)
    text = text[:1].upper() + text[1:]
    return _MARKED.sub(lambda m: code(m.group(1)), text)


def _advice(text: str) -> str:
    """A warning's words: it never fails validation, so what it asks `should` hold."""
    parts = _MARKED.split(text)
    for n in range(0, len(parts), 2):  # the words between names
        advice = re.sub(r"\b(must|may)\b", "should", parts[n])
        parts[n] = advice.replace(" are unique", " should be unique")
    return "".join(p if n % 2 == 0 else f"\x01{p}\x02" for n, p in enumerate(parts))


def _split(when: Predicate | None) -> tuple[Predicate | None, Predicate | None]:
    """(the part about the host alone, the rest) of a condition."""
    if when is None:
        return None, None
    parts = when.parts if isinstance(when, Join) and when.op == "all" else (when,)
    host = [p for p in parts if all(r.base == "host" and r.steps for r in refs(p))]
    rest = [p for p in parts if p not in host]
    return _all(host), _all(rest)


def _all(parts: list[Predicate]) -> Predicate | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Join("all", tuple(parts))


# What the server's text fills in besides the rule's fields (`Rule.fills`).
_RESERVED = ("value", "resource", "limit", "earlier", "total")


def rule_message(rule: Rule) -> str:
    """The server's message as `Rule.message_shape` gives it, with what the text fills
    in as `<name>` (`<value>`, `<terminationGracePeriodSeconds>`); a warning is its
    detail alone, as `warnings.go` writes it."""
    text = rule.message_shape
    joined = (name for name, _, _ in rule.joins)
    for name in (*_RESERVED, *(name for name, _ in rule.fills), *joined):
        shown = "value" if name == "@" else name.removeprefix("$.")
        text = text.replace("{" + name + "}", f"<{shown}>")
    return text
