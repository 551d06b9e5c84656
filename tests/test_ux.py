"""A new user's first hour (issue 16): batches, output paths, what every
output says about what was and was not checked, and the words it uses.

Built on the bundled samples (seed report 004, 株洲市行业办公室 2022, and the
clean report) and fragments of them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from auditor.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
S004 = SAMPLES / "004_50f89173955d11d8.docx"
S004_TXT = SAMPLES / "004_50f89173955d11d8.txt"
CLEAN = next(SAMPLES.glob("clean_*.docx"))

pytestmark = pytest.mark.slow


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "reports"
    d.mkdir()
    shutil.copy(S004, d / S004.name)
    shutil.copy(CLEAN, d / CLEAN.name)
    # a kind the tool does not read (slides beside the reports): skipped and listed
    (d / "汇报.pptx").write_bytes(b"PK\x03\x04 slides, not a report")
    return d


# ---------------------------------------------------------------- 1. batches


def test_when_docx_batch_runs_twice_then_annotated_copies_are_not_inputs(folder, capsys):
    assert main([str(folder), "--format", "docx", "--fail-on", "none"]) == 0
    capsys.readouterr()
    assert main([str(folder), "--format", "docx", "--fail-on", "none"]) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert not any(".audited.audited" in n for n in names)
    assert sum(n.endswith(".audited.docx") for n in names) == 2
    err = capsys.readouterr().err
    assert "本工具的输出文件" in err
    code = main([str(folder), "--format", "json", "--fail-on", "none"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and len(doc["reports"]) == 2


def test_when_one_annotated_copy_is_refused_then_the_batch_goes_on(folder, capsys):
    # An earlier copy named explicitly as an input: writing 004's copy again would
    # overwrite an input, so that report fails (exit 10) and the others are written.
    copy = folder / f"{S004.stem}.audited.docx"
    shutil.copy(S004, copy)
    before = copy.read_bytes()
    code = main([str(folder), str(copy), "--format", "docx", "--fail-on", "none"])
    assert code == 10
    assert copy.read_bytes() == before
    assert (folder / f"{CLEAN.stem}.audited.docx").is_file()
    err = capsys.readouterr().err
    assert "拒绝覆盖原文件" in err and f"已写入 {folder / CLEAN.stem}.audited.docx" in err


# ---------------------------------------------------------- 2, 3. output paths


@pytest.mark.parametrize("fmt,name", [("md", "audit-findings.md"), ("json", "audit-findings.json"),
                                      ("html", "audit-findings.html"), ("xlsx", "audit-findings.xlsx")])
def test_when_output_ends_with_a_slash_then_it_is_a_new_folder(tmp_path, capsys, fmt, name):
    target = tmp_path / "newdir"
    assert main([str(S004_TXT), "--format", fmt, "-o", f"{target}/", "--fail-on", "none"]) == 0
    assert target.is_dir() and (target / name).is_file()
    assert f"已写入 {target / name}" in capsys.readouterr().err


def test_when_writing_a_file_then_stderr_says_where(tmp_path, capsys):
    out = tmp_path / "x.md"
    main([str(S004_TXT), "--format", "md", "-o", str(out), "--fail-on", "none"])
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"已写入 {out}"
    main([str(S004_TXT), "--format", "md", "-o", str(out), "--fail-on", "none", "--lang", "en"])
    assert f"wrote {out}" in capsys.readouterr().err


# ------------------------------------------------------- 4. skipped files


def test_when_a_folder_holds_unreadable_kinds_then_the_summary_lists_them(folder, capsys):
    main([str(folder), "--format", "md", "--fail-on", "none"])
    cap = capsys.readouterr()
    assert "已跳过 1" in cap.out and "汇报.pptx：不支持的格式（.pptx）" in cap.out
    assert "汇报.pptx" in cap.err
    main([str(folder), "--format", "json", "--fail-on", "none"])
    doc = json.loads(capsys.readouterr().out)
    (sk,) = doc["summary"]["skipped"]
    assert sk["file"].endswith("汇报.pptx") and ".pptx" in sk["reason"]
    main([str(folder), "--format", "rich", "--no-color", "--fail-on", "none"])
    out = capsys.readouterr().out.replace("\n", "")
    assert "已跳过 1 个文件" in out and "汇报.pptx：不支持的格式" in out


# ------------------------------------------- 12. nothing checked, hidden counts

NO_FIGURES = "2022年度部门整体支出绩效自评报告\n本单位认真落实各项工作，取得了较好成效。\n"
NO_TABLES = "2022 年度我办支出总计 2681.55 万元，其中：基本支出 2609.57 万元，项目支出 71.98 万元。\n"


@pytest.mark.parametrize("fmt", ["md", "html", "json", "rich"])
def test_when_a_report_has_no_figures_then_every_output_says_nothing_was_checked(tmp_path, capsys, fmt):
    src = tmp_path / "empty.txt"
    src.write_text(NO_FIGURES, encoding="utf-8")
    main([str(src), "--format", fmt, "--no-color"])
    out = capsys.readouterr().out
    assert "未发现问题" not in out
    assert "没有找到任何数字" in out


def test_when_a_report_has_no_tables_then_it_says_the_tie_out_checks_did_not_run(tmp_path, capsys):
    src = tmp_path / "notables.txt"
    src.write_text(NO_TABLES, encoding="utf-8")
    main([str(src), "--format", "json"])
    (rep,) = json.loads(capsys.readouterr().out)["reports"]
    assert any("没有表格" in n for n in rep["notes"])


def test_when_annotated_copy_of_an_unchecked_report_then_a_comment_says_so(tmp_path, capsys):
    import docx

    src = tmp_path / "空报告.docx"
    d = docx.Document()
    d.add_paragraph("2022年度部门整体支出绩效自评报告")
    d.add_paragraph("本单位认真落实各项工作，取得了较好成效。")
    d.save(str(src))
    main([str(src), "--format", "docx"])
    comments = list(docx.Document(str(tmp_path / "空报告.audited.docx")).comments)
    assert len(comments) == 1 and "没有找到任何数字" in comments[0].text


def test_when_min_severity_hides_warnings_then_the_counts_say_how_many(capsys):
    main([str(S004_TXT), "--format", "md", "--min-severity", "error", "--fail-on", "none"])
    out = capsys.readouterr().out
    assert "警告 0" not in out and "警告 8 条未显示" in out
    main([str(S004_TXT), "--format", "json", "--min-severity", "error", "--fail-on", "none"])
    rep = json.loads(capsys.readouterr().out)["reports"][0]
    assert rep["stats"]["hidden"] == {"error": 0, "warning": 8, "info": 0}
    main([str(S004_TXT), "--format", "rich", "--no-color", "--min-severity", "error", "--fail-on", "none"])
    out = capsys.readouterr().out
    assert "警告 0" not in out and "警告 8 条未显示" in out


# ------------------------------------------------ 14. terminal summary line


def test_single_file_terminal_view_ends_with_the_counts(capsys):
    main([str(S004_TXT), "--format", "rich", "--no-color", "--fail-on", "none"])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    # the counts are the report's own, as the JSON gives them
    main([str(S004_TXT), "--format", "json", "--fail-on", "none"])
    rep = json.loads(capsys.readouterr().out)["reports"][0]
    by = {s: sum(f["severity"] == s for f in rep["findings"]) for s in ("error", "warning", "info")}
    assert by["error"] == 4 and by["warning"] == 8
    assert last == (f"汇总 · 错误 {by['error']} · 警告 {by['warning']} · 提示 {by['info']} · "
                    f"读取数字 {rep['stats']['figures']} · 核对关系 {rep['stats']['relations_checked']}")


# ------------------------------------------- 5, 7, 8, 9. words and numbers


def _findings(capsys, path, *args):
    main([str(path), "--format", "json", "--fail-on", "none", *args])
    return json.loads(capsys.readouterr().out)["reports"][0]["findings"]


def test_messages_carry_no_internal_identifiers_or_similarity_scores(capsys):
    import re

    texts = []
    for path in sorted(SAMPLES.glob("*.txt")):
        for lang in ("zh", "en"):
            for f in _findings(capsys, path, "--lang", lang):
                texts += [f["message"], f["explanation"], f["hint"] or ""]
    joined = "\n".join(texts)
    assert not re.search(r"[a-z]+_[a-z_]+", joined), re.search(r"[a-z]+_[a-z_]+", joined)
    assert "（bands）" not in joined and "相似度" not in joined
    sc07 = [f for f in _findings(capsys, SAMPLES / "003_4e9d9af9462a4af4.txt") if f["code"] == "SC07"]
    assert any("每超过一个百分点扣0.5分" in f["explanation"] for f in sc07)


def test_every_difference_is_found_minus_expected(capsys):
    for path in sorted(SAMPLES.glob("*.txt")):
        for f in _findings(capsys, path):
            if all(isinstance(f[k], (int, float)) for k in ("expected", "found", "difference")):
                assert f["difference"] == pytest.approx(f["found"] - f["expected"], abs=1e-6), (f["code"], f["message"])
    # NS03 in sample 004: 62 people, 36 listed.
    (ns03,) = [f for f in _findings(capsys, S004_TXT) if f["code"] == "NS03"]
    assert (ns03["expected"], ns03["found"], ns03["difference"]) == (62, 36, -26)


def test_a_difference_between_percentages_is_in_percentage_points(capsys):
    src = SAMPLES / "000_e4b7451ca6ac423e.txt"
    main([str(src), "--format", "md", "--only", "NT04", "--fail-on", "none"])
    out = capsys.readouterr().out
    assert "差额 -2.5个百分点；容差 ±0.05个百分点" in out
    (f,) = [f for f in _findings(capsys, src, "--only", "NT04") if f["unit"] == "%"]
    assert f["difference_unit"] == "个百分点" and f["difference"] == -2.5


def test_json_numbers_are_rounded_to_the_printed_precision(capsys):
    for f in _findings(capsys, SAMPLES / "003_4e9d9af9462a4af4.txt"):
        for k in ("expected", "found", "difference", "tolerance"):
            v = f[k]
            if isinstance(v, float):
                assert len(repr(v).split(".")[-1]) <= 4, (f["code"], k, v)


def test_table_amounts_in_messages_carry_their_unit_and_quotes_nest(capsys):
    msgs = {f["message"] for f in _findings(capsys, S004_TXT)}
    assert any("表格（2022 年度部门整体支出绩效评价基础数据表 › 项目支出 › 2022年决算数）为38万元" in m for m in msgs)
    assert any("正文“我办‘三公经费’支出合计”为11.9 万元" in m for m in msgs)
    assert not any("“我办“三公经费”" in m for m in msgs)
    msgs = {f["message"] for f in _findings(capsys, SAMPLES / "003_4e9d9af9462a4af4.txt")}
    assert any("报告中项目支出为226.06万元" in m for m in msgs)


# ------------------------------------------------------------ 10. severity


SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def test_a_severity_other_than_the_rules_default_says_why(capsys):
    from auditor.audit import audit_path
    from auditor.checks import all_checks

    default = {s.code: s.severity for s in all_checks()}
    paths = sorted(SAMPLES.glob("*.txt"))
    if (SHARED / "seeds").is_dir():
        paths += sorted((SHARED / "seeds").glob("*.txt"))
    differing = 0
    for path in paths:
        for f in audit_path(path).findings:
            if f.severity != default[f.code]:
                differing += 1
                assert f.severity_reason, (path.name, f.code, f.message)
    assert differing >= 4  # NT01 counts, NT04 verified, SC07 derived values in the samples
    # and every output shows it: sample 004's staffing figure is a warning, not NT01's error
    main([str(S004_TXT), "--format", "md", "--fail-on", "none"])
    assert "定为警告：人数、个数等计数常因统计口径" in capsys.readouterr().out
    main([str(S004_TXT), "--format", "rich", "--no-color", "--fail-on", "none"])
    assert "定为警告：人数、个数等计数" in capsys.readouterr().out.replace("\n", "")


# ------------------------------------------------------ 11. annotated .docx


def test_annotated_copy_has_one_comment_per_finding_at_its_first_figure(tmp_path, capsys):
    import docx

    main([str(S004), "--format", "json", "--fail-on", "none"])
    findings = json.loads(capsys.readouterr().out)["reports"][0]["findings"]
    out = tmp_path / "004.audited.docx"
    main([str(S004), "--format", "docx", "-o", str(out), "--fail-on", "none"])
    comments = [c.text for c in docx.Document(str(out)).comments]
    assert len(comments) == len(findings) == 12
    (tb03,) = [c for c in comments if c.startswith("[TB03")]
    assert "另见：表1" in tb03
    # one sentence per paragraph, each closed: the values are not glued to the message
    for c in comments:
        lines = c.split("\n")
        assert lines[0].endswith("。") and lines[1].startswith("期望") and lines[1].endswith("。"), c


# ------------------------------------------------------------------ 13. help


def _check_options() -> set[str]:
    import typer.main

    from auditor.cli import app

    cmd = typer.main.get_command(app).commands["check"]
    return {o for p in cmd.params for o in p.opts if o.startswith("-")} - {"--help"}


@pytest.mark.parametrize("args,lang", [(["--help"], "zh"), (["-h"], "zh"), (["--lang", "en", "--help"], "en"),
                                       (["report.docx", "--help"], "zh")])
def test_help_shows_audit_file_and_every_option_without_type_names(capsys, args, lang):
    assert main(args) == 0
    out = capsys.readouterr().out
    assert ("用法：audit 报告文件或目录" if lang == "zh" else "Usage: audit REPORT_OR_FOLDER") in out
    assert "audit report.docx" in out
    for opt in _check_options() | {"-o", "--format", "--lang"}:
        assert opt in out, opt
    assert "<" not in out and "list[" not in out
    if lang == "en":
        import re

        assert not re.search(r"[\u4e00-\u9fff]", out.replace("问题.xlsx", ""))


# ------------------------------------------------------------------ 15. xlsx


def test_xlsx_has_tolerance_cells_with_meaning_whole_text_and_print_setup(tmp_path, capsys):
    import openpyxl

    out = tmp_path / "issues.xlsx"
    main([str(S004_TXT), str(SAMPLES / "003_4e9d9af9462a4af4.txt"), "--format", "xlsx", "-o", str(out), "--fail-on", "none"])
    ws = openpyxl.load_workbook(out).worksheets[0]
    head = [c.value for c in ws[1]]
    assert "容差" in head
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    col = {h: i for i, h in enumerate(head)}
    ns02 = next(r for r in rows if r[col["代码"]] == "NS02" and r[col["期望值"]] == 2609.67)
    assert ns02[col["容差"]] == 0.015 and ns02[col["差额"]] == -0.1
    tb03 = next(r for r in rows if r[col["代码"]] == "TB03")
    assert "项目支出 › 2022年预算数：38" in str(tb03[col["引文"]])
    # no row needs more than a spreadsheet row can show (409 pt)
    from auditor.report.xlsx import _LINE_PT, _row_lines

    widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
    for r in ws.iter_rows(min_row=2):
        assert _row_lines(r, widths) * _LINE_PT + 4 <= 409
        assert ws.row_dimensions[r[0].row].height >= _row_lines(r, widths) * _LINE_PT
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"


# ------------------------------------------------------------------ 16. html


def test_html_for_several_files_has_contents_unique_ids_and_no_emoji(tmp_path, capsys):
    import re

    out = tmp_path / "r.html"
    main([str(S004), str(SAMPLES / "003_4e9d9af9462a4af4.docx"), "--format", "html", "-o", str(out), "--fail-on", "none"])
    page = out.read_text(encoding="utf-8")
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) >= 20  # 12 + 6 findings, 2 files
    nav = page[page.index('<nav class="toc">'):page.index("</nav>")]
    assert '<a href="#file1">' in nav and '<a href="#file2">' in nav
    assert f'{S004.name}</a></th><td class="error">4</td><td class="warning">8</td>' in nav
    assert all(f"#{t}" in nav for t in ("file1", "file2")) and {"file1", "file2"} <= set(ids)
    # nothing outside the common CJK fonts: no emoji or dingbats that show as boxes
    assert not re.search(r"[\U0001F000-\U0001FAFF\u2600-\u27BF]", page)


# ---------------------------------------------------------------- 17. README


def test_readme_says_tests_read_shared_and_skip_without_it_and_how_long_they_take():
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "`../shared`" in readme and "skipped, each with its\nreason" in readme and "-rs" in readme
    assert re.search(r"\d+\s*min", readme)
    # and they do skip with a reason: every test module that reads ../shared says so when it is absent
    for mod in Path(__file__).parent.glob("test_*.py"):
        text = mod.read_text(encoding="utf-8")
        if '"shared"' in text and mod.name != "test_ux.py":
            assert "skip" in text and "reason" in text or "pytest.skip(" in text, mod.name


def test_english_messages_carry_table_units_too(capsys):
    msgs = {f["message"] for f in _findings(capsys, S004_TXT, "--lang", "en")}
    assert any("2022年决算数) gives 38万元." in m for m in msgs)
    assert any("'项目支出' 2022年预算数 is 38万元" in m for m in msgs)
