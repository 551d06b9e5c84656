"""Markdown reports (.md): paragraphs, headings, lists and pipe tables.

Parsed with markdown-it-py (CommonMark with the GFM table rule), which the
terminal renderer's rich already depends on: it gets escapes (``\\|``),
emphasis, links, lists and block quotes right where a small line parser
would not. Inline markup is dropped (``**2609.57万元**`` is the figure),
links keep their text, images and raw HTML tags are dropped. Each
paragraph's lines are joined as one paragraph (no space between Chinese
characters), a heading keeps its level as the style, each list item is a
paragraph, and every pipe table becomes a table whose header row is its
first row. A table written as HTML (``<table>`` with rowspan/colspan, as
pandoc and other converters write a table whose cells are merged) is read as
a web page's table is. Front matter (``---`` … ``---``) is skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from auditor.document import Document
from auditor.ingest import DocumentBuilder, RawCell, require_content

__all__ = ["read_markdown"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_TAG = re.compile(r"<[^>]+>")
_HTML_TABLE = re.compile(r"<table\b", re.IGNORECASE)


def read_markdown(path: str | Path) -> Document:
    """Read a Markdown file into a :class:`Document`."""
    from markdown_it import MarkdownIt

    from auditor.ingest.text import decode_text

    p = Path(path)
    text, encoding = decode_text(p.read_bytes(), p)
    text = _FRONT_MATTER.sub("", text.replace("\r\n", "\n").replace("\r", "\n"), count=1)
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    builder = DocumentBuilder(p, "md")
    i = 0
    number = None  # the number of the ordered list item just opened ("1. " / "2) ")
    lists: list[int | None] = []  # open lists: the next item's number (None: a bullet list)
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "table_open":
            i = _table(tokens, i, builder)
            continue
        if tok.type in ("ordered_list_open", "bullet_list_open"):
            lists.append(int((tok.attrs or {}).get("start", 1)) if tok.type == "ordered_list_open" else None)
        elif tok.type in ("ordered_list_close", "bullet_list_close"):
            if lists:
                lists.pop()
        elif tok.type == "list_item_open" and lists and lists[-1] is not None:
            # The number is the report's own text: budget documents tell their
            # items apart by it ("16. “社会保障和就业支出（类）…”220.63万元"), and a
            # table of contents is told from the tables' titles by it. It is the
            # number shown (a list typed "1. 1. 1." shows 1, 2, 3).
            number = f"{lists[-1]}{tok.markup} "
            lists[-1] += 1
        elif tok.type == "list_item_close" and number is not None:
            builder.add_paragraph(number.strip())  # an item with nothing but its number
            number = None
        elif tok.type == "inline":
            style = None
            opener = tokens[i - 1] if i else None
            if opener is not None and opener.type == "heading_open":
                style = f"Heading {opener.tag[1:]}"
            line = tok.map[0] + 1 if tok.map else None
            text = _inline_text(tok)
            if number is not None:
                text, number = number + text, None
            builder.add_paragraph(text, style=style, anchor=f"line:{line}" if line else None)
        elif tok.type == "html_block":
            # consecutive blocks are one piece of markup (a blank line inside a <table> ends a block)
            j = i + 1
            while j < len(tokens) and tokens[j].type == "html_block":
                j += 1
            markup = "\n".join(t.content for t in tokens[i:j])
            if _HTML_TABLE.search(markup):
                from auditor.ingest.html import add_html_fragment

                add_html_fragment(builder, markup)
            else:
                for ln in _TAG.sub("", markup).splitlines():
                    builder.add_paragraph(ln)
            i = j
            continue
        elif tok.type in ("fence", "code_block"):
            for ln in tok.content.splitlines():
                builder.add_paragraph(ln)
        i += 1
    doc = builder.build(encoding=encoding)
    return require_content(doc)


def _table(tokens, i: int, builder: DocumentBuilder) -> int:
    """Read the table opened at ``tokens[i]``; return the index after it."""
    cells: list[RawCell] = []
    r, c, n_cols = -1, 0, 0
    line = tokens[i].map[0] + 1 if tokens[i].map else None
    while i < len(tokens) and tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "tr_open":
            r += 1
            c = 0
        elif tok.type == "inline":
            cells.append(RawCell(row=r, col=c, text=_inline_text(tok)))
            c += 1
            n_cols = max(n_cols, c)
        i += 1
    if cells:
        builder.add_table(cells, n_rows=r + 1, n_cols=n_cols, anchor=f"line:{line}" if line else None)
    return i + 1


def _inline_text(tok) -> str:
    """Plain text of an inline token: markup dropped, soft breaks joined."""
    parts: list[str] = []
    for child in tok.children or []:
        t = child.type
        if t in ("text", "code_inline"):
            parts.append(child.content)
        elif t == "softbreak":
            parts.append("\x00")  # decided below: nothing between Chinese, a space otherwise
        elif t == "hardbreak":
            parts.append("\n")
        elif t == "html_inline":
            if child.content.lower().startswith("<br"):
                parts.append("\n")
        elif t == "image":
            continue
    s = "".join(parts)
    out = []
    for k, piece in enumerate(s.split("\x00")):
        if k and out:
            prev = out[-1]
            joiner = "" if (prev and _CJK.match(prev[-1])) or (piece and _CJK.match(piece[0])) else " "
            out.append(joiner)
        out.append(piece)
    return "".join(out)
