"""Web pages, workbooks and Markdown: the same report gives the same findings.

Fixtures in tests/fixtures/formats/ are sample 004 as a site's article page
(GB18030, navigation, rowspan/colspan), as a 绩效自评表 workbook (.xlsx and
the .xls LibreOffice saved from it) and as Markdown; they are rebuilt by
scripts/make_format_fixtures.py. A Shanghai 决算 document from ../shared
(or $AUDITOR_SHARED) is also turned into a page here, skipped when absent.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from auditor.audit import audit_path
from auditor.cli import main
from auditor.errors import EXIT_EMPTY, EXIT_ENCRYPTED, EXIT_FINDINGS, EXIT_UNREADABLE
from auditor.ingest import read_document, sniff_format
from auditor.normalize import normalize_figures

REPO = Path(__file__).resolve().parents[1]
FIX = REPO / "tests" / "fixtures" / "formats"
SAMPLE_TXT = REPO / "samples" / "004_50f89173955d11d8.txt"
SHARED = Path(os.environ.get("AUDITOR_SHARED", REPO.parent / "shared"))
CORPUS_TEXT = SHARED / "corpus" / "text"

PAGE = FIX / "004_page.html"
XLSX = FIX / "004_自评表.xlsx"
XLS = FIX / "004_自评表.xls"
MD = FIX / "004_report.md"


def _script():
    spec = importlib.util.spec_from_file_location("make_format_fixtures", REPO / "scripts" / "make_format_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def fingerprint(result, *, tables_only: bool = False):
    """Code and cited figures of every finding (tables only: all evidence in table cells)."""
    out = []
    for f in result.findings:
        if tables_only and any(e.location.table is None for e in f.evidence):
            continue
        out.append((f.code, f.expected, f.found,
                    tuple(sorted(normalize_figures(e.printed or "")[0] for e in f.evidence))))
    return sorted(out, key=repr)


@pytest.fixture(scope="module")
def text_export():
    return audit_path(SAMPLE_TXT)


# ------------------------------------------------------------- same findings


@pytest.mark.slow
@pytest.mark.parametrize("path", [PAGE, MD], ids=["html", "md"])
def test_when_the_report_is_a_web_page_or_markdown_then_findings_equal_the_text_export(path, text_export):
    result = audit_path(path)
    assert result.error is None and not result.failures
    assert fingerprint(result) == fingerprint(text_export)
    assert {"NS02", "NT01", "TB03", "SC08"} <= {f.code for f in result.findings}


@pytest.mark.slow
@pytest.mark.parametrize("path", [XLSX, XLS], ids=["xlsx", "xls"])
def test_when_the_tables_are_a_workbook_then_table_findings_equal_the_text_export(path, text_export):
    result = audit_path(path)
    assert result.error is None and not result.failures
    # The workbook holds the report's tables only: the findings the text
    # export makes from its tables alone, no more and no fewer.
    assert fingerprint(result) == fingerprint(text_export, tables_only=True)
    assert {"TB03", "SC08"} <= {f.code for f in result.findings}


@pytest.mark.slow
@pytest.mark.parametrize("path", [PAGE, XLSX, XLS, MD], ids=["html", "xlsx", "xls", "md"])
def test_when_audit_is_run_on_each_format_then_json_and_exit_1(path, capsys):
    code = main([str(path), "--format", "json"])
    out = capsys.readouterr()
    assert code == EXIT_FINDINGS, out.err
    rep = json.loads(out.out)["reports"][0]
    assert rep["ok"] and rep["meta"]["format"] == {".html": "html", ".xlsx": "xlsx", ".xls": "xls", ".md": "md"}[path.suffix]


@pytest.mark.slow
def test_when_a_folder_holds_pages_workbooks_and_markdown_then_each_is_audited(tmp_path, capsys):
    for p in (PAGE, XLSX, XLS, MD):
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "audit-findings.html").write_text("<html><body><p>上次的结果 100万元</p></body></html>", encoding="utf-8")
    main([str(tmp_path), "--format", "json"])
    names = sorted(Path(r["file"]).name for r in json.loads(capsys.readouterr().out)["reports"])
    assert names == sorted(p.name for p in (PAGE, XLSX, XLS, MD))


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS_TEXT.is_dir(), reason="../shared/corpus absent (set AUDITOR_SHARED)")
def test_when_a_shanghai_juesuan_is_published_as_a_page_then_findings_equal_the_text_export(tmp_path):
    script = _script()
    src = sorted(CORPUS_TEXT.glob("*juesuan*.txt"))[0]
    doc = read_document(src)
    page = tmp_path / (src.stem + ".html")
    page.write_bytes(script.document_to_html(doc, title=src.stem, source="上海市普陀区财政局").encode("gb18030"))
    md = tmp_path / (src.stem + ".md")
    md.write_text(script.document_to_markdown(doc), encoding="utf-8")
    base = audit_path(src)
    for path in (page, md):
        result = audit_path(path)
        assert result.error is None and not result.failures
        assert fingerprint(result) == fingerprint(base), path.suffix


# --------------------------------------------------------------- the readers


def test_when_a_page_has_site_navigation_then_only_the_article_is_read():
    doc = read_document(PAGE)
    texts = [t for t, _ in doc.iter_text()]
    joined = "\n".join(texts)
    for chrome in ("首页", "网站标识码", "上一篇", "打印本页", "浏览次数", "请输入关键字", "2609.58", "走进株洲", "手机版"):
        assert chrome not in joined, chrome
    assert doc.paragraphs[0].text == "2022 年度部门（单位）整体支出 绩效自评报告"
    assert doc.meta["title"].startswith("株洲市工业和信息化局2022年度")
    assert len(doc.tables) == 4 and doc.tables[1].title == "2022 年度部门整体支出绩效自评表"


def test_when_a_table_has_rowspan_and_colspan_then_the_grid_resolves_them(tmp_path):
    page = tmp_path / "t.html"
    page.write_text(
        """<html><head><meta charset="utf-8"></head><body><div class="nav"><a href="/">首页</a></div>
        <div class="content"><p>2022年度部门整体支出绩效自评表</p>
        <table><tr><th colspan="2">指标</th><th>分值</th><th>得分</th></tr>
        <tr><td rowspan="2">产出指标</td><td>数量指标</td><td>20</td><td>18</td></tr>
        <tr><td>质量指标</td><td>20</td><td>20</td></tr>
        <tr><td colspan="2">总分</td><td>40</td><td>38</td></tr></table>
        <p>部门整体支出绩效自评得分38分，其中产出指标得分38分。</p></div>
        <div class="footer">版权所有 2023</div></body></html>""",
        encoding="utf-8",
    )
    doc = read_document(page)
    t = doc.tables[0]
    assert t.title == "2022年度部门整体支出绩效自评表" and (t.n_rows, t.n_cols) == (4, 4)
    assert t.value_grid() == [["指标", "", "分值", "得分"], ["产出指标", "数量指标", "20", "18"],
                              ["", "质量指标", "20", "20"], ["总分", "", "40", "38"]]
    assert t.grid()[2][0].text == "产出指标" and t.grid()[2][0].row_span == 2
    assert [p.text for p in doc.paragraphs][-1].startswith("部门整体支出绩效自评得分38分")
    assert "版权所有" not in "".join(t for t, _ in doc.iter_text())


def test_when_a_page_is_gb2312_then_it_is_decoded():
    assert sniff_format(PAGE) == "html"
    assert PAGE.read_bytes().find("株洲".encode("gb18030")) > 0
    assert any("株洲市行业办公室" in p.text for p in read_document(PAGE).paragraphs)


def test_when_a_site_serves_an_html_table_as_xls_then_it_is_read_as_html(tmp_path):
    fake = tmp_path / "自评表.xls"
    fake.write_text("<html><body><table><tr><td>项目支出</td><td>71.98</td></tr></table></body></html>",
                    encoding="utf-8")
    assert sniff_format(fake) == "html"
    assert read_document(fake).tables[0].value_grid() == [["项目支出", "71.98"]]


@pytest.mark.parametrize("path", [XLSX, XLS], ids=["xlsx", "xls"])
def test_when_a_workbook_has_a_title_row_and_merges_then_they_become_caption_and_regions(path):
    doc = read_document(path)
    assert doc.format == path.suffix[1:]
    titles = [t.title for t in doc.tables]
    assert titles == ["2022 年度部门整体支出绩效评价基础数据表", "2022 年度部门整体支出绩效自评表",
                      "2022 年度项目支出绩效自评表", "2022 年度项目支出绩效自评表"]
    # Title rows sit above the table as paragraphs, as in the Word report.
    assert [p.text for p in doc.paragraphs][:3] == ["2022 年度部门整体支出绩效评价基础数据表", "（2022年度）",
                                                   "填报单位（盖章）：株洲市工业和信息化局"]
    txt = read_document(SAMPLE_TXT)
    for a, b in zip(doc.tables, txt.tables):
        assert a.value_grid() == b.value_grid()
    assert any(c.row_span > 1 or c.col_span > 1 for t in doc.tables for c in t.cells)


def test_when_a_workbook_cell_has_a_number_format_then_it_is_printed_as_shown(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "部门整体支出绩效自评表"
    ws.merge_cells("A1:C1")
    for r, (label, v, fmt) in enumerate([("项目", "金额", None), ("基本支出", 2355.3, "0.00"),
                                         ("预算执行率", 0.975, "0.0%"), ("合计", 1234567.891, "#,##0.00")], 2):
        ws.cell(row=r, column=1, value=label)
        ws.cell(row=r, column=2, value=v)
        if fmt:
            ws.cell(row=r, column=2).number_format = fmt
    path = tmp_path / "b.xlsx"
    wb.save(path)
    doc = read_document(path)
    t = doc.tables[0]
    assert t.title == "部门整体支出绩效自评表"
    assert [row[1] for row in t.value_grid()] == ["金额", "2355.30", "97.5%", "1,234,567.89"]


def test_when_markdown_has_markup_then_the_text_is_plain():
    doc = read_document(MD)
    assert doc.format == "md" and len(doc.tables) == 4
    path_text = "\n".join(p.text for p in doc.paragraphs)
    assert "|" not in path_text and "##" not in path_text


def test_when_markdown_escapes_a_pipe_then_the_cell_keeps_it(tmp_path):
    md = tmp_path / "r.md"
    md.write_text("# 2022年度绩效自评报告\n\n**基本支出**2355.31万元，\n项目支出254.36万元。\n\n"
                  "| 项目 | 金额（万元） |\n|---|---:|\n| 基本支出\\|人员 | 2355.31 |\n| [合计](#t) | *2355.31* |\n", encoding="utf-8")
    doc = read_document(md)
    assert [p.text for p in doc.paragraphs] == ["2022年度绩效自评报告", "基本支出2355.31万元，项目支出254.36万元。"]
    assert doc.paragraphs[0].style == "Heading 1"
    assert doc.tables[0].value_grid() == [["项目", "金额（万元）"], ["基本支出|人员", "2355.31"], ["合计", "2355.31"]]


# ------------------------------------------------------------ unreadable ones


def _run(capsys, path):
    code = main([str(path), "--format", "json"])
    err = capsys.readouterr().err.strip().splitlines()
    return code, err


def test_when_a_workbook_is_truncated_then_one_line_and_exit_3(tmp_path, capsys):
    bad = tmp_path / "cut.xlsx"
    bad.write_bytes(XLSX.read_bytes()[: XLSX.stat().st_size // 2])
    code, err = _run(capsys, bad)
    assert code == EXIT_UNREADABLE and len(err) == 1 and "cut.xlsx" in err[0] and "Excel" in err[0]


def test_when_an_xlsx_lacks_its_sheets_then_one_line_and_exit_3(tmp_path, capsys):
    bad = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    code, err = _run(capsys, bad)
    assert code == EXIT_UNREADABLE and len(err) == 1 and "Excel" in err[0]


def test_when_a_workbook_is_password_protected_then_exit_4_in_excel_words(tmp_path, capsys):
    enc = tmp_path / "自评表.xlsx"
    shutil.copy(REPO / "tests" / "fixtures" / "encrypted.docx", enc)  # the same OLE envelope
    code, err = _run(capsys, enc)
    assert code == EXIT_ENCRYPTED and len(err) == 1 and "Excel" in err[0] and "密码" in err[0]


def test_when_an_xls_is_damaged_then_one_line_and_exit_3(tmp_path, capsys):
    bad = tmp_path / "cut.xls"
    data = XLS.read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    code, err = _run(capsys, bad)
    assert code == EXIT_UNREADABLE and len(err) == 1 and "cut.xls" in err[0]


@pytest.mark.parametrize("name, content", [
    ("empty.xlsx", None),
    ("nav-only.html", "<html><body><div class='nav'><a href='/'>首页</a></div><script>x=1</script></body></html>"),
    ("blank.md", "\n\n---\n\n"),
])
def test_when_a_file_has_no_content_then_one_line_and_exit_8(tmp_path, capsys, name, content):
    path = tmp_path / name
    if content is None:
        import openpyxl

        openpyxl.Workbook().save(path)
    else:
        path.write_text(content, encoding="utf-8")
    code, err = _run(capsys, path)
    assert code == EXIT_EMPTY and len(err) == 1 and name in err[0]


_WORD_PAGE_IN_LAYOUT_TABLES = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<!--[if gte mso 9]><xml><o:DocumentProperties>x 100</o:DocumentProperties></xml><![endif]--></head>
<body><table width="980" align="center"><tr><td class="topbg"><a href="/">首页</a> <a href="/a">机构概况</a> <a href="/b">政务公开</a> <a href="/c">政策法规</a> <a href="/d">办事指南</a></td></tr>
<tr><td><table width="100%"><tr><td width="200" valign="top"><a href="/x">通知公告</a><br><a href="/y">预决算公开</a><br><a href="/z">联系我们</a></td>
<td valign="top">
<div class=WordSection1>
<p class=MsoNormal align=center><b><span>平潭综合实验区财政金融局</span></b><b><span lang=EN-US>2022</span></b><b><span>年度部门决算说明</span></b></p>
<p class=MsoNormal><span>一、收入支出决算总体情况说明</span></p>
<p class=MsoNormal><span>本部门</span><span lang=EN-US>2022</span><span>年度收入总计</span><span lang=EN-US>1,234.56</span><span>万元，其中：财政拨款收入</span><span lang=EN-US>1,000.00</span><span>万元，其他收
入</span><span lang=EN-US>234.56</span><span>万元。<o:p></o:p></span></p>
<p class=MsoNormal>单位：万元</p>
<table class=MsoNormalTable border=1><tr><td rowspan=2><p class=MsoNormal>项目</p></td><td colspan=2><p>决算数</p></td></tr>
<tr><td><p>本年</p></td><td><p>上年</p></td></tr>
<tr><td><p>收入总计</p></td><td><p>1,234.56</p></td><td><p>1,100.00</p></td></tr>
<tr><td><p>财政拨款收入</p></td><td><p>1,000.00</p></td><td><p>900.00</p></td></tr>
<tr><td><p>其他收入</p></td><td><p>234.56</p></td><td><p>200.00</p></td></tr></table>
</div></td></tr></table></td></tr>
<tr><td class="bottom">版权所有：平潭综合实验区管委会 闽ICP备12345678号</td></tr></table></body></html>
"""


def test_when_a_word_saved_page_sits_in_layout_tables_then_the_article_and_its_table_are_read(tmp_path):
    # Older sites lay the page out with tables (menu row, side column, footer
    # row) and paste Word's "save as web page" output into a cell; Word's
    # HTML wraps source lines in the middle of Chinese words ("其他收\n入").
    page = tmp_path / "juesuan.htm"
    page.write_text(_WORD_PAGE_IN_LAYOUT_TABLES, encoding="utf-8")
    doc = read_document(page)
    assert [p.text for p in doc.paragraphs] == [
        "平潭综合实验区财政金融局2022年度部门决算说明", "一、收入支出决算总体情况说明",
        "本部门2022年度收入总计1,234.56万元，其中：财政拨款收入1,000.00万元，其他收入234.56万元。", "单位：万元"]
    (t,) = doc.tables
    assert t.value_grid()[:2] == [["项目", "决算数", ""], ["", "本年", "上年"]]
    assert t.grid()[1][0].text == "项目" and t.grid()[0][2].text == "决算数"
