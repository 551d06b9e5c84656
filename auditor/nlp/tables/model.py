"""What a read table is made of: :class:`Column`, :class:`TableRow`,
:class:`Section` and :class:`TableFigure` (the logical table itself,
:class:`~auditor.nlp.tables.analysis.AnalyzedTable`, is built in ``analysis``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.document import Cell, Table
from auditor.findings import Evidence
from auditor.nlp.quantities import Quantity
from auditor.nlp.tables.vocab import _QIZHONG, clean_header, norm_text

if TYPE_CHECKING:  # annotations only: TableFigure.table is the AnalyzedTable built from these records
    from auditor.nlp.tables.analysis import AnalyzedTable


@dataclass(slots=True)
class Column:
    """One column of a section, in the section's effective columns."""

    index: int
    path: list[str] = field(default_factory=list)  # header texts, top to bottom (其中 kept)
    year: int | None = None
    measure: str | None = None
    unit: str | None = None
    kind: str = "empty"  # label | num | text | mixed | empty

    @property
    def header(self) -> str:
        """Joined header path without 其中 markers: "基本支出 › 人员支出"."""
        parts = [clean_header(p) for p in self.path if not _QIZHONG.fullmatch(norm_text(p))]
        parts = [p for p in parts if p]
        out: list[str] = []
        for p in parts:
            if not out or out[-1] != p:
                out.append(p)
        return " › ".join(out)


@dataclass(eq=False)
class TableRow:
    """One data row of a section, with its cells placed on effective columns."""

    table: Table
    grid_row: int  # 0-based row in ``table``
    cells: list[Cell | None]  # per effective column; None when nothing there
    own: list[bool]  # the cell starts at this row and column (values count once)
    labels: list[str] = field(default_factory=list)  # raw label per label column (filled down)
    path: list[str] = field(default_factory=list)  # cleaned labels, outermost first
    label: str = ""  # raw text of the row's own (innermost) label
    label_path: list[str] = field(default_factory=list)  # cleaned labels of the label columns only
    marker: str | None = None  # cn | paren_cn | arabic | paren_arabic | circled | qizhong | ellipsis | None
    indent: int = 0
    is_total: bool = False
    kv: bool = False  # a [label, value] row
    collapsed: bool = False  # a text export dropped merged cells of this row
    max_score: float | None = None  # maximum printed in its own label
    group_max: dict[int, float] = field(default_factory=dict)  # label column -> "(N分)" of that column's label
    parent: "TableRow | None" = None
    children: list["TableRow"] = field(default_factory=list)
    incomplete: bool = False  # a "……" row among its children
    section: "Section | None" = None

    def text(self, col: int) -> str:
        c = self.cells[col] if 0 <= col < len(self.cells) else None
        return c.text if c is not None else ""

    def own_cell(self, col: int) -> Cell | None:
        if 0 <= col < len(self.cells) and self.own[col]:
            return self.cells[col]
        return None

    @property
    def partial(self) -> bool:
        """Its children may cover only part of it (其中 list or "……" row)."""
        return self.incomplete or any(ch.marker == "qizhong" for ch in self.children)

    @property
    def location(self):
        for c in self.cells:
            if c is not None:
                return c.location
        return self.table.location

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"TableRow(t{self.table.index} r{self.grid_row + 1} {' › '.join(self.path)!r})"


@dataclass(eq=False)
class Section:
    """A block of a table under its own header row(s)."""

    index: int
    header_rows: list[tuple[Table, int]] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    label_cols: list[int] = field(default_factory=list)
    caption: str = ""
    unit: str | None = None
    width: int = 0
    # header groups: (total column, [part columns]) from "X | 其中：" headers
    column_groups: list[tuple[int, list[int]]] = field(default_factory=list)
    coded: bool = False  # rows named by classification codes (their hierarchy is in the codes)

    def col(self, measure: str) -> list[int]:
        return [c.index for c in self.columns if c.measure == measure]

    @property
    def has_scores(self) -> bool:
        return any(c.measure == "得分" for c in self.columns)

    # rows are told apart by one label column (the others, if any, only name the block:
    # "项目资金（万元）" merged down beside 年度资金总额 / 其中：当年财政拨款 / …)
    single_label: bool = False


@dataclass(eq=False)
class TableFigure:
    """A figure in a table cell with everything it means.

    ``quantity``
        The cell's figure (:func:`parse_cell_value`, or the value of a
        "资金总额：2778.76" key-value cell). When the cell prints no unit, the
        unit of the column ("预算投资 (万元)"), the row ("年度预算申请（万元）"),
        the block caption or the table ("单位：万元") is filled into ``unit``,
        ``dimension`` and ``normalized``; ``unit_printed`` stays None and
        ``unit_source`` says where it came from (printed | column | row |
        table | score | none). Counts (编制数, 在职人数) and rates never get a
        money unit; 分值 / 得分 figures get 分.
    ``span``
        The figure's offsets within ``cell.text``.
    ``row_path`` / ``row_label``
        Cleaned labels outermost first (一级指标 › 二级指标 › 三级指标, or the
        numbering hierarchy 三公经费 › 公务用车购置和维护经费 › 公务车运行维护);
        ``row_label`` is the row's own label as printed. For key-value cells
        the key ends the path.
    ``column_header``
        The column's header path joined with " › " (其中 markers dropped):
        "2021年决算数", "基本支出 › 人员支出"; empty for key-value figures.
    ``year``
        The column header's year, else the row label's, else the table's
        ("2022 年度…自评表", "（2021年度）"); None when nothing names one.
    ``measure``
        Canonical measure of the column (else of the row label): 预算, 年初预算,
        全年预算, 决算, 执行, 执行率, 实际, 目标, 分值, 得分, 控制率, 评分标准, 说明.
    ``concept``
        :func:`match_concept` of the row label, falling back along the label
        columns (三级 › 二级 › 一级) but never up the numbering (水费 under 公用经费
        is not 公用经费), then on the column header (编制数 | 94).
    ``kind``
        value (a cell under a column header) | kv (label cell, value cell:
        "人员编制 | 12") | inline ("资金总额：2778.76" in one cell).
    """

    cell: Cell
    quantity: Quantity
    span: tuple[int, int]
    row_path: list[str]
    row_label: str
    column_header: str
    year: int | None
    measure: str | None
    concept: str | None
    table_kind: str
    table_title: str
    unit_source: str  # printed | column | row | table | score | none
    kind: str = "value"  # value | kv (label cell + value cell) | inline (label：value in one cell)
    row: TableRow | None = None
    column: Column | None = None
    table: "AnalyzedTable | None" = None

    @property
    def value(self) -> float:
        return self.quantity.value

    @property
    def unit(self) -> str | None:
        return self.quantity.unit

    @property
    def context(self) -> list[str]:
        """Table title, row path, column header: what the figure is."""
        out = [self.table_title] if self.table_title else []
        out += self.row_path
        if self.column_header:
            out.append(self.column_header)
        return out

    def evidence(self, role: str | None = None) -> Evidence:
        """The figure as finding evidence (cell location, text, span, value)."""
        q = self.quantity
        return Evidence(
            location=self.cell.location,
            text=self.cell.text,
            span=self.span,
            printed=self.cell.text[self.span[0]:self.span[1]],
            value=q.value,
            unit=q.unit_printed or q.unit,
            normalized=q.normalized,
            role=role,
            context=self.context,
        )

    def describe(self) -> str:
        """Short Chinese name: "项目支出 2022年决算数"."""
        name = " › ".join(self.row_path[-2:]) if self.row_path else self.row_label
        return f"{name}{('“' + self.column_header + '”') if self.column_header else ''}"
