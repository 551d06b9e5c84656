"""Word's automatic numbering read as the labels it prints (auditor.ingest.docx_numbering)."""

from __future__ import annotations

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from auditor.audit import audit_path
from auditor.ingest import read_document
from auditor.numerals import format_number


@pytest.mark.parametrize("n,fmt,label", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (23, "chineseCountingThousand", "二十三"), (105, "chineseCounting", "一百零五"),
    (12, "chineseLegalSimplified", "壹拾贰"), (2017, "ideographDigital", "二〇一七"),
    (3, "ideographTraditional", "丙"), (4, "decimalEnclosedCircle", "④"), (7, "decimal", "7"),
    (7, "decimalFullWidth", "７"), (3, "lowerLetter", "c"), (28, "upperLetter", "BB"), (9, "upperRoman", "IX"),
    (1, "bullet", ""), (1, "none", ""),
])
def test_numbers_print_in_words_formats(n, fmt, label):
    assert format_number(n, fmt) == label


def _el(tag, **attrs):
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(k), v)
    return el


def _list(document, levels, num_id, abstract_id, start_override=None):
    """An abstract list with ``levels`` [(numFmt, lvlText)] and an instance of it."""
    root = document.part.numbering_part.element
    an = _el("w:abstractNum", **{"w:abstractNumId": str(abstract_id)})
    for i, (fmt, text) in enumerate(levels):
        lvl = _el("w:lvl", **{"w:ilvl": str(i)})
        for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            lvl.append(_el(tag, **{"w:val": val}))
        an.append(lvl)
    root.find(qn("w:num")).addprevious(an)
    num = _el("w:num", **{"w:numId": str(num_id)})
    num.append(_el("w:abstractNumId", **{"w:val": str(abstract_id)}))
    if start_override is not None:
        ov = _el("w:lvlOverride", **{"w:ilvl": "0"})
        ov.append(_el("w:startOverride", **{"w:val": str(start_override)}))
        num.append(ov)
    root.append(num)


def _numbered(document, text, num_id, ilvl=0):
    p = document.add_paragraph(text)
    npr = _el("w:numPr")
    npr.append(_el("w:ilvl", **{"w:val": str(ilvl)}))
    npr.append(_el("w:numId", **{"w:val": str(num_id)}))
    p._p.get_or_add_pPr().append(npr)


def test_when_word_numbers_the_items_then_their_labels_are_read_and_the_breakdown_is_checked(tmp_path):
    # Fujian 06's 基本支出 breakdown, its markers numbered by Word ("（一）" chineseCounting), one of its
    # items changed so that the parts no longer add up
    d = docx.Document()
    _list(d, [("chineseCounting", "（%1）"), ("decimal", "%2.")], 901, 900)
    d.add_paragraph("2017年度一般公共预算财政拨款基本支出1,375.23万元，其中：")
    _numbered(d, "人员经费1,153.67万元，主要包括：基本工资、津贴补贴、奖金。", 901)
    _numbered(d, "公用经费231.55万元，主要包括：办公费、印刷费、水电费。", 901)
    path = tmp_path / "report.docx"
    d.save(path)
    texts = [p.text for p in read_document(path).paragraphs]
    assert texts[1].startswith("（一）人员经费") and texts[2].startswith("（二）公用经费")
    found = [f for f in audit_path(path).findings if f.code == "NS01"]
    assert found and any(abs(float(f.found) - 1375.23) < 1e-6 for f in found)


def test_when_a_list_restarts_or_goes_a_level_down_then_the_counts_follow_word(tmp_path):
    d = docx.Document()
    _list(d, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%1.%3")], 911, 910)
    _list(d, [("decimal", "%1.")], 921, 920, start_override=5)
    _numbered(d, "部门概况", 911)
    _numbered(d, "主要职能", 911, 1)
    _numbered(d, "机构设置", 911, 1)
    _numbered(d, "收支情况", 911)
    _numbered(d, "收入", 911, 1)  # a new level-0 item restarts level 1
    _numbered(d, "细项", 911, 2)
    _numbered(d, "续编第五项", 921)  # an instance that starts at 5
    _numbered(d, "第六项", 921)
    path = tmp_path / "lists.docx"
    d.save(path)
    assert [p.text for p in read_document(path).paragraphs] == [
        "一、部门概况", "（一）主要职能", "（二）机构设置", "二、收支情况", "（一）收入",
        "二.1 细项",  # %1 in level 0's own format (no w:isLgl), then the default tab as a space
        "5.续编第五项", "6.第六项"]


def test_when_a_paragraph_style_carries_the_numbering_then_it_is_read_too(tmp_path):
    d = docx.Document()
    d.add_paragraph("基本支出150.17万元，其中：")
    d.add_paragraph("人员经费117.41万元；", style="List Number")  # numbered through the built-in style
    d.add_paragraph("公用经费32.76万元。", style="List Number")
    path = tmp_path / "styled.docx"
    d.save(path)
    assert [p.text for p in read_document(path).paragraphs][1:] == ["1.人员经费117.41万元；", "2.公用经费32.76万元。"]
