"""Stage isolation: one failing component costs its own output, never the report.

Every extraction component, every check, the root-cause hints and every
renderer run through :func:`guard`. A failure is logged (``logging`` at
DEBUG with the traceback), recorded as a :class:`StageFailure` on the audit
being collected, and the caller goes on with a default. The command line
prints one line per failure on stderr, and the traceback with ``--debug``;
the JSON output lists them under ``meta.incomplete``.
"""

from __future__ import annotations

import logging
import traceback
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Callable, Iterator, TypeVar

log = logging.getLogger("auditor.stages")

T = TypeVar("T")

# Human names of the stages, for the one-line notice.
STAGE_NAMES = {
    "extract": ("提取", "extraction"),
    "check": ("检查", "check"),
    "hint": ("根因提示", "root-cause hints"),
    "render": ("输出", "renderer"),
    "evidence": ("引文还原", "evidence quoting"),
}


@dataclass(slots=True)
class StageFailure:
    """One component that failed: which, how, and the traceback for --debug."""

    stage: str  # extract | check | hint | render | evidence
    name: str  # component, check code or format
    error: str  # exception type and message, one line
    traceback: str = ""

    def as_record(self) -> dict[str, str]:
        return {"stage": self.stage, "name": self.name, "error": self.error}

    def line(self, lang: str = "zh") -> str:
        zh, en = STAGE_NAMES.get(self.stage, (self.stage, self.stage))
        if lang == "en":
            return f"{en} {self.name} failed ({self.error}); its results are missing, the rest are complete"
        return f"{zh}步骤 {self.name} 出错（{self.error}），该步骤的结果缺失，其余结果不受影响"


_failures: ContextVar[list[StageFailure] | None] = ContextVar("auditor_stage_failures", default=None)


@contextmanager
def collecting() -> Iterator[list[StageFailure]]:
    """Collect the failures of the stages run inside the block."""
    failures: list[StageFailure] = []
    token = _failures.set(failures)
    try:
        yield failures
    finally:
        _failures.reset(token)


def record(stage: str, name: str, exc: BaseException) -> StageFailure:
    """Log and record a failure that was caught."""
    detail = " ".join(str(exc).split())[:200]
    failure = StageFailure(stage, name, f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__,
                           "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    log.debug("%s %s failed", stage, name, exc_info=exc)
    bucket = _failures.get()
    if bucket is not None:
        bucket.append(failure)
    return failure


def guard(stage: str, name: str, func: Callable[..., T], *args: Any, default: Any = None, **kwargs: Any) -> T:
    """``func(*args, **kwargs)``, or ``default`` when it raises (recorded)."""
    try:
        return func(*args, **kwargs)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception as e:  # noqa: BLE001 - the point of this module
        record(stage, name, e)
        return default
