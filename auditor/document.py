"""The one document model every reader produces.

A report is a sequence of blocks in reading order: paragraphs and tables.
Every piece carries a :class:`Location` a reviewer can find by eye
("第12段", "表3 第4行 第2列") and an ``anchor`` the annotated-docx writer can
resolve back to the source element.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union


@dataclass(frozen=True, slots=True)
class Location:
    """Where a piece of text sits in the report.

    ``paragraph`` counts non-empty body paragraphs from 1; ``table``, ``row``
    and ``col`` count from 1 in grid coordinates (merged regions resolved).
    ``page`` is set by readers that know pages (PDF). ``anchor`` is opaque to
    everyone but the reader that set it and the writer that annotates the
    same format (for .docx: the path of the element in the body).
    """

    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    page: int | None = None
    anchor: str | None = None
    order: int | None = None  # the block's position in Document.blocks: reading order

    @property
    def is_cell(self) -> bool:
        return self.table is not None

    def label(self, lang: str = "zh") -> str:
        """Human-readable location: 第12段 / 表3 第4行 第2列 (or English)."""
        page = ""
        if self.page is not None:
            page = f"第{self.page}页 " if lang == "zh" else f"p.{self.page} "
        if self.table is not None:
            if self.row is None:
                return f"{page}表{self.table}" if lang == "zh" else f"{page}table {self.table}"
            if lang == "zh":
                return f"{page}表{self.table} 第{self.row}行 第{self.col}列"
            return f"{page}table {self.table} row {self.row} col {self.col}"
        if self.paragraph is not None:
            return f"{page}第{self.paragraph}段" if lang == "zh" else f"{page}para {self.paragraph}"
        return page.strip() or ("全文" if lang == "zh" else "document")

    def sort_key(self) -> tuple:
        """Order in the report (reading order of blocks, then cell position);
        used to sort evidence and findings."""
        return (self.order if self.order is not None else -1, self.paragraph or 0, self.table or 0,
                self.row or 0, self.col or 0)

    def __str__(self) -> str:
        return self.label()


@dataclass(slots=True)
class Paragraph:
    """A non-empty paragraph of narrative text (line breaks kept as '\\n')."""

    index: int  # 1-based among paragraphs
    text: str
    location: Location
    style: str | None = None  # e.g. "Heading 1" when the reader knows it
    order: int = 0  # position among all blocks (paragraphs and tables)
    source_text: str | None = None  # as printed, when figure normalisation changed ``text``
    source_map: list[int] | None = field(default=None, repr=False)  # text offset -> source offset


@dataclass(slots=True)
class Cell:
    """One table cell: the top-left of a merged region, appearing once."""

    row: int  # 0-based grid row of the top-left corner
    col: int  # 0-based grid column of the top-left corner
    text: str
    location: Location
    row_span: int = 1
    col_span: int = 1
    source_text: str | None = None  # as printed, when figure normalisation changed ``text``
    source_map: list[int] | None = field(default=None, repr=False)  # text offset -> source offset


@dataclass(slots=True)
class Table:
    """A table as a grid of cells, merged regions resolved.

    ``cells`` holds each region once (top-left). ``grid()`` gives, for every
    grid position, the cell covering it, so row/column headers can be read
    across merges.
    """

    index: int  # 1-based among tables
    n_rows: int
    n_cols: int
    cells: list[Cell]
    location: Location
    title: str | None = None  # nearest preceding caption, e.g. 部门整体支出绩效评价基础数据表
    order: int = 0
    nested_in: int | None = None  # index of the enclosing table for nested tables
    _grid: list[list[Cell | None]] | None = field(default=None, repr=False, compare=False)

    def grid(self) -> list[list[Cell | None]]:
        """Every grid position mapped to the cell covering it (None if none)."""
        if self._grid is None:
            g: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
            for c in self.cells:
                for r in range(c.row, min(c.row + c.row_span, self.n_rows)):
                    for k in range(c.col, min(c.col + c.col_span, self.n_cols)):
                        g[r][k] = c
            self._grid = g
        return self._grid

    def value_grid(self) -> list[list[str]]:
        """Text at each region's top-left, '' at positions a merge covers.

        This is the representation two readers of the same table agree on,
        whether or not their format records merges.
        """
        out = [[""] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            if c.row < self.n_rows and c.col < self.n_cols:
                out[c.row][c.col] = c.text
        return out

    def rows(self) -> list[list[Cell]]:
        """Cells grouped by the row of their top-left corner, in column order."""
        rows: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            rows[c.row].append(c)
        for r in rows:
            r.sort(key=lambda c: c.col)
        return rows


Block = Union[Paragraph, Table]


@dataclass(slots=True)
class Document:
    """A whole report: blocks in reading order, plus what the reader learnt."""

    path: str
    format: str  # "docx" | "txt" | "pdf" | "doc"
    blocks: list[Block]
    meta: dict = field(default_factory=dict)  # encoding, pages, layout, ...

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def iter_text(self) -> Iterator[tuple[str, Location]]:
        """Every paragraph and every cell text with its location, in order."""
        for b in self.blocks:
            if isinstance(b, Paragraph):
                yield b.text, b.location
            else:
                for c in sorted(b.cells, key=lambda c: (c.row, c.col)):
                    if c.text.strip():
                        yield c.text, c.location
