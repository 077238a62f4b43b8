"""Quantified targets in the shape target trackers publish: one row per value.

Trackers such as Net Zero Tracker and Climate Policy Radar publish one record per target:
what is measured, the value, the unit, the base year, the deadline, whether it is binding,
and the passage it comes from. :func:`quantitative_targets` turns the goal clauses of the
horizons table (:func:`helpers.horizons.extract_horizons`) into that shape:

* every value of a clause is a row ("decrease by 14.5% and 20.5% respectively" gives two,
  "98 million kilowatts" and "600 billion kWh" two);
* ``metric`` says what is measured, from the analyst-editable
  ``data/lexicons/target_metrics.csv``: the metric a value is a share "of" ("100% of
  drinking water sources"), else the one named nearest before the value in its clause
  (else the first after it); values listed "respectively" take the metrics listed before
  them, in order;
* only goals whose status is current or future, and no clause that reports results (counts
  of cases, fines, "year-on-year", lists of statistics): reported results are left out
  unless asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.horizons import _DEADLINES, HorizonLexicon, _as_lexicon, _quantity_of, _reports_market, _reports_results
from helpers.lexicons import LexiconError, lexicon_path, read_lexicon, split_list

#: Columns of the targets table, in order.
TARGET_COLUMNS = [
    "article_id", "title", "region", "sent_no", "horizon", "target_year", "status", "metric", "metric_label",
    "comparator", "value", "unit", "direction", "percent_change", "baseline_year", "force", "goal_text",
]
#: The comparator a reader says, for the signs the horizons grammar reads.
COMPARATOR_WORDS = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than", "=": "reach",
                    "change": "by"}
_ABOUT = re.compile(r"^\s*(?:about|around|approximately)\b", re.I)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
#: Between a value and the metric it is a share of: "100% of (the) drinking water sources".
_OF_WHAT = re.compile(r"\s+of\s+(?:the\s+|all\s+)?(?:[\w-]+\s+){0,2}", re.I)


@dataclass(frozen=True)
class MetricLexicon:
    """The target metrics of ``target_metrics.csv``: ``table`` (metric, label, phrase, row)
    and the pattern that finds any of their phrases (longest first)."""

    table: pd.DataFrame
    pattern: re.Pattern
    metric_of: dict[str, str]
    label_of: dict[str, str]


def load_target_metrics(path: str | Path | None = None) -> MetricLexicon:
    """Read ``data/lexicons/target_metrics.csv`` (or ``path``).

    Raises:
        LexiconError: a required column is missing or a phrase appears twice; the message
            names the file, the row and the fix.

    >>> lex = load_target_metrics()
    >>> lex.metric_of["carbon dioxide emissions per unit of gdp"], lex.metric_of["forest cover"]
    ('co2_intensity', 'forest_coverage')
    """
    path = Path(path) if path is not None else lexicon_path("target_metrics")
    table = read_lexicon(path, required=["metric", "label", "phrase"], unique=["metric"])
    metric_of: dict[str, str] = {}
    for r in table.itertuples():
        for spelling in split_list(r.phrase):
            key = _fold(spelling)
            if key in metric_of and metric_of[key] != r.metric:
                raise LexiconError(f"{path}, row {r.row}: '{spelling}' is also a phrase of '{metric_of[key]}'. "
                                   "Keep it in one row.")
            metric_of[key] = r.metric
    spellings = sorted({sp for r in table.itertuples() for sp in split_list(r.phrase)}, key=lambda p: (-len(p), p))
    alternation = "|".join(r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", sp))) for sp in spellings)
    pattern = re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])", re.I)
    return MetricLexicon(table, pattern, metric_of, dict(zip(table["metric"], table["label"])))


def _fold(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text.strip().lower())


def quantitative_targets(
    horizons: pd.DataFrame,
    *,
    articles: pd.DataFrame | None = None,
    include_results: bool = False,
    lexicon: HorizonLexicon | str | Path | None = None,
    metrics: MetricLexicon | str | Path | None = None,
) -> pd.DataFrame:
    """One row per quantified target value, traceable to its article and sentence.

    Args:
        horizons: the table from :func:`helpers.horizons.extract_horizons`.
        articles: the corpus' ``articles``, for the ``title`` column (empty without it).
        include_results: also keep values whose status is past or unknown, and clauses that
            report results (cases, fines, "year-on-year", statistics).
        lexicon: the horizon lexicon (for numbers, units and comparators).
        metrics: a :class:`MetricLexicon` or the path of a metrics CSV.

    Returns:
        The :data:`TARGET_COLUMNS`: ``article_id``, ``title``, ``region`` (the row's, see
        ``extract_horizons``), ``sent_no`` (the sentence of the goal clause), ``horizon``,
        ``target_year``, ``status``, ``metric`` and ``metric_label`` (None when no phrase
        of ``target_metrics.csv`` is in the clause), ``comparator`` (at least, more than,
        at most, less than, about, reach, by), ``value``, ``unit``, ``direction``,
        ``percent_change`` (signed, for a change in per cent), ``baseline_year``, ``force``
        and ``goal_text``. Sorted by region, target year, article and reading order.

    >>> from helpers.corpus import parse_article
    >>> from helpers.horizons import extract_horizons
    >>> c = parse_article("By 2025, energy consumption and CO2 emissions per unit of GDP will decrease by "
    ...                   "13.5% and 18% respectively compared with 2020.", captured_on="2024-01-01")
    >>> q = quantitative_targets(extract_horizons(c))
    >>> q[["metric", "value", "percent_change", "baseline_year"]].values.tolist()
    [['energy_intensity', 13.5, -13.5, 2020], ['co2_intensity', 18.0, -18.0, 2020]]
    """
    g = _as_lexicon(lexicon).grammar
    m_lex = metrics if isinstance(metrics, MetricLexicon) else load_target_metrics(metrics)
    rows: list[tuple] = []
    if not horizons.empty:
        h = horizons[horizons["goal_text"].notna()]
        if not include_results:
            h = h[h["status"].isin(["current", "future"])]
        titles = {} if articles is None else dict(zip(articles["article_id"], articles["title"]))
        for r in h.itertuples(index=False):
            goal = r.goal_text
            if not any(ch.isdigit() for ch in goal):
                continue
            if not include_results and (_reports_market(g, goal) or (
                    r.qualifier not in _DEADLINES and _reports_results(g, goal))):
                continue  # a deadline ("by 2025, a total of 500 stations") is a goal, as in the status;
                # a market's price or volume never is
            for metric, m, found in _values(g, m_lex, goal, r.direction):
                cmp, value, unit, change = found
                words = "about" if cmp == "=" and _ABOUT.match(m.group(0)) else COMPARATOR_WORDS.get(cmp or "=", cmp)
                rows.append((
                    r.article_id, titles.get(r.article_id), r.region, r.goal_sent_no, r.horizon, r.target_year,
                    r.status, metric, m_lex.label_of.get(metric) if metric else None, words, value, unit,
                    r.direction, change, r.baseline_year, r.force, goal,
                ))
    out = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    for col in ("sent_no", "target_year", "baseline_year"):
        out[col] = out[col].astype("Int64")
    for col in ("value", "percent_change"):
        out[col] = out[col].astype("Float64")
    out["region"] = out["region"].fillna("unknown")
    return out.sort_values(["region", "target_year", "article_id", "sent_no"], kind="stable",
                           na_position="last").reset_index(drop=True)


#: "energy consumption and CO2 emissions per unit of GDP": the "per unit of GDP" is shared.
_SHARED_PER_UNIT = re.compile(r"\s+per\s+unit\s+of\s+(?:GDP|gross\s+domestic\s+product)$", re.I)


def _named_metrics(m_lex: MetricLexicon, goal: str) -> list[tuple[int, int, str | None]]:
    """(start, end, metric) of every metric phrase in a goal clause, in order; a metric
    joined by "and" to a "... per unit of GDP" one shares that "per unit of GDP"."""
    hits = list(m_lex.pattern.finditer(goal))
    named = [(mm.start(), mm.end(), m_lex.metric_of.get(_fold(mm.group(0)))) for mm in hits]
    for k in range(len(hits) - 1):
        between = goal[hits[k].end():hits[k + 1].start()]
        shared = _SHARED_PER_UNIT.search(hits[k + 1].group(0))
        if between.strip().lower() == "and" and shared:
            intensity = m_lex.metric_of.get(_fold(hits[k].group(0) + shared.group(0)))
            if intensity:
                named[k] = (named[k][0], named[k][1], intensity)
    return named


def _values(g: Any, m_lex: MetricLexicon, goal: str, direction: Any) -> list[tuple[str | None, re.Match, tuple]]:
    """Every quantity in a goal clause with the metric it measures."""
    found = []
    for m in g.quantity.finditer(goal):
        q = _quantity_of(g, m, direction if isinstance(direction, str) else None)
        if q is not None:
            found.append((m, q))
    if not found:
        return []
    named = _named_metrics(m_lex, goal)
    before_first = [metric for s, e, metric in named if e <= found[0][0].start()]
    respective = _RESPECTIVELY.search(goal) and len(dict.fromkeys(before_first)) == len(found) > 1
    out = []
    previous = None
    for k, (m, q) in enumerate(found):
        if q[0] is None and previous is not None and previous[0] == "change" and q[2] == previous[2]:
            # "by 14.5% and 20.5% respectively": a listed value shares the change before it
            sign = 1 if (previous[3] or 0) > 0 else -1 if previous[3] is not None else None
            q = ("change", q[1], q[2], None if sign is None else sign * q[1])
        previous = q
        if respective:
            metric = list(dict.fromkeys(before_first))[k]
        else:
            before = [metric for s, e, metric in named if e <= m.start()]
            after = [(s, metric) for s, e, metric in named if s >= m.end()]
            of_after = next((metric for s, metric in after if _OF_WHAT.fullmatch(goal, m.end(), s)), None)
            # "100% of drinking water sources": the metric the value is "of"; else the one before it
            metric = of_after or (before[-1] if before else (after[0][1] if after else None))
        out.append((metric, m, q))
    return out
