"""Figures for keyword frequency: word clouds, bar charts, distinctive terms.

Each function draws a table that :mod:`helpers.keywords` returned (choose the rows first,
e.g. with :func:`helpers.keywords.top_ngrams`); none of them counts anything.

Word clouds are deterministic: each figure builds a fresh ``WordCloud`` with a fixed
``random_state``, fed a dictionary ordered by (descending count, term), and draws with
the DroidSansMono font that ships inside the ``wordcloud`` package, so the picture does
not depend on the fonts of the machine. Phrases stay whole because the cloud is drawn
from frequencies, not from raw text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.plots._layout import titled_layout
def _font_path() -> str:
    """The DroidSansMono font file bundled with the wordcloud package."""
    import wordcloud

    return str(Path(wordcloud.__file__).resolve().parent / "DroidSansMono.ttf")


_N_LABEL = {1: "words", 2: "bigrams", 3: "trigrams"}
_POS = "#2e7d4f"
_NEG = "#9c6b30"


def _frequencies(freqs: pd.DataFrame | pd.Series | Mapping[str, float], *, label: str, value: str) -> dict[str, float]:
    """A dict ordered by (descending value, term)."""
    if isinstance(freqs, pd.DataFrame):
        if "group" in freqs.columns and freqs["group"].nunique() > 1:
            raise ValueError("the table holds several groups; filter one, or use wordcloud_grid")
        items = zip(freqs[label].astype(str), freqs[value].astype(float))
    elif isinstance(freqs, pd.Series):
        items = zip(freqs.index.astype(str), freqs.astype(float))
    else:
        items = ((str(k), float(v)) for k, v in freqs.items())
    merged: dict[str, float] = {}
    for k, v in items:
        if v > 0:
            merged[k] = merged.get(k, 0.0) + v
    return dict(sorted(merged.items(), key=lambda kv: (-kv[1], kv[0])))


def _cloud_image(freqs: dict[str, float], *, random_state: int, max_words: int, width: int, height: int,
                 colormap: str) -> np.ndarray:
    from wordcloud import WordCloud

    top = dict(list(freqs.items())[:max_words])
    wc = WordCloud(
        font_path=_font_path(),
        width=width,
        height=height,
        background_color="white",
        max_words=max_words,
        random_state=random_state,
        colormap=colormap,
        prefer_horizontal=0.9,
        relative_scaling=0.5,
        margin=2,
        min_font_size=6,
    )
    return wc.generate_from_frequencies(top).to_array()


def _draw_cloud(ax, freqs: dict[str, float], *, title: str | None, **kw) -> None:
    if freqs:
        ax.imshow(_cloud_image(freqs, **kw), interpolation="bilinear")
    else:
        ax.text(0.5, 0.5, "no terms", ha="center", va="center", color="#888888", transform=ax.transAxes)
    ax.set_axis_off()
    if title:
        ax.set_title(title)


def wordcloud_figure(
    freqs: pd.DataFrame | pd.Series | Mapping[str, float],
    *,
    random_state: int = 0,
    max_words: int = 80,
    title: str | None = None,
    label: str = "ngram",
    value: str = "count",
    width: int = 800,
    height: int = 400,
    colormap: str = "viridis",
    figsize: tuple[float, float] = (8.0, 4.2),
) -> Figure:
    """A word cloud drawn from frequencies; phrases stay whole.

    Args:
        freqs: a counts table (one group; columns ``label`` and ``value``), a Series
            indexed by term, or a mapping term -> frequency.
        random_state: seed of the cloud layout.
        max_words: the most frequent terms drawn (ties broken alphabetically).
        title: the figure title.
        label, value: the columns of a table to draw.
        width, height: the cloud's size in pixels.
        colormap: a matplotlib colormap name for the words.
        figsize: figure size in inches.

    Returns:
        A matplotlib Figure.

    Raises:
        ValueError: the table holds more than one group.
    """
    data = _frequencies(freqs, label=label, value=value)
    fig = Figure(figsize=figsize)
    ax = fig.subplots()
    _draw_cloud(ax, data, title=title, random_state=random_state, max_words=max_words, width=width,
                height=height, colormap=colormap)
    fig.tight_layout()
    return fig


def wordcloud_grid(
    counts: pd.DataFrame,
    *,
    group: str = "group",
    ncols: int = 2,
    random_state: int = 0,
    max_words: int = 60,
    label: str = "ngram",
    value: str = "count",
    width: int = 600,
    height: int = 360,
    colormap: str = "viridis",
    panel_size: tuple[float, float] = (6.0, 3.4),
    title: str | None = None,
) -> Figure:
    """One word cloud per group, side by side (groups in sorted order).

    Every panel gets a fresh ``WordCloud`` with the same ``random_state``.

    Args:
        counts: a counts table with a ``group`` column (e.g. ``ngram_counts(by="region")``
            filtered to the n-grams to show).
        group: the column holding the groups.
        ncols: panels per row.
        random_state, max_words, label, value, width, height, colormap: as in
            :func:`wordcloud_figure`.
        panel_size: inches per panel.
        title: the figure title (say which groups are drawn when some are left out).

    Returns:
        A matplotlib Figure.
    """
    groups = sorted(counts[group].astype(str).unique())
    n = max(1, len(groups))
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    fig = Figure(figsize=(panel_size[0] * ncols, panel_size[1] * nrows))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for ax, g in zip(axes, groups):
        sub = counts[counts[group].astype(str) == g]
        data = _frequencies(sub.drop(columns=[group]), label=label, value=value)
        _draw_cloud(ax, data, title=g, random_state=random_state, max_words=max_words, width=width,
                    height=height, colormap=colormap)
    for ax in axes[len(groups):]:
        ax.set_axis_off()
    if not groups:
        axes[0].text(0.5, 0.5, "no terms", ha="center", va="center", color="#888888", transform=axes[0].transAxes)
    titled_layout(fig, title, fontsize=11)
    return fig


def bar_figure(
    counts: pd.DataFrame,
    *,
    value: str = "count",
    label: str = "ngram",
    rows: str | None = "group",
    cols: str | None = "n",
    title: str | None = None,
    panel_size: tuple[float, float | None] = (4.2, None),
    label_width: int = 32,
    names: Mapping[str, str] | None = None,
) -> Figure:
    """Horizontal bars, one panel per (row value, column value), for people who read
    numbers better than clouds.

    Bars are drawn in the table's order, first row on top (so pass a table sorted by
    descending count, e.g. from :func:`helpers.keywords.top_ngrams`).

    Args:
        counts: the rows to draw.
        value: the bar length column (``count`` or ``per_10k``).
        label: the bar label column.
        rows: the column that splits panels into rows (None: one row).
        cols: the column that splits panels into columns (None: one column); ``n`` is
            titled "words", "bigrams", "trigrams".
        title: the figure title.
        panel_size: (width, height) per panel in inches; the height defaults to fit the
            longest panel.
        label_width: labels longer than this are shortened with an ellipsis.
        names: a readable name per row value for the panel titles, e.g.
            :func:`helpers.plots.corpus.article_labels` for panels of articles.

    Returns:
        A matplotlib Figure.
    """
    t = counts.reset_index(drop=True)
    names = dict(names or {})
    row_vals = sorted(t[rows].astype(str).unique()) if rows else [None]
    col_vals = sorted(t[cols].unique()) if cols else [None]
    if not len(t):
        row_vals, col_vals = [None], [None]

    def part(r, c):
        mask = np.ones(len(t), dtype=bool)
        if r is not None:
            mask &= (t[rows].astype(str) == r).to_numpy()
        if c is not None:
            mask &= (t[cols] == c).to_numpy()
        return t[mask]

    longest = max((len(part(r, c)) for r in row_vals for c in col_vals), default=1)
    width, height = panel_size[0], panel_size[1] or max(1.6, 0.24 * longest + 0.9)
    fig = Figure(figsize=(width * len(col_vals), height * len(row_vals)))
    axes = fig.subplots(len(row_vals), len(col_vals), squeeze=False)
    for i, r in enumerate(row_vals):
        for j, c in enumerate(col_vals):
            ax = axes[i][j]
            sub = part(r, c)
            labels = [s if len(s) <= label_width else s[: label_width - 1] + "…" for s in sub[label].astype(str)]
            y = np.arange(len(sub))[::-1]
            ax.barh(y, sub[value].to_numpy(), color=_POS)
            ax.set_yticks(y, labels, fontsize=8)
            ax.set_ylim(-0.6, max(len(sub), 1) - 0.4)
            ax.grid(axis="y", visible=False)
            bits = []
            if r is not None:
                shown = names.get(str(r), str(r))
                bits.append(shown if len(shown) <= 2 * label_width else shown[: 2 * label_width - 1] + "…")
            if c is not None:
                bits.append(_N_LABEL.get(int(c), f"{int(c)}-grams") if cols == "n" else str(c))
            ax.set_title(" · ".join(bits), fontsize=10)
            if not len(sub):
                ax.text(0.5, 0.5, "none", ha="center", va="center", color="#888888", transform=ax.transAxes)
            if i == len(row_vals) - 1:
                ax.set_xlabel(value.replace("_", " "))
            if value == "count":
                ax.xaxis.get_major_locator().set_params(integer=True)
    titled_layout(fig, title)
    return fig


def distinctive_figure(
    table: pd.DataFrame,
    *,
    group: str = "group",
    label: str = "ngram",
    value: str = "z",
    ncols: int = 2,
    title: str | None = "Distinctive terms: z-score of the weighted log-odds, each group against the rest",
    panel_size: tuple[float, float | None] = (4.8, None),
    label_width: int = 30,
) -> Figure:
    """A diverging bar chart per group: terms the group uses more than the rest to the
    right (positive z), terms the rest uses more to the left.

    Args:
        table: rows to draw, e.g. :func:`helpers.keywords.top_distinctive`.
        group: the column holding the groups (one panel each, in sorted order).
        label: the term column.
        value: the bar length column (``z`` or ``log_odds``).
        ncols: panels per row.
        title: the figure title.
        panel_size: (width, height) per panel; the height defaults to fit the longest panel.
        label_width: labels longer than this are shortened with an ellipsis.

    Returns:
        A matplotlib Figure.
    """
    groups = sorted(table[group].astype(str).unique()) or ["(none)"]
    ncols = max(1, min(ncols, len(groups)))
    nrows = int(np.ceil(len(groups) / ncols))
    longest = max((int((table[group].astype(str) == g).sum()) for g in groups), default=1)
    width, height = panel_size[0], panel_size[1] or max(1.8, 0.24 * longest + 1.0)
    fig = Figure(figsize=(width * ncols, height * nrows))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    lim = float(np.nanmax(np.abs(table[value].to_numpy(dtype=float)))) if len(table) else 1.0
    lim = lim * 1.08 if lim > 0 else 1.0
    for ax, g in zip(axes, groups):
        sub = table[table[group].astype(str) == g].sort_values(value, ascending=True, kind="stable")
        vals = sub[value].to_numpy(dtype=float)
        y = np.arange(len(sub))
        ax.barh(y, vals, color=[_POS if v > 0 else _NEG for v in vals])
        labels = [s if len(s) <= label_width else s[: label_width - 1] + "…" for s in sub[label].astype(str)]
        ax.set_yticks(y, labels, fontsize=8)
        ax.axvline(0, color="#333333", lw=0.8)
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-0.6, max(len(sub), 1) - 0.4)
        ax.grid(axis="y", visible=False)
        ax.set_title(f"{g}  (right: {g} more; left: the rest more)", fontsize=9)
        ax.set_xlabel(value.replace("_", " "))
    for ax in axes[len(groups):]:
        ax.set_axis_off()
    titled_layout(fig, title, fontsize=10)
    return fig
