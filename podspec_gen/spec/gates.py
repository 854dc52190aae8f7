"""Read the spec's `featureGates:` table: each gate's stage and its default in the
release the spec describes, so the facts behind a gate say so and are judged by it."""

from __future__ import annotations

import re

from podspec_gen.spec.errors import Problem
from podspec_gen.spec.records import RawGate
from podspec_gen.spec.shape import Entry, Key, boolean, one_line, one_of, read_mapping
from podspec_gen.spec.yaml_source import YMap

GATE_KEYS = {
    "stage": Key(one_of("alpha", "beta", "GA", "deprecated"), required=True),
    "default": Key(boolean, required=True),
    "source": Key(one_line, required=True),
}
# Go's feature names: PascalCase (kube_features.go).
_GATE_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")


def read_gates(
    entry: Entry | None, display: str, problems: list[Problem]
) -> tuple[RawGate, ...]:
    if entry is None:
        return ()
    assert isinstance(entry.value, YMap)
    gates = []
    for key, body in entry.value.items:
        name = key.value
        if not isinstance(name, str) or not _GATE_NAME.fullmatch(name):
            problems.append(
                Problem(
                    key.mark,
                    f"{display}: feature gate {name!r} must be named as "
                    "kube_features.go names it (PascalCase)",
                )
            )
            continue
        before = len(problems)
        found = read_mapping(body, GATE_KEYS, f"feature gate '{name}'", problems)
        if found is None or len(problems) > before:
            continue
        default = found["default"].value
        assert isinstance(default, bool)
        stage, source = found["stage"].value, found["source"].value
        assert isinstance(stage, str) and isinstance(source, str)
        gates.append(RawGate(name, stage, default, source, key.mark))
    return tuple(gates)
