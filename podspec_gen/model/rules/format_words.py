"""A named format as a rule reads it (`{field: f, format: name}`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FormatWords:
    """A named format as a rule reads it: its name, whose server checks (the
    runtime's SERVER_WORDS) word a failure, and what it wants (CEL's message)."""

    name: str
    message: str
