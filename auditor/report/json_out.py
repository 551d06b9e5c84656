"""The machine-readable report: one JSON document, schema in docs/json-schema.md."""

from __future__ import annotations

import json
import math
from typing import Any

import auditor
from auditor.findings import SCHEMA_VERSION, AuditResult

from ._common import summarize

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


def json_document(results: list[AuditResult], lang: str = "zh") -> dict[str, Any]:
    """The whole report as a JSON-ready dict."""
    return _clean(
        {
            "schema": SCHEMA_NAME,
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "auditor", "version": auditor.__version__},
            "lang": "en" if lang == "en" else "zh",
            "reports": [r.as_record(lang) for r in results],
            "summary": summarize(results),
        }
    )


def render_json(results: list[AuditResult], lang: str = "zh") -> str:
    """The report as indented UTF-8 JSON text (Chinese kept as is)."""
    return json.dumps(json_document(results, lang), ensure_ascii=False, indent=2, allow_nan=False)
