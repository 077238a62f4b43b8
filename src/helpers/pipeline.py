"""The whole analysis pipeline on one machine, using every core where work is per article.

``run_pipeline(folder)`` = :func:`helpers.load_corpus` (parsing in parallel) followed by
:func:`analyse`, which splits the corpus into contiguous runs of articles, runs the same
analysis functions the notebooks call on each run in a process pool, and merges the
results. Every analysis is a per-article map followed by sums, so the merge is exact:
results are identical to calling the functions on the whole corpus in one process
(``tests/test_pipeline.py`` checks this). :mod:`helpers.scale` uses the same partition
function and merge on a Dask cluster.

Outputs: ``ngram_counts`` (1-3-grams over the whole corpus, as
``ngram_counts(corpus, n=(1, 3))``), ``theme_scores`` (per article, as
``theme_scores(corpus, level="article")``) and ``horizons`` (as
``extract_horizons(corpus)``).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Sequence

import pandas as pd

from helpers._perf import gc_paused
from helpers.corpus import Corpus, load_corpus

ANALYSES = ("ngram_counts", "theme_scores", "horizons")


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
    """Merge per-partition results (in corpus order) into whole-corpus tables."""
    out: dict[str, pd.DataFrame] = {}
    if "ngram_counts" in analyses:
        from helpers.keywords import merge_tallies, tally_frame

        out["ngram_counts"] = tally_frame(merge_tallies(r["ngram_counts"] for r in results))
    for name in ("theme_scores", "horizons"):
        if name in analyses:
            frames = [r[name] for r in results]
            nonempty = [f for f in frames if len(f)]
            out[name] = pd.concat(nonempty, ignore_index=True) if nonempty else frames[0]
    return out


def partitions(corpus: Corpus, n_parts: int) -> list[Corpus]:
    """Split a corpus into ``n_parts`` contiguous runs of articles (in article order)."""
    ids = corpus.articles["article_id"].tolist()
    if n_parts <= 1 or len(ids) < 2:
        return [corpus]
    size = -(-len(ids) // n_parts)
    return [corpus.subset(ids[i:i + size]) for i in range(0, len(ids), size)]


def _analyse_partition_star(args: tuple[Corpus, tuple[str, ...]]) -> dict[str, object]:
    with gc_paused():
        return analyse_partition(*args)


def analyse(corpus: Corpus, *, analyses: Sequence[str] = ANALYSES, workers: int | None = None) -> dict[str, pd.DataFrame]:
    """Run the analyses on a corpus, in ``workers`` processes (``None``: every core).

    Args:
        corpus: a parsed corpus.
        analyses: any of ``ngram_counts``, ``theme_scores``, ``horizons``.
        workers: processes; 1 runs in this process. Results do not depend on it.

    Returns:
        ``{name: table}`` for each requested analysis.
    """
    unknown = set(analyses) - set(ANALYSES)
    if unknown:
        raise ValueError(f"unknown analyses: {sorted(unknown)}; choose from {ANALYSES}")
    n_workers = (os.cpu_count() or 1) if workers is None else max(1, workers)
    if n_workers == 1 or len(corpus.articles) < 200:
        return merge_partitions([analyse_partition(corpus, analyses)], analyses)
    # A few partitions per worker keep both cores busy when partitions differ in cost.
    parts = partitions(corpus, n_workers * 3)
    # Load the lexicons, stop lists and scikit-learn once here: forked workers inherit them
    # instead of each paying the second or so it costs (measured with pyinstrument).
    analyse_partition(corpus.subset(corpus.articles["article_id"].iloc[:1]), analyses)
    with ProcessPoolExecutor(max_workers=n_workers) as pool:
        results = list(pool.map(_analyse_partition_star, [(p, tuple(analyses)) for p in parts]))
    with gc_paused():
        return merge_partitions(results, analyses)


def run_pipeline(
    source: str | Path | Sequence[str | Path],
    *,
    as_of: date | str | None = None,
    analyses: Sequence[str] = ANALYSES,
    workers: int | None = None,
    cache: bool | str | Path = False,
) -> dict[str, pd.DataFrame]:
    """Load a corpus and run the analyses, parsing and analysing on every core.

    Returns:
        The corpus tables (``articles``, ``paragraphs``, ``sentences``, ``problems``) and
        one table per analysis.
    """
    corpus = load_corpus(source, as_of=as_of, workers=workers, cache=cache)
    tables: dict[str, pd.DataFrame] = {
        "articles": corpus.articles, "paragraphs": corpus.paragraphs,
        "sentences": corpus.sentences, "problems": corpus.problems,
    }
    tables.update(analyse(corpus, analyses=analyses, workers=workers))
    return tables
