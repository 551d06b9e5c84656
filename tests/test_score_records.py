"""Score tables are read once, in extraction, into records (auditor.nlp.scores);
the SC checks only judge them.

The tables come from seed 003 in samples/ (its 部门整体支出绩效评价评分表, one cell
per TAB-led line, read by the real text reader and the whole extraction); the
narrative sentences are phrased as the seed reports phrase them ("经自评，我中心2022年度
部门整体支出绩效自评得分96.9分，评价等次为“优秀”。").
"""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest

import auditor.checks.scores as check_scores
import auditor.nlp.scores as nlp_scores
from auditor.audit import AuditConfig, audit_path
from auditor.ingest.text import parse_text
from auditor.nlp.extract import extract_claims
from auditor.nlp.scores import ScoreSheet

ROOT = Path(__file__).resolve().parents[1]
SEED_003 = ROOT / "samples" / "003_4e9d9af9462a4af4.txt"


@pytest.fixture(scope="module")
def sheet_003() -> ScoreSheet:
    from auditor.ingest import read_document

    return extract_claims(read_document(SEED_003)).scores


def _row(sheet: ScoreSheet, name: str):
    return next(r for st in sheet.score_tables for r in st.rows if r.name == name)


def test_seed_003_score_table_rows_and_total_are_records(sheet_003):
    (st,) = sheet_003.score_tables
    assert len(st.rows) == 25
    (total,) = st.totals
    assert (total.max_value, total.score_fig.value, total.is_subtotal) == (100.0, 88.5, False)
    # the seed's known slip: the 得分 column adds up to 87.5 under a 总分 of 88.5 (SC01)
    assert sum(r.score_fig.value for r in st.rows) == pytest.approx(87.5)


def test_seed_003_rules_are_parsed_once_into_their_shapes(sheet_003):
    staff = _row(sheet_003, "财政供养人员控制率")
    assert (staff.rule.shape, staff.rule.limit, staff.rule.step, staff.rule.full) == ("deduct_over", 100.0, 0.5, 5.0)
    # the 在职人员控制率 rule can be recomputed from 编制数 and 实有人数 (SC07)
    assert staff.indicator == "在职人员控制率"
    purchase = _row(sheet_003, "政府采购执行率")
    assert (purchase.rule.shape, purchase.rule.limit, purchase.rule.step) == ("deduct_under", 100.0, 0.2)
    satisfaction = _row(sheet_003, "社会公众或服务对象满意度")
    assert satisfaction.rule.shape == "bands"
    assert [b[4] for b in satisfaction.rule.bands] == [5.0, 3.0, 1.0, 0.0]
    assert _row(sheet_003, "资金结余").ladder == [3.0, 2.0, 0.0]
    assert [i.points for i in _row(sheet_003, "预决算信息公开性和完善性").items] == [1.0, 0.5, 0.5, 0.5, 0.5]


def test_seed_003_merged_maximum_pools_the_rows_below(sheet_003):
    economic = _row(sheet_003, "经济效益")
    social = _row(sheet_003, "社会效益")
    assert economic.max_value == 15.0 and economic.pooled_into is None
    assert social.max_value is None and social.pooled_into is economic


def test_stated_score_and_grade_of_a_sentence():
    doc = parse_text("经自评，我中心2022年度部门整体支出绩效自评得分96.9分，评价等次为“优秀”。\n", "r.txt")
    sheet = nlp_scores.read_scores(doc, [])
    (s,) = sheet.stated
    assert (s.value, s.decimals, s.printed, s.about_project) == (96.9, 1, "绩效自评得分96.9分", False)
    assert doc.paragraphs[0].text[s.span[0]:s.span[1]] == "96.9"
    (g,) = sheet.grades
    assert (g.grade, g.band["grade"], g.score.value, g.overall, g.full_marks) == ("优秀", "优", 96.9, True, None)


def test_project_score_and_partial_full_marks_are_told_apart():
    doc = parse_text("老干活动经费项目自评得分85分。\n项目决策指标满分20分，得分18分，等级为优。\n", "r.txt")
    sheet = nlp_scores.read_scores(doc, [])
    assert [(s.value, s.about_project) for s in sheet.stated] == [(85.0, True)]
    (g,) = sheet.grades
    assert (g.grade, g.full_marks, g.score, g.overall) == ("优", 20.0, None, False)


def test_a_score_bound_without_its_unit_is_not_a_stated_score():
    doc = parse_text("自评得分90以上的评为优。\n", "r.txt")
    assert nlp_scores.read_scores(doc, []).stated == []


def test_a_score_bound_with_its_unit_is_not_a_stated_score():
    doc = parse_text("自评得分90分以上的评为优。\n", "r.txt")
    assert nlp_scores.read_scores(doc, []).stated == []


_TARGET_TABLE = ("项目支出绩效自评表\n"
                 "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
                 "产出指标\t成本指标\t项目支出安排金额\t≤20万元\t19.89万元\t10\t10\t\n"
                 "产出指标\t数量指标\t开展老干党支部学习活动\t12次\t11次\t10\t10\t\n"
                 "合计\t\t\t\t\t20\t20\t\n")


def test_target_and_actual_cells_are_read_with_the_indicator_direction():
    doc = parse_text(_TARGET_TABLE, "r.txt")
    sheet = extract_claims(doc).scores
    (st,) = sheet.score_tables
    cost, study = st.rows
    assert (cost.target_actual.tv, cost.target_actual.av, cost.target_actual.direction) == (200000.0, 198900.0, "le")
    assert (study.target_actual.tv, study.target_actual.av, study.target_actual.direction) == (12.0, 11.0, "ge")
    assert not math.isnan(study.target_actual.full) and study.target_actual.full == 10.0
    cell = study.actual_cell.text
    assert cell[study.target_actual.a_span[0]:study.target_actual.a_span[1]].strip().startswith("11")


def test_score_records_are_read_once_per_audit_in_extraction(monkeypatch):
    calls = []
    real = nlp_scores.read_scores

    def counting(where):
        def read(*args, **kwargs):
            calls.append(where)
            return real(*args, **kwargs)
        return read

    monkeypatch.setattr(nlp_scores, "read_scores", counting("extraction"))
    res = audit_path(SEED_003, AuditConfig())
    assert any(f.code == "SC07" for f in res.findings)  # the checks ran on the records
    assert not res.failures
    assert calls == ["extraction"]
    assert not hasattr(check_scores, "read_scores")  # the checks cannot read them again


def test_the_score_checks_do_not_parse_text():
    package = Path(check_scores.__file__).parent  # the SC checks' modules
    nodes = [n for p in sorted(package.glob("*.py")) for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))]
    imported = {a.name.split(".")[0] for n in nodes if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in nodes if isinstance(n, ast.ImportFrom) and n.module}
    assert not imported & {"re", "regex"}
    from_modules = {n.module for n in nodes if isinstance(n, ast.ImportFrom) and n.module}
    assert sum(isinstance(n, ast.ImportFrom) for n in nodes) > 40  # every module of the package was read
    assert "auditor.nlp.quantities" not in from_modules  # cells are read into quantities in extraction
