"""The check registry: every check has a stable code, a name, a default
severity and a family.

A check is a function ``(ctx: CheckContext) -> Iterable[Finding]``. It is
registered with :func:`check`. Its user documentation (a description in
Chinese and English, failing and passing report fragments) is its cases file,
``tests/cases/<CODE>.yaml`` (:mod:`auditor.checks.cases`): ``audit rules`` and
``audit explain CODE`` print that, and the tests run every fragment.
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
        """The developer docstring of the check function."""
        return inspect.cleandoc(self.func.__doc__ or "")

    def description(self, lang: str = "zh") -> str:
        """The user-facing description (from the cases file), in ``lang``."""
        from auditor.checks.cases import summary

        return summary(self.code, lang) or (self.name if lang == "zh" else self.name_en)


REGISTRY: dict[str, CheckSpec] = {}


def check(code: str, name: str, name_en: str, severity: Severity, family: str):
    """Register a check function under ``code``."""

    def deco(func):
        if code in REGISTRY:
            raise ValueError(f"duplicate check code {code}")
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
