"""How far to trust the tables: score them against an analyst's labels for a corpus.

An analyst labels a handful of their own articles by hand in a CSV (one row per file) and
:func:`evaluate` compares what the helpers say with it:

* **region**: ``articles.region`` against the labelled region (accuracy);
* **target years**: the years of the article's ``current`` and ``future`` horizons
  (:func:`helpers.horizons.extract_horizons`) against the labelled target years
  (precision and recall over (file, year) pairs);
* **themes**: whether each labelled theme is among the article's top three themes
  (:func:`helpers.themes.theme_scores`, recall over (file, theme) pairs);
* **published**: whether the publication window contains the labelled year.

Every disagreement is listed with the sentence behind it, so the analyst sees *why*.

The labels file (``labels.csv`` in the corpus folder by default; the corpus reader skips a
file of that name)::

    file,region,target_years,themes,published
    a01_taiyuan_rivers.txt,Shanxi,2030,water|urban_rural,2025
    a02_hainan_air.txt,Hainan,2027|2035,air|energy_transition,
    a03_ministry_notice.txt,national,,governance_law,2024

* ``file``: the article's path relative to the corpus folder (``articles.path``); a bare
  file name is enough when no two files share it.
* ``region``: a region of ``data/lexicons/regions.csv`` (its name or an alias, any case),
  ``national`` or ``unknown``.
* ``target_years``: the years the article sets goals for, ``|``-separated; empty for none.
* ``themes``: theme ids of ``data/lexicons/themes.csv`` (``water|air``); empty for none.
* ``published`` (optional column): the year the article was published; empty if unknown.

Other columns (notes) are ignored. From the command line (``make evaluate``)::

    python -m helpers.evaluate --corpus DIR [--labels CSV] [--as-of YYYY-MM-DD]
                               [--out disagreements.csv] [--no-cache]

prints :meth:`Evaluation.summary` and the disagreements, and exits 0; a broken labels file
gives one line ``error: <file>, row <n>, column '<col>': ...`` on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import difflib
import io
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pandas as pd

from helpers.corpus import Corpus, CorpusError, load_corpus
from helpers.lexicons import NO_REGION, LexiconError, load_regions, split_list
from helpers.tables import empty_frame

#: Columns every labels file has.
REQUIRED_COLUMNS = ("file", "region", "target_years", "themes")
#: Columns a labels file may have.
OPTIONAL_COLUMNS = ("published",)
#: The region label of an article about the whole country.
NATIONAL = "national"
#: Years a label may name (the span :mod:`helpers.horizons` reads).
YEAR_MIN, YEAR_MAX = 1949, 2100
#: Horizon statuses whose years count as the article's targets.
TARGET_STATUSES = ("current", "future")
#: How many of an article's strongest themes a labelled theme may be among.
TOP_THEMES = 3
#: The default labels file name inside the corpus folder.
LABELS_NAME = "labels.csv"

#: Metric names, in the order of :attr:`Evaluation.metrics`.
METRICS = (
    "region_accuracy",
    "target_year_precision",
    "target_year_precision_strict",
    "target_year_recall",
    "themes_top3_recall",
    "published_agreement",
    "files_labelled",
    "files_read",
    "undecided_rows",
)
#: Metrics that are counts (``value`` is a whole number), not shares.
COUNT_METRICS = ("files_labelled", "files_read", "undecided_rows")
#: The ``check`` values of :attr:`Evaluation.disagreements`, in their sort order.
CHECKS = ("region", "target_year", "theme", "published", "unread", "unlabelled")

LABEL_COLUMNS = {
    "file": str, "region": str, "target_years": object, "themes": object, "published": "Int64",
    "row": "int64",
}
METRIC_COLUMNS = {"metric": str, "value": "float64", "n": "int64"}
DISAGREEMENT_COLUMNS = {
    "file": str, "article_id": str, "check": str, "ours": str, "label": str, "sentence": str,
}

_YEAR = re.compile(r"\d{4}")


class LabelError(ValueError):
    """A labels file is missing or malformed.

    The message is one line naming the file, the row (the header is row 1, as a
    spreadsheet counts), the column, the bad value and the fix.
    """


# --------------------------------------------------------------------------- the labels file


def load_labels(
    path: str | Path,
    *,
    theme_lexicon: pd.DataFrame | str | Path | None = None,
    regions_path: str | Path | None = None,
) -> pd.DataFrame:
    """Read and validate a labels CSV (format in the module docstring).

    Header names are matched case-insensitively; cells are stripped; blank rows are
    skipped; a year or theme given twice in a cell counts once.

    Args:
        path: the labels CSV (UTF-8, with or without BOM, as spreadsheets save it).
        theme_lexicon: the theme lexicon whose ids are valid (a table from
            :func:`helpers.themes.load_theme_lexicon` or a path); the bundled one by default.
        regions_path: the region gazetteer whose names are valid; the bundled one by default.

    Returns:
        One row per labelled file, in file order: ``file`` (posix path as written, without
        a leading ``./``), ``region`` (canonical spelling, ``national`` or ``unknown``),
        ``target_years`` (sorted tuple of ints), ``themes`` (tuple of theme ids in the
        order written), ``published`` (Int64, <NA> when not given) and ``row`` (the row
        number in the file).

    Raises:
        LabelError: the file is missing, not UTF-8 or empty; the header lacks a column;
            a row has too many cells, an empty ``file`` or ``region``, an unknown region or
            theme, a year that is not a four-digit year in 1949..2100, or repeats the
            ``file`` of an earlier row. The message is one line naming the row.

    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = Path(tmp.name, "labels.csv")
    >>> _ = path.write_text("file,region,target_years,themes\\na.txt,shanxi,2030|2025,water\\n")
    >>> load_labels(path).loc[0, ["file", "region", "target_years", "themes"]].tolist()
    ['a.txt', 'Shanxi', (2025, 2030), ('water',)]
    >>> _ = path.write_text("file,region,target_years,themes\\na.txt,Shanxi,2030|20255,water\\n")
    >>> load_labels(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    helpers.evaluate.LabelError: .../labels.csv, row 2, column 'target_years': '20255' is not a year; ...
    >>> tmp.cleanup()
    """
    path = Path(path)
    records = _read_records(path)
    header_row, header = records[0]
    names = [h.strip().lower() for h in header]
    expected = ",".join(REQUIRED_COLUMNS) + "[," + ",".join(OPTIONAL_COLUMNS) + "]"
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise LabelError(
            f"{path}, row {header_row}: the header lacks column(s) {', '.join(missing)}; "
            f"the first row must name the columns {expected}."
        )
    repeated = sorted({c for c in names if c and names.count(c) > 1})
    if repeated:
        raise LabelError(
            f"{path}, row {header_row}: column(s) {', '.join(repeated)} appear twice in the header; "
            "keep one of each."
        )
    index = {name: i for i, name in enumerate(names)}
    regions = _region_names(regions_path)
    themes = _theme_ids(theme_lexicon)

    out: list[dict] = []
    first_row: dict[str, int] = {}
    for row, cells in records[1:]:
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names):]):
            raise LabelError(
                f"{path}, row {row}: {len(cells)} cells for {len(names)} columns; "
                "put a cell that contains a comma in double quotes."
            )

        def cell(col: str) -> str:
            i = index.get(col)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        def fail(col: str, value: str, problem: str, fix: str) -> LabelError:
            return LabelError(f"{path}, row {row}, column '{col}': {_show(value)} {problem}; {fix}.")

        file = _clean_file(cell("file"))
        if not file:
            raise fail("file", cell("file"), "is empty",
                       "write the article's path relative to the corpus folder, or delete the row")
        if file in first_row:
            raise fail("file", cell("file"), f"repeats row {first_row[file]}",
                       "merge the two rows or delete one")
        first_row[file] = row

        raw_region = cell("region")
        region = regions.get(raw_region.casefold())
        if region is None:
            hint = _did_you_mean(raw_region, regions)
            raise fail(
                "region", raw_region, "is empty" if not raw_region else "is not a known region",
                f"{hint}write a region of data/lexicons/regions.csv, '{NATIONAL}' or '{NO_REGION}'",
            )

        years: set[int] = set()
        for part in split_list(cell("target_years")):
            if not _YEAR.fullmatch(part) or not YEAR_MIN <= int(part) <= YEAR_MAX:
                raise fail("target_years", part, "is not a year",
                           f"write four-digit years from {YEAR_MIN} to {YEAR_MAX} separated by |, "
                           "e.g. 2025|2030, or leave the cell empty")
            years.add(int(part))

        ids: list[str] = []
        for part in split_list(cell("themes")):
            theme = themes.get(part.casefold())
            if theme is None:
                hint = _did_you_mean(part, themes)
                raise fail("themes", part, "is not a theme id",
                           f"{hint}use the ids of data/lexicons/themes.csv separated by |: "
                           + ", ".join(dict.fromkeys(themes.values())))
            if theme not in ids:
                ids.append(theme)

        raw_published = cell("published")
        published = None
        if raw_published:
            if not _YEAR.fullmatch(raw_published) or not YEAR_MIN <= int(raw_published) <= YEAR_MAX:
                raise fail("published", raw_published, "is not a year",
                           f"write the year of publication ({YEAR_MIN}-{YEAR_MAX}), e.g. 2024, "
                           "or leave the cell empty")
            published = int(raw_published)

        out.append({"file": file, "region": region, "target_years": tuple(sorted(years)),
                    "themes": tuple(ids), "published": published, "row": row})
    if not out:
        return empty_frame(LABEL_COLUMNS)
    labels = pd.DataFrame.from_records(out, columns=list(LABEL_COLUMNS))
    return labels.astype({"published": "Int64", "row": "int64"})


def _read_records(path: Path) -> list[tuple[int, list[str]]]:
    """The non-blank records of a CSV with their row numbers (header first)."""
    if not path.is_file():
        raise LabelError(
            f"{path}: labels file not found; create it (header: {','.join(REQUIRED_COLUMNS)}) "
            "or pass its path with --labels / LABELS=."
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise LabelError(
            f"{path}, row {line}: the file is not UTF-8; save it as 'CSV UTF-8' from the spreadsheet."
        ) from None
    # A spreadsheet shows one row per record, blank ones included (a cell may hold a line
    # break, so records, not lines, are counted).
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    row = 0
    try:
        for row, cells in enumerate(reader, start=1):
            if any(c.strip() for c in cells):
                records.append((row, cells))
    except csv.Error as exc:
        raise LabelError(f"{path}, row {row + 1}: the row is not valid CSV ({exc}); "
                         "close each double quote that opens a cell.") from None
    if not records:
        raise LabelError(f"{path}: the file is empty; its first row must name the columns "
                         f"{','.join(REQUIRED_COLUMNS)}.")
    return records


def _show(value: str) -> str:
    """A cell value for a one-line message: quoted, control characters escaped, shortened."""
    text = value if len(value) <= 60 else value[:57] + "..."
    return repr(text) if text else "the cell"


def _clean_file(value: str) -> str:
    """A labelled file name as ``articles.path`` spells it: posix, no leading ``./``.

    >>> _clean_file(".\\\\sub\\\\a.txt"), _clean_file("./a.txt"), _clean_file("a.txt")
    ('sub/a.txt', 'a.txt', 'a.txt')
    """
    value = value.replace("\\", "/")
    while value.startswith("./"):
        value = value[2:]
    return value


def _did_you_mean(value: str, names: dict[str, str]) -> str:
    if not value:
        return ""
    close = difflib.get_close_matches(value.casefold(), list(names), n=1, cutoff=0.75)
    return f"did you mean '{names[close[0]]}'? " if close else ""


def _region_names(regions_path: str | Path | None) -> dict[str, str]:
    """Case-folded region names and aliases -> the canonical region (plus national/unknown)."""
    regions = load_regions(regions_path)
    names: dict[str, str] = {}
    for row in regions.itertuples():
        for name in (row.region, *split_list(row.aliases)):
            names.setdefault(name.casefold(), row.region)
    names[NATIONAL] = NATIONAL
    names[NO_REGION] = NO_REGION
    return names


def _theme_ids(theme_lexicon: pd.DataFrame | str | Path | None) -> dict[str, str]:
    """Case-folded theme ids -> the id, in lexicon order (without ``ignore``)."""
    from helpers.themes import IGNORE, load_theme_lexicon

    lex = theme_lexicon if isinstance(theme_lexicon, pd.DataFrame) else load_theme_lexicon(theme_lexicon)
    return {t.casefold(): t for t in dict.fromkeys(lex["theme"]) if t != IGNORE}


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, eq=False)
class Evaluation:
    """The tables scored against the labels.

    Attributes:
        metrics: one row per metric (:data:`METRICS` order): ``metric``, ``value``, ``n``.

            * ``region_accuracy``: share of labelled files whose region we got right
              (``n``: labelled files).
            * ``target_year_precision``: share of the (file, year) pairs we predicted that
              the labels hold; a file's predicted years are the ``target_year`` of its
              horizon rows with status ``current`` or ``future`` (``n``: predicted pairs).
            * ``target_year_precision_strict``: the same, counting every row whose status is
              not ``past``, undecided ones too.
            * ``target_year_recall``: share of the labelled (file, year) pairs we predicted
              (``n``: labelled pairs).
            * ``themes_top3_recall``: share of the labelled (file, theme) pairs whose theme is
              among the file's top three themes (``n``: labelled pairs).
            * ``published_agreement``: share of the files with a labelled ``published`` year
              whose publication window ``[published_min, published_max]`` contains that
              year; one open side is allowed, an undated article disagrees (``n``: those
              files).
            * ``files_labelled``: label rows (``n`` too); ``files_read``: labelled files the
              corpus read (``n``: labelled files); ``undecided_rows``: horizon rows of the
              labelled files with no status (``n``: their horizon rows).

            A share with nothing to count (``n`` = 0) is NaN. Labelled files the corpus did
            not read count as wrong in every check.
        disagreements: one row per disagreement: ``file``, ``article_id`` (empty when the
            file was not read), ``check``, ``ours``, ``label`` and ``sentence``. Checks:

            * ``region``: our region (``unknown`` when none was found) and the label's.
            * ``target_year``: a year we predicted and the labels lack (``ours`` the year,
              ``sentence`` the first sentence stating it), or a labelled year we missed
              (``label`` the year, ``ours`` and ``sentence`` empty).
            * ``theme``: a labelled theme outside our top three (``ours`` the top three,
              ``|``-joined).
            * ``published``: our window (``YYYY-MM-DD..YYYY-MM-DD``, open sides empty) and
              the labelled year.
            * ``unread``: a labelled file the corpus did not read (``ours`` the reason,
              ``label`` the whole label row).
            * ``unlabelled``: a file the corpus read that has no label row (not scored).

            Sorted by ``file``, ``check`` (in the order above), then the value (the year,
            theme or region), with empty strings rather than missing values.
    """

    metrics: pd.DataFrame
    disagreements: pd.DataFrame

    def metric(self, name: str) -> float:
        """The value of one metric (NaN when it had nothing to count)."""
        return float(self.metrics.set_index("metric").loc[name, "value"])

    def summary(self) -> str:
        """The metrics and the disagreement count as aligned lines (what the CLI prints).

        Shares print with three decimals (``-`` when there was nothing to count) and their
        ``n``; counts print as whole numbers; the last line counts the disagreements by
        check, with the unlabelled files apart.
        """
        width = max(len(m) for m in self.metrics["metric"]) if len(self.metrics) else 10
        lines = []
        for row in self.metrics.itertuples(index=False):
            if row.metric in COUNT_METRICS:
                value = f"{int(row.value):>5d}"
                extra = f"  of {row.n}" if row.metric != "files_labelled" else ""
            else:
                value = "    -" if math.isnan(row.value) else f"{row.value:.3f}"
                extra = f"  n={row.n}"
            lines.append(f"{row.metric:<{width}}  {value}{extra}")
        d = self.disagreements
        scored = d[d["check"] != "unlabelled"]
        counts = scored["check"].value_counts()
        parts = ", ".join(f"{c} {counts[c]}" for c in CHECKS if c in counts)
        line = f"{'disagreements':<{width}}  {len(scored):>5d}" + (f"  ({parts})" if parts else "")
        n_unlabelled = int((d["check"] == "unlabelled").sum())
        if n_unlabelled:
            line += f"; {n_unlabelled} unlabelled file{'s' if n_unlabelled != 1 else ''} listed"
        lines.append(line)
        return "\n".join(lines)


def evaluate(
    corpus: Corpus,
    labels: pd.DataFrame | str | Path,
    *,
    horizons: pd.DataFrame | None = None,
    themes: pd.DataFrame | None = None,
) -> Evaluation:
    """Score the corpus tables against an analyst's labels.

    Args:
        corpus: the parsed corpus (:func:`helpers.corpus.load_corpus`).
        labels: a table from :func:`load_labels`, or the path of a labels CSV.
        horizons: the :func:`helpers.horizons.extract_horizons` table of ``corpus``, if
            already computed (needs ``article_id``, ``sent_no``, ``target_year``,
            ``status``).
        themes: a :func:`helpers.themes.theme_scores` table of ``corpus`` (article or
            paragraph level: scores are summed per article), if already computed.

    Returns:
        An :class:`Evaluation` (its docstring describes the two tables).

    Raises:
        LabelError: ``labels`` is a path to a broken labels file.
    """
    if not isinstance(labels, pd.DataFrame):
        labels = load_labels(labels)
    if horizons is None:
        from helpers.horizons import extract_horizons

        horizons = extract_horizons(corpus)
    if themes is None:
        from helpers.themes import theme_scores

        themes = theme_scores(corpus, level="article")

    articles = corpus.articles
    label_ids = _match_files(labels["file"].tolist(), articles["path"].tolist(),
                             articles["article_id"].tolist())
    read = {f: a for f, a in label_ids.items() if a is not None}
    read_ids = set(read.values())
    art = articles.set_index("article_id")
    sentence_text = _sentence_lookup(corpus.sentences)
    predicted, strict, first_sentence, undecided, n_rows = _predicted_years(horizons, read_ids)
    top = _top_themes(themes)
    rows: list[dict] = []

    def add(file: str, article_id: str | None, check: str, ours: str = "", label: str = "",
            sentence: str = "", value: str = "") -> None:
        rows.append({"file": file, "article_id": article_id or "", "check": check, "ours": ours,
                     "label": label, "sentence": sentence, "_value": value or ours or label})

    region_ok = hits = n_pred = n_strict = strict_hits = n_years = 0
    theme_hits = n_themes = published_ok = n_published = 0
    for lab in labels.itertuples(index=False):
        article_id = label_ids[lab.file]
        years = set(lab.target_years)
        n_years += len(years)
        n_themes += len(lab.themes)
        has_published = not pd.isna(lab.published)
        n_published += has_published
        if article_id is None:
            add(lab.file, None, "unread", _unread_reason(lab.file, corpus.problems), _label_text(lab))
            continue
        a = art.loc[article_id]
        ours_region = a["region"] if isinstance(a["region"], str) and a["region"] else NO_REGION
        if ours_region.casefold() == lab.region.casefold():
            region_ok += 1
        else:
            add(lab.file, article_id, "region", ours_region, lab.region)

        ours_years = predicted.get(article_id, set())
        strict_years = strict.get(article_id, set())
        n_pred += len(ours_years)
        n_strict += len(strict_years)
        hits += len(ours_years & years)
        strict_hits += len(strict_years & years)
        for year in sorted(ours_years - years):
            sent_no = first_sentence[(article_id, year)]
            add(lab.file, article_id, "target_year", str(year), "",
                sentence_text.get((article_id, sent_no), ""))
        for year in sorted(years - ours_years):
            add(lab.file, article_id, "target_year", "", str(year))

        ours_top = top.get(article_id, ())
        for theme in lab.themes:
            if theme in ours_top:
                theme_hits += 1
            else:
                add(lab.file, article_id, "theme", "|".join(ours_top), theme, value=theme)

        if has_published:
            low, high = a["published_min"], a["published_max"]
            year = int(lab.published)
            undated = pd.isna(low) and pd.isna(high)
            inside = (pd.isna(low) or low.year <= year) and (pd.isna(high) or year <= high.year)
            if inside and not undated:
                published_ok += 1
            else:
                add(lab.file, article_id, "published", _window_text(low, high, a.get("published_basis")),
                    str(year))

    for row in articles.itertuples(index=False):
        if row.article_id not in read_ids:
            region = row.region if isinstance(row.region, str) and row.region else NO_REGION
            add(row.path, row.article_id, "unlabelled", region, "")

    n_labelled, n_read = len(labels), len(read)
    metrics = pd.DataFrame(
        [
            ("region_accuracy", _share(region_ok, n_labelled), n_labelled),
            ("target_year_precision", _share(hits, n_pred), n_pred),
            ("target_year_precision_strict", _share(strict_hits, n_strict), n_strict),
            ("target_year_recall", _share(hits, n_years), n_years),
            ("themes_top3_recall", _share(theme_hits, n_themes), n_themes),
            ("published_agreement", _share(published_ok, n_published), n_published),
            ("files_labelled", float(n_labelled), n_labelled),
            ("files_read", float(n_read), n_labelled),
            ("undecided_rows", float(undecided), n_rows),
        ],
        columns=list(METRIC_COLUMNS),
    ).astype({"value": "float64", "n": "int64"})
    return Evaluation(metrics=metrics, disagreements=_disagreement_table(rows))


def _share(k: int, n: int) -> float:
    return k / n if n else float("nan")


def _match_files(files: list[str], paths: list[str], ids: list[str]) -> dict[str, str | None]:
    """Each labelled file's article id: by path, else by a file name no two articles share.

    >>> _match_files(["a.txt", "b.txt", "c.txt", "x/d.txt"],
    ...              ["sub/a.txt", "b.txt", "p/c.txt", "q/c.txt"], ["a", "b", "c1", "c2"])
    {'a.txt': 'a', 'b.txt': 'b', 'c.txt': None, 'x/d.txt': None}
    """
    by_path = dict(zip(paths, ids))
    by_name: dict[str, list[str]] = {}
    for path, article_id in zip(paths, ids):
        by_name.setdefault(path.rsplit("/", 1)[-1], []).append(article_id)
    out: dict[str, str | None] = {}
    for file in files:
        if file in by_path:
            out[file] = by_path[file]
        else:
            same = by_name.get(file, []) if "/" not in file else []
            out[file] = same[0] if len(same) == 1 else None
    return out


def _sentence_lookup(sentences: pd.DataFrame) -> dict[tuple[str, int], str]:
    return {(a, int(s)): t for a, s, t in zip(sentences["article_id"], sentences["sent_no"], sentences["text"])}


def _predicted_years(
    horizons: pd.DataFrame, article_ids: set[str]
) -> tuple[dict[str, set[int]], dict[str, set[int]], dict[tuple[str, int], int], int, int]:
    """Per article: target years (current/future), strict years (not past), the first
    sentence stating each target year, and the undecided and total row counts of those articles."""
    h = horizons[horizons["article_id"].isin(article_ids)]
    status = h["status"].astype(object).where(h["status"].notna(), None)
    undecided = int(status.isna().sum())
    dated = h[h["target_year"].notna()].assign(_status=status)
    dated = dated.sort_values(["article_id", "sent_no"], kind="stable")
    predicted: dict[str, set[int]] = {}
    strict: dict[str, set[int]] = {}
    first: dict[tuple[str, int], int] = {}
    for article_id, sent_no, year, st in zip(dated["article_id"], dated["sent_no"],
                                             dated["target_year"], dated["_status"]):
        year = int(year)
        if st in TARGET_STATUSES:
            predicted.setdefault(article_id, set()).add(year)
            first.setdefault((article_id, year), int(sent_no))
        if st != "past":
            strict.setdefault(article_id, set()).add(year)
    return predicted, strict, first, undecided, len(h)


def _top_themes(scores: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Each article's top themes: the highest scores above 0, ties in the table's theme order."""
    if scores.empty:
        return {}
    total = scores.groupby(["article_id", "theme"], sort=False)["score"].sum().reset_index()
    order = {t: i for i, t in enumerate(dict.fromkeys(scores["theme"]))}
    total = total[total["score"] > 0].assign(_order=total["theme"].map(order))
    total = total.sort_values(["article_id", "score", "_order"], ascending=[True, False, True])
    return {a: tuple(g["theme"].head(TOP_THEMES)) for a, g in total.groupby("article_id", sort=False)}


def _unread_reason(file: str, problems: pd.DataFrame) -> str:
    errors = problems[(problems["severity"] == "error")
                      & ((problems["path"] == file) | (problems["path"].str.rsplit("/", n=1).str[-1] == file))]
    if len(errors):
        first = errors.iloc[0]
        return f"not read ({first['code']}): {first['message']}"
    return "not in the corpus folder"


def _label_text(lab) -> str:
    """A label row as one cell: ``Shanxi; years 2027|2030; themes water; published 2025``."""
    years = "|".join(map(str, lab.target_years)) or "-"
    parts = [lab.region, f"years {years}", f"themes {'|'.join(lab.themes) or '-'}"]
    if not pd.isna(lab.published):
        parts.append(f"published {int(lab.published)}")
    return "; ".join(parts)


def _window_text(low, high, basis=None) -> str:
    """A publication window as ``YYYY-MM-DD..YYYY-MM-DD`` (open sides empty).

    >>> _window_text(pd.Timestamp("2024-05-01"), pd.NaT), _window_text(pd.NaT, pd.NaT)
    ('2024-05-01..', 'undated')
    """
    if pd.isna(low) and pd.isna(high):
        text = "undated"
    else:
        text = ("" if pd.isna(low) else pd.Timestamp(low).date().isoformat()) + ".." + (
            "" if pd.isna(high) else pd.Timestamp(high).date().isoformat())
    if isinstance(basis, str) and basis:
        text += f" ({basis})"
    return text


def _disagreement_table(rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return empty_frame(DISAGREEMENT_COLUMNS)
    table = pd.DataFrame.from_records(rows)
    table["_check"] = table["check"].map({c: i for i, c in enumerate(CHECKS)})
    table = table.sort_values(["file", "_check", "_value", "ours", "label"], kind="stable")
    return table[list(DISAGREEMENT_COLUMNS)].reset_index(drop=True)


# --------------------------------------------------------------------------- command line


def load_for_evaluation(
    corpus_dir: str | Path,
    labels_path: str | Path,
    *,
    as_of: str | None = None,
    cache: bool = True,
) -> Corpus:
    """Read the corpus folder as :func:`helpers.report.run_report` does, leaving out the
    labels file when it lies inside the folder under a name the reader does not skip."""
    corpus = load_corpus(corpus_dir, as_of=as_of or None, cache=cache, workers=None)
    try:
        rel = Path(labels_path).resolve().relative_to(Path(corpus_dir).resolve()).as_posix()
    except ValueError:
        return corpus
    if rel not in set(corpus.articles["path"]) and rel not in set(corpus.problems["path"]):
        return corpus
    keep = corpus.articles.loc[corpus.articles["path"] != rel, "article_id"]
    problems = corpus.problems[corpus.problems["path"] != rel].reset_index(drop=True)
    return dataclasses.replace(corpus.subset(keep), problems=problems)


def disagreements_text(table: pd.DataFrame) -> str:
    """The disagreements as a plain-text table: every row and the whole of every cell,
    text left-aligned (what the CLI prints).

    >>> print(disagreements_text(pd.DataFrame({"file": ["a.txt", "bb.txt"], "ours": ["2030", ""]})))
    file   ours
    a.txt  2030
    bb.txt
    """
    if table.empty:
        return "no disagreements"
    widths = {c: max(len(str(c)), int(table[c].astype(str).str.len().max())) for c in table.columns}
    formatters = {c: (lambda v, w=w: f"{v!s:<{w}}") for c, w in widths.items()}
    text = table.to_string(index=False, justify="left", formatters=formatters)
    return "\n".join(line.rstrip() for line in text.splitlines())


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m helpers.evaluate",
        description="Score the tables (regions, target years, themes, publication dates) "
                    "against a labels file and list every disagreement.",
    )
    p.add_argument("--corpus", required=True, help="folder of articles")
    p.add_argument("--labels", help=f"labels CSV (default: <corpus>/{LABELS_NAME})")
    p.add_argument("--as-of", dest="as_of", type=_as_of_arg,
                   help="capture date YYYY-MM-DD for files the manifest does not date")
    p.add_argument("--out", help="also write the disagreements to this CSV file")
    p.add_argument("--no-cache", dest="no_cache", action="store_true",
                   help="parse every file again instead of using data/processed/cache")
    return p


def _as_of_arg(text: str) -> str:
    from datetime import date

    if text == "":
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"AS_OF must be a date as YYYY-MM-DD, not {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code (2 on a broken labels file)."""
    from helpers.paths import resolve

    args = _parser().parse_args(argv)
    corpus_dir = resolve(args.corpus)
    labels_path = Path(args.labels).expanduser() if args.labels else corpus_dir / LABELS_NAME
    try:
        if not corpus_dir.is_dir():
            raise FileNotFoundError(f"corpus folder not found: {args.corpus}")
        labels = load_labels(labels_path)
        corpus = load_for_evaluation(corpus_dir, labels_path, as_of=args.as_of, cache=not args.no_cache)
        result = evaluate(corpus, labels)
    except (LabelError, LexiconError, CorpusError, FileNotFoundError) as err:
        print(f"error: {' '.join(str(err).split())}", file=sys.stderr)
        return 2
    print(result.summary())
    print()
    print(disagreements_text(result.disagreements))
    if args.out:
        out = Path(args.out).expanduser()
        out.parent.mkdir(parents=True, exist_ok=True)
        result.disagreements.to_csv(out, index=False)
        print(f"\ndisagreements written: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
