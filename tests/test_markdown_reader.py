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
| 二、事业收入 | | 四、文化旅游体育与传媒支出 | 200,000 |
| | | 五、社会保障和就业支出 | 27,073,236 |
| | | 六、卫生健康支出 | 3,095,732 |
| | | 七、城乡社区支出 | 121,319,878 |
| | | 八、住房保障支出 | 8,960,694 |
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


def test_when_an_ordered_list_is_typed_with_one_number_then_items_get_the_numbers_shown(tmp_path):
    doc = read_document(_write(tmp_path, "1. 统计管理2.63万元。\n1. 专项普查活动60.13万元。\n   - 其中：普查经费\n1. 群众体育20.00万元。\n"))
    assert [p.text for p in doc.paragraphs] == [
        "1. 统计管理2.63万元。", "2. 专项普查活动60.13万元。", "其中：普查经费", "3. 群众体育20.00万元。"]


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


# ---------------------------------------------------------------- pipe tables with a header over rows

# 部门（单位）年度支出和结余情况 of seed 003: 支出合计 = 基本支出 + 项目支出, 基本支出 =
# 人员支出 + 公用支出, the header over three rows. As a text export writes it
# (one cell per merged region, cells shifted left, padded at the end) ...
SHIFTED = """## 二、部门（单位）收支情况

| 部门（单位）年度支出和结余情况（万元） | | | | | | | |
|---|---|---|---|---|---|---|---|
| 机构名称 | 支出合计 | 其中： | 结余 | | | | |
| | | 基本支出 | 其中： | 项目支出 | 当年结余 | 累计结余 | |
| | | | 人员支出 | 公用支出 | | | |
| 区厂协 | 376.23 | 150.17 | 117.41 | 32.76 | 226.06 | 0 | 0 |
"""
# ... and as a person types it over the Word table (each header over its columns, the span left empty)
SPREAD = """## 二、部门（单位）收支情况

| 部门（单位）年度支出和结余情况（万元） | | | | | | | |
|---|---|---|---|---|---|---|---|
| 机构名称 | 支出合计 | 其中： | | | | 结余 | |
| | | 基本支出 | 其中： | | 项目支出 | 当年结余 | 累计结余 |
| | | | 人员支出 | 公用支出 | | | |
| 区厂协 | 376.23 | 150.17 | 117.41 | 32.76 | 226.06 | 0 | 0 |
"""


def _columns(path: Path) -> list[list[str]]:
    from auditor.nlp.tables import analyze_tables

    (at,) = analyze_tables(read_document(path))
    sec = next(s for s in at.sections if s.header_rows)
    return [[p for p in c.path if p != "其中："] for c in sec.columns]


@pytest.mark.parametrize("text", [SHIFTED, SPREAD], ids=["shifted", "spread"])
def test_when_a_pipe_table_header_spans_columns_then_each_column_gets_its_headers(text, tmp_path):
    assert _columns(_write(tmp_path, text)) == [
        ["机构名称"], ["支出合计"], ["基本支出"], ["人员支出"], ["公用支出"], ["项目支出"],
        ["结余", "当年结余"], ["结余", "累计结余"]]


@pytest.mark.slow
@pytest.mark.parametrize("text", [SHIFTED, SPREAD], ids=["shifted", "spread"])
def test_when_the_parts_add_up_under_a_pipe_table_header_then_no_tb02(text, tmp_path):
    result = audit_path(_write(tmp_path, text))
    assert result.error is None and not result.failures
    assert [f.code for f in result.findings if f.code == "TB02"] == []


@pytest.mark.slow
@pytest.mark.parametrize("text", [SHIFTED, SPREAD], ids=["shifted", "spread"])
def test_when_a_part_is_off_under_a_pipe_table_header_then_tb02_names_the_right_columns(text, tmp_path):
    result = audit_path(_write(tmp_path, text.replace("32.76 | 226.06", "33.76 | 226.06")))
    assert [f.message for f in result.findings if f.code == "TB02"] == [
        "表1中“区厂协”行基本支出为150.17，但其分列合计为151.17（人员支出117.41+公用支出33.76），相差1。请核实。"]


def test_when_a_score_row_leaves_its_last_cell_blank_then_the_row_keeps_its_columns(tmp_path):
    # 部门整体支出绩效评价评分表 of seed 003: 扣分原因 is empty in most rows
    text = ("| 一级指标 | 二级指标 | 三级指标 | 分值 | 自评得分 | 扣分原因和其他说明 |\n|---|---|---|---|---|---|\n"
            "| 投 入（15分） | 预算配置（15分） | 财政供养人员控制率 | 5 | 4 | 临聘人员2名 |\n"
            "| | | “三公经费”变动率 | 5 | 5 | |\n"
            "| | | 重点支出安排率 | 5 | 5 | |\n")
    assert _columns(_write(tmp_path, text)) == [
        ["一级指标"], ["二级指标"], ["三级指标"], ["分值"], ["自评得分"], ["扣分原因和其他说明"]]


# ---------------------------------------------------------------- unreadable ones


def _exit(capsys, path: Path) -> tuple[int, list[str]]:
    from auditor.cli import main

    code = main([str(path), "--format", "json"])
    return code, capsys.readouterr().err.strip().splitlines()


def test_when_a_markdown_file_is_a_bom_and_nothing_else_then_it_is_empty(tmp_path, capsys):
    from auditor.errors import EXIT_EMPTY

    p = tmp_path / "report.md"
    p.write_bytes(b"\xef\xbb\xbf")
    code, err = _exit(capsys, p)
    assert code == EXIT_EMPTY and len(err) == 1 and "report.md" in err[0]


def test_when_binary_junk_is_named_md_then_one_line_and_exit_3(tmp_path, capsys):
    from auditor.errors import EXIT_UNREADABLE

    p = tmp_path / "report.md"
    p.write_bytes(bytes(range(256)) * 12)
    code, err = _exit(capsys, p)
    assert code == EXIT_UNREADABLE and len(err) == 1 and "report.md" in err[0]


def test_when_a_gbk_page_says_utf8_then_it_is_still_read_as_chinese(tmp_path):
    page = tmp_path / "juesuan.html"
    # (the detector alone reads these bytes as Korean)
    page.write_bytes('<html><head><meta charset="utf-8"></head><body><p>基本支出2355.31万元，项目支出254.36万元。</p>'
                     '</body></html>'.encode("gbk"))
    assert [p.text for p in read_document(page).paragraphs] == ["基本支出2355.31万元，项目支出254.36万元。"]


def test_when_markdown_is_gbk_then_it_is_decoded(tmp_path):
    p = tmp_path / "report.md"
    p.write_bytes("# 2022年度绩效自评报告\n\n基本支出2355.31万元。\n".encode("gbk"))
    doc = read_document(p)
    assert [x.text for x in doc.paragraphs] == ["2022年度绩效自评报告", "基本支出2355.31万元。"]
    assert doc.meta.get("encoding") == "gb18030"


def test_when_markdown_holds_an_html_table_then_its_merged_cells_are_read(tmp_path):
    # pandoc writes a table with merged cells as HTML inside the Markdown; a blank line
    # inside it ends CommonMark's HTML block, and the table is still one table
    text = SPREAD.split("| 部门")[0] + """部门（单位）年度支出和结余情况（万元）

<table>
<tr><td rowspan="3">机构名称</td><td rowspan="3">支出合计</td><td colspan="4">其中：</td><td colspan="2">结余</td></tr>
<tr><td rowspan="2">基本支出</td><td colspan="2">其中：</td><td rowspan="2">项目支出</td><td rowspan="2">当年结余</td><td rowspan="2">累计结余</td></tr>
<tr><td>人员支出</td><td>公用支出</td></tr>

<tr><td>区厂协</td><td>376.23</td><td>150.17</td><td>117.41</td><td>32.76</td><td>226.06</td><td>0</td><td>0</td></tr>
</table>

<p>基本支出150.17万元。</p>
"""
    path = _write(tmp_path, text)
    doc = read_document(path)
    assert [p.text for p in doc.paragraphs] == ["二、部门（单位）收支情况", "部门（单位）年度支出和结余情况（万元）", "基本支出150.17万元。"]
    (t,) = doc.tables
    assert t.value_grid()[3] == ["区厂协", "376.23", "150.17", "117.41", "32.76", "226.06", "0", "0"]
    assert next(c for c in t.cells if c.text == "结余").col_span == 2
    assert _columns(path)[4] == ["公用支出"] and _columns(path)[6] == ["结余", "当年结余"]


def test_when_an_empty_corner_sits_beside_a_label_header_then_it_stays_a_column(tmp_path):
    # 项目支出绩效自评表 of seed 000 with its header typed over two rows: the empty cell
    # right of "项目资金（万元）" is the corner over the label column, not part of its span
    text = ("| 项目资金<br>（万元） |  | 年初 | 全年 | 全年 | 分值 | 执行率 | 得分 |  |\n|---|---|---|---|---|---|---|---|---|\n"
            "|  |  | 预算数 | 预算数 | 执行数 |  |  |  |  |\n"
            "|  | 年度资金总额 | 228.13 | 220.13 | 220.13 | 10 | 100% | 10 |  |\n"
            "|  | 其中：当年财政拨款 | 228.13 | 220.13 | 220.13 |  |  |  |  |\n")
    from auditor.nlp.tables import analyze_tables

    (at,) = analyze_tables(read_document(_write(tmp_path, text)))
    sec = next(s for s in at.sections if s.header_rows)
    assert [c.measure for c in sec.columns[2:8]] == ["年初预算", "全年预算", "执行", "分值", "执行率", "得分"]
