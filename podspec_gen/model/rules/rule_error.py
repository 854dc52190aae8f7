"""The error a rule that does not fit the spec's types raises while it is built."""

from __future__ import annotations

from podspec_gen.spec.errors import Mark


class RuleError(Exception):
    """A rule that does not fit the spec's types, at the mark of its mistake."""

    def __init__(self, mark: Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
