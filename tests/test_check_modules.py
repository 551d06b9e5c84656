"""Checks judge records: no check module reads text with regular expressions,
and every finding is built by the registry-backed factory (issue 14)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from auditor.checks import all_checks
from auditor.checks.registry import REGISTRY, CheckContext, finding
from auditor.document import Location
from auditor.findings import Evidence, Severity

CHECKS = Path(__file__).resolve().parent.parent / "auditor" / "checks"


def _name(path: Path) -> str:
    return path.relative_to(CHECKS).as_posix()


def _modules(allowed: frozenset[str] = frozenset()):
    for path in sorted(CHECKS.rglob("*.py")):  # a family split into a package (checks/budget/) too
        if _name(path) not in allowed:
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_no_check_module_imports_re_or_regex():
    offenders = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{_name(path)}:{node.lineno} imports {n}" for n in names if n.split(".")[0] in ("re", "regex")]
    assert not offenders, "text is read in extraction (auditor/nlp), not in checks: " + "; ".join(offenders)


def test_findings_come_from_the_registry_factory_only():
    offenders = []
    for path, tree in _modules(frozenset({"registry.py"})):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
                if name == "Finding":
                    offenders.append(f"{_name(path)}:{node.lineno}")
    assert not offenders, "build findings with auditor.checks.registry.finding(): " + ", ".join(offenders)


def _evidence() -> list[Evidence]:
    return [Evidence(location=Location(paragraph=3), text="基本支出150.17万元", span=(4, 10), printed="150.17",
                     value=150.17, unit="万元", role="总额")]


def test_when_finding_is_made_by_code_then_names_and_default_severity_come_from_the_registry():
    assert "NS02" in {s.code for s in all_checks()}
    spec = REGISTRY["NS02"]
    f = finding("NS02", None, "其中所列超过总额。", _evidence(), expected=91.91, found=143.19, unit="万元")
    assert (f.code, f.name, f.name_en, f.severity) == ("NS02", spec.name, spec.name_en, spec.severity)
    assert (f.expected, f.found, f.unit, f.evidence[0].printed) == (91.91, 143.19, "万元", "150.17")
    assert finding("NS02", Severity.INFO, "舍入误差。", []).severity is Severity.INFO


def test_when_code_is_not_registered_then_factory_refuses():
    with pytest.raises(KeyError):
        finding("XX99", Severity.ERROR, "无此检查。", [])


def test_when_finding_is_made_from_the_context_then_it_belongs_to_the_running_check(tmp_path):
    from auditor.checks.assertions import all_in_place
    from auditor.ingest import read_document
    from auditor.lexicons import load_lexicons
    from auditor.nlp.extract import extract_claims

    path = tmp_path / "report.txt"
    path.write_text("项目预算资金50万元，资金已全部到位，资金到位率为96.5%。\n", encoding="utf-8")
    doc = read_document(path)
    ctx = CheckContext(document=doc, claims=extract_claims(doc), lexicons=load_lexicons())
    found = list(all_in_place(ctx))  # called directly, outside run_checks
    assert [(f.code, f.name, f.found) for f in found] == [("CL02", REGISTRY["CL02"].name, 96.5)]
    assert ctx.check is None  # restored after the check ran
    with pytest.raises(ValueError):
        finding(ctx, None, "不在检查中。", [])
