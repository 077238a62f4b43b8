"""Export tidy tables to ``data/processed/`` as Parquet and CSV, with a generated README.

For users who continue in Excel, R or SQL. One call writes every table::

    from helpers import load_corpus, export
    corpus = load_corpus("data/raw")
    export.export_all(corpus, **export.analysis_tables(corpus))

(``make report`` does exactly this.)

For each table ``<name>`` the folder gets ``<name>.parquet`` and ``<name>.csv``; beside
them ``schema.json`` records each column's pandas dtype and ``README.md`` describes every
table in the folder (column, dtype, meaning).

Reading the files back:

* Parquet keeps types. :func:`read_table` gives back *exactly* the table that was
  written (``assert_frame_equal`` holds). Plain ``pd.read_parquet`` gives pandas'
  defaults instead: text as the ``str`` dtype (missing as ``NaN``), and second-precision
  dates as ``datetime64[ms]`` (Parquet has no second unit). R: ``arrow::read_parquet``;
  SQL: ``SELECT * FROM 'articles.parquet'`` in DuckDB.
* CSV is UTF-8 with a byte-order mark (so Excel shows Chinese text correctly), RFC 4180
  (CRLF line ends; a field holding a line break, comma or quote is quoted), one header
  row, no index, dates as ISO ``YYYY-MM-DD[ HH:MM:SS]``, missing values as empty fields.
  Caveats: an empty string and a missing value are the same empty field (both come back
  missing); categories come back sorted, not in their original order; other readers
  must be told which columns are dates. :func:`read_table` with ``format="csv"``
  restores the recorded dtypes, so for the corpus tables the CSV round trip is exact too.

Tables are written without their row index: an unnamed index (row labels) is dropped and
a named index (e.g. a ``groupby`` result) becomes ordinary columns first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from helpers.corpus import Corpus
from helpers.paths import PROCESSED_DIR

FORMATS = ("parquet", "csv")
SCHEMA_FILE = "schema.json"
README_FILE = "README.md"
#: CSV encoding: UTF-8 with a byte-order mark, which Excel needs to detect UTF-8.
CSV_ENCODING = "utf-8-sig"

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

#: Descriptions of columns that mean the same in every table.
COMMON_COLUMNS: Mapping[str, str] = MappingProxyType({
    "article_id": "stable article identifier, from the file name",
    "para_no": "paragraph number within the article (1..)",
    "sent_no": "sentence number within the article (1.., unique within the article)",
    "region": "province-level region the article is about, 'national', or empty",
    "text": "the text (scraping damage repaired)",
})

#: Known column descriptions per table (the contracts in ../shared/DESIGN.md); columns not listed
#: here are documented with their dtype only.
COLUMN_DESCRIPTIONS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "articles": MappingProxyType({
        "path": "file path relative to the corpus folder",
        "title": "article title as scraped",
        "source": "publishing outlet, as a domain (cenews.com.cn) or name",
        "source_raw": "the page's run-together 'Source' value (e.g. SourceCenewsComCn)",
        "release_raw": "the page's release time as written ('3 months ago')",
        "published_min": "earliest publication date the release time allows, given the capture date",
        "published_max": "latest publication date the release time allows, given the capture date",
        "region_basis": "how the region was decided: trailer, title, body or national",
        "n_paragraphs": "number of paragraphs",
        "n_sentences": "number of sentences (English body and heading paragraphs)",
        "n_words": "number of words",
        "sha256": "SHA-256 of the file's bytes (of the UTF-8 text for parse_article); detects changed files",
        "site": "site name line of the page (e.g. China Carbon Credit Platform)",
        "url": "page URL from manifest.csv, if recorded",
        "captured_on": "date the page was captured (manifest.csv, else AS_OF)",
        "region_iso": "ISO 3166-2 code of the region (e.g. CN-SX)",
        "likes": "the page's Like(n) count",
        "collects": "the page's Collect(n) count",
        "encoding": "text encoding the file was decoded from",
    }),
    "paragraphs": MappingProxyType({
        "kind": "body, caption (short unpunctuated line) or heading",
        "lang": "en, or zh for an untranslated Chinese paragraph",
        "text": "paragraph text, scraping damage repaired (glued words split, HTML removed)",
        "raw_text": "paragraph text exactly as scraped",
    }),
    "sentences": MappingProxyType({
        "text": "sentence text (English body and heading paragraphs only)",
    }),
    "ngram_counts": MappingProxyType({
        "ngram": "word or phrase (tokens joined by single spaces), stop words trimmed",
        "n": "number of words in the n-gram",
        "count": "occurrences in the article",
        "per_10k": "count per 10,000 tokens of the article",
    }),
    "theme_scores": MappingProxyType({
        "theme": "theme from data/lexicons/themes.csv",
        "hits": "lexicon phrase matches in the paragraph",
        "score": "sum of phrase weights (equals hits when all weights are 1)",
        "words": "words in the paragraph",
        "per_1k_words": "score per 1,000 words",
        "share": "score over the paragraph's total score (0 when none)",
    }),
    "key_tasks": MappingProxyType({
        "list_no": "enumeration number within the article (1..)",
        "style": "how the list is marked: ordinal, number, roman or slogan",
        "ordinal": "the task's position in its list",
        "para_no": "paragraph where the task starts",
        "sent_no": "sentence where the task starts",
        "marker": "the numbering as written ('The first is to', '(2)')",
        "lead_clause": "the task's first sentence without its numbering marker",
        "text": "the task's full text",
        "theme": "the task's dominant theme, or empty",
    }),
    "horizons": MappingProxyType({
        "sent_no": "sentence holding the horizon phrase",
        "horizon_no": "horizon number within the article, in reading order",
        "phrase": "the horizon as written ('By 2027', 'by the middle of this century')",
        "char_start": "start offset of the phrase in the sentence text",
        "char_end": "end offset of the phrase in the sentence text",
        "qualifier": "normalised preposition (by, before, in, around, ...)",
        "kind": "year, range, plan_period, mid_century or relative",
        "year_start": "first year the horizon covers",
        "year_end": "last year the horizon covers",
        "target_year": "the target year (= year_end)",
        "horizon": "label for grouping ('2027', '2021-2025', '2050 (mid-century)')",
        "status": "past, current or future relative to publication",
        "status_basis": "why the status was decided",
        "goal_text": "the goal clause the horizon governs",
        "target_text": "the whole statement the goal belongs to",
        "value": "the first quantity in the goal clause",
        "unit": "the unit of value",
        "percent_change": "signed change in per cent ('reduce by 18%' -> -18)",
        "baseline_year": "base year the goal is measured against",
    }),
    "problems": MappingProxyType({
        "path": "file path relative to the corpus folder",
        "severity": "error (file not read) or warning (read, with a repair or guess)",
        "code": "short machine-readable reason (empty, binary, duplicate, no_date, ...)",
        "message": "plain-language explanation and, where possible, the fix",
    }),
})

CORPUS_TABLES = ("articles", "paragraphs", "sentences", "problems")


def export_tables(
    tables: Mapping[str, pd.DataFrame],
    directory: str | Path | None = None,
    *,
    formats: Sequence[str] = FORMATS,
    descriptions: Mapping[str, Mapping[str, str]] | None = None,
) -> pd.DataFrame:
    """Write tables as Parquet and/or CSV, plus ``schema.json`` and ``README.md``.

    Files of other tables already in ``directory`` are kept, and stay described in the
    README; a table written again replaces its files.

    Args:
        tables: table name (letters, digits, ``_``, ``-``) to DataFrame.
        directory: the output folder (created); defaults to ``data/processed``.
        formats: any of ``"parquet"`` and ``"csv"``.
        descriptions: extra column descriptions, ``{table: {column: text}}``; they take
            precedence over :data:`COLUMN_DESCRIPTIONS`.

    Returns:
        The files written, one row each: ``table``, ``format`` (``parquet``, ``csv``,
        ``json`` for the schema, ``md`` for the README), ``path``, ``rows`` and
        ``columns`` (``Int64``; missing for the schema and README rows); sorted by
        table then format, schema and README last.

    Raises:
        ValueError: a bad table name or format, or a table whose column names are not
            unique strings.
    """
    formats = tuple(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ValueError(f"formats must be a non-empty subset of {FORMATS}, not {formats!r}")
    prepared = {name: _prepare(name, df) for name, df in sorted(tables.items())}
    out_dir = Path(directory) if directory is not None else PROCESSED_DIR
    out_dir.mkdir(parents=True, exist_ok=True)

    rows: list[tuple] = []
    schema = _read_schema(out_dir)
    for name, df in prepared.items():
        files = []
        if "parquet" in formats:
            path = out_dir / f"{name}.parquet"
            df.to_parquet(path, engine="pyarrow", index=False)
            files.append(path)
        if "csv" in formats:
            path = out_dir / f"{name}.csv"
            df.to_csv(path, index=False, encoding=CSV_ENCODING, lineterminator="\r\n")
            files.append(path)
        for fmt in FORMATS:
            if fmt not in formats:
                # an older export of this table in another format would now be stale, and
                # read_table() would silently return it
                (out_dir / f"{name}.{fmt}").unlink(missing_ok=True)
        for path in files:
            rows.append((name, path.suffix[1:], str(path), len(df), df.shape[1]))
        schema[name] = {
            "rows": len(df),
            "files": [p.name for p in files],
            "columns": {str(c): str(df[c].dtype) for c in df.columns},
            "nan_columns": _nan_columns(df),
        }
    schema = {k: v for k, v in sorted(schema.items()) if any((out_dir / f).exists() for f in v["files"])}
    schema_path = out_dir / SCHEMA_FILE
    schema_text = json.dumps({"tables": schema}, indent=2, ensure_ascii=False) + "\n"
    schema_path.write_text(schema_text, encoding="utf-8")
    readme_path = out_dir / README_FILE
    readme_path.write_text(readme_text(schema, descriptions=descriptions), encoding="utf-8")
    rows.append((None, "json", str(schema_path), None, None))
    rows.append((None, "md", str(readme_path), None, None))

    listing = pd.DataFrame(rows, columns=["table", "format", "path", "rows", "columns"])
    return listing.astype({"rows": "Int64", "columns": "Int64"})


def export_all(
    corpus: Corpus,
    directory: str | Path | None = None,
    *,
    formats: Sequence[str] = FORMATS,
    **computed_tables: pd.DataFrame,
) -> pd.DataFrame:
    """Export the four corpus tables and any computed tables in one call.

    Args:
        corpus: the corpus whose ``articles``, ``paragraphs``, ``sentences`` and
            ``problems`` are written.
        directory: the output folder; defaults to ``data/processed``.
        formats: any of ``"parquet"`` and ``"csv"``.
        **computed_tables: further tables by name, e.g. ``ngram_counts=...``,
            ``theme_scores=...``, ``horizons=...``.

    Returns:
        The listing of files written, as :func:`export_tables` returns it.

    Raises:
        ValueError: a computed table reuses a corpus table's name.
    """
    clash = sorted(set(computed_tables) & set(CORPUS_TABLES))
    if clash:
        raise ValueError(f"computed tables may not be named like corpus tables: {clash}")
    tables = {name: getattr(corpus, name) for name in CORPUS_TABLES}
    tables.update(computed_tables)
    return export_tables(tables, directory, formats=formats)


def analysis_tables(corpus: Corpus, *, get: Callable[..., Any] | None = None) -> dict[str, pd.DataFrame]:
    """The computed tables the notebooks show, with default settings, for export.

    Args:
        corpus: the parsed corpus.
        get: how to call each analysis, ``get(func, *args, **params)``; default a plain
            call. :meth:`helpers.store.Tables.get` computes each table once and stores it
            for the notebooks.

    Returns:
        ``ngram_counts`` (per article, 1- to 3-grams; the ``group`` column renamed
        ``article_id``), ``theme_scores`` (per paragraph), ``key_tasks`` and
        ``horizons``; see :mod:`helpers.keywords`, :mod:`helpers.themes` and
        :mod:`helpers.horizons` for their columns.
    """
    from helpers import horizons, keywords, themes

    def call(func: Callable[..., Any], *args: Any, **params: Any) -> Any:
        return func(*args, **params)

    get = get or call
    # The same calls, with the same arguments, as notebooks 02 to 04 make: with a store's
    # ``get`` the notebooks then read these tables instead of computing them again.
    lexicon = themes.load_theme_lexicon()
    evidence = get(themes.theme_evidence, corpus, lexicon)
    counts = get(keywords.ngram_counts, corpus, by="article_id", fillers=True).rename(columns={"group": "article_id"})
    return {
        "ngram_counts": counts,
        "theme_scores": get(themes.theme_scores, corpus, lexicon, level="paragraph", evidence=evidence),
        "key_tasks": get(themes.key_tasks, corpus, lexicon),
        "horizons": get(horizons.extract_horizons, corpus),
    }


def read_table(name: str, directory: str | Path | None = None, *, format: str = "parquet") -> pd.DataFrame:
    """Read an exported table back with the dtypes it was written with.

    Args:
        name: the table name.
        directory: the export folder; defaults to ``data/processed``.
        format: ``"parquet"`` or ``"csv"``.

    Returns:
        The table. With the ``schema.json`` written by :func:`export_tables`, columns get
        their recorded dtypes back (for text columns of dtype ``object``, missing values
        come back as ``NaN`` where they were all ``NaN``, else as ``None``). Without it,
        pandas' defaults.

    Raises:
        ValueError: ``format`` is not known.
        FileNotFoundError: the file does not exist.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    folder = Path(directory) if directory is not None else PROCESSED_DIR
    path = folder / f"{name}.{format}"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no exported table '{name}' in {format} format")
    info = _read_schema(folder).get(name, {})
    dtypes: dict[str, str] = info.get("columns", {})
    nan_columns = set(info.get("nan_columns", []))
    if format == "parquet":
        df = pd.read_parquet(path, engine="pyarrow")
    else:
        dates = [c for c, t in dtypes.items() if t.startswith("datetime64")]
        plain = {c: t for c, t in dtypes.items() if c not in dates and t != "object"}
        plain.update({c: object for c, t in dtypes.items() if t == "object"})
        df = pd.read_csv(
            path, encoding=CSV_ENCODING, dtype=plain or None, parse_dates=dates or False,
            date_format="ISO8601", keep_default_na=False, na_values=[""],
        )
    return restore_dtypes(df, dtypes, nan_columns)


def dtype_record(df: pd.DataFrame) -> dict[str, object]:
    """What :func:`restore_dtypes` needs to give a table read back from Parquet its own
    dtypes: ``{"columns": {name: dtype}, "nan_columns": [...]}``."""
    return {"columns": {str(c): str(t) for c, t in df.dtypes.items()}, "nan_columns": _nan_columns(df)}


def restore_dtypes(df: pd.DataFrame, dtypes: dict[str, str], nan_columns=()) -> pd.DataFrame:
    """Give the columns of a table read back their recorded dtypes (text columns of
    dtype ``object`` get ``NaN`` back where they were all ``NaN``, else ``None``)."""
    nan_columns = set(nan_columns)
    for col, dtype in dtypes.items():
        if col not in df.columns:
            continue
        if dtype == "object":
            s = df[col].astype(object)
            df[col] = s.where(s.notna(), float("nan") if col in nan_columns else None)
        elif str(df[col].dtype) != dtype:
            df[col] = df[col].astype(dtype)
    return df


def readme_text(
    schema: Mapping[str, Mapping],
    *,
    descriptions: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """The Markdown README describing exported tables.

    Args:
        schema: ``{table: {"rows": n, "files": [...], "columns": {column: dtype}}}``, as
            written to ``schema.json``.
        descriptions: extra ``{table: {column: description}}``.

    Returns:
        Markdown: how to read the files, then per table its files, rows and a
        column / dtype / description table (description empty when unknown).

    >>> text = readme_text({"problems": {"rows": 1, "files": ["problems.csv"],
    ...                                  "columns": {"path": "object", "extra": "int64"}}})
    >>> "| `path` | object | file path relative to the corpus folder |" in text
    True
    >>> "| `extra` | int64 |  |" in text
    True
    """
    extra = descriptions or {}
    lines = [
        "# Exported tables",
        "",
        "Generated by `helpers.export`; do not edit (it is rewritten on every export).",
        "Each table is a tidy table keyed by `article_id` (plus `para_no`, `sent_no` where finer).",
        "",
        "* **Parquet** keeps types: `pandas.read_parquet`, R `arrow::read_parquet`,",
        "  DuckDB `SELECT * FROM 'articles.parquet'`. In Python, `helpers.export.read_table(name)`",
        "  gives back exactly the table that was written.",
        "* **CSV** is UTF-8 with a byte-order mark (Excel shows Chinese text correctly), RFC 4180",
        "  (CRLF line ends, fields with line breaks quoted), no index, dates as ISO `YYYY-MM-DD`.",
        "  An empty field is a missing value: an empty string and a missing value cannot be told",
        "  apart. Tell your reader which columns are dates (see the dtypes below); `schema.json`",
        "  lists every column's pandas dtype.",
        "",
    ]
    for table, info in schema.items():
        known = {**COMMON_COLUMNS, **COLUMN_DESCRIPTIONS.get(table, {}), **extra.get(table, {})}
        files = ", ".join(f"`{f}`" for f in info["files"])
        lines += [f"## {table}", "", f"{info['rows']} rows; files: {files}.", "",
                  "| column | dtype | description |", "|---|---|---|"]
        for col, dtype in info["columns"].items():
            lines.append(f"| `{_cell(col)}` | {_cell(dtype)} | {_cell(known.get(col, ''))} |")
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _prepare(name: str, df: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"table name {name!r}: use letters, digits, '_' and '-' (it becomes a file name)")
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"table {name!r} is a {type(df).__name__}, not a DataFrame")
    if any(n is not None for n in df.index.names):
        df = df.reset_index()
    else:
        df = df.reset_index(drop=True)
    cols = list(df.columns)
    if not all(isinstance(c, str) for c in cols) or len(set(cols)) != len(cols):
        raise ValueError(f"table {name!r}: column names must be unique strings, got {cols!r}")
    return df


def _nan_columns(df: pd.DataFrame) -> list[str]:
    """Object columns whose missing values are all float NaN (the others get ``None`` back)."""
    out = []
    for col in df.columns:
        s = df[col]
        if s.dtype == object and s.isna().any():
            missing = s[s.isna()]
            if all(isinstance(v, float) for v in missing):
                out.append(str(col))
    return out


def _read_schema(folder: Path) -> dict:
    path = folder / SCHEMA_FILE
    if not path.is_file():
        return {}
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")).get("tables", {}))
    except (json.JSONDecodeError, AttributeError):
        return {}
