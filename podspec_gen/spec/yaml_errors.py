"""Say where malformed YAML went wrong, as an author would look for it.

PyYAML often notices a mistake lines after it was made: an unclosed quote or bracket at
the end of the file, a key without its ':' at the next line's ':'. The message then
points where the quote, bracket or key began and says where the parser gave up.
"""

from __future__ import annotations

import yaml

from podspec_gen.spec.errors import Mark, Problem

_OPENED = {
    "while scanning a quoted scalar": "the quoted string opened here is not closed",
    "while parsing a flow sequence": "the '[' list opened here is not closed",
    "while parsing a flow mapping": "the '{' mapping opened here is not closed",
    "while scanning a simple key": "this key has no ':'",
}


def yaml_mark(name: str, mark: yaml.Mark | None) -> Mark:
    if mark is None:
        return Mark(name, 1, 1)
    return Mark(name, mark.line + 1, mark.column + 1)


def malformed(
    exc: yaml.MarkedYAMLError, name: str, text: str, loader: type[yaml.SafeLoader]
) -> Problem:
    """The located problem of a YAML syntax error in `text`."""
    problem, context = exc.problem_mark, exc.context_mark
    message = exc.problem or exc.context or "malformed YAML"
    if problem is not None:
        noticed = yaml_mark(name, problem)
        at = f"at line {noticed.line}, column {noticed.col}"
        if (
            exc.context in _OPENED
            and context is not None
            and problem.line > context.line
        ):
            return Problem(
                yaml_mark(name, context),
                f"malformed YAML: {_OPENED[exc.context]} ({message} {at})",
            )
        if message.startswith("mapping values are not allowed"):
            start = _runaway_scalar(text, problem.line, loader)
            if start is not None:
                return Problem(
                    Mark(name, start[0] + 1, start[1] + 1),
                    "malformed YAML: this text runs on to the ':' "
                    f"{at}; is a ':' missing after a key here?",
                )
    if exc.context and context is not None and problem is not None:
        start_mark = yaml_mark(name, context)
        message += (
            f" ({exc.context} at line {start_mark.line}, column {start_mark.col})"
        )
    return Problem(yaml_mark(name, problem or context), f"malformed YAML: {message}")


def _runaway_scalar(
    text: str, problem_line: int, loader: type[yaml.SafeLoader]
) -> tuple[int, int] | None:
    """The 0-based start of a plain scalar that spans lines into the misplaced ':',
    which is what a key without its ':' followed by a nested mapping reads as."""
    start: tuple[int, int] | None = None
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, yaml.ScalarToken):
                start = (int(token.start_mark.line), int(token.start_mark.column))
    except yaml.YAMLError:
        pass
    if start is None or start[0] >= problem_line:
        return None
    return start
