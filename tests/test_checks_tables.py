"""In-table checks (TB01–TB05, SC01–SC12) on the samples and on variations of
their tables.

The per-check fail/pass fragments are in ``tests/cases/<CODE>.yaml`` and run
through the command line in ``tests/test_cases.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import auditor.checks.scores  # noqa: F401  (registers SC01–SC12)
import auditor.checks.tables  # noqa: F401  (registers TB01–TB05)
from auditor.checks.registry import REGISTRY, CheckContext, context_for
from gold_scoring import contains_number, numbers_in
from auditor.findings import Severity
from auditor.ingest import read_document
from auditor.ingest.text import parse_text

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"
CODES = [f"TB0{i}" for i in (1, 2, 3, 4, 5)] + [f"SC{i:02d}" for i in range(1, 13)]


def context(doc) -> CheckContext:
    return context_for(doc)


def run(code: str, doc) -> list:
    return list(REGISTRY[code].func(context(doc)))


def cited(f) -> list[float]:
    nums = list(f.cited_numbers()) + numbers_in(f.message)
    for e in f.evidence:
        nums += numbers_in(e.text) + numbers_in(e.printed)
    return nums


# ---------------------------------------------------------------- the samples

GOLD = {
    # id: (sample stem, code, severity, cites)
    "S000-4": ("000_e4b7451ca6ac423e", "SC09", Severity.WARNING, [2145.38]),
    "S003-1": ("003_4e9d9af9462a4af4", "SC01", Severity.ERROR, [88.5, 87.5]),
    "S003-2": ("003_4e9d9af9462a4af4", "SC07", Severity.ERROR, [12, 14]),
    "S003-3": ("003_4e9d9af9462a4af4", "SC07", Severity.WARNING, [2.5, 14.93]),
    "S003-4": ("003_4e9d9af9462a4af4", "SC07", Severity.WARNING, [95, 3]),
    "S004-6": ("004_50f89173955d11d8", "TB03", Severity.ERROR, [38, 58]),
    "S004-9": ("004_50f89173955d11d8", "SC08", Severity.WARNING, [11]),
}

_cache: dict[str, list] = {}


def sample_findings(name: str) -> list:
    if name not in _cache:
        ctx = context(read_document(SAMPLES / name))
        out = []
        for code in CODES:
            out.extend(REGISTRY[code].func(ctx))
        _cache[name] = out
    return _cache[name]


def _sample(stem: str, ext: str) -> str:
    p = SAMPLES / f"{stem}.{ext}"
    if not p.exists():
        pytest.skip(f"sample {p.name} not present")
    return p.name


@pytest.mark.parametrize("ext", ["txt", "docx"])
@pytest.mark.parametrize("gid", sorted(GOLD))
def test_gold_entry_raised_on_sample(gid, ext):
    stem, code, sev, cites = GOLD[gid]
    found = [f for f in sample_findings(_sample(stem, ext)) if f.code == code and f.severity == sev]
    assert any(all(contains_number(cited(f), c) for c in cites) for f in found), \
        (gid, [f.message for f in sample_findings(_sample(stem, ext))])


@pytest.mark.parametrize("ext", ["txt", "docx"])
def test_when_clean_report_then_no_table_findings(ext):
    clean = sorted(SAMPLES.glob(f"clean_*.{ext}"))
    if not clean:
        pytest.skip("no clean sample")
    loud = [f for f in sample_findings(clean[0].name) if f.severity >= Severity.WARNING]
    assert not loud, [f.message for f in loud]


@pytest.mark.parametrize("ext", ["txt", "docx"])
@pytest.mark.parametrize("stem", ["000_e4b7451ca6ac423e", "001_7cb58b6bd76bef60", "002_a0eb83d49e186f2c",
                                  "003_4e9d9af9462a4af4", "004_50f89173955d11d8"])
def test_no_error_beyond_the_gold_entries(stem, ext):
    """Errors raised on the seeds are exactly the gold's (consistent relations stay quiet)."""
    expected = {(code, tuple(cites)) for gid, (s, code, sev, cites) in GOLD.items()
                if s == stem and sev is Severity.ERROR}
    errors = [f for f in sample_findings(_sample(stem, ext)) if f.severity is Severity.ERROR]
    for f in errors:
        assert any(f.code == code and all(contains_number(cited(f), c) for c in cites)
                   for code, cites in expected), f.message


def test_when_rates_and_scores_hold_then_seed_004_funds_row_is_quiet():
    """控制率96% = 25/26; 执行率99.04% = 2681.55/2707.46 and 得分9.9 (gold: consistent)."""
    name = _sample("004_50f89173955d11d8", "txt")
    assert not [f for f in sample_findings(name) if f.code in ("SC06", "SC07")]


def test_when_project_rows_differ_by_rounding_then_no_footing_error():
    """71.98 vs 38 + 19.89 + 14.08 is narrative; no table relation turns it into an error."""
    name = _sample("004_50f89173955d11d8", "txt")
    for f in sample_findings(name):
        if f.severity is Severity.ERROR:
            assert not contains_number(cited(f), 71.97)


def test_relations_are_counted():
    ctx = context(read_document(SAMPLES / _sample("004_50f89173955d11d8", "txt")))
    for code in CODES:
        list(REGISTRY[code].func(ctx))
    assert ctx.relations_checked >= 30



# ---------------------------------------------------------------- complete 其中 breakdowns

_GONGYONG = ("2022年度部门整体支出绩效评价基础数据表\n\n"
             "经费控制情况\t2021年决算数\t2022年预算数\t2022年决算数\n"
             "公用经费\t208.62\t223.50\t213.85\n"
             "其中：办公经费\t94.30\t100.00\t96.40\n"
             "水费、电费、差旅费\t55.12\t60.00\t{water}\n"
             "会议费、培训费\t11.80\t15.00\t12.60\n"
             "其他商品和服务支出\t47.40\t48.50\t46.60\n\n说明：示例片段。\n")


def _table_findings(code: str, text: str) -> list:
    return [f for f in run(code, parse_text(text, "fixture.txt")) if f.code == code and f.severity >= Severity.WARNING]


def test_when_qizhong_list_ends_with_qita_row_then_it_must_add_up_exactly():
    """A 其中 list closed by 其他商品和服务支出 is the whole breakdown: short is an error, not ≤."""
    assert _table_findings("TB01", _GONGYONG.format(water="58.25")) == []
    (f,) = _table_findings("TB01", _GONGYONG.format(water="28.25"))
    assert f.severity is Severity.ERROR and contains_number(cited(f), 213.85) and contains_number(cited(f), 28.25)


_SANGONG = ("2022年度部门整体支出绩效评价基础数据表\n\n"
            "经费控制情况\t2021年决算数\t2022年预算数\t2022年决算数\n"
            "三公经费\t7.50\t8.00\t6.00\n"
            "1、公务用车购置和维护经费\t6.20\t6.50\t4.80\n"
            "其中：公务车购置\t0\t0\t0\n"
            "公务车运行维护\t6.20\t{budget}\t4.80\n"
            "2、出国经费\t0\t0\t0\n"
            "3、公务接待\t1.30\t1.50\t1.20\n\n说明：示例片段。\n")


def test_when_qizhong_rows_add_up_exactly_in_other_columns_then_a_short_column_is_an_error():
    """0+6.20=6.20 and 0+4.80=4.80: the 其中 list is complete (and 公务车运行维护 stays in it),
    so 0+5.60 against 6.50 is a footing error (and 0+6.58 a part exceeding its whole)."""
    assert _table_findings("TB01", _SANGONG.format(budget="6.50")) == []
    fs = _table_findings("TB01", _SANGONG.format(budget="5.60"))
    assert any(f.severity is Severity.ERROR and "公务用车购置和维护经费" in f.message
               and contains_number(cited(f), 5.60) for f in fs)
    fs = _table_findings("TB03", _SANGONG.format(budget="6.58"))
    assert any(f.severity is Severity.ERROR and contains_number(cited(f), 6.58) for f in fs)


_PROJECTS = ("2022年度部门整体支出绩效评价基础数据表\n\n"
             "经费控制情况\t2021年决算数\t2022年预算数\t2022年决算数\n"
             "二、部门项目支出\t175.60\t192.00\t192.00\n"
             "公共资源交易平台运维经费\t80.00\t86.30\t86.30\n"
             "评标专家库建设经费\t40.00\t42.50\t42.50\n"
             "交易场所安保保洁经费\t34.60\t35.20\t35.20\n"
             "电子档案数字化项目\t21.00\t{last}\t28.00\n"
             "政府采购金额\t52.40\t60.00\t57.80\n\n说明：示例片段。\n")


def test_when_unnumbered_rows_foot_in_most_columns_then_the_odd_column_is_a_footing_error():
    """Project rows under 二、部门项目支出 stay its children when one column no longer fits."""
    assert _table_findings("TB01", _PROJECTS.format(last="28.00")) == []
    fs = _table_findings("TB01", _PROJECTS.format(last="82.00"))
    assert any(f.severity is Severity.ERROR and contains_number(cited(f), 82.0) for f in fs)


def test_when_scoring_bands_are_out_of_order_then_sc10_warns(tmp_path):
    """Seed 003's 重点支出安排率 rule: ≥90%计5分 … 60%（含）-70%计2分; a 4 there breaks the order."""
    text = (SAMPLES / _sample("003_4e9d9af9462a4af4", "txt")).read_text(encoding="utf-8")
    assert "60%（含）-70%，计2分" in text
    assert [f for f in run("SC10", parse_text(text, "r.txt")) if f.severity >= Severity.WARNING] == []
    bad = text.replace("60%（含）-70%，计2分", "60%（含）-70%，计4分", 1)
    (f,) = run("SC10", parse_text(bad, "r.txt"))
    assert f.severity is Severity.WARNING and f.evidence[0].value == 4 and "重点支出安排率" in f.message


def test_when_scoring_bands_overlap_then_sc10_cites_the_overlapping_bound():
    """95%（含）以上计5分 written as 59%: that band now covers 85%–95% (计3分) as well."""
    text = (SAMPLES / _sample("003_4e9d9af9462a4af4", "txt")).read_text(encoding="utf-8")
    bad = text.replace("\t95%（含）以上计5分；", "\t59%（含）以上计5分；", 1)
    assert bad != text
    (f,) = run("SC10", parse_text(bad, "r.txt"))
    assert 59 in [e.value for e in f.evidence]


_ELIDED = ("部门整体支出绩效评价基础数据表\n\n"
           "经费控制情况\t2020年决算数\t2021年预算数\t2021年决算数\n"
           "二、部门项目支出\t238.13\t220.13\t220.13\n"
           "1、业务工作专项(一个项目一行)\t\t\t\n"
           "……\t\t\t\n"
           "2、运行维护专项(一个项目一行)\t\t\t\n"
           "维稳工作经费\t{first}\t220.13\t220.13\n"
           "3、市级专项资金(一个项目一行)\t\t\t\n\n说明：示例片段。\n")


def test_when_elided_list_adds_up_in_other_columns_but_falls_short_in_one_then_warning():
    """Seed 000: with "……" rows the list is partial, yet 220.13 = 220.13 twice; 23.813 against 238.13 is suspect."""
    assert _table_findings("TB01", _ELIDED.format(first="238.13")) == []
    (f,) = _table_findings("TB01", _ELIDED.format(first="23.813"))
    assert f.severity is Severity.WARNING and contains_number(cited(f), 23.813)


def test_when_actual_is_one_point_below_an_integer_target_with_full_marks_then_sc08_warns():
    """Seed 000: 对排除安全隐患工作满意度 target 98%; 达到97% is short of it (a target is exact, not 97.5–98.5)."""
    text = (SAMPLES / _sample("000_e4b7451ca6ac423e", "txt")).read_text(encoding="utf-8")
    assert not [f for f in run("SC08", parse_text(text, "r.txt")) if "对排除安全隐患工作满意度" in f.message]
    bad = text.replace("达到98%", "达到97%", 1)
    hits = [f for f in run("SC08", parse_text(bad, "r.txt")) if "对排除安全隐患工作满意度" in f.message]
    assert len(hits) == 1 and hits[0].found == 97


def test_two_checks_citing_the_same_cells_are_shown_once():
    from auditor.checks import _dedupe
    from auditor.document import Location
    from auditor.findings import Evidence, Finding

    def cell(col, printed):
        return Evidence(Location(table=5, row=10, col=col, order=72), printed, printed=printed)

    cells = [cell(5, "86,959,408.34"), cell(6, "22,118,861"), cell(7, "64,840,547.00")]
    bg = Finding(code="BG02", name="科目合计与明细不符", severity=Severity.ERROR, message="合计行", evidence=cells)
    tb = Finding(code="TB02", name="表内横向合计不符", severity=Severity.ERROR, message="合计行（分列）", evidence=list(cells))
    other_row = Finding(code="TB02", name="表内横向合计不符", severity=Severity.ERROR, message="行政运行",
                        evidence=[Evidence(Location(table=5, row=6, col=c, order=72), "1") for c in (5, 6, 7)])
    assert [f.code for f in _dedupe([bg, tb, other_row])] == ["BG02", "TB02"]
    # the more severe of the two is kept
    info = Finding(code="BG02", name="x", severity=Severity.INFO, message="合计行", evidence=list(cells))
    assert _dedupe([info, tb]) == [tb]
