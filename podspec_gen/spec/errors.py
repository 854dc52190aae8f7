"""Spec problems carry their source position so every message reads `file:line:col: ...`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Mark:
    """A 1-based position in a spec file, as editors and compilers print it."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    mark: Mark
    message: str

    def __str__(self) -> str:
        return f"{self.mark}: {self.message}"


class SpecError(Exception):
    """Raised with every problem found, so one run reports them all."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems))

    def report(self, consequence: str = "") -> str:
        """Every problem on its line, then the count, as the commands print them."""
        count = len(self.problems)
        tail = f"podspec-gen: {count} problem{'s' if count != 1 else ''} in the spec"
        return "\n".join([*map(str, self.problems), tail + consequence])
