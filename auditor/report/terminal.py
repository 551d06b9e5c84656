"""The terminal view: a header per file, then one panel per finding with its
evidence side by side and the printed figure highlighted.

Readable at 80 columns (rich measures CJK cell widths); when the console has
no colour (piped, ``NO_COLOR``, ``color=False``) the figure is marked with
``**`` so it still stands out in plain text.
"""

from __future__ import annotations

import html
import itertools
import re
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from auditor.findings import AuditResult, Finding, Severity
from auditor.stages import guard

from ._common import (
    plain_finding_line,
    EvidenceGroup,
    Segment,
    error_code,
    error_message,
    finding_explanation,
    finding_hint,
    finding_message,
    finding_name,
    count_parts,
    coverage_notes,
    hidden_total,
    label,
    group_evidence,
    no_findings_text,
    severity_label,
    severity_note,
    skipped_heading,
    skipped_lines,
    summarize,
    table_excerpt,
    value_items,
)

# Line breaking for Chinese prose: rich breaks lines at spaces only, which
# leaves CJK runs to be chopped anywhere ("20|22") and strands units ("2681.55|万元").
# Here a line may break between any two CJK characters or at a space, never
# inside a number or Latin word, never before closing punctuation and never
# after opening punctuation (the usual 禁则).
_NBSP = "\u00a0"  # joins a label to its value: "期望\u00a02609.67万元" stays on one line
_NO_BREAK_BEFORE = set("，。、；：！？）》」』”’〕】…%‰,.;:!?)]}·" + _NBSP)
_NO_BREAK_AFTER = set("（《「『“‘〔【([{" + _NBSP)


# Unit characters that stay with the number before them: 2609.57万元, 25人, 12次.
_UNIT_CHARS = set("万亿千百元人次个件项处名户家宗篇场天年月日%‰")


def _unit_after_number(s: str, i: int) -> bool:
    """``s[i]`` is one of up to two unit characters right after a digit."""
    return s[i] in _UNIT_CHARS and (
        (i >= 1 and s[i - 1].isdigit()) or (i >= 2 and s[i - 1] in _UNIT_CHARS and s[i - 2].isdigit())
    )


def _is_break_space(ch: str) -> bool:
    return ch.isspace() and ch != _NBSP


def _keep_together(units: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge units that overlap one of ``spans`` (a marked figure: "**1.82万元**")."""
    if not spans:
        return units
    out: list[tuple[int, int]] = []
    for a, b in units:
        if out and any(x < b and a < y and x < out[-1][1] and out[-1][0] < y for x, y in spans):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _break_units(s: str) -> list[tuple[int, int]]:
    """(start, end) of units that stay on one line, in order."""
    units: list[tuple[int, int]] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        j = i + 1
        if _is_break_space(ch):
            while j < n and _is_break_space(s[j]) and s[j] != "\n":
                j += 1
        elif ch.isascii():
            while j < n and s[j].isascii() and not s[j].isspace() and s[j] not in _NO_BREAK_AFTER:
                j += 1
        glue = bool(units) and not _is_break_space(ch) and (
            ch in _NO_BREAK_BEFORE or s[units[-1][1] - 1] in _NO_BREAK_AFTER or _unit_after_number(s, i)
        )
        if glue and not _is_break_space(s[units[-1][0]]):
            units[-1] = (units[-1][0], j)
        else:
            units.append((i, j))
        i = j
    return units


class CJKText:
    """A :class:`~rich.text.Text` wrapped the way Chinese is typeset."""

    def __init__(self, text: Text, keep: list[tuple[int, int]] | None = None):
        self.text = text
        self.keep = keep or []  # spans never broken across lines (figures)

    def units(self) -> list[tuple[int, int]]:
        return _keep_together(_break_units(self.text.plain), self.keep)

    def __rich_measure__(self, console: Console, options) -> Measurement:
        plain = self.text.plain
        longest_unit = max((cell_len(plain[a:b]) for a, b in self.units() if not _is_break_space(plain[a])), default=1)
        longest_line = max((cell_len(line) for line in plain.split("\n")), default=0)
        return Measurement(min(longest_unit, options.max_width), min(longest_line, options.max_width))

    def __rich_console__(self, console: Console, options):
        width = max(options.max_width, 2)
        plain = self.text.plain
        offsets: list[int] = []
        col = 0
        for a, b in self.units():
            piece = plain[a:b]
            if piece == "\n":
                offsets.append(b)
                col = 0
                continue
            w = cell_len(piece)
            if _is_break_space(piece[0]):
                col += w
                continue
            if col + w > width and col > 0:
                offsets.append(a)
                col = 0
            while w > width:  # a unit wider than the line: chop it
                k, acc = a, 0
                while k < b and acc + cell_len(plain[k]) <= width:
                    acc += cell_len(plain[k])
                    k += 1
                k = max(k, a + 1)
                offsets.append(k)
                a, w = k, cell_len(plain[k:b])
            col += w
        for line in self.text.divide(sorted(set(o for o in offsets if 0 < o < len(plain)))):
            line.rstrip()
            if line.plain.endswith("\n"):
                line.right_crop(1)
            if _NBSP in line.plain:  # shown as an ordinary space (same length: styles stay put)
                line.plain = line.plain.replace(_NBSP, " ")
            line.no_wrap = True
            line.overflow = "crop"
            yield line


# Terminal colours per severity: border, badge, figure highlight.
_STYLE = {
    Severity.ERROR: ("red", "bold white on red", "bold red reverse"),
    Severity.WARNING: ("yellow", "bold black on yellow", "bold yellow reverse"),
    Severity.INFO: ("blue", "bold white on blue", "bold blue reverse"),
}


def _plain(console: Console) -> bool:
    """No colour will reach the reader: mark figures with text instead."""
    return console.no_color or console.color_system is None


def _is_wide(g: EvidenceGroup) -> bool:
    """Cells from several columns of a table: the excerpt needs the full width."""
    return g.is_cell and len({e.location.col for e in g.items}) > 1


class TerminalRenderer:
    """Prints audit results to a rich console."""

    def __init__(self, console: Console, lang: str = "zh"):
        self.console = console
        self.lang = lang
        self.plain = _plain(console)

    # -------------------------------------------------------------- pieces

    def badge(self, sev: Severity) -> Text:
        text = severity_label(sev, self.lang)
        if self.plain:
            return Text(f"[{text}]")
        return Text(f" {text} ", style=_STYLE[sev][1])

    def figure(self, s: str, sev: Severity) -> Text:
        if self.plain:
            return Text(f"**{s}**")
        return Text(s, style=_STYLE[sev][2])

    def header(self, res: AuditResult) -> RenderableType:
        lang = self.lang
        title = Text(res.file, style="bold")
        parts: list[Text] = []
        meta = res.meta or {}
        for key in ("unit", "year"):
            if meta.get(key) not in (None, ""):
                parts.append(Text.assemble((f"{label(key, lang)} ", "dim"), (str(meta[key]), "bold")))
        counts = res.counts()
        for sev, text in count_parts(res, lang):
            n = counts[sev.label_en]
            style = _STYLE[sev][0] if n and not self.plain else ""
            name, _, rest = text.partition(" ")
            parts.append(Text.assemble((f"{name} ", "dim"), (rest, f"bold {style}".strip())))
        stats = res.stats or {}
        if stats.get("figures") is not None:
            parts.append(Text.assemble((f"{label('figures', lang)} ", "dim"), str(stats["figures"])))
        if stats.get("relations_checked") is not None:
            parts.append(Text.assemble((f"{label('relations', lang)} ", "dim"), str(stats["relations_checked"])))
        # Who and when on one line, the counts on the next.
        n_meta = sum(1 for k in ("unit", "year") if meta.get(k) not in (None, ""))
        sep = Text(" · ", style="dim")
        lines: list[RenderableType] = [Rule(title, align="left", style="dim")]
        if n_meta:
            lines.append(sep.join(parts[:n_meta]))
        lines.append(sep.join(parts[n_meta:]))
        return Group(*lines)

    def segments_text(self, segs: list[Segment], sev: Severity) -> CJKText:
        """A quotation with its figures highlighted, each figure kept on one line."""
        t = Text(overflow="fold")
        keep: list[tuple[int, int]] = []
        for kind, piece in segs:
            if kind == "figure":
                start = len(t)
                t.append_text(self.figure(piece, sev))
                keep.append((start, len(t)))
            elif kind == "cut":
                t.append(piece, style="dim")
            else:
                t.append(piece)
        return CJKText(t, keep)

    def mini_table(self, g: EvidenceGroup, sev: Severity, document: Any) -> RenderableType:
        mt = table_excerpt(g.items, document, neighbours=0, lang=self.lang)
        tbl = Table(box=box.SQUARE, show_header=mt.has_header, header_style="bold", padding=(0, 1))
        ncols = max(len(r) for r in mt.rows)
        head = mt.rows[0] if mt.has_header else [""] * ncols
        hit_cols = {j for _, j in mt.highlights}
        for j in range(ncols):
            tbl.add_column(
                CJKText(Text(head[j] if j < len(head) else "")), overflow="fold", justify="right" if j in hit_cols else "left"
            )
        offset = 1 if mt.has_header else 0
        for i, row in enumerate(mt.rows[offset:], start=offset):
            tbl.add_row(
                *(
                    self.segments_text(mt.cell_segments(i, j, 40), sev) if (i, j) in mt.highlights else CJKText(Text(val))
                    for j, val in enumerate(row)
                )
            )
        if not mt.caption:
            return tbl
        return Group(Text(mt.caption, style="dim", no_wrap=True, overflow="ellipsis"), tbl)

    def evidence_box(self, g: EvidenceGroup, sev: Severity, document: Any, width_hint: int) -> RenderableType:
        title = Text(g.label(self.lang), style="bold")
        if g.roles():
            title.append(f" · {g.role_text(self.lang)}", style="dim")
        if g.is_cell:
            body: RenderableType = self.mini_table(g, sev, document)
        else:
            # About three lines of text in the box.
            body = self.segments_text(g.segments(max(40, width_hint * 3 // 2)), sev)
        return Panel(body, title=title, title_align="left", box=box.ROUNDED, border_style="dim", padding=(0, 1))

    def evidence_grid(self, f: Finding, document: Any) -> RenderableType | None:
        """Evidence boxes side by side, as many per row as the width allows;
        an excerpt spanning several table columns gets a row to itself."""
        groups = group_evidence(f.evidence)
        if not groups:
            return None
        inner = max(self.console.width - 4, 30)
        narrow = [g for g in groups if not _is_wide(g)]
        per_row = 1 if len(narrow) <= 1 or inner < 60 else (3 if len(narrow) >= 3 and inner >= 110 else 2)
        rows: list[list[EvidenceGroup]] = []
        for g in groups:
            if _is_wide(g):
                rows.append([g])
            elif rows and not _is_wide(rows[-1][0]) and len(rows[-1]) < per_row:
                rows[-1].append(g)
            else:
                rows.append([g])
        out: list[RenderableType] = []
        for row in rows:
            cols = per_row if not _is_wide(row[0]) else 1
            grid = Table.grid(expand=True, padding=(0, 1))
            for _ in range(cols):
                grid.add_column(ratio=1, overflow="fold")
            boxes: list[RenderableType] = [self.evidence_box(g, f.severity, document, inner // cols) for g in row]
            boxes += [Text("")] * (cols - len(boxes))
            grid.add_row(*boxes)
            out.append(grid)
        return Group(*out)

    def values_line(self, f: Finding) -> Text | None:
        items = value_items(f, self.lang)
        if not items:
            return None
        styles = {"expected": "green", "found": "red", "difference": "bold", "tolerance": "dim"}
        parts = []
        for it in items:
            style = "" if self.plain else styles[it.key]
            parts.append(Text.assemble((f"{it.label}{_NBSP}", "dim"), (it.text, style)))
        return Text("   ").join(parts)

    def finding_panel(self, f: Finding, document: Any, number: int | None = None) -> Panel:
        lang = self.lang
        title = Text()
        title.append_text(self.badge(f.severity))
        title.append(" ")
        if number is not None:
            title.append(f"{number}. ", style="dim")
        title.append(f.code, style="bold")
        title.append(" ")
        title.append(finding_name(f, lang))
        parts: list[RenderableType] = [CJKText(Text(finding_message(f, lang)))]
        grid = self.evidence_grid(f, document)
        if grid is not None:
            parts.append(grid)
        vals = self.values_line(f)
        if vals is not None:
            parts.append(CJKText(vals))
        hint = finding_hint(f, lang)
        if hint:
            lead = f"{label('hint', lang)}：" if lang != "en" else f"{label('hint', lang)}: "
            parts.append(CJKText(Text.assemble((lead, "bold"), hint)))
        note = severity_note(f, lang)
        if note:
            parts.append(CJKText(Text(note, style="" if self.plain else _STYLE[f.severity][0])))
        expl = finding_explanation(f, lang)
        if expl:
            parts.append(CJKText(Text(expl, style="dim italic")))
        return Panel(
            Group(*parts),
            title=title,
            title_align="left",
            border_style=_STYLE[f.severity][0] if not self.plain else "",
            box=box.ROUNDED,
            padding=(0, 1),
        )

    def failure(self, res: AuditResult) -> CJKText:
        return CJKText(Text.assemble(("✗ ", "bold red"), (f"[{error_code(res)}] ", "red"), (error_message(res, self.lang), "red")))

    # -------------------------------------------------------------- whole

    def render(self, results: list[AuditResult], skipped: list | None = None) -> None:
        c = self.console
        for k, res in enumerate(results):
            if k:
                c.print()
            if res.error is not None:
                c.print(self.failure(res))
                continue
            c.print(self.header(res))
            for note in coverage_notes(res, self.lang):
                c.print(CJKText(Text(note, style="yellow" if not self.plain else "")))
            if not res.findings:
                c.print(Text(no_findings_text(res, self.lang), style="green" if not self.plain and not coverage_notes(res) else ""))
            for n, f in enumerate(res.findings, 1):
                # A finding this renderer cannot lay out still appears, in one line.
                c.print(guard("render", f"rich {f.code}", self.finding_panel, f, res.document, n,
                              default=Text(f"{n}. {plain_finding_line(f, self.lang)}")))
        if skipped:
            c.print()
            c.print(Text(skipped_heading(skipped, self.lang) + ("：" if self.lang != "en" else ":"), style="bold"))
            for line in skipped_lines(skipped, self.lang):
                c.print(CJKText(Text("  " + line, style="dim")))
        # The counts again at the end, so they do not scroll away (one file or many).
        c.print()
        c.print(self.totals(results, skipped))

    def totals(self, results: list[AuditResult], skipped: list | None = None) -> Text:
        """共 2 个文件 · 错误 4 · 警告 8 · 提示 0 · 读取数字 254 · 核对关系 149"""
        s = summarize(results)
        lang = self.lang
        parts = []
        if len(results) > 1:
            parts.append(Text(f"{s['files']} {label('files', lang)}" if lang == "en" else f"共 {s['files']} 个文件", style="bold"))
        else:
            parts.append(Text(label("summary", lang), style="bold"))
        hidden = hidden_total(results)
        for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            n, h = s["counts"][sev.label_en], hidden.get(sev.label_en, 0)
            text = f"{severity_label(sev, lang)} {n}"
            if h:
                text = (f"{severity_label(sev, lang)} {h} 条未显示" if lang != "en" else f"{severity_label(sev, lang)} {h} hidden") \
                    if not n else text + (f"（另 {h} 条未显示）" if lang != "en" else f" (+{h} hidden)")
            style = _STYLE[sev][0] if n and not self.plain else ""
            parts.append(Text(text, style=style))
        ok = [r for r in results if r.error is None]
        for key, stat in (("figures", "figures"), ("relations", "relations_checked")):
            vals = [(r.stats or {}).get(stat) for r in ok]
            if vals and all(v is not None for v in vals):
                parts.append(Text(f"{label(key, lang)} {sum(vals)}"))
        if s["files_failed"]:
            parts.append(Text(f"{label('failed', lang)} {s['files_failed']}", style="red" if not self.plain else ""))
        if skipped:
            parts.append(Text(f"{label('skipped', lang)} {len(skipped)}"))
        return Text(" · ", style="dim").join(parts)


_SVG_TEXT = re.compile(r'<text\b([^>]*?)\bx="([0-9.]+)"([^>]*?)textLength="([0-9.]+)"([^>]*)>([^<]*)</text>')


def export_svg(console: Console, title: str = "auditor") -> str:
    """``console.export_svg`` with CJK text given its real width.

    rich sizes each SVG text span by ``len(text)`` cells, which squeezes
    double-width characters into half their space. Here each span is split
    into runs of wide and narrow characters, each placed at its cell column
    with ``cell_len`` cells of width, so Chinese lines up with the box
    drawing and digits keep their natural spacing.
    """
    svg = console.export_svg(title=title)

    def fix(m: re.Match) -> str:
        pre, x, mid, length, post, body = m.groups()
        text = html.unescape(body)
        if not text or cell_len(text) == len(text):
            return m.group(0)
        cw = float(length) / len(text)  # rich's width of one cell
        runs = [(k, "".join(g)) for k, g in itertools.groupby(text, key=lambda ch: cell_len(ch) > 1)]
        out, col = [], 0
        for _, run in runs:
            w = cell_len(run)
            out.append(
                f'<text{pre}x="{float(x) + col * cw:g}"{mid}textLength="{w * cw:g}"{post}>'
                f"{html.escape(run, quote=False).replace(' ', '&#160;')}</text>"
            )
            col += w
        return "".join(out)

    return _SVG_TEXT.sub(fix, svg)


def render_terminal(results: list[AuditResult], console: Console, lang: str = "zh", skipped: list | None = None) -> None:
    """Print ``results`` to ``console``; ``skipped`` files are listed at the end."""
    TerminalRenderer(console, lang).render(results, skipped)


__all__ = ["render_terminal", "TerminalRenderer"]
