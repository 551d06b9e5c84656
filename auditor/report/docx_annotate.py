"""The annotated copy: the submitter's own .docx with one Word comment per
finding, on the first figure it rests on, naming the other places.

The source file is only read. Each evidence is found through its
``Location.anchor`` (the body path the docx reader recorded: ``p:37``,
``tbl:3/r:4/c:2``), checked against the evidence text, and otherwise found
by searching for the quoted text. In a paragraph the run holding the figure
is split so the comment covers exactly the printed figure.
"""

from __future__ import annotations

import io
import re
import sys
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from auditor.errors import OutputError, UnreadableError
from auditor.findings import AuditResult, Evidence, Finding
from auditor.stages import guard

from ._common import (
    atomic_write,
    coverage_notes,
    figure_span,
    finding_hint,
    finding_message,
    group_evidence,
    label,
    location_text,
    refuse_inputs,
    severity_label,
    severity_note,
    values_sentence,
)

AUTHOR = "auditor"
INITIALS = "AU"

_W_P, _W_TBL, _W_TR, _W_TC, _W_R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
# Run children we can rebuild from text when splitting a run in two.
_SPLITTABLE = {qn("w:rPr"), qn("w:t"), qn("w:tab"), qn("w:lastRenderedPageBreak")}
_TEXT_RUNS = (
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r"
    " | ./w:customXml/w:r | ./w:sdt/w:sdtContent/w:r | ./w:hyperlink/w:ins/w:r | ./w:ins/w:hyperlink/w:r"
)


# ------------------------------------------------------------------ helpers


def _squash(s: str) -> tuple[str, list[int]]:
    """Text without whitespace, and each kept character's index in ``s``."""
    idx = [i for i, ch in enumerate(s) if not ch.isspace()]
    return "".join(s[i] for i in idx), idx


def _elements(parent: Any) -> list[Any]:
    return [c for c in parent if isinstance(c.tag, str)]


def _text_runs(p_el: Any) -> list[Any]:
    return list(p_el.xpath(_TEXT_RUNS))


def _para_text(p_el: Any) -> str:
    return "".join(r.text for r in _text_runs(p_el))


def _cell_text(tc: Any) -> str:
    return "\n".join(_para_text(p) for p in tc.iter(_W_P))


def _inside(el: Any, tag: str, stop: Any) -> bool:
    a = el.getparent()
    while a is not None and a is not stop:
        if a.tag == tag:
            return True
        a = a.getparent()
    return False


@dataclass(slots=True)
class _Target:
    """Where a comment goes: a paragraph element and a character range in it
    (None: the whole paragraph)."""

    p: Any
    start: int | None = None
    end: int | None = None


# ------------------------------------------------------------ the annotator


class DocxAnnotator:
    """Adds one comment per finding to a copy of a .docx."""

    def __init__(self, source: Path, lang: str = "zh"):
        self.source = Path(source)
        self.lang = lang
        try:
            self.doc = docx.Document(str(self.source))
        except Exception as e:  # python-docx raises many kinds for a bad package
            raise UnreadableError(
                str(source),
                f"无法重新打开原文件以添加批注：{e}；请确认文件仍在且为有效的 .docx。",
                f"cannot reopen the source to annotate it: {e}; check it still exists and is a valid .docx.",
            ) from e
        if not hasattr(self.doc, "add_comment"):
            raise OutputError(
                str(source),
                "批注副本需要 python-docx 1.2 或更高版本；请升级：pip install -U python-docx。",
                "annotated copies need python-docx 1.2 or later: pip install -U python-docx.",
            )
        self.body = self.doc.element.body
        self.unlocated: list[tuple[Finding, Evidence]] = []
        self.count = 0

    # ----------------------------------------------------------- resolving

    def _anchor_candidates(self, anchor: str) -> Iterator[Any]:
        """Elements an anchor may name, most likely first: what the docx
        reader's own resolver says, then looser readings of the path."""
        try:
            from auditor.ingest.docx import resolve_anchor
        except ImportError:  # reader not installed: our reading of the scheme only
            resolve_anchor = None
        if resolve_anchor is not None:
            try:
                el = resolve_anchor(self.body, anchor)
            except Exception:
                el = None
            if el is not None:
                yield el
        yield from self._loose_candidates(anchor)

    def _loose_candidates(self, anchor: str) -> Iterator[Any]:
        """The reader's anchor scheme, read without its resolver: ``p:N``,
        ``tbl:N``, ``sdt:N``, ``cx:N`` index element children (0-based),
        ``r:N`` a table's rows, ``c:N`` the cell starting at grid column N.
        The caller checks the text, so a wrong guess costs nothing."""
        el = self.body
        for step in anchor.split("/"):
            m = re.fullmatch(r"([a-z]+):(\d+)", step.strip())
            if not m:
                return
            kind, i = m.group(1), int(m.group(2))
            if kind in ("p", "tbl", "sdt", "cx"):
                kids = _elements(el)
                if not 0 <= i < len(kids):
                    return
                el = kids[i]
                if kind == "sdt":
                    el = el.find(qn("w:sdtContent"))
                    if el is None:
                        return
            elif kind == "r":
                rows = list(el.iter(_W_TR))
                rows = [r for r in rows if r.getparent() is el or r.getparent().getparent() is el]
                if not 0 <= i < len(rows):
                    return
                el = rows[i]
            elif kind == "c":
                col, hit = 0, None
                for tc in [k for k in _elements(el) if k.tag == _W_TC]:
                    span = tc.tcPr.gridSpan if tc.tcPr is not None and tc.tcPr.gridSpan else 1
                    if col == i:
                        hit = tc
                        break
                    col += span
                if hit is None:
                    return
                el = hit
            else:
                return
        yield el

    def _matches(self, el: Any, ev: Evidence) -> bool:
        text = _cell_text(el) if el.tag == _W_TC else (_para_text(el) if el.tag == _W_P else "")
        have, _ = _squash(text)
        want, _ = _squash(ev.text or "")
        fig, _ = _squash(ev.printed or "")
        if want and want in have:
            return True
        return bool(fig) and fig in have and not want

    def _find_paragraph(self, ev: Evidence) -> Any | None:
        if ev.location.anchor:
            for el in self._anchor_candidates(ev.location.anchor):
                if el.tag == _W_P and self._matches(el, ev):
                    return el
        want, _ = _squash(ev.text or "")
        fig, _ = _squash(ev.printed or "")
        if not want and not fig:
            return None
        paras = [p for p in self.body.iter(_W_P) if not _inside(p, _W_TC, self.body)]
        # The reader numbers non-empty paragraphs from 1: try that one first.
        nonempty = [p for p in paras if _para_text(p).strip()]
        k = ev.location.paragraph
        if k and 0 < k <= len(nonempty) and self._matches(nonempty[k - 1], ev):
            return nonempty[k - 1]
        for p in paras:
            if want and want in _squash(_para_text(p))[0]:
                return p
        return None

    def _find_cell(self, ev: Evidence) -> Any | None:
        if ev.location.anchor:
            for el in self._anchor_candidates(ev.location.anchor):
                if el.tag == _W_TC and self._matches(el, ev):
                    return el
        loc = ev.location
        tables = list(self.body.iter(_W_TBL))
        cands = []
        if loc.table and 0 < loc.table <= len(tables):
            cands.append(tables[loc.table - 1])
        cands += [t for t in tables if t not in cands]
        want, _ = _squash(ev.text or "")
        for k, tbl in enumerate(cands):
            t = DocxTable(tbl, self.doc._body)
            if k == 0 and loc.row and loc.col:
                try:
                    tc = t.cell(loc.row - 1, loc.col - 1)._tc
                    if self._matches(tc, ev):
                        return tc
                except (IndexError, ValueError):
                    pass
            for tc in tbl.iter(_W_TC):
                if want and _squash(_cell_text(tc))[0] == want:
                    return tc
        return None

    def _target_in(self, paras: list[Any], ev: Evidence) -> _Target | None:
        """The figure's character range inside one of ``paras``."""
        text = ev.text or ""
        span = figure_span(ev)
        if span is None:
            return None
        ev_sq, ev_idx = _squash(text)
        a_sq = sum(1 for i in ev_idx if i < span[0])
        b_sq = sum(1 for i in ev_idx if i < span[1])
        fig = ev_sq[a_sq:b_sq]
        if not fig:
            return None
        nth = ev_sq[:a_sq].count(fig)  # which occurrence of the figure
        for p in paras:
            raw = _para_text(p)
            p_sq, p_idx = _squash(raw)
            pos = p_sq.find(ev_sq) if ev_sq else -1
            if pos >= 0:
                fs = pos + a_sq
            else:
                occ = [m.start() for m in re.finditer(re.escape(fig), p_sq)]
                if not occ:
                    continue
                fs = occ[min(nth, len(occ) - 1)]
            return _Target(p, p_idx[fs], p_idx[fs + len(fig) - 1] + 1)
        return None

    def locate(self, ev: Evidence) -> _Target | None:
        if ev.location.is_cell:
            tc = self._find_cell(ev)
            if tc is None:
                return None
            paras = [p for p in tc.iter(_W_P)]
            t = self._target_in(paras, ev)
            if t is not None:
                return t
            first = next((p for p in paras if _text_runs(p)), paras[0] if paras else None)
            return _Target(first) if first is not None else None
        p = self._find_paragraph(ev)
        if p is None:
            return None
        return self._target_in([p], ev) or _Target(p)

    # ------------------------------------------------------------ anchoring

    def _isolate(self, p: Any, start: int, end: int) -> list[Any]:
        """Split runs so ``[start, end)`` is covered by whole runs; return them.

        When a boundary falls inside a run we cannot rebuild (a field, a
        drawing), the runs overlapping the range are returned instead.
        """
        for boundary in (end, start):
            pos = 0
            for r in _text_runs(p):
                t = r.text
                if pos < boundary < pos + len(t):
                    if all(c.tag in _SPLITTABLE for c in _elements(r)):
                        right = deepcopy(r)
                        r.text = t[: boundary - pos]
                        right.text = t[boundary - pos :]
                        r.addnext(right)
                    break
                pos += len(t)
        inside, overlap, pos = [], [], 0
        for r in _text_runs(p):
            n = len(r.text)
            if n and pos >= start and pos + n <= end:
                inside.append(r)
            if n and pos < end and pos + n > start:
                overlap.append(r)
            pos += n
        return inside if _squash("".join(r.text for r in inside))[0] == _squash("".join(r.text for r in overlap))[0] else overlap

    def _runs_for(self, target: _Target) -> list[Any]:
        p = target.p
        if target.start is not None and target.end is not None:
            runs = self._isolate(p, target.start, target.end)
            if runs:
                return runs
        runs = [r for r in _text_runs(p) if r.text]
        if not runs:
            runs = [DocxParagraph(p, self.doc._body).add_run("")._r]
        return runs

    def comment_text(self, f: Finding, here: Evidence | None = None, *, places: bool = True) -> str:
        """One paragraph per sentence: ``[代码 严重程度] message``, the values
        (期望… 实际… 差额… 容差…), the hint, why the severity, and the other
        places the finding rests on (everything but ``here``)."""
        lang = self.lang
        end = "。" if lang != "en" else "."

        def sentence(t: str) -> str:
            t = t.strip()
            return t if not t or t[-1] in "。.！？!?" else t + end

        lines = [sentence(f"[{f.code} {severity_label(f.severity, lang)}] {finding_message(f, lang)}")]
        vals = values_sentence(f, lang)
        if vals:
            lines.append(sentence(vals[:1].upper() + vals[1:] if lang == "en" else vals))
        hint = finding_hint(f, lang)
        if hint:
            lines.append(sentence(f"提示：{hint}" if lang != "en" else f"Hint: {hint}"))
        note = severity_note(f, lang)
        if note:
            lines.append(note)
        others = self.other_places(f, here) if places else []
        if others:
            lines.append(sentence(f"{label('see_also', lang)}：{'、'.join(others)}" if lang != "en"
                                  else f"See also: {'; '.join(others)}"))
        return "\n".join(lines)

    def other_places(self, f: Finding, here: Evidence | None) -> list[str]:
        """Where else the finding rests: one name per passage, and for table
        cells one per cell (several cells of one table in one name)."""
        here_loc = location_text(here, self.lang) if here is not None else None
        rest = [e for e in f.evidence if here is None or location_text(e, self.lang) != here_loc]
        out: list[str] = []
        for g in group_evidence(rest):
            cells = {(e.location.row, e.location.col) for e in g.items}
            if g.is_cell and len(cells) > 1:
                out.append(g.label(self.lang))
            else:
                out.append(location_text(g.items[0], self.lang))
        return list(dict.fromkeys(out))

    def annotate(self, f: Finding) -> None:
        """One comment per finding, at the first of its figures that can be
        found in the copy; the comment names the other places."""
        for ev in f.evidence:
            target = self.locate(ev)
            if target is None:
                self.unlocated.append((f, ev))
                continue
            runs = self._runs_for(target)
            para = DocxParagraph(target.p, self.doc._body)
            self.doc.add_comment([Run(runs[0], para), Run(runs[-1], para)], self.comment_text(f, ev), AUTHOR, INITIALS)
            self.count += 1
            return
        self._comment_at_start(f)

    def _comment_at_start(self, f: Finding) -> None:
        """A finding we could not place goes on the first paragraph, marked so."""
        first = next((p for p in self.body.iter(_W_P) if _para_text(p).strip()), None)
        if first is None:
            return
        runs = [r for r in _text_runs(first) if r.text]
        para = DocxParagraph(first, self.doc._body)
        where = "、".join(self.other_places(f, None)) or label("whole_document", self.lang)
        note = f"{label('unlocated', self.lang)}：{where}。" if self.lang != "en" else f"{label('unlocated', self.lang).capitalize()}: {where}."
        text = self.comment_text(f, places=False)
        self.doc.add_comment([Run(runs[0], para), Run(runs[-1], para)], text + "\n" + note, AUTHOR, INITIALS)
        self.count += 1

    def note_coverage(self, res: AuditResult) -> None:
        """A report where something could not be checked says so, on its first paragraph."""
        notes = coverage_notes(res, self.lang)
        first = next((p for p in self.body.iter(_W_P) if _para_text(p).strip()), None)
        if not notes or first is None:
            return
        runs = [r for r in _text_runs(first) if r.text]
        para = DocxParagraph(first, self.doc._body)
        self.doc.add_comment([Run(runs[0], para), Run(runs[-1], para)], "\n".join(notes), AUTHOR, INITIALS)
        self.count += 1

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


# ----------------------------------------------------------------- output


def _source_path(res: AuditResult) -> Path | None:
    p = getattr(res.document, "path", None) or res.file
    return Path(p) if p else None


def _is_docx(res: AuditResult) -> bool:
    fmt = getattr(res.document, "format", None)
    src = _source_path(res)
    return fmt == "docx" or (fmt is None and src is not None and src.suffix.lower() == ".docx")


def annotated_path(source: Path, output: Path | None, *, single: bool) -> Path:
    """``<stem>.audited.docx`` beside the source or in ``output``; ``output``
    itself when it names a .docx file and there is one input."""
    name = f"{source.stem}.audited.docx"
    if output is None:
        return source.with_name(name)
    output = Path(output)
    if output.is_dir() or output.suffix.lower() != ".docx":
        return output / name
    if not single:
        raise OutputError(
            str(output),
            "有多个 .docx 输入时，输出须为目录。",
            "with several .docx inputs the output must be a directory.",
        )
    return output


def render_docx(results: list[AuditResult], *, lang: str = "zh", output: Path | None = None, console: Any = None) -> list[Path]:
    """Write one annotated copy per .docx input; return the paths written."""
    eligible = [r for r in results if r.error is None and _is_docx(r)]
    skipped = [r for r in results if r not in eligible]
    if not eligible:
        raise OutputError(
            str(output or (results[0].file if results else "-")),
            "批注副本（docx 格式）只适用于成功读取的 .docx 输入；请改用 md、xlsx 或 html 格式。",
            "the annotated copy (docx format) needs .docx inputs that were read; use md, xlsx or html instead.",
        )
    written: list[Path] = []
    for res in eligible:
        src = _source_path(res)
        dest = annotated_path(src, output, single=len(eligible) == 1)
        try:
            refuse_inputs(dest, results)
            ann = DocxAnnotator(src, lang)
            for f in res.findings:
                # A finding that cannot be placed goes to the start of the document instead.
                if guard("render", f"docx {f.code}", ann.annotate, f, default=False) is False:
                    guard("render", f"docx {f.code}", ann._comment_at_start, f)
            ann.note_coverage(res)
            atomic_write(dest, ann.to_bytes())
        except (OutputError, UnreadableError) as e:
            if len(eligible) == 1:
                raise
            # One report's copy could not be written: its error, the batch goes on.
            res.error = e
            continue
        written.append(dest)
    for res in skipped:
        msg = (
            f"跳过 {res.file}：批注副本只适用于成功读取的 .docx 文件。"
            if lang != "en"
            else f"skipped {res.file}: annotated copies are for .docx files that were read."
        )
        if console is not None:
            console.print(msg, style="yellow", highlight=False)
        else:
            print(msg, file=sys.stderr)
    return written
