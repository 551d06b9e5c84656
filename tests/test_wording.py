"""Extraction reads what the words around a figure say it is (Claim.wording),
the claims made in words (ClaimSet.statements) and counted lists
(ClaimSet.counted_lists), so the checks judge records instead of text."""

from __future__ import annotations

from auditor.ingest import read_document
from auditor.nlp.extract import extract_claims

FRAGMENT = ("该项目年初预算20万元，调增（减）7万元，实际支出26.89万元，结余结转0.11万元，支出控制在批复的预算范围以内。"
            "群众满意度为102%，人均培训2.5次。局机关下设办公室、财务科、业务科等4个科室。")


def _claims(tmp_path, text=FRAGMENT):
    path = tmp_path / "report.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return extract_claims(read_document(path))


def test_money_figures_are_read_as_funds_adjustment_spending_and_balance(tmp_path):
    cs = _claims(tmp_path)
    flows = {c.quantity.printed: c.wording.flow for c in cs.claims if c.quantity.dimension == "money"}
    assert flows == {"20万元": "funding", "7万元": "adjustment", "26.89万元": "spending", "0.11万元": "balance"}


def test_a_satisfaction_rate_is_a_share_by_its_name_and_an_average_count_is_marked(tmp_path):
    cs = _claims(tmp_path)
    rate = next(c for c in cs.claims if c.quantity.printed == "102%")
    assert (rate.wording.rate_name, rate.wording.share, rate.wording.satisfaction) == ("群众满意度", True, True)
    times = next(c for c in cs.claims if c.quantity.printed == "2.5次")
    assert times.wording.averaged and not times.wording.unit_opens_word


def test_claims_in_words_and_counted_lists_are_records(tmp_path):
    cs = _claims(tmp_path)
    assert [(s.kind, s.words) for s in cs.statements] == [("not_overspent", "控制在批复的预算范围以内")]
    [lst] = cs.counted_lists
    assert (lst.count_text, lst.count, lst.noun, lst.items) == ("4", 4.0, "科室", ("办公室", "财务科", "业务科"))
    assert lst.paragraph[lst.count_span[0]:lst.count_span[1]] == "4"


def test_when_no_phrase_is_claimed_then_no_statement(tmp_path):
    cs = _claims(tmp_path, "资金到位率为96.5%，部分资金尚未到位。")
    assert cs.statements == [] and cs.counted_lists == []


def test_table_rows_are_told_apart_by_their_labels(tmp_path):
    from auditor.nlp.row_labels import names_a_total, names_the_rest, total_kind
    from auditor.nlp.tables import analyze_tables

    path = tmp_path / "table.txt"
    path.write_text("收入支出决算总表\n项目\t金额\n财政拨款收入\t120.50\n其他收入\t10.00\n本年收入合计\t130.50\n"
                    "年初结转和结余\t5.00\n收入总计\t135.50\n", encoding="utf-8")
    [at] = analyze_tables(read_document(path))
    items = ("财政拨款收入", "其他收入", "本年收入合计", "年初结转和结余", "收入总计")
    rows = {r.label: r for sec in at.sections for r in sec.rows if r.label in items}
    assert {label: total_kind(r) for label, r in rows.items()} == {
        "财政拨款收入": None, "其他收入": None, "本年收入合计": "sub", "年初结转和结余": None, "收入总计": "grand"}
    assert [label for label, r in rows.items() if names_a_total(r)] == ["本年收入合计", "收入总计"]
    assert [label for label, r in rows.items() if names_the_rest(r)] == ["其他收入"]


def test_measure_classes_and_amount_words_come_from_the_lexicon():
    from auditor.nlp.scope import label_core, measure_class, names_an_amount

    assert [measure_class(m) for m in ("年初预算", "预算执行数", "决算", "实际完成值", "年度指标值", "执行率", None)] == [
        "budget", "actual", "actual", "actual", "target", "other", None]
    assert names_an_amount("离退休老干部业务专项资金") and not names_an_amount("慰问人数")
    assert label_core("开展政策宣传活动") == "政策宣传活动"
