"""Our schemas in the real yaml-language-server, driven over stdio as an editor drives it.

The server is the npm package pinned in package.json (`npm ci` installs it into
node_modules/). These tests are skipped only when node itself is absent; a missing server
package is a failure, because CI installs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from conftest import GENERATED, corpus_files, load_json, model, tool_required
from lsp_client import NODE, SERVER, LspClient, yaml_language_server
from test_corpus import MISLABELLED

from podspec_gen.model.formats import format_note
from podspec_gen.render import docs as render_docs
from podspec_gen.render.schema import format_link

SCHEMAS = GENERATED / "jsonschema"

pytestmark = tool_required(
    "yaml-language-server",
    NODE is not None and SERVER.is_file(),
    "install Node.js and run `npm ci` in the project; the editor schema is NOT "
    "being checked",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LspClient]:
    schemas = {
        (SCHEMAS / "pod.schema.json").as_uri(): "*.pod.yaml",
        (SCHEMAS / "podtemplate.schema.json").as_uri(): "*.podtemplate.yaml",
        (SCHEMAS / "kubernetes.schema.json").as_uri(): "*.k8s.yaml",
    }
    yield from yaml_language_server(tmp_path_factory.mktemp("workspace"), schemas)


def _uri(server: LspClient, name: str) -> str:
    return (server.root / name).as_uri()


def _diagnostics(server: LspClient, name: str, text: str) -> list[tuple[int, int, str]]:
    """(1-based line, 1-based column, message) of each diagnostic, in order."""
    uri = _uri(server, name)
    server.open(uri, text)
    found = server.diagnostics(uri)
    return sorted(
        (
            d["range"]["start"]["line"] + 1,
            d["range"]["start"]["character"] + 1,
            d["message"],
        )
        for d in found
    )


def _pod(spec: dict[str, Any], name: str = "web") -> str:
    manifest = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name},
        "spec": spec,
    }
    return yaml.safe_dump(manifest, sort_keys=False)


def test_real_pod_specs_have_no_diagnostics(server: LspClient) -> None:
    hand = {
        "containers": [
            {
                "name": "web",
                "image": "nginx:1.27",
                "imagePullPolicy": "IfNotPresent",
                "ports": [{"containerPort": 80}],
                "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}},
            }
        ],
        "restartPolicy": "Always",
    }
    assert _diagnostics(server, "hand.pod.yaml", _pod(hand)) == []
    # The corpus as one multi-document file (the server checks every document), so
    # that 300 pods take one round trip instead of 300.
    specs = [p for p in corpus_files("valid") if p.name not in MISLABELLED]
    if not specs:
        pytest.skip("../shared/corpus is absent: only the hand-written pod was checked")
    documents = [_pod(load_json(p), f"pod-{i}") for i, p in enumerate(specs)]
    text = "---\n".join(documents)
    starts = [0]
    for document in documents:
        starts.append(starts[-1] + document.count("\n") + 1)
    found = _diagnostics(server, "corpus.pod.yaml", text)
    # Deprecated fields too: the server accepts them, and the editor would show a
    # deprecation as an error.
    noisy = [
        (
            specs[next(i for i in range(len(specs)) if starts[i + 1] >= line)].name,
            message,
        )
        for line, _, message in found
    ]
    assert noisy == []


def test_a_deprecated_field_is_no_diagnostic_but_said_in_the_hover(
    server: LspClient,
) -> None:
    # yaml-language-server reports a deprecationMessage as a warning and then turns
    # every warning into an error: an accepted pod would be marked wrong.
    spec = {"serviceAccount": "builder", "containers": [{"name": "a", "image": "b"}]}
    text = _pod(spec)
    assert _diagnostics(server, "deprecated.pod.yaml", text) == []
    uri = _uri(server, "deprecated.pod.yaml")
    assert "Use serviceAccountName instead." in server.hover(uri, 5, 4)
    # Nor is it offered: completion on an empty key of the pod spec.
    blank = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  \n"
    uri = _uri(server, "complete-spec.pod.yaml")
    server.open(uri, blank)
    server.diagnostics(uri)
    labels = {item["label"] for item in server.completion(uri, 5, 2)}
    assert "serviceAccountName" in labels and "serviceAccount" not in labels


def test_a_time_go_parses_is_no_diagnostic(server: LspClient) -> None:
    # time.Parse reads a one-digit hour and a comma before the fraction; an editor's
    # own date-time format would not.
    pod = yaml.safe_load(_pod({"containers": [{"name": "a", "image": "b"}]}))
    pod["metadata"]["creationTimestamp"] = "2024-01-02T3:04:05,5+01:00"
    text = yaml.safe_dump(pod, sort_keys=False)
    assert _diagnostics(server, "time.pod.yaml", text) == []
    pod["metadata"]["creationTimestamp"] = "2024-01-02 03:04:05Z"
    text = yaml.safe_dump(pod, sort_keys=False)
    assert [m for _, _, m in _diagnostics(server, "bad-time.pod.yaml", text)]


def test_a_workload_template_validates_against_the_podtemplate_schema(
    server: LspClient,
) -> None:
    text = "metadata:\n  labels: {app: web}\nspec:\n  containers:\n    - name: web\n      image: nginx\n      tty: maybe\n"
    assert _diagnostics(server, "web.podtemplate.yaml", text) == [
        (7, 12, 'Incorrect type. Expected "boolean".')
    ]


MISTAKES = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  serviceAccount: legacy
  containers:
    - name: web
      image: nginx
      imagePullPolice: Always
      restartPolicy: Sometimes
      stdin: "yes"
      ports:
        - containerPort: 70000
"""


def test_mistakes_are_diagnosed_on_their_line(server: LspClient) -> None:
    # The deprecated serviceAccount is none: the server takes it.
    assert _diagnostics(server, "mistakes.pod.yaml", MISTAKES) == [
        (10, 7, "Property imagePullPolice is not allowed."),
        (
            11,
            22,
            'Value is not accepted. Valid values: "Always", "Never", "OnFailure".',
        ),
        (12, 14, 'Incorrect type. Expected "boolean".'),
        (14, 26, "Value is above the maximum of 65535."),
    ]


def test_a_bad_quantity_and_two_volume_sources_get_our_messages(
    server: LspClient,
) -> None:
    text = _pod(
        {
            "containers": [
                {"name": "a", "image": "b", "resources": {"limits": {"cpu": "lots"}}}
            ],
            "volumes": [{"name": "Data", "emptyDir": {}, "hostPath": {"path": "/"}}],
        }
    )
    lines = text.splitlines()
    found = _diagnostics(server, "volumes.pod.yaml", text)
    assert [(lines[line - 1].strip(), message) for line, _, message in found] == [
        (
            "cpu: lots",
            "must be a Kubernetes quantity: a number with an optional suffix, such as 500m, 2, 128Mi or 1Gi",
        ),
        (
            "- name: Data",
            "must be a DNS label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
        ),
        # The rule's exact form (the server's words), on the second source's value.
        (
            "path: /",
            "cannot be set together with emptyDir: may not specify more than 1 volume type",
        ),
    ]


def test_the_modeline_associates_a_file_with_the_podspec_schema(
    server: LspClient,
) -> None:
    modeline = f"# yaml-language-server: $schema={(SCHEMAS / 'podspec.schema.json').as_uri()}\n"
    text = modeline + "containers:\n  - name: a\n    image: b\n    tyy: true\n"
    assert _diagnostics(server, "bare.yaml", text) == [
        (5, 5, "Property tyy is not allowed.")
    ]


# The cursor goes after "imagePullPolicy: " (line 8) and on the empty line (9) below it.
COMPLETE = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n"
    "    - name: web\n      image: nginx\n      imagePullPolicy: \n      \n"
)


def test_completion_inside_a_container_lists_container_fields(
    server: LspClient,
) -> None:
    uri = _uri(server, "complete.pod.yaml")
    server.open(uri, COMPLETE)
    server.diagnostics(uri)
    labels = {item["label"] for item in server.completion(uri, 9, 6)}
    assert {
        "args",
        "command",
        "env",
        "ports",
        "resources",
        "readinessProbe",
        "volumeMounts",
    } <= labels
    assert "name" not in labels and "image" not in labels  # already there
    assert (
        "hostNetwork" not in labels and "nodeSelector" not in labels
    )  # PodSpec fields


def test_completion_on_image_pull_policy_offers_the_values_with_their_meanings(
    server: LspClient,
) -> None:
    uri = _uri(server, "complete.pod.yaml")
    server.open(uri, COMPLETE)
    server.diagnostics(uri)
    items = server.completion(uri, 8, len("      imagePullPolicy: "))
    offered = {item["label"]: item["documentation"]["value"] for item in items}
    assert offered == {
        '""': "Empty: the server's default, Always for a :latest image (or one with "
        "neither tag nor digest) and IfNotPresent otherwise, filled in before "
        "validation.",
        "Always": "Always pull; creation fails if the pull fails.",
        "IfNotPresent": "Pull only if the image is not already present on the node.",
        "Never": "Never pull; use only a local copy, and fail if it is absent.",
    }


# An optional field accepts null (the API reads it as unset) but nobody is invited to
# write it: the cursor goes after "restartPolicy: " (line 5) and "tty: " (line 9).
UNSET = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  restartPolicy: \n"
    "  containers:\n    - name: web\n      image: nginx\n      tty: \n"
)


def test_null_is_accepted_but_not_offered(server: LspClient) -> None:
    uri = _uri(server, "unset.pod.yaml")
    server.open(uri, UNSET)
    server.diagnostics(uri)
    policy = {item["label"] for item in server.completion(uri, 5, 17)}
    assert policy == {'""', "Always", "OnFailure", "Never"}
    tty = {item["label"] for item in server.completion(uri, 9, 11)}
    assert tty == {"true", "false"}
    written = UNSET.replace("restartPolicy: ", "restartPolicy: null").replace(
        "tty: ", "tty: null"
    )
    assert _diagnostics(server, "unset.pod.yaml", written) == []
    # Hovering a null says what it means, under the field's own title.
    assert server.hover(uri, 5, 4).startswith(
        "#### restartPolicy\n\nUnset: the same as leaving the field out "
        '(the default, "Always", applies).\n'
    )


def test_an_enum_hover_lists_the_values_and_not_null(server: LspClient) -> None:
    uri = _uri(server, "enum-hover.pod.yaml")
    text = UNSET.replace("restartPolicy: ", "restartPolicy: Never")
    server.open(uri, text)
    assert server.diagnostics(uri) == []
    hover = server.hover(uri, 5, 20)
    assert hover.startswith("#### restartPolicy\n\nRestart policy for all containers")
    values = hover.split("Allowed Values:\n\n")[1].split("\n\n")[0].splitlines()
    # The server lists the value written first, then the others in the schema's order.
    assert values == [
        "* `Never`: Never restart containers.",
        '* `""`: ' "Empty: the server's default, Always, filled in before validation.",
        "* `Always`: Always restart containers when they exit, whatever their exit "
        "status.",
        "* `OnFailure`: Restart containers only when they exit with a non-zero status.",
    ]
    assert "null" not in hover


def test_completion_offers_the_container_snippets(server: LspClient) -> None:
    uri = _uri(server, "snippet.pod.yaml")
    text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - \n"
    server.open(uri, text)
    server.diagnostics(uri)
    items = {item["label"]: item for item in server.completion(uri, 6, 6)}
    snippet = items["container with name and image"]
    assert snippet["insertText"] == "name: ${1:app}\n  image: ${2:nginx:1.27}"


def test_hover_shows_our_markdown_description_with_the_default(
    server: LspClient,
) -> None:
    uri = _uri(server, "hover.pod.yaml")
    text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  terminationGracePeriodSeconds: 10\n  containers:\n    - name: web\n      image: nginx\n      resources: {}\n"
    server.open(uri, text)
    server.diagnostics(uri)
    hover = server.hover(uri, 5, 4)
    assert hover.startswith(
        "#### terminationGracePeriodSeconds\n\nOptional duration in seconds"
    )
    assert "\n\nDefault: `30`\n\n" in hover
    assert (
        "[Reference](https://github.com/podspec-gen/podspec-gen/blob/main/generated/docs/container.md#podspec-terminationgraceperiodseconds)"
        in hover
    )
    # An optional object field shows the field's own description, not its type's.
    resources = server.hover(uri, 9, 8)
    assert resources.startswith(
        "#### resources\n\nCompute Resources required by this container."
    )


def format_of(type_name: str, wire: str) -> tuple[str, str, str]:
    """A field's format as the model has it: its one sentence, how a link to its
    explanation reads, and where that link goes (the docs' section of the format)."""
    spec = model()
    field = next(f for f in spec.type(type_name).fields if f.wire_name == wire)
    note = format_note(spec, field)
    assert note is not None and note.type_name is not None, (type_name, wire)
    link = format_link(render_docs.layout(spec), note)
    home = render_docs.layout(spec).home(note.type_name)
    assert link.endswith(f"/{home}#{note.type_name.lower()}"), link
    return note.summary, note.title, link


def flat(text: str) -> str:
    return " ".join(text.split())


def test_hover_on_a_quantity_and_a_port_explains_the_format(
    server: LspClient,
) -> None:
    uri = _uri(server, "formats.pod.yaml")
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n"
        "    - name: web\n      image: nginx\n      resources:\n        limits:\n"
        "          cpu: 500m\n      livenessProbe:\n        httpGet:\n"
        "          port: http\n"
    )
    server.open(uri, text)
    assert server.diagnostics(uri) == []
    # The map of quantities sums up the format for each value and links it...
    summary, title, link = format_of("ResourceRequirements", "limits")
    limits = server.hover(uri, 9, 10)
    assert limits.startswith("#### limits\n\nLimits describes the maximum")
    assert f"\n\nEach value: {summary} See [{title}]({link}).\n\n" in limits
    # ... and a value in it is a Quantity, explained whole, from the same sentence.
    cpu = server.hover(uri, 10, 11)
    assert cpu.startswith("#### Quantity\n\n")
    assert flat(cpu).startswith(f"#### Quantity {summary}")
    assert "canonical form" in cpu and f"[Reference]({link})" in cpu
    summary, title, link = format_of("HTTPGetAction", "port")
    port = server.hover(uri, 13, 11)
    assert port.startswith("#### port\n\nName or number of the port")
    assert f"\n\n{summary} See [{title}]({link}).\n\n" in port


def test_a_misspelt_resource_name_is_flagged(server: LspClient) -> None:
    # resources-limits-standard-names, said as propertyNames on the map.
    text = _pod(
        {
            "containers": [
                {
                    "name": "a",
                    "image": "b",
                    "resources": {"limits": {"memroy": "1Gi", "example.com/gpu": 1}},
                }
            ]
        }
    )
    lines = text.splitlines()
    found = _diagnostics(server, "resources.pod.yaml", text)
    assert [lines[line - 1].strip() for line, _, _ in found] == ["memroy: 1Gi"]


FOLDER = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx
          imagePullPolice: Always
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
      tragetPort: 8080
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Sometimes
          containers:
            - name: report
              image: busybox
"""


def test_one_schema_serves_a_folder_of_manifests(server: LspClient) -> None:
    # kubernetes.schema.json: each document checked as its kind; the Service untouched.
    lines = FOLDER.splitlines()
    found = _diagnostics(server, "app.k8s.yaml", FOLDER)
    assert [lines[line - 1].strip() for line, _, _ in found] == [
        "imagePullPolice: Always",
        "restartPolicy: Sometimes",
    ]


@pytest.fixture(scope="module")
def yaml11(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LspClient]:
    schemas = {(SCHEMAS / "pod.schema.json").as_uri(): "*.pod.yaml"}
    root = tmp_path_factory.mktemp("yaml11")
    yield from yaml_language_server(root, schemas, yaml_version="1.1")


OCTAL_MODE = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx
      env:
        - name: DEBUG
          value: yes
  volumes:
    - name: config
      configMap:
        name: web
        defaultMode: 0644
"""


def test_the_readmes_yaml_1_1_setting_reads_as_kubectl_reads(
    server: LspClient, yaml11: LspClient
) -> None:
    # kubectl reads YAML 1.1: 0644 is octal (420) and `yes` a boolean, which an env
    # value may not be. The editor's default, YAML 1.2, reads 644 (over 0777) and
    # the string "yes"; README.md's settings ask for 1.1.
    assert _diagnostics(yaml11, "mode.pod.yaml", OCTAL_MODE) == [
        (11, 18, 'Incorrect type. Expected "string".')
    ]
    by_default = _diagnostics(server, "mode.pod.yaml", OCTAL_MODE)
    assert [m for _, _, m in by_default] == ["Value is above the maximum of 511."]
