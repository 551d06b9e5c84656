"""The check registry: every check has a stable code, a name, a default
severity, a family and a docstring with a failing and a passing example.

A check is a function ``(ctx: CheckContext) -> Iterable[Finding]``. It is
registered with :func:`check`; ``audit rules`` and ``audit explain CODE``
print what is registered here, docstrings verbatim.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Callable, Iterable

from auditor.findings import Finding, Severity


@dataclass(slots=True)
class CheckSpec:
    """A registered check."""

    code: str
    name: str  # short Chinese name
    name_en: str
    severity: Severity  # default severity of its findings
    family: str  # module family: sums, rates, tables, scores, narrative, staffing, units, claims
    func: Callable[["CheckContext"], Iterable[Finding]]

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name


REGISTRY: dict[str, CheckSpec] = {}


def check(code: str, name: str, name_en: str, severity: Severity, family: str):
    """Register a check function under ``code``."""

    def deco(func):
        if code in REGISTRY:
            raise ValueError(f"duplicate check code {code}")
        doc = inspect.cleandoc(func.__doc__ or "")
        # The house rule: a check explains itself with examples.
        if "反例" not in doc or "正例" not in doc:
            raise ValueError(f"check {code} needs a docstring with 反例 (failing) and 正例 (passing) examples")
        REGISTRY[code] = CheckSpec(code, name, name_en, severity, family, func)
        return func

    return deco


@dataclass(slots=True)
class CheckContext:
    """What a check may read: the document, its claims, the analysed tables,
    the lexicons and a counter of relations checked."""

    document: object
    claims: object
    lexicons: object
    options: dict = field(default_factory=dict)
    relations_checked: int = 0

    def count(self, n: int = 1) -> None:
        """Record that ``n`` relations were evaluated (shown in the header)."""
        self.relations_checked += n
