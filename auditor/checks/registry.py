"""The check registry: every check has a stable code, a name, a default
severity and a family.

A check is a function ``(ctx: CheckContext) -> Iterable[Finding]``. It is
registered with :func:`check`. Its user documentation (a description in
Chinese and English, failing and passing report fragments) is its cases file,
``tests/cases/<CODE>.yaml`` (:mod:`auditor.checks.cases`): ``audit rules`` and
``audit explain CODE`` print that, and the tests run every fragment.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

from auditor.findings import Evidence, Finding, Severity

if TYPE_CHECKING:  # annotations only: the registry is imported before any check runs
    from auditor.checks.common import Recheck
    from auditor.document import Document
    from auditor.lexicons import Lexicons
    from auditor.nlp.extract import ClaimSet


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

        @functools.wraps(func)
        def run(ctx):
            # finding(ctx, …) takes code and names from the check running now,
            # also when a test calls the check function directly.
            outer, ctx.check = ctx.check, REGISTRY[code]
            try:
                found = func(ctx)
                if found is not None:
                    yield from found
            finally:
                ctx.check = outer

        REGISTRY[code] = CheckSpec(code, name, name_en, severity, family, run)
        return run

    return deco


@dataclass(slots=True)
class CheckContext:
    """What a check may read: the extraction's records (``claims``), the
    lexicons and the user's options. The document travels only so evidence
    can be quoted; a check never reads its text.

    ``rechecks`` collects the failed relations root-cause hints re-evaluate
    (:func:`auditor.checks.common.register_recheck`); ``memo`` holds what
    one pass computes for several checks of a family (TB01 and TB03 share
    one footing pass), keyed by the family's own names.
    """

    document: Document
    claims: ClaimSet
    lexicons: Lexicons
    options: dict[str, Any] = field(default_factory=dict)
    rechecks: list[Recheck] = field(default_factory=list)
    memo: dict[str, Any] = field(default_factory=dict)
    relations_checked: int = 0
    check: CheckSpec | None = None  # the check running now (set by its @check wrapper), for finding()

    def count(self, n: int = 1) -> None:
        """Record that ``n`` relations were evaluated (shown in the header)."""
        self.relations_checked += n


def context_for(document: Document, claims: ClaimSet | None = None, options: dict[str, Any] | None = None) -> CheckContext:
    """The context the checks of one audit share: the document's extraction
    (run here when ``claims`` is not given) and the lexicons."""
    from auditor.lexicons import load_lexicons
    from auditor.nlp.extract import extract_claims

    if claims is None:
        claims = extract_claims(document)
    return CheckContext(document=document, claims=claims, lexicons=load_lexicons(), options=dict(options or {}))


def finding(source: CheckContext | str, severity: Severity | None, message: str, evidence: Iterable[Evidence],
            **fields) -> Finding:
    """A finding of a registered check: code, name and English name come from
    its registry entry, never from literals in the check.

    ``source`` is the running check's context (``ctx``) or a check code (for a
    helper that builds the findings of several checks). ``severity`` None is
    the check's default. ``fields`` are the other ``Finding`` fields
    (message_en, expected, found, difference, tolerance, unit, explanation…).
    """
    if isinstance(source, str):
        spec = REGISTRY.get(source)
        if spec is None:
            raise KeyError(f"finding for unregistered check {source!r}")
    else:
        spec = source.check
        if spec is None:
            raise ValueError("finding(ctx, …) outside a running check: pass the check code")
    return Finding(code=spec.code, name=spec.name, name_en=spec.name_en,
                   severity=spec.severity if severity is None else severity,
                   message=message, evidence=list(evidence), **fields)
