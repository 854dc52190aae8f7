"""Wire (camelCase) names become the right, unique, valid Python names, and the SDK uses them."""

from __future__ import annotations

import dataclasses
import importlib.util
import keyword
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import SPEC, TEMPLATES, model

from podspec_gen.model.naming import RESERVED, constant, pascal, python_name
from podspec_gen.model.types import Field, Spec, TypeDef
from podspec_gen.pipeline import generate_files
from podspec_gen.write import write


@pytest.mark.parametrize(
    ("wire", "python"),
    [
        # acronyms, singular and plural
        ("hostIPC", "host_ipc"),
        ("hostPID", "host_pid"),
        ("podIPs", "pod_ips"),  # a PodStatus field; not in the spec
        ("hostIPs", "host_ips"),  # made up: plural acronym in the middle of nowhere
        ("targetWWNs", "target_wwns"),
        ("setHostnameAsFQDN", "set_hostname_as_fqdn"),
        ("volumeID", "volume_id"),
        ("diskURI", "disk_uri"),
        ("hostIP", "host_ip"),
        ("podIPsFromNode", "pod_ips_from_node"),  # made up: plural acronym, then words
        ("URLs", "urls"),  # made up: a name that is only a plural acronym
        # ordinary camelCase, including short words that look like acronyms
        ("fsGroup", "fs_group"),
        ("seLinuxOptions", "se_linux_options"),
        ("scaleIO", "scale_io"),
        ("readOnly", "read_only"),
        ("name", "name"),
        ("terminationGracePeriodSeconds", "termination_grace_period_seconds"),
        # keywords and soft keywords get a trailing underscore
        ("from", "from_"),
        ("not", "not_"),
        ("continue", "continue_"),
        ("class", "class_"),
        ("match", "match"),  # soft keywords are valid attribute names
        ("type", "type"),  # a soft keyword only since 3.12; must stay `type` here
        # names the generated classes use for their own members
        ("toDict", "to_dict_"),
        ("fromDict", "from_dict_"),
        ("fromYaml", "from_yaml_"),
    ],
)
def test_python_name(wire: str, python: str) -> None:
    assert python_name(wire) == python


@pytest.mark.parametrize("wire", ["_", "$ref", "to_dict", "host-ip"])
def test_names_that_are_not_camel_case_are_refused(wire: str) -> None:
    with pytest.raises(ValueError, match="cannot derive a Python name from"):
        python_name(wire)


def test_derived_identifiers() -> None:
    assert pascal("imagePullPolicy") == "ImagePullPolicy"
    assert constant("ContainerPort") == "CONTAINER_PORT"
    assert constant("PodDNSConfig") == "POD_DNS_CONFIG"


@pytest.fixture(scope="module")
def spec() -> Spec:
    return model()


def object_types(spec: Spec) -> list[TypeDef]:
    return [t for t in spec.types if t.is_object]


def test_every_field_gets_a_unique_valid_python_name(spec: Spec) -> None:
    problems = []
    checked = 0
    for t in spec.types:
        seen: dict[str, str] = {}
        for f in t.fields:
            checked += 1
            py = python_name(f.wire_name)
            where = f"{t.name}.{f.wire_name} -> {py!r}"
            if f.python_name != py:
                problems.append(f"{where}: the model says {f.python_name!r}")
            if not py.isidentifier():
                problems.append(f"{where}: not an identifier")
            if keyword.iskeyword(py) or keyword.issoftkeyword(py):
                problems.append(f"{where}: a keyword")
            if py in RESERVED:
                problems.append(f"{where}: a member name of every generated class")
            if py.startswith("_"):
                problems.append(f"{where}: private")
            if py in seen:
                problems.append(f"{where}: also the name of {t.name}.{seen[py]}")
            seen[py] = f.wire_name
    assert not problems
    assert checked > 300  # the whole PodSpec closure was looked at


def test_the_spec_exercises_the_acronym_rules(spec: Spec) -> None:
    """The table above is not hypothetical: these wire names are in the spec."""
    names = {(t.name, f.wire_name): f.python_name for t in spec.types for f in t.fields}
    assert names[("PodSpec", "hostIPC")] == "host_ipc"
    assert names[("PodSpec", "hostPID")] == "host_pid"
    assert names[("PodSpec", "setHostnameAsFQDN")] == "set_hostname_as_fqdn"
    assert names[("PodSecurityContext", "fsGroup")] == "fs_group"
    assert names[("FCVolumeSource", "targetWWNs")] == "target_wwns"
    assert names[("AzureDiskVolumeSource", "diskURI")] == "disk_uri"
    assert names[("AWSElasticBlockStoreVolumeSource", "volumeID")] == "volume_id"
    assert names[("Volume", "scaleIO")] == "scale_io"


# ---- the generated SDK uses exactly the names the model computed --------------------


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The SDK freshly rendered from spec/, imported under a private package name."""
    out = tmp_path_factory.mktemp("sdk")
    write(out, generate_files(SPEC, TEMPLATES))
    package = "podspec_naming_under_test"
    location = out / "python" / "podspec"
    module_spec = importlib.util.spec_from_file_location(
        package, location / "__init__.py", submodule_search_locations=[str(location)]
    )
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[package] = module
    try:
        module_spec.loader.exec_module(module)
        yield module
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == package]:
            del sys.modules[name]


def sample(f: Field) -> object:
    """A value `to_dict` passes through unchanged, for a primitive non-container field."""
    if f.enum:
        return f.enum[0].value
    return {"string": "x", "boolean": True, "int32": 7, "int64": 7, "number": 1.5}[
        f.type.name
    ]


def test_sdk_classes_use_the_model_names(spec: Spec, sdk: ModuleType) -> None:
    for t in object_types(spec):
        cls = getattr(sdk, t.name)
        attributes = [a.name for a in dataclasses.fields(cls) if a.name != "_raw"]
        assert attributes == [f.python_name for f in t.fields], t.name
        module = sys.modules[cls.__module__]
        handlers = getattr(module, f"_{constant(t.name)}_FIELDS")
        assert list(handlers) == [f.wire_name for f in t.fields], t.name


def test_sdk_names_table_is_what_build_model_computed(
    spec: Spec, sdk: ModuleType
) -> None:
    """`podspec.names` (when the SDK ships it) lists exactly the model's names."""
    try:
        names = importlib.import_module(f"{sdk.__name__}.names")
    except ModuleNotFoundError:
        pytest.skip("this SDK has no names table (podspec/names.py)")
    expected = {
        t.name: {f.wire_name: f.python_name for f in t.fields}
        for t in object_types(spec)
    }
    wire_to_python = names.WIRE_TO_PYTHON
    assert wire_to_python == expected
    # Field order is the spec's, so the table reads like the classes.
    for t in object_types(spec):
        assert list(wire_to_python[t.name]) == [f.wire_name for f in t.fields]
    python_to_wire = names.PYTHON_TO_WIRE
    assert python_to_wire == {
        t.name: {f.python_name: f.wire_name for f in t.fields}
        for t in object_types(spec)
    }


def test_sdk_to_dict_maps_each_python_name_to_its_wire_name(
    spec: Spec, sdk: ModuleType
) -> None:
    checked = 0
    for t in object_types(spec):
        cls = getattr(sdk, t.name)
        for f in t.fields:
            if f.type.kind != "primitive":
                continue
            obj = cls.__new__(cls)
            for other in dataclasses.fields(cls):
                setattr(obj, other.name, None)
            value = sample(f)
            setattr(obj, f.python_name, value)
            assert obj.to_dict() == {f.wire_name: value}, f"{t.name}.{f.wire_name}"
            checked += 1
    assert checked > 100


def test_sdk_from_dict_reads_acronym_fields_into_their_python_names(
    sdk: ModuleType,
) -> None:
    pod = sdk.PodSpec.from_dict(
        {
            "containers": [{"name": "app", "image": "nginx"}],
            "hostIPC": True,
            "hostPID": False,
            "setHostnameAsFQDN": True,
            "securityContext": {"fsGroup": 2000, "seLinuxOptions": {"level": "s0"}},
        }
    )
    assert pod.host_ipc is True
    assert pod.host_pid is False
    assert pod.set_hostname_as_fqdn is True
    assert pod.security_context.fs_group == 2000
    assert pod.security_context.se_linux_options.level == "s0"


def test_a_field_named_field_gives_an_importable_sdk(tmp_path: Path) -> None:
    import shutil

    spec_dir = tmp_path / "spec"
    shutil.copytree(SPEC, spec_dir)
    path = spec_dir / "network.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "      hostnames:\n"
    assert text.count(anchor) == 1
    path.write_text(
        text.replace(
            anchor,
            "      field:\n        type: string\n        description: Made up.\n"
            + anchor,
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    write(out, generate_files(spec_dir, TEMPLATES))
    location = out / "python" / "podspec"
    package = "podspec_field_named_field"
    module_spec = importlib.util.spec_from_file_location(
        package, location / "__init__.py", submodule_search_locations=[str(location)]
    )
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[package] = module
    try:
        module_spec.loader.exec_module(module)
        assert module.HostAlias(ip="10.0.0.1", field="x").field == "x"
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == package]:
            del sys.modules[name]
