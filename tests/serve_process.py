"""`zonedocs serve` run as a user runs it, in its own process, for the tests that need a real
server: started on a free port, its printed address read back, stopped with Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO


class Served:
    def __init__(self, workspace: Path, *options: str, env: dict[str, str] | None = None) -> None:
        environment = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "zonedocs", "serve", str(workspace), "--port", "0", "--no-browser",
             *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
            env=environment)
        self.lines: list[str] = []
        self.url = self._address()

    def _address(self) -> str:
        stdout: IO[str] | None = self.process.stdout
        assert stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = stdout.readline()
            if not line:
                break
            self.lines.append(line.rstrip())
            if "Ctrl+C" in line:  # the last line printed before serving
                return next(re.search(r"(http://\S+)", seen).group(1)  # type: ignore[union-attr]
                            for seen in self.lines if "http://" in seen)
        self.process.kill()
        raise AssertionError("serve printed no address:\n" + "\n".join(self.lines)
                             + (self.process.stderr.read() if self.process.stderr else ""))

    @property
    def base(self) -> str:
        return self.url.split("/?")[0]

    def stop(self) -> tuple[int, str, str]:
        """Ctrl-C, as a user stops it; the exit code and what it printed after the address."""
        self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, out, err

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *_: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
