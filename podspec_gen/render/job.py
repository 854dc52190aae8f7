"""A rendered file's recipe (`Job`), the error a render raises, and the JSON check every
JSON output goes through. The renderers build jobs; `podspec_gen.render` runs them."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec


@dataclass(frozen=True)
class Job:
    """One file to write: its path under the output folder and how to render it."""

    path: str
    template: str
    context: dict[str, Any]
    post: Callable[[str], str] | None = None


class RenderError(Exception):
    pass


def canonical_json(text: str) -> str:
    """Parse rendered JSON back (so a template slip fails here) and lay it out with
    two-space indents, as `json.dumps(data, indent=2, ensure_ascii=False)` prints it.

    msgspec checks and lays out the text in C, changing whitespace only, so the
    templates write every value as json does (they do: `tests/test_benchmarks.py`
    holds every committed JSON output to json's own form). That is some ten times as
    fast as json's round trip (whose encoder indents in Python), which remains for
    what msgspec refuses: it names the line of a template slip, and writes a lone
    surrogate, which has no UTF-8 form.
    """
    try:
        return msgspec.json.format(text, indent=2) + "\n"
    except (msgspec.DecodeError, UnicodeEncodeError):
        pass
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        line = (
            text.splitlines()[exc.lineno - 1]
            if exc.lineno <= len(text.splitlines())
            else ""
        )
        raise RenderError(
            f"rendered JSON is invalid at line {exc.lineno}: {exc.msg}: {line.strip()}"
        ) from None
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
