"""Corpus-at-a-glance tables for notebook 01 (and the report index).

Each function takes a :class:`~helpers.corpus.Corpus` (or its ``articles`` table) and
returns a small tidy table, sorted with explicit tie-breakers.
"""

from __future__ import annotations

import pandas as pd

from helpers.corpus import Corpus
from helpers.lexicons import NO_REGION


def article_table(corpus: Corpus, *, title_width: int = 70) -> pd.DataFrame:
    """The articles as a reader wants them listed.

    Returns:
        Columns ``article_id``, ``title`` (shortened to ``title_width`` characters),
        ``region``, ``region_basis``, ``source``, ``release_raw``, ``published`` (the
        window as ``YYYY-MM-DD .. YYYY-MM-DD``, or ``unknown``), ``n_paragraphs``,
        ``n_sentences``, ``n_words``; sorted by region, then article id.
    """
    a = corpus.articles
    title = a["title"].fillna("(no title)")
    short = title.where(title.str.len() <= title_width, title.str.slice(0, title_width - 1) + "…")
    out = pd.DataFrame(
        {
            "article_id": a["article_id"],
            "title": short,
            "region": a["region"].fillna(NO_REGION),
            "region_basis": a["region_basis"],
            "source": a["source"].fillna("-"),
            "release_raw": a["release_raw"].fillna("-"),
            "published": window_labels(a),
            "n_paragraphs": a["n_paragraphs"],
            "n_sentences": a["n_sentences"],
            "n_words": a["n_words"],
        }
    )
    return out.sort_values(["region", "article_id"], kind="stable").reset_index(drop=True)


def window_labels(articles: pd.DataFrame) -> pd.Series:
    """``"YYYY-MM-DD .. YYYY-MM-DD"`` per article (one date for a one-day window).

    >>> a = pd.DataFrame({"published_min": pd.to_datetime(["2024-01-01", None]),
    ...                   "published_max": pd.to_datetime(["2024-01-31", None])})
    >>> window_labels(a).tolist()
    ['2024-01-01 .. 2024-01-31', 'unknown']
    """
    lo = articles["published_min"].dt.strftime("%Y-%m-%d")
    hi = articles["published_max"].dt.strftime("%Y-%m-%d")
    label = (lo + " .. " + hi).where(lo != hi, lo)
    return label.fillna("unknown").astype(object)


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
    """Headline numbers of a corpus, for a one-paragraph description.

    Returns:
        A dict with ``articles``, ``regions`` (sorted names), ``sources``, ``words``,
        ``sentences``, ``unreadable`` (files in ``problems`` as errors), ``warnings``,
        ``published_from`` and ``published_to`` (ISO dates or ``None``).
    """
    a = corpus.articles
    p = corpus.problems
    lo, hi = a["published_min"].min(), a["published_max"].max()
    return {
        "articles": int(len(a)),
        "regions": sorted(a["region"].dropna().unique().tolist()),
        "sources": sorted(a["source"].dropna().unique().tolist()),
        "words": int(a["n_words"].sum()),
        "sentences": int(a["n_sentences"].sum()),
        "unreadable": int((p["severity"] == "error").sum()),
        "warnings": int((p["severity"] == "warning").sum()),
        "published_from": None if pd.isna(lo) else lo.strftime("%Y-%m-%d"),
        "published_to": None if pd.isna(hi) else hi.strftime("%Y-%m-%d"),
    }


def describe_corpus(corpus: Corpus) -> str:
    """One plain-language paragraph describing the corpus.

    >>> from helpers.corpus import parse_article
    >>> describe_corpus(parse_article("Hubei will act on the Yangtze. Wuhan leads. Hubei acts.", captured_on="2025-01-01"))
    '1 article (10 words, 3 sentences) from 1 region (Hubei); publication dates unknown. All input files were read.'
    """
    s = corpus_summary(corpus)
    regions = s["regions"]
    shown = ", ".join(regions[:8]) + (f" and {len(regions) - 8} more" if len(regions) > 8 else "")
    parts = [
        f"{s['articles']} article{'s' if s['articles'] != 1 else ''} ({s['words']:,} words, "
        f"{s['sentences']:,} sentences) from {len(regions)} region{'s' if len(regions) != 1 else ''}"
        + (f" ({shown})" if regions else "")
    ]
    if s["published_from"]:
        parts.append(f"published between {s['published_from']} and {s['published_to']}")
    else:
        parts.append("publication dates unknown")
    text = "; ".join(parts) + "."
    if s["unreadable"]:
        text += f" {s['unreadable']} file{'s' if s['unreadable'] != 1 else ''} could not be read (see the problems table)."
    else:
        text += " All input files were read."
    return text
