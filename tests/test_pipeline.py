"""The multi-process pipeline gives exactly the single-process results."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks.generate import generate_corpus
from helpers import pipeline
from helpers.corpus import load_corpus
from helpers.horizons import extract_horizons
from helpers.keywords import ngram_counts
from helpers.themes import theme_scores


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gen")
    generate_corpus(folder, 240, seed=3)
    return load_corpus(folder, workers=1)


def test_two_workers_equal_direct_calls(generated):
    parallel = pipeline.analyse(generated, workers=2)
    pd.testing.assert_frame_equal(parallel["ngram_counts"], ngram_counts(generated, n=(1, 3)))
    pd.testing.assert_frame_equal(parallel["theme_scores"], theme_scores(generated, level="article"))
    pd.testing.assert_frame_equal(parallel["horizons"], extract_horizons(generated))


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
