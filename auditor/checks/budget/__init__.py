"""部门预算 / 部门决算 documents: the balances their standard tables promise, the
code roll-ups, and the narrative (情况说明 / 编制说明) that restates them.

All checks read the budget reading extraction made (``ctx.claims.budget``,
:func:`auditor.nlp.budget_reading.read_budget`) and do nothing on other
documents. Tolerances are decided by :mod:`auditor.tolerance`: a figure
printed with d decimals stands for its rounding interval; a failure that one
unit in the last place excuses is a rounding-level slip (info). Two printings
of one figure at the same precision must be identical: 326.71 in one table and
326.72 in another is a rounding-level slip even though both could round
326.715.

One module per family of checks, all of them on ``common``'s helpers (none imports another):

- :mod:`auditor.checks.budget.common`: the shared helpers (no check)
- :mod:`auditor.checks.budget.totals`: BG01 收支总表
- :mod:`auditor.checks.budget.classification`: BG02, BG03 科目 sums and one 类 across tables
- :mod:`auditor.checks.budget.restatements`: BG04 情况说明 against the tables
- :mod:`auditor.checks.budget.items`: BG05, BG06 科目 paragraphs
- :mod:`auditor.checks.budget.rates`: BG07–BG10 changes, shares, completion rates
- :mod:`auditor.checks.budget.procurement`: BG11 政府采购
- :mod:`auditor.checks.budget.perf`: BG12 项目绩效目标表, BG18 绩效目标设置与项目支出
- :mod:`auditor.checks.budget.empty_tables`: BG13 空表
- :mod:`auditor.checks.budget.sangong`: BG14 “三公”经费表
- :mod:`auditor.checks.budget.vehicles`: BG15 车辆
- :mod:`auditor.checks.budget.listed`: BG16 情况说明的分项
- :mod:`auditor.checks.budget.codes`: BG17 科目编码的唯一与次序
"""

from __future__ import annotations

# Importing a module registers its checks; this order registers BG01–BG17 in code order.
from auditor.checks.budget import totals  # noqa: F401
from auditor.checks.budget import classification  # noqa: F401
from auditor.checks.budget import restatements  # noqa: F401
from auditor.checks.budget import items  # noqa: F401
from auditor.checks.budget import rates  # noqa: F401
from auditor.checks.budget import procurement  # noqa: F401
from auditor.checks.budget import perf  # noqa: F401
from auditor.checks.budget import empty_tables  # noqa: F401
from auditor.checks.budget import sangong  # noqa: F401
from auditor.checks.budget import vehicles  # noqa: F401
from auditor.checks.budget import listed  # noqa: F401
from auditor.checks.budget import codes  # noqa: F401
