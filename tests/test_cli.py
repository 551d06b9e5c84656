"""The `audit` command on the bundled samples: formats, filters, subcommands, exit codes."""

import json
from pathlib import Path

import pytest

from auditor.checks import all_checks
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


def test_every_check_has_code_name_severity_and_examples():
    specs = all_checks()
    assert len({s.code for s in specs}) == len(specs) >= 20
    for s in specs:
        assert s.name and s.name_en and s.family
        assert "反例" in s.doc and "正例" in s.doc, s.code
