"""What reviewers see and send back: one entry point, six formats.

``render(results, fmt)`` turns :class:`~auditor.findings.AuditResult` records
into a terminal view (``rich``), a JSON document (``json``), a Markdown issue
list (``md``), a spreadsheet (``xlsx``), annotated copies of .docx inputs
(``docx``) or a self-contained web page (``html``). Renderers read finding
records only; none of them imports a check.

Files are written to a temporary name in the target directory and renamed
into place; an input file is never overwritten (:class:`OutputError`).
See docs/output-formats.md and docs/json-schema.md.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from auditor.errors import AuditorError, OutputError
from auditor.findings import AuditResult
from auditor.stages import record

FORMATS = ("rich", "json", "md", "xlsx", "docx", "html")

# What a file written without an explicit name is called.
DEFAULT_NAMES = {
    "json": "audit-findings.json",
    "md": "audit-findings.md",
    "html": "audit-findings.html",
    "xlsx": "audit-findings.xlsx",
}


def make_console(color: bool | None = None, *, stderr: bool = False, width: int | None = None) -> Console:
    """A console that honours ``color``: None lets rich decide (TTY, NO_COLOR)."""
    kwargs: dict = {"stderr": stderr, "width": width}
    if color is False:
        kwargs["no_color"] = True
    elif color is True:
        kwargs["force_terminal"] = True
    return Console(**kwargs)


def render(
    results: list[AuditResult],
    fmt: str,
    *,
    lang: str = "zh",
    output: Path | None = None,
    console: Console | None = None,
    color: bool | None = None,
    skipped: list[tuple[str, str, str]] | None = None,
) -> list[Path]:
    """Render ``results`` as ``fmt``; return the files written (empty for stdout).

    ``output``: for json/md/html, a file (or a directory for the default name)
    instead of stdout; for xlsx, the workbook path (default
    ``audit-findings.xlsx`` in the current directory); for docx, a directory
    for ``<stem>.audited.docx`` copies (default: beside each input) or, with
    one input, the copy's file name. For ``rich``, ``output`` saves the view
    as plain text (``.txt``), SVG (``.svg``) or HTML (``.html``) as well.

    ``skipped``: files a folder walk passed over, as (path, reason_zh,
    reason_en); every format lists them in its summary.
    """
    fmt = (fmt or "").lower().strip()
    if fmt == "markdown":
        fmt = "md"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    lang = "en" if lang == "en" else "zh"
    results = list(results)
    output = Path(output) if output is not None else None
    skipped = list(skipped or [])
    try:
        return _render(results, fmt, lang, output, console, color, skipped)
    except AuditorError:
        raise
    except Exception as e:  # noqa: BLE001 - a renderer bug must not cost the reviewer the findings
        # Recorded (auditor.stages), then the findings come out as Markdown on
        # stdout (JSON if Markdown was the one that failed).
        record("render", fmt, e)
        return _render(results, "json" if fmt == "md" else "md", lang, None, console, color, skipped)


def _render(results, fmt, lang, output, console, color, skipped) -> list[Path]:
    if fmt == "rich":
        return _render_rich(results, lang, output, console, color, skipped)
    if fmt == "json":
        from ._common import emit_text
        from .json_out import render_json

        return emit_text(render_json(results, lang, skipped=skipped), output, results, DEFAULT_NAMES["json"], console)
    if fmt == "md":
        from ._common import emit_text
        from .markdown import render_markdown

        return emit_text(render_markdown(results, lang, skipped=skipped), output, results, DEFAULT_NAMES["md"], console)
    if fmt == "html":
        from ._common import emit_text
        from .html import render_html

        return emit_text(render_html(results, lang, skipped=skipped), output, results, DEFAULT_NAMES["html"], console)
    if fmt == "xlsx":
        from ._common import atomic_write, output_file, refuse_inputs
        from .xlsx import render_xlsx

        path = output_file(output, DEFAULT_NAMES["xlsx"])
        refuse_inputs(path, results)
        return [atomic_write(path, render_xlsx(results, lang, skipped=skipped))]
    from .docx_annotate import render_docx

    return render_docx(results, lang=lang, output=output, console=console)


def _render_rich(results, lang, output, console, color, skipped) -> list[Path]:
    from ._common import atomic_write, output_file, refuse_inputs
    from .terminal import export_svg, render_terminal

    if console is None:
        console = make_console(color)
    elif color is False and not console.no_color:
        console.no_color = True
    if output is not None:
        console.record = True
    render_terminal(results, console, lang, skipped=skipped)
    if output is None:
        return []
    output = output_file(output, "audit-findings.txt")
    refuse_inputs(output, results)
    suffix = output.suffix.lower()
    if suffix == ".svg":
        data = export_svg(console, title="auditor")
    elif suffix in (".html", ".htm"):
        data = console.export_html(inline_styles=True)
    else:
        data = console.export_text()
    return [atomic_write(output, data)]


__all__ = ["render", "FORMATS", "make_console", "OutputError"]
