"""One self-contained HTML page: inline CSS, no scripts, no external assets.

Every piece of report text is escaped; the only markup is ours.
"""

from __future__ import annotations

from html import escape
from typing import Any

import auditor
from auditor.findings import AuditResult, Finding, Severity
from auditor.stages import guard

from ._common import (
    plain_finding_line,
    SEVERITIES_DESC,
    EvidenceGroup,
    Segment,
    SEVERITY_COLOURS,
    context_path,
    error_code,
    error_message,
    finding_explanation,
    finding_hint,
    finding_message,
    finding_name,
    group_evidence,
    count_parts,
    coverage_notes,
    label,
    no_findings_text,
    severity_label,
    severity_note,
    skipped_heading,
    skipped_lines,
    summarize,
    table_excerpt,
    value_items,
)

_SEV_CLASS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}

_CSS = """
:root{--error:%(error)s;--warning:%(warning)s;--info:%(info)s;--ink:#1f2328;--muted:#636c76;--line:#d0d7de;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.65 "PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:24px;margin:0 0 4px}
.sub{color:var(--muted);margin:0 0 16px}
.totals{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 24px;padding:0;list-style:none}
.totals li{background:#fff;border:1px solid var(--line);border-radius:6px;padding:6px 12px}
.totals b{font-size:18px;margin-left:4px}
.totals .error b{color:var(--error)}.totals .warning b{color:var(--warning)}.totals .info b{color:var(--info)}
section.file{margin:0 0 32px}
section.file>h2{font-size:19px;margin:0;padding:10px 14px;background:#fff;border:1px solid var(--line);border-bottom:0;border-radius:8px 8px 0 0;word-break:break-all}
.facts{margin:0 0 14px;padding:8px 14px;background:#fff;border:1px solid var(--line);border-radius:0 0 8px 8px;color:var(--muted);display:flex;flex-wrap:wrap;gap:4px 18px}
.facts b{color:var(--ink)}
.failed{margin:0;border:1px solid var(--line);border-left:6px solid var(--error);background:#fff;border-radius:0 0 8px 8px;padding:10px 14px;color:var(--error)}
.none{color:#1a7f37}
.note{margin:0 0 10px;padding:8px 12px;background:#fff8c5;border:1px solid #e3d27a;border-radius:6px}
article.finding{background:#fff;border:1px solid var(--line);border-left:6px solid var(--sev);border-radius:8px;margin:0 0 14px;padding:12px 16px}
article.error{--sev:var(--error)}article.warning{--sev:var(--warning)}article.info{--sev:var(--info)}
article header{display:flex;align-items:baseline;gap:10px;flex-wrap:wrap}
article h3{font-size:16px;margin:0}
.num{color:var(--muted)}
.badge{background:var(--sev);color:#fff;border-radius:4px;padding:1px 8px;font-size:13px;font-weight:600;white-space:nowrap}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:1px 5px}
.message{margin:8px 0 10px}
.evidence{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:10px;margin:0 0 10px}
figure.ev{margin:0;border:1px solid var(--line);border-radius:6px;background:#fcfcfd;overflow:hidden}
figure.ev figcaption{font-size:13px;color:var(--muted);padding:5px 10px;border-bottom:1px solid var(--line);background:var(--bg)}
figure.ev figcaption b{color:var(--ink);font-weight:600}
figure.ev blockquote{margin:0;padding:8px 12px}
.ctx{font-size:13px;color:var(--muted);padding:6px 10px 0}
table.mini{border-collapse:collapse;margin:6px 10px 10px;font-size:14px}
table.mini th,table.mini td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
table.mini th{background:var(--bg);font-weight:600}
table.mini td.hit{outline:2px solid var(--sev);outline-offset:-2px}
mark{white-space:nowrap;background:#fde7e7;background:color-mix(in srgb,var(--sev) 15%%,#fff);color:var(--sev);font-weight:700;border-radius:3px;padding:0 2px;box-decoration-break:clone}
dl.values{display:flex;flex-wrap:wrap;gap:4px 22px;margin:0 0 6px}
dl.values div{display:flex;gap:6px}
dl.values dt{color:var(--muted)}dl.values dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums}
dl.values .expected dd{color:#1a7f37}dl.values .found dd{color:var(--error)}
.hint{margin:6px 0 0;padding:6px 10px;background:#fff8c5;border-radius:6px}
.sevnote{margin:6px 0 0;color:var(--sev);font-size:14px}
.expl{margin:6px 0 0;color:var(--muted);font-size:13px}
nav.toc{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:0 0 24px}
nav.toc h2{font-size:16px;margin:0 0 6px}
nav.toc table{border-collapse:collapse;width:100%%}
nav.toc th,nav.toc td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:left}
nav.toc td{text-align:right;font-variant-numeric:tabular-nums;width:5em}
nav.toc td.error{color:var(--error)}nav.toc td.warning{color:var(--warning)}nav.toc td.info{color:var(--info)}
nav.toc .failed-cell{color:var(--error);text-align:left}
nav.toc a{color:var(--ink);word-break:break-all}
footer{color:var(--muted);font-size:12px;margin-top:24px}
@media print{body{background:#fff}article.finding{break-inside:avoid}}
""" % {k.name.lower(): v for k, v in SEVERITY_COLOURS.items()}


def _e(s: Any) -> str:
    return escape("" if s is None else str(s), quote=True)


def _segments_html(segs: list[Segment]) -> str:
    return "".join(f"<mark>{_e(x)}</mark>" if k == "figure" else _e(x) for k, x in segs)


def _mini_table_html(g: EvidenceGroup, document: Any, lang: str) -> str:
    mt = table_excerpt(g.items, document, neighbours=1, lang=lang)
    rows = []
    for i, row in enumerate(mt.rows):
        cells = []
        for j, val in enumerate(row):
            if (i, j) in mt.highlights:
                cells.append(f'<td class="hit">{_segments_html(mt.cell_segments(i, j, 60))}</td>')
            elif mt.has_header and i == 0:
                cells.append(f"<th>{_e(val)}</th>")
            elif j == 0:
                cells.append(f'<th scope="row">{_e(val)}</th>')
            else:
                cells.append(f"<td>{_e(val)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    # One cell: what it means (基础数据表 › 项目支出 › 2022年决算数); several: the table's title.
    paths = list(dict.fromkeys(context_path(e) for e in g.items if e.context))
    ctx = _e(paths[0]) if len(paths) == 1 else _e(mt.caption)
    head = f'<div class="ctx">{ctx}</div>' if ctx else ""
    return head + '<table class="mini">' + "".join(rows) + "</table>"


def _evidence_html(g: EvidenceGroup, document: Any, lang: str) -> str:
    cap = f"<b>{_e(g.label(lang))}</b>"
    if g.roles():
        cap += f" · {_e(g.role_text(lang))}"
    if g.is_cell:
        body = _mini_table_html(g, document, lang)
    else:
        body = f"<blockquote>{_segments_html(g.segments(220))}</blockquote>"
    return f'<figure class="ev"><figcaption>{cap}</figcaption>{body}</figure>'


def _finding_html(n: int, f: Finding, document: Any, lang: str, k: int = 1) -> str:
    sev = _SEV_CLASS[f.severity]
    out = [f'<article class="finding {sev}" id="file{k}-f{n}">']
    out.append(
        f'<header><span class="badge">{_e(severity_label(f.severity, lang))}</span>'
        f'<span class="num">{n}.</span><code>{_e(f.code)}</code><h3>{_e(finding_name(f, lang))}</h3></header>'
    )
    out.append(f'<p class="message">{_e(finding_message(f, lang))}</p>')
    if f.evidence:
        out.append('<div class="evidence">' + "".join(_evidence_html(g, document, lang) for g in group_evidence(f.evidence)) + "</div>")
    vals = value_items(f, lang)
    if vals:
        out.append(
            '<dl class="values">'
            + "".join(f'<div class="{v.key}"><dt>{_e(v.label)}</dt><dd>{_e(v.text)}</dd></div>' for v in vals)
            + "</dl>"
        )
    hint = finding_hint(f, lang)
    if hint:
        lead = "提示：" if lang != "en" else "Hint: "
        out.append(f'<p class="hint"><b>{lead}</b>{_e(hint)}</p>')
    note = severity_note(f, lang)
    if note:
        out.append(f'<p class="sevnote">{_e(note)}</p>')
    expl = finding_explanation(f, lang)
    if expl:
        out.append(f'<p class="expl">{_e(expl)}</p>')
    out.append("</article>")
    return "".join(out)


def _file_html(k: int, res: AuditResult, lang: str) -> str:
    out = [f'<section class="file" id="file{k}"><h2>{_e(res.file)}</h2>']
    if res.error is not None:
        out.append(f'<p class="failed"><b>{_e(label("failed", lang))}</b> [{_e(error_code(res))}] {_e(error_message(res, lang))}</p></section>')
        return "".join(out)
    facts = []
    meta, stats = res.meta or {}, res.stats or {}
    for key in ("unit", "year"):
        if meta.get(key) not in (None, ""):
            facts.append(f"<span>{_e(label(key, lang))} <b>{_e(meta[key])}</b></span>")
    for _, text in count_parts(res, lang):
        name, _, rest = text.partition(" ")
        facts.append(f"<span>{_e(name)} <b>{_e(rest)}</b></span>")
    if stats.get("figures") is not None:
        facts.append(f"<span>{_e(label('figures', lang))} <b>{_e(stats['figures'])}</b></span>")
    if stats.get("relations_checked") is not None:
        facts.append(f"<span>{_e(label('relations', lang))} <b>{_e(stats['relations_checked'])}</b></span>")
    out.append('<div class="facts">' + "".join(facts) + "</div>")
    for note in coverage_notes(res, lang):
        out.append(f'<p class="note">{_e(note)}</p>')
    if not res.findings:
        cls = "note" if coverage_notes(res) else "none"
        out.append(f'<p class="{cls}">{_e(no_findings_text(res, lang))}</p>')
    for n, f in enumerate(res.findings, 1):
        # A finding this renderer cannot lay out still appears, in one line.
        out.append(guard("render", f"html {f.code}", _finding_html, n, f, res.document, lang, k,
                         default=f'<section class="finding"><p>{_e(plain_finding_line(f, lang))}</p></section>'))
    out.append("</section>")
    return "".join(out)


def _toc_html(results: list[AuditResult], lang: str) -> str:
    """A table of contents for several files: each file with its counts, linked."""
    head = "".join(f"<th>{_e(severity_label(s, lang))}</th>" for s in SEVERITIES_DESC)
    rows = []
    for k, res in enumerate(results, 1):
        link = f'<a href="#file{k}">{_e(res.file)}</a>'
        if res.error is not None:
            cells = f'<td colspan="{len(SEVERITIES_DESC)}" class="failed-cell">{_e(label("failed", lang))}</td>'
        else:
            counts = res.counts()
            cells = "".join(f'<td class="{_SEV_CLASS[s]}">{counts[s.label_en]}</td>' for s in SEVERITIES_DESC)
        rows.append(f"<tr><th scope=\"row\">{link}</th>{cells}</tr>")
    title = "目录" if lang != "en" else "Contents"
    return (f'<nav class="toc"><h2>{title}</h2><table><thead><tr><th>{_e(label("files", lang))}</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></nav>')


def render_html(results: list[AuditResult], lang: str = "zh", skipped: list | None = None) -> str:
    """The whole page as a string."""
    s = summarize(results)
    title = label("title", lang)
    totals = [f'<li>{_e(label("files", lang))}<b>{s["files"]}</b></li>']
    for sev in SEVERITIES_DESC:
        totals.append(f'<li class="{_SEV_CLASS[sev]}">{_e(severity_label(sev, lang))}<b>{s["counts"][sev.label_en]}</b></li>')
    if s["files_failed"]:
        totals.append(f'<li class="error">{_e(label("failed", lang))}<b>{s["files_failed"]}</b></li>')
    if skipped:
        totals.append(f'<li>{_e(label("skipped", lang))}<b>{len(skipped)}</b></li>')
    files = "".join(_file_html(k, r, lang) for k, r in enumerate(results, 1))
    toc = _toc_html(results, lang) if len(results) > 1 else ""
    skipped_html = ""
    if skipped:
        skipped_html = (f'<section class="skipped"><h2>{_e(skipped_heading(skipped, lang))}</h2><ul>'
                        + "".join(f"<li>{_e(x)}</li>" for x in skipped_lines(skipped, lang)) + "</ul></section>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>"
        f"<h1>{_e(title)}</h1>"
        f'<p class="sub">auditor {_e(auditor.__version__)}</p>'
        f'<ul class="totals">{"".join(totals)}</ul>'
        f"{toc}{skipped_html}{files}"
        "</main></body></html>\n"
    )
