"""A small writer of indented Python, and the loops that visit a rule's selector.

Nested control flow is built in Python rather than in Jinja, where the indentation of
generated Python is hard to keep right; black lays the result out afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from podspec_gen.model.rules.vocab import Selector

Body = Callable[[str, str], None]  # (variable, path expression) -> emits code


@dataclass
class Emitter:
    regexes: dict[str, str]  # pattern -> constant name
    lines: list[str] = field(default_factory=list)
    depth: int = 1
    counter: int = 0
    keys: dict[str, str] = field(default_factory=dict)  # map value var -> key var

    def line(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    def block(self, header: str, body: Callable[[], None]) -> None:
        self.line(header)
        self.depth += 1
        body()
        self.depth -= 1


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

    def go(index: int, current: str, where: str) -> None:
        if index == len(steps):
            body(current, where)
            return
        step = steps[index]
        v = em.fresh("v")
        em.line(f"{v} = {step.read(current)}")
        here = f"({where}, {step.wire!r})"
        if not step.each:
            em.block(f"if {v} is not None:", lambda: go(index + 1, v, here))
            return
        i, y = em.fresh("i"), em.fresh("y")
        loop = f"enumerate({v})" if step.each == "list" else f"{v}.items()"
        if not paths:
            loop = v if step.each == "list" else f"{v}.values()"

        if step.each == "map":
            em.keys[y] = i

        def item() -> None:
            em.block(f"if {y} is not None:", lambda: go(index + 1, y, f"({here}, {i})"))

        em.block(
            f"if {v} is not None:",
            lambda: em.block(f"for {f'{i}, ' if paths else ''}{y} in {loop}:", item),
        )

    go(0, var, path)
