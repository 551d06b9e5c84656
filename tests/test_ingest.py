"""Reading reports: text, Word and PDF readers, the dispatcher and its errors.

Fragments are copied from the seed reports in samples/ (plain-text exports
of real reports); Word files are built here with python-docx; PDFs come from
../shared/corpus/pdf (skipped when absent) or are assembled byte by byte.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.document import Paragraph, Table
from auditor.errors import (
    AuditorError,
    EmptyInputError,
    EncodingError,
    EncryptedError,
    NoTextLayerError,
    TooLargeError,
    UnreadableError,
    UnsupportedFormatError,
)
from auditor.ingest import read_document
from auditor.ingest.docx import resolve_anchor
from auditor.ingest.text import decode_text, parse_text

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
CORPUS_PDF = REPO.parent / "shared" / "corpus" / "pdf"
PUTUO_2025 = CORPUS_PDF / "11_shanghai-putuo-zhengfuban-2025-yusuan.pdf"

# --------------------------------------------------------------- fragments

# 000: 部门整体支出绩效评价基础数据表, layout A (one cell per TAB-led line).
A_BASIC_DATA = (
    "部门整体支出绩效评价基础数据表  \n\n填报单位（盖章）：衡阳市工业企业改制服务办公室\n   \n单位：万元\n"
    "\t财政供养人员情况\n\t编制数\n\t2021年实际在职人数\n\t控制率\n\n"
    "\t\n\t94\u3000\n\t45\u3000\n\t48%\u3000\n\n"
    "\t经费控制情况\n\t2020年决算数\n\t2021年预算数\n\t2021年决算数\n\n"
    "\t一、部门基本支出\n\t2354.8\n\t1925.25\n\t2558.63\n\n"
    "\t其中：公用经费\n\t140.47\n\t177.35\n\t159.26\n\n"
    "\t厉行节约保障措施\n\t\u3000节约用水用电、加强车辆管理、节约办公经费、从严控制会议和接待费开支、加强因公出差管理等\n\n\n"
    "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，包括业务工作项目、运行维护项目和市级专项资金等；"
    "“公用经费”填报基本支出中的一般商品和服务支出。\n\n"
    "填表人：       填报日期：        联系电话：       单位负责人签字：\n附件3\n"
)

# 000: multi-line cells whose paragraphs are separated by empty lines.
A_MULTILINE = (
    "\t部门名称\n\t衡阳市工业企业改制服务办公室 \u3000\n\t执行数\n\t资金执行率\n\t分值\n\t得分\n\n"
    "\t年度预算\n\n申请（万元）\n\t资金总额：2778.76\n\t2778.76\n\t100%\n\t10\n\t10\n\n"
    "\t部门整体支出年度绩效指标\n\t一级指标\n\t二级指标\n\t三级指标\n\t年度\n\n指标值\n\t实际\n\n完成值\n"
    "\t分值\n\t得分\n\t偏差原因\n\n分析及\n\n改进措施\n\n"
    "\t\n\t产出\n\n指标\n\n(50分)\n\t数量指标\n\t接待职工上访批次人数\n\t\u3000  210批次300余人\n"
    "\t\u3000\u3000210批次300余人\n\t\u30005\n\t\u30005\n\t\u3000\n\n\n"
    "填表人：       填报日期：        联系电话：       单位负责人签字：\n"
)

# 003: signature rows with right-aligned lines, then a paragraph, then a
# one-cell table followed by narrative.
A_SIGNATURES = (
    "\t刘峰\n\t办公室主任\n\t区厂地协作服务中心\n\t\n\n"
    "\t评价组组长（签字）：\n\n\n\n\n\n" + " " * 63 + "年    月    日\n\n"
    "\t部门（单位）意见：\n\n\n\n\n" + " " * 41 + "部门（单位）负责人（签章）：\n" + " " * 63 + "年    月    日\n\n"
    "\t财政部门归口业务科室意见：\n\n\n\n\n" + " " * 34 + "财政部门归口业务科室负责人（签章）：\n"
    + " " * 65 + "年    月   日\n\n\n"
    "填报人（签名）：                          联系电话：\n"
    "\t五、评价报告综述（文字部分）\n\n"
    "区厂地协作服务中心2021年度部门整体支出绩效自评报告\n一、部门概况\n（一）部门基本情况\n"
    "岳阳市岳阳楼区厂地协作服务中心2021年度主要任务和目标是完成国有企业退休人员社会移交；"
    "处理好12345市、区政府信访督办件、协调厂地与群众关系以及疫情防控转运工作。现在职人员14人。\n"
)

# 004: layout B (TAB-separated rows), with leading and trailing empty cells.
B_BASIC_DATA = (
    "附件 1-1\n\n2022 年度部门整体支出绩效评价基础数据表\n\n"
    "财政供养人员情况(人)\t编制数\t\t2022 年实际在职人数\t\t控制率\t\n"
    "\t26\t\t25\t\t96%\t\n"
    "经费控制情况(万元)\t2021 年决算数\t\t2022 年预算数\t\t2022 年决算数\t\n"
    "三公经费\t10.31\t\t30.5\t\t11.99\t\n"
    "楼堂馆所控制情况 (2022 年完工项目)\t批复规模 (m ²)\t实际规模 (m ²)\t规模控制 率\t预算投资 (万元)\t实际投资 (万元)\t投资概 算控制 率\n"
    "\t0\t0\t0\t0\t0\t0\n"
    "厉行节约保障措施\t\t\t\t\t\t\n"
    "\t\t\t\t\t\n"  # a short row: 6 cells in a 7-wide table
    "\n说明:“项目支出”需要填报基本支出以外的所有项目支出情况,“公用经费”填报基本支出中的一般商品和服务支出。\n"
)


def write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return p


def table_rows(table: Table) -> list[list[str]]:
    return table.value_grid()


# ------------------------------------------------------------ text: layout A


def test_when_text_uses_tab_led_cells_then_rows_split_on_empty_lines():
    doc = parse_text(A_BASIC_DATA)
    assert doc.meta["layout"] == "A"
    (table,) = doc.tables
    assert table.title == "部门整体支出绩效评价基础数据表"
    assert (table.n_rows, table.n_cols) == (6, 4)
    grid = table_rows(table)
    assert grid[0] == ["财政供养人员情况", "编制数", "2021年实际在职人数", "控制率"]
    assert grid[1] == ["", "94", "45", "48%"]  # an empty leading cell keeps its position
    assert grid[3] == ["一、部门基本支出", "2354.8", "1925.25", "2558.63"]
    assert grid[5][0] == "厉行节约保障措施"


def test_when_a_text_row_is_short_then_its_last_cell_spans_the_width():
    (table,) = parse_text(A_BASIC_DATA).tables
    last = [c for c in table.cells if c.row == 5]
    assert [(c.col, c.col_span) for c in last] == [(0, 1), (1, 3)]
    assert last[1].text.startswith("节约用水用电")  # full-width padding stripped


def test_when_two_empty_lines_follow_a_table_then_the_next_line_is_a_paragraph():
    doc = parse_text(A_BASIC_DATA)
    texts = [p.text for p in doc.paragraphs]
    assert texts[-3].startswith("说明：“项目支出”")
    assert texts[-2].startswith("填表人：")
    assert texts[-1] == "附件3"
    assert texts[0] == "部门整体支出绩效评价基础数据表"  # trailing spaces stripped
    assert "单位：万元" in texts


def test_when_cell_paragraphs_are_separated_by_empty_lines_then_they_stay_one_cell():
    (table,) = parse_text(A_MULTILINE).tables
    grid = table_rows(table)
    assert grid[1][:3] == ["年度预算\n申请（万元）", "资金总额：2778.76", "2778.76"]
    assert grid[2][4:6] == ["年度\n指标值", "实际\n完成值"]
    assert grid[2][8] == "偏差原因\n分析及\n改进措施"
    assert grid[3][:4] == ["", "产出\n指标\n(50分)", "数量指标", "接待职工上访批次人数"]
    assert grid[3][4] == "210批次300余人"
    assert table.n_rows == 4


def test_when_a_form_cell_holds_right_aligned_signature_lines_then_they_stay_in_the_cell():
    doc = parse_text(A_SIGNATURES)
    first, second = doc.tables
    grid = table_rows(first)
    assert grid[1][0] == "评价组组长（签字）：\n年    月    日"
    assert grid[2][0] == "部门（单位）意见：\n部门（单位）负责人（签章）：\n年    月    日"
    assert grid[3][0].startswith("财政部门归口业务科室意见：\n财政部门归口业务科室负责人（签章）：")
    assert doc.paragraphs[0].text.startswith("填报人（签名）：")


def test_when_narrative_follows_a_one_cell_table_then_the_table_ends():
    doc = parse_text(A_SIGNATURES)
    second = doc.tables[1]
    assert table_rows(second) == [["五、评价报告综述（文字部分）"]]
    texts = [p.text for p in doc.paragraphs]
    assert texts[1:4] == ["区厂地协作服务中心2021年度部门整体支出绩效自评报告", "一、部门概况", "（一）部门基本情况"]
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds[:4] == ["Table", "Paragraph", "Table", "Paragraph"]


def test_when_text_is_read_then_blocks_carry_line_anchors_and_locations():
    doc = parse_text(A_BASIC_DATA)
    (table,) = doc.tables
    cell = table.grid()[3][3]
    assert cell.text == "2558.63"
    assert cell.location.label() == "表1 第4行 第4列"
    assert cell.location.anchor == "line:24"
    assert doc.paragraphs[0].location.label() == "第1段"
    assert [b.order for b in doc.blocks] == list(range(len(doc.blocks)))


# ------------------------------------------------------------ text: layout B


def test_when_text_uses_tab_separated_rows_then_each_line_is_a_row():
    doc = parse_text(B_BASIC_DATA)
    assert doc.meta["layout"] == "B"
    (table,) = doc.tables
    assert table.title == "2022 年度部门整体支出绩效评价基础数据表"
    assert (table.n_rows, table.n_cols) == (8, 7)
    grid = table_rows(table)
    assert grid[0] == ["财政供养人员情况(人)", "编制数", "", "2022 年实际在职人数", "", "控制率", ""]
    assert grid[1] == ["", "26", "", "25", "", "96%", ""]
    assert grid[3][:2] == ["三公经费", "10.31"]
    assert grid[4][6] == "投资概 算控制 率"
    short = [c for c in table.cells if c.row == 7]
    assert short[-1].col == 5 and short[-1].col_span == 2
    assert doc.paragraphs[-1].text.startswith("说明:")


# --------------------------------------------------------------- encodings

ENCODING_FRAGMENT = A_BASIC_DATA


@pytest.mark.parametrize(
    "encoding,prefix",
    [
        ("utf-8-sig", b""),
        ("gb18030", b""),
        ("gbk", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),  # no BOM: recognised by where the NUL bytes sit
        ("utf-16-be", b""),
    ],
)
def test_when_the_same_report_is_saved_in_another_encoding_then_the_document_is_equal(tmp_path, encoding, prefix):
    reference = read_document(write(tmp_path, "utf8.txt", ENCODING_FRAGMENT))
    other = read_document(write(tmp_path, "other.txt", prefix + ENCODING_FRAGMENT.encode(encoding)))
    assert other.blocks == reference.blocks
    assert other.meta["layout"] == reference.meta["layout"] == "A"


def test_when_windows_line_endings_are_used_then_the_document_is_equal(tmp_path):
    reference = read_document(write(tmp_path, "lf.txt", ENCODING_FRAGMENT))
    crlf = read_document(write(tmp_path, "crlf.txt", ENCODING_FRAGMENT.replace("\n", "\r\n")))
    assert crlf.blocks == reference.blocks


def test_when_bytes_are_no_known_encoding_then_encoding_error(tmp_path):
    # Invalid in UTF-8 and in GB18030 (0x80 and 0xFF are never lead bytes).
    data = ("预算执行率".encode("utf-8") + b"\x80\xff\x80\xff\n") * 50
    with pytest.raises(EncodingError):
        decode_text(data)


def test_when_text_is_gbk_then_the_encoding_is_reported(tmp_path):
    doc = read_document(write(tmp_path, "gbk.txt", "基本支出2558.63万元。\n", encoding="gbk"))
    assert doc.meta["encoding"] == "gb18030"
    assert doc.paragraphs[0].text == "基本支出2558.63万元。"


# ------------------------------------------------------------------- docx


def _docx_bytes(document: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_when_a_word_table_has_horizontal_and_vertical_merges_then_spans_are_resolved(tmp_path):
    d = docx.Document()
    d.add_paragraph("部门整体支出绩效自评表")
    t = d.add_table(rows=4, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "年度预算申请"
    t.cell(1, 0).merge(t.cell(3, 0)).text = "产出指标"
    for r, (a, b) in enumerate([("数量指标", "5"), ("质量指标", "5"), ("时效指标", "4")], start=1):
        t.cell(r, 1).text, t.cell(r, 2).text = a, b
    doc = read_document(write(tmp_path, "merged.docx", _docx_bytes(d)))
    (table,) = doc.tables
    assert table.title == "部门整体支出绩效自评表"
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in table.cells}
    assert spans[(0, 0)] == (1, 3)
    assert spans[(1, 0)] == (3, 1)
    assert len(table.cells) == 8
    assert table.value_grid() == [
        ["年度预算申请", "", ""],
        ["产出指标", "数量指标", "5"],
        ["", "质量指标", "5"],
        ["", "时效指标", "4"],
    ]
    assert table.grid()[3][0].text == "产出指标"
    assert table.grid()[2][0].location.label() == "表1 第2行 第1列"


def test_when_a_word_row_skips_grid_columns_then_cells_keep_their_grid_positions(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for k, text in enumerate(["合计", "100", "97"]):
        t.cell(0, k).text = text
    row = t.rows[1]._tr
    row.remove(row.tc_lst[0])  # the row starts one grid column in ...
    row.remove(row.tc_lst[-1])  # ... and stops one short
    trPr = row.get_or_add_trPr()
    trPr.append(parse_xml(f'<w:gridBefore {nsdecls("w")} w:val="1"/>'))
    trPr.append(parse_xml(f'<w:gridAfter {nsdecls("w")} w:val="1"/>'))
    row.tc_lst[0].clear_content()
    row.tc_lst[0].append(parse_xml(f'<w:p {nsdecls("w")}><w:r><w:t>96</w:t></w:r></w:p>'))
    doc = read_document(write(tmp_path, "grid.docx", _docx_bytes(d)))
    (table,) = doc.tables
    assert table.n_cols == 3
    assert table.value_grid() == [["合计", "100", "97"], ["", "96", ""]]
    cell = table.grid()[1][1]
    assert cell.location.anchor.endswith("/r:1/c:1")


def test_when_a_word_table_is_nested_then_it_follows_its_parent_with_nested_in(tmp_path):
    d = docx.Document()
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "项目资金（万元）"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "年初预算数", "228.13"
    d.add_paragraph("说明：以上为决算数。")
    doc = read_document(write(tmp_path, "nested.docx", _docx_bytes(d)))
    parent, child = doc.tables
    assert child.nested_in == parent.index and parent.nested_in is None
    assert child.value_grid() == [["年初预算数", "228.13"]]
    assert parent.value_grid() == [["项目资金（万元）", ""]]  # the nested table's text is its own
    assert [type(b) for b in doc.blocks] == [Table, Table, Paragraph]
    body = docx.Document(str(tmp_path / "nested.docx")).element.body
    assert resolve_anchor(body, child.grid()[0][1].location.anchor).tag == qn("w:tc")


def test_when_a_word_paragraph_has_line_breaks_and_a_content_control_then_text_is_kept(tmp_path):
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("一、部门基本情况").add_break()
    p.add_run("（一）主要职能")
    sdt = parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent>'
        "<w:p><w:r><w:t>编制数94人，在职45人。</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>已删除</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    deleted = sdt.find(qn("w:sdtContent"))[1]
    run = deleted.find(qn("w:r"))
    wrapper = parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="x"/>')
    deleted.remove(run)
    wrapper.append(run)
    deleted.append(wrapper)
    d.element.body.insert(1, sdt)
    doc = read_document(write(tmp_path, "sdt.docx", _docx_bytes(d)))
    texts = [(para.text, para.location.anchor) for para in doc.paragraphs]
    assert texts == [("一、部门基本情况\n（一）主要职能", "p:0"), ("编制数94人，在职45人。", "sdt:1/p:0")]
    body = docx.Document(str(tmp_path / "sdt.docx")).element.body
    assert resolve_anchor(body, "sdt:1/p:0").tag == qn("w:p")


def test_when_the_word_file_is_macro_enabled_then_it_is_still_read(tmp_path):
    d = docx.Document()
    d.add_paragraph("基本支出2558.63万元。")
    src = zipfile.ZipFile(io.BytesIO(_docx_bytes(d)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            dst.writestr(info, data)
    doc = read_document(write(tmp_path, "macro.docm", out.getvalue()))
    assert [p.text for p in doc.paragraphs] == ["基本支出2558.63万元。"]


# -------------------------------------------------------------------- PDF


@pytest.fixture(scope="module")
def putuo_pdf():
    if not PUTUO_2025.exists():
        pytest.skip("corpus PDF not available")
    return read_document(PUTUO_2025)


def test_when_a_pdf_has_ruled_tables_then_figures_land_in_table_cells(putuo_pdf):
    doc = putuo_pdf
    assert doc.format == "pdf" and doc.meta["pages"] == 22
    income = next(t for t in doc.tables if t.title == "2025年部门收入预算总表")
    cells = {c.text: c for c in reversed(income.cells)}  # first occurrence wins
    total = cells["82,096,797.42"]
    assert total.location.page == 9
    assert income.grid()[total.row][3].text == "一般公共服务支出"
    header = cells["功能分类科目编码"]
    assert (header.row_span, header.col_span) == (1, 3)  # a merged header cell, spans from None cells
    assert cells["事业单位经营收入"].col_span == 1  # wrapped header text joined


def test_when_a_pdf_paragraph_wraps_then_lines_are_joined_into_one_paragraph(putuo_pdf):
    para = next(p for p in putuo_pdf.paragraphs if p.text.startswith("2025年，上海市普陀区人民政府办公室收入预算"))
    assert "比2024年预算减少2,389.52万元；事业收入0万元" in para.text
    assert para.text.endswith("其他收入0万元。")
    assert para.location.page == 6 and para.location.label() == f"第6页 第{para.index}段"


def _make_pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


_PDF_PAGE = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


def test_when_a_pdf_has_no_text_layer_then_no_text_layer_error(tmp_path):
    with pytest.raises(NoTextLayerError) as err:
        read_document(write(tmp_path, "scan.pdf", _make_pdf(_PDF_PAGE)))
    assert "扫描件" in err.value.message()


def test_when_a_pdf_needs_a_password_then_encrypted_error(tmp_path):
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"
    pdf = _make_pdf(_PDF_PAGE + [encrypt], b"/Encrypt 4 0 R /ID [<" + b"33" * 16 + b"><" + b"33" * 16 + b">] ")
    with pytest.raises(EncryptedError):
        read_document(write(tmp_path, "locked.pdf", pdf))


def test_when_a_pdf_is_damaged_then_unreadable_error(tmp_path):
    with pytest.raises(UnreadableError) as err:
        read_document(write(tmp_path, "broken.pdf", b"%PDF-1.4\ngarbage"))
    assert "PDF 文件已损坏" in err.value.message()


# ---------------------------------------------------------- OLE containers


def _make_ole(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (v3, 512-byte sectors, no mini stream)."""
    endofchain, freesect, fatsect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    names = list(streams)
    datas = [streams[n].ljust(4096, b"\0") for n in names]  # >= cutoff: regular sectors only
    fat, starts = [fatsect, endofchain], []
    for data in datas:
        start, count = len(fat), len(data) // 512
        starts.append(start)
        fat += [start + i + 1 for i in range(count - 1)] + [endofchain]
    fat += [freesect] * (128 - len(fat))
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<9I", header, 0x28, 0, 1, 1, 0, 4096, endofchain, 0, endofchain, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([freesect] * 108))

    def entry(name: str, kind: int, child: int = nostream, right: int = nostream, start: int = endofchain, size: int = 0):
        e = bytearray(128)
        raw = name.encode("utf-16-le") + b"\0\0"
        e[: len(raw)] = raw
        struct.pack_into("<HBB", e, 0x40, len(raw), kind, 1)
        struct.pack_into("<III", e, 0x44, nostream, right, child)
        struct.pack_into("<II", e, 0x74, start, size)
        return bytes(e)

    entries = [entry("Root Entry", 5, child=1)]
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else nostream
        entries.append(entry(name, 2, right=right, start=starts[i], size=len(datas[i])))
    directory = b"".join(entries).ljust(512, b"\0")
    return bytes(header) + struct.pack("<128I", *fat) + directory + b"".join(datas)


def _fib(flags: int = 0) -> bytes:
    return struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0, 0, flags)


def test_when_a_docx_is_password_protected_then_encrypted_error(tmp_path):
    ole = _make_ole({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x00" * 64})
    with pytest.raises(EncryptedError) as err:
        read_document(write(tmp_path, "报告.docx", ole))
    assert err.value.exit_code == 4 and "密码" in err.value.message()


def test_when_an_old_doc_is_password_protected_then_encrypted_error(tmp_path):
    with pytest.raises(EncryptedError):
        read_document(write(tmp_path, "old.doc", _make_ole({"WordDocument": _fib(0x0100), "1Table": b"x"})))


def test_when_an_old_doc_is_given_without_libreoffice_then_unsupported_format(tmp_path, monkeypatch):
    import auditor.ingest.doc as doc_reader

    monkeypatch.setattr(doc_reader.shutil, "which", lambda name: None)
    with pytest.raises(UnsupportedFormatError) as err:
        read_document(write(tmp_path, "old.doc", _make_ole({"WordDocument": _fib(), "1Table": b"x"})))
    assert "另存为 .docx" in err.value.message()


def test_when_an_ole_file_is_neither_word_nor_excel_then_unsupported_format(tmp_path):
    with pytest.raises(UnsupportedFormatError) as err:
        read_document(write(tmp_path, "deck.ppt", _make_ole({"PowerPoint Document": b"x"})))
    assert "PowerPoint" in err.value.message()


def test_when_an_xls_workbook_stream_is_damaged_then_unreadable_with_excel_advice(tmp_path):
    # .xls is read now (tests/test_formats.py); a broken Workbook stream is damage, not a format we lack.
    with pytest.raises(UnreadableError) as err:
        read_document(write(tmp_path, "book.xls", _make_ole({"Workbook": b"x"})))
    assert "Excel" in err.value.message()


# ------------------------------------------------------------------ errors


def test_when_the_file_is_empty_then_empty_input_error(tmp_path):
    with pytest.raises(EmptyInputError):
        read_document(write(tmp_path, "empty.docx", b""))


def test_when_a_text_file_has_only_blank_lines_then_empty_input_error(tmp_path):
    with pytest.raises(EmptyInputError):
        read_document(write(tmp_path, "blank.txt", "\n   \n\u3000\n"))


def test_when_a_docx_is_truncated_then_unreadable_error(tmp_path):
    d = docx.Document()
    d.add_paragraph("基本支出2558.63万元。")
    data = _docx_bytes(d)
    with pytest.raises(UnreadableError) as err:
        read_document(write(tmp_path, "cut.docx", data[: len(data) // 2]))
    assert err.value.message().endswith("文件已损坏或不是有效的 Word 文档，请重新导出为 .docx 后再试")


def test_when_a_zip_is_not_a_word_document_then_a_clear_error(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("notes.txt", "hello")
    with pytest.raises(UnreadableError):
        read_document(write(tmp_path, "fake.docx", buf.getvalue()))
    with pytest.raises(UnsupportedFormatError):
        read_document(write(tmp_path, "archive.zip", buf.getvalue()))
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    # A workbook is read now (tests/test_formats.py): one without its parts is damaged.
    with pytest.raises(UnreadableError) as err:
        read_document(write(tmp_path, "book.xlsx", xlsx.getvalue()))
    assert "Excel" in err.value.message()


def test_when_the_bytes_are_random_then_unreadable_error(tmp_path):
    data = bytes((i * 7919 + 13) % 256 for i in range(4096))
    with pytest.raises(UnreadableError):
        read_document(write(tmp_path, "noise.bin", data))


def test_when_a_text_file_is_named_docx_then_unreadable_error(tmp_path):
    with pytest.raises(UnreadableError) as err:
        read_document(write(tmp_path, "report.docx", "基本支出2558.63万元。\n"))
    assert ".txt" in err.value.message()


def test_when_the_file_is_missing_then_unreadable_error(tmp_path):
    with pytest.raises(UnreadableError):
        read_document(tmp_path / "nope.txt")


def test_when_a_zip_member_is_a_compression_bomb_then_too_large(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (4 * 1024 * 1024))  # ~1000:1
    with pytest.raises(TooLargeError) as err:
        read_document(write(tmp_path, "bomb.docx", buf.getvalue()))
    assert err.value.exit_code == 7


def test_when_a_zip_expands_beyond_the_total_limit_then_too_large(tmp_path, monkeypatch):
    import auditor.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_ZIP_UNCOMPRESSED", 10_000)
    d = docx.Document()
    d.add_paragraph("基本支出" * 3000)
    with pytest.raises(TooLargeError):
        read_document(write(tmp_path, "big.docx", _docx_bytes(d)))


def test_when_the_file_exceeds_the_size_limit_then_too_large(tmp_path, monkeypatch):
    import auditor.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_INPUT_BYTES", 100)
    with pytest.raises(TooLargeError):
        read_document(write(tmp_path, "long.txt", "基本支出2558.63万元。\n" * 20))


def test_when_any_reader_fails_then_only_auditor_errors_escape(tmp_path, monkeypatch):
    import auditor.ingest.text as text_reader

    def boom(*args, **kwargs):
        raise ValueError("unexpected")

    monkeypatch.setattr(text_reader, "parse_text", boom)
    with pytest.raises(AuditorError) as err:
        read_document(write(tmp_path, "r.txt", "基本支出\n"))
    assert type(err.value) is UnreadableError


# ------------------------------------------------------------------ samples


def _sample_pairs() -> list[Path]:
    return sorted(p for p in SAMPLES.glob("*.txt") if p.with_suffix(".docx").exists())


@pytest.mark.parametrize("txt", _sample_pairs(), ids=lambda p: p.stem[:12])
def test_when_a_sample_is_read_as_text_and_as_word_then_paragraphs_and_tables_agree(txt):
    from_text = read_document(txt)
    from_word = read_document(txt.with_suffix(".docx"))
    assert [p.text for p in from_word.paragraphs] == [p.text for p in from_text.paragraphs]
    assert [t.value_grid() for t in from_word.tables] == [t.value_grid() for t in from_text.tables]
    assert [t.title for t in from_word.tables] == [t.title for t in from_text.tables]
    assert [type(b) for b in from_word.blocks] == [type(b) for b in from_text.blocks]


def test_when_samples_are_listed_then_all_five_seeds_and_the_clean_report_are_there():
    names = {p.name for p in _sample_pairs()}
    assert len([n for n in names if n[:3].isdigit()]) == 5
    assert "clean_部门整体支出绩效自评报告.txt" in names


def test_when_a_word_sample_is_read_then_every_anchor_resolves_to_its_text():
    path = SAMPLES / "000_e4b7451ca6ac423e.docx"
    doc = read_document(path)
    body = docx.Document(str(path)).element.body
    for text, loc in doc.iter_text():
        el = resolve_anchor(body, loc.anchor)
        assert el is not None, loc
        found = "".join(t.text or "" for t in el.iter(qn("w:t")))
        assert text.replace("\n", "") in found.replace("\n", ""), loc


def test_when_the_clean_sample_is_read_then_its_tables_foot():
    from decimal import Decimal

    doc = read_document(SAMPLES / "clean_部门整体支出绩效自评报告.txt")
    basic, score = doc.tables
    rows = {r[0]: [Decimal(v) for v in r[1:]] for r in basic.value_grid()[3:-1]}

    def foots(total: str, parts: list[str]) -> bool:
        return all(sum(rows[p][k] for p in parts) == rows[total][k] for k in range(3))

    assert foots("部门整体支出合计", ["一、部门基本支出", "二、部门项目支出"])
    assert foots("一、部门基本支出", ["其中：人员经费", "公用经费"])
    assert foots("公用经费", ["其中：办公经费", "水费、电费、差旅费", "会议费、培训费", "其他商品和服务支出"])
    assert foots("三公经费", ["1、公务用车购置和维护经费", "2、出国经费", "3、公务接待"])
    assert foots("二、部门项目支出", ["公共资源交易平台运维经费", "评标专家库建设经费", "交易场所安保保洁经费", "电子档案数字化项目"])
    grid = score.value_grid()
    indicators = [r for r in grid if r[0] == "" and r[3] and r[6].isdigit()]
    budget_row = next(r for r in grid if r[0].startswith("年度预算"))
    total_row = next(r for r in grid if r[0] == "总分")
    assert sum(Decimal(r[6]) for r in indicators) + Decimal(budget_row[4]) == Decimal(total_row[6]) == 100
    assert sum(Decimal(r[7]) for r in indicators) + Decimal(budget_row[6]) == Decimal(total_row[7])


# ------------------------------------------------------------- read-only


@pytest.mark.parametrize("name", ["000_e4b7451ca6ac423e.txt", "000_e4b7451ca6ac423e.docx"])
def test_when_a_file_is_read_then_its_bytes_and_mtime_are_unchanged(tmp_path, name):
    src = tmp_path / name
    src.write_bytes((SAMPLES / name).read_bytes())
    os.utime(src, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = (src.read_bytes(), src.stat().st_mtime_ns)
    read_document(src)
    assert (src.read_bytes(), src.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no lock or temp files left


def test_when_a_pdf_is_read_then_it_is_unchanged(tmp_path):
    if not PUTUO_2025.exists():
        pytest.skip("corpus PDF not available")
    before = (PUTUO_2025.read_bytes(), PUTUO_2025.stat().st_mtime_ns)
    read_document(PUTUO_2025)
    assert (PUTUO_2025.read_bytes(), PUTUO_2025.stat().st_mtime_ns) == before


# ---------------------------------------------------------------- properties

_CELL = st.text(alphabet="预算执行率合计万元0123456789.%（）", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_CELL, min_size=1, max_size=5), min_size=1, max_size=6))
def test_when_any_table_is_written_in_either_layout_then_the_grid_comes_back(rows):
    width = max(len(r) for r in rows)
    expected = [r + [""] * (width - len(r)) for r in rows]
    layout_a = "说明文字\n" + "\n\n".join("\n".join("\t" + c for c in r) for r in rows) + "\n\n\n填表人：\n"
    layout_b = "说明文字\n" + "\n".join("\t".join(r) + ("\t" if len(r) == 1 else "") for r in rows) + "\n填表人：\n"
    expected_b = [r + ([""] if len(r) == 1 else []) for r in rows]
    width_b = max(len(r) for r in expected_b)
    expected_b = [r + [""] * (width_b - len(r)) for r in expected_b]
    for text, want in ((layout_a, expected), (layout_b, expected_b)):
        doc = parse_text(text)
        assert [p.text for p in doc.paragraphs] == ["说明文字", "填表人："]
        (table,) = doc.tables
        assert table.value_grid() == want


# ------------------------------------------------------------ .doc via soffice


def _fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "bin" / "soffice"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return str(script)


def test_when_libreoffice_converts_an_old_doc_then_the_original_is_reported_and_untouched(tmp_path, monkeypatch):
    import auditor.ingest.doc as doc_reader

    d = docx.Document()
    d.add_paragraph("2021年我办基本支出2558.63万元。")
    converted = write(tmp_path, "converted.docx", _docx_bytes(d))
    fake = _fake_soffice(
        tmp_path,
        'out=""; prev=""\nfor a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done\n'
        f'mkdir -p "$out" && cp "{converted}" "$out/input.docx"\n',
    )
    monkeypatch.setattr(doc_reader.shutil, "which", lambda name: fake if name == "soffice" else None)
    original = write(tmp_path, "old.doc", _make_ole({"WordDocument": _fib(), "1Table": b"x"}))
    before = original.read_bytes()
    doc = read_document(original)
    assert doc.format == "doc" and doc.path == str(original)
    assert [p.text for p in doc.paragraphs] == ["2021年我办基本支出2558.63万元。"]
    assert original.read_bytes() == before


def test_when_libreoffice_hangs_then_the_conversion_times_out(tmp_path, monkeypatch):
    import auditor.ingest.doc as doc_reader

    fake = _fake_soffice(tmp_path, "sleep 30\n")
    monkeypatch.setattr(doc_reader.shutil, "which", lambda name: fake if name == "soffice" else None)
    monkeypatch.setattr(doc_reader, "CONVERT_TIMEOUT_S", 0.5)
    with pytest.raises(UnreadableError) as err:
        read_document(write(tmp_path, "old.doc", _make_ole({"WordDocument": _fib(), "1Table": b"x"})))
    assert "超时" in err.value.message()


def test_when_a_word_file_declares_entities_then_they_are_never_expanded(tmp_path):
    d = docx.Document()
    d.add_paragraph("PLACEHOLDER")
    src = zipfile.ZipFile(io.BytesIO(_docx_bytes(d)))
    xml = src.read("word/document.xml").decode()
    head = xml.index("?>") + 2
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY big "EXPANDED">]>'
    xml = (xml[:head] + doctype + xml[head:]).replace("PLACEHOLDER", "基本&xxe;支出&big;2558.63")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, xml if info.filename == "word/document.xml" else src.read(info.filename))
    doc = read_document(write(tmp_path, "entities.docx", out.getvalue()))
    assert [p.text for p in doc.paragraphs] == ["基本支出2558.63"]


def test_pdf_digits_on_a_lower_baseline_stay_in_their_sentence():
    # corpus PDF 05 sets digits in Arial ~6 pt below the FangSong text of the same line
    pdf = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf" / "05_shanghai-putuo-caizhengju-2024-juesuan.pdf"
    if not pdf.exists():
        pytest.skip("corpus not available")
    from auditor.ingest import read_document

    texts = [p.text for p in read_document(pdf).paragraphs]
    assert "第二部分 上海市普陀区财政局2024年度部门决算表" in texts
    assert any(t.startswith("上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比") for t in texts)


# --------------------------------------------------- hard-wrapped text exports

CORPUS_TEXT = REPO.parent / "shared" / "corpus" / "text"
CAIZHENGJU_2025 = CORPUS_TEXT / "16_shanghai-putuo-caizhengju-2025-yusuan.txt"


@pytest.mark.skipif(not CAIZHENGJU_2025.exists(), reason="needs ../shared/corpus")
def test_when_a_text_export_wraps_its_lines_then_a_paragraph_is_read_whole():
    text = CAIZHENGJU_2025.read_text(encoding="utf-8")
    doc = parse_text(text, CAIZHENGJU_2025)
    paras = [p.text for p in doc.blocks if isinstance(p, Paragraph)]
    # "…其中：中介机构服务费418.80万" / "元 ， 财 政 业 务 费 10.00 万 元 ， …" is one paragraph,
    # closed up, and begins at its first line
    whole = next(p for p in doc.blocks if isinstance(p, Paragraph) and "涉及项目预算资金598.46万元" in p.text)
    assert whole.text.endswith("援滇干部工作经费 3.00万元。")
    assert "中介机构服务费418.80万元，财政业务费 10.00万元" in whole.text
    lines = re.split(r"\r\n|\r|\n|\f", text)
    first = next(k for k, ln in enumerate(lines, 1) if "涉及项目预算资金598.46万元" in ln)
    assert whole.location.anchor == f"line:{first}"
    # the rows of its flattened tables stay one per line, and a numbered line starts a paragraph
    assert "302 17 公务接待费 9,500.00 0.00 9,500.00" in paras
    assert "五、国有资产占有使用情况" in paras


FULIYUAN_2024 = CORPUS_TEXT / "14_shanghai-putuo-shehuifuliyuan-2024-danweiyusuan.txt"


@pytest.mark.skipif(not FULIYUAN_2024.exists(), reason="needs ../shared/corpus")
def test_when_a_line_of_a_wrapped_export_ends_short_of_the_page_width_then_it_ends_its_paragraph():
    # the table title (28 characters on a page 60 wide) does not run into its 编制单位
    # line, so the table keeps its unit (元); wrapped prose around it is still joined
    doc = parse_text(FULIYUAN_2024.read_text(encoding="utf-8"), FULIYUAN_2024)
    paras = [p.text for p in doc.blocks if isinstance(p, Paragraph)]
    assert "2024年预算单位一般公共预算基本支出部门预算经济分类预算表" in paras
    assert "编制单位：上海市普陀区社会福利院 单位：元" in paras
    assert any(p.startswith("2024年，上海市普陀区社会福利院收入预算1,212.12万元") and p.endswith("其他收入0.00万元。")
               for p in paras)


def test_when_a_word_export_has_long_unclosed_lines_then_each_line_stays_a_paragraph():
    # Word's save-as-text writes a paragraph per line: a long title that closes no
    # sentence does not run into the text after it.
    text = ("2021年度衡阳市工业企业改制服务办公室部门整体支出绩效自评报告（送审稿全文）\n"
            "根据市财政局关于开展2021年度部门整体支出绩效自评工作的通知要求，我办对部门整体支出进行了自评。\n") * 6
    doc = parse_text(text)
    assert len([b for b in doc.blocks if isinstance(b, Paragraph)]) == 12


# Lines of Fujian 04 and 08 (../shared/corpus-pingtan) as LibreOffice prints them: left margin 90 pt,
# right margin 522 pt, 10.5 pt type, 15 pt line pitch.
def _pdf_line(text, x1, top, page=2, spaced=True, indents=False):
    from auditor.ingest.pdf import _Line

    return _Line(page, 0, text, 90.0, x1, top, top + 10.5, 90.0, 522.0, 10.5, spaced, indents, 522.0)


def test_when_a_pdf_line_ends_inside_an_item_marker_then_the_next_line_goes_on_with_it():
    from auditor.ingest.pdf import _starts_paragraph

    prev = _pdf_line("和社会保障管理事务机关服务15万元。主要用于劳动大楼物业管理费支出。（十", 480.0, 617.0)
    cur = _pdf_line("四）2080199其他人力资源和社会保障管理事务支出110.2万元。主要用于社会工作人才", 512.0, 631.0)
    assert not _starts_paragraph(prev, cur)
    # a line that stops short after a closed marker does end its paragraph
    short = _pdf_line("费用。跟17年预算一致，无增减变化。（十一）2070199其他文化支出", 400.0, 617.0)
    assert _starts_paragraph(short, _pdf_line("另起一段的文字", 300.0, 631.0))


def test_when_a_figure_and_the_punctuation_after_it_did_not_fit_then_the_short_line_goes_on():
    from auditor.ingest.pdf import _starts_paragraph

    prev = _pdf_line("016年决算数减少174.34万元，下降", 470.0, 300.0)
    assert not _starts_paragraph(prev, _pdf_line("54.82%。。（二十三）2080399其他体育支出160万", 515.0, 315.0))


def test_when_a_sentence_ends_at_the_margin_then_only_a_page_that_marks_its_paragraphs_says_where():
    from auditor.ingest.pdf import _starts_paragraph

    prev = _pdf_line("，主要用于主要用于农村五保人员供养支出。", 518.0, 400.0)
    nxt = "较2016年决算数增加172.11万元，增加10.6%。与2016年基本一致。"
    # paragraphs spaced apart: no space above the next line, so the paragraph goes on
    assert not _starts_paragraph(prev, _pdf_line(nxt, 500.0, 415.0))
    # space above it: a new paragraph
    assert _starts_paragraph(prev, _pdf_line(nxt, 500.0, 440.0))
    # neither spaced nor indented paragraphs: a sentence ending at the margin may end its paragraph
    unmarked = _pdf_line(nxt, 500.0, 415.0, spaced=False)
    assert _starts_paragraph(prev, unmarked)


def test_when_a_wrap_falls_between_two_figures_then_they_stay_two_and_inside_one_it_stays_one():
    from auditor.ingest import join_wrapped

    assert join_wrapped(["十三、交通运输支出 6.00", "2140106 公路养护 6.00"]) == "十三、交通运输支出 6.00 2140106 公路养护 6.00"
    assert join_wrapped(["比上年增加", "1421.25万元"]) == "比上年增加1421.25万元"
    # a layout that wraps inside a number (../shared/corpus/pdf/x7): the pieces are one figure
    assert join_wrapped(["事业单位离退休（项）”8.53万元，上年:7.6", "6万元，主要事业单位离退休经费增加。"]) == \
        "事业单位离退休（项）”8.53万元，上年:7.66万元，主要事业单位离退休经费增加。"


def test_when_a_word_file_holds_one_paragraph_a_printed_line_then_they_are_joined_back(tmp_path):
    # a PDF converted to Word: seed 004's 基本支出 sentence, one Word paragraph a line; its figures are
    # spaced ("2609.57 万元"), which a flattened table's row is not
    import docx as python_docx

    lines = ["2022 年度我办支出总计 2681.55 万元，其中：基本支出 2609.57 万元，项目支出",
             "71.98 万元。具体情况分析如下："] + [
             "（1）基本支出 2609.57 万元。其中人员经费 2355.31 万元，较去年增加 438.24 万元",
             "，增加的原因主要是 2022 年增加了医疗铺底费用预算及追加了人员基础绩效奖金，故",
             "人员经费相应增加；日常公用经费 254.36 万元，较上年增加 19.66 万元。"] * 4
    d = python_docx.Document()
    for ln in lines:
        d.add_paragraph(ln)
    path = tmp_path / "converted.docx"
    d.save(path)
    texts = [p.text for p in read_document(path).paragraphs]
    assert texts[0] == "2022 年度我办支出总计 2681.55 万元，其中：基本支出 2609.57 万元，项目支出71.98 万元。具体情况分析如下："
    assert texts[1].startswith("（1）基本支出") and texts[1].endswith("较上年增加 19.66 万元。")
    assert len(texts) == 5
    # the same paragraphs typed whole stay as they are
    d = python_docx.Document()
    for t in texts:
        d.add_paragraph(t)
    d.save(path)
    assert [p.text for p in read_document(path).paragraphs] == texts


def test_when_a_sentence_ends_short_of_the_width_by_the_figure_that_opens_the_next_line_then_it_runs_on():
    """A layout breaks no number: one Word paragraph a printed line, a line that ends a sentence six
    columns short of the width, where the next line opens with the six-column figure that did not fit,
    is one paragraph with it; a sentence that short of the width before prose is a paragraph's end."""
    from auditor.ingest.text import printed_width, wraps

    line = "（一）2017年收入较上年有所增加，主要原因是项目经费增加，人员经费按政策调整。"
    width = printed_width(line) + 6
    assert wraps(line, "2188.65万元，其中财政拨款收入…", width, full_sentences=True)
    assert not wraps(line, "本年支出合计…", width, full_sentences=True)
    assert not wraps(line, "12.5万元…", width + 3, full_sentences=True)  # short by more than the figure


NARROW_PAGE = """（二）按支出结构分类划分，分为基本支出预算和项目支
出预算。
1. 基本支出预算 1385200.40 元，占一般公共预算支出
的80.12%，同比减少 3206.50 元，下降 0.23%。其中：
工资福利支出预算 1120400.10 元，占基本支出预算
80.88%，同比增加 21500.00 元，增长 1.96%。
商品和服务支出预算 252300.30 元，占基本支出预算
18.21%，同比减少 25000.50 元，下降 9.02%。
对个人和家庭补助支出预算 12500 元，占基本支出预算
0.90%，同比减少 1500 元，下降 10.71%。
2. 项目支出 343700 元，占一般公共预算支出的 19.88%，
同比增加 50100 元 ，增长 17.06%。其中：
商品和服务支出 312200 元，占项目支出预算 90.84%，
同比增加 30600 元，增长 10.87%。
"""


def test_when_a_narrow_page_is_hard_wrapped_then_its_lines_are_joined_back(tmp_path):
    """A PDF set in a large font wraps at about 50 columns, under the 30 characters a wide page's
    wrapped line reaches: most prose lines end near the same width and run on, so they are joined."""
    p = tmp_path / "narrow.txt"
    p.write_text(NARROW_PAGE, encoding="utf-8")
    texts = [x.text for x in read_document(p).paragraphs]
    assert texts[0] == "（二）按支出结构分类划分，分为基本支出预算和项目支出预算。"
    assert texts[2] == "工资福利支出预算 1120400.10 元，占基本支出预算80.88%，同比增加 21500.00 元，增长 1.96%。"
    assert len(texts) == 7


def test_when_a_wrapped_page_breaks_a_line_after_a_comma_then_the_paragraph_runs_on(tmp_path):
    """On a hard-wrapped page no paragraph ends with a comma and none opens with 的: a short line that
    does ("与 2023 年度相比，") runs on, however short."""
    long = "上海市某区某局 2024 年度财政拨款收入支出总计 412.60 万元。与 2023 年度相比，财政拨款收入支出总计增加"
    lines = [long, "52.60 万元，增长 14.61%。主要原因：新增项目经费。"] * 6 + [
        "一般公共预算财政拨款支出 412.60 万元，", "占本年支出合计的 96.20%。", "与 2023 年度相比，",
        "一般公共预算财政拨款支出增加 52.60", "万元，增长 14.61%。"]
    p = tmp_path / "wrapped.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    texts = [x.text for x in read_document(p).paragraphs]
    assert texts[-2:] == ["一般公共预算财政拨款支出 412.60 万元，占本年支出合计的 96.20%。",
                          "与 2023 年度相比，一般公共预算财政拨款支出增加 52.60万元，增长 14.61%。"]


def test_when_an_export_keeps_page_numbers_as_lines_then_they_are_no_paragraph_and_no_figure(tmp_path):
    # a Word file printed to text keeps its footer "- 2 -" between the pages; a bare number line (a
    # flattened table's cell) stays
    text = ("四、绩效自评结果\n项目综合评分为92分，评价等级为优。\n- 2 -\n"
            "五、存在问题\n—3—\n第4页 共10页\n资金到位率100%。\n12\n")
    doc = parse_text(text)
    texts = [p.text for p in doc.paragraphs]
    assert "- 2 -" not in texts and "—3—" not in texts and "第4页 共10页" not in texts
    assert "12" in texts
    # line numbers are those of the file
    assert next(p for p in doc.paragraphs if p.text.startswith("资金到位率")).location.anchor == "line:7"
    path = tmp_path / "r.docx"
    d = docx.Document()
    for t in ("项目综合评分为92分。", "- 1 -", "资金到位率100%。"):
        d.add_paragraph(t)
    d.save(path)
    assert [p.text for p in read_document(path).paragraphs] == ["项目综合评分为92分。", "资金到位率100%。"]
