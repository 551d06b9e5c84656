"""Score-rule checks on real report fragments: SC10 (ladders that are not in percent,
gaps, a top band short of the 分值), SC11 (items of a rule add up to the 分值) and SC12
(a quantitative target met yet points deducted without a reason).

Fragments are copied from the seed reports in samples/ (seed 003's 评分表, one cell per
TAB-led line; seed 004's 项目支出绩效自评表, TAB-separated rows) and read by the real
text reader; each negative case is the unmutated fragment or a rule shape the check
must leave alone.
"""

from __future__ import annotations


import pytest

import auditor.checks.scores  # noqa: F401  (registers the SC checks)
from auditor.checks.registry import REGISTRY, context_for
from auditor.nlp.score_rules import additive_items, ladder_steps
from auditor.findings import Severity
from auditor.ingest.text import parse_text


def run(code: str, text: str) -> list:
    doc = parse_text(text, "fixture.txt")
    ctx = context_for(doc)
    return [f for f in REGISTRY[code].func(ctx) if f.code == code and f.severity >= Severity.WARNING]


def values(f) -> list[float]:
    return [e.value for e in f.evidence if e.value is not None]


# ---------------------------------------------------------------- seed 003 评分表 (layout A)

_HEAD = ("部门整体支出绩效评价评分表\n"
         "\t一级指标\n\t二级指标\n\t三级指标\n\t评分标准\n\t分值\n\t自评得分\n\t扣分原因和其他说明\n\n")


def _row(l1: str, l2: str, l3: str, rule: str, mx: str, score: str, why: str = "") -> str:
    return f"\t{l1}\n\t{l2}\n\t{l3}\n\t{rule}\n\t{mx}\n\t{score}\n\t{why}\n\n"


_YUSUAN_ZHIDU = ("①已制定或具有预算资金管理办法，内部财务管理制度、会计核算制度等管理制度，1分；\n"
                 "②相关管理制度合法、合规、完整，1分；\n③相关管理制度得到有效执行，1分。")
_GONGKAI = ("①按规定内容公开预决算信息，1分；\n②按规定时限公开预决算信息，0.5分；\n"
            "③基础数据信息和会计信息资料真实，0.5分；\n④基础数据信息和会计信息资料完整，0.5分；\n"
            "⑤基础数据信息和汇集信息资料准确，0.5分。")
_ZICHAN_ZHIDU = ("①已制定或具有资产管理制度，且相关资产管理制度合法、合规、完整，2分；\n"
                 "②相关资产管理制度得到有效执行，1分。")
_HEGUI = ("①支出符合国家财经法规和财务管理制度规定以及有关专项资金管理办法的规定；\n②资金拨付有完整的审批程序和手续；\n"
          "③项目支出按规定经过评估论证；\n④支出符合部门预算批复的用途；\n⑤资金使用无截留、挤占、挪用、虚列支出等情况。\n"
          "以上情况每出现一例不符合要求的扣1分，扣完为止。")
_CAIGOU = "政府采购执行率等于100%的，得3分；\n每减少一个百分点，扣0.2分，扣完为止。"
_JIEYU = "无结余，3分；有结余，但不超过上年结转，2分；结余超过上年结转，不得分。"
_MANYI = "95%（含）以上计5分；\n85%（含）-95%，计3分；\n75%（含）-85%，计1分；\n低于75%计0分。"
_ZHONGDIAN = ("重点支出安排率≥90%，计5分；80%（含）-90%，计4分；70%（含）-80%，计3分；60%（含）-70%，计2分；"
              "低于60%不得分。")


def table_003(zichan=_ZICHAN_ZHIDU, jieyu=_JIEYU, manyi=_MANYI, gongkai=_GONGKAI, zichan_max="3",
              zhongdian=_ZHONGDIAN) -> str:
    return (_HEAD
            + _row("投  入\n（15分）", "预算配置\n（15分）", "重点支出\n安排率", zhongdian, "5", "5")
            + _row("过  程\n（40分）", "预算执行\n（15分）", "资金结余", jieyu, "3", "2")
            + _row("", "预算管理\n（15分）", "管理制度\n健全性", _YUSUAN_ZHIDU, "3", "3")
            + _row("", "", "资金使用\n合规性", _HEGUI, "3", "2")
            + _row("", "", "预决算信息公开性和完善性", gongkai, "3", "3")
            + _row("", "", "政府采购\n执行率", _CAIGOU, "3", "3")
            + _row("", "资产管理\n（10分）", "管理制度\n健全性", zichan, zichan_max, "2")
            + _row("效  果\n（20分）", "履职效益\n（20分）", "社会公众或服务对象满意度", manyi, "5", "3")
            + "\t总 分\n\t\n\t\n\t\n\t100\n\t26\n\t\n\n说明：示例片段。\n")


# ---------------------------------------------------------------- SC11


def test_when_rule_items_add_up_to_the_maximum_then_sc11_is_quiet():
    """1+1+1 = 3, 1+0.5+0.5+0.5+0.5 = 3, 2+1 = 3; bands and deductions are not item sums."""
    assert run("SC11", table_003()) == []


def test_when_one_item_of_the_rule_is_raised_then_sc11_warns_and_cites_it():
    bad = _ZICHAN_ZHIDU.replace("完整，2分", "完整，6分")
    (f,) = run("SC11", table_003(zichan=bad))
    assert f.severity is Severity.WARNING
    assert "管理制度健全性" in f.message and "6+1=7" in f.message
    assert f.expected == 3 and f.found == 7
    assert 6 in values(f) and 3 in values(f)


def test_when_a_half_point_item_is_shifted_then_sc11_warns():
    bad = _GONGKAI.replace("时限公开预决算信息，0.5分", "时限公开预决算信息，5分")
    (f,) = run("SC11", table_003(gongkai=bad))
    assert f.found == 7.5 and 5 in values(f)


def test_when_the_maximum_cell_disagrees_with_the_items_then_sc11_cites_the_maximum():
    (f,) = run("SC11", table_003(zichan_max="8"))
    assert f.expected == 8 and f.found == 3 and 8 in values(f)


def test_when_enumerated_items_are_alternatives_then_sc11_is_quiet():
    """（1）全部完成 / （2）基本完成 / （3）未完成: one of them applies, their points are not added."""
    ladder = "（1）全部完成，得3分；\n（2）基本完成，得2分；\n（3）未完成，不得分。"
    assert run("SC11", table_003(zichan=ladder)) == []
    assert additive_items(ladder) is None


def test_when_the_maximum_is_shared_by_a_merged_cell_then_sc11_is_quiet():
    """Seed 003's 经济效益/社会效益/生态效益 share one 分值 cell: the rule's sum has nothing to match."""
    text = (_HEAD
            + _row("效  果\n（20分）", "履职效益\n（20分）", "经济效益", "①有经济效益，1分；\n②效益显著，1分。", "15", "5")
            + _row("", "", "社会效益", "①有社会效益，1分；\n②效益显著，1分。", "", "5")
            + _row("", "", "生态效益", "", "", "5")
            + "\t总 分\n\t\n\t\n\t\n\t15\n\t15\n\t\n\n说明：示例片段。\n")
    assert run("SC11", text) == []


@pytest.mark.parametrize("rule,points", [
    (_GONGKAI, [1, 0.5, 0.5, 0.5, 0.5]),
    (_ZICHAN_ZHIDU, [2, 1]),
    ("1.制度健全，1分；2.制度执行有效，2分。", [1, 2]),
    ("（1）按时报送自评材料，1分；（2）自评材料完整，0.5分；（3）自评结果真实，1.5分。", [1, 0.5, 1.5]),
])
def test_additive_items_read_each_marker_kind(rule, points):
    items, _ = additive_items(rule)
    assert [it.points for it in items] == points


@pytest.mark.parametrize("rule", [
    _HEGUI,                         # items without points, one deduction for all
    _CAIGOU,                        # a deduction rule
    _MANYI,                         # percent bands
    _JIEYU,                         # a ladder without markers
    "①按时完成，得2分；\n②每延迟一天扣0.5分，扣完为止。",  # an item is a deduction
    "满分3分：①制度健全，1分；②执行有效，2分。",  # a stated total before the items: left to the reader
])
def test_additive_items_leave_other_rule_shapes_alone(rule):
    assert additive_items(rule) is None


# ---------------------------------------------------------------- SC10: ladders that are not in percent


def test_when_non_percent_ladder_is_in_order_then_sc10_is_quiet():
    assert ladder_steps(_JIEYU) == [3, 2, 0]
    assert run("SC10", table_003()) == []


def test_when_a_non_percent_step_exceeds_the_maximum_then_sc10_warns():
    (f,) = run("SC10", table_003(jieyu=_JIEYU.replace("上年结转，2分", "上年结转，6分")))
    assert f.severity is Severity.WARNING and "资金结余" in f.message
    assert f.found == 6 and 3 in values(f)


def test_when_no_step_gives_the_maximum_then_sc10_warns():
    (f,) = run("SC10", table_003(jieyu=_JIEYU.replace("无结余，3分", "无结余，2分")))
    assert "无法得满分" in f.message and f.found == 2


def test_when_a_middle_step_breaks_the_written_order_then_sc10_warns():
    (f,) = run("SC10", table_003(jieyu="无结余，2分；有结余，但不超过上年结转，3分；结余超过上年结转，不得分。"))
    assert "单调" in f.message


def test_when_a_ladder_is_written_out_of_rank_with_nothing_at_an_end_then_sc10_is_quiet():
    """全部公开 2 / 未公开 0 / 公开不及时 1: the written order is no ranking, so no order check."""
    rule = "全部按时公开，2分；未公开，不得分；公开不及时，1分。"
    assert ladder_steps(rule) == [2, 0, 1]
    text = table_003(jieyu=rule).replace("\t资金结余\n\t" + rule + "\n\t3\n", "\t资金结余\n\t" + rule + "\n\t2\n")
    assert text != table_003(jieyu=rule)  # 分值 2: the top step gives it
    assert run("SC10", text) == []


def test_when_deductions_follow_then_it_is_no_ladder():
    assert ladder_steps(_CAIGOU) is None
    assert ladder_steps(_HEGUI) is None


# ---------------------------------------------------------------- SC10: percent bands


def test_when_a_band_bound_is_mistyped_and_leaves_a_gap_then_sc10_cites_both_bounds():
    """低于75%计0分 written as 低于57%: 57%–75% gets no points at all."""
    (f,) = run("SC10", table_003(manyi=_MANYI.replace("低于75%", "低于57%")))
    assert "不连续" in f.message and {57, 75} <= set(values(f))


def test_when_bands_step_by_whole_percents_then_there_is_no_gap():
    rule = "90%以上，计5分；80%-89%，计4分；70%-79%，计3分；低于70%不得分。"
    assert run("SC10", table_003(manyi=rule)) == []


def test_when_the_top_percent_band_is_short_of_the_maximum_then_sc10_warns():
    (f,) = run("SC10", table_003(manyi=_MANYI.replace("以上计5分", "以上计4分")))
    assert "无法得满分" in f.message and 4 in values(f) and 5 in values(f)


# ---------------------------------------------------------------- SC12 (seed 004 项目支出绩效自评表, layout B)

_PROJECT = ("2022 年度项目支出绩效自评表\n\n"
            "项目支出名称\t离退休老干部业务专项资金\t\t\t\t\t\t\t\n"
            "主管部门\t株洲市人民政府\t\t\t\t实施单位\t株洲市行业办公室\t\t\n"
            "项目资金 (万元)\t\t年初 预算数\t全年 预算数\t全年 执行数\t分值\t执行率\t得分\t\n"
            "\t年度资金总额\t38\t38\t38\t10\t100%\t10\t\n"
            "\t其中：当年财政拨款\t38\t38\t\t\t\t\t\n"
            "年度总体 目标\t预期目标\t\t\t\t实际完成情况\t\t\t\n"
            "\t按年初计划组织离退休老干部开展活动\t\t\t\t达到预期目标\t\t\t\n"
            "绩效指标\t一级指标\t二级指标\t三级指标\t年度 指标值\t实际 完成值\t分值\t得分\t偏差原因分析 及改进措施\n"
            "\t产出指标 (50分)\t数量指标\t开展老干户外活动\t一年两次以上\t2次\t10\t10\t\n"
            "\t\t\t开展老干党支部学习活动\t每月一次\t11次\t10\t10\t疫情影响未能开展活动\n"
            "\t\t质量指标\t全员参与（特殊情况除外）\t264人\t{actual}\t10\t{score}\t{why}\n"
            "\t\t成本指标\t项目支出安排金额\t38万\t38万\t10\t10\t\n"
            "\t效益指标 (30分)\t社会效益指标\t提升老干幸福感，归属感\t100%\t100%\t30\t30\t\n\n"
            "备注：一个一级项目支出一张表。\n")


def project(actual="264人", score="10", why="") -> str:
    return _PROJECT.format(actual=actual, score=score, why=why)


def test_when_targets_are_met_with_full_marks_then_sc12_is_quiet():
    assert run("SC12", project()) == []


def test_when_a_met_target_loses_points_without_a_reason_then_sc12_warns():
    (f,) = run("SC12", project(score="1.0"))
    assert f.severity is Severity.WARNING and "全员参与" in f.message
    assert f.found == 1.0 and f.expected == 10
    assert 1.0 in values(f) and 264 in values(f)


def test_when_the_deduction_is_explained_then_sc12_is_quiet():
    assert run("SC12", project(score="8", why="个别人员因病未参加")) == []


def test_when_the_target_is_missed_then_sc12_leaves_it_to_the_score():
    assert run("SC12", project(actual="250人", score="8")) == []


def test_when_a_bare_target_is_far_exceeded_then_a_deduction_is_not_questioned():
    """A target set too low may cost points: only an actual that equals a bare target counts as met."""
    assert run("SC12", project(actual="300人", score="8")) == []


def test_when_a_target_is_missed_with_full_marks_then_sc08_still_warns():
    """The shared target/actual reading keeps SC08: 每月一次 against 11次 with full marks."""
    hits = [f for f in run("SC08", project()) if "开展老干党支部学习活动" in f.message]
    assert len(hits) == 1 and hits[0].found == 11


# ---------------------------------------------------------------- registration


@pytest.mark.parametrize("code", ["SC10", "SC11", "SC12"])
def test_new_checks_are_registered_with_examples(code):
    from auditor.checks.cases import first_cases

    spec = REGISTRY[code]
    assert all(first_cases(code))
    assert spec.family == "scores" and spec.name and spec.name_en


# ---------------------------------------------------------------- SC10: deduction rules start from the 分值


def test_when_a_deduction_rule_starts_from_the_maximum_then_sc10_is_quiet():
    """政府采购执行率等于100%的，得3分；每减少一个百分点，扣0.2分 with 分值 3."""
    assert [f for f in run("SC10", table_003()) if "政府采购" in f.message] == []


def test_when_a_deduction_rule_starts_above_the_maximum_then_sc10_warns():
    text = table_003().replace("政府采购执行率等于100%的，得3分", "政府采购执行率等于100%的，得6分")
    (f,) = run("SC10", text)
    assert "政府采购执行率" in f.message and f.found == 6 and 3 in values(f)


def test_when_bands_break_order_then_the_band_above_the_maximum_is_blamed():
    """预算调整率=0 计3分; 0-10%（含） written 计8分: both 3 and 8 could be the odd one; 8 exceeds 分值 3."""
    rule = "预算调整率=0，计3分；0-10%（含），计8分；10-20%（含），计1分；20-30%（含），计0.5分；大于30%不得分。"
    text = table_003(jieyu=rule)
    (f,) = run("SC10", text)
    assert f.found == 8 and "疑为“8分”" in f.message


@pytest.mark.parametrize("rule", [
    "①制度健全，1分；②执行有效，1分；③台账完整，1分；④档案规范，1分。本项最高不超过3分。",  # a cap
    "①按时报送，2分；②资料完整，1分；③被上级采用，加1分。",  # a bonus item (2 + 1 + 1 > 分值 3)
    "①会议纪要、制度文件各1分；②执行有效，1分。",  # points per thing (2 × 1 + 1 = 分值 3)
])
def test_when_items_are_capped_or_bonus_or_per_thing_then_sc11_is_quiet(rule):
    assert additive_items(rule) is None
    assert run("SC11", table_003(zichan=rule)) == []


def test_sc12_a_percentage_printed_equal_to_its_target_counts_as_met():
    # 100% of a 100% target is reached as the report states it; a deducted score needs a reason
    table = ("部门整体支出绩效自评表\n\n"
             "\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\t实际完成值\n\t分值\n\t得分\n\t偏差原因\n\n"
             "\t产出指标\n\t质量指标\n\t交易流程合规率\n\t100%\n\t100%\n\t10\n\t{s}\n\t\n\n")
    assert len(run("SC12", table.format(s="8"))) == 1
    assert run("SC12", table.format(s="10")) == []


# samples/004 项目支出绩效自评表 (layout B)
_PROJECT_FUNDS = ("2022 年度项目支出绩效自评表\n\n"
                  "项目支出名称\t全市工业经济运行调度专项资金\t\t\t\t\t\t\t\t\n"
                  "主管部门\t株洲市人民政府\t\t\t实施单位\t株洲市行业办公室\t\t\t\t\n"
                  "项目资金 (万元)\t\t年初 预算数\t全年 预算数\t全年 执行数\t分值\t执行率\t得分\t\t\n"
                  "\t年度资金总额\t0\t20\t{spent}\t10\t99.5%\t9.9\t\t\n")


def test_sc06_reads_an_integer_budget_at_the_rows_precision():
    # 20 beside 19.69 is 20.00: 98.45%, not 99.5%
    (f,) = run("SC06", _PROJECT_FUNDS.format(spent="19.69"))
    assert f.expected == pytest.approx(98.45)
    assert run("SC06", _PROJECT_FUNDS.format(spent="19.89")) == []


# ---------------------------------------------------------------- SC01 with the total printed first

_SC01_TOTAL_FIRST = (
    "部门整体支出绩效评价评分表\n"
    "\t一级指标\n\t二级指标\n\t三级指标\n\t分值\n\t自评得分\n\n"
    "\t总 分\n\t\n\t\n\t100\n\t{total}\n\n"
    "\t投入\n\t预算配置\n\t财政供养人员控制率\n\t40\n\t38\n\n"
    "\t\n\t\n\t重点支出安排率\n\t30\n\t30\n\n"
    "\t过程\n\t预算执行\n\t预算调整率\n\t30\n\t20.5\n\n"
)


def test_when_the_total_row_comes_first_then_sc01_adds_up_the_rows_below_it():
    found = run("SC01", _SC01_TOTAL_FIRST.format(total="93"))
    assert len(found) == 1
    assert set(values(found[0])) >= {93.0, 38.0, 30.0, 20.5}
    assert found[0].expected == 88.5


def test_when_the_total_row_comes_first_and_the_rows_add_up_then_sc01_is_quiet():
    assert run("SC01", _SC01_TOTAL_FIRST.format(total="88.5")) == []
