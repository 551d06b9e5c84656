"""Narrative checks on real sentences from the sample reports, failing and passing.

Each fragment goes through the real text reader and the real pipeline.
"""

from pathlib import Path

import pytest

from auditor.audit import AuditConfig, audit_path

pytestmark = pytest.mark.slow


def audit_text(tmp_path: Path, text: str, only=None):
    p = tmp_path / "report.txt"
    p.write_text(text, encoding="utf-8")
    r = audit_path(p, AuditConfig(only=frozenset(only or ())))
    assert r.error is None
    return r.findings


def codes(findings):
    return [(f.code, f.severity.label_en) for f in findings]


def test_when_listed_items_miss_total_with_yuan_slips_then_sum_error_and_unit_slips(tmp_path):
    text = ("2021年度信访维稳经费项目支出主要为慰问支出10.05万元，救助支出17.9万元，生活费支出1.82万元，"
            "就餐生活费支出22.45万元，值班人员补助支出7.68万元，奖励支出5.44万元，拨付所属企业维稳费15元，"
            "聘请法律顾问支出5元，办公费等支出23.71万元，共计支出109.05万元。\n")
    fs = audit_text(tmp_path, text)
    # one slip, one finding: the unit slips are the sum's hint, not findings of their own
    assert codes(fs) == [("NS01", "error")]
    assert "15元 可能应为 15万元" in fs[0].hint and "5元 可能应为 5万元" in fs[0].hint
    # alone (--only US01), the slips are still reported
    slips = audit_text(tmp_path, text, only=["US01"])
    assert sorted(f.evidence[0].printed for f in slips) == ["15元", "5元"]


def test_when_a_total_printed_twice_also_misses_its_parts_then_one_finding(tmp_path):
    # Fujian 12 (2015 决算): 本年支出 is 4385.76 in the carry-over sentence and 4165.56 at the head of its
    # breakdown, whose parts add up to 4385.76: one slip, seen by NS02 and by NT03 with the same expected value
    text = ("四、2015年决算收支总体情况 2015年平潭综合实验区党工委党群工作部年初结转和结余773.51万元，本年收入4561.96万元，"
            "本年支出4385.76万元，事业基金弥补收支差额0.15万元，结余分配/万元，年末结转和结余949.85万元。"
            "（一）2015本年收入4561.96万元。（二）2015本年支出4165.56万元，具体情况如下： 1. 基本支出2635.66万元。"
            " 2. 项目支出1750.10万元。\n")
    fs = [f for f in audit_text(tmp_path, text) if f.severity.label_en == "error"]
    assert [f.code for f in fs] == ["NS02"]
    assert "4385.76" in fs[0].hint and {4385.76, 4165.56} <= {e.value for e in fs[0].evidence}
    # alone, the restatement is reported
    (nt,) = audit_text(tmp_path, text, only=["NT03"])
    assert nt.severity.label_en == "error" and {e.value for e in nt.evidence} == {4385.76, 4165.56}


def test_when_listed_items_add_up_then_no_finding(tmp_path):
    text = "截止2021年12月底实有在职人员45人，离休干部7人，退休人员250人，共计302人。\n"
    assert audit_text(tmp_path, text, only=["NS01"]) == []


def test_when_part_exceeds_whole_then_error(tmp_path):
    text = "2021年本年追加项目经费用于房屋租赁91.91万元，其中非税返还143.19万元。\n"
    (f,) = audit_text(tmp_path, text, only=["NS02"])
    assert f.severity.label_en == "error"
    assert {e.value for e in f.evidence} == {91.91, 143.19}


def test_when_qizhong_parts_match_after_rounding_then_no_error(tmp_path):
    text = ("2022年项目支出 71.98 万元，结余结转 0 万元，其中：老干活动专项经费 38 万元，"
            "全市工业经济运行调度专项资金 19.89 万元，财政拨款项目 14.08 万元。\n")
    assert [f for f in audit_text(tmp_path, text) if f.severity.label_en == "error"] == []


def test_when_qizhong_parts_cover_part_of_total_then_warning_with_uncovered_amount(tmp_path):
    text = "2021年年初项目支出预算数为251.70万元，其中政府门户网站经费10.00万元、挂职区长经费9.00万元。\n"
    (f,) = audit_text(tmp_path, text, only=["NS03"])
    assert f.difference == pytest.approx(-232.70)  # found − expected: 19 listed of 251.70


def test_when_total_sentence_then_qizhong_next_sentence_and_change_amounts_excluded(tmp_path):
    text = ("2022年基本支出 2609.57 万元。其中人员经费 2355.31 万元，较去年增加 438.24 万元；"
            "日常公用经费 254.36 万元，较上年增加 19.66 万元。\n")
    (f,) = audit_text(tmp_path, text, only=["NS02"])
    assert f.expected == pytest.approx(2609.67)


def test_when_rate_matches_operands_then_consistent_else_error(tmp_path):
    ok = "2021年排查安全隐患159处，整改155处，整改率97.5%。\n"
    assert audit_text(tmp_path, ok, only=["NR01"]) == []
    bad = "2021年排查安全隐患160处，整改155处，整改率97.5%。\n"
    (f,) = audit_text(tmp_path, bad, only=["NR01"])
    assert f.expected == pytest.approx(96.875)


def test_when_change_and_percent_agree_then_no_finding_else_error(tmp_path):
    ok = "2021年我办“三公”经费支出6.18万元。“三公”经费支出较上年7.54万元减少1.36万元，降低18.04%。\n"
    assert audit_text(tmp_path, ok, only=["NR02"]) == []
    bad = "2021年我办“三公”经费支出6.18万元。“三公”经费支出较上年7.54万元减少1.46万元，降低18.04%。\n"
    assert "NR02" in [f.code for f in audit_text(tmp_path, bad, only=["NR02"])]


def test_when_all_rectified_but_counts_short_then_warning(tmp_path):
    text = "2021年排查安全隐患159处，整改155处，整改率97.5%。发现的安全隐患已全部整改到位。\n"
    (f,) = audit_text(tmp_path, text, only=["CL01"])
    assert {e.value for e in f.evidence} == {159, 155}


def test_when_count_differs_from_listed_items_then_warning(tmp_path):
    ok = "单位有3个内设机构:办公室、财务股、业务股。\n"
    assert audit_text(tmp_path, ok, only=["CL04"]) == []
    bad = "单位有4个内设机构:办公室、财务股、业务股。\n"
    assert [f.found for f in audit_text(tmp_path, bad, only=["CL04"])] == [4]


def test_when_same_indicator_stated_twice_differently_then_warning(tmp_path):
    text = "2022年在职人数14人。\n此外说明。\n2022年在职人数15人。\n"
    assert [f.code for f in audit_text(tmp_path, text, only=["NT03"])] == ["NT03"]


BASIC_TABLE_004 = (
    "2022 年度部门整体支出绩效评价基础数据表\n"
    "财政供养人员情况(人)\t编制数\t\t2022 年实际在职人数\t\t控制率\t\n"
    "\t26\t\t25\t\t96%\t\n"
    "经费控制情况(万元)\t2021 年决算数\t\t2022 年预算数\t\t2022 年决算数\t\n"
    "三公经费\t10.31\t\t30.5\t\t{sangong}\t\n"
    "项目支出:\t62\t\t38\t\t{xiangmu}\t\n"
    "全市工业经济运行调度专项\t\t\t20\t\t20\t\n"
    "公用经费\t234.6\t\t323.59\t\t250.31\t\n"
    "\n"
)


def report_004(sangong="11.99", xiangmu="71.98", narrative=""):
    return ("2022 年度部门（单位）整体支出绩效自评报告\n" + narrative
            + BASIC_TABLE_004.format(sangong=sangong, xiangmu=xiangmu))


def test_when_narrative_and_basic_table_disagree_then_error_with_both_places(tmp_path):
    text = report_004(narrative="2022 年我办“三公经费”支出合计 11.9 万元，同比 2021 年增加 1.59 万元，增加 15.4%。\n")
    (f,) = audit_text(tmp_path, text, only=["NT01"])
    assert f.severity.label_en == "error"
    assert [e.location.is_cell for e in f.evidence] == [False, True]
    assert {e.value for e in f.evidence} == {11.9, 11.99}


def test_when_narrative_matches_table_then_no_tieout_finding(tmp_path):
    text = report_004(sangong="11.9", narrative="2022 年我办“三公经费”支出合计 11.9 万元，同比 2021 年增加 1.59 万元，增加 15.4%。\n")
    assert audit_text(tmp_path, text, only=["NT01", "NT02", "NR02"]) == []


def test_when_synonym_not_same_words_then_warning_not_error(tmp_path):
    text = report_004(narrative="2022 年基本支出 2609.57 万元。日常公用经费 254.36 万元，较上年增加 19.66 万元。\n")
    fs = audit_text(tmp_path, text, only=["NT01", "NT02"])
    by_code = {f.code: f for f in fs}
    assert by_code["NT01"].severity.label_en == "warning"  # 日常公用经费 vs 公用经费
    assert by_code["NT02"].expected == pytest.approx(234.6)  # implied 234.70 vs the 2021 column
    assert by_code["NT02"].found == pytest.approx(234.70)


def test_when_named_project_amount_differs_from_its_row_then_warning(tmp_path):
    narrative = "2. 年中追加项目“全市工业经济运行调度专项资金”，金额20万元，实际支出19.89万元，结余结转0.11万元。\n"
    fs = audit_text(tmp_path, report_004(narrative=narrative), only=["NT05"])
    assert [(f.found, f.expected) for f in fs] == [(19.89, 20)]
    ok = "2. 年中追加项目“全市工业经济运行调度专项资金”，金额20万元，实际支出20万元。\n"
    assert audit_text(tmp_path, report_004(narrative=ok), only=["NT05"]) == []


def test_when_all_paid_but_project_spending_differs_then_error(tmp_path):
    text = ("2021年度部门整体支出绩效自评报告\n全年支出376.23万元，基本支出150.17万元；项目支出226.06万元。\n"
            "本年追加项目经费91.91万元，项目资金共301.1万元，已全部支付到位。\n")
    (f,) = audit_text(tmp_path, text, only=["CL03"])
    assert {e.value for e in f.evidence} == {301.1, 226.06}
    ok = text.replace("301.1", "226.06")
    assert audit_text(tmp_path, ok, only=["CL03"]) == []


def test_when_funds_said_fully_in_place_but_rate_below_100_then_warning(tmp_path):
    bad = "2021年度共计拨入资金110万元，本年度资金全部到位，到位率95％。\n"
    assert [f.found for f in audit_text(tmp_path, bad, only=["CL02"])] == [95]
    ok = "2021年度共计拨入资金110万元，本年度资金全部到位，到位率100％。\n"
    assert audit_text(tmp_path, ok, only=["CL02"]) == []


def test_when_balance_is_not_funds_minus_spending_then_error(tmp_path):
    ok = ("信访维稳经费项目是年初政府预算项目，本单位报批共计拨款110万元，本年支出109.05万元，本年度未超支。\n"
          "（2）项目成本（预算）节约情况\n信访维稳经费项目本年度结余0.95万元。\n")
    assert audit_text(tmp_path, ok, only=["BL01", "BL02"]) == []
    bad = ok.replace("结余0.95万元", "结余1.95万元")
    (f,) = audit_text(tmp_path, bad, only=["BL01"])
    assert (f.expected, f.found) == (pytest.approx(0.95), 1.95)


def test_when_said_not_overspent_but_spending_exceeds_funds_then_error(tmp_path):
    bad = "本单位报批共计拨款110万元，本年支出112.05万元，本年度未超支。\n"
    (f,) = audit_text(tmp_path, bad, only=["BL02"])
    assert f.difference == pytest.approx(2.05)


_XINFANG = ("信访维稳经费，2021年度共计拨入资金110万元，分三次拨款，1月信访维稳经费拨款{jan}万元，"
            "2月特护期维稳经费拨款20万元，8月信访维稳经费拨款50万元，本年度资金全部到位，到位率100％。\n")


def test_when_total_is_split_into_counted_instalments_then_instalments_must_add_up(tmp_path):
    """共计…110万元，分三次拨款，40+20+50: a total stated first and broken down after 分三次."""
    assert audit_text(tmp_path, _XINFANG.format(jan="40"), only=["NS01"]) == []
    (f,) = audit_text(tmp_path, _XINFANG.format(jan="70"), only=["NS01"])
    assert f.severity.label_en == "error" and {e.value for e in f.evidence} == {110, 70, 20, 50}


_GONGYONG_TEXT = ("2022年我中心基本支出1500.25万元，其中人员经费1286.40万元，公用经费213.85万元。"
                  "公用经费中，办公经费96.40万元，水费、电费、差旅费{water}万元，会议费、培训费12.60万元，"
                  "其他商品和服务支出46.60万元。\n")


def test_when_sentence_opens_with_x_zhong_and_ends_with_qita_then_items_must_equal_x(tmp_path):
    """公用经费中，…，其他商品和服务支出…: a complete breakdown of the 公用经费 just stated."""
    assert audit_text(tmp_path, _GONGYONG_TEXT.format(water="58.25"), only=["NS01", "NS02", "NS03"]) == []
    (f,) = audit_text(tmp_path, _GONGYONG_TEXT.format(water="58.75"), only=["NS01"])
    assert f.severity.label_en == "error" and 213.85 in {e.value for e in f.evidence}


def test_when_qizhong_list_reaches_a_rate_then_later_figures_are_not_parts(tmp_path):
    """年末结余6.15万元 after 预算执行率98.93% is not a third part of 全年支出."""
    text = "全年支出1692.25万元，其中基本支出1500.25万元，项目支出192.00万元，预算执行率98.93%，年末结余6.15万元。\n"
    assert audit_text(tmp_path, text, only=["NS01", "NS02", "NS03"]) == []
    bad = text.replace("192.00", "162.00")
    (f,) = audit_text(tmp_path, bad, only=["NS03"])
    assert 6.15 not in {e.value for e in f.evidence}


def test_when_last_year_figure_is_printed_in_yuan_then_change_does_not_add_up(tmp_path):
    """较上年7.54元减少1.36万元 beside 6.18万元: 万元 written as 元 breaks the change."""
    ok = "“三公”经费支出6.18万元。“三公”经费支出较上年7.54万元减少1.36万元，降低18.04%。\n"
    assert audit_text(tmp_path, ok, only=["NR02"]) == []
    (f,) = audit_text(tmp_path, ok.replace("7.54万元", "7.54元"), only=["NR02"])
    assert f.severity.label_en == "error"


def test_when_share_rate_exceeds_100_percent_then_flagged(tmp_path):
    """到位率 is a share of the budget: 190％ cannot be; 100％ is fine; 完成率 may exceed 100%."""
    ok = "本年度资金全部到位，到位率100％。全年任务完成率105%。\n"
    assert audit_text(tmp_path, ok, only=["NR03"]) == []
    (f,) = audit_text(tmp_path, ok.replace("100％", "190％"), only=["NR03"])
    assert f.severity.label_en == "warning" and f.found == 190
    (f,) = audit_text(tmp_path, "群众满意率102%。\n", only=["NR03"])
    assert f.severity.label_en == "error"


_JIAOYI = ("全年完成公共资源交易项目1268宗，其中工程建设项目612宗，政府采购项目528宗，土地和矿业权出让项目128宗；"
           "按期完成1238宗，按期完成率97.63%。全流程电子化交易{e}宗，电子化交易率92.43%。\n")


def test_when_rate_is_named_after_the_count_before_it_then_it_is_that_count_over_the_total(tmp_path):
    """电子化交易1172宗，电子化交易率92.43% = 1172 ÷ 1268 (the total broken down by 其中)."""
    assert audit_text(tmp_path, _JIAOYI.format(e="1172"), only=["NR01"]) == []
    (f,) = audit_text(tmp_path, _JIAOYI.format(e="1712"), only=["NR01"])
    assert f.severity.label_en == "warning" and {e.value for e in f.evidence} == {92.43, 1712, 1268}


def test_when_count_of_whole_things_has_a_fraction_then_warning(tmp_path):
    """问卷50.0份 / 126.8宗: a decimal point slipped into a count; 人均2.5次 and 1.5万人 are fine."""
    ok = "全年发放服务对象满意度调查问卷500份，回收500份，人均参加培训2.5次，服务群众1.5万人。\n"
    assert audit_text(tmp_path, ok, only=["US02"]) == []
    (f,) = audit_text(tmp_path, ok.replace("问卷500份", "问卷50.0份"), only=["US02"])
    assert f.severity.label_en == "warning" and f.evidence[0].printed == "50.0份"
    (f,) = audit_text(tmp_path, "完成交易项目126.8宗，入库专家836人。\n", only=["US02"])
    assert f.found == 126.8


def test_when_a_project_section_states_its_spending_then_it_is_not_held_against_the_department(tmp_path):
    narrative = ("2. 年中追加项目“全市工业经济运行调度专项资金”，金额20万元，实际支出19.89万元，结余结转0.11万元。\n"
                 "（1）项目资金使用情况\n项目资金全部由市财政预算进行安排，截止2022年底实际使用数为19.89万元。\n")
    fs = audit_text(tmp_path, report_004(narrative=narrative), only=["NT01"])
    # 19.89 is one project's spending, not the department's 项目支出 (71.98)
    assert [f for f in fs if 19.89 in {e.value for e in f.evidence}] == []


def test_project_section_figures_get_project_concepts(tmp_path):
    from auditor.ingest import read_document
    from auditor.nlp.extract import extract_claims

    p = tmp_path / "r.txt"
    p.write_text("1. 年初预算项目“离退休老干部业务专项资金”，金额 38 万元，实际支出 38 万元，结余结转 0 万元。\n", encoding="utf-8")
    claims = extract_claims(read_document(p)).narrative
    assert [(c.value, c.concept, c.extra.get("scope")) for c in claims[:2]] == [
        (38, "资金总额", "project"), (38, "项目支出", "project")]


def test_names_with_a_bracketed_insertion_or_a_measure_word_get_their_concept(tmp_path):
    """因公出国（境）费: the bracket inside the name opens no clause, half- or full-width; 公务接待费决算 is
    公务接待费; the list's bare first figure takes the unit of the last (2318.40、2296.75万元)."""
    from auditor.ingest import read_document
    from auditor.nlp.extract import extract_claims

    p = tmp_path / "r.txt"
    p.write_text("“三公”经费支出10万元，其中：因公出国（境）费2万元，公务用车购置及运行费5万元，公务接待费决算3万元。"
                 "因公出国(境)经费决算1.5万元。收、支总计各是2318.40、2296.75万元。\n", encoding="utf-8")
    claims = extract_claims(read_document(p)).narrative
    assert [c.concept for c in claims[:5]] == ["三公经费", "因公出国境费", "公务用车购置和运行维护费", "公务接待费",
                                               "因公出国境费"]
    assert [(c.quantity.unit, c.quantity.normalized) for c in claims[5:7]] == [("万元", 23184000.0), ("万元", 22967500.0)]


def test_when_amount_in_yuan_repeats_a_wan_yuan_figure_then_unit_slip_warning(tmp_path):
    """实际使用数为19.89元 beside 项目预算19.89万元: 万元 written as 元; "10.00 万 元" is not a slip."""
    ok = "项目预算19.89万元，安排资金10.00万元。截止2022年底实际使用数为19.89万元，其他支出10.00 万 元。\n"
    assert audit_text(tmp_path, ok, only=["US03"]) == []
    (f,) = audit_text(tmp_path, ok.replace("使用数为19.89万元", "使用数为19.89元"), only=["US03"])
    assert f.severity.label_en == "warning" and f.evidence[0].printed == "19.89元"


# ---- whole counts are exact; rates find operands across sentences; unit slips in rates and changes

CLEAN_STAFF = "中心核定事业编制48名，2022年末实有在职人员{n}人，离休人员2人，退休人员31人，共计78人。在职人员控制率为93.75%。\n"


def test_when_a_count_list_is_off_by_one_then_no_rounding_excuse(tmp_path):
    # 46 + 2 + 31 = 79: whole people are not rounded, so one person off is an error
    fs = audit_text(tmp_path, CLEAN_STAFF.format(n=46), only=["NS01"])
    assert [(f.code, f.severity.label_en, f.difference) for f in fs] == [("NS01", "error", -1)]
    assert audit_text(tmp_path, CLEAN_STAFF.format(n=45), only=["NS01"]) == []


def test_when_qizhong_counts_fall_short_by_two_then_warning(tmp_path):
    text = "全年完成公共资源交易项目1268宗，其中工程建设项目612宗，政府采购项目528宗，土地和矿业权出让项目{n}宗。\n"
    (f,) = audit_text(tmp_path, text.format(n=126), only=["NS03"])
    assert f.difference == -2  # found − expected
    assert audit_text(tmp_path, text.format(n=128), only=["NS03"]) == []


def test_when_control_rate_operands_sit_in_the_previous_sentence_then_checked(tmp_path):
    # 编制 in 名 and 在职 in 人 both count people; 47 ÷ 48 = 97.92%, not 93.75%
    (f,) = audit_text(tmp_path, CLEAN_STAFF.format(n=47), only=["NR01"])
    assert f.expected == pytest.approx(97.9167, abs=1e-3)
    assert audit_text(tmp_path, CLEAN_STAFF.format(n=45), only=["NR01"]) == []


def test_when_execution_rate_budget_is_in_an_earlier_sentence_then_checked(tmp_path):
    text = ("2022年我中心全年预算数1710.50万元，其中年初预算1650.00万元，年中追加60.50万元。"
            "全年支出1692.25万元，其中基本支出1500.25万元，项目支出192.00万元，预算执行率{r}%。\n")
    (f,) = audit_text(tmp_path, text.format(r="92.93"), only=["NR01"])
    assert f.expected == pytest.approx(98.93, abs=0.01)
    assert audit_text(tmp_path, text.format(r="98.93"), only=["NR01"]) == []


def test_when_rectification_rate_has_another_name_then_checked(tmp_path):
    text = "上年度绩效评价发现问题5个，已完成整改4个，正在整改1个，整改完成率{r}%。\n"
    (f,) = audit_text(tmp_path, text.format(r="87.00"), only=["NR01"])
    assert f.expected == pytest.approx(80)
    assert audit_text(tmp_path, text.format(r="80.00"), only=["NR01"]) == []


def test_when_satisfaction_rate_differs_from_returned_questionnaires_then_error(tmp_path):
    text = "全年发放服务对象满意度调查问卷500份，回收{n}份，其中表示满意的481份，满意度96.2%。\n"
    (f,) = audit_text(tmp_path, text.format(n=520), only=["NR01"])
    assert f.expected == pytest.approx(92.5)
    assert audit_text(tmp_path, text.format(n=500), only=["NR01"]) == []


def test_when_a_rate_operand_is_in_yuan_among_wanyuan_then_unit_slip(tmp_path):
    text = "2022年我中心全年预算数1710.50万元，实际到位资金1698.40{u}，资金到位率99.29%。\n"
    (f,) = audit_text(tmp_path, text.format(u="元"), only=["US01", "NR01"])
    assert f.code == "US01" and f.evidence[0].printed.strip() == "1698.40元"
    assert audit_text(tmp_path, text.format(u="万元"), only=["US01", "NR01"]) == []


def test_when_a_yearly_change_is_in_yuan_among_wanyuan_then_unit_slip(tmp_path):
    text = "2021年“三公”经费支出6.18万元。“三公”经费支出较上年7.54万元减少1.36{u}，降低18.04%。\n"
    (f,) = audit_text(tmp_path, text.format(u="元"), only=["US01"])
    assert f.evidence[0].printed.strip() == "1.36元"
    assert audit_text(tmp_path, text.format(u="万元"), only=["US01"]) == []


def test_when_a_rate_is_stated_in_yuan_over_wanyuan_correctly_then_no_slip(tmp_path):
    # 公务接待费3000元 of 6.00万元 is 5%: mixed units, read correctly, hold
    text = "“三公”经费预算6.00万元，公务接待费实际支出3000元，资金到位率5.00%。\n"
    assert audit_text(tmp_path, text, only=["US01", "NR01"]) == []


def test_when_an_adjustment_sits_between_budget_and_spending_then_balance_counts_it(tmp_path):
    text = ("1. 年初预算项目“离退休老干部业务专项资金”，金额 38 万元，年中执行调增（减）{a} 万元，"
            "实际支出 38 万元，结余结转 0 万元。\n")
    (f,) = audit_text(tmp_path, text.format(a=7), only=["BL01"])
    assert f.severity.label_en == "error" and f.found == 0
    assert "调整" in [e.role for e in f.evidence]
    assert audit_text(tmp_path, text.format(a=0), only=["BL01"]) == []


def test_when_funds_after_an_addition_leave_the_balance_then_no_error(tmp_path):
    # 年中追加 is already inside 实际到位资金: the later funds figure explains the balance
    text = ("2022年我中心全年预算数1710.50万元，其中年初预算1650.00万元，年中追加60.50万元；实际到位资金1698.40万元，"
            "资金到位率99.29%。全年支出1692.25万元，其中基本支出1500.25万元，项目支出192.00万元，预算执行率98.93%，"
            "年末结余6.15万元。\n")
    assert audit_text(tmp_path, text, only=["BL01"]) == []


PROSE_TABLE = ("部门整体支出绩效自评表\n\n"
               "\t年度总体目标\n\t预期目标\n\t实际完成情况\n\n"
               "\t\n\t保障公共资源交易活动规范、高效、按期开展，交易项目不少于1200宗，服务对象满意度不低于95%。\n"
               "\t完成交易项目1268宗，入库专家836人，服务对象满意度{s}%，按期完成率97.63%，略低于年度目标。\n\n")


def test_when_prose_in_a_table_cell_states_a_share_above_100_then_flagged(tmp_path):
    (f,) = audit_text(tmp_path, PROSE_TABLE.format(s="962"), only=["NR03"])
    assert f.evidence[0].location.table is not None and f.found == 962
    assert audit_text(tmp_path, PROSE_TABLE.format(s="96.2"), only=["NR03"]) == []


def test_prose_in_a_table_cell_is_not_held_against_its_own_table(tmp_path):
    assert audit_text(tmp_path, PROSE_TABLE.format(s="96.2"), only=["NT01", "NT04", "NT05"]) == []


BRACKETS = ("2022年我中心“三公”经费支出6.00万元，其中公务用车购置和维护经费{t}万元（公务用车购置费{a}万元，"
            "公务用车运行维护费4.80万元），因公出国（境）费0万元，公务接待费1.20万元。\n")


def test_when_a_bracketed_breakdown_does_not_add_up_then_error(tmp_path):
    # 4.80万元（0.50万元 + 4.80万元）; the outer list 4.80 + 0 + 1.20 = 6.00 still holds
    (f,) = audit_text(tmp_path, BRACKETS.format(t="4.80", a="0.50"), only=["NS01"])
    assert f.severity.label_en == "error" and f.found == 4.80 and f.expected == pytest.approx(5.30)
    assert audit_text(tmp_path, BRACKETS.format(t="4.80", a="0"), only=["NS01", "NS02", "NS03"]) == []


def test_when_brackets_hold_a_change_or_name_some_parts_then_no_sum_error(tmp_path):
    text = ("基本支出1500.25万元（较上年增加63.53万元，增长4.42%）。"
            "项目支出192.00万元（其中公共资源交易平台运维经费86.30万元、评标专家库建设经费42.50万元）。\n")
    assert [f for f in audit_text(tmp_path, text) if f.code in ("NS01", "NS02")] == []


def test_when_a_project_balance_is_in_yuan_among_wanyuan_then_unit_slip(tmp_path):
    text = "2. 年初预算项目“全市工业经济运行调度专项资金”，金额20万元，实际支出19.89万元，结余结转0.11{u}。\n"
    (f,) = audit_text(tmp_path, text.format(u="元"), only=["US01"])
    assert f.evidence[0].printed.strip() == "0.11元"
    assert audit_text(tmp_path, text.format(u="万元"), only=["US01", "BL01"]) == []


SHARE_OF = ("2022年我中心“三公”经费支出6.00万元。“三公”经费支出较上年7.50万元减少1.50万元，下降20.00%，"
            "为年度预算数{b}万元的{p}%。\n")


def test_when_a_share_of_the_figure_before_it_is_wrong_then_warning(tmp_path):
    (f,) = audit_text(tmp_path, SHARE_OF.format(b="8.00", p="75.90"), only=["NR01"])
    assert f.severity.label_en == "warning" and f.expected == pytest.approx(75.0)
    (g,) = audit_text(tmp_path, SHARE_OF.format(b="80.0", p="75.00"), only=["NR01"])
    assert g.expected == pytest.approx(7.5)
    assert audit_text(tmp_path, SHARE_OF.format(b="8.00", p="75.00"), only=["NR01"]) == []


PROJECT = ("六、项目支出绩效情况\n"
           "2. 年初预算项目“全市工业经济运行调度专项资金”，金额20万元，实际支出19.89万元，结余结转0.11万元。项目实施及绩效情况如下：\n"
           "（1）项目资金使用情况\n"
           "项目资金全部由市财政预算进行安排，截止2022年底实际使用数为{v}万元，主要用于开展工业经济运行调度工作。\n")


def test_when_a_project_states_its_spending_twice_differently_then_warning(tmp_path):
    (f,) = audit_text(tmp_path, PROJECT.format(v="19.98"), only=["NT03"])
    assert "全市工业经济运行调度专项资金" in f.message and f.found == 19.98 and f.expected == 19.89
    # "财政预算进行安排" earlier in the sentence does not make 实际使用数 a budget figure
    assert audit_text(tmp_path, PROJECT.format(v="19.89"), only=["NT03"]) == []


CLEAN = Path(__file__).resolve().parents[1] / "samples" / "clean_部门整体支出绩效自评报告.txt"


def test_when_prose_in_a_score_table_contradicts_the_row_it_names_then_warning(tmp_path):
    text = CLEAN.read_text(encoding="utf-8")
    cell = "完成交易项目1268宗，入库专家836人，服务对象满意度96.2%，按期完成率97.63%"
    assert cell in text
    assert [f for f in audit_text(tmp_path, text, only=["NT04"])] == []
    (f,) = audit_text(tmp_path, text.replace(cell, cell.replace("97.63%", "97.36%")), only=["NT04"])
    assert f.found == 97.36 and f.expected == 97.63 and f.message.startswith("表中文字")
    assert f.evidence[0].location.table == f.evidence[1].location.table


def test_a_saving_without_a_comparison_is_an_amount_not_a_change(tmp_path):
    text = CLEAN.read_text(encoding="utf-8")
    said = "通过公开竞争为财政节约资金2.37亿元"
    assert said in text
    # the amount saved is held against the table's 节约财政资金 row …
    (f,) = audit_text(tmp_path, text.replace(said, said.replace("2.37", "2.73")), only=["NT04"])
    assert f.found == 2.73 and f.expected == 2.37
    # … while 较上年节约 is still a year-on-year change
    from auditor.ingest import read_document
    from auditor.nlp.extract import extract_claims

    p = tmp_path / "change.txt"
    p.write_text("2022年“三公”经费支出6.00万元，较上年7.50万元节约1.50万元。\n", encoding="utf-8")
    roles = [c.role for c in extract_claims(read_document(p)).narrative]
    assert roles[-1] == "change"


def test_a_rates_operands_are_read_at_the_pairs_precision(tmp_path):
    # 20万元 beside 19.69万元 is 20.00: 19.69 ÷ 20 = 98.45%, not "anything from 96% to 101%"
    text = "项目年初预算20万元，实际支出19.69万元，预算执行率99.5%。\n"
    (f,) = audit_text(tmp_path, text, only=["NR01"])
    assert f.expected == pytest.approx(98.45)
    assert audit_text(tmp_path, text.replace("19.69", "19.89"), only=["NR01"]) == []
