"""The tables the report's notebooks read, computed into the store before they run, on
every core.

``make report`` parses the corpus, then runs the jobs below (:data:`JOBS`): each makes
the same :meth:`helpers.store.Tables.get` calls, with the same arguments, as one of
notebooks 02 to 05 makes with its default parameters, in a process of its own, and each
notebook starts once the jobs it needs (:data:`NEEDS`) are done. The notebooks then only
read their tables and draw. :func:`precompute` runs the jobs outside a report. A notebook
run with other parameters (or by hand in JupyterLab on a new corpus) computes what it
asks for, as before: a job here only saves time, it never changes a table.

``tests/test_browser.py`` holds the two lists together: the store a report leaves holds
exactly the tables ``precompute`` alone stores, so no notebook computed one of its own.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from helpers import horizons, keywords, targets, themes
from helpers.store import Tables

# The notebooks' default parameters (the cells tagged ``parameters``).
FILLERS = True  # 02, 05
MIN_COUNT = 2  # 02
TOP_K = 10  # 02
MAX_PANELS = 6  # 02
KWIC_TERMS = ["carbon", "ecological", "pollut*"]  # 02
WINDOW = 8  # 02
TERMS_KEPT = 200  # 02, 05
N_TOPICS = 8  # 03
SEED = 0  # 03


def keyword_counts(tables: Tables) -> None:
    """Notebook 02: n-gram counts for the whole corpus and per article, and the per-article
    top terms it draws."""
    corpus = tables.corpus
    tables.get(keywords.ngram_counts, corpus, fillers=FILLERS)
    tables.get(keywords.ngram_counts, corpus, by="article_id", fillers=FILLERS)  # for the export
    tables.get(keywords.top_group_ngrams, corpus, by="article_id", k=TOP_K, max_groups=MAX_PANELS,
               min_count=MIN_COUNT, fillers=FILLERS)


def region_terms(tables: Tables) -> None:
    """Notebooks 02 and 05: n-gram counts per region, their distinctive terms and the
    corpus' names (left out of the terms shown)."""
    by_region = tables.get(keywords.ngram_counts, tables.corpus, by="region", fillers=FILLERS)
    tables.get(keywords.distinctive_terms, by_region, top=TERMS_KEPT)
    tables.get(keywords.name_words, tables.corpus)


def keyword_contexts(tables: Tables) -> None:
    """Notebook 02: collocations, keywords in context, the glossary."""
    corpus = tables.corpus
    tables.get(keywords.collocations, corpus, min_count=MIN_COUNT, fillers=FILLERS)
    tables.get(keywords.kwic, corpus, KWIC_TERMS, window=WINDOW)
    tables.get(keywords.glossary_table, corpus, found_only=True)


def theme_tables(tables: Tables) -> None:
    """Notebooks 03 and 05: theme evidence, scores per region, article and paragraph, key tasks."""
    corpus, lexicon = tables.corpus, themes.load_theme_lexicon()
    evidence = tables.get(themes.theme_evidence, corpus, lexicon)
    for level in ("region", "article", "paragraph"):
        tables.get(themes.theme_scores, corpus, lexicon, level=level, evidence=evidence)
    tables.get(themes.key_tasks, corpus, lexicon)


def topic_tables(tables: Tables) -> None:
    """Notebook 03: the NMF topics."""
    tables.get(themes.topic_model, tables.corpus, n_topics=N_TOPICS, random_state=SEED,
               lexicon=themes.load_theme_lexicon())


def horizon_tables(tables: Tables) -> None:
    """Notebooks 04 and 05: the horizons and their quantified targets."""
    corpus = tables.corpus
    found = tables.get(horizons.extract_horizons, corpus)
    tables.get(targets.quantitative_targets, found, articles=corpus.articles)


#: The jobs, the longest first (on the benchmark's generated articles), so the last to
#: start is a short one.
JOBS: tuple[Callable[[Tables], None], ...] = (
    topic_tables, keyword_contexts, keyword_counts, horizon_tables, theme_tables, region_terms)

#: Which jobs' tables each notebook reads (by the notebook's file name, without
#: ``.ipynb``); a notebook not named here waits for every job.
NEEDS: dict[str, tuple[Callable[[Tables], None], ...]] = {
    "01_corpus_overview": (),
    "02_keywords": (keyword_counts, region_terms, keyword_contexts),
    "03_themes": (theme_tables, topic_tables),
    "04_target_horizons": (horizon_tables,),
    "05_region_comparison": (theme_tables, region_terms, horizon_tables),
}

#: The jobs whose tables :func:`helpers.export.analysis_tables` exports.
EXPORTED: tuple[Callable[[Tables], None], ...] = (keyword_counts, theme_tables, horizon_tables)


def needs(notebook: str | Path) -> tuple[Callable[[Tables], None], ...]:
    """The jobs whose tables a notebook reads (:data:`NEEDS`; every job for another notebook)."""
    return NEEDS.get(Path(notebook).stem, JOBS)


def precompute(tables: Tables, *, workers: int | None = None,
               jobs: tuple[Callable[[Tables], None], ...] = JOBS) -> None:
    """Compute every table of ``jobs`` into ``tables``' store.

    Args:
        tables: the store of a corpus.
        workers: processes (``None``: one per core); with one, the jobs run here.
        jobs: the jobs to run (default :data:`JOBS`).
    """
    tables.corpus  # parsed and stored once, before the workers read it
    n = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if n == 1:
        for job in jobs:
            job(tables)
        return
    with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn")) as pool:
        for future in [pool.submit(run_job, job, tables.folder, tables.as_of, tables.path.parent) for job in jobs]:
            future.result()


def run_job(job: Callable[[Tables], None], folder: Path, as_of: date | str | None, store: Path) -> str:
    """Run one job in a worker process on the stored corpus of ``folder``; the job's name.

    A worker opens the corpus' store once and keeps the corpus for the jobs it runs next,
    but not their tables: a worker holds one job's tables at a time.
    """
    tables = worker_tables(folder, as_of, store)
    try:
        job(tables)
    finally:
        tables.release(corpus=False)  # the next job reads what it needs from the store
    return job.__name__


_worker_tables: Tables | None = None


def worker_tables(folder: Path, as_of: date | str | None, store: Path) -> Tables:
    """The store of ``folder`` this worker process keeps (opened on first use)."""
    global _worker_tables
    if _worker_tables is None or (_worker_tables.folder, _worker_tables.as_of, _worker_tables.path.parent) != (
            Path(folder), as_of, Path(store)):
        _worker_tables = Tables(folder, as_of=as_of, store=store)
    return _worker_tables


def let_go() -> None:
    """Drop the corpus a worker kept for its table jobs and hand the freed memory back to
    the system (glibc's ``malloc_trim``, where there is one). A worker calls it before a
    task that needs no corpus of its own (running a notebook, whose kernel is another
    process), so the pool does not hold a corpus per worker while the kernels hold theirs."""
    global _worker_tables
    _worker_tables = None
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory stays with the process, for reuse
        pass


__all__ = ["EXPORTED", "JOBS", "NEEDS", "let_go", "needs", "precompute", "run_job", "worker_tables"]
