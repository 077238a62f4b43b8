"""Figures for themes: region x theme heatmap, theme shares per article, theme strips.

Each function draws a table that :mod:`helpers.themes` returned (:func:`theme_scores`,
:func:`dominant_theme`, :func:`topic_model`); none of them matches or counts anything.
Every theme keeps one colour in every figure (:data:`THEME_COLORS`).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers.plots.corpus import MAX_ROWS, article_labels

#: One fixed colour per theme (tab20 order), so a theme looks the same in every figure.
THEME_COLORS: dict[str, str] = {
    "carbon_climate": "#1f77b4",
    "energy_transition": "#ff7f0e",
    "air": "#aec7e8",
    "water": "#17becf",
    "soil_waste": "#8c564b",
    "ecosystem_biodiversity": "#2ca02c",
    "risk_safety": "#d62728",
    "green_industry_finance": "#98df8a",
    "transport": "#9467bd",
    "urban_rural": "#c5b0d5",
    "governance_law": "#7f7f7f",
    "science_digital": "#e377c2",
    "public_participation": "#ffbb78",
    "party_leadership": "#ff9896",
    "regional_cooperation": "#bcbd22",
    "international_cooperation": "#dbdb8d",
}
_NONE_COLOR = "#f0f0f0"
_FALLBACK = ("#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#5254a3", "#8ca252", "#bd9e39")


def theme_color(theme: str, themes: Sequence[str] = ()) -> str:
    """The colour of ``theme``: fixed for the standard themes, else by position in ``themes``."""
    if theme in THEME_COLORS:
        return THEME_COLORS[theme]
    extra = [t for t in themes if t not in THEME_COLORS]
    i = extra.index(theme) if theme in extra else 0
    return _FALLBACK[i % len(_FALLBACK)]


def _label(theme: str) -> str:
    return theme.replace("_", " ")


def _unit_column(table: pd.DataFrame) -> str:
    for col in ("region", "article_id"):
        if col in table.columns:
            return col
    raise ValueError("the table has neither a 'region' nor an 'article_id' column")


def theme_heatmap(
    scores: pd.DataFrame,
    *,
    value: str = "per_1k_words",
    index: str | None = None,
    title: str | None = None,
    fmt: str = "{:.1f}",
) -> Figure:
    """Heatmap of units (regions or articles) x themes from a :func:`theme_scores` table.

    Args:
        scores: a region- or article-level :func:`helpers.themes.theme_scores` table.
        value: the column to show (``per_1k_words``, ``share``, ``hits``, ``score``).
        index: the row column (default ``region`` if present, else ``article_id``).
        title: the figure title.
        fmt: format of the numbers written in the cells (empty cells for zero).

    Returns:
        A Figure with one row per unit and one column per theme, in table order.
    """
    index = index or _unit_column(scores)
    themes = list(dict.fromkeys(scores["theme"]))
    units = list(dict.fromkeys(scores[index].astype(str)))
    grid = (
        scores.assign(_u=scores[index].astype(str))
        .pivot_table(index="_u", columns="theme", values=value, aggfunc="sum", sort=False)
        .reindex(index=units, columns=themes)
        .fillna(0.0)
    )
    data = grid.to_numpy(dtype=float)
    fig = Figure(figsize=(max(7.0, 0.55 * len(themes) + 2.5), max(2.0, 0.45 * len(units) + 2.2)))
    ax = fig.subplots()
    vmax = data.max() if data.size and data.max() > 0 else 1.0
    im = ax.imshow(data, cmap="YlGn", aspect="auto", vmin=0, vmax=vmax)
    ax.set_xticks(range(len(themes)), [_label(t) for t in themes], rotation=50, ha="right")
    ax.set_yticks(range(len(units)), [u[:40] for u in units])
    ax.grid(False)
    for i in range(data.shape[0]):
        for j in range(data.shape[1]):
            if data[i, j] > 0:
                ax.text(j, i, fmt.format(data[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if data[i, j] > 0.6 * vmax else "#222222")
    fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02, label=value.replace("_", " "))
    ax.set_title(title or f"Themes per {index.replace('_', ' ')} ({value.replace('_', ' ')})")
    fig.tight_layout()
    return fig


def theme_share_bars(
    scores: pd.DataFrame,
    *,
    index: str | None = None,
    title: str | None = None,
    articles: pd.DataFrame | None = None,
    max_rows: int = MAX_ROWS,
) -> Figure:
    """Stacked horizontal bars: each unit's theme shares (from a :func:`theme_scores` table).

    Args:
        scores: an article- or region-level :func:`helpers.themes.theme_scores` table.
        index: the bar column (default ``region`` if present, else ``article_id``).
        title: the figure title.
        articles: the corpus' articles table: bars of articles are labelled with region
            and title, and more than ``max_rows`` articles are drawn as one bar per region
            (the theme hits of its articles added up), which the title says.
        max_rows: bars drawn at most; past it, per region (with ``articles``) or the
            ``max_rows`` units with the most hits.

    Returns:
        A Figure with one bar per unit (first unit on top) summing to 1 (0 for a unit
        without hits), segments in theme order, and a legend of the themes present.
    """
    index = index or _unit_column(scores)
    names: dict[str, str] = {}
    note = ""
    if index == "article_id" and articles is not None:
        names = article_labels(articles)
        if scores["article_id"].nunique() > max_rows:
            region = articles.set_index("article_id")["region"].astype(str)
            n = scores["article_id"].nunique()
            scores = (scores.assign(region=scores["article_id"].map(region).fillna("unknown"))
                      .groupby(["region", "theme"], sort=False, as_index=False)["hits"].sum())
            scores["share"] = scores["hits"] / scores.groupby("region")["hits"].transform("sum").where(lambda t: t > 0)
            scores = scores.fillna({"share": 0.0}).sort_values("region", kind="stable")
            index, names, note = "region", {}, f" per region ({n:,} articles, added up by region)"
    units = list(dict.fromkeys(scores[index].astype(str)))
    if len(units) > max_rows:
        hits = scores.groupby(scores[index].astype(str))["hits"].sum() if "hits" in scores else None
        keep = set(hits.nlargest(max_rows).index) if hits is not None else set(units[:max_rows])
        note = note or f" (the {max_rows} of {len(units):,} with the most theme hits)"
        units = [u for u in units if u in keep]
        scores = scores[scores[index].astype(str).isin(keep)]
    themes = list(dict.fromkeys(scores["theme"]))
    grid = (
        scores.assign(_u=scores[index].astype(str))
        .pivot_table(index="_u", columns="theme", values="share", aggfunc="sum", sort=False)
        .reindex(index=units, columns=themes)
        .fillna(0.0)
    )
    n_present = int((grid.sum(axis=0) > 0).sum())
    legend_rows = -(-n_present // 4)
    fig = Figure(figsize=(10.0, 0.32 * len(units) + 1.4 + 0.22 * legend_rows))
    ax = fig.subplots()
    y = np.arange(len(units))[::-1]
    left = np.zeros(len(units))
    present = []
    for theme in themes:
        w = grid[theme].to_numpy(dtype=float)
        if w.sum() <= 0:
            continue
        present.append(theme)
        ax.barh(y, w, left=left, color=theme_color(theme, themes), edgecolor="white", linewidth=0.5,
                label=_label(theme))
        left += w
    ax.set_yticks(y, [names.get(u, u[:48]) for u in units], fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the unit's theme hits")
    ax.grid(axis="y", visible=False)
    if present:
        fig.legend(loc="lower center", ncol=4, fontsize=8, frameon=False)
    ax.set_title((title or "Theme shares") + note)
    fig.tight_layout(rect=(0, 0.22 * legend_rows / fig.get_figheight() + 0.02, 1, 1))
    return fig


def theme_strip(
    dominant: pd.DataFrame,
    *,
    label: str = "article_id",
    title: str | None = None,
    themes: Sequence[str] | None = None,
    articles: pd.DataFrame | None = None,
    max_rows: int = MAX_ROWS,
) -> Figure:
    """The dominant theme of each paragraph, in reading order, one strip per article.

    Args:
        dominant: a paragraph-level :func:`helpers.themes.dominant_theme` table
            (``article_id``, ``para_no``, ``theme``, ``share``).
        label: the column naming each strip.
        title: the figure title.
        themes: theme order for the legend (default: order of first appearance).
        articles: the corpus' articles table, to label strips with region and title.
        max_rows: strips drawn at most; more articles are drawn as where each theme
            comes in an article: for each tenth of an article's paragraphs, the share of
            paragraphs whose dominant theme it is.

    Returns:
        A Figure: one row per article, one cell per paragraph (left to right), coloured
        by the paragraph's dominant theme; grey for paragraphs without hits.
    """
    d = dominant.sort_values(["article_id", "para_no"], kind="stable")
    order = list(themes) if themes is not None else [t for t in dict.fromkeys(d["theme"]) if t is not None and t == t]
    if d["article_id"].nunique() > max_rows:
        return _theme_positions(d, order, title=title)
    names = article_labels(articles) if articles is not None and label == "article_id" else {}
    articles_ = list(dict.fromkeys(d[label].astype(str)))
    codes = {t: i + 1 for i, t in enumerate(order)}
    width = int(d.groupby(label).size().max()) if len(d) else 1
    grid = np.full((len(articles_), width), np.nan)
    for r, (name, g) in enumerate(d.groupby(d[label].astype(str), sort=False)):
        vals = [codes.get(t, 0) if isinstance(t, str) else 0 for t in g["theme"]]
        grid[articles_.index(name), : len(vals)] = vals
    colors = [_NONE_COLOR] + [theme_color(t, order) for t in order]
    cmap = ListedColormap(colors).with_extremes(bad="white")
    fig = Figure(figsize=(max(7.0, 0.3 * width + 6.0), max(1.6, 0.4 * len(articles_) + 1.4)))
    ax = fig.subplots()
    ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=-0.5, vmax=len(colors) - 0.5, aspect="auto")
    ax.set_yticks(range(len(articles_)), [names.get(a, a[:40]) for a in articles_], fontsize=8)
    step = max(1, width // 20)
    ax.set_xticks(range(0, width, step), [str(i + 1) for i in range(0, width, step)])
    ax.set_xlabel("paragraph (in reading order)")
    ax.set_xticks(np.arange(-0.5, width, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(articles_), 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="minor", length=0)
    used = [t for t in order if (grid == codes[t]).any()]
    handles = [Patch(color=theme_color(t, order), label=_label(t)) for t in used]
    if (grid == 0).any():
        handles.append(Patch(color=_NONE_COLOR, label="no theme"))
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.set_title(title or "Dominant theme of each paragraph")
    fig.tight_layout()
    return fig


def _theme_positions(d: pd.DataFrame, order: list[str], *, title: str | None) -> Figure:
    """Stacked bars: for each tenth of the articles' paragraphs, the share of paragraphs
    each theme dominates (grey: no theme)."""
    rank = d.groupby("article_id").cumcount()
    size = d.groupby("article_id")["para_no"].transform("size")
    tenth = np.minimum((rank * 10 // size).to_numpy(), 9)
    theme = d["theme"].where(d["theme"].isin(order), "no theme")
    shares = pd.crosstab(tenth, theme.to_numpy(), normalize="index")
    fig = Figure(figsize=(10, 4.2))
    ax = fig.subplots()
    bottom = np.zeros(len(shares))
    for t in [t for t in order if t in shares.columns] + (["no theme"] if "no theme" in shares.columns else []):
        v = shares[t].to_numpy()
        ax.bar(shares.index, v, bottom=bottom, color=_NONE_COLOR if t == "no theme" else theme_color(t, order),
               edgecolor="white", linewidth=0.5, label=_label(t) if t != "no theme" else t)
        bottom += v
    ax.set_xticks(range(10), [f"{10 * i}-{10 * i + 10}%" for i in range(10)], fontsize=8)
    ax.set_xlabel("position in the article (tenths of its paragraphs)")
    ax.set_ylabel("share of paragraphs")
    ax.set_ylim(0, 1)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    n = d["article_id"].nunique()
    ax.set_title(title or f"Where each theme comes in an article ({n:,} articles, dominant theme of each paragraph)")
    fig.tight_layout()
    return fig


def topic_bars(
    topics: pd.DataFrame,
    topic_themes: pd.DataFrame | None = None,
    *,
    n_terms: int = 8,
    ncols: int = 4,
) -> Figure:
    """Small multiples of each NMF topic's top terms (from :func:`helpers.themes.topic_model`).

    Args:
        topics: the ``topics`` table (``topic``, ``rank``, ``term``, ``weight``).
        topic_themes: the ``topic_themes`` table; when given, each panel is titled with the
            closest theme and coloured with its colour.
        n_terms: terms per panel.
        ncols: panels per row.

    Returns:
        A Figure with one bar chart per topic.
    """
    ids = sorted(topics["topic"].unique())
    ncols = max(1, min(ncols, len(ids)))
    nrows = max(1, -(-len(ids) // ncols))
    fig = Figure(figsize=(3.2 * ncols, 2.4 * nrows))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    theme_of = {}
    if topic_themes is not None:
        theme_of = dict(zip(topic_themes["topic"], topic_themes["theme"]))
    for ax, t in zip(axes, ids):
        g = topics[topics["topic"] == t].sort_values("rank").head(n_terms).iloc[::-1]
        theme = theme_of.get(t)
        color = theme_color(theme) if isinstance(theme, str) else "#888888"
        ax.barh(g["term"].astype(str), g["weight"], color=color)
        ax.set_title(f"topic {t}" + (f" ~ {_label(theme)}" if isinstance(theme, str) else ""), fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(axis="y", visible=False)
    for ax in axes[len(ids):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig
