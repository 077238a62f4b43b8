"""Shared table plumbing: empty tables with the same column types as full ones."""

from __future__ import annotations

from typing import Mapping

import pandas as pd


def empty_frame(columns: Mapping[str, object]) -> pd.DataFrame:
    """A zero-row table whose columns have the given dtypes (``str`` for text).

    Analyses return these when there is nothing to report, so an empty result exports,
    concatenates and compares like a full one (a bare ``pd.DataFrame(columns=...)``
    makes every column ``object`` or ``float64``).

    >>> empty_frame({"ngram": str, "count": "int64", "z": "float64"}).dtypes.astype(str).tolist()[1:]
    ['int64', 'float64']
    """
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})
