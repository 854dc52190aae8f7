"""Feature gates as spec data: each gated field says its gate, stage and v1.37 default
in every output, and the spec's gates are what kube_features.go calls them."""

from __future__ import annotations

import json

import podspec
from conftest import GENERATED, model

SPEC = model()
GATED = [(t, f) for t in SPEC.types for f in t.fields if f.gate is not None]


def test_the_gated_fields_name_their_gates() -> None:
    names = {f.gate.name for _, f in GATED if f.gate is not None}
    assert {"ContainerStopSignals", "PodLevelResources", "EnvFiles"} <= names
    assert {g.name for g in SPEC.gates} >= names
    for gate in SPEC.gates:
        assert gate.source.startswith("pkg/features/kube_features.go")
        assert gate.stage in ("alpha", "beta", "GA", "deprecated")


def test_an_alpha_gate_is_off_and_says_the_server_drops_the_field() -> None:
    for _, f in GATED:
        assert f.gate is not None
        if f.gate.stage == "alpha":
            assert not f.gate.default
        expected = "on by default in v1.37" if f.gate.default else "drops this field"
        assert expected in f.gate.text


def test_every_output_shows_the_gate() -> None:
    schema = json.loads((GENERATED / "jsonschema" / "podspec.schema.json").read_text())
    # The docs wrap their prose: compare it with single spaces.
    docs = " ".join(
        " ".join(p.read_text().split()) for p in (GENERATED / "docs").glob("*.md")
    )
    for t, f in GATED:
        assert f.gate is not None
        hover = schema["$defs"][t.name]["properties"][f.wire_name][
            "markdownDescription"
        ]
        assert f.gate.text in hover, (t.name, f.wire_name)
        assert f.gate.text in docs
        assert f.gate.text.split(":")[0] in (
            getattr(podspec, t.name).__doc__ or ""
        ) + str(_attribute_doc(t.name, f.python_name))


def _attribute_doc(cls: str, attribute: str) -> str:
    import inspect

    source = inspect.getsource(getattr(podspec, cls))
    start = source.index(f"    {attribute}:")
    return source[start : source.index('"""', source.index('"""', start) + 3)]
