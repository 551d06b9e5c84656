"""What a table row's own label says about the row: a total of the rows around
it (合计/小计 or 总计), or the 其他… row that closes a 其中 list. Read from the
words of ``table_rows`` in lexicons/relations.yaml; the table checks judge the
rows by these answers and never match the labels themselves."""

from __future__ import annotations

import regex

from auditor.lexicons import alternation, load_lexicons



class _Words:
    def __init__(self):
        rows = load_lexicons().relations["table_rows"]
        opt = lambda ws: f"(?:{alternation(ws)})?" if ws else ""  # noqa: E731
        sub, grand = rows["subtotal"], rows["grand_total"]
        self.total_word = regex.compile(alternation(rows["total_words"]))
        self.subtotal = regex.compile(f"^{opt(sub.get('periods', []))}{opt(sub.get('subjects', []))}"
                                      f"(?:{alternation(sub['words'])})$")
        self.grand = regex.compile(f"^{opt(grand.get('periods', []))}{opt(grand.get('subjects', []))}"
                                   f"(?:{alternation(grand['words'])})$")
        self.rest = regex.compile(f"^(?:{alternation(rows['rest'])})")


_words: _Words | None = None


def _w() -> _Words:
    global _words
    if _words is None:
        _words = _Words()
    return _words


def names_a_total(row) -> bool:
    """The row's label names a total (合计, 小计, 总计) anywhere in it."""
    from auditor.nlp.tables import norm_text

    return bool(_w().total_word.search(norm_text(row.label)))


def total_kind(row) -> str | None:
    """'sub' for a 合计/小计 row (the rows since the last total), 'grand' for a
    总计 row (the last subtotal and the rows after it), None for an item."""
    from auditor.link.concepts import clean_label

    s = clean_label(row.label)
    if _w().grand.match(s):
        return "grand"
    if _w().subtotal.match(s) or (row.is_total and "总" not in s):
        return "sub"
    if row.is_total:
        return "grand"
    return None


def names_the_rest(row) -> bool:
    """The row is an 其他… / 其余… row: a list it closes names every part of the whole."""
    from auditor.link.concepts import clean_label

    return bool(_w().rest.match(clean_label(row.label)))
