"""Excel workbooks (.xlsx) with openpyxl: every visible sheet a table.

Cached values are read (``data_only``): what Excel or WPS last showed,
formulas included. The layout rules (title rows, merged cells, number
formats) are shared with .xls in :mod:`auditor.ingest.sheets`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from auditor.document import Document
from auditor.errors import UnreadableError
from auditor.ingest import DocumentBuilder, require_content
from auditor.ingest.sheets import Merge, add_sheet, cell_text

__all__ = ["read_xlsx"]

_UNREADABLE_ZH = "Excel 表格已损坏或无法读取，请在 Excel/WPS 中打开后重新另存为 .xlsx 再试"
_UNREADABLE_EN = "the Excel workbook is damaged or cannot be read; open it in Excel/WPS and save it again as .xlsx"


def read_xlsx(path: str | Path) -> Document:
    """Read a .xlsx workbook into a :class:`Document`, one table per sheet."""
    import openpyxl

    p = Path(path)
    try:
        wb = openpyxl.load_workbook(p, data_only=True, read_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError) as e:
        raise UnreadableError(str(p), _UNREADABLE_ZH, _UNREADABLE_EN) from e
    except Exception as e:  # openpyxl raises many kinds on malformed parts
        raise UnreadableError(str(p), _UNREADABLE_ZH, f"{_UNREADABLE_EN} ({type(e).__name__})") from e
    builder = DocumentBuilder(p, "xlsx")
    sheets = []
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            sheets.append(ws.title)
            grid = [[cell_text(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
            merges = [Merge(r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in ws.merged_cells.ranges]
            add_sheet(builder, ws.title, grid, merges)
    finally:
        wb.close()
    doc = builder.build(sheets=sheets)
    return require_content(doc, zh="表格中没有任何内容，请确认导出是否成功", en="the workbook contains no cells with text")
