"""A named format as a rule reads it (`{field: f, format: name}`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FormatWords:
    """A named format as a rule reads it: its name, what it wants, and the server's
    own checks in its order (model.types.Format.server), each failed one a problem."""

    name: str
    message: str
    checks: tuple[tuple[str, object, str, str], ...]
