"""The whole analysis pipeline on one machine, using every core where work is per article.

``run_pipeline(folder)`` reads, parses and analyses a folder of articles and returns the
corpus tables and the analysis tables, exactly as :func:`helpers.load_corpus` followed by
the analysis functions would (``tests/test_pipeline.py`` checks this):

* ``ngram_counts``: 1-3-grams over the whole corpus, as ``ngram_counts(corpus, n=(1, 3))``;
* ``theme_scores``: per article, as ``theme_scores(corpus, level="article")``;
* ``horizons``: as ``extract_horizons(corpus)``.

How: the files are cut into contiguous runs (chunks). Each chunk is parsed *and* analysed
in one worker process by :func:`process_chunk`, so the parsed text never travels back and
forth; the parent process only stacks the small per-chunk tables and adds up the n-gram
tallies (:func:`combine_chunks`). Every analysis is a per-article map followed by sums, so
the merge is exact. Duplicate files (the same article text twice) are decided over the
whole corpus, as ``load_corpus`` does: a copy that a chunk could not see was a duplicate is
taken back out of the chunk's tables and tallies afterwards.

:mod:`helpers.scale` runs the same :func:`process_chunk` and :func:`combine_chunks` on a
Dask cluster. :func:`analyse` runs the analyses alone on an already parsed corpus.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from helpers import corpus as corpus_mod
from helpers._perf import gc_paused
from helpers.corpus import Corpus

ANALYSES = ("ngram_counts", "theme_scores", "horizons")
#: Tables every run returns first, in this order.
CORPUS_TABLES = ("articles", "paragraphs", "sentences", "problems")
#: Files per chunk at most, and at least (when there are enough files to share).
MAX_CHUNK, MIN_CHUNK = 1000, 50


def _check(analyses: Sequence[str]) -> tuple[str, ...]:
    unknown = set(analyses) - set(ANALYSES)
    if unknown:
        raise ValueError(f"unknown analyses: {sorted(unknown)}; choose from {ANALYSES}")
    return tuple(analyses)


def analyse_partition(corpus: Corpus, analyses: Sequence[str] = ANALYSES) -> dict[str, object]:
    """Run the per-article analyses on one partition of a corpus.

    Returns:
        ``{"ngram_counts": NgramTally, "theme_scores": DataFrame, "horizons": DataFrame}``
        for the requested analyses; the n-gram entry is a mergeable tally, not a table.
    """
    out: dict[str, object] = {}
    if "ngram_counts" in analyses:
        from helpers.keywords import ngram_tally

        out["ngram_counts"] = ngram_tally(corpus, n=(1, 3))
    if "theme_scores" in analyses:
        from helpers.themes import theme_scores

        out["theme_scores"] = theme_scores(corpus, level="article")
    if "horizons" in analyses:
        from helpers.horizons import extract_horizons

        out["horizons"] = extract_horizons(corpus)
    return out


def merge_partitions(results: list[dict[str, object]], analyses: Sequence[str] = ANALYSES) -> dict[str, pd.DataFrame]:
    """Merge per-partition analysis results into whole-corpus tables.

    The partitions may come in any order: rows are put back in article order (a stable
    sort on ``article_id`` keeps each article's own row order).
    """
    out: dict[str, pd.DataFrame] = {}
    if "ngram_counts" in analyses:
        from helpers.keywords import merge_tallies, tally_frame

        out["ngram_counts"] = tally_frame(merge_tallies(r["ngram_counts"] for r in results if "ngram_counts" in r))
    for name in ("theme_scores", "horizons"):
        if name in analyses:
            frames = [r[name] for r in results if name in r]
            nonempty = [f for f in frames if len(f)]
            if len(nonempty) > 1:
                table = pd.concat(nonempty, ignore_index=True)
                table = table.sort_values("article_id", kind="stable").reset_index(drop=True)
            else:
                table = nonempty[0] if nonempty else frames[0]
            out[name] = table
    return out


def partitions(corpus: Corpus, n_parts: int) -> list[Corpus]:
    """Split a corpus into ``n_parts`` contiguous runs of articles (in article order)."""
    ids = corpus.articles["article_id"].tolist()
    if n_parts <= 1 or len(ids) < 2:
        return [corpus]
    size = -(-len(ids) // n_parts)
    return [corpus.subset(ids[i:i + size]) for i in range(0, len(ids), size)]


def _warm(analyses: Sequence[str]) -> None:
    """Load the lexicons, stop lists and scikit-learn once in this process, so forked
    workers inherit them instead of each paying the second or so it costs."""
    page = "A plan\n\nRelease Time1 days ago\n\nBy 2027, Hainan will cut coal use.\n\nRegionHainan"
    analyse_partition(corpus_mod.parse_article(page, captured_on="2025-01-01"), analyses)


def _analyse_corpus_star(args: tuple[Corpus, tuple[str, ...]]) -> dict[str, object]:
    with gc_paused():
        return analyse_partition(*args)


def analyse(corpus: Corpus, *, analyses: Sequence[str] = ANALYSES, workers: int | None = None) -> dict[str, pd.DataFrame]:
    """Run the analyses on an already parsed corpus, in ``workers`` processes.

    Args:
        corpus: a parsed corpus.
        analyses: any of ``ngram_counts``, ``theme_scores``, ``horizons``.
        workers: processes; ``None`` uses every core, 1 runs in this process. Results do
            not depend on it.

    Returns:
        ``{name: table}`` for each requested analysis.
    """
    analyses = _check(analyses)
    n_workers = _n_workers(workers)
    if n_workers == 1 or len(corpus.articles) < 200:
        return merge_partitions([analyse_partition(corpus, analyses)], analyses)
    parts = partitions(corpus, n_workers * 3)  # a few per worker keep both cores busy
    _warm(analyses)
    with ProcessPoolExecutor(max_workers=n_workers) as pool:
        results = list(pool.map(_analyse_corpus_star, [(p, analyses) for p in parts]))
    with gc_paused():
        return merge_partitions(results, analyses)


# --------------------------------------------------------------------------- files to tables


def process_chunk(
    tasks: Sequence[Any],
    analyses: Sequence[str] = ANALYSES,
    cache_dir: str | Path | None = None,
) -> dict[str, Any]:
    """Parse a run of files and analyse them: the unit of work on every core and on Dask.

    Duplicates inside the chunk are dropped as :func:`helpers.load_corpus` drops them;
    duplicates of files in other chunks are left for :func:`combine_chunks`, which sees
    every chunk's ``fingerprints``.

    Args:
        tasks: the chunk's files, as planned by :func:`helpers.corpus.plan_inputs`.
        analyses: which analyses to run (see :data:`ANALYSES`).
        cache_dir: the parse cache folder, or ``None``.

    Returns:
        The chunk's corpus tables (sorted as ``load_corpus`` sorts them), its analysis
        results as :func:`analyse_partition` gives them, ``fingerprints`` (one per file)
        and ``duplicates`` (``{index in chunk: path of the first copy}``).
    """
    cache = Path(cache_dir) if cache_dir else None
    with gc_paused():
        parts = [corpus_mod._parse_cached(t, cache) for t in tasks]
        prints = [corpus_mod.fingerprint(p) for p in parts]
        local = corpus_mod.drop_duplicates(list(tasks), prints)
        for i, first in local.items():
            parts[i] = corpus_mod.duplicate_record(tasks[i], first)
        chunk = corpus_mod._assemble(parts)
        out: dict[str, Any] = {name: getattr(chunk, name) for name in CORPUS_TABLES}
        out.update(analyse_partition(chunk, analyses))
    out["fingerprints"] = prints
    out["duplicates"] = local
    return out


def _process_chunk_star(args: tuple) -> dict[str, Any]:
    return process_chunk(*args)


def combine_chunks(
    tasks: Sequence[Any],
    chunks: Sequence[Sequence[Any]],
    results: Sequence[dict[str, Any]],
    manifest_problems: Sequence[tuple] = (),
    analyses: Sequence[str] = ANALYSES,
) -> dict[str, pd.DataFrame]:
    """Stack the chunks' tables and sum their tallies into the whole corpus's tables.

    Files whose text repeats a file of an earlier chunk are taken back out: their rows
    leave every table, their n-gram counts are subtracted, and they get the ``duplicate``
    problem row that ``load_corpus`` gives them.

    Args:
        tasks: every file, in order (the concatenation of ``chunks``).
        chunks: the runs of ``tasks`` each result was computed from, in order.
        results: :func:`process_chunk` of each chunk.
        manifest_problems: the problem rows of the manifest (from ``plan_inputs``).
        analyses: the analyses the results hold.

    Returns:
        ``{"articles", "paragraphs", "sentences", "problems", *analyses}``, equal to
        ``load_corpus`` and the analysis functions on the whole corpus.
    """
    prints = [fp for r in results for fp in r["fingerprints"]]
    duplicates = corpus_mod.drop_duplicates(list(tasks), prints)
    # A chunk only saw its own files: a duplicate it did not recognise was analysed and is
    # taken back out ("late"); one it recognised may name the wrong first copy (a copy in
    # the same chunk when the first is in an earlier chunk) and gets the right row.
    late: dict[str, tuple[str, tuple]] = {}  # article_id -> (path, problem row)
    fixed: dict[str, tuple] = {}  # path -> problem row
    offset = 0
    for chunk, result in zip(chunks, results):
        for i in range(offset, offset + len(chunk)):
            if i not in duplicates or result["duplicates"].get(i - offset) == duplicates[i]:
                continue
            task = tasks[i]
            row = corpus_mod.duplicate_record(task, duplicates[i]).problems[0]
            if (i - offset) in result["duplicates"]:
                fixed[task.rel] = row
            else:
                late[task.article_id] = (task.rel, row)
        offset += len(chunk)
    fixed.update({path: row for path, row in late.values()})

    tables: dict[str, pd.DataFrame] = {}
    for name in CORPUS_TABLES:
        frames = [r[name] for r in results if len(r[name])]
        if name == "problems":
            frames = [corpus_mod._frame(list(manifest_problems), corpus_mod.PROBLEM_COLUMNS)] + frames
        df = pd.concat(frames, ignore_index=True) if frames else results[0][name].iloc[0:0]
        if fixed and name == "problems":
            df = df[~df["path"].isin(fixed)]
            extra = corpus_mod._frame(list(fixed.values()), corpus_mod.PROBLEM_COLUMNS)
            df = pd.concat([df, extra], ignore_index=True)
        elif late and "article_id" in df.columns:
            df = df[~df["article_id"].isin(late)]
        tables[name] = corpus_mod.sort_table(name, df)

    analysed = [{k: r[k] for k in analyses} for r in results]
    if late and "ngram_counts" in analyses:
        from helpers.keywords import negate_tally, ngram_tally

        sents = pd.concat([r["sentences"][r["sentences"]["article_id"].isin(late)] for r in results])
        analysed.append({"ngram_counts": negate_tally(ngram_tally(sents, n=(1, 3)))})
    for name in ("theme_scores", "horizons"):
        if late and name in analyses:
            for r in analysed:
                if name in r:
                    r[name] = r[name][~r[name]["article_id"].isin(late)]
    with gc_paused():
        tables.update(merge_partitions(analysed, analyses))
    return tables


def _n_workers(workers: int | None) -> int:
    return (os.cpu_count() or 1) if workers is None else max(1, workers)


def chunk_tasks(tasks: Sequence[Any], n_workers: int) -> list[list[Any]]:
    """Cut the files into contiguous chunks for ``n_workers`` processes, in order.

    The chunks hold about a quarter of each worker's share (between :data:`MIN_CHUNK` and
    :data:`MAX_CHUNK` files) until the last rounds, where each takes half of the files left
    per worker, down to a quarter of that size (never below :data:`MIN_CHUNK`): the last
    chunks are small, so the workers finish close together instead of one running a whole
    large chunk alone at the end.
    """
    n = len(tasks)
    size = max(MIN_CHUNK, min(MAX_CHUNK, -(-n // (4 * n_workers))))
    least = max(MIN_CHUNK, size // 4)
    chunks: list[list[Any]] = []
    start = 0
    while start < n:
        left = n - start
        take = max(least, min(size, -(-left // (2 * n_workers))))
        chunks.append(list(tasks[start:start + take]))
        start += take
    return chunks or [[]]


def run_pipeline(
    source: str | Path | Sequence[str | Path],
    *,
    as_of: date | str | None = None,
    analyses: Sequence[str] = ANALYSES,
    workers: int | None = None,
    cache: bool | str | Path = False,
) -> dict[str, pd.DataFrame]:
    """Read, parse and analyse a corpus, on every core.

    Args:
        source: a folder, file or list of files, as for :func:`helpers.load_corpus`.
        as_of: the capture date for files the manifest does not date.
        analyses: any of ``ngram_counts``, ``theme_scores``, ``horizons``.
        workers: processes; ``None`` uses every core, 1 runs in this process. Results do
            not depend on it.
        cache: as for :func:`helpers.load_corpus`: reuse parsed files from
            ``data/processed/cache`` (``True``) or the given folder.

    Returns:
        The corpus tables (``articles``, ``paragraphs``, ``sentences``, ``problems``) and
        one table per analysis, equal to what ``load_corpus`` and the analysis functions
        give in one process.
    """
    analyses = _check(analyses)
    tasks, manifest_problems = corpus_mod.plan_inputs(source, as_of=as_of)
    cache_dir = corpus_mod.cache_folder(cache)
    n_workers = _n_workers(workers)
    chunks = chunk_tasks(tasks, n_workers)
    jobs = [(chunk, analyses, str(cache_dir) if cache_dir else None) for chunk in chunks]
    if n_workers == 1 or len(chunks) == 1:
        results = [process_chunk(*job) for job in jobs]
    else:
        _warm(analyses)
        with ProcessPoolExecutor(max_workers=n_workers) as pool:
            results = list(pool.map(_process_chunk_star, jobs))
    return combine_chunks(tasks, chunks, results, manifest_problems, analyses)
