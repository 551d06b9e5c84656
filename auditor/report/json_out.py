"""The machine-readable report: one JSON document, schema in docs/json-schema.md."""

from __future__ import annotations

import json
import math
from typing import Any

import auditor
from auditor.findings import SCHEMA_VERSION, AuditResult

from ._common import coverage_notes, difference_unit, rounded_values, summarize

SCHEMA_NAME = "auditor-findings"


def _clean(v: Any) -> Any:
    """JSON has no NaN/Infinity; tuples and sets become lists; paths strings."""
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set, frozenset)):
        return [_clean(x) for x in v]
    if v is None or isinstance(v, (str, int, bool)):
        return v
    return str(v)


def _report_record(res: AuditResult, lang: str) -> dict[str, Any]:
    rec = res.as_record(lang)
    rec["notes"] = coverage_notes(res, lang)
    for f, frec in zip(res.findings, rec["findings"]):
        frec.update(rounded_values(f))
        frec["difference_unit"] = difference_unit(f.unit, "zh")
    return rec


def json_document(results: list[AuditResult], lang: str = "zh", skipped: list | None = None) -> dict[str, Any]:
    """The whole report as a JSON-ready dict."""
    summary = summarize(results)
    summary["skipped"] = [{"file": path, "reason": en if lang == "en" else zh} for path, zh, en in skipped or ()]
    return _clean(
        {
            "schema": SCHEMA_NAME,
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "auditor", "version": auditor.__version__},
            "lang": "en" if lang == "en" else "zh",
            "reports": [_report_record(r, lang) for r in results],
            "summary": summary,
        }
    )


def render_json(results: list[AuditResult], lang: str = "zh", skipped: list | None = None) -> str:
    """The report as indented UTF-8 JSON text (Chinese kept as is)."""
    return json.dumps(json_document(results, lang, skipped), ensure_ascii=False, indent=2, allow_nan=False)
