"""One table in several pieces: a table split over pages or broken into consecutive tables.

A PDF prints a long table page by page; pdfplumber (or any reader of ruled
tables) then sees one table per page. A Word file may hold a long table as
two tables one after the other (split by hand, or pasted in pieces). The
pieces are one table when they *line up* and nothing is printed between them
(a reader drops page numbers and empty paragraphs before it gets here):

* **columns**: the same column edges, when the reader knows them (PDF: the
  left edges of every cell, so a piece whose top rows use fewer grid lines
  still fits), otherwise the same number of grid columns; and
* **how the second piece starts**, one of
  - a *repeated header*: its first rows repeat rows of the first piece that
    hold no figure (Word's "repeat header row", or a header typed again);
    the copies are dropped, a repeated header row is not data;
  - a *broken row*: its first row only continues cells of the first piece's
    last row (every text it holds sits under a cell of that row that is not a
    total's label, and it holds no figure and opens no next row label such as
    "十四、…" under "十三、…"): a row that ran over the page break; its texts are appended to
    those cells;
  - a *continuation*: its first row starts in an empty first cell (a grouped
    column such as 一级指标 written once, blank below) or holds a figure; a
    new table starts with its caption or its own header instead. On the next
    page of a PDF, measured edges that line up are enough (the next block of
    a form, "年度总体目标 | 预期目标 | …", starts a page as often as not).

A merged cell cut by the page break (it reaches the first piece's last row,
and spans more than one row, or it is a first-column label whose merged
region starts on the next page) continues into the cell
below it in the second piece when that cell is empty or prints the same label
again ("过程（30分）" at the top of the next page), as the vertical merge it is; so does a cell merged down
from the second piece's repeated header (a label column 绩效指标 over the header and the rows below). Pieces that start with a caption
row (one cell across the width) are never joined.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from auditor.ingest import RawCell

__all__ = ["Piece", "join_pieces"]

EDGE_TOL = 1.5  # points: edges this close are the same grid line
_FIGURE = re.compile(r"^[\s\-—+]*[\d０-９][\d０-９.,，．]*\s*[%％]?\s*$")
_WS = re.compile(r"[\s\u3000]+")
# a text that opens a list item is a row of its own, never the rest of a cut cell
_ITEM_START = re.compile(r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)|[①-⑳]|其中)")
# a total's label is complete: nothing of it runs on into the next line
_TOTAL_END = re.compile(r"(?:合\s*计|总\s*计|小\s*计|总\s*分)$")


@dataclass(slots=True)
class Piece:
    """A table as the builder keeps it until the next block arrives."""

    cells: list["RawCell"]
    n_rows: int
    n_cols: int
    page: int | None = None  # page of the piece's last row (PDF)
    first_page: int | None = None


def _norm(s: str) -> str:
    return _WS.sub("", s or "")


def _is_figure(s: str) -> bool:
    return bool(_FIGURE.match(s or ""))


def _has_geometry(cells: list["RawCell"]) -> bool:
    return bool(cells) and all(c.x0 is not None and c.x1 is not None for c in cells)


def cluster_edges(values: list[float]) -> list[float]:
    """Edge positions with those within ``EDGE_TOL`` of the previous one merged:
    the grid lines a table's cell edges stand on (the PDF reader uses it too)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > EDGE_TOL:
            out.append(v)
    return out


def nearest_edge(edges: list[float], v: float) -> int:
    """The index of the sorted ``edges`` nearest to ``v`` (the lower one on a tie)."""
    i = bisect_left(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return i - 1
    return i - 1 if v - edges[i - 1] <= edges[i] - v else i


def _regrid(cells: list["RawCell"], edges: list[float]) -> list["RawCell"]:
    """Cells placed on shared column edges (left edges of all cells of all pieces)."""
    out = []
    for c in cells:
        col = nearest_edge(edges, c.x0)
        # the edges x with x0 - tol <= x < x1 - tol (sorted: two bisections, not a scan)
        span = max(1, bisect_left(edges, c.x1 - EDGE_TOL) - bisect_left(edges, c.x0 - EDGE_TOL))
        if col != c.col or span != c.col_span:
            c = replace(c, col=col, col_span=span)
        out.append(c)
    return out


def _rows(cells: list["RawCell"], n_rows: int) -> list[list["RawCell"]]:
    rows: list[list["RawCell"]] = [[] for _ in range(n_rows)]
    for c in cells:
        if 0 <= c.row < n_rows:
            rows[c.row].append(c)
    for r in rows:
        r.sort(key=lambda c: c.col)
    return rows


def _signature(row: list["RawCell"]) -> tuple:
    return tuple((c.col, c.col_span, _norm(c.text)) for c in row if _norm(c.text))


def _lines_up(prev: Piece, new: Piece) -> tuple[list["RawCell"], list["RawCell"], int, bool] | None:
    """Both pieces on one set of columns (and whether by measured edges), or None."""
    if _has_geometry(prev.cells) and _has_geometry(new.cells):
        def extent(cells):
            return min(c.x0 for c in cells), max(c.x1 for c in cells)

        (a0, a1), (b0, b1) = extent(prev.cells), extent(new.cells)
        if abs(a0 - b0) > 2 * EDGE_TOL or abs(a1 - b1) > 2 * EDGE_TOL:
            return None
        edges = cluster_edges([c.x0 for c in prev.cells + new.cells])
        return _regrid(prev.cells, edges), _regrid(new.cells, edges), len(edges), True
    if prev.n_cols != new.n_cols:
        return None
    return list(prev.cells), list(new.cells), prev.n_cols, False


def _caption_row(row: list["RawCell"], n_cols: int) -> bool:
    """A table's own caption typed into its first row ("项目支出绩效自评表" across the width)."""
    from auditor.ingest import looks_like_title  # defined beside the builder that imports this module

    texts = [c for c in row if _norm(c.text)]
    return len(texts) == 1 and texts[0].col_span >= max(2, n_cols - 1) and looks_like_title(texts[0].text)


def join_pieces(prev: Piece, new: Piece, *, wrap_join: str = "\n") -> Piece | None:
    """``prev`` and ``new`` as one table, or None when ``new`` is a table of its own.

    ``wrap_join`` joins the two parts of a cell broken over the page
    ("\\n" for Word, "" for PDF, whose reader joins wrapped lines without a break).
    """
    if prev.page is not None and new.first_page is not None and new.first_page not in (prev.page, prev.page + 1):
        return None  # pieces of one table sit on one page (Word pieces) or on the next one
    lined = _lines_up(prev, new)
    if lined is None:
        return None
    a_cells, b_cells, n_cols, measured = lined
    a_rows, b_rows = _rows(a_cells, prev.n_rows), _rows(b_cells, new.n_rows)
    first_b = next((i for i, r in enumerate(b_rows) if any(_norm(c.text) for c in r)), None)
    last_a = next((i for i in range(len(a_rows) - 1, -1, -1) if any(_norm(c.text) for c in a_rows[i])), None)
    if first_b is None or last_a is None:
        return None
    head = b_rows[first_b]
    if _caption_row(head, n_cols):
        return None

    # a repeated header: leading rows of the new piece equal to rows of the first piece
    drop = _repeated_header(a_rows, b_rows, first_b)
    broken = False
    if drop == 0:
        if _continues_row(a_rows[last_a], head, a_cells):
            broken = True
        elif not (any(_is_figure(c.text) for c in head) or _grouped_column_goes_on(b_rows, first_b)
                  or (measured and prev.page is not None and new.first_page == prev.page + 1)):
            return None

    out = list(a_cells)
    skip = first_b + drop
    if broken:
        out = _append_broken_row(out, a_rows[last_a], head, wrap_join)
        skip = first_b + 1
    at_row = first_b if broken else skip  # the first row the pieces meet on
    # a cell merged down from a dropped header row (绩效指标 over the repeated header and the rows
    # below) goes on from the first row kept, so it can continue the first piece's cell; its text is
    # the header's, dropped with it
    b_cells = [replace(c, row=skip, row_span=c.row + c.row_span - skip, text="")
               if not broken and first_b <= c.row < skip < c.row + c.row_span else c for c in b_cells]
    rest = [c for c in b_cells if c.row >= skip or (c.row == at_row and c.row + c.row_span > skip)]
    out, rest = _carry_merges(out, rest, prev.n_rows, at_row, skip)
    rest = [c for c in rest if c.row >= skip]
    offset = prev.n_rows - skip
    out += [replace(c, row=c.row + offset) for c in rest]
    n_rows = prev.n_rows + max(0, new.n_rows - skip)
    return Piece(out, n_rows, n_cols, new.page if new.page is not None else prev.page, prev.first_page)


def _repeated_header(a_rows: list[list["RawCell"]], b_rows: list[list["RawCell"]], first_b: int) -> int:
    """How many leading rows of the new piece repeat a run of header rows of the first."""
    sigs = [_signature(r) for r in a_rows]
    first = _signature(b_rows[first_b])
    if len(first) < 2 or any(_is_figure(t) for _, _, t in first):
        return 0
    for i, s in enumerate(sigs):
        if s != first:
            continue
        n = 0
        while (first_b + n < len(b_rows) and i + n < len(sigs) and sigs[i + n] == _signature(b_rows[first_b + n])
               and sigs[i + n] and not any(_is_figure(t) for _, _, t in sigs[i + n])):
            n += 1
        return n
    return 0


def _starts_in_empty_first_cell(row: list["RawCell"]) -> bool:
    return not row or row[0].col > 0 or not _norm(row[0].text)


def _grouped_column_goes_on(rows: list[list["RawCell"]], first: int) -> bool:
    """The first column stays empty in the piece's first rows: a grouped column
    (一级指标 written once above) goes on. A new table's empty top-left corner
    ("　| 预算数 | 决算数") is followed by rows with their own labels."""
    nxt = rows[first + 1] if first + 1 < len(rows) else None
    return _starts_in_empty_first_cell(rows[first]) and nxt is not None and _starts_in_empty_first_cell(nxt)


def _text_column(cells: list["RawCell"], col: int) -> bool:
    """Most cells of the column that start in it hold text, not figures (a 评分标准 column)."""
    texts = [c.text for c in cells if c.col == col and _norm(c.text)]
    return bool(texts) and sum(1 for t in texts if not _is_figure(t)) * 2 > len(texts)


def _continues_row(last: list["RawCell"], head: list["RawCell"], cells: list["RawCell"]) -> bool:
    """Every text of ``head`` sits under a non-empty cell of ``last``, and it holds no figure.

    A figure does not run on into the next line, unless it only began a text
    cut by the page ("95%" + "（含）以上计5分" in a column of scoring rules):
    a figure cell takes a continuation only in a column that mostly holds text.
    """
    texts = [c for c in head if _norm(c.text)]
    if not texts or any(_is_figure(c.text) for c in texts):
        return False
    for c in texts:
        above = [a for a in last if a.col <= c.col < a.col + a.col_span and _norm(a.text)]
        if not above or above[0].row_span != 1 or _TOTAL_END.search(_norm(above[0].text)):
            return False
        if _ITEM_START.match(_norm(c.text)) and (c.col == 0 or _ITEM_START.match(_norm(above[0].text))):
            return False  # the next item of a list of row labels ("十三、…" then "十四、…")
        if _is_figure(above[0].text) and not _text_column(cells, above[0].col):
            return False
    return True


def _append_broken_row(cells: list["RawCell"], last: list["RawCell"], head: list["RawCell"],
                       wrap_join: str) -> list["RawCell"]:
    extra: dict[int, str] = {}
    grow: dict[int, int] = {}
    for c in head:
        if not _norm(c.text):
            continue
        above = next(a for a in last if a.col <= c.col < a.col + a.col_span and _norm(a.text))
        extra[id(above)] = extra.get(id(above), "") + wrap_join + c.text
        if c.row_span > 1:  # the broken cell is a merged label that goes on below
            grow[id(above)] = max(grow.get(id(above), 0), c.row_span - 1)
    return [replace(c, text=c.text + extra[id(c)], row_span=c.row_span + grow.get(id(c), 0)) if id(c) in extra else c
            for c in cells]


def _carry_merges(a: list["RawCell"], b: list["RawCell"], a_rows: int, at_row: int, skip: int
                  ) -> tuple[list["RawCell"], list["RawCell"]]:
    """A merged cell cut by the page break continues into the empty cell under it."""
    reaching = {c.col: c for c in a if c.row + c.row_span == a_rows and _norm(c.text)}
    if not reaching:
        return a, b
    grow: dict[int, int] = {}
    keep_b = []
    for c in b:
        top = reaching.get(c.col)
        below = c.row + c.row_span - skip  # rows it covers after the dropped ones
        # a region merged above the break, or a first-column label whose region starts
        # on the next page; never two cells that merely print the same figure
        merged = top is not None and (top.row_span > 1 or (c.row_span > 1 and c.col == 0 and not _is_figure(top.text)))
        if (c.row == at_row and merged and top.col_span == c.col_span
                and (not _norm(c.text) or _norm(c.text) == _norm(top.text))):
            if below > 0:
                grow[id(top)] = below
            continue
        keep_b.append(c)
    a = [replace(c, row_span=c.row_span + grow[id(c)]) if id(c) in grow else c for c in a]
    return a, keep_b
