"""Corpus-at-a-glance tables for notebook 01 (and the report index).

Each function takes a :class:`~helpers.corpus.Corpus` (or its ``articles`` table) and
returns a small tidy table, sorted with explicit tie-breakers.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from helpers.corpus import Corpus
from helpers.dates import EXACT_BASES
from helpers.lexicons import NO_REGION


def article_table(corpus: Corpus, *, title_width: int | None = None) -> pd.DataFrame:
    """The articles as a reader wants them listed.

    Returns:
        Columns ``article_id``, ``title`` (whole, or shortened to ``title_width``
        characters when given),
        ``region``, ``region_basis``, ``source``, ``release_raw``, ``published`` (the
        window as ``YYYY-MM-DD .. YYYY-MM-DD``, or ``unknown``), ``published_basis`` (the
        clues that decided it: release_time, date_line, dateline, text dates, capture
        date), ``n_paragraphs``,
        ``n_sentences``, ``n_words``; sorted by region, then article id.
    """
    a = corpus.articles
    title = a["title"].fillna("(no title)")
    short = title if title_width is None else title.where(
        title.str.len() <= title_width, title.str.slice(0, title_width - 1) + "…")
    out = pd.DataFrame(
        {
            "article_id": a["article_id"],
            "title": short,
            "region": a["region"].fillna(NO_REGION),
            "region_basis": a["region_basis"],
            "source": a["source"].fillna("unknown"),  # as counts_by names it
            "release_raw": a["release_raw"].fillna("none"),  # the page has no release line
            "published": window_labels(a),
            "published_basis": a["published_basis"] if "published_basis" in a else "none",
            "n_paragraphs": a["n_paragraphs"],
            "n_sentences": a["n_sentences"],
            "n_words": a["n_words"],
        }
    )
    return out.sort_values(["region", "article_id"], kind="stable").reset_index(drop=True)


def with_titles(table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``table`` with each row's article title beside its ``article_id`` (and the
    article's region when the table has none), so an article-level row can be read
    without looking the id up.

    >>> a = pd.DataFrame({"article_id": ["x"], "title": ["Hubei's Yangtze plan"], "region": ["Hubei"]})
    >>> with_titles(pd.DataFrame({"article_id": ["x", "x"], "goal": ["a", "b"]}), a).columns.tolist()
    ['article_id', 'title', 'region', 'goal']
    """
    info = articles.set_index("article_id")
    out = table.drop(columns=[c for c in ("title",) if c in table.columns])
    at = out.columns.get_loc("article_id") + 1
    out.insert(at, "title", out["article_id"].map(info["title"]).fillna("(no title)"))
    if "region" not in out.columns:
        out.insert(at + 1, "region", out["article_id"].map(info["region"]))
    return out


def window_labels(articles: pd.DataFrame) -> pd.Series:
    """``"YYYY-MM-DD .. YYYY-MM-DD"`` per article (one date for a one-day window; an open
    side stays empty: ``".. 2025-01-15"`` for a page bounded only by its capture date).

    >>> a = pd.DataFrame({"published_min": pd.to_datetime(["2024-01-01", None, None]),
    ...                   "published_max": pd.to_datetime(["2024-01-31", "2025-01-15", None])})
    >>> window_labels(a).tolist()
    ['2024-01-01 .. 2024-01-31', '.. 2025-01-15', 'unknown']
    """
    lo = articles["published_min"].dt.strftime("%Y-%m-%d").fillna("")
    hi = articles["published_max"].dt.strftime("%Y-%m-%d").fillna("")
    label = (lo + " .. " + hi).str.strip().where(lo != hi, lo)
    return label.where(label != "", "unknown").astype(object)


def counts_by(articles: pd.DataFrame, column: str, *, missing: str = "unknown") -> pd.DataFrame:
    """Number of articles and words per value of ``column`` (e.g. ``region``, ``source``).

    Returns:
        Columns ``column``, ``articles``, ``words``; most articles first, then by name.

    >>> a = pd.DataFrame({"region": ["Shanxi", None, "Shanxi"], "n_words": [10, 5, 20]})
    >>> counts_by(a, "region").values.tolist()
    [['Shanxi', 2, 30], ['unknown', 1, 5]]
    """
    key = articles[column].fillna(missing).astype(str)
    out = (
        pd.DataFrame({column: key, "n_words": articles["n_words"]})
        .groupby(column, as_index=False)
        .agg(articles=("n_words", "size"), words=("n_words", "sum"))
    )
    return out.sort_values(["articles", column], ascending=[False, True], kind="stable").reset_index(drop=True)


def length_table(corpus: Corpus) -> pd.DataFrame:
    """Lengths in long form: one row per article and measure.

    Returns:
        Columns ``article_id``, ``measure`` (``paragraphs``, ``sentences``, ``words``,
        ``words_per_sentence``), ``value``.
    """
    a = corpus.articles
    wide = pd.DataFrame(
        {
            "article_id": a["article_id"],
            "paragraphs": a["n_paragraphs"].astype(float),
            "sentences": a["n_sentences"].astype(float),
            "words": a["n_words"].astype(float),
            "words_per_sentence": (a["n_words"] / a["n_sentences"].where(a["n_sentences"] > 0)).round(1),
        }
    )
    long = wide.melt(id_vars="article_id", var_name="measure", value_name="value")
    return long.sort_values(["measure", "article_id"], kind="stable").reset_index(drop=True)


def paragraph_kinds(corpus: Corpus) -> pd.DataFrame:
    """Paragraphs per article and kind (body, caption, heading) and language.

    Returns:
        Columns ``article_id``, ``body``, ``caption``, ``heading``, ``untranslated``.
    """
    p = corpus.paragraphs
    kind = p["kind"].where(p["lang"] == "en", "untranslated")
    table = pd.crosstab(p["article_id"], kind)
    for col in ("body", "caption", "heading", "untranslated"):
        if col not in table.columns:
            table[col] = 0
    table = table[["body", "caption", "heading", "untranslated"]].reset_index()
    table.columns.name = None
    return table.sort_values("article_id", kind="stable").reset_index(drop=True)


def corpus_summary(corpus: Corpus) -> dict[str, object]:
    """Headline figures of a corpus (the report's index page, notebook summaries).

    Returns:
        ``articles`` (int), ``regions`` (list of ``(region, articles)``, most first,
        ``unknown`` for undetected), ``first``/``last`` (earliest window start and latest
        window end as ``YYYY-MM-DD``, or ``None``), ``undated`` (articles without a
        window), ``unreadable`` (files with an error), ``warned`` (files read with
        warnings), ``paragraphs``, ``sentences`` and ``words`` (ints).
    """
    a, p = corpus.articles, corpus.problems
    regions = a["region"].fillna(NO_REGION).value_counts().rename_axis("region").reset_index(name="n")
    regions = regions.sort_values(["n", "region"], ascending=[False, True], kind="stable")
    lo, hi = a["published_min"].min(), a["published_max"].max()
    errors = p.loc[p["severity"] == "error", "path"]
    warned = p.loc[(p["severity"] == "warning") & ~p["path"].isin(errors), "path"]
    return {
        "articles": len(a),
        "regions": list(zip(regions["region"].astype(str), regions["n"].astype(int))),
        "first": None if pd.isna(lo) else lo.strftime("%Y-%m-%d"),
        "last": None if pd.isna(hi) else hi.strftime("%Y-%m-%d"),
        "undated": int((a["published_min"].isna() & a["published_max"].isna()).sum()),
        "unreadable": int(errors.nunique()),
        "warned": int(warned.nunique()),
        # the articles' own counts: the summary needs no paragraph or sentence table
        "paragraphs": int(a["n_paragraphs"].sum()),
        "sentences": int(a["n_sentences"].sum()),
        "words": int(a["n_words"].sum()),
    }


def summary_text(summary: Mapping[str, object], *, max_regions: int = 10) -> str:
    """One plain-text paragraph from :func:`corpus_summary`; the regions with the most
    articles are named, up to ``max_regions``.

    >>> summary_text({"articles": 2, "regions": [("Shanxi", 1), ("Shanghai", 1)],
    ...               "first": "2024-01-01", "last": "2024-11-30", "undated": 0,
    ...               "unreadable": 1, "warned": 0, "paragraphs": 9, "sentences": 40,
    ...               "words": 1200})  # doctest: +NORMALIZE_WHITESPACE
    '2 articles (9 paragraphs, 40 sentences, 1,200 words) from 2 regions: Shanghai (1),
    Shanxi (1). Publication windows span 2024-01-01 to 2024-11-30. 1 file could not be
    read; see the problems table in the corpus overview.'
    """
    n = int(summary["articles"])
    regions = list(summary["regions"])
    named = sorted(regions, key=lambda rn: (-int(rn[1]), str(rn[0])))
    region_list = ", ".join(f"{r} ({k})" for r, k in named[:max_regions])
    if len(named) > max_regions:
        region_list += f" and {len(named) - max_regions} more"
    parts = [
        f"{plural(n, 'article')} ({summary['paragraphs']:,} paragraphs, {summary['sentences']:,} sentences, "
        f"{summary['words']:,} words) from {plural(len(regions), 'region')}"
        + (f": {region_list}." if regions else ".")
    ]
    if summary["first"]:
        parts.append(f"Publication windows span {summary['first']} to {summary['last']}.")
    if summary["undated"]:
        parts.append(f"{plural(int(summary['undated']), 'article')} could not be dated.")
    problems = []
    if summary["unreadable"]:
        problems.append(f"{plural(int(summary['unreadable']), 'file')} could not be read")
    if summary["warned"]:
        problems.append(f"{plural(int(summary['warned']), 'file')} needed repairs or guesses")
    if problems:
        parts.append("; ".join(problems) + "; see the problems table in the corpus overview.")
    else:
        parts.append("Every file was read cleanly.")
    return " ".join(parts)


def groups_shown(shown: pd.DataFrame, counts: pd.DataFrame | int, unit: str, *, column: str = "group") -> str:
    """Which groups a figure of ``shown`` draws out of those in ``counts`` (or out of
    ``counts`` groups, a number), in words.

    >>> all_ = pd.DataFrame({"group": list("abcd")})
    >>> groups_shown(all_[all_.group < "c"], all_, "region"), groups_shown(all_, all_, "region")
    ('The 2 largest of 4 regions (the others are in the exported tables)', 'All 4 regions')
    >>> groups_shown(all_, 10, "article")
    'The 4 largest of 10 articles (the others are in the exported tables)'
    """
    n_shown = shown[column].nunique()
    n_all = counts if isinstance(counts, int) else counts[column].nunique()
    if n_shown >= n_all:
        return f"All {plural(n_all, unit)}" if n_all != 1 else f"The one {unit}"
    return f"The {n_shown:,} largest of {plural(n_all, unit)} (the others are in the exported tables)"


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, pluralised with an "s" unless ``n`` is 1.

    >>> plural(1, "file"), plural(1200, "article")
    ('1 file', '1,200 articles')
    """
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def corpus_caveats(corpus: Corpus) -> list[str]:
    """The caveats that depend on the corpus at hand, as sentences computed from its tables.

    Notebooks print these under "Notes and caveats" (:func:`caveats_markdown`), so no
    sentence written for one corpus appears on another: how many articles and regions
    there are, how many regions rest on one article, how the articles were dated, how
    many windows span two years, and how many articles have no region.

    >>> from helpers.corpus import parse_article
    >>> print(corpus_caveats(parse_article("Hainan will plant trees by 2027. Hainan acts.", captured_on="2025-01-15"))[0])
    1 article from 1 region: comparisons describe these texts, not the regions' policies.
    """
    a = corpus.articles
    n = len(a)
    if n == 0:
        return ["The corpus holds no article: there is nothing to compare."]
    region = a["region"].fillna(NO_REGION).astype(str)
    places = region[~region.isin([NO_REGION, "national"])]
    per_region = places.value_counts()
    out = []
    text = f"{plural(n, 'article')} from {plural(per_region.size, 'region')}"
    if (region == "national").any():
        text += f" and {plural(int((region == 'national').sum()), 'national page')}"
    if n < 10:
        out.append(f"{text}: comparisons describe these texts, not the regions' policies.")
    else:
        out.append(f"{text}.")
    single = int((per_region == 1).sum())
    if single:
        who = (f"Each of the {plural(single, 'region')} rests" if single == per_region.size and single > 1
               else "The one region rests" if single == per_region.size
               else f"{single} of {plural(per_region.size, 'region')} rest")
        out.append(f"{who} on one article, so a region's profile is an article's profile: differences may "
                   "reflect the kind of article more than the region.")
    basis = a["published_basis"].fillna("none") if "published_basis" in a else pd.Series(["none"] * n)
    exact = int(basis.isin(EXACT_BASES).sum())
    bounded = n - exact - int((basis == "none").sum())
    dated = [f"{exact} of {plural(n, 'article')} are dated by their own release time, date line or dateline"]
    if bounded:
        dated.append(f"{bounded} only by bounds (dates and past years in the text, the capture date)")
    if (basis == "none").any():
        dated.append(f"{int((basis == 'none').sum())} not at all")
    tail = ": the status of their horizons rests partly on grammar (`status_basis`)." if exact < n else "."
    out.append("; ".join(dated) + tail)
    lo, hi = a["published_min"], a["published_max"]
    spans = int(((lo.dt.year != hi.dt.year) & lo.notna() & hi.notna()).sum())
    if spans:
        verb = "spans" if spans == 1 else "span"
        out.append(f"{plural(spans, 'publication window')} {verb} two or more calendar years; a horizon in "
                   "those years counts as current unless its wording reports it as done.")
    unknown = int((region == NO_REGION).sum())
    if unknown:
        out.append(f"{plural(unknown, 'article')} name no region (`{NO_REGION}`); the problems table says why.")
    return out


def caveats_markdown(corpus: Corpus) -> str:
    """:func:`corpus_caveats` as a Markdown list, for ``IPython.display.Markdown``."""
    return "\n".join(f"* {c}" for c in corpus_caveats(corpus))
