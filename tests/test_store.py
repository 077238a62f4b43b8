"""The store: every table computed once per corpus, read back exactly, keyed by content."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from helpers import horizons, keywords, store, themes
from helpers.paths import RAW_DIR


@pytest.fixture
def folder(tmp_path):
    corpus = tmp_path / "articles"
    shutil.copytree(RAW_DIR, corpus)
    return corpus


@pytest.fixture
def where(tmp_path):
    return tmp_path / "store"


def test_tables_read_back_equal_what_was_computed(folder, where):
    first = store.open_tables(folder, store=where, workers=1)
    computed = {
        "horizons": first.get(horizons.extract_horizons, first.corpus),
        "counts": first.get(keywords.ngram_counts, first.corpus, by="region", fillers=True),
        "topics": first.get(themes.topic_model, first.corpus, n_topics=3, random_state=0),
    }
    again = store.open_tables(folder, store=where, workers=1)
    for name in ("articles", "paragraphs", "sentences", "problems"):
        pd.testing.assert_frame_equal(getattr(first.corpus, name), getattr(again.corpus, name))
    pd.testing.assert_frame_equal(computed["horizons"], again.get(horizons.extract_horizons, again.corpus))
    pd.testing.assert_frame_equal(computed["counts"], again.get(keywords.ngram_counts, again.corpus, by="region", fillers=True))
    topics = again.get(themes.topic_model, again.corpus, n_topics=3, random_state=0)
    assert isinstance(topics, tuple) and len(topics) == 2
    for a, b in zip(computed["topics"], topics):
        pd.testing.assert_frame_equal(a, b)


def test_each_call_is_computed_once_across_notebooks(folder, where):
    calls = []

    def sentence_lengths(corpus, *, scale=1):
        calls.append(scale)
        return corpus.sentences.groupby("article_id").size().mul(scale).rename("n").reset_index()

    a = store.open_tables(folder, store=where, workers=1)
    b = store.open_tables(folder, store=where, workers=1)  # a second notebook, same corpus
    x = a.get(sentence_lengths, a.corpus, scale=2)
    y = b.get(sentence_lengths, b.corpus, scale=2)
    z = b.get(sentence_lengths, b.corpus, scale=3)  # other arguments: another table
    assert calls == [2, 3]
    pd.testing.assert_frame_equal(x, y)
    assert (z["n"] * 2 == x["n"] * 3).all()


def test_a_derived_table_is_keyed_by_the_table_it_came_from(folder, where):
    a = store.open_tables(folder, store=where, workers=1)
    by_region = a.get(keywords.ngram_counts, a.corpus, by="region", fillers=True)
    by_article = a.get(keywords.ngram_counts, a.corpus, by="article_id", fillers=True)
    d_region = a.get(keywords.distinctive_terms, by_region)
    d_article = a.get(keywords.distinctive_terms, by_article, group="article_id")
    assert set(d_region["group"]) != set(d_article["group"])


def test_key_follows_the_files_and_the_capture_date(folder):
    key = store.corpus_key(folder)
    assert store.corpus_key(folder) == key
    assert store.corpus_key(folder, as_of="2025-01-01") != key
    page = next(folder.glob("*.txt"))
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert store.corpus_key(folder) != key


def test_a_corrupt_entry_is_computed_again(folder, where):
    a = store.open_tables(folder, store=where, workers=1)
    expected = a.get(horizons.extract_horizons, a.corpus)
    for path in a.path.glob("extract_horizons.*.parquet"):
        path.write_bytes(b"not parquet")
    (a.path / "corpus.articles.parquet").write_bytes(b"\x00garbage")
    b = store.open_tables(folder, store=where, workers=1)
    pd.testing.assert_frame_equal(b.get(horizons.extract_horizons, b.corpus), expected)
    assert len(b.corpus.articles) == len(a.corpus.articles)


def test_the_store_keeps_only_recent_corpora(tmp_path, where, monkeypatch):
    monkeypatch.setattr(store, "KEEP", 2)
    made = []
    for i in range(3):
        folder = tmp_path / f"c{i}"
        shutil.copytree(RAW_DIR, folder)
        (folder / "extra.txt").write_text(f"Note {i}: the province will plant trees by 2030.\n", encoding="utf-8")
        t = store.open_tables(folder, store=where, workers=1)
        t.corpus
        made.append(t.path)
    assert not made[0].exists() and made[1].exists() and made[2].exists()


def test_the_key_never_reads_through_a_link_or_a_pipe(folder):
    """A link to a device outside the corpus, or a pipe, would block or never end if read:
    the key takes a link's target name and skips what is not a file."""
    import os

    os.symlink("/dev/zero", folder / "zero.txt")
    os.mkfifo(folder / "pipe.txt")
    key = store.corpus_key(folder)  # returns at once
    os.remove(folder / "zero.txt")
    os.symlink("/dev/null", folder / "zero.txt")
    assert store.corpus_key(folder) != key


def test_a_later_argument_is_read_only_when_the_table_it_feeds_is_not_stored(folder, where):
    calls = []

    def lengths(corpus):
        calls.append("lengths")
        return corpus.sentences.groupby("article_id").size().rename("n").reset_index()

    def doubled(table):
        calls.append("doubled")
        return table.assign(n=table["n"] * 2)

    first = store.open_tables(folder, store=where, workers=1)
    eager = first.get(doubled, first.get(lengths, first.corpus))
    again = store.open_tables(folder, store=where, workers=1)
    lazy = again.get(doubled, again.later(lengths, again.corpus))  # the same key as the eager call
    assert calls == ["lengths", "doubled"]  # nothing computed again
    assert not any(entry.startswith("lengths.") for entry in again._memory)  # and the input never read
    pd.testing.assert_frame_equal(eager, lazy)
    fresh = store.open_tables(folder, store=where / "other", workers=1)
    pd.testing.assert_frame_equal(fresh.get(doubled, fresh.later(lengths, fresh.corpus)), eager)
    assert calls == ["lengths", "doubled", "lengths", "doubled"]  # computed when not stored


def test_a_stored_corpus_reads_its_tables_when_first_used(folder, where):
    store.open_tables(folder, store=where, workers=1).corpus  # parsed and stored
    corpus = store.open_tables(folder, store=where, workers=1).corpus
    assert len(corpus.articles) == 2 and list(corpus._parts) == ["articles"]
    assert len(corpus.sentences) == corpus.articles["n_sentences"].sum()
