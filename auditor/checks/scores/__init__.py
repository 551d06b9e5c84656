"""Score tables (评分表 / 自评表 / 计分表) and the figures around them.

SC01 the 得分 column adds up to 总分; SC02 no 得分 above its 分值; SC03 maxima
in group labels ("产出指标(50分)") equal their members' 分值 and the top
level adds up to the 总分 row's 分值 (100); SC04 a score stated elsewhere
("自评得分93分", "绩效自评综合得分 88.5") agrees with 总分; SC05 the 评价等次
fits the score's band (lexicons/grades.yaml); SC06 执行率 = 执行数 / 预算数
and an execution score = 分值 × 执行率; SC07 a self-score its own 评分标准
does not give (rules parsed from lexicons/scoring_rules.yaml); SC08 a target
missed with full marks; SC09 the self-evaluation table's budget equal to the
basic data table's actuals while that table shows a different budget; SC10 a
rule's own bands (monotone, within and reaching the 分值, no gap; ladders not in
percent read in written order; a deduction rule starts from the 分值); SC11 the
points of a rule's enumerated items (①…1分；②…0.5分) add up to the 分值; SC12 a
quantitative target met, points deducted and no reason given.

The score tables, their rules and the scores and grades the text states are
read once by extraction (:mod:`auditor.nlp.scores`, :mod:`auditor.nlp.score_rules`)
into ``ClaimSet.scores``; this package only judges those records. Tolerances go
through :mod:`auditor.tolerance`.

One module per family of checks, all of them on ``common``'s helpers (none imports another):

- :mod:`auditor.checks.scores.common`: the shared helpers (no check)
- :mod:`auditor.checks.scores.totals`: SC01 得分 against 总分
- :mod:`auditor.checks.scores.maxima`: SC02, SC03 得分 against 分值, the maxima's structure
- :mod:`auditor.checks.scores.stated`: SC04, SC05 a stated score and grade against the table
- :mod:`auditor.checks.scores.execution`: SC06 执行率 and its score
- :mod:`auditor.checks.scores.rules`: SC07 a self-score against its 评分标准
- :mod:`auditor.checks.scores.target_missed`: SC08 a target missed with full marks
- :mod:`auditor.checks.scores.basic_data`: SC09 the self-evaluation budget against the basic data table
- :mod:`auditor.checks.scores.rule_points`: SC10, SC11 a rule's own bands and items against the 分值
- :mod:`auditor.checks.scores.target_met`: SC12 a target met, points deducted
"""

from __future__ import annotations

# Importing a module registers its checks; this order registers SC01–SC12 in code order.
from auditor.checks.scores import totals  # noqa: F401
from auditor.checks.scores import maxima  # noqa: F401
from auditor.checks.scores import stated  # noqa: F401
from auditor.checks.scores import execution  # noqa: F401
from auditor.checks.scores import rules  # noqa: F401
from auditor.checks.scores import target_missed  # noqa: F401
from auditor.checks.scores import basic_data  # noqa: F401
from auditor.checks.scores import rule_points  # noqa: F401
from auditor.checks.scores import target_met  # noqa: F401
