"""The multi-process pipeline gives exactly the single-process results."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from benchmarks.generate import generate_corpus
from helpers import pipeline
from helpers.corpus import load_corpus
from helpers.horizons import extract_horizons
from helpers.keywords import ngram_counts
from helpers.themes import theme_scores


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """240 generated pages, plus copies: one beside its original, two far from theirs
    (in another chunk), two of one page together in a later chunk, and a broken file."""
    root = tmp_path_factory.mktemp("gen")
    generate_corpus(root, 240, seed=3)
    for i in (5, 150):
        shutil.copy(root / f"synthetic_{i:05d}.txt", root / f"zz_copy_{i}.txt")
    shutil.copy(root / "synthetic_00005.txt", root / "zz_copy_5b.txt")
    shutil.copy(root / "synthetic_00007.txt", root / "synthetic_00007b.txt")
    (root / "broken.txt").write_bytes(b"\x00\x01" * 300)
    return root


@pytest.fixture(scope="module")
def generated(folder):
    return load_corpus(folder, workers=1)


def _direct(corpus) -> dict[str, pd.DataFrame]:
    return {
        "articles": corpus.articles, "paragraphs": corpus.paragraphs, "sentences": corpus.sentences,
        "problems": corpus.problems, "ngram_counts": ngram_counts(corpus, n=(1, 3)),
        "theme_scores": theme_scores(corpus, level="article"), "horizons": extract_horizons(corpus),
    }


def test_two_workers_equal_direct_calls(generated):
    parallel = pipeline.analyse(generated, workers=2)
    want = _direct(generated)
    for name in pipeline.ANALYSES:
        pd.testing.assert_frame_equal(parallel[name], want[name])


@pytest.mark.parametrize("workers", [1, 2])
def test_run_pipeline_equals_load_corpus_and_the_analyses(folder, generated, workers, monkeypatch):
    # small chunks, so the copies of pages 5 and 150 land in other chunks than their originals
    monkeypatch.setattr(pipeline, "MIN_CHUNK", 20)
    tables = pipeline.run_pipeline(folder, workers=workers)
    want = _direct(generated)
    assert list(tables) == list(want)
    for name, table in want.items():
        pd.testing.assert_frame_equal(tables[name], table, obj=name)
    dups = tables["problems"][tables["problems"]["code"] == "duplicate"]
    assert sorted(dups["path"]) == ["synthetic_00007b.txt", "zz_copy_150.txt", "zz_copy_5.txt", "zz_copy_5b.txt"]
    # both later copies name the first one, although the chunk saw zz_copy_5 first
    assert set(dups.loc[dups["path"].str.startswith("zz_copy_5"), "message"].str.contains("'synthetic_00005.txt'")) == {True}
    assert len(tables["horizons"]) > 100 and tables["ngram_counts"]["count"].sum() > 10_000


@pytest.mark.parametrize("n_files, workers", [(1234, 2), (10_000, 2), (10_000, 8), (401, 2), (60, 2)])
def test_chunks_cover_the_files_in_order_and_shrink_at_the_end(n_files, workers):
    tasks = list(range(n_files))
    chunks = pipeline.chunk_tasks(tasks, workers)
    assert [t for c in chunks for t in c] == tasks
    sizes = [len(c) for c in chunks]
    assert sizes == sorted(sizes, reverse=True)  # never a larger chunk after a smaller one
    first = max(pipeline.MIN_CHUNK, min(pipeline.MAX_CHUNK, -(-n_files // (4 * workers))))
    assert sizes[0] == min(first, n_files)
    # the last round is small: at most a quarter of the first chunks (or MIN_CHUNK files)
    assert max(sizes[-workers:]) <= max(pipeline.MIN_CHUNK, first // 4)
    assert min(sizes[:-1], default=pipeline.MIN_CHUNK) >= pipeline.MIN_CHUNK  # only the last may be smaller


def test_chunks_of_no_files():
    assert pipeline.chunk_tasks([], 2) == [[]]


def test_partitions_cover_the_corpus_in_order(generated):
    parts = pipeline.partitions(generated, 7)
    assert len(parts) == 7
    ids = [i for p in parts for i in p.articles["article_id"]]
    assert ids == generated.articles["article_id"].tolist()
    assert sum(len(p.sentences) for p in parts) == len(generated.sentences)


def test_run_pipeline_on_seeds(seeds):
    tables = pipeline.run_pipeline("data/raw", workers=2)
    pd.testing.assert_frame_equal(tables["articles"], seeds.articles)
    assert set(tables) == {"articles", "paragraphs", "sentences", "problems", *pipeline.ANALYSES}
    with pytest.raises(ValueError, match="unknown analyses"):
        pipeline.analyse(seeds, analyses=("sentiment",))
    with pytest.raises(ValueError, match="unknown analyses"):
        pipeline.run_pipeline("data/raw", analyses=("sentiment",))


def test_run_pipeline_uses_the_parse_cache(folder, tmp_path):
    cache = tmp_path / "cache"
    first = pipeline.run_pipeline(folder, workers=2, cache=cache, analyses=("theme_scores",))
    entries = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(entries) == len(first["articles"]) + 4 + 1  # every file, copies and broken one too
    again = pipeline.run_pipeline(folder, workers=2, cache=cache, analyses=("theme_scores",))
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == entries
    pd.testing.assert_frame_equal(again["theme_scores"], first["theme_scores"])
