"""The feature gates the spec names, checked: a field behind a gate says so in every
output, and a gate no field can find is a located mistake."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from podspec_gen.model.types import FeatureGate
from podspec_gen.spec.errors import Problem
from podspec_gen.spec.records import RawSpec, RawType


def read_gates(
    raw: RawSpec, types: Iterable[RawType], problems: list[Problem]
) -> dict[str, FeatureGate]:
    gates: dict[str, FeatureGate] = {}
    for f in raw.files:
        for gate in f.gates:
            if gate.name in gates:
                problems.append(
                    Problem(gate.mark, f"feature gate '{gate.name}' is listed twice")
                )
                continue
            gates[gate.name] = FeatureGate(
                gate.name, gate.stage, gate.default, gate.source, raw.root.kubernetes
            )
    for t in types:
        for field in t.fields:
            if field.gate is not None and field.gate not in gates:
                close = difflib.get_close_matches(field.gate, list(gates), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(
                    Problem(
                        field.mark_of("gate"),
                        f"field '{t.name}.{field.name}': unknown feature gate "
                        f"'{field.gate}'{hint}",
                    )
                )
    return gates
