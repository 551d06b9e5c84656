"""The one-way flow, end to end: read → extract → link → check.

``audit_path`` never raises for a bad input: the tool error is recorded on
the result so a batch goes on with the next file.
"""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from auditor.document import Document
from auditor.errors import AuditorError
from auditor.findings import AuditResult, Severity


@dataclass(slots=True)
class AuditConfig:
    """What to run and what to keep."""

    only: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    min_severity: Severity = Severity.INFO
    options: dict = field(default_factory=dict)


# Young-generation threshold while a document is audited (CPython's default is 700).
AUDIT_GC_THRESHOLD = 10_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The cyclic garbage collector run less often while one document is audited.

    An audit allocates tens of thousands of small containers that live until
    it ends (characters, cells, figures, claims); at CPython's default
    threshold the collector runs every 700 of them and walks the survivors
    again and again, about a sixth of a corpus PDF's audit. Reference
    counting still frees everything at once; only cycles wait a little
    longer. The previous thresholds are restored afterwards.
    """
    before = gc.get_threshold()
    if before[0] and before[0] < AUDIT_GC_THRESHOLD:
        gc.set_threshold(AUDIT_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def audit_document(doc: Document, config: AuditConfig | None = None) -> AuditResult:
    """Audit a document already read into the model."""
    with _fewer_collections():
        return _audit_document(doc, config)


def _audit_document(doc: Document, config: AuditConfig | None) -> AuditResult:
    from auditor.checks import run_checks
    from auditor.nlp.extract import extract_claims

    from auditor.normalize import restore_evidence
    from auditor.stages import collecting, guard

    config = config or AuditConfig()
    t0 = time.perf_counter()
    with collecting() as failures:
        claims = extract_claims(doc)
        findings, checked = run_checks(doc, claims, config)
        # Quotes as printed (full-width digits and all), not as normalised for reading.
        guard("evidence", "restore", restore_evidence, findings, doc)
    hidden = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        if f.severity < config.min_severity:
            hidden[f.severity.label_en] += 1
    findings = [f for f in findings if f.severity >= config.min_severity]
    findings.sort(key=lambda f: f.sort_key())
    result = AuditResult(file=doc.path, findings=findings, document=doc)
    result.stats = {
        "paragraphs": len(doc.paragraphs),
        "tables": len(doc.tables),
        "figures": claims.figure_count(),
        "relations_checked": checked,
        # Findings below --min-severity: counted, so no view says "警告 0" when 8 were hidden.
        "hidden": hidden,
        "seconds": round(time.perf_counter() - t0, 4),
    }
    result.meta = {"format": doc.format, **claims.report_meta()}
    if failures:
        # Which components failed: their results are missing, the rest is complete.
        result.meta["incomplete"] = [f.as_record() for f in failures]
        result.failures = list(failures)
    return result


def audit_path(path: str | Path, config: AuditConfig | None = None) -> AuditResult:
    """Read and audit one file; a tool error is stored on the result."""
    from auditor.ingest import read_document

    with _fewer_collections():  # reading builds as many objects as the audit
        try:
            doc = read_document(path)
        except AuditorError as e:
            return AuditResult(file=str(path), error=e)
        return audit_document(doc, config)
