"""The statements of a budget document's narrative, read in extraction
(auditor/nlp/budget_statements.py) into records the BG checks judge. Fragments
are the corpus sentences of tests/cases/BG04, BG11, BG12, BG15 and BG16."""

from __future__ import annotations

from auditor.ingest.text import parse_text
from auditor.nlp.budget import analyze_budget
from auditor.nlp.budget_statements import (
    labelled_amounts,
    listed_parts_of,
    perf_targets_of,
    procurement_of,
    strip_year,
    vehicle_lists_of,
)

# Two empty standard tables: what makes a fragment a budget document.
SCAFFOLD = """政府性基金预算财政拨款收入支出决算表
单位：万元
合计
国有资本经营预算财政拨款收入支出决算表
单位：万元
合计
"""


def passages(text: str):
    bd = analyze_budget(parse_text(text + "\n" + SCAFFOLD, "fragment.txt"))
    assert bd is not None
    return bd.passages


def test_procurement_total_parts_and_what_small_firms_won():
    ps = passages("""（二）政府采购支出情况
某部 2024 年度政府采购金额（以合同签订为准）为 261.25 万元，其中：货物采购金额 4.79 万元、工
程采购金额 0 万元、服务采购金额 246.47 万元。
在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额 246.47 万元；在其
他政府采购项目中，由中小企业供应商中标或成交的，采购金额 0 万元。
""")
    found = [x for p in ps if (x := procurement_of(p)) is not None]
    assert len(found) == 1
    proc = found[0]
    assert proc.total.value == 261.25 and proc.complete
    assert [(name, n.value) for name, n in proc.parts] == [("货物", 4.79), ("工程", 0.0), ("服务", 246.47)]
    assert (proc.sme_reserved.value, proc.sme_other.value) == (246.47, 0.0)


def test_when_a_part_is_not_printed_then_the_procurement_is_incomplete():
    ps = passages("""（二）政府采购支出情况
某部 2024 年度政府采购金额为 261.25 万元，其中：货物采购金额 4.79 万元、服务采购金额 246.47 万元。
""")
    proc = next(x for p in ps if (x := procurement_of(p)) is not None)
    assert not proc.complete and [name for name, _ in proc.parts] == ["货物", "服务"]
    assert proc.sme_reserved is None and proc.sme_other is None


def test_projects_with_targets_and_their_funds():
    ps = passages("四、绩效目标设置情况\n本部门编报绩效目标的项目2个，涉及项目预算资金1478.13万元。\n")
    stated = [x for p in ps if (x := perf_targets_of(p)) is not None]
    assert [(s.count, s.amount.value, s.amount.unit) for s in stated] == [(2, 1478.13, "万元")]


def test_vehicles_listed_by_category_after_qizhong_or_in_brackets():
    ps = passages("""五、国有资产占有使用情况
截至2023年8月31日，某街道办事处（部门）共有车辆7辆，其中：部级领导干部用车0辆、主要领导干部用车0辆、执法执勤用车4辆、特种专业技术用车0辆、其他用车2辆；单价100万元（含）以上设备（不含车辆）0台（套）。
截止2022年12月31日，本部门车辆7辆（一般公务用车3辆，执法执勤用车4辆，特种专业技术用车0辆，其他用车0辆）。
""")
    lists = [v for p in ps for v in vehicle_lists_of(p)]
    assert [(v.what, v.total.value, [x.value for x in v.items]) for v in lists] == [
        ("共有", 7, [0, 0, 4, 0, 2]), ("", 7, [3, 4, 0, 0])]
    assert lists[0].total.unit == "辆"


def test_parts_after_qizhong_of_one_standard_breakdown():
    ps = passages("""三、支出决算情况说明
本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%； 项目支出
613.14万元，占20.51%；
""")
    lists = [x for p in ps for x in listed_parts_of(p)]
    assert len(lists) == 1
    assert lists[0].total.value == 2940.05
    assert [(lab, n.value) for lab, n in lists[0].parts] == [("基本支出", 2336.91), ("项目支出", 613.14)]
    assert "基本支出" in lists[0].breakdown


def test_a_change_after_qizhong_is_not_a_part():
    ps = passages("""三、支出决算情况说明
本年支出合计2940.05万元，其中：基本支出2336.91万元，比上年增加12.5万元；项目支出603.14万元。
""")
    lists = [x for p in ps for x in listed_parts_of(p)]
    assert [[lab for lab, _ in x.parts] for x in lists] == [["基本支出", "项目支出"]]


def test_an_amount_is_read_with_its_label_and_the_label_without_its_year():
    ps = passages("一、收入支出决算总体情况说明\n2024年度收入支出总计3000.00万元。\n")
    amounts = [a for p in ps for a in labelled_amounts(p)]
    assert [(a.label, a.stem, a.num().value) for a in amounts] == [("收入支出总计", "收入支出总计", 3000.0)]
    assert strip_year("某部2024年一般公共预算财政拨款支出") == "一般公共预算财政拨款支出"
