"""Target horizons: every dated goal in the corpus, normalised, classified and split into goals.

Chinese plans stage their goals by horizon ("By 2027 ...", "By 2035 ...", "by the middle of
this century ...", "In 2024 ...", "during the 14th Five-Year Plan period"). :func:`extract_horizons`
finds every such horizon in the corpus sentences, resolves it to years, decides whether it
lies in the past, the present or the future of the article's publication, and splits the
words it governs into single goal clauses, each with a theme, a direction, a force and, where
the goal carries a number, a parsed quantitative target. Column names follow target trackers
where the meaning matches (``target_year``, ``baseline_year``, ``percent_change``,
``target_text``).

The helpers after it turn the table into what the notebook shows: one row per horizon
(:func:`horizon_summary`), the staged comparison of regions (:func:`staged_comparison`), the
themes x horizons matrix (:func:`theme_horizon_matrix`) and the quantitative targets
(:func:`helpers.targets.quantitative_targets`).

Domain words live in ``data/lexicons/``: ``horizon_qualifiers.csv`` (by, before, compared
with ...), ``horizon_periods.csv`` (mid-century, this year, the Nth Five-Year Plan ...),
``horizon_numbers.csv``, ``horizon_units.csv``, ``horizon_verbs.csv`` (direction verbs),
``horizon_force.csv`` (binding vs indicative wording) and ``national_anchors.csv``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from itertools import compress
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np
import pandas as pd

from helpers._perf import gc_paused
from helpers.dates import EXACT_BASES
from helpers.lexicons import NO_REGION, LexiconError, file_digest, lexicon_path, read_lexicon, split_list
from helpers.paths import LEXICON_DIR
from helpers.tense import VerbForms, clause_tense, ends_in_requirement
from helpers.text import find_each
from helpers.themes import text_themes

#: Columns of the horizons table, in order (described in :func:`extract_horizons`).
HORIZON_COLUMNS = [
    "article_id", "para_no", "sent_no", "horizon_no", "phrase", "char_start", "char_end",
    "qualifier", "kind", "year_start", "year_end", "target_year", "horizon", "status",
    "status_basis", "tense", "clause_no", "n_clauses", "goal_sent_no", "goal_text", "target_text",
    "direction", "force", "force_basis", "theme", "comparator", "value", "unit", "baseline_year",
    "percent_change", "national_anchor", "region", "published_min", "published_max",
]
KINDS = ("year", "range", "plan_period", "mid_century", "relative")
STATUSES = ("past", "current", "future")
DIRECTIONS = ("increase", "decrease", "peak", "achieve", "maintain", "build")
FORCES = ("binding", "indicative")
#: The force of a goal whose text states none.
UNSTATED = "unstated"
#: Years outside this span are never read as horizons.
YEAR_MIN, YEAR_MAX = 1949, 2100
MID_CENTURY = 2050

_LEXICON_FILES = {
    "qualifiers": "horizon_qualifiers",
    "periods": "horizon_periods",
    "numbers": "horizon_numbers",
    "units": "horizon_units",
    "verbs": "horizon_verbs",
    "force": "horizon_force",
    "anchors": "national_anchors",
    "results": "horizon_results",
}
_ROLES = ("horizon", "horizon_after", "baseline", "baseline_year", "baseline_after")
_PERIOD_KINDS = ("mid_century", "relative", "plan_period")
_PERIOD_BASES = ("absolute", "publication", "plan")

# ---------------------------------------------------------------------- English grammar
# (grammar, not domain knowledge: the domain words are in the lexicons)

_YEAR = r"(?:1949|19[5-9]\d|20\d\d|2100)"
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
#: Words between a qualifier and its year: "in early 2025", "by the end of 2025", "in mid-2025".
_MODS = (
    r"(?:(?:the\s+)?(?:(?:first|second|third|fourth|last|final|latter|early|later|past)\s+"
    r"(?:(?:two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})\s+)?"
    r"(?:half|quarters?|part|months?|weeks?|days?)|beginning|start|end|middle|close|turn|spring|summer|"
    r"autumn|winter)\s+of\s+(?:the\s+year\s+)?|(?:early|late|mid|end|year[\s-]end)[\s-]+|"
    r"the\s+year\s+(?:of\s+)?)"
)
_PERIOD_MODS = (
    r"(?:the\s+)?(?:end|beginning|start|close|first\s+half|second\s+half|first\s+year|last\s+year|"
    r"final\s+year|middle)\s+of\s+"
)
_NO_YEAR_BEFORE = r"(?<![\w.,/#°\-])"
_CONNECTORS = {
    "and", "or", "but", "while", "whereas", "then", "also", "that", "which", "so", "thus", "meanwhile",
    "furthermore", "moreover", "further", "besides", "additionally", "addition", "in", "at", "the",
    "same", "time", "to", "as", "well", "we", "it", "they", "looking", "forward", "ahead", "where",
}
_LEAD_WORDS = {
    "and", "or", "but", "while", "whereas", "then", "also", "further", "furthermore", "so", "as",
    "well", "we", "it", "they", "still", "thereby", "thus", "hence", "which", "that", "to", "in",
    "order",
}
_AUX = re.compile(
    r"\b(?:will|shall|must|should|can|could|may|would|has|have|had|is|are|was|were|be|been|being|"
    r"continues?\s+to|continued\s+to|continuing\s+to|strives?\s+to|aims?\s+to|plans?\s+to|"
    r"expected\s+to)\b",
    re.I,
)
_FINITE_AUX = re.compile(r"\b(?:will|shall|must|should|has|have|had|is|are|was|were|can)\b", re.I)
#: Comparators before a quantity: the written sign and the words that give it.
_COMPARATORS = [
    (">=", r"at\s+least|no\s+less\s+than|not\s+(?:be\s+)?less\s+than|not\s+(?:be\s+)?lower\s+than|no\s+lower\s+than"),
    ("<=", r"no\s+more\s+than|not\s+(?:be\s+)?more\s+than|not\s+exceed(?:ing)?|not\s+(?:be\s+)?higher\s+than|"
           r"no\s+higher\s+than|within|at\s+most|up\s+to"),
    (">", r"above|over|more\s+than|exceed(?:s|ing|ed)?|greater\s+than|higher\s+than"),
    ("<", r"below|under|less\s+than|lower\s+than"),
    ("change", r"by"),
    ("=", r"to|reach(?:es|ed|ing)?|at|of|about|around|approximately|hit|hits"),
]
_BY_BEFORE = re.compile(r"\bby\s+$", re.I)
_CMP_GROUPS = [f"c{i}" for i in range(len(_COMPARATORS))]  # their groups in the quantity pattern
_CHANGE_NOUNS = re.compile(
    r"\s*(?P<noun>reduction|decrease|decline|drop|cut|fall|lower|increase|rise|growth|higher|"
    r"more|less)\b",
    re.I,
)
_UP_NOUNS = {"increase", "rise", "growth", "higher", "more"}
_QUOTES = "\"“”"
_QUOTE = re.compile(f"[{_QUOTES}']")
_TOKEN = re.compile(r"[A-Za-z]+")
_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")
_ASCII_FOUR_DIGITS = re.compile(r"[0-9][0-9]{3}")  # the same in ASCII text, found faster
_ING_GOVERNORS = {
    "include", "includes", "including", "by", "through", "and", "or", "continue", "continues", "keep",
    "keeps",
    "start", "starts", "begin", "begins", "of", "on", "while", "after", "via", "for", "toward", "towards",
    "be", "been", "is", "are",
}
#: First words of a verbless opening part that qualifies the clause after it ("compared with 2020, ...").
_PREFIX_STARTS = {
    "in", "at", "on", "for", "with", "compared", "according", "through", "under", "among", "by", "from",
    "during", "as", "after", "before", "since", "based", "relative", "over", "within", "to", "of", "upon",
    "following", "besides", "apart", "meanwhile", "when", "while", "if", "once", "taking", "using", "against",
}
_NOT_BASELINE = re.compile(r"\b(?:later|earlier|sooner)\s+$", re.I)
_CHANGE_WORD = (r"(?:increase[sd]?|decrease[sd]?|reduce[sd]?|rose|rises?|fell|falls?|dropped|drops?|grew|grows?|"
                r"declined?|declines|cut|up|down|higher|lower)")
#: "fell by 3.5% in 2023 from 2022": a change with its amount before a lone "from YYYY" in
#: the same clause makes the year the base of the change, not a start ("fall from 2025").
_AMOUNT_BEFORE = re.compile(
    rf"\b{_CHANGE_WORD}\b[^,;:]*?\d[\d.,]*\s*(?:%|per\s*cent\b|percent\b|percentage\s+points?\b)[^,;:]*$", re.I
)
#: "increased by 2016 people": a change verb right before "by" and a counted unit after the
#: number make it an amount (units that are never counted already block a year).
_CHANGE_BY = re.compile(rf"\b{_CHANGE_WORD}\s+$", re.I)
#: "the fastest growth since 2012", "the first time since 2015", "a record low since 2013": a
#: superlative before "since" in the same clause compares with the year instead of counting from it.
_RECORD_BEFORE = re.compile(
    r"\b(?:(?:high|low|fast|slow|larg|bigg|small|strong|weak|cleane?|good|b)est|best|worst|most|least|"
    r"first\s+time|record(?:\s+(?:high|low))?)\b[^,;:.]{0,45}$",
    re.I,
)
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w\-]*)")
#: The work on one sentence is kept proportional to its length (a scraped page may hold
#: one endless "sentence"): the grammar reads a sentence in pieces of at most
#: ``_MAX_PIECE`` characters (:func:`_pieces`; a real sentence is far shorter and is one
#: piece), the checks before a year look back at most ``_LOOK_BACK`` characters (a clause
#: is shorter), and a horizon governs at most ``_MAX_GOVERNED`` characters of the
#: sentences after it.
_MAX_PIECE = 4000
_LOOK_BACK = 400
_MAX_GOVERNED = 20_000
#: Where :func:`_pieces` prefers to cut, best first: after a semicolon, a comma, a space.
_CUT_MARKS = ("; ", ";", ", ", " ")
_DIGITS = re.compile(r"\d+")
_END_WORDS = re.compile(r"\b(?:end|close)\b", re.I)
_LAST_WORDS = re.compile(r"\b(?:end|close|last|final)\b", re.I)
_FIRST_WORDS = re.compile(r"\b(?:beginning|start|first\s+year)\b", re.I)
_SPAN_MARK = re.compile(r"\sto\s|[-–—~]")  # "from January to May 2025" is a span
_SPACES_DASHES = re.compile(r"[\s\-]+")
#: Only a sentence with one of these words is searched for named periods (mid-century, the
#: 14th Five-Year Plan ...).
_PERIOD_HINT = re.compile(r"year|centur|\bFYP\b", re.I)
_FYP = re.compile(r"\bfyp\b")


def _period_hinted(text: str, low: str | None) -> bool:
    """``_PERIOD_HINT.search(text)``; by substring tests when ``low`` (``text.lower()`` of an
    ASCII text) is given."""
    if low is None:
        return _PERIOD_HINT.search(text) is not None
    return "year" in low or "centur" in low or ("fyp" in low and _FYP.search(low) is not None)


# ---------------------------------------------------------------------- fast matching
# Python's ``re`` tries a pattern at every position of a text and, with IGNORECASE, compares
# one character at a time without skipping alternatives early. What makes the scans here
# several times faster, with identical results: an *ASCII twin* of a case-insensitive pattern
# runs on the lower-cased text (most texts are ASCII); a *gate*, something a match needs and
# that is found far faster, keeps a pattern off the texts it cannot match; and many texts are
# read in one pass (joined by _SEP, or as one token list) instead of one call per text.

#: Whether ASCII texts take the fast paths of this section (and the few others that test
#: ``isascii``); the general paths give the same results (tests compare the two).
_ASCII_FAST = True
#: Joins many texts for one regex pass. No pattern scanned this way matches it (they have
#: no ``.``, no negated class, no anchors) and it is neither a word character nor a space, so
#: lookarounds and word boundaries see each text's ends as the ends of a string.
_SEP = "\x00"
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_PLAIN_OPEN = re.compile(r"\((?!\?)|\(\?(?:[:=!]|<[=!])")


@cache
def _folds_to_ascii(ch: str) -> bool:
    """Whether the non-ASCII ``ch`` matches an ASCII character under IGNORECASE (the Kelvin
    sign does)."""
    pattern = re.compile(re.escape(ch), re.I)
    return any(pattern.match(chr(code)) for code in range(128))


#: Escapes a twin may copy: classes, anchors and control characters, none of them a letter.
_TWIN_ESCAPES = set("wWdDsSbBAZntrfv")


def _twin_char(raw: str) -> str | None:
    """The character a class item stands for (None for an escape such as ``\\w``)."""
    if raw[0] != "\\":
        return raw
    return None if raw[1].isalnum() else raw[1]


def _twin_class(src: str, i: int) -> tuple[int, str | None]:
    """Lower-case the character class starting at ``src[i] == "["`` for a twin: (end, class),
    class None if a range holds ASCII letters without running within one case (``[A-z]``)."""
    j = i + 1
    head = ""
    if src.startswith("^", j):
        head, j = "^", j + 1
    items: list[str] = []
    while j < len(src) and (src[j] != "]" or not items):
        width = 2 if src[j] == "\\" else 1
        items.append(src[j:j + width])
        j += width
    out: list[str] = []
    k = 0
    while k < len(items):
        raw = items[k]
        if raw[0] == "\\" and raw[1].isalnum() and raw[1] not in _TWIN_ESCAPES:
            return j + 1, None
        if k + 2 < len(items) and items[k + 1] == "-":
            lo, hi = _twin_char(raw), _twin_char(items[k + 2])
            if lo is None or hi is None or not (lo.isascii() and hi.isascii()):
                return j + 1, None
            ends = lo + hi
            letters = (lo <= "Z" and hi >= "A") or (lo <= "z" and hi >= "a")
            if letters and not (ends.isalpha() and (ends.isupper() or ends.islower())):
                return j + 1, None
            out.append(f"{raw.lower()}-{items[k + 2].lower()}")
            k += 3
            continue
        char = _twin_char(raw)
        if char is not None and not char.isascii() and _folds_to_ascii(char):
            return j + 1, None
        out.append(raw if raw[0] == "\\" else raw.lower() if raw.isascii() else raw)
        k += 1
    return j + 1, "[" + head + "".join(out) + "]"


def _ascii_twin(pattern: re.Pattern, *, groups: bool = False) -> re.Pattern | None:
    """A faster twin of a case-insensitive pattern, for lower-cased ASCII text.

    The twin is the same pattern with its ASCII letters lower-cased, its named groups made
    plain (kept with ``groups``) and IGNORECASE dropped. On ``text.lower()`` of an ASCII
    ``text`` it matches at exactly the places ``pattern`` matches on ``text`` (same spans
    and groups, in lower case), several times faster. None when that cannot be promised:
    other flags, inline flags, group references, escapes that name a character
    (``\\x41``), a class range such as ``[A-z]``, or a non-ASCII character that folds to
    an ASCII one.

    >>> _ascii_twin(re.compile(r"(?P<w>Five)[ A-Z]Year", re.I)).pattern
    '(?:five)[ a-z]year'
    >>> _ascii_twin(re.compile(r"[A-z]", re.I)) is None
    True
    """
    if pattern.flags & ~(re.I | re.U) or not pattern.flags & re.I:
        return None
    src = pattern.pattern
    out: list[str] = []
    i = 0
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            if src[i + 1:i + 2].isalnum() and src[i + 1] not in _TWIN_ESCAPES:
                return None
            out.append(src[i:i + 2])
            i += 2
            continue
        if ch == "[":
            i, cls = _twin_class(src, i)
            if cls is None:
                return None
            out.append(cls)
            continue
        if ch == "(":
            named = _NAMED_GROUP.match(src, i)
            if named:
                out.append(named.group(0) if groups else "(?:")
                i = named.end()
                continue
            if not _PLAIN_OPEN.match(src, i):
                return None
        elif not ch.isascii() and _folds_to_ascii(ch):
            return None
        out.append(ch.lower() if ch.isascii() else ch)
        i += 1
    try:
        return re.compile("".join(out))
    except re.error:
        return None


def _finditer(
    pattern: re.Pattern, twin: re.Pattern | None, text: str, low: str | None
) -> Iterator[re.Match]:
    """``pattern.finditer(text)``; with a twin (with groups) and ``low`` (``text.lower()`` of
    an ASCII text), the twin's matches on ``low``: the same spans and groups, lower-cased.
    Whoever reads them takes words regardless of case and phrases from ``text``."""
    if twin is None or low is None:
        return pattern.finditer(text)
    return twin.finditer(low)


def _rematched(pattern: re.Pattern, starts: re.Pattern, text: str) -> Iterator[re.Match]:
    """``pattern.finditer(text)``, where ``starts`` matches at exactly the places ``pattern``
    matches (not always as far) but faster, and ``pattern`` never matches the empty string."""
    pos = 0
    while (found := starts.search(text, pos)) is not None:
        m = pattern.match(text, found.start())
        yield m
        pos = m.end()


class _Gate:
    """What a match of a pattern needs in lower-cased ASCII text, found far faster than the
    match: one of ``words``, and a match of the case-insensitive ``pattern`` (each if given;
    a pattern should open with a character class or a word, which ``re`` finds quickly)."""

    def __init__(self, words: tuple[str, ...], pattern: str | None = None):
        self.words = words if all(w.isascii() for w in words) else ()
        self.twin = _ascii_twin(re.compile(pattern, re.I)) if pattern else None

    def admits(self, low: str) -> bool:
        if self.words:
            for word in self.words:
                if word in low:
                    break
            else:
                return False
        return self.twin is None or self.twin.search(low) is not None


def _scan(g: _Grammar, name: str, text: str, low: str | None) -> Iterator[re.Match]:
    """``finditer`` of the grammar's pattern ``name`` over ``text`` (see :func:`_finditer`),
    nothing when ``low`` fails the pattern's gate."""
    gate = g.gates.get(name)
    if low is not None and gate is not None and not gate.admits(low):
        return iter(())
    return _finditer(getattr(g, name), g.twins.get(name), text, low)


def _ascii_lower(text: str) -> str | None:
    """``text.lower()`` for an ASCII text (what the twins read), else None."""
    return text.lower() if _ASCII_FAST and text.isascii() else None


def _offsets(texts: list[str]) -> np.ndarray:
    """Where each text starts in ``_SEP.join(texts)``."""
    starts = np.zeros(len(texts), dtype=np.int64)
    if len(texts) > 1:
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        starts[1:] = np.cumsum(lengths + 1)[:-1]
    return starts


def _scan_many(texts: list[str], pattern: re.Pattern) -> Iterator[tuple[int, re.Match]]:
    """Every match of ``pattern`` in every text, in one pass over the texts joined by _SEP:
    ``(text index, match)``, text by text, left to right (offsets are in ``match.string``)."""
    if not texts:
        return iter(())
    matches = list(pattern.finditer(_SEP.join(texts)))
    owners = np.searchsorted(_offsets(texts), [m.start() for m in matches], side="right") - 1
    return zip(owners.tolist(), matches)


def _search(pattern: re.Pattern, twin: re.Pattern | None, text: str) -> re.Match | None:
    """``pattern.search(text)``, by the twin on the lower-cased text if it is ASCII (the match
    then has the right span only if the twin is :func:`_ascii_twin` of ``pattern``)."""
    if twin is not None and _ASCII_FAST and text.isascii():
        return twin.search(text.lower())
    return pattern.search(text)


# ---------------------------------------------------------------------- lexicon


def _words_regex(phrase: str, *, quotes: bool = False) -> str:
    """Regex for a lexicon phrase: spaces and hyphens match any run of spaces or hyphens;
    with ``quotes``, a quote may also close or open between words (the "'15th Five-Year'
    period" of translated prose)."""
    parts = [p for p in re.split(r"[\s\-]+", phrase.strip()) if p]
    sep = r"[\s\-]+"
    if quotes:
        sep = rf"[{_QUOTES}'’]?[\s\-]+[{_QUOTES}'‘]?"
    return sep.join(re.escape(p) for p in parts)


def _alternation(phrases: Iterable[str]) -> str:
    """Alternation of phrases, longest first, so "by the end of" wins over "by"."""
    uniq = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    return "|".join(_words_regex(p) for p in uniq)


def _key(text: str) -> str:
    return _SPACES_DASHES.sub(" ", text.strip().casefold())


def _starts(mapping: dict[str, Any]) -> dict[str, int]:
    """For each first word of a multi-word key, the longest key length in words."""
    out: dict[str, int] = {}
    for key in mapping:
        words = key.split()
        if len(words) > 1:
            out[words[0]] = max(out.get(words[0], 1), len(words))
    return out


def _verb_forms(lemma: str) -> dict[str, str]:
    """Regular inflections of a verb lemma, by form kind (s, ed, ing)."""
    if re.search(r"(?:s|x|z|ch|sh|o)$", lemma):
        s = lemma + "es"
    elif re.search(r"[^aeiou]y$", lemma):
        s = lemma[:-1] + "ies"
    else:
        s = lemma + "s"
    if lemma.endswith("e"):
        ed, ing = lemma + "d", (lemma + "ing" if lemma.endswith("ee") else lemma[:-1] + "ing")
    elif re.search(r"[^aeiou]y$", lemma):
        ed, ing = lemma[:-1] + "ied", lemma + "ing"
    else:
        ed, ing = lemma + "ed", lemma + "ing"
    return {"s": s, "ed": ed, "ing": ing}


@dataclass(frozen=True)
class _Grammar:
    """Compiled patterns built from the lexicons (one per lexicon version)."""

    horizon_year: re.Pattern
    horizon_range: re.Pattern
    year_list: re.Pattern
    horizon_months: re.Pattern
    horizon_subject: re.Pattern
    horizon_after: re.Pattern
    horizon_named: re.Pattern
    horizon_period: re.Pattern
    qualifier_before: re.Pattern
    baseline_pre: re.Pattern
    baseline_year: re.Pattern
    baseline_after: re.Pattern
    period_rows: tuple  # (group name, row regex, kind, base, start, end, default qualifier, names a target, end month)
    period_index: dict  # group name -> its row of period_rows
    qualifier_map: dict
    cardinals: dict
    ordinals: dict
    quantity: re.Pattern
    unit_map: dict
    verb_starts: dict  # first word -> longest phrase length in words
    verb_map: dict  # form -> (lemma, direction, form kind)
    force_starts: dict
    force_map: dict
    anchors: tuple  # (anchor, year, compiled pattern)
    period_hint: re.Pattern
    cardinal_re: str
    ordinal_re: str
    twins: dict  # pattern field name -> an ASCII twin (see _ascii_twin, _finditer) or None
    gates: dict  # pattern field name -> a _Gate: what a match needs, tested quickly
    anchor_twins: tuple  # the ASCII twin of each anchor pattern, or None
    verb_cands: frozenset  # words that can start a verb_map phrase, and _SEP
    directed_cands: frozenset  # words that can start a verb_map phrase with a direction, and _SEP
    force_cands: frozenset  # words that can start a force_map phrase, and _SEP
    results: re.Pattern  # wording that reports results (horizon_results.csv)
    result_kinds: dict  # its spellings (as _key folds them) -> count, change, share or market


@dataclass(frozen=True)
class HorizonLexicon:
    """The horizon lexicons, validated, with the patterns compiled from them.

    Attributes:
        qualifiers, periods, numbers, units, verbs, force, anchors, results: the lexicon tables as
            read by :func:`helpers.lexicons.read_lexicon` (with a ``row`` column).
        directory: the folder they were read from.
    """

    qualifiers: pd.DataFrame
    periods: pd.DataFrame
    numbers: pd.DataFrame
    units: pd.DataFrame
    verbs: pd.DataFrame
    force: pd.DataFrame
    anchors: pd.DataFrame
    results: pd.DataFrame
    directory: str
    grammar: _Grammar = field(repr=False, compare=False)


def _check_choice(
    df: pd.DataFrame, col: str, allowed: Iterable[str], path: Path, allow_empty: bool = False
) -> None:
    allowed = tuple(allowed)
    for row in df.itertuples():
        value = getattr(row, col)
        if allow_empty and not value:
            continue
        if value not in allowed:
            raise LexiconError(f"{path}, row {row.row}: {col} '{value}' is not one of {', '.join(allowed)}.")


def _int_cell(value: str, path: Path, row: int, col: str, *, n_ok: bool = False) -> None:
    if n_ok and re.fullmatch(r"-?n(?:\s*[-+]\s*\d+)?|-?\d+", value.replace(" ", "")):
        return
    if not re.fullmatch(r"-?\d+", value):
        hint = "a whole number or an expression in n such as n-1 or -n" if n_ok else "a whole number"
        raise LexiconError(f"{path}, row {row}: {col} '{value}' should be {hint}.")


def _offset(expr: str, n: int | None) -> int:
    """Evaluate a period offset such as ``0``, ``n-1`` or ``-n``.

    >>> _offset("n-1", 3), _offset("-n", 5), _offset("2", None)
    (2, -5, 2)
    """
    expr = expr.replace(" ", "")
    m = re.fullmatch(r"(-?)n([-+]\d+)?", expr)
    if m:
        if n is None:
            raise ValueError(f"offset {expr!r} needs a number")
        return (-n if m.group(1) else n) + int(m.group(2) or 0)
    return int(expr)


def plan_period_years(number: int) -> tuple[int, int]:
    """Years of the ``number``-th Five-Year Plan.

    The 1st plan ran 1953-1957 and the 2nd 1958-1962; after three years of readjustment
    (1963-1965) the 3rd began in 1966, and every plan since has followed the last.

    Args:
        number: the plan's ordinal number (1 or more).

    Returns:
        ``(first_year, last_year)``.

    Raises:
        ValueError: ``number`` is below 1.

    >>> plan_period_years(14), plan_period_years(15), plan_period_years(1), plan_period_years(3)
    ((2021, 2025), (2026, 2030), (1953, 1957), (1966, 1970))
    """
    if number < 1:
        raise ValueError(f"a Five-Year Plan number is 1 or more, not {number}")
    start = 1953 + 5 * (number - 1) if number <= 2 else 1966 + 5 * (number - 3)
    return start, start + 4


def _build_grammar(t: dict[str, pd.DataFrame], paths: dict[str, Path]) -> _Grammar:
    q = t["qualifiers"]
    by_role = {role: q.loc[q["role"] == role, "phrase"].tolist() for role in _ROLES}
    qualifier_map = {
        _key(r.phrase): r.qualifier for r in q.itertuples() if r.role in ("horizon", "horizon_after")
    }

    nums = t["numbers"]
    cardinals = {_key(r.word): int(float(r.value)) for r in nums.itertuples() if r.kind == "cardinal"}
    ordinals = {_key(r.word): int(float(r.value)) for r in nums.itertuples() if r.kind == "ordinal"}
    scales = [r.word for r in nums.itertuples() if r.kind == "scale"]
    cardinal_re = r"(?:\d{1,2}|" + _alternation(cardinals) + r")"
    ordinal_re = r"(?:\d{1,2}(?:st|nd|rd|th)|" + _alternation(ordinals) + r")"

    units = t["units"]
    unit_map: dict[str, str] = {}
    blocking: list[str] = []
    for r in units.itertuples():
        for spelling in split_list(r.phrase):
            unit_map[_key(spelling)] = r.unit
            if r.count.strip().lower() not in ("yes", "y", "true", "1"):
                blocking.append(spelling)
    unit_alt = _alternation(s for r in units.itertuples() for s in split_list(r.phrase))
    block_alt = _alternation(blocking)
    # A year is not followed by a digit, a decimal, a per cent sign or a measure unit.
    year_end = rf"(?![\w%]|[.,]\d|\s*(?:{block_alt})(?![A-Za-z]))"
    y2 = rf"(?:{_YEAR}|\d\d)"

    quals = _alternation(by_role["horizon"])
    afters = _alternation(by_role["horizon_after"])

    def numbers(body: str, named: bool) -> str:
        n, nth = ("(?P<n>", "(?P<nth>") if named else ("(?:", "(?:")
        body = body.replace(re.escape("{n}"), f"{n}{cardinal_re})")
        return body.replace(re.escape("{nth}"), f"{nth}{ordinal_re})")

    period_rows = []
    alts = []
    by_head: dict[str, list[str]] = {}  # the period phrases by their first word, for the twin
    for i, r in enumerate(t["periods"].itertuples()):
        body = numbers(_words_regex(r.phrase, quotes=True), named=True)
        row_re = re.compile(rf"(?:the\s+)?[{_QUOTES}']?{body}", re.I)
        name = f"p{i}"
        alts.append((len(r.phrase), r.phrase, name, re.sub(r"\(\?P<\w+>", "(?:", body)))
        period_rows.append((name, row_re, r.kind, r.base, r.start, r.end, r.default_qualifier,
                            r.target != "no", r.end_month or None))
        words = [w for w in _SPACES_DASHES.split(r.phrase.strip()) if w]
        head = numbers(re.escape(words[0]), named=False)
        tail = numbers(_words_regex(" ".join(words), quotes=True)[len(re.escape(words[0])):], named=False)
        by_head.setdefault(head, []).append(tail)  # head + tail is the phrase's regex
    alts.sort(key=lambda x: (-x[0], x[1]))
    periods_alt = "|".join(f"(?P<{name}>{body})" for _, _, name, body in alts)
    periods_plain = "|".join(re.sub(r"\(\?P<\w+>", "(?:", f"(?:{body})") for _, _, _, body in alts)
    # The same phrases grouped by first word: a pattern that matches where horizon_period
    # does (not always as far), without trying every number word for every plan phrase.
    periods_by_head = "|".join(f"{head}(?:{'|'.join(tails)})" for head, tails in by_head.items())

    flags = re.I
    month_span = (
        rf"(?P<month>{_MONTHS})\.?\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s*)?(?:(?:-|–|—|~|to|through|until)\s*"
        rf"{_MONTHS}\.?\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s*)?)?,?\s+"
    )
    horizon_year = re.compile(
        rf"\b(?P<qual>{quals})\s+(?P<mod>{_MODS})?(?:{month_span})?(?P<y1>{_YEAR}){year_end}"
        rf"(?:\s*(?:(?P<dash>[-–—~])|(?P<conj>to|through|until|till|and))\s*(?:{_MODS})?"
        rf"(?P<y2>{y2}){year_end})?",
        flags,
    )
    horizon_months = re.compile(
        rf"\b{_MONTHS}\.?\s*(?:\d{{1,2}}\s*)?(?:-|–|—|~|to|through|until)\s*"
        rf"{_MONTHS}\.?\s*(?:\d{{1,2}}\s*)?,?\s+"
        rf"(?P<y1>{_YEAR}){year_end}",
        flags,
    )
    year_list = re.compile(
        rf"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:{_MODS})?(?P<y>{_YEAR}){year_end}"
        rf"(?!\s*[-–—~])",
        flags,
    )
    subject_verbs = r"(?:is|was|will|marks|marked|has|saw|witnessed|sees|marks)\b"
    horizon_subject = re.compile(
        rf"(?:\bthe\s+year\s+)?{_NO_YEAR_BEFORE}(?P<y1>{_YEAR}){year_end}(?=\s+{subject_verbs})",
        flags,
    )
    horizon_range = re.compile(
        rf"{_NO_YEAR_BEFORE}(?P<y1>{_YEAR})(?:\s*(?P<dash>[-–—~])\s*(?P<y2>{y2})|\s+(?:to|through)\s+(?P<y2w>{_YEAR}))"
        rf"{year_end}",
        flags,
    )
    horizon_after = re.compile(
        rf"{_NO_YEAR_BEFORE}(?P<y1>{_YEAR})(?:\s*(?P<dash>[-–—~])\s*(?P<y2>{y2}))?"
        rf"\s+(?P<after>{afters})\b",
        flags,
    )
    # "the 2030 carbon peak and 2060 carbon neutrality goals", "its 2030 and 2035 targets":
    # a year used as an adjective of a target noun a few words on, after a determiner
    content = r"(?:\s+(?!(?:of|the|a|an|as|and|or|in|to|for|with|by|on|at|from|is|are|was|were|will|be)\b)[a-z][a-z\-]*)"
    horizon_named = re.compile(
        rf"\b(?:the|its|their|our|this|these|both)\s+(?P<y1>{_YEAR})(?P<m1>{content}{{0,3}}?)"
        rf"(?:\s+(?:and|or)\s+(?P<y2>{_YEAR})(?P<m2>{content}{{0,3}}?))?\s+(?P<after>{afters})\b",
        flags,
    )
    period_start = r"(?<![\w\-])(?:the\s+)?" + f"[{_QUOTES}']?"
    horizon_period = re.compile(rf"{period_start}(?:{periods_alt})\b", flags)
    qualifier_before = re.compile(rf"\b(?P<qual>{quals})\s+(?P<mod>{_PERIOD_MODS})?$", flags)
    base_tail = (
        r"\s+(?:(?:that|those)\s+(?:in|of|at)\s+|(?:in|at)\s+)?(?:(?:the|its|their|our)\s+)?"
        r"(?:(?:end|level|levels|beginning)\s+"
        r"(?:of|in)\s+(?:the\s+)?)?(?:same\s+period\s+(?:of\s+|in\s+)?)?"
    )
    no_range = r"(?!\s*(?:[-–—~]\s*\d|(?:to|and|through)\s+\d))"
    baseline_pre = re.compile(
        rf"\b(?P<cue>{_alternation(by_role['baseline'])}){base_tail}"
        rf"(?:(?P<y>{_YEAR}){year_end}{no_range}(?:\s+levels?\b)?|(?P<period>{periods_plain})\b)",
        flags,
    )
    # "up 2.3 points over last year", "against the same period last year": a single past
    # year named relatively is a base as well (the lexicon's relative rows ending before
    # the publication year, not "the past ..." which reads as a span)
    per = t["periods"]
    past_years = [
        r.phrase for r in per.itertuples()
        if r.kind == "relative" and str(r.start).strip() == str(r.end).strip()
        and str(r.end).strip().startswith("-") and "past" not in r.phrase.lower()
    ]
    past_alt = _alternation(past_years) if past_years else r"(?!x)x"
    baseline_year = re.compile(
        rf"\b(?P<cue>{_alternation(by_role['baseline_year'])}){base_tail}"
        rf"(?:(?P<y>{_YEAR}){year_end}{no_range}(?:\s+levels?\b)?|(?P<period>{past_alt})\b)",
        flags,
    )
    baseline_after = re.compile(
        rf"(?:\b(?:from|at|to|below|above|over|of|on|with|taking|using)\s+)?(?:the\s+)?{_NO_YEAR_BEFORE}"
        rf"(?P<y>{_YEAR})\s+(?P<cue>{_alternation(by_role['baseline_after'])})\b",
        flags,
    )

    cmp_alt = "|".join(f"(?P<{group}>{words})" for group, (_, words) in zip(_CMP_GROUPS, _COMPARATORS))
    scale_alt = _alternation(scales)
    quantity = re.compile(
        rf"(?:\b(?:{cmp_alt})\s+)?(?<![\w.,])(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
        rf"(?:(?P<scale>{scale_alt})\s+)?(?P<unit>{unit_alt})(?![A-Za-z0-9])",
        flags,
    )
    # Where a quantity's number can start in ASCII text (the same without the comparator,
    # and led by its first digit, which re finds quickly); see _quantities.
    number_unit = re.compile(
        rf"[0-9](?<![\w.,][0-9])(?:[0-9]{{0,2}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]*(?:\.[0-9]+)?)\s*"
        rf"(?:(?:{scale_alt})\s+)?(?:{unit_alt})(?![A-Za-z0-9])",
        flags,
    )

    verb_map: dict[str, tuple[str, str | None, str]] = {}
    for r in t["verbs"].itertuples():
        lemma = r.lemma.strip().lower()
        direction = r.direction or None
        forms = {lemma: "base", **{v: k for k, v in _verb_forms(lemma).items()}}
        for extra in split_list(r.forms):
            extra = extra.lower()
            forms[extra] = "ing" if extra.endswith("ing") else ("base" if " " in extra else "ed")
        for form, kind in forms.items():
            verb_map.setdefault(_key(form), (lemma, direction, kind))
    verb_starts = _starts(verb_map)

    force_map: dict[str, str] = {}
    for r in t["force"].itertuples():
        for spelling in split_list(r.phrase):
            force_map[_key(spelling)] = r.force
    force_starts = _starts(force_map)

    anchors = []
    for r in t["anchors"].itertuples():
        try:
            pattern = re.compile(r.pattern, flags)
        except re.error as exc:
            raise LexiconError(
                f"{paths['anchors']}, row {r.row}: pattern is not a valid regular expression ({exc})."
            ) from None
        anchors.append((r.anchor, int(r.target_year), pattern))

    period_hint = _PERIOD_HINT
    patterns = {
        "horizon_year": horizon_year, "horizon_range": horizon_range, "year_list": year_list,
        "horizon_months": horizon_months, "horizon_subject": horizon_subject, "horizon_after": horizon_after,
        "horizon_named": horizon_named, "horizon_period": horizon_period, "qualifier_before": qualifier_before,
        "baseline_pre": baseline_pre, "baseline_year": baseline_year, "baseline_after": baseline_after,
        "quantity": quantity, "period_hint": period_hint,
    }
    # What a match needs, found far faster than the match (a year is four ASCII digits in ASCII
    # text): a text without it is not scanned (see _scan).
    after_words = tuple(sorted({_SPACES_DASHES.split(a.strip().lower())[-1]
                                for a in by_role["horizon_after"]}))
    months = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    gates = {
        "horizon_months": _Gate(months),
        "horizon_subject": _Gate((), rf"[0-9][0-9]{{3}}\s+{subject_verbs}"),
        "horizon_range": _Gate((), r"[0-9][0-9]{3}(?:\s*[-–—~]\s*[0-9]{2}|\s+(?:to|through)\s+[0-9]{4})"),
        "horizon_after": _Gate(after_words, rf"[0-9][0-9]\s+(?:{afters})\b"),
        "horizon_named": _Gate(after_words, r"(?:the|its|their|our|this|these|both)\s+[0-9]{4}"),
        "baseline_after": _Gate((), rf"[0-9][0-9]{{3}}\s+(?:{_alternation(by_role['baseline_after'])})\b"),
        "baseline_pre": _Gate(_longest_words(by_role["baseline"])),
        "baseline_year": _Gate(_longest_words(by_role["baseline_year"])),
    }
    return _Grammar(
        **patterns, period_rows=tuple(period_rows), period_index={row[0]: row for row in period_rows},
        qualifier_map=qualifier_map,
        cardinals=cardinals, ordinals=ordinals, unit_map=unit_map, verb_starts=verb_starts,
        verb_map=verb_map, force_starts=force_starts, force_map=force_map, anchors=tuple(anchors),
        cardinal_re=cardinal_re, ordinal_re=ordinal_re,
        # twins (with groups) of the patterns that scan many sentences; the others are gated
        twins={
            **{name: _ascii_twin(patterns[name], groups=True)
               for name in ("horizon_year", "horizon_months", "horizon_range", "horizon_period",
                            "baseline_year", "quantity")},
            "period_starts": _ascii_twin(re.compile(rf"{period_start}(?:{periods_by_head})\b", flags)),
            "number_unit": _ascii_twin(number_unit),
        },
        gates=gates,
        anchor_twins=tuple(_ascii_twin(pat) for _, _, pat in anchors),
        verb_cands=_phrase_starts(verb_map, verb_starts), force_cands=_phrase_starts(force_map, force_starts),
        directed_cands=frozenset({k.split()[0] for k, (_, direction, _) in verb_map.items() if direction} | {_SEP}),
        # matched on lower-cased text (a case-blind pattern costs re about twice as much)
        results=re.compile(
            rf"\b(?:{_alternation(sp.lower() for r in t['results'].itertuples() for sp in split_list(r.phrase))})\b"
        ),
        result_kinds={_key(sp): r.kind for r in t["results"].itertuples() for sp in split_list(r.phrase)},
    )


def _longest_words(phrases: Iterable[str]) -> tuple[str, ...]:
    """The longest word of each phrase, lower-cased: a match of any of them holds one."""
    return tuple(sorted({max(_SPACES_DASHES.split(p.strip().lower()), key=len) for p in phrases}))


def _phrase_starts(mapping: dict[str, Any], starts: dict[str, int]) -> frozenset:
    """The words at which :func:`_token_hits` can find a phrase of ``mapping``, and _SEP."""
    return frozenset({k for k in mapping if " " not in k} | set(starts) | {_SEP})


@lru_cache(maxsize=4)
def _load_cached(directory: str, digests: tuple[str, ...]) -> HorizonLexicon:
    d = Path(directory)
    paths = {k: lexicon_path(v, d) for k, v in _LEXICON_FILES.items()}
    t = {
        "qualifiers": read_lexicon(
            paths["qualifiers"], required=["phrase", "role"], optional=["qualifier"], unique=["phrase"]
        ),
        "periods": read_lexicon(
            paths["periods"],
            required=["phrase", "kind", "base"],
            optional=["start", "end", "default_qualifier", "target", "end_month"],
            unique=["phrase"],
        ),
        "numbers": read_lexicon(paths["numbers"], required=["word", "value", "kind"], unique=["word"]),
        "units": read_lexicon(
            paths["units"], required=["phrase", "unit"], optional=["count"], unique=["phrase"]
        ),
        "verbs": read_lexicon(
            paths["verbs"], required=["lemma"], optional=["direction", "forms"], unique=["lemma"]
        ),
        "force": read_lexicon(paths["force"], required=["phrase", "force"], unique=["phrase"]),
        "anchors": read_lexicon(
            paths["anchors"],
            required=["anchor", "target_year", "pattern"],
            optional=["source"],
            unique=["anchor"],
        ),
        "results": read_lexicon(paths["results"], required=["phrase", "kind"], unique=["phrase"]),
    }
    _check_choice(t["results"], "kind", ("count", "change", "share", "market"), paths["results"])
    _check_choice(t["qualifiers"], "role", _ROLES, paths["qualifiers"])
    for r in t["qualifiers"].itertuples():
        if r.role.startswith("horizon") and not r.qualifier:
            raise LexiconError(
                f"{paths['qualifiers']}, row {r.row}: a {r.role} phrase needs a qualifier. Fill it in."
            )
    _check_choice(t["periods"], "kind", _PERIOD_KINDS, paths["periods"])
    _check_choice(t["periods"], "base", _PERIOD_BASES, paths["periods"])
    _check_choice(t["periods"], "target", ("yes", "no"), paths["periods"], allow_empty=True)
    _check_choice(t["periods"], "end_month", [*map(str, range(1, 13)), "n"], paths["periods"], allow_empty=True)
    for r in t["periods"].itertuples():
        if r.base != "plan":
            for col in ("start", "end"):
                _int_cell(getattr(r, col), paths["periods"], r.row, col, n_ok=r.base == "publication")
        if r.base == "plan" and "{nth}" not in r.phrase:
            raise LexiconError(
                f"{paths['periods']}, row {r.row}: a plan period phrase needs {{nth}} for its number."
            )
        if r.base == "publication" and "n" in (r.start + r.end) and "{n}" not in r.phrase:
            raise LexiconError(
                f"{paths['periods']}, row {r.row}: start/end use n, so the phrase needs {{n}}."
            )
    _check_choice(t["numbers"], "kind", ("cardinal", "ordinal", "scale"), paths["numbers"])
    for r in t["numbers"].itertuples():
        if not re.fullmatch(r"\d+(?:\.\d+)?", r.value):
            raise LexiconError(f"{paths['numbers']}, row {r.row}: value '{r.value}' should be a number.")
    _check_choice(t["verbs"], "direction", DIRECTIONS, paths["verbs"], allow_empty=True)
    _check_choice(t["force"], "force", FORCES, paths["force"])
    for name in ("force", "units"):
        seen: dict[str, int] = {}
        for r in t[name].itertuples():
            for spelling in split_list(r.phrase):
                key = _key(spelling)
                if key in seen and seen[key] != r.row:
                    raise LexiconError(
                        f"{paths[name]}, row {r.row}: '{spelling}' repeats row {seen[key]}. "
                        "Keep it in one row."
                    )
                seen[key] = r.row
    for r in t["anchors"].itertuples():
        _int_cell(r.target_year, paths["anchors"], r.row, "target_year")
    return HorizonLexicon(**t, directory=str(d), grammar=_build_grammar(t, paths))


def load_horizon_lexicon(directory: str | Path | None = None) -> HorizonLexicon:
    """Load and compile the horizon lexicons (cached by file contents).

    Args:
        directory: the folder holding ``horizon_*.csv`` and ``national_anchors.csv``;
            ``data/lexicons/`` by default.

    Returns:
        A :class:`HorizonLexicon`.

    Raises:
        LexiconError: a file is missing or malformed; the message names file, row and fix.

    >>> lex = load_horizon_lexicon()
    >>> sorted(lex.anchors["target_year"].astype(int).unique().tolist())
    [2030, 2035, 2050, 2060]
    """
    d = Path(directory) if directory is not None else LEXICON_DIR
    digests = tuple(
        file_digest(p) if (p := lexicon_path(name, d)).is_file() else "" for name in _LEXICON_FILES.values()
    )
    return _load_cached(str(d), digests)


def _as_lexicon(lexicon: HorizonLexicon | str | Path | None) -> HorizonLexicon:
    if isinstance(lexicon, HorizonLexicon):
        return lexicon
    return load_horizon_lexicon(lexicon)


# ---------------------------------------------------------------------- finding horizons


@dataclass
class _Ref:
    """An article's publication window, as years; ``exact``: it comes from a clue that pins
    the page (its release time, a date line, a dateline), not only from bounds."""

    pmin: pd.Timestamp | None
    pmax: pd.Timestamp | None
    exact: bool = False
    dated_by_text: bool = False  # the lower bound is a full date the text reports ("On March 16, 2023")

    @property
    def known(self) -> bool:
        return self.pmin is not None and self.pmax is not None

    @property
    def year(self) -> int | None:
        """The year relative phrases ("this year") count from: the latest year an exact
        window allows; in a window bounded from below by a full date the text reports, that
        date's year (news is written soon after what it reports); else the upper bound's
        (the capture year)."""
        if self.pmin is not None and (self.pmax is None or (not self.exact and self.dated_by_text)):
            return self.pmin.year
        return self.pmax.year if self.pmax is not None else None

    @property
    def pins_year(self) -> bool:
        """Does the window say which year the page was written in (closely enough to date
        its horizons)? An exact clue does; bounds only when both fall in one year."""
        return self.known and (self.exact or self.pmin.year == self.pmax.year)

    @cached_property
    def window(self) -> str:
        if self.pmin is None and self.pmax is None:
            return "no publication date"
        lo = f"{self.pmin:%Y-%m-%d}" if self.pmin is not None else ""
        hi = f"{self.pmax:%Y-%m-%d}" if self.pmax is not None else ""
        return f"{lo}..{hi}"


@dataclass
class _Horizon:
    start: int
    end: int
    phrase: str
    qualifier: str | None
    kind: str
    year_start: int | None
    year_end: int | None
    offsets: tuple[int, int] | None = None
    note: str = ""
    #: False for a span of time counted from publication ("within three years"): it has
    #: years, but names no year as the deadline of its goals, so its target year is empty.
    names_target: bool = True
    #: The month a part of a year ends in ("the first half of this year": 6), if it is one.
    end_month: int | None = None


def _year2(y1: int, raw: str) -> int | None:
    """Second year of a range: full ("2025") or short ("25" after 2021)."""
    if len(raw) == 4:
        y2 = int(raw)
    else:
        y2 = y1 // 100 * 100 + int(raw)
    return y2 if y1 < y2 <= YEAR_MAX and y2 - y1 <= 50 else None


def _qualifier(g: _Grammar, raw: str | None, mod: str | None = None) -> str | None:
    if not raw:
        return None
    qual = g.qualifier_map.get(_key(raw))
    ends = mod and _END_WORDS.search(mod)
    if ends and qual in ("by", "in", "at the end of", "during", "until"):
        qual = "by the end of" if qual in ("by", "until") else "at the end of"
    return qual


def _maybe_dated(text: str) -> bool:
    """Cheap test: could ``text`` hold a year, a period or a relative year at all?"""
    if _FOUR_DIGITS.search(text):
        return True
    low = text.lower()
    return "year" in low or "centur" in low or "fyp" in low


def _dated_many(texts: list) -> list[bool]:
    """:func:`_maybe_dated` of many texts (False for a missing one).

    The ASCII texts are read together: in the bytes of their lower-cased join, ``find``
    (memory speed) looks for the words and, after every digit has become ``0``, for
    ``0000`` (``\\d`` is 0-9 in ASCII). Other texts take :func:`_maybe_dated` one by one.
    """
    out = [False] * len(texts)
    if not _ASCII_FAST:
        return [isinstance(t, str) and _maybe_dated(t) for t in texts]
    joined = _SEP.join(texts) if set(map(type, texts)) <= {str} else None
    if joined is not None and joined.isascii():
        ascii_idx: list[int] | range = range(len(texts))
        part = texts
    else:
        ascii_idx = [i for i, text in enumerate(texts) if isinstance(text, str) and text.isascii()]
        for i, text in enumerate(texts):
            if isinstance(text, str) and not text.isascii():
                out[i] = _maybe_dated(text)
        part = [texts[i] for i in ascii_idx]
        joined = _SEP.join(part)
    if not part:
        return out
    data = joined.lower().encode("ascii")
    hits = find_each(data.translate(_DIGITS_AS_ZERO), b"0000")
    for word in (b"year", b"centur", b"fyp"):
        hits += find_each(data, word)
    owners = np.unique(np.searchsorted(_offsets(part), hits, side="right") - 1)
    for i in np.asarray(ascii_idx)[owners].tolist():
        out[i] = True
    return out


#: For bytes.translate: every ASCII digit becomes "0" (the other bytes stay as they are).
_DIGITS_AS_ZERO = bytes(48 if 48 <= b <= 57 else b for b in range(256))


def _span_overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _baselines(
    g: _Grammar, text: str, ref_year: int | None, low: str | None = None, dated: bool | None = None
) -> list[tuple[int, int, int | None]]:
    """Base-year mentions in ``text``: (start, end, year). ``low``: ``text.lower()`` if ASCII
    (for the twins); ``dated``: :func:`_maybe_dated` of ``text`` if known."""
    if not (_maybe_dated(text) if dated is None else dated):
        return []
    found = []
    for name in ("baseline_pre", "baseline_year", "baseline_after"):
        for m in _scan(g, name, text, low):
            if _NOT_BASELINE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "no later than 2030" is a deadline
            year: int | None = None
            if m.groupdict().get("y"):
                year = int(m.group("y"))
            elif m.groupdict().get("period"):
                h = _period_horizon(
                    g, m.group("period"), None, None, ref_year, m.start(), m.end(), m.group(0)
                )
                if h is None:
                    continue
                if h.kind == "plan_period" and not re.search(r"\bend\b", m.group(0), re.I):
                    if not re.search(r"compar|than|relative", m.group("cue"), re.I):
                        continue
                year = h.year_end
            found.append((m.start(), m.end(), year))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, int | None]] = []
    reach = -1  # the furthest end of the spans kept (they start no later than the next)
    for s, e, y in found:
        overlaps = s < reach if e > s else _span_overlaps([(a, b) for a, b, _ in out], s, e)
        if not overlaps:
            out.append((s, e, y))
            reach = max(reach, e)
    return out


_PERIOD_WORD = re.compile(r"\b(?:period|stage|phase|era)\b", re.I)


def _period_horizon(
    g: _Grammar,
    text: str,
    qual_raw: str | None,
    mod: str | None,
    ref_year: int | None,
    start: int,
    end: int,
    phrase: str,
    name: str | None = None,
) -> _Horizon | None:
    rows = g.period_rows if name is None else (g.period_index[name],)
    for _, row_re, kind, base, s_expr, e_expr, default_q, names_target, end_month in rows:
        m = row_re.fullmatch(text.strip())
        if not m:
            continue
        qual = _qualifier(g, qual_raw, mod) or (default_q or None)
        if base == "plan":
            raw = m.group("nth").lower()
            num = int(_DIGITS.match(raw).group()) if raw[0].isdigit() else g.ordinals.get(_key(raw))
            if not num or num > 30:
                return None
            ys, ye = plan_period_years(num)
            where = f"{qual_raw or ''} {mod or ''}"
            if _LAST_WORDS.search(where):
                ys = ye
            elif _FIRST_WORDS.search(where):
                ye = ys
            # "the 15th Five-Year Plan" with no preposition and no "period" names the plan
            # document ("the preparation of the 15th Five-Year Plan"), not a period of goals
            named = not qual_raw and not _PERIOD_WORD.search(phrase)
            note = f"{num}th Five-Year Plan" + (" (the plan named)" if named else "")
            return _Horizon(start, end, phrase, qual, "plan_period", ys, ye, note=note)
        n = None
        if "n" in m.groupdict() and m.group("n"):
            raw = m.group("n").lower()
            n = int(raw) if raw.isdigit() else g.cardinals.get(_key(raw))
            if not n or n > 30:
                return None
        if base == "absolute":
            return _Horizon(start, end, phrase, qual, kind, int(s_expr), int(e_expr))
        lo, hi = _offset(s_expr, n), _offset(e_expr, n)
        ys, ye = (None, None) if ref_year is None else (ref_year + lo, ref_year + hi)
        month = n if end_month == "n" else int(end_month) if end_month else None  # "first {n} months": n
        return _Horizon(start, end, phrase, qual, "relative", ys, ye, offsets=(lo, hi), names_target=names_target,
                        end_month=month if month is None or 1 <= month <= 12 else None)
    return None


def find_horizons(
    text: str,
    *,
    published: tuple[Any, Any] = (None, None),
    lexicon: HorizonLexicon | str | Path | None = None,
) -> pd.DataFrame:
    """Horizon phrases in one text, resolved to years (no goals, no status).

    A convenience view of the first step of :func:`extract_horizons`, handy for checking
    how a sentence is read.

    Args:
        text: a sentence or paragraph.
        published: the publication window ``(published_min, published_max)`` that
            relative phrases ("next year") are resolved against; ``(None, None)`` leaves
            them unresolved.
        lexicon: a :class:`HorizonLexicon` or the folder of the lexicon files.

    Returns:
        One row per horizon: ``phrase``, ``char_start``, ``char_end``, ``qualifier``,
        ``kind``, ``year_start``, ``year_end``.

    >>> h = find_horizons("By 2027, emissions will fall by 18% compared with 2020; during the "
    ...                   "14th Five-Year Plan period, forests will grow.")
    >>> h[["phrase", "year_start", "year_end"]].values.tolist()
    [['By 2027', 2027, 2027], ['during the 14th Five-Year Plan period', 2021, 2025]]
    """
    g = _as_lexicon(lexicon).grammar
    ref = _ref(*published)
    rows = [
        (h.phrase, h.start, h.end, h.qualifier, h.kind, h.year_start, h.year_end)
        for h in _horizons_of(g, text, ref.year)
    ]
    columns = ["phrase", "char_start", "char_end", "qualifier", "kind", "year_start", "year_end"]
    df = pd.DataFrame(rows, columns=columns)
    for col in ("year_start", "year_end"):
        df[col] = df[col].astype("Int64")
    return df


#: Publication bases that pin a page to a day or a short window: a page's
#: (``articles.published_basis``) and a release time's (:func:`helpers.dates.publication_window`).
_EXACT_BASES = (*EXACT_BASES, "relative", "absolute")


def _ref(pmin: Any, pmax: Any, basis: Any = None) -> _Ref:
    """The window of ``published_min``..``published_max``; a side that is missing stays
    open, unless the basis is exact or not given (a caller's single date)."""
    lo = None if pmin is None or pd.isna(pmin) else pd.Timestamp(pmin)
    hi = None if pmax is None or pd.isna(pmax) else pd.Timestamp(pmax)
    exact = not isinstance(basis, str) or basis in _EXACT_BASES
    if exact and lo is None:
        lo = hi
    if exact and hi is None:
        hi = lo
    by_text = isinstance(basis, str) and basis.startswith("text_date")
    return _Ref(lo, hi, exact=exact and lo is not None, dated_by_text=by_text)


def _horizons_in(g: _Grammar, text: str, ref_year: int | None) -> list[_Horizon]:
    """All horizons in a sentence, left to right, without overlaps or base years."""
    low = _ascii_lower(text)

    def scan(name: str) -> Iterator[re.Match]:
        return _scan(g, name, text, low)

    cands: list[_Horizon] = []
    has_year = (_ASCII_FOUR_DIGITS if low is not None else _FOUR_DIGITS).search(text) is not None
    for m in scan("horizon_year") if has_year else ():
        y1 = int(m.group("y1"))
        qual = _qualifier(g, m.group("qual"), m.group("mod"))
        end = m.end()
        y2 = None
        if m.group("y2"):
            conj = (m.group("conj") or "").lower()
            if conj == "and" and qual != "from-to":
                end = m.end("y1")
            else:
                y2 = _year2(y1, m.group("y2"))
                if y2 is None:
                    end = m.end("y1")
        span = text[m.end("qual"):m.start("y1")]
        if qual == "from-to" and y2 is None and not _SPAN_MARK.search(span):
            qual = "starting from"  # "from 2025" alone; "from January to May 2025" stays a span
            if _AMOUNT_BEFORE.search(text, max(0, m.start() - _LOOK_BACK), m.start()):
                continue
        if qual == "since" and y2 is None and _RECORD_BEFORE.search(text, max(0, m.start() - 60), m.start()):
            continue  # "the fastest growth since 2012" compares with a year; it dates nothing
        if qual == "by" and y2 is None and _CHANGE_BY.search(text, max(0, m.start() - _LOOK_BACK), m.start()):
            nxt = _NEXT_WORD.match(text, m.end("y1"))
            if nxt and _key(nxt.group(1)) in g.unit_map:
                continue
        kind = "range" if y2 else ("mid_century" if y1 == MID_CENTURY else "year")
        cands.append(_Horizon(m.start(), end, text[m.start():end], qual, kind, y1, y2 or y1))
        pos = end
        while y2 is None and (more := g.year_list.match(text, pos)):
            y = int(more.group("y"))
            kind = "mid_century" if y == MID_CENTURY else "year"
            phrase = text[more.start("y"):more.end()]
            cands.append(_Horizon(more.start("y"), more.end(), phrase, qual, kind, y, y))
            pos = more.end()
    for m in scan("horizon_months") if has_year else ():
        y1 = int(m.group("y1"))
        cands.append(_Horizon(m.start(), m.end(), text[m.start():m.end()], "in", "year", y1, y1))
    for m in scan("horizon_subject") if has_year else ():
        y1 = int(m.group("y1"))
        kind = "mid_century" if y1 == MID_CENTURY else "year"
        cands.append(_Horizon(m.start(), m.end(), text[m.start():m.end()], "in", kind, y1, y1))
    for m in scan("horizon_range") if has_year else ():
        y1 = int(m.group("y1"))
        y2 = _year2(y1, m.group("y2") or m.group("y2w"))
        if y2 is not None:
            cands.append(_Horizon(m.start(), m.end(), text[m.start():m.end()], "from-to", "range", y1, y2))
    for m in scan("horizon_after") if has_year else ():
        y1 = int(m.group("y1"))
        y2 = _year2(y1, m.group("y2")) if m.group("y2") else None
        if m.group("y2") and y2 is None:
            continue
        qual = g.qualifier_map.get(_key(m.group("after")))
        end = m.end()
        kind = "range" if y2 else ("mid_century" if y1 == MID_CENTURY else "year")
        cands.append(_Horizon(m.start(), end, text[m.start():end], qual, kind, y1, y2 or y1))
    for m in scan("horizon_named") if has_year else ():
        qual = g.qualifier_map.get(_key(m.group("after")))
        for y_group, end in (("y1", m.end("m1") if m.group("y2") else m.end()), ("y2", m.end())):
            if m.group(y_group):
                y = int(m.group(y_group))
                kind = "mid_century" if y == MID_CENTURY else "year"
                start = m.start(y_group)
                cands.append(_Horizon(start, end, text[start:end], qual, kind, y, y))
    if not _period_hinted(text, low):
        periods: Iterator[re.Match] = iter(())
    elif low is not None and g.twins.get("period_starts") and g.twins.get("horizon_period"):
        periods = _rematched(g.twins["horizon_period"], g.twins["period_starts"], low)
    else:
        periods = g.horizon_period.finditer(text)
    for m in periods:
        name = m.lastgroup
        if name is None:
            continue
        start = m.start()
        q = g.qualifier_before.search(text, max(0, start - 40), start)
        qual, mod = (q.group("qual"), q.group("mod")) if q else (None, None)
        if q:
            start = q.start()
        end = m.end()
        if _QUOTE.search(m.group(0)) and end < len(text) and text[end] in _QUOTES + "'’":
            end += 1  # the closing quote of 'the "14th Five-Year Plan"'
        h = _period_horizon(g, m.group(name), qual, mod, ref_year, start, end, text[start:end], name)
        if h is not None:
            cands.append(h)
    if not cands:
        return []
    # in ASCII a candidate needs four digits or the words period_hint found, so the text is dated
    dated = True if low is not None else None
    blocked = [(s, e) for s, e, _ in _baselines(g, text, ref_year, low, dated)]
    blocked_starts = [s for s, _ in blocked]
    cands.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[_Horizon] = []
    reach = -1  # the furthest end of the horizons kept (none starts after the next candidate)
    for h in cands:
        # The base years are sorted and apart, so only the last one starting before the
        # candidate's end can overlap it; a kept horizon overlaps it if it reaches past
        # its start (what _span_overlaps finds, in constant time; empty spans the long way).
        if h.end > h.start:
            k = bisect_left(blocked_starts, h.end)
            overlaps = (k > 0 and blocked[k - 1][1] > h.start) or h.start < reach
        else:
            taken = [(o.start, o.end) for o in out]
            overlaps = _span_overlaps(blocked, h.start, h.end) or _span_overlaps(taken, h.start, h.end)
        if overlaps:
            continue
        for y in (h.year_start, h.year_end):
            if y is not None and not YEAR_MIN <= y <= YEAR_MAX:
                break
        else:
            out.append(h)
            reach = max(reach, h.end)
    return out


def _pieces(text: str) -> list[tuple[int, str]]:
    """``text`` cut into pieces of at most :data:`_MAX_PIECE` characters, as ``(offset,
    piece)``: a sentence of normal length is one piece; a longer one is cut after the
    last semicolon, else comma, else space in the second half of each piece's span (else
    at the limit).

    >>> [(o, len(p)) for o, p in _pieces("a, " * 2000)]
    [(0, 3999), (3999, 2001)]
    """
    if len(text) <= _MAX_PIECE:
        return [(0, text)]
    out = []
    pos = 0
    while len(text) - pos > _MAX_PIECE:
        end = pos + _MAX_PIECE
        cut = -1
        for mark in _CUT_MARKS:
            at = text.rfind(mark, pos + _MAX_PIECE // 2, end)
            if at >= 0:
                cut = min(at + len(mark), end)
                break
        cut = cut if cut > pos else end
        out.append((pos, text[pos:cut]))
        pos = cut
    out.append((pos, text[pos:]))
    return out


def _horizons_of(g: _Grammar, text: str, ref_year: int | None) -> list[_Horizon]:
    """:func:`_horizons_in` of a whole text, read in :func:`_pieces` (offsets in ``text``)."""
    pieces = _pieces(text)
    if len(pieces) == 1:
        return _horizons_in(g, text, ref_year)
    return [
        replace(h, start=h.start + at, end=h.end + at) for at, piece in pieces for h in _horizons_in(g, piece, ref_year)
    ]


# ---------------------------------------------------------------------- goal clauses


_NESTING = re.compile(r"[\"“”(\[]")
_SPLIT_MARKS = re.compile(r"[\"“”()\[\],;:；，]")
_SPLIT_AT = re.compile(r"[,;:]")


def _split_top(text: str) -> list[tuple[str, str]]:
    """Split at commas, semicolons and colons outside quotes and brackets.

    Returns (part, separator-before) pairs. A comma between digits ("10,000") never splits.
    """
    if _ASCII_FAST and text.isascii() and not ('"' in text or "(" in text or "[" in text):
        return _split_plain(text)
    parts: list[tuple[str, str]] = []
    sep, pos = "", 0
    depth = 0
    in_quote = False
    # a comma between digits: str.isdigit in a text with quotes or brackets, else the regex
    # \d (str.isdecimal)
    digit = str.isdigit if _NESTING.search(text) else str.isdecimal
    last = len(text) - 1
    for m in _SPLIT_MARKS.finditer(text):  # only quotes, brackets and separators matter
        ch, i = m.group(0), m.start()
        if ch == "“":
            in_quote = True
        elif ch == "”":
            in_quote = False
        elif ch == '"':
            in_quote = not in_quote
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif not in_quote and depth == 0:
            if ch == "," and 0 < i < last and digit(text[i - 1]) and digit(text[i + 1]):
                continue
            parts.append((text[pos:i], sep))
            sep, pos = ch, i + 1
    parts.append((text[pos:], sep))
    return parts


def _split_plain(text: str) -> list[tuple[str, str]]:
    """:func:`_split_top` of an ASCII text without quotes or brackets."""
    pieces = _SPLIT_AT.split(text)
    parts = [(pieces[0], "")]
    pos = len(pieces[0])
    for piece in pieces[1:]:
        sep = text[pos]
        if sep == "," and parts[-1][0][-1:].isdigit() and piece[:1].isdigit():  # "10,000"
            parts[-1] = (parts[-1][0] + "," + piece, parts[-1][1])
        else:
            parts.append((piece, sep))
        pos += 1 + len(piece)
    return parts


_WORD = re.compile(r"[A-Za-z][\w'’\-]*|\d[\d.,]*%?")
#: "to <verb>": a goal stated as an infinitive ("to build", "to further reduce").
_TO_VERB = re.compile(r"\bto\s+(?:\w+ly\s+)?([a-z]+)\b")
#: "<word> <verb>s" not followed by of/in/and: a finite goal verb ("the coverage rate reaches").
_S_FORM = re.compile(r"\b([A-Za-z][\w\-]*)\s+([a-z]+s)\b(?!\s+(?:of|in|and|or|for|to)\b)")
_DETERMINERS = {
    "the", "a", "an", "of", "in", "and", "or", "its", "their", "these", "those", "such", "various", "all",
    "any", "some", "no", "to", "for", "with", "by", "on", "at", "from", "our", "new", "other", "more",
}
_AUX_TWIN = _ascii_twin(_AUX)


def _word_key(word: str) -> str:
    """:func:`_key` of one word of ``_WORD`` (which holds no white space)."""
    return _key(word) if "-" in word else word.casefold()


def _strip_lead(words: list[str], g: _Grammar) -> list[str]:
    i = 0
    while i < len(words):
        w = words[i].lower()
        if w in _LEAD_WORDS or (w.endswith("ly") and _word_key(w) not in g.verb_map and len(w) > 4):
            i += 1
            continue
        break
    return words[i:]


#: How far into a part :func:`_lead_words` reads.
_LEAD_SPAN = 32


def _lead_words(part: str) -> list[str]:
    """The first words of ``_WORD.findall(part)``: all of them, or at least four."""
    if len(part) > _LEAD_SPAN:
        words = _WORD.findall(part, 0, _LEAD_SPAN)[:-1]  # the last may be cut short
        if len(words) >= 4:
            return words
    return _WORD.findall(part)


def _opens_with_verb(g: _Grammar, part: str, words: list[str]) -> bool:
    """Whether a part, past leading conjunctions and adverbs, opens with a goal verb
    ("further improve the ...", "strengthening the ..."). ``words``: its :func:`_lead_words`."""
    head = words[0].lower() if words else ""
    rest = _strip_lead(words, g) if head in _LEAD_WORDS or head.endswith("ly") else words
    if len(rest) < 3 and len(part) > _LEAD_SPAN:  # three words past the lead answer every test below
        words = _WORD.findall(part)
        rest = _strip_lead(words, g)
    if len(rest) < 2 or not rest[0][0].islower():
        return False
    first, second = rest[0], rest[1]
    if "-" in first or "-" in second:
        two = _key(first + " " + second)
    else:
        two = first.casefold() + " " + second.casefold()
    info = g.verb_map.get(two) or g.verb_map.get(_word_key(first))
    if not info:
        return False
    kind = info[2]
    if kind in ("base", "s"):
        return True
    return kind == "ing" and len(rest) >= 3 and len(words) >= 3


def _clause_flags(g: _Grammar, parts: list[str], words: list[list[str]]) -> list[bool]:
    """Whether each part is a clause of its own (has a verb), for many parts at once.

    A part of two words or more is a clause if it opens with a verb, has an auxiliary
    ("will", "has been"), "to" before a verb's base form or "<word> <verb>s" ("the rate
    reaches"). Each test is one pass over the parts the tests before it left undecided.
    ``words``: :func:`_lead_words` of each part.
    """
    flags = [len(w) >= 2 for w in words]
    todo = [i for i, ok in enumerate(flags) if ok and not _opens_with_verb(g, parts[i], words[i])]
    for i in todo:
        flags[i] = _search(_AUX, _AUX_TWIN, parts[i]) is not None
    todo = [i for i in todo if not flags[i]]
    texts = [parts[i] for i in todo]
    verb_map = g.verb_map
    for k, m in _scan_many(texts, _TO_VERB):
        info = verb_map.get(m.group(1))
        if info and info[2] == "base":
            flags[todo[k]] = True
    for k, m in _scan_many(texts, _S_FORM):
        info = verb_map.get(m.group(2))
        if info and info[2] == "s" and info[1] and m.group(1).lower() not in _DETERMINERS:
            flags[todo[k]] = True
    return flags


_AND_SPLIT = re.compile(
    r"\s+and\s+(?=(?!(?:will|shall|must|has|have|is|are|was|were)\b)(?:[\w\-'’.]+\s+){1,8}?"
    r"(?:will|shall|must|has|have|is|are|was|were)\b)",
    re.I,
)
_AND_TWIN = _ascii_twin(_AND_SPLIT)
_FINITE_AUX_TWIN = _ascii_twin(_FINITE_AUX)


def _split_and(g: _Grammar, clause: str) -> list[str]:
    """Split "X will A and Y will B" into two clauses when both halves have their own verb."""
    low = _ascii_lower(clause)
    if low is not None and "and" not in low:
        return [clause]

    def finite(lo: int, hi: int | None) -> bool:
        if low is not None:
            return _FINITE_AUX_TWIN.search(low[lo:hi]) is not None
        return _FINITE_AUX.search(clause[lo:hi]) is not None

    out: list[str] = []
    start = 0
    for at, end in _and_spans(clause, low):
        first = _WORD.search(clause, end)
        if first and _key(first.group(0)) in g.verb_map:
            continue
        if finite(start, at) and finite(end, None):
            out.append(clause[start:at])
            start = end
    out.append(clause[start:])
    return out


def _and_spans(text: str, low: str | None) -> Iterator[tuple[int, int]]:
    """The spans of ``_AND_SPLIT.finditer(text)`` (``low``: ``text.lower()`` if ASCII).

    In ASCII text a match can only start where the white space before an "and" with white
    space after it starts, so only those places are tried (with the twin).
    """
    if low is None:
        yield from (m.span() for m in _AND_SPLIT.finditer(text))
        return
    pos = 0
    at = low.find("and")
    while at >= 0:
        if at > pos and low[at - 1].isspace() and low[at + 3:at + 4].isspace():
            start = at - 1
            while start > pos and low[start - 1].isspace():
                start -= 1
            m = _AND_TWIN.match(low, start)
            if m is not None:
                yield m.span()
                pos = m.end()
        at = low.find("and", at + 1)


_TRIM_LEAD = re.compile(r"(?:\s|[,;:.，；]|\band\b|\bor\b|\bas well as\b|\bwhile\b|\bwhereas\b)+", re.I)
#: Trailing marks a clause loses: white space (the regex \s, all below U+3001) and punctuation.
_TRIM_TAIL = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace()) + ",;:.，；。"


#: What a goal clause is trimmed of, besides connectives: a dateline ("Nov. 20 (Xinhua) --",
#: "JINAN, March 3 --"), a list marker ("(1)", "2.", "First,", "一是") and an attribution
#: ("according to the plan,", "the plan says that", ", he said", ", Xinhua reported").
_GOAL_LEAD = re.compile(
    r"^(?:(?:[A-Z][A-Za-z'’ .-]{1,30},\s*)?[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\s*(?:\([^)]{2,40}\)\s*)?(?:--|—|–)\s*"
    r"|\(\s*\d{1,2}\s*\)\s*|\d{1,2}[.、)]\s+|[一二三四五六七八九十]+[是、]\s*"
    r"|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?:ly)?\s*,\s*"
    r"|according\s+to\s+[^,;]{1,60},\s*"
    r"|(?:the\s+(?:plan|opinions?|document|notice|programme|program|circular|report)\s+)?"
    r"(?:says|said|states|stated|proposes|proposed|points\s+out|pointed\s+out|requires|stresses)\s+that\s+)+",
    re.I,
)
_GOAL_TAIL = re.compile(
    r",\s*(?:according\s+to\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,4}(?:plan|opinions?|document|notice|"
    r"programme|program|circular|report|official|officials|ministry|bureau|department|sources?|data|statistics)\b[^,;]{0,40}"
    r"|(?:he|she|they|it|officials|the\s+\w+(?:\s+\w+)?|[A-Z][\w'’-]*(?:\s+(?:of|and|for|the)?\s*[A-Z][\w'’-]*){0,6})"
    r"\s+(?:said|says|noted|added|stressed|reported|pointed\s+out|told\s+[\w\s]{1,30}))\s*[.;,]?\s*$"
)


def _clean_clause(text: str) -> str:
    text = text.strip()
    if not (_ASCII_FAST and text[:1].isalpha() and text.isascii() and text[0] not in "aAoOwW"):
        # (an ASCII text opening with another letter has no lead to trim)
        lead = _TRIM_LEAD.match(text)
        if lead:
            text = text[lead.end():]
    return _trim_goal(text.rstrip(_TRIM_TAIL).strip())


def _trim_goal(text: str) -> str:
    """A goal clause without a dateline, list marker or attribution around it.

    >>> [_trim_goal(t) for t in ("Nov. 20 (Xinhua) -- the city will plant trees", "(2) cut coal use by 5%",
    ...                          "the plan says that rivers will be clean", "PM2.5 will fall by 10%, he said",
    ...                          "First, strengthen supervision", "emissions will peak, according to the plan")]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['the city will plant trees', 'cut coal use by 5%', 'rivers will be clean', 'PM2.5 will fall by 10%',
     'strengthen supervision', 'emissions will peak']
    """
    lead = _GOAL_LEAD.match(text)
    if lead and lead.end() < len(text):
        text = text[lead.end():].lstrip(" ,;:")
    if " said" in text or " reported" in text or "according" in text or " noted" in text or " added" in text \
            or " says" in text or " stressed" in text or " pointed" in text or " told" in text:
        tail = _GOAL_TAIL.search(text)
        if tail and tail.start() > 0:
            text = text[:tail.start()]
    return text.rstrip(_TRIM_TAIL).strip()


def _two_words(text: str) -> bool:
    """``len(_WORD.findall(text)) >= 2``, reading no further than the second word."""
    first = _WORD.search(text)
    return first is not None and _WORD.search(text, first.end()) is not None


def split_goal_clauses(text: str, *, lexicon: HorizonLexicon | str | Path | None = None) -> list[str]:
    """Split the words a horizon governs into single goal clauses.

    The text is cut at commas, semicolons and colons (never inside quotes, brackets or
    numbers such as "10,000"); a part without a verb of its own ("Tianjin and Hebei") is
    joined back to the clause before it. "X will A and Y will B" is cut at "and".

    Args:
        text: the governed words (one sentence or a few).
        lexicon: a :class:`HorizonLexicon` or the folder of the lexicon files.

    Returns:
        The clauses, trimmed of leading conjunctions and trailing punctuation.

    >>> split_goal_clauses("the land pattern will be optimized, the quality of the Fenwei Plain, "
    ...                    "Taiyuan and Datong will improve, and total discharge will continue to decrease.")
    ... # doctest: +NORMALIZE_WHITESPACE
    ['the land pattern will be optimized',
     'the quality of the Fenwei Plain, Taiyuan and Datong will improve',
     'total discharge will continue to decrease']
    """
    g = _as_lexicon(lexicon).grammar
    return [c for c, _ in _clauses_many(g, [[(0, text)]])[0]]


def _clauses_many(g: _Grammar, units: list[list[tuple[int, str]]]) -> list[list[tuple[str, int]]]:
    """Goal clauses of the governed segments of many horizons: per horizon, (clause, sent_no) pairs.

    A segment's clauses depend on its text alone, so each distinct segment is split once
    (:func:`_segment_clauses`); listed horizons share theirs ("by 2025 and 2030, ...").
    """
    distinct, which = _distinct([seg for segments in units for _, seg in segments])
    clauses_of = _segment_clauses(g, distinct)
    out: list[list[tuple[str, int]]] = []
    k = 0
    for segments in units:
        clauses: list[tuple[str, int]] = []
        for sent_no, _ in segments:
            clauses += [(c, sent_no) for c in clauses_of[which[k]]]
            k += 1
        out.append(clauses)
    return out


def _segment_clauses(g: _Grammar, segments: list[str]) -> list[list[str]]:
    """The goal clauses of each segment.

    Every segment is cut by :func:`_split_top`; which parts have a verb is decided for all
    distinct parts at once (:func:`_clause_flags`), then each segment's parts are merged
    (:func:`_merge_parts`) and split at "and" (:func:`_split_and`).
    """
    cut = [[ps for ps in _split_top(seg) if ps[0].strip()] for seg in segments]
    parts, which = _distinct([p for ps in cut for p, _ in ps])
    flags_of = _clause_flags(g, parts, [_lead_words(p) for p in parts])
    flags = [flags_of[k] for k in which]
    out: list[list[str]] = []
    k = 0
    for ps in cut:
        n = len(ps)
        if all(flags[k:k + n]):  # nothing to merge
            merged_parts = [p for p, _ in ps]
        else:
            merged_parts = _merge_parts(g, [(p, sep, flags[k + j]) for j, (p, sep) in enumerate(ps)])
        k += n
        clauses: list[str] = []
        for merged in merged_parts:
            for c in _split_and(g, merged):
                c = _clean_clause(c)
                if _two_words(c):
                    clauses.append(c)
        out.append(clauses)
    return out


def _merge_parts(g: _Grammar, parts: list[tuple[str, str, bool]]) -> list[str]:
    """Join the verbless parts of a segment to their clauses: (part, separator, is clause).

    A part without a verb joins the clause before it, or the clause after it when it
    opens the segment or when the next clause goes on a list it started ("the Fenwei
    Plain, Taiyuan and Datong will improve").
    """
    merged: list[str] = []
    pending = ""
    for k, (part, sep, is_clause) in enumerate(parts):
        if is_clause:
            merged.append(pending + part if pending else part)
            pending = ""
            continue
        words = _WORD.findall(part)
        if all(w.lower() in _CONNECTORS for w in words):  # _is_trivial(part)
            continue
        nxt = parts[k + 1] if k + 1 < len(parts) else None
        if not merged and not pending and len(words) >= 5 and words[0].lower() not in _PREFIX_STARTS:
            merged.append(part)  # an opening statement whose verb we do not know
            continue
        if not merged or pending or (nxt is not None and nxt[2] and _continues_list(g, part, nxt[0])):
            pending += part + (nxt[1] if nxt else ",")
        else:
            merged[-1] = merged[-1] + (sep or ",") + part
    if pending and _WORD.findall(pending):
        if merged:
            merged[-1] = merged[-1] + ", " + pending
        else:
            merged.append(pending)
    return merged


def _continues_list(g: _Grammar, part: str, nxt: str) -> bool:
    """Whether a verbless ``part`` starts a list that the clause ``nxt`` finishes."""
    first = _WORD.findall(part)[:1]
    if first and first[0].lower() in ("and", "or"):
        return False
    words = _WORD.findall(nxt)
    if not words or not _FINITE_AUX.search(nxt):
        return False
    head = words[0]
    return head[0].isupper() and head.lower() not in _DETERMINERS and _key(head) not in g.verb_map


def _is_trivial(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text)]
    return all(w in _CONNECTORS for w in words)


# ---------------------------------------------------------------------- goal attributes
# Each attribute is computed for all goal clauses at once (see "fast matching").

_TOKEN_OR_SEP = re.compile(r"[A-Za-z]+|\x00")
#: For str.translate of ASCII text: letters lower-cased, _SEP kept, every other character a space.
_ASCII_TOKENS = "".join(c.lower() if c.isalpha() else c if c == _SEP else " " for c in map(chr, range(128)))


class _Tokens:
    """The lower-cased letter tokens (``[A-Za-z]+``) of many texts, each text followed by
    _SEP, and per lexicon the positions where one of its phrases can start (see
    :func:`_token_hits`)."""

    def __init__(self, texts: list[str]):
        texts = [t.replace(_SEP, " ") if _SEP in t else t for t in texts]
        if _ASCII_FAST and all(map(str.isascii, texts)):
            # letters lower-cased, everything else a space, and _SEP apart: split() does the rest
            self.tokens = ((" " + _SEP + " ").join(texts) + " " + _SEP).translate(_ASCII_TOKENS).split()
        else:  # lower-case the tokens only: str.lower can turn other letters into ASCII ones
            joined = _SEP.join(texts) + _SEP
            self.tokens = " ".join(_TOKEN_OR_SEP.findall(joined)).lower().split(" ")
        self.n_texts = len(texts)
        self._at: dict[frozenset, list[int]] = {}
        self._union: frozenset = frozenset()  # the words of prepare()
        self._any: list[int] = []  # their positions

    def at(self, cands: frozenset) -> list[int]:
        """The positions of the tokens in ``cands`` (:func:`_phrase_starts`, holding _SEP)."""
        if cands not in self._at:
            among = self._any if cands <= self._union else range(len(self.tokens))
            found = map(cands.__contains__, map(self.tokens.__getitem__, among))
            self._at[cands] = list(compress(among, found))
        return self._at[cands]

    def prepare(self, *cands: frozenset) -> None:
        """Find the positions for several lexicons in one pass over the tokens."""
        self._union = frozenset().union(*cands)
        self._any = list(compress(range(len(self.tokens)), map(self._union.__contains__, self.tokens)))


def _token_hits(
    toks: _Tokens, mapping: dict[str, Any], starts: dict[str, int], cands: frozenset,
    skip: list[int] | None = None,
) -> list[tuple[int, int, str, str, Any]]:
    """The lexicon phrases in the tokens of each text.

    Each text is read left to right, from its token ``skip[text]`` on (``skip=None``: from
    the first): at each token the longest phrase of ``mapping`` that starts there is a hit
    (``starts`` gives the longest length in words per first word) and reading goes on after
    it; otherwise it goes on at the next token. Only the tokens in ``cands`` can start a hit,
    so only those are visited.

    Returns:
        ``(text index, token index from where reading began, previous token, phrase,
        value)`` per hit, text by text, left to right.
    """
    tokens = toks.tokens
    out: list[tuple[int, int, str, str, Any]] = []
    tid, resume = 0, 0
    begin = skip[0] if skip else 0
    for i in toks.at(cands):
        w = tokens[i]
        if w == _SEP:
            tid += 1
            begin = i + 1 + (skip[tid] if skip and tid < len(skip) else 0)
            continue
        if i < resume or i < begin:
            continue
        size = starts.get(w, 1)
        while size > 1:  # a phrase never runs over _SEP into the next text
            phrase = " ".join(tokens[i:i + size])
            if phrase in mapping:
                break
            size -= 1
        else:
            phrase = w
        value = mapping.get(phrase)
        if value is not None:
            out.append((tid, i - begin, tokens[i - 1], phrase, value))
            resume = i + size
    return out


def _first_directions(g: _Grammar, toks: _Tokens, skip: list[int]) -> dict[int, str]:
    """The direction of the first verb with one in each text, read from its token ``skip[text]``.

    An -ing form inside a phrase is mostly a noun ("party building") and counts only when
    a verb or preposition governs it ("include reducing", "by cutting").
    """
    out: dict[int, str] = {}
    for tid, k, prev, _, (_, direction, kind) in _token_hits(
        toks, g.verb_map, g.verb_starts, g.verb_cands, skip
    ):
        if not direction or tid in out:
            continue
        if kind == "ing" and k > 0 and prev not in _ING_GOVERNORS:
            continue
        out[tid] = direction
    return out


def _texts_with(toks: _Tokens, cands: frozenset) -> list[int]:
    """The texts with a token in ``cands`` (which holds _SEP), in order."""
    tokens, out, tid = toks.tokens, [], 0
    for i in toks.at(cands):
        if tokens[i] == _SEP:
            tid += 1
        elif not out or out[-1] != tid:
            out.append(tid)
    return out


#: A ``skip`` of :func:`_token_hits` past any text: the text is not read.
_UNREAD = 1 << 40


def _directions(g: _Grammar, clauses: list[str], toks: _Tokens) -> list[str | None]:
    """The direction of each clause: of its first directed verb after the first auxiliary,
    else in the whole clause. ``toks``: the tokens of the clauses (and maybe more texts)."""
    directed = [i for i in _texts_with(toks, g.directed_cands) if i < len(clauses)]  # others: None
    skip = [_UNREAD] * toks.n_texts
    for i in directed:
        if (aux := _search(_AUX, _AUX_TWIN, clauses[i])) is not None:
            skip[i] = len(_TOKEN.findall(clauses[i], 0, aux.end()))  # the tokens up to the auxiliary
    found = _first_directions(g, toks, skip)
    skip = [_UNREAD] * toks.n_texts
    for i in directed:
        if i not in found:
            skip[i] = 0
    found.update(_first_directions(g, toks, skip))
    return [found.get(i) for i in range(len(clauses))]


def _forces(g: _Grammar, toks: _Tokens) -> list[tuple[str | None, str | None]]:
    """(force, the phrase that decided) of each text: its first indicative phrase, else its
    first binding one, else (None, None)."""
    indicative: list[str | None] = [None] * toks.n_texts
    binding: list[str | None] = [None] * toks.n_texts
    for tid, _, _, phrase, force in _token_hits(toks, g.force_map, g.force_starts, g.force_cands):
        if force == "indicative" and indicative[tid] is None:
            indicative[tid] = phrase
        elif force == "binding" and binding[tid] is None:
            binding[tid] = phrase
    return [
        ("indicative", i) if i is not None else ("binding", b) if b is not None else (None, None)
        for i, b in zip(indicative, binding)
    ]


def _tenses(texts: list[str], verbs: VerbForms) -> list[str | None]:
    """The tense of each governed text's first verb group (:func:`helpers.tense.clause_tense`)."""
    return [clause_tense(t, verbs=verbs) for t in texts]


def _number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _most_words(regex: str) -> int:
    """At least the most words (apart by ``\\s+``) a match of an alternation of phrases has."""
    most, words, depth = 1, 1, 0
    for i, ch in enumerate(regex):
        if ch == "(" and regex[i - 1:i] != "\\":
            depth += 1
        elif ch == ")" and regex[i - 1:i] != "\\":
            depth -= 1
        elif ch == "|" and depth == 0:
            words = 1
        elif regex.startswith(r"\s+", i):
            words += 1
            most = max(most, words)
    return most


#: The most words of a comparator ("not less than").
_CMP_WORDS = max(_most_words(words) for _, words in _COMPARATORS)


#: The comparator's words before a number, read backwards (see _words_before).
_CMP_BACK = re.compile(rf"(?:\s*[a-z]+){{0,{_CMP_WORDS}}}")


def _words_before(low: str, end: int) -> int:
    """Where the comparator's words (``_CMP_WORDS`` runs of letters, apart by white space
    only) before ``end`` in a lower-cased ASCII text begin, at the most."""
    lo = max(0, end - 64)
    back = _CMP_BACK.match(low[lo:end][::-1]).end()
    if lo and back == end - lo:  # the words may go on before the window
        back = _CMP_BACK.match(low[:end][::-1]).end()
    return end - back


def _quantities(
    g: _Grammar, clauses: list[str], directions: list[str | None]
) -> list[tuple[str | None, float | None, str | None, float | None]]:
    """(comparator, value, unit, percent_change) of the first quantity in each clause."""
    out: list[tuple[str | None, float | None, str | None, float | None]]
    out = [(None, None, None, None)] * len(clauses)
    twin, number_unit = g.twins.get("quantity"), g.twins.get("number_unit")
    for i, clause in enumerate(clauses):
        low = _ascii_lower(clause)
        if low is None or twin is None or number_unit is None:
            matches = g.quantity.finditer(clause) if _DIGIT.search(clause) else ()
        else:
            # A match has a number with a unit, and before it at most a comparator of a
            # few words ("no more than"): no match starts before those words. The twin's
            # matches (on the lower-cased text) read as the pattern's in _quantity_of.
            first = number_unit.search(low)
            if first is None:
                continue
            matches = twin.finditer(low, _words_before(low, first.start()))
        for m in matches:
            found = _quantity_of(g, m, directions[i])
            if found is not None:
                out[i] = found
                break
    return out


def _quantity_of(
    g: _Grammar, m: re.Match, direction: str | None
) -> tuple[str | None, float, str, float | None] | None:
    """Read a match of ``g.quantity`` or of its twin with groups (None if its unit is not in
    the lexicon); the words are read regardless of case."""
    value = _number(m.group("num"))
    unit = g.unit_map.get(_key(m.group("unit")))
    if unit is None:
        return None
    if m.group("scale"):
        unit = f"{m.group('scale').lower()} {unit}"
    cmp = next((sign for (sign, _), group in zip(_COMPARATORS, _CMP_GROUPS) if m.group(group)), None)
    change = None
    if unit == "%":
        sign = None
        tail = _CHANGE_NOUNS.match(m.string, m.end())
        if tail:
            sign = 1 if tail.group("noun").lower() in _UP_NOUNS else -1
            cmp = "change"
        elif cmp == "change" or (cmp in (">", ">=", "<", "<=") and _BY_BEFORE.search(m.string, 0, m.start())):
            # "reduce by 18%", and "lower ... by more than 65%": a change with a bound
            sign = {"decrease": -1, "peak": -1, "increase": 1}.get(direction or "")
        if sign is not None:
            change = sign * value
    return cmp, value, unit, change


#: Qualifiers that set a deadline: what they govern is a goal, never a report of results.
_DEADLINES = ("by", "before", "by the end of", "until")
#: "GDP: 24.6 billion yuan; growth: 6.4%": two or more "name: number" items are statistics.
_STATISTICS = re.compile(r"[A-Za-z)][^:;]{0,60}:\s*[-+]?\d[^;:]{0,40}[;,]\s*[A-Za-z][^:;]{0,60}:\s*[-+]?\d")


#: A count of results: a number, then at most two words, then the counted noun ("1,535
#: environmental cases", "83 million yuan in fines" reads the noun after the amount).
_COUNTED = r"\d[\d,.]*\s*(?:[A-Za-z-]+\s+){0,2}"


def _reports_results(g: _Grammar, words: str) -> bool:
    """Do ``words`` report results rather than set a goal? A count ("1,535 cases", "fines of
    83 million yuan"), a measured change ("year-on-year", "a total of") or a share
    ("accounting for") from ``horizon_results.csv``, or a list of statistics."""
    if ":" in words and _STATISTICS.search(words):
        return True
    low = words.lower()
    for m in g.results.finditer(low):
        kind = g.result_kinds.get(_key(m.group(0)))
        if kind != "count":
            return True
        before, after = low[max(0, m.start() - 40):m.start()], low[m.end():m.end() + 25]
        if re.search(_COUNTED + r"$", before) or re.match(r"\s+(?:of\s+)?(?:more\s+than\s+|over\s+)?\d", after):
            return True
    return False


def _reports_market(g: _Grammar, words: str) -> bool:
    """Do ``words`` report a market's prices or volumes ("the closing price will be about 79
    yuan")? Those are never goals, whatever qualifier dates them."""
    return any(g.result_kinds.get(_key(m.group(0))) == "market" for m in g.results.finditer(words.lower()))


def _status(
    g: _Grammar, h: _Horizon, ref: _Ref, tense: str | None, words: str, *, planned: bool = False
) -> tuple[str | None, str]:
    """Past, current or future for one horizon, and why: from the article's own time first,
    from the grammar of the words it governs second.

    0. A plan named without a period ("the preparation of the 15th Five-Year Plan"), or by
       the dates of its title ("the Plan (2021-2035) lists ..."), and
       without future wording has no status: it sets no goals.
    1. "Since 2018", "since this year" count from a time before the page: past.
    2. Years after the publication window are future: nothing after the page is a report.
    3. A past tense ("In 2016 the city closed ...", "had built", "over the next three
       years the province shut down ...") is past, whatever the window; so is the perfect
       ("has been completed"), except after a deadline, where machine translation writes
       it for the future perfect ("By 2035, ... has been basically realised"), and except
       in a plan's period quoted from the plan ("According to the plan, during the 14th
       Five-Year Plan period, the province made progress ..."), still running at publication.
    4. A relative phrase ("next year") is placed by its offset; a part of the current
       year that ended before publication ("the first half of this year", "the first
       eleven months" on a page of December) is past, whatever its verbs.
    5. Years before the publication window are past.
    6. A window that pins the page's year makes an overlapping horizon current; in a
       window over two years, the earlier year is past when the words report results.
    7. Otherwise the grammar decides: words that report results (cases, fines,
       "year-on-year", a list of statistics; ``horizon_results.csv``) after a non-deadline
       qualifier are not a goal: past when the page reports that year as done, else
       unknown; then future wording, or a deadline ("by 2025"), is future; else unknown.
    """
    if h.note.endswith("(the plan named)") and tense != "future":
        return None, "a plan named, not a period of goals"
    if h.qualifier == "since":
        return "past", "'since' counts from a year before publication"
    deadline = h.qualifier in _DEADLINES
    past_tense = tense == "past" or (tense == "perfect" and not deadline)
    if planned and h.kind == "plan_period" and ref.pmin is not None and h.year_end >= ref.pmin.year:
        past_tense = False
    if h.kind != "relative" and h.year_start is not None and ref.pmax is not None and h.year_start > ref.pmax.year:
        return "future", f"years after publication window {ref.window}"
    if past_tense:
        return "past", f"{tense} tense (publication window {ref.window})"
    if h.kind == "relative":
        lo, hi = h.offsets or (0, 0)
        status = "past" if hi < 0 else ("future" if lo > 0 else "current")
        if status == "current" and h.end_month and h.year_end is not None and ref.pmin is not None \
                and (h.year_end, h.end_month) < (ref.pmin.year, ref.pmin.month):
            # whatever its verbs: "In the first half of this year ... will be 95.6%" is how
            # machine translation reports a part of the year the page looks back on
            return "past", f"a part of the year that ended before publication ({ref.window})"
        if h.year_start is None:
            return status, "relative phrase; no publication date to resolve its years"
        note = f"relative phrase resolved against {ref.year}"
        if ref.pmin is not None and ref.pmax is not None and ref.pmin.year != ref.pmax.year:
            note += f" (publication window {ref.window} spans two years; the " + (
                "later one used)" if ref.exact else "earlier one used: the page reports events of it)")
        return status, note
    if h.year_start is None:
        return None, "no years"
    if ref.pmin is not None and h.year_end < ref.pmin.year:
        return "past", f"years before publication window {ref.window}"
    if ref.pins_year:
        if (ref.pmin.year < ref.pmax.year and h.year_end < ref.pmax.year and not deadline
                and _reports_results(g, words)):
            # a window over two years cannot tell "In 2023 ... will" from 2023's results; the
            # words report results, so the earlier year is done
            return "past", f"reports results of the earlier year of publication window {ref.window}"
        return "current", f"years overlap publication window {ref.window}"
    if not deadline and _reports_results(g, words):
        if ref.pmin is not None and h.year_end <= ref.pmin.year:
            return "past", f"reports results of a year the page reports as done ({ref.window})"
        return None, f"publication window {ref.window} cannot tell; the words report results, not a goal"
    if tense == "future":
        return "future", f"publication window {ref.window} cannot tell; future tense"
    if deadline:
        return "future", f"publication window {ref.window} cannot tell; a deadline ('{h.qualifier}')"
    return None, f"publication window {ref.window} cannot tell; grammar inconclusive"


def _horizon_label(kind: str, ys: int | None, ye: int | None, phrase: str) -> str:
    if ys is None:
        return phrase.strip().lower()
    label = str(ys) if ys == ye else f"{ys}-{ye}"
    if kind == "mid_century":
        label += " (mid-century)"
    return label



@dataclass
class _Governed:
    """A horizon with the words it governs."""

    horizon: _Horizon
    segments: list[tuple[int, str]]  # (sent_no, text) pieces of governed words
    statement: list[str]  # the full sentences: horizon sentence and continuations
    lead: str  # sentence text before the phrase when the horizon opens its clause
    to_paragraph_end: bool = False  # it opens its clause and governs up to its paragraph's end

    @property
    def planned(self) -> bool:
        """Its sentence opens by quoting a plan ("According to the province's implementation
        plan, during the 14th Five-Year Plan period ...", "The Plan puts forward the main
        goals: ..."): the words are the plan's goals."""
        return bool(_PLAN_QUOTED.search(self.lead))

    @property
    def required(self) -> bool:
        """Its words are what someone required ("The ministry required that by the end of
        this year, all provinces complete ..."): a goal, whatever tense follows."""
        return ends_in_requirement(self.lead)


#: A plan's document and a word that quotes its goals.
_PLAN_DOCUMENT = r"(?:plan|opinions?|programme|program|outline|scheme|strategy)"
#: "According to the (province's carbon peaking implementation) plan", "The Plan puts forward
#: the main goals:": what follows is the plan's.
_PLAN_QUOTED = re.compile(
    rf"\baccording\s+to\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:[\w'’-]+\s+){{0,6}}{_PLAN_DOCUMENT}\b"
    rf"|\b{_PLAN_DOCUMENT}\s+(?:puts?\s+forward|proposes|sets?\s+out|sets?\s+forth|specifies|states|lists)\b"
    r"[^.;]{0,40}\b(?:goals?|targets?|objectives?|that)\b", re.I)


_OPENERS = ("and", "or", "while", "but", "that", "whereas", "then")
#: A mark that ends a clause: a comma, semicolon or colon, but not the comma of "1,000".
_CLAUSE_MARK = re.compile(r"[;:]|,(?!\d{3}\b)|(?<!\d),")
_BRACKETED = re.compile(r".?[(\[（]\s*\|\s*[)\]）]")
_JOINED = re.compile(r"^[\s,]*(?:(?:and|or)\b)?[\s,]*$", re.I)


def _governed(
    g: _Grammar, para: list[tuple[int, str]], found: list[list[_Horizon]], si: int
) -> list[_Governed]:
    """Split sentence ``si`` of a paragraph among its horizons.

    A horizon that opens its clause ("By 2027, X will ...", "... and by 2030 Y ...") governs
    the words after it up to the next horizon; if it is the last of its sentence, also the
    following sentences of the paragraph up to the next sentence with a horizon or in the
    past tense ("... will be built by 2027. Last spring the city planted ..."). A horizon
    that closes a clause ("X will peak before 2030") governs the clause before it (and
    whatever follows up to the next horizon). Horizons listed together ("by 2025 and 2030")
    share the goals that follow the list.
    """
    text = para[si][1]
    sent_no = para[si][0]
    hs = found[si]
    claims: list[int | None] = []
    for hi, h in enumerate(hs):
        prev_end = hs[hi - 1].end if hi else 0
        before = text[prev_end:h.start]
        cut = max((m.start() for m in _CLAUSE_MARK.finditer(before)), default=-1)
        pre = before[cut + 1:] if cut >= 0 else before
        words = _WORD.findall(pre)
        trivial = all(w.lower() in _CONNECTORS for w in words)  # _is_trivial(pre)
        opens = not words or trivial or words[-1].lower() in _OPENERS
        claims.append(None if opens else h.start - len(pre))
    out: list[_Governed] = []
    for hi, h in enumerate(hs):
        nxt = hs[hi + 1] if hi + 1 < len(hs) else None
        if _BRACKETED.match(text[max(0, h.start - 2):h.start] + "|" + text[h.end:h.end + 2]):
            out.append(_title_period(h, text, nxt, para, found, si))
            continue
        stop = (claims[hi + 1] if claims[hi + 1] is not None else nxt.start) if nxt else len(text)
        head = text[claims[hi]:h.start] if claims[hi] is not None else ""
        post = text[h.end:max(stop, h.end)]
        if head:
            tail = post.lstrip()
            body = head if _is_trivial(post) else head.rstrip() + ("" if tail[:1] in ",;:" else " ") + tail
        else:
            body = post
        segs = [(sent_no, body)]
        statement = [text]
        to_end = False
        if nxt is None and claims[hi] is None:
            to_end = True
            budget = _MAX_GOVERNED - len(body)
            for sk in range(si + 1, len(para)):
                if found[sk] or len(para[sk][1]) > budget or clause_tense(para[sk][1]) == "past":
                    to_end = False  # another horizon's sentence, or a report of what was done
                    break
                budget -= len(para[sk][1])
                segs.append(para[sk])
                statement.append(para[sk][1])
        lead = text[:h.start] if claims[hi] is None else ""
        out.append(_Governed(h, segs, statement, lead, to_end))
    # "... declining for 2025 and 2035": listed horizons that close a clause share its words
    for hi in range(1, len(out)):
        joined = _JOINED.match(text[hs[hi - 1].end:hs[hi].start])
        # "... since 2012, and by 2030 X will fall" has goal words of its own; ", Xinhua reported" not
        own = " ".join(t for _, t in out[hi].segments)
        has_own = not _is_trivial(own) and clause_tense(own) == "future"
        if claims[hi - 1] is not None and joined and out[hi - 1].segments and not has_own:
            out[hi].segments, out[hi].statement = out[hi - 1].segments, out[hi - 1].statement
    # "by 2025 and 2030, ...": a listed horizon with no words of its own shares the next one's
    for hi in range(len(out) - 2, -1, -1):
        cur, nxt_g = out[hi], out[hi + 1]
        joined = _JOINED.match(text[cur.horizon.end:nxt_g.horizon.start])
        if joined and all(_is_trivial(t) for _, t in cur.segments):
            cur.segments, cur.statement = nxt_g.segments, nxt_g.statement
    return out


_TITLE_CLOSE = re.compile(r"^[\s)\]）\"”']+")


def _title_period(
    h: _Horizon, text: str, nxt: _Horizon | None, para: list[tuple[int, str]], found: list[list[_Horizon]], si: int
) -> _Governed:
    """The dates in a plan's title ("the Implementation Plan (2024-2027)") name the plan.
    They set goals only for what the rest of the sentence, or the next sentence when the
    title ends its own, says will be done ("According to the Plan (2021-2025), the water
    quality will remain ...", "... Program (2021-2030). Under that phase, Xinjiang is to
    complete ..."); with no such words the horizon has no status (:func:`_status`, rule 0)."""
    sent_no = para[si][0]
    named = replace(h, note=f"{h.note} (the plan named)".strip())
    rest = _TITLE_CLOSE.sub("", text[h.end:nxt.start if nxt else len(text)])
    segs, statement = [(sent_no, rest)], [text]
    follows = si + 1 < len(para) and not found[si + 1] and len(para[si + 1][1]) <= _MAX_GOVERNED
    if nxt is None and follows and _is_trivial(rest.strip(" .;")):
        segs.append(para[si + 1])
        statement.append(para[si + 1][1])
    if clause_tense(" ".join(t for _, t in segs)) != "future":
        segs, statement = [], [text]  # "The Plan (2024-2027) was issued": the title's dates govern no goals
    return _Governed(named, segs, statement, "")


@dataclass
class _Unit:
    """A governed horizon and where it stands: one or more rows of the horizons table."""

    aid: str
    para_no: int
    sent_no: int
    horizon_no: int
    ref: _Ref
    gov: _Governed


#: The columns of :func:`_columns` with one value per horizon, in its order.
_HORIZON_WIDE = [
    "article_id", "para_no", "sent_no", "horizon_no", "phrase", "char_start", "char_end", "qualifier", "kind",
    "year_start", "year_end", "target_year", "horizon", "status", "status_basis", "tense", "n_clauses",
    "target_text",
]
#: The columns of :func:`_columns` with one value per goal clause.
_CLAUSE_WIDE = ["clause_no", "goal_sent_no", "goal_text", "direction", "force", "force_basis", "comparator",
                "value", "unit", "baseline_year", "percent_change"]


def _columns(g: _Grammar, units: list[_Unit]) -> dict[str, Any]:
    """The horizons-table columns of the governed horizons, one row per goal clause (at
    least one per horizon): all but the article's and the theme columns, as object arrays.
    Clause splitting and every goal attribute are computed for all horizons at once."""
    clause_lists = _clauses_many(g, [u.gov.segments for u in units])
    goal_alls = [" ".join(t for _, t in u.gov.segments) for u in units]
    verbs = VerbForms()
    distinct_alls, which_all = _distinct(goal_alls)
    tense_of = _tenses(distinct_alls, verbs)
    tenses = [tense_of[k] for k in which_all]
    heads = []
    for u, unit_clauses, tense, words in zip(units, clause_lists, tenses, goal_alls):
        h = u.gov.horizon
        heads.append((
            u.aid, u.para_no, u.sent_no, u.horizon_no, h.phrase.strip(), h.start, h.end, h.qualifier, h.kind,
            h.year_start, h.year_end, h.year_end if h.names_target else None, _horizon_label(h.kind, h.year_start, h.year_end, h.phrase),
            *_status(g, h, u.ref, "future" if u.gov.required else tense, words, planned=u.gov.planned),
            _TENSE_COLUMN.get(tense), len(unit_clauses),
            " ".join(u.gov.statement),
        ))
    rows = [len(cl) or 1 for cl in clause_lists]  # a horizon without clauses keeps one row
    cols = {c: np.repeat(_objects(values), rows) for c, values in zip(_HORIZON_WIDE, zip(*heads))}
    return {**cols, **_clause_columns(g, units, clause_lists, goal_alls)}


#: The ``tense`` column keeps its two values: the perfect reads as past, the present as neither.
_TENSE_COLUMN = {"future": "future", "past": "past", "perfect": "past"}


def _objects(values: Iterable[Any]) -> np.ndarray:
    """A one-dimensional object array of ``values`` (the same array if it is one)."""
    if isinstance(values, np.ndarray) and values.dtype == object and values.ndim == 1:
        return values
    values = list(values)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _clause_columns(
    g: _Grammar, units: list[_Unit], clause_lists: list[list[tuple[str, int]]], goal_alls: list[str]
) -> dict[str, np.ndarray]:
    """The :data:`_CLAUSE_WIDE` columns, one row per clause and one for each horizon without
    clauses (empty but for its force)."""
    clauses = [c for cl in clause_lists for c, _ in cl]
    # the force of a clause without force words is the one before it, first that of the lead;
    # a horizon without clauses takes that of all its words
    leads = [u.gov.lead if cl else u.gov.lead + " " + goal_all
             for u, cl, goal_all in zip(units, clause_lists, goal_alls)]
    distinct, which = _distinct(clauses)  # force, direction and quantity depend on the text alone
    toks = _Tokens(distinct + leads)
    toks.prepare(g.force_cands, g.verb_cands)
    forces_of = _forces(g, toks)
    directions_of = _directions(g, distinct, toks)
    quantities_of = _quantities(g, distinct, directions_of)
    forces = [forces_of[k] for k in which] + forces_of[len(distinct):]
    quantities = [quantities_of[k] for k in which]
    directions = [_bounded(directions_of[k], quantities_of[k][0], distinct[k]) for k in which]
    years = [u.ref.year for u, cl in zip(units, clause_lists) for _ in cl]
    comparators, values, unit_names, changes = zip(*quantities) if quantities else ((),) * 4
    per_clause = {
        "goal_sent_no": [sent_no for cl in clause_lists for _, sent_no in cl], "goal_text": clauses,
        "direction": directions, "baseline_year": _baseline_years(g, clauses, years),
        "comparator": comparators, "value": values, "unit": unit_names, "percent_change": changes,
    }
    # row -> its clause, or the None after the last clause for a horizon without clauses
    clause_row = np.repeat([bool(cl) for cl in clause_lists], [len(cl) or 1 for cl in clause_lists])
    at = np.full(len(clause_row), len(clauses))
    at[clause_row] = np.arange(len(clauses))
    cols = {c: _objects([*column, None])[at] for c, column in per_clause.items()}
    cols["clause_no"] = _objects(k for cl in clause_lists for k in (range(1, len(cl) + 1) if cl else (None,)))
    chained = _chained_forces(forces, clause_lists)
    cols["force"] = _objects([force or UNSTATED for force, _ in chained])
    cols["force_basis"] = _objects([basis for _, basis in chained])
    return cols


#: A bound written with a negated direction word: "not be lower than", "no more than".
_NEGATED_BOUND = re.compile(r"\bno(?:t)?\s+(?:be\s+)?(?:lower|less|higher|more|greater)\s+than\b", re.I)


def _bounded(direction: str | None, comparator: str | None, clause: str) -> str | None:
    """A goal that sets a floor or a ceiling with a negated direction word ("shall not be
    lower than 35%", "no more than 30 micrograms") keeps a level: its direction is
    ``maintain``, not the direction of the word it negates."""
    if comparator in (">=", "<=") and direction in ("increase", "decrease") and _NEGATED_BOUND.search(clause):
        return "maintain"
    return direction


def _distinct(texts: list[str]) -> tuple[list[str], list[int]]:
    """The distinct texts, in first-seen order, and the index of each text among them.

    Plans repeat their stock clauses ("promote green development") within and across
    articles, so an attribute that depends on a clause's text alone is read once per text.

    >>> _distinct(["a b", "c d", "a b"])
    (['a b', 'c d'], [0, 1, 0])
    """
    index: dict[str, int] = {}
    which = [index.setdefault(t, len(index)) for t in texts]
    return list(index), which


def _chained_forces(
    forces: list[tuple[str | None, str | None]], clause_lists: list[list[tuple[str, int]]]
) -> list[tuple[str | None, str | None]]:
    """The (force, basis) of each row from ``forces``, those of the clauses and then of
    each horizon's lead: a clause without force words takes the force before it, the
    first clause that of the lead; a horizon without clauses takes that of all its words."""
    n_clauses = sum(map(len, clause_lists))
    chained: list[tuple[str | None, str | None]] = []
    ci = 0
    for ui, unit_clauses in enumerate(clause_lists):
        force = forces[n_clauses + ui]
        for own in forces[ci:ci + len(unit_clauses)]:
            if own[0] is not None:
                force = own
            chained.append(force)
        if not unit_clauses:
            chained.append(force)
        ci += len(unit_clauses)
    return chained


def _baseline_years(g: _Grammar, clauses: list[str], ref_years: list[int | None]) -> list[int | None]:
    """The first base year each clause names ("compared with 2020"), given its article's year."""
    out: list[int | None] = [None] * len(clauses)
    for k in compress(range(len(clauses)), _dated_many(clauses)):
        bases = _baselines(g, clauses[k], ref_years[k], _ascii_lower(clauses[k]), dated=True)
        out[k] = next((y for _, _, y in bases if y is not None), None)
    return out


# ---------------------------------------------------------------------- main


def _themes(texts: list[str], theme_lexicon: Any) -> list[str | None]:
    if not texts:
        return []
    return list(text_themes(texts, lexicon=theme_lexicon))


def _empty() -> pd.DataFrame:
    df = pd.DataFrame({c: pd.Series(dtype="object") for c in HORIZON_COLUMNS})
    return _set_dtypes(df)


_INT_COLUMNS = ("para_no", "sent_no", "horizon_no", "char_start", "char_end", "year_start", "year_end",
                "target_year", "clause_no", "n_clauses", "goal_sent_no", "baseline_year")
_FLOAT_COLUMNS = ("value", "percent_change")
_DATE_COLUMNS = ("published_min", "published_max")


def _set_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    for col in _INT_COLUMNS:
        df[col] = pd.array(df[col].tolist(), dtype="Int64")
    for col in _FLOAT_COLUMNS:
        df[col] = pd.array(df[col].tolist(), dtype="Float64")
    for col in _DATE_COLUMNS:
        df[col] = pd.to_datetime(df[col])
    return df


def _int_array(values: Iterable[int | None]) -> pd.api.extensions.ExtensionArray:
    """``pd.array(values, dtype="Int64")`` of Python ints and Nones, built faster."""
    values = _objects(values)
    missing = np.equal(values, None)
    data = np.where(missing, 1, values).astype(np.int64)  # pandas puts 1 under the mask too
    return pd.arrays.IntegerArray(data, missing)


def _float_array(values: Iterable[float | None]) -> pd.api.extensions.ExtensionArray:
    """``pd.array(values, dtype="Float64")`` of Python floats and Nones, built faster."""
    values = _objects(values)
    data = np.where(np.equal(values, None), np.nan, values).astype(np.float64)
    return pd.arrays.FloatingArray(data, np.isnan(data))


def _frame(data: dict[str, Any]) -> pd.DataFrame:
    """The horizons table from its columns (lists or object arrays, the dates already
    converted), with the dtypes of :func:`_set_dtypes` and ``object`` for the text columns
    (None where missing)."""
    columns: dict[str, Any] = {}
    for col in HORIZON_COLUMNS:
        if col in _INT_COLUMNS:
            columns[col] = _int_array(data[col])
        elif col in _FLOAT_COLUMNS:
            columns[col] = _float_array(data[col])
        elif col in _DATE_COLUMNS:
            columns[col] = data[col]
        else:
            columns[col] = pd.Series(data[col], dtype=object)
    return pd.DataFrame(columns)


def extract_horizons(
    corpus: Any,
    *,
    lexicon: HorizonLexicon | str | Path | None = None,
    theme_lexicon: Any = None,
) -> pd.DataFrame:
    """Every target horizon in a corpus, one row per goal clause it governs.

    A horizon is a year with the prepositions policy prose uses ("by 2027", "before 2030",
    "in 2024", "by the end of 2025", "around 2030", "starting from 2025"), a year range
    ("2021-2025", "from 2021 to 2023"), a Five-Year-Plan period ("the 14th Five-Year Plan
    period", "the Fifteenth Five-Year Plan"), the middle of the century ("Looking forward to
    the middle of this century") or a relative phrase ("this year", "next year", "the next
    three years") resolved against the article's publication window, and a year used as
    the adjective of a target ("the 2030 carbon peak and 2060 carbon neutrality goals",
    "its 2030 and 2035 targets"). Plan periods may be quoted ("the '15th Five-Year'
    period") or use digits ("14th 5-Year Plan"). A base year ("compared with 2020", "than
    in 2020", "from the 2020 level", "up 2% over last year") is never a horizon: it
    becomes the ``baseline_year`` of its goal. Numbers that are not years ("2,000 tons",
    "No. 2035", "30 micrograms") are skipped: a year lies in 1949..2100 and needs a
    preposition, a range, a target noun ("the 2030 target") or a verb after it ("2024 is
    a key year") and no unit. Event dates ("On March 5, 2024") are not horizons. Only
    sentences with a four-digit number, "year", "century" or "FYP" are parsed.

    The goal text of a horizon is the words it governs: from the phrase to the next
    horizon, continuing over the following sentences of the paragraph while they hold no
    horizon of their own (when the horizon opens its clause), or the clause before it
    when the horizon closes a clause ("... peak before 2030"). Horizons listed together
    ("by 2025 and 2030") share their goals; dates in brackets ("Plan (2024-2027)") govern
    none. The goal text is split into single goal clauses
    (:func:`split_goal_clauses`); a horizon whose words cannot be split still yields one
    row, and a horizon that governs no words yields one row with an empty goal, so
    nothing is lost.

    Status compares the horizon's years with the publication window first: ``past`` if
    it ends before the year of ``published_min``, ``future`` if it starts after the year
    of ``published_max``, else ``current``. Machine translation often puts past events in
    the future tense, so grammar comes second: it only turns ``current`` into ``past`` when
    the window spans two years, and decides alone when the article has no date.

    Args:
        corpus: a :class:`helpers.corpus.Corpus` (its ``sentences`` and ``articles``).
        lexicon: a :class:`HorizonLexicon` or the folder holding the horizon lexicons
            (``data/lexicons/`` by default).
        theme_lexicon: passed to :func:`helpers.themes.text_themes` to tag each clause.

    Returns:
        The ``horizons`` table, sorted by ``article_id``, ``para_no``, ``sent_no``,
        ``horizon_no``, ``clause_no``. Columns:

        * ``article_id``, ``para_no``, ``sent_no``: where the horizon phrase stands.
        * ``horizon_no``: 1.. within the article, in reading order.
        * ``phrase``: the horizon as written, with its preposition ("By 2027",
          "Looking forward to the middle of this century").
        * ``char_start``, ``char_end``: its offsets in the sentence text.
        * ``qualifier``: normalised preposition (``horizon_qualifiers.csv``): by, before,
          in, until, by the end of, at the end of, around, during, from-to, starting from,
          since, as of, after, within; a period without one takes the default of
          ``horizon_periods.csv`` (a plan period: during), a bare range "from-to".
        * ``kind``: year, range, plan_period, mid_century (also a bare 2050) or relative.
        * ``year_start``, ``year_end``: the years the horizon covers (Int64; a relative
          phrase in an undated article stays empty). ``target_year`` = ``year_end``.
        * ``horizon``: a label for grouping: "2027", "2021-2025", "2050 (mid-century)".
        * ``status``: past, current or future (None if undecidable); ``status_basis``: why.
        * ``tense``: future/past from the wording of the goal text (None if neither).
        * ``clause_no`` (1..), ``n_clauses``: the clause's number within its horizon and
          the horizon's clause count (<NA> and 0 when it governs no words).
        * ``goal_sent_no``: the sentence the clause stands in.
        * ``goal_text``: the single goal clause; ``target_text``: the whole statement (the
          horizon's sentence and the sentences its goals continue into).
        * ``direction``: increase, decrease, peak, achieve, maintain, build or None.
        * ``force``: ``binding`` ("binding target", "obligatory", 约束性) or ``indicative``
          ("strive to", "expected", 预期性) only where the text says so
          (``horizon_force.csv``): from the clause's own wording (indicative wins), else
          the clause before it in the same horizon, else the words before the horizon
          ("The city strives to, by 2025, ..."); ``unstated`` otherwise ("will" states no
          force: machine translation writes it for every goal). ``force_basis``: the word
          that decided (None when unstated).
        * ``theme``: from :func:`helpers.themes.text_themes` (None when no theme matches).
        * ``comparator`` (>=, >, <=, <, =, change), ``value`` (Float64), ``unit``: the first
          quantity of the clause ("above 90%" -> >, 90, %; "30 micrograms per cubic metre"
          -> 30, μg/m³).
        * ``baseline_year``: the base year the clause is measured against.
        * ``percent_change``: signed change in per cent ("reduce by 18%" -> -18.0).
        * ``national_anchor``: the national goal the clause restates ("carbon peak before
          2030"), if any (several are joined by "; ").
        * ``region``: the one region the goal clause names, where it names one ("Guizhou
          will raise ..." in a national roundup), else the article's;
          ``published_min``, ``published_max``: from ``articles``.

    Raises:
        LexiconError: a horizon lexicon is malformed.

    >>> from helpers.corpus import parse_article
    >>> page = ("China Carbon Credit Platform\\n\\nHainan plan\\n\\nRelease Time2 weeks ago\\n\\n"
    ...         "By 2027, forest coverage will stay above 62%, and PM2.5 will fall by 10% "
    ...         "compared with 2020. "
    ...         "In 2023, the province planted 1,000 hectares of trees.\\n\\nRegionHainan")
    >>> h = extract_horizons(parse_article(page, captured_on="2025-01-15"))
    >>> cols = ["horizon", "status", "goal_text", "value", "baseline_year"]
    >>> h[cols].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['2027', 'future', 'forest coverage will stay above 62%', 62.0, <NA>],
     ['2027', 'future', 'PM2.5 will fall by 10% compared with 2020', 10.0, 2020],
     ['2023', 'past', 'the province planted 1,000 hectares of trees', 1000.0, <NA>]]
    """
    g = _as_lexicon(lexicon).grammar
    with gc_paused():  # many small objects, no cycles: see helpers._perf
        return _extract(g, corpus, theme_lexicon)


def _extract(g: _Grammar, corpus: Any, theme_lexicon: Any) -> pd.DataFrame:
    """The body of :func:`extract_horizons`."""
    sentences = corpus.sentences
    articles = corpus.articles
    if sentences.empty:
        return _empty()

    dated = _dated_many(sentences["text"].tolist())
    hit = pd.Series(dated, index=sentences.index, dtype=bool)
    if not hit.any():
        return _empty()
    keys = sentences.loc[hit, ["article_id", "para_no"]].drop_duplicates()
    cols = ["article_id", "para_no", "sent_no", "text"]
    cand = sentences[cols].assign(_dated=hit).merge(keys, on=["article_id", "para_no"], how="inner")
    cand = cand.sort_values(["article_id", "para_no", "sent_no"], kind="stable")

    meta = articles.drop_duplicates("article_id").set_index("article_id")
    meta = meta.reindex(columns=["published_min", "published_max", "published_basis", "region"])
    meta = meta[meta.index.isin(cand["article_id"].unique())]
    refs: dict[str, _Ref] = {}
    regions: dict[str, Any] = {}
    for aid, pmin, pmax, basis, region in meta.itertuples(name=None):
        refs[aid] = _ref(pmin, pmax, basis if isinstance(basis, str) else "")
        regions[aid] = None if region is None or pd.isna(region) else region
    for aid in cand["article_id"].unique():
        if aid not in refs:
            refs[aid], regions[aid] = _Ref(None, None), None

    columns = [cand[c].tolist() for c in cols + ["_dated"]]
    units = _collect(g, refs, *columns)
    if not units:
        return _empty()
    _attach_work_plans(g, units, corpus)
    data: dict[str, Any] = _columns(g, units)
    aids = data["article_id"]
    data["region"] = _row_regions(data["goal_text"], [regions[a] for a in aids])
    # the dates as pd.to_datetime reads them, once per article
    order = {a: k for k, a in enumerate(dict.fromkeys(aids))}
    codes = np.fromiter((order[a] for a in aids), dtype=np.int64, count=len(aids))
    for col, attr in (("published_min", "pmin"), ("published_max", "pmax")):
        dates = pd.to_datetime(pd.Series([getattr(refs[a], attr) for a in order], dtype=object))
        data[col] = dates.to_numpy()[codes]
    goals, which = _distinct([t for t in data["goal_text"] if t is not None])
    theme_of = _themes(goals, theme_lexicon)
    themes = (theme_of[k] for k in which)
    data["theme"] = [None if t is None else next(themes) for t in data["goal_text"]]
    data["national_anchor"] = _anchors(g, data["goal_text"], data["target_year"])
    df = _frame(data)
    keys = ["article_id", "para_no", "sent_no", "horizon_no", "clause_no"]
    return df.sort_values(keys, kind="stable").reset_index(drop=True)


def _collect(g: _Grammar, refs: dict[str, _Ref], aids: list, paras: list, snos: list, texts: list,
             dated: list) -> list[_Unit]:
    """Every governed horizon, paragraph by paragraph (rows sorted by article and paragraph;
    ``dated``: :func:`_maybe_dated` of each text)."""
    units: list[_Unit] = []
    horizon_counter: dict[str, int] = {}
    i = 0
    n = len(aids)
    while i < n:
        j = i
        while j < n and aids[j] == aids[i] and paras[j] == paras[i]:
            j += 1
        aid = aids[i]
        ref = refs[aid]
        para = [(snos[k], texts[k] or "") for k in range(i, j)]
        flags = dated[i:j]
        offsets = [0] * len(para)
        if any(len(t) > _MAX_PIECE for _, t in para):
            # an overlong sentence is read as several (:func:`_pieces`), each of the same
            # sent_no; the horizons' offsets are given back in the whole sentence
            para, flags, offsets = _piecewise(para, flags)
        found = [_horizons_in(g, t, ref.year) if flags[k] else [] for k, (_, t) in enumerate(para)]
        for si, (sent_no, _) in enumerate(para):
            if not found[si]:
                continue
            for gov in _governed(g, para, found, si):
                if offsets[si]:
                    h = gov.horizon
                    gov.horizon = replace(h, start=h.start + offsets[si], end=h.end + offsets[si])
                horizon_counter[aid] = horizon_counter.get(aid, 0) + 1
                units.append(_Unit(aid, paras[i], sent_no, horizon_counter[aid], ref, gov))
        i = j
    return units


def _piecewise(
    para: list[tuple[int, str]], dated: list[bool]
) -> tuple[list[tuple[int, str]], list[bool], list[int]]:
    """A paragraph's sentences with each overlong one cut into :func:`_pieces`: the
    ``(sent_no, text)`` pieces, whether each may be dated, and its offset in its sentence."""
    out: list[tuple[int, str]] = []
    flags: list[bool] = []
    offsets: list[int] = []
    for (sent_no, text), flag in zip(para, dated):
        pieces = _pieces(text)
        for at, piece in pieces:
            out.append((sent_no, piece))
            flags.append(flag and (len(pieces) == 1 or _maybe_dated(piece)))
            offsets.append(at)
    return out, flags, offsets


#: Where a clause's subject ends: its first auxiliary or modal.
_SUBJECT_END = re.compile(r"\b(?:will|shall|must|should|would|could|is|are|was|were|has|have|had|to|strives?|aims?)\b")


def _row_regions(goals: list[str | None], article_regions: list[Any]) -> list[Any]:
    """Each row's region: the one region its goal clause names as its subject, before its
    first verb ("Guizhou will raise the non-fossil share to 20%" inside a national roundup;
    not the Guangdong that a Yunnan plan sends hydropower to), else its article's."""
    from helpers.corpus import regions_named_many

    distinct = list(dict.fromkeys(g for g in goals if g is not None))
    # the region that is the clause's subject: named before its first verb group
    named = dict(zip(distinct, regions_named_many([_SUBJECT_END.split(g, 1)[0] for g in distinct])))
    out = []
    for goal, region in zip(goals, article_regions):
        own = named.get(goal) if goal is not None else None
        out.append(own[0] if own and len(own) == 1 else region)
    return out


def _attach_work_plans(g: _Grammar, units: list[_Unit], corpus: Any) -> None:
    """Give a current-year work plan's horizon the goals of the paragraphs that follow it.

    A work programme opens "In 2024, Shanghai will ..." (or "This year, ...") and goes on
    with its goals in the next paragraphs without naming the year again ("Stick to the
    bottom line ... . Implement ..."). A year's plan ("In 2024, ...", "This year, ...") in
    future wording, whose status is ``current`` (or, on a page dated only by its capture,
    whose year is the capture year), and that governs its paragraph to the end, takes the
    following paragraphs too. Attachment stops
    before a paragraph with a horizon of its own, a heading, or a paragraph about the past
    or of present facts (its first sentence in the past tense, the perfect or with "is" /
    "are"); captions are passed over. Future
    stages ("By 2035 ...") never take later paragraphs: plans list their tasks after them.
    """
    with_horizon = {(u.aid, u.para_no) for u in units}
    verbs = VerbForms()
    plans = []
    for u in units:
        h = u.gov.horizon
        if not u.gov.to_paragraph_end or h.kind not in ("year", "relative") or h.qualifier not in ("in", None):
            continue
        words = " ".join(t for _, t in u.gov.segments)
        tense = clause_tense(words, verbs=verbs)
        status = _status(g, h, u.ref, tense, words, planned=u.gov.planned)[0]
        if tense == "future" and (status == "current" or (status == "future" and h.kind == "year" and not u.ref.pins_year
                                                           and u.ref.pmax is not None and h.year_end == u.ref.pmax.year)):
            plans.append(u)
    if not plans:
        return
    aids = {u.aid for u in plans}
    sents = corpus.sentences[corpus.sentences["article_id"].isin(aids)]
    kinds = corpus.paragraphs[corpus.paragraphs["article_id"].isin(aids)]
    kind_of = dict(zip(zip(kinds["article_id"], kinds["para_no"]), kinds["kind"]))
    by_para: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for aid, para_no, sent_no, text in zip(sents["article_id"], sents["para_no"], sents["sent_no"], sents["text"]):
        by_para.setdefault((aid, int(para_no)), []).append((int(sent_no), text))
    paras_of: dict[str, list[int]] = {}
    for aid, para_no in sorted(by_para):
        paras_of.setdefault(aid, []).append(para_no)
    for u in plans:
        for para_no in paras_of.get(u.aid, ()):
            if para_no <= u.para_no:
                continue
            key = (u.aid, para_no)
            if key in with_horizon or kind_of.get(key) == "heading":
                break
            para = by_para[key]
            if clause_tense(para[0][1], verbs=verbs) in ("past", "perfect", "present"):
                break  # a paragraph about the past, or of facts ("Hainan is home to 49 reserves")
            u.gov.segments.extend(para)
            u.gov.statement.extend(t for _, t in para)


def _anchors(g: _Grammar, texts: list[str | None], years: list[int | None]) -> list[str | None]:
    """The national goals each goal clause restates ("; "-joined, in lexicon order), given
    its target year. A horizon that governs no words (the dates of "Action Plan for Carbon
    Peaking (2021-2030)") has no clause and no anchor."""
    names: list[list[str]] = [[] for _ in texts]
    by_year: dict[int, list[tuple[int, str, str | None]]] = {}
    anchor_years = {year for _, year, _ in g.anchors}
    for i, (text, year) in enumerate(zip(texts, years)):
        if text is not None and year in anchor_years:
            by_year.setdefault(year, []).append((i, text, _ascii_lower(text)))
    for (name, year, pattern), twin in zip(g.anchors, g.anchor_twins):
        for i, text, low in by_year.get(year, ()):
            if twin.search(low) if twin is not None and low is not None else pattern.search(text):
                names[i].append(name)
    return ["; ".join(n) or None for n in names]


# ---------------------------------------------------------------------- tables for the notebook


def _horizon_order(df: pd.DataFrame) -> pd.DataFrame:
    order = (
        df[["horizon", "year_start", "year_end"]]
        .drop_duplicates("horizon")
        .assign(
            _ys=lambda d: d["year_start"].astype("Float64").fillna(1e9),
            _ye=lambda d: d["year_end"].astype("Float64").fillna(1e9),
        )
        .sort_values(["_ys", "_ye", "horizon"], kind="stable")
    )
    return order


def horizon_summary(horizons: pd.DataFrame) -> pd.DataFrame:
    """One row per horizon (not per clause), for timelines and overviews.

    Args:
        horizons: the table from :func:`extract_horizons`.

    Returns:
        Columns ``region`` ("unknown" when not detected), ``article_id``, ``horizon_no``,
        ``sent_no``, ``phrase``, ``horizon``, ``qualifier``, ``kind``, ``year_start``,
        ``year_end``, ``target_year``, ``status``, ``goals`` (number of goal clauses),
        ``national_anchors`` (distinct anchors restated, joined by "; "), sorted by
        region, article and horizon number.
    """
    cols = ["region", "article_id", "horizon_no", "sent_no", "phrase", "horizon", "qualifier", "kind",
            "year_start", "year_end", "target_year", "status"]
    if horizons.empty:
        return pd.DataFrame(columns=cols + ["goals", "national_anchors"])
    h = horizons.assign(region=horizons["region"].fillna(NO_REGION))
    first = h.drop_duplicates(["article_id", "horizon_no"])[cols]
    goals = h.groupby(["article_id", "horizon_no"])["goal_text"].count().rename("goals")
    anchors = (
        h.dropna(subset=["national_anchor"])
        .groupby(["article_id", "horizon_no"])["national_anchor"]
        .agg(lambda s: "; ".join(sorted({a for x in s for a in x.split("; ")})))
        .rename("national_anchors")
    )
    out = first.join(goals, on=["article_id", "horizon_no"]).join(anchors, on=["article_id", "horizon_no"])
    anchors_col = out["national_anchors"].astype(object)
    out["national_anchors"] = anchors_col.where(anchors_col.notna(), None)
    return out.sort_values(["region", "article_id", "horizon_no"], kind="stable").reset_index(drop=True)


def staged_comparison(
    horizons: pd.DataFrame,
    *,
    statuses: Iterable[str] | None = ("current", "future"),
    sep: str = "; ",
    max_clauses: int | None = None,
    wide: bool | None = None,
    max_wide: int = 6,
) -> pd.DataFrame:
    """The staged goals side by side: rows horizon, columns region, cells goal clauses.

    Args:
        horizons: the table from :func:`extract_horizons`.
        statuses: keep only horizons with these statuses (None keeps all).
        sep: how the clauses in a cell are joined.
        max_clauses: cap the clauses shown per cell (the rest are counted as "(+k more)").
        wide: one column per region (True) or one row per horizon and region (False);
            None chooses wide for at most ``max_wide`` regions, where the columns still
            read side by side on a page.
        max_wide: see ``wide``.

    Returns:
        Wide: a DataFrame indexed by ``horizon`` (in time order, mid-century last among
        equal years), one column per region (alphabetical; "unknown" when not detected),
        cells the goal clauses in reading order ("" where a region has none). Long:
        columns ``horizon``, ``region``, ``goals`` (clauses) and ``goal_text`` (the joined
        clauses), in the same horizon order, then by region.
    """
    h = horizons
    if statuses is not None:
        h = h[h["status"].isin(list(statuses))]
    h = h[h["goal_text"].notna()]
    if h.empty:
        return pd.DataFrame(index=pd.Index([], name="horizon"))
    h = h.assign(region=h["region"].fillna(NO_REGION)).sort_values(
        ["region", "article_id", "horizon_no", "clause_no"], kind="stable"
    )

    def join(s: pd.Series) -> str:
        items = s.tolist()
        if max_clauses is not None and len(items) > max_clauses:
            items = items[:max_clauses] + [f"(+{len(s) - max_clauses} more)"]
        return sep.join(items)

    cells = h.groupby(["horizon", "region"], sort=False)["goal_text"].agg(join)
    order = _horizon_order(h)["horizon"].tolist()
    if wide is False or (wide is None and h["region"].nunique() > max_wide):
        counts = h.groupby(["horizon", "region"], sort=False).size()
        long = pd.DataFrame({"goals": counts, "goal_text": cells}).reset_index()
        long["_order"] = long["horizon"].map({hz: k for k, hz in enumerate(order)})
        long = long.sort_values(["_order", "region"], kind="stable").drop(columns="_order")
        return long.reset_index(drop=True)
    cells = cells.unstack("region", fill_value="")
    cells = cells.reindex(index=order, columns=sorted(cells.columns)).fillna("")
    cells.index.name = "horizon"
    cells.columns.name = "region"
    return cells


def theme_horizon_matrix(
    horizons: pd.DataFrame,
    *,
    statuses: Iterable[str] | None = ("current", "future"),
    wide: bool = False,
    missing_theme: str = "(no theme)",
) -> pd.DataFrame:
    """How many goal clauses each theme carries at each horizon, per region.

    Args:
        horizons: the table from :func:`extract_horizons`.
        statuses: keep only horizons with these statuses (None keeps all).
        wide: return a matrix (rows region and theme, columns horizon in time order, zeros
            filled) instead of the tidy table.
        missing_theme: the label for clauses without a theme.

    Returns:
        Tidy: ``region``, ``horizon``, ``theme``, ``goals`` (clause count), with
        ``year_start`` for ordering, sorted by region, year, horizon and theme. Wide: as
        described under ``wide``.
    """
    h = horizons
    if statuses is not None:
        h = h[h["status"].isin(list(statuses))]
    h = h[h["goal_text"].notna()]
    cols = ["region", "horizon", "year_start", "theme", "goals"]
    if h.empty:
        tidy = pd.DataFrame(columns=cols)
    else:
        h = h.assign(
            region=h["region"].fillna(NO_REGION),
            theme=h["theme"].astype(object).where(h["theme"].notna(), missing_theme),
        )
        order = {lab: k for k, lab in enumerate(_horizon_order(h)["horizon"])}
        first_year = h.drop_duplicates("horizon").set_index("horizon")["year_start"]
        tidy = (
            h.groupby(["region", "horizon", "theme"]).size().rename("goals").reset_index()
            .assign(
                year_start=lambda d: d["horizon"].map(first_year),
                _o=lambda d: d["horizon"].map(order),
            )
            .sort_values(["region", "_o", "theme"], kind="stable")
            .drop(columns="_o")[cols]
            .reset_index(drop=True)
        )
    if not wide:
        return tidy
    if tidy.empty:
        return pd.DataFrame()
    by_year = tidy.sort_values(["year_start", "horizon"], kind="stable", na_position="last")
    order = list(dict.fromkeys(by_year["horizon"]))
    mat = tidy.pivot_table(
        index=["region", "theme"], columns="horizon", values="goals", aggfunc="sum", fill_value=0
    )
    mat = mat.reindex(columns=order, fill_value=0).astype(int)
    mat.columns.name = "horizon"
    return mat.sort_index()
