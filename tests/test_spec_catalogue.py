"""A catalogue of single-defect edits of the real spec: every check, one mistake each.

Each case copies spec/ (tests/spec_edits.py), makes one textual edit and runs `check`
in-process from the copy's folder. It must exit 2 with a `spec/FILE:LINE:COL: ...`
message at the place the edit broke (computed from where the edit landed) that says
what is wrong, print no traceback, and leave the output folder as it was. Other lines
may follow (test_spec_errors.py pins complete reports); here the point is breadth.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from conftest import SPEC

if TYPE_CHECKING:
    from spec_edits import Project

pytest_plugins = ["spec_edits"]


LAUGHS = "bomb: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"bomb{new}: &{new} [{', '.join(['*' + old] * 9)}]\n"
    for old, new in zip("abcdefgh", "bcdefghi", strict=True)
)


# Enum blocks of the real spec, as they stand (their first value is long).
_SHARED = (SPEC / "shared.yaml").read_text(encoding="utf-8")
_AT = _SHARED.index("    enum:\n", _SHARED.index("  PullPolicy:\n"))
_END = _SHARED.find("\n\n", _AT)  # the type may end the file
PULL_POLICY_ENUM = _SHARED[_AT : _END + 1 if _END >= 0 else len(_SHARED)]
_CONTAINERS = (SPEC / "container.yaml").read_text(encoding="utf-8")
_AT = _CONTAINERS.index("        enum:\n", _CONTAINERS.index("      protocol:\n"))
PROTOCOL_ENUM = _CONTAINERS[_AT : _CONTAINERS.index("        sources:\n", _AT)]


@dataclass(frozen=True)
class Case:
    """Replace `old` (its first occurrence after `after`, else its only one) in `file`
    by `new`; the message must point at `point` (default: the first non-blank text of
    `new`) as found from where the edit landed, `offset` characters into it, or at
    `elsewhere` = (file, needle, after) when the mistake shows elsewhere."""

    file: str
    old: str
    new: str
    says: str
    after: str = ""
    point: str = ""
    offset: int = 0
    elsewhere: tuple[str, str, str] | None = None


def type_(name: str) -> str:
    """The unique text that opens a type's definition."""
    return f"\n  {name}:\n"


FIELD_TYPE_INT = "        type: int32\n"
CONTAINER_PORT = (
    "        type: int32\n        required: true\n        description: >-\n"
    "          Number of port to expose on the pod's IP"
)
ENV_KEYS = (
    "        listType: map\n        listMapKeys: [name]\n        patchStrategy: merge\n"
)

CASES: dict[str, Case | tuple[Case, pytest.MarkDecorator]] = {
    "unknown-feature-gate": Case(
        "podspec.yaml",
        "        gate: PodLevelResources",
        "        gate: PodLevelResource",
        "unknown feature gate 'PodLevelResource' (did you mean 'PodLevelResources'?)",
        point="PodLevelResource",
    ),
    "feature-gate-bad-stage": Case(
        "shared.yaml",
        "    stage: alpha\n    default: false\n    source: pkg/features/kube_features.go ContainerStopSignals",
        "    stage: gamma\n    default: false\n    source: pkg/features/kube_features.go ContainerStopSignals",
        "'gamma' is not one of: alpha, beta, GA, deprecated",
        point="gamma",
    ),
    # --- manifest kinds and read-only types (spec/workloads.yaml) ---
    "kind-malformed-api-version": Case(
        "workloads.yaml",
        "    apiVersion: apps/v1\n",
        "    apiVersion: apps/v 1\n",
        "manifest kind 'Deployment': 'apps/v 1' is not an API version",
        after=type_("Deployment"),
        point="apps/v 1",
    ),
    "removed-version-release-unquoted": Case(
        "workloads.yaml",
        "      versions: {extensions/v1beta1: '1.16', apps/v1beta2: '1.16'}\n",
        "      versions: {extensions/v1beta1: '1.16', apps/v1beta2: 1.16}\n",
        "apps/v1beta2: the release that stopped serving it, quoted, such as '1.16'",
        after=type_("DaemonSet"),
        point="1.16}",
    ),
    "removed-version-is-the-kinds-own": Case(
        "workloads.yaml",
        "      versions: {extensions/v1beta1: '1.16', apps/v1beta2: '1.16'}\n",
        "      versions: {extensions/v1beta1: '1.16', apps/v1: '1.16'}\n",
        "manifest kind 'DaemonSet': removed version 'apps/v1' is not an API version "
        "other than the kind's own",
        after=type_("DaemonSet"),
        point="apps/v1:",
    ),
    "removed-versions-without-source": Case(
        "workloads.yaml",
        "    removedVersions:\n      source: ",
        "    removedVersions:\n      sauce: ",
        "unknown key 'sauce' (did you mean 'source'?)",
        after=type_("DaemonSet"),
        point="sauce",
    ),
    "removed-versions-of-no-kind": Case(
        "workloads.yaml",
        "  DaemonSetSpec:\n",
        "  DaemonSetSpec:\n    removedVersions: {source: x, versions: {}}\n",
        "'removedVersions' belongs to a manifest kind (with 'apiVersion')",
        point="removedVersions",
    ),
    "served-kinds-leave-out-a-modelled-kind": Case(
        "workloads.yaml",
        "    batch/v1: [CronJob, Job]\n",
        "    batch/v1: [CronJob]\n",
        "servedKinds: batch/v1 does not list Job, served there",
        point="batch/v1:",
    ),
    "served-kinds-list-a-removed-version": Case(
        "workloads.yaml",
        "    batch/v1: [CronJob, Job]\n",
        "    batch/v1: [CronJob, Job]\n    apps/v1beta2: [StatefulSet]\n",
        "servedKinds: apps/v1beta2 lists StatefulSet, whose removedVersions says it is "
        "no longer served there",
        point="apps/v1beta2:",
    ),
    "served-kinds-in-a-dotted-group": Case(
        "workloads.yaml",
        "    batch/v1: [CronJob, Job]\n",
        "    batch/v1: [CronJob, Job]\n    networking.k8s.io/v1: [Ingress]\n",
        "servedKinds: 'networking.k8s.io/v1' is not the API version of a group "
        "without a dot",
        point="networking.k8s.io/v1:",
    ),
    "served-kinds-not-a-kind-name": Case(
        "workloads.yaml",
        "    batch/v1: [CronJob, Job]\n",
        "    batch/v1: [CronJob, job]\n",
        "servedKinds: batch/v1: 'job' is not a kind's name (such as ConfigMap)",
        point="[CronJob, job]",
    ),
    "kind-outside-the-workloads-file": Case(
        "shared.yaml",
        "    upstream: io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\n",
        "    upstream: io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\n    apiVersion: v1\n",
        "manifest kind 'ObjectMeta' belongs in workloads.yaml",
        point="apiVersion: v1",
        offset=len("apiVersion: "),
    ),
    "kind-field-not-a-string": Case(
        "workloads.yaml",
        "      kind:\n        type: string\n",
        "      kind:\n        type: int32\n",
        "field 'Deployment.kind' of a manifest kind must be a string",
        after=type_("Deployment"),
        point="int32",
    ),
    "kind-carries-no-pod-spec": Case(
        "workloads.yaml",
        "      spec:\n        type: PodSpec\n",
        "      spec:\n        type: ObjectMeta\n",
        "manifest kind 'Pod' carries no PodSpec",
        after=type_("Pod"),
        elsewhere=("workloads.yaml", "Pod:", type_("PodTemplate")[:-1]),
    ),
    "pod-volumes-on-a-string": Case(
        "workloads.yaml",
        "      serviceName:\n        type: string\n",
        "      serviceName:\n        type: string\n        podVolumes: true\n        sources:\n          podVolumes: nowhere\n",
        "podVolumes needs a list of objects with a 'metadata'",
        after=type_("StatefulSetSpec"),
        point="true",
    ),
    "read-only-with-fields": Case(
        "workloads.yaml",
        "    scalar: object\n    readOnly: true\n",
        "    readOnly: true\n    fields: {}\n",
        "a read-only type is accepted unchecked: it needs 'scalar: object'",
        after=type_("DeploymentStatus"),
    ),
    # --- rules across fields (spec/README.md, "Rules across fields") ---
    "rule-unknown-field-in-a-selector": Case(
        "container.yaml",
        "unique: {lists: ['ports[*]'], key: name,",
        "unique: {lists: ['portz[*]'], key: name,",
        "'portz[*]': Container has no field 'portz'",
        point="'portz[*]'",
    ),
    "rule-items-of-a-non-list": Case(
        "container.yaml",
        "unique: {lists: ['volumeMounts[*]'], key: mountPath}",
        "unique: {lists: ['image[*]'], key: mountPath}",
        "'image[*]': 'image' is not a list",
        point="'image[*]'",
        after=type_("Container"),
    ),
    "rule-items-in-a-field-reference": Case(
        "container.yaml",
        "forbid: [readinessProbe.terminationGracePeriodSeconds]",
        "forbid: ['ports[*].name']",
        "only a selector may step into items",
        point="'ports[*].name'",
    ),
    "rule-two-kinds": Case(
        "container.yaml",
        "        forbid: [readinessProbe.terminationGracePeriodSeconds]\n",
        "        forbid: [readinessProbe.terminationGracePeriodSeconds]\n        require: [image]\n",
        "needs exactly one of unique, reference, atMostOne",
        elsewhere=(
            "container.yaml",
            "- id: readiness-probe-no-termination-grace-period",
            "",
        ),
        offset=2,
    ),
    "rule-server-names-without-later": Case(
        "storage.yaml",
        "          at: later\n          serverNames:",
        "          serverNames:",
        "'serverNames' names the field reported, which needs 'at: later'",
        point="{cephfs: cephFS",
    ),
    "rule-server-name-of-no-field": Case(
        "storage.yaml",
        "serverNames: {cephfs: cephFS,",
        "serverNames: {cephFs: cephFS,",
        "serverNames: 'cephFs' is not one of the rule's fields",
        point="cephFs:",
    ),
    "rule-server-name-not-a-name": Case(
        "storage.yaml",
        "serverNames: {cephfs: cephFS,",
        "serverNames: {cephfs: ceph.FS,",
        "expected 'field: name', each name letters and digits",
        point="ceph.FS",
    ),
    "field-server-name-not-a-name": Case(
        "storage.yaml",
        "serverName: persistentDisk\n",
        "serverName: persistent-disk\n",
        "'persistent-disk' is not a field name (letters and digits",
        point="persistent-disk",
    ),
    "rule-unknown-error-type": Case(
        "container.yaml",
        "        error: Duplicate\n        source: pkg/apis/core/validation/validation.go validateContainerCommon -> validateResizePolicy",
        "        error: Duplicated\n        source: pkg/apis/core/validation/validation.go validateContainerCommon -> validateResizePolicy",
        "'Duplicated' is not one of: Required, Forbidden, Invalid, Duplicate",
        point="Duplicated",
    ),
    "rule-value-the-field-never-holds": Case(
        "container.yaml",
        "assert: {field: livenessProbe.successThreshold, compare: '==', to: 1}",
        "assert: {field: livenessProbe.successThreshold, in: [one]}",
        "'livenessProbe.successThreshold' never holds 'one'",
        point="{field: livenessProbe.successThreshold, in",
    ),
    "rule-compares-a-string": Case(
        "container.yaml",
        "assert: {field: startupProbe.successThreshold, compare: '==', to: 1}",
        "assert: {field: image, compare: '==', to: 1}",
        "'image' is not a number or quantity",
        point="{field: image",
    ),
    "rule-earlier-item-outside-later": Case(
        "container.yaml",
        "assert: {field: startupProbe.successThreshold, compare: '==', to: 1}",
        "assert: {field: startupProbe.successThreshold, compare: '==', to: {field: ^.x}}",
        "'^.x': '^.' reads the earlier item, only in a unique's 'later'",
        point="{field: startupProbe",
    ),
    "rule-map-value-outside-a-map": Case(
        "container.yaml",
        "assert: {field: startupProbe.successThreshold, compare: '==', to: 1}",
        "assert: {field: '@value', set: true}",
        "'@value' needs an `each` that ends in {*}",
        point="{field: '@value'",
    ),
    "rule-format-unknown": Case(
        "shared.yaml",
        "assert: {field: '@key', format: k8s-label-key}",
        "assert: {field: '@key', format: k8s-label-keys}",
        "'k8s-label-keys' is no format (formats: ",
        after="- id: label-selector-match-label-key-format",
        point="{field: '@key'",
    ),
    "rule-value-of-objects": Case(
        "workloads.yaml",
        "when: {not: {field: $.spec.manualSelector, equals: true}}",
        "when: {field: '@value', set: true}",
        "'@value' reads a plain value, not an object",
        after="- id: job-selector-expression-not-auto-generated",
        point="{field: '@value'",
    ),
    "rule-server-path-index-of-the-host-too-deep": Case(
        "scheduling.yaml",
        "serverPath: '[{1}]'",
        "serverPath: '[{2}]'",
        "serverPath: '[{2}]', but the reported path has 1 index below the host",
        after="- id: topology-spread-match-label-key-in-selector",
        point="'[{2}]'",
    ),
    "rule-later-over-lists-without-a-pair": Case(
        "podspec.yaml",
        "          key: name\n          where: {field: name, set: true}",
        "          key: name\n          later: {field: name, set: true}",
        "'later' takes one list, unless it reads '^.'",
        after="- id: warn-duplicate-port-name",
        elsewhere=("podspec.yaml", "lists:", "- id: warn-duplicate-port-name"),
    ),
    "rule-objects-without-a-key-or-a-pair": Case(
        "storage.yaml",
        "          later: {any: [{field: path, matches: '^{^.path}$'}, {field: path, matches: '^{^.path}/'}, {field: ^.path, matches: '^{path}/'}]}",
        "          report: later",
        "items that are objects need a 'key', or a 'later' that reads '^.'",
        after="- id: warn-config-map-items-overlapping-paths",
        elsewhere=(
            "storage.yaml",
            "lists:",
            "- id: warn-config-map-items-overlapping-paths",
        ),
    ),
    "rule-report-once-without-a-pair": Case(
        "storage.yaml",
        "          later: {any: [{field: path, matches: '^{^.path}$'}, {field: path, matches: '^{^.path}/'}, {field: ^.path, matches: '^{path}/'}]}",
        "          key: path\n          report: once",
        "'report: once' needs a 'later' that reads '^.'",
        after="- id: warn-config-map-items-overlapping-paths",
        elsewhere=(
            "storage.yaml",
            "lists:",
            "- id: warn-config-map-items-overlapping-paths",
        ),
    ),
    "rule-pattern-with-a-value-and-an-operator": Case(
        "container.yaml",
        "matches: '\\$\\({name}\\)'",
        "matches: '\\$\\({name}\\)+'",
        "a pattern with {field} values may hold only literal text (escaped) besides '^' and '$'",
        after="- id: warn-container-env-hides-previous",
        elsewhere=(
            "container.yaml",
            "{field: value, matches: '\\$\\({name}\\)+'",
            "- id: warn-container-env-hides-previous",
        ),
    ),
    "rule-total-of-earlier-items-without-an-each": Case(
        "podspec.yaml",
        "total: ['containers[*]', {each: 'initContainers[*]',",
        "total: ['containers[*]', {each: '^',",
        "'^' sums the earlier items of an `each` over one list",
        after="- id: container-requests-within-pod-requests",
        point="'^'",
    ),
    "rule-owner-of-items-of-the-host": Case(
        "podspec.yaml",
        "when: {not: {field: restartPolicy, equals: Always}}\n        forbid: [livenessProbe",
        "when: {not: {field: '@owner.restartPolicy', equals: Always}}\n        forbid: [livenessProbe",
        "'@owner.' reads the object holding the items of an `each` that ends in [*] or {*}, inside another object",
        after="- id: init-container-probes-need-sidecar",
        point="{field: '@owner.restartPolicy'",
    ),
    "format-server-check-with-two-tests": Case(
        "shared.yaml",
        "      - refuses: '--'\n",
        "      - refuses: '--'\n        matches: '-'\n",
        "server check: give one of matches, refuses",
        point="refuses: '--'",
    ),
    "format-server-check-names-twice": Case(
        "workloads.yaml",
        "Local, Africa/Abidjan, Africa/Accra,",
        "Local, Africa/Abidjan, Africa/Abidjan,",
        "'in' lists 'Africa/Abidjan' twice",
        point="Africa/Abidjan,",
        offset=len("Africa/Abidjan, "),
    ),
    "format-server-check-no-names": Case(
        "workloads.yaml",
        "      - in:\n          [\n          Local,",
        "      - in: []\n        x-in:\n          [\n          Local,",
        "'in' lists no name",
        point="[]",
    ),
    "format-server-check-unknown-error": Case(
        "podspec.yaml",
        "        error: TooLong\n        message: 'may not be more than 63 bytes'",
        "        error: Long\n        message: 'may not be more than 63 bytes'",
        "Invalid, TooLong",
        point="Long",
    ),
    "rule-states-a-format-reported-too-long": Case(
        "shared.yaml",
        "assert: {field: '@key', format: k8s-label-key}",
        "assert: {field: '@key', format: k8s-csi-driver-name}",
        "format 'k8s-csi-driver-name' has a check the server reports as Too long",
        after="- id: label-selector-match-label-key-format",
        point="{field: '@key'",
    ),
    "format-server-check-part-without-a-group": Case(
        "podspec.yaml",
        "        of: '^(?:[^/]*/)?([^/]+)$'\n",
        "        of: '^(?:[^/]*/)?[^/]+$'\n",
        "'of' must hold one group (...), the part checked",
        point="'^(?:[^/]*/)?[^/]+$'",
    ),
    "rule-reports-at-the-owner": Case(
        "podspec.yaml",
        "assert: {field: restartPolicy, notIn: [RestartContainer]}",
        "assert: {field: '@owner.name', notIn: [bad]}",
        "'@owner.' is read, never reported at",
        point="{field: '@owner.name'",
    ),
    "rule-counts-a-string": Case(
        "scheduling.yaml",
        "assert: {field: values, count: '<=', to: 1}",
        "assert: {field: key, count: '<=', to: 1}",
        "'key' is not a list or a map",
        after="- id: node-field-selector-single-value",
        point="{field: key",
    ),
    "rule-count-with-an-unknown-operator": Case(
        "scheduling.yaml",
        "assert: {field: values, count: '<=', to: 1}",
        "assert: {field: values, count: '=<', to: 1}",
        "'count': expected one of: <, <=, ==",
        after="- id: node-field-selector-single-value",
        point="'=<'",
    ),
    "rule-count-without-a-whole-number": Case(
        "scheduling.yaml",
        "assert: {field: values, count: '<=', to: 1}",
        "assert: {field: values, count: '<=', to: 1.5}",
        "'count' needs 'to': a whole number of items",
        after="- id: node-field-selector-single-value",
        point="1.5}",
    ),
    "rule-length-of-a-number": Case(
        "storage.yaml",
        "assert: {field: name, length: '<=', to: 64, of: '{name}:{iscsi.targetPortal}'}",
        "assert: {field: name, length: '<=', to: 64, of: '{name}:{iscsi.lun}'}",
        "'iscsi.lun' is no string or map of them",
        point="{field: name, length",
    ),
    "rule-length-without-a-whole-number": Case(
        "storage.yaml",
        "assert: {field: name, length: '<=', to: 64, of: '{name}:{iscsi.targetPortal}'}",
        "assert: {field: name, length: '<=', to: -1, of: '{name}:{iscsi.targetPortal}'}",
        "'length' needs 'to': a whole number of bytes",
        point="-1, of",
    ),
    "rule-length-of-plain-text": Case(
        "storage.yaml",
        "assert: {field: name, length: '<=', to: 64, of: '{name}:{iscsi.targetPortal}'}",
        "assert: {field: name, length: '<=', to: 64, of: 'name:portal'}",
        "'of' is a text with {field} placeholders",
        point="'name:portal'",
    ),
    "rule-length-part-not-a-regex": Case(
        "security.yaml",
        "assert: {field: runAsUserName, length: '<=', to: 104, part: '[^\\\\]*$'}",
        "assert: {field: runAsUserName, length: '<=', to: 104, part: '[^\\\\*$'}",
        "'part': ",
        point="'[^",
    ),
    "rule-part-without-length": Case(
        "security.yaml",
        "assert: {field: runAsUserName, length: '<=', to: 104, part: '[^\\\\]*$'}",
        "assert: {field: runAsUserName, matches: 'x', part: '[^\\\\]*$'}",
        "'part' goes with 'length'",
        point="part: '",
    ),
    "rule-indexes-above-a-bound": Case(
        "workloads.yaml",
        "assert: {field: succeededIndexes, indexes: '<', to: {field: $.completions}}",
        "assert: {field: succeededIndexes, indexes: '>', to: {field: $.completions}}",
        "'indexes': expected < or <= (every index below the bound)",
        point="'>', to",
    ),
    "rule-indexes-of-a-number": Case(
        "workloads.yaml",
        "assert: {field: succeededIndexes, indexes: '<', to: {field: $.completions}}",
        "assert: {field: succeededCount, indexes: '<', to: {field: $.completions}}",
        "'succeededCount' is not a string",
        point="{field: succeededCount, indexes",
    ),
    "rule-index-count-against-a-fraction": Case(
        "workloads.yaml",
        "assert: {field: succeededIndexes, indexCount: '>=', to: {field: succeededCount}}",
        "assert: {field: succeededIndexes, indexCount: '>=', to: 1.5}",
        "'to' is a whole number or {field: name}",
        point="1.5}",
    ),
    "rule-index-count-against-a-string": Case(
        "workloads.yaml",
        "assert: {field: succeededIndexes, indexCount: '>=', to: {field: succeededCount}}",
        "assert: {field: succeededIndexes, indexCount: '>=', to: {field: succeededIndexes}}",
        "'succeededIndexes' is not an integer",
        point="{field: succeededIndexes, indexCount",
    ),
    "rule-of-without-length": Case(
        "storage.yaml",
        "assert: {field: name, length: '<=', to: 64, of: '{name}:{iscsi.targetPortal}'}",
        "assert: {field: name, matches: 'x', of: '{name}:{iscsi.targetPortal}'}",
        "'of' goes with 'length'",
        point="of: '{name}",
    ),
    "rule-name-as-with-a-name-field": Case(
        "workloads.yaml",
        "names: ['spec.volumes[*]']\n          where: {field: ephemeral, present: true}",
        "names: ['spec.volumes[*].name']\n          where: {field: ephemeral, present: true}",
        "with 'nameAs' the names are whole items ([*])",
        point="'spec.volumes[*].name'",
    ),
    "rule-present-not-a-boolean": Case(
        "podspec.yaml",
        "assert: {not: {field: resources.claims, present: true}}",
        "assert: {not: {field: resources.claims, present: yes-please}}",
        "expected true or false",
        point="yes-please}}",
    ),
    "rule-where-without-count": Case(
        "podspec.yaml",
        "assert: {field: restartPolicy, notIn: [RestartContainer]}",
        "assert: {field: restartPolicy, set: true, where: {field: restartPolicy, equals: RestartContainer}}",
        "'where' goes with 'count'",
        point="where: {field: restartPolicy, equals: RestartContainer}}",
    ),
    "rule-where-counts-a-map": Case(
        "podspec.yaml",
        "forbid: [livenessProbe, readinessProbe, startupProbe]",
        "assert: {field: resources.limits, count: '==', to: 0, where: {field: '@', equals: x}}",
        "a count's `where` over a map reads '@key'",
        point="{field: '@', equals: x}",
    ),
    "rule-int-or-string-compared-with-a-field": Case(
        "container.yaml",
        "{field: port, compare: '<', to: 1}",
        "{field: port, compare: '<', to: {field: port}}",
        "an int-or-string compares only with a number",
        after="- id: tcp-socket-port-range",
        point="{field: port, compare: '<', to: {",
    ),
    "rule-reference-absent-not-a-boolean": Case(
        "container.yaml",
        "names: 'volumeMounts[*].name', absent: true}",
        "names: 'volumeMounts[*].name', absent: yes-please}",
        "expected true or false",
        after="- id: container-device-name-not-mounted",
        point="yes-please}",
    ),
    "rule-server-path-unknown": Case(
        "container.yaml",
        "        serverPath: noIndex\n",
        "        serverPath: sometimes\n",
        "serverPath: 'sometimes' is neither one of: noIndex, list, noList, noItem,"
        " parent, host, nor a path from a field of VolumeMount",
        after="- id: volume-mount-sub-path-relative",
        point="sometimes",
    ),
    "field-range-error-without-a-range": Case(
        "container.yaml",
        "        description: The header field value\n",
        "        description: The header field value\n"
        "        rangeError: must be greater than or equal to 0\n",
        "'rangeError' needs an integer field with a minimum or maximum",
        point="must be greater than or equal to 0",
    ),
    "field-required-error-on-a-number": Case(
        "podspec.yaml",
        "      activeDeadlineSeconds:\n        type: int64\n",
        "      activeDeadlineSeconds:\n        type: int64\n"
        "        requiredError: cannot be empty\n",
        "'requiredError' needs a string field that may not be empty, a list, or an object the server requires",
        point="cannot be empty",
    ),
    "field-required-error-where-empty-is-allowed": Case(
        "host.yaml",
        "          linux: Linux.\n",
        '          "": Read as linux.\n          linux: Linux.\n',
        "'requiredError' needs a string field that may not be empty, a list, or an object the server requires",
        elsewhere=("host.yaml", "''", "        requiredError:"),
    ),
    "field-enum-error-without-an-enum": Case(
        "podspec.yaml",
        "      activeDeadlineSeconds:\n        type: int64\n",
        "      activeDeadlineSeconds:\n        type: int64\n"
        "        enumError: must be one of the listed values\n",
        "'enumError' needs a field with an enum",
        point="must be one of the listed values",
    ),
    "field-range-error-unknown-end": Case(
        "container.yaml",
        "        rangeError: {below: 'must be between 1 and 65535, inclusive',",
        "        rangeError: {under: 'must be between 1 and 65535, inclusive',",
        "'under' is not one of: below, above, zero",
        point="under",
    ),
    "rule-shows-not-on-an-assert": Case(
        "container.yaml",
        "        error: Invalid\n        detail: must not already exist in volumeMounts\n",
        "        error: Invalid\n        shows: name\n"
        "        detail: must not already exist in volumeMounts\n",
        "only an assert has 'shows'",
        after="- id: container-device-name-not-mounted",
        point="name\n        detail",
    ),
    "rule-server-path-not-a-path": Case(
        "container.yaml",
        "        serverPath: noIndex\n",
        "        serverPath: 'subPath..x'\n",
        "'subPath..x' is neither one of: noIndex, list, noList, noItem, parent, host"
        " nor a path such as 'resources.containers[{1}][{key}].limits'",
        after="- id: volume-mount-sub-path-relative",
        point="'subPath..x'",
    ),
    "rule-server-path-index-beyond-the-path": Case(
        "podspec.yaml",
        "        serverPath: 'initContainers[0].ports[{2}].hostPort'\n",
        "        serverPath: 'initContainers[0].ports[{3}].hostPort'\n",
        "serverPath: '[{3}]', but the reported path has 2 indexes below the host",
        point="'initContainers[0].ports[{3}].hostPort'",
    ),
    "rule-server-path-key-without-maps": Case(
        "podspec.yaml",
        "        serverPath: HostPID\n",
        "        serverPath: 'HostPID[{key}]'\n",
        "serverPath: '[{key}]' is the key a compareMaps rule compares;"
        " this assert rule compares none",
        point="'HostPID[{key}]'",
    ),
    "rule-unknown-predicate": Case(
        "container.yaml",
        "assert: {field: startupProbe.successThreshold, compare: '==', to: 1}",
        "assert: {field: startupProbe.successThreshold, within: [1]}",
        "a predicate has 'field' and one of",
        point="{field: startupProbe.successThreshold, within",
    ),
    "rule-without-examples": Case(
        "container.yaml",
        "        invalid: {name: app, image: nginx, resizePolicy: [{resourceName: cpu, restartPolicy: NotRequired}, {resourceName: cpu, restartPolicy: RestartContainer}]}\n",
        "",
        "missing required key 'invalid'",
        elsewhere=(
            "container.yaml",
            "- id: container-resize-policy-resources-unique",
            "",
        ),
        offset=2,
    ),
    "rule-duplicate-id": Case(
        "container.yaml",
        "- id: startup-probe-success-threshold-one",
        "- id: liveness-probe-success-threshold-one",
        "duplicate id",
        point="- id: liveness-probe-success-threshold-one",
        offset=2,
        after="- id: liveness-probe-success-threshold-one",
    ),
    "rule-invalid-also-names-no-rule": Case(
        "podspec.yaml",
        "invalidAlso: container-requests-within-pod-requests",
        "invalidAlso: container-requests-within-pod-request",
        "invalidAlso: 'container-requests-within-pod-request' names no other rule",
        point="container-requests-within-pod-request",
    ),
    "rule-page-multiple-off-a-map": Case(
        "container.yaml",
        "        assert: {field: '@', is: pageMultiple}\n        error: Invalid\n        detail: '{@} is not positive integer multiple of {@key}'",
        "        assert: {field: '@key', is: pageMultiple}\n        error: Invalid\n        detail: '{@} is not positive integer multiple of {@key}'",
        "'pageMultiple' tests '@' in an `each` over a map of quantities",
        point="{field: '@key', is: pageMultiple}",
    ),
    "rule-unique-at-no-key-field": Case(
        "podspec.yaml",
        "          key: [protocol, hostIP, hostPort]\n          at: hostPort\n          where: {field: hostPort, compare: '>', to: 0}\n          show: '{protocol}/{hostIP}/{hostPort}'\n        error: Duplicate\n        source: pkg/apis/core/validation/validation.go validateContainers",
        "          key: [protocol, hostIP, hostPort]\n          at: containerPort\n          where: {field: hostPort, compare: '>', to: 0}\n          show: '{protocol}/{hostIP}/{hostPort}'\n        error: Duplicate\n        source: pkg/apis/core/validation/validation.go validateContainers",
        "'at: containerPort' names no field of a composite key",
        elsewhere=(
            "podspec.yaml",
            "lists: ['containers[*].ports[*]']",
            "- id: container-host-ports-unique",
        ),
    ),
    "rule-maps-of-non-quantities": Case(
        "container.yaml",
        "compareMaps: {left: requests, right: limits, keys: overcommit, op: '<='}",
        "compareMaps: {left: claims, right: limits, keys: overcommit, op: '<='}",
        "'claims' is not a map of quantities",
        point="{left: claims",
    ),
    "rule-total-over-non-objects": Case(
        "podspec.yaml",
        "total: ['containers[*]', {each",
        "total: ['containers[*].name', {each",
        "'containers[*].name' does not select objects",
        after="- id: container-requests-within-pod-requests",
        elsewhere=(
            "podspec.yaml",
            "'containers[*].name'",
            "- id: container-requests-within-pod-requests",
        ),
    ),
    "rule-total-shown-without-aggregate": Case(
        "podspec.yaml",
        "          aggregate: {containers: 'containers[*]', init: 'initContainers[*]', sidecar: {field: restartPolicy, equals: Always}}\n",
        "",
        "'{total}' in the detail shows a compareMaps aggregate",
        after="- id: container-requests-within-pod-requests",
        elsewhere=(
            "podspec.yaml",
            "left: resources.requests",
            "- id: container-requests-within-pod-requests",
        ),
    ),
    "rule-aggregate-of-other-objects": Case(
        "podspec.yaml",
        "          aggregate: {containers: 'containers[*]', init: 'initContainers[*]', sidecar: {field: restartPolicy, equals: Always}}\n",
        "          aggregate: {containers: 'volumes[*]', init: 'initContainers[*]', sidecar: {field: restartPolicy, equals: Always}}\n",
        "'volumes[*]' does not select the objects the total adds up",
        after="- id: container-requests-within-pod-requests",
        point="{containers: 'volumes",
    ),
    "rule-total-not-at-most": Case(
        "podspec.yaml",
        "          op: '<='\n          aggregate:",
        "          op: '=='\n          aggregate:",
        "a total is compared with '<=' only",
        after="- id: container-requests-within-pod-requests",
        elsewhere=(
            "podspec.yaml",
            "left: resources.requests",
            "- id: container-requests-within-pod-requests",
        ),
    ),
    # ---- reading the file: bytes, characters, YAML syntax ---------------------------
    "bad-utf8-byte": Case(
        "storage.yaml",
        "management and SELinux",
        "management and \udcffSELinux",
        "file is not valid UTF-8 (byte 0xff)",
        after=type_("EmptyDirVolumeSource"),
        point="\udcff",
    ),
    "nul-character": Case(
        "network.yaml",
        "Hostnames for the above IP address.",
        "Hostnames for\x00 the above IP address.",
        "character U+0000 is not allowed in YAML",
        point="\x00",
    ),
    "control-character": Case(
        "host.yaml",
        "PodOS defines the OS",
        "PodOS \x07defines the OS",
        "character U+0007 is not allowed in YAML",
        point="\x07",
    ),
    "bad-indentation": Case(
        "network.yaml",
        "\n  HostAlias:\n",
        "\n   HostAlias:\n",
        "did not find expected key",
        point="HostAlias",
    ),
    "tab-indentation": Case(
        "network.yaml",
        "        listType: atomic\n    rules:",
        "\tlistType: atomic\n    rules:",
        "found a tab character where an indentation space is expected",
        after=type_("PodDNSConfig"),
        point="\t",
    ),
    "unclosed-flow-list": Case(
        "host.yaml",
        "  - hostIPC\n",
        "  - [hostIPC\n",
        "the '[' list opened here is not closed",
        point="[",
    ),
    "unclosed-flow-mapping": Case(
        "podspec.yaml",
        "shared: shared\n",
        "shared: {shared\n",
        "the '{' mapping opened here is not closed",
        point="{",
    ),
    "unclosed-double-quote": Case(
        "security.yaml",
        "        description: Removed capabilities\n",
        '        description: "Removed capabilities\n',
        "the quoted string opened here is not closed",
        point='"',
    ),
    "unclosed-single-quote": Case(
        "shared.yaml",
        "      Never: Never pull; use only a local copy, and fail if it is absent.",
        "      Never: 'Never pull; use only a local copy, and fail if it is absent.",
        "the quoted string opened here is not closed",
        point="'",
    ),
    "key-without-colon": Case(
        "network.yaml",
        "      ip:\n",
        "      ip\n",
        "this text runs on to the ':' at line",
        after=type_("HostAlias"),
        point="ip",
    ),
    "key-without-colon-before-a-sibling": Case(
        "network.yaml",
        "        required: true\n",
        "        required true\n",
        "this key has no ':'",
        after=type_("HostAlias"),
        point="required",
    ),
    "second-document": Case(
        "host.yaml",
        "types:\n",
        "---\ntypes:\n",
        "but found another document",
        point="---",
    ),
    "undefined-alias": Case(
        "network.yaml",
        "        type: string\n        required: true\n",
        "        type: *nothing\n        required: true\n",
        "found undefined alias",
        after=type_("HostAlias"),
        point="*nothing",
    ),
    "recursive-alias": Case(
        "network.yaml",
        "    fields:\n      ip:\n        type: string\n",
        "    fields: &f\n      ip:\n        type: *f\n",
        "recursive alias: it refers to a node that contains it",
        after=type_("HostAlias"),
        point="*f",
    ),
    "alias-bomb": Case(
        "network.yaml",
        "types:\n",
        LAUGHS + "types:\n",
        "aliases expand to more than 10000 values",
        point="*d",
    ),
    "nesting-too-deep": Case(
        "network.yaml",
        "types:\n",
        "deep: " + "[" * 150 + "]" * 150 + "\ntypes:\n",
        "YAML nested deeper than 100 levels",
        point="[",
        offset=100,
    ),
    "set-tag": Case(
        "podspec.yaml",
        "        default: false\n      shareProcessNamespace:",
        "        default: !!set {a, b}\n      shareProcessNamespace:",
        "YAML tag '!!set' is not supported",
        point="!!set",
    ),
    "unknown-tag": Case(
        "podspec.yaml",
        "        default: false\n      shareProcessNamespace:",
        "        default: !flag false\n      shareProcessNamespace:",
        "could not determine a constructor for the tag '!flag'",
        point="!flag",
    ),
    "merge-key": Case(
        "network.yaml",
        "      ip:\n        type: string\n",
        "      ip:\n        <<: {type: string}\n",
        "YAML merge keys ('<<') are not supported",
        after=type_("HostAlias"),
        point="<<",
    ),
    "non-scalar-key": Case(
        "network.yaml",
        "      ip:\n        type: string\n",
        "      ? [ip]\n      : type: string\n",
        "mapping keys must be scalars",
        after=type_("HostAlias"),
        point="[ip]",
    ),
    # ---- the root file ------------------------------------------------------------------
    "root-unknown-key": Case(
        "podspec.yaml",
        "kubernetes: v1.37.0\n",
        "kubernetes: v1.37.0\nkubernets: v1.37.0\n",
        "unknown key 'kubernets' (did you mean 'kubernetes'?)",
        point="kubernets",
    ),
    "root-duplicate-key": Case(
        "podspec.yaml",
        "root: PodSpec\n",
        "root: PodSpec\nroot: PodSpec\n",
        "duplicate key 'root'",
        point="root",
        offset=14,
    ),
    "root-missing-key": Case(
        "podspec.yaml",
        "root: PodSpec\n",
        "",
        "missing required key 'root'",
        elsewhere=("podspec.yaml", "kubernetes:", ""),
    ),
    "kubernetes-latest": Case(
        "podspec.yaml",
        "kubernetes: v1.37.0",
        "kubernetes: latest",
        "'latest' is not a release such as v1.37.0",
        point="latest",
    ),
    "kubernetes-without-patch": Case(
        "podspec.yaml",
        "kubernetes: v1.37.0",
        "kubernetes: v1.37",
        "'v1.37' is not a release such as v1.37.0",
        point="v1.37",
    ),
    "kubernetes-number": Case(
        "podspec.yaml",
        "kubernetes: v1.37.0",
        "kubernetes: 1.37",
        "'kubernetes': expected a string, got a number",
        point="1.37",
    ),
    "groups-not-a-list": Case(
        "podspec.yaml",
        "groups: [container, host, scheduling, storage, network, security]",
        "groups: container",
        "'groups': expected a list of strings, got a string",
        point="container",
    ),
    "groups-item-not-a-string": Case(
        "podspec.yaml",
        "groups: [container, host,",
        "groups: [container, [host],",
        "expected a list of strings, found a list",
        point="[host]",
    ),
    "group-listed-twice": Case(
        "podspec.yaml",
        "groups: [container, host,",
        "groups: [container, host, host,",
        "group 'host' is listed twice",
        point="host,",
        offset=6,
    ),
    "group-name-not-lowercase": Case(
        "podspec.yaml",
        "groups: [container, host,",
        "groups: [container, Host,",
        "group name 'Host' must be a lowercase identifier",
        point="Host",
    ),
    "group-file-missing": Case(
        "podspec.yaml",
        "groups: [container, host,",
        "groups: [container, hosts,",
        "group 'hosts': file spec/hosts.yaml not found",
        point="hosts",
    ),
    "shared-is-the-root": Case(
        "podspec.yaml",
        "shared: shared",
        "shared: podspec",
        "group name 'podspec' must be a lowercase identifier other than 'podspec'",
        point="podspec",
    ),
    "root-type-undefined": Case(
        "podspec.yaml",
        "root: PodSpec",
        "root: PodSpek",
        "root type 'PodSpek' is not defined",
        point="PodSpek",
    ),
    "root-type-elsewhere": Case(
        "podspec.yaml",
        "root: PodSpec",
        "root: Quantity",
        "root type 'Quantity' must be defined in spec/podspec.yaml",
        elsewhere=("shared.yaml", "Quantity:", ""),
    ),
    # ---- group and shared files ---------------------------------------------------------
    "title-several-lines": Case(
        "host.yaml",
        "title: Host namespaces and runtime\n",
        "title: |\n  Host\n  and runtime\n",
        "'title': must be one line, got 2 lines",
        point="|",
    ),
    "summary-several-lines": Case(
        "network.yaml",
        "summary: ",
        "summary: |\n  Two\n  lines.\n  Three: ",
        "'summary': must be one line, got 3 lines",
        point="|",
    ),
    "summary-empty": Case(
        "storage.yaml",
        "summary: ",
        'summary: ""\nx-summary: ',
        "'summary': must not be empty",
        point='""',
    ),
    "title-a-list": Case(
        "security.yaml",
        "title: ",
        "title: [a, b]\nx-title: ",
        "'title': expected a string, got a list",
        point="[a, b]",
    ),
    "group-unknown-key": Case(
        "host.yaml",
        "podSpecFields:\n",
        "podSpecField:\n",
        "unknown key 'podSpecField' (did you mean 'podSpecFields'?)",
    ),
    "group-duplicate-key": Case(
        "network.yaml",
        "types:\n",
        "title: Again\ntypes:\n",
        "duplicate key 'title'",
        point="title",
    ),
    "pod-spec-fields-item-a-mapping": Case(
        "host.yaml",
        "  - hostIPC\n",
        "  - {hostIPC: 1}\n",
        "expected a list of strings, found a mapping",
        point="{",
    ),
    "shared-claims-pod-spec-fields": Case(
        "shared.yaml",
        "types:\n",
        "podSpecFields: [hostIPC]\ntypes:\n",
        "unknown key 'podSpecFields'",
    ),
    "example-not-yaml": Case(
        "network.yaml",
        "  hostname: orders-0 ",
        "  hostname: [orders-0 ",
        "'example' is not valid YAML: the '[' list opened here is not closed",
        point="[",
    ),
    "example-not-a-mapping": Case(
        "host.yaml",
        "example: |\n",
        "example: just words\nx-example: |\n",
        "'example' must be the YAML text of a pod spec",
        point="just words",
    ),
    # ---- PodSpec fields and groups ------------------------------------------------------
    "pod-field-in-two-groups": Case(
        "network.yaml",
        "podSpecFields:\n",
        "podSpecFields:\n  - hostIPC\n",
        "PodSpec field 'hostIPC' is in two groups",
        point="hostIPC",
    ),
    "pod-field-in-no-group": Case(
        "host.yaml",
        "  - hostIPC\n",
        "",
        "PodSpec field 'hostIPC' belongs to no group",
        elsewhere=("podspec.yaml", "hostIPC:", ""),
    ),
    "group-claims-unknown-field": Case(
        "host.yaml",
        "  - hostIPC\n",
        "  - hostIPC\n  - hostIpc\n",
        "group 'host' claims 'hostIpc', which is not a field of PodSpec",
        point="hostIpc",
    ),
    # ---- types --------------------------------------------------------------------------
    "type-unknown-key": Case(
        "network.yaml",
        "  HostAlias:\n",
        "  HostAlias:\n    upstrem: somewhere\n",
        "unknown key 'upstrem' (did you mean 'upstream'?)",
        point="upstrem",
    ),
    "type-missing-description": Case(
        "network.yaml",
        "    description: >-\n      HostAlias holds",
        "    summary: >-\n      HostAlias holds",
        "type 'HostAlias': missing required key 'description'",
        elsewhere=("network.yaml", "upstream:", type_("HostAlias")),
    ),
    "type-description-empty": Case(
        "shared.yaml",
        "    description: ObjectFieldSelector selects an APIVersioned field of an object.\n",
        '    description: ""\n',
        "type 'ObjectFieldSelector': 'description': must not be empty",
        point='""',
    ),
    "type-description-a-list": Case(
        "shared.yaml",
        "    description: ObjectFieldSelector selects an APIVersioned field of an object.\n",
        "    description: [ObjectFieldSelector.]\n",
        "'description': expected a string, got a list",
        point="[",
    ),
    "upstream-several-lines": Case(
        "shared.yaml",
        "    upstream: io.k8s.apimachinery.pkg.api.resource.Quantity\n",
        "    upstream: |\n      io.k8s.apimachinery.pkg.api.resource\n      .Quantity\n",
        "type 'Quantity': 'upstream': must be one line, got 2 lines",
        point="|",
    ),
    "upstream-an-integer": Case(
        "shared.yaml",
        "    upstream: io.k8s.apimachinery.pkg.api.resource.Quantity\n",
        "    upstream: 5\n",
        "'upstream': expected a string, got an integer",
        point="5",
    ),
    "scalar-unknown": Case(
        "shared.yaml",
        "    scalar: quantity\n",
        "    scalar: quantiy\n",
        "'quantiy' is not one of: string, integer, quantity",
        point="quantiy",
    ),
    "format-unknown": Case(
        "shared.yaml",
        "    format: date-time\n",
        "    format: datetime\n",
        "unknown format 'datetime' (did you mean 'date-time'?)",
        point="datetime",
    ),
    "format-on-a-quantity": Case(
        "shared.yaml",
        "    scalar: quantity\n",
        "    scalar: quantity\n    format: date\n",
        "type 'Quantity': 'format' applies only to string or integer scalars",
        point="date",
    ),
    "fields-and-scalar": Case(
        "shared.yaml",
        "    scalar: quantity\n",
        "    scalar: quantity\n    fields: {}\n",
        "type 'Quantity': a type has 'fields' or 'scalar', not both",
        point="fields",
    ),
    "type-map-type-unknown": Case(
        "shared.yaml",
        "    mapType: atomic\n",
        "    mapType: atom\n",
        "'atom' is not one of: atomic, granular",
        after=type_("LocalObjectReference"),
        point="atom",
    ),
    "type-name-not-a-string": Case(
        "network.yaml",
        "types:\n",
        "types:\n  1234:\n    description: A number.\n    scalar: string\n",
        "type name 1234 must be a string",
        point="1234",
    ),
    "type-name-not-pascal-case": Case(
        "network.yaml",
        "types:\n",
        "types:\n  host_alias:\n    description: Snake.\n    scalar: string\n",
        "type name 'host_alias' must be PascalCase",
        point="host_alias",
    ),
    "type-defined-twice": Case(
        "network.yaml",
        "types:\n",
        "types:\n  Quantity:\n    description: Again.\n    scalar: quantity\n",
        "type 'Quantity' is defined twice",
        elsewhere=("shared.yaml", "Quantity:", ""),
    ),
    "type-unused": Case(
        "network.yaml",
        "types:\n",
        "types:\n  Orphan:\n    description: Nothing uses me.\n    scalar: string\n",
        "type 'Orphan' is not used by PodSpec, a manifest kind, or any type they reach",
        point="Orphan",
    ),
    "type-not-a-mapping": Case(
        "network.yaml",
        "types:\n",
        "types:\n  Orphan: a string\n",
        "type 'Orphan': expected a mapping, got a string",
        point="a string",
    ),
    "fields-a-list": Case(
        "network.yaml",
        "types:\n",
        "types:\n  Orphan:\n    description: Listed.\n    fields: [a, b]\n",
        "type 'Orphan': 'fields': expected a mapping, got a list",
        point="[a, b]",
    ),
    "type-without-fields-scalar-or-enum": Case(
        "network.yaml",
        "  HostAlias:\n",
        "  Empty:\n    description: Nothing at all.\n\n  HostAlias:\n",
        "type 'Empty': needs 'fields' (an object), 'scalar' (a primitive wrapper) "
        "or 'enum' (a named enum)",
        point="Empty",
    ),
    "unknown-format": Case(
        "container.yaml",
        "        format: k8s-short-name\n",
        "        format: k8s-shortname\n",
        "unknown format 'k8s-shortname' (did you mean 'k8s-short-name'?)",
        after="\n  Container:\n",
        point="k8s-shortname",
    ),
    "format-and-pattern-together": Case(
        "container.yaml",
        "        format: k8s-short-name\n",
        "        format: k8s-short-name\n        pattern: '^[a-z]+$'\n",
        "'format' names a pattern already; drop 'pattern'",
        after="\n  Container:\n",
        point="format",
    ),
    "format-on-an-integer": Case(
        "container.yaml",
        "        type: int32\n",
        "        type: int32\n        format: k8s-short-name\n",
        "'format' applies only to string fields",
        after="      containerPort:\n",
        point="k8s-short-name",
    ),
    "format-defined-twice": Case(
        "shared.yaml",
        "\ntypes:\n",
        "\n  k8s-short-name:\n    pattern: '^x$'\n    message: again\ntypes:\n",
        "format 'k8s-short-name' is defined twice",
        point="k8s-short-name",
    ),
    "format-name-not-kebab": Case(
        "shared.yaml",
        "  k8s-short-name:\n",
        "  K8sShortName:\n",
        "format name 'K8sShortName' must be lowercase words joined by '-'",
        point="K8sShortName",
    ),
    "format-without-message": Case(
        "shared.yaml",
        "    message: >-\n      must be a DNS label",
        "    mesage: >-\n      must be a DNS label",
        "unknown key 'mesage' (did you mean 'message'?)",
        point="mesage",
    ),
    "snippet-without-body": Case(
        "container.yaml",
        '        body: {"name": "^${1:app}", "image": "^${2:nginx:1.27}"}\n',
        "",
        "'body'",
        elsewhere=("container.yaml", "label: container with name and image", ""),
    ),
    "snippet-label-twice": Case(
        "container.yaml",
        "      - label: container with a port\n",
        "      - label: container with name and image\n",
        "duplicate snippet 'container with name and image'",
        point="container with name and image",
    ),
    "snippets-not-a-list": Case(
        "storage.yaml",
        "    snippets:\n",
        "    snippets: {}\n    x-snippets:\n",
        "expected a list, got a mapping",
        point="{}",
    ),
    "source-for-a-fact-not-stated": Case(
        "network.yaml",
        "      ip:\n",
        "      ip:\n        sources:\n          default: defaults.go nowhere\n",
        "cites a source for 'default', which it does not state",
        after=type_("HostAlias"),
        point="default",
    ),
    "source-for-an-unknown-fact": Case(
        "network.yaml",
        "      ip:\n",
        "      ip:\n        sources:\n          colour: pkg/x.go y\n",
        "'colour' is not a fact a source is given for",
        after=type_("HostAlias"),
        point="colour",
    ),
    "note-not-text": Case(
        "network.yaml",
        "      ip:\n",
        "      ip:\n        note: [a, b]\n",
        "'note': expected a string, got a list",
        after=type_("HostAlias"),
        point="[a, b]",
    ),
    "type-named-like-an-enum-alias": Case(
        "host.yaml",
        "\n  PodOS:\n",
        "\n  PodOSName:\n    description: Clash.\n    scalar: string\n  PodOS:\n",
        "would generate the Python name 'PodOSName'",
        point="PodOSName",
    ),
    "type-in-the-wrong-group": Case(
        "network.yaml",
        "    upstream: io.k8s.api.core.v1.HostAlias\n",
        "    upstream: io.k8s.apimachinery.pkg.apis.meta.v1.HostAlias\n",
        "type 'HostAlias' is in network.yaml but belongs in shared.yaml",
        elsewhere=("network.yaml", "HostAlias:", ""),
    ),
    "gathers-a-type-it-does-not-define": Case(
        "security.yaml",
        "gathers: [SecurityContext, Capabilities]",
        "gathers: [SecurityContext, Capabilities, HostAlias]",
        "group 'security' gathers 'HostAlias', which it does not define",
        point="HostAlias",
    ),
    "security-context-not-gathered": Case(
        "security.yaml",
        "gathers: [SecurityContext, Capabilities]",
        "gathers: [Capabilities]",
        "type 'SecurityContext' is in security.yaml but belongs in container.yaml",
        elsewhere=("security.yaml", "SecurityContext:", "\n  SecurityContext:\n"),
    ),
    "required-self-reference": Case(
        "network.yaml",
        "      ip:\n",
        "      next:\n        type: HostAlias\n        required: true\n"
        "        description: Never ends.\n      ip:\n",
        "type 'HostAlias' can never be written",
        after=type_("HostAlias"),
        point="next",
    ),
    # ---- named enums --------------------------------------------------------------------
    "named-enum-with-fields": Case(
        "shared.yaml",
        "  PullPolicy:\n",
        "  PullPolicy:\n    fields: {}\n",
        "type 'PullPolicy': a named enum has no 'fields'",
        point="fields",
    ),
    "named-enum-integer-value": Case(
        "shared.yaml",
        "      Never: Never pull",
        "      3: Never pull",
        "type 'PullPolicy': enum value 3 is not a string",
        point="3",
    ),
    "named-enum-string-value-in-integer-enum": Case(
        "shared.yaml",
        "  PullPolicy:\n",
        "  PullPolicy:\n    scalar: integer\n",
        "type 'PullPolicy': enum value 'Always' is not an integer",
        point="Always:",
    ),
    "named-enum-quantity-scalar": Case(
        "shared.yaml",
        "  PullPolicy:\n",
        "  PullPolicy:\n    scalar: quantity\n",
        "a named enum's 'scalar' is string or integer, not quantity",
        point="quantity",
    ),
    "named-enum-empty": Case(
        "shared.yaml",
        PULL_POLICY_ENUM,
        "    enum: {}\n",
        "type 'PullPolicy': 'enum' must list at least one value",
        point="{}",
    ),
    "named-enum-duplicate-value": Case(
        "shared.yaml",
        "      Never: Never pull",
        "      Always: Never pull",
        "type 'PullPolicy': duplicate enum value 'Always'",
        point="Always: Never",
    ),
    "named-enum-meaning-several-lines": Case(
        "shared.yaml",
        "      Never: Never pull;",
        "      Never: |\n        Never pull.\n        Really never.\n      Later:",
        "enum value 'Never' needs a one-line meaning, got 2 lines",
        point="|",
    ),
    "field-enum-on-a-named-enum": Case(
        "container.yaml",
        "        type: PullPolicy\n",
        "        type: PullPolicy\n        enum:\n          Always: Again.\n",
        "'PullPolicy' is already an enum: drop the inline 'enum'",
        after=type_("Container"),
        point="PullPolicy",
    ),
    "default-not-in-a-named-enum": Case(
        "container.yaml",
        "        type: PullPolicy\n",
        "        type: PullPolicy\n        default: Sometimes\n",
        "default 'Sometimes' is not one of its enum values",
        after=type_("Container"),
        point="Sometimes",
    ),
    # ---- fields: keys and kinds ---------------------------------------------------------
    "field-unknown-key": Case(
        "container.yaml",
        CONTAINER_PORT,
        CONTAINER_PORT.replace("required:", "requird:"),
        "unknown key 'requird' (did you mean 'required'?)",
        point="requird",
    ),
    "field-required-a-string": Case(
        "container.yaml",
        CONTAINER_PORT,
        CONTAINER_PORT.replace("required: true", 'required: "yes"'),
        "'required': expected true or false, got a string",
        point='"yes"',
    ),
    "field-duplicate-key": Case(
        "network.yaml",
        "      ip:\n        type: string\n",
        "      ip:\n        type: string\n        type: int32\n",
        "field 'HostAlias.ip': duplicate key 'type'",
        point="type: int32",
    ),
    "field-defined-twice": Case(
        "network.yaml",
        "        description: IP address of the host file entry.\n",
        "        description: IP address of the host file entry.\n"
        "      ip:\n        type: string\n        description: Again.\n",
        "type 'HostAlias': duplicate field 'ip'",
        point="ip:",
        offset=0,
    ),
    "field-missing-type": Case(
        "network.yaml",
        "      ip:\n        type: string\n",
        "      ip:\n        typ: string\n",
        "unknown key 'typ' (did you mean 'type'?)",
        point="typ",
    ),
    "field-missing-description": Case(
        "network.yaml",
        "        description: IP address of the host file entry.\n",
        "",
        "field 'HostAlias.ip': missing required key 'description'",
        elsewhere=("network.yaml", "type: string", "      ip:\n"),
    ),
    "field-not-a-mapping": Case(
        "container.yaml",
        "      hostIP:\n        type: string\n"
        "        description: What host IP to bind the external port to.\n",
        "      hostIP: string\n",
        "field 'ContainerPort.hostIP': expected a mapping, got a string",
        point="string",
    ),
    "field-name-not-a-string": Case(
        "network.yaml",
        "      ip:\n",
        "      12:\n        type: string\n        description: Twelve.\n      ip:\n",
        "type 'HostAlias': field name 12 must be a string",
        after=type_("HostAlias"),
        point="12",
    ),
    "field-name-not-camel-case": Case(
        "network.yaml",
        "      ip:\n",
        "      host_ip:\n        type: string\n        description: Snake.\n      ip:\n",
        "field 'HostAlias.host_ip': wire names are camelCase",
        after=type_("HostAlias"),
        point="host_ip",
    ),
    "field-name-with-a-dollar": Case(
        "network.yaml",
        "      hostnames:\n",
        "      $ref:\n        type: string\n        description: A reference.\n"
        "      hostnames:\n",
        "field 'HostAlias.$ref': wire names are camelCase",
        point="$ref",
    ),
    "python-names-clash": Case(
        "container.yaml",
        "      hostIP:\n        type: string\n",
        "      hostIp:\n        type: string\n        description: Clash.\n"
        "      hostIP:\n        type: string\n",
        "Python name 'host_ip' clashes with field 'hostIp'",
        point="hostIP",
    ),
    "field-named-str": Case(
        "container.yaml",
        "      hostIP:\n        type: string\n",
        "      str:\n        type: string\n        description: Shadows str.\n"
        "      hostIP:\n        type: string\n",
        "would generate the attribute 'str', which hides the type 'str'",
        point="str",
    ),
    "server-required-a-string": Case(
        "container.yaml",
        "        serverRequired: true\n",
        "        serverRequired: yes please\n",
        "'serverRequired': expected true or false, got a string",
        after=type_("Container"),
        point="yes please",
    ),
    "immutable-an-integer": Case(
        "network.yaml",
        "        description: IP address of the host file entry.\n",
        "        description: IP address of the host file entry.\n        immutable: 1\n",
        "'immutable': expected true or false, got an integer",
        point="1",
        offset=0,
    ),
    "deprecated-empty": Case(
        "network.yaml",
        "        description: IP address of the host file entry.\n",
        "        description: IP address of the host file entry.\n"
        '        deprecated: ""\n',
        "'deprecated': must not be empty",
        point='""',
    ),
    # ---- type expressions ---------------------------------------------------------------
    "type-unresolved": Case(
        "podspec.yaml",
        "      containers:\n        type: list[Container]\n",
        "      containers:\n        type: list[Contaner]\n",
        "unknown type 'Contaner' (did you mean 'Container'?)",
        point="list[Contaner]",
    ),
    "type-expression-unclosed": Case(
        "podspec.yaml",
        "      containers:\n        type: list[Container]\n",
        "      containers:\n        type: list[Container\n",
        "'list[Container' is not a type",
        point="list[Container",
    ),
    "type-expression-dict": Case(
        "podspec.yaml",
        "      nodeSelector:\n        type: map[string]\n",
        "      nodeSelector:\n        type: dict[string]\n",
        "'dict[string]' is not a type",
        point="dict[string]",
    ),
    "type-expression-empty-list": Case(
        "network.yaml",
        "        type: list[string]\n",
        "        type: list[]\n",
        "'list[]' is missing its element type",
        after=type_("HostAlias"),
        point="list[]",
    ),
    "type-an-integer": Case(
        "network.yaml",
        "      ip:\n        type: string\n",
        "      ip:\n        type: 5\n",
        "'type': expected a string, got an integer",
        point="5",
    ),
    # ---- enums on fields ----------------------------------------------------------------
    "enum-a-list": Case(
        "container.yaml",
        PROTOCOL_ENUM,
        "        enum: [TCP, UDP, SCTP]\n",
        "'enum': expected a mapping, got a list",
        point="[TCP",
    ),
    "enum-empty": Case(
        "container.yaml",
        PROTOCOL_ENUM,
        "        enum: {}\n",
        "'enum' must list at least one value",
        point="{}",
    ),
    "enum-duplicate-value": Case(
        "container.yaml",
        "          UDP: User Datagram Protocol.\n",
        "          TCP: User Datagram Protocol.\n",
        "duplicate enum value 'TCP'",
        point="TCP",
    ),
    "enum-value-a-boolean": Case(
        "container.yaml",
        "          SCTP: Stream Control Transmission Protocol.\n",
        "          true: Stream Control Transmission Protocol.\n",
        "enum value True must be a string or integer",
        point="true",
    ),
    "enum-meaning-missing": Case(
        "container.yaml",
        "          SCTP: Stream Control Transmission Protocol.\n",
        "          SCTP:\n",
        "enum value 'SCTP' needs a one-line meaning, got null",
        point="SCTP:",
        offset=5,
    ),
    "enum-meaning-several-lines": Case(
        "container.yaml",
        "          SCTP: Stream Control Transmission Protocol.\n",
        "          SCTP: |\n            Stream Control\n            Transmission Protocol.\n",
        "enum value 'SCTP' needs a one-line meaning, got 2 lines",
        point="|",
    ),
    "enum-value-wrong-kind": Case(
        "podspec.yaml",
        "          Never: Never preempt",
        "          3: Never preempt",
        "enum value 3 is not",
        point="3",
    ),
    # ---- defaults -----------------------------------------------------------------------
    "default-not-in-enum": Case(
        "podspec.yaml",
        "        default: PreemptLowerPriority\n",
        "        default: PreemptLower\n",
        "default 'PreemptLower' is not one of its enum values "
        "(PreemptLowerPriority, Never)",
        point="PreemptLower\n",
    ),
    "default-wrong-kind": Case(
        "container.yaml",
        "        default: 1\n        minimum: 0\n",
        '        default: "one"\n        minimum: 0\n',
        "default 'one' is not",
        after="      timeoutSeconds:\n",
        point='"one"',
    ),
    "default-on-required-field": Case(
        "network.yaml",
        "        required: true\n",
        "        required: true\n        default: 127.0.0.1\n",
        "a required field cannot have a default",
        after=type_("HostAlias"),
        point="127.0.0.1",
    ),
    "default-below-minimum": Case(
        "container.yaml",
        "        default: 10\n        minimum: 0\n",
        "        default: -1\n        minimum: 0\n",
        "default -1 is outside [0, None]",
        point="-1",
    ),
    "default-not-a-list": Case(
        "network.yaml",
        "        type: list[string]\n",
        "        type: list[string]\n        default: localhost\n",
        "default 'localhost' is not a list",
        after=type_("HostAlias"),
        point="localhost",
    ),
    "default-not-an-object": Case(
        "podspec.yaml",
        "      nodeSelector:\n        type: map[string]\n",
        "      nodeSelector:\n        type: map[string]\n        default: linux\n",
        "default 'linux' is not an object",
        point="linux",
    ),
    "default-infinite-int": Case(
        "container.yaml",
        "        default: 10\n        minimum: 0\n",
        "        default: .inf\n        minimum: 0\n",
        "'default': inf is not a JSON number",
        point=".inf",
    ),
    "default-infinite-quantity": Case(
        "storage.yaml",
        "        type: Quantity\n",
        "        type: Quantity\n        default: .inf\n",
        "'default': inf is not a JSON number",
        after="      sizeLimit:\n",
        point=".inf",
    ),
    "default-nan-inside-a-list": Case(
        "network.yaml",
        "        type: list[string]\n",
        "        type: list[string]\n        default: [a, .nan]\n",
        "'default': nan is not a JSON number",
        after=type_("HostAlias"),
        point=".nan",
    ),
    "default-a-date": Case(
        "network.yaml",
        "        required: true\n",
        "        default: 2024-01-01\n",
        "'default': expected a JSON value, got a date (quote it",
        after=type_("HostAlias"),
        point="2024",
    ),
    "default-a-timestamp": Case(
        "network.yaml",
        "        required: true\n",
        "        default: 2024-01-01T10:00:00Z\n",
        "'default': expected a JSON value, got a timestamp",
        after=type_("HostAlias"),
        point="2024",
    ),
    "default-binary": Case(
        "network.yaml",
        "        required: true\n",
        "        default: !!binary aGVsbG8=\n",
        "'default': expected a JSON value, got binary data",
        after=type_("HostAlias"),
        point="!!binary",
    ),
    "default-integer-key": Case(
        "podspec.yaml",
        "      nodeSelector:\n        type: map[string]\n",
        "      nodeSelector:\n        type: map[string]\n        default: {1: linux}\n",
        "'default': object keys must be strings, got an integer",
        point="1: linux",
    ),
    "default-boolean-key": Case(
        "podspec.yaml",
        "      nodeSelector:\n        type: map[string]\n",
        "      nodeSelector:\n        type: map[string]\n        default: {on: linux}\n",
        "'default': object keys must be strings, got a boolean",
        point="on: linux",
    ),
    "default-null": Case(
        "network.yaml",
        "        description: Hostnames for the above IP address.\n",
        "        description: Hostnames for the above IP address.\n        default: null\n",
        "default None is not",
        after=type_("HostAlias"),
        point="null",
    ),
    # ---- bounds -------------------------------------------------------------------------
    "min-items-negative": Case(
        "podspec.yaml",
        "minItems: 1",
        "minItems: -1",
        "'minItems': must not be negative, got -1",
        point="-1",
    ),
    "min-items-a-number": Case(
        "podspec.yaml",
        "minItems: 1",
        "minItems: 1.5",
        "'minItems': expected an integer, got a number",
        point="1.5",
    ),
    "min-items-on-a-string": Case(
        "network.yaml",
        "        required: true\n",
        "        required: true\n        minItems: 1\n",
        "'minItems' applies only to lists",
        after=type_("HostAlias"),
        point="1\n",
    ),
    "max-items-on-a-string": Case(
        "network.yaml",
        "        required: true\n",
        "        required: true\n        maxItems: 3\n",
        "'maxItems' applies only to lists",
        after=type_("HostAlias"),
        point="3\n",
    ),
    "max-items-below-min-items": Case(
        "podspec.yaml",
        "minItems: 1",
        "minItems: 1\n        maxItems: 0",
        "'maxItems' 0 is below 'minItems' 1: no list fits",
        point="0",
    ),
    "server-optional-on-an-optional-field": Case(
        "network.yaml",
        "        required: true\n",
        "        required: false\n        serverOptional: true\n",
        "'serverOptional' qualifies a field upstream requires",
        after=type_("HostAlias"),
        point="serverOptional",
    ),
    "format-judges-empty-with-a-required-error": Case(
        "scheduling.yaml",
        "        formatJudgesEmpty: true\n",
        "        formatJudgesEmpty: true\n        requiredError: must be set\n",
        "'formatJudgesEmpty' qualifies a required field's 'format', and says there is "
        "no 'requiredError'",
        after=type_("PodSchedulingGate"),
        point="formatJudgesEmpty",
    ),
    "format-judges-empty-without-server-words": Case(
        "workloads.yaml",
        "        format: k8s-cron-schedule\n",
        "        format: k8s-cron-schedule\n        formatJudgesEmpty: true\n",
        "field 'CronJobSpec.schedule': 'formatJudgesEmpty' needs the server's words of "
        "format 'k8s-cron-schedule' ('server:')",
        point="true",
    ),
    "minimum-infinite": Case(
        "container.yaml",
        "        default: 10\n        minimum: 0\n",
        "        default: 10\n        minimum: -.inf\n",
        "'minimum': expected a finite number, got -inf",
        point="-.inf",
    ),
    "maximum-nan": Case(
        "container.yaml",
        "        maximum: 65535\n      protocol:",
        "        maximum: .nan\n      protocol:",
        "'maximum': expected a finite number, got nan",
        point=".nan",
    ),
    "minimum-a-string": Case(
        "container.yaml",
        "        default: 10\n        minimum: 0\n",
        '        default: 10\n        minimum: "1"\n',
        "'minimum': expected a number, got a string",
        point='"1"',
    ),
    "minimum-above-maximum": Case(
        "container.yaml",
        "        minimum: 1\n        maximum: 65535\n      protocol:",
        "        minimum: 70000\n        maximum: 65535\n      protocol:",
        "minimum 70000 is greater than maximum 65535",
        point="70000",
    ),
    "maximum-outside-int32": Case(
        "container.yaml",
        "        maximum: 65535\n      protocol:",
        "        maximum: 4294967296\n      protocol:",
        "maximum 4294967296 is outside the int32 range",
        point="4294967296",
    ),
    "minimum-on-a-string": Case(
        "network.yaml",
        "        required: true\n",
        "        required: true\n        minimum: 1\n",
        "'minimum' applies only to numeric fields",
        after=type_("HostAlias"),
        point="1\n",
    ),
    # ---- patterns -----------------------------------------------------------------------
    "pattern-does-not-compile": Case(
        "shared.yaml",
        "pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'",
        "pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9]?$'",
        "'pattern': does not compile: missing ), unterminated subpattern",
        point="'",
    ),
    "pattern-python-named-group": Case(
        "shared.yaml",
        "pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'",
        "pattern: '^(?P<first>[a-z0-9])([-a-z0-9]{0,61}[a-z0-9])?$'",
        "'(?P<' is not portable: named groups are Python-only",
        point="'",
    ),
    "pattern-python-anchor": Case(
        "shared.yaml",
        "pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'",
        "pattern: '\\A[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\Z'",
        "'\\A' is not portable: use '^'",
        point="'",
    ),
    "pattern-inline-flag": Case(
        "shared.yaml",
        "pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'",
        "pattern: '(?i)^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'",
        "inline flags such as '(?i)' are Python-only",
        point="'",
    ),
    "pattern-possessive": Case(
        "shared.yaml",
        "pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'",
        "pattern: '^[a-z0-9]++$'",
        "possessive quantifiers are not portable",
        point="'",
    ),
    "pattern-on-an-integer": Case(
        "container.yaml",
        "        maximum: 65535\n      protocol:",
        "        maximum: 65535\n        pattern: '^[0-9]+$'\n      protocol:",
        "'pattern' applies only to string fields",
        point="'^",
    ),
    # ---- list and map semantics ---------------------------------------------------------
    "list-type-unknown": Case(
        "network.yaml",
        "        listType: atomic\n        # At most 3:",
        "        listType: sets\n        # At most 3:",
        "'sets' is not one of: atomic, set, map",
        point="sets",
    ),
    "list-type-map-without-keys": Case(
        "container.yaml",
        ENV_KEYS,
        "        listType: map\n        patchStrategy: merge\n",
        "'listType: map' needs 'listMapKeys'",
        after=type_("Container"),
        point="map",
    ),
    "list-map-keys-without-map": Case(
        "container.yaml",
        ENV_KEYS,
        "        listType: atomic\n        listMapKeys: [name]\n"
        "        patchStrategy: merge\n",
        "'listMapKeys' needs 'listType: map'",
        after=type_("Container"),
        point="[name]",
    ),
    "list-map-keys-empty": Case(
        "container.yaml",
        ENV_KEYS,
        "        listType: map\n        listMapKeys: []\n        patchStrategy: merge\n",
        "'listMapKeys' must name at least one key",
        after=type_("Container"),
        point="[]",
    ),
    "list-map-keys-twice": Case(
        "container.yaml",
        ENV_KEYS,
        "        listType: map\n        listMapKeys: [name, name]\n"
        "        patchStrategy: merge\n",
        "'listMapKeys' names a key twice",
        after=type_("Container"),
        point="[name, name]",
    ),
    "list-map-key-not-a-field": Case(
        "container.yaml",
        "listMapKeys: [containerPort, protocol]",
        "listMapKeys: [containerPort, protocols]",
        "list key 'protocols' is not a field of ContainerPort",
        after=type_("Container"),
        point="[containerPort",
    ),
    "list-type-set-on-objects": Case(
        "container.yaml",
        ENV_KEYS,
        "        listType: set\n        patchStrategy: merge\n",
        "listType 'set' applies only to lists of scalars",
        after=type_("Container"),
        point="set",
    ),
    "list-type-on-a-string": Case(
        "network.yaml",
        "        required: true\n",
        "        required: true\n        listType: atomic\n",
        "'listType' applies only to lists",
        after=type_("HostAlias"),
        point="atomic",
    ),
    "patch-strategy-unknown": Case(
        "container.yaml",
        ENV_KEYS,
        ENV_KEYS.replace("merge", "marge"),
        "unknown patch strategy 'marge' (did you mean 'merge'?)",
        after=type_("Container"),
        point="marge",
    ),
    "patch-strategy-twice": Case(
        "podspec.yaml",
        "patchStrategy: merge,retainKeys\n        patchMergeKey: name\n      resources",
        "patchStrategy: merge,merge\n        patchMergeKey: name\n      resources",
        "'merge,merge' names a strategy twice",
        point="merge,merge",
    ),
    "patch-strategy-a-list": Case(
        "podspec.yaml",
        "patchStrategy: merge,retainKeys\n        patchMergeKey: name\n      resources",
        "patchStrategy: [merge]\n        patchMergeKey: name\n      resources",
        "'patchStrategy': expected a string, got a list",
        point="[merge]",
    ),
    "patch-merge-key-several-lines": Case(
        "container.yaml",
        "        patchMergeKey: name\n",
        "        patchMergeKey: |\n          name\n          value\n",
        "'patchMergeKey': must be one line, got 2 lines",
        after=type_("Container"),
        point="|",
    ),
    "patch-merge-key-not-a-field": Case(
        "container.yaml",
        "        patchMergeKey: name\n",
        "        patchMergeKey: nam\n",
        "list key 'nam' is not a field of EnvVar",
        after=type_("Container"),
        point="nam",
    ),
    "map-type-unknown": Case(
        "podspec.yaml",
        "      nodeSelector:\n        type: map[string]\n",
        "      nodeSelector:\n        type: map[string]\n        mapType: atom\n",
        "'atom' is not one of: atomic, granular",
        point="atom",
    ),
    "map-type-on-a-list": Case(
        "network.yaml",
        "        type: list[string]\n",
        "        type: list[string]\n        mapType: atomic\n",
        "'mapType' applies only to maps and objects",
        after=type_("HostAlias"),
        point="atomic",
    ),
}


def _case(entry: Case | tuple[Case, pytest.MarkDecorator]) -> Case:
    return entry[0] if isinstance(entry, tuple) else entry


PARAMS = [
    pytest.param(
        _case(entry), id=name, marks=entry[1] if isinstance(entry, tuple) else ()
    )
    for name, entry in CASES.items()
]


def test_the_catalogue_is_broad() -> None:
    assert len(CASES) >= 100


@pytest.mark.parametrize("case", PARAMS)
def test_single_defect_is_located(project: Project, case: Case) -> None:
    landed = project.edit(case.file, case.old, case.new, after=case.after)
    if case.elsewhere is not None:
        file, needle, after = case.elsewhere
        where = project.at(file, needle, after=after, offset=case.offset)
    else:
        point = case.point or case.new.lstrip()
        where = project.at(case.file, point, start=landed, offset=case.offset)
    status, err, out = project.run("check")
    assert "Traceback" not in "\n".join(err) + out
    located = [line for line in err if line.startswith(f"{where}: ")]
    assert any(case.says in line for line in located), (where, case.says, err)
    assert status == 2
    assert err[-1].endswith("in the spec; nothing written")
    assert out == ""
    assert project.out_unchanged()
