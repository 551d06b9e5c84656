"""Build the web-page, spreadsheet and Markdown fixtures of tests/test_formats.py.

    python scripts/make_format_fixtures.py            # writes tests/fixtures/formats/
    python scripts/make_format_fixtures.py --no-xls   # without LibreOffice

From the bundled sample 004 (samples/004_50f89173955d11d8.*), the same report
as departments publish it in other ways:

- ``004_page.html``: the report as a government site's article page, GB18030
  encoded under ``<meta charset="gb2312">``, wrapped in the site's header,
  menu, breadcrumbs, "字体：大 中 小" and "上一篇/下一篇" bars, a footer with
  网站标识码 and 备案号, and scripts; the tables keep the .docx's merged cells
  as ``rowspan``/``colspan``.
- ``004_自评表.xlsx``: every table of the report on its own sheet, the table's
  caption as a title row merged across the form, a "（2022年度）" row above a
  "填报单位 … 单位：万元" row, merged cells as in the .docx, figures stored as
  numbers with two-decimal or percent number formats.
- ``004_自评表.xls``: the same workbook saved as .xls by LibreOffice
  (``soffice --headless --convert-to xls``), since xlrd reads .xls only and
  nothing in Python writes it.
- ``004_report.md``: the text export as Markdown: headings, paragraphs and
  pipe tables.

The functions are imported by the tests to build the same pages from
other reports (``document_to_html`` and friends).
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from auditor.document import Document, Paragraph, Table  # noqa: E402

OUT = REPO / "tests" / "fixtures" / "formats"
SAMPLE = REPO / "samples" / "004_50f89173955d11d8"

_NAV = """
<div class="header"><div class="logo"><a href="/">株洲市人民政府门户网站</a></div>
<div class="top-links"><a href="/wza">无障碍</a> | <a href="/en">English</a> | <a href="/m">手机版</a></div></div>
<div class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/bsfw">办事服务</a></li>
<li><a href="/hdjl">互动交流</a></li><li><a href="/zjzz">走进株洲</a></li><li><a href="/ztzl">专题专栏 2023</a></li>
</ul></div>
<div class="search"><form action="/search"><input name="q" value="请输入关键字"><button>搜索</button></form></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/czyjs">财政预决算</a> &gt; 部门决算</div>
<script>var visits = 12345; document.write("浏览 " + visits + " 次，共 2609.58 万元");</script>
<style>.content p { text-indent: 2em; } /* 100% */</style>
"""
_ARTICLE_HEAD = """
<div class="article-title"><h1>{title}</h1></div>
<div class="article-info">发布时间：2023-06-01 09:30　来源：{source}　浏览次数：1342　【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
"""
_FOOT = """
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="pages"><p>上一篇：<a href="/a/1.html">株洲市财政局2022年度部门决算公开</a></p>
<p>下一篇：<a href="/a/3.html">关于2023年第一季度财政收支情况的报告</a></p></div>
<div class="print-close"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
<div class="footer"><p>主办：株洲市人民政府办公室　承办：株洲市政府门户网站运行中心</p>
<p>网站标识码：4302000001　湘ICP备05004220号　湘公网安备 43020202000123号</p>
<p>联系电话：0731-28681234　地址：株洲市天元区神农大道1号</p></div>
"""


def _text(block) -> str:
    return block.source_text if block.source_text is not None else block.text


def _cell_html(text: str) -> str:
    return "<br>".join(html.escape(x) for x in text.split("\n"))


def table_html(t: Table, *, merges: bool = True) -> str:
    """A <table> of ``t``; merged regions as rowspan/colspan (or repeated blanks)."""
    rows = []
    for r, row in enumerate(t.rows()):
        tds = []
        for c in row:
            attrs = ""
            if merges and c.row_span > 1:
                attrs += f' rowspan="{c.row_span}"'
            if merges and c.col_span > 1:
                attrs += f' colspan="{c.col_span}"'
            tds.append(f"<td{attrs}>{_cell_html(_text(c))}</td>")
            if not merges:
                tds += ["<td></td>"] * (c.col_span - 1)
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return '<table border="1" cellspacing="0" class="MsoTableGrid">\n' + "\n".join(rows) + "\n</table>"


def document_to_html(doc: Document, *, title: str, source: str = "株洲市工业和信息化局", merges: bool = True) -> str:
    """The report as a government site's article page (site furniture around it)."""
    body = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            tag = "p"
            body.append(f'<{tag} style="text-indent:2em">{html.escape(_text(b))}</{tag}>')
        else:
            body.append(table_html(b, merges=merges))
    return (
        '<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        f"<title>{html.escape(title)}_株洲市人民政府</title></head>\n<body>\n{_NAV}"
        f'<div class="main"><div class="left-menu"><ul><li><a href="/c1">部门预算</a></li>'
        f'<li><a href="/c2">部门决算</a></li><li><a href="/c3">三公经费</a></li></ul></div>'
        f'<div class="article">{_ARTICLE_HEAD.format(title=html.escape(title), source=source)}'
        '<div class="TRS_Editor" id="zoom">\n' + "\n".join(body) + "\n</div></div></div>\n"
        f"{_FOOT}</body></html>\n"
    )


_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.(\d+))?$")
_PERCENT = re.compile(r"^(-?\d+(?:\.(\d+))?)%$")


def _sheet_name(title: str | None, k: int, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\\s]", "", title or "") or f"表{k}"
    name = base[:28]
    n = 2
    while name in used:
        name = f"{base[:26]}{n}"
        n += 1
    used.add(name)
    return name


def document_to_xlsx(doc: Document, path: Path, *, year: str = "2022年度", unit_line: str | None = None) -> None:
    """Every table of ``doc`` on its own sheet, as a 绩效自评表 attachment lays it out."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    if not doc.tables:
        raise ValueError(f"{doc.path} has no tables to put on sheets")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for k, t in enumerate(doc.tables, 1):
        ws = wb.create_sheet(_sheet_name(t.title, k, used))
        width = t.n_cols
        top = [t.title or f"表{k}", f"（{year}）", unit_line or "填报单位（盖章）：株洲市工业和信息化局"]
        for r, text in enumerate(top, 1):
            ws.cell(row=r, column=1, value=text)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.cell(row=1, column=1).font = Font(bold=True, size=14)
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        off = len(top)
        for c in t.cells:
            text = _text(c)
            cell = ws.cell(row=c.row + 1 + off, column=c.col + 1)
            m, pm = _PLAIN_NUMBER.match(text), _PERCENT.match(text)
            if m:
                cell.value = float(text) if m.group(1) else int(text)
                cell.number_format = "0." + "0" * len(m.group(1)) if m.group(1) else "0"
            elif pm:
                cell.value = float(pm.group(1)) / 100
                cell.number_format = "0." + "0" * len(pm.group(2)) + "%" if pm.group(2) else "0%"
            else:
                cell.value = text or None
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if c.row_span > 1 or c.col_span > 1:
                ws.merge_cells(start_row=c.row + 1 + off, start_column=c.col + 1,
                               end_row=c.row + off + c.row_span, end_column=c.col + c.col_span)
    wb.save(path)


def xlsx_to_xls(xlsx: Path, xls: Path) -> None:
    """Save ``xlsx`` as .xls with LibreOffice (a private profile, a timeout)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice not found: install libreoffice-calc, or pass --no-xls")
    with tempfile.TemporaryDirectory(prefix="fixtures-xls-") as tmp:
        src = Path(tmp) / "book.xlsx"
        shutil.copyfile(xlsx, src)
        subprocess.run([soffice, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
                        "--norestore", "--convert-to", "xls", "--outdir", str(Path(tmp) / "out"), str(src)],
                       check=True, timeout=180, capture_output=True)
        shutil.copyfile(Path(tmp) / "out" / "book.xls", xls)


_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")


def _md_text(text: str) -> str:
    """Text that Markdown reads back as itself: inline markup characters escaped."""
    return _MD_INLINE.sub(r"\\\1", text)


def _md_cell(text: str) -> str:
    return "<br>".join(_md_text(x) for x in text.split("\n")) or " "


def document_to_markdown(doc: Document) -> str:
    """The report as Markdown: top-level headings as ##, tables as pipe tables."""
    out = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            text = _md_text(_text(b))
            # Not Markdown syntax: "1." / "2)" would start a list, "#" a heading, "-" a bullet.
            text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
            text = re.sub(r"^([#>*+\-=])", r"\\\1", text)
            if re.match(r"^[一二三四五六七八九十]+、", text) and len(text) < 30:
                out += [f"## {text}", ""]
            else:
                out += [text, ""]
        else:
            grid = [[""] * b.n_cols for _ in range(b.n_rows)]
            for c in b.cells:
                grid[c.row][c.col] = _text(c)
            out.append("| " + " | ".join(_md_cell(x) for x in grid[0]) + " |")
            out.append("|" + "---|" * b.n_cols)
            for row in grid[1:]:
                out.append("| " + " | ".join(_md_cell(x) for x in row) + " |")
            out.append("")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--no-xls", action="store_true", help="skip the .xls (needs LibreOffice)")
    a = ap.parse_args()
    from auditor.ingest import read_document

    a.out.mkdir(parents=True, exist_ok=True)
    docx_doc = read_document(SAMPLE.with_suffix(".docx"))
    txt_doc = read_document(SAMPLE.with_suffix(".txt"))
    title = "株洲市工业和信息化局2022年度部门整体支出绩效自评报告"
    (a.out / "004_page.html").write_bytes(document_to_html(docx_doc, title=title).encode("gb18030"))
    document_to_xlsx(docx_doc, a.out / "004_自评表.xlsx")
    if not a.no_xls:
        xlsx_to_xls(a.out / "004_自评表.xlsx", a.out / "004_自评表.xls")
    (a.out / "004_report.md").write_text(document_to_markdown(txt_doc), encoding="utf-8")
    for p in sorted(a.out.iterdir()):
        print(p.relative_to(REPO), p.stat().st_size)


if __name__ == "__main__":
    main()
