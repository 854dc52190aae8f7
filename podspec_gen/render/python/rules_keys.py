"""Rules about a map's key alone, checked once per key text.

Resource names repeat from container to container and from manifest to manifest
(`cpu`, `memory`), and a requests or limits entry meets up to five rules about its name
alone, each one or two pattern lookups. A key that passed them all is kept in a bounded
set per group (`_K<n>`, filled by `_rt.keep`), and the group is skipped for it after
that. A key that broke one is never kept, so its problems are reported every time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from podspec_gen.model.rules.vocab import (
    Among,
    IsSet,
    Join,
    Matches,
    Predicate,
    Rule,
    Test,
)
from podspec_gen.render.python.rules_emit import Emitter


def about_key(rule: Rule) -> bool:
    """Whether the rule's verdict depends on the map key alone (its report may show
    more): an error `assert` whose predicates read only `@key`."""
    if rule.kind != "assert" or rule.is_warning or rule.check is None:
        return False
    return _reads_key(rule.check) and (rule.when is None or _reads_key(rule.when))


def _reads_key(pred: Predicate) -> bool:
    if isinstance(pred, Join):
        return all(_reads_key(p) for p in pred.parts)
    if isinstance(pred, Matches):
        return pred.ref.base == "key" and not pred.fills
    if isinstance(pred, Among | Test | IsSet):
        return pred.ref.base == "key"
    return False  # comparisons and selectors read other values


def runs(rules: list[Rule], keyed: bool) -> Iterator[list[Rule]]:
    """The rules in order, in runs: each run of two or more consecutive rules about
    the key alone together (when the items are a map's values), every other rule on
    its own. Only consecutive rules are joined, so problems keep the spec's order."""
    run: list[Rule] = []
    for rule in rules:
        if keyed and about_key(rule):
            run.append(rule)
            continue
        yield from _flush(run)
        run = []
        yield [rule]
    yield from _flush(run)


def _flush(run: list[Rule]) -> Iterator[list[Rule]]:
    if len(run) > 1:
        yield run
    else:
        yield from ([r] for r in run)


def once_per_key(em: Emitter, key: str, body: Callable[[], None]) -> None:
    """`body` (the rules of one run) unless `key` already passed them."""
    memo = em.memo()
    count = em.fresh("n")

    def guarded() -> None:
        em.line(f"{count} = len(e)")
        body()
        em.block(f"if len(e) == {count}:", lambda: em.line(f"_rt.keep({memo}, {key})"))

    em.block(f"if not (type({key}) is str and {key} in {memo}):", guarded)
