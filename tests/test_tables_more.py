"""Table understanding and in-table checks, continued: "key：value" cells (inline
breakdowns and a label's own amount, TB01/TB03/TB05), a row that a wrong figure
must not tear out of its list, and total columns whose parts are named without
其中 (TB02). Fragments are copied from the samples and read by the real readers."""

from __future__ import annotations

from pathlib import Path

import pytest

import auditor.checks.tables  # noqa: F401  (registers TB01–TB05)
from auditor.checks.registry import REGISTRY, context_for
from gold_scoring import contains_number, numbers_in
from auditor.findings import Severity
from auditor.ingest import read_document
from auditor.ingest.text import parse_text
from auditor.nlp.tables import analyze_tables

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def findings(code: str, text: str, min_sev: Severity = Severity.WARNING) -> list:
    doc = parse_text(text, "fixture.txt")
    ctx = context_for(doc)
    return [f for f in REGISTRY[code].func(ctx) if f.code == code and f.severity >= min_sev]


def cited(f) -> list[float]:
    nums = list(f.cited_numbers()) + numbers_in(f.message)
    for e in f.evidence:
        nums += [e.value] if e.value is not None else []
    return nums


def cites(f, *values: float) -> bool:
    return all(contains_number(cited(f), v) for v in values)


# ---------------------------------------------------------------- inline breakdowns, layout B (004)

# 004_50f89173955d11d8.txt, 部门整体支出绩效自评表: the funds row, then two "key: value"
# breakdowns side by side (by source of funds, by kind of spending).
_S004 = ("2022 年度部门整体支出绩效自评表\n\n"
         "市级预算 部门名称\t株洲市行业办公室\t\t\t\t\t\t\t\n"
         "年度预 算申 请 (万元)\t\t\t年初预算数\t全年预算数\t全年执 行数\t分值\t执行 率\t得分\n"
         "\t年度资金总额\t\t1661.61\t2707.46\t2681.55\t10\t99.04 %\t9.9\n"
         "\t按收入性质分:\t\t\t\t按支出性质分:\t\t\t\n"
         "\t其中: 一般公共预算: {gpb}\t\t\t\t其中: 基本支出: {basic}\t\t\t\n"
         "\t政府性基金拨款: 0\t\t\t\t项目支出: 71.98\t\t\t\n"
         "\t纳入专户管理的非税收入拨款: 0\t\t\t\t\t\t\t\n"
         "\t其他资金: {other}\t\t\t\t\t\t\t\n"
         "年度总体 目标\t预期目标\t\t\t\t实际完成情况\t\t\t\n"
         "\t做好本单位离退休老干部服务工作及政府交办其他中心工作\t\t\t\t达到预期目标\t\t\t\n\n"
         "填表人: 申婷\n")


def s004(gpb="2681.55", basic="2609.57", other="0") -> str:
    return _S004.format(gpb=gpb, basic=basic, other=other)


def test_inline_breakdowns_are_read_with_their_keys_heads_and_totals():
    (at,) = [t for t in analyze_tables(parse_text(s004(), "f.txt")) if t.inline_lists()]
    income, spending = at.inline_lists()
    assert income.head == "按收入性质分" and spending.head == "按支出性质分"
    assert [it.key for it in income.items] == ["一般公共预算", "政府性基金拨款", "纳入专户管理的非税收入拨款", "其他资金"]
    assert [it.figure.value for it in income.items] == [2681.55, 0, 0, 0]
    assert [it.key for it in spending.items] == ["基本支出", "项目支出"]
    # complete: the first ends with 其他…, the second is the standard 基本支出 / 项目支出 split
    assert (income.complete, income.why_complete) == (True, "其他")
    assert (spending.complete, spending.why_complete) == (True, "decomposition")
    # the totals are the funds row's amounts, not its score, rate or 分值
    assert sorted(t.value for t in income.totals) == [1661.61, 2681.55, 2707.46]
    assert income.total_row is spending.total_row


def test_when_inline_breakdowns_add_up_then_no_footing_finding():
    assert findings("TB01", s004()) == []
    assert findings("TB03", s004()) == []


@pytest.mark.parametrize("kw,wrong", [({"basic": "2690.57"}, 2690.57), ({"other": "9"}, 9),
                                      ({"gpb": "2618.55"}, 2618.55)])
def test_when_an_inline_part_is_wrong_then_tb01_error_against_the_amount_the_other_list_confirms(kw, wrong):
    (f,) = findings("TB01", s004(**kw))
    assert f.severity is Severity.ERROR
    # the other breakdown adds up to 全年执行数 2681.55: that is the total this one must meet
    assert f.found == 2681.55 and cites(f, wrong, 2681.55)


def test_when_both_breakdowns_miss_every_total_then_only_a_warning():
    """No list confirms which amount is broken down: a warning listing the candidates."""
    text = s004().replace("\t2707.46\t2681.55\t", "\t2707.46\t2618.55\t")
    fs = findings("TB01", text)
    assert fs and all(f.severity is Severity.WARNING for f in fs)
    assert all(cites(f, 2618.55, 2707.46, 1661.61) for f in fs)


# ---------------------------------------------------------------- inline breakdowns, layout A (000)

# 000_e4b7451ca6ac423e.txt: "资金总额：2778.76" in the label cell, blank keys (政府性基金拨款：).
_S000 = ("\t部门整体支出绩效自评表\n\n"
         "\t部门名称\n\t衡阳市工业企业改制服务办公室 \n\t执行数\n\t资金执行率\n\t分值\n\t得分\n\n"
         "\t年度预算\n\n申请（万元）\n\t资金总额：2778.76\n\t{spent}\n\t100%\n\t10\n\t10\n\n"
         "\t\n\t按收入性质分：\n\t按指出性质分：\n\n"
         "\t\n\t其中： 一般公共预算收入：2531.85\n\t 其中：基本支出：2558.63\n\n"
         "\t\n\t政府性基金拨款：\n\t项目支出：{project}\n\n"
         "\t\n\t纳入专户管理的非税收入拨款：\n\t\n\n"
         "\t\n\t其他资金：{other}\n\t\n\n"
         "\t部门职能职责概述\n\t负责所属企业改制、信访维稳工作\n\n\n说明：示例。\n")


def s000(spent="2778.76", project="220.13", other="246.91") -> str:
    return _S000.format(spent=spent, project=project, other=other)


def test_layout_a_inline_breakdowns_with_blank_keys():
    (at,) = [t for t in analyze_tables(parse_text(s000(), "f.txt")) if t.inline_lists()]
    income, spending = at.inline_lists()
    assert [it.figure.value if it.figure else None for it in income.items] == [2531.85, None, None, 246.91]
    assert [it.figure.value for it in spending.items] == [2558.63, 220.13]
    assert findings("TB01", s000()) == [] and findings("TB05", s000()) == []


def test_layout_a_wrong_part_is_an_error_and_short_with_blank_keys_a_warning():
    (f,) = findings("TB01", s000(project="22.13"))
    assert f.severity is Severity.ERROR and cites(f, 22.13, 2778.76)
    # 100 short while two keys are left blank: perhaps an amount left out, not asserted
    (w,) = findings("TB01", s000(other="146.91"))
    assert w.severity is Severity.WARNING and cites(w, 146.91, 2778.76)
    # an excess is an error even with blank keys
    (e,) = findings("TB01", s000(other="346.91"))
    assert e.severity is Severity.ERROR


def test_inline_label_amount_is_not_compared_with_a_spending_column():
    """资金总额 (a budget amount) next to 执行数 only: 2778.76 vs 2700.00 is not TB05's to judge."""
    assert findings("TB05", s000(spent="2700.00")) == []


def test_partial_inline_list_is_held_only_to_no_more_than():
    text = ("项目资金 (万元)\t\t年初 预算数\t全年 预算数\t全年 执行数\t分值\t执行率\t得分\n"
            "\t资金总额：38\t38\t38\t38\t10\t100%\t10\n"
            "\t其中：当年财政拨款：{a}\t\t\t\t\t\t\n"
            "\t上年结转资金：5\t\t\t\t\t\t\n\n说明：示例。\n")
    (at,) = analyze_tables(parse_text(text.format(a="30"), "f.txt"))
    (lst,) = at.inline_lists()
    assert not lst.complete
    assert findings("TB01", text.format(a="30")) == [] and findings("TB03", text.format(a="30")) == []
    # short of the total is fine for a partial list, even far short
    assert findings("TB01", text.format(a="3")) == [] and findings("TB03", text.format(a="3")) == []
    (f,) = findings("TB03", text.format(a="40"))
    assert f.severity is Severity.ERROR and cites(f, 40, 5, 38)


# ---------------------------------------------------------------- a label's own amount (TB05)

# samples/clean_部门整体支出绩效自评报告.txt, 部门整体支出绩效自评表
_CLEAN = ("附件2\n\t部门整体支出绩效自评表\n\n"
          "\t填报单位（盖章）：明湖市公共资源交易服务中心（2022年度）\n\n"
          "\t部门名称\n\t明湖市公共资源交易服务中心\n\t全年预算数\n\t全年执行数\n\t分值\n\t执行率\n\t得分\n\n"
          "\t年度预算\n申请（万元）\n\t资金总额：{own}\n\t1710.50\n\t1692.25\n\t10\n\t98.93%\n\t9.9\n\n"
          "\t\n\t其中：基本支出\n\t1518.50\n\t1500.25\n\n"
          "\t\n\t项目支出\n\t192.00\n\t192.00\n\n"
          "\t年度总体目标\n\t预期目标\n\t实际完成情况\n\n\n说明：示例。\n")


def test_label_amount_equal_to_the_budget_column_passes():
    assert findings("TB05", _CLEAN.format(own="1710.50"), Severity.INFO) == []


@pytest.mark.parametrize("own", ["1710.80", "1692.25"])
def test_label_amount_differing_from_the_budget_column_is_flagged(own):
    (f,) = findings("TB05", _CLEAN.format(own=own))
    assert f.severity is Severity.WARNING and cites(f, float(own), 1710.50)
    assert not contains_number(cited(f), 1692.25) or own == "1692.25"  # 执行数 is not the same quantity


def test_label_amount_off_by_rounding_is_info_only():
    assert findings("TB05", _CLEAN.format(own="1710.51")) == []
    (f,) = findings("TB05", _CLEAN.format(own="1710.51"), Severity.INFO)
    assert f.severity is Severity.INFO


# ---------------------------------------------------------------- one wrong figure keeps its row in its list

# samples/clean_部门整体支出绩效自评报告.txt, 部门整体支出绩效评价基础数据表 (经费控制情况 block)
_BASIC = ("\t部门整体支出绩效评价基础数据表\n\n\t单位：万元\n\n"
          "\t经费控制情况\n\t2021年决算数\n\t2022年预算数\n\t2022年决算数\n\n"
          "\t一、部门基本支出\n\t1436.72\n\t1518.50\n\t1500.25\n\n"
          "\t其中：人员经费\n\t1228.10\n\t1295.00\n\t1286.40\n\n"
          "\t公用经费\n\t208.62\n\t223.50\n\t213.85\n\n"
          "\t其中：办公经费\n\t94.30\n\t100.00\n\t96.40\n\n"
          "\t水费、电费、差旅费\n\t55.12\n\t60.00\n\t{water}\n\n"
          "\t会议费、培训费\n\t11.80\n\t15.00\n\t12.60\n\n"
          "\t其他商品和服务支出\n\t47.40\n\t48.50\n\t46.60\n\n"
          "\t二、部门项目支出\n\t175.60\n\t192.00\n\t192.00\n\n"
          "\t公共资源交易平台运维经费\n\t80.00\n\t86.30\n\t86.30\n\n"
          "\t评标专家库建设经费\n\t40.00\n\t42.50\n\t{expert}\n\n"
          "\t交易场所安保保洁经费\n\t34.60\n\t35.20\n\t35.20\n\n"
          "\t电子档案数字化项目\n\t21.00\n\t28.00\n\t28.00\n\n"
          "\t政府采购金额\n\t52.40\n\t60.00\n\t57.80\n\n\n说明：示例。\n")


def parent_of(text: str, label: str) -> str | None:
    (at,) = analyze_tables(parse_text(text, "f.txt"))
    (row,) = [r for r in at.rows if r.path and r.path[-1] == label]
    return row.parent.path[-1] if row.parent is not None else None


def test_a_row_with_one_wrong_figure_stays_in_its_list():
    ok = _BASIC.format(water="58.25", expert="42.50")
    bad = _BASIC.format(water="582.5", expert="425.0")
    for text in (ok, bad):
        assert parent_of(text, "水费、电费、差旅费") == "公用经费"
        assert parent_of(text, "会议费、培训费") == "公用经费"
        assert parent_of(text, "评标专家库建设经费") == "部门项目支出"
        # a row that exceeds the list's total in every column does not belong to it
        assert parent_of(text, "政府采购金额") is None
    assert findings("TB01", ok) == [] and findings("TB03", ok) == []


def test_the_wrong_figure_is_then_reported():
    (f,) = findings("TB03", _BASIC.format(water="582.5", expert="42.50"))
    assert cites(f, 582.5, 213.85)
    (g,) = findings("TB01", _BASIC.format(water="58.25", expert="425.0"))
    assert g.severity is Severity.ERROR and cites(g, 425.0, 192.00)


# ---------------------------------------------------------------- total columns with named parts (TB02)

_EXPENSES = ("二、部门（单位）收支情况\n\n\t部门（单位）年度支出和结余情况（万元）\n\n"
             "\t机构名称\n\t支出合计\n\t基本支出\n\t项目支出\n\t结余\n\n"
             "\t区厂协\n\t{total}\n\t150.17\n\t226.06\n\t0\n\n\n说明：示例。\n")


def test_total_column_followed_by_standard_parts_is_a_group():
    (at,) = analyze_tables(parse_text(_EXPENSES.format(total="376.23"), "f.txt"))
    (sec,) = at.sections
    names = {c.index: c.header for c in sec.columns}
    assert [(names[t], [names[p] for p in ps]) for t, ps in sec.column_groups] == [("支出合计", ["基本支出", "项目支出"])]
    assert findings("TB02", _EXPENSES.format(total="376.23")) == []
    (f,) = findings("TB02", _EXPENSES.format(total="386.23"))
    assert f.severity is Severity.ERROR and cites(f, 386.23, 150.17, 226.06)


def test_total_column_followed_by_other_columns_is_no_group():
    text = ("\t机构名称\n\t支出合计\n\t人员支出\n\t培训费\n\n"
            "\t区厂协\n\t376.23\n\t150.17\n\t9.00\n\n\n说明：示例。\n")
    (at,) = analyze_tables(parse_text(text, "f.txt"))
    assert at.sections[0].column_groups == []
    assert findings("TB02", text, Severity.INFO) == []


def test_grouped_two_row_header_still_cross_foots():
    """003: 支出合计 | 其中：(基本支出 | 其中：(人员支出 | 公用支出) | 项目支出) | 结余."""
    p = SAMPLES / "003_4e9d9af9462a4af4.txt"
    if not p.exists():
        pytest.skip("sample missing")
    text = p.read_text(encoding="utf-8")
    assert "\t150.17\n\t117.41" in text
    doc = read_document(p)
    ats = [at for at in analyze_tables(doc) if any(s.column_groups for s in at.sections)]
    groups = [(at.sections[i].columns[t].header, [at.sections[i].columns[c].header for c in ps])
              for at in ats for i in range(len(at.sections)) for t, ps in at.sections[i].column_groups]
    assert ("支出合计", ["基本支出", "项目支出"]) in groups
    assert ("基本支出", ["人员支出", "公用支出"]) in groups
    bad = text.replace("\t150.17\n\t117.41", "\t158.17\n\t117.41", 1)
    fs = findings("TB02", bad)
    assert len(fs) == 2 and all(cites(f, 158.17) for f in fs)


# ---------------------------------------------------------------- the samples, both readers


@pytest.mark.parametrize("ext", ["txt", "docx"])
def test_sample_004_inline_breakdowns_in_both_readers(ext):
    p = SAMPLES / f"004_50f89173955d11d8.{ext}"
    if not p.exists():
        pytest.skip("sample missing")
    lists = [L for at in analyze_tables(read_document(p)) for L in at.inline_lists()]
    assert [[it.key for it in L.items] for L in lists] == [
        ["一般公共预算", "政府性基金拨款", "纳入专户管理的非税收入拨款", "其他资金"], ["基本支出", "项目支出"]]
    assert all(L.complete for L in lists)


# 004_50f89173955d11d8.txt, 项目支出绩效自评表, with the total typed into its label cell
_PROJECT = ("2022 年度项目支出绩效自评表\n\n"
            "项目支出名称\t离退休老干部业务专项资金\t\t\t\t\t\t\t\n"
            "项目资金 (万元)\t\t年初 预算数\t全年 预算数\t全年 执行数\t分值\t执行率\t得分\t\n"
            "\t年度资金总额：{own}\t38\t38\t38\t10\t100%\t10\t\n"
            "\t其中：当年财政拨款\t38\t38\t\t\t\t\t\n"
            "\t上年结转资金\t\t\t\t\t\t\t\n"
            "\t其他资金\t\t\t\t\t\t\t\n\n备注：一个一级项目支出一张表。\n")


def test_label_amount_without_a_measure_must_equal_the_budget_or_the_spending():
    assert findings("TB05", _PROJECT.format(own="38"), Severity.INFO) == []
    (f,) = findings("TB05", _PROJECT.format(own="83"))
    assert f.severity is Severity.WARNING and cites(f, 83, 38)


# the 自评表 funds block with one list, each "key：value" cell merged across the table
_ONE_LIST = ("\t部门整体支出绩效自评表\n\n"
             "\t部门名称\n\t明湖市公共资源交易服务中心\n\t全年预算数\n\t全年执行数\n\t分值\n\t执行率\n\t得分\n\n"
             "\t年度预算申请（万元）\n\t资金总额：1710.50\n\t1710.50\n\t1692.25\n\t10\n\t98.93%\n\t9.9\n\n"
             "\t\n\t其中：\n\n"
             "\t\n\t一般公共预算：{gpb}\n\n"
             "\t\n\t其他资金：18.25\n\n"
             "\t年度总体目标\n\t预期目标\n\t实际完成情况\n\n\n说明：示例。\n")


def test_single_merged_kv_rows_are_a_list_not_captions():
    (at,) = [t for t in analyze_tables(parse_text(_ONE_LIST.format(gpb="1692.25"), "f.txt")) if t.inline_lists()]
    (lst,) = at.inline_lists()
    assert [it.key for it in lst.items] == ["一般公共预算", "其他资金"]  # the bare 其中： only opens it
    assert lst.complete and sorted({t.value for t in lst.totals}) == [1692.25, 1710.50]
    # 1692.25 + 18.25 = 1710.50: the budget's breakdown
    assert findings("TB01", _ONE_LIST.format(gpb="1692.25")) == []
    # 1674.00 + 18.25 = 1692.25: the spending's; either is a breakdown of the row
    assert findings("TB01", _ONE_LIST.format(gpb="1674.00")) == []
    # neither: which amount was meant is unknown, so a warning naming both
    (f,) = findings("TB01", _ONE_LIST.format(gpb="1629.25"))
    assert f.severity is Severity.WARNING and cites(f, 1629.25, 1710.50, 1692.25)


# the 003 expenses block, its grouped header written without 其中 (a merged 基本支出 cell)
_SPANNED = ("\t部门（单位）年度支出情况（万元）\n\n"
            "\t机构名称\n\t支出合计\n\t基本支出\n\t项目支出\n\n"
            "\t\n\t\n{sub}\t\n\n"
            "\t区厂协\n\t376.23\n{values}\t226.06\n\n\n说明：示例。\n")


def spanned(sub: list[str], values: list[str]) -> str:
    return _SPANNED.format(sub="".join(f"\t{x}\n" for x in sub), values="".join(f"\t{x}\n" for x in values))


def test_spanning_part_without_its_own_column_stands_for_its_sub_columns():
    ok = spanned(["人员经费", "公用经费"], ["117.41", "32.76"])
    (at,) = analyze_tables(parse_text(ok, "f.txt"))
    sec = at.sections[0]
    names = {c.index: c.header for c in sec.columns}
    assert [(names[t], [names[p] for p in ps]) for t, ps in sec.column_groups] == [
        ("支出合计", ["基本支出 › 人员经费", "基本支出 › 公用经费", "项目支出"])]
    assert findings("TB02", ok) == []
    (f,) = findings("TB02", spanned(["人员经费", "公用经费"], ["117.41", "42.76"]))
    assert f.severity is Severity.ERROR and cites(f, 376.23, 42.76)


def test_spanning_part_with_a_subtotal_column_is_a_nested_group():
    ok = spanned(["小计", "人员经费", "公用经费"], ["150.17", "117.41", "32.76"])
    (at,) = analyze_tables(parse_text(ok, "f.txt"))
    sec = at.sections[0]
    names = {c.index: c.header for c in sec.columns}
    assert sorted((names[t], [names[p] for p in ps]) for t, ps in sec.column_groups) == [
        ("基本支出 › 小计", ["基本支出 › 人员经费", "基本支出 › 公用经费"]),
        ("支出合计", ["基本支出 › 小计", "项目支出"])]
    assert findings("TB02", ok) == []
    fs = findings("TB02", spanned(["小计", "人员经费", "公用经费"], ["158.17", "117.41", "32.76"]))
    assert len(fs) == 2 and all(cites(f, 158.17) for f in fs)


def test_spanning_cell_over_columns_that_are_not_its_parts_is_no_group():
    text = spanned(["预算数", "决算数"], ["150.17", "117.41"])
    (at,) = analyze_tables(parse_text(text, "f.txt"))
    assert at.sections[0].column_groups == []
    assert findings("TB02", text, Severity.INFO) == []


@pytest.mark.parametrize("total,errors", [("376.23", 0), ("386.23", 1)])
def test_spanning_part_in_a_word_table_with_real_merges(tmp_path, total, errors):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("部门（单位）年度支出情况（万元）")
    t = d.add_table(rows=3, cols=5)
    for k, text in enumerate(["机构名称", "支出合计", "基本支出", "", "项目支出"]):
        t.cell(0, k).text = text
    t.cell(0, 2).merge(t.cell(0, 3))
    for k in (0, 1, 4):
        t.cell(0, k).merge(t.cell(1, k))
    t.cell(1, 2).text, t.cell(1, 3).text = "人员经费", "公用经费"
    for k, v in enumerate(["区厂协", total, "117.41", "32.76", "226.06"]):
        t.cell(2, k).text = v
    d.add_paragraph("说明：示例。")
    p = tmp_path / "spanned.docx"
    d.save(p)
    doc = read_document(p)
    ctx = context_for(doc)
    fs = [f for f in REGISTRY["TB02"].func(ctx) if f.severity >= Severity.WARNING]
    assert len(fs) == errors
    assert all(cites(f, 386.23, 32.76, 226.06) for f in fs)


# ---------------------------------------------------------------- a second header row under a merged header

_QUJIANG = """2016年决算数与2015年决算数对比情况
年度\t合计\t因公出国(境)经费\t公务接待费\t公车购置及运行维护费
\t\t\t\t合计\t车辆购置\t车辆运行
2015年\t2840\t90\t1400\t1350\t73\t1277
2016年\t2364\t12\t1356\t996\t37\t959
2016年比2015年增减%\t-16.77\t-86.62\t-3.14\t-26.24\t-47.95\t-24.98
"""


def test_when_a_merged_header_has_a_row_of_sub_columns_then_each_column_is_named_by_both():
    """衢江区2016年三公经费决算说明 (a table copied as text: the merged 公车购置及运行维护费 spans the three
    columns under it). The sub-columns are 合计, 车辆购置 and 车辆运行 of the car costs; the 合计 column is
    the car costs themselves (its concept), the 车辆购置 column is not."""
    from auditor.nlp.extract import extract_claims

    cs = extract_claims(parse_text(_QUJIANG, "fixture.txt"))
    by_value = {c.quantity.value: c for c in cs.table_claims}
    assert by_value[996].context[-1] == "公车购置及运行维护费 › 合计"
    assert by_value[37].context[-1] == "公车购置及运行维护费 › 车辆购置"
    assert by_value[996].concept == by_value[1350].concept == "公务用车购置和运行维护费"
    assert by_value[37].concept != "公务用车购置和运行维护费"
    tb06 = findings("TB06", _QUJIANG)
    assert any("车辆运行" in f.message and cites(f, 24.98) for f in tb06)
