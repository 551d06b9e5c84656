"""Old Excel workbooks (.xls, BIFF) with xlrd: every visible sheet a table.

xlrd 2.x reads only .xls, in pure Python, and is maintained for exactly
that. ``formatting_info`` gives merged cells and number formats; the layout
rules are shared with .xlsx in :mod:`auditor.ingest.sheets`. An encrypted
workbook (a FILEPASS record) gets its own error.
"""

from __future__ import annotations

from pathlib import Path

from auditor.document import Document
from auditor.errors import EncryptedError, UnreadableError, UnsupportedFormatError
from auditor.ingest import DocumentBuilder, require_content
from auditor.ingest.sheets import Merge, add_sheet, cell_text

__all__ = ["read_xls"]

_UNREADABLE_ZH = "旧版 Excel 表格（.xls）已损坏或无法读取，请在 Excel/WPS 中打开后另存为 .xlsx 再试"
_UNREADABLE_EN = "the .xls workbook is damaged or cannot be read; open it in Excel/WPS and save it as .xlsx"


def read_xls(path: str | Path) -> Document:
    """Read a .xls workbook into a :class:`Document`, one table per sheet."""
    p = Path(path)
    try:
        import xlrd
    except ImportError as e:  # a dependency, but say what to do if it is missing
        raise UnsupportedFormatError(str(p), "读取 .xls 需要 xlrd，请安装后再试，或另存为 .xlsx",
                                     "reading .xls needs xlrd; install it or save the workbook as .xlsx") from e
    try:
        book = xlrd.open_workbook(file_contents=p.read_bytes(), formatting_info=True, on_demand=False)
    except xlrd.XLRDError as e:
        if "encrypt" in str(e).lower():
            raise EncryptedError(str(p), "Excel 表格设置了打开密码，请取消密码后另存为 .xlsx 再试",
                                 "the workbook is password-protected; remove the password and save it as .xlsx") from e
        raise UnreadableError(str(p), _UNREADABLE_ZH, _UNREADABLE_EN) from e
    except Exception as e:  # xlrd raises assorted errors on damaged BIFF records
        raise UnreadableError(str(p), _UNREADABLE_ZH, f"{_UNREADABLE_EN} ({type(e).__name__})") from e
    builder = DocumentBuilder(p, "xls")
    sheets = []
    for sh in book.sheets():
        if getattr(sh, "visibility", 0) != 0:
            continue
        sheets.append(sh.name)
        grid = []
        for r in range(sh.nrows):
            row = []
            for c in range(sh.ncols):
                row.append(_text(book, sh, r, c, xlrd))
            grid.append(row)
        merges = [Merge(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]
        add_sheet(builder, sh.name, grid, merges)
    doc = builder.build(sheets=sheets)
    return require_content(doc, zh="表格中没有任何内容，请确认导出是否成功", en="the workbook contains no cells with text")


def _text(book, sh, r: int, c: int, xlrd) -> str:
    cell = sh.cell(r, c)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return ""
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    fmt = None
    try:
        xf = book.xf_list[cell.xf_index]
        fmt = book.format_map[xf.format_key].format_str
    except (IndexError, KeyError, AttributeError):
        pass
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
        except Exception:  # noqa: BLE001 - an impossible date shows as its number
            return cell_text(float(cell.value))
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return cell_text(float(cell.value), fmt)
    return str(cell.value)
