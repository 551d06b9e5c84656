"""Markdown reports (.md): the same findings as the report's text export.

Fragments are typed from the shared reports as a person (or a converter)
writes them in Markdown: numbered items as an ordered list, tables as pipe
tables. The text exports they come from: ../shared/corpus/text/08 (the
Shanghai 万里街道 2023 部门预算) and ../shared/seeds/003 (the 区厂协 自评表).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.audit import audit_path
from auditor.ingest import read_document
from auditor.nlp.budget import analyze_budget, items_of

# ---------------------------------------------------------------- ordered lists

BUDGET_MD = """# 上海市普陀区2023年区级部门预算

## 目 录

1. 2023年部门财务收支预算总表
2. 2023年部门收入预算总表

## 部门预算编制说明

财政拨款支出主要内容如下：

15. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）”441.25万元，主要用于
机关事业单位基本养老保险缴费支出。2022年当年预算执行数为274.85万元，2023年预算安排441.25万元，比2022年预算执行数增加
60.54%。主要原因是：机关事业单位基本养老保险缴费支出经费增加。
16. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”220.63万元，主要用于机关
事业单位职业年金缴费支出。2022年当年预算执行数为132.59万元，2023年预算安排441.25万元，比2022年预算执行数增加60.54%。主要
原因是：事业单位离退休经费增加。

2023年部门财务收支预算总表

编制部门：上海市普陀区人民政府万里街道办事处 单位：元

| 本年收入 | | 本年支出 | |
|---|---|---|---|
| 项目 | 预算数 | 项目 | 预算数 |
| 一、财政拨款收入 | 164,978,640 | 一、一般公共服务支出 | 2,976,800 |
| 1. 一般公共预算 | 164,978,640 | 二、公共安全支出 | 1,252,300 |
| 2. 政府性基金 | | 三、科学技术支出 | 100,000 |
| 二、事业收入 | | 四、社会保障和就业支出 | 27,073,236 |
| 收入总计 | 164,978,640 | 支出总计 | 164,978,640 |

2023年部门收入预算总表

编制部门：上海市普陀区人民政府万里街道办事处 单位：元

| 功能分类科目编码 | 功能分类科目名称 | 合计 | 财政拨款收入 |
|---|---|---|---|
| 208 | 社会保障和就业支出 | 27,073,236 | 27,073,236 |
"""


def _write(tmp_path: Path, text: str, name: str = "report.md") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_when_items_are_an_ordered_list_then_each_keeps_its_number(tmp_path):
    doc = read_document(_write(tmp_path, "财政拨款支出主要内容如下：\n\n1. 统计管理2.63万元。\n2. 专项普查活动60.13万元。\n\n"
                                         "10) 群众体育20.00万元。\n\n- 一项\n- 二项\n\n3.\n"))
    assert [p.text for p in doc.paragraphs] == [
        "财政拨款支出主要内容如下：", "1. 统计管理2.63万元。", "2. 专项普查活动60.13万元。", "10) 群众体育20.00万元。",
        "一项", "二项", "3."]


def test_when_a_budget_document_is_markdown_then_its_numbered_items_and_tables_are_read(tmp_path):
    doc = read_document(_write(tmp_path, BUDGET_MD))
    bd = analyze_budget(doc)
    assert bd is not None and bd.kind == "预算"
    # the table of contents is numbered, so its entries are not taken for the tables' titles
    assert [t.title for t in bd.tables] == ["2023年部门财务收支预算总表", "2023年部门收入预算总表"]
    summary = bd.tables[0]
    assert summary.unit == "元"
    # a two-sided row is a row per side, as in the text export
    totals = {r.label: [n.value for n in r.nums] for r in summary.rows if "总计" in r.label}
    assert totals == {"收入总计": [164978640], "支出总计": [164978640]}
    items = items_of(bd)
    assert [round(i.amount.value, 2) for i in items] == [441.25, 220.63]


def test_when_a_budget_item_restates_another_amount_then_the_markdown_gives_bg06_and_bg07(tmp_path):
    result = audit_path(_write(tmp_path, BUDGET_MD))
    assert result.error is None and not result.failures
    got = sorted((f.code, f.message) for f in result.findings if f.code.startswith("BG"))
    assert [c for c, _ in got] == ["BG06", "BG07"]
    assert "“机关事业单位职业年金缴费支出”段首金额为220.63万元，同段又称本年预算安排441.25万元" in got[0][1]
    assert "上年执行数132.59万元，本年预算441.25万元，实际增加232.79%，文中写增加60.54%" in got[1][1]
