"""Figures for the corpus overview: counts, publication windows, lengths.

A figure with one row per article reads well up to :data:`MAX_ROWS` articles; past that
the same question is answered by an aggregate (articles per quarter, a histogram of
lengths), and the title says how many articles it covers.
"""

from __future__ import annotations

from typing import Mapping

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from helpers.plots._layout import titled_layout

#: Articles drawn one row each at most; larger corpora get an aggregate figure.
MAX_ROWS = 40
_BLUE, _GREY, _BROWN = "#1f5f8b", "#9bb7cc", "#8c6d31"


def article_labels(articles: pd.DataFrame, *, width: int = 48) -> dict[str, str]:
    """A readable label per ``article_id``: "Region · title", cut at ``width`` characters.

    >>> a = pd.DataFrame({"article_id": ["001"], "region": ["Hubei"],
    ...                   "title": ["Hubei releases its plan for the Yangtze shoreline restoration"]})
    >>> article_labels(a, width=30)
    {'001': 'Hubei · Hubei releases its pl…'}
    """
    labels = {}
    for row in articles.itertuples(index=False):
        region = getattr(row, "region", None)
        title = getattr(row, "title", None)
        text = " · ".join(str(x) for x in (region, title) if isinstance(x, str) and x) or str(row.article_id)
        labels[str(row.article_id)] = text if len(text) <= width else text[: width - 1].rstrip() + "…"
    return labels


def count_bars(table: pd.DataFrame, column: str, *, value: str = "articles", title: str | None = None) -> Figure:
    """Horizontal bars of ``value`` per ``column`` from a :func:`helpers.overview.counts_by` table."""
    data = table.iloc[::-1]
    fig = Figure(figsize=(7, max(1.6, 0.3 * len(data) + 1)))
    ax = fig.subplots()
    ax.barh(data[column].astype(str), data[value], color="#3a7d44")
    ax.set_xlabel(value)
    ax.set_title(title or f"{value.capitalize()} per {column}")
    ax.grid(axis="y", visible=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return fig


def publication_windows(articles: pd.DataFrame, *, max_rows: int = MAX_ROWS) -> Figure:
    """When the articles were published.

    Up to ``max_rows`` articles: one segment per article from ``published_min`` to
    ``published_max``, labelled with its region and title; articles without a window are
    listed and marked "date unknown". More articles: bars of articles per quarter, by the
    middle of each window, split into windows within one quarter and wider ones (whose
    quarter is a guess); the title counts the undated.
    """
    if articles["published_min"].isna().all():
        fig = Figure(figsize=(7, 1.6))
        ax = fig.subplots()
        ax.set_axis_off()
        ax.text(0.5, 0.5, f"None of the {len(articles):,} articles could be dated (no release time, date line "
                "or capture date)", ha="center", va="center", fontsize=9, wrap=True)
        ax.set_title("Publication windows")
        return fig
    if len(articles) > max_rows:
        return _publication_quarters(articles)
    a = articles.sort_values(["published_max", "article_id"], kind="stable", na_position="first").reset_index(drop=True)
    labels = article_labels(a)
    fig = Figure(figsize=(9, max(1.8, 0.32 * len(a) + 1.2)))
    ax = fig.subplots()
    known = a["published_min"].notna()
    for i, row in a.iterrows():
        if known[i]:
            lo, hi = row["published_min"], row["published_max"]
            ax.plot([lo, hi], [i, i], color=_BLUE, lw=6, solid_capstyle="butt")
            if lo == hi:
                ax.plot([lo], [i], "o", color=_BLUE)
    if (~known).any():
        anchor = a.loc[known, "published_min"].min() if known.any() else pd.Timestamp("2024-01-01")
        for i in a.index[~known]:
            ax.text(anchor, i, "date unknown", va="center", fontsize=8, color="#888888")
    ax.set_yticks(range(len(a)), [labels[str(x)] for x in a["article_id"]], fontsize=8)
    ax.set_ylim(-0.7, len(a) - 0.3)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_title("Publication windows (from every date clue on the page and the capture date)")
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


def _publication_quarters(articles: pd.DataFrame) -> Figure:
    lo, hi = articles["published_min"], articles["published_max"]
    known = lo.notna() & hi.notna()
    mid = (lo[known] + (hi[known] - lo[known]) / 2).dt.to_period("Q")
    narrow = ((hi[known] - lo[known]).dt.days <= 92).to_numpy()
    span = pd.period_range(mid.min(), mid.max(), freq="Q") if len(mid) else pd.PeriodIndex([], freq="Q")
    precise = mid[narrow].value_counts().reindex(span, fill_value=0)
    wide = mid[~narrow].value_counts().reindex(span, fill_value=0)
    fig = Figure(figsize=(9, 3.6))
    ax = fig.subplots()
    x = np.arange(len(span))
    ax.bar(x, precise.to_numpy(), color=_BLUE, label="window within a quarter")
    ax.bar(x, wide.to_numpy(), bottom=precise.to_numpy(), color=_GREY, label="wider window (its middle)")
    step = max(1, len(span) // 12)
    ax.set_xticks(x[::step], [str(p) for p in span[::step]], rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("articles")
    undated = int((~known).sum())
    ax.set_title(f"Publication quarter of {int(known.sum()):,} dated articles"
                 + (f" ({undated:,} undated, not drawn)" if undated else ""))
    ax.legend(fontsize=8, frameon=False)
    ax.grid(axis="x", visible=False)
    fig.tight_layout()
    return fig


def length_bars(
    lengths: pd.DataFrame,
    *,
    measures: tuple[str, ...] = ("words", "sentences", "words_per_sentence"),
    labels: Mapping[str, str] | None = None,
    max_rows: int = MAX_ROWS,
) -> Figure:
    """Small multiples, one panel per measure of a :func:`helpers.overview.length_table`:
    a bar per article (labelled by ``labels``, e.g. :func:`article_labels`) up to
    ``max_rows`` articles, else a histogram with the median marked."""
    n = lengths["article_id"].nunique()
    if n > max_rows:
        fig = Figure(figsize=(4 * len(measures), 3.2))
        axes = fig.subplots(1, len(measures), squeeze=False)[0]
        for ax, measure in zip(axes, measures):
            values = lengths.loc[lengths["measure"] == measure, "value"].dropna()
            ax.hist(values, bins=30, color=_BROWN)
            if len(values):
                ax.axvline(values.median(), color="black", lw=1)
                ax.text(values.median(), ax.get_ylim()[1] * 0.95, f" median {values.median():,.0f}", fontsize=8, va="top")
            ax.set_title(measure.replace("_", " "))
            ax.set_ylabel("articles" if ax is axes[0] else "")
            ax.grid(axis="x", visible=False)
        titled_layout(fig, f"Lengths of {n:,} articles")
        return fig
    names = dict(labels or {})
    fig = Figure(figsize=(4 * len(measures) + 2, max(2.2, 0.3 * n + 1.2)))
    axes = fig.subplots(1, len(measures), sharey=True, squeeze=False)[0]
    for ax, measure in zip(axes, measures):
        data = lengths[lengths["measure"] == measure].sort_values("article_id", ascending=False, kind="stable")
        ax.barh([names.get(str(x), str(x)) for x in data["article_id"]], data["value"], color=_BROWN)
        ax.set_title(measure.replace("_", " "))
        ax.tick_params(axis="y", labelsize=8)
        ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig
