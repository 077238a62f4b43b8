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
