"""Workload manifests in the real yaml-language-server: a Deployment, a StatefulSet, a
CronJob and a multi-document file with a Service, each associated by a modeline with
kubernetes.schema.json (which picks the kind by apiVersion and kind) or with the kind's
own schema file.

Skipped only when node itself is absent, as tests/test_lsp.py is; a missing server
package is a failure, because CI installs it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import GENERATED, tool_required
from lsp_client import NODE, SERVER, LspClient, yaml_language_server
from test_lsp import flat, format_of

SCHEMAS = GENERATED / "jsonschema"
CURSOR = "‸"  # where the test asks for a completion or a hover; not sent

pytestmark = tool_required(
    "yaml-language-server",
    NODE is not None and SERVER.is_file(),
    "install Node.js and run `npm ci` in the project; the workload schemas are NOT "
    "being checked in the editor",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LspClient]:
    schemas = {(SCHEMAS / "kubernetes.schema.json").as_uri(): "*.k8s.yaml"}
    yield from yaml_language_server(tmp_path_factory.mktemp("workloads"), schemas)


def modeline(schema: str) -> str:
    return f"# yaml-language-server: $schema={(SCHEMAS / schema).as_uri()}\n"


class Document:
    """A document opened in the server. Its text is written with cursor marks;
    `completion(n)` and `hover(n)` ask at the n-th (in reading order)."""

    def __init__(self, server: LspClient, name: str, marked: str) -> None:
        self.server = server
        self.uri = (server.root / name).as_uri()
        self.text = marked.replace(CURSOR, "")
        self.lines = self.text.splitlines()
        self.marks: list[tuple[int, int]] = []
        for number, line in enumerate(marked.splitlines()):
            column = 0
            for before in line.split(CURSOR)[:-1]:
                column += len(before)
                self.marks.append((number, column))
        server.open(self.uri, self.text)

    def problems(self) -> list[tuple[str, str]]:
        """(the text of the line it starts on, message) of each diagnostic, in order."""
        found = sorted(
            (d["range"]["start"]["line"], d["message"])
            for d in self.server.diagnostics(self.uri)
        )
        return [(self.lines[line].strip(), message) for line, message in found]

    def completion(self, mark: int = 0) -> set[str]:
        return {
            item["label"]
            for item in self.server.completion(self.uri, *self.marks[mark])
        }

    def hover(self, mark: int = 0) -> str:
        return self.server.hover(self.uri, *self.marks[mark])


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 2
  selector:
    matchLabels: {app: web}
  strategy:
    rollingUpdate:
      max‸Surge: 25%
  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGrace‸PeriodSeconds: 10
      containers:
        - name: web
          image: nginx
          imagePullPolice: Always
          resources:
            limits:
              cpu: 50‸0m
              memroy: 1Gi
              example.com/gpu: 1
              hugepages-32Mi: 64Mi
      ‸
"""

# The diagnostics of DEPLOYMENT: the envelope's typo and the pod spec's, each on its line.
# The misspelt resource name's message is the server's generic one for a broken
# propertyNames rule; its line is what matters. An extended resource and hugepages of
# any size pass.
DEPLOYMENT_PROBLEMS = [
    ("replica: 2", "Property replica is not allowed."),
    ("imagePullPolice: Always", "Property imagePullPolice is not allowed."),
    ("memroy: 1Gi", "Matches a schema that is not allowed."),
]


@pytest.mark.parametrize("schema", ["kubernetes.schema.json", "deployment.schema.json"])
def test_a_deployment_is_checked_envelope_and_pod_spec(
    server: LspClient, schema: str
) -> None:
    document = Document(server, f"web-{schema}.yaml", modeline(schema) + DEPLOYMENT)
    assert document.problems() == DEPLOYMENT_PROBLEMS
    # Completion in the pod template's spec offers the PodSpec's fields, not the
    # Deployment's.
    offered = document.completion(3)
    assert {"affinity", "initContainers", "nodeSelector", "volumes"} <= offered
    assert "replicas" not in offered and "containers" not in offered
    assert document.hover(1).startswith(
        "#### terminationGracePeriodSeconds\n\nOptional duration in seconds"
    )


def test_quantity_and_int_or_string_hovers_explain_the_format(
    server: LspClient,
) -> None:
    schema = "kubernetes.schema.json"
    document = Document(server, "formats.yaml", modeline(schema) + DEPLOYMENT)
    # A value of the limits map is a Quantity, explained whole: the format's sentence
    # first, then the rest, and a link to the docs' section.
    summary, _, link = format_of("ResourceRequirements", "limits")
    cpu = document.hover(2)
    assert flat(cpu).startswith(f"#### Quantity {summary}")
    assert "canonical form" in cpu and f"[Reference]({link})" in cpu
    # A field of the format: its own prose, the format's sentence and the link.
    summary, title, link = format_of("RollingUpdateDeployment", "maxSurge")
    surge = document.hover(0)
    assert surge.startswith("#### maxSurge\n\nThe maximum number of pods")
    assert f"\n\n{summary} See [{title}]({link}).\n\n" in surge
    assert '\n\nDefault: `"25%"`\n\n' in surge


LIMITS = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx
          resources:
            limits:
              ‸
"""


def test_resource_names_are_completed(server: LspClient) -> None:
    document = Document(
        server, "limits.yaml", modeline("kubernetes.schema.json") + LIMITS
    )
    assert document.problems() == []
    assert {
        "cpu",
        "memory",
        "ephemeral-storage",
        "hugepages-2Mi",
    } <= document.completion()


STATEFULSET = """\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replica: 3
  podManagementPolicy: ‸
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      host‸name: Db_0
      subdomain: db.internal
      containers:
        - name: db
          image: postgres:17
          tyy: true
          volumeMounts:
            - {name: data, mountPath: /var/lib/postgresql}
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        storageClasName: fast
        resources:
          requests:
            storage: 1Gi
"""


@pytest.mark.parametrize(
    "schema", ["kubernetes.schema.json", "statefulset.schema.json"]
)
def test_a_statefulset_is_checked_claim_templates_included(
    server: LspClient, schema: str
) -> None:
    document = Document(server, f"db-{schema}.yaml", modeline(schema) + STATEFULSET)
    assert document.problems() == [
        ("replica: 3", "Property replica is not allowed."),
        ("tyy: true", "Property tyy is not allowed."),
        ("storageClasName: fast", "Property storageClasName is not allowed."),
    ]
    # The envelope's enums are offered with their values only: never null.
    assert document.completion() == {'""', "OrderedReady", "Parallel"}
    # The server empties a StatefulSet's hostname and subdomain before it validates
    # the template: no diagnostic, and the hover says why.
    said = " ".join(document.hover(1).split())
    assert "In a StatefulSet, the API server empties this field" in said


def test_the_same_hostname_in_a_deployment_is_refused(server: LspClient) -> None:
    text = STATEFULSET.replace("kind: StatefulSet", "kind: Deployment")
    for line in ("  serviceName: db\n", "  replica: 3\n", "  podManagementPolicy: ‸\n"):
        text = text.replace(line, "")
    text = text[: text.index("  volumeClaimTemplates:")]
    document = Document(server, "db.k8s.yaml", text)
    lines = [line for line, _ in document.problems()]
    assert lines == ["hostname: Db_0", "subdomain: db.internal", "tyy: true"]


CRONJOB = """\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  concurencyPolicy: Forbid
  jobTemplate:
    spec:
      backofLimit: 3
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: busybox
              comand: [date]
          ‸
          active‸DeadlineSeconds: 600
"""


@pytest.mark.parametrize("schema", ["kubernetes.schema.json", "cronjob.schema.json"])
def test_a_cronjob_is_checked_down_its_job_template(
    server: LspClient, schema: str
) -> None:
    document = Document(server, f"report-{schema}.yaml", modeline(schema) + CRONJOB)
    assert document.problems() == [
        ("concurencyPolicy: Forbid", "Property concurencyPolicy is not allowed."),
        ("backofLimit: 3", "Property backofLimit is not allowed."),
        ("comand: [date]", "Property comand is not allowed."),
    ]
    offered = document.completion(0)
    assert {"affinity", "nodeSelector", "volumes", "serviceAccountName"} <= offered
    assert "schedule" not in offered and "backoffLimit" not in offered
    # The pod spec's own field, not the Job's activeDeadlineSeconds of the same name.
    assert document.hover(1).startswith(
        "#### activeDeadlineSeconds\n\nOptional duration in seconds the pod may be "
        "active"
    )


SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
  annotations: {anything: goes}
spec:
  type: ClusterIP
  selector: {app: web}
  ports:
    - port: 80
      targetPort: http
      whatever: 1
"""


def test_a_service_beside_a_deployment_gets_no_diagnostic(server: LspClient) -> None:
    # yaml-language-server reads a modeline per document: each document names the
    # schema after its `---`.
    schema = modeline("kubernetes.schema.json")
    text = schema + SERVICE + "---\n" + schema + DEPLOYMENT
    document = Document(server, "app.yaml", text)
    assert document.problems() == DEPLOYMENT_PROBLEMS
    assert {"affinity", "volumes"} <= document.completion(3)


def test_a_file_association_serves_every_document(server: LspClient) -> None:
    document = Document(server, "app.k8s.yaml", SERVICE + "---\n" + DEPLOYMENT)
    assert document.problems() == DEPLOYMENT_PROBLEMS


def test_a_modeline_covers_only_its_own_document(server: LspClient) -> None:
    # What the README must say: in a multi-document file, a modeline in the first
    # document leaves the others unchecked.
    schema = modeline("kubernetes.schema.json")
    document = Document(
        server, "first-only.yaml", schema + SERVICE + "---\n" + DEPLOYMENT
    )
    assert document.problems() == []
