"""Figures for the corpus overview: counts, publication windows, lengths."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure


def count_bars(table: pd.DataFrame, column: str, *, value: str = "articles", title: str | None = None) -> Figure:
    """Horizontal bars of ``value`` per ``column`` from a :func:`helpers.overview.counts_by` table."""
    data = table.iloc[::-1]
    fig = Figure(figsize=(7, max(1.6, 0.35 * len(data) + 1)))
    ax = fig.subplots()
    ax.barh(data[column].astype(str), data[value], color="#3a7d44")
    ax.set_xlabel(value)
    ax.set_title(title or f"{value.capitalize()} per {column}")
    ax.grid(axis="y", visible=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return fig


def publication_windows(articles: pd.DataFrame, *, label: str = "article_id") -> Figure:
    """One horizontal segment per article from ``published_min`` to ``published_max``.

    Articles without a window are listed on the axis and marked "date unknown".
    """
    a = articles.sort_values(["published_max", label], kind="stable", na_position="first").reset_index(drop=True)
    fig = Figure(figsize=(8, max(1.8, 0.4 * len(a) + 1.2)))
    ax = fig.subplots()
    known = a["published_min"].notna()
    for i, row in a.iterrows():
        if known[i]:
            lo, hi = row["published_min"], row["published_max"]
            ax.plot([lo, hi], [i, i], color="#1f5f8b", lw=6, solid_capstyle="butt")
            if lo == hi:
                ax.plot([lo], [i], "o", color="#1f5f8b")
    if (~known).any():
        anchor = a.loc[known, "published_min"].min() if known.any() else pd.Timestamp("2024-01-01")
        for i in a.index[~known]:
            ax.text(anchor, i, "date unknown", va="center", fontsize=8, color="#888888")
    ax.set_yticks(range(len(a)), [str(x)[:45] for x in a[label]])
    ax.set_ylim(-0.7, len(a) - 0.3)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_title("Publication windows (from release time and capture date)")
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


def length_bars(lengths: pd.DataFrame, *, measures: tuple[str, ...] = ("words", "sentences", "words_per_sentence")) -> Figure:
    """Small multiples: one bar chart per measure of a :func:`helpers.overview.length_table`."""
    fig = Figure(figsize=(4 * len(measures), max(2.2, 0.35 * lengths["article_id"].nunique() + 1.2)))
    axes = fig.subplots(1, len(measures), sharey=True, squeeze=False)[0]
    for ax, measure in zip(axes, measures):
        data = lengths[lengths["measure"] == measure].sort_values("article_id", ascending=False, kind="stable")
        ax.barh([str(x)[:30] for x in data["article_id"]], data["value"], color="#8c6d31")
        ax.set_title(measure.replace("_", " "))
        ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig
