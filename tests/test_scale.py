"""The Dask path gives exactly the in-memory results (LocalCluster, two workers)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import scale
from helpers.corpus import load_corpus
from tests.conftest import SEED_PAGES, make_page

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client():
    with scale.connect(n_workers=2) as c:
        yield c


@pytest.fixture
def folder(write_files):
    files = {f"p{i:02d}.txt": make_page(title=f"Plan {i} for a beautiful {region}", region=f"Region{region}",
                                        body=[f"{region} will cut coal use by {i}% by 2027. The city will plant trees.",
                                              f"By 2035, {region} will be beautiful. Carbon emissions will peak."])
             for i, region in enumerate(["Hainan", "Hubei", "Hunan", "Shanxi", "Shaanxi", "Yunnan"] * 3)}
    files.update(SEED_PAGES)
    files["copy_of_p01.txt"] = files["p01.txt"]
    files["broken.bin"] = b"\x00\x01" * 500
    files["manifest.csv"] = "file,url,captured_on\np00.txt,,2024-06-30\nmissing.txt,,2024-01-01\n"
    return write_files(files)


def test_corpus_tables_equal_in_memory(client, folder):
    local = load_corpus(folder, as_of="2025-01-15")
    dist = scale.run_pipeline(folder, as_of="2025-01-15", analyses=(), client=client, partition_size=4)
    for name in scale.CORPUS_TABLES:
        pd.testing.assert_frame_equal(dist[name], getattr(local, name), check_dtype=True)
    assert "copy_of_p01.txt" in set(dist["problems"]["path"]) | set(dist["articles"]["path"])
    assert (dist["problems"]["code"] == "duplicate").sum() == 1


def test_analyses_equal_in_memory(client, folder):
    from helpers.horizons import extract_horizons
    from helpers.keywords import ngram_counts
    from helpers.themes import theme_scores

    local = load_corpus(folder, as_of="2025-01-15")
    dist = scale.run_pipeline(folder, as_of="2025-01-15", client=client, partition_size=5)
    pd.testing.assert_frame_equal(dist["ngram_counts"], ngram_counts(local, n=(1, 3)))
    pd.testing.assert_frame_equal(dist["theme_scores"], theme_scores(local, level="article"))
    pd.testing.assert_frame_equal(dist["horizons"], extract_horizons(local))
    assert len(dist["horizons"]) > 0 and dist["ngram_counts"]["count"].sum() > 0
