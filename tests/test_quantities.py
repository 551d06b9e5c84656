"""The quantity recogniser on real sentences from the sample reports."""

import pytest

from auditor.nlp.quantities import parse_cell_value, parse_chinese_numeral, parse_quantities


def figures(text):
    return [(q.printed.strip(), q.value, q.unit, q.bound) for q in parse_quantities(text)]


def test_when_money_with_wan_yuan_then_value_unit_and_normalized():
    qs = parse_quantities("2021年我办基本支出2558.63万元，其中人员经费支出2399.37万元")
    assert [(q.value, q.unit, q.decimals) for q in qs] == [(2558.63, "万元", 2), (2399.37, "万元", 2)]
    assert qs[0].normalized == pytest.approx(25586300)


def test_when_yuan_among_wan_yuan_then_unit_kept_as_printed():
    qs = parse_quantities("拨付所属企业维稳费15元，聘请法律顾问支出5元，共计支出109.05万元")
    assert [(q.value, q.unit) for q in qs] == [(15, "元"), (5, "元"), (109.05, "万元")]
    assert qs[0].normalized == 15 and qs[2].normalized == pytest.approx(1090500)


def test_when_dates_document_numbers_and_session_numbers_then_not_quantities():
    assert figures("根据《通知》（衡财绩[2022]83号）文件精神") == []
    assert figures("2016年9月3日衡南县人民政府常务会议纪要第十六届三十六次会议精神") == []
    assert figures("联络电话 17708474080；附件 1-1；2023.4.20") == []
    assert figures("（1）资料收集。(2)资料审核。") == []


def test_when_hedged_then_bound_recorded():
    assert figures("全年接待企业职工上访210批次300余人，群众满意率超95%") == [
        ("210批次", 210, "批次", "eq"), ("300余人", 300, "人", "ge"), ("超95%", 95, "%", "gt")]
    assert figures("网上正能量发帖宣传不少于 150 篇")[0][1:] == (150, "篇", "ge")


def test_when_full_width_and_chinese_numerals_then_parsed():
    assert figures("１００％") == [("１００％", 100, "%", "eq")]
    assert figures("百分之九十五")[0][1:3] == (95, "%")
    assert figures("一百二十人")[0][1] == 120
    assert parse_chinese_numeral("两") == 2 and parse_chinese_numeral("三千五百") == 3500


def test_when_frequency_then_per_year():
    (q,) = parse_quantities("每月一次")
    assert q.per_year == 12
    (q,) = parse_quantities("一年两次以上")
    assert q.per_year == 2 and q.bound == "ge"


def test_when_scale_word_before_unit_then_scaled():
    (q,) = [q for q in parse_quantities("面积约5.2万平方米") if q.unit == "平方米"]
    assert q.value == 52000 and q.bound == "approx"


def test_when_range_then_both_ends():
    (q,) = parse_quantities("80%（含）-90%")
    assert (q.value, q.range_to) == (80, 90)


def test_cell_values():
    assert parse_cell_value("　94　").value == 94
    assert parse_cell_value("99.04 %").decimals == 2
    assert parse_cell_value("—") is None
    assert parse_cell_value("210批次300余人") is None


@pytest.mark.parametrize("text,printed,exact", [
    ("较上年节约1.50万元", "1.50万元", True),       # 节约 (saved): 约 is the tail of a word
    ("签约3个项目", "3个", True),
    ("最近2年", "2年", True),
    ("约1.50万元", "约1.50万元", False),            # a real hedge
    ("大约3人", "大约3人", False),
    ("接近95%", "近95%", False),
])
def test_when_a_hedge_word_is_the_tail_of_another_word_then_not_a_hedge(text, printed, exact):
    (q,) = parse_quantities(text)
    assert (q.printed, q.is_exact) == (printed, exact)
