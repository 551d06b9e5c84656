"""Table understanding (auditor.nlp.tables) on real report fragments and the samples."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from auditor.ingest import read_document
from auditor.ingest.text import parse_text
from auditor.nlp.tables import analyze_tables, label_max_score, measure_of

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
STEMS = ["000_e4b7451ca6ac423e", "001_7cb58b6bd76bef60", "002_a0eb83d49e186f2c",
         "003_4e9d9af9462a4af4", "004_50f89173955d11d8"]


def sample(stem: str, ext: str = "txt"):
    p = SAMPLES / f"{stem}.{ext}"
    if not p.exists():
        pytest.skip(f"{p.name} not present")
    return read_document(p)


def A(*rows, before="", after="说明：示例。") -> str:
    body = "\n\n".join("\n".join("\t" + c for c in row) for row in rows)
    return (before + "\n\n" if before else "") + body + "\n\n\n" + after + "\n"


def B(*lines, before="", after="说明：示例。") -> str:
    return (before + "\n\n" if before else "") + "\n".join("\t".join(l) for l in lines) + "\n\n" + after + "\n"


def figures(doc):
    return [f for at in analyze_tables(doc) for f in at.figures()]


def find(figs, value, **kw):
    out = [f for f in figs if abs(f.value - value) < 1e-9 and all(getattr(f, k) == v for k, v in kw.items())]
    assert out, (value, kw)
    return out[0]


def row_named(at, label):
    for r in at.rows:
        if r.path and r.path[-1] == label:
            return r
    raise AssertionError(label)


# ---------------------------------------------------------------- vocabulary


def test_measure_of_header_words():
    assert measure_of("全年执 行数") == "执行"
    assert measure_of("资金执行率") == "执行率"
    assert measure_of("2021年预算数") == "预算"
    assert measure_of("年初\n预算数") == "年初预算"
    assert measure_of("实际\n完成值") == "实际"
    assert measure_of("年度\n指标值") == "目标"
    assert measure_of("自评得分") == "得分"
    assert measure_of("分值") == "分值"


def test_maximum_in_label():
    assert label_max_score("产出指 标 (50 分)") == 50
    assert label_max_score("投入（20分）") == 20
    assert label_max_score("绩效目标\n合理性\n（2分）") == 2
    assert label_max_score("数量指标") is None


# ---------------------------------------------------------------- sections and headers


def test_when_table_holds_blocks_then_each_header_starts_a_section():
    doc = sample("000_e4b7451ca6ac423e")
    at = analyze_tables(doc)[0]
    assert at.kind == "basic_data" and at.unit == "万元"
    heads = [[c.header for c in s.columns] for s in at.sections]
    assert heads[0] == ["财政供养人员情况", "编制数", "2021年实际在职人数", "控制率"]
    assert heads[1] == ["经费控制情况", "2020年决算数", "2021年预算数", "2021年决算数"]


def test_when_header_spans_two_rows_then_columns_get_paths_and_groups():
    doc = sample("003_4e9d9af9462a4af4")
    at = analyze_tables(doc)[0]
    sec = next(s for s in at.sections if any(c.header == "支出合计" for c in s.columns))
    assert [c.header for c in sec.columns] == [
        "机构名称", "支出合计", "基本支出", "人员支出", "公用支出", "项目支出", "结余 › 当年结余", "结余 › 累计结余"]
    assert sec.column_groups == [(1, [2, 5]), (2, [3, 4])]
    figs = at.figures()
    assert find(figs, 32.76).column_header == "公用支出"
    assert find(figs, 226.06).concept == "项目支出"


def test_when_score_table_continues_after_page_break_then_one_logical_table():
    text = (B(["一级指标", "二级指标", "三级指标", "分值", "自评得分"],
              ["过程（10分）", "资产管理（10分）", "管理制度健全性", "3", "2"], before="部门整体支出绩效评价评分表")
            + "\n" + B(["一级指标", "二级指标", "三级指标", "分值", "自评得分"],
                       ["过程（10分）", "资产管理（10分）", "资产管理安全性", "4", "3"],
                       ["总分", "", "", "7", "5"], before="2"))
    doc = parse_text(text, "split.txt")
    assert len(doc.tables) == 2
    ats = analyze_tables(doc)
    assert len(ats) == 1 and len(ats[0].tables) == 2
    paths = [r.path for r in ats[0].rows]
    assert paths[:2] == [["过程", "资产管理", "管理制度健全性"], ["过程", "资产管理", "资产管理安全性"]]


def test_when_header_repeats_inside_one_table_then_rows_continue_the_section():
    at = next(a for a in analyze_tables(sample("003_4e9d9af9462a4af4")) if a.is_score)
    assert len([s for s in at.sections if s.has_scores]) == 1
    names = [r.path[-1] for r in at.rows]
    assert "资产管理安全性" in names and "固定资产利用率" in names
    assert row_named(at, "资产管理安全性").path == ["过程", "资产管理", "资产管理安全性"]


# ---------------------------------------------------------------- rows


def test_when_labels_are_merged_down_then_rows_get_full_indicator_paths():
    at = next(a for a in analyze_tables(sample("002_a0eb83d49e186f2c")) if a.is_score)
    r = row_named(at, "重点支出安排率")
    assert r.path == ["投入", "预算配置", "重点支出安排率"]
    assert r.group_max == {0: 20.0, 1: 15.0, 2: 5.0}


def test_when_numbered_rows_nest_then_hierarchy_follows_the_numbering():
    at = analyze_tables(sample("000_e4b7451ca6ac423e"))[0]
    sangong = row_named(at, "三公经费")
    assert [k.path[-1] for k in sangong.children] == ["公务用车购置和维护经费", "出国经费", "公务接待"]
    car = row_named(at, "公务用车购置和维护经费")
    assert [k.path[-1] for k in car.children] == ["公务车购置", "公务车运行维护"] and car.partial
    project = row_named(at, "部门项目支出")
    assert project.parent is None and project.incomplete
    assert row_named(at, "维稳工作经费").parent is row_named(at, "运行维护专项")
    assert row_named(at, "政府采购金额").parent is None


def test_when_unnumbered_row_follows_numbered_one_then_it_is_its_child_if_it_fits():
    at = analyze_tables(sample("004_50f89173955d11d8"))[0]
    assert row_named(at, "全市工业经济运行调度专项").parent is row_named(at, "市级专项资金")
    assert row_named(at, "公用经费").parent is None  # 234.6 does not fit under 0/20/20
    project = row_named(at, "项目支出")
    assert [k.path[-1] for k in project.children if k.marker != "ellipsis"] == ["业务经费", "运行维护经费", "市级专项资金"]
    assert project.incomplete  # the "....." row


def test_when_text_export_shifted_a_row_then_it_is_realigned():
    at = analyze_tables(sample("004_50f89173955d11d8"))[2]
    r = row_named(at, "按时按计划开展")
    assert r.path == ["产出指标", "时效指标", "按时按计划开展"]
    figs = at.figures_in_row(r)
    assert [(f.measure, f.value) for f in figs if f.measure in ("分值", "得分")] == [("分值", 10), ("得分", 10)]


# ---------------------------------------------------------------- figures


def test_figures_carry_path_column_year_measure_concept_and_default_unit():
    figs = figures(sample("000_e4b7451ca6ac423e"))
    f = find(figs, 1925.25)
    assert (f.row_path, f.column_header, f.year, f.measure, f.concept) == (
        ["部门基本支出"], "2021年预算数", 2021, "预算", "基本支出")
    assert f.quantity.unit == "万元" and f.quantity.unit_printed is None and f.unit_source == "table"
    assert f.table_kind == "basic_data" and f.table_title == "部门整体支出绩效评价基础数据表"
    staff = find(figs, 94)
    assert staff.concept == "编制数" and staff.quantity.unit is None  # a count, not money
    rate = find(figs, 48)
    assert rate.quantity.unit == "%" and rate.concept == "在职人员控制率"
    score = find(figs, 97, measure="得分")
    assert score.quantity.unit == "分" and score.row_path == ["总分"]


def test_key_value_cells_and_rows_become_figures():
    figs = figures(sample("000_e4b7451ca6ac423e"))
    total = find(figs, 2778.76, kind="inline")
    assert total.row_path == ["年度预算申请", "资金总额"] and total.measure == "预算" and total.concept == "资金总额"
    assert total.cell.text[total.span[0]:total.span[1]] == "2778.76"
    basic = find(figs, 2558.63, kind="inline")
    assert basic.row_path[-1] == "基本支出"
    figs3 = figures(sample("003_4e9d9af9462a4af4"))
    assert find(figs3, 12, kind="kv").concept == "编制数"
    assert find(figs3, 14, kind="kv").concept == "在职人数"
    assert find(figs3, 88.5, kind="kv").concept == "总分"


def test_evidence_quotes_the_cell_and_spans_the_figure():
    f = find(figures(sample("004_50f89173955d11d8")), 99.04)
    e = f.evidence("比率")
    assert e.text[e.span[0]:e.span[1]].startswith("99.04")
    assert e.location.table == f.cell.location.table and e.context[-1] == "执行率"


def test_when_money_block_has_no_caption_then_it_keeps_the_unit_above():
    figs = figures(sample("003_4e9d9af9462a4af4"))
    assert find(figs, 2.69, column_header="三公经费合计").quantity.unit == "万元"
    assert find(figs, 14.93, column_header="在用固定资产").quantity.unit == "万元"


@pytest.mark.parametrize("stem", STEMS + ["clean_部门整体支出绩效自评报告"])
def test_docx_with_merged_cells_reads_like_the_text_export(stem):
    keys = []
    for ext in ("txt", "docx"):
        figs = figures(sample(stem, ext))
        keys.append(Counter((f.value, f.column_header, f.measure, f.concept, tuple(f.row_path), f.kind)
                            for f in figs))
    assert keys[0] == keys[1]


def test_classification_code_columns_are_labels_not_amounts():
    text = B(["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出"],
             ["类", "款", "项", "", "", ""],
             ["201", "", "", "一般公共服务支出", "2,932,700", "2,932,700"],
             ["201", "05", "", "统计信息事务", "257,700", "257,700"],
             ["201", "05", "07", "专项普查活动", "257,700", "257,700"], before="2024年部门支出预算总表")
    at = analyze_tables(parse_text(text, "codes.txt"))[0]
    sec = at.sections[-1]
    assert sec.coded and [sec.columns[k].kind for k in sec.label_cols[:3]] == ["code", "code", "code"]
    assert find(at.figures(), 257700).row_path == ["统计信息事务"]
    assert not [f for f in at.figures() if f.value == 201]


def _word_score_table(path, total_score: str) -> None:
    """A Word table merged the way Word merges: vertical label and 分值 merges,
    a 总分 label spanning three columns."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("部门整体支出绩效评价评分表")
    t = d.add_table(rows=6, cols=6)
    for i, h in enumerate(["一级指标", "二级指标", "三级指标", "分值", "自评得分", "扣分原因"]):
        t.cell(0, i).text = h
    rows = [("经济效益", "15", "5"), ("社会效益", None, "5"), ("生态效益", None, "5"),
            ("社会公众或服务对象满意度", "5", "3")]
    for r, (name, mx, sc) in enumerate(rows, start=1):
        t.cell(r, 2).text = name
        t.cell(r, 4).text = sc
        if mx:
            t.cell(r, 3).text = mx
    t.cell(1, 0).merge(t.cell(4, 0)).text = "效  果\n（20分）"
    t.cell(1, 1).merge(t.cell(4, 1)).text = "履职效益\n（20分）"
    t.cell(1, 3).merge(t.cell(3, 3)).text = "15"
    t.cell(5, 0).merge(t.cell(5, 2)).text = "总分"
    t.cell(5, 3).text = "20"
    t.cell(5, 4).text = total_score
    d.save(path)


def test_when_word_merges_cells_then_labels_fill_down_and_merged_values_count_once(tmp_path):
    p = tmp_path / "merged.docx"
    _word_score_table(p, "18")
    at = analyze_tables(read_document(p))[0]
    assert [r.path for r in at.rows] == [["效果", "履职效益", "经济效益"], ["效果", "履职效益", "社会效益"],
                                         ["效果", "履职效益", "生态效益"],
                                         ["效果", "履职效益", "社会公众或服务对象满意度"], ["总分"]]
    maxima = [f.value for f in at.figures() if f.measure == "分值"]
    assert maxima == [15, 5, 20]  # the merged 15 once, then 5, then the 总分 row's 20
    total = [f for f in at.figures() if f.row_path == ["总分"] and f.measure == "得分"]
    assert [f.value for f in total] == [18]


@pytest.mark.parametrize("total,codes", [("18", set()), ("19", {"SC01"})])
def test_when_word_table_has_real_merges_then_checks_read_it_right(tmp_path, total, codes):
    import auditor.checks.scores  # noqa: F401
    import auditor.checks.tables  # noqa: F401

    from auditor.checks.registry import REGISTRY, context_for
    from auditor.findings import Severity

    p = tmp_path / "merged.docx"
    _word_score_table(p, total)
    doc = read_document(p)
    ctx = context_for(doc)
    found = {f.code for spec in REGISTRY.values() if spec.family in ("tables", "scores")
             for f in spec.func(ctx) if f.severity >= Severity.WARNING}
    assert found == codes
