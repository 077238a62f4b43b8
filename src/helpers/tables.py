"""Shared table plumbing: empty tables with the same column types as full ones, and how
a notebook shows a table (every text whole, a bounded number of rows, said so)."""

from __future__ import annotations

from typing import Mapping

import pandas as pd

#: Rows of one table a notebook page shows at most. A page stays small enough to open at
#: any corpus size; the rows left out are counted under the table, and every row is in the
#: exported tables (``data/processed/``).
SHOWN_ROWS = 300


def empty_frame(columns: Mapping[str, object]) -> pd.DataFrame:
    """A zero-row table whose columns have the given dtypes (``str`` for text).

    Analyses return these when there is nothing to report, so an empty result exports,
    concatenates and compares like a full one (a bare ``pd.DataFrame(columns=...)``
    makes every column ``object`` or ``float64``).

    >>> empty_frame({"ngram": str, "count": "int64", "z": "float64"}).dtypes.astype(str).tolist()[1:]
    ['int64', 'float64']
    """
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def table_html(df: pd.DataFrame, *, max_rows: int | None = None) -> str:
    """A table as a notebook page shows it: its first ``max_rows`` rows (default
    :data:`SHOWN_ROWS`) in full, with no row of dots in the middle, and a note under it
    when rows were left out.

    Cell text is escaped by pandas (article text never becomes markup); numbers follow
    pandas' display options (:func:`helpers.plots.use_style` sets readable ones).

    >>> html = table_html(pd.DataFrame({"goal": ["<b>cut coal</b>"] * 3}), max_rows=2)
    >>> "&lt;b&gt;cut coal&lt;/b&gt;" in html, html.count("<td>"), "2 of 3 rows" in html
    (True, 2, True)
    """
    limit = SHOWN_ROWS if max_rows is None else max_rows
    shown = df.head(limit)
    markup = shown.to_html(max_rows=None, max_cols=None, notebook=True, escape=True)
    if len(df) > len(shown):
        markup += (f'<p class="rows-note">{len(shown):,} of {len(df):,} rows shown (the first ones); '
                   "every row is in the exported tables (data/processed/).</p>")
    return markup


def show_tables_whole(max_rows: int | None = None) -> None:
    """Make this notebook show DataFrames with :func:`table_html` (no-op outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["text/html"]
    formatter.for_type(pd.DataFrame, lambda df: table_html(df, max_rows=max_rows))
