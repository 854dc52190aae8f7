"""The loop of a pairwise unique rule (`^.` in its `later`): each item against every
earlier item of its key, as warnings.go compares each port with those before it."""

from __future__ import annotations

from collections.abc import Callable

from podspec_gen.model.rules.vocab import Rule
from podspec_gen.render.python.rules_values import Reader


def pairs(
    code: Reader,
    rule: Rule,
    seen: str,
    key: str,
    item: tuple[str, str],
    report: Callable[[str], None],
) -> None:
    """The item (its local and its path's) is reported once for each earlier item of
    its key that `later` holds with (`report: once`: for the first of them only);
    `report` gets that item's path."""
    later, once = rule.later, rule.report == "once"
    assert later is not None
    # Without a key every item meets every earlier one: one group.
    key = key if rule.key else "0"
    em, (y, py) = code.em, item
    z, pz = em.fresh("z"), em.fresh("pz")

    def each_earlier() -> None:
        code.earlier = z

        def clash() -> None:
            report(pz)
            if once:
                em.line("break")

        em.block(f"if {code.pred(later, y)}:", clash)
        code.earlier = ""
        code.memo.clear()  # what the test bound belongs to this pair alone

    # An earlier item's path is read only by a detail that names it (as `fail` does).
    kept = pz if "{earlier}" in rule.detail else "_"

    def repeat() -> None:
        em.block(f"for {z}, {kept} in {seen}[{key}]:", each_earlier)
        em.line(f"{seen}[{key}].append(({y}, {py}))")

    em.block(f"if {key} in {seen}:", repeat)
    em.block("else:", lambda: em.line(f"{seen}[{key}] = [({y}, {py})]"))
