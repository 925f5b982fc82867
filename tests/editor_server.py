"""A running `build.py serve` with its editor, and plain HTTP requests to it, for the editor's tests."""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class EditorServer:
    port: int
    content: Path
    process: subprocess.Popen
    token: str = ""

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Answer:
        """One request, with exactly the headers given (Host included, when given)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest(method, path, skip_host=headers is not None and "Host" in headers)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.putheader("Content-Length", str(len(body or b"")))
            connection.endheaders(body)
            response = connection.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def api(self, action: str, payload: dict, **overrides) -> Answer:
        """An API call as the editor's page makes it; `overrides` replace or drop (None) headers."""
        headers = {"Host": f"127.0.0.1:{self.port}", "Origin": self.origin, "Content-Type": "application/json",
                   "X-Editor-Token": self.token}
        for name, value in overrides.items():
            name = name.replace("_", "-")
            headers = {key: item for key, item in headers.items() if key.lower() != name.lower()}
            if value is not None:
                headers[name] = value
        return self.request("POST", f"/_editor/api/{action}", json.dumps(payload).encode(), headers)


def start_editor(content: Path, today: str = "2012-11-26") -> EditorServer:
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port),
                                "--content", str(content), "--today", today],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    server = EditorServer(port, content, process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            page = server.request("GET", "/_editor/", headers={"Host": f"127.0.0.1:{port}"})
            if page.status == 200:
                server.token = re.search(rb'name="editor-token" content="([^"]+)"', page.body).group(1).decode()
                return server
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise AssertionError(f"the editor did not start: {process.communicate(timeout=10)[0]}")


def stop_editor(server: EditorServer) -> None:
    server.process.terminate()
    server.process.wait(timeout=10)
    if server.process.stdout:
        server.process.stdout.close()
