"""Finding records: what every check emits and every renderer reads.

Checks build :class:`Finding` objects; renderers consume ``as_record()``
dictionaries (or the objects) and never reach back into checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from auditor.document import Location

SCHEMA_VERSION = "1.1"


class Severity(IntEnum):
    """error: the figures cannot all be true beyond rounding;
    warning: needs an explanation from the submitter;
    info: a rounding-level difference only."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label_zh(self) -> str:
        return {1: "提示", 2: "警告", 3: "错误"}[self.value]

    @property
    def label_en(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, s: str) -> "Severity":
        s = s.strip().lower()
        for sev in cls:
            if s in (sev.name.lower(), sev.label_zh):
                return sev
        raise ValueError(f"unknown severity: {s!r} (error|warning|info)")


@dataclass(slots=True)
class Evidence:
    """One place in the report a finding rests on.

    ``text`` is the quoted sentence or cell text with the figure exactly as
    printed; ``span`` the figure's character offsets within ``text``.
    ``context`` names what a table cell means (row header path and column
    header), so a reader sees "基础数据表 › 项目支出 › 2022年决算数".
    """

    location: Location
    text: str
    span: tuple[int, int] | None = None
    printed: str | None = None  # the figure as printed, e.g. "2,609.57万元"
    value: float | None = None  # parsed value in the printed unit
    unit: str | None = None  # unit as printed: 万元, 元, %, 人 ...
    normalized: float | None = None  # value in the base unit (万元 -> 元)
    role: str | None = None  # 合计 / 分项 / 比率 / 表格 ...
    context: list[str] = field(default_factory=list)

    def as_record(self) -> dict[str, Any]:
        loc = self.location
        return {
            "location": loc.label("zh"),
            "location_en": loc.label("en"),
            "paragraph": loc.paragraph,
            "table": loc.table,
            "row": loc.row,
            "col": loc.col,
            "page": loc.page,
            "anchor": loc.anchor,
            "text": self.text,
            "span": list(self.span) if self.span else None,
            "printed": self.printed,
            "value": self.value,
            "unit": self.unit,
            "normalized": self.normalized,
            "role": self.role,
            "context": list(self.context),
        }


@dataclass(slots=True)
class Finding:
    """One contradiction (or doubt) in a report, with everything to judge it."""

    code: str
    name: str  # short Chinese name of the check
    severity: Severity
    message: str  # Chinese sentence a reviewer can paste into a reply
    evidence: list[Evidence]
    expected: float | str | None = None
    found: float | str | None = None
    difference: float | None = None
    tolerance: float | None = None
    unit: str | None = None  # unit of expected/found/difference
    explanation: str = ""  # how the check reached it (Chinese)
    hint: str | None = None  # root-cause hint, e.g. "254.36 可能应为 254.26"
    message_en: str | None = None
    name_en: str | None = None
    explanation_en: str | None = None
    hint_en: str | None = None
    key: str | None = None  # stable identity for de-duplication and suppression
    # Why the severity differs from the check's default (the one `audit rules` lists).
    severity_reason: str | None = None
    severity_reason_en: str | None = None

    def sort_key(self) -> tuple:
        first = min((e.location.sort_key() for e in self.evidence), default=(0, 0, 0, 0))
        return (-int(self.severity), first, self.code, self.message)

    def cited_numbers(self) -> list[float]:
        """Every number the finding cites, for matching against gold lists."""
        nums = [e.value for e in self.evidence if e.value is not None]
        for v in (self.expected, self.found, self.difference):
            if isinstance(v, (int, float)):
                nums.append(float(v))
        return nums

    def as_record(self, lang: str = "zh") -> dict[str, Any]:
        en = lang == "en"
        return {
            "code": self.code,
            "name": (self.name_en or self.name) if en else self.name,
            "severity": self.severity.label_en,
            "severity_label": self.severity.label_en if en else self.severity.label_zh,
            "message": (self.message_en or self.message) if en else self.message,
            "expected": self.expected,
            "found": self.found,
            "difference": self.difference,
            "tolerance": self.tolerance,
            "unit": self.unit,
            "explanation": (self.explanation_en or self.explanation) if en else self.explanation,
            "hint": (self.hint_en or self.hint) if en else self.hint,
            "severity_reason": (self.severity_reason_en or self.severity_reason) if en else self.severity_reason,
            "evidence": [e.as_record() for e in self.evidence],
        }


@dataclass(slots=True)
class AuditResult:
    """The audit of one input file: its findings, or the error that stopped it.

    ``document`` is kept so renderers can quote context (and the annotated
    docx writer can reopen the source); it is None when reading failed.
    """

    file: str
    findings: list[Finding] = field(default_factory=list)
    document: Any = None  # auditor.document.Document
    error: Any = None  # auditor.errors.AuditorError
    stats: dict[str, Any] = field(default_factory=dict)  # figures, relations, seconds
    meta: dict[str, Any] = field(default_factory=dict)  # unit, year, kind, format
    failures: list[Any] = field(default_factory=list)  # auditor.stages.StageFailure: components that failed

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity.label_en] += 1
        return out

    def as_record(self, lang: str = "zh") -> dict[str, Any]:
        rec: dict[str, Any] = {
            "file": self.file,
            "ok": self.error is None,
            "meta": dict(self.meta),
            "stats": dict(self.stats),
            "counts": self.counts(),
            "findings": [f.as_record(lang) for f in self.findings],
        }
        if self.error is not None:
            rec["error"] = {
                "code": getattr(self.error, "code", "E-READ"),
                "exit_code": getattr(self.error, "exit_code", 3),
                "message": self.error.message(lang) if hasattr(self.error, "message") else str(self.error),
            }
        return rec
