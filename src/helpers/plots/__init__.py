"""Figures from tidy tables. Plot helpers never recompute: they take the table an
analysis helper returned and give back a matplotlib Figure.

Submodules by analysis: ``plots.corpus``, ``plots.keywords``, ``plots.themes``,
``plots.horizons``; their public functions are re-exported here.
"""

from __future__ import annotations

import matplotlib

#: Fixed figure defaults so committed notebook outputs are reproducible.
STYLE = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "svg.hashsalt": "beautiful-china",
}


def use_style() -> None:
    """Apply the project's plot defaults (fixed size and dpi, quiet axes).

    Call once in a notebook's setup cell.
    """
    matplotlib.rcParams.update(STYLE)


# Re-exported so notebooks can write ``plots.theme_heatmap(...)``; imported last because
# the submodules read STYLE from this package.
from helpers.plots.corpus import count_bars, length_bars, publication_windows  # noqa: E402
from helpers.plots.horizons import horizon_timeline, theme_horizon_heatmap  # noqa: E402
from helpers.plots.keywords import bar_figure, distinctive_figure, wordcloud_figure, wordcloud_grid  # noqa: E402
from helpers.plots.themes import theme_heatmap, theme_share_bars, theme_strip, topic_bars  # noqa: E402

__all__ = [
    "STYLE", "use_style",
    "count_bars", "length_bars", "publication_windows",
    "horizon_timeline", "theme_horizon_heatmap",
    "bar_figure", "distinctive_figure", "wordcloud_figure", "wordcloud_grid",
    "theme_heatmap", "theme_share_bars", "theme_strip", "topic_bars",
]
