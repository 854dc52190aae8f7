"""The spec's editor data in the model: named formats, resolved where fields name them,
and snippets."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from podspec_gen.model.types import Format, Snippet
from podspec_gen.spec.errors import Problem
from podspec_gen.spec.records import RawSnippet, RawSpec, RawType


def read_formats(
    raw: RawSpec, types: Iterable[RawType], problems: list[Problem]
) -> dict[str, Format]:
    """Every named format, by name; a duplicate, or a field naming an unknown one, is a
    located problem."""
    formats: dict[str, Format] = {}
    first: dict[str, str] = {}
    for f in raw.files:
        for fmt in f.formats:
            if fmt.name in formats:
                problems.append(
                    Problem(
                        fmt.mark,
                        f"format '{fmt.name}' is defined twice (first in {first[fmt.name]})",
                    )
                )
                continue
            formats[fmt.name] = Format(
                fmt.name, fmt.pattern, fmt.message, fmt.description, fmt.source
            )
            first[fmt.name] = str(fmt.mark)
    reported = {name for f in raw.files for name in f.left_out_formats}
    for t in types:
        for field in t.fields:
            if field.format is not None and field.format not in {*formats, *reported}:
                close = difflib.get_close_matches(field.format, list(formats), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(
                    Problem(
                        field.mark_of("format"),
                        f"field '{t.name}.{field.name}': unknown format "
                        f"'{field.format}'{hint}; formats are declared under "
                        "'formats:' in a spec file",
                    )
                )
    return formats


def snippets(raw: Iterable[RawSnippet]) -> tuple[Snippet, ...]:
    return tuple(Snippet(s.label, s.description, s.body) for s in raw)
