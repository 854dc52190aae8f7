"""The spec's editor data in the model: named formats, resolved where fields name them,
and snippets; and the one sentence that sums up a field's format.

A value format is explained once, in the spec: the description of its type (Quantity,
IntOrString, Time) or of its named format. Its first sentence is its summary, which
every output that mentions the format at a field repeats (the schema's hovers, the SDK's
docstrings) with a link to the one explanation, the docs' section.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from podspec_gen.model.kinds import IntOrString, Quantity, Time
from podspec_gen.model.naming import first_sentence
from podspec_gen.model.types import Field, Format, Snippet, Spec
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
                fmt.name,
                fmt.pattern,
                fmt.message,
                fmt.description,
                fmt.source,
                fmt.server,
                fmt.server_checks_empty,
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
            elif field.format_judges_empty and not _has_words(formats, field.format):
                problems.append(
                    Problem(
                        field.mark_of("formatJudgesEmpty"),
                        f"field '{t.name}.{field.name}': 'formatJudgesEmpty' needs "
                        f"the server's words of format '{field.format}' ('server:')",
                    )
                )
    return formats


def _has_words(formats: dict[str, Format], name: str | None) -> bool:
    """Whether the format says the server's words (`server:`); an unknown or
    left-out one is reported as such."""
    return name not in formats or bool(formats[name].server)


def snippets(raw: Iterable[RawSnippet]) -> tuple[Snippet, ...]:
    return tuple(Snippet(s.label, s.description, s.body) for s in raw)


@dataclass(frozen=True)
class FormatNote:
    """What a field's format is, in one sentence, and where it is explained: a type's
    section (`Quantity`) or a named format's (`k8s-short-name`)."""

    summary: str
    type_name: str | None = None
    format_name: str | None = None

    @property
    def title(self) -> str:
        """How a link to the explanation reads: `Quantity`, `format k8s-short-name`."""
        return self.type_name or f"format {self.format_name}"


def format_note(spec: Spec, field: Field) -> FormatNote | None:
    """The note on a field's format (of its items, for a list or map), or None when
    its values have none: a quantity, an int-or-string, a time or a named format."""
    element = field.kind.element
    if isinstance(element, Quantity | IntOrString | Time):
        return FormatNote(spec.type(element.name).summary, type_name=element.name)
    if field.format is not None:
        summary = first_sentence(field.format.description)
        return FormatNote(summary, format_name=field.format.name)
    return None
