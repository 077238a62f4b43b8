"""The labelled folder of genre pages (tests/data/genre): the tables must stay trustworthy on it.

The pages were written for the tests by writers who had not read the code, in the genre of real
machine-translated pages (see tests/data/genre/README.md). These bars are the ones the project
holds itself to on real, unseen pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.corpus import load_corpus
from helpers.evaluate import evaluate, load_labels

GENRE = Path(__file__).parent / "data" / "genre"


@pytest.fixture(scope="module")
def scored():
    corpus = load_corpus(GENRE, as_of="2025-06-30")
    return corpus, evaluate(corpus, load_labels(GENRE / "labels.csv"))


def test_every_labelled_page_is_read(scored):
    corpus, result = scored
    assert len(corpus.articles) == len(load_labels(GENRE / "labels.csv")) >= 40
    assert corpus.problems.query("severity == 'error'").empty


@pytest.mark.parametrize("metric", ["region_accuracy", "target_year_precision", "target_year_recall"])
def test_genre_scores_hold_the_bar(scored, metric):
    _, result = scored
    value = result.metrics.set_index("metric").loc[metric, "value"]
    assert value >= 0.95, result.disagreements.to_string()


def test_every_page_has_a_region_or_national(scored):
    corpus, _ = scored
    assert corpus.articles["region"].notna().all()


def test_most_pages_are_dated_from_their_own_clues(scored):
    corpus, _ = scored
    basis = corpus.articles["published_basis"]
    assert (basis != "none").all()
    assert basis.isin(["release_time", "date_line", "dateline"]).mean() > 0.7
