"""Keyword counts, distinctive terms, collocations, KWIC, glossary, plots and the generator."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from benchmarks.generate import generate_corpus
from helpers import keywords as kw
from helpers.corpus import load_corpus, parse_article
from helpers.lexicons import LexiconError
from helpers.plots import keywords as kp
from helpers.text import BOUND_PREFIXES, clauses, stopword_sets, tokenize
from tests.conftest import SHANGHAI, SHANXI, make_page

# --------------------------------------------------------------------------- an independent count

# Written from the tokenizer's documented rules, not from its code: a phrase occurs where its
# words stand separated by one space or one joining hyphen, each word whole (not inside a
# longer word, a decimal, a bound-prefix compound or a percentage), a possessive 's allowed;
# a phrase neither starts nor ends inside a hyphenated word (letter-hyphen-letter).
_LETTER = r"[^\W\d_]"
_START = (r"(?<!\w)(?<!\w')(?<!\d\.)" + "".join(rf"(?<!\b{p}-)" for p in BOUND_PREFIXES)
          + rf"(?:(?<!{_LETTER}-)|(?!{_LETTER}))")
_END = r"(?!\w)(?!'[^\Ws])(?!\.\d)(?! ?%)(?! ?per ?cent\b)(?!°)" + rf"(?:(?!-{_LETTER})|(?<!{_LETTER}))"


def _word_regex(word: str) -> str:
    if word.endswith("%"):
        return re.escape(word[:-1]) + r"(?: ?%| ?percent\b| ?per cent\b)"
    return re.escape(word) + r"(?:'s\b)?"


def regex_count(phrase: str, text: str) -> int:
    body = r"(?: |-)".join(_word_regex(w) for w in phrase.split(" "))
    return len(re.findall("(?=" + _START + body + _END + ")", text, flags=re.IGNORECASE))  # overlaps too


def _joined(corpus) -> str:
    return "\n".join(corpus.sentences["text"])


# --------------------------------------------------------------------------- exact counts


@pytest.mark.parametrize("fillers", [True, False])
def test_counts_on_seeds_equal_independent_regex_counts(seeds, fillers):
    counts = kw.ngram_counts(seeds, fillers=fillers)
    text = _joined(seeds)
    assert len(counts) > 1000
    wrong = [(g, c, regex_count(g, text)) for g, c in zip(counts["ngram"], counts["count"]) if regex_count(g, text) != c]
    assert wrong == []


def test_counts_on_seeds_are_complete(seeds):
    """Every adjacent pair of non-stop words in the raw text is in the table, with its count."""
    counts = kw.ngram_counts(seeds, n=2, fillers=False).set_index("ngram")["count"]
    stop = stopword_sets(fillers=False).words
    text = _joined(seeds)
    pairs = {f"{a.lower()} {b.lower()}" for a, b in re.findall(r"(?<![\w'-])([A-Za-z]{3,}) ([A-Za-z]{3,})(?![\w'-])", text)
             if a.lower() not in stop and b.lower() not in stop}
    assert len(pairs) > 200
    for pair in sorted(pairs):
        assert counts.get(pair, 0) == regex_count(pair, text) > 0, pair


def test_known_seed_counts(seeds):
    counts = kw.ngram_counts(seeds).set_index("ngram")["count"]
    text = _joined(seeds)
    assert counts["low carbon"] == len(re.findall(r"\blow[- ]carbon\b", text, re.IGNORECASE)) == 11
    assert counts["pm2.5"] == text.count("PM2.5") == 2
    assert counts["shanxi"] == len(re.findall(r"\bShanxi\b", text)) == 16
    assert counts["ecological environment"] == 12
    assert counts["2027"] == counts["2035"] == 1
    assert counts["zero waste cities"] == 2  # '"zero-waste cities"', '"Zero-waste Cities'
    assert counts["battle against pollution"] == 1  # a stop word inside a trigram
    # fillers dropped: never an n-gram's first or last word
    assert "promote" not in counts and "promote green" not in counts and "strengthen" not in counts
    assert "construction of beautiful" in counts


def test_counts_on_generated_text_equal_regex_counts(tmp_path):
    folder = generate_corpus(tmp_path / "gen", 25, seed=3)
    corpus = load_corpus(folder)
    assert len(corpus) == 25
    counts = kw.ngram_counts(corpus, fillers=False, min_count=2)
    text = _joined(corpus)
    assert {"pm2.5", "co2"} <= set(counts["ngram"])
    assert counts["ngram"].str.fullmatch(r"\d+(\.\d+)?%").any()  # "per cent" and "percent" became N%
    sample = counts.groupby("n").head(150)
    wrong = [(g, c, regex_count(g, text)) for g, c in zip(sample["ngram"], sample["count"]) if regex_count(g, text) != c]
    assert wrong == []



_WORDS = st.sampled_from([
    "low-carbon", "carbon", "peak", "the", "of", "and", "promote", "green", "Release Time", "release",
    "time", "PM2.5", "10 percent", "Shanxi's", "river chief system", "China Carbon Credit Platform", ",", ".",
    ";", '"', "(", ")", "-", "\u2014", "like", "zero-waste", "cities", "x", "x x", "2027", "'s", "\t", "10 %",
    "\u00a0", "co-governance", "x\ny", "\u0130stanbul",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_WORDS, max_size=14).map(" ".join), min_size=1, max_size=8),
       st.lists(st.sampled_from(["A", "B", None]), min_size=8, max_size=8),
       st.sampled_from([(1, 1), (1, 3), (2, 4), (3, 3)]))
def test_vectorised_counts_equal_counting_each_sentence(sentences, regions, n):
    """ngram_counts (one coded pass with numpy) equals counting :func:`keywords.ngrams` of
    each sentence with a Counter, per group, stop phrases and all."""
    from collections import Counter

    sents = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(sentences))], "text": sentences,
                          "region": regions[:len(sentences)]})
    got = kw.ngram_counts(sents, n=n, by="region")
    want: dict[tuple[str, str], int] = Counter()
    for text, region in zip(sentences, regions):
        for gram in kw.ngrams(text, n=n):
            want[(region or kw.UNKNOWN_GROUP, gram)] += 1
    assert dict(zip(zip(got["group"], got["ngram"]), got["count"].tolist())) == dict(want)
    assert got["n"].tolist() == [g.count(" ") + 1 for g in got["ngram"]]


def test_tallies_of_parts_merge_to_the_whole(seeds):
    """Counting two halves and merging equals counting the whole (what the pipeline relies on)."""
    ids = seeds.articles["article_id"].tolist()
    parts = [kw.ngram_tally(seeds.subset(ids[:1]), by="region"), kw.ngram_tally(seeds.subset(ids[1:]), by="region")]
    merged = kw.tally_frame(kw.merge_tallies(parts))
    pd.testing.assert_frame_equal(merged, kw.ngram_counts(seeds, by="region"))


_GRAMS = st.lists(st.sampled_from(["a", "b", "Z", "é", "e", "İstanbul", "中国", "😀", "\ufb01", "a\x00", "10"]),
                  min_size=1, max_size=3).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(["corpus", "B", "Ü"]), _GRAMS, st.integers(-3, 9)),
                         max_size=12), max_size=4),
       st.booleans(), st.sampled_from([1, 2]))
def test_merge_and_frame_equal_groupby_and_sort_values(parts, take_one_back, min_count):
    """merge_tallies and tally_frame (integer codes and one Arrow sort) give exactly the
    frames of a pandas groupby-sum and sort_values: zero sums dropped (a negated tally
    cancels), non-ASCII n-grams in code-point order (Python's string order)."""
    def tally(rows):
        counts = pd.DataFrame(rows, columns=["group", "ngram", "count"]).drop_duplicates(["group", "ngram"])
        counts["n"] = counts["ngram"].str.count(" ") + 1
        counts = counts[["group", "n", "ngram", "count"]].astype(kw._TALLY_DTYPES).reset_index(drop=True)
        return kw.NgramTally(counts, {"corpus": 40, "B": 7, "Ü": 0})

    tallies = [tally(rows) for rows in parts]
    if take_one_back and tallies:
        tallies.append(kw.negate_tally(tallies[0]))
    got = kw.merge_tallies(tallies)
    frames = [t.counts for t in tallies if len(t.counts)]
    if len(frames) > 1:
        want = pd.concat(frames, ignore_index=True).groupby(["group", "n", "ngram"], sort=False, as_index=False)["count"].sum()
        want = want[want["count"] != 0].reset_index(drop=True).astype(kw._TALLY_DTYPES)
        pd.testing.assert_frame_equal(got.counts, want, check_exact=True)
    table = kw.tally_frame(got, min_count=min_count)
    want = got.counts[got.counts["count"] >= min_count] if min_count > 1 else got.counts
    want = want.sort_values(["group", "n", "count", "ngram"], ascending=[True, True, False, True], kind="stable")
    assert list(zip(table["group"], table["n"], table["ngram"], table["count"])) == list(
        zip(want["group"], want["n"], want["ngram"], want["count"]))
    assert table["group"].tolist() == sorted(table["group"])
    for _, block in table.groupby(["group", "n", "count"], sort=False):
        assert block["ngram"].tolist() == sorted(block["ngram"])

def test_ngrams_never_cross_clauses_or_touch_stop_words(seeds):
    counts = kw.ngram_counts(seeds)
    stop = stopword_sets().words
    first = counts["ngram"].str.split(" ").str[0]
    last = counts["ngram"].str.split(" ").str[-1]
    assert not first.isin(stop).any() and not last.isin(stop).any()
    grams = set(counts["ngram"])
    # "... the whole region with high standards, and issue ..." / "Beijing, Tianjin and Hebei"
    assert "standards issue" not in grams and "beijing tianjin" not in grams
    # 'the "road map" and "construction table"': quotes are boundaries
    assert "road map" in grams and "map construction" not in grams


def test_small_page_counts_and_per_10k():
    c = parse_article(make_page(body=["Cut coal, cut coal; grow forests by 2027.", "Cut coal now."]),
                      article_id="p", captured_on="2025-01-15")
    counts = kw.ngram_counts(c, fillers=False)
    got = {(g, n): k for g, n, k in zip(counts["ngram"], counts["n"], counts["count"])}
    assert got[("cut coal", 2)] == 3 and got[("coal", 1)] == 3 and got[("2027", 1)] == 1
    assert ("coal cut", 2) not in got and ("coal grow", 2) not in got
    assert got[("grow forests", 2)] == 1 and got[("forests by 2027", 3)] == 1
    n_tokens = len(tokenize(" ".join(c.sentences["text"])))
    row = counts[counts["ngram"] == "cut coal"].iloc[0]
    assert row["per_10k"] == pytest.approx(3 * 1e4 / n_tokens)
    assert list(counts.columns) == kw.COUNT_COLUMNS
    # sorted by group, n, descending count, then n-gram
    assert counts.equals(counts.sort_values(["group", "n", "count", "ngram"], ascending=[True, True, False, True]))


def test_stop_phrases_are_blanked():
    c = parse_article(make_page(body=["Visit the China Carbon Credit Platform for carbon credit news. Release time matters."]),
                      article_id="p", captured_on="2025-01-15")
    counts = kw.ngram_counts(c).set_index("ngram")["count"]
    assert counts["carbon credit"] == 1 and counts["carbon"] == 1  # only the one outside the site name
    assert "platform" not in counts and "release" not in counts and "time matters" not in counts
    assert counts["matters"] == 1


def test_grouping_by_article_and_region(seeds):
    total = kw.ngram_counts(seeds)
    per_article = kw.ngram_counts(seeds, by="article_id")
    per_region = kw.ngram_counts(seeds, by="region")
    assert set(per_article["group"]) == {SHANXI, SHANGHAI}
    assert set(per_region["group"]) == {"Shanxi", "Shanghai"}
    summed = per_article.groupby(["ngram", "n"])["count"].sum()
    assert summed.sort_index().equals(total.set_index(["ngram", "n"])["count"].sort_index())
    shanxi = per_region[per_region["group"] == "Shanxi"].set_index("ngram")["count"]
    assert shanxi["beautiful shanxi"] == 15


def test_min_count_n_and_missing_groups(seeds):
    c = kw.ngram_counts(seeds, n=2, min_count=3)
    assert set(c["n"]) == {2} and c["count"].min() >= 3
    assert set(kw.ngram_counts(seeds, n=(3, 3))["n"]) == {3}
    s = seeds.sentences.assign(topic=None)
    assert set(kw.ngram_counts(s, by="topic")["group"]) == {"unknown"}
    with pytest.raises(ValueError):
        kw.ngram_counts(seeds, n=(3, 1))
    with pytest.raises(ValueError):
        kw.ngram_counts(seeds, by="no_such_column")
    empty = kw.ngram_counts(seeds.sentences.iloc[:0])
    assert empty.empty and list(empty.columns) == kw.COUNT_COLUMNS


def test_fourgrams():
    s = pd.DataFrame({"article_id": ["a"], "text": ["green and low-carbon development, and green and low carbon development"]})
    c = kw.ngram_counts(s, n=4)
    assert c.set_index("ngram")["count"].to_dict() == {"green and low carbon": 2}
    assert kw.ngram_counts(s, n=4, stop=stopword_sets(fillers=False)).equals(c)


# No hyphenated words here: the arithmetic counts words per clause, and a hyphenated word's
# parts are not n-grams on their own (test_hyphenated_words_are_never_cut_into_fragments).
_WORDS = st.sampled_from(["coal", "carbon", "low", "the", "of", "will", "promote", "green", "PM2.5",
                          "2027", "10%", "Shanxi's", "river", "chief", "system"])
_SEPS = st.sampled_from([" ", " ", " ", ", ", "; ", " (", ") ", ' "', '" ', ". "])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_WORDS, _SEPS), min_size=1, max_size=30), st.booleans())
def test_count_totals_match_clause_arithmetic(parts, fillers):
    text = "".join(w + s for w, s in parts)
    stop = stopword_sets(fillers=fillers).words
    counts = kw.ngram_counts(pd.DataFrame({"article_id": ["a"], "text": [text]}), fillers=fillers)
    total = counts.groupby("n")["count"].sum().to_dict()
    cl = clauses(text)
    ok = [[t not in stop for t in c] for c in cl]
    assert total.get(1, 0) == sum(sum(o) for o in ok)
    assert total.get(2, 0) == sum(a and b for o in ok for a, b in zip(o, o[1:]))
    assert total.get(3, 0) == sum(a and c for o in ok for a, c in zip(o, o[2:]))
    by_n = [kw.ngrams(text, n=k, fillers=fillers) for k in (1, 2, 3)]
    assert kw.ngrams(text, fillers=fillers) == by_n[0] + by_n[1] + by_n[2]
    assert sorted(by_n[1]) == sorted(counts.loc[counts["n"] == 2, "ngram"].repeat(counts.loc[counts["n"] == 2, "count"]))


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(["third-party", "party", "environmental", "protection", "low-carbon", "carbon",
                                 "zero-waste", "waste", "cities", "green", "2021-2025", "plan", "state-of-the-art",
                                 "art"]), min_size=1, max_size=20),
       st.sampled_from([" ", ", "]))
def test_hyphenated_words_are_never_cut_into_fragments(words, sep):
    """Every count equals the independent regex count, which never lets a phrase start or end
    inside a hyphenated word: "party environmental protection" is not a phrase of
    "third-party environmental protection", "low carbon" is."""
    text = sep.join(words) + "."
    counts = kw.ngram_counts(pd.DataFrame({"article_id": ["a"], "text": [text]}), fillers=False)
    for gram, count in zip(counts["ngram"], counts["count"]):
        assert regex_count(gram, text) == count, (gram, text)
    if "third-party environmental" in text and "party environmental" not in text.replace("third-party", ""):
        assert "party environmental" not in set(counts["ngram"])
    pairs = set(kw.collocations(pd.DataFrame({"article_id": ["a"], "text": [text]}), min_count=1, fillers=False)["ngram"])
    assert not any(regex_count(p, text) == 0 for p in pairs), text


# --------------------------------------------------------------------------- distinctive terms


def _table(rows):
    return pd.DataFrame(rows, columns=["group", "ngram", "n", "count"])


def test_log_odds_hand_computed_default_prior():
    t = _table([("A", "x", 1, 3), ("A", "y", 1, 1), ("B", "x", 1, 1), ("B", "y", 1, 3)])
    d = kw.distinctive_terms(t).set_index(["group", "ngram"])
    # alpha0 = 8 (pooled total), alpha_x = alpha_y = 4:
    # delta = ln(7/5) - ln(5/7) = 2 ln 1.4; var = 1/7 + 1/5
    assert d.loc[("A", "x"), "log_odds"] == pytest.approx(2 * math.log(1.4)) == pytest.approx(0.672944, abs=1e-6)
    assert d.loc[("A", "x"), "se"] == pytest.approx(math.sqrt(1 / 7 + 1 / 5))
    assert d.loc[("A", "x"), "z"] == pytest.approx(1.149272, abs=1e-6)
    assert d.loc[("B", "x"), "z"] == pytest.approx(-1.149272, abs=1e-6)
    assert d.loc[("A", "x"), "count_rest"] == 1


def test_log_odds_hand_computed_explicit_prior_three_groups():
    t = _table([("A", "x", 1, 2), ("A", "y", 1, 2), ("B", "y", 1, 4), ("C", "x", 1, 4)])
    d = kw.distinctive_terms(t, alpha0=4).set_index(["group", "ngram"])
    # N = 12, pooled x = 6 -> alpha_x = 4 * 6/12 = 2.
    # C vs rest for x: ln((4+2)/(4+4-4-2)) - ln((2+2)/(8+4-2-2)) = ln 3 - ln 0.5 = ln 6
    assert d.loc[("C", "x"), "log_odds"] == pytest.approx(math.log(6))
    assert d.loc[("C", "x"), "se"] == pytest.approx(math.sqrt(1 / 6 + 1 / 4))
    assert d.loc[("C", "x"), "z"] == pytest.approx(2.775782, abs=1e-6)
    # A uses x at the pooled rate: ln(4/4) - ln(6/6) = 0
    assert d.loc[("A", "x"), "z"] == pytest.approx(0.0)
    # B never says x: count 0, strongly negative
    assert d.loc[("B", "x"), "count"] == 0 and d.loc[("B", "x"), "z"] < -2


def test_two_alpha0_values_in_the_docstring_example():
    t = _table([("A", "x", 1, 3), ("A", "y", 1, 1), ("B", "x", 1, 1), ("B", "y", 1, 3)])
    d = kw.distinctive_terms(t, alpha0=2).set_index(["group", "ngram"])
    # alpha_x = 1: ln(4/2) - ln(2/4) = ln 4; var = 1/4 + 1/2
    assert d.loc[("A", "x"), "log_odds"] == pytest.approx(math.log(4))
    assert d.loc[("A", "x"), "z"] == pytest.approx(math.log(4) / math.sqrt(0.75))


def test_distinctive_terms_on_seeds(seeds):
    d = kw.distinctive_terms(seeds)  # a Corpus: counted by region
    same = kw.distinctive_terms(kw.ngram_counts(seeds, by="region"))
    pd.testing.assert_frame_equal(d, same)
    shanxi = d[d["group"] == "Shanxi"]
    assert shanxi.iloc[0]["ngram"] == "beautiful shanxi"
    both = d.pivot_table(index=["ngram", "n"], columns="group", values="z")
    assert np.allclose(both["Shanxi"], -both["Shanghai"])  # two groups: mirror images
    top = kw.top_distinctive(d, k=5)
    assert top.groupby(["group", "side"]).size().max() <= 5
    assert (top.loc[top["side"] == "group", "z"] > 0).all() and (top.loc[top["side"] == "rest", "z"] < 0).all()
    assert kw.distinctive_terms(kw.ngram_counts(seeds)).empty  # one group only


# --------------------------------------------------------------------------- collocations


def test_collocations_hand_computed():
    s = pd.DataFrame({"article_id": ["a"] * 4, "text": ["alpha beta.", "alpha beta.", "gamma delta.", "alpha gamma."]})
    c = kw.collocations(s, min_count=1).set_index("ngram")
    # N = 4 pairs; alpha on the left 3 times, beta on the right 2 times
    assert c.loc["alpha beta", ["count", "n_w1", "n_w2"]].tolist() == [2, 3, 2]
    assert c.loc["alpha beta", "pmi"] == pytest.approx(math.log2(2 * 4 / (3 * 2)))
    g2 = 2 * (2 * math.log(2 / 1.5) + 1 * math.log(1 / 1.5) + 1 * math.log(1 / 0.5))
    assert c.loc["alpha beta", "llr"] == pytest.approx(g2) == pytest.approx(1.726092, abs=1e-6)
    assert "beta gamma" not in c.index  # sentences are boundaries
    assert list(kw.collocations(s, min_count=2)["ngram"]) == ["alpha beta"]
    with pytest.raises(ValueError):
        kw.collocations(s, measure="dice")


def test_collocations_on_seeds(seeds):
    pmi = kw.collocations(seeds, min_count=3)
    llr = kw.collocations(seeds, min_count=3, measure="llr")
    assert pmi["count"].min() >= 3 and set(pmi["ngram"]) == set(llr["ngram"])
    assert pmi["pmi"].is_monotonic_decreasing and llr["llr"].is_monotonic_decreasing
    assert {"climate change", "law enforcement", "low carbon"} <= set(pmi["ngram"])
    assert llr.iloc[0]["ngram"] in {"beautiful shanxi", "low carbon", "ecological environment"}


# --------------------------------------------------------------------------- KWIC


def test_kwic_offsets_and_context(seeds):
    hits = kw.kwic(seeds, ["carbon", "low carbon", "pm2.5", "shanxi"], window=5)
    sent = seeds.sentences.set_index(["article_id", "sent_no"])["text"]
    for row in hits.itertuples():
        text = sent[(row.article_id, row.sent_no)]
        assert text[row.start:row.end] == row.keyword
        assert tokenize(row.keyword) == tokenize(row.term)
        assert text[:row.start].rstrip().endswith(row.left)
        assert text[row.end:].lstrip().startswith(row.right)
        assert len(tokenize(row.left)) <= 5 and len(tokenize(row.right)) <= 5
    by_term = hits.groupby("term").size()
    counts = kw.ngram_counts(seeds).set_index("ngram")["count"]
    # kwic finds a word inside a hyphenated one too ("carbon" in "low-carbon"); the counts
    # leave such parts out, so the two differ by exactly those hits.
    inside = [re.search(r"[^\W\d_]-$", sent[(r.article_id, r.sent_no)][:r.start]) is not None
              or re.match(r"-[^\W\d_]", sent[(r.article_id, r.sent_no)][r.end:]) is not None for r in hits.itertuples()]
    within = hits.assign(inside=inside).groupby("term")["inside"].sum()
    for term in ["carbon", "low carbon", "pm2.5", "shanxi"]:
        assert by_term[term] == counts[term] + within[term]
    assert within["carbon"] > 0
    low = hits[hits["term"] == "low carbon"]
    assert set(low["keyword"]) == {"low-carbon"}
    assert "Shanxi" in set(hits.loc[hits["term"] == "shanxi", "keyword"])  # of "Shanxi's" too


def test_kwic_exact_offsets_on_a_known_sentence(seeds):
    hits = kw.kwic(seeds, "PM2.5", window=3)
    first = hits.iloc[0]
    text = seeds.sentences.set_index(["article_id", "sent_no"]).loc[(first.article_id, first.sent_no), "text"]
    assert text.startswith("Take PM2.5 With control as the main line")
    assert (first.start, first.end, first.left, first.keyword, first.right) == (5, 10, "Take", "PM2.5", "With control as")
    assert list(hits.columns) == ["term", "article_id", "para_no", "sent_no", "left", "keyword", "right", "start", "end"]


def test_kwic_clause_bound_phrases_percentages_and_no_hits():
    s = pd.DataFrame({"article_id": ["a", "a"], "para_no": [1, 1], "sent_no": [1, 2],
                      "text": ["Cut coal, grow trees by 10 percent.", "Shanxi\u2019s coal grow plan."]})
    assert kw.kwic(s, "coal grow").shape[0] == 1  # only in sentence 2, not across the comma
    pct = kw.kwic(s, "10%")
    assert pct[["keyword", "start", "end"]].values.tolist() == [["10 percent", 24, 34]]
    with pytest.warns(UserWarning, match="zebra"):
        none = kw.kwic(s, "zebra")
    assert none.empty and "keyword" in none.columns
    assert kw.kwic(s, "shanxi").iloc[0][["keyword", "start", "end"]].tolist() == ["Shanxi", 0, 6]


# --------------------------------------------------------------------------- glossary


def test_glossary_has_the_key_terms():
    g = kw.load_glossary().set_index("term")
    assert len(g) >= 25
    expected = {"Beautiful China": "美丽中国", "carbon peaking": "碳达峰", "carbon neutrality": "碳中和",
                "zero-waste city": "无废城市", "river chief system": "河长制", "ecological civilization": "生态文明",
                "ecological protection red line": "生态保护红线", "dual carbon": "双碳", "new pollutants": "新污染物",
                "battle against pollution": "污染防治攻坚战",
                "lucid waters and lush mountains are invaluable assets": "绿水青山就是金山银山"}
    for term, zh in expected.items():
        assert g.loc[term, "zh"] == zh
    assert (g["pinyin"] != "").all()


def test_with_glossary_matches_any_spelling():
    t = pd.DataFrame({"ngram": ["zero waste cities", "low carbon", "Low-Carbon", "river chief system", "coal"], "count": 1})
    out = kw.with_glossary(t, pinyin=True)
    assert list(out.columns) == ["ngram", "zh", "pinyin", "count"]
    assert out["zh"].tolist() == ["无废城市", "低碳", "低碳", "河长制", ""]


def test_glossary_errors_name_file_and_row(tmp_path):
    p = tmp_path / "glossary.csv"
    p.write_text("term,zh,pinyin,aliases,note\nlow-carbon,低碳,,,\ncarbon peak,碳达峰,,low carbon,\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"row 3: 'low carbon' is also a rendering of 'low-carbon' \(row 2\)"):
        kw.load_glossary(p)


def test_glossary_table_and_term_counts(seeds):
    g = kw.glossary_table(seeds, found_only=True).set_index("term")
    counts = kw.ngram_counts(seeds).set_index("ngram")["count"]
    assert g.loc["low-carbon", "count"] == counts["low carbon"] == 11
    assert g.loc["mountains, rivers, forests, fields, lakes, grass and sand", "count"] == 1
    assert g.loc["carbon peaking", "renderings"] == "carbon peak (1)"
    assert g.loc["zero-waste city", "zh"] == "无废城市"
    s = pd.DataFrame({"article_id": ["a"], "text": ["carbon carbon carbon, carbon"]})
    tc = kw.term_counts(s, ["carbon carbon", "carbon", "carbon, carbon"])
    assert tc["count"].tolist() == [2, 4, 1]


# --------------------------------------------------------------------------- plots


def test_wordcloud_is_deterministic_and_keeps_phrases(seeds):
    counts = kw.top_ngrams(kw.ngram_counts(seeds), k=30)
    freqs = kp._frequencies(counts, label="ngram", value="count")
    assert list(freqs)[:3] == ["construction", "ecological", "green"]
    assert "beautiful shanxi" in freqs  # phrases stay whole
    a = kp._cloud_image(freqs, random_state=0, max_words=40, width=300, height=150, colormap="viridis")
    b = kp._cloud_image(dict(reversed(list(freqs.items()))), random_state=0, max_words=40, width=300, height=150,
                        colormap="viridis")
    assert np.array_equal(a, kp._cloud_image(freqs, random_state=0, max_words=40, width=300, height=150, colormap="viridis"))
    assert a.shape == (150, 300, 3) and b.shape == a.shape
    assert isinstance(kp.wordcloud_figure(counts, max_words=20), Figure)
    assert isinstance(kp.wordcloud_figure({}), Figure)
    with pytest.raises(ValueError):
        kp.wordcloud_figure(kw.ngram_counts(seeds, by="region"))


def test_figures_from_tables(seeds):
    by_region = kw.ngram_counts(seeds, by="region")
    grid = kp.wordcloud_grid(kw.top_ngrams(by_region, k=10), max_words=10, width=200, height=120)
    assert len([ax for ax in grid.axes if ax.images]) == 2
    bars = kp.bar_figure(kw.top_ngrams(by_region, k=5))
    assert len(bars.axes) == 6  # 2 regions x 3 lengths
    ticks = {t.get_text(): y for t, y in zip(bars.axes[0].get_yticklabels(), bars.axes[0].get_yticks())}
    assert max(ticks, key=ticks.get) == "construction"  # the most frequent on top
    div = kp.distinctive_figure(kw.top_distinctive(kw.distinctive_terms(by_region), k=4))
    assert len(div.axes) == 2
    assert isinstance(kp.bar_figure(by_region.iloc[:0]), Figure)
    assert isinstance(kp.distinctive_figure(kw.top_distinctive(kw.distinctive_terms(by_region)).iloc[:0]), Figure)


# --------------------------------------------------------------------------- generator


def test_generator_is_seeded_and_in_page_format(tmp_path):
    a = generate_corpus(tmp_path / "a", 12, seed=1)
    b = generate_corpus(tmp_path / "b", 12, seed=1)
    c = generate_corpus(tmp_path / "c", 5, seed=1)
    files = sorted(p.name for p in a.glob("*.txt"))
    assert len(files) == 12
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert (c / files[0]).read_bytes() == (a / files[0]).read_bytes()  # article i depends on (seed, i) only
    sizes = [(a / f).stat().st_size for f in files]
    assert 4000 < np.mean(sizes) < 8000
    corpus = load_corpus(a)
    assert len(corpus) == 12 and not (corpus.problems["severity"] == "error").any()
    assert corpus.articles["region"].notna().all()
    assert (pd.read_csv(a / "manifest.csv")["file"].tolist()) == files


def test_top_tables_can_keep_the_largest_groups(seeds):
    per_article = kw.ngram_counts(seeds, by="article_id")
    assert set(kw.top_ngrams(per_article, k=3, max_groups=1)["group"]) == {SHANGHAI}  # the longer article
    top = kw.top_ngrams(per_article, k=3, n=2)
    assert set(top["n"]) == {2} and top.groupby("group").size().tolist() == [3, 3]
    d = kw.distinctive_terms(kw.ngram_counts(seeds, by="region"))
    assert set(kw.top_distinctive(d, k=2, max_groups=1)["group"]) == {"Shanghai"}


def test_kwic_glob_patterns_filters_and_a_warning_for_no_match(seeds):
    hits = kw.kwic(seeds, "pollut*", window=2)
    assert {"pollution", "pollutants"} <= set(hits["keyword"].str.lower())
    assert (hits["keyword"].str.lower().str.startswith("pollut")).all()
    only = kw.kwic(seeds, "pollut*", regions="Shanxi")
    assert set(only["article_id"]) == {SHANXI}
    assert set(kw.kwic(seeds, "pollut*", articles=[SHANGHAI])["article_id"]) == {SHANGHAI}
    with pytest.warns(UserWarning, match="no occurrence of 'glacier'"):
        assert kw.kwic(seeds, "glacier").empty
    phrase = kw.kwic(seeds, "pollut* prevention")
    assert not phrase.empty and phrase["keyword"].str.lower().str.endswith("prevention").all()


def test_distinctive_top_keeps_the_extremes_with_unchanged_scores(seeds):
    """top= keeps the highest and lowest z per group and length; the scores are the full table's."""
    by_region = kw.ngram_counts(seeds, by="region")
    full = kw.distinctive_terms(by_region)
    few = kw.distinctive_terms(by_region, top=5)
    assert len(few) == 2 * 2 * 5 * 3  # 2 groups x (5 high + 5 low) x 3 lengths
    merged = few.merge(full, on=["group", "ngram", "n"], suffixes=("", "_full"))
    assert len(merged) == len(few) and (merged["z"] == merged["z_full"]).all()
    for (g, n), part in full.groupby(["group", "n"]):
        ours = few[(few["group"] == g) & (few["n"] == n)]
        assert ours["z"].max() == part["z"].max() and ours["z"].min() == part["z"].min()
        assert sorted(ours["z"])[-5:] == sorted(part["z"])[-5:]
    pd.testing.assert_frame_equal(kw.top_distinctive(few, k=4), kw.top_distinctive(full, k=4))


def test_top_distinctive_shows_the_groups_top_ngrams_shows_when_given_their_sizes():
    # the big region's kept terms are rare ones; a small region has one frequent distinctive term
    sizes = pd.DataFrame({"group": ["Big", "Big", "Small"], "ngram": ["a", "b", "c"], "n": [1, 1, 1],
                          "count": [900, 800, 50]})
    distinctive = pd.DataFrame({"group": ["Big", "Small"], "ngram": ["rare", "often"], "n": [1, 1],
                                "count": [3, 40], "z": [2.0, 2.5]})
    assert kw.top_distinctive(distinctive, max_groups=1, places=True)["group"].unique().tolist() == ["Small"]
    shown = kw.top_distinctive(distinctive, max_groups=1, places=True, sizes=sizes)
    assert shown["group"].unique().tolist() == ["Big"]
    assert kw.top_ngrams(sizes, max_groups=1)["group"].unique().tolist() == ["Big"]


def test_top_group_ngrams_is_top_ngrams_of_the_group_counts(seeds):
    direct = kw.top_ngrams(kw.ngram_counts(seeds, by="article_id"), k=5, max_groups=1, min_count=2)
    pd.testing.assert_frame_equal(kw.top_group_ngrams(seeds, k=5, max_groups=1, min_count=2), direct)
    assert direct["group"].nunique() == 1 and (direct["count"] >= 2).all()


def test_top_distinctive_leaves_out_figures_but_keeps_terms_with_digits():
    table = pd.DataFrame({"group": ["A"] * 5, "ngram": ["86.42 million", "reach 96%", "283", "pm2.5", "14th five-year plan"],
                          "n": [2, 2, 1, 1, 3], "count": [5] * 5, "z": [3.0, 2.9, 2.8, 2.7, 2.6]})
    assert kw.top_distinctive(table, places=True)["ngram"].tolist() == ["pm2.5", "14th five-year plan"]
    assert len(kw.top_distinctive(table, places=True, numbers=True)) == 5


def test_names_the_corpus_capitalises_are_found_and_left_out_of_distinctive_terms():
    page = ("Lake plan\n\nDate: 2024-05-02\n\n"
            "The county restored Erhai Lake. Villagers around Erhai planted reeds. The lake water improved. "
            "Officials said Erhai will stay clean. Li Jianguo, a farmer, said Li Jianguo sold his boat. "
            "Third party monitoring covers the lake. The MEE and the MEE office checked it. "
            "The Party committee met. Beautiful China needs the Party and third party checks.")
    corpus = parse_article(page)
    names = kw.name_words(corpus, min_count=2)
    assert {"erhai", "jianguo"} <= set(names["word"])
    assert not {"lake", "mee", "party"} & set(names["word"])  # lower case too, an acronym, a word written both ways
    table = pd.DataFrame({"group": ["A"] * 3, "ngram": ["erhai lake", "beautiful china", "water quality"],
                          "n": [2, 2, 2], "count": [5] * 3, "z": [3.0, 2.0, 1.0]})
    assert kw.top_distinctive(table, places=True, names=names)["ngram"].tolist() == ["beautiful china", "water quality"]
