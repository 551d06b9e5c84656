"""The `audit` command on the bundled samples: formats, filters, subcommands, exit codes."""

import json
import re
from pathlib import Path

import pytest

from auditor.checks import all_checks, known_codes
from auditor.checks.cases import first_cases
from auditor.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DIRTY = SAMPLES / "004_50f89173955d11d8.txt"
CLEAN = next(SAMPLES.glob("clean_*.txt"))

pytestmark = pytest.mark.slow


def run_json(capsys, *args):
    code = main([*map(str, args), "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_when_a_report_has_errors_then_exit_1_and_json_lists_its_findings(capsys):
    code, doc = run_json(capsys, DIRTY)
    assert code == 1
    assert doc["schema_version"] and len(doc["reports"]) == 1
    rep = doc["reports"][0]
    assert rep["file"].endswith(DIRTY.name)
    codes = {f["code"] for f in rep["findings"]}
    assert {"NS02", "NT01", "TB03"} <= codes
    f = next(f for f in rep["findings"] if f["code"] == "NS02")
    assert f["severity"] == "error" and "254.26" in f["hint"]
    assert any(e["printed"] and "254.36" in e["printed"] for e in f["evidence"])


def test_when_a_report_is_clean_then_exit_0_with_no_errors(capsys):
    code, doc = run_json(capsys, CLEAN)
    assert code == 0
    assert all(f["severity"] != "error" for f in doc["reports"][0]["findings"])


def test_when_fail_on_warning_then_warnings_fail_and_none_never_fails(capsys):
    assert run_json(capsys, DIRTY, "--fail-on", "none")[0] == 0
    assert run_json(capsys, SAMPLES / "000_e4b7451ca6ac423e.txt", "--only", "CL01", "--fail-on", "warning")[0] == 1


def test_when_only_and_ignore_then_findings_are_filtered(capsys):
    _, doc = run_json(capsys, DIRTY, "--only", "NT01")
    assert {f["code"] for f in doc["reports"][0]["findings"]} == {"NT01"}
    _, doc = run_json(capsys, DIRTY, "--ignore", "NT01", "--min-severity", "error")
    codes = [f["code"] for f in doc["reports"][0]["findings"]]
    assert "NT01" not in codes and all(f["severity"] == "error" for f in doc["reports"][0]["findings"])


def test_when_several_files_and_a_folder_then_one_report_each(capsys, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "notes.json").write_text("ignored", encoding="utf-8")
    (folder / "audit-findings.md").write_text("# our own output: not a report", encoding="utf-8")
    code, doc = run_json(capsys, DIRTY, folder)
    assert [Path(r["file"]).name for r in doc["reports"]] == [DIRTY.name, "a.txt"]
    assert code == 1


def test_when_english_is_asked_then_messages_are_english(capsys):
    _, doc = run_json(capsys, DIRTY, "--only", "NS02", "--lang", "en")
    (f,) = doc["reports"][0]["findings"]
    assert f["severity_label"] == "error" and "parts" in f["message"]


def test_when_usage_is_wrong_then_exit_2(capsys):
    assert main([str(DIRTY), "--only", "XX99"]) == 2
    assert main([str(DIRTY), "--format", "pdf"]) == 2
    assert main([str(DIRTY), "--lang", "fr"]) == 2
    assert "XX99" in capsys.readouterr().err


def test_rules_lists_every_check_and_explain_prints_its_examples(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for spec in all_checks():
        assert spec.code in out
    assert main(["explain", "ns02"]) == 0
    out = capsys.readouterr().out
    assert "反例" in out and "正例" in out and "91.91" in out
    assert main(["explain", "ZZ00"]) == 2


def test_every_check_has_code_name_severity_and_a_description_in_both_languages():
    specs = all_checks()
    assert len({s.code for s in specs}) == len(specs) >= 20
    for s in specs:
        assert s.name and s.name_en and s.family
        assert _is_chinese_sentence(s.description("zh")), (s.code, s.description("zh"))
        assert _is_english_sentence(s.description("en")), (s.code, s.description("en"))


_CODE = re.compile(r"\b[A-Z]{2}\d{2}\b")
_INTERNAL = re.compile(r"lexicons|\.ya?ml\b|\.py\b|auditor/|[a-z]+_[a-z]+")


def _cjk(text: str) -> int:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text)


def _is_chinese_sentence(text: str) -> bool:
    """Chinese, complete (ends with 。, brackets and quotes closed), no English words beyond check codes,
    no internal names."""
    rest = _CODE.sub("", text)
    return (text.endswith("。") and _cjk(text) >= 10 and not re.search(r"[A-Za-z]{3,}", rest)
            and not _INTERNAL.search(text) and text.count("（") == text.count("）")
            and text.count("“") == text.count("”"))


def _is_english_sentence(text: str) -> bool:
    """English (Chinese only as quoted report terms), complete (ends with a full stop, brackets closed),
    no internal names."""
    words = re.findall(r"[A-Za-z]+", text)
    return (text.endswith(".") and len(words) >= 5 and _cjk(text) < len(" ".join(words)) // 2
            and not _INTERNAL.search(text) and text.count("(") == text.count(")"))


@pytest.mark.parametrize("code", sorted(known_codes()))
def test_explain_prints_the_description_and_the_first_cases_in_the_chosen_language(capsys, code):
    spec = next(s for s in all_checks() if s.code == code)
    fail, ok = first_cases(code)
    assert main(["explain", code]) == 0
    zh = capsys.readouterr().out
    head, _, body = zh.partition("\n\n")
    assert head == f"{code}  {spec.name}  [{spec.severity.label_zh}]"
    assert spec.description("zh") in body and spec.description("en") not in zh
    fail_at = body.index(f"反例（应提示 {code}）：{fail['name']}\n")
    pass_at = body.index(f"正例（不提示 {code}）：{ok['name']}\n")
    assert fail_at < pass_at
    # each example shows its own fragment: the fragment's figures appear under its heading
    for case, part in ((fail, body[fail_at:pass_at]), (ok, body[pass_at:])):
        for figure in re.findall(r"\d+(?:\.\d+)?", case["text"])[:5]:
            assert figure in part, (code, case["name"], figure)
    assert not _INTERNAL.search(body[:fail_at])
    assert main(["explain", code, "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert en.startswith(f"{code}  {spec.name_en}  [{spec.severity.label_en}]\n")
    assert spec.description("en") in en and spec.description("zh") not in en
    assert f"Failing example (raises {code}):\n" in en and f"Passing example (does not raise {code}):\n" in en
    assert fail["name"] not in en


def test_rules_in_chinese_has_no_english_descriptions_and_in_english_no_chinese_ones(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # one table row per line, no wrapping
    assert main(["rules"]) == 0
    zh = capsys.readouterr().out
    assert main(["rules", "--lang", "en"]) == 0
    en = capsys.readouterr().out
    for spec in all_checks():
        assert spec.description("zh") in zh and spec.description("en") not in zh
        assert spec.description("en") in en and spec.description("zh") not in en
        assert spec.name in zh and spec.name_en in en
    assert "lexicons" not in zh + en
