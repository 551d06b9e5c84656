"""Changes and breakdowns in numbered 科目 items, on sentences from real 决算说明 pages
(Pingtan, Fujian; ../shared/corpus-pingtan), each run through the text reader and the pipeline."""

from pathlib import Path

import pytest

from auditor.audit import AuditConfig, audit_path

pytestmark = pytest.mark.slow

HEAD = "2017年度部门决算说明\n"


def audit_text(tmp_path: Path, text: str, only=None):
    p = tmp_path / "report.txt"
    p.write_text(HEAD + text + "\n", encoding="utf-8")
    r = audit_path(p, AuditConfig(only=frozenset(only or ())))
    assert r.error is None
    return r.findings


def test_when_change_follows_a_bracketed_breakdown_then_it_is_the_totals(tmp_path):
    text = ("（十一）其它支出（科目编码229）169.50万元（其中按照项级科目统计，科目编码2299901-其它支出金额为169.50万元），"
            "较上年决算数减少53.9万元，下降32%。主要原因是：办公室相应设备及采购用品减少。")
    (f,) = audit_text(tmp_path, text, only=["NR02"])
    assert f.severity.label_en == "error"
    assert f.expected == pytest.approx(24.13, abs=0.01)  # 53.9 / (169.50 + 53.9)


def test_when_breakdown_holds_the_change_then_no_finding(tmp_path):
    text = ("（一）一般公共服务支出（科目编码201）为675.64万元（其中按照项级科目统计，科目编码2010301-政府机构行政运行的金额为"
            "672.84万元；科目编码2010601-财政事务行政运行的金额为2.8万元），较上年决算数增加175.93万元，增长35%。")
    assert audit_text(tmp_path, text, only=["NR02"]) == []


def test_when_change_sentence_names_no_subject_then_it_speaks_of_the_items_amount(tmp_path):
    text = ("（四十七）2080903军队移交政府的离休干部管理机构59.14万元，主要用于离休干部的管理机构运行及办公经费支出。"
            "较2016年决算数减少71.6万元，减少121.07%。（四十八）2080999其他退役安置支出121.7万元。")
    (f,) = audit_text(tmp_path, text, only=["NR02"])
    assert f.expected == pytest.approx(54.77, abs=0.01)  # 71.6 / (59.14 + 71.6)
    assert 59.14 in {e.value for e in f.evidence}


def test_when_change_sentence_names_its_own_subject_then_not_linked_to_the_item(tmp_path):
    text = ("（二十一）2070307体育场馆1561.1万元，主要垒球场建设配套资金1546.1万元，用于县人民体育场运行及保洁经费15万元。"
            "人民体育场保洁经费与2016年的运行及保洁经费相比，增长1.21万元，主要原因是保洁人员工资放至17年报销。")
    assert audit_text(tmp_path, text, only=["NR02"]) == []


def test_when_increase_exceeds_this_years_amount_then_error(tmp_path):
    text = ("（五十四）2081101残疾人事业行政运行32.31万元，主要用于残疾人联合会的工作人员工资支出。"
            "较2016年决算数增加36.8万元，增加53.25%。主要原因为残疾人联合会的人员变动。")
    (f,) = audit_text(tmp_path, text, only=["NR02"])
    assert f.severity.label_en == "error"
    assert "增加额超过本年数" in f.message and "53.25%" in f.message and "69.11" in f.message


def test_when_growth_is_stated_on_a_zero_base_then_info(tmp_path):
    text = ("（九）交通运输支出（科目编码214）6万元（其中按照项级科目统计，科目编码2140106-公路养护金额为6万元），"
            "较上年决算数增加6万元，增长100%。主要原因是：政府加大对公路进行养护所产生的费用增加。")
    (f,) = audit_text(tmp_path, text, only=["NR02"])
    assert f.severity.label_en == "info"


def test_when_increase_is_printed_negative_then_it_is_a_decrease(tmp_path):
    text = "（一）2017年收入116,272.20万元，比2016年决算数增加-95,200.25万元，增长-45.02％，具体情况如下："
    assert audit_text(tmp_path, text, only=["NR02"]) == []


def test_when_change_follows_a_qizhong_list_then_it_is_the_wholes(tmp_path):
    text = ("（二）〔2070408〕文化体育与传媒支出-出版发行635.98万元，为平潭时报社2017年支出，其中工资386.86万元，"
            "商品服务支出233.39万元，较上年决算数增加102.63万元，增长19.14%。")
    (f,) = audit_text(tmp_path, text, only=["NR02"])
    assert f.expected == pytest.approx(19.24, abs=0.01)  # 102.63 / (635.98 - 102.63)


NESTED = ("七、财政拨款基本支出决算情况2017年度财政拨款基本支出{total}万元，其中：（一）人员经费1,042.69万元，主要包括："
          "基本工资、津贴补贴、奖金、伙食补助费。（二）公用经费290.85万元，主要包括：办公费、印刷费、咨询费。"
          "八、一般公共预算拨款“三公”经费支出决算情况")


def test_when_nested_enumeration_adds_up_then_no_sum_finding(tmp_path):
    assert audit_text(tmp_path, NESTED.format(total="1,333.54"), only=["NS01", "NS02", "NS03"]) == []


def test_when_nested_enumeration_falls_short_then_error(tmp_path):
    # 基本支出 is 人员经费 + 公用经费 (lexicons/relations.yaml breakdowns): a 其中 list naming both, and
    # nothing else, is the whole breakdown, so 10万元 short of it is a wrong figure, not an item left unsaid
    (f,) = audit_text(tmp_path, NESTED.format(total="1,343.54"), only=["NS01", "NS02", "NS03"])
    assert (f.code, f.severity.label_en) == ("NS01", "error")
    assert f.expected == pytest.approx(1333.54)


def test_when_a_qizhong_list_names_one_part_then_falling_short_is_no_contradiction(tmp_path):
    # the same list with 人员经费 alone is not 基本支出's whole breakdown: the rest may be left unsaid
    text = NESTED.format(total="1,343.54").replace("（二）公用经费290.85万元，主要包括：办公费、印刷费、咨询费。", "")
    assert audit_text(tmp_path, text, only=["NS01", "NS02", "NS03"]) == []


def test_when_numbered_items_exceed_their_total_then_error(tmp_path):
    text = ("六、政府性基金支出决算情况2017年度政府性基金支出300.32万元，比上年决算数增加199.94万元，增长199.20%，"
            "具体情况如下(按项级科目统计)： （一）城乡社区支出（科目编码212）300.32万元，（其中按照项级科目统计，"
            "科目编码2120801-征地和拆迁补偿支出金额为162.13万元；科目编码2120803-城市建设支出金额为83.85万元；"
            "科目编码2120899-其他国有土地使用权出让收入安排支出金额为54.34万元），较上年决算数增加231.85万元，增长339%。"
            "（二）其它支出（科目编码229）6万元，（其中按照项级科目统计，科目编码2296002-用于社会福利的彩票公益金支出金额为6万元），"
            "较上年决算数减少26万元，下降81%。七、财政拨款基本支出决算情况")
    fs = audit_text(tmp_path, text, only=["NS02"])
    assert [(f.code, f.severity.label_en) for f in fs] == [("NS02", "error")]
    assert {6.0, 300.32} <= {e.value for e in fs[0].evidence}


def test_when_this_year_is_stated_as_a_multiple_of_last_year_then_it_is_checked(tmp_path):
    text = ("（三十三）2080201民政管理事务行政运行956.01万元，主要用于80-90周岁老年人补贴。较2016年决算数增加950.74万元，"
            "是16年决算数的180.41倍。主要是由于老龄委并入民政处。")
    (f,) = audit_text(tmp_path, text, only=["NR02"])
    assert f.severity.label_en == "warning"
    assert f.expected == pytest.approx(181.41, abs=0.01)  # 956.01 / (956.01 - 950.74)


def test_when_growth_multiple_fits_within_rounding_then_no_finding(tmp_path):
    text = ("（二十一）2070307体育场馆1561.1万元，主要垒球场建设配套资金1546.1万元，用于县人民体育场运行及保洁经费15万元。"
            "较上年决算数增加1547.31万元，增长112.45倍。（二十二）2070308群众体育143.64万元。")
    assert audit_text(tmp_path, text, only=["NR02"]) == []


def test_when_a_multiple_is_hedged_then_not_checked(tmp_path):
    text = ("（四十八）2080999其他退役安置支出121.7万元，主要用于2016年度符合政策专业士兵安置。较2016年决算数增加113.42万元，"
            "增加将近13倍。（四十九）2081001儿童福利34.83万元。")
    assert audit_text(tmp_path, text, only=["NR02"]) == []


def test_when_compared_with_a_bare_year_then_the_item_amount_is_the_subject(tmp_path):
    text = ("（五）2296003用于体育事业的彩票公益金支出329.85万元，主要用于全民健身运动、公共运动设施、对企事业的补助等。"
            "与2016相比，减少了452.62万元，下降53.53%。（六）2296006用于残疾人事业的彩票公益金支出80.56万元。")
    (f,) = audit_text(tmp_path, text, only=["NR02"])
    assert f.expected == pytest.approx(57.85, abs=0.01)  # 452.62 / (329.85 + 452.62)


# Fujian 04's items, verbatim: rates that only rounding gives (41.53 ÷ 297.35 = 13.967%, 169.31 ÷ 281.68 =
# 60.107%) ...
_ROUNDED_ITEMS = ("（十五）2070107艺术表演团体255.82万元，主要用于闽剧团人员基本工资、医社保以及廉政文化下基层反腐闽剧《青天》"
                  "全区公演费用活动经费支出。较2016年决算数减少41.53万元，减少13.97%。"
                  "（二十八）2079999其他文化体育与传媒支出112.37万元，主要用于平潭县风力发电实验站留守人员2017年1-6月工资及"
                  "办公经费、广电处经费支出。较2016年决算数减少169.31万元，减少60.11%。")
# ... and one only truncation gives (174.34 ÷ 317.98 = 54.827%, printed 54.82%)
_TRUNCATED = ("（二十二）2070308群众体育143.64万元，主要用于区老年人体育协会活动经费级全民健身运动会（含体育器材配套实施经费）"
              "支出。较2016年决算数减少174.34万元，下降54.82%。")


def test_when_the_other_rates_are_rounded_then_a_rate_only_truncation_gives_is_a_warning(tmp_path):
    (f,) = audit_text(tmp_path, _ROUNDED_ITEMS + _TRUNCATED, only=["NR02"])
    assert f.severity.label_en == "warning" and "截尾" in f.severity_reason
    # with another rate that only truncation gives (842.75 +290.34 = 52.558%, printed 52.55%; the page prints
    # 290.32), the report
    # truncates: both are rounding-level, info
    truncating = _ROUNDED_ITEMS + _TRUNCATED + ("（二十）2070305体育竞赛842.75万元，主要用于各项文化体育赛事支出。"
                                                 "较2016年决算数增加290.34万元，增长52.55%。主要的原因是增加了全国沙滩"
                                                 "排球巡回赛经费308万元。")
    found = audit_text(tmp_path, truncating, only=["NR02"])
    assert len(found) == 2 and all(f.severity.label_en == "info" for f in found)
    # nor is one truncated rate among rates that say nothing of the method a warning
    (f,) = audit_text(tmp_path, _TRUNCATED, only=["NR02"])
    assert f.severity.label_en == "info"
