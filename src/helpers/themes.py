"""Themes: which policy areas an article stresses, where in the text, and in what order.

The themes and the phrases that signal them live in ``data/lexicons/themes.csv`` (one
phrase a row: ``theme``, ``phrase``, optional ``weight`` and ``note``), so analysts can
extend them without programming. Everything here is a pure function of the corpus tables
and the lexicon:

* :func:`load_theme_lexicon` reads and validates the lexicon.
* :func:`theme_evidence`: every phrase that fired, where (sentence and character offsets).
* :func:`theme_scores`: hits, hits per 1,000 words and shares per paragraph, article or
  region, with zero rows so every unit has every theme.
* :func:`dominant_theme`: the leading theme of each unit of a :func:`theme_scores` table.
* :func:`text_themes`: the dominant theme of each of many short texts.
* :func:`key_tasks`: the tasks a plan enumerates ("The first is to ...", "Sixth, ...",
  "(1) ...", paragraphs led by an imperative and a quoted slogan).
* :func:`topic_model`: an unsupervised view (NMF on TF-IDF over paragraphs) beside the
  lexicon, with the theme each topic overlaps most.

Matching rule
-------------
Text and phrases go through the same normalisation, so a phrase matches its inflected,
plural, capitalised and hyphenated variants:

1. Tokens are runs of letters and digits (``PM2.5`` and ``CO2`` stay whole); a possessive
   ``'s`` is dropped. Hyphens, slashes and punctuation separate tokens, so
   ``low-carbon`` = ``low carbon``.
2. The articles ``the``, ``a`` and ``an`` are skipped, so "protection of the ecological
   environment" matches "protection of ecological environment".
3. Each alphabetic token longer than three letters is folded (:func:`fold_token`):
   British ``-isation`` -> ``-ization``; ``-ies`` -> ``-y``, else a final ``-s`` is dropped (not after ``s``, ``u`` or ``i``:
   ``process``, ``status``, ``basis`` stay); then ``-ied`` -> ``-y``, or ``-ing`` / ``-ed``
   is dropped when a stem with a vowel of at least three letters remains; then a final
   ``-e`` is dropped and a final doubled consonant is undoubled. So ``emissions`` ->
   ``emission``, ``cities`` -> ``city``, ``controlled`` / ``controlling`` -> ``control``,
   ``reduces`` / ``reduced`` / ``reducing`` / ``reduce`` -> ``reduc``.
4. A phrase matches a run of whole tokens inside one sentence (never across sentences).
5. Overlapping matches count once: the longest (most tokens) wins, then the leftmost.
   So "green and low-carbon lifestyle" (public participation) hides the "green and
   low-carbon" (carbon) inside it, and "new pollutants" hides "pollutant".

Phrases of the pseudo-theme ``ignore`` never count; they exist to block shorter phrases
inside them ("road map" keeps "road" from counting as transport).
"""

from __future__ import annotations

import difflib
import itertools
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import ahocorasick
import numpy as np
import pandas as pd

from helpers.corpus import Corpus
from helpers.lexicons import NO_REGION, LexiconError, file_digest, lexicon_path, read_lexicon
from helpers.tables import empty_frame
from helpers.text import join_codes, split_codes

#: The theme ids other modules and people key on, in their canonical order.
THEMES: tuple[str, ...] = (
    "carbon_climate",
    "energy_transition",
    "air",
    "water",
    "soil_waste",
    "ecosystem_biodiversity",
    "risk_safety",
    "green_industry_finance",
    "transport",
    "urban_rural",
    "governance_law",
    "science_digital",
    "public_participation",
    "party_leadership",
    "regional_cooperation",
    "international_cooperation",
)
#: Pseudo-theme for blocking phrases: they win overlaps but are never counted.
IGNORE = "ignore"
LEXICON_COLUMNS = ["theme", "phrase", "weight", "note"]
LEVELS = ("paragraph", "article", "region")

EVIDENCE_COLUMNS = [
    "article_id", "para_no", "sent_no", "theme", "phrase", "matched", "start", "end", "weight",
]
TASK_COLUMNS = [
    "article_id", "list_no", "style", "ordinal", "para_no", "sent_no", "marker", "lead_clause",
    "text", "theme",
]

# A token: letters/digits (Unicode), an optional decimal part ("PM2.5"), an optional
# possessive. The capturing group makes ``split`` return separators and tokens in turn.
_TOKEN_SPLIT = re.compile(r"([^\W_]+(?:\.\d+)?(?:['\u2019][sS]\b)?)")
# Words as the corpus counts them (same rule as ``corpus.n_words``).
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'.][A-Za-z0-9]+)*")
_SKIPPED = frozenset({"the", "a", "an"})
_VOWEL = re.compile(r"[aeiouy]")
#: Texts are matched (and their words counted) in slices of about this many characters
#: (bounds memory).
_CHUNK_CHARS = 2_000_000
#: ASCII letters and digits (what :data:`_WORD` builds words of), by code point.
_ASCII_ALNUM = np.array([chr(c).isalnum() for c in range(128)])
_WORD_JOINERS = [ord(c) for c in "-'."]


# --------------------------------------------------------------------------- normalisation


def fold_token(token: str) -> str:
    """Fold one token to the form used for matching (see the module docstring, rule 3).

    Args:
        token: one token as :data:`_TOKEN_SPLIT` finds it.

    Returns:
        The folded, lower-case form; ``""`` for the skipped articles ``the``, ``a``, ``an``.

    >>> [fold_token(w) for w in ["Emissions", "cities", "controlled", "reducing", "reduce"]]
    ['emission', 'city', 'control', 'reduc', 'reduc']
    >>> [fold_token(w) for w in ["Party's", "PM2.5", "process", "processes", "status", "the"]]
    ['party', 'pm2.5', 'proces', 'proces', 'status', '']
    """
    t = token.lower()
    if t.endswith(("'s", "\u2019s")):
        t = t[:-2]
    if t in _SKIPPED:
        return ""
    if len(t) <= 3 or not t.isalpha():
        return t
    if "isation" in t:
        t = t.replace("isation", "ization")
    if t.endswith("ies") and len(t) > 4:
        t = t[:-3] + "y"
    elif t.endswith("s") and not t.endswith(("ss", "us", "is")):
        t = t[:-1]
    if t.endswith("ied") and len(t) > 4:
        t = t[:-3] + "y"
    elif t.endswith("ing") and len(t) >= 6 and _VOWEL.search(t[:-3]):
        t = t[:-3]
    elif t.endswith("ed") and len(t) >= 5 and _VOWEL.search(t[:-2]):
        t = t[:-2]
    if len(t) > 3 and t.endswith("e"):
        t = t[:-1]
    if len(t) > 3 and t[-1] == t[-2] and t[-1] not in "aeiou":
        t = t[:-1]
    return t


def fold_phrase(text: str) -> str:
    """The folded token sequence of ``text``, space-separated (what matching compares).

    >>> fold_phrase("Low-carbon transformations of the energy systems")
    'low carbon transformation of energy system'
    >>> fold_phrase("low carbon transformation of energy system") == fold_phrase("Low-Carbon Transformation of the Energy System")
    True
    """
    return " ".join(k for k in map(fold_token, _TOKEN_SPLIT.split(text)[1::2]) if k)


# --------------------------------------------------------------------------- lexicon


def _check_theme(theme: str, path: object, row: object) -> None:
    if theme in THEMES or theme == IGNORE:
        return
    close = difflib.get_close_matches(theme, [*THEMES, IGNORE], n=1)
    hint = f"Did you mean '{close[0]}'? " if close else ""
    raise LexiconError(
        f"{path}, row {row}: unknown theme '{theme}'. {hint}Use one of: {', '.join(THEMES)} "
        f"(or '{IGNORE}' for a phrase that should block shorter ones without counting)."
    )


def _parse_weight(cell: str, path: object, row: object) -> float:
    if cell is None or str(cell).strip() == "":
        return 1.0
    try:
        w = float(cell)
    except ValueError:
        w = float("nan")
    if not math.isfinite(w) or w <= 0:
        raise LexiconError(
            f"{path}, row {row}: weight '{cell}' is not a positive number. "
            "Write a number such as 1 or 0.5, or leave the cell empty for 1."
        )
    return w


def _validate(df: pd.DataFrame, path: object) -> pd.DataFrame:
    """Check themes, weights and duplicate phrases (after folding); return the clean table."""
    rows = df["row"].tolist() if "row" in df.columns else [i + 1 for i in range(len(df))]
    themes, phrases, weights, notes = [], [], [], []
    seen: dict[str, tuple[object, str, str]] = {}
    note_col = df["note"].tolist() if "note" in df.columns else [""] * len(df)
    weight_col = df["weight"].tolist() if "weight" in df.columns else [""] * len(df)
    for theme, phrase, weight, note, row in zip(df["theme"], df["phrase"], weight_col, note_col, rows):
        theme = "" if theme is None or (isinstance(theme, float) and math.isnan(theme)) else str(theme).strip()
        phrase = "" if phrase is None or (isinstance(phrase, float) and math.isnan(phrase)) else str(phrase).strip()
        if not theme:
            raise LexiconError(f"{path}, row {row}: column 'theme' is empty. Fill it in or delete the row.")
        if not phrase:
            raise LexiconError(f"{path}, row {row}: column 'phrase' is empty. Fill it in or delete the row.")
        _check_theme(theme, path, row)
        w = _parse_weight("" if weight is None or (isinstance(weight, float) and math.isnan(weight)) else str(weight), path, row)
        key = fold_phrase(phrase)
        if not key:
            raise LexiconError(
                f"{path}, row {row}: phrase '{phrase}' has no words left after normalisation "
                "('the', 'a', 'an' and punctuation are skipped). Write a real phrase or delete the row."
            )
        if key in seen:
            other_row, other_theme, other_phrase = seen[key]
            same = "the same phrase" if other_phrase.casefold() == phrase.casefold() else (
                f"the same phrase once plurals, inflections, hyphens and case are folded ('{key}')"
            )
            fix = "Delete one of the rows." if other_theme == theme else (
                f"A phrase may belong to one theme only: keep it under '{other_theme}' or '{theme}' and delete the other row."
            )
            raise LexiconError(
                f"{path}, row {row}: phrase '{phrase}' ({theme}) is {same} as row {other_row}: "
                f"'{other_phrase}' ({other_theme}). {fix}"
            )
        seen[key] = (row, theme, phrase)
        themes.append(theme)
        phrases.append(phrase)
        weights.append(w)
        notes.append("" if note is None or (isinstance(note, float) and math.isnan(note)) else str(note))
    return pd.DataFrame({"theme": themes, "phrase": phrases, "weight": weights, "note": notes})


@lru_cache(maxsize=8)
def _load_cached(path: str, digest: str) -> pd.DataFrame:
    df = read_lexicon(path, required=["theme", "phrase"], optional=["weight", "note"])
    return _validate(df, path)


def load_theme_lexicon(path: str | Path | None = None) -> pd.DataFrame:
    """Load and validate the theme lexicon (``data/lexicons/themes.csv`` by default).

    Args:
        path: a CSV with columns ``theme`` and ``phrase`` and optionally ``weight`` (a
            positive number, default 1) and ``note``. Lines starting with ``#`` are comments.

    Returns:
        Columns ``theme``, ``phrase``, ``weight`` (float), ``note``, in file order.

    Raises:
        LexiconError: the file is missing or malformed: a blank or unknown theme, a blank
            phrase, a weight that is not a positive number, or a phrase that repeats another
            one (also after plurals, inflections, hyphens and case are folded). The message
            names the file, the row and the fix.

    >>> lex = load_theme_lexicon()
    >>> sorted(set(lex["theme"]) - {"ignore"}) == sorted(THEMES)
    True
    """
    path = Path(path) if path is not None else lexicon_path("themes")
    if not path.is_file():
        raise LexiconError(f"{path}: lexicon file not found. Restore it from git or point to another file.")
    return _load_cached(str(path), file_digest(path)).copy()


# --------------------------------------------------------------------------- matcher


@dataclass(frozen=True)
class _Matcher:
    automaton: ahocorasick.Automaton  # over the phrases' token codes (see ``code``)
    themes: tuple[str, ...]  # counted themes in lexicon order
    phrase: np.ndarray  # per phrase id: lexicon form (object)
    theme_of: np.ndarray  # per phrase id: index into ``themes``; -1 for IGNORE
    weight: np.ndarray  # per phrase id
    ntok: np.ndarray  # per phrase id: tokens in the folded phrase
    code: dict[str, str]  # folded token the phrases use -> its code (``width`` characters)
    width: int
    #: chunk -> spelling, kept across calls (a spelling depends on the matcher alone); see
    #: :meth:`spellings`
    _spelled: dict[str, _Spellings] = field(default_factory=dict, compare=False, repr=False)

    def spellings(self) -> _Spellings:
        """The spellings memo, shared by every :func:`_match` call on this matcher: a corpus
        read in chunks (the pipeline's) spells its ten thousand common words once, not once
        per chunk. Started afresh past :data:`_MAX_SPELLINGS` entries, to bound memory."""
        memo = self._spelled.get("memo")
        if memo is None or len(memo) > _MAX_SPELLINGS:
            memo = self._spelled["memo"] = _Spellings(_Speller(self))
        return memo


#: Most chunks a matcher remembers the spelling of (some 200 bytes each, with the dict).
_MAX_SPELLINGS = 200_000


# The matching stream spells each token the phrases use as a code: a lead character and
# ``width - 1`` tail characters from two disjoint alphabets. Every other token is
# ``_OTHER`` and the break between two texts is ``_BREAK``, neither in a code. A pattern
# (its tokens' codes in a row) can then only match a run of whole tokens: it starts with a
# lead character, which only a code's start carries, and codes have one length. Small
# alphabets keep the automaton fast (it scans a node's children one by one).
_LEAD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_TAIL = "abcdefghijklmnopqrstuvwxyz6789!#"
_OTHER = "~"
_BREAK = "\n"


def _token_codes(tokens: Sequence[str]) -> tuple[dict[str, str], int]:
    """Distinct codes of one width for ``tokens`` (see :data:`_LEAD`); and the width.

    >>> _token_codes(["air", "quality"])
    ({'air': 'Aa', 'quality': 'Ab'}, 2)
    """
    width = 2
    while len(_LEAD) * len(_TAIL) ** (width - 1) < len(tokens):
        width += 1
    code = {}
    for i, tok in enumerate(tokens):
        tail = []
        for _ in range(width - 1):
            i, r = divmod(i, len(_TAIL))
            tail.append(_TAIL[r])
        code[tok] = _LEAD[i] + "".join(reversed(tail))
    return code, width


@lru_cache(maxsize=8)
def _compile(rows: tuple[tuple[str, str, float], ...]) -> _Matcher:
    # A table built in code gets the same checks as a file (cached with the matcher).
    clean = _validate(pd.DataFrame(rows, columns=["theme", "phrase", "weight"]), "lexicon table")
    rows = tuple(zip(clean["theme"], clean["phrase"], clean["weight"]))
    themes: list[str] = []
    for theme, _, _ in rows:
        if theme != IGNORE and theme not in themes:
            themes.append(theme)
    keys = [fold_phrase(text).split(" ") for _, text, _ in rows]
    code, width = _token_codes(list(dict.fromkeys(tok for key in keys for tok in key)))
    auto = ahocorasick.Automaton()
    phrase, theme_of, weight, ntok = [], [], [], []
    for pid, ((theme, text, w), key) in enumerate(zip(rows, keys)):
        auto.add_word("".join(code[tok] for tok in key), pid)
        phrase.append(text)
        theme_of.append(themes.index(theme) if theme != IGNORE else -1)
        weight.append(w)
        ntok.append(len(key))
    if rows:
        auto.make_automaton()
    return _Matcher(
        auto, tuple(themes), np.array(phrase, dtype=object), np.array(theme_of, dtype=np.int64),
        np.array(weight, dtype=float), np.array(ntok, dtype=np.int64), code, width,
    )


def _as_lexicon(lexicon: pd.DataFrame | str | Path | None) -> pd.DataFrame:
    if lexicon is None or isinstance(lexicon, (str, Path)):
        return load_theme_lexicon(lexicon)
    if not isinstance(lexicon, pd.DataFrame) or not {"theme", "phrase"} <= set(lexicon.columns):
        raise LexiconError("lexicon: pass a path or a DataFrame with columns theme, phrase (and weight).")
    return lexicon


def _matcher(lexicon: pd.DataFrame | str | Path | None) -> _Matcher:
    if lexicon is None or isinstance(lexicon, (str, Path)):
        path = Path(lexicon) if lexicon is not None else lexicon_path("themes")
        if path.is_file():  # else load_theme_lexicon says what is wrong
            return _file_matcher(str(path), file_digest(path))
    return _table_matcher(_as_lexicon(lexicon))


@lru_cache(maxsize=8)
def _file_matcher(path: str, digest: str) -> _Matcher:
    """The matcher of a lexicon file, per content: the analyses ask for it once per call,
    and turning the table back into rows costs milliseconds each time."""
    return _table_matcher(_load_cached(path, digest))


def _table_matcher(lex: pd.DataFrame) -> _Matcher:
    if "weight" not in lex.columns or lex["weight"].dtype.kind != "f":
        lex = _validate(lex, "lexicon table")
    rows = tuple(zip(lex["theme"].astype(str), lex["phrase"].astype(str), lex["weight"].astype(float)))
    return _compile(rows)


def theme_order(lexicon: pd.DataFrame | str | Path | None = None) -> list[str]:
    """The counted themes of a lexicon, in the order they first appear (ties go to earlier).

    >>> theme_order()[:3]
    ['carbon_climate', 'energy_transition', 'air']
    """
    return list(_matcher(lexicon).themes)


class _TokenChars(dict):
    """A :meth:`str.translate` table that blanks every character outside the tokens' alphabet.

    Kept: letters and digits (``[^\\W_]``), the ``.`` of a decimal part, the apostrophes of a
    possessive, and ``_`` (no token holds it, but it is a word character, so it decides
    ``\\b`` after ``'s``). Everything else becomes a space. What remains splits at
    whitespace into chunks, and no token of :data:`_TOKEN_SPLIT` crosses a chunk's edge (a
    chunk ends where a non-word character follows, as ``\\b`` needs), so tokenising each
    distinct chunk once tokenises the text. Filled lazily, one entry per character seen.

    Args:
        keep: extra characters to keep (the text separator, when it is known to be absent
            from the texts).
    """

    def __init__(self, keep: str = "") -> None:
        super().__init__()
        self._keep = "._'\u2019" + keep

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        out = code if ch.isalnum() or ch in self._keep else 32
        self[code] = out
        return out


#: Stands between two texts when they are blanked and split (``_SEP_CHUNK``, a chunk of
#: its own).
_TEXT_SEP = " \x00 "
_SEP_CHUNK = "\x00"
_TOKEN_CHARS = _TokenChars()
_TOKEN_CHARS_SEP = _TokenChars(keep=_SEP_CHUNK)


def _blank(texts: Sequence[str]) -> str:
    """The texts joined by :data:`_TEXT_SEP`, every character outside tokens a space.

    Same length as the joined texts, character for character. Blanking the joined string in
    one call is much faster than text by text; that needs the separator's ``\\x00`` to be
    absent from the texts, else (rarely) they are blanked one by one.
    """
    joined = _TEXT_SEP.join(texts)
    if joined.count(_SEP_CHUNK) == len(texts) - 1:
        return joined.translate(_TOKEN_CHARS_SEP)
    return _TEXT_SEP.join([t.translate(_TOKEN_CHARS) for t in texts])


def _code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as an array (element i is ``ord(text[i])``)."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _one_token(chunk: str) -> bool:
    """Whether the whole chunk is one :data:`_TOKEN_SPLIT` token (the common case).

    The token found first is the longest one possible there, so if the chunk can be read as
    one token, that is the token found.
    """
    return chunk.isalnum() or _TOKEN_SPLIT.fullmatch(chunk) is not None


class _Speller:
    """Spells chunks in the matching stream (see :data:`_LEAD`); one per matcher (see
    :meth:`_Matcher.spellings`), or per :func:`_match` call that needs offsets.

    A chunk's spelling is one code per token, skipped articles left out (:func:`fold_token`
    gives them ``""``): the phrases' code for the token's folded form, else :data:`_OTHER`.
    The separator chunk is spelled :data:`_BREAK`. Holds a token -> code memo.
    """

    def __init__(self, m: _Matcher) -> None:
        self.code = m.code
        self.words: dict[str, str] = {}

    def word(self, token: str) -> str:
        """The code of one token; ``""`` for a skipped one."""
        out = self.words.get(token)
        if out is None:
            key = fold_token(token)
            out = self.words[token] = self.code.get(key, _OTHER) if key else ""
        return out

    def tokens(self, chunk: str) -> list[tuple[str, int, int]]:
        """The chunk's tokens that go into the stream: (code, start, end in the chunk)."""
        if chunk == _SEP_CHUNK:
            return [(_BREAK, 0, 1)]
        spans = [(0, len(chunk))] if _one_token(chunk) else [t.span() for t in _TOKEN_SPLIT.finditer(chunk)]
        out = []
        for a, b in spans:
            c = self.word(chunk[a:b])
            if c:
                out.append((c, a, b))
        return out

    def spell(self, chunk: str) -> str:
        """The chunk's spelling."""
        if _one_token(chunk):  # the common case, made short
            return self.word(chunk)
        return "".join(c for c, _, _ in self.tokens(chunk))


class _Spellings(dict):
    """chunk -> its spelling (:class:`_Speller`), filled as chunks come."""

    def __init__(self, speller: _Speller) -> None:
        super().__init__()
        self.speller = speller

    def __missing__(self, chunk: str) -> str:
        out = self[chunk] = self.speller.spell(chunk)
        return out


class _Layout(dict):
    """chunk -> id, filled as chunks come, with what character offsets need per id.

    ``spelling[i]`` and ``size[i]``: chunk ``i``'s spelling and its length. ``entry[i]``:
    where the chunk's rows start in ``start`` / ``end``, which hold a row per character of
    the spelling: for a code's first character, the token's offsets inside the chunk.
    """

    def __init__(self, speller: _Speller) -> None:
        super().__init__()
        self.speller = speller
        self.spelling: list[str] = []
        self.size: list[int] = []
        self.entry: list[int] = []
        self.start: list[int] = []
        self.end: list[int] = []

    def __missing__(self, chunk: str) -> int:
        tokens = self.speller.tokens(chunk)
        self.spelling.append("".join(c for c, _, _ in tokens))
        self.size.append(len(self.spelling[-1]))
        self.entry.append(len(self.start))
        for c, a, b in tokens:
            self.start.extend([a] * len(c))
            self.end.extend([b] * len(c))
        out = self[chunk] = len(self.size) - 1
        return out


def _slices(texts: Sequence[str]) -> list[tuple[int, int]]:
    """``(lo, hi)`` bounds of consecutive slices of ``texts`` of about :data:`_CHUNK_CHARS`
    characters each (at least one text each), so that the work arrays stay small."""
    n = len(texts)
    cum = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=n) + 1)
    bounds = [0]
    while bounds[-1] < n:
        base = cum[bounds[-1] - 1] if bounds[-1] else 0
        nxt = int(np.searchsorted(cum, base + _CHUNK_CHARS, side="right"))
        bounds.append(max(nxt, bounds[-1] + 1))
    return list(itertools.pairwise(bounds))


def _match(texts: Sequence[str], m: _Matcher, *, offsets: bool = True) -> dict[str, np.ndarray]:
    """All counted matches in ``texts`` after the longest-match rule.

    Args:
        texts: the texts.
        m: the compiled lexicon.
        offsets: whether to return ``start`` and ``end`` (the scores do not need them,
            and skipping them saves time).

    Returns:
        Arrays ``text`` (index into ``texts``), ``pid`` (phrase id), ``start`` and ``end``
        (character offsets in that text; only with ``offsets``), ordered by text, then start.
    """
    names = ("text", "pid", "start", "end") if offsets else ("text", "pid")
    out: dict[str, list[np.ndarray]] = {k: [] for k in names}
    n = len(texts)
    if n == 0 or len(m.phrase) == 0:
        return {k: np.zeros(0, dtype=np.int64) for k in out}
    memo = _Layout(_Speller(m)) if offsets else m.spellings()
    for lo, hi in _slices(texts):
        res = _match_chunk(texts[lo:hi], m, memo)
        if res is None:
            continue
        out["text"].append(res[0] + lo)
        for key, arr in zip(names[1:], res[1:]):
            out[key].append(arr)
    return {
        k: (np.concatenate(v) if v else np.zeros(0, dtype=np.int64)) for k, v in out.items()
    }


def _match_chunk(texts: Sequence[str], m: _Matcher, memo: _Spellings | _Layout):
    """:func:`_match` on one slice of texts; ``None`` when nothing counts.

    The texts are blanked (:func:`_blank`) and split into chunks; the chunks' spellings
    (:class:`_Speller`), with :data:`_BREAK` between texts, make one ASCII stream that the
    automaton scans. A match is located by the stream positions of its first and last
    tokens' codes; the breaks before it give its text. With a :class:`_Layout` memo the
    character offsets come too, from where each chunk sits in the blanked text (which has
    the same length as the joined texts).
    """
    blank = _blank(texts)
    # blank.split(): the only white space left is " ", so drop the empty pieces between spaces
    pieces, distinct = split_codes(blank)
    if "" in distinct:
        pieces = pieces[pieces != distinct.index("")]
    if isinstance(memo, _Layout):
        cid = np.fromiter(map(memo.__getitem__, distinct), dtype=np.int64, count=len(distinct))[pieces]
        text = join_codes(memo.spelling, cid)
    else:
        text = join_codes([memo[c] for c in distinct], pieces)
    hits = np.fromiter(itertools.chain.from_iterable(m.automaton.iter(text)), dtype=np.int64)
    if len(hits) == 0:
        return None
    pids = hits[1::2]
    ntok = m.ntok[pids]
    last = hits[0::2] - (m.width - 1)  # the automaton reports where a match ends
    first = last - (ntok - 1) * m.width
    tid = np.searchsorted(np.flatnonzero(_code_points(text) == ord(_BREAK)), first)
    del text
    keep = _longest(first, last, ntok)
    keep = keep[m.theme_of[pids[keep]] >= 0]
    order = keep[np.lexsort((first[keep], tid[keep]))]
    t = tid[order]
    if not isinstance(memo, _Layout):
        return t, pids[order]
    # Stream position -> its chunk -> the token's offsets in the chunk -> offsets in its text.
    size = np.array(memo.size, dtype=np.int64)[cid]
    chunk_end = np.cumsum(size)  # stream characters up to and including each chunk
    kept = _code_points(blank) != ord(" ")
    chunk_at = np.flatnonzero(kept & ~np.concatenate(([False], kept[:-1])))
    del kept, blank
    text_at = np.zeros(len(texts), dtype=np.int64)
    if len(texts) > 1:
        sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + len(_TEXT_SEP)
        text_at[1:] = np.cumsum(sizes)[:-1]
    entry = np.array(memo.entry, dtype=np.int64)

    def locate(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(offset of the chunk in its text, row in ``memo.start``) of stream positions p."""
        c = np.searchsorted(chunk_end, p, side="right")
        return chunk_at[c] - text_at[t], entry[cid[c]] + p - (chunk_end[c] - size[c])

    base0, row0 = locate(first[order])
    base1, row1 = locate(last[order])
    return (
        t, pids[order], base0 + np.array(memo.start, dtype=np.int64)[row0],
        base1 + np.array(memo.end, dtype=np.int64)[row1],
    )


def _longest(first: np.ndarray, last: np.ndarray, size: np.ndarray | None = None) -> np.ndarray:
    """Indices of the matches kept when overlaps go to the longest, then the leftmost.

    Overlapping matches form clusters. Most clusters are a phrase with shorter phrases
    nested inside ("air quality" holds "air"): one match covers the whole cluster and wins
    outright. The rare clusters of partly overlapping phrases are resolved greedily, longest
    first, then leftmost.

    Args:
        first, last: where each match's first and last tokens are, in any increasing
            numbering of the tokens (token indices, or where the tokens start in a string).
        size: each match's length in tokens; by default ``last - first`` (token indices).
    """
    n = len(first)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    span = last - first if size is None else size
    order = np.lexsort((-span, first))
    f, l = first[order], last[order]
    reach = np.maximum.accumulate(l)
    new_cluster = np.ones(n, dtype=bool)
    new_cluster[1:] = f[1:] > reach[:-1]
    cluster = np.cumsum(new_cluster) - 1
    starts = np.flatnonzero(new_cluster)
    ends = np.append(starts[1:], n) - 1
    c_first, c_last = f[starts], reach[ends]
    covers = (f == c_first[cluster]) & (l == c_last[cluster])
    resolved = np.zeros(len(starts), dtype=bool)
    resolved[cluster[covers]] = True
    keep = [order[covers]]
    open_clusters = np.flatnonzero(~resolved)
    if len(open_clusters):
        chosen: list[int] = []
        for c in open_clusters.tolist():
            idx = order[starts[c] : ends[c] + 1]
            ranked = idx[np.lexsort((first[idx], -span[idx]))]
            taken: list[tuple[int, int]] = []
            for i in ranked.tolist():
                a, b = first[i], last[i]
                if all(b < x or a > y for x, y in taken):
                    taken.append((a, b))
                    chosen.append(i)
        keep.append(np.array(chosen, dtype=np.int64))
    return np.sort(np.concatenate(keep))


# --------------------------------------------------------------------------- evidence


def _units(corpus: Corpus, level: str) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """The scoring units of ``level``, each sentence's unit index, and the key columns."""
    s = corpus.sentences
    if level == "paragraph":
        keys = ["article_id", "para_no"]
        units = s[keys].drop_duplicates().sort_values(keys, kind="stable").reset_index(drop=True)
        idx = pd.MultiIndex.from_frame(units).get_indexer(pd.MultiIndex.from_frame(s[keys]))
    elif level == "article":
        keys = ["article_id"]
        units = corpus.articles[keys].drop_duplicates().sort_values(keys, kind="stable").reset_index(drop=True)
        idx = pd.Index(units["article_id"]).get_indexer(s["article_id"])
    elif level == "region":
        keys = ["region"]
        region_of = corpus.articles.set_index("article_id")["region"].fillna(NO_REGION).astype(str)
        units = pd.DataFrame({"region": sorted(set(region_of))})
        idx = pd.Index(units["region"]).get_indexer(s["article_id"].map(region_of).fillna(NO_REGION))
    else:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return units, np.asarray(idx, dtype=np.int64), keys


def theme_evidence(
    corpus: Corpus,
    lexicon: pd.DataFrame | str | Path | None = None,
    *,
    level: str = "sentence",
) -> pd.DataFrame:
    """Every lexicon phrase that fired, and where, so each score can be audited.

    Args:
        corpus: the parsed corpus (its ``sentences``, or ``paragraphs`` for
            ``level="paragraph"``).
        lexicon: a table from :func:`load_theme_lexicon`, a path to one, or ``None`` for
            the bundled lexicon.
        level: ``"sentence"`` (offsets within ``sentences.text``) or ``"paragraph"``
            (offsets within ``paragraphs.text`` of English body and heading paragraphs;
            ``sent_no`` is then missing).

    Returns:
        One row per counted match (after the longest-match rule): ``article_id``,
        ``para_no``, ``sent_no``, ``theme``, ``phrase`` (the lexicon form), ``matched`` (the
        text as it appears), ``start``, ``end`` (character offsets, ``text[start:end] ==
        matched``), ``weight``; sorted by article, paragraph, sentence, start.

    >>> from helpers.corpus import parse_article
    >>> c = parse_article("Title\\n\\nRelease Time1 day ago\\n\\nCut carbon emissions and protect wetlands.", captured_on="2025-01-15")
    >>> theme_evidence(c)[["theme", "phrase", "matched"]].values.tolist()
    [['carbon_climate', 'carbon emission', 'carbon emissions'], ['ecosystem_biodiversity', 'wetland', 'wetlands']]
    """
    m = _matcher(lexicon)
    if level == "sentence":
        table = corpus.sentences
        sent = table["sent_no"].to_numpy()
    elif level == "paragraph":
        p = corpus.paragraphs
        table = p[(p["lang"] == "en") & (p["kind"] != "caption")].reset_index(drop=True)
        sent = None
    else:
        raise ValueError(f"level must be 'sentence' or 'paragraph', not {level!r}")
    texts = table["text"].tolist()
    r = _match(texts, m)
    t = r["text"]
    matched = [texts[i][a:b] for i, a, b in zip(t.tolist(), r["start"].tolist(), r["end"].tolist())]
    out = pd.DataFrame(
        {
            "article_id": table["article_id"].to_numpy()[t],
            "para_no": table["para_no"].to_numpy()[t].astype("int64"),
            "sent_no": pd.array(sent[t], dtype="Int64") if sent is not None else pd.array([pd.NA] * len(t), dtype="Int64"),
            "theme": np.array(m.themes, dtype=object)[m.theme_of[r["pid"]]] if len(t) else np.array([], dtype=object),
            "phrase": m.phrase[r["pid"]],
            "matched": np.array(matched, dtype=object),
            "start": r["start"].astype("int64"),
            "end": r["end"].astype("int64"),
            "weight": m.weight[r["pid"]],
        },
        columns=EVIDENCE_COLUMNS,
    )
    out = out.astype({"article_id": object, "theme": object, "phrase": object, "matched": object})
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- scores


def _sentence_words(corpus: Corpus) -> np.ndarray:
    """Words per sentence: ``len(_WORD.findall(text))``, counted with arrays.

    A word of :data:`_WORD` starts at each run of letters and digits except a run that
    follows a joiner (``-``, ``'``, ``.``) which itself follows a letter or digit: that
    run continues the word before. So counting such run starts counts the words.
    """
    texts = corpus.sentences["text"].tolist()
    out = [np.zeros(0, dtype=np.int64)]
    for lo, hi in _slices(texts):
        part = texts[lo:hi]
        codes = _code_points("\n".join(part))  # "\n": not a letter, digit or joiner
        alnum = _ASCII_ALNUM[np.minimum(codes, 127)] & (codes < 128)
        joiner = np.isin(codes, _WORD_JOINERS)
        starts = alnum.copy()
        starts[1:] &= ~alnum[:-1]
        starts[2:] &= ~(joiner[1:-1] & alnum[:-2])
        before = np.concatenate(([0], np.cumsum(starts)))  # word starts before each position
        ends = np.cumsum(np.fromiter(map(len, part), dtype=np.int64, count=len(part)) + 1) - 1
        begins = np.concatenate(([0], ends[:-1] + 1))
        out.append(before[ends] - before[begins])
    return np.concatenate(out)


def theme_scores(
    corpus: Corpus,
    lexicon: pd.DataFrame | str | Path | None = None,
    *,
    level: str = "paragraph",
    evidence: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Theme hits per paragraph, article or region, with every theme for every unit.

    Args:
        corpus: the parsed corpus.
        lexicon: a table from :func:`load_theme_lexicon`, a path, or ``None`` (bundled).
        level: ``"paragraph"`` (units ``article_id``, ``para_no``: paragraphs with English
            sentences), ``"article"`` (``article_id``) or ``"region"`` (``region`` from
            ``articles``; ``"unknown"`` when none was detected).
        evidence: a sentence-level :func:`theme_evidence` table for the same corpus and
            lexicon, to skip matching again.

    Returns:
        The unit key column(s), then ``theme`` (in lexicon order), ``hits`` (matches),
        ``score`` (sum of phrase weights; equals ``hits`` when all weights are 1),
        ``words`` (words in the unit, counted as ``articles.n_words`` counts them),
        ``per_1k_words`` (``score`` per 1,000 words) and ``share`` (``score`` over the
        unit's total score; 0 when the unit has none). Units with no hits keep a row per
        theme with zeros, so heatmaps are complete. Sorted by unit keys, then theme order.

    Raises:
        ValueError: ``level`` is not one of the three.
    """
    m = _matcher(lexicon)
    units, unit_of_sentence, keys = _units(corpus, level)
    n_units, n_themes = len(units), len(m.themes)
    words = np.zeros(n_units, dtype=np.int64)
    if level == "paragraph":
        valid = unit_of_sentence >= 0
        np.add.at(words, unit_of_sentence[valid], _sentence_words(corpus)[valid])
    else:  # the corpus already counted each article's words
        a = corpus.articles
        idx = pd.Index(units[keys[0]]).get_indexer(
            a["article_id"] if level == "article" else a["region"].fillna(NO_REGION).astype(str)
        )
        ok = idx >= 0
        np.add.at(words, idx[ok], a["n_words"].to_numpy(dtype=np.int64)[ok])
    hits = np.zeros((n_units, n_themes), dtype=np.int64)
    score = np.zeros((n_units, n_themes), dtype=float)
    if evidence is None:
        r = _match(corpus.sentences["text"].tolist(), m, offsets=False)
        sent_idx, theme_idx, w = r["text"], m.theme_of[r["pid"]], m.weight[r["pid"]]
    else:
        pos = pd.MultiIndex.from_frame(corpus.sentences[["article_id", "sent_no"]]).get_indexer(
            pd.MultiIndex.from_arrays([evidence["article_id"], evidence["sent_no"].astype("int64")])
        )
        sent_idx = np.asarray(pos, dtype=np.int64)
        theme_idx = pd.Index(m.themes).get_indexer(evidence["theme"])
        w = evidence["weight"].to_numpy(dtype=float)
        ok = (sent_idx >= 0) & (theme_idx >= 0)
        sent_idx, theme_idx, w = sent_idx[ok], theme_idx[ok], w[ok]
    u = unit_of_sentence[sent_idx]
    ok = u >= 0
    np.add.at(hits, (u[ok], theme_idx[ok]), 1)
    np.add.at(score, (u[ok], theme_idx[ok]), w[ok])
    total = score.sum(axis=1, keepdims=True)
    share = np.divide(score, total, out=np.zeros_like(score), where=total > 0)
    per_1k = np.divide(score * 1000.0, words[:, None], out=np.zeros_like(score), where=words[:, None] > 0)
    out = units.loc[np.repeat(np.arange(n_units), n_themes)].reset_index(drop=True)
    out["theme"] = np.tile(np.array(m.themes, dtype=object), n_units)
    out["hits"] = hits.ravel()
    out["score"] = score.ravel()
    out["words"] = np.repeat(words, n_themes)
    out["per_1k_words"] = per_1k.ravel()
    out["share"] = share.ravel()
    return out


def dominant_theme(scores: pd.DataFrame) -> pd.DataFrame:
    """The leading theme of each unit of a :func:`theme_scores` table.

    Args:
        scores: a :func:`theme_scores` table (any level).

    Returns:
        One row per unit: the unit key column(s), ``theme`` (highest ``score``; ties go to
        the theme listed first; ``None`` when the unit has no hits), ``score``, ``share``,
        in the order of ``scores``.
    """
    keys = [c for c in scores.columns if c in ("article_id", "para_no", "region")]
    themes = list(dict.fromkeys(scores["theme"]))
    rank = scores["theme"].map({t: i for i, t in enumerate(themes)})
    ranked = scores.assign(_rank=rank).sort_values(keys + ["score", "_rank"], ascending=[True] * len(keys) + [False, True], kind="stable")
    top = ranked.drop_duplicates(keys, keep="first")
    top = top.set_index(keys).reindex(pd.MultiIndex.from_frame(scores[keys].drop_duplicates()) if len(keys) > 1 else scores[keys[0]].drop_duplicates()).reset_index()
    out = top[keys + ["theme", "score", "share"]].copy()
    out["theme"] = pd.Series(
        [t if sc > 0 else None for t, sc in zip(out["theme"].tolist(), out["score"].tolist())], dtype=object,
        index=out.index,
    )
    return out.reset_index(drop=True)


def text_themes(
    texts: Sequence[str],
    *,
    lexicon: pd.DataFrame | str | Path | None = None,
) -> list[str | None]:
    """The dominant theme of each text: most weighted hits, ties to the earlier theme.

    All texts are matched in one pass, so this is fast for many short texts (goal clauses,
    tasks, titles).

    Args:
        texts: the texts.
        lexicon: a table from :func:`load_theme_lexicon`, a path, or ``None`` (bundled).

    Returns:
        One theme id (or ``None`` when no phrase fired) per text, in input order.

    >>> text_themes(["Improve air quality and cut PM2.5.", "Build sponge cities.", "Hello."])
    ['air', 'urban_rural', None]
    """
    texts = ["" if t is None or (isinstance(t, float) and math.isnan(t)) else str(t) for t in texts]
    m = _matcher(lexicon)
    scores = np.zeros((len(texts), len(m.themes)), dtype=float)
    if not texts or not m.themes:
        return [None] * len(texts)
    r = _match(texts, m, offsets=False)
    np.add.at(scores, (r["text"], m.theme_of[r["pid"]]), m.weight[r["pid"]])
    best = scores.argmax(axis=1)
    has = scores.max(axis=1) > 0
    names = np.array(m.themes, dtype=object)[best]
    return [n if h else None for n, h in zip(names.tolist(), has.tolist())]


def cell_evidence(
    corpus: Corpus,
    evidence: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    n_cells: int = 6,
    n_phrases: int = 5,
) -> pd.DataFrame:
    """The phrases behind the highest cells of a :func:`theme_scores` table.

    Args:
        corpus: the corpus the evidence came from (for regions).
        evidence: a sentence-level :func:`theme_evidence` table.
        scores: a :func:`theme_scores` table at article or region level.
        n_cells: how many cells (unit x theme) to explain, highest ``per_1k_words`` first.
        n_phrases: how many phrases to list per cell.

    Returns:
        One row per cell: the unit key, ``theme``, ``hits``, ``per_1k_words``, ``phrases``
        (the most frequent matched phrases as ``"phrase (n)"``, ties alphabetical) and
        ``example`` (the first sentence, by article and sentence number, in which the
        cell's most frequent phrase fired, with the match in ``[...]``).
    """
    key = "region" if "region" in scores.columns else "article_id"
    top = scores[scores["hits"] > 0].sort_values(
        ["per_1k_words", key, "theme"], ascending=[False, True, True], kind="stable"
    ).head(n_cells)
    ev = evidence.copy()
    if key == "region":
        region_of = corpus.articles.set_index("article_id")["region"].fillna(NO_REGION).astype(str)
        ev["region"] = ev["article_id"].map(region_of).fillna(NO_REGION)
    text_of = corpus.sentences.set_index(["article_id", "sent_no"])["text"]
    rows = []
    for cell in top.itertuples(index=False):
        unit, theme = getattr(cell, key), cell.theme
        sub = ev[(ev[key] == unit) & (ev["theme"] == theme)]
        counts = sub.groupby("phrase").size().reset_index(name="n")
        counts = counts.sort_values(["n", "phrase"], ascending=[False, True], kind="stable")
        phrases = "; ".join(f"{p} ({n})" for p, n in zip(counts["phrase"].head(n_phrases), counts["n"].head(n_phrases)))
        ex = sub[sub["phrase"] == counts["phrase"].iloc[0]].sort_values(["article_id", "sent_no", "start"], kind="stable").iloc[0]
        sentence = text_of.loc[(ex["article_id"], int(ex["sent_no"]))]
        a, b = int(ex["start"]), int(ex["end"])
        example = sentence[:a] + "[" + sentence[a:b] + "]" + sentence[b:]  # the whole sentence, the match marked
        rows.append((unit, theme, int(cell.hits), round(float(cell.per_1k_words), 2), phrases, example))
    return pd.DataFrame(rows, columns=[key, "theme", "hits", "per_1k_words", "phrases", "example"])


# --------------------------------------------------------------------------- key tasks

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
_CARDINALS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11, "xii": 12}
_ZH_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_ORD_ALT = "|".join(_ORDINALS)
_CARD_ALT = "|".join(_CARDINALS)
# Where an enumeration marker may stand: the start of a sentence, after ; : or a full stop
# the sentence splitter missed, or (only for the "... is to" forms) after a comma.
_TASK_MARKER = re.compile(
    r"(?:^|(?<=[;:；：.!?])\s*|(?P<comma>(?<=,)\s*(?:and\s+)?))"
    r"(?P<marker>"
    # "The first is to", "The second task is", "First is", "The third are"
    rf"(?:the\s+)?(?P<ord_is>{_ORD_ALT})(?:ly)?"
    r"(?:\s+(?:key\s+|main\s+)?(?:task|one|aspect|point|item|measure|step|area|priority|focus|part)s?)?"
    r"\s+(?:is|are)\b(?:\s+to\b)?"
    # "One is to", "Two is to" (the translation of 一是, 二是)
    rf"|(?P<card_is>{_CARD_ALT})\s+(?:is|are)\b(?:\s+to\b)?"
    # "First,", "Firstly:", "First of all,", "In the first place,"
    rf"|(?:in\s+the\s+)?(?P<ord>{_ORD_ALT})(?:ly)?(?:\s+of\s+all|\s+place)?\s*[,:，：]"
    r"|(?P<final>finally|lastly|last\s+but\s+not\s+least)\s*[,:，：]"
    # "(1)", "1)", "1.", "1、", "①"
    r"|[(（]\s*(?P<num>\d{1,2})\s*[)）]|(?P<num2>\d{1,2})\s*(?:[.)、](?=\s|$))"
    r"|(?P<circ>[\u2460-\u2473])"
    # "(I)", "II.", "(一)", "一、"
    r"|[(（]\s*(?-i:(?P<rom>[IVX]{1,4}|[ivx]{1,4}))\s*[)）]|(?-i:(?P<rom2>[IVX]{1,4}))\.(?=\s|$)"
    r"|[(（]\s*(?P<zh>[一二三四五六七八九十])\s*[)）]|(?P<zh2>[一二三四五六七八九十])\s*、"
    r")",
    re.IGNORECASE,
)
# A paragraph led by an imperative and a quoted slogan: 'Stick to the "bottom line red line" and ...'
_SLOGAN_LEAD = re.compile(r'^(?P<marker>[A-Z][a-z]+(?:\s+[a-z]+){0,2}?)\s+(?:the\s+|a\s+)?"(?P<slogan>[^"]{2,80})"')
# First words that show a sentence is not led by an imperative.
_NOT_IMPERATIVE = frozenset(
    "the this these that those it its we our they their he she his her there here in on at by for from "
    "with as to of a an and but or according under after before during since recently meanwhile among "
    "what when where which who whose such some all each every both general".split()
)
_LEAD_TRIM = re.compile(r"(?:[\s,;:，；：.。]+|\s+and)+$", re.IGNORECASE)
_TEXT_TRIM = re.compile(r"(?:[\s,;:，；：]+|\s+and)+$", re.IGNORECASE)


def _marker_info(m: re.Match) -> tuple[str, int] | None:
    """(family, ordinal) of one marker match; ordinal 0 for "finally"."""
    g = m.groupdict()
    if g["comma"] is not None and not (g["ord_is"] or g["card_is"]):
        return None
    if g["ord_is"]:
        return "ordinal", _ORDINALS[g["ord_is"].lower()]
    if g["card_is"]:
        return "ordinal", _CARDINALS[g["card_is"].lower()]
    if g["ord"]:
        return "ordinal", _ORDINALS[g["ord"].lower()]
    if g["final"]:
        return "ordinal", 0
    if g["num"] or g["num2"]:
        return "number", int(g["num"] or g["num2"])
    if g["circ"]:
        return "number", ord(g["circ"]) - 0x2460 + 1
    if g["rom"] or g["rom2"]:
        return "roman", _ROMAN[(g["rom"] or g["rom2"]).lower()]
    if g["zh"] or g["zh2"]:
        return ("number" if g["zh"] else "zh_section"), _ZH_NUM[g["zh"] or g["zh2"]]
    return None


def _enumerations(markers: list[tuple]) -> list[list[tuple]]:
    """Group one family's markers (in text order) into runs 1, 2, 3, ... of two or more.

    A run starts at ordinal 1 and continues with the next ordinal (one missing item is
    tolerated); "finally" continues a run of at least two. Other markers are dropped.
    """
    runs: list[list[tuple]] = []
    current: list[tuple] = []
    for mk in markers:
        ordinal = mk[-1]
        if ordinal == 1:
            if len(current) >= 2:
                runs.append(current)
            current = [mk]
        elif current and ordinal == 0 and len(current) >= 2:
            current.append(mk[:-1] + (current[-1][-1] + 1,))
            runs.append(current)
            current = []
        elif current and current[-1][-1] < ordinal <= current[-1][-1] + 2:
            current.append(mk)
    if len(current) >= 2:
        runs.append(current)
    return runs


def key_tasks(
    corpus: Corpus,
    lexicon: pd.DataFrame | str | Path | None = None,
) -> pd.DataFrame:
    """The tasks a plan enumerates, one row per task, with the task's dominant theme.

    Recognised enumerations (each needs at least two items, counted from the first):

    * ordinal words at the start of a sentence or clause: "The first is to ...", "The
      second task is ...", "First, ...", "Firstly, ...", "In the first place, ...",
      "One is to ..., two is to ..." (一是, 二是), ended optionally by "Finally, ...";
      after a comma only the "... is to" forms count ("..., the second is to ...");
    * numbers: "(1)", "1)", "1.", "1、", "①", "(一)"; Roman numerals "(I)", "II."; Chinese
      section numerals "一、", "二、";
    * three or more consecutive paragraphs led by an imperative and a quoted slogan
      ('Stick to the "bottom line red line" and ...', 'Serve the "overall situation" ...').

    A task runs to the start of the next task of its list; the last task runs to the end
    of its paragraph (or, when that paragraph is a heading, through the body paragraphs
    that follow it up to the next heading).

    Args:
        corpus: the parsed corpus.
        lexicon: the theme lexicon for the ``theme`` column (``None``: bundled).

    Returns:
        Columns ``article_id``, ``list_no`` (1.. enumerations within the article),
        ``style`` (``ordinal``, ``number``, ``roman``, ``zh_section`` or ``slogan``),
        ``ordinal`` (int),
        ``para_no``, ``sent_no`` (where the task starts), ``marker`` (as written: "The
        first is to", "Sixth,", "(2)", "Stick to"), ``lead_clause`` (the task's first
        sentence without a numbering marker; with the leading verb for slogan tasks),
        ``text`` (the task's full text), ``theme`` (its dominant theme, see
        :func:`text_themes`; ``None`` if no phrase fired). Sorted by article, list, ordinal.
    """
    s = corpus.sentences
    if s.empty:
        return empty_frame({c: "int64" if c in ("ordinal", "para_no", "sent_no", "list_no") else
                            object if c == "theme" else str for c in TASK_COLUMNS})
    art = s["article_id"].to_numpy()
    para = s["para_no"].to_numpy()
    sent = s["sent_no"].to_numpy()
    texts = s["text"].tolist()
    # Per-family markers: (row index, char position, marker text, lead start, ordinal).
    found: dict[tuple[str, str], list[tuple]] = {}
    for i, text in enumerate(texts):
        for m in _TASK_MARKER.finditer(text):
            info = _marker_info(m)
            if info is None:
                continue
            family, ordinal = info
            found.setdefault((art[i], family), []).append(
                (i, m.start("marker"), m.group("marker").strip(), m.end("marker"), ordinal)
            )
    lists: list[tuple[str, str, list[tuple]]] = []
    for (article_id, family), markers in found.items():
        for run in _enumerations(markers):
            lists.append((article_id, family, run))
    lists.extend(_slogan_lists(s, art, para))

    kinds = corpus.paragraphs.set_index(["article_id", "para_no"])["kind"] if len(corpus.paragraphs) else pd.Series(dtype=object)
    # Where each article's sentences end (sentences are sorted by article, sent_no).
    ends = {a: i + 1 for i, a in enumerate(art)}
    rows = []
    for article_id, family, run in lists:
        for k, (i, pos, marker, lead_at, ordinal) in enumerate(run):
            if k + 1 < len(run):
                j, jpos = run[k + 1][0], run[k + 1][1]
            else:
                j = i
                last = ends[article_id]
                heading = kinds.get((article_id, int(para[i])), "body") == "heading"
                while j + 1 < last and (
                    para[j + 1] == para[i]
                    or (heading and kinds.get((article_id, int(para[j + 1])), "body") != "heading")
                ):
                    j += 1
                jpos = len(texts[j])
            if j == i:
                text = texts[i][pos:jpos]
            else:
                text = " ".join([texts[i][pos:], *texts[i + 1 : j], texts[j][:jpos]])
            lead = texts[i][lead_at:]
            if k + 1 < len(run) and run[k + 1][0] == i:
                lead = texts[i][lead_at : run[k + 1][1]]
            lead = _LEAD_TRIM.sub("", lead).strip()
            if not lead and i + 1 < ends[article_id] and (
                para[i + 1] == para[i] or kinds.get((article_id, int(para[i])), "body") == "heading"
            ):  # a marker standing alone ("1.") leads into the next sentence
                lead = _LEAD_TRIM.sub("", texts[i + 1]).strip()
            rows.append((article_id, family, run[0][0], ordinal, int(para[i]), int(sent[i]), marker, lead, _TEXT_TRIM.sub("", text.strip())))
    out = pd.DataFrame(rows, columns=["article_id", "style", "_first", "ordinal", "para_no", "sent_no", "marker", "lead_clause", "text"])
    if out.empty:
        out["list_no"] = pd.Series(dtype="int64")
        out["theme"] = pd.Series(dtype=object)
        return out[TASK_COLUMNS].astype({"ordinal": "int64", "para_no": "int64", "sent_no": "int64"})
    out = out.sort_values(["article_id", "_first", "style", "ordinal"], kind="stable").reset_index(drop=True)
    out["list_no"] = out.groupby("article_id")["_first"].rank(method="dense").astype("int64")
    out["theme"] = pd.Series(text_themes(out["text"].tolist(), lexicon=lexicon), dtype=object)
    out = out.sort_values(["article_id", "list_no", "ordinal"], kind="stable").reset_index(drop=True)
    return out[TASK_COLUMNS].astype({"ordinal": "int64", "para_no": "int64", "sent_no": "int64"})


def _slogan_lists(s: pd.DataFrame, art: np.ndarray, para: np.ndarray) -> list[tuple[str, str, list[tuple]]]:
    """Runs of three or more consecutive paragraphs led by an imperative and a quoted slogan."""
    first = s.drop_duplicates(["article_id", "para_no"], keep="first")
    lists = []
    run: list[tuple] = []
    prev: tuple[str, int] | None = None
    for i, article_id, para_no, text in zip(first.index.tolist(), first["article_id"], first["para_no"], first["text"]):
        m = _SLOGAN_LEAD.match(text)
        ok = m is not None and m.group("marker").split()[0].lower() not in _NOT_IMPERATIVE
        adjacent = prev is not None and prev[0] == article_id
        if not (ok and adjacent and run):
            if len(run) >= 3:
                lists.append((run[0][0], "slogan", [r[1] for r in run]))
            run = []
        if ok:
            run.append((article_id, (i, 0, m.group("marker"), 0, len(run) + 1)))
        prev = (article_id, para_no)
    if len(run) >= 3:
        lists.append((run[0][0], "slogan", [r[1] for r in run]))
    return lists


# --------------------------------------------------------------------------- topics


def topic_model(
    corpus: Corpus,
    *,
    n_topics: int = 8,
    random_state: int = 0,
    lexicon: pd.DataFrame | str | Path | None = None,
    n_terms: int = 10,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topics over paragraphs (NMF on TF-IDF), each set beside the lexicon theme it overlaps most.

    Paragraphs are English body paragraphs. Words come from the project tokenizer
    (:func:`helpers.text.tokenize`) without the stop words and policy fillers of
    :func:`helpers.text.stopword_sets`, and without numbers; plurals and inflections are
    merged with :func:`fold_token` and each merged term is shown in its most frequent
    spelling. NMF uses ``init="nndsvda"`` (a seeded random start when there are no more
    paragraphs or terms than topics) and a fixed ``random_state``, so the result is
    deterministic.

    Args:
        corpus: the parsed corpus.
        n_topics: topics wanted; fewer are fitted when there are fewer paragraphs or terms.
        random_state: NMF seed.
        lexicon: the theme lexicon the topics are compared with (``None``: bundled).
        n_terms: top terms listed per topic.

    Returns:
        ``(topics, topic_themes)``. ``topics``: ``topic`` (1..), ``rank`` (1..), ``term``,
        ``weight`` (NMF loading, rounded to 4 places); sorted by topic, rank.
        ``topic_themes``: one row per topic: ``topic``, ``label`` (its three top terms),
        ``theme`` (the lexicon theme whose words overlap the topic most; ``None`` if none
        does), ``overlap`` (cosine similarity, 0..1, between the topic's term weights and
        the theme's phrase words, the latter weighted up when few themes use them),
        ``shared_terms`` (the topic's top terms that the theme's phrases use). The overlap
        comes from the paragraphs, not the words, so a topic whose words the lexicon lacks
        still gets the theme its paragraphs are about.
    """
    from collections import Counter

    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    from helpers.text import stopword_sets, tokenize

    topics_cols = ["topic", "rank", "term", "weight"]
    themes_cols = ["topic", "label", "theme", "overlap", "shared_terms"]
    p = corpus.paragraphs
    texts = p.loc[(p["lang"] == "en") & (p["kind"] == "body"), "text"].tolist()
    stop = stopword_sets().words
    has_letter = re.compile(r"[a-z]")
    folded: dict[str, str] = {}
    surface: Counter = Counter()
    docs: list[list[str]] = []
    for text in texts:
        toks = [t for t in tokenize(text) if t not in stop and len(t) > 1 and has_letter.search(t)]
        for t in toks:
            if t not in folded:
                folded[t] = fold_token(t) or t
        surface.update((folded[t], t) for t in toks)
        docs.append([folded[t] for t in toks])
    empty = (pd.DataFrame({c: [] for c in topics_cols}), pd.DataFrame({c: [] for c in themes_cols}))
    if not any(docs):
        return empty
    vec = TfidfVectorizer(analyzer=lambda d: d, min_df=1, sublinear_tf=True)
    X = vec.fit_transform(docs)
    vocab = vec.get_feature_names_out()
    k = max(1, min(n_topics, X.shape[0], X.shape[1]))
    # NNDSVD needs fewer topics than paragraphs and terms; otherwise start from a seeded
    # random matrix (still deterministic).
    init = "nndsvda" if k < min(X.shape) else "random"
    model = NMF(n_components=k, init=init, random_state=random_state, max_iter=1000)
    W = model.fit_transform(X)
    H = model.components_
    # Display form of each merged term: its most frequent spelling (ties alphabetical).
    best: dict[str, tuple[int, str]] = {}
    for (key, tok), n in surface.items():
        cur = best.get(key)
        if cur is None or n > cur[0] or (n == cur[0] and tok < cur[1]):
            best[key] = (n, tok)
    shown = np.array([best[v][1] for v in vocab], dtype=object)
    rows = []
    for t in range(k):
        order = np.lexsort((vocab, -H[t]))[:n_terms]
        for rank, j in enumerate(order, start=1):
            if H[t, j] > 0:
                rows.append((t + 1, rank, shown[j], round(float(H[t, j]), 4)))
    topics = pd.DataFrame(rows, columns=topics_cols)

    # Which themes use each term (in the same folded vocabulary).
    m = _matcher(lexicon)
    index = {v: i for i, v in enumerate(vocab)}
    uses = np.zeros((len(m.themes), len(vocab)), dtype=bool)
    for phrase, ti in zip(m.phrase, m.theme_of):
        if ti < 0:
            continue
        for tok in tokenize(phrase):
            key = folded.get(tok) or fold_token(tok) or tok
            if tok not in stop and key in index:
                uses[ti, index[key]] = True
    # Theme shares of each paragraph, from the lexicon matches.
    r = _match(texts, m, offsets=False)
    share = np.zeros((len(texts), len(m.themes)))
    np.add.at(share, (r["text"], m.theme_of[r["pid"]]), m.weight[r["pid"]])
    share = np.divide(share, share.sum(axis=1, keepdims=True), out=np.zeros_like(share), where=share.sum(axis=1, keepdims=True) > 0)
    out = []
    for t in range(k):
        top = np.lexsort((vocab, -H[t]))[:n_terms]
        top = top[H[t, top] > 0]
        label = ", ".join(shown[j] for j in top[:3])
        load = W[:, t]
        # The topic-weighted mean theme share of the paragraphs the topic loads on.
        cover = (load @ share) / load.sum() if load.sum() > 0 else np.zeros(len(m.themes))
        if len(cover) and cover.max() > 0:
            ti = int(np.lexsort((np.arange(len(cover)), -cover))[0])
            shared = ", ".join(shown[j] for j in top if uses[ti, j])
            out.append((t + 1, label, m.themes[ti], round(float(cover[ti]), 3), shared))
        else:
            out.append((t + 1, label, None, 0.0, ""))
    return topics, pd.DataFrame(out, columns=themes_cols).astype({"theme": object})


def lexicon_summary(lexicon: pd.DataFrame | str | Path | None = None, *, n_examples: int = 4) -> pd.DataFrame:
    """One row per theme of a lexicon: how many phrases, how many weak ones, examples.

    Args:
        lexicon: a table from :func:`load_theme_lexicon`, a path, or ``None`` (bundled).
        n_examples: example phrases listed per theme (the first ones in the file).

    Returns:
        Columns ``theme``, ``phrases`` (count), ``weak`` (phrases weighted below 1),
        ``examples``; themes in lexicon order, the ``ignore`` pseudo-theme last.

    >>> lexicon_summary().loc[0, "theme"]
    'carbon_climate'
    """
    lex = _as_lexicon(lexicon)
    if "weight" not in lex.columns or lex["weight"].dtype.kind != "f":
        lex = _validate(lex, "lexicon table")
    order = theme_order(lex) + ([IGNORE] if (lex["theme"] == IGNORE).any() else [])
    rows = []
    for theme in order:
        sub = lex[lex["theme"] == theme]
        rows.append((theme, len(sub), int((sub["weight"] < 1).sum()), "; ".join(sub["phrase"].head(n_examples))))
    return pd.DataFrame(rows, columns=["theme", "phrases", "weak", "examples"])
