"""One slip, one finding: a failed relation that holds once the figure another finding names as wrong takes
that finding's expected value is shown as that finding's hint (auditor.checks._fold_explained)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.audit import AuditConfig, audit_path

pytestmark = pytest.mark.slow

# Shanghai 14 (社会福利院 2024 单位预算), as printed: the narrative's 社会福利事业单位 738.66万元 is the table's
# 6,964,796元 (696.48万元) misprinted (BG05); with it, the six items under "财政拨款支出主要内容如下" add up to
# 991.59 against the 财政拨款支出预算 950.12 stated before the list (NS02). With 696.48 they add up to 949.41.
FRAGMENT = """2024年单位预算编制说明
2024年，上海市普陀区社会福利院收入预算1,212.12万元，其中：财政拨款收入950.12万元，比2023年预算增加0.46万元；事业收入
262.00万元；事业单位经营收入0.00万元；其他收入0.00万元。
支出预算1,212.12万元，其中：财政拨款支出预算950.12万元，比2023年预算增加0.46万元。财政拨款支出预算中，一般公共预算拨
款支出预算950.12万元，比2023年预算增加0.46万元；政府性基金拨款支出预算0.00万元，与2023年预算持平；国有资本经营预算拨款支
出预算0.00万元，与2023年预算持平。
财政拨款收入支出增加的主要原因是机关事业单位退休人员活动费增加。
财政拨款支出主要内容如下：
1. “社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”53.84万元，主要用于事业单位退休人员福利
费和生活补贴。2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，比2023年预算执行数减少1.39%。主要原因是：有退休
人员去世。
2. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）”76.76万元，主要用于人
员养老保险费用。2023年当年预算执行数为70.70万元，2024年预算安排76.76万元，比2023年预算执行数增加8.57%。主要原因是：根据
实际支出。
3. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”38.38万元，主要用于人员职
业年金缴费。2023年当年预算执行数为35.35万元，2024年预算安排38.38万元，比2023年预算执行数增加8.57%。主要原因是：根据实际
支出。
4. “社会保障和就业支出（类）社会福利（款）社会福利事业单位（项）”738.66万元，主要用于人员经费及公用经费。2023年当
年预算执行数为711.34万元，2024年预算安排738.66万元，比2023年预算执行数增加3.84%。主要原因是：根据实际支出。
5. “医疗卫生与计划生育支出（类）行政事业单位医疗（款）事业单位医疗（项）”50.37万元，主要用于人员医疗保险。2023年当
年预算执行数为44.17万元，2024年预算安排50.37万元，比2023年预算执行数增加14.04%。主要原因是：根据实际支出。
6. “住房保障支出（类）住房改革支出（款）住房公积金（项）”33.58万元，主要用于在职人员公积金缴费。2023年当年预算执行
数为33.74万元，2024年预算安排33.58万元，比2023年预算执行数减少0.47%。主要原因是：根据实际支出。
2024年预算单位财务收支预算总表
编制单位：上海市普陀区社会福利院 单位：元
本年收入 本年支出
项目 预算数 项目
预算数
合计
基本支出
项目支出
人员经费 公用经费
一、财政拨款收入 9,501,164 一、一般公共服务支出
1、一般公共预算资金 9,501,164 二、社会保障和就业支出 11,281,624 6,540,674 2,120,950 2,620,000
2、政府性基金 三、医疗卫生与计划生育支出 503,724 503,724
3、国有资本经营预算 四、住房保障支出 335,816 335,816
二、事业收入 2,620,000
三、事业单位经营收入
四、其他收入
收入总计 12,121,164 支出总计 12,121,164 7,380,214 2,120,950 2,620,000
2024年预算单位收入预算总表
2024年预算单位一般公共预算支出功能分类预算表
编制单位：上海市普陀区社会福利院 单位：元
项目 一般公共预算支出
功能分类科目编码
功能分类科目名称 合计 基本支出 项目支出
类 款 项
208 社会保障和就业支出 8,661,624 8,661,624
208 05 行政事业单位养老支出 1,696,828 1,696,828
208 05 02 事业单位离退休 538,440 538,440
208 05 05 机关事业单位基本养老保险缴费支出 767,579 767,579
208 05 06 机关事业单位职业年金缴费支出 383,789 383,789
208 05 99 其他行政事业单位养老支出 7,020 7,020
208 10 社会福利 6,964,796 6,964,796
208 10 05 社会福利事业单位 6,964,796 6,964,796
210 卫生健康支出 503,724 503,724
210 11 行政事业单位医疗 503,724 503,724
7 11 02 事业单位医疗 503,724 503,724
221 住房保障支出 335,816 335,816
221 02 住房改革支出 335,816 335,816
221 02 01 住房公积金 335,816 335,816
合计 9,501,164 9,501,164
"""


def findings_of(tmp_path: Path, text: str, only=()):
    p = tmp_path / "report.txt"
    p.write_text(text, encoding="utf-8")
    r = audit_path(p, AuditConfig(only=frozenset(only)))
    assert r.error is None
    return r.findings


def test_when_a_sum_fails_only_through_a_misprinted_item_then_one_finding_with_the_sum_as_hint(tmp_path):
    alone = findings_of(tmp_path, FRAGMENT, only=("NS02",))
    assert [f.code for f in alone] == ["NS02"] and "991.59" in alone[0].message
    found = [f for f in findings_of(tmp_path, FRAGMENT) if any(e.value == 738.66 for e in f.evidence)]
    assert [f.code for f in found] == ["BG05"]
    assert "991.59" in (found[0].hint or "")
    assert any(e.value == 950.12 for e in found[0].evidence)  # the sum's figures join its evidence


def test_when_the_sum_fails_for_more_than_the_misprint_then_both_findings_stay(tmp_path):
    # 53.84 printed 93.84 as well: with 696.48 for 738.66 the items still exceed 950.12
    text = FRAGMENT.replace("事业单位离退休（项）”53.84万元", "事业单位离退休（项）”93.84万元")
    assert text != FRAGMENT
    codes = sorted({f.code for f in findings_of(tmp_path, text) if any(e.value == 738.66 for e in f.evidence)})
    assert codes == ["BG05", "NS02"]


# Fujian 09 (卫计局 2018 预算): its 政府采购预算总额63909.65万元 is above the department's whole budget (NS02, a
# bound: its expected is a limit, not the 收入预算's correction). Here 对个人和家庭补助支出 1080.15 is also
# printed with its decimal point shifted (10801.5): that sum's excess is its own slip, not the bound's.
BUDGET = """2018年度部门预算说明
四、预算收支总体情况 按照综合预算的原则，部门所有收入和支出均纳入部门预算管理。2018年,卫计部门收入预算为26408.77万元，比上年增加4771.58万元，主要原因是一次性奖金等工资性支出增加。其中：一般公共预算拨款26408.77万元。相应安排支出预算26408.77万元，比上年增加4771.58万元，其中：人员支出13127.45万元，对个人和家庭补助支出10801.5万元，公用支出557.64万元，项目支出11643.53万元。
九、其他重要事项说明 （二）政府采购情况 2018年卫计部门政府采购预算总额63909.65万元，其中：政府购买服务项目采购预算额0万元。
"""


def test_when_a_bound_fails_then_it_explains_no_other_finding(tmp_path):
    found = findings_of(tmp_path, BUDGET, only=("NS02",))
    messages = [f.message for f in found]
    assert len(found) == 2, messages
    assert any("63909.65" in m for m in messages) and any("10801.5" in m for m in messages)
