"""The `zonedocs serve` command: the address it prints, the token it takes, a port in use, and
a clean stop on Ctrl-C."""

from __future__ import annotations

import json
import socket
import sys
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.serve_process import Served
from zonedocs.cli import main
from zonedocs.web.serve import address

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Ctrl-C is sent as SIGINT")


def test_the_address_carries_the_token() -> None:
    assert address("127.0.0.1", 8765, "abc") == "http://127.0.0.1:8765/?token=abc"
    assert address("0.0.0.0", 80, "t") == "http://127.0.0.1:80/?token=t"
    assert address("::1", 8000, "t") == "http://[::1]:8000/?token=t"


def test_serve_prints_its_address_serves_with_the_token_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    with Served(tmp_path / "新工作区", env={"ZONEDOCS_TOKEN": "from-the-environment"}) as served:
        assert served.url.endswith("/?token=from-the-environment")
        assert any("工作文件夹" in line for line in served.lines)
        assert served.lines[-1] == "按 Ctrl+C 停止。"
        request = urllib.request.Request(served.base + "/api/files",
                                         headers={"Authorization": "Bearer from-the-environment"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.load(response) == []
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(served.base + "/api/files", timeout=10)
        assert refused.value.code == 401
        code, out, err = served.stop()
    assert code == 0, err
    assert "已停止" in out and "Traceback" not in err
    assert (tmp_path / "新工作区" / "inputs").is_dir() and (tmp_path / "新工作区" / "outputs").is_dir()


def test_a_random_token_unless_one_is_given(tmp_path: Path) -> None:
    with Served(tmp_path) as first, Served(tmp_path) as second:
        tokens = {first.url.split("token=")[1], second.url.split("token=")[1]}
        first.stop()
        second.stop()
    assert len(tokens) == 2 and all(len(t) >= 24 for t in tokens)


def test_a_port_in_use_is_a_usage_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(tmp_path), "--port", str(port), "--no-browser"])
    assert result.exit_code == 2
    assert f"端口 {port} 已被占用" in result.output


def test_an_empty_token_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", str(tmp_path), "--token", " ", "--no-browser"])
    assert result.exit_code == 2 and "--token 不能为空" in result.output
