"""The “三公”经费 table's figures by column (:class:`Sangong`, :func:`sangong_of`), a flattened
row that lost its blank cells placed where the table adds up (``_place_sangong``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from auditor.nlp.budget.lines import Num
from auditor.nlp.budget.tables import BTable
from auditor.nlp.budget.vocab import budget_vocab


@dataclass
class Sangong:
    """The figures of a “三公”经费 table by leaf column (合计, 因公出国, 公务接待,
    小计, 购置, 运行, 机关运行), for the budget (预算数) and, in a 决算 table,
    the actual (决算数) columns. A flattened 预算 row that lost its blank cells is
    placed where it adds up (:func:`_place_sangong`); the blanks are nil. A row that
    several placements fit equally keeps the columns they all agree on (the 合计 at
    least), the rest as ``unplaced`` parts of the 合计."""

    table: BTable
    budget: dict[str, Num]
    actual: dict[str, Num]
    unplaced: list[Num] = field(default_factory=list)  # parts of the 合计 whose column is unknown
    misfit: bool = False  # a flattened row that adds up in no placement of its figures


def sangong_of(t: BTable) -> Sangong | None:
    if t.kind != "sangong":
        return None
    row = next((r for r in t.data_rows()), None)
    if row is None:
        return None
    voc = budget_vocab()
    head = t.header + row.nlabel  # a data row without a label hangs on the last header line
    i_rec, i_veh = head.find("公务接待"), head.find("公务用车")
    if i_rec < 0 or i_veh < 0:
        return None
    layout = list(voc.sangong_layouts["reception_first" if i_rec < i_veh else "vehicles_first"])
    nums = row.nums
    if "预算数" in head and "决算数" in head:
        if len(nums) != 2 * len(layout):
            return None
        return Sangong(t, dict(zip(layout, nums[0::2])), dict(zip(layout, nums[1::2])))
    if "机关运行" in head:
        layout.append("机关运行")
    if len(nums) == len(layout):
        return Sangong(t, dict(zip(layout, nums)), {})
    placed = _place_sangong(layout, nums)
    if placed is None and nums and len(nums) <= len(layout):
        # no single placement: keep the columns every best placement agrees on (the 合计, printed
        # first whenever any column is, always); every other figure but a last one that may be the
        # 机关运行经费 is a part of the 合计
        fewest, best = _best_placements(layout, nums)
        agreed = {k: v for k, v in best[0].items() if any(v is n for n in nums) and all(b.get(k) is v for b in best)}
        agreed["合计"] = nums[0]
        rest = [n for n in nums if not any(n is v for v in agreed.values())]
        if layout[-1] == "机关运行" and "机关运行" not in agreed and rest and rest[-1] is nums[-1]:
            rest = rest[:-1]
        return Sangong(t, agreed, {}, unplaced=rest, misfit=fewest > 0)
    return Sangong(t, placed, {}) if placed is not None else None


def _sangong_violations(vals: dict[str, Num]) -> int:
    """How many of the table's two sums fail beyond rounding (合计 = 因公出国 + 公务接待 + 小计;
    小计 = 购置 + 运行), by the one tolerance rule."""
    from auditor.tolerance import Verdict, check_sum

    bad = 0
    for total, parts in (("合计", ("因公出国", "公务接待", "小计")), ("小计", ("购置", "运行"))):
        ps = [vals[k] for k in parts]
        dec = max(n.decimals for n in (*ps, vals[total]))
        bad += check_sum([n.value for n in ps], vals[total].value, dec).verdict is Verdict.INCONSISTENT
    return bad


def _best_placements(layout: list[str], nums: list[Num]) -> tuple[int, list[dict[str, Num]]]:
    """The placements of a flattened row's figures that break the fewest of the table's sums,
    and how many they break."""
    dec = max(n.decimals for n in nums)
    fits: dict[int, list[dict[str, Num]]] = {}
    for pos in combinations(range(len(layout)), len(nums)):
        if pos[0] != 0:
            continue  # the 合计 is printed whenever any column is
        vals = {layout[p]: n for p, n in zip(pos, nums)}
        for k in layout:
            if k not in vals:
                vals[k] = Num(0.0, "0", dec, nums[0].unit, nums[0].text, (nums[0].span[0], nums[0].span[0]),
                              nums[0].loc, nums[0].context)
        fits.setdefault(_sangong_violations(vals), []).append(vals)
    fewest = min(fits)
    return fewest, fits[fewest]


def _place_sangong(layout: list[str], nums: list[Num]) -> dict[str, Num] | None:
    """A flattened “三公” row lost its empty cells ("867.50 839.00 28.50 213.28" under seven
    columns): place the printed figures, in order, in the columns where the table adds up, the
    others nil. Read only when one placement adds up, or, when none does, when one alone breaks a
    single sum (that sum is then the table's error); any other row cannot be placed."""
    if not nums or len(nums) > len(layout):
        return None
    fewest, best = _best_placements(layout, nums)
    return best[0] if fewest <= 1 and len(best) == 1 else None
