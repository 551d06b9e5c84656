"""The issue list a reviewer sends back: Markdown, one numbered item per finding,
grouped by severity, each ending with a request to correct or explain."""

from __future__ import annotations

import re
from typing import Any

from auditor.findings import AuditResult, Finding, Severity
from auditor.stages import guard

from ._common import (
    plain_finding_line,
    SEVERITIES_DESC,
    EvidenceGroup,
    context_path,
    error_code,
    error_message,
    finding_hint,
    finding_message,
    finding_name,
    group_evidence,
    count_parts,
    coverage_notes,
    label,
    no_findings_text,
    skipped_heading,
    skipped_lines,
    table_excerpt,
    severity_label,
    severity_note,
    summarize,
    value_items,
)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def md_escape(s: str) -> str:
    """Backslash-escape Markdown syntax so report text prints literally."""
    s = _MD_SPECIAL.sub(r"\\\1", s)
    # A leading "1." or "-" would start a list; "+" too.
    return re.sub(r"^(\s*)(\d+)\.(\s)", r"\1\2\\.\3", re.sub(r"^(\s*)([-+])(\s)", r"\1\\\2\3", s))


def _one_line(s: str) -> str:
    """Line breaks and runs of spaces as one space (edges kept: they separate the figure)."""
    return re.sub(r"\s+", " ", s)


def _quote_md(g: EvidenceGroup) -> str:
    segs = g.segments(160 if not g.is_cell else 60)
    return "".join(f"**{md_escape(x)}**" if k == "figure" else md_escape(_one_line(x)) for k, x in segs)


def _cell_md(x: str) -> str:
    return md_escape(" ".join(x.split())) or " "


def _table_md(g: EvidenceGroup, document: Any, lang: str, indent: str) -> list[str]:
    """The cited cells as a small GFM table, figures in bold."""
    mt = table_excerpt(g.items, document, neighbours=1, lang=lang)
    ncols = max(len(r) for r in mt.rows)
    rows = [r + [""] * (ncols - len(r)) for r in mt.rows]

    def cell(i: int, j: int) -> str:
        if (i, j) in mt.highlights:
            segs = mt.cell_segments(i, j, 60)
            return "".join(f"**{md_escape(x)}**" if k == "figure" else md_escape(_one_line(x)) for k, x in segs)
        return _cell_md(rows[i][j])

    body_from = 1 if mt.has_header else 0
    head = [cell(0, j) for j in range(ncols)] if mt.has_header else [" "] * ncols
    out = [indent + "| " + " | ".join(head) + " |", indent + "|" + "---|" * ncols]
    for i in range(body_from, len(rows)):
        out.append(indent + "| " + " | ".join(cell(i, j) for j in range(ncols)) + " |")
    return out


def _counts_line(res: AuditResult, lang: str) -> str:
    parts = [text for _, text in count_parts(res, lang)]
    stats = res.stats or {}
    if stats.get("figures") is not None:
        parts.append(f"{label('figures', lang)} {stats['figures']}")
    if stats.get("relations_checked") is not None:
        parts.append(f"{label('relations', lang)} {stats['relations_checked']}")
    return " · ".join(parts)


def _finding_md(n: int, f: Finding, lang: str, document: Any = None) -> list[str]:
    colon = "：" if lang != "en" else ": "
    pad = " " * len(f"{n}. ")  # continuation lines must line up with the item text
    lines = [f"{n}. **[{md_escape(f.code)}] {md_escape(finding_name(f, lang))}**", ""]
    lines += [f"{pad}{md_escape(_one_line(finding_message(f, lang)).strip())}", ""]
    for g in group_evidence(f.evidence):
        if g.is_cell:
            paths = list(dict.fromkeys(context_path(e) for e in g.items if e.context))
            loc = g.label(lang)
            if len(paths) == 1:
                loc += f"（{paths[0]}）" if lang != "en" else f" ({paths[0]})"
        else:
            loc = g.label(lang)
        loc = md_escape(loc)
        if g.roles():
            loc += f" · {md_escape(g.role_text(lang))}"
        lines += [f"{pad}- {label('location', lang).capitalize()}{colon}{loc}", ""]
        if g.is_cell:
            lines += _table_md(g, document, lang, pad + "  ") + [""]
        else:
            lines += [f"{pad}  > {_quote_md(g)}", ""]
    vals = value_items(f, lang)
    if vals:
        sep = "；" if lang != "en" else "; "
        lines.append(f"{pad}- " + sep.join(f"{v.label.capitalize()} {md_escape(v.text)}" for v in vals))
    hint = finding_hint(f, lang)
    if hint:
        lines.append(f"{pad}- {label('hint', lang)}{colon}{md_escape(_one_line(hint).strip())}")
    note = severity_note(f, lang)
    if note:
        lines.append(f"{pad}- {md_escape(note)}")
    if vals or hint or note:
        lines.append("")
    lines += [f"{pad}{label('ask', lang)}", ""]
    return lines


def render_markdown(results: list[AuditResult], lang: str = "zh", skipped: list | None = None) -> str:
    """The Markdown issue list for ``results``."""
    out: list[str] = [f"# {label('title', lang)}", ""]
    if len(results) > 1 or skipped:
        s = summarize(results)
        parts = [f"{label('files', lang)} {s['files']}"] + [
            f"{severity_label(sev, lang)} {s['counts'][sev.label_en]}" for sev in SEVERITIES_DESC
        ]
        if s["files_failed"]:
            parts.append(f"{label('failed', lang)} {s['files_failed']}")
        if skipped:
            parts.append(f"{label('skipped', lang)} {len(skipped)}")
        out += [" · ".join(parts), ""]
    if skipped:
        colon = "：" if lang != "en" else ":"
        out += [f"{skipped_heading(skipped, lang)}{colon}", ""]
        out += [f"- {md_escape(line)}" for line in skipped_lines(skipped, lang)] + [""]
    for res in results:
        out.append(f"## {md_escape(res.file)}")
        out.append("")
        if res.error is not None:
            out += [f"> **{label('failed', lang)}** [{error_code(res)}] {md_escape(error_message(res, lang))}", ""]
            continue
        meta = res.meta or {}
        facts = [f"{label(k, lang)}：{md_escape(str(meta[k]))}" if lang != "en" else f"{label(k, lang)}: {md_escape(str(meta[k]))}"
                 for k in ("unit", "year") if meta.get(k) not in (None, "")]
        if facts:
            out += [" · ".join(facts), ""]
        out += [_counts_line(res, lang), ""]
        for note in coverage_notes(res, lang):
            out += [f"> {md_escape(note)}", ""]
        if not res.findings:
            out += [no_findings_text(res, lang), ""]
            continue
        n = 0
        for sev in SEVERITIES_DESC:
            group = [f for f in res.findings if f.severity == sev]
            if not group:
                continue
            title = severity_label(sev, lang)
            out += [f"### {title.capitalize()}（{len(group)}）" if lang != "en" else f"### {title.capitalize()} ({len(group)})", ""]
            for f in group:
                n += 1
                # A finding this renderer cannot lay out still appears, in one line.
                out += guard("render", f"md {f.code}", _finding_md, n, f, lang, res.document,
                             default=[f"{n}. {md_escape(plain_finding_line(f, lang))}", ""])
    return "\n".join(out).rstrip() + "\n"


__all__ = ["render_markdown", "md_escape", "Severity"]
