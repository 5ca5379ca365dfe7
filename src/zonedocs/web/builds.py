"""One build at a time, run in a background thread, its progress readable while it runs."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import console
from ..build import Options, build
from ..problems import InputError, UsageError, ZonedocsError
from .workspace import Workspace

log = logging.getLogger("zonedocs.web")


@dataclass
class BuildState:
    id: str
    state: str = "running"          # running | done | failed
    done: int = 0
    total: int = 0
    summary: dict[str, Any] | None = None
    error: str | None = None
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "done": self.done, "total": self.total,
                "summary": self.summary, "error": self.error, "problems": self.problems}


class Busy(UsageError):
    """Another build is running."""


class Builds:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._lock = threading.Lock()
        self._states: dict[str, BuildState] = {}
        self._running: str | None = None

    @property
    def running(self) -> bool:
        return self._running is not None

    @property
    def current(self) -> str | None:
        """The id of the build that is running, if one is."""
        return self._running

    def get(self, build_id: str) -> BuildState | None:
        return self._states.get(build_id)

    def start(self, only: frozenset[Any] | None, branch: str | None, pdf: bool, force: bool) -> BuildState:
        workbook = self.ws.workbook()
        if workbook is None:
            raise UsageError("还没有主台账：请先在“主台账”页上传。")
        with self._lock:
            if self._running is not None:
                raise Busy("正在生成文书，请等这次生成结束后再开始。")
            state = BuildState(uuid.uuid4().hex[:12])
            self._states[state.id] = state
            self._running = state.id
        options = Options(out=self.ws.outputs, only=only, branch=branch or None, force=force,
                          pdf=pdf, templates=self.ws.custom_templates())
        thread = threading.Thread(target=self._run, args=(state, workbook, options),
                                  name=f"zonedocs-build-{state.id}", daemon=True)
        thread.start()
        return state

    def _run(self, state: BuildState, workbook: Any, options: Options) -> None:
        try:
            report = build(workbook, options, progress=self._progress(state))
            state.summary = report.as_json()
            state.done = state.total
            state.state = "done"
        except InputError as exc:
            state.problems = [str(p) for p in exc.problems]
            state.error = console.verdict(exc.problems, strict=True)
            state.state = "failed"
        except ZonedocsError as exc:
            state.error = str(exc)
            state.state = "failed"
        except Exception:  # a fault of ours: logged in full, told in Chinese
            log.exception("build %s failed", state.id)
            state.error = "生成时出现内部错误（不是您的操作问题），详情已记录在启动 zonedocs serve 的窗口中。"
            state.state = "failed"
        finally:
            with self._lock:
                self._running = None

    @staticmethod
    def _progress(state: BuildState) -> Callable[[int], Callable[[int], None]]:
        def begin(total: int) -> Callable[[int], None]:
            state.total = total

            def step(n: int) -> None:
                state.done += n

            return step

        return begin
