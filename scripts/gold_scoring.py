"""Score audits against a hand-made gold list (the evaluation's matching rule).

A gold file (YAML) has two lists:

``findings``
    entries ``{id, file, kind, severity, cites, note}``: an inconsistency the
    auditor should raise.
``consistent``
    entries ``{file, relation}``: a relation that holds; an ERROR raised on it
    is a false alarm.

Matching rule (from the gold files' header, made precise here)
--------------------------------------------------------------
A finding matches an entry when

* its file has the entry's file *stem* (``004_x.txt`` and ``004_x.docx`` are
  the same report), and
* the numbers it cites include every item of ``cites``; an item that is a list
  is satisfied by any one of its members.

"The numbers it cites" are every number in the finding's message, in its
evidence texts and ``printed`` strings, in its evidence ``value`` fields and in
its numeric fields ``expected`` / ``found`` / ``difference``. Numbers compare by
absolute value with a float tolerance (``2609.57 == "2609.57万元"``,
``"97.5%" -> 97.5``, ``"100%" -> 100``, ``-19.66 == 19.66``).

A cite written with a unit other than ``%`` and ``万元`` (e.g. ``"15元"``) is
stricter: some evidence text (or ``printed``) must contain that number
immediately followed (whitespace allowed) by that unit. ``15万元`` does not
satisfy ``"15元"`` because after 15 comes 万, not 元.

Errors on consistent relations (a heuristic, documented in docs/quality.md)
--------------------------------------------------------------------------
A relation string is split into clauses at ``;``. Each clause's numbers are
parsed; its *anchors* are the clause's first number and any number that stands
alone on one side of ``=`` or ``vs`` (a total such as ``... = 302``). An
ERROR-severity finding is counted "on" the relation when, for some clause, its
*core* numbers (message, numeric fields, evidence values, evidence
``printed``; NOT whole evidence texts, which may quote a long paragraph)
contain an anchor and at least one other number of that clause which is not
already explained by a gold entry the finding matches. (So an error on
"narrative 71.98 vs table 38" that matches S004-7 is not also counted against
the relation "71.98 vs 38 + 19.89 + 14.08 = 71.97"; an error claiming
71.98 != 71.97 is.)

This module never reads files outside what its caller passes in.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

# ----------------------------------------------------------------- numbers

_FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "％": "%",
        "－": "-",
        "−": "-",
        "﹪": "%",
    }
)

# A number: thousands-separated (ASCII comma, groups of exactly three digits)
# or plain digits, optional decimals. The look-arounds keep the match from
# starting or ending inside another number.
_NUM_RE = re.compile(
    r"(?<![\d.])"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)|\d+(?:\.\d+)?)"
    r"(?![\d])"
)

_UNIT_RE = re.compile(r"\s*(?P<unit>万元|亿元|千元|元|%|人|次|个|名|宗|处|项|分|平方米|户|辆|台|天|家)")


def normalize_text(text: str) -> str:
    """Full-width digits / point / percent to ASCII (nothing else changes)."""
    return text.translate(_FULLWIDTH)


@dataclass(frozen=True, slots=True)
class NumberMention:
    value: float
    text: str  # the digits as written (separators kept)
    unit: str | None  # unit immediately after (whitespace allowed), if any
    start: int
    end: int


def extract_numbers(text: str | None) -> list[NumberMention]:
    """Every number in ``text`` with the unit that follows it, if any.

    Handles thousands separators ("2,609.57"), full-width digits ("２６０９"),
    decimals. Signs are ignored (comparison is by absolute value).
    """
    if not text:
        return []
    t = normalize_text(str(text))
    out: list[NumberMention] = []
    for m in _NUM_RE.finditer(t):
        raw = m.group("num")
        try:
            v = float(raw.replace(",", ""))
        except ValueError:  # pragma: no cover - regex guarantees digits
            continue
        um = _UNIT_RE.match(t, m.end())
        out.append(NumberMention(v, raw, um.group("unit") if um else None, m.start(), m.end()))
    return out


def numbers_in(text: str | None) -> list[float]:
    return [n.value for n in extract_numbers(text)]


def same_number(a: float, b: float) -> bool:
    return math.isclose(abs(a), abs(b), rel_tol=1e-9, abs_tol=1e-6)


def contains_number(pool: Iterable[float], v: float) -> bool:
    return any(same_number(p, v) for p in pool)


# Units a cite may carry and still compare by value alone (the rule says so).
_VALUE_ONLY_UNITS = {None, "", "%", "万元"}


@dataclass(frozen=True, slots=True)
class Cite:
    """One gold cite item: a number, optionally with a unit that must show."""

    value: float
    unit: str | None = None
    raw: str = ""

    @property
    def needs_unit(self) -> bool:
        return self.unit not in _VALUE_ONLY_UNITS

    @classmethod
    def parse(cls, item: Any) -> "Cite":
        if isinstance(item, bool):
            raise ValueError(f"bad cite: {item!r}")
        if isinstance(item, (int, float)):
            return cls(float(item), None, str(item))
        s = normalize_text(str(item)).strip()
        m = re.fullmatch(r"[-+]?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(\S*)", s)
        if not m:
            raise ValueError(f"bad cite: {item!r}")
        return cls(float(m.group(1).replace(",", "")), m.group(2) or None, str(item))

    def __str__(self) -> str:
        return self.raw


def parse_cites(cites: Sequence[Any]) -> list[list[Cite]]:
    """Gold ``cites`` -> list of alternatives (each item a list of Cite)."""
    out = []
    for item in cites or []:
        if isinstance(item, (list, tuple)):
            out.append([Cite.parse(x) for x in item])
        else:
            out.append([Cite.parse(item)])
    return out


# ----------------------------------------------------------------- findings


@dataclass(slots=True)
class FindingView:
    """What the scorer needs from a finding, from an object or a record dict."""

    file: str
    code: str
    severity: str  # error | warning | info
    message: str
    evidence_texts: list[str]
    evidence_printed: list[str]
    numbers: list[float]  # every cited number (message, texts, fields)
    core: list[float]  # message + fields + evidence value/printed (no whole texts)
    locations: list[str] = field(default_factory=list)
    # The figures themselves as printed (``printed``, or the text at ``span``
    # plus what follows it): where a strict match looks for unit cites.
    figure_texts: list[str] = field(default_factory=list)
    raw: Any = None

    @property
    def stem(self) -> str:
        return file_stem(self.file)


def file_stem(name: str) -> str:
    return Path(str(name)).stem


def _sev_label(sev: Any) -> str:
    if sev is None:
        return "info"
    if hasattr(sev, "label_en"):
        return sev.label_en
    if isinstance(sev, int):
        return {1: "info", 2: "warning", 3: "error"}.get(sev, str(sev))
    s = str(sev).strip().lower()
    return {"错误": "error", "警告": "warning", "提示": "info"}.get(s, s)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def view_finding(f: Any, file: str) -> FindingView:
    """Normalize a Finding object or an ``as_record()`` dict."""
    message = str(_get(f, "message", "") or "")
    texts: list[str] = []
    printed: list[str] = []
    figure_texts: list[str] = []
    locs: list[str] = []
    field_nums: list[float] = []
    for e in _get(f, "evidence", []) or []:
        t = _get(e, "text")
        if t:
            texts.append(str(t))
        p = _get(e, "printed")
        if p:
            printed.append(str(p))
            figure_texts.append(str(p))
        sp = _get(e, "span")
        if t and sp and len(sp) == 2 and sp[0] is not None:
            figure_texts.append(str(t)[int(sp[0]): int(sp[1]) + 4])
        v = _get(e, "value")
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            field_nums.append(float(v))
        loc = _get(e, "location")
        if loc is not None:
            locs.append(loc.label() if hasattr(loc, "label") else str(loc))
    for name in ("expected", "found", "difference"):
        v = _get(f, name)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            field_nums.append(float(v))
        elif isinstance(v, str):
            field_nums.extend(numbers_in(v))
    core = numbers_in(message) + field_nums + [x for p in printed for x in numbers_in(p)]
    numbers = core + [x for t in texts for x in numbers_in(t)]
    return FindingView(
        file=str(file),
        code=str(_get(f, "code", "")),
        severity=_sev_label(_get(f, "severity")),
        message=message,
        evidence_texts=texts,
        evidence_printed=printed,
        numbers=numbers,
        core=core,
        locations=locs,
        figure_texts=figure_texts,
        raw=f,
    )


def views_from_result(result: Any) -> list[FindingView]:
    """All findings of an AuditResult (object or record dict)."""
    file = str(_get(result, "file", ""))
    return [view_finding(f, file) for f in (_get(result, "findings", []) or [])]


def cite_satisfied(c: Cite, fv: FindingView, strict: bool = False) -> bool:
    """One cite against one finding.

    ``strict`` (a diagnostic beyond the gold rule): only the figures the finding
    points at count - message, numeric fields, evidence values and printed
    figures - not every number of a quoted paragraph.
    """
    if not c.needs_unit:
        return contains_number(fv.core if strict else fv.numbers, c.value)
    for t in (fv.figure_texts if strict else fv.evidence_texts + fv.evidence_printed):
        for n in extract_numbers(t):
            if n.unit == c.unit and same_number(n.value, c.value):
                return True
    return False


def finding_matches(fv: FindingView, cites: list[list[Cite]], strict: bool = False) -> bool:
    """True when every cite item is satisfied (any member of a list item)."""
    if not cites:
        return False
    return all(any(cite_satisfied(c, fv, strict) for c in alts) for alts in cites)


# ----------------------------------------------------------------- gold


@dataclass(slots=True)
class GoldEntry:
    id: str
    file: str
    kind: str
    severity: str
    cites: list[list[Cite]]
    note: str = ""

    @property
    def stem(self) -> str:
        return file_stem(self.file)

    def cite_text(self) -> str:
        parts = []
        for alts in self.cites:
            parts.append(str(alts[0]) if len(alts) == 1 else "(" + "|".join(map(str, alts)) + ")")
        return ", ".join(parts)


@dataclass(slots=True)
class Clause:
    text: str
    numbers: list[float]
    anchors: list[float]


@dataclass(slots=True)
class ConsistentRelation:
    file: str
    relation: str
    clauses: list[Clause]

    @property
    def stem(self) -> str:
        return file_stem(self.file)

    @property
    def numbers(self) -> list[float]:
        return [n for c in self.clauses for n in c.numbers]


def parse_relation(relation: str) -> list[Clause]:
    """Split a relation string into clauses with their numbers and anchors."""
    out = []
    for part in re.split(r"[;；]", normalize_text(relation)):
        nums = numbers_in(part)
        if not nums:
            continue
        anchors = [nums[0]]
        for side in re.split(r"=|\bvs\b|≈", part):
            side_nums = numbers_in(side)
            if len(side_nums) == 1:
                anchors.append(side_nums[0])
        out.append(Clause(part.strip(), nums, anchors))
    return out


@dataclass(slots=True)
class Gold:
    entries: list[GoldEntry]
    consistent: list[ConsistentRelation]
    path: str = ""

    @property
    def stems(self) -> list[str]:
        seen: dict[str, None] = {}
        for e in self.entries:
            seen.setdefault(e.stem)
        for r in self.consistent:
            seen.setdefault(r.stem)
        return list(seen)

    def file_for_stem(self, stem: str) -> str:
        for e in self.entries:
            if e.stem == stem:
                return e.file
        for r in self.consistent:
            if r.stem == stem:
                return r.file
        return stem


def load_gold(path: str | Path) -> Gold:
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return gold_from_dict(data, str(path))


def gold_from_dict(data: dict, path: str = "") -> Gold:
    entries = [
        GoldEntry(
            id=str(d["id"]),
            file=str(d["file"]),
            kind=str(d.get("kind", "")),
            severity=_sev_label(d.get("severity", "error")),
            cites=parse_cites(d.get("cites", [])),
            note=str(d.get("note", "") or "").strip(),
        )
        for d in data.get("findings", []) or []
    ]
    rels = [
        ConsistentRelation(str(d["file"]), str(d["relation"]), parse_relation(str(d["relation"])))
        for d in data.get("consistent", []) or []
    ]
    return Gold(entries, rels, path)


# ----------------------------------------------------------------- scoring


@dataclass(slots=True)
class EntryResult:
    entry: GoldEntry
    matched: list[FindingView]
    best: FindingView | None
    input_missing: bool = False
    strict: bool = False  # the best match holds under the strict reading too

    @property
    def found(self) -> bool:
        return self.best is not None

    @property
    def severity_agrees(self) -> bool | None:
        return None if self.best is None else self.best.severity == self.entry.severity


@dataclass(slots=True)
class RelationResult:
    relation: ConsistentRelation
    errors: list[FindingView]
    warnings: list[FindingView]


_SEV_RANK = {"error": 3, "warning": 2, "info": 1}


def _pick_best(entry: GoldEntry, cands: list[FindingView]) -> FindingView | None:
    if not cands:
        return None
    # Prefer a strict match, then the same severity, then the most specific
    # finding (fewest core numbers), then the more severe.
    return min(
        cands,
        key=lambda f: (
            not finding_matches(f, entry.cites, strict=True),
            f.severity != entry.severity,
            len(f.core),
            -_SEV_RANK.get(f.severity, 0),
        ),
    )


def error_on_relation(
    fv: FindingView, rel: ConsistentRelation, explained: Iterable[float] = ()
) -> bool:
    """The heuristic of the module docstring: anchor + one more clause number."""
    explained = list(explained)
    for cl in rel.clauses:
        hit_anchor = next((a for a in cl.anchors if contains_number(fv.core, a)), None)
        if hit_anchor is None:
            continue
        others = [
            n
            for n in cl.numbers
            if not same_number(n, hit_anchor)
            and contains_number(fv.core, n)
            and not contains_number(explained, n)
        ]
        if others:
            return True
    return False


@dataclass(slots=True)
class Evaluation:
    gold_path: str
    fmt: str
    entries: list[EntryResult]
    relations: list[RelationResult]
    other_errors: list[FindingView]
    clean_errors: list[FindingView]
    files: dict[str, dict[str, Any]]  # stem -> {path, ok, error, counts, seconds}

    # --- summary figures
    @property
    def recall(self) -> tuple[int, int]:
        return sum(e.found for e in self.entries), len(self.entries)

    @property
    def recall_strict(self) -> int:
        return sum(e.strict for e in self.entries)

    @property
    def severity_agree(self) -> tuple[int, int]:
        found = [e for e in self.entries if e.found]
        return sum(bool(e.severity_agrees) for e in found), len(found)

    @property
    def errors_on_consistent(self) -> int:
        """Distinct error findings raised on some consistent relation."""
        seen = set()
        for r in self.relations:
            for f in r.errors:
                seen.add(id(f))
        return len(seen)

    @property
    def relations_hit(self) -> int:
        return sum(1 for r in self.relations if r.errors)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        acc: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for e in self.entries:
            acc[e.entry.kind][0] += int(e.found)
            acc[e.entry.kind][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(acc.items())}

    def summary(self) -> dict[str, Any]:
        n, m = self.recall
        a, b = self.severity_agree
        return {
            "gold": Path(self.gold_path).name,
            "format": self.fmt,
            "recall": n,
            "entries": m,
            "recall_rate": round(n / m, 4) if m else None,
            "recall_strict": self.recall_strict,
            "severity_agree": a,
            "errors_on_consistent": self.errors_on_consistent,
            "relations_with_errors": self.relations_hit,
            "relations": len(self.relations),
            "other_errors": len(self.other_errors),
            "clean_errors": len(self.clean_errors),
            "unreadable": sorted(s for s, d in self.files.items() if not d.get("ok")),
            "by_kind": {k: list(v) for k, v in self.by_kind().items()},
            "found_ids": [e.entry.id for e in self.entries if e.found],
            "found_strict_ids": [e.entry.id for e in self.entries if e.strict],
        }

    def summary_line(self) -> str:
        s = self.summary()
        kinds = ", ".join(f"{k} {a}/{b}" for k, (a, b) in self.by_kind().items())
        return (
            f"recall {s['recall']}/{s['entries']} (strict {s['recall_strict']}), severity agrees {s['severity_agree']}/{s['recall']}, "
            f"errors on consistent {s['errors_on_consistent']} "
            f"(on {s['relations_with_errors']}/{s['relations']} relations), "
            f"other errors {s['other_errors']}"
            + (f", errors on clean samples {s['clean_errors']}" if self.clean_errors or self._has_clean() else "")
            + f" | by kind: {kinds}"
        )

    def _has_clean(self) -> bool:
        return any(k.startswith("clean") for k in self.files)

    def as_dict(self) -> dict[str, Any]:
        def fd(f: FindingView | None) -> dict | None:
            if f is None:
                return None
            return {
                "file": Path(f.file).name,
                "code": f.code,
                "severity": f.severity,
                "message": f.message,
                "locations": f.locations,
            }

        return {
            "summary": self.summary(),
            "entries": [
                {
                    "id": e.entry.id,
                    "file": e.entry.file,
                    "kind": e.entry.kind,
                    "severity": e.entry.severity,
                    "cites": e.entry.cite_text(),
                    "found": e.found,
                    "strict": e.strict,
                    "input_missing": e.input_missing,
                    "code": e.best.code if e.best else None,
                    "found_severity": e.best.severity if e.best else None,
                    "severity_agrees": e.severity_agrees,
                    "n_matching": len(e.matched),
                    "finding": fd(e.best),
                }
                for e in self.entries
            ],
            "consistent": [
                {
                    "file": r.relation.file,
                    "relation": r.relation.relation,
                    "errors": [fd(f) for f in r.errors],
                    "warnings": len(r.warnings),
                }
                for r in self.relations
            ],
            "other_errors": [fd(f) for f in self.other_errors],
            "clean_errors": [fd(f) for f in self.clean_errors],
            "files": self.files,
        }


def score(
    gold: Gold,
    results: Sequence[Any],
    fmt: str = "txt",
    clean_results: Sequence[Any] = (),
    missing: Iterable[str] = (),
) -> Evaluation:
    """Score audit results (AuditResult objects or record dicts) against gold."""
    missing = set(missing)
    by_stem: dict[str, list[FindingView]] = defaultdict(list)
    files: dict[str, dict[str, Any]] = {}
    for r in list(results) + list(clean_results):
        fvs = views_from_result(r)
        stem = file_stem(_get(r, "file", ""))
        by_stem[stem].extend(fvs)
        err = _get(r, "error")
        stats = _get(r, "stats", {}) or {}
        files[stem] = {
            "path": str(_get(r, "file", "")),
            "ok": bool(r.get("ok", err is None)) if isinstance(r, dict) else err is None,
            "error": (str(err) if err is not None else None),
            "counts": dict(Counter(f.severity for f in fvs)),
            "seconds": stats.get("seconds") if isinstance(stats, dict) else None,
        }
    for s in missing:
        files[s] = {"path": None, "ok": False, "error": "input missing", "counts": {}, "seconds": None}

    entries: list[EntryResult] = []
    explained: dict[int, list[float]] = defaultdict(list)  # id(finding) -> numbers of matched cites
    matched_ids: set[int] = set()
    for e in gold.entries:
        cands = [f for f in by_stem.get(e.stem, []) if finding_matches(f, e.cites)]
        for f in cands:
            matched_ids.add(id(f))
            explained[id(f)].extend(c.value for alts in e.cites for c in alts)
        best = _pick_best(e, cands)
        entries.append(
            EntryResult(
                e, cands, best, input_missing=e.stem in missing,
                strict=best is not None and finding_matches(best, e.cites, strict=True),
            )
        )

    relations: list[RelationResult] = []
    on_relation: set[int] = set()
    for rel in gold.consistent:
        errs, warns = [], []
        for f in by_stem.get(rel.stem, []):
            if f.severity not in ("error", "warning"):
                continue
            if error_on_relation(f, rel, explained.get(id(f), ())):
                (errs if f.severity == "error" else warns).append(f)
                if f.severity == "error":
                    on_relation.add(id(f))
        relations.append(RelationResult(rel, errs, warns))

    gold_stems = set(gold.stems)
    other = [
        f
        for stem in gold_stems
        for f in by_stem.get(stem, [])
        if f.severity == "error" and id(f) not in matched_ids and id(f) not in on_relation
    ]
    clean_stems = {file_stem(_get(r, "file", "")) for r in clean_results}
    clean = [f for s in clean_stems for f in by_stem.get(s, []) if f.severity == "error"]
    return Evaluation(gold.path, fmt, entries, relations, other, clean, files)


# ----------------------------------------------------------------- rendering


def _short(s: str, n: int) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def render_text(ev: Evaluation, show_other: bool = True) -> str:
    lines = []
    hdr = f"{'id':<8} {'kind':<22} {'gold':<8} {'result':<7} {'code':<14} {'sev':<8} {'agree':<5} cites"
    lines.append(hdr)
    lines.append("-" * len(hdr))
    for e in ev.entries:
        res = ("FOUND" if e.strict else "found*") if e.found else ("NOINPUT" if e.input_missing else "missed")
        lines.append(
            f"{e.entry.id:<8} {e.entry.kind:<22} {e.entry.severity:<8} {res:<7} "
            f"{(e.best.code if e.best else '-'):<14} {(e.best.severity if e.best else '-'):<8} "
            f"{('yes' if e.severity_agrees else 'no') if e.found else '-':<5} {e.entry.cite_text()}"
        )
    hit = [r for r in ev.relations if r.errors]
    if any(e.found and not e.strict for e in ev.entries):
        lines.append("found* = matches under the gold rule only through numbers of a quoted paragraph,")
        lines.append("         not through the figures the finding points at (strict reading): check by hand.")
    lines.append("")
    lines.append(f"Consistent relations with an error raised on them: {len(hit)}/{len(ev.relations)}")
    for r in hit:
        lines.append(f"  {Path(r.relation.file).stem[:3]}  {_short(r.relation.relation, 70)}")
        for f in r.errors:
            lines.append(f"       <- {f.code} {_short(f.message, 90)}")
    if show_other and ev.other_errors:
        lines.append("")
        lines.append(f"Other errors (match no entry and no consistent relation; judge by hand): {len(ev.other_errors)}")
        for f in ev.other_errors:
            lines.append(f"  {f.stem[:3]} {f.code:<14} {_short(f.message, 100)}")
    if ev.clean_errors:
        lines.append("")
        lines.append(f"Errors on clean samples (all false alarms): {len(ev.clean_errors)}")
        for f in ev.clean_errors:
            lines.append(f"  {f.stem[:12]} {f.code:<14} {_short(f.message, 100)}")
    bad = [s for s, d in ev.files.items() if not d.get("ok")]
    if bad:
        lines.append("")
        for s in bad:
            lines.append(f"Not audited: {s}: {ev.files[s].get('error')}")
    lines.append("")
    lines.append(ev.summary_line())
    return "\n".join(lines)


def render_markdown(ev: Evaluation) -> str:
    lines = [
        "| id | kind | gold severity | result | code | severity found | agrees |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in ev.entries:
        lines.append(
            f"| {e.entry.id} | {e.entry.kind} | {e.entry.severity} | "
            f"{('found' if e.strict else 'found*') if e.found else '**missed**'} | {e.best.code if e.best else ''} | "
            f"{e.best.severity if e.best else ''} | "
            f"{('yes' if e.severity_agrees else 'no') if e.found else ''} |"
        )
    s = ev.summary()
    lines.append("")
    lines.append(
        f"**Recall {s['recall']}/{s['entries']}** (strict {s['recall_strict']}) · severity agrees {s['severity_agree']}/{s['recall']} · "
        f"errors on consistent relations **{s['errors_on_consistent']}** "
        f"({s['relations_with_errors']}/{s['relations']} relations) · other errors {s['other_errors']}"
        + (f" · errors on clean samples {s['clean_errors']}" if ev._has_clean() else "")
    )
    if any(e.found and not e.strict for e in ev.entries):
        lines.append("")
        lines.append("found\\* = matched under the gold rule only through other numbers of a quoted paragraph "
                     "(not the figures the finding points at).")
    lines.append("")
    lines.append("| kind | found |")
    lines.append("|---|---|")
    for k, (a, b) in ev.by_kind().items():
        lines.append(f"| {k} | {a}/{b} |")
    return "\n".join(lines)


# ----------------------------------------------------------------- baseline


def baseline_key(ev: Evaluation) -> str:
    return f"{Path(ev.gold_path).stem}:{ev.fmt}"


def check_baseline(ev: Evaluation, baseline: dict) -> list[str]:
    """Regressions against a recorded baseline (empty list = fine)."""
    rec = (baseline or {}).get(baseline_key(ev))
    if rec is None:
        return []
    problems = []
    n, _ = ev.recall
    if n < rec.get("recall", 0):
        lost = sorted(set(rec.get("found_ids", [])) - {e.entry.id for e in ev.entries if e.found})
        problems.append(f"recall dropped: {n} < baseline {rec['recall']} (lost: {', '.join(lost) or '?'})")
    if "recall_strict" in rec and ev.recall_strict < rec["recall_strict"]:
        lost = sorted(set(rec.get("found_strict_ids", [])) - {e.entry.id for e in ev.entries if e.strict})
        problems.append(
            f"strict recall dropped: {ev.recall_strict} < baseline {rec['recall_strict']} (lost: {', '.join(lost) or '?'})"
        )
    if ev.errors_on_consistent > rec.get("errors_on_consistent", 10**9):
        problems.append(
            f"errors on consistent relations rose: {ev.errors_on_consistent} > baseline {rec['errors_on_consistent']}"
        )
    return problems


def baseline_record(ev: Evaluation) -> dict[str, Any]:
    s = ev.summary()
    return {
        "recall": s["recall"],
        "recall_strict": s["recall_strict"],
        "entries": s["entries"],
        "errors_on_consistent": s["errors_on_consistent"],
        "other_errors": s["other_errors"],
        "clean_errors": s["clean_errors"],
        "found_ids": s["found_ids"],
        "found_strict_ids": s["found_strict_ids"],
    }


def update_baseline(path: str | Path, ev: Evaluation) -> dict:
    p = Path(path)
    data = json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}
    data[baseline_key(ev)] = baseline_record(ev)
    p.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return data
