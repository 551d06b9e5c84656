"""Characters, ruling lines and ruled tables of PDF pages, read through PDFium.

pypdfium2 (Apache-2.0 / BSD-3-Clause bindings to PDFium) gives each
character's Unicode value, its loose box (advance width × the font's
descent..ascent) and its matrix, and each path object's segments. On those we
run the layout rules of pdfplumber 0.11 (MIT), re-implemented on plain
tuples:

* characters: pdfminer's box, i.e. bottom at the baseline plus the font's
  descent and top one font size above it; characters PDFium *generated*
  (the spaces and line breaks of its own text flow) are dropped;
* words: characters of one line (tops within 3 pt) sorted left to right,
  split at blank characters and at gaps over 3 pt; lines: words whose tops
  lie within 3 pt, joined by one space;
* ruling lines: every horizontal or vertical segment of every painted path
  (rectangles give their four sides), at least 1 pt long; lines within 3 pt
  are snapped to their mean and joined when they overlap or are 3 pt apart;
  at least 3 pt long after that;
* cells: for each intersection (tolerance 3 pt), the smallest rectangle whose
  four corners are intersections connected by ruling lines; tables: cells
  connected through shared corners, at least two of them.

pdfplumber's pairwise scans (every vertical line against every horizontal
one, every intersection against all later ones, repeated passes over the
remaining cells) become sorted sweeps, per-line indexes and a union-find;
the results are the same.
"""

from __future__ import annotations

import ctypes
import itertools
from bisect import bisect_left, bisect_right
from operator import itemgetter
from pathlib import Path
from typing import Any, Iterator

__all__ = ["open_pdf", "PasswordError", "extract_text_lines", "extract_text", "find_tables"]

X_TOL = 3.0  # word gap and line tolerance (pdfplumber's defaults)
Y_TOL = 3.0
SNAP_TOL = 3.0
JOIN_TOL = 3.0
EDGE_MIN_PREFILTER = 1.0
EDGE_MIN = 3.0
INTERSECTION_TOL = 3.0
CID_SAMPLE = 4  # characters per check for a missing Unicode map (a scan-like PDF has them everywhere)


class PasswordError(Exception):
    """The PDF needs a password to open."""


class PdfFile:
    """An open PDF; ``pages()`` yields one :class:`PdfPage` (or an exception) per page."""

    def __init__(self, doc: Any) -> None:
        self._doc = doc
        self.n_pages = len(doc)

    def __enter__(self) -> "PdfFile":
        return self

    def __exit__(self, *exc: Any) -> None:
        self._doc.close()

    def pages(self) -> Iterator[Any]:
        for i in range(self.n_pages):
            try:
                yield PdfPage(self._doc, i)
            except Exception as e:  # noqa: BLE001 - reported as an unreadable page
                yield e


def open_pdf(path: Path) -> PdfFile:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == 4:  # FPDF_ERR_PASSWORD
            raise PasswordError(str(e)) from e
        raise
    return PdfFile(doc)


# ------------------------------------------------------------------ page


class PdfPage:
    """One page: ``chars`` (dicts as pdfplumber gives them), ``edges`` and ``tables()``."""

    def __init__(self, doc: Any, index: int) -> None:
        import pypdfium2.raw as raw

        page = doc[index]
        try:
            x0, y0, x1, y1 = page.get_mediabox()
            self.height = y1 - y0
            self.chars, self.n_cid = _page_chars(raw, page, x0, y1)
            self.n_chars = len(self.chars)
            self._edges: list | None = None
            if self.chars:
                self._edges = _page_edges(raw, page, x0, y1)
        finally:
            page.close()

    def close(self) -> None:
        self.chars = []

    def tables(self) -> list["Table"]:
        return find_tables(self._edges or [], self.chars)

    def outside(self, boxes: list[tuple[float, float, float, float]]) -> list[dict]:
        out = []
        for c in self.chars:
            cx = (c["x0"] + c["x1"]) / 2
            cy = (c["top"] + c["bottom"]) / 2
            for x0, top, x1, bottom in boxes:
                if x0 <= cx <= x1 and top <= cy <= bottom:
                    break
            else:
                out.append(c)
        return out


def _page_chars(raw: Any, page: Any, ox: float, top_y: float) -> tuple[list[dict], int]:
    """The page's characters in content order, in top-down page coordinates."""
    tp = raw.FPDFText_LoadPage(page.raw)
    if not tp:
        raise RuntimeError("PDFium could not load the page's text")
    try:
        n = raw.FPDFText_CountChars(tp)
        chars: list[dict] = []
        n_cid = 0
        rect = raw.FS_RECTF()
        m = raw.FS_MATRIX()
        is_generated = raw.FPDFText_IsGenerated
        loose_box = raw.FPDFText_GetLooseCharBox
        get_matrix = raw.FPDFText_GetMatrix
        font_size = raw.FPDFText_GetFontSize
        map_error = raw.FPDFText_HasUnicodeMapError
        codes = _page_codes(raw, tp, n)
        for i in range(n):
            u = codes[i]
            if u <= 0x20 and is_generated(tp, i):
                # The spaces and line breaks of PDFium's own text flow. PDFium also
                # replaces some spaces of the content by generated ones, which we
                # cannot tell apart from those it infers from a gap: both are
                # dropped, and a gap splits words only when over 3 pt.
                continue
            if not i % CID_SAMPLE and map_error(tp, i) == 1:
                n_cid += CID_SAMPLE  # one character in CID_SAMPLE is checked for a missing Unicode map
            if not loose_box(tp, i, rect):
                continue
            get_matrix(tp, i, m)
            a, b, c, d = m.a, m.b, m.c, m.d
            upright = a * d > 0 and b * c <= 0
            # to 1/1000 pt: PDFium's single-precision noise must not decide a comparison
            # (to the nearest, halves away from zero; written out, as a function called
            # four times per character cost more than the arithmetic, and faster than round(v, 3))
            v = rect.left - ox
            x0 = int(v * 1000.0 + 0.5) / 1000.0 if v >= 0 else -int(-v * 1000.0 + 0.5) / 1000.0
            v = rect.right - ox
            x1 = int(v * 1000.0 + 0.5) / 1000.0 if v >= 0 else -int(-v * 1000.0 + 0.5) / 1000.0
            v = top_y - rect.bottom
            bottom = int(v * 1000.0 + 0.5) / 1000.0 if v >= 0 else -int(-v * 1000.0 + 0.5) / 1000.0
            if upright and b == 0 and c == 0:
                v = bottom - font_size(tp, i) * d
            else:
                v = top_y - rect.top
            top = int(v * 1000.0 + 0.5) / 1000.0 if v >= 0 else -int(-v * 1000.0 + 0.5) / 1000.0
            text = chr(u) if u < 0xD800 or u > 0xDFFF else "\ufffd"
            chars.append({"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "upright": upright})
        return chars, n_cid
    finally:
        raw.FPDFText_ClosePage(tp)


def _page_codes(raw: Any, tp: Any, n: int) -> list[int]:
    """The Unicode value of each of the page's ``n`` characters: one call for the
    page's text, or one per character when the text is not one UTF-16 unit each."""
    if n <= 0:
        return []
    buf = (ctypes.c_ushort * (n + 1))()
    written = raw.FPDFText_GetText(tp, 0, n, buf)
    if written == n + 1:
        codes = list(buf)[:n]
        if not any(0xD800 <= u <= 0xDFFF for u in codes):
            return codes
    return [raw.FPDFText_GetUnicode(tp, i) for i in range(n)]


def _page_edges(raw: Any, page: Any, ox: float, top_y: float) -> list[tuple]:
    """Horizontal and vertical segments of the page's paths: ("h", x0, x1, y) / ("v", x, top, bottom)."""
    out: list[tuple] = []
    m = raw.FS_MATRIX()
    px, py = ctypes.c_float(), ctypes.c_float()

    def walk(get_count: Any, get_obj: Any, parent: Any, outer: tuple) -> None:
        for k in range(get_count(parent)):
            obj = get_obj(parent, k)
            t = raw.FPDFPageObj_GetType(obj)
            if t == raw.FPDF_PAGEOBJ_PATH:
                raw.FPDFPageObj_GetMatrix(obj, m)
                mat = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
                _path_edges(raw, obj, mat, ox, top_y, px, py, out)
            elif t == raw.FPDF_PAGEOBJ_FORM:
                raw.FPDFPageObj_GetMatrix(obj, m)
                walk(raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, obj,
                     _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer))

    walk(raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, page.raw, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    return out


def _compose(inner: tuple, outer: tuple) -> tuple:
    """inner then outer (row-vector convention, as PDF matrices)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_edges(raw: Any, obj: Any, mat: tuple, ox: float, top_y: float, px: Any, py: Any, out: list) -> None:
    a, b, c, d, e, f = mat
    n = raw.FPDFPath_CountSegments(obj)
    subpaths: list[tuple[list, bool]] = []
    pts: list[tuple[float, float]] = []
    closed = False
    for k in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        kind = raw.FPDFPathSegment_GetType(seg)
        raw.FPDFPathSegment_GetPoint(seg, px, py)
        x, y = px.value, py.value
        pt = (round(a * x + c * y + e - ox, 4), round(top_y - (b * x + d * y + f), 4))
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if pts:
                subpaths.append((pts, closed))
            pts, closed = [pt], False
        else:
            if kind == raw.FPDF_SEGMENT_BEZIERTO:
                pts.append(None)  # type: ignore[arg-type]  # a curve breaks the run of straight segments
            pts.append(pt)
        if raw.FPDFPathSegment_GetClose(seg):
            closed = True
    if pts:
        subpaths.append((pts, closed))
    for pts, closed in subpaths:
        if closed and len(pts) == 4 and None not in pts:
            pts = pts + [pts[0]]  # a rectangle: its closing side too
        for p0, p1 in zip(pts, pts[1:]):
            if p0 is None or p1 is None:
                continue
            if p0[1] == p1[1] and p0[0] != p1[0]:
                out.append(("h", min(p0[0], p1[0]), max(p0[0], p1[0]), p0[1]))
            elif p0[0] == p1[0] and p0[1] != p1[1]:
                out.append(("v", p0[0], min(p0[1], p1[1]), max(p0[1], p1[1])))


# ------------------------------------------------------------------ text


def _cluster_ids(values: list[float], tol: float) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict``: distinct values sorted, chained within ``tol``."""
    ids: dict[float, int] = {}
    k = -1
    last = None
    for v in sorted(set(values)):
        if last is None or v > last + tol:
            k += 1
        ids[v] = k
        last = v
    return ids


_BY_X0 = itemgetter("x0")
_BY_TOP_BOTTOM = itemgetter("top", "bottom")


def _words(chars: list[dict], y_tol: float = Y_TOL, x_tol: float = X_TOL) -> list[tuple[dict, list[dict]]]:
    """(word, chars) in pdfplumber's order: per run of equal uprightness, per line, left to right."""
    out: list[tuple[dict, list[dict]]] = []
    if len(chars) == 1:
        ch = chars[0]
        return [] if ch["text"].isspace() else [_merge(chars, ch["upright"])]
    for upright, group in itertools.groupby(chars, key=_BY_UPRIGHT):
        group = list(group)
        if upright:
            line_key, sort_key = "top", _BY_X0
        else:
            line_key, sort_key = "x0", _BY_TOP_BOTTOM
        ids = _cluster_ids([c[line_key] for c in group], y_tol if upright else x_tol)
        if len(set(ids.values())) == 1:
            lines: Any = [group]
        else:
            by_line = sorted(group, key=lambda c: ids[c[line_key]])  # stable: content order within a line
            lines = (list(g) for _, g in itertools.groupby(by_line, key=lambda c: ids[c[line_key]]))
        for line in lines:
            current: list[dict] = []
            for ch in sorted(line, key=sort_key):
                if ch["text"].isspace():
                    if current:
                        out.append(_merge(current, upright))
                    current = []
                    continue
                if current:
                    p = current[-1]
                    if upright:
                        new = ch["x0"] < p["x0"] or ch["x0"] > p["x1"] + x_tol or abs(ch["top"] - p["top"]) > y_tol
                    else:
                        new = ch["top"] < p["top"] or ch["top"] > p["bottom"] + y_tol or abs(ch["x0"] - p["x0"]) > x_tol
                    if new:
                        out.append(_merge(current, upright))
                        current = [ch]
                        continue
                current.append(ch)
            if current:
                out.append(_merge(current, upright))
    return out


_BY_UPRIGHT = itemgetter("upright")


_TEXT, _X0, _X1, _TOP, _BOTTOM = (itemgetter(k) for k in ("text", "x0", "x1", "top", "bottom"))


def _merge(chars: list[dict], upright: bool) -> tuple[dict, list[dict]]:
    word = {
        "text": "".join(map(_TEXT, chars)),
        "x0": min(map(_X0, chars)),
        "x1": max(map(_X1, chars)),
        "top": min(map(_TOP, chars)),
        "bottom": max(map(_BOTTOM, chars)),
        "upright": upright,
    }
    return word, chars


def extract_text_lines(chars: list[dict]) -> list[dict]:
    """Text lines as pdfplumber's ``extract_text_lines(return_chars=True)`` gives them."""
    words = _words(chars)
    if not words:
        return []
    ids = _cluster_ids([w["top"] for w, _ in words], Y_TOL)
    lines: list[dict] = []
    for _, group in itertools.groupby(words, key=lambda wc: ids[wc[0]["top"]]):
        group = list(group)
        text = " ".join(w["text"] for w, _ in group).strip(" ")
        if not text:
            continue
        cs = [c for _, wcs in group for c in wcs]
        lines.append(
            {
                "text": text,
                "x0": min(c["x0"] for c in cs),
                "top": min(c["top"] for c in cs),
                "x1": max(c["x1"] for c in cs),
                "bottom": max(c["bottom"] for c in cs),
                "chars": cs,
            }
        )
    return lines


def extract_text(chars: list[dict], y_tolerance: float = Y_TOL) -> str:
    """pdfplumber's ``utils.extract_text`` (not layout): lines of words joined by spaces and newlines."""
    if not chars:
        return ""
    words = [w for w, _ in _words(chars, y_tol=y_tolerance)]
    ids = _cluster_ids([w["top"] for w in words], y_tolerance)
    words.sort(key=lambda w: ids[w["top"]])
    return "\n".join(
        " ".join(w["text"] for w in line) for _, line in itertools.groupby(words, key=lambda w: ids[w["top"]])
    )


# ---------------------------------------------------------------- tables


class _Row:
    __slots__ = ("cells", "bbox")

    def __init__(self, cells: list) -> None:
        self.cells = cells
        real = [c for c in cells if c is not None]
        self.bbox = (min(c[0] for c in real), min(c[1] for c in real), max(c[2] for c in real), max(c[3] for c in real))


class Table:
    """A ruled table: ``cells`` (bboxes), ``bbox``, ``rows`` and ``extract()``, as pdfplumber's."""

    def __init__(self, cells: list[tuple], chars: list[dict]) -> None:
        self.cells = cells
        self._chars = chars
        self._rows: list[_Row] | None = None
        self.bbox = (
            min(c[0] for c in cells),
            min(c[1] for c in cells),
            max(c[2] for c in cells),
            max(c[3] for c in cells),
        )

    @property
    def rows(self) -> list[_Row]:
        if self._rows is None:  # asked by extract() and by the reader
            xs = sorted({c[0] for c in self.cells})
            rows = []
            for _, row_cells in itertools.groupby(sorted(self.cells, key=lambda c: (c[1], c[0])), key=lambda c: c[1]):
                xdict = {c[0]: c for c in row_cells}
                rows.append(_Row([xdict.get(x) for x in xs]))
            self._rows = rows
        return self._rows

    def extract(self) -> list[list[str | None]]:
        """Each row's cells' text (None where a merged cell covers the position)."""
        x0, top, x1, bottom = self.bbox
        mids = []  # (vertical centre, content order, horizontal centre, char) of the chars inside
        for k, ch in enumerate(self._chars):
            h = (ch["x0"] + ch["x1"]) / 2
            v = (ch["top"] + ch["bottom"]) / 2
            if x0 <= h < x1 and top <= v < bottom:
                mids.append((v, k, h, ch))
        mids.sort(key=lambda m: (m[0], m[1]))
        vs = [m[0] for m in mids]
        out = []
        for row in self.rows:
            rx0, rtop, rx1, rbottom = row.bbox
            row_chars = sorted(
                (m for m in mids[bisect_left(vs, rtop) : bisect_left(vs, rbottom)] if rx0 <= m[2] < rx1),
                key=lambda m: m[1],
            )
            real = [k for k, cell in enumerate(row.cells) if cell is not None]
            inside: dict[int, list[dict]] = {}
            if all(row.cells[a][2] <= row.cells[b][0] for a, b in zip(real, real[1:])):
                # The row's cells lie side by side (as they nearly always do): a
                # character can only be in the one whose left edge is the last
                # before it, found by bisection instead of every cell scanning
                # every character of the row.
                lefts = [row.cells[k][0] for k in real]
                for v, _, h, ch in row_chars:
                    j = bisect_right(lefts, h) - 1
                    if j >= 0:
                        k = real[j]
                        _, ctop, cx1, cbottom = row.cells[k]
                        if h < cx1 and ctop <= v < cbottom:
                            inside.setdefault(k, []).append(ch)
            else:
                for k in real:
                    cx0, ctop, cx1, cbottom = row.cells[k]
                    chosen = [m[3] for m in row_chars if cx0 <= m[2] < cx1 and ctop <= m[0] < cbottom]
                    if chosen:
                        inside[k] = chosen
            arr: list[str | None] = []
            for k, cell in enumerate(row.cells):
                if cell is None:
                    arr.append(None)
                else:
                    arr.append(extract_text(inside[k]) if k in inside else "")
            out.append(arr)
        return out


def _snap(values: list[float], tol: float) -> dict[int, float]:
    """Index -> snapped value: each value moved to the mean of its cluster (chained within ``tol``)."""
    ids = _cluster_ids(values, tol)
    sums: dict[int, list[float]] = {}
    for v in values:
        s = sums.setdefault(ids[v], [0.0, 0])
        s[0] += v
        s[1] += 1
    return {i: sums[ids[v]][0] / sums[ids[v]][1] for i, v in enumerate(values)}


def merge_edges(edges: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """pdfplumber's get_edges for the "lines" strategy: prefilter, snap, join, filter.

    Returns (h, v): h edges as (x0, x1, y), v edges as (x, top, bottom)."""
    hs = [(e[1], e[2], e[3]) for e in edges if e[0] == "h" and e[2] - e[1] >= EDGE_MIN_PREFILTER]
    vs = [(e[1], e[2], e[3]) for e in edges if e[0] == "v" and e[3] - e[2] >= EDGE_MIN_PREFILTER]
    # snap: v edges by x, h edges by y, to the mean of their cluster
    sv = _snap([v[0] for v in vs], SNAP_TOL)
    vs = [(sv[i], v[1], v[2]) for i, v in enumerate(vs)]
    sh = _snap([h[2] for h in hs], SNAP_TOL)
    hs = [(h[0], h[1], sh[i]) for i, h in enumerate(hs)]
    out_h: list[tuple] = []
    hs.sort(key=lambda h: h[2])
    for y, group in itertools.groupby(hs, key=lambda h: h[2]):
        joined: list[list[float]] = []
        for x0, x1, _ in sorted(group, key=lambda h: h[0]):
            if joined and x0 <= joined[-1][1] + JOIN_TOL:
                if x1 > joined[-1][1]:
                    joined[-1][1] = x1
            else:
                joined.append([x0, x1])
        out_h.extend((x0, x1, y) for x0, x1 in joined if x1 - x0 >= EDGE_MIN)
    out_v: list[tuple] = []
    vs.sort(key=lambda v: v[0])
    for x, group in itertools.groupby(vs, key=lambda v: v[0]):
        joinedv: list[list[float]] = []
        for _, t, b in sorted(group, key=lambda v: v[1]):
            if joinedv and t <= joinedv[-1][1] + JOIN_TOL:
                if b > joinedv[-1][1]:
                    joinedv[-1][1] = b
            else:
                joinedv.append([t, b])
        out_v.extend((x, t, b) for t, b in joinedv if b - t >= EDGE_MIN)
    return out_h, out_v


def _intersections(hs: list[tuple], vs: list[tuple]) -> dict[tuple[float, float], tuple[set, set]]:
    """Points where a v edge meets an h edge (within the tolerance) -> (v edges, h edges) there."""
    tol = INTERSECTION_TOL
    hs_by_y = sorted(hs, key=lambda h: h[2])
    ys = [h[2] for h in hs_by_y]
    out: dict[tuple[float, float], tuple[set, set]] = {}
    for v in vs:
        x, top, bottom = v
        for h in hs_by_y[bisect_left(ys, top - tol) : bisect_right(ys, bottom + tol)]:
            if h[0] - tol <= x <= h[1] + tol:
                key = (x, h[2])
                entry = out.get(key)
                if entry is None:
                    entry = out[key] = (set(), set())
                entry[0].add(v)
                entry[1].add(h)
    return out


def _cells(inter: dict[tuple[float, float], tuple[set, set]]) -> list[tuple]:
    """For each intersection, the smallest cell it is the top-left corner of (pdfplumber's rule)."""
    by_x: dict[float, list[float]] = {}
    by_y: dict[float, list[float]] = {}
    for x, y in sorted(inter):
        by_x.setdefault(x, []).append(y)
        by_y.setdefault(y, []).append(x)

    def connects_v(p1: tuple, p2: tuple) -> bool:
        return not inter[p1][0].isdisjoint(inter[p2][0])

    def connects_h(p1: tuple, p2: tuple) -> bool:
        return not inter[p1][1].isdisjoint(inter[p2][1])

    cells = []
    for pt in sorted(inter):
        x, y = pt
        col = by_x[x]
        row = by_y[y]
        below = col[bisect_right(col, y) :]
        right = row[bisect_right(row, x) :]
        found = None
        for by in below:
            bp = (x, by)
            if not connects_v(pt, bp):
                continue
            for rx in right:
                rp = (rx, y)
                if not connects_h(pt, rp):
                    continue
                br = (rx, by)
                if br in inter and connects_v(br, rp) and connects_h(br, bp):
                    found = (x, y, rx, by)
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _group_cells(cells: list[tuple]) -> list[list[tuple]]:
    """Cells connected through shared corners, as tables (sorted by top-left; at least two cells)."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = owner.setdefault(corner, i)
            if j != i:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[tuple]] = {}
    for i, c in enumerate(cells):
        groups.setdefault(find(i), []).append(c)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def find_tables(edges: list[tuple], chars: list[dict]) -> list[Table]:
    """Ruled tables of a page from its edges (see the module docstring)."""
    if not edges:
        return []
    hs, vs = merge_edges(edges)
    if not hs or not vs:
        return []
    return [Table(cells, chars) for cells in _group_cells(_cells(_intersections(hs, vs)))]
