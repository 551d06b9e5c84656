"""`audit`: the command reviewers run.

    audit REPORT... [--format rich|json|md|xlsx|docx|html] [--output PATH]
    audit rules
    audit explain CODE

Exit codes: 0 nothing reached --fail-on; 1 something did; 2 usage error;
3 and up: an input could not be read (the value says why, see
auditor.errors). In a batch a bad file is reported and the rest go on.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import List, Optional

import typer

from auditor import __version__
from auditor.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, AuditorError, OutputError, UnreadableError
from auditor.findings import AuditResult, Severity

SUFFIXES = {".docx", ".doc", ".txt", ".pdf", ".html", ".htm", ".xlsx", ".xls", ".md", ".markdown"}
# What audit itself writes into a folder is not a report to audit next time.
_OWN_OUTPUTS = ("audit-findings.",)
FORMATS = ("rich", "json", "md", "xlsx", "docx", "html")

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="检查预算绩效自评报告中的数字是否前后一致。")


# What this tool writes: never an input when a folder is walked.
_OWN_OUTPUT_SUFFIX = ".audited.docx"
_OWN_OUTPUT_NAMES = {"audit-findings.json", "audit-findings.md", "audit-findings.html",
                     "audit-findings.xlsx", "audit-findings.txt"}


def _skip_reason(f: Path) -> tuple[str, str] | None:
    """Why a file met while walking a folder is not audited (zh, en), or None."""
    name = f.name
    if name.startswith(("~$", ".")):
        return None  # editor lock files and hidden files: not worth a line
    # (A report named as the output with -o is still an input: writing over it is refused.)
    if name.lower().endswith(_OWN_OUTPUT_SUFFIX) or name in _OWN_OUTPUT_NAMES or name.startswith(_OWN_OUTPUTS):
        return ("本工具的输出文件", "output of this tool")
    if f.suffix.lower() not in SUFFIXES:
        ext = f.suffix or "无扩展名"
        return (f"不支持的格式（{ext}），只读取 .docx .txt .pdf .doc .html .htm .xlsx .xls .md",
                f"unsupported format ({f.suffix or 'no extension'}); only .docx .txt .pdf .doc .html .htm .xlsx .xls .md are read")
    return None


def _expand(paths: list[Path]) -> tuple[list[Path], list[AuditResult], list[tuple[str, str, str]]]:
    """Files to audit, directories walked; missing paths become results with
    errors; files a folder walk passes over are returned with the reason."""
    files: list[Path] = []
    missing: list[AuditResult] = []
    skipped: list[tuple[str, str, str]] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file()):
                why = _skip_reason(f)
                if why is not None:
                    skipped.append((str(f), *why))
                elif f.suffix.lower() in SUFFIXES and not f.name.startswith(("~$", ".")):
                    files.append(f)
        elif p.exists():
            files.append(p)
        else:
            missing.append(AuditResult(file=str(p), error=UnreadableError(
                str(p), "文件不存在，请检查路径", "file not found; check the path")))
    return files, missing, skipped


def _output_path(raw: str | None) -> Path | None:
    """``-o``: a path ending in a separator, or an existing folder, is a folder
    (created when missing); anything else is a file."""
    if raw is None:
        return None
    p = Path(raw)
    if raw.endswith(("/", os.sep)) or p.is_dir():
        try:
            p.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            err = OutputError(raw, f"无法创建输出目录：{e.strerror or e}；请检查路径是否可写。",
                              f"cannot create the output folder: {e.strerror or e}; check the path is writable.")
            raise err from e
    return p


def _audit_one(args) -> AuditResult:
    path, config, debug = args
    from auditor.audit import audit_path

    try:
        return audit_path(path, config)
    except AuditorError as e:
        return AuditResult(file=str(path), error=e)
    except Exception as e:  # noqa: BLE001 - one bad file must not stop a batch
        if debug:
            raise
        detail = " ".join(str(e).split())[:300]  # one line, whatever the exception says
        return AuditResult(file=str(path), error=UnreadableError(
            str(path), f"无法处理该文件（{type(e).__name__}: {detail}），请用 --debug 查看详情或将文件反馈给维护者",
            f"could not process this file ({type(e).__name__}: {detail}); rerun with --debug"))


def _exit_code(results: list[AuditResult], fail_on: Severity) -> int:
    failed = {getattr(r.error, "exit_code", EXIT_UNREADABLE) for r in results if r.error is not None}
    if failed:
        return failed.pop() if len(failed) == 1 else EXIT_UNREADABLE
    if any(f.severity >= fail_on for r in results for f in r.findings):
        return EXIT_FINDINGS
    return EXIT_OK


@app.command("check")
def check_cmd(
    files: List[Path] = typer.Argument(..., help="报告文件或目录（.docx .txt .pdf .doc .html .xlsx .xls .md）"),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="rich|json|md|xlsx|docx|html；终端默认 rich，管道默认 md"),
    output_arg: Optional[str] = typer.Option(None, "--output", "-o", help="输出文件或目录（以 / 结尾或已存在的目录：每个报告一个文件放在其中）"),
    lang: str = typer.Option("zh", "--lang", help="zh|en"),
    fail_on: str = typer.Option("error", "--fail-on", help="error|warning|info|none：达到该级别时退出码为 1（none 表示从不）"),
    min_severity: str = typer.Option("info", "--min-severity", help="只显示不低于该级别的问题"),
    only: List[str] = typer.Option([], "--only", help="只运行这些检查代码（可重复）"),
    ignore: List[str] = typer.Option([], "--ignore", help="跳过这些检查代码（可重复）"),
    jobs: int = typer.Option(1, "--jobs", "-j", help="并行进程数（多文件时）"),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="强制开启/关闭颜色"),
    debug: bool = typer.Option(False, "--debug", help="出错时显示完整堆栈"),
) -> None:
    """审核一个或多个报告。"""
    from auditor.audit import AuditConfig
    from auditor.checks import known_codes

    if lang not in ("zh", "en"):
        _usage(f"--lang 只能是 zh 或 en，收到 {lang!r}")
    try:
        # "none" never fails on findings: for showing a report without gating.
        fail_sev = Severity.ERROR + 1 if fail_on.strip().lower() in ("none", "never") else Severity.parse(fail_on)
        min_sev = Severity.parse(min_severity)
    except ValueError as e:
        _usage(str(e))
    fmt = fmt or ("rich" if sys.stdout.isatty() else "md")
    if fmt not in FORMATS:
        _usage(f"--format 只能是 {'|'.join(FORMATS)}，收到 {fmt!r}")
    codes = known_codes()
    split = lambda xs: {c.strip().upper() for x in xs for c in x.split(",") if c.strip()}  # noqa: E731
    only_set, ignore_set = split(only), split(ignore)
    unknown = (only_set | ignore_set) - codes
    if unknown:
        _usage(f"未知的检查代码：{', '.join(sorted(unknown))}（用 audit rules 查看全部代码）")

    try:
        output = _output_path(output_arg)
    except OutputError as e:
        typer.echo(e.message(lang), err=True)
        raise typer.Exit(e.exit_code)
    paths, missing, skipped = _expand(files)
    inputs = {p.resolve() for p in paths}
    if output is not None and output.resolve() in inputs:
        err = OutputError(str(output), "输出文件与输入文件相同，拒绝覆盖原文件；请另选输出路径（-o）。",
                          "output is the same file as an input; refusing to overwrite it — choose another output path (-o).")
        typer.echo(err.message(lang), err=True)
        raise typer.Exit(err.exit_code)
    config = AuditConfig(only=frozenset(only_set), ignore=frozenset(ignore_set), min_severity=min_sev,
                         options={"debug": debug})

    results = list(missing) + _run(paths, config, jobs, debug)
    if not results:
        _usage("没有找到可审核的文件（支持 .docx .txt .pdf .doc .html .htm .xlsx .xls .md）")
    from auditor.report import render

    from auditor.stages import collecting

    with collecting() as render_failures:
        try:
            written = render(results, fmt, lang=lang, output=output, color=color, skipped=skipped)
        except AuditorError as e:
            typer.echo(e.message(lang), err=True)
            raise typer.Exit(e.exit_code)
    for p in written:
        typer.echo(f"已写入 {p}" if lang == "zh" else f"wrote {p}", err=True)
    for path, why_zh, why_en in skipped:
        typer.echo(f"已跳过 {path}：{why_zh}" if lang == "zh" else f"skipped {path}: {why_en}", err=True)
    for r in results:
        # A component that failed cost its own results only: say which, once.
        for failure in r.failures:
            typer.echo(f"{r.file}: {failure.line(lang)}" + ("" if debug else _DEBUG_TIP[lang]), err=True)
            if debug:
                typer.echo(failure.traceback.rstrip(), err=True)
    for failure in render_failures:
        typer.echo(f"audit: {failure.line(lang)}" + ("" if debug else _DEBUG_TIP[lang]), err=True)
        if debug:
            typer.echo(failure.traceback.rstrip(), err=True)
    for r in results:
        if r.error is not None and fmt != "rich":
            typer.echo(r.error.message(lang), err=True)
        elif r.error is None and r.stats.get("figures") == 0 and not r.stats.get("relations_checked") and fmt != "rich":
            # Zero findings from zero figures is not a clean bill of health: say so.
            typer.echo(f"{r.file}: 报告中没有找到任何数字，没有可核对的内容；请确认文件是预算绩效报告且文字可复制"
                       if lang == "zh" else f"{r.file}: no figures found in the report, nothing was checked", err=True)
    raise typer.Exit(_exit_code(results, fail_sev))


_DEBUG_TIP = {"zh": "；用 --debug 查看详情", "en": "; rerun with --debug for the traceback"}


def _run(paths: list[Path], config, jobs: int, debug: bool) -> list[AuditResult]:
    args = [(p, config, debug) for p in paths]
    if jobs > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as ex:
            return list(ex.map(_audit_one, args, chunksize=max(1, len(args) // (jobs * 4))))
    if len(paths) > 3 and sys.stderr.isatty():
        from rich.progress import Progress

        out = []
        with Progress(transient=True) as prog:
            task = prog.add_task("审核中", total=len(paths))
            for a in args:
                out.append(_audit_one(a))
                prog.advance(task)
        return out
    return [_audit_one(a) for a in args]


@app.command("rules")
def rules_cmd(lang: str = typer.Option("zh", "--lang", help="zh|en")) -> None:
    """列出全部检查。"""
    from rich.console import Console
    from rich.table import Table

    from auditor.checks import all_checks

    zh = _lang(lang) == "zh"
    t = Table("代码" if zh else "code", "名称" if zh else "name",
              "级别" if zh else "severity", "说明" if zh else "description")
    for spec in all_checks():
        t.add_row(spec.code, spec.name if zh else spec.name_en,
                  spec.severity.label_zh if zh else spec.severity.label_en, spec.description(lang))
    Console().print(t)


@app.command("explain")
def explain_cmd(code: str, lang: str = typer.Option("zh", "--lang", help="zh|en")) -> None:
    """打印一条检查的说明与正反例。"""
    from auditor.checks import all_checks
    from auditor.checks.cases import first_cases

    zh = _lang(lang) == "zh"
    for spec in all_checks():
        if spec.code == code.upper():
            name = spec.name if zh else spec.name_en
            sev = spec.severity.label_zh if zh else spec.severity.label_en
            typer.echo(f"{spec.code}  {name}  [{sev}]\n")
            typer.echo(spec.description(lang) + "\n")
            fail, ok = first_cases(spec.code)
            for case, head in ((fail, f"反例（应提示 {spec.code}）" if zh else f"Failing example (raises {spec.code})"),
                               (ok, f"正例（不提示 {spec.code}）" if zh else f"Passing example (does not raise {spec.code})")):
                if case is None:
                    continue
                # The case's name is Chinese data: shown in zh only; the fragment is report text in either.
                typer.echo(f"{head}：{case['name']}" if zh else f"{head}:")
                typer.echo("\n".join("    " + line for line in _fragment_lines(case["text"])) + "\n")
            return
    _usage(f"未知的检查代码：{code}（用 audit rules 查看全部代码）" if zh
           else f"unknown check code: {code} (audit rules lists them all)")


def _fragment_lines(text: str) -> list[str]:
    """A case's report fragment as the text reader reads it: paragraphs as they
    are, each table row as its cells joined by " | " (whatever the TAB layout)."""
    from auditor.document import Table
    from auditor.ingest.text import parse_text

    lines = []
    for block in parse_text(text, "case.txt").blocks:
        if isinstance(block, Table):
            for row in block.value_grid():
                lines.append(" | ".join(" ".join(c.split()) for c in row).rstrip(" |"))
        else:
            lines.append(block.text)
    return lines


def _lang(lang: str) -> str:
    if lang not in ("zh", "en"):
        _usage(f"--lang 只能是 zh 或 en，收到 {lang!r}")
    return lang


def _usage(msg: str):
    typer.echo(f"audit: {msg}", err=True)
    raise typer.Exit(EXIT_USAGE)


HELP_ZH = """用法：audit 报告文件或目录... [选项]
      audit rules                列出全部检查
      audit explain 代码          一条检查的说明与正反例

检查预算绩效自评报告中的数字是否前后一致。直接给出文件或目录即可：audit report.docx

选项：
  -f, --format 格式        rich|json|md|xlsx|docx|html：终端默认 rich，管道或重定向时默认 md
  -o, --output 路径        输出文件；以 / 结尾或已存在的目录则在其中写入（不存在时创建）
  --lang zh|en             输出语言（默认 zh）
  --min-severity 级别      只显示不低于该级别的问题：error|warning|info（默认 info）
  --fail-on 级别           达到该级别时退出码为 1：error|warning|info|none（默认 error）
  --only 代码              只运行这些检查（可重复，或以逗号分隔）
  --ignore 代码            跳过这些检查（可重复，或以逗号分隔）
  -j, --jobs 数量          并行进程数（多个文件时）
  --color / --no-color     强制开启/关闭颜色
  --debug                  出错时显示完整堆栈
  -V, --version            显示版本
  -h, --help               显示本帮助（--lang en --help 为英文）

示例：
  audit report.docx                          终端查看
  audit reports/ --format md -o issues.md    整个目录的问题清单
  audit report.docx --format xlsx -o 问题.xlsx
  audit report.docx --format docx            带批注的副本 report.audited.docx

退出码：0 没有达到 --fail-on 的问题；1 有；2 用法错误；3–10 输入无法读取或输出无法写入
（3 损坏 4 加密 5 无文字层 6 格式不支持 7 过大 8 空文件 9 编码无法识别 10 拒绝写出）。
"""

HELP_EN = """Usage: audit REPORT_OR_FOLDER... [OPTIONS]
       audit rules                 list every check
       audit explain CODE          one check, with a failing and a passing example

Checks that the figures in a budget performance self-evaluation report agree.
Give the files or folders directly: audit report.docx

Options:
  -f, --format FORMAT      rich|json|md|xlsx|docx|html: rich on a terminal, md when piped
  -o, --output PATH        output file; a path ending in / or an existing folder is a folder
                           (created when missing) to write into
  --lang zh|en             language of the output (default zh)
  --min-severity LEVEL     show findings at or above LEVEL: error|warning|info (default info)
  --fail-on LEVEL          exit 1 when a finding reaches LEVEL: error|warning|info|none (default error)
  --only CODE              run only these checks (repeatable, or comma-separated)
  --ignore CODE            skip these checks (repeatable, or comma-separated)
  -j, --jobs N             worker processes (several files)
  --color / --no-color     force colour on or off
  --debug                  show the full traceback on errors
  -V, --version            show the version
  -h, --help               show this help

Examples:
  audit report.docx                          view in the terminal
  audit reports/ --format md -o issues.md    one issue list for a whole folder
  audit report.docx --format xlsx -o issues.xlsx
  audit report.docx --format docx            annotated copy report.audited.docx

Exit codes: 0 nothing reached --fail-on; 1 something did; 2 usage error; 3-10 an input
could not be read or an output not written (3 corrupt, 4 encrypted, 5 no text layer,
6 unsupported format, 7 too large, 8 empty, 9 unknown encoding, 10 output refused).
"""


def _help_lang(argv: list[str]) -> str:
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return "zh"


def main(argv: list[str] | None = None) -> int:
    """Entry point: `audit FILE...` audits; `audit rules|explain` are subcommands."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("--version", "-V"):
        print(f"auditor {__version__}")
        return 0
    # Our own help for the main command: `audit FILE` and its options, in the
    # language asked for (the subcommands keep theirs).
    if not argv or (("--help" in argv or "-h" in argv) and argv[0] not in ("rules", "explain")):
        print(HELP_EN if _help_lang(argv) == "en" else HELP_ZH, end="")
        return 0 if argv else EXIT_USAGE
    # A bare file list means "check": reviewers type `audit report.docx`.
    if argv and argv[0] not in ("check", "rules", "explain", "--help", "-h") \
            and not (argv[0] in ("rules", "explain") and not os.path.exists(argv[0])):
        argv = ["check", *argv]
    try:
        # Outside standalone mode click *returns* a typer.Exit's code instead of raising it.
        code = app(args=argv, prog_name="audit", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except typer.Exit as e:
        return e.exit_code
    except SystemExit as e:
        return int(e.code or 0)
    except Exception as e:  # click usage errors and anything unexpected
        # By class name: typer may ship its own copy of click (typer._click).
        kinds = {c.__name__ for c in type(e).__mro__}
        if "ClickException" in kinds:
            e.show()
            return EXIT_USAGE
        if "Abort" in kinds:
            return 130
        if "--debug" in argv:
            raise
        print(f"audit: 内部错误：{type(e).__name__}: {e}（请用 --debug 重试并反馈）", file=sys.stderr)
        return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
