"""The one tolerance rule (XBRL Calculations 1.1 intervals)."""

from auditor.tolerance import Verdict, check_derived_growth, check_equal, check_ratio, check_sum, convention_decimals


def test_when_sum_holds_only_after_rounding_then_consistent():
    assert check_sum([38, 19.89, 14.08], 71.98, 2).verdict is Verdict.CONSISTENT


def test_when_integer_among_two_decimal_amounts_then_not_excused():
    dec = convention_decimals(["38", "20", "58.4"])
    assert dec == 1
    assert check_sum([38, 20], 58.4, dec).verdict is Verdict.INCONSISTENT


def test_when_difference_within_rounding_interval_then_not_an_error():
    # 指标结余25.92 vs 2707.46 − 2681.55 = 25.91: the intervals meet.
    assert check_sum([2707.46, -2681.55], 25.92, 2).verdict is not Verdict.INCONSISTENT


def test_when_truncated_parts_could_explain_the_shortfall_then_rounding_level():
    # 10.15 + 1.83 = 11.98 against 12.00: parts truncated from 10.159 and 1.839 add up to 11.998
    assert check_sum([10.15, 1.83], 12.00, 2).verdict is Verdict.ROUNDING


def test_when_a_subtracted_figure_is_truncated_then_its_slack_points_away_from_zero():
    # 年初269.68 + 收入4987.76 − 支出4363.62 = 893.82 against 年末893.85: a truncated 支出 only
    # makes the balance smaller, so no rounding or truncation reaches 893.85
    assert check_sum([269.68, 4987.76, -4363.62], 893.85, 2).verdict is Verdict.INCONSISTENT
    # while one unit off stays within rounding
    assert check_sum([269.68, 4987.76, -4363.62], 893.83, 2).verdict is Verdict.CONSISTENT


def test_when_slack_meets_only_at_its_edge_then_inconsistent():
    # 10.15 + 1.83 = 11.98 against 11.96: only parts rounded up by exactly half a unit and a
    # total truncated by a whole one would reach each other; no printing explains it
    assert check_sum([10.15, 1.83], 11.96, 2).verdict is Verdict.INCONSISTENT


def test_a_part_printed_as_zero_adds_no_rounding():
    # Fujian 04: 1.财政拨款收入29,758.53 2.事业收入0.00 3.经营收入0.00 4.上级补助收入124.02
    # 5.附属单位上缴收入0.00 6.其他收入1,470.46 against 31,353.06: the three empty categories hold
    # nothing, so the four figures with money in them may be off by 0.04 at most, not 0.07
    parts = [29758.53, 0.0, 0.0, 124.02, 0.0, 1470.46]
    assert check_sum(parts, 31353.06, 2).verdict is Verdict.INCONSISTENT
    assert check_sum([p for p in parts if p], 31353.06, 2).verdict is Verdict.INCONSISTENT
    assert check_sum([29758.58, 0.0, 0.0, 124.02, 0.0, 1470.46], 31353.06, 2).ok


def test_when_rate_rounds_then_consistent_else_error():
    assert check_ratio(45, 0, 94, 0, 48, 0).ok  # 47.9% printed 48%
    assert check_ratio(155, 0, 159, 0, 97.5, 1).ok
    assert check_ratio(155, None, 160, None, 97.5, 1).verdict is Verdict.INCONSISTENT


def test_two_printings_of_one_value_at_the_same_precision_must_show_the_same_digits():
    from auditor.tolerance import Verdict, check_equal

    assert check_equal(1500.25, 2, 1500.25, 2).verdict is Verdict.CONSISTENT
    # one unit in the last place: two roundings of one value, info-level
    assert check_equal(1500.25, 2, 1500.26, 2).verdict is Verdict.ROUNDING
    # two units: a contradiction (the intervals only touched before)
    assert check_equal(1500.25, 2, 1500.23, 2).verdict is Verdict.INCONSISTENT
    # an integer read at the finer precision of its partner (38 vs 38.00) agrees
    assert check_equal(38, 0, 38.00, 2).ok
    # exact counts agree only when equal
    assert not check_equal(45, None, 46, None).ok


def test_rounding_level_means_rounded_or_truncated_not_a_unit_either_way():
    from auditor.tolerance import Verdict, check_sum

    # 分三次拨款 40 + 20 + 50 万元 against a total of 114: four units off is no rounding slip
    assert check_sum([40, 20, 50], 114, 0).verdict is Verdict.INCONSISTENT
    # 113: three truncated parts could reach 112.99…, the total 113 could be 112.5: a slip
    assert check_sum([40, 20, 50], 113, 0).verdict is Verdict.ROUNDING
    assert check_sum([40, 20, 50], 110, 0).ok


def test_a_growth_rate_on_a_derived_base_takes_the_two_roundings_together():
    # 143.64, down 174.34: last year 317.98 is derived from both figures, so it cannot be
    # 317.985 while the change is 174.335; 54.827% truncated to 54.82% is rounding-level
    assert check_ratio(174.34, 2, 317.98, 2, 54.82, 2).ok  # independent operands excuse it
    assert check_derived_growth(143.64, 2, 174.34, 2, -1, 54.82, 2).verdict is Verdict.ROUNDING
    assert check_derived_growth(143.64, 2, 174.34, 2, -1, 54.83, 2).ok
    # an increase: 271.05 up 232.01 on 39.04 is 594.29%
    assert check_derived_growth(271.05, 2, 232.01, 2, 1, 594.29, 2).ok
    assert check_derived_growth(271.05, 2, 232.01, 2, 1, 590.0, 2).verdict is Verdict.INCONSISTENT


def test_last_years_items_from_their_rates_add_up_to_last_years_total():
    from auditor.tolerance import check_prior_sum

    # Fujian 07 (2017 决算): “三公” 19.87万元 −13.58%; 出国 0.00 unchanged, 公务用车 19.48 −9.77%, 接待 0.39 −72.23%
    items = [(0.00, 2, None, 0, 1, None), (19.48, 2, 9.77, 2, -1, None), (0.39, 2, 72.23, 2, -1, None)]
    ok = check_prior_sum(items, (19.87, 2, 13.58, 2, -1, None))
    assert ok.verdict is Verdict.CONSISTENT and round(ok.found, 2) == 22.99
    # Fujian 03: 110.10万元 +189.70% puts last year at 38.00, but 购置费 74.16 at +0.00% alone was 74.16
    items = [(2.69, 2, 100.0, 0, 1, None), (8.53, 2, 11.20, 2, 1, None), (74.16, 2, 0.00, 2, 1, None),
             (24.72, 2, 18.51, 2, -1, None)]
    bad = check_prior_sum(items, (110.10, 2, 189.70, 2, 1, None))
    assert bad.verdict is Verdict.INCONSISTENT and round(bad.found, 2) == 38.0 and round(bad.expected, 2) == 113.51
    # an item stating its change amount: 1.45万元, 增加1.45万元 (last year nil)
    with_amount = check_prior_sum([(1.45, 2, None, 0, 1, 1.45), (18.80, 2, 20.71, 2, -1, None),
                                   (22.84, 2, 221.69, 2, 1, None)], (43.09, 2, 39.86, 2, 1, None))
    assert with_amount.verdict is not Verdict.INCONSISTENT
    # a fall of 100% leaves last year unknown
    assert check_prior_sum([(0.0, 2, 100.0, 0, -1, None), (1.0, 2, None, 0, 1, None)], (1.0, 2, 50.0, 0, -1, None)) is None


def test_when_amounts_are_in_yuan_to_the_fen_then_their_sum_holds_to_the_fen():
    # Shanghai 13, 基本支出经济分类预算表 合计行: 25741666.44 = 23563342.00 + 2178324.44 (元).
    from auditor.tolerance import money_convention

    printed = ["23563342.00", "2178324.44", "25741666.44"]
    assert money_convention(printed, ["元"] * 3) is None  # 分 is the smallest unit: exact
    assert money_convention(printed, ["万元"] * 3) == 2  # 万元 to two decimals is a rounding
    assert check_sum([23563342.00, 2178324.44], 25741666.44, None).verdict is Verdict.CONSISTENT
    assert check_sum([23563342.00, 2178324.43], 25741666.44, None).verdict is Verdict.INCONSISTENT
    assert check_sum([23563342.00, 2178324.43], 25741666.44, 2).verdict is not Verdict.INCONSISTENT


def test_when_large_exact_figures_are_added_in_floats_then_the_noise_is_no_difference():
    # Shanghai 11, 财务收支预算总表: the spending side's classes add up to 91,016,775.35 元 exactly.
    parts = [82096797.42, 4213779.28, 1097073.43, 3609125.22]  # 一般公共服务, 社会保障和就业, 卫生健康, 住房保障
    assert check_sum(parts, 91016775.35, None).verdict is Verdict.CONSISTENT


def test_one_figure_printed_twice_with_last_digits_one_apart():
    # Fujian 06: 本年收入 3,765.87万元 in the summary sentence; 3,765.88万元 would be no rounding of it
    same = check_equal(3765.87, 2, 3765.88, 2, same_form=True)
    assert same.verdict is Verdict.ROUNDING and same.last_digit
    # the caller does not know both are printings in one unit (a sum, a conversion from 元): rounding only
    assert not check_equal(3765.87, 2, 3765.88, 2).last_digit
    # 3,765.9 (a trailing zero dropped, read as 3,765.90) and 3,765.89 show different decimals: rounding only
    other = check_equal(3765.9, 1, 3765.89, 2, same_form=True)
    assert other.verdict is Verdict.ROUNDING and not other.last_digit
    # two units apart is a contradiction, whatever the form
    far = check_equal(3765.87, 2, 3765.89, 2, same_form=True)
    assert far.verdict is Verdict.INCONSISTENT and not far.last_digit


def test_a_sum_only_mixed_rounding_and_truncation_explain():
    # Fujian 06: 基本支出 1,375.23 = 人员经费 1,153.67 + 公用经费 221.55 (1,375.22) holds within rounding
    assert check_sum([1153.67, 221.55], 1375.23, 2).ok
    # 1,375.24: rounding all three cannot reach it, nor truncating all three; only parts truncated and the
    # total rounded (or the reverse) could
    off = check_sum([1153.67, 221.55], 1375.24, 2)
    assert off.verdict is Verdict.ROUNDING and off.mixed
    # four parts each truncated by almost a unit do reach a total 0.03 above their printed sum
    trunc = check_sum([1.01, 2.01, 3.01, 4.01], 10.07, 2)
    assert trunc.verdict is Verdict.ROUNDING and not trunc.mixed


# Fujian 12, 公共财政拨款支出 4165.56万元 by its 18 项级 items (they print 4165.57: one unit over)
_FUJIAN12_ITEMS = [269.72, 130.87, 281.17, 31.76, 10.00, 60.69, 221.23, 560.57, 678.10, 605.61, 67.59, 15.00,
                   205.47, 85.29, 436.19, 20.00, 232.86, 253.45]


def test_a_long_sum_off_by_more_than_chance_allows_is_a_slip_only_when_judged_with_odds():
    assert check_sum(_FUJIAN12_ITEMS, 4165.56, 2, odds=True).ok  # one unit over 18 parts: ordinary rounding
    slipped = [10.05 if i == 4 else v for i, v in enumerate(_FUJIAN12_ITEMS)]  # 10.00 printed 10.05
    worst_case = check_sum(slipped, 4165.56, 2)
    assert worst_case.ok  # six units are within 18 half-units, the worst case relation finding reads with
    judged = check_sum(slipped, 4165.56, 2, odds=True)
    assert judged.verdict is Verdict.ROUNDING and judged.unlikely and not judged.mixed


def test_a_gap_truncation_explains_is_not_unlikely():
    from auditor.tolerance import unlikely_gap

    # 11 truncated parts lose 5.5 units on average: a total 4 units above them is ordinary truncation,
    # though rounding would make it 3.7 spreads out
    parts = [1.01, 2.01, 3.01, 4.01, 5.01, 6.01, 7.01, 8.01, 9.01, 10.01, 11.01]
    assert not unlikely_gap(parts, round(sum(parts) + 0.04, 2), 2)
    # the same gap the other way (parts above their total) no truncation makes
    assert unlikely_gap(parts, round(sum(parts) - 0.04, 2), 2)
    # two parts never: a gap of one unit is as likely as not
    assert not unlikely_gap([1153.67, 221.55], 1375.23, 2)


def test_a_short_sum_at_the_edge_of_its_worst_case_is_unlikely_only_where_truncation_cannot_make_it():
    from auditor.tolerance import gap_odds, unlikely_gap

    # Shanghai 14 (社会福利院 2024 预算, 元): 6,540,674 + 2,120,950 + 2,620,000 = 11,281,624. Printed
    # 11,281,622, the total is 2 units under its three parts: the worst case allows it (3 + 1 half
    # units), but rounding makes it only with all three errors at the edge, and truncation never.
    parts = [6540674, 2120950, 2620000]
    assert check_sum(parts, 11281622, 0).ok
    assert unlikely_gap(parts, 11281622, 0)
    assert check_sum(parts, 11281622, 0, odds=True).unlikely
    # 2 units over the parts: what three truncated parts lose once in three times
    assert not unlikely_gap(parts, 11281626, 0)
    # one unit either way is ordinary
    assert not unlikely_gap(parts, 11281623, 0) and not unlikely_gap(parts, 11281625, 0)
    # the odds are exact (Irwin-Hall), not a normal approximation: four rounded parts 2 units off
    # happen about once in 190 times
    rounded, truncated = gap_odds(4, -2)
    assert abs(rounded - 1 / 192) < 1e-12 and truncated == 0.0


def test_two_shares_of_one_unprinted_base_must_imply_the_same_base():
    from auditor.tolerance import Verdict, check_same_base

    # 1385200.40 at 80.12% puts the base at 1728907; 343700 is 19.88% of it
    assert check_same_base(1385200.40, 2, 80.12, 2, 343700, 2, 19.88, 2).ok
    cmp = check_same_base(1385200.40, 2, 80.12, 2, 343700, 2, 21.88, 2)
    assert cmp.verdict is Verdict.INCONSISTENT and round(cmp.expected, 2) == 19.88
    # a small share of a large one carries its rounding: 12000 at 2.56% is 468750 ± 92
    assert check_same_base(12000, 0, 2.56, 2, 426000, 0, 90.73, 2).ok
