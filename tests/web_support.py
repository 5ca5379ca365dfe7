"""What the web tests share: a workspace with the sample company, a client signed in with the
token the way a browser is, and a way to wait for a build."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from zonedocs.samples.company import write_sample
from zonedocs.web.app import create_app
from zonedocs.web.security import csrf_token
from zonedocs.web.state import Site
from zonedocs.web.workspace import Workspace

TOKEN = "test-token-1234"


def workspace(root: Path, sample: bool = True) -> Workspace:
    ws = Workspace(root)
    ws.prepare()
    if sample:
        write_sample(ws.inputs)
    return ws


def client(ws: Workspace, signed_in: bool = True, **site_options: Any) -> TestClient:
    app = create_app(Site(ws, TOKEN, **site_options))
    test_client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
    if signed_in:
        response = test_client.get(f"/?token={TOKEN}")
        assert response.status_code == 303, response.text
        test_client.headers["X-Zonedocs-CSRF"] = csrf_token(TOKEN)
    return test_client


def wait(client: TestClient, build_id: str, limit: float = 240) -> dict[str, Any]:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        state: dict[str, Any] = client.get(f"/api/builds/{build_id}").json()
        if state["state"] != "running":
            return state
        time.sleep(0.1)
    raise AssertionError("the build did not finish in time")


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client: TestClient, url: str, filename: str, data: bytes, **fields: str) -> Any:
    return client.post(url, files={"file": (filename, data)}, data=fields)
