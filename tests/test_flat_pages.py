"""A web page's 附件 tables, run into its one paragraph of text, are cut back into lines
so the budget reading sees their titles, unit lines, total rows and notes (Fujian 01)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.audit import audit_path
from auditor.ingest import read_document
from auditor.nlp.budget import analyze_budget
from auditor.nlp.flat_pages import page_lines

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AUDITOR_SHARED", REPO.parent / "shared"))
PINGYUAN = SHARED / "corpus-pingtan" / "text" / "01_pingtan-pingyuanzhen-2017-juesuan.txt"

# 附件6 of the Pingyuan town 2017 决算 page, verbatim
APPENDIX_6 = (
    "附件6 一般公共预算财政拨款支出决算明细表 编制单位：平潭县平原镇人民政府 2017年度 金额单位：万元 "
    "项 目 合 计 经济分类科目编码 科目名称 合 计 1,870.70 301 工资福利支出 950.91 302 商品和服务支出 309.55 "
    "303 对个人和家庭的补助 91.78 309 基本建设支出 310 其他资本性支出 518.46 304 对企事业单位的补贴 "
    "307 债务利息支出 399 其他支出 "
)
NOTE = "附件10 政府采购情况表 编制单位：平潭县平原镇人民政府 2017年度 金额单位：万元 项目 行次 合 计 1 5.00 4.50 注：1．本表反映政府采购预算及支出情况。"


def test_when_a_page_runs_its_tables_into_its_text_then_each_title_unit_total_and_note_starts_a_line():
    lines = page_lines("本部门2017年度收入总计2,188.65万元。 " + APPENDIX_6 + NOTE)
    assert lines[0] == "本部门2017年度收入总计2,188.65万元。"
    assert lines[1] == "一般公共预算财政拨款支出决算明细表"
    assert lines[2] == "编制单位：平潭县平原镇人民政府 2017年度 金额单位：万元"
    assert lines[3] == "项 目 合 计 经济分类科目编码 科目名称"
    assert lines[4].startswith("合 计 1,870.70 301 工资福利支出 950.91")
    assert lines[5] == "政府采购情况表"
    assert lines[-1] == "注：1．本表反映政府采购预算及支出情况。"


def test_when_a_wrap_glues_a_title_to_its_unit_line_then_the_title_still_starts_a_line():
    # the same page printed to PDF: a line that wraps after "…决算明细表" keeps no space before 编制单位
    glued = APPENDIX_6.replace("决算明细表 编制单位", "决算明细表编制单位")
    lines = page_lines("本部门2017年度收入总计2,188.65万元。 " + glued + NOTE)
    assert lines[1] == "一般公共预算财政拨款支出决算明细表"
    assert lines[2] == "编制单位：平潭县平原镇人民政府 2017年度 金额单位：万元"


def test_when_a_paragraph_names_one_table_or_is_prose_then_it_stays_whole():
    assert page_lines(APPENDIX_6) == [APPENDIX_6]
    prose = "详见附件1 收支决算总表 和附件2 收入决算表。" * 3
    assert page_lines(prose) == [prose]


@pytest.mark.skipif(not PINGYUAN.exists(), reason="needs ../shared/corpus-pingtan")
def test_when_a_fujian_page_is_read_as_a_budget_then_its_appendix_tables_have_rows():
    bd = analyze_budget(read_document(PINGYUAN))
    assert bd is not None
    titles = [t.title for t in bd.tables]
    assert "一般公共预算财政拨款基本支出决算表" in titles and "收支决算总表" in titles
    detail = next(t for t in bd.tables if t.title == "一般公共预算财政拨款支出决算明细表")
    assert detail.code_family == "econ"  # its header names 经济分类科目编码
    assert [(r.codes, r.total.printed) for r in detail.code_rows() if r.nums][:2] == [(("301",), "950.91"), (("302",), "309.55")]


@pytest.mark.skipif(not PINGYUAN.exists(), reason="needs ../shared/corpus-pingtan")
def test_when_a_fujian_page_prints_one_class_two_ways_then_bg03_names_both_tables():
    # gold P01-5: 一般公共服务支出 676.89 in 附件1, 676.88 in 附件3
    report = audit_path(PINGYUAN)
    bg03 = [f for f in report.findings if f.code == "BG03"]
    assert any({"676.89", "676.88"} <= {e.printed.replace("万元", "") for e in f.evidence if e.printed} for f in bg03)
