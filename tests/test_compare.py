"""Region profiles and the computed "what differs" findings."""

from __future__ import annotations

import math

import pandas as pd

from helpers import compare
from helpers.corpus import load_corpus
from helpers.horizons import extract_horizons
from helpers.keywords import distinctive_terms
from helpers.themes import theme_scores
from tests.conftest import make_page


def _tables(corpus):
    return (
        theme_scores(corpus, level="region"),
        compare.drop_place_names(distinctive_terms(corpus, group="region")),
        extract_horizons(corpus),
    )


def test_profiles_on_seeds(seeds):
    scores, distinctive, horizons = _tables(seeds)
    profiles = compare.region_profiles(seeds.articles, scores, distinctive, horizons)
    assert list(profiles.columns) == ["Shanghai", "Shanxi"]
    assert profiles.loc["articles"].tolist() == ["1", "1"]
    assert profiles.loc["published", "Shanxi"] == "2024-09-16 .. 2024-10-15"
    assert profiles.loc["horizon stages (goal clauses)", "Shanghai"].startswith("2024 current")
    shanxi_stages = profiles.loc["horizon stages (goal clauses)", "Shanxi"]
    assert [part.split()[0] for part in shanxi_stages.split("; ")] == ["2027", "2035", "2050"]
    assert profiles.loc["future goal clauses", "Shanghai"] == "0"
    assert profiles.loc["top themes (per 1,000 words)", "Shanxi"].startswith("carbon_climate")
    # Place names are not "distinctive terms".
    assert "shanxi" not in profiles.loc["distinctive terms (z)", "Shanxi"]
    # Past max_wide regions (here 1) the same profiles come one row per region.
    long = compare.region_profiles(seeds.articles, scores, distinctive, horizons, max_wide=1)
    assert long.index.name == "region" and list(long.index) == ["Shanghai", "Shanxi"]
    pd.testing.assert_frame_equal(long.T.rename_axis(index="aspect", columns=None), profiles.rename_axis(columns=None),
                                  check_names=False)


def test_what_differs_on_seeds_is_computed_from_tables(seeds):
    scores, distinctive, horizons = _tables(seeds)
    findings = compare.what_differs(scores, distinctive, horizons)
    assert set(findings["aspect"]) == {"theme", "terms", "horizons"}
    hz = findings[findings.aspect == "horizons"].set_index("region")["finding"]
    assert hz["Shanxi"].startswith("Shanxi stages future goals for 2027, 2035, 2050")
    assert "current year (2024)" in hz["Shanghai"]
    # Each theme finding quotes the rates in the table it came from.
    pivot = scores.pivot_table(index="theme", columns="region", values="per_1k_words")
    for row in findings[findings.aspect == "theme"].itertuples():
        theme = next(t for t in pivot.index if f" {t} " in row.finding)
        rates = pivot.loc[theme]
        assert f"{rates.max():.1f}" in row.finding
        if rates.min() > 0:
            assert math.isclose(row.value, round(rates.max() / rates.min(), 2)) and row.measure == "rate ratio"
        else:  # no ratio exists: the value is the rate, and the measure says the other region has none
            assert math.isclose(row.value, round(rates.max(), 2)) and row.measure.endswith(": 0)")
    assert findings["value"].map(math.isfinite).all()


def test_what_differs_generated():
    scores = pd.DataFrame({
        "region": ["A", "A", "B", "B"], "theme": ["air", "water", "air", "water"],
        "hits": [10, 1, 2, 1], "per_1k_words": [10.0, 1.0, 2.0, 1.1], "share": [0.9, 0.1, 0.6, 0.4],
    })
    distinctive = pd.DataFrame({"group": ["A", "B"], "ngram": ["coal", "port"], "z": [2.5, 1.9]})
    horizons = pd.DataFrame({
        "article_id": ["a1", "a1", "b1"], "region": ["A", "A", "B"], "target_year": [2027, 2035, 2027],
        "status": ["future", "future", "future"], "goal_text": ["x", "y", "z"],
    })
    f = compare.what_differs(scores, distinctive, horizons, min_ratio=1.5)
    themes = f[f.aspect == "theme"]
    assert themes["finding"].tolist() == ["A mentions air 5.0x as often per 1,000 words as B (10.0 vs 2.0)."]
    assert f[(f.aspect == "horizons") & (f.region == "A")]["finding"].item() == (
        "A stages future goals for 2027, 2035 (2035 in no other region).")
    assert f[(f.aspect == "terms") & (f.region == "B")]["finding"].item() == (
        "B's most distinctive term is 'port' (z = 1.90).")
    one_region = compare.what_differs(scores[scores.region == "A"], distinctive, horizons)
    assert one_region.empty


def test_horizon_stages_counts():
    horizons = pd.DataFrame({
        "article_id": ["a", "a", "b", "c"], "region": ["X", "X", "X", None],
        "target_year": [2027.0, 2027.0, 2027.0, None], "status": ["future"] * 4, "goal_text": list("pqrs"),
    })
    stages = compare.horizon_stages(horizons)
    assert stages.to_dict("records") == [
        {"region": "X", "target_year": 2027, "status": "future", "goals": 3, "articles": 2}]


def test_an_article_without_a_region_has_one_label_everywhere(write_files):
    """Horizon tables, theme scores and n-gram groups name an undetected region alike,
    so the region comparison lines the same articles up."""
    from helpers.horizons import extract_horizons, horizon_summary
    from helpers.keywords import ngram_counts
    from helpers.lexicons import NO_REGION
    from helpers.themes import theme_scores

    page = make_page("A plan for cleaner air", ["By 2027, PM2.5 will fall by 10% and rivers will be cleaner."],
                     region=None)
    corpus = load_corpus(write_files({"x.txt": page}), as_of="2025-01-15")
    assert corpus.articles["region"].eq(NO_REGION).all()  # explicit, with a problems row
    assert corpus.problems["code"].eq("region").any()
    labels = {
        "horizons": set(horizon_summary(extract_horizons(corpus))["region"]),
        "themes": set(theme_scores(corpus, level="region")["region"]),
        "ngrams": set(ngram_counts(corpus, by="region")["group"]),
    }
    assert labels == {k: {NO_REGION} for k in labels}
