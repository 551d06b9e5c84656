"""Figures typed another way (full-width digits, ％, ．, ，/space thousands
separators) are read as the same figures: one normalisation point, same
findings, quotes kept as printed.

The seed comparison reads ../shared/seeds (or $AUDITOR_SHARED/seeds) and is
skipped when it is absent; the samples' comparison needs only the repository.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

from auditor.audit import audit_path
from auditor.checks.rootcause import slip_variants
from auditor.ingest import read_document
from auditor.normalize import normalize_figures, source_span

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AUDITOR_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
SEED_GOLD = SHARED / "gold" / "seed-findings.yaml"
SAMPLES = REPO / "samples"

_FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def to_full_width(text: str) -> str:
    """The text as many Word documents type it: ２６０９．５７万元, ９７．５％, １，２３４."""
    text = re.sub(r"(?<=\d)\.(?=\d)", "．", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "，", text)
    text = re.sub(r"(?<=\d)%", "％", text)
    return text.translate(_FW_DIGITS)


# ------------------------------------------------------------- the rewriting


@pytest.mark.parametrize(
    "printed, read",
    [
        ("项目支出２６０９．５７万元", "项目支出2609.57万元"),
        ("完成率９７．５％", "完成率97.5%"),
        ("合计１，２３４．５６万元", "合计1,234.56万元"),
        ("合计1，234.56万元", "合计1,234.56万元"),
        ("合计1 234 567.89元", "合计1,234,567.89元"),
        ("合计1\u00a0234.5元", "合计1,234.5元"),
        ("完成率12. 5%，较上年增长3 %", "完成率12.5%，较上年增长3%"),
        ("下降－３．２％", "下降-3.2%"),
        # a space typed after the separator (渝中区2017年三公说明): one figure
        ("公务用车运行维护费1, 537.4万元", "公务用车运行维护费1,537.4万元"),
        ("得分＜６０分", "得分<60分"),
        # Not thousands separators: a list of years, a phone number, ordinals.
        ("2021，2022年度", "2021，2022年度"),
        ("电话0591 123 4567", "电话0591 123 4567"),
        ("１、２、３项", "1、2、3项"),
        ("１２，３４项", "12，34项"),
        ("分别为1, 2, 3个", "分别为1, 2, 3个"),
        ("1, 537万元", "1, 537万元"),
    ],
)
def test_when_a_figure_is_typed_another_way_then_it_reads_as_ascii(printed, read):
    assert normalize_figures(printed)[0] == read


def test_when_spaces_are_dropped_then_the_offset_map_points_into_the_printed_text():
    printed = "完成率１２． ５％，好"
    norm, index = normalize_figures(printed)
    assert norm == "完成率12.5%，好"
    a, b = norm.index("12.5%"), norm.index("12.5%") + len("12.5%")
    sa, sb = source_span((a, b), index, len(printed))
    assert printed[sa:sb] == "１２． ５％"


@pytest.mark.parametrize(
    "printed, read",
    [
        # corpus 16 as its PDF justifies the line (letter-spaced)
        ("其中：中介机构服务费418.80万元 ， 财 政 业 务 费 10.00 万 元 ， 援 滇 干 部 工 作 经 费 3.00 万 元 。",
         "其中：中介机构服务费418.80万元，财政业务费 10.00万元，援滇干部工作经费 3.00万元。"),
        # a table cell of corpus 05 and a seed header, wrapped and spaced
        ("公 务 用 车 运 行 维 护", "公务用车运行维护"),
        ("偏 差 原 因 分 析 及 改 进 措 施", "偏差原因分析及改进措施"),
        # a flattened table's header: a few single-character cells, not letter spacing
        ("支出功能分类科目编码 科目名称 类 款 项 合计 2,188.65 2,188.65 201",
         "支出功能分类科目编码 科目名称 类 款 项 合计 2,188.65 2,188.65 201"),
        # spaced cells before the figures of a row: the figures stay cells of their own
        ("收 入 支 出 项 目 2,188.65 2,188.65 201", "收入支出项目 2,188.65 2,188.65 201"),
        # a justified line that ends in a character the next line's figure is glued to, once joined
        ("2025 年 政 府 采 购 预 算 6429768.84 元 ， 同 比 增 加2433505.07 元，增长 60.89%。",
         "2025年政府采购预算 6429768.84元，同比增加2433505.07 元，增长 60.89%。"),
    ],
)
def test_when_text_is_letter_spaced_then_it_is_closed_up_and_figures_stay_apart(printed, read):
    assert normalize_figures(printed)[0] == read


def test_when_letter_spacing_is_closed_up_then_a_figure_quotes_as_printed():
    printed = "财 政 业 务 费 10.00 万 元 ， 信 息 化 费 166.66 万 元"
    norm, index = normalize_figures(printed)
    a = norm.index("166.66万元")
    sa, sb = source_span((a, a + len("166.66万元")), index, len(printed))
    assert printed[sa:sb] == "166.66 万 元"


def test_when_a_slip_is_tried_on_a_full_width_figure_then_no_error():
    # The crash of issue 15: an ASCII digit mixed into '１５４．３６'.
    values = {v for _, v in slip_variants("２５４．３６")}
    assert 154.36 in values and 254.63 in values


def test_when_a_docx_cell_has_full_width_digits_then_the_document_reads_ascii_and_keeps_the_print(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("本年支出合计２６０９．５７万元。")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "项目支出"
    t.cell(0, 1).text = "７１．９８"
    path = tmp_path / "fw.docx"
    d.save(path)
    doc = read_document(path)
    para = doc.paragraphs[0]
    assert para.text == "本年支出合计2609.57万元。" and para.source_text == "本年支出合计２６０９．５７万元。"
    cell = doc.tables[0].cells[1]
    assert cell.text == "71.98" and cell.source_text == "７１．９８"


# --------------------------------------------------- same findings, same recall


def _fingerprint(result):
    """What must not depend on the digits' width: code, values, cited figures."""
    out = []
    for f in result.findings:
        out.append((
            f.code,
            f.expected, f.found, f.difference,
            tuple(sorted((e.location.label(), normalize_figures(e.printed or "")[0], e.value) for e in f.evidence)),
        ))
    return sorted(out, key=repr)


def _score_module():
    path = SHARED / "tools" / "score.py"
    spec = importlib.util.spec_from_file_location("shared_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _recall(score, gold_entries, name, result) -> int:
    records = [f.as_record() for f in result.findings]
    hit = 0
    for e in (g for g in gold_entries if g["file"] == name):
        for rec in records:
            texts, nums = [], []
            score.walk(score.strict_view(rec), texts, nums)
            if all(score.cite_ok(c, texts, nums) for c in e["cites"]):
                hit += 1
                break
    return hit


def _assert_same_audit(src: Path, tmp_path: Path):
    fw = tmp_path / src.name
    fw.write_text(to_full_width(src.read_text(encoding="utf-8")), encoding="utf-8")
    ascii_result, fw_result = audit_path(src), audit_path(fw)
    assert fw_result.error is None, fw_result.error
    assert not fw_result.failures, [x.line() for x in fw_result.failures]
    assert _fingerprint(fw_result) == _fingerprint(ascii_result)
    # Quotes are the report's own text: full-width where the report is.
    for fa, ff in zip(sorted(ascii_result.findings, key=lambda f: f.sort_key()),
                      sorted(fw_result.findings, key=lambda f: f.sort_key())):
        for ea, ef in zip(sorted(fa.evidence, key=lambda e: e.location.sort_key()),
                          sorted(ff.evidence, key=lambda e: e.location.sort_key())):
            assert ef.text in (to_full_width(ea.text), ea.text)
            if ef.span and ea.span and ef.text != ea.text:
                assert normalize_figures(ef.text[ef.span[0]:ef.span[1]])[0] == ea.text[ea.span[0]:ea.span[1]]
    return ascii_result, fw_result


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_when_a_sample_is_typed_in_full_width_digits_then_the_findings_are_the_same(name, tmp_path):
    _assert_same_audit(SAMPLES / name, tmp_path)


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir() or not SEED_GOLD.exists(), reason="../shared/seeds absent (set AUDITOR_SHARED)")
def test_when_the_seeds_are_typed_in_full_width_digits_then_recall_and_findings_are_the_same(tmp_path):
    import yaml

    score = _score_module()
    gold = yaml.safe_load(SEED_GOLD.read_text(encoding="utf-8"))["findings"]
    total_ascii = total_fw = 0
    for src in sorted(SEEDS.glob("*.txt")):
        ascii_result, fw_result = _assert_same_audit(src, tmp_path)
        total_ascii += _recall(score, gold, src.name, ascii_result)
        total_fw += _recall(score, gold, src.name, fw_result)
    assert total_fw == total_ascii == len(gold)
