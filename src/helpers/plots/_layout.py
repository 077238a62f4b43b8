"""Figure layout shared by the plot modules."""

from __future__ import annotations

from matplotlib.figure import Figure

#: Height kept above the panels for a figure's title, in inches.
_TITLE_INCHES = 0.45


def titled_layout(fig: Figure, title: str | None, **title_kw) -> None:
    """Give ``fig`` its ``title`` (if any) and a tight layout that keeps the title clear
    of the panels' own titles (``tight_layout`` alone lays the panels out under the whole
    figure, so a ``suptitle`` would print over the top row).

    >>> fig = Figure(figsize=(4, 3)); ax = fig.subplots(); _ = ax.set_title("panel")
    >>> titled_layout(fig, "Figure title")
    >>> fig.texts[0].get_text(), bool(ax.get_position().y1 < 1 - 0.45 / 3)
    ('Figure title', True)
    """
    if not title:
        fig.tight_layout()
        return
    fig.suptitle(title, **title_kw)
    fig.tight_layout(rect=(0, 0, 1, 1 - min(0.35, _TITLE_INCHES / fig.get_figheight())))
