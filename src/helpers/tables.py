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
    pandas' display options (:func:`helpers.plots.use_style` sets readable ones). A missing
    value is an empty cell in every table; an unnamed index of row numbers (0, 1, 2 ...,
    or what is left of them after a filter) says nothing and is left out, and a named one
    ("region") is shown as the table's first columns, under one row of headers.

    >>> html = table_html(pd.DataFrame({"goal": ["<b>cut coal</b>"] * 2 + [None]}), max_rows=2)
    >>> "&lt;b&gt;cut coal&lt;/b&gt;" in html, html.count("<td>"), "2 of 3 rows" in html, "<th>0</th>" in html
    (True, 2, True, False)
    >>> html = table_html(pd.DataFrame({"status": ["past", None], "anchor": [None, None],
    ...                                 "year": pd.array([2025, None], dtype="Int64"),
    ...                                 "share": pd.array([0.5, None], dtype="Float64")}))
    >>> "None" in html, "NA" in html, "nan" in html.lower()
    (False, False, False)
    >>> named = pd.DataFrame({"goals": [3]}, index=pd.Index(["Hubei"], name="region"))
    >>> table_html(named).count("<tr"), "<th>region</th>" in table_html(named)
    (2, True)
    """
    limit = SHOWN_ROWS if max_rows is None else max_rows
    shown = df.head(limit)
    shown = _blank_missing(shown)
    plain_index = df.index.nlevels == 1 and df.index.name is None and pd.api.types.is_integer_dtype(df.index)
    named = [name for name in df.index.names if name is not None]
    if (not plain_index and len(named) == df.index.nlevels and df.columns.nlevels == 1
            and not set(named) & set(df.columns)):
        # a named index ("region") becomes a column: one header row, every column sortable
        shown = shown.reset_index()
        shown.columns.name = None
        plain_index = True
    markup = shown.to_html(max_rows=None, max_cols=None, notebook=True, escape=True, na_rep="",
                           index=not plain_index)
    if len(df) > len(shown):
        markup += (f'<p class="rows-note">{len(shown):,} of {len(df):,} rows shown (the first ones); '
                   "every row is in the exported tables (data/processed/).</p>")
    return markup


def _blank_missing(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with its missing values ready to show as empty cells: pandas writes a missing
    value of an object column as "None" and one of a nullable column as "<NA>", whatever
    ``na_rep`` says. Nullable floats become plain floats (whose NaN ``na_rep`` blanks and
    whose format the display options set); other columns with a gap become text."""
    columns = {}
    for i, dtype in enumerate(df.dtypes):
        column = df.iloc[:, i]
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_float_dtype(dtype):
            columns[i] = column.astype("float64")
        elif (dtype == object or isinstance(dtype, pd.api.extensions.ExtensionDtype)) and column.isna().any():
            columns[i] = column.astype(object).where(column.notna(), "")
    if not columns:
        return df
    out = df.copy()
    for i, column in columns.items():
        out.isetitem(i, column)
    return out


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
