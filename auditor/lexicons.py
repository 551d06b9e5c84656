"""Load the domain vocabulary in lexicons/ with a strict schema check.

The files are data (units, indicators, relation words, grades, scoring-rule
phrasings, the standard budget tables). Loading rejects duplicate keys and
surfaces, files whose ``schema`` tag is unknown, keys the schema does not
know, missing required keys and values of the wrong shape, so a typo in a
lexicon fails loudly at start-up instead of silently weakening a check.
(That every entry is also *read* by the code is a test:
tests/test_lexicons.py.)
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class LexiconError(ValueError):
    """A lexicon file is malformed."""


# The C loader when PyYAML has it: lexicons load at every start.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):
    """SafeLoader that refuses duplicate mapping keys."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise LexiconError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        seen.add(key)
    return _BaseLoader.construct_mapping(loader, node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def lexicon_dir() -> Path:
    """Where the lexicons live: $AUDITOR_LEXICONS, the installed copy inside
    the package, or the repository's top-level lexicons/."""
    env = os.environ.get("AUDITOR_LEXICONS")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for cand in (here / "lexicons", here.parent / "lexicons"):
        if (cand / "units.yaml").exists():
            return cand
    raise LexiconError("找不到词表目录 lexicons/，请重新安装 auditor")


# ---------------------------------------------------------------- schemas
#
# A schema is: a dict of fixed keys (a key ending in "?" is optional) mapping
# to the schema of its value; {"*": S} for a mapping with any keys whose values
# follow S; [S] for a list of S; or a leaf type: str, int, float (any number),
# bool, WORD (a string or a number, as YAML reads 12345 or 年), ANY.

WORD = "word"
ANY = "any"
_WORDS = [WORD]

_SCHEMAS: dict[str, dict] = {
    "units/1": {
        "schema": str,
        "units": {"*": {"dimension": str, "factor": float, "surfaces": _WORDS}},
        "scales": {"*": float},
        "bare_scale_unit?": {"*": str},
        "qualifiers": {"not_after?": {"*": _WORDS}, "before": {"*": str}, "inside": {"*": str}, "after": {"*": str}},
        "periods": {"*": int},
        "not_quantities?": _WORDS,
        "date_words?": _WORDS,
        "word_starts?": {"*": _WORDS},
    },
    "indicators/1": {
        "schema": str,
        "matching?": {"min_score": float},
        "project_phrases?": {"*": _WORDS},
        "department_level": _WORDS,
        "trailing_filler": _WORDS,
        "generic_tails": _WORDS,
        "concepts": {"*": {"kind": str, "synonyms": _WORDS, "counted?": _WORDS}},
        "counted_subjects?": {"verbs": _WORDS, "sub_units": _WORDS},
    },
    "relations/1": {
        "schema": str,
        "total": _WORDS, "parts_intro": _WORDS, "breakdown_cues": _WORDS, "breakdown_cues_after_amount": _WORDS, "part_detail_cues": _WORDS, "target_bases": _WORDS, "change_prior": _WORDS, "increase": _WORDS, "decrease": _WORDS,
        "change_needs_comparison": _WORDS,
        "comparison_markers": _WORDS,
        "difference": _WORDS,
        "measures": {"*": _WORDS},
        "assertions": {"*": {"prefixes?": _WORDS, "words": _WORDS, "verbs?": _WORDS}},
        "rates": {"*": {"numerator?": _WORDS, "denominator?": _WORDS, "names?": _WORDS,
                        "numerator_concept?": str, "denominator_concept?": str}},
        "enumeration_nouns": _WORDS, "counted_lists": {"intro": _WORDS}, "shares": _WORDS,
        "satisfaction_rates": _WORDS,
        "tieout": {"measure_classes": {"target": _WORDS, "other": _WORDS, "budget": _WORDS, "actual": _WORDS},
                   "not_budget": _WORDS, "project_name_labels": _WORDS, "amount_words": _WORDS, "label_verbs": _WORDS,
                   "funds": _WORDS, "levels": _WORDS},
        "list_continues": {"words": _WORDS, "not_words": _WORDS, "totals": _WORDS},
        "total_in_own_clause": _WORDS,
        "table_changes": {"words": _WORDS, "pct": _WORDS, "last_year": _WORDS, "this_year": _WORDS},
        "table_columns": {"rates_and_scores": _WORDS, "not_totals": _WORDS, "not_footed": _WORDS, "dates": _WORDS,
                          "measure_families": {"*": str}},
        "table_rows": {"total_words": _WORDS, "rest": _WORDS,
                       "subtotal": {"periods?": _WORDS, "subjects?": _WORDS, "words": _WORDS},
                       "grand_total": {"periods?": _WORDS, "subjects?": _WORDS, "words": _WORDS}},
        "flows": {"*": {"words": _WORDS, "bracketed_sign?": bool, "tails": _WORDS, "copulas": _WORDS}},
        "averages": _WORDS, "fractional_units": _WORDS,
        "new_item": _WORDS,
        "flat_change": _WORDS,
        "signed_quantities": _WORDS,
        "fleet": {"held": _WORDS, "total": _WORDS},
        "part_bounds": [{"bound": str, "parts": _WORDS, "wholes": _WORDS, "largest": bool}],
        "breakdowns": [{"whole": _WORDS, "parts": [_WORDS], "optional?": [_WORDS]}],
        "siblings": [_WORDS],
        "unit_composition": {"counted": _WORDS, "name_header": _WORDS, "header": _WORDS, "funding": _WORDS,
                             "own": _WORDS},
        "balanced_totals": {"income": _WORDS, "spending": _WORDS},
        "balanced_sides": {"income": _WORDS, "spending": _WORDS, "pair": _WORDS},
        "carry_over": {"opening": _WORDS, "income": _WORDS, "spending": _WORDS, "plus": _WORDS, "minus": _WORDS,
                       "closing": _WORDS},
    },
    "grades/1": {
        "schema": str,
        "bands": [{"grade": str, "min": float, "max": float, "names": _WORDS}],
    },
    "scoring_rules/1": {
        "schema": str,
        "tables": {
            "kinds": [{"kind": str, "words": _WORDS}],
            "measures": {"*": _WORDS},
            "numeric_measures": _WORDS, "text_measures": _WORDS, "header_words": _WORDS, "total_rows": _WORDS,
            "score_total_rows": _WORDS, "subtotal_rows": _WORDS, "block_heads": _WORDS, "grade_labels": _WORDS,
            "grade_columns": _WORDS, "score_columns": _WORDS, "equal_signs": _WORDS,
            "budget_labels": _WORDS,
        },
        "patterns": [{"name": str, "shape": str, "regex": str}],
        "band_clause": {"*": str},
        "items": {"circled": str, "numbered": [str], "marker_after": str, "points": str, "deduction_words": _WORDS,
                  "not_a_sum": str, "alternative_words": _WORDS, "ladder_zero": str, "ladder_full": str},
        "indicators": {"*": {"formula": str, "numerator?": str, "denominator?": str, "certainty": str}},
        "lower_is_better": _WORDS,
        "ceiling_words": _WORDS,
        "narrative": {"score": str, "grade": str, "full_marks": str, "overall_words": _WORDS,
                      "project_words": _WORDS, "weights": str},
    },
    "budget/1": {
        "schema": str,
        "min_standard_tables": int,
        "table_kinds": [{"kind": str, "any": [_WORDS]}],
        "kind_names": {"*": str},
        "scopes": {"*": _WORDS},
        "row_starts": _WORDS, "label_ends": _WORDS, "total_rows": _WORDS,
        "columns": {"total": _WORDS, "parts": _WORDS},
        "restatements": [{"label": str, "table": str, "rows": [_WORDS], "section?": _WORDS, "kind?": str,
                          "not_after?": _WORDS, "column?": str, "bound?": bool}],
        "empty_notes": _WORDS,
        "sangong_layouts": {"*": _WORDS},
        "sangong_labels": {"*": _WORDS},
        "decompositions": [_WORDS],
        "listed_parts": {"intro": _WORDS, "not_parts": _WORDS},
        "procurement": {"total": _WORDS, "amount_words": _WORDS, "parts": _WORDS, "part_words": _WORDS,
                        "sme": {"reserved": _WORDS, "other": _WORDS, "won": _WORDS, "amount": _WORDS}},
        "perf_targets": {"intro": _WORDS, "amount_words": _WORDS},
        "annual_plan": {"headings": _WORDS, "total_words": _WORDS},
        "vehicle_lists": {"verbs": _WORDS},
        "summary_sides": {"spending_ends": _WORDS, "totals": {"income": _WORDS, "spending": _WORDS}, "carry": _WORDS,
                          "carry_opens": _WORDS, "carry_parts": _WORDS},
    },
}


def _validate(value: Any, schema: Any, where: str) -> None:
    """Raise LexiconError unless ``value`` has the shape ``schema`` describes."""
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            raise LexiconError(f"{where}: expected a mapping, found {type(value).__name__}")
        if "*" in schema:
            for k, v in value.items():
                _validate(v, schema["*"], f"{where}.{k}")
            return
        fields = {k.rstrip("?"): (sub, not k.endswith("?")) for k, sub in schema.items()}
        unknown = [k for k in value if k not in fields]
        if unknown:
            raise LexiconError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(fields)})")
        for k, (sub, required) in fields.items():
            if k in value:
                _validate(value[k], sub, f"{where}.{k}")
            elif required:
                raise LexiconError(f"{where}: missing key {k!r}")
    elif isinstance(schema, list):
        if not isinstance(value, list):
            raise LexiconError(f"{where}: expected a list, found {type(value).__name__}")
        for i, v in enumerate(value):
            _validate(v, schema[0], f"{where}[{i}]")
    elif schema is ANY:
        return
    elif schema is WORD:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise LexiconError(f"{where}: expected a word, found {type(value).__name__}")
    elif schema is float:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise LexiconError(f"{where}: expected a number, found {type(value).__name__}")
    elif not isinstance(value, schema) or (schema is int and isinstance(value, bool)):
        raise LexiconError(f"{where}: expected {schema.__name__}, found {type(value).__name__}")


# Tests set this to watch which entries the code reads (tests/test_lexicons.py).
_observe = None


def _load(name: str, schema: str, base: Path) -> dict[str, Any]:
    path = base / name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except LexiconError as e:
        raise LexiconError(f"{path}: {e}") from None
    except (OSError, yaml.YAMLError) as e:
        raise LexiconError(f"{path}: {e}") from None
    if not isinstance(data, dict) or data.get("schema") != schema:
        raise LexiconError(f"{path}: expected 'schema: {schema}'")
    _validate(data, _SCHEMAS[schema], name)
    return _observe(name, data) if _observe else data


@dataclass(frozen=True)
class UnitInfo:
    """A unit: canonical name, dimension and factor to the dimension's base."""

    name: str
    dimension: str
    factor: float


@dataclass
class Lexicons:
    """All vocabulary, loaded and checked."""

    units: dict[str, UnitInfo]  # surface -> unit
    scales: dict[str, float]
    bare_scale_unit: dict[str, str]
    qualifiers_before: dict[str, str]
    qualifiers_not_after: dict[str, list[str]]  # before-qualifier -> characters that make it a word's tail
    qualifiers_inside: dict[str, str]
    qualifiers_after: dict[str, str]
    periods: dict[str, int]
    not_quantities: list[str]
    word_starts: dict[str, str]  # unit surface -> characters that, right after it, make it a word's start
    concepts: dict[str, dict[str, Any]]
    synonyms: dict[str, str]  # phrase -> concept
    project_phrases: dict[str, list[str]]  # concept -> generic words with a project meaning
    min_concept_score: float
    department_level: frozenset[str]  # concepts that are the whole department's figures
    trailing_filler: frozenset[str]  # words between an indicator and its figure
    generic_tails: tuple[str, ...]  # generic words after a specific indicator, in the order tried
    relations: dict[str, Any]
    grades: list[dict[str, Any]]
    scoring: dict[str, Any] = field(default_factory=dict)
    budget: dict[str, Any] = field(default_factory=dict)  # the standard 部门预算/决算 tables
    # noun -> concept: the nouns a count is stated with after its 个 ("包括8个内设机构"), longest first
    counted_nouns: dict[str, str] = field(default_factory=dict)
    # the verbs such a count follows, and the words that make its subject one of the department's units
    counted_verbs: tuple[str, ...] = ()
    counted_sub_units: tuple[str, ...] = ()
    date_words: tuple[str, ...] = ()  # the words of a date after its numbers (2024年12月31日)

    def unit_surfaces(self) -> list[str]:
        """Surfaces longest first, for greedy matching."""
        return sorted(self.units, key=len, reverse=True)

    def unit_words(self, *dimensions: str, scales: bool = True) -> list[str]:
        """The words a figure may be printed with right after it, longest first: the unit surfaces of
        ``dimensions`` (every unit when none is given), and for money (unless ``scales`` is off) the
        scale words that stand for a unit alone (万, 亿)."""
        words = {s for s, u in self.units.items() if not dimensions or u.dimension in dimensions}
        if scales and (not dimensions or "money" in dimensions):
            words |= set(self.bare_scale_unit)
        return sorted(words, key=len, reverse=True)

    def domain_words(self) -> list[str]:
        """Words the segmenter should keep whole (user dictionary)."""
        words = set(self.synonyms)
        for key in ("total", "parts_intro", "change_prior", "increase", "decrease"):
            words.update(self.relations.get(key, []))
        return sorted(w for w in words if 2 <= len(w) <= 12 and '"' not in w)


def _check_units(data: dict[str, Any]) -> dict[str, UnitInfo]:
    out: dict[str, UnitInfo] = {}
    for name, spec in data["units"].items():
        info = UnitInfo(str(name), str(spec["dimension"]), float(spec["factor"]))
        for s in spec["surfaces"]:
            s = str(s)
            if s in out:
                raise LexiconError(f"units.yaml: surface {s!r} belongs to {out[s].name!r} and {name!r}")
            out[s] = info
    return out


@functools.lru_cache(maxsize=4)
def load_lexicons(base: str | None = None) -> Lexicons:
    """Load and validate every lexicon file (cached per directory)."""
    root = Path(base) if base else lexicon_dir()
    units = _load("units.yaml", "units/1", root)
    ind = _load("indicators.yaml", "indicators/1", root)
    rel = _load("relations.yaml", "relations/1", root)
    grades = _load("grades.yaml", "grades/1", root)
    scoring = _load("scoring_rules.yaml", "scoring_rules/1", root)
    budget = _load("budget.yaml", "budget/1", root)

    synonyms: dict[str, str] = {}
    for concept, spec in ind["concepts"].items():
        for s in [concept, *spec["synonyms"]]:
            if s in synonyms and synonyms[s] != concept:
                raise LexiconError(f"indicators.yaml: {s!r} is a synonym of {synonyms[s]!r} and {concept!r}")
            synonyms[s] = concept
    counted: dict[str, str] = {}
    for concept, spec in ind["concepts"].items():
        for w in spec.get("counted", []):
            if w in counted and counted[w] != concept:
                raise LexiconError(f"indicators.yaml: {w!r} is counted for {counted[w]!r} and {concept!r}")
            counted[w] = concept
    q = units["qualifiers"]
    return Lexicons(
        units=_check_units(units),
        scales={str(k): float(v) for k, v in units["scales"].items()},
        bare_scale_unit=dict(units.get("bare_scale_unit", {})),
        qualifiers_before=dict(q["before"]),
        qualifiers_not_after={str(k): [str(c) for c in v] for k, v in (q.get("not_after") or {}).items()},
        qualifiers_inside=dict(q["inside"]),
        qualifiers_after=dict(q["after"]),
        periods={str(k): int(v) for k, v in units["periods"].items()},
        not_quantities=[str(x) for x in units.get("not_quantities", [])],
        date_words=tuple(str(w) for w in units.get("date_words", [])),
        word_starts={str(k): "".join(str(c) for c in v) for k, v in units.get("word_starts", {}).items()},
        concepts=dict(ind["concepts"]),
        synonyms=synonyms,
        project_phrases={str(k): [str(w) for w in v] for k, v in ind.get("project_phrases", {}).items()},
        min_concept_score=float(ind.get("matching", {}).get("min_score", 88)),
        department_level=frozenset(str(w) for w in ind["department_level"]),
        counted_nouns=dict(sorted(counted.items(), key=lambda kv: -len(kv[0]))),
        counted_verbs=tuple(str(w) for w in ind.get("counted_subjects", {}).get("verbs", [])),
        counted_sub_units=tuple(str(w) for w in ind.get("counted_subjects", {}).get("sub_units", [])),
        trailing_filler=frozenset(str(w) for w in ind["trailing_filler"]),
        generic_tails=tuple(str(w) for w in ind["generic_tails"]),
        relations=rel,
        grades=list(grades["bands"]),
        scoring=scoring,
        budget=budget,
    )


def alternation(words) -> str:
    """A regex alternation of lexicon words, longest first so that a longer word
    wins over its prefix (行政全额 before 全额)."""
    import regex

    return "|".join(regex.escape(str(w)) for w in sorted(set(words), key=len, reverse=True))
