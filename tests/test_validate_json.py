"""`validate` reads a document that starts with `{` as JSON, as kubectl does
(NewYAMLOrJSONDecoder hands it to Go's JSON decoder): what JSON takes and YAML refuses is
no reason to call the file unreadable, and a whole number written as a float reaches the
server as kubectl sends it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_validate import _file, _run

POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "web", "annotations": {"note": "ROCKET"}},
    "spec": {"containers": [{"name": "app", "image": "nginx"}]},
}


def _pod(note: str, port: object = 80) -> str:
    pod = json.loads(json.dumps(POD).replace('"ROCKET"', json.dumps(note)))
    pod["spec"]["containers"][0]["ports"] = [{"containerPort": port}]
    return json.dumps(pod)


@pytest.mark.parametrize(
    "text",
    [
        # json.dump's default: every character outside ASCII escaped, an emoji as a
        # surrogate pair, which YAML's escapes cannot spell.
        _pod("launch \U0001f680"),
        _pod("raw DEL \x7f and C1 \x9b"),  # JSON strings may hold them; YAML may not
        json.dumps(json.loads(_pod("\U0001f680")), indent=2, ensure_ascii=False),
    ],
    ids=["surrogate-pair", "raw-controls", "unescaped"],
)
def test_json_that_yaml_refuses_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    code, out, err = _run(capsys, _file(tmp_path, text, "pod.json"))
    assert code == 0, (out, err)


@pytest.mark.parametrize("port", ["80.0", "8e1", "80.00e0"])
def test_a_whole_float_in_json_reaches_the_server_as_an_integer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], port: str
) -> None:
    """kubectl reads JSON's `80.0` as a float64 (apimachinery's util/json) and encodes
    the object again with Go's encoder, which prints a whole float below 1e21 without a
    fraction: the server gets 80, as from YAML (`kubectl patch --local` prints 80)."""
    text = json.dumps(json.loads(_pod("x")), indent=2).replace('": 80', f'": {port}')
    code, out, err = _run(capsys, _file(tmp_path, text, "pod.json"))
    assert code == 0, (out, err)


def test_a_fraction_in_json_is_no_integer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps(json.loads(_pod("x")), indent=2).replace('": 80', '": 80.5')
    code, out, _ = _run(capsys, _file(tmp_path, text, "pod.json"))
    assert code == 1
    (line,) = [s for s in out if "containerPort" in s]
    where = text.splitlines().index(next(s for s in text.splitlines() if "80.5" in s))
    assert line.startswith(f"{tmp_path / 'pod.json'}:{where + 1}:")
    assert line.endswith("containerPort: expected an integer, got a number")


def test_problems_in_json_with_surrogates_keep_their_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps(json.loads(_pod("\U0001f680", port=-1)), indent=1)
    code, out, _ = _run(capsys, _file(tmp_path, text, "pod.json"))
    assert code == 1
    (line,) = [s for s in out if "containerPort" in s]
    row = next(n for n, s in enumerate(text.splitlines(), 1) if '"containerPort"' in s)
    assert line.startswith(f"{tmp_path / 'pod.json'}:{row}:")


def test_text_that_is_not_json_is_still_read_as_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "{apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {containers: [{name: app, image: nginx}]}}\n"
    code, out, err = _run(capsys, _file(tmp_path, text, "pod.yaml"))
    assert code == 0, (out, err)
