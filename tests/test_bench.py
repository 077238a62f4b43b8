"""The benchmark runs end to end on tiny corpora and reports what issue 7 asks for."""

from __future__ import annotations

import io

import pytest

from benchmarks import bench

pytestmark = pytest.mark.slow


def test_bench_prints_stages_ratios_memory_and_targets(tmp_path):
    out = io.StringIO()
    stages = ["load_corpus", "ngram_counts(1,3)", "pipeline (all cores)", "CountVectorizer(1,3)"]
    results = bench.run([30, 60], stages=stages, repeat=1, rounds=1, root=tmp_path, out=out)
    text = out.getvalue()
    assert len(results) == 8 and all(r["seconds"] > 0 for r in results)
    for r in results:
        # the sampled peak of all processes is at least the stage process's own peak
        assert r["tree_peak_mb"] >= r["peak_rss_mb"] > 0
        assert r["articles"] == r["n"]  # the generated pages all parse
    assert "pipeline (all cores) vs CountVectorizer(1,3):" in text
    assert "Scaling, 60 vs 30 articles" in text
    assert "Targets on 60 articles:" in text and "peak memory, all processes" in text
    assert (tmp_path / "n30" / bench.SAMPLE_DIR).is_dir()


def test_stage_names_with_commas_are_split_right():
    assert bench.split_stage_names("ngram_counts(1,3),CountVectorizer(1,3)") == [
        "ngram_counts(1,3)", "CountVectorizer(1,3)"]
    assert bench.split_stage_names("nonsense,load_corpus") == ["nonsense,load_corpus"]


def test_rounds_keep_the_fastest_time_and_the_largest_memory(tmp_path):
    out = io.StringIO()
    results = bench.run([30], stages=["pipeline (all cores)", "CountVectorizer(1,3)"], repeat=1, rounds=2,
                        root=tmp_path, out=out)
    assert "best of 1 x 2 rounds" in out.getvalue() and "; rounds " in out.getvalue()
    for r in results:
        assert len(r["round_seconds"]) == 2 and r["seconds"] == min(r["round_seconds"])


def test_best_of_rounds_takes_time_and_memory_from_the_right_rounds():
    def run(seconds, peak, before, tree):
        return {"stage": "s", "seconds": seconds, "peak_rss_mb": peak, "rss_before_mb": before,
                "tree_peak_mb": tree, "worker_peak_rss_mb": 0}

    (best,) = bench.best_of_rounds([[run(3.0, 100, 60, 150)], [run(2.0, 90, 55, 170)]])
    assert best["seconds"] == 2.0 and best["round_seconds"] == [3.0, 2.0]
    assert (best["peak_rss_mb"], best["rss_before_mb"], best["tree_peak_mb"]) == (100, 60, 170)
