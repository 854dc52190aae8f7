"""A broken spec is refused with `file:line:col: message` lines, exit status 2, and nothing written.

Every test copies the real spec into a temporary folder, makes ONE small textual edit that
introduces a mistake, and runs the CLI in-process from that folder (tests/spec_edits.py).
The expected line and column are computed from where the edit landed in the edited file,
and each message is pinned exactly, with every other line the run prints: these tests
also hold the checks to saying nothing more than the mistake. test_spec_catalogue.py
covers every check with one edit each, less strictly.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from podspec_gen.commands.cli import main

if TYPE_CHECKING:
    from spec_edits import Project

# The fixtures `project` and `good_output`; imported by pytest, so that its asserts are
# rewritten to explain themselves.
pytest_plugins = ["spec_edits"]

# Needles that f-string expressions cannot spell on Python 3.11 (no backslashes/quotes).
TYPES_KEY = "\ntypes:"
IP_FIELD = "      ip:\n"
YES = '"yes"'
ONE = '"one"'
CONTAINER = "\n  Container:\n"
PREEMPT_LOWER = "default: PreemptLower\n"


def test_the_unmodified_copy_is_accepted(project: Project) -> None:
    """The baseline every other test breaks: check passes on the copy and its output."""
    assert main(["check", "--spec", "spec", "--out", "out"]) == 0
    assert project.capsys.readouterr().err == ""


# ---- malformed YAML -------------------------------------------------------------------


def test_bad_indentation(project: Project) -> None:
    project.edit("network.yaml", "\n  HostAlias:\n", "\n   HostAlias:\n")
    first_type = project.at("network.yaml", "PodDNSConfig:", after=TYPES_KEY)
    line, col = first_type.split(":")[1:]
    project.fails(
        f"{project.at('network.yaml', '   HostAlias:', offset=3)}: malformed YAML: "
        f"did not find expected key (while parsing a block mapping at line {line}, "
        f"column {col})"
    )


def test_unclosed_bracket(project: Project) -> None:
    project.edit("host.yaml", "  - hostIPC\n", "  - [hostIPC\n")
    # The parser notices only at the next ':' (the `types:` key after the list); the
    # message points where the list was opened and names where it was noticed.
    line, col = project.at("host.yaml", ":", after=TYPES_KEY).split(":")[1:]
    project.fails(
        f"{project.at('host.yaml', '[hostIPC')}: malformed YAML: the '[' list opened "
        f"here is not closed (did not find expected ',' or ']' at line {line}, "
        f"column {col})"
    )


# ---- shape: unknown keys, wrong kinds, duplicates ---------------------------------------


def test_unknown_field_key_suggests_the_right_one(project: Project) -> None:
    project.edit(
        "container.yaml",
        "        type: int32\n        required: true\n        description: >-\n"
        "          Number of port to expose on the pod's IP",
        "        type: int32\n        requird: true\n        description: >-\n"
        "          Number of port to expose on the pod's IP",
    )
    project.fails(
        f"{project.at('container.yaml', 'requird')}: field 'ContainerPort.containerPort': "
        "unknown key 'requird' (did you mean 'required'?)"
    )


def test_unknown_type_key_suggests_the_right_one(project: Project) -> None:
    project.edit(
        "network.yaml", "  HostAlias:\n", "  HostAlias:\n    upstrem: somewhere\n"
    )
    project.fails(
        f"{project.at('network.yaml', 'upstrem')}: type 'HostAlias': "
        "unknown key 'upstrem' (did you mean 'upstream'?)"
    )


def test_value_of_the_wrong_kind(project: Project) -> None:
    project.edit(
        "container.yaml",
        "        type: int32\n        required: true\n        description: >-\n"
        "          Number of port to expose on the pod's IP",
        '        type: int32\n        required: "yes"\n        description: >-\n'
        "          Number of port to expose on the pod's IP",
    )
    project.fails(
        f"{project.at('container.yaml', YES)}: field 'ContainerPort.containerPort': "
        "'required': expected true or false, got a string"
    )


def test_duplicate_key_in_a_field(project: Project) -> None:
    project.edit(
        "network.yaml",
        "      ip:\n        type: string\n",
        "      ip:\n        type: string\n        type: int32\n",
    )
    first = project.at("network.yaml", "type: string", after=IP_FIELD)
    project.fails(
        f"{project.at('network.yaml', 'type: int32', after=IP_FIELD)}: "
        f"field 'HostAlias.ip': duplicate key 'type' (first at line {first.split(':')[1]})"
    )


def test_duplicate_field_in_a_type(project: Project) -> None:
    project.edit(
        "network.yaml",
        "        description: IP address of the host file entry.\n",
        "        description: IP address of the host file entry.\n"
        "      ip:\n        type: string\n        description: Again.\n",
    )
    first = project.at("network.yaml", "ip:", after="  HostAlias:")
    second = project.at("network.yaml", "ip:", after="host file entry.")
    project.fails(
        f"{second}: type 'HostAlias': "
        f"duplicate field 'ip' (first at line {first.split(':')[1]})"
    )


# ---- meaning: references, types, groups -------------------------------------------------


def test_unresolved_type_reference_suggests_the_right_one(project: Project) -> None:
    project.edit(
        "podspec.yaml",
        "      containers:\n        type: list[Container]\n",
        "      containers:\n        type: list[Contaner]\n",
    )
    project.fails(
        f"{project.at('podspec.yaml', 'list[Contaner]')}: field 'PodSpec.containers': "
        "unknown type 'Contaner' (did you mean 'Container'?)"
    )


def test_type_defined_in_two_files(project: Project) -> None:
    project.edit(
        "network.yaml",
        "\ntypes:\n",
        "\ntypes:\n  Quantity:\n    description: A second Quantity.\n    scalar: quantity\n",
    )
    # Files are read root, groups in declared order, then shared: the copy in network.yaml
    # comes first, so the complaint points at the one in shared.yaml.
    project.fails(
        f"{project.at('shared.yaml', 'Quantity:')}: type 'Quantity' is defined twice "
        f"(first in {project.at('network.yaml', 'Quantity:')})"
    )


def test_type_nothing_uses(project: Project) -> None:
    project.edit(
        "network.yaml",
        "\ntypes:\n",
        "\ntypes:\n  Orphan:\n    description: Nothing refers to me.\n    scalar: string\n",
    )
    project.fails(
        f"{project.at('network.yaml', 'Orphan:')}: "
        "type 'Orphan' is not used by PodSpec, a manifest kind, or any type they reach"
    )


def test_pod_spec_field_claimed_by_two_groups(project: Project) -> None:
    project.edit("network.yaml", "podSpecFields:\n", "podSpecFields:\n  - hostIPC\n")
    project.fails(
        f"{project.at('network.yaml', '- hostIPC', offset=2)}: PodSpec field 'hostIPC' is in two "
        f"groups: 'host' ({project.at('host.yaml', '- hostIPC', offset=2)}) and 'network'"
    )


def test_pod_spec_field_in_no_group(project: Project) -> None:
    project.edit("host.yaml", "  - hostIPC\n", "")
    project.fails(
        f"{project.at('podspec.yaml', 'hostIPC:')}: PodSpec field 'hostIPC' belongs to no "
        "group: list it under podSpecFields in one group file"
    )


def test_group_claims_a_field_pod_spec_lacks(project: Project) -> None:
    project.edit("host.yaml", "  - hostIPC\n", "  - hostIPC\n  - hostIpc\n")
    project.fails(
        f"{project.at('host.yaml', 'hostIpc')}: group 'host' claims 'hostIpc', "
        "which is not a field of PodSpec"
    )


def test_group_file_that_does_not_exist(project: Project) -> None:
    project.edit(
        "podspec.yaml", "groups: [container, host,", "groups: [container, hosts,"
    )
    project.fails(
        f"{project.at('podspec.yaml', 'hosts')}: group 'hosts': "
        "file spec/hosts.yaml not found"
    )


def test_two_wire_names_with_the_same_python_name(project: Project) -> None:
    project.edit(
        "container.yaml",
        "      hostIP:\n        type: string\n",
        "      hostIp:\n        type: string\n        description: Clash.\n"
        "      hostIP:\n        type: string\n",
    )
    project.fails(
        f"{project.at('container.yaml', 'hostIP:')}: field 'ContainerPort.hostIP': "
        "Python name 'host_ip' clashes with field 'hostIp'"
    )


# ---- meaning: defaults, enums, constraints ----------------------------------------------


def test_default_not_in_the_enum(project: Project) -> None:
    project.edit(
        "podspec.yaml",
        "        default: PreemptLowerPriority\n",
        "        default: PreemptLower\n",
    )
    project.fails(
        f"{project.at('podspec.yaml', PREEMPT_LOWER, offset=9)}: "
        "field 'PodSpec.preemptionPolicy': default 'PreemptLower' is not one of its "
        "enum values (PreemptLowerPriority, Never)"
    )


def test_a_misspelt_type_is_reported_without_follow_on_placement_errors(
    project: Project,
) -> None:
    # With both container fields misspelt, only the image volume's field reaches
    # PullPolicy: it must not then be reported as belonging in storage.yaml.
    for owner in ("\n  Container:\n", "\n  EphemeralContainer:\n"):
        project.edit(
            "container.yaml",
            "        type: PullPolicy\n",
            "        type: PulPolicy\n",
            after=owner,
        )
    first = project.at("container.yaml", "PulPolicy")
    second = project.at(
        "container.yaml", "PulPolicy", after="\n  EphemeralContainer:\n"
    )
    project.fails(
        f"{first}: field 'Container.imagePullPolicy': unknown type 'PulPolicy' "
        "(did you mean 'PullPolicy'?)",
        f"{second}: field 'EphemeralContainer.imagePullPolicy': unknown type "
        "'PulPolicy' (did you mean 'PullPolicy'?)",
    )


def test_default_of_the_wrong_type(project: Project) -> None:
    project.edit(
        "container.yaml",
        "        default: 1\n        minimum: 0\n",
        '        default: "one"\n        minimum: 0\n',
        after="      timeoutSeconds:\n",
    )
    project.fails(
        f"{project.at('container.yaml', ONE)}: field 'Probe.timeoutSeconds': "
        "default 'one' is not an int32"
    )


def test_enum_value_of_the_wrong_type(project: Project) -> None:
    project.edit(
        "podspec.yaml", "          Never: Never preempt", "          3: Never preempt"
    )
    project.fails(
        f"{project.at('podspec.yaml', '3: Never preempt')}: "
        "field 'PodSpec.preemptionPolicy': enum value 3 is not a string"
    )


def test_minimum_greater_than_maximum(project: Project) -> None:
    project.edit(
        "container.yaml",
        "        minimum: 1\n        maximum: 65535\n      protocol:",
        "        minimum: 70000\n        maximum: 65535\n      protocol:",
    )
    project.fails(
        f"{project.at('container.yaml', '70000')}: field 'ContainerPort.containerPort': "
        "minimum 70000 is greater than maximum 65535"
    )


def test_bound_outside_the_integer_format(project: Project) -> None:
    project.edit(
        "container.yaml",
        "        maximum: 65535\n      protocol:",
        "        maximum: 4294967296\n      protocol:",
    )
    project.fails(
        f"{project.at('container.yaml', '4294967296')}: field 'ContainerPort.containerPort': "
        "maximum 4294967296 is outside the int32 range"
    )


def test_pattern_that_does_not_compile(project: Project) -> None:
    good = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
    bad = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9]?$"  # the group's ')' is gone
    project.edit("shared.yaml", f"pattern: '{good}'", f"pattern: '{bad}'")
    with pytest.raises(re.error) as compile_error:
        re.compile(bad)
    assert (
        str(compile_error.value) == "missing ), unterminated subpattern at position 9"
    )
    project.fails(
        f"{project.at('shared.yaml', bad, offset=-1)}: format 'k8s-short-name': "
        f"'pattern': does not compile: {compile_error.value}"
    )


def test_list_map_key_the_item_type_lacks(project: Project) -> None:
    project.edit(
        "container.yaml",
        "listMapKeys: [containerPort, protocol]",
        "listMapKeys: [containerPort, protocols]",
        after="\n  Container:\n",
    )
    project.fails(
        f"{project.at('container.yaml', '[containerPort, protocols]', after=CONTAINER)}: "
        "field 'Container.ports': list key 'protocols' is not a field of ContainerPort"
    )


# ---- several mistakes, one run ----------------------------------------------------------


def test_shape_mistakes_in_several_files_are_all_reported_sorted(
    project: Project,
) -> None:
    project.edit(
        "network.yaml", "  HostAlias:\n", "  HostAlias:\n    upstrem: somewhere\n"
    )
    project.edit("host.yaml", "  - hostIPC\n", "  - [hostIPC\n")
    project.edit(
        "container.yaml",
        "        type: int32\n        required: true\n        description: >-\n"
        "          Number of port to expose on the pod's IP",
        "        type: int32\n        requird: true\n        description: >-\n"
        "          Number of port to expose on the pod's IP",
    )
    project.edit(
        "container.yaml", "  ContainerPort:\n", "  ContainerPort:\n    fieldz: {}\n"
    )
    noticed = project.at("host.yaml", ":", after=TYPES_KEY).split(":")[1:]
    project.fails(
        f"{project.at('container.yaml', 'fieldz')}: type 'ContainerPort': "
        "unknown key 'fieldz' (did you mean 'fields'?)",
        f"{project.at('container.yaml', 'requird')}: field 'ContainerPort.containerPort': "
        "unknown key 'requird' (did you mean 'required'?)",
        f"{project.at('host.yaml', '[hostIPC')}: malformed YAML: the '[' list opened "
        f"here is not closed (did not find expected ',' or ']' at line {noticed[0]}, "
        f"column {noticed[1]})",
        f"{project.at('network.yaml', 'upstrem')}: type 'HostAlias': "
        "unknown key 'upstrem' (did you mean 'upstream'?)",
    )


def test_meaning_mistakes_in_several_files_are_all_reported_sorted(
    project: Project,
) -> None:
    project.edit(
        "podspec.yaml",
        "        default: PreemptLowerPriority\n",
        "        default: PreemptLower\n",
    )
    project.edit(
        "podspec.yaml",
        "      containers:\n        type: list[Container]\n",
        "      containers:\n        type: list[Contaner]\n",
    )
    project.edit(
        "network.yaml",
        "\ntypes:\n",
        "\ntypes:\n  Orphan:\n    description: Nothing refers to me.\n    scalar: string\n",
    )
    project.edit("host.yaml", "  - hostIPC\n", "  - hostIPC\n  - hostIpc\n")
    project.fails(
        f"{project.at('host.yaml', 'hostIpc')}: group 'host' claims 'hostIpc', "
        "which is not a field of PodSpec",
        f"{project.at('network.yaml', 'Orphan:')}: "
        "type 'Orphan' is not used by PodSpec, a manifest kind, or any type they reach",
        f"{project.at('podspec.yaml', 'list[Contaner]')}: field 'PodSpec.containers': "
        "unknown type 'Contaner' (did you mean 'Container'?)",
        f"{project.at('podspec.yaml', PREEMPT_LOWER, offset=9)}: "
        "field 'PodSpec.preemptionPolicy': default 'PreemptLower' is not one of its "
        "enum values (PreemptLowerPriority, Never)",
    )


def test_several_mistakes_in_one_file_are_sorted_by_line(project: Project) -> None:
    project.edit(
        "podspec.yaml", "          Never: Never preempt", "          3: Never preempt"
    )
    project.edit(
        "podspec.yaml",
        "        default: PreemptLowerPriority\n",
        "        default: PreemptLower\n",
    )
    project.fails(
        f"{project.at('podspec.yaml', PREEMPT_LOWER, offset=9)}: "
        "field 'PodSpec.preemptionPolicy': default 'PreemptLower' is not one of its "
        "enum values (PreemptLowerPriority, 3)",
        f"{project.at('podspec.yaml', '3: Never preempt')}: "
        "field 'PodSpec.preemptionPolicy': enum value 3 is not a string",
    )


# ---- check ------------------------------------------------------------------------------


def test_check_exits_2_on_a_broken_spec(project: Project) -> None:
    project.edit(
        "podspec.yaml",
        "        default: PreemptLowerPriority\n",
        "        default: PreemptLower\n",
    )
    project.fails(
        f"{project.at('podspec.yaml', PREEMPT_LOWER, offset=9)}: "
        "field 'PodSpec.preemptionPolicy': default 'PreemptLower' is not one of its "
        "enum values (PreemptLowerPriority, Never)",
        command="check",
    )


def test_check_exits_2_on_malformed_yaml(project: Project) -> None:
    project.edit("network.yaml", "\n  HostAlias:\n", "\n   HostAlias:\n")
    line, col = project.at("network.yaml", "PodDNSConfig:", after=TYPES_KEY).split(":")[
        1:
    ]
    project.fails(
        f"{project.at('network.yaml', '   HostAlias:', offset=3)}: malformed YAML: "
        f"did not find expected key (while parsing a block mapping at line {line}, "
        f"column {col})",
        command="check",
    )


# ---- names the SDK could not carry ----------------------------------------------------


def test_dollar_wire_name_is_a_spec_error_not_a_crash(project: Project) -> None:
    project.edit(
        "network.yaml",
        "      hostnames:\n",
        "      $ref:\n        type: string\n        description: A JSON reference.\n"
        "      hostnames:\n",
    )
    project.fails(
        f"{project.at('network.yaml', '$ref:')}: "
        "field 'HostAlias.$ref': wire names are camelCase"
    )
