"""The one tokenizer every analysis uses, and the stop lists for keyword counting.

Tokens
    :func:`tokenize` lower-cases and keeps together what policy text needs countable:

    * words, including internal apostrophes and ampersands (``xi'an``, ``r&d``);
    * pollutant and other letter-number codes: ``pm2.5``, ``pm10``, ``co2``, ``so2``;
    * numbers, years and decimals: ``2027``, ``3.5``, ``1,000`` (thousands separators kept);
    * percentages as one token: ``10%``, ``10 %``, ``10 percent`` and ``10 per cent`` all
      become ``10%``;
    * a number glued to its unit: ``30mg``, ``14th``, ``1.5°c``. A unit written apart
      ("30 micrograms") stays a separate word, so ``30 micrograms`` is a bigram and
      stays countable as a phrase.

    Hyphenated compounds are split at the hyphen, and the hyphen is never a boundary: the
    canonical form of "low-carbon" is the two tokens ``low carbon``, exactly what
    "low carbon" gives, so the bigram ``low carbon`` counts both spellings. The exception
    is a compound whose first part is a bound prefix that is no word on its own
    (:data:`BOUND_PREFIXES`: ``co-``, ``non-``, ``ultra-``, ``eco-`` ...): it stays one
    token (``co-governance``, ``ultra-low``), since "co governance" is never written.

    The possessive ``'s`` is dropped ("Shanxi's" -> ``shanxi``); a plural possessive
    ("enterprises'") loses its apostrophe, which then counts as a quote mark. Typographic
    apostrophes are read as ``'``.

Boundaries
    N-grams never cross a sentence or clause boundary. Sentences come from the corpus
    (``corpus.sentences``); inside a sentence these marks end a clause: ``, ; : ( ) [ ]
    { } " ' ! ? . / \\ | < >``, typographic quotes, ellipsis, en and em dashes and a
    hyphen that does not join two letters or digits ("pollution - and"). A quoted name is
    therefore a clause of its own (``"zero-waste cities"`` -> ``zero waste cities``), and
    a line break is a boundary too. Other symbols (``+``, ``&`` standing alone, ``*``)
    are skipped without ending the clause.

Stop lists (:func:`stopword_sets`)
    scikit-learn's ``ENGLISH_STOP_WORDS``, changed by ``data/lexicons/stopwords.csv``
    (``add`` rows: site boilerplate such as "china carbon credit platform", "release
    time", "like", "collect"; ``keep`` rows: words taken out of scikit-learn's list
    because they carry meaning here, such as "system" in "river chief system"), and,
    switchable, ``data/lexicons/policy_fillers.csv``: the filler verbs, adverbs and hedges
    of translated Chinese policy English ("will", "promote", "strengthen",
    "comprehensively"). A multi-word entry is a *stop phrase*: its occurrences are blanked
    out before counting, so no n-gram includes any of its words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.lexicons import LexiconError, file_digest, lexicon_path, read_lexicon

#: Prefixes that are no words on their own; ``co-governance`` stays one token.
BOUND_PREFIXES: tuple[str, ...] = (
    "anti", "co", "e", "eco", "inter", "intra", "mid", "multi", "non", "post", "pre", "re",
    "self", "semi", "sub", "ultra",
)

#: Characters that end a clause (each is returned as a one-character mark by
#: :func:`token_stream`).
BOUNDARY_CHARS = ",;:()[]{}\"'!?./\\|<>\n\r\u2026\u2013\u2014\u201c\u201d\u00ab\u00bb"
#: The marks :func:`token_stream` emits between clauses (the boundary characters and ``-``).
BOUNDARY_MARKS: frozenset[str] = frozenset(BOUNDARY_CHARS) | {"-"}
#: The mark used to blank out a stop phrase.
BLANK = "|"

_L = r"[^\W\d_]"  # a letter
_A = r"[^\W_]"  # a letter or a digit
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d++(?:\.\d+)*)"
_PERCENT_SUFFIX = r"(?:(?<=\d)(?: ?%| ?percent\b| ?per cent\b|°[cf]?))?"
_PREFIX_CHECK = "|".join(f"(?<=\\b{p}-)" for p in BOUND_PREFIXES)
_WORD_TAIL = rf"(?:(?:'(?!s\b)|&){_L}++)*"
_BOUNDARY = "[" + re.escape(BOUNDARY_CHARS) + "]"
# One token or one boundary mark per match, in group 1; a possessive 's is consumed
# outside the group. A match starting with a letter is, in order: a letter-number code
# (pm2.5), a bound-prefix compound (co-governance) or a word (xi'an, r&d).
_PATTERN = (
    rf"({_L}++(?:{_NUMBER}{_A}*+{_PERCENT_SUFFIX}|-(?:{_PREFIX_CHECK}){_L}++{_WORD_TAIL}|{_WORD_TAIL})"
    rf"|{_NUMBER}{_A}*+{_PERCENT_SUFFIX}"
    rf"|{_BOUNDARY}"
    rf"|-(?:(?<!{_A}-)(?<!%-)|(?!{_A})))"  # a dash after "%" joins as after a digit ("10 percent-low")
    r"(?:'s\b)?"
)
#: Used on lower-cased text by the counting path.
_TOKEN_RE = re.compile(_PATTERN)
#: Used on the original text by the offsets path (:func:`token_spans`).
_TOKEN_RE_CI = re.compile(_PATTERN, re.IGNORECASE)
_PERCENT_RE = re.compile(r"(\d)(?: ?%| percent\b| per cent\b)")  # "5percent", glued, stays a word in both tokenizer paths
_APOSTROPHES = ("\u2019", "\u2018", "\u02bc")


def _prepare(text: str) -> str:
    """Read typographic apostrophes as ``'`` (length-preserving)."""
    for ch in _APOSTROPHES:
        if ch in text:
            text = text.replace(ch, "'")
    return text


#: How far a match of :data:`_PERCENT_RE` reaches before the "%" or "cent" it holds ("5 per
#: cent": the digit is 6 characters before "cent"), and after it (with the character that
#: decides ``\b``).
_PERCENT_BEFORE, _PERCENT_AFTER = 6, 6


def find_each(text: str | bytes, word: str | bytes) -> list[int]:
    """Where ``word`` starts in ``text`` (overlapping starts included), by ``find``, which
    runs at memory speed where a regex scan costs tens of nanoseconds a character.

    >>> find_each("aaa", "aa"), find_each(b"year 2025", b"year")
    ([0, 1], [0])
    """
    out: list[int] = []
    at = text.find(word)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + 1)
    return out


def _percent_signs(low: str) -> str:
    """``_PERCENT_RE.sub(r"\1%", low)``: "10 %", "10 percent" and "10 per cent" as "10%".

    Scanning a whole corpus for the pattern's leading digit costs ``re`` about 35 ns a
    character, yet every match holds a "%" or a "cent", which ``str.find`` finds at memory
    speed. So the pattern runs only in windows around those, wide enough to hold any match
    and the character after it; windows that touch are merged, so the matches are the
    whole-text ones (tests/test_text.py checks this on generated text).
    """
    starts = sorted(find_each(low, "%") + find_each(low, "cent"))
    pieces: list[str] = []
    pos, i, n = 0, 0, len(starts)
    while i < n:
        lo, hi = max(starts[i] - _PERCENT_BEFORE, pos), starts[i] + _PERCENT_AFTER
        i += 1
        while i < n and starts[i] - _PERCENT_BEFORE <= hi:
            hi = starts[i] + _PERCENT_AFTER
            i += 1
        for m in _PERCENT_RE.finditer(low, lo, min(hi, len(low))):
            pieces += (low[pos:m.start()], m.group(1), "%")
            pos = m.end()
    if not pieces:
        return low
    pieces.append(low[pos:])
    return "".join(pieces)


def _canonical(token: str) -> str:
    """Canonical form of one matched token (lower case, percentages as ``N%``)."""
    token = token.lower()
    if "cent" in token or " " in token:
        token = _PERCENT_RE.sub(r"\1%", token)
    return token


def token_stream(text: str) -> list[str]:
    """Tokens of ``text`` in order, with a one-character mark where a clause ends.

    This is the fast path behind every count: the marks (see :data:`BOUNDARY_MARKS`)
    keep n-grams from crossing clauses. Join sentences with ``"\\n"`` to keep them apart.

    >>> token_stream('Shanxi\\'s "zero-waste cities", PM2.5 fell 10 percent.')
    ['shanxi', '"', 'zero', 'waste', 'cities', '"', ',', 'pm2.5', 'fell', '10%', '.']
    """
    text, low = _lowered(text)
    if low is None:
        return _tokens_case_insensitive(text)
    return _findall_tokens(low)


def _lowered(text: str) -> tuple[str, str | None]:
    """``text`` prepared for tokenizing, and its lower case with percentages rewritten;
    ``None`` for the rare text with letters whose lower case is longer ("İ" -> "i" +
    combining dot), which :func:`_tokens_case_insensitive` reads instead."""
    text = _prepare(text)
    low = text.lower()
    if len(low) != len(text):
        return text, None
    if " %" in low or "cent" in low:
        low = _percent_signs(low)
    return text, low


def _tokens_case_insensitive(text: str) -> list[str]:
    """Match the original case-insensitively and lower-case each token, as token_spans does."""
    return [t if t in BOUNDARY_MARKS else _canonical(t) for t in _TOKEN_RE_CI.findall(text)]


def _findall_tokens(low: str) -> list[str]:
    """``_TOKEN_RE.findall(low)``, about twice as fast on English prose.

    The text is cut at spaces and each distinct chunk is tokenized once
    (:func:`_chunk_tokens`). Applying the pattern chunk by chunk gives the same tokens as
    applying it to the whole text: after the percent rewrite no match spans a space, and
    every look-around at a chunk edge sees a space in the whole text and the string's
    edge in the chunk, which it treats alike (``tests/test_text.py`` checks the
    equivalence on generated text).
    """
    out: list[str] = []
    seen: dict[str, tuple[str, ...] | list[str]] = {}
    for chunk in low.split(" "):
        toks = seen.get(chunk)
        if toks is None:
            toks = seen[chunk] = _chunk_tokens(chunk)
        out.extend(toks)
    return out


def hyphen_joins(chunk: str, tokens: Sequence[str]) -> list[bool]:
    """For each token of a space-free chunk, whether a hyphen joins it to the token before
    it, letter to letter ("third-party": ``[False, True]``). The keyword counts use it so
    that an n-gram never starts or ends inside a hyphenated word ("party environmental
    protection" is not a phrase of "third-party environmental protection").

    >>> hyphen_joins("third-party", ["third", "party"]), hyphen_joins("2021-2025", ["2021", "2025"])
    ([False, True], [False, False])
    """
    flags = [False] * len(tokens)
    if "-" not in chunk:
        return flags
    at, prev_end = 0, -1
    for j, tok in enumerate(tokens):
        i = chunk.find(tok, at)
        if i < 0:
            prev_end = -1
            continue
        flags[j] = (prev_end > 0 and chunk[prev_end:i] == "-" and chunk[prev_end - 1].isalpha() and chunk[i:i + 1].isalpha())
        at = prev_end = i + len(tok)
    return flags


def token_stream_joins(text: str) -> tuple[list[str], list[bool]]:
    """:func:`token_stream` and, per token, :func:`hyphen_joins` (all ``False`` for the
    rare text whose lower case changes its length, which is tokenized as a whole)."""
    text, low = _lowered(text)
    if low is None:
        toks = _tokens_case_insensitive(text)
        return toks, [False] * len(toks)
    tokens: list[str] = []
    joins: list[bool] = []
    for chunk in low.split(" "):
        toks = _chunk_tokens(chunk)
        tokens.extend(toks)
        joins.extend(hyphen_joins(chunk, toks))
    return tokens, joins


def _chunk_tokens(chunk: str) -> tuple[str, ...] | list[str]:
    """The tokens of one space-free chunk of lower-cased text: a plain ASCII word is its
    own token (what the pattern would find), anything else goes through the pattern."""
    return (chunk,) if chunk.isalpha() and chunk.isascii() else _TOKEN_RE.findall(chunk)


def split_codes(text: str, sep: str = " ") -> tuple[np.ndarray, list[str]]:
    """``pd.factorize(text.split(sep))`` without a Python string per piece.

    Tokenizers here work per distinct space-free chunk of text (a corpus has a million
    chunks but some ten thousand distinct ones), so they only need each chunk's number.
    pyarrow cuts the text and hashes the pieces in C++; only the distinct pieces become
    Python strings.

    Returns:
        Each piece's index among the distinct pieces (int64, in text order) and the
        distinct pieces, in order of first appearance: exactly what ``pd.factorize`` gives.

    >>> codes, pieces = split_codes("b a  b")
    >>> codes.tolist(), pieces
    ([0, 1, 2, 0], ['b', 'a', ''])
    """
    try:
        encoded = pc.dictionary_encode(pc.split_pattern(pa.array([text], type=pa.large_string()), sep).flatten())
    except (UnicodeError, pa.ArrowException):  # lone surrogates cannot be UTF-8
        codes, uniques = pd.factorize(np.array(text.split(sep), dtype=object))
        return codes.astype(np.int64), uniques.tolist()
    return encoded.indices.to_numpy().astype(np.int64), encoded.dictionary.to_pylist()


def join_codes(pieces: Sequence[str], codes: np.ndarray) -> str:
    """``"".join(pieces[c] for c in codes)``, for a million codes at memory speed.

    pyarrow's ``take`` lays the chosen strings end to end in one UTF-8 buffer (the Arrow
    columnar format keeps a string array's values contiguous), so that buffer, between
    the first and last offsets, is the joined text.

    >>> join_codes(["ab", "c", "é"], np.array([0, 2, 0, 1]))
    'abéabc'
    """
    try:
        taken = pa.array(pieces, type=pa.large_string()).take(pa.array(codes, type=pa.int64()))
    except (UnicodeError, pa.ArrowException):  # lone surrogates cannot be UTF-8
        return "".join(np.array(pieces, dtype=object)[codes].tolist()) if len(codes) else ""
    offsets = np.frombuffer(taken.buffers()[1], dtype=np.int64)
    lo, hi = offsets[taken.offset], offsets[taken.offset + len(taken)]
    data = taken.buffers()[2]
    return "" if data is None else data.to_pybytes()[lo:hi].decode("utf-8")


def tokenize(text: str) -> list[str]:
    """The project's tokenizer: lower-cased tokens of ``text`` (see the module docstring).

    Args:
        text: any English text.

    Returns:
        The tokens in order, without punctuation.

    >>> tokenize("Shanxi's low-carbon plan cuts PM2.5 and CO2 by 10% by 2027.")
    ['shanxi', 'low', 'carbon', 'plan', 'cuts', 'pm2.5', 'and', 'co2', 'by', '10%', 'by', '2027']
    >>> tokenize("co-governance of Xi'an, R&D, 1,000 tonnes, 3.5 per cent, 30mg")
    ['co-governance', 'of', "xi'an", 'r&d', '1,000', 'tonnes', '3.5%', '30mg']
    """
    return [t for t in token_stream(text) if t not in BOUNDARY_MARKS]


def clauses(text: str) -> list[list[str]]:
    """Split ``text`` at clause boundaries and tokenize each clause.

    Returns:
        One list of tokens per non-empty clause, in order.

    >>> clauses('Build a "zero-waste city"; cut coal (by 2027), and grow.')
    [['build', 'a'], ['zero', 'waste', 'city'], ['cut', 'coal'], ['by', '2027'], ['and', 'grow']]
    """
    out: list[list[str]] = []
    current: list[str] = []
    for tok in token_stream(text):
        if tok in BOUNDARY_MARKS:
            if current:
                out.append(current)
                current = []
        else:
            current.append(tok)
    if current:
        out.append(current)
    return out


class Span(NamedTuple):
    """One token of a text with its place: ``text[start:end]`` is the token as written."""

    token: str
    start: int
    end: int
    clause: int


def token_spans(text: str) -> list[Span]:
    """Tokens of ``text`` with character offsets into ``text`` and a clause number.

    The tokens equal :func:`tokenize`'s. ``start``/``end`` cover the token as written
    (``Shanxi`` of "Shanxi's", ``10 percent``); ``clause`` counts clauses from 0.

    >>> [tuple(s) for s in token_spans("Shanxi's low-carbon, 10 percent")]
    [('shanxi', 0, 6, 0), ('low', 9, 12, 0), ('carbon', 13, 19, 0), ('10%', 21, 31, 1)]
    """
    out: list[Span] = []
    clause = 0
    prev_boundary = False
    for m in _TOKEN_RE_CI.finditer(_prepare(text)):
        tok = m.group(1)
        if tok in BOUNDARY_MARKS:
            if not prev_boundary and out:
                clause += 1
            prev_boundary = True
            continue
        prev_boundary = False
        out.append(Span(_canonical(tok), m.start(1), m.end(1), clause))
    return out


def phrase_key(phrase: str) -> str:
    """The canonical form of a phrase: its tokens joined by single spaces.

    This is how n-grams are written in count tables, so a lexicon entry can be looked
    up there whatever its spelling.

    >>> phrase_key("Low-Carbon  development")
    'low carbon development'
    """
    return " ".join(tokenize(phrase))


# --------------------------------------------------------------------------- stop lists


@dataclass(frozen=True, eq=False)
class StopLists:
    """The stop lists in force for keyword counting.

    Attributes:
        words: single-token stop words.
        phrases: multi-token stop phrases (token tuples), blanked out before counting.
        table: one row per entry in force: ``list`` (``scikit-learn``, ``stopwords.csv``,
            ``policy_fillers.csv``), ``term``, ``note``; sorted by list, then term.
        fillers: whether the policy-filler list is included.
    """

    words: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    table: pd.DataFrame
    fillers: bool


@lru_cache(maxsize=1)
def sklearn_stop_words() -> frozenset[str]:
    """scikit-learn's ``ENGLISH_STOP_WORDS``, without importing scikit-learn.

    Importing ``sklearn.feature_extraction.text`` pulls in SciPy and most of scikit-learn
    (about a second); the list itself is one frozenset literal in
    ``sklearn/feature_extraction/_stop_words.py``, so that file alone is executed. If a
    future scikit-learn moves it, the ordinary import is used instead.

    >>> from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    >>> sklearn_stop_words() == ENGLISH_STOP_WORDS
    True
    """
    import importlib.util

    spec = importlib.util.find_spec("sklearn")
    for root in (spec.submodule_search_locations or []) if spec else []:
        path = Path(root) / "feature_extraction" / "_stop_words.py"
        if path.is_file():
            namespace: dict[str, object] = {}
            try:
                exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102
            except Exception:  # noqa: BLE001 - a file that no longer runs alone: import instead
                break
            words = namespace.get("ENGLISH_STOP_WORDS")
            if isinstance(words, frozenset) and words:
                return words
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def _entry_tokens(path: Path, row: int, term: str) -> tuple[str, ...]:
    toks = tuple(tokenize(term))
    if not toks:
        raise LexiconError(f"{path}, row {row}: term '{term}' holds no word. Fix or delete the row.")
    return toks


@lru_cache(maxsize=8)
def _stop_lists_cached(fillers: bool, stop_path: str, stop_digest: str, fill_path: str, fill_digest: str) -> StopLists:
    sp = Path(stop_path)
    stop = read_lexicon(sp, required=["term", "action"], optional=["note"], unique=["term"])
    bad = stop[~stop["action"].isin(["add", "keep"])]
    if not bad.empty:
        row = bad.iloc[0]
        raise LexiconError(f"{sp}, row {row['row']}: action '{row['action']}' must be 'add' or 'keep'.")
    keep: set[str] = set()
    for r in stop[stop["action"] == "keep"].itertuples():
        toks = _entry_tokens(sp, r.row, r.term)
        if len(toks) != 1:
            raise LexiconError(f"{sp}, row {r.row}: a 'keep' row takes one word, not '{r.term}'.")
        keep.add(toks[0])
    english = sklearn_stop_words()
    rows = [("scikit-learn", w, "ENGLISH_STOP_WORDS") for w in sorted(english) if w not in keep]
    entries = [(_entry_tokens(sp, r.row, r.term), "stopwords.csv", r.note) for r in stop[stop["action"] == "add"].itertuples()]
    if fillers:
        fp = Path(fill_path)
        fill = read_lexicon(fp, required=["term"], optional=["kind", "note"], unique=["term"])
        entries += [(_entry_tokens(fp, r.row, r.term), "policy_fillers.csv", r.note or r.kind) for r in fill.itertuples()]
    words = set(english) - keep
    phrases = set()
    for toks, source, note in entries:
        if len(toks) == 1:
            words.add(toks[0])
        else:
            phrases.add(toks)
        rows.append((source, " ".join(toks), note))
    table = pd.DataFrame(rows, columns=["list", "term", "note"])
    order = {"scikit-learn": 0, "stopwords.csv": 1, "policy_fillers.csv": 2}
    table = table.sort_values(["list", "term"], key=lambda s: s.map(order) if s.name == "list" else s, kind="stable")
    return StopLists(
        words=frozenset(words),
        phrases=tuple(sorted(phrases)),
        table=table.reset_index(drop=True),
        fillers=fillers,
    )


def stopword_sets(
    *,
    fillers: bool = True,
    stopwords_path: str | Path | None = None,
    fillers_path: str | Path | None = None,
) -> StopLists:
    """The stop lists for keyword counting (loaded once per file content).

    Args:
        fillers: include ``policy_fillers.csv`` (filler verbs and hedges).
        stopwords_path: an alternative ``stopwords.csv``.
        fillers_path: an alternative ``policy_fillers.csv``.

    Returns:
        A :class:`StopLists`.

    Raises:
        LexiconError: a list is missing or malformed (the message names file and row).

    >>> s = stopword_sets()
    >>> "the" in s.words, "promote" in s.words, "system" in s.words, ("release", "time") in s.phrases
    (True, True, False, True)
    >>> "promote" in stopword_sets(fillers=False).words
    False
    """
    sp = Path(stopwords_path) if stopwords_path is not None else lexicon_path("stopwords")
    fp = Path(fillers_path) if fillers_path is not None else lexicon_path("policy_fillers")
    return _stop_lists_cached(
        bool(fillers),
        str(sp),
        file_digest(sp) if sp.is_file() else "",
        str(fp),
        file_digest(fp) if (fillers and fp.is_file()) else "",
    )


def stop_lists_summary(stop: StopLists | None = None, *, fillers: bool = True) -> pd.DataFrame:
    """Which stop lists are in force, for a notebook to show.

    Args:
        stop: the lists (default: :func:`stopword_sets` with ``fillers``).
        fillers: whether the policy fillers are switched on (when ``stop`` is not given).

    Returns:
        One row per list: ``list``, ``in_force`` (bool), ``entries``, ``phrases`` (how
        many entries are multi-word), ``examples`` (the first eight entries alphabetically and how many more).
    """
    stop = stop if stop is not None else stopword_sets(fillers=fillers)
    # A switched-off filler list is still listed (not in force) so readers see what it holds.
    fillers_table = stop.table if stop.fillers else stopword_sets(fillers=True).table
    rows = []
    for name in ("scikit-learn", "stopwords.csv", "policy_fillers.csv"):
        source = fillers_table if name == "policy_fillers.csv" else stop.table
        terms = source.loc[source["list"] == name, "term"].tolist()
        rows.append(
            {
                "list": name,
                "in_force": bool(stop.fillers) if name == "policy_fillers.csv" else True,
                "entries": len(terms),
                "phrases": sum(" " in t for t in terms),
                "examples": ", ".join(terms[:8]) + (f" and {len(terms) - 8:,} more" if len(terms) > 8 else ""),
            }
        )
    return pd.DataFrame(rows)
