"""Figures for target horizons: the timeline of staged goals and the themes x horizons matrix.

Both take the tables the helpers in :mod:`helpers.horizons` return and never recompute them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from helpers.lexicons import NO_REGION
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

#: Marker colours by status.
STATUS_COLORS = {"past": "#9e9e9e", "current": "#e08214", "future": "#1b7837", None: "#6a3d9a"}


def _decimal_year(ts: pd.Series) -> np.ndarray:
    ts = pd.to_datetime(ts)
    return (ts.dt.year + (ts.dt.day_of_year - 1) / 365.25).to_numpy(dtype=float)


def horizon_timeline(
    summary: pd.DataFrame,
    *,
    articles: pd.DataFrame | None = None,
    title: str = "Target horizons by region",
    size_per_goal: float = 40.0,
) -> Figure:
    """Timeline of horizons: year axis, one lane per region, marker size = goal count.

    Args:
        summary: a :func:`helpers.horizons.horizon_summary` table (one row per horizon with
            ``region``, ``year_start``, ``year_end``, ``target_year``, ``status``, ``goals``,
            ``horizon``).
        articles: the corpus ``articles`` table; each article's publication window
            (``published_min``..``published_max``) is drawn as a black bar in its region's lane.
        title: the figure title.
        size_per_goal: marker area per goal clause (a horizon without goals gets one unit).

    Returns:
        A matplotlib Figure. Ranges (2021-2025, plan periods) are drawn as a line from
        first to last year with the marker at the last; colours give the status. Horizons
        without resolved years are left out (they stay in the table).
    """
    s = summary.dropna(subset=["target_year"]) if not summary.empty else summary
    lanes = sorted(set(s["region"].fillna(NO_REGION)) if not s.empty else set())
    if articles is not None and not articles.empty:
        lanes = sorted(set(lanes) | set(articles["region"].fillna(NO_REGION)))
    fig = Figure(figsize=(9, max(2.4, 1.2 * len(lanes) + 1.4)))
    ax = fig.subplots()
    pos = {lane: i for i, lane in enumerate(lanes)}
    if not s.empty:
        s = s.assign(region=s["region"].fillna(NO_REGION))
        for row in s.sort_values(["region", "target_year", "horizon"], kind="stable").itertuples():
            y = pos[row.region]
            color = STATUS_COLORS.get(row.status, STATUS_COLORS[None])
            ys, ye = float(row.year_start), float(row.year_end)
            if ye > ys:
                ax.plot([ys, ye], [y, y], color=color, lw=3, alpha=0.6, solid_capstyle="butt")
            area = size_per_goal * max(int(row.goals), 1)
            ax.scatter([ye], [y], s=area, color=color, alpha=0.75, edgecolor="white", zorder=3)
            ax.annotate(f"{row.horizon}\n{int(row.goals)} goals", (ye, y), xytext=(0, 11 + np.sqrt(area) / 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=8)
    if articles is not None and not articles.empty:
        a = articles.dropna(subset=["published_min", "published_max"])
        if not a.empty:
            lo, hi = _decimal_year(a["published_min"]), _decimal_year(a["published_max"])
            for region, l, h in zip(a["region"].fillna(NO_REGION), lo, hi):
                y = pos[region]
                ax.plot([l, max(h, l + 0.08)], [y - 0.25, y - 0.25], color="black", lw=4,
                        solid_capstyle="butt")
    ax.set_yticks(range(len(lanes)), lanes)
    ax.set_ylim(-0.6, len(lanes) - 0.2 + 0.3)
    ax.set_xlabel("year")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", visible=False)
    handles = [Line2D([], [], marker="o", ls="", color=c, label=k) for k, c in STATUS_COLORS.items() if k]
    handles.append(Line2D([], [], color="black", lw=5, label="publication window"))
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False, ncol=4, bbox_to_anchor=(0, -0.18))
    ax.set_title(title)
    fig.tight_layout()
    return fig


def theme_horizon_heatmap(
    matrix: pd.DataFrame, *, title: str = "Goal clauses by theme and horizon"
) -> Figure:
    """One heat map per region: themes (rows) x horizons (columns), cells = goal clauses.

    Args:
        matrix: the tidy :func:`helpers.horizons.theme_horizon_matrix` table (``region``,
            ``horizon``, ``year_start``, ``theme``, ``goals``).
        title: the figure title.

    Returns:
        A matplotlib Figure with one panel per region (horizons in time order, counts
        written in the cells).
    """
    regions = sorted(matrix["region"].unique()) if not matrix.empty else []
    n = max(len(regions), 1)
    themes_all = sorted(matrix["theme"].unique()) if not matrix.empty else []
    fig = Figure(figsize=(max(4.5, 3.2 * n + 1.5), max(2.4, 0.35 * len(themes_all) + 1.8)))
    axes = fig.subplots(1, n, squeeze=False)[0]
    if not regions:
        axes[0].text(0.5, 0.5, "no goal clauses", ha="center", va="center", transform=axes[0].transAxes)
        axes[0].set_axis_off()
        return fig
    vmax = float(matrix["goals"].max())
    for ax, region in zip(axes, regions):
        m = matrix[matrix["region"] == region]
        by_year = m.sort_values(["year_start", "horizon"], kind="stable", na_position="last")
        cols = list(dict.fromkeys(by_year["horizon"]))
        grid = m.pivot_table(index="theme", columns="horizon", values="goals", aggfunc="sum", fill_value=0)
        grid = grid.reindex(index=themes_all, columns=cols, fill_value=0)
        ax.imshow(grid.to_numpy(dtype=float), cmap="Greens", vmin=0, vmax=max(vmax, 1), aspect="auto")
        for (i, j), v in np.ndenumerate(grid.to_numpy()):
            if v:
                ax.text(j, i, str(int(v)), ha="center", va="center", fontsize=8,
                        color="white" if v > vmax * 0.6 else "black")
        ax.set_xticks(range(len(cols)), cols, rotation=30, ha="right", fontsize=8)
        labels = themes_all if ax is axes[0] else [""] * len(themes_all)
        ax.set_yticks(range(len(themes_all)), labels, fontsize=8)
        ax.set_title(region)
        ax.grid(False)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
