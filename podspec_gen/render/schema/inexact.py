"""What the plain-JSON-Schema rule forms share: the schema type, and the signal that a
part of a rule has no exact form."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


class Inexact(Exception):
    """JSON Schema cannot state this part of a rule exactly."""
