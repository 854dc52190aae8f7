"""A small Language Server Protocol client over stdio, enough to drive yaml-language-server
as an editor does: initialize, answer workspace/configuration, open documents, collect
publishDiagnostics, ask for completion and hover.

Messages are JSON-RPC with a Content-Length header. A reader thread files responses by
id and keeps the latest diagnostics per document; requests the server makes of us
(configuration, capability registration, progress) are answered at once.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TIMEOUT = 30.0
SERVER = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "yaml-language-server"
    / "bin"
    / "yaml-language-server"
)
NODE = shutil.which("node")


class LspError(Exception):
    pass


class LspClient:
    def __init__(self, command: list[str], settings: dict[str, Any], cwd: Path) -> None:
        self.settings = settings
        self.root = cwd  # the workspace folder; documents are opened under it
        self._process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._next_id = 0
        self._responses: dict[int, dict[str, Any]] = {}
        self._diagnostics: dict[str, list[dict[str, Any]]] = {}
        self._versions: dict[str, int] = {}
        self._lock = threading.Condition()
        self._write_lock = threading.Lock()
        self._closed = False
        self.log: list[str] = []
        threading.Thread(target=self._read_loop, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    # -- wire -------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self._process.stdin is not None
        with self._write_lock:
            self._process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self._process.stdin.flush()

    def _read_message(self) -> dict[str, Any] | None:
        stream = self._process.stdout
        assert stream is not None
        length = None
        while True:
            line = stream.readline()
            if not line:
                return None
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.lower() == "content-length":
                length = int(value.strip())
        if length is None:
            raise LspError("message without Content-Length")
        data: dict[str, Any] = json.loads(stream.read(length))
        return data

    def _read_loop(self) -> None:
        while True:
            message = self._read_message()
            if message is None:
                with self._lock:
                    self._closed = True
                    self._lock.notify_all()
                return
            if "method" in message and "id" in message:
                self._answer(message)
            elif "method" in message:
                self._notified(message)
            else:
                with self._lock:
                    self._responses[message["id"]] = message
                    self._lock.notify_all()

    def _drain_stderr(self) -> None:
        assert self._process.stderr is not None
        for line in self._process.stderr:
            self.log.append(line.decode("utf-8", "replace").rstrip())

    def _answer(self, request: dict[str, Any]) -> None:
        """Requests from the server: give configuration, accept everything else."""
        result: Any = None
        if request["method"] == "workspace/configuration":
            result = [
                self.settings.get(item.get("section", ""), None)
                for item in request["params"]["items"]
            ]
        self._send({"id": request["id"], "result": result})

    def _notified(self, message: dict[str, Any]) -> None:
        if message["method"] == "textDocument/publishDiagnostics":
            params = message["params"]
            with self._lock:
                self._diagnostics[params["uri"]] = params["diagnostics"]
                self._lock.notify_all()
        elif message["method"] == "window/logMessage":
            self.log.append(message["params"]["message"])

    # -- requests ---------------------------------------------------------------------

    def request(self, method: str, params: Any) -> Any:
        with self._lock:
            self._next_id += 1
            ident = self._next_id
        self._send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT
        with self._lock:
            while ident not in self._responses:
                remaining = deadline - time.monotonic()
                if self._closed or remaining <= 0:
                    raise LspError(
                        f"no answer to {method}; server log:\n" + "\n".join(self.log)
                    )
                self._lock.wait(remaining)
            response = self._responses.pop(ident)
        if "error" in response:
            raise LspError(f"{method}: {response['error']}")
        return response.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def initialize(self, root: Path) -> None:
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {
                    "workspace": {"configuration": True, "didChangeConfiguration": {}},
                    "textDocument": {
                        "publishDiagnostics": {},
                        "completion": {
                            "completionItem": {
                                "snippetSupport": True,
                                "documentationFormat": ["markdown", "plaintext"],
                            }
                        },
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                    },
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    def open(self, uri: str, text: str) -> None:
        """Open (or replace) a document; its diagnostics arrive later (see diagnostics)."""
        with self._lock:
            self._diagnostics.pop(uri, None)
            version = self._versions.get(uri, 0) + 1
            self._versions[uri] = version
        if version == 1:
            self.notify(
                "textDocument/didOpen",
                {
                    "textDocument": {
                        "uri": uri,
                        "languageId": "yaml",
                        "version": version,
                        "text": text,
                    }
                },
            )
        else:
            self.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": text}],
                },
            )

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The diagnostics published for the document since it was last opened."""
        deadline = time.monotonic() + TIMEOUT
        with self._lock:
            while uri not in self._diagnostics:
                remaining = deadline - time.monotonic()
                if self._closed or remaining <= 0:
                    raise LspError(
                        f"no diagnostics for {uri}; server log:\n" + "\n".join(self.log)
                    )
                self._lock.wait(remaining)
            return self._diagnostics[uri]

    def completion(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        result = self.request(
            "textDocument/completion",
            {
                "textDocument": {"uri": uri},
                "position": {"line": line, "character": character},
            },
        )
        if result is None:
            return []
        items: list[dict[str, Any]] = (
            result["items"] if isinstance(result, dict) else result
        )
        return items

    def hover(self, uri: str, line: int, character: int) -> str:
        result = self.request(
            "textDocument/hover",
            {
                "textDocument": {"uri": uri},
                "position": {"line": line, "character": character},
            },
        )
        if not result:
            return ""
        contents = result["contents"]
        return str(contents["value"] if isinstance(contents, dict) else contents)

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self._process.wait(timeout=10)
        except (LspError, OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()


def yaml_language_server(
    root: Path, schemas: dict[str, str], yaml_version: str | None = None
) -> Iterator[LspClient]:
    """yaml-language-server (the npm package pinned in package.json) on `root`, with
    `schemas` (schema URI -> glob) and every feature an editor turns on (and the YAML
    version it reads, `yaml.yamlVersion`, when given); closed after. The caller has
    checked that node and the package are there (`SERVER`, `NODE`)."""
    assert NODE is not None
    settings: dict[str, Any] = {
        "yaml": {
            "validate": True,
            "hover": True,
            "completion": True,
            "schemaStore": {"enable": False},
            "schemas": schemas,
        }
    }
    if yaml_version is not None:
        settings["yaml"]["yamlVersion"] = yaml_version
    client = LspClient([NODE, str(SERVER), "--stdio"], settings, root)
    client.initialize(root)
    yield client
    client.close()
