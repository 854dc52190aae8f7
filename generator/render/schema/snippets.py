"""defaultSnippets: the common shapes an editor offers to insert, as yaml-language-server data.

A string starting with `^` is snippet text for the editor (`${1:web}` is a tab stop with
`web` typed in); any other string is inserted literally. tests/test_schema.py checks that
every body, with its tab stops filled in, is valid against the type it is offered for.
"""

from __future__ import annotations

from typing import Any

Snippet = dict[str, Any]

CONTAINER: Snippet = {
    "label": "container with name and image",
    "description": "A container: a name unique in the pod and the image to run.",
    "body": {"name": "^${1:app}", "image": "^${2:nginx:1.27}"},
}
CONTAINER_WITH_PORT: Snippet = {
    "label": "container with a port",
    "description": "A container that listens on one TCP port.",
    "body": {
        "name": "^${1:web}",
        "image": "^${2:nginx:1.27}",
        "ports": [{"containerPort": "^${3:80}"}],
    },
}
HTTP_READINESS_PROBE: Snippet = {
    "label": "HTTP readiness probe",
    "description": "Ready when an HTTP GET on the path and port answers 200-399.",
    "body": {
        "httpGet": {"path": "^${1:/healthz}", "port": "^${2:8080}"},
        "initialDelaySeconds": "^${3:5}",
        "periodSeconds": "^${4:10}",
    },
}
RESOURCES: Snippet = {
    "label": "resources block",
    "description": "CPU and memory requested for scheduling, and the limits enforced.",
    "body": {
        "requests": {"cpu": "^${1:100m}", "memory": "^${2:128Mi}"},
        "limits": {"memory": "^${3:256Mi}"},
    },
}
TOLERATION: Snippet = {
    "label": "toleration",
    "description": "Tolerate a NoSchedule taint with a given key and value.",
    "body": {
        "key": "^${1:dedicated}",
        "operator": "Equal",
        "value": "^${2:gpu}",
        "effect": "NoSchedule",
    },
}
EMPTY_DIR_VOLUME: Snippet = {
    "label": "emptyDir volume",
    "description": "Scratch space that lives as long as the pod; mount it by its name.",
    "body": {"name": "^${1:data}", "emptyDir": {}},
}
CONFIG_MAP_VOLUME: Snippet = {
    "label": "configMap volume",
    "description": "The keys of a ConfigMap as files; mount it by its name.",
    "body": {"name": "^${1:config}", "configMap": {"name": "^${2:app-config}"}},
}
VOLUME_MOUNT: Snippet = {
    "label": "volume mount",
    "description": "Mount the pod volume with this name at a path in the container.",
    "body": {"name": "^${1:data}", "mountPath": "^${2:/data}"},
}
POD_WITH_VOLUME: Snippet = {
    "label": "container with a volume and its mount",
    "description": "One container that mounts an emptyDir volume of the pod.",
    "body": {
        "containers": [
            {
                "name": "^${1:app}",
                "image": "^${2:nginx:1.27}",
                "volumeMounts": [{"name": "^${3:data}", "mountPath": "^${4:/data}"}],
            }
        ],
        "volumes": [{"name": "^${3:data}", "emptyDir": {}}],
    },
}

# Offered wherever the type is expected (list items included).
TYPE_SNIPPETS: dict[str, list[Snippet]] = {
    "PodSpec": [POD_WITH_VOLUME],
    "Container": [CONTAINER, CONTAINER_WITH_PORT],
    "ResourceRequirements": [RESOURCES],
    "Toleration": [TOLERATION],
    "Volume": [EMPTY_DIR_VOLUME, CONFIG_MAP_VOLUME],
    "VolumeMount": [VOLUME_MOUNT],
}
# Offered for one field only: a readiness probe is usually HTTP; liveness often is not.
FIELD_SNIPPETS: dict[tuple[str, str], list[Snippet]] = {
    ("Container", "readinessProbe"): [HTTP_READINESS_PROBE],
}
