"""One interval-arithmetic helper for every tolerance decision.

The rule is XBRL Calculations 1.1's (as Arelle implements it): a figure
printed with ``d`` decimals stands for every value in
``[v - ½·10^-d, v + ½·10^-d]``; a computed relation is consistent when the
interval computed from the operands meets the interval of the printed result.

``d`` comes from the convention of the column or list the figure sits in,
not from the figure alone: an integer printed among two-decimal amounts is
taken as exact to two decimals, so "38 + 20 = 58.4" is not excused.

When a relation fails, the comparison tells a rounding-level slip (every
figure rounded or truncated: [v − ½u, v + u], :meth:`Interval.slack`) from a
real contradiction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import Enum
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from auditor.nlp.claims import Claim

# Floating-point noise guard when comparing interval ends: absolute near zero, relative for large
# figures (a sum of 91,016,775.35 元 computed in floats is off by ~1e-8; 1e-13 of it is far below a 分).
_EPS = 1e-9
_REL_EPS = 1e-13


def _eps(*ends: float) -> float:
    return _EPS + _REL_EPS * max((abs(x) for x in ends if math.isfinite(x)), default=0.0)


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval of real values."""

    lo: float
    hi: float

    @classmethod
    def exact(cls, v: float) -> "Interval":
        return cls(v, v)

    @classmethod
    def printed(cls, v: float, decimals: int | None, scale: float = 0.5) -> "Interval":
        """The values a figure printed with ``decimals`` decimals may stand for.

        ``scale`` is the half-width in units of the last place: 0.5 for
        rounding; 1.0 allows truncation (used for the rounding-level test).
        ``decimals=None`` marks an exact figure: a count of people or items
        is not rounded (160处 means 160, not 159.5–160.5).
        """
        if decimals is None:
            return cls(v, v)
        h = scale * 10.0 ** (-decimals)
        return cls(v - h, v + h)

    @classmethod
    def slack(cls, v: float, decimals: int | None) -> "Interval":
        """The values a figure printed with ``decimals`` decimals may stand for if
        it was rounded OR truncated: [v − ½u, v + u] (u one unit in the last
        place); truncation goes toward zero, so a negative figure (an amount
        subtracted, a fall) stands for [v − u, v + ½u]. The rounding-level test
        uses it: a slip it excuses is one a careless rounding can make; a wider
        gap is a contradiction."""
        if decimals is None:
            return cls(v, v)
        u = 10.0 ** (-decimals)
        return cls(v - u, v + 0.5 * u) if v < 0 else cls(v - 0.5 * u, v + u)

    @classmethod
    def truncated(cls, v: float, decimals: int | None) -> "Interval":
        """The values a figure printed with ``decimals`` decimals may stand for if it was truncated
        (toward zero): [v, v + u] for a positive figure, [v − u, v] for a negative one."""
        if decimals is None:
            return cls(v, v)
        u = 10.0 ** (-decimals)
        return cls(v - u, v) if v < 0 else cls(v, v + u)

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2

    @property
    def width(self) -> float:
        return self.hi - self.lo

    def __add__(self, o: "Interval") -> "Interval":
        return Interval(self.lo + o.lo, self.hi + o.hi)

    def __sub__(self, o: "Interval") -> "Interval":
        return Interval(self.lo - o.hi, self.hi - o.lo)

    def __mul__(self, o: "Interval") -> "Interval":
        ps = (self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi)
        return Interval(min(ps), max(ps))

    def __truediv__(self, o: "Interval") -> "Interval":
        if o.lo <= 0 <= o.hi:
            # Division by an interval containing zero says nothing.
            return Interval(float("-inf"), float("inf"))
        return self * Interval(1.0 / o.hi, 1.0 / o.lo)

    def scale(self, k: float) -> "Interval":
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))

    def meets(self, o: "Interval") -> bool:
        """True when the two intervals share at least one value."""
        e = _eps(self.lo, self.hi, o.lo, o.hi)
        return self.lo <= o.hi + e and o.lo <= self.hi + e

    def overlaps(self, o: "Interval") -> bool:
        """True when the two intervals share more than a boundary point."""
        e = _eps(self.lo, self.hi, o.lo, o.hi)
        return self.lo < o.hi - e and o.lo < self.hi - e

    def distance(self, o: "Interval") -> float:
        """Gap between the intervals (0 when they meet)."""
        if self.meets(o):
            return 0.0
        return max(o.lo - self.hi, self.lo - o.hi)

    def contains(self, v: float) -> bool:
        e = _eps(self.lo, self.hi, v)
        return self.lo - e <= v <= self.hi + e


def decimals_of(printed: str) -> int:
    """Decimals as printed: '2,609.57' → 2, '38' → 0, '99.04 %' → 2."""
    s = printed.strip()
    for ch in "%％‰":
        s = s.replace(ch, "")
    s = s.strip().replace("．", ".")
    if "." in s:
        frac = s.split(".", 1)[1]
        n = 0
        for ch in frac:
            if ch.isdigit():
                n += 1
            else:
                break
        return n
    return 0


def convention_decimals(values: Iterable[str]) -> int:
    """The decimal convention of a column or list: the most decimals any
    member shows. An integer among two-decimal amounts is read as exact to
    two decimals, so a wrong total cannot hide behind its own coarseness."""
    return max((decimals_of(v) for v in values), default=0)


def money_convention(values: Iterable[str], units: Iterable[str | None]) -> int | None:
    """``convention_decimals`` for amounts of money: None (exact) when every one is
    in 元 to the 分 (two decimals), the smallest unit there is, so such figures
    are ledger amounts, not roundings, and their sums hold to the 分."""
    dec = convention_decimals(values)
    units = list(units)
    if dec == 2 and units and all(u == "元" for u in units):
        return None
    return dec


def to_decimal(v: float) -> Decimal:
    try:
        return Decimal(repr(v))
    except InvalidOperation:  # pragma: no cover - nan/inf
        return Decimal(0)


class Verdict(Enum):
    CONSISTENT = "consistent"
    ROUNDING = "rounding"  # fails by at most rounding-level slack: info
    INCONSISTENT = "inconsistent"


@dataclass(frozen=True, slots=True)
class Comparison:
    """The outcome of testing a computed value against a printed one."""

    verdict: Verdict
    expected: float  # the computed value (mid-point)
    found: float  # the printed value
    difference: float  # found - expected
    tolerance: float  # half-width allowed around found plus computed slack
    # Two printings of one figure in one unit and at one precision that differ by one unit in the
    # last place: no rounding of one value gives two different digits, so one of them was retyped
    # or truncated. The verdict stays ROUNDING (the values are that close); checks make it a warning.
    last_digit: bool = False
    # A sum that fails by rounding-level slack only if some of its figures were rounded and others
    # truncated: neither every figure rounded (the tight test) nor every figure truncated explains it.
    # One table or statement is produced with one method, so checks make it a warning.
    mixed: bool = False
    # A long sum whose gap worst-case rounding allows but chance does not: the figures' rounding errors
    # would all have to lean one way (see :func:`unlikely_gap`). The verdict is ROUNDING; checks make it a
    # warning.
    unlikely: bool = False
    # Of a rate: which way of printing explains it, (every figure rounded, every figure truncated); None
    # for other comparisons. A report makes its rates one way (the checks read its convention from these).
    methods: tuple[bool, bool] | None = None

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.CONSISTENT

    @property
    def truncated_only(self) -> bool:
        """A rounding-level rate that only truncation explains (every figure cut, not rounded): a slip only
        in a report that rounds its other rates."""
        return self.verdict is Verdict.ROUNDING and self.methods == (False, True)


def compare(computed: Interval, printed: float, decimals: int | None, computed_loose: Interval | None = None,
            expected: float | None = None) -> Comparison:
    """Test a computed interval against a printed figure.

    ``computed`` uses rounding half-widths; ``computed_loose`` (optional) the
    same computation with one full unit of slack per operand. A failure that
    the loose computation excuses is a rounding-level slip.
    """
    exp = expected if expected is not None else computed.mid
    return _judge(computed, Interval.printed(printed, decimals), computed_loose or computed,
                  Interval.slack(printed, decimals), exp, printed)


def _judge(computed: Interval, target: Interval, loose: Interval, loose_target: Interval, expected: float,
           found: float) -> Comparison:
    """The verdict of a computed interval against a target's: consistent when they meet; a
    rounding-level slip when their slack intervals overlap; else a contradiction."""
    diff = round(found - expected, 10)
    tol = round(computed.width / 2 + target.width / 2, 10)
    if computed.meets(target):
        return Comparison(Verdict.CONSISTENT, expected, found, diff, tol)
    # Rounding-level only when some values inside the slack agree, not when the two
    # reach each other only at the edge (every part rounded up by half a unit and the
    # figure truncated by a whole one)
    if loose.overlaps(loose_target):
        return Comparison(Verdict.ROUNDING, expected, found, diff, tol)
    return Comparison(Verdict.INCONSISTENT, expected, found, diff, tol)


def sum_intervals(values: Iterable[float], decimals: int | None, loose: bool = False,
                  truncated: bool = False) -> Interval:
    """Interval of a sum of figures all printed to ``decimals`` decimals
    (``loose``: each rounded or truncated, see :meth:`Interval.slack`;
    ``truncated``: every one truncated, :meth:`Interval.truncated`).

    A part printed as zero is none at all and adds no rounding: a report lists
    "2.事业收入0.00万元。3.经营收入0.00万元。" to say the department had none,
    so 29,758.53 + 0.00 + 0.00 + 124.02 + 0.00 + 1,470.46 is held to 31,353.06
    within the rounding of the three figures that carry money."""
    total = Interval.exact(0.0)
    for v in values:
        if v == 0:
            continue
        if truncated:
            total = total + Interval.truncated(v, decimals)
        else:
            total = total + (Interval.slack(v, decimals) if loose else Interval.printed(v, decimals))
    return total


def check_sum(parts: list[float], total: float, decimals: int | None, odds: bool = False) -> Comparison:
    """Does ``total`` equal the sum of ``parts``, all printed to ``decimals``?

    ``decimals=None`` marks exact figures (whole counts): no rounding slack.
    A rounding-level failure that only a mix of rounded and truncated figures
    explains is marked ``mixed`` (the parts and their total are amounts of one
    statement or table, made with one method).

    ``odds``: the caller judges a complete sum, and a gap that worst-case
    rounding allows but chance does not (:func:`unlikely_gap`) is a
    rounding-level slip marked ``unlikely`` instead of consistent. Relation
    finding leaves it off: whether figures are a sum at all is read with the
    worst case."""
    tight = sum_intervals(parts, decimals)
    loose = sum_intervals(parts, decimals, loose=True)
    cmp = compare(tight, total, decimals, loose, expected=round(sum(parts), 10))
    if cmp.verdict is Verdict.INCONSISTENT:
        return cmp
    if cmp.verdict is Verdict.ROUNDING:
        truncated = sum_intervals(parts, decimals, truncated=True)
        if not truncated.overlaps(Interval.truncated(total, decimals)):
            return replace(cmp, mixed=True)
    if odds and decimals is not None and unlikely_gap(parts, total, decimals):
        return replace(cmp, verdict=Verdict.ROUNDING, unlikely=True)
    return cmp


# Two-sided odds below 1 in 1,000.
_UNLIKELY_P = 0.001


@lru_cache(maxsize=4096)
def _irwin_hall_sf(n: int, x2: int) -> float:
    """P(U₁ + … + Uₙ ≥ x) for n independent uniforms on [0, 1), x = x2 / 2 (a whole or half unit).

    Exact (the Irwin-Hall distribution, in rational arithmetic) for the sums a report prints; for
    long ones the normal approximation, which is then accurate."""
    x = Fraction(x2, 2)
    if x <= 0:
        return 1.0
    if x >= n:
        return 0.0
    if n > 64:
        z = (float(x) - n / 2.0) / math.sqrt(n / 12.0)
        return 0.5 * math.erfc(z / math.sqrt(2.0))
    y = n - x  # P(S ≥ x) = P(S ≤ n − x) by symmetry
    cdf = sum((-1) ** j * math.comb(n, j) * (y - j) ** n for j in range(math.floor(y) + 1)) / math.factorial(n)
    return float(cdf)


def gap_odds(n: int, k: int) -> tuple[float, float]:
    """Two-sided odds of a gap of ``k`` last-place units (total − parts) between a total and its ``n``
    nonzero parts: (every figure rounded, every figure truncated).

    Rounded, each part's error is uniform over half a unit either way and the printed total is the
    rounding of the true sum, so the gap is the rounding of the negated sum of n such errors: |gap| ≥ m
    needs that sum beyond m − ½. Truncated, each part loses [0, 1) unit and the total is cut too, so
    the gap is the floor of the sum of the parts' lost fractions: never negative, at most n − 1."""
    if n < 1:
        return 1.0, 1.0
    m = abs(k)
    rounded = 1.0 if m == 0 else min(1.0, 2.0 * _irwin_hall_sf(n, n + 2 * m - 1))
    if k < 0:
        truncated = 0.0
    else:
        at_least = _irwin_hall_sf(n, 2 * k)
        at_most = 1.0 - _irwin_hall_sf(n, 2 * (k + 1))
        truncated = min(1.0, 2.0 * min(at_least, at_most))
    return rounded, truncated


def unlikely_gap(parts: Iterable[float], total: float, decimals: int) -> bool:
    """Would rounding, or truncation, make this gap between a total and its parts less than once in
    a thousand times (:func:`gap_odds`)?

    The worst case, every error leaning the same way, allows up to n/2 units; chance does not: 18
    parts that add up 0.05 above their total (5 units) are a 1-in-10,000 chance, and three parts
    that fall 2 units short of their total need all three errors at the very edge of their half unit,
    which rounding to a last place almost never makes. The gap is unlikely only when it is unlikely
    both ways. Parts printed as zero carry no error."""
    u = 10.0 ** (-decimals)
    n = sum(1 for p in parts if p != 0)
    if n < 2:
        return False
    k = round((total - sum(p for p in parts if p != 0)) / u)
    return max(gap_odds(n, k)) < _UNLIKELY_P


def check_ratio(num: float, num_dec: int | None, den: float, den_dec: int | None, rate: float, rate_dec: int,
                percent: bool = True) -> Comparison:
    """Does the printed rate equal num/den (×100 when ``percent``)?"""
    k = 100.0 if percent else 1.0
    tight = (Interval.printed(num, num_dec) / Interval.printed(den, den_dec)).scale(k)
    loose = (Interval.slack(num, num_dec) / Interval.slack(den, den_dec)).scale(k)
    exp = num / den * k if den else float("inf")
    cmp = compare(tight, rate, rate_dec, loose, expected=round(exp, 10))
    return _by_method(cmp, _ratio_methods(num, num_dec, den, den_dec, rate, rate_dec, percent))


def check_same_base(a0: float, a0_dec: int | None, p0: float, p0_dec: int, a: float, a_dec: int | None, p: float,
                    p_dec: int) -> Comparison:
    """Two percentages of one base the text does not print, each of its own amount (a0 is p0% of it, a
    is p% of it): is ``p`` what ``a`` is of the base a0 ÷ p0%?"""
    tight = (Interval.printed(a, a_dec) / (Interval.printed(a0, a0_dec) / Interval.printed(p0, p0_dec))).scale(1.0)
    loose = (Interval.slack(a, a_dec) / (Interval.slack(a0, a0_dec) / Interval.slack(p0, p0_dec))).scale(1.0)
    exp = a / (a0 / p0) if a0 and p0 else float("inf")
    return compare(tight, p, p_dec, loose, expected=round(exp, 10))


def _by_method(cmp: Comparison, methods: tuple[bool, bool]) -> Comparison:
    """A rate's comparison with the ways of printing that explain it; a rounding-level one that neither
    every figure rounded nor every figure truncated explains is ``mixed``."""
    mixed = cmp.verdict is Verdict.ROUNDING and methods == (False, False)
    return replace(cmp, methods=methods, mixed=cmp.mixed or mixed)


def _ratio_methods(num: float, num_dec: int | None, den: float, den_dec: int | None, rate: float, rate_dec: int,
                  percent: bool = True) -> tuple[bool, bool]:
    """Which way of printing explains a rate against its operands: (every figure rounded, every figure
    truncated). A report makes its rates one way; one that only the other way explains stands out."""
    k = 100.0 if percent else 1.0
    if not den:
        return False, False
    rounded = (Interval.printed(num, num_dec) / Interval.printed(den, den_dec)).scale(k)
    truncated = (Interval.truncated(num, num_dec) / Interval.truncated(den, den_dec)).scale(k)
    return (rounded.meets(Interval.printed(rate, rate_dec)), truncated.meets(Interval.truncated(rate, rate_dec)))


def _growth_methods(cur: float, cur_dec: int | None, ch: float, ch_dec: int | None, direction: int, rate: float,
                   rate_dec: int) -> tuple[bool, bool]:
    """:func:`_ratio_methods` for a growth rate whose base is derived (cur − direction·ch)."""
    rounded = _growth(Interval.printed(cur, cur_dec), Interval.printed(ch, ch_dec), direction).scale(100.0)
    truncated = _growth(Interval.truncated(cur, cur_dec), Interval.truncated(ch, ch_dec), direction).scale(100.0)
    return (rounded.meets(Interval.printed(rate, rate_dec)), truncated.meets(Interval.truncated(rate, rate_dec)))


def _growth(cur: Interval, ch: Interval, direction: int) -> Interval:
    """The growth rates ch / (cur − direction·ch) over every value the two printed
    figures may stand for: the base is derived from both, so the two are not
    independent (rising in ch, falling in cur while both are positive)."""
    lo_den, hi_den = cur.hi - direction * ch.lo, cur.lo - direction * ch.hi
    if cur.lo <= 0 or ch.lo < 0 or lo_den <= 0 or hi_den <= 0:
        return Interval(float("-inf"), float("inf"))
    return Interval(ch.lo / lo_den, ch.hi / hi_den)


def check_derived_growth(cur: float, cur_dec: int | None, ch: float, ch_dec: int | None, direction: int,
                         rate: float, rate_dec: int) -> Comparison:
    """Does the printed growth rate (in %) equal ch ÷ last year, where last year is
    not printed but derived as cur − direction·ch? ("143.64万元，较上年减少174.34万元，
    下降54.82%": 174.34 ÷ 317.98 = 54.827%, and no rounding of the two amounts brings
    it down to 54.825%, so 54.82% is truncated.)"""
    tight = _growth(Interval.printed(cur, cur_dec), Interval.printed(ch, ch_dec), direction).scale(100.0)
    loose = _growth(Interval.slack(cur, cur_dec), Interval.slack(ch, ch_dec), direction).scale(100.0)
    base = cur - direction * ch
    exp = ch / base * 100.0 if base else float("inf")
    cmp = compare(tight, rate, rate_dec, loose, expected=round(exp, 10))
    return _by_method(cmp, _growth_methods(cur, cur_dec, ch, ch_dec, direction, rate, rate_dec))


def _last_year(cur: Interval, rate: Interval | None, direction: int) -> Interval | None:
    """Last year's amount from this year's and its change rate in % (cur ÷ (1 ± rate)); None when the
    rate leaves it undefined (a fall of 100% or more)."""
    if rate is None:
        return cur
    factor = Interval(1.0, 1.0) + rate.scale(direction / 100.0)
    if factor.lo <= 0:
        return None
    return cur / factor


def check_prior_sum(items: list[tuple], total: tuple) -> Comparison | None:
    """Do last year's items add up to last year's total, each derived from this year's amount and its
    change? Each of ``items`` and ``total`` is (amount, decimals, rate in % or None, rate decimals,
    direction ±1, change amount or None): last year is amount ÷ (1 ± rate), or amount ∓ change, or,
    with neither, the amount (unchanged). ``expected`` is the items' sum, ``found`` the total's last
    year. None when a rate leaves last year undefined. A rounding-level gap that neither every figure
    rounded nor every figure truncated explains is ``mixed``: the figures of one statement are
    printed one way."""
    reading = {"printed": Interval.printed, "slack": Interval.slack, "truncated": Interval.truncated}

    def year_before(v, d, r, rd, sign, ch, how):
        iv = reading[how]
        if ch is not None:
            return iv(v, d) - iv(ch, d).scale(sign)
        return _last_year(iv(v, d), None if r is None else iv(r, rd), sign)

    sums = {}
    for how in reading:
        acc = Interval.exact(0.0)
        for it in items:
            p = year_before(*it, how)
            if p is None:
                return None
            acc = acc + p
        target = year_before(*total, how)
        if target is None:
            return None
        sums[how] = (acc, target)
    (tight, target), (loose_sum, loose_target) = sums["printed"], sums["slack"]
    cmp = _judge(tight, target, loose_sum, loose_target, round(tight.mid, 10), round(target.mid, 10))
    if cmp.verdict is Verdict.ROUNDING and not sums["truncated"][0].overlaps(sums["truncated"][1]):
        return replace(cmp, mixed=True)
    return cmp


def check_difference(a: float, b: float, decimals: int, diff: float) -> Comparison:
    """Does the printed ``diff`` equal a − b?"""
    tight = Interval.printed(a, decimals) - Interval.printed(b, decimals)
    loose = Interval.slack(a, decimals) - Interval.slack(b, decimals)
    return compare(tight, diff, decimals, loose, expected=round(a - b, 10))


def check_equal(a: float, a_dec: int | None, b: float, b_dec: int | None, same_form: bool = False) -> Comparison:
    """Do two printings of the same quantity agree (b checked against a)?

    ``None`` decimals on both sides mark exact counts: they agree only when equal.
    Otherwise both are read at the finer precision d. Two printings of one
    value at the same precision show the same digits, so the intervals are
    taken half-open: 1500.25 and 1500.26 do not agree (they only touch at
    1500.255). One unit in the last place apart is a rounding-level slip (two
    roundings of one value); more is a contradiction.

    ``same_form``: the caller knows both are printed in one unit; when they also
    show the same decimals, one unit apart is not two roundings of one value
    (3,765.87 and 3,765.88 万元 cannot both be the 万元 of one amount) and the
    comparison says so (``last_digit``).
    """
    if a_dec is None and b_dec is None:
        same = abs(a - b) < 1e-9
        return Comparison(Verdict.CONSISTENT if same else Verdict.INCONSISTENT, a, b, round(b - a, 10), 0.0)
    d = max(x for x in (a_dec, b_dec) if x is not None)
    diff = round(b - a, 10)
    unit = 10.0 ** (-d)
    tol = round(unit, 10)
    if abs(diff) < unit / 2 - _EPS:
        verdict = Verdict.CONSISTENT
    elif abs(diff) < unit * 1.5 - _EPS:
        verdict = Verdict.ROUNDING
    else:
        verdict = Verdict.INCONSISTENT
    last = verdict is Verdict.ROUNDING and same_form and a_dec == b_dec
    return Comparison(verdict, a, b, diff, tol, last_digit=last)


# ------------------------------------------------------------ the convention of figures read


def decimals(c: Claim) -> int | None:
    """Counts printed as integers are exact (None); amounts stand for their
    rounding interval."""
    q = c.quantity
    if q.dimension == "count" and q.decimals == 0:
        return None
    return q.decimals


def list_decimals(claims) -> int | None:
    """The decimal convention of a list of figures taken together (a sum and
    its parts): None when every one is a whole count (人, 宗, 辆…), which is
    exact, so 612 + 528 + 126 is not 1268 "within rounding", or an amount in
    元 to the 分 (:func:`money_convention`); else the most decimals any of them
    shows."""
    claims = list(claims)
    if all(decimals(c) is None for c in claims):
        return None
    if all(c.quantity.dimension == "money" for c in claims):
        return money_convention([c.quantity.number_text for c in claims], [c.quantity.unit for c in claims])
    return convention_decimals([c.quantity.number_text for c in claims])
