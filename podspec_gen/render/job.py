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
    """Parse rendered JSON back (so a template slip fails here) and print it canonically."""
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
    # What `json.dumps(data, indent=2, ensure_ascii=False)` prints (a test holds it to
    # that), three times as fast: json's encoder indents in Python, so the C encoder
    # writes compact JSON and msgspec lays it out in C, changing whitespace only.
    compact = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        return msgspec.json.format(compact, indent=2) + "\n"
    except UnicodeEncodeError:  # a lone surrogate has no UTF-8 form; json writes it
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
