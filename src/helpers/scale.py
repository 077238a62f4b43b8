"""Run the same helpers on a Dask cluster: per-partition maps, then exact reductions.

Every analysis here is a per-article map followed by sums, so a corpus too large for one
machine (or one patient user) is split into partitions of files, each partition is parsed
and analysed on a worker with exactly the functions the notebooks use, and the small
per-partition tables are reduced on the client. Nothing is implemented twice: the
reductions only concatenate, re-sort and re-sum.

When to use it: from tens of thousands of articles up, or when a cluster is already at
hand. For the bundled corpus and a few thousand articles ``load_corpus(..., workers=None)``
on one machine is simpler and as fast.

Usage::

    from helpers import scale
    tables = scale.run_pipeline("path/to/articles", as_of="2025-03-02")              # LocalCluster
    tables = scale.run_pipeline("path/to/articles", address="tcp://scheduler:8786")  # your cluster

The folder must be readable from every worker (a shared file system) when you point at a
remote cluster; the bundled LocalCluster shares this machine's disk.
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path
from typing import Iterator, Sequence

import pandas as pd

from helpers import corpus as corpus_mod
from helpers.pipeline import ANALYSES, CORPUS_TABLES, combine_chunks, process_chunk  # noqa: F401 (CORPUS_TABLES re-exported)


@contextlib.contextmanager
def connect(address: str | None = None, *, n_workers: int = 2) -> Iterator[object]:
    """A ``dask.distributed`` client: to ``address`` if given, else a LocalCluster.

    Args:
        address: a scheduler address such as ``"tcp://10.0.0.5:8786"``; ``None`` starts a
            :class:`~dask.distributed.LocalCluster` with ``n_workers`` single-threaded
            worker processes on this machine and closes it afterwards.
        n_workers: worker processes for the LocalCluster.
    """
    from dask.distributed import Client, LocalCluster

    if address:
        client = Client(address)
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def run_pipeline(
    source: str | Path | Sequence[str | Path],
    *,
    as_of: date | str | None = None,
    analyses: Sequence[str] = ANALYSES,
    client: object | None = None,
    address: str | None = None,
    partition_size: int = 500,
    max_bytes: int = corpus_mod.MAX_BYTES,
) -> dict[str, pd.DataFrame]:
    """Parse and analyse a corpus on a Dask cluster; results equal the in-memory path.

    Args:
        source: a folder, file or list of files, as for :func:`helpers.load_corpus`.
        as_of: the capture date for files the manifest does not date.
        analyses: any of ``ngram_counts`` (1-3-grams over the corpus), ``theme_scores``
            (per article) and ``horizons``, computed as :mod:`helpers.pipeline` does.
        client: an existing ``dask.distributed.Client``; if ``None``, one is made with
            :func:`connect` (``address`` or a LocalCluster).
        address: scheduler address used when no ``client`` is given.
        partition_size: files per partition (one task each).
        max_bytes: files larger than this are reported as too large.

    Returns:
        ``{"articles", "paragraphs", "sentences", "problems", *analyses}``: the same
        tables, in the same order, that ``load_corpus`` and the analysis functions give on
        one machine (``tests/test_scale.py`` checks this).
    """
    unknown = set(analyses) - set(ANALYSES)
    if unknown:
        raise ValueError(f"unknown analyses: {sorted(unknown)}")
    if client is None:
        with connect(address) as own:
            return run_pipeline(source, as_of=as_of, analyses=analyses, client=own,
                                partition_size=partition_size, max_bytes=max_bytes)
    tasks, manifest_problems = corpus_mod.plan_inputs(source, as_of=as_of, max_bytes=max_bytes)
    chunks = [tasks[i:i + partition_size] for i in range(0, len(tasks), partition_size)] or [[]]
    # Each worker parses and analyses its partition with the very function the local
    # pipeline runs on each core; only the per-partition tables come back, and duplicates
    # across partitions are settled here, as on one machine.
    futures = client.map(process_chunk, chunks, [tuple(analyses)] * len(chunks), pure=False)
    results = client.gather(futures)
    return combine_chunks(tasks, chunks, results, manifest_problems, analyses)
