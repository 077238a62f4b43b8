"""Region profiles side by side, and what differs between them, computed from the tables.

Notebook 05 calls these. Each function takes tables the analysis modules already made
(articles, theme scores per region, distinctive terms per region, horizons) so nothing is
recomputed, and returns a tidy table. The "what differs" findings are sentences generated
from numbers in those tables, never written by hand.
"""

from __future__ import annotations

import pandas as pd

from helpers.overview import window_labels
from helpers.lexicons import NO_REGION

#: Horizon statuses in reading order.
STATUS_ORDER = ("past", "current", "future")


def _region_key(series: pd.Series) -> pd.Series:
    return series.fillna(NO_REGION).astype(str)


def drop_place_names(distinctive: pd.DataFrame, names: pd.DataFrame | None = None) -> pd.DataFrame:
    """Distinctive terms without those about a place (:func:`helpers.keywords.is_place_term`:
    region, alias and city names, their parts, administrative words).

    A region's own name is always "distinctive" of it and says nothing about its policy,
    nor does a figure it quotes ("86.42 million", "reach 96%"), nor, given ``names``
    (:func:`helpers.keywords.name_words`), a lake, river or person the gazetteer does not
    know; this leaves the terms that do.

    >>> t = pd.DataFrame({"ngram": ["beautiful shanxi", "coal", "xi'an", "xi jinping", "inner circle", "inner",
    ...                             "86.42 million"]})
    >>> drop_place_names(t)["ngram"].tolist()
    ['coal', 'xi jinping', 'inner circle']
    """
    from helpers.keywords import non_policy_terms

    if distinctive.empty:
        return distinctive.reset_index(drop=True)
    return distinctive[~non_policy_terms(distinctive["ngram"], names=names)].reset_index(drop=True)


def region_overview(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles, words and publication span per region.

    Returns:
        Columns ``region``, ``articles``, ``words``, ``published`` (earliest window start
        .. latest window end, or ``unknown``), ``sources``; sorted by region.
    """
    a = articles.assign(region=_region_key(articles["region"]))
    grouped = a.groupby("region", sort=True)
    out = grouped.agg(
        articles=("article_id", "size"),
        words=("n_words", "sum"),
        published_min=("published_min", "min"),
        published_max=("published_max", "max"),
        sources=("source", lambda s: ", ".join(sorted(set(s.dropna()))) or "unknown"),  # as counts_by names it
    ).reset_index()
    out["published"] = window_labels(out)
    return out[["region", "articles", "words", "published", "sources"]]


def top_themes(theme_scores: pd.DataFrame, *, k: int = 3) -> pd.DataFrame:
    """The ``k`` themes with the most hits per 1,000 words in each region.

    Args:
        theme_scores: ``helpers.themes.theme_scores(corpus, level="region")``.
        k: themes per region.

    Returns:
        Columns ``region``, ``rank``, ``theme``, ``per_1k_words``, ``share``; themes with
        no hits are left out; ties broken by theme name.
    """
    t = theme_scores[theme_scores["hits"] > 0]
    t = t.sort_values(["region", "per_1k_words", "theme"], ascending=[True, False, True], kind="stable")
    t = t.groupby("region", sort=True).head(k).copy()
    t["rank"] = t.groupby("region").cumcount() + 1
    return t[["region", "rank", "theme", "per_1k_words", "share"]].reset_index(drop=True)


def horizon_stages(horizons: pd.DataFrame) -> pd.DataFrame:
    """Goal clauses per region, target year and status.

    Args:
        horizons: ``helpers.horizons.extract_horizons(corpus)``.

    Returns:
        Columns ``region``, ``target_year``, ``status``, ``goals`` (goal clauses),
        ``articles``; sorted by region, year, status.
    """
    cols = ["region", "target_year", "status", "goals", "articles"]
    if horizons.empty:
        return pd.DataFrame(columns=cols)
    h = horizons.assign(region=_region_key(horizons["region"]))
    h = h[h["target_year"].notna()]
    out = (
        h.groupby(["region", "target_year", "status"], sort=True, dropna=False)
        .agg(goals=("goal_text", "size"), articles=("article_id", "nunique"))
        .reset_index()
    )
    out["target_year"] = out["target_year"].astype(int)
    return out[cols]


def region_profiles(
    articles: pd.DataFrame,
    theme_scores: pd.DataFrame,
    distinctive: pd.DataFrame,
    horizons: pd.DataFrame,
    *,
    k: int = 3,
    wide: bool | None = None,
    max_wide: int = 6,
) -> pd.DataFrame:
    """One profile per region, as a table with one column per region (up to
    ``max_wide`` regions, so they read side by side) or one row per region.

    Args:
        articles: the corpus ``articles`` table.
        theme_scores: theme scores at region level.
        distinctive: ``helpers.keywords.distinctive_terms(corpus, group="region")``.
        horizons: the horizons table.
        k: how many themes and terms to list.
        wide: one column per region (``True``) or one row per region (``False``);
            ``None`` chooses wide up to ``max_wide`` regions.
        max_wide: the most regions shown side by side when ``wide`` is ``None``.

    Returns:
        Wide: index ``aspect`` (articles, words, published, sources, top themes,
        distinctive terms, horizon stages, future goals), one column per region, cells
        as text. Long: index ``region``, one column per aspect.
    """
    overview = region_overview(articles).set_index("region")
    themes = top_themes(theme_scores, k=k)
    stages = horizon_stages(horizons)
    regions = list(overview.index)
    rows: dict[str, dict[str, str]] = {}
    for region in regions:
        o = overview.loc[region]
        t = themes[themes["region"] == region]
        d = distinctive[(distinctive["group"] == region) & (distinctive["z"] > 0)]
        d = d.sort_values(["z", "ngram"], ascending=[False, True], kind="stable").head(k)
        s = stages[stages["region"] == region]
        rows[region] = {
            "articles": f"{int(o['articles'])}",
            "words": f"{int(o['words']):,}",
            "published": str(o["published"]),
            "sources": str(o["sources"]),
            "top themes (per 1,000 words)": "; ".join(
                f"{r.theme} ({r.per_1k_words:.1f})" for r in t.itertuples()) or "-",
            "distinctive terms (z)": "; ".join(f"{r.ngram} ({r.z:.1f})" for r in d.itertuples()) or "-",
            "horizon stages (goal clauses)": "; ".join(
                f"{r.target_year} {r.status if isinstance(r.status, str) else 'undecided'} ({r.goals})"
                for r in s.itertuples()) or "-",
            "future goal clauses": f"{int(s.loc[s['status'] == 'future', 'goals'].sum())}",
        }
    table = pd.DataFrame(rows)
    table.index.name = "aspect"
    if wide is False or (wide is None and len(regions) > max_wide):
        table = table.T
        table.index.name = "region"
        table.columns.name = None
    return table


def what_differs(
    theme_scores: pd.DataFrame,
    distinctive: pd.DataFrame,
    horizons: pd.DataFrame,
    *,
    min_ratio: float = 1.5,
    k: int = 5,
) -> pd.DataFrame:
    """Findings on how regions differ, each generated from the tables' numbers.

    Three kinds of finding:

    * ``theme``: the themes whose per-1,000-word rate differs most between the
      highest and lowest region (at least ``min_ratio`` times, or present in one and
      absent in another), strongest first;
    * ``terms``: each region's most distinctive term (largest positive z-score);
    * ``horizons``: which target years each region stages goals for, and which years
      only some regions use.

    Returns:
        Columns ``aspect``, ``region``, ``finding``, ``value`` (the number behind the
        finding) and ``measure`` (what that number is: a rate ratio; the rate per 1,000
        words where another region lacks the theme, so no ratio exists; a z-score; a
        count of target years); at most ``k`` theme findings. Empty when there are fewer
        than two regions.
    """
    rows: list[dict] = []
    scores = theme_scores.assign(region=_region_key(theme_scores["region"]))
    regions = sorted(scores["region"].unique())
    if len(regions) < 2:
        return pd.DataFrame(columns=_FINDING_COLUMNS)
    pivot = scores.pivot_table(index="theme", columns="region", values="per_1k_words", aggfunc="sum", fill_value=0.0)
    theme_rows = []
    for theme, rates in pivot.iterrows():
        hi_region = rates.sort_values(ascending=False, kind="stable").index[0]
        lo_region = rates.sort_values(ascending=True, kind="stable").index[0]
        hi, lo = float(rates[hi_region]), float(rates[lo_region])
        if hi <= 0:
            continue
        ratio = hi / lo if lo > 0 else float("inf")
        if ratio < min_ratio:
            continue
        if lo > 0:
            text = (f"{hi_region} mentions {theme} {ratio:.1f}x as often per 1,000 words as {lo_region} "
                    f"({hi:.1f} vs {lo:.1f}).")
        else:
            text = f"{hi_region} mentions {theme} ({hi:.1f} per 1,000 words); {lo_region} does not at all."
        value, measure = (round(ratio, 2), "rate ratio") if lo > 0 else (round(hi, 2), f"per 1,000 words ({lo_region}: 0)")
        theme_rows.append({"aspect": "theme", "region": hi_region, "finding": text,
                           "value": value, "measure": measure, "_key": (-ratio, -hi, theme)})
    theme_rows.sort(key=lambda r: r["_key"])
    for r in theme_rows[:k]:
        r.pop("_key")
        rows.append(r)

    for region in regions:
        d = distinctive[(distinctive["group"] == region) & (distinctive["z"] > 0)]
        d = d.sort_values(["z", "ngram"], ascending=[False, True], kind="stable")
        if len(d):
            top = d.iloc[0]
            rows.append({"aspect": "terms", "region": region,
                         "finding": f"{region}'s most distinctive term is '{top['ngram']}' (z = {top['z']:.2f}).",
                         "value": float(top["z"]), "measure": "z-score"})

    stages = horizon_stages(horizons)
    future = stages[stages["status"] == "future"]
    years_by_region = {r: sorted(future.loc[future["region"] == r, "target_year"].unique()) for r in regions}
    all_years = sorted({y for ys in years_by_region.values() for y in ys})
    for region in regions:
        years = years_by_region[region]
        current = stages[(stages["region"] == region) & (stages["status"] == "current")]
        if years:
            text = f"{region} stages future goals for {', '.join(str(y) for y in years)}"
            only = [y for y in years if sum(y in ys for ys in years_by_region.values()) == 1]
            if only and len(regions) > 1:
                text += f" ({', '.join(str(y) for y in only)} in no other region)"
            text += "."
        elif len(current):
            text = (f"{region} sets no future-dated goals; its {int(current['goals'].sum())} goal clauses are for "
                    f"the current year ({', '.join(str(y) for y in sorted(current['target_year'].unique()))}).")
        else:
            text = f"{region} states no dated goals."
        rows.append({"aspect": "horizons", "region": region, "finding": text, "value": float(len(years)),
                     "measure": "future target years"})
    if all_years:
        rows.append({"aspect": "horizons", "region": "all",
                     "finding": f"Target years in use across regions: {', '.join(str(y) for y in all_years)}.",
                     "value": float(len(all_years)), "measure": "target years"})
    return pd.DataFrame(rows, columns=_FINDING_COLUMNS)


_FINDING_COLUMNS = ["aspect", "region", "finding", "value", "measure"]
