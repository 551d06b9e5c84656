"""Recognise every figure as printed, with character offsets.

Arabic digits (thousands separators, full-width forms, decimals), Chinese
numerals (一百二十, 两, 十余, 百分之九十五), scale words (万, 亿), units from
lexicons/units.yaml, hedges and bounds (约, 余, 不少于, 以上 ...), ranges
(80%（含）-90%) and frequencies (每月一次 → 12 a year).

Dates, years, document numbers (衡财绩[2022]83号), phone numbers, list
ordinals (（一）, 1、, 指标1) and session numbers (第十六届三十六次) are not
quantities and are never returned.

Values keep the unit as printed; ``normalized`` converts to the dimension's
base unit (万元 → 元) so a unit slip stays visible instead of being absorbed.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache

import regex

from auditor.lexicons import Lexicons, alternation, load_lexicons

_FW = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}


@dataclass(slots=True)
class Quantity:
    """A figure as printed in a text, and what it means."""

    start: int  # offsets of the whole figure (qualifiers and unit included)
    end: int
    printed: str  # text[start:end]
    num_start: int  # offsets of the digits alone
    num_end: int
    number_text: str  # digits as printed, e.g. "2,609.57"
    value: float  # in the printed unit (scale words applied: 5.2万平方米 → 52000)
    unit: str | None  # canonical unit: 万元, 元, %, 人 ...
    unit_printed: str | None  # surface as printed: ％, ㎡ ...
    dimension: str | None  # money, percent, count, area, score ...
    normalized: float | None  # value in the dimension's base unit (元 for money)
    decimals: int  # decimals as printed
    qualifier: str | None = None  # the hedge word as printed: 约, 余, 以上 ...
    bound: str = "eq"  # eq | approx | ge | gt | le | lt
    range_to: float | None = None  # upper end of a range "80%-90%"
    chinese: bool = False  # written in Chinese numerals
    per_year: float | None = None  # frequencies: 每月一次 → 12

    @property
    def is_exact(self) -> bool:
        """Exact figures can take part in arithmetic checks; hedged ones not."""
        return self.bound == "eq" and self.range_to is None

    @property
    def is_money(self) -> bool:
        return self.dimension == "money"

    @property
    def is_percent(self) -> bool:
        return self.dimension == "percent"


def normalize_digits(s: str) -> str:
    """Full-width digits and punctuation to ASCII."""
    return s.translate(_FW)


def parse_chinese_numeral(s: str) -> float | None:
    """一百二十 → 120, 两 → 2, 十五 → 15, 三千五百 → 3500, 一万二千 → 12000."""
    if not s:
        return None
    total = 0
    section = 0
    digit = None
    for ch in s:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0:
                # 一二 is not a number in running text (enumerations)
                return None
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit if digit is not None else 1) * _CN_UNITS[ch]
            digit = None
        elif ch in _CN_BIG:
            section += digit or 0
            total += section * _CN_BIG[ch]
            section = 0
            digit = None
        else:
            return None
    section += digit or 0
    return float(total + section)



class QuantityParser:
    """Compiled patterns for one set of lexicons."""

    def __init__(self, lex: Lexicons):
        self.lex = lex
        units = alternation(lex.units)
        scales = alternation(lex.scales)
        # 约 in 节约 / 制约 is not a hedge: a lookbehind per such word
        before = "|".join(
            (f"(?<![{''.join(regex.escape(c) for c in lex.qualifiers_not_after[w])}])" if lex.qualifiers_not_after.get(w) else "")
            + regex.escape(w)
            for w in sorted(set(lex.qualifiers_before), key=len, reverse=True))
        inside = alternation(lex.qualifiers_inside)
        after = alternation(lex.qualifiers_after)
        self.units_alt = units
        num = r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?|[0-9０-９]*[.．][0-9０-９]+"
        self.re_arabic = regex.compile(
            rf"(?P<pre>(?:{before}))?[ \t]?"
            rf"(?P<num>{num})"
            rf"(?:[ \t]?(?P<in1>{inside}))?"
            rf"(?:[ \t]?(?:(?P<unit>{units})|(?P<scale>{scales})(?P<in2>{inside})?(?:[ \t]?(?P<unit2>{units}))?))?"
            rf"(?P<post>{after})?"
        )
        cn = r"[零〇一二两三四五六七八九十百千万亿]+"
        self.re_chinese = regex.compile(
            rf"(?P<pre>(?:{before}))?"
            rf"(?P<num>{cn})"
            rf"(?P<in1>{inside})?"
            rf"(?P<unit>{units})"
            rf"(?P<post>{after})?"
        )
        self.re_cn_percent = regex.compile(rf"(?P<pre>(?:{before}))?百分之(?P<num>{cn}(?:点[零〇一二两三四五六七八九]+)?)(?P<post>{after})?")
        periods = alternation(lex.periods)
        self.re_freq = regex.compile(
            rf"(?:每|一)(?P<period>{periods})(?P<num>[0-9０-９]+|[零〇一二两三四五六七八九十]+)次(?P<post>{after})?"
        )
        self.re_range = regex.compile(
            rf"(?P<a>{num})[ \t]*(?P<u1>%|％)?(?:（含）|\(含\))?[ \t]*[-—–~～至到][ \t]*(?P<b>{num})[ \t]*(?P<u2>%|％)(?:（含）|\(含\))?"
        )
        # Spans that are never quantities: dates, document numbers, phones, ordinals.
        self.re_excluded = regex.compile(
            r"(?:19|20)\d{2}[ \t]*年(?:[ \t]*\d{1,2}[ \t]*月(?:[ \t]*\d{1,2}[ \t]*[日号])?)?"  # 2021年12月31日
            # 2022.4.20, 2022.4; not 1921.5万元 or 31921.5 (an amount)
            r"|(?<![\d.,])(?:19|20)\d{2}[-./](?:0?[1-9]|1[0-2])(?:[-./](?:0?[1-9]|[12]\d|3[01]))?"
            r"(?!\d|[ \t]*(?:[万亿千百]|元|%|％))"
            r"|(?<![0-9.])\d{1,2}[ \t]*月[ \t]*\d{1,2}[ \t]*[日号]"  # 5月8日
            r"|(?<![0-9.个])(?:0?[1-9]|1[0-2])[ \t]*月(?!份?[0-9])(?!度)"  # 8月 (month), not 个月
            r"|[\[〔［【(（][ \t]*(?:19|20)\d{2}[ \t]*[\]〕］】)）][ \t]*\d+[ \t]*号"  # 〔2022〕1号
            r"|\d+[ \t]*号(?:文|文件|令)?"  # 83号
            r"|(?<!\d)1[3-9]\d{9}(?!\d)"  # mobile phone
            r"|(?<!\d)0\d{2,3}[-－ ]?\d{7,8}(?!\d)"  # landline
            r"|第[ \t]*[0-9零〇一二两三四五六七八九十百千]+[ \t]*(?:届|次|个|条|款|项|章|节|批|季度|期|名|位|轮|页|部分|年)?"
            r"(?:[零〇一二两三四五六七八九十百千0-9]+次)?"  # 第十六届三十六次
            rf"|(?:指标|任务|目标|附件|附表|表|步骤|方案|阶段|序号)[ \t]*[0-9]+(?:[-－—.][0-9]+)*(?![0-9.．])(?![ \t]*(?:{units}))"  # 指标1：, 附件1-2 (not 目标100％)
            r"|[（(][ \t]*[0-9一二三四五六七八九十]+[ \t]*[）)]"  # （一） (1)
            r"|[①-⑳]"
            r"|“[^”。\n]{1,15}”"  # quoted names and slogans: “12345”, “三个及时”, “光荣在党50年”
            r"|(?<![0-9])[0-9]{1,2}(?:[-－][0-9]{1,2})+(?![0-9])(?=[ \t]*[.．、 ])"  # 1-1. list numbers
        )
        self.re_ordinal = regex.compile(r"(?:^|(?<=[\n\s。；;：:，,、]))[0-9０-９]{1,2}[ \t]*[、.．](?![0-9０-９])")
        # Well-known service numbers named without a unit: 12345热线, 12345信箱.
        hot = "|".join(regex.escape(h) for h in lex.not_quantities)
        self.re_hotline = regex.compile(rf"(?<![0-9.])(?:{hot})(?![0-9.．]|[ \t]*(?:{units}))") if hot else None

    # -- public -------------------------------------------------------------

    def parse(self, text: str) -> list[Quantity]:
        """All quantities in ``text``, in order, non-overlapping."""
        if not text:
            return []
        blocked: list[tuple[int, int]] = []
        for m in self.re_excluded.finditer(text):
            blocked.append(m.span())
        for m in self.re_ordinal.finditer(text):
            blocked.append(m.span())
        if self.re_hotline is not None:
            for m in self.re_hotline.finditer(text):
                blocked.append(m.span())
        taken: list[tuple[int, int]] = []
        out: list[Quantity] = []

        def free(a: int, b: int) -> bool:
            return not any(a < y and x < b for x, y in taken)

        def not_blocked(a: int, b: int) -> bool:
            return not any(x <= a < y or x < b <= y for x, y in blocked)

        for m in self.re_freq.finditer(text):
            q = self._freq(text, m)
            if q:
                out.append(q)
                taken.append((q.start, q.end))
        for m in self.re_range.finditer(text):
            if not free(*m.span()) or not not_blocked(m.start("a"), m.end("a")):
                continue
            q = self._range(text, m)
            out.append(q)
            taken.append((q.start, q.end))
        for m in self.re_cn_percent.finditer(text):
            if not free(*m.span()):
                continue
            q = self._cn_percent(text, m)
            if q:
                out.append(q)
                taken.append((q.start, q.end))
        for m in self.re_arabic.finditer(text):
            ns, ne = m.span("num")
            if not free(ns, ne) or not not_blocked(ns, ne):
                continue
            q = self._arabic(text, m)
            if q:
                out.append(q)
                taken.append((q.start, q.end))
        for m in self.re_chinese.finditer(text):
            ns, ne = m.span("num")
            if not free(ns, ne) or not not_blocked(ns, ne):
                continue
            q = self._chinese(text, m)
            if q:
                out.append(q)
                taken.append((q.start, q.end))
        out.sort(key=lambda q: q.start)
        return out

    # -- builders -----------------------------------------------------------

    def _unit(self, surface: str | None, value: float, scale: str | None):
        """(unit, unit_printed, dimension, value, normalized) for a figure."""
        lex = self.lex
        if scale and not surface:
            unit = lex.bare_scale_unit.get(scale)
            if unit:
                info = lex.units[unit]
                return unit, scale, info.dimension, value, value * info.factor
            v = value * lex.scales[scale]
            return None, scale, None, v, v
        if scale:
            value = value * lex.scales[scale]
        if not surface:
            return None, None, None, value, value
        info = lex.units[surface]
        return info.name, (scale or "") + surface, info.dimension, value, value * info.factor

    def _bound(self, m) -> tuple[str | None, str]:
        lex = self.lex
        words = []
        bound = "eq"
        for g, table in (("pre", lex.qualifiers_before), ("in1", lex.qualifiers_inside),
                         ("in2", lex.qualifiers_inside), ("post", lex.qualifiers_after)):
            w = m.groupdict().get(g)
            if w:
                words.append(w)
                k = table[w]
                if k != "eq":
                    bound = k
        return ("".join(words) or None), bound

    def _arabic(self, text: str, m) -> Quantity | None:
        ns, ne = m.span("num")
        raw = m.group("num")
        # Digits glued to Latin letters are codes (H5, 2号楼 is handled by 号).
        if ns > 0 and regex.match(r"[A-Za-z_/\\]", text[ns - 1]):
            return None
        if ne < len(text) and regex.match(r"[A-Za-z_]", text[ne]) and not m.group("unit"):
            return None
        # 4-digit years written bare before 年度/年 are excluded by re_excluded;
        # a bare 4-digit 19xx/20xx followed by 年 glued elsewhere also.
        norm = normalize_digits(raw)
        if "," in norm:
            parts = norm.split(".")[0].split(",")
            if any(len(p) != 3 for p in parts[1:]):
                return None
        try:
            value = float(norm.replace(",", ""))
        except ValueError:
            return None
        if not math.isfinite(value):
            return None  # hundreds of digits: not a figure anyone printed to be read
        unit_surface = m.group("unit") or m.group("unit2")
        scale = m.group("scale")
        # "年" as a unit only for durations, never after a 4-digit year.
        if unit_surface == "年" and 1900 <= value <= 2100:
            return None
        # A "分" directly followed by 钟/析/别 ... is not a score unit, nor 人 before 力 (人力资源).
        end = m.end()
        if unit_surface in self.lex.word_starts and end < len(text) and text[end] in self.lex.word_starts[unit_surface]:
            unit_surface = None
            end = m.end("num") if not scale else m.end("scale")
        unit, unit_printed, dim, v, normalized = self._unit(unit_surface, value, scale)
        qual, bound = self._bound(m)
        start = m.start()
        if not unit_surface and not m.group("post"):
            end = max(m.end("num"), m.end("in1") if m.group("in1") else 0,
                      m.end("scale") if scale else 0, m.end("in2") if m.group("in2") else 0)
        if not m.group("pre"):
            start = ns
        decimals = 0
        if "." in norm:
            decimals = len(norm.split(".", 1)[1])
        return Quantity(start=start, end=end, printed=text[start:end], num_start=ns, num_end=ne,
                        number_text=raw, value=v, unit=unit, unit_printed=unit_printed, dimension=dim,
                        normalized=normalized, decimals=decimals, qualifier=qual, bound=bound)

    def _chinese(self, text: str, m) -> Quantity | None:
        raw = m.group("num")
        if not regex.search(r"[零〇一二两三四五六七八九十]", raw):
            return None
        # Enumerations in names (三公, 一案一表) never reach here: a unit is required.
        val = parse_chinese_numeral(raw)
        if val is None:
            return None
        ns = m.start("num")
        if ns > 0 and text[ns - 1] in "第每周星":
            return None
        unit_surface = m.group("unit")
        if unit_surface in ("年", "分"):
            return None  # 一年 / 十分 (adverb) are not figures in running text
        # 一个, 一名 ... are articles more often than counts; keep only from 二 up or with 余/多
        if val == 1 and not m.group("in1") and unit_surface != "倍":  # 增加了一倍 is a multiple
            return None
        unit, unit_printed, dim, v, normalized = self._unit(unit_surface, val, None)
        qual, bound = self._bound(m)
        if raw.endswith("余") or m.group("in1"):
            bound = "ge"
        return Quantity(start=m.start(), end=m.end(), printed=m.group(0), num_start=ns, num_end=m.end("num"),
                        number_text=raw, value=v, unit=unit, unit_printed=unit_printed, dimension=dim,
                        normalized=normalized, decimals=0, qualifier=qual, bound=bound, chinese=True)

    def _cn_percent(self, text: str, m) -> Quantity | None:
        raw = m.group("num")
        if "点" in raw:
            a, b = raw.split("点", 1)
            ia = parse_chinese_numeral(a)
            if ia is None:
                return None
            frac = "".join(str(_CN_DIGITS.get(c, 0)) for c in b)
            val = float(f"{int(ia)}.{frac}")
            dec = len(frac)
        else:
            v = parse_chinese_numeral(raw)
            if v is None:
                return None
            val, dec = v, 0
        qual, bound = self._bound(m)
        return Quantity(start=m.start(), end=m.end(), printed=m.group(0), num_start=m.start("num"),
                        num_end=m.end("num"), number_text=raw, value=val, unit="%", unit_printed="百分之",
                        dimension="percent", normalized=val, decimals=dec, qualifier=qual, bound=bound,
                        chinese=True)

    def _freq(self, text: str, m) -> Quantity | None:
        raw = m.group("num")
        n = parse_chinese_numeral(raw) if not raw[0].isdigit() and not raw[0] in "０１２３４５６７８９" else float(normalize_digits(raw))
        if n is None:
            return None
        per = self.lex.periods[m.group("period")]
        post = m.group("post")
        bound = self.lex.qualifiers_after[post] if post else "eq"
        return Quantity(start=m.start(), end=m.end(), printed=m.group(0), num_start=m.start("num"),
                        num_end=m.end("num"), number_text=raw, value=n, unit="次", unit_printed="次",
                        dimension="frequency", normalized=n * per, decimals=0, qualifier=post, bound=bound,
                        chinese=not raw[0].isdigit(), per_year=n * per)

    def _range(self, text: str, m) -> Quantity:
        a = float(normalize_digits(m.group("a")).replace(",", ""))
        b = float(normalize_digits(m.group("b")).replace(",", ""))
        dec = max(len(normalize_digits(x).split(".", 1)[1]) if "." in normalize_digits(x) else 0
                  for x in (m.group("a"), m.group("b")))
        return Quantity(start=m.start(), end=m.end(), printed=m.group(0), num_start=m.start("a"),
                        num_end=m.end("a"), number_text=m.group("a"), value=a, unit="%",
                        unit_printed=m.group("u2"), dimension="percent", normalized=a, decimals=dec,
                        bound="range", range_to=b)


@lru_cache(maxsize=2)
def _parser(lexdir: str | None = None) -> QuantityParser:
    return QuantityParser(load_lexicons(lexdir))


def parse_quantities(text: str) -> list[Quantity]:
    """Every figure in ``text`` with offsets, value, unit and hedges."""
    return _parser().parse(text)


def parse_cell_value(text: str) -> Quantity | None:
    """The one figure a table cell holds, or None when it holds no single figure.

    Cells print bare numbers ("2558.63", "99.04 %", "—"); a cell with more
    than one figure (e.g. "210批次300余人") returns None, since no footing
    can use it. Table understanding asks for the same cell many times while
    it tries layouts, so results are cached; callers get their own copy.
    """
    q = _cell_value(text)
    return copy.copy(q) if q is not None else None


_DATE_LIKE = regex.compile(r"(?:19|20)\d{2}\.\d{1,2}")


def date_like_amount(text: str) -> Quantity | None:
    """"2030.12" where an amount is due (a cell of a column of amounts, "按收入性质分:2030.12"): the
    number that reads as a year and month (2023.12) elsewhere, so :func:`parse_quantities` passes it
    over. None when ``text`` is not such a number alone."""
    s = text.strip().strip("\u3000").strip()
    if not _DATE_LIKE.fullmatch(s):
        return None
    start = text.find(s)
    return Quantity(start=start, end=start + len(s), printed=s, num_start=start, num_end=start + len(s),
                    number_text=s, value=float(s), unit=None, unit_printed=None, dimension=None,
                    normalized=float(s), decimals=len(s.split(".")[1]))


def is_cell_value(text: str) -> bool:
    """Whether a table cell holds one figure (:func:`parse_cell_value` is not None),
    without copying the cached figure."""
    return _cell_value(text) is not None


@lru_cache(maxsize=65536)
def _cell_value(text: str) -> Quantity | None:
    s = text.strip().strip("\u3000").strip()
    if not s or s in {"—", "-", "--", "/", "——", "…", "……", "无"}:
        return None
    qs = parse_quantities(s)
    if len(qs) != 1:
        return None
    q = qs[0]
    lead = s[: q.start]
    if _MINUS.fullmatch(lead) and not s[q.end:].strip():
        # "-109.01" in a 增减 column: a decrease, printed with its sign
        return dataclasses.replace(q, start=0, printed=s[:q.end], value=-q.value,
                                   normalized=-q.normalized if q.normalized is not None else None)
    rest = (lead + s[q.end:]).strip(" \u3000：:")
    if rest and not regex.fullmatch(r"[（(]?[^\d]{0,3}[)）]?", rest):
        return None
    return q


_MINUS = regex.compile(r"\s*[-−－]\s*")
