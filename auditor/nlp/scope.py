"""What a figure is about beyond its indicator, for narrative ↔ table tie-out
(NT01–NT05): the class of its measure (预算 / 实际 / 目标 …), the project a
project table is about, the paragraphs before a figure, the sentence up to it,
the core of a row label. Words from ``tieout`` in lexicons/relations.yaml; the
tie-out checks judge with these answers and do not read the document."""

from __future__ import annotations

from bisect import bisect_right

from auditor.lexicons import load_lexicons
from auditor.link.concepts import clean_label


def _words() -> dict:
    return load_lexicons().relations["tieout"]


def measure_class(measure: str | None) -> str | None:
    """actual | budget | target | other | None (unknown) for a measure name."""
    if not measure:
        return None
    w = _words()
    classes = w["measure_classes"]
    if any(x in measure for x in classes["target"]):
        return "target"
    if any(x in measure for x in classes["other"]):
        return "other"
    if any(x in measure for x in classes["budget"]) and not any(x in measure for x in w["not_budget"]):
        return "budget"
    if any(x in measure for x in classes["actual"]):
        return "actual"
    return None


def project_name(table) -> str | None:
    """The project a 项目支出绩效自评表 is about (the cell right of 项目名称)."""
    if table is None:
        return None
    labels = set(_words()["project_name_labels"])
    for c in table.cells:
        if clean_label(c.text) in labels:
            right = [d for d in table.cells if d.row == c.row and d.col >= c.col + c.col_span and d.text.strip()]
            if right:
                return clean_label(min(right, key=lambda d: d.col).text) or None
    return None


class DocumentScope:
    """The project of each table and the cleaned paragraphs before a figure,
    computed once per check run rather than per (text figure, table figure)
    pair, which made long reports quadratic."""

    def __init__(self, doc) -> None:
        self.tables: dict = {}
        for x in doc.tables:
            self.tables.setdefault(x.index, x)
        self.paragraphs = doc.paragraphs
        self.indexes = [p.index for p in self.paragraphs]
        self._names: dict = {}
        self._clean: dict[int, str] = {}

    def project_name(self, table_index) -> str | None:
        if table_index not in self._names:
            self._names[table_index] = project_name(self.tables.get(table_index))
        return self._names[table_index]

    def clean_paragraphs_before(self, k: int) -> list[str]:
        """clean_label of the six paragraphs up to paragraph ``k``."""
        if self.indexes == sorted(self.indexes):
            j = bisect_right(self.indexes, k)
            paras = self.paragraphs[max(0, j - 6) : j]
        else:
            paras = [p for p in self.paragraphs if p.index <= k][-6:]
        out = []
        for p in paras:
            if id(p) not in self._clean:
                self._clean[id(p)] = clean_label(p.text)
            out.append(self._clean[id(p)])
        return out


def topic(c) -> str:
    """The sentence up to the figure: what the figure is about."""
    q = c.quantity
    start = max(0, c.text.rfind("。", 0, q.start) + 1)
    return c.text[start:q.start]


def label_core(label: str) -> str:
    """A row label without the verb it may open with (开展…, 完成…)."""
    s = clean_label(label)
    for w in _words()["label_verbs"]:
        if s.startswith(w) and len(s) > len(w) + 1:
            s = s[len(w):]
    return s


def names_an_amount(indicator: str | None) -> bool:
    """The indicator phrase names an amount of money spent or granted (支出, 资金, 拨付…)."""
    return any(w in (indicator or "") for w in _words()["amount_words"])
