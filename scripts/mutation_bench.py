#!/usr/bin/env python3
"""Mutation benchmark: plant one error in a report, see whether the audit notices.

    python scripts/mutation_bench.py                    # 300 mutants, seed 1
    python scripts/mutation_bench.py --n 60 --seed 7 --json
    python scripts/mutation_bench.py --inputs ../shared/seeds --jobs 2

Reports: samples/clean_*.txt and the seed reports (samples/NNN_*.txt, falling
back to ../shared/seeds). Mutants are written to a temporary directory; the
samples are never touched.

Which figures are mutated (the "checkable" route)
-------------------------------------------------
A figure can only be caught if some relation involves it, so mutants are
planted only in figures that take part in one. A number mention qualifies when
it is not a year, an ordinal ("1、", "（2）", "第3"), a date or a document
number, the product's quantity recogniser reads it as a figure (so phone
numbers, hotlines such as 12345 and dates in signature lines are left out),
and at least one of:

(a) its value is printed at two or more places in the report (cross-reference)
    and is distinctive (has decimals, a money unit, or is >= 10 and not a
    multiple of 10: small round numbers repeat by chance);
(b) it is narrative and takes part in an arithmetic relation that holds among
    the figures around it, found by brute force, independently of the product:
    in its sentence it is the sum of two or more of the other figures or one of
    such a sum's terms (a difference a - b = c is the sum b + c = a), or in its
    paragraph it is a percentage equal to the ratio of two figures, or one of
    those two figures. Money is compared in 万元; the tolerance is the printed
    precision (half a unit in the last decimal shown, per figure). Bare one-digit
    integers without a unit are left out. (The looser rule of earlier versions,
    "its sentence holds a relation word such as 其中, 率 or 占", picked figures
    no reader could check, e.g. the counts in "全年接访158批次，涉及1013人，其中
    涉军人员17人次…"; it is kept as route "w" for comparison.)
(c) it is a table cell (tab-separated line) that foots — it equals the sum of
    two or more contiguous numeric cells below it in its column — or sits in a
    row labelled 合计/总计/小计/总分;
(d) the audit of the unmutated report cites it in a finding's evidence (what the
    checks evaluated): the same value, in an evidence text that holds this very
    mention with its neighbouring characters (not merely the same value elsewhere).

Mutation kinds (ONE per mutant)
-------------------------------
digit      one digit changed               2609.57 -> 2609.87
swap       two adjacent digits swapped     2609.57 -> 2609.75
decimal    the decimal point shifted       2609.57 -> 260.957 / 26095.7; 38 -> 3.8
unit       万元 written as 元              254.36万元 -> 254.36元 (never on 0万元: 0元 is the same)
drop       an item dropped from an enumerated list ("，X万元" / "、X万元" segment)
           whose total is printed in the same sentence (before 其中, or after
           共计/合计/总计)
total      a table total (route (c)) changed by one digit

Detection
---------
A mutant is detected when a finding of severity >= warning that the unmutated
audit did not produce (compared by code + message) has evidence that cites the
changed figure: its location is a paragraph/cell whose text holds the mutated
figure in its context, and its printed value / value / quoted text is the new
figure. For a dropped item the finding must cite the list's total the same way.
"as error" counts detections at error severity.

False errors per unmutated report: error findings on the clean sample; on a
seed, error findings matching no gold entry (new errors beyond the gold list,
when ../shared/gold/seed-findings.yaml is readable).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from gold_scoring import extract_numbers, normalize_text, numbers_in, same_number  # noqa: E402

KINDS = ("digit", "swap", "decimal", "unit", "drop", "total")
RELATION_WORDS = re.compile(
    r"合计|共计|总计|小计|其中|较上年|比上年|同比|增加|减少|增长|下降|占|率|分别|得分|总分"
)
TOTAL_LABEL = re.compile(r"合\s*计|总\s*计|小\s*计|总\s*分")
SENT_END = re.compile(r"[。；;！？\n]")


# ---------------------------------------------------------------- reports


def default_reports(inputs: Path | None) -> list[Path]:
    samples = REPO / "samples"
    out: list[Path] = []
    dirs = [inputs] if inputs else [samples]
    for d in dirs:
        out += sorted(d.glob("clean_*.txt"))
        out += sorted(p for p in d.glob("[0-9][0-9][0-9]_*.txt"))
    if not inputs and not any(p.name[:3].isdigit() for p in out):
        out += sorted((REPO.parent / "shared" / "seeds").glob("[0-9][0-9][0-9]_*.txt"))
    return out


# ---------------------------------------------------------------- figures


@dataclass(slots=True)
class Figure:
    start: int  # offsets of the digits in the report text
    end: int
    text: str  # digits as printed
    value: float
    unit: str | None
    line: int
    in_table: bool
    foots: bool  # route (c)
    routes: str = ""


def _is_noise(t: str, start: int, end: int, digits: str, value: float) -> bool:
    before = t[max(0, start - 2):start]
    after = t[end:end + 2]
    if before.endswith("第") or before.endswith("[") or before.endswith("〔"):
        return True
    if after[:1] in ("、", "月", "日", "号", "期", "届", "]", "〕", "条", "款", "版", "：", ":"):
        return True
    if before.endswith("(") and after[:1] == ")":  # (1)
        return True
    if re.search(r"(附件|指标|任务|目标|表|图)\s*$", t[max(0, start - 3):start]):
        return True
    if after[:1] == "." and not after[1:2].isdigit():  # "1." list numbering
        return True
    if "." not in digits and 1949 <= value <= 2100 and (after.lstrip()[:1] in ("年", "") or after[:1] in ("-", "/")):
        return True
    if after.lstrip().startswith("年"):
        return True
    if before.endswith("（") and after[:1] == "）":  # （2）
        return True
    line_start = t.rfind("\n", 0, start) + 1
    if t[line_start:start].strip() == "" and after[:1] in ("、", "．", "."):
        return True
    if len(digits.replace(",", "").replace(".", "")) > 12:  # ids, phone numbers
        return True
    return False


def _figure_starts(lines: list[str], line_starts: list[int]) -> set[int]:
    """Offsets where a figure's digits begin, as the product's quantity
    recogniser reads them: phone numbers (联系电话 0731-…), dates, hotlines
    (12345) and document numbers are not figures any relation involves."""
    from auditor.nlp.quantities import parse_quantities

    out: set[int] = set()
    for ln, base in zip(lines, line_starts):
        for q in parse_quantities(ln):
            out.update(range(base + q.num_start, base + q.num_end))
    return out


def find_figures(text: str, cited_values: list = (), routes_allowed: str = "abcd") -> list[Figure]:
    """Checkable figures of a report. ``cited_values``: (value, evidence text) pairs
    of the unmutated audit's findings (route d); a bare value is accepted too."""
    t = normalize_text(text)
    mentions = extract_numbers(t)
    lines = t.split("\n")
    line_starts = [0]
    for ln in lines[:-1]:
        line_starts.append(line_starts[-1] + len(ln) + 1)

    def line_of(pos: int) -> int:
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo

    value_count = Counter(round(m.value, 6) for m in mentions)
    foot_cells = _footing_cells(lines, line_starts)
    figure_starts = _figure_starts(lines, line_starts)
    related = _related_figures(t, [m for m in mentions if m.start in figure_starts
                                   and not _is_noise(t, m.start, m.end, m.text, m.value)])
    out = []
    for m in mentions:
        if _is_noise(t, m.start, m.end, m.text, m.value):
            continue
        if m.start not in figure_starts:
            continue  # a phone number, date, hotline or name: no relation can involve it
        li = line_of(m.start)
        in_table = "\t" in lines[li]
        # sentence around the figure
        s0 = max((x.end() for x in SENT_END.finditer(t, 0, m.start)), default=0)
        s1m = SENT_END.search(t, m.end)
        sentence = t[s0:s1m.start() if s1m else len(t)]
        routes = ""
        # (a) only for distinctive values: 1, 5, 10, 100% repeat by chance
        distinctive = "." in m.text or m.unit in ("万元", "元", "亿元") or (m.value >= 10 and m.value % 10)
        if value_count[round(m.value, 6)] >= 2 and distinctive:
            routes += "a"
        # (b) bare one-digit integers ("1个", "2次") are left out: mostly counts
        # and ordinals no relation sums.
        plain = bool(m.unit or "." in m.text or m.value >= 10)
        if not in_table and plain and m.start in related:
            routes += "b"
        if not in_table and plain and RELATION_WORDS.search(sentence):
            routes += "w"
        foots = m.start in foot_cells
        if in_table and (foots or TOTAL_LABEL.search(lines[li].split("\t")[0] + lines[li][:8])):
            routes += "c"
        if cited_values and _is_cited(t, m, cited_values):
            routes += "d"
        routes = "".join(r for r in routes if r in routes_allowed)
        if not routes:
            continue
        out.append(Figure(m.start, m.end, text[m.start:m.end], m.value, m.unit, li, in_table, foots, routes))
    return out


_MONEY_FACTOR = {"元": 1e-4, "万元": 1.0, "亿元": 1e4, "千元": 1e-1}


def _magnitude(m) -> tuple[str, float, float]:
    """(kind, value, half-unit of the last printed place), money in 万元."""
    digits = m.text.replace(",", "")
    dec = len(digits.split(".", 1)[1]) if "." in digits else 0
    half = 0.5 * 10.0 ** -dec
    if m.unit in _MONEY_FACTOR:
        k = _MONEY_FACTOR[m.unit]
        return "money", m.value * k, half * k
    if m.unit in ("%", "％"):
        return "%", m.value, half
    return "n:" + (m.unit or ""), m.value, half


def _related_figures(t: str, mentions: list) -> set[int]:
    """Offsets of narrative figures that take part in a relation that holds
    (route b): a sum within their sentence, a ratio within their paragraph."""
    out: set[int] = set()
    for para_m in re.finditer(r"[^\n]+", t):
        if "\t" in para_m.group():
            continue
        p0, p1 = para_m.span()
        figs = [m for m in mentions if p0 <= m.start < p1]
        # sums, sentence by sentence
        bounds = [p0] + [x.end() for x in SENT_END.finditer(t, p0, p1)] + [p1]
        for s0, s1 in zip(bounds, bounds[1:]):
            sent = [(m, *_magnitude(m)) for m in figs if s0 <= m.start < s1]
            groups: dict[str, list] = defaultdict(list)
            for item in sent:
                if item[1] != "%":
                    groups[item[1]].append(item)
            for items in groups.values():
                if len(items) < 3 or len(items) > 14:
                    continue
                for ti, tot in enumerate(items):
                    rest = [x for i, x in enumerate(items) if i != ti and x[2] <= tot[2] + tot[3]]
                    for r in range(2, len(rest) + 1):
                        hit = False
                        for combo in combinations(rest, r):
                            tol = tot[3] + sum(x[3] for x in combo) + 1e-9
                            if abs(sum(x[2] for x in combo) - tot[2]) <= tol:
                                out.add(tot[0].start)
                                out.update(x[0].start for x in combo)
                                hit = True
                        if hit or (r >= 4 and len(rest) > 10):
                            break  # the smallest sums first; long lists only up to 4 terms
        # ratios within the paragraph: p% = a / b
        items = [(m, *_magnitude(m)) for m in figs]
        pcts = [x for x in items if x[1] == "%" and 0 < x[2]]
        others = [x for x in items if x[1] != "%" and x[2] > 0]
        for pc in pcts:
            for a in others:
                for b in others:
                    if a is b or a[1] != b[1] or a[2] > b[2] * 10:
                        continue
                    ratio = a[2] / b[2] * 100
                    # propagated printed precision of a / b, plus the percentage's own
                    tol = ratio * (a[3] / a[2] + b[3] / b[2]) + pc[3] + 1e-9
                    if abs(ratio - pc[2]) <= tol:
                        out.update((pc[0].start, a[0].start, b[0].start))
    return out


def _is_cited(t: str, m, cited: list) -> bool:
    """Route d: a finding's evidence cites THIS mention: same value, and the
    evidence text holds the mention with its neighbourhood (another "5" in
    the report is not what the check evaluated)."""
    window = _squash(_window(t, m.start, m.end - m.start))
    for c in cited:
        value, text = c if isinstance(c, tuple) else (c, None)
        if not same_number(m.value, value):
            continue
        if text is None or window in _squash(text):
            return True
    return False


def _footing_cells(lines: list[str], line_starts: list[int]) -> set[int]:
    """Offsets of table cells equal to the sum of >=2 contiguous cells below them."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and "\t" in lines[j]:
            j += 1
        block = []
        for li in range(i, j):
            cells, pos = [], line_starts[li]
            for c in lines[li].split("\t"):
                nums = extract_numbers(c)
                cells.append((pos + nums[0].start, nums[0].value) if len(nums) == 1 and c.strip() == c.strip() else None)
                pos += len(c) + 1
            block.append(cells)
        ncols = max(len(r) for r in block)
        for col in range(ncols):
            column = [r[col] if col < len(r) else None for r in block]
            for a, cell in enumerate(column):
                if cell is None or cell[1] == 0:
                    continue
                acc, k = 0.0, 0
                for below in column[a + 1:]:
                    if below is None:
                        if k:
                            break
                        continue
                    acc += below[1]
                    k += 1
                    if k >= 2 and abs(acc - cell[1]) <= 0.011:
                        out.add(cell[0])
                        break
                    if acc > cell[1] + 0.011:
                        break
        i = j
    return out


# ---------------------------------------------------------------- mutants


@dataclass(slots=True)
class Mutant:
    kind: str
    report: str
    start: int  # offset of the replaced span in the original text
    end: int
    old: str
    new: str
    # What the audit must cite: offset (in the MUTATED text) and printed digits.
    target_start: int
    target_text: str
    target_value: float
    note: str = ""

    def apply(self, text: str) -> str:
        return text[: self.start] + self.new + text[self.end:]


def _digit_positions(s: str) -> list[int]:
    return [i for i, ch in enumerate(s) if ch.isdigit()]


def mutate_digit(rng: random.Random, fig: Figure, kind: str = "digit") -> Mutant | None:
    s = fig.text
    pos = _digit_positions(s)
    if not pos:
        return None
    i = rng.choice(pos)
    choices = [d for d in "0123456789" if d != s[i] and not (i == pos[0] and d == "0" and len(pos) > 1 and s[pos[0] + 1:pos[0] + 2] != ".")]
    new = s[:i] + rng.choice(choices) + s[i + 1:]
    return _figure_mutant(kind, fig, new)


def mutate_swap(rng: random.Random, fig: Figure) -> Mutant | None:
    s = fig.text
    pairs = [i for i in range(len(s) - 1) if s[i].isdigit() and s[i + 1].isdigit() and s[i] != s[i + 1]
             and not (i == 0 and s[1] == "0")]
    if not pairs:
        return None
    i = rng.choice(pairs)
    return _figure_mutant("swap", fig, s[:i] + s[i + 1] + s[i] + s[i + 2:])


def mutate_decimal(rng: random.Random, fig: Figure) -> Mutant | None:
    s = fig.text.replace(",", "")
    if "." in s:
        ip, fp = s.split(".", 1)
        opts = []
        if len(ip) > 1:
            opts.append(ip[:-1] + "." + ip[-1] + fp)  # left
        if len(fp) > 1:
            opts.append(ip + fp[0] + "." + fp[1:])  # right
        elif len(fp) == 1:
            opts.append(ip + fp)  # 11.9 -> 119
        if not opts:
            return None
        new = rng.choice(opts)
    else:
        if len(s) < 2:
            return None
        new = s[:-1] + "." + s[-1]
    new = new.lstrip("0") or "0"
    if new.startswith("."):
        new = "0" + new
    return _figure_mutant("decimal", fig, new)


def _figure_mutant(kind: str, fig: Figure, new: str) -> Mutant | None:
    try:
        v = float(normalize_text(new).replace(",", ""))
    except ValueError:
        return None
    if same_number(v, fig.value):
        return None
    return Mutant(kind, "", fig.start, fig.end, fig.text, new, fig.start, new, v)


def mutate_unit(text: str, fig: Figure) -> Mutant | None:
    m = re.match(r"(\s*)万元", text[fig.end:fig.end + 4])
    if not m or fig.value == 0:
        return None  # 0万元 and 0元 are the same amount
    a = fig.end + len(m.group(1))
    return Mutant("unit", "", a, a + 2, "万元", "元", fig.start, fig.text, fig.value)


def _items(sent: str) -> list[tuple[int, int, object]]:
    """List items of a sentence: (start, end, amount) for each 万元 amount whose
    segment - from the end of the previous amount's 万元 to the end of its own
    万元 - starts with a list separator (、，,；)."""
    amounts = [n for n in extract_numbers(sent) if n.unit == "万元"]
    out = []
    for prev, cur in zip(amounts, amounts[1:]):
        a = sent.index("万元", prev.end) + 2
        b = sent.index("万元", cur.end) + 2
        seg = sent[a:b]
        if len(extract_numbers(seg)) == 1 and seg[:1] in ("、", "，", ",", "；") and not re.search(r"[。；]", seg[1:]):
            out.append((a, b, cur))
    return out


def drop_sites(text: str) -> list[Mutant]:
    """Enumerated lists of 万元 items with a printed total in the same sentence.

    Two shapes: "总额T万元，其中A万元，B万元，C万元" (items after 其中; the first,
    which carries 其中, is kept; T is the last amount before 其中 that is at least
    as large as every item) and "A万元，B万元，C万元，共计T万元" (items before
    共计/合计/总计). An item is the segment from the previous amount's 万元 to its
    own 万元, so the dropped text is exactly "，X万元" / "、X万元".
    """
    t = normalize_text(text)
    out = []
    for sm in re.finditer(r"[^。；\n]+", t):
        sent, base = sm.group(0), sm.start()
        total, droppable = None, []
        k = sent.find("其中")
        if k > 0:
            after_amounts = [n for n in extract_numbers(sent[k:]) if n.unit == "万元"]
            items = [it for it in _items(sent) if it[0] > k]
            if after_amounts and len(items) >= 2:
                biggest = max(n.value for n in after_amounts)
                before = [n for n in extract_numbers(sent[:k]) if n.unit == "万元" and n.value >= biggest]
                if before:
                    total, droppable = before[-1], items
        if total is None:
            km = re.search(r"(共计|合计|总计)[^\d]{0,6}", sent)
            if km:
                after = [n for n in extract_numbers(sent[km.end():]) if n.unit == "万元"]
                items = [it for it in _items(sent) if it[1] <= km.start()]
                if after and len(items) >= 2:
                    n0 = after[0]
                    total = type(n0)(n0.value, n0.text, n0.unit, n0.start + km.end(), n0.end + km.end())
                    droppable = items
        if total is None:
            continue
        for ia, ib, amount in droppable:
            a, b = base + ia, base + ib
            shift = (b - a) if a < base + total.start else 0
            out.append(
                Mutant("drop", "", a, b, text[a:b], "", base + total.start - shift,
                       text[base + total.start:base + total.end], total.value, note=f"total {total.text}")
            )
    return out


def make_mutants(reports: dict[str, str], cited: dict[str, list[float]], n: int, seed: int,
                 routes: str = "abcd") -> list[Mutant]:
    rng = random.Random(seed)
    figs = {name: find_figures(txt, cited.get(name, []), routes) for name, txt in reports.items()}
    drops = {name: drop_sites(txt) for name, txt in reports.items()}
    names = sorted(reports)
    out: list[Mutant] = []
    seen: set[tuple] = set()
    attempts = 0
    while len(out) < n and attempts < n * 50:
        attempts += 1
        kind = KINDS[len(out) % len(KINDS)] if attempts < n * 25 else rng.choice(("digit", "swap", "decimal"))
        name = rng.choice(names)
        text = reports[name]
        m: Mutant | None = None
        if kind == "drop":
            if drops[name]:
                m = rng.choice(drops[name])
        elif kind == "total":
            cands = [f for f in figs[name] if "c" in f.routes]
            if cands:
                m = mutate_digit(rng, rng.choice(cands), "total")
        elif kind == "unit":
            cands = [f for f in figs[name] if f.unit == "万元"]
            if cands:
                m = mutate_unit(text, rng.choice(cands))
        else:
            cands = figs[name]
            if cands:
                f = rng.choice(cands)
                m = {"digit": mutate_digit, "swap": mutate_swap, "decimal": mutate_decimal}[kind](rng, f)
        if m is None:
            continue
        m.report = name
        key = (name, m.kind, m.start, m.end, m.new)
        if key in seen:
            continue
        seen.add(key)
        out.append(m)
    return out


# ---------------------------------------------------------------- detection


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", normalize_text(s))


def _window(text: str, start: int, length: int) -> str:
    """The mutated figure with a little context, clipped at tabs and newlines."""
    a, b = start, start + length
    left = text[max(0, a - 6):a]
    left = re.split(r"[\t\n]", left)[-1]
    right = re.split(r"[\t\n]", text[b:b + 6])[0]
    return left + text[a:b] + right


def target_locations(doc, mutated: str, m: Mutant) -> set[tuple]:
    if doc is None:
        return set()
    w = _squash(_window(mutated, m.target_start, len(m.target_text)))
    bare = _squash(m.target_text)
    locs, fallback = set(), set()
    for text, loc in doc.iter_text():
        sq = _squash(text)
        if w and w in sq:
            locs.add(_lk(loc))
        elif bare and bare in sq and any(same_number(v, m.target_value) for v in numbers_in(sq)):
            fallback.add(_lk(loc))
    return locs or fallback


def _lk(loc) -> tuple:
    return (loc.paragraph, loc.table, loc.row, loc.col, loc.page)


def _fkey(f) -> tuple:
    return (f.code, f.message)


def cites_target(f, locs: set[tuple], m: Mutant) -> bool:
    for e in f.evidence:
        if _lk(e.location) not in locs:
            continue
        vals = []
        if e.value is not None:
            vals.append(e.value)
        if e.normalized is not None and m.kind == "unit":
            vals.append(e.normalized)
        if e.printed:
            vals += numbers_in(e.printed)
        if vals:
            if any(same_number(v, m.target_value) for v in vals):
                return True
        elif e.text and any(same_number(v, m.target_value) for v in numbers_in(e.text)):
            return True
    return False


@dataclass(slots=True)
class Outcome:
    kind: str
    report: str
    old: str
    new: str
    detected: bool
    as_error: bool
    codes: list[str] = field(default_factory=list)
    failed: str | None = None
    seconds: float = 0.0
    context: str = ""  # the original text around the mutated span, for --show-missed


def _audit(path: Path):
    from auditor.audit import AuditConfig, audit_path
    from auditor.findings import AuditResult

    try:
        return audit_path(path, AuditConfig())
    except Exception as e:  # pipeline under construction: record and go on
        return AuditResult(file=str(path), error=e)


def run_mutant(args: tuple) -> Outcome:
    m, text, tmpdir, base_keys = args
    from auditor.findings import Severity

    mutated = m.apply(text)
    p = Path(tmpdir) / f"m_{abs(hash((m.report, m.kind, m.start, m.new))) % 10**10:010d}_{m.report}"
    p.write_text(mutated, encoding="utf-8")
    t0 = time.perf_counter()
    r = _audit(p)
    dt = time.perf_counter() - t0
    p.unlink(missing_ok=True)
    a, b = max(0, m.start - 40), min(len(text), m.end + 25)
    context = (text[a:m.start] + "⟦" + text[m.start:m.end] + "⟧" + text[m.end:b]).replace("\n", "⏎").replace("\t", "⇥")
    if r.error is not None:
        return Outcome(m.kind, m.report, m.old, m.new, False, False, failed=str(r.error)[:200], seconds=dt,
                       context=context)
    locs = target_locations(r.document, mutated, m)
    hits = [
        f for f in r.findings
        if f.severity >= Severity.WARNING and _fkey(f) not in base_keys and cites_target(f, locs, m)
    ]
    return Outcome(
        m.kind, m.report, m.old, m.new, bool(hits), any(f.severity == Severity.ERROR for f in hits),
        sorted({f.code for f in hits}), seconds=dt, context=context,
    )


# ---------------------------------------------------------------- report


def false_errors(base: dict[str, object]) -> dict[str, dict]:
    """Errors on unmutated reports: all of them on clean_*, beyond gold on seeds."""
    out = {}
    gold = None
    gp = REPO.parent / "shared" / "gold" / "seed-findings.yaml"
    if gp.exists():
        from gold_scoring import load_gold, score

        gold = load_gold(gp)
    for name, r in base.items():
        if r.error is not None:
            out[name] = {"errors": None, "false_errors": None, "note": f"audit failed: {str(r.error)[:120]}"}
            continue
        errs = [f for f in r.findings if f.severity.label_en == "error"]
        if name.startswith("clean_"):
            out[name] = {"errors": len(errs), "false_errors": len(errs), "note": "clean sample: every error is false"}
        elif gold is not None and Path(name).stem in gold.stems:
            ev = score(gold, [r])
            n_other = len(ev.other_errors)
            out[name] = {
                "errors": len(errs),
                "false_errors": n_other + ev.errors_on_consistent,
                "note": f"beyond gold: {n_other} unmatched + {ev.errors_on_consistent} on consistent relations",
            }
        else:
            out[name] = {"errors": len(errs), "false_errors": None, "note": "no gold list"}
    return out


def render(outcomes: list[Outcome], fe: dict[str, dict], n_fig: dict[str, int], args) -> str:
    lines = []
    by = defaultdict(list)
    for o in outcomes:
        by[o.kind].append(o)
    lines.append(f"Mutation benchmark: {len(outcomes)} mutants, seed {args.seed}, routes {args.routes}, "
                 f"reports: {', '.join(sorted(n_fig))}")
    lines.append("")
    lines.append("| mutation | mutants | detected | rate | as error | audit failed |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    tot = [0, 0, 0, 0]
    for k in KINDS:
        os_ = by.get(k, [])
        if not os_:
            continue
        d = sum(o.detected for o in os_)
        e = sum(o.as_error for o in os_)
        fl = sum(o.failed is not None for o in os_)
        tot = [tot[0] + len(os_), tot[1] + d, tot[2] + e, tot[3] + fl]
        lines.append(f"| {k} | {len(os_)} | {d} | {d / len(os_):.0%} | {e} | {fl} |")
    if tot[0]:
        lines.append(f"| **all** | {tot[0]} | {tot[1]} | **{tot[1] / tot[0]:.0%}** | {tot[2]} | {tot[3]} |")
    lines.append("")
    lines.append("| unmutated report | checkable figures | errors | false errors | note |")
    lines.append("|---|---:|---:|---:|---|")
    for name in sorted(fe):
        d = fe[name]
        lines.append(
            f"| {name} | {n_fig.get(name, 0)} | {d['errors'] if d['errors'] is not None else '-'} | "
            f"{d['false_errors'] if d['false_errors'] is not None else '-'} | {d['note']} |"
        )
    secs = [o.seconds for o in outcomes]
    if secs:
        secs.sort()
        lines.append("")
        lines.append(f"median audit per mutant {secs[len(secs) // 2] * 1000:.0f} ms")
    return "\n".join(lines)


def _seeds(spec: str) -> list[int]:
    out: list[int] = []
    for part in str(spec).split(","):
        if "-" in part.strip()[1:]:
            lo, hi = part.split("-", 1)
            out += list(range(int(lo), int(hi) + 1))
        elif part.strip():
            out.append(int(part))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=Path, default=None, help="directory of .txt reports (default samples/, seeds fallback)")
    ap.add_argument("--n", type=int, default=300, help="number of mutants (default 300)")
    ap.add_argument("--seed", default="1",
                    help="seed, or several (1-8, or 1,3,5): --n mutants per seed, identical mutants counted once")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--routes", default="abcd",
                    help="figure-selection routes to use (default abcd; 'abc' leaves out figures chosen because the "
                         "unmutated audit cites them, so the mutant set does not move as the checks change)")
    ap.add_argument("--json", action="store_true", help="print outcomes as JSON")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit (no audit)")
    ap.add_argument("--show-missed", type=int, default=0, metavar="K", help="print up to K missed mutants")
    a = ap.parse_args(argv)

    paths = default_reports(a.inputs)
    if not paths:
        print("no reports found", file=sys.stderr)
        return 2
    reports = {p.name: p.read_text(encoding="utf-8") for p in paths}

    tmp = Path(tempfile.mkdtemp(prefix="auditor-mutants-"))
    try:
        base, cited = {}, {}
        if not a.list:
            for p in paths:
                # audit a copy in tmp so nothing is written next to the samples
                q = tmp / p.name
                shutil.copyfile(p, q)
                base[p.name] = _audit(q)
                r = base[p.name]
                cited[p.name] = [(e.value, e.text or "") for f in r.findings for e in f.evidence if e.value is not None]
        mutants, seen_m = [], set()
        for seed in _seeds(a.seed):
            for m in make_mutants(reports, cited, a.n, seed, a.routes):
                k = (m.report, m.kind, m.start, m.end, m.new)
                if k not in seen_m:
                    seen_m.add(k)
                    mutants.append(m)
        n_fig = {name: len(find_figures(txt, cited.get(name, []), a.routes)) for name, txt in reports.items()}
        if a.list:
            print(f"checkable figures: {n_fig}")
            for m in mutants:
                print(f"{m.kind:<8} {m.report:<28} @{m.start:<6} {m.old!r} -> {m.new!r} {m.note}")
            return 0
        base_keys = {name: {_fkey(f) for f in r.findings} for name, r in base.items()}
        jobs = [(m, reports[m.report], str(tmp), base_keys[m.report]) for m in mutants]
        t0 = time.perf_counter()
        if a.jobs > 1:
            import multiprocessing as mp

            with mp.get_context("spawn").Pool(a.jobs) as pool:
                outcomes = pool.map(run_mutant, jobs, chunksize=4)
        else:
            outcomes = [run_mutant(j) for j in jobs]
        elapsed = time.perf_counter() - t0
        fe = false_errors(base)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    if a.json:
        print(json.dumps({"outcomes": [asdict(o) for o in outcomes], "false_errors": fe,
                          "checkable_figures": n_fig, "seconds": elapsed}, ensure_ascii=False, indent=2))
    else:
        print(render(outcomes, fe, n_fig, a))
        print(f"total {elapsed:.1f}s")
        if a.show_missed:
            missed = [o for o in outcomes if not o.detected]
            print("")
            print("missed (sample):")
            for o in missed[: a.show_missed]:
                print(f"  {o.kind:<8} {o.report[:12]:<12} {o.old!r} -> {o.new!r} {o.failed or ''}  {o.context}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
