"""The spreadsheet: one row per finding for tracking and filtering.

Plain features only (autofilter, frozen header, widths, wrap, fills, bold
runs in a cell) so the file opens the same in Excel, WPS and LibreOffice.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from auditor.findings import AuditResult, Finding, Severity

from ._common import (
    SEVERITIES_DESC,
    SEVERITY_COLOURS,
    coverage_notes,
    difference_unit,
    tolerance_decimals,
    display_width,
    error_code,
    error_message,
    finding_decimals,
    finding_hint,
    finding_message,
    finding_name,
    label,
    quote_lines,
    severity_label,
    severity_note,
)

_FILLS = {
    Severity.ERROR: "FFEBEE",
    Severity.WARNING: "FFF3E0",
    Severity.INFO: "E3F2FD",
}
_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
_THIN = Side(style="thin", color="B0B7C0")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_MIN_W, _MAX_W = 6, 60


def _headers(lang: str) -> list[str]:
    keys = ["files", "code", "name", "severity", "location", "quote", "expected_value", "found_value", "difference",
            "tolerance", "message"]
    out = [label(k, lang) for k in keys]
    if lang == "en":
        out = [h[:1].upper() + h[1:] for h in out]
        out[0] = "File"
    else:
        out[0] = "文件"
    return out


def _number_format(decimals: int, unit: str | None, signed: bool = False) -> str:
    fmt = "0" + ("." + "0" * decimals if decimals else "")
    if signed:
        fmt = f"+{fmt};-{fmt};{fmt}"
    if unit:
        # A literal suffix in quotes: supported since Excel 97, and by WPS.
        u = unit.replace('"', "")
        fmt = ";".join(f'{part}"{u}"' for part in fmt.split(";"))
    return fmt


def _quote_rich(f: Finding, lang: str) -> tuple[CellRichText | str, str]:
    """Quotations of all evidence, one per line, figures bold in the severity colour."""
    colour = SEVERITY_COLOURS[f.severity].lstrip("#").upper()
    bold = InlineFont(rFont="Calibri", b=True, color=colour)
    blocks: list[Any] = []
    for k, line in enumerate(quote_lines(f, lang)):
        if k:
            blocks.append("\n")
        for kind, piece in line.segments:
            blocks.append(TextBlock(bold, piece) if kind == "figure" else piece.replace("\n", " "))
    # Adjacent plain pieces are merged: fewer runs, same text.
    merged: list[Any] = []
    for b in blocks:
        if isinstance(b, str) and merged and isinstance(merged[-1], str):
            merged[-1] += b
        else:
            merged.append(b)
    plain = "".join(b if isinstance(b, str) else b.text for b in merged)
    if not any(isinstance(b, TextBlock) for b in merged):
        return plain, plain
    return CellRichText(*merged), plain


def _cell_width(value: Any) -> int:
    s = value if isinstance(value, str) else str(value if value is not None else "")
    return max((display_width(line) for line in s.split("\n")), default=0)


_LINE_PT = 16.0  # one wrapped line of 11 pt text (CJK fallback fonts are taller than Calibri)
_WRAP_SLACK = 0.85  # word wrapping leaves part of each line empty: count it, or the last line is cut off


def _row_lines(row: Any, col_widths: list[float]) -> int:
    """Wrapped lines the tallest cell of ``row`` needs at these widths."""
    lines = 1
    for cell, width in zip(row, col_widths):
        v = cell.value
        text = str(v) if v is not None else ""
        usable = max(int((width - 1) * _WRAP_SLACK), 1)
        n = sum(max(1, -(-display_width(part) // usable)) for part in text.split("\n"))
        lines = max(lines, n)
    return lines


def _max_lines(ws: Any, col_widths: list[float], first_row: int = 2) -> int:
    return max((_row_lines(row, col_widths) for row in ws.iter_rows(min_row=first_row)), default=1)


def _fit_row_heights(ws: Any, col_widths: list[float], first_row: int = 2) -> None:
    """Row heights for wrapped text: no spreadsheet program re-measures
    rows on open, so a cell with three lines would show one."""
    for row in ws.iter_rows(min_row=first_row):
        ws.row_dimensions[row[0].row].height = min(409.0, _row_lines(row, col_widths) * _LINE_PT + 4)


def _finding_row(res: AuditResult, f: Finding, lang: str) -> tuple[list[Any], list[str]]:
    """The cell values, and their plain text for measuring widths."""
    quote_value, quote_plain = _quote_rich(f, lang)
    locs = "\n".join(line.location for line in quote_lines(f, lang))
    msg = finding_message(f, lang)
    hint = finding_hint(f, lang)
    if hint:
        msg += ("\n提示：" if lang != "en" else "\nHint: ") + hint
    note = severity_note(f, lang)
    if note:
        msg += "\n" + note
    vals = [f.expected, f.found, f.difference, f.tolerance]
    row = [res.file, f.code, finding_name(f, lang), severity_label(f.severity, lang), locs, quote_value, *vals, msg]
    plain = [str(x) if not isinstance(x, CellRichText) else quote_plain for x in row]
    return row, plain


def render_xlsx(results: list[AuditResult], lang: str = "zh", skipped: list | None = None) -> bytes:
    """The workbook as .xlsx bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = label("sheet_findings", lang)
    headers = _headers(lang)
    ws.append(headers)
    widths = [display_width(h) for h in headers]
    for j in range(1, len(headers) + 1):
        c = ws.cell(row=1, column=j)
        c.font = Font(bold=True)
        c.fill = _HEADER_FILL
        c.alignment = Alignment(vertical="center", wrap_text=True)
        c.border = _BORDER

    r = 1
    for res in results:
        for f in res.findings:
            r += 1
            row, plain = _finding_row(res, f, lang)
            d = finding_decimals(f)
            for j, v in enumerate(row, start=1):
                cell = ws.cell(row=r, column=j, value=v)
                cell.alignment = _WRAP_TOP
                cell.border = _BORDER
            du = difference_unit(f.unit, lang)
            for j, signed, places, unit in ((7, False, d, f.unit), (8, False, d, f.unit), (9, True, d, du),
                                            (10, False, tolerance_decimals(f), du)):
                cell = ws.cell(row=r, column=j)
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    cell.value = round(float(cell.value), places)
                    cell.number_format = _number_format(places, unit, signed)
                    if j == 10:
                        cell.number_format = '"±"' + cell.number_format
                    # Widths measure what Excel shows, not the raw float.
                    plain[j - 1] = (f"{cell.value:+.{places}f}{unit or ''}" if signed
                                    else f"{'±' if j == 10 else ''}{cell.value:.{places}f}{unit or ''}")
            sev_cell = ws.cell(row=r, column=4)
            sev_cell.fill = PatternFill("solid", fgColor=_FILLS[f.severity])
            sev_cell.font = Font(bold=True, color=SEVERITY_COLOURS[f.severity].lstrip("#").upper())
            for j, p in enumerate(plain):
                widths[j] = max(widths[j], _cell_width(p))

    last_col = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A1:{last_col}{max(r, 1)}"
    ws.freeze_panes = "A2"
    _print_setup(ws)
    col_widths = [max(_MIN_W, min(_MAX_W, w + 2)) for w in widths]
    # A row taller than a spreadsheet allows (409 pt) would be cut off: widen the
    # wrapped text columns until every row fits.
    while _max_lines(ws, col_widths) * _LINE_PT + 4 > 409 and max(col_widths[4], col_widths[5], col_widths[-1]) < 100:
        for j in (4, 5, len(col_widths) - 1):
            if col_widths[j] >= _MAX_W:
                col_widths[j] += 10
    for j, w in enumerate(col_widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    _fit_row_heights(ws, col_widths, first_row=2)

    if len(results) > 1 or skipped or any(res.error is not None or coverage_notes(res) for res in results):
        _summary_sheet(wb, results, lang, skipped or [])

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _print_setup(ws: Any) -> None:
    """Printed: landscape, all columns on the page width, the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _summary_sheet(wb: Workbook, results: list[AuditResult], lang: str, skipped: list) -> None:
    ws = wb.create_sheet(label("sheet_summary", lang))
    head = ["文件" if lang != "en" else "File", label("status", lang)]
    head += [severity_label(s, lang) for s in SEVERITIES_DESC]
    head += [label("figures", lang), label("relations", lang), label("error_col", lang)]
    ws.append(head)
    for j in range(1, len(head) + 1):
        c = ws.cell(row=1, column=j)
        c.font = Font(bold=True)
        c.fill = _HEADER_FILL
        c.border = _BORDER
    widths = [display_width(h) for h in head]
    for res in results:
        counts = res.counts()
        failed = res.error is not None
        row = [
            res.file,
            (f"{label('failed', lang)} [{error_code(res)}]" if failed else label("ok", lang)),
            *(counts[s.label_en] for s in SEVERITIES_DESC),
            (res.stats or {}).get("figures"),
            (res.stats or {}).get("relations_checked"),
            error_message(res, lang) if failed else "\n".join(coverage_notes(res, lang)),
        ]
        ws.append(row)
        rr = ws.max_row
        for j in range(1, len(row) + 1):
            c = ws.cell(row=rr, column=j)
            c.alignment = _WRAP_TOP
            c.border = _BORDER
        if failed:
            ws.cell(row=rr, column=2).font = Font(bold=True, color="C62828")
        for j, v in enumerate(row):
            widths[j] = max(widths[j], _cell_width(v))
    for path, zh, en in skipped:
        row = [path, label("skipped", lang), "", "", "", "", "", en if lang == "en" else zh]
        ws.append(row)
        for j in range(1, len(row) + 1):
            c = ws.cell(row=ws.max_row, column=j)
            c.alignment = _WRAP_TOP
            c.border = _BORDER
        for j, v in enumerate(row):
            widths[j] = max(widths[j], _cell_width(v))
    # Plain numbers, not formulas: nothing to recalculate on open.
    ok = [res for res in results if res.error is None]
    ws.append([label("total", lang), "", *(sum(res.counts()[s.label_en] for res in ok) for s in SEVERITIES_DESC)])
    for j in range(1, 6):
        ws.cell(row=ws.max_row, column=j).font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(head))}{ws.max_row - 1}"
    _print_setup(ws)
    col_widths = [max(_MIN_W, min(_MAX_W, w + 2)) for w in widths]
    for j, w in enumerate(col_widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    _fit_row_heights(ws, col_widths, first_row=2)
