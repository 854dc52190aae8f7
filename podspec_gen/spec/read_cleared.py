"""A manifest kind's `serverClears`: the pod spec fields the API server empties in the
kind's pod template before it validates it, because the kind's controller sets them in
every pod it makes (a StatefulSet's `hostname` and `subdomain`). The outputs skip
those fields' checks in that kind and keep the values as written."""

from __future__ import annotations

from podspec_gen.spec.errors import Mark, Problem
from podspec_gen.spec.shape import Entry, Key, one_line, read_mapping, string_list
from podspec_gen.spec.yaml_source import YMap

_KEYS = {
    "source": Key(one_line, required=True),
    "fields": Key(string_list, required=True),
}


def read_cleared(
    entry: Entry | None, what: str, problems: list[Problem]
) -> tuple[tuple[str, ...], str | None, Mark | None]:
    """The fields, the source that states it, and where the fields are written;
    nothing when not written."""
    if entry is None:
        return (), None, None
    assert isinstance(entry.value, YMap)
    here = f"{what}: 'serverClears'"
    found: list[Problem] = []
    entries = read_mapping(entry.value, _KEYS, here, found)
    problems.extend(found)
    if entries is None or found:
        return (), None, None
    fields = entries["fields"].value
    source = entries["source"].value
    assert isinstance(fields, tuple) and isinstance(source, str)
    if not fields or len(set(fields)) != len(fields):
        problems.append(
            Problem(entries["fields"].mark, f"{here}: fields: one or more, each once")
        )
        return (), None, None
    return tuple(str(f) for f in fields), source, entries["fields"].mark
