"""Figures for target horizons: the timeline of staged goals and the themes x horizons matrix.

Both take the tables the helpers in :mod:`helpers.horizons` return and never recompute them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from helpers.lexicons import NO_REGION
from helpers.plots._layout import titled_layout
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

#: Marker colours by status.
STATUS_COLORS = {"past": "#9e9e9e", "current": "#e08214", "future": "#1b7837", None: "#6a3d9a"}


def _decimal_year(ts: pd.Series) -> np.ndarray:
    ts = pd.to_datetime(ts)
    return (ts.dt.year + (ts.dt.day_of_year - 1) / 365.25).to_numpy(dtype=float)


#: The status label the legend shows for each colour (a row without status is "unknown").
STATUS_LABELS = {"past": "past", "current": "current", "future": "future", None: "unknown"}


def timeline_points(summary: pd.DataFrame) -> pd.DataFrame:
    """What :func:`horizon_timeline` draws: one point per region, target year and status.

    Horizons of a lane that share a target year and a status are one point (their goals
    added up), so a busy lane stays readable; horizons without goals and without resolved
    years are left out (they stay in the tables).

    Returns:
        ``region``, ``target_year``, ``year_start`` (the earliest start of the horizons
        in the point, for a range's line), ``status`` (None for unknown), ``goals``,
        ``horizons`` and ``label`` (the year, or the horizon's own label when it is the
        only one: "2050 (mid-century)"); sorted by region, year and status.
    """
    cols = ["region", "target_year", "year_start", "status", "goals", "horizons", "label"]
    if summary.empty:
        return pd.DataFrame(columns=cols)
    s = summary.dropna(subset=["target_year"])
    s = s[s["goals"].fillna(0).astype(int) > 0]
    if s.empty:
        return pd.DataFrame(columns=cols)
    s = s.assign(region=s["region"].fillna(NO_REGION), status=s["status"].astype(object).where(s["status"].notna(), "~"),
                 target_year=s["target_year"].astype(int), year_start=s["year_start"].fillna(s["target_year"]).astype(int))
    g = s.groupby(["region", "target_year", "status"], sort=True)
    out = g.agg(year_start=("year_start", "min"), goals=("goals", "sum"), horizons=("horizon", "size"),
                first=("horizon", "first")).reset_index()
    out["label"] = np.where(out["horizons"] == 1, out["first"], out["target_year"].astype(str))
    out["status"] = pd.Series([None if v == "~" else v for v in out["status"]], dtype=object)
    return out[cols].reset_index(drop=True)


def horizon_timeline(
    summary: pd.DataFrame,
    *,
    articles: pd.DataFrame | None = None,
    title: str = "Target horizons by region",
    size_per_goal: float = 12.0,
    label_gap: float = 1.0,
) -> Figure:
    """Timeline of horizons: year axis, one lane per region, marker area = goal count.

    Args:
        summary: a :func:`helpers.horizons.horizon_summary` table (one row per horizon with
            ``region``, ``year_start``, ``year_end``, ``target_year``, ``status``, ``goals``,
            ``horizon``).
        articles: the corpus ``articles`` table; each article's publication window
            (``published_min``..``published_max``) is drawn as a black bar in its region's lane.
        title: the figure title.
        size_per_goal: marker area per goal clause (the square root of the count is drawn,
            so a 80-goal work plan does not hide its lane).
        label_gap: the space, in characters, a label keeps from the other labels of its
            lane. Targets (future, then current) are labelled first, the largest first; a
            label that would overlap one already placed is left out (the tables have every row).

    Returns:
        A matplotlib Figure drawn from :func:`timeline_points`: one marker per region,
        target year and status; ranges (2021-2025, plan periods) as a line from their
        first year. Every status colour in use is in the legend, "unknown" included. The
        figure grows with the number of lanes.
    """
    pts = timeline_points(summary)
    lanes = sorted(set(pts["region"]))
    if articles is not None and not articles.empty:
        lanes = sorted(set(lanes) | set(articles["region"].fillna(NO_REGION)))
    fig = Figure(figsize=(10, max(2.6, 0.55 * len(lanes) + 1.8)))
    ax = fig.subplots()
    pos = {lane: i for i, lane in enumerate(lanes)}
    # a label is drawn only where it clears the previous label of its lane: its width in
    # years, from the axis span (about 8.5 inches of axis, 0.065 inch a character at 7 pt)
    years = [*pts["year_start"], *pts["target_year"]]
    if articles is not None and not articles.empty and articles["published_max"].notna().any():
        years += [int(articles["published_max"].dt.year.max())]
    span = (max(years) - min(years) + 4) if years else 10
    per_char = 0.065 * span / 8.5
    # one collection for the range lines and one for the markers: a lane's points are drawn
    # together, however many there are
    if not pts.empty:
        y = pts["region"].map(pos).to_numpy(dtype=float)
        colors = [STATUS_COLORS.get(s, STATUS_COLORS[None]) for s in pts["status"]]
        ranged = (pts["target_year"] > pts["year_start"]).to_numpy()
        segments = [[(a, b), (c, b)] for a, c, b in zip(pts["year_start"][ranged], pts["target_year"][ranged], y[ranged])]
        ax.add_collection(LineCollection(segments, colors=[c for c, r in zip(colors, ranged) if r], linewidths=2.5,
                                         alpha=0.5, capstyle="butt"))
        area = size_per_goal * 4 * np.sqrt(pts["goals"].astype(int).to_numpy())
        ax.scatter(pts["target_year"].astype(int), y, s=area, c=colors, alpha=0.8, edgecolor="white", zorder=3)
    # labels: targets (future, current) first, the largest first, each where it overlaps no
    # label already placed in its lane
    placed: dict[str, list[tuple[float, float]]] = {}
    rank = {"future": 0, "current": 1, None: 2, "past": 3}
    order = sorted(pts.itertuples(), key=lambda r: (rank.get(r.status, 2), -int(r.goals), r.target_year))
    for row in order:
        text = f"{row.label} ({int(row.goals)})"
        half = len(text) * per_char / 2 + label_gap * per_char / 2
        lo, hi = row.target_year - half, row.target_year + half
        if all(hi <= a or lo >= b for a, b in placed.get(row.region, [])):
            ax.annotate(text, (row.target_year, pos[row.region]), xytext=(0, 7), textcoords="offset points",
                        ha="center", va="bottom", fontsize=7)
            placed.setdefault(row.region, []).append((lo, hi))
    if articles is not None and not articles.empty:
        a = articles.dropna(subset=["published_min", "published_max"])
        if not a.empty:
            lo, hi = _decimal_year(a["published_min"]), _decimal_year(a["published_max"])
            lane = a["region"].fillna(NO_REGION).map(pos).to_numpy(dtype=float) - 0.28
            windows = [[(l, y), (max(h, l + 0.08), y)] for l, h, y in zip(lo, hi, lane)]
            ax.add_collection(LineCollection(windows, colors="black", linewidths=3, capstyle="butt"))
    ax.autoscale_view()
    ax.set_yticks(range(len(lanes)), lanes)
    ax.set_ylim(-0.7, len(lanes) - 0.3 + 0.4)
    ax.set_xlabel("target year (label: horizon and its goal clauses, where a lane has room)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", visible=False)
    used = list(dict.fromkeys(pts["status"].tolist())) if not pts.empty else []
    handles = [Line2D([], [], marker="o", ls="", color=STATUS_COLORS[k], label=STATUS_LABELS[k])
               for k in STATUS_COLORS if k in used]
    handles.append(Line2D([], [], color="black", lw=4, label="publication window"))
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False, ncol=5, bbox_to_anchor=(0, 1.0))
    ax.set_title(title, pad=22)
    fig.tight_layout()
    return fig


def theme_horizon_heatmap(
    matrix: pd.DataFrame, *, title: str = "Goal clauses by theme and horizon", max_panels: int = 6
) -> Figure:
    """Goal clauses by theme and horizon.

    Up to ``max_panels`` regions: one heat map per region, themes (rows) x horizons
    (columns). More regions: two heat maps for the whole corpus, themes x target year and
    regions x target year, so 30 regions stay readable.

    Args:
        matrix: the tidy :func:`helpers.horizons.theme_horizon_matrix` table (``region``,
            ``horizon``, ``year_start``, ``theme``, ``goals``).
        title: the figure title.
        max_panels: regions drawn one panel each at most.

    Returns:
        A matplotlib Figure, counts written in the cells.
    """
    regions = sorted(matrix["region"].unique()) if not matrix.empty else []
    if len(regions) > max_panels:
        return _corpus_heatmaps(matrix, title=title)
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
        _cells(ax, grid, vmax)
        ax.set_xticks(range(len(cols)), cols, rotation=30, ha="right", fontsize=8)
        labels = themes_all if ax is axes[0] else [""] * len(themes_all)
        ax.set_yticks(range(len(themes_all)), labels, fontsize=8)
        ax.set_title(region)
    titled_layout(fig, title)
    return fig


def _cells(ax, grid: pd.DataFrame, vmax: float) -> None:
    values = grid.to_numpy(dtype=float)
    ax.imshow(values, cmap="Greens", vmin=0, vmax=max(vmax, 1), aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        if v:
            ax.text(j, i, f"{int(v):,}", ha="center", va="center", fontsize=7,
                    color="white" if v > vmax * 0.6 else "black")
    ax.grid(False)


def _corpus_heatmaps(matrix: pd.DataFrame, *, title: str) -> Figure:
    m = matrix.assign(year=matrix["year_start"].astype("Int64").astype(str).replace("<NA>", "no year"))
    years = sorted(m["year"].unique(), key=lambda y: (not y.isdigit(), y))
    by_theme = m.pivot_table(index="theme", columns="year", values="goals", aggfunc="sum", fill_value=0)
    by_theme = by_theme.reindex(columns=years, fill_value=0)
    by_region = m.pivot_table(index="region", columns="year", values="goals", aggfunc="sum", fill_value=0)
    by_region = by_region.reindex(columns=years, fill_value=0)
    fig = Figure(figsize=(max(7.0, 0.55 * len(years) * 2 + 4), max(3.0, 0.24 * max(len(by_theme), len(by_region)) + 2)))
    axes = fig.subplots(1, 2)
    for ax, grid, name in ((axes[0], by_theme, "theme"), (axes[1], by_region, "region")):
        _cells(ax, grid, float(grid.to_numpy().max()) if grid.size else 1.0)
        ax.set_xticks(range(len(years)), years, rotation=45, ha="right", fontsize=8)
        ax.set_yticks(range(len(grid)), grid.index.astype(str), fontsize=8)
        ax.set_title(f"per {name} and target year")
    n_regions = matrix["region"].nunique()
    titled_layout(fig, f"{title}: all {n_regions} regions (the horizon table has each region's own)")
    return fig
