"""Each check's user documentation: a one-sentence-or-so summary in Chinese
and English and the report fragments that must and must not raise it.

They live in ``tests/cases/<CODE>.yaml`` (sqlfluff-style: ``code``,
``summary: {zh, en}``, ``fail: [{name, text}]``, ``pass: [{name, text}]``), the
single source for three readers: the test suite runs every case through the
command line, ``audit rules`` prints the summaries and ``audit explain CODE``
prints the summary with the first failing and the first passing case. The
wheel ships the folder as ``auditor/cases`` (pyproject force-include, like
``lexicons/``), so what ``explain`` shows is exactly what the tests execute.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml


def cases_dir() -> Path:
    """The installed copy inside the package, else the repository's tests/cases."""
    here = Path(__file__).resolve().parent.parent
    for cand in (here / "cases", here.parent / "tests" / "cases"):
        if cand.is_dir():
            return cand
    raise FileNotFoundError("找不到检查示例目录 cases/，请重新安装 auditor")


@functools.lru_cache(maxsize=None)
def load_cases(code: str) -> dict[str, Any] | None:
    """The cases file of ``code``, or None when it has none."""
    path = cases_dir() / f"{code}.yaml"
    if not path.exists():
        return None
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def summary(code: str, lang: str = "zh") -> str:
    """The check's description in ``lang`` ("zh" or "en"); empty when it has no cases file."""
    spec = load_cases(code) or {}
    return str((spec.get("summary") or {}).get(lang, ""))


def first_cases(code: str) -> tuple[dict | None, dict | None]:
    """The first failing and the first passing case of ``code`` (a case marked
    ``xfail``, a known bug, is never the example shown)."""
    spec = load_cases(code) or {}
    first = lambda kind: next((c for c in spec.get(kind) or [] if not c.get("xfail")), None)  # noqa: E731
    return first("fail"), first("pass")
