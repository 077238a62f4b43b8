"""Keyword frequency: n-gram counts, distinctive terms, collocations, keyword in context.

Every function reads the corpus tables (a :class:`~helpers.corpus.Corpus`, or its
``sentences`` table) through the one tokenizer in :mod:`helpers.text`, so n-grams never
cross a sentence or clause boundary, "low-carbon" counts as ``low carbon``, and no n-gram
starts or ends inside a hyphenated word (no ``carbon`` from "low-carbon").

* :func:`ngram_counts` - how often each word, bigram and trigram occurs, per corpus,
  article or region (``group``, ``ngram``, ``n``, ``count``, ``per_10k``).
* :func:`distinctive_terms` - which n-grams set a group apart from the rest (weighted
  log-odds with an informative Dirichlet prior, with z-scores).
* :func:`collocations` - word pairs that occur together more often than chance.
* :func:`kwic` - every hit of a term with its left and right context.
* :func:`load_glossary`, :func:`with_glossary`, :func:`glossary_table` - the Chinese
  original beside an English policy term.

Counting numbers each distinct token once and counts n-grams as integer keys with numpy
(:func:`ngram_tally`); ``python -m benchmarks.bench`` compares its speed with
scikit-learn's ``CountVectorizer(ngram_range=(1, 3))`` on the same texts.
"""

from __future__ import annotations

import fnmatch
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers._perf import gc_paused
from helpers.corpus import Corpus
from helpers.lexicons import NO_REGION, LexiconError, file_digest, lexicon_path, read_lexicon, split_list
from helpers.tables import empty_frame
from helpers.text import (
    BLANK,
    BOUNDARY_MARKS,
    StopLists,
    phrase_key,
    stopword_sets,
    hyphen_joins,
    token_spans,
    token_stream,
    token_stream_joins,
    tokenize,
)
from helpers.text import _chunk_tokens, _percent_signs, _prepare as _prepare_text, split_codes

COUNT_COLUMNS = ["group", "ngram", "n", "count", "per_10k"]
#: The ``group`` label when counting the whole corpus (``by=None``).
CORPUS_GROUP = "corpus"
#: The ``group`` label for articles whose grouping value is missing (e.g. no region).
UNKNOWN_GROUP = NO_REGION

_DISTINCTIVE_DTYPES = {
    "group": str, "ngram": str, "n": "int64", "count": "int64", "count_rest": "int64",
    "log_odds": "float64", "se": "float64", "z": "float64",
}
_COUNT_COLUMNS = ("count", "n_w1", "n_w2")


# --------------------------------------------------------------------------- helpers


def _n_range(n: int | Sequence[int]) -> tuple[int, int]:
    if isinstance(n, (int, np.integer)):
        lo = hi = int(n)
    else:
        lo, hi = (int(x) for x in n)
    if not 1 <= lo <= hi:
        raise ValueError(f"n must be a positive int or a (low, high) pair with low <= high, not {n!r}")
    return lo, hi


def _sentences(corpus: Corpus | pd.DataFrame) -> pd.DataFrame:
    if isinstance(corpus, Corpus):
        return corpus.sentences
    if isinstance(corpus, pd.DataFrame):
        missing = {"article_id", "text"} - set(corpus.columns)
        if missing:
            raise ValueError(f"the sentences table lacks column(s) {sorted(missing)}")
        return corpus
    raise TypeError(f"expected a Corpus or a sentences DataFrame, not {type(corpus).__name__}")


def _group_labels(corpus: Corpus | pd.DataFrame, sents: pd.DataFrame, by: str | None) -> pd.Series:
    """The group label of every sentence (``"corpus"`` when ``by`` is None; missing values
    become ``"unknown"``)."""
    if by is None:
        groups = pd.Series(CORPUS_GROUP, index=sents.index)
    elif by in sents.columns:
        groups = sents[by]
    elif isinstance(corpus, Corpus) and by in corpus.articles.columns:
        groups = sents["article_id"].map(corpus.articles.set_index("article_id")[by])
    else:
        raise ValueError(f"cannot group by {by!r}: not a column of the sentences or articles table")
    return groups.astype(object).where(groups.notna(), UNKNOWN_GROUP).astype(str)


def _grouped_texts(corpus: Corpus | pd.DataFrame, by: str | None) -> pd.DataFrame:
    """One row per (group, article): ``group``, ``article_id``, ``text`` (sentences joined
    by newlines, which are clause boundaries), sorted by group then article."""
    sents = _sentences(corpus)
    groups = _group_labels(corpus, sents, by)
    frame = pd.DataFrame({"group": groups.to_numpy(), "article_id": sents["article_id"].to_numpy(),
                          "text": sents["text"].to_numpy()})
    if frame.empty:
        return pd.DataFrame({"group": pd.Series(dtype=object), "article_id": pd.Series(dtype=object),
                             "text": pd.Series(dtype=object)})
    joined = frame.groupby(["group", "article_id"], sort=True)["text"].agg("\n".join)
    return joined.reset_index()


def _blank_phrases(stream: list[str], phrases: tuple[tuple[str, ...], ...]) -> list[str]:
    """Replace every occurrence of a stop phrase in ``stream`` by boundary marks (in place)."""
    if not phrases:
        return stream
    for phrase in phrases:
        if phrase[0] not in stream or phrase[-1] not in stream:
            continue
        k, first, i = len(phrase), phrase[0], 0
        while True:
            try:
                i = stream.index(first, i)
            except ValueError:
                break
            if tuple(stream[i:i + k]) == phrase:
                stream[i:i + k] = [BLANK] * k
                i += k
            else:
                i += 1
    return stream


def _ngrams_of_stream(stream: list[str], lo: int, hi: int, blocked: frozenset[str],
                      joins: Sequence[bool] | None = None) -> dict[int, list[str]]:
    """N-grams of one token stream: never across a boundary mark, never starting or
    ending on a word in ``blocked`` (stop words and marks), never starting or ending
    inside a hyphenated word (``joins``: :func:`helpers.text.hyphen_joins` per token);
    stop words may stand inside."""
    n = len(stream)
    joined = list(joins) if joins is not None else [False] * n
    after = joined[1:] + [False]  # the next token is joined to this one
    start = [None if t in blocked or joined[i] else t for i, t in enumerate(stream)]
    end = [None if t in blocked or after[i] else t for i, t in enumerate(stream)]
    out: dict[int, list[str]] = {}
    for k in range(lo, hi + 1):
        if k == 1:
            grams = [a for a, b in zip(start, end) if a and b]
        elif k == 2:
            grams = [a + " " + b for a, b in zip(start, end[1:]) if a and b]
        elif k == 3:
            grams = [f"{a} {b} {c}" for a, b, c in zip(start, stream[1:], end[2:])
                     if a and c and b not in BOUNDARY_MARKS]
        else:
            grams = [
                " ".join(stream[i:i + k])
                for i in range(n - k + 1)
                if start[i] and end[i + k - 1] and not any(t in BOUNDARY_MARKS for t in stream[i + 1:i + k - 1])
            ]
        out[k] = grams
    return out


def _stop(stop: StopLists | None, fillers: bool) -> StopLists:
    return stop if stop is not None else stopword_sets(fillers=fillers)


def ngrams(text: str, *, n: int | Sequence[int] = (1, 3), fillers: bool = True, stop: StopLists | None = None) -> list[str]:
    """The n-grams :func:`ngram_counts` counts in one text, shortest first, in text order.

    >>> ngrams("Promote green and low-carbon transformation, and cut coal.", n=(2, 3))
    ['low carbon', 'cut coal', 'low carbon transformation']
    """
    lo, hi = _n_range(n)
    sl = _stop(stop, fillers)
    tokens, joins = token_stream_joins(text)
    stream = _blank_phrases(tokens, sl.phrases)
    grams = _ngrams_of_stream(stream, lo, hi, sl.words | BOUNDARY_MARKS, joins)
    return [g for k in range(lo, hi + 1) for g in grams[k]]


# --------------------------------------------------------------------------- counts


def ngram_counts(
    corpus: Corpus | pd.DataFrame,
    *,
    n: int | Sequence[int] = (1, 3),
    by: str | None = None,
    min_count: int = 1,
    fillers: bool = True,
    stop: StopLists | None = None,
) -> pd.DataFrame:
    """Count words and phrases per corpus, article or region.

    The text is the corpus's sentences (English body and heading paragraphs; captions
    are left out), tokenized by :func:`helpers.text.tokenize`. An n-gram never crosses a
    sentence or clause boundary and never starts or ends on a stop word (stop words may
    stand inside a trigram: ``battle against pollution``); stop phrases are blanked out
    first. Counts are exact: a phrase's count is the number of times its tokens stand
    next to each other inside one clause.

    Args:
        corpus: a :class:`~helpers.corpus.Corpus`, or a sentences table with
            ``article_id`` and ``text`` (and the ``by`` column, if any).
        n: an n-gram length or an inclusive ``(low, high)`` range.
        by: ``None`` (the whole corpus), ``"article_id"``, ``"region"`` or any other
            column of the articles (or sentences) table. Missing values form the group
            ``"unknown"``.
        min_count: drop n-grams counted fewer times in their group.
        fillers: drop the policy fillers as stop words (``data/lexicons/policy_fillers.csv``).
        stop: explicit stop lists (overrides ``fillers``).

    Returns:
        Columns ``group`` (``"corpus"`` when ``by`` is None), ``ngram`` (tokens joined by
        single spaces), ``n``, ``count``, ``per_10k`` (count per 10,000 tokens of the
        group's text, stop words included, blanked stop phrases excluded); sorted by
        group, n, descending count, then n-gram.

    >>> from helpers.corpus import parse_article
    >>> c = parse_article("A plan\\n\\nRelease Time2 weeks ago\\n\\nCut coal. Cut low-carbon coal, and cut coal.",
    ...                   captured_on="2025-01-15")
    >>> ngram_counts(c, n=2)[["ngram", "count"]].values.tolist()
    [['cut coal', 2], ['low carbon', 1]]
    """
    return tally_frame(ngram_tally(corpus, n=n, by=by, fillers=fillers, stop=stop), min_count=min_count)


@dataclass
class NgramTally:
    """Raw n-gram counts and token totals per group: the mergeable state behind
    :func:`ngram_counts`. Tallies of disjoint parts of a corpus add up exactly
    (:func:`merge_tallies`), which is how :mod:`helpers.pipeline` and
    :mod:`helpers.scale` count on several processes or machines.

    Attributes:
        counts: one row per group, length and n-gram: ``group``, ``n``, ``ngram``,
            ``count`` (in no particular order).
        totals: tokens per group (stop words included, blanked stop phrases excluded).
    """

    counts: pd.DataFrame
    totals: dict[str, int]


_TALLY_DTYPES = {"group": str, "n": "int64", "ngram": str, "count": "int64"}


def _encode_sentences(texts: list[str]) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    """Tokenize every sentence, as :func:`helpers.text.token_stream` does each, and number
    the distinct tokens.

    Python-level work per token is what makes tokenizing slow, so it is done per distinct
    *chunk* (a run of text between spaces) instead: the sentences are joined, cut at
    spaces once and the chunks numbered (:func:`helpers.text.split_codes`), each
    distinct chunk is tokenized once, and the token codes are laid out in text order with
    numpy. A chunk's tokens do not depend on its neighbours (see
    :func:`helpers.text._findall_tokens`, which does the same per call), and a sentence
    ends with a ``"\\n"`` chunk.

    Returns:
        ``codes`` (one int per token or boundary mark, sentences in order, each followed
        by a ``"\\n"`` mark), ``vocab`` (the token of each code) and ``sentence_of`` (the
        index of the sentence each position belongs to) and ``joined`` (whether a hyphen
        joins the token to the one before it, :func:`helpers.text.hyphen_joins`).
    """
    # A newline inside a sentence is read as "\r" (also a boundary mark), so that the
    # newlines count the sentences.
    texts = [t.replace("\n", "\r") if "\n" in t else t for t in texts]
    big = _prepare_text("\n".join(texts))
    low = big.lower()
    if len(low) != len(big):  # a letter whose lower case is longer: one sentence at a time
        return _encode_each(texts)
    if " %" in low or "cent" in low:
        low = _percent_signs(low)
    chunk_id, distinct = split_codes(low.replace("\n", " \n ") + " \n")
    index: dict[str, int] = {}
    vocab: list[str] = []
    flat: list[int] = []
    flat_joins: list[bool] = []
    sizes: list[int] = []
    for chunk in distinct:
        toks = _chunk_tokens(chunk)
        for tok in toks:
            code = index.get(tok)
            if code is None:
                code = index[tok] = len(vocab)
                vocab.append(tok)
            flat.append(code)
        flat_joins.extend(hyphen_joins(chunk, toks))
        sizes.append(len(toks))
    size = np.asarray(sizes, dtype=np.int64)
    offset = np.cumsum(size) - size
    n_tokens = size[chunk_id]  # tokens of each chunk, in text order
    out_start = np.cumsum(n_tokens) - n_tokens
    within = np.arange(int(n_tokens.sum()), dtype=np.int64) - np.repeat(out_start, n_tokens)
    where = np.repeat(offset[chunk_id], n_tokens) + within
    codes = np.asarray(flat, dtype=np.int64)[where]
    joined = np.asarray(flat_joins, dtype=bool)[where]
    if "\n" not in index:
        return codes, vocab, np.zeros(len(codes), dtype=np.int64), joined
    ends = np.flatnonzero(codes == index["\n"])
    sentence_of = np.searchsorted(ends, np.arange(len(codes)), side="left")
    return codes, vocab, sentence_of, joined


def _encode_each(texts: list[str]) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    """:func:`_encode_sentences` one sentence at a time with ``token_stream_joins``."""
    tokens: list[str] = []
    joins: list[bool] = []
    for t in texts:
        toks, js = token_stream_joins(t)
        tokens.extend((*toks, "\n"))
        joins.extend((*js, False))
    codes, distinct = pd.factorize(np.array(tokens, dtype=object))
    codes = codes.astype(np.int64, copy=False)
    vocab = distinct.tolist()
    ends = np.flatnonzero(codes == vocab.index("\n"))
    return codes, vocab, np.searchsorted(ends, np.arange(len(codes)), side="left"), np.asarray(joins, dtype=bool)


def _blank_phrase_codes(codes: np.ndarray, vocab: list[str], phrases: tuple[tuple[str, ...], ...]) -> np.ndarray:
    """Blank out stop phrases in a coded stream (in place), as :func:`_blank_phrases` does:
    phrase by phrase in the given order, each left to right without overlaps."""
    index = {t: i for i, t in enumerate(vocab)}
    blank = None
    n = len(codes)
    for phrase in phrases:
        k = len(phrase)
        pc = [index.get(t) for t in phrase]
        if any(c is None for c in pc) or k > n:
            continue
        starts = np.flatnonzero(codes[: n - k + 1] == pc[0])
        for j in range(1, k):
            starts = starts[codes[starts + j] == pc[j]]
        if not len(starts):
            continue
        if k > 1 and len(starts) > 1 and (np.diff(starts) < k).any():  # overlapping: greedy
            kept, reach = [], -1
            for st in starts.tolist():
                if st >= reach:
                    kept.append(st)
                    reach = st + k
            starts = np.asarray(kept, dtype=np.int64)
        if blank is None:
            if BLANK not in index:
                index[BLANK] = len(vocab)
                vocab.append(BLANK)
            blank = index[BLANK]
        codes[(starts[:, None] + np.arange(k)).ravel()] = blank
    return codes


def _gram_keys(codes: np.ndarray, pos: np.ndarray, k: int, size: int) -> np.ndarray:
    """One int64 key per n-gram of length ``k`` starting at ``pos``: equal keys, equal
    n-grams. Keys are compacted (renumbered densely) whenever the next step could overflow."""
    key = codes[pos]
    bound = size
    for j in range(1, k):
        if bound * size >= 2**62:
            _, key = np.unique(key, return_inverse=True)
            bound = int(key.max()) + 1 if len(key) else 1
        key = key * size + codes[pos + j]
        bound *= size
    return key


def _dense_ids(keys: np.ndarray) -> np.ndarray:
    """Number equal keys 0, 1, 2, ... in order of first appearance (a hash pass, no sort)."""
    ids, _ = pd.factorize(keys)
    return ids.astype(np.int64, copy=False)


def _first_positions(ids: np.ndarray) -> np.ndarray:
    """Where each id of :func:`_dense_ids` first appears, in id order: ids appear in
    increasing order, so a first appearance is a new running maximum."""
    new = np.empty(len(ids), dtype=bool)
    new[:1] = True
    new[1:] = ids[1:] > np.maximum.accumulate(ids)[:-1]
    return np.flatnonzero(new)


def ngram_tally(
    corpus: Corpus | pd.DataFrame,
    *,
    n: int | Sequence[int] = (1, 3),
    by: str | None = None,
    fillers: bool = True,
    stop: StopLists | None = None,
) -> NgramTally:
    """Count n-grams as :func:`ngram_counts` does, returning the raw, mergeable tally.

    The text is tokenized once; each distinct token gets a number, and n-grams are
    counted as integer keys with numpy, so strings are built only for the distinct
    n-grams of each group. A missing sentence text counts as an empty sentence.
    """
    lo, hi = _n_range(n)
    sl = _stop(stop, fillers)
    sents = _sentences(corpus)
    labels = _group_labels(corpus, sents, by)
    texts = ["" if not isinstance(t, str) else t for t in sents["text"].tolist()]
    if not texts:
        return NgramTally(empty_frame(_TALLY_DTYPES), {})
    group_of_sentence, group_names = pd.factorize(labels.to_numpy(dtype=object), sort=True)
    group_names = [str(g) for g in group_names]
    with gc_paused():
        codes, vocab, sentence_of, joined = _encode_sentences(texts)
        codes = _blank_phrase_codes(codes, vocab, sl.phrases)
        group = group_of_sentence[np.minimum(sentence_of, len(texts) - 1)]
        is_mark = np.fromiter((t in BOUNDARY_MARKS for t in vocab), dtype=bool, count=len(vocab))[codes]
        blocked = sl.words | BOUNDARY_MARKS
        is_blocked = np.fromiter((t in blocked for t in vocab), dtype=bool, count=len(vocab))[codes]
        # an n-gram neither starts nor ends inside a hyphenated word ("third-party")
        no_start = is_blocked | joined
        no_end = is_blocked | np.append(joined[1:], False)
        totals_arr = np.bincount(group[~is_mark], minlength=len(group_names))
        totals = {g: int(t) for g, t in zip(group_names, totals_arr.tolist())}
        words = np.array(vocab, dtype=object)
        size, total = len(vocab), len(codes)
        parts = []
        for k in range(lo, hi + 1):
            if k > total:
                continue
            ok = ~no_start[: total - k + 1] & ~no_end[k - 1:]
            for j in range(1, k - 1):
                ok &= ~is_mark[j: total - k + 1 + j]
            pos = np.flatnonzero(ok)
            if not len(pos):
                continue
            ids = _dense_ids(_gram_keys(codes, pos, k, size))
            if len(group_names) > 1:
                ids = _dense_ids(ids * len(group_names) + group[pos])
            counts = np.bincount(ids)
            start = pos[_first_positions(ids)]
            cols = [words[codes[start + j]].tolist() for j in range(k)]
            grams = cols[0] if k == 1 else [" ".join(t) for t in zip(*cols)]
            parts.append(pd.DataFrame({
                "group": np.array(group_names, dtype=object)[group[start]],
                "n": np.full(len(start), k, dtype=np.int64),
                "ngram": grams,
                "count": counts.astype(np.int64),
            }))
    if not parts:
        return NgramTally(empty_frame(_TALLY_DTYPES), totals)
    return NgramTally(pd.concat(parts, ignore_index=True).astype(_TALLY_DTYPES), totals)


def merge_tallies(tallies: Iterable[NgramTally]) -> NgramTally:
    """Add tallies of disjoint parts of a corpus (counts and totals sum exactly).

    The rows are those of ``groupby(["group", "n", "ngram"], sort=False).sum()``: one per
    (group, n, n-gram) in order of first appearance, without the sums that cancel to zero
    (a negated tally takes text back out) or rows with a missing group or n-gram. It is
    computed on integer codes rather than with that groupby, which hashes all three key
    columns and then combines their codes: here the n-gram strings are hashed once
    (``pd.factorize``, most of the time), and when there is one group and each n-gram has
    one ``n`` (always, for tallies from :func:`ngram_tally`) that code already numbers the
    rows, so the sums are one ``np.add.at``.
    """
    frames: list[pd.DataFrame] = []
    totals: dict[str, int] = {}
    for tally in tallies:
        frames.append(tally.counts)
        for group, total in tally.totals.items():
            totals[group] = totals.get(group, 0) + total
    nonempty = [f for f in frames if len(f)]
    if not nonempty:
        return NgramTally(empty_frame(_TALLY_DTYPES), totals)
    if len(nonempty) == 1:
        return NgramTally(nonempty[0], totals)
    both = pd.concat([f[["group", "n", "ngram", "count"]] for f in nonempty], ignore_index=True)
    gram_code, grams = pd.factorize(both["ngram"])
    group_code, groups = pd.factorize(both["group"])
    missing = (gram_code < 0) | (group_code < 0)
    if missing.any():  # as groupby does, leave them out
        both = both[~missing].reset_index(drop=True)
        gram_code, group_code = gram_code[~missing], group_code[~missing]
    n = both["n"].to_numpy(dtype=np.int64)
    if len(groups) == 1 and not missing.any():
        ids = gram_code  # already numbered in order of first appearance, without gaps
    else:
        ids = _dense_ids(gram_code * len(groups) + group_code)  # row codes: no overflow
    first = _first_positions(ids)
    if not np.array_equal(n, n[first][ids]):  # some n-gram has rows with different n
        n_code, n_values = pd.factorize(n)
        ids = _dense_ids(ids * len(n_values) + n_code)
        first = _first_positions(ids)
    summed = np.zeros(len(first), dtype=np.int64)
    np.add.at(summed, ids, both["count"].to_numpy(dtype=np.int64))
    kept = summed != 0  # a subtracted tally can cancel
    rows = first[kept]
    merged = pd.DataFrame({
        "group": groups.take(group_code[rows]).array,
        "n": n[rows],
        "ngram": grams.take(gram_code[rows]).array,
        "count": summed[kept],
    })
    return NgramTally(merged.astype(_TALLY_DTYPES), totals)


def negate_tally(tally: NgramTally) -> NgramTally:
    """The tally with every count and total negated: merging it takes its text back out
    (how the pipeline removes a duplicate that one of its chunks counted)."""
    return NgramTally(tally.counts.assign(count=-tally.counts["count"]), {g: -t for g, t in tally.totals.items()})


def _count_order(group_code: np.ndarray, t: pd.DataFrame) -> np.ndarray:
    """Row positions of ``t`` sorted by group, n, descending count, then n-gram, ties kept
    in their order: the order of ``t.sort_values([...], kind="stable")``.

    ``group_code`` numbers the groups in sorted order, ``-1`` for a missing group (put last,
    as ``sort_values`` does). One stable Arrow sort does the work, on the three integer keys
    packed into one (``np.ravel_multi_index``) and then the n-gram, so strings are compared
    only between rows that tie on the numbers. Arrow compares strings as UTF-8 bytes, which
    is code-point order, the order of Python's ``str``. (``sort_values`` factorizes every key
    first, strings included, and takes two to three times as long.) When the packed key
    would not fit in an integer, Arrow sorts on the three integer columns: slower, same order.
    """
    group = np.where(group_code < 0, group_code.max() + 1, group_code)
    n = t["n"].to_numpy(dtype=np.int64)
    count = t["count"].to_numpy(dtype=np.int64)
    n_lo, count_hi = int(n.min()), int(count.max())
    shape = (int(group.max()) + 1, int(n.max()) - n_lo + 1, count_hi - int(count.min()) + 1)
    columns: dict[str, object] = {"ngram": pa.array(t["ngram"])}
    if shape[0] * shape[1] * shape[2] <= np.iinfo(np.intp).max:
        columns["key"] = np.ravel_multi_index((group, n - n_lo, count_hi - count), shape)
        sort_keys = [("key", "ascending"), ("ngram", "ascending")]
    else:
        columns.update(group=group, n=n, count=count)
        sort_keys = [("group", "ascending"), ("n", "ascending"), ("count", "descending"), ("ngram", "ascending")]
    return pc.sort_indices(pa.table(columns), sort_keys=sort_keys).to_numpy()


def tally_frame(tally: NgramTally, *, min_count: int = 1) -> pd.DataFrame:
    """The tidy :func:`ngram_counts` table of a tally: n-grams seen at least ``min_count``
    times, sorted by group, n, descending count, then n-gram (in code-point order, as
    Python sorts strings; see :func:`_count_order`)."""
    t = tally.counts
    if min_count > 1:
        t = t[t["count"] >= min_count]
    if t.empty:
        return empty_frame({"group": object, "ngram": object, "n": "int64", "count": "int64", "per_10k": float})
    group_code, groups = pd.factorize(t["group"], sort=True)
    order = _count_order(group_code, t)
    t = t.take(order).reset_index(drop=True)
    # group_code[order] is what factorizing the sorted column gives (-1, i.e. the last
    # group's total, for a missing group, as before).
    total = np.array([tally.totals[g] for g in groups], dtype=np.int64)[group_code[order]]
    t["per_10k"] = t["count"].to_numpy() * 1e4 / np.maximum(total, 1)
    return t[COUNT_COLUMNS]


def _largest_groups(t: pd.DataFrame, max_groups: int | None, sizes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Keep the ``max_groups`` groups with the largest total ``count`` (ties by name), the
    counts taken from ``sizes`` (an :func:`ngram_counts` table) when given."""
    if max_groups is None or t.empty:
        return t
    total = (t if sizes is None else sizes).groupby("group")["count"].sum()
    total = total[total.index.isin(t["group"].unique())]
    keep = sorted(total.index, key=lambda g: (-total[g], g))[:max_groups]
    return t[t["group"].isin(keep)]


def top_ngrams(
    counts: pd.DataFrame,
    *,
    k: int = 10,
    n: int | Sequence[int] | None = None,
    max_groups: int | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """The ``k`` most frequent n-grams per group and length (ties broken alphabetically).

    Args:
        counts: a table from :func:`ngram_counts`.
        k: rows per (group, n).
        n: keep only these lengths (an int or an inclusive range).
        max_groups: keep only this many groups, those with the most n-grams counted
            (ties by name), so a figure of 10,000 articles stays readable.
        min_count: leave out n-grams counted fewer times in their group: per article,
            2 keeps a trigram seen once from the top of a short article's list.

    >>> c = pd.DataFrame({"group": ["a"] * 3, "ngram": ["cut coal", "green belt", "x y z"], "n": [2, 2, 3],
    ...                   "count": [3, 1, 1]})
    >>> top_ngrams(c, min_count=2)["ngram"].tolist()
    ['cut coal']

    Returns:
        The rows of ``counts`` kept, sorted by group, n, descending count, then n-gram.
    """
    t = _largest_groups(counts, max_groups)
    if n is not None:
        lo, hi = _n_range(n)
        t = t[t["n"].between(lo, hi)]
    if min_count > 1:
        t = t[t["count"] >= min_count]
    t = t.sort_values(["group", "n", "count", "ngram"], ascending=[True, True, False, True], kind="stable")
    return t.groupby(["group", "n"], sort=False).head(k).reset_index(drop=True)


# --------------------------------------------------------------------------- distinctive terms



def top_group_ngrams(
    corpus: Corpus,
    *,
    by: str = "article_id",
    k: int = 10,
    max_groups: int | None = None,
    min_count: int = 1,
    fillers: bool = True,
) -> pd.DataFrame:
    """:func:`top_ngrams` of ``ngram_counts(corpus, by=by, fillers=fillers)``: the ``k``
    most frequent n-grams of each length in the ``max_groups`` largest groups.

    The same table as the two calls, without handing the full per-group counts (millions
    of rows on a large corpus) to the caller: a notebook that draws six articles' top
    terms reads this small table from the store.
    """
    counts = ngram_counts(corpus, by=by, fillers=fillers)
    return top_ngrams(counts, k=k, max_groups=max_groups, min_count=min_count)


def distinctive_terms(
    counts: pd.DataFrame | Corpus,
    *,
    group: str = "region",
    alpha0: float | None = None,
    min_count: int = 1,
    n: int | Sequence[int] = (1, 3),
    fillers: bool = True,
    top: int | None = None,
) -> pd.DataFrame:
    r"""Which n-grams set each group apart from the rest: weighted log-odds ratios with an
    informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' words").

    For an n-gram *w*, a group *i* and the rest *j* (all other groups together), with
    counts :math:`y_w^i, y_w^j` and totals :math:`n^i, n^j` (all n-grams of the same
    length counted in the table), the prior gives each n-gram a pseudo-count
    :math:`\alpha_w = \alpha_0 \pi_w`, where :math:`\pi_w` is its share in the pooled
    corpus and :math:`\alpha_0` the prior's total weight. Then

    .. math::

        \delta_w = \log\frac{y_w^i + \alpha_w}{n^i + \alpha_0 - y_w^i - \alpha_w}
                 - \log\frac{y_w^j + \alpha_w}{n^j + \alpha_0 - y_w^j - \alpha_w},
        \qquad
        \sigma^2(\delta_w) \approx \frac{1}{y_w^i + \alpha_w} + \frac{1}{y_w^j + \alpha_w},
        \qquad z_w = \delta_w / \sigma(\delta_w).

    The prior pulls rare n-grams towards the pooled rate, so an n-gram used twice in a
    short article does not outrank a phrase used forty times in a long one, and the
    z-score weighs the difference by its evidence. Positive z: the group uses the n-gram
    more than the rest; negative: less. With two groups, one group's z is the other's
    with the sign flipped. Unigrams, bigrams and trigrams are scored separately (each
    length is its own vocabulary). :math:`|z| > 1.96` is the usual reading of "clearly
    more", but n-grams are not independent draws, so read z as a ranking, not a test.

    Args:
        counts: a table from :func:`ngram_counts` whose ``group`` column holds the groups
            (e.g. ``ngram_counts(corpus, by="region")``), or a Corpus, which is counted
            with ``ngram_counts(corpus, by=group, n=n, fillers=fillers)``.
        group: the grouping column when ``counts`` is a Corpus.
        alpha0: the prior's total weight per n-gram length. ``None`` (default) uses the
            pooled total, i.e. :math:`\alpha_w` equals the pooled count of *w*: the prior
            weighs as much as the data.
        min_count: leave out n-grams with a pooled count below this.
        n: n-gram lengths when counting a Corpus.
        fillers: drop policy fillers when counting a Corpus.
        top: keep, per group and n-gram length, only the ``top`` rows of highest and the
            ``top`` of lowest z (the scores are computed on every n-gram all the same).
            Every row is one per group and n-gram: 34 regions of 10,000 articles make 34
            million; the lists a reader looks at need a few hundred.

    Returns:
        One row per group and n-gram: ``group``, ``ngram``, ``n``, ``count`` (in the
        group), ``count_rest``, ``log_odds`` (:math:`\delta`), ``se`` (:math:`\sigma`),
        ``z``; sorted by group, descending z, then n-gram. Empty when there are fewer
        than two groups.

    >>> t = pd.DataFrame({"group": ["A", "A", "B", "B"], "ngram": ["x", "y", "x", "y"],
    ...                   "n": 1, "count": [3, 1, 1, 3]})
    >>> row = distinctive_terms(t).iloc[0]
    >>> row["group"], row["ngram"], round(float(row["log_odds"]), 4), round(float(row["z"]), 4)
    ('A', 'x', 0.6729, 1.1493)
    """
    if isinstance(counts, Corpus):
        counts = ngram_counts(counts, n=n, by=group, fillers=fillers)
    cols = ["group", "ngram", "n", "count", "count_rest", "log_odds", "se", "z"]
    t = counts[["group", "ngram", "n", "count"]]
    groups = sorted(t["group"].unique())
    if len(groups) < 2:
        return empty_frame(_DISTINCTIVE_DTYPES)
    parts = []
    for k, sub in t.groupby("n", sort=True):
        wide = sub.pivot_table(index="ngram", columns="group", values="count", aggfunc="sum", fill_value=0)
        wide = wide.reindex(columns=groups, fill_value=0).sort_index()
        y_all = wide.to_numpy(dtype=float)  # terms x groups
        pooled = y_all.sum(axis=1)
        keep = pooled >= min_count
        wide, y_all, pooled = wide[keep], y_all[keep], pooled[keep]
        total = y_all.sum()
        if total == 0:
            continue
        a0 = float(total if alpha0 is None else alpha0)
        alpha = a0 * pooled / total
        n_i = y_all.sum(axis=0)  # per group
        y_i = y_all
        y_j = pooled[:, None] - y_i
        n_j = total - n_i
        a = alpha[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = np.log((y_i + a) / (n_i + a0 - y_i - a)) - np.log((y_j + a) / (n_j + a0 - y_j - a))
            var = 1.0 / (y_i + a) + 1.0 / (y_j + a)
        se = np.sqrt(var)
        terms = wide.index.to_numpy()
        z_all = delta / se
        for gi, g in enumerate(groups):
            rows = slice(None) if top is None else _extremes(z_all[:, gi], top)
            parts.append(pd.DataFrame({
                "group": g, "ngram": terms[rows], "n": np.int64(k),
                "count": y_i[rows, gi].astype(np.int64), "count_rest": y_j[rows, gi].astype(np.int64),
                "log_odds": delta[rows, gi], "se": se[rows, gi], "z": z_all[rows, gi],
            }))
    if not parts:
        return empty_frame(_DISTINCTIVE_DTYPES)
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["group", "z", "n", "ngram"], ascending=[True, False, True, True], kind="stable")
    return out.reset_index(drop=True)[cols]


def _extremes(z: np.ndarray, top: int) -> np.ndarray:
    """Positions of the ``top`` highest and ``top`` lowest values of ``z`` (sorted, no
    repeats); all positions when there are no more than ``2 * top``."""
    if len(z) <= 2 * top:
        return np.arange(len(z))
    hi = np.argpartition(-z, top - 1)[:top]
    lo = np.argpartition(z, top - 1)[:top]
    return np.unique(np.concatenate([hi, lo]))


@lru_cache(maxsize=4)
def _place_words(regions_digest: str, admin_digest: str) -> tuple[frozenset[str], frozenset[str]]:
    from helpers.lexicons import load_regions

    names = set()
    for row in load_regions().itertuples():
        for name in [row.region, *split_list(row.aliases), *split_list(row.cities)]:
            if key := phrase_key(name):
                names.add(key)
    parts = {w for name in names if " " in name for w in name.split()}
    admin = read_lexicon(lexicon_path("admin_words"), required=["word"])["word"].str.lower().str.strip()
    return frozenset(names), frozenset(parts | set(admin))


def is_place_term(ngrams: pd.Series) -> pd.Series:
    """Whether each n-gram is about a place rather than a policy: it contains a whole
    region, alias or city name of the gazetteer ("beautiful shanxi", "xi'an"), or it is
    made only of words of multi-word place names and administrative words
    (``data/lexicons/admin_words.csv``): "inner" of Inner Mongolia, "municipal",
    "autonomous region". Single words of a name do not remove other phrases: "Xi'an"
    keeps "xi jinping", "Inner Mongolia" keeps "inner circle".

    >>> is_place_term(pd.Series(["beautiful shanxi", "coal", "xi'an", "xi jinping", "inner circle", "inner",
    ...                          "municipal", "provincial party committee"])).tolist()
    [True, False, True, False, False, True, True, False]
    """
    names, words = _place_words(file_digest(lexicon_path("regions")), file_digest(lexicon_path("admin_words")))

    def about_a_place(ngram: str) -> bool:
        toks = ngram.split()
        if all(t in words for t in toks):
            return True
        return any(" ".join(toks[i:j]) in names for i in range(len(toks)) for j in range(i + 1, len(toks) + 1))

    unique = pd.unique(ngrams.to_numpy(dtype=object))
    flags = dict(zip(unique, map(about_a_place, unique)))
    return ngrams.map(flags).astype(bool)


#: A word as :func:`name_words` reads it: letters, with inner apostrophes and hyphens.
_NAME_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def name_words(corpus: Corpus, *, min_share: float = 0.9, min_count: int = 3) -> pd.DataFrame:
    """The words the corpus writes as names: capitalised inside a sentence (not as its
    first word) at least ``min_share`` of the ``min_count`` or more times they occur there:
    "Erhai", "Dianchi", "Yangtze", "Jianguo". A word in capitals ("MEE", "CCER") is an
    acronym, not a name, and a word also written in lower case ("lake", "party" of "third
    party") falls short of the share.

    Returns:
        Columns ``word`` (lower case), ``count`` (occurrences after a sentence's first
        word) and ``capitalised`` (the share written capitalised), sorted by word.
    """
    seen: Counter = Counter()
    capitalised: Counter = Counter()
    for text in corpus.sentences["text"]:
        for token in _NAME_TOKEN.findall(text)[1:]:
            low = token.lower()
            seen[low] += 1
            if token[0].isupper() and not token.isupper():
                capitalised[low] += 1
    rows = [(w, n, capitalised[w] / n) for w, n in seen.items() if n >= min_count and capitalised[w] >= min_share * n]
    return pd.DataFrame(rows, columns=["word", "count", "capitalised"]).sort_values("word", ignore_index=True)


def is_name_term(ngrams: pd.Series, names: pd.DataFrame) -> pd.Series:
    """Whether each n-gram holds a word of ``names`` (:func:`name_words`) and is no term
    of the glossary: "erhai lake", "xi jinping" are names; "beautiful china" and "yangtze
    river protection" are policy terms the glossary lists.

    >>> names = pd.DataFrame({"word": ["erhai", "china", "jinping"]})
    >>> is_name_term(pd.Series(["erhai lake", "beautiful china", "xi jinping", "water quality"]), names).tolist()
    [True, False, True, False]
    """
    words = frozenset(names["word"])
    glossary = frozenset(phrase_key(term) for term in _glossary_terms())

    def a_name(ngram: str) -> bool:
        return any(w in words for w in ngram.split()) and phrase_key(ngram) not in glossary

    unique = pd.unique(ngrams.to_numpy(dtype=object))
    flags = dict(zip(unique, map(a_name, unique)))
    return ngrams.map(flags).astype(bool)


def _glossary_terms() -> list[str]:
    g = load_glossary()
    return [*g["term"].dropna(), *(t for cell in g["aliases"].dropna() for t in split_list(cell))]


def non_policy_terms(
    ngrams: pd.Series, *, places: bool = True, figures: bool = True, names: pd.DataFrame | None = None
) -> pd.Series:
    """Whether each n-gram says something other than policy: a place (:func:`is_place_term`,
    with ``places``), a figure ("86.42 million", "reach 96%", with ``figures``) or, given
    ``names`` (:func:`name_words`), a name the gazetteer does not know (:func:`is_name_term`).

    >>> non_policy_terms(pd.Series(["beautiful shanxi", "86.42 million", "pm2.5", "coal"])).tolist()
    [True, True, False, False]
    """
    out = pd.Series(False, index=ngrams.index)
    if places:
        out |= is_place_term(ngrams)
    if figures:
        out |= ngrams.str.contains(_NUMBER_WORD)
    if names is not None:
        out |= is_name_term(ngrams, names)
    return out


#: A word of an n-gram that is a number: "86.42", "283", "96%", "1,000".
_NUMBER_WORD = r"(?:^|\s)\d[\d.,]*%?(?:\s|$)"


def top_distinctive(
    table: pd.DataFrame,
    *,
    k: int = 10,
    n: int | Sequence[int] | None = None,
    max_groups: int | None = None,
    places: bool = False,
    sizes: pd.DataFrame | None = None,
    numbers: bool = False,
    names: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The ``k`` n-grams with the highest and the ``k`` with the lowest z per group.

    Args:
        table: a table from :func:`distinctive_terms`.
        k: n-grams per side.
        n: keep only these n-gram lengths.
        max_groups: keep only this many groups, those with the most n-grams counted (in
            ``sizes`` when given).
        places: keep place names, their parts and administrative words
            (:func:`is_place_term`); by default they are left out, as a region's own
            name always sets it apart and says nothing about its policy.
        numbers: keep n-grams with a number in them ("86.42 million", "reach 96%"); by
            default they are left out: a figure one region quotes is a value, not its
            vocabulary ("pm2.5", "14th five-year plan" stay).
        names: :func:`name_words` of the corpus: n-grams with a name the gazetteer does
            not know (a lake, a river, a person: "erhai", "li jianguo") are left out too,
            except the glossary's terms (:func:`is_name_term`).
        sizes: the :func:`ngram_counts` table the terms were ranked from: with it the
            largest groups are those :func:`top_ngrams` shows for the same
            ``max_groups`` (``table`` alone holds only each group's kept terms).

    Returns:
        The rows kept plus ``side``: ``"group"`` (z > 0, the group's own terms) or
        ``"rest"`` (z < 0, terms the rest uses more); sorted by group, descending z,
        then n-gram. An n-gram with z = 0 is on neither side.
    """
    t = _largest_groups(table, max_groups, sizes)
    if n is not None:
        lo, hi = _n_range(n)
        t = t[t["n"].between(lo, hi)]
    if len(t):
        t = t[~non_policy_terms(t["ngram"], places=not places, figures=not numbers, names=names)]
    hi_side = t[t["z"] > 0].sort_values(["group", "z", "ngram"], ascending=[True, False, True], kind="stable")
    lo_side = t[t["z"] < 0].sort_values(["group", "z", "ngram"], ascending=[True, True, True], kind="stable")
    top = hi_side.groupby("group", sort=False).head(k).assign(side="group")
    bottom = lo_side.groupby("group", sort=False).head(k).assign(side="rest")
    out = pd.concat([top, bottom], ignore_index=True)
    return out.sort_values(["group", "z", "ngram"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- collocations


def collocations(
    corpus: Corpus | pd.DataFrame,
    *,
    min_count: int = 3,
    measure: str = "pmi",
    fillers: bool = True,
    stop: StopLists | None = None,
) -> pd.DataFrame:
    r"""Word pairs that stand together more often than chance.

    Candidates are the bigrams :func:`ngram_counts` counts (adjacent inside a clause,
    neither word a stop word) seen at least ``min_count`` times. Their marginals come
    from all adjacent in-clause pairs: :math:`N` pairs, :math:`n_1` pairs with the first
    word on the left, :math:`n_2` pairs with the second word on the right.

    * ``pmi`` - pointwise mutual information, :math:`\log_2 \frac{n_{12} N}{n_1 n_2}`:
      how much likelier the pair is than its words' rates predict (favours rare pairs;
      hence ``min_count``).
    * ``llr`` - Dunning's log-likelihood ratio :math:`G^2 = 2 \sum O \ln(O/E)` over the
      2x2 table of (first word, second word): how sure we are the pair is no accident
      (favours frequent pairs).

    Args:
        corpus: a Corpus or a sentences table (``article_id``, ``text``).
        min_count: minimum number of occurrences of a pair.
        measure: ``"pmi"`` or ``"llr"``: the column to sort by.
        fillers: treat the policy fillers as stop words.
        stop: explicit stop lists (overrides ``fillers``).

    Returns:
        Columns ``ngram``, ``w1``, ``w2``, ``count``, ``n_w1``, ``n_w2``, ``pmi``,
        ``llr``; sorted by the chosen measure (descending), then count (descending),
        then n-gram.

    Raises:
        ValueError: ``measure`` is neither ``"pmi"`` nor ``"llr"``.
    """
    if measure not in ("pmi", "llr"):
        raise ValueError(f"measure must be 'pmi' or 'llr', not {measure!r}")
    sl = _stop(stop, fillers)
    blocked = sl.words | BOUNDARY_MARKS
    pairs: Counter = Counter()
    whole: Counter = Counter()  # the pairs that neither start nor end inside a hyphenated word
    for text in _grouped_texts(corpus, None)["text"].tolist():
        tokens, joins = token_stream_joins(text)
        s = _blank_phrases(tokens, sl.phrases)
        after = joins[2:] + [False, False]
        for a, b, inside, cut in zip(s, s[1:], joins, after):
            if a not in BOUNDARY_MARKS and b not in BOUNDARY_MARKS:
                pairs[a, b] += 1
                if not inside and not cut:
                    whole[a, b] += 1
    cols = ["ngram", "w1", "w2", "count", "n_w1", "n_w2", "pmi", "llr"]
    left: Counter = Counter()
    right: Counter = Counter()
    for (a, b), c in pairs.items():
        left[a] += c
        right[b] += c
    total = sum(pairs.values())
    cand = sorted((a, b, c) for (a, b), c in whole.items() if c >= min_count and a not in blocked and b not in blocked)
    if not cand:
        return empty_frame({c: str if c in ("ngram", "w1", "w2") else "int64" if c in _COUNT_COLUMNS else float
                            for c in cols})
    w1, w2, cnt = zip(*cand)
    o11 = np.asarray(cnt, dtype=float)
    n1 = np.asarray([left[a] for a in w1], dtype=float)
    n2 = np.asarray([right[b] for b in w2], dtype=float)
    N = float(total)
    pmi = np.log2(o11 * N / (n1 * n2))
    obs = [o11, n1 - o11, n2 - o11, N - n1 - n2 + o11]
    exp = [n1 * n2 / N, n1 * (N - n2) / N, (N - n1) * n2 / N, (N - n1) * (N - n2) / N]
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = sum(np.where(o > 0, o * np.log(o / e), 0.0) for o, e in zip(obs, exp))
    out = pd.DataFrame({
        "ngram": [f"{a} {b}" for a, b in zip(w1, w2)], "w1": w1, "w2": w2,
        "count": o11.astype(np.int64), "n_w1": n1.astype(np.int64), "n_w2": n2.astype(np.int64),
        "pmi": pmi, "llr": 2 * g2,
    })
    return rank_collocations(out[cols], measure)


def rank_collocations(pairs: pd.DataFrame, measure: str = "pmi") -> pd.DataFrame:
    """A :func:`collocations` table ranked by another measure: ``measure`` (descending),
    then count (descending), then n-gram.

    >>> pairs = pd.DataFrame({"ngram": ["a b", "c d"], "count": [9, 2], "pmi": [1.0, 5.0], "llr": [40.0, 3.0]})
    >>> rank_collocations(pairs, "llr")["ngram"].tolist()
    ['a b', 'c d']
    """
    if measure not in ("pmi", "llr"):
        raise ValueError(f"measure must be 'pmi' or 'llr', not {measure!r}")
    out = pairs.sort_values([measure, "count", "ngram"], ascending=[False, False, True], kind="stable")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- keyword in context


def kwic(
    corpus: Corpus | pd.DataFrame,
    term: str | Iterable[str],
    *,
    window: int = 8,
    regions: str | Iterable[str] | None = None,
    articles: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Keyword in context: every occurrence of a term, with the words around it.

    The term is tokenized like the text, so ``"low carbon"`` finds "low-carbon" and
    ``"shanxi"`` finds "Shanxi's"; a multi-word term matches inside one clause only (as
    n-grams are counted). A word may be a glob pattern: ``"pollut*"`` finds "pollution",
    "pollutants" and "polluted"; ``"?OCs"`` finds "VOCs". Stop lists do not apply: every
    occurrence is listed. A term that matches nothing gives a warning that names it.

    Args:
        corpus: a Corpus or a sentences table (``article_id``, ``para_no``, ``sent_no``,
            ``text``; a ``region`` column for the ``regions`` filter).
        term: a word, phrase or glob pattern, or several.
        window: words of context on each side (within the sentence).
        regions: only articles of these regions (``articles.region`` of a Corpus).
        articles: only these article ids.

    Returns:
        One row per hit: ``term`` (as given), ``article_id``, ``para_no``, ``sent_no``,
        ``left``, ``keyword`` (the hit as written), ``right``, ``start`` and ``end``
        (character offsets of the hit in the sentence text, so
        ``text[start:end] == keyword``); sorted by term, article, sentence and offset.

    Raises:
        ValueError: ``regions`` is given for a sentences table without a ``region`` column.

    >>> s = pd.DataFrame({"article_id": ["a"], "para_no": [1], "sent_no": [1],
    ...                   "text": ["Promote green and low-carbon transformation of Shanxi's energy."]})
    >>> kwic(s, "low carbon", window=2)[["left", "keyword", "right", "start", "end"]].values.tolist()
    [['green and', 'low-carbon', 'transformation of', 18, 28]]
    >>> s2 = s.assign(text=["Pollutants fell; pollution control of polluted rivers."])
    >>> kwic(s2, "pollut*", window=1)["keyword"].tolist()
    ['Pollutants', 'pollution', 'polluted']
    """
    sents = _filtered_sentences(corpus, regions, articles)
    terms = [term] if isinstance(term, str) else list(term)
    cols = ["term", "article_id", "para_no", "sent_no", "left", "keyword", "right", "start", "end"]
    rows = []
    found_any: set[str] = set()
    lower = sents["text"].str.lower() if not sents.empty else None
    for t in terms:
        want = _term_matchers(t)
        if not want or lower is None:
            continue
        mask = np.ones(len(sents), dtype=bool)
        for piece in {p for literal in _literals(t) for p in _pieces(literal)}:
            mask &= lower.str.contains(piece, regex=False).to_numpy()
        k = len(want)
        for row in sents[mask].itertuples(index=False):
            text = row.text
            spans = token_spans(text)
            toks = [s.token for s in spans]
            for i in range(len(spans) - k + 1):
                if not all(match(tok) for match, tok in zip(want, toks[i:i + k])):
                    continue
                if spans[i].clause != spans[i + k - 1].clause:
                    continue
                start, end = spans[i].start, spans[i + k - 1].end
                ls = spans[max(0, i - window)].start
                rs = spans[min(len(spans), i + k + window) - 1].end
                found_any.add(t)
                rows.append((t, row.article_id, getattr(row, "para_no", 0), getattr(row, "sent_no", 0),
                             text[ls:start].strip(), text[start:end], text[end:rs].strip(), start, end))
    missing = [t for t in terms if t not in found_any]
    if missing and len(sents):
        warnings.warn(f"kwic: no occurrence of {', '.join(map(repr, missing))} in {len(sents)} sentences"
                      " (try a glob such as 'pollut*')", stacklevel=2)
    if not rows:
        return empty_frame({c: "int64" if c in ("para_no", "sent_no", "start", "end") else str for c in cols})
    out = pd.DataFrame(rows, columns=cols)
    out = out.sort_values(["term", "article_id", "para_no", "sent_no", "start"], kind="stable").reset_index(drop=True)
    return out.astype({"start": np.int64, "end": np.int64})


def _filtered_sentences(corpus: Corpus | pd.DataFrame, regions: str | Iterable[str] | None,
                        articles: str | Iterable[str] | None) -> pd.DataFrame:
    """The sentences of the articles (and regions) asked for."""
    sents = _sentences(corpus)
    if articles is not None:
        ids = [articles] if isinstance(articles, str) else list(articles)
        sents = sents[sents["article_id"].isin(ids)]
    if regions is not None:
        wanted = {r.lower() for r in ([regions] if isinstance(regions, str) else regions)}
        if isinstance(corpus, Corpus):
            region_of = corpus.articles.set_index("article_id")["region"].fillna(NO_REGION).astype(str)
            region = sents["article_id"].map(region_of)
        elif "region" in sents.columns:
            region = sents["region"].fillna(NO_REGION).astype(str)
        else:
            raise ValueError("regions= needs a Corpus or a sentences table with a 'region' column")
        sents = sents[region.str.lower().isin(wanted).to_numpy()]
    return sents


_GLOB = re.compile(r"[*?\[]")


def _term_matchers(term: str) -> list:
    """One test per token of ``term``: equality with a token of the text, or a glob match
    for a word written with ``*`` or ``?`` (whole token, any case)."""
    matchers = []
    for word in term.split():
        if _GLOB.search(word):
            pattern = re.compile(fnmatch.translate(word.lower()))
            matchers.append(lambda tok, p=pattern: p.match(tok) is not None)
        else:
            matchers.extend(lambda tok, want=w: tok == want for w in tokenize(word))
    return matchers


def _literals(term: str) -> list[str]:
    """The parts of ``term`` a matching sentence must contain: its plain words, and the
    letters before the first wildcard of a glob word ("pollut" of "pollut*")."""
    out = []
    for word in term.split():
        m = _GLOB.search(word)
        piece = word[:m.start()] if m else word
        if len(piece) >= 2 or not m:
            out.extend(tokenize(piece) if not m else [piece.lower()])
    return out


def _pieces(token: str) -> list[str]:
    """Substrings a sentence must contain (lower-cased) to hold ``token``; for a quick filter."""
    if token.endswith("%"):
        token = token[:-1]
    return [p for p in token.replace("'", " ").replace("-", " ").split() if p]


# --------------------------------------------------------------------------- phrase counts


def term_counts(corpus: Corpus | pd.DataFrame, terms: Iterable[str], *, by: str | None = None) -> pd.DataFrame:
    """Exact counts of given phrases of any length, stop words and all.

    A phrase matches where its tokens and punctuation stand in the text in the same
    order inside one sentence (a phrase written with commas matches only with the commas).

    Args:
        corpus: a Corpus or a sentences table.
        terms: phrases as written (tokenized here).
        by: grouping as in :func:`ngram_counts`.

    Returns:
        Columns ``group``, ``term`` (as given), ``key`` (canonical form), ``count``; one
        row per group and term, zero counts included; sorted by group, then term order.
    """
    import ahocorasick

    terms = list(dict.fromkeys(terms))
    keys = {t: " ".join(token_stream(t)).replace("\n", " ") for t in terms}
    auto = ahocorasick.Automaton()
    for key in set(keys.values()):
        if key:
            auto.add_word(f" {key} ", key)
    texts = _grouped_texts(corpus, by)
    found: dict[tuple[str, str], int] = {}
    if len(auto):
        auto.make_automaton()
        for group, text in zip(texts["group"].tolist(), texts["text"].tolist()):
            joined = " " + " ".join(token_stream(text)) + " "
            for _, key in auto.iter(joined):
                found[(group, key)] = found.get((group, key), 0) + 1
    groups = sorted(texts["group"].unique()) if len(texts) else ([CORPUS_GROUP] if by is None else [])
    rows = [(g, t, keys[t], found.get((g, keys[t]), 0)) for g in groups for t in terms]
    return pd.DataFrame(rows, columns=["group", "term", "key", "count"]).astype({"count": np.int64})


# --------------------------------------------------------------------------- glossary


@lru_cache(maxsize=4)
def _glossary_cached(path: str, digest: str) -> pd.DataFrame:
    p = Path(path)
    g = read_lexicon(p, required=["term", "zh"], optional=["pinyin", "aliases", "note"], unique=["term"])
    seen: dict[str, tuple[str, int]] = {}
    keys = []
    for row in g.itertuples():
        row_keys = []
        for name in [row.term, *split_list(row.aliases)]:
            key = phrase_key(name)
            if not key:
                raise LexiconError(f"{p}, row {row.row}: '{name}' holds no word. Fix or delete it.")
            if key in seen and seen[key][0] != row.term:
                raise LexiconError(
                    f"{p}, row {row.row}: '{name}' is also a rendering of '{seen[key][0]}' (row {seen[key][1]}). "
                    "A term or alias may belong to one row only."
                )
            seen[key] = (row.term, row.row)
            row_keys.append(key)
        keys.append(tuple(dict.fromkeys(row_keys)))
    g = g.assign(keys=keys)
    return g[["term", "zh", "pinyin", "aliases", "note", "keys", "row"]]


def load_glossary(path: str | Path | None = None) -> pd.DataFrame:
    """Load ``data/lexicons/glossary.csv``: key English policy terms and their Chinese originals.

    Returns:
        Columns ``term``, ``zh``, ``pinyin``, ``aliases``, ``note``, ``keys`` (tuple of
        canonical phrase keys of the term and its aliases), ``row``.

    Raises:
        LexiconError: the file is malformed or an alias belongs to two terms.

    >>> g = load_glossary()
    >>> g.set_index("term").loc["carbon peaking", ["zh", "keys"]].tolist()[0]
    '碳达峰'
    """
    p = Path(path) if path is not None else lexicon_path("glossary")
    return _glossary_cached(str(p), file_digest(p) if p.is_file() else "")


def with_glossary(
    table: pd.DataFrame,
    *,
    column: str = "ngram",
    glossary: pd.DataFrame | None = None,
    pinyin: bool = False,
) -> pd.DataFrame:
    """Add the Chinese original beside each English term that the glossary knows.

    Args:
        table: any table with a column of n-grams or terms.
        column: that column.
        glossary: from :func:`load_glossary` (default: the project glossary).
        pinyin: also add a ``pinyin`` column.

    Returns:
        ``table`` with ``zh`` (and ``pinyin``) inserted right after ``column``; empty
        string where the glossary has no entry. Matching is on the canonical phrase form,
        so "low-carbon" and "Low carbon" both find 低碳.

    >>> with_glossary(pd.DataFrame({"ngram": ["carbon peak", "coal"]}))["zh"].tolist()
    ['碳达峰', '']
    """
    g = glossary if glossary is not None else load_glossary()
    zh = {key: z for keys, z in zip(g["keys"], g["zh"]) for key in keys}
    py = {key: p for keys, p in zip(g["keys"], g["pinyin"]) for key in keys}
    out = table.copy()
    keys = out[column].astype(str).map(phrase_key)
    pos = out.columns.get_loc(column) + 1
    out.insert(pos, "zh", keys.map(zh).fillna("").astype(object))
    if pinyin:
        out.insert(pos + 1, "pinyin", keys.map(py).fillna("").astype(object))
    return out


def kwic_explorer(corpus: Corpus, *, term: str = "low carbon", window: int = 8, max_rows: int = 50):
    """An interactive keyword-in-context box for JupyterLab: type a word, phrase or glob
    (:func:`kwic`), move the window; it shows how many hits there are and the first
    ``max_rows`` of them, so a frequent term stays quick to show.

    Returns:
        The ``ipywidgets.interact`` widget (a static page leaves it out).
    """
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    def show(term: str, window: int) -> None:
        hits = kwic(corpus, term, window=window)
        display(Markdown(f"**{len(hits):,}** hits of `{term}`" + (f"; the first {max_rows} shown" if len(hits) > max_rows else "")))
        display(hits.head(max_rows)[["article_id", "sent_no", "left", "keyword", "right"]])

    return widgets.interact(
        show,
        term=widgets.Text(value=term, description="term", continuous_update=False),
        window=widgets.IntSlider(value=window, min=2, max=20, description="window", continuous_update=False),
    )


def glossary_table(
    corpus: Corpus | pd.DataFrame,
    *,
    glossary: pd.DataFrame | None = None,
    by: str | None = None,
    found_only: bool = False,
) -> pd.DataFrame:
    """How often each glossary term (with its aliases) occurs in the corpus.

    Args:
        corpus: a Corpus or a sentences table.
        glossary: from :func:`load_glossary` (default: the project glossary).
        by: grouping as in :func:`ngram_counts`.
        found_only: keep only terms that occur.

    Returns:
        Columns ``group``, ``term``, ``zh``, ``pinyin``, ``count`` (term and aliases
        together), ``renderings`` (the renderings found, with counts); sorted by group,
        descending count, then term.
    """
    g = glossary if glossary is not None else load_glossary()
    all_names = [n for term, aliases in zip(g["term"], g["aliases"]) for n in [term, *split_list(aliases)]]
    tc = term_counts(corpus, all_names, by=by)
    owner = {phrase_key(n): term for term, aliases in zip(g["term"], g["aliases"]) for n in [term, *split_list(aliases)]}
    owner_of = {name: owner[phrase_key(name)] for name in set(tc["term"])}  # tokenise each name once
    tc["owner"] = tc["term"].map(owner_of)
    totals = tc.groupby(["group", "owner"], sort=True)["count"].sum()
    hits = tc[tc["count"] > 0].sort_values(["group", "owner", "count", "term"], ascending=[True, True, False, True])
    shown = (hits["term"] + " (" + hits["count"].astype(str) + ")").groupby([hits["group"], hits["owner"]]).agg("; ".join)
    out = pd.DataFrame({
        "count": totals.astype("int64"),
        "renderings": shown.reindex(totals.index, fill_value=""),
    }).rename_axis(["group", "term"]).reset_index()
    out = out.merge(g[["term", "zh", "pinyin"]], on="term", how="left")[["group", "term", "zh", "pinyin", "count", "renderings"]]
    if found_only:
        out = out[out["count"] > 0]
    return out.sort_values(["group", "count", "term"], ascending=[True, False, True], kind="stable").reset_index(drop=True)
