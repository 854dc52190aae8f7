"""Check a group's `example`: the YAML text of a pod spec, printed in the docs as is.

Its mistakes are reported at their line and column in the spec file itself, so the
author lands on the broken line of the example, not on `example: |`.
"""

from __future__ import annotations

import yaml

from podspec_gen.spec.errors import Mark, Problem
from podspec_gen.spec.shape import Entry
from podspec_gen.spec.yaml_errors import malformed
from podspec_gen.spec.yaml_source import LOADER


def check_example(
    entry: Entry, display: str, source: str, problems: list[Problem]
) -> None:
    """`entry` is the example's value in spec file `source`; it must parse to a
    mapping."""
    text = entry.value
    assert isinstance(text, str)
    try:
        loaded = yaml.load(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        inner = malformed(exc, display, text, LOADER)
        message = inner.message.removeprefix("malformed YAML: ")
        problems.append(
            Problem(
                _in_file(inner.mark, entry.mark, source.splitlines()),
                f"'example' is not valid YAML: {message}",
            )
        )
        return
    except yaml.YAMLError as exc:
        problems.append(Problem(entry.mark, f"'example' is not valid YAML: {exc}"))
        return
    if not isinstance(loaded, dict):
        problems.append(
            Problem(
                entry.mark,
                "'example' must be the YAML text of a pod spec (a mapping such as "
                "'containers: [...]')",
            )
        )


def _in_file(inner: Mark, value: Mark, lines: list[str]) -> Mark:
    """Where position `inner` of a literal block (`|`) starting at `value` is in the
    file; its lines are the file's, less one indentation. Other styles fold or
    escape their text, so there the value's own position is the best answer."""
    opener = lines[value.line - 1][value.col - 1 :] if value.line <= len(lines) else ""
    if not opener.startswith("|"):
        return value
    content = lines[value.line :]
    indent = next(
        (len(line) - len(line.lstrip(" ")) for line in content if line.strip()), 0
    )
    return Mark(value.file, value.line + inner.line, indent + inner.col)
