"""metav1.Time as the API server decodes it (Time.UnmarshalJSON: time.Parse with
time.RFC3339): a manifest's timestamp that Go cannot parse is refused before
validation, by the SDK, `podspec.fast` and the schemas; `null` (kubectl's
`creationTimestamp: null`) is no time."""

from __future__ import annotations

import sys
from typing import Any

import jsonschema
import podspec
import pydantic
import pytest
from conftest import GENERATED, load_json
from podspec import fast

sys.path.insert(0, str(GENERATED / "pydantic"))
import podspec_pydantic

SCHEMA = jsonschema.Draft202012Validator(
    load_json(GENERATED / "jsonschema" / "pod.schema.json")
)
TAKEN = [
    None,
    "2024-05-04T12:00:00Z",
    "2024-05-04T14:00:00.25+02:00",
    "2024-05-04T14:00:00,5-07:30",  # time.Parse takes a comma before the fraction
    "1999-12-31T23:59:59.999999999Z",
    "2024-02-29T00:00:00Z",  # a leap year's
    "2000-02-29T00:00:00Z",  # divisible by 400: leap
    "2023-04-30T00:00:00Z",
    "2024-05-04T1:00:00Z",  # the general parser reads a one-digit hour
]
REFUSED = [
    "",
    "2024-05-04",
    "2024-05-04T12:00:00",  # no zone
    "2024-05-04 12:00:00Z",
    "2024-05-04t12:00:00z",
    "2024-13-01T00:00:00Z",
    "2024-05-04T24:00:00Z",
    "2024-05-04T12:00:60Z",
    "2024-05-04T12:0:00Z",  # minutes and seconds take two digits
    "2024-05-04T123:00:00Z",
    "24-05-04T12:00:00Z",
    "2024-02-30T00:00:00Z",  # time.Parse: day out of range
    "2023-02-29T00:00:00Z",  # not a leap year
    "1900-02-29T00:00:00Z",  # divisible by 100, not by 400: not leap
    "2024-04-31T00:00:00Z",
]


def _pod(**metadata: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "web", **metadata},
        "spec": {"containers": [{"name": "app", "image": "nginx"}]},
    }


def _entry(time: Any) -> dict[str, Any]:
    return {"manager": "kubectl", "operation": "Apply", "time": time}


@pytest.mark.parametrize("time", TAKEN)
def test_rfc3339_times_are_taken(time: Any) -> None:
    for pod in (_pod(creationTimestamp=time), _pod(managedFields=[_entry(time)])):
        podspec.Pod.from_dict(pod)
        fast.Pod.from_dict(pod)
        assert not list(SCHEMA.iter_errors(pod))
        # A Time is the string Go's time.Parse takes in every flavour, kept as written.
        dumped = podspec_pydantic.Pod.model_validate(pod).model_dump(
            by_alias=True, exclude_unset=True
        )
        assert dumped == pod


@pytest.mark.parametrize("time", REFUSED)
def test_what_time_parse_refuses_is_refused(time: str) -> None:
    for pod, path in (
        (_pod(creationTimestamp=time), "metadata.creationTimestamp"),
        (_pod(deletionTimestamp=time), "metadata.deletionTimestamp"),
        (_pod(managedFields=[_entry(time)]), "metadata.managedFields[0].time"),
    ):
        for parse in (podspec.Pod.from_dict, fast.Pod.from_dict):
            with pytest.raises(podspec.ValidationError) as raised:
                parse(pod)
            (problem,) = raised.value.problems
            assert problem.path == path
            assert "must match the pattern ^([0-9]{4}-" in problem.message
        assert list(SCHEMA.iter_errors(pod))
        with pytest.raises(pydantic.ValidationError) as caught:
            podspec_pydantic.Pod.model_validate(pod)
        (error,) = caught.value.errors()
        assert ".".join(map(str, error["loc"])).startswith(path.replace("[0]", ".0"))
