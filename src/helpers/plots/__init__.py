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


#: How notebooks show tables: whole texts (a goal or a finding is never cut) and numbers for
#: reading; how many rows is :data:`helpers.tables.SHOWN_ROWS` (the HTML view never
#: shortens a table with a row of dots; the text view keeps pandas' 60 rows).
TABLE_OPTIONS = {"display.max_colwidth": None, "display.max_rows": 60, "display.min_rows": 60,
                 "display.width": 200}


def readable_number(x: float) -> str:
    """A float as a table should show it: thousands grouped, no trailing noise.

    >>> [readable_number(x) for x in (83251700.0, 12.0, 0.123456, 1234.5678, 3.14159)]
    ['83,251,700', '12', '0.123', '1,235', '3.14']
    """
    if x != x:  # NaN
        return "NaN"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if float(x).is_integer():
        return f"{x:.0f}"
    return f"{x:.3g}"


def use_style() -> None:
    """Apply the project's plot and table defaults (fixed size and dpi, quiet axes; whole
    texts and readable numbers in tables, :data:`TABLE_OPTIONS`).

    Call once in a notebook's setup cell.
    """
    import pandas as pd

    matplotlib.rcParams.update(STYLE)
    from helpers.tables import show_tables_whole

    for key, value in TABLE_OPTIONS.items():
        pd.set_option(key, value)
    pd.set_option("display.float_format", readable_number)
    show_tables_whole()


# Re-exported so notebooks can write ``plots.theme_heatmap(...)``; imported last because
# the submodules read STYLE from this package.
from helpers.plots.corpus import count_bars, length_bars, publication_windows  # noqa: E402
from helpers.plots.horizons import horizon_timeline, theme_horizon_heatmap  # noqa: E402
from helpers.plots.keywords import bar_figure, distinctive_figure, wordcloud_figure, wordcloud_grid  # noqa: E402
from helpers.plots.themes import theme_heatmap, theme_share_bars, theme_strip, topic_bars  # noqa: E402

__all__ = [
    "STYLE", "TABLE_OPTIONS", "readable_number", "use_style",
    "count_bars", "length_bars", "publication_windows",
    "horizon_timeline", "theme_horizon_heatmap",
    "bar_figure", "distinctive_figure", "wordcloud_figure", "wordcloud_grid",
    "theme_heatmap", "theme_share_bars", "theme_strip", "topic_bars",
]
