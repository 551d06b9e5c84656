"""Renderers: what reviewers see and send back.

Findings are built from seed report 004 (株洲市行业办公室 2022): the
基本支出 sum that is 0.10 off, and the 项目支出 figure that disagrees with the
基础数据表. Every format is rendered, read back and checked for content.
"""

from __future__ import annotations

import json
import zipfile
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

import auditor
from auditor.document import Cell, Document, Location, Paragraph, Table
from auditor.errors import OutputError, UnreadableError
from auditor.findings import SCHEMA_VERSION, AuditResult, Evidence, Finding, Severity
from auditor.report import render

# ------------------------------------------------------------ seed fragments

P_TITLE = "2022 年度株洲市行业办公室整体支出绩效自评报告"
P_TOTAL = "2022 年度我办支出总计 2681.55 万元，其中：基本支出 2609.57 万元，项目支出 71.98 万元。具体情况分析如下："
P_BASIC = (
    "（1）基本支出 2609.57 万元。其中人员经费 2355.31 万元，较去年增加 438.24 万元，增加的原因主要是 2022 年增加了"
    "医疗铺底费用预算及追加了人员基础绩效奖金，故人员经费相应增加；日常公用经费 254.36 万元，较上年增加 19.66 万元，"
    "主要原因：一是疫情防控费用支出的增加；二是去世老干人数较多，故丧葬费较上年增加；三是乡村振兴和消薄帮扶资金较上年增加。"
)
P_PROJECT = "2022 年项目支出 71.98 万元，结余结转 0 万元，其中：老干活动专项经费 38 万元，全市工业经济运行调度专项资金 19.89 万元，财政拨款项目 14.08 万元。"
TABLE_TITLE = "2022 年度部门整体支出绩效评价基础数据表"
TABLE_ROWS = [
    ["附件 1-1", "", "", ""],  # merged across the four columns
    ["经费控制情况(万元)", "2021 年决算数", "2022 年预算数", "2022 年决算数"],
    ["三公经费", "10.31", "30.5", "11.99"],
    ["项目支出:", "62", "38", "38"],
    ["1、业务经费", "0", "38", "38"],
    ["2、运行维护经费", "62", "0", "0"],
    ["3、市级专项资金(一个专项一行)", "0", "20", "20"],
    ["公用经费", "234.6", "323.59", "250.31"],
]
# Body children of the sample .docx, in order (0-based), as the docx reader walks them.
BODY = ["title", "total", "basic", "project", "caption", "table", "closing"]


def build_docx(path: Path) -> Path:
    """A small report with the seed's sentences, some figures split across runs."""
    d = docx.Document()
    h = d.add_paragraph()
    h.add_run(P_TITLE).bold = True
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph(P_TOTAL)
    # The 基本支出 paragraph in three runs: the figures sit inside longer runs.
    p = d.add_paragraph()
    cut1 = P_BASIC.index("其中人员经费")
    cut2 = P_BASIC.index("日常公用经费")
    p.add_run(P_BASIC[:cut1])
    p.add_run(P_BASIC[cut1:cut2]).italic = True
    p.add_run(P_BASIC[cut2:])
    d.add_paragraph(P_PROJECT)
    d.add_paragraph(TABLE_TITLE).alignment = WD_ALIGN_PARAGRAPH.CENTER
    t = d.add_table(rows=len(TABLE_ROWS), cols=4)
    t.style = "Table Grid"
    for i, row in enumerate(TABLE_ROWS):
        for j, v in enumerate(row):
            if v:
                t.cell(i, j).text = v
    t.cell(0, 0).merge(t.cell(0, 3))
    d.add_paragraph("填表人: 申婷 填报日期: 2023.4.20")
    d.save(str(path))
    return path


def build_document(path: Path) -> Document:
    """The document model the docx reader produces for :func:`build_docx`."""
    paras = []
    for k, (text, child) in enumerate(
        [(P_TITLE, 0), (P_TOTAL, 1), (P_BASIC, 2), (P_PROJECT, 3), (TABLE_TITLE, 4)], start=1
    ):
        paras.append(Paragraph(k, text, Location(paragraph=k, anchor=f"p:{child}"), order=child))
    cells = []
    for i, row in enumerate(TABLE_ROWS):
        for j, v in enumerate(row):
            if i == 0 and j > 0:
                continue
            loc = Location(table=1, row=i + 1, col=j + 1, anchor=f"tbl:5/r:{i}/c:{j}")
            cells.append(Cell(i, j, v, loc, col_span=4 if i == 0 else 1))
    table = Table(1, len(TABLE_ROWS), 4, cells, Location(table=1, anchor="tbl:5"), title=TABLE_TITLE, order=5)
    closing = Paragraph(6, "填表人: 申婷 填报日期: 2023.4.20", Location(paragraph=6, anchor="p:6"), order=6)
    return Document(str(path), "docx", [*paras, table, closing])


def para_evidence(doc: Document, k: int, printed: str, nth: int = 0, role: str | None = None, value=None) -> Evidence:
    p = doc.paragraphs[k - 1]
    start = -1
    for _ in range(nth + 1):
        start = p.text.index(printed, start + 1)
    return Evidence(
        location=p.location,
        text=p.text,
        span=(start, start + len(printed)),
        printed=printed,
        value=float(value if value is not None else printed),
        unit="万元",
        role=role,
    )


def cell_evidence(doc: Document, row: int, col: int, context: list[str], role: str | None = None) -> Evidence:
    t = doc.tables[0]
    cell = t.grid()[row - 1][col - 1]
    return Evidence(
        location=cell.location,
        text=cell.text,
        span=(0, len(cell.text)),
        printed=cell.text,
        value=float(cell.text),
        unit="万元",
        role=role,
        context=context,
    )


def sum_finding(doc: Document) -> Finding:
    """S004-2: 2355.31 + 254.36 = 2609.67, not 2609.57."""
    return Finding(
        code="SM01",
        name="分项之和与合计不符",
        name_en="Parts do not add up to the total",
        severity=Severity.ERROR,
        message="基本支出 2609.57 万元，但人员经费 2355.31 万元与日常公用经费 254.36 万元之和为 2609.67 万元。",
        message_en="基本支出 is 2609.57 万元 but 人员经费 2355.31 + 日常公用经费 254.36 = 2609.67 万元.",
        evidence=[
            para_evidence(doc, 3, "2609.57", role="合计"),
            para_evidence(doc, 3, "254.36", role="分项"),
            para_evidence(doc, 3, "2355.31", role="分项"),
        ],
        expected=2609.67,
        found=2609.57,
        difference=-0.1,
        tolerance=0.01,
        unit="万元",
        explanation="合计 = 各分项之和（“其中”引出的分项）。",
        hint="254.36 可能应为 254.26：这样基本支出合计与较上年增加额都能对上",
        hint_en="254.36 may be a typo for 254.26: then both the total and the year-on-year increase agree",
    )


def table_finding(doc: Document) -> Finding:
    """S004-7: narrative 项目支出 71.98 vs 基础数据表 38."""
    return Finding(
        code="NT01",
        name="正文与表格数字不一致",
        name_en="Narrative and table disagree",
        severity=Severity.ERROR,
        message="正文项目支出 71.98 万元，基础数据表项目支出 2022 年决算数为 38 万元。",
        evidence=[
            para_evidence(doc, 2, "71.98", role="正文"),
            cell_evidence(doc, 4, 4, ["基础数据表", "项目支出", "2022年决算数"], role="表格"),
        ],
        expected=71.98,
        found=38.0,
        difference=-33.98,
        unit="万元",
    )


def rounding_finding(doc: Document) -> Finding:
    """项目支出 71.98 vs 38 + 19.89 + 14.08 = 71.97: rounding only."""
    return Finding(
        code="SM02",
        name="分项之和与合计相差在舍入范围内",
        severity=Severity.INFO,
        message="项目支出 71.98 万元，分项之和 71.97 万元，差 0.01 万元，可能为四舍五入所致。",
        evidence=[para_evidence(doc, 4, "71.98", role="合计")],
        expected=71.97,
        found=71.98,
        difference=0.01,
        tolerance=0.01,
        unit="万元",
    )


@pytest.fixture
def sample(tmp_path):
    """(docx path, AuditResult) for the sample report."""
    src = build_docx(tmp_path / "004_zhuzhou.docx")
    doc = build_document(src)
    findings = [sum_finding(doc), table_finding(doc), rounding_finding(doc)]
    findings.sort(key=lambda f: f.sort_key())
    result = AuditResult(
        file=str(src),
        findings=findings,
        document=doc,
        stats={"figures": 312, "relations_checked": 57, "paragraphs": 6, "tables": 1},
        meta={"unit": "株洲市行业办公室", "year": 2022, "format": "docx"},
    )
    return src, result


def failed_result(tmp_path) -> AuditResult:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    return AuditResult(
        file=str(bad),
        error=UnreadableError(str(bad), "文件已损坏或不完整，无法读取；请重新导出后再试。", "the file is corrupt or truncated; export it again."),
    )


# ------------------------------------------------------------------- json


def test_json_document_carries_schema_tool_reports_and_summary(sample, tmp_path):
    src, res = sample
    out = tmp_path / "out.json"
    written = render([res, failed_result(tmp_path)], "json", output=out)
    assert written == [out]
    data = json.loads(out.read_text("utf-8"))
    assert data["schema"] == "auditor-findings"
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["tool"] == {"name": "auditor", "version": auditor.__version__}
    rep = data["reports"][0]
    assert rep["ok"] is True and rep["meta"]["unit"] == "株洲市行业办公室"
    assert [f["code"] for f in rep["findings"]] == ["NT01", "SM01", "SM02"]  # order kept
    first = rep["findings"][1]
    assert first["severity"] == "error" and first["severity_label"] == "错误"
    assert first["evidence"][0]["printed"] == "2609.57"
    assert first["evidence"][0]["span"] == list(res.findings[1].evidence[0].span)
    cell = rep["findings"][0]["evidence"][1]
    assert cell["context"] == ["基础数据表", "项目支出", "2022年决算数"]
    assert (cell["table"], cell["row"], cell["col"]) == (1, 4, 4)
    assert data["reports"][1]["ok"] is False and data["reports"][1]["error"]["code"] == "E-READ"
    assert data["summary"] == {
        "files": 2, "files_ok": 1, "files_failed": 1, "findings": 3,
        "counts": {"error": 2, "warning": 0, "info": 1},
        "by_code": {"NT01": 1, "SM01": 1, "SM02": 1}, "skipped": [],
    }
    # Chinese is written as is, not \u-escaped.
    assert "基本支出" in out.read_text("utf-8")


def test_json_to_console_file_when_no_output(sample):
    _, res = sample
    buf = StringIO()
    assert render([res], "json", console=Console(file=buf)) == []
    assert json.loads(buf.getvalue())["reports"][0]["counts"]["error"] == 2


def test_json_in_english_uses_english_texts(sample):
    _, res = sample
    buf = StringIO()
    render([res], "json", lang="en", console=Console(file=buf))
    f = json.loads(buf.getvalue())["reports"][0]["findings"][1]
    assert f["name"] == "Parts do not add up to the total" and f["severity_label"] == "error"
    assert f["hint"].startswith("254.36 may be")


# --------------------------------------------------------------- markdown


def test_markdown_lists_findings_by_severity_with_bold_figures_and_request(sample, tmp_path):
    _, res = sample
    out = tmp_path / "issues.md"
    render([res], "md", output=out)
    md = out.read_text("utf-8")
    assert md.index("### 错误（2）") < md.index("### 提示（1）")
    assert "1. **[NT01] 正文与表格数字不一致**" in md
    assert "2. **[SM01] 分项之和与合计不符**" in md and "3. **[SM02]" in md
    # The three figures of one paragraph are quoted once, each in bold.
    assert "> （1）基本支出 **2609.57** 万元。其中人员经费 **2355.31** 万元，较去年增加…" in md
    assert "日常公用经费 **254.36** 万元" in md
    assert "- 位置：第3段 · 合计、分项" in md
    assert "表1 第4行 第4列（基础数据表 › 项目支出 › 2022年决算数）" in md
    # A cited cell is quoted as a small table: row label, column header, neighbours.
    assert "| 经费控制情况(万元) | 2022 年预算数 | 2022 年决算数 |" in md
    assert "| 项目支出 | 38 | **38** |" in md  # row label from the cell's context
    assert "期望 2609.67万元；实际 2609.57万元；差额 -0.10万元；容差 ±0.01万元" in md
    assert "提示：254.36 可能应为 254.26" in md
    assert md.count("请核实并更正，或说明差异原因。") == 3


def test_markdown_escapes_report_text():
    loc = Location(paragraph=1)
    text = "**三是用心服务基层。**共 12 次"
    ev = Evidence(loc, text, span=(text.index("12"), text.index("12") + 2), printed="12", value=12)
    f = Finding("X01", "测试", Severity.WARNING, "说明", [ev])
    buf = StringIO()
    render([AuditResult(file="a.txt", findings=[f])], "md", console=Console(file=buf))
    assert r"\*\*三是用心服务基层。\*\*共 **12** 次" in buf.getvalue()


def test_markdown_reports_unreadable_file(tmp_path):
    buf = StringIO()
    render([failed_result(tmp_path)], "md", console=Console(file=buf))
    assert "无法读取" in buf.getvalue() and "E-READ" in buf.getvalue()


# ------------------------------------------------------------------- xlsx


def test_xlsx_has_one_row_per_finding_filter_frozen_header_and_widths(sample, tmp_path):
    _, res = sample
    out = tmp_path / "issues.xlsx"
    render([res], "xlsx", output=out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["问题清单"]
    ws = wb["问题清单"]
    headers = [c.value for c in ws[1]]
    assert headers == ["文件", "代码", "名称", "严重程度", "位置", "引文", "期望值", "实际值", "差额", "容差", "说明/提示"]
    assert ws.max_row == 1 + 3
    assert ws.auto_filter.ref == "A1:K4"
    assert ws.freeze_panes == "A2"
    row = [c.value for c in ws[3]]
    assert row[1] == "SM01" and row[3] == "错误"
    assert row[4] == "第3段 · 合计、分项"  # one passage, three figures
    assert row[5].startswith("（1）基本支出 2609.57 万元。其中人员经费 2355.31 万元")
    nt = [c.value for c in ws[2]]
    assert nt[4].split("\n") == ["第2段 · 正文", "表1 第4行 第4列（基础数据表） · 表格"]
    assert nt[5].split("\n")[1] == "项目支出 › 2022年决算数：38"  # the cell with its row label and column header
    assert row[6] == pytest.approx(2609.67) and row[8] == pytest.approx(-0.1)
    assert ws.cell(3, 9).number_format == '+0.00"万元";-0.00"万元";0.00"万元"'
    assert "提示：254.36 可能应为 254.26" in row[10]
    assert ws.cell(2, 6).alignment.wrap_text
    # Widths count CJK characters double and are capped.
    assert ws.column_dimensions["B"].width == 6
    assert ws.column_dimensions["D"].width == len("严重程度") * 2 + 2
    assert ws.column_dimensions["F"].width == 60


def test_xlsx_adds_summary_sheet_for_several_files(sample, tmp_path):
    _, res = sample
    out = tmp_path / "batch.xlsx"
    render([res, failed_result(tmp_path)], "xlsx", output=out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["问题清单", "汇总"]
    rows = [[c.value for c in r] for r in wb["汇总"].iter_rows()]
    assert rows[0][:5] == ["文件", "状态", "错误", "警告", "提示"]
    assert rows[1][2:5] == [2, 0, 1]
    assert rows[2][1].startswith("无法读取") and "文件已损坏" in rows[2][7]
    assert rows[3][:5] == ["合计", None, 2, 0, 1]


def test_xlsx_refuses_to_overwrite_an_input(sample):
    src, res = sample
    with pytest.raises(OutputError):
        render([res], "xlsx", output=src)


# ------------------------------------------------------------------- html


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.marks: list[str] = []
        self.tags: list[str] = []
        self._in_mark = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_mark = tag == "mark"

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_mark:
            self.marks.append(data)


def test_html_is_self_contained_and_highlights_each_evidence_figure(sample, tmp_path):
    _, res = sample
    out = tmp_path / "report.html"
    render([res], "html", output=out)
    page = out.read_text("utf-8")
    p = _Collect()
    p.feed(page)
    assert "script" not in p.tags and "link" not in p.tags and "img" not in p.tags
    assert "http" not in page.replace("http-equiv", "")
    assert p.marks == ["71.98", "38", "2609.57", "2355.31", "254.36", "71.98"]
    text = "".join(p.text)
    assert "基础数据表 › 项目支出 › 2022年决算数" in text
    assert "2022 年决算数" in text  # the column header from the table excerpt
    assert "254.36 可能应为 254.26" in text


def test_html_escapes_report_text(tmp_path):
    text = "<script>alert(1)</script> 合计 5 万元"
    ev = Evidence(Location(paragraph=1), text, span=(text.index("5"), text.index("5") + 1), printed="5", value=5)
    f = Finding("X01", "<b>名</b>", Severity.WARNING, "a & b", [ev])
    out = tmp_path / "x.html"
    render([AuditResult(file="<a>.txt", findings=[f])], "html", output=out)
    page = out.read_text("utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;名" in page and "a &amp; b" in page


# ------------------------------------------------------------------- rich


def _rich(results, width=80, **kw):
    console = Console(width=width, record=True, file=StringIO(), **kw)
    render(results, "rich", console=console)
    return console.export_text()


def test_rich_fits_80_columns_and_shows_figures_and_header(sample, tmp_path):
    _, res = sample
    text = _rich([res, failed_result(tmp_path)])
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert "株洲市行业办公室" in text and "2022" in text
    assert "读取数字 312" in text and "核对关系 57" in text
    assert "**2609.57**" in text  # no colour in a pipe: the figure is marked
    assert "**38**" in text and "2022 年决算数" in text
    assert "期望 2609.67万元" in text and "差额 -0.10万元" in text
    assert "提示：254.36 可能应为 254.26" in text
    flat = text.replace("\n", "")
    assert "[E-READ]" in flat and "文件已损坏" in flat
    assert "共 2 个文件" in text


def test_rich_narrow_console_stays_within_width(sample):
    _, res = sample
    text = _rich([res], width=60)
    assert max(cell_len(line) for line in text.splitlines()) <= 60


def test_rich_colour_off_emits_no_escape_codes(sample):
    _, res = sample
    buf = StringIO()
    console = Console(width=80, file=buf, force_terminal=True)
    render([res], "rich", console=console, color=False)
    assert "\x1b[3" not in buf.getvalue() and "\x1b[4" not in buf.getvalue()  # no foreground/background colours
    assert "**2609.57**" in buf.getvalue()


def test_rich_colour_on_highlights_figure_without_markers(sample):
    _, res = sample
    console = Console(width=100, record=True, file=StringIO(), force_terminal=True, color_system="truecolor")
    render([res], "rich", console=console)
    text = console.export_text()
    assert "2609.57" in text and "**2609.57**" not in text
    assert "💡" not in text and "提示：254.36" in text  # no emoji: many terminal fonts show a box


def test_rich_in_english(sample):
    _, res = sample
    console = Console(width=80, record=True, file=StringIO())
    render([res], "rich", console=console, lang="en")
    text = console.export_text()
    assert "[error]" in text and "expected 2609.67万元" in text and "Hint:" in text


# ------------------------------------------------------------------- docx


def _comments(path: Path) -> list:
    return list(docx.Document(str(path)).comments)


def _anchored_text(path: Path) -> dict[int, str]:
    """Comment id -> the document text between its range start and end."""
    from docx.oxml.ns import qn

    d = docx.Document(str(path))
    out: dict[int, str] = {}
    open_ids: set[int] = set()
    for el in d.element.body.iter():
        if el.tag == qn("w:commentRangeStart"):
            open_ids.add(int(el.get(qn("w:id"))))
            out.setdefault(int(el.get(qn("w:id"))), "")
        elif el.tag == qn("w:commentRangeEnd"):
            open_ids.discard(int(el.get(qn("w:id"))))
        elif el.tag == qn("w:t"):
            for i in open_ids:
                out[i] += el.text or ""
    return out


def test_docx_comments_cover_exactly_the_printed_figures(sample, tmp_path):
    src, res = sample
    before = src.read_bytes()
    outdir = tmp_path / "out"
    outdir.mkdir()
    written = render([res], "docx", output=outdir)
    assert written == [outdir / "004_zhuzhou.audited.docx"]
    assert src.read_bytes() == before
    with zipfile.ZipFile(written[0]) as z:
        assert "word/comments.xml" in z.namelist()
    comments = _comments(written[0])
    assert {c.author for c in comments} == {"auditor"} and {c.initials for c in comments} == {"AU"}
    anchored = _anchored_text(written[0])
    texts = {c.comment_id: c.text for c in comments}
    # One comment per finding, at its first figure: the sum, narrative-vs-table, rounding.
    assert len(comments) == 3
    assert sorted(anchored.values()) == sorted(["2609.57", "71.98", "71.98"])
    (sum_id,) = [i for i, t in texts.items() if t.startswith("[SM01 错误]")]
    assert anchored[sum_id] == "2609.57"
    t = texts[sum_id]
    assert "期望 2609.67万元，实际 2609.57万元，差额 -0.10万元" in t and "提示：254.36 可能应为 254.26" in t
    # The paragraph text is unchanged by splitting runs.
    d = docx.Document(str(written[0]))
    assert d.paragraphs[2].text == P_BASIC


def test_docx_comment_on_a_cell_sits_in_that_cell(sample, tmp_path):
    src, res = sample
    nt = next(f for f in res.findings if f.code == "NT01")
    nt.evidence.reverse()  # the table cell first: the comment goes there
    out = tmp_path / "copy.docx"
    render([res], "docx", output=out)
    d = docx.Document(str(out))
    from docx.oxml.ns import qn

    cell = d.tables[0].cell(3, 3)
    starts = cell._tc.xpath(".//w:commentRangeStart")
    assert len(starts) == 1
    cid = int(starts[0].get(qn("w:id")))
    assert d.comments.get(cid).text.startswith("[NT01 错误]")
    # Row "项目支出:" / column "2022 年决算数".
    assert d.tables[0].cell(3, 0).text == "项目支出:"


def test_docx_found_without_anchors_by_quoted_text(sample, tmp_path):
    src, res = sample
    for f in res.findings:
        for ev in f.evidence:
            loc = ev.location
            ev.location = Location(loc.paragraph, loc.table, loc.row, loc.col, loc.page, None)
    out = tmp_path / "noanchor.docx"
    render([res], "docx", output=out)
    assert sorted(_anchored_text(out).values()) == sorted(["2609.57", "71.98", "71.98"])


def test_docx_refuses_output_equal_to_input(sample):
    src, res = sample
    before = src.read_bytes()
    with pytest.raises(OutputError):
        render([res], "docx", output=src)
    assert src.read_bytes() == before


def test_docx_default_output_is_beside_the_input(sample):
    src, res = sample
    written = render([res], "docx")
    assert written == [src.with_name("004_zhuzhou.audited.docx")]
    assert not list(src.parent.glob(".*.tmp"))


def test_docx_needs_docx_inputs(tmp_path):
    res = AuditResult(file=str(tmp_path / "a.txt"), document=Document(str(tmp_path / "a.txt"), "txt", []))
    with pytest.raises(OutputError):
        render([res], "docx", output=tmp_path)


def test_docx_reader_anchors_resolve_to_the_same_elements(tmp_path):
    """When the docx reader is present, its anchors point where ours do."""
    ingest = pytest.importorskip("auditor.ingest.docx")
    read = getattr(ingest, "read_docx", None) or getattr(ingest, "read", None)
    if read is None:
        pytest.skip("docx reader has no read function yet")
    src = build_docx(tmp_path / "r.docx")
    doc = read(src)
    para = next(p for p in doc.paragraphs if "日常公用经费" in p.text)
    ev = Evidence(para.location, para.text, printed="254.36", value=254.36)
    ev.span = (para.text.index("254.36"), para.text.index("254.36") + 6)
    cell = next(c for c in doc.tables[0].cells if c.location.row == 4 and c.location.col == 4)
    cev = Evidence(cell.location, cell.text, span=(0, len(cell.text)), printed=cell.text, value=38)
    f = Finding("T01", "t", Severity.ERROR, "m", [ev, cev])
    out = tmp_path / "r.audited.docx"
    g = Finding("T02", "t", Severity.ERROR, "m", [cev, ev])
    render([AuditResult(file=str(src), findings=[f, g], document=doc)], "docx", output=out)
    assert sorted(_anchored_text(out).values()) == ["254.36", "38"]


# ----------------------------------------------------------------- general


def test_unknown_format_is_a_value_error(sample):
    _, res = sample
    with pytest.raises(ValueError):
        render([res], "pdf")


def test_text_outputs_never_overwrite_an_input(sample):
    src, res = sample
    for fmt in ("json", "md", "html"):
        with pytest.raises(OutputError):
            render([res], fmt, output=src)


# ------------------------------------------------- the real sample, if present

SAMPLE_004 = Path(__file__).resolve().parent.parent / "samples" / "004_50f89173955d11d8.docx"


def seed_004_result(path: Path = SAMPLE_004) -> AuditResult:
    """Seed 004 read by the docx reader, with findings S004-1/2/5/6/7 as a
    checker would report them (used by the tests and for docs images)."""
    from auditor.ingest.docx import read_docx

    doc = read_docx(path)

    def para(needle: str, *figures: str, role: str | None = None) -> list[Evidence]:
        p = next(p for p in doc.paragraphs if needle in p.text)
        out = []
        for fig in figures:
            i = p.text.index(fig, p.text.index(needle) if fig in p.text[p.text.index(needle):] else 0)
            unit = "人" if fig in ("62",) else "万元"
            out.append(Evidence(p.location, p.text, (i, i + len(fig)), fig, float(fig), unit, role=role))
        return out

    def cell(row: int, col: int, context: list[str], role: str | None = None) -> Evidence:
        c = doc.tables[0].grid()[row - 1][col - 1]
        return Evidence(c.location, c.text, (0, len(c.text)), c.text, float(c.text), "万元", role=role, context=context)

    basic = para("（1）基本支出", "2609.57", "2355.31", "254.36")
    basic[0].role, basic[1].role, basic[2].role = "合计", "分项", "分项"
    findings = [
        Finding("SM01", "分项之和与合计不符", Severity.ERROR,
                "基本支出 2609.57 万元，但人员经费 2355.31 万元与日常公用经费 254.36 万元之和为 2609.67 万元。",
                basic, expected=2609.67, found=2609.57, difference=-0.1, tolerance=0.01, unit="万元",
                hint="254.36 可能应为 254.26：这样基本支出合计与较上年增加额都能对上"),
        Finding("NT01", "正文与表格数字不一致", Severity.ERROR,
                "正文“三公经费”支出合计 11.9 万元，基础数据表三公经费 2022 年决算数为 11.99 万元。",
                [*para("三公经费”支出合计", "11.9", role="正文"),
                 cell(4, 6, ["基础数据表", "三公经费", "2022年决算数"], role="表格")],
                expected=11.99, found=11.9, difference=-0.09, unit="万元",
                hint="11.9 可能是 11.99 漏印一位小数"),
        Finding("NT01", "正文与表格数字不一致", Severity.ERROR,
                "正文项目支出 71.98 万元，基础数据表项目支出 2022 年决算数为 38 万元。",
                [*para("我办支出总计", "71.98", role="正文"),
                 cell(10, 6, ["基础数据表", "项目支出", "2022年决算数"], role="表格")],
                expected=71.98, found=38.0, difference=-33.98, unit="万元"),
        Finding("TF01", "表内合计与明细之和不符", Severity.ERROR,
                "基础数据表“项目支出”2022 年决算数 38 万元，其明细 38 + 0 + 20 = 58 万元。",
                [cell(10, 6, ["基础数据表", "项目支出", "2022年决算数"], role="合计"),
                 cell(11, 6, ["基础数据表", "1、业务经费", "2022年决算数"], role="明细"),
                 cell(12, 6, ["基础数据表", "2、运行维护经费", "2022年决算数"], role="明细"),
                 cell(14, 6, ["基础数据表", "3、市级专项资金(一个专项一行)", "2022年决算数"], role="明细")],
                expected=58.0, found=38.0, difference=-20.0, unit="万元"),
        Finding("ST01", "编制人数与基础数据表不一致", Severity.WARNING,
                "正文编制人数 62 人，基础数据表编制数 26 人；扣除安置人员 11 + 25 后相符，请在正文说明口径。",
                [*para("编制人数", "62", role="正文")],
                expected=26.0, found=62.0, difference=36.0, unit="人"),
    ]
    findings[-1].evidence[0].unit = "人"
    findings.sort(key=lambda f: f.sort_key())
    return AuditResult(file=str(path), findings=findings, document=doc,
                       stats={"figures": 486, "relations_checked": 73},
                       meta={"unit": "株洲市行业办公室", "year": 2022, "format": "docx"})


needs_sample = pytest.mark.skipif(not SAMPLE_004.exists(), reason="samples/ not built")


@needs_sample
def test_sample_004_annotated_copy_marks_each_figure_in_place(tmp_path):
    pytest.importorskip("auditor.ingest.docx")
    res = seed_004_result()
    before = SAMPLE_004.read_bytes()
    written = render([res], "docx", output=tmp_path)
    assert SAMPLE_004.read_bytes() == before
    anchored = sorted(_anchored_text(written[0]).values())
    # One comment per finding, at its first figure.
    assert anchored == sorted(["71.98", "2609.57", "11.9", "38", "62"])


@needs_sample
def test_sample_004_table_excerpt_shows_row_and_column_headers(tmp_path):
    pytest.importorskip("auditor.ingest.docx")
    res = seed_004_result()
    out = tmp_path / "r.html"
    render([res], "html", output=out)
    p = _Collect()
    p.feed(out.read_text("utf-8"))
    text = "".join(p.text)
    assert "经费控制情况(万元)" in text and "1、业务经费" in text and "2022 年决算数" in text
    view = _rich([res])
    assert max(cell_len(line) for line in view.splitlines()) <= 80
    assert "2022 年决算数" in view and "1、业务经费" in view  # header row and row labels kept


# ------------------------------------------------------------- finer points


def test_json_schema_doc_names_every_field_emitted(sample, tmp_path):
    """docs/json-schema.md stays in step with what the renderer writes."""
    doc_text = (Path(__file__).resolve().parent.parent / "docs" / "json-schema.md").read_text("utf-8")
    _, res = sample
    buf = StringIO()
    render([res, failed_result(tmp_path)], "json", console=Console(file=buf))
    data = json.loads(buf.getvalue())
    open_objects = {"meta", "stats", "by_code"}  # documented as open-ended maps
    keys: set[str] = set()

    def walk(v, parent=""):
        if isinstance(v, dict):
            for k, x in v.items():
                keys.add(k)
                if k not in open_objects:
                    walk(x, k)
        elif isinstance(v, list):
            for x in v:
                walk(x, parent)

    walk(data)
    missing = sorted(k for k in keys if f"`{k}`" not in doc_text)
    assert not missing, f"undocumented JSON fields: {missing}"
    assert f'"schema_version": "{SCHEMA_VERSION}"' in doc_text


def test_rich_wraps_chinese_between_characters_not_inside_numbers():
    from auditor.report.terminal import CJKText

    text = "2022 年度我办支出总计 2681.55 万元，其中：基本支出 2609.57 万元，项目支出 71.98 万元。"
    console = Console(width=20, record=True, file=StringIO())
    console.print(CJKText(Text(text)))
    lines = console.export_text().splitlines()
    assert max(cell_len(line) for line in lines) <= 20
    assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert not line.startswith(("，", "。", "：")), line  # no closing punctuation opens a line
    # No figure is split across lines.
    for fig in ("2681.55", "2609.57", "71.98"):
        assert any(fig in line for line in lines), fig


def test_rich_svg_export_gives_cjk_double_width(sample, tmp_path):
    _, res = sample
    out = tmp_path / "view.svg"
    render([res], "rich", console=Console(width=80, file=StringIO(), force_terminal=True, color_system="truecolor"), output=out)
    svg = out.read_text("utf-8")
    import re as _re

    texts = _re.findall(r'textLength="([0-9.]+)"[^>]*>([^<]*)</text>', svg)
    cjk = [(float(w), t) for w, t in texts if t and all(cell_len(ch) == 2 for ch in t.replace("&#160;", ""))]
    assert cjk, "no CJK text in the SVG"
    widths = {round(w / cell_len(t), 3) for w, t in cjk}
    narrow = {round(float(w) / len(t), 3) for w, t in texts if t.isascii() and "&" not in t and t and float(w) > 0}
    assert widths == narrow  # one CJK character spans exactly two cells


def test_rich_respects_no_color_environment(sample, monkeypatch):
    _, res = sample
    monkeypatch.setenv("NO_COLOR", "1")
    buf = StringIO()
    render([res], "rich", console=Console(width=80, file=buf, force_terminal=True))
    assert "\x1b[31m" not in buf.getvalue() and "**2609.57**" in buf.getvalue()


def test_table_evidence_without_document_uses_its_context():
    ev = Evidence(Location(table=1, row=10, col=6), "38", (0, 2), "38", 38.0, "万元",
                  context=["基础数据表", "项目支出", "2022年决算数"])
    f = Finding("NT01", "正文与表格数字不一致", Severity.ERROR, "m", [ev], expected=71.98, found=38.0, unit="万元")
    res = AuditResult(file="a.docx", findings=[f])  # no document kept
    text = _rich([res])
    assert "2022年决算数" in text and "项目支出" in text and "**38**" in text
    buf = StringIO()
    render([res], "md", console=Console(file=buf))
    assert "| 项目支出 | **38** |" in buf.getvalue()


def test_finding_without_evidence_still_renders_everywhere(tmp_path):
    f = Finding("CL01", "表述与数字不符", Severity.WARNING, "称“全部整改到位”，但整改 155 处、发现 159 处。", [])
    res = AuditResult(file="a.txt", findings=[f])
    assert "CL01" in _rich([res])
    for fmt in ("md", "html", "json"):
        buf = StringIO()
        render([res], fmt, console=Console(file=buf))
        assert "CL01" in buf.getvalue()
    out = tmp_path / "x.xlsx"
    render([res], "xlsx", output=out)
    assert openpyxl.load_workbook(out).active.cell(2, 2).value == "CL01"


def test_docx_comment_in_english(sample, tmp_path):
    src, res = sample
    out = tmp_path / "en.docx"
    render([res], "docx", output=out, lang="en")
    texts = [c.text for c in _comments(out)]
    assert any(t.startswith("[SM01 error]") and "Expected 2609.67万元" in t and "Hint: 254.36 may be" in t for t in texts)


def test_docx_one_comment_per_finding_names_the_other_places(sample, tmp_path):
    src, res = sample
    out = tmp_path / "c.docx"
    render([res], "docx", output=out)
    nt = [c.text for c in _comments(out) if c.text.startswith("[NT01")]
    assert len(nt) == 1  # one comment per finding, at its first figure, naming the others
    assert "期望" in nt[0] and "另见：表1 第4行 第4列" in nt[0]


def test_files_are_written_atomically_without_leftovers(sample, tmp_path):
    _, res = sample
    out = tmp_path / "o"
    out.mkdir()
    written = []
    for fmt in ("json", "md", "html", "xlsx"):
        written += render([res], fmt, output=out)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["audit-findings.json", "audit-findings.md", "audit-findings.html", "audit-findings.xlsx"]
    )
    assert all(p.parent == out for p in written)
