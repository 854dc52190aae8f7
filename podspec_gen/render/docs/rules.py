"""The docs' Rules blocks: each rule in words, with the server's message and the Go
function, and, for each field, the rules that mention it.

The sentence and the message are the model's (`podspec_gen.model.rules.words`); this
module makes them the blocks' lines and finds which fields each rule reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from podspec_gen.model.kinds import ObjectRef
from podspec_gen.model.rules.vocab import (
    Compare,
    Indexes,
    Join,
    Length,
    Predicate,
    Ref,
    Rule,
    Selector,
    Step,
)
from podspec_gen.model.rules.words import rule_message, rule_sentence
from podspec_gen.model.types import Spec
from podspec_gen.render.docs.text import flat, item, spare_md011, wrap

FieldKey = tuple[str, str]  # (type name, wire name)


def code_span(text: str) -> str:
    """`text` as a code span, whatever backticks it holds: the fence is one longer
    than its longest run of them, and padded where the text starts or ends with one."""
    longest, run = 0, 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def rule_words(rule: Rule) -> str:
    """The rule's sentence as one line of prose, names and values as code."""
    return flat(rule_sentence(rule, code_span))


def rule_message_text(rule: Rule) -> str:
    """The server's message, as code: it is quoted exactly, never reflowed. A rule
    worded by its format gives one message for each of the format's checks failed."""
    if (words := rule.worded_by) is not None:
        shape = code_span(f"{rule.heading}: <value>: <words>")
        checks = f"the format {code_span(words.name)}'s server checks"
        return f"{shape}, in the words of each of {checks} the value fails"
    return code_span(" ".join(rule_message(rule).split()))


def rule_source_text(rule: Rule) -> str:
    """`pkg/apis/core/validation/validation.go validateHandler` as the Go function
    (or the chain of calls to it) and, after it, its file."""
    path, _, functions = rule.source.partition(" ")
    if not functions:
        return code_span(path)
    return f"{code_span(functions)} in {code_span(path)}"


def rule_level(rule: Rule) -> str:
    """The badge of a rule's level, as the field blocks' badges read."""
    return "⚠️ **warning**" if rule.is_warning else "⛔ **error**"


def rule_body(rule: Rule) -> str:
    """What follows a rule's title line: its sentence as a paragraph, then the server's
    message and the Go function as list items (the lint pragma first, if needed)."""
    lines = [
        *wrap(rule_words(rule)).splitlines(),
        "",
        *item(f"**Server's message:** {rule_message_text(rule)}").splitlines(),
        *item(f"**Source:** {rule_source_text(rule)}").splitlines(),
    ]
    if rule.server_path in _SERVER_PATHS:
        lines += item(_SERVER_PATHS[rule.server_path]).splitlines()
    elif rule.server_path:
        spelled = _PLACEHOLDER.sub(_placeholder, rule.server_path)
        said = f"**Path:** the server's, {code_span(spelled)} from the {rule.host}"
        lines += item(said).splitlines()
    if rule.server_names:
        names = ", ".join(
            f"{code_span(server)} for {code_span(own)}"
            for own, server in rule.server_names
        )
        lines += item(
            f"**Path:** the server's names for some fields: {names}"
        ).splitlines()
    return spare_md011(lines)


# A spelled server path's placeholders, as a reader reads them: `[{1}]` the first
# index (i), `[{2}]` the second (j), `[{key}]` the resource name compared.
_PLACEHOLDER = re.compile(r"\{([1-9]|key)\}")


def _placeholder(match: re.Match[str]) -> str:
    found = match[1]
    return "name" if found == "key" else "ijklmnopq"[int(found) - 1]


_SERVER_PATHS = {
    "noIndex": "**Path:** the server's, without the item's index"
    " (`volumeMounts.subPath`, not `volumeMounts[0].subPath`)",
    "list": "**Path:** the server's, the list itself"
    " (`resizePolicy`, not `resizePolicy[0].restartPolicy`)",
    "noList": "**Path:** the server's, without the list and the item's index"
    " (`downwardAPI.fieldRef`, not `downwardAPI.items[0].fieldRef`)",
    "noItem": "**Path:** the server's, without the list, the item's index and the"
    " item's field (`projected.path`, not"
    " `projected.sources[0].serviceAccountToken.path`)",
    "parent": "**Path:** the server's, the object or map that holds the field"
    " (`nodeSelector`, not `nodeSelector[zone]`)",
    "host": "**Path:** the server's, the object this rule is on",
}


def tie_body(rule: Rule) -> str:
    """A tie rule's sentence on the Workloads page (its message and source are in its
    host's Rules block, which the title links)."""
    return spare_md011(wrap(rule_words(rule)).splitlines())


def rule_field_keys(spec: Spec, rule: Rule) -> tuple[FieldKey, ...]:
    """The fields a rule concerns, each once, in the order the rule names them."""
    return tuple(dict.fromkeys(rule_fields(spec, rule)))


def rules_estimate(rules: Iterable[Rule]) -> int:
    """A generous estimate of a Rules block's size in bytes, as the pages' estimates."""
    size = 0
    for r in rules:
        size += 300 + 3 * len(r.id) + len(r.detail) + len(r.source)
        size += 60 * (len(r.fields) + len(r.lists) + len(r.key) + len(r.names) + 3)
    return size


def mentions(spec: Spec) -> dict[FieldKey, tuple[str, ...]]:
    """For each field, the ids of the rules that read it or step through it, in spec
    order: `(Container, ports)` is mentioned by a rule about `containers[*].ports[*]`.
    """
    found: dict[FieldKey, list[str]] = {}
    for rule in spec.rules:
        for key in dict.fromkeys(rule_fields(spec, rule)):
            found.setdefault(key, []).append(rule.id)
    return {key: tuple(ids) for key, ids in found.items()}


def rule_fields(spec: Spec, rule: Rule) -> Iterator[FieldKey]:
    """Every field a rule's references and selectors name, with the type it is in."""
    walk = _Walker(spec, rule.host)
    item = rule.each.type_name if rule.each else rule.host
    start = item or rule.host
    if rule.each:
        yield from walk.selector(rule.each)
        walk.owner = walk.holder(rule.each)
    for ref in (*rule.fields, *(r for _, r in rule.fills), rule.at):
        yield from walk.ref(ref, item)
    for pred in (rule.when, rule.check):
        yield from walk.predicate(pred, item)
    for selector in (*rule.lists, *rule.names):
        yield from walk.selector(selector, start)
    items = (rule.names or rule.lists or (None,))[0]
    within = items.type_name if items else None
    parts = [p for p in rule.name_parts if not isinstance(p, str)]
    for ref in (*rule.key, rule.name_key, *parts):
        yield from walk.ref(ref, within)
    yield from walk.predicate(rule.where, within)
    if rule.maps is not None:
        total = rule.maps.total
        for summed in total:
            yield from walk.selector(summed.selector, start)
            yield from walk.predicate(summed.where, summed.selector.type_name)
        left_in = total[0].selector.type_name if total else start
        yield from walk.ref(rule.maps.left, left_in)
        yield from walk.ref(rule.maps.right, start)


class _Walker:
    def __init__(self, spec: Spec, host: str) -> None:
        self.types = {t.name: t for t in spec.types}
        self.host = host
        self.owner: str | None = None  # what `@owner.` reads from

    def holder(self, selector: Selector) -> str | None:
        """The type holding the last list or map the selector steps into."""
        found = list(self.steps(self.host, selector.steps))
        return found[-1][0] if len(found) == len(selector.steps) else None

    def steps(self, start: str | None, steps: tuple[Step, ...]) -> Iterator[FieldKey]:
        current = start
        for step in steps:
            typedef = self.types.get(current or "")
            if typedef is None:
                return
            yield typedef.name, step.wire
            field = next(f for f in typedef.fields if f.wire_name == step.wire)
            element = field.kind.element
            current = element.ref if isinstance(element, ObjectRef) else None

    def ref(self, ref: Ref | None, item: str | None) -> Iterator[FieldKey]:
        if ref is not None:
            start = {"host": self.host, "owner": self.owner}.get(ref.base, item)
            yield from self.steps(start, ref.steps)

    def selector(
        self, selector: Selector, start: str | None = None
    ) -> Iterator[FieldKey]:
        begin = self.host if selector.base == "host" else start or self.host
        yield from self.steps(begin, selector.steps)

    def predicate(self, pred: Predicate | None, item: str | None) -> Iterator[FieldKey]:
        if isinstance(pred, Join):
            for part in pred.parts:
                yield from self.predicate(part, item)
        elif pred is not None:
            yield from self.ref(pred.ref, item)
            if isinstance(pred, Compare | Indexes):
                yield from self.ref(pred.other, item)
            if isinstance(pred, Length):
                for read in pred.parts:
                    if not isinstance(read, str):
                        yield from self.ref(read, item)


def field_rules(
    found: Mapping[FieldKey, tuple[str, ...]], owner: str, wire: str
) -> tuple[str, ...]:
    return found.get((owner, wire), ())
